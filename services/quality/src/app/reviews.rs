//! The QA verification queue: a QA officer's opinion, a quality supervisor's decision.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::tasks::publish_validated;
use super::{Quality, Request};
use crate::domain::review::{self, Decision, Opinion, Outcome, Review, ReviewStatus};
use crate::domain::scope::site_scope;
use crate::domain::task::VerdictRecord;
use crate::error::{Error, Result};
use crate::store::{reviews, tasks};

/// A page of the reviews of the caller's site.
pub async fn list(
    q: &Quality,
    request: &Request,
    status: Option<ReviewStatus>,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Review>> {
    let mut conn = q.pool.get().await?;
    let rows = reviews::list(&mut conn, site_scope(&request.actor), status, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |r| {
        Cursor::new(r.created_at, r.id)
    }))
}

/// A QA officer of the review's site agrees or disagrees, once (409 after).
pub async fn give_opinion(
    q: &Quality,
    request: &Request,
    id: Uuid,
    opinion: Opinion,
) -> Result<Review> {
    let actor = request.actor;
    let now = q.now();
    let mut conn = q.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let current = reviews::find(conn, site_scope(&actor), id, true)
                .await?
                .ok_or(Error::NotFound("review"))?;
            let status = review::opinion(current.status, &opinion)?;
            reviews::set_opinion(conn, id, actor.id, &opinion, status, now).await
        }
        .scope_boxed()
    })
    .await
}

/// The quality supervisor of the site decides a disputed review (final; 409 for any
/// other). A decision that changes the verdict corrects the task (revision + 1, the
/// QCO's item score kept) and publishes the corrected `quality.call.validated` in the
/// same transaction; one that upholds it changes only the review.
pub async fn decide(
    q: &Quality,
    request: &Request,
    id: Uuid,
    decision: Decision,
) -> Result<Review> {
    let actor = request.actor;
    let now = q.now();
    let mut conn = q.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let scope = site_scope(&actor);
            let current = reviews::find(conn, scope, id, true)
                .await?
                .ok_or(Error::NotFound("review"))?;
            let task = tasks::find(conn, scope, current.task_id, true)
                .await?
                .ok_or(Error::NotFound("task"))?;
            let verdict = task
                .verdict
                .ok_or_else(|| anyhow::anyhow!("task {} of review {id} has no verdict", task.id))?;
            if let Outcome::Changed { to, .. } = review::decide(current.status, verdict, &decision)?
            {
                let record = VerdictRecord {
                    revision: task.revision + 1,
                    verdict: to,
                    score: task.score.unwrap_or(0.0),
                    reason: decision.judgement.reason.clone(),
                    recommendation: decision.judgement.recommendation.clone(),
                    decided_by: actor.id,
                    decided_role: actor.role,
                    decided_at: now,
                };
                let corrected = tasks::set_verdict(conn, task.id, &record).await?;
                publish_validated(conn, request, &corrected, &record).await?;
            }
            reviews::set_decision(conn, id, actor.id, &decision, now).await
        }
        .scope_boxed()
    })
    .await
}
