//! The authorization matrix, generated from the one policy table (every registered
//! service's rows, `tam::policy()`): every route × method × role (and no token at all)
//! gets exactly what its row gives, through the gateway and straight at the service that
//! declared the row (each checks on its own). And no route escapes the table: the merged
//! OpenAPI document and the table list the same operations, and each service's own
//! document lists exactly its own rows (the one OpenAPI-vs-policy check of the suite).

use std::collections::BTreeSet;

use tam_auth::{Access, Route};
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::TestApp;

/// What the policy promises a caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Past authorization: whatever the handler answers (400 for the empty body, 404
    /// for the made-up id, ...), but not 401/403, not a rate limit and not "no such
    /// route".
    Reaches,
    Unauthenticated,
    Forbidden,
}

fn expectation(access: Access, role: Option<Role>) -> Expect {
    if access.allows(role) {
        Expect::Reaches
    } else if role.is_none() {
        Expect::Unauthenticated
    } else {
        Expect::Forbidden
    }
}

/// A concrete path for a pattern: every `{param}` becomes an id nobody has.
fn concrete(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                uuid::Uuid::now_v7().to_string()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Site-bound roles get a site (else their token would describe nobody real).
fn site_for(role: Role) -> Option<Site> {
    role.is_site_bound().then_some(Site::Medan)
}

async fn check(app: &TestApp, base: &str, route: &Route, role: Option<Role>) -> Option<String> {
    let url = format!("{base}{}", concrete(route.path));
    let method = reqwest::Method::from_bytes(route.method.as_bytes()).unwrap();
    let mut request = app.client.request(method, &url);
    if matches!(route.method, "POST" | "PATCH" | "PUT") {
        request = request.json(&serde_json::json!({}));
    }
    if let Some(role) = role {
        request = request.bearer_auth(app.token(role, site_for(role), None));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap_or_default();
    let expected = expectation(route.access, role);
    let ok = match expected {
        Expect::Reaches => {
            ![401, 403, 405, 429].contains(&status) && !body.contains("no route for")
        }
        Expect::Unauthenticated => status == 401,
        Expect::Forbidden => status == 403,
    };
    let who = role.map_or("anonymous".to_owned(), |r| r.to_string());
    (!ok).then(|| {
        format!(
            "{} {} as {who} at {base}: expected {expected:?}, got {status} {body}",
            route.method, route.path
        )
    })
}

fn callers() -> impl Iterator<Item = Option<Role>> {
    std::iter::once(None).chain(Role::ALL.iter().copied().map(Some))
}

#[tokio::test]
async fn every_route_method_and_role_gets_what_the_policy_gives() {
    let app = TestApp::start(&tam::services()).await.unwrap();
    let gateway = app.url(ServiceName::Gateway).unwrap();
    let policy = tam::policy().unwrap();
    let mut failures = Vec::new();
    for row in policy.rows() {
        for role in callers() {
            failures.extend(check(&app, &gateway, &row.route, role).await);
        }
        // The service that declared the row decides the same on its own (defense in
        // depth); the gateway's own routes are the gateway's.
        if row.service != "gateway" {
            let service = app.url(row.service.parse().unwrap()).unwrap();
            for role in callers() {
                failures.extend(check(&app, &service, &row.route, role).await);
            }
        }
    }
    // Every registered service with routes was covered.
    for def in tam::services() {
        if !def.policy.is_empty() {
            assert!(
                policy.services().contains(&def.name.as_str()),
                "{}",
                def.name
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    app.stop().await.unwrap();
}

#[tokio::test]
async fn the_policy_table_and_the_documented_routes_are_the_same() {
    let app = TestApp::start(&tam::services()).await.unwrap();
    let gateway = app.url(ServiceName::Gateway).unwrap();
    let doc: serde_json::Value = app
        .client
        .get(format!("{gateway}/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut documented = BTreeSet::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                documented.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let policy = tam::policy().unwrap();
    let table: BTreeSet<(String, String)> = policy
        .rows()
        .iter()
        .map(|r| (r.route.method.to_owned(), r.route.path.to_owned()))
        .collect();
    let undocumented: Vec<_> = table.difference(&documented).collect();
    let unlisted: Vec<_> = documented.difference(&table).collect();
    assert!(
        unlisted.is_empty(),
        "routes missing from the policy table: {unlisted:?}"
    );
    assert!(
        undocumented.is_empty(),
        "policy rows with no documented route: {undocumented:?}"
    );
    // And each service documents exactly the rows it declared: a route documented by
    // one service but declared by another would pass the merged check above.
    for def in tam::services() {
        let url = format!("{}/openapi.json", app.url(def.name).unwrap());
        let own: serde_json::Value = app
            .client
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            tam_auth::openapi::documented_operations(&own),
            policy.operations(def.name.as_str()),
            "{}'s document and its policy rows",
            def.name
        );
    }
    app.stop().await.unwrap();
}
