//! The scheduled report packs: `GET /api/v1/reporting/packs` (what exists, newest
//! first, within the caller's scope) and `GET /api/v1/reporting/packs/{id}` (the XLSX).
//! Managers, coordinators and admins see every pack; an operations supervisor their
//! site's (not the management pack). A pack outside the caller's scope is a 404.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::{parse_uuid, Fields, Problem};
use utoipa::{IntoParams, ToSchema};

use super::params;
use super::Reporting;
use crate::packs::store::{self, PackInfo, PackScope};
use crate::packs::PackKind;
use crate::render::XLSX_MEDIA_TYPE;

/// The most packs one list answers (and the default).
pub const MAX_LIST: i64 = 500;

/// What the list is asked for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct PackListParams {
    /// Only `daily`, `weekly` or `monthly` packs.
    #[param(value_type = Option<String>, pattern = "^(daily|weekly|monthly)$")]
    pub kind: Option<String>,
    /// At most this many (1 to 500, default 500), newest first.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 500)]
    pub limit: Option<String>,
}

/// The packs the caller sees.
#[derive(Debug, Serialize, ToSchema)]
pub struct PackList {
    pub packs: Vec<PackInfo>,
}

fn pack_scope(caller: &Caller, req: &HttpRequest) -> Result<PackScope, Problem> {
    let request = super::request(caller, req);
    Ok(PackScope::from(params::scope_of(&request.actor)?))
}

/// The scheduled packs: daily (after 17:00 WIB), weekly (Monday) and monthly (the 1st),
/// per site and for management, each with its period, generation time and size.
///
/// Newest first. Managers, coordinators and admins: every pack; an operations
/// supervisor: their site's. 400 for a bad `kind` or `limit`.
#[utoipa::path(
    get,
    path = "/api/v1/reporting/packs",
    tag = "packs",
    security(("bearer" = [])),
    params(PackListParams),
    responses(
        (status = 200, body = PackList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    state: web::Data<Reporting>,
    req: HttpRequest,
    query: web::Query<PackListParams>,
) -> Result<web::Json<PackList>, Problem> {
    let mut f = Fields::new();
    let kind = match query.kind.as_deref() {
        None => Some(None),
        Some(v) => f
            .check(
                "kind",
                PackKind::parse(v.trim())
                    .ok_or_else(|| "must be daily, weekly or monthly".to_owned()),
            )
            .map(Some),
    };
    let limit = match query.limit.as_deref() {
        None => Some(MAX_LIST),
        Some(v) => f.check(
            "limit",
            v.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_LIST).contains(n))
                .ok_or_else(|| "must be a whole number, 1 to 500".to_owned()),
        ),
    };
    let (kind, limit) = f.finish((|| Some((kind?, limit?)))())?;
    let scope = pack_scope(&caller, &req)?;
    let mut conn = state.pool.get().await.map_err(crate::Error::from)?;
    let packs = store::list(&mut conn, scope, kind, limit).await?;
    Ok(web::Json(PackList { packs }))
}

/// One pack's workbook (XLSX): a sheet per KPI family with its daily trend and chart,
/// one per family by team (a site's pack) or by site (management's), and the KPI
/// definitions.
///
/// 404 for a pack that does not exist or that the caller's scope does not reach.
#[utoipa::path(
    get,
    path = "/api/v1/reporting/packs/{id}",
    tag = "packs",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "the pack's id")),
    responses(
        (status = 200, description = "the workbook", content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn download(
    caller: Caller,
    state: web::Data<Reporting>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let mut f = Fields::new();
    let id = f.check("id", parse_uuid(&path.into_inner()));
    let id = f.finish(id)?;
    let scope = pack_scope(&caller, &req)?;
    let mut conn = state.pool.get().await.map_err(crate::Error::from)?;
    let (info, content) = store::get(&mut conn, scope, id)
        .await?
        .ok_or_else(|| Problem::not_found("no such pack"))?;
    let filename = format!(
        "tam-{}-{}-{}.xlsx",
        info.kind,
        info.site.as_deref().unwrap_or("management"),
        info.period_start
    );
    Ok(HttpResponse::Ok()
        .content_type(XLSX_MEDIA_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(content))
}
