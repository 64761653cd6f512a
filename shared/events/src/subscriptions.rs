//! The one way a service consumes: a list of the event types it subscribes to, each
//! routed to a typed handler that gets the decoded payload, the envelope and the inbox
//! transaction.
//!
//! ```ignore
//! Subscriptions::new()
//!     .on::<CallCompleted, _>(|conn, call, envelope| Box::pin(tasks_from_call(conn, call, envelope)))
//!     .on_batch::<EmployeeChanged, _>(|conn, deliveries| Box::pin(upsert_roster(conn, deliveries)))
//! ```
//!
//! A per-event handler is the simple case. A batch handler gets every delivery of its
//! type that arrived together (in arrival order, inside one transaction with their inbox
//! rows), so that it can write them in one statement: that is what lifts a consumer's
//! throughput under a burst. Its `subscriptions()` are exactly the registered types.
//!
//! A payload that does not decode as its type (a required field missing, a field of the
//! wrong type) is [`HandlerError::Rejected`] with the field named, and logged with it; the
//! consumer's redeliveries then end it in the service's DLQ.

use std::marker::PhantomData;

use async_trait::async_trait;
use diesel_async::AsyncPgConnection;
use futures::future::BoxFuture;
use serde_json::Value;

use crate::envelope::{Envelope, Event};
use crate::inbox::{EventHandler, HandlerError};

/// What a handler returns: a boxed future borrowing the transaction (write
/// `Box::pin(my_handler(conn, event, envelope))`).
pub type Handled<'a> = BoxFuture<'a, Result<(), HandlerError>>;

/// One delivery of `E`: its decoded payload and its envelope.
#[derive(Debug)]
pub struct Delivery<'a, E> {
    pub event: E,
    pub envelope: &'a Envelope,
}

/// A service's subscriptions: event type → typed handler. Implements [`EventHandler`],
/// so it is what a service hands the runtime.
#[derive(Default)]
pub struct Subscriptions {
    routes: Vec<(&'static str, Box<dyn Route>)>,
}

impl Subscriptions {
    pub fn new() -> Self {
        Self::default()
    }

    /// Routes `E` to `handler`, one event at a time.
    ///
    /// # Panics
    /// When `E` is already routed: a service has one handler per type.
    #[must_use]
    pub fn on<E, F>(self, handler: F) -> Self
    where
        E: Event + Send + 'static,
        F: for<'a> Fn(&'a mut AsyncPgConnection, E, &'a Envelope) -> Handled<'a>
            + Send
            + Sync
            + 'static,
    {
        self.route(
            E::TYPE,
            Box::new(Each {
                handler,
                event: PhantomData::<fn() -> E>,
            }),
        )
    }

    /// Routes `E` to `handler`, which gets every delivery of `E` that arrived together
    /// (at least one), in arrival order, and applies them in the same transaction.
    ///
    /// # Panics
    /// When `E` is already routed.
    #[must_use]
    pub fn on_batch<E, F>(self, handler: F) -> Self
    where
        E: Event + Send + 'static,
        F: for<'a> Fn(&'a mut AsyncPgConnection, Vec<Delivery<'a, E>>) -> Handled<'a>
            + Send
            + Sync
            + 'static,
    {
        self.route(
            E::TYPE,
            Box::new(Batch {
                handler,
                event: PhantomData::<fn() -> E>,
            }),
        )
    }

    /// Routes each of `event_types` to `handler` as envelopes, undecoded: for a consumer
    /// of what every envelope says (its type, time, site), such as an activity count,
    /// that reads no payload. It gets the deliveries that arrived together, in order.
    ///
    /// # Panics
    /// When one of the types is already routed.
    #[must_use]
    pub fn on_envelopes<F>(mut self, event_types: &[&'static str], handler: F) -> Self
    where
        F: for<'a> Fn(&'a mut AsyncPgConnection, &'a [&'a Envelope]) -> Handled<'a>
            + Send
            + Sync
            + 'static,
    {
        let handler = std::sync::Arc::new(handler);
        for event_type in event_types {
            self = self.route(
                event_type,
                Box::new(Envelopes {
                    handler: std::sync::Arc::clone(&handler),
                }),
            );
        }
        self
    }

