//! `next` under load: 64 agents claiming at once from a 1,000,000-prospect pool, beside
//! the bare claim statement run by pgbench against the same table in the same run.
//!
//! The service runs in-process (the testkit: a fresh database, the real HTTP server,
//! the real outbox) with `TAM_DB_POOL_SIZE` connections. The pool is seeded with SQL
//! (one active work order, 1,000,000 prospects, 64 × `BENCH_IDS` agents on the roster).
//! Each of the 64 clients cycles through its own agent identities, so that every request
//! is a fresh claim walking every tier of `next` (an agent asking twice would get the
//! prospect it holds back, which is not a claim). Claims per second and p50/p99 latency.
//!
//! pgbench then runs the claim statement alone — the pool tier's `UPDATE … FROM (SELECT
//! … FOR UPDATE SKIP LOCKED LIMIT 1)` with the same joins and conditions — with 64
//! clients for the same duration. Goal: the service at least half of pgbench's rate,
//! p99 under 50 ms.
//!
//! Then a steady, realistic load: `BENCH_STEADY_AGENTS` (1,000) agents at one site, each
//! claiming once every 30 s (about 33 claims a second, spread evenly), for
//! `BENCH_STEADY_SECONDS` (30); goal p99 under 20 ms.
//!
//! `cargo bench -p tam-prospect --bench next`. Environment: `BENCH_PROSPECTS`
//! (1000000), `BENCH_CLIENTS` (64), `BENCH_SECONDS` (20), `BENCH_POOL` (the service's
//! pool: 10, the production default of
//! `TAM_DB_POOL_SIZE`), `BENCH_IDS` agent identities per client (2000),
//! `BENCH_PGBENCH_MODE` (`prepared`; `simple` shows what planning every statement
//! costs). Figures go through `tam_testkit::bench::record`; `TAM_BENCH_SMOKE=1` (and
//! tests/bench_smoke.rs) runs a few hundred claims.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::process::Command;
use std::time::{Duration, Instant};

use diesel_async::RunQueryDsl;
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::bench::{machine_busy, record, smoke, Goal, Measurement};
use tam_testkit::TestApp;
use uuid::Uuid;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The pool tier's claim, as pgbench runs it (`now()` instead of the service's clock).
const CLAIM_SQL: &str = "\\set agent random(1, 1000000000)
WITH candidate AS (
    SELECT p.id FROM prospects p
    JOIN work_orders w ON w.id = p.work_order_id
    WHERE p.status IN ('new', 'retry') AND p.assigned_to IS NULL AND p.site = 'medan'
      AND p.program = 'add_on_consumer' AND p.available_at <= now()
      AND p.attempts < w.max_attempts
      AND w.status = 'active' AND w.valid_from <= current_date AND current_date <= w.valid_to
      AND NOT EXISTS (SELECT 1 FROM dnc_numbers d WHERE d.number = p.contact_number)
    ORDER BY p.available_at, p.id
    LIMIT 1
    FOR UPDATE OF p SKIP LOCKED)
UPDATE prospects p
   SET claimed_by = md5(:agent::text)::uuid, claim_id = md5((:agent + 1)::text)::uuid,
       claimed_at = now(), available_at = now() + interval '5 minutes', updated_at = now()
  FROM candidate WHERE p.id = candidate.id
RETURNING p.*;
";

async fn seed(app: &TestApp, prospects: usize, agents: &[Uuid]) -> Uuid {
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
                 3, 500, '{{\"no_answer\": 60, \"busy\": 30, \"unreachable\": 120, \"rejected\": 240}}',
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
        "INSERT INTO dnc_numbers (id, number, reason, added_by)
         SELECT gen_random_uuid(), '+62813' || lpad(i::text, 8, '0'), 'bench', gen_random_uuid()
           FROM generate_series(1, 10000) AS i"
            .to_owned(),
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
    // Every agent certified for the program (hr's events would say so; `next` checks).
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
    wo
}

