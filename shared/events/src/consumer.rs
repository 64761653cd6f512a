//! The consumer: one durable quorum queue per service, manual acks after the handler's
//! transaction commits, a bounded prefetch, and redelivery until the queue's delivery
//! limit dead-letters a poison message to `<prefix>.<service>.dlq`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::Utc;
use futures::{FutureExt, StreamExt};
use lapin::message::Delivery;
use lapin::options::{
    BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions,
    BasicRejectOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, DeliveryTag, FieldTable};
use lapin::{Channel, Connection};
use tam_db::DbPool;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::bus::BusError;
use crate::envelope::Envelope;
use crate::inbox::{apply, apply_all, Applied, EventHandler};
use crate::metrics::BusMetrics;
use crate::sender::SenderPolicy;
use crate::topology::Topology;

/// The most deliveries applied in one transaction. Only deliveries that have already
/// arrived are taken, so batching never waits for more.
const MAX_BATCH: usize = 128;

/// Batches applied at once. Bounded so that under load deliveries queue up behind the
/// running transactions and go into the next one together (one commit, one inbox
/// statement, one ack for many), instead of each taking its own transaction and
/// connection: the consumer then also never holds more than this many connections of
/// the service's pool. When idle, a delivery still starts its transaction at once.
const BATCHES_IN_FLIGHT: usize = 2;

#[derive(Debug, Clone, Copy)]
pub struct ConsumerSettings {
    /// Unacknowledged deliveries in flight at once; each is handled concurrently.
    pub prefetch: u16,
    /// Deliveries of one message before it is dead-lettered.
    pub delivery_limit: u32,
    /// How often the queue depth (consumer lag) is sampled.
    pub lag_sample_interval: Duration,
}

impl Default for ConsumerSettings {
    fn default() -> Self {
        Self {
            prefetch: 32,
            delivery_limit: 5,
            lag_sample_interval: Duration::from_secs(5),
        }
    }
}

pub(crate) struct ConsumerContext {
    pub pool: DbPool,
    pub handler: Arc<dyn EventHandler>,
    pub metrics: BusMetrics,
    pub senders: SenderPolicy,
}

