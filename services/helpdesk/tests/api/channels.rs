//! `GET /api/v1/helpdesk/channels`: the desk's sales channels, read from its own schema,
//! straight at the service and through the gateway.

use std::collections::HashMap;

use diesel_async::RunQueryDsl;
use serde_json::Value;
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::TestService;

const CHANNELS: &str = "/api/v1/helpdesk/channels";

fn codes(body: &Value) -> Vec<&str> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_desk_reads_every_channel_and_sees_which_are_inactive() {
    let h = TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &HashMap::new(),
    )
    .await;
    let desk = h.token(Role::HdSupport, None);
    let listed = h.get(CHANNELS, &desk).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    // DOMAIN.md's six channels, by code, all active as seeded.
    assert_eq!(
        codes(&listed.body),
        [
            "call_center_147",
            "myindihome",
            "obc",
            "plasa",
            "sales_force",
            "web"
        ]
    );
    let obc = &listed.body["items"][2];
    assert_eq!(obc["name"], "Outbound call (this suite)");
    assert_eq!(obc["active"], true);

    // What the table holds is what the desk sees: a channel the client stopped using.
    let mut conn = h.pool.get().await.unwrap();
    diesel::sql_query("UPDATE channels SET active = false WHERE code = 'web'")
        .execute(&mut conn)
        .await
        .unwrap();
    let listed = h.get(CHANNELS, &desk).await;
    let web = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "web")
        .unwrap();
    assert_eq!(web["active"], false);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 6);
    h.stop().await;
}

#[tokio::test]
async fn the_desk_its_supervisor_qc_tier2_and_managers_read_the_channels_and_nobody_else() {
    let h = TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &HashMap::new(),
    )
    .await;
    for role in Role::ALL.iter().copied() {
        let site = role.is_site_bound().then_some(Site::Medan);
        let answer = h.get(CHANNELS, &h.token(role, site)).await;
        let allowed = [
            Role::HdSupport,
            Role::SupervisorHd,
            Role::QcTier2,
            Role::Manager,
            Role::Admin,
        ]
        .contains(&role);
        assert_eq!(answer.status, if allowed { 200 } else { 403 }, "{role}");
    }
    let anonymous = h
        .app
        .client
        .get(format!("{}{CHANNELS}", h.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    h.stop().await;
}

#[tokio::test]
async fn through_the_gateway_the_route_is_served_and_documented() {
    let h = TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service(), tam_gateway::service()],
        &HashMap::new(),
    )
    .await;
    let gateway = h.app.url(ServiceName::Gateway).unwrap();
    let client = &h.app.client;
    let listed = client
        .get(format!("{gateway}{CHANNELS}"))
        .bearer_auth(h.token(Role::SupervisorHd, None))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);
    let body: Value = listed.json().await.unwrap();
    assert_eq!(codes(&body).len(), 6);
    let refused = client
        .get(format!("{gateway}{CHANNELS}"))
        .bearer_auth(h.token(Role::Agent, Some(Site::Medan)))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    let doc: Value = client
        .get(format!("{gateway}/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let operation = &doc["paths"][CHANNELS]["get"];
    assert_eq!(operation["tags"][0], "channels", "{operation}");
    let roles = operation["x-roles"].as_array().unwrap();
    assert!(roles.contains(&Value::from("hd_support")), "{roles:?}");
    assert!(!roles.contains(&Value::from("agent")), "{roles:?}");
    assert!(
        !doc["x-unavailable-services"]
            .as_array()
            .unwrap()
            .contains(&Value::from("helpdesk")),
        "{}",
        doc["x-unavailable-services"]
    );
    h.stop().await;
}
