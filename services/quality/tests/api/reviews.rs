//! QA verification: every RETURN and a sample of VALIDs are queued; a disagreement goes
//! to the quality supervisor, whose decision can change the verdict (a new revision).

use serde_json::json;
use tam_kernel::{Role, Site};

use crate::helpers::{Call, Quality};

#[tokio::test]
async fn a_qa_disagreement_decided_by_the_supervisor_changes_the_verdict_and_the_score() {
    let q = Quality::start().await;
    let call = Call::agree(Site::Medan, q.now());
    q.tapping_task(&call).await;
    let task = q.judge_next(Site::Medan, "return").await;
    let month = tam_kernel::wib_date(call.started_at)
        .format("%Y-%m")
        .to_string();
    let manager = q.token(Role::Manager, None);
    let score_path = format!("/api/v1/quality/score?month={month}&site=medan");
    let before = q.get(&score_path, &manager).await;
    assert_eq!(before.body["returned"], 1);
    assert_eq!(before.body["valid"], 0);
    assert_eq!(before.body["score_pct"], 0.0);

    let qa = q.token(Role::QaOfficer, Some(Site::Medan));
    let pending = q.get("/api/v1/quality/reviews?status=pending", &qa).await;
    assert_eq!(pending.status, 200, "{:?}", pending.body);
    let reviews = pending.body["items"].as_array().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["task_id"], task.to_string());
    assert_eq!(reviews[0]["queued_for"], "returned");
    let review = reviews[0]["id"].as_str().unwrap().to_owned();
    let opinion = format!("/api/v1/quality/reviews/{review}/opinion");
    let decision = format!("/api/v1/quality/reviews/{review}/decision");

    // QA of another site does not see it; a disagreement needs a note; the supervisor
    // decides only disputed reviews.
    let bandung_qa = q.token(Role::QaOfficer, Some(Site::Bandung));
    assert_eq!(
        q.post(&opinion, &bandung_qa, json!({"agree": true}))
            .await
            .status,
        404
    );
    let no_note = q.post(&opinion, &qa, json!({"agree": false})).await;
    assert_eq!(no_note.status, 400);
    assert_eq!(no_note.fields(), ["note"]);
    let supervisor = q.token(Role::SupervisorQuality, Some(Site::Medan));
    let early = q
        .post(&decision, &supervisor, json!({"verdict": "valid"}))
        .await;
    assert_eq!(early.status, 409, "{:?}", early.body);

    let disputed = q
        .post(
            &opinion,
            &qa,
            json!({"agree": false, "note": "the customer says yes clearly at 02:10"}),
        )
        .await;
    assert_eq!(disputed.status, 200, "{:?}", disputed.body);
    assert_eq!(disputed.body["status"], "disputed");
    let twice = q.post(&opinion, &qa, json!({"agree": true})).await;
    assert_eq!(twice.status, 409);

    let decided = q
        .post(
            &decision,
            &supervisor,
            json!({"verdict": "valid", "note": "consent is clear; QA is right"}),
        )
        .await;
    assert_eq!(decided.status, 200, "{:?}", decided.body);
    assert_eq!(decided.body["status"], "decided");
    assert_eq!(decided.body["decision_verdict"], "valid");

    let events = q.validated(task).await;
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["revision"], 1);
    assert_eq!(events[0]["verdict"], "returned");
    assert_eq!(events[1]["revision"], 2);
    assert_eq!(events[1]["verdict"], "valid");
    assert_eq!(events[1]["prospect_id"], call.prospect_id.to_string());

    let detail = q.get(&format!("/api/v1/quality/tasks/{task}"), &qa).await;
    assert_eq!(detail.body["task"]["status"], "valid");
    assert_eq!(detail.body["task"]["revision"], 2);
    let verdicts = detail.body["verdicts"].as_array().unwrap();
    assert_eq!(verdicts.len(), 2);
    assert_eq!(verdicts[1]["decided_role"], "supervisor_quality");

    let after = q.get(&score_path, &manager).await;
    assert_eq!(after.body["returned"], 0);
    assert_eq!(after.body["valid"], 1);
    assert_eq!(after.body["score_pct"], 100.0);
    assert_eq!(after.body["met"], true);

    // Final: a second decision is a conflict.
    let again = q
        .post(
            &decision,
            &supervisor,
            json!({"verdict": "return", "reason": "changed my mind"}),
        )
        .await;
    assert_eq!(again.status, 409);
    assert_eq!(q.validated(task).await.len(), 2);
    q.stop().await;
}

#[tokio::test]
async fn the_first_valid_of_each_qco_is_sampled_and_an_agreement_closes_the_review() {
    let q = Quality::start().await;
    // The default sample is 10%: the 1st, 11th, 21st… VALID of each QCO.
    assert_eq!(tam_quality::Settings::default().qa_sample_percent, 10);
    let qco = q.token(Role::QcOfficer, Some(Site::Tangerang));
    let mut tasks = Vec::new();
    for _ in 0..3 {
        q.tapping_task(&Call::agree(Site::Tangerang, q.now())).await;
        let task = q.claim(&qco).await;
        let judged = q
            .verdict(
                task,
                &qco,
                json!({"scores": crate::helpers::scores(&crate::helpers::SALES_ITEMS, &[]), "verdict": "valid"}),
            )
            .await;
        assert_eq!(judged.status, 200, "{:?}", judged.body);
        tasks.push(task);
    }
    let supervisor = q.token(Role::SupervisorQuality, Some(Site::Tangerang));
    let queued = q.get("/api/v1/quality/reviews", &supervisor).await;
    let items = queued.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["task_id"], tasks[0].to_string());
    assert_eq!(items[0]["queued_for"], "sampled");

    let qa = q.token(Role::QaOfficer, Some(Site::Tangerang));
    let review = items[0]["id"].as_str().unwrap();
    let agreed = q
        .post(
            &format!("/api/v1/quality/reviews/{review}/opinion"),
            &qa,
            json!({"agree": true}),
        )
        .await;
    assert_eq!(agreed.status, 200, "{:?}", agreed.body);
    assert_eq!(agreed.body["status"], "agreed");
    let disputed = q
        .get("/api/v1/quality/reviews?status=disputed", &supervisor)
        .await;
    assert!(disputed.body["items"].as_array().unwrap().is_empty());
    assert_eq!(q.validated(tasks[0]).await.len(), 1);
    q.stop().await;
}
