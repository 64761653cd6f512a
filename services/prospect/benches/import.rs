//! DAPROS import benchmark, in one run against the local database and broker:
//!
//! 1. generates two DAPROS files of `BENCH_ROWS` rows (1,000,000) on disk: realistic
//!    names, mobile and landline numbers in their various written forms, alternative
//!    numbers, regions, notes with quoted `;`, a BOM and CRLF, and ~4% left-out rows (bad
//!    phone, empty name, spreadsheet-mangled IndiHome number, a duplicate in the file, a
//!    do-not-call number); the second file also repeats 1% of the first file's customers
//!    (duplicates of an earlier import);
//! 2. starts prospect alone in a child process (this binary re-run in serve mode: the
//!    service's code in release, nothing else in the process, as `tam serve prospect`
//!    runs it, production defaults for workers and pool);
//! 3. **first file**: imports the first file into a new work order through `POST
//!    /api/v1/prospect/work-orders/{id}/dapros` with a streaming body; its ceiling is a
//!    bare `COPY` of the same rows (the prospects the import wrote, exported) into a
//!    table of `prospects`' columns without indexes or constraints, in the same run;
//! 4. **second file**: tops the work order up to `BENCH_PREFILL` prospects (1,000,000;
//!    SQL rows of a pseudo import), vacuums, imports the second file into it, and
//!    compares it with a bare COPY of its rows the same way;
//! 5. reads the child's peak resident memory (`VmHWM` in `/proc/<pid>/status`).
//!
//! Each figure goes through `tam_testkit::bench::record` (goals: each import ≥ 50% of
//! its COPY's rows/s, peak ≤ 200 MB), with the import's phases (from its log line) in
//! the note. Informational figures beside them: the first file against a COPY into a
//! copy of `prospects` *with* its indexes, and the plain COPY of the CSV file itself.
//!
//! `cargo bench -p tam-prospect --bench import` (about three minutes); `BENCH_ROWS`,
//! `BENCH_PREFILL` make it smaller. The database server is `TAM_TEST_DATABASE_URL`, the
//! broker `TAM_TEST_AMQP_URL`, as in the tests. `tests/bench_smoke.rs` runs it with a few
//! hundred rows.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_db::testing::TestDatabase;
use tam_kernel::{Role, Site};
use tam_runtime::Config as ServiceConfig;
use tam_testkit::bench::{record, Goal, Measurement};
use tokio_postgres::NoTls;

const SERVE_DATABASE: &str = "BENCH_SERVE_DATABASE_URL";
const SERVE_KEYS: &str = "BENCH_SERVE_KEYS_DIR";
const SERVE_PREFIX: &str = "BENCH_SERVE_EVENT_PREFIX";
/// The line of the child's stdout that carries its URL.
const URL_LINE: &str = "BENCH_SERVE_URL ";
const CHUNK: usize = 64 * 1024;
const PEAK_GOAL_MB: f64 = 200.0;
const RATIO_GOAL: f64 = 0.5;
/// The second file's IndiHome numbers start here (the first file's start at 0).
const SECOND_FILE_OFFSET: u64 = 50_000_000;

#[derive(Debug, Clone)]
pub struct Config {
    /// Rows of each file.
    pub rows: u64,
    /// Prospects the work order holds when the second file arrives.
    pub prefill: u64,
    /// The COPY into a copy of `prospects` with its indexes (informational).
    pub indexed_ceiling: bool,
    /// Arguments that make this binary, re-run, serve prospect (a test's name when the
    /// binary is a test harness).
    pub child_args: Vec<String>,
}

impl Config {
    pub fn new(smoke: bool) -> Self {
        let knob = |name: &str, full: u64, small: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(if smoke { small } else { full })
        };
        Self {
            rows: knob("BENCH_ROWS", 1_000_000, 300),
            prefill: knob("BENCH_PREFILL", 1_000_000, 600),
            indexed_ceiling: !smoke,
            child_args: Vec::new(),
        }
    }
}

