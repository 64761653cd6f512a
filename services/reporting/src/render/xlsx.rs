//! A report as an XLSX workbook (rust_xlsxwriter): real numbers with a number format per
//! unit (a ratio is `0.0%`, a duration is a duration), dates as dates, a frozen header,
//! column widths, a sheet of the KPI definitions, and — when the report has more than
//! one period — a native line chart of its first ratio KPI that references the cells, so
//! a manager who corrects or filters the data sees the chart follow.
//!
//! Data sheets are written in constant-memory mode (rows streamed to a temporary file in
//! order), so a 100,000-row export does not hold the sheet in memory.

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ColNum, ExcelDateTime, Format, FormatAlign, RowNum, Workbook,
    Worksheet, XlsxError,
};

use super::LEAD_COLUMNS;
use crate::kpi::{KpiDef, Report, Unit};

/// At most this many groups get a series in a grouped report's chart (the first by
/// label): more lines than that are unreadable.
const MAX_CHART_GROUPS: usize = 8;

/// Excel's limit on a sheet name.
const MAX_SHEET_NAME: usize = 31;

/// `report` as an XLSX workbook: its data sheet (named after the family), its chart if
/// it has more than one period, and a `Definitions` sheet.
pub fn report(report: &Report) -> crate::Result<Vec<u8>> {
    pack(&[(report.family, report)])
}

/// A scheduled pack: one data sheet per `(name, report)`, each with its chart, then one
/// `Definitions` sheet of every KPI in the pack.
pub fn pack(sheets: &[(&str, &Report)]) -> crate::Result<Vec<u8>> {
    build(sheets)
        .context("writing the XLSX workbook")
        .map_err(Into::into)
}

fn build(sheets: &[(&str, &Report)]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let mut used_names: Vec<String> = Vec::new();
    for (name, report) in sheets {
        let name = sheet_name(name, &used_names);
        used_names.push(name.clone());
        write_data_sheet(&mut workbook, &formats, &name, report)?;
        if let Some(trend) = Trend::of(report) {
            let chart = trend_chart(
                &name,
                report,
                &trend,
                &mut workbook,
                &formats,
                &mut used_names,
            )?;
            // The chart sits right of the data, below the frozen header.
            let col = ColNum::try_from(LEAD_COLUMNS.len() + report.columns.len() + 1)
                .unwrap_or(ColNum::MAX);
            workbook
                .worksheet_from_name(&name)?
                .insert_chart(1, col, &chart)?;
        }
    }
    write_definitions(&mut workbook, &formats, sheets, &used_names)?;
    workbook.save_to_buffer()
}

/// The formats of a workbook, one per kind of cell.
struct Formats {
    header: Format,
    date: Format,
    ratio: Format,
    duration: Format,
    count: Format,
    number: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: Format::new().set_bold().set_align(FormatAlign::Center),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            ratio: Format::new().set_num_format("0.0%"),
            duration: Format::new().set_num_format("[h]:mm:ss"),
            count: Format::new().set_num_format("#,##0"),
            number: Format::new().set_num_format("0.00"),
            wrap: Format::new().set_text_wrap(),
        }
    }

    /// The format of `unit`'s cells.
    fn of(&self, unit: Unit) -> &Format {
        match unit {
            Unit::Ratio => &self.ratio,
            Unit::Seconds => &self.duration,
            Unit::Count | Unit::Minutes => &self.count,
            Unit::Number | Unit::PerHour => &self.number,
        }
    }
}

/// The number a cell holds for `value` in `unit`: Excel durations are fractions of a
/// day, so seconds are divided by 86,400 (`[h]:mm:ss` then reads 01:02:05); everything
/// else is the value as the JSON has it.
pub fn cell_value(unit: Unit, value: f64) -> f64 {
    match unit {
        Unit::Seconds => value / 86_400.0,
        _ => value,
    }
}

fn excel_date(day: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    // Report days are 1900..9999 (Excel's range) by construction; u16/u8 hold them.
    let year =
        u16::try_from(day.year()).map_err(|_| XlsxError::DateTimeRangeError(day.to_string()))?;
    ExcelDateTime::from_ymd(year, day.month() as u8, day.day() as u8)
}

fn col(i: usize) -> ColNum {
    ColNum::try_from(i).unwrap_or(ColNum::MAX)
}

fn row(i: usize) -> RowNum {
    RowNum::try_from(i).unwrap_or(RowNum::MAX)
}

