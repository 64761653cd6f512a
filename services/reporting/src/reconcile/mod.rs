//! Reconciliation: does reporting's total of a WIB day equal the source services' own
//! count, figure by figure? Reporting's side is its read models (the families' reports;
//! the outbound rollup for the outcomes its report folds into `unreached`; the raw log
//! for calls started); the source side is each service's `daily-counts` endpoint, read
//! with a service credential. Both sides count a fact on the WIB day of the event that
//! made it true.

pub mod poller;
pub mod source;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text, Timestamptz};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use tam_kernel::wib_day_bounds;
use utoipa::ToSchema;

use crate::families;
use crate::query::{Grouping, Period, ReportQuery, Scope};

/// One compared figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Figure {
    /// The source service: `calling`, `helpdesk` or `quality`.
    pub source: String,
    /// The figure, named as the source's daily counts name it (`calls_agree`).
    pub figure: String,
    /// Reporting's total.
    pub reporting: i64,
    /// The source's own count.
    pub source_value: i64,
    /// reporting − source (0: they agree).
    pub difference: i64,
}

/// A day's reconciliation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Reconciliation {
    #[schema(value_type = String, format = Date)]
    pub day: NaiveDate,
    pub checked_at: DateTime<Utc>,
    pub figures: Vec<Figure>,
    /// How many figures differ.
    pub differences: usize,
}

/// Counts by (source, figure).
pub type Counts = BTreeMap<(String, String), i64>;

/// Every figure either side has (a figure one side lacks counts 0 there), with its
/// difference, in (source, figure) order.
pub fn compare(reporting: &Counts, source: &Counts) -> Vec<Figure> {
    let keys: std::collections::BTreeSet<&(String, String)> =
        reporting.keys().chain(source.keys()).collect();
    keys.into_iter()
        .map(|key| {
            let r = reporting.get(key).copied().unwrap_or(0);
            let s = source.get(key).copied().unwrap_or(0);
            Figure {
                source: key.0.clone(),
                figure: key.1.clone(),
                reporting: r,
                source_value: s,
                difference: r - s,
            }
        })
        .collect()
}

/// The reconciliation of `figures` checked at `checked_at`.
pub fn reconciliation(
    day: NaiveDate,
    checked_at: DateTime<Utc>,
    figures: Vec<Figure>,
) -> Reconciliation {
    let differences = figures.iter().filter(|f| f.difference != 0).count();
    Reconciliation {
        day,
        checked_at,
        figures,
        differences,
    }
}

/// The outcome codes whose figure is `calls_<code>`.
const OUTCOMES: &[&str] = tam_kernel::Outcome::CODES;

/// The report KPIs each source figure equals: (family, kpi, source, figure).
const FROM_REPORTS: &[(&str, &str, &str, &str)] = &[
    ("outbound", "calls", "calling", "calls_completed"),
    ("outbound", "abandoned_calls", "calling", "calls_abandoned"),
    ("activation", "tickets_opened", "helpdesk", "tickets_opened"),
    ("quality", "agree_validated", "quality", "verdicts"),
    ("quality", "valid", "quality", "verdicts_valid"),
    ("quality", "returned", "quality", "verdicts_returned"),
];

