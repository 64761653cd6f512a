//! Revoked access tokens, refused within seconds by every verifier.
//!
//! hr publishes [`AccessRevoked`] (`hr.access.revoked`) in the transaction that
//! deactivates or suspends an employee, changes their password, catches a reused refresh
//! token or logs them out everywhere. Every process — the gateway and each replica of
//! each service — must see every revocation, so a service's competing-consumer queue is
//! no use here. Instead the events are also routed to one RabbitMQ stream,
//! `<prefix>.access-revocations`, which every process reads without consuming it: at
//! start, and again after each reconnection, from the oldest moment a token still alive
//! could have been issued (the access token lifetime and the verifier's leeway ago).
//! So a process that starts, or was cut off from the broker, rebuilds its
//! [`DenyList`] from the broker alone, with no call to hr and no new network path.

use std::time::Duration;

use chrono::Utc;
use futures::StreamExt as _;
use lapin::message::Delivery;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicQosOptions, QueueBindOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable, LongString};
use tam_auth::{DenyList, LEEWAY_SECS};
use tam_events::{Envelope, Event, SenderPolicy, Topology};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::service::ServiceName;

/// `hr.access.revoked`: every access token of `employee_id` issued (`iat`) before
/// `not_before` is refused from now on. Published by hr, read by every verifier; typed
/// once in the contracts.
pub use tam_contracts::hr::{AccessRevoked, RevocationReason};

/// The stream every process reads revocations from.
pub fn stream_name(prefix: &str) -> String {
    Topology::new(prefix, "").revocation_stream()
}

/// How long the broker keeps revocations: far longer than any access token lives (a
/// reader starts at most an access token lifetime back). Every process declares the
/// stream with the same arguments, so these are constants, not settings.
const STREAM_MAX_AGE: &str = "1D";
/// Small segments, so that retention (applied per whole segment) actually drops old ones.
const STREAM_SEGMENT_BYTES: i64 = 1_000_000;
/// Revocations taken from the stream before their acks.
const PREFETCH: u16 = 100;

/// Keeps `deny_list` fed with the revocations on the broker until `shutdown`: reads the
/// stream from an access token lifetime back, then follows it; on a lost connection
/// reconnects with backoff and reads back again (what was published meanwhile is in
/// the stream).
pub fn spawn(
    service: ServiceName,
    config: &Config,
    deny_list: DenyList,
    shutdown: CancellationToken,
) -> JoinHandle<()> {
    let bus = config.service_bus_settings(service);
    let feed = Feed {
        topology: Topology::new(bus.prefix.clone(), service.as_str()),
        amqp_url: bus.amqp_url,
        senders: bus.senders,
        max_delay: bus.max_reconnect_delay,
        lookback: config.access_token_ttl + Duration::from_secs(LEEWAY_SECS + 30),
        deny_list,
    };
    tokio::spawn(async move { feed.run(shutdown).await })
}

struct Feed {
    topology: Topology,
    amqp_url: String,
    senders: SenderPolicy,
    max_delay: Duration,
    /// How far back a token still alive may have been issued.
    lookback: Duration,
    deny_list: DenyList,
}

