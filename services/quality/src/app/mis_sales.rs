//! Mis-sale reviews: the site's list and the quality supervisor's decision.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::{Quality, Request};
use crate::domain::mis_sale::{self, MisSaleDecision, MisSaleReview, MisSaleStatus};
use crate::domain::scope::site_scope;
use crate::error::{Error, Result};
use crate::store::mis_sales;

/// A page of the mis-sale reviews of the caller's site.
pub async fn list(
    q: &Quality,
    request: &Request,
    status: Option<MisSaleStatus>,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<MisSaleReview>> {
    let mut conn = q.pool.get().await?;
    let rows = mis_sales::list(&mut conn, site_scope(&request.actor), status, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |r| {
        Cursor::new(r.created_at, r.id)
    }))
}

/// The quality supervisor of the review's site decides it, once (409 after; 404
/// outside their site).
pub async fn decide(
    q: &Quality,
    request: &Request,
    id: Uuid,
    decision: MisSaleDecision,
) -> Result<MisSaleReview> {
    let actor = request.actor;
    let now = q.now();
    let mut conn = q.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let current = mis_sales::find(conn, site_scope(&actor), id, true)
                .await?
                .ok_or(Error::NotFound("mis-sale review"))?;
            mis_sale::decide(current.status)?;
            mis_sales::set_decision(conn, id, actor.id, &decision, now).await
        }
        .scope_boxed()
    })
    .await
}