#[derive(QueryableByName)]
struct Named {
    #[diesel(sql_type = Text)]
    figure: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Reporting's figures of `day`.
pub async fn reporting_counts(
    conn: &mut AsyncPgConnection,
    day: NaiveDate,
) -> crate::Result<Counts> {
    let mut counts = Counts::new();
    let query = ReportQuery {
        from: day,
        to: day,
        period: Period::Range,
        group_by: Grouping::Total,
        scope: Scope::All,
        site: None,
        program: None,
        team: None,
        agent: None,
        work_order: None,
    };
    let mut reports = BTreeMap::new();
    for (family, kpi, source, figure) in FROM_REPORTS {
        if !reports.contains_key(family) {
            let def = families::family(family).ok_or(crate::Error::NotFound("report family"))?;
            reports.insert(*family, families::report(conn, def, &query).await?);
        }
        let report = &reports[family];
        // A day without facts has no row: 0.
        // (`<[_]>::first`: diesel's `RunQueryDsl::first` would be picked on the Vec.)
        let value = <[crate::kpi::ReportRow]>::first(&report.rows)
            .and_then(|row| report.value(row, kpi))
            .unwrap_or(0.0);
        counts.insert(((*source).into(), (*figure).into()), value.round() as i64);
    }
    // Per outcome: the outbound rollup's columns (its report folds four of them into
    // `unreached`); calls started: the raw log (no family counts them).
    let sums = OUTCOMES
        .iter()
        .map(|code| format!("SELECT 'calls_{code}' AS figure, COALESCE(SUM({code}), 0)::bigint AS n FROM outbound_day WHERE day = $1"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let (start, end) = wib_day_bounds(day);
    let rows: Vec<Named> = diesel::sql_query(format!(
        "{sums} UNION ALL
         SELECT 'calls_started', COUNT(*) FROM raw_events
         WHERE event_type = 'calling.call.started' AND occurred_at >= $2 AND occurred_at < $3"
    ))
    .bind::<Date, _>(day)
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load(conn)
    .await?;
    for row in rows {
        counts.insert(("calling".into(), row.figure), row.n);
    }
    Ok(counts)
}

/// Records `reconciliation` as its day's run (figures replaced).
pub async fn record(conn: &mut AsyncPgConnection, r: &Reconciliation) -> crate::Result<()> {
    diesel::sql_query("DELETE FROM reconciliation_figures WHERE day = $1")
        .bind::<Date, _>(r.day)
        .execute(conn)
        .await?;
    for f in &r.figures {
        diesel::sql_query(
            "INSERT INTO reconciliation_figures
                 (day, source, figure, reporting, source_value, difference)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind::<Date, _>(r.day)
        .bind::<Text, _>(&f.source)
        .bind::<Text, _>(&f.figure)
        .bind::<BigInt, _>(f.reporting)
        .bind::<BigInt, _>(f.source_value)
        .bind::<BigInt, _>(f.difference)
        .execute(conn)
        .await?;
    }
    diesel::sql_query(
        "UPDATE reconciliation_runs SET checked_at = $2, differences = $3, error = NULL
         WHERE day = $1",
    )
    .bind::<Date, _>(r.day)
    .bind::<Timestamptz, _>(r.checked_at)
    .bind::<Integer, _>(i32::try_from(r.differences).unwrap_or(i32::MAX))
    .execute(conn)
    .await?;
    Ok(())
}

/// A recorded daily run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Run {
    #[schema(value_type = String, format = Date)]
    pub day: NaiveDate,
    pub started_at: DateTime<Utc>,
    /// When it finished; null while it runs or after a failure.
    pub checked_at: Option<DateTime<Utc>>,
    /// Figures that differ; null until checked.
    pub differences: Option<i32>,
    /// Why the last attempt failed; null otherwise.
    pub error: Option<String>,
    /// Every figure it compared.
    pub figures: Vec<Figure>,
}

#[derive(QueryableByName)]
struct RunRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Timestamptz)]
    started_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    checked_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Integer>)]
    differences: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    error: Option<String>,
}

#[derive(QueryableByName)]
struct FigureRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(sql_type = Text)]
    source: String,
    #[diesel(sql_type = Text)]
    figure: String,
    #[diesel(sql_type = BigInt)]
    reporting: i64,
    #[diesel(sql_type = BigInt)]
    source_value: i64,
    #[diesel(sql_type = BigInt)]
    difference: i64,
}

