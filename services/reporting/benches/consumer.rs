//! Reporting's consumer against the event pipeline's own rate, in one run, through the
//! local broker and database (fresh test databases, a unique broker prefix per round):
//!
//! - the events: `calling.call.completed` as calling writes them (the outcome mix of a
//!   working day, 60 agents in 6 teams, 3 work orders and programs at one site, notes,
//!   product codes on AGREEs, promised times on FOLLOW UPs; ~700-byte envelopes),
//!   committed to calling's outbox beforehand, 100 to a transaction;
//! - the baseline: the same events through the same relay and broker into a consumer
//!   that records only its inbox (`processed_events`: the batch handler does nothing),
//!   i.e. the pipeline's own rate;
//! - reporting: the same into reporting's real consumer (`consume::subscriptions()`, its
//!   schema with every migration: the raw event log and every family's `apply`);
//! - each measured two ways: end to end (consumer subscribed, then the relay starts: from
//!   the relay's start to the last event applied) and the consumer alone (the relay has
//!   filled the queue first: from the consumer's start to the last event applied);
//! - rounds interleaved (baseline, reporting, baseline, ...) so that noise on the shared
//!   machine does not land on one side only; the median is reported.
//!
//! Goal: the consumer is not the bottleneck: reporting's end-to-end rate ≥ the pipeline's
//! (the ratio is printed; "met" when the median ratio is ≥ 1.0 or within the baseline's
//! own round-to-round spread).
//!
//! `cargo bench -p tam-reporting --bench consumer`. Knobs: `BENCH_EVENTS` (20000),
//! `BENCH_ROUNDS` (3), `BENCH_PREFETCH` (32, the production default `TAM_CONSUMER_PREFETCH`),
//! `BENCH_POOL` (16), `BENCH_REPORTING_PREFETCH` (256, the production default of
//! `TAM_REPORTING_CONSUMER_PREFETCH`: reporting's consumer's own prefetch, the baseline
//! keeping `BENCH_PREFETCH`); `TAM_BENCH_SMOKE=1` or `--smoke`: 300
//! events, one round.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Duration as Span, Utc};
use diesel::sql_types::BigInt;
use diesel::QueryableByName;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, RunQueryDsl};
use lapin::options::QueueDeclareOptions;
use lapin::types::FieldTable;
use serde_json::json;
use tam_contracts::calling::{CallCompleted, CallRef};
use tam_db::testing::TestDatabase;
use tam_db::{DbPool, SchemaMigrations};
use tam_events::topology::{self, Topology};
use tam_events::{
    Bus, BusMetrics, BusSettings, ConsumerSettings, EventHandler, Producer, RelaySettings,
    SenderPolicy, Subscriptions,
};
use tam_kernel::{Outcome, Program, Site};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const CALLING: SchemaMigrations = SchemaMigrations {
    schema: "calling",
    sources: &[tam_events::MIGRATIONS],
};
/// The baseline consumer's schema: the inbox and nothing else.
const INBOX_ONLY: SchemaMigrations = SchemaMigrations {
    schema: "inbox_only",
    sources: &[tam_events::MIGRATIONS],
};
const WAIT: Duration = Duration::from_secs(600);

#[derive(Debug, Clone)]
pub struct Config {
    pub events: usize,
    pub rounds: usize,
    pub prefetch: u16,
    /// Reporting's consumer's own prefetch (the pipeline's baseline keeps `prefetch`):
    /// what reporting would fold with a larger prefetch of its own.
    pub reporting_prefetch: u16,
    pub pool: usize,
    pub amqp_url: String,
}

impl Config {
    pub fn new(smoke: bool) -> Self {
        let pick = |full, small| if smoke { small } else { full };
        Self {
            events: common::knob("BENCH_EVENTS", pick(20_000, 300)),
            rounds: common::knob("BENCH_ROUNDS", pick(3, 1)),
            prefetch: common::knob("BENCH_PREFETCH", 32) as u16,
            reporting_prefetch: common::knob(
                "BENCH_REPORTING_PREFETCH",
                usize::from(
                    tam_runtime::ServiceName::Reporting
                        .default_consumer_prefetch()
                        .unwrap_or(32),
                ),
            ) as u16,
            pool: common::knob("BENCH_POOL", 16),
            amqp_url: std::env::var("TAM_TEST_AMQP_URL")
                .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Records the inbox only: the pipeline's own rate.
    InboxOnly,
    /// Reporting's real consumer.
    Reporting,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::InboxOnly => "pipeline (inbox-only consumer)",
            Kind::Reporting => "reporting's consumer",
        }
    }

