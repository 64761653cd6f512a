//! The roster is kept from hr's events: an agent hired in hr appears in prospect's
//! `agents` table, and later changes follow.

use std::time::Duration;

use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use serde_json::json;
use tam_kernel::Role;
use tam_runtime::ServiceName;
use uuid::Uuid;

use crate::helpers::Prospect;

const WAIT: Duration = Duration::from_secs(20);

#[derive(Debug, QueryableByName)]
struct AgentRow {
    #[diesel(sql_type = Text)]
    role: String,
    #[diesel(sql_type = Nullable<Text>)]
    site: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    program: Option<String>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    team_id: Option<Uuid>,
    #[diesel(sql_type = Text)]
    status: String,
}

async fn agent(p: &Prospect, id: Uuid) -> Option<AgentRow> {
    let mut conn = p.pool.get().await.ok()?;
    diesel::sql_query(
        "SELECT role, site, program, team_id, status FROM agents WHERE employee_id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .get_result(&mut conn)
    .await
    .ok()
}

#[tokio::test]
async fn an_agent_hired_in_hr_reaches_prospect_and_follows_changes() {
    let p = Prospect::start_with(&[tam_hr::service(), tam_prospect::service()]).await;
    let hr = p.app.url(ServiceName::Hr).unwrap();
    let admin = p.token(Role::Admin, None);
    let client = &p.app.client;

    let created = client
        .post(format!("{hr}/api/v1/hr/employees"))
        .bearer_auth(&admin)
        .json(&json!({
            "nik": "3271000000000001",
            "full_name": "Siti Rahmawati",
            "username": "siti.roster",
            "role": "agent",
            "site": "medan",
            "program": "add_on_consumer",
            "birth_date": "1999-04-02",
            "education_level": "D3",
            "education_field": "Manajemen",
            "hire_date": "2025-01-06",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: serde_json::Value = created.json().await.unwrap();
    let id: Uuid = body["id"].as_str().unwrap().parse().unwrap();

    let row = tam_testkit::wait_until("the agent in prospect's roster", WAIT, || {
        let p = &p;
        async move { agent(p, id).await }
    })
    .await
    .unwrap();
    assert_eq!(row.role, "agent");
    assert_eq!(row.site.as_deref(), Some("medan"));
    assert_eq!(row.program.as_deref(), Some("add_on_consumer"));
    assert_eq!(row.team_id, None);
    assert_eq!(row.status, "active");

    let gone = client
        .post(format!("{hr}/api/v1/hr/employees/{id}/deactivate"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 200);
    tam_testkit::wait_until("the deactivation in prospect's roster", WAIT, || {
        let p = &p;
        async move { agent(p, id).await.filter(|row| row.status == "deactivated") }
    })
    .await
    .unwrap();
    p.stop().await;
}

fn employee_event(
    event_type: &str,
    id: Uuid,
    status: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> tam_events::Envelope {
    tam_events::Envelope {
        id: Uuid::now_v7(),
        event_type: event_type.into(),
        version: 1,
        occurred_at: at,
        producer: "hr".into(),
        site: Some("bandung".into()),
        correlation_id: None,
        payload: json!({
            "employee_id": id, "nik": "1", "full_name": "Budi", "username": "budi.x",
            "role": "agent", "site": "bandung", "program": "ct0_pranpc",
            "team_id": null, "status": status, "changed": ["status"],
        }),
    }
}

#[tokio::test]
async fn an_older_event_arriving_late_does_not_overwrite_a_newer_state() {
    use tam_events::EventHandler;

    let p = Prospect::start().await;
    let id = Uuid::now_v7();
    let now = chrono::Utc::now();
    let earlier = now - chrono::Duration::seconds(5);
    let mut conn = p.pool.get().await.unwrap();
    let keeper = tam_prospect::consume::subscriptions();
    keeper
        .handle(
            &mut conn,
            &employee_event("hr.employee.updated", id, "suspended", now),
        )
        .await
        .unwrap();
    keeper
        .handle(
            &mut conn,
            &employee_event("hr.employee.created", id, "active", earlier),
        )
        .await
        .unwrap();
    drop(conn);
    let row = agent(&p, id).await.unwrap();
    assert_eq!(row.status, "suspended");
    assert_eq!(row.site.as_deref(), Some("bandung"));
    p.stop().await;
}
