//! What a report is: KPI definitions (one written definition each, served by the API
//! and mirrored in docs/kpis.md) and the table every family answers with, which the
//! JSON, CSV, XLSX and chart renderers all read.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// How a KPI's value reads. Ratios are fractions (0.95, not 95); durations are seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A number of things (calls, tickets, minutes of disruption are `Minutes`).
    Count,
    /// A fraction between 0 and 1.
    Ratio,
    /// A duration in seconds.
    Seconds,
    /// A duration in minutes.
    Minutes,
    /// Something per hour (sales per hour present).
    PerHour,
    /// A plain number that is neither (attempts per prospect, a mean score 0–100).
    Number,
}

/// Whether more or less of a KPI is better (the chart's target line and the report's
/// met/missed read it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

/// A KPI's target, where DOMAIN.md or the manual gives one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Target {
    pub value: f64,
    pub better: Better,
}

/// One KPI: its key (the column of every report that has it), its name, its unit, its
/// one written definition, its target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct KpiDef {
    /// `contact_rate`: unique across families.
    pub key: &'static str,
    /// The family whose report has it (`outbound`, `quality`, ...).
    pub family: &'static str,
    pub name: &'static str,
    pub unit: Unit,
    /// The definition, as a manager would read it: numerator ÷ denominator, what counts,
    /// which day it lands on.
    pub definition: &'static str,
    pub target: Option<Target>,
}

/// What a row of a report is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
pub struct GroupKey {
    /// `agent`, `team`, `site`, `program`, `work_order` or `total`.
    pub kind: &'static str,
    /// The agent's, team's or work order's id, the site's or program's code; `None` for
    /// the total and for facts without one (a sale of an agent without a team).
    pub id: Option<String>,
    /// What a person reads: the work order's code, the site's code, the id otherwise
    /// (reporting keeps no names: hr owns them).
    pub label: String,
}

impl GroupKey {
    pub fn total() -> Self {
        Self {
            kind: "total",
            id: None,
            label: "total".into(),
        }
    }

    pub fn of_uuid(kind: &'static str, id: Option<Uuid>) -> Self {
        Self {
            kind,
            id: id.map(|id| id.to_string()),
            label: id.map_or_else(|| "(none)".to_owned(), |id| id.to_string()),
        }
    }

    pub fn of_code(kind: &'static str, code: &str) -> Self {
        Self {
            kind,
            id: Some(code.to_owned()),
            label: code.to_owned(),
        }
    }
}

/// One row: a period bucket and a group, with one value per column of its report
/// (`None`: not defined, such as a rate over zero).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    /// The first WIB day of the bucket.
    pub period_start: NaiveDate,
    /// Its last WIB day (the same as the first for `period=day`).
    pub period_end: NaiveDate,
    pub group: GroupKey,
    pub values: Vec<Option<f64>>,
}

/// A family's answer to a query: its KPI columns, in order, and the rows, sorted by
/// period then group.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub family: &'static str,
    pub columns: Vec<&'static KpiDef>,
    pub rows: Vec<ReportRow>,
}

impl Report {
    /// The value of `key` in `row`, if the report has that column.
    pub fn value(&self, row: &ReportRow, key: &str) -> Option<f64> {
        let at = self.columns.iter().position(|c| c.key == key)?;
        row.values.get(at).copied().flatten()
    }
}

/// `numerator ÷ denominator`, undefined over zero.
pub fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_over_nothing_is_undefined() {
        assert_eq!(ratio(3.0, 0.0), None);
        assert_eq!(ratio(1.0, 4.0), Some(0.25));
    }
}
