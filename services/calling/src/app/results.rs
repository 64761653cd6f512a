//! Recording a call's result, once, with `Idempotency-Key` replays.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use serde_json::Value;
use uuid::Uuid;

use super::{Calling, Request};
use crate::domain::call::{duration_seconds, Call};
use crate::domain::offers::Offers;
use crate::domain::result::{check_open, decide, shape, ResultDraft};
use crate::domain::scope::Scope;
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events::{self, CallCompleted};
use crate::store::idempotency::{self, Kept};
use crate::store::{calls, recordings};

/// A request's `Idempotency-Key` and the hash of what it asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idempotency {
    pub key: String,
    pub request_hash: String,
}

/// What recording a result answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// The result was recorded now.
    Fresh(Box<Call>),
    /// The same request came with the same key before: its answer, as it was.
    Replay { status: u16, body: Value },
}

/// The status of a fresh result's answer.
pub const RECORDED: u16 = 200;

/// Records the result of the caller's open call `id` (404 for anyone else's call, 409
/// once it has one or was closed without one), with `calling.call.completed` in the same
/// transaction. With an idempotency key, the answer (`render` of the call) is kept in
/// that transaction too, and the same key again replays it (another request under the
/// key: 422).
///
/// No operating-hours check: a call started before 17:00 may be closed after.
pub async fn record(
    c: &Calling,
    request: &Request,
    id: Uuid,
    draft: ResultDraft,
    idempotency: Option<Idempotency>,
    render: impl Fn(&Call) -> Value + Send + Sync,
) -> Result<Recorded> {
    let agent = request.actor.id;
    let render = &render;
    let idempotency = &idempotency;
    let draft = &draft;
    let mut conn = c.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            // The row lock orders concurrent retries: the second sees the first's key.
            let call = calls::find(conn, Scope::Own(agent), id, true)
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
                    return Ok(Recorded::Replay {
                        status: u16::try_from(kept.status).unwrap_or(RECORDED),
                        body: kept.body,
                    });
                }
            }
            check_open(&call)?;
            let shape = shape(draft, call.program.activity())?;
            let offers = Offers::parse(call.program.activity(), &call.offers)
                .map_err(|e| anyhow::anyhow!("calls.offers of {id}: {e}"))?;
            let now = c.now();
            let result = decide(shape, &offers, now, &c.config.operating_hours)?;
            let mut done = calls::set_result(
                conn,
                id,
                &result,
                now,
                duration_seconds(call.started_at, now),
            )
            .await?;
            done.recording = recordings::of_calls(conn, &[id]).await?.remove(&id);
            let event = CallCompleted::of(&done)
                .ok_or_else(|| anyhow::anyhow!("call {id} has no result after recording it"))?;
            events::PRODUCER
                .publish(conn, done.site, request.correlation_id(), &event)
                .await?;
            if let Some(idem) = idempotency {
                let kept = Kept {
                    request_hash: idem.request_hash.clone(),
                    status: i16::try_from(RECORDED).unwrap_or(200),
                    body: render(&done),
                };
                idempotency::keep(conn, agent, &idem.key, &kept).await?;
            }
            Ok(Recorded::Fresh(Box::new(done)))
        }
        .scope_boxed()
    })
    .await
}
