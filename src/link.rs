//! The broker link between central and a site: which events cross it, derived from the
//! contracts, and the RabbitMQ objects that carry them (docs/decisions.md, "Central and
//! sites: the broker link").
//!
//! Per direction, one durable quorum **link queue** in the source's vhost,
//! `<prefix>.link.<destination>`, bound to the source's `<prefix>.events` with exactly the
//! routing keys the other side consumes, and one dynamic **shovel** (RabbitMQ's plugin,
//! AMQP 0-9-1 both ends) that moves it onto the destination's `<prefix>.events`, the
//! routing key kept, acknowledging at the source only once the destination confirmed
//! (`on-confirm`). While the shovel is down the link queue holds the events; after it
//! returns the consumers' inboxes make a redelivery harmless.

use std::collections::BTreeSet;

use tam_kernel::Site;
use tam_runtime::ServiceName;

use tam_events::topology::regex_escape;
use tam_events::Permissions;

use crate::broker::Management;

/// What runs at central: the all-site work.
pub const CENTRAL_SERVICES: &[ServiceName] = &[
    ServiceName::Gateway,
    ServiceName::Hr,
    ServiceName::Helpdesk,
    ServiceName::Reporting,
];

/// What runs at each site: calling keeps going there while central or the link is down.
pub const SITE_SERVICES: &[ServiceName] = &[
    ServiceName::Gateway,
    ServiceName::Prospect,
    ServiceName::Calling,
    ServiceName::Quality,
];

/// The event every process reads from its own broker's revocation stream (not from a
/// service's queue, so no catalog entry names its readers): it crosses to every site.
pub const ACCESS_REVOKED: &str = <tam_contracts::hr::AccessRevoked as tam_events::Event>::TYPE;

/// Which way events cross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// A site's events that central's services consume.
    ToCentral,
    /// Central's events that a site's services consume.
    ToSite,
}

impl Direction {
    pub const BOTH: [Direction; 2] = [Direction::ToCentral, Direction::ToSite];

    /// The services on the publishing side.
    fn producers(self) -> &'static [ServiceName] {
        match self {
            Direction::ToCentral => SITE_SERVICES,
            Direction::ToSite => CENTRAL_SERVICES,
        }
    }

    /// The services on the consuming side.
    fn consumers(self) -> &'static [ServiceName] {
        match self {
            Direction::ToCentral => CENTRAL_SERVICES,
            Direction::ToSite => SITE_SERVICES,
        }
    }
}

/// The routing keys (event types) that cross in `direction`, sorted: every type of the
/// contracts' catalog produced on one side and consumed by a service of the other, and,
/// towards a site, the revocations every process reads.
pub fn routing_keys(direction: Direction) -> Vec<&'static str> {
    crossing(
        tam_contracts::CATALOG
            .iter()
            .map(|spec| (spec.event_type, spec.producer, spec.consumers)),
        direction,
    )
}

/// [`routing_keys`] over any catalog's `(type, producer, consumers)`.
fn crossing<'a>(
    catalog: impl Iterator<Item = (&'a str, &'a str, &'a [&'a str])>,
    direction: Direction,
) -> Vec<&'a str> {
    let runs = |services: &[ServiceName], name: &str| services.iter().any(|s| s.as_str() == name);
    let mut keys: BTreeSet<&str> = catalog
        .filter(|(_, producer, consumers)| {
            runs(direction.producers(), producer)
                && consumers
                    .iter()
                    .any(|consumer| runs(direction.consumers(), consumer))
        })
        .map(|(event_type, _, _)| event_type)
        .collect();
    if direction == Direction::ToSite {
        keys.insert(ACCESS_REVOKED);
    }
    keys.into_iter().collect()
}

