//! Business-hours calendars: when the desk's clocks run.
//!
//! A calendar has one IANA time zone and a list of versions, each in force from its
//! `effective_from` (a local date) until the next version's. A version gives the open
//! intervals of each weekday, several per day (a lunch break is two intervals), and
//! dated exceptions — national holidays, *cuti bersama*, half days — whose intervals
//! replace that date's, possibly with none (closed all day). Before the first version the
//! calendar is closed.
//!
//! Times of day are whole minutes, `00:00` to `24:00` (`24:00` closes at midnight, so a
//! 24-hour day is `00:00-24:00`); intervals are `[start, end)`. Instants stay exact: a
//! due time is to the nanosecond what its start was, only the calendar's edges are minutes.
//!
//! A [`Calendar`] is always valid: [`Calendar::new`] checks a [`CalendarSpec`] (what the
//! API receives and the store keeps) and names every bad field, for a 422.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use tam_kernel::FieldError;

/// Minutes in a day: `24:00`.
const DAY_MINUTES: u16 = 24 * 60;

/// A time of day in whole minutes, `00:00` to `24:00` inclusive; written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    /// Midnight at the end of the day (`24:00`).
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(DAY_MINUTES);

    /// `hour:minute`; `None` past `24:00`.
    pub const fn hm(hour: u16, minute: u16) -> Option<TimeOfDay> {
        let minutes = hour * 60 + minute;
        if minute < 60 && minutes <= DAY_MINUTES {
            Some(TimeOfDay(minutes))
        } else {
            None
        }
    }

    /// Minutes since midnight.
    pub const fn minutes(self) -> u16 {
        self.0
    }

    /// From minutes since midnight; `None` past 1440.
    pub const fn from_minutes(minutes: u16) -> Option<TimeOfDay> {
        if minutes <= DAY_MINUTES {
            Some(TimeOfDay(minutes))
        } else {
            None
        }
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl FromStr for TimeOfDay {
    type Err = String;

    /// `HH:MM`, `00:00` to `24:00`.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a time of day (HH:MM, 00:00 to 24:00)");
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        if h.len() != 2 || m.len() != 2 {
            return Err(bad());
        }
        let hour: u16 = h.parse().map_err(|_| bad())?;
        let minute: u16 = m.parse().map_err(|_| bad())?;
        TimeOfDay::hm(hour, minute).ok_or_else(bad)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Open from `start` (inclusive) to `end` (exclusive), local time. Order is checked by
/// [`Calendar::new`], not here, so that the 422 can name the interval's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interval {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

impl Interval {
    /// `start`–`end` as `HH:MM` pairs, for tests and defaults; `None` if either is not a
    /// time of day.
    pub fn parse(start: &str, end: &str) -> Option<Interval> {
        Some(Interval {
            start: start.parse().ok()?,
            end: end.parse().ok()?,
        })
    }

    /// The whole day, `00:00-24:00`.
    pub const ALL_DAY: Interval = Interval {
        start: TimeOfDay::MIDNIGHT,
        end: TimeOfDay::END_OF_DAY,
    };
}

/// The open intervals of each weekday.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Week {
    #[serde(default)]
    pub mon: Vec<Interval>,
    #[serde(default)]
    pub tue: Vec<Interval>,
    #[serde(default)]
    pub wed: Vec<Interval>,
    #[serde(default)]
    pub thu: Vec<Interval>,
    #[serde(default)]
    pub fri: Vec<Interval>,
    #[serde(default)]
    pub sat: Vec<Interval>,
    #[serde(default)]
    pub sun: Vec<Interval>,
}

impl Week {
    /// The same intervals every day of the week.
    pub fn every_day(intervals: &[Interval]) -> Week {
        Week {
            mon: intervals.to_vec(),
            tue: intervals.to_vec(),
            wed: intervals.to_vec(),
            thu: intervals.to_vec(),
            fri: intervals.to_vec(),
            sat: intervals.to_vec(),
            sun: intervals.to_vec(),
        }
    }

    /// The intervals of `day`.
    pub fn day(&self, day: Weekday) -> &[Interval] {
        match day {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }

    fn days_mut(&mut self) -> [&mut Vec<Interval>; 7] {
        [
            &mut self.mon,
            &mut self.tue,
            &mut self.wed,
            &mut self.thu,
            &mut self.fri,
            &mut self.sat,
            &mut self.sun,
        ]
    }

    fn days(&self) -> [(&'static str, &[Interval]); 7] {
        [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ]
    }
}

/// A dated exception: its intervals replace the weekday's on `date` (none: closed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub date: NaiveDate,
    /// What it is ("Idul Fitri", "cuti bersama", "half day before Nyepi").
    pub name: String,
    #[serde(default)]
    pub intervals: Vec<Interval>,
}

/// The hours in force from `effective_from` until the next version's `effective_from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarVersion {
    pub effective_from: NaiveDate,
    pub week: Week,
    #[serde(default)]
    pub exceptions: Vec<Exception>,
}

/// A calendar as received and stored, unchecked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSpec {
    /// An IANA name: `Asia/Jakarta` (WIB), `Asia/Makassar` (WITA), `Asia/Jayapura` (WIT).
    pub time_zone: String,
    /// In increasing `effective_from` order.
    pub versions: Vec<CalendarVersion>,
}

