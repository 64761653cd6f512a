//! The `issue_categories`, `issues` and `issue_followups` tables.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::schema::{issue_categories, issue_followups, issues};
use crate::domain::issue::{Followup, Issue, IssueCategory, IssueDetail};

type IssueRow = (
    Uuid,
    Uuid,
    String,
    String,
    DateTime<Utc>,
    Uuid,
    Option<DateTime<Utc>>,
    Option<Uuid>,
    Option<String>,
);

/// issue id, id, at, author, action, contact attempt, result.
type FollowupRow = (Uuid, i64, DateTime<Utc>, Uuid, String, bool, Option<String>);

fn issue(r: IssueRow) -> Issue {
    let (
        id,
        ticket_id,
        category,
        description,
        opened_at,
        opened_by,
        resolved_at,
        resolved_by,
        resolution,
    ) = r;
    Issue {
        id,
        ticket_id,
        category,
        description,
        opened_at,
        opened_by,
        resolved_at,
        resolved_by,
        resolution,
    }
}

const ISSUE_COLUMNS: (
    issues::id,
    issues::ticket_id,
    issues::category,
    issues::description,
    issues::opened_at,
    issues::opened_by,
    issues::resolved_at,
    issues::resolved_by,
    issues::resolution,
) = (
    issues::id,
    issues::ticket_id,
    issues::category,
    issues::description,
    issues::opened_at,
    issues::opened_by,
    issues::resolved_at,
    issues::resolved_by,
    issues::resolution,
);

/// Every category, by code.
pub async fn categories(conn: &mut AsyncPgConnection) -> crate::Result<Vec<IssueCategory>> {
    let rows: Vec<(String, String, bool, bool)> = issue_categories::table
        .order(issue_categories::code)
        .select((
            issue_categories::code,
            issue_categories::name,
            issue_categories::it_cause,
            issue_categories::active,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name, it_cause, active)| IssueCategory {
            code,
            name,
            it_cause,
            active,
        })
        .collect())
}

/// Adds a category or changes one (name, IT cause, in use).
pub async fn upsert_category(
    conn: &mut AsyncPgConnection,
    c: &IssueCategory,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::insert_into(issue_categories::table)
        .values((
            issue_categories::code.eq(&c.code),
            issue_categories::name.eq(&c.name),
            issue_categories::it_cause.eq(c.it_cause),
            issue_categories::active.eq(c.active),
            issue_categories::updated_at.eq(at),
        ))
        .on_conflict(issue_categories::code)
        .do_update()
        .set((
            issue_categories::name.eq(&c.name),
            issue_categories::it_cause.eq(c.it_cause),
            issue_categories::active.eq(c.active),
            issue_categories::updated_at.eq(at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert(conn: &mut AsyncPgConnection, i: &Issue) -> crate::Result<()> {
    diesel::insert_into(issues::table)
        .values((
            issues::id.eq(i.id),
            issues::ticket_id.eq(i.ticket_id),
            issues::category.eq(&i.category),
            issues::description.eq(&i.description),
            issues::opened_at.eq(i.opened_at),
            issues::opened_by.eq(i.opened_by),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The issue `id`, locked for the transaction.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<Issue>> {
    let row: Option<IssueRow> = issues::table
        .find(id)
        .select(ISSUE_COLUMNS)
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(issue))
}

pub async fn resolve(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    by: Uuid,
    resolution: &str,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(issues::table.find(id))
        .set((
            issues::resolved_at.eq(at),
            issues::resolved_by.eq(by),
            issues::resolution.eq(resolution),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn add_followup(
    conn: &mut AsyncPgConnection,
    issue_id: Uuid,
    f: &Followup,
) -> crate::Result<i64> {
    Ok(diesel::insert_into(issue_followups::table)
        .values((
            issue_followups::issue_id.eq(issue_id),
            issue_followups::at.eq(f.at),
            issue_followups::author_id.eq(f.author_id),
            issue_followups::action.eq(&f.action),
            issue_followups::contact_attempt.eq(f.contact_attempt),
            issue_followups::result.eq(&f.result),
        ))
        .returning(issue_followups::id)
        .get_result(conn)
        .await?)
}

/// A ticket's issues with their follow-ups, oldest first.
pub async fn of_ticket(
    conn: &mut AsyncPgConnection,
    ticket_id: Uuid,
) -> crate::Result<Vec<IssueDetail>> {
    let rows: Vec<IssueRow> = issues::table
        .filter(issues::ticket_id.eq(ticket_id))
        .order((issues::opened_at, issues::id))
        .select(ISSUE_COLUMNS)
        .load(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|r| r.0).collect();
    let followups: Vec<FollowupRow> = issue_followups::table
        .filter(issue_followups::issue_id.eq_any(&ids))
        .order(issue_followups::id)
        .select((
            issue_followups::issue_id,
            issue_followups::id,
            issue_followups::at,
            issue_followups::author_id,
            issue_followups::action,
            issue_followups::contact_attempt,
            issue_followups::result,
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let issue = issue(row);
            let followups = followups
                .iter()
                .filter(|f| f.0 == issue.id)
                .map(
                    |(_, id, at, author_id, action, contact_attempt, result)| Followup {
                        id: *id,
                        at: *at,
                        author_id: *author_id,
                        action: action.clone(),
                        contact_attempt: *contact_attempt,
                        result: result.clone(),
                    },
                )
                .collect();
            IssueDetail { issue, followups }
        })
        .collect())
}
