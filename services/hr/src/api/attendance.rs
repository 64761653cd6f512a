//! `/api/v1/hr/shifts`, `/api/v1/hr/rosters` and `/api/v1/hr/attendance`: a site's
//! shifts, the roster, check-in and check-out by the server's clock, corrections, the
//! reads by scope and the site's "check-in required before calling" policy.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Problem, Role, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::attendance::{self, Assignment};
use crate::app::Hr;
use crate::domain::attendance::{
    AttendanceSummary, Correction, Day, NewCorrection, NewShift, Recorded, Shift,
};
use crate::domain::employee::parse_code;
use crate::domain::{Fields, Rejection};
use crate::store::attendance::{Policy, Whose};

/// The longest period one read covers (days).
const MAX_READ_DAYS: i64 = 366;

fn parse_time(value: &str) -> Result<NaiveTime, String> {
    let ok = value.len() == 5
        && value.as_bytes().get(2) == Some(&b':')
        && value
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 2 || b.is_ascii_digit());
    if !ok {
        return Err("must be a time of day written HH:MM (WIB)".to_owned());
    }
    NaiveTime::parse_from_str(value, "%H:%M")
        .map_err(|_| "must be a time of day written HH:MM (WIB)".to_owned())
}

fn parse_shift_code(value: &str) -> Result<String, String> {
    if value.is_empty()
        || value.len() > 20
        || !value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err("must be 1 to 20 letters, digits, '-' or '_'".to_owned());
    }
    Ok(value.to_owned())
}

fn parse_reason(value: &str) -> Result<String, String> {
    let reason = value.trim_matches(' ');
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err("must be 1 to 500 characters".to_owned());
    }
    if reason.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(reason.to_owned())
}

fn role_nullable() -> utoipa::openapi::Object {
    tam_auth::openapi::nullable_codes(Role::CODES, "role; null when never set")
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A shift of a site (WIB times, the same day).
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ShiftBody {
    pub id: Uuid,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    pub code: String,
    /// HH:MM, WIB.
    pub starts_at: String,
    /// HH:MM, WIB.
    pub ends_at: String,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl From<Shift> for ShiftBody {
    fn from(s: Shift) -> Self {
        Self {
            id: s.id,
            site: s.site,
            code: s.code,
            starts_at: hhmm(s.starts_at),
            ends_at: hhmm(s.ends_at),
            created_by: s.created_by,
            created_at: s.created_at,
        }
    }
}

/// Shifts.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ShiftList {
    pub items: Vec<ShiftBody>,
}

/// A new shift of a site. The operating hours (08:00–17:00) are the usual one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ShiftRequest {
    /// The caller's own site (a supervisor_ops; 403 for another).
    #[schema(required = true, nullable = false, schema_with = schema::site)]
    pub site: Option<String>,
    /// Unique at the site (422 `shift-code-taken`).
    #[schema(required = true, nullable = false, pattern = r"^[A-Za-z0-9_-]{1,20}$")]
    pub code: Option<String>,
    /// HH:MM, WIB; 08:00 when absent.
    #[schema(
        nullable = false,
        pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        example = "08:00"
    )]
    pub starts_at: Option<String>,
    /// HH:MM, WIB, after `starts_at` (422 `shift-ends-before-start`); 17:00 when absent.
    #[schema(
        nullable = false,
        pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        example = "17:00"
    )]
    pub ends_at: Option<String>,
}

