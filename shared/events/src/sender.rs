//! Who may send which event. Each service publishes as its own broker user, which the
//! broker allows to publish only its own routing keys (topic permissions) and which the
//! relay writes into the AMQP `user-id` property (RabbitMQ refuses a `user-id` that is not
//! the connection's user). A consumer then checks that the service an event's type names
//! is the one whose user sent it, so that a compromised service cannot forge another's
//! events even on a broker whose topic permissions were left open.

use crate::envelope::Envelope;

/// The convention mapping broker users to services, and what to do with events sent by a
/// user that is no service's (the broker's shared development user, `guest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SenderPolicy {
    /// Service `s` publishes as `<user_prefix><s>`.
    pub user_prefix: String,
    /// Accept events whose sender is no service's user (or that carry no `user-id`).
    /// Development only: there every service may share the broker's admin user.
    pub trust_shared_user: bool,
}

impl Default for SenderPolicy {
    fn default() -> Self {
        Self {
            user_prefix: "tam-".into(),
            trust_shared_user: true,
        }
    }
}

/// Why an event was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Forgery {
    #[error("routing key {routing_key:?} is not the event's type {event_type:?}")]
    RoutingKey {
        routing_key: String,
        event_type: String,
    },
    #[error("the envelope's producer {producer:?} is not the service its type names ({owner:?})")]
    Producer { producer: String, owner: String },
    #[error("sent by broker user {sender:?}, but its type names the service {owner:?}")]
    OtherService { sender: String, owner: String },
    #[error("sent by {sender:?}, which is no service's broker user; {owner:?} must send it as {expected:?}")]
    SharedUser {
        sender: String,
        owner: String,
        expected: String,
    },
}

impl SenderPolicy {
    /// The broker user `service` publishes as.
    pub fn user_of(&self, service: &str) -> String {
        format!("{}{service}", self.user_prefix)
    }

    /// Whether `sender` (the delivery's `user-id`) may have published `envelope` under
    /// `routing_key`. The service that owns an event type is its first segment
    /// (`hr.employee.updated` → hr).
    pub fn check(
        &self,
        sender: Option<&str>,
        routing_key: &str,
        envelope: &Envelope,
    ) -> Result<(), Forgery> {
        if routing_key != envelope.event_type {
            return Err(Forgery::RoutingKey {
                routing_key: routing_key.to_owned(),
                event_type: envelope.event_type.clone(),
            });
        }
        let owner = owner(&envelope.event_type);
        if envelope.producer != owner {
            return Err(Forgery::Producer {
                producer: envelope.producer.clone(),
                owner: owner.to_owned(),
            });
        }
        let sender = sender.unwrap_or("");
        if sender == self.user_of(owner) {
            return Ok(());
        }
        match sender.strip_prefix(self.user_prefix.as_str()) {
            // Another service's user: a forgery in any environment.
            Some(service) if !service.is_empty() => Err(Forgery::OtherService {
                sender: sender.to_owned(),
                owner: owner.to_owned(),
            }),
            _ if self.trust_shared_user => Ok(()),
            _ => Err(Forgery::SharedUser {
                sender: sender.to_owned(),
                owner: owner.to_owned(),
                expected: self.user_of(owner),
            }),
        }
    }
}

/// The service an event type names: its first dot-separated segment.
pub fn owner(event_type: &str) -> &str {
    event_type.split('.').next().unwrap_or(event_type)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::envelope::EventContext;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Updated {}
    impl crate::Event for Updated {
        const TYPE: &'static str = "hr.employee.updated";
        const VERSION: u16 = 1;
    }

    fn event(producer: &str) -> Envelope {
        let ctx = EventContext {
            producer: producer.into(),
            ..EventContext::default()
        };
        Envelope::new(&ctx, &Updated {}).unwrap()
    }

    fn policy(trust_shared_user: bool) -> SenderPolicy {
        SenderPolicy {
            user_prefix: "tam-".into(),
            trust_shared_user,
        }
    }

    const KEY: &str = "hr.employee.updated";

    #[test]
    fn the_owners_own_user_is_accepted_everywhere() {
        for trust in [true, false] {
            assert_eq!(
                policy(trust).check(Some("tam-hr"), KEY, &event("hr")),
                Ok(())
            );
        }
    }

    #[test]
    fn another_services_user_is_refused_even_in_development() {
        for trust in [true, false] {
            let refused = policy(trust).check(Some("tam-prospect"), KEY, &event("hr"));
            assert!(
                matches!(refused, Err(Forgery::OtherService { .. })),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn the_shared_user_is_accepted_only_when_trusted() {
        assert_eq!(policy(true).check(Some("guest"), KEY, &event("hr")), Ok(()));
        assert_eq!(policy(true).check(None, KEY, &event("hr")), Ok(()));
        for sender in [Some("guest"), None, Some("tam-")] {
            let refused = policy(false).check(sender, KEY, &event("hr"));
            assert!(
                matches!(refused, Err(Forgery::SharedUser { .. })),
                "{sender:?}: {refused:?}"
            );
        }
    }

    #[test]
    fn the_envelope_must_agree_with_its_type_and_routing_key() {
        let refused = policy(true).check(Some("tam-hr"), KEY, &event("prospect"));
        assert!(
            matches!(refused, Err(Forgery::Producer { .. })),
            "{refused:?}"
        );
        let refused = policy(true).check(Some("tam-hr"), "hr.team.changed", &event("hr"));
        assert!(
            matches!(refused, Err(Forgery::RoutingKey { .. })),
            "{refused:?}"
        );
    }

    #[test]
    fn the_owner_is_the_first_segment() {
        assert_eq!(owner("calling.call.completed"), "calling");
        assert_eq!(owner("nodots"), "nodots");
    }
}
