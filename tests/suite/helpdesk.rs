//! The helpdesk in the whole suite, through the gateway: HD Support reads the sales
//! channels it follows from helpdesk's own schema, the floor does not, and the merged
//! API document describes the route with its roles.

use serde_json::Value;
use tam_kernel::{Role, Site};

use crate::outbound::Suite;

#[tokio::test]
async fn hd_support_reads_the_channels_through_the_gateway_and_an_agent_is_refused() {
    let s = Suite::start().await;
    let listed = s
        .get("/api/v1/helpdesk/channels", &s.token(Role::HdSupport, None))
        .await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    let codes: Vec<&str> = listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    for channel in [
        "obc",
        "call_center_147",
        "plasa",
        "myindihome",
        "web",
        "sales_force",
    ] {
        assert!(codes.contains(&channel), "{channel}: {codes:?}");
    }
    let refused = s
        .get(
            "/api/v1/helpdesk/channels",
            &s.token(Role::Agent, Some(Site::Bandung)),
        )
        .await;
    assert_eq!(refused.status, 403);

    let doc: Value = s
        .app
        .client
        .get(format!("{}/api/v1/openapi.json", s.gateway))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let roles = &doc["paths"]["/api/v1/helpdesk/channels"]["get"]["x-roles"];
    assert_eq!(
        roles,
        &serde_json::json!([
            "hd_support",
            "supervisor_hd",
            "qc_tier2",
            "manager",
            "admin"
        ])
    );
    s.stop().await;
}
