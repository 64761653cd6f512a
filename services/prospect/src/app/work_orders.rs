//! Creating, changing, reading work orders and moving their status.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::{Prospect, Request};
use crate::domain::scope::scope_of;
use crate::domain::work_order::{NewWorkOrder, WorkOrder, WorkOrderPatch, WorkOrderStatus};
use crate::domain::Rejection;
use crate::error::{Error, Result};
use crate::events::{self, WithdrawalReason, WorkOrderCreated, WorkOrderStatusChanged};
use crate::store::prospects;
use crate::store::work_orders::{self, WorkOrderFilter};

/// Creates a draft at a site the caller covers (403 otherwise) whose program runs there
/// (422), with `prospect.work_order.created` in the same transaction.
pub async fn create(p: &Prospect, request: &Request, new: NewWorkOrder) -> Result<WorkOrder> {
    let scope = scope_of(&request.actor);
    if !scope.covers_site(new.site) {
        return Err(Rejection::Forbidden(format!(
            "you may only create work orders at your own site, not at {}",
            new.site
        ))
        .into());
    }
    new.check_rules()?;
    let mut conn = p.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let work_order =
                work_orders::insert(conn, tam_kernel::new_id(), &new, request.actor.id).await?;
            events::PRODUCER
                .publish(
                    conn,
                    Some(work_order.site),
                    request.correlation_id(),
                    &WorkOrderCreated::from(&work_order),
                )
                .await?;
            Ok(work_order)
        }
        .scope_boxed()
    })
    .await
}

/// Changes a draft's terms (409 once it is active or closed).
pub async fn update(
    p: &Prospect,
    request: &Request,
    id: Uuid,
    patch: WorkOrderPatch,
) -> Result<WorkOrder> {
    let scope = scope_of(&request.actor);
    let mut conn = p.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let current = work_orders::find(conn, scope, id, true)
                .await?
                .ok_or(Error::NotFound("work order"))?;
            let terms = patch.apply(&current)?;
            work_orders::update_terms(conn, id, &terms).await
        }
        .scope_boxed()
    })
    .await
}

/// Moves a work order to `to` (draft → active → closed; 409 otherwise), with
/// `prospect.work_order.status_changed` in the same transaction.
pub async fn change_status(
    p: &Prospect,
    request: &Request,
    id: Uuid,
    to: WorkOrderStatus,
) -> Result<WorkOrder> {
    let scope = scope_of(&request.actor);
    let mut conn = p.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let current = work_orders::find(conn, scope, id, true)
                .await?
                .ok_or(Error::NotFound("work order"))?;
            let to = current.status.transition(to)?;
            let work_order = work_orders::set_status(conn, id, to).await?;
            if to == WorkOrderStatus::Closed {
                let cancelled = prospects::cancel_work_order(conn, id).await?;
                super::announce_withdrawals(
                    conn,
                    request,
                    &cancelled,
                    WithdrawalReason::WorkOrderClosed,
                )
                .await?;
            }
            events::PRODUCER
                .publish(
                    conn,
                    Some(work_order.site),
                    request.correlation_id(),
                    &WorkOrderStatusChanged {
                        work_order_id: work_order.id,
                        wo_code: work_order.terms.wo_code.clone(),
                        site: work_order.site,
                        program: work_order.program,
                        from: current.status.into(),
                        to: to.into(),
                    },
                )
                .await?;
            Ok(work_order)
        }
        .scope_boxed()
    })
    .await
}

/// One work order in the caller's scope.
pub async fn get(p: &Prospect, request: &Request, id: Uuid) -> Result<WorkOrder> {
    let mut conn = p.pool.get().await?;
    work_orders::find(&mut conn, scope_of(&request.actor), id, false)
        .await?
        .ok_or(Error::NotFound("work order"))
}

/// A page of the work orders in the caller's scope.
pub async fn list(
    p: &Prospect,
    request: &Request,
    filter: WorkOrderFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<WorkOrder>> {
    let mut conn = p.pool.get().await?;
    let rows = work_orders::list(&mut conn, scope_of(&request.actor), filter, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |w| {
        Cursor::new(w.created_at, w.id)
    }))
}
