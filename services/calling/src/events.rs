//! What calling publishes. Each event is written to the outbox in the transaction of
//! the change it describes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_events::{Event, Producer};
use tam_kernel::{Outcome, Program, Site};
use uuid::Uuid;

use crate::domain::call::{Abandonment, Call, Completion, Recording};

/// The producer name on every calling event.
pub const PRODUCER: Producer = Producer("calling");

/// What every call event says of its call: which call, on which claim, of which
/// prospect and work order, whose, where. Flattened into each payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRef {
    pub call_id: Uuid,
    pub claim_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
}

impl From<&Call> for CallRef {
    fn from(c: &Call) -> Self {
        Self {
            call_id: c.id,
            claim_id: c.claim_id,
            prospect_id: c.prospect_id,
            work_order_id: c.work_order_id,
            agent_id: c.agent_id,
            team_id: c.team_id,
            site: c.site,
            program: c.program,
        }
    }
}

/// `calling.call.started`: an agent started a call on their claim (prospect pins the
/// lease with it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallStarted {
    #[serde(flatten)]
    pub call: CallRef,
    pub masking_number: String,
    pub started_at: DateTime<Utc>,
}

impl From<&Call> for CallStarted {
    fn from(c: &Call) -> Self {
        Self {
            call: c.into(),
            masking_number: c.masking_number.clone(),
            started_at: c.started_at,
        }
    }
}

impl Event for CallStarted {
    const TYPE: &'static str = "calling.call.started";
    const VERSION: u16 = 1;
}

/// `calling.call.completed`: the agent recorded the call's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallCompleted {
    #[serde(flatten)]
    pub call: CallRef,
    pub outcome: Outcome,
    pub product_code: Option<String>,
    pub negotiation_step: Option<u32>,
    pub follow_up_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub duration_seconds: u32,
    pub has_recording: bool,
}

impl CallCompleted {
    /// The event of call `c` completed with `done`.
    pub fn of(c: &Call, done: &Completion) -> Self {
        let result = &done.result;
        Self {
            call: c.into(),
            outcome: result.outcome,
            product_code: result.product_code.clone(),
            negotiation_step: result.negotiation_step,
            follow_up_at: result.follow_up_at,
            notes: result.notes.clone(),
            started_at: c.started_at,
            ended_at: done.ended_at,
            duration_seconds: done.duration_seconds,
            has_recording: c.recording.is_some(),
        }
    }
}

impl Event for CallCompleted {
    const TYPE: &'static str = "calling.call.completed";
    const VERSION: u16 = 1;
}

/// `calling.call.abandoned`: a call that would never get a result was closed without one
/// by the agent's team leader or the site's operations supervisor (prospect makes the
/// prospect callable again, without counting an attempt).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallAbandoned {
    #[serde(flatten)]
    pub call: CallRef,
    pub started_at: DateTime<Utc>,
    pub abandoned_at: DateTime<Utc>,
    /// The user who closed it.
    pub abandoned_by: Uuid,
    pub reason: String,
}

impl CallAbandoned {
    /// The event of call `c` closed without a result as `done` says.
    pub fn of(c: &Call, done: &Abandonment) -> Self {
        Self {
            call: c.into(),
            started_at: c.started_at,
            abandoned_at: done.at,
            abandoned_by: done.by,
            reason: done.reason.clone(),
        }
    }
}

impl Event for CallAbandoned {
    const TYPE: &'static str = "calling.call.abandoned";
    const VERSION: u16 = 1;
}

/// `calling.recording.attached`: a call's recording was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordingAttached {
    #[serde(flatten)]
    pub call: CallRef,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub attached_at: DateTime<Utc>,
}

impl RecordingAttached {
    pub fn of(c: &Call, r: &Recording) -> Self {
        Self {
            call: c.into(),
            content_type: r.content_type.clone(),
            size_bytes: r.size_bytes,
            sha256: r.sha256.clone(),
            attached_at: r.attached_at,
        }
    }
}

impl Event for RecordingAttached {
    const TYPE: &'static str = "calling.recording.attached";
    const VERSION: u16 = 1;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_in_the_catalog_as_calling_s() {
        for ty in [
            CallStarted::TYPE,
            CallCompleted::TYPE,
            CallAbandoned::TYPE,
            RecordingAttached::TYPE,
        ] {
            let spec = tam_events::catalog::CATALOG
                .iter()
                .find(|spec| spec.event_type == ty)
                .unwrap_or_else(|| panic!("{ty} is not in the catalog"));
            assert_eq!(spec.producer, PRODUCER.0);
        }
    }

    #[test]
    fn the_completed_payload_has_every_catalog_field() {
        let json = serde_json::to_value(CallCompleted {
            call: CallRef {
                call_id: Uuid::nil(),
                claim_id: Uuid::nil(),
                prospect_id: Uuid::nil(),
                work_order_id: Uuid::nil(),
                agent_id: Uuid::nil(),
                team_id: None,
                site: Site::Medan,
                program: Program::AddOnConsumer,
            },
            outcome: Outcome::FollowUp,
            product_code: None,
            negotiation_step: None,
            follow_up_at: None,
            notes: None,
            started_at: Utc::now(),
            ended_at: Utc::now(),
            duration_seconds: 3,
            has_recording: false,
        })
        .unwrap();
        let spec = tam_events::catalog::CATALOG
            .iter()
            .find(|spec| spec.event_type == CallCompleted::TYPE)
            .unwrap();
        for field in json.as_object().unwrap().keys() {
            assert!(
                spec.payload.contains(field.as_str()),
                "{field} not in the catalog"
            );
        }
        assert_eq!(json["outcome"], "follow_up");
        assert_eq!(json.as_object().unwrap().len(), 17);
    }

    #[test]
    fn the_abandoned_payload_is_exactly_the_catalog_s() {
        use crate::domain::call::tests::{abandoned, open_call};
        let leader = Uuid::now_v7();
        let call = abandoned(open_call(), leader, Utc::now());
        let done = call.abandonment().unwrap();
        let json = serde_json::to_value(CallAbandoned::of(&call, done)).unwrap();
        let spec = tam_events::catalog::CATALOG
            .iter()
            .find(|spec| spec.event_type == CallAbandoned::TYPE)
            .unwrap();
        for field in json.as_object().unwrap().keys() {
            assert!(
                spec.payload.contains(field.as_str()),
                "{field} not in the catalog"
            );
        }
        assert_eq!(json.as_object().unwrap().len(), 12);
        assert_eq!(json["abandoned_by"], serde_json::json!(leader));
        assert_eq!(json["reason"], "softphone crashed, agent went home");
    }
}