/// A checked calendar: a known time zone; versions in strictly increasing order; in each,
/// intervals that open before they close and do not overlap within a day (sorted), and
/// exceptions each on a distinct date inside the version's validity (sorted by date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    time_zone: Tz,
    versions: Vec<CalendarVersion>,
}

/// Checks one day's intervals: each opens before it closes, none overlaps another
/// (touching is fine: `08:00-12:00` and `12:00-17:00`).
fn check_day(field: &str, intervals: &[Interval], errors: &mut Vec<FieldError>) {
    let mut ok = true;
    for (i, interval) in intervals.iter().enumerate() {
        if interval.start >= interval.end {
            ok = false;
            errors.push(FieldError::new(
                format!("{field}[{i}]"),
                format!(
                    "must open before it closes, got {}-{}",
                    interval.start, interval.end
                ),
            ));
        }
    }
    if !ok {
        return;
    }
    let mut order: Vec<usize> = (0..intervals.len()).collect();
    order.sort_by_key(|&i| intervals[i].start);
    for pair in order.windows(2) {
        let (a, b) = (intervals[pair[0]], intervals[pair[1]]);
        if b.start < a.end {
            let later = pair[0].max(pair[1]);
            errors.push(FieldError::new(
                format!("{field}[{later}]"),
                format!(
                    "{}-{} overlaps {}-{} ({field}[{}])",
                    intervals[later].start,
                    intervals[later].end,
                    intervals[pair[0].min(pair[1])].start,
                    intervals[pair[0].min(pair[1])].end,
                    pair[0].min(pair[1]),
                ),
            ));
        }
    }
}

/// Every problem of `spec`, each naming its field (`versions[1].week.tue[0]`,
/// `versions[0].exceptions[2].date`), in the order of the fields.
pub fn check_calendar(spec: &CalendarSpec) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if spec.time_zone.trim().parse::<Tz>().is_err() {
        errors.push(FieldError::new(
            "time_zone",
            format!(
                "`{}` is not an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar)",
                spec.time_zone
            ),
        ));
    }
    if spec.versions.is_empty() {
        errors.push(FieldError::new(
            "versions",
            "must have at least one version",
        ));
    }
    for (v, version) in spec.versions.iter().enumerate() {
        if v > 0 && version.effective_from <= spec.versions[v - 1].effective_from {
            errors.push(FieldError::new(
                format!("versions[{v}].effective_from"),
                format!(
                    "must be after the previous version's ({})",
                    spec.versions[v - 1].effective_from
                ),
            ));
        }
        for (day, intervals) in version.week.days() {
            check_day(&format!("versions[{v}].week.{day}"), intervals, &mut errors);
        }
        let until = spec.versions.get(v + 1).map(|next| next.effective_from);
        for (e, exception) in version.exceptions.iter().enumerate() {
            let field = format!("versions[{v}].exceptions[{e}]");
            let inside = exception.date >= version.effective_from
                && until.is_none_or(|until| exception.date < until);
            if !inside {
                let validity = match until {
                    Some(until) => format!("from {} until before {until}", version.effective_from),
                    None => format!("from {} on", version.effective_from),
                };
                errors.push(FieldError::new(
                    format!("{field}.date"),
                    format!(
                        "{} is outside its version, in force {validity}",
                        exception.date
                    ),
                ));
            }
            if let Some(first) = version.exceptions[..e]
                .iter()
                .position(|other| other.date == exception.date)
            {
                errors.push(FieldError::new(
                    format!("{field}.date"),
                    format!(
                        "{} already has an exception (versions[{v}].exceptions[{first}])",
                        exception.date
                    ),
                ));
            }
            check_day(
                &format!("{field}.intervals"),
                &exception.intervals,
                &mut errors,
            );
        }
    }
    errors
}

