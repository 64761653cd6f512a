//! The outbox relay: claims committed event rows, publishes them with publisher confirms
//! and the `mandatory` flag, and deletes a row only once the broker has confirmed it and
//! routed it to at least one queue. A nack, a `basic.return` or a timeout leaves the row
//! in place to be retried, so a broker outage or a cut connection loses nothing.
//!
//! It is woken in-process once a producer of its process commits an event
//! ([`crate::wake`]), and polls as the safety net.

use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Text};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use futures::StreamExt;
use lapin::options::BasicPublishOptions;
use lapin::publisher_confirm::Confirmation;
use lapin::types::ShortString;
use lapin::{BasicProperties, Channel};
use tam_db::{DbError, DbPool};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::bus::BusError;
use crate::metrics::BusMetrics;
use crate::schema::outbox;

#[derive(Debug, Clone, Copy)]
pub struct RelaySettings {
    /// Rows claimed and published per round trip.
    pub batch_size: i64,
    /// How often the outbox is checked without a wake-up: the safety net for rows no
    /// relay of their process was told about (see [`crate::committed`]).
    pub poll_interval: Duration,
    /// How long the relay waits for the broker's confirms of a batch.
    pub confirm_timeout: Duration,
}

impl Default for RelaySettings {
    fn default() -> Self {
        Self {
            batch_size: 500,
            poll_interval: Duration::from_secs(1),
            confirm_timeout: Duration::from_secs(10),
        }
    }
}

/// Where the relay publishes: the channel, the events exchange, and the broker user the
/// channel's connection logs in as (stated in each message's `user-id`).
pub(crate) struct Outlet<'a> {
    pub channel: &'a Channel,
    pub exchange: &'a str,
    pub user: Option<&'a str>,
}

const BACKLOG_SAMPLE_EVERY: Duration = Duration::from_secs(5);

