//! hr's HTTP API: routes (the pattern strings are exactly those of its `policy::ROUTES`),
//! request and response types, and the OpenAPI document.

pub mod activation;
pub mod applicants;
pub mod attendance;
pub mod auth;
pub mod caplan;
pub mod certification;
pub mod contracts;
pub mod employees;
pub mod error;
pub mod evaluation;
pub mod hiring;
pub mod pembinaan;
pub mod requisitions;
pub mod schema;
pub mod teams;
pub mod training;

use actix_web::web;
use tam_auth::openapi::BearerAuth;
use utoipa::OpenApi;

/// The JWK set served at `/api/v1/auth/jwks`.
#[derive(Debug, Clone)]
pub struct Jwks(pub serde_json::Value);

/// Registers every route of hr.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/auth/login", web::post().to(auth::login))
        .route("/api/v1/hr/evaluations", web::get().to(evaluation::list))
        .route(
            "/api/v1/hr/evaluations/export",
            web::get().to(evaluation::export),
        )
        .route(
            "/api/v1/hr/evaluations/adjustments",
            web::get().to(evaluation::adjustments),
        )
        .route(
            "/api/v1/hr/evaluations/{id}/review",
            web::post().to(evaluation::review),
        )
        .route(
            "/api/v1/hr/evaluations/{id}/approve",
            web::post().to(evaluation::approve),
        )
        .route(
            "/api/v1/hr/evaluations/{id}/lock",
            web::post().to(evaluation::lock),
        )
        .route(
            "/api/v1/hr/incentive-tables/{program}",
            web::put().to(evaluation::put_table),
        )
        .route(
            "/api/v1/hr/incentive-tables/{program}",
            web::get().to(evaluation::get_table),
        )
        .route(
            "/api/v1/auth/password",
            web::post().to(auth::change_password),
        )
        .route("/api/v1/auth/refresh", web::post().to(auth::refresh))
        .route("/api/v1/auth/logout", web::post().to(auth::logout))
        .route(
            "/api/v1/auth/activate",
            web::post().to(activation::activate),
        )
        .route("/api/v1/auth/me", web::get().to(auth::me))
        .route("/api/v1/auth/logout-all", web::post().to(auth::logout_all))
        .route(
            "/api/v1/hr/employees/{id}/logout-all",
            web::post().to(auth::logout_employee),
        )
        .route("/api/v1/auth/jwks", web::get().to(auth::jwks))
        .route(
            "/api/v1/hr/shifts",
            web::post().to(attendance::create_shift),
        )
        .route("/api/v1/hr/shifts", web::get().to(attendance::shifts))
        .route("/api/v1/hr/rosters", web::post().to(attendance::assign))
        .route(
            "/api/v1/hr/attendance/check-in",
            web::post().to(attendance::check_in),
        )
        .route(
            "/api/v1/hr/attendance/check-out",
            web::post().to(attendance::check_out),
        )
        .route(
            "/api/v1/hr/attendance/corrections",
            web::post().to(attendance::correct),
        )
        .route("/api/v1/hr/attendance", web::get().to(attendance::list))
        .route("/api/v1/hr/attendance/me", web::get().to(attendance::mine))
        .route(
            "/api/v1/hr/attendance/policies",
            web::get().to(attendance::policies),
        )
        .route(
            "/api/v1/hr/attendance/policies",
            web::post().to(attendance::set_policy),
        )
        .route(
            "/api/v1/hr/warning-letters",
            web::post().to(pembinaan::issue),
        )
        .route(
            "/api/v1/hr/warning-letters",
            web::get().to(pembinaan::letters),
        )
        .route(
            "/api/v1/hr/warning-letters/{id}/acknowledge",
            web::post().to(pembinaan::acknowledge),
        )
        .route(
            "/api/v1/hr/warning-letters/{id}/decision",
            web::post().to(pembinaan::decide),
        )
        .route(
            "/api/v1/hr/warning-letters/{id}/revoke",
            web::post().to(pembinaan::revoke),
        )
        .route(
            "/api/v1/hr/termination-reviews",
            web::get().to(pembinaan::reviews),
        )
        .route(
            "/api/v1/hr/termination-reviews/{id}/decision",
            web::post().to(pembinaan::decide_review),
        )
        .route(
            "/api/v1/hr/coaching",
            web::post().to(pembinaan::record_coaching),
        )
        .route("/api/v1/hr/coaching", web::get().to(pembinaan::coaching))
        .route(
            "/api/v1/hr/coaching/{id}/close",
            web::post().to(pembinaan::close_plan),
        )
        .route("/api/v1/hr/employees", web::post().to(employees::create))
        .route("/api/v1/hr/employees", web::get().to(employees::list))
        .route("/api/v1/hr/employees/{id}", web::get().to(employees::get))
        .route(
            "/api/v1/hr/employees/{id}",
            web::patch().to(employees::update),
        )
        .route(
            "/api/v1/hr/employees/{id}/deactivate",
            web::post().to(employees::deactivate),
        )
        .route(
            "/api/v1/hr/employees/{id}/activation",
            web::post().to(employees::reissue_activation),
        )
        .route("/api/v1/hr/caplan", web::post().to(caplan::revise))
        .route("/api/v1/hr/caplan", web::get().to(caplan::list))
        .route("/api/v1/hr/sdm", web::get().to(caplan::fulfilment))
        .route(
            "/api/v1/hr/requisitions",
            web::post().to(requisitions::open),
        )
        .route("/api/v1/hr/requisitions", web::get().to(requisitions::list))
        .route(
            "/api/v1/hr/requisitions/{id}",
            web::get().to(requisitions::get),
        )
        .route(
            "/api/v1/hr/requisitions/{id}/cancel",
            web::post().to(requisitions::cancel),
        )
        .route("/api/v1/hr/teams", web::post().to(teams::create))
        .route("/api/v1/hr/teams", web::get().to(teams::list))
        .route("/api/v1/hr/teams/{id}", web::get().to(teams::get))
        .route("/api/v1/hr/applicants", web::post().to(applicants::create))
        .route("/api/v1/hr/applicants", web::get().to(applicants::list))
        .route("/api/v1/hr/applicants/{id}", web::get().to(applicants::get))
        .route(
            "/api/v1/hr/applicants/{id}/tests",
            web::post().to(applicants::record_test),
        )
        .route(
            "/api/v1/hr/applicants/{id}/stage",
            web::post().to(applicants::move_stage),
        )
        .route(
            "/api/v1/hr/applicants/{id}/eligibility",
            web::get().to(applicants::eligibility),
        )
        .route(
            "/api/v1/hr/applicants/{id}/hire",
            web::post().to(hiring::hire),
        )
        .route(
            "/api/v1/hr/training/classes",
            web::post().to(training::create),
        )
        .route("/api/v1/hr/training/classes", web::get().to(training::list))
        .route(
            "/api/v1/hr/training/classes/{id}",
            web::get().to(training::get),
        )
        .route(
            "/api/v1/hr/training/classes/{id}/enrollments",
            web::post().to(training::enroll),
        )
        .route(
            "/api/v1/hr/training/classes/{id}/attendance",
            web::post().to(training::attendance),
        )
        .route(
            "/api/v1/hr/training/classes/{id}/scores",
            web::post().to(training::score),
        )
        .route(
            "/api/v1/hr/certifications",
            web::post().to(certification::record_prior),
        )
        .route(
            "/api/v1/hr/certifications",
            web::get().to(certification::list),
        )
        .route(
            "/api/v1/hr/certifications/expiring",
            web::get().to(certification::expiring),
        )
        .route(
            "/api/v1/hr/certifications/{id}/revoke",
            web::post().to(certification::revoke),
        )
        .route(
            "/api/v1/hr/employees/{id}/contracts",
            web::get().to(contracts::list),
        )
        .route(
            "/api/v1/hr/employees/{id}/contracts",
            web::post().to(contracts::add),
        )
        .route(
            "/api/v1/hr/contracts/ending",
            web::get().to(contracts::ending),
        )
        .route(
            "/api/v1/hr/contracts/{id}/review",
            web::get().to(contracts::review),
        )
        .route(
            "/api/v1/hr/contracts/{id}/decision",
            web::post().to(contracts::propose),
        )
        .route(
            "/api/v1/hr/contracts/{id}/decision/confirm",
            web::post().to(contracts::confirm),
        );
}