impl Calendar {
    /// A checked calendar, or every bad field (for a 422 `invalid-calendar`).
    pub fn new(spec: CalendarSpec) -> Result<Calendar, Vec<FieldError>> {
        let errors = check_calendar(&spec);
        let time_zone = match spec.time_zone.trim().parse::<Tz>() {
            Ok(tz) if errors.is_empty() => tz,
            _ => return Err(errors),
        };
        let mut versions = spec.versions;
        for version in &mut versions {
            for day in version.week.days_mut() {
                day.sort_by_key(|i| i.start);
            }
            for exception in &mut version.exceptions {
                exception.intervals.sort_by_key(|i| i.start);
            }
            version.exceptions.sort_by_key(|e| e.date);
        }
        Ok(Calendar {
            time_zone,
            versions,
        })
    }

    /// Open around the clock, for what must not wait.
    pub fn always_open(time_zone: Tz) -> Calendar {
        Calendar {
            time_zone,
            versions: vec![CalendarVersion {
                // Far enough back for any ticket; NaiveDate::MIN would overflow the
                // local-to-UTC arithmetic.
                effective_from: NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
                week: Week::every_day(&[Interval::ALL_DAY]),
                exceptions: Vec::new(),
            }],
        }
    }

    pub fn time_zone(&self) -> Tz {
        self.time_zone
    }

    pub fn versions(&self) -> &[CalendarVersion] {
        &self.versions
    }

    /// The calendar as stored (its checked, sorted form).
    pub fn spec(&self) -> CalendarSpec {
        CalendarSpec {
            time_zone: self.time_zone.name().to_owned(),
            versions: self.versions.clone(),
        }
    }

    /// The version in force on the local date `date`: the latest that took effect on or
    /// before it; none before the first.
    pub fn version_on(&self, date: NaiveDate) -> Option<&CalendarVersion> {
        let after = self.versions.partition_point(|v| v.effective_from <= date);
        after.checked_sub(1).map(|i| &self.versions[i])
    }

    /// The open intervals of the local date `date` (sorted): its exception's if it has
    /// one, otherwise its weekday's in the version in force.
    pub fn hours_on(&self, date: NaiveDate) -> &[Interval] {
        let Some(version) = self.version_on(date) else {
            return &[];
        };
        match version.exceptions.binary_search_by_key(&date, |e| e.date) {
            Ok(i) => &version.exceptions[i].intervals,
            Err(_) => version.week.day(date.weekday()),
        }
    }

    /// The open spans of the local date `date` as UTC instants `[start, end)`, in order.
    pub fn spans_on(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        self.hours_on(date).iter().map(move |interval| {
            (
                self.instant(midnight, interval.start),
                self.instant(midnight, interval.end),
            )
        })
    }

