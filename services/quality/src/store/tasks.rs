//! Task rows, their scores and verdicts, and the recordings calling announced. Every
//! read for a request takes the caller's [`SiteScope`] and filters by it in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::{exists, sql};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Program, Role};
use uuid::Uuid;

use super::schema::{parameter_versions, recordings, task_scores, task_verdicts, tasks};
use super::{decode, int, uint};
use crate::domain::scope::SiteScope;
use crate::domain::task::{ItemScore, Task, TaskStatus, Verdict, VerdictRecord};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = tasks, check_for_backend(Pg))]
struct TaskRow {
    id: Uuid,
    call_id: Uuid,
    prospect_id: Uuid,
    work_order_id: Uuid,
    agent_id: Uuid,
    team_id: Option<Uuid>,
    site: String,
    program: String,
    product_code: Option<String>,
    negotiation_step: Option<i32>,
    call_started_at: DateTime<Utc>,
    call_ended_at: DateTime<Utc>,
    call_day: NaiveDate,
    parameter_version_id: Uuid,
    previous_task_id: Option<Uuid>,
    status: String,
    claimed_by: Option<Uuid>,
    claimed_at: Option<DateTime<Utc>>,
    lease_expires_at: Option<DateTime<Utc>>,
    verdict: Option<String>,
    score: Option<f64>,
    reason: Option<String>,
    recommendation: Option<String>,
    judged_by: Option<Uuid>,
    judged_at: Option<DateTime<Utc>>,
    revision: i32,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<TaskRow> for Task {
    type Error = anyhow::Error;

    fn try_from(r: TaskRow) -> anyhow::Result<Self> {
        Ok(Task {
            id: r.id,
            call_id: r.call_id,
            prospect_id: r.prospect_id,
            work_order_id: r.work_order_id,
            agent_id: r.agent_id,
            team_id: r.team_id,
            site: decode("tasks.site", &r.site)?,
            program: decode("tasks.program", &r.program)?,
            product_code: r.product_code,
            negotiation_step: r.negotiation_step,
            call_started_at: r.call_started_at,
            call_ended_at: r.call_ended_at,
            call_day: r.call_day,
            parameter_version_id: r.parameter_version_id,
            previous_task_id: r.previous_task_id,
            status: decode("tasks.status", &r.status)?,
            claimed_by: r.claimed_by,
            claimed_at: r.claimed_at,
            lease_expires_at: r.lease_expires_at,
            verdict: r
                .verdict
                .as_deref()
                .map(|v| decode::<Verdict>("tasks.verdict", v))
                .transpose()?,
            score: r.score,
            reason: r.reason,
            recommendation: r.recommendation,
            judged_by: r.judged_by,
            judged_at: r.judged_at,
            revision: uint("tasks.revision", r.revision)?,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

fn tasks_of(rows: Vec<TaskRow>) -> crate::Result<Vec<Task>> {
    Ok(rows
        .into_iter()
        .map(Task::try_from)
        .collect::<anyhow::Result<_>>()?)
}

type Condition = Box<dyn BoxableExpression<tasks::table, Pg, SqlType = Nullable<Bool>>>;

/// The tasks `scope` sees.
fn in_scope(scope: SiteScope) -> Condition {
    match scope {
        SiteScope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        SiteScope::Site(site) => Box::new(tasks::site.eq(site.as_str()).nullable()),
        SiteScope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// An AGREE call to tap, as calling announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallToTap {
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: tam_kernel::Site,
    pub program: Program,
    pub product_code: Option<String>,
    pub negotiation_step: Option<i32>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    /// Whether its recording was stored before the result.
    pub has_recording: bool,
}

/// A call's recording, as calling announced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordingNews {
    pub call_id: Uuid,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub attached_at: DateTime<Utc>,
}

/// Creates the task of an AGREE call, once per call: a redelivery or a second event
/// for the call does nothing. Scored against the program's version in force now; it
/// waits for a recording unless the call has one or its recording was announced first.
pub async fn create_from_call(
    conn: &mut AsyncPgConnection,
    call: &CallToTap,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    lock_news_of(conn, call.call_id).await?;
    let version: Uuid = parameter_versions::table
        .filter(parameter_versions::program.eq(call.program.as_str()))
        .order(parameter_versions::version.desc())
        .select(parameter_versions::id)
        .first(conn)
        .await
        .optional()?
        .ok_or_else(|| anyhow::anyhow!("no parameters for {}", call.program))?;
    let announced: bool = diesel::select(exists(
        recordings::table.filter(recordings::call_id.eq(call.call_id)),
    ))
    .get_result(conn)
    .await?;
    let status = if call.has_recording || announced {
        TaskStatus::Waiting
    } else {
        TaskStatus::AwaitingRecording
    };
    // The link to the sale's history: the latest earlier call of the prospect. Not
    // later than this one (a call started in the same clock tick still counts as
    // earlier: its task exists already, and ids break the tie as `history` does).
    let previous: Option<Uuid> = tasks::table
        .filter(tasks::prospect_id.eq(call.prospect_id))
        .filter(tasks::call_id.ne(call.call_id))
        .filter(tasks::call_started_at.le(call.started_at))
        .order((tasks::call_started_at.desc(), tasks::id.desc()))
        .select(tasks::id)
        .first(conn)
        .await
        .optional()?;
    diesel::insert_into(tasks::table)
        .values((
            tasks::id.eq(tam_kernel::new_id()),
            tasks::call_id.eq(call.call_id),
            tasks::prospect_id.eq(call.prospect_id),
            tasks::work_order_id.eq(call.work_order_id),
            tasks::agent_id.eq(call.agent_id),
            tasks::team_id.eq(call.team_id),
            tasks::site.eq(call.site.as_str()),
            tasks::program.eq(call.program.as_str()),
            tasks::product_code.eq(&call.product_code),
            tasks::negotiation_step.eq(call.negotiation_step),
            tasks::call_started_at.eq(call.started_at),
            tasks::call_ended_at.eq(call.ended_at),
            tasks::call_day.eq(tam_kernel::wib_date(call.started_at)),
            tasks::parameter_version_id.eq(version),
            tasks::previous_task_id.eq(previous),
            tasks::status.eq(status.as_str()),
            tasks::created_at.eq(now),
            tasks::updated_at.eq(now),
        ))
        .on_conflict(tasks::call_id)
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps the announcement of a call's recording and releases a task awaiting it.
pub async fn recording_attached(
    conn: &mut AsyncPgConnection,
    r: &RecordingNews,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    lock_news_of(conn, r.call_id).await?;
    diesel::insert_into(recordings::table)
        .values((
            recordings::call_id.eq(r.call_id),
            recordings::content_type.eq(&r.content_type),
            recordings::size_bytes.eq(r.size_bytes),
            recordings::sha256.eq(&r.sha256),
            recordings::attached_at.eq(r.attached_at),
        ))
        .on_conflict(recordings::call_id)
        .do_nothing()
        .execute(conn)
        .await?;
    diesel::update(
        tasks::table
            .filter(tasks::call_id.eq(r.call_id))
            .filter(tasks::status.eq(TaskStatus::AwaitingRecording.as_str())),
    )
    .set((
        tasks::status.eq(TaskStatus::Waiting.as_str()),
        tasks::updated_at.eq(now),
    ))
    .execute(conn)
    .await?;
    Ok(())
}

/// Makes the news of one call take turns. Events are handled concurrently: without
/// this, a call's completion and its recording handled side by side each miss the
/// other, and the task waits for a recording that has already come.
async fn lock_news_of(conn: &mut AsyncPgConnection, call_id: Uuid) -> crate::Result<()> {
    tam_db::lock_until_commit(conn, &format!("quality-call:{call_id}")).await?;
    Ok(())
}

/// The task `id` if `scope` sees it; `lock` takes it `FOR UPDATE`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: SiteScope,
    id: Uuid,
    lock: bool,
) -> crate::Result<Option<Task>> {
    let query = tasks::table
        .filter(tasks::id.eq(id))
        .filter(in_scope(scope))
        .select(TaskRow::as_select());
    let row: Option<TaskRow> = if lock {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    Ok(row.map(Task::try_from).transpose()?)
}

/// The filters of the task list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    /// The WIB date of the call.
    pub day: Option<NaiveDate>,
    pub agent_id: Option<Uuid>,
    pub program: Option<Program>,
}

/// One page of the tasks `scope` sees, oldest first, in (created_at, id) order after
/// `after`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: SiteScope,
    filter: TaskFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Task>> {
    let mut query = tasks::table
        .filter(in_scope(scope))
        .select(TaskRow::as_select())
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(tasks::status.eq(status.as_str()));
    }
    if let Some(day) = filter.day {
        query = query.filter(tasks::call_day.eq(day));
    }
    if let Some(agent) = filter.agent_id {
        query = query.filter(tasks::agent_id.eq(agent));
    }
    if let Some(program) = filter.program {
        query = query.filter(tasks::program.eq(program.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            tasks::created_at
                .gt(cursor.at)
                .or(tasks::created_at.eq(cursor.at).and(tasks::id.gt(cursor.id))),
        );
    }
    let rows: Vec<TaskRow> = query
        .order((tasks::created_at.asc(), tasks::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    tasks_of(rows)
}

/// The earlier tasks of the same prospect (the sale's history), in call order.
pub async fn history(conn: &mut AsyncPgConnection, task: &Task) -> crate::Result<Vec<Task>> {
    let rows: Vec<TaskRow> = tasks::table
        .filter(tasks::prospect_id.eq(task.prospect_id))
        .filter(tasks::site.eq(task.site.as_str()))
        .filter(
            tasks::call_started_at
                .lt(task.call_started_at)
                .or(tasks::call_started_at
                    .eq(task.call_started_at)
                    .and(tasks::id.lt(task.id))),
        )
        .order((tasks::call_started_at.asc(), tasks::id.asc()))
        .select(TaskRow::as_select())
        .load(conn)
        .await?;
    tasks_of(rows)
}

/// The task `qco` holds at `site` under an unexpired lease, if any.
pub async fn held_by(
    conn: &mut AsyncPgConnection,
    site: tam_kernel::Site,
    qco: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Option<Task>> {
    let row: Option<TaskRow> = tasks::table
        .filter(tasks::site.eq(site.as_str()))
        .filter(tasks::status.eq(TaskStatus::Claimed.as_str()))
        .filter(tasks::claimed_by.eq(qco))
        .filter(tasks::lease_expires_at.gt(now))
        .order((tasks::claimed_at.asc(), tasks::id.asc()))
        .select(TaskRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Task::try_from).transpose()?)
}

/// Claims the oldest task of `site` that is waiting or whose lease expired, for `qco`
/// until `until`. The candidate is locked `FOR UPDATE SKIP LOCKED`, so concurrent
/// claims each get another task (or none) instead of waiting for each other.
pub async fn claim_next(
    conn: &mut AsyncPgConnection,
    site: tam_kernel::Site,
    qco: Uuid,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> crate::Result<Option<Task>> {
    let candidate: Option<Uuid> = tasks::table
        .filter(tasks::site.eq(site.as_str()))
        .filter(
            tasks::status
                .eq(TaskStatus::Waiting.as_str())
                .or(tasks::status
                    .eq(TaskStatus::Claimed.as_str())
                    .and(tasks::lease_expires_at.le(now))),
        )
        .order((tasks::created_at.asc(), tasks::id.asc()))
        .select(tasks::id)
        .for_update()
        .skip_locked()
        .first(conn)
        .await
        .optional()?;
    let Some(id) = candidate else {
        return Ok(None);
    };
    let row: TaskRow = diesel::update(tasks::table.filter(tasks::id.eq(id)))
        .set((
            tasks::status.eq(TaskStatus::Claimed.as_str()),
            tasks::claimed_by.eq(qco),
            tasks::claimed_at.eq(now),
            tasks::lease_expires_at.eq(until),
            tasks::updated_at.eq(now),
        ))
        .returning(TaskRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(Some(row.try_into()?))
}

/// Sets the current verdict of task `id` (the QCO's, or a correction) and its revision.
pub async fn set_verdict(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    record: &VerdictRecord,
) -> crate::Result<Task> {
    let row: TaskRow = diesel::update(tasks::table.filter(tasks::id.eq(id)))
        .set((
            tasks::status.eq(record.verdict.status().as_str()),
            tasks::verdict.eq(record.verdict.as_str()),
            tasks::score.eq(record.score),
            tasks::reason.eq(&record.reason),
            tasks::recommendation.eq(&record.recommendation),
            tasks::judged_by.eq(record.decided_by),
            tasks::judged_at.eq(record.decided_at),
            tasks::revision.eq(int(record.revision)),
            tasks::updated_at.eq(record.decided_at),
        ))
        .returning(TaskRow::as_returning())
        .get_result(conn)
        .await?;
    insert_verdict(conn, id, record).await?;
    Ok(row.try_into()?)
}

async fn insert_verdict(
    conn: &mut AsyncPgConnection,
    task: Uuid,
    r: &VerdictRecord,
) -> crate::Result<()> {
    diesel::insert_into(task_verdicts::table)
        .values((
            task_verdicts::task_id.eq(task),
            task_verdicts::revision.eq(int(r.revision)),
            task_verdicts::verdict.eq(r.verdict.as_str()),
            task_verdicts::score.eq(r.score),
            task_verdicts::reason.eq(&r.reason),
            task_verdicts::recommendation.eq(&r.recommendation),
            task_verdicts::decided_by.eq(r.decided_by),
            task_verdicts::decided_role.eq(r.decided_role.as_str()),
            task_verdicts::decided_at.eq(r.decided_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The verdicts of tasks `ids`, by task then revision.
pub async fn verdicts(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, VerdictRecord)>> {
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        Uuid,
        i32,
        String,
        f64,
        Option<String>,
        Option<String>,
        Uuid,
        String,
        DateTime<Utc>,
    )> = task_verdicts::table
        .filter(task_verdicts::task_id.eq_any(ids))
        .order((task_verdicts::task_id, task_verdicts::revision))
        .select((
            task_verdicts::task_id,
            task_verdicts::revision,
            task_verdicts::verdict,
            task_verdicts::score,
            task_verdicts::reason,
            task_verdicts::recommendation,
            task_verdicts::decided_by,
            task_verdicts::decided_role,
            task_verdicts::decided_at,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(task, revision, verdict, score, reason, rec, by, role, at)| {
                Ok((
                    task,
                    VerdictRecord {
                        revision: uint("task_verdicts.revision", revision)?,
                        verdict: decode("task_verdicts.verdict", &verdict)?,
                        score,
                        reason,
                        recommendation: rec,
                        decided_by: by,
                        decided_role: decode::<Role>("task_verdicts.decided_role", &role)?,
                        decided_at: at,
                    },
                ))
            },
        )
        .collect::<anyhow::Result<_>>()?)
}

/// Stores the QCO's item scores of task `id`.
pub async fn insert_scores(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    scores: &[ItemScore],
) -> crate::Result<()> {
    let rows: Vec<_> = scores
        .iter()
        .map(|s| {
            (
                task_scores::task_id.eq(id),
                task_scores::code.eq(&s.code),
                task_scores::passed.eq(s.passed),
                task_scores::note.eq(&s.note),
            )
        })
        .collect();
    diesel::insert_into(task_scores::table)
        .values(rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// The item scores of tasks `ids`.
pub async fn scores(
    conn: &mut AsyncPgConnection,
    ids: &[Uuid],
) -> crate::Result<Vec<(Uuid, ItemScore)>> {
    let rows: Vec<(Uuid, String, bool, Option<String>)> = task_scores::table
        .filter(task_scores::task_id.eq_any(ids))
        .select((
            task_scores::task_id,
            task_scores::code,
            task_scores::passed,
            task_scores::note,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(task, code, passed, note)| (task, ItemScore { code, passed, note }))
        .collect())
}
