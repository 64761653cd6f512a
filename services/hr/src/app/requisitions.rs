//! Opening, reading and cancelling requisitions (hiring marks hires through
//! `store::requisitions::record_hire`).

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_contracts::hr_caplan::RequisitionChange;
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::sdm::{publish_changed, publish_opened, today};
use super::{Hr, Request};
use crate::domain::requisition::{NewRequisition, Requisition, RequisitionStatus};
use crate::domain::scope::scope_of;
use crate::domain::Rejection;
use crate::error::{Error, Result};
use crate::store::requisitions::{self, RequisitionFilter};

/// Opens a requisition by hand (a supervisor_ops at their own site only, 403).
/// Publishes `hr.requisition.opened`.
pub async fn open(hr: &Hr, request: &Request, new: NewRequisition) -> Result<Requisition> {
    new.validate(today(hr))?;
    let scope = scope_of(&request.actor);
    let covered = match new.site {
        Some(site) => scope.covers_site(site),
        None => scope == crate::domain::scope::Scope::All,
    };
    if !covered {
        return Err(Rejection::Forbidden(
            "you may only open requisitions for your own site".to_owned(),
        )
        .into());
    }
    let correlation = request.correlation_id();
    let by = request.actor.id;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let opened = requisitions::insert(conn, tam_kernel::new_id(), &new, by).await?;
            publish_opened(conn, &opened, correlation).await?;
            Ok(opened)
        }
        .scope_boxed()
    })
    .await
}

/// One requisition in the caller's scope.
pub async fn get(hr: &Hr, request: &Request, id: Uuid) -> Result<Requisition> {
    let mut conn = hr.pool.get().await?;
    requisitions::find(&mut conn, scope_of(&request.actor), id)
        .await?
        .ok_or(Error::NotFound("requisition"))
}

/// A page of the requisitions in the caller's scope.
pub async fn list(
    hr: &Hr,
    request: &Request,
    filter: RequisitionFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Requisition>> {
    let mut conn = hr.pool.get().await?;
    let rows =
        requisitions::list(&mut conn, scope_of(&request.actor), filter, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |r| {
        Cursor::new(r.created_at, r.id)
    }))
}

/// Cancels an open requisition (409 when filled or cancelled already). Publishes
/// `hr.requisition.changed`.
pub async fn cancel(hr: &Hr, request: &Request, id: Uuid) -> Result<Requisition> {
    let scope = scope_of(&request.actor);
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let mut r = requisitions::find_for_update(conn, scope, id)
                .await?
                .ok_or(Error::NotFound("requisition"))?;
            r.check_open()?;
            r.status = RequisitionStatus::Cancelled;
            let cancelled = requisitions::update(conn, &r).await?;
            publish_changed(conn, &cancelled, RequisitionChange::Cancelled, correlation).await?;
            Ok(cancelled)
        }
        .scope_boxed()
    })
    .await
}

/// Marks `employee_id` hired against `requisition` (locked and checked open by the
/// caller, inside its transaction) and publishes `hr.requisition.changed` (`hired`;
/// the status says whether it is now filled). For hiring.
pub async fn record_hire(
    conn: &mut diesel_async::AsyncPgConnection,
    requisition: &Requisition,
    employee_id: Uuid,
    correlation: Option<&str>,
) -> Result<Requisition> {
    let after = requisitions::record_hire(conn, requisition, employee_id).await?;
    publish_changed(conn, &after, RequisitionChange::Hired, correlation).await?;
    Ok(after)
}
