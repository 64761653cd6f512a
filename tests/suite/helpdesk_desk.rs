//! HD Support's desk through the gateway: a Plasa Telkom order opened by API is walked
//! from validation to activated (claimed, paused while the customer is away, the
//! client's provisioning order recorded), every step in its history, the reports told.

use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::outbound::Suite;

fn types(published: &[(String, Value)], ticket: &str) -> Vec<String> {
    published
        .iter()
        .filter(|(t, e)| t.starts_with("helpdesk.ticket.") && e["payload"]["ticket_id"] == ticket)
        .map(|(t, _)| t.clone())
        .collect()
}

#[tokio::test]
async fn a_plasa_ticket_opened_by_api_is_walked_to_activated() {
    let s = Suite::start().await;
    let me = Uuid::now_v7();
    let desk = s.app.token_for(&Subject {
        id: me,
        role: Role::HdSupport,
        site: None,
        team: None,
    });
    let opened = s
        .post(
            "/api/v1/helpdesk/tickets",
            &desk,
            json!({
                "channel": "plasa",
                "indihome_number": "131101234567",
                "customer_name": "Dewi Lestari",
                "contact_number": "+62 22 7654321",
                "product_code": "STB2",
                "site": "bandung",
                "note": "ordered at Plasa Dago",
            }),
        )
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let id = opened.body["ticket"]["id"].as_str().unwrap().to_owned();
    let link = format!("/api/v1/helpdesk/tickets/{id}");
    let status = format!("{link}/status");

    assert_eq!(
        s.post(&format!("{link}/claim"), &desk, json!({}))
            .await
            .status,
        200
    );
    for (body, expected) in [
        (
            json!({"status": "waiting_customer", "note": "customer away until noon"}),
            "waiting_customer",
        ),
        (
            json!({"status": "validation", "note": "customer confirmed the order"}),
            "validation",
        ),
        (
            json!({"status": "provisioning_issued", "provisioning_order_number": "SC-1000012345"}),
            "provisioning_issued",
        ),
        (
            json!({"status": "activated", "note": "STB delivered and active"}),
            "activated",
        ),
    ] {
        let moved = s.post(&status, &desk, body).await;
        assert_eq!(moved.status, 200, "{expected}: {:?}", moved.body);
        assert_eq!(moved.body["ticket"]["status"], expected);
    }

    let detail = s.get(&link, &desk).await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    let ticket = &detail.body["ticket"];
    assert_eq!(ticket["status"], "activated");
    assert_eq!(ticket["provisioning_order_number"], "SC-1000012345");
    assert_eq!(ticket["assignee_id"], me.to_string());
    assert!(ticket["resolved_at"].is_string());
    assert!(
        ticket["next_escalation_at"].is_null(),
        "nothing escalates once resolved"
    );
    let statuses: Vec<&str> = detail.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["status"].as_str())
        .collect();
    assert_eq!(
        statuses,
        [
            "validation",
            "waiting_customer",
            "validation",
            "provisioning_issued",
            "activated"
        ]
    );
    for clock in detail.body["sla"]["clocks"].as_array().unwrap() {
        assert_eq!(clock["phase"], "stopped", "{clock}");
    }
    assert_eq!(detail.body["allowed_next"], json!([]));
    // Final: a change now is a 409 saying so.
    let again = s.post(&status, &desk, json!({"status": "failed"})).await;
    assert_eq!(again.status, 409);

    // A Bandung supervisor sees the Bandung ticket; Medan's does not.
    let bandung = s.token(Role::SupervisorOps, Some(Site::Bandung));
    assert_eq!(s.get(&link, &bandung).await.status, 200);
    let medan = s.token(Role::SupervisorOps, Some(Site::Medan));
    assert_eq!(s.get(&link, &medan).await.status, 404);

    // The reports were told of each step.
    let published = s.app.published_all().await;
    assert_eq!(
        types(&published, &id),
        [
            "helpdesk.ticket.opened",
            "helpdesk.ticket.status_changed",
            "helpdesk.ticket.status_changed",
            "helpdesk.ticket.status_changed",
            "helpdesk.ticket.status_changed",
            "helpdesk.ticket.resolved",
        ]
    );
    s.stop().await;
}
