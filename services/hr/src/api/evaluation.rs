//! `/api/v1/hr/evaluations` (the monthly evaluation for incentives, its steps and the
//! payroll export) and `/api/v1/hr/incentive-tables/{program}` (the tier tables).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Problem, Program, Site};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::Object;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::schema::{self, ProblemBody};
use crate::app::evaluation::{self, ExportRow};
use crate::app::Hr;
use crate::domain::caplan::parse_month;
use crate::domain::employee::parse_code;
use crate::domain::evaluation::{Evaluation, Status, Step};
use crate::domain::incentive::{IncentiveTable, PembinaanRule, Tier, TierReason};
use crate::domain::{Fields, Rejection};
use crate::store::evaluations::Adjustment;

fn month() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some(r"^[0-9]{4}-(0[1-9]|1[0-2])$"))
        .description(Some("a month, YYYY-MM"))
        .build()
}

fn status() -> Object {
    tam_auth::openapi::codes(Status::CODES, "evaluation status")
}

fn tier_reason() -> Object {
    tam_auth::openapi::codes(TierReason::CODES, "why the tier is what it is")
}

fn export_format() -> Object {
    tam_auth::openapi::codes(&["csv", "xlsx"], "csv or xlsx")
}

/// One agent's evaluation of one month.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EvaluationBody {
    pub id: Uuid,
    pub employee_id: Uuid,
    /// The month, YYYY-MM.
    #[schema(schema_with = month)]
    pub month: String,
    #[schema(schema_with = schema::site)]
    pub site: Site,
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub team_id: Option<Uuid>,
    /// VALID AGREE calls of the month by their latest revision.
    pub validated_sales: u32,
    /// Corrections of approved months landing on this one.
    pub adjustment: i32,
    /// What the tier reads: validated sales plus the adjustment.
    pub payable_sales: i64,
    /// AGREE calls judged in the month.
    pub agree_total: u32,
    /// The Quality Validation Score: valid ÷ total AGREE, percent; null without any.
    pub quality_score: Option<f64>,
    pub rostered_days: u32,
    pub present_days: u32,
    pub late_days: u32,
    /// Warning letters in force on the month's last day.
    pub letters_in_force: u32,
    /// In pembinaan on the month's last day.
    pub in_pembinaan: bool,
    /// The incentive table version used; null without a table.
    pub table_version: Option<u32>,
    /// The tier; null when none.
    pub tier: Option<String>,
    #[schema(schema_with = tier_reason)]
    pub tier_reason: String,
    #[schema(schema_with = status)]
    pub status: String,
    pub computed_at: DateTime<Utc>,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub approved_by: Option<Uuid>,
    pub approved_at: Option<DateTime<Utc>>,
    pub locked_by: Option<Uuid>,
    pub locked_at: Option<DateTime<Utc>>,
}

impl From<Evaluation> for EvaluationBody {
    fn from(e: Evaluation) -> Self {
        Self {
            id: e.id,
            employee_id: e.employee_id,
            month: e.month.format("%Y-%m").to_string(),
            site: e.site,
            program: e.program,
            team_id: e.team_id,
            payable_sales: e.payable_sales(),
            validated_sales: e.validated_sales,
            adjustment: e.adjustment,
            agree_total: e.agree_total,
            quality_score: e.quality_score,
            rostered_days: e.rostered_days,
            present_days: e.present_days,
            late_days: e.late_days,
            letters_in_force: e.letters_in_force,
            in_pembinaan: e.in_pembinaan,
            table_version: e.table_version,
            tier: e.tier,
            tier_reason: e.tier_reason.as_str().to_owned(),
            status: e.status.as_str().to_owned(),
            computed_at: e.computed_at,
            reviewed_by: e.reviewed_by,
            reviewed_at: e.reviewed_at,
            approved_by: e.approved_by,
            approved_at: e.approved_at,
            locked_by: e.locked_by,
            locked_at: e.locked_at,
        }
    }
}

/// Evaluations.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct EvaluationList {
    pub items: Vec<EvaluationBody>,
}

