//! Prospect rows: the claims `next` makes, distribution, the moves call results and
//! quality verdicts make, and the reads (one prospect, lists, progress).
//!
//! Every time a rule compares with "now" it is given `now` (the service's clock), never
//! SQL `now()`: tests move the clock.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{
    Array, BigInt, Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::{Bind, Statement};
use tam_kernel::{Cursor, Limit, Program, Site};
use uuid::Uuid;

use super::schema::{agents, prospect_attempts, prospects};
use super::{decode, uint};
use crate::domain::prospect::{ProspectStatus, Tier};
use crate::domain::scope::{AttemptScope, ProspectScope};

/// One prospect as stored.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = prospects, check_for_backend(Pg))]
pub struct ProspectRow {
    pub id: Uuid,
    pub work_order_id: Uuid,
    pub import_id: Uuid,
    pub line: i64,
    pub site: String,
    pub program: String,
    pub indihome_number: String,
    pub customer_name: String,
    pub contact_number: String,
    pub alt_contact_number: Option<String>,
    pub region: Option<String>,
    pub notes: Option<String>,
    pub status: String,
    pub assigned_to: Option<Uuid>,
    pub assigned_team: Option<Uuid>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub available_at: DateTime<Utc>,
    pub claimed_by: Option<Uuid>,
    pub claim_id: Option<Uuid>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub attempts: i32,
    pub last_outcome: Option<String>,
    pub last_call_id: Option<Uuid>,
    pub return_reason: Option<String>,
    pub return_recommendation: Option<String>,
    pub validation_task_id: Option<Uuid>,
    pub validation_revision: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ProspectRow {
    pub fn status(&self) -> anyhow::Result<ProspectStatus> {
        decode("prospects.status", &self.status)
    }

    pub fn site(&self) -> anyhow::Result<Site> {
        decode("prospects.site", &self.site)
    }

    pub fn program(&self) -> anyhow::Result<Program> {
        decode("prospects.program", &self.program)
    }

    pub fn attempts(&self) -> anyhow::Result<u32> {
        uint("prospects.attempts", self.attempts)
    }
}

/// One call made on a prospect.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = prospect_attempts, check_for_backend(Pg))]
pub struct AttemptRow {
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub agent_id: Uuid,
    pub outcome: String,
    pub product_code: Option<String>,
    pub negotiation_step: Option<i32>,
    pub follow_up_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub has_recording: bool,
}

/// Who asks `next`, as the roster knows them.
#[derive(Debug, Clone, Copy)]
pub struct Claimant {
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
}

/// A claimed prospect and the tier it came from.
#[derive(Debug, QueryableByName)]
struct ClaimedRow {
    #[diesel(embed)]
    prospect: ProspectRow,
    #[diesel(sql_type = Integer)]
    tier: i32,
    /// Its work order, `row_to_json` (see [`super::work_orders::from_json`]).
    #[diesel(sql_type = diesel::sql_types::Json)]
    work_order: serde_json::Value,
}

/// The rank of [`Tier`] `tier` in `next`'s order, as the claim statement writes it.
fn rank(tier: Tier) -> usize {
    Tier::ORDER
        .iter()
        .position(|t| *t == tier)
        .unwrap_or(usize::MAX)
}

/// The claim statement, with `$1` the agent, `$2` the team, `$3` now, `$4` now minus the
/// FOLLOW UP grace, `$5` the site, `$6` the program, `$7` today (WIB), `$8` the claim id,
/// `$9` the lease's end.
///
/// One candidate per index range, each `FOR UPDATE SKIP LOCKED` (two agents never get the
/// same prospect): the agent's own prospects (RETURNed, FOLLOW UP, distributed: one
/// range of `prospects_assigned`, ranked by tier), the team's overdue FOLLOW UPs, the
/// pool. The best-ranked wins. One round trip for every tier; the losers stay locked
/// only until this short transaction ends, and concurrent claims skip them.
fn claim_statement() -> &'static str {
    static STATEMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    STATEMENT.get_or_init(|| {
        let arms = [
            (
                format!(
                    "CASE p.status WHEN 'returned' THEN {} WHEN 'follow_up' THEN {} ELSE {} END",
                    rank(Tier::Returned),
                    rank(Tier::OwnFollowUp),
                    rank(Tier::Assigned)
                ),
                "p.assigned_to = $1 AND p.status IN ('returned', 'follow_up', 'new', 'retry') \
                 AND p.available_at <= $3 \
                 AND (p.status IN ('returned', 'follow_up') OR p.attempts < w.max_attempts)",
            ),
            (
                rank(Tier::TeamFollowUp).to_string(),
                "p.status = 'follow_up' AND p.assigned_team = $2 AND p.assigned_to <> $1 \
                 AND p.available_at <= $4",
            ),
            (
                rank(Tier::Pool).to_string(),
                "p.status IN ('new', 'retry') AND p.assigned_to IS NULL AND p.site = $5 \
                 AND p.program = $6 AND p.available_at <= $3 AND p.attempts < w.max_attempts",
            ),
        ];
        let candidates: Vec<String> = arms
            .iter()
            .enumerate()
            .map(|(i, (rank, condition))| {
                format!(
                    "c{i} AS (
                         SELECT p.id, {rank} AS tier FROM prospects p
                         JOIN work_orders w ON w.id = p.work_order_id
                         WHERE {condition}
                           AND w.status = 'active' AND w.valid_from <= $7 AND $7 <= w.valid_to
                           AND NOT EXISTS
                               (SELECT 1 FROM dnc_numbers d
                                 WHERE d.number = p.contact_number AND d.removed_at IS NULL)
                         ORDER BY 2, p.available_at, p.id
                         LIMIT 1
                         FOR UPDATE OF p SKIP LOCKED)"
                )
            })
            .collect();
        let union: Vec<String> = (0..arms.len())
            .map(|i| format!("SELECT * FROM c{i}"))
            .collect();
        let team = rank(Tier::TeamFollowUp);
        format!(
            "WITH {candidates},
             pick AS (SELECT c.id, c.tier FROM ({union}) AS c ORDER BY c.tier LIMIT 1)
             UPDATE prospects p
                SET claimed_by = $1, claim_id = $8, claimed_at = $3, available_at = $9,
                    updated_at = $3,
                    assigned_to = CASE WHEN pick.tier = {team} THEN $1 ELSE p.assigned_to END,
                    assigned_team =
                        CASE WHEN pick.tier = {team} THEN $2 ELSE p.assigned_team END,
                    assigned_at =
                        CASE WHEN pick.tier = {team} THEN $3 ELSE p.assigned_at END
               FROM pick, work_orders w
              WHERE p.id = pick.id AND w.id = p.work_order_id
             RETURNING p.*, pick.tier, row_to_json(w.*) AS work_order",
            candidates = candidates.join(",\n"),
            union = union.join(" UNION ALL "),
        )
    })
}

