//! A WIB day's ticket count as helpdesk's own tables have it: what reporting's
//! reconciliation compares its totals with. Defined as reporting's: tickets of every
//! channel opened on the WIB day (`opened_at`, the time of `helpdesk.ticket.opened`).

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

use crate::app::Helpdesk;

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
    /// `tickets_opened`: tickets of every channel opened that day.
    pub counts: BTreeMap<String, i64>,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Text)]
    figure: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A WIB day's tickets opened (for reporting's reconciliation).
///
/// All-site roles. `tickets_opened`: tickets of every channel opened that day. 400 without a valid `day`.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/daily-counts",
    tag = "tickets",
    security(("bearer" = [])),
    params(DayQuery),
    responses(
        (status = 200, body = DailyCounts),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn daily_counts(
    _caller: Caller,
    s: web::Data<Helpdesk>,
    query: web::Query<DayQuery>,
) -> Result<web::Json<DailyCounts>, Problem> {
    let mut f = Fields::new();
    let day = f.required("day", query.into_inner().day.as_deref(), parse_date);
    let day = f.finish(day)?;
    let (start, end) = wib_day_bounds(day);
    let mut conn = s.pool.get().await.map_err(crate::Error::from)?;
    let rows: Vec<Count> = diesel::sql_query(
        "SELECT 'tickets_opened' AS figure, COUNT(*) AS n FROM tickets
         WHERE opened_at >= $1 AND opened_at < $2",
    )
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .load(&mut conn)
    .await
    .map_err(crate::Error::from)?;
    let counts = rows.into_iter().map(|r| (r.figure, r.n)).collect();
    Ok(web::Json(DailyCounts { day, counts }))
}