/// Filters of the evaluation list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct EvaluationQuery {
    /// Only this month.
    #[param(schema_with = month)]
    pub month: Option<String>,
    /// Only this site.
    #[param(schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    /// Only this agent.
    #[param(value_type = Option<Uuid>)]
    pub employee: Option<String>,
    /// Only this status.
    #[param(schema_with = status)]
    pub status: Option<String>,
}

fn parse_uuid(v: &str) -> Result<Uuid, String> {
    Uuid::parse_str(v).map_err(|_| "must be a UUID".to_owned())
}

fn parse_status(v: &str) -> Result<Status, String> {
    Status::parse(v).ok_or_else(|| format!("must be one of {}", Status::CODES.join(", ")))
}

/// The evaluations the caller sees: an agent their own, a team leader their teams', a
/// supervisor_ops their site's, HR, managers and coordinators all. Newest month first.
/// The month before today's (WIB) is computed first if it was not yet.
#[utoipa::path(
    get,
    path = "/api/v1/hr/evaluations",
    tag = "evaluations",
    security(("bearer" = [])),
    params(EvaluationQuery),
    responses(
        (status = 200, body = EvaluationList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn list(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<EvaluationQuery>,
) -> Result<web::Json<EvaluationList>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let month = q.month.as_deref().map(|v| f.check("month", parse_month(v)));
    let site = q
        .site
        .as_deref()
        .map(|v| f.check("site", parse_code(v, Site::CODES)));
    let employee = q
        .employee
        .as_deref()
        .map(|v| f.check("employee", parse_uuid(v)));
    let status = q
        .status
        .as_deref()
        .map(|v| f.check("status", parse_status(v)));
    f.finish(Some(()))?;
    let items = evaluation::list(
        &hr,
        &request,
        month.flatten(),
        site.flatten(),
        employee.flatten(),
        status.flatten(),
    )
    .await?;
    Ok(web::Json(EvaluationList {
        items: items.into_iter().map(EvaluationBody::from).collect(),
    }))
}

async fn step(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
    step: Step,
) -> Result<web::Json<EvaluationBody>, Problem> {
    let request = super::request(&caller, &req);
    let e = evaluation::take_step(&hr, &request, id.into_inner(), step).await?;
    Ok(web::Json(e.into()))
}

/// Review a computed evaluation: the team leader of the agent's team or a
/// supervisor_ops of its site (403 otherwise). 422 `evaluation-not-ready` when it is
/// not computed, `evaluation-locked` when locked; 404 outside the caller's scope.
#[utoipa::path(
    post,
    path = "/api/v1/hr/evaluations/{id}/review",
    tag = "evaluations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "evaluation id")),
    responses(
        (status = 200, body = EvaluationBody),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn review(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<EvaluationBody>, Problem> {
    step(caller, hr, req, id, Step::Review).await
}

/// Approve a reviewed evaluation: a supervisor_ops of its site (403 otherwise). From
/// now its figures are final: a verdict correction of its calls lands on a later month
/// as an adjustment. 422 `evaluation-not-ready` when not reviewed, `evaluation-locked`
/// when locked. Publishes `hr.evaluation.approved`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/evaluations/{id}/approve",
    tag = "evaluations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "evaluation id")),
    responses(
        (status = 200, body = EvaluationBody),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn approve(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<EvaluationBody>, Problem> {
    step(caller, hr, req, id, Step::Approve).await
}

/// Lock an approved evaluation for payroll: HR (hr_recruiter) or a manager. A locked
/// evaluation never changes (422 `evaluation-locked` for any further step). 422
/// `evaluation-not-ready` when not approved. Publishes `hr.evaluation.locked`.
#[utoipa::path(
    post,
    path = "/api/v1/hr/evaluations/{id}/lock",
    tag = "evaluations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "evaluation id")),
    responses(
        (status = 200, body = EvaluationBody),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn lock(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<web::Json<EvaluationBody>, Problem> {
    step(caller, hr, req, id, Step::Lock).await
}

/// A correction of an approved month's call, landing on a later month.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct AdjustmentBody {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub call_id: Uuid,
    /// The approved month the call counts in, YYYY-MM.
    #[schema(schema_with = month)]
    pub from_month: String,
    /// The month it lands on, YYYY-MM.
    #[schema(schema_with = month)]
    pub to_month: String,
    /// +1 or -1 validated sales.
    pub delta: i32,
    /// The verdict revision that made it.
    pub revision: i32,
    pub created_at: DateTime<Utc>,
}

impl From<Adjustment> for AdjustmentBody {
    fn from(a: Adjustment) -> Self {
        Self {
            id: a.id,
            employee_id: a.employee_id,
            call_id: a.call_id,
            from_month: a.from_month.format("%Y-%m").to_string(),
            to_month: a.to_month.format("%Y-%m").to_string(),
            delta: a.delta,
            revision: a.revision,
            created_at: a.created_at,
        }
    }
}

/// Adjustments.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct AdjustmentList {
    pub items: Vec<AdjustmentBody>,
}

/// Whose adjustments landing on which month.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct AdjustmentQuery {
    /// The agent.
    #[param(required = true, value_type = Uuid)]
    pub employee: Option<String>,
    /// The month they land on.
    #[param(required = true, schema_with = month)]
    pub month: Option<String>,
}

/// The adjustments landing on an agent's month (the agent in the caller's scope, else
/// an empty list): corrections of approved months, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/hr/evaluations/adjustments",
    tag = "evaluations",
    security(("bearer" = [])),
    params(AdjustmentQuery),
    responses(
        (status = 200, body = AdjustmentList),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn adjustments(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<AdjustmentQuery>,
) -> Result<web::Json<AdjustmentList>, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let employee = f.required("employee", q.employee.as_deref(), parse_uuid);
    let month = f.required("month", q.month.as_deref(), parse_month);
    let (employee, month) = f.finish((|| Some((employee?, month?)))())?;
    let items = evaluation::adjustments(&hr, &request, employee, month).await?;
    Ok(web::Json(AdjustmentList {
        items: items.into_iter().map(AdjustmentBody::from).collect(),
    }))
}

/// The month and site to export, and the file's format.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    #[param(required = true, schema_with = month)]
    pub month: Option<String>,
    #[param(required = true, schema_with = tam_auth::openapi::site)]
    pub site: Option<String>,
    #[param(required = true, schema_with = export_format)]
    pub format: Option<String>,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The columns of the payroll file.
const COLUMNS: [&str; 15] = [
    "month",
    "site",
    "program",
    "nik",
    "full_name",
    "employee_id",
    "validated_sales",
    "adjustment",
    "payable_sales",
    "quality_score",
    "present_days",
    "rostered_days",
    "late_days",
    "in_pembinaan",
    "tier",
];

fn cells(r: &ExportRow) -> [String; 15] {
    let e = &r.evaluation;
    [
        e.month.format("%Y-%m").to_string(),
        e.site.as_str().to_owned(),
        e.program.as_str().to_owned(),
        r.nik.clone(),
        r.full_name.clone(),
        e.employee_id.to_string(),
        e.validated_sales.to_string(),
        e.adjustment.to_string(),
        e.payable_sales().to_string(),
        e.quality_score
            .map(|s| format!("{s:.2}"))
            .unwrap_or_default(),
        e.present_days.to_string(),
        e.rostered_days.to_string(),
        e.late_days.to_string(),
        e.in_pembinaan.to_string(),
        e.tier.clone().unwrap_or_default(),
    ]
}

fn csv_file(rows: &[ExportRow]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record(cells(r))?;
    }
    Ok(w.into_inner()?)
}

fn xlsx_file(rows: &[ExportRow]) -> anyhow::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("evaluations")?;
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string(0, u16::try_from(c)?, *name)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1)?;
        let e = &r.evaluation;
        for (c, value) in cells(r).iter().enumerate() {
            let col = u16::try_from(c)?;
            // Figures as numbers, so payroll sums them.
            match COLUMNS[c] {
                "validated_sales" => sheet.write_number(row, col, f64::from(e.validated_sales))?,
                "adjustment" => sheet.write_number(row, col, f64::from(e.adjustment))?,
                "payable_sales" => sheet.write_number(row, col, e.payable_sales() as f64)?,
                "present_days" => sheet.write_number(row, col, f64::from(e.present_days))?,
                "rostered_days" => sheet.write_number(row, col, f64::from(e.rostered_days))?,
                "late_days" => sheet.write_number(row, col, f64::from(e.late_days))?,
                "quality_score" if e.quality_score.is_some() => {
                    sheet.write_number(row, col, e.quality_score.unwrap_or_default())?
                }
                _ => sheet.write_string(row, col, value)?,
            };
        }
    }
    Ok(book.save_to_buffer()?)
}

