//! Trend charts (plotters): a KPI's daily series against its target line, as PNG or SVG.
//!
//! Text is drawn with DejaVu Sans compiled into the binary (`assets/`, through plotters'
//! `ab_glyph` feature), so a container without system fonts draws the same chart; the
//! PNG is encoded by the `png` crate from plotters' RGB buffer.

use std::sync::OnceLock;

use anyhow::{anyhow, Context as _};
use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::kpi::{KpiDef, Unit};

/// The vendored font (see assets/README.md for its license).
static FONT: &[u8] = include_bytes!("../../assets/DejaVuSans.ttf");

/// The smallest and largest chart a request may ask for, in pixels.
pub const MIN_SIZE: u32 = 200;
pub const MAX_SIZE: u32 = 4000;

/// The colour of the target line (and the word "target" in its legend).
const TARGET_COLOUR: RGBColor = RGBColor(0xC6, 0x28, 0x28);
const SERIES_COLOUR: RGBColor = RGBColor(0x1F, 0x5F, 0xA8);

/// One KPI's daily values (`None`: undefined that day, a gap in the line).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub kpi: &'static KpiDef,
    pub points: Vec<(NaiveDate, Option<f64>)>,
}

fn font_registered() -> anyhow::Result<()> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| register_font("sans-serif", FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(anyhow!("the vendored chart font does not load"))
    }
}

fn check_size(width: u32, height: u32) -> anyhow::Result<()> {
    if (MIN_SIZE..=MAX_SIZE).contains(&width) && (MIN_SIZE..=MAX_SIZE).contains(&height) {
        Ok(())
    } else {
        Err(anyhow!(
            "a chart is {MIN_SIZE} to {MAX_SIZE} pixels wide and high, not {width}x{height}"
        ))
    }
}

/// The chart as a PNG of `width` × `height` pixels.
pub fn png(series: &Series, width: u32, height: u32) -> crate::Result<Vec<u8>> {
    check_size(width, height)?;
    font_registered()?;
    let mut rgb = vec![0u8; (width as usize) * (height as usize) * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
        draw(&root, series).map_err(|e| anyhow!("drawing the chart: {e}"))?;
        root.present()
            .map_err(|e| anyhow!("drawing the chart: {e}"))?;
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().context("encoding the PNG")?;
        writer.write_image_data(&rgb).context("encoding the PNG")?;
        writer.finish().context("encoding the PNG")?;
    }
    Ok(out)
}

/// The chart as an SVG document of `width` × `height`.
pub fn svg(series: &Series, width: u32, height: u32) -> crate::Result<String> {
    check_size(width, height)?;
    font_registered()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw(&root, series).map_err(|e| anyhow!("drawing the chart: {e}"))?;
        root.present()
            .map_err(|e| anyhow!("drawing the chart: {e}"))?;
    }
    Ok(out)
}

/// The y axis's range: every value and the target, with some air; ratios from 0.
fn y_range(series: &Series) -> (f64, f64) {
    let values = series
        .points
        .iter()
        .filter_map(|(_, v)| *v)
        .filter(|v| v.is_finite())
        .chain(series.kpi.target.map(|t| t.value));
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() {
        // Nothing to draw: an empty frame from 0 to 1 (100% for a ratio).
        return (0.0, 1.0);
    }
    match series.kpi.unit {
        Unit::Ratio => (0.0f64.min(lo), (hi * 1.1).clamp(0.1, 1.0).max(hi)),
        _ => {
            let lo = if lo >= 0.0 { 0.0 } else { lo * 1.1 };
            let hi = if hi <= lo { lo + 1.0 } else { hi * 1.1 };
            (lo, hi)
        }
    }
}

/// A y-axis label: ratios as percent, durations in seconds as h:mm:ss.
fn y_label(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Ratio => format!("{:.0}%", v * 100.0),
        Unit::Seconds => {
            let s = v.round() as i64;
            format!("{}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
        }
        // The axis may tick between whole numbers on a small range (0.5, 1.5): a tick
        // rounded to the nearest whole would print the same label twice.
        Unit::Count | Unit::Minutes if v.fract().abs() < 1e-9 => format!("{v:.0}"),
        Unit::Count | Unit::Minutes => format!("{v:.1}"),
        Unit::Number | Unit::PerHour => format!("{v:.2}"),
    }
}

