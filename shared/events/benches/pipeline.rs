//! Event bus benchmark against the local broker and database, in one run:
//!
//! 1. raw lapin publish-with-confirms throughput to a durable quorum queue (the ceiling);
//! 2. pipeline throughput, outbox commit to consumer commit, for a pre-committed backlog
//!    (a few consumer prefetch values) and with the producer committing continuously;
//! 3. end-to-end latency at a steady 1,000 events/s;
//! 4. the goal check: pipeline >= 50% of raw, p99 at 1,000/s < 50 ms in each of three
//!    runs, the continuous case >= 50% of pgbench running the same writers' statements.
//!
//! Each figure goes through `tam_testkit::bench::record` (the table of `scripts/bench.sh`).
//! The consumer's handler is batch-aware (one statement for the deliveries applied
//! together), as a service's should be on a hot path (`Subscriptions::on_batch`).
//!
//! `cargo bench -p tam-events --bench pipeline`. Knobs (environment): `BENCH_EVENTS`
//! (20000), `BENCH_PREFETCH` (comma list, "16,64,256"), `BENCH_POOL` (16),
//! `BENCH_RATE` (1000), `BENCH_LATENCY_SECS` (10), `BENCH_LATENCY_RUNS` (3),
//! `BENCH_RAW_WINDOW` (1000), `BENCH_PGBENCH_SECS` (10), `BENCH_MARKS` (set: a
//! `[mark <unix time>] <part> start|end` line on stderr at the edges of each timed part,
//! for a CPU sampler to cut by); `TAM_BENCH_SMOKE=1`: a few hundred events, one round of
//! each. The broker is `TAM_TEST_AMQP_URL`, the database
//! server `TAM_TEST_DATABASE_URL`, as in the tests; `pgbench` must be on the `PATH`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use diesel::sql_types::{Array, BigInt, Bool, Double, Integer, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use lapin::options::{
    BasicPublishOptions, ConfirmSelectOptions, QueueDeclareOptions, QueuePurgeOptions,
};
use lapin::publisher_confirm::Confirmation;
use lapin::types::{FieldTable, ShortString};
use lapin::BasicProperties;
use prometheus::core::Collector;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tam_db::testing::TestDatabase;
use tam_db::{connect_pool, DbPool, PoolSettings, SchemaMigrations};
use tam_events::topology::{self, Topology};
use tam_events::{
    Bus, BusHealth, BusMetrics, BusSettings, ConsumerSettings, Envelope, Event, EventContext,
    EventHandler, HandlerError, Producer, RelaySettings, SenderPolicy,
};
use tam_kernel::Site;
use tam_testkit::bench::{record, Goal, Measurement};
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const TEST_TABLES: EmbeddedMigrations = embed_migrations!("tests/migrations");
const BENCH_TABLES: EmbeddedMigrations = embed_migrations!("benches/migrations");
static SOURCES: &[EmbeddedMigrations] = &[tam_events::MIGRATIONS, TEST_TABLES, BENCH_TABLES];
const PRODUCER: SchemaMigrations = SchemaMigrations {
    schema: "producer",
    sources: SOURCES,
};
const CONSUMER: SchemaMigrations = SchemaMigrations {
    schema: "consumer",
    sources: SOURCES,
};
const WAIT: Duration = Duration::from_secs(120);
/// Pads the payload so that an envelope is about the size of a real one (~300 bytes).
const PAD: &str = "lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmo";

