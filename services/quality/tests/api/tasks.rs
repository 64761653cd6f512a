//! Claiming tapping tasks and judging them: RETURN, the re-call's linked task, VALID,
//! the rules a verdict must meet, site scope, concurrent claims and leases.

use std::collections::HashSet;

use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::{scores, Call, Quality, SALES_ITEMS};

#[tokio::test]
async fn return_then_the_recall_is_a_new_linked_task_judged_valid() {
    let q = Quality::start().await;
    let call = Call::agree(Site::Medan, q.now());
    let first = q.tapping_task(&call).await;
    let qco = q.token(Role::QcOfficer, Some(Site::Medan));

    let claimed = q
        .post("/api/v1/quality/tasks/claim", &qco, Value::Null)
        .await;
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    assert_eq!(claimed.id(), first);
    assert_eq!(claimed.body["status"], "claimed");
    // Claiming again returns the task already held.
    assert_eq!(q.claim(&qco).await, first);

    let returned = q
        .verdict(
            first,
            &qco,
            json!({
                "scores": scores(&SALES_ITEMS, &["CLEAR_CONSENT", "CLOSING"]),
                "verdict": "return",
                "reason": "the customer did not clearly agree",
                "recommendation": "ask for a clear yes after the price",
            }),
        )
        .await;
    assert_eq!(returned.status, 200, "{:?}", returned.body);
    assert_eq!(returned.body["task"]["status"], "returned");
    assert_eq!(returned.body["task"]["verdict"], "returned");
    // Weights 10, 15, 25, 30, 10, 10: CLEAR_CONSENT (30) and CLOSING (10) failed.
    assert_eq!(returned.body["task"]["score"], 60.0);
    assert_eq!(returned.body["scores"].as_array().unwrap().len(), 6);
    assert_eq!(returned.body["scores"][3]["code"], "CLEAR_CONSENT");
    assert_eq!(returned.body["scores"][3]["passed"], false);

    let events = q.validated(first).await;
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(e["revision"], 1);
    assert_eq!(e["verdict"], "returned");
    assert_eq!(e["score"], 60.0);
    assert_eq!(e["reason"], "the customer did not clearly agree");
    assert_eq!(e["recommendation"], "ask for a clear yes after the price");
    assert_eq!(e["call_id"], call.call_id.to_string());
    assert_eq!(e["prospect_id"], call.prospect_id.to_string());
    assert_eq!(e["work_order_id"], call.work_order_id.to_string());
    assert_eq!(e["agent_id"], call.agent_id.to_string());
    assert_eq!(e["site"], "medan");
    assert_eq!(e["program"], "add_on_consumer");
    // Every RETURN is queued for QA.
    assert_eq!(
        q.count(&format!(
            "SELECT count(*) AS n FROM reviews WHERE task_id = '{first}' AND queued_for = 'returned'"
        ))
        .await,
        1
    );

    // Once: a second verdict is a conflict and publishes nothing.
    let again = q
        .verdict(
            first,
            &qco,
            json!({"scores": scores(&SALES_ITEMS, &[]), "verdict": "valid"}),
        )
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    assert_eq!(q.validated(first).await.len(), 1);

    // The agent re-calls the prospect and the customer agrees again.
    let recall = call.recall(60);
    let second = q.tapping_task(&recall).await;
    assert_ne!(second, first);
    let detail = q
        .get(&format!("/api/v1/quality/tasks/{second}"), &qco)
        .await;
    assert_eq!(detail.status, 200);
    assert_eq!(detail.body["task"]["previous_task_id"], first.to_string());
    let history = detail.body["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["task"]["id"], first.to_string());
    assert_eq!(history[0]["verdicts"][0]["verdict"], "returned");
    assert_eq!(history[0]["verdicts"][0]["decided_role"], "qc_officer");

    assert_eq!(q.claim(&qco).await, second);
    let valid = q
        .verdict(
            second,
            &qco,
            json!({"scores": scores(&SALES_ITEMS, &["CLOSING"]), "verdict": "valid"}),
        )
        .await;
    assert_eq!(valid.status, 200, "{:?}", valid.body);
    assert_eq!(valid.body["task"]["status"], "valid");
    assert_eq!(valid.body["task"]["score"], 90.0);
    let events = q.validated(second).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["verdict"], "valid");
    assert_eq!(events[0]["revision"], 1);
    q.stop().await;
}

