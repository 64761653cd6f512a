//! hr's rows of the one policy table: identity (`/api/v1/auth/...`) and employees and
//! teams (`/api/v1/hr/...`). Deny by default: a route not listed here is not served.

use tam_auth::{route, Access, Route};
use tam_kernel::Role;
use tam_kernel::Role::{
    Admin, Agent, Coordinator, HrRecruiter, Manager, SupervisorOps, SupervisorQuality, TeamLeader,
    Trainer,
};

/// Who may add an employee.
const EMPLOYEE_CREATORS: &[Role] = &[Admin, HrRecruiter, Manager];
/// Who may read employees (each within their scope; an agent sees themself).
const EMPLOYEE_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    HrRecruiter,
    SupervisorOps,
    SupervisorQuality,
    Trainer,
    TeamLeader,
    Agent,
];
/// Who may change an employee.
const EMPLOYEE_EDITORS: &[Role] = &[Admin, HrRecruiter, SupervisorOps];
/// Who may deactivate an employee.
const EMPLOYEE_DEACTIVATORS: &[Role] = &[Admin, HrRecruiter];
/// Who may add a team.
const TEAM_CREATORS: &[Role] = &[Admin, HrRecruiter, SupervisorOps];
/// Who may read teams (each within their scope).
const TEAM_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    HrRecruiter,
    SupervisorOps,
    SupervisorQuality,
    Trainer,
    TeamLeader,
];

/// Who runs training classes (a trainer at their own site; the app checks the site).
const CLASS_RUNNERS: &[Role] = &[Admin, Trainer];
/// Who reads classes and certifications (each within their scope: a site's, all, or
/// their own).
const TRAINING_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    Trainer,
    TeamLeader,
    Agent,
];
/// Who sees the certifications expiring soon (a site's or all).
const EXPIRY_READERS: &[Role] = &[Admin, Manager, Coordinator, SupervisorOps, Trainer];

/// Who reads contracts and the queue of those ending (supervisor_ops their site's).
const CONTRACT_READERS: &[Role] = &[Admin, Manager, Coordinator, HrRecruiter, SupervisorOps];
/// Who adds contracts and confirms a decision on one: HR.
const CONTRACT_KEEPERS: &[Role] = &[Admin, HrRecruiter];
/// Who proposes the decision on a contract (supervisor_ops: their site's; the app
/// checks the site).
const CONTRACT_DECIDERS: &[Role] = &[Admin, SupervisorOps];

/// Who may revise the CAPLAN (a supervisor_ops at their own site).
/// Who runs recruitment: records applicants and their tests, moves them, hires them.
const RECRUITERS: &[Role] = &[Admin, HrRecruiter];
/// Who reads applicants and their eligibility (a site's supervisor: their site's).
const APPLICANT_READERS: &[Role] = &[Admin, HrRecruiter, Manager, Coordinator, SupervisorOps];
const CAPLAN_PLANNERS: &[Role] = &[Manager, Coordinator, SupervisorOps];
/// Who may read the CAPLAN and the SDM fulfilment (a supervisor_ops their site's).
const CAPLAN_READERS: &[Role] = &[Admin, Manager, Coordinator, SupervisorOps, HrRecruiter];
/// Who may open and cancel requisitions (a supervisor_ops at their own site).
const REQUISITION_OPENERS: &[Role] = &[HrRecruiter, SupervisorOps, Manager];
/// Who may read requisitions (a supervisor_ops their site's).
const REQUISITION_READERS: &[Role] = &[Admin, Manager, Coordinator, HrRecruiter, SupervisorOps];

/// Who reads evaluations (each within their scope: own, team, site or all) and the
/// incentive tables.
const EVALUATION_READERS: &[Role] = &[
    Agent,
    TeamLeader,
    SupervisorOps,
    Manager,
    Coordinator,
    HrRecruiter,
];
/// Who reviews evaluations (the agent's team leader, or a supervisor_ops of the site).
const EVALUATION_REVIEWERS: &[Role] = &[TeamLeader, SupervisorOps];
/// Who approves evaluations (a supervisor_ops of the site).
const EVALUATION_APPROVERS: &[Role] = &[SupervisorOps];
/// Who locks approved evaluations for payroll.
const EVALUATION_LOCKERS: &[Role] = &[HrRecruiter, Manager];
/// Who exports a month for payroll (a supervisor_ops their site's).
const EVALUATION_EXPORTERS: &[Role] = &[SupervisorOps, Manager, Coordinator, HrRecruiter];
/// Who sets the incentive tables.
const INCENTIVE_TABLE_SETTERS: &[Role] = &[Manager];

