//! The do-not-call list (suite-wide: no site scope).

use tam_kernel::{Cursor, Limit, Page};

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;

use super::{Prospect, Request};
use crate::domain::dnc::{adder_site, check_removal, DncEntry, DncEvent, NewDnc};
use crate::error::{Error, Result};
use crate::events::WithdrawalReason;
use crate::store::dnc;
use crate::store::prospects;

/// Puts a number on the list; `(entry, true)` when added now, the existing entry and
/// `false` when it was listed already. In the same transaction every prospect with that
/// number that is still to be called becomes `dnc` (claimed or assigned ones included:
/// "never handed out again"), and calling hears of each claimed one.
pub async fn add(p: &Prospect, request: &Request, new: NewDnc) -> Result<(DncEntry, bool)> {
    let mut conn = p.pool.get().await?;
    let now = p.config.clock.now();
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let site = adder_site(&request.actor);
            let added = dnc::add(conn, &new, request.actor.id, site, now).await?;
            let withdrawn = prospects::withdraw_number(conn, &added.0.number).await?;
            super::announce_withdrawals(conn, request, &withdrawn, WithdrawalReason::Dnc).await?;
            Ok(added)
        }
        .scope_boxed()
    })
    .await
}

/// Takes a number off the list, keeping who, when and why (see
/// [`check_removal`] for who may): 404 when it was never listed. From then on it
/// excludes nothing; prospects withdrawn when it was added stay withdrawn.
pub async fn remove(
    p: &Prospect,
    request: &Request,
    number: &str,
    reason: &str,
) -> Result<DncEntry> {
    let mut conn = p.pool.get().await?;
    let now = p.config.clock.now();
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let entry = dnc::find(conn, number, true)
                .await?
                .ok_or(Error::NotFound("do-not-call entry"))?;
            check_removal(&request.actor, &entry)?;
            let site = adder_site(&request.actor);
            let removed = dnc::remove(conn, entry.id, request.actor.id, site, reason, now).await?;
            Ok(removed)
        }
        .scope_boxed()
    })
    .await
}

/// The entry of a number, listed or taken off, with its history (404 when it was
/// never listed).
pub async fn history(p: &Prospect, number: &str) -> Result<(DncEntry, Vec<DncEvent>)> {
    let mut conn = p.pool.get().await?;
    let entry = dnc::find(&mut conn, number, false)
        .await?
        .ok_or(Error::NotFound("do-not-call entry"))?;
    let events = dnc::history(&mut conn, entry.id).await?;
    Ok((entry, events))
}

/// A page of the list, oldest first.
pub async fn list(p: &Prospect, after: Option<Cursor>, limit: Limit) -> Result<Page<DncEntry>> {
    let mut conn = p.pool.get().await?;
    let rows = dnc::list(&mut conn, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |e| {
        Cursor::new(e.added_at, e.id)
    }))
}
