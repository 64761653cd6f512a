//! `/api/v1/hr/caplan` (the capacity plan) and `/api/v1/hr/sdm` (SDM fulfilment).

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Problem, Program, Role, Site};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::Object;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::{caplan, sdm, Hr};
use crate::domain::caplan::{
    parse_month, parse_planned_role, NewRevision, PlanKey, Revision, PLANNED_ROLE_CODES,
};
use crate::domain::employee::{parse_code, parse_date};
use crate::domain::sdm::check_period;
use crate::domain::{Fields, Rejection};

pub fn planned_role() -> Object {
    tam_auth::openapi::codes(PLANNED_ROLE_CODES, "a planned role: agent or team_leader")
}

fn month() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some(r"^[0-9]{4}-(0[1-9]|1[0-2])(-01)?$"))
        .description(Some("a month, YYYY-MM"))
        .build()
}

fn date() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
            utoipa::openapi::KnownFormat::Date,
        )))
        .description(Some("a date, YYYY-MM-DD"))
        .build()
}

/// A CAPLAN revision.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RevisionBody {
    pub id: Uuid,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    #[schema(schema_with = planned_role)]
    pub role: Role,
    /// The first day of the first month it applies to.
    pub effective_from: NaiveDate,
    /// The target headcount from that month on.
    pub headcount: u32,
    pub note: Option<String>,
    pub set_by: Uuid,
    #[schema(schema_with = schema::role)]
    pub set_by_role: Role,
    pub set_at: DateTime<Utc>,
}

impl From<Revision> for RevisionBody {
    fn from(r: Revision) -> Self {
        Self {
            id: r.id,
            site: r.key.site,
            program: r.key.program,
            role: r.key.role,
            effective_from: r.effective_from,
            headcount: r.headcount,
            note: r.note,
            set_by: r.set_by,
            set_by_role: r.set_by_role,
            set_at: r.set_at,
        }
    }
}

/// The revisions of the plans the caller sees.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RevisionList {
    pub items: Vec<RevisionBody>,
}

/// A revision of the target of a (site, program, role) from a month on.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ReviseRequest {
    #[schema(required = true, nullable = false, schema_with = schema::site)]
    pub site: Option<String>,
    /// Must run at the site (422 `program-not-at-site`).
    #[schema(required = true, nullable = false, schema_with = schema::program)]
    pub program: Option<String>,
    #[schema(required = true, nullable = false, schema_with = planned_role)]
    pub role: Option<String>,
    /// The first month it applies to: the current month or later (422
    /// `caplan-month-past`).
    #[schema(required = true, nullable = false, schema_with = month)]
    pub effective_from: Option<String>,
    /// The target headcount, at most 10000; below zero is 422 `negative-target`.
    #[schema(required = true, nullable = false, maximum = 10000)]
    pub headcount: Option<i64>,
    /// Why (up to 500 characters).
    #[schema(nullable = false, max_length = 500)]
    pub note: Option<String>,
}

impl TryFrom<ReviseRequest> for NewRevision {
    type Error = Rejection;

    fn try_from(r: ReviseRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let site = f.required("site", r.site.as_deref(), |v| parse_code(v, Site::CODES));
        let program = f.required("program", r.program.as_deref(), |v| {
            parse_code(v, Program::CODES)
        });
        let role = f.required("role", r.role.as_deref(), parse_planned_role);
        let effective_from = f.required("effective_from", r.effective_from.as_deref(), parse_month);
        let headcount = f.required("headcount", r.headcount.as_ref(), |v| Ok(*v));
        let note = match r.note {
            None => Some(None),
            Some(note) if note.chars().count() <= 500 => Some(Some(note)),
            Some(_) => {
                f.error("note", "must be at most 500 characters");
                None
            }
        };
        let new = (|| {
            Some(NewRevision {
                key: PlanKey {
                    site: site?,
                    program: program?,
                    role: role?,
                },
                effective_from: effective_from?,
                headcount: headcount?,
                note: note?,
            })
        })();
        f.finish(new)
    }
}

/// Filters of the plan and fulfilment reads.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct CaplanQuery {
    /// Only this site.
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    /// Only this program.
    #[param(schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    /// Only this role.
    #[param(schema_with = planned_role)]
    pub role: Option<String>,
}

