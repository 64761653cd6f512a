//! `next`: the agent's next customer, claimed as a lease.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use super::{Prospect, Request};
use crate::domain::prospect::{hands_back, Tier};
use crate::domain::scope::ProspectScope;
use crate::domain::scope::Scope;
use crate::domain::work_order::WorkOrder;
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events::{self, ProspectClaimed};
use crate::store::prospects::{self, Claimant, ProspectRow};
use crate::store::{agents, work_orders};

/// A prospect handed to an agent, with its work order and the lease.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub tier: Tier,
    pub claim_id: Uuid,
    pub lease_expires_at: DateTime<Utc>,
    pub prospect: ProspectRow,
    pub work_order: WorkOrder,
    /// The claim signed for calling (see [`tam_contracts::claim_ticket`]): the agent
    /// starts the call with it, and calling needs no event to check it.
    pub ticket: String,
}

/// Claims the caller's next customer (see [`Tier`] for the order), or `None` when there
/// is none. Refused outside the operating hours and for an agent the roster does not
/// know as active at a site and program, or who holds no certification for their
/// program valid on today's WIB date (422 `agent-not-certified`: checked at claim time,
/// so an expiry needs no event to take effect), or who has not checked in on today's
/// WIB date at a site that requires it (422 `not-checked-in`, also at claim time).
///
/// The claim the agent already holds comes back first (a reload loses nothing), except
/// `done_with`, the claim of the call the agent has just made (see [`hands_back`]).
pub async fn next(
    p: &Prospect,
    request: &Request,
    done_with: Option<Uuid>,
) -> Result<Option<Claimed>> {
    let now = p.config.clock.now();
    p.config.operating_hours.check_open(now)?;
    let lease = Duration::from_std(p.settings.claim_lease).unwrap_or(Duration::minutes(5));
    let grace = Duration::from_std(p.settings.follow_up_grace).unwrap_or(Duration::minutes(30));
    let mut conn = p.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            // The roster, the certification, the check-in gate and the claim held, in
            // one read.
            let (who, held) = claimant(conn, request, now).await?;
            if let Some(held) = held.filter(|h| hands_back(Some(h.claim), done_with)) {
                let row = prospects::find(conn, ProspectScope::All, held.prospect)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("held prospect {} is gone", held.prospect))?;
                let work_order = work_orders::find(conn, Scope::All, row.work_order_id, false)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("prospect {} has no work order", row.id))?;
                let (claimed, _) = found(p, who, Tier::Held, row, work_order)?;
                return Ok(Some(claimed));
            }
            let claim_id = tam_kernel::new_id();
            let today = tam_kernel::wib_date(now);
            let Some((row, tier, work_order)) =
                prospects::claim(conn, who, claim_id, now, now - grace, today, now + lease).await?
            else {
                return Ok(None);
            };
            let work_order = work_orders::from_json(work_order)?;
            let (claimed, event) = found(p, who, tier, row, work_order)?;
            events::PRODUCER
                .publish(conn, Some(who.site), request.correlation_id(), &event)
                .await?;
            Ok(Some(claimed))
        }
        .scope_boxed()
    })
    .await
}

/// The claim an agent holds (see [`agents::ClaimantRow::held_claim`]).
#[derive(Debug, Clone, Copy)]
struct Held {
    prospect: Uuid,
    claim: Uuid,
}

/// The caller as the roster knows them: an active agent with a site and a program. The
/// token's site must agree (a transfer not yet in a fresh token claims nothing). Then
/// certified for the program on `now`'s WIB date (see [`not_certified`]) and checked in
/// if the site requires it (see [`not_checked_in`]), in that order. With the claim they
/// hold.
async fn claimant(
    conn: &mut AsyncPgConnection,
    request: &Request,
    now: DateTime<Utc>,
) -> Result<(Claimant, Option<Held>)> {
    let unknown = || {
        Rejection::rule(
            rules::NOT_ON_ROSTER,
            "you are not on this site's roster as an active agent with a program yet; \
             ask your supervisor (hr's change reaches prospect within seconds)",
        )
    };
    let today = tam_kernel::wib_date(now);
    let found = agents::find_claimant(conn, request.actor.id, today, now)
        .await?
        .ok_or_else(unknown)?;
    let row = &found.roster;
    let site: Option<Site> = row.site.as_deref().and_then(|s| s.parse().ok());
    let program: Option<Program> = row.program.as_deref().and_then(|s| s.parse().ok());
    let who = match (site, program) {
        (Some(site), Some(program))
            if row.role == Role::Agent.as_str()
                && row.status == "active"
                && request.actor.site == Some(site) =>
        {
            Claimant {
                agent_id: row.employee_id,
                team_id: row.team_id,
                site,
                program,
            }
        }
        _ => return Err(unknown().into()),
    };
    if !found.certified {
        return Err(not_certified(who.program, today).into());
    }
    if found.check_in_required && !found.checked_in {
        return Err(not_checked_in(who.site, today).into());
    }
    let held = found
        .held_prospect
        .zip(found.held_claim)
        .map(|(prospect, claim)| Held { prospect, claim });
    Ok((who, held))
}

/// The refusal of an agent without a certification for `program` valid on `today`
/// (WIB): 422 `agent-not-certified` naming the program.
fn not_certified(program: Program, today: NaiveDate) -> Rejection {
    Rejection::rule(
        rules::AGENT_NOT_CERTIFIED,
        format!(
            "you are not certified for program {program} on {today}: pass its initial \
             training (or ask your trainer about a refreshment) before calling it"
        ),
    )
}

/// The refusal of an agent of a site that requires a check-in before calling who has no
/// check-in on `today` (WIB, as hr announced it): 422 `not-checked-in`.
fn not_checked_in(site: Site, today: NaiveDate) -> Rejection {
    Rejection::rule(
        rules::NOT_CHECKED_IN,
        format!(
            "site {site} requires a check-in before calling and you have not checked in \
             on {today}: check in (POST /api/v1/hr/attendance/check-in) first"
        ),
    )
}

/// The claim of `row` (of `work_order`) as `next` answers it (with its ticket) and as its
/// event says it.
fn found(
    p: &Prospect,
    who: Claimant,
    tier: Tier,
    row: ProspectRow,
    work_order: WorkOrder,
) -> Result<(Claimed, ProspectClaimed)> {
    let claim_id = row
        .claim_id
        .ok_or_else(|| anyhow::anyhow!("claimed prospect {} has no claim id", row.id))?;
    let claimed_at = row
        .claimed_at
        .ok_or_else(|| anyhow::anyhow!("claimed prospect {} has no claim time", row.id))?;
    let event = ProspectClaimed {
        claim_id,
        prospect_id: row.id,
        work_order_id: work_order.id,
        wo_code: work_order.terms.wo_code.clone(),
        agent_id: who.agent_id,
        team_id: who.team_id,
        site: who.site,
        program: who.program,
        offers: work_order.terms.offers.to_json(),
        attempt: row.attempts()? + 1,
        lease_expires_at: row.available_at,
        claimed_at,
    };
    let ticket = p.claim_tickets.sign(&event);
    let claimed = Claimed {
        tier,
        claim_id,
        lease_expires_at: row.available_at,
        prospect: row,
        work_order,
        ticket,
    };
    Ok((claimed, event))
}
