//! The roster: employees as hr last announced them (written only by the consumer).

use chrono::{DateTime, Utc};
use diesel::sql_types::{Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use tam_kernel::{Program, Site};
use uuid::Uuid;

use crate::roster::RosterEntry;

/// Writes `entry` as of `as_of` (the event's time), unless a later event already wrote
/// the employee: events may arrive out of order, the newest state wins.
pub async fn upsert(
    conn: &mut AsyncPgConnection,
    entry: &RosterEntry,
    as_of: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "INSERT INTO agents (employee_id, role, site, program, team_id, status, as_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (employee_id) DO UPDATE SET
             role = EXCLUDED.role, site = EXCLUDED.site, program = EXCLUDED.program,
             team_id = EXCLUDED.team_id, status = EXCLUDED.status, as_of = EXCLUDED.as_of,
             updated_at = now()
         WHERE agents.as_of <= EXCLUDED.as_of",
    )
    .bind::<SqlUuid, _>(entry.employee_id)
    .bind::<Text, _>(entry.role.as_str())
    .bind::<Nullable<Text>, _>(entry.site.map(|s| s.as_str()))
    .bind::<Nullable<Text>, _>(entry.program.map(|p| p.as_str()))
    .bind::<Nullable<SqlUuid>, _>(entry.team_id)
    .bind::<Text, _>(&entry.status)
    .bind::<Timestamptz, _>(as_of)
    .execute(conn)
    .await?;
    Ok(())
}

/// An employee as the roster knows them.
#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct RosterRow {
    #[diesel(sql_type = SqlUuid)]
    pub employee_id: Uuid,
    #[diesel(sql_type = Text)]
    pub role: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub site: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub program: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub team_id: Option<Uuid>,
    #[diesel(sql_type = Text)]
    pub status: String,
}

/// One employee of the roster.
pub async fn find(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> Result<Option<RosterRow>, diesel::result::Error> {
    use diesel::OptionalExtension;
    // Prepared once per connection: every `next` reads it.
    tam_db::Statement::new(
        "SELECT employee_id, role, site, program, team_id, status FROM agents
          WHERE employee_id = $1",
    )
    .bind(tam_db::Bind::Uuid(id))
    .get_result(conn)
    .await
    .optional()
}

/// The active agents of a site and program (of one team when `team` is given), in id
/// order.
pub async fn active_agents(
    conn: &mut AsyncPgConnection,
    site: Site,
    program: Program,
    team: Option<Uuid>,
) -> Result<Vec<RosterRow>, diesel::result::Error> {
    diesel::sql_query(
        "SELECT employee_id, role, site, program, team_id, status FROM agents
          WHERE role = 'agent' AND status = 'active' AND site = $1 AND program = $2
            AND ($3::uuid IS NULL OR team_id = $3)
          ORDER BY employee_id",
    )
    .bind::<Text, _>(site.as_str())
    .bind::<Text, _>(program.as_str())
    .bind::<Nullable<SqlUuid>, _>(team)
    .load(conn)
    .await
}

/// An employee as the roster knows them, with what `next` checks of them in the same
/// read: a certification for their program valid on the day, and their site's check-in
/// gate on the day.
#[derive(Debug, Clone, QueryableByName)]
pub struct ClaimantRow {
    #[diesel(embed)]
    pub roster: RosterRow,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub certified: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub check_in_required: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub checked_in: bool,
    /// The prospect of the employee's newest claim and that claim, if it is still held:
    /// lease running, no call started yet as far as prospect has heard. Only the newest:
    /// when it is in a call, an older claim whose `calling.call.started` is late is not
    /// held any more (the agent moved on from it, and calling refuses a second call on a
    /// claim).
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Uuid>)]
    pub held_prospect: Option<Uuid>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Uuid>)]
    pub held_claim: Option<Uuid>,
}

/// [`find`] with the certification (as `certifications::is_certified`) and check-in
/// gate (as `check_ins::gate`) of the roster's program and site on WIB day `today` at
/// `now`, and the claim the employee holds at `now`: one round trip instead of four for
/// every `next`.
pub async fn find_claimant(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<ClaimantRow>, diesel::result::Error> {
    use diesel::OptionalExtension;
    tam_db::Statement::new(
        "SELECT a.employee_id, a.role, a.site, a.program, a.team_id, a.status,
                EXISTS (SELECT 1 FROM certifications c
                         WHERE c.employee_id = a.employee_id AND c.program = a.program
                           AND c.valid_from <= $2 AND c.valid_until >= $2
                           AND (c.revoked_at IS NULL OR c.revoked_at > $3)) AS certified,
                COALESCE((SELECT p.check_in_required FROM attendance_policies p
                           WHERE p.site = a.site), FALSE) AS check_in_required,
                EXISTS (SELECT 1 FROM check_ins i
                         WHERE i.employee_id = a.employee_id AND i.day = $2
                           AND i.checked_in) AS checked_in,
                CASE WHEN newest.held THEN newest.id END AS held_prospect,
                CASE WHEN newest.held THEN newest.claim_id END AS held_claim
           FROM agents a
           LEFT JOIN LATERAL (
                SELECT p.id, p.claim_id,
                       p.available_at > $3
                       AND p.status IN ('new', 'retry', 'follow_up', 'returned') AS held
                  FROM prospects p
                 WHERE p.claimed_by = a.employee_id
                 -- Claim ids are UUID v7: they order claims made within one clock tick.
                 ORDER BY p.claimed_at DESC, p.claim_id DESC
                 LIMIT 1) newest ON TRUE
          WHERE a.employee_id = $1",
    )
    .bind(tam_db::Bind::Uuid(id))
    .bind(tam_db::Bind::Date(today))
    .bind(tam_db::Bind::Timestamptz(now))
    .get_result(conn)
    .await
    .optional()
}
