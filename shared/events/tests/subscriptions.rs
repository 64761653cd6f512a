//! Typed subscriptions against the real broker and database: a payload that does not
//! decode as its type ends in the consuming service's DLQ with a log line naming the
//! field, a payload with a field the type does not know is applied (the evolution
//! rule), and a batch handler gets a burst of deliveries together.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use diesel::sql_types::{Array, Integer, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use diesel_migrations::{embed_migrations, EmbeddedMigrations};
use lapin::options::{BasicGetOptions, BasicPublishOptions, ConfirmSelectOptions};
use lapin::types::ShortString;
use serde::{Deserialize, Serialize};
use tam_db::testing::{wait_until, TestDatabase};
use tam_db::{connect_pool, DbPool, PoolSettings, SchemaMigrations};
use tam_events::topology::{self, Topology};
use tam_events::{
    Bus, BusMetrics, BusSettings, ConsumerSettings, Envelope, Event, EventHandler, EventTopology,
    RelaySettings, SenderPolicy, Subscriptions,
};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

const TEST_TABLES: EmbeddedMigrations = embed_migrations!("tests/migrations");
static SOURCES: &[EmbeddedMigrations] = &[tam_events::MIGRATIONS, TEST_TABLES];
const CONSUMER: SchemaMigrations = SchemaMigrations {
    schema: "consumer",
    sources: SOURCES,
};
const WAIT: Duration = Duration::from_secs(30);

/// Today's type of `producer.note.added`.
#[derive(Debug, Serialize, Deserialize)]
struct Noted {
    n: i32,
}

impl Event for Noted {
    const TYPE: &'static str = "producer.note.added";
    const VERSION: u16 = 1;
}

/// Another type, handled in batches.
#[derive(Debug, Serialize, Deserialize)]
struct Counted {
    n: i32,
}

impl Event for Counted {
    const TYPE: &'static str = "producer.note.counted";
    const VERSION: u16 = 1;
}

/// What the log says, for the tests to read: one subscriber for this test binary.
fn log() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let writer = Arc::clone(&buffer);
        let _ = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || LogWriter(Arc::clone(&writer)))
            .try_init();
        buffer
    })
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The consumer's subscriptions: notes one by one, counts in batches (recording the
/// size of each batch it was given).
fn subscriptions() -> Subscriptions {
    Subscriptions::new()
        .on::<Noted, _>(|conn, note, envelope| {
            Box::pin(async move {
                diesel::sql_query("INSERT INTO applied (event_id, n) VALUES ($1, $2)")
                    .bind::<SqlUuid, _>(envelope.id)
                    .bind::<Integer, _>(note.n)
                    .execute(conn)
                    .await?;
                Ok(())
            })
        })
        .on_batch::<Counted, _>(|conn, deliveries| {
            Box::pin(async move {
                let ids: Vec<Uuid> = deliveries.iter().map(|d| d.envelope.id).collect();
                let size = i32::try_from(deliveries.len()).unwrap();
                // One statement for the whole batch; `n` records the batch's size.
                diesel::sql_query(
                    "INSERT INTO applied (event_id, n) SELECT id, $2 FROM unnest($1::uuid[]) AS id",
                )
                .bind::<Array<SqlUuid>, _>(ids)
                .bind::<Integer, _>(size)
                .execute(conn)
                .await?;
                Ok(())
            })
        })
}

struct Harness {
    /// Kept for the harness: the database is dropped with it.
    _db: TestDatabase,
    prefix: String,
    amqp_url: String,
    pool: DbPool,
    shutdown: CancellationToken,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Harness {
    async fn new() -> Self {
        let db = TestDatabase::create(&[CONSUMER]).await.unwrap();
        Self {
            pool: connect_pool(db.url(), "consumer", PoolSettings::default()).unwrap(),
            _db: db,
            prefix: format!("tam_test_{}", Uuid::now_v7().simple()),
            amqp_url: std::env::var("TAM_TEST_AMQP_URL")
                .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into()),
            shutdown: CancellationToken::new(),
            tasks: Vec::new(),
        }
    }

    /// The topology as the contracts would give it: the consumer's queue takes both types.
    fn topology() -> EventTopology {
        EventTopology::from_consumers([(Noted::TYPE, ["consumer"]), (Counted::TYPE, ["consumer"])])
    }

    async fn declare(&self, delivery_limit: u32) {
        let conn = topology::connect(&self.amqp_url, &format!("{}.declare", self.prefix))
            .await
            .unwrap();
        let refused = Self::topology()
            .declare(&conn, &self.prefix, delivery_limit)
            .await
            .unwrap();
        assert!(refused.is_empty());
        let _ = conn.close(200, "declared").await;
    }

