//! Failed logins lock an account for the address they come from only, with the address
//! resolved by the gateway behind a trusted proxy and handed to hr.

use std::collections::HashMap;

use reqwest::Method;
use serde_json::json;
use tam_runtime::ServiceName;
use tam_testkit::{Answer, TestApp};

const PASSWORD: &str = "tam-demo-2026";

async fn login_from(app: &TestApp, client: &str, username: &str, password: &str) -> Answer {
    let gateway = app.url(ServiceName::Gateway).unwrap();
    app.call(
        Method::POST,
        &format!("{gateway}/api/v1/auth/login"),
        None,
        // The test client is the trusted proxy; the address it appended is the client.
        &[("x-forwarded-for", client)],
        Some(&json!({"username": username, "password": password})),
    )
    .await
}

#[tokio::test]
async fn an_attacker_behind_the_ingress_cannot_lock_the_owner_out() {
    let overrides = HashMap::from([("TAM_TRUSTED_PROXIES".to_owned(), "127.0.0.1".to_owned())]);
    let app = TestApp::start_with_overrides(
        &[
            tam::service(ServiceName::Hr).unwrap(),
            tam::service(ServiceName::Gateway).unwrap(),
        ],
        &overrides,
    )
    .await
    .unwrap();
    tam_hr::seed_demo(&app.pool("hr").unwrap(), PASSWORD)
        .await
        .unwrap();

    let mut statuses = HashMap::new();
    for _ in 0..150 {
        let answer = login_from(&app, "203.0.113.66", "manager", "not-the-password").await;
        *statuses.entry(answer.status.as_u16()).or_insert(0) += 1;
    }
    assert!(
        statuses.get(&429).copied().unwrap_or(0) > 100,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.keys().filter(|s| ![401, 429].contains(*s)).count(),
        0,
        "{statuses:?}"
    );

    let answer = login_from(&app, "198.51.100.7", "manager", PASSWORD).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    app.stop().await.unwrap();
}