fn parse_format(v: &str) -> Result<&'static str, String> {
    match v {
        "csv" => Ok("csv"),
        "xlsx" => Ok("xlsx"),
        _ => Err("must be csv or xlsx".to_owned()),
    }
}

/// The approved evaluations of a site's month for payroll, as CSV or XLSX (an
/// attachment named `evaluations-<site>-<YYYY-MM>.<format>`): one row per agent with
/// NIK, name, validated sales, adjustment, payable sales, score, attendance and tier.
/// 422 `month-not-approved` while any evaluation of the month is not approved (or
/// there are none); a supervisor_ops exports their own site only (others: 422 too, as
/// they see none).
#[utoipa::path(
    get,
    path = "/api/v1/hr/evaluations/export",
    tag = "evaluations",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "the payroll file", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn export(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    let q = query.into_inner();
    let mut f = Fields::new();
    let month = f.required("month", q.month.as_deref(), parse_month);
    let site = f.required("site", q.site.as_deref(), |v| parse_code(v, Site::CODES));
    let format = f.required("format", q.format.as_deref(), parse_format);
    let (month, site, format): (NaiveDate, Site, &str) =
        f.finish((|| Some((month?, site?, format?)))())?;
    let rows = evaluation::export(&hr, &request, month, site).await?;
    let (body, content_type) = if format == "csv" {
        (csv_file(&rows), "text/csv")
    } else {
        (xlsx_file(&rows), XLSX)
    };
    let body = body.map_err(|e| Problem::from(crate::Error::Internal(e)))?;
    let filename = format!(
        "evaluations-{}-{}.{format}",
        site.as_str(),
        month.format("%Y-%m")
    );
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .body(body))
}

