//! SLA policies: the business-time targets of a ticket's clocks, chosen by channel,
//! product and priority.
//!
//! A policy names any of the three criteria (an unnamed one matches everything) and the
//! calendar its clocks run on. The policy of a ticket is the most specific match: the
//! one naming the most criteria; between as many, channel weighs more than product and
//! product more than priority (a desk's agreements are per channel first). A set of
//! policies must have a default (no criteria) so every ticket gets one, and no two
//! policies with the same criteria, so the choice never depends on their order.

use chrono::Duration;
use serde::{Deserialize, Serialize};
use tam_kernel::FieldError;

use super::sla::ClockKind;

tam_kernel::code_enum! {
    /// Where an AddOn was sold (DOMAIN.md): the desk follows every channel.
    pub enum Channel as "channel" {
        /// This suite's outbound calls.
        Obc => "obc",
        /// The 147 call center.
        CallCenter147 => "call_center_147",
        /// Plasa Telkom shops.
        Plasa => "plasa",
        /// The customer app.
        MyIndihome => "myindihome",
        Web => "web",
        SalesForce => "sales_force",
    }
}

tam_kernel::code_enum! {
    /// How urgent a ticket is.
    pub enum Priority as "priority" {
        Low => "low",
        Normal => "normal",
        High => "high",
        Urgent => "urgent",
    }
}

/// The longest target a policy may set: 90 days of business time. Longer is a typo (a
/// target in minutes read as seconds, …), and keeps due times well inside the
/// arithmetic's two-year horizon.
pub const MAX_TARGET_MINUTES: u32 = 90 * 24 * 60;

/// Business-time targets, in minutes, one per clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub first_response_minutes: u32,
    /// `validation` → `provisioning_issued`.
    pub validation_minutes: u32,
    /// `provisioning_issued` → `activated`.
    pub provisioning_minutes: u32,
    pub resolution_minutes: u32,
}

impl Targets {
    /// The target of `clock`.
    pub fn of(&self, clock: ClockKind) -> Duration {
        let minutes = match clock {
            ClockKind::FirstResponse => self.first_response_minutes,
            ClockKind::Validation => self.validation_minutes,
            ClockKind::Provisioning => self.provisioning_minutes,
            ClockKind::Resolution => self.resolution_minutes,
        };
        Duration::minutes(i64::from(minutes))
    }

    fn fields(&self) -> [(&'static str, u32); 4] {
        [
            ("first_response_minutes", self.first_response_minutes),
            ("validation_minutes", self.validation_minutes),
            ("provisioning_minutes", self.provisioning_minutes),
            ("resolution_minutes", self.resolution_minutes),
        ]
    }
}

/// One policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// Its stable name (`default`, `plasa-urgent`).
    pub code: String,
    pub channel: Option<Channel>,
    /// A product code of the AddOn catalogue.
    pub product: Option<String>,
    pub priority: Option<Priority>,
    /// The code of the calendar its clocks run on (a 24x7 one for what must not wait).
    pub calendar: String,
    pub targets: Targets,
}

impl SlaPolicy {
    fn matches(&self, channel: Channel, product: &str, priority: Priority) -> bool {
        self.channel.is_none_or(|c| c == channel)
            && self.product.as_deref().is_none_or(|p| p == product)
            && self.priority.is_none_or(|p| p == priority)
    }

    /// How specific it is: the number of criteria named, then channel, product, priority.
    fn specificity(&self) -> (usize, bool, bool, bool) {
        let (c, p, r) = (
            self.channel.is_some(),
            self.product.is_some(),
            self.priority.is_some(),
        );
        (usize::from(c) + usize::from(p) + usize::from(r), c, p, r)
    }

    fn criteria(&self) -> (Option<Channel>, Option<&str>, Option<Priority>) {
        (self.channel, self.product.as_deref(), self.priority)
    }
}

/// Every problem of a set of policies, each naming its field (`policies[2].targets.
/// resolution_minutes`): empty or repeated codes, empty calendars, targets outside
/// 1..=[`MAX_TARGET_MINUTES`], two policies with the same criteria, no default.
pub fn check_policies(policies: &[SlaPolicy]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for (i, policy) in policies.iter().enumerate() {
        let field = format!("policies[{i}]");
        if policy.code.trim().is_empty() {
            errors.push(FieldError::new(format!("{field}.code"), "is required"));
        } else if let Some(first) = policies[..i].iter().position(|p| p.code == policy.code) {
            errors.push(FieldError::new(
                format!("{field}.code"),
                format!("`{}` is already policies[{first}]'s code", policy.code),
            ));
        }
        if policy
            .product
            .as_deref()
            .is_some_and(|p| p.trim().is_empty())
        {
            errors.push(FieldError::new(
                format!("{field}.product"),
                "must be a product code or absent (any product)",
            ));
        }
        if policy.calendar.trim().is_empty() {
            errors.push(FieldError::new(format!("{field}.calendar"), "is required"));
        }
        for (name, minutes) in policy.targets.fields() {
            if minutes == 0 || minutes > MAX_TARGET_MINUTES {
                errors.push(FieldError::new(
                    format!("{field}.targets.{name}"),
                    format!("must be between 1 and {MAX_TARGET_MINUTES} minutes"),
                ));
            }
        }
        if let Some(first) = policies[..i]
            .iter()
            .position(|p| p.criteria() == policy.criteria())
        {
            errors.push(FieldError::new(
                field,
                format!("has the same channel, product and priority as policies[{first}]"),
            ));
        }
    }
    if !policies.iter().any(|p| p.specificity().0 == 0) {
        errors.push(FieldError::new(
            "policies",
            "must have a default policy (no channel, product or priority)",
        ));
    }
    errors
}