/// Create a shift of a site.
///
/// By the site's supervisor_ops (or an admin). Times are WIB; without times it is the
/// operating hours, 08:00–17:00. 422 `shift-ends-before-start` (naming `ends_at`),
/// `shift-code-taken`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/shifts",
    tag = "attendance",
    security(("bearer" = [])),
    request_body = ShiftRequest,
    responses(
        (status = 201, body = ShiftBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create_shift(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<ShiftRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let r = body.into_inner();
    let mut f = Fields::new();
    let site = f.required("site", r.site.as_deref(), |v| parse_code(v, Site::CODES));
    let code = f.required("code", r.code.as_deref(), parse_shift_code);
    let default = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap_or(NaiveTime::MIN);
    let starts_at = match r.starts_at.as_deref() {
        None => Some(default(8)),
        Some(v) => f.check("starts_at", parse_time(v)),
    };
    let ends_at = match r.ends_at.as_deref() {
        None => Some(default(17)),
        Some(v) => f.check("ends_at", parse_time(v)),
    };
    let new = f.finish((|| {
        Some(NewShift {
            site: site?,
            code: code?,
            starts_at: starts_at?,
            ends_at: ends_at?,
        })
    })())?;
    let shift = attendance::create_shift(&hr, &request, new).await?;
    Ok(HttpResponse::Created().json(ShiftBody::from(shift)))
}

/// Filters of the shift list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ShiftQuery {
    /// Only this site (a site-bound caller always reads their own).
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
}

/// The shifts the caller sees: a site's staff their site's, all-site roles every site's
/// (or one).
#[utoipa::path(
    get,
    path = "/api/v1/hr/shifts",
    tag = "attendance",
    security(("bearer" = [])),
    params(ShiftQuery),
    responses(
        (status = 200, body = ShiftList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn shifts(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<ShiftQuery>,
) -> Result<web::Json<ShiftList>, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let site = match query.site.as_deref() {
        None => Some(None),
        Some(v) => f.check("site", parse_code(v, Site::CODES)).map(Some),
    };
    let site = f.finish(site)?;
    let items = attendance::shifts(&hr, &request, site).await?;
    Ok(web::Json(ShiftList {
        items: items.into_iter().map(ShiftBody::from).collect(),
    }))
}

/// A shift for an employee on every day of a range.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct RosterRequest {
    /// An active employee of the caller's site (a team leader: of their own team).
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub employee_id: Option<String>,
    /// A shift of the employee's site (422 `roster-mismatch`, `shift-not-found`).
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub shift_id: Option<String>,
    /// The first WIB day.
    #[schema(required = true, nullable = false, value_type = String, format = Date, example = "2026-12-07")]
    pub from: Option<String>,
    /// The last WIB day (the same as `from` for one day), at most 62 days after
    /// (422 `invalid-roster-range`).
    #[schema(required = true, nullable = false, value_type = String, format = Date, example = "2026-12-11")]
    pub to: Option<String>,
}

/// The days a roster assignment set.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RosterBody {
    pub employee_id: Uuid,
    pub shift_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// How many days were assigned (an earlier assignment of a day is replaced).
    pub days: u64,
}

/// Assign a shift to an employee for a range of days.
///
/// By the site's supervisor_ops (their site's employees) or a team leader (their own
/// team's); anyone else is 404. Each day's earlier assignment is replaced. 422
/// `roster-mismatch`, `shift-not-found`, `invalid-roster-range`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/rosters",
    tag = "attendance",
    security(("bearer" = [])),
    request_body = RosterRequest,
    responses(
        (status = 200, body = RosterBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn assign(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<RosterRequest>,
) -> Result<web::Json<RosterBody>, Problem> {
    let request = super::request(&caller, &req);
    let r = body.into_inner();
    let mut f = Fields::new();
    let employee_id = f.required(
        "employee_id",
        r.employee_id.as_deref(),
        tam_kernel::parse_uuid,
    );
    let shift_id = f.required("shift_id", r.shift_id.as_deref(), tam_kernel::parse_uuid);
    let from = f.required("from", r.from.as_deref(), tam_kernel::parse_date);
    let to = f.required("to", r.to.as_deref(), tam_kernel::parse_date);
    let a = f.finish((|| {
        Some(Assignment {
            employee_id: employee_id?,
            shift_id: shift_id?,
            from: from?,
            to: to?,
        })
    })())?;
    let days = attendance::assign(&hr, &request, a.clone()).await?;
    Ok(web::Json(RosterBody {
        employee_id: a.employee_id,
        shift_id: a.shift_id,
        from: a.from,
        to: a.to,
        days: u64::try_from(days).unwrap_or(u64::MAX),
    }))
}

/// What the employee recorded themself.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct RecordedBody {
    pub check_in_at: DateTime<Utc>,
    pub check_out_at: Option<DateTime<Utc>>,
}

/// A correction of a day.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CorrectionBody {
    pub id: Uuid,
    /// Null: absent.
    pub check_in_at: Option<DateTime<Utc>>,
    pub check_out_at: Option<DateTime<Utc>>,
    pub late: bool,
    pub early_leave: bool,
    pub reason: String,
    pub corrected_by: Uuid,
    #[schema(schema_with = schema::role)]
    pub corrected_by_role: Role,
    pub corrected_at: DateTime<Utc>,
}

impl From<Correction> for CorrectionBody {
    fn from(c: Correction) -> Self {
        Self {
            id: c.id,
            check_in_at: c.check_in_at,
            check_out_at: c.check_out_at,
            late: c.late,
            early_leave: c.early_leave,
            reason: c.reason,
            corrected_by: c.corrected_by,
            corrected_by_role: c.corrected_by_role,
            corrected_at: c.corrected_at,
        }
    }
}

