//! Business-time arithmetic over a [`Calendar`]: how much open time lies between two
//! instants, and when a business duration started at an instant runs out.
//!
//! Both walk the calendar interval by interval, day by day (one version lookup and one
//! exception lookup per day, both binary searches), never minute by minute; a due time
//! is looked for at most [`HORIZON_DAYS`] ahead, so a calendar with no open hours (or a
//! target longer than two years of its hours) answers `None` instead of looping.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::calendar::Calendar;

/// How far ahead a due time is looked for: two years of local days.
pub const HORIZON_DAYS: u32 = 731;

/// The local dates whose open spans may overlap `[from, …)`: from the day before
/// `from`'s (a zone with daylight saving can shift a day's spans) on.
fn days_from(calendar: &Calendar, from: DateTime<Utc>) -> impl Iterator<Item = NaiveDate> {
    let first = calendar.local_date(from);
    let first = first.pred_opt().unwrap_or(first);
    first.iter_days()
}

/// The open time of `calendar` between `from` and `to` (zero if `to` is not after `from`).
pub fn business_time_between(
    calendar: &Calendar,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Duration {
    if to <= from {
        return Duration::zero();
    }
    let last = calendar.local_date(to);
    let mut total = Duration::zero();
    for day in days_from(calendar, from).take_while(|day| *day <= last) {
        for (start, end) in calendar.spans_on(day) {
            let (start, end) = (start.max(from), end.min(to));
            if start < end {
                total += end - start;
            }
        }
    }
    total
}

/// The earliest instant `t ≥ from` with `amount` of open time between `from` and `t`:
/// when a clock started at `from` with `amount` to run is due. A zero (or negative)
/// amount is due at `from`; an amount used up exactly at a closing time is due at that
/// closing time, not at the next opening. `None` if the calendar does not have that much
/// open time within [`HORIZON_DAYS`] days.
pub fn add_business_time(
    calendar: &Calendar,
    from: DateTime<Utc>,
    amount: Duration,
) -> Option<DateTime<Utc>> {
    if amount <= Duration::zero() {
        return Some(from);
    }
    let mut remaining = amount;
    let horizon = calendar
        .local_date(from)
        .checked_add_days(chrono::Days::new(u64::from(HORIZON_DAYS)))
        .unwrap_or(NaiveDate::MAX);
    for day in days_from(calendar, from).take_while(|day| *day <= horizon) {
        for (start, end) in calendar.spans_on(day) {
            let start = start.max(from);
            if start >= end {
                continue;
            }
            let open = end - start;
            if open >= remaining {
                return Some(start + remaining);
            }
            remaining -= open;
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarSpec, CalendarVersion, Week};
    use crate::domain::testing::{date, iv, office_in, utc};

    #[test]
    fn elapsed_counts_only_open_intervals() {
        let cal = office_in("Asia/Jakarta");
        // Mon 2026-03-02 07:00 to 18:00 WIB: 8 hours (lunch excluded).
        let elapsed = business_time_between(
            &cal,
            utc("2026-03-02T07:00:00+07:00"),
            utc("2026-03-02T18:00:00+07:00"),
        );
        assert_eq!(elapsed, Duration::hours(8));
        // Partial intervals at both ends: 11:30–13:30 is 30 + 30 minutes.
        let elapsed = business_time_between(
            &cal,
            utc("2026-03-02T11:30:00+07:00"),
            utc("2026-03-02T13:30:00+07:00"),
        );
        assert_eq!(elapsed, Duration::minutes(60));
        // Seconds are kept.
        let elapsed = business_time_between(
            &cal,
            utc("2026-03-02T08:00:10+07:00"),
            utc("2026-03-02T08:01:00+07:00"),
        );
        assert_eq!(elapsed, Duration::seconds(50));
        assert_eq!(
            business_time_between(
                &cal,
                utc("2026-03-02T10:00:00Z"),
                utc("2026-03-02T09:00:00Z")
            ),
            Duration::zero()
        );
    }

    #[test]
    fn elapsed_skips_the_weekend_and_holidays() {
        let cal = office_in("Asia/Jakarta");
        // Wed 2026-03-18 16:00 to Mon 2026-03-23 09:00: Wed 1h, Thu Nyepi 0, Fri half
        // day 4h, Sat 4h, Sun 0, Mon 1h.
        let elapsed = business_time_between(
            &cal,
            utc("2026-03-18T16:00:00+07:00"),
            utc("2026-03-23T09:00:00+07:00"),
        );
        assert_eq!(elapsed, Duration::hours(10));
    }

    #[test]
    fn due_walks_across_closing_times_weekends_and_holidays() {
        let cal = office_in("Asia/Jakarta");
        // 2 business hours from Wed 16:00: 1h on Wed, Nyepi closed, 1h on Fri → Fri 09:00.
        let due = add_business_time(&cal, utc("2026-03-18T16:00:00+07:00"), Duration::hours(2));
        assert_eq!(due, Some(utc("2026-03-20T09:00:00+07:00")));
        // From outside hours: starts at the next opening.
        let due = add_business_time(
            &cal,
            utc("2026-03-21T20:00:00+07:00"),
            Duration::minutes(90),
        );
        assert_eq!(due, Some(utc("2026-03-23T09:30:00+07:00")));
        // Used up exactly at closing time: due at closing, not at the next opening.
        let due = add_business_time(&cal, utc("2026-03-02T16:00:00+07:00"), Duration::hours(1));
        assert_eq!(due, Some(utc("2026-03-02T17:00:00+07:00")));
        // Lunch is skipped.
        let due = add_business_time(&cal, utc("2026-03-02T11:00:00+07:00"), Duration::hours(2));
        assert_eq!(due, Some(utc("2026-03-02T14:00:00+07:00")));
        // Zero is due at once, even outside hours.
        let at = utc("2026-03-01T03:00:00+07:00");
        assert_eq!(add_business_time(&cal, at, Duration::zero()), Some(at));
    }

    #[test]
    fn due_and_elapsed_agree() {
        let cal = office_in("Asia/Makassar");
        let from = utc("2026-03-17T10:17:33+08:00");
        for minutes in [1, 59, 60, 61, 240, 480, 1000, 5000] {
            let amount = Duration::minutes(minutes);
            let due = add_business_time(&cal, from, amount).unwrap();
            assert_eq!(business_time_between(&cal, from, due), amount, "{minutes}");
            assert!(business_time_between(&cal, from, due - Duration::seconds(1)) < amount);
        }
    }

    #[test]
    fn the_calendars_zone_decides_the_hours() {
        // 08:00 WIB is 09:00 WITA: the same instant is 1 hour into a Makassar day.
        let at = utc("2026-03-02T08:00:00+07:00");
        let noon = utc("2026-03-02T12:00:00+07:00");
        assert_eq!(
            business_time_between(&office_in("Asia/Jakarta"), at, noon),
            Duration::hours(4)
        );
        // In WITA 12:00 WIB is 13:00: 09:00–12:00 WITA, lunch, then nothing.
        assert_eq!(
            business_time_between(&office_in("Asia/Makassar"), at, noon),
            Duration::hours(3)
        );
    }

    #[test]
    fn a_calendar_without_hours_has_no_due_time() {
        let closed = Calendar::new(CalendarSpec {
            time_zone: "Asia/Jakarta".into(),
            versions: vec![CalendarVersion {
                effective_from: date("2026-01-01"),
                week: Week::default(),
                exceptions: vec![],
            }],
        })
        .unwrap();
        let from = utc("2026-03-02T08:00:00Z");
        assert_eq!(add_business_time(&closed, from, Duration::minutes(1)), None);
        // Before the first version the calendar is closed too.
        let cal = office_in("Asia/Jakarta");
        let due = add_business_time(&cal, utc("2025-12-31T08:00:00+07:00"), Duration::hours(1));
        assert_eq!(due, Some(utc("2026-01-01T09:00:00+07:00")));
        // More than two years of open time is refused, not looped over.
        let huge = Duration::hours(45) * 110;
        assert_eq!(add_business_time(&cal, from, huge), None);
    }

    #[test]
    fn always_open_counts_wall_clock_time() {
        let cal = Calendar::always_open(chrono_tz::Asia::Jayapura);
        let from = utc("2026-03-02T23:59:00Z");
        assert_eq!(
            add_business_time(&cal, from, Duration::hours(30)),
            Some(from + Duration::hours(30))
        );
        assert_eq!(
            business_time_between(&cal, from, from + Duration::days(9)),
            Duration::days(9)
        );
    }

    #[test]
    fn versions_change_the_hours_from_their_date() {
        let mut spec = office_in("Asia/Jakarta").spec();
        let mut later = spec.versions[0].clone();
        later.effective_from = date("2026-04-01");
        later.exceptions.clear();
        later.week = Week::every_day(&[iv("10:00", "11:00")]);
        spec.versions.push(later);
        let cal = Calendar::new(spec).unwrap();
        // Tue 2026-03-31 16:00: 1h left that day, then Wed 2026-04-01 10:00–11:00.
        let from = utc("2026-03-31T16:00:00+07:00");
        assert_eq!(
            add_business_time(&cal, from, Duration::minutes(90)),
            Some(utc("2026-04-01T10:30:00+07:00"))
        );
        assert_eq!(
            business_time_between(&cal, from, utc("2026-04-03T00:00:00+07:00")),
            Duration::hours(3)
        );
    }
}
