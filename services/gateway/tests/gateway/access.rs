//! The policy decides before any service sees a request.

use tam_kernel::Role;

use crate::support::{generous, problem, Setup};

#[actix_web::test]
async fn a_public_route_is_forwarded_without_a_token() {
    let s = Setup::start(generous()).await;
    let response = s
        .gateway
        .post("/api/v1/auth/login?next=%2Fhome&x=1")
        .json(&serde_json::json!({ "username": "a", "password": "b" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = s.upstream.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(
        seen[0].path_and_query,
        "/api/v1/auth/login?next=%2Fhome&x=1"
    );
    assert!(seen[0].body_len > 0);
    s.stop().await;
}

#[actix_web::test]
async fn an_allowed_role_is_forwarded_with_its_token() {
    let s = Setup::start(generous()).await;
    let bearer = s.keys.bearer(Role::Agent);
    let response = s
        .gateway
        .get("/api/v1/hr/employees?limit=5&cursor=abc")
        .header("authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = s.upstream.seen();
    assert_eq!(
        seen[0].path_and_query,
        "/api/v1/hr/employees?limit=5&cursor=abc"
    );
    assert_eq!(
        seen[0].headers.get("authorization").unwrap(),
        bearer.as_str()
    );
    s.stop().await;
}

#[actix_web::test]
async fn a_protected_route_without_a_valid_token_is_401_and_never_forwarded() {
    let s = Setup::start(generous()).await;
    let response = s.gateway.get("/api/v1/hr/employees").send().await.unwrap();
    assert_eq!(
        response.headers().get("www-authenticate").unwrap(),
        "Bearer"
    );
    let (status, slug, body) = problem(response).await;
    assert_eq!((status, slug.as_str()), (401, "unauthorized"));
    assert_eq!(body["instance"], "/api/v1/hr/employees");
    for bad in ["Bearer not.a.jwt", "Basic YTpi", "Bearer "] {
        let response = s
            .gateway
            .get("/api/v1/hr/employees")
            .header("authorization", bad)
            .send()
            .await
            .unwrap();
        assert_eq!(problem(response).await.0, 401, "{bad}");
    }
    // A token signed by another key.
    let other = crate::support::Keys::new();
    let response = s
        .gateway
        .get("/api/v1/hr/employees")
        .header("authorization", other.bearer(Role::Admin))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(response).await.0, 401);
    assert!(s.upstream.seen().is_empty());
    s.stop().await;
}

#[actix_web::test]
async fn a_role_the_route_does_not_list_is_403_and_never_forwarded() {
    let s = Setup::start(generous()).await;
    let response = s
        .gateway
        .post("/api/v1/hr/employees")
        .header("authorization", s.keys.bearer(Role::Agent))
        .json(&serde_json::json!({ "name": "x" }))
        .send()
        .await
        .unwrap();
    let (status, slug, _) = problem(response).await;
    assert_eq!((status, slug.as_str()), (403, "forbidden"));
    assert!(s.upstream.seen().is_empty());
    s.stop().await;
}

#[actix_web::test]
async fn unknown_routes_are_404_and_never_forwarded() {
    let s = Setup::start(generous()).await;
    let admin = s.keys.bearer(Role::Admin);
    for (method, path) in [
        ("GET", "/api/v1/hr/secrets"),
        ("GET", "/api/v1/billing/invoices"),
        ("GET", "/api/v1/hr/employees/.."),
        ("GET", "/api/v1/hr/employees/%2e%2e/x"),
        ("GET", "/api/v2/hr/employees"),
        ("GET", "/internal/anything"),
    ] {
        let response = s
            .gateway
            .client
            .request(method.parse().unwrap(), format!("{}{path}", s.gateway.url))
            .header("authorization", &admin)
            .send()
            .await
            .unwrap();
        let (status, slug, _) = problem(response).await;
        assert_eq!(
            (status, slug.as_str()),
            (404, "not-found"),
            "{method} {path}"
        );
    }
    assert!(s.upstream.seen().is_empty());
    s.stop().await;
}

#[actix_web::test]
async fn a_known_path_with_another_method_is_405_with_allow_and_never_forwarded() {
    let s = Setup::start(generous()).await;
    for (method, path, allow, token) in [
        ("DELETE", "/api/v1/hr/employees", "GET, POST", true),
        ("TRACE", "/api/v1/hr/employees/x", "GET, PATCH", false),
        ("POST", "/api/v1/docs", "GET", false),
        ("PUT", "/api/v1/auth/me", "GET", true),
    ] {
        let mut request = s
            .gateway
            .client
            .request(method.parse().unwrap(), format!("{}{path}", s.gateway.url));
        if token {
            request = request.header("authorization", s.keys.bearer(Role::Admin));
        }
        let response = request.send().await.unwrap();
        let allowed = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        let (status, slug, _) = problem(response).await;
        assert_eq!(
            (status, slug.as_str(), allowed.as_deref()),
            (405, "method-not-allowed", Some(allow)),
            "{method} {path}"
        );
    }
    assert!(s.upstream.seen().is_empty());
    s.stop().await;
}
