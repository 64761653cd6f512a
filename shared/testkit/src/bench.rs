//! One shape for every benchmark's figures, so `scripts/bench.sh` can put them side by
//! side: each bench calls [`record`] once per figure; with `TAM_BENCH_RESULTS` set to a
//! file, the figure is appended to it as one JSON line (the script turns the lines into
//! its table and its JSON file), and it is always printed.
//!
//! A figure is compared with its *ceiling* measured in the same run (raw COPY, pgbench's
//! bare statement, raw lapin with confirms, the service without the gateway): absolute
//! figures mean little on two shared cores, ratios in one run do.

use std::io::Write as _;

use serde::{Deserialize, Serialize};

/// Where [`record`] appends its JSON lines (set by `scripts/bench.sh`).
pub const RESULTS_VARIABLE: &str = "TAM_BENCH_RESULTS";
/// Set to `1` for a smoke run: a few hundred iterations, to show the bench still runs.
pub const SMOKE_VARIABLE: &str = "TAM_BENCH_SMOKE";

/// Whether this is a smoke run (`TAM_BENCH_SMOKE=1`): small sizes, no figures to read.
pub fn smoke() -> bool {
    std::env::var(SMOKE_VARIABLE).is_ok_and(|v| v == "1")
}

/// What a figure must reach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// `figure / ceiling` at least this (e.g. 0.5: half the ceiling's throughput).
    RatioAtLeast { ratio: f64 },
    /// `figure / ceiling` at most this (e.g. an overhead's share).
    RatioAtMost { ratio: f64 },
    /// The figure itself at most this (e.g. a p99 in ms, a peak in MB).
    AtMost { value: f64 },
    /// The figure itself at least this.
    AtLeast { value: f64 },
    /// Reported for information (e.g. a ceiling's own latency, resident memory idle).
    None,
}

/// The ceiling a figure is compared with, measured in the same run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ceiling {
    /// What was measured, e.g. "pgbench, the bare claim statement, 64 clients".
    pub name: String,
    /// In the figure's unit.
    pub value: f64,
}

/// One figure of one hot path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// The path and the case, e.g. "next: claims/s, 64 agents".
    pub path: String,
    /// The suite's figure.
    pub figure: f64,
    /// Its unit, e.g. "claims/s", "ms", "MB".
    pub unit: String,
    pub ceiling: Option<Ceiling>,
    pub goal: Goal,
    /// Anything a reader of the table needs (sizes, the measured cause of a miss).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Whether this came from a smoke run (never goes into the README).
    #[serde(default)]
    pub smoke: bool,
}

impl Measurement {
    /// A figure with no ceiling; add one with [`Measurement::against`].
    pub fn new(path: impl Into<String>, figure: f64, unit: impl Into<String>, goal: Goal) -> Self {
        Self {
            path: path.into(),
            figure,
            unit: unit.into(),
            ceiling: None,
            goal,
            note: String::new(),
            smoke: smoke(),
        }
    }

    /// The ceiling measured in the same run.
    pub fn against(mut self, name: impl Into<String>, value: f64) -> Self {
        self.ceiling = Some(Ceiling {
            name: name.into(),
            value,
        });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// `figure / ceiling`, when there is a ceiling that is not zero.
    pub fn ratio(&self) -> Option<f64> {
        self.ceiling
            .as_ref()
            .filter(|c| c.value != 0.0)
            .map(|c| self.figure / c.value)
    }

    /// Whether the goal is met; `None` when there is no goal, or a ratio goal has no
    /// ceiling to divide by.
    pub fn met(&self) -> Option<bool> {
        match self.goal {
            Goal::RatioAtLeast { ratio } => self.ratio().map(|r| r >= ratio),
            Goal::RatioAtMost { ratio } => self.ratio().map(|r| r <= ratio),
            Goal::AtMost { value } => Some(self.figure <= value),
            Goal::AtLeast { value } => Some(self.figure >= value),
            Goal::None => None,
        }
    }

    /// The goal as the table shows it, e.g. "≥ 50%" or "≤ 50 ms".
    pub fn goal_text(&self) -> String {
        match self.goal {
            Goal::RatioAtLeast { ratio } => format!("≥ {:.0}% of the ceiling", ratio * 100.0),
            Goal::RatioAtMost { ratio } => format!("≤ {:.0}% of the ceiling", ratio * 100.0),
            Goal::AtMost { value } => format!("≤ {value} {}", self.unit),
            Goal::AtLeast { value } => format!("≥ {value} {}", self.unit),
            Goal::None => "—".into(),
        }
    }
}

/// Prints `measurement` and, when `TAM_BENCH_RESULTS` names a file, appends it there as
/// one JSON line. A bench's figures are worth more than a failed append: that only warns.
pub fn record(measurement: &Measurement) {
    let ratio = measurement
        .ratio()
        .map(|r| format!(" ({:.1}% of {})", r * 100.0, ceiling_name(measurement)))
        .unwrap_or_default();
    let verdict = match measurement.met() {
        Some(true) => "met",
        Some(false) => "missed",
        None => "—",
    };
    println!(
        "bench: {}: {:.2} {}{ratio}; goal {}: {verdict}",
        measurement.path,
        measurement.figure,
        measurement.unit,
        measurement.goal_text()
    );
    let Some(path) = std::env::var_os(RESULTS_VARIABLE) else {
        return;
    };
    let appended = serde_json::to_string(measurement)
        .map_err(std::io::Error::other)
        .and_then(|line| {
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)?;
            writeln!(file, "{line}")
        });
    if let Err(e) = appended {
        eprintln!("bench: could not append to {}: {e}", path.to_string_lossy());
    }
}

