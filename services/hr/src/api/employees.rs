//! `/api/v1/hr/employees`: hire, list, read, change and deactivate employees.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use tam_auth::Caller;
use tam_kernel::{parse_page, parse_uuid, Cursor, Limit, Problem, Program, Role, Site};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::activation::{self, ActivationCode};
use crate::app::employees::{self, Hired};
use crate::app::Hr;
use crate::domain::employee::{
    check_dates, parse_code, parse_date, parse_education_field, Assignment, EducationLevel,
    Employee, EmployeeChanges, EmployeeStatus, FullName, NewEmployee, Nik, Username,
};
use crate::domain::{Fields, Rejection};
use crate::store::employees::EmployeeFilter;

/// An employee record.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EmployeeBody {
    pub id: Uuid,
    /// Employee number (digits).
    pub nik: String,
    pub full_name: String,
    pub username: String,
    #[schema(schema_with = schema::role)]
    pub role: Role,
    #[schema(schema_with = schema::site_nullable)]
    pub site: Option<Site>,
    #[schema(schema_with = schema::program_nullable)]
    pub program: Option<Program>,
    /// The agent's team.
    pub team_id: Option<Uuid>,
    pub birth_date: Option<NaiveDate>,
    #[schema(schema_with = schema::education_level_nullable)]
    pub education_level: Option<EducationLevel>,
    pub education_field: Option<String>,
    pub hire_date: NaiveDate,
    #[schema(schema_with = schema::status)]
    pub status: EmployeeStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Employee> for EmployeeBody {
    fn from(e: Employee) -> Self {
        Self {
            id: e.id,
            nik: e.nik,
            full_name: e.full_name,
            username: e.username,
            role: e.role,
            site: e.site,
            program: e.program,
            team_id: e.team_id,
            birth_date: e.birth_date,
            education_level: e.education_level,
            education_field: e.education_field,
            hire_date: e.hire_date,
            status: e.status,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// One page of employees.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EmployeePage {
    pub items: Vec<EmployeeBody>,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

/// A new employee. Every field is checked and every bad one reported at once.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct CreateEmployeeRequest {
    /// Employee number: 1 to 20 digits, unique.
    #[schema(required = true, nullable = false, example = "2024001")]
    pub nik: Option<String>,
    /// 1 to 200 characters, no control characters.
    #[schema(
        required = true,
        nullable = false,
        example = "Siti Rahmawati",
        min_length = 1,
        max_length = 200,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub full_name: Option<String>,
    /// Login name: 3 to 32 of `a-z 0-9 . _ -`, unique.
    #[schema(required = true, nullable = false, example = "siti.r")]
    pub username: Option<String>,
    #[schema(required = true, nullable = false, schema_with = schema::role)]
    pub role: Option<String>,
    /// Required for site-bound roles, absent for all-site roles.
    #[schema(schema_with = schema::site_nullable)]
    pub site: Option<String>,
    /// Required for agents and team leaders; must run at the site.
    #[schema(schema_with = schema::program_nullable)]
    pub program: Option<String>,
    /// Agents only: a team of the same site and program.
    #[schema(value_type = Option<Uuid>)]
    pub team_id: Option<String>,
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub birth_date: Option<String>,
    #[schema(required = true, nullable = false, schema_with = schema::education_level)]
    pub education_level: Option<String>,
    /// 1 to 100 characters, no control characters.
    #[schema(
        required = true,
        nullable = false,
        example = "Manajemen",
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub education_field: Option<String>,
    #[schema(required = true, nullable = false, value_type = NaiveDate)]
    pub hire_date: Option<String>,
}

/// Parses an optional field: `Some(None)` when absent, `Some(Some(v))` when valid,
/// `None` after recording the error when invalid.
fn optional<T>(
    fields: &mut Fields,
    field: &str,
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<Option<T>> {
    match value {
        None => Some(None),
        Some(value) => fields.check(field, parse(value)).map(Some),
    }
}

impl TryFrom<CreateEmployeeRequest> for NewEmployee {
    type Error = Rejection;

    fn try_from(r: CreateEmployeeRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let nik = f.required("nik", r.nik.as_deref(), Nik::parse);
        let full_name = f.required("full_name", r.full_name.as_deref(), FullName::parse);
        let username = f.required("username", r.username.as_deref(), Username::parse);
        let role = f.required("role", r.role.as_deref(), |v| parse_code(v, Role::CODES));
        let site = optional(&mut f, "site", r.site.as_deref(), |v| {
            parse_code(v, Site::CODES)
        });
        let program = optional(&mut f, "program", r.program.as_deref(), |v| {
            parse_code(v, Program::CODES)
        });
        let team_id = optional(&mut f, "team_id", r.team_id.as_deref(), parse_uuid);
        let birth_date = f.required("birth_date", r.birth_date.as_deref(), parse_date);
        let education_level = f.required("education_level", r.education_level.as_deref(), |v| {
            parse_code(v, EducationLevel::CODES)
        });
        let education_field = f.required(
            "education_field",
            r.education_field.as_deref(),
            parse_education_field,
        );
        let hire_date = f.required("hire_date", r.hire_date.as_deref(), parse_date);
        if let (Some(birth), Some(hire)) = (birth_date, hire_date) {
            f.extend(check_dates(birth, hire));
        }
        let assignment = match (role, site, program, team_id) {
            (Some(role), Some(site), Some(program), Some(team_id)) => {
                let assignment = Assignment {
                    role,
                    site,
                    program,
                    team_id,
                };
                f.extend(assignment.field_errors());
                Some(assignment)
            }
            _ => None,
        };
        let new = (|| {
            Some(NewEmployee {
                nik: nik?,
                full_name: full_name?,
                username: username?,
                assignment: assignment?,
                birth_date: birth_date?,
                education_level: education_level?,
                education_field: education_field?,
                hire_date: hire_date?,
            })
        })();
        f.finish(new)
    }
}

/// `Some(value)` for a member that is present (even `null`), `None` for one that is
/// absent (with `#[serde(default)]`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A change to an employee: absent members stay as they are; `site`, `program` and
/// `team_id` are cleared with `null`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct PatchEmployeeRequest {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 200,
             pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$")]
    #[cfg_attr(feature = "client", serde(skip_serializing_if = "Option::is_none"))]
    pub full_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = schema::role)]
    #[cfg_attr(feature = "client", serde(skip_serializing_if = "Option::is_none"))]
    pub role: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = schema::site_nullable)]
    #[cfg_attr(feature = "client", serde(skip_serializing_if = "Option::is_none"))]
    pub site: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = schema::program_nullable)]
    #[cfg_attr(feature = "client", serde(skip_serializing_if = "Option::is_none"))]
    pub program: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    #[cfg_attr(feature = "client", serde(skip_serializing_if = "Option::is_none"))]
    pub team_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = schema::education_level)]
    #[cfg_attr(feature = "client", serde(skip_serializing_if = "Option::is_none"))]
    pub education_level: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, required = false, min_length = 1, max_length = 100,
             pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$")]
    #[cfg_attr(feature = "client", serde(skip_serializing_if = "Option::is_none"))]
    pub education_field: Option<Option<String>>,
    /// `active` or `suspended` (suspending ends the employee's sessions); deactivate
    /// with `POST .../deactivate`.
    #[serde(default, deserialize_with = "present")]
    #[schema(required = false, schema_with = schema::patch_status)]
    #[cfg_attr(feature = "client", serde(skip_serializing_if = "Option::is_none"))]
    pub status: Option<Option<String>>,
}