fn write_data_sheet(
    workbook: &mut Workbook,
    formats: &Formats,
    name: &str,
    report: &Report,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(name)?;
    set_widths(sheet, report)?;
    sheet.set_freeze_panes(1, 0)?;
    let header = LEAD_COLUMNS
        .iter()
        .copied()
        .chain(report.columns.iter().map(|kpi| kpi.key));
    for (c, title) in header.enumerate() {
        sheet.write_string_with_format(0, col(c), title, &formats.header)?;
    }
    for (i, data) in report.rows.iter().enumerate() {
        let r = row(i + 1);
        sheet.write_date_with_format(r, 0, excel_date(data.period_start)?, &formats.date)?;
        sheet.write_date_with_format(r, 1, excel_date(data.period_end)?, &formats.date)?;
        sheet.write_string(r, 2, data.group.kind)?;
        if let Some(id) = &data.group.id {
            sheet.write_string(r, 3, id)?;
        }
        sheet.write_string(r, 4, &data.group.label)?;
        for (k, (kpi, value)) in report.columns.iter().zip(&data.values).enumerate() {
            if let Some(value) = value.filter(|v| v.is_finite()) {
                let c = col(LEAD_COLUMNS.len() + k);
                sheet.write_number_with_format(
                    r,
                    c,
                    cell_value(kpi.unit, value),
                    formats.of(kpi.unit),
                )?;
            }
        }
    }
    Ok(())
}

fn set_widths(sheet: &mut Worksheet, report: &Report) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_column_width(2, 11)?;
    let id_width = report
        .rows
        .iter()
        .filter_map(|r| r.group.id.as_ref().map(String::len))
        .max()
        .unwrap_or(8);
    sheet.set_column_width(3, id_width.clamp(8, 40) as f64 + 1.0)?;
    let label_width = report
        .rows
        .iter()
        .map(|r| r.group.label.len())
        .max()
        .unwrap_or(8);
    sheet.set_column_width(4, label_width.clamp(8, 40) as f64 + 1.0)?;
    for (k, kpi) in report.columns.iter().enumerate() {
        sheet.set_column_width(
            col(LEAD_COLUMNS.len() + k),
            (kpi.key.len() + 2).max(11) as f64,
        )?;
    }
    Ok(())
}

/// What a report's chart draws: its first ratio KPI over the periods.
struct Trend {
    /// The KPI's column index in the report.
    column: usize,
    kpi: &'static KpiDef,
    /// The distinct periods, in order.
    periods: Vec<NaiveDate>,
    /// Whether every row is the total (one row per period: the chart reads the data
    /// sheet's cells directly); otherwise it reads a pivot sheet of periods × groups.
    total_only: bool,
}

impl Trend {
    fn of(report: &Report) -> Option<Self> {
        let column = report.columns.iter().position(|k| k.unit == Unit::Ratio)?;
        let mut periods: Vec<NaiveDate> = report.rows.iter().map(|r| r.period_start).collect();
        periods.dedup();
        periods.sort_unstable();
        periods.dedup();
        if periods.len() < 2 {
            return None;
        }
        Some(Self {
            column,
            kpi: report.columns[column],
            total_only: report.rows.iter().all(|r| r.group.kind == "total")
                && report.rows.len() == periods.len(),
            periods,
        })
    }
}