/// Revise a CAPLAN target from a month on.
///
/// Earlier months keep their target, and the days closed so far keep their figures.
/// A supervisor_ops plans their own site only (403). 422 `negative-target` (naming
/// `headcount`), `program-not-at-site`, `caplan-month-past`. Then the plan's gap opens
/// or grows its requisition. Publishes `hr.caplan.revised`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/caplan",
    tag = "caplan",
    security(("bearer" = [])),
    request_body = ReviseRequest,
    responses(
        (status = 201, body = RevisionBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn revise(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<ReviseRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewRevision::try_from(body.into_inner())?;
    let revision = caplan::revise(&hr, &request, new).await?;
    Ok(HttpResponse::Created().json(RevisionBody::from(revision)))
}

/// The CAPLAN revisions the caller sees (a supervisor_ops their site's), oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/hr/caplan",
    tag = "caplan",
    security(("bearer" = [])),
    params(CaplanQuery),
    responses(
        (status = 200, body = RevisionList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<CaplanQuery>,
) -> Result<web::Json<RevisionList>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let site = q
        .site
        .as_deref()
        .map(|v| f.check("site", parse_code(v, Site::CODES)));
    let program = q
        .program
        .as_deref()
        .map(|v| f.check("program", parse_code(v, Program::CODES)));
    let role = q
        .role
        .as_deref()
        .map(|v| f.check("role", parse_planned_role(v)));
    f.finish(Some(()))?;
    let items = caplan::list(
        &hr,
        &request,
        site.flatten(),
        program.flatten(),
        role.flatten(),
    )
    .await?;
    Ok(web::Json(RevisionList {
        items: items.into_iter().map(RevisionBody::from).collect(),
    }))
}

/// The fulfilment of one plan over a period.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct SdmQuery {
    #[param(required = true, schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    #[param(required = true, schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    #[param(required = true, schema_with = planned_role)]
    pub role: Option<String>,
    /// The first day (WIB).
    #[param(required = true, schema_with = date)]
    pub from: Option<String>,
    /// The last day (WIB), at most 366 days after `from`; days after today are left out.
    #[param(required = true, schema_with = date)]
    pub to: Option<String>,
}

/// One day's SDM fulfilment.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct SdmDayBody {
    /// The WIB day.
    pub day: NaiveDate,
    /// Staff available (active, not suspended, agents certified for the program).
    pub available: u32,
    /// The CAPLAN target of the day's month (0: none).
    pub target: u32,
    /// available ÷ target; null when the target is 0.
    pub ratio: Option<f64>,
    /// Under 95% (never with target 0).
    pub below_target: bool,
    /// Today's figure, computed live until the day closes; closed days never change.
    pub provisional: bool,
}

/// The fulfilment of a plan over a period.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct SdmBody {
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    #[schema(schema_with = planned_role)]
    pub role: Role,
    /// The KPI's target, in percent (95).
    pub target_percent: u64,
    /// How many of the days are under the target.
    pub days_below_target: usize,
    pub days: Vec<SdmDayBody>,
}

/// SDM fulfilment of a (site, program, role) per day over a period.
///
/// Closed days are read as they were written when they closed (they do not change when
/// someone leaves later); today is computed live and marked provisional. Days under
/// 95% are marked. A supervisor_ops reads their own site only (403). 422
/// `invalid-period` when `to` is before `from` or the period is longer than 366 days.
#[utoipa::path(
    get,
    path = "/api/v1/hr/sdm",
    tag = "caplan",
    security(("bearer" = [])),
    params(SdmQuery),
    responses(
        (status = 200, body = SdmBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn fulfilment(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<SdmQuery>,
) -> Result<web::Json<SdmBody>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let site = f.required("site", q.site.as_deref(), |v| parse_code(v, Site::CODES));
    let program = f.required("program", q.program.as_deref(), |v| {
        parse_code(v, Program::CODES)
    });
    let role = f.required("role", q.role.as_deref(), parse_planned_role);
    let from = f.required("from", q.from.as_deref(), parse_date);
    let to = f.required("to", q.to.as_deref(), parse_date);
    let parsed = (|| {
        Some((
            PlanKey {
                site: site?,
                program: program?,
                role: role?,
            },
            from?,
            to?,
        ))
    })();
    let (key, from, to) = f.finish(parsed)?;
    check_period(from, to).map_err(|reason| {
        Rejection::rule(
            crate::domain::rules::INVALID_PERIOD,
            format!("to: {reason}"),
        )
    })?;
    let days = sdm::read(&hr, &request, key, from, to).await?;
    Ok(web::Json(SdmBody {
        site: key.site,
        program: key.program,
        role: key.role,
        target_percent: crate::domain::sdm::TARGET_PERCENT,
        days_below_target: days.iter().filter(|d| d.below_target).count(),
        days: days
            .into_iter()
            .map(|d| SdmDayBody {
                day: d.day,
                available: d.available,
                target: d.target,
                ratio: d.ratio,
                below_target: d.below_target,
                provisional: d.provisional,
            })
            .collect(),
    }))
}