/// The recorded runs, newest day first (at most `limit`), each with its figures.
pub async fn runs(conn: &mut AsyncPgConnection, limit: i64) -> crate::Result<Vec<Run>> {
    let rows: Vec<RunRow> = diesel::sql_query(
        "SELECT day, started_at, checked_at, differences, error FROM reconciliation_runs
         ORDER BY day DESC LIMIT $1",
    )
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    let Some(oldest) = rows.last().map(|r| r.day) else {
        return Ok(Vec::new());
    };
    let figures: Vec<FigureRow> = diesel::sql_query(
        "SELECT day, source, figure, reporting, source_value, difference
         FROM reconciliation_figures WHERE day >= $1 ORDER BY day, source, figure",
    )
    .bind::<Date, _>(oldest)
    .load(conn)
    .await?;
    let mut by_day: BTreeMap<NaiveDate, Vec<Figure>> = BTreeMap::new();
    for f in figures {
        by_day.entry(f.day).or_default().push(Figure {
            source: f.source,
            figure: f.figure,
            reporting: f.reporting,
            source_value: f.source_value,
            difference: f.difference,
        });
    }
    Ok(rows
        .into_iter()
        .map(|r| Run {
            figures: by_day.remove(&r.day).unwrap_or_default(),
            day: r.day,
            started_at: r.started_at,
            checked_at: r.checked_at,
            differences: r.differences,
            error: r.error,
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn counts(items: &[(&str, &str, i64)]) -> Counts {
        items
            .iter()
            .map(|(s, f, n)| (((*s).into(), (*f).into()), *n))
            .collect()
    }

    #[test]
    fn every_figure_of_either_side_is_compared_and_a_missing_one_is_zero() {
        let reporting = counts(&[
            ("calling", "calls_agree", 3),
            ("helpdesk", "tickets_opened", 2),
        ]);
        let source = counts(&[
            ("calling", "calls_agree", 2),
            ("helpdesk", "tickets_opened", 2),
            ("quality", "verdicts", 1),
        ]);
        let figures = compare(&reporting, &source);
        assert_eq!(figures.len(), 3);
        assert_eq!(figures[0].figure, "calls_agree");
        assert_eq!(figures[0].difference, 1);
        assert_eq!(figures[1].difference, 0);
        assert_eq!((figures[2].reporting, figures[2].difference), (0, -1));
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(reconciliation(day, Utc::now(), figures).differences, 2);
    }

    #[test]
    fn each_report_figure_names_a_kpi_its_family_has() {
        for (family, kpi, _, _) in FROM_REPORTS {
            let def = families::family(family).unwrap();
            assert!(def.kpis.iter().any(|k| k.key == *kpi), "{family}.{kpi}");
        }
    }
}

/// What the reconciliation routes and the daily run share.
#[derive(Clone)]
pub struct Reconciler {
    pub pool: tam_db::DbPool,
    pub clock: tam_kernel::Clock,
    pub sources: source::Sources,
    /// How often the daily run's poller looks whether yesterday is due.
    pub poll_interval: std::time::Duration,
}

/// The settings the reconciliation reads (listed in `settings::VARIABLES`): the hr
/// account it logs in with,
pub const USERNAME_VARIABLE: tam_runtime::Variable = (
    "TAM_RECONCILE_USERNAME",
    "",
    "the hr account (an all-site role such as manager, its first password already changed) reporting logs in with to read the source services' daily counts; unset: no reconciliation (503)",
);
/// its password,
pub const PASSWORD_VARIABLE: tam_runtime::Variable = (
    "TAM_RECONCILE_PASSWORD",
    "",
    "the password of TAM_RECONCILE_USERNAME",
);
/// and how often the daily run's poller looks.
pub const POLL_VARIABLE: tam_runtime::Variable = (
    "TAM_RECONCILE_POLL_INTERVAL_MS",
    "60000",
    "how often each reporting replica looks whether yesterday's reconciliation (due from 01:00 WIB) has been run",
);

impl Reconciler {
    /// From the process's configuration: the credential (both variables or none), the
    /// services' addresses, the poll interval.
    pub fn new(config: &tam_runtime::Config, pool: tam_db::DbPool) -> anyhow::Result<Self> {
        let username: String = config.setting(USERNAME_VARIABLE.0, String::new())?;
        let password: String = config.setting(PASSWORD_VARIABLE.0, String::new())?;
        let credential =
            (!username.trim().is_empty() && !password.is_empty()).then(|| source::Credential {
                username: username.trim().to_owned(),
                password,
            });
        let poll_ms: u64 = config.positive_setting(POLL_VARIABLE.0, 60_000)?;
        Ok(Self {
            pool,
            clock: config.clock.clone(),
            sources: source::Sources::new(config, credential)?,
            poll_interval: std::time::Duration::from_millis(poll_ms),
        })
    }

    /// `day`'s reconciliation, checked now.
    pub async fn check(&self, day: NaiveDate) -> Result<Reconciliation, CheckError> {
        let source = self.sources.counts(day).await?;
        let mut conn = self.pool.get().await.map_err(crate::Error::from)?;
        let reporting = reporting_counts(&mut conn, day).await?;
        Ok(reconciliation(
            day,
            self.clock.now(),
            compare(&reporting, &source),
        ))
    }

    /// The daily run's poller.
    pub fn poller(&self) -> poller::Poller {
        poller::Poller {
            pool: self.pool.clone(),
            clock: self.clock.clone(),
            sources: self.sources.clone(),
            interval: self.poll_interval,
        }
    }
}

/// Why a check failed.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Source(#[from] source::SourceError),
    #[error(transparent)]
    Reporting(#[from] crate::Error),
}
