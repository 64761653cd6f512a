//! The consumer: one durable quorum queue per service, manual acks after the handler's
//! transaction commits, a bounded prefetch, and redelivery until the queue's delivery
//! limit dead-letters a poison message to `<prefix>.<service>.dlq`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use futures::{FutureExt, StreamExt};
use lapin::message::Delivery;
use lapin::options::{
    BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicNackOptions, BasicQosOptions,
    BasicRejectOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::Connection;
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
const MAX_BATCH: usize = 32;

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
            next = deliveries.next() => match next {
                Some(Ok(delivery)) => {
                    // What has already arrived behind it goes into the same transaction.
                    let mut batch = vec![delivery];
                    let mut failed = None;
                    while batch.len() < MAX_BATCH {
                        match deliveries.next().now_or_never() {
                            Some(Some(Ok(delivery))) => batch.push(delivery),
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
                    in_flight.spawn(process(batch, Arc::clone(&ctx)));
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
async fn process(batch: Vec<Delivery>, ctx: Arc<ConsumerContext>) {
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
                        let reject = BasicRejectOptions { requeue: false };
                        if let Err(e) = delivery.acker.reject(reject).await {
                            tracing::warn!(error = %e, "reject failed; the broker will redeliver");
                        }
                    }
                }
            }
            Err(e) => {
                // No retry can make malformed bytes decode: straight to the DLQ.
                tracing::error!(error = %e, "undecodable message dead-lettered");
                metrics.consumed.with_label_values(&["poison"]).inc();
                let reject = BasicRejectOptions { requeue: false };
                if let Err(e) = delivery.acker.reject(reject).await {
                    tracing::warn!(error = %e, "reject failed; the broker will redeliver");
                }
            }
        }
    }
    if decoded.len() > 1 {
        let events: Vec<&Envelope> = decoded.iter().map(|(_, envelope)| envelope).collect();
        if let Ok(applied) = apply_all(&ctx.pool, ctx.handler.as_ref(), &events).await {
            // The acks go out together: one after the other, each waited for the
            // connection's writer in turn. (Not one `multiple` ack: a batch applied
            // concurrently may hold lower delivery tags that are not committed yet.)
            futures::future::join_all(decoded.iter().zip(applied).map(
                |((delivery, envelope), applied)| acknowledge(delivery, envelope, applied, metrics),
            ))
            .await;
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
        settle(delivery, envelope, Arc::clone(&ctx))
            .instrument(span)
            .await;
    }
}

/// Acks after the commit: a crash before the ack means a redelivery, which the inbox
/// recognises.
async fn acknowledge(
    delivery: &Delivery,
    envelope: &Envelope,
    applied: Applied,
    metrics: &BusMetrics,
) {
    if let Err(e) = delivery.acker.ack(BasicAckOptions::default()).await {
        tracing::warn!(error = %e, "ack failed; the redelivery will be skipped");
    }
    let result = match applied {
        Applied::Applied => {
            let age = Utc::now() - envelope.occurred_at;
            metrics
                .delivery_seconds
                .observe(age.num_microseconds().unwrap_or(0).max(0) as f64 / 1e6);
            "applied"
        }
        Applied::Duplicate => "duplicate",
    };
    metrics.consumed.with_label_values(&[result]).inc();
}

async fn settle(delivery: Delivery, envelope: Envelope, ctx: Arc<ConsumerContext>) {
    let metrics = &ctx.metrics;
    match apply(&ctx.pool, ctx.handler.as_ref(), &envelope).await {
        Ok(applied) => acknowledge(&delivery, &envelope, applied, metrics).await,
        Err(e) => {
            let attempt = delivery_count(&delivery);
            tracing::warn!(error = %e, attempt, "handler failed; the event will be redelivered");
            metrics.consumed.with_label_values(&["failed"]).inc();
            tokio::time::sleep(redelivery_delay(attempt)).await;
            let nack = BasicNackOptions {
                requeue: true,
                multiple: false,
            };
            if let Err(e) = delivery.acker.nack(nack).await {
                tracing::warn!(error = %e, "nack failed; the broker will redeliver");
            }
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
    use super::redelivery_delay;
    use std::time::Duration;

    #[test]
    fn redelivery_delay_grows_and_is_capped() {
        assert_eq!(redelivery_delay(0), Duration::from_millis(50));
        assert_eq!(redelivery_delay(1), Duration::from_millis(100));
        assert!(redelivery_delay(3) > redelivery_delay(2));
        assert_eq!(redelivery_delay(30), Duration::from_millis(2_000));
    }
}