impl Feed {
    async fn run(self, shutdown: CancellationToken) {
        const FIRST_DELAY: Duration = Duration::from_millis(100);
        let mut delay = FIRST_DELAY;
        loop {
            let started = std::time::Instant::now();
            match self.session(&shutdown).await {
                Ok(()) => return,
                Err(e) => tracing::warn!(
                    error = %e,
                    retry_in = ?delay,
                    "the revocation feed lost the broker; revocations published meanwhile are read back on reconnection"
                ),
            }
            if started.elapsed() > Duration::from_secs(30) {
                delay = FIRST_DELAY;
            }
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                () = shutdown.cancelled() => return,
            }
            delay = (delay * 2).min(self.max_delay);
        }
    }

    /// One connection: declare and bind the stream, read it from `lookback` ago, follow.
    async fn session(&self, shutdown: &CancellationToken) -> Result<(), lapin::Error> {
        let name = self.topology.connection_name("revocations");
        let connection = tam_events::topology::connect(&self.amqp_url, &name).await?;
        let (lost_tx, mut lost) = oneshot::channel();
        let mut lost_tx = Some(lost_tx);
        connection.on_error(move |e| {
            if let Some(tx) = lost_tx.take() {
                let _ = tx.send(e);
            }
        });
        let channel = connection.create_channel().await?;
        self.topology.declare_exchanges(&channel).await?;
        let stream = stream_name(&self.topology.prefix);
        channel
            .queue_declare(
                &stream,
                QueueDeclareOptions {
                    durable: true,
                    ..QueueDeclareOptions::default()
                },
                stream_arguments(),
            )
            .await?;
        channel
            .queue_bind(
                &stream,
                &self.topology.exchange(),
                AccessRevoked::TYPE,
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;
        // A stream is read with manual acks and a prefetch (RabbitMQ's requirement).
        channel
            .basic_qos(PREFETCH, BasicQosOptions::default())
            .await?;
        let since = Utc::now() - chrono::Duration::from_std(self.lookback).unwrap_or_default();
        let mut arguments = FieldTable::default();
        arguments.insert(
            "x-stream-offset".into(),
            AMQPValue::Timestamp(u64::try_from(since.timestamp()).unwrap_or(0)),
        );
        let mut deliveries = channel
            .basic_consume(&stream, "", BasicConsumeOptions::default(), arguments)
            .await?;
        tracing::info!(stream = %stream, connection = %name, "following access token revocations");
        let result = loop {
            tokio::select! {
                () = shutdown.cancelled() => break Ok(()),
                Ok(e) = &mut lost => break Err(e),
                next = deliveries.next() => match next {
                    Some(Ok(delivery)) => {
                        self.apply(&delivery);
                        delivery.ack(BasicAckOptions::default()).await?;
                    }
                    Some(Err(e)) => break Err(e),
                    None => break Err(lapin::Error::InvalidChannelState(
                        lapin::ChannelState::Closed,
                    )),
                },
            }
        };
        if connection.status().connected() {
            let _ = connection.close(200, "shutting down").await;
        }
        result
    }

    /// Puts one revocation on the deny list; anything else is logged and skipped (the
    /// stream is not a work queue: nothing is retried or dead-lettered).
    fn apply(&self, delivery: &Delivery) {
        let envelope: Envelope = match serde_json::from_slice(&delivery.data) {
            Ok(envelope) => envelope,
            Err(e) => {
                tracing::warn!(error = %e, "skipping a revocation that is not an event envelope");
                return;
            }
        };
        let sender = delivery.properties.user_id().as_ref().map(|u| u.as_str());
        if let Err(forgery) = self
            .senders
            .check(sender, delivery.routing_key.as_str(), &envelope)
        {
            tracing::warn!(event = %envelope.id, %forgery, "refusing a revocation hr did not send");
            return;
        }
        match envelope.decode::<AccessRevoked>() {
            Ok(revoked) => {
                let lookback = i64::try_from(self.lookback.as_secs()).unwrap_or(i64::MAX);
                self.deny_list
                    .forget_before(Utc::now().timestamp().saturating_sub(lookback));
                self.deny_list
                    .revoke(revoked.employee_id, revoked.not_before.timestamp());
                tracing::debug!(employee = %revoked.employee_id, reason = revoked.reason.as_str(), "access tokens revoked");
            }
            Err(e) => {
                tracing::warn!(event = %envelope.id, error = %e, "skipping a malformed revocation")
            }
        }
    }
}

fn stream_arguments() -> FieldTable {
    let mut args = FieldTable::default();
    args.insert(
        "x-queue-type".into(),
        AMQPValue::LongString(LongString::from("stream")),
    );
    args.insert(
        "x-max-age".into(),
        AMQPValue::LongString(LongString::from(STREAM_MAX_AGE)),
    );
    args.insert(
        "x-stream-max-segment-size-bytes".into(),
        AMQPValue::LongLongInt(STREAM_SEGMENT_BYTES),
    );
    args
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use uuid::Uuid;

    #[test]
    fn the_event_carries_the_documented_fields_and_is_in_the_catalog() {
        let event = AccessRevoked {
            employee_id: Uuid::now_v7(),
            not_before: DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            reason: RevocationReason::LoggedOutEverywhere,
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["reason"], "logged_out_everywhere");
        assert_eq!(json["not_before"], "2027-01-15T08:00:00Z");
        assert_eq!(
            serde_json::from_value::<AccessRevoked>(json).unwrap(),
            event
        );
        let spec = tam_contracts::spec(AccessRevoked::TYPE).unwrap();
        assert_eq!(spec.producer, "hr");
        assert_eq!(spec.stream, Some("access-revocations"));
        assert_eq!(stream_name("tam"), "tam.access-revocations");
    }
}
