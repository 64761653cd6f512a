//! The claims calling knows (written only by the consumer of prospect's events).

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Int4, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::schema::claims;
use super::{decode, int, uint};
use crate::domain::call::{Claim, Heard};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = claims, check_for_backend(Pg))]
struct ClaimRow {
    prospect_id: Uuid,
    claim_id: Uuid,
    work_order_id: Uuid,
    wo_code: String,
    agent_id: Uuid,
    team_id: Option<Uuid>,
    site: String,
    program: String,
    offers: serde_json::Value,
    attempt: i32,
    lease_expires_at: DateTime<Utc>,
    claimed_at: DateTime<Utc>,
    withdrawn_reason: Option<String>,
}

impl TryFrom<ClaimRow> for Claim {
    type Error = anyhow::Error;

    fn try_from(r: ClaimRow) -> anyhow::Result<Self> {
        Ok(Claim {
            prospect_id: r.prospect_id,
            claim_id: r.claim_id,
            work_order_id: r.work_order_id,
            wo_code: r.wo_code,
            agent_id: r.agent_id,
            team_id: r.team_id,
            site: decode("claims.site", &r.site)?,
            program: decode("claims.program", &r.program)?,
            offers: r.offers,
            attempt: uint("claims.attempt", r.attempt)?,
            lease_expires_at: r.lease_expires_at,
            claimed_at: r.claimed_at,
            withdrawn_reason: r.withdrawn_reason,
        })
    }
}

/// The claim of `prospect_id`, if one is known; `lock` takes it `FOR UPDATE` (starting a
/// call holds it against a concurrent start).
pub async fn find(
    conn: &mut AsyncPgConnection,
    prospect_id: Uuid,
    lock: bool,
) -> crate::Result<Option<Claim>> {
    let query = claims::table
        .filter(claims::prospect_id.eq(prospect_id))
        .select(ClaimRow::as_select());
    let row: Option<ClaimRow> = if lock {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    Ok(row.map(Claim::try_from).transpose()?)
}

/// What calling has heard of `prospect_id` (see [`Heard`]), in one read. Called after
/// [`lock_news_of`], so that an event handled at the same time is
/// either all seen or not at all.
pub async fn heard(conn: &mut AsyncPgConnection, prospect_id: Uuid) -> crate::Result<Heard> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Nullable<SqlUuid>)]
        claim_id: Option<Uuid>,
        #[diesel(sql_type = Nullable<SqlUuid>)]
        agent_id: Option<Uuid>,
        #[diesel(sql_type = Nullable<Timestamptz>)]
        claimed_at: Option<DateTime<Utc>>,
        #[diesel(sql_type = Nullable<Text>)]
        withdrawn_reason: Option<String>,
        #[diesel(sql_type = Nullable<Timestamptz>)]
        withdrawn_at: Option<DateTime<Utc>>,
        #[diesel(sql_type = Nullable<Text>)]
        kept_reason: Option<String>,
        #[diesel(sql_type = Nullable<Timestamptz>)]
        kept_at: Option<DateTime<Utc>>,
    }
    let row: Row = diesel::sql_query(
        "SELECT c.claim_id, c.agent_id, c.claimed_at, c.withdrawn_reason,
                COALESCE(c.withdrawn_at, c.claimed_at) AS withdrawn_at,
                w.reason AS kept_reason, w.withdrawn_at AS kept_at
           FROM (SELECT $1::uuid AS prospect_id) x
           LEFT JOIN claims c ON c.prospect_id = x.prospect_id
           LEFT JOIN withdrawals w ON w.prospect_id = x.prospect_id",
    )
    .bind::<SqlUuid, _>(prospect_id)
    .get_result(conn)
    .await?;
    let claim = match (row.claim_id, row.agent_id, row.claimed_at) {
        (Some(id), Some(agent), Some(at)) => Some((id, agent, at)),
        _ => None,
    };
    let withdrawals = [
        row.withdrawn_reason.zip(row.withdrawn_at),
        row.kept_reason.zip(row.kept_at),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Heard { claim, withdrawals })
}