/// One import and its ceiling.
#[derive(Debug, Clone)]
pub struct Case {
    pub rows: u64,
    pub secs: f64,
    pub rows_per_sec: f64,
    pub copy_rows: u64,
    pub copy_rows_per_sec: f64,
    pub report: Value,
    /// The import's phases in seconds, from its log line.
    pub phases: Vec<(&'static str, f64)>,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub first: Case,
    pub second: Case,
    /// Prospects in the work order when the second file arrived.
    pub held: u64,
    pub peak_mb: f64,
    pub idle_mb: f64,
}

/// Whether this process was started as the bench's prospect child.
pub fn serving() -> bool {
    std::env::var(SERVE_DATABASE).is_ok()
}

fn main() {
    // `cargo bench` passes `--bench`; this binary has no harness and ignores it.
    if serving() {
        serve_blocking();
        return;
    }
    run_blocking(Config::new(tam_testkit::bench::smoke()));
}

/// Serve mode: prospect alone, until stdin closes.
pub fn serve_blocking() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(serve()).unwrap();
}

pub fn run_blocking(cfg: Config) -> Summary {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(cfg)).unwrap()
}

async fn serve() -> anyhow::Result<()> {
    let vars: HashMap<&str, String> = [
        ("TAM_DATABASE_URL", std::env::var(SERVE_DATABASE)?),
        ("TAM_JWT_KEYS_DIR", std::env::var(SERVE_KEYS)?),
        ("TAM_EVENT_PREFIX", std::env::var(SERVE_PREFIX)?),
        ("TAM_AMQP_URL", tam_testkit::test_amqp_url()),
        ("TAM_JWT_SIGNING_KID", tam_testkit::TEST_KID.to_owned()),
        ("TAM_PROSPECT_PORT", "0".to_owned()),
        ("TAM_PROSPECT_ADMIN_PORT", "0".to_owned()),
        // The import's own line (with its phase timings) and errors; not the relay's
        // warnings about events no queue is bound for.
        ("TAM_LOG", "error,tam_prospect=info".to_owned()),
    ]
    .into_iter()
    .collect();
    let config = ServiceConfig::from_lookup(|name| vars.get(name).cloned())?;
    tam_runtime::telemetry::init(&config.log_filter, config.log_format);
    let shutdown = tokio_util::sync::CancellationToken::new();
    let running = tam_runtime::start_all(
        Arc::new(config),
        Arc::new(tam_runtime::policy_of(&[tam_prospect::service()])?),
        &[tam_prospect::service()],
        &shutdown,
    )
    .await?;
    println!("{URL_LINE}{}", running[0].url());
    std::io::stdout().flush()?;
    tokio::task::spawn_blocking(|| {
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
    })
    .await?;
    shutdown.cancel();
    for service in running {
        service.stopped().await?;
    }
    Ok(())
}

