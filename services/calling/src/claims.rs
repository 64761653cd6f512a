//! The claims calling knows, kept from prospect's events (never by calling prospect).
//!
//! `prospect.prospect.claimed` gives an agent a prospect for a lease; calling keeps the
//! newest claim of each prospect (by `claimed_at`, then claim id), so a late or
//! redelivered older claim never replaces a newer one. `prospect.prospect.withdrawn`
//! (number put on the do-not-call list, work order closed) marks the claim so that no
//! call can start on it; a withdrawal that overtakes its claim event is kept until the
//! claim arrives.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use serde::Deserialize;
use serde_json::Value;
use tam_events::{Envelope, EventHandler, HandlerError};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use crate::store;

pub const CLAIMED: &str = "prospect.prospect.claimed";
pub const WITHDRAWN: &str = "prospect.prospect.withdrawn";

/// The fields of a `prospect.prospect.claimed` payload calling keeps.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Claimed {
    pub claim_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub wo_code: String,
    pub agent_id: Uuid,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    pub offers: Value,
    pub attempt: u32,
    pub lease_expires_at: DateTime<Utc>,
    pub claimed_at: DateTime<Utc>,
}

/// The fields of a `prospect.prospect.withdrawn` payload.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Withdrawn {
    pub prospect_id: Uuid,
    #[serde(default)]
    pub agent_id: Option<Uuid>,
    pub site: Site,
    pub reason: String,
}

/// What a consumed event says.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimNews {
    Claimed(Claimed),
    Withdrawn(Withdrawn),
}

/// Reads an event, or says why it cannot be (the event then goes to the DLQ).
pub fn news_of(event: &Envelope) -> Result<ClaimNews, String> {
    let payload = event.payload.clone();
    let bad = |e: serde_json::Error| format!("{} payload: {e}", event.event_type);
    match event.event_type.as_str() {
        CLAIMED => serde_json::from_value(payload)
            .map(ClaimNews::Claimed)
            .map_err(bad),
        WITHDRAWN => serde_json::from_value(payload)
            .map(ClaimNews::Withdrawn)
            .map_err(bad),
        other => Err(format!("{other} is not a claim event")),
    }
}

/// Applies prospect's claim events to the `claims` table.
pub struct ClaimKeeper;

#[async_trait]
impl EventHandler for ClaimKeeper {
    fn subscriptions(&self) -> Vec<String> {
        vec![CLAIMED.to_owned(), WITHDRAWN.to_owned()]
    }

    async fn handle(
        &self,
        conn: &mut AsyncPgConnection,
        event: &Envelope,
    ) -> Result<(), HandlerError> {
        match news_of(event).map_err(HandlerError::Rejected)? {
            ClaimNews::Claimed(claim) => store::claims::upsert(conn, &claim).await?,
            ClaimNews::Withdrawn(w) => store::claims::withdraw(conn, &w, event.occurred_at).await?,
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn envelope(event_type: &str, payload: Value) -> Envelope {
        Envelope {
            id: Uuid::now_v7(),
            event_type: event_type.into(),
            version: 1,
            occurred_at: Utc::now(),
            producer: "prospect".into(),
            site: Some("medan".into()),
            correlation_id: None,
            payload,
        }
    }

    #[test]
    fn reads_a_claim() {
        let prospect = Uuid::now_v7();
        let event = envelope(
            CLAIMED,
            json!({
                "claim_id": Uuid::now_v7(), "prospect_id": prospect,
                "work_order_id": Uuid::now_v7(), "wo_code": "WO-1", "agent_id": Uuid::now_v7(),
                "team_id": null, "site": "medan", "program": "add_on_consumer",
                "offers": [{"product_code": "A", "product_name": "a"}], "attempt": 1,
                "lease_expires_at": "2026-03-02T03:05:00Z", "claimed_at": "2026-03-02T03:00:00Z",
            }),
        );
        let ClaimNews::Claimed(claim) = news_of(&event).unwrap() else {
            panic!("a claim");
        };
        assert_eq!(claim.prospect_id, prospect);
        assert_eq!(claim.team_id, None);
        assert_eq!(claim.program, Program::AddOnConsumer);
    }

    #[test]
    fn reads_a_withdrawal_and_refuses_the_rest() {
        let event = envelope(
            WITHDRAWN,
            json!({"prospect_id": Uuid::now_v7(), "agent_id": null, "site": "medan", "reason": "dnc"}),
        );
        assert!(matches!(news_of(&event).unwrap(), ClaimNews::Withdrawn(w) if w.reason == "dnc"));
        assert!(news_of(&envelope(CLAIMED, json!({"prospect_id": Uuid::now_v7()}))).is_err());
        assert!(news_of(&envelope("hr.team.changed", json!({}))).is_err());
        assert_eq!(ClaimKeeper.subscriptions(), [CLAIMED, WITHDRAWN]);
    }
}
