use async_trait::async_trait;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Site;

use crate::envelope::{Envelope, Event, EventContext};
use crate::schema::outbox;

/// A connection inside the transaction of a state change, on which its events are
/// written to the outbox: diesel's (every use case), or `tokio_postgres`'s (a
/// transaction diesel-async cannot run, such as the DAPROS import's COPY). One row
/// format, one insert, whatever the driver.
#[async_trait]
pub trait Outbox: Send {
    /// The driver's error.
    type Error: Send;

    /// Inserts the outbox row of `envelope`, whose JSON is `body`.
    async fn insert_outbox(&mut self, envelope: &Envelope, body: String)
        -> Result<(), Self::Error>;

    /// An envelope that could not be serialized, as the driver's error.
    fn serialization_error(error: serde_json::Error) -> Self::Error;

    /// After the insert: have this process's relays woken once the row is committed
    /// (see [`crate::wake_after_commit`]).
    fn wake_after_commit(&mut self);
}

#[async_trait]
impl Outbox for AsyncPgConnection {
    type Error = diesel::result::Error;

    async fn insert_outbox(
        &mut self,
        envelope: &Envelope,
        body: String,
    ) -> Result<(), Self::Error> {
        diesel::insert_into(outbox::table)
            .values((
                outbox::event_id.eq(envelope.id),
                outbox::event_type.eq(&envelope.event_type),
                outbox::body.eq(body),
            ))
            .execute(self)
            .await?;
        Ok(())
    }

    fn serialization_error(error: serde_json::Error) -> Self::Error {
        diesel::result::Error::SerializationError(Box::new(error))
    }

    fn wake_after_commit(&mut self) {
        crate::wake::wake_after_commit(self);
    }
}

/// A pooled connection, as a use case outside a transaction holds it.
#[async_trait]
impl Outbox for tam_db::DbConn {
    type Error = diesel::result::Error;

    async fn insert_outbox(
        &mut self,
        envelope: &Envelope,
        body: String,
    ) -> Result<(), Self::Error> {
        let conn: &mut AsyncPgConnection = self;
        conn.insert_outbox(envelope, body).await
    }

    fn serialization_error(error: serde_json::Error) -> Self::Error {
        <AsyncPgConnection as Outbox>::serialization_error(error)
    }

    fn wake_after_commit(&mut self) {
        let conn: &mut AsyncPgConnection = self;
        crate::wake::wake_after_commit(conn);
    }
}

/// Why an outbox row could not be written on a `tokio_postgres` transaction.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("writing the outbox row: {0}")]
    Database(#[from] tokio_postgres::Error),
    #[error("serializing the event: {0}")]
    Serialization(#[from] serde_json::Error),
}

#[async_trait]
impl Outbox for tokio_postgres::Transaction<'_> {
    type Error = OutboxError;

    async fn insert_outbox(
        &mut self,
        envelope: &Envelope,
        body: String,
    ) -> Result<(), Self::Error> {
        // The id as text: this crate's tokio_postgres has no uuid feature.
        let id = envelope.id.to_string();
        tokio_postgres::Transaction::execute(
            self,
            "INSERT INTO outbox (event_id, event_type, body) VALUES ($1::text::uuid, $2, $3)",
            &[&id, &envelope.event_type, &body],
        )
        .await?;
        Ok(())
    }

    fn serialization_error(error: serde_json::Error) -> Self::Error {
        OutboxError::Serialization(error)
    }

    /// A `tokio_postgres` transaction cannot be watched: its owner calls
    /// [`crate::committed`] after committing it, or the relay's poll finds the rows.
    fn wake_after_commit(&mut self) {}
}

/// The one insert of an outbox row, on any [`Outbox`] connection.
async fn write<C: Outbox + ?Sized>(conn: &mut C, envelope: &Envelope) -> Result<(), C::Error> {
    let body = serde_json::to_string(envelope).map_err(C::serialization_error)?;
    conn.insert_outbox(envelope, body).await?;
    conn.wake_after_commit();
    Ok(())
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
    /// the event describes. `conn` is diesel's connection, or a `tokio_postgres`
    /// transaction where diesel-async cannot do the work (see [`Outbox`]).
    pub async fn publish<E: Event, C: Outbox + ?Sized>(
        self,
        conn: &mut C,
        site: impl Into<Option<Site>>,
        correlation_id: Option<&str>,
        event: &E,
    ) -> Result<Envelope, C::Error> {
        let envelope = Envelope::new(&self.context(site, correlation_id), event)
            .map_err(C::serialization_error)?;
        write(conn, &envelope).await?;
        Ok(envelope)
    }
}
