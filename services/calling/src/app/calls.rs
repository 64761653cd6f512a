//! Starting calls, reading them.

use std::time::{Duration, Instant};

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::{Calling, Request};
use crate::consume::claim_of;
use crate::domain::call::{check_claim, check_hours, check_ticket, Call, Claim};
use crate::domain::scope::read_scope;
use crate::domain::Rejection;
use crate::error::{Error, Result};
use crate::events::{self, CallStarted};
use crate::store::calls::{self, CallFilter};
use crate::store::claims;

/// How long `start` waits for the claim event of a prospect `next` just handed out.
pub const CLAIM_WAIT: Duration = Duration::from_secs(3);
/// How often it looks while waiting.
pub const CLAIM_POLL: Duration = Duration::from_millis(50);

/// Starts a call on the caller's claim of `prospect_id`, inside the operating hours
/// (422 otherwise), with `calling.call.started` in the same transaction: on the claim
/// ticket `next` gave the caller when there is one (at once, see [`start_on_ticket`]),
/// else on the claim as its event told calling (see [`start_on_event`]).
pub async fn start(
    c: &Calling,
    request: &Request,
    prospect_id: Uuid,
    ticket: Option<&str>,
) -> Result<Call> {
    check_hours(&c.config.operating_hours, c.now())?;
    match ticket {
        Some(ticket) => start_on_ticket(c, request, prospect_id, ticket).await,
        None => start_on_event(c, request, prospect_id).await,
    }
}

/// Starts the call on the claim `ticket` carries: prospect's signature stands for the
/// claim event, which may still be on its way (see [`check_ticket`] for what calling
/// checks itself). A ticket prospect did not sign is 400 naming `claim_ticket`.
async fn start_on_ticket(
    c: &Calling,
    request: &Request,
    prospect_id: Uuid,
    ticket: &str,
) -> Result<Call> {
    let claim = c
        .claim_tickets
        .verify(ticket)
        .map(claim_of)
        .map_err(|e| Rejection::field("claim_ticket", e.to_string()))?;
    let mut conn = c.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            // Under the news lock: a withdrawal handled meanwhile is seen whole or not
            // at all.
            claims::lock_news_of(conn, prospect_id).await?;
            let heard = claims::heard(conn, prospect_id).await?;
            let now = c.now();
            check_ticket(&claim, prospect_id, &heard, &request.actor, now)
                .map_err(Rejection::from)?;
            // A second call on the claim: the unique index (calls_one_per_claim: 409).
            insert_started(conn, request, &claim, now).await
        }
        .scope_boxed()
    })
    .await
}

/// Starts the call on the claim as its event told calling. prospect answers `next`
/// before its claim event reaches calling, so a claim that is missing (or still the
/// previous one: another agent's, expired, or already called on, as before a RETURNed
/// sale's re-call) is looked for again every [`CLAIM_POLL`] for up to [`CLAIM_WAIT`]
/// before the 409. Clients that send the claim ticket never wait here.
async fn start_on_event(c: &Calling, request: &Request, prospect_id: Uuid) -> Result<Call> {
    let deadline = Instant::now() + CLAIM_WAIT;
    loop {
        let (claim, used) = {
            let mut conn = c.pool.get().await?;
            let claim = claims::find(&mut conn, prospect_id, false).await?;
            let used = match &claim {
                Some(claim) => calls::made_on_claim(&mut conn, claim.claim_id).await?,
                None => false,
            };
            (claim, used)
        };
        match check_claim(claim.as_ref(), used, &request.actor, c.now()) {
            Ok(()) => break,
            Err(why) if why.may_change() && Instant::now() < deadline => {
                tokio::time::sleep(CLAIM_POLL).await;
            }
            Err(why) => return Err(Rejection::from(why).into()),
        }
    }
    let mut conn = c.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            // Checked again under the row lock: a withdrawal may have come meanwhile.
            let claim = claims::find(conn, prospect_id, true).await?;
            let now = c.now();
            // `used` is left to the unique index here (calls_one_per_claim: 409).
            check_claim(claim.as_ref(), false, &request.actor, now).map_err(Rejection::from)?;
            let claim = claim.ok_or(Error::NotFound("claim"))?;
            insert_started(conn, request, &claim, now).await
        }
        .scope_boxed()
    })
    .await
}

/// The call on `claim`, started at `now`, and its `calling.call.started`.
async fn insert_started(
    conn: &mut diesel_async::AsyncPgConnection,
    request: &Request,
    claim: &Claim,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Call> {
    let call = calls::insert(
        conn,
        tam_kernel::new_id(),
        claim,
        claim.program.masking_number(),
        now,
    )
    .await?;
    events::PRODUCER
        .publish(
            conn,
            call.site,
            request.correlation_id(),
            &CallStarted::from(&call),
        )
        .await?;
    Ok(call)
}

/// One call the caller may read, with its recording.
pub async fn get(c: &Calling, request: &Request, id: Uuid) -> Result<Call> {
    let mut conn = c.pool.get().await?;
    calls::find(&mut conn, read_scope(&request.actor), id, false)
        .await?
        .ok_or(Error::NotFound("call"))
}

/// A page of the calls the caller may read, newest first.
pub async fn list(
    c: &Calling,
    request: &Request,
    filter: CallFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Call>> {
    let mut conn = c.pool.get().await?;
    let rows = calls::list(&mut conn, read_scope(&request.actor), filter, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |call| {
        Cursor::new(call.started_at, call.id)
    }))
}
