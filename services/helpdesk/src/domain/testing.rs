//! Fixtures of the domain's unit tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, NaiveDate, Utc};

use super::calendar::{Calendar, CalendarSpec, CalendarVersion, Exception, Interval, Week};

pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

pub fn iv(start: &str, end: &str) -> Interval {
    Interval::parse(start, end).unwrap()
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Mon–Fri 08:00–12:00 and 13:00–17:00, Sat 08:00–12:00, Sun closed.
pub fn office_week() -> Week {
    let day = vec![iv("08:00", "12:00"), iv("13:00", "17:00")];
    Week {
        mon: day.clone(),
        tue: day.clone(),
        wed: day.clone(),
        thu: day.clone(),
        fri: day,
        sat: vec![iv("08:00", "12:00")],
        sun: vec![],
    }
}

/// WIB, from 2026-01-01: [`office_week`]; Nyepi (Thu 2026-03-19) closed, Fri 2026-03-20
/// a half day (08:00–12:00).
pub fn office() -> Calendar {
    office_in("Asia/Jakarta")
}

/// [`office`] kept in `time_zone`.
pub fn office_in(time_zone: &str) -> Calendar {
    Calendar::new(CalendarSpec {
        time_zone: time_zone.into(),
        versions: vec![CalendarVersion {
            effective_from: date("2026-01-01"),
            week: office_week(),
            exceptions: vec![
                Exception {
                    date: date("2026-03-19"),
                    name: "Nyepi".into(),
                    intervals: vec![],
                },
                Exception {
                    date: date("2026-03-20"),
                    name: "half day".into(),
                    intervals: vec![iv("08:00", "12:00")],
                },
            ],
        }],
    })
    .unwrap()
}
