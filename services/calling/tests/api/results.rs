//! Recording a call's result: checked against the outcome, the offers and the clock;
//! once; by the calling agent only; safe to retry with an Idempotency-Key.

use chrono::Duration;
use reqwest::Method;
use serde_json::{json, Value};
use tam_kernel::{Program, Role, Site};

use crate::helpers::{retention_steps, wib_today, Calling};

#[tokio::test]
async fn an_agree_is_recorded_once_and_announced_with_every_field() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (claim, started) = c.open_call(&agent).await;
    let call = started.id();
    c.app.clock().advance(Duration::seconds(95));
    let done = c
        .result(
            &agent.token,
            call,
            json!({"outcome": "agree", "product_code": "STB2", "notes": "minta pasang Sabtu"}),
        )
        .await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(done.body["outcome"], "agree");
    assert_eq!(done.body["product_code"], "STB2");
    assert_eq!(done.body["negotiation_step"], json!(null));
    assert_eq!(done.body["ended_at"], json!(c.now()));
    assert_eq!(done.body["duration_seconds"], 95);

    let events = c.events("calling.call.completed").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["site"], "medan");
    let p = &events[0]["payload"];
    let expected = json!({
        "call_id": call,
        "claim_id": claim.claim_id,
        "prospect_id": claim.prospect_id,
        "work_order_id": claim.work_order_id,
        "agent_id": agent.id(),
        "team_id": claim.team,
        "site": "medan",
        "program": "add_on_consumer",
        "outcome": "agree",
        "product_code": "STB2",
        "negotiation_step": null,
        "follow_up_at": null,
        "notes": "minta pasang Sabtu",
        "started_at": started.body["started_at"],
        "ended_at": c.now(),
        "duration_seconds": 95,
        "has_recording": false,
    });
    assert_eq!(p, &expected);

    let again = c
        .result(&agent.token, call, json!({"outcome": "decline"}))
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    assert_eq!(c.events("calling.call.completed").await.len(), 1);
    let read = c
        .get(&format!("/api/v1/calling/calls/{call}"), &agent.token)
        .await;
    assert_eq!(read.body["outcome"], "agree");
    c.stop().await;
}

#[tokio::test]
async fn results_are_checked_against_the_outcome_the_offers_and_the_clock() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();
    let tomorrow_10 = wib_today(&c, 10, 0) + Duration::days(1);
    let cases: Vec<(Value, u16, &str, Vec<&str>)> = vec![
        (
            json!({"outcome": "agree"}),
            400,
            "validation",
            vec!["product_code"],
        ),
        (
            json!({"outcome": "agree", "product_code": "NETFLIX"}),
            422,
            "not-offered",
            vec![],
        ),
        (
            json!({"outcome": "agree", "product_code": "STB2", "negotiation_step": 1}),
            400,
            "validation",
            vec!["negotiation_step"],
        ),
        (
            json!({"outcome": "follow_up"}),
            400,
            "validation",
            vec!["follow_up_at"],
        ),
        (
            json!({"outcome": "follow_up", "follow_up_at": c.now() - Duration::minutes(1)}),
            422,
            "follow-up-time",
            vec![],
        ),
        (
            json!({"outcome": "follow_up", "follow_up_at": wib_today(&c, 20, 0)}),
            422,
            "follow-up-time",
            vec![],
        ),
        (
            json!({"outcome": "no_answer", "product_code": "STB2", "follow_up_at": tomorrow_10}),
            400,
            "validation",
            vec!["product_code", "follow_up_at"],
        ),
        (
            json!({"outcome": "maybe"}),
            400,
            "validation",
            vec!["outcome"],
        ),
        (json!({}), 400, "validation", vec!["outcome"]),
        (
            json!({"outcome": "decline", "reason": "x"}),
            400,
            "malformed-body",
            vec![],
        ),
    ];
    for (body, status, slug, fields) in cases {
        let refused = c.result(&agent.token, call, body.clone()).await;
        assert_eq!(refused.status, status, "{body}: {:?}", refused.body);
        assert_eq!(refused.slug(), slug, "{body}: {:?}", refused.body);
        assert_eq!(refused.fields(), fields, "{body}");
    }
    // Nothing was recorded by any of them.
    let read = c
        .get(&format!("/api/v1/calling/calls/{call}"), &agent.token)
        .await;
    assert_eq!(read.body["outcome"], json!(null));
    assert!(c.events("calling.call.completed").await.is_empty());

    // A FOLLOW UP tomorrow at 10:00 WIB is fine.
    let done = c
        .result(
            &agent.token,
            call,
            json!({"outcome": "follow_up", "follow_up_at": tomorrow_10}),
        )
        .await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(done.body["follow_up_at"], json!(tomorrow_10));
    let events = c.events("calling.call.completed").await;
    assert_eq!(events[0]["payload"]["follow_up_at"], json!(tomorrow_10));
    assert_eq!(events[0]["payload"]["outcome"], "follow_up");
    c.stop().await;
}

