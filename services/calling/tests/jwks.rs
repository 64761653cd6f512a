//! A site verifies the tokens central hr signs with the keys of hr's JWK Set, and keeps
//! verifying them while central is unreachable (issue 18, "identity across the link").
//!
//! Central is hr (its own test app, its own key directory); the site is calling and its
//! gateway with `TAM_SITE=bandung` and `TAM_JWKS_URL` pointing at a TCP forwarder in
//! front of hr, which the test cuts (connections refused: central unreachable) and
//! restores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use tam_auth::{issue_access_token, load_signing_key, Subject, TokenSettings};
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::{wait_until, Answer, Forwarder, TestApp};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// A route of calling every agent may read: a token that verifies gets 200.
const CALLS: &str = "/api/v1/calling/calls";

/// Central's JWK Set as the site sees it: through `forwarder`.
fn jwks_url(forwarder: &Forwarder) -> String {
    format!("http://{}/api/v1/auth/jwks", forwarder.addr())
}

fn socket_of(url: &str) -> SocketAddr {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .unwrap()
}

fn overrides(pairs: &[(&str, String)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// Central hr signing with `kid` of `keys` (every public key there is in its JWK Set).
async fn central_hr(keys: &Path, kid: &str) -> TestApp {
    TestApp::start_with_overrides(
        &[tam_hr::service()],
        &overrides(&[
            ("TAM_JWT_KEYS_DIR", keys.display().to_string()),
            ("TAM_JWT_SIGNING_KID", kid.to_owned()),
        ]),
    )
    .await
    .unwrap()
}

/// A token central hr would issue with `kid`: an agent of Bandung.
fn central_token(central: &TestApp, keys: &Path, kid: &str) -> String {
    let key = load_signing_key(keys, kid).unwrap();
    let settings = TokenSettings {
        issuer: central.config.jwt_issuer.clone(),
        audience: central.config.jwt_audience.clone(),
        access_ttl: central.config.access_token_ttl,
    };
    let agent = Subject {
        id: Uuid::now_v7(),
        role: Role::Agent,
        site: Some(Site::Bandung),
        team: None,
    };
    issue_access_token(&key, &settings, &agent).unwrap()
}

async fn get(client: &reqwest::Client, url: &str, token: &str) -> Answer {
    Answer::read(client.get(url).bearer_auth(token).send().await.unwrap()).await
}

async fn metric(client: &reqwest::Client, admin_url: &str, name: &str) -> f64 {
    tam_testkit::metric(client, admin_url, name).await.unwrap()
}

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!("tam-jwks-test-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_keeps_verifying_central_tokens_while_central_is_unreachable() {
    let temp = TempDir::new();
    let keys = temp.0.join("central-keys");
    tam_auth::generate_key_pair(&keys, "central-1").unwrap();
    let cache_file = temp.0.join("jwks.json");
    let central = central_hr(&keys, "central-1").await;
    let mut link = Forwarder::to(socket_of(&central.url(ServiceName::Hr).unwrap()))
        .await
        .unwrap();
    let jwks_url = jwks_url(&link);
    let site_settings = |cache: bool| {
        let mut pairs = vec![
            ("TAM_SITE", "bandung".to_owned()),
            ("TAM_JWKS_URL", jwks_url.clone()),
            ("TAM_JWKS_MIN_REFRESH_SECS", "1".to_owned()),
        ];
        if cache {
            pairs.push(("TAM_JWKS_CACHE_FILE", cache_file.display().to_string()));
        }
        overrides(&pairs)
    };
    let site = TestApp::start_with_overrides(
        &[tam_calling::service(), tam_gateway::service()],
        &site_settings(true),
    )
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let gateway = site.url(ServiceName::Gateway).unwrap();
    let calling = site.url(ServiceName::Calling).unwrap();
    let site_calls = format!("{gateway}{CALLS}");

    // A token central issued verifies at the site's gateway and at calling behind it.
    let token = central_token(&central, &keys, "central-1");
    let answer = get(&client, &site_calls, &token).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    let answer = get(&client, &format!("{calling}{CALLS}"), &token).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    // The site trusts central's keys only, not the keys mounted in its own directory.
    let local = site.token(Role::Agent, Some(Site::Bandung), None);
    let answer = get(&client, &site_calls, &local).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{answer:?}");
    // The good fetch was kept in the cache file, and is on the metrics.
    let cached: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cache_file).unwrap()).unwrap();
    assert_eq!(cached["keys"][0]["kid"], "central-1", "{cached}");
    let gateway_admin = site.admin_url(ServiceName::Gateway).unwrap();
    assert_eq!(metric(&client, &gateway_admin, "tam_jwks_keys").await, 1.0);
    assert!(
        metric(
            &client,
            &gateway_admin,
            "tam_jwks_fetched_timestamp_seconds"
        )
        .await
            > 0.0
    );
    assert_eq!(
        metric(&client, &gateway_admin, "tam_jwks_fetch_failures_total").await,
        0.0
    );

    // Central is unreachable: tokens keep verifying, a fresh one too (not remembered).
    link.cut().await;
    let answer = get(&client, &site_calls, &token).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    let fresh = central_token(&central, &keys, "central-1");
    let answer = get(&client, &site_calls, &fresh).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");

    // Meanwhile central rotated its key: hr now signs with central-2, which the site
    // never saw. While central is unreachable the site cannot know it: refused (its
    // fetch on the unknown key fails, counted), and the last good keys stay in force.
    tam_auth::generate_key_pair(&keys, "central-2").unwrap();
    let rotated = central_hr(&keys, "central-2").await;
    link.set_target(socket_of(&rotated.url(ServiceName::Hr).unwrap()));
    let new_token = central_token(&rotated, &keys, "central-2");
    let answer = get(&client, &site_calls, &new_token).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{answer:?}");
    // A fetch on an unknown key comes at most once per TAM_JWKS_MIN_REFRESH_SECS (1 s
    // here) after the last one: the token is asked again until a fetch was tried, each
    // time refused.
    wait_until(
        "the failed fetch is counted",
        Duration::from_secs(10),
        || {
            let client = &client;
            let (site_calls, new_token, gateway_admin) = (&site_calls, &new_token, &gateway_admin);
            async move {
                let answer = get(client, site_calls, new_token).await;
                assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{answer:?}");
                (metric(client, gateway_admin, "tam_jwks_fetch_failures_total").await >= 1.0)
                    .then_some(())
            }
        },
    )
    .await
    .unwrap();
    let answer = get(
        &client,
        &site_calls,
        &central_token(&central, &keys, "central-1"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");

    // A site service restarted while central is unreachable reads the cache file.
    let restarted = TestApp::start_with_overrides(&[tam_calling::service()], &site_settings(true))
        .await
        .unwrap();
    let answer = get(
        &client,
        &format!("{}{CALLS}", restarted.url(ServiceName::Calling).unwrap()),
        &central_token(&central, &keys, "central-1"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");

    // One without a cache file has no keys: not ready, and a token is answered 503
    // (the token may be fine), not 401.
    let shutdown = CancellationToken::new();
    let policy = tam_runtime::policy_of(&[tam_gateway::service(), tam_calling::service()]).unwrap();
    let config =
        tam_testkit::test_config(&site.config.database_url, &site_settings(false)).unwrap();
    let (amqp_url, prefix) = (config.amqp_url.clone(), config.event_prefix.clone());
    let keyless = tam_runtime::start(
        &tam_gateway::service(),
        Arc::new(policy),
        Arc::new(config),
        shutdown.clone(),
    )
    .await
    .unwrap();
    let ready = client
        .get(format!("{}/health/ready", keyless.admin_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let report: serde_json::Value = ready.json().await.unwrap();
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "token_keys" && c["ok"] == false),
        "{report}"
    );
    let answer = get(&client, &format!("{}{CALLS}", keyless.url()), &token).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{answer:?}");
    assert_eq!(
        answer.headers["content-type"], "application/problem+json",
        "{answer:?}"
    );
    assert!(answer.headers.contains_key("retry-after"), "{answer:?}");
    assert!(
        answer.body["detail"]
            .as_str()
            .unwrap()
            .contains("token keys"),
        "{answer:?}"
    );

    // Central is back: the token naming the new key is accepted (the site fetches on
    // the unknown key), and the keyless service gets its keys and becomes ready.
    link.restore().await.unwrap();
    wait_until(
        "the site accepts the rotated key",
        Duration::from_secs(15),
        || {
            let answer = get(&client, &site_calls, &new_token);
            async move { (answer.await.status == StatusCode::OK).then_some(()) }
        },
    )
    .await
    .unwrap();
    let cached: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cache_file).unwrap()).unwrap();
    assert_eq!(cached["keys"].as_array().unwrap().len(), 2, "{cached}");
    wait_until(
        "the keyless gateway is ready",
        Duration::from_secs(15),
        || {
            let ready = client.get(format!("{}/health/ready", keyless.url())).send();
            async move { ready.await.ok()?.status().is_success().then_some(()) }
        },
    )
    .await
    .unwrap();

    shutdown.cancel();
    keyless.stopped().await.unwrap();
    tam_testkit::remove_topology(&amqp_url, &prefix).await;
    restarted.stop().await.unwrap();
    site.stop().await.unwrap();
    rotated.stop().await.unwrap();
    central.stop().await.unwrap();
}
