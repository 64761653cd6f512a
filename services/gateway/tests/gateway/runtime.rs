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
    let running = tam_runtime::start(
        &tam_gateway::service(),
        crate::support::policy(),
        config,
        shutdown.clone(),
    )
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
        crate::support::policy(),
        Arc::new(config),
        CancellationToken::new(),
    )
    .await
    .unwrap_err();
    assert!(format!("{err:#}").contains("keys"), "{err:#}");
}

#[actix_web::test]
async fn a_request_head_that_does_not_arrive_in_time_is_408() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let keys = Keys::new();
    let config = Arc::new(config(&[], &keys, ""));
    let shutdown = CancellationToken::new();
    let running = tam_runtime::start(
        &tam_gateway::service(),
        crate::support::policy(),
        config,
        shutdown.clone(),
    )
    .await
    .unwrap();
    // A slowloris: the start of a head, then nothing.
    let started = std::time::Instant::now();
    let mut stream = tokio::net::TcpStream::connect(running.addr).await.unwrap();
    stream
        .write_all(b"GET /api/v1/docs HTTP/1.1\r\nhost: gateway\r\nx-slow: ")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(15),
        stream.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the connection was held for 15 s");
    let took = started.elapsed();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // The runtime's request head timeout is 5 s.
    assert!(took < std::time::Duration::from_secs(8), "{took:?}");
    shutdown.cancel();
    running.stopped().await.unwrap();
}