/// Who keeps a site's shifts (its supervisor_ops; the app checks the site).
const SHIFT_KEEPERS: &[Role] = &[Admin, SupervisorOps];
/// Who rosters employees (a supervisor_ops their site's, a team leader their team's).
const ROSTER_KEEPERS: &[Role] = &[Admin, SupervisorOps, TeamLeader];
/// Who checks in and out themself: a site's staff.
const ATTENDEES: &[Role] = &[
    Agent,
    TeamLeader,
    SupervisorOps,
    SupervisorQuality,
    Trainer,
    Role::QcOfficer,
    Role::QaOfficer,
];
/// Who corrects a day (a team leader their team's, a supervisor_ops their site's).
const ATTENDANCE_CORRECTORS: &[Role] = &[Admin, SupervisorOps, TeamLeader];
/// Who reads attendance days, each within their scope (own, team, site, all).
const ATTENDANCE_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    HrRecruiter,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    Agent,
];
/// Who sets a site's check-in-before-calling policy (a supervisor_ops their site's).
const ATTENDANCE_POLICY_SETTERS: &[Role] = &[Admin, Manager, SupervisorOps];

/// Who issues warning letters (for their own site).
const LETTER_ISSUERS: &[Role] = &[SupervisorOps, SupervisorQuality];
/// HR: acknowledges letters, approves direct ones, decides termination reviews.
const PEMBINAAN_HR: &[Role] = &[Admin, HrRecruiter];
/// Who revokes a letter (HR, or a supervisor of its site).
const LETTER_REVOKERS: &[Role] = &[Admin, HrRecruiter, SupervisorOps, SupervisorQuality];
/// Who reads termination reviews.
const REVIEW_READERS: &[Role] = &[Admin, HrRecruiter, Manager, Coordinator];
/// Who records coaching (a team leader for their team, a supervisor for their site).
const COACHES: &[Role] = &[TeamLeader, SupervisorOps, SupervisorQuality];
/// Who reads letters and coaching records (each within their scope; an agent their own).
const PEMBINAAN_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    HrRecruiter,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    Agent,
];

