//! Through the gateway: an agent's call, result and recording take the public path.

use reqwest::Method;
use serde_json::json;
use tam_runtime::ServiceName;

use crate::helpers::Calling;

#[tokio::test]
async fn an_agent_calls_records_and_listens_through_the_gateway() {
    let c = Calling::start_with(&[tam_gateway::service(), tam_calling::service()], &[]).await;
    let gateway = c.app.url(ServiceName::Gateway).unwrap();
    let agent = c.agent();
    let claim = c.claim_for(&agent);
    c.claim(&claim).await;
    let client = &c.app.client;

    let started = client
        .post(format!("{gateway}/api/v1/calling/calls"))
        .bearer_auth(&agent.token)
        .header("x-request-id", "req-call-1")
        .json(&json!({"prospect_id": claim.prospect_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 201);
    let call: serde_json::Value = started.json().await.unwrap();
    let id: uuid::Uuid = call["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(call["masking_number"], "1500755");

    let audio: Vec<u8> = (0..50_000u32).map(|i| (i % 256) as u8).collect();
    let put = c
        .put_recording_at(&gateway, &agent.token, id, "audio/mpeg", audio.clone())
        .await;
    assert_eq!(put.status, 201, "{:?}", put.body);
    let (status, headers, body) = c
        .get_recording_at(&gateway, &agent.token, id, Some("bytes=1000-1999"))
        .await;
    assert_eq!(status, 206);
    assert_eq!(headers["content-range"], "bytes 1000-1999/50000");
    assert_eq!(headers["content-type"], "audio/mpeg");
    assert_eq!(body, audio[1000..2000]);

    let done = client
        .request(
            Method::POST,
            format!("{gateway}/api/v1/calling/calls/{id}/result"),
        )
        .bearer_auth(&agent.token)
        .header("idempotency-key", "gw-1")
        .json(&json!({"outcome": "wrong_number"}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let events = c.events("calling.call.completed").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["payload"]["outcome"], "wrong_number");
    assert_eq!(events[0]["payload"]["has_recording"], true);
    // The call's events carry the request id the gateway passed on.
    let started_events = c.events("calling.call.started").await;
    assert_eq!(started_events[0]["correlation_id"], "req-call-1");

    // Without a token the gateway refuses before calling sees anything.
    let anonymous = client
        .get(format!("{gateway}/api/v1/calling/calls"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    c.stop().await;
}
