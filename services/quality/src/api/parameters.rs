//! `/api/v1/quality/parameters`: the assessment parameter sets, their versions, and
//! their replacement by a quality supervisor.

use actix_web::{web, HttpRequest};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Problem, Program};
use utoipa::ToSchema;
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::{parameters, Quality};
use crate::domain::parameters::{parse_items, ItemInput, ParameterItem, ParameterVersion};
use crate::domain::Rejection;
use crate::error::Error;

/// One item of a parameter set.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ParameterItemBody {
    pub code: String,
    pub description: String,
    /// Its share of the weighted score.
    pub weight: u32,
    /// A failed critical item fails the call: it cannot be VALID.
    pub critical: bool,
}

impl From<ParameterItem> for ParameterItemBody {
    fn from(i: ParameterItem) -> Self {
        Self {
            code: i.code,
            description: i.description,
            weight: i.weight,
            critical: i.critical,
        }
    }
}

/// One version of a program's parameter set.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ParameterSetBody {
    pub id: Uuid,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    /// 1, 2, …; the highest is in force.
    pub version: u32,
    /// Who made it (`null` for the seeded version 1).
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub items: Vec<ParameterItemBody>,
}

impl From<ParameterVersion> for ParameterSetBody {
    fn from(v: ParameterVersion) -> Self {
        Self {
            id: v.id,
            program: v.program,
            version: v.version,
            created_by: v.created_by,
            created_at: v.created_at,
            items: v.items.into_iter().map(Into::into).collect(),
        }
    }
}

/// The sets in force.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ParameterSetList {
    pub items: Vec<ParameterSetBody>,
}

/// Every version of a program, newest first.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ParameterHistory {
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub versions: Vec<ParameterSetBody>,
}

/// One item of a new set.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ParameterItemRequest {
    /// 1 to 40 of letters, digits, `_`, `-` (upper-cased); unique in the set.
    #[schema(
        required = true,
        nullable = false,
        example = "CLEAR_CONSENT",
        pattern = r"^[ \t\r\n]*[A-Za-z0-9_-]{1,40}[ \t\r\n]*$"
    )]
    pub code: Option<String>,
    /// 1 to 500 characters.
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"[^ \t\r\n]"
    )]
    pub description: Option<String>,
    /// A whole number, 1 to 1000.
    #[schema(required = true, nullable = false, minimum = 1, maximum = 1000)]
    pub weight: Option<i64>,
    #[schema(required = true, nullable = false)]
    pub critical: Option<bool>,
}

/// A whole new set (replaces every item).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ReplaceParametersRequest {
    /// 1 to 50 items.
    #[schema(required = true, nullable = false, min_items = 1, max_items = 50)]
    pub items: Option<Vec<ParameterItemRequest>>,
}

impl TryFrom<ReplaceParametersRequest> for Vec<ParameterItem> {
    type Error = Rejection;

    fn try_from(r: ReplaceParametersRequest) -> Result<Self, Rejection> {
        let items = r.items.map(|items| {
            items
                .into_iter()
                .map(|i| ItemInput {
                    code: i.code,
                    description: i.description,
                    weight: i.weight,
                    critical: i.critical,
                })
                .collect()
        });
        parse_items(items).map_err(Rejection::Invalid)
    }
}

fn program(value: &str) -> Result<Program, Error> {
    value.parse().map_err(|_| Error::NotFound("program"))
}

/// The parameter set in force of every program.
#[utoipa::path(
    get,
    path = "/api/v1/quality/parameters",
    tag = "parameters",
    security(("bearer" = [])),
    responses((status = 200, body = ParameterSetList))
)]
pub async fn list_current(
    _caller: Caller,
    q: web::Data<Quality>,
) -> Result<web::Json<ParameterSetList>, Problem> {
    let sets = parameters::all_current(&q).await?;
    Ok(web::Json(ParameterSetList {
        items: sets.into_iter().map(Into::into).collect(),
    }))
}

/// The parameter set in force of one program (404 for an unknown program code).
#[utoipa::path(
    get,
    path = "/api/v1/quality/parameters/{program}",
    tag = "parameters",
    security(("bearer" = [])),
    params(("program" = String, Path, description = "program code")),
    responses(
        (status = 200, body = ParameterSetBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get_current(
    _caller: Caller,
    q: web::Data<Quality>,
    path: web::Path<String>,
) -> Result<web::Json<ParameterSetBody>, Problem> {
    let set = parameters::current(&q, program(&path)?).await?;
    Ok(web::Json(set.into()))
}

/// Replace a program's parameter set: a new version, in force for the tasks created from
/// now on (tasks already created keep theirs).
///
/// `supervisor_quality` of a site where the program runs (403 otherwise). 400 names
/// every bad item field (codes unique, weights 1 to 1000, at least one item); 409 when
/// another change won the race for the same version.
#[utoipa::path(
    put,
    path = "/api/v1/quality/parameters/{program}",
    tag = "parameters",
    security(("bearer" = [])),
    params(("program" = String, Path, description = "program code")),
    request_body = ReplaceParametersRequest,
    responses(
        (status = 200, body = ParameterSetBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn replace(
    caller: Caller,
    q: web::Data<Quality>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<ReplaceParametersRequest>,
) -> Result<web::Json<ParameterSetBody>, Problem> {
    let request = super::request(&caller, &req);
    let program = program(&path)?;
    let items = Vec::<ParameterItem>::try_from(body.into_inner())?;
    let set = parameters::replace(&q, &request, program, items).await?;
    Ok(web::Json(set.into()))
}

/// Every version of a program's parameter set with its items, who made it and when,
/// newest first.
#[utoipa::path(
    get,
    path = "/api/v1/quality/parameters/{program}/versions",
    tag = "parameters",
    security(("bearer" = [])),
    params(("program" = String, Path, description = "program code")),
    responses(
        (status = 200, body = ParameterHistory),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn versions(
    _caller: Caller,
    q: web::Data<Quality>,
    path: web::Path<String>,
) -> Result<web::Json<ParameterHistory>, Problem> {
    let program = program(&path)?;
    let versions = parameters::history(&q, program).await?;
    Ok(web::Json(ParameterHistory {
        program,
        versions: versions.into_iter().map(Into::into).collect(),
    }))
}