/// An employee's WIB day: the roster, and the check-in and check-out as they stand
/// (the newest correction, else the employee's own record).
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct DayBody {
    pub employee_id: Uuid,
    pub day: NaiveDate,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    /// The rostered shift's code; null: not rostered.
    pub shift_code: Option<String>,
    /// HH:MM, WIB.
    pub shift_starts_at: Option<String>,
    /// HH:MM, WIB.
    pub shift_ends_at: Option<String>,
    pub check_in_at: Option<DateTime<Utc>>,
    pub check_out_at: Option<DateTime<Utc>>,
    /// Checked in more than `TAM_LATE_AFTER_MINUTES` after the shift's start.
    pub late: bool,
    /// Checked out more than `TAM_EARLY_LEAVE_MINUTES` before the shift's end.
    pub early_leave: bool,
    /// A correction decides the day.
    pub corrected: bool,
    /// The employee's own record (kept when corrected); null when they recorded none.
    pub original: Option<RecordedBody>,
    /// Every correction, oldest first.
    pub corrections: Vec<CorrectionBody>,
}

impl From<Day> for DayBody {
    fn from(d: Day) -> Self {
        Self {
            employee_id: d.employee_id,
            day: d.day,
            site: d.site,
            shift_code: d.shift_code,
            shift_starts_at: d.shift_starts_at.map(hhmm),
            shift_ends_at: d.shift_ends_at.map(hhmm),
            check_in_at: d.check_in_at,
            check_out_at: d.check_out_at,
            late: d.late,
            early_leave: d.early_leave,
            corrected: d.corrected,
            original: d.original.map(
                |Recorded {
                     check_in_at,
                     check_out_at,
                 }| RecordedBody {
                    check_in_at,
                    check_out_at,
                },
            ),
            corrections: d
                .corrections
                .into_iter()
                .map(CorrectionBody::from)
                .collect(),
        }
    }
}

/// Check in for today.
///
/// The caller (any site's staff) checks in for today's WIB date at the server's clock;
/// the body is empty (a client never sends the time). Late when more than
/// `TAM_LATE_AFTER_MINUTES` after the rostered shift's start. 422
/// `already-checked-in` for a second check-in the same day. Publishes
/// `hr.attendance.checked_in`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/attendance/check-in",
    tag = "attendance",
    security(("bearer" = [])),
    responses(
        (status = 201, body = DayBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn check_in(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let day = attendance::check_in(&hr, &request).await?;
    Ok(HttpResponse::Created().json(DayBody::from(day)))
}

/// Check out of today.
///
/// At the server's clock; an early leave when more than `TAM_EARLY_LEAVE_MINUTES`
/// before the shift's end. 422 `not-checked-in` (no check-in today),
/// `already-checked-out`. Publishes `hr.attendance.checked_out`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/attendance/check-out",
    tag = "attendance",
    security(("bearer" = [])),
    responses(
        (status = 200, body = DayBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn check_out(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
) -> Result<web::Json<DayBody>, Problem> {
    let request = super::request(&caller, &req);
    let day = attendance::check_out(&hr, &request).await?;
    Ok(web::Json(day.into()))
}

/// A correction of an employee's day.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    /// An employee of the caller's team (team leader) or site (supervisor_ops).
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub employee_id: Option<String>,
    /// The WIB day, today or earlier (422 `invalid-correction`).
    #[schema(required = true, nullable = false, value_type = String, format = Date, example = "2026-12-03")]
    pub day: Option<String>,
    /// HH:MM WIB on that day; absent: the employee was absent.
    #[schema(
        nullable = false,
        pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        example = "08:00"
    )]
    pub check_in: Option<String>,
    /// HH:MM WIB, not before `check_in`; needs `check_in` (422 `invalid-correction`).
    #[schema(
        nullable = false,
        pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        example = "17:00"
    )]
    pub check_out: Option<String>,
    /// Why, 1 to 500 characters (kept with the correction).
    #[schema(
        required = true,
        nullable = false,
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub reason: Option<String>,
}

