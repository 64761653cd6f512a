//! What quality publishes. Each event is written to the outbox in the transaction of
//! the change it describes.

use tam_events::Producer;

use crate::domain::task::Verdict;

/// The payload, typed once in the contracts.
pub use tam_contracts::quality::CallValidated;

/// The producer name on every quality event.
pub const PRODUCER: Producer = Producer("quality");

impl From<Verdict> for tam_contracts::quality::Verdict {
    fn from(verdict: Verdict) -> Self {
        match verdict {
            Verdict::Valid => Self::Valid,
            Verdict::Returned => Self::Returned,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::Utc;
    use tam_events::Event;
    use tam_kernel::{Program, Site};
    use uuid::Uuid;

    #[test]
    fn quality_produces_what_its_contracts_name() {
        assert_eq!(
            tam_contracts::produced_by(PRODUCER.0),
            [CallValidated::TYPE]
        );
    }

    #[test]
    fn every_verdict_keeps_its_code_on_the_wire() {
        for verdict in [Verdict::Valid, Verdict::Returned] {
            let wire: tam_contracts::quality::Verdict = verdict.into();
            assert_eq!(wire.as_str(), verdict.as_str());
        }
    }

    #[test]
    fn the_payload_carries_the_catalog_fields() {
        let json = serde_json::to_value(CallValidated {
            task_id: Uuid::nil(),
            call_id: Uuid::nil(),
            prospect_id: Uuid::nil(),
            work_order_id: Uuid::nil(),
            agent_id: Uuid::nil(),
            team_id: None,
            site: Site::Medan,
            program: Program::AddOnConsumer,
            verdict: Verdict::Returned.into(),
            score: 70.0,
            reason: Some("no clear consent".into()),
            recommendation: None,
            validated_at: Utc::now(),
            revision: 1,
        })
        .unwrap();
        let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "agent_id",
                "call_id",
                "program",
                "prospect_id",
                "reason",
                "recommendation",
                "revision",
                "score",
                "site",
                "task_id",
                "team_id",
                "validated_at",
                "verdict",
                "work_order_id",
            ]
        );
        assert_eq!(json["verdict"], "returned");
        assert!(json["team_id"].is_null());
    }
}