#[tokio::test]
async fn a_verdict_must_score_every_item_once_and_cannot_pass_a_failed_critical_item() {
    let q = Quality::start().await;
    let call = Call::agree(Site::Medan, q.now());
    let task = q.tapping_task(&call).await;
    let qco = q.token(Role::QcOfficer, Some(Site::Medan));
    assert_eq!(q.claim(&qco).await, task);

    // VERIFICATION is critical.
    let critical = q
        .verdict(
            task,
            &qco,
            json!({"scores": scores(&SALES_ITEMS, &["VERIFICATION"]), "verdict": "valid"}),
        )
        .await;
    assert_eq!(critical.status, 422, "{:?}", critical.body);
    assert_eq!(critical.slug(), "critical-item-failed");
    assert!(critical.body["detail"]
        .as_str()
        .unwrap()
        .contains("VERIFICATION"));

    let mut partial = scores(&SALES_ITEMS[..4], &[]);
    partial
        .as_array_mut()
        .unwrap()
        .push(json!({"code": "SMILE", "passed": true}));
    partial
        .as_array_mut()
        .unwrap()
        .push(json!({"code": "GREETING", "passed": false}));
    let bad = q
        .verdict(task, &qco, json!({"scores": partial, "verdict": "valid"}))
        .await;
    assert_eq!(bad.status, 400, "{:?}", bad.body);
    let reasons = bad.reasons();
    assert!(reasons.contains("CONFIRMATION, CLOSING"), "{reasons}");
    assert!(reasons.contains("SMILE"), "{reasons}");
    assert!(reasons.contains("more than once: GREETING"), "{reasons}");

    let no_reason = q
        .verdict(
            task,
            &qco,
            json!({"scores": scores(&SALES_ITEMS, &["VERIFICATION"]), "verdict": "return"}),
        )
        .await;
    assert_eq!(no_reason.status, 400);
    assert_eq!(no_reason.fields(), ["reason"]);

    // Nothing changed: still claimed, nothing published, nothing queued.
    assert_eq!(q.task_of(call.call_id).await.unwrap().1, "claimed");
    assert!(q.validated(task).await.is_empty());
    assert_eq!(q.count("SELECT count(*) AS n FROM task_scores").await, 0);
    assert_eq!(q.count("SELECT count(*) AS n FROM reviews").await, 0);

    // A failed critical item with RETURN is fine.
    let ok = q
        .verdict(
            task,
            &qco,
            json!({
                "scores": scores(&SALES_ITEMS, &["VERIFICATION"]),
                "verdict": "return",
                "reason": "the customer was not verified",
            }),
        )
        .await;
    assert_eq!(ok.status, 200, "{:?}", ok.body);
    q.stop().await;
}

#[tokio::test]
async fn a_medan_qco_cannot_see_claim_or_judge_a_bandung_task() {
    let q = Quality::start().await;
    let task = q.tapping_task(&Call::agree(Site::Bandung, q.now())).await;
    let medan = q.token(Role::QcOfficer, Some(Site::Medan));
    let bandung = q.token(Role::QcOfficer, Some(Site::Bandung));

    let seen = q
        .get(&format!("/api/v1/quality/tasks/{task}"), &medan)
        .await;
    assert_eq!(seen.status, 404);
    let listed = q.get("/api/v1/quality/tasks", &medan).await;
    assert_eq!(listed.status, 200);
    assert!(listed.body["items"].as_array().unwrap().is_empty());
    let claimed = q
        .post("/api/v1/quality/tasks/claim", &medan, Value::Null)
        .await;
    assert_eq!(claimed.status, 204);
    let judged = q
        .verdict(
            task,
            &medan,
            json!({"scores": scores(&SALES_ITEMS, &[]), "verdict": "valid"}),
        )
        .await;
    assert_eq!(judged.status, 404, "{:?}", judged.body);

    // Bandung's QCO sees it, and an all-site role too.
    let listed = q.get("/api/v1/quality/tasks", &bandung).await;
    assert_eq!(listed.body["items"][0]["id"], task.to_string());
    let manager = q.token(Role::Manager, None);
    let seen = q
        .get(&format!("/api/v1/quality/tasks/{task}"), &manager)
        .await;
    assert_eq!(seen.status, 200);
    assert_eq!(q.claim(&bandung).await, task);
    q.stop().await;
}

