//! Forwarding: bodies streamed both ways, headers, request ids, upstream failures.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt as _;
use tam_gateway::Settings;
use tam_kernel::Role;
use tam_runtime::ServiceName;

use crate::support::{
    config, dead_url, gated_stream, generous, pattern, pattern_sha256, problem, Keys, Setup,
    TestGateway, Upstream, MIB,
};

const EMPLOYEES: &str = "/api/v1/hr/employees";
/// An upload route (a DAPROS call list), which takes large bodies.
const DAPROS: &str = "/api/v1/prospect/work-orders/0193a1b2-0000-7000-8000-000000000001/dapros";
/// The other upload route (a call recording).
const RECORDING: &str = "/api/v1/calling/calls/0193a1b2-0000-7000-8000-000000000002/recording";

#[actix_web::test]
async fn a_large_upload_is_streamed_to_the_upstream_intact() {
    let s = Setup::start(generous()).await;
    let size = 50 * MIB;
    let state = Arc::clone(&s.upstream.state);
    // The second half waits until the upstream has bytes: a gateway that held the body
    // until its end would never let it through.
    let body = gated_stream(size, move || state.received.load(Ordering::SeqCst) > 0);
    let response = s
        .gateway
        .post(DAPROS)
        .header("authorization", s.keys.bearer(Role::Manager))
        .header("content-type", "application/octet-stream")
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = s.upstream.seen();
    assert!(!seen[0].body_failed);
    assert_eq!(seen[0].body_len, size);
    assert_eq!(seen[0].body_sha256, pattern_sha256(size));
    s.stop().await;
}

#[actix_web::test]
async fn a_sized_body_keeps_its_length() {
    let s = Setup::start(generous()).await;
    let size = 3 * MIB;
    let response = s
        .gateway
        .post(DAPROS)
        .header("authorization", s.keys.bearer(Role::Manager))
        .body(pattern(0, size).to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = s.upstream.seen();
    assert_eq!(
        seen[0].headers.get("content-length").unwrap(),
        &size.to_string()
    );
    assert!(seen[0].headers.get("transfer-encoding").is_none());
    assert_eq!(seen[0].body_sha256, pattern_sha256(size));
    s.stop().await;
}

#[actix_web::test]
async fn a_large_response_is_streamed_to_the_client_intact() {
    let s = Setup::start(generous()).await;
    let size = 32 * MIB;
    let response = s
        .gateway
        .get(&format!("/api/v1/hr/employees?respond_bytes={size}"))
        .header("authorization", s.keys.bearer(Role::Admin))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let received = Arc::clone(&s.upstream.state.client_received);
    let mut hash = ring::digest::Context::new(&ring::digest::SHA256);
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.unwrap();
        received.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        hash.update(&chunk);
    }
    assert_eq!(received.load(Ordering::SeqCst), size);
    assert_eq!(hash.finish().as_ref(), pattern_sha256(size).as_slice());
    s.stop().await;
}

#[actix_web::test]
async fn a_body_over_the_limit_is_413() {
    let settings = Settings {
        max_upload_bytes: MIB,
        ..generous()
    };
    let s = Setup::start(settings).await;
    let manager = s.keys.bearer(Role::Manager);
    let response = s
        .gateway
        .post(DAPROS)
        .header("authorization", &manager)
        .body(pattern(0, 2 * MIB).to_vec())
        .send()
        .await
        .unwrap();
    let (status, slug, _) = problem(response).await;
    assert_eq!((status, slug.as_str()), (413, "payload-too-large"));
    assert!(s.upstream.seen().is_empty(), "refused before forwarding");

    let chunks = futures::stream::iter(
        (0..32).map(|i| Ok::<_, std::io::Error>(pattern(i * 64 * 1024, 64 * 1024))),
    );
    let response = s
        .gateway
        .post(DAPROS)
        .header("authorization", &manager)
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    let (status, _, _) = problem(response).await;
    assert_eq!(status, 413);
    s.stop().await;
}

