use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Site;

use crate::envelope::{Envelope, Event, EventContext};
use crate::schema::outbox;

/// Writes `envelope` to the outbox. Call it on the connection of the transaction that
/// makes the state change the event describes: both commit, or neither does.
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    envelope: &Envelope,
) -> Result<(), diesel::result::Error> {
    let body = serde_json::to_string(envelope)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    diesel::insert_into(outbox::table)
        .values((
            outbox::event_id.eq(envelope.id),
            outbox::event_type.eq(&envelope.event_type),
            outbox::body.eq(body),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Builds the envelope for `event` and writes it to the outbox (see [`enqueue`]).
pub async fn publish<E: Event>(
    conn: &mut AsyncPgConnection,
    ctx: &EventContext,
    event: &E,
) -> Result<Envelope, diesel::result::Error> {
    let envelope = Envelope::new(ctx, event)
        .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
    enqueue(conn, &envelope).await?;
    Ok(envelope)
}

/// A service as the producer of its events: the name on their envelopes. Each service
/// has one (`events::PRODUCER`) and publishes through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Producer(pub &'static str);

impl Producer {
    /// The envelope context of a change at `site` (`None`: a change of no one site)
    /// caused by the request `correlation_id`.
    pub fn context(
        self,
        site: impl Into<Option<Site>>,
        correlation_id: Option<&str>,
    ) -> EventContext {
        EventContext {
            producer: self.0.to_owned(),
            site: site.into().map(|s| s.as_str().to_owned()),
            correlation_id: correlation_id.map(str::to_owned),
        }
    }

    /// Writes `event` to the outbox on `conn`: call it in the transaction of the change
    /// the event describes (see [`publish`]).
    pub async fn publish<E: Event>(
        self,
        conn: &mut AsyncPgConnection,
        site: impl Into<Option<Site>>,
        correlation_id: Option<&str>,
        event: &E,
    ) -> Result<Envelope, diesel::result::Error> {
        publish(conn, &self.context(site, correlation_id), event).await
    }
}
