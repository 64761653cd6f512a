//! The gateway as the runtime starts it: keys from `TAM_JWT_KEYS_DIR`, the runtime's own
//! routes beside the gateway's.

use std::sync::Arc;

use tam_runtime::ServiceName;
use tokio_util::sync::CancellationToken;

use crate::support::{config, problem, Keys};

#[actix_web::test]
async fn the_runtime_serves_the_gateway_with_its_keys() {
    let keys = Keys::new();
    let config = Arc::new(config(&[], &keys, ""));
    let shutdown = CancellationToken::new();
    let running = tam_runtime::start(&tam_gateway::service(), config, shutdown.clone())
        .await
        .unwrap();
    let url = running.url();
    let client = reqwest::Client::new();
    let live = client
        .get(format!("{url}/health/live"))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200);
    let own: serde_json::Value = client
        .get(format!("{url}/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(own["paths"]["/api/v1/docs"].is_object());
    let elsewhere = client.get(format!("{url}/nowhere")).send().await.unwrap();
    assert_eq!(elsewhere.headers().get("x-frame-options").unwrap(), "DENY");
    assert_eq!(problem(elsewhere).await.0, 404);
    let refused = client
        .get(format!("{url}/api/v1/hr/employees"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(refused).await.0, 401);
    let bearer = keys.bearer(tam_kernel::Role::Admin);
    let down = client
        .get(format!("{url}/api/v1/hr/employees"))
        .header("authorization", bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(down).await.0, 502);
    shutdown.cancel();
    running.stopped().await.unwrap();
}

#[actix_web::test]
async fn without_keys_the_gateway_does_not_start() {
    let keys = Keys::new();
    let mut config = config(&[(ServiceName::Hr, "http://127.0.0.1:9")], &keys, "");
    config.jwt_keys_dir = keys.dir.join("missing");
    let err = tam_runtime::start(
        &tam_gateway::service(),
        Arc::new(config),
        CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert!(format!("{err:#}").contains("keys"), "{err:#}");
}
