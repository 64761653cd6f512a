//! `/api/v1/hr/training/classes`: training classes (initial, refreshment, new-product
//! briefing), their enrollments, attendance per session and final scores.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{parse_page, Cursor, Limit, Problem, Program, Role, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::certification::CertificationBody;
use super::schema::{self, ProblemBody};
use crate::app::training::{self, ClassDetail};
use crate::app::Hr;
use crate::domain::employee::parse_code;
use crate::domain::training::{check_score, Class, ClassKind, Enrollment, NewClass, Session};
use crate::domain::{rules, Fields, Rejection};
use crate::store::training::ClassFilter;

fn kind_schema() -> utoipa::openapi::Object {
    tam_auth::openapi::codes(ClassKind::CODES, "class kind")
}

/// A session of a class (WIB).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    /// Set by hr; ignored in a request.
    #[schema(read_only, nullable = false)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
    #[schema(required = true, nullable = false, value_type = String, format = Date, example = "2027-01-04")]
    pub date: Option<String>,
    /// `HH:MM`, WIB.
    #[schema(
        required = true,
        nullable = false,
        pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        example = "08:00"
    )]
    pub start: Option<String>,
    /// `HH:MM`, WIB, after `start` (422 `training-mismatch` otherwise).
    #[schema(
        required = true,
        nullable = false,
        pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
        example = "12:00"
    )]
    pub end: Option<String>,
}

/// An enrolled employee and their result.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EnrollmentBody {
    pub employee_id: Uuid,
    pub enrolled_at: DateTime<Utc>,
    /// The final score, once recorded (briefings have none).
    pub score: Option<u8>,
    /// Whether the score passed, once recorded.
    pub passed: Option<bool>,
    pub scored_at: Option<DateTime<Utc>>,
    /// The sessions the employee was recorded present at.
    pub attended: Vec<Uuid>,
    /// The sessions the employee was recorded absent from.
    pub absent: Vec<Uuid>,
}

impl EnrollmentBody {
    fn new(e: Enrollment, attendance: &[(Uuid, Uuid, bool)]) -> Self {
        let of = |present: bool| {
            attendance
                .iter()
                .filter(|(_, who, p)| *who == e.employee_id && *p == present)
                .map(|(session, _, _)| *session)
                .collect()
        };
        Self {
            employee_id: e.employee_id,
            enrolled_at: e.enrolled_at,
            score: e.score,
            passed: e.passed,
            scored_at: e.scored_at,
            attended: of(true),
            absent: of(false),
        }
    }
}

/// A class.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ClassBody {
    pub id: Uuid,
    #[schema(schema_with = kind_schema)]
    pub kind: ClassKind,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    pub title: String,
    pub trainer_id: Uuid,
    /// Null for briefings.
    pub pass_mark: Option<u8>,
    pub sessions: Vec<SessionBody>,
    /// In a single class's answer: who is enrolled and their results (an agent sees
    /// only their own); absent in lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enrollments: Option<Vec<EnrollmentBody>>,
    pub created_at: DateTime<Utc>,
}

impl From<Class> for ClassBody {
    fn from(c: Class) -> Self {
        Self {
            id: c.id,
            kind: c.kind,
            program: c.program,
            site: c.site,
            title: c.title,
            trainer_id: c.trainer_id,
            pass_mark: c.pass_mark,
            sessions: c
                .sessions
                .into_iter()
                .map(|s| SessionBody {
                    id: Some(s.id),
                    date: Some(s.date.to_string()),
                    start: Some(s.start.format("%H:%M").to_string()),
                    end: Some(s.end.format("%H:%M").to_string()),
                })
                .collect(),
            enrollments: None,
            created_at: c.created_at,
        }
    }
}

impl From<ClassDetail> for ClassBody {
    fn from(d: ClassDetail) -> Self {
        let enrollments = d
            .enrollments
            .into_iter()
            .map(|e| EnrollmentBody::new(e, &d.attendance))
            .collect();
        Self {
            enrollments: Some(enrollments),
            ..Self::from(d.class)
        }
    }
}

/// One page of classes.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ClassPage {
    pub items: Vec<ClassBody>,
    pub next_cursor: Option<String>,
}