/// A member that may be absent but not `null`.
fn not_null<T>(
    fields: &mut Fields,
    field: &str,
    value: Option<Option<String>>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<T> {
    match value {
        None => None,
        Some(None) => {
            fields.error(field, "must not be null");
            None
        }
        Some(Some(value)) => fields.check(field, parse(&value)),
    }
}

/// A member that may be absent, `null` (clear it) or a value.
fn nullable<T>(
    fields: &mut Fields,
    field: &str,
    value: Option<Option<String>>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<Option<T>> {
    match value {
        None => None,
        Some(None) => Some(None),
        Some(Some(value)) => fields.check(field, parse(&value)).map(Some),
    }
}

fn parse_patch_status(value: &str) -> Result<EmployeeStatus, String> {
    match value.parse::<EmployeeStatus>()? {
        EmployeeStatus::Deactivated => Err(
            "cannot be set here; deactivate with POST /api/v1/hr/employees/{id}/deactivate"
                .to_owned(),
        ),
        status => Ok(status),
    }
}

impl TryFrom<PatchEmployeeRequest> for EmployeeChanges {
    type Error = Rejection;

    fn try_from(r: PatchEmployeeRequest) -> Result<Self, Rejection> {
        let mut f = Fields::new();
        let changes = EmployeeChanges {
            full_name: not_null(&mut f, "full_name", r.full_name, FullName::parse),
            role: not_null(&mut f, "role", r.role, |v| parse_code(v, Role::CODES)),
            site: nullable(&mut f, "site", r.site, |v| parse_code(v, Site::CODES)),
            program: nullable(&mut f, "program", r.program, |v| {
                parse_code(v, Program::CODES)
            }),
            team_id: nullable(&mut f, "team_id", r.team_id, parse_uuid),
            education_level: not_null(&mut f, "education_level", r.education_level, |v| {
                parse_code(v, EducationLevel::CODES)
            }),
            education_field: not_null(
                &mut f,
                "education_field",
                r.education_field,
                parse_education_field,
            ),
            status: not_null(&mut f, "status", r.status, parse_patch_status),
        };
        f.finish(Some(changes))
    }
}

/// Filters and page of the employee list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct EmployeeListQuery {
    /// Only this site.
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    /// Only this role.
    #[param(schema_with = tam_auth::openapi::role)]
    pub role: Option<String>,
    /// Only the agents of this team (id).
    #[serde(alias = "team_id")]
    #[param(value_type = Option<uuid::Uuid>)]
    pub team: Option<String>,
    /// Only this status.
    #[param(schema_with = schema::status)]
    pub status: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(schema_with = tam_auth::openapi::limit)]
    pub limit: Option<String>,
    /// The `next_cursor` of the previous page.
    #[param(schema_with = tam_auth::openapi::cursor)]
    pub cursor: Option<String>,
}

