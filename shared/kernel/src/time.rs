//! Business time: the contact center lives in WIB (Asia/Jakarta, UTC+7).
//!
//! Instants are stored and sent as UTC (`timestamptz`, RFC 3339 in the API); business
//! days (reports, rosters, "today's calls") and operating hours are WIB. Every conversion
//! between the two goes through this module so no service does its own offset arithmetic.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// Western Indonesia Time, the time zone of every site.
pub const WIB: Tz = chrono_tz::Asia::Jakarta;

/// `at` as WIB wall-clock time.
pub fn to_wib(at: DateTime<Utc>) -> DateTime<Tz> {
    at.with_timezone(&WIB)
}

/// The business day `at` falls on: its WIB calendar date. 23:30 UTC is already the next
/// day in Jakarta.
pub fn wib_date(at: DateTime<Utc>) -> NaiveDate {
    to_wib(at).date_naive()
}

/// The UTC instant of a WIB wall-clock date and time.
///
/// Jakarta has kept UTC+7 without daylight saving since 1964, so every WIB wall-clock
/// time exists exactly once; the fixed-offset fallback only guards against a broken
/// time-zone table.
pub fn wib_to_utc(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = NaiveDateTime::new(date, time);
    match WIB.from_local_datetime(&local).earliest() {
        Some(at) => at.with_timezone(&Utc),
        None => (local - Duration::hours(7)).and_utc(),
    }
}

/// The UTC instants bounding a WIB business day: `[start, end)`, for queries such as
/// "calls of 2024-05-01".
pub fn wib_day_bounds(date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = wib_to_utc(date, NaiveTime::MIN);
    (start, start + Duration::days(1))
}

const DEFAULT_OPEN: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(t) => t,
    None => panic!("08:00 is a time of day"),
};

const DEFAULT_CLOSE: NaiveTime = match NaiveTime::from_hms_opt(17, 0, 0) {
    Some(t) => t,
    None => panic!("17:00 is a time of day"),
};

/// Why a text is not valid operating hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OperatingHoursError {
    /// Not two times separated by `-`.
    #[error("operating hours `{0}` must look like `08:00-17:00` (WIB, open-close)")]
    Format(String),
    /// One side is not a time of day.
    #[error(
        "`{time}` in operating hours `{input}` is not a time of day (expected HH:MM or HH:MM:SS)"
    )]
    Time {
        /// The whole input.
        input: String,
        /// The side that did not parse.
        time: String,
    },
    /// The hours do not open before they close (overnight hours are not supported).
    #[error("operating hours must open before they close, got {open}-{close}")]
    OpenNotBeforeClose {
        /// Opening time.
        open: NaiveTime,
        /// Closing time.
        close: NaiveTime,
    },
}

/// The problem type of a call or claim outside the operating hours.
pub const OUTSIDE_OPERATING_HOURS: &str = "outside-operating-hours";

/// The daily window in which customers may be called, in WIB, the same every day of the
/// week (manual §1.2.2.3: 08:00 to 17:00 WIB, 7 days a week). No customer is called
/// outside it.
///
/// The window is `[open, close)`: open at 08:00:00, closed from 17:00:00. It never spans
/// midnight: `open` is always before `close`, which [`OperatingHours::new`] and `FromStr`
/// enforce (the fields are private for that reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperatingHours {
    open: NaiveTime,
    close: NaiveTime,
}

impl Default for OperatingHours {
    /// 08:00–17:00 WIB, the manual's hours.
    fn default() -> Self {
        Self {
            open: DEFAULT_OPEN,
            close: DEFAULT_CLOSE,
        }
    }
}

impl OperatingHours {
    /// Hours opening at `open` and closing at `close` (WIB); `open` must be before `close`.
    pub fn new(open: NaiveTime, close: NaiveTime) -> Result<Self, OperatingHoursError> {
        if open < close {
            Ok(Self { open, close })
        } else {
            Err(OperatingHoursError::OpenNotBeforeClose { open, close })
        }
    }