pub async fn run(cfg: Config) -> anyhow::Result<Summary> {
    let db = TestDatabase::create(&[tam_prospect::MIGRATIONS]).await?;
    let config = tam_testkit::test_config(db.url(), &HashMap::new())?;
    let dir = std::env::temp_dir().join(format!("tam-import-bench-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    let result = run_in(&cfg, &db, &config, &dir).await;
    let _ = std::fs::remove_dir_all(&dir);
    let summary = result?;
    report(&cfg, &summary);
    Ok(summary)
}

async fn run_in(
    cfg: &Config,
    db: &TestDatabase,
    config: &ServiceConfig,
    dir: &Path,
) -> anyhow::Result<Summary> {
    let rows = cfg.rows;
    let first_file = dir.join("first.csv");
    let second_file = dir.join("second.csv");
    let started = Instant::now();
    let mut dnc = generate(&first_file, rows, 0)?;
    dnc.extend(generate(&second_file, rows, SECOND_FILE_OFFSET)?);
    eprintln!(
        "generated 2 × {rows} rows ({:.1} MB each) in {:.1} s",
        std::fs::metadata(&first_file)?.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let (client, connection) = tokio_postgres::connect(db.url(), NoTls).await?;
    tokio::spawn(connection);
    // The do-not-call numbers the files contain (every 500th row's).
    client
        .execute(
            "INSERT INTO prospect.dnc_numbers (id, number, reason, added_by) \
             SELECT gen_random_uuid(), n, 'bench', gen_random_uuid() \
             FROM (SELECT DISTINCT unnest($1::text[]) AS n) d",
            &[&dnc],
        )
        .await?;
    client.batch_execute("ANALYZE prospect.dnc_numbers").await?;
    let csv_copy = csv_copy_rate(&client, &first_file).await?;

    let prefix = format!("tam_bench_{}", uuid::Uuid::now_v7().simple());
    let mut child = Command::new(std::env::current_exe()?)
        .args(&cfg.child_args)
        .env(SERVE_DATABASE, db.url())
        .env(SERVE_KEYS, config.jwt_keys_dir.as_os_str())
        .env(SERVE_PREFIX, &prefix)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let result = through_service(cfg, &mut child, config, &client, dir, csv_copy).await;
    drop(child.stdin.take());
    let _ = child.wait();
    tam_testkit::remove_topology(&config.amqp_url, &prefix).await;
    result
}

/// The plain COPY of the first CSV file into a bare table of seven text columns (the
/// README's earlier ceiling), rows/s.
async fn csv_copy_rate(client: &tokio_postgres::Client, file: &Path) -> anyhow::Result<f64> {
    client
        .batch_execute(
            "CREATE TABLE public.bare_csv (no text, indihome_number text, customer_name text, \
             contact_number text, alt_contact_number text, region text, notes text)",
        )
        .await?;
    let started = Instant::now();
    let copied = copy_in(
        client,
        "COPY public.bare_csv FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')",
        file,
    )
    .await?;
    let secs = started.elapsed().as_secs_f64();
    client.batch_execute("DROP TABLE public.bare_csv").await?;
    eprintln!("plain COPY of the CSV file: {copied} rows in {secs:.2} s");
    Ok(copied as f64 / secs)
}

/// Streams `file` into `statement` (a `COPY … FROM STDIN`); the rows copied.
async fn copy_in(
    client: &tokio_postgres::Client,
    statement: &str,
    file: &Path,
) -> anyhow::Result<u64> {
    let sink = client.copy_in::<_, bytes::Bytes>(statement).await?;
    let mut sink = std::pin::pin!(sink);
    let mut input = std::fs::File::open(file)?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sink.send(bytes::Bytes::copy_from_slice(&buf[..n])).await?;
    }
    Ok(sink.finish().await?)
}

/// The ceiling of an import: its prospects exported (COPY text), then COPY'd into a new
/// table of `prospects`' columns (`LIKE`: types and NOT NULL; with `indexed`, its
/// indexes too), timed; rows/s and the rows.
async fn copy_ceiling(
    client: &tokio_postgres::Client,
    dir: &Path,
    import_id: &str,
    indexed: bool,
) -> anyhow::Result<(f64, u64)> {
    let export = dir.join("export.copy");
    {
        let stream = client
            .copy_out(&format!(
                "COPY (SELECT * FROM prospect.prospects WHERE import_id = '{import_id}' \
                 ORDER BY line) TO STDOUT"
            ))
            .await?;
        let mut stream = std::pin::pin!(stream);
        let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(&export)?);
        while let Some(chunk) = stream.next().await {
            out.write_all(&chunk?)?;
        }
        out.flush()?;
    }
    let like = if indexed {
        "LIKE prospect.prospects INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES"
    } else {
        "LIKE prospect.prospects"
    };
    client
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS public.bare_prospects; CREATE TABLE public.bare_prospects ({like})"
        ))
        .await?;
    let started = Instant::now();
    let copied = copy_in(client, "COPY public.bare_prospects FROM STDIN", &export).await?;
    let secs = started.elapsed().as_secs_f64();
    client
        .batch_execute("DROP TABLE public.bare_prospects")
        .await?;
    std::fs::remove_file(&export)?;
    eprintln!(
        "bare COPY of the same rows into prospects' shape{}: {copied} rows in {secs:.2} s",
        if indexed { " with its indexes" } else { "" }
    );
    Ok((copied as f64 / secs, copied))
}

