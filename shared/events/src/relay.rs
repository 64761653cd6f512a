//! The outbox relay: claims committed event rows, publishes them with publisher confirms
//! and the `mandatory` flag, and deletes a row only once the broker has confirmed it and
//! routed it to at least one queue. A nack, a `basic.return` or a timeout leaves the row
//! in place to be retried, so a broker outage or a cut connection loses nothing.
//!
//! It is woken in-process once a producer of its process commits an event
//! ([`crate::wake`]), and polls as the safety net.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Integer, Text, Timestamptz, Uuid as SqlUuid};
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

/// How long a relay that just published waits after a wake-up before its next claim.
/// Under a steady stream of commits (one event per transaction, as services write) each
/// wake-up would otherwise start a round for the one or two events committed since the
/// last: a transaction, a confirm round trip with the broker and a commit each, which
/// cost more CPU per event than the event itself. Waiting this long lets the commits of
/// the moment go in one round; it adds at most this much to an event's latency, and
/// nothing when the relay was idle (the first event after a quiet spell goes at once).
const LINGER: Duration = Duration::from_millis(2);

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
        let busy = match publish_batch(pool, outlet, settings, metrics).await {
            Ok(n) if n as i64 >= settings.batch_size => continue,
            Ok(n) => n > 0,
            Err(BusError::Database(e)) => {
                tracing::warn!(error = %e, "outbox relay: database");
                false
            }
            Err(e) => return Err(e),
        };
        if last_sample.is_none_or(|t| t.elapsed() >= BACKLOG_SAMPLE_EVERY) {
            if let Ok(backlog) = backlog(pool).await {
                metrics.outbox_backlog.set(backlog);
            }
            last_sample = Some(Instant::now());
        }
        tokio::select! {
            () = wake.notified() => {
                if busy {
                    tokio::time::sleep(LINGER).await;
                }
            }
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

/// An outbox row taken by a round.
#[derive(Debug, QueryableByName)]
struct Claimed {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = SqlUuid)]
    event_id: Uuid,
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Text)]
    body: String,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Integer)]
    attempts: i32,
}

/// Claims the due rows by deleting them, in seq order. The delete is the transaction's
/// and commits only after the broker's confirms (a crash, a timeout or a lost broker
/// rolls it back, and the rows are there again); `SKIP LOCKED` keeps other relay replicas
/// off them meanwhile. One statement instead of a `SELECT ... FOR UPDATE` and a `DELETE`
/// after the confirms: one round trip less per round, and each row is written once.
const CLAIM: &str = "DELETE FROM outbox WHERE seq = ANY(ARRAY(
        SELECT seq FROM outbox WHERE available_at <= now()
         ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
    RETURNING seq, event_id, event_type, body, created_at, attempts";

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
            let mut rows: Vec<Claimed> = diesel::sql_query(CLAIM)
                .bind::<BigInt, _>(settings.batch_size)
                .load(conn)
                .await?;
            if rows.is_empty() {
                return Ok(0);
            }
            // RETURNING follows no order: published in commit order, as written.
            rows.sort_unstable_by_key(|row| row.seq);

            // Pipelined: every message is sent before any confirm is awaited.
            let mut confirms = Vec::with_capacity(rows.len());
            for Claimed {
                event_id,
                event_type,
                body,
                ..
            } in &rows
            {
                let mut properties = BasicProperties::default()
                    .with_message_id(ShortString::from(event_id.to_string()))
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

            let mut confirmed = 0u64;
            let mut refused: Vec<(&Claimed, Refusal)> = Vec::new();
            for (row, outcome) in rows.iter().zip(outcomes) {
                match outcome? {
                    Confirmation::Ack(None) => confirmed += 1,
                    Confirmation::Ack(Some(_)) => refused.push((row, Refusal::Returned)),
                    Confirmation::Nack(_) => refused.push((row, Refusal::Nack)),
                    Confirmation::NotRequested => return Err(BusError::ConfirmsNotEnabled),
                }
            }
            for refusal in [Refusal::Nack, Refusal::Returned] {
                let back: Vec<&Claimed> = refused
                    .iter()
                    .filter(|(_, r)| *r == refusal)
                    .map(|(row, _)| *row)
                    .collect();
                if !back.is_empty() {
                    postpone(conn, &back, refusal).await?;
                    metrics
                        .publish_failures
                        .with_label_values(&[refusal.label()])
                        .inc_by(back.len() as u64);
                    tracing::warn!(
                        count = back.len(),
                        reason = refusal.label(),
                        "broker did not take events; they stay in the outbox"
                    );
                }
            }
            metrics.published.inc_by(confirmed);
            Ok(rows.len())
        }
        .scope_boxed()
    })
    .await
}

/// A refused row is retried later, waiting twice as long after each refusal (at most five
/// minutes), so an unroutable event does not spin the relay. The claim deleted it: it goes
/// back as it was (same seq, id and creation time) in the same transaction, so no other
/// relay ever sees it missing.
async fn postpone(
    conn: &mut AsyncPgConnection,
    rows: &[&Claimed],
    refusal: Refusal,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "INSERT INTO outbox
                (seq, event_id, event_type, body, created_at, attempts, last_error, available_at)
         SELECT seq, event_id, event_type, body, created_at, attempts + 1, $7,
                now() + make_interval(secs => least(power(2, attempts), 300))
           FROM unnest($1, $2, $3, $4, $5, $6)
             AS r (seq, event_id, event_type, body, created_at, attempts)",
    )
    .bind::<Array<BigInt>, _>(rows.iter().map(|r| r.seq).collect::<Vec<_>>())
    .bind::<Array<SqlUuid>, _>(rows.iter().map(|r| r.event_id).collect::<Vec<_>>())
    .bind::<Array<Text>, _>(
        rows.iter()
            .map(|r| r.event_type.as_str())
            .collect::<Vec<_>>(),
    )
    .bind::<Array<Text>, _>(rows.iter().map(|r| r.body.as_str()).collect::<Vec<_>>())
    .bind::<Array<Timestamptz>, _>(rows.iter().map(|r| r.created_at).collect::<Vec<_>>())
    .bind::<Array<Integer>, _>(rows.iter().map(|r| r.attempts).collect::<Vec<_>>())
    .bind::<Text, _>(refusal.label())
    .execute(conn)
    .await?;
    Ok(())
}

async fn backlog(pool: &DbPool) -> Result<i64, DbError> {
    let mut conn = pool.get().await?;
    Ok(outbox::table.count().get_result(&mut conn).await?)
}
