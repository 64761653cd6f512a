//! `bench-table <results.jsonl> <table.json>`: the last step of `scripts/bench.sh`.
//! Reads the figures every bench appended (one [`Measurement`] per line), writes them as
//! one JSON document (the machine-readable table the README names) and prints the table:
//! path, the suite's figure, its ceiling measured in the same run, the ratio, the goal,
//! met or missed. Exits 1 when the results hold no figure at all (a bench that printed
//! nothing is a broken run, not an empty table).

use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::json;
use tam_testkit::bench::Measurement;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [results, table] = args.as_slice() else {
        eprintln!("usage: bench-table <results.jsonl> <table.json>");
        return ExitCode::from(2);
    };
    match run(results, table) {
        Ok(markdown) => {
            print!("{markdown}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-table: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(results: &str, table: &str) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(results).map_err(|e| anyhow::anyhow!("{results}: {e}"))?;
    let measurements = parse(&text)?;
    if measurements.is_empty() {
        anyhow::bail!("{results} holds no figure: did every bench run?");
    }
    let rows: Vec<_> = measurements
        .iter()
        .map(|m| {
            json!({
                "path": m.path,
                "figure": m.figure,
                "unit": m.unit,
                "ceiling": m.ceiling,
                "ratio": m.ratio(),
                "goal": m.goal,
                "goal_text": m.goal_text(),
                "met": m.met(),
                "note": m.note,
                "smoke": m.smoke,
            })
        })
        .collect();
    let document = json!({
        "generated_at": chrono::Utc::now().to_rfc3339(),
        "rows": rows,
    });
    std::fs::write(table, serde_json::to_string_pretty(&document)? + "\n")
        .map_err(|e| anyhow::anyhow!("{table}: {e}"))?;
    Ok(markdown(&measurements))
}

fn parse(text: &str) -> anyhow::Result<Vec<Measurement>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| anyhow::anyhow!("line {}: {e}", i + 1))
        })
        .collect()
}

/// The table as the README shows it.
fn markdown(measurements: &[Measurement]) -> String {
    let mut out = String::from(
        "| path | figure | ceiling (same run) | ratio | goal | verdict |\n|---|---|---|---|---|---|\n",
    );
    for m in measurements {
        let ceiling = m.ceiling.as_ref().map_or("—".to_owned(), |c| {
            format!("{} {} ({})", number(c.value), m.unit, c.name)
        });
        let ratio = m
            .ratio()
            .map_or("—".to_owned(), |r| format!("{:.1}%", r * 100.0));
        let verdict = match m.met() {
            Some(true) => "met",
            Some(false) => "**missed**",
            None => "—",
        };
        let _ = writeln!(
            out,
            "| {} | {} {} | {ceiling} | {ratio} | {} | {verdict} |",
            m.path,
            number(m.figure),
            m.unit,
            m.goal_text()
        );
    }
    out
}

/// Figures to the precision a reader uses: whole numbers from 100 up.
fn number(value: f64) -> String {
    if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use tam_testkit::bench::Goal;

    #[test]
    fn the_table_shows_each_figure_against_its_ceiling_and_says_missed() {
        let lines = [
            Measurement::new("next", 400.0, "claims/s", Goal::RatioAtLeast { ratio: 0.5 })
                .against("pgbench", 1000.0),
            Measurement::new("next p99", 12.0, "ms", Goal::AtMost { value: 50.0 }),
        ]
        .map(|m| serde_json::to_string(&m).unwrap())
        .join("\n");
        let parsed = parse(&lines).unwrap();
        let table = markdown(&parsed);
        assert!(
            table.contains("| next | 400 claims/s | 1000 claims/s (pgbench) | 40.0% | ≥ 50% of the ceiling | **missed** |"),
            "{table}"
        );
        assert!(
            table.contains("| next p99 | 12.0 ms | — | — | ≤ 50 ms | met |"),
            "{table}"
        );
    }

    #[test]
    fn a_broken_line_names_its_number() {
        let err = parse("\n{\"path\": 1}").unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
    }
}