struct Stats {
    claims: usize,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

async fn drive(url: &str, tokens: Vec<Vec<String>>, seconds: u64) -> Stats {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(tokens.len())
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = tokens
        .into_iter()
        .map(|identities| {
            let client = client.clone();
            let url = url.to_owned();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                for token in identities.iter().cycle() {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let t = Instant::now();
                    let response = client.post(&url).bearer_auth(token).send().await.unwrap();
                    let status = response.status();
                    response.bytes().await.unwrap();
                    assert_eq!(status, 200, "every request claims a prospect");
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    stats(all, started.elapsed())
}

fn stats(mut all: Vec<Duration>, wall: Duration) -> Stats {
    all.sort_unstable();
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    Stats {
        claims: all.len(),
        per_second: all.len() as f64 / wall.as_secs_f64(),
        p50_ms: at(0.50),
        p99_ms: at(0.99),
    }
}

/// `tokens.len()` agents each claiming once per `period`, their starts spread evenly
/// over it (an open loop: a slow answer does not delay the next agent's claim).
async fn steady(url: &str, tokens: Vec<String>, period: Duration, seconds: u64) -> Stats {
    let client = reqwest::Client::new();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let agents = tokens.len().max(1) as u32;
    let tasks: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(i, token)| {
            let client = client.clone();
            let url = url.to_owned();
            let offset = period / agents * i as u32;
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut at = started + offset;
                while at < deadline {
                    tokio::time::sleep_until(at.into()).await;
                    let t = Instant::now();
                    let response = client.post(&url).bearer_auth(&token).send().await.unwrap();
                    let status = response.status();
                    response.bytes().await.unwrap();
                    assert_eq!(status, 200, "every request claims a prospect");
                    latencies.push(t.elapsed());
                    at += period;
                }
                latencies
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    stats(all, started.elapsed())
}

/// pgbench's transactions per second and p99 latency (from its per-transaction log).
fn pgbench(url: &str, clients: usize, seconds: u64) -> (f64, f64) {
    let dir = std::env::temp_dir().join(format!("tam-next-bench-{}", Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("claim.sql");
    std::fs::write(&script, CLAIM_SQL).unwrap();
    let output = Command::new("pgbench")
        .current_dir(&dir)
        .args([
            "-n",
            "-M",
            std::env::var("BENCH_PGBENCH_MODE")
                .as_deref()
                .unwrap_or("prepared"),
            "-l",
            "--log-prefix",
            "claims",
        ])
        .arg(format!("-c{clients}"))
        .arg(format!("-j{}", clients.min(4)))
        .arg(format!("-T{seconds}"))
        .arg("-f")
        .arg(&script)
        .arg(url)
        .env("PGOPTIONS", "-c search_path=prospect")
        .output()
        .expect("pgbench is installed (postgresql-contrib / the server package)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "pgbench failed: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tps = stdout
        .lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let mut latencies_us: Vec<u64> = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("claims"))
        {
            for line in std::fs::read_to_string(path).unwrap().lines() {
                // client_id transaction_no time script_no time_epoch time_us
                if let Some(us) = line.split_whitespace().nth(2).and_then(|v| v.parse().ok()) {
                    latencies_us.push(us);
                }
            }
        }
    }
    latencies_us.sort_unstable();
    let p99 = latencies_us
        .get(latencies_us.len() * 99 / 100)
        .map_or(0.0, |us| *us as f64 / 1e3);
    let _ = std::fs::remove_dir_all(&dir);
    (tps, p99)
}

/// The sizes of one run.
#[derive(Debug, Clone)]
pub struct Config {
    pub prospects: usize,
    pub clients: usize,
    pub seconds: u64,
    pub pool: usize,
    pub ids_per_client: usize,
    pub steady_agents: usize,
    pub steady_period: Duration,
    pub steady_seconds: u64,
}

impl Config {
    /// The bench's sizes, or a smoke run's (a few hundred claims).
    pub fn new(smoke: bool) -> Self {
        if smoke {
            return Self {
                prospects: 2000,
                clients: 4,
                seconds: 2,
                pool: 4,
                ids_per_client: 200,
                steady_agents: 20,
                steady_period: Duration::from_secs(1),
                steady_seconds: 2,
            };
        }
        Self {
            prospects: env("BENCH_PROSPECTS", 1_000_000),
            clients: env("BENCH_CLIENTS", 64),
            seconds: env("BENCH_SECONDS", 20) as u64,
            // What a deployment runs (TAM_DB_POOL_SIZE's default): measured 2026-12-05 at
            // 1,588 claims/s against 1,415 with a pool of 4, twice the cores (the commits
            // flush together).
            pool: env("BENCH_POOL", 10),
            // Enough identities that no client reuses one within the run.
            ids_per_client: env("BENCH_IDS", 2000),
            steady_agents: env("BENCH_STEADY_AGENTS", 1000),
            steady_period: Duration::from_secs(30),
            steady_seconds: env("BENCH_STEADY_SECONDS", 30) as u64,
        }
    }
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct Summary {
    pub claims_per_second: f64,
    pub p99_ms: f64,
    pub pgbench_tps: f64,
    pub steady_claims: usize,
    pub steady_p99_ms: f64,
}

fn agent_token(app: &TestApp, id: Uuid) -> String {
    app.token_for(&Subject {
        id,
        role: Role::Agent,
        site: Some(Site::Medan),
        team: None,
    })
}

pub async fn run(cfg: Config) -> Summary {
    let Config {
        prospects,
        clients,
        seconds,
        pool,
        ids_per_client,
        ..
    } = cfg.clone();
    let overrides: HashMap<String, String> = [
        ("TAM_DB_POOL_SIZE".to_owned(), pool.to_string()),
        ("TAM_HTTP_WORKERS".to_owned(), "2".to_owned()),
        ("TAM_LOG".to_owned(), "warn".to_owned()),
    ]
    .into();
    let app = TestApp::start_with_overrides(&[tam_prospect::service()], &overrides)
        .await
        .unwrap();
    // What reporting does in production: a queue bound to every event, so that the
    // claims' events are routed and leave the outbox (unroutable ones would stay and
    // be retried, a load production does not have).
    let prefix = &app.config.event_prefix;
    let broker = tam_events::topology::connect(&app.config.amqp_url, &format!("{prefix}.bench"))
        .await
        .unwrap();
    let channel = broker.create_channel().await.unwrap();
    tam_events::topology::Topology::new(prefix.as_str(), "reporting")
        .declare_queue(&channel, &["#".to_owned()], 5)
        .await
        .unwrap();
    let agents: Vec<Uuid> = (0..clients * ids_per_client)
        .map(|_| Uuid::now_v7())
        .collect();
    let steady_agents: Vec<Uuid> = (0..cfg.steady_agents).map(|_| Uuid::now_v7()).collect();
    let everyone: Vec<Uuid> = agents.iter().chain(&steady_agents).copied().collect();
    let t = Instant::now();
    seed(&app, prospects, &everyone).await;
    eprintln!(
        "seeded {prospects} prospects in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let tokens: Vec<Vec<String>> = agents
        .chunks(ids_per_client)
        .map(|chunk| chunk.iter().map(|id| agent_token(&app, *id)).collect())
        .collect();
    let url = format!(
        "{}/api/v1/prospect/next",
        app.url(ServiceName::Prospect).unwrap()
    );
    // What a claim costs the whole machine (service, PostgreSQL, RabbitMQ, the clients),
    // beside what pgbench's bare statement costs it.
    let busy = machine_busy();
    let service = drive(&url, tokens, seconds).await;
    let service_cpu = machine_busy().saturating_sub(busy);
    let busy = machine_busy();
    let (tps, pg_p99) = pgbench(app.database().url(), clients, seconds);
    let pgbench_cpu = machine_busy().saturating_sub(busy);
    // The steady load: each agent's claim is their first (a fresh claim, as above).
    let steady_tokens = steady_agents
        .iter()
        .map(|id| agent_token(&app, *id))
        .collect();
    let quiet = steady(&url, steady_tokens, cfg.steady_period, cfg.steady_seconds).await;
    app.stop().await.unwrap();

    let sizes = format!(
        "{prospects} prospects, pool {pool}, {} claims",
        service.claims
    );
    record(
        &Measurement::new(
            format!("next: claims/s, {clients} agents"),
            service.per_second,
            "claims/s",
            Goal::RatioAtLeast { ratio: 0.5 },
        )
        .against(
            format!("pgbench, the bare claim statement, {clients} clients"),
            tps,
        )
        .note(&sizes),
    );
    record(
        &Measurement::new(
            format!("next: p99, {clients} agents"),
            service.p99_ms,
            "ms",
            Goal::AtMost { value: 50.0 },
        )
        .note(format!("p50 {:.1} ms; {sizes}", service.p50_ms)),
    );
    record(&Measurement::new(
        format!("next: pgbench's own p99, {clients} clients"),
        pg_p99,
        "ms",
        Goal::None,
    ));
    let per_claim = |cpu: Duration, claims: f64| cpu.as_secs_f64() * 1e6 / claims.max(1.0);
    record(
        &Measurement::new(
            format!("next: machine CPU per claim, {clients} agents"),
            per_claim(service_cpu, service.claims as f64),
            "µs",
            Goal::None,
        )
        .against(
            format!("pgbench's machine CPU per bare claim, {clients} clients"),
            per_claim(pgbench_cpu, tps * seconds as f64),
        )
        .note(
            "busy time of every core over the run (/proc/stat) ÷ claims: HTTP, token, \
               transaction, outbox, relay, broker and clients for next; the statement \
               for pgbench",
        ),
    );
    let per_second = cfg.steady_agents as f64 / cfg.steady_period.as_secs_f64();
    record(
        &Measurement::new(
            format!(
                "next: p99 at {} agents each claiming every {} s",
                cfg.steady_agents,
                cfg.steady_period.as_secs()
            ),
            quiet.p99_ms,
            "ms",
            Goal::AtMost { value: 20.0 },
        )
        .note(format!(
            "{per_second:.0} claims/s offered, {} claims, p50 {:.1} ms",
            quiet.claims, quiet.p50_ms
        )),
    );
    Summary {
        claims_per_second: service.per_second,
        p99_ms: service.p99_ms,
        pgbench_tps: tps,
        steady_claims: quiet.claims,
        steady_p99_ms: quiet.p99_ms,
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
