//! What the gateway costs: an authenticated GET straight to a service vs the same GET
//! through the gateway, in one run on this machine.
//!
//! The upstream is a small actix service that verifies the bearer token with
//! `tam_auth::Verifier` (as every service does) and answers a small JSON list. Keep-alive
//! clients (reqwest) send a fixed number of requests each; the run reports requests/s
//! and p50/p99 latency for both paths and the overhead, as a table and one JSON line.
//!
//! Runs: `loaded` (many clients: throughput), `single` (one client: added latency without
//! queueing) and `no-jwt` (many clients on a public route whose upstream still verifies:
//! the proxying cost without the gateway's own signature check) against that minimal
//! upstream, which is the worst case for the gateway's share; then `hr-me` and
//! `hr-me-1`: `GET /api/v1/auth/me` on the real hr service (token check, a database
//! read) started by the testkit against a fresh database, with many clients and one.
//!
//! `cargo bench -p tam-gateway --bench overhead`. Environment: `BENCH_CLIENTS` (32),
//! `BENCH_REQUESTS` per client (500), `BENCH_ROUNDS` (3; the median round is reported),
//! `BENCH_WORKERS` per server (1).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use actix_web::http::header;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use tam_auth::{Subject, TokenSettings, Verifier};
use tam_gateway::{Gateway, RateLimit, RateLimits, Settings};
use tam_kernel::Role;
use tam_runtime::{Config, ServiceName};
use tam_testkit::TestApp;

const PATH: &str = "/api/v1/hr/employees?limit=20";
/// A public route whose upstream handler still verifies the token: through the gateway
/// this is the proxying cost alone, what the gateway would cost if it did not verify the
/// token a second time (e.g. with a cache of verified tokens).
const PUBLIC_PATH: &str = "/api/v1/auth/jwks";

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The service's handler: verify the token as services do, answer a small page.
async fn employees(req: HttpRequest, verifier: web::Data<Verifier>) -> HttpResponse {
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token.map(|t| verifier.verify(t)) {
        Some(Ok(claims)) => HttpResponse::Ok().json(serde_json::json!({
            "items": [{ "id": claims.sub, "name": "Siti Rahma", "role": claims.role, "site": "bandung" }],
            "next_cursor": null,
        })),
        _ => HttpResponse::Unauthorized().finish(),
    }
}

#[derive(Clone, Copy)]
struct Stats {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// `clients` keep-alive clients, `requests` each, against `url`.
async fn drive(url: &str, bearer: &str, clients: usize, requests: usize) -> Stats {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .unwrap();
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let client = client.clone();
            let url = url.to_owned();
            let bearer = bearer.to_owned();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(requests);
                for _ in 0..requests {
                    let t = Instant::now();
                    let response = client
                        .get(&url)
                        .header("authorization", &bearer)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), 200);
                    response.bytes().await.unwrap();
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all: Vec<Duration> = Vec::with_capacity(clients * requests);
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let wall = started.elapsed();
    all.sort_unstable();
    let at = |q: f64| all[((all.len() as f64 * q) as usize).min(all.len() - 1)];
    Stats {
        rps: all.len() as f64 / wall.as_secs_f64(),
        p50_ms: at(0.50).as_secs_f64() * 1e3,
        p99_ms: at(0.99).as_secs_f64() * 1e3,
    }
}

fn median(mut rounds: Vec<Stats>) -> Stats {
    rounds.sort_by(|a, b| a.rps.total_cmp(&b.rps));
    rounds[rounds.len() / 2]
}

