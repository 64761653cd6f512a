//! Starting a call right after `next`: prospect and calling in-process (the testkit: a
//! fresh database, the real HTTP servers, the real outbox and broker between them),
//! through the services' own ports.
//!
//! 1. Latency: `BENCH_LATENCY_AGENTS` (4) agents, each claiming with `next` and at once
//!    starting the call on the claim ticket; the start's p50 and p99 (goals 15 and 50 ms).
//!    Each claim is made by a fresh agent identity, so that every `next` is a new claim.
//! 2. Flat out: `BENCH_AGENTS` (20) agents, each looping next (`done_with` the claim of
//!    its last call) → start → result (`no_answer`; the work order's retry waits are 0,
//!    so agents often re-claim the prospect they just called) for `BENCH_SECONDS` (20):
//!    the 409 "a call was already made on this claim" refusals are counted (goal: none),
//!    beside calls per second.
//!
//! `cargo bench -p tam-calling --bench call_start`. Environment: `BENCH_PROSPECTS`
//! (2000), `BENCH_AGENTS`, `BENCH_LATENCY_AGENTS`, `BENCH_LATENCY_CALLS` per agent (250),
//! `BENCH_SECONDS`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use diesel_async::RunQueryDsl;
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::bench::{record, smoke, Goal, Measurement};
use tam_testkit::TestApp;
use uuid::Uuid;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The sizes of one run.
#[derive(Debug, Clone)]
pub struct Config {
    pub prospects: usize,
    pub agents: usize,
    pub seconds: u64,
    pub latency_agents: usize,
    pub latency_calls: usize,
}

impl Config {
    /// The bench's sizes, or a smoke run's (a few hundred requests).
    pub fn new(smoke: bool) -> Self {
        if smoke {
            return Self {
                prospects: 200,
                agents: 4,
                seconds: 2,
                latency_agents: 2,
                latency_calls: 25,
            };
        }
        Self {
            prospects: env("BENCH_PROSPECTS", 2000),
            agents: env("BENCH_AGENTS", 20),
            seconds: env("BENCH_SECONDS", 20) as u64,
            latency_agents: env("BENCH_LATENCY_AGENTS", 4),
            latency_calls: env("BENCH_LATENCY_CALLS", 250),
        }
    }
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Summary {
    pub starts: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub flat_out_calls: usize,
    pub calls_per_second: f64,
    pub used_refusals: usize,
    pub other_refusals: usize,
}

async fn seed(app: &TestApp, prospects: usize, agents: &[Uuid]) {
    let pool = app.pool("prospect").unwrap();
    let mut conn = pool.get().await.unwrap();
    let wo = Uuid::now_v7();
    let import = Uuid::now_v7();
    let today = tam_kernel::wib_date(app.clock().now());
    let statements = [
        format!(
            "INSERT INTO work_orders (id, wo_code, site, program, title, valid_from, valid_to,
                 offers, max_attempts, daily_quota_per_agent, retry_wait_minutes, status,
                 created_by)
             VALUES ('{wo}', 'WO-BENCH', 'medan', 'add_on_consumer', 'bench',
                 '{from}', '{to}',
                 '[{{\"product_code\": \"MINIPACK\", \"product_name\": \"Minipack\"}}]',
                 10, 500, '{{\"no_answer\": 0, \"busy\": 0, \"unreachable\": 0, \"rejected\": 0}}',
                 'active', '{wo}')",
            from = today - chrono::Duration::days(1),
            to = today + chrono::Duration::days(30),
        ),
        format!(
            "INSERT INTO dapros_imports (id, work_order_id, sha256, total, accepted, rejected,
                 duplicates, dnc_excluded, errors, imported_by)
             VALUES ('{import}', '{wo}', 'bench', {prospects}, {prospects}, 0, 0, 0, '[]', '{wo}')"
        ),
        format!(
            "INSERT INTO prospects (id, work_order_id, import_id, line, site, program,
                 indihome_number, customer_name, contact_number, available_at, created_at)
             SELECT gen_random_uuid(), '{wo}', '{import}', i + 1, 'medan', 'add_on_consumer',
                    (100000000000 + i)::text, 'Pelanggan ' || i,
                    '+62812' || lpad(i::text, 8, '0'),
                    now() - interval '1 day' + i * interval '1 microsecond', now()
               FROM generate_series(1, {prospects}) AS i"
        ),
    ];
    for statement in statements {
        diesel::sql_query(statement)
            .execute(&mut conn)
            .await
            .unwrap();
    }
    for chunk in agents.chunks(5000) {
        let values: Vec<String> = chunk
            .iter()
            .map(|id| {
                format!("('{id}', 'agent', 'medan', 'add_on_consumer', NULL, 'active', now())")
            })
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO agents (employee_id, role, site, program, team_id, status, as_of) VALUES {}",
            values.join(",")
        ))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    // Every agent certified for the program (hr's events would say so).
    diesel::sql_query(format!(
        "INSERT INTO certifications (certification_id, employee_id, program, valid_from,
             valid_until, as_of)
         SELECT gen_random_uuid(), employee_id, 'add_on_consumer', '{from}', '{to}', now()
           FROM agents",
        from = today - chrono::Duration::days(1),
        to = today + chrono::Duration::days(30),
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    // Every seeded table: with the DNC list's statistics still those of an empty table,
    // the planner probes it by a full scan per candidate (7 ms a claim, measured).
    diesel::sql_query("VACUUM ANALYZE")
        .execute(&mut conn)
        .await
        .unwrap();
}

