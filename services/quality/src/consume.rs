//! What quality consumes: tapping tasks from calling's events (never by calling
//! calling). Each type is routed to a handler that maps the contract type to quality's
//! own store input and calls the store.
//!
//! - `calling.call.completed` with outcome `agree` creates one task for the call's site
//!   and program, scored later against the program's parameter version in force now;
//!   other outcomes are ignored. A second delivery, or another event for the same call,
//!   creates nothing (`call_id` is unique; the insert does nothing on conflict).
//! - `calling.recording.attached` is kept by call id, and a task awaiting it becomes
//!   `waiting`. It may arrive before the call's `calling.call.completed` (events of
//!   different types are not ordered): the task is then created `waiting` at once.
//! - `helpdesk.cabut.mis_sale_suspected` (QC Tier 2's CABUT survey: a cancelled OBC
//!   sale the customer never ordered or did not understand) opens one mis-sale review
//!   of the call for the site's quality supervisor; once per CABUT case.
//! - `helpdesk.activation.invalidated` (QC Tier 2 found a sampled activation invalid)
//!   is kept on the agent's record when it names an agent and a call (an OBC sale);
//!   once per validation. Other channels' activations name no agent: nothing is kept.

use diesel_async::AsyncPgConnection;
use tam_contracts::calling::{CallCompleted, RecordingAttached};
use tam_contracts::helpdesk_cabut::MisSaleSuspected;
use tam_contracts::helpdesk_qc::ActivationInvalidated;
use tam_events::{HandlerError, Subscriptions};
use tam_kernel::Clock;

use crate::domain::invalid_activation::Invalidation;
use crate::domain::mis_sale::Suspicion;
use crate::store::tasks::{self, CallToTap, RecordingNews};
use crate::store::{invalid_activations, mis_sales};

/// quality's subscriptions; task times (`created_at`, the coverage's ages) come from the
/// service's clock.
pub fn subscriptions(clock: Clock) -> Subscriptions {
    let recording_clock = clock.clone();
    let mis_sale_clock = clock.clone();
    let invalidated_clock = clock.clone();
    Subscriptions::new()
        .on::<CallCompleted, _>(move |conn, call, _| {
            let now = clock.now();
            Box::pin(async move { call_completed(conn, call, now).await })
        })
        .on::<RecordingAttached, _>(move |conn, recording, _| {
            let now = recording_clock.now();
            Box::pin(async move { recording_attached(conn, recording, now).await })
        })
        .on::<MisSaleSuspected, _>(move |conn, suspected, _| {
            let now = mis_sale_clock.now();
            Box::pin(async move { mis_sale_suspected(conn, suspected, now).await })
        })
        .on::<ActivationInvalidated, _>(move |conn, invalidated, _| {
            let now = invalidated_clock.now();
            Box::pin(async move { activation_invalidated(conn, invalidated, now).await })
        })
}

async fn call_completed(
    conn: &mut AsyncPgConnection,
    call: CallCompleted,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), HandlerError> {
    let Some(call) = to_tap(call)? else {
        return Ok(());
    };
    tasks::create_from_call(conn, &call, now)
        .await
        .map_err(failed)
}

async fn recording_attached(
    conn: &mut AsyncPgConnection,
    recording: RecordingAttached,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), HandlerError> {
    tasks::recording_attached(conn, &recording_news(recording)?, now)
        .await
        .map_err(failed)
}

/// `helpdesk.cabut.mis_sale_suspected` opens one mis-sale review of the call for the
/// site's quality supervisor (once per CABUT case: a re-sent event opens nothing).
async fn mis_sale_suspected(
    conn: &mut AsyncPgConnection,
    e: MisSaleSuspected,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), HandlerError> {
    mis_sales::open(conn, &suspicion(e), now)
        .await
        .map_err(failed)
}

/// `helpdesk.activation.invalidated` of an OBC sale is kept on the agent's record (once
/// per validation); one naming no agent or call is acknowledged and kept nowhere.
async fn activation_invalidated(
    conn: &mut AsyncPgConnection,
    e: ActivationInvalidated,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), HandlerError> {
    let Some(invalidation) = invalidation(e)? else {
        return Ok(());
    };
    invalid_activations::record(conn, &invalidation, now)
        .await
        .map_err(failed)
}

/// An invalid activation as quality keeps it, if it names an agent and a call.
pub fn invalidation(e: ActivationInvalidated) -> Result<Option<Invalidation>, HandlerError> {
    let (Some(call_id), Some(agent_id)) = (e.call_id, e.agent_id) else {
        return Ok(None);
    };
    let ticket_number = i64::try_from(e.ticket_number)
        .map_err(|_| HandlerError::Rejected("ticket_number is out of range".into()))?;
    Ok(Some(Invalidation {
        validation_id: e.validation_id,
        ticket_id: e.ticket_id,
        ticket_number,
        channel: e.channel,
        call_id,
        agent_id,
        team_id: e.team_id,
        site: e.site,
        product_code: e.product_code,
        failed_items: e.failed_items,
        findings: e.findings,
        validated_by: e.validated_by,
        validated_at: e.validated_at,
    }))
}

