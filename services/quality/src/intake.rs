//! Tapping tasks from calling's events (never by calling calling).
//!
//! - `calling.call.completed` with outcome `agree` creates one task for the call's site
//!   and program, scored later against the program's parameter version in force now;
//!   other outcomes are ignored. A second delivery, or another event for the same call,
//!   creates nothing (`call_id` is unique; the insert does nothing on conflict).
//! - `calling.recording.attached` is kept by call id, and a task awaiting it becomes
//!   `waiting`. It may arrive before the call's `calling.call.completed` (events of
//!   different types are not ordered): the task is then created `waiting` at once.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use serde::Deserialize;
use tam_events::{Envelope, EventHandler, HandlerError};
use tam_kernel::{Clock, Outcome, Program, Site};
use uuid::Uuid;

use crate::store;

pub const CALL_COMPLETED: &str = "calling.call.completed";
pub const RECORDING_ATTACHED: &str = "calling.recording.attached";

/// The fields of `calling.call.completed` a task keeps (the payload has more).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CallCompleted {
    pub call_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub agent_id: Uuid,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    pub outcome: Outcome,
    #[serde(default)]
    pub product_code: Option<String>,
    #[serde(default)]
    pub negotiation_step: Option<i32>,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    #[serde(default)]
    pub has_recording: bool,
}

/// The fields of `calling.recording.attached` quality keeps.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordingAttached {
    pub call_id: Uuid,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub attached_at: DateTime<Utc>,
}

/// What an event asks of quality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intake {
    /// An AGREE call to tap.
    Tap(CallCompleted),
    /// A call quality does not tap.
    Ignore,
    Recording(RecordingAttached),
}

/// Reads an event, or says why it cannot be read.
pub fn read(event: &Envelope) -> Result<Intake, String> {
    let parse_error = |e: serde_json::Error| format!("{} payload: {e}", event.event_type);
    match event.event_type.as_str() {
        CALL_COMPLETED => {
            let call: CallCompleted =
                serde_json::from_value(event.payload.clone()).map_err(parse_error)?;
            Ok(if call.outcome.needs_tapping() {
                Intake::Tap(call)
            } else {
                Intake::Ignore
            })
        }
        RECORDING_ATTACHED => serde_json::from_value(event.payload.clone())
            .map(Intake::Recording)
            .map_err(parse_error),
        other => Err(format!("{other} is not an event quality handles")),
    }
}

/// Applies calling's events to the task tables.
pub struct TappingIntake {
    /// Task times (`created_at`, the coverage's ages) come from the service's clock.
    pub clock: Clock,
}

impl TappingIntake {
    pub fn new(clock: Clock) -> Arc<Self> {
        Arc::new(Self { clock })
    }
}

#[async_trait]
impl EventHandler for TappingIntake {
    fn subscriptions(&self) -> Vec<String> {
        vec![CALL_COMPLETED.to_owned(), RECORDING_ATTACHED.to_owned()]
    }

    async fn handle(
        &self,
        conn: &mut AsyncPgConnection,
        event: &Envelope,
    ) -> Result<(), HandlerError> {
        let now = self.clock.now();
        let result = match read(event).map_err(HandlerError::Rejected)? {
            Intake::Tap(call) => store::tasks::create_from_call(conn, &call, now).await,
            Intake::Recording(recording) => {
                store::tasks::recording_attached(conn, &recording, now).await
            }
            Intake::Ignore => Ok(()),
        };
        result.map_err(|e| match e {
            crate::Error::Db(e) => HandlerError::from(e),
            other => HandlerError::Rejected(other.to_string()),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn envelope(event_type: &str, payload: serde_json::Value) -> Envelope {
        Envelope {
            id: Uuid::now_v7(),
            event_type: event_type.into(),
            version: 1,
            occurred_at: Utc::now(),
            producer: "calling".into(),
            site: Some("medan".into()),
            correlation_id: None,
            payload,
        }
    }

    fn completed(outcome: &str) -> serde_json::Value {
        json!({
            "call_id": Uuid::now_v7(), "claim_id": Uuid::now_v7(),
            "prospect_id": Uuid::now_v7(), "work_order_id": Uuid::now_v7(),
            "agent_id": Uuid::now_v7(), "team_id": null, "site": "medan",
            "program": "add_on_consumer", "outcome": outcome, "product_code": "MINIPACK",
            "negotiation_step": null, "follow_up_at": null, "notes": "ok",
            "started_at": "2026-03-31T16:30:00Z", "ended_at": "2026-03-31T16:35:00Z",
            "duration_seconds": 300, "has_recording": true,
        })
    }

    #[test]
    fn only_agree_calls_are_tapped() {
        let Intake::Tap(call) = read(&envelope(CALL_COMPLETED, completed("agree"))).unwrap() else {
            panic!("an AGREE is tapped");
        };
        assert!(call.has_recording);
        assert_eq!(call.site, Site::Medan);
        for outcome in ["decline", "follow_up", "no_answer", "wrong_number"] {
            assert_eq!(
                read(&envelope(CALL_COMPLETED, completed(outcome))).unwrap(),
                Intake::Ignore
            );
        }
    }

    #[test]
    fn recordings_and_broken_payloads() {
        let call = Uuid::now_v7();
        let event = envelope(
            RECORDING_ATTACHED,
            json!({
                "call_id": call, "prospect_id": Uuid::now_v7(), "agent_id": Uuid::now_v7(),
                "team_id": null, "site": "medan", "program": "add_on_consumer",
                "content_type": "audio/mpeg", "size_bytes": 1024, "sha256": "ab",
                "attached_at": "2026-03-31T16:36:00Z",
            }),
        );
        let Intake::Recording(r) = read(&event).unwrap() else {
            panic!("a recording");
        };
        assert_eq!(r.call_id, call);
        assert!(read(&envelope(CALL_COMPLETED, json!({"outcome": "agree"}))).is_err());
        assert!(read(&envelope("hr.team.changed", json!({}))).is_err());
    }
}