fn main() {
    let clients = env("BENCH_CLIENTS", 32);
    let requests = env("BENCH_REQUESTS", 500);
    let rounds = env("BENCH_ROUNDS", 3).max(1);
    let workers = env("BENCH_WORKERS", 1);

    let dir = std::env::temp_dir().join(format!("tam-gateway-bench-{}", uuid::Uuid::now_v7()));
    tam_auth::generate_key_pair(&dir, "k1").unwrap();
    let verifier = || {
        Verifier::new(
            tam_auth::load_public_keys(&dir).unwrap(),
            "tam-hr",
            "tam-api",
        )
    };
    let key = tam_auth::load_signing_key(&dir, "k1").unwrap();
    let token = tam_auth::issue_access_token(
        &key,
        &TokenSettings {
            issuer: "tam-hr".into(),
            audience: "tam-api".into(),
            access_ttl: Duration::from_secs(3600),
        },
        &Subject {
            id: uuid::Uuid::now_v7(),
            role: Role::SupervisorOps,
            site: None,
            team: None,
        },
    )
    .unwrap();
    let bearer = format!("Bearer {token}");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let upstream_verifier = web::Data::new(verifier());
        let upstream = HttpServer::new(move || {
            App::new()
                .app_data(upstream_verifier.clone())
                .route("/api/v1/hr/employees", web::get().to(employees))
                .route("/api/v1/auth/jwks", web::get().to(employees))
        })
        .workers(workers)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let upstream_url = format!("http://{}", upstream.addrs()[0]);
        tokio::spawn(upstream.run());

        let vars: HashMap<String, String> = ServiceName::ALL
            .iter()
            .map(|n| (n.url_variable(), upstream_url.clone()))
            .collect();
        let config = Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
        let unlimited = RateLimit::per_second(1_000_000, 1_000_000);
        let settings = Settings {
            rate_limits: RateLimits {
                general: unlimited,
                login: unlimited,
                site_login: unlimited,
            },
            ..Settings::default()
        };
        let policy = tam_runtime::policy_of(&[tam_gateway::service(), tam_hr::service()]).unwrap();
        let configure = Gateway::new(&config, std::sync::Arc::new(policy), verifier(), settings)
            .unwrap()
            .configure();
        let gateway = HttpServer::new(move || {
            App::new()
                .configure(configure.clone())
                .default_service(web::to(tam_kernel::route_not_found))
        })
        .workers(workers)
        .bind(("127.0.0.1", 0))
        .unwrap();
        let gateway_url = format!("http://{}", gateway.addrs()[0]);
        tokio::spawn(gateway.run());

        // Warm up both paths (connections, pools, caches).
        drive(&format!("{upstream_url}{PATH}"), &bearer, clients, 50).await;
        drive(&format!("{gateway_url}{PATH}"), &bearer, clients, 50).await;

        let mut results = Vec::new();
        for (label, path, concurrency, per_client) in [
            ("loaded", PATH, clients, requests),
            ("single", PATH, 1, requests.max(1000)),
            ("no-jwt", PUBLIC_PATH, clients, requests),
        ] {
            let direct = format!("{upstream_url}{path}");
            let through = format!("{gateway_url}{path}");
            let (mut d, mut g) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                d.push(drive(&direct, &bearer, concurrency, per_client).await);
                g.push(drive(&through, &bearer, concurrency, per_client).await);
            }
            results.push((label, concurrency, per_client, median(d), median(g)));
        }

        // The real service: hr behind the real gateway, as the testkit starts them.
        let app = TestApp::start(&[tam_hr::service(), tam_gateway::service()])
            .await
            .unwrap();
        let id = tam_hr::create_admin(&app.pool("hr").unwrap(), "bench.admin", "bench-password-2026")
            .await
            .unwrap();
        let me = format!(
            "Bearer {}",
            app.token_for(&Subject {
                id,
                role: Role::Admin,
                site: None,
                team: None,
            })
        );
        let hr_url = app.url(ServiceName::Hr).unwrap();
        let hr_gateway_url = app.url(ServiceName::Gateway).unwrap();
        let me_path = "/api/v1/auth/me";
        drive(&format!("{hr_url}{me_path}"), &me, clients, 50).await;
        drive(&format!("{hr_gateway_url}{me_path}"), &me, clients, 50).await;
        for (label, concurrency, per_client) in
            [("hr-me", clients, requests), ("hr-me-1", 1, requests.max(1000))]
        {
            let (mut d, mut g) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                d.push(drive(&format!("{hr_url}{me_path}"), &me, concurrency, per_client).await);
                g.push(
                    drive(&format!("{hr_gateway_url}{me_path}"), &me, concurrency, per_client)
                        .await,
                );
            }
            results.push((label, concurrency, per_client, median(d), median(g)));
        }
        app.stop().await.unwrap();

        println!();
        println!(
            "gateway overhead: authenticated GET, {workers} worker(s) per server, median of {rounds} round(s)"
        );
        println!(
            "{:<8} {:>7} {:>9} | {:>10} {:>8} {:>8} | {:>10} {:>8} {:>8} | {:>9} {:>10}",
            "run", "clients", "requests", "direct r/s", "p50 ms", "p99 ms", "gw r/s", "p50 ms",
            "p99 ms", "cost r/s", "+p99 ms"
        );
        let mut json = serde_json::Map::new();
        json.insert("bench".into(), "gateway_overhead".into());
        json.insert("workers".into(), workers.into());
        json.insert("rounds".into(), rounds.into());
        for (label, concurrency, per_client, d, g) in &results {
            let cost = (1.0 - g.rps / d.rps) * 100.0;
            let p99 = g.p99_ms - d.p99_ms;
            println!(
                "{label:<8} {concurrency:>7} {:>9} | {:>10.0} {:>8.3} {:>8.3} | {:>10.0} {:>8.3} {:>8.3} | {:>8.1}% {:>10.3}",
                concurrency * per_client, d.rps, d.p50_ms, d.p99_ms, g.rps, g.p50_ms, g.p99_ms, cost, p99
            );
            json.insert(
                (*label).into(),
                serde_json::json!({
                    "clients": concurrency,
                    "requests": concurrency * per_client,
                    "direct": { "rps": d.rps.round(), "p50_ms": d.p50_ms, "p99_ms": d.p99_ms },
                    "gateway": { "rps": g.rps.round(), "p50_ms": g.p50_ms, "p99_ms": g.p99_ms },
                    "throughput_cost_pct": (cost * 10.0).round() / 10.0,
                    "p99_overhead_ms": (p99 * 1000.0).round() / 1000.0,
                }),
            );
        }
        println!("{}", serde_json::Value::Object(json));
    });
    runtime.shutdown_timeout(Duration::from_secs(1));
    let _ = std::fs::remove_dir_all(&dir);
}
