//! The policy table indexed once for the gateway's per-request lookup.
//!
//! [`Policy::find`] scans every row of the table (some 180, each path split segment by
//! segment) and the gateway asked it up to three times a request (the access check,
//! then twice inside `tam_auth::authorize_fetching_keys`): about 7% of a proxied
//! request's instructions in the profile. A row can only match a request of its own
//! method and with as many segments as its pattern, so the rows are grouped by both
//! once, at start-up, and a request is matched only against its group, in table order:
//! the same row [`Policy::find`] returns, which the tests check on every row.

use tam_auth::{Policy, Row};

/// The rows of one method, by the number of `/`-separated parts of their pattern.
struct Method {
    method: &'static str,
    by_parts: Vec<Vec<Row>>,
}

/// The policy's rows grouped by method and segment count, each group in table order.
pub(crate) struct Router {
    methods: Vec<Method>,
}

/// The number of parts `split('/')` gives, without splitting.
fn parts(path: &str) -> usize {
    path.bytes().filter(|&b| b == b'/').count() + 1
}

impl Router {
    pub(crate) fn new(policy: &Policy) -> Self {
        let mut methods: Vec<Method> = Vec::new();
        for row in policy.rows() {
            let index = match methods.iter().position(|m| m.method == row.route.method) {
                Some(index) => index,
                None => {
                    methods.push(Method {
                        method: row.route.method,
                        by_parts: Vec::new(),
                    });
                    methods.len() - 1
                }
            };
            let by_parts = &mut methods[index].by_parts;
            let n = parts(row.route.path);
            if by_parts.len() <= n {
                by_parts.resize_with(n + 1, Vec::new);
            }
            by_parts[n].push(*row);
        }
        Self { methods }
    }

    /// The row a request matches: what [`Policy::find`] answers, without the scan.
    pub(crate) fn find(&self, method: &str, path: &str) -> Option<&Row> {
        self.methods
            .iter()
            .find(|m| m.method == method)?
            .by_parts
            .get(parts(path))?
            .iter()
            .find(|row| row.route.matches_path(path))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use tam_auth::{route, Access, Route};

    const A: &[Route] = &[
        route("GET", "/api/v1/things", Access::AnyRole),
        route("POST", "/api/v1/things", Access::AnyRole),
        route("GET", "/api/v1/things/{id}", Access::AnyRole),
        route("GET", "/api/v1/mine/things", Access::Public),
        route(
            "DELETE",
            "/api/v1/things/{id}/parts/{part}",
            Access::AnyRole,
        ),
    ];
    const B: &[Route] = &[
        route("GET", "/api/v1/other/{id}/x", Access::Public),
        route("PUT", "/api/v1/other/{id}/file", Access::AnyRole).upload(),
    ];

    /// Every request shape the table has, and some it has not, answer the same row as
    /// the policy's own scan.
    fn same_as_policy(policy: &Policy) {
        let router = Router::new(policy);
        let mut paths: Vec<String> = policy
            .rows()
            .iter()
            .map(|row| {
                let concrete: Vec<&str> = row
                    .route
                    .path
                    .split('/')
                    .map(|s| if s.starts_with('{') { "7" } else { s })
                    .collect();
                concrete.join("/")
            })
            .collect();
        paths.extend(
            [
                "",
                "/",
                "/api/v1/",
                "/api/v1/things/",
                "/api/v1/things//parts/p",
                "/api/v1/mine/things",
                "/api/v1/auth/me",
                "/api/v1/auth/me/x",
                "/api/v1/things/7/parts/",
                "/api/v1/nothing",
                "/api/v1/other/7/x/y",
                "/api/v1/things/mine/parts/p",
            ]
            .map(str::to_owned),
        );
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "get"] {
            for path in &paths {
                assert_eq!(
                    router.find(method, path),
                    policy.find(method, path),
                    "{method} {path}"
                );
            }
        }
    }

    #[test]
    fn the_router_finds_the_row_the_policy_finds() {
        let policy = Policy::new([("hr", A), ("prospect", B)]).unwrap();
        same_as_policy(&policy);
        let row = Router::new(&policy)
            .find("PUT", "/api/v1/other/9/file")
            .copied();
        assert_eq!(
            row.map(|r| (r.service, r.route.upload)),
            Some(("prospect", true))
        );
    }

    #[test]
    fn the_router_agrees_with_the_suite_s_whole_table() {
        // The gateway's and hr's real rows (hr's are the most numerous), beside others.
        let policy = Policy::new([
            ("gateway", crate::policy::ROUTES),
            ("hr", tam_hr::policy::ROUTES),
            ("prospect", B),
        ])
        .unwrap();
        same_as_policy(&policy);
    }
}