    async fn start_consumer(&mut self, delivery_limit: u32) {
        let settings = BusSettings {
            amqp_url: self.amqp_url.clone(),
            prefix: self.prefix.clone(),
            relay: RelaySettings::default(),
            consumer: ConsumerSettings {
                delivery_limit,
                ..ConsumerSettings::default()
            },
            max_reconnect_delay: Duration::from_secs(1),
            senders: SenderPolicy::default(),
        };
        let bus = Bus::new(
            "consumer",
            self.pool.clone(),
            settings,
            Some(Arc::new(subscriptions()) as Arc<dyn EventHandler>),
            BusMetrics::new(&prometheus::Registry::new()).unwrap(),
        )
        .with_event_topology(Self::topology());
        let health = bus.health();
        self.tasks
            .push(tokio::spawn(bus.run(self.shutdown.clone())));
        wait_until("the consumer is up", WAIT, || {
            let up = health.is_connected();
            async move { up.then_some(()) }
        })
        .await
        .unwrap();
    }

    /// Publishes `payload` as an event of `event_type` straight onto the exchange.
    async fn send(&self, event_type: &str, payload: serde_json::Value) -> Envelope {
        let envelope = Envelope {
            id: Uuid::now_v7(),
            event_type: event_type.to_owned(),
            version: 1,
            occurred_at: chrono::Utc::now(),
            producer: "producer".into(),
            site: None,
            correlation_id: None,
            payload,
        };
        let conn = topology::connect(&self.amqp_url, &format!("{}.send", self.prefix))
            .await
            .unwrap();
        let channel = conn.create_channel().await.unwrap();
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .unwrap();
        let confirm = channel
            .basic_publish(
                &Topology::new(self.prefix.as_str(), "").exchange(),
                event_type,
                BasicPublishOptions {
                    mandatory: true,
                    ..BasicPublishOptions::default()
                },
                &serde_json::to_vec(&envelope).unwrap(),
                lapin::BasicProperties::default()
                    .with_message_id(ShortString::from(envelope.id.to_string())),
            )
            .await
            .unwrap()
            .await
            .unwrap();
        assert!(confirm.is_ack() && confirm.take_message().is_none());
        let _ = conn.close(200, "sent").await;
        envelope
    }

    async fn applied(&self) -> Vec<(Uuid, i32)> {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = SqlUuid)]
            event_id: Uuid,
            #[diesel(sql_type = Integer)]
            n: i32,
        }
        let mut conn = self.pool.get().await.unwrap();
        diesel::sql_query("SELECT event_id, n FROM applied")
            .load::<Row>(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.event_id, r.n))
            .collect()
    }

    async fn finish(mut self) {
        self.shutdown.cancel();
        for task in std::mem::take(&mut self.tasks) {
            task.await.unwrap();
        }
        let conn = topology::connect(&self.amqp_url, &format!("{}.cleanup", self.prefix))
            .await
            .unwrap();
        let channel = conn.create_channel().await.unwrap();
        let t = Topology::new(self.prefix.clone(), "consumer");
        let _ = t.delete_queues(&channel).await;
        let _ = t.delete_exchanges(&channel).await;
        let _ = conn.close(200, "done").await;
    }
}

#[tokio::test]
async fn a_payload_missing_a_required_field_ends_in_the_dlq_and_the_log_names_the_field() {
    let log = log();
    let mut h = Harness::new().await;
    h.start_consumer(2).await;

    let broken = h.send(Noted::TYPE, serde_json::json!({ "m": 1 })).await;
    // Newer producers may add fields; today's type ignores them.
    let newer = h
        .send(
            Noted::TYPE,
            serde_json::json!({ "n": 7, "added_later": "x" }),
        )
        .await;

    let dlq = Topology::new(h.prefix.clone(), "consumer").dead_letter_queue();
    let conn = topology::connect(&h.amqp_url, &format!("{}.dlq", h.prefix))
        .await
        .unwrap();
    let channel = conn.create_channel().await.unwrap();
    let dead = wait_until("the broken event is in the DLQ", WAIT, || {
        let channel = channel.clone();
        let dlq = dlq.clone();
        async move {
            channel
                .basic_get(&dlq, BasicGetOptions { no_ack: true })
                .await
                .ok()
                .flatten()
        }
    })
    .await
    .unwrap();
    let dead: Envelope = serde_json::from_slice(&dead.delivery.data).unwrap();
    assert_eq!(dead.id, broken.id);
    let _ = conn.close(200, "done").await;

    let applied = h.applied().await;
    assert_eq!(
        applied,
        [(newer.id, 7)],
        "only the decodable event is applied"
    );
    let logged = String::from_utf8(log.lock().unwrap().clone()).unwrap();
    let line = logged
        .lines()
        .find(|l| l.contains(&broken.id.to_string()) && l.contains("rejected"))
        .unwrap_or_else(|| panic!("no rejection logged for the event:\n{logged}"));
    assert!(line.contains("field=n"), "{line}");
    assert!(line.contains("producer.note.added"), "{line}");
    h.finish().await;
}

