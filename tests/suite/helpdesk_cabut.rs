//! QC Tier 2's CABUT survey end to end, through the gateway: an agent's sale that a QCO
//! validates becomes an OBC ticket; the customer cancels it; QC Tier 2 files the case
//! (linked to the sale), claims it, reaches the customer and records "never ordered" as
//! the main reason; quality opens a mis-sale review of that call for Medan's quality
//! supervisor (not Bandung's), who decides it, and it shows on the agent's record. A
//! case for an IndiHome number no activation of this suite follows is accepted and
//! flagged.

use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_testkit::{wait_until, WAIT};

use crate::helpdesk_obc::search;
use crate::outbound::Suite;
use crate::quality::{claim, scores, sell};

const CASES: &str = "/api/v1/helpdesk/cabut/cases";

#[tokio::test]
async fn a_never_ordered_obc_sale_opens_a_mis_sale_review_and_shows_on_the_agents_record() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-CABUT").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               177000000051;Sri Wahyuni;081277700051\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let qco = s.token(Role::QcOfficer, Some(Site::Medan));

    // The agent sells; the QCO finds the call VALID; HD Support follows the activation.
    let claimed = s.next(&agent).await;
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let call = sell(&s, &agent, &prospect).await;
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
    wait_until("the sale's OBC ticket is open", WAIT, || async {
        (!search(&s, "177000000051").await.is_empty()).then_some(())
    })
    .await
    .unwrap();

    // The customer cancels; QC Tier 2 files the case: linked to the sale.
    let qc = s.token(Role::QcTier2, None);
    let today = tam_kernel::wib_date(s.now()).to_string();
    let filed = s
        .post(
            CASES,
            &qc,
            json!({
                "indihome_number": "177000000051",
                "product_code": "STB2",
                "cancelled_on": today,
                "channel": "obc",
            }),
        )
        .await;
    assert_eq!(filed.status, 201, "{:?}", filed.body);
    let case = &filed.body["case"];
    assert_eq!(case["sale"]["call_id"], call.as_str());
    assert_eq!(case["sale"]["agent_id"], json!(agent.id));
    assert_eq!(case["sale"]["site"], "medan");
    assert_eq!(case["sale"]["program"], "add_on_consumer");
    assert_eq!(case["sale"]["quality_verdict"], "valid");
    assert_eq!(case["flag"], Value::Null);
    let case_id = case["id"].as_str().unwrap().to_owned();

    // A cancellation for an IndiHome number no activation of this suite follows:
    // accepted and flagged, not refused.
    let unknown = s
        .post(
            CASES,
            &qc,
            json!({
                "indihome_number": "177000000099",
                "product_code": "STB2",
                "cancelled_on": today,
                "channel": "obc",
            }),
        )
        .await;
    assert_eq!(unknown.status, 201, "{:?}", unknown.body);
    assert_eq!(unknown.body["case"]["flag"], "no_activation_known");
    assert_eq!(unknown.body["case"]["sale"], Value::Null);
    // The same through the client's list, streamed through the gateway.
    let list = format!(
        "indihome_number;product_code;cancelled_on;channel\n\
         177000000098;STB2;{today};obc\n\
         188000000077;HBO;{today};plasa\n\
         188000000078;HBO;{today};pigeon\n"
    );
    let imported = s
        .app
        .client
        .post(format!("{}/api/v1/helpdesk/cabut/imports", s.gateway))
        .bearer_auth(&qc)
        .header("content-type", "text/csv")
        .header("idempotency-key", "cabut-list-1")
        .body(list)
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 201);
    let report: Value = imported.json().await.unwrap();
    assert_eq!(report["created"], 2, "{report}");
    assert_eq!(report["rejected"], 1, "{report}");
    assert_eq!(report["errors"][0]["field"], "channel");
    assert_eq!(report["created_cases"][0]["flagged"], true);
    assert_eq!(report["created_cases"][1]["flagged"], false);

    // QC Tier 2 claims the oldest case, reaches the customer: never ordered, main.
    let held = s.post(&format!("{CASES}/claim"), &qc, json!({})).await;
    assert_eq!(held.status, 200, "{:?}", held.body);
    assert_eq!(held.body["case"]["id"], case_id.as_str());
    for outcome in ["no_answer", "reached"] {
        let attempt = s
            .post(
                &format!("{CASES}/{case_id}/attempts"),
                &qc,
                json!({"outcome": outcome}),
            )
            .await;
        assert_eq!(attempt.status, 200, "{:?}", attempt.body);
    }
    let surveyed = s
        .post(
            &format!("{CASES}/{case_id}/survey"),
            &qc,
            json!({
                "reasons": [
                    {"code": "never_ordered", "main": true},
                    {"code": "did_not_understand_offer"},
                ],
                "note": "pelanggan tidak merasa pernah memesan STB kedua",
            }),
        )
        .await;
    assert_eq!(surveyed.status, 200, "{:?}", surveyed.body);
    assert_eq!(surveyed.body["case"]["mis_sale"], true);

    // quality opens a mis-sale review of that call for Medan's quality supervisor.
    let medan = s.token(Role::SupervisorQuality, Some(Site::Medan));
    let review = wait_until("quality opens the mis-sale review", WAIT, || async {
        let listed = s.get("/api/v1/quality/mis-sale-reviews", &medan).await;
        assert_eq!(listed.status, 200, "{:?}", listed.body);
        listed.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["call_id"] == call.as_str())
            .cloned()
    })
    .await
    .unwrap();
    assert_eq!(review["kind"], "mis_sale");
    assert_eq!(review["case_id"], case_id.as_str());
    assert_eq!(review["task_id"], task_id.as_str());
    assert_eq!(review["agent_id"], json!(agent.id));
    assert_eq!(review["site"], "medan");
    assert_eq!(review["main_reason"], "never_ordered");
    assert_eq!(
        review["reasons"],
        json!(["never_ordered", "did_not_understand_offer"])
    );
    assert_eq!(review["status"], "pending");
    let review_id = review["id"].as_str().unwrap().to_owned();

    // Bandung's quality supervisor neither sees nor decides it.
    let bandung = s.token(Role::SupervisorQuality, Some(Site::Bandung));
    let theirs = s.get("/api/v1/quality/mis-sale-reviews", &bandung).await;
    assert_eq!(theirs.status, 200, "{:?}", theirs.body);
    assert_eq!(theirs.body["items"], json!([]));
    let decision = json!({"finding": "mis_sale", "note": "penawaran tidak dibacakan lengkap"});
    let foreign = s
        .post(
            &format!("/api/v1/quality/mis-sale-reviews/{review_id}/decision"),
            &bandung,
            decision.clone(),
        )
        .await;
    assert_eq!(foreign.status, 404, "{:?}", foreign.body);

    // It shows on the agent's record, as the agent reads it.
    let month = &today[..7];
    let record = s
        .get(
            &format!("/api/v1/quality/score?month={month}"),
            &agent.token,
        )
        .await;
    assert_eq!(record.status, 200, "{:?}", record.body);
    let m = &record.body["mis_sales"];
    assert_eq!(m["suspected"], 1, "{m}");
    assert_eq!(m["pending"], 1);
    assert_eq!(m["items"][0]["call_id"], call.as_str());

    // Medan's supervisor decides: a mis-sale, final.
    let decided = s
        .post(
            &format!("/api/v1/quality/mis-sale-reviews/{review_id}/decision"),
            &medan,
            decision.clone(),
        )
        .await;
    assert_eq!(decided.status, 200, "{:?}", decided.body);
    assert_eq!(decided.body["status"], "decided");
    assert_eq!(decided.body["finding"], "mis_sale");
    let again = s
        .post(
            &format!("/api/v1/quality/mis-sale-reviews/{review_id}/decision"),
            &medan,
            decision,
        )
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    let record = s
        .get(
            &format!("/api/v1/quality/score?month={month}&agent={}", agent.id),
            &medan,
        )
        .await;
    assert_eq!(record.status, 200, "{:?}", record.body);
    assert_eq!(record.body["mis_sales"]["confirmed"], 1);
    // Another agent's record shows nothing.
    let other = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let clean = s
        .get(
            &format!("/api/v1/quality/score?month={month}"),
            &other.token,
        )
        .await;
    assert_eq!(clean.body["mis_sales"]["suspected"], 0, "{:?}", clean.body);

    // The CABUT stats per agent count the mis-sale.
    let stats = s
        .get(
            &format!("/api/v1/helpdesk/cabut/stats?month={month}&group_by=agent"),
            &s.token(Role::SupervisorHd, None),
        )
        .await;
    assert_eq!(stats.status, 200, "{:?}", stats.body);
    let row = stats.body["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == json!(agent.id.to_string()))
        .cloned()
        .unwrap_or_else(|| panic!("no row of the agent: {:?}", stats.body));
    assert_eq!(row["cancellations"], 1);
    assert_eq!(row["reached"], 1);
    assert_eq!(row["mis_sales"], 1);
    s.stop().await;
}
