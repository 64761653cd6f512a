//! The client covers the API exactly: one method per row of the policy table, and each
//! role facade only what the table lets its role call.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use tam_client::{
    AgentClient, HdSupportClient, HrClient, ManagerClient, QcOfficerClient, SupervisorClient,
    TeamLeaderClient, ROUTES,
};
use tam_kernel::Role;

fn policy() -> tam_auth::Policy {
    tam::policy().unwrap()
}

#[test]
fn every_route_of_the_policy_table_has_exactly_one_method() {
    let policy = policy();
    let table: BTreeSet<(String, String)> = policy
        .rows()
        .iter()
        .map(|r| (r.route.method.to_owned(), r.route.path.to_owned()))
        .collect();
    let client: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(client.len(), ROUTES.len(), "a route listed twice in ROUTES");
    let names: BTreeSet<&str> = ROUTES.iter().map(|(_, _, n)| *n).collect();
    assert_eq!(
        names.len(),
        ROUTES.len(),
        "a method name used twice in ROUTES"
    );
    let missing: Vec<_> = table.difference(&client).collect();
    let extra: Vec<_> = client.difference(&table).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the API changed: update tam-client's methods (clients/rust/src/routes.rs).\n\
         routes with no client method: {missing:?}\nclient methods with no route: {extra:?}"
    );
}

/// A facade's (HTTP method, path pattern, method name) rows.
type FacadeRoutes = &'static [(&'static str, &'static str, &'static str)];

fn facade_routes() -> Vec<(&'static str, Role, FacadeRoutes)> {
    vec![
        ("AgentClient", AgentClient::ROLE, AgentClient::FACADE_ROUTES),
        (
            "TeamLeaderClient",
            TeamLeaderClient::ROLE,
            TeamLeaderClient::FACADE_ROUTES,
        ),
        (
            "SupervisorClient",
            SupervisorClient::ROLE,
            SupervisorClient::FACADE_ROUTES,
        ),
        (
            "QcOfficerClient",
            QcOfficerClient::ROLE,
            QcOfficerClient::FACADE_ROUTES,
        ),
        (
            "HdSupportClient",
            HdSupportClient::ROLE,
            HdSupportClient::FACADE_ROUTES,
        ),
        ("HrClient", HrClient::ROLE, HrClient::FACADE_ROUTES),
        (
            "ManagerClient",
            ManagerClient::ROLE,
            ManagerClient::FACADE_ROUTES,
        ),
    ]
}

#[test]
fn each_facade_exposes_only_what_the_policy_allows_its_role_and_all_of_it() {
    let policy = policy();
    let mut failures = Vec::new();
    for (facade, role, routes) in facade_routes() {
        for (method, path, name) in routes {
            match policy
                .rows()
                .iter()
                .find(|r| r.route.method == *method && r.route.path == *path)
            {
                None => failures.push(format!("{facade}::{name}: {method} {path} is no route")),
                Some(row) if !row.route.access.allows(Some(role)) => failures.push(format!(
                    "{facade}::{name}: {method} {path} is not allowed to {role}"
                )),
                Some(_) => {}
            }
        }
        // And nothing the role may call (but the public routes, which need no
        // session: login, activation, the documents) is left out.
        let covered: BTreeSet<(&str, &str)> = routes.iter().map(|(m, p, _)| (*m, *p)).collect();
        for row in policy.rows() {
            let access = row.route.access;
            if access.allows(Some(role))
                && access.allows(None).eq(&false)
                && !covered.contains(&(row.route.method, row.route.path))
            {
                failures.push(format!(
                    "{facade} lacks {} {}, which {role} may call",
                    row.route.method, row.route.path
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_agent_facade_covers_an_agents_day() {
    let names: BTreeSet<&str> = AgentClient::FACADE_ROUTES
        .iter()
        .map(|(_, _, n)| *n)
        .collect();
    for (name, method, path) in [
        ("next", "POST", "/api/v1/prospect/next"),
        ("start_call", "POST", "/api/v1/calling/calls"),
        ("record_result", "POST", "/api/v1/calling/calls/{id}/result"),
        (
            "upload_recording",
            "PUT",
            "/api/v1/calling/calls/{id}/recording",
        ),
        ("my_calls", "GET", "/api/v1/calling/calls"),
        ("my_score", "GET", "/api/v1/quality/score"),
        ("my_activation_statuses", "GET", "/api/v1/helpdesk/tickets"),
    ] {
        assert!(names.contains(name), "AgentClient::{name}");
        assert!(
            AgentClient::FACADE_ROUTES.contains(&(method, path, name)),
            "AgentClient::{name} is {method} {path}"
        );
    }
}