/// Correct an employee's day, with a reason.
///
/// A team leader (their own team) or the site's supervisor_ops; anyone else, or one's
/// own day, is 404. The corrected times decide the day (late and early marks follow
/// them against the rostered shift); the employee's own record and earlier corrections
/// are kept. 422 `invalid-correction`. Publishes `hr.attendance.corrected`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/attendance/corrections",
    tag = "attendance",
    security(("bearer" = [])),
    request_body = CorrectionRequest,
    responses(
        (status = 201, body = DayBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn correct(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<CorrectionRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let r = body.into_inner();
    let mut f = Fields::new();
    let employee_id = f.required(
        "employee_id",
        r.employee_id.as_deref(),
        tam_kernel::parse_uuid,
    );
    let day = f.required("day", r.day.as_deref(), tam_kernel::parse_date);
    let check_in = match r.check_in.as_deref() {
        None => Some(None),
        Some(v) => f.check("check_in", parse_time(v)).map(Some),
    };
    let check_out = match r.check_out.as_deref() {
        None => Some(None),
        Some(v) => f.check("check_out", parse_time(v)).map(Some),
    };
    let reason = f.required("reason", r.reason.as_deref(), parse_reason);
    let new = f.finish((|| {
        Some(NewCorrection {
            employee_id: employee_id?,
            day: day?,
            check_in: check_in?,
            check_out: check_out?,
            reason: reason?,
        })
    })())?;
    let day = attendance::correct(&hr, &request, new).await?;
    Ok(HttpResponse::Created().json(DayBody::from(day)))
}

/// The period and whose days a read covers.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct AttendanceQuery {
    /// The first WIB day.
    #[param(required = true, value_type = String, format = Date)]
    pub from: Option<String>,
    /// The last WIB day, at most 366 days after `from` (422 `invalid-period`).
    #[param(required = true, value_type = String, format = Date)]
    pub to: Option<String>,
    /// Only this employee's days.
    #[param(value_type = Option<Uuid>)]
    pub employee_id: Option<String>,
    /// Only this team's members' days.
    #[param(value_type = Option<Uuid>)]
    pub team_id: Option<String>,
    /// Only this site's.
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
}

/// The summary of a set of days.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct SummaryBody {
    /// Days with a rostered shift.
    pub rostered_days: u32,
    /// Days with a check-in (as corrected).
    pub days_present: u32,
    pub late_arrivals: u32,
    pub early_leaves: u32,
    /// Rostered days without a check-in (as corrected; a rostered day still to come
    /// counts too).
    pub absences: u32,
    pub corrected_days: u32,
}

impl From<AttendanceSummary> for SummaryBody {
    fn from(s: AttendanceSummary) -> Self {
        Self {
            rostered_days: s.rostered_days,
            days_present: s.days_present,
            late_arrivals: s.late_arrivals,
            early_leaves: s.early_leaves,
            absences: s.absences,
            corrected_days: s.corrected_days,
        }
    }
}

/// Days and their summary.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct AttendanceBody {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub summary: SummaryBody,
    /// By employee and day (at most 5000).
    pub days: Vec<DayBody>,
}

fn period(f: &mut Fields, from: Option<&str>, to: Option<&str>) -> Option<(NaiveDate, NaiveDate)> {
    let from = f.required("from", from, tam_kernel::parse_date);
    let to = f.required("to", to, tam_kernel::parse_date);
    Some((from?, to?))
}

fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), Rejection> {
    let days = (to - from).num_days() + 1;
    if !(1..=MAX_READ_DAYS).contains(&days) {
        return Err(Rejection::rule(
            crate::domain::rules::INVALID_PERIOD,
            format!("to: the period runs from `from` to `to`, 1 to {MAX_READ_DAYS} days"),
        ));
    }
    Ok(())
}

/// Attendance days the caller sees.
///
/// Within the caller's scope: an agent their own, a team leader their team's, a
/// supervisor_ops (and the site's other staff) their site's, managers, coordinators and
/// HR all; narrowed by `employee_id`, `team_id` and `site` (each given must hold). 422
/// `invalid-period`.
#[utoipa::path(
    get,
    path = "/api/v1/hr/attendance",
    tag = "attendance",
    security(("bearer" = [])),
    params(AttendanceQuery),
    responses(
        (status = 200, body = AttendanceBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<AttendanceQuery>,
) -> Result<web::Json<AttendanceBody>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let period = period(&mut f, q.from.as_deref(), q.to.as_deref());
    let employee = q
        .employee_id
        .as_deref()
        .map(|v| f.check("employee_id", tam_kernel::parse_uuid(v)));
    let team = q
        .team_id
        .as_deref()
        .map(|v| f.check("team_id", tam_kernel::parse_uuid(v)));
    let site = q
        .site
        .as_deref()
        .map(|v| f.check("site", parse_code(v, Site::CODES)));
    let (from, to) = f.finish(period)?;
    let whose = Whose {
        employee: employee.flatten(),
        team: team.flatten(),
        site: site.flatten(),
    };
    check_period(from, to)?;
    let (summary, days) = attendance::days(&hr, &request, whose, from, to).await?;
    Ok(web::Json(AttendanceBody {
        from,
        to,
        summary: summary.into(),
        days: days.into_iter().map(DayBody::from).collect(),
    }))
}