#[actix_web::test]
async fn json_routes_take_small_bodies_and_the_upload_routes_large_ones() {
    let settings = Settings {
        max_body_bytes: 64 * 1024,
        max_upload_bytes: 4 * MIB,
        ..generous()
    };
    let s = Setup::start(settings).await;
    let send = |method: reqwest::Method, path: &str, role: Role, size: u64, chunked: bool| {
        let body = if chunked {
            let chunks = (0..size.div_ceil(16 * 1024)).map(move |i| {
                let len = (16 * 1024).min(size - i * 16 * 1024);
                Ok::<_, std::io::Error>(pattern(i * 16 * 1024, len))
            });
            reqwest::Body::wrap_stream(futures::stream::iter(chunks))
        } else {
            reqwest::Body::from(pattern(0, size).to_vec())
        };
        s.gateway
            .client
            .request(method, format!("{}{path}", s.gateway.url))
            .header("authorization", s.keys.bearer(role))
            .body(body)
            .send()
    };
    for chunked in [false, true] {
        // A JSON command: 64 KiB pass, one byte more does not.
        let at_limit = send(
            reqwest::Method::POST,
            EMPLOYEES,
            Role::Admin,
            64 * 1024,
            chunked,
        );
        assert_eq!(at_limit.await.unwrap().status(), 200, "chunked {chunked}");
        let over = send(
            reqwest::Method::POST,
            EMPLOYEES,
            Role::Admin,
            64 * 1024 + 1,
            chunked,
        );
        let (status, slug, body) = problem(over.await.unwrap()).await;
        assert_eq!((status, slug.as_str()), (413, "payload-too-large"));
        assert_eq!(
            body["detail"],
            "the request body is larger than 65536 bytes"
        );
        // The uploads keep their large limit.
        let dapros = send(
            reqwest::Method::POST,
            DAPROS,
            Role::Manager,
            3 * MIB,
            chunked,
        );
        assert_eq!(dapros.await.unwrap().status(), 200, "chunked {chunked}");
        let recording = send(
            reqwest::Method::PUT,
            RECORDING,
            Role::Agent,
            3 * MIB,
            chunked,
        );
        assert_eq!(recording.await.unwrap().status(), 200, "chunked {chunked}");
        let over = send(
            reqwest::Method::PUT,
            RECORDING,
            Role::Agent,
            4 * MIB + 1,
            chunked,
        );
        assert_eq!(problem(over.await.unwrap()).await.0, 413);
    }
    s.stop().await;
}

#[actix_web::test]
async fn hop_by_hop_headers_are_dropped_both_ways() {
    let s = Setup::start(generous()).await;
    let response = s
        .gateway
        .get(EMPLOYEES)
        .header("authorization", s.keys.bearer(Role::Admin))
        .header("connection", "keep-alive, x-hop")
        .header("x-hop", "1")
        .header("keep-alive", "timeout=5")
        .header("proxy-authorization", "Basic abc")
        .header("te", "trailers")
        .header("x-forwarded-for", "198.51.100.9")
        .header("x-end-to-end", "kept")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    for gone in ["keep-alive", "proxy-authenticate", "trailer"] {
        assert!(response.headers().get(gone).is_none(), "{gone} came back");
    }
    assert_eq!(response.headers().get("x-kept").unwrap(), "1");
    let seen = &s.upstream.seen()[0];
    for gone in ["x-hop", "keep-alive", "proxy-authorization", "te"] {
        assert!(seen.headers.get(gone).is_none(), "{gone} went upstream");
    }
    assert_eq!(seen.headers.get("x-end-to-end").unwrap(), "kept");
    // Exactly the client's address: what the client claimed is not passed on.
    assert_eq!(seen.headers.get("x-forwarded-for").unwrap(), "127.0.0.1");
    assert_eq!(seen.headers.get("x-forwarded-proto").unwrap(), "http");
    let host = s.gateway.url.trim_start_matches("http://");
    assert_eq!(seen.headers.get("x-forwarded-host").unwrap(), host);
    assert_ne!(
        seen.headers.get("host").unwrap(),
        host,
        "the upstream's own host"
    );
    s.stop().await;
}