    /// The first WIB time of day at which calls may be made.
    pub fn open(&self) -> NaiveTime {
        self.open
    }

    /// The first WIB time of day at which calls may no longer be made.
    pub fn close(&self) -> NaiveTime {
        self.close
    }

    /// Whether a customer may be called at `at`: open inclusive, close exclusive.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        let time = to_wib(at).time();
        self.open <= time && time < self.close
    }

    /// Refuses what may only be done inside the hours (422 `outside-operating-hours`),
    /// naming the hours and the next opening in WIB, so the agent knows when to come back.
    pub fn check_open(&self, at: DateTime<Utc>) -> Result<(), crate::Rejection> {
        if self.is_open(at) {
            return Ok(());
        }
        let next = to_wib(self.next_opening(at));
        Err(crate::Rejection::rule(
            OUTSIDE_OPERATING_HOURS,
            format!(
                "customers are called only from {} to {} WIB; the next opening is {}",
                self.open.format("%H:%M"),
                self.close.format("%H:%M"),
                next.format("%Y-%m-%d %H:%M WIB (%:z)"),
            ),
        ))
    }

    /// `at` itself if the hours are open then, otherwise the next opening instant
    /// (today's opening before hours, tomorrow's after them).
    pub fn next_opening(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        if self.is_open(at) {
            return at;
        }
        let local = to_wib(at);
        let today = local.date_naive();
        let day = if local.time() < self.open {
            today
        } else {
            today.succ_opt().unwrap_or(today)
        };
        wib_to_utc(day, self.open)
    }
}

fn parse_time(input: &str, time: &str) -> Result<NaiveTime, OperatingHoursError> {
    NaiveTime::parse_from_str(time, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H:%M"))
        .map_err(|_| OperatingHoursError::Time {
            input: input.to_owned(),
            time: time.to_owned(),
        })
}

impl FromStr for OperatingHours {
    type Err = OperatingHoursError;

    /// Parses `"08:00-17:00"` (spaces around the parts allowed, seconds optional).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (open, close) = s
            .split_once('-')
            .ok_or_else(|| OperatingHoursError::Format(s.to_owned()))?;
        let (open, close) = (open.trim(), close.trim());
        if open.is_empty() || close.is_empty() {
            return Err(OperatingHoursError::Format(s.to_owned()));
        }
        Self::new(parse_time(s, open)?, parse_time(s, close)?)
    }
}

impl fmt::Display for OperatingHours {
    /// `08:00-17:00`; seconds are shown only when not zero, so the text parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn hhmm(t: NaiveTime) -> String {
            if t.second() == 0 {
                t.format("%H:%M").to_string()
            } else {
                t.format("%H:%M:%S").to_string()
            }
        }
        write!(f, "{}-{}", hhmm(self.open), hhmm(self.close))
    }
}

impl serde::Serialize for OperatingHours {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for OperatingHours {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn check_open_names_the_next_opening() {
        let hours = OperatingHours::default();
        assert!(hours.check_open(utc("2026-11-30T16:59:59+07:00")).is_ok());
        let Err(crate::Rejection::Rule { rule, detail }) =
            hours.check_open(utc("2026-11-30T17:00:00+07:00"))
        else {
            panic!("17:00 WIB is closed");
        };
        assert_eq!(rule, OUTSIDE_OPERATING_HOURS);
        assert!(detail.contains("2026-12-01 08:00 WIB"), "{detail}");
        assert!(hours.check_open(utc("2026-11-30T07:59:00+07:00")).is_err());
    }

    #[test]
    fn wib_is_utc_plus_seven() {
        let at = utc("2024-05-01T01:00:00Z");
        assert_eq!(to_wib(at).to_rfc3339(), "2024-05-01T08:00:00+07:00");
        assert_eq!(WIB.name(), "Asia/Jakarta");
    }