    fn schema(self) -> SchemaMigrations {
        match self {
            Kind::InboxOnly => INBOX_ONLY,
            Kind::Reporting => tam_reporting::MIGRATIONS,
        }
    }

    fn handler(self) -> Arc<dyn EventHandler> {
        match self {
            Kind::InboxOnly => Arc::new(Subscriptions::new().on_envelopes(
                &[<CallCompleted as tam_events::Event>::TYPE],
                |_conn, _events| Box::pin(async { Ok(()) }),
            )),
            Kind::Reporting => Arc::new(tam_reporting::consume::subscriptions()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The consumer subscribed, then the relay starts.
    EndToEnd,
    /// The relay fills the queue, then the consumer starts.
    ConsumerAlone,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn count(pool: &DbPool, sql: &str) -> i64 {
    let mut conn = pool.get().await.unwrap();
    diesel::sql_query(sql)
        .get_result::<Count>(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

/// One round: a fresh database (calling's outbox, the consumer's schema) and prefix.
struct Round {
    /// Kept for the round: the database is dropped with it.
    _db: TestDatabase,
    prefix: String,
    amqp_url: String,
    calling: DbPool,
    consumer: DbPool,
    prefetch: u16,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
}

impl Round {
    async fn new(cfg: &Config, kind: Kind) -> Self {
        let db = TestDatabase::create(&[CALLING, kind.schema()])
            .await
            .unwrap();
        Self {
            calling: common::pool(db.url(), "calling", cfg.pool),
            consumer: common::pool(db.url(), kind.schema().schema, cfg.pool),
            _db: db,
            prefix: format!("tam_bench_{}", Uuid::now_v7().simple()),
            amqp_url: cfg.amqp_url.clone(),
            prefetch: match kind {
                Kind::InboxOnly => cfg.prefetch,
                Kind::Reporting => cfg.reporting_prefetch,
            },
            shutdown: CancellationToken::new(),
            tasks: Vec::new(),
        }
    }

    fn settings(&self) -> BusSettings {
        BusSettings {
            amqp_url: self.amqp_url.clone(),
            prefix: self.prefix.clone(),
            relay: RelaySettings::default(),
            consumer: ConsumerSettings {
                prefetch: self.prefetch,
                ..ConsumerSettings::default()
            },
            max_reconnect_delay: Duration::from_secs(1),
            senders: SenderPolicy::default(),
        }
    }

    async fn channel(&self) -> (lapin::Connection, lapin::Channel) {
        let conn = topology::connect(&self.amqp_url, &format!("{}.bench", self.prefix))
            .await
            .unwrap();
        let channel = conn.create_channel().await.unwrap();
        (conn, channel)
    }

    /// Declares the consumer's queue (bound to what it subscribes to), so that the relay
    /// never meets an unroutable event.
    async fn declare_queue(&self, handler: &dyn EventHandler) {
        let (conn, channel) = self.channel().await;
        Topology::new(self.prefix.clone(), "reporting")
            .declare_queue(&channel, &handler.subscriptions(), 5)
            .await
            .unwrap();
        let _ = conn.close(200, "done").await;
    }

    async fn wait_subscribed(&self) {
        let (conn, channel) = self.channel().await;
        let queue = Topology::new(self.prefix.clone(), "reporting").queue();
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
    }

    fn start_relay(&mut self) -> BusMetrics {
        let metrics = BusMetrics::new(&prometheus::Registry::new()).unwrap();
        let bus = Bus::new(
            "calling",
            self.calling.clone(),
            self.settings(),
            None,
            metrics.clone(),
        );
        self.tasks
            .push(tokio::spawn(bus.run(self.shutdown.clone())));
        metrics
    }

    /// Reporting's background compaction of the counters' delta rows, as the service runs
    /// it (on the consumer's pool, at the default interval): its cost is in the figure.
    fn start_compactor(&mut self) {
        let compactor = tam_reporting::compact::Compactor {
            pool: self.consumer.clone(),
            interval: tam_reporting::compact::DEFAULT_INTERVAL,
        };
        self.tasks
            .push(tokio::spawn(compactor.run(self.shutdown.clone())));
    }

    fn start_consumer(&mut self, handler: Arc<dyn EventHandler>) -> BusMetrics {
        let metrics = BusMetrics::new(&prometheus::Registry::new()).unwrap();
        let bus = Bus::new(
            "reporting",
            self.consumer.clone(),
            self.settings(),
            Some(handler),
            metrics.clone(),
        );
        self.tasks
            .push(tokio::spawn(bus.run(self.shutdown.clone())));
        metrics
    }

    async fn finish(mut self) {
        self.shutdown.cancel();
        for task in std::mem::take(&mut self.tasks) {
            task.await.unwrap();
        }
        tam_testkit::remove_topology(&self.amqp_url, &self.prefix).await;
    }
}

fn applied(metrics: &BusMetrics) -> u64 {
    metrics.consumed.with_label_values(&["applied"]).get()
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

const AGENTS: u32 = 60;
const TEAMS: u32 = 6;
const NOTES: [&str; 6] = [
    "pelanggan minta ditelepon lagi setelah jam makan siang, suami yang memutuskan",
    "sudah pakai paket serupa dari operator lain, tidak tertarik",
    "setuju minipack 3 bulan, minta SMS konfirmasi",
    "nomor tidak aktif",
    "yang angkat anaknya, bapak sedang di luar kota",
    "",
];

/// The `i`-th call of the day: an outcome from a working day's mix, its agent, team and
/// work order, and what the agent typed.
pub fn call_completed(i: u64, work_orders: &[(Uuid, Program)]) -> CallCompleted {
    let agent = (i % u64::from(AGENTS)) as u32;
    let (work_order_id, program) = work_orders[(i % work_orders.len() as u64) as usize];
    // Of 100 calls: 35 no answer, 10 busy, 10 unreachable, 5 rejected, 5 wrong number,
    // 15 declines, 8 follow-ups, 12 agrees.
    let outcome = match i % 100 {
        0..=34 => Outcome::NoAnswer,
        35..=44 => Outcome::Busy,
        45..=54 => Outcome::Unreachable,
        55..=59 => Outcome::Rejected,
        60..=64 => Outcome::WrongNumber,
        65..=79 => Outcome::Decline,
        80..=87 => Outcome::FollowUp,
        _ => Outcome::Agree,
    };
    let ended_at = Utc::now();
    let duration = match outcome {
        Outcome::NoAnswer | Outcome::Busy | Outcome::Unreachable => 20 + (i % 25) as u32,
        Outcome::Rejected | Outcome::WrongNumber => 30 + (i % 40) as u32,
        _ => 90 + (i % 400) as u32,
    };
    let agree = outcome == Outcome::Agree;
    CallCompleted {
        call: CallRef {
            call_id: Uuid::now_v7(),
            claim_id: Uuid::now_v7(),
            prospect_id: Uuid::from_u128(0x5052_0000_0000_0000_0000_0000_0000_0000 + u128::from(i)),
            work_order_id,
            agent_id: Uuid::from_u128(
                0xA6E7_0000_0000_0000_0000_0000_0000_0000 + u128::from(agent),
            ),
            team_id: Some(Uuid::from_u128(
                0x7EA3_0000_0000_0000_0000_0000_0000_0000 + u128::from(agent % TEAMS),
            )),
            site: Site::Medan,
            program,
        },
        outcome,
        product_code: (agree && program != Program::Ct0Pranpc).then(|| "MINIPACK".to_owned()),
        negotiation_step: (agree && program == Program::Ct0Pranpc).then_some(2),
        follow_up_at: (outcome == Outcome::FollowUp).then(|| ended_at + Span::hours(3)),
        notes: Some(NOTES[(i % NOTES.len() as u64) as usize].to_owned()).filter(|n| !n.is_empty()),
        started_at: ended_at - Span::seconds(i64::from(duration)),
        ended_at,
        duration_seconds: duration,
        has_recording: outcome.is_contacted(),
    }
}

pub fn work_orders() -> Vec<(Uuid, Program)> {
    vec![
        (Uuid::from_u128(0x3030_0001), Program::AddOnConsumer),
        (Uuid::from_u128(0x3030_0002), Program::WifiAddonDigital),
        (Uuid::from_u128(0x3030_0003), Program::Ct0Pranpc),
    ]
}

/// Commits `events` calls to calling's outbox, 100 to a transaction, from four writers.
async fn precommit(pool: &DbPool, events: usize) {
    const WRITERS: usize = 4;
    const PER_TX: usize = 100;
    let transactions = events.div_ceil(PER_TX);
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let pool = pool.clone();
        writers.push(tokio::spawn(async move {
            let work_orders = work_orders();
            let mut conn = pool.get().await.unwrap();
            for t in (w..transactions).step_by(WRITERS) {
                let first = t * PER_TX;
                let last = (first + PER_TX).min(events);
                let work_orders = &work_orders;
                conn.transaction::<_, diesel::result::Error, _>(|conn| {
                    async move {
                        for i in first..last {
                            Producer("calling")
                                .publish(
                                    conn,
                                    Site::Medan,
                                    Some("bench"),
                                    &call_completed(i as u64, work_orders),
                                )
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

#[derive(Debug, Clone)]
struct Measured {
    kind: Kind,
    mode: Mode,
    rate: f64,
    failed: u64,
    redelivered: u64,
}

async fn measure(cfg: &Config, kind: Kind, mode: Mode) -> Measured {
    let mut round = Round::new(cfg, kind).await;
    let handler = kind.handler();
    round.declare_queue(handler.as_ref()).await;
    precommit(&round.calling, cfg.events).await;
    if kind == Kind::Reporting {
        round.start_compactor();
    }
    let n = cfg.events as u64;
    let (consumer, secs) = match mode {
        Mode::EndToEnd => {
            let consumer = round.start_consumer(handler);
            round.wait_subscribed().await;
            let started = Instant::now();
            round.start_relay();
            wait_for("the consumer applied every event", || {
                applied(&consumer) >= n
            })
            .await;
            (consumer, started.elapsed().as_secs_f64())
        }
        Mode::ConsumerAlone => {
            let relay = round.start_relay();
            wait_for("the relay published every event", || {
                relay.published.get() >= n
            })
            .await;
            let started = Instant::now();
            let consumer = round.start_consumer(handler);
            wait_for("the consumer applied every event", || {
                applied(&consumer) >= n
            })
            .await;
            (consumer, started.elapsed().as_secs_f64())
        }
    };
    let inbox = count(
        &round.consumer,
        "SELECT count(*) AS n FROM processed_events",
    )
    .await;
    assert_eq!(inbox, cfg.events as i64, "every event in the inbox once");
    if kind == Kind::Reporting {
        // Counted once each, before and after the last compaction.
        let counted = "SELECT COALESCE(SUM(events), 0)::bigint AS n FROM event_counts";
        let calls = "SELECT COALESCE(SUM(calls), 0)::bigint AS n FROM outbound_day";
        assert_eq!(count(&round.consumer, counted).await, cfg.events as i64);
        assert_eq!(count(&round.consumer, calls).await, cfg.events as i64);
        let mut conn = round.consumer.get().await.unwrap();
        tam_reporting::compact::compact(&mut conn).await.unwrap();
        drop(conn);
        assert_eq!(count(&round.consumer, counted).await, cfg.events as i64);
        assert_eq!(count(&round.consumer, calls).await, cfg.events as i64);
        let deltas = "SELECT count(*) AS n FROM outbound_day WHERE delta";
        assert_eq!(count(&round.consumer, deltas).await, 0);
        // Quality's AGREE calls (pipelined with outbound's statements): 12 in 100.
        let agrees = (0..cfg.events).filter(|i| i % 100 >= 88).count() as i64;
        let stored = "SELECT count(*) AS n FROM quality_agree_calls";
        assert_eq!(count(&round.consumer, stored).await, agrees);
    }
    let measured = Measured {
        kind,
        mode,
        rate: n as f64 / secs,
        failed: consumer.consumed.with_label_values(&["failed"]).get(),
        redelivered: consumer.redeliveries.get(),
    };
    round.finish().await;
    measured
}

/// What the consumer bench found.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pipeline_rate: f64,
    pub reporting_rate: f64,
    pub ratio: f64,
    pub met: bool,
    pub pipeline_alone: f64,
    pub reporting_alone: f64,
}

fn envelope_bytes() -> usize {
    let envelope = tam_events::Envelope::new(
        &Producer("calling").context(Site::Medan, Some("bench")),
        &call_completed(87, &work_orders()),
    )
    .unwrap();
    serde_json::to_string(&envelope).unwrap().len()
}

pub async fn run(cfg: Config) -> Summary {
    println!("reporting consumer benchmark ({})", common::machine());
    println!(
        "  {} calling.call.completed events a round (~{} bytes each), prefetch {} (reporting's {}), pool {}, {} round(s)",
        cfg.events,
        envelope_bytes(),
        cfg.prefetch,
        cfg.reporting_prefetch,
        cfg.pool,
        cfg.rounds
    );
    let mut results: Vec<Measured> = Vec::new();
    for round in 0..cfg.rounds {
        for mode in [Mode::EndToEnd, Mode::ConsumerAlone] {
            for kind in [Kind::InboxOnly, Kind::Reporting] {
                eprintln!("[round {}] {} ({mode:?}) ...", round + 1, kind.label());
                let m = measure(&cfg, kind, mode).await;
                eprintln!("    {:.0} events/s", m.rate);
                results.push(m);
            }
        }
    }
    let rates = |kind, mode| -> Vec<f64> {
        results
            .iter()
            .filter(|m| m.kind == kind && m.mode == mode)
            .map(|m| m.rate)
            .collect()
    };
    let range = |v: &[f64]| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(0.0, f64::max);
        (lo, hi)
    };
    let base = rates(Kind::InboxOnly, Mode::EndToEnd);
    let rep = rates(Kind::Reporting, Mode::EndToEnd);
    let base_alone = rates(Kind::InboxOnly, Mode::ConsumerAlone);
    let rep_alone = rates(Kind::Reporting, Mode::ConsumerAlone);
    let (pipeline_rate, reporting_rate) = (common::median(&base), common::median(&rep));
    let (pipeline_alone, reporting_alone) =
        (common::median(&base_alone), common::median(&rep_alone));
    let ratio = reporting_rate / pipeline_rate;
    let met = ratio >= 1.0 || reporting_rate >= range(&base).0;
    let failed: u64 = results.iter().map(|m| m.failed).sum();
    let redelivered: u64 = results.iter().map(|m| m.redelivered).sum();

    println!();
    let row = |what: &str, v: &[f64]| {
        let (lo, hi) = range(v);
        vec![
            what.to_owned(),
            common::thousands(common::median(v)),
            format!("{}–{}", common::thousands(lo), common::thousands(hi)),
        ]
    };
    common::print_table(
        &["measure (events/s)", "median", "range of rounds"],
        &[
            row(
                "pipeline: relay → broker → inbox-only consumer, end to end",
                &base,
            ),
            row(
                "reporting: relay → broker → reporting's consumer, end to end",
                &rep,
            ),
            row(
                "inbox-only consumer alone (queue filled first)",
                &base_alone,
            ),
            row(
                "reporting's consumer alone (queue filled first)",
                &rep_alone,
            ),
        ],
    );
    println!();
    println!(
        "reporting ÷ pipeline, end to end: {:.2} (consumer alone: {:.2}); goal ≥ 1.0 (the consumer is not the bottleneck): {}",
        ratio,
        reporting_alone / pipeline_alone,
        common::verdict(met)
    );
    println!("failed deliveries {failed}, redeliveries {redelivered}");
    println!(
        "{}",
        json!({
            "bench": "reporting consumer",
            "events": cfg.events,
            "rounds": cfg.rounds,
            "prefetch": cfg.prefetch,
            "reporting_prefetch": cfg.reporting_prefetch,
            "pipeline_ev_per_s": pipeline_rate.round(),
            "reporting_ev_per_s": reporting_rate.round(),
            "ratio": (ratio * 1000.0).round() / 1000.0,
            "inbox_only_alone_ev_per_s": pipeline_alone.round(),
            "reporting_alone_ev_per_s": reporting_alone.round(),
            "goal": common::verdict(met),
            "date": common::today(),
        })
    );
    Summary {
        pipeline_rate,
        reporting_rate,
        ratio,
        met,
        pipeline_alone,
        reporting_alone,
    }
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let summary = runtime.block_on(run(Config::new(common::smoke())));
    // The reporting consumer's ceiling (issue 16): the pipeline's own rate into an
    // inbox-only consumer, in the same run.
    tam_testkit::bench::record(
        &tam_testkit::bench::Measurement::new(
            "reporting consumer: events through the relay, broker and reporting's fold",
            summary.reporting_rate,
            "events/s",
            tam_testkit::bench::Goal::RatioAtLeast { ratio: 1.0 },
        )
        .against(
            "the pipeline into an inbox-only consumer",
            summary.pipeline_rate,
        ),
    );
}
