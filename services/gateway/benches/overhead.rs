//! What the gateway costs on the real route: `GET /api/v1/auth/me` (hr: token check and
//! a database read) straight to hr, and the same request through the gateway, in one run
//! on this machine.
//!
//! hr and the gateway each run alone in a child process (this binary re-run in serve
//! mode: the service's code in release under the runtime, as `tam serve` runs it, with
//! `BENCH_WORKERS` HTTP workers), so that each one's CPU time is its own: the sum of
//! its threads' time on a CPU (`/proc/<pid>/task/*/schedstat`), read before and after
//! each run. Keep-alive clients (reqwest, in this process) send a fixed number of
//! requests each; each round measures both paths, the median round is reported.
//!
//! Figures (`tam_testkit::bench::record`): requests/s through the gateway against hr
//! direct (goal ≥ 85%: the gateway costs < 15% of the service's throughput), the p99
//! the gateway adds (goal ≤ 2 ms), with many clients and with one; and the CPU the
//! gateway spends per proxied request beside hr's own per request, in µs (in a
//! deployment the gateway runs in its own pods: this is what it costs there).
//!
//! `cargo bench -p tam-gateway --bench overhead`. Environment: `BENCH_CLIENTS` (32),
//! `BENCH_REQUESTS` per client (500; one client sends 2000), `BENCH_ROUNDS` (3),
//! `BENCH_WORKERS` per server (1). `TAM_BENCH_SMOKE=1`: 4 clients, a few hundred
//! requests, one round. Profiling: `BENCH_GATEWAY_WRAPPER="valgrind --tool=callgrind
//! --callgrind-out-file=/tmp/gw.%p"` runs the gateway's process under that command.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead as _, Read as _, Write as _};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tam_auth::Subject;
use tam_db::testing::TestDatabase;
use tam_kernel::Role;
use tam_runtime::ServiceName;
use tam_testkit::bench::{record, Goal, Measurement};

/// Set in a child: which service it serves (`hr` or `gateway`).
pub const SERVE: &str = "BENCH_GATEWAY_SERVE";
const SERVE_DATABASE: &str = "BENCH_GATEWAY_SERVE_DATABASE_URL";
const SERVE_KEYS: &str = "BENCH_GATEWAY_SERVE_KEYS_DIR";
const SERVE_PREFIX: &str = "BENCH_GATEWAY_SERVE_EVENT_PREFIX";
const SERVE_HR_URL: &str = "BENCH_GATEWAY_SERVE_HR_URL";
const SERVE_WORKERS: &str = "BENCH_GATEWAY_SERVE_WORKERS";
/// A child's line naming its URL (a test harness may print before it).
const URL_LINE: &str = "BENCH_SERVE_URL ";
const ME: &str = "/api/v1/auth/me";

#[derive(Debug, Clone)]
pub struct Config {
    pub clients: usize,
    /// Per client, with `clients` clients.
    pub requests: usize,
    /// With one client.
    pub single_requests: usize,
    pub rounds: usize,
    pub workers: usize,
    /// The arguments a child is run with (a test binary: the smoke test's name).
    pub child_args: Vec<String>,
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Config {
    pub fn new(smoke: bool) -> Self {
        if smoke {
            return Self {
                clients: 4,
                requests: 50,
                single_requests: 100,
                rounds: 1,
                workers: 1,
                child_args: Vec::new(),
            };
        }
        let requests = env("BENCH_REQUESTS", 500);
        Self {
            clients: env("BENCH_CLIENTS", 32),
            requests,
            single_requests: requests.max(2000),
            rounds: env("BENCH_ROUNDS", 3).max(1),
            workers: env("BENCH_WORKERS", 1),
            child_args: Vec::new(),
        }
    }
}

/// One path's run: its rate, its latency, and the CPU each process spent per request.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// hr's CPU per request, µs.
    pub hr_cpu_us: f64,
    /// The gateway's CPU per request, µs (0 on the direct path: it is idle).
    pub gateway_cpu_us: f64,
}

