//! What quality publishes. Each event is written to the outbox in the transaction of
//! the change it describes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_events::{Event, Producer};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use crate::domain::task::Verdict;

/// The producer name on every quality event.
pub const PRODUCER: Producer = Producer("quality");

/// `quality.call.validated`: a tapped AGREE call was judged (revision 1, the QCO's
/// verdict) or its verdict corrected by a supervisor after QA (revision + 1). Consumers
/// apply the highest revision of a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallValidated {
    pub task_id: Uuid,
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    pub verdict: Verdict,
    /// The weighted share of passed parameter items, 0–100 (the QCO's scoring).
    pub score: f64,
    pub reason: Option<String>,
    pub recommendation: Option<String>,
    pub validated_at: DateTime<Utc>,
    pub revision: u32,
}

impl Event for CallValidated {
    const TYPE: &'static str = "quality.call.validated";
    const VERSION: u16 = 1;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_type_is_in_the_catalog() {
        let spec = tam_events::catalog::CATALOG
            .iter()
            .find(|spec| spec.event_type == CallValidated::TYPE)
            .unwrap();
        assert_eq!(spec.producer, PRODUCER.0);
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
            verdict: Verdict::Returned,
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
