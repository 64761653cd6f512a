//! `/api/v1/hr/teams`: create, list and read teams.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Cursor, Limit, Problem, Program, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::{teams, Hr};
use crate::domain::employee::parse_code;
use crate::domain::team::{NewTeam, Team, TeamName};
use crate::domain::{Fields, Rejection};
use crate::store::teams::TeamFilter;
use tam_kernel::parse_page;

/// A team.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TeamBody {
    pub id: Uuid,
    pub name: String,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub team_leader_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Team> for TeamBody {
    fn from(t: Team) -> Self {
        Self {
            id: t.id,
            name: t.name,
            site: t.site,
            program: t.program,
            team_leader_id: t.team_leader_id,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

/// One page of teams.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TeamPage {
    pub items: Vec<TeamBody>,
    pub next_cursor: Option<String>,
}

/// A new team.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CreateTeamRequest {
    /// 1 to 100 characters, unique at the site.
    #[schema(
        required = true,
        nullable = false,
        example = "Medan Tim 1",
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: Option<String>,
    #[schema(required = true, nullable = false, schema_with = schema::site)]
    pub site: Option<String>,
    /// Must run at the site.
    #[schema(required = true, nullable = false, schema_with = schema::program)]
    pub program: Option<String>,
    /// An active team_leader of the same site and program who leads no other team.
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub team_leader_id: Option<String>,
}

impl TryFrom<CreateTeamRequest> for NewTeam {
    type Error = Rejection;

    fn try_from(r: CreateTeamRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let name = f.required("name", r.name.as_deref(), TeamName::parse);
        let site = f.required("site", r.site.as_deref(), |v| parse_code(v, Site::CODES));
        let program = f.required("program", r.program.as_deref(), |v| {
            parse_code(v, Program::CODES)
        });
        let team_leader_id = f.required(
            "team_leader_id",
            r.team_leader_id.as_deref(),
            tam_kernel::parse_uuid,
        );
        let new = (|| {
            Some(NewTeam {
                name: name?,
                site: site?,
                program: program?,
                team_leader_id: team_leader_id?,
            })
        })();
        f.finish(new)
    }
}

/// Filters and page of the team list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct TeamListQuery {
    /// Only this site.
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    /// Only this program.
    #[param(schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl TeamListQuery {
    fn parse(self) -> Result<(TeamFilter, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let site = match self.site.as_deref() {
            None => Some(None),
            Some(v) => f.check("site", parse_code(v, Site::CODES)).map(Some),
        };
        let program = match self.program.as_deref() {
            None => Some(None),
            Some(v) => f.check("program", parse_code(v, Program::CODES)).map(Some),
        };
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                TeamFilter {
                    site: site?,
                    program: program?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// Create a team.
///
/// A supervisor_ops creates teams at their own site only (403). 422
/// `program-not-at-site`, `invalid-team-leader`; 409 for a name taken at the site or
/// a leader who already leads a team. Publishes `hr.team.changed`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/teams",
    tag = "teams",
    security(("bearer" = [])),
    request_body = CreateTeamRequest,
    responses(
        (status = 201, body = TeamBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<CreateTeamRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewTeam::try_from(body.into_inner())?;
    let team = teams::create(&hr, &request, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/hr/teams/{}", team.id)))
        .json(TeamBody::from(team)))
}

/// List the teams the caller sees, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/hr/teams",
    tag = "teams",
    security(("bearer" = [])),
    params(TeamListQuery),
    responses(
        (status = 200, body = TeamPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<TeamListQuery>,
) -> Result<web::Json<TeamPage>, Problem> {
    let request = super::request(&caller, &req);
    let (filter, limit, cursor) = query.into_inner().parse()?;
    let page = teams::list(&hr, &request, filter, cursor, limit).await?;
    Ok(web::Json(TeamPage {
        items: page.items.into_iter().map(TeamBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One team (404 when outside the caller's scope).
#[utoipa::path(
    get,
    path = "/api/v1/hr/teams/{id}",
    tag = "teams",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "team id")),
    responses(
        (status = 200, body = TeamBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<TeamBody>, Problem> {
    let request = super::request(&caller, &req);
    let team = teams::get(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(team.into()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn create_request_names_every_bad_field() {
        let request = CreateTeamRequest {
            name: Some(" ".into()),
            site: Some("jakarta".into()),
            program: None,
            team_leader_id: Some("nope".into()),
        };
        let Err(Rejection::Invalid(errors)) = NewTeam::try_from(request) else {
            panic!("expected a validation error");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "site", "program", "team_leader_id"]);
    }

    #[test]
    fn a_valid_request_parses() {
        let leader = Uuid::now_v7();
        let new = NewTeam::try_from(CreateTeamRequest {
            name: Some("Tim A".into()),
            site: Some("bandung".into()),
            program: Some("ct0_pranpc".into()),
            team_leader_id: Some(leader.to_string()),
        })
        .unwrap();
        assert_eq!(new.site, Site::Bandung);
        assert_eq!(new.program, Program::Ct0Pranpc);
        assert_eq!(new.team_leader_id, leader);
    }
}