/// One site's link to central on one broker (each place its own vhost) or two.
#[derive(Debug, Clone)]
pub struct Link {
    /// The event prefix, the same everywhere.
    pub prefix: String,
    pub site: Site,
    /// The AMQP URL of central's vhost, as the link's user.
    pub central_uri: String,
    /// The AMQP URL of the site's vhost, as the link's user.
    pub site_uri: String,
    pub central_vhost: String,
    pub site_vhost: String,
    /// The link's broker user (tag `impersonator`: the events keep their producer's
    /// `user-id`).
    pub user: String,
    /// Seconds between a shovel's reconnection attempts.
    pub reconnect_delay_secs: u32,
}

/// One direction of a [`Link`]: its queue at the source and its shovel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    pub direction: Direction,
    /// Where the link queue and the shovel live.
    pub source_vhost: String,
    pub source_uri: String,
    pub destination_vhost: String,
    pub destination_uri: String,
    /// `<prefix>.link.<destination>`: also the shovel's name.
    pub queue: String,
    /// `<prefix>.events` (the same name at both ends).
    pub exchange: String,
    pub routing_keys: Vec<&'static str>,
}

impl Link {
    /// Both legs: the site's events towards central, central's towards the site.
    pub fn legs(&self) -> [Leg; 2] {
        let exchange = format!("{}.events", self.prefix);
        Direction::BOTH.map(|direction| {
            let (source_vhost, source_uri, destination_vhost, destination_uri, destination) =
                match direction {
                    Direction::ToCentral => (
                        &self.site_vhost,
                        &self.site_uri,
                        &self.central_vhost,
                        &self.central_uri,
                        "central",
                    ),
                    Direction::ToSite => (
                        &self.central_vhost,
                        &self.central_uri,
                        &self.site_vhost,
                        &self.site_uri,
                        self.site.as_str(),
                    ),
                };
            Leg {
                direction,
                source_vhost: source_vhost.clone(),
                source_uri: source_uri.clone(),
                destination_vhost: destination_vhost.clone(),
                destination_uri: destination_uri.clone(),
                queue: link_queue(&self.prefix, destination),
                exchange: exchange.clone(),
                routing_keys: routing_keys(direction),
            }
        })
    }

    /// The link user's rights in `vhost` when it is one end of this link: at a source,
    /// read (and declare, which the shovel does passively) its link queue; at a
    /// destination, publish on the events exchange only the keys that cross to it.
    pub fn rights(&self, vhost: &str) -> Permissions {
        let legs = self.legs();
        let sources: Vec<String> = legs
            .iter()
            .filter(|leg| leg.source_vhost == vhost)
            .map(|leg| regex_escape(&leg.queue))
            .collect();
        let keys: Vec<String> = legs
            .iter()
            .filter(|leg| leg.destination_vhost == vhost)
            .flat_map(|leg| leg.routing_keys.iter().map(|k| regex_escape(k)))
            .collect();
        let exchange = format!("{}.events", self.prefix);
        let one_of = |names: &[String]| {
            if names.is_empty() {
                "^$".to_owned()
            } else {
                format!("^({})$", names.join("|"))
            }
        };
        Permissions {
            configure: one_of(&sources),
            write: if keys.is_empty() {
                "^$".to_owned()
            } else {
                format!("^{}$", regex_escape(&exchange))
            },
            read: one_of(&sources),
            topic_exchange: exchange,
            topic_write: one_of(&keys),
            topic_read: "^$".to_owned(),
        }
    }

    /// The dynamic shovel of `leg` (`PUT /api/parameters/shovel/{vhost}/{name}`'s
    /// `value`).
    pub fn shovel(&self, leg: &Leg) -> serde_json::Value {
        serde_json::json!({
            "src-protocol": "amqp091",
            "src-uri": leg.source_uri,
            "src-queue": leg.queue,
            "dest-protocol": "amqp091",
            "dest-uri": leg.destination_uri,
            "dest-exchange": leg.exchange,
            // No dest-exchange-key: each event keeps its routing key (its type).
            "ack-mode": "on-confirm",
            "src-delete-after": "never",
            "reconnect-delay": self.reconnect_delay_secs,
        })
    }