/// The caller's own period.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct OwnQuery {
    /// The first WIB day.
    #[param(required = true, value_type = String, format = Date)]
    pub from: Option<String>,
    /// The last WIB day, at most 366 days after `from` (422 `invalid-period`).
    #[param(required = true, value_type = String, format = Date)]
    pub to: Option<String>,
}

/// The caller's own attendance days and their summary. 422 `invalid-period`.
#[utoipa::path(
    get,
    path = "/api/v1/hr/attendance/me",
    tag = "attendance",
    security(("bearer" = [])),
    params(OwnQuery),
    responses(
        (status = 200, body = AttendanceBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn mine(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<OwnQuery>,
) -> Result<web::Json<AttendanceBody>, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let period = period(&mut f, query.from.as_deref(), query.to.as_deref());
    let (from, to) = f.finish(period)?;
    check_period(from, to)?;
    let (summary, days) =
        attendance::days(&hr, &request, Whose::one(request.actor.id), from, to).await?;
    Ok(web::Json(AttendanceBody {
        from,
        to,
        summary: summary.into(),
        days: days.into_iter().map(DayBody::from).collect(),
    }))
}

/// A site's attendance policy.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct PolicyBody {
    #[schema(schema_with = schema::site)]
    pub site: Site,
    /// Agents must check in before `next` gives them a customer.
    pub check_in_required: bool,
    /// Null: never set (not required).
    pub set_by: Option<Uuid>,
    #[schema(schema_with = role_nullable)]
    pub set_by_role: Option<Role>,
    pub set_at: Option<DateTime<Utc>>,
}

impl From<Policy> for PolicyBody {
    fn from(p: Policy) -> Self {
        Self {
            site: p.site,
            check_in_required: p.check_in_required,
            set_by: p.set_by,
            set_by_role: p.set_by_role,
            set_at: p.set_at,
        }
    }
}

/// Every site's attendance policy.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct PolicyList {
    pub items: Vec<PolicyBody>,
}

/// A site's policy to set.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct PolicyRequest {
    /// The caller's own site (a supervisor_ops; 403 for another).
    #[schema(required = true, nullable = false, schema_with = schema::site)]
    pub site: Option<String>,
    /// Whether the site's agents must check in before calling.
    #[schema(required = true, nullable = false)]
    pub check_in_required: Option<bool>,
}

/// Every site's attendance policy (a site never set does not require a check-in).
#[utoipa::path(
    get,
    path = "/api/v1/hr/attendance/policies",
    tag = "attendance",
    security(("bearer" = [])),
    responses(
        (status = 200, body = PolicyList),
    )
)]
pub async fn policies(
    _caller: Caller,
    hr: web::Data<Hr>,
) -> Result<web::Json<PolicyList>, Problem> {
    let items = attendance::policies(&hr).await?;
    Ok(web::Json(PolicyList {
        items: items.into_iter().map(PolicyBody::from).collect(),
    }))
}

/// Set whether a site's agents must check in before calling.
///
/// By the site's supervisor_ops or a manager (403 for another site). With it on,
/// prospect refuses `next` to an agent of the site without a check-in on today's WIB
/// date (422 `not-checked-in`). Publishes `hr.site.attendance_policy_changed`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/attendance/policies",
    tag = "attendance",
    security(("bearer" = [])),
    request_body = PolicyRequest,
    responses(
        (status = 200, body = PolicyBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn set_policy(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<PolicyRequest>,
) -> Result<web::Json<PolicyBody>, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let site = f.required("site", body.site.as_deref(), |v| parse_code(v, Site::CODES));
    let required = f.required("check_in_required", body.check_in_required.as_ref(), |v| {
        Ok(*v)
    });
    let (site, required) = f.finish((|| Some((site?, required?)))())?;
    let policy = attendance::set_policy(&hr, &request, site, required).await?;
    Ok(web::Json(policy.into()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn times_are_hh_mm_and_codes_are_short_words() {
        assert_eq!(
            parse_time("08:05"),
            Ok(NaiveTime::from_hms_opt(8, 5, 0).unwrap())
        );
        for bad in ["8:05", "24:00", "08:60", "08:05:00", " 08:05", "ab:cd"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        assert!(parse_shift_code("PAGI-1").is_ok());
        assert!(parse_shift_code("").is_err());
        assert!(parse_shift_code("a b").is_err());
        assert!(parse_shift_code(&"x".repeat(21)).is_err());
    }
}
