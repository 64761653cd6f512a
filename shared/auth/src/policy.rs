//! The one table of who may call what.
//!
//! **Deny by default.** A request whose method and path match no row of [`POLICY`] is
//! refused (404) by the gateway and by the service alike, whatever its token says; a row
//! lists the roles that may call it, or says it is public or open to any signed-in user.
//! Both the gateway and each service check every request against this table through
//! [`crate::authorize`] (defense in depth), so a route is added here in the same change
//! that adds its handler.
//!
//! The table decides *whether* a role may call a route, not *which objects* it sees: scope
//! is applied by each service's queries (site-bound roles see their own site, a
//! `team_leader` their own team, an `agent` their own records), and an object outside
//! the caller's scope answers 404, exactly like one that does not exist.

use tam_kernel::Role;
use tam_kernel::Role::{
    Admin, Agent, Coordinator, HrRecruiter, Manager, QaOfficer, QcOfficer, SupervisorOps,
    SupervisorQuality, TeamLeader, Trainer,
};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token (a presented token is ignored).
    Public,
    /// Any holder of a valid access token, whatever the role.
    AnyRole,
    /// Holders of a valid access token with one of these roles.
    Roles(&'static [Role]),
}

impl Access {
    /// Whether a caller with `role` (`None`: no verified token) may call the route.
    pub fn allows(&self, role: Option<Role>) -> bool {
        match self {
            Access::Public => true,
            Access::AnyRole => role.is_some(),
            Access::Roles(roles) => role.is_some_and(|role| roles.contains(&role)),
        }
    }
}

/// One row of the policy: a method, a path pattern and who may call it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The HTTP method, upper case: `GET`, `POST`, `PATCH`, `DELETE`.
    pub method: &'static str,
    /// The path in actix pattern syntax: `{name}` matches one non-empty segment.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

impl Route {
    /// Whether a concrete request path matches the pattern, segment by segment.
    pub fn matches_path(&self, path: &str) -> bool {
        let mut pattern = self.path.split('/');
        let mut concrete = path.split('/');
        loop {
            match (pattern.next(), concrete.next()) {
                (None, None) => return true,
                (Some(want), Some(got)) => {
                    let is_param = want.starts_with('{') && want.ends_with('}');
                    if !((is_param && !got.is_empty()) || want == got) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }
}

/// The services that own public paths, as [`owning_service`] names them.
pub const SERVICES: &[&str] = &[
    "hr",
    "prospect",
    "calling",
    "quality",
    "helpdesk",
    "reporting",
];

/// The prefix of every public path.
const API_PREFIX: &str = "/api/v1/";

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

/// Who may create and manage work orders (site roles at their own site).
const WORK_ORDER_MANAGERS: &[Role] = &[SupervisorOps, Coordinator, Manager];
/// Who may read work orders (each within their scope).
const WORK_ORDER_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    QcOfficer,
    QaOfficer,
];
/// Who may read and change the do-not-call list (suite-wide).
const DNC_KEEPERS: &[Role] = &[Admin, Manager, Coordinator, SupervisorOps];
/// Who may hand a work order's prospects to agents (a team leader to their team).
const DISTRIBUTORS: &[Role] = &[SupervisorOps, TeamLeader];
/// Who may read one prospect and its attempts (an agent: those they hold or held).
const PROSPECT_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    QcOfficer,
    QaOfficer,
    Agent,
];
/// Who makes calls: agents only.
const CALLERS: &[Role] = &[Agent];
/// Who may read calls (agent: own; team leader: team; site roles: site; all-site: any).
const CALL_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    TeamLeader,
    QcOfficer,
    QaOfficer,
    Agent,
];
/// Who may close a stuck call without a result: the team leader of the call's team and
/// the site's operations supervisor, who run the floor.
const CALL_CLOSERS: &[Role] = &[SupervisorOps, TeamLeader];
/// Who may listen to a recording: the agent, the agent's team leader, and the site's
/// supervisors, QC and QA officers; nobody else (issue 4).
const RECORDING_LISTENERS: &[Role] = &[
    Agent,
    TeamLeader,
    SupervisorOps,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
];
/// Who may read the assessment parameters.
const PARAMETER_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
    TeamLeader,
    Trainer,
];
/// Who owns the assessment parameters.
const PARAMETER_OWNERS: &[Role] = &[SupervisorQuality];
/// Who may read tapping tasks (each within their site).
const TASK_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
];
/// Who taps calls and gives verdicts.
const TAPPERS: &[Role] = &[QcOfficer];
/// Who may read the QA verification queue.
const REVIEW_READERS: &[Role] = &[SupervisorQuality, QaOfficer];
/// Who verifies QC verdicts.
const VERIFIERS: &[Role] = &[QaOfficer];
/// Who settles a QA disagreement (final).
const ARBITERS: &[Role] = &[SupervisorQuality];
/// Who may read the Quality Validation Score (each within their scope).
const SCORE_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
    TeamLeader,
    Agent,
];
/// Who may read tapping coverage.
const COVERAGE_READERS: &[Role] = &[
    Admin,
    Manager,
    Coordinator,
    SupervisorOps,
    SupervisorQuality,
    QcOfficer,
    QaOfficer,
];