#[tokio::test]
async fn a_retention_agree_names_an_allowed_step() {
    let c = Calling::start().await;
    let agent = c.person(Role::Agent, Some(Site::Bandung), None);
    let mut claim = c.claim_for(&agent);
    claim.program = Program::Ct0Pranpc;
    claim.offers = retention_steps();
    c.claim(&claim).await;
    let started = c.start_call(&agent.token, claim.prospect_id).await;
    assert_eq!(started.status, 201);
    assert_eq!(started.body["masking_number"], "1500755");
    let call = started.id();
    let missing = c
        .result(&agent.token, call, json!({"outcome": "agree"}))
        .await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.fields(), ["negotiation_step"]);
    let product = c
        .result(
            &agent.token,
            call,
            json!({"outcome": "agree", "negotiation_step": 1, "product_code": "STB2"}),
        )
        .await;
    assert_eq!(product.fields(), ["product_code"]);
    let unknown = c
        .result(
            &agent.token,
            call,
            json!({"outcome": "agree", "negotiation_step": 3}),
        )
        .await;
    assert_eq!(unknown.status, 422);
    assert_eq!(unknown.slug(), "not-offered");
    let done = c
        .result(
            &agent.token,
            call,
            json!({"outcome": "agree", "negotiation_step": 2}),
        )
        .await;
    assert_eq!(done.status, 200, "{:?}", done.body);
    let events = c.events("calling.call.completed").await;
    assert_eq!(events[0]["payload"]["negotiation_step"], 2);
    assert_eq!(events[0]["payload"]["product_code"], json!(null));
    assert_eq!(events[0]["payload"]["program"], "ct0_pranpc");
    c.stop().await;
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_answer_and_refuses_another_request() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (_, started) = c.open_call(&agent).await;
    let path = format!("/api/v1/calling/calls/{}/result", started.id());
    let key = [("idempotency-key", "result-7f3a")];
    let body = json!({"outcome": "busy", "notes": "nada sibuk"});
    let first = c
        .request(Method::POST, &path, Some(&agent.token), &key, Some(body))
        .await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert!(first.headers.get("idempotent-replayed").is_none());
    c.app.clock().advance(Duration::minutes(3));
    // The same request, its members in another order: the first answer again.
    let same = json!({"notes": "nada sibuk", "outcome": "busy"});
    let replay = c
        .request(Method::POST, &path, Some(&agent.token), &key, Some(same))
        .await;
    assert_eq!(replay.status, 200);
    assert_eq!(replay.body, first.body);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    // Another request under the same key.
    let other = c
        .request(
            Method::POST,
            &path,
            Some(&agent.token),
            &key,
            Some(json!({"outcome": "no_answer"})),
        )
        .await;
    assert_eq!(other.status, 422, "{:?}", other.body);
    assert_eq!(other.slug(), "idempotency-key-reused");
    // Without the key the call simply has its result.
    let plain = c
        .result(
            &agent.token,
            started.id(),
            json!({"outcome": "busy", "notes": "nada sibuk"}),
        )
        .await;
    assert_eq!(plain.status, 409);
    assert_eq!(c.events("calling.call.completed").await.len(), 1);
    c.stop().await;
}

#[tokio::test]
async fn a_replay_is_the_first_answer_even_after_the_call_changed() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();
    let path = format!("/api/v1/calling/calls/{call}/result");
    let key = [("idempotency-key", "result-after-recording")];
    let body = json!({"outcome": "decline"});
    let first = c
        .request(
            Method::POST,
            &path,
            Some(&agent.token),
            &key,
            Some(body.clone()),
        )
        .await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(first.body["has_recording"], false);
    let put = c
        .put_recording(&agent.token, call, "audio/wav", b"RIFF0000WAVE".to_vec())
        .await;
    assert_eq!(put.status, 201, "{:?}", put.body);
    let now = c
        .get(&format!("/api/v1/calling/calls/{call}"), &agent.token)
        .await;
    assert_eq!(now.body["has_recording"], true);
    // The replay answers what the first request was answered, not the call as it is.
    let replay = c
        .request(Method::POST, &path, Some(&agent.token), &key, Some(body))
        .await;
    assert_eq!(replay.status, 200, "{:?}", replay.body);
    assert_eq!(replay.headers["idempotent-replayed"], "true");
    assert_eq!(replay.body, first.body);
    c.stop().await;
}

#[tokio::test]
async fn only_the_calling_agent_records_and_late_results_are_fine() {
    let c = Calling::start().await;
    let agent = c.agent();
    let (_, started) = c.open_call(&agent).await;
    let call = started.id();
    let colleague = c.person(Role::Agent, Some(Site::Medan), agent.subject.team);
    let theirs = c
        .result(&colleague.token, call, json!({"outcome": "decline"}))
        .await;
    assert_eq!(theirs.status, 404);
    let leader = c.person(Role::TeamLeader, Some(Site::Medan), agent.subject.team);
    assert_eq!(
        c.result(&leader.token, call, json!({"outcome": "decline"}))
            .await
            .status,
        403
    );
    // Started before 17:00, closed after: recorded.
    c.app.clock().set(wib_today(&c, 17, 5));
    let late = c
        .result(&agent.token, call, json!({"outcome": "decline"}))
        .await;
    assert_eq!(late.status, 200, "{:?}", late.body);
    assert_eq!(late.body["duration_seconds"], 7 * 3600 + 300);
    c.stop().await;
}
