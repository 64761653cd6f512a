//! Role facades: a client per role that exposes only the routes the policy table lets
//! that role call (generated from the table; a test re-derives each from `POLICY`). Each
//! facade's `FACADE_ROUTES` names the route behind every method.

use futures::Stream;
use tam_kernel::Role;

use crate::client::{Client, Download, Result, Upload};

/// An agent: the next customer, their calls and results, recordings, their score and their sales' activation tickets.
#[derive(Debug, Clone)]
pub struct AgentClient {
    client: Client,
}

impl AgentClient {
    /// The role this facade is for.
    pub const ROLE: Role = Role::Agent;

    /// Every method of the facade and its route: (HTTP method, path pattern, method).
    pub const FACADE_ROUTES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("POST", "/api/v1/calling/calls", "calls_start"),
        ("GET", "/api/v1/calling/calls", "calls_list"),
        ("GET", "/api/v1/calling/calls", "calls_list_pages"),
        ("GET", "/api/v1/calling/calls/{id}", "calls_get"),
        (
            "POST",
            "/api/v1/calling/calls/{id}/result",
            "calls_record_result",
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
        ("POST", "/api/v1/helpdesk/disruptions", "disruptions_report"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions/{id}",
            "disruptions_get",
        ),
        ("GET", "/api/v1/helpdesk/disruptions", "disruptions_list"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions",
            "disruptions_list_pages",
        ),
        ("GET", "/api/v1/helpdesk/tickets/{id}", "tickets_get"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list_pages"),
        ("GET", "/api/v1/hr/shifts", "attendance_shifts"),
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
        ("GET", "/api/v1/hr/attendance", "attendance_list"),
        ("GET", "/api/v1/hr/attendance/me", "attendance_mine"),
        (
            "GET",
            "/api/v1/hr/attendance/policies",
            "attendance_policies",
        ),
        ("POST", "/api/v1/auth/logout-all", "auth_logout_all"),
        ("GET", "/api/v1/auth/me", "auth_me"),
        ("GET", "/api/v1/hr/certifications", "certification_list"),
        ("GET", "/api/v1/hr/employees", "employees_list"),
        ("GET", "/api/v1/hr/employees", "employees_list_pages"),
        ("GET", "/api/v1/hr/employees/{id}", "employees_get"),
        ("GET", "/api/v1/hr/evaluations", "evaluation_list"),
        (
            "GET",
            "/api/v1/hr/evaluations/adjustments",
            "evaluation_adjustments",
        ),
        (
            "GET",
            "/api/v1/hr/incentive-tables/{program}",
            "evaluation_get_table",
        ),
        ("GET", "/api/v1/hr/warning-letters", "pembinaan_letters"),
        ("GET", "/api/v1/hr/coaching", "pembinaan_coaching"),
        ("GET", "/api/v1/hr/training/classes", "training_list"),
        ("GET", "/api/v1/hr/training/classes", "training_list_pages"),
        ("GET", "/api/v1/hr/training/classes/{id}", "training_get"),
        ("POST", "/api/v1/prospect/next", "prospects_next"),
        ("GET", "/api/v1/prospect/prospects/{id}", "prospects_get"),
        ("GET", "/api/v1/quality/score", "stats_score"),
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
            "/api/v1/reporting/cabut-reasons",
            "reporting_cabut_reasons",
        ),
        ("GET", "/api/v1/reporting/charts/{kpi}", "reporting_chart"),
        ("POST", "/api/v1/prospect/next", "next"),
        ("POST", "/api/v1/calling/calls", "start_call"),
        ("POST", "/api/v1/calling/calls/{id}/result", "record_result"),
        (
            "PUT",
            "/api/v1/calling/calls/{id}/recording",
            "upload_recording",
        ),
        ("GET", "/api/v1/calling/calls", "my_calls"),
        ("GET", "/api/v1/calling/calls", "my_calls_pages"),
        ("GET", "/api/v1/quality/score", "my_score"),
        ("GET", "/api/v1/helpdesk/tickets", "my_activation_statuses"),
        (
            "GET",
            "/api/v1/helpdesk/tickets",
            "my_activation_statuses_pages",
        ),
    ];

    /// Logs in at `base_url` as a user of this role (another role's user is refused
    /// with a 403-like problem, and logged out again).
    pub async fn login(base_url: &str, username: &str, password: &str) -> Result<Self> {
        let client = Client::new(base_url)?;
        client.login(username, password).await?;
        Self::from_client(client).await
    }

    /// Wraps a logged-in client whose session is this role's.
    pub async fn from_client(client: Client) -> Result<Self> {
        crate::facades::check_role(&client, Self::ROLE).await?;
        Ok(Self { client })
    }

    /// Ends the session (revokes the refresh family).
    pub async fn logout(&self) -> Result<()> {
        self.client.logout().await
    }

    /// `POST /api/v1/calling/calls`: [`Client::calls_start`].
    pub async fn calls_start(
        &self,
        body: &tam_calling::api::calls::StartCallRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_start(body).await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list`].
    pub async fn calls_list(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<tam_calling::api::calls::CallPage> {
        self.client.calls_list(query).await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list_pages`].
    pub fn calls_list_pages(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<impl Stream<Item = Result<tam_calling::api::calls::CallPage>> + Send + 'static>
    {
        self.client.calls_list_pages(query)
    }

    /// `GET /api/v1/calling/calls/{id}`: [`Client::calls_get`].
    pub async fn calls_get(&self, id: uuid::Uuid) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_get(id).await
    }

    /// `POST /api/v1/calling/calls/{id}/result`: [`Client::calls_record_result`].
    pub async fn calls_record_result(
        &self,
        id: uuid::Uuid,
        body: &tam_calling::api::calls::RecordResultRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_record_result(id, body).await
    }

    /// `PUT /api/v1/calling/calls/{id}/recording`: [`Client::recordings_put`].
    pub async fn recordings_put(
        &self,
        id: uuid::Uuid,
        upload: Upload,
    ) -> Result<tam_calling::api::calls::RecordingBody> {
        self.client.recordings_put(id, upload).await
    }

    /// `GET /api/v1/calling/calls/{id}/recording`: [`Client::recordings_get`].
    pub async fn recordings_get(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.recordings_get(id).await
    }

    /// `POST /api/v1/helpdesk/disruptions`: [`Client::disruptions_report`].
    pub async fn disruptions_report(
        &self,
        body: &tam_helpdesk::api::disruptions::ReportRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_report(body).await
    }

