//! DAPROS import benchmark, in one run against the local database and broker:
//!
//! 1. generates a DAPROS file of `BENCH_ROWS` rows (1,000,000) on disk: realistic names,
//!    mobile and landline numbers in their various written forms, alternative numbers,
//!    regions, notes with quoted `;`, a BOM and CRLF, and ~4% left-out rows (bad phone,
//!    empty name, spreadsheet-mangled IndiHome number, a duplicate in the file, a
//!    do-not-call number);
//! 2. the baseline: a plain `COPY … FROM STDIN (FORMAT csv)` of the same file into a
//!    bare table without constraints or indexes (tokio-postgres, streamed);
//! 3. starts prospect alone in a child process (this bench binary re-run in serve mode:
//!    the service's code in release, nothing else in the process, as `tam serve
//!    prospect` runs it, production defaults for workers and pool), imports the file
//!    through `POST /api/v1/prospect/work-orders/{id}/dapros` with a streaming body, and
//!    reads the child's peak resident memory (`VmHWM` in `/proc/<pid>/status`);
//! 4. prints a table: rows/s of both, the ratio (goal ≥ 50%), the peak (goal < 200 MB).
//!
//! `cargo bench -p tam-prospect --bench import` (a few minutes). The database server is
//! `TAM_TEST_DATABASE_URL`, the broker `TAM_TEST_AMQP_URL`, as in the tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::SinkExt;
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_db::testing::TestDatabase;
use tam_kernel::{Role, Site};
use tam_runtime::Config;
use tokio_postgres::NoTls;

const SERVE_DATABASE: &str = "BENCH_SERVE_DATABASE_URL";
const SERVE_KEYS: &str = "BENCH_SERVE_KEYS_DIR";
const SERVE_PREFIX: &str = "BENCH_SERVE_EVENT_PREFIX";
const CHUNK: usize = 64 * 1024;

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; this binary has no harness and ignores it.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    if std::env::var(SERVE_DATABASE).is_ok() {
        return runtime.block_on(serve());
    }
    runtime.block_on(bench())
}