/// Claims `who`'s next prospect: the first of the claiming tiers (see [`Tier`]) that has
/// one callable, due, its work order active and valid `today`, its number not on the
/// DNC list. The claim pushes `available_at` to `lease_end`; a team FOLLOW UP becomes the
/// claimant's. With the prospect's work order as `row_to_json` gives it.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    who: Claimant,
    claim_id: Uuid,
    now: DateTime<Utc>,
    follow_up_due: DateTime<Utc>,
    today: NaiveDate,
    lease_end: DateTime<Utc>,
) -> QueryResult<Option<(ProspectRow, Tier, serde_json::Value)>> {
    // Prepared once per connection (sql_query would be planned on every claim).
    let claimed: Option<ClaimedRow> = Statement::new(claim_statement())
        .bind(Bind::Uuid(who.agent_id))
        .bind(Bind::OptionalUuid(who.team_id))
        .bind(Bind::Timestamptz(now))
        .bind(Bind::Timestamptz(follow_up_due))
        .bind(Bind::Text(who.site.as_str().to_owned()))
        .bind(Bind::Text(who.program.as_str().to_owned()))
        .bind(Bind::Date(today))
        .bind(Bind::Uuid(claim_id))
        .bind(Bind::Timestamptz(lease_end))
        .get_result(conn)
        .await
        .optional()?;
    Ok(claimed.and_then(|c| {
        let tier = Tier::ORDER.get(usize::try_from(c.tier).ok()?)?;
        Some((c.prospect, *tier, c.work_order))
    }))
}