const fn route(method: &'static str, path: &'static str, access: Access) -> Route {
    Route {
        method,
        path,
        access,
    }
}

/// Every route of the public API and who may call it. Deny by default: what is not
/// here is not served.
pub const POLICY: &[Route] = &[
    // Identity (served by hr).
    route("POST", "/api/v1/auth/login", Access::Public),
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
    // Served by the gateway itself.
    route("GET", "/api/v1/openapi.json", Access::Public),
    route("GET", "/api/v1/docs", Access::Public),
    // hr: employees.
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
    // hr: teams.
    route("POST", "/api/v1/hr/teams", Access::Roles(TEAM_CREATORS)),
    route("GET", "/api/v1/hr/teams", Access::Roles(TEAM_READERS)),
    route("GET", "/api/v1/hr/teams/{id}", Access::Roles(TEAM_READERS)),
    // prospect: work orders.
    route(
        "POST",
        "/api/v1/prospect/work-orders",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders/{id}",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "PATCH",
        "/api/v1/prospect/work-orders/{id}",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    route(
        "POST",
        "/api/v1/prospect/work-orders/{id}/activate",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    route(
        "POST",
        "/api/v1/prospect/work-orders/{id}/close",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    // prospect: the do-not-call list.
    route("POST", "/api/v1/prospect/dnc", Access::Roles(DNC_KEEPERS)),
    route("GET", "/api/v1/prospect/dnc", Access::Roles(DNC_KEEPERS)),
    // An entry with its history; taking a number off the list (never a deletion) is
    // further limited by the service to all-site roles and the adding site's supervisor.
    route(
        "GET",
        "/api/v1/prospect/dnc/{number}",
        Access::Roles(DNC_KEEPERS),
    ),
    route(
        "POST",
        "/api/v1/prospect/dnc/{number}/remove",
        Access::Roles(DNC_KEEPERS),
    ),
    // prospect: DAPROS import.
    route(
        "POST",
        "/api/v1/prospect/work-orders/{id}/dapros",
        Access::Roles(WORK_ORDER_MANAGERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders/{id}/imports",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/imports/{id}",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/imports/{id}/rejected",
        Access::Roles(WORK_ORDER_READERS),
    ),
    // prospect: distribution, progress and prospects.
    route(
        "POST",
        "/api/v1/prospect/work-orders/{id}/distribute",
        Access::Roles(DISTRIBUTORS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders/{id}/progress",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/work-orders/{id}/prospects",
        Access::Roles(WORK_ORDER_READERS),
    ),
    route(
        "GET",
        "/api/v1/prospect/prospects/{id}",
        Access::Roles(PROSPECT_READERS),
    ),
    route("POST", "/api/v1/prospect/next", Access::Roles(CALLERS)),
    // calling: calls, results and recordings.
    route("POST", "/api/v1/calling/calls", Access::Roles(CALLERS)),
    route("GET", "/api/v1/calling/calls", Access::Roles(CALL_READERS)),
    route(
        "GET",
        "/api/v1/calling/calls/{id}",
        Access::Roles(CALL_READERS),
    ),
    route(
        "POST",
        "/api/v1/calling/calls/{id}/result",
        Access::Roles(CALLERS),
    ),
    route(
        "POST",
        "/api/v1/calling/calls/{id}/abandon",
        Access::Roles(CALL_CLOSERS),
    ),
    route(
        "PUT",
        "/api/v1/calling/calls/{id}/recording",
        Access::Roles(CALLERS),
    ),
    route(
        "GET",
        "/api/v1/calling/calls/{id}/recording",
        Access::Roles(RECORDING_LISTENERS),
    ),
    // quality: assessment parameters.
    route(
        "GET",
        "/api/v1/quality/parameters",
        Access::Roles(PARAMETER_READERS),
    ),
    route(
        "GET",
        "/api/v1/quality/parameters/{program}",
        Access::Roles(PARAMETER_READERS),
    ),
    route(
        "PUT",
        "/api/v1/quality/parameters/{program}",
        Access::Roles(PARAMETER_OWNERS),
    ),
    route(
        "GET",
        "/api/v1/quality/parameters/{program}/versions",
        Access::Roles(PARAMETER_READERS),
    ),
    // quality: tapping tasks and verdicts.
    route("GET", "/api/v1/quality/tasks", Access::Roles(TASK_READERS)),
    route(
        "GET",
        "/api/v1/quality/tasks/{id}",
        Access::Roles(TASK_READERS),
    ),
    route(
        "POST",
        "/api/v1/quality/tasks/claim",
        Access::Roles(TAPPERS),
    ),
    route(
        "POST",
        "/api/v1/quality/tasks/{id}/verdict",
        Access::Roles(TAPPERS),
    ),
    // quality: QA verification.
    route(
        "GET",
        "/api/v1/quality/reviews",
        Access::Roles(REVIEW_READERS),
    ),
    route(
        "POST",
        "/api/v1/quality/reviews/{id}/opinion",
        Access::Roles(VERIFIERS),
    ),
    route(
        "POST",
        "/api/v1/quality/reviews/{id}/decision",
        Access::Roles(ARBITERS),
    ),
    // quality: the Quality Validation Score and tapping coverage.
    route("GET", "/api/v1/quality/score", Access::Roles(SCORE_READERS)),
    route(
        "GET",
        "/api/v1/quality/coverage",
        Access::Roles(COVERAGE_READERS),
    ),
];

/// The route a concrete request path matches: segment-wise, `{x}` matching one non-empty
/// segment, the method compared exactly.
pub fn find_route(method: &str, path: &str) -> Option<&'static Route> {
    POLICY
        .iter()
        .find(|route| route.method == method && route.matches_path(path))
}

/// Whether some route has this path, with any method (to answer 405 rather than 404).
pub fn path_known(path: &str) -> bool {
    POLICY.iter().any(|route| route.matches_path(path))
}

/// The methods some route has for this path (the `Allow` of a 405); empty if none.
pub fn allowed_methods(path: &str) -> Vec<&'static str> {
    let mut methods: Vec<&'static str> = POLICY
        .iter()
        .filter(|route| route.matches_path(path))
        .map(|route| route.method)
        .collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}

/// The service that owns a public path: `/api/v1/auth/...` is hr's, `/api/v1/<svc>/...`
/// is `<svc>`'s; anything else (including the gateway's own paths) has no owner.
pub fn owning_service(path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix(API_PREFIX)?;
    let first = rest.split('/').next()?;
    if first == "auth" {
        return Some("hr");
    }
    SERVICES.iter().copied().find(|service| *service == first)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn parameters_match_one_non_empty_segment() {
        let route = find_route(
            "GET",
            "/api/v1/hr/employees/0193a0b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b",
        )
        .unwrap();
        assert_eq!(route.path, "/api/v1/hr/employees/{id}");
        assert_eq!(
            find_route("POST", "/api/v1/hr/employees/x/deactivate")
                .unwrap()
                .path,
            "/api/v1/hr/employees/{id}/deactivate"
        );
        assert_eq!(
            find_route("GET", "/api/v1/hr/employees").unwrap().path,
            "/api/v1/hr/employees"
        );
        assert!(find_route("GET", "/api/v1/hr/employees//deactivate").is_none());
        assert!(find_route("POST", "/api/v1/hr/employees//deactivate").is_none());
    }

    #[test]
    fn extra_missing_or_empty_segments_do_not_match() {
        for path in [
            "/api/v1/hr/employees/x/y",
            "/api/v1/hr/employees/x/deactivate/now",
            "/api/v1/hr/employees/",
            "/api/v1/hr/employees/x/",
            "/api/v1/hr//employees",
            "/api/v1/hr",
            "/api/v1/auth/login/",
            "api/v1/auth/login",
            "/api/v2/auth/login",
            "",
            "/",
        ] {
            assert!(find_route("GET", path).is_none(), "{path}");
            assert!(find_route("POST", path).is_none(), "{path}");
            assert!(!path_known(path), "{path}");
        }
    }

    #[test]
    fn methods_match_exactly() {
        assert!(find_route("POST", "/api/v1/auth/login").is_some());
        assert!(find_route("GET", "/api/v1/auth/login").is_none());
        assert!(find_route("post", "/api/v1/auth/login").is_none());
        assert!(find_route("HEAD", "/api/v1/auth/me").is_none());
        assert!(find_route("DELETE", "/api/v1/hr/employees/x").is_none());
        assert_eq!(
            find_route("PATCH", "/api/v1/hr/employees/x")
                .unwrap()
                .access,
            Access::Roles(EMPLOYEE_EDITORS)
        );
        assert!(path_known("/api/v1/auth/login"));
        assert!(path_known("/api/v1/hr/employees/x"));
        assert!(!path_known("/api/v1/hr/nothing"));
        assert_eq!(allowed_methods("/api/v1/hr/teams"), ["GET", "POST"]);
        assert_eq!(allowed_methods("/api/v1/auth/jwks"), ["GET"]);
        assert!(allowed_methods("/api/v1/hr/nothing").is_empty());
    }

    #[test]
    fn access_allows() {
        assert!(Access::Public.allows(None));
        assert!(Access::Public.allows(Some(Role::Agent)));
        assert!(!Access::AnyRole.allows(None));
        assert!(Access::AnyRole.allows(Some(Role::Ioc)));
        let roles = Access::Roles(EMPLOYEE_DEACTIVATORS);
        assert!(roles.allows(Some(Role::Admin)));
        assert!(roles.allows(Some(Role::HrRecruiter)));
        assert!(!roles.allows(Some(Role::Manager)));
        assert!(!roles.allows(None));
        assert!(!Access::Roles(&[]).allows(Some(Role::Admin)));
    }

    #[test]
    fn the_hr_table_is_as_specified() {
        let access = |method, path| find_route(method, path).unwrap().access;
        assert_eq!(access("GET", "/api/v1/auth/me"), Access::AnyRole);
        assert_eq!(access("POST", "/api/v1/auth/logout-all"), Access::AnyRole);
        assert_eq!(
            access("POST", "/api/v1/hr/employees/x/logout-all"),
            Access::Roles(EMPLOYEE_DEACTIVATORS)
        );
        for (method, path) in [
            ("POST", "/api/v1/auth/login"),
            ("POST", "/api/v1/auth/refresh"),
            ("POST", "/api/v1/auth/logout"),
            ("POST", "/api/v1/auth/password"),
            ("POST", "/api/v1/auth/activate"),
            ("GET", "/api/v1/auth/jwks"),
            ("GET", "/api/v1/openapi.json"),
            ("GET", "/api/v1/docs"),
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
        let hr_routes = POLICY
            .iter()
            .filter(|route| owning_service(route.path) == Some("hr"))
            .count();
        assert_eq!(hr_routes, 18);
    }

    #[test]
    fn a_stuck_call_is_closed_by_the_floor_not_by_its_agent() {
        let access = find_route("POST", "/api/v1/calling/calls/x/abandon")
            .unwrap()
            .access;
        assert_eq!(access, Access::Roles(CALL_CLOSERS));
        for role in Role::ALL {
            assert_eq!(
                access.allows(Some(*role)),
                [Role::SupervisorOps, Role::TeamLeader].contains(role),
                "{role}"
            );
        }
    }

    #[test]
    fn every_path_is_public_api_and_every_method_path_pair_is_unique() {
        let mut seen = HashSet::new();
        for route in POLICY {
            assert!(route.path.starts_with(API_PREFIX), "{route:?}");
            assert!(
                ["GET", "POST", "PATCH", "PUT", "DELETE"].contains(&route.method),
                "{route:?}"
            );
            assert!(!route.path.ends_with('/'), "{route:?}");
            assert!(!route.path.contains("//"), "{route:?}");
            assert!(
                seen.insert((route.method, route.path)),
                "duplicate {route:?}"
            );
            if let Access::Roles(roles) = route.access {
                assert!(!roles.is_empty(), "{route:?}");
            }
        }
    }

    #[test]
    fn no_two_routes_match_the_same_request() {
        // Patterns are compared with each parameter replaced by a sample segment.
        for route in POLICY {
            let sample: String = route
                .path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "sample" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let matching: Vec<_> = POLICY
                .iter()
                .filter(|other| other.method == route.method && other.matches_path(&sample))
                .collect();
            assert_eq!(matching.len(), 1, "{route:?} overlaps {matching:?}");
        }
    }

    #[test]
    fn every_api_path_of_the_policy_has_an_owner_but_the_gateways() {
        for route in POLICY {
            let owner = owning_service(route.path);
            if ["/api/v1/openapi.json", "/api/v1/docs"].contains(&route.path) {
                assert_eq!(owner, None, "{route:?}");
            } else {
                assert!(owner.is_some(), "{route:?}");
            }
        }
    }

    #[test]
    fn owning_service_of_paths() {
        assert_eq!(owning_service("/api/v1/auth/login"), Some("hr"));
        assert_eq!(owning_service("/api/v1/auth"), Some("hr"));
        assert_eq!(owning_service("/api/v1/hr/employees/x"), Some("hr"));
        for service in SERVICES {
            assert_eq!(
                owning_service(&format!("/api/v1/{service}/anything")),
                Some(*service)
            );
        }
        assert_eq!(owning_service("/api/v1/reporting"), Some("reporting"));
        for path in [
            "/api/v1/openapi.json",
            "/api/v1/docs",
            "/api/v1/gateway/x",
            "/api/v1/hrx/employees",
            "/api/v1//hr",
            "/api/v2/hr/employees",
            "/hr/employees",
            "/api/v1/",
            "",
        ] {
            assert_eq!(owning_service(path), None, "{path}");
        }
    }
}
