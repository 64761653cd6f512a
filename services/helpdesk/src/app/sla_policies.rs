//! The SLA policies and the escalation ladder, each read and replaced as a whole set. A
//! replacement recomputes the open tickets' escalation timers in the same transaction:
//! their clocks are computed again from their histories, so the business time already
//! used is kept and only the targets (and the levels) move.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::FieldError;

use super::escalation::recompute_open;
use super::sla::SlaConfig;
use super::{Helpdesk, Request};
use crate::domain::escalation::{check_ladder, Level};
use crate::domain::policy::{check_policies, SlaPolicy};
use crate::domain::{rules, unprocessable};
use crate::error::{Error, Result};
use crate::store::{sla, sla_policies};

/// Every policy, by code.
pub async fn list(h: &Helpdesk) -> Result<Vec<SlaPolicy>> {
    let mut conn = h.pool.get().await?;
    sla::policies(&mut conn).await
}

/// Replaces the policies (`supervisor_hd`): 422 naming each bad field (no default, two
/// policies for the same criteria, a target out of range, an unknown calendar).
pub async fn replace(
    h: &Helpdesk,
    request: &Request,
    policies: Vec<SlaPolicy>,
) -> Result<Vec<SlaPolicy>> {
    let mut errors = check_policies(&policies);
    let now = h.now();
    let by = request.actor.id;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let calendars = sla::calendars(conn).await?;
            for (i, policy) in policies.iter().enumerate() {
                if !policy.calendar.trim().is_empty() && !calendars.contains_key(&policy.calendar) {
                    errors.push(FieldError::new(
                        format!("policies[{i}].calendar"),
                        format!("no calendar `{}`", policy.calendar),
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(unprocessable(rules::INVALID_SLA_POLICIES, &errors).into());
            }
            sla_policies::replace(conn, &policies, now, by).await?;
            let config = SlaConfig::load(conn).await?;
            recompute_open(conn, &config, now).await?;
            Ok(config.policies)
        }
        .scope_boxed()
    })
    .await
}

/// The ladder's levels, in increasing percent.
pub async fn ladder(h: &Helpdesk) -> Result<Vec<Level>> {
    let mut conn = h.pool.get().await?;
    Ok(sla::ladder(&mut conn).await?.levels().to_vec())
}

/// Replaces the ladder (`supervisor_hd`): 422 naming each bad field. Levels already
/// fired stay fired (by code); a level added below the current share fires at the next
/// sweep.
pub async fn replace_ladder(h: &Helpdesk, levels: Vec<Level>) -> Result<Vec<Level>> {
    let errors = check_ladder(&levels);
    if !errors.is_empty() {
        return Err(unprocessable(rules::INVALID_ESCALATION_LADDER, &errors).into());
    }
    let now = h.now();
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            sla_policies::replace_levels(conn, &levels).await?;
            let config = SlaConfig::load(conn).await?;
            recompute_open(conn, &config, now).await?;
            Ok(config.ladder.levels().to_vec())
        }
        .scope_boxed()
    })
    .await
}
