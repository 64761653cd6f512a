//! One typed method per route of the merged OpenAPI (every row of the policy table),
//! with the services' own request and response types. Generated once from the
//! services' `#[utoipa::path]` annotations and kept by hand since; [`ROUTES`] names
//! each method's route, and a test holds it equal to the policy table.

use futures::Stream;
use reqwest::Method;

use crate::client::{
    json_body, query_string, seg, Body, Client, Download, Empty, Json, Maybe, Result, Upload,
};

/// Every route and the method that calls it: (HTTP method, path pattern as in the
/// policy table, method name).
pub const ROUTES: &[(&str, &str, &str)] = &[
    ("POST", "/api/v1/calling/calls", "calls_start"),
    ("GET", "/api/v1/calling/calls", "calls_list"),
    ("GET", "/api/v1/calling/calls/{id}", "calls_get"),
    (
        "POST",
        "/api/v1/calling/calls/{id}/result",
        "calls_record_result",
    ),
    (
        "POST",
        "/api/v1/calling/calls/{id}/abandon",
        "calls_abandon",
    ),
    (
        "GET",
        "/api/v1/calling/daily-counts",
        "calling_daily_counts",
    ),
    (
        "PUT",
        "/api/v1/calling/calls/{id}/recording",
        "recordings_put",
    ),
    (
        "GET",
        "/api/v1/calling/calls/{id}/recording",
        "recordings_get",
    ),
    ("POST", "/api/v1/helpdesk/cabut/cases", "cabut_file"),
    ("GET", "/api/v1/helpdesk/cabut/cases", "cabut_list"),
    ("GET", "/api/v1/helpdesk/cabut/cases/{id}", "cabut_get"),
    ("POST", "/api/v1/helpdesk/cabut/cases/claim", "cabut_claim"),
    (
        "POST",
        "/api/v1/helpdesk/cabut/cases/{id}/attempts",
        "cabut_attempt",
    ),
    (
        "POST",
        "/api/v1/helpdesk/cabut/cases/{id}/survey",
        "cabut_survey",
    ),
    ("GET", "/api/v1/helpdesk/cabut/reasons", "cabut_reasons"),
    ("PUT", "/api/v1/helpdesk/cabut/reasons", "cabut_put_reasons"),
    ("POST", "/api/v1/helpdesk/cabut/imports", "cabut_import"),
    (
        "GET",
        "/api/v1/helpdesk/cabut/imports/{id}",
        "cabut_get_import",
    ),
    ("GET", "/api/v1/helpdesk/cabut/stats", "cabut_stats"),
    ("GET", "/api/v1/helpdesk/calendars", "calendars_list"),
    ("PUT", "/api/v1/helpdesk/calendars/{code}", "calendars_put"),
    ("GET", "/api/v1/helpdesk/channels", "channels_list"),
    (
        "GET",
        "/api/v1/helpdesk/daily-counts",
        "helpdesk_daily_counts",
    ),
    ("POST", "/api/v1/helpdesk/disruptions", "disruptions_report"),
    (
        "GET",
        "/api/v1/helpdesk/disruptions/{id}",
        "disruptions_get",
    ),
    ("GET", "/api/v1/helpdesk/disruptions", "disruptions_list"),
    (
        "POST",
        "/api/v1/helpdesk/disruptions/{id}/status",
        "disruptions_status",
    ),
    (
        "POST",
        "/api/v1/helpdesk/disruptions/{id}/severity",
        "disruptions_severity",
    ),
    (
        "POST",
        "/api/v1/helpdesk/disruptions/{id}/updates",
        "disruptions_update",
    ),
    ("GET", "/api/v1/helpdesk/escalations", "escalations_list"),
    ("POST", "/api/v1/helpdesk/imports", "helpdesk_import"),
    (
        "GET",
        "/api/v1/helpdesk/imports/{id}",
        "helpdesk_import_get",
    ),
    (
        "GET",
        "/api/v1/helpdesk/issue-categories",
        "issues_categories",
    ),
    (
        "POST",
        "/api/v1/helpdesk/issue-categories",
        "issues_put_category",
    ),
    (
        "POST",
        "/api/v1/helpdesk/tickets/{id}/issues",
        "issues_open",
    ),
    (
        "POST",
        "/api/v1/helpdesk/issues/{id}/followups",
        "issues_follow_up",
    ),
    (
        "POST",
        "/api/v1/helpdesk/issues/{id}/resolve",
        "issues_resolve",
    ),
    ("GET", "/api/v1/helpdesk/sla-policies", "sla_policies_list"),
    (
        "PUT",
        "/api/v1/helpdesk/sla-policies",
        "sla_policies_replace",
    ),
    (
        "GET",
        "/api/v1/helpdesk/escalation-ladder",
        "sla_policies_ladder",
    ),
    (
        "PUT",
        "/api/v1/helpdesk/escalation-ladder",
        "sla_policies_replace_ladder",
    ),
    ("POST", "/api/v1/helpdesk/tickets", "tickets_open"),
    ("GET", "/api/v1/helpdesk/tickets/{id}", "tickets_get"),
    (
        "POST",
        "/api/v1/helpdesk/tickets/{id}/status",
        "tickets_status",
    ),
    (
        "POST",
        "/api/v1/helpdesk/tickets/{id}/claim",
        "tickets_claim",
    ),
    (
        "POST",
        "/api/v1/helpdesk/tickets/{id}/assign",
        "tickets_assign",
    ),
    ("GET", "/api/v1/helpdesk/tickets", "tickets_list"),
    (
        "GET",
        "/api/v1/helpdesk/validation-plans",
        "validation_plans",
    ),
    (
        "PUT",
        "/api/v1/helpdesk/validation-plans/{channel}",
        "validation_put_plan",
    ),
    (
        "GET",
        "/api/v1/helpdesk/validation-checklists",
        "validation_checklists",
    ),
    (
        "PUT",
        "/api/v1/helpdesk/validation-checklists/{channel}",
        "validation_put_checklist",
    ),
    (
        "POST",
        "/api/v1/helpdesk/validation-samples/draw",
        "validation_draw",
    ),
    ("GET", "/api/v1/helpdesk/validations", "validation_list"),
    ("GET", "/api/v1/helpdesk/validations/{id}", "validation_get"),
    (
        "POST",
        "/api/v1/helpdesk/validations/claim",
        "validation_claim",
    ),
    (
        "POST",
        "/api/v1/helpdesk/validations/{id}/result",
        "validation_result",
    ),
    (
        "GET",
        "/api/v1/helpdesk/validation-stats",
        "validation_stats",
    ),
    ("POST", "/api/v1/auth/activate", "activation_activate"),
    ("POST", "/api/v1/hr/applicants", "applicants_create"),
    ("GET", "/api/v1/hr/applicants", "applicants_list"),
    ("GET", "/api/v1/hr/applicants/{id}", "applicants_get"),
    (
        "POST",
        "/api/v1/hr/applicants/{id}/tests",
        "applicants_record_test",
    ),
    (
        "POST",
        "/api/v1/hr/applicants/{id}/stage",
        "applicants_move_stage",
    ),
    (
        "GET",
        "/api/v1/hr/applicants/{id}/eligibility",
        "applicants_eligibility",
    ),
    ("POST", "/api/v1/hr/shifts", "attendance_create_shift"),
    ("GET", "/api/v1/hr/shifts", "attendance_shifts"),
    ("POST", "/api/v1/hr/rosters", "attendance_assign"),
    (
        "POST",
        "/api/v1/hr/attendance/check-in",
        "attendance_check_in",
    ),
    (
        "POST",
        "/api/v1/hr/attendance/check-out",
        "attendance_check_out",
    ),
    (
        "POST",
        "/api/v1/hr/attendance/corrections",
        "attendance_correct",
    ),
    ("GET", "/api/v1/hr/attendance", "attendance_list"),
    ("GET", "/api/v1/hr/attendance/me", "attendance_mine"),
    (
        "GET",
        "/api/v1/hr/attendance/policies",
        "attendance_policies",
    ),
    (
        "POST",
        "/api/v1/hr/attendance/policies",
        "attendance_set_policy",
    ),
    ("POST", "/api/v1/auth/login", "auth_login"),
    ("POST", "/api/v1/auth/password", "auth_change_password"),
    ("POST", "/api/v1/auth/refresh", "auth_refresh"),
    ("POST", "/api/v1/auth/logout", "auth_logout"),
    ("POST", "/api/v1/auth/logout-all", "auth_logout_all"),
    (
        "POST",
        "/api/v1/hr/employees/{id}/logout-all",
        "auth_logout_employee",
    ),
    ("GET", "/api/v1/auth/me", "auth_me"),
    ("GET", "/api/v1/auth/jwks", "auth_jwks"),
    ("POST", "/api/v1/hr/caplan", "caplan_revise"),
    ("GET", "/api/v1/hr/caplan", "caplan_list"),
    ("GET", "/api/v1/hr/sdm", "caplan_fulfilment"),
    (
        "POST",
        "/api/v1/hr/certifications",
        "certification_record_prior",
    ),
    ("GET", "/api/v1/hr/certifications", "certification_list"),
    (
        "GET",
        "/api/v1/hr/certifications/expiring",
        "certification_expiring",
    ),
    (
        "POST",
        "/api/v1/hr/certifications/{id}/revoke",
        "certification_revoke",
    ),
    (
        "GET",
        "/api/v1/hr/employees/{id}/contracts",
        "contracts_list",
    ),
    (
        "POST",
        "/api/v1/hr/employees/{id}/contracts",
        "contracts_add",
    ),
    ("GET", "/api/v1/hr/contracts/ending", "contracts_ending"),
    (
        "GET",
        "/api/v1/hr/contracts/{id}/review",
        "contracts_review",
    ),
    (
        "POST",
        "/api/v1/hr/contracts/{id}/decision",
        "contracts_propose",
    ),
    (
        "POST",
        "/api/v1/hr/contracts/{id}/decision/confirm",
        "contracts_confirm",
    ),
    ("POST", "/api/v1/hr/employees", "employees_create"),
    ("GET", "/api/v1/hr/employees", "employees_list"),
    ("GET", "/api/v1/hr/employees/{id}", "employees_get"),
    ("PATCH", "/api/v1/hr/employees/{id}", "employees_update"),
    (
        "POST",
        "/api/v1/hr/employees/{id}/deactivate",
        "employees_deactivate",
    ),
    (
        "POST",
        "/api/v1/hr/employees/{id}/activation",
        "employees_reissue_activation",
    ),
    ("GET", "/api/v1/hr/evaluations", "evaluation_list"),
    (
        "POST",
        "/api/v1/hr/evaluations/{id}/review",
        "evaluation_review",
    ),
    (
        "POST",
        "/api/v1/hr/evaluations/{id}/approve",
        "evaluation_approve",
    ),
    (
        "POST",
        "/api/v1/hr/evaluations/{id}/lock",
        "evaluation_lock",
    ),
    (
        "GET",
        "/api/v1/hr/evaluations/adjustments",
        "evaluation_adjustments",
    ),
    ("GET", "/api/v1/hr/evaluations/export", "evaluation_export"),
    (
        "PUT",
        "/api/v1/hr/incentive-tables/{program}",
        "evaluation_put_table",
    ),
    (
        "GET",
        "/api/v1/hr/incentive-tables/{program}",
        "evaluation_get_table",
    ),
    ("POST", "/api/v1/hr/applicants/{id}/hire", "hiring_hire"),
    ("POST", "/api/v1/hr/warning-letters", "pembinaan_issue"),
    ("GET", "/api/v1/hr/warning-letters", "pembinaan_letters"),
    (
        "POST",
        "/api/v1/hr/warning-letters/{id}/acknowledge",
        "pembinaan_acknowledge",
    ),
    (
        "POST",
        "/api/v1/hr/warning-letters/{id}/decision",
        "pembinaan_decide",
    ),
    (
        "POST",
        "/api/v1/hr/warning-letters/{id}/revoke",
        "pembinaan_revoke",
    ),
    ("GET", "/api/v1/hr/termination-reviews", "pembinaan_reviews"),
    (
        "POST",
        "/api/v1/hr/termination-reviews/{id}/decision",
        "pembinaan_decide_review",
    ),
    ("POST", "/api/v1/hr/coaching", "pembinaan_record_coaching"),
    ("GET", "/api/v1/hr/coaching", "pembinaan_coaching"),
    (
        "POST",
        "/api/v1/hr/coaching/{id}/close",
        "pembinaan_close_plan",
    ),
    ("POST", "/api/v1/hr/requisitions", "requisitions_open"),
    ("GET", "/api/v1/hr/requisitions", "requisitions_list"),
    ("GET", "/api/v1/hr/requisitions/{id}", "requisitions_get"),
    (
        "POST",
        "/api/v1/hr/requisitions/{id}/cancel",
        "requisitions_cancel",
    ),
    ("POST", "/api/v1/hr/teams", "teams_create"),
    ("GET", "/api/v1/hr/teams", "teams_list"),
    ("GET", "/api/v1/hr/teams/{id}", "teams_get"),
    ("POST", "/api/v1/hr/training/classes", "training_create"),
    ("GET", "/api/v1/hr/training/classes", "training_list"),
    ("GET", "/api/v1/hr/training/classes/{id}", "training_get"),
    (
        "POST",
        "/api/v1/hr/training/classes/{id}/enrollments",
        "training_enroll",
    ),
    (
        "POST",
        "/api/v1/hr/training/classes/{id}/attendance",
        "training_attendance",
    ),
    (
        "POST",
        "/api/v1/hr/training/classes/{id}/scores",
        "training_score",
    ),
    ("POST", "/api/v1/prospect/dnc", "dnc_add"),
    ("GET", "/api/v1/prospect/dnc", "dnc_list"),
    ("GET", "/api/v1/prospect/dnc/{number}", "dnc_get"),
    ("POST", "/api/v1/prospect/dnc/{number}/remove", "dnc_remove"),
    (
        "POST",
        "/api/v1/prospect/work-orders/{id}/dapros",
        "prospect_import",
    ),
    (
        "GET",
        "/api/v1/prospect/work-orders/{id}/imports",
        "prospect_import_list",
    ),
    (
        "GET",
        "/api/v1/prospect/imports/{id}",
        "prospect_import_get",
    ),
    (
        "GET",
        "/api/v1/prospect/imports/{id}/rejected",
        "prospect_import_rejected",
    ),
    ("POST", "/api/v1/prospect/next", "prospects_next"),
    (
        "POST",
        "/api/v1/prospect/work-orders/{id}/distribute",
        "prospects_distribute",
    ),
    (
        "GET",
        "/api/v1/prospect/work-orders/{id}/progress",
        "prospects_progress",
    ),
    (
        "GET",
        "/api/v1/prospect/work-orders/{id}/prospects",
        "prospects_list",
    ),
    ("GET", "/api/v1/prospect/prospects/{id}", "prospects_get"),
    ("POST", "/api/v1/prospect/work-orders", "work_orders_create"),
    ("GET", "/api/v1/prospect/work-orders", "work_orders_list"),
    (
        "GET",
        "/api/v1/prospect/work-orders/{id}",
        "work_orders_get",
    ),
    (
        "PATCH",
        "/api/v1/prospect/work-orders/{id}",
        "work_orders_update",
    ),
    (
        "POST",
        "/api/v1/prospect/work-orders/{id}/activate",
        "work_orders_activate",
    ),
    (
        "POST",
        "/api/v1/prospect/work-orders/{id}/close",
        "work_orders_close",
    ),
    (
        "GET",
        "/api/v1/quality/daily-counts",
        "quality_daily_counts",
    ),
    ("GET", "/api/v1/quality/mis-sale-reviews", "mis_sales_list"),
    (
        "POST",
        "/api/v1/quality/mis-sale-reviews/{id}/decision",
        "mis_sales_decision",
    ),
    (
        "GET",
        "/api/v1/quality/parameters",
        "parameters_list_current",
    ),
    (
        "GET",
        "/api/v1/quality/parameters/{program}",
        "parameters_get_current",
    ),
    (
        "PUT",
        "/api/v1/quality/parameters/{program}",
        "parameters_replace",
    ),
    (
        "GET",
        "/api/v1/quality/parameters/{program}/versions",
        "parameters_versions",
    ),
    ("GET", "/api/v1/quality/reviews", "reviews_list"),
    (
        "POST",
        "/api/v1/quality/reviews/{id}/opinion",
        "reviews_opinion",
    ),
    (
        "POST",
        "/api/v1/quality/reviews/{id}/decision",
        "reviews_decision",
    ),
    ("GET", "/api/v1/quality/score", "stats_score"),
    ("GET", "/api/v1/quality/coverage", "stats_coverage"),
    ("GET", "/api/v1/quality/tasks", "tasks_list"),
    ("GET", "/api/v1/quality/tasks/{id}", "tasks_get"),
    ("POST", "/api/v1/quality/tasks/claim", "tasks_claim"),
    (
        "POST",
        "/api/v1/quality/tasks/{id}/verdict",
        "tasks_verdict",
    ),
    ("GET", "/api/v1/openapi.json", "openapi_document"),
    ("GET", "/api/v1/asyncapi.json", "asyncapi_document"),
    ("GET", "/api/v1/docs", "docs_page"),
    ("GET", "/api/v1/reporting/kpis", "reporting_kpis"),
    ("GET", "/api/v1/reporting/outbound", "reporting_outbound"),
    ("GET", "/api/v1/reporting/quality", "reporting_quality"),
    (
        "GET",
        "/api/v1/reporting/activation",
        "reporting_activation",
    ),
    (
        "GET",
        "/api/v1/reporting/disruptions",
        "reporting_disruptions",
    ),
    ("GET", "/api/v1/reporting/workforce", "reporting_workforce"),
    (
        "GET",
        "/api/v1/reporting/reconciliation",
        "reporting_reconciliation",
    ),
    (
        "GET",
        "/api/v1/reporting/reconciliation/runs",
        "reporting_reconciliation_runs",
    ),
    (
        "GET",
        "/api/v1/reporting/cabut-reasons",
        "reporting_cabut_reasons",
    ),
    ("GET", "/api/v1/reporting/charts/{kpi}", "reporting_chart"),
    ("GET", "/api/v1/reporting/packs", "reporting_packs"),
    (
        "GET",
        "/api/v1/reporting/packs/{id}",
        "reporting_pack_download",
    ),
];