fn trend_chart(
    data_sheet: &str,
    report: &Report,
    trend: &Trend,
    workbook: &mut Workbook,
    formats: &Formats,
    used_names: &mut Vec<String>,
) -> Result<Chart, XlsxError> {
    let mut chart = Chart::new_line();
    chart.title().set_name(trend.kpi.name);
    chart.y_axis().set_num_format("0%").set_name(trend.kpi.name);
    chart
        .x_axis()
        .set_num_format("yyyy-mm-dd")
        .set_name("Period");
    chart.set_width(720).set_height(360);
    let value_col = col(LEAD_COLUMNS.len() + trend.column);
    if trend.total_only {
        let last = row(report.rows.len());
        chart
            .add_series()
            .set_name(trend.kpi.name)
            .set_categories((data_sheet, 1, 0, last, 0))
            .set_values((data_sheet, 1, value_col, last, value_col));
        chart.legend().set_hidden();
        return Ok(chart);
    }
    // A grouped report: its rows are by period then group, so one group's cells are not
    // contiguous; a small pivot sheet (periods × the first groups) holds the series.
    let mut by_group: BTreeMap<&str, BTreeMap<NaiveDate, f64>> = BTreeMap::new();
    for r in &report.rows {
        if let Some(v) = report.value(r, trend.kpi.key) {
            by_group
                .entry(r.group.label.as_str())
                .or_default()
                .insert(r.period_start, v);
        }
    }
    let groups: Vec<(&str, BTreeMap<NaiveDate, f64>)> =
        by_group.into_iter().take(MAX_CHART_GROUPS).collect();
    let pivot_name = sheet_name(&format!("{data_sheet} trend"), used_names);
    used_names.push(pivot_name.clone());
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(&pivot_name)?;
    sheet.set_freeze_panes(1, 1)?;
    sheet.set_column_width(0, 12)?;
    sheet.write_string_with_format(0, 0, "period_start", &formats.header)?;
    for (g, (label, _)) in groups.iter().enumerate() {
        sheet.set_column_width(col(g + 1), label.len().clamp(11, 40) as f64)?;
        sheet.write_string_with_format(0, col(g + 1), *label, &formats.header)?;
    }
    for (p, period) in trend.periods.iter().enumerate() {
        let r = row(p + 1);
        sheet.write_date_with_format(r, 0, excel_date(*period)?, &formats.date)?;
        for (g, (_, values)) in groups.iter().enumerate() {
            if let Some(v) = values.get(period) {
                sheet.write_number_with_format(r, col(g + 1), *v, &formats.ratio)?;
            }
        }
    }
    let last = row(trend.periods.len());
    for (g, _) in groups.iter().enumerate() {
        let c = col(g + 1);
        chart
            .add_series()
            .set_name((pivot_name.as_str(), 0, c))
            .set_categories((pivot_name.as_str(), 1, 0, last, 0))
            .set_values((pivot_name.as_str(), 1, c, last, c));
    }
    chart.legend().set_position(ChartLegendPosition::Bottom);
    Ok(chart)
}

fn write_definitions(
    workbook: &mut Workbook,
    formats: &Formats,
    sheets: &[(&str, &Report)],
    used_names: &[String],
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(sheet_name("Definitions", used_names))?;
    sheet.set_freeze_panes(1, 0)?;
    for (c, width) in [24.0, 12.0, 30.0, 10.0, 10.0, 90.0].into_iter().enumerate() {
        sheet.set_column_width(col(c), width)?;
    }
    for (c, title) in ["key", "family", "name", "unit", "target", "definition"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col(c), title, &formats.header)?;
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut r: RowNum = 1;
    for kpi in sheets.iter().flat_map(|(_, report)| report.columns.iter()) {
        if seen.contains(&kpi.key) {
            continue;
        }
        seen.push(kpi.key);
        sheet.write_string(r, 0, kpi.key)?;
        sheet.write_string(r, 1, kpi.family)?;
        sheet.write_string(r, 2, kpi.name)?;
        sheet.write_string(r, 3, unit_name(kpi.unit))?;
        if let Some(target) = kpi.target {
            sheet.write_number_with_format(
                r,
                4,
                cell_value(kpi.unit, target.value),
                formats.of(kpi.unit),
            )?;
        }
        sheet.write_string_with_format(r, 5, kpi.definition, &formats.wrap)?;
        r += 1;
    }
    Ok(())
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "count",
        Unit::Ratio => "ratio",
        Unit::Seconds => "duration",
        Unit::Minutes => "minutes",
        Unit::PerHour => "per hour",
        Unit::Number => "number",
    }
}