/// A new class.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CreateClassRequest {
    #[schema(required = true, nullable = false, schema_with = kind_schema)]
    pub kind: Option<String>,
    #[schema(required = true, nullable = false, schema_with = schema::program)]
    pub program: Option<String>,
    #[schema(required = true, nullable = false, schema_with = schema::site)]
    pub site: Option<String>,
    /// 1 to 200 characters.
    #[schema(
        required = true,
        nullable = false,
        example = "Initial training AddOn Consumer, January",
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub title: Option<String>,
    /// An active trainer of the site; the caller when absent (a trainer; 422
    /// `invalid-trainer` when an admin leaves it out).
    #[schema(nullable = false, value_type = Uuid)]
    pub trainer_id: Option<String>,
    /// 0 to 100 (422 `score-out-of-range` outside): required for initial and
    /// refreshment classes, absent for briefings (422 `training-mismatch` otherwise).
    #[schema(nullable = false, minimum = 0, maximum = 100)]
    pub pass_mark: Option<i64>,
    /// 1 to 60 sessions; none may overlap another session of the same trainer (422
    /// `trainer-sessions-overlap` naming `sessions[i]`).
    #[schema(required = true, nullable = false, min_items = 1, max_items = 60)]
    pub sessions: Option<Vec<SessionBody>>,
}

const MAX_SESSIONS: usize = 60;

fn parse_time(value: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(value.trim(), "%H:%M").map_err(|_| "must be a time, HH:MM".to_owned())
}

fn parse_title(value: &str) -> Result<String, String> {
    let title = value.trim_matches(' '); // the pattern allows other whitespace
    if title.is_empty() || title.chars().count() > 200 {
        return Err("must be 1 to 200 characters".to_owned());
    }
    if title.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(title.to_owned())
}

impl CreateClassRequest {
    /// The class, checked: 400 for missing or malformed fields, 422 for a pass mark
    /// outside 0–100.
    fn parse(self, caller: Uuid, caller_role: Role) -> Result<NewClass, Rejection> {
        let mut f = Fields::new();
        let kind: Option<ClassKind> = f.required("kind", self.kind.as_deref(), |v| {
            parse_code(v, ClassKind::CODES)
        });
        let program = f.required("program", self.program.as_deref(), |v| {
            parse_code(v, Program::CODES)
        });
        let site = f.required("site", self.site.as_deref(), |v| parse_code(v, Site::CODES));
        let title = f.required("title", self.title.as_deref(), parse_title);
        let trainer_id = match self.trainer_id.as_deref() {
            Some(v) => f.check("trainer_id", tam_kernel::parse_uuid(v)).map(Some),
            None => Some(None),
        };
        let sessions = match self.sessions {
            None => {
                f.error("sessions", "is required");
                None
            }
            Some(list) if list.is_empty() || list.len() > MAX_SESSIONS => {
                f.error(
                    "sessions",
                    format!("must hold 1 to {MAX_SESSIONS} sessions"),
                );
                None
            }
            Some(list) => {
                let mut out = Vec::with_capacity(list.len());
                for (i, s) in list.into_iter().enumerate() {
                    let date = f.required(
                        &format!("sessions[{i}].date"),
                        s.date.as_deref(),
                        tam_kernel::parse_date,
                    );
                    let start = f.required(
                        &format!("sessions[{i}].start"),
                        s.start.as_deref(),
                        parse_time,
                    );
                    let end =
                        f.required(&format!("sessions[{i}].end"), s.end.as_deref(), parse_time);
                    if let (Some(date), Some(start), Some(end)) = (date, start, end) {
                        out.push(Session { date, start, end });
                    }
                }
                Some(out)
            }
        };
        let parsed = (|| Some((kind?, program?, site?, title?, trainer_id?, sessions?)))();
        let (kind, program, site, title, trainer_id, sessions) = f.finish(parsed)?;
        // The rules between fields (422, naming the field).
        let trainer_id = match trainer_id {
            Some(id) => id,
            None if caller_role == Role::Trainer => caller,
            None => {
                return Err(Rejection::rule(
                    rules::INVALID_TRAINER,
                    "`trainer_id` is required unless a trainer makes the class",
                ))
            }
        };
        if let Some(i) = sessions.iter().position(|s| s.end <= s.start) {
            return Err(Rejection::rule(
                rules::TRAINING_MISMATCH,
                format!("`sessions[{i}].end` must be after its start"),
            ));
        }
        let pass_mark = match (kind.is_scored(), self.pass_mark) {
            (true, Some(v)) => Some(check_score("pass_mark", v)?),
            (false, None) => None,
            (true, None) => {
                return Err(Rejection::rule(
                    rules::TRAINING_MISMATCH,
                    format!("`pass_mark` is required for a class of kind {kind}"),
                ))
            }
            (false, Some(_)) => {
                return Err(Rejection::rule(
                    rules::TRAINING_MISMATCH,
                    "`pass_mark` must be absent for a product briefing, which has no score",
                ))
            }
        };
        Ok(NewClass {
            kind,
            program,
            site,
            title,
            trainer_id,
            pass_mark,
            sessions,
        })
    }
}