fn unit_caption(unit: Unit) -> &'static str {
    match unit {
        Unit::Ratio => "%",
        Unit::Seconds => "h:mm:ss",
        Unit::Minutes => "minutes",
        Unit::Count => "count",
        Unit::PerHour => "per hour",
        Unit::Number => "value",
    }
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    series: &Series,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let first = series.points.first().map(|(d, _)| *d);
    let days = i32::try_from(series.points.len())
        .unwrap_or(i32::MAX)
        .max(1);
    // x is the day's index from the first day (at least a one-day span so a single day
    // still draws).
    let x_of = |d: NaiveDate| first.map_or(0, |f| i32::try_from((d - f).num_days()).unwrap_or(0));
    let (y_lo, y_hi) = y_range(series);
    let unit = series.kpi.unit;
    let mut chart = ChartBuilder::on(root)
        .caption(series.kpi.name, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(0..(days - 1).max(1), y_lo..y_hi)?;
    chart
        .configure_mesh()
        .x_desc("WIB day")
        .y_desc(format!("{} ({})", series.kpi.name, unit_caption(unit)))
        .x_labels(8)
        .x_label_formatter(&|x| {
            first
                .map(|f| {
                    (f + chrono::Duration::days(i64::from(*x)))
                        .format("%d %b")
                        .to_string()
                })
                .unwrap_or_default()
        })
        .y_label_formatter(&|v| y_label(unit, *v))
        .draw()?;

    // The line, broken where a day has no value.
    let mut segments: Vec<Vec<(i32, f64)>> = vec![Vec::new()];
    for (day, value) in &series.points {
        match value.filter(|v| v.is_finite()) {
            Some(v) => segments.last_mut().map_or((), |s| s.push((x_of(*day), v))),
            None => segments.push(Vec::new()),
        }
    }
    let mut labelled = false;
    for segment in segments.into_iter().filter(|s| !s.is_empty()) {
        let points = segment.clone();
        let drawn = chart.draw_series(LineSeries::new(segment, SERIES_COLOUR.stroke_width(2)))?;
        if !labelled {
            drawn.label(series.kpi.name).legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], SERIES_COLOUR.stroke_width(2))
            });
            labelled = true;
        }
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 3, SERIES_COLOUR.filled())),
        )?;
    }
    if let Some(target) = series.kpi.target {
        let label = format!("target {}", y_label(unit, target.value));
        chart
            .draw_series(LineSeries::new(
                [(0, target.value), ((days - 1).max(1), target.value)],
                TARGET_COLOUR.stroke_width(2),
            ))?
            .label(label)
            .legend(|(x, y)| {
                PathElement::new(vec![(x, y), (x + 20, y)], TARGET_COLOUR.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(SeriesLabelPosition::LowerRight)
        .draw()?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::kpi::{Better, Target};

    const SCORE: KpiDef = KpiDef {
        key: "quality_validation_score",
        family: "quality",
        name: "Quality Validation Score",
        unit: Unit::Ratio,
        definition: "valid ÷ validated.",
        target: Some(Target {
            value: 0.95,
            better: Better::Higher,
        }),
    };

    fn series() -> Series {
        let d = |n: u32| NaiveDate::from_ymd_opt(2026, 12, n).unwrap();
        Series {
            kpi: &SCORE,
            points: vec![
                (d(1), Some(0.9)),
                (d(2), Some(0.97)),
                (d(3), None),
                (d(4), Some(0.93)),
                (d(5), Some(1.0)),
            ],
        }
    }

    #[test]
    fn count_ticks_between_whole_numbers_keep_their_fraction() {
        assert_eq!(y_label(Unit::Count, 2.0), "2");
        assert_eq!(y_label(Unit::Count, 1.5), "1.5");
    }

    #[test]
    fn the_png_decodes_at_the_asked_size() {
        let bytes = png(&series(), 640, 320).unwrap();
        let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (640, 320));
    }

    #[test]
    fn the_svg_has_the_target_line_and_percent_labels() {
        let svg = svg(&series(), 960, 480).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert!(svg.contains("target 95%"), "the target's legend");
        // The target line is drawn in its colour.
        assert!(svg.contains("#C62828"), "the target line");
        assert!(svg.contains("WIB day"));
        assert!(svg.contains("100%"), "a ratio's axis reads in percent");
    }

    #[test]
    fn a_series_without_values_still_draws() {
        let mut s = series();
        for p in &mut s.points {
            p.1 = None;
        }
        assert!(svg(&s, 400, 300).is_ok());
    }

    #[test]
    fn an_absurd_size_is_refused() {
        assert!(png(&series(), 10, 10).is_err());
        assert!(svg(&series(), 5000, 480).is_err());
    }

    #[test]
    fn durations_read_as_hours_minutes_seconds() {
        assert_eq!(y_label(Unit::Seconds, 3725.0), "1:02:05");
        assert_eq!(y_label(Unit::Ratio, 0.955), "96%");
    }
}