/// A suspicion as quality keeps it.
pub fn suspicion(e: MisSaleSuspected) -> Suspicion {
    Suspicion {
        case_id: e.case_id,
        call_id: e.call_id,
        agent_id: e.agent_id,
        team_id: e.team_id,
        site: e.site,
        program: e.program,
        indihome_number: e.indihome_number,
        product_code: e.product_code,
        cancelled_on: e.cancelled_on,
        main_reason: e.main_reason,
        reasons: e.reasons,
        note: e.note,
        surveyed_at: e.surveyed_at,
    }
}

/// The call to tap, if its outcome needs tapping (an AGREE).
pub fn to_tap(e: CallCompleted) -> Result<Option<CallToTap>, HandlerError> {
    if !e.outcome.needs_tapping() {
        return Ok(None);
    }
    let negotiation_step = e
        .negotiation_step
        .map(i32::try_from)
        .transpose()
        .map_err(|_| HandlerError::Rejected("negotiation_step is out of range".into()))?;
    Ok(Some(CallToTap {
        call_id: e.call.call_id,
        prospect_id: e.call.prospect_id,
        work_order_id: e.call.work_order_id,
        agent_id: e.call.agent_id,
        team_id: e.call.team_id,
        site: e.call.site,
        program: e.call.program,
        product_code: e.product_code,
        negotiation_step,
        started_at: e.started_at,
        ended_at: e.ended_at,
        has_recording: e.has_recording,
    }))
}

/// A recording's announcement as quality keeps it.
pub fn recording_news(e: RecordingAttached) -> Result<RecordingNews, HandlerError> {
    Ok(RecordingNews {
        call_id: e.call.call_id,
        content_type: e.content_type,
        size_bytes: i64::try_from(e.size_bytes)
            .map_err(|_| HandlerError::Rejected("size_bytes is out of range".into()))?,
        sha256: e.sha256,
        attached_at: e.attached_at,
    })
}

/// A database failure is retried (redelivery); anything else cannot be applied.
fn failed(e: crate::Error) -> HandlerError {
    match e {
        crate::Error::Db(e) => HandlerError::from(e),
        other => HandlerError::Rejected(other.to_string()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;
    use tam_events::EventHandler;
    use tam_kernel::Site;
    use uuid::Uuid;

    #[test]
    fn subscribes_to_exactly_what_the_contracts_name() {
        assert_eq!(
            subscriptions(Clock::system()).subscriptions(),
            tam_contracts::consumed_by("quality")
        );
    }

    fn completed(outcome: &str) -> CallCompleted {
        serde_json::from_value(json!({
            "call_id": Uuid::now_v7(), "claim_id": Uuid::now_v7(),
            "prospect_id": Uuid::now_v7(), "work_order_id": Uuid::now_v7(),
            "agent_id": Uuid::now_v7(), "team_id": null, "site": "medan",
            "program": "add_on_consumer", "outcome": outcome, "product_code": "MINIPACK",
            "negotiation_step": null, "follow_up_at": null, "notes": "ok",
            "started_at": "2026-03-31T16:30:00Z", "ended_at": "2026-03-31T16:35:00Z",
            "duration_seconds": 300, "has_recording": true,
        }))
        .unwrap()
    }

    #[test]
    fn only_agree_calls_are_tapped() {
        let call = to_tap(completed("agree"))
            .unwrap()
            .expect("an AGREE is tapped");
        assert!(call.has_recording);
        assert_eq!(call.site, Site::Medan);
        for outcome in ["decline", "follow_up", "no_answer", "wrong_number"] {
            assert_eq!(to_tap(completed(outcome)).unwrap(), None);
        }
    }

    #[test]
    fn a_recording_is_kept_by_its_call() {
        let call = Uuid::now_v7();
        let recording: RecordingAttached = serde_json::from_value(json!({
            "call_id": call, "claim_id": Uuid::now_v7(), "prospect_id": Uuid::now_v7(),
            "work_order_id": Uuid::now_v7(), "agent_id": Uuid::now_v7(),
            "team_id": null, "site": "medan", "program": "add_on_consumer",
            "content_type": "audio/mpeg", "size_bytes": 1024, "sha256": "ab",
            "attached_at": "2026-03-31T16:36:00Z",
        }))
        .unwrap();
        let news = recording_news(recording).unwrap();
        assert_eq!(news.call_id, call);
        assert_eq!(news.size_bytes, 1024);
    }
}
