//! Slow bodies: a client that drips its body cannot hold the gateway. A body that stalls
//! is answered 408; one client address may have only so many bodies in flight (429);
//! everyone else is answered meanwhile.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, Instant};

use tam_gateway::Settings;
use tam_kernel::Role;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::support::{client_from, generous, problem, Setup, SITE};

/// Where the slow clients come from.
const SLOW: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 1));
/// Where ordinary clients come from: another address.
const ORDINARY: IpAddr = SITE;

/// A client that announces a `declared`-byte JSON body for a public route and sends it a
/// byte every `drip`, until an answer comes (or `give_up`). Returns the answer's status
/// and head, and how long it took.
async fn drip(
    url: &str,
    drip: Duration,
    declared: usize,
    give_up: Duration,
) -> (u16, String, Duration) {
    let addr = url.trim_start_matches("http://");
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n\
         content-length: {declared}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let mut sent = 0;
    while started.elapsed() < give_up {
        if sent < declared {
            // The peer may already have answered and closed: stop writing then.
            if stream.write_all(b" ").await.is_err() {
                break;
            }
            sent += 1;
        }
        match tokio::time::timeout(drip, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => {
                answer.extend_from_slice(&buf[..n]);
                if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            Err(_) => {}
        }
    }
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, text, started.elapsed())
}

#[actix_web::test]
async fn slow_drip_clients_get_408_while_ordinary_requests_are_answered_promptly() {
    let settings = Settings {
        body_idle_timeout: Duration::from_secs(1),
        // Only the stall is under test here.
        uploads_per_client: 10_000,
        ..generous()
    };
    let s = Setup::start(settings).await;
    // 200 connections, each sending a 100-byte body one byte every 3 seconds.
    let slow: Vec<_> = (0..200)
        .map(|_| {
            let url = s.gateway.url.clone();
            actix_web::rt::spawn(async move {
                drip(&url, Duration::from_secs(3), 100, Duration::from_secs(20)).await
            })
        })
        .collect();
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;

    // Meanwhile, another client's reads and commands are answered at once.
    let ordinary = client_from(ORDINARY);
    let admin = s.keys.bearer(Role::Admin);
    let mut slowest = Duration::ZERO;
    for _ in 0..20 {
        let started = Instant::now();
        let read = ordinary
            .get(format!("{}/api/v1/hr/employees", s.gateway.url))
            .header("authorization", &admin)
            .send()
            .await
            .unwrap();
        assert_eq!(read.status(), 200);
        let login = ordinary
            .post(format!("{}/api/v1/auth/login", s.gateway.url))
            .json(&serde_json::json!({"username": "someone", "password": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(login.status(), 200);
        slowest = slowest.max(started.elapsed());
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        slowest < Duration::from_secs(1),
        "an ordinary request waited {slowest:?}"
    );

    // Every slow client was cut off after its body stalled: 408, long before the
    // upload timeout (15 minutes), and well before its body could have ended.
    let (mut first, mut last) = (Duration::MAX, Duration::ZERO);
    for handle in slow {
        let (status, head, took) = handle.await.unwrap();
        first = first.min(took);
        last = last.max(took);
        assert_eq!(status, 408, "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/problem+json"),
            "{head}"
        );
        assert!(took < Duration::from_secs(8), "answered after {took:?}");
    }
    eprintln!(
        "slow drip: ordinary requests answered within {slowest:?}; \
         200 slow clients got 408 after {first:?} to {last:?}"
    );
    s.stop().await;
}

#[actix_web::test]
async fn one_address_may_have_only_so_many_bodies_in_flight() {
    let settings = Settings {
        body_idle_timeout: Duration::from_secs(30),
        uploads_per_client: 5,
        ..generous()
    };
    let s = Setup::start(settings).await;
    // Five uploads from the slow address, each dripping below the idle timeout, so
    // that none of them is cut off for stalling.
    let held: Vec<_> = (0..5)
        .map(|_| {
            let url = s.gateway.url.clone();
            actix_web::rt::spawn(async move {
                drip(
                    &url,
                    Duration::from_millis(300),
                    1000,
                    Duration::from_secs(4),
                )
                .await
            })
        })
        .collect();
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;

    let same = client_from(SLOW);
    let login = |client: &reqwest::Client| {
        client
            .post(format!("{}/api/v1/auth/login", s.gateway.url))
            .json(&serde_json::json!({"username": "someone", "password": "x"}))
            .send()
    };
    // A sixth body from that address is refused at once.
    let refused = login(&same).await.unwrap();
    assert_eq!(refused.headers().get("retry-after").unwrap(), "1");
    let (status, slug, body) = problem(refused).await;
    assert_eq!((status, slug.as_str()), (429, "rate-limited"));
    assert!(
        body["detail"].as_str().unwrap().contains("with a body"),
        "{body}"
    );
    // Its requests without a body, and other addresses' bodies, pass.
    let read = same
        .get(format!("{}/api/v1/hr/teams", s.gateway.url))
        .header("authorization", s.keys.bearer(Role::Admin))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200, "{:?}", read.text().await);
    assert_eq!(login(&client_from(ORDINARY)).await.unwrap().status(), 200);

    // Once the held uploads are over (their clients gave up), the address may send
    // bodies again.
    for handle in held {
        handle.await.unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let status = login(&same).await.unwrap().status();
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "still {status}");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    s.stop().await;
}