#[tokio::test]
async fn a_batch_handler_gets_a_burst_of_deliveries_together() {
    let mut h = Harness::new().await;
    // The queue exists before its consumer starts (every process declares the whole
    // topology): the burst waits in it and arrives as batches.
    h.declare(5).await;
    let mut sent = Vec::new();
    for n in 0..40 {
        sent.push(
            h.send(Counted::TYPE, serde_json::json!({ "n": n }))
                .await
                .id,
        );
    }
    h.start_consumer(5).await;
    wait_until("every count is applied", WAIT, || async {
        (h.applied().await.len() == sent.len()).then_some(())
    })
    .await
    .unwrap();
    let applied = h.applied().await;
    let mut ids: Vec<Uuid> = applied.iter().map(|(id, _)| *id).collect();
    ids.sort();
    sent.sort();
    assert_eq!(ids, sent, "each applied exactly once");
    let largest = applied.iter().map(|(_, size)| *size).max().unwrap();
    assert!(largest > 1, "the handler was never given a batch");
    h.finish().await;
}

/// Broker users made for one test, deleted at its end.
struct BrokerUsers(Vec<String>);

impl BrokerUsers {
    /// None when this machine has no `rabbitmqctl`.
    fn available() -> Option<Self> {
        std::process::Command::new("rabbitmqctl")
            .args(["-q", "version"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|_| Self(Vec::new()))
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

    /// Adds `user` (password `password`) with `rights`; its AMQP URL.
    fn add(&mut self, user: &str, rights: &tam_events::Permissions) -> String {
        Self::ctl(&["add_user", user, "secret"]);
        self.0.push(user.to_owned());
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
        format!("amqp://{user}:secret@127.0.0.1:5672/%2f")
    }
}

impl Drop for BrokerUsers {
    fn drop(&mut self) {
        for name in &self.0 {
            let _ = std::process::Command::new("rabbitmqctl")
                .args(["delete_user", name])
                .output();
        }
    }
}

#[tokio::test]
async fn the_release_user_declares_every_queue_and_a_service_user_only_its_own() {
    let Some(mut users) = BrokerUsers::available() else {
        eprintln!("no rabbitmqctl: skipped");
        return;
    };
    let prefix = format!("tam_test_{}", Uuid::now_v7().simple());
    let topology = EventTopology::from_consumers([
        ("hr.team.changed", vec!["reporting"]),
        ("prospect.prospect.claimed", vec!["calling", "reporting"]),
        ("calling.call.completed", vec!["prospect", "reporting"]),
    ]);
    let release = users.add(&format!("{prefix}-migrate"), &topology.permissions(&prefix));
    let calling = users.add(
        &format!("{prefix}-calling"),
        &Topology::new(prefix.as_str(), "calling").permissions(),
    );

    // A service's own user declares its own queue and is refused the others'.
    let conn = topology::connect(&calling, "calling").await.unwrap();
    let refused = topology.declare(&conn, &prefix, 5).await.unwrap();
    assert_eq!(refused, ["prospect", "reporting"]);
    let _ = conn.close(200, "done").await;

    // The release step's user declares all of it, and cannot publish.
    let conn = topology::connect(&release, "migrate").await.unwrap();
    let refused = topology.declare(&conn, &prefix, 5).await.unwrap();
    assert!(refused.is_empty(), "{refused:?}");
    let channel = conn.create_channel().await.unwrap();
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    let publish = channel
        .basic_publish(
            &Topology::new(prefix.as_str(), "").exchange(),
            "hr.team.changed",
            BasicPublishOptions::default(),
            b"{}",
            lapin::BasicProperties::default(),
        )
        .await;
    let refused = match publish {
        Err(_) => true,
        Ok(confirm) => confirm.await.is_err(),
    };
    assert!(refused, "the release user published an event");
    let _ = conn.close(200, "done").await;

    // Every queue is there, bound: hr.team.changed reaches reporting.
    let admin = std::env::var("TAM_TEST_AMQP_URL")
        .unwrap_or_else(|_| "amqp://guest:guest@127.0.0.1:5672/%2f".into());
    let conn = topology::connect(&admin, "check").await.unwrap();
    let channel = conn.create_channel().await.unwrap();
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    let confirm = channel
        .basic_publish(
            &Topology::new(prefix.as_str(), "").exchange(),
            "hr.team.changed",
            BasicPublishOptions {
                mandatory: true,
                ..BasicPublishOptions::default()
            },
            b"{}",
            lapin::BasicProperties::default(),
        )
        .await
        .unwrap()
        .await
        .unwrap();
    assert!(
        confirm.take_message().is_none(),
        "hr.team.changed was unroutable"
    );
    for service in ["calling", "prospect", "reporting"] {
        let _ = Topology::new(prefix.as_str(), service)
            .delete_queues(&channel)
            .await;
    }
    let _ = Topology::new(prefix.as_str(), "")
        .delete_exchanges(&channel)
        .await;
    let _ = conn.close(200, "done").await;
}
