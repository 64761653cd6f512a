//! The one table of who may call what.
//!
//! **Deny by default.** A request whose method and path match no row of the [`Policy`]
//! is refused (404) by the gateway and by the service alike, whatever its token says; a
//! row lists the roles that may call it, or says it is public or open to any signed-in
//! user. Both the gateway and each service check every request against the table
//! through [`crate::authorize`] (defense in depth), so a route is added to its service's
//! rows in the same change that adds its handler.
//!
//! **One table, owned in parts.** Each service declares its own rows
//! (`services/<service>/src/policy.rs`) in its service definition; the table is every
//! registered service's rows together ([`Policy::new`], built once by the `tam` binary
//! from its registry and handed to the gateway and to every service it starts). The
//! table is checked as it is built: no two rows may answer the same request, whichever
//! services they come from.
//!
//! The table decides *whether* a role may call a route, not *which objects* it sees: scope
//! is applied by each service's queries (site-bound roles see their own site, a
//! `team_leader` their own team, an `agent` their own records), and an object outside
//! the caller's scope answers 404, exactly like one that does not exist.

use tam_kernel::Role;

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
    /// The HTTP method, upper case: `GET`, `POST`, `PATCH`, `PUT`, `DELETE`.
    pub method: &'static str,
    /// The path in actix pattern syntax: `{name}` matches one non-empty segment.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Whether its body is a file streamed through to the service (a DAPROS call list,
    /// a call recording): the gateway gives it the upload body limit instead of the
    /// JSON one.
    pub upload: bool,
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

    /// The same route, marked as an upload (see [`Route::upload`]).
    pub const fn upload(self) -> Self {
        Route {
            upload: true,
            ..self
        }
    }
}

/// A row of a service's table: `route(method, path, access)`.
pub const fn route(method: &'static str, path: &'static str, access: Access) -> Route {
    Route {
        method,
        path,
        access,
        upload: false,
    }
}

/// The prefix of every public path.
pub const API_PREFIX: &str = "/api/v1/";

/// A row of the assembled table: the route and the service that serves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The service that declared the row and serves the route (the gateway forwards
    /// the request there).
    pub service: &'static str,
    pub route: Route,
}

/// Why a set of service rows is not a table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy row {method} {path} of {service}: {reason}")]
pub struct PolicyError {
    pub service: String,
    pub method: String,
    pub path: String,
    pub reason: String,
}

/// The one table: every service's rows together.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    rows: Vec<Row>,
}

impl Policy {
    /// The table of these services' rows, `(service, rows)` in registry order. Refused
    /// (naming the row) when a path is not public API (`/api/v1/...`, no empty segment,
    /// no trailing slash), a method is not one the API uses, a row lists no role, or two
    /// rows answer the same request.
    pub fn new(
        services: impl IntoIterator<Item = (&'static str, &'static [Route])>,
    ) -> Result<Self, PolicyError> {
        let mut rows: Vec<Row> = Vec::new();
        for (service, routes) in services {
            for route in routes {
                let row = Row {
                    service,
                    route: *route,
                };
                check_row(&row)?;
                let sample = sample_path(route.path);
                if let Some(other) = rows
                    .iter()
                    .find(|o| o.route.method == route.method && o.route.matches_path(&sample))
                    .or_else(|| {
                        rows.iter().find(|o| {
                            o.route.method == route.method
                                && route.matches_path(&sample_path(o.route.path))
                        })
                    })
                {
                    return Err(refusal(
                        &row,
                        format!(
                            "answers the same requests as {} {} of {}",
                            other.route.method, other.route.path, other.service
                        ),
                    ));
                }
                rows.push(row);
            }
        }
        Ok(Self { rows })
    }

    /// Every row, in registry order.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The services that declared rows, in registry order.
    pub fn services(&self) -> Vec<&'static str> {
        let mut services: Vec<&'static str> = Vec::new();
        for row in &self.rows {
            if !services.contains(&row.service) {
                services.push(row.service);
            }
        }
        services
    }

    /// The row a concrete request path matches: segment-wise, `{x}` matching one
    /// non-empty segment, the method compared exactly.
    pub fn find(&self, method: &str, path: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|row| row.route.method == method && row.route.matches_path(path))
    }

    /// The row of exactly this method and pattern (a template whose parameters may be
    /// named differently, as an OpenAPI document may).
    pub fn find_template(&self, method: &str, template: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|row| row.route.method == method && same_template(row.route.path, template))
    }

    /// Whether some route has this path, with any method (to answer 405 rather than 404).
    pub fn path_known(&self, path: &str) -> bool {
        self.rows.iter().any(|row| row.route.matches_path(path))
    }

    /// The methods some route has for this path (the `Allow` of a 405); empty if none.
    pub fn allowed_methods(&self, path: &str) -> Vec<&'static str> {
        let mut methods: Vec<&'static str> = self
            .rows
            .iter()
            .filter(|row| row.route.matches_path(path))
            .map(|row| row.route.method)
            .collect();
        methods.sort_unstable();
        methods.dedup();
        methods
    }

    /// The (METHOD, path) rows of `service`, sorted: what its OpenAPI document must
    /// list, no more and no less.
    pub fn operations(&self, service: &str) -> Vec<(String, String)> {
        let mut operations: Vec<(String, String)> = self
            .rows
            .iter()
            .filter(|row| row.service == service)
            .map(|row| (row.route.method.to_owned(), row.route.path.to_owned()))
            .collect();
        operations.sort();
        operations
    }
}