async fn through_service(
    cfg: &Config,
    child: &mut Child,
    config: &ServiceConfig,
    client: &tokio_postgres::Client,
    dir: &Path,
    csv_copy: f64,
) -> anyhow::Result<Summary> {
    let (base, imported_lines) = child_url(child)?;
    let http = reqwest::Client::new();
    tam_testkit::wait_until("prospect is ready", Duration::from_secs(60), || {
        let request = http.get(format!("{base}/health/ready")).send();
        async move { request.await.ok()?.status().is_success().then_some(()) }
    })
    .await?;
    let token = |role, site| {
        tam_testkit::mint_token(
            config,
            &Subject {
                id: uuid::Uuid::now_v7(),
                role,
                site,
                team: None,
            },
        )
        .unwrap()
    };
    let work_order: Value = http
        .post(format!("{base}/api/v1/prospect/work-orders"))
        .bearer_auth(token(Role::Manager, None))
        .json(&json!({
            "wo_code": "WO-BENCH-1M",
            "program": "add_on_consumer",
            "site": "medan",
            "title": "Import bench",
            "valid_from": "2026-03-01",
            "valid_to": "2026-03-31",
            "offers": [{"product_code": "MINIPACK", "product_name": "IndiHome Minipack"}],
            "max_attempts": 3,
            "daily_quota_per_agent": 120,
            "retry_wait_minutes": {"no_answer": 60, "busy": 30, "unreachable": 120, "rejected": 1440},
        }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = work_order["id"].as_str().expect("id").to_owned();
    let pid = child.id();
    let idle_kb = status_kb(pid, "VmHWM")?;
    let supervisor = token(Role::SupervisorOps, Some(Site::Medan));
    let url = format!("{base}/api/v1/prospect/work-orders/{id}/dapros");

    // The first file of the work order.
    let (secs, report) = import(&http, &url, &supervisor, &dir.join("first.csv"), cfg.rows).await?;
    let phases = phases_of(&imported_lines);
    let import_id = report["id"].as_str().expect("id").to_owned();
    let (copy_rate, copy_rows) = copy_ceiling(client, dir, &import_id, false).await?;
    let first = Case {
        rows: cfg.rows,
        secs,
        rows_per_sec: cfg.rows as f64 / secs,
        copy_rows,
        copy_rows_per_sec: copy_rate,
        report,
        phases,
    };
    let indexed = if cfg.indexed_ceiling {
        Some(copy_ceiling(client, dir, &import_id, true).await?.0)
    } else {
        None
    };

    // Top the work order up to the pre-fill (rows of a pseudo import; IndiHome numbers
    // no file has), and let autovacuum's work be done, as for a work order loaded earlier.
    let held: i64 = client
        .query_one(
            "SELECT count(*) FROM prospect.prospects WHERE work_order_id = $1::text::uuid",
            &[&id],
        )
        .await?
        .get(0);
    let missing = i64::try_from(cfg.prefill)?.saturating_sub(held);
    if missing > 0 {
        client
            .execute(
                "INSERT INTO prospect.prospects (id, work_order_id, import_id, line, site, \
                 program, indihome_number, customer_name, contact_number, status, available_at) \
                 SELECT gen_random_uuid(), $1::text::uuid, gen_random_uuid(), g + 1, 'medan', \
                 'add_on_consumer', '9999' || lpad(g::text, 8, '0'), 'Prefill', \
                 '+62813' || lpad(((g * 7919) % 99999999)::text, 8, '0'), 'new', now() \
                 FROM generate_series(1, $2::bigint) g",
                &[&id, &missing],
            )
            .await?;
    }
    client
        .batch_execute("VACUUM (ANALYZE) prospect.prospects")
        .await?;
    let held = u64::try_from(held.max(i64::try_from(cfg.prefill)?))?;

    // The second file, into the work order holding `held` prospects.
    let (secs, report) =
        import(&http, &url, &supervisor, &dir.join("second.csv"), cfg.rows).await?;
    let phases = phases_of(&imported_lines);
    let import_id = report["id"].as_str().expect("id").to_owned();
    let (copy_rate, copy_rows) = copy_ceiling(client, dir, &import_id, false).await?;
    let second = Case {
        rows: cfg.rows,
        secs,
        rows_per_sec: cfg.rows as f64 / secs,
        copy_rows,
        copy_rows_per_sec: copy_rate,
        report,
        phases,
    };
    let peak_kb = status_kb(pid, "VmHWM")?;

    let summary = Summary {
        first,
        second,
        held,
        peak_mb: peak_kb as f64 / 1024.0,
        idle_mb: idle_kb as f64 / 1024.0,
    };
    if let Some(indexed) = indexed {
        record(
            &Measurement::new(
                "DAPROS import, first file: against a COPY into prospects' shape with its indexes",
                summary.first.rows_per_sec,
                "rows/s",
                Goal::None,
            )
            .against(
                "COPY of the same rows into a copy of prospects with its indexes",
                indexed,
            )
            .note("what any write of these rows into this table costs: its index maintenance"),
        );
    }
    record(
        &Measurement::new(
            "DAPROS import: plain COPY of the CSV file into 7 text columns",
            csv_copy,
            "rows/s",
            Goal::None,
        )
        .note("the README's earlier ceiling: no parsing, no prospect shape"),
    );
    Ok(summary)
}

/// The child's URL line; then its log lines go on to stderr, and the import's lines
/// (with the time of its phases) come back through the receiver.
fn child_url(child: &mut Child) -> anyhow::Result<(String, std::sync::mpsc::Receiver<String>)> {
    let stdout = child.stdout.take().expect("piped");
    let mut stdout = std::io::BufReader::new(stdout);
    let mut line = String::new();
    // A test harness prints its own lines first.
    let base = loop {
        line.clear();
        anyhow::ensure!(
            stdout.read_line(&mut line)? > 0,
            "the prospect child ended before it served"
        );
        if let Some(url) = line.trim().strip_prefix(URL_LINE) {
            break url.to_owned();
        }
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            eprintln!("prospect: {line}");
            if line.contains("DAPROS file imported") {
                let _ = tx.send(line);
            }
        }
    });
    Ok((base, rx))
}

