//! The event bus against the real broker and database: exactly-once effects across
//! services, redelivery after a consumer dies, poison messages to the DLQ, a relay whose
//! connection is cut mid-stream, and a rolled-back transaction that publishes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Uuid as SqlUuid};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use lapin::options::{BasicGetOptions, QueueDeclareOptions};
use lapin::types::FieldTable;
use serde::{Deserialize, Serialize};
use tam_db::testing::{wait_until, TestDatabase};
use tam_db::{connect_pool, DbPool, PoolSettings, SchemaMigrations};
use tam_events::topology::{self, Topology};
use tam_events::{
    apply, Applied, Bus, BusMetrics, BusSettings, ConsumerSettings, Envelope, Event, EventHandler,
    HandlerError, Producer, RelaySettings, SenderPolicy,
};
use tam_kernel::Site;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const TEST_TABLES: EmbeddedMigrations = embed_migrations!("tests/migrations");
static SOURCES: &[EmbeddedMigrations] = &[tam_events::MIGRATIONS, TEST_TABLES];
const PRODUCER: SchemaMigrations = SchemaMigrations {
    schema: "producer",
    sources: SOURCES,
};
const CONSUMER: SchemaMigrations = SchemaMigrations {
    schema: "consumer",
    sources: SOURCES,
};
const WAIT: Duration = Duration::from_secs(30);

#[derive(Debug, Serialize, Deserialize)]
struct Noted {
    n: i32,
    #[serde(default)]
    poison: bool,
}

impl Event for Noted {
    const TYPE: &'static str = "producer.note.added";
    const VERSION: u16 = 1;
}

/// Records every event it applies; refuses poison.
struct Recorder;

#[async_trait]
impl EventHandler for Recorder {
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
        if note.poison {
            return Err(HandlerError::Rejected("poison".into()));
        }
        diesel::sql_query("INSERT INTO applied (event_id, n) VALUES ($1, $2)")
            .bind::<SqlUuid, _>(event.id)
            .bind::<Integer, _>(note.n)
            .execute(conn)
            .await?;
        Ok(())
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

struct Harness {
    /// Kept for the harness: the database is dropped with it.
    _db: TestDatabase,
    prefix: String,
    amqp_url: String,
    producer: DbPool,
    consumer: DbPool,
    shutdown: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Harness {
    async fn new() -> Self {
        let db = TestDatabase::create(&[PRODUCER, CONSUMER]).await.unwrap();
        let settings = PoolSettings {
            max_size: 8,
            ..PoolSettings::default()
        };
        Self {
            producer: connect_pool(db.url(), "producer", settings).unwrap(),
            consumer: connect_pool(db.url(), "consumer", settings).unwrap(),
            _db: db,
            prefix: format!("tam_test_{}", Uuid::now_v7().simple()),
            amqp_url: std::env::var("TAM_TEST_AMQP_URL")
                .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into()),
            shutdown: CancellationToken::new(),
            tasks: Vec::new(),
        }
    }

    fn settings(&self, relay_batch: i64, delivery_limit: u32) -> BusSettings {
        BusSettings {
            amqp_url: self.amqp_url.clone(),
            prefix: self.prefix.clone(),
            relay: RelaySettings {
                batch_size: relay_batch,
                ..RelaySettings::default()
            },
            consumer: ConsumerSettings {
                delivery_limit,
                lag_sample_interval: Duration::from_millis(200),
                ..ConsumerSettings::default()
            },
            max_reconnect_delay: Duration::from_secs(1),
            senders: SenderPolicy::default(),
        }
    }

    /// Starts a service's bus; returns its metrics.
    async fn start(
        &mut self,
        service: &str,
        handler: Option<Arc<dyn EventHandler>>,
        settings: BusSettings,
    ) -> BusMetrics {
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
        wait_until("the bus is connected", WAIT, || {
            let ready = health.is_connected();
            async move { ready.then_some(()) }
        })
        .await
        .unwrap();
        metrics
    }

    async fn start_consumer(&mut self, delivery_limit: u32) -> BusMetrics {
        let settings = self.settings(500, delivery_limit);
        self.start("consumer", Some(Arc::new(Recorder)), settings)
            .await
    }