/// A valid, unused sheet name from `wanted`: Excel forbids `[]:*?/\`, more than 31
/// characters and duplicates (case-insensitive).
fn sheet_name(wanted: &str, used: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { '_' } else { c })
        .collect();
    let clean = if clean.trim().is_empty() {
        "Sheet".to_owned()
    } else {
        clean
    };
    let base: String = clean.chars().take(MAX_SHEET_NAME).collect();
    let taken = |name: &str| used.iter().any(|u| u.eq_ignore_ascii_case(name));
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let keep = MAX_SHEET_NAME - suffix.len();
            format!("{}{suffix}", clean.chars().take(keep).collect::<String>())
        })
        .find(|name| !taken(name))
        .unwrap_or(base)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::{Cursor, Read};

    use calamine::{Data, Reader, Xlsx};

    use super::super::csv::tests::{day, sample};
    use crate::kpi::GroupKey;

    fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap()
    }

    fn zip_names(bytes: &[u8]) -> Vec<String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
        zip.file_names().map(|n| n.unwrap().into_owned()).collect()
    }

    fn zip_file(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
        let mut out = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn the_workbook_reads_back_with_real_numbers_dates_and_a_chart() {
        let bytes = super::report(&sample()).unwrap();
        let mut book = open(&bytes);
        assert_eq!(book.sheet_names(), ["outbound", "Definitions"]);
        let range = book.worksheet_range("outbound").unwrap();
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(
            header,
            [
                "period_start",
                "period_end",
                "group_kind",
                "group_id",
                "group_label",
                "calls",
                "contact_rate",
                "avg_call_duration"
            ]
        );
        let first = &range.rows().nth(1).unwrap();
        // A date cell, not text.
        assert!(matches!(first[0], Data::DateTime(_)), "{:?}", first[0]);
        let serial = (day(1) - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days();
        assert!(matches!(&first[0], Data::DateTime(d) if d.as_f64() == serial as f64));
        assert_eq!(first[5], Data::Float(120.0));
        assert_eq!(first[6], Data::Float(0.25));
        // 185.5 seconds as a fraction of a day (a duration cell).
        let secs = match &first[7] {
            Data::DateTime(d) => d.as_f64(),
            Data::Float(f) => *f,
            other => panic!("{other:?}"),
        };
        assert!((secs * 86_400.0 - 185.5).abs() < 1e-6, "{secs}");
        // The undefined rate of day 2 is an empty cell.
        let second = &range.rows().nth(2).unwrap();
        assert_eq!(second[6], Data::Empty);
        assert!(zip_names(&bytes)
            .iter()
            .any(|n| n == "xl/charts/chart1.xml"));
        let chart = zip_file(&bytes, "xl/charts/chart1.xml");
        assert!(chart.contains("outbound!$G$2:$G$4"), "{chart}");
        let styles = zip_file(&bytes, "xl/styles.xml");
        assert!(
            styles.contains("0.0%") && styles.contains("[h]:mm:ss"),
            "{styles}"
        );
        let sheet = zip_file(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("state=\"frozen\""), "the header is frozen");
    }

    #[test]
    fn one_period_has_no_chart() {
        let mut report = sample();
        report.rows.truncate(1);
        let bytes = super::report(&report).unwrap();
        assert!(!zip_names(&bytes)
            .iter()
            .any(|n| n.starts_with("xl/charts/")));
    }

    #[test]
    fn a_grouped_report_charts_each_group_from_a_pivot_sheet() {
        let mut report = sample();
        let mut rows = Vec::new();
        for r in &report.rows {
            for site in ["JKT", "BDG"] {
                let mut row = r.clone();
                row.group = GroupKey::of_code("site", site);
                rows.push(row);
            }
        }
        report.rows = rows;
        let bytes = super::report(&report).unwrap();
        let mut book = open(&bytes);
        assert_eq!(
            book.sheet_names(),
            ["outbound", "outbound trend", "Definitions"]
        );
        let pivot = book.worksheet_range("outbound trend").unwrap();
        let header: Vec<String> = pivot
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header, ["period_start", "BDG", "JKT"]);
        assert_eq!(pivot.rows().nth(3).unwrap()[2], Data::Float(0.5));
        assert!(zip_names(&bytes)
            .iter()
            .any(|n| n == "xl/charts/chart1.xml"));
    }

    #[test]
    fn a_pack_has_a_sheet_and_a_chart_per_family() {
        let outbound = sample();
        let mut quality = sample();
        quality.family = "quality";
        let bytes = super::pack(&[("outbound", &outbound), ("quality", &quality)]).unwrap();
        let book = open(&bytes);
        assert_eq!(book.sheet_names(), ["outbound", "quality", "Definitions"]);
        let names = zip_names(&bytes);
        assert!(
            names.iter().any(|n| n == "xl/charts/chart2.xml"),
            "{names:?}"
        );
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        assert_eq!(super::sheet_name("a/b", &[]), "a_b");
        let used = vec!["x".to_owned()];
        assert_eq!(super::sheet_name("X", &used), "X (2)");
        assert_eq!(super::sheet_name(&"y".repeat(40), &[]).len(), 31);
    }
}