/// Streams `file` to the import route; seconds to the report, and the report.
async fn import(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    file: &Path,
    rows: u64,
) -> anyhow::Result<(f64, Value)> {
    let body = futures::stream::unfold(std::fs::File::open(file)?, |mut f| async move {
        let mut buf = vec![0u8; CHUNK];
        match f.read(&mut buf) {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(buf), f))
            }
            Err(e) => Some((Err(e), f)),
        }
    });
    let started = Instant::now();
    let response = http
        .post(url)
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await?;
    let status = response.status();
    let report: Value = response.json().await?;
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(status == 201, "the import answered {status}: {report}");
    anyhow::ensure!(report["total"] == rows, "the report: {report}");
    eprintln!(
        "import: {rows} rows in {secs:.2} s: accepted {}, rejected {}, duplicates {}, dnc {}",
        report["accepted"], report["rejected"], report["duplicates"], report["dnc_excluded"]
    );
    Ok((secs, report))
}

/// The phases of the import's log line (`…_ms` fields), in seconds.
fn phases_of(lines: &std::sync::mpsc::Receiver<String>) -> Vec<(&'static str, f64)> {
    let line: Value = lines
        .recv_timeout(Duration::from_secs(10))
        .ok()
        .and_then(|l| serde_json::from_str(&l).ok())
        .unwrap_or(Value::Null);
    let fields = if line["fields"].is_object() {
        &line["fields"]
    } else {
        &line
    };
    [
        ("upload, parse, COPY into staging", "copy_ms"),
        ("bad rows, duplicates, DNC", "classify_ms"),
        ("insert into prospects", "insert_ms"),
        ("empty staging", "empty_ms"),
        ("report, event, commit", "commit_ms"),
    ]
    .into_iter()
    .map(|(name, key)| {
        let ms = fields[key]
            .as_str()
            .and_then(|v| v.parse::<f64>().ok())
            .or_else(|| fields[key].as_f64())
            .unwrap_or(f64::NAN);
        (name, ms / 1000.0)
    })
    .collect()
}

fn phase_note(case: &Case) -> String {
    let phases: Vec<String> = case
        .phases
        .iter()
        .map(|(name, secs)| format!("{name} {secs:.2} s"))
        .collect();
    format!(
        "{} rows in {:.2} s (accepted {}, rejected {}, duplicates {}, dnc {}); phases: {}",
        case.rows,
        case.secs,
        case.report["accepted"],
        case.report["rejected"],
        case.report["duplicates"],
        case.report["dnc_excluded"],
        phases.join(", ")
    )
}

fn report(cfg: &Config, s: &Summary) {
    record(
        &Measurement::new(
            "DAPROS import: first file of a work order",
            s.first.rows_per_sec,
            "rows/s",
            Goal::RatioAtLeast { ratio: RATIO_GOAL },
        )
        .against(
            "bare COPY of the same rows into prospects' columns, no indexes",
            s.first.copy_rows_per_sec,
        )
        .note(phase_note(&s.first)),
    );
    record(
        &Measurement::new(
            format!(
                "DAPROS import: second file, work order holding {} prospects",
                s.held
            ),
            s.second.rows_per_sec,
            "rows/s",
            Goal::RatioAtLeast { ratio: RATIO_GOAL },
        )
        .against(
            "bare COPY of the same rows into prospects' columns, no indexes",
            s.second.copy_rows_per_sec,
        )
        .note(phase_note(&s.second)),
    );
    record(
        &Measurement::new(
            "DAPROS import: service peak RSS (VmHWM)",
            s.peak_mb,
            "MB",
            Goal::AtMost {
                value: PEAK_GOAL_MB,
            },
        )
        .note(format!(
            "both imports of {} rows; {:.1} MB before the first",
            cfg.rows, s.idle_mb
        )),
    );
    println!();
    println!("| phase | first file s | second file s |");
    println!("|---|---|---|");
    for ((name, a), (_, b)) in s.first.phases.iter().zip(&s.second.phases) {
        println!("| {name} | {a:.2} | {b:.2} |");
    }
    println!(
        "| whole import (client's view) | {:.2} | {:.2} |",
        s.first.secs, s.second.secs
    );
}

