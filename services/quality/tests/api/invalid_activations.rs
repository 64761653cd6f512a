//! Invalid activations from helpdesk's `helpdesk.activation.invalidated`: kept once per
//! validation however often the event comes, on the agent's record for the agent, their
//! team leader and the site's quality roles, and not for another team or site.

use chrono::Utc;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::Quality;

fn invalidated(validation_id: Uuid, agent_id: Option<Uuid>, team_id: Uuid) -> Value {
    json!({
        "validation_id": validation_id,
        "ticket_id": Uuid::now_v7(),
        "ticket_number": 1042,
        "channel": if agent_id.is_some() { "obc" } else { "plasa" },
        "site": agent_id.map(|_| "medan"),
        "product_code": "STB2",
        "call_id": agent_id.map(|_| Uuid::now_v7()),
        "agent_id": agent_id,
        "team_id": agent_id.map(|_| team_id),
        "failed_items": ["customer_confirms_order"],
        "findings": "the customer says nobody called",
        "issue_id": Uuid::now_v7(),
        "validated_by": Uuid::now_v7(),
        "validated_at": Utc::now(),
    })
}

#[tokio::test]
async fn an_invalid_obc_activation_shows_once_on_the_agents_record() {
    let q = Quality::start().await;
    let (validation_id, agent_id, team_id) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    // The same validation twice (a re-sent event: another envelope id), and another
    // channel's invalid activation, which names no agent.
    let mut ids = Vec::new();
    for body in [
        invalidated(validation_id, Some(agent_id), team_id),
        invalidated(validation_id, Some(agent_id), team_id),
        invalidated(Uuid::now_v7(), None, team_id),
    ] {
        let envelope = q
            .app
            .emit(
                "helpdesk.activation.invalidated",
                "helpdesk",
                Some(Site::Medan),
                body,
            )
            .await
            .unwrap();
        ids.push(envelope.id);
    }
    q.app.handled("quality", &ids).await.unwrap();

    let month = Utc::now().format("%Y-%m").to_string();
    let score = format!("/api/v1/quality/score?month={month}");
    // As the agent reads their record.
    let agent = q.token_as(agent_id, Role::Agent, Some(Site::Medan), None);
    let record = q.get(&score, &agent).await;
    assert_eq!(record.status, 200, "{:?}", record.body);
    let invalid = &record.body["invalid_activations"];
    assert_eq!(invalid["total"], 1, "{invalid:?}");
    assert_eq!(invalid["items"][0]["validation_id"], json!(validation_id));
    assert_eq!(invalid["items"][0]["ticket_number"], 1042);
    assert_eq!(
        invalid["items"][0]["failed_items"],
        json!(["customer_confirms_order"])
    );
    assert_eq!(
        invalid["items"][0]["findings"],
        "the customer says nobody called"
    );
    // As their team leader and the site's quality supervisor read it.
    let leader = q.token_as(
        Uuid::now_v7(),
        Role::TeamLeader,
        Some(Site::Medan),
        Some(team_id),
    );
    let team = q.get(&score, &leader).await;
    assert_eq!(team.status, 200, "{:?}", team.body);
    assert_eq!(team.body["invalid_activations"]["total"], 1);
    assert_eq!(
        team.body["invalid_activations"]["items"][0]["agent_id"],
        json!(agent_id)
    );
    let medan = q.token(Role::SupervisorQuality, Some(Site::Medan));
    let site = q.get(&format!("{score}&agent={agent_id}"), &medan).await;
    assert_eq!(site.status, 200, "{:?}", site.body);
    assert_eq!(site.body["invalid_activations"]["total"], 1);
    // Another team's leader and another site see none of it.
    let other = q.token_as(
        Uuid::now_v7(),
        Role::TeamLeader,
        Some(Site::Medan),
        Some(Uuid::now_v7()),
    );
    let theirs = q.get(&score, &other).await;
    assert_eq!(theirs.body["invalid_activations"]["total"], 0);
    let bandung = q.token(Role::SupervisorQuality, Some(Site::Bandung));
    let elsewhere = q.get(&score, &bandung).await;
    assert_eq!(elsewhere.status, 200, "{:?}", elsewhere.body);
    assert_eq!(elsewhere.body["invalid_activations"]["total"], 0);
    // Another agent of the same team has a clean record.
    let colleague = q.token_as(Uuid::now_v7(), Role::Agent, Some(Site::Medan), None);
    let clean = q.get(&score, &colleague).await;
    assert_eq!(clean.body["invalid_activations"]["total"], 0);
    q.stop().await;
}
