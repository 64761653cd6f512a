//! The monthly evaluations: hr's copy of quality's verdicts, the incentive tables
//! (versioned), the evaluations, the months computed and the adjustments. Reads take
//! the caller's [`Scope`] and filter by it in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::{count_star, sql};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::column::{int, uint};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use super::decode;
use super::schema::{
    employees, evaluation_adjustments, evaluation_months, evaluation_verdicts, evaluations,
    incentive_tables, teams,
};
use crate::domain::evaluation::{Evaluation, Status};
use crate::domain::incentive::{IncentiveTable, PembinaanRule, Tier, TierReason};
use crate::domain::scope::Scope;

/// A verdict as hr keeps it (the latest revision of its call).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = evaluation_verdicts, check_for_backend(Pg))]
pub struct VerdictRow {
    pub call_id: Uuid,
    pub task_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: String,
    pub program: String,
    pub verdict: String,
    pub score: f64,
    pub revision: i32,
    pub validated_at: DateTime<Utc>,
    pub month: NaiveDate,
}

impl VerdictRow {
    pub fn is_valid(&self) -> bool {
        self.verdict == "valid"
    }
}

/// The verdict of `call`, locked for the rest of the transaction.
pub async fn verdict_for_update(
    conn: &mut AsyncPgConnection,
    call: Uuid,
) -> crate::Result<Option<VerdictRow>> {
    Ok(evaluation_verdicts::table
        .find(call)
        .select(VerdictRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?)
}

/// Writes the verdict of a call (insert, or replace an older revision).
pub async fn put_verdict(conn: &mut AsyncPgConnection, row: &VerdictRow) -> crate::Result<()> {
    diesel::insert_into(evaluation_verdicts::table)
        .values(row)
        .on_conflict(evaluation_verdicts::call_id)
        .do_update()
        .set(row)
        .execute(conn)
        .await?;
    Ok(())
}

/// (valid, total) AGREE calls of `agent` counted in `month`.
pub async fn verdict_counts(
    conn: &mut AsyncPgConnection,
    agent: Uuid,
    month: NaiveDate,
) -> crate::Result<(u32, u32)> {
    let rows: Vec<(String, i64)> = evaluation_verdicts::table
        .filter(evaluation_verdicts::agent_id.eq(agent))
        .filter(evaluation_verdicts::month.eq(month))
        .group_by(evaluation_verdicts::verdict)
        .select((evaluation_verdicts::verdict, count_star()))
        .load(conn)
        .await?;
    let mut valid = 0;
    let mut total = 0;
    for (verdict, n) in rows {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        total += n;
        if verdict == "valid" {
            valid += n;
        }
    }
    Ok((valid, total))
}

/// An agent to evaluate: their place at computation.
#[derive(Debug, Clone, Copy)]
pub struct Agent {
    pub id: Uuid,
    pub site: Site,
    pub program: Program,
    pub team_id: Option<Uuid>,
}

/// An employee's id, site, program and team as read.
type PlaceRow = (Uuid, Option<String>, Option<String>, Option<Uuid>);

/// The agents evaluated for `month`: every agent hired by its last day and not
/// deactivated, and every one with verdicts counted in the month.
pub async fn agents_of(
    conn: &mut AsyncPgConnection,
    month: NaiveDate,
) -> crate::Result<Vec<Agent>> {
    let rows: Vec<PlaceRow> = employees::table
        .filter(employees::role.eq(Role::Agent.as_str()))
        .filter(employees::hire_date.le(crate::domain::evaluation::last_day(month)))
        .filter(
            employees::status.ne("deactivated").or(employees::id.eq_any(
                evaluation_verdicts::table
                    .filter(evaluation_verdicts::month.eq(month))
                    .select(evaluation_verdicts::agent_id),
            )),
        )
        .select((
            employees::id,
            employees::site,
            employees::program,
            employees::team_id,
        ))
        .order(employees::id)
        .load(conn)
        .await?;
    let mut agents = Vec::new();
    for (id, site, program, team_id) in rows {
        if let (Some(site), Some(program)) = (site, program) {
            agents.push(Agent {
                id,
                site: decode("employees.site", &site)?,
                program: decode("employees.program", &program)?,
                team_id,
            });
        }
    }
    Ok(agents)
}

/// The agent `id` as [`agents_of`] reads them.
pub async fn agent(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Option<Agent>> {
    let row: Option<(Option<String>, Option<String>, Option<Uuid>)> = employees::table
        .find(id)
        .select((employees::site, employees::program, employees::team_id))
        .first(conn)
        .await
        .optional()?;
    Ok(match row {
        Some((Some(site), Some(program), team_id)) => Some(Agent {
            id,
            site: decode("employees.site", &site)?,
            program: decode("employees.program", &program)?,
            team_id,
        }),
        _ => None,
    })
}

/// Marks `month` computed; false when it already was (the sweep then does nothing).
pub async fn mark_month(
    conn: &mut AsyncPgConnection,
    month: NaiveDate,
    at: DateTime<Utc>,
) -> crate::Result<bool> {
    let n = diesel::insert_into(evaluation_months::table)
        .values((
            evaluation_months::month.eq(month),
            evaluation_months::computed_at.eq(at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(n == 1)
}

/// Takes the sweep's lock for the transaction (one sweep at a time).
pub async fn lock_sweep(conn: &mut AsyncPgConnection) -> crate::Result<()> {
    diesel::sql_query("LOCK TABLE evaluation_months IN EXCLUSIVE MODE")
        .execute(conn)
        .await?;
    Ok(())
}

// ---- incentive tables ----

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = incentive_tables, check_for_backend(Pg))]
struct TableRow {
    program: String,
    version: i32,
    tiers: serde_json::Value,
    pembinaan_rule: String,
    pembinaan_cap: Option<String>,
    set_by: Uuid,
    set_at: DateTime<Utc>,
}

impl TryFrom<TableRow> for IncentiveTable {
    type Error = anyhow::Error;

    fn try_from(row: TableRow) -> anyhow::Result<Self> {
        let tiers: Vec<Tier> = serde_json::from_value(row.tiers)?;
        let pembinaan = match (row.pembinaan_rule.as_str(), row.pembinaan_cap) {
            ("cap", Some(code)) => PembinaanRule::Cap(code),
            ("exclude", _) => PembinaanRule::Exclude,
            (rule, _) => anyhow::bail!("incentive_tables.pembinaan_rule holds {rule:?}"),
        };
        Ok(IncentiveTable {
            program: decode("incentive_tables.program", &row.program)?,
            version: uint("incentive_tables.version", row.version)?,
            tiers,
            pembinaan,
            set_by: row.set_by,
            set_at: row.set_at,
        })
    }
}

/// The newest table of `program`.
pub async fn current_table(
    conn: &mut AsyncPgConnection,
    program: Program,
) -> crate::Result<Option<IncentiveTable>> {
    let row: Option<TableRow> = incentive_tables::table
        .filter(incentive_tables::program.eq(program.as_str()))
        .order(incentive_tables::version.desc())
        .select(TableRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(IncentiveTable::try_from).transpose()?)
}

/// Writes the next version of `program`'s table (the table's rows are locked first, so
/// two writers get consecutive versions).
pub async fn insert_table(
    conn: &mut AsyncPgConnection,
    program: Program,
    tiers: &[Tier],
    pembinaan: &PembinaanRule,
    set_by: Uuid,
    set_at: DateTime<Utc>,
) -> crate::Result<IncentiveTable> {
    diesel::sql_query("LOCK TABLE incentive_tables IN SHARE ROW EXCLUSIVE MODE")
        .execute(conn)
        .await?;
    let last: Option<i32> = incentive_tables::table
        .filter(incentive_tables::program.eq(program.as_str()))
        .select(diesel::dsl::max(incentive_tables::version))
        .first(conn)
        .await?;
    let (rule, cap) = match pembinaan {
        PembinaanRule::Cap(code) => ("cap", Some(code.as_str())),
        PembinaanRule::Exclude => ("exclude", None),
    };
    let row: TableRow = diesel::insert_into(incentive_tables::table)
        .values((
            incentive_tables::program.eq(program.as_str()),
            incentive_tables::version.eq(last.unwrap_or(0) + 1),
            incentive_tables::tiers.eq(serde_json::to_value(tiers).map_err(anyhow::Error::from)?),
            incentive_tables::pembinaan_rule.eq(rule),
            incentive_tables::pembinaan_cap.eq(cap),
            incentive_tables::set_by.eq(set_by),
            incentive_tables::set_at.eq(set_at),
        ))
        .returning(TableRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

// ---- evaluations ----

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = evaluations, check_for_backend(Pg))]
struct EvaluationRow {
    id: Uuid,
    employee_id: Uuid,
    month: NaiveDate,
    site: String,
    program: String,
    team_id: Option<Uuid>,
    validated_sales: i32,
    adjustment: i32,
    agree_total: i32,
    quality_score: Option<f64>,
    rostered_days: i32,
    present_days: i32,
    late_days: i32,
    letters_in_force: i32,
    in_pembinaan: bool,
    table_version: Option<i32>,
    tier: Option<String>,
    tier_reason: String,
    status: String,
    computed_at: DateTime<Utc>,
    reviewed_by: Option<Uuid>,
    reviewed_at: Option<DateTime<Utc>>,
    approved_by: Option<Uuid>,
    approved_at: Option<DateTime<Utc>>,
    locked_by: Option<Uuid>,
    locked_at: Option<DateTime<Utc>>,
}

impl TryFrom<EvaluationRow> for Evaluation {
    type Error = anyhow::Error;

    fn try_from(r: EvaluationRow) -> anyhow::Result<Self> {
        Ok(Evaluation {
            id: r.id,
            employee_id: r.employee_id,
            month: r.month,
            site: decode("evaluations.site", &r.site)?,
            program: decode("evaluations.program", &r.program)?,
            team_id: r.team_id,
            validated_sales: uint("evaluations.validated_sales", r.validated_sales)?,
            adjustment: r.adjustment,
            agree_total: uint("evaluations.agree_total", r.agree_total)?,
            quality_score: r.quality_score,
            rostered_days: uint("evaluations.rostered_days", r.rostered_days)?,
            present_days: uint("evaluations.present_days", r.present_days)?,
            late_days: uint("evaluations.late_days", r.late_days)?,
            letters_in_force: uint("evaluations.letters_in_force", r.letters_in_force)?,
            in_pembinaan: r.in_pembinaan,
            table_version: r
                .table_version
                .map(|v| uint("evaluations.table_version", v))
                .transpose()?,
            tier: r.tier,
            tier_reason: TierReason::parse(&r.tier_reason).ok_or_else(|| {
                anyhow::anyhow!("evaluations.tier_reason holds {:?}", r.tier_reason)
            })?,
            status: Status::parse(&r.status)
                .ok_or_else(|| anyhow::anyhow!("evaluations.status holds {:?}", r.status))?,
            computed_at: r.computed_at,
            reviewed_by: r.reviewed_by,
            reviewed_at: r.reviewed_at,
            approved_by: r.approved_by,
            approved_at: r.approved_at,
            locked_by: r.locked_by,
            locked_at: r.locked_at,
        })
    }
}

impl From<&Evaluation> for EvaluationRow {
    fn from(e: &Evaluation) -> Self {
        Self {
            id: e.id,
            employee_id: e.employee_id,
            month: e.month,
            site: e.site.as_str().to_owned(),
            program: e.program.as_str().to_owned(),
            team_id: e.team_id,
            validated_sales: int(e.validated_sales),
            adjustment: e.adjustment,
            agree_total: int(e.agree_total),
            quality_score: e.quality_score,
            rostered_days: int(e.rostered_days),
            present_days: int(e.present_days),
            late_days: int(e.late_days),
            letters_in_force: int(e.letters_in_force),
            in_pembinaan: e.in_pembinaan,
            table_version: e.table_version.map(int),
            tier: e.tier.clone(),
            tier_reason: e.tier_reason.as_str().to_owned(),
            status: e.status.as_str().to_owned(),
            computed_at: e.computed_at,
            reviewed_by: e.reviewed_by,
            reviewed_at: e.reviewed_at,
            approved_by: e.approved_by,
            approved_at: e.approved_at,
            locked_by: e.locked_by,
            locked_at: e.locked_at,
        }
    }
}

type Condition = Box<dyn BoxableExpression<evaluations::table, Pg, SqlType = Nullable<Bool>>>;

/// The evaluations `scope` sees: all, a site's, a team leader's teams', an agent's own.
fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(evaluations::site.eq(site.as_str()).nullable()),
        Scope::LedTeams { leader } => Box::new(
            evaluations::team_id.eq_any(
                teams::table
                    .filter(teams::team_leader_id.eq(leader))
                    .select(teams::id.nullable()),
            ),
        ),
        Scope::Own(id) => Box::new(evaluations::employee_id.eq(id).nullable()),
        Scope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Inserts an evaluation unless the agent's month has one; the inserted one, or `None`.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    e: &Evaluation,
) -> crate::Result<Option<Evaluation>> {
    let row: Option<EvaluationRow> = diesel::insert_into(evaluations::table)
        .values(EvaluationRow::from(e))
        .on_conflict((evaluations::employee_id, evaluations::month))
        .do_nothing()
        .returning(EvaluationRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    Ok(row.map(Evaluation::try_from).transpose()?)
}

/// Writes every field of `e` (figures and status).
pub async fn update(conn: &mut AsyncPgConnection, e: &Evaluation) -> crate::Result<Evaluation> {
    let r = EvaluationRow::from(e);
    let row: EvaluationRow = diesel::update(evaluations::table.find(e.id))
        .set((
            evaluations::site.eq(r.site),
            evaluations::program.eq(r.program),
            evaluations::team_id.eq(r.team_id),
            evaluations::validated_sales.eq(r.validated_sales),
            evaluations::adjustment.eq(r.adjustment),
            evaluations::agree_total.eq(r.agree_total),
            evaluations::quality_score.eq(r.quality_score),
            evaluations::rostered_days.eq(r.rostered_days),
            evaluations::present_days.eq(r.present_days),
            evaluations::late_days.eq(r.late_days),
            evaluations::letters_in_force.eq(r.letters_in_force),
            evaluations::in_pembinaan.eq(r.in_pembinaan),
            evaluations::table_version.eq(r.table_version),
            evaluations::tier.eq(r.tier),
            evaluations::tier_reason.eq(r.tier_reason),
            evaluations::status.eq(r.status),
            evaluations::computed_at.eq(r.computed_at),
            evaluations::reviewed_by.eq(r.reviewed_by),
            evaluations::reviewed_at.eq(r.reviewed_at),
            evaluations::approved_by.eq(r.approved_by),
            evaluations::approved_at.eq(r.approved_at),
            evaluations::locked_by.eq(r.locked_by),
            evaluations::locked_at.eq(r.locked_at),
        ))
        .returning(EvaluationRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The evaluation `id` if `scope` sees it, locked for the transaction.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<Evaluation>> {
    let row: Option<EvaluationRow> = evaluations::table
        .filter(evaluations::id.eq(id))
        .filter(in_scope(scope))
        .select(EvaluationRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Evaluation::try_from).transpose()?)
}

/// The evaluation of `employee`'s `month`, locked for the transaction.
pub async fn of_month_for_update(
    conn: &mut AsyncPgConnection,
    employee: Uuid,
    month: NaiveDate,
) -> crate::Result<Option<Evaluation>> {
    let row: Option<EvaluationRow> = evaluations::table
        .filter(evaluations::employee_id.eq(employee))
        .filter(evaluations::month.eq(month))
        .select(EvaluationRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Evaluation::try_from).transpose()?)
}

/// The evaluations `scope` sees, of a month, site, employee or status when given,
/// by month (newest first) then employee.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    month: Option<NaiveDate>,
    site: Option<Site>,
    employee: Option<Uuid>,
    status: Option<Status>,
) -> crate::Result<Vec<Evaluation>> {
    let mut q = evaluations::table
        .filter(in_scope(scope))
        .select(EvaluationRow::as_select())
        .order((evaluations::month.desc(), evaluations::employee_id))
        .limit(5000)
        .into_boxed();
    if let Some(month) = month {
        q = q.filter(evaluations::month.eq(month));
    }
    if let Some(site) = site {
        q = q.filter(evaluations::site.eq(site.as_str()));
    }
    if let Some(employee) = employee {
        q = q.filter(evaluations::employee_id.eq(employee));
    }
    if let Some(status) = status {
        q = q.filter(evaluations::status.eq(status.as_str()));
    }
    let rows: Vec<EvaluationRow> = q.load(conn).await?;
    Ok(rows
        .into_iter()
        .map(Evaluation::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// Whether `leader` leads `team`.
pub async fn leads(
    conn: &mut AsyncPgConnection,
    leader: Uuid,
    team: Option<Uuid>,
) -> crate::Result<bool> {
    let Some(team) = team else { return Ok(false) };
    let n: i64 = teams::table
        .filter(teams::id.eq(team))
        .filter(teams::team_leader_id.eq(leader))
        .count()
        .get_result(conn)
        .await?;
    Ok(n > 0)
}

/// (employee_id, nik, full_name) of the given employees.
pub async fn names(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, String, String)>> {
    Ok(employees::table
        .filter(employees::id.eq_any(ids))
        .select((employees::id, employees::nik, employees::full_name))
        .load(conn)
        .await?)
}

// ---- adjustments ----

/// An adjustment: a correction of a call of an approved month landing on a later one.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = evaluation_adjustments, check_for_backend(Pg))]
pub struct Adjustment {
    pub id: Uuid,
    pub call_id: Uuid,
    pub employee_id: Uuid,
    pub from_month: NaiveDate,
    pub to_month: NaiveDate,
    pub delta: i32,
    pub revision: i32,
    pub created_at: DateTime<Utc>,
}

/// Inserts an adjustment (once per call and revision); false when it was there.
pub async fn insert_adjustment(
    conn: &mut AsyncPgConnection,
    a: &Adjustment,
) -> crate::Result<bool> {
    let n = diesel::insert_into(evaluation_adjustments::table)
        .values(a)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(n == 1)
}

/// The adjustments landing on `employee`'s `month`, oldest first.
pub async fn adjustments_to(
    conn: &mut AsyncPgConnection,
    employee: Uuid,
    month: NaiveDate,
) -> crate::Result<Vec<Adjustment>> {
    Ok(evaluation_adjustments::table
        .filter(evaluation_adjustments::employee_id.eq(employee))
        .filter(evaluation_adjustments::to_month.eq(month))
        .order((
            evaluation_adjustments::created_at,
            evaluation_adjustments::id,
        ))
        .select(Adjustment::as_select())
        .load(conn)
        .await?)
}

/// Whether `scope` sees the employee `id`.
pub async fn sees_employee(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<bool> {
    let n: i64 = employees::table
        .filter(employees::id.eq(id))
        .filter(super::employees::in_scope(scope))
        .count()
        .get_result(conn)
        .await?;
    Ok(n > 0)
}