/// Both paths with the same clients.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub clients: usize,
    pub requests: usize,
    pub direct: Stats,
    pub gateway: Stats,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub loaded: Case,
    pub single: Case,
}

fn main() {
    // `cargo bench` passes `--bench`; this binary has no harness and ignores it.
    if let Ok(which) = std::env::var(SERVE) {
        serve(&which);
        return;
    }
    let cfg = Config::new(tam_testkit::bench::smoke());
    let summary = run(&cfg);
    report(&cfg, &summary);
}

/// Serve mode: one service alone, until stdin closes. Its URL goes to stdout.
pub fn serve(which: &str) {
    let service = match which {
        "hr" => tam_hr::service(),
        "gateway" => tam_gateway::service(),
        other => panic!("{SERVE}={other}: hr or gateway"),
    };
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let unlimited = "100000000".to_owned();
    let mut vars: HashMap<String, String> = [
        ("TAM_DATABASE_URL", var(SERVE_DATABASE)),
        ("TAM_JWT_KEYS_DIR", var(SERVE_KEYS)),
        ("TAM_EVENT_PREFIX", var(SERVE_PREFIX)),
        ("TAM_AMQP_URL", tam_testkit::test_amqp_url()),
        ("TAM_JWT_SIGNING_KID", tam_testkit::TEST_KID.to_owned()),
        ("TAM_HTTP_WORKERS", var(SERVE_WORKERS)),
        ("TAM_DB_POOL_SIZE", "8".to_owned()),
        // Every client here is 127.0.0.1: the per-address limits are checked, never hit.
        ("TAM_RATE_LIMIT_PER_SECOND", unlimited.clone()),
        ("TAM_RATE_LIMIT_BURST", unlimited),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for name in ServiceName::ALL {
        vars.insert(name.port_variable(), "0".into());
        vars.insert(name.admin_port_variable(), "0".into());
    }
    vars.insert(ServiceName::Hr.url_variable(), var(SERVE_HR_URL));
    let config = tam_runtime::Config::from_variables(vars).unwrap();
    tam_runtime::telemetry::init(&config.log_filter, config.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let policy = tam_runtime::policy_of(&[tam_hr::service(), tam_gateway::service()]).unwrap();
        let shutdown = tokio_util::sync::CancellationToken::new();
        let running = tam_runtime::start_all(
            Arc::new(config),
            Arc::new(policy),
            std::slice::from_ref(&service),
            &shutdown,
        )
        .await
        .unwrap();
        println!("{URL_LINE}{}", running[0].url());
        std::io::stdout().flush().unwrap();
        tokio::task::spawn_blocking(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
        })
        .await
        .unwrap();
        shutdown.cancel();
        for service in running {
            let _ = service.stopped().await;
        }
    });
}

/// A service in its own process, stopped (its stdin closed) when dropped.
struct Served {
    child: Child,
    url: String,
}