    fn route(mut self, event_type: &'static str, route: Box<dyn Route>) -> Self {
        // A programming error, found the first time the service is built (every
        // service's subscriptions are built by its unit tests).
        assert!(
            self.routes.iter().all(|(t, _)| *t != event_type),
            "{event_type} is subscribed twice"
        );
        self.routes.push((event_type, route));
        self
    }

    /// The event types subscribed to, in the order they were registered.
    pub fn types(&self) -> Vec<&'static str> {
        self.routes.iter().map(|(t, _)| *t).collect()
    }

    fn find(&self, event_type: &str) -> Result<&dyn Route, HandlerError> {
        self.routes
            .iter()
            .find(|(t, _)| *t == event_type)
            .map(|(_, route)| route.as_ref())
            .ok_or_else(|| {
                HandlerError::Rejected(format!(
                    "{event_type} is not an event this service consumes"
                ))
            })
    }
}

#[async_trait]
impl EventHandler for Subscriptions {
    fn subscriptions(&self) -> Vec<String> {
        self.types().into_iter().map(str::to_owned).collect()
    }

    async fn handle(
        &self,
        conn: &mut AsyncPgConnection,
        event: &Envelope,
    ) -> Result<(), HandlerError> {
        self.find(&event.event_type)?.apply(conn, &[event]).await
    }

    /// Runs of consecutive events of one type go to their handler together, so the order
    /// of arrival is kept across types as well.
    async fn handle_batch(
        &self,
        conn: &mut AsyncPgConnection,
        events: &[&Envelope],
    ) -> Result<(), HandlerError> {
        for run in events.chunk_by(|a, b| a.event_type == b.event_type) {
            self.find(&run[0].event_type)?.apply(conn, run).await?;
        }
        Ok(())
    }
}

/// A handler of one type, over envelopes of that type.
#[async_trait]
trait Route: Send + Sync {
    async fn apply(
        &self,
        conn: &mut AsyncPgConnection,
        events: &[&Envelope],
    ) -> Result<(), HandlerError>;
}

struct Each<E, F> {
    handler: F,
    event: PhantomData<fn() -> E>,
}

#[async_trait]
impl<E, F> Route for Each<E, F>
where
    E: Event + Send + 'static,
    F: for<'a> Fn(&'a mut AsyncPgConnection, E, &'a Envelope) -> Handled<'a>
        + Send
        + Sync
        + 'static,
{
    async fn apply(
        &self,
        conn: &mut AsyncPgConnection,
        events: &[&Envelope],
    ) -> Result<(), HandlerError> {
        for envelope in events {
            let event = decode::<E>(envelope)?;
            (self.handler)(conn, event, envelope).await?;
        }
        Ok(())
    }
}

struct Batch<E, F> {
    handler: F,
    event: PhantomData<fn() -> E>,
}

#[async_trait]
impl<E, F> Route for Batch<E, F>
where
    E: Event + Send + 'static,
    F: for<'a> Fn(&'a mut AsyncPgConnection, Vec<Delivery<'a, E>>) -> Handled<'a>
        + Send
        + Sync
        + 'static,
{
    async fn apply(
        &self,
        conn: &mut AsyncPgConnection,
        events: &[&Envelope],
    ) -> Result<(), HandlerError> {
        let deliveries = events
            .iter()
            .map(|envelope| {
                Ok(Delivery {
                    event: decode::<E>(envelope)?,
                    envelope,
                })
            })
            .collect::<Result<Vec<_>, HandlerError>>()?;
        (self.handler)(conn, deliveries).await
    }
}

struct Envelopes<F> {
    handler: std::sync::Arc<F>,
}

#[async_trait]
impl<F> Route for Envelopes<F>
where
    F: for<'a> Fn(&'a mut AsyncPgConnection, &'a [&'a Envelope]) -> Handled<'a>
        + Send
        + Sync
        + 'static,
{
    async fn apply(
        &self,
        conn: &mut AsyncPgConnection,
        events: &[&Envelope],
    ) -> Result<(), HandlerError> {
        (self.handler)(conn, events).await
    }
}