struct Urls {
    next: String,
    calls: String,
}

/// `next` (never handing back `done_with`, the claim of the agent's last call), then the
/// call on its ticket: how long the start took, its status and body, and the claim.
async fn claim_and_start(
    client: &reqwest::Client,
    urls: &Urls,
    token: &str,
    done_with: Option<&str>,
) -> Option<(Duration, u16, Value, String)> {
    let mut next = client.post(&urls.next).bearer_auth(token);
    if let Some(claim) = done_with {
        next = next.query(&[("done_with", claim)]);
    }
    let next = next.send().await.unwrap();
    if next.status() == 204 {
        return None;
    }
    let status = next.status();
    let next: Value = next.json().await.unwrap();
    assert_eq!(status, 200, "next claims a prospect: {next}");
    let t = Instant::now();
    let started = client
        .post(&urls.calls)
        .bearer_auth(token)
        .json(&json!({
            "prospect_id": next["prospect"]["id"],
            "claim_ticket": next["claim_ticket"],
        }))
        .send()
        .await
        .unwrap();
    let status = started.status().as_u16();
    let body: Value = started.json().await.unwrap_or(Value::Null);
    let claim = next["claim_id"].as_str().unwrap().to_owned();
    Some((t.elapsed(), status, body, claim))
}

fn token(app: &TestApp, id: Uuid) -> String {
    app.token_for(&Subject {
        id,
        role: Role::Agent,
        site: Some(Site::Medan),
        team: None,
    })
}

