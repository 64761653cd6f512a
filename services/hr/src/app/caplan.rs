//! Revising and reading the CAPLAN.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_contracts::hr_caplan::CaplanRevised;
use tam_kernel::{Program, Role, Site};

use super::sdm::{check_site, close_until, run_gap, today};
use super::{Hr, Request};
use crate::domain::caplan::{self, NewRevision, Revision};
use crate::domain::scope::scope_of;
use crate::error::{Error, Result};
use crate::events;
use crate::store;

/// Revises the target of a plan from a month on (a supervisor_ops at their own site
/// only, 403). The days closed so far stay as written (they are closed first); then
/// the plan's gap opens or grows its requisition. Publishes `hr.caplan.revised`.
pub async fn revise(hr: &Hr, request: &Request, new: NewRevision) -> Result<Revision> {
    check_site(scope_of(&request.actor), new.key, "plan")?;
    let today = today(hr);
    let headcount = new.check(today)?;
    let correlation = request.correlation_id();
    let actor = request.actor;
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            close_until(conn, today, correlation).await?;
            let before = store::caplan::of_key(conn, new.key).await?;
            let previous = caplan::target_of(&before, new.effective_from);
            let revision = store::caplan::insert(
                conn,
                &Revision {
                    id: tam_kernel::new_id(),
                    key: new.key,
                    effective_from: new.effective_from,
                    headcount,
                    note: new.note.clone(),
                    set_by: actor.id,
                    set_by_role: actor.role,
                    set_at: now,
                },
            )
            .await?;
            events::PRODUCER
                .publish(
                    conn,
                    Some(revision.key.site),
                    correlation,
                    &CaplanRevised {
                        revision_id: revision.id,
                        site: revision.key.site,
                        program: revision.key.program,
                        role: revision.key.role,
                        effective_from: revision.effective_from,
                        headcount: revision.headcount,
                        previous_headcount: previous,
                        set_by: revision.set_by,
                        set_by_role: revision.set_by_role,
                        set_at: revision.set_at,
                    },
                )
                .await?;
            // A first plan may start the close: make sure the bookmark exists.
            close_until(conn, today, correlation).await?;
            run_gap(conn, revision.key, today, correlation).await?;
            Ok(revision)
        }
        .scope_boxed()
    })
    .await
}

/// The revisions the caller sees (a supervisor_ops their site's), oldest first.
pub async fn list(
    hr: &Hr,
    request: &Request,
    site: Option<Site>,
    program: Option<Program>,
    role: Option<Role>,
) -> Result<Vec<Revision>> {
    let mut conn = hr.pool.get().await?;
    store::caplan::list(&mut conn, scope_of(&request.actor), site, program, role).await
}