/// One tier of an incentive table.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TierBody {
    /// The tier's code (what payroll pays by).
    #[schema(pattern = r"^[a-z0-9_-]{1,32}$")]
    pub code: String,
    /// At least this many validated sales (after adjustments).
    #[schema(maximum = 100000)]
    pub min_validated_sales: u32,
    /// At least this Quality Validation Score, percent.
    #[schema(minimum = 0, maximum = 100)]
    pub min_score: Option<f64>,
    /// At most this many late arrivals.
    #[schema(maximum = 31)]
    pub max_late_days: Option<u32>,
    /// At least this share of rostered days present, percent.
    #[schema(minimum = 0, maximum = 100)]
    pub min_attendance_percent: Option<f64>,
}

/// What an agent in pembinaan gets.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PembinaanRuleCode {
    /// At most the tier `pembinaan_cap`.
    Cap,
    /// No tier.
    Exclude,
}

/// A new version of a program's incentive table.
#[derive(Debug, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
#[serde(deny_unknown_fields)]
pub struct TableRequest {
    /// The tiers, the best first (each asks no fewer validated sales than the next).
    #[schema(min_items = 1, max_items = 20)]
    pub tiers: Vec<TierBody>,
    pub pembinaan_rule: PembinaanRuleCode,
    /// The tier an agent in pembinaan is capped at (with `cap`; one of the tiers).
    #[schema(pattern = r"^[a-z0-9_-]{1,32}$")]
    pub pembinaan_cap: Option<String>,
}

/// A program's incentive table, one version.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TableBody {
    #[schema(schema_with = schema::program)]
    pub program: Program,
    pub version: u32,
    pub tiers: Vec<TierBody>,
    pub pembinaan_rule: PembinaanRuleCode,
    pub pembinaan_cap: Option<String>,
    pub set_by: Uuid,
    pub set_at: DateTime<Utc>,
}