/// A `kB` line of `/proc/<pid>/status`.
fn status_kb(pid: u32, key: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no {key} in /proc/{pid}/status"))
}

const FIRST: [&str; 16] = [
    "Budi", "Siti", "Agus", "Dewi", "Rina", "Eko", "Sri", "Andi", "Wahyu", "Fitri", "Hendra",
    "Nur", "Yusuf", "Ratna", "Joko", "Lestari",
];
const LAST: [&str; 12] = [
    "Santoso",
    "Wijaya",
    "Hasibuan",
    "Siregar",
    "Nasution",
    "Lubis",
    "Saragih",
    "Ginting",
    "Pratama",
    "Kurniawan",
    "Harahap",
    "Tarigan",
];
const REGIONS: [&str; 6] = [
    "Medan Kota",
    "Medan Baru",
    "Binjai",
    "Deli Serdang",
    "Tebing Tinggi",
    "Pematangsiantar",
];

/// Writes a file whose IndiHome numbers start at `offset`; the do-not-call numbers it
/// contains (E.164). A file with an offset (the second) repeats every 100th customer of
/// the first file (duplicates of an earlier import).
fn generate(path: &PathBuf, rows: u64, offset: u64) -> anyhow::Result<Vec<String>> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    out.write_all(
        "\u{FEFF}No;indihome_number;customer_name;contact_number;alt_contact_number;region;notes\r\n"
            .as_bytes(),
    )?;
    let mut dnc = Vec::new();
    for i in 0..rows {
        let indihome = if i % 250 == 17 && i > 0 {
            // A duplicate of the previous row's customer.
            format!("1221{:08}", offset + i - 1)
        } else if i % 100 == 29 {
            "1.22101E+11".to_owned()
        } else if offset > 0 && i % 100 == 41 {
            // A customer of the first file.
            format!("1221{i:08}")
        } else {
            format!("1221{:08}", offset + i)
        };
        let name = if i % 100 == 13 {
            String::new()
        } else {
            format!(
                "{} {}",
                FIRST[(i % 16) as usize],
                LAST[((i / 16) % 12) as usize]
            )
        };
        let n = 10_000_000 + ((i + offset) * 7_919) % 89_999_999;
        let (contact, e164) = match i % 10 {
            0..=3 => (format!("0812{n:08}"), format!("+62812{n:08}")),
            4 | 5 => (
                format!("0813-{:04}-{:04}", n / 10_000, n % 10_000),
                format!("+62813{n:08}"),
            ),
            6 => (format!("+62 852 {n:08}"), format!("+62852{n:08}")),
            7 => (format!("62821{n:08}"), format!("+62821{n:08}")),
            8 => (
                format!("(061) {}", 4_000_000 + n % 1_000_000),
                format!("+6261{}", 4_000_000 + n % 1_000_000),
            ),
            _ => (
                format!("021-{}", 50_000_000 + n % 10_000_000),
                format!("+6221{}", 50_000_000 + n % 10_000_000),
            ),
        };
        let contact = if i % 100 == 7 {
            format!("0812-ABC-{}", n % 1000)
        } else {
            if i % 500 == 3 {
                dnc.push(e164);
            }
            contact
        };
        let alt = if i % 3 == 0 {
            format!("0811{:08}", (n * 3) % 100_000_000)
        } else {
            String::new()
        };
        let notes = match i % 20 {
            0 => "\"telepon setelah jam 10; tanya Bapak\"",
            5 => "pelanggan lama",
            _ => "",
        };
        write!(
            out,
            "{i};{indihome};{name};{contact};{alt};{};{notes}\r\n",
            REGIONS[(i % 6) as usize]
        )?;
    }
    out.flush()?;
    Ok(dnc)
}
