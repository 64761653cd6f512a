//! Reading and replacing assessment parameter sets.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{Program, Role};

use super::{Quality, Request};
use crate::domain::parameters::{ParameterItem, ParameterVersion};
use crate::domain::Rejection;
use crate::error::{Error, Result};
use crate::store::parameters;

/// The version in force of every program.
pub async fn all_current(q: &Quality) -> Result<Vec<ParameterVersion>> {
    let mut conn = q.pool.get().await?;
    parameters::all_current(&mut conn).await
}

/// The version in force of `program`.
pub async fn current(q: &Quality, program: Program) -> Result<ParameterVersion> {
    let mut conn = q.pool.get().await?;
    parameters::current(&mut conn, program)
        .await?
        .ok_or(Error::NotFound("parameter set"))
}

/// Every version of `program`, newest first.
pub async fn history(q: &Quality, program: Program) -> Result<Vec<ParameterVersion>> {
    let mut conn = q.pool.get().await?;
    parameters::history(&mut conn, program).await
}

/// Replaces the whole set of `program` with `items` as a new version. A quality
/// supervisor changes only the programs that run at their site (403 otherwise): the
/// set is shared by every site of the program, and whoever runs it may propose it.
pub async fn replace(
    q: &Quality,
    request: &Request,
    program: Program,
    items: Vec<ParameterItem>,
) -> Result<ParameterVersion> {
    let actor = &request.actor;
    let allowed = actor.role == Role::SupervisorQuality
        && actor.site.is_some_and(|site| program.runs_at(site));
    if !allowed {
        return Err(Rejection::Forbidden(format!(
            "{program} does not run at your site: its parameters are changed by the quality \
             supervisors of its sites"
        ))
        .into());
    }
    let at = q.now();
    let mut conn = q.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let next = parameters::current(conn, program)
                .await?
                .map_or(1, |v| v.version + 1);
            parameters::insert(conn, program, next, &items, actor.id, at).await
        }
        .scope_boxed()
    })
    .await
}