impl Client {
    /// `POST /api/v1/calling/calls` (calling: `calls::start`).
    pub async fn calls_start(
        &self,
        body: &tam_calling::api::calls::StartCallRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.call::<Json<tam_calling::api::calls::CallBody>>(
            Method::POST,
            "/api/v1/calling/calls",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/calling/calls` (calling: `calls::list`).
    pub async fn calls_list(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<tam_calling::api::calls::CallPage> {
        self.call::<Json<tam_calling::api::calls::CallPage>>(
            Method::GET,
            "/api/v1/calling/calls",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/calling/calls`, fetched as the stream is read.
    pub fn calls_list_pages(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<impl Stream<Item = Result<tam_calling::api::calls::CallPage>> + Send + 'static>
    {
        Ok(self.pages("/api/v1/calling/calls".to_owned(), query_string(query)?))
    }

    /// `GET /api/v1/calling/calls/{id}` (calling: `calls::get`).
    pub async fn calls_get(&self, id: uuid::Uuid) -> Result<tam_calling::api::calls::CallBody> {
        self.call::<Json<tam_calling::api::calls::CallBody>>(
            Method::GET,
            &format!("/api/v1/calling/calls/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/calling/calls/{id}/result` (calling: `calls::record_result`).
    pub async fn calls_record_result(
        &self,
        id: uuid::Uuid,
        body: &tam_calling::api::calls::RecordResultRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.call::<Json<tam_calling::api::calls::CallBody>>(
            Method::POST,
            &format!("/api/v1/calling/calls/{id}/result", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/calling/calls/{id}/abandon` (calling: `calls::abandon`).
    pub async fn calls_abandon(
        &self,
        id: uuid::Uuid,
        body: &tam_calling::api::calls::AbandonRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.call::<Json<tam_calling::api::calls::CallBody>>(
            Method::POST,
            &format!("/api/v1/calling/calls/{id}/abandon", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/calling/daily-counts` (calling: `daily_counts::daily_counts`).
    pub async fn calling_daily_counts(
        &self,
        query: &tam_calling::api::daily_counts::DayQuery,
    ) -> Result<tam_calling::api::daily_counts::DailyCounts> {
        self.call::<Json<tam_calling::api::daily_counts::DailyCounts>>(
            Method::GET,
            "/api/v1/calling/daily-counts",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PUT /api/v1/calling/calls/{id}/recording` (calling: `recordings::put`). The body is streamed from `upload` (`audio/wav`).
    pub async fn recordings_put(
        &self,
        id: uuid::Uuid,
        upload: Upload,
    ) -> Result<tam_calling::api::calls::RecordingBody> {
        self.call::<Json<tam_calling::api::calls::RecordingBody>>(
            Method::PUT,
            &format!("/api/v1/calling/calls/{id}/recording", id = seg(id)),
            None,
            Body::Upload(upload),
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/calling/calls/{id}/recording` (calling: `recordings::get`).
    pub async fn recordings_get(&self, id: uuid::Uuid) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            &format!("/api/v1/calling/calls/{id}/recording", id = seg(id)),
            None,
            Body::None,
        )
        .await
    }

    /// `POST /api/v1/helpdesk/cabut/cases` (helpdesk: `cabut::file`).
    pub async fn cabut_file(
        &self,
        body: &tam_helpdesk::api::cabut::CaseRequest,
    ) -> Result<tam_helpdesk::api::cabut::CaseDetailBody> {
        self.call::<Json<tam_helpdesk::api::cabut::CaseDetailBody>>(
            Method::POST,
            "/api/v1/helpdesk/cabut/cases",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/cabut/cases` (helpdesk: `cabut::list`).
    pub async fn cabut_list(
        &self,
        query: &tam_helpdesk::api::cabut::CaseListQuery,
    ) -> Result<tam_helpdesk::api::cabut::CasePage> {
        self.call::<Json<tam_helpdesk::api::cabut::CasePage>>(
            Method::GET,
            "/api/v1/helpdesk/cabut/cases",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/helpdesk/cabut/cases`, fetched as the stream is read.
    pub fn cabut_list_pages(
        &self,
        query: &tam_helpdesk::api::cabut::CaseListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::cabut::CasePage>> + Send + 'static>
    {
        Ok(self.pages(
            "/api/v1/helpdesk/cabut/cases".to_owned(),
            query_string(query)?,
        ))
    }

    /// `GET /api/v1/helpdesk/cabut/cases/{id}` (helpdesk: `cabut::get`).
    pub async fn cabut_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::cabut::CaseDetailBody> {
        self.call::<Json<tam_helpdesk::api::cabut::CaseDetailBody>>(
            Method::GET,
            &format!("/api/v1/helpdesk/cabut/cases/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/cabut/cases/claim` (helpdesk: `cabut::claim`).
    pub async fn cabut_claim(&self) -> Result<Option<tam_helpdesk::api::cabut::CaseDetailBody>> {
        self.call::<Maybe<tam_helpdesk::api::cabut::CaseDetailBody>>(
            Method::POST,
            "/api/v1/helpdesk/cabut/cases/claim",
            None,
            Body::None,
        )
        .await
        .map(|Maybe(v)| v)
    }

    /// `POST /api/v1/helpdesk/cabut/cases/{id}/attempts` (helpdesk: `cabut::attempt`).
    pub async fn cabut_attempt(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::cabut::AttemptRequest,
    ) -> Result<tam_helpdesk::api::cabut::CaseDetailBody> {
        self.call::<Json<tam_helpdesk::api::cabut::CaseDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/cabut/cases/{id}/attempts", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/cabut/cases/{id}/survey` (helpdesk: `cabut::survey`).
    pub async fn cabut_survey(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::cabut::SurveyRequest,
    ) -> Result<tam_helpdesk::api::cabut::CaseDetailBody> {
        self.call::<Json<tam_helpdesk::api::cabut::CaseDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/cabut/cases/{id}/survey", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/cabut/reasons` (helpdesk: `cabut::reasons`).
    pub async fn cabut_reasons(&self) -> Result<tam_helpdesk::api::cabut::TaxonomyBody> {
        self.call::<Json<tam_helpdesk::api::cabut::TaxonomyBody>>(
            Method::GET,
            "/api/v1/helpdesk/cabut/reasons",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PUT /api/v1/helpdesk/cabut/reasons` (helpdesk: `cabut::put_reasons`).
    pub async fn cabut_put_reasons(
        &self,
        body: &tam_helpdesk::api::cabut::TaxonomyRequest,
    ) -> Result<tam_helpdesk::api::cabut::TaxonomyBody> {
        self.call::<Json<tam_helpdesk::api::cabut::TaxonomyBody>>(
            Method::PUT,
            "/api/v1/helpdesk/cabut/reasons",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/cabut/imports` (helpdesk: `cabut::import`). The body is streamed from `upload` (`text/csv`).
    pub async fn cabut_import(
        &self,
        upload: Upload,
    ) -> Result<tam_helpdesk::api::cabut::CabutImportBody> {
        self.call::<Json<tam_helpdesk::api::cabut::CabutImportBody>>(
            Method::POST,
            "/api/v1/helpdesk/cabut/imports",
            None,
            Body::Upload(upload),
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/cabut/imports/{id}` (helpdesk: `cabut::get_import`).
    pub async fn cabut_get_import(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::cabut::CabutImportBody> {
        self.call::<Json<tam_helpdesk::api::cabut::CabutImportBody>>(
            Method::GET,
            &format!("/api/v1/helpdesk/cabut/imports/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/cabut/stats` (helpdesk: `cabut::stats`).
    pub async fn cabut_stats(
        &self,
        query: &tam_helpdesk::api::cabut::StatsQuery,
    ) -> Result<tam_helpdesk::api::cabut::StatsBody> {
        self.call::<Json<tam_helpdesk::api::cabut::StatsBody>>(
            Method::GET,
            "/api/v1/helpdesk/cabut/stats",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/calendars` (helpdesk: `calendars::list`).
    pub async fn calendars_list(&self) -> Result<tam_helpdesk::api::calendars::CalendarList> {
        self.call::<Json<tam_helpdesk::api::calendars::CalendarList>>(
            Method::GET,
            "/api/v1/helpdesk/calendars",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PUT /api/v1/helpdesk/calendars/{code}` (helpdesk: `calendars::put`).
    pub async fn calendars_put(
        &self,
        code: &str,
        body: &tam_helpdesk::api::calendars::CalendarPut,
    ) -> Result<tam_helpdesk::api::calendars::CalendarBody> {
        self.call::<Json<tam_helpdesk::api::calendars::CalendarBody>>(
            Method::PUT,
            &format!("/api/v1/helpdesk/calendars/{code}", code = seg(code)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/channels` (helpdesk: `channels::list`).
    pub async fn channels_list(&self) -> Result<tam_helpdesk::api::channels::ChannelList> {
        self.call::<Json<tam_helpdesk::api::channels::ChannelList>>(
            Method::GET,
            "/api/v1/helpdesk/channels",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/daily-counts` (helpdesk: `daily_counts::daily_counts`).
    pub async fn helpdesk_daily_counts(
        &self,
        query: &tam_helpdesk::api::daily_counts::DayQuery,
    ) -> Result<tam_helpdesk::api::daily_counts::DailyCounts> {
        self.call::<Json<tam_helpdesk::api::daily_counts::DailyCounts>>(
            Method::GET,
            "/api/v1/helpdesk/daily-counts",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/disruptions` (helpdesk: `disruptions::report`).
    pub async fn disruptions_report(
        &self,
        body: &tam_helpdesk::api::disruptions::ReportRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.call::<Json<tam_helpdesk::api::disruptions::DisruptionDetailBody>>(
            Method::POST,
            "/api/v1/helpdesk/disruptions",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/disruptions/{id}` (helpdesk: `disruptions::get`).
    pub async fn disruptions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.call::<Json<tam_helpdesk::api::disruptions::DisruptionDetailBody>>(
            Method::GET,
            &format!("/api/v1/helpdesk/disruptions/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/disruptions` (helpdesk: `disruptions::list`).
    pub async fn disruptions_list(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionPage> {
        self.call::<Json<tam_helpdesk::api::disruptions::DisruptionPage>>(
            Method::GET,
            "/api/v1/helpdesk/disruptions",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/helpdesk/disruptions`, fetched as the stream is read.
    pub fn disruptions_list_pages(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::disruptions::DisruptionPage>> + Send + 'static,
    > {
        Ok(self.pages(
            "/api/v1/helpdesk/disruptions".to_owned(),
            query_string(query)?,
        ))
    }

    /// `POST /api/v1/helpdesk/disruptions/{id}/status` (helpdesk: `disruptions::status`).
    pub async fn disruptions_status(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::disruptions::DisruptionStatusRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.call::<Json<tam_helpdesk::api::disruptions::DisruptionDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/disruptions/{id}/status", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/disruptions/{id}/severity` (helpdesk: `disruptions::severity`).
    pub async fn disruptions_severity(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::disruptions::SeverityRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.call::<Json<tam_helpdesk::api::disruptions::DisruptionDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/disruptions/{id}/severity", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/disruptions/{id}/updates` (helpdesk: `disruptions::update`).
    pub async fn disruptions_update(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::disruptions::UpdateRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.call::<Json<tam_helpdesk::api::disruptions::DisruptionDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/disruptions/{id}/updates", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/escalations` (helpdesk: `escalations::list`).
    pub async fn escalations_list(
        &self,
        query: &tam_helpdesk::api::escalations::EscalationQuery,
    ) -> Result<tam_helpdesk::api::escalations::EscalationList> {
        self.call::<Json<tam_helpdesk::api::escalations::EscalationList>>(
            Method::GET,
            "/api/v1/helpdesk/escalations",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/imports` (helpdesk: `import::import`). The body is streamed from `upload` (`text/csv`).
    pub async fn helpdesk_import(
        &self,
        query: &tam_helpdesk::api::import::ImportQuery,
        upload: Upload,
    ) -> Result<tam_helpdesk::api::import::ImportReportBody> {
        self.call::<Json<tam_helpdesk::api::import::ImportReportBody>>(
            Method::POST,
            "/api/v1/helpdesk/imports",
            query_string(query)?,
            Body::Upload(upload),
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/imports/{id}` (helpdesk: `import::get`).
    pub async fn helpdesk_import_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::import::ImportReportBody> {
        self.call::<Json<tam_helpdesk::api::import::ImportReportBody>>(
            Method::GET,
            &format!("/api/v1/helpdesk/imports/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/issue-categories` (helpdesk: `issues::categories`).
    pub async fn issues_categories(&self) -> Result<tam_helpdesk::api::issues::CategoryList> {
        self.call::<Json<tam_helpdesk::api::issues::CategoryList>>(
            Method::GET,
            "/api/v1/helpdesk/issue-categories",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/issue-categories` (helpdesk: `issues::put_category`).
    pub async fn issues_put_category(
        &self,
        body: &tam_helpdesk::api::issues::CategoryRequest,
    ) -> Result<tam_helpdesk::api::issues::CategoryList> {
        self.call::<Json<tam_helpdesk::api::issues::CategoryList>>(
            Method::POST,
            "/api/v1/helpdesk/issue-categories",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/tickets/{id}/issues` (helpdesk: `issues::open`).
    pub async fn issues_open(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::issues::IssueRequest,
    ) -> Result<tam_helpdesk::api::issues::IssueBody> {
        self.call::<Json<tam_helpdesk::api::issues::IssueBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/tickets/{id}/issues", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/issues/{id}/followups` (helpdesk: `issues::follow_up`).
    pub async fn issues_follow_up(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::issues::FollowupRequest,
    ) -> Result<tam_helpdesk::api::issues::IssueBody> {
        self.call::<Json<tam_helpdesk::api::issues::IssueBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/issues/{id}/followups", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/issues/{id}/resolve` (helpdesk: `issues::resolve`).
    pub async fn issues_resolve(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::issues::ResolveRequest,
    ) -> Result<tam_helpdesk::api::issues::IssueBody> {
        self.call::<Json<tam_helpdesk::api::issues::IssueBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/issues/{id}/resolve", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/sla-policies` (helpdesk: `sla_policies::list`).
    pub async fn sla_policies_list(&self) -> Result<tam_helpdesk::api::sla_policies::SlaPolicies> {
        self.call::<Json<tam_helpdesk::api::sla_policies::SlaPolicies>>(
            Method::GET,
            "/api/v1/helpdesk/sla-policies",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PUT /api/v1/helpdesk/sla-policies` (helpdesk: `sla_policies::replace`).
    pub async fn sla_policies_replace(
        &self,
        body: &tam_helpdesk::api::sla_policies::SlaPolicies,
    ) -> Result<tam_helpdesk::api::sla_policies::SlaPolicies> {
        self.call::<Json<tam_helpdesk::api::sla_policies::SlaPolicies>>(
            Method::PUT,
            "/api/v1/helpdesk/sla-policies",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/escalation-ladder` (helpdesk: `sla_policies::ladder`).
    pub async fn sla_policies_ladder(
        &self,
    ) -> Result<tam_helpdesk::api::sla_policies::EscalationLadder> {
        self.call::<Json<tam_helpdesk::api::sla_policies::EscalationLadder>>(
            Method::GET,
            "/api/v1/helpdesk/escalation-ladder",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PUT /api/v1/helpdesk/escalation-ladder` (helpdesk: `sla_policies::replace_ladder`).
    pub async fn sla_policies_replace_ladder(
        &self,
        body: &tam_helpdesk::api::sla_policies::EscalationLadder,
    ) -> Result<tam_helpdesk::api::sla_policies::EscalationLadder> {
        self.call::<Json<tam_helpdesk::api::sla_policies::EscalationLadder>>(
            Method::PUT,
            "/api/v1/helpdesk/escalation-ladder",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/tickets` (helpdesk: `tickets::open`).
    pub async fn tickets_open(
        &self,
        body: &tam_helpdesk::api::tickets::OpenTicketRequest,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.call::<Json<tam_helpdesk::api::tickets::TicketDetailBody>>(
            Method::POST,
            "/api/v1/helpdesk/tickets",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/tickets/{id}` (helpdesk: `tickets::get`).
    pub async fn tickets_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.call::<Json<tam_helpdesk::api::tickets::TicketDetailBody>>(
            Method::GET,
            &format!("/api/v1/helpdesk/tickets/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/tickets/{id}/status` (helpdesk: `tickets::status`).
    pub async fn tickets_status(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::tickets::StatusRequest,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.call::<Json<tam_helpdesk::api::tickets::TicketDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/tickets/{id}/status", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/tickets/{id}/claim` (helpdesk: `tickets::claim`).
    pub async fn tickets_claim(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.call::<Json<tam_helpdesk::api::tickets::TicketDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/tickets/{id}/claim", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/tickets/{id}/assign` (helpdesk: `tickets::assign`).
    pub async fn tickets_assign(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::tickets::AssignRequest,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.call::<Json<tam_helpdesk::api::tickets::TicketDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/tickets/{id}/assign", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/tickets` (helpdesk: `tickets::list`).
    pub async fn tickets_list(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<tam_helpdesk::api::tickets::TicketPage> {
        self.call::<Json<tam_helpdesk::api::tickets::TicketPage>>(
            Method::GET,
            "/api/v1/helpdesk/tickets",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/helpdesk/tickets`, fetched as the stream is read.
    pub fn tickets_list_pages(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::tickets::TicketPage>> + Send + 'static>
    {
        Ok(self.pages("/api/v1/helpdesk/tickets".to_owned(), query_string(query)?))
    }

    /// `GET /api/v1/helpdesk/validation-plans` (helpdesk: `validation::plans`).
    pub async fn validation_plans(&self) -> Result<tam_helpdesk::api::validation::PlanList> {
        self.call::<Json<tam_helpdesk::api::validation::PlanList>>(
            Method::GET,
            "/api/v1/helpdesk/validation-plans",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PUT /api/v1/helpdesk/validation-plans/{channel}` (helpdesk: `validation::put_plan`).
    pub async fn validation_put_plan(
        &self,
        channel: &str,
        body: &tam_helpdesk::api::validation::PlanRequest,
    ) -> Result<tam_helpdesk::api::validation::PlanBody> {
        self.call::<Json<tam_helpdesk::api::validation::PlanBody>>(
            Method::PUT,
            &format!(
                "/api/v1/helpdesk/validation-plans/{channel}",
                channel = seg(channel)
            ),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/validation-checklists` (helpdesk: `validation::checklists`).
    pub async fn validation_checklists(
        &self,
        query: &tam_helpdesk::api::validation::ChecklistQuery,
    ) -> Result<tam_helpdesk::api::validation::ChecklistList> {
        self.call::<Json<tam_helpdesk::api::validation::ChecklistList>>(
            Method::GET,
            "/api/v1/helpdesk/validation-checklists",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PUT /api/v1/helpdesk/validation-checklists/{channel}` (helpdesk: `validation::put_checklist`).
    pub async fn validation_put_checklist(
        &self,
        channel: &str,
        body: &tam_helpdesk::api::validation::ChecklistRequest,
    ) -> Result<tam_helpdesk::api::validation::ChecklistBody> {
        self.call::<Json<tam_helpdesk::api::validation::ChecklistBody>>(
            Method::PUT,
            &format!(
                "/api/v1/helpdesk/validation-checklists/{channel}",
                channel = seg(channel)
            ),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/validation-samples/draw` (helpdesk: `validation::draw`).
    pub async fn validation_draw(
        &self,
        body: &tam_helpdesk::api::validation::DrawRequest,
    ) -> Result<tam_helpdesk::api::validation::DrawBody> {
        self.call::<Json<tam_helpdesk::api::validation::DrawBody>>(
            Method::POST,
            "/api/v1/helpdesk/validation-samples/draw",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/validations` (helpdesk: `validation::list`).
    pub async fn validation_list(
        &self,
        query: &tam_helpdesk::api::validation::ValidationListQuery,
    ) -> Result<tam_helpdesk::api::validation::ValidationPage> {
        self.call::<Json<tam_helpdesk::api::validation::ValidationPage>>(
            Method::GET,
            "/api/v1/helpdesk/validations",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/helpdesk/validations`, fetched as the stream is read.
    pub fn validation_list_pages(
        &self,
        query: &tam_helpdesk::api::validation::ValidationListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::validation::ValidationPage>> + Send + 'static,
    > {
        Ok(self.pages(
            "/api/v1/helpdesk/validations".to_owned(),
            query_string(query)?,
        ))
    }

    /// `GET /api/v1/helpdesk/validations/{id}` (helpdesk: `validation::get`).
    pub async fn validation_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::validation::ValidationDetailBody> {
        self.call::<Json<tam_helpdesk::api::validation::ValidationDetailBody>>(
            Method::GET,
            &format!("/api/v1/helpdesk/validations/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/helpdesk/validations/claim` (helpdesk: `validation::claim`).
    pub async fn validation_claim(
        &self,
        query: &tam_helpdesk::api::validation::ClaimQuery,
    ) -> Result<Option<tam_helpdesk::api::validation::ValidationDetailBody>> {
        self.call::<Maybe<tam_helpdesk::api::validation::ValidationDetailBody>>(
            Method::POST,
            "/api/v1/helpdesk/validations/claim",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Maybe(v)| v)
    }

    /// `POST /api/v1/helpdesk/validations/{id}/result` (helpdesk: `validation::result`).
    pub async fn validation_result(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::validation::ResultRequest,
    ) -> Result<tam_helpdesk::api::validation::ValidationDetailBody> {
        self.call::<Json<tam_helpdesk::api::validation::ValidationDetailBody>>(
            Method::POST,
            &format!("/api/v1/helpdesk/validations/{id}/result", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/helpdesk/validation-stats` (helpdesk: `validation::stats`).
    pub async fn validation_stats(
        &self,
        query: &tam_helpdesk::api::cabut::StatsQuery,
    ) -> Result<tam_helpdesk::api::validation::ValidationStats> {
        self.call::<Json<tam_helpdesk::api::validation::ValidationStats>>(
            Method::GET,
            "/api/v1/helpdesk/validation-stats",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/auth/activate` (hr: `activation::activate`). Public: sent without a token.
    pub async fn activation_activate(
        &self,
        body: &tam_hr::api::activation::ActivateRequest,
    ) -> Result<()> {
        self.call_public::<Empty>(
            Method::POST,
            "/api/v1/auth/activate",
            None,
            json_body(body)?,
        )
        .await
        .map(|Empty| ())
    }

    /// `POST /api/v1/hr/applicants` (hr: `applicants::create`).
    pub async fn applicants_create(
        &self,
        body: &tam_hr::api::applicants::CreateApplicantRequest,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.call::<Json<tam_hr::api::applicants::ApplicantBody>>(
            Method::POST,
            "/api/v1/hr/applicants",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/applicants` (hr: `applicants::list`).
    pub async fn applicants_list(
        &self,
        query: &tam_hr::api::applicants::ApplicantListQuery,
    ) -> Result<tam_hr::api::applicants::ApplicantPage> {
        self.call::<Json<tam_hr::api::applicants::ApplicantPage>>(
            Method::GET,
            "/api/v1/hr/applicants",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/hr/applicants`, fetched as the stream is read.
    pub fn applicants_list_pages(
        &self,
        query: &tam_hr::api::applicants::ApplicantListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::applicants::ApplicantPage>> + Send + 'static>
    {
        Ok(self.pages("/api/v1/hr/applicants".to_owned(), query_string(query)?))
    }

    /// `GET /api/v1/hr/applicants/{id}` (hr: `applicants::get`).
    pub async fn applicants_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.call::<Json<tam_hr::api::applicants::ApplicantBody>>(
            Method::GET,
            &format!("/api/v1/hr/applicants/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/applicants/{id}/tests` (hr: `applicants::record_test`).
    pub async fn applicants_record_test(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::applicants::TestRequest,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.call::<Json<tam_hr::api::applicants::ApplicantBody>>(
            Method::POST,
            &format!("/api/v1/hr/applicants/{id}/tests", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/applicants/{id}/stage` (hr: `applicants::move_stage`).
    pub async fn applicants_move_stage(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::applicants::StageRequest,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.call::<Json<tam_hr::api::applicants::ApplicantBody>>(
            Method::POST,
            &format!("/api/v1/hr/applicants/{id}/stage", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/applicants/{id}/eligibility` (hr: `applicants::eligibility`).
    pub async fn applicants_eligibility(
        &self,
        id: uuid::Uuid,
        query: &tam_hr::api::applicants::EligibilityQuery,
    ) -> Result<tam_hr::api::applicants::EligibilityBody> {
        self.call::<Json<tam_hr::api::applicants::EligibilityBody>>(
            Method::GET,
            &format!("/api/v1/hr/applicants/{id}/eligibility", id = seg(id)),
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/shifts` (hr: `attendance::create_shift`).
    pub async fn attendance_create_shift(
        &self,
        body: &tam_hr::api::attendance::ShiftRequest,
    ) -> Result<tam_hr::api::attendance::ShiftBody> {
        self.call::<Json<tam_hr::api::attendance::ShiftBody>>(
            Method::POST,
            "/api/v1/hr/shifts",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/shifts` (hr: `attendance::shifts`).
    pub async fn attendance_shifts(
        &self,
        query: &tam_hr::api::attendance::ShiftQuery,
    ) -> Result<tam_hr::api::attendance::ShiftList> {
        self.call::<Json<tam_hr::api::attendance::ShiftList>>(
            Method::GET,
            "/api/v1/hr/shifts",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/rosters` (hr: `attendance::assign`).
    pub async fn attendance_assign(
        &self,
        body: &tam_hr::api::attendance::RosterRequest,
    ) -> Result<tam_hr::api::attendance::RosterBody> {
        self.call::<Json<tam_hr::api::attendance::RosterBody>>(
            Method::POST,
            "/api/v1/hr/rosters",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/attendance/check-in` (hr: `attendance::check_in`).
    pub async fn attendance_check_in(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.call::<Json<tam_hr::api::attendance::DayBody>>(
            Method::POST,
            "/api/v1/hr/attendance/check-in",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/attendance/check-out` (hr: `attendance::check_out`).
    pub async fn attendance_check_out(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.call::<Json<tam_hr::api::attendance::DayBody>>(
            Method::POST,
            "/api/v1/hr/attendance/check-out",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/attendance/corrections` (hr: `attendance::correct`).
    pub async fn attendance_correct(
        &self,
        body: &tam_hr::api::attendance::CorrectionRequest,
    ) -> Result<tam_hr::api::attendance::DayBody> {
        self.call::<Json<tam_hr::api::attendance::DayBody>>(
            Method::POST,
            "/api/v1/hr/attendance/corrections",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/attendance` (hr: `attendance::list`).
    pub async fn attendance_list(
        &self,
        query: &tam_hr::api::attendance::AttendanceQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.call::<Json<tam_hr::api::attendance::AttendanceBody>>(
            Method::GET,
            "/api/v1/hr/attendance",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/attendance/me` (hr: `attendance::mine`).
    pub async fn attendance_mine(
        &self,
        query: &tam_hr::api::attendance::OwnQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.call::<Json<tam_hr::api::attendance::AttendanceBody>>(
            Method::GET,
            "/api/v1/hr/attendance/me",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/attendance/policies` (hr: `attendance::policies`).
    pub async fn attendance_policies(&self) -> Result<tam_hr::api::attendance::PolicyList> {
        self.call::<Json<tam_hr::api::attendance::PolicyList>>(
            Method::GET,
            "/api/v1/hr/attendance/policies",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/attendance/policies` (hr: `attendance::set_policy`).
    pub async fn attendance_set_policy(
        &self,
        body: &tam_hr::api::attendance::PolicyRequest,
    ) -> Result<tam_hr::api::attendance::PolicyBody> {
        self.call::<Json<tam_hr::api::attendance::PolicyBody>>(
            Method::POST,
            "/api/v1/hr/attendance/policies",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/auth/login` (hr: `auth::login`). Public: sent without a token.
    pub async fn auth_login(
        &self,
        body: &tam_hr::api::auth::LoginRequest,
    ) -> Result<tam_hr::api::auth::TokenResponse> {
        self.call_public::<Json<tam_hr::api::auth::TokenResponse>>(
            Method::POST,
            "/api/v1/auth/login",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/auth/password` (hr: `auth::change_password`). Public: sent without a token.
    pub async fn auth_change_password(
        &self,
        body: &tam_hr::api::auth::PasswordChangeRequest,
    ) -> Result<()> {
        self.call_public::<Empty>(
            Method::POST,
            "/api/v1/auth/password",
            None,
            json_body(body)?,
        )
        .await
        .map(|Empty| ())
    }

    /// `POST /api/v1/auth/refresh` (hr: `auth::refresh`). Public: sent without a token.
    pub async fn auth_refresh(
        &self,
        body: &tam_hr::api::auth::RefreshRequest,
    ) -> Result<tam_hr::api::auth::TokenResponse> {
        self.call_public::<Json<tam_hr::api::auth::TokenResponse>>(
            Method::POST,
            "/api/v1/auth/refresh",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/auth/logout` (hr: `auth::logout`). Public: sent without a token.
    pub async fn auth_logout(&self, body: &tam_hr::api::auth::RefreshRequest) -> Result<()> {
        self.call_public::<Empty>(Method::POST, "/api/v1/auth/logout", None, json_body(body)?)
            .await
            .map(|Empty| ())
    }

    /// `POST /api/v1/auth/logout-all` (hr: `auth::logout_all`).
    pub async fn auth_logout_all(&self) -> Result<()> {
        self.call::<Empty>(Method::POST, "/api/v1/auth/logout-all", None, Body::None)
            .await
            .map(|Empty| ())
    }

    /// `POST /api/v1/hr/employees/{id}/logout-all` (hr: `auth::logout_employee`).
    pub async fn auth_logout_employee(&self, id: uuid::Uuid) -> Result<()> {
        self.call::<Empty>(
            Method::POST,
            &format!("/api/v1/hr/employees/{id}/logout-all", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Empty| ())
    }

    /// `GET /api/v1/auth/me` (hr: `auth::me`).
    pub async fn auth_me(&self) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.call::<Json<tam_hr::api::employees::EmployeeBody>>(
            Method::GET,
            "/api/v1/auth/me",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/auth/jwks` (hr: `auth::jwks`). Public: sent without a token.
    pub async fn auth_jwks(&self) -> Result<serde_json::Value> {
        self.call_public::<Json<serde_json::Value>>(
            Method::GET,
            "/api/v1/auth/jwks",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/caplan` (hr: `caplan::revise`).
    pub async fn caplan_revise(
        &self,
        body: &tam_hr::api::caplan::ReviseRequest,
    ) -> Result<tam_hr::api::caplan::RevisionBody> {
        self.call::<Json<tam_hr::api::caplan::RevisionBody>>(
            Method::POST,
            "/api/v1/hr/caplan",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/caplan` (hr: `caplan::list`).
    pub async fn caplan_list(
        &self,
        query: &tam_hr::api::caplan::CaplanQuery,
    ) -> Result<tam_hr::api::caplan::RevisionList> {
        self.call::<Json<tam_hr::api::caplan::RevisionList>>(
            Method::GET,
            "/api/v1/hr/caplan",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/sdm` (hr: `caplan::fulfilment`).
    pub async fn caplan_fulfilment(
        &self,
        query: &tam_hr::api::caplan::SdmQuery,
    ) -> Result<tam_hr::api::caplan::SdmBody> {
        self.call::<Json<tam_hr::api::caplan::SdmBody>>(
            Method::GET,
            "/api/v1/hr/sdm",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/certifications` (hr: `certification::record_prior`).
    pub async fn certification_record_prior(
        &self,
        body: &tam_hr::api::certification::PriorCertificationRequest,
    ) -> Result<tam_hr::api::certification::CertificationBody> {
        self.call::<Json<tam_hr::api::certification::CertificationBody>>(
            Method::POST,
            "/api/v1/hr/certifications",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/certifications` (hr: `certification::list`).
    pub async fn certification_list(
        &self,
        query: &tam_hr::api::certification::CertificationQuery,
    ) -> Result<tam_hr::api::certification::CertificationList> {
        self.call::<Json<tam_hr::api::certification::CertificationList>>(
            Method::GET,
            "/api/v1/hr/certifications",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/certifications/expiring` (hr: `certification::expiring`).
    pub async fn certification_expiring(&self) -> Result<tam_hr::api::certification::ExpiringList> {
        self.call::<Json<tam_hr::api::certification::ExpiringList>>(
            Method::GET,
            "/api/v1/hr/certifications/expiring",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/certifications/{id}/revoke` (hr: `certification::revoke`).
    pub async fn certification_revoke(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::certification::RevokeRequest,
    ) -> Result<tam_hr::api::certification::CertificationBody> {
        self.call::<Json<tam_hr::api::certification::CertificationBody>>(
            Method::POST,
            &format!("/api/v1/hr/certifications/{id}/revoke", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/employees/{id}/contracts` (hr: `contracts::list`).
    pub async fn contracts_list(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::EmploymentContractList> {
        self.call::<Json<tam_hr::api::contracts::EmploymentContractList>>(
            Method::GET,
            &format!("/api/v1/hr/employees/{id}/contracts", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/employees/{id}/contracts` (hr: `contracts::add`).
    pub async fn contracts_add(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::contracts::NewContractRequest,
    ) -> Result<tam_hr::api::contracts::EmploymentContractBody> {
        self.call::<Json<tam_hr::api::contracts::EmploymentContractBody>>(
            Method::POST,
            &format!("/api/v1/hr/employees/{id}/contracts", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/contracts/ending` (hr: `contracts::ending`).
    pub async fn contracts_ending(&self) -> Result<tam_hr::api::contracts::ContractEndingList> {
        self.call::<Json<tam_hr::api::contracts::ContractEndingList>>(
            Method::GET,
            "/api/v1/hr/contracts/ending",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/contracts/{id}/review` (hr: `contracts::review`).
    pub async fn contracts_review(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::ContractReviewBody> {
        self.call::<Json<tam_hr::api::contracts::ContractReviewBody>>(
            Method::GET,
            &format!("/api/v1/hr/contracts/{id}/review", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/contracts/{id}/decision` (hr: `contracts::propose`).
    pub async fn contracts_propose(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::contracts::ContractDecisionRequest,
    ) -> Result<tam_hr::api::contracts::ContractDecisionBody> {
        self.call::<Json<tam_hr::api::contracts::ContractDecisionBody>>(
            Method::POST,
            &format!("/api/v1/hr/contracts/{id}/decision", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/contracts/{id}/decision/confirm` (hr: `contracts::confirm`).
    pub async fn contracts_confirm(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::EmploymentContractBody> {
        self.call::<Json<tam_hr::api::contracts::EmploymentContractBody>>(
            Method::POST,
            &format!("/api/v1/hr/contracts/{id}/decision/confirm", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/employees` (hr: `employees::create`).
    pub async fn employees_create(
        &self,
        body: &tam_hr::api::employees::CreateEmployeeRequest,
    ) -> Result<tam_hr::api::employees::CreatedEmployeeBody> {
        self.call::<Json<tam_hr::api::employees::CreatedEmployeeBody>>(
            Method::POST,
            "/api/v1/hr/employees",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/employees` (hr: `employees::list`).
    pub async fn employees_list(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<tam_hr::api::employees::EmployeePage> {
        self.call::<Json<tam_hr::api::employees::EmployeePage>>(
            Method::GET,
            "/api/v1/hr/employees",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/hr/employees`, fetched as the stream is read.
    pub fn employees_list_pages(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::employees::EmployeePage>> + Send + 'static>
    {
        Ok(self.pages("/api/v1/hr/employees".to_owned(), query_string(query)?))
    }

    /// `GET /api/v1/hr/employees/{id}` (hr: `employees::get`).
    pub async fn employees_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.call::<Json<tam_hr::api::employees::EmployeeBody>>(
            Method::GET,
            &format!("/api/v1/hr/employees/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PATCH /api/v1/hr/employees/{id}` (hr: `employees::update`).
    pub async fn employees_update(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::employees::PatchEmployeeRequest,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.call::<Json<tam_hr::api::employees::EmployeeBody>>(
            Method::PATCH,
            &format!("/api/v1/hr/employees/{id}", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/employees/{id}/deactivate` (hr: `employees::deactivate`).
    pub async fn employees_deactivate(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.call::<Json<tam_hr::api::employees::EmployeeBody>>(
            Method::POST,
            &format!("/api/v1/hr/employees/{id}/deactivate", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/employees/{id}/activation` (hr: `employees::reissue_activation`).
    pub async fn employees_reissue_activation(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::ActivationBody> {
        self.call::<Json<tam_hr::api::employees::ActivationBody>>(
            Method::POST,
            &format!("/api/v1/hr/employees/{id}/activation", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/evaluations` (hr: `evaluation::list`).
    pub async fn evaluation_list(
        &self,
        query: &tam_hr::api::evaluation::EvaluationQuery,
    ) -> Result<tam_hr::api::evaluation::EvaluationList> {
        self.call::<Json<tam_hr::api::evaluation::EvaluationList>>(
            Method::GET,
            "/api/v1/hr/evaluations",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/evaluations/{id}/review` (hr: `evaluation::review`).
    pub async fn evaluation_review(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::evaluation::EvaluationBody> {
        self.call::<Json<tam_hr::api::evaluation::EvaluationBody>>(
            Method::POST,
            &format!("/api/v1/hr/evaluations/{id}/review", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/evaluations/{id}/approve` (hr: `evaluation::approve`).
    pub async fn evaluation_approve(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::evaluation::EvaluationBody> {
        self.call::<Json<tam_hr::api::evaluation::EvaluationBody>>(
            Method::POST,
            &format!("/api/v1/hr/evaluations/{id}/approve", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/evaluations/{id}/lock` (hr: `evaluation::lock`).
    pub async fn evaluation_lock(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::evaluation::EvaluationBody> {
        self.call::<Json<tam_hr::api::evaluation::EvaluationBody>>(
            Method::POST,
            &format!("/api/v1/hr/evaluations/{id}/lock", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/evaluations/adjustments` (hr: `evaluation::adjustments`).
    pub async fn evaluation_adjustments(
        &self,
        query: &tam_hr::api::evaluation::AdjustmentQuery,
    ) -> Result<tam_hr::api::evaluation::AdjustmentList> {
        self.call::<Json<tam_hr::api::evaluation::AdjustmentList>>(
            Method::GET,
            "/api/v1/hr/evaluations/adjustments",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/evaluations/export` (hr: `evaluation::export`).
    pub async fn evaluation_export(
        &self,
        query: &tam_hr::api::evaluation::ExportQuery,
    ) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            "/api/v1/hr/evaluations/export",
            query_string(query)?,
            Body::None,
        )
        .await
    }

    /// `PUT /api/v1/hr/incentive-tables/{program}` (hr: `evaluation::put_table`).
    pub async fn evaluation_put_table(
        &self,
        program: &str,
        body: &tam_hr::api::evaluation::TableRequest,
    ) -> Result<tam_hr::api::evaluation::TableBody> {
        self.call::<Json<tam_hr::api::evaluation::TableBody>>(
            Method::PUT,
            &format!(
                "/api/v1/hr/incentive-tables/{program}",
                program = seg(program)
            ),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/incentive-tables/{program}` (hr: `evaluation::get_table`).
    pub async fn evaluation_get_table(
        &self,
        program: &str,
    ) -> Result<tam_hr::api::evaluation::TableBody> {
        self.call::<Json<tam_hr::api::evaluation::TableBody>>(
            Method::GET,
            &format!(
                "/api/v1/hr/incentive-tables/{program}",
                program = seg(program)
            ),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/applicants/{id}/hire` (hr: `hiring::hire`).
    pub async fn hiring_hire(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::hiring::HireRequest,
    ) -> Result<tam_hr::api::hiring::HiredBody> {
        self.call::<Json<tam_hr::api::hiring::HiredBody>>(
            Method::POST,
            &format!("/api/v1/hr/applicants/{id}/hire", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/warning-letters` (hr: `pembinaan::issue`).
    pub async fn pembinaan_issue(
        &self,
        body: &tam_hr::api::pembinaan::IssueLetterRequest,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.call::<Json<tam_hr::api::pembinaan::WarningLetterBody>>(
            Method::POST,
            "/api/v1/hr/warning-letters",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/warning-letters` (hr: `pembinaan::letters`).
    pub async fn pembinaan_letters(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterList> {
        self.call::<Json<tam_hr::api::pembinaan::WarningLetterList>>(
            Method::GET,
            "/api/v1/hr/warning-letters",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/warning-letters/{id}/acknowledge` (hr: `pembinaan::acknowledge`).
    pub async fn pembinaan_acknowledge(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.call::<Json<tam_hr::api::pembinaan::WarningLetterBody>>(
            Method::POST,
            &format!("/api/v1/hr/warning-letters/{id}/acknowledge", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/warning-letters/{id}/decision` (hr: `pembinaan::decide`).
    pub async fn pembinaan_decide(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::pembinaan::LetterDecisionRequest,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.call::<Json<tam_hr::api::pembinaan::WarningLetterBody>>(
            Method::POST,
            &format!("/api/v1/hr/warning-letters/{id}/decision", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/warning-letters/{id}/revoke` (hr: `pembinaan::revoke`).
    pub async fn pembinaan_revoke(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::pembinaan::RevokeLetterRequest,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.call::<Json<tam_hr::api::pembinaan::WarningLetterBody>>(
            Method::POST,
            &format!("/api/v1/hr/warning-letters/{id}/revoke", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/termination-reviews` (hr: `pembinaan::reviews`).
    pub async fn pembinaan_reviews(
        &self,
        query: &tam_hr::api::pembinaan::ReviewQuery,
    ) -> Result<tam_hr::api::pembinaan::TerminationReviewList> {
        self.call::<Json<tam_hr::api::pembinaan::TerminationReviewList>>(
            Method::GET,
            "/api/v1/hr/termination-reviews",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/termination-reviews/{id}/decision` (hr: `pembinaan::decide_review`).
    pub async fn pembinaan_decide_review(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::pembinaan::ReviewDecisionRequest,
    ) -> Result<tam_hr::api::pembinaan::TerminationReviewBody> {
        self.call::<Json<tam_hr::api::pembinaan::TerminationReviewBody>>(
            Method::POST,
            &format!("/api/v1/hr/termination-reviews/{id}/decision", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/coaching` (hr: `pembinaan::record_coaching`).
    pub async fn pembinaan_record_coaching(
        &self,
        body: &tam_hr::api::pembinaan::CoachingRequest,
    ) -> Result<tam_hr::api::pembinaan::CoachingBody> {
        self.call::<Json<tam_hr::api::pembinaan::CoachingBody>>(
            Method::POST,
            "/api/v1/hr/coaching",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/coaching` (hr: `pembinaan::coaching`).
    pub async fn pembinaan_coaching(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::CoachingList> {
        self.call::<Json<tam_hr::api::pembinaan::CoachingList>>(
            Method::GET,
            "/api/v1/hr/coaching",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/coaching/{id}/close` (hr: `pembinaan::close_plan`).
    pub async fn pembinaan_close_plan(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::pembinaan::CoachingBody> {
        self.call::<Json<tam_hr::api::pembinaan::CoachingBody>>(
            Method::POST,
            &format!("/api/v1/hr/coaching/{id}/close", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/requisitions` (hr: `requisitions::open`).
    pub async fn requisitions_open(
        &self,
        body: &tam_hr::api::requisitions::OpenRequisitionRequest,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.call::<Json<tam_hr::api::requisitions::RequisitionBody>>(
            Method::POST,
            "/api/v1/hr/requisitions",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/requisitions` (hr: `requisitions::list`).
    pub async fn requisitions_list(
        &self,
        query: &tam_hr::api::requisitions::RequisitionListQuery,
    ) -> Result<tam_hr::api::requisitions::RequisitionPage> {
        self.call::<Json<tam_hr::api::requisitions::RequisitionPage>>(
            Method::GET,
            "/api/v1/hr/requisitions",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/hr/requisitions`, fetched as the stream is read.
    pub fn requisitions_list_pages(
        &self,
        query: &tam_hr::api::requisitions::RequisitionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_hr::api::requisitions::RequisitionPage>> + Send + 'static,
    > {
        Ok(self.pages("/api/v1/hr/requisitions".to_owned(), query_string(query)?))
    }

    /// `GET /api/v1/hr/requisitions/{id}` (hr: `requisitions::get`).
    pub async fn requisitions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.call::<Json<tam_hr::api::requisitions::RequisitionBody>>(
            Method::GET,
            &format!("/api/v1/hr/requisitions/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/requisitions/{id}/cancel` (hr: `requisitions::cancel`).
    pub async fn requisitions_cancel(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.call::<Json<tam_hr::api::requisitions::RequisitionBody>>(
            Method::POST,
            &format!("/api/v1/hr/requisitions/{id}/cancel", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/teams` (hr: `teams::create`).
    pub async fn teams_create(
        &self,
        body: &tam_hr::api::teams::CreateTeamRequest,
    ) -> Result<tam_hr::api::teams::TeamBody> {
        self.call::<Json<tam_hr::api::teams::TeamBody>>(
            Method::POST,
            "/api/v1/hr/teams",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/teams` (hr: `teams::list`).
    pub async fn teams_list(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<tam_hr::api::teams::TeamPage> {
        self.call::<Json<tam_hr::api::teams::TeamPage>>(
            Method::GET,
            "/api/v1/hr/teams",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/hr/teams`, fetched as the stream is read.
    pub fn teams_list_pages(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::teams::TeamPage>> + Send + 'static> {
        Ok(self.pages("/api/v1/hr/teams".to_owned(), query_string(query)?))
    }

    /// `GET /api/v1/hr/teams/{id}` (hr: `teams::get`).
    pub async fn teams_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::teams::TeamBody> {
        self.call::<Json<tam_hr::api::teams::TeamBody>>(
            Method::GET,
            &format!("/api/v1/hr/teams/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/training/classes` (hr: `training::create`).
    pub async fn training_create(
        &self,
        body: &tam_hr::api::training::CreateClassRequest,
    ) -> Result<tam_hr::api::training::ClassBody> {
        self.call::<Json<tam_hr::api::training::ClassBody>>(
            Method::POST,
            "/api/v1/hr/training/classes",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/hr/training/classes` (hr: `training::list`).
    pub async fn training_list(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<tam_hr::api::training::ClassPage> {
        self.call::<Json<tam_hr::api::training::ClassPage>>(
            Method::GET,
            "/api/v1/hr/training/classes",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/hr/training/classes`, fetched as the stream is read.
    pub fn training_list_pages(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::training::ClassPage>> + Send + 'static> {
        Ok(self.pages(
            "/api/v1/hr/training/classes".to_owned(),
            query_string(query)?,
        ))
    }

    /// `GET /api/v1/hr/training/classes/{id}` (hr: `training::get`).
    pub async fn training_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::training::ClassBody> {
        self.call::<Json<tam_hr::api::training::ClassBody>>(
            Method::GET,
            &format!("/api/v1/hr/training/classes/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/training/classes/{id}/enrollments` (hr: `training::enroll`).
    pub async fn training_enroll(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::training::EnrollRequest,
    ) -> Result<tam_hr::api::training::EnrollmentBody> {
        self.call::<Json<tam_hr::api::training::EnrollmentBody>>(
            Method::POST,
            &format!("/api/v1/hr/training/classes/{id}/enrollments", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/hr/training/classes/{id}/attendance` (hr: `training::attendance`).
    pub async fn training_attendance(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::training::AttendanceRequest,
    ) -> Result<()> {
        self.call::<Empty>(
            Method::POST,
            &format!("/api/v1/hr/training/classes/{id}/attendance", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Empty| ())
    }

    /// `POST /api/v1/hr/training/classes/{id}/scores` (hr: `training::score`).
    pub async fn training_score(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::training::ScoreRequest,
    ) -> Result<tam_hr::api::training::TrainingScoreBody> {
        self.call::<Json<tam_hr::api::training::TrainingScoreBody>>(
            Method::POST,
            &format!("/api/v1/hr/training/classes/{id}/scores", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/prospect/dnc` (prospect: `dnc::add`).
    pub async fn dnc_add(
        &self,
        body: &tam_prospect::api::dnc::AddDncRequest,
    ) -> Result<tam_prospect::api::dnc::DncBody> {
        self.call::<Json<tam_prospect::api::dnc::DncBody>>(
            Method::POST,
            "/api/v1/prospect/dnc",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/prospect/dnc` (prospect: `dnc::list`).
    pub async fn dnc_list(
        &self,
        query: &tam_prospect::api::dnc::DncListQuery,
    ) -> Result<tam_prospect::api::dnc::DncPage> {
        self.call::<Json<tam_prospect::api::dnc::DncPage>>(
            Method::GET,
            "/api/v1/prospect/dnc",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/prospect/dnc`, fetched as the stream is read.
    pub fn dnc_list_pages(
        &self,
        query: &tam_prospect::api::dnc::DncListQuery,
    ) -> Result<impl Stream<Item = Result<tam_prospect::api::dnc::DncPage>> + Send + 'static> {
        Ok(self.pages("/api/v1/prospect/dnc".to_owned(), query_string(query)?))
    }

    /// `GET /api/v1/prospect/dnc/{number}` (prospect: `dnc::get`).
    pub async fn dnc_get(&self, number: &str) -> Result<tam_prospect::api::dnc::DncDetailBody> {
        self.call::<Json<tam_prospect::api::dnc::DncDetailBody>>(
            Method::GET,
            &format!("/api/v1/prospect/dnc/{number}", number = seg(number)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/prospect/dnc/{number}/remove` (prospect: `dnc::remove`).
    pub async fn dnc_remove(
        &self,
        number: &str,
        body: &tam_prospect::api::dnc::RemoveDncRequest,
    ) -> Result<tam_prospect::api::dnc::DncBody> {
        self.call::<Json<tam_prospect::api::dnc::DncBody>>(
            Method::POST,
            &format!("/api/v1/prospect/dnc/{number}/remove", number = seg(number)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/prospect/work-orders/{id}/dapros` (prospect: `import::import`). The body is streamed from `upload` (`text/csv`).
    pub async fn prospect_import(
        &self,
        id: uuid::Uuid,
        upload: Upload,
    ) -> Result<tam_prospect::api::import::ImportReportBody> {
        self.call::<Json<tam_prospect::api::import::ImportReportBody>>(
            Method::POST,
            &format!("/api/v1/prospect/work-orders/{id}/dapros", id = seg(id)),
            None,
            Body::Upload(upload),
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports` (prospect: `import::list`).
    pub async fn prospect_import_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<tam_prospect::api::import::ImportPage> {
        self.call::<Json<tam_prospect::api::import::ImportPage>>(
            Method::GET,
            &format!("/api/v1/prospect/work-orders/{id}/imports", id = seg(id)),
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/prospect/work-orders/{id}/imports`, fetched as the stream is read.
    pub fn prospect_import_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<impl Stream<Item = Result<tam_prospect::api::import::ImportPage>> + Send + 'static>
    {
        Ok(self.pages(
            format!("/api/v1/prospect/work-orders/{id}/imports", id = seg(id)),
            query_string(query)?,
        ))
    }

    /// `GET /api/v1/prospect/imports/{id}` (prospect: `import::get`).
    pub async fn prospect_import_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::import::ImportReportBody> {
        self.call::<Json<tam_prospect::api::import::ImportReportBody>>(
            Method::GET,
            &format!("/api/v1/prospect/imports/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/prospect/imports/{id}/rejected` (prospect: `import::rejected`).
    pub async fn prospect_import_rejected(&self, id: uuid::Uuid) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            &format!("/api/v1/prospect/imports/{id}/rejected", id = seg(id)),
            None,
            Body::None,
        )
        .await
    }

    /// `POST /api/v1/prospect/next` (prospect: `prospects::next`).
    pub async fn prospects_next(
        &self,
        query: &tam_prospect::api::prospects::NextQuery,
    ) -> Result<Option<tam_prospect::api::prospects::NextBody>> {
        self.call::<Maybe<tam_prospect::api::prospects::NextBody>>(
            Method::POST,
            "/api/v1/prospect/next",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Maybe(v)| v)
    }

    /// `POST /api/v1/prospect/work-orders/{id}/distribute` (prospect: `prospects::distribute`).
    pub async fn prospects_distribute(
        &self,
        id: uuid::Uuid,
        body: &tam_prospect::api::prospects::DistributeRequest,
    ) -> Result<tam_prospect::api::prospects::DistributionBody> {
        self.call::<Json<tam_prospect::api::prospects::DistributionBody>>(
            Method::POST,
            &format!("/api/v1/prospect/work-orders/{id}/distribute", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/prospect/work-orders/{id}/progress` (prospect: `prospects::progress`).
    pub async fn prospects_progress(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProgressBody> {
        self.call::<Json<tam_prospect::api::prospects::ProgressBody>>(
            Method::GET,
            &format!("/api/v1/prospect/work-orders/{id}/progress", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects` (prospect: `prospects::list`).
    pub async fn prospects_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<tam_prospect::api::prospects::ProspectPage> {
        self.call::<Json<tam_prospect::api::prospects::ProspectPage>>(
            Method::GET,
            &format!("/api/v1/prospect/work-orders/{id}/prospects", id = seg(id)),
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/prospect/work-orders/{id}/prospects`, fetched as the stream is read.
    pub fn prospects_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::prospects::ProspectPage>> + Send + 'static,
    > {
        Ok(self.pages(
            format!("/api/v1/prospect/work-orders/{id}/prospects", id = seg(id)),
            query_string(query)?,
        ))
    }

    /// `GET /api/v1/prospect/prospects/{id}` (prospect: `prospects::get`).
    pub async fn prospects_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProspectDetailBody> {
        self.call::<Json<tam_prospect::api::prospects::ProspectDetailBody>>(
            Method::GET,
            &format!("/api/v1/prospect/prospects/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/prospect/work-orders` (prospect: `work_orders::create`).
    pub async fn work_orders_create(
        &self,
        body: &tam_prospect::api::work_orders::CreateWorkOrderRequest,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.call::<Json<tam_prospect::api::work_orders::WorkOrderBody>>(
            Method::POST,
            "/api/v1/prospect/work-orders",
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/prospect/work-orders` (prospect: `work_orders::list`).
    pub async fn work_orders_list(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderPage> {
        self.call::<Json<tam_prospect::api::work_orders::WorkOrderPage>>(
            Method::GET,
            "/api/v1/prospect/work-orders",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/prospect/work-orders`, fetched as the stream is read.
    pub fn work_orders_list_pages(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::work_orders::WorkOrderPage>> + Send + 'static,
    > {
        Ok(self.pages(
            "/api/v1/prospect/work-orders".to_owned(),
            query_string(query)?,
        ))
    }

    /// `GET /api/v1/prospect/work-orders/{id}` (prospect: `work_orders::get`).
    pub async fn work_orders_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.call::<Json<tam_prospect::api::work_orders::WorkOrderBody>>(
            Method::GET,
            &format!("/api/v1/prospect/work-orders/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PATCH /api/v1/prospect/work-orders/{id}` (prospect: `work_orders::update`).
    pub async fn work_orders_update(
        &self,
        id: uuid::Uuid,
        body: &tam_prospect::api::work_orders::UpdateWorkOrderRequest,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.call::<Json<tam_prospect::api::work_orders::WorkOrderBody>>(
            Method::PATCH,
            &format!("/api/v1/prospect/work-orders/{id}", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/prospect/work-orders/{id}/activate` (prospect: `work_orders::activate`).
    pub async fn work_orders_activate(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.call::<Json<tam_prospect::api::work_orders::WorkOrderBody>>(
            Method::POST,
            &format!("/api/v1/prospect/work-orders/{id}/activate", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/prospect/work-orders/{id}/close` (prospect: `work_orders::close`).
    pub async fn work_orders_close(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.call::<Json<tam_prospect::api::work_orders::WorkOrderBody>>(
            Method::POST,
            &format!("/api/v1/prospect/work-orders/{id}/close", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/daily-counts` (quality: `daily_counts::daily_counts`).
    pub async fn quality_daily_counts(
        &self,
        query: &tam_quality::api::daily_counts::DayQuery,
    ) -> Result<tam_quality::api::daily_counts::DailyCounts> {
        self.call::<Json<tam_quality::api::daily_counts::DailyCounts>>(
            Method::GET,
            "/api/v1/quality/daily-counts",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/mis-sale-reviews` (quality: `mis_sales::list`).
    pub async fn mis_sales_list(
        &self,
        query: &tam_quality::api::mis_sales::MisSaleListQuery,
    ) -> Result<tam_quality::api::mis_sales::MisSaleReviewPage> {
        self.call::<Json<tam_quality::api::mis_sales::MisSaleReviewPage>>(
            Method::GET,
            "/api/v1/quality/mis-sale-reviews",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/quality/mis-sale-reviews`, fetched as the stream is read.
    pub fn mis_sales_list_pages(
        &self,
        query: &tam_quality::api::mis_sales::MisSaleListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_quality::api::mis_sales::MisSaleReviewPage>> + Send + 'static,
    > {
        Ok(self.pages(
            "/api/v1/quality/mis-sale-reviews".to_owned(),
            query_string(query)?,
        ))
    }

    /// `POST /api/v1/quality/mis-sale-reviews/{id}/decision` (quality: `mis_sales::decision`).
    pub async fn mis_sales_decision(
        &self,
        id: uuid::Uuid,
        body: &tam_quality::api::mis_sales::MisSaleDecisionRequest,
    ) -> Result<tam_quality::api::mis_sales::MisSaleReviewBody> {
        self.call::<Json<tam_quality::api::mis_sales::MisSaleReviewBody>>(
            Method::POST,
            &format!(
                "/api/v1/quality/mis-sale-reviews/{id}/decision",
                id = seg(id)
            ),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/parameters` (quality: `parameters::list_current`).
    pub async fn parameters_list_current(
        &self,
    ) -> Result<tam_quality::api::parameters::ParameterSetList> {
        self.call::<Json<tam_quality::api::parameters::ParameterSetList>>(
            Method::GET,
            "/api/v1/quality/parameters",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/parameters/{program}` (quality: `parameters::get_current`).
    pub async fn parameters_get_current(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterSetBody> {
        self.call::<Json<tam_quality::api::parameters::ParameterSetBody>>(
            Method::GET,
            &format!(
                "/api/v1/quality/parameters/{program}",
                program = seg(program)
            ),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `PUT /api/v1/quality/parameters/{program}` (quality: `parameters::replace`).
    pub async fn parameters_replace(
        &self,
        program: &str,
        body: &tam_quality::api::parameters::ReplaceParametersRequest,
    ) -> Result<tam_quality::api::parameters::ParameterSetBody> {
        self.call::<Json<tam_quality::api::parameters::ParameterSetBody>>(
            Method::PUT,
            &format!(
                "/api/v1/quality/parameters/{program}",
                program = seg(program)
            ),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/parameters/{program}/versions` (quality: `parameters::versions`).
    pub async fn parameters_versions(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterHistory> {
        self.call::<Json<tam_quality::api::parameters::ParameterHistory>>(
            Method::GET,
            &format!(
                "/api/v1/quality/parameters/{program}/versions",
                program = seg(program)
            ),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/reviews` (quality: `reviews::list`).
    pub async fn reviews_list(
        &self,
        query: &tam_quality::api::reviews::ReviewListQuery,
    ) -> Result<tam_quality::api::reviews::ReviewPage> {
        self.call::<Json<tam_quality::api::reviews::ReviewPage>>(
            Method::GET,
            "/api/v1/quality/reviews",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/quality/reviews`, fetched as the stream is read.
    pub fn reviews_list_pages(
        &self,
        query: &tam_quality::api::reviews::ReviewListQuery,
    ) -> Result<impl Stream<Item = Result<tam_quality::api::reviews::ReviewPage>> + Send + 'static>
    {
        Ok(self.pages("/api/v1/quality/reviews".to_owned(), query_string(query)?))
    }

    /// `POST /api/v1/quality/reviews/{id}/opinion` (quality: `reviews::opinion`).
    pub async fn reviews_opinion(
        &self,
        id: uuid::Uuid,
        body: &tam_quality::api::reviews::OpinionRequest,
    ) -> Result<tam_quality::api::reviews::ReviewBody> {
        self.call::<Json<tam_quality::api::reviews::ReviewBody>>(
            Method::POST,
            &format!("/api/v1/quality/reviews/{id}/opinion", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/quality/reviews/{id}/decision` (quality: `reviews::decision`).
    pub async fn reviews_decision(
        &self,
        id: uuid::Uuid,
        body: &tam_quality::api::reviews::DecisionRequest,
    ) -> Result<tam_quality::api::reviews::ReviewBody> {
        self.call::<Json<tam_quality::api::reviews::ReviewBody>>(
            Method::POST,
            &format!("/api/v1/quality/reviews/{id}/decision", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/score` (quality: `stats::score`).
    pub async fn stats_score(
        &self,
        query: &tam_quality::api::stats::ScoreQuery,
    ) -> Result<tam_quality::api::stats::ScoreBody> {
        self.call::<Json<tam_quality::api::stats::ScoreBody>>(
            Method::GET,
            "/api/v1/quality/score",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/coverage` (quality: `stats::coverage`).
    pub async fn stats_coverage(
        &self,
        query: &tam_quality::api::stats::CoverageQuery,
    ) -> Result<tam_quality::api::stats::CoverageBody> {
        self.call::<Json<tam_quality::api::stats::CoverageBody>>(
            Method::GET,
            "/api/v1/quality/coverage",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/quality/tasks` (quality: `tasks::list`).
    pub async fn tasks_list(
        &self,
        query: &tam_quality::api::tasks::TaskListQuery,
    ) -> Result<tam_quality::api::tasks::TaskPage> {
        self.call::<Json<tam_quality::api::tasks::TaskPage>>(
            Method::GET,
            "/api/v1/quality/tasks",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// Every page of `GET /api/v1/quality/tasks`, fetched as the stream is read.
    pub fn tasks_list_pages(
        &self,
        query: &tam_quality::api::tasks::TaskListQuery,
    ) -> Result<impl Stream<Item = Result<tam_quality::api::tasks::TaskPage>> + Send + 'static>
    {
        Ok(self.pages("/api/v1/quality/tasks".to_owned(), query_string(query)?))
    }

    /// `GET /api/v1/quality/tasks/{id}` (quality: `tasks::get`).
    pub async fn tasks_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_quality::api::tasks::TaskDetailBody> {
        self.call::<Json<tam_quality::api::tasks::TaskDetailBody>>(
            Method::GET,
            &format!("/api/v1/quality/tasks/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `POST /api/v1/quality/tasks/claim` (quality: `tasks::claim`).
    pub async fn tasks_claim(&self) -> Result<Option<tam_quality::api::tasks::TaskBody>> {
        self.call::<Maybe<tam_quality::api::tasks::TaskBody>>(
            Method::POST,
            "/api/v1/quality/tasks/claim",
            None,
            Body::None,
        )
        .await
        .map(|Maybe(v)| v)
    }

    /// `POST /api/v1/quality/tasks/{id}/verdict` (quality: `tasks::verdict`).
    pub async fn tasks_verdict(
        &self,
        id: uuid::Uuid,
        body: &tam_quality::api::tasks::VerdictRequest,
    ) -> Result<tam_quality::api::tasks::TaskDetailBody> {
        self.call::<Json<tam_quality::api::tasks::TaskDetailBody>>(
            Method::POST,
            &format!("/api/v1/quality/tasks/{id}/verdict", id = seg(id)),
            None,
            json_body(body)?,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/openapi.json` (gateway). The merged OpenAPI document (raw JSON: it has no Rust type). Public: sent without a token.
    pub async fn openapi_document(&self) -> Result<serde_json::Value> {
        self.call_public::<Json<serde_json::Value>>(
            Method::GET,
            "/api/v1/openapi.json",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/asyncapi.json` (gateway). The AsyncAPI document of the events (raw JSON: it has no Rust type). Public: sent without a token.
    pub async fn asyncapi_document(&self) -> Result<serde_json::Value> {
        self.call_public::<Json<serde_json::Value>>(
            Method::GET,
            "/api/v1/asyncapi.json",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/docs` (gateway). The page that shows the API document (HTML). Public: sent without a token.
    pub async fn docs_page(&self) -> Result<Download> {
        self.call_public::<Download>(Method::GET, "/api/v1/docs", None, Body::None)
            .await
    }

    /// `GET /api/v1/reporting/kpis` (reporting). The KPI definitions (raw JSON: reporting's `KpiList` holds `&'static str` definitions that cannot be read back).
    pub async fn reporting_kpis(&self) -> Result<serde_json::Value> {
        self.call::<Json<serde_json::Value>>(
            Method::GET,
            "/api/v1/reporting/kpis",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/reporting/outbound` (reporting). The outbound family report: JSON (the default; `Download::json`), CSV or XLSX per `format`.
    pub async fn reporting_outbound(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            "/api/v1/reporting/outbound",
            query_string(query)?,
            Body::None,
        )
        .await
    }

    /// `GET /api/v1/reporting/quality` (reporting). The quality family report: JSON (the default; `Download::json`), CSV or XLSX per `format`.
    pub async fn reporting_quality(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            "/api/v1/reporting/quality",
            query_string(query)?,
            Body::None,
        )
        .await
    }

    /// `GET /api/v1/reporting/activation` (reporting). The activation family report: JSON (the default; `Download::json`), CSV or XLSX per `format`.
    pub async fn reporting_activation(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            "/api/v1/reporting/activation",
            query_string(query)?,
            Body::None,
        )
        .await
    }

    /// `GET /api/v1/reporting/disruptions` (reporting). The disruptions family report: JSON (the default; `Download::json`), CSV or XLSX per `format`.
    pub async fn reporting_disruptions(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            "/api/v1/reporting/disruptions",
            query_string(query)?,
            Body::None,
        )
        .await
    }

    /// `GET /api/v1/reporting/workforce` (reporting). The workforce family report: JSON (the default; `Download::json`), CSV or XLSX per `format`.
    pub async fn reporting_workforce(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            "/api/v1/reporting/workforce",
            query_string(query)?,
            Body::None,
        )
        .await
    }

    /// `GET /api/v1/reporting/reconciliation` (reporting). A day's reconciliation (raw JSON: reporting's `Reconciliation` is write-only).
    pub async fn reporting_reconciliation(
        &self,
        query: &tam_reporting::api::reconciliation::DayQuery,
    ) -> Result<serde_json::Value> {
        self.call::<Json<serde_json::Value>>(
            Method::GET,
            "/api/v1/reporting/reconciliation",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/reporting/reconciliation/runs` (reporting). The reconciliation runs (raw JSON: reporting's `RunList` is write-only).
    pub async fn reporting_reconciliation_runs(&self) -> Result<serde_json::Value> {
        self.call::<Json<serde_json::Value>>(
            Method::GET,
            "/api/v1/reporting/reconciliation/runs",
            None,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/reporting/cabut-reasons` (reporting). The cabut reasons breakdown: JSON (the default; `Download::json`), CSV or XLSX per `format`.
    pub async fn reporting_cabut_reasons(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            "/api/v1/reporting/cabut-reasons",
            query_string(query)?,
            Body::None,
        )
        .await
    }

    /// `GET /api/v1/reporting/charts/{kpi}` (reporting). A KPI's trend chart, PNG or SVG.
    pub async fn reporting_chart(
        &self,
        kpi: &str,
        query: &tam_reporting::api::charts::ChartParams,
    ) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            &format!("/api/v1/reporting/charts/{kpi}", kpi = seg(kpi)),
            query_string(query)?,
            Body::None,
        )
        .await
    }

    /// `GET /api/v1/reporting/packs` (reporting). The scheduled packs (raw JSON: reporting's `PackList` is write-only).
    pub async fn reporting_packs(
        &self,
        query: &tam_reporting::api::packs::PackListParams,
    ) -> Result<serde_json::Value> {
        self.call::<Json<serde_json::Value>>(
            Method::GET,
            "/api/v1/reporting/packs",
            query_string(query)?,
            Body::None,
        )
        .await
        .map(|Json(v)| v)
    }

    /// `GET /api/v1/reporting/packs/{id}` (reporting). A pack's XLSX workbook, streamed.
    pub async fn reporting_pack_download(&self, id: uuid::Uuid) -> Result<Download> {
        self.call::<Download>(
            Method::GET,
            &format!("/api/v1/reporting/packs/{id}", id = seg(id)),
            None,
            Body::None,
        )
        .await
    }
}

crate::client::paged! {
    tam_calling::api::calls::CallPage => tam_calling::api::calls::CallBody,
    tam_helpdesk::api::cabut::CasePage => tam_helpdesk::api::cabut::CaseBody,
    tam_helpdesk::api::disruptions::DisruptionPage => tam_helpdesk::api::disruptions::DisruptionBody,
    tam_helpdesk::api::tickets::TicketPage => tam_helpdesk::api::tickets::TicketBody,
    tam_helpdesk::api::validation::ValidationPage => tam_helpdesk::api::validation::ValidationBody,
    tam_hr::api::applicants::ApplicantPage => tam_hr::api::applicants::ApplicantBody,
    tam_hr::api::employees::EmployeePage => tam_hr::api::employees::EmployeeBody,
    tam_hr::api::requisitions::RequisitionPage => tam_hr::api::requisitions::RequisitionBody,
    tam_hr::api::teams::TeamPage => tam_hr::api::teams::TeamBody,
    tam_hr::api::training::ClassPage => tam_hr::api::training::ClassBody,
    tam_prospect::api::dnc::DncPage => tam_prospect::api::dnc::DncBody,
    tam_prospect::api::import::ImportPage => tam_prospect::api::import::ImportSummaryBody,
    tam_prospect::api::prospects::ProspectPage => tam_prospect::api::prospects::ProspectBody,
    tam_prospect::api::work_orders::WorkOrderPage => tam_prospect::api::work_orders::WorkOrderBody,
    tam_quality::api::mis_sales::MisSaleReviewPage => tam_quality::api::mis_sales::MisSaleReviewBody,
    tam_quality::api::reviews::ReviewPage => tam_quality::api::reviews::ReviewBody,
    tam_quality::api::tasks::TaskPage => tam_quality::api::tasks::TaskBody,
}
