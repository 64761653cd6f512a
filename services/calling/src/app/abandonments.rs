//! Closing a stuck call without a result.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::{Calling, Request};
use crate::domain::abandonment::check_abandon;
use crate::domain::call::{Abandonment, Call, CallState};
use crate::domain::scope::close_scope;
use crate::error::{Error, Result};
use crate::events;
use crate::store::calls;

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
            let mut call = calls::find(conn, close_scope(&request.actor), id, true)
                .await?
                .ok_or(Error::NotFound("call"))?;
            check_abandon(&call)?;
            let abandonment = Abandonment {
                at: c.now(),
                by: request.actor.id,
                reason: reason.clone(),
            };
            calls::abandon(conn, id, &abandonment).await?;
            let event = events::call_abandoned(&call, &abandonment);
            events::PRODUCER
                .publish(conn, call.site, request.correlation_id(), &event)
                .await?;
            call.state = CallState::Abandoned(abandonment);
            Ok(call)
        }
        .scope_boxed()
    })
    .await
}
