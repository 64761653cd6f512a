//! The counts behind the Quality Validation Score and the tapping coverage.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{Array, BigInt, Date, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Site;

use super::{count, decode};
use crate::domain::score::{Counts, Month, ScoreFilters};

#[derive(QueryableByName)]
struct CountsRow {
    #[diesel(sql_type = BigInt)]
    valid: i64,
    #[diesel(sql_type = BigInt)]
    returned: i64,
    #[diesel(sql_type = BigInt)]
    pending: i64,
}

/// The month's AGREE calls (tasks by the WIB date of the call) by current verdict.
pub async fn month_counts(
    conn: &mut AsyncPgConnection,
    month: Month,
    f: ScoreFilters,
) -> crate::Result<Counts> {
    let (from, to) = month.days();
    let row: CountsRow = diesel::sql_query(
        "SELECT count(*) FILTER (WHERE verdict = 'valid') AS valid,
                count(*) FILTER (WHERE verdict = 'returned') AS returned,
                count(*) FILTER (WHERE verdict IS NULL) AS pending
         FROM tasks
         WHERE call_day >= $1 AND call_day < $2
           AND ($3::text IS NULL OR site = $3)
           AND ($4::text IS NULL OR program = $4)
           AND ($5::uuid IS NULL OR team_id = $5)
           AND ($6::uuid IS NULL OR agent_id = $6)",
    )
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<Text>, _>(f.site.map(|s| s.as_str()))
    .bind::<Nullable<Text>, _>(f.program.map(|p| p.as_str()))
    .bind::<Nullable<SqlUuid>, _>(f.team)
    .bind::<Nullable<SqlUuid>, _>(f.agent)
    .get_result(conn)
    .await?;
    Ok(Counts {
        valid: count(row.valid),
        returned: count(row.returned),
        pending: count(row.pending),
    })
}

#[derive(QueryableByName)]
struct CoverageRow {
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = BigInt)]
    agree_calls: i64,
    #[diesel(sql_type = BigInt)]
    tapped: i64,
    #[diesel(sql_type = BigInt)]
    awaiting_recording: i64,
    #[diesel(sql_type = BigInt)]
    waiting: i64,
    #[diesel(sql_type = BigInt)]
    claimed: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    oldest_waiting: Option<DateTime<Utc>>,
}

/// One site's tapping of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteCoverage {
    pub site: Site,
    pub agree_calls: u64,
    pub tapped: u64,
    pub awaiting_recording: u64,
    pub waiting: u64,
    pub claimed: u64,
    /// The oldest task of the site still waiting to be tapped (or claimed under an
    /// expired lease), created before the end of the day, whatever its call's day.
    pub oldest_waiting: Option<DateTime<Utc>>,
}

/// The tapping of `day` (WIB) at each of `sites`; a site without calls has zeros.
pub async fn coverage(
    conn: &mut AsyncPgConnection,
    sites: &[Site],
    day: NaiveDate,
    now: DateTime<Utc>,
) -> crate::Result<Vec<SiteCoverage>> {
    let (_, day_end) = tam_kernel::wib_day_bounds(day);
    let codes: Vec<&str> = sites.iter().map(|s| s.as_str()).collect();
    let rows: Vec<CoverageRow> = diesel::sql_query(
        "SELECT site,
                count(*) FILTER (WHERE call_day = $2) AS agree_calls,
                count(*) FILTER (WHERE call_day = $2 AND verdict IS NOT NULL) AS tapped,
                count(*) FILTER (WHERE call_day = $2 AND status = 'awaiting_recording')
                    AS awaiting_recording,
                count(*) FILTER (WHERE call_day = $2 AND status = 'waiting') AS waiting,
                count(*) FILTER (WHERE call_day = $2 AND status = 'claimed') AS claimed,
                min(created_at) FILTER (
                    WHERE created_at < $3
                      AND (status = 'waiting'
                           OR (status = 'claimed' AND lease_expires_at <= $4))
                ) AS oldest_waiting
         FROM tasks
         WHERE site = ANY($1)
         GROUP BY site",
    )
    .bind::<Array<Text>, _>(&codes)
    .bind::<Date, _>(day)
    .bind::<Timestamptz, _>(day_end)
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?;
    let mut found = Vec::with_capacity(rows.len());
    for row in rows {
        found.push(SiteCoverage {
            site: decode("tasks.site", &row.site)?,
            agree_calls: count(row.agree_calls),
            tapped: count(row.tapped),
            awaiting_recording: count(row.awaiting_recording),
            waiting: count(row.waiting),
            claimed: count(row.claimed),
            oldest_waiting: row.oldest_waiting,
        });
    }
    Ok(sites
        .iter()
        .map(|site| {
            found
                .iter()
                .find(|c| c.site == *site)
                .cloned()
                .unwrap_or(SiteCoverage {
                    site: *site,
                    agree_calls: 0,
                    tapped: 0,
                    awaiting_recording: 0,
                    waiting: 0,
                    claimed: 0,
                    oldest_waiting: None,
                })
        })
        .collect())
}
