//! Handing a work order's pool to agents.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{Program, Role};
use uuid::Uuid;

use super::{Prospect, Request};
use crate::domain::prospect::spread;
use crate::domain::scope::scope_of;
use crate::domain::work_order::WorkOrderStatus;
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::store::agents::RosterRow;
use crate::store::{agents, certifications, prospects, work_orders};

/// What to distribute: to these agents (all the eligible ones when empty), at most
/// `count` prospects (all that fit the quotas when `None`).
#[derive(Debug, Clone, Default)]
pub struct Distribution {
    pub agents: Vec<Uuid>,
    pub count: Option<u32>,
}

/// What each agent got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distributed {
    pub work_order_id: Uuid,
    pub assigned: Vec<(Uuid, u32)>,
    /// Unassigned callable prospects left in the pool.
    pub left_in_pool: i64,
}

/// Spreads the work order's unassigned prospects evenly over agents, each within what is
/// left of their daily quota for this work order today (WIB). Eligible agents are the
/// active agents of the work order's site and program; a team leader distributes to
/// their own team only. The work order must be active.
pub async fn distribute(
    p: &Prospect,
    request: &Request,
    work_order_id: Uuid,
    wanted: Distribution,
) -> Result<Distributed> {
    let now = p.config.clock.now();
    let scope = scope_of(&request.actor);
    let team = match request.actor.role {
        // A team leader without a team (between teams in hr) has nobody to give to.
        Role::TeamLeader => Some(request.actor.team.ok_or_else(|| {
            Rejection::rule(
                rules::AGENT_NOT_ELIGIBLE,
                "you lead no team yet, so there is nobody to distribute to",
            )
        })?),
        _ => None,
    };
    let mut conn = p.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let work_order = work_orders::find(conn, scope, work_order_id, true)
                .await?
                .ok_or(Error::NotFound("work order"))?;
            if work_order.status != WorkOrderStatus::Active {
                return Err(Rejection::Conflict(format!(
                    "only an active work order is distributed; this one is {}",
                    work_order.status
                ))
                .into());
            }
            let eligible =
                agents::active_agents(conn, work_order.site, work_order.program, team).await?;
            let ids: Vec<Uuid> = eligible.iter().map(|a| a.employee_id).collect();
            let certified = certifications::certified_among(
                conn,
                &ids,
                work_order.program,
                tam_kernel::wib_date(now),
                now,
            )
            .await?;
            let chosen = choose(&eligible, &certified, &wanted.agents, work_order.program)?;
            let ids: Vec<Uuid> = chosen.iter().map(|a| a.employee_id).collect();
            let (day_start, _) = tam_kernel::wib_day_bounds(tam_kernel::wib_date(now));
            let given = prospects::assigned_since(conn, work_order_id, &ids, day_start).await?;
            let quota = work_order.terms.daily_quota_per_agent;
            let rooms: Vec<u32> = ids
                .iter()
                .map(|id| {
                    let today = given
                        .iter()
                        .find(|(agent, _)| agent == id)
                        .map_or(0, |(_, n)| *n);
                    quota.saturating_sub(u32::try_from(today).unwrap_or(u32::MAX))
                })
                .collect();
            let unassigned = prospects::unassigned(conn, work_order_id).await?;
            let available = u32::try_from(unassigned).unwrap_or(u32::MAX);
            let count = wanted.count.map_or(available, |c| c.min(available));
            let mut assigned = Vec::with_capacity(chosen.len());
            for (agent, share) in chosen.iter().zip(spread(&rooms, count)) {
                let got = if share == 0 {
                    0
                } else {
                    prospects::assign(
                        conn,
                        work_order_id,
                        agent.employee_id,
                        agent.team_id,
                        share,
                        now,
                    )
                    .await?
                };
                assigned.push((agent.employee_id, u32::try_from(got).unwrap_or(u32::MAX)));
            }
            // Every prospect given was counted in `unassigned`: no second count needed.
            let given: i64 = assigned.iter().map(|(_, n)| i64::from(*n)).sum();
            Ok(Distributed {
                work_order_id,
                assigned,
                left_in_pool: unassigned - given,
            })
        }
        .scope_boxed()
    })
    .await
}

/// The named agents, each of whom must be eligible (422 naming those who are not) and
/// certified for the program today (422 `agent-not-certified` naming them), or every
/// eligible and certified agent when none is named (the others are skipped).
fn choose<'a>(
    eligible: &'a [RosterRow],
    certified: &[Uuid],
    named: &[Uuid],
    program: Program,
) -> Result<Vec<&'a RosterRow>> {
    if named.is_empty() {
        if eligible.is_empty() {
            return Err(Rejection::rule(
                rules::AGENT_NOT_ELIGIBLE,
                "no active agent of this work order's site and program (in your team) to \
                 distribute to",
            )
            .into());
        }
        let chosen: Vec<&RosterRow> = eligible
            .iter()
            .filter(|a| certified.contains(&a.employee_id))
            .collect();
        if chosen.is_empty() {
            return Err(Rejection::rule(
                rules::AGENT_NOT_CERTIFIED,
                format!(
                    "no agent of this work order's site (in your team) is certified for \
                     program {program} today"
                ),
            )
            .into());
        }
        return Ok(chosen);
    }
    let mut chosen = Vec::with_capacity(named.len());
    let mut refused = Vec::new();
    for id in named {
        match eligible.iter().find(|a| a.employee_id == *id) {
            Some(agent) if !chosen.iter().any(|c: &&RosterRow| c.employee_id == *id) => {
                chosen.push(agent);
            }
            Some(_) => {}
            None => refused.push(id.to_string()),
        }
    }
    if !refused.is_empty() {
        return Err(Rejection::rule(
            rules::AGENT_NOT_ELIGIBLE,
            format!(
                "not active agents of this work order's site and program (in your team): {}",
                refused.join(", ")
            ),
        )
        .into());
    }
    let uncertified: Vec<String> = chosen
        .iter()
        .filter(|a| !certified.contains(&a.employee_id))
        .map(|a| a.employee_id.to_string())
        .collect();
    if !uncertified.is_empty() {
        return Err(Rejection::rule(
            rules::AGENT_NOT_CERTIFIED,
            format!(
                "not certified for program {program} today: {}",
                uncertified.join(", ")
            ),
        )
        .into());
    }
    Ok(chosen)
}
