//! What reporting consumes: exactly the event types the contracts name it a consumer
//! of (every event of the catalog). Each batch, in the inbox's transaction: the events
//! go into the raw log (`raw`), and those it did not hold yet are counted in the daily
//! activity and folded into every KPI family (`families::apply`), in arrival order.
//! The rebuild (`rebuild`) replays the log through the same [`derive`].

use std::sync::Arc;

use diesel_async::AsyncPgConnection;
use tam_events::{Envelope, HandlerError, Subscriptions};

use crate::{activity, families, raw};

/// The event types reporting's queue is bound to.
pub fn consumed() -> Vec<&'static str> {
    tam_contracts::consumed_by("reporting")
}

/// reporting's subscriptions: every type it consumes, ingested in batches. The months
/// whose raw partition exists are remembered by this handler (one per process).
pub fn subscriptions() -> Subscriptions {
    let partitions = Arc::new(raw::Partitions::default());
    Subscriptions::new().on_envelopes(&consumed(), move |conn, events| {
        let partitions = Arc::clone(&partitions);
        Box::pin(async move { ingest(conn, &partitions, events).await })
    })
}

/// Stores `events` in the raw log and derives the read models from those it did not
/// hold yet. The raw insert comes first: it takes the lock a rebuild holds
/// (`raw_events`), before this transaction touches any table the rebuild rewrites, so
/// that the two take turns and never deadlock.
pub async fn ingest(
    conn: &mut AsyncPgConnection,
    partitions: &raw::Partitions,
    events: &[&Envelope],
) -> Result<(), HandlerError> {
    let result = async {
        let fresh = raw::store(conn, partitions, events).await?;
        derive(conn, &fresh).await
    }
    .await;
    if result.is_err() {
        // The transaction rolls back, with any partition it created.
        partitions.forget();
    }
    result
}

/// What every read model makes of `events` (each seen once), in their order: every
/// family (the batch at once, `families::apply_batch`) and the activity count.
///
/// The counters (the activity count, outbound's day rows) are written as delta rows,
/// inserted, never updated: nearly every batch counts on the same rows (today's), and
/// concurrent batches (the consumer runs several at once) queued on their row locks
/// until each commit. `compact` folds the deltas in the background.
pub async fn derive(
    conn: &mut AsyncPgConnection,
    events: &[&Envelope],
) -> Result<(), HandlerError> {
    if events.is_empty() {
        return Ok(());
    }
    // The count needs nothing of the families': sent pipelined with their statements.
    let counted = activity::count(conn, events);
    let (folded, counted) = tokio::join!(families::apply_batch(conn, events), counted);
    folded?;
    counted?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use tam_events::EventHandler;

    #[test]
    fn subscribes_to_exactly_what_the_contracts_name() {
        assert_eq!(
            super::subscriptions().subscriptions(),
            tam_contracts::consumed_by("reporting")
        );
        assert!(!super::consumed().is_empty());
    }
}
