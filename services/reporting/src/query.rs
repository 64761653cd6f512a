//! What a report is asked for: the days, the bucket of each row, the grouping, the
//! filters, and the caller's scope (which a family applies to every query, so that
//! nobody reads beyond it).

use chrono::{Datelike, Duration, NaiveDate};
use tam_kernel::{Program, Site};
use uuid::Uuid;

/// The bucket each row covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    Month,
    /// One bucket for the whole range.
    Range,
}

/// What each row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Total,
    Agent,
    Team,
    Site,
    Program,
    WorkOrder,
}

impl Grouping {
    /// The `group_by` value and the `GroupKey::kind` of its rows.
    pub const fn as_str(self) -> &'static str {
        match self {
            Grouping::Total => "total",
            Grouping::Agent => "agent",
            Grouping::Team => "team",
            Grouping::Site => "site",
            Grouping::Program => "program",
            Grouping::WorkOrder => "work_order",
        }
    }
}

/// How much the caller may see (from their role's scope and token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every site.
    All,
    /// One site.
    Site(Site),
    /// One team (at its site).
    Team { site: Site, team: Uuid },
    /// One agent's own figures.
    Agent { site: Site, agent: Uuid },
}

/// A report request, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportQuery {
    /// The first WIB day, inclusive.
    pub from: NaiveDate,
    /// The last WIB day, inclusive.
    pub to: NaiveDate,
    pub period: Period,
    pub group_by: Grouping,
    pub scope: Scope,
    /// Narrowing filters within the scope.
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub team: Option<Uuid>,
    pub agent: Option<Uuid>,
    pub work_order: Option<Uuid>,
}

/// The bucket `day` falls in: its first and last day, clipped to `[from, to]`.
pub fn bucket(
    period: Period,
    day: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let (start, end) = match period {
        Period::Day => (day, day),
        Period::Week => {
            let start = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            (start, start + Duration::days(6))
        }
        Period::Month => {
            let start = day.with_day(1).unwrap_or(day);
            let next = if start.month() == 12 {
                NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
            };
            (start, next.map_or(start, |n| n - Duration::days(1)))
        }
        Period::Range => (from, to),
    };
    (start.max(from), end.min(to))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weeks_run_monday_to_sunday_clipped_to_the_range() {
        // 2026-12-03 is a Thursday.
        assert_eq!(
            bucket(
                Period::Week,
                d(2026, 12, 3),
                d(2026, 12, 1),
                d(2026, 12, 31)
            ),
            (d(2026, 12, 1), d(2026, 12, 6))
        );
    }

    #[test]
    fn december_ends_on_the_31st() {
        assert_eq!(
            bucket(
                Period::Month,
                d(2026, 12, 15),
                d(2026, 1, 1),
                d(2027, 1, 31)
            ),
            (d(2026, 12, 1), d(2026, 12, 31))
        );
    }
}
