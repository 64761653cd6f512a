//! A report in the formats a person opens: CSV, XLSX (with a native chart), and the
//! trend charts as PNG and SVG. The renderers read only [`Report`](crate::kpi::Report)
//! and [`KpiDef`](crate::kpi::KpiDef), so every family gets them for free.

pub mod chart;
pub mod csv;
pub mod xlsx;

/// The columns every export starts with, before one column per KPI key.
pub const LEAD_COLUMNS: [&str; 5] = [
    "period_start",
    "period_end",
    "group_kind",
    "group_id",
    "group_label",
];

/// The media type of a CSV export.
pub const CSV_MEDIA_TYPE: &str = "text/csv; charset=utf-8";
/// The media type of an XLSX workbook.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