/// Consumes until `shutdown` (then stops taking deliveries and finishes those in
/// flight) or until the channel fails (an error, so that the supervisor reconnects).
pub(crate) async fn run(
    connection: &Connection,
    topology: &Topology,
    settings: ConsumerSettings,
    ctx: Arc<ConsumerContext>,
    consuming: Option<&AtomicBool>,
    shutdown: &CancellationToken,
) -> Result<(), BusError> {
    let channel = connection.create_channel().await?;
    topology
        .declare_queue(
            &channel,
            &ctx.handler.subscriptions(),
            settings.delivery_limit,
        )
        .await?;
    channel
        .basic_qos(settings.prefetch, BasicQosOptions::default())
        .await?;
    let tag = format!(
        "{}.{}",
        topology.connection_name("consumer"),
        uuid::Uuid::now_v7().simple()
    );
    let mut deliveries = channel
        .basic_consume(
            &topology.queue(),
            &tag,
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;
    if let Some(consuming) = consuming {
        consuming.store(true, Ordering::Relaxed);
    }
    let settler = Arc::new(Settler::new(channel.clone()));
    let mut in_flight = JoinSet::new();
    let mut lag_tick = tokio::time::interval(settings.lag_sample_interval);
    let passive = QueueDeclareOptions {
        passive: true,
        ..QueueDeclareOptions::default()
    };

    let result = loop {
        tokio::select! {
            () = shutdown.cancelled() => break Ok(()),
            _ = lag_tick.tick() => {
                let queue = channel
                    .queue_declare(&topology.queue(), passive, FieldTable::default())
                    .await?;
                ctx.metrics.consumer_lag.set(i64::from(queue.message_count()));
            }
            Some(_) = in_flight.join_next(), if !in_flight.is_empty() => {}
            next = deliveries.next(), if in_flight.len() < BATCHES_IN_FLIGHT => match next {
                Some(Ok(delivery)) => {
                    // What has already arrived behind it goes into the same transaction.
                    settler.received(delivery.delivery_tag);
                    let mut batch = vec![delivery];
                    let mut failed = None;
                    while batch.len() < MAX_BATCH {
                        match deliveries.next().now_or_never() {
                            Some(Some(Ok(delivery))) => {
                                settler.received(delivery.delivery_tag);
                                batch.push(delivery);
                            }
                            Some(Some(Err(e))) => {
                                failed = Some(BusError::Broker(e));
                                break;
                            }
                            Some(None) => {
                                failed = Some(BusError::ConsumerCancelled);
                                break;
                            }
                            None => break,
                        }
                    }
                    in_flight.spawn(process(batch, Arc::clone(&ctx), Arc::clone(&settler)));
                    if let Some(e) = failed {
                        break Err(e);
                    }
                }
                Some(Err(e)) => break Err(BusError::Broker(e)),
                None => break Err(BusError::ConsumerCancelled),
            },
        }
    };
    if result.is_ok() {
        // Stop new deliveries first; in-flight ones still ack on the open channel.
        let _ = channel
            .basic_cancel(&tag, BasicCancelOptions::default())
            .await;
    }
    while in_flight.join_next().await.is_some() {}
    if result.is_ok() {
        let _ = channel.close(200, "shutting down").await;
    }
    result
}

/// Handles deliveries that arrived together: all in one transaction when they all apply,
/// else each on its own so that only a failing one is retried.
async fn process(batch: Vec<Delivery>, ctx: Arc<ConsumerContext>, settler: Arc<Settler>) {
    let metrics = &ctx.metrics;
    let mut decoded = Vec::with_capacity(batch.len());
    for delivery in batch {
        if delivery.redelivered {
            metrics.redeliveries.inc();
        }
        match serde_json::from_slice::<Envelope>(&delivery.data) {
            Ok(envelope) => {
                let sender = delivery.properties.user_id().as_ref().map(|u| u.as_str());
                match ctx
                    .senders
                    .check(sender, delivery.routing_key.as_str(), &envelope)
                {
                    Ok(()) => decoded.push((delivery, envelope)),
                    Err(forgery) => {
                        // Not retried: no redelivery changes who sent it. The DLQ keeps it
                        // for whoever investigates.
                        tracing::error!(
                            event_id = %envelope.id,
                            event_type = %envelope.event_type,
                            sender = sender.unwrap_or(""),
                            reason = %forgery,
                            "event refused: not sent by its producer; dead-lettered"
                        );
                        metrics.consumed.with_label_values(&["forged"]).inc();
                        settler.reject(&delivery).await;
                    }
                }
            }
            Err(e) => {
                // No retry can make malformed bytes decode: straight to the DLQ.
                tracing::error!(error = %e, "undecodable message dead-lettered");
                metrics.consumed.with_label_values(&["poison"]).inc();
                settler.reject(&delivery).await;
            }
        }
    }
    if decoded.len() > 1 {
        let events: Vec<&Envelope> = decoded.iter().map(|(_, envelope)| envelope).collect();
        if let Ok(applied) = apply_all(&ctx.pool, ctx.handler.as_ref(), &events).await {
            let tags: Vec<DeliveryTag> = decoded.iter().map(|(d, _)| d.delivery_tag).collect();
            settler.ack(&tags).await;
            let now = Utc::now();
            let mut counts = [0u64; 2];
            for ((_, envelope), applied) in decoded.iter().zip(applied) {
                counts[usize::from(applied == Applied::Duplicate)] += 1;
                if applied == Applied::Applied {
                    observe_delivery(metrics, envelope, now);
                }
            }
            for (label, n) in ["applied", "duplicate"].into_iter().zip(counts) {
                if n > 0 {
                    metrics.consumed.with_label_values(&[label]).inc_by(n);
                }
            }
            return;
        }
        // Rolled back as a whole: nothing of it was applied.
    }
    for (delivery, envelope) in decoded {
        let span = tracing::info_span!(
            "event",
            event_id = %envelope.id,
            event_type = %envelope.event_type,
            correlation_id = envelope.correlation_id.as_deref().unwrap_or(""),
        );
        settle(delivery, envelope, Arc::clone(&ctx), Arc::clone(&settler))
            .instrument(span)
            .await;
    }
}

/// The end-to-end delivery time of an applied event, from its `occurred_at`.
fn observe_delivery(metrics: &BusMetrics, envelope: &Envelope, now: chrono::DateTime<Utc>) {
    let age = now - envelope.occurred_at;
    metrics
        .delivery_seconds
        .observe(age.num_microseconds().unwrap_or(0).max(0) as f64 / 1e6);
}

/// One delivery on its own (a batch of one, or after its batch rolled back). Acks after
/// the commit: a crash before the ack means a redelivery, which the inbox recognises.
async fn settle(
    delivery: Delivery,
    envelope: Envelope,
    ctx: Arc<ConsumerContext>,
    settler: Arc<Settler>,
) {
    let metrics = &ctx.metrics;
    match apply(&ctx.pool, ctx.handler.as_ref(), &envelope).await {
        Ok(applied) => {
            settler.ack(&[delivery.delivery_tag]).await;
            let result = match applied {
                Applied::Applied => {
                    observe_delivery(metrics, &envelope, Utc::now());
                    "applied"
                }
                Applied::Duplicate => "duplicate",
            };
            metrics.consumed.with_label_values(&[result]).inc();
        }
        Err(e) => {
            let attempt = delivery_count(&delivery);
            tracing::warn!(error = %e, attempt, "handler failed; the event will be redelivered");
            metrics.consumed.with_label_values(&["failed"]).inc();
            // The pause before the nack does not hold one of the consumer's batch slots:
            // the deliveries behind it go on.
            let tag = delivery.delivery_tag;
            tokio::spawn(
                async move {
                    tokio::time::sleep(redelivery_delay(attempt)).await;
                    settler.nack(tag).await;
                }
                .in_current_span(),
            );
        }
    }
}

/// Settles the channel's deliveries. A batch that committed is acked with one `multiple`
/// ack when no older delivery is still unsettled (the common case), which is one frame
/// and one settle command of the quorum queue for the whole batch instead of one per
/// event; behind an unsettled older delivery (a batch still running, a failed event
/// waiting for its nack) its deliveries are acked one by one, so that a `multiple` ack
/// never covers a delivery that is not committed.
struct Settler {
    channel: Channel,
    unsettled: Mutex<Unsettled>,
    /// Held while deciding and sending acks, so that they reach the channel in the order
    /// they were decided: a `multiple` ack sent after an ack of its own tag would be
    /// refused by the broker (unknown delivery tag), closing the channel.
    sending: tokio::sync::Mutex<()>,
}

impl Settler {
    fn new(channel: Channel) -> Self {
        Self {
            channel,
            unsettled: Mutex::new(Unsettled::default()),
            sending: tokio::sync::Mutex::new(()),
        }
    }

    fn unsettled(&self) -> std::sync::MutexGuard<'_, Unsettled> {
        self.unsettled
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn received(&self, tag: DeliveryTag) {
        self.unsettled().received(tag);
    }

    /// Acks `tags`, whose transaction has committed.
    async fn ack(&self, tags: &[DeliveryTag]) {
        let _order = self.sending.lock().await;
        let acks = self.unsettled().committed(tags);
        let multiple = acks.up_to.map(|tag| {
            self.channel
                .basic_ack(tag, BasicAckOptions { multiple: true })
        });
        let single = acks.single.iter().map(|&tag| {
            self.channel
                .basic_ack(tag, BasicAckOptions { multiple: false })
        });
        // Each future puts its frame on the channel when first polled, in this order.
        let results = futures::future::join_all(multiple.into_iter().chain(single)).await;
        for result in results {
            if let Err(e) = result {
                tracing::warn!(error = %e, "ack failed; the redelivery will be skipped");
            }
        }
    }

    /// Dead-letters a delivery no retry can help.
    async fn reject(&self, delivery: &Delivery) {
        let reject = BasicRejectOptions { requeue: false };
        match self
            .channel
            .basic_reject(delivery.delivery_tag, reject)
            .await
        {
            // Forgotten once its frame is out, so no later `multiple` ack precedes it.
            Ok(()) => self.unsettled().forget(delivery.delivery_tag),
            // Left unsettled: no `multiple` ack may cover it (the channel is most likely
            // gone, and the broker redelivers it).
            Err(e) => tracing::warn!(error = %e, "reject failed; the broker will redeliver"),
        }
    }

    /// Returns a failed delivery to the queue.
    async fn nack(&self, tag: DeliveryTag) {
        let nack = BasicNackOptions {
            requeue: true,
            multiple: false,
        };
        match self.channel.basic_nack(tag, nack).await {
            Ok(()) => self.unsettled().forget(tag),
            Err(e) => tracing::warn!(error = %e, "nack failed; the broker will redeliver"),
        }
    }
}

/// The channel's deliveries not yet acked, rejected or nacked, by delivery tag (which the
/// broker numbers upwards on the channel).
#[derive(Debug, Default)]
struct Unsettled {
    tags: BTreeMap<DeliveryTag, ()>,
}

/// What to ack for a committed batch.
#[derive(Debug, Default, PartialEq, Eq)]
struct Acks {
    /// One `multiple` ack up to this tag: the batch's tags below every other unsettled one.
    up_to: Option<DeliveryTag>,
    /// The batch's other tags, each acked on its own.
    single: Vec<DeliveryTag>,
}

impl Unsettled {
    fn received(&mut self, tag: DeliveryTag) {
        self.tags.insert(tag, ());
    }

    fn forget(&mut self, tag: DeliveryTag) {
        self.tags.remove(&tag);
    }

    /// The acks for `batch` (its transaction committed); its tags are settled from here.
    fn committed(&mut self, batch: &[DeliveryTag]) -> Acks {
        let mut mine: Vec<DeliveryTag> = batch
            .iter()
            .copied()
            .filter(|tag| self.tags.contains_key(tag))
            .collect();
        mine.sort_unstable();
        mine.dedup();
        // The batch's tags that come first among all unsettled ones: a `multiple` ack up
        // to the last of them covers them and nothing uncommitted (every lower tag is
        // settled already).
        let mut prefix: usize = 0;
        for (&unsettled, &tag) in self.tags.keys().zip(&mine) {
            if unsettled != tag {
                break;
            }
            prefix += 1;
        }
        for tag in &mine {
            self.tags.remove(tag);
        }
        let up_to = prefix.checked_sub(1).map(|last| mine[last]);
        // A `multiple` ack of one delivery is its single ack.
        Acks {
            up_to,
            single: mine.split_off(prefix),
        }
    }
}

/// How often the quorum queue has delivered this message before (its
/// `x-delivery-count` header; absent on the first delivery).
fn delivery_count(delivery: &Delivery) -> u32 {
    let Some(headers) = delivery.properties.headers() else {
        return 0;
    };
    match headers.inner().get("x-delivery-count") {
        Some(AMQPValue::LongLongInt(n)) => u32::try_from(*n).unwrap_or(u32::MAX),
        Some(AMQPValue::LongInt(n)) => u32::try_from(*n).unwrap_or(u32::MAX),
        Some(AMQPValue::LongUInt(n)) => *n,
        Some(AMQPValue::ShortInt(n)) => u32::try_from(*n).unwrap_or(u32::MAX),
        _ => 0,
    }
}

/// A short pause before a failed event goes back to the queue, growing with each
/// attempt, so that a database blip is ridden out rather than burning the delivery
/// limit in milliseconds.
pub(crate) fn redelivery_delay(attempt: u32) -> Duration {
    let millis = 50u64.saturating_mul(1 << attempt.min(6));
    Duration::from_millis(millis.min(2_000))
}

#[cfg(test)]
mod tests {
    use super::{redelivery_delay, Acks, Unsettled};
    use std::time::Duration;

    fn unsettled(tags: &[u64]) -> Unsettled {
        let mut u = Unsettled::default();
        for &tag in tags {
            u.received(tag);
        }
        u
    }

    #[test]
    fn a_batch_ahead_of_every_other_delivery_is_one_multiple_ack() {
        let mut u = unsettled(&[1, 2, 3, 4, 5]);
        let acks = u.committed(&[3, 1, 2]);
        assert_eq!(
            acks,
            Acks {
                up_to: Some(3),
                single: vec![]
            }
        );
        // The next batch is then first in turn.
        assert_eq!(u.committed(&[4, 5]).up_to, Some(5));
        assert!(u.tags.is_empty());
    }

    #[test]
    fn a_batch_behind_an_unsettled_delivery_is_acked_one_by_one() {
        // 1-2 still running (or 2 waiting for its nack): 3-4 must not be covered by a
        // multiple ack, which would also ack 1 and 2.
        let mut u = unsettled(&[1, 2, 3, 4]);
        assert_eq!(
            u.committed(&[3, 4]),
            Acks {
                up_to: None,
                single: vec![3, 4]
            }
        );
        // 1 commits: it alone is first; 2 stays unsettled until its nack.
        assert_eq!(
            u.committed(&[1]),
            Acks {
                up_to: Some(1),
                single: vec![]
            }
        );
        u.forget(2);
        assert!(u.tags.is_empty());
    }

    #[test]
    fn only_the_batchs_leading_run_goes_into_the_multiple_ack() {
        // 3 belongs to another batch, still running: 1-2 by one frame, 4-5 each alone.
        let mut u = unsettled(&[1, 2, 3, 4, 5]);
        assert_eq!(
            u.committed(&[1, 2, 4, 5]),
            Acks {
                up_to: Some(2),
                single: vec![4, 5]
            }
        );
    }

    #[test]
    fn settled_deliveries_do_not_hold_back_the_multiple_ack() {
        // 2 was rejected (its frame sent, then forgotten): 1 and 3 go in one ack.
        let mut u = unsettled(&[1, 2, 3]);
        u.forget(2);
        assert_eq!(u.committed(&[1, 3]).up_to, Some(3));
        // A tag acked already (or never received) is not acked again.
        assert_eq!(u.committed(&[3]), Acks::default());
    }

    #[test]
    fn redelivery_delay_grows_and_is_capped() {
        assert_eq!(redelivery_delay(0), Duration::from_millis(50));
        assert_eq!(redelivery_delay(1), Duration::from_millis(100));
        assert!(redelivery_delay(3) > redelivery_delay(2));
        assert_eq!(redelivery_delay(30), Duration::from_millis(2_000));
    }
}