/// Publishes until `shutdown`; returns an error when the broker connection is unusable,
/// so that the supervisor reconnects. The batch in flight at shutdown is finished.
pub(crate) async fn run(
    pool: &DbPool,
    outlet: &Outlet<'_>,
    settings: RelaySettings,
    metrics: &BusMetrics,
    wake: &Notify,
    shutdown: &CancellationToken,
) -> Result<(), BusError> {
    let mut last_sample: Option<Instant> = None;
    loop {
        if shutdown.is_cancelled() {
            return Ok(());
        }
        match publish_batch(pool, outlet, settings, metrics).await {
            Ok(n) if n as i64 >= settings.batch_size => continue,
            Ok(_) => {}
            Err(BusError::Database(e)) => tracing::warn!(error = %e, "outbox relay: database"),
            Err(e) => return Err(e),
        }
        if last_sample.is_none_or(|t| t.elapsed() >= BACKLOG_SAMPLE_EVERY) {
            if let Ok(backlog) = backlog(pool).await {
                metrics.outbox_backlog.set(backlog);
            }
            last_sample = Some(Instant::now());
        }
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(settings.poll_interval) => {}
            () = shutdown.cancelled() => return Ok(()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    Nack,
    Returned,
}

impl Refusal {
    fn label(self) -> &'static str {
        match self {
            Refusal::Nack => "nack",
            Refusal::Returned => "returned",
        }
    }
}

/// One claim-publish-confirm round, in one transaction whose row locks keep other relay
/// replicas off these rows (`FOR UPDATE SKIP LOCKED`). Returns the rows claimed.
async fn publish_batch(
    pool: &DbPool,
    outlet: &Outlet<'_>,
    settings: RelaySettings,
    metrics: &BusMetrics,
) -> Result<usize, BusError> {
    let mut conn = pool.get().await.map_err(DbError::from)?;
    conn.transaction::<_, BusError, _>(|conn| {
        async move {
            let rows: Vec<(i64, Uuid, String, String)> = outbox::table
                .select((
                    outbox::seq,
                    outbox::event_id,
                    outbox::event_type,
                    outbox::body,
                ))
                .filter(diesel::dsl::sql::<Bool>("available_at <= now()"))
                .order(outbox::seq)
                .limit(settings.batch_size)
                .for_update()
                .skip_locked()
                .load(conn)
                .await?;
            if rows.is_empty() {
                return Ok(0);
            }

            // Pipelined: every message is sent before any confirm is awaited.
            let mut confirms = Vec::with_capacity(rows.len());
            for (_, id, event_type, body) in &rows {
                let mut properties = BasicProperties::default()
                    .with_message_id(ShortString::from(id.to_string()))
                    .with_type(ShortString::from(event_type.as_str()))
                    .with_content_type(ShortString::from("application/json"))
                    .with_delivery_mode(2);
                // Who sent it, vouched for by the broker: consumers check it against
                // the service the event's type names.
                if let Some(user) = outlet.user {
                    properties = properties.with_user_id(ShortString::from(user));
                }
                let options = BasicPublishOptions {
                    mandatory: true,
                    ..BasicPublishOptions::default()
                };
                confirms.push(
                    outlet
                        .channel
                        .basic_publish(
                            outlet.exchange,
                            event_type,
                            options,
                            body.as_bytes(),
                            properties,
                        )
                        .await?,
                );
            }
            let outcomes = tokio::time::timeout(
                settings.confirm_timeout,
                futures::stream::iter(confirms)
                    .buffered(usize::MAX)
                    .collect::<Vec<_>>(),
            )
            .await
            .map_err(|_| {
                metrics
                    .publish_failures
                    .with_label_values(&["timeout"])
                    .inc_by(rows.len() as u64);
                BusError::ConfirmTimeout
            })?;

            let mut confirmed = Vec::with_capacity(rows.len());
            let mut refused: Vec<(i64, Refusal)> = Vec::new();
            for ((seq, ..), outcome) in rows.iter().zip(outcomes) {
                match outcome? {
                    Confirmation::Ack(None) => confirmed.push(*seq),
                    Confirmation::Ack(Some(_)) => refused.push((*seq, Refusal::Returned)),
                    Confirmation::Nack(_) => refused.push((*seq, Refusal::Nack)),
                    Confirmation::NotRequested => return Err(BusError::ConfirmsNotEnabled),
                }
            }
            diesel::delete(outbox::table.filter(outbox::seq.eq_any(&confirmed)))
                .execute(conn)
                .await?;
            for refusal in [Refusal::Nack, Refusal::Returned] {
                let seqs: Vec<i64> = refused
                    .iter()
                    .filter(|(_, r)| *r == refusal)
                    .map(|(seq, _)| *seq)
                    .collect();
                if !seqs.is_empty() {
                    postpone(conn, &seqs, refusal).await?;
                    metrics
                        .publish_failures
                        .with_label_values(&[refusal.label()])
                        .inc_by(seqs.len() as u64);
                    tracing::warn!(
                        count = seqs.len(),
                        reason = refusal.label(),
                        "broker did not take events; they stay in the outbox"
                    );
                }
            }
            metrics.published.inc_by(confirmed.len() as u64);
            Ok(rows.len())
        }
        .scope_boxed()
    })
    .await
}

/// A refused row is retried later, waiting twice as long after each refusal (at most five
/// minutes), so an unroutable event does not spin the relay.
async fn postpone(
    conn: &mut AsyncPgConnection,
    seqs: &[i64],
    refusal: Refusal,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1,
                available_at = now() + make_interval(secs => least(power(2, attempts), 300))
          WHERE seq = ANY($2)",
    )
    .bind::<Text, _>(refusal.label())
    .bind::<Array<BigInt>, _>(seqs)
    .execute(conn)
    .await?;
    Ok(())
}

async fn backlog(pool: &DbPool) -> Result<i64, DbError> {
    let mut conn = pool.get().await?;
    Ok(outbox::table.count().get_result(&mut conn).await?)
}