pub(crate) use tam_runtime::request;

/// hr's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam hr",
        description = "Employees (the users), teams, identity and login."
    ),
    paths(
        auth::login,
        auth::change_password,
        auth::refresh,
        auth::logout,
        activation::activate,
        auth::me,
        auth::logout_all,
        auth::logout_employee,
        auth::jwks,
        attendance::create_shift,
        attendance::shifts,
        attendance::assign,
        attendance::check_in,
        attendance::check_out,
        attendance::correct,
        attendance::list,
        attendance::mine,
        attendance::policies,
        attendance::set_policy,
        pembinaan::issue,
        pembinaan::letters,
        pembinaan::acknowledge,
        pembinaan::decide,
        pembinaan::revoke,
        pembinaan::reviews,
        pembinaan::decide_review,
        pembinaan::record_coaching,
        pembinaan::coaching,
        pembinaan::close_plan,
        employees::create,
        employees::list,
        employees::get,
        employees::update,
        employees::deactivate,
        employees::reissue_activation,
        teams::create,
        teams::list,
        teams::get,
        applicants::create,
        applicants::list,
        applicants::get,
        applicants::record_test,
        applicants::move_stage,
        applicants::eligibility,
        hiring::hire,
        caplan::revise,
        caplan::list,
        caplan::fulfilment,
        requisitions::open,
        requisitions::list,
        requisitions::get,
        requisitions::cancel,
        training::create,
        training::list,
        training::get,
        training::enroll,
        training::attendance,
        training::score,
        certification::record_prior,
        certification::list,
        certification::expiring,
        certification::revoke,
        evaluation::list,
        evaluation::export,
        evaluation::adjustments,
        evaluation::review,
        evaluation::approve,
        evaluation::lock,
        evaluation::put_table,
        evaluation::get_table,
        contracts::list,
        contracts::add,
        contracts::ending,
        contracts::review,
        contracts::propose,
        contracts::confirm,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "login, tokens and the caller's own record"),
        (name = "employees", description = "employees, who are the users"),
        (name = "teams", description = "teams of agents under a team leader"),
        (name = "recruitment", description = "applicants, manual §2.1's hiring rules, the pipeline and hiring"),
        (name = "attendance", description = "shifts, rosters, check-in and check-out, corrections and the check-in-before-calling policy"),
        (name = "pembinaan", description = "coaching and counseling, warning letters SP1 → SP2 → SP3 and termination reviews"),
        (name = "caplan", description = "the capacity plan (CAPLAN) and SDM fulfilment"),
        (name = "requisitions", description = "requisitions: the people recruitment must find"),
        (name = "training", description = "training classes and the certifications that let agents call"),
        (name = "evaluations", description = "the monthly evaluation for incentives, its incentive tables and the payroll export"),
        (name = "contracts", description = "employment contracts, those ending soon and the extension decision"),
    )
)]
pub struct ApiDoc;
