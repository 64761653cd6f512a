//! The QA verification queue and the per-QCO count of VALID verdicts.

use chrono::{DateTime, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit};
use uuid::Uuid;

use super::decode;
use super::schema::{qco_valid_counts, reviews};
use crate::domain::review::{Decision, Opinion, QueuedFor, Review, ReviewStatus};
use crate::domain::scope::SiteScope;
use crate::domain::task::{Task, Verdict};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = reviews, check_for_backend(Pg))]
struct ReviewRow {
    id: Uuid,
    task_id: Uuid,
    site: String,
    queued_for: String,
    qco_id: Uuid,
    qco_verdict: String,
    status: String,
    qa_id: Option<Uuid>,
    qa_agree: Option<bool>,
    qa_note: Option<String>,
    qa_at: Option<DateTime<Utc>>,
    decided_by: Option<Uuid>,
    decision_verdict: Option<String>,
    decision_reason: Option<String>,
    decision_recommendation: Option<String>,
    decision_note: Option<String>,
    decided_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl TryFrom<ReviewRow> for Review {
    type Error = anyhow::Error;

    fn try_from(r: ReviewRow) -> anyhow::Result<Self> {
        Ok(Review {
            id: r.id,
            task_id: r.task_id,
            site: decode("reviews.site", &r.site)?,
            queued_for: decode("reviews.queued_for", &r.queued_for)?,
            qco_id: r.qco_id,
            qco_verdict: decode("reviews.qco_verdict", &r.qco_verdict)?,
            status: decode("reviews.status", &r.status)?,
            qa_id: r.qa_id,
            qa_agree: r.qa_agree,
            qa_note: r.qa_note,
            qa_at: r.qa_at,
            decided_by: r.decided_by,
            decision_verdict: r
                .decision_verdict
                .as_deref()
                .map(|v| decode::<Verdict>("reviews.decision_verdict", v))
                .transpose()?,
            decision_reason: r.decision_reason,
            decision_recommendation: r.decision_recommendation,
            decision_note: r.decision_note,
            decided_at: r.decided_at,
            created_at: r.created_at,
        })
    }
}

type Condition = Box<dyn BoxableExpression<reviews::table, Pg, SqlType = Nullable<Bool>>>;

fn in_scope(scope: SiteScope) -> Condition {
    match scope {
        SiteScope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        SiteScope::Site(site) => Box::new(reviews::site.eq(site.as_str()).nullable()),
        SiteScope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Counts one more VALID verdict of `qco`; the new count (1 for the first).
pub async fn count_valid(conn: &mut AsyncPgConnection, qco: Uuid) -> crate::Result<u64> {
    let n: i32 = diesel::insert_into(qco_valid_counts::table)
        .values((
            qco_valid_counts::qco_id.eq(qco),
            qco_valid_counts::valid_count.eq(1),
        ))
        .on_conflict(qco_valid_counts::qco_id)
        .do_update()
        .set(qco_valid_counts::valid_count.eq(qco_valid_counts::valid_count + 1))
        .returning(qco_valid_counts::valid_count)
        .get_result(conn)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Queues the QCO verdict of `task` for the site's QA officers.
pub async fn queue(
    conn: &mut AsyncPgConnection,
    task: &Task,
    qco: Uuid,
    verdict: Verdict,
    queued_for: QueuedFor,
    at: DateTime<Utc>,
) -> crate::Result<Review> {
    let row: ReviewRow = diesel::insert_into(reviews::table)
        .values((
            reviews::id.eq(tam_kernel::new_id()),
            reviews::task_id.eq(task.id),
            reviews::site.eq(task.site.as_str()),
            reviews::queued_for.eq(queued_for.as_str()),
            reviews::qco_id.eq(qco),
            reviews::qco_verdict.eq(verdict.as_str()),
            reviews::status.eq(ReviewStatus::Pending.as_str()),
            reviews::created_at.eq(at),
        ))
        .returning(ReviewRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The review `id` if `scope` sees it; `lock` takes it `FOR UPDATE`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: SiteScope,
    id: Uuid,
    lock: bool,
) -> crate::Result<Option<Review>> {
    let query = reviews::table
        .filter(reviews::id.eq(id))
        .filter(in_scope(scope))
        .select(ReviewRow::as_select());
    let row: Option<ReviewRow> = if lock {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    Ok(row.map(Review::try_from).transpose()?)
}

/// The review of task `task`, if it was queued.
pub async fn of_task(conn: &mut AsyncPgConnection, task: Uuid) -> crate::Result<Option<Review>> {
    let row: Option<ReviewRow> = reviews::table
        .filter(reviews::task_id.eq(task))
        .select(ReviewRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Review::try_from).transpose()?)
}

/// One page of the reviews `scope` sees, oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: SiteScope,
    status: Option<ReviewStatus>,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Review>> {
    let mut query = reviews::table
        .filter(in_scope(scope))
        .select(ReviewRow::as_select())
        .into_boxed();
    if let Some(status) = status {
        query = query.filter(reviews::status.eq(status.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            reviews::created_at.gt(cursor.at).or(reviews::created_at
                .eq(cursor.at)
                .and(reviews::id.gt(cursor.id))),
        );
    }
    let rows: Vec<ReviewRow> = query
        .order((reviews::created_at.asc(), reviews::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(Review::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// Records a QA officer's opinion and the review's new status.
pub async fn set_opinion(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    qa: Uuid,
    opinion: &Opinion,
    status: ReviewStatus,
    at: DateTime<Utc>,
) -> crate::Result<Review> {
    let row: ReviewRow = diesel::update(reviews::table.filter(reviews::id.eq(id)))
        .set((
            reviews::status.eq(status.as_str()),
            reviews::qa_id.eq(qa),
            reviews::qa_agree.eq(opinion.agree),
            reviews::qa_note.eq(&opinion.note),
            reviews::qa_at.eq(at),
        ))
        .returning(ReviewRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// Records a supervisor's decision (final).
pub async fn set_decision(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    supervisor: Uuid,
    decision: &Decision,
    at: DateTime<Utc>,
) -> crate::Result<Review> {
    let j = &decision.judgement;
    let row: ReviewRow = diesel::update(reviews::table.filter(reviews::id.eq(id)))
        .set((
            reviews::status.eq(ReviewStatus::Decided.as_str()),
            reviews::decided_by.eq(supervisor),
            reviews::decision_verdict.eq(j.verdict.as_str()),
            reviews::decision_reason.eq(&j.reason),
            reviews::decision_recommendation.eq(&j.recommendation),
            reviews::decision_note.eq(&decision.note),
            reviews::decided_at.eq(at),
        ))
        .returning(ReviewRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}