impl EmployeeListQuery {
    fn parse(self) -> Result<(EmployeeFilter, Limit, Option<Cursor>), Rejection> {
        let mut f = Fields::new();
        let site = optional(&mut f, "site", self.site.as_deref(), |v| {
            parse_code(v, Site::CODES)
        });
        let role = optional(&mut f, "role", self.role.as_deref(), |v| {
            parse_code(v, Role::CODES)
        });
        let team_id = optional(&mut f, "team", self.team.as_deref(), parse_uuid);
        let status = optional(&mut f, "status", self.status.as_deref(), |v| v.parse());
        let page = parse_page(&mut f, self.limit.as_deref(), self.cursor);
        let parsed = (|| {
            let (limit, cursor) = page?;
            Some((
                EmployeeFilter {
                    site: site?,
                    role: role?,
                    team_id: team_id?,
                    status: status?,
                },
                limit,
                cursor,
            ))
        })();
        f.finish(parsed)
    }
}

/// A one-time activation code: shown only in this answer, to hand to the employee, who
/// sets their first password with it (`POST /api/v1/auth/activate`).
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct ActivationBody {
    /// Single use; only its hash is stored.
    pub code: String,
    /// After this the code opens nothing; a new one is issued with
    /// `POST /api/v1/hr/employees/{id}/activation`.
    pub expires_at: DateTime<Utc>,
}

impl From<ActivationCode> for ActivationBody {
    fn from(a: ActivationCode) -> Self {
        Self {
            code: a.code,
            expires_at: a.expires_at,
        }
    }
}

/// A new employee, and the activation code of their account.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct CreatedEmployeeBody {
    #[serde(flatten)]
    pub employee: EmployeeBody,
    pub activation: ActivationBody,
}

fn created(hired: Hired) -> HttpResponse {
    HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/hr/employees/{}", hired.employee.id),
        ))
        // The answer holds a secret.
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CreatedEmployeeBody {
            employee: EmployeeBody::from(hired.employee),
            activation: hired.activation.into(),
        })
}

