//! A WIB day's verdict counts as quality's own tables have them: what reporting's
//! reconciliation compares its totals with. Defined as reporting's quality family:
//! a tapping task counts on the WIB day of its first verdict (the time of its first
//! `quality.call.validated`), with its latest revision's verdict (a correction moves it
//! between VALID and RETURN on that day, never counting it twice).

use std::collections::BTreeMap;

use actix_web::web;
use chrono::NaiveDate;
use diesel::sql_types::{BigInt, Text, Timestamptz};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{parse_date, wib_day_bounds, Fields, Problem};
use utoipa::{IntoParams, ToSchema};

use crate::app::Quality;

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
    /// `verdicts`, `verdicts_valid`, `verdicts_returned`.
    pub counts: BTreeMap<String, i64>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Text)]
    figure: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A WIB day's verdicts, VALID and RETURN (for reporting's reconciliation).
///
/// All-site roles. `verdicts`: tasks whose first verdict was given that day; `verdicts_valid` and `verdicts_returned`: those whose latest verdict is VALID or RETURN. 400 without a valid `day`.
#[utoipa::path(
    get,
    path = "/api/v1/quality/daily-counts",
    tag = "tasks",
    security(("bearer" = [])),
    params(DayQuery),
    responses(
        (status = 200, body = DailyCounts),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn daily_counts(
    _caller: Caller,
    s: web::Data<Quality>,
    query: web::Query<DayQuery>,
) -> Result<web::Json<DailyCounts>, Problem> {
    let mut f = Fields::new();
    let day = f.required("day", query.into_inner().day.as_deref(), parse_date);
    let day = f.finish(day)?;
    let (start, end) = wib_day_bounds(day);
    let mut conn = s.pool.get().await.map_err(crate::Error::from)?;
    let rows: Vec<Count> = diesel::sql_query(
        "WITH judged AS (
             SELECT DISTINCT ON (task_id) task_id, verdict,
                    MIN(decided_at) OVER (PARTITION BY task_id) AS first_at
             FROM task_verdicts
             ORDER BY task_id, revision DESC
         ), day AS (SELECT verdict FROM judged WHERE first_at >= $1 AND first_at < $2)
         SELECT 'verdicts' AS figure, COUNT(*) AS n FROM day
         UNION ALL
         SELECT 'verdicts_valid', COUNT(*) FILTER (WHERE verdict = 'valid') FROM day
         UNION ALL
         SELECT 'verdicts_returned', COUNT(*) FILTER (WHERE verdict = 'returned') FROM day",
    )
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load(&mut conn)
    .await
    .map_err(crate::Error::from)?;
    let counts = rows.into_iter().map(|r| (r.figure, r.n)).collect();
    Ok(web::Json(DailyCounts { day, counts }))
}