/// Serve mode: prospect alone, until stdin closes.
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
    let config = Config::from_lookup(|name| vars.get(name).cloned())?;
    tam_runtime::telemetry::init(&config.log_filter, config.log_format);
    let shutdown = tokio_util::sync::CancellationToken::new();
    let running = tam_runtime::start_all(
        Arc::new(config),
        Arc::new(tam_runtime::policy_of(&[tam_prospect::service()])?),
        &[tam_prospect::service()],
        &shutdown,
    )
    .await?;
    println!("{}", running[0].url());
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

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn bench() -> anyhow::Result<()> {
    let rows = env("BENCH_ROWS", 1_000_000);
    let db = TestDatabase::create(&[tam_prospect::MIGRATIONS]).await?;
    let config = tam_testkit::test_config(db.url(), &HashMap::new())?;
    let dir = std::env::temp_dir().join(format!("tam-import-bench-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("dapros.csv");

    let started = Instant::now();
    let dnc = generate(&file, rows)?;
    let size = std::fs::metadata(&file)?.len();
    eprintln!(
        "generated {rows} rows ({:.1} MB) in {:.1} s",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let (client, connection) = tokio_postgres::connect(db.url(), NoTls).await?;
    tokio::spawn(connection);
    // The do-not-call numbers the file contains (every 500th row's).
    client
        .execute(
            "INSERT INTO prospect.dnc_numbers (id, number, reason, added_by) \
             SELECT gen_random_uuid(), n, 'bench', gen_random_uuid() FROM unnest($1::text[]) n",
            &[&dnc],
        )
        .await?;

    // 2. The baseline.
    client
        .batch_execute(
            "CREATE TABLE public.bare_copy (no text, indihome_number text, customer_name text, \
             contact_number text, alt_contact_number text, region text, notes text)",
        )
        .await?;
    let started = Instant::now();
    let sink = client
        .copy_in::<_, bytes::Bytes>(
            "COPY public.bare_copy FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')",
        )
        .await?;
    let mut sink = std::pin::pin!(sink);
    let mut input = std::fs::File::open(&file)?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sink.send(bytes::Bytes::copy_from_slice(&buf[..n])).await?;
    }
    let copied = sink.finish().await?;
    let copy_secs = started.elapsed().as_secs_f64();
    client.batch_execute("DROP TABLE public.bare_copy").await?;
    eprintln!("plain COPY: {copied} rows in {copy_secs:.2} s");

    // 3. The service in its own process.
    let prefix = format!("tam_bench_{}", uuid::Uuid::now_v7().simple());
    let mut child = Command::new(std::env::current_exe()?)
        .env(SERVE_DATABASE, db.url())
        .env(SERVE_KEYS, config.jwt_keys_dir.as_os_str())
        .env(SERVE_PREFIX, &prefix)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let result = import_through_service(&mut child, &config, &file, rows).await;
    drop(child.stdin.take());
    let _ = child.wait();
    tam_testkit::remove_topology(&config.amqp_url, &prefix).await;
    std::fs::remove_dir_all(&dir)?;
    let run = result?;

    // 4. The table.
    let copy_rate = rows as f64 / copy_secs;
    let import_rate = rows as f64 / run.secs;
    println!();
    println!("| measure | figure |");
    println!("|---|---|");
    println!(
        "| file | {rows} rows, {:.1} MB (`;`, BOM, CRLF) |",
        size as f64 / 1e6
    );
    println!(
        "| plain COPY into a bare table (csv, no indexes) | {copy_secs:.2} s, {copy_rate:.0} rows/s |"
    );
    println!(
        "| import through the API (streamed body → COPY → prospects) | {:.2} s, {import_rate:.0} rows/s |",
        run.secs
    );
    println!(
        "| of which: upload, parse, COPY into the staging table | {:.2} s, {:.0} rows/s |",
        run.copy_secs,
        rows as f64 / run.copy_secs
    );
    println!(
        "| of which: filing into prospects (its seven indexes) and rejections | {:.2} s |",
        run.settle_secs
    );
    println!(
        "| import ÷ COPY (goal ≥ 50%) | {:.0}% — {} |",
        100.0 * import_rate / copy_rate,
        if import_rate * 2.0 >= copy_rate {
            "met"
        } else {
            "missed"
        }
    );
    println!(
        "| service peak RSS, VmHWM (goal < 200 MB) | {:.1} MB (idle before the import {:.1} MB) — {} |",
        run.peak_kb as f64 / 1024.0,
        run.idle_kb as f64 / 1024.0,
        if run.peak_kb < 200 * 1024 { "met" } else { "missed" }
    );
    println!(
        "| report | total {}, accepted {}, rejected {}, duplicates {}, dnc_excluded {} |",
        run.report["total"],
        run.report["accepted"],
        run.report["rejected"],
        run.report["duplicates"],
        run.report["dnc_excluded"]
    );
    println!(
        "{}",
        json!({
            "rows": rows,
            "copy_rows_per_sec": copy_rate.round(),
            "import_rows_per_sec": import_rate.round(),
            "ratio": import_rate / copy_rate,
            "peak_rss_mb": run.peak_kb as f64 / 1024.0,
            "copy_phase_secs": run.copy_secs,
            "settle_phase_secs": run.settle_secs,
        })
    );
    Ok(())
}

struct Run {
    secs: f64,
    peak_kb: u64,
    idle_kb: u64,
    report: Value,
    /// Upload, parse and COPY into the staging table.
    copy_secs: f64,
    /// Filing the staged rows into prospects and rejections (SQL).
    settle_secs: f64,
}

async fn import_through_service(
    child: &mut Child,
    config: &Config,
    file: &Path,
    rows: u64,
) -> anyhow::Result<Run> {
    let mut line = String::new();
    let imported_lines;
    {
        use std::io::BufRead;
        let stdout = child.stdout.take().expect("piped");
        let mut stdout = std::io::BufReader::new(stdout);
        stdout.read_line(&mut line)?;
        // The service's own log lines go on to stderr; the import's (with the time of
        // its phases) comes back here too.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                eprintln!("prospect: {line}");
                if line.contains("DAPROS file imported") {
                    let _ = tx.send(line);
                }
            }
        });
        imported_lines = rx;
    }
    let base = line.trim().to_owned();
    anyhow::ensure!(base.starts_with("http://"), "the service said {base:?}");
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
        .post(format!("{base}/api/v1/prospect/work-orders/{id}/dapros"))
        .bearer_auth(token(Role::SupervisorOps, Some(Site::Medan)))
        .header("content-type", "text/csv")
        .body(reqwest::Body::wrap_stream(body))
        .send()
        .await?;
    let status = response.status();
    let report: Value = response.json().await?;
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(status == 201, "the import answered {status}: {report}");
    anyhow::ensure!(report["total"] == rows, "the report: {report}");
    let peak_kb = status_kb(pid, "VmHWM")?;
    eprintln!("import: {secs:.2} s, peak {peak_kb} kB");
    // The import's log line: `copy_ms` (upload, parse, COPY into staging), `settle_ms`
    // (the SQL that files the rows into prospects and rejections).
    let phases: Value = imported_lines
        .recv_timeout(Duration::from_secs(5))
        .ok()
        .and_then(|l| serde_json::from_str(&l).ok())
        .unwrap_or(Value::Null);
    let ms = |key: &str| {
        phases[key]
            .as_str()
            .and_then(|v| v.parse::<f64>().ok())
            .or_else(|| phases[key].as_f64())
            .map_or(f64::NAN, |v| v / 1000.0)
    };
    Ok(Run {
        secs,
        peak_kb,
        idle_kb,
        report,
        copy_secs: ms("copy_ms"),
        settle_secs: ms("settle_ms"),
    })
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

/// Writes the file; the do-not-call numbers it contains (E.164).
fn generate(path: &PathBuf, rows: u64) -> anyhow::Result<Vec<String>> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    out.write_all(
        "\u{FEFF}No;indihome_number;customer_name;contact_number;alt_contact_number;region;notes\r\n"
            .as_bytes(),
    )?;
    let mut dnc = Vec::new();
    for i in 0..rows {
        let indihome = if i % 250 == 17 && i > 0 {
            // A duplicate of the previous row's customer.
            format!("1221{:08}", i - 1)
        } else if i % 100 == 29 {
            "1.22101E+11".to_owned()
        } else {
            format!("1221{i:08}")
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
        let n = 10_000_000 + (i * 7_919) % 89_999_999;
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