pub async fn run(cfg: Config) -> Summary {
    let recordings =
        std::env::temp_dir().join(format!("tam-call-start-bench-{}", Uuid::now_v7().simple()));
    let overrides: HashMap<String, String> = [
        ("TAM_LOG".to_owned(), "warn".to_owned()),
        (
            "TAM_RECORDINGS_STORE".to_owned(),
            recordings.display().to_string(),
        ),
    ]
    .into();
    let app = TestApp::start_with_overrides(
        &[tam_prospect::service(), tam_calling::service()],
        &overrides,
    )
    .await
    .unwrap();
    let latency_ids: Vec<Vec<Uuid>> = (0..cfg.latency_agents)
        .map(|_| (0..cfg.latency_calls).map(|_| Uuid::now_v7()).collect())
        .collect();
    let flat_out: Vec<Uuid> = (0..cfg.agents).map(|_| Uuid::now_v7()).collect();
    let all: Vec<Uuid> = latency_ids
        .iter()
        .flatten()
        .chain(&flat_out)
        .copied()
        .collect();
    seed(&app, cfg.prospects, &all).await;
    let urls = std::sync::Arc::new(Urls {
        next: format!(
            "{}/api/v1/prospect/next",
            app.url(ServiceName::Prospect).unwrap()
        ),
        calls: format!(
            "{}/api/v1/calling/calls",
            app.url(ServiceName::Calling).unwrap()
        ),
    });
    let client = reqwest::Client::new();

    // 1. A call started right after its claim (a fresh claim each time).
    let tasks: Vec<_> = latency_ids
        .into_iter()
        .map(|ids| {
            let tokens: Vec<String> = ids.iter().map(|id| token(&app, *id)).collect();
            let (client, urls) = (client.clone(), urls.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                for token in &tokens {
                    let Some((took, status, body, _)) =
                        claim_and_start(&client, &urls, token, None).await
                    else {
                        break;
                    };
                    assert_eq!(status, 201, "{body}");
                    latencies.push(took);
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    let (p50_ms, p99_ms) = (at(0.50), at(0.99));

    // 2. Agents flat out: next, start, result, again.
    let deadline = Instant::now() + Duration::from_secs(cfg.seconds);
    let started = Instant::now();
    let tasks: Vec<_> = flat_out
        .iter()
        .map(|id| {
            let token = token(&app, *id);
            let (client, urls) = (client.clone(), urls.clone());
            tokio::spawn(async move {
                let (mut calls, mut used, mut other) = (0, 0, 0);
                let mut last: Option<String> = None;
                while Instant::now() < deadline {
                    let Some((_, status, body, claim)) =
                        claim_and_start(&client, &urls, &token, last.as_deref()).await
                    else {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    };
                    // Called or refused, the agent is done with this claim.
                    last = Some(claim);
                    if status != 201 {
                        let detail = body["detail"].as_str().unwrap_or_default();
                        if status == 409 && detail.contains("already made on this claim") {
                            used += 1;
                        } else {
                            other += 1;
                        }
                        continue;
                    }
                    calls += 1;
                    let call = body["id"].as_str().unwrap().to_owned();
                    let done = client
                        .post(format!("{}/{call}/result", urls.calls))
                        .bearer_auth(&token)
                        .json(&json!({"outcome": "no_answer"}))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(done.status(), 200);
                }
                (calls, used, other)
            })
        })
        .collect();
    let (mut flat_out_calls, mut used_refusals, mut other_refusals) = (0, 0, 0);
    for task in tasks {
        let (calls, used, other) = task.await.unwrap();
        flat_out_calls += calls;
        used_refusals += used;
        other_refusals += other;
    }
    let calls_per_second = flat_out_calls as f64 / started.elapsed().as_secs_f64();
    app.stop().await.unwrap();
    let _ = std::fs::remove_dir_all(&recordings);

    let note = format!(
        "{} agents, a fresh claim each, {} starts",
        cfg.latency_agents,
        latencies.len()
    );
    record(
        &Measurement::new(
            "call start right after next: p50",
            p50_ms,
            "ms",
            Goal::AtMost { value: 15.0 },
        )
        .note(&note),
    );
    record(
        &Measurement::new(
            "call start right after next: p99",
            p99_ms,
            "ms",
            Goal::AtMost { value: 50.0 },
        )
        .note(&note),
    );
    record(
        &Measurement::new(
            format!(
                "call start, {} agents flat out: 409 already made on this claim",
                cfg.agents
            ),
            used_refusals as f64,
            "refusals",
            Goal::AtMost { value: 0.0 },
        )
        .note(format!(
            "{flat_out_calls} calls in {} s (next with done_with the last claim → start \
             on the ticket → result no_answer, retry waits 0), {other_refusals} other \
             refusals",
            cfg.seconds
        )),
    );
    record(&Measurement::new(
        format!("call start, {} agents flat out: calls/s", cfg.agents),
        calls_per_second,
        "calls/s",
        Goal::None,
    ));
    Summary {
        starts: latencies.len(),
        p50_ms,
        p99_ms,
        flat_out_calls,
        calls_per_second,
        used_refusals,
        other_refusals,
    }
}

#[allow(dead_code)]
fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let summary = runtime.block_on(run(Config::new(smoke())));
    eprintln!("{summary:?}");
}