#[actix_web::test]
async fn the_request_id_is_kept_when_sane_else_made_and_always_echoed() {
    let s = Setup::start(generous()).await;
    let admin = s.keys.bearer(Role::Admin);
    let send = |id: Option<&str>| {
        let mut request = s.gateway.get(EMPLOYEES).header("authorization", &admin);
        if let Some(id) = id {
            request = request.header("x-request-id", id);
        }
        request.send()
    };
    let response = send(Some("client-req_1.2")).await.unwrap();
    assert_eq!(
        response.headers().get("x-request-id").unwrap(),
        "client-req_1.2"
    );
    assert_eq!(
        s.upstream.seen()[0].headers.get("x-request-id").unwrap(),
        "client-req_1.2"
    );

    for id in [Some("not sane!"), Some(&*"a".repeat(129)), None] {
        let response = send(id).await.unwrap();
        let echoed = response
            .headers()
            .get("x-request-id")
            .unwrap()
            .to_str()
            .unwrap();
        let made = uuid::Uuid::parse_str(echoed).unwrap();
        assert_eq!(made.get_version_num(), 7);
        let upstream = s.upstream.seen().last().unwrap().headers.clone();
        assert_eq!(upstream.get("x-request-id").unwrap(), echoed);
    }

    // Refused requests carry one too.
    let response = s.gateway.get(EMPLOYEES).send().await.unwrap();
    assert!(response.headers().get("x-request-id").is_some());
    s.stop().await;
}

#[actix_web::test]
async fn an_upstream_that_is_down_is_502() {
    let keys = Keys::new();
    let dead = dead_url();
    let config = config(&[(ServiceName::Hr, &dead)], &keys, "");
    let gateway = TestGateway::start(&config, &keys, generous()).await;
    let response = gateway
        .get(EMPLOYEES)
        .header("authorization", keys.bearer(Role::Admin))
        .send()
        .await
        .unwrap();
    let (status, slug, body) = problem(response).await;
    assert_eq!((status, slug.as_str()), (502, "bad-gateway"));
    assert_eq!(body["detail"], "the hr service is unreachable");
    gateway.stop().await;
}

#[actix_web::test]
async fn an_upstream_that_answers_late_is_504() {
    let keys = Keys::new();
    let upstream = Upstream::start().await;
    let config = config(&[(ServiceName::Hr, &upstream.url)], &keys, "");
    let settings = Settings {
        response_timeout: Duration::from_millis(300),
        ..generous()
    };
    let gateway = TestGateway::start(&config, &keys, settings).await;
    let bearer = keys.bearer(Role::Admin);
    let response = gateway
        .get("/api/v1/hr/employees?delay_ms=3000")
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    let (status, slug, _) = problem(response).await;
    assert_eq!((status, slug.as_str()), (504, "gateway-timeout"));
    // A quick answer on the same gateway still passes.
    let response = gateway
        .get("/api/v1/hr/employees?delay_ms=10")
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    gateway.stop().await;
    upstream.stop().await;
}

#[actix_web::test]
async fn behind_a_trusted_proxy_the_service_is_told_the_client_only() {
    let settings = Settings {
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
        ..generous()
    };
    let s = Setup::start(settings).await;
    let response = s
        .gateway
        .get(EMPLOYEES)
        .header("authorization", s.keys.bearer(Role::Admin))
        // The client claimed 198.51.100.1; the proxy (127.0.0.1) appended 203.0.113.9.
        .header("x-forwarded-for", "198.51.100.1, 203.0.113.9")
        .header("x-real-ip", "198.51.100.1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = &s.upstream.seen()[0];
    assert_eq!(seen.headers.get("x-forwarded-for").unwrap(), "203.0.113.9");
    assert_eq!(seen.headers.get("x-real-ip").unwrap(), "203.0.113.9");
    s.stop().await;
}

#[actix_web::test]
async fn no_upstream_connection_free_in_time_is_503() {
    let settings = Settings {
        max_upstream_connections: 1,
        acquire_timeout: Duration::from_millis(300),
        ..generous()
    };
    let s = Setup::start(settings).await;
    let admin = s.keys.bearer(Role::Admin);
    // One slow request holds the worker's only upstream connection.
    let slow = s
        .gateway
        .get("/api/v1/hr/employees?delay_ms=2000")
        .header("authorization", &admin)
        .send();
    let slow = actix_web::rt::spawn(slow);
    actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    let started = std::time::Instant::now();
    let waited = s
        .gateway
        .get(EMPLOYEES)
        .header("authorization", &admin)
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert_eq!(waited.headers().get("retry-after").unwrap(), "1");
    let (status, slug, _) = problem(waited).await;
    assert_eq!((status, slug.as_str()), (503, "service-unavailable"));
    assert_eq!(slow.await.unwrap().unwrap().status(), 200);
    // The connection is free again once the slow answer was read.
    let response = s
        .gateway
        .get(EMPLOYEES)
        .header("authorization", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    s.stop().await;
}
