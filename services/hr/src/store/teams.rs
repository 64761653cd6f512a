//! Team rows. Every read takes the caller's [`Scope`] and filters by it in SQL.

use chrono::{DateTime, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Program, Site};
use uuid::Uuid;

use super::decode;
use super::schema::{employees, teams};
use crate::domain::scope::Scope;
use crate::domain::team::{NewTeam, Team};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = teams, check_for_backend(Pg))]
struct TeamRow {
    id: Uuid,
    name: String,
    site: String,
    program: String,
    team_leader_id: Uuid,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<TeamRow> for Team {
    type Error = anyhow::Error;

    fn try_from(row: TeamRow) -> anyhow::Result<Self> {
        Ok(Team {
            id: row.id,
            site: decode("teams.site", &row.site)?,
            program: decode("teams.program", &row.program)?,
            name: row.name,
            team_leader_id: row.team_leader_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

type Condition = Box<dyn BoxableExpression<teams::table, Pg, SqlType = Nullable<Bool>>>;

/// The teams `scope` sees: all, a site's, the ones a team leader leads, or an agent's
/// own team.
pub fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(teams::site.eq(site.as_str()).nullable()),
        Scope::LedTeams { leader } => Box::new(teams::team_leader_id.eq(leader).nullable()),
        Scope::Own(id) => Box::new(
            teams::id.nullable().eq_any(
                employees::table
                    .filter(employees::id.eq(id))
                    .select(employees::team_id),
            ),
        ),
        Scope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Inserts a team. A taken name at the site is `teams_site_name_key`; a leader who
/// already leads a team is `teams_team_leader_key`.
pub async fn insert(conn: &mut AsyncPgConnection, id: Uuid, new: &NewTeam) -> crate::Result<Team> {
    let row: TeamRow = diesel::insert_into(teams::table)
        .values((
            teams::id.eq(id),
            teams::name.eq(new.name.as_str()),
            teams::site.eq(new.site.as_str()),
            teams::program.eq(new.program.as_str()),
            teams::team_leader_id.eq(new.team_leader_id),
        ))
        .returning(TeamRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The team `id` if `scope` sees it.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<Team>> {
    let row: Option<TeamRow> = teams::table
        .filter(teams::id.eq(id))
        .filter(in_scope(scope))
        .select(TeamRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Team::try_from).transpose()?)
}

/// The team at `site` named `name`, in any scope.
pub async fn find_by_name(
    conn: &mut AsyncPgConnection,
    site: Site,
    name: &str,
) -> crate::Result<Option<Team>> {
    let row: Option<TeamRow> = teams::table
        .filter(teams::site.eq(site.as_str()))
        .filter(teams::name.eq(name))
        .select(TeamRow::as_select())
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Team::try_from).transpose()?)
}

/// The team `leader` leads, if any.
pub async fn led_by(conn: &mut AsyncPgConnection, leader: Uuid) -> crate::Result<Option<Team>> {
    let row: Option<TeamRow> = teams::table
        .filter(teams::team_leader_id.eq(leader))
        .select(TeamRow::as_select())
        .order((teams::created_at.asc(), teams::id.asc()))
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Team::try_from).transpose()?)
}

/// The filters of the team list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TeamFilter {
    pub site: Option<Site>,
    pub program: Option<Program>,
}

/// One page of the teams `scope` sees, in (created_at, id) order after `after`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: TeamFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Team>> {
    let mut query = teams::table
        .filter(in_scope(scope))
        .select(TeamRow::as_select())
        .into_boxed();
    if let Some(site) = filter.site {
        query = query.filter(teams::site.eq(site.as_str()));
    }
    if let Some(program) = filter.program {
        query = query.filter(teams::program.eq(program.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            teams::created_at
                .gt(cursor.at)
                .or(teams::created_at.eq(cursor.at).and(teams::id.gt(cursor.id))),
        );
    }
    let rows: Vec<TeamRow> = query
        .order((teams::created_at.asc(), teams::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(Team::try_from)
        .collect::<anyhow::Result<_>>()?)
}
