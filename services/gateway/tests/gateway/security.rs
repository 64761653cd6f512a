//! Security headers, CORS and rate limits.

use tam_gateway::{RateLimit, RateLimits, Settings};
use tam_kernel::Role;

use crate::support::{client_from, generous, problem, Setup, SITE};

fn assert_security_headers(response: &reqwest::Response, what: &str) {
    let h = response.headers();
    assert_eq!(
        h.get("x-content-type-options").unwrap(),
        "nosniff",
        "{what}"
    );
    assert_eq!(h.get("x-frame-options").unwrap(), "DENY", "{what}");
    assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer", "{what}");
    assert!(h.get("strict-transport-security").is_some(), "{what}");
    assert!(h.get("content-security-policy").is_some(), "{what}");
    assert!(h.get("x-request-id").is_some(), "{what}");
}

#[actix_web::test]
async fn every_answer_carries_the_security_headers() {
    let s = Setup::start(generous()).await;
    let ok = s
        .gateway
        .get("/api/v1/hr/employees")
        .header("authorization", s.keys.bearer(Role::Admin))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_security_headers(&ok, "proxied");
    assert_eq!(ok.headers().get("cache-control").unwrap(), "no-store");
    assert_eq!(
        ok.headers().get("content-security-policy").unwrap(),
        "default-src 'none'; frame-ancestors 'none'"
    );

    let refused = s.gateway.get("/api/v1/hr/employees").send().await.unwrap();
    assert_security_headers(&refused, "401");
    let outside = s.gateway.get("/somewhere/else").send().await.unwrap();
    assert_security_headers(&outside, "404 outside /api/v1");
    assert_eq!(problem(outside).await.0, 404);

    let docs = s.gateway.get("/api/v1/docs").send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert_security_headers(&docs, "docs");
    let csp = docs.headers().get("content-security-policy").unwrap();
    assert!(csp
        .to_str()
        .unwrap()
        .contains("script-src 'self' 'unsafe-inline'"));
    assert!(docs
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let page = docs.text().await.unwrap();
    assert!(page.contains("fetch(\"openapi.json\")"));
    assert!(
        !page.contains("https://"),
        "the page loads nothing from elsewhere"
    );
    s.stop().await;
}

#[actix_web::test]
async fn cors_allows_the_configured_origin_only() {
    let s = Setup::start(generous()).await;
    let preflight = |origin: &'static str| {
        s.gateway
            .client
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/api/v1/hr/employees", s.gateway.url),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type, idempotency-key, x-request-id",
            )
            .send()
    };
    let allowed = preflight("https://ui.tam.example").await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .unwrap(),
        "https://ui.tam.example"
    );
    let headers = allowed
        .headers()
        .get("access-control-allow-headers")
        .unwrap()
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(headers.contains("idempotency-key"), "{headers}");

    let refused = preflight("https://evil.example").await.unwrap();
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let (status, _, _) = problem(refused).await;
    assert_eq!(status, 400);

    let simple = s
        .gateway
        .post("/api/v1/auth/login")
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    // Served (a token, not a cookie, authenticates), but without the header a browser
    // needs to hand the answer to the other origin's script.
    assert_eq!(simple.status(), 200);
    assert!(simple
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    s.stop().await;
}

#[actix_web::test]
async fn failed_logins_past_the_limit_are_429_with_retry_after_and_successes_are_not_counted() {
    let settings = Settings {
        rate_limits: RateLimits {
            general: RateLimit::per_second(1000, 1000),
            login: RateLimit::per_minute(2, 2),
            site_login: RateLimit::per_minute(5, 5),
        },
        // A site's NAT address (all of 127/8 is loopback).
        site_networks: vec!["127.0.0.2/32".parse().unwrap()],
        ..Settings::default()
    };
    let s = Setup::start(settings).await;
    // The upstream plays hr: `status` is its answer.
    let login = |status: u16| {
        s.gateway
            .post(&format!("/api/v1/auth/login?status={status}"))
            .json(&serde_json::json!({}))
            .send()
    };
    // Successes, and a right password that must be changed (403), cost nothing.
    for _ in 0..20 {
        assert_eq!(login(200).await.unwrap().status(), 200);
    }
    assert_eq!(login(403).await.unwrap().status(), 403);
    // Two refusals (a wrong password, a lock), then the gateway holds the address back.
    assert_eq!(login(401).await.unwrap().status(), 401);
    assert_eq!(login(429).await.unwrap().status(), 429);
    let reached = s.upstream.seen().len();
    let limited = login(200).await.unwrap();
    let retry_after: u64 = limited
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    let (status, slug, body) = problem(limited).await;
    assert_eq!((status, slug.as_str()), (429, "rate-limited"));
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("failed password checks"),
        "{body}"
    );
    assert_eq!(
        s.upstream.seen().len(),
        reached,
        "the login never reached hr"
    );
    // A password change checks a password too: the same bucket.
    let change = s
        .gateway
        .post("/api/v1/auth/password")
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), 429);
    // A site network's address has a limit of its own: 5 failures before it is held.
    let site = client_from(SITE);
    let site_login = |status: u16| {
        site.post(format!(
            "{}/api/v1/auth/login?status={status}",
            s.gateway.url
        ))
        .json(&serde_json::json!({}))
        .send()
    };
    for _ in 0..5 {
        assert_eq!(site_login(401).await.unwrap().status(), 401);
    }
    let (status, _, _) = problem(site_login(200).await.unwrap()).await;
    assert_eq!(status, 429);
    // Other routes are not held back by the login limit.
    let other = s
        .gateway
        .get("/api/v1/hr/teams")
        .header("authorization", s.keys.bearer(Role::Admin))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    s.stop().await;
}

#[actix_web::test]
async fn any_route_past_the_general_limit_is_429() {
    let settings = Settings {
        rate_limits: RateLimits {
            general: RateLimit::per_minute(1, 3),
            login: RateLimit::per_minute(10, 10),
            site_login: RateLimit::per_minute(10, 10),
        },
        ..Settings::default()
    };
    let s = Setup::start(settings).await;
    for _ in 0..3 {
        let response = s.gateway.get("/api/v1/docs").send().await.unwrap();
        assert_eq!(response.status(), 200);
    }
    let limited = s.gateway.get("/api/v1/hr/employees").send().await.unwrap();
    assert!(limited.headers().get("retry-after").is_some());
    assert_eq!(problem(limited).await.0, 429);
    s.stop().await;
}
