//! The helpdesk's rules as plain types and functions, without I/O: business-hours
//! calendars and the business-time arithmetic over them, SLA policies and the clocks a
//! ticket's status history gives, and the escalation ladder.
//!
//! Everything here is a pure function of its arguments (history, calendar, policy,
//! `now`): the store, the API and the escalation poller call it and persist what it
//! answers, so a change of policy or calendar is a recomputation, never a migration of
//! counters.

pub mod business_time;
pub mod cabut;
pub mod cabut_csv;
pub mod calendar;
pub mod channels;
pub mod disruption;
pub mod escalation;
pub mod issue;
pub mod notify;
pub mod orders_csv;
pub mod policy;
pub mod scope;
pub mod sla;
#[cfg(test)]
pub(crate) mod testing;
pub mod ticket;
pub mod validation;

use chrono::{Datelike, Months, NaiveDate};
use chrono_tz::Tz;
use tam_kernel::{FieldError, Site};

pub use tam_kernel::Rejection;

/// The slugs of the helpdesk's business rules (the `type` of its 422 problems).
pub mod rules {
    /// A calendar with an inverted or overlapping interval, an exception outside its
    /// version, versions out of order, an unknown time zone.
    pub const INVALID_CALENDAR: &str = "invalid-calendar";
    /// A calendar version that would take effect on a day already (partly) counted.
    pub const CALENDAR_VERSION_IN_PAST: &str = "calendar-version-in-past";
    /// A set of SLA policies without a default, with two policies for the same
    /// criteria, or with a target out of range.
    pub const INVALID_SLA_POLICIES: &str = "invalid-sla-policies";
    /// An escalation ladder whose levels are not in increasing order or name nobody.
    pub const INVALID_ESCALATION_LADDER: &str = "invalid-escalation-ladder";
    /// A channel, product or issue category the desk does not know (or no longer
    /// uses); the detail names the field.
    pub const UNKNOWN_REFERENCE: &str = "unknown-reference";
    /// OBC tickets are opened from quality's VALID sales, never by hand.
    pub const OBC_FROM_SALES: &str = "obc-tickets-from-sales";
    /// An Idempotency-Key reused with another request.
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency-key-reused";
    /// QC Tier 2: a validation checklist without items.
    pub const INVALID_CHECKLIST: &str = "invalid-checklist";
    /// QC Tier 2: a checklist version removing an item an open validation still uses.
    pub const CHECKLIST_ITEM_IN_USE: &str = "checklist-item-in-use";
    /// QC Tier 2: a draw for a channel without a checklist in force.
    pub const NO_CHECKLIST: &str = "no-checklist-in-force";
    /// QC Tier 2: a draw's period ending before it starts, or longer than allowed.
    pub const INVALID_PERIOD: &str = "invalid-period";
    /// A disruption report or change that breaks a rule across its fields or with the
    /// clock: a program listed twice, a start ahead of now or over a week ago, a
    /// resolution or reopening without its note.
    pub const INVALID_DISRUPTION: &str = "invalid-disruption";
}

/// A 422 for `rule` whose detail names every bad field (`field: reason; …`), so the
/// client sees each problem at once.
pub fn unprocessable(rule: &'static str, errors: &[FieldError]) -> Rejection {
    let detail = errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.reason))
        .collect::<Vec<_>>()
        .join("; ");
    Rejection::rule(rule, detail)
}

/// The first day of the month after `first`'s month (None past the calendar's end): the
/// monthly stats count `[first, next)`.
pub fn next_month(first: NaiveDate) -> Option<NaiveDate> {
    first
        .with_day(1)
        .and_then(|day| day.checked_add_months(Months::new(1)))
}

/// The time zone a site keeps its calendars in: Makassar is WITA (Asia/Makassar,
/// UTC+8), every other site WIB (Asia/Jakarta, UTC+7). DOMAIN.md: calling hours are
/// stated in WIB everywhere, but SLA calendars follow the site's own clock.
pub fn site_time_zone(site: Site) -> Tz {
    match site {
        Site::Makassar => chrono_tz::Asia::Makassar,
        Site::Medan | Site::Tangerang | Site::Bandung | Site::Semarang | Site::Malang => {
            tam_kernel::WIB
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn makassar_is_wita_the_other_sites_wib() {
        assert_eq!(site_time_zone(Site::Makassar).name(), "Asia/Makassar");
        for site in Site::ALL.iter().filter(|s| **s != Site::Makassar) {
            assert_eq!(site_time_zone(*site).name(), "Asia/Jakarta", "{site}");
        }
    }

    #[test]
    fn unprocessable_names_every_field() {
        let rejection = unprocessable(
            rules::INVALID_CALENDAR,
            &[
                FieldError::new("time_zone", "unknown"),
                FieldError::new("versions[0].week.mon[1]", "overlaps"),
            ],
        );
        assert_eq!(
            rejection,
            Rejection::rule(
                rules::INVALID_CALENDAR,
                "time_zone: unknown; versions[0].week.mon[1]: overlaps"
            )
        );
    }
}
