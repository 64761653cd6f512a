//! Reading tapping tasks, claiming one, and the QCO's verdict.

use chrono::Duration;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::{Quality, Request};
use crate::domain::parameters::ParameterVersion;
use crate::domain::review::QueuedFor;
use crate::domain::sampling::is_sampled;
use crate::domain::scope::site_scope;
use crate::domain::task::{self, ItemScore, Judgement, Task, Verdict, VerdictRecord};
use crate::error::{Error, Result};
use crate::events::{self, CallValidated};
use crate::store::tasks::TaskFilter;
use crate::store::{parameters, reviews, tasks};

/// A task with everything its page shows.
#[derive(Debug, Clone)]
pub struct TaskDetail {
    pub task: Task,
    /// The parameter version the task is scored against.
    pub parameters: ParameterVersion,
    /// The QCO's item scores, in the version's item order (empty before the verdict).
    pub scores: Vec<ItemScore>,
    pub verdicts: Vec<VerdictRecord>,
    /// The earlier tasks of the same prospect (a re-called sale's history), in call
    /// order, each with its verdicts.
    pub history: Vec<(Task, Vec<VerdictRecord>)>,
}

/// A verdict as the QCO gives it (checked at the edge).
#[derive(Debug, Clone)]
pub struct VerdictInput {
    pub scores: Vec<ItemScore>,
    pub judgement: Judgement,
}

/// A page of the tasks in the caller's scope.
pub async fn list(
    q: &Quality,
    request: &Request,
    filter: TaskFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Task>> {
    let mut conn = q.pool.get().await?;
    let rows = tasks::list(&mut conn, site_scope(&request.actor), filter, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |t| {
        Cursor::new(t.created_at, t.id)
    }))
}

/// One task in the caller's scope with its scores, verdicts and history.
pub async fn get(q: &Quality, request: &Request, id: Uuid) -> Result<TaskDetail> {
    let mut conn = q.pool.get().await?;
    let task = tasks::find(&mut conn, site_scope(&request.actor), id, false)
        .await?
        .ok_or(Error::NotFound("task"))?;
    detail(&mut conn, task).await
}

async fn detail(conn: &mut AsyncPgConnection, task: Task) -> Result<TaskDetail> {
    let version = parameters::by_id(conn, task.parameter_version_id).await?;
    let earlier = tasks::history(conn, &task).await?;
    let mut ids: Vec<Uuid> = earlier.iter().map(|t| t.id).collect();
    ids.push(task.id);
    let mut verdicts = tasks::verdicts(conn, &ids).await?;
    let mut scores: Vec<ItemScore> = tasks::scores(conn, &[task.id])
        .await?
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    scores.sort_by_key(|s| version.items.iter().position(|i| i.code == s.code));
    let mut take = |id: Uuid| -> Vec<VerdictRecord> {
        let (mine, rest): (Vec<_>, Vec<_>) = verdicts.drain(..).partition(|(t, _)| *t == id);
        verdicts = rest;
        mine.into_iter().map(|(_, v)| v).collect()
    };
    let history = earlier
        .into_iter()
        .map(|t| {
            let v = take(t.id);
            (t, v)
        })
        .collect();
    let own = take(task.id);
    Ok(TaskDetail {
        task,
        parameters: version,
        scores,
        verdicts: own,
        history,
    })
}

/// Gives the calling QCO a task of their site: the one they already hold under an
/// unexpired lease, else the oldest waiting task (or one whose lease expired), leased
/// for `settings.tapping_lease`. `None` when there is none.
pub async fn claim(q: &Quality, request: &Request) -> Result<Option<Task>> {
    let actor = request.actor;
    let Some(site) = actor.site else {
        return Ok(None);
    };
    let now = q.now();
    let lease = Duration::from_std(q.settings.tapping_lease).unwrap_or(Duration::minutes(30));
    let mut conn = q.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            if let Some(held) = tasks::held_by(conn, site, actor.id, now).await? {
                return Ok(Some(held));
            }
            tasks::claim_next(conn, site, actor.id, now, now + lease).await
        }
        .scope_boxed()
    })
    .await
}

/// The QCO's verdict on the task they hold: every item of the task's version scored
/// once (400), no VALID with a failed critical item (422), a reason for a RETURN (checked
/// at the edge). Stores the scores and the weighted score, queues the QA review (every
/// RETURN, sampled VALIDs) and publishes `quality.call.validated` revision 1, in one
/// transaction.
pub async fn judge(
    q: &Quality,
    request: &Request,
    id: Uuid,
    input: VerdictInput,
) -> Result<TaskDetail> {
    let actor = request.actor;
    let now = q.now();
    let sample_percent = q.settings.qa_sample_percent;
    let mut conn = q.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let current = tasks::find(conn, site_scope(&actor), id, true)
                .await?
                .ok_or(Error::NotFound("task"))?;
            task::check_holder(current.hold(), actor.id, now)?;
            let version = parameters::by_id(conn, current.parameter_version_id).await?;
            task::check_coverage(&version.items, &input.scores)?;
            let verdict = input.judgement.verdict;
            task::check_verdict(&version.items, &input.scores, verdict)?;
            let record = VerdictRecord {
                revision: 1,
                verdict,
                score: task::weighted_score(&version.items, &input.scores),
                reason: input.judgement.reason.clone(),
                recommendation: input.judgement.recommendation.clone(),
                decided_by: actor.id,
                decided_role: actor.role,
                decided_at: now,
            };
            tasks::insert_scores(conn, id, &input.scores).await?;
            let judged = tasks::set_verdict(conn, id, &record).await?;
            let queued_for = match verdict {
                Verdict::Returned => Some(QueuedFor::Returned),
                Verdict::Valid => {
                    let n = reviews::count_valid(conn, actor.id).await?;
                    is_sampled(n, sample_percent).then_some(QueuedFor::Sampled)
                }
            };
            if let Some(queued_for) = queued_for {
                reviews::queue(conn, &judged, actor.id, verdict, queued_for, now).await?;
            }
            publish_validated(conn, request, &judged, &record).await?;
            detail(conn, judged).await
        }
        .scope_boxed()
    })
    .await
}

/// `quality.call.validated` for `task`'s verdict `record`.
pub(crate) async fn publish_validated(
    conn: &mut AsyncPgConnection,
    request: &Request,
    task: &Task,
    record: &VerdictRecord,
) -> Result<()> {
    events::PRODUCER
        .publish(
            conn,
            task.site,
            request.correlation_id(),
            &CallValidated {
                task_id: task.id,
                call_id: task.call_id,
                prospect_id: task.prospect_id,
                work_order_id: task.work_order_id,
                agent_id: task.agent_id,
                team_id: task.team_id,
                site: task.site,
                program: task.program,
                verdict: record.verdict.into(),
                score: record.score,
                reason: record.reason.clone(),
                recommendation: record.recommendation.clone(),
                validated_at: record.decided_at,
                revision: record.revision,
            },
        )
        .await?;
    Ok(())
}