impl Served {
    fn start(cfg: &Config, which: &str, env: &[(&str, String)]) -> Self {
        let exe = std::env::current_exe().unwrap();
        let wrapper = match which {
            "gateway" => std::env::var("BENCH_GATEWAY_WRAPPER").unwrap_or_default(),
            _ => String::new(),
        };
        let mut words = wrapper.split_whitespace();
        let mut command = match words.next() {
            Some(program) => {
                let mut command = Command::new(program);
                command.args(words).arg(exe);
                command
            }
            None => Command::new(exe),
        };
        let mut child = command
            .args(&cfg.child_args)
            .env(SERVE, which)
            .env(SERVE_WORKERS, cfg.workers.to_string())
            .envs(env.iter().map(|(k, v)| (*k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        // Read on until the child ends, so that it never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Some(url) = line.strip_prefix(URL_LINE) {
                    let _ = tx.send(url.to_owned());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|e| panic!("{which} did not start: {e}"));
        Self { child, url }
    }

    /// The process's CPU time so far: every thread's time on a CPU.
    fn cpu(&self) -> Duration {
        let tasks = format!("/proc/{}/task", self.child.id());
        let mut nanos = 0u64;
        for task in std::fs::read_dir(tasks).unwrap().flatten() {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            nanos += stat
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
        }
        Duration::from_nanos(nanos)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// `clients` keep-alive clients, `requests` each, against `url`: the rate and latency.
async fn drive(url: &str, bearer: &str, clients: usize, requests: usize) -> (f64, f64, f64) {
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
                    assert_eq!(response.status(), 200, "{url}");
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
    (
        all.len() as f64 / wall.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
    )
}

/// One path's run, with each process's CPU per request.
async fn measure(
    url: &str,
    bearer: &str,
    clients: usize,
    requests: usize,
    hr: &Served,
    gateway: &Served,
) -> Stats {
    let (hr0, gw0) = (hr.cpu(), gateway.cpu());
    let (rps, p50_ms, p99_ms) = drive(url, bearer, clients, requests).await;
    let n = (clients * requests) as f64;
    let per_request = |d: Duration| d.as_secs_f64() * 1e6 / n;
    Stats {
        rps,
        p50_ms,
        p99_ms,
        hr_cpu_us: per_request(hr.cpu().saturating_sub(hr0)),
        gateway_cpu_us: per_request(gateway.cpu().saturating_sub(gw0)),
    }
}

fn median(mut rounds: Vec<Stats>) -> Stats {
    rounds.sort_by(|a, b| a.rps.total_cmp(&b.rps));
    rounds[rounds.len() / 2]
}

/// Starts hr and the gateway in their own processes against a fresh database and
/// measures both paths.
pub fn run(cfg: &Config) -> Summary {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let db = TestDatabase::create(&[tam_hr::MIGRATIONS]).await.unwrap();
        let config = tam_testkit::test_config(db.url(), &HashMap::new()).unwrap();
        let common = [
            (SERVE_DATABASE, db.url().to_owned()),
            (SERVE_KEYS, config.jwt_keys_dir.display().to_string()),
            (SERVE_PREFIX, config.event_prefix.clone()),
        ];
        let hr = Served::start(cfg, "hr", &common);
        let mut with_hr = common.to_vec();
        with_hr.push((SERVE_HR_URL, hr.url.clone()));
        let gateway = Served::start(cfg, "gateway", &with_hr);
        let http = reqwest::Client::new();
        for base in [&hr.url, &gateway.url] {
            tam_testkit::wait_until("ready", Duration::from_secs(120), || {
                let request = http.get(format!("{base}/health/ready")).send();
                async move { request.await.ok()?.status().is_success().then_some(()) }
            })
            .await
            .unwrap();
        }

        let pool = tam_db::connect_pool(
            db.url(),
            tam_hr::MIGRATIONS.schema,
            tam_db::PoolSettings::default(),
        )
        .unwrap();
        let id = tam_hr::create_admin(&pool, "bench.admin", "bench-password-2026")
            .await
            .unwrap();
        drop(pool);
        let subject = Subject {
            id,
            role: Role::Admin,
            site: None,
            team: None,
        };
        let bearer = format!(
            "Bearer {}",
            tam_testkit::mint_token(&config, &subject).unwrap()
        );
        let direct = format!("{}{ME}", hr.url);
        let through = format!("{}{ME}", gateway.url);

        // Warm up both paths (connections, pools, the verifiers' caches).
        drive(&direct, &bearer, cfg.clients, 50).await;
        drive(&through, &bearer, cfg.clients, 50).await;

        let mut cases = Vec::new();
        for (clients, requests) in [(cfg.clients, cfg.requests), (1, cfg.single_requests)] {
            let (mut d, mut g) = (Vec::new(), Vec::new());
            for _ in 0..cfg.rounds {
                d.push(measure(&direct, &bearer, clients, requests, &hr, &gateway).await);
                g.push(measure(&through, &bearer, clients, requests, &hr, &gateway).await);
            }
            cases.push(Case {
                clients,
                requests: clients * requests,
                direct: median(d),
                gateway: median(g),
            });
        }
        drop(gateway);
        drop(hr);
        tam_testkit::remove_topology(&config.amqp_url, &config.event_prefix).await;
        Summary {
            loaded: cases[0],
            single: cases[1],
        }
    })
}

/// The table, and each figure through `tam_testkit::bench::record`.
pub fn report(cfg: &Config, summary: &Summary) {
    println!();
    println!(
        "gateway overhead, GET {ME}: {} HTTP worker(s) per server, median of {} round(s)",
        cfg.workers, cfg.rounds
    );
    println!(
        "| clients | requests | direct r/s | p50 / p99 ms | gateway r/s | p50 / p99 ms | cost | +p99 ms | hr CPU µs/req (direct / via gw) | gateway CPU µs/req |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for case in [&summary.loaded, &summary.single] {
        let (d, g) = (case.direct, case.gateway);
        println!(
            "| {} | {} | {:.0} | {:.2} / {:.2} | {:.0} | {:.2} / {:.2} | {:.1}% | {:+.2} | {:.1} / {:.1} | {:.1} |",
            case.clients,
            case.requests,
            d.rps,
            d.p50_ms,
            d.p99_ms,
            g.rps,
            g.p50_ms,
            g.p99_ms,
            (1.0 - g.rps / d.rps) * 100.0,
            g.p99_ms - d.p99_ms,
            d.hr_cpu_us,
            g.hr_cpu_us,
            g.gateway_cpu_us,
        );
    }
    let sizes = format!(
        "{} worker(s) per server, median of {} round(s)",
        cfg.workers, cfg.rounds
    );
    let loaded = &summary.loaded;
    let n = loaded.clients;
    record(
        &Measurement::new(
            format!("gateway: GET {ME} through the gateway, {n} clients"),
            loaded.gateway.rps,
            "requests/s",
            Goal::RatioAtLeast { ratio: 0.85 },
        )
        .against(format!("hr direct, {n} clients"), loaded.direct.rps)
        .note(format!("{} requests; {sizes}", loaded.requests)),
    );
    record(
        &Measurement::new(
            format!("gateway: p99 added, {n} clients"),
            loaded.gateway.p99_ms - loaded.direct.p99_ms,
            "ms",
            Goal::AtMost { value: 2.0 },
        )
        .note(format!(
            "p99 {:.2} ms through the gateway, {:.2} ms direct",
            loaded.gateway.p99_ms, loaded.direct.p99_ms
        )),
    );
    let single = &summary.single;
    record(
        &Measurement::new(
            "gateway: p99 added, 1 client",
            single.gateway.p99_ms - single.direct.p99_ms,
            "ms",
            Goal::AtMost { value: 2.0 },
        )
        .note(format!(
            "p50 {:.3} / p99 {:.3} ms through the gateway, {:.3} / {:.3} ms direct",
            single.gateway.p50_ms,
            single.gateway.p99_ms,
            single.direct.p50_ms,
            single.direct.p99_ms
        )),
    );
    record(
        &Measurement::new(
            format!("gateway: GET {ME} through the gateway, 1 client"),
            single.gateway.rps,
            "requests/s",
            Goal::None,
        )
        .against("hr direct, 1 client", single.direct.rps)
        .note("one request at a time: the extra hop's latency, not CPU, sets this rate"),
    );
    record(
        &Measurement::new(
            format!("gateway: CPU per proxied request, {n} clients"),
            loaded.gateway.gateway_cpu_us,
            "µs",
            Goal::None,
        )
        .against(
            format!("hr's CPU per request of GET {ME}, direct"),
            loaded.direct.hr_cpu_us,
        )
        .note(format!(
            "the gateway's process (all threads), per request; hr spent {:.1} µs per request behind the gateway",
            loaded.gateway.hr_cpu_us
        )),
    );
}