/// Every route hr serves and who may call it.
pub const ROUTES: &[Route] = &[
    // Identity.
    route("POST", "/api/v1/auth/login", Access::Public),
    // The monthly evaluation for incentives.
    route(
        "GET",
        "/api/v1/hr/evaluations",
        Access::Roles(EVALUATION_READERS),
    ),
    route(
        "GET",
        "/api/v1/hr/evaluations/export",
        Access::Roles(EVALUATION_EXPORTERS),
    ),
    route(
        "GET",
        "/api/v1/hr/evaluations/adjustments",
        Access::Roles(EVALUATION_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/evaluations/{id}/review",
        Access::Roles(EVALUATION_REVIEWERS),
    ),
    route(
        "POST",
        "/api/v1/hr/evaluations/{id}/approve",
        Access::Roles(EVALUATION_APPROVERS),
    ),
    route(
        "POST",
        "/api/v1/hr/evaluations/{id}/lock",
        Access::Roles(EVALUATION_LOCKERS),
    ),
    route(
        "PUT",
        "/api/v1/hr/incentive-tables/{program}",
        Access::Roles(INCENTIVE_TABLE_SETTERS),
    ),
    route(
        "GET",
        "/api/v1/hr/incentive-tables/{program}",
        Access::Roles(EVALUATION_READERS),
    ),
    route("POST", "/api/v1/auth/refresh", Access::Public),
    // The body carries the refresh token to revoke.
    route("POST", "/api/v1/auth/logout", Access::Public),
    // Username and current password in the body: the forced change at first login.
    route("POST", "/api/v1/auth/password", Access::Public),
    // Username, one-time activation code and first password in the body.
    route("POST", "/api/v1/auth/activate", Access::Public),
    route("GET", "/api/v1/auth/me", Access::AnyRole),
    // The caller's every session ends and their access tokens are revoked.
    route("POST", "/api/v1/auth/logout-all", Access::AnyRole),
    route("GET", "/api/v1/auth/jwks", Access::Public),
    // Attendance (issue 15): shifts, rosters, check-in and check-out, corrections, the
    // site policy prospect's `next` obeys.
    route("POST", "/api/v1/hr/shifts", Access::Roles(SHIFT_KEEPERS)),
    route(
        "GET",
        "/api/v1/hr/shifts",
        Access::Roles(ATTENDANCE_READERS),
    ),
    route("POST", "/api/v1/hr/rosters", Access::Roles(ROSTER_KEEPERS)),
    route(
        "POST",
        "/api/v1/hr/attendance/check-in",
        Access::Roles(ATTENDEES),
    ),
    route(
        "POST",
        "/api/v1/hr/attendance/check-out",
        Access::Roles(ATTENDEES),
    ),
    route(
        "POST",
        "/api/v1/hr/attendance/corrections",
        Access::Roles(ATTENDANCE_CORRECTORS),
    ),
    route(
        "GET",
        "/api/v1/hr/attendance",
        Access::Roles(ATTENDANCE_READERS),
    ),
    route("GET", "/api/v1/hr/attendance/me", Access::Roles(ATTENDEES)),
    route(
        "GET",
        "/api/v1/hr/attendance/policies",
        Access::Roles(ATTENDANCE_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/attendance/policies",
        Access::Roles(ATTENDANCE_POLICY_SETTERS),
    ),
    // Employees.
    route(
        "POST",
        "/api/v1/hr/employees",
        Access::Roles(EMPLOYEE_CREATORS),
    ),
    route(
        "GET",
        "/api/v1/hr/employees",
        Access::Roles(EMPLOYEE_READERS),
    ),
    route(
        "GET",
        "/api/v1/hr/employees/{id}",
        Access::Roles(EMPLOYEE_READERS),
    ),
    route(
        "PATCH",
        "/api/v1/hr/employees/{id}",
        Access::Roles(EMPLOYEE_EDITORS),
    ),
    route(
        "POST",
        "/api/v1/hr/employees/{id}/deactivate",
        Access::Roles(EMPLOYEE_DEACTIVATORS),
    ),
    // An employee's every session ends and their access tokens are revoked (a lost
    // phone, a shared password): by whoever may deactivate them.
    route(
        "POST",
        "/api/v1/hr/employees/{id}/logout-all",
        Access::Roles(EMPLOYEE_DEACTIVATORS),
    ),
    // A new activation code for an account not activated yet (the grant table decides
    // for which roles).
    route(
        "POST",
        "/api/v1/hr/employees/{id}/activation",
        Access::Roles(EMPLOYEE_CREATORS),
    ),
    // Teams.
    route("POST", "/api/v1/hr/teams", Access::Roles(TEAM_CREATORS)),
    route("GET", "/api/v1/hr/teams", Access::Roles(TEAM_READERS)),
    route("GET", "/api/v1/hr/teams/{id}", Access::Roles(TEAM_READERS)),
    // CAPLAN and SDM fulfilment (scope in the use case: a supervisor_ops's own site).
    route("POST", "/api/v1/hr/caplan", Access::Roles(CAPLAN_PLANNERS)),
    route("GET", "/api/v1/hr/caplan", Access::Roles(CAPLAN_READERS)),
    route("GET", "/api/v1/hr/sdm", Access::Roles(CAPLAN_READERS)),
    // Requisitions.
    route(
        "POST",
        "/api/v1/hr/requisitions",
        Access::Roles(REQUISITION_OPENERS),
    ),
    route(
        "GET",
        "/api/v1/hr/requisitions",
        Access::Roles(REQUISITION_READERS),
    ),
    route(
        "GET",
        "/api/v1/hr/requisitions/{id}",
        Access::Roles(REQUISITION_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/requisitions/{id}/cancel",
        Access::Roles(REQUISITION_OPENERS),
    ),
    // Recruitment (issue 14).
    route("POST", "/api/v1/hr/applicants", Access::Roles(RECRUITERS)),
    route(
        "GET",
        "/api/v1/hr/applicants",
        Access::Roles(APPLICANT_READERS),
    ),
    route(
        "GET",
        "/api/v1/hr/applicants/{id}",
        Access::Roles(APPLICANT_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/applicants/{id}/tests",
        Access::Roles(RECRUITERS),
    ),
    route(
        "POST",
        "/api/v1/hr/applicants/{id}/stage",
        Access::Roles(RECRUITERS),
    ),
    route(
        "GET",
        "/api/v1/hr/applicants/{id}/eligibility",
        Access::Roles(APPLICANT_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/applicants/{id}/hire",
        Access::Roles(RECRUITERS),
    ),
    // Training and certification (issue 14).
    route(
        "POST",
        "/api/v1/hr/training/classes",
        Access::Roles(CLASS_RUNNERS),
    ),
    route(
        "GET",
        "/api/v1/hr/training/classes",
        Access::Roles(TRAINING_READERS),
    ),
    route(
        "GET",
        "/api/v1/hr/training/classes/{id}",
        Access::Roles(TRAINING_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/training/classes/{id}/enrollments",
        Access::Roles(CLASS_RUNNERS),
    ),
    route(
        "POST",
        "/api/v1/hr/training/classes/{id}/attendance",
        Access::Roles(CLASS_RUNNERS),
    ),
    route(
        "POST",
        "/api/v1/hr/training/classes/{id}/scores",
        Access::Roles(CLASS_RUNNERS),
    ),
    // A prior certification (training before the suite), with a reason.
    route(
        "POST",
        "/api/v1/hr/certifications",
        Access::Roles(CLASS_RUNNERS),
    ),
    route(
        "GET",
        "/api/v1/hr/certifications",
        Access::Roles(TRAINING_READERS),
    ),
    route(
        "GET",
        "/api/v1/hr/certifications/expiring",
        Access::Roles(EXPIRY_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/certifications/{id}/revoke",
        Access::Roles(CLASS_RUNNERS),
    ),
    // Contracts and their extension (issue 15): supervisor_ops proposes, HR confirms.
    route(
        "GET",
        "/api/v1/hr/employees/{id}/contracts",
        Access::Roles(CONTRACT_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/employees/{id}/contracts",
        Access::Roles(CONTRACT_KEEPERS),
    ),
    route(
        "GET",
        "/api/v1/hr/contracts/ending",
        Access::Roles(CONTRACT_READERS),
    ),
    route(
        "GET",
        "/api/v1/hr/contracts/{id}/review",
        Access::Roles(CONTRACT_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/contracts/{id}/decision",
        Access::Roles(CONTRACT_DECIDERS),
    ),
    route(
        "POST",
        "/api/v1/hr/contracts/{id}/decision/confirm",
        Access::Roles(CONTRACT_KEEPERS),
    ),
    // Pembinaan: warning letters, termination reviews, coaching records.
    route(
        "POST",
        "/api/v1/hr/warning-letters",
        Access::Roles(LETTER_ISSUERS),
    ),
    route(
        "GET",
        "/api/v1/hr/warning-letters",
        Access::Roles(PEMBINAAN_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/warning-letters/{id}/acknowledge",
        Access::Roles(PEMBINAAN_HR),
    ),
    route(
        "POST",
        "/api/v1/hr/warning-letters/{id}/decision",
        Access::Roles(PEMBINAAN_HR),
    ),
    route(
        "POST",
        "/api/v1/hr/warning-letters/{id}/revoke",
        Access::Roles(LETTER_REVOKERS),
    ),
    route(
        "GET",
        "/api/v1/hr/termination-reviews",
        Access::Roles(REVIEW_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/termination-reviews/{id}/decision",
        Access::Roles(PEMBINAAN_HR),
    ),
    route("POST", "/api/v1/hr/coaching", Access::Roles(COACHES)),
    route(
        "GET",
        "/api/v1/hr/coaching",
        Access::Roles(PEMBINAAN_READERS),
    ),
    route(
        "POST",
        "/api/v1/hr/coaching/{id}/close",
        Access::Roles(COACHES),
    ),
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tam_auth::{grantable_roles, GrantAction, Policy};

    fn access(method: &str, path: &str) -> Access {
        let policy = Policy::new([("hr", ROUTES)]).unwrap();
        policy.find(method, path).unwrap().route.access
    }

    #[test]
    fn the_hr_table_is_as_specified() {
        assert_eq!(access("GET", "/api/v1/auth/me"), Access::AnyRole);
        assert_eq!(access("POST", "/api/v1/auth/logout-all"), Access::AnyRole);
        assert_eq!(
            access("POST", "/api/v1/hr/employees/x/logout-all"),
            Access::Roles(EMPLOYEE_DEACTIVATORS)
        );
        assert_eq!(
            access("PATCH", "/api/v1/hr/employees/x"),
            Access::Roles(EMPLOYEE_EDITORS)
        );
        for (method, path) in [
            ("POST", "/api/v1/auth/login"),
            ("POST", "/api/v1/auth/refresh"),
            ("POST", "/api/v1/auth/logout"),
            ("POST", "/api/v1/auth/password"),
            ("POST", "/api/v1/auth/activate"),
            ("GET", "/api/v1/auth/jwks"),
        ] {
            assert_eq!(access(method, path), Access::Public, "{method} {path}");
        }
        // Agents read employees (their own record, by scope) but not teams.
        assert!(access("GET", "/api/v1/hr/employees/x").allows(Some(Role::Agent)));
        assert!(!access("GET", "/api/v1/hr/teams/x").allows(Some(Role::Agent)));
        assert!(!access("POST", "/api/v1/hr/employees").allows(Some(Role::Agent)));
        assert!(access("POST", "/api/v1/hr/employees").allows(Some(Role::Manager)));
        assert!(!access("PATCH", "/api/v1/hr/employees/x").allows(Some(Role::Manager)));
        assert!(access("POST", "/api/v1/hr/teams").allows(Some(Role::SupervisorOps)));
        // Roles no hr route lists.
        for role in [Role::QcOfficer, Role::QaOfficer, Role::HdSupport, Role::Ioc] {
            assert!(
                !access("GET", "/api/v1/hr/employees").allows(Some(role)),
                "{role}"
            );
        }
        assert_eq!(ROUTES.len(), 76);
    }

    #[test]
    fn letters_are_issued_by_site_supervisors_and_acknowledged_by_hr() {
        let issue = access("POST", "/api/v1/hr/warning-letters");
        for role in [Role::SupervisorOps, Role::SupervisorQuality] {
            assert!(issue.allows(Some(role)), "{role}");
        }
        for role in [
            Role::TeamLeader,
            Role::HrRecruiter,
            Role::Agent,
            Role::Manager,
        ] {
            assert!(!issue.allows(Some(role)), "{role}");
        }
        for path in [
            "/api/v1/hr/warning-letters/x/acknowledge",
            "/api/v1/hr/warning-letters/x/decision",
            "/api/v1/hr/termination-reviews/x/decision",
        ] {
            let a = access("POST", path);
            assert!(a.allows(Some(Role::HrRecruiter)), "{path}");
            assert!(!a.allows(Some(Role::SupervisorOps)), "{path}");
        }
        let coach = access("POST", "/api/v1/hr/coaching");
        assert!(coach.allows(Some(Role::TeamLeader)));
        assert!(!coach.allows(Some(Role::Agent)));
        // An agent reads their own letters and coaching (the scope narrows it).
        assert!(access("GET", "/api/v1/hr/warning-letters").allows(Some(Role::Agent)));
        assert!(access("GET", "/api/v1/hr/coaching").allows(Some(Role::Agent)));
        assert!(!access("GET", "/api/v1/hr/termination-reviews").allows(Some(Role::Agent)));
    }

    #[test]
    fn evaluations_are_read_in_scope_reviewed_approved_and_locked_by_their_roles() {
        let read = access("GET", "/api/v1/hr/evaluations");
        for role in [
            Role::Agent,
            Role::TeamLeader,
            Role::SupervisorOps,
            Role::Manager,
            Role::Coordinator,
            Role::HrRecruiter,
        ] {
            assert!(read.allows(Some(role)), "{role}");
        }
        assert!(!read.allows(Some(Role::QcOfficer)));
        let review = access("POST", "/api/v1/hr/evaluations/x/review");
        assert!(review.allows(Some(Role::TeamLeader)) && review.allows(Some(Role::SupervisorOps)));
        assert!(!review.allows(Some(Role::Agent)));
        let approve = access("POST", "/api/v1/hr/evaluations/x/approve");
        assert!(approve.allows(Some(Role::SupervisorOps)));
        assert!(!approve.allows(Some(Role::TeamLeader)));
        let lock = access("POST", "/api/v1/hr/evaluations/x/lock");
        assert!(lock.allows(Some(Role::HrRecruiter)) && lock.allows(Some(Role::Manager)));
        assert!(!lock.allows(Some(Role::SupervisorOps)));
        let export = access("GET", "/api/v1/hr/evaluations/export");
        assert!(export.allows(Some(Role::HrRecruiter)));
        assert!(!export.allows(Some(Role::Agent)) && !export.allows(Some(Role::TeamLeader)));
        let set = access("PUT", "/api/v1/hr/incentive-tables/x");
        assert!(set.allows(Some(Role::Manager)));
        assert!(!set.allows(Some(Role::SupervisorOps)) && !set.allows(Some(Role::HrRecruiter)));
    }

    #[test]
    fn contracts_are_kept_by_hr_and_decided_by_the_site_supervisor_with_hr() {
        let add = access("POST", "/api/v1/hr/employees/x/contracts");
        let propose = access("POST", "/api/v1/hr/contracts/x/decision");
        let confirm = access("POST", "/api/v1/hr/contracts/x/decision/confirm");
        let queue = access("GET", "/api/v1/hr/contracts/ending");
        assert!(add.allows(Some(Role::HrRecruiter)));
        assert!(!add.allows(Some(Role::SupervisorOps)));
        assert!(propose.allows(Some(Role::SupervisorOps)));
        assert!(!propose.allows(Some(Role::HrRecruiter)));
        assert!(confirm.allows(Some(Role::HrRecruiter)));
        assert!(!confirm.allows(Some(Role::SupervisorOps)));
        for role in [Role::SupervisorOps, Role::HrRecruiter, Role::Manager] {
            assert!(queue.allows(Some(role)), "{role}");
        }
        for role in [Role::Agent, Role::TeamLeader, Role::Trainer] {
            assert!(!queue.allows(Some(role)), "{role}");
            assert!(!access("GET", "/api/v1/hr/contracts/x/review").allows(Some(role)));
        }
    }

    #[test]
    fn attendance_is_kept_by_the_site_and_read_by_scope() {
        let shifts = access("POST", "/api/v1/hr/shifts");
        assert!(shifts.allows(Some(Role::SupervisorOps)));
        for role in [Role::TeamLeader, Role::Agent, Role::HrRecruiter] {
            assert!(!shifts.allows(Some(role)), "{role}");
        }
        let roster = access("POST", "/api/v1/hr/rosters");
        assert!(roster.allows(Some(Role::SupervisorOps)));
        assert!(roster.allows(Some(Role::TeamLeader)));
        assert!(!roster.allows(Some(Role::Agent)));
        for path in [
            "/api/v1/hr/attendance/check-in",
            "/api/v1/hr/attendance/check-out",
        ] {
            assert!(access("POST", path).allows(Some(Role::Agent)), "{path}");
            assert!(!access("POST", path).allows(Some(Role::Manager)), "{path}");
        }
        let correct = access("POST", "/api/v1/hr/attendance/corrections");
        assert!(correct.allows(Some(Role::TeamLeader)));
        assert!(correct.allows(Some(Role::SupervisorOps)));
        assert!(!correct.allows(Some(Role::Agent)));
        let read = access("GET", "/api/v1/hr/attendance");
        for role in [
            Role::Agent,
            Role::TeamLeader,
            Role::SupervisorOps,
            Role::Manager,
            Role::Coordinator,
            Role::HrRecruiter,
        ] {
            assert!(read.allows(Some(role)), "{role}");
        }
        let policy = access("POST", "/api/v1/hr/attendance/policies");
        assert!(policy.allows(Some(Role::SupervisorOps)));
        assert!(policy.allows(Some(Role::Manager)));
        assert!(!policy.allows(Some(Role::TeamLeader)));
        assert!(!policy.allows(Some(Role::Agent)));
    }

    #[test]
    fn recruitment_is_run_by_recruiters_and_read_by_planners() {
        for (method, path) in [
            ("POST", "/api/v1/hr/applicants"),
            ("POST", "/api/v1/hr/applicants/x/tests"),
            ("POST", "/api/v1/hr/applicants/x/stage"),
            ("POST", "/api/v1/hr/applicants/x/hire"),
        ] {
            assert_eq!(
                access(method, path),
                Access::Roles(RECRUITERS),
                "{method} {path}"
            );
        }
        for path in [
            "/api/v1/hr/applicants",
            "/api/v1/hr/applicants/x",
            "/api/v1/hr/applicants/x/eligibility",
        ] {
            assert_eq!(
                access("GET", path),
                Access::Roles(APPLICANT_READERS),
                "{path}"
            );
        }
        assert!(!access("POST", "/api/v1/hr/applicants/x/hire").allows(Some(Role::Manager)));
        assert!(!access("GET", "/api/v1/hr/applicants/x").allows(Some(Role::Trainer)));
    }

    #[test]
    fn caplan_and_requisitions_are_for_the_planners_and_recruiters() {
        let plan = access("POST", "/api/v1/hr/caplan");
        for role in [Role::Manager, Role::Coordinator, Role::SupervisorOps] {
            assert!(plan.allows(Some(role)), "{role}");
        }
        for role in [
            Role::Admin,
            Role::HrRecruiter,
            Role::TeamLeader,
            Role::Agent,
        ] {
            assert!(!plan.allows(Some(role)), "{role}");
        }
        assert!(access("GET", "/api/v1/hr/sdm").allows(Some(Role::SupervisorOps)));
        assert!(access("GET", "/api/v1/hr/sdm").allows(Some(Role::Admin)));
        assert!(!access("GET", "/api/v1/hr/sdm").allows(Some(Role::Agent)));
        let open = access("POST", "/api/v1/hr/requisitions");
        for role in [Role::HrRecruiter, Role::SupervisorOps, Role::Manager] {
            assert!(open.allows(Some(role)), "{role}");
        }
        assert!(!open.allows(Some(Role::Trainer)));
        assert!(access("GET", "/api/v1/hr/requisitions/x").allows(Some(Role::Coordinator)));
        assert!(!access("POST", "/api/v1/hr/requisitions/x/cancel").allows(Some(Role::Coordinator)));
    }

    #[test]
    fn trainers_run_classes_and_each_role_reads_its_training() {
        for (method, path) in [
            ("POST", "/api/v1/hr/training/classes"),
            ("POST", "/api/v1/hr/training/classes/x/enrollments"),
            ("POST", "/api/v1/hr/training/classes/x/attendance"),
            ("POST", "/api/v1/hr/training/classes/x/scores"),
            ("POST", "/api/v1/hr/certifications"),
            ("POST", "/api/v1/hr/certifications/x/revoke"),
        ] {
            let a = access(method, path);
            for role in Role::ALL {
                assert_eq!(
                    a.allows(Some(*role)),
                    matches!(role, Role::Admin | Role::Trainer),
                    "{role} {method} {path}"
                );
            }
        }
        for path in [
            "/api/v1/hr/training/classes",
            "/api/v1/hr/training/classes/x",
            "/api/v1/hr/certifications",
        ] {
            let a = access("GET", path);
            for role in [
                Role::Manager,
                Role::Coordinator,
                Role::SupervisorOps,
                Role::Trainer,
                Role::TeamLeader,
                Role::Agent,
            ] {
                assert!(a.allows(Some(role)), "{role} GET {path}");
            }
            for role in [Role::HrRecruiter, Role::QcOfficer, Role::HdSupport] {
                assert!(!a.allows(Some(role)), "{role} GET {path}");
            }
        }
        let expiring = access("GET", "/api/v1/hr/certifications/expiring");
        assert!(expiring.allows(Some(Role::Trainer)));
        assert!(expiring.allows(Some(Role::SupervisorOps)));
        assert!(!expiring.allows(Some(Role::Agent)));
    }

    #[test]
    fn the_granters_are_exactly_those_the_policy_lets_call_the_route() {
        for (action, method, path) in [
            (GrantAction::Create, "POST", "/api/v1/hr/employees"),
            (GrantAction::Edit, "PATCH", "/api/v1/hr/employees/x"),
        ] {
            let Access::Roles(allowed) = access(method, path) else {
                panic!("{method} {path} is not limited to roles");
            };
            for &role in Role::ALL {
                assert_eq!(
                    !grantable_roles(role, action).is_empty(),
                    allowed.contains(&role),
                    "{role} {}: the grant table and the policy disagree",
                    action.as_str()
                );
            }
        }
    }
}