impl From<IncentiveTable> for TableBody {
    fn from(t: IncentiveTable) -> Self {
        let (rule, cap) = match t.pembinaan {
            PembinaanRule::Cap(code) => (PembinaanRuleCode::Cap, Some(code)),
            PembinaanRule::Exclude => (PembinaanRuleCode::Exclude, None),
        };
        Self {
            program: t.program,
            version: t.version,
            tiers: t
                .tiers
                .into_iter()
                .map(|t| TierBody {
                    code: t.code,
                    min_validated_sales: t.min_validated_sales,
                    min_score: t.min_score,
                    max_late_days: t.max_late_days,
                    min_attendance_percent: t.min_attendance_percent,
                })
                .collect(),
            pembinaan_rule: rule,
            pembinaan_cap: cap,
            set_by: t.set_by,
            set_at: t.set_at,
        }
    }
}

/// A program in the path: an unknown code is no such table (404), as for quality's
/// parameter sets.
fn parse_program(v: &str) -> Result<Program, crate::Error> {
    parse_code(v, Program::CODES).map_err(|_| crate::Error::NotFound("program"))
}

/// Set a program's incentive table (a manager): a new version, used by the
/// evaluations computed from now on (those computed keep theirs). 422
/// `invalid-incentive-table` naming what is wrong (tiers out of order, a duplicate
/// code, a score outside 0–100, a cap that is not one of the tiers or is missing).
#[utoipa::path(
    put,
    path = "/api/v1/hr/incentive-tables/{program}",
    tag = "evaluations",
    security(("bearer" = [])),
    params(("program" = String, Path, description = "the program (404 for an unknown code)")),
    request_body = TableRequest,
    responses(
        (status = 200, body = TableBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn put_table(
    caller: Caller,
    hr: web::Data<Hr>,
    req: HttpRequest,
    program: web::Path<String>,
    body: web::Json<TableRequest>,
) -> Result<web::Json<TableBody>, Problem> {
    let request = super::request(&caller, &req);
    let program = parse_program(&program)?;
    let body = body.into_inner();
    let pembinaan = match (body.pembinaan_rule, body.pembinaan_cap) {
        (PembinaanRuleCode::Cap, Some(code)) => PembinaanRule::Cap(code),
        (PembinaanRuleCode::Exclude, None) => PembinaanRule::Exclude,
        (PembinaanRuleCode::Cap, None) => {
            return Err(Rejection::rule(
                crate::domain::rules::INVALID_INCENTIVE_TABLE,
                "pembinaan_cap: the cap rule names the tier to cap at",
            )
            .into())
        }
        (PembinaanRuleCode::Exclude, Some(_)) => {
            return Err(Rejection::rule(
                crate::domain::rules::INVALID_INCENTIVE_TABLE,
                "pembinaan_cap: only the cap rule names a tier",
            )
            .into())
        }
    };
    let tiers = body
        .tiers
        .into_iter()
        .map(|t| Tier {
            code: t.code,
            min_validated_sales: t.min_validated_sales,
            min_score: t.min_score,
            max_late_days: t.max_late_days,
            min_attendance_percent: t.min_attendance_percent,
        })
        .collect();
    let table = evaluation::set_table(&hr, &request, program, tiers, pembinaan).await?;
    Ok(web::Json(table.into()))
}

/// A program's current incentive table (404 when it has none).
#[utoipa::path(
    get,
    path = "/api/v1/hr/incentive-tables/{program}",
    tag = "evaluations",
    security(("bearer" = [])),
    params(("program" = String, Path, description = "the program (404 for an unknown code)")),
    responses(
        (status = 200, body = TableBody),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn get_table(
    _caller: Caller,
    hr: web::Data<Hr>,
    program: web::Path<String>,
) -> Result<web::Json<TableBody>, Problem> {
    let program = parse_program(&program)?;
    Ok(web::Json(evaluation::table(&hr, program).await?.into()))
}
