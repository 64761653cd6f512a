use std::collections::HashSet;

use async_trait::async_trait;
use diesel::prelude::*;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use tam_db::{DbError, DbPool};
use uuid::Uuid;

use crate::envelope::Envelope;
use crate::schema::processed_events;

/// What a consuming service does with the events it subscribes to.
#[async_trait]
pub trait EventHandler: Send + Sync + 'static {
    /// The routing keys (event types, or topic patterns such as `hr.#`) this service's
    /// queue is bound to.
    fn subscriptions(&self) -> Vec<String>;

    /// Applies one event. `conn` is inside the transaction that also records the event
    /// in the inbox: write the effects through it, and return an error to roll all back.
    async fn handle(
        &self,
        conn: &mut AsyncPgConnection,
        event: &Envelope,
    ) -> Result<(), HandlerError>;

    /// Applies several events in the caller's transaction, in order. The default applies
    /// them one by one; a handler that can write many in one statement overrides it
    /// (see [`crate::Subscriptions::on_batch`]).
    async fn handle_batch(
        &self,
        conn: &mut AsyncPgConnection,
        events: &[&Envelope],
    ) -> Result<(), HandlerError> {
        for event in events {
            self.handle(conn, event).await?;
        }
        Ok(())
    }
}

/// Why a handler did not apply an event. Every error rolls the transaction back and the
/// message is delivered again, until the queue's delivery limit sends it to the DLQ.
#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("the event cannot be applied: {0}")]
    Rejected(String),
}

impl From<diesel::result::Error> for HandlerError {
    fn from(e: diesel::result::Error) -> Self {
        HandlerError::Database(DbError::Query(e))
    }
}

/// Whether an event changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Applied,
    /// Already in the inbox: a redelivery, skipped.
    Duplicate,
}

/// Applies `event` once: in one transaction, records its id in `processed_events` and
/// runs the handler; an id already recorded means a redelivery, and nothing runs.
pub async fn apply(
    pool: &DbPool,
    handler: &dyn EventHandler,
    event: &Envelope,
) -> Result<Applied, HandlerError> {
    let mut conn = pool.get().await.map_err(DbError::from)?;
    conn.transaction::<_, HandlerError, _>(|conn| {
        async move { record_and_handle(conn, handler, event).await }.scope_boxed()
    })
    .await
}

/// Applies several events in ONE transaction, each once as [`apply`] does: all of them or,
/// when any handler fails, none. One commit for many events is what lets a consumer keep
/// up with a burst; the caller falls back to [`apply`] one by one after a failure. The
/// inbox rows go in with one statement, and the new events reach the handler together
/// ([`EventHandler::handle_batch`]).
pub async fn apply_all(
    pool: &DbPool,
    handler: &dyn EventHandler,
    events: &[&Envelope],
) -> Result<Vec<Applied>, HandlerError> {
    let mut conn = pool.get().await.map_err(DbError::from)?;
    conn.transaction::<_, HandlerError, _>(|conn| {
        async move {
            let rows: Vec<_> = events
                .iter()
                .map(|event| {
                    (
                        processed_events::event_id.eq(event.id),
                        processed_events::event_type.eq(&event.event_type),
                    )
                })
                .collect();
            let mut fresh: HashSet<Uuid> = diesel::insert_into(processed_events::table)
                .values(rows)
                .on_conflict_do_nothing()
                .returning(processed_events::event_id)
                .get_results(conn)
                .await?
                .into_iter()
                .collect();
            // `remove`: the same message twice in one batch is applied once.
            let results: Vec<Applied> = events
                .iter()
                .map(|event| {
                    if fresh.remove(&event.id) {
                        Applied::Applied
                    } else {
                        Applied::Duplicate
                    }
                })
                .collect();
            let new: Vec<&Envelope> = events
                .iter()
                .zip(&results)
                .filter(|(_, applied)| **applied == Applied::Applied)
                .map(|(event, _)| *event)
                .collect();
            if !new.is_empty() {
                handler.handle_batch(conn, &new).await?;
            }
            Ok(results)
        }
        .scope_boxed()
    })
    .await
}

/// Inside the caller's transaction: the inbox row first, then the handler, unless the
/// event was already there.
async fn record_and_handle(
    conn: &mut AsyncPgConnection,
    handler: &dyn EventHandler,
    event: &Envelope,
) -> Result<Applied, HandlerError> {
    let inserted = diesel::insert_into(processed_events::table)
        .values((
            processed_events::event_id.eq(event.id),
            processed_events::event_type.eq(&event.event_type),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if inserted == 0 {
        return Ok(Applied::Duplicate);
    }
    handler.handle(conn, event).await?;
    Ok(Applied::Applied)
}
