//! The quality loop end to end, through the gateway: an agent's AGREE is tapped, RETURNed
//! with a reason, comes back to the same agent first with that reason, is sold again,
//! tapped again (linked to the first task), found VALID, and the prospect is won; the
//! Quality Validation Score counts both calls as the definition says.

use reqwest::Method;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_testkit::{wait_until, WAIT};

use crate::outbound::{Person, Suite};

/// Starts a call on `prospect`, attaches a recording and records AGREE; the call id.
pub(crate) async fn sell(s: &Suite, agent: &Person, prospect: &str) -> String {
    let started = s.start_call(agent, prospect).await;
    assert_eq!(started.status, 201, "{:?}", started.body);
    let call = started.body["id"].as_str().unwrap().to_owned();
    let recording = s
        .app
        .client
        .put(format!(
            "{}/api/v1/calling/calls/{call}/recording",
            s.gateway
        ))
        .bearer_auth(&agent.token)
        .header("content-type", "audio/mpeg")
        .body(vec![1u8; 32 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(recording.status(), 201);
    let agreed = s
        .result(
            agent,
            &call,
            json!({"outcome": "agree", "product_code": "STB2"}),
        )
        .await;
    assert_eq!(agreed.status, 200, "{:?}", agreed.body);
    call
}

/// The QC officer's next task, once quality has created it from calling's events.
pub(crate) async fn claim(s: &Suite, qco: &str) -> Value {
    wait_until("a tapping task is waiting", WAIT, || async {
        let claimed = s
            .call(Method::POST, "/api/v1/quality/tasks/claim", qco, None)
            .await;
        (claimed.status == 200).then_some(claimed.body)
    })
    .await
    .unwrap()
}

/// Every item of the task's parameter version, passed except `failed`.
pub(crate) async fn scores(s: &Suite, qco: &str, task: &str, failed: &[&str]) -> Vec<Value> {
    let detail = s.get(&format!("/api/v1/quality/tasks/{task}"), qco).await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    detail.body["parameters"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let code = item["code"].as_str().unwrap();
            json!({"code": code, "passed": !failed.contains(&code), "note": null})
        })
        .collect()
}

#[tokio::test]
async fn a_returned_sale_is_called_again_validated_and_won() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-QUALITY").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               155000000001;Sri Handayani;081266600001\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let qco = s.token(Role::QcOfficer, Some(Site::Medan));
    let bandung_qco = s.token(Role::QcOfficer, Some(Site::Bandung));

    let claimed = s.next(&agent).await;
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let first_call = sell(&s, &agent, &prospect).await;

    // Tapped and RETURNed with a reason.
    let task = claim(&s, &qco).await;
    assert_eq!(task["call_id"], first_call.as_str());
    let first_task = task["id"].as_str().unwrap().to_owned();
    let elsewhere = s
        .get(&format!("/api/v1/quality/tasks/{first_task}"), &bandung_qco)
        .await;
    assert_eq!(
        elsewhere.status, 404,
        "Bandung's QCO does not see Medan's task"
    );
    let items = scores(&s, &qco, &first_task, &["CONFIRMATION"]).await;
    let returned = s
        .post(
            &format!("/api/v1/quality/tasks/{first_task}/verdict"),
            &qco,
            json!({"scores": items, "verdict": "return",
                   "reason": "harga paket tidak dikonfirmasi ulang",
                   "recommendation": "ulangi harga dan masa berlaku sebelum menutup"}),
        )
        .await;
    assert_eq!(returned.status, 200, "{:?}", returned.body);

    // Back to the same agent, first, with the reason.
    s.prospect_in(&prospect, "returned").await;
    let again = s.next(&agent).await;
    assert_eq!(again.body["source"], "returned", "{:?}", again.body);
    assert_eq!(again.body["prospect"]["id"], prospect.as_str());
    assert_eq!(
        again.body["prospect"]["return_reason"],
        "harga paket tidak dikonfirmasi ulang"
    );
    assert_eq!(
        again.body["prospect"]["return_recommendation"],
        "ulangi harga dan masa berlaku sebelum menutup"
    );

    // Sold again, tapped again (linked to the first task), VALID: won.
    let second_call = sell(&s, &agent, &prospect).await;
    let task = claim(&s, &qco).await;
    assert_eq!(task["call_id"], second_call.as_str());
    assert_eq!(task["previous_task_id"], first_task.as_str());
    let second_task = task["id"].as_str().unwrap().to_owned();
    let detail = s
        .get(&format!("/api/v1/quality/tasks/{second_task}"), &qco)
        .await;
    assert_eq!(
        detail.body["history"][0]["task"]["id"],
        first_task.as_str(),
        "{:?}",
        detail.body
    );
    assert_eq!(
        detail.body["history"][0]["verdicts"][0]["verdict"],
        "returned"
    );
    let items = scores(&s, &qco, &second_task, &[]).await;
    let valid = s
        .post(
            &format!("/api/v1/quality/tasks/{second_task}/verdict"),
            &qco,
            json!({"scores": items, "verdict": "valid"}),
        )
        .await;
    assert_eq!(valid.status, 200, "{:?}", valid.body);
    let won = s.prospect_in(&prospect, "won").await;
    assert_eq!(won["attempts"].as_array().unwrap().len(), 2);

    // The score: both AGREE calls of this month, one returned and one valid.
    let month = tam_kernel::wib_date(s.now()).format("%Y-%m").to_string();
    let score = s
        .get(
            &format!("/api/v1/quality/score?month={month}"),
            &agent.token,
        )
        .await;
    assert_eq!(score.status, 200, "{:?}", score.body);
    let b = &score.body;
    assert_eq!(
        (
            &b["agree_total"],
            &b["valid"],
            &b["returned"],
            &b["pending"]
        ),
        (&json!(2), &json!(1), &json!(1), &json!(0)),
        "{b:?}"
    );
    assert_eq!(b["score_pct"].as_f64(), Some(50.0));
    assert_eq!(b["target_pct"].as_f64(), Some(95.0));
    assert_eq!(b["met"], false);
    s.stop().await;
}

