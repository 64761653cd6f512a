//! Mis-sale reviews: opened from helpdesk's `helpdesk.cabut.mis_sale_suspected`,
//! listed by site, decided by the site's quality supervisor, and counted on the agent's
//! record.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit};
use uuid::Uuid;

use super::decode;
use super::schema::{mis_sale_reviews, tasks};
use crate::domain::mis_sale::{MisSaleDecision, MisSaleReview, MisSaleStatus, Suspicion};
use crate::domain::scope::SiteScope;
use crate::domain::score::ScoreFilters;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = mis_sale_reviews, check_for_backend(Pg))]
struct Row {
    id: Uuid,
    case_id: Uuid,
    call_id: Uuid,
    task_id: Option<Uuid>,
    agent_id: Uuid,
    team_id: Option<Uuid>,
    site: String,
    program: String,
    indihome_number: String,
    product_code: String,
    cancelled_on: NaiveDate,
    main_reason: String,
    reasons: Vec<String>,
    survey_note: Option<String>,
    surveyed_at: DateTime<Utc>,
    status: String,
    finding: Option<String>,
    decision_note: Option<String>,
    decided_by: Option<Uuid>,
    decided_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl TryFrom<Row> for MisSaleReview {
    type Error = anyhow::Error;

    fn try_from(r: Row) -> anyhow::Result<Self> {
        Ok(MisSaleReview {
            id: r.id,
            case_id: r.case_id,
            call_id: r.call_id,
            task_id: r.task_id,
            agent_id: r.agent_id,
            team_id: r.team_id,
            site: decode("mis_sale_reviews.site", &r.site)?,
            program: decode("mis_sale_reviews.program", &r.program)?,
            indihome_number: r.indihome_number,
            product_code: r.product_code,
            cancelled_on: r.cancelled_on,
            main_reason: r.main_reason,
            reasons: r.reasons,
            survey_note: r.survey_note,
            surveyed_at: r.surveyed_at,
            status: decode("mis_sale_reviews.status", &r.status)?,
            finding: r
                .finding
                .as_deref()
                .map(|f| decode("mis_sale_reviews.finding", f))
                .transpose()?,
            decision_note: r.decision_note,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            created_at: r.created_at,
        })
    }
}

type Condition = Box<dyn BoxableExpression<mis_sale_reviews::table, Pg, SqlType = Nullable<Bool>>>;

fn in_scope(scope: SiteScope) -> Condition {
    match scope {
        SiteScope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        SiteScope::Site(site) => Box::new(mis_sale_reviews::site.eq(site.as_str()).nullable()),
        SiteScope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Opens the review of a suspicion, once per CABUT case (a second delivery opens
/// nothing); linked to the call's tapping task when quality has it.
pub async fn open(
    conn: &mut AsyncPgConnection,
    s: &Suspicion,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    let task_id: Option<Uuid> = tasks::table
        .filter(tasks::call_id.eq(s.call_id))
        .select(tasks::id)
        .first(conn)
        .await
        .optional()?;
    diesel::insert_into(mis_sale_reviews::table)
        .values((
            mis_sale_reviews::id.eq(tam_kernel::new_id()),
            mis_sale_reviews::case_id.eq(s.case_id),
            mis_sale_reviews::call_id.eq(s.call_id),
            mis_sale_reviews::task_id.eq(task_id),
            mis_sale_reviews::agent_id.eq(s.agent_id),
            mis_sale_reviews::team_id.eq(s.team_id),
            mis_sale_reviews::site.eq(s.site.as_str()),
            mis_sale_reviews::program.eq(s.program.as_str()),
            mis_sale_reviews::indihome_number.eq(&s.indihome_number),
            mis_sale_reviews::product_code.eq(&s.product_code),
            mis_sale_reviews::cancelled_on.eq(s.cancelled_on),
            mis_sale_reviews::main_reason.eq(&s.main_reason),
            mis_sale_reviews::reasons.eq(&s.reasons),
            mis_sale_reviews::survey_note.eq(&s.note),
            mis_sale_reviews::surveyed_at.eq(s.surveyed_at),
            mis_sale_reviews::status.eq(MisSaleStatus::Pending.as_str()),
            mis_sale_reviews::created_at.eq(at),
        ))
        .on_conflict(mis_sale_reviews::case_id)
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// The review `id` if `scope` sees it; `lock` takes it `FOR UPDATE`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: SiteScope,
    id: Uuid,
    lock: bool,
) -> crate::Result<Option<MisSaleReview>> {
    let query = mis_sale_reviews::table
        .filter(mis_sale_reviews::id.eq(id))
        .filter(in_scope(scope))
        .select(Row::as_select());
    let row: Option<Row> = if lock {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    Ok(row.map(MisSaleReview::try_from).transpose()?)
}

/// One page of the reviews `scope` sees, oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: SiteScope,
    status: Option<MisSaleStatus>,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<MisSaleReview>> {
    let mut query = mis_sale_reviews::table
        .filter(in_scope(scope))
        .select(Row::as_select())
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(mis_sale_reviews::status.eq(status.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            mis_sale_reviews::created_at
                .gt(cursor.at)
                .or(mis_sale_reviews::created_at
                    .eq(cursor.at)
                    .and(mis_sale_reviews::id.gt(cursor.id))),
        );
    }
    let rows: Vec<Row> = query
        .order((
            mis_sale_reviews::created_at.asc(),
            mis_sale_reviews::id.asc(),
        ))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(MisSaleReview::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// Records the supervisor's decision (final).
pub async fn set_decision(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    supervisor: Uuid,
    decision: &MisSaleDecision,
    at: DateTime<Utc>,
) -> crate::Result<MisSaleReview> {
    let row: Row = diesel::update(mis_sale_reviews::table.filter(mis_sale_reviews::id.eq(id)))
        .set((
            mis_sale_reviews::status.eq(MisSaleStatus::Decided.as_str()),
            mis_sale_reviews::finding.eq(decision.finding.as_str()),
            mis_sale_reviews::decision_note.eq(&decision.note),
            mis_sale_reviews::decided_by.eq(supervisor),
            mis_sale_reviews::decided_at.eq(at),
        ))
        .returning(Row::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The reviews of the month `[from, to)` (by the WIB day of the survey) within the
/// score's filters, oldest first: the mis-sales on the agents' record.
pub async fn of_month(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
    f: ScoreFilters,
) -> crate::Result<Vec<MisSaleReview>> {
    let (start, _) = tam_kernel::wib_day_bounds(from);
    let (end, _) = tam_kernel::wib_day_bounds(to);
    let mut query = mis_sale_reviews::table
        .filter(mis_sale_reviews::surveyed_at.ge(start))
        .filter(mis_sale_reviews::surveyed_at.lt(end))
        .select(Row::as_select())
        .into_boxed();
    if let Some(site) = f.site {
        query = query.filter(mis_sale_reviews::site.eq(site.as_str()));
    }
    if let Some(program) = f.program {
        query = query.filter(mis_sale_reviews::program.eq(program.as_str()));
    }
    if let Some(team) = f.team {
        query = query.filter(mis_sale_reviews::team_id.eq(team));
    }
    if let Some(agent) = f.agent {
        query = query.filter(mis_sale_reviews::agent_id.eq(agent));
    }
    let rows: Vec<Row> = query
        .order((
            mis_sale_reviews::surveyed_at.asc(),
            mis_sale_reviews::id.asc(),
        ))
        .limit(500)
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(MisSaleReview::try_from)
        .collect::<anyhow::Result<_>>()?)
}
