//! Closing a stuck call without a result.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::{Calling, Request};
use crate::domain::abandonment::check_abandon;
use crate::domain::call::{Abandonment, Call};
use crate::domain::scope::close_scope;
use crate::error::{Error, Result};
use crate::events::{self, CallAbandoned};
use crate::store::{calls, recordings};

/// Closes open call `id` without a result for the reason given (already checked), by
/// the caller: the team leader of the call's team or the site's operations supervisor
/// (404 for anyone else), with `calling.call.abandoned` in the same transaction. 409 once
/// the call has a result or was closed already.
pub async fn abandon(c: &Calling, request: &Request, id: Uuid, reason: String) -> Result<Call> {
    let reason = &reason;
    let mut conn = c.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            // The row lock orders this against the agent's result arriving at the same
            // moment: whichever comes second sees the call closed.
            let call = calls::find(conn, close_scope(&request.actor), id, true)
                .await?
                .ok_or(Error::NotFound("call"))?;
            check_abandon(&call)?;
            let abandonment = Abandonment {
                at: c.now(),
                by: request.actor.id,
                reason: reason.clone(),
            };
            let mut done = calls::abandon(conn, id, &abandonment).await?;
            done.recording = recordings::of_calls(conn, &[id]).await?.remove(&id);
            let event = CallAbandoned::of(&done)
                .ok_or_else(|| anyhow::anyhow!("call {id} is not abandoned after closing it"))?;
            events::PRODUCER
                .publish(conn, done.site, request.correlation_id(), &event)
                .await?;
            Ok(done)
        }
        .scope_boxed()
    })
    .await
}