/// Writes `claim` unless a newer claim of the prospect is already known (events may
/// arrive out of order: the newest claim wins). A newer claim is a fresh attempt: it is
/// not withdrawn, unless a withdrawal that arrived before it is not older than it.
pub async fn upsert(
    conn: &mut AsyncPgConnection,
    claim: &Claim,
) -> Result<(), diesel::result::Error> {
    lock_news_of(conn, claim.prospect_id).await?;
    diesel::sql_query(
        "INSERT INTO claims (prospect_id, claim_id, work_order_id, wo_code, agent_id, team_id,
                             site, program, offers, attempt, lease_expires_at, claimed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (prospect_id) DO UPDATE SET
             claim_id = EXCLUDED.claim_id, work_order_id = EXCLUDED.work_order_id,
             wo_code = EXCLUDED.wo_code, agent_id = EXCLUDED.agent_id,
             team_id = EXCLUDED.team_id, site = EXCLUDED.site, program = EXCLUDED.program,
             offers = EXCLUDED.offers, attempt = EXCLUDED.attempt,
             lease_expires_at = EXCLUDED.lease_expires_at, claimed_at = EXCLUDED.claimed_at,
             withdrawn_reason = NULL, withdrawn_at = NULL, updated_at = now()
         WHERE (claims.claimed_at, claims.claim_id) < (EXCLUDED.claimed_at, EXCLUDED.claim_id)",
    )
    .bind::<SqlUuid, _>(claim.prospect_id)
    .bind::<SqlUuid, _>(claim.claim_id)
    .bind::<SqlUuid, _>(claim.work_order_id)
    .bind::<Text, _>(&claim.wo_code)
    .bind::<SqlUuid, _>(claim.agent_id)
    .bind::<Nullable<SqlUuid>, _>(claim.team_id)
    .bind::<Text, _>(claim.site.as_str())
    .bind::<Text, _>(claim.program.as_str())
    .bind::<Jsonb, _>(&claim.offers)
    .bind::<Int4, _>(int(claim.attempt))
    .bind::<Timestamptz, _>(claim.lease_expires_at)
    .bind::<Timestamptz, _>(claim.claimed_at)
    .execute(conn)
    .await?;
    // A withdrawal that came first concerned the claim then in flight: apply it if it is
    // not older than this claim, and forget it either way.
    diesel::sql_query(
        "WITH gone AS (DELETE FROM withdrawals WHERE prospect_id = $1 RETURNING *)
         UPDATE claims c SET withdrawn_reason = gone.reason, withdrawn_at = gone.withdrawn_at
         FROM gone
         WHERE c.prospect_id = gone.prospect_id AND gone.withdrawn_at >= c.claimed_at
           AND c.withdrawn_reason IS NULL",
    )
    .bind::<SqlUuid, _>(claim.prospect_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks the prospect's known claim withdrawn (`reason`, at `at`); with no claim known
/// yet, keeps the withdrawal for the claim event still on its way.
pub async fn withdraw(
    conn: &mut AsyncPgConnection,
    prospect_id: Uuid,
    agent_id: Option<Uuid>,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    lock_news_of(conn, prospect_id).await?;
    let marked = diesel::sql_query(
        "UPDATE claims SET withdrawn_reason = $2, withdrawn_at = $3, updated_at = now()
         WHERE prospect_id = $1",
    )
    .bind::<SqlUuid, _>(prospect_id)
    .bind::<Text, _>(reason)
    .bind::<Timestamptz, _>(at)
    .execute(conn)
    .await?;
    if marked == 0 {
        diesel::sql_query(
            "INSERT INTO withdrawals (prospect_id, agent_id, reason, withdrawn_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (prospect_id) DO UPDATE SET agent_id = EXCLUDED.agent_id,
                 reason = EXCLUDED.reason, withdrawn_at = EXCLUDED.withdrawn_at
             WHERE withdrawals.withdrawn_at < EXCLUDED.withdrawn_at",
        )
        .bind::<SqlUuid, _>(prospect_id)
        .bind::<Nullable<SqlUuid>, _>(agent_id)
        .bind::<Text, _>(reason)
        .bind::<Timestamptz, _>(at)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Makes the news of one prospect take turns. Events are handled concurrently: without
/// this, a claim and its withdrawal handled side by side each miss the other (the
/// withdrawal finds no claim row yet, the claim finds no kept withdrawal yet) and the
/// withdrawn prospect stays callable. A call started on a ticket takes it too, for the
/// same reason.
pub async fn lock_news_of(
    conn: &mut AsyncPgConnection,
    prospect_id: Uuid,
) -> Result<(), diesel::result::Error> {
    tam_db::lock_until_commit(conn, &format!("calling-claim:{prospect_id}")).await
}
