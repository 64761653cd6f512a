//! Through the gateway: the policy in front of quality, the same answers behind it.

use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;

use crate::helpers::{scores, Call, Quality, SALES_ITEMS};

#[tokio::test]
async fn a_qco_taps_a_call_through_the_gateway() {
    let q = Quality::start_with(&[tam_quality::service(), tam_gateway::service()]).await;
    let gateway = q.app.url(ServiceName::Gateway).unwrap();
    let client = &q.app.client;
    let call = Call::agree(Site::Semarang, q.now());
    let task = q.tapping_task(&call).await;

    let agent = q.token(Role::Agent, Some(Site::Semarang));
    let refused = client
        .post(format!("{gateway}/api/v1/quality/tasks/claim"))
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let anonymous = client
        .get(format!("{gateway}/api/v1/quality/parameters"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    let qco = q.token(Role::QcOfficer, Some(Site::Semarang));
    let claimed = client
        .post(format!("{gateway}/api/v1/quality/tasks/claim"))
        .bearer_auth(&qco)
        .send()
        .await
        .unwrap();
    assert_eq!(claimed.status(), 200);
    let body: Value = claimed.json().await.unwrap();
    assert_eq!(body["id"], task.to_string());

    let judged = client
        .post(format!("{gateway}/api/v1/quality/tasks/{task}/verdict"))
        .bearer_auth(&qco)
        .header("x-request-id", "tapping-through-gateway")
        .json(&json!({"scores": scores(&SALES_ITEMS, &[]), "verdict": "valid"}))
        .send()
        .await
        .unwrap();
    assert_eq!(judged.status(), 200);
    let body: Value = judged.json().await.unwrap();
    assert_eq!(body["task"]["verdict"], "valid");
    assert_eq!(body["task"]["score"], 100.0);

    let event = q
        .published()
        .await
        .into_iter()
        .find(|(t, _)| t == "quality.call.validated")
        .unwrap()
        .1;
    assert_eq!(event["correlation_id"], "tapping-through-gateway");
    assert_eq!(event["site"], "semarang");
    assert_eq!(event["payload"]["verdict"], "valid");
    q.stop().await;
}
