//! What calling publishes. Each event is written to the outbox in the transaction of
//! the change it describes.

use tam_events::Producer;

use crate::domain::call::{Abandonment, Call, Completion, Recording};

/// The payloads, typed once in the contracts.
pub use tam_contracts::calling::{
    CallAbandoned, CallCompleted, CallRef, CallStarted, RecordingAttached,
};

/// The producer name on every calling event.
pub const PRODUCER: Producer = Producer("calling");

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

impl From<&Call> for CallStarted {
    fn from(c: &Call) -> Self {
        Self {
            call: c.into(),
            masking_number: c.masking_number.clone(),
            started_at: c.started_at,
        }
    }
}

/// The `calling.call.completed` of call `c` completed with `done`.
pub fn call_completed(c: &Call, done: &Completion) -> CallCompleted {
    let result = &done.result;
    CallCompleted {
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

/// The `calling.call.abandoned` of call `c` closed without a result as `done` says.
pub fn call_abandoned(c: &Call, done: &Abandonment) -> CallAbandoned {
    CallAbandoned {
        call: c.into(),
        started_at: c.started_at,
        abandoned_at: done.at,
        abandoned_by: done.by,
        reason: done.reason.clone(),
    }
}

/// The `calling.recording.attached` of recording `r` of call `c`.
pub fn recording_attached(c: &Call, r: &Recording) -> RecordingAttached {
    RecordingAttached {
        call: c.into(),
        content_type: r.content_type.clone(),
        size_bytes: r.size_bytes,
        sha256: r.sha256.clone(),
        attached_at: r.attached_at,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::Utc;
    use tam_events::Event;
    use tam_kernel::{Outcome, Program, Site};
    use uuid::Uuid;

    #[test]
    fn calling_produces_what_its_contracts_name() {
        assert_eq!(
            tam_contracts::produced_by(PRODUCER.0),
            [
                CallStarted::TYPE,
                CallCompleted::TYPE,
                CallAbandoned::TYPE,
                RecordingAttached::TYPE,
            ]
        );
    }

    /// The payload's keys, exactly the fields its contract documents.
    fn assert_documented<E: tam_contracts::Contract>(json: &serde_json::Value) {
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        let mut fields: Vec<&str> = E::fields().iter().map(|f| f.name).collect();
        fields.sort_unstable();
        assert_eq!(keys, fields, "{}", E::TYPE);
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
        assert_documented::<CallCompleted>(&json);
        assert_eq!(json["outcome"], "follow_up");
        assert_eq!(json.as_object().unwrap().len(), 17);
    }

    #[test]
    fn the_abandoned_payload_is_exactly_the_catalog_s() {
        use crate::domain::call::tests::{abandoned, open_call};
        let leader = Uuid::now_v7();
        let call = abandoned(open_call(), leader, Utc::now());
        let done = call.abandonment().unwrap();
        let json = serde_json::to_value(call_abandoned(&call, done)).unwrap();
        assert_documented::<CallAbandoned>(&json);
        assert_eq!(json.as_object().unwrap().len(), 12);
        assert_eq!(json["abandoned_by"], serde_json::json!(leader));
        assert_eq!(json["reason"], "softphone crashed, agent went home");
    }
}
