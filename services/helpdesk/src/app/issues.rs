//! Kendala: the categories the supervisor keeps, a ticket's issues, their follow-ups and
//! resolution. Each change is also an entry of the ticket's history, and a person's
//! issue or follow-up is the desk's first response if none was given yet.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;
use tam_kernel::FieldError;
use uuid::Uuid;

use super::{Helpdesk, Request};
use crate::domain::issue::{check_open, Followup, Issue, IssueCategory, IssueDetail};
use crate::domain::scope::ticket_scope;
use crate::domain::ticket::{HistoryKind, Opener};
use crate::domain::{rules, unprocessable, Rejection};
use crate::error::{Error, Result};
use crate::store::issues;
use crate::store::tickets::{self, NewEntry};

pub async fn categories(h: &Helpdesk) -> Result<Vec<IssueCategory>> {
    let mut conn = h.pool.get().await?;
    issues::categories(&mut conn).await
}

/// Adds or changes a category (a category in use is never deleted: one the desk stops
/// using is made inactive, and its issues keep it).
pub async fn put_category(h: &Helpdesk, category: IssueCategory) -> Result<Vec<IssueCategory>> {
    let now = h.now();
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            issues::upsert_category(conn, &category, now).await?;
            issues::categories(conn).await
        }
        .scope_boxed()
    })
    .await
}

/// A new kendala.
#[derive(Debug, Clone)]
pub struct NewIssue {
    pub category: String,
    pub description: String,
}

/// Appends a history entry and records the first response.
async fn record(
    conn: &mut AsyncPgConnection,
    ticket_id: Uuid,
    kind: HistoryKind,
    note: Option<&str>,
    by: &Opener,
    details: serde_json::Value,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    tickets::append(
        conn,
        &NewEntry {
            ticket_id,
            at: now,
            kind,
            status: None,
            note,
            by,
            details: Some(details),
        },
    )
    .await?;
    tickets::set_first_response(conn, ticket_id, now).await?;
    super::tickets::refresh_timer(conn, ticket_id, now).await
}

/// Opens a kendala on a ticket in the caller's scope: an unknown or inactive category is
/// 422 naming `category`; a resolved ticket takes none (409).
pub async fn open(
    h: &Helpdesk,
    request: &Request,
    ticket_id: Uuid,
    new: NewIssue,
) -> Result<IssueDetail> {
    let now = h.now();
    let actor = request.actor;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let ticket = tickets::find(conn, ticket_scope(&actor), ticket_id, true)
                .await?
                .ok_or(Error::NotFound("ticket"))?;
            if ticket.status.is_resolved() {
                return Err(Rejection::Conflict(format!(
                    "the ticket is {}: reopen it before recording a problem",
                    ticket.status
                ))
                .into());
            }
            match crate::store::references::category(conn, &new.category).await? {
                Some((true, _)) => {}
                Some((false, _)) => {
                    return Err(unprocessable(
                        rules::UNKNOWN_REFERENCE,
                        &[FieldError::new(
                            "category",
                            format!("{} is no longer used", new.category),
                        )],
                    )
                    .into())
                }
                None => {
                    return Err(unprocessable(
                        rules::UNKNOWN_REFERENCE,
                        &[FieldError::new(
                            "category",
                            format!("{} is not an issue category", new.category),
                        )],
                    )
                    .into())
                }
            }
            let issue = Issue {
                id: Uuid::now_v7(),
                ticket_id,
                category: new.category,
                description: new.description,
                opened_at: now,
                opened_by: actor.id,
                resolved_at: None,
                resolved_by: None,
                resolution: None,
            };
            issues::insert(conn, &issue).await?;
            record(
                conn,
                ticket_id,
                HistoryKind::Issue,
                Some(&issue.description),
                &Opener::Employee(actor),
                json!({ "issue_id": issue.id, "category": issue.category }),
                now,
            )
            .await?;
            Ok(IssueDetail {
                issue,
                followups: Vec::new(),
            })
        }
        .scope_boxed()
    })
    .await
}

/// The issue `id` and its ticket, if the caller's scope covers the ticket; both locked.
async fn issue_in_scope(
    conn: &mut AsyncPgConnection,
    request: &Request,
    id: Uuid,
) -> Result<Issue> {
    let issue = issues::find_for_update(conn, id)
        .await?
        .ok_or(Error::NotFound("issue"))?;
    tickets::find(conn, ticket_scope(&request.actor), issue.ticket_id, true)
        .await?
        .ok_or(Error::NotFound("issue"))?;
    Ok(issue)
}

/// A follow-up entry.
#[derive(Debug, Clone)]
pub struct NewFollowup {
    pub action: String,
    pub contact_attempt: bool,
    pub result: Option<String>,
}

/// Records what was done about an open issue (409 once resolved).
pub async fn follow_up(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    new: NewFollowup,
) -> Result<IssueDetail> {
    let now = h.now();
    let actor = request.actor;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let issue = issue_in_scope(conn, request, id).await?;
            check_open(&issue)?;
            let followup = Followup {
                id: 0,
                at: now,
                author_id: actor.id,
                action: new.action,
                contact_attempt: new.contact_attempt,
                result: new.result,
            };
            issues::add_followup(conn, id, &followup).await?;
            record(
                conn,
                issue.ticket_id,
                HistoryKind::Followup,
                Some(&followup.action),
                &Opener::Employee(actor),
                json!({
                    "issue_id": id,
                    "contact_attempt": followup.contact_attempt,
                    "result": followup.result,
                }),
                now,
            )
            .await?;
            detail(conn, issue.ticket_id, id).await
        }
        .scope_boxed()
    })
    .await
}

/// Resolves an open issue with what fixed it (409 if already resolved).
pub async fn resolve(
    h: &Helpdesk,
    request: &Request,
    id: Uuid,
    resolution: String,
) -> Result<IssueDetail> {
    let now = h.now();
    let actor = request.actor;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let issue = issue_in_scope(conn, request, id).await?;
            check_open(&issue)?;
            issues::resolve(conn, id, actor.id, &resolution, now).await?;
            record(
                conn,
                issue.ticket_id,
                HistoryKind::IssueResolved,
                Some(&resolution),
                &Opener::Employee(actor),
                json!({ "issue_id": id }),
                now,
            )
            .await?;
            detail(conn, issue.ticket_id, id).await
        }
        .scope_boxed()
    })
    .await
}

async fn detail(conn: &mut AsyncPgConnection, ticket_id: Uuid, id: Uuid) -> Result<IssueDetail> {
    issues::of_ticket(conn, ticket_id)
        .await?
        .into_iter()
        .find(|d| d.issue.id == id)
        .ok_or(Error::NotFound("issue"))
}