    /// Declares both link queues with their bindings (the events exchanges too, so the
    /// bindings have something to bind to before any service started), gives the link
    /// user its rights at both ends (the user itself is made by the caller, once for
    /// every link), and starts both shovels. Idempotent.
    pub async fn create(&self, management: &Management) -> anyhow::Result<()> {
        for vhost in [&self.central_vhost, &self.site_vhost] {
            management
                .set_permissions(vhost, &self.user, &self.rights(vhost))
                .await?;
        }
        for leg in self.legs() {
            for vhost in [&leg.source_vhost, &leg.destination_vhost] {
                management
                    .declare_topic_exchange(vhost, &leg.exchange)
                    .await?;
            }
            management
                .declare_quorum_queue(&leg.source_vhost, &leg.queue)
                .await?;
            for key in &leg.routing_keys {
                management
                    .bind(&leg.source_vhost, &leg.exchange, &leg.queue, key)
                    .await?;
            }
        }
        self.restore(management).await
    }

    /// Stops both shovels (deletes them): the link queues stay, so events wait there.
    pub async fn cut(&self, management: &Management) -> anyhow::Result<()> {
        for leg in self.legs() {
            management
                .delete_shovel(&leg.source_vhost, &leg.queue)
                .await?;
        }
        Ok(())
    }

    /// Starts both shovels again (as [`Link::create`] does).
    pub async fn restore(&self, management: &Management) -> anyhow::Result<()> {
        for leg in self.legs() {
            management
                .put_shovel(&leg.source_vhost, &leg.queue, &self.shovel(&leg))
                .await?;
        }
        Ok(())
    }
}

