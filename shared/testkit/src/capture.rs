//! What the services under test published: a test-only queue bound to every event of the
//! test's prefix (`<prefix>.capture`), read by the test. Exclusive to the test's own
//! connection, so the broker deletes it when the test ends, however it ends.
//!
//! Every event is routable in a test (the services declare the whole topology, and this
//! queue binds `#`), so the relay publishes and deletes outbox rows: a test looks here
//! for what was published, not in the outbox.

use std::collections::HashSet;
use std::sync::Mutex;

use lapin::options::{BasicGetOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::FieldTable;
use lapin::{Channel, Connection};
use tam_events::topology::{self, Topology};
use tam_events::Envelope;

pub(crate) struct Capture {
    connection: Connection,
    channel: Channel,
    queue: String,
    /// Every envelope read so far, oldest first (a read drains the queue).
    seen: Mutex<Vec<Envelope>>,
    /// Ids of the events the test emitted itself ([`crate::TestApp::emit`]): not
    /// published by a service under test.
    emitted: Mutex<HashSet<uuid::Uuid>>,
}

impl Capture {
    /// Declares the prefix's exchanges and the capture queue, bound to every event.
    pub(crate) async fn start(amqp_url: &str, prefix: &str) -> anyhow::Result<Self> {
        let connection = topology::connect(amqp_url, &format!("{prefix}.capture")).await?;
        let channel = connection.create_channel().await?;
        let topology = Topology::new(prefix, "capture");
        topology.declare_exchanges(&channel).await?;
        let queue = topology.queue();
        channel
            .queue_declare(
                &queue,
                QueueDeclareOptions {
                    exclusive: true,
                    ..QueueDeclareOptions::default()
                },
                FieldTable::default(),
            )
            .await?;
        channel
            .queue_bind(
                &queue,
                &topology.exchange(),
                "#",
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;
        Ok(Self {
            connection,
            channel,
            queue,
            seen: Mutex::default(),
            emitted: Mutex::default(),
        })
    }

    pub(crate) fn emitted(&self, id: uuid::Uuid) {
        if let Ok(mut emitted) = self.emitted.lock() {
            emitted.insert(id);
        }
    }

    /// Everything the services published so far (the queue drained into `seen`).
    pub(crate) async fn published(&self) -> anyhow::Result<Vec<Envelope>> {
        let mut fresh = Vec::new();
        while let Some(message) = self
            .channel
            .basic_get(&self.queue, BasicGetOptions { no_ack: true })
            .await?
        {
            fresh.push(serde_json::from_slice::<Envelope>(&message.delivery.data)?);
        }
        let emitted = self
            .emitted
            .lock()
            .map_err(|_| anyhow::anyhow!("capture poisoned"))?
            .clone();
        let mut seen = self
            .seen
            .lock()
            .map_err(|_| anyhow::anyhow!("capture poisoned"))?;
        seen.extend(fresh);
        Ok(seen
            .iter()
            .filter(|e| !emitted.contains(&e.id))
            .cloned()
            .collect())
    }

    pub(crate) async fn close(&self) {
        let _ = self.connection.close(200, "test done").await;
    }
}
