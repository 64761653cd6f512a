use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

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
