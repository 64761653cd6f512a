//! A WIB day's call counts as calling's own tables have them: what reporting's
//! reconciliation compares its totals with. Each figure is defined as reporting's
//! (the WIB day of the event that made it true): calls started on the day (the
//! `calling.call.started` time), results recorded on the day per outcome (the
//! `calling.call.completed` time, `ended_at`), calls closed without a result on the day
//! (the `calling.call.abandoned` time).

use std::collections::BTreeMap;

use actix_web::web;
use chrono::NaiveDate;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{parse_date, wib_day_bounds, Fields, Outcome, Problem};
use utoipa::{IntoParams, ToSchema};

use crate::app::Calling;

/// `?day=YYYY-MM-DD`: the WIB day.
#[derive(Debug, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// The WIB day (required).
    #[param(value_type = chrono::NaiveDate)]
    pub day: Option<String>,
}

/// A day's counts, by figure.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DailyCounts {
    #[schema(value_type = String, format = Date)]
    pub day: NaiveDate,
    /// `calls_started`, `calls_abandoned`, `calls_completed` and `calls_<outcome>` for
    /// every outcome code.
    pub counts: BTreeMap<String, i64>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Nullable<Text>)]
    figure: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A WIB day's call counts (for reporting's reconciliation).
///
/// All-site roles. `calls_started`: calls started that day; `calls_<outcome>`: results
/// recorded that day with that outcome, `calls_completed` their total;
/// `calls_abandoned`: calls closed without a result that day. 400 without a valid
/// `day`.
#[utoipa::path(
    get,
    path = "/api/v1/calling/daily-counts",
    tag = "calls",
    security(("bearer" = [])),
    params(DayQuery),
    responses(
        (status = 200, body = DailyCounts),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn daily_counts(
    _caller: Caller,
    c: web::Data<Calling>,
    query: web::Query<DayQuery>,
) -> Result<web::Json<DailyCounts>, Problem> {
    let mut f = Fields::new();
    let day = f.required("day", query.into_inner().day.as_deref(), parse_date);
    let day = f.finish(day)?;
    let (start, end) = wib_day_bounds(day);
    let mut conn = c.pool.get().await.map_err(crate::Error::from)?;
    let rows: Vec<Count> = diesel::sql_query(
        "SELECT 'calls_started' AS figure, COUNT(*) AS n FROM calls
             WHERE started_at >= $1 AND started_at < $2
         UNION ALL
         SELECT 'calls_' || outcome, COUNT(*) FROM calls
             WHERE outcome IS NOT NULL AND ended_at >= $1 AND ended_at < $2
             GROUP BY outcome
         UNION ALL
         SELECT 'calls_abandoned', COUNT(*) FROM calls
             WHERE abandoned_at >= $1 AND abandoned_at < $2",
    )
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load(&mut conn)
    .await
    .map_err(crate::Error::from)?;
    // Every outcome is listed, 0 when none: a missing figure would read as a difference.
    let mut counts: BTreeMap<String, i64> = Outcome::CODES
        .iter()
        .map(|code| (format!("calls_{code}"), 0))
        .collect();
    for row in rows {
        if let Some(figure) = row.figure {
            *counts.entry(figure).or_insert(0) += row.n;
        }
    }
    let completed = Outcome::CODES
        .iter()
        .map(|code| counts.get(&format!("calls_{code}")).copied().unwrap_or(0))
        .sum();
    counts.insert("calls_completed".into(), completed);
    Ok(web::Json(DailyCounts { day, counts }))
}
