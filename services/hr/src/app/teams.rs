//! Creating and reading teams.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::{Hr, Request};
use crate::domain::scope::scope_of;
use crate::domain::team::{NewTeam, Team};
use crate::domain::Rejection;
use crate::error::{Error, Result};
use crate::events::{self, TeamChange};
use crate::store::teams::TeamFilter;
use crate::store::{employees, teams};

/// Creates a team at a site the caller covers, led by an active team leader of its
/// site and program (locked, so that their role cannot change meanwhile).
pub async fn create(hr: &Hr, request: &Request, new: NewTeam) -> Result<Team> {
    let scope = scope_of(&request.actor);
    if !scope.covers_site(new.site) {
        return Err(Rejection::Forbidden(format!(
            "you may only create teams at your own site, not at {}",
            new.site
        ))
        .into());
    }
    new.check_rules()?;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let leader = employees::find_for_update(conn, scope, new.team_leader_id).await?;
            new.check_leader(leader.as_ref())?;
            let team = teams::insert(conn, tam_kernel::new_id(), &new).await?;
            events::PRODUCER
                .publish(
                    conn,
                    Some(team.site),
                    request.correlation_id(),
                    &events::team_changed(&team, TeamChange::Created),
                )
                .await?;
            Ok(team)
        }
        .scope_boxed()
    })
    .await
}

/// One team in the caller's scope.
pub async fn get(hr: &Hr, request: &Request, id: Uuid) -> Result<Team> {
    let mut conn = hr.pool.get().await?;
    teams::find(&mut conn, scope_of(&request.actor), id)
        .await?
        .ok_or(Error::NotFound("team"))
}

/// A page of the teams in the caller's scope.
pub async fn list(
    hr: &Hr,
    request: &Request,
    filter: TeamFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Team>> {
    let mut conn = hr.pool.get().await?;
    let rows = teams::list(&mut conn, scope_of(&request.actor), filter, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |t| {
        Cursor::new(t.created_at, t.id)
    }))
}