/// The prospect, locked for a change.
pub async fn lock(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<ProspectRow>> {
    prospects::table
        .find(id)
        .select(ProspectRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// A call started on the prospect: it is no longer claimable, the lease no longer runs.
/// The status it had is kept, for a call closed without a result ([`reopen`]).
pub async fn mark_in_call(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    call_id: Uuid,
    agent: Uuid,
) -> QueryResult<usize> {
    diesel::update(prospects::table.find(id))
        .set((
            // A start heard twice must not forget what the prospect was.
            prospects::status_before_call.eq(diesel::dsl::sql::<Nullable<Text>>(
                "CASE WHEN status = 'in_call' THEN status_before_call ELSE status END",
            )),
            prospects::status.eq(ProspectStatus::InCall.as_str()),
            prospects::last_call_id.eq(call_id),
            prospects::claimed_by.eq(agent),
            prospects::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}

/// The move a completed call makes.
#[derive(Debug, Clone)]
pub struct CallMove {
    pub status: ProspectStatus,
    pub available_at: DateTime<Utc>,
    pub attempts: i32,
    pub outcome: String,
    pub call_id: Uuid,
    /// The agent (and team) the prospect belongs to from now on, if the move gives it
    /// one (FOLLOW UP and AGREE stay with the agent who made the call).
    pub owner: Option<(Uuid, Option<Uuid>)>,
}

/// Applies a completed call: the new status, when it may be called again, the attempt
/// count; the claim ends.
pub async fn apply_call(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    m: &CallMove,
) -> QueryResult<usize> {
    let target = prospects::table.find(id);
    let common = (
        prospects::status.eq(m.status.as_str()),
        prospects::available_at.eq(m.available_at),
        prospects::attempts.eq(m.attempts),
        prospects::last_outcome.eq(&m.outcome),
        prospects::last_call_id.eq(m.call_id),
        prospects::claimed_by.eq(None::<Uuid>),
        prospects::claim_id.eq(None::<Uuid>),
        prospects::status_before_call.eq(None::<String>),
        prospects::updated_at.eq(diesel::dsl::now),
    );
    match m.owner {
        Some((agent, team)) => {
            diesel::update(target)
                .set((
                    common,
                    prospects::assigned_to.eq(agent),
                    prospects::assigned_team.eq(team),
                ))
                .execute(conn)
                .await
        }
        None => diesel::update(target).set(common).execute(conn).await,
    }
}

/// Puts the prospect of `call_id`, closed without a result, back as it was before the
/// call (a prospect in a call before that was kept counts as new or to retry), callable
/// from `at`; the claim ends, the attempt count stays. Nothing when the prospect is no
/// longer in that call.
pub async fn reopen(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    call_id: Uuid,
    at: DateTime<Utc>,
) -> QueryResult<usize> {
    let status_before = diesel::dsl::sql::<Text>(
        "COALESCE(status_before_call, CASE WHEN attempts = 0 THEN 'new' ELSE 'retry' END)",
    );
    diesel::update(
        prospects::table
            .find(id)
            .filter(prospects::status.eq(ProspectStatus::InCall.as_str()))
            .filter(prospects::last_call_id.eq(call_id)),
    )
    .set((
        prospects::status.eq(status_before),
        prospects::status_before_call.eq(None::<String>),
        prospects::available_at.eq(at),
        prospects::claimed_by.eq(None::<Uuid>),
        prospects::claim_id.eq(None::<Uuid>),
        prospects::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await
}

/// Records a call in the attempt history; false when it was already there.
pub async fn insert_attempt(
    conn: &mut AsyncPgConnection,
    attempt: &AttemptRow,
) -> QueryResult<bool> {
    let inserted = diesel::insert_into(prospect_attempts::table)
        .values(attempt)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Whether the call is already in the attempt history (its result arrived).
pub async fn attempt_exists(conn: &mut AsyncPgConnection, call_id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(prospect_attempts::table.find(call_id)))
        .get_result(conn)
        .await
}

/// The call in the attempt history, if its result arrived (the product or step a won
/// sale announces).
pub async fn attempt(
    conn: &mut AsyncPgConnection,
    call_id: Uuid,
) -> QueryResult<Option<AttemptRow>> {
    prospect_attempts::table
        .find(call_id)
        .select(AttemptRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// A quality verdict on the prospect's last call.
#[derive(Debug, Clone)]
pub struct VerdictMove {
    pub status: ProspectStatus,
    pub task_id: Uuid,
    pub revision: i32,
    pub agent: Uuid,
    pub available_at: DateTime<Utc>,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
}

/// Applies a verdict: won, or returned to its agent with the reason.
pub async fn apply_verdict(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    m: &VerdictMove,
) -> QueryResult<usize> {
    diesel::update(prospects::table.find(id))
        .set((
            prospects::status.eq(m.status.as_str()),
            prospects::validation_task_id.eq(m.task_id),
            prospects::validation_revision.eq(m.revision),
            prospects::assigned_to.eq(m.agent),
            prospects::available_at.eq(m.available_at),
            prospects::return_reason.eq(&m.reason),
            prospects::return_recommendation.eq(&m.recommendation),
            prospects::claimed_by.eq(None::<Uuid>),
            prospects::claim_id.eq(None::<Uuid>),
            prospects::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
}

/// A prospect taken out of calling, and who held it then.
#[derive(Debug, Clone, QueryableByName)]
pub struct Withdrawn {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub site: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub claimed_by: Option<Uuid>,
}

/// Takes every prospect with `number` that is not settled out of calling (status
/// `dnc`), returning those that were claimed or assigned so that calling hears of it.
pub async fn withdraw_number(
    conn: &mut AsyncPgConnection,
    number: &str,
) -> QueryResult<Vec<Withdrawn>> {
    diesel::sql_query(
        "UPDATE prospects SET status = 'dnc', claim_id = NULL, updated_at = now()
          WHERE contact_number = $1
            AND status IN ('new', 'retry', 'follow_up', 'returned')
         RETURNING id, site, claimed_by",
    )
    .bind::<Text, _>(number)
    .load(conn)
    .await
}

/// Cancels every callable prospect of a closing work order.
pub async fn cancel_work_order(
    conn: &mut AsyncPgConnection,
    work_order: Uuid,
) -> QueryResult<Vec<Withdrawn>> {
    diesel::sql_query(
        "UPDATE prospects SET status = 'cancelled', claim_id = NULL, updated_at = now()
          WHERE work_order_id = $1
            AND status IN ('new', 'retry', 'follow_up', 'returned')
         RETURNING id, site, claimed_by",
    )
    .bind::<SqlUuid, _>(work_order)
    .load(conn)
    .await
}

/// How many prospects of `work_order` each agent was given on the WIB day that starts at
/// `day_start`.
pub async fn assigned_since(
    conn: &mut AsyncPgConnection,
    work_order: Uuid,
    agents: &[Uuid],
    day_start: DateTime<Utc>,
) -> QueryResult<Vec<(Uuid, i64)>> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = SqlUuid)]
        agent: Uuid,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let rows: Vec<Count> = diesel::sql_query(
        "SELECT assigned_to AS agent, count(*) AS n FROM prospects
          WHERE work_order_id = $1 AND assigned_to = ANY($2) AND assigned_at >= $3
          GROUP BY assigned_to",
    )
    .bind::<SqlUuid, _>(work_order)
    .bind::<Array<SqlUuid>, _>(agents)
    .bind::<Timestamptz, _>(day_start)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|c| (c.agent, c.n)).collect())
}

/// Gives `agent` up to `count` unassigned, never-claimed-now prospects of `work_order`,
/// in file order; returns how many it got.
pub async fn assign(
    conn: &mut AsyncPgConnection,
    work_order: Uuid,
    agent: Uuid,
    team: Option<Uuid>,
    count: u32,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE prospects SET assigned_to = $2, assigned_team = $3, assigned_at = $4,
                updated_at = $4
          WHERE id IN (
              SELECT id FROM prospects
               WHERE work_order_id = $1 AND assigned_to IS NULL
                 AND status IN ('new', 'retry') AND available_at <= $4
               ORDER BY line
               LIMIT $5
               FOR UPDATE SKIP LOCKED)",
    )
    .bind::<SqlUuid, _>(work_order)
    .bind::<SqlUuid, _>(agent)
    .bind::<Nullable<SqlUuid>, _>(team)
    .bind::<Timestamptz, _>(now)
    .bind::<BigInt, _>(i64::from(count))
    .execute(conn)
    .await
}

/// How many prospects of `work_order` wait in the pool (unassigned, callable).
pub async fn unassigned(conn: &mut AsyncPgConnection, work_order: Uuid) -> QueryResult<i64> {
    prospects::table
        .filter(prospects::work_order_id.eq(work_order))
        .filter(prospects::assigned_to.is_null())
        .filter(prospects::status.eq_any(["new", "retry"]))
        .count()
        .get_result(conn)
        .await
}

/// Counts of a work order's prospects by agent (none: unassigned) and status.
#[derive(Debug, Clone, QueryableByName)]
pub struct StatusCount {
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub agent: Option<Uuid>,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
    #[diesel(sql_type = BigInt)]
    pub attempts: i64,
}

/// The counts of the work order's prospects in `scope`.
pub async fn progress(
    conn: &mut AsyncPgConnection,
    scope: ProspectScope,
    work_order: Uuid,
) -> QueryResult<Vec<StatusCount>> {
    let rows: Vec<(Option<Uuid>, String, i64, i64)> = prospects::table
        .filter(prospects::work_order_id.eq(work_order))
        .filter(in_scope(scope))
        .group_by((prospects::assigned_to, prospects::status))
        .select((
            prospects::assigned_to,
            prospects::status,
            diesel::dsl::count_star(),
            sql::<BigInt>("coalesce(sum(attempts), 0)::bigint"),
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(agent, status, n, attempts)| StatusCount {
            agent,
            status,
            n,
            attempts,
        })
        .collect())
}

type Condition = Box<dyn BoxableExpression<prospects::table, Pg, SqlType = Nullable<Bool>>>;

/// The prospects a caller sees (see [`ProspectScope`]): everything for all-site roles,
/// by site for site roles; a team leader those given to the team or held or called by
/// one of its agents (the roster's `team_id`), at their site; an agent only those they
/// hold, were given, or called.
pub fn in_scope(scope: ProspectScope) -> Condition {
    match scope {
        ProspectScope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        ProspectScope::Site(site) => Box::new(prospects::site.eq(site.as_str()).nullable()),
        ProspectScope::Team { site, team } => {
            let members = || {
                agents::table
                    .filter(agents::team_id.eq(team))
                    .select(agents::employee_id)
            };
            Box::new(
                prospects::site.eq(site.as_str()).nullable().and(
                    prospects::assigned_team
                        .eq(team)
                        .or(prospects::claimed_by
                            .eq_any(members().select(agents::employee_id.nullable())))
                        .or(called_by_team(team).nullable()),
                ),
            )
        }
        ProspectScope::Own(agent) => Box::new(
            prospects::claimed_by
                .eq(agent)
                .or(prospects::assigned_to.eq(agent))
                .or(called_by(agent).nullable()),
        ),
        ProspectScope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

type Predicate = Box<dyn BoxableExpression<prospects::table, Pg, SqlType = Bool>>;

// "Called by" is a correlated EXISTS, so that it is looked up per prospect through
// `prospect_attempts_prospect` (an `IN (SELECT prospect_id ...)` would read every attempt
// of the agent or team first; prospect_attempts has no index on agent_id).

/// Whether one of `team`'s agents (per the roster) made a call on the prospect.
fn called_by_team(team: Uuid) -> Predicate {
    Box::new(sql::<Bool>(
        "EXISTS (SELECT 1 FROM prospect_attempts a JOIN agents g ON g.employee_id = a.agent_id \
          WHERE a.prospect_id = prospects.id AND g.team_id = ",
    )
    .bind::<SqlUuid, _>(team)
    .sql(")"))
}

/// Whether `agent` made a call on the prospect.
fn called_by(agent: Uuid) -> Predicate {
    Box::new(
        sql::<Bool>(
            "EXISTS (SELECT 1 FROM prospect_attempts a \
          WHERE a.prospect_id = prospects.id AND a.agent_id = ",
        )
        .bind::<SqlUuid, _>(agent)
        .sql(")"),
    )
}

/// One prospect in scope.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: ProspectScope,
    id: Uuid,
) -> QueryResult<Option<ProspectRow>> {
    prospects::table
        .find(id)
        .filter(in_scope(scope))
        .select(ProspectRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The calls made on a prospect that `scope` reads (a team's agents are those the
/// roster has on the team now), oldest first.
pub async fn attempts(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    scope: AttemptScope,
) -> QueryResult<Vec<AttemptRow>> {
    let mut query = prospect_attempts::table
        .filter(prospect_attempts::prospect_id.eq(id))
        .order((prospect_attempts::started_at, prospect_attempts::call_id))
        .select(AttemptRow::as_select())
        .into_boxed();
    match scope {
        AttemptScope::All => {}
        AttemptScope::Team(team) => {
            query = query.filter(
                prospect_attempts::agent_id.eq_any(
                    agents::table
                        .filter(agents::team_id.eq(team))
                        .select(agents::employee_id),
                ),
            );
        }
        AttemptScope::Own(agent) => {
            query = query.filter(prospect_attempts::agent_id.eq(agent));
        }
    }
    query.load(conn).await
}

/// Filters of a work order's prospect list.
#[derive(Debug, Clone, Default)]
pub struct ProspectFilter {
    pub status: Option<ProspectStatus>,
    pub agent: Option<Uuid>,
}

/// A page of a work order's prospects, in `(created_at, id)` order.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: ProspectScope,
    work_order: Uuid,
    filter: &ProspectFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> QueryResult<Vec<ProspectRow>> {
    let mut query = prospects::table
        .filter(prospects::work_order_id.eq(work_order))
        .filter(in_scope(scope))
        .select(ProspectRow::as_select())
        .order((prospects::created_at, prospects::id))
        .limit(limit.fetch())
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(prospects::status.eq(status.as_str()));
    }
    if let Some(agent) = filter.agent {
        query = query.filter(prospects::assigned_to.eq(agent));
    }
    if let Some(c) = after {
        query = query.filter(
            prospects::created_at
                .gt(c.at)
                .or(prospects::created_at.eq(c.at).and(prospects::id.gt(c.id))),
        );
    }
    query.load(conn).await
}