    /// Commits a ledger row and its event together.
    async fn commit_note(&self, n: i32, poison: bool) -> Envelope {
        let mut conn = self.producer.get().await.unwrap();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            async move {
                diesel::sql_query("INSERT INTO ledger (id, note) VALUES ($1, 'x')")
                    .bind::<SqlUuid, _>(Uuid::now_v7())
                    .execute(conn)
                    .await?;
                SERVICE
                    .publish(conn, SITE, Some(REQUEST), &Noted { n, poison })
                    .await
            }
            .scope_boxed()
        })
        .await
        .unwrap()
    }

    async fn count(&self, pool: &DbPool, sql: &str) -> i64 {
        let mut conn = pool.get().await.unwrap();
        diesel::sql_query(sql)
            .get_result::<Count>(&mut conn)
            .await
            .unwrap()
            .n
    }

    async fn wait_applied(&self, expected: i64) {
        wait_until("the consumer applied every event", WAIT, || async move {
            let n = self
                .count(&self.consumer, "SELECT count(*) AS n FROM applied")
                .await;
            (n >= expected).then_some(())
        })
        .await
        .unwrap();
    }

    async fn channel(&self) -> (lapin::Connection, lapin::Channel) {
        let conn = topology::connect(&self.amqp_url, &format!("{}.test", self.prefix))
            .await
            .unwrap();
        let channel = conn.create_channel().await.unwrap();
        (conn, channel)
    }

    async fn message_count(&self, queue: &str) -> u32 {
        let (conn, channel) = self.channel().await;
        let passive = QueueDeclareOptions {
            passive: true,
            ..QueueDeclareOptions::default()
        };
        let q = channel
            .queue_declare(queue, passive, FieldTable::default())
            .await
            .unwrap();
        let _ = conn.close(200, "done").await;
        q.message_count()
    }

    /// Stops the buses and removes this test's queues and exchanges.
    async fn finish(mut self) {
        self.shutdown.cancel();
        for task in std::mem::take(&mut self.tasks) {
            task.await.unwrap();
        }
        let (conn, channel) = self.channel().await;
        for service in ["producer", "consumer"] {
            let t = Topology::new(self.prefix.clone(), service);
            let _ = t.delete_queues(&channel).await;
        }
        let _ = Topology::new(self.prefix.clone(), "consumer")
            .delete_exchanges(&channel)
            .await;
        let _ = conn.close(200, "done").await;
    }
}

/// The producing service of these tests, and what its events say.
const SERVICE: Producer = Producer("producer");
const SITE: Site = Site::Medan;
const REQUEST: &str = "test-request";

#[tokio::test]
async fn committed_event_reaches_the_other_service_and_is_applied_once() {
    let mut h = Harness::new().await;
    let metrics = h.start_consumer(5).await;
    h.start("producer", None, h.settings(500, 5)).await;

    let mut sent = Vec::new();
    for n in 0..20 {
        sent.push(h.commit_note(n, false).await.id);
    }
    h.wait_applied(20).await;

    let distinct = h
        .count(
            &h.consumer,
            "SELECT count(DISTINCT event_id) AS n FROM applied",
        )
        .await;
    assert_eq!(distinct, 20);
    let mut conn = h.consumer.get().await.unwrap();
    for id in &sent {
        let c: Count = diesel::sql_query("SELECT count(*) AS n FROM applied WHERE event_id = $1")
            .bind::<SqlUuid, _>(id)
            .get_result(&mut conn)
            .await
            .unwrap();
        assert_eq!(c.n, 1, "event {id} applied {} times", c.n);
    }
    drop(conn);
    wait_until("the outbox is empty", WAIT, || async {
        (h.count(&h.producer, "SELECT count(*) AS n FROM outbox")
            .await
            == 0)
            .then_some(())
    })
    .await
    .unwrap();
    assert_eq!(
        h.count(&h.consumer, "SELECT count(*) AS n FROM processed_events")
            .await,
        20
    );
    assert_eq!(metrics.consumed.with_label_values(&["applied"]).get(), 20);
    h.finish().await;
}

#[derive(QueryableByName)]
struct Kept {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = SqlUuid)]
    event_id: Uuid,
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    last_error: Option<String>,
}