    /// `GET /api/v1/helpdesk/disruptions/{id}`: [`Client::disruptions_get`].
    pub async fn disruptions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_get(id).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list`].
    pub async fn disruptions_list(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionPage> {
        self.client.disruptions_list(query).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list_pages`].
    pub fn disruptions_list_pages(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::disruptions::DisruptionPage>> + Send + 'static,
    > {
        self.client.disruptions_list_pages(query)
    }

    /// `GET /api/v1/helpdesk/tickets/{id}`: [`Client::tickets_get`].
    pub async fn tickets_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.client.tickets_get(id).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list`].
    pub async fn tickets_list(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<tam_helpdesk::api::tickets::TicketPage> {
        self.client.tickets_list(query).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list_pages`].
    pub fn tickets_list_pages(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::tickets::TicketPage>> + Send + 'static>
    {
        self.client.tickets_list_pages(query)
    }

    /// `GET /api/v1/hr/shifts`: [`Client::attendance_shifts`].
    pub async fn attendance_shifts(
        &self,
        query: &tam_hr::api::attendance::ShiftQuery,
    ) -> Result<tam_hr::api::attendance::ShiftList> {
        self.client.attendance_shifts(query).await
    }

    /// `POST /api/v1/hr/attendance/check-in`: [`Client::attendance_check_in`].
    pub async fn attendance_check_in(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_check_in().await
    }

    /// `POST /api/v1/hr/attendance/check-out`: [`Client::attendance_check_out`].
    pub async fn attendance_check_out(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_check_out().await
    }

    /// `GET /api/v1/hr/attendance`: [`Client::attendance_list`].
    pub async fn attendance_list(
        &self,
        query: &tam_hr::api::attendance::AttendanceQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_list(query).await
    }

    /// `GET /api/v1/hr/attendance/me`: [`Client::attendance_mine`].
    pub async fn attendance_mine(
        &self,
        query: &tam_hr::api::attendance::OwnQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_mine(query).await
    }

    /// `GET /api/v1/hr/attendance/policies`: [`Client::attendance_policies`].
    pub async fn attendance_policies(&self) -> Result<tam_hr::api::attendance::PolicyList> {
        self.client.attendance_policies().await
    }

    /// `POST /api/v1/auth/logout-all`: [`Client::auth_logout_all`].
    pub async fn auth_logout_all(&self) -> Result<()> {
        self.client.auth_logout_all().await
    }

    /// `GET /api/v1/auth/me`: [`Client::auth_me`].
    pub async fn auth_me(&self) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.auth_me().await
    }

    /// `GET /api/v1/hr/certifications`: [`Client::certification_list`].
    pub async fn certification_list(
        &self,
        query: &tam_hr::api::certification::CertificationQuery,
    ) -> Result<tam_hr::api::certification::CertificationList> {
        self.client.certification_list(query).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list`].
    pub async fn employees_list(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<tam_hr::api::employees::EmployeePage> {
        self.client.employees_list(query).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list_pages`].
    pub fn employees_list_pages(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::employees::EmployeePage>> + Send + 'static>
    {
        self.client.employees_list_pages(query)
    }

    /// `GET /api/v1/hr/employees/{id}`: [`Client::employees_get`].
    pub async fn employees_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.employees_get(id).await
    }

    /// `GET /api/v1/hr/evaluations`: [`Client::evaluation_list`].
    pub async fn evaluation_list(
        &self,
        query: &tam_hr::api::evaluation::EvaluationQuery,
    ) -> Result<tam_hr::api::evaluation::EvaluationList> {
        self.client.evaluation_list(query).await
    }

    /// `GET /api/v1/hr/evaluations/adjustments`: [`Client::evaluation_adjustments`].
    pub async fn evaluation_adjustments(
        &self,
        query: &tam_hr::api::evaluation::AdjustmentQuery,
    ) -> Result<tam_hr::api::evaluation::AdjustmentList> {
        self.client.evaluation_adjustments(query).await
    }

    /// `GET /api/v1/hr/incentive-tables/{program}`: [`Client::evaluation_get_table`].
    pub async fn evaluation_get_table(
        &self,
        program: &str,
    ) -> Result<tam_hr::api::evaluation::TableBody> {
        self.client.evaluation_get_table(program).await
    }

    /// `GET /api/v1/hr/warning-letters`: [`Client::pembinaan_letters`].
    pub async fn pembinaan_letters(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterList> {
        self.client.pembinaan_letters(query).await
    }

    /// `GET /api/v1/hr/coaching`: [`Client::pembinaan_coaching`].
    pub async fn pembinaan_coaching(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::CoachingList> {
        self.client.pembinaan_coaching(query).await
    }

    /// `GET /api/v1/hr/training/classes`: [`Client::training_list`].
    pub async fn training_list(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<tam_hr::api::training::ClassPage> {
        self.client.training_list(query).await
    }

    /// `GET /api/v1/hr/training/classes`: [`Client::training_list_pages`].
    pub fn training_list_pages(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::training::ClassPage>> + Send + 'static> {
        self.client.training_list_pages(query)
    }

    /// `GET /api/v1/hr/training/classes/{id}`: [`Client::training_get`].
    pub async fn training_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::training::ClassBody> {
        self.client.training_get(id).await
    }

    /// `POST /api/v1/prospect/next`: [`Client::prospects_next`].
    pub async fn prospects_next(
        &self,
        query: &tam_prospect::api::prospects::NextQuery,
    ) -> Result<Option<tam_prospect::api::prospects::NextBody>> {
        self.client.prospects_next(query).await
    }

    /// `GET /api/v1/prospect/prospects/{id}`: [`Client::prospects_get`].
    pub async fn prospects_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProspectDetailBody> {
        self.client.prospects_get(id).await
    }

    /// `GET /api/v1/quality/score`: [`Client::stats_score`].
    pub async fn stats_score(
        &self,
        query: &tam_quality::api::stats::ScoreQuery,
    ) -> Result<tam_quality::api::stats::ScoreBody> {
        self.client.stats_score(query).await
    }

    /// `GET /api/v1/reporting/kpis`: [`Client::reporting_kpis`].
    pub async fn reporting_kpis(&self) -> Result<serde_json::Value> {
        self.client.reporting_kpis().await
    }

    /// `GET /api/v1/reporting/outbound`: [`Client::reporting_outbound`].
    pub async fn reporting_outbound(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_outbound(query).await
    }

    /// `GET /api/v1/reporting/quality`: [`Client::reporting_quality`].
    pub async fn reporting_quality(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_quality(query).await
    }

    /// `GET /api/v1/reporting/activation`: [`Client::reporting_activation`].
    pub async fn reporting_activation(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_activation(query).await
    }

    /// `GET /api/v1/reporting/disruptions`: [`Client::reporting_disruptions`].
    pub async fn reporting_disruptions(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_disruptions(query).await
    }

    /// `GET /api/v1/reporting/workforce`: [`Client::reporting_workforce`].
    pub async fn reporting_workforce(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_workforce(query).await
    }

    /// `GET /api/v1/reporting/cabut-reasons`: [`Client::reporting_cabut_reasons`].
    pub async fn reporting_cabut_reasons(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_cabut_reasons(query).await
    }

    /// `GET /api/v1/reporting/charts/{kpi}`: [`Client::reporting_chart`].
    pub async fn reporting_chart(
        &self,
        kpi: &str,
        query: &tam_reporting::api::charts::ChartParams,
    ) -> Result<Download> {
        self.client.reporting_chart(kpi, query).await
    }

    /// The next customer to call (`None`: nothing due now), never the claim `done_with`
    /// (the claim of the call just made).
    /// `POST /api/v1/prospect/next`: [`Client::prospects_next`].
    pub async fn next(
        &self,
        done_with: Option<uuid::Uuid>,
    ) -> Result<Option<tam_prospect::api::prospects::NextBody>> {
        self.client
            .prospects_next(&tam_prospect::api::prospects::NextQuery { done_with })
            .await
    }

    /// Start a call to the customer `next` gave.
    /// `POST /api/v1/calling/calls`: [`Client::calls_start`].
    pub async fn start_call(
        &self,
        body: &tam_calling::api::calls::StartCallRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_start(body).await
    }

    /// Record the call's result (retry-safe: one Idempotency-Key per call of this method).
    /// `POST /api/v1/calling/calls/{id}/result`: [`Client::calls_record_result`].
    pub async fn record_result(
        &self,
        id: uuid::Uuid,
        body: &tam_calling::api::calls::RecordResultRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_record_result(id, body).await
    }

    /// Upload the call's recording, streamed.
    /// `PUT /api/v1/calling/calls/{id}/recording`: [`Client::recordings_put`].
    pub async fn upload_recording(
        &self,
        id: uuid::Uuid,
        upload: Upload,
    ) -> Result<tam_calling::api::calls::RecordingBody> {
        self.client.recordings_put(id, upload).await
    }

    /// The agent's own calls (the API scopes the list to them).
    /// `GET /api/v1/calling/calls`: [`Client::calls_list`].
    pub async fn my_calls(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<tam_calling::api::calls::CallPage> {
        self.client.calls_list(query).await
    }

    /// Every page of the agent's own calls.
    /// `GET /api/v1/calling/calls`: [`Client::calls_list_pages`].
    pub fn my_calls_pages(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<impl Stream<Item = Result<tam_calling::api::calls::CallPage>> + Send + 'static>
    {
        self.client.calls_list_pages(query)
    }

    /// The agent's QC score for a month.
    /// `GET /api/v1/quality/score`: [`Client::stats_score`].
    pub async fn my_score(
        &self,
        query: &tam_quality::api::stats::ScoreQuery,
    ) -> Result<tam_quality::api::stats::ScoreBody> {
        self.client.stats_score(query).await
    }

    /// The activation tickets of the agent's own sales (their statuses).
    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list`].
    pub async fn my_activation_statuses(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<tam_helpdesk::api::tickets::TicketPage> {
        self.client.tickets_list(query).await
    }

    /// Every page of the activation tickets of the agent's own sales.
    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list_pages`].
    pub fn my_activation_statuses_pages(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::tickets::TicketPage>> + Send + 'static>
    {
        self.client.tickets_list_pages(query)
    }
}

/// A team leader: the team's calls (closing stuck ones), agents, scores and progress.
#[derive(Debug, Clone)]
pub struct TeamLeaderClient {
    client: Client,
}

impl TeamLeaderClient {
    /// The role this facade is for.
    pub const ROLE: Role = Role::TeamLeader;

    /// Every method of the facade and its route: (HTTP method, path pattern, method).
    pub const FACADE_ROUTES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("GET", "/api/v1/calling/calls", "calls_list"),
        ("GET", "/api/v1/calling/calls", "calls_list_pages"),
        ("GET", "/api/v1/calling/calls/{id}", "calls_get"),
        (
            "POST",
            "/api/v1/calling/calls/{id}/abandon",
            "calls_abandon",
        ),
        (
            "GET",
            "/api/v1/calling/calls/{id}/recording",
            "recordings_get",
        ),
        ("GET", "/api/v1/helpdesk/cabut/stats", "cabut_stats"),
        ("POST", "/api/v1/helpdesk/disruptions", "disruptions_report"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions/{id}",
            "disruptions_get",
        ),
        ("GET", "/api/v1/helpdesk/disruptions", "disruptions_list"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions",
            "disruptions_list_pages",
        ),
        ("GET", "/api/v1/helpdesk/tickets/{id}", "tickets_get"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list_pages"),
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
        ("POST", "/api/v1/auth/logout-all", "auth_logout_all"),
        ("GET", "/api/v1/auth/me", "auth_me"),
        ("GET", "/api/v1/hr/certifications", "certification_list"),
        ("GET", "/api/v1/hr/employees", "employees_list"),
        ("GET", "/api/v1/hr/employees", "employees_list_pages"),
        ("GET", "/api/v1/hr/employees/{id}", "employees_get"),
        ("GET", "/api/v1/hr/evaluations", "evaluation_list"),
        (
            "POST",
            "/api/v1/hr/evaluations/{id}/review",
            "evaluation_review",
        ),
        (
            "GET",
            "/api/v1/hr/evaluations/adjustments",
            "evaluation_adjustments",
        ),
        (
            "GET",
            "/api/v1/hr/incentive-tables/{program}",
            "evaluation_get_table",
        ),
        ("GET", "/api/v1/hr/warning-letters", "pembinaan_letters"),
        ("POST", "/api/v1/hr/coaching", "pembinaan_record_coaching"),
        ("GET", "/api/v1/hr/coaching", "pembinaan_coaching"),
        (
            "POST",
            "/api/v1/hr/coaching/{id}/close",
            "pembinaan_close_plan",
        ),
        ("GET", "/api/v1/hr/teams", "teams_list"),
        ("GET", "/api/v1/hr/teams", "teams_list_pages"),
        ("GET", "/api/v1/hr/teams/{id}", "teams_get"),
        ("GET", "/api/v1/hr/training/classes", "training_list"),
        ("GET", "/api/v1/hr/training/classes", "training_list_pages"),
        ("GET", "/api/v1/hr/training/classes/{id}", "training_get"),
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}/imports",
            "prospect_import_list",
        ),
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}/imports",
            "prospect_import_list_pages",
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
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}/prospects",
            "prospects_list_pages",
        ),
        ("GET", "/api/v1/prospect/prospects/{id}", "prospects_get"),
        ("GET", "/api/v1/prospect/work-orders", "work_orders_list"),
        (
            "GET",
            "/api/v1/prospect/work-orders",
            "work_orders_list_pages",
        ),
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}",
            "work_orders_get",
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
            "GET",
            "/api/v1/quality/parameters/{program}/versions",
            "parameters_versions",
        ),
        ("GET", "/api/v1/quality/score", "stats_score"),
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
            "/api/v1/reporting/cabut-reasons",
            "reporting_cabut_reasons",
        ),
        ("GET", "/api/v1/reporting/charts/{kpi}", "reporting_chart"),
    ];

    /// Logs in at `base_url` as a user of this role (another role's user is refused
    /// with a 403-like problem, and logged out again).
    pub async fn login(base_url: &str, username: &str, password: &str) -> Result<Self> {
        let client = Client::new(base_url)?;
        client.login(username, password).await?;
        Self::from_client(client).await
    }

    /// Wraps a logged-in client whose session is this role's.
    pub async fn from_client(client: Client) -> Result<Self> {
        crate::facades::check_role(&client, Self::ROLE).await?;
        Ok(Self { client })
    }

    /// Ends the session (revokes the refresh family).
    pub async fn logout(&self) -> Result<()> {
        self.client.logout().await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list`].
    pub async fn calls_list(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<tam_calling::api::calls::CallPage> {
        self.client.calls_list(query).await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list_pages`].
    pub fn calls_list_pages(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<impl Stream<Item = Result<tam_calling::api::calls::CallPage>> + Send + 'static>
    {
        self.client.calls_list_pages(query)
    }

    /// `GET /api/v1/calling/calls/{id}`: [`Client::calls_get`].
    pub async fn calls_get(&self, id: uuid::Uuid) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_get(id).await
    }

    /// `POST /api/v1/calling/calls/{id}/abandon`: [`Client::calls_abandon`].
    pub async fn calls_abandon(
        &self,
        id: uuid::Uuid,
        body: &tam_calling::api::calls::AbandonRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_abandon(id, body).await
    }

    /// `GET /api/v1/calling/calls/{id}/recording`: [`Client::recordings_get`].
    pub async fn recordings_get(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.recordings_get(id).await
    }

    /// `GET /api/v1/helpdesk/cabut/stats`: [`Client::cabut_stats`].
    pub async fn cabut_stats(
        &self,
        query: &tam_helpdesk::api::cabut::StatsQuery,
    ) -> Result<tam_helpdesk::api::cabut::StatsBody> {
        self.client.cabut_stats(query).await
    }

    /// `POST /api/v1/helpdesk/disruptions`: [`Client::disruptions_report`].
    pub async fn disruptions_report(
        &self,
        body: &tam_helpdesk::api::disruptions::ReportRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_report(body).await
    }

    /// `GET /api/v1/helpdesk/disruptions/{id}`: [`Client::disruptions_get`].
    pub async fn disruptions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_get(id).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list`].
    pub async fn disruptions_list(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionPage> {
        self.client.disruptions_list(query).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list_pages`].
    pub fn disruptions_list_pages(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::disruptions::DisruptionPage>> + Send + 'static,
    > {
        self.client.disruptions_list_pages(query)
    }

    /// `GET /api/v1/helpdesk/tickets/{id}`: [`Client::tickets_get`].
    pub async fn tickets_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.client.tickets_get(id).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list`].
    pub async fn tickets_list(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<tam_helpdesk::api::tickets::TicketPage> {
        self.client.tickets_list(query).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list_pages`].
    pub fn tickets_list_pages(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::tickets::TicketPage>> + Send + 'static>
    {
        self.client.tickets_list_pages(query)
    }

    /// `GET /api/v1/hr/shifts`: [`Client::attendance_shifts`].
    pub async fn attendance_shifts(
        &self,
        query: &tam_hr::api::attendance::ShiftQuery,
    ) -> Result<tam_hr::api::attendance::ShiftList> {
        self.client.attendance_shifts(query).await
    }

    /// `POST /api/v1/hr/rosters`: [`Client::attendance_assign`].
    pub async fn attendance_assign(
        &self,
        body: &tam_hr::api::attendance::RosterRequest,
    ) -> Result<tam_hr::api::attendance::RosterBody> {
        self.client.attendance_assign(body).await
    }

    /// `POST /api/v1/hr/attendance/check-in`: [`Client::attendance_check_in`].
    pub async fn attendance_check_in(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_check_in().await
    }

    /// `POST /api/v1/hr/attendance/check-out`: [`Client::attendance_check_out`].
    pub async fn attendance_check_out(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_check_out().await
    }

    /// `POST /api/v1/hr/attendance/corrections`: [`Client::attendance_correct`].
    pub async fn attendance_correct(
        &self,
        body: &tam_hr::api::attendance::CorrectionRequest,
    ) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_correct(body).await
    }

    /// `GET /api/v1/hr/attendance`: [`Client::attendance_list`].
    pub async fn attendance_list(
        &self,
        query: &tam_hr::api::attendance::AttendanceQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_list(query).await
    }

    /// `GET /api/v1/hr/attendance/me`: [`Client::attendance_mine`].
    pub async fn attendance_mine(
        &self,
        query: &tam_hr::api::attendance::OwnQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_mine(query).await
    }

    /// `GET /api/v1/hr/attendance/policies`: [`Client::attendance_policies`].
    pub async fn attendance_policies(&self) -> Result<tam_hr::api::attendance::PolicyList> {
        self.client.attendance_policies().await
    }

    /// `POST /api/v1/auth/logout-all`: [`Client::auth_logout_all`].
    pub async fn auth_logout_all(&self) -> Result<()> {
        self.client.auth_logout_all().await
    }

    /// `GET /api/v1/auth/me`: [`Client::auth_me`].
    pub async fn auth_me(&self) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.auth_me().await
    }

    /// `GET /api/v1/hr/certifications`: [`Client::certification_list`].
    pub async fn certification_list(
        &self,
        query: &tam_hr::api::certification::CertificationQuery,
    ) -> Result<tam_hr::api::certification::CertificationList> {
        self.client.certification_list(query).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list`].
    pub async fn employees_list(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<tam_hr::api::employees::EmployeePage> {
        self.client.employees_list(query).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list_pages`].
    pub fn employees_list_pages(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::employees::EmployeePage>> + Send + 'static>
    {
        self.client.employees_list_pages(query)
    }

    /// `GET /api/v1/hr/employees/{id}`: [`Client::employees_get`].
    pub async fn employees_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.employees_get(id).await
    }

    /// `GET /api/v1/hr/evaluations`: [`Client::evaluation_list`].
    pub async fn evaluation_list(
        &self,
        query: &tam_hr::api::evaluation::EvaluationQuery,
    ) -> Result<tam_hr::api::evaluation::EvaluationList> {
        self.client.evaluation_list(query).await
    }

    /// `POST /api/v1/hr/evaluations/{id}/review`: [`Client::evaluation_review`].
    pub async fn evaluation_review(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::evaluation::EvaluationBody> {
        self.client.evaluation_review(id).await
    }

    /// `GET /api/v1/hr/evaluations/adjustments`: [`Client::evaluation_adjustments`].
    pub async fn evaluation_adjustments(
        &self,
        query: &tam_hr::api::evaluation::AdjustmentQuery,
    ) -> Result<tam_hr::api::evaluation::AdjustmentList> {
        self.client.evaluation_adjustments(query).await
    }

    /// `GET /api/v1/hr/incentive-tables/{program}`: [`Client::evaluation_get_table`].
    pub async fn evaluation_get_table(
        &self,
        program: &str,
    ) -> Result<tam_hr::api::evaluation::TableBody> {
        self.client.evaluation_get_table(program).await
    }

    /// `GET /api/v1/hr/warning-letters`: [`Client::pembinaan_letters`].
    pub async fn pembinaan_letters(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterList> {
        self.client.pembinaan_letters(query).await
    }

    /// `POST /api/v1/hr/coaching`: [`Client::pembinaan_record_coaching`].
    pub async fn pembinaan_record_coaching(
        &self,
        body: &tam_hr::api::pembinaan::CoachingRequest,
    ) -> Result<tam_hr::api::pembinaan::CoachingBody> {
        self.client.pembinaan_record_coaching(body).await
    }

    /// `GET /api/v1/hr/coaching`: [`Client::pembinaan_coaching`].
    pub async fn pembinaan_coaching(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::CoachingList> {
        self.client.pembinaan_coaching(query).await
    }

    /// `POST /api/v1/hr/coaching/{id}/close`: [`Client::pembinaan_close_plan`].
    pub async fn pembinaan_close_plan(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::pembinaan::CoachingBody> {
        self.client.pembinaan_close_plan(id).await
    }

    /// `GET /api/v1/hr/teams`: [`Client::teams_list`].
    pub async fn teams_list(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<tam_hr::api::teams::TeamPage> {
        self.client.teams_list(query).await
    }

    /// `GET /api/v1/hr/teams`: [`Client::teams_list_pages`].
    pub fn teams_list_pages(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::teams::TeamPage>> + Send + 'static> {
        self.client.teams_list_pages(query)
    }

    /// `GET /api/v1/hr/teams/{id}`: [`Client::teams_get`].
    pub async fn teams_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::teams::TeamBody> {
        self.client.teams_get(id).await
    }

    /// `GET /api/v1/hr/training/classes`: [`Client::training_list`].
    pub async fn training_list(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<tam_hr::api::training::ClassPage> {
        self.client.training_list(query).await
    }

    /// `GET /api/v1/hr/training/classes`: [`Client::training_list_pages`].
    pub fn training_list_pages(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::training::ClassPage>> + Send + 'static> {
        self.client.training_list_pages(query)
    }

    /// `GET /api/v1/hr/training/classes/{id}`: [`Client::training_get`].
    pub async fn training_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::training::ClassBody> {
        self.client.training_get(id).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports`: [`Client::prospect_import_list`].
    pub async fn prospect_import_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<tam_prospect::api::import::ImportPage> {
        self.client.prospect_import_list(id, query).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports`: [`Client::prospect_import_list_pages`].
    pub fn prospect_import_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<impl Stream<Item = Result<tam_prospect::api::import::ImportPage>> + Send + 'static>
    {
        self.client.prospect_import_list_pages(id, query)
    }

    /// `GET /api/v1/prospect/imports/{id}`: [`Client::prospect_import_get`].
    pub async fn prospect_import_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::import::ImportReportBody> {
        self.client.prospect_import_get(id).await
    }

    /// `GET /api/v1/prospect/imports/{id}/rejected`: [`Client::prospect_import_rejected`].
    pub async fn prospect_import_rejected(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.prospect_import_rejected(id).await
    }

    /// `POST /api/v1/prospect/work-orders/{id}/distribute`: [`Client::prospects_distribute`].
    pub async fn prospects_distribute(
        &self,
        id: uuid::Uuid,
        body: &tam_prospect::api::prospects::DistributeRequest,
    ) -> Result<tam_prospect::api::prospects::DistributionBody> {
        self.client.prospects_distribute(id, body).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/progress`: [`Client::prospects_progress`].
    pub async fn prospects_progress(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProgressBody> {
        self.client.prospects_progress(id).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects`: [`Client::prospects_list`].
    pub async fn prospects_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<tam_prospect::api::prospects::ProspectPage> {
        self.client.prospects_list(id, query).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects`: [`Client::prospects_list_pages`].
    pub fn prospects_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::prospects::ProspectPage>> + Send + 'static,
    > {
        self.client.prospects_list_pages(id, query)
    }

    /// `GET /api/v1/prospect/prospects/{id}`: [`Client::prospects_get`].
    pub async fn prospects_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProspectDetailBody> {
        self.client.prospects_get(id).await
    }

    /// `GET /api/v1/prospect/work-orders`: [`Client::work_orders_list`].
    pub async fn work_orders_list(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderPage> {
        self.client.work_orders_list(query).await
    }

    /// `GET /api/v1/prospect/work-orders`: [`Client::work_orders_list_pages`].
    pub fn work_orders_list_pages(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::work_orders::WorkOrderPage>> + Send + 'static,
    > {
        self.client.work_orders_list_pages(query)
    }

    /// `GET /api/v1/prospect/work-orders/{id}`: [`Client::work_orders_get`].
    pub async fn work_orders_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_get(id).await
    }

    /// `GET /api/v1/quality/parameters`: [`Client::parameters_list_current`].
    pub async fn parameters_list_current(
        &self,
    ) -> Result<tam_quality::api::parameters::ParameterSetList> {
        self.client.parameters_list_current().await
    }

    /// `GET /api/v1/quality/parameters/{program}`: [`Client::parameters_get_current`].
    pub async fn parameters_get_current(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterSetBody> {
        self.client.parameters_get_current(program).await
    }

    /// `GET /api/v1/quality/parameters/{program}/versions`: [`Client::parameters_versions`].
    pub async fn parameters_versions(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterHistory> {
        self.client.parameters_versions(program).await
    }

    /// `GET /api/v1/quality/score`: [`Client::stats_score`].
    pub async fn stats_score(
        &self,
        query: &tam_quality::api::stats::ScoreQuery,
    ) -> Result<tam_quality::api::stats::ScoreBody> {
        self.client.stats_score(query).await
    }

    /// `GET /api/v1/reporting/kpis`: [`Client::reporting_kpis`].
    pub async fn reporting_kpis(&self) -> Result<serde_json::Value> {
        self.client.reporting_kpis().await
    }

    /// `GET /api/v1/reporting/outbound`: [`Client::reporting_outbound`].
    pub async fn reporting_outbound(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_outbound(query).await
    }

    /// `GET /api/v1/reporting/quality`: [`Client::reporting_quality`].
    pub async fn reporting_quality(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_quality(query).await
    }

    /// `GET /api/v1/reporting/activation`: [`Client::reporting_activation`].
    pub async fn reporting_activation(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_activation(query).await
    }

    /// `GET /api/v1/reporting/disruptions`: [`Client::reporting_disruptions`].
    pub async fn reporting_disruptions(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_disruptions(query).await
    }

    /// `GET /api/v1/reporting/workforce`: [`Client::reporting_workforce`].
    pub async fn reporting_workforce(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_workforce(query).await
    }

    /// `GET /api/v1/reporting/cabut-reasons`: [`Client::reporting_cabut_reasons`].
    pub async fn reporting_cabut_reasons(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_cabut_reasons(query).await
    }

    /// `GET /api/v1/reporting/charts/{kpi}`: [`Client::reporting_chart`].
    pub async fn reporting_chart(
        &self,
        kpi: &str,
        query: &tam_reporting::api::charts::ChartParams,
    ) -> Result<Download> {
        self.client.reporting_chart(kpi, query).await
    }
}

/// A site's operations supervisor: work orders, DAPROS imports, distribution, the do-not-call list, the floor.
#[derive(Debug, Clone)]
pub struct SupervisorClient {
    client: Client,
}

impl SupervisorClient {
    /// The role this facade is for.
    pub const ROLE: Role = Role::SupervisorOps;

    /// Every method of the facade and its route: (HTTP method, path pattern, method).
    pub const FACADE_ROUTES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("GET", "/api/v1/calling/calls", "calls_list"),
        ("GET", "/api/v1/calling/calls", "calls_list_pages"),
        ("GET", "/api/v1/calling/calls/{id}", "calls_get"),
        (
            "POST",
            "/api/v1/calling/calls/{id}/abandon",
            "calls_abandon",
        ),
        (
            "GET",
            "/api/v1/calling/calls/{id}/recording",
            "recordings_get",
        ),
        ("GET", "/api/v1/helpdesk/cabut/stats", "cabut_stats"),
        ("POST", "/api/v1/helpdesk/disruptions", "disruptions_report"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions/{id}",
            "disruptions_get",
        ),
        ("GET", "/api/v1/helpdesk/disruptions", "disruptions_list"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions",
            "disruptions_list_pages",
        ),
        (
            "POST",
            "/api/v1/helpdesk/disruptions/{id}/status",
            "disruptions_status",
        ),
        ("GET", "/api/v1/helpdesk/tickets/{id}", "tickets_get"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list_pages"),
        ("GET", "/api/v1/hr/applicants", "applicants_list"),
        ("GET", "/api/v1/hr/applicants", "applicants_list_pages"),
        ("GET", "/api/v1/hr/applicants/{id}", "applicants_get"),
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
        ("POST", "/api/v1/auth/logout-all", "auth_logout_all"),
        ("GET", "/api/v1/auth/me", "auth_me"),
        ("POST", "/api/v1/hr/caplan", "caplan_revise"),
        ("GET", "/api/v1/hr/caplan", "caplan_list"),
        ("GET", "/api/v1/hr/sdm", "caplan_fulfilment"),
        ("GET", "/api/v1/hr/certifications", "certification_list"),
        (
            "GET",
            "/api/v1/hr/certifications/expiring",
            "certification_expiring",
        ),
        (
            "GET",
            "/api/v1/hr/employees/{id}/contracts",
            "contracts_list",
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
        ("GET", "/api/v1/hr/employees", "employees_list"),
        ("GET", "/api/v1/hr/employees", "employees_list_pages"),
        ("GET", "/api/v1/hr/employees/{id}", "employees_get"),
        ("PATCH", "/api/v1/hr/employees/{id}", "employees_update"),
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
            "GET",
            "/api/v1/hr/evaluations/adjustments",
            "evaluation_adjustments",
        ),
        ("GET", "/api/v1/hr/evaluations/export", "evaluation_export"),
        (
            "GET",
            "/api/v1/hr/incentive-tables/{program}",
            "evaluation_get_table",
        ),
        ("POST", "/api/v1/hr/warning-letters", "pembinaan_issue"),
        ("GET", "/api/v1/hr/warning-letters", "pembinaan_letters"),
        (
            "POST",
            "/api/v1/hr/warning-letters/{id}/revoke",
            "pembinaan_revoke",
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
        ("GET", "/api/v1/hr/requisitions", "requisitions_list_pages"),
        ("GET", "/api/v1/hr/requisitions/{id}", "requisitions_get"),
        (
            "POST",
            "/api/v1/hr/requisitions/{id}/cancel",
            "requisitions_cancel",
        ),
        ("POST", "/api/v1/hr/teams", "teams_create"),
        ("GET", "/api/v1/hr/teams", "teams_list"),
        ("GET", "/api/v1/hr/teams", "teams_list_pages"),
        ("GET", "/api/v1/hr/teams/{id}", "teams_get"),
        ("GET", "/api/v1/hr/training/classes", "training_list"),
        ("GET", "/api/v1/hr/training/classes", "training_list_pages"),
        ("GET", "/api/v1/hr/training/classes/{id}", "training_get"),
        ("POST", "/api/v1/prospect/dnc", "dnc_add"),
        ("GET", "/api/v1/prospect/dnc", "dnc_list"),
        ("GET", "/api/v1/prospect/dnc", "dnc_list_pages"),
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
            "/api/v1/prospect/work-orders/{id}/imports",
            "prospect_import_list_pages",
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
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}/prospects",
            "prospects_list_pages",
        ),
        ("GET", "/api/v1/prospect/prospects/{id}", "prospects_get"),
        ("POST", "/api/v1/prospect/work-orders", "work_orders_create"),
        ("GET", "/api/v1/prospect/work-orders", "work_orders_list"),
        (
            "GET",
            "/api/v1/prospect/work-orders",
            "work_orders_list_pages",
        ),
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
            "/api/v1/quality/parameters",
            "parameters_list_current",
        ),
        (
            "GET",
            "/api/v1/quality/parameters/{program}",
            "parameters_get_current",
        ),
        (
            "GET",
            "/api/v1/quality/parameters/{program}/versions",
            "parameters_versions",
        ),
        ("GET", "/api/v1/quality/score", "stats_score"),
        ("GET", "/api/v1/quality/coverage", "stats_coverage"),
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

    /// Logs in at `base_url` as a user of this role (another role's user is refused
    /// with a 403-like problem, and logged out again).
    pub async fn login(base_url: &str, username: &str, password: &str) -> Result<Self> {
        let client = Client::new(base_url)?;
        client.login(username, password).await?;
        Self::from_client(client).await
    }

    /// Wraps a logged-in client whose session is this role's.
    pub async fn from_client(client: Client) -> Result<Self> {
        crate::facades::check_role(&client, Self::ROLE).await?;
        Ok(Self { client })
    }

    /// Ends the session (revokes the refresh family).
    pub async fn logout(&self) -> Result<()> {
        self.client.logout().await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list`].
    pub async fn calls_list(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<tam_calling::api::calls::CallPage> {
        self.client.calls_list(query).await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list_pages`].
    pub fn calls_list_pages(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<impl Stream<Item = Result<tam_calling::api::calls::CallPage>> + Send + 'static>
    {
        self.client.calls_list_pages(query)
    }

    /// `GET /api/v1/calling/calls/{id}`: [`Client::calls_get`].
    pub async fn calls_get(&self, id: uuid::Uuid) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_get(id).await
    }

    /// `POST /api/v1/calling/calls/{id}/abandon`: [`Client::calls_abandon`].
    pub async fn calls_abandon(
        &self,
        id: uuid::Uuid,
        body: &tam_calling::api::calls::AbandonRequest,
    ) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_abandon(id, body).await
    }

    /// `GET /api/v1/calling/calls/{id}/recording`: [`Client::recordings_get`].
    pub async fn recordings_get(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.recordings_get(id).await
    }

    /// `GET /api/v1/helpdesk/cabut/stats`: [`Client::cabut_stats`].
    pub async fn cabut_stats(
        &self,
        query: &tam_helpdesk::api::cabut::StatsQuery,
    ) -> Result<tam_helpdesk::api::cabut::StatsBody> {
        self.client.cabut_stats(query).await
    }

    /// `POST /api/v1/helpdesk/disruptions`: [`Client::disruptions_report`].
    pub async fn disruptions_report(
        &self,
        body: &tam_helpdesk::api::disruptions::ReportRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_report(body).await
    }

    /// `GET /api/v1/helpdesk/disruptions/{id}`: [`Client::disruptions_get`].
    pub async fn disruptions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_get(id).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list`].
    pub async fn disruptions_list(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionPage> {
        self.client.disruptions_list(query).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list_pages`].
    pub fn disruptions_list_pages(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::disruptions::DisruptionPage>> + Send + 'static,
    > {
        self.client.disruptions_list_pages(query)
    }

    /// `POST /api/v1/helpdesk/disruptions/{id}/status`: [`Client::disruptions_status`].
    pub async fn disruptions_status(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::disruptions::DisruptionStatusRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_status(id, body).await
    }

    /// `GET /api/v1/helpdesk/tickets/{id}`: [`Client::tickets_get`].
    pub async fn tickets_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.client.tickets_get(id).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list`].
    pub async fn tickets_list(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<tam_helpdesk::api::tickets::TicketPage> {
        self.client.tickets_list(query).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list_pages`].
    pub fn tickets_list_pages(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::tickets::TicketPage>> + Send + 'static>
    {
        self.client.tickets_list_pages(query)
    }

    /// `GET /api/v1/hr/applicants`: [`Client::applicants_list`].
    pub async fn applicants_list(
        &self,
        query: &tam_hr::api::applicants::ApplicantListQuery,
    ) -> Result<tam_hr::api::applicants::ApplicantPage> {
        self.client.applicants_list(query).await
    }

    /// `GET /api/v1/hr/applicants`: [`Client::applicants_list_pages`].
    pub fn applicants_list_pages(
        &self,
        query: &tam_hr::api::applicants::ApplicantListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::applicants::ApplicantPage>> + Send + 'static>
    {
        self.client.applicants_list_pages(query)
    }

    /// `GET /api/v1/hr/applicants/{id}`: [`Client::applicants_get`].
    pub async fn applicants_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.client.applicants_get(id).await
    }

    /// `GET /api/v1/hr/applicants/{id}/eligibility`: [`Client::applicants_eligibility`].
    pub async fn applicants_eligibility(
        &self,
        id: uuid::Uuid,
        query: &tam_hr::api::applicants::EligibilityQuery,
    ) -> Result<tam_hr::api::applicants::EligibilityBody> {
        self.client.applicants_eligibility(id, query).await
    }

    /// `POST /api/v1/hr/shifts`: [`Client::attendance_create_shift`].
    pub async fn attendance_create_shift(
        &self,
        body: &tam_hr::api::attendance::ShiftRequest,
    ) -> Result<tam_hr::api::attendance::ShiftBody> {
        self.client.attendance_create_shift(body).await
    }

    /// `GET /api/v1/hr/shifts`: [`Client::attendance_shifts`].
    pub async fn attendance_shifts(
        &self,
        query: &tam_hr::api::attendance::ShiftQuery,
    ) -> Result<tam_hr::api::attendance::ShiftList> {
        self.client.attendance_shifts(query).await
    }

    /// `POST /api/v1/hr/rosters`: [`Client::attendance_assign`].
    pub async fn attendance_assign(
        &self,
        body: &tam_hr::api::attendance::RosterRequest,
    ) -> Result<tam_hr::api::attendance::RosterBody> {
        self.client.attendance_assign(body).await
    }

    /// `POST /api/v1/hr/attendance/check-in`: [`Client::attendance_check_in`].
    pub async fn attendance_check_in(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_check_in().await
    }

    /// `POST /api/v1/hr/attendance/check-out`: [`Client::attendance_check_out`].
    pub async fn attendance_check_out(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_check_out().await
    }

    /// `POST /api/v1/hr/attendance/corrections`: [`Client::attendance_correct`].
    pub async fn attendance_correct(
        &self,
        body: &tam_hr::api::attendance::CorrectionRequest,
    ) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_correct(body).await
    }

    /// `GET /api/v1/hr/attendance`: [`Client::attendance_list`].
    pub async fn attendance_list(
        &self,
        query: &tam_hr::api::attendance::AttendanceQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_list(query).await
    }

    /// `GET /api/v1/hr/attendance/me`: [`Client::attendance_mine`].
    pub async fn attendance_mine(
        &self,
        query: &tam_hr::api::attendance::OwnQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_mine(query).await
    }

    /// `GET /api/v1/hr/attendance/policies`: [`Client::attendance_policies`].
    pub async fn attendance_policies(&self) -> Result<tam_hr::api::attendance::PolicyList> {
        self.client.attendance_policies().await
    }

    /// `POST /api/v1/hr/attendance/policies`: [`Client::attendance_set_policy`].
    pub async fn attendance_set_policy(
        &self,
        body: &tam_hr::api::attendance::PolicyRequest,
    ) -> Result<tam_hr::api::attendance::PolicyBody> {
        self.client.attendance_set_policy(body).await
    }

    /// `POST /api/v1/auth/logout-all`: [`Client::auth_logout_all`].
    pub async fn auth_logout_all(&self) -> Result<()> {
        self.client.auth_logout_all().await
    }

    /// `GET /api/v1/auth/me`: [`Client::auth_me`].
    pub async fn auth_me(&self) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.auth_me().await
    }

    /// `POST /api/v1/hr/caplan`: [`Client::caplan_revise`].
    pub async fn caplan_revise(
        &self,
        body: &tam_hr::api::caplan::ReviseRequest,
    ) -> Result<tam_hr::api::caplan::RevisionBody> {
        self.client.caplan_revise(body).await
    }

    /// `GET /api/v1/hr/caplan`: [`Client::caplan_list`].
    pub async fn caplan_list(
        &self,
        query: &tam_hr::api::caplan::CaplanQuery,
    ) -> Result<tam_hr::api::caplan::RevisionList> {
        self.client.caplan_list(query).await
    }

    /// `GET /api/v1/hr/sdm`: [`Client::caplan_fulfilment`].
    pub async fn caplan_fulfilment(
        &self,
        query: &tam_hr::api::caplan::SdmQuery,
    ) -> Result<tam_hr::api::caplan::SdmBody> {
        self.client.caplan_fulfilment(query).await
    }

    /// `GET /api/v1/hr/certifications`: [`Client::certification_list`].
    pub async fn certification_list(
        &self,
        query: &tam_hr::api::certification::CertificationQuery,
    ) -> Result<tam_hr::api::certification::CertificationList> {
        self.client.certification_list(query).await
    }

    /// `GET /api/v1/hr/certifications/expiring`: [`Client::certification_expiring`].
    pub async fn certification_expiring(&self) -> Result<tam_hr::api::certification::ExpiringList> {
        self.client.certification_expiring().await
    }

    /// `GET /api/v1/hr/employees/{id}/contracts`: [`Client::contracts_list`].
    pub async fn contracts_list(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::EmploymentContractList> {
        self.client.contracts_list(id).await
    }

    /// `GET /api/v1/hr/contracts/ending`: [`Client::contracts_ending`].
    pub async fn contracts_ending(&self) -> Result<tam_hr::api::contracts::ContractEndingList> {
        self.client.contracts_ending().await
    }

    /// `GET /api/v1/hr/contracts/{id}/review`: [`Client::contracts_review`].
    pub async fn contracts_review(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::ContractReviewBody> {
        self.client.contracts_review(id).await
    }

    /// `POST /api/v1/hr/contracts/{id}/decision`: [`Client::contracts_propose`].
    pub async fn contracts_propose(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::contracts::ContractDecisionRequest,
    ) -> Result<tam_hr::api::contracts::ContractDecisionBody> {
        self.client.contracts_propose(id, body).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list`].
    pub async fn employees_list(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<tam_hr::api::employees::EmployeePage> {
        self.client.employees_list(query).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list_pages`].
    pub fn employees_list_pages(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::employees::EmployeePage>> + Send + 'static>
    {
        self.client.employees_list_pages(query)
    }

    /// `GET /api/v1/hr/employees/{id}`: [`Client::employees_get`].
    pub async fn employees_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.employees_get(id).await
    }

    /// `PATCH /api/v1/hr/employees/{id}`: [`Client::employees_update`].
    pub async fn employees_update(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::employees::PatchEmployeeRequest,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.employees_update(id, body).await
    }

    /// `GET /api/v1/hr/evaluations`: [`Client::evaluation_list`].
    pub async fn evaluation_list(
        &self,
        query: &tam_hr::api::evaluation::EvaluationQuery,
    ) -> Result<tam_hr::api::evaluation::EvaluationList> {
        self.client.evaluation_list(query).await
    }

    /// `POST /api/v1/hr/evaluations/{id}/review`: [`Client::evaluation_review`].
    pub async fn evaluation_review(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::evaluation::EvaluationBody> {
        self.client.evaluation_review(id).await
    }

    /// `POST /api/v1/hr/evaluations/{id}/approve`: [`Client::evaluation_approve`].
    pub async fn evaluation_approve(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::evaluation::EvaluationBody> {
        self.client.evaluation_approve(id).await
    }

    /// `GET /api/v1/hr/evaluations/adjustments`: [`Client::evaluation_adjustments`].
    pub async fn evaluation_adjustments(
        &self,
        query: &tam_hr::api::evaluation::AdjustmentQuery,
    ) -> Result<tam_hr::api::evaluation::AdjustmentList> {
        self.client.evaluation_adjustments(query).await
    }

    /// `GET /api/v1/hr/evaluations/export`: [`Client::evaluation_export`].
    pub async fn evaluation_export(
        &self,
        query: &tam_hr::api::evaluation::ExportQuery,
    ) -> Result<Download> {
        self.client.evaluation_export(query).await
    }

    /// `GET /api/v1/hr/incentive-tables/{program}`: [`Client::evaluation_get_table`].
    pub async fn evaluation_get_table(
        &self,
        program: &str,
    ) -> Result<tam_hr::api::evaluation::TableBody> {
        self.client.evaluation_get_table(program).await
    }

    /// `POST /api/v1/hr/warning-letters`: [`Client::pembinaan_issue`].
    pub async fn pembinaan_issue(
        &self,
        body: &tam_hr::api::pembinaan::IssueLetterRequest,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.client.pembinaan_issue(body).await
    }

    /// `GET /api/v1/hr/warning-letters`: [`Client::pembinaan_letters`].
    pub async fn pembinaan_letters(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterList> {
        self.client.pembinaan_letters(query).await
    }

    /// `POST /api/v1/hr/warning-letters/{id}/revoke`: [`Client::pembinaan_revoke`].
    pub async fn pembinaan_revoke(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::pembinaan::RevokeLetterRequest,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.client.pembinaan_revoke(id, body).await
    }

    /// `POST /api/v1/hr/coaching`: [`Client::pembinaan_record_coaching`].
    pub async fn pembinaan_record_coaching(
        &self,
        body: &tam_hr::api::pembinaan::CoachingRequest,
    ) -> Result<tam_hr::api::pembinaan::CoachingBody> {
        self.client.pembinaan_record_coaching(body).await
    }

    /// `GET /api/v1/hr/coaching`: [`Client::pembinaan_coaching`].
    pub async fn pembinaan_coaching(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::CoachingList> {
        self.client.pembinaan_coaching(query).await
    }

    /// `POST /api/v1/hr/coaching/{id}/close`: [`Client::pembinaan_close_plan`].
    pub async fn pembinaan_close_plan(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::pembinaan::CoachingBody> {
        self.client.pembinaan_close_plan(id).await
    }

    /// `POST /api/v1/hr/requisitions`: [`Client::requisitions_open`].
    pub async fn requisitions_open(
        &self,
        body: &tam_hr::api::requisitions::OpenRequisitionRequest,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_open(body).await
    }

    /// `GET /api/v1/hr/requisitions`: [`Client::requisitions_list`].
    pub async fn requisitions_list(
        &self,
        query: &tam_hr::api::requisitions::RequisitionListQuery,
    ) -> Result<tam_hr::api::requisitions::RequisitionPage> {
        self.client.requisitions_list(query).await
    }

    /// `GET /api/v1/hr/requisitions`: [`Client::requisitions_list_pages`].
    pub fn requisitions_list_pages(
        &self,
        query: &tam_hr::api::requisitions::RequisitionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_hr::api::requisitions::RequisitionPage>> + Send + 'static,
    > {
        self.client.requisitions_list_pages(query)
    }

    /// `GET /api/v1/hr/requisitions/{id}`: [`Client::requisitions_get`].
    pub async fn requisitions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_get(id).await
    }

    /// `POST /api/v1/hr/requisitions/{id}/cancel`: [`Client::requisitions_cancel`].
    pub async fn requisitions_cancel(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_cancel(id).await
    }

    /// `POST /api/v1/hr/teams`: [`Client::teams_create`].
    pub async fn teams_create(
        &self,
        body: &tam_hr::api::teams::CreateTeamRequest,
    ) -> Result<tam_hr::api::teams::TeamBody> {
        self.client.teams_create(body).await
    }

    /// `GET /api/v1/hr/teams`: [`Client::teams_list`].
    pub async fn teams_list(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<tam_hr::api::teams::TeamPage> {
        self.client.teams_list(query).await
    }

    /// `GET /api/v1/hr/teams`: [`Client::teams_list_pages`].
    pub fn teams_list_pages(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::teams::TeamPage>> + Send + 'static> {
        self.client.teams_list_pages(query)
    }

    /// `GET /api/v1/hr/teams/{id}`: [`Client::teams_get`].
    pub async fn teams_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::teams::TeamBody> {
        self.client.teams_get(id).await
    }

    /// `GET /api/v1/hr/training/classes`: [`Client::training_list`].
    pub async fn training_list(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<tam_hr::api::training::ClassPage> {
        self.client.training_list(query).await
    }

    /// `GET /api/v1/hr/training/classes`: [`Client::training_list_pages`].
    pub fn training_list_pages(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::training::ClassPage>> + Send + 'static> {
        self.client.training_list_pages(query)
    }

    /// `GET /api/v1/hr/training/classes/{id}`: [`Client::training_get`].
    pub async fn training_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::training::ClassBody> {
        self.client.training_get(id).await
    }

    /// `POST /api/v1/prospect/dnc`: [`Client::dnc_add`].
    pub async fn dnc_add(
        &self,
        body: &tam_prospect::api::dnc::AddDncRequest,
    ) -> Result<tam_prospect::api::dnc::DncBody> {
        self.client.dnc_add(body).await
    }

    /// `GET /api/v1/prospect/dnc`: [`Client::dnc_list`].
    pub async fn dnc_list(
        &self,
        query: &tam_prospect::api::dnc::DncListQuery,
    ) -> Result<tam_prospect::api::dnc::DncPage> {
        self.client.dnc_list(query).await
    }

    /// `GET /api/v1/prospect/dnc`: [`Client::dnc_list_pages`].
    pub fn dnc_list_pages(
        &self,
        query: &tam_prospect::api::dnc::DncListQuery,
    ) -> Result<impl Stream<Item = Result<tam_prospect::api::dnc::DncPage>> + Send + 'static> {
        self.client.dnc_list_pages(query)
    }

    /// `GET /api/v1/prospect/dnc/{number}`: [`Client::dnc_get`].
    pub async fn dnc_get(&self, number: &str) -> Result<tam_prospect::api::dnc::DncDetailBody> {
        self.client.dnc_get(number).await
    }

    /// `POST /api/v1/prospect/dnc/{number}/remove`: [`Client::dnc_remove`].
    pub async fn dnc_remove(
        &self,
        number: &str,
        body: &tam_prospect::api::dnc::RemoveDncRequest,
    ) -> Result<tam_prospect::api::dnc::DncBody> {
        self.client.dnc_remove(number, body).await
    }

    /// `POST /api/v1/prospect/work-orders/{id}/dapros`: [`Client::prospect_import`].
    pub async fn prospect_import(
        &self,
        id: uuid::Uuid,
        upload: Upload,
    ) -> Result<tam_prospect::api::import::ImportReportBody> {
        self.client.prospect_import(id, upload).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports`: [`Client::prospect_import_list`].
    pub async fn prospect_import_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<tam_prospect::api::import::ImportPage> {
        self.client.prospect_import_list(id, query).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports`: [`Client::prospect_import_list_pages`].
    pub fn prospect_import_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<impl Stream<Item = Result<tam_prospect::api::import::ImportPage>> + Send + 'static>
    {
        self.client.prospect_import_list_pages(id, query)
    }

    /// `GET /api/v1/prospect/imports/{id}`: [`Client::prospect_import_get`].
    pub async fn prospect_import_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::import::ImportReportBody> {
        self.client.prospect_import_get(id).await
    }

    /// `GET /api/v1/prospect/imports/{id}/rejected`: [`Client::prospect_import_rejected`].
    pub async fn prospect_import_rejected(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.prospect_import_rejected(id).await
    }

    /// `POST /api/v1/prospect/work-orders/{id}/distribute`: [`Client::prospects_distribute`].
    pub async fn prospects_distribute(
        &self,
        id: uuid::Uuid,
        body: &tam_prospect::api::prospects::DistributeRequest,
    ) -> Result<tam_prospect::api::prospects::DistributionBody> {
        self.client.prospects_distribute(id, body).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/progress`: [`Client::prospects_progress`].
    pub async fn prospects_progress(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProgressBody> {
        self.client.prospects_progress(id).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects`: [`Client::prospects_list`].
    pub async fn prospects_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<tam_prospect::api::prospects::ProspectPage> {
        self.client.prospects_list(id, query).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects`: [`Client::prospects_list_pages`].
    pub fn prospects_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::prospects::ProspectPage>> + Send + 'static,
    > {
        self.client.prospects_list_pages(id, query)
    }

    /// `GET /api/v1/prospect/prospects/{id}`: [`Client::prospects_get`].
    pub async fn prospects_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProspectDetailBody> {
        self.client.prospects_get(id).await
    }

    /// `POST /api/v1/prospect/work-orders`: [`Client::work_orders_create`].
    pub async fn work_orders_create(
        &self,
        body: &tam_prospect::api::work_orders::CreateWorkOrderRequest,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_create(body).await
    }

    /// `GET /api/v1/prospect/work-orders`: [`Client::work_orders_list`].
    pub async fn work_orders_list(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderPage> {
        self.client.work_orders_list(query).await
    }

    /// `GET /api/v1/prospect/work-orders`: [`Client::work_orders_list_pages`].
    pub fn work_orders_list_pages(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::work_orders::WorkOrderPage>> + Send + 'static,
    > {
        self.client.work_orders_list_pages(query)
    }

    /// `GET /api/v1/prospect/work-orders/{id}`: [`Client::work_orders_get`].
    pub async fn work_orders_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_get(id).await
    }

    /// `PATCH /api/v1/prospect/work-orders/{id}`: [`Client::work_orders_update`].
    pub async fn work_orders_update(
        &self,
        id: uuid::Uuid,
        body: &tam_prospect::api::work_orders::UpdateWorkOrderRequest,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_update(id, body).await
    }

    /// `POST /api/v1/prospect/work-orders/{id}/activate`: [`Client::work_orders_activate`].
    pub async fn work_orders_activate(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_activate(id).await
    }

    /// `POST /api/v1/prospect/work-orders/{id}/close`: [`Client::work_orders_close`].
    pub async fn work_orders_close(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_close(id).await
    }

    /// `GET /api/v1/quality/parameters`: [`Client::parameters_list_current`].
    pub async fn parameters_list_current(
        &self,
    ) -> Result<tam_quality::api::parameters::ParameterSetList> {
        self.client.parameters_list_current().await
    }

    /// `GET /api/v1/quality/parameters/{program}`: [`Client::parameters_get_current`].
    pub async fn parameters_get_current(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterSetBody> {
        self.client.parameters_get_current(program).await
    }

    /// `GET /api/v1/quality/parameters/{program}/versions`: [`Client::parameters_versions`].
    pub async fn parameters_versions(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterHistory> {
        self.client.parameters_versions(program).await
    }

    /// `GET /api/v1/quality/score`: [`Client::stats_score`].
    pub async fn stats_score(
        &self,
        query: &tam_quality::api::stats::ScoreQuery,
    ) -> Result<tam_quality::api::stats::ScoreBody> {
        self.client.stats_score(query).await
    }

    /// `GET /api/v1/quality/coverage`: [`Client::stats_coverage`].
    pub async fn stats_coverage(
        &self,
        query: &tam_quality::api::stats::CoverageQuery,
    ) -> Result<tam_quality::api::stats::CoverageBody> {
        self.client.stats_coverage(query).await
    }

    /// `GET /api/v1/reporting/kpis`: [`Client::reporting_kpis`].
    pub async fn reporting_kpis(&self) -> Result<serde_json::Value> {
        self.client.reporting_kpis().await
    }

    /// `GET /api/v1/reporting/outbound`: [`Client::reporting_outbound`].
    pub async fn reporting_outbound(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_outbound(query).await
    }

    /// `GET /api/v1/reporting/quality`: [`Client::reporting_quality`].
    pub async fn reporting_quality(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_quality(query).await
    }

    /// `GET /api/v1/reporting/activation`: [`Client::reporting_activation`].
    pub async fn reporting_activation(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_activation(query).await
    }

    /// `GET /api/v1/reporting/disruptions`: [`Client::reporting_disruptions`].
    pub async fn reporting_disruptions(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_disruptions(query).await
    }

    /// `GET /api/v1/reporting/workforce`: [`Client::reporting_workforce`].
    pub async fn reporting_workforce(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_workforce(query).await
    }

    /// `GET /api/v1/reporting/cabut-reasons`: [`Client::reporting_cabut_reasons`].
    pub async fn reporting_cabut_reasons(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_cabut_reasons(query).await
    }

    /// `GET /api/v1/reporting/charts/{kpi}`: [`Client::reporting_chart`].
    pub async fn reporting_chart(
        &self,
        kpi: &str,
        query: &tam_reporting::api::charts::ChartParams,
    ) -> Result<Download> {
        self.client.reporting_chart(kpi, query).await
    }

    /// `GET /api/v1/reporting/packs`: [`Client::reporting_packs`].
    pub async fn reporting_packs(
        &self,
        query: &tam_reporting::api::packs::PackListParams,
    ) -> Result<serde_json::Value> {
        self.client.reporting_packs(query).await
    }

    /// `GET /api/v1/reporting/packs/{id}`: [`Client::reporting_pack_download`].
    pub async fn reporting_pack_download(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.reporting_pack_download(id).await
    }
}

/// A QC officer: the tapping queue, recordings, verdicts.
#[derive(Debug, Clone)]
pub struct QcOfficerClient {
    client: Client,
}

impl QcOfficerClient {
    /// The role this facade is for.
    pub const ROLE: Role = Role::QcOfficer;

    /// Every method of the facade and its route: (HTTP method, path pattern, method).
    pub const FACADE_ROUTES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("GET", "/api/v1/calling/calls", "calls_list"),
        ("GET", "/api/v1/calling/calls", "calls_list_pages"),
        ("GET", "/api/v1/calling/calls/{id}", "calls_get"),
        (
            "GET",
            "/api/v1/calling/calls/{id}/recording",
            "recordings_get",
        ),
        ("POST", "/api/v1/helpdesk/disruptions", "disruptions_report"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions/{id}",
            "disruptions_get",
        ),
        ("GET", "/api/v1/helpdesk/disruptions", "disruptions_list"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions",
            "disruptions_list_pages",
        ),
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
        ("GET", "/api/v1/hr/attendance/me", "attendance_mine"),
        ("POST", "/api/v1/auth/logout-all", "auth_logout_all"),
        ("GET", "/api/v1/auth/me", "auth_me"),
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}/imports",
            "prospect_import_list",
        ),
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}/imports",
            "prospect_import_list_pages",
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
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}/prospects",
            "prospects_list_pages",
        ),
        ("GET", "/api/v1/prospect/prospects/{id}", "prospects_get"),
        ("GET", "/api/v1/prospect/work-orders", "work_orders_list"),
        (
            "GET",
            "/api/v1/prospect/work-orders",
            "work_orders_list_pages",
        ),
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}",
            "work_orders_get",
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
            "GET",
            "/api/v1/quality/parameters/{program}/versions",
            "parameters_versions",
        ),
        ("GET", "/api/v1/quality/score", "stats_score"),
        ("GET", "/api/v1/quality/coverage", "stats_coverage"),
        ("GET", "/api/v1/quality/tasks", "tasks_list"),
        ("GET", "/api/v1/quality/tasks", "tasks_list_pages"),
        ("GET", "/api/v1/quality/tasks/{id}", "tasks_get"),
        ("POST", "/api/v1/quality/tasks/claim", "tasks_claim"),
        (
            "POST",
            "/api/v1/quality/tasks/{id}/verdict",
            "tasks_verdict",
        ),
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
            "/api/v1/reporting/cabut-reasons",
            "reporting_cabut_reasons",
        ),
        ("GET", "/api/v1/reporting/charts/{kpi}", "reporting_chart"),
    ];

    /// Logs in at `base_url` as a user of this role (another role's user is refused
    /// with a 403-like problem, and logged out again).
    pub async fn login(base_url: &str, username: &str, password: &str) -> Result<Self> {
        let client = Client::new(base_url)?;
        client.login(username, password).await?;
        Self::from_client(client).await
    }

    /// Wraps a logged-in client whose session is this role's.
    pub async fn from_client(client: Client) -> Result<Self> {
        crate::facades::check_role(&client, Self::ROLE).await?;
        Ok(Self { client })
    }

    /// Ends the session (revokes the refresh family).
    pub async fn logout(&self) -> Result<()> {
        self.client.logout().await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list`].
    pub async fn calls_list(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<tam_calling::api::calls::CallPage> {
        self.client.calls_list(query).await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list_pages`].
    pub fn calls_list_pages(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<impl Stream<Item = Result<tam_calling::api::calls::CallPage>> + Send + 'static>
    {
        self.client.calls_list_pages(query)
    }

    /// `GET /api/v1/calling/calls/{id}`: [`Client::calls_get`].
    pub async fn calls_get(&self, id: uuid::Uuid) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_get(id).await
    }

    /// `GET /api/v1/calling/calls/{id}/recording`: [`Client::recordings_get`].
    pub async fn recordings_get(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.recordings_get(id).await
    }

    /// `POST /api/v1/helpdesk/disruptions`: [`Client::disruptions_report`].
    pub async fn disruptions_report(
        &self,
        body: &tam_helpdesk::api::disruptions::ReportRequest,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_report(body).await
    }

    /// `GET /api/v1/helpdesk/disruptions/{id}`: [`Client::disruptions_get`].
    pub async fn disruptions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_get(id).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list`].
    pub async fn disruptions_list(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionPage> {
        self.client.disruptions_list(query).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list_pages`].
    pub fn disruptions_list_pages(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::disruptions::DisruptionPage>> + Send + 'static,
    > {
        self.client.disruptions_list_pages(query)
    }

    /// `POST /api/v1/hr/attendance/check-in`: [`Client::attendance_check_in`].
    pub async fn attendance_check_in(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_check_in().await
    }

    /// `POST /api/v1/hr/attendance/check-out`: [`Client::attendance_check_out`].
    pub async fn attendance_check_out(&self) -> Result<tam_hr::api::attendance::DayBody> {
        self.client.attendance_check_out().await
    }

    /// `GET /api/v1/hr/attendance/me`: [`Client::attendance_mine`].
    pub async fn attendance_mine(
        &self,
        query: &tam_hr::api::attendance::OwnQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_mine(query).await
    }

    /// `POST /api/v1/auth/logout-all`: [`Client::auth_logout_all`].
    pub async fn auth_logout_all(&self) -> Result<()> {
        self.client.auth_logout_all().await
    }

    /// `GET /api/v1/auth/me`: [`Client::auth_me`].
    pub async fn auth_me(&self) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.auth_me().await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports`: [`Client::prospect_import_list`].
    pub async fn prospect_import_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<tam_prospect::api::import::ImportPage> {
        self.client.prospect_import_list(id, query).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports`: [`Client::prospect_import_list_pages`].
    pub fn prospect_import_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<impl Stream<Item = Result<tam_prospect::api::import::ImportPage>> + Send + 'static>
    {
        self.client.prospect_import_list_pages(id, query)
    }

    /// `GET /api/v1/prospect/imports/{id}`: [`Client::prospect_import_get`].
    pub async fn prospect_import_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::import::ImportReportBody> {
        self.client.prospect_import_get(id).await
    }

    /// `GET /api/v1/prospect/imports/{id}/rejected`: [`Client::prospect_import_rejected`].
    pub async fn prospect_import_rejected(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.prospect_import_rejected(id).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/progress`: [`Client::prospects_progress`].
    pub async fn prospects_progress(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProgressBody> {
        self.client.prospects_progress(id).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects`: [`Client::prospects_list`].
    pub async fn prospects_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<tam_prospect::api::prospects::ProspectPage> {
        self.client.prospects_list(id, query).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects`: [`Client::prospects_list_pages`].
    pub fn prospects_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::prospects::ProspectPage>> + Send + 'static,
    > {
        self.client.prospects_list_pages(id, query)
    }

    /// `GET /api/v1/prospect/prospects/{id}`: [`Client::prospects_get`].
    pub async fn prospects_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProspectDetailBody> {
        self.client.prospects_get(id).await
    }

    /// `GET /api/v1/prospect/work-orders`: [`Client::work_orders_list`].
    pub async fn work_orders_list(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderPage> {
        self.client.work_orders_list(query).await
    }

    /// `GET /api/v1/prospect/work-orders`: [`Client::work_orders_list_pages`].
    pub fn work_orders_list_pages(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::work_orders::WorkOrderPage>> + Send + 'static,
    > {
        self.client.work_orders_list_pages(query)
    }

    /// `GET /api/v1/prospect/work-orders/{id}`: [`Client::work_orders_get`].
    pub async fn work_orders_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_get(id).await
    }

    /// `GET /api/v1/quality/parameters`: [`Client::parameters_list_current`].
    pub async fn parameters_list_current(
        &self,
    ) -> Result<tam_quality::api::parameters::ParameterSetList> {
        self.client.parameters_list_current().await
    }

    /// `GET /api/v1/quality/parameters/{program}`: [`Client::parameters_get_current`].
    pub async fn parameters_get_current(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterSetBody> {
        self.client.parameters_get_current(program).await
    }

    /// `GET /api/v1/quality/parameters/{program}/versions`: [`Client::parameters_versions`].
    pub async fn parameters_versions(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterHistory> {
        self.client.parameters_versions(program).await
    }

    /// `GET /api/v1/quality/score`: [`Client::stats_score`].
    pub async fn stats_score(
        &self,
        query: &tam_quality::api::stats::ScoreQuery,
    ) -> Result<tam_quality::api::stats::ScoreBody> {
        self.client.stats_score(query).await
    }

    /// `GET /api/v1/quality/coverage`: [`Client::stats_coverage`].
    pub async fn stats_coverage(
        &self,
        query: &tam_quality::api::stats::CoverageQuery,
    ) -> Result<tam_quality::api::stats::CoverageBody> {
        self.client.stats_coverage(query).await
    }

    /// `GET /api/v1/quality/tasks`: [`Client::tasks_list`].
    pub async fn tasks_list(
        &self,
        query: &tam_quality::api::tasks::TaskListQuery,
    ) -> Result<tam_quality::api::tasks::TaskPage> {
        self.client.tasks_list(query).await
    }

    /// `GET /api/v1/quality/tasks`: [`Client::tasks_list_pages`].
    pub fn tasks_list_pages(
        &self,
        query: &tam_quality::api::tasks::TaskListQuery,
    ) -> Result<impl Stream<Item = Result<tam_quality::api::tasks::TaskPage>> + Send + 'static>
    {
        self.client.tasks_list_pages(query)
    }

    /// `GET /api/v1/quality/tasks/{id}`: [`Client::tasks_get`].
    pub async fn tasks_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_quality::api::tasks::TaskDetailBody> {
        self.client.tasks_get(id).await
    }

    /// `POST /api/v1/quality/tasks/claim`: [`Client::tasks_claim`].
    pub async fn tasks_claim(&self) -> Result<Option<tam_quality::api::tasks::TaskBody>> {
        self.client.tasks_claim().await
    }

    /// `POST /api/v1/quality/tasks/{id}/verdict`: [`Client::tasks_verdict`].
    pub async fn tasks_verdict(
        &self,
        id: uuid::Uuid,
        body: &tam_quality::api::tasks::VerdictRequest,
    ) -> Result<tam_quality::api::tasks::TaskDetailBody> {
        self.client.tasks_verdict(id, body).await
    }

    /// `GET /api/v1/reporting/kpis`: [`Client::reporting_kpis`].
    pub async fn reporting_kpis(&self) -> Result<serde_json::Value> {
        self.client.reporting_kpis().await
    }

    /// `GET /api/v1/reporting/outbound`: [`Client::reporting_outbound`].
    pub async fn reporting_outbound(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_outbound(query).await
    }

    /// `GET /api/v1/reporting/quality`: [`Client::reporting_quality`].
    pub async fn reporting_quality(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_quality(query).await
    }

    /// `GET /api/v1/reporting/activation`: [`Client::reporting_activation`].
    pub async fn reporting_activation(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_activation(query).await
    }

    /// `GET /api/v1/reporting/disruptions`: [`Client::reporting_disruptions`].
    pub async fn reporting_disruptions(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_disruptions(query).await
    }

    /// `GET /api/v1/reporting/workforce`: [`Client::reporting_workforce`].
    pub async fn reporting_workforce(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_workforce(query).await
    }

    /// `GET /api/v1/reporting/cabut-reasons`: [`Client::reporting_cabut_reasons`].
    pub async fn reporting_cabut_reasons(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_cabut_reasons(query).await
    }

    /// `GET /api/v1/reporting/charts/{kpi}`: [`Client::reporting_chart`].
    pub async fn reporting_chart(
        &self,
        kpi: &str,
        query: &tam_reporting::api::charts::ChartParams,
    ) -> Result<Download> {
        self.client.reporting_chart(kpi, query).await
    }
}

/// HD Support: activation tickets, their SLA and kendala, order lists.
#[derive(Debug, Clone)]
pub struct HdSupportClient {
    client: Client,
}

impl HdSupportClient {
    /// The role this facade is for.
    pub const ROLE: Role = Role::HdSupport;

    /// Every method of the facade and its route: (HTTP method, path pattern, method).
    pub const FACADE_ROUTES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("GET", "/api/v1/helpdesk/calendars", "calendars_list"),
        ("GET", "/api/v1/helpdesk/channels", "channels_list"),
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
            "GET",
            "/api/v1/helpdesk/escalation-ladder",
            "sla_policies_ladder",
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
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list_pages"),
        (
            "GET",
            "/api/v1/helpdesk/validation-plans",
            "validation_plans",
        ),
        (
            "GET",
            "/api/v1/helpdesk/validation-checklists",
            "validation_checklists",
        ),
        ("GET", "/api/v1/helpdesk/validations", "validation_list"),
        (
            "GET",
            "/api/v1/helpdesk/validations",
            "validation_list_pages",
        ),
        ("GET", "/api/v1/helpdesk/validations/{id}", "validation_get"),
        (
            "GET",
            "/api/v1/helpdesk/validation-stats",
            "validation_stats",
        ),
        ("POST", "/api/v1/auth/logout-all", "auth_logout_all"),
        ("GET", "/api/v1/auth/me", "auth_me"),
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
            "/api/v1/reporting/cabut-reasons",
            "reporting_cabut_reasons",
        ),
        ("GET", "/api/v1/reporting/charts/{kpi}", "reporting_chart"),
    ];

    /// Logs in at `base_url` as a user of this role (another role's user is refused
    /// with a 403-like problem, and logged out again).
    pub async fn login(base_url: &str, username: &str, password: &str) -> Result<Self> {
        let client = Client::new(base_url)?;
        client.login(username, password).await?;
        Self::from_client(client).await
    }

    /// Wraps a logged-in client whose session is this role's.
    pub async fn from_client(client: Client) -> Result<Self> {
        crate::facades::check_role(&client, Self::ROLE).await?;
        Ok(Self { client })
    }

    /// Ends the session (revokes the refresh family).
    pub async fn logout(&self) -> Result<()> {
        self.client.logout().await
    }

    /// `GET /api/v1/helpdesk/calendars`: [`Client::calendars_list`].
    pub async fn calendars_list(&self) -> Result<tam_helpdesk::api::calendars::CalendarList> {
        self.client.calendars_list().await
    }

    /// `GET /api/v1/helpdesk/channels`: [`Client::channels_list`].
    pub async fn channels_list(&self) -> Result<tam_helpdesk::api::channels::ChannelList> {
        self.client.channels_list().await
    }

    /// `GET /api/v1/helpdesk/escalations`: [`Client::escalations_list`].
    pub async fn escalations_list(
        &self,
        query: &tam_helpdesk::api::escalations::EscalationQuery,
    ) -> Result<tam_helpdesk::api::escalations::EscalationList> {
        self.client.escalations_list(query).await
    }

    /// `POST /api/v1/helpdesk/imports`: [`Client::helpdesk_import`].
    pub async fn helpdesk_import(
        &self,
        query: &tam_helpdesk::api::import::ImportQuery,
        upload: Upload,
    ) -> Result<tam_helpdesk::api::import::ImportReportBody> {
        self.client.helpdesk_import(query, upload).await
    }

    /// `GET /api/v1/helpdesk/imports/{id}`: [`Client::helpdesk_import_get`].
    pub async fn helpdesk_import_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::import::ImportReportBody> {
        self.client.helpdesk_import_get(id).await
    }

    /// `GET /api/v1/helpdesk/issue-categories`: [`Client::issues_categories`].
    pub async fn issues_categories(&self) -> Result<tam_helpdesk::api::issues::CategoryList> {
        self.client.issues_categories().await
    }

    /// `POST /api/v1/helpdesk/tickets/{id}/issues`: [`Client::issues_open`].
    pub async fn issues_open(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::issues::IssueRequest,
    ) -> Result<tam_helpdesk::api::issues::IssueBody> {
        self.client.issues_open(id, body).await
    }

    /// `POST /api/v1/helpdesk/issues/{id}/followups`: [`Client::issues_follow_up`].
    pub async fn issues_follow_up(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::issues::FollowupRequest,
    ) -> Result<tam_helpdesk::api::issues::IssueBody> {
        self.client.issues_follow_up(id, body).await
    }

    /// `POST /api/v1/helpdesk/issues/{id}/resolve`: [`Client::issues_resolve`].
    pub async fn issues_resolve(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::issues::ResolveRequest,
    ) -> Result<tam_helpdesk::api::issues::IssueBody> {
        self.client.issues_resolve(id, body).await
    }

    /// `GET /api/v1/helpdesk/sla-policies`: [`Client::sla_policies_list`].
    pub async fn sla_policies_list(&self) -> Result<tam_helpdesk::api::sla_policies::SlaPolicies> {
        self.client.sla_policies_list().await
    }

    /// `GET /api/v1/helpdesk/escalation-ladder`: [`Client::sla_policies_ladder`].
    pub async fn sla_policies_ladder(
        &self,
    ) -> Result<tam_helpdesk::api::sla_policies::EscalationLadder> {
        self.client.sla_policies_ladder().await
    }

    /// `POST /api/v1/helpdesk/tickets`: [`Client::tickets_open`].
    pub async fn tickets_open(
        &self,
        body: &tam_helpdesk::api::tickets::OpenTicketRequest,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.client.tickets_open(body).await
    }

    /// `GET /api/v1/helpdesk/tickets/{id}`: [`Client::tickets_get`].
    pub async fn tickets_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.client.tickets_get(id).await
    }

    /// `POST /api/v1/helpdesk/tickets/{id}/status`: [`Client::tickets_status`].
    pub async fn tickets_status(
        &self,
        id: uuid::Uuid,
        body: &tam_helpdesk::api::tickets::StatusRequest,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.client.tickets_status(id, body).await
    }

    /// `POST /api/v1/helpdesk/tickets/{id}/claim`: [`Client::tickets_claim`].
    pub async fn tickets_claim(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.client.tickets_claim(id).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list`].
    pub async fn tickets_list(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<tam_helpdesk::api::tickets::TicketPage> {
        self.client.tickets_list(query).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list_pages`].
    pub fn tickets_list_pages(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::tickets::TicketPage>> + Send + 'static>
    {
        self.client.tickets_list_pages(query)
    }

    /// `GET /api/v1/helpdesk/validation-plans`: [`Client::validation_plans`].
    pub async fn validation_plans(&self) -> Result<tam_helpdesk::api::validation::PlanList> {
        self.client.validation_plans().await
    }

    /// `GET /api/v1/helpdesk/validation-checklists`: [`Client::validation_checklists`].
    pub async fn validation_checklists(
        &self,
        query: &tam_helpdesk::api::validation::ChecklistQuery,
    ) -> Result<tam_helpdesk::api::validation::ChecklistList> {
        self.client.validation_checklists(query).await
    }

    /// `GET /api/v1/helpdesk/validations`: [`Client::validation_list`].
    pub async fn validation_list(
        &self,
        query: &tam_helpdesk::api::validation::ValidationListQuery,
    ) -> Result<tam_helpdesk::api::validation::ValidationPage> {
        self.client.validation_list(query).await
    }

    /// `GET /api/v1/helpdesk/validations`: [`Client::validation_list_pages`].
    pub fn validation_list_pages(
        &self,
        query: &tam_helpdesk::api::validation::ValidationListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::validation::ValidationPage>> + Send + 'static,
    > {
        self.client.validation_list_pages(query)
    }

    /// `GET /api/v1/helpdesk/validations/{id}`: [`Client::validation_get`].
    pub async fn validation_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::validation::ValidationDetailBody> {
        self.client.validation_get(id).await
    }

    /// `GET /api/v1/helpdesk/validation-stats`: [`Client::validation_stats`].
    pub async fn validation_stats(
        &self,
        query: &tam_helpdesk::api::cabut::StatsQuery,
    ) -> Result<tam_helpdesk::api::validation::ValidationStats> {
        self.client.validation_stats(query).await
    }

    /// `POST /api/v1/auth/logout-all`: [`Client::auth_logout_all`].
    pub async fn auth_logout_all(&self) -> Result<()> {
        self.client.auth_logout_all().await
    }

    /// `GET /api/v1/auth/me`: [`Client::auth_me`].
    pub async fn auth_me(&self) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.auth_me().await
    }

    /// `GET /api/v1/reporting/kpis`: [`Client::reporting_kpis`].
    pub async fn reporting_kpis(&self) -> Result<serde_json::Value> {
        self.client.reporting_kpis().await
    }

    /// `GET /api/v1/reporting/outbound`: [`Client::reporting_outbound`].
    pub async fn reporting_outbound(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_outbound(query).await
    }

    /// `GET /api/v1/reporting/quality`: [`Client::reporting_quality`].
    pub async fn reporting_quality(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_quality(query).await
    }

    /// `GET /api/v1/reporting/activation`: [`Client::reporting_activation`].
    pub async fn reporting_activation(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_activation(query).await
    }

    /// `GET /api/v1/reporting/disruptions`: [`Client::reporting_disruptions`].
    pub async fn reporting_disruptions(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_disruptions(query).await
    }

    /// `GET /api/v1/reporting/workforce`: [`Client::reporting_workforce`].
    pub async fn reporting_workforce(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_workforce(query).await
    }

    /// `GET /api/v1/reporting/cabut-reasons`: [`Client::reporting_cabut_reasons`].
    pub async fn reporting_cabut_reasons(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_cabut_reasons(query).await
    }

    /// `GET /api/v1/reporting/charts/{kpi}`: [`Client::reporting_chart`].
    pub async fn reporting_chart(
        &self,
        kpi: &str,
        query: &tam_reporting::api::charts::ChartParams,
    ) -> Result<Download> {
        self.client.reporting_chart(kpi, query).await
    }
}

/// HR (hr_recruiter): employees, teams, recruitment, contracts, pembinaan.
#[derive(Debug, Clone)]
pub struct HrClient {
    client: Client,
}

impl HrClient {
    /// The role this facade is for.
    pub const ROLE: Role = Role::HrRecruiter;

    /// Every method of the facade and its route: (HTTP method, path pattern, method).
    pub const FACADE_ROUTES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("POST", "/api/v1/hr/applicants", "applicants_create"),
        ("GET", "/api/v1/hr/applicants", "applicants_list"),
        ("GET", "/api/v1/hr/applicants", "applicants_list_pages"),
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
        ("GET", "/api/v1/hr/shifts", "attendance_shifts"),
        ("GET", "/api/v1/hr/attendance", "attendance_list"),
        (
            "GET",
            "/api/v1/hr/attendance/policies",
            "attendance_policies",
        ),
        ("POST", "/api/v1/auth/logout-all", "auth_logout_all"),
        (
            "POST",
            "/api/v1/hr/employees/{id}/logout-all",
            "auth_logout_employee",
        ),
        ("GET", "/api/v1/auth/me", "auth_me"),
        ("GET", "/api/v1/hr/caplan", "caplan_list"),
        ("GET", "/api/v1/hr/sdm", "caplan_fulfilment"),
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
            "/api/v1/hr/contracts/{id}/decision/confirm",
            "contracts_confirm",
        ),
        ("POST", "/api/v1/hr/employees", "employees_create"),
        ("GET", "/api/v1/hr/employees", "employees_list"),
        ("GET", "/api/v1/hr/employees", "employees_list_pages"),
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
            "GET",
            "/api/v1/hr/incentive-tables/{program}",
            "evaluation_get_table",
        ),
        ("POST", "/api/v1/hr/applicants/{id}/hire", "hiring_hire"),
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
        ("GET", "/api/v1/hr/coaching", "pembinaan_coaching"),
        ("POST", "/api/v1/hr/requisitions", "requisitions_open"),
        ("GET", "/api/v1/hr/requisitions", "requisitions_list"),
        ("GET", "/api/v1/hr/requisitions", "requisitions_list_pages"),
        ("GET", "/api/v1/hr/requisitions/{id}", "requisitions_get"),
        (
            "POST",
            "/api/v1/hr/requisitions/{id}/cancel",
            "requisitions_cancel",
        ),
        ("POST", "/api/v1/hr/teams", "teams_create"),
        ("GET", "/api/v1/hr/teams", "teams_list"),
        ("GET", "/api/v1/hr/teams", "teams_list_pages"),
        ("GET", "/api/v1/hr/teams/{id}", "teams_get"),
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
            "/api/v1/reporting/cabut-reasons",
            "reporting_cabut_reasons",
        ),
        ("GET", "/api/v1/reporting/charts/{kpi}", "reporting_chart"),
    ];

    /// Logs in at `base_url` as a user of this role (another role's user is refused
    /// with a 403-like problem, and logged out again).
    pub async fn login(base_url: &str, username: &str, password: &str) -> Result<Self> {
        let client = Client::new(base_url)?;
        client.login(username, password).await?;
        Self::from_client(client).await
    }

    /// Wraps a logged-in client whose session is this role's.
    pub async fn from_client(client: Client) -> Result<Self> {
        crate::facades::check_role(&client, Self::ROLE).await?;
        Ok(Self { client })
    }

    /// Ends the session (revokes the refresh family).
    pub async fn logout(&self) -> Result<()> {
        self.client.logout().await
    }

    /// `POST /api/v1/hr/applicants`: [`Client::applicants_create`].
    pub async fn applicants_create(
        &self,
        body: &tam_hr::api::applicants::CreateApplicantRequest,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.client.applicants_create(body).await
    }

    /// `GET /api/v1/hr/applicants`: [`Client::applicants_list`].
    pub async fn applicants_list(
        &self,
        query: &tam_hr::api::applicants::ApplicantListQuery,
    ) -> Result<tam_hr::api::applicants::ApplicantPage> {
        self.client.applicants_list(query).await
    }

    /// `GET /api/v1/hr/applicants`: [`Client::applicants_list_pages`].
    pub fn applicants_list_pages(
        &self,
        query: &tam_hr::api::applicants::ApplicantListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::applicants::ApplicantPage>> + Send + 'static>
    {
        self.client.applicants_list_pages(query)
    }

    /// `GET /api/v1/hr/applicants/{id}`: [`Client::applicants_get`].
    pub async fn applicants_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.client.applicants_get(id).await
    }

    /// `POST /api/v1/hr/applicants/{id}/tests`: [`Client::applicants_record_test`].
    pub async fn applicants_record_test(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::applicants::TestRequest,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.client.applicants_record_test(id, body).await
    }

    /// `POST /api/v1/hr/applicants/{id}/stage`: [`Client::applicants_move_stage`].
    pub async fn applicants_move_stage(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::applicants::StageRequest,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.client.applicants_move_stage(id, body).await
    }

    /// `GET /api/v1/hr/applicants/{id}/eligibility`: [`Client::applicants_eligibility`].
    pub async fn applicants_eligibility(
        &self,
        id: uuid::Uuid,
        query: &tam_hr::api::applicants::EligibilityQuery,
    ) -> Result<tam_hr::api::applicants::EligibilityBody> {
        self.client.applicants_eligibility(id, query).await
    }

    /// `GET /api/v1/hr/shifts`: [`Client::attendance_shifts`].
    pub async fn attendance_shifts(
        &self,
        query: &tam_hr::api::attendance::ShiftQuery,
    ) -> Result<tam_hr::api::attendance::ShiftList> {
        self.client.attendance_shifts(query).await
    }

    /// `GET /api/v1/hr/attendance`: [`Client::attendance_list`].
    pub async fn attendance_list(
        &self,
        query: &tam_hr::api::attendance::AttendanceQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_list(query).await
    }

    /// `GET /api/v1/hr/attendance/policies`: [`Client::attendance_policies`].
    pub async fn attendance_policies(&self) -> Result<tam_hr::api::attendance::PolicyList> {
        self.client.attendance_policies().await
    }

    /// `POST /api/v1/auth/logout-all`: [`Client::auth_logout_all`].
    pub async fn auth_logout_all(&self) -> Result<()> {
        self.client.auth_logout_all().await
    }

    /// `POST /api/v1/hr/employees/{id}/logout-all`: [`Client::auth_logout_employee`].
    pub async fn auth_logout_employee(&self, id: uuid::Uuid) -> Result<()> {
        self.client.auth_logout_employee(id).await
    }

    /// `GET /api/v1/auth/me`: [`Client::auth_me`].
    pub async fn auth_me(&self) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.auth_me().await
    }

    /// `GET /api/v1/hr/caplan`: [`Client::caplan_list`].
    pub async fn caplan_list(
        &self,
        query: &tam_hr::api::caplan::CaplanQuery,
    ) -> Result<tam_hr::api::caplan::RevisionList> {
        self.client.caplan_list(query).await
    }

    /// `GET /api/v1/hr/sdm`: [`Client::caplan_fulfilment`].
    pub async fn caplan_fulfilment(
        &self,
        query: &tam_hr::api::caplan::SdmQuery,
    ) -> Result<tam_hr::api::caplan::SdmBody> {
        self.client.caplan_fulfilment(query).await
    }

    /// `GET /api/v1/hr/employees/{id}/contracts`: [`Client::contracts_list`].
    pub async fn contracts_list(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::EmploymentContractList> {
        self.client.contracts_list(id).await
    }

    /// `POST /api/v1/hr/employees/{id}/contracts`: [`Client::contracts_add`].
    pub async fn contracts_add(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::contracts::NewContractRequest,
    ) -> Result<tam_hr::api::contracts::EmploymentContractBody> {
        self.client.contracts_add(id, body).await
    }

    /// `GET /api/v1/hr/contracts/ending`: [`Client::contracts_ending`].
    pub async fn contracts_ending(&self) -> Result<tam_hr::api::contracts::ContractEndingList> {
        self.client.contracts_ending().await
    }

    /// `GET /api/v1/hr/contracts/{id}/review`: [`Client::contracts_review`].
    pub async fn contracts_review(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::ContractReviewBody> {
        self.client.contracts_review(id).await
    }

    /// `POST /api/v1/hr/contracts/{id}/decision/confirm`: [`Client::contracts_confirm`].
    pub async fn contracts_confirm(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::EmploymentContractBody> {
        self.client.contracts_confirm(id).await
    }

    /// `POST /api/v1/hr/employees`: [`Client::employees_create`].
    pub async fn employees_create(
        &self,
        body: &tam_hr::api::employees::CreateEmployeeRequest,
    ) -> Result<tam_hr::api::employees::CreatedEmployeeBody> {
        self.client.employees_create(body).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list`].
    pub async fn employees_list(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<tam_hr::api::employees::EmployeePage> {
        self.client.employees_list(query).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list_pages`].
    pub fn employees_list_pages(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::employees::EmployeePage>> + Send + 'static>
    {
        self.client.employees_list_pages(query)
    }

    /// `GET /api/v1/hr/employees/{id}`: [`Client::employees_get`].
    pub async fn employees_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.employees_get(id).await
    }

    /// `PATCH /api/v1/hr/employees/{id}`: [`Client::employees_update`].
    pub async fn employees_update(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::employees::PatchEmployeeRequest,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.employees_update(id, body).await
    }

    /// `POST /api/v1/hr/employees/{id}/deactivate`: [`Client::employees_deactivate`].
    pub async fn employees_deactivate(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.employees_deactivate(id).await
    }

    /// `POST /api/v1/hr/employees/{id}/activation`: [`Client::employees_reissue_activation`].
    pub async fn employees_reissue_activation(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::ActivationBody> {
        self.client.employees_reissue_activation(id).await
    }

    /// `GET /api/v1/hr/evaluations`: [`Client::evaluation_list`].
    pub async fn evaluation_list(
        &self,
        query: &tam_hr::api::evaluation::EvaluationQuery,
    ) -> Result<tam_hr::api::evaluation::EvaluationList> {
        self.client.evaluation_list(query).await
    }

    /// `POST /api/v1/hr/evaluations/{id}/lock`: [`Client::evaluation_lock`].
    pub async fn evaluation_lock(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::evaluation::EvaluationBody> {
        self.client.evaluation_lock(id).await
    }

    /// `GET /api/v1/hr/evaluations/adjustments`: [`Client::evaluation_adjustments`].
    pub async fn evaluation_adjustments(
        &self,
        query: &tam_hr::api::evaluation::AdjustmentQuery,
    ) -> Result<tam_hr::api::evaluation::AdjustmentList> {
        self.client.evaluation_adjustments(query).await
    }

    /// `GET /api/v1/hr/evaluations/export`: [`Client::evaluation_export`].
    pub async fn evaluation_export(
        &self,
        query: &tam_hr::api::evaluation::ExportQuery,
    ) -> Result<Download> {
        self.client.evaluation_export(query).await
    }

    /// `GET /api/v1/hr/incentive-tables/{program}`: [`Client::evaluation_get_table`].
    pub async fn evaluation_get_table(
        &self,
        program: &str,
    ) -> Result<tam_hr::api::evaluation::TableBody> {
        self.client.evaluation_get_table(program).await
    }

    /// `POST /api/v1/hr/applicants/{id}/hire`: [`Client::hiring_hire`].
    pub async fn hiring_hire(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::hiring::HireRequest,
    ) -> Result<tam_hr::api::hiring::HiredBody> {
        self.client.hiring_hire(id, body).await
    }

    /// `GET /api/v1/hr/warning-letters`: [`Client::pembinaan_letters`].
    pub async fn pembinaan_letters(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterList> {
        self.client.pembinaan_letters(query).await
    }

    /// `POST /api/v1/hr/warning-letters/{id}/acknowledge`: [`Client::pembinaan_acknowledge`].
    pub async fn pembinaan_acknowledge(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.client.pembinaan_acknowledge(id).await
    }

    /// `POST /api/v1/hr/warning-letters/{id}/decision`: [`Client::pembinaan_decide`].
    pub async fn pembinaan_decide(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::pembinaan::LetterDecisionRequest,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.client.pembinaan_decide(id, body).await
    }

    /// `POST /api/v1/hr/warning-letters/{id}/revoke`: [`Client::pembinaan_revoke`].
    pub async fn pembinaan_revoke(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::pembinaan::RevokeLetterRequest,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterBody> {
        self.client.pembinaan_revoke(id, body).await
    }

    /// `GET /api/v1/hr/termination-reviews`: [`Client::pembinaan_reviews`].
    pub async fn pembinaan_reviews(
        &self,
        query: &tam_hr::api::pembinaan::ReviewQuery,
    ) -> Result<tam_hr::api::pembinaan::TerminationReviewList> {
        self.client.pembinaan_reviews(query).await
    }

    /// `POST /api/v1/hr/termination-reviews/{id}/decision`: [`Client::pembinaan_decide_review`].
    pub async fn pembinaan_decide_review(
        &self,
        id: uuid::Uuid,
        body: &tam_hr::api::pembinaan::ReviewDecisionRequest,
    ) -> Result<tam_hr::api::pembinaan::TerminationReviewBody> {
        self.client.pembinaan_decide_review(id, body).await
    }

    /// `GET /api/v1/hr/coaching`: [`Client::pembinaan_coaching`].
    pub async fn pembinaan_coaching(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::CoachingList> {
        self.client.pembinaan_coaching(query).await
    }

    /// `POST /api/v1/hr/requisitions`: [`Client::requisitions_open`].
    pub async fn requisitions_open(
        &self,
        body: &tam_hr::api::requisitions::OpenRequisitionRequest,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_open(body).await
    }

    /// `GET /api/v1/hr/requisitions`: [`Client::requisitions_list`].
    pub async fn requisitions_list(
        &self,
        query: &tam_hr::api::requisitions::RequisitionListQuery,
    ) -> Result<tam_hr::api::requisitions::RequisitionPage> {
        self.client.requisitions_list(query).await
    }

    /// `GET /api/v1/hr/requisitions`: [`Client::requisitions_list_pages`].
    pub fn requisitions_list_pages(
        &self,
        query: &tam_hr::api::requisitions::RequisitionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_hr::api::requisitions::RequisitionPage>> + Send + 'static,
    > {
        self.client.requisitions_list_pages(query)
    }

    /// `GET /api/v1/hr/requisitions/{id}`: [`Client::requisitions_get`].
    pub async fn requisitions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_get(id).await
    }

    /// `POST /api/v1/hr/requisitions/{id}/cancel`: [`Client::requisitions_cancel`].
    pub async fn requisitions_cancel(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_cancel(id).await
    }

    /// `POST /api/v1/hr/teams`: [`Client::teams_create`].
    pub async fn teams_create(
        &self,
        body: &tam_hr::api::teams::CreateTeamRequest,
    ) -> Result<tam_hr::api::teams::TeamBody> {
        self.client.teams_create(body).await
    }

    /// `GET /api/v1/hr/teams`: [`Client::teams_list`].
    pub async fn teams_list(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<tam_hr::api::teams::TeamPage> {
        self.client.teams_list(query).await
    }

    /// `GET /api/v1/hr/teams`: [`Client::teams_list_pages`].
    pub fn teams_list_pages(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::teams::TeamPage>> + Send + 'static> {
        self.client.teams_list_pages(query)
    }

    /// `GET /api/v1/hr/teams/{id}`: [`Client::teams_get`].
    pub async fn teams_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::teams::TeamBody> {
        self.client.teams_get(id).await
    }

    /// `GET /api/v1/reporting/kpis`: [`Client::reporting_kpis`].
    pub async fn reporting_kpis(&self) -> Result<serde_json::Value> {
        self.client.reporting_kpis().await
    }

    /// `GET /api/v1/reporting/outbound`: [`Client::reporting_outbound`].
    pub async fn reporting_outbound(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_outbound(query).await
    }

    /// `GET /api/v1/reporting/quality`: [`Client::reporting_quality`].
    pub async fn reporting_quality(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_quality(query).await
    }

    /// `GET /api/v1/reporting/activation`: [`Client::reporting_activation`].
    pub async fn reporting_activation(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_activation(query).await
    }

    /// `GET /api/v1/reporting/disruptions`: [`Client::reporting_disruptions`].
    pub async fn reporting_disruptions(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_disruptions(query).await
    }

    /// `GET /api/v1/reporting/workforce`: [`Client::reporting_workforce`].
    pub async fn reporting_workforce(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_workforce(query).await
    }

    /// `GET /api/v1/reporting/cabut-reasons`: [`Client::reporting_cabut_reasons`].
    pub async fn reporting_cabut_reasons(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_cabut_reasons(query).await
    }

    /// `GET /api/v1/reporting/charts/{kpi}`: [`Client::reporting_chart`].
    pub async fn reporting_chart(
        &self,
        kpi: &str,
        query: &tam_reporting::api::charts::ChartParams,
    ) -> Result<Download> {
        self.client.reporting_chart(kpi, query).await
    }
}

/// A manager: every site's figures, plans and decisions.
#[derive(Debug, Clone)]
pub struct ManagerClient {
    client: Client,
}

impl ManagerClient {
    /// The role this facade is for.
    pub const ROLE: Role = Role::Manager;

    /// Every method of the facade and its route: (HTTP method, path pattern, method).
    pub const FACADE_ROUTES: &'static [(&'static str, &'static str, &'static str)] = &[
        ("GET", "/api/v1/calling/calls", "calls_list"),
        ("GET", "/api/v1/calling/calls", "calls_list_pages"),
        ("GET", "/api/v1/calling/calls/{id}", "calls_get"),
        (
            "GET",
            "/api/v1/calling/daily-counts",
            "calling_daily_counts",
        ),
        ("GET", "/api/v1/helpdesk/cabut/cases", "cabut_list"),
        ("GET", "/api/v1/helpdesk/cabut/cases", "cabut_list_pages"),
        ("GET", "/api/v1/helpdesk/cabut/cases/{id}", "cabut_get"),
        ("GET", "/api/v1/helpdesk/cabut/reasons", "cabut_reasons"),
        ("GET", "/api/v1/helpdesk/cabut/stats", "cabut_stats"),
        ("GET", "/api/v1/helpdesk/calendars", "calendars_list"),
        ("GET", "/api/v1/helpdesk/channels", "channels_list"),
        (
            "GET",
            "/api/v1/helpdesk/daily-counts",
            "helpdesk_daily_counts",
        ),
        (
            "GET",
            "/api/v1/helpdesk/disruptions/{id}",
            "disruptions_get",
        ),
        ("GET", "/api/v1/helpdesk/disruptions", "disruptions_list"),
        (
            "GET",
            "/api/v1/helpdesk/disruptions",
            "disruptions_list_pages",
        ),
        ("GET", "/api/v1/helpdesk/escalations", "escalations_list"),
        ("GET", "/api/v1/helpdesk/sla-policies", "sla_policies_list"),
        (
            "GET",
            "/api/v1/helpdesk/escalation-ladder",
            "sla_policies_ladder",
        ),
        ("GET", "/api/v1/helpdesk/tickets/{id}", "tickets_get"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list"),
        ("GET", "/api/v1/helpdesk/tickets", "tickets_list_pages"),
        (
            "GET",
            "/api/v1/helpdesk/validation-plans",
            "validation_plans",
        ),
        (
            "GET",
            "/api/v1/helpdesk/validation-checklists",
            "validation_checklists",
        ),
        ("GET", "/api/v1/helpdesk/validations", "validation_list"),
        (
            "GET",
            "/api/v1/helpdesk/validations",
            "validation_list_pages",
        ),
        ("GET", "/api/v1/helpdesk/validations/{id}", "validation_get"),
        (
            "GET",
            "/api/v1/helpdesk/validation-stats",
            "validation_stats",
        ),
        ("GET", "/api/v1/hr/applicants", "applicants_list"),
        ("GET", "/api/v1/hr/applicants", "applicants_list_pages"),
        ("GET", "/api/v1/hr/applicants/{id}", "applicants_get"),
        (
            "GET",
            "/api/v1/hr/applicants/{id}/eligibility",
            "applicants_eligibility",
        ),
        ("GET", "/api/v1/hr/shifts", "attendance_shifts"),
        ("GET", "/api/v1/hr/attendance", "attendance_list"),
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
        ("POST", "/api/v1/auth/logout-all", "auth_logout_all"),
        ("GET", "/api/v1/auth/me", "auth_me"),
        ("POST", "/api/v1/hr/caplan", "caplan_revise"),
        ("GET", "/api/v1/hr/caplan", "caplan_list"),
        ("GET", "/api/v1/hr/sdm", "caplan_fulfilment"),
        ("GET", "/api/v1/hr/certifications", "certification_list"),
        (
            "GET",
            "/api/v1/hr/certifications/expiring",
            "certification_expiring",
        ),
        (
            "GET",
            "/api/v1/hr/employees/{id}/contracts",
            "contracts_list",
        ),
        ("GET", "/api/v1/hr/contracts/ending", "contracts_ending"),
        (
            "GET",
            "/api/v1/hr/contracts/{id}/review",
            "contracts_review",
        ),
        ("POST", "/api/v1/hr/employees", "employees_create"),
        ("GET", "/api/v1/hr/employees", "employees_list"),
        ("GET", "/api/v1/hr/employees", "employees_list_pages"),
        ("GET", "/api/v1/hr/employees/{id}", "employees_get"),
        (
            "POST",
            "/api/v1/hr/employees/{id}/activation",
            "employees_reissue_activation",
        ),
        ("GET", "/api/v1/hr/evaluations", "evaluation_list"),
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
        ("GET", "/api/v1/hr/warning-letters", "pembinaan_letters"),
        ("GET", "/api/v1/hr/termination-reviews", "pembinaan_reviews"),
        ("GET", "/api/v1/hr/coaching", "pembinaan_coaching"),
        ("POST", "/api/v1/hr/requisitions", "requisitions_open"),
        ("GET", "/api/v1/hr/requisitions", "requisitions_list"),
        ("GET", "/api/v1/hr/requisitions", "requisitions_list_pages"),
        ("GET", "/api/v1/hr/requisitions/{id}", "requisitions_get"),
        (
            "POST",
            "/api/v1/hr/requisitions/{id}/cancel",
            "requisitions_cancel",
        ),
        ("GET", "/api/v1/hr/teams", "teams_list"),
        ("GET", "/api/v1/hr/teams", "teams_list_pages"),
        ("GET", "/api/v1/hr/teams/{id}", "teams_get"),
        ("GET", "/api/v1/hr/training/classes", "training_list"),
        ("GET", "/api/v1/hr/training/classes", "training_list_pages"),
        ("GET", "/api/v1/hr/training/classes/{id}", "training_get"),
        ("POST", "/api/v1/prospect/dnc", "dnc_add"),
        ("GET", "/api/v1/prospect/dnc", "dnc_list"),
        ("GET", "/api/v1/prospect/dnc", "dnc_list_pages"),
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
            "/api/v1/prospect/work-orders/{id}/imports",
            "prospect_import_list_pages",
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
        (
            "GET",
            "/api/v1/prospect/work-orders/{id}/prospects",
            "prospects_list_pages",
        ),
        ("GET", "/api/v1/prospect/prospects/{id}", "prospects_get"),
        ("POST", "/api/v1/prospect/work-orders", "work_orders_create"),
        ("GET", "/api/v1/prospect/work-orders", "work_orders_list"),
        (
            "GET",
            "/api/v1/prospect/work-orders",
            "work_orders_list_pages",
        ),
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
            "GET",
            "/api/v1/quality/mis-sale-reviews",
            "mis_sales_list_pages",
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
            "GET",
            "/api/v1/quality/parameters/{program}/versions",
            "parameters_versions",
        ),
        ("GET", "/api/v1/quality/score", "stats_score"),
        ("GET", "/api/v1/quality/coverage", "stats_coverage"),
        ("GET", "/api/v1/quality/tasks", "tasks_list"),
        ("GET", "/api/v1/quality/tasks", "tasks_list_pages"),
        ("GET", "/api/v1/quality/tasks/{id}", "tasks_get"),
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

    /// Logs in at `base_url` as a user of this role (another role's user is refused
    /// with a 403-like problem, and logged out again).
    pub async fn login(base_url: &str, username: &str, password: &str) -> Result<Self> {
        let client = Client::new(base_url)?;
        client.login(username, password).await?;
        Self::from_client(client).await
    }

    /// Wraps a logged-in client whose session is this role's.
    pub async fn from_client(client: Client) -> Result<Self> {
        crate::facades::check_role(&client, Self::ROLE).await?;
        Ok(Self { client })
    }

    /// Ends the session (revokes the refresh family).
    pub async fn logout(&self) -> Result<()> {
        self.client.logout().await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list`].
    pub async fn calls_list(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<tam_calling::api::calls::CallPage> {
        self.client.calls_list(query).await
    }

    /// `GET /api/v1/calling/calls`: [`Client::calls_list_pages`].
    pub fn calls_list_pages(
        &self,
        query: &tam_calling::api::calls::CallListQuery,
    ) -> Result<impl Stream<Item = Result<tam_calling::api::calls::CallPage>> + Send + 'static>
    {
        self.client.calls_list_pages(query)
    }

    /// `GET /api/v1/calling/calls/{id}`: [`Client::calls_get`].
    pub async fn calls_get(&self, id: uuid::Uuid) -> Result<tam_calling::api::calls::CallBody> {
        self.client.calls_get(id).await
    }

    /// `GET /api/v1/calling/daily-counts`: [`Client::calling_daily_counts`].
    pub async fn calling_daily_counts(
        &self,
        query: &tam_calling::api::daily_counts::DayQuery,
    ) -> Result<tam_calling::api::daily_counts::DailyCounts> {
        self.client.calling_daily_counts(query).await
    }

    /// `GET /api/v1/helpdesk/cabut/cases`: [`Client::cabut_list`].
    pub async fn cabut_list(
        &self,
        query: &tam_helpdesk::api::cabut::CaseListQuery,
    ) -> Result<tam_helpdesk::api::cabut::CasePage> {
        self.client.cabut_list(query).await
    }

    /// `GET /api/v1/helpdesk/cabut/cases`: [`Client::cabut_list_pages`].
    pub fn cabut_list_pages(
        &self,
        query: &tam_helpdesk::api::cabut::CaseListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::cabut::CasePage>> + Send + 'static>
    {
        self.client.cabut_list_pages(query)
    }

    /// `GET /api/v1/helpdesk/cabut/cases/{id}`: [`Client::cabut_get`].
    pub async fn cabut_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::cabut::CaseDetailBody> {
        self.client.cabut_get(id).await
    }

    /// `GET /api/v1/helpdesk/cabut/reasons`: [`Client::cabut_reasons`].
    pub async fn cabut_reasons(&self) -> Result<tam_helpdesk::api::cabut::TaxonomyBody> {
        self.client.cabut_reasons().await
    }

    /// `GET /api/v1/helpdesk/cabut/stats`: [`Client::cabut_stats`].
    pub async fn cabut_stats(
        &self,
        query: &tam_helpdesk::api::cabut::StatsQuery,
    ) -> Result<tam_helpdesk::api::cabut::StatsBody> {
        self.client.cabut_stats(query).await
    }

    /// `GET /api/v1/helpdesk/calendars`: [`Client::calendars_list`].
    pub async fn calendars_list(&self) -> Result<tam_helpdesk::api::calendars::CalendarList> {
        self.client.calendars_list().await
    }

    /// `GET /api/v1/helpdesk/channels`: [`Client::channels_list`].
    pub async fn channels_list(&self) -> Result<tam_helpdesk::api::channels::ChannelList> {
        self.client.channels_list().await
    }

    /// `GET /api/v1/helpdesk/daily-counts`: [`Client::helpdesk_daily_counts`].
    pub async fn helpdesk_daily_counts(
        &self,
        query: &tam_helpdesk::api::daily_counts::DayQuery,
    ) -> Result<tam_helpdesk::api::daily_counts::DailyCounts> {
        self.client.helpdesk_daily_counts(query).await
    }

    /// `GET /api/v1/helpdesk/disruptions/{id}`: [`Client::disruptions_get`].
    pub async fn disruptions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionDetailBody> {
        self.client.disruptions_get(id).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list`].
    pub async fn disruptions_list(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<tam_helpdesk::api::disruptions::DisruptionPage> {
        self.client.disruptions_list(query).await
    }

    /// `GET /api/v1/helpdesk/disruptions`: [`Client::disruptions_list_pages`].
    pub fn disruptions_list_pages(
        &self,
        query: &tam_helpdesk::api::disruptions::DisruptionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::disruptions::DisruptionPage>> + Send + 'static,
    > {
        self.client.disruptions_list_pages(query)
    }

    /// `GET /api/v1/helpdesk/escalations`: [`Client::escalations_list`].
    pub async fn escalations_list(
        &self,
        query: &tam_helpdesk::api::escalations::EscalationQuery,
    ) -> Result<tam_helpdesk::api::escalations::EscalationList> {
        self.client.escalations_list(query).await
    }

    /// `GET /api/v1/helpdesk/sla-policies`: [`Client::sla_policies_list`].
    pub async fn sla_policies_list(&self) -> Result<tam_helpdesk::api::sla_policies::SlaPolicies> {
        self.client.sla_policies_list().await
    }

    /// `GET /api/v1/helpdesk/escalation-ladder`: [`Client::sla_policies_ladder`].
    pub async fn sla_policies_ladder(
        &self,
    ) -> Result<tam_helpdesk::api::sla_policies::EscalationLadder> {
        self.client.sla_policies_ladder().await
    }

    /// `GET /api/v1/helpdesk/tickets/{id}`: [`Client::tickets_get`].
    pub async fn tickets_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::tickets::TicketDetailBody> {
        self.client.tickets_get(id).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list`].
    pub async fn tickets_list(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<tam_helpdesk::api::tickets::TicketPage> {
        self.client.tickets_list(query).await
    }

    /// `GET /api/v1/helpdesk/tickets`: [`Client::tickets_list_pages`].
    pub fn tickets_list_pages(
        &self,
        query: &tam_helpdesk::api::tickets::TicketListQuery,
    ) -> Result<impl Stream<Item = Result<tam_helpdesk::api::tickets::TicketPage>> + Send + 'static>
    {
        self.client.tickets_list_pages(query)
    }

    /// `GET /api/v1/helpdesk/validation-plans`: [`Client::validation_plans`].
    pub async fn validation_plans(&self) -> Result<tam_helpdesk::api::validation::PlanList> {
        self.client.validation_plans().await
    }

    /// `GET /api/v1/helpdesk/validation-checklists`: [`Client::validation_checklists`].
    pub async fn validation_checklists(
        &self,
        query: &tam_helpdesk::api::validation::ChecklistQuery,
    ) -> Result<tam_helpdesk::api::validation::ChecklistList> {
        self.client.validation_checklists(query).await
    }

    /// `GET /api/v1/helpdesk/validations`: [`Client::validation_list`].
    pub async fn validation_list(
        &self,
        query: &tam_helpdesk::api::validation::ValidationListQuery,
    ) -> Result<tam_helpdesk::api::validation::ValidationPage> {
        self.client.validation_list(query).await
    }

    /// `GET /api/v1/helpdesk/validations`: [`Client::validation_list_pages`].
    pub fn validation_list_pages(
        &self,
        query: &tam_helpdesk::api::validation::ValidationListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_helpdesk::api::validation::ValidationPage>> + Send + 'static,
    > {
        self.client.validation_list_pages(query)
    }

    /// `GET /api/v1/helpdesk/validations/{id}`: [`Client::validation_get`].
    pub async fn validation_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_helpdesk::api::validation::ValidationDetailBody> {
        self.client.validation_get(id).await
    }

    /// `GET /api/v1/helpdesk/validation-stats`: [`Client::validation_stats`].
    pub async fn validation_stats(
        &self,
        query: &tam_helpdesk::api::cabut::StatsQuery,
    ) -> Result<tam_helpdesk::api::validation::ValidationStats> {
        self.client.validation_stats(query).await
    }

    /// `GET /api/v1/hr/applicants`: [`Client::applicants_list`].
    pub async fn applicants_list(
        &self,
        query: &tam_hr::api::applicants::ApplicantListQuery,
    ) -> Result<tam_hr::api::applicants::ApplicantPage> {
        self.client.applicants_list(query).await
    }

    /// `GET /api/v1/hr/applicants`: [`Client::applicants_list_pages`].
    pub fn applicants_list_pages(
        &self,
        query: &tam_hr::api::applicants::ApplicantListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::applicants::ApplicantPage>> + Send + 'static>
    {
        self.client.applicants_list_pages(query)
    }

    /// `GET /api/v1/hr/applicants/{id}`: [`Client::applicants_get`].
    pub async fn applicants_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::applicants::ApplicantBody> {
        self.client.applicants_get(id).await
    }

    /// `GET /api/v1/hr/applicants/{id}/eligibility`: [`Client::applicants_eligibility`].
    pub async fn applicants_eligibility(
        &self,
        id: uuid::Uuid,
        query: &tam_hr::api::applicants::EligibilityQuery,
    ) -> Result<tam_hr::api::applicants::EligibilityBody> {
        self.client.applicants_eligibility(id, query).await
    }

    /// `GET /api/v1/hr/shifts`: [`Client::attendance_shifts`].
    pub async fn attendance_shifts(
        &self,
        query: &tam_hr::api::attendance::ShiftQuery,
    ) -> Result<tam_hr::api::attendance::ShiftList> {
        self.client.attendance_shifts(query).await
    }

    /// `GET /api/v1/hr/attendance`: [`Client::attendance_list`].
    pub async fn attendance_list(
        &self,
        query: &tam_hr::api::attendance::AttendanceQuery,
    ) -> Result<tam_hr::api::attendance::AttendanceBody> {
        self.client.attendance_list(query).await
    }

    /// `GET /api/v1/hr/attendance/policies`: [`Client::attendance_policies`].
    pub async fn attendance_policies(&self) -> Result<tam_hr::api::attendance::PolicyList> {
        self.client.attendance_policies().await
    }

    /// `POST /api/v1/hr/attendance/policies`: [`Client::attendance_set_policy`].
    pub async fn attendance_set_policy(
        &self,
        body: &tam_hr::api::attendance::PolicyRequest,
    ) -> Result<tam_hr::api::attendance::PolicyBody> {
        self.client.attendance_set_policy(body).await
    }

    /// `POST /api/v1/auth/logout-all`: [`Client::auth_logout_all`].
    pub async fn auth_logout_all(&self) -> Result<()> {
        self.client.auth_logout_all().await
    }

    /// `GET /api/v1/auth/me`: [`Client::auth_me`].
    pub async fn auth_me(&self) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.auth_me().await
    }

    /// `POST /api/v1/hr/caplan`: [`Client::caplan_revise`].
    pub async fn caplan_revise(
        &self,
        body: &tam_hr::api::caplan::ReviseRequest,
    ) -> Result<tam_hr::api::caplan::RevisionBody> {
        self.client.caplan_revise(body).await
    }

    /// `GET /api/v1/hr/caplan`: [`Client::caplan_list`].
    pub async fn caplan_list(
        &self,
        query: &tam_hr::api::caplan::CaplanQuery,
    ) -> Result<tam_hr::api::caplan::RevisionList> {
        self.client.caplan_list(query).await
    }

    /// `GET /api/v1/hr/sdm`: [`Client::caplan_fulfilment`].
    pub async fn caplan_fulfilment(
        &self,
        query: &tam_hr::api::caplan::SdmQuery,
    ) -> Result<tam_hr::api::caplan::SdmBody> {
        self.client.caplan_fulfilment(query).await
    }

    /// `GET /api/v1/hr/certifications`: [`Client::certification_list`].
    pub async fn certification_list(
        &self,
        query: &tam_hr::api::certification::CertificationQuery,
    ) -> Result<tam_hr::api::certification::CertificationList> {
        self.client.certification_list(query).await
    }

    /// `GET /api/v1/hr/certifications/expiring`: [`Client::certification_expiring`].
    pub async fn certification_expiring(&self) -> Result<tam_hr::api::certification::ExpiringList> {
        self.client.certification_expiring().await
    }

    /// `GET /api/v1/hr/employees/{id}/contracts`: [`Client::contracts_list`].
    pub async fn contracts_list(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::EmploymentContractList> {
        self.client.contracts_list(id).await
    }

    /// `GET /api/v1/hr/contracts/ending`: [`Client::contracts_ending`].
    pub async fn contracts_ending(&self) -> Result<tam_hr::api::contracts::ContractEndingList> {
        self.client.contracts_ending().await
    }

    /// `GET /api/v1/hr/contracts/{id}/review`: [`Client::contracts_review`].
    pub async fn contracts_review(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::contracts::ContractReviewBody> {
        self.client.contracts_review(id).await
    }

    /// `POST /api/v1/hr/employees`: [`Client::employees_create`].
    pub async fn employees_create(
        &self,
        body: &tam_hr::api::employees::CreateEmployeeRequest,
    ) -> Result<tam_hr::api::employees::CreatedEmployeeBody> {
        self.client.employees_create(body).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list`].
    pub async fn employees_list(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<tam_hr::api::employees::EmployeePage> {
        self.client.employees_list(query).await
    }

    /// `GET /api/v1/hr/employees`: [`Client::employees_list_pages`].
    pub fn employees_list_pages(
        &self,
        query: &tam_hr::api::employees::EmployeeListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::employees::EmployeePage>> + Send + 'static>
    {
        self.client.employees_list_pages(query)
    }

    /// `GET /api/v1/hr/employees/{id}`: [`Client::employees_get`].
    pub async fn employees_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::EmployeeBody> {
        self.client.employees_get(id).await
    }

    /// `POST /api/v1/hr/employees/{id}/activation`: [`Client::employees_reissue_activation`].
    pub async fn employees_reissue_activation(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::employees::ActivationBody> {
        self.client.employees_reissue_activation(id).await
    }

    /// `GET /api/v1/hr/evaluations`: [`Client::evaluation_list`].
    pub async fn evaluation_list(
        &self,
        query: &tam_hr::api::evaluation::EvaluationQuery,
    ) -> Result<tam_hr::api::evaluation::EvaluationList> {
        self.client.evaluation_list(query).await
    }

    /// `POST /api/v1/hr/evaluations/{id}/lock`: [`Client::evaluation_lock`].
    pub async fn evaluation_lock(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::evaluation::EvaluationBody> {
        self.client.evaluation_lock(id).await
    }

    /// `GET /api/v1/hr/evaluations/adjustments`: [`Client::evaluation_adjustments`].
    pub async fn evaluation_adjustments(
        &self,
        query: &tam_hr::api::evaluation::AdjustmentQuery,
    ) -> Result<tam_hr::api::evaluation::AdjustmentList> {
        self.client.evaluation_adjustments(query).await
    }

    /// `GET /api/v1/hr/evaluations/export`: [`Client::evaluation_export`].
    pub async fn evaluation_export(
        &self,
        query: &tam_hr::api::evaluation::ExportQuery,
    ) -> Result<Download> {
        self.client.evaluation_export(query).await
    }

    /// `PUT /api/v1/hr/incentive-tables/{program}`: [`Client::evaluation_put_table`].
    pub async fn evaluation_put_table(
        &self,
        program: &str,
        body: &tam_hr::api::evaluation::TableRequest,
    ) -> Result<tam_hr::api::evaluation::TableBody> {
        self.client.evaluation_put_table(program, body).await
    }

    /// `GET /api/v1/hr/incentive-tables/{program}`: [`Client::evaluation_get_table`].
    pub async fn evaluation_get_table(
        &self,
        program: &str,
    ) -> Result<tam_hr::api::evaluation::TableBody> {
        self.client.evaluation_get_table(program).await
    }

    /// `GET /api/v1/hr/warning-letters`: [`Client::pembinaan_letters`].
    pub async fn pembinaan_letters(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::WarningLetterList> {
        self.client.pembinaan_letters(query).await
    }

    /// `GET /api/v1/hr/termination-reviews`: [`Client::pembinaan_reviews`].
    pub async fn pembinaan_reviews(
        &self,
        query: &tam_hr::api::pembinaan::ReviewQuery,
    ) -> Result<tam_hr::api::pembinaan::TerminationReviewList> {
        self.client.pembinaan_reviews(query).await
    }

    /// `GET /api/v1/hr/coaching`: [`Client::pembinaan_coaching`].
    pub async fn pembinaan_coaching(
        &self,
        query: &tam_hr::api::pembinaan::EmployeeQuery,
    ) -> Result<tam_hr::api::pembinaan::CoachingList> {
        self.client.pembinaan_coaching(query).await
    }

    /// `POST /api/v1/hr/requisitions`: [`Client::requisitions_open`].
    pub async fn requisitions_open(
        &self,
        body: &tam_hr::api::requisitions::OpenRequisitionRequest,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_open(body).await
    }

    /// `GET /api/v1/hr/requisitions`: [`Client::requisitions_list`].
    pub async fn requisitions_list(
        &self,
        query: &tam_hr::api::requisitions::RequisitionListQuery,
    ) -> Result<tam_hr::api::requisitions::RequisitionPage> {
        self.client.requisitions_list(query).await
    }

    /// `GET /api/v1/hr/requisitions`: [`Client::requisitions_list_pages`].
    pub fn requisitions_list_pages(
        &self,
        query: &tam_hr::api::requisitions::RequisitionListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_hr::api::requisitions::RequisitionPage>> + Send + 'static,
    > {
        self.client.requisitions_list_pages(query)
    }

    /// `GET /api/v1/hr/requisitions/{id}`: [`Client::requisitions_get`].
    pub async fn requisitions_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_get(id).await
    }

    /// `POST /api/v1/hr/requisitions/{id}/cancel`: [`Client::requisitions_cancel`].
    pub async fn requisitions_cancel(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_hr::api::requisitions::RequisitionBody> {
        self.client.requisitions_cancel(id).await
    }

    /// `GET /api/v1/hr/teams`: [`Client::teams_list`].
    pub async fn teams_list(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<tam_hr::api::teams::TeamPage> {
        self.client.teams_list(query).await
    }

    /// `GET /api/v1/hr/teams`: [`Client::teams_list_pages`].
    pub fn teams_list_pages(
        &self,
        query: &tam_hr::api::teams::TeamListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::teams::TeamPage>> + Send + 'static> {
        self.client.teams_list_pages(query)
    }

    /// `GET /api/v1/hr/teams/{id}`: [`Client::teams_get`].
    pub async fn teams_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::teams::TeamBody> {
        self.client.teams_get(id).await
    }

    /// `GET /api/v1/hr/training/classes`: [`Client::training_list`].
    pub async fn training_list(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<tam_hr::api::training::ClassPage> {
        self.client.training_list(query).await
    }

    /// `GET /api/v1/hr/training/classes`: [`Client::training_list_pages`].
    pub fn training_list_pages(
        &self,
        query: &tam_hr::api::training::ClassListQuery,
    ) -> Result<impl Stream<Item = Result<tam_hr::api::training::ClassPage>> + Send + 'static> {
        self.client.training_list_pages(query)
    }

    /// `GET /api/v1/hr/training/classes/{id}`: [`Client::training_get`].
    pub async fn training_get(&self, id: uuid::Uuid) -> Result<tam_hr::api::training::ClassBody> {
        self.client.training_get(id).await
    }

    /// `POST /api/v1/prospect/dnc`: [`Client::dnc_add`].
    pub async fn dnc_add(
        &self,
        body: &tam_prospect::api::dnc::AddDncRequest,
    ) -> Result<tam_prospect::api::dnc::DncBody> {
        self.client.dnc_add(body).await
    }

    /// `GET /api/v1/prospect/dnc`: [`Client::dnc_list`].
    pub async fn dnc_list(
        &self,
        query: &tam_prospect::api::dnc::DncListQuery,
    ) -> Result<tam_prospect::api::dnc::DncPage> {
        self.client.dnc_list(query).await
    }

    /// `GET /api/v1/prospect/dnc`: [`Client::dnc_list_pages`].
    pub fn dnc_list_pages(
        &self,
        query: &tam_prospect::api::dnc::DncListQuery,
    ) -> Result<impl Stream<Item = Result<tam_prospect::api::dnc::DncPage>> + Send + 'static> {
        self.client.dnc_list_pages(query)
    }

    /// `GET /api/v1/prospect/dnc/{number}`: [`Client::dnc_get`].
    pub async fn dnc_get(&self, number: &str) -> Result<tam_prospect::api::dnc::DncDetailBody> {
        self.client.dnc_get(number).await
    }

    /// `POST /api/v1/prospect/dnc/{number}/remove`: [`Client::dnc_remove`].
    pub async fn dnc_remove(
        &self,
        number: &str,
        body: &tam_prospect::api::dnc::RemoveDncRequest,
    ) -> Result<tam_prospect::api::dnc::DncBody> {
        self.client.dnc_remove(number, body).await
    }

    /// `POST /api/v1/prospect/work-orders/{id}/dapros`: [`Client::prospect_import`].
    pub async fn prospect_import(
        &self,
        id: uuid::Uuid,
        upload: Upload,
    ) -> Result<tam_prospect::api::import::ImportReportBody> {
        self.client.prospect_import(id, upload).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports`: [`Client::prospect_import_list`].
    pub async fn prospect_import_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<tam_prospect::api::import::ImportPage> {
        self.client.prospect_import_list(id, query).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/imports`: [`Client::prospect_import_list_pages`].
    pub fn prospect_import_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::import::ImportListQuery,
    ) -> Result<impl Stream<Item = Result<tam_prospect::api::import::ImportPage>> + Send + 'static>
    {
        self.client.prospect_import_list_pages(id, query)
    }

    /// `GET /api/v1/prospect/imports/{id}`: [`Client::prospect_import_get`].
    pub async fn prospect_import_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::import::ImportReportBody> {
        self.client.prospect_import_get(id).await
    }

    /// `GET /api/v1/prospect/imports/{id}/rejected`: [`Client::prospect_import_rejected`].
    pub async fn prospect_import_rejected(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.prospect_import_rejected(id).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/progress`: [`Client::prospects_progress`].
    pub async fn prospects_progress(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProgressBody> {
        self.client.prospects_progress(id).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects`: [`Client::prospects_list`].
    pub async fn prospects_list(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<tam_prospect::api::prospects::ProspectPage> {
        self.client.prospects_list(id, query).await
    }

    /// `GET /api/v1/prospect/work-orders/{id}/prospects`: [`Client::prospects_list_pages`].
    pub fn prospects_list_pages(
        &self,
        id: uuid::Uuid,
        query: &tam_prospect::api::prospects::ProspectListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::prospects::ProspectPage>> + Send + 'static,
    > {
        self.client.prospects_list_pages(id, query)
    }

    /// `GET /api/v1/prospect/prospects/{id}`: [`Client::prospects_get`].
    pub async fn prospects_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::prospects::ProspectDetailBody> {
        self.client.prospects_get(id).await
    }

    /// `POST /api/v1/prospect/work-orders`: [`Client::work_orders_create`].
    pub async fn work_orders_create(
        &self,
        body: &tam_prospect::api::work_orders::CreateWorkOrderRequest,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_create(body).await
    }

    /// `GET /api/v1/prospect/work-orders`: [`Client::work_orders_list`].
    pub async fn work_orders_list(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderPage> {
        self.client.work_orders_list(query).await
    }

    /// `GET /api/v1/prospect/work-orders`: [`Client::work_orders_list_pages`].
    pub fn work_orders_list_pages(
        &self,
        query: &tam_prospect::api::work_orders::WorkOrderListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_prospect::api::work_orders::WorkOrderPage>> + Send + 'static,
    > {
        self.client.work_orders_list_pages(query)
    }

    /// `GET /api/v1/prospect/work-orders/{id}`: [`Client::work_orders_get`].
    pub async fn work_orders_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_get(id).await
    }

    /// `PATCH /api/v1/prospect/work-orders/{id}`: [`Client::work_orders_update`].
    pub async fn work_orders_update(
        &self,
        id: uuid::Uuid,
        body: &tam_prospect::api::work_orders::UpdateWorkOrderRequest,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_update(id, body).await
    }

    /// `POST /api/v1/prospect/work-orders/{id}/activate`: [`Client::work_orders_activate`].
    pub async fn work_orders_activate(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_activate(id).await
    }

    /// `POST /api/v1/prospect/work-orders/{id}/close`: [`Client::work_orders_close`].
    pub async fn work_orders_close(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_prospect::api::work_orders::WorkOrderBody> {
        self.client.work_orders_close(id).await
    }

    /// `GET /api/v1/quality/daily-counts`: [`Client::quality_daily_counts`].
    pub async fn quality_daily_counts(
        &self,
        query: &tam_quality::api::daily_counts::DayQuery,
    ) -> Result<tam_quality::api::daily_counts::DailyCounts> {
        self.client.quality_daily_counts(query).await
    }

    /// `GET /api/v1/quality/mis-sale-reviews`: [`Client::mis_sales_list`].
    pub async fn mis_sales_list(
        &self,
        query: &tam_quality::api::mis_sales::MisSaleListQuery,
    ) -> Result<tam_quality::api::mis_sales::MisSaleReviewPage> {
        self.client.mis_sales_list(query).await
    }

    /// `GET /api/v1/quality/mis-sale-reviews`: [`Client::mis_sales_list_pages`].
    pub fn mis_sales_list_pages(
        &self,
        query: &tam_quality::api::mis_sales::MisSaleListQuery,
    ) -> Result<
        impl Stream<Item = Result<tam_quality::api::mis_sales::MisSaleReviewPage>> + Send + 'static,
    > {
        self.client.mis_sales_list_pages(query)
    }

    /// `GET /api/v1/quality/parameters`: [`Client::parameters_list_current`].
    pub async fn parameters_list_current(
        &self,
    ) -> Result<tam_quality::api::parameters::ParameterSetList> {
        self.client.parameters_list_current().await
    }

    /// `GET /api/v1/quality/parameters/{program}`: [`Client::parameters_get_current`].
    pub async fn parameters_get_current(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterSetBody> {
        self.client.parameters_get_current(program).await
    }

    /// `GET /api/v1/quality/parameters/{program}/versions`: [`Client::parameters_versions`].
    pub async fn parameters_versions(
        &self,
        program: &str,
    ) -> Result<tam_quality::api::parameters::ParameterHistory> {
        self.client.parameters_versions(program).await
    }

    /// `GET /api/v1/quality/score`: [`Client::stats_score`].
    pub async fn stats_score(
        &self,
        query: &tam_quality::api::stats::ScoreQuery,
    ) -> Result<tam_quality::api::stats::ScoreBody> {
        self.client.stats_score(query).await
    }

    /// `GET /api/v1/quality/coverage`: [`Client::stats_coverage`].
    pub async fn stats_coverage(
        &self,
        query: &tam_quality::api::stats::CoverageQuery,
    ) -> Result<tam_quality::api::stats::CoverageBody> {
        self.client.stats_coverage(query).await
    }

    /// `GET /api/v1/quality/tasks`: [`Client::tasks_list`].
    pub async fn tasks_list(
        &self,
        query: &tam_quality::api::tasks::TaskListQuery,
    ) -> Result<tam_quality::api::tasks::TaskPage> {
        self.client.tasks_list(query).await
    }

    /// `GET /api/v1/quality/tasks`: [`Client::tasks_list_pages`].
    pub fn tasks_list_pages(
        &self,
        query: &tam_quality::api::tasks::TaskListQuery,
    ) -> Result<impl Stream<Item = Result<tam_quality::api::tasks::TaskPage>> + Send + 'static>
    {
        self.client.tasks_list_pages(query)
    }

    /// `GET /api/v1/quality/tasks/{id}`: [`Client::tasks_get`].
    pub async fn tasks_get(
        &self,
        id: uuid::Uuid,
    ) -> Result<tam_quality::api::tasks::TaskDetailBody> {
        self.client.tasks_get(id).await
    }

    /// `GET /api/v1/reporting/kpis`: [`Client::reporting_kpis`].
    pub async fn reporting_kpis(&self) -> Result<serde_json::Value> {
        self.client.reporting_kpis().await
    }

    /// `GET /api/v1/reporting/outbound`: [`Client::reporting_outbound`].
    pub async fn reporting_outbound(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_outbound(query).await
    }

    /// `GET /api/v1/reporting/quality`: [`Client::reporting_quality`].
    pub async fn reporting_quality(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_quality(query).await
    }

    /// `GET /api/v1/reporting/activation`: [`Client::reporting_activation`].
    pub async fn reporting_activation(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_activation(query).await
    }

    /// `GET /api/v1/reporting/disruptions`: [`Client::reporting_disruptions`].
    pub async fn reporting_disruptions(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_disruptions(query).await
    }

    /// `GET /api/v1/reporting/workforce`: [`Client::reporting_workforce`].
    pub async fn reporting_workforce(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_workforce(query).await
    }

    /// `GET /api/v1/reporting/reconciliation`: [`Client::reporting_reconciliation`].
    pub async fn reporting_reconciliation(
        &self,
        query: &tam_reporting::api::reconciliation::DayQuery,
    ) -> Result<serde_json::Value> {
        self.client.reporting_reconciliation(query).await
    }

    /// `GET /api/v1/reporting/reconciliation/runs`: [`Client::reporting_reconciliation_runs`].
    pub async fn reporting_reconciliation_runs(&self) -> Result<serde_json::Value> {
        self.client.reporting_reconciliation_runs().await
    }

    /// `GET /api/v1/reporting/cabut-reasons`: [`Client::reporting_cabut_reasons`].
    pub async fn reporting_cabut_reasons(
        &self,
        query: &tam_reporting::api::reports::ReportParams,
    ) -> Result<Download> {
        self.client.reporting_cabut_reasons(query).await
    }

    /// `GET /api/v1/reporting/charts/{kpi}`: [`Client::reporting_chart`].
    pub async fn reporting_chart(
        &self,
        kpi: &str,
        query: &tam_reporting::api::charts::ChartParams,
    ) -> Result<Download> {
        self.client.reporting_chart(kpi, query).await
    }

    /// `GET /api/v1/reporting/packs`: [`Client::reporting_packs`].
    pub async fn reporting_packs(
        &self,
        query: &tam_reporting::api::packs::PackListParams,
    ) -> Result<serde_json::Value> {
        self.client.reporting_packs(query).await
    }

    /// `GET /api/v1/reporting/packs/{id}`: [`Client::reporting_pack_download`].
    pub async fn reporting_pack_download(&self, id: uuid::Uuid) -> Result<Download> {
        self.client.reporting_pack_download(id).await
    }
}

/// Refuses a session of another role (a facade must not promise what the API refuses).
pub(crate) async fn check_role(client: &Client, role: Role) -> Result<()> {
    match client.identity().await {
        Some((held, _)) if held == role => Ok(()),
        Some((held, _)) => Err(crate::ClientError::Problem(
            tam_kernel::ProblemDetails {
                type_uri: "about:blank".to_owned(),
                title: "Wrong role for this client".to_owned(),
                status: 403,
                detail: format!("the session is a {held}'s, this client is for {role}"),
                instance: None,
                errors: Vec::new(),
                retry_after_secs: None,
            }
            .into(),
        )),
        None => Err(crate::ClientError::NotLoggedIn),
    }
}
