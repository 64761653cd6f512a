//! The do-not-call list (suite-wide: no site scope).

use tam_kernel::{Cursor, Limit, Page};

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;

use super::{Prospect, Request};
use crate::domain::dnc::{DncEntry, NewDnc};
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
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let added = dnc::add(conn, &new, request.actor.id).await?;
            let withdrawn = prospects::withdraw_number(conn, &added.0.number).await?;
            super::announce_withdrawals(conn, request, &withdrawn, WithdrawalReason::Dnc).await?;
            Ok(added)
        }
        .scope_boxed()
    })
    .await
}

/// Takes a number off the list (404 when it is not on it).
pub async fn remove(p: &Prospect, number: &str) -> Result<()> {
    let mut conn = p.pool.get().await?;
    if dnc::remove(&mut conn, number).await? {
        Ok(())
    } else {
        Err(Error::NotFound("do-not-call entry"))
    }
}

/// A page of the list, oldest first.
pub async fn list(p: &Prospect, after: Option<Cursor>, limit: Limit) -> Result<Page<DncEntry>> {
    let mut conn = p.pool.get().await?;
    let rows = dnc::list(&mut conn, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |e| {
        Cursor::new(e.added_at, e.id)
    }))
}
