//! `/api/v1/helpdesk/calendars`: the business-hours calendars the SLA clocks run on.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::openapi::ProblemBody;
use tam_auth::Caller;
use tam_kernel::Problem;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::calendars::{self, CalendarChange};
use crate::app::Helpdesk;
use crate::domain::calendar::CalendarVersion;
use crate::store::calendars::StoredCalendar;

/// One open interval of a day, local time (`24:00` closes at midnight).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct IntervalDoc {
    #[schema(example = "08:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start: String,
    #[schema(example = "17:00", pattern = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
    pub end: String,
}

/// The open intervals of each weekday (a day absent or empty is closed).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct WeekDoc {
    pub mon: Vec<IntervalDoc>,
    pub tue: Vec<IntervalDoc>,
    pub wed: Vec<IntervalDoc>,
    pub thu: Vec<IntervalDoc>,
    pub fri: Vec<IntervalDoc>,
    pub sat: Vec<IntervalDoc>,
    pub sun: Vec<IntervalDoc>,
}

/// A dated exception: its intervals replace the weekday's (none: closed all day).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ExceptionDoc {
    pub date: NaiveDate,
    #[schema(example = "Idul Fitri")]
    pub name: String,
    pub intervals: Vec<IntervalDoc>,
}

/// The hours in force from `effective_from` until the next version's.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct CalendarVersionDoc {
    pub effective_from: NaiveDate,
    pub week: WeekDoc,
    /// Each inside the version's validity, one per date.
    pub exceptions: Vec<ExceptionDoc>,
}

/// One calendar.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CalendarBody {
    #[schema(example = "office-wib")]
    pub code: String,
    pub name: String,
    /// An IANA time zone (`Asia/Jakarta`: WIB, `Asia/Makassar`: WITA).
    #[schema(example = "Asia/Jakarta")]
    pub time_zone: String,
    /// In increasing `effective_from` order.
    #[schema(value_type = Vec<CalendarVersionDoc>)]
    pub versions: Vec<CalendarVersion>,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

impl From<StoredCalendar> for CalendarBody {
    fn from(c: StoredCalendar) -> Self {
        let spec = c.calendar.spec();
        Self {
            code: c.code,
            name: c.name,
            time_zone: spec.time_zone,
            versions: spec.versions,
            updated_at: c.updated_at,
            updated_by: c.updated_by,
        }
    }
}

/// Every calendar, by code.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CalendarList {
    pub items: Vec<CalendarBody>,
}

/// A new version of a calendar (or its first, creating it).
#[derive(Debug, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CalendarPut {
    /// Required to create a calendar; renames an existing one.
    pub name: Option<String>,
    /// Required to create a calendar; an existing one keeps its own.
    pub time_zone: Option<String>,
    /// Takes effect after today in the calendar's time zone (a day already counted is
    /// never recounted); a planned version with the same date is replaced.
    #[schema(value_type = CalendarVersionDoc)]
    pub version: CalendarVersion,
}

/// Every business-hours calendar, with its versions and exceptions.
#[utoipa::path(
    get,
    path = "/api/v1/helpdesk/calendars",
    tag = "sla",
    security(("bearer" = [])),
    responses((status = 200, body = CalendarList))
)]
pub async fn list(
    _caller: Caller,
    h: web::Data<Helpdesk>,
) -> Result<web::Json<CalendarList>, Problem> {
    let items = calendars::list(&h).await?;
    Ok(web::Json(CalendarList {
        items: items.into_iter().map(Into::into).collect(),
    }))
}

/// Add a version to a calendar, or create it with its first version. Open tickets'
/// escalation timers are recomputed in the same transaction (the business time they
/// used is kept). 422 `invalid-calendar` names each bad field (an inverted or
/// overlapping interval, an exception outside its version, an unknown time zone);
/// 422 `calendar-version-in-past` for a version that would take effect today or before.
#[utoipa::path(
    put,
    path = "/api/v1/helpdesk/calendars/{code}",
    tag = "sla",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "calendar code, e.g. office-wib")),
    request_body = CalendarPut,
    responses(
        (status = 200, description = "version added", body = CalendarBody),
        (status = 201, description = "calendar created", body = CalendarBody),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn put(
    caller: Caller,
    h: web::Data<Helpdesk>,
    req: HttpRequest,
    code: web::Path<String>,
    body: web::Json<CalendarPut>,
) -> Result<HttpResponse, Problem> {
    let request = tam_runtime::request(&caller, &req);
    let body = body.into_inner();
    let (saved, created) = calendars::put(
        &h,
        &request,
        &code,
        CalendarChange {
            name: body.name,
            time_zone: body.time_zone,
            version: body.version,
        },
    )
    .await?;
    let body = CalendarBody::from(saved);
    Ok(if created {
        HttpResponse::Created().json(body)
    } else {
        HttpResponse::Ok().json(body)
    })
}
