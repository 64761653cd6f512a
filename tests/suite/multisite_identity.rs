//! Issue 18, test 5: Bandung keeps verifying the tokens central issued while central's
//! JWK Set is unreachable.
//!
//! Central and Bandung run as `tam::sites` starts them (a database and a vhost each,
//! linked by shovels); Bandung's `TAM_JWKS_URL` points at a TCP forwarder in front of
//! central's hr, which the test cuts (connections refused) and restores. The event link
//! stays up: only the JWK Set is out of reach.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use tam::sites::{Place, RunningSites, SitesPlan};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::{wait_until, Answer, Forwarder};
use uuid::Uuid;

const BANDUNG: Place = Place::Site(Site::Bandung);
/// A site route every agent may read: a token that verifies gets 200.
const CALLS: &str = "/api/v1/calling/calls";

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

async fn get(http: &reqwest::Client, url: &str, token: &str) -> Answer {
    Answer::read(http.get(url).bearer_auth(token).send().await.unwrap()).await
}

async fn metric(http: &reqwest::Client, admin_url: &str, name: &str) -> f64 {
    tam_testkit::metric(http, admin_url, name).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bandung_keeps_verifying_while_centrals_jwks_is_unreachable() {
    tam_runtime::telemetry::init_for_tests();
    let mut jwks = Forwarder::start().await.unwrap();
    let jwks_url = url::Url::parse(&format!("http://{}/api/v1/auth/jwks", jwks.addr())).unwrap();
    let base = tam_testkit::test_config(
        &tam_db::testing::test_database_url(),
        &std::collections::HashMap::new(),
    )
    .unwrap();
    let mut plan = SitesPlan::for_tests(&[Site::Bandung], base);
    let target = jwks.target();
    plan.customize = Some(Arc::new(move |place, config| {
        if place != BANDUNG {
            return;
        }
        // Bandung reaches central's hr (its gateway's hr routes go there): the
        // forwarder carries its JWK Set fetches to the same place.
        let hr = config.service_url(ServiceName::Hr);
        let hr: SocketAddr = hr
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        *target.lock().unwrap() = Some(hr);
        config.jwks_url = Some(jwks_url.clone());
        config.jwks_min_refresh = Duration::from_secs(1);
    }));
    let sites = RunningSites::start(plan).await.unwrap();
    let http = reqwest::Client::new();
    let central = sites.config(Place::Central).unwrap().clone();
    let token = || {
        tam_testkit::mint_token(
            &central,
            &Subject {
                id: Uuid::now_v7(),
                role: Role::Agent,
                site: Some(Site::Bandung),
                team: None,
            },
        )
        .unwrap()
    };
    let calls = format!(
        "{}{CALLS}",
        sites.url(BANDUNG, ServiceName::Gateway).unwrap()
    );
    let admin = sites.admin_url(BANDUNG, ServiceName::Gateway).unwrap();
    let issued = token();
    let answer = get(&http, &calls, &issued).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert!(metric(&http, &admin, "tam_jwks_keys").await >= 1.0);

    // Central's JWK Set is unreachable. A token naming a key Bandung does not hold
    // makes it fetch, which fails: refused, counted, and the keys it held stay.
    jwks.cut().await;
    let cut_at = unix_now();
    let rogue_dir = std::env::temp_dir().join(format!("tam-rogue-keys-{}", Uuid::now_v7()));
    tam_auth::generate_key_pair(&rogue_dir, "rogue").unwrap();
    let rogue = tam_auth::issue_access_token(
        &tam_auth::load_signing_key(&rogue_dir, "rogue").unwrap(),
        &tam_auth::TokenSettings {
            issuer: central.jwt_issuer.clone(),
            audience: central.jwt_audience.clone(),
            access_ttl: central.access_token_ttl,
        },
        &Subject {
            id: Uuid::now_v7(),
            role: Role::Agent,
            site: Some(Site::Bandung),
            team: None,
        },
    )
    .unwrap();
    let _ = std::fs::remove_dir_all(&rogue_dir);
    // (The first try may come within the least time between fetches of the one at
    // start: it is refused without a fetch, and the next one fetches.)
    wait_until(
        "Bandung's failed fetch on an unknown key",
        Duration::from_secs(15),
        || {
            let answer = get(&http, &calls, &rogue);
            let failures = metric(&http, &admin, "tam_jwks_fetch_failures_total");
            async move {
                assert_eq!(answer.await.status, StatusCode::UNAUTHORIZED);
                (failures.await >= 1.0).then_some(())
            }
        },
    )
    .await
    .unwrap();

    // Bandung keeps verifying central's tokens, the one already used and new ones, and
    // stays ready.
    for token in [issued.clone(), token(), token()] {
        let answer = get(&http, &calls, &token).await;
        assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    }
    let ready = http
        .get(format!(
            "{}/health/ready",
            sites.url(BANDUNG, ServiceName::Gateway).unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);

    // Central's JWK Set is back: fetches succeed again (the rogue key is still refused).
    jwks.restore().await.unwrap();
    wait_until(
        "Bandung fetches central's JWK Set again",
        Duration::from_secs(15),
        || {
            let answer = get(&http, &calls, &rogue);
            let fetched = metric(&http, &admin, "tam_jwks_fetched_timestamp_seconds");
            async move {
                assert_eq!(answer.await.status, StatusCode::UNAUTHORIZED);
                (fetched.await > cut_at).then_some(())
            }
        },
    )
    .await
    .unwrap();
    let answer = get(&http, &calls, &token()).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    sites.stop().await.unwrap();
}