/// `<prefix>.link.<destination>`: the queue at the source holding what goes there.
pub fn link_queue(prefix: &str, destination: &str) -> String {
    format!("{prefix}.link.{destination}")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn keys(direction: Direction) -> Vec<&'static str> {
        routing_keys(direction)
    }

    #[test]
    fn what_central_consumes_of_a_sites_events_crosses_to_central() {
        let to_central = keys(Direction::ToCentral);
        // helpdesk turns a won (QC-validated) sale into an activation ticket.
        assert!(to_central.contains(&"prospect.sale.won"), "{to_central:?}");
        assert!(
            to_central.contains(&"quality.call.validated"),
            "{to_central:?}"
        );
        // reporting counts the site's calls.
        assert!(
            to_central.contains(&"calling.call.completed"),
            "{to_central:?}"
        );
        for key in &to_central {
            let owner = key.split('.').next().unwrap();
            assert!(
                ["prospect", "calling", "quality"].contains(&owner),
                "{key} is not a site's event"
            );
        }
    }

    #[test]
    fn hr_roster_and_revocations_cross_to_every_site() {
        let to_site = keys(Direction::ToSite);
        for key in [
            "hr.employee.created",
            "hr.employee.updated",
            "hr.certification.granted",
            "hr.employee.deactivated",
            // helpdesk's outcomes that a site's services act on.
            "helpdesk.cabut.mis_sale_suspected",
            "helpdesk.activation.invalidated",
            ACCESS_REVOKED,
        ] {
            assert!(to_site.contains(&key), "{key} does not cross: {to_site:?}");
        }
        for key in &to_site {
            let owner = key.split('.').next().unwrap();
            assert!(
                ["hr", "helpdesk", "reporting"].contains(&owner),
                "{key} is not central's event"
            );
        }
    }

    /// The property the link exists for: every event a service of one side consumes,
    /// produced by a service of the other side only, crosses.
    #[test]
    fn every_consumed_event_produced_on_the_other_side_crosses() {
        for spec in tam_contracts::CATALOG {
            for direction in Direction::BOTH {
                let produced_here = direction
                    .producers()
                    .iter()
                    .any(|s| s.as_str() == spec.producer);
                let produced_there_too = direction
                    .consumers()
                    .iter()
                    .any(|s| s.as_str() == spec.producer);
                let consumed_there = spec.consumers.iter().any(|c| {
                    direction.consumers().iter().any(|s| s.as_str() == *c)
                        && !direction.producers().iter().any(|s| s.as_str() == *c)
                });
                if produced_here && !produced_there_too && consumed_there {
                    assert!(
                        keys(direction).contains(&spec.event_type),
                        "{} is consumed across the link ({direction:?}) but does not cross",
                        spec.event_type
                    );
                }
            }
        }
    }

    /// Nothing goes round: what crosses one way never crosses back, so a site's event
    /// at central is not shovelled to another site.
    #[test]
    fn the_two_directions_share_no_key() {
        let to_central = keys(Direction::ToCentral);
        for key in keys(Direction::ToSite) {
            assert!(!to_central.contains(&key), "{key} would loop");
        }
    }

    #[test]
    fn derivation_follows_producers_and_consumers() {
        let catalog: Vec<(&str, &str, &[&str])> = vec![
            (
                "calling.call.completed",
                "calling",
                &["quality", "reporting"],
            ),
            ("prospect.work_order.created", "prospect", &["calling"]),
            ("hr.team.changed", "hr", &["reporting", "prospect"]),
            ("helpdesk.ticket.closed", "helpdesk", &["reporting"]),
        ];
        assert_eq!(
            crossing(catalog.clone().into_iter(), Direction::ToCentral),
            ["calling.call.completed"]
        );
        assert_eq!(
            crossing(catalog.into_iter(), Direction::ToSite),
            [ACCESS_REVOKED, "hr.team.changed"]
        );
    }

    fn link() -> Link {
        Link {
            prefix: "tam".into(),
            site: Site::Bandung,
            central_uri: "amqp://link:pw@127.0.0.1:5672/tam-central".into(),
            site_uri: "amqp://link:pw@127.0.0.1:5672/tam-bandung".into(),
            central_vhost: "tam-central".into(),
            site_vhost: "tam-bandung".into(),
            user: "tam_link".into(),
            reconnect_delay_secs: 1,
        }
    }

    #[test]
    fn each_leg_has_its_queue_at_the_source_named_for_the_destination() {
        let [to_central, to_site] = link().legs();
        assert_eq!(to_central.source_vhost, "tam-bandung");
        assert_eq!(to_central.queue, "tam.link.central");
        assert_eq!(to_site.source_vhost, "tam-central");
        assert_eq!(to_site.queue, "tam.link.bandung");
        let shovel = link().shovel(&to_central);
        assert_eq!(shovel["src-queue"], "tam.link.central");
        assert_eq!(shovel["dest-exchange"], "tam.events");
        assert_eq!(
            shovel["dest-uri"],
            "amqp://link:pw@127.0.0.1:5672/tam-central"
        );
        assert_eq!(shovel["ack-mode"], "on-confirm");
        assert_eq!(shovel["src-delete-after"], "never");
        assert!(shovel.get("dest-exchange-key").is_none());
    }

    #[test]
    fn the_link_user_reads_its_queue_and_writes_only_the_crossing_keys() {
        let link = link();
        let at_site = link.rights("tam-bandung");
        assert_eq!(at_site.read, r"^(tam\.link\.central)$");
        assert_eq!(at_site.write, r"^tam\.events$");
        assert!(at_site.topic_write.contains(r"hr\.access\.revoked"));
        assert!(!at_site.topic_write.contains("calling"));
        let at_central = link.rights("tam-central");
        assert_eq!(at_central.read, r"^(tam\.link\.bandung)$");
        assert!(at_central.topic_write.contains(r"prospect\.sale\.won"));
        assert!(!at_central.topic_write.contains(r"hr\."));
    }
}