    /// The local date of `at`.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.time_zone).date_naive()
    }

    /// The UTC instant of `time` on the local day starting at `midnight`.
    ///
    /// The desk's zones (WIB, WITA, WIT) have no daylight saving, so every local time
    /// exists once. For a zone that has it, a time in the spring gap is read with the
    /// offset before the gap and an ambiguous one as its earlier instant; the arithmetic
    /// stays consistent (the oracle test covers DST-free zones only).
    fn instant(&self, midnight: NaiveDateTime, time: TimeOfDay) -> DateTime<Utc> {
        // Checked: only a date at the very end of chrono's range could overflow.
        let local = midnight
            .checked_add_signed(Duration::minutes(i64::from(time.minutes())))
            .unwrap_or(midnight);
        let tz = self.time_zone;
        tz.from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                tz.from_local_datetime(&(local + Duration::hours(1)))
                    .earliest()
                    .map(|at| at - Duration::hours(1))
            })
            .map(|at| at.with_timezone(&Utc))
            .unwrap_or_else(|| local.and_utc())
    }

    /// This calendar with `version` added, for a change of hours: it must take effect
    /// after `today` (the calendar's local date now), so no business time already
    /// counted is recounted — a ticket keeps the time it used. The result is checked
    /// like any calendar.
    pub fn with_version(
        &self,
        version: CalendarVersion,
        today: NaiveDate,
    ) -> Result<Calendar, Vec<FieldError>> {
        if version.effective_from <= today {
            return Err(vec![FieldError::new(
                "effective_from",
                format!(
                    "must be after today ({today}): a version takes effect from a day not yet counted"
                ),
            )]);
        }
        let mut spec = self.spec();
        // In date order; the check then names any clash (the same date as a planned
        // version, an exception of the previous version now past its validity).
        let at = spec
            .versions
            .partition_point(|v| v.effective_from < version.effective_from);
        spec.versions.insert(at, version);
        Calendar::new(spec)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::testing::{date, iv, office_week};

    fn office() -> CalendarVersion {
        CalendarVersion {
            effective_from: date("2026-01-01"),
            week: office_week(),
            exceptions: vec![],
        }
    }

    fn spec(versions: Vec<CalendarVersion>) -> CalendarSpec {
        CalendarSpec {
            time_zone: "Asia/Jakarta".into(),
            versions,
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn time_of_day_parses_hh_mm_up_to_24_00() {
        assert_eq!("08:30".parse::<TimeOfDay>().unwrap().minutes(), 510);
        assert_eq!("24:00".parse::<TimeOfDay>().unwrap(), TimeOfDay::END_OF_DAY);
        assert!("24:01".parse::<TimeOfDay>().is_err());
        assert!("8:30".parse::<TimeOfDay>().is_err());
        assert!("08:60".parse::<TimeOfDay>().is_err());
        assert_eq!(TimeOfDay::hm(7, 5).unwrap().to_string(), "07:05");
        let json = serde_json::to_string(&iv("08:00", "24:00")).unwrap();
        assert_eq!(json, r#"{"start":"08:00","end":"24:00"}"#);
        assert_eq!(
            serde_json::from_str::<Interval>(&json).unwrap(),
            iv("08:00", "24:00")
        );
    }

    #[test]
    fn a_valid_calendar_is_accepted_and_sorted() {
        let mut version = office();
        version.week.mon = vec![iv("13:00", "17:00"), iv("08:00", "12:00")];
        version.exceptions = vec![
            Exception {
                date: date("2026-03-20"),
                name: "Idul Fitri".into(),
                intervals: vec![],
            },
            Exception {
                date: date("2026-03-19"),
                name: "half day".into(),
                intervals: vec![iv("08:00", "12:00")],
            },
        ];
        let calendar = Calendar::new(spec(vec![version])).unwrap();
        let v = &calendar.versions()[0];
        assert_eq!(v.week.mon, vec![iv("08:00", "12:00"), iv("13:00", "17:00")]);
        assert_eq!(v.exceptions[0].date, date("2026-03-19"));
        assert_eq!(calendar.time_zone(), chrono_tz::Asia::Jakarta);
    }

    #[test]
    fn inverted_and_empty_intervals_are_named() {
        let mut version = office();
        version.week.tue = vec![iv("17:00", "08:00")];
        version.week.wed = vec![iv("08:00", "08:00")];
        let errors = Calendar::new(spec(vec![version])).unwrap_err();
        assert_eq!(
            fields(&errors),
            ["versions[0].week.tue[0]", "versions[0].week.wed[0]"]
        );
        assert!(errors[0].reason.contains("17:00-08:00"), "{errors:?}");
    }

    #[test]
    fn overlapping_intervals_are_named_touching_ones_are_fine() {
        let mut version = office();
        version.week.thu = vec![iv("08:00", "12:00"), iv("12:00", "17:00")];
        version.week.fri = vec![iv("13:00", "17:00"), iv("08:00", "13:30")];
        let errors = Calendar::new(spec(vec![version])).unwrap_err();
        assert_eq!(fields(&errors), ["versions[0].week.fri[1]"]);
        assert!(errors[0].reason.contains("overlaps"), "{errors:?}");
    }

    #[test]
    fn an_exception_outside_its_version_is_named() {
        let mut first = office();
        first.exceptions = vec![
            Exception {
                date: date("2025-12-31"),
                name: "before".into(),
                intervals: vec![],
            },
            Exception {
                date: date("2026-06-01"),
                name: "in the next version".into(),
                intervals: vec![],
            },
            Exception {
                date: date("2026-05-31"),
                name: "last day: fine".into(),
                intervals: vec![],
            },
        ];
        let mut second = office();
        second.effective_from = date("2026-06-01");
        second.exceptions = vec![Exception {
            date: date("2026-06-01"),
            name: "first day: fine".into(),
            intervals: vec![iv("10:00", "09:00")],
        }];
        let errors = Calendar::new(spec(vec![first, second])).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "versions[0].exceptions[0].date",
                "versions[0].exceptions[1].date",
                "versions[1].exceptions[0].intervals[0]",
            ]
        );
        assert!(
            errors[1].reason.contains("until before 2026-06-01"),
            "{errors:?}"
        );
    }

    #[test]
    fn versions_in_order_zone_known_one_exception_per_date() {
        let mut second = office();
        second.effective_from = date("2026-01-01");
        second.exceptions = vec![
            Exception {
                date: date("2026-02-01"),
                name: "a".into(),
                intervals: vec![],
            },
            Exception {
                date: date("2026-02-01"),
                name: "b".into(),
                intervals: vec![],
            },
        ];
        let mut bad = spec(vec![office(), second]);
        bad.time_zone = "Asia/Bandung".into();
        let errors = Calendar::new(bad).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "time_zone",
                "versions[1].effective_from",
                "versions[1].exceptions[1].date"
            ]
        );
        assert_eq!(
            fields(&Calendar::new(spec(vec![])).unwrap_err()),
            ["versions"]
        );
    }

    #[test]
    fn version_in_force_and_exceptions_replace_the_day() {
        let mut first = office();
        first.exceptions = vec![Exception {
            date: date("2026-03-20"),
            name: "Nyepi".into(),
            intervals: vec![],
        }];
        let mut second = office();
        second.effective_from = date("2026-07-01");
        second.week.sat = vec![];
        second.exceptions = vec![Exception {
            date: date("2026-07-04"),
            name: "Saturday half day".into(),
            intervals: vec![iv("09:00", "11:00")],
        }];
        let calendar = Calendar::new(spec(vec![first, second])).unwrap();
        assert!(calendar.version_on(date("2025-12-31")).is_none());
        assert!(calendar.hours_on(date("2025-12-31")).is_empty());
        // 2026-03-20 is a Friday: the holiday closes it.
        assert!(calendar.hours_on(date("2026-03-20")).is_empty());
        assert_eq!(calendar.hours_on(date("2026-03-19")).len(), 2);
        // Saturdays: open until June, closed from July, except the dated half day.
        assert_eq!(
            calendar.hours_on(date("2026-06-27")),
            [iv("08:00", "12:00")]
        );
        assert!(calendar.hours_on(date("2026-07-11")).is_empty());
        assert_eq!(
            calendar.hours_on(date("2026-07-04")),
            [iv("09:00", "11:00")]
        );
    }

    #[test]
    fn spans_are_utc_in_the_calendars_zone() {
        let mut wita = spec(vec![office()]);
        wita.time_zone = "Asia/Makassar".into();
        let calendar = Calendar::new(wita).unwrap();
        let spans: Vec<_> = calendar.spans_on(date("2026-03-02")).collect();
        assert_eq!(spans[0].0.to_rfc3339(), "2026-03-02T00:00:00+00:00");
        assert_eq!(spans[1].1.to_rfc3339(), "2026-03-02T09:00:00+00:00");
        let always = Calendar::always_open(chrono_tz::Asia::Jakarta);
        let spans: Vec<_> = always.spans_on(date("2026-03-02")).collect();
        assert_eq!(spans[0].0.to_rfc3339(), "2026-03-01T17:00:00+00:00");
        assert_eq!(spans[0].1.to_rfc3339(), "2026-03-02T17:00:00+00:00");
    }

    #[test]
    fn a_new_version_takes_effect_after_today_only() {
        let calendar = Calendar::new(spec(vec![office()])).unwrap();
        let mut next = office();
        next.effective_from = date("2026-05-01");
        let errors = calendar
            .with_version(next.clone(), date("2026-05-01"))
            .unwrap_err();
        assert_eq!(fields(&errors), ["effective_from"]);
        let changed = calendar.with_version(next, date("2026-04-30")).unwrap();
        assert_eq!(changed.versions().len(), 2);
        assert_eq!(changed.versions()[1].effective_from, date("2026-05-01"));
    }
}
