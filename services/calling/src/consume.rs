//! What calling consumes: prospect's claim events, which keep the claims calling knows
//! (never by calling prospect). Each type is routed to a handler that maps the contract
//! type to calling's own [`Claim`] and calls the store.
//!
//! `prospect.prospect.claimed` gives an agent a prospect for a lease; calling keeps the
//! newest claim of each prospect (by `claimed_at`, then claim id), so a late or
//! redelivered older claim never replaces a newer one. `prospect.prospect.withdrawn`
//! (number put on the do-not-call list, work order closed) marks the claim so that no
//! call can start on it; a withdrawal that overtakes its claim event is kept until the
//! claim arrives.

use diesel_async::AsyncPgConnection;
use tam_contracts::prospect::{ProspectClaimed, ProspectWithdrawn};
use tam_events::{Envelope, HandlerError, Subscriptions};

use crate::domain::call::Claim;
use crate::store;

/// calling's subscriptions.
pub fn subscriptions() -> Subscriptions {
    Subscriptions::new()
        .on::<ProspectClaimed, _>(|conn, claim, _| Box::pin(claimed(conn, claim)))
        .on::<ProspectWithdrawn, _>(|conn, withdrawal, envelope| {
            Box::pin(withdrawn(conn, withdrawal, envelope))
        })
}

async fn claimed(conn: &mut AsyncPgConnection, claim: ProspectClaimed) -> Result<(), HandlerError> {
    store::claims::upsert(conn, &claim_of(claim)).await?;
    Ok(())
}

async fn withdrawn(
    conn: &mut AsyncPgConnection,
    w: ProspectWithdrawn,
    envelope: &Envelope,
) -> Result<(), HandlerError> {
    store::claims::withdraw(
        conn,
        w.prospect_id,
        w.agent_id,
        w.reason.as_str(),
        envelope.occurred_at,
    )
    .await?;
    Ok(())
}

/// A claim as calling keeps it: fresh, not withdrawn.
pub fn claim_of(c: ProspectClaimed) -> Claim {
    Claim {
        prospect_id: c.prospect_id,
        claim_id: c.claim_id,
        work_order_id: c.work_order_id,
        wo_code: c.wo_code,
        agent_id: c.agent_id,
        team_id: c.team_id,
        site: c.site,
        program: c.program,
        offers: c.offers,
        attempt: c.attempt,
        lease_expires_at: c.lease_expires_at,
        claimed_at: c.claimed_at,
        withdrawn_reason: None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;
    use tam_events::EventHandler;
    use tam_kernel::Program;
    use uuid::Uuid;

    #[test]
    fn subscribes_to_exactly_what_the_contracts_name() {
        assert_eq!(
            subscriptions().subscriptions(),
            tam_contracts::consumed_by("calling")
        );
    }

    #[test]
    fn a_claim_is_kept_fresh() {
        let prospect = Uuid::now_v7();
        let claim: ProspectClaimed = serde_json::from_value(json!({
            "claim_id": Uuid::now_v7(), "prospect_id": prospect,
            "work_order_id": Uuid::now_v7(), "wo_code": "WO-1", "agent_id": Uuid::now_v7(),
            "team_id": null, "site": "medan", "program": "add_on_consumer",
            "offers": [{"product_code": "A", "product_name": "a"}], "attempt": 1,
            "lease_expires_at": "2026-03-02T03:05:00Z", "claimed_at": "2026-03-02T03:00:00Z",
        }))
        .unwrap();
        let claim = claim_of(claim);
        assert_eq!(claim.prospect_id, prospect);
        assert_eq!(claim.team_id, None);
        assert_eq!(claim.program, Program::AddOnConsumer);
        assert_eq!(claim.withdrawn_reason, None);
    }
}
