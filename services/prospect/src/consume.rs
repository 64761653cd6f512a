//! Everything prospect consumes, dispatched by event type: hr's employee events keep the
//! roster; calling's and quality's move prospects (see [`crate::app::results`]).

use async_trait::async_trait;
use diesel_async::AsyncPgConnection;
use serde::de::DeserializeOwned;
use tam_events::{Envelope, EventHandler, HandlerError};

use crate::app::results;
use crate::roster;
use crate::store;

pub const CALL_STARTED: &str = "calling.call.started";
pub const CALL_COMPLETED: &str = "calling.call.completed";
pub const CALL_ABANDONED: &str = "calling.call.abandoned";
pub const CALL_VALIDATED: &str = "quality.call.validated";

/// prospect's one event handler.
pub struct ProspectEvents;

fn payload<T: DeserializeOwned>(event: &Envelope) -> Result<T, HandlerError> {
    serde_json::from_value(event.payload.clone())
        .map_err(|e| HandlerError::Rejected(format!("{} payload: {e}", event.event_type)))
}

/// A database failure is retried (redelivery); anything else cannot be applied.
fn failed(err: crate::Error) -> HandlerError {
    match err {
        crate::Error::Db(err) => HandlerError::from(err),
        crate::Error::Unavailable(cause) => {
            HandlerError::Database(tam_db::DbError::Unavailable(cause))
        }
        other => HandlerError::Rejected(format!("{other:#}")),
    }
}

#[async_trait]
impl EventHandler for ProspectEvents {
    fn subscriptions(&self) -> Vec<String> {
        roster::SUBSCRIPTIONS
            .iter()
            .chain(&[CALL_STARTED, CALL_COMPLETED, CALL_ABANDONED, CALL_VALIDATED])
            .map(|s| (*s).to_owned())
            .collect()
    }

    async fn handle(
        &self,
        conn: &mut AsyncPgConnection,
        event: &Envelope,
    ) -> Result<(), HandlerError> {
        match event.event_type.as_str() {
            CALL_STARTED => results::call_started(conn, &payload(event)?)
                .await
                .map_err(failed),
            CALL_COMPLETED => results::call_completed(conn, &payload(event)?)
                .await
                .map_err(failed),
            CALL_ABANDONED => results::call_abandoned(conn, &payload(event)?)
                .await
                .map_err(failed),
            CALL_VALIDATED => results::call_validated(conn, &payload(event)?)
                .await
                .map_err(failed),
            _ => {
                let entry = roster::entry_of(event).map_err(HandlerError::Rejected)?;
                store::agents::upsert(conn, &entry, event.occurred_at).await?;
                Ok(())
            }
        }
    }
}