#[derive(Debug, Clone)]
pub struct Config {
    events: usize,
    prefetch: Vec<u16>,
    pool: usize,
    rate: u64,
    latency_secs: u64,
    latency_runs: usize,
    warm_up: usize,
    raw_window: usize,
    raw_rounds: usize,
    pgbench_secs: u64,
    smoke: bool,
    amqp_url: String,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Config {
    /// The bench's sizes, or a smoke run's (a few hundred events: the figures mean
    /// nothing, the run shows the bench still works end to end).
    pub fn new(smoke: bool) -> Self {
        fn pick<T>(smoke: bool, full: T, small: T) -> T {
            if smoke {
                small
            } else {
                full
            }
        }
        let prefetch = std::env::var("BENCH_PREFETCH")
            .unwrap_or_else(|_| pick(smoke, "16,64,256", "64").into())
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        Self {
            events: env_or("BENCH_EVENTS", pick(smoke, 20_000, 300)),
            prefetch,
            pool: env_or("BENCH_POOL", 16),
            rate: env_or("BENCH_RATE", pick(smoke, 1_000, 200)),
            latency_secs: env_or("BENCH_LATENCY_SECS", pick(smoke, 10, 1)),
            latency_runs: env_or("BENCH_LATENCY_RUNS", pick(smoke, 3, 1)),
            warm_up: pick(smoke, 500, 50),
            raw_window: env_or("BENCH_RAW_WINDOW", pick(smoke, 1_000, 100)),
            raw_rounds: pick(smoke, 3, 1),
            pgbench_secs: env_or("BENCH_PGBENCH_SECS", pick(smoke, 10, 1)),
            smoke,
            amqp_url: std::env::var("TAM_TEST_AMQP_URL")
                .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into()),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct Noted {
    n: i32,
    /// Latency probes also record when they were applied.
    #[serde(default)]
    probe: bool,
    note: String,
}

impl Event for Noted {
    const TYPE: &'static str = "producer.note.added";
    const VERSION: u16 = 1;
}

fn noted(n: i32, probe: bool) -> Noted {
    Noted {
        n,
        probe,
        note: PAD.into(),
    }
}

/// The producing service of the bench, and what its events say.
const SERVICE: Producer = Producer("producer");
const SITE: Site = Site::Medan;
const REQUEST: &str = "bench-request";

fn context() -> EventContext {
    SERVICE.context(SITE, Some(REQUEST))
}

/// The consumer's effect: one row in `applied` (as in the tests), and for a probe one row
/// in `bench_latency`, whose `applied_at` is taken just before the commit.
struct Sink;

#[async_trait]
impl EventHandler for Sink {
    fn subscriptions(&self) -> Vec<String> {
        vec!["producer.note.*".into()]
    }

    async fn handle(
        &self,
        conn: &mut AsyncPgConnection,
        event: &Envelope,
    ) -> Result<(), HandlerError> {
        let note: Noted = event
            .decode()
            .map_err(|e| HandlerError::Rejected(e.to_string()))?;
        diesel::sql_query("INSERT INTO applied (event_id, n) VALUES ($1, $2)")
            .bind::<SqlUuid, _>(event.id)
            .bind::<Integer, _>(note.n)
            .execute(conn)
            .await?;
        if note.probe {
            diesel::sql_query("INSERT INTO bench_latency (event_id, occurred_at) VALUES ($1, $2)")
                .bind::<SqlUuid, _>(event.id)
                .bind::<Timestamptz, _>(event.occurred_at)
                .execute(conn)
                .await?;
        }
        Ok(())
    }

    /// The deliveries applied together: one statement for their rows, one for their
    /// probes' (the batch-aware handler of issue 19).
    async fn handle_batch(
        &self,
        conn: &mut AsyncPgConnection,
        events: &[&Envelope],
    ) -> Result<(), HandlerError> {
        let mut ids = Vec::with_capacity(events.len());
        let mut ns = Vec::with_capacity(events.len());
        let mut probes = Vec::new();
        let mut occurred = Vec::new();
        for event in events {
            let note: Noted = event
                .decode()
                .map_err(|e| HandlerError::Rejected(e.to_string()))?;
            ids.push(event.id);
            ns.push(note.n);
            if note.probe {
                probes.push(event.id);
                occurred.push(event.occurred_at);
            }
        }
        diesel::sql_query("INSERT INTO applied (event_id, n) SELECT * FROM unnest($1, $2)")
            .bind::<Array<SqlUuid>, _>(&ids)
            .bind::<Array<Integer>, _>(&ns)
            .execute(conn)
            .await?;
        if !probes.is_empty() {
            diesel::sql_query(
                "INSERT INTO bench_latency (event_id, occurred_at) SELECT * FROM unnest($1, $2)",
            )
            .bind::<Array<SqlUuid>, _>(&probes)
            .bind::<Array<Timestamptz>, _>(&occurred)
            .execute(conn)
            .await?;
        }
        Ok(())
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A fresh database (producer and consumer schemas) and a unique broker prefix.
struct Harness {
    /// Kept for the harness: the database is dropped with it.
    _db: TestDatabase,
    prefix: String,
    amqp_url: String,
    producer: DbPool,
    consumer: DbPool,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl Harness {
    async fn new(cfg: &Config) -> Self {
        let db = TestDatabase::create(&[PRODUCER, CONSUMER]).await.unwrap();
        let settings = PoolSettings {
            max_size: cfg.pool,
            acquire_timeout: Duration::from_secs(30),
        };
        Self {
            producer: connect_pool(db.url(), "producer", settings).unwrap(),
            consumer: connect_pool(db.url(), "consumer", settings).unwrap(),
            _db: db,
            prefix: format!("tam_bench_{}", Uuid::now_v7().simple()),
            amqp_url: cfg.amqp_url.clone(),
            shutdown: CancellationToken::new(),
            tasks: Vec::new(),
        }
    }

    fn settings(&self, prefetch: u16) -> BusSettings {
        BusSettings {
            amqp_url: self.amqp_url.clone(),
            prefix: self.prefix.clone(),
            relay: RelaySettings::default(),
            consumer: ConsumerSettings {
                prefetch,
                ..ConsumerSettings::default()
            },
            max_reconnect_delay: Duration::from_secs(1),
            senders: SenderPolicy::default(),
        }
    }

    /// Starts a service's bus without waiting for it.
    fn spawn(
        &mut self,
        service: &str,
        handler: Option<Arc<dyn EventHandler>>,
        settings: BusSettings,
    ) -> (BusMetrics, BusHealth) {
        let pool = if service == "producer" {
            self.producer.clone()
        } else {
            self.consumer.clone()
        };
        let metrics = BusMetrics::new(&prometheus::Registry::new()).unwrap();
        let bus = Bus::new(service, pool, settings, handler, metrics.clone());
        let health = bus.health();
        self.tasks
            .push(tokio::spawn(bus.run(self.shutdown.clone())));
        (metrics, health)
    }

    /// Starts the consumer and waits until it is consuming from its (declared) queue, so
    /// that the relay never meets an unroutable event.
    async fn start_consumer(&mut self, prefetch: u16) -> BusMetrics {
        let (conn, channel) = self.channel().await;
        Topology::new(self.prefix.clone(), "consumer")
            .declare_queue(&channel, &Sink.subscriptions(), 5)
            .await
            .unwrap();
        let settings = self.settings(prefetch);
        let (metrics, _) = self.spawn("consumer", Some(Arc::new(Sink)), settings);
        let queue = Topology::new(self.prefix.clone(), "consumer").queue();
        let passive = QueueDeclareOptions {
            passive: true,
            ..QueueDeclareOptions::default()
        };
        let deadline = Instant::now() + WAIT;
        loop {
            let q = channel
                .queue_declare(&queue, passive, FieldTable::default())
                .await
                .unwrap();
            if q.consumer_count() > 0 {
                break;
            }
            assert!(Instant::now() < deadline, "the consumer never subscribed");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let _ = conn.close(200, "done").await;
        metrics
    }

    async fn start_producer(&mut self) -> (BusMetrics, BusHealth) {
        let settings = self.settings(ConsumerSettings::default().prefetch);
        self.spawn("producer", None, settings)
    }

    async fn channel(&self) -> (lapin::Connection, lapin::Channel) {
        let conn = topology::connect(&self.amqp_url, &format!("{}.bench", self.prefix))
            .await
            .unwrap();
        let channel = conn.create_channel().await.unwrap();
        (conn, channel)
    }

    async fn count(&self, pool: &DbPool, sql: &str) -> i64 {
        let mut conn = pool.get().await.unwrap();
        diesel::sql_query(sql)
            .get_result::<Count>(&mut conn)
            .await
            .unwrap()
            .n
    }

    /// Stops the buses, removes this run's queues and exchanges, drops the database.
    async fn finish(mut self) {
        self.shutdown.cancel();
        for task in std::mem::take(&mut self.tasks) {
            task.await.unwrap();
        }
        let (conn, channel) = self.channel().await;
        for service in ["producer", "consumer"] {
            let _ = Topology::new(self.prefix.clone(), service)
                .delete_queues(&channel)
                .await;
        }
        let _ = Topology::new(self.prefix.clone(), "consumer")
            .delete_exchanges(&channel)
            .await;
        let _ = conn.close(200, "done").await;
        drop(self.producer);
        drop(self.consumer);
        // `self._db` drops here, dropping the database.
    }
}

fn applied(metrics: &BusMetrics) -> u64 {
    metrics.consumed.with_label_values(&["applied"]).get()
}

/// With `BENCH_MARKS` set, a timestamped line on stderr at the edges of each timed part,
/// for a profiler that samples the processes' CPU time to cut by (see the decisions'
/// second pass on the pipeline).
fn mark(what: &str) {
    if std::env::var_os("BENCH_MARKS").is_some() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        eprintln!("[mark {:.3}] {what}", now.as_secs_f64());
    }
}

/// Polls a cheap in-process condition every millisecond.
async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// Commits `events` events into the producer's outbox, 100 to a transaction, from four
/// writers.
async fn precommit(pool: &DbPool, events: usize) {
    const WRITERS: usize = 4;
    const PER_TX: usize = 100;
    let transactions = events.div_ceil(PER_TX);
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let pool = pool.clone();
        writers.push(tokio::spawn(async move {
            let mut conn = pool.get().await.unwrap();
            for t in (w..transactions).step_by(WRITERS) {
                let first = t * PER_TX;
                let last = (first + PER_TX).min(events);
                conn.transaction::<_, diesel::result::Error, _>(|conn| {
                    async move {
                        for n in first..last {
                            SERVICE
                                .publish(conn, SITE, Some(REQUEST), &noted(n as i32, false))
                                .await?;
                        }
                        Ok(())
                    }
                    .scope_boxed()
                })
                .await
                .unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
}

/// One business transaction: a ledger row and its event.
async fn commit_one(pool: &DbPool, n: i32, probe: bool) -> Result<(), anyhow::Error> {
    let mut conn = pool.get().await?;
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        async move {
            diesel::sql_query("INSERT INTO ledger (id, note) VALUES ($1, 'x')")
                .bind::<SqlUuid, _>(Uuid::now_v7())
                .execute(conn)
                .await?;
            SERVICE
                .publish(conn, SITE, Some(REQUEST), &noted(n, probe))
                .await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await?;
    Ok(())
}

/// The body of a typical envelope, as the relay publishes it.
fn sample_body() -> String {
    let envelope = Envelope::new(&context(), &noted(123_456, false)).unwrap();
    serde_json::to_string(&envelope).unwrap()
}

// ---------------------------------------------------------------------------------------
// 1. Raw lapin publish with confirms

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PublishMode {
    /// `basic_publish(..).await` one after the other, as the relay does.
    Sequential,
    /// The window's `basic_publish` futures driven together (`try_join_all`).
    Concurrent,
}

#[derive(Debug, Clone)]
struct RawResult {
    label: String,
    window: usize,
    /// Messages per second: the median of the rounds, and their range.
    rate: f64,
    min: f64,
    max: f64,
}

// Rounds of each raw variant (`Config::raw_rounds`) are interleaved so that a burst of
// noise on the machine does not land on one variant only; the median is reported.

async fn raw_publish(cfg: &Config, body: &[u8]) -> Vec<RawResult> {
    let prefix = format!("tam_bench_raw_{}", Uuid::now_v7().simple());
    let topology = Topology::new(prefix.clone(), "raw");
    let conn = topology::connect(&cfg.amqp_url, &topology.connection_name("relay"))
        .await
        .unwrap();
    let channel = conn.create_channel().await.unwrap();
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    // The same durable quorum queue (and arguments) a service's consumer declares.
    topology
        .declare_queue(&channel, &["#".into()], 5)
        .await
        .unwrap();
    let exchange = topology.exchange();

    let variants = [
        (PublishMode::Sequential, cfg.raw_window),
        (PublishMode::Sequential, 500.min(cfg.raw_window)),
        (PublishMode::Concurrent, 500.min(cfg.raw_window)),
    ];
    let mut rates = vec![Vec::new(); variants.len()];
    for _ in 0..cfg.raw_rounds {
        for (i, &(mode, window)) in variants.iter().enumerate() {
            channel
                .queue_purge(&topology.queue(), QueuePurgeOptions::default())
                .await
                .unwrap();
            mark(&format!("raw {mode:?} {window} start"));
            let secs = raw_round(&channel, &exchange, body, cfg.events, mode, window).await;
            mark(&format!("raw {mode:?} {window} end"));
            rates[i].push(cfg.events as f64 / secs);
        }
    }
    let _ = topology.delete_queues(&channel).await;
    let _ = topology.delete_exchanges(&channel).await;
    let _ = conn.close(200, "done").await;
    variants
        .iter()
        .zip(rates)
        .map(|(&(mode, window), mut rates)| {
            rates.sort_by(f64::total_cmp);
            RawResult {
                label: match mode {
                    PublishMode::Sequential => "raw lapin, sequential publish".into(),
                    PublishMode::Concurrent => "raw lapin, concurrent publish".into(),
                },
                window,
                rate: rates[rates.len() / 2],
                min: rates[0],
                max: rates[rates.len() - 1],
            }
        })
        .collect()
}

/// Publishes `n` messages in windows of `window`, each window's confirms awaited before
/// the next; returns the seconds taken.
async fn raw_round(
    channel: &lapin::Channel,
    exchange: &str,
    body: &[u8],
    n: usize,
    mode: PublishMode,
    window: usize,
) -> f64 {
    let properties = || {
        BasicProperties::default()
            .with_message_id(ShortString::from(Uuid::now_v7().to_string()))
            .with_type(ShortString::from(Noted::TYPE))
            .with_content_type(ShortString::from("application/json"))
            .with_delivery_mode(2)
    };
    let options = BasicPublishOptions {
        mandatory: true,
        ..BasicPublishOptions::default()
    };
    let started = Instant::now();
    let mut acked = 0usize;
    let mut sent = 0usize;
    while sent < n {
        let batch = window.min(n - sent);
        let confirms = match mode {
            PublishMode::Sequential => {
                let mut confirms = Vec::with_capacity(batch);
                for _ in 0..batch {
                    confirms.push(
                        channel
                            .basic_publish(exchange, Noted::TYPE, options, body, properties())
                            .await
                            .unwrap(),
                    );
                }
                confirms
            }
            PublishMode::Concurrent => futures::future::try_join_all((0..batch).map(|_| {
                channel.basic_publish(exchange, Noted::TYPE, options, body, properties())
            }))
            .await
            .unwrap(),
        };
        for confirm in futures::future::join_all(confirms).await {
            if let Ok(Confirmation::Ack(None)) = confirm {
                acked += 1;
            }
        }
        sent += batch;
    }
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(acked, n, "the broker did not ack (and route) every message");
    secs
}

// ---------------------------------------------------------------------------------------
// 2. Pipeline throughput

#[derive(Debug, Clone)]
struct PipelineResult {
    prefetch: u16,
    /// Writing the backlog (not timed into the rate).
    precommit_secs: f64,
    /// From the producer's bus starting to its relay having every event confirmed.
    relay_secs: f64,
    /// From the producer's bus starting to the consumer having applied every event.
    total_secs: f64,
    rate: f64,
    /// Deliveries the consumer failed (and requeued) or got again: 0 in a healthy run;
    /// a large prefetch with a small pool can time out waiting for a connection.
    failed: u64,
    redelivered: u64,
}

#[derive(Debug, Clone)]
struct IsolatedResult {
    /// The relay alone (no consumer running): events confirmed per second.
    relay_rate: f64,
    /// The consumer alone, on a queue the relay has filled: events applied per second.
    consumer_rate: f64,
}

/// The two halves one after the other, so neither competes with the other for the CPU:
/// the relay publishes the whole backlog to the declared queue, then the consumer starts.
async fn pipeline_isolated(cfg: &Config, prefetch: u16) -> IsolatedResult {
    let mut h = Harness::new(cfg).await;
    let (conn, channel) = h.channel().await;
    Topology::new(h.prefix.clone(), "consumer")
        .declare_queue(&channel, &Sink.subscriptions(), 5)
        .await
        .unwrap();
    let _ = conn.close(200, "done").await;
    precommit(&h.producer, cfg.events).await;
    let n = cfg.events as u64;

    mark("relay alone start");
    let started = Instant::now();
    let (producer, _) = h.start_producer().await;
    wait_for("the relay published every event", || {
        producer.published.get() >= n
    })
    .await;
    let relay_secs = started.elapsed().as_secs_f64();
    mark("relay alone end");

    let settings = h.settings(prefetch);
    mark("consumer alone start");
    let started = Instant::now();
    let (consumer, _) = h.spawn("consumer", Some(Arc::new(Sink)), settings);
    wait_for("the consumer applied every event", || {
        applied(&consumer) >= n
    })
    .await;
    let consumer_secs = started.elapsed().as_secs_f64();
    mark("consumer alone end");
    check_exactly_once(&h, cfg.events).await;
    h.finish().await;
    IsolatedResult {
        relay_rate: n as f64 / relay_secs,
        consumer_rate: n as f64 / consumer_secs,
    }
}

async fn pipeline_backlog(cfg: &Config, prefetch: u16) -> PipelineResult {
    let mut h = Harness::new(cfg).await;
    let consumer = h.start_consumer(prefetch).await;
    let started = Instant::now();
    precommit(&h.producer, cfg.events).await;
    let precommit_secs = started.elapsed().as_secs_f64();

    let n = cfg.events as u64;
    mark(&format!("backlog {prefetch} start"));
    let started = Instant::now();
    let (producer, _) = h.start_producer().await;
    let relay_done = Arc::new(AtomicU64::new(0));
    let watch = {
        let (producer, relay_done) = (producer.clone(), Arc::clone(&relay_done));
        tokio::spawn(async move {
            wait_for("the relay published every event", || {
                producer.published.get() >= n
            })
            .await;
            relay_done.store(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        })
    };
    wait_for("the consumer applied every event", || {
        applied(&consumer) >= n
    })
    .await;
    let total_secs = started.elapsed().as_secs_f64();
    mark(&format!("backlog {prefetch} end"));
    watch.await.unwrap();
    let relay_secs = AtomicU64::load(&relay_done, Ordering::Relaxed) as f64 / 1e9;

    check_exactly_once(&h, cfg.events).await;
    h.finish().await;
    PipelineResult {
        prefetch,
        precommit_secs,
        relay_secs,
        total_secs,
        rate: n as f64 / total_secs,
        failed: consumer.consumed.with_label_values(&["failed"]).get(),
        redelivered: consumer.redeliveries.get(),
    }
}

#[derive(Debug, Clone)]
struct ContinuousResult {
    writers: usize,
    /// Producer commits per second while everything ran.
    commit_rate: f64,
    /// Events per second from the first commit to the last consumer commit.
    rate: f64,
}

/// The producer commits one event per transaction from several writers, as fast as it
/// can, while the relay and the consumer run.
async fn pipeline_continuous(cfg: &Config, prefetch: u16) -> ContinuousResult {
    const WRITERS: usize = 8;
    let mut h = Harness::new(cfg).await;
    let consumer = h.start_consumer(prefetch).await;
    let (_, health) = h.start_producer().await;
    wait_for("the relay is connected", || health.is_connected()).await;

    let n = cfg.events;
    mark("continuous start");
    let started = Instant::now();
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let pool = h.producer.clone();
        writers.push(tokio::spawn(async move {
            for i in (w..n).step_by(WRITERS) {
                commit_one(&pool, i as i32, false).await.unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    let commit_secs = started.elapsed().as_secs_f64();
    wait_for("the consumer applied every event", || {
        applied(&consumer) >= n as u64
    })
    .await;
    let total_secs = started.elapsed().as_secs_f64();
    mark("continuous end");
    check_exactly_once(&h, n).await;
    h.finish().await;
    ContinuousResult {
        writers: WRITERS,
        commit_rate: n as f64 / commit_secs,
        rate: n as f64 / total_secs,
    }
}

/// The continuous case's ceiling: pgbench running the same 8 writers' transactions (the
/// ledger row and the outbox row, prepared) for `BENCH_PGBENCH_SECS` on a fresh producer
/// schema, with no relay or consumer beside it; with `notify_trigger`, the statement-level
/// `NOTIFY` trigger the outbox had before issue 19 is put back first (the old cost, for
/// comparison). Returns transactions (= events) per second.
async fn pgbench_writers(cfg: &Config, body: &str, notify_trigger: bool) -> f64 {
    let db = TestDatabase::create(&[PRODUCER]).await.unwrap();
    if notify_trigger {
        let mut conn = tam_db::connect(db.url(), "producer").await.unwrap();
        diesel_async::SimpleAsyncConnection::batch_execute(
            &mut conn,
            "CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN PERFORM pg_notify(TG_TABLE_SCHEMA || '_outbox', ''); RETURN NULL; END $$;
             CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
                 FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();",
        )
        .await
        .unwrap();
    }
    let script = std::env::temp_dir().join(format!("tam_bench_writers_{}.sql", Uuid::now_v7()));
    std::fs::write(
        &script,
        format!(
            "BEGIN;\n\
             INSERT INTO ledger (id, note) VALUES (gen_random_uuid(), 'x');\n\
             INSERT INTO outbox (event_id, event_type, body) VALUES (gen_random_uuid(), '{}', '{}');\n\
             COMMIT;\n",
            Noted::TYPE,
            // The same length; pgbench would read `:name` as its variable.
            body.replace('\'', "''").replace(':', ";")
        ),
    )
    .unwrap();
    let (url, secs) = (db.url().to_owned(), cfg.pgbench_secs.to_string());
    let script_arg = script.to_string_lossy().into_owned();
    mark(&format!("pgbench trigger={notify_trigger} start"));
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("pgbench")
            .args([
                "-n", "-M", "prepared", "-c", "8", "-j", "2", "-T", &secs, "-f",
            ])
            .arg(&script_arg)
            .arg(&url)
            .env("PGOPTIONS", "-c search_path=producer")
            .output()
            .expect("pgbench runs (is it on the PATH?)")
    })
    .await
    .unwrap();
    mark(&format!("pgbench trigger={notify_trigger} end"));
    let _ = std::fs::remove_file(&script);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pgbench failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // "tps = 1234.567890 (without initial connection time)"
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|tps| tps.parse().ok())
        .unwrap_or_else(|| panic!("no tps in pgbench's output: {stdout}"))
}

async fn check_exactly_once(h: &Harness, events: usize) {
    let rows = h
        .count(&h.consumer, "SELECT count(*) AS n FROM applied")
        .await;
    let distinct = h
        .count(
            &h.consumer,
            "SELECT count(DISTINCT event_id) AS n FROM applied",
        )
        .await;
    assert_eq!(rows, events as i64, "applied rows");
    assert_eq!(distinct, events as i64, "distinct applied events");
}

// ---------------------------------------------------------------------------------------
// 3. Latency at a steady rate

#[derive(QueryableByName)]
struct Percentiles {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Double)]
    mean: f64,
    #[diesel(sql_type = Double)]
    p50: f64,
    #[diesel(sql_type = Double)]
    p90: f64,
    #[diesel(sql_type = Double)]
    p99: f64,
    #[diesel(sql_type = Double)]
    max: f64,
}

#[derive(QueryableByName)]
struct Flag {
    #[diesel(sql_type = Bool)]
    ok: bool,
}

/// Latency in ms of the probes by `interval` (an SQL interval over `bench_latency l`
/// joined with the inbox's `processed_events e`, whose `processed_at` is `now()` in the
/// consumer's transaction: its BEGIN).
async fn percentiles(conn: &mut AsyncPgConnection, interval: &str) -> Percentiles {
    diesel::sql_query(format!(
        "SELECT count(*) AS n, avg(ms) AS mean,
                percentile_cont(0.50) WITHIN GROUP (ORDER BY ms) AS p50,
                percentile_cont(0.90) WITHIN GROUP (ORDER BY ms) AS p90,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
                max(ms) AS max
           FROM (SELECT (extract(epoch FROM {interval}) * 1000)::float8 AS ms
                   FROM bench_latency l JOIN processed_events e USING (event_id)) AS t"
    ))
    .get_result(conn)
    .await
    .unwrap()
}

/// A latency quantile read off the library's post-commit histogram: the bucket it falls
/// in, and a linear interpolation inside it (as Prometheus' `histogram_quantile`).
#[derive(Debug, Clone, Copy)]
struct Bucketed {
    lower_ms: f64,
    upper_ms: f64,
    estimate_ms: f64,
}

#[derive(Debug, Clone)]
struct LatencyResult {
    prefetch: u16,
    events: usize,
    failed_commits: usize,
    /// Achieved producer rate (events committed / seconds from the first to the last).
    achieved_rate: f64,
    /// Worst lag of a commit's start behind its schedule.
    max_schedule_lag_ms: f64,
    /// Mean, then p50, p90, p99, max.
    pre_commit_mean_ms: f64,
    pre_commit: [f64; 4],
    /// Mean, p50, p99, max of the two parts of A: up to the consumer's BEGIN, then its
    /// transaction until its last insert.
    to_begin: [f64; 4],
    in_tx: [f64; 4],
    post_commit_mean_ms: f64,
    post_commit: [Bucketed; 4],
}

/// The histogram's cumulative buckets (upper bound in seconds, count), count and sum.
#[derive(Debug, Clone)]
struct Snapshot {
    buckets: Vec<(f64, u64)>,
    count: u64,
    sum: f64,
}

fn histogram_snapshot(metrics: &BusMetrics) -> Snapshot {
    let families = metrics.delivery_seconds.collect();
    let metric = &families[0].get_metric()[0];
    let histogram = metric.get_histogram();
    Snapshot {
        buckets: histogram
            .get_bucket()
            .iter()
            .map(|b| (b.upper_bound(), b.cumulative_count()))
            .collect(),
        count: histogram.get_sample_count(),
        sum: histogram.get_sample_sum(),
    }
}

/// The mean (exact) and p50, p90, p99, max (bucketed) of what was observed between
/// `before` and `after`.
fn bucketed_quantiles(before: &Snapshot, after: &Snapshot) -> (f64, [Bucketed; 4]) {
    let total = after.count - before.count;
    let mean_ms = (after.sum - before.sum) / total.max(1) as f64 * 1e3;
    let mut buckets: Vec<(f64, u64)> = after
        .buckets
        .iter()
        .zip(&before.buckets)
        .map(|((upper, a), (_, b))| (*upper, a - b))
        .collect();
    buckets.push((f64::INFINITY, total));
    let quantile = |q: f64| {
        let rank = q * total as f64;
        let mut lower = (0.0, 0u64);
        for &(upper, cumulative) in &buckets {
            if cumulative as f64 >= rank && cumulative > 0 {
                let in_bucket = (cumulative - lower.1) as f64;
                let estimate = if upper.is_infinite() {
                    lower.0
                } else if in_bucket > 0.0 {
                    lower.0 + (upper - lower.0) * (rank - lower.1 as f64) / in_bucket
                } else {
                    upper
                };
                return Bucketed {
                    lower_ms: lower.0 * 1e3,
                    upper_ms: upper * 1e3,
                    estimate_ms: estimate * 1e3,
                };
            }
            lower = (upper, cumulative);
        }
        Bucketed {
            lower_ms: 0.0,
            upper_ms: 0.0,
            estimate_ms: 0.0,
        }
    };
    (
        mean_ms,
        [quantile(0.5), quantile(0.9), quantile(0.99), quantile(1.0)],
    )
}

/// Commits `events` events on a fixed schedule, each in its own transaction, from tasks
/// spawned on the tick (open loop: a slow commit does not delay the next one).
async fn paced(
    pool: &DbPool,
    rate: u64,
    events: usize,
    probe: bool,
    failed: &Arc<AtomicU64>,
) -> (f64, f64) {
    let period = Duration::from_nanos(1_000_000_000 / rate.max(1));
    let mut ticks = tokio::time::interval(period);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Burst);
    let started = Instant::now();
    let mut max_lag = Duration::ZERO;
    let mut commits = Vec::with_capacity(events);
    for i in 0..events {
        ticks.tick().await;
        max_lag = max_lag.max(started.elapsed().saturating_sub(period * i as u32));
        let pool = pool.clone();
        let failed = Arc::clone(failed);
        commits.push(tokio::spawn(async move {
            if commit_one(&pool, i as i32, probe).await.is_err() {
                failed.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for c in commits {
        c.await.unwrap();
    }
    (
        events as f64 / started.elapsed().as_secs_f64(),
        max_lag.as_secs_f64() * 1e3,
    )
}

async fn latency(cfg: &Config, prefetch: u16) -> LatencyResult {
    let mut h = Harness::new(cfg).await;
    let consumer = h.start_consumer(prefetch).await;
    let (_, health) = h.start_producer().await;
    wait_for("the relay is connected", || health.is_connected()).await;

    // Warm-up (connections opened, caches hot); not measured.
    let failed = Arc::new(AtomicU64::new(0));
    paced(&h.producer, cfg.rate, cfg.warm_up, false, &failed).await;
    wait_for("the warm-up is applied", || {
        applied(&consumer) >= cfg.warm_up as u64
    })
    .await;
    let before = histogram_snapshot(&consumer);

    let events = (cfg.rate * cfg.latency_secs) as usize;
    let (achieved_rate, max_schedule_lag_ms) =
        paced(&h.producer, cfg.rate, events, true, &failed).await;
    let failed_commits = AtomicU64::load(&failed, Ordering::Relaxed) as usize;
    let expected = (cfg.warm_up + events - failed_commits) as u64;
    wait_for("every probe is applied", || applied(&consumer) >= expected).await;
    let after = histogram_snapshot(&consumer);

    let mut conn = h.consumer.get().await.unwrap();
    let p = percentiles(&mut conn, "l.applied_at - l.occurred_at").await;
    let to_begin = percentiles(&mut conn, "e.processed_at - l.occurred_at").await;
    let in_tx = percentiles(&mut conn, "l.applied_at - e.processed_at").await;
    let clean: Flag =
        diesel::sql_query("SELECT count(*) = count(DISTINCT event_id) AS ok FROM applied")
            .get_result(&mut conn)
            .await
            .unwrap();
    drop(conn);
    assert!(clean.ok, "an event was applied twice");
    assert_eq!(p.n as usize, events - failed_commits, "probes recorded");
    h.finish().await;
    let (post_commit_mean_ms, post_commit) = bucketed_quantiles(&before, &after);
    LatencyResult {
        prefetch,
        events,
        failed_commits,
        achieved_rate,
        max_schedule_lag_ms,
        pre_commit_mean_ms: p.mean,
        pre_commit: [p.p50, p.p90, p.p99, p.max],
        to_begin: [to_begin.mean, to_begin.p50, to_begin.p99, to_begin.max],
        in_tx: [in_tx.mean, in_tx.p50, in_tx.p99, in_tx.max],
        post_commit_mean_ms,
        post_commit,
    }
}

// ---------------------------------------------------------------------------------------

/// CPU time used by processes that are not part of the bench (the bench itself, Postgres,
/// RabbitMQ, kernel threads, the `cargo` that runs it): other work on this shared machine
/// skews every figure, so the run measures it. Sampled from `/proc` every 100 ms; a
/// process that lives and dies between two samples is missed: a lower bound.
struct Foreign {
    ticks: Arc<AtomicU64>,
    stop: CancellationToken,
}

/// Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux).
const USER_HZ: f64 = 100.0;

impl Foreign {
    fn start() -> Self {
        let ticks = Arc::new(AtomicU64::new(0));
        let stop = CancellationToken::new();
        let (total, token) = (Arc::clone(&ticks), stop.clone());
        // Its own thread: the blocking reads of /proc stay off the runtime's two workers.
        std::thread::spawn(move || {
            let mut seen = Self::sample();
            while !token.is_cancelled() {
                std::thread::sleep(Duration::from_millis(100));
                let now = Self::sample();
                let delta: u64 = now
                    .iter()
                    .map(|(pid, t)| t.saturating_sub(seen.get(pid).copied().unwrap_or(0)))
                    .sum();
                total.fetch_add(delta, Ordering::Relaxed);
                seen = now;
            }
        });
        Self { ticks, stop }
    }

    /// utime + stime of every foreign process, by pid.
    fn sample() -> std::collections::HashMap<u32, u64> {
        let own = std::process::id();
        // `cargo bench`, which waits for us.
        let parent = std::os::unix::process::parent_id();
        let mut out = std::collections::HashMap::new();
        let Ok(dir) = std::fs::read_dir("/proc") else {
            return out;
        };
        for entry in dir.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
                continue;
            };
            let comm = &stat[open + 1..close];
            let rest: Vec<&str> = stat[close + 1..].split_whitespace().collect();
            let ppid: u32 = rest.get(1).and_then(|v| v.parse().ok()).unwrap_or(0);
            let ours = pid == own
                || pid == parent
                || pid == 2
                || ppid == 2
                || [
                    "postgres",
                    "beam.smp",
                    "erl_child_setup",
                    "epmd",
                    "inet_gethost",
                ]
                .contains(&comm);
            if ours {
                continue;
            }
            let field = |i: usize| rest.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            out.insert(pid, field(11) + field(12));
        }
        out
    }

    /// Foreign CPU seconds so far.
    fn seconds(&self) -> f64 {
        AtomicU64::load(&self.ticks, Ordering::Relaxed) as f64 / USER_HZ
    }
}

/// CPU seconds the hypervisor gave to someone else so far (steal, all cores; 0 where the
/// kernel does not report it).
fn steal_seconds() -> f64 {
    std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|stat| {
            stat.lines()
                .next()?
                .split_whitespace()
                .nth(8)?
                .parse::<u64>()
                .ok()
        })
        .map_or(0.0, |ticks| ticks as f64 / USER_HZ)
}

impl Drop for Foreign {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// What share of the machine (all cores) other processes took during one phase.
#[derive(Debug, Clone, Copy)]
struct Contention {
    cpu_secs: f64,
    share: f64,
    /// Share of the machine stolen by the hypervisor.
    steal: f64,
}

impl Contention {
    fn worst(&self) -> f64 {
        self.share.max(self.steal)
    }
}

async fn timed_phase<T>(
    foreign: &Foreign,
    cores: usize,
    phase: impl std::future::Future<Output = T>,
) -> (T, Contention) {
    let (cpu0, steal0, t0) = (foreign.seconds(), steal_seconds(), Instant::now());
    let out = phase.await;
    // Let the sampler see the phase's last 100 ms.
    tokio::time::sleep(Duration::from_millis(150)).await;
    let cpu_secs = foreign.seconds() - cpu0;
    let wall = t0.elapsed().as_secs_f64() * cores.max(1) as f64;
    (
        out,
        Contention {
            cpu_secs,
            share: cpu_secs / wall,
            steal: (steal_seconds() - steal0) / wall,
        },
    )
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "PASS"
    } else {
        "MISS"
    }
}

fn bucket_text(b: Bucketed) -> String {
    if b.upper_ms.is_infinite() {
        format!("> {:.0}", b.lower_ms)
    } else {
        format!("{:.0}-{:.0} ~{:.1}", b.lower_ms, b.upper_ms, b.estimate_ms)
    }
}

/// The figures a smoke test checks were produced.
#[derive(Debug, Clone)]
pub struct Summary {
    pub raw_rate: f64,
    pub pipeline_rate: f64,
    pub continuous_rate: f64,
    pub pgbench_rate: f64,
    pub p99_ms: f64,
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(run(Config::new(tam_testkit::bench::smoke())));
}

pub async fn run(cfg: Config) -> Summary {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let body = sample_body();
    let run_started = Instant::now();
    let foreign = Foreign::start();
    println!(
        "tam-events pipeline benchmark{}",
        if cfg.smoke {
            " (smoke: the figures mean nothing)"
        } else {
            ""
        }
    );
    println!(
        "  machine: {cores} cores (bench, Postgres and RabbitMQ share them); envelope {} bytes; \
         {} events per throughput run; pool {}; relay batch {}",
        body.len(),
        cfg.events,
        cfg.pool,
        RelaySettings::default().batch_size,
    );

    eprintln!("[1/4] raw lapin publish with confirms ...");
    // On a runtime worker, like the relay (the main thread's block_on is woken differently).
    let raw_task = {
        let (cfg, body) = (cfg.clone(), body.clone());
        tokio::spawn(async move { raw_publish(&cfg, body.as_bytes()).await })
    };
    let (raw, raw_contention) = timed_phase(&foreign, cores, raw_task).await;
    let raw = raw.unwrap();

    let mut backlog = Vec::new();
    let mut backlog_contention = Vec::new();
    for &prefetch in &cfg.prefetch {
        eprintln!("[2/4] pipeline, pre-committed backlog, prefetch {prefetch} ...");
        let (result, contention) =
            timed_phase(&foreign, cores, pipeline_backlog(&cfg, prefetch)).await;
        backlog.push(result);
        backlog_contention.push(contention);
    }
    let best = backlog
        .iter()
        .max_by(|a, b| a.rate.total_cmp(&b.rate))
        .cloned()
        .expect("at least one prefetch value");
    eprintln!(
        "[2/4] relay alone, then consumer alone, prefetch {} ...",
        best.prefetch
    );
    let (isolated, isolated_contention) =
        timed_phase(&foreign, cores, pipeline_isolated(&cfg, best.prefetch)).await;
    eprintln!(
        "[2/4] pipeline, continuous producer, prefetch {} ...",
        best.prefetch
    );
    let (continuous, continuous_contention) =
        timed_phase(&foreign, cores, pipeline_continuous(&cfg, best.prefetch)).await;
    eprintln!("[2/4] pgbench, the same 8 writers' statements, without and with the old NOTIFY trigger ...");
    let pgbench = pgbench_writers(&cfg, &body, false).await;
    let pgbench_notify = pgbench_writers(&cfg, &body, true).await;
    let mut latencies = Vec::new();
    let mut latency_contentions = Vec::new();
    for round in 1..=cfg.latency_runs {
        eprintln!(
            "[3/4] latency at {}/s for {} s, prefetch {}, run {round} of {} ...",
            cfg.rate, cfg.latency_secs, best.prefetch, cfg.latency_runs
        );
        let (lat, contention) = timed_phase(&foreign, cores, latency(&cfg, best.prefetch)).await;
        latencies.push(lat);
        latency_contentions.push(contention);
    }
    // The worst run is the one reported (the goal must hold in each).
    let worst = latencies
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.pre_commit[2].total_cmp(&b.1.pre_commit[2]))
        .map_or(0, |(i, _)| i);
    let lat = latencies[worst].clone();
    let latency_contention = latency_contentions[worst];
    let mut contention = vec![("raw".to_owned(), raw_contention)];
    for (r, c) in backlog.iter().zip(&backlog_contention) {
        contention.push((format!("pipeline prefetch {}", r.prefetch), *c));
    }
    contention.push(("halves alone".to_owned(), isolated_contention));
    contention.push(("continuous".to_owned(), continuous_contention));
    contention.push(("latency".to_owned(), latency_contention));
    for (i, c) in latency_contentions.iter().enumerate() {
        if i != worst {
            contention.push((format!("latency run {}", i + 1), *c));
        }
    }
    let contended = contention.iter().any(|(_, c)| c.worst() > 0.05);

    let raw_ref = raw[0].clone();
    let ratio = best.rate / raw_ref.rate;
    let throughput_ok = ratio >= 0.5;
    // Post-commit bucket bound decides when it is conclusive; otherwise the finer,
    // pre-commit figure together with the bucket's lower bound.
    let p99_post = lat.post_commit[2];
    let p99_pre = lat.pre_commit[2];
    let latency_ok = p99_pre < 50.0 && p99_post.lower_ms < 50.0;
    let latency_conclusive = p99_post.upper_ms <= 50.0 || p99_post.lower_ms >= 50.0;

    println!();
    println!("1. Raw lapin publish with confirms ({} messages a round, persistent, mandatory, durable quorum queue; median of {} rounds)", cfg.events, cfg.raw_rounds);
    println!(
        "   {:<40} {:>7} {:>12} {:>20}",
        "variant",
        "window",
        "msg/s",
        format!("range of {} rounds", cfg.raw_rounds)
    );
    for r in &raw {
        println!(
            "   {:<40} {:>7} {:>12.0} {:>20}",
            r.label,
            r.window,
            r.rate,
            format!("{:.0}-{:.0}", r.min, r.max)
        );
    }
    println!();
    println!(
        "2. Pipeline: outbox commit -> relay -> broker -> consumer commit ({} pre-committed events)",
        cfg.events
    );
    println!(
        "   {:>8} {:>13} {:>12} {:>12} {:>12} {:>12} {:>16}",
        "prefetch", "precommit s", "relay s", "total s", "relay ev/s", "ev/s", "failed/redeliv."
    );
    for r in &backlog {
        println!(
            "   {:>8} {:>13.2} {:>12.2} {:>12.2} {:>12.0} {:>12.0} {:>16}",
            r.prefetch,
            r.precommit_secs,
            r.relay_secs,
            r.total_secs,
            cfg.events as f64 / r.relay_secs,
            r.rate,
            format!("{}/{}", r.failed, r.redelivered)
        );
    }
    println!(
        "   halves alone (prefetch {}): relay {:.0} ev/s with no consumer running, then consumer {:.0} ev/s",
        best.prefetch, isolated.relay_rate, isolated.consumer_rate
    );
    println!(
        "   continuous producer ({} writers, 1 event per transaction, prefetch {}): \
         commits {:.0}/s, end to end {:.0} ev/s",
        continuous.writers, best.prefetch, continuous.commit_rate, continuous.rate
    );
    println!(
        "   pgbench, the same 8 writers' transactions alone: {pgbench:.0} tps without a trigger \
         (the ceiling), {pgbench_notify:.0} tps with the old NOTIFY trigger"
    );
    println!();
    println!(
        "3. Latency, {} runs: p99 {} ms; the worst run in detail:",
        latencies.len(),
        latencies
            .iter()
            .map(|l| format!("{:.1}", l.pre_commit[2]))
            .collect::<Vec<_>>()
            .join(" / ")
    );
    println!(
        "   at {}/s for {} s ({} events, 1 per transaction, prefetch {}): \
         achieved {:.0}/s, worst schedule lag {:.1} ms, failed commits {}",
        cfg.rate,
        cfg.latency_secs,
        lat.events,
        lat.prefetch,
        lat.achieved_rate,
        lat.max_schedule_lag_ms,
        lat.failed_commits
    );
    println!(
        "   {:<38} {:>8} {:>13} {:>13} {:>13} {:>13}",
        "latency, ms", "mean", "p50", "p90", "p99", "max"
    );
    println!(
        "   {:<38} {:>8.2} {:>13.2} {:>13.2} {:>13.2} {:>13.2}",
        "A pre-commit (exact)",
        lat.pre_commit_mean_ms,
        lat.pre_commit[0],
        lat.pre_commit[1],
        lat.pre_commit[2],
        lat.pre_commit[3]
    );
    println!(
        "   {:<38} {:>8.2} {:>13} {:>13} {:>13} {:>13}",
        "B post-commit (library histogram)",
        lat.post_commit_mean_ms,
        bucket_text(lat.post_commit[0]),
        bucket_text(lat.post_commit[1]),
        bucket_text(lat.post_commit[2]),
        bucket_text(lat.post_commit[3])
    );
    for (label, part) in [
        ("  A1 occurred_at -> consumer BEGIN", lat.to_begin),
        ("  A2 consumer BEGIN -> last insert", lat.in_tx),
    ] {
        println!(
            "   {:<38} {:>8.2} {:>13.2} {:>13} {:>13.2} {:>13.2}",
            label, part[0], part[1], "", part[2], part[3]
        );
    }
    println!("   A: from occurred_at (set in publish, before the producer's commit) to clock_timestamp() at");
    println!(
        "      the consumer's last insert in its transaction: per event and exact, but without the"
    );
    println!(
        "      consumer's COMMIT and ack. A1 + A2 = A per event (their percentiles do not add):"
    );
    println!("      A1 is the producer's commit, relay, broker, delivery and pool wait; the split is the");
    println!("      inbox row's processed_at (now() = the consumer transaction's start).");
    println!(
        "   B: tam_event_delivery_seconds, observed after the consumer's commit and ack: the whole"
    );
    println!(
        "      path, but bucketed (1 ms x 2^k): shown as bucket and linear estimate inside it; its"
    );
    println!(
        "      mean is exact (histogram sum / count). B mean - A mean = the commit + ack share."
    );
    println!();
    let skew = |shares: &[f64]| {
        let worst = shares.iter().copied().fold(0.0, f64::max);
        if worst > 0.05 {
            format!(
                " [skewed: other work took {:.0}% of the machine]",
                worst * 100.0
            )
        } else {
            String::new()
        }
    };
    let best_index = backlog
        .iter()
        .position(|r| r.prefetch == best.prefetch)
        .unwrap_or(0);
    let throughput_skew = skew(&[
        raw_contention.worst(),
        backlog_contention[best_index].worst(),
    ]);
    let latency_skew = skew(&[latency_contention.worst()]);
    println!("4. Goals");
    println!(
        "   pipeline >= 50% of raw: {} ({:.0} ev/s at prefetch {} vs {:.0} msg/s raw window {} = {:.0}%){throughput_skew}",
        verdict(throughput_ok),
        best.rate,
        best.prefetch,
        raw_ref.rate,
        raw_ref.window,
        ratio * 100.0
    );
    println!(
        "   p99 at {}/s < 50 ms:    {} (pre-commit p99 {:.2} ms; post-commit p99 in {} ms{}){latency_skew}",
        cfg.rate,
        verdict(latency_ok),
        p99_pre,
        bucket_text(p99_post),
        if latency_conclusive {
            ""
        } else {
            "; that bucket straddles 50 ms, so the exact pre-commit p99 decides"
        }
    );
    println!("   whole run: {:.1} s", run_started.elapsed().as_secs_f64());
    println!();
    println!(
        "5. Other work: share of all {cores} cores taken by other processes (not the bench, Postgres,\n   RabbitMQ) / stolen by the hypervisor"
    );
    println!(
        "   {}",
        contention
            .iter()
            .map(|(phase, c)| format!("{phase} {:.0}%/{:.0}%", c.share * 100.0, c.steal * 100.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if contended {
        println!("   WARNING: other work took more than 5% of the machine in some phase; those figures are skewed.");
    } else {
        println!("   clean run: no phase shared more than 5% of the machine.");
    }

    let bucket_json = |b: Bucketed| {
        json!({
            "lower_ms": b.lower_ms,
            "upper_ms": if b.upper_ms.is_finite() { json!(b.upper_ms) } else { json!(null) },
            "estimate_ms": b.estimate_ms,
        })
    };
    let summary = json!({
        "bench": "tam-events pipeline",
        "cores": cores,
        "other_work": contention
            .iter()
            .map(|(phase, c)| json!({
                "phase": phase,
                "share": (c.share * 1000.0).round() / 1000.0,
                "steal": (c.steal * 1000.0).round() / 1000.0,
                "cpu_secs": (c.cpu_secs * 10.0).round() / 10.0,
            }))
            .collect::<Vec<_>>(),
        "envelope_bytes": body.len(),
        "events": cfg.events,
        "pool": cfg.pool,
        "relay_batch": RelaySettings::default().batch_size,
        "raw": raw.iter().map(|r| json!({
            "variant": r.label, "window": r.window, "msg_per_s": r.rate.round(),
            "min": r.min.round(), "max": r.max.round(),
        })).collect::<Vec<_>>(),
        "pipeline": backlog.iter().map(|r| json!({
            "prefetch": r.prefetch,
            "relay_ev_per_s": (cfg.events as f64 / r.relay_secs).round(),
            "ev_per_s": r.rate.round(),
            "failed": r.failed,
            "redelivered": r.redelivered,
        })).collect::<Vec<_>>(),
        "pipeline_best": { "prefetch": best.prefetch, "ev_per_s": best.rate.round() },
        "isolated": {
            "prefetch": best.prefetch,
            "relay_ev_per_s": isolated.relay_rate.round(),
            "consumer_ev_per_s": isolated.consumer_rate.round(),
        },
        "continuous": {
            "writers": continuous.writers,
            "commits_per_s": continuous.commit_rate.round(),
            "ev_per_s": continuous.rate.round(),
            "pgbench_tps": pgbench.round(),
            "pgbench_notify_trigger_tps": pgbench_notify.round(),
        },
        "ratio": (ratio * 1000.0).round() / 1000.0,
        "latency": {
            "rate": cfg.rate,
            "achieved_rate": lat.achieved_rate.round(),
            "events": lat.events,
            "prefetch": lat.prefetch,
            "pre_commit_ms": {
                "mean": lat.pre_commit_mean_ms, "p50": lat.pre_commit[0], "p90": lat.pre_commit[1],
                "p99": lat.pre_commit[2], "max": lat.pre_commit[3],
            },
            "to_consumer_begin_ms": {
                "mean": lat.to_begin[0], "p50": lat.to_begin[1],
                "p99": lat.to_begin[2], "max": lat.to_begin[3],
            },
            "consumer_tx_ms": {
                "mean": lat.in_tx[0], "p50": lat.in_tx[1],
                "p99": lat.in_tx[2], "max": lat.in_tx[3],
            },
            "post_commit_mean_ms": lat.post_commit_mean_ms,
            "post_commit_bucketed": {
                "p50": bucket_json(lat.post_commit[0]), "p90": bucket_json(lat.post_commit[1]),
                "p99": bucket_json(lat.post_commit[2]), "max": bucket_json(lat.post_commit[3]),
            },
        },
        "clean_run": !contended,
        "goals": {
            "throughput_half_of_raw": verdict(throughput_ok),
            "p99_under_50ms": verdict(latency_ok),
        },
    });
    println!();
    println!("{summary}");
    println!();

    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    let skew_note = |c: Contention| {
        format!(
            "other work took {:.0}% of the machine; load average {load}",
            c.worst() * 100.0
        )
    };
    record(
        &Measurement::new(
            "event pipeline: outbox commit → consumer commit, events/s",
            best.rate,
            "events/s",
            Goal::RatioAtLeast { ratio: 0.5 },
        )
        .against(
            format!(
                "raw lapin publish with confirms (window {}, median of {})",
                raw_ref.window, cfg.raw_rounds
            ),
            raw_ref.rate,
        )
        .note(format!(
            "{} pre-committed events of {} bytes, consumer prefetch {} (best of {:?}), pool {}, \
             relay batch {}; {}",
            cfg.events,
            body.len(),
            best.prefetch,
            cfg.prefetch,
            cfg.pool,
            RelaySettings::default().batch_size,
            skew_note(backlog_contention[best_index])
        )),
    );
    record(
        &Measurement::new(
            format!("event pipeline: p99 ms at a steady {} events/s", cfg.rate),
            lat.pre_commit[2],
            "ms",
            Goal::AtMost { value: 50.0 },
        )
        .note(format!(
            "worst of {} runs of {} s (p99 {} ms), one event per transaction; occurred_at → the \
             consumer's last statement (exact; its commit and ack: post-commit p99 bucket {} ms); {}",
            latencies.len(),
            cfg.latency_secs,
            latencies
                .iter()
                .map(|l| format!("{:.1}", l.pre_commit[2]))
                .collect::<Vec<_>>()
                .join(" / "),
            bucket_text(lat.post_commit[2]),
            skew_note(latency_contention)
        )),
    );
    record(
        &Measurement::new(
            "event pipeline: 8 writers, one event per transaction, end to end events/s",
            continuous.rate,
            "events/s",
            Goal::RatioAtLeast { ratio: 0.5 },
        )
        .against(
            "pgbench, the same 8 writers' transactions (ledger row + outbox row), no trigger",
            pgbench,
        )
        .note(format!(
            "{} events; producer commits {:.0}/s; {}",
            cfg.events,
            continuous.commit_rate,
            skew_note(continuous_contention)
        )),
    );
    record(
        &Measurement::new(
            "event pipeline: pgbench's 8 writers with the old NOTIFY trigger, tps",
            pgbench_notify,
            "events/s",
            Goal::None,
        )
        .against("the same without the trigger", pgbench)
        .note(
            "what the trigger cost producers before issue 19 (the relay is now woken in-process)",
        ),
    );
    record(
        &Measurement::new(
            "event pipeline: relay alone, events/s",
            isolated.relay_rate,
            "events/s",
            Goal::None,
        )
        .against("raw lapin publish with confirms", raw_ref.rate),
    );
    record(&Measurement::new(
        format!(
            "event pipeline: consumer alone (prefetch {}), events/s",
            best.prefetch
        ),
        isolated.consumer_rate,
        "events/s",
        Goal::None,
    ));
    Summary {
        raw_rate: raw_ref.rate,
        pipeline_rate: best.rate,
        continuous_rate: continuous.rate,
        pgbench_rate: pgbench,
        p99_ms: lat.pre_commit[2],
    }
}