/// The payload of `envelope` as `E`, or a rejection naming the field that is missing or
/// does not fit (logged with the event, since the message itself ends in the DLQ).
pub fn decode<E: Event>(envelope: &Envelope) -> Result<E, HandlerError> {
    serde_json::from_value::<E>(envelope.payload.clone()).map_err(|error| {
        let field = bad_field::<E>(&envelope.payload, &error).unwrap_or_default();
        tracing::error!(
            event_id = %envelope.id,
            event_type = %envelope.event_type,
            field = %field,
            error = %error,
            "event payload rejected: it does not decode as its contract type"
        );
        HandlerError::Rejected(if field.is_empty() {
            format!("{} payload: {error}", envelope.event_type)
        } else {
            format!("{} payload: field `{field}`: {error}", envelope.event_type)
        })
    })
}

/// Which top-level field made `payload` fail to decode as `E`: the one serde names as
/// missing, else the one whose removal changes the failure into that field missing (or
/// lets an optional field's payload decode). Only run on the failure path.
fn bad_field<E: Event>(payload: &Value, error: &serde_json::Error) -> Option<String> {
    if let Some(field) = missing_field(&error.to_string()) {
        return Some(field);
    }
    let object = payload.as_object()?;
    object.keys().find_map(|key| {
        let mut without = object.clone();
        without.remove(key);
        match serde_json::from_value::<E>(Value::Object(without)) {
            Ok(_) => Some(key.clone()),
            Err(e) => (missing_field(&e.to_string()).as_deref() == Some(key.as_str()))
                .then(|| key.clone()),
        }
    })
}

/// The field of serde's "missing field `name`" message.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next().map(str::to_owned)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Rang {
        call_id: uuid::Uuid,
        seconds: u32,
        #[serde(default)]
        note: Option<String>,
    }
    impl Event for Rang {
        const TYPE: &'static str = "test.call.rang";
        const VERSION: u16 = 1;
    }

    #[derive(Debug, Serialize, Deserialize)]
    struct Hung {}
    impl Event for Hung {
        const TYPE: &'static str = "test.call.hung";
        const VERSION: u16 = 1;
    }

    fn envelope(payload: Value) -> Envelope {
        Envelope {
            id: uuid::Uuid::now_v7(),
            event_type: Rang::TYPE.into(),
            version: 1,
            occurred_at: chrono::Utc::now(),
            producer: "test".into(),
            site: None,
            correlation_id: None,
            payload,
        }
    }

    fn rejection(payload: Value) -> String {
        match decode::<Rang>(&envelope(payload)) {
            Err(HandlerError::Rejected(message)) => message,
            other => panic!("expected a rejection, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_required_field_is_named() {
        let message = rejection(serde_json::json!({ "seconds": 3 }));
        assert!(message.contains("field `call_id`"), "{message}");
        assert!(message.starts_with("test.call.rang payload"), "{message}");
    }

    #[test]
    fn a_field_of_the_wrong_type_is_named() {
        let id = uuid::Uuid::now_v7();
        let message = rejection(serde_json::json!({ "call_id": id, "seconds": "three" }));
        assert!(message.contains("field `seconds`"), "{message}");
        let message = rejection(serde_json::json!({ "call_id": id, "seconds": 3, "note": 4 }));
        assert!(message.contains("field `note`"), "{message}");
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let id = uuid::Uuid::now_v7();
        let rang = decode::<Rang>(&envelope(
            serde_json::json!({ "call_id": id, "seconds": 3, "added_later": true }),
        ))
        .unwrap();
        assert_eq!(rang.call_id, id);
    }

    #[test]
    fn subscriptions_are_exactly_the_registered_types() {
        let subscriptions = Subscriptions::new()
            .on::<Rang, _>(|_, _, _| Box::pin(async { Ok(()) }))
            .on_batch::<Hung, _>(|_, _| Box::pin(async { Ok(()) }))
            .on_envelopes(&["test.call.dropped", "test.call.held"], |_, _| {
                Box::pin(async { Ok(()) })
            });
        assert_eq!(
            subscriptions.subscriptions(),
            [
                "test.call.rang",
                "test.call.hung",
                "test.call.dropped",
                "test.call.held"
            ]
        );
    }

    #[test]
    #[should_panic(expected = "subscribed twice")]
    fn a_type_is_routed_once() {
        let _ = Subscriptions::new()
            .on::<Rang, _>(|_, _, _| Box::pin(async { Ok(()) }))
            .on::<Rang, _>(|_, _, _| Box::pin(async { Ok(()) }));
    }
}
