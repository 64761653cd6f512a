//! Recording a call's result, once, with `Idempotency-Key` replays.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::{Calling, Request};
use crate::domain::call::{Call, CallState, Completion};
use crate::domain::offers::Offers;
use crate::domain::result::{check_open, decide, shape, ResultDraft};
use crate::domain::scope::Scope;
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events;
use crate::store::calls;
use crate::store::idempotency::{self, Kept};

/// A request's `Idempotency-Key` and the hash of what it asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

/// What recording a result answered: the call, either way (the api renders both alike).
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// The result was recorded now.
    Fresh(Box<Call>),
    /// The same request came with the same key before: the call as that answer showed it
    /// (a recording attached since is not in it).
    Replay(Box<Call>),
}

/// Records the result of the caller's open call `id` (404 for anyone else's call, 409
/// once it has one or was closed without one), with `calling.call.completed` in the same
/// transaction. With an idempotency key, the answered call is kept in that transaction
/// too, and the same key again replays it (another request under the key: 422).
///
/// No operating-hours check: a call started before 17:00 may be closed after.
pub async fn record(
    c: &Calling,
    request: &Request,
    id: Uuid,
    draft: ResultDraft,
    idempotency: Option<Idempotency>,
) -> Result<Recorded> {
    let agent = request.actor.id;
    let idempotency = &idempotency;
    let draft = &draft;
    let mut conn = c.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            // The row lock orders concurrent retries: the second sees the first's key.
            let mut call = calls::find(conn, Scope::Own(agent), id, true)
                .await?
                .ok_or(Error::NotFound("call"))?;
            if let Some(idem) = idempotency {
                if let Some(kept) = idempotency::find(conn, agent, &idem.key).await? {
                    if kept.request_hash != idem.request_hash {
                        return Err(Rejection::rule(
                            rules::IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used for another request; use a new key",
                        )
                        .into());
                    }
                    return Ok(Recorded::Replay(Box::new(kept.call)));
                }
            }
            check_open(&call)?;
            let shape = shape(draft, call.program.activity())?;
            let offers = Offers::parse(call.program.activity(), &call.offers)
                .map_err(|e| anyhow::anyhow!("calls.offers of {id}: {e}"))?;
            let now = c.now();
            let result = decide(shape, &offers, now, &c.config.operating_hours)?;
            let done = Completion::new(result, call.started_at, now);
            calls::set_result(conn, id, &done).await?;
            events::PRODUCER
                .publish(
                    conn,
                    call.site,
                    request.correlation_id(),
                    &events::call_completed(&call, &done),
                )
                .await?;
            call.state = CallState::Completed(done);
            if let Some(idem) = idempotency {
                let kept = Kept {
                    request_hash: idem.request_hash.clone(),
                    call,
                };
                idempotency::keep(conn, agent, &idem.key, &kept).await?;
                return Ok(Recorded::Fresh(Box::new(kept.call)));
            }
            Ok(Recorded::Fresh(Box::new(call)))
        }
        .scope_boxed()
    })
    .await
}
