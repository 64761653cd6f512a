//! Events are written to the outbox in the transaction of the change they describe, and
//! published from there.

use serde_json::json;
use tam_kernel::{Program, Role, Site};

use crate::helpers::{new_employee, username, Hr};

#[tokio::test]
async fn a_create_writes_its_event_and_a_rejected_create_writes_none() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::HrRecruiter, None);
    let body = new_employee(
        &username("evt"),
        Role::Agent,
        Some(Site::Bandung),
        Some(Program::Ct0Pranpc),
    );
    let created = hr
        .call(
            reqwest::Method::POST,
            "/api/v1/hr/employees",
            Some(&admin),
            Some(body.clone()),
        )
        .await;
    assert_eq!(created.status, 201);
    let published = hr.published().await;
    assert_eq!(published.len(), 1, "{published:?}");
    let (event_type, envelope) = &published[0];
    assert_eq!(event_type, "hr.employee.created");
    assert_eq!(envelope["type"], "hr.employee.created");
    assert_eq!(envelope["producer"], "hr");
    assert_eq!(envelope["site"], "bandung");
    let payload = &envelope["payload"];
    assert_eq!(payload["employee_id"], created.body["id"]);
    assert_eq!(payload["nik"], body["nik"]);
    assert_eq!(payload["full_name"], "Siti Rahmawati");
    assert_eq!(payload["role"], "agent");
    assert_eq!(payload["site"], "bandung");
    assert_eq!(payload["program"], "ct0_pranpc");
    assert_eq!(payload["team_id"], serde_json::Value::Null);
    assert_eq!(payload["status"], "active");

    // The same username again fails inside the transaction: no row, no event.
    let mut again = new_employee(
        "x.x.x",
        Role::Agent,
        Some(Site::Bandung),
        Some(Program::Ct0Pranpc),
    );
    again["username"] = body["username"].clone();
    let rejected = hr.post("/api/v1/hr/employees", Some(&admin), again).await;
    assert_eq!(rejected.status, 409);
    // A rule violation is refused before anything is written.
    let mut mismatch = new_employee(&username("evt"), Role::Agent, Some(Site::Medan), None);
    mismatch["program"] = json!("ct0_pranpc");
    let rejected = hr
        .post("/api/v1/hr/employees", Some(&admin), mismatch)
        .await;
    assert_eq!(rejected.status, 422);
    assert_eq!(hr.published().await.len(), 1);
    assert_eq!(hr.count("SELECT count(*) AS n FROM employees").await, 1);
    hr.stop().await;
}

#[tokio::test]
async fn changes_deactivations_and_teams_are_announced_with_the_request_id() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let leader = hr
        .insert_employee(
            Role::TeamLeader,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            None,
        )
        .await;
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            None,
        )
        .await;

    let team = hr
        .app
        .client
        .post(format!("{}/api/v1/hr/teams", hr.base))
        .bearer_auth(&admin)
        .header("x-request-id", "req-team-1")
        .json(
            &json!({"name": "Medan 1", "site": "medan", "program": "add_on_consumer",
                      "team_leader_id": leader.id}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(team.status(), 201);
    let team: serde_json::Value = team.json().await.unwrap();

    // Education is not a roster field: no event.
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", agent.id),
            &admin,
            json!({"education_field": "Akuntansi"}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", agent.id),
            &admin,
            json!({"team_id": team["id"]}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{}/deactivate", agent.id),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 200);

    // The revocation of the agent's access tokens was written in the deactivation's
    // transaction (it is published too, to the verifiers' stream: left out here).
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM access_revocations
             WHERE employee_id = '{}' AND reason = 'deactivated'",
            agent.id
        ))
        .await,
        1
    );
    let published: Vec<_> = hr
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t != "hr.access.revoked")
        .collect();
    let types: Vec<&str> = published.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        types,
        [
            "hr.team.changed",
            "hr.employee.updated",
            "hr.employee.deactivated"
        ]
    );
    let team_event = &published[0].1;
    assert_eq!(team_event["correlation_id"], "req-team-1");
    assert_eq!(team_event["site"], "medan");
    assert_eq!(team_event["payload"]["team_id"], team["id"]);
    assert_eq!(team_event["payload"]["name"], "Medan 1");
    assert_eq!(team_event["payload"]["program"], "add_on_consumer");
    assert_eq!(team_event["payload"]["team_leader_id"], json!(leader.id));
    assert_eq!(team_event["payload"]["change"], "created");

    let updated = &published[1].1["payload"];
    assert_eq!(updated["changed"], json!(["team_id"]));
    assert_eq!(updated["team_id"], team["id"]);
    let deactivated = &published[2].1["payload"];
    assert_eq!(deactivated["employee_id"], json!(agent.id));
    assert_eq!(deactivated["status"], "deactivated");
    assert_eq!(deactivated["team_id"], team["id"]);
    hr.stop().await;
}