/// The relay claims rows by deleting them in its transaction; a row the broker refuses
/// must come back as it was (same seq and event id), marked and postponed, and be
/// delivered once a queue is there.
#[tokio::test]
async fn an_event_the_broker_returns_stays_in_the_outbox_and_goes_out_later() {
    let mut h = Harness::new().await;
    let mut sent = Vec::new();
    for n in 0..3 {
        sent.push(h.commit_note(n, false).await.id);
    }
    let before: Vec<Kept> = {
        let mut conn = h.producer.get().await.unwrap();
        diesel::sql_query("SELECT seq, event_id, attempts, last_error FROM outbox ORDER BY seq")
            .load(&mut conn)
            .await
            .unwrap()
    };
    // No consumer yet: no queue is bound, so every event comes back unroutable.
    let producer = h.start("producer", None, h.settings(500, 5)).await;
    wait_until("the broker returned every event", WAIT, || {
        let returned = producer
            .publish_failures
            .with_label_values(&["returned"])
            .get();
        async move { (returned >= 3).then_some(()) }
    })
    .await
    .unwrap();
    let kept: Vec<Kept> = {
        let mut conn = h.producer.get().await.unwrap();
        diesel::sql_query("SELECT seq, event_id, attempts, last_error FROM outbox ORDER BY seq")
            .load(&mut conn)
            .await
            .unwrap()
    };
    assert_eq!(kept.len(), 3, "a returned event left the outbox");
    for (was, is) in before.iter().zip(&kept) {
        assert_eq!((was.seq, was.event_id), (is.seq, is.event_id));
        assert!(is.attempts >= 1, "attempts {}", is.attempts);
        assert_eq!(is.last_error.as_deref(), Some("returned"));
    }
    assert_eq!(kept.iter().map(|k| k.event_id).collect::<Vec<_>>(), sent);

    // With the consumer's queue declared, the postponed rows go out.
    h.start_consumer(5).await;
    h.wait_applied(3).await;
    wait_until("the outbox is empty", WAIT, || async {
        (h.count(&h.producer, "SELECT count(*) AS n FROM outbox")
            .await
            == 0)
            .then_some(())
    })
    .await
    .unwrap();
    h.finish().await;
}

/// The relay is woken by its own process's commits (no NOTIFY, no poll): with a poll of
/// an hour, events committed in a transaction, on a connection in autocommit, and by a
/// statement of the service's own followed by `wake_after_commit`, all arrive.
#[tokio::test]
async fn a_commit_wakes_the_relay_of_its_process_without_waiting_for_the_poll() {
    let mut h = Harness::new().await;
    h.start_consumer(5).await;
    let mut settings = h.settings(500, 5);
    settings.relay.poll_interval = Duration::from_secs(3600);
    h.start("producer", None, settings).await;
    // Past the relay's first round, which it makes on connecting.
    tokio::time::sleep(Duration::from_millis(300)).await;

    h.commit_note(1, false).await;
    h.wait_applied(1).await;

    let mut conn = h.producer.get().await.unwrap();
    let note = Noted {
        n: 2,
        poison: false,
    };
    SERVICE
        .publish(&mut conn, SITE, Some(REQUEST), &note)
        .await
        .unwrap();
    h.wait_applied(2).await;

    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        async move {
            let envelope = Envelope::new(
                &SERVICE.context(SITE, Some(REQUEST)),
                &Noted {
                    n: 3,
                    poison: false,
                },
            )
            .unwrap();
            diesel::sql_query(
                "INSERT INTO outbox (event_id, event_type, body) VALUES ($1, $2, $3)",
            )
            .bind::<SqlUuid, _>(envelope.id)
            .bind::<diesel::sql_types::Text, _>(&envelope.event_type)
            .bind::<diesel::sql_types::Text, _>(serde_json::to_string(&envelope).unwrap())
            .execute(conn)
            .await?;
            tam_events::wake_after_commit(conn);
            Ok(())
        }
        .scope_boxed()
    })
    .await
    .unwrap();
    drop(conn);
    h.wait_applied(3).await;
    h.finish().await;
}

