//! Reading prospects: one with its attempts, a work order's list, its progress.

use std::collections::BTreeMap;

use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::{Prospect, Request};
use crate::domain::scope::{prospect_scope, scope_of};
use crate::error::{Error, Result};
use crate::store::prospects::{self, AttemptRow, ProspectFilter, ProspectRow};
use crate::store::work_orders;

/// A prospect and the calls made on it.
#[derive(Debug, Clone)]
pub struct ProspectDetail {
    pub prospect: ProspectRow,
    pub attempts: Vec<AttemptRow>,
}

/// A prospect in the caller's scope ([`prospect_scope`]), with the attempts on it the
/// caller may read: an agent their own, a team leader their team's.
pub async fn get(p: &Prospect, request: &Request, id: Uuid) -> Result<ProspectDetail> {
    let mut conn = p.pool.get().await?;
    let scope = prospect_scope(&request.actor);
    let prospect = prospects::find(&mut conn, scope, id)
        .await?
        .ok_or(Error::NotFound("prospect"))?;
    let attempts = prospects::attempts(&mut conn, id, scope.attempts()).await?;
    Ok(ProspectDetail { prospect, attempts })
}

/// A page of a work order's prospects (the work order in the caller's scope).
pub async fn list(
    p: &Prospect,
    request: &Request,
    work_order_id: Uuid,
    filter: ProspectFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<ProspectRow>> {
    let mut conn = p.pool.get().await?;
    work_orders::find(&mut conn, scope_of(&request.actor), work_order_id, false)
        .await?
        .ok_or(Error::NotFound("work order"))?;
    let rows = prospects::list(
        &mut conn,
        prospect_scope(&request.actor),
        work_order_id,
        &filter,
        after,
        limit,
    )
    .await?;
    Ok(Page::from_fetched(rows, limit, |r| {
        Cursor::new(r.created_at, r.id)
    }))
}

/// Counts by status, over the whole work order and per agent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub work_order_id: Uuid,
    pub total: i64,
    pub by_status: BTreeMap<String, i64>,
    pub unassigned: BTreeMap<String, i64>,
    pub agents: BTreeMap<Uuid, AgentProgress>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentProgress {
    pub total: i64,
    pub attempts: i64,
    pub by_status: BTreeMap<String, i64>,
}

pub async fn progress(p: &Prospect, request: &Request, work_order_id: Uuid) -> Result<Progress> {
    let mut conn = p.pool.get().await?;
    work_orders::find(&mut conn, scope_of(&request.actor), work_order_id, false)
        .await?
        .ok_or(Error::NotFound("work order"))?;
    // A team leader's progress counts their team's prospects only.
    let counts =
        prospects::progress(&mut conn, prospect_scope(&request.actor), work_order_id).await?;
    let mut progress = Progress {
        work_order_id,
        ..Progress::default()
    };
    for c in counts {
        progress.total += c.n;
        *progress.by_status.entry(c.status.clone()).or_default() += c.n;
        match c.agent {
            None => *progress.unassigned.entry(c.status).or_default() += c.n,
            Some(agent) => {
                let a = progress.agents.entry(agent).or_default();
                a.total += c.n;
                a.attempts += c.attempts;
                *a.by_status.entry(c.status).or_default() += c.n;
            }
        }
    }
    Ok(progress)
}