/// The machine's busy CPU time so far (every core: user, nice, system, irq, softirq,
/// steal), from `/proc/stat`; zero where that cannot be read. The difference over a run
/// divided by the work done is what each unit of work cost the whole machine (service,
/// PostgreSQL, RabbitMQ and the bench's own clients alike), which is what two shared cores
/// make the ceiling of a throughput. Meaningful only on an otherwise quiet machine.
pub fn machine_busy() -> std::time::Duration {
    std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|stat| busy_jiffies(&stat))
        // USER_HZ: 100 on every Linux this runs on.
        .map_or(std::time::Duration::ZERO, |j| {
            std::time::Duration::from_millis(j * 10)
        })
}

/// The busy jiffies of the `cpu` line of `/proc/stat`: every column but idle and iowait.
fn busy_jiffies(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let columns: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|c| c.parse().ok())
        .collect::<Option<_>>()?;
    // user nice system idle iowait irq softirq steal [guest guest_nice, inside user]
    let busy = columns
        .iter()
        .take(8)
        .enumerate()
        .filter(|(i, _)| *i != 3 && *i != 4)
        .map(|(_, v)| v)
        .sum();
    Some(busy)
}

fn ceiling_name(measurement: &Measurement) -> &str {
    measurement.ceiling.as_ref().map_or("", |c| c.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_time_leaves_out_idle_and_iowait() {
        let stat = "cpu  100 5 50 9000 300 7 3 2 40 0\ncpu0 50 2 25 4500 150 3 1 1 20 0\n";
        assert_eq!(busy_jiffies(stat), Some(100 + 5 + 50 + 7 + 3 + 2));
        assert_eq!(busy_jiffies("intr 1 2 3"), None);
    }

    #[test]
    fn a_ratio_goal_is_met_at_half_the_ceiling_and_missed_below() {
        let goal = Goal::RatioAtLeast { ratio: 0.5 };
        let m = Measurement::new("next", 500.0, "claims/s", goal).against("pgbench", 1000.0);
        assert_eq!(m.ratio(), Some(0.5));
        assert_eq!(m.met(), Some(true));
        let m = Measurement::new("next", 499.0, "claims/s", goal).against("pgbench", 1000.0);
        assert_eq!(m.met(), Some(false));
        // No ceiling, no verdict: a ratio goal cannot be judged without one.
        assert_eq!(
            Measurement::new("next", 499.0, "claims/s", goal).met(),
            None
        );
    }

    #[test]
    fn an_overhead_goal_is_met_at_or_below_its_share() {
        let goal = Goal::RatioAtMost { ratio: 0.15 };
        let m = Measurement::new("gateway", 15.0, "%", goal).against("service", 100.0);
        assert_eq!(m.met(), Some(true));
        let m = Measurement::new("gateway", 16.0, "%", goal).against("service", 100.0);
        assert_eq!(m.met(), Some(false));
    }

    #[test]
    fn absolute_goals_compare_the_figure_itself() {
        let p99 = Measurement::new("p99", 50.1, "ms", Goal::AtMost { value: 50.0 });
        assert_eq!(p99.met(), Some(false));
        let rate = Measurement::new("rate", 3000.0, "events/s", Goal::AtLeast { value: 3000.0 });
        assert_eq!(rate.met(), Some(true));
        assert_eq!(Measurement::new("rss", 80.0, "MB", Goal::None).met(), None);
    }

    #[test]
    fn a_measurement_round_trips_through_its_json_line() {
        let m = Measurement::new("import", 12.5, "s", Goal::RatioAtLeast { ratio: 0.5 })
            .against("COPY", 6.0)
            .note("1,000,000 rows");
        let line = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Measurement>(&line).unwrap(), m);
    }
}