    #[test]
    fn business_day_changes_at_midnight_wib_not_utc() {
        assert_eq!(
            wib_date(utc("2024-05-01T16:59:59Z")),
            NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()
        );
        assert_eq!(
            wib_date(utc("2024-05-01T17:00:00Z")),
            NaiveDate::from_ymd_opt(2024, 5, 2).unwrap()
        );
        assert_eq!(
            wib_date(utc("2024-05-01T23:30:00Z")),
            NaiveDate::from_ymd_opt(2024, 5, 2).unwrap()
        );
    }

    #[test]
    fn wib_to_utc_and_day_bounds() {
        let day = NaiveDate::from_ymd_opt(2024, 5, 2).unwrap();
        assert_eq!(wib_to_utc(day, hm(8, 0)), utc("2024-05-02T01:00:00Z"));
        let (start, end) = wib_day_bounds(day);
        assert_eq!(start, utc("2024-05-01T17:00:00Z"));
        assert_eq!(end, utc("2024-05-02T17:00:00Z"));
        assert_eq!(wib_date(start), day);
        assert_eq!(wib_date(end - Duration::nanoseconds(1)), day);
    }

    #[test]
    fn default_hours_are_eight_to_five() {
        let hours = OperatingHours::default();
        assert_eq!(hours.open(), hm(8, 0));
        assert_eq!(hours.close(), hm(17, 0));
        assert_eq!(hours.to_string(), "08:00-17:00");
        assert_eq!("08:00-17:00".parse::<OperatingHours>().unwrap(), hours);
    }

    #[test]
    fn boundaries_open_inclusive_close_exclusive() {
        let hours = OperatingHours::default();
        assert!(!hours.is_open(utc("2024-05-01T07:59:59+07:00")));
        assert!(hours.is_open(utc("2024-05-01T08:00:00+07:00")));
        assert!(hours.is_open(utc("2024-05-01T12:00:00+07:00")));
        assert!(hours.is_open(utc("2024-05-01T16:59:59+07:00")));
        assert!(!hours.is_open(utc("2024-05-01T17:00:00+07:00")));
        assert!(!hours.is_open(utc("2024-05-01T23:59:59+07:00")));
        assert!(!hours.is_open(utc("2024-05-02T00:00:00+07:00")));
        // The same instants written in UTC.
        assert!(!hours.is_open(utc("2024-05-01T00:59:59Z")));
        assert!(hours.is_open(utc("2024-05-01T01:00:00Z")));
        assert!(hours.is_open(utc("2024-05-01T09:59:59Z")));
        assert!(!hours.is_open(utc("2024-05-01T10:00:00Z")));
    }

    #[test]
    fn open_seven_days_a_week() {
        // 2024-05-04 is a Saturday, 2024-05-05 a Sunday.
        let hours = OperatingHours::default();
        assert!(hours.is_open(utc("2024-05-04T10:00:00+07:00")));
        assert!(hours.is_open(utc("2024-05-05T10:00:00+07:00")));
    }

    #[test]
    fn next_opening_is_now_when_open() {
        let hours = OperatingHours::default();
        for at in [
            "2024-05-01T08:00:00+07:00",
            "2024-05-01T13:14:15+07:00",
            "2024-05-01T16:59:59+07:00",
        ] {
            assert_eq!(hours.next_opening(utc(at)), utc(at));
        }
    }

    #[test]
    fn next_opening_before_hours_is_today() {
        let hours = OperatingHours::default();
        assert_eq!(
            hours.next_opening(utc("2024-05-01T07:59:59+07:00")),
            utc("2024-05-01T08:00:00+07:00")
        );
        assert_eq!(
            hours.next_opening(utc("2024-05-01T00:00:00+07:00")),
            utc("2024-05-01T08:00:00+07:00")
        );
    }

    #[test]
    fn next_opening_after_hours_is_tomorrow() {
        let hours = OperatingHours::default();
        assert_eq!(
            hours.next_opening(utc("2024-05-01T17:00:00+07:00")),
            utc("2024-05-02T08:00:00+07:00")
        );
        assert_eq!(
            hours.next_opening(utc("2024-05-01T23:59:59+07:00")),
            utc("2024-05-02T08:00:00+07:00")
        );
        // Month and year ends.
        assert_eq!(
            hours.next_opening(utc("2024-12-31T20:00:00+07:00")),
            utc("2025-01-01T08:00:00+07:00")
        );
    }