/// Hire an employee.
///
/// The caller may create only the roles the grant table gives them (403 otherwise). No
/// password is set: the answer carries a one-time activation code to hand to the
/// employee, who sets their first password with `POST /api/v1/auth/activate`.
/// 400 names every invalid field; 422 `program-not-at-site`, `team-not-found`,
/// `team-mismatch`; 409 for a taken nik or username. Publishes `hr.employee.created`,
/// and `hr.role.granted` for an all-site or supervisory role.
#[utoipa::path(
    post,
    path = "/api/v1/hr/employees",
    tag = "employees",
    security(("bearer" = [])),
    request_body = CreateEmployeeRequest,
    responses(
        (status = 201, body = CreatedEmployeeBody),
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
    body: web::Json<CreateEmployeeRequest>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let new = NewEmployee::try_from(body.into_inner())?;
    let hired = employees::create(&hr, &request, new).await?;
    Ok(created(hired))
}

/// List the employees the caller sees, oldest first.
///
/// All-site roles see everyone; site roles their site; a team leader their team and
/// themself; an agent themself.
#[utoipa::path(
    get,
    path = "/api/v1/hr/employees",
    tag = "employees",
    security(("bearer" = [])),
    params(EmployeeListQuery),
    responses(
        (status = 200, body = EmployeePage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<EmployeeListQuery>,
) -> Result<web::Json<EmployeePage>, Problem> {
    let request = super::request(&caller, &req);
    let (filter, limit, cursor) = query.into_inner().parse()?;
    let page = employees::list(&hr, &request, filter, cursor, limit).await?;
    Ok(web::Json(EmployeePage {
        items: page.items.into_iter().map(EmployeeBody::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One employee (404 when outside the caller's scope).
#[utoipa::path(
    get,
    path = "/api/v1/hr/employees/{id}",
    tag = "employees",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "employee id")),
    responses(
        (status = 200, body = EmployeeBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<EmployeeBody>, Problem> {
    let request = super::request(&caller, &req);
    let employee = employees::get(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(employee.into()))
}

/// Change an employee.
///
/// The grant table decides whom the caller may change and what they may make of them
/// (403): e.g. a supervisor_ops changes only agents and team leaders of their site and
/// keeps them there; HR does not change or make administrators or managers. Nobody
/// changes their own role, site, team, program or status (403). Giving an all-site or
/// supervisory role publishes `hr.role.granted`. 422
/// `leads-a-team` when the change would leave a team without a fitting leader.
/// Suspending ends the employee's sessions. Publishes `hr.employee.updated` when a
/// roster field changed.
#[utoipa::path(
    patch,
    path = "/api/v1/hr/employees/{id}",
    tag = "employees",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "employee id")),
    request_body = PatchEmployeeRequest,
    responses(
        (status = 200, body = EmployeeBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn update(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<PatchEmployeeRequest>,
) -> Result<web::Json<EmployeeBody>, Problem> {
    let request = super::request(&caller, &req);
    let changes = EmployeeChanges::try_from(body.into_inner())?;
    let employee = employees::update(&hr, &request, id.into_inner(), changes).await?;
    Ok(web::Json(employee.into()))
}

/// Deactivate an employee: they can no longer log in and their sessions end.
///
/// 409 when already deactivated; 422 `leads-a-team` for a leader of a team.
/// Publishes `hr.employee.deactivated`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/employees/{id}/deactivate",
    tag = "employees",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "employee id")),
    responses(
        (status = 200, body = EmployeeBody),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn deactivate(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<EmployeeBody>, Problem> {
    let request = super::request(&caller, &req);
    let employee = employees::deactivate(&hr, &request, id.into_inner()).await?;
    Ok(web::Json(employee.into()))
}

/// Issue a new activation code for an employee who has not set a password yet.
///
/// For when the first code expired or was lost; the earlier code stops working. The
/// caller must be one who may create such an employee (403 otherwise); 409 when the
/// account is already activated or deactivated.
#[utoipa::path(
    post,
    path = "/api/v1/hr/employees/{id}/activation",
    tag = "employees",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "employee id")),
    responses(
        (status = 201, body = ActivationBody),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn reissue_activation(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let code = activation::reissue(&hr, &request, id.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ActivationBody::from(code)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_patch_statuses_are_those_a_patch_sets() {
        let doc = serde_json::to_value(schema::patch_status()).unwrap();
        let documented: Vec<&str> = doc["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for code in EmployeeStatus::CODES {
            assert_eq!(
                documented.contains(code),
                parse_patch_status(code).is_ok(),
                "{code}"
            );
        }
    }

    fn valid() -> CreateEmployeeRequest {
        CreateEmployeeRequest {
            nik: Some("2024001".into()),
            full_name: Some("Siti Rahmawati".into()),
            username: Some("siti.r".into()),
            role: Some("agent".into()),
            site: Some("medan".into()),
            program: Some("add_on_consumer".into()),
            team_id: None,
            birth_date: Some("1999-04-02".into()),
            education_level: Some("D3".into()),
            education_field: Some("Manajemen".into()),
            hire_date: Some("2025-01-06".into()),
        }
    }

    fn errors(rejection: Rejection) -> Vec<String> {
        match rejection {
            Rejection::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn a_valid_request_parses() {
        let new = NewEmployee::try_from(valid()).unwrap();
        assert_eq!(new.assignment.role, Role::Agent);
        assert_eq!(new.assignment.site, Some(Site::Medan));
        assert_eq!(new.username.as_str(), "siti.r");
    }

    #[test]
    fn every_bad_field_is_named() {
        let request = CreateEmployeeRequest {
            nik: Some("12a".into()),
            username: Some("Siti R".into()),
            role: Some("boss".into()),
            site: Some("jakarta".into()),
            birth_date: Some("02/04/1999".into()),
            education_level: Some("s1".into()),
            ..Default::default()
        };
        let fields = errors(NewEmployee::try_from(request).unwrap_err());
        assert_eq!(
            fields,
            [
                "nik",
                "full_name",
                "username",
                "role",
                "site",
                "birth_date",
                "education_level",
                "education_field",
                "hire_date",
            ]
        );
    }

    #[test]
    fn shape_rules_of_the_assignment_are_field_errors() {
        let request = CreateEmployeeRequest {
            site: None,
            program: None,
            ..valid()
        };
        assert_eq!(
            errors(NewEmployee::try_from(request).unwrap_err()),
            ["site", "program"]
        );
        let request = CreateEmployeeRequest {
            hire_date: Some("1990-01-01".into()),
            ..valid()
        };
        assert_eq!(
            errors(NewEmployee::try_from(request).unwrap_err()),
            ["hire_date"]
        );
        // The creator no longer sets a password: an old client sending one is told.
        assert!(serde_json::from_str::<CreateEmployeeRequest>(
            r#"{"username": "siti.r", "initial_password": "welcome-to-tam-1"}"#
        )
        .is_err());
    }

    #[test]
    fn patch_distinguishes_absent_null_and_value() {
        let body: PatchEmployeeRequest =
            serde_json::from_str(r#"{"team_id": null, "role": "team_leader"}"#).unwrap();
        let changes = EmployeeChanges::try_from(body).unwrap();
        assert_eq!(changes.team_id, Some(None));
        assert_eq!(changes.role, Some(Role::TeamLeader));
        assert_eq!(changes.site, None);

        let body: PatchEmployeeRequest =
            serde_json::from_str(r#"{"role": null, "status": "deactivated", "site": "x"}"#)
                .unwrap();
        assert_eq!(
            errors(EmployeeChanges::try_from(body).unwrap_err()),
            ["role", "site", "status"]
        );
        assert!(serde_json::from_str::<PatchEmployeeRequest>(r#"{"fullname": "x"}"#).is_err());
    }

    #[test]
    fn list_query_parses_filters_and_page() {
        let query = EmployeeListQuery {
            site: Some("bandung".into()),
            status: Some("active".into()),
            limit: Some("10".into()),
            ..Default::default()
        };
        let (filter, limit, cursor) = query.parse().unwrap();
        assert_eq!(filter.site, Some(Site::Bandung));
        assert_eq!(filter.status, Some(EmployeeStatus::Active));
        assert_eq!(limit.get(), 10);
        assert_eq!(cursor, None);

        let query = EmployeeListQuery {
            role: Some("boss".into()),
            team: Some("x".into()),
            limit: Some("0".into()),
            cursor: Some("zz".into()),
            ..Default::default()
        };
        assert_eq!(
            errors(query.parse().unwrap_err()),
            ["role", "team", "limit", "cursor"]
        );
    }
}