/// The rules every row keeps on its own.
fn check_row(row: &Row) -> Result<(), PolicyError> {
    let route = &row.route;
    if !route.path.starts_with(API_PREFIX) {
        return Err(refusal(row, format!("the path is not under {API_PREFIX}")));
    }
    if route.path.ends_with('/') || route.path.contains("//") {
        return Err(refusal(row, "the path has an empty segment".into()));
    }
    if !["GET", "POST", "PATCH", "PUT", "DELETE"].contains(&route.method) {
        return Err(refusal(row, "not a method of the API".into()));
    }
    if route.access == Access::Roles(&[]) {
        return Err(refusal(row, "lists no role (nobody could call it)".into()));
    }
    Ok(())
}

fn refusal(row: &Row, reason: String) -> PolicyError {
    PolicyError {
        service: row.service.to_owned(),
        method: row.route.method.to_owned(),
        path: row.route.path.to_owned(),
        reason,
    }
}

/// A concrete path for a pattern: every parameter replaced by a sample segment.
fn sample_path(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|seg| if seg.starts_with('{') { "sample" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// `/a/{id}` and `/a/{employee_id}` are the same route.
fn same_template(a: &str, b: &str) -> bool {
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let (mut a, mut b) = (a.split('/'), b.split('/'));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y || (is_param(x) && is_param(y)) => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(crate) mod tests {
    use super::*;
    use tam_kernel::Role::{Admin, HrRecruiter, Manager};

    const EDITORS: &[Role] = &[Admin, HrRecruiter];
    const READERS: &[Role] = &[Admin, HrRecruiter, Role::Agent];

    /// A table of two services shaped like the suite's (the real rows live with their
    /// services and are tested there and in the suite's authorization matrix).
    pub(crate) const HR: &[Route] = &[
        route("POST", "/api/v1/auth/login", Access::Public),
        route("GET", "/api/v1/auth/me", Access::AnyRole),
        route("POST", "/api/v1/hr/employees", Access::Roles(EDITORS)),
        route("GET", "/api/v1/hr/employees", Access::Roles(EDITORS)),
        route("GET", "/api/v1/hr/employees/{id}", Access::Roles(READERS)),
        route("PATCH", "/api/v1/hr/employees/{id}", Access::Roles(EDITORS)),
        route(
            "POST",
            "/api/v1/hr/employees/{id}/deactivate",
            Access::Roles(EDITORS),
        ),
        route("GET", "/api/v1/hr/teams", Access::Roles(&[Manager])),
        route("POST", "/api/v1/hr/teams", Access::Roles(&[Manager])),
    ];
    pub(crate) const GATEWAY: &[Route] = &[route("GET", "/api/v1/openapi.json", Access::Public)];
    const CALLING: &[Route] = &[route(
        "PUT",
        "/api/v1/calling/calls/{id}/recording",
        Access::AnyRole,
    )
    .upload()];

    pub(crate) fn table() -> Policy {
        Policy::new([("gateway", GATEWAY), ("hr", HR), ("calling", CALLING)]).unwrap()
    }

    #[test]
    fn parameters_match_one_non_empty_segment() {
        let policy = table();
        let row = policy
            .find(
                "GET",
                "/api/v1/hr/employees/0193a0b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b",
            )
            .unwrap();
        assert_eq!(row.route.path, "/api/v1/hr/employees/{id}");
        assert_eq!(row.service, "hr");
        assert_eq!(
            policy
                .find("POST", "/api/v1/hr/employees/x/deactivate")
                .unwrap()
                .route
                .path,
            "/api/v1/hr/employees/{id}/deactivate"
        );
        assert!(policy
            .find("GET", "/api/v1/hr/employees//deactivate")
            .is_none());
        assert!(policy
            .find("POST", "/api/v1/hr/employees//deactivate")
            .is_none());
    }

    #[test]
    fn extra_missing_or_empty_segments_do_not_match() {
        let policy = table();
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
            assert!(policy.find("GET", path).is_none(), "{path}");
            assert!(policy.find("POST", path).is_none(), "{path}");
            assert!(!policy.path_known(path), "{path}");
        }
    }

    #[test]
    fn methods_match_exactly() {
        let policy = table();
        assert!(policy.find("POST", "/api/v1/auth/login").is_some());
        assert!(policy.find("GET", "/api/v1/auth/login").is_none());
        assert!(policy.find("post", "/api/v1/auth/login").is_none());
        assert!(policy.find("HEAD", "/api/v1/auth/me").is_none());
        assert!(policy.find("DELETE", "/api/v1/hr/employees/x").is_none());
        assert!(policy.path_known("/api/v1/hr/employees/x"));
        assert!(!policy.path_known("/api/v1/hr/nothing"));
        assert_eq!(policy.allowed_methods("/api/v1/hr/teams"), ["GET", "POST"]);
        assert_eq!(policy.allowed_methods("/api/v1/auth/me"), ["GET"]);
        assert!(policy.allowed_methods("/api/v1/hr/nothing").is_empty());
    }

    #[test]
    fn access_allows() {
        assert!(Access::Public.allows(None));
        assert!(Access::Public.allows(Some(Role::Agent)));
        assert!(!Access::AnyRole.allows(None));
        assert!(Access::AnyRole.allows(Some(Role::Ioc)));
        let roles = Access::Roles(EDITORS);
        assert!(roles.allows(Some(Role::Admin)));
        assert!(roles.allows(Some(Role::HrRecruiter)));
        assert!(!roles.allows(Some(Role::Manager)));
        assert!(!roles.allows(None));
        assert!(!Access::Roles(&[]).allows(Some(Role::Admin)));
    }

    #[test]
    fn each_row_keeps_its_service_and_the_services_come_in_registry_order() {
        let policy = table();
        assert_eq!(policy.services(), ["gateway", "hr", "calling"]);
        assert_eq!(
            policy.find("GET", "/api/v1/openapi.json").unwrap().service,
            "gateway"
        );
        assert_eq!(
            policy.find("POST", "/api/v1/auth/login").unwrap().service,
            "hr"
        );
        let upload = policy
            .find("PUT", "/api/v1/calling/calls/x/recording")
            .unwrap();
        assert!(upload.route.upload);
        assert!(!policy.find("GET", "/api/v1/auth/me").unwrap().route.upload);
        assert_eq!(
            policy.operations("calling"),
            [(
                "PUT".to_owned(),
                "/api/v1/calling/calls/{id}/recording".to_owned()
            )]
        );
        assert!(policy.operations("nobody").is_empty());
        assert_eq!(
            policy
                .find_template("PATCH", "/api/v1/hr/employees/{employee_id}")
                .unwrap()
                .route
                .path,
            "/api/v1/hr/employees/{id}"
        );
    }

    #[test]
    fn rows_that_are_not_public_api_are_refused() {
        for (bad, reason) in [
            (route("GET", "/health/live", Access::Public), "not under"),
            (route("GET", "/api/v1/x/", Access::Public), "empty segment"),
            (route("GET", "/api/v1//x", Access::Public), "empty segment"),
            (route("HEAD", "/api/v1/x", Access::Public), "method"),
            (route("GET", "/api/v1/x", Access::Roles(&[])), "no role"),
        ] {
            let rows: &'static [Route] = Box::leak(Box::new([bad]));
            let error = Policy::new([("x", rows)]).unwrap_err();
            assert!(error.to_string().contains(reason), "{error}");
            assert_eq!(error.service, "x");
        }
    }

    #[test]
    fn two_rows_answering_the_same_request_are_refused_across_services() {
        // The same row twice, and a literal segment under a parameter of another service.
        const TWICE: &[Route] = &[route("GET", "/api/v1/hr/teams", Access::AnyRole)];
        const SHADOW: &[Route] = &[route("GET", "/api/v1/hr/employees/me", Access::AnyRole)];
        let error = Policy::new([("hr", HR), ("other", TWICE)]).unwrap_err();
        assert_eq!(error.service, "other");
        assert!(
            error.reason.contains("GET /api/v1/hr/teams of hr"),
            "{error}"
        );
        let error = Policy::new([("hr", HR), ("other", SHADOW)]).unwrap_err();
        assert!(
            error.reason.contains("/api/v1/hr/employees/{id} of hr"),
            "{error}"
        );
        // The other way round (the parameter declared after the literal) too.
        let error = Policy::new([("other", SHADOW), ("hr", HR)]).unwrap_err();
        assert_eq!(error.service, "hr");
        // The same path with another method is another route.
        const OTHER_METHOD: &[Route] = &[route("DELETE", "/api/v1/hr/teams", Access::AnyRole)];
        assert!(Policy::new([("hr", HR), ("other", OTHER_METHOD)]).is_ok());
    }
}