#[tokio::test]
async fn a_consumer_that_dies_before_acking_gets_the_event_again_and_applies_it_once() {
    let mut h = Harness::new().await;
    let consumer = Topology::new(h.prefix.clone(), "consumer");
    let (first_life, channel) = h.channel().await;
    consumer
        .declare_queue(&channel, &Recorder.subscriptions(), 5)
        .await
        .unwrap();
    h.start("producer", None, h.settings(500, 5)).await;
    let sent = h.commit_note(1, false).await;

    // The first consumer takes the message and commits its effect, then dies unacked.
    let delivery = wait_until("the event is in the queue", WAIT, || async {
        channel
            .basic_get(&consumer.queue(), BasicGetOptions { no_ack: false })
            .await
            .unwrap()
    })
    .await
    .unwrap();
    let envelope: Envelope = serde_json::from_slice(&delivery.delivery.data).unwrap();
    assert_eq!(envelope.id, sent.id);
    assert_eq!(
        apply(&h.consumer, &Recorder, &envelope).await.unwrap(),
        Applied::Applied
    );
    drop(channel);
    let _ = first_life.close(320, "consumer died").await;

    // Its successor receives the redelivery, recognises it and acks it.
    let metrics = h.start_consumer(5).await;
    wait_until("the redelivery is acked", WAIT, || async {
        (metrics.consumed.with_label_values(&["duplicate"]).get() == 1).then_some(())
    })
    .await
    .unwrap();
    assert_eq!(metrics.redeliveries.get(), 1);
    assert_eq!(
        h.count(&h.consumer, "SELECT count(*) AS n FROM applied")
            .await,
        1
    );
    wait_until("the queue is empty", WAIT, || async {
        (h.message_count(&consumer.queue()).await == 0).then_some(())
    })
    .await
    .unwrap();
    h.finish().await;
}

#[tokio::test]
async fn a_poison_event_ends_in_the_dlq_after_the_delivery_limit_and_the_queue_goes_on() {
    let mut h = Harness::new().await;
    let metrics = h.start_consumer(2).await;
    h.start("producer", None, h.settings(500, 2)).await;
    // Committed together, so the consumer takes them in one batch: the poison event
    // must not hold back the others, and none may be applied twice.
    let mut good = Vec::new();
    let poison = {
        let mut conn = h.producer.get().await.unwrap();
        let (poison, sent) = conn
            .transaction::<_, diesel::result::Error, _>(|conn| {
                async move {
                    let mut sent = Vec::new();
                    for n in 0..25 {
                        sent.push(
                            SERVICE
                                .publish(conn, SITE, Some(REQUEST), &Noted { n, poison: false })
                                .await?
                                .id,
                        );
                    }
                    let poison = SERVICE
                        .publish(
                            conn,
                            SITE,
                            Some(REQUEST),
                            &Noted {
                                n: 99,
                                poison: true,
                            },
                        )
                        .await?;
                    for n in 25..50 {
                        sent.push(
                            SERVICE
                                .publish(conn, SITE, Some(REQUEST), &Noted { n, poison: false })
                                .await?
                                .id,
                        );
                    }
                    Ok((poison, sent))
                }
                .scope_boxed()
            })
            .await
            .unwrap();
        good.extend(sent);
        poison
    };

    h.wait_applied(50).await;
    let dlq = Topology::new(h.prefix.clone(), "consumer").dead_letter_queue();
    wait_until("the poison event is in the DLQ", WAIT, || async {
        (h.message_count(&dlq).await == 1).then_some(())
    })
    .await
    .unwrap();
    let (conn, channel) = h.channel().await;
    let dead = channel
        .basic_get(&dlq, BasicGetOptions { no_ack: true })
        .await
        .unwrap()
        .unwrap();
    let dead: Envelope = serde_json::from_slice(&dead.delivery.data).unwrap();
    assert_eq!(dead.id, poison.id);
    let _ = conn.close(200, "done").await;

    // Tried more than once (the limit), never applied; the good event was.
    assert!(metrics.consumed.with_label_values(&["failed"]).get() >= 2);
    let mut c = h.consumer.get().await.unwrap();
    let mut applied: Vec<Uuid> = diesel::sql_query("SELECT event_id FROM applied")
        .load::<AppliedId>(&mut c)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.event_id)
        .collect();
    applied.sort();
    good.sort();
    assert_eq!(
        applied, good,
        "every good event exactly once, the poison never"
    );
    drop(c);
    h.finish().await;
}

#[derive(QueryableByName)]
struct AppliedId {
    #[diesel(sql_type = SqlUuid)]
    event_id: Uuid,
}

