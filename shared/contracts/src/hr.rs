//! What hr publishes: the roster facts other services keep (who works where, in which
//! role, program and team, and whether they still work), the audit of privileged
//! grants, and the revocation of an employee's access tokens.

use chrono::{DateTime, Utc};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use crate::macros::{event, payload, vocabulary};

vocabulary! {
    /// Whether an employee works (and may log in).
    pub enum EmployeeStatus as "employee status" {
        /// Works and may log in.
        Active => "active",
        /// Temporarily barred; may be reactivated.
        Suspended => "suspended",
        /// Left the company; final.
        Deactivated => "deactivated",
    }
}

payload! {
    /// An employee as rosters need them; the fields of every `hr.employee.*` event.
    pub struct EmployeeRoster {
        /// The employee (also their user id).
        pub employee_id: Uuid,
        /// Their employee number.
        pub nik: String,
        /// Their full name.
        pub full_name: String,
        /// Their login.
        pub username: String,
        /// Their role.
        pub role: Role,
        /// Where they work; null for all-site roles.
        pub site: Option<Site>,
        /// The program they work on; null for roles above programs.
        pub program: Option<Program>,
        /// Their team; agents only.
        pub team_id: Option<Uuid>,
        /// Whether they work and may log in.
        pub status: EmployeeStatus,
    }
}

event! {
    /// A new employee (and their user).
    #[event(
        type = "hr.employee.created",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct EmployeeCreated {
        /// The employee as they are now.
        @flatten
        pub employee: EmployeeRoster,
    }
}

event! {
    /// An employee's roster fields changed (full name, role, site, program, team, or
    /// status: suspended or reactivated): the employee as they are now, and which fields
    /// changed.
    #[event(
        type = "hr.employee.updated",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct EmployeeUpdated {
        /// The employee as they are now.
        @flatten
        pub employee: EmployeeRoster,
        /// The names of the roster fields that changed.
        pub changed: Vec<String>,
    }
}

event! {
    /// An employee left and can no longer log in (status `deactivated`).
    #[event(
        type = "hr.employee.deactivated",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct EmployeeDeactivated {
        /// The employee as they are now.
        @flatten
        pub employee: EmployeeRoster,
    }
}

vocabulary! {
    /// Why an employee's access tokens were revoked.
    pub enum RevocationReason as "revocation reason" {
        Deactivated => "deactivated",
        Suspended => "suspended",
        PasswordChanged => "password_changed",
        RefreshTokenReused => "refresh_token_reused",
        LoggedOutEverywhere => "logged_out_everywhere",
    }
}

event! {
    /// Every access token of the employee issued before `not_before` is refused from now
    /// on (deactivated, suspended, password changed, refresh token reused, logged out
    /// everywhere). Besides reporting's queue it is routed to the stream
    /// `<prefix>.access-revocations`, which every process (the gateway and each replica
    /// of each service) reads to keep its verifier's deny-list (`tam_runtime::revocations`).
    #[event(
        type = "hr.access.revoked",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
        stream = "access-revocations",
    )]
    pub struct AccessRevoked {
        /// The employee whose tokens are refused.
        pub employee_id: Uuid,
        /// A whole second after the revocation: tokens issued (`iat`) before it are
        /// refused; tokens hr issues afterwards carry an `iat` no earlier than it.
        pub not_before: DateTime<Utc>,
        /// Why.
        pub reason: RevocationReason,
    }
}

vocabulary! {
    /// Why a team event was published.
    pub enum TeamChange as "team change" {
        Created => "created",
        LeaderChanged => "leader_changed",
    }
}

event! {
    /// A team was created or got another leader.
    #[event(
        type = "hr.team.changed",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct TeamChanged {
        /// The team.
        pub team_id: Uuid,
        /// Its name.
        pub name: String,
        /// Its site.
        pub site: Site,
        /// Its program.
        pub program: Program,
        /// Its leader, as of this change.
        pub team_leader_id: Uuid,
        /// What happened to it.
        pub change: TeamChange,
    }
}

vocabulary! {
    /// How a role was given.
    pub enum GrantedBy as "grant" {
        /// With a new employee.
        Created => "created",
        /// By a change of an existing employee.
        Edited => "edited",
    }
}

event! {
    /// Audit: an all-site or supervisory role (`tam_auth::is_privileged`: admin, manager,
    /// coordinator, hr_recruiter, supervisor_*, hd_support, qc_tier2, ioc) was given, and
    /// by whom, written in the change's transaction.
    #[event(
        type = "hr.role.granted",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct RoleGranted {
        /// Who got the role.
        pub employee_id: Uuid,
        /// Their login.
        pub username: String,
        /// The role given.
        pub role: Role,
        /// Where; null for all-site roles.
        pub site: Option<Site>,
        /// The role before an edit; null on create.
        pub previous_role: Option<Role>,
        /// The site before an edit; null on create or for an all-site role.
        pub previous_site: Option<Site>,
        /// The user who gave it.
        pub granted_by: Uuid,
        /// Their role at the time.
        pub granted_by_role: Role,
        /// With a new employee or by an edit.
        pub how: GrantedBy,
    }
}
