//! Mis-sale reviews from helpdesk's `helpdesk.cabut.mis_sale_suspected`: one review per
//! CABUT case however often the event comes, seen and decided only at its site, and on
//! the agent's record.

use chrono::Utc;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::Quality;

fn suspected(case_id: Uuid, call_id: Uuid, agent_id: Uuid, team_id: Uuid) -> Value {
    json!({
        "case_id": case_id,
        "call_id": call_id,
        "agent_id": agent_id,
        "team_id": team_id,
        "site": "medan",
        "program": "add_on_consumer",
        "indihome_number": "122101234567",
        "product_code": "STB2",
        "cancelled_on": "2026-12-01",
        "main_reason": "never_ordered",
        "reasons": ["never_ordered", "price"],
        "note": null,
        "surveyed_at": Utc::now(),
    })
}

#[tokio::test]
async fn a_suspected_mis_sale_opens_one_review_for_its_site_decided_once() {
    let q = Quality::start().await;
    let (case_id, call_id, agent_id) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let team_id = Uuid::now_v7();
    // The same case twice (a re-sent event: another envelope id).
    let mut ids = Vec::new();
    for _ in 0..2 {
        let envelope = q
            .app
            .emit(
                "helpdesk.cabut.mis_sale_suspected",
                "helpdesk",
                Some(Site::Medan),
                suspected(case_id, call_id, agent_id, team_id),
            )
            .await
            .unwrap();
        ids.push(envelope.id);
    }
    q.app.handled("quality", &ids).await.unwrap();

    let medan = q.token(Role::SupervisorQuality, Some(Site::Medan));
    let listed = q.get("/api/v1/quality/mis-sale-reviews", &medan).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    let items = listed.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["call_id"], json!(call_id));
    assert_eq!(items[0]["kind"], "mis_sale");
    assert_eq!(items[0]["status"], "pending");
    let id = items[0]["id"].as_str().unwrap().to_owned();

    let bandung = q.token(Role::SupervisorQuality, Some(Site::Bandung));
    let theirs = q.get("/api/v1/quality/mis-sale-reviews", &bandung).await;
    assert_eq!(theirs.body["items"], json!([]));
    let decision = format!("/api/v1/quality/mis-sale-reviews/{id}/decision");
    let body = json!({"finding": "not_mis_sale", "note": "the offer was read in full"});
    assert_eq!(q.post(&decision, &bandung, body.clone()).await.status, 404);
    let no_note = q
        .post(&decision, &medan, json!({"finding": "mis_sale"}))
        .await;
    assert_eq!(no_note.status, 400, "{:?}", no_note.body);
    assert_eq!(no_note.fields(), ["note"]);
    let decided = q.post(&decision, &medan, body.clone()).await;
    assert_eq!(decided.status, 200, "{:?}", decided.body);
    assert_eq!(decided.body["finding"], "not_mis_sale");
    assert_eq!(q.post(&decision, &medan, body).await.status, 409);

    // On the agent's record, as they read it.
    let agent = q.token_as(agent_id, Role::Agent, Some(Site::Medan), None);
    let month = Utc::now().format("%Y-%m").to_string();
    let record = q
        .get(&format!("/api/v1/quality/score?month={month}"), &agent)
        .await;
    assert_eq!(record.status, 200, "{:?}", record.body);
    assert_eq!(record.body["mis_sales"]["suspected"], 1);
    assert_eq!(record.body["mis_sales"]["cleared"], 1);
    // And as their team leader reads it; another team's leader sees none of it.
    let leader = q.token_as(
        Uuid::now_v7(),
        Role::TeamLeader,
        Some(Site::Medan),
        Some(team_id),
    );
    let team = q
        .get(&format!("/api/v1/quality/score?month={month}"), &leader)
        .await;
    assert_eq!(team.status, 200, "{:?}", team.body);
    assert_eq!(team.body["mis_sales"]["suspected"], 1);
    assert_eq!(
        team.body["mis_sales"]["items"][0]["agent_id"],
        json!(agent_id)
    );
    let other = q.token_as(
        Uuid::now_v7(),
        Role::TeamLeader,
        Some(Site::Medan),
        Some(Uuid::now_v7()),
    );
    let theirs = q
        .get(&format!("/api/v1/quality/score?month={month}"), &other)
        .await;
    assert_eq!(
        theirs.body["mis_sales"]["suspected"], 0,
        "{:?}",
        theirs.body
    );
    q.stop().await;
}