#[tokio::test]
async fn cutting_the_relay_connection_mid_stream_loses_nothing() {
    const EVENTS: i32 = 3_000;
    let mut h = Harness::new().await;
    h.start_consumer(5).await;

    // Committed before the relay starts, so the cut lands while it works through them.
    {
        let mut conn = h.producer.get().await.unwrap();
        for chunk in 0..(EVENTS / 100) {
            conn.transaction::<_, diesel::result::Error, _>(|conn| {
                async move {
                    for i in 0..100 {
                        SERVICE
                            .publish(
                                conn,
                                SITE,
                                Some(REQUEST),
                                &Noted {
                                    n: chunk * 100 + i,
                                    poison: false,
                                },
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
    }
    let producer_metrics = h.start("producer", None, h.settings(25, 5)).await;
    wait_until("the relay has published some", WAIT, || async {
        (producer_metrics.published.get() > 0).then_some(())
    })
    .await
    .unwrap();
    let left = h
        .count(&h.producer, "SELECT count(*) AS n FROM outbox")
        .await;
    assert!(
        left > 0,
        "the relay finished before the cut; nothing was tested"
    );

    let relay = format!("{}.producer.relay", h.prefix);
    close_connection_named(&relay).await;

    h.wait_applied(i64::from(EVENTS)).await;
    wait_until("the outbox is empty", WAIT, || async {
        (h.count(&h.producer, "SELECT count(*) AS n FROM outbox")
            .await
            == 0)
            .then_some(())
    })
    .await
    .unwrap();
    assert_eq!(
        h.count(
            &h.consumer,
            "SELECT count(DISTINCT event_id) AS n FROM applied"
        )
        .await,
        i64::from(EVENTS)
    );
    assert_eq!(
        h.count(&h.consumer, "SELECT count(*) AS n FROM applied")
            .await,
        i64::from(EVENTS),
        "an event was applied twice"
    );
    h.finish().await;
}

#[tokio::test]
async fn a_rolled_back_transaction_publishes_nothing() {
    let mut h = Harness::new().await;
    h.start_consumer(5).await;
    h.start("producer", None, h.settings(500, 5)).await;

    let mut conn = h.producer.get().await.unwrap();
    let rolled_back: Result<Envelope, diesel::result::Error> = conn
        .transaction(|conn| {
            async move {
                let env = SERVICE
                    .publish(
                        conn,
                        SITE,
                        Some(REQUEST),
                        &Noted {
                            n: 1,
                            poison: false,
                        },
                    )
                    .await?;
                diesel::sql_query("INSERT INTO ledger (id, note) VALUES ($1, 'x')")
                    .bind::<SqlUuid, _>(env.id)
                    .execute(conn)
                    .await?;
                // The state change is refused after its event was written.
                Err(diesel::result::Error::RollbackTransaction)
            }
            .scope_boxed()
        })
        .await;
    assert!(rolled_back.is_err());
    drop(conn);
    let marker = h.commit_note(2, false).await;

    h.wait_applied(1).await;
    let mut c = h.consumer.get().await.unwrap();
    let processed: Vec<Uuid> = diesel::sql_query("SELECT event_id FROM processed_events")
        .load::<AppliedId>(&mut c)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.event_id)
        .collect();
    assert_eq!(processed, vec![marker.id]);
    drop(c);
    assert_eq!(
        h.count(&h.producer, "SELECT count(*) AS n FROM outbox")
            .await,
        0
    );
    assert_eq!(
        h.count(&h.producer, "SELECT count(*) AS n FROM ledger")
            .await,
        1
    );
    h.finish().await;
}

/// Closes one connection from the broker's side, found by its client-given name, so that
/// tests running beside this one keep theirs.
async fn close_connection_named(name: &str) {
    let pid = wait_until("the connection is listed", WAIT, || async {
        let out = tokio::process::Command::new("rabbitmqctl")
            .args([
                "list_connections",
                "-q",
                "--no-table-headers",
                "pid",
                "client_properties",
            ])
            .output()
            .await
            .unwrap();
        // One connection a line: its pid, a tab, then its client properties.
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find(|line| line.contains(&format!("\"{name}\"")))
            .and_then(|line| line.split('\t').next())
            .map(str::to_owned)
    })
    .await
    .unwrap();
    let status = tokio::process::Command::new("rabbitmqctl")
        .args(["close_connection", &pid, "test cuts the relay"])
        .status()
        .await
        .unwrap();
    assert!(status.success());
}

#[derive(Debug, Serialize, Deserialize)]
struct HrNoted {
    n: i32,
}

impl Event for HrNoted {
    const TYPE: &'static str = "hr.note.added";
    const VERSION: u16 = 1;
}

/// Records `hr.note.*` events, as [`Recorder`] records the producer's.
struct HrRecorder;

#[async_trait]
impl EventHandler for HrRecorder {
    fn subscriptions(&self) -> Vec<String> {
        vec!["hr.note.*".into()]
    }

    async fn handle(
        &self,
        conn: &mut AsyncPgConnection,
        event: &Envelope,
    ) -> Result<(), HandlerError> {
        Recorder.handle(conn, event).await
    }
}

/// Broker users made for one test with `rabbitmqctl` (root on the test machine), each
/// with exactly the rights its service gets in production; deleted when dropped.
struct BrokerUsers {
    names: Vec<String>,
}

impl BrokerUsers {
    /// None when this machine has no `rabbitmqctl`.
    fn available() -> Option<Self> {
        std::process::Command::new("rabbitmqctl")
            .args(["-q", "version"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| Self { names: Vec::new() })
    }

    fn ctl(args: &[&str]) {
        let out = std::process::Command::new("rabbitmqctl")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "rabbitmqctl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Adds `user` with the rights of `service` under `prefix`.
    fn add(&mut self, user: &str, password: &str, prefix: &str, service: &str) {
        let rights = Topology::new(prefix, service).permissions();
        Self::ctl(&["add_user", user, password]);
        self.names.push(user.to_owned());
        Self::ctl(&[
            "set_permissions",
            "-p",
            "/",
            user,
            &rights.configure,
            &rights.write,
            &rights.read,
        ]);
        Self::ctl(&[
            "set_topic_permissions",
            "-p",
            "/",
            user,
            &rights.topic_exchange,
            &rights.topic_write,
            &rights.topic_read,
        ]);
    }
}

impl Drop for BrokerUsers {
    fn drop(&mut self) {
        for name in &self.names {
            let _ = std::process::Command::new("rabbitmqctl")
                .args(["delete_user", name])
                .output();
        }
    }
}

/// Publishes `hr.note.added` (id `id`) as `user` with `user_id` in the message's
/// properties; Err when the broker refuses it (the channel is closed).
async fn publish_as(
    url: &str,
    prefix: &str,
    id: Uuid,
    user_id: Option<&str>,
) -> Result<lapin::publisher_confirm::Confirmation, lapin::Error> {
    use lapin::options::{BasicPublishOptions, ConfirmSelectOptions};
    use lapin::types::ShortString;
    let envelope = Envelope {
        id,
        event_type: HrNoted::TYPE.into(),
        version: 1,
        occurred_at: chrono::Utc::now(),
        producer: "hr".into(),
        site: None,
        correlation_id: None,
        payload: serde_json::json!({ "n": 666 }),
    };
    let conn = topology::connect(url, &format!("{prefix}.forger")).await?;
    let channel = conn.create_channel().await?;
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await?;
    let mut properties =
        lapin::BasicProperties::default().with_message_id(ShortString::from(id.to_string()));
    if let Some(user_id) = user_id {
        properties = properties.with_user_id(ShortString::from(user_id));
    }
    let confirm = channel
        .basic_publish(
            &format!("{prefix}.events"),
            HrNoted::TYPE,
            BasicPublishOptions {
                mandatory: true,
                ..BasicPublishOptions::default()
            },
            &serde_json::to_vec(&envelope).unwrap(),
            properties,
        )
        .await?
        .await;
    let _ = conn.close(200, "done").await;
    confirm
}

#[tokio::test]
async fn an_event_is_accepted_only_from_its_producers_own_broker_user() {
    let Some(mut users) = BrokerUsers::available() else {
        eprintln!("SKIPPED: no rabbitmqctl on this machine, so no per-service broker users");
        return;
    };
    let mut h = Harness::new().await;
    let user_prefix = format!("{}-", h.prefix);
    let password = Uuid::now_v7().simple().to_string();
    let host = h.amqp_url.split_once('@').unwrap().1.to_owned();
    let url_of = |user: &str| format!("amqp://{user}:{password}@{host}");
    for service in ["hr", "prospect", "consumer"] {
        users.add(
            &format!("{user_prefix}{service}"),
            &password,
            &h.prefix,
            service,
        );
    }
    let (hr, prospect) = (format!("{user_prefix}hr"), format!("{user_prefix}prospect"));
    // Production's rule: only a service's own user may send its events.
    let senders = SenderPolicy {
        user_prefix: user_prefix.clone(),
        trust_shared_user: false,
    };

    // The consumer declares the exchanges, its queue, its DLQ and their bindings as its
    // own user, whose rights cover nothing else.
    let consumer_settings = BusSettings {
        amqp_url: url_of(&format!("{user_prefix}consumer")),
        senders: senders.clone(),
        ..h.settings(500, 5)
    };
    let metrics = h
        .start("consumer", Some(Arc::new(HrRecorder)), consumer_settings)
        .await;
    // It may also have a per-process subscription: an exclusive server-named queue.
    {
        let conn = topology::connect(
            &url_of(&format!("{user_prefix}consumer")),
            &format!("{}.subscriber", h.prefix),
        )
        .await
        .unwrap();
        let channel = conn.create_channel().await.unwrap();
        let queue = channel
            .queue_declare(
                "",
                QueueDeclareOptions {
                    exclusive: true,
                    auto_delete: true,
                    ..QueueDeclareOptions::default()
                },
                FieldTable::default(),
            )
            .await
            .unwrap();
        assert!(queue.name().as_str().starts_with("amq.gen-"));
        channel
            .queue_bind(
                queue.name().as_str(),
                &format!("{}.events", h.prefix),
                "hr.access.revoked",
                lapin::options::QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .unwrap();
        channel
            .basic_consume(
                queue.name().as_str(),
                "revocations",
                lapin::options::BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .unwrap();
        let _ = conn.close(200, "done").await;
    }

    // hr's relay, as hr's user, from the producer schema's outbox: the genuine event.
    let hr_bus = Bus::new(
        "hr",
        h.producer.clone(),
        BusSettings {
            amqp_url: url_of(&hr),
            ..h.settings(500, 5)
        },
        None,
        BusMetrics::new(&prometheus::Registry::new()).unwrap(),
    );
    h.tasks.push(tokio::spawn(hr_bus.run(h.shutdown.clone())));
    let genuine = {
        let mut conn = h.producer.get().await.unwrap();
        conn.transaction::<_, diesel::result::Error, _>(|conn| {
            async move {
                Producer("hr")
                    .publish(conn, None, None, &HrNoted { n: 1 })
                    .await
            }
            .scope_boxed()
        })
        .await
        .unwrap()
    };
    h.wait_applied(1).await;

    // The prospect user may not publish hr's routing keys (topic permission), nor claim
    // to be hr's user (RabbitMQ checks user-id against the connection's user).
    let refused = publish_as(
        &url_of(&prospect),
        &h.prefix,
        Uuid::now_v7(),
        Some(&prospect),
    )
    .await;
    assert!(
        refused.is_err(),
        "the broker took hr.* from prospect: {refused:?}"
    );
    let refused = publish_as(&url_of(&prospect), &h.prefix, Uuid::now_v7(), Some(&hr)).await;
    assert!(
        refused.is_err(),
        "the broker took user-id {hr} from prospect: {refused:?}"
    );

    // A broker whose topic permissions were left open: the consumer refuses what the
    // prospect user sends as hr, with its own user-id or none, to the DLQ.
    BrokerUsers::ctl(&[
        "set_topic_permissions",
        "-p",
        "/",
        &prospect,
        &format!("{}.events", h.prefix),
        ".*",
        ".*",
    ]);
    for user_id in [Some(prospect.as_str()), None] {
        let sent = publish_as(&url_of(&prospect), &h.prefix, Uuid::now_v7(), user_id)
            .await
            .unwrap();
        assert!(sent.is_ack(), "{sent:?}");
    }
    let dlq = Topology::new(h.prefix.clone(), "consumer").dead_letter_queue();
    wait_until("both forgeries are dead-lettered", WAIT, || async {
        (h.message_count(&dlq).await == 2).then_some(())
    })
    .await
    .unwrap();
    assert_eq!(metrics.consumed.with_label_values(&["forged"]).get(), 2);
    let applied: Vec<Uuid> = {
        #[derive(QueryableByName)]
        struct Applied {
            #[diesel(sql_type = SqlUuid)]
            event_id: Uuid,
        }
        let mut conn = h.consumer.get().await.unwrap();
        diesel::sql_query("SELECT event_id FROM applied")
            .load::<Applied>(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.event_id)
            .collect()
    };
    assert_eq!(applied, vec![genuine.id], "only hr's own event was handled");
    h.finish().await;
    drop(users);
}