/// Filters and page of the class list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ClassListQuery {
    /// Only this site.
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    /// Only this program.
    #[param(schema_with = tam_auth::openapi::program)]
    pub program: Option<String>,
    /// Only this kind.
    #[param(schema_with = kind_schema)]
    pub kind: Option<String>,
    /// Only this trainer's.
    #[param(value_type = Option<Uuid>)]
    pub trainer_id: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl ClassListQuery {
    fn parse(self) -> Result<(ClassFilter, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        fn opt<T>(
            f: &mut Fields,
            field: &str,
            value: Option<&str>,
            parse: impl FnOnce(&str) -> Result<T, String>,
        ) -> Option<Option<T>> {
            match value {
                None => Some(None),
                Some(v) => f.check(field, parse(v)).map(Some),
            }
        }
        let site = opt(&mut f, "site", self.site.as_deref(), |v| {
            parse_code(v, Site::CODES)
        });
        let program = opt(&mut f, "program", self.program.as_deref(), |v| {
            parse_code(v, Program::CODES)
        });
        let kind = opt(&mut f, "kind", self.kind.as_deref(), |v| {
            parse_code(v, ClassKind::CODES)
        });
        let trainer_id = opt(
            &mut f,
            "trainer_id",
            self.trainer_id.as_deref(),
            tam_kernel::parse_uuid,
        );
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                ClassFilter {
                    site: site?,
                    program: program?,
                    kind: kind?,
                    trainer_id: trainer_id?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// Create a class.
///
/// A trainer creates classes at their own site (an admin anywhere; 403 otherwise).
/// 422 `invalid-trainer` (not an active trainer of the site), `score-out-of-range` (a
/// pass mark outside 0–100), `trainer-sessions-overlap` (a session overlapping another
/// of the same trainer, naming `sessions[i]`).
#[utoipa::path(
    post,
    path = "/api/v1/hr/training/classes",
    tag = "training",
    security(("bearer" = [])),
    request_body = CreateClassRequest,
    responses(
        (status = 201, body = ClassBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn create(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<CreateClassRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = body
        .into_inner()
        .parse(request.actor.id, request.actor.role)?;
    let class = training::create(&hr, &request, new).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/hr/training/classes/{}", class.id),
        ))
        .json(ClassBody::from(class)))
}

/// List the classes the caller sees, oldest first: trainers and supervisor_ops their
/// site's, managers and coordinators all, agents and team leaders those they are
/// enrolled in.
#[utoipa::path(
    get,
    path = "/api/v1/hr/training/classes",
    tag = "training",
    security(("bearer" = [])),
    params(ClassListQuery),
    responses(
        (status = 200, body = ClassPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<ClassListQuery>,
) -> Result<web::Json<ClassPage>, Problem> {
    let request = super::request(&caller, &req);
    let (filter, limit, cursor) = query.into_inner().parse()?;
    let page = training::list(&hr, &request, filter, cursor, limit).await?;
    Ok(web::Json(ClassPage {
        items: page.items.into_iter().map(ClassBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One class with its enrollments, attendance and scores (404 outside the caller's
/// scope; an agent sees only their own enrollment).
#[utoipa::path(
    get,
    path = "/api/v1/hr/training/classes/{id}",
    tag = "training",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "class id")),
    responses(
        (status = 200, body = ClassBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<ClassBody>, Problem> {
    let request = super::request(&caller, &req);
    let detail = training::get(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(detail.into()))
}

/// An employee to enroll.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// An active employee of the class's site (agents and team leaders of its program).
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub employee_id: Option<String>,
}

/// Enroll an employee in a class.
///
/// 409 when already enrolled; 422 `not-enrollable` (not active, another site or
/// program). Only a trainer of the class's site (or an admin) enrolls (403).
#[utoipa::path(
    post,
    path = "/api/v1/hr/training/classes/{id}/enrollments",
    tag = "training",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "class id")),
    request_body = EnrollRequest,
    responses(
        (status = 201, body = EnrollmentBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn enroll(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<EnrollRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let mut f = Fields::new();
    let employee_id = f.required(
        "employee_id",
        body.employee_id.as_deref(),
        tam_kernel::parse_uuid,
    );
    let employee_id = f.finish(employee_id)?;
    let enrollment = training::enroll(&hr, &request, id.into_inner(), employee_id).await?;
    Ok(HttpResponse::Created().json(EnrollmentBody::new(enrollment, &[])))
}

/// Attendance at one session.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct AttendanceRequest {
    /// A session of the class.
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub session_id: Option<String>,
    /// An enrolled employee.
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub employee_id: Option<String>,
    /// Whether they attended.
    #[schema(required = true, nullable = false)]
    pub present: Option<bool>,
}

/// Record attendance at a session.
///
/// A later record for the same session and employee replaces the earlier. An employee
/// recorded absent from any session does not pass the class. 422 `training-mismatch`
/// (a session of another class, an employee not enrolled).
#[utoipa::path(
    post,
    path = "/api/v1/hr/training/classes/{id}/attendance",
    tag = "training",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "class id")),
    request_body = AttendanceRequest,
    responses(
        (status = 204, description = "recorded"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn attendance(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<AttendanceRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let session_id = f.required(
        "session_id",
        body.session_id.as_deref(),
        tam_kernel::parse_uuid,
    );
    let employee_id = f.required(
        "employee_id",
        body.employee_id.as_deref(),
        tam_kernel::parse_uuid,
    );
    let present = f.required("present", body.present, Ok);
    let (session_id, employee_id, present) =
        f.finish((|| Some((session_id?, employee_id?, present?)))())?;
    training::record_attendance(
        &hr,
        &request,
        id.into_inner(),
        session_id,
        employee_id,
        present,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A final score.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct ScoreRequest {
    /// An enrolled employee.
    #[schema(required = true, nullable = false, value_type = Uuid)]
    pub employee_id: Option<String>,
    /// 0 to 100 (422 `score-out-of-range` outside).
    #[schema(required = true, nullable = false, minimum = 0, maximum = 100)]
    pub score: Option<i64>,
}

/// The answer to a final score.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TrainingScoreBody {
    pub enrollment: EnrollmentBody,
    /// The certification passing granted (initial and refreshment classes).
    pub certification: Option<CertificationBody>,
}

/// Record an employee's final score.
///
/// Once per enrollment (409 the second time). Passing (score at or above the pass mark,
/// never recorded absent) an initial or refreshment class certifies the employee for
/// the class's program from today (WIB) for `TAM_CERTIFICATION_VALIDITY_DAYS` days and
/// publishes `hr.certification.granted`. 422 `score-out-of-range`, `training-mismatch`
/// (not enrolled; a briefing, which takes no score).
#[utoipa::path(
    post,
    path = "/api/v1/hr/training/classes/{id}/scores",
    tag = "training",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "class id")),
    request_body = ScoreRequest,
    responses(
        (status = 200, body = TrainingScoreBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn score(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ScoreRequest>,
) -> Result<web::Json<TrainingScoreBody>, Problem> {
    let request = super::request(&caller, &req);
    let body = body.into_inner();
    let mut f = Fields::new();
    let employee_id = f.required(
        "employee_id",
        body.employee_id.as_deref(),
        tam_kernel::parse_uuid,
    );
    let score = f.required("score", body.score, Ok);
    let (employee_id, score) = f.finish((|| Some((employee_id?, score?)))())?;
    let score = check_score("score", score)?;
    let scored = training::record_score(&hr, &request, id.into_inner(), employee_id, score).await?;
    Ok(web::Json(TrainingScoreBody {
        enrollment: EnrollmentBody::new(scored.enrollment, &[]),
        certification: scored.certification.map(CertificationBody::from),
    }))
}