#[tokio::test]
async fn a_qa_disagreement_settled_by_the_supervisor_reaches_the_prospect_and_the_score() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-QA").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               166000000001;Tuti Alawiyah;081288800001\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let qco = s.token(Role::QcOfficer, Some(Site::Medan));
    let qa = s.token(Role::QaOfficer, Some(Site::Medan));
    let supervisor = s.token(Role::SupervisorQuality, Some(Site::Medan));

    let claimed = s.next(&agent).await;
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    sell(&s, &agent, &prospect).await;
    let task = claim(&s, &qco).await;
    let task_id = task["id"].as_str().unwrap().to_owned();
    let items = scores(&s, &qco, &task_id, &[]).await;
    let valid = s
        .post(
            &format!("/api/v1/quality/tasks/{task_id}/verdict"),
            &qco,
            json!({"scores": items, "verdict": "valid"}),
        )
        .await;
    assert_eq!(valid.status, 200, "{:?}", valid.body);
    s.prospect_in(&prospect, "won").await;
    let month = tam_kernel::wib_date(s.now()).format("%Y-%m").to_string();
    let score_path = format!("/api/v1/quality/score?month={month}");
    let before = s.get(&score_path, &agent.token).await;
    assert_eq!(before.body["valid"], 1, "{:?}", before.body);

    // A QCO's first VALID is always sampled for QA; QA disagrees, the supervisor returns it.
    let reviews = s.get("/api/v1/quality/reviews?status=pending", &qa).await;
    let review = reviews.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task_id"] == task_id.as_str())
        .unwrap_or_else(|| panic!("no review of the task: {:?}", reviews.body))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let opinion = s
        .post(
            &format!("/api/v1/quality/reviews/{review}/opinion"),
            &qa,
            json!({"agree": false, "note": "pelanggan tidak menyatakan setuju dengan jelas"}),
        )
        .await;
    assert_eq!(opinion.status, 200, "{:?}", opinion.body);
    let decision = s
        .post(
            &format!("/api/v1/quality/reviews/{review}/decision"),
            &supervisor,
            json!({"verdict": "return", "reason": "persetujuan tidak jelas",
                   "recommendation": "minta konfirmasi ulang", "note": "QA benar"}),
        )
        .await;
    assert_eq!(decision.status, 200, "{:?}", decision.body);

    // prospect follows the corrected verdict: back to the agent, first, with the reason.
    s.prospect_in(&prospect, "returned").await;
    let again = s.next(&agent).await;
    assert_eq!(again.body["source"], "returned", "{:?}", again.body);
    assert_eq!(
        again.body["prospect"]["return_reason"],
        "persetujuan tidak jelas"
    );
    let after = s.get(&score_path, &agent.token).await;
    assert_eq!(
        (&after.body["valid"], &after.body["returned"]),
        (&json!(0), &json!(1)),
        "{:?}",
        after.body
    );
    s.stop().await;
}
