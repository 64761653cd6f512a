//! When an escalation's notification goes out.
//!
//! A level fires when its share of the target is used up, which is always inside the
//! calendar's open hours (business time only runs then), but the poller may record it a
//! little later, after closing, and a breach found for a resolved ticket can be found at
//! any hour. Nobody should be paged at 23:00 about a ticket that waits for tomorrow's
//! office hours anyway: the notification waits for the calendar's next open time. An
//! urgent ticket runs on a 24x7 calendar and its notifications go out at once.

use chrono::{DateTime, Days, Utc};

use super::business_time::HORIZON_DAYS;
use super::calendar::Calendar;
use super::policy::Priority;

/// The earliest instant at or after `at` when `calendar` is open; `None` if it has no
/// open hours within [`HORIZON_DAYS`].
pub fn next_open(calendar: &Calendar, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let today = calendar.local_date(at);
    // From the day before: a span of yesterday's local date may still be open (a zone
    // with daylight saving can shift a day's spans).
    let first = today.pred_opt().unwrap_or(today);
    let horizon = today
        .checked_add_days(Days::new(u64::from(HORIZON_DAYS)))
        .unwrap_or(today);
    first
        .iter_days()
        .take_while(|day| *day <= horizon)
        .flat_map(|day| calendar.spans_on(day).collect::<Vec<_>>())
        .find(|(_, end)| *end > at)
        .map(|(start, _)| start.max(at))
}

/// When the notification of an escalation recorded at `at` goes out: at once for an
/// urgent ticket, otherwise at the calendar's next open time (at once if it is open).
/// A calendar that never opens again does not hold a notification back forever.
pub fn notify_at(calendar: &Calendar, priority: Priority, at: DateTime<Utc>) -> DateTime<Utc> {
    if priority == Priority::Urgent {
        return at;
    }
    next_open(calendar, at).unwrap_or(at)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarSpec, CalendarVersion, Week};
    use crate::domain::testing::{date, office, office_in, utc};

    #[test]
    fn inside_open_hours_a_notification_goes_out_at_once() {
        let at = utc("2026-03-02T10:15:00+07:00");
        assert_eq!(notify_at(&office(), Priority::Normal, at), at);
        // At the opening instant itself.
        let at = utc("2026-03-02T13:00:00+07:00");
        assert_eq!(notify_at(&office(), Priority::High, at), at);
    }

    #[test]
    fn after_closing_it_waits_for_the_next_opening() {
        // Lunch: 13:00 the same day.
        assert_eq!(
            notify_at(
                &office(),
                Priority::Normal,
                utc("2026-03-02T12:00:00+07:00")
            ),
            utc("2026-03-02T13:00:00+07:00")
        );
        // Friday evening: Saturday 08:00.
        assert_eq!(
            notify_at(&office(), Priority::Low, utc("2026-03-06T17:05:00+07:00")),
            utc("2026-03-07T08:00:00+07:00")
        );
        // Saturday afternoon: past Sunday, Monday 08:00.
        assert_eq!(
            notify_at(
                &office(),
                Priority::Normal,
                utc("2026-03-07T12:00:00+07:00")
            ),
            utc("2026-03-09T08:00:00+07:00")
        );
        // Wednesday evening before Nyepi (Thursday closed): Friday's half day.
        assert_eq!(
            notify_at(
                &office(),
                Priority::Normal,
                utc("2026-03-18T18:00:00+07:00")
            ),
            utc("2026-03-20T08:00:00+07:00")
        );
    }

    #[test]
    fn the_calendar_s_own_time_zone_decides() {
        // 07:30 WIB is 08:30 WITA: Makassar is open.
        let at = utc("2026-03-02T07:30:00+07:00");
        assert_eq!(
            notify_at(&office_in("Asia/Makassar"), Priority::Normal, at),
            at
        );
        assert_eq!(
            notify_at(&office(), Priority::Normal, at),
            utc("2026-03-02T08:00:00+07:00")
        );
    }

    #[test]
    fn an_urgent_ticket_does_not_wait() {
        let at = utc("2026-03-07T23:40:00+07:00");
        assert_eq!(notify_at(&office(), Priority::Urgent, at), at);
    }

    #[test]
    fn a_calendar_that_never_opens_does_not_hold_it_back() {
        let closed = Calendar::new(CalendarSpec {
            time_zone: "Asia/Jakarta".into(),
            versions: vec![CalendarVersion {
                effective_from: date("2026-01-01"),
                week: Week::default(),
                exceptions: vec![],
            }],
        })
        .unwrap();
        let at = utc("2026-03-02T10:00:00+07:00");
        assert_eq!(next_open(&closed, at), None);
        assert_eq!(notify_at(&closed, Priority::Normal, at), at);
    }
}
