//! Revoked access tokens are refused within seconds, not at their expiry: at the gateway
//! and straight at a service, remembered (already verified) tokens included.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use tam_runtime::ServiceName;
use tam_testkit::{Answer, TestApp};

const PASSWORD: &str = "tam-demo-2026";
/// The bound the issue sets: a revocation reaches every verifier within it.
const DEADLINE: Duration = Duration::from_secs(2);

struct Suite {
    app: TestApp,
    gateway: String,
    prospect: String,
}

impl Suite {
    async fn start() -> Self {
        let app = TestApp::start(&[
            tam::service(ServiceName::Hr).unwrap(),
            tam::service(ServiceName::Prospect).unwrap(),
            tam::service(ServiceName::Gateway).unwrap(),
        ])
        .await
        .unwrap();
        tam_hr::seed_demo(&app.pool("hr").unwrap(), PASSWORD)
            .await
            .unwrap();
        let gateway = app.url(ServiceName::Gateway).unwrap();
        let prospect = app.url(ServiceName::Prospect).unwrap();
        Self {
            app,
            gateway,
            prospect,
        }
    }

    async fn call(&self, method: Method, url: &str, token: Option<&str>) -> Answer {
        let body = json!({});
        let body = (method == Method::POST).then_some(&body);
        self.app.call(method, url, token, &[], body).await
    }

    async fn login(&self, username: &str) -> String {
        let answer = self
            .app
            .call(
                Method::POST,
                &format!("{}/api/v1/auth/login", self.gateway),
                None,
                &[],
                Some(&json!({"username": username, "password": PASSWORD})),
            )
            .await;
        assert_eq!(answer.status, 200, "{username}: {:?}", answer.body);
        answer.body["access_token"].as_str().unwrap().to_owned()
    }

    /// The work orders a supervisor reads, through the gateway and straight at prospect.
    fn readers(&self) -> [String; 2] {
        [
            format!("{}/api/v1/prospect/work-orders", self.gateway),
            format!("{}/api/v1/prospect/work-orders", self.prospect),
        ]
    }

    /// Polls `url` with `token` until it is refused as revoked, or the deadline (counted
    /// from `since`) passes; the time it took.
    async fn refused_within(&self, url: &str, token: &str, since: Instant) -> Duration {
        loop {
            let answer = self.call(Method::GET, url, Some(token)).await;
            if answer.status == 401 {
                assert_eq!(answer.slug(), tam_auth::TOKEN_REVOKED, "{:?}", answer.body);
                return since.elapsed();
            }
            assert_eq!(answer.status, 200, "{url}: {:?}", answer.body);
            assert!(
                since.elapsed() < DEADLINE,
                "{url} still accepts the revoked token after {DEADLINE:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

#[tokio::test]
async fn a_deactivated_employees_token_is_refused_within_two_seconds_at_the_gateway_and_at_a_service(
) {
    let suite = Suite::start().await;
    let admin = suite.login("admin").await;
    let victim = suite.login("supervisor_ops.bandung").await;
    // Both verifiers have checked (and remembered) the token.
    for url in suite.readers() {
        let answer = suite.call(Method::GET, &url, Some(&victim)).await;
        assert_eq!(answer.status, 200, "{url}: {:?}", answer.body);
    }
    let me = suite
        .call(
            Method::GET,
            &format!("{}/api/v1/auth/me", suite.gateway),
            Some(&victim),
        )
        .await;
    let id = me.body["id"].as_str().unwrap().to_owned();

    let answer = suite
        .call(
            Method::POST,
            &format!("{}/api/v1/hr/employees/{id}/deactivate", suite.gateway),
            Some(&admin),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let deactivated = Instant::now();
    for url in suite.readers() {
        let took = suite.refused_within(&url, &victim, deactivated).await;
        eprintln!("{url}: refused {took:?} after the deactivation answered");
    }
    // Someone else's token still works.
    for url in suite.readers() {
        let answer = suite.call(Method::GET, &url, Some(&admin)).await;
        assert_ne!(answer.status, 401, "{url}: {:?}", answer.body);
    }

    // A replica started afterwards (or one that was cut off from the broker) reads the
    // revocation back from the broker: it refuses the token it never saw accepted.
    let shutdown = tokio_util::sync::CancellationToken::new();
    let replica = tam_runtime::start(
        &tam::service(ServiceName::Prospect).unwrap(),
        std::sync::Arc::new(tam::policy().unwrap()),
        std::sync::Arc::clone(&suite.app.config),
        shutdown.clone(),
    )
    .await
    .unwrap();
    let url = format!("{}/api/v1/prospect/work-orders", replica.url());
    let started = Instant::now();
    loop {
        let answer = suite.call(Method::GET, &url, Some(&victim)).await;
        if answer.status == 401 {
            assert_eq!(answer.slug(), tam_auth::TOKEN_REVOKED, "{:?}", answer.body);
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "a new replica still accepts the revoked token: {} {:?}",
            answer.status,
            answer.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let answer = suite.call(Method::GET, &url, Some(&admin)).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    shutdown.cancel();
    replica.stopped().await.unwrap();
    suite.app.stop().await.unwrap();
}

#[tokio::test]
async fn logging_out_everywhere_refuses_every_earlier_token_but_not_the_next_login() {
    let suite = Suite::start().await;
    let first = suite.login("supervisor_ops.medan").await;
    let second = suite.login("supervisor_ops.medan").await;
    for url in suite.readers() {
        for token in [&first, &second] {
            let answer = suite.call(Method::GET, &url, Some(token)).await;
            assert_eq!(answer.status, 200, "{url}: {:?}", answer.body);
        }
    }

    let answer = suite
        .call(
            Method::POST,
            &format!("{}/api/v1/auth/logout-all", suite.gateway),
            Some(&first),
        )
        .await;
    assert_eq!(answer.status, 204, "{:?}", answer.body);
    let logged_out = Instant::now();
    // A login right after (within the same second) is not caught by the revocation.
    let next = suite.login("supervisor_ops.medan").await;
    for url in suite.readers() {
        for token in [&first, &second] {
            suite.refused_within(&url, token, logged_out).await;
        }
        let answer = suite.call(Method::GET, &url, Some(&next)).await;
        assert_eq!(answer.status, 200, "{url}: {:?}", answer.body);
    }
    suite.app.stop().await.unwrap();
}