    #[test]
    fn across_midnight_utc() {
        let hours = OperatingHours::default();
        // 16:30 UTC on May 1 is 23:30 WIB on May 1: closed, opens May 2 01:00 UTC.
        assert!(!hours.is_open(utc("2024-05-01T16:30:00Z")));
        assert_eq!(
            hours.next_opening(utc("2024-05-01T16:30:00Z")),
            utc("2024-05-02T01:00:00Z")
        );
        // 23:30 UTC on May 1 is already 06:30 WIB on May 2: opens the same UTC day+1
        // morning, i.e. 90 minutes later, not a day later.
        assert!(!hours.is_open(utc("2024-05-01T23:30:00Z")));
        assert_eq!(
            hours.next_opening(utc("2024-05-01T23:30:00Z")),
            utc("2024-05-02T01:00:00Z")
        );
        // 00:30 UTC on May 2 is 07:30 WIB on May 2.
        assert_eq!(
            hours.next_opening(utc("2024-05-02T00:30:00Z")),
            utc("2024-05-02T01:00:00Z")
        );
    }

    #[test]
    fn next_opening_is_always_open_and_not_before_now() {
        let hours: OperatingHours = "09:30-15:45".parse().unwrap();
        let mut at = utc("2024-05-01T00:00:00Z");
        let end = utc("2024-05-03T00:00:00Z");
        while at < end {
            let next = hours.next_opening(at);
            assert!(next >= at);
            assert!(hours.is_open(next), "{at} -> {next}");
            assert!(next - at < Duration::days(1));
            at += Duration::minutes(7);
        }
    }

    #[test]
    fn parse_accepts_spaces_and_seconds() {
        let hours: OperatingHours = " 07:30 - 16:00:30 ".parse().unwrap();
        assert_eq!(hours.open(), hm(7, 30));
        assert_eq!(hours.close(), NaiveTime::from_hms_opt(16, 0, 30).unwrap());
        assert_eq!(hours.to_string(), "07:30-16:00:30");
        assert_eq!(hours.to_string().parse::<OperatingHours>().unwrap(), hours);
    }

    #[test]
    fn parse_errors_are_clear() {
        assert_eq!(
            "0800".parse::<OperatingHours>().unwrap_err(),
            OperatingHoursError::Format("0800".into())
        );
        assert_eq!(
            "08:00-".parse::<OperatingHours>().unwrap_err(),
            OperatingHoursError::Format("08:00-".into())
        );
        let err = "08:00-25:00".parse::<OperatingHours>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`25:00` in operating hours `08:00-25:00` is not a time of day (expected HH:MM or HH:MM:SS)"
        );
        let err = "17:00-08:00".parse::<OperatingHours>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "operating hours must open before they close, got 17:00:00-08:00:00"
        );
        assert!("08:00-08:00".parse::<OperatingHours>().is_err());
    }

    #[test]
    fn new_rejects_open_not_before_close() {
        assert!(OperatingHours::new(hm(8, 0), hm(17, 0)).is_ok());
        assert_eq!(
            OperatingHours::new(hm(17, 0), hm(17, 0)),
            Err(OperatingHoursError::OpenNotBeforeClose {
                open: hm(17, 0),
                close: hm(17, 0)
            })
        );
    }

    #[test]
    fn serde_uses_the_text_form() {
        let hours = OperatingHours::default();
        assert_eq!(serde_json::to_string(&hours).unwrap(), "\"08:00-17:00\"");
        assert_eq!(
            serde_json::from_str::<OperatingHours>("\"08:00-17:00\"").unwrap(),
            hours
        );
        assert!(serde_json::from_str::<OperatingHours>("\"17:00-08:00\"").is_err());
    }
}