#[tokio::test]
async fn concurrent_claims_never_share_a_task() {
    let q = Quality::start().await;
    let mut calls = Vec::new();
    for _ in 0..10 {
        let call = Call::agree(Site::Tangerang, q.now());
        q.complete(&call).await;
        calls.push(call);
    }
    for call in &calls {
        q.wait_status(call.call_id, "waiting").await;
    }
    let tokens: Vec<String> = (0..10)
        .map(|_| q.token(Role::QcOfficer, Some(Site::Tangerang)))
        .collect();
    let claims = futures::future::join_all(
        tokens
            .iter()
            .map(|t| q.post("/api/v1/quality/tasks/claim", t, Value::Null)),
    )
    .await;
    let ids: HashSet<String> = claims
        .iter()
        .map(|c| {
            assert_eq!(c.status, 200, "{:?}", c.body);
            c.body["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 10);
    let eleventh = q.token(Role::QcOfficer, Some(Site::Tangerang));
    let none = q
        .post("/api/v1/quality/tasks/claim", &eleventh, Value::Null)
        .await;
    assert_eq!(none.status, 204);
    q.stop().await;
}

#[tokio::test]
async fn an_expired_lease_lets_another_qco_take_the_task() {
    let q = Quality::start().await;
    let task = q.tapping_task(&Call::agree(Site::Makassar, q.now())).await;
    let first = q.token(Role::QcOfficer, Some(Site::Makassar));
    let second = q.token(Role::QcOfficer, Some(Site::Makassar));
    assert_eq!(q.claim(&first).await, task);
    let busy = q
        .post("/api/v1/quality/tasks/claim", &second, Value::Null)
        .await;
    assert_eq!(busy.status, 204);
    // Another QCO cannot judge a task they do not hold.
    let body = json!({"scores": scores(&SALES_ITEMS, &[]), "verdict": "valid"});
    assert_eq!(q.verdict(task, &second, body.clone()).await.status, 409);

    q.app.clock().advance(
        chrono::Duration::from_std(tam_quality::Settings::default().tapping_lease).unwrap(),
    );
    let late = q.verdict(task, &first, body.clone()).await;
    assert_eq!(late.status, 409, "{:?}", late.body);
    assert_eq!(q.claim(&second).await, task);
    let judged = q.verdict(task, &second, body).await;
    assert_eq!(judged.status, 200, "{:?}", judged.body);
    assert_eq!(
        judged.body["task"]["judged_by"],
        judged.body["task"]["claimed_by"]
    );
    q.stop().await;
}

#[tokio::test]
async fn a_parameter_change_does_not_alter_tasks_already_created() {
    let q = Quality::start().await;
    let before = q.tapping_task(&Call::agree(Site::Semarang, q.now())).await;

    let supervisor = q.token(Role::SupervisorQuality, Some(Site::Semarang));
    let changed = q
        .put(
            "/api/v1/quality/parameters/add_on_consumer",
            &supervisor,
            json!({"items": [
                {"code": "CONSENT", "description": "Clear consent", "weight": 70, "critical": true},
                {"code": "POLITE", "description": "Polite throughout", "weight": 30, "critical": false},
            ]}),
        )
        .await;
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    assert_eq!(changed.body["version"], 2);

    let after = q.tapping_task(&Call::agree(Site::Semarang, q.now())).await;
    let qco = q.token(Role::QcOfficer, Some(Site::Semarang));
    let old = q
        .get(&format!("/api/v1/quality/tasks/{before}"), &qco)
        .await;
    assert_eq!(old.body["parameters"]["version"], 1);
    assert_eq!(old.body["parameters"]["items"][0]["code"], "GREETING");
    let new = q.get(&format!("/api/v1/quality/tasks/{after}"), &qco).await;
    assert_eq!(new.body["parameters"]["version"], 2);

    // The older task is scored against version 1, the newer against version 2.
    assert_eq!(q.claim(&qco).await, before);
    let v2_codes = q
        .verdict(
            before,
            &qco,
            json!({"scores": scores(&["CONSENT", "POLITE"], &[]), "verdict": "valid"}),
        )
        .await;
    assert_eq!(v2_codes.status, 400, "{:?}", v2_codes.body);
    let v1 = q
        .verdict(
            before,
            &qco,
            json!({"scores": scores(&SALES_ITEMS, &[]), "verdict": "valid"}),
        )
        .await;
    assert_eq!(v1.status, 200, "{:?}", v1.body);
    assert_eq!(q.claim(&qco).await, after);
    let v2 = q
        .verdict(
            after,
            &qco,
            json!({"scores": scores(&["CONSENT", "POLITE"], &["POLITE"]), "verdict": "valid"}),
        )
        .await;
    assert_eq!(v2.status, 200, "{:?}", v2.body);
    assert_eq!(v2.body["task"]["score"], 70.0);
    q.stop().await;
}

#[tokio::test]
async fn the_task_list_filters_and_pages() {
    let q = Quality::start().await;
    let mut agent_calls = Vec::new();
    let agent = Uuid::now_v7();
    for _ in 0..3 {
        let mut call = Call::agree(Site::Medan, q.now());
        call.agent_id = agent;
        agent_calls.push(q.tapping_task(&call).await);
    }
    q.tapping_task(&Call::agree(Site::Medan, q.now())).await;
    let qa = q.token(Role::QaOfficer, Some(Site::Medan));

    let page = q
        .get(
            &format!("/api/v1/quality/tasks?agent_id={agent}&limit=2"),
            &qa,
        )
        .await;
    assert_eq!(page.status, 200, "{:?}", page.body);
    let items = page.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], agent_calls[0].to_string());
    let cursor = page.body["next_cursor"].as_str().unwrap();
    let rest = q
        .get(
            &format!("/api/v1/quality/tasks?agent_id={agent}&limit=2&cursor={cursor}"),
            &qa,
        )
        .await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 1);
    assert!(rest.body["next_cursor"].is_null());

    let today = tam_kernel::wib_date(q.now());
    let waiting = q
        .get(
            &format!("/api/v1/quality/tasks?status=waiting&day={today}&program=add_on_consumer"),
            &qa,
        )
        .await;
    assert_eq!(waiting.body["items"].as_array().unwrap().len(), 4);
    let bad = q
        .get("/api/v1/quality/tasks?status=open&day=tomorrow", &qa)
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["status", "day"]);
    q.stop().await;
}