/// The policy of a ticket: the most specific of those matching it (see the module);
/// `None` only for a set without a default, which [`check_policies`] refuses.
pub fn select_policy<'a>(
    policies: &'a [SlaPolicy],
    channel: Channel,
    product: &str,
    priority: Priority,
) -> Option<&'a SlaPolicy> {
    policies
        .iter()
        .filter(|p| p.matches(channel, product, priority))
        // The first of equally specific ones, so an unchecked set still answers the same.
        .fold(None, |best: Option<&SlaPolicy>, p| match best {
            Some(b) if b.specificity() >= p.specificity() => Some(b),
            _ => Some(p),
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn targets(minutes: u32) -> Targets {
        Targets {
            first_response_minutes: minutes,
            validation_minutes: minutes,
            provisioning_minutes: minutes,
            resolution_minutes: minutes,
        }
    }

    fn policy(
        code: &str,
        channel: Option<Channel>,
        product: Option<&str>,
        priority: Option<Priority>,
    ) -> SlaPolicy {
        SlaPolicy {
            code: code.into(),
            channel,
            product: product.map(Into::into),
            priority,
            calendar: "office-wib".into(),
            targets: targets(60),
        }
    }

    fn set() -> Vec<SlaPolicy> {
        vec![
            policy("default", None, None, None),
            policy("urgent", None, None, Some(Priority::Urgent)),
            policy("minipack", None, Some("MINIPACK"), None),
            policy("plasa", Some(Channel::Plasa), None, None),
            policy(
                "plasa-urgent",
                Some(Channel::Plasa),
                None,
                Some(Priority::Urgent),
            ),
            policy("obc-minipack", Some(Channel::Obc), Some("MINIPACK"), None),
        ]
    }

    fn chosen(channel: Channel, product: &str, priority: Priority) -> &'static str {
        let set = Box::leak(Box::new(set()));
        select_policy(set, channel, product, priority)
            .map(|p| p.code.as_str())
            .unwrap()
    }

    #[test]
    fn the_most_specific_match_wins() {
        assert_eq!(chosen(Channel::Web, "HBO", Priority::Normal), "default");
        assert_eq!(chosen(Channel::Web, "HBO", Priority::Urgent), "urgent");
        assert_eq!(chosen(Channel::Plasa, "HBO", Priority::Normal), "plasa");
        assert_eq!(
            chosen(Channel::Plasa, "HBO", Priority::Urgent),
            "plasa-urgent"
        );
        assert_eq!(
            chosen(Channel::Obc, "MINIPACK", Priority::Urgent),
            "obc-minipack"
        );
        // Two criteria beat one; among one, channel beats product beats priority.
        assert_eq!(
            chosen(Channel::Plasa, "MINIPACK", Priority::Normal),
            "plasa"
        );
        assert_eq!(
            chosen(Channel::Web, "MINIPACK", Priority::Urgent),
            "minipack"
        );
    }

    #[test]
    fn the_choice_does_not_depend_on_the_order() {
        let mut reversed = set();
        reversed.reverse();
        for channel in Channel::ALL {
            for priority in Priority::ALL {
                for product in ["MINIPACK", "HBO"] {
                    assert_eq!(
                        select_policy(&reversed, *channel, product, *priority).map(|p| &p.code),
                        select_policy(&set(), *channel, product, *priority).map(|p| &p.code),
                    );
                }
            }
        }
    }

    #[test]
    fn no_default_no_match() {
        let set = vec![policy("plasa", Some(Channel::Plasa), None, None)];
        assert!(select_policy(&set, Channel::Web, "HBO", Priority::Low).is_none());
        let errors = check_policies(&set);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "policies");
    }

    #[test]
    fn a_valid_set_passes() {
        assert!(
            check_policies(&set()).is_empty(),
            "{:?}",
            check_policies(&set())
        );
    }

    #[test]
    fn bad_policies_are_named() {
        let mut set = set();
        set[1].targets.resolution_minutes = 0;
        set[2].targets.first_response_minutes = MAX_TARGET_MINUTES + 1;
        set[3].code = "default".into();
        set[4].calendar = " ".into();
        set.push(policy("again", Some(Channel::Plasa), None, None));
        set.push(policy("empty-product", None, Some(""), None));
        let fields: Vec<String> = check_policies(&set).into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "policies[1].targets.resolution_minutes",
                "policies[2].targets.first_response_minutes",
                "policies[3].code",
                "policies[4].calendar",
                "policies[6]",
                "policies[7].product",
            ]
        );
    }

    #[test]
    fn targets_per_clock() {
        let t = Targets {
            first_response_minutes: 1,
            validation_minutes: 2,
            provisioning_minutes: 3,
            resolution_minutes: 4,
        };
        assert_eq!(t.of(ClockKind::FirstResponse), Duration::minutes(1));
        assert_eq!(t.of(ClockKind::Validation), Duration::minutes(2));
        assert_eq!(t.of(ClockKind::Provisioning), Duration::minutes(3));
        assert_eq!(t.of(ClockKind::Resolution), Duration::minutes(4));
        assert_eq!(
            "call_center_147".parse::<Channel>(),
            Ok(Channel::CallCenter147)
        );
        assert!("email".parse::<Channel>().is_err());
    }
}
