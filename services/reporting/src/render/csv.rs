//! A report as CSV: one header row (the lead columns, then each KPI key) and one line per
//! report row. Values are plain numbers as the JSON has them (ratios as fractions,
//! durations in seconds), so a spreadsheet or a script reads them without parsing
//! percent signs; an undefined value (a rate over zero) is an empty cell.

use anyhow::Context as _;

use super::LEAD_COLUMNS;
use crate::kpi::Report;

/// `report` as CSV bytes (UTF-8, comma separated, CRLF-free `\n` lines).
pub fn report(report: &Report) -> crate::Result<Vec<u8>> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let header = LEAD_COLUMNS
        .iter()
        .copied()
        .chain(report.columns.iter().map(|kpi| kpi.key));
    out.write_record(header).context("writing the CSV header")?;
    for row in &report.rows {
        let mut record: Vec<String> = Vec::with_capacity(LEAD_COLUMNS.len() + row.values.len());
        record.push(row.period_start.to_string());
        record.push(row.period_end.to_string());
        record.push(row.group.kind.to_owned());
        record.push(row.group.id.clone().unwrap_or_default());
        record.push(row.group.label.clone());
        record.extend(
            row.values
                .iter()
                .map(|value| value.map(number).unwrap_or_default()),
        );
        out.write_record(&record).context("writing a CSV row")?;
    }
    Ok(out
        .into_inner()
        .map_err(|err| anyhow::anyhow!("finishing the CSV: {err}"))?)
}

/// A value as its shortest exact decimal (`3`, `0.25`): Rust's `Display` of f64 never
/// uses an exponent for the magnitudes a report has, and round-trips.
fn number(value: f64) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use chrono::NaiveDate;

    use crate::kpi::{Better, GroupKey, KpiDef, Report, ReportRow, Target, Unit};

    pub const CALLS: KpiDef = KpiDef {
        key: "calls",
        family: "outbound",
        name: "Calls",
        unit: Unit::Count,
        definition: "Call attempts.",
        target: None,
    };
    pub const RATE: KpiDef = KpiDef {
        key: "contact_rate",
        family: "outbound",
        name: "Contact rate",
        unit: Unit::Ratio,
        definition: "Contacts ÷ calls.",
        target: Some(Target {
            value: 0.4,
            better: Better::Higher,
        }),
    };
    pub const DURATION: KpiDef = KpiDef {
        key: "avg_call_duration",
        family: "outbound",
        name: "Average call duration",
        unit: Unit::Seconds,
        definition: "Mean talk time.",
        target: None,
    };

    pub fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    /// Three days of the total, the middle one without contacts.
    pub fn sample() -> Report {
        let row = |d: u32, calls: f64, rate: Option<f64>, secs: Option<f64>| ReportRow {
            period_start: day(d),
            period_end: day(d),
            group: GroupKey::total(),
            values: vec![Some(calls), rate, secs],
        };
        Report {
            family: "outbound",
            columns: vec![&CALLS, &RATE, &DURATION],
            rows: vec![
                row(1, 120.0, Some(0.25), Some(185.5)),
                row(2, 0.0, None, None),
                row(3, 80.0, Some(0.5), Some(3725.0)),
            ],
        }
    }

    #[test]
    fn the_csv_has_a_header_plain_numbers_and_empty_cells_for_undefined_values() {
        let csv = String::from_utf8(super::report(&sample()).unwrap()).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines,
            [
                "period_start,period_end,group_kind,group_id,group_label,calls,contact_rate,avg_call_duration",
                "2026-12-01,2026-12-01,total,,total,120,0.25,185.5",
                "2026-12-02,2026-12-02,total,,total,0,,",
                "2026-12-03,2026-12-03,total,,total,80,0.5,3725",
            ]
        );
    }

    #[test]
    fn a_label_with_a_comma_is_quoted() {
        let mut report = sample();
        report.rows.truncate(1);
        report.rows[0].group = GroupKey::of_code("work_order", "WO-1, batch 2");
        let csv = String::from_utf8(super::report(&report).unwrap()).unwrap();
        assert!(
            csv.contains("work_order,\"WO-1, batch 2\",\"WO-1, batch 2\",120"),
            "{csv}"
        );
    }
}
