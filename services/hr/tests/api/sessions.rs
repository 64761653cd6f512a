//! Hardening of logins and sessions: throttling per account and client address,
//! revocation of access tokens, the absolute session lifetime.

use std::time::{Duration, Instant};

use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::json;
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::{Answer, Hr, PASSWORD};

/// A login as if the gateway had resolved the client to `client`.
async fn login_from(hr: &Hr, client: &str, username: &str, password: &str) -> Answer {
    hr.app
        .call(
            Method::POST,
            &format!("{}/api/v1/auth/login", hr.base),
            None,
            &[(tam_kernel::CLIENT_ADDRESS, client)],
            Some(&json!({ "username": username, "password": password })),
        )
        .await
}

#[tokio::test]
async fn an_attacker_at_one_address_cannot_lock_the_owner_out_at_another() {
    let hr = Hr::start().await;
    let (_, name) = hr.hire_with_login(Role::HdSupport, None, None, None).await;
    let attacker = "203.0.113.66";
    let owner = "198.51.100.7";

    let mut evaluated = 0;
    let mut refused = 0;
    for _ in 0..150 {
        let answer = login_from(&hr, attacker, &name, "not-the-password").await;
        match answer.status.as_u16() {
            401 => evaluated += 1,
            429 => refused += 1,
            other => panic!("attempt answered {other}: {:?}", answer.body),
        }
    }
    // The attacker's address is locked after its five free failures.
    assert!(refused > 100, "{evaluated} evaluated, {refused} refused");
    assert!(evaluated < 20, "{evaluated} evaluated");

    // The owner, at another address, logs in at once.
    let answer = login_from(&hr, owner, &name, PASSWORD).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    // And the owner's success does not forget the attacker's failures (which keep
    // its lock growing).
    let attackers_failures = hr
        .count(&format!(
            "SELECT count(*) AS n FROM login_failures WHERE username = '{name}' AND client = '{attacker}'"
        ))
        .await;
    assert_eq!(attackers_failures, evaluated);
    hr.stop().await;
}

#[tokio::test]
async fn at_the_hourly_ceiling_only_addresses_the_account_used_before_may_try() {
    let hr = Hr::start().await;
    let (_, name) = hr.hire_with_login(Role::HdSupport, None, None, None).await;
    let home = "198.51.100.7";
    assert_eq!(login_from(&hr, home, &name, PASSWORD).await.status, 200);

    // A hundred failures in the last hour from a hundred other addresses, the latest
    // 20 minutes ago: no address is locked, the account's hourly budget is spent.
    let mut conn = hr.pool.get().await.unwrap();
    diesel::sql_query(format!(
        "INSERT INTO login_failures (username, client, failed_at)
         SELECT '{name}', '192.0.2.' || i, now() - interval '20 minutes' - (i || ' seconds')::interval
         FROM generate_series(1, 100) AS i"
    ))
    .execute(&mut conn)
    .await
    .unwrap();

    // A new address is refused, even with the right password.
    let answer = login_from(&hr, "203.0.113.5", &name, PASSWORD).await;
    assert_eq!(answer.status, 429, "{:?}", answer.body);
    // The address the owner logged in from before still gets in.
    let answer = login_from(&hr, home, &name, PASSWORD).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    hr.stop().await;
}

fn refresh_token(answer: &Answer) -> String {
    answer.body["refresh_token"].as_str().unwrap().to_owned()
}

fn access_token(answer: &Answer) -> String {
    answer.body["access_token"].as_str().unwrap().to_owned()
}

async fn refresh(hr: &Hr, token: &str) -> Answer {
    hr.post(
        "/api/v1/auth/refresh",
        None,
        json!({ "refresh_token": token }),
    )
    .await
}

#[derive(diesel::QueryableByName)]
struct Revocation {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    employee_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Text)]
    reason: String,
}

/// The recorded revocations (employee, reason), oldest first. Their events leave the
/// outbox at once: the verifiers' stream is bound to them (and the verifiers' refusals
/// show that they arrived).
async fn revocations(hr: &Hr) -> Vec<(Uuid, String)> {
    let mut conn = hr.pool.get().await.unwrap();
    let rows: Vec<Revocation> =
        diesel::sql_query("SELECT employee_id, reason FROM access_revocations ORDER BY revoked_at")
            .load(&mut conn)
            .await
            .unwrap();
    rows.into_iter()
        .map(|r| (r.employee_id, r.reason))
        .collect()
}

/// Waits (2 s at most) until hr itself refuses `token` as revoked.
async fn refused_as_revoked(hr: &Hr, token: &str) {
    let started = Instant::now();
    loop {
        let answer = hr.get("/api/v1/auth/me", token).await;
        if answer.status == 401 {
            assert_eq!(answer.slug(), tam_auth::TOKEN_REVOKED, "{:?}", answer.body);
            return;
        }
        assert_eq!(answer.status, 200, "{:?}", answer.body);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the revoked token is still accepted"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session_and_revokes_the_access_tokens() {
    let hr = Hr::start().await;
    let (id, name) = hr
        .hire_with_login(Role::Trainer, Some(Site::Malang), None, None)
        .await;
    let first = hr.login(&name, PASSWORD).await;
    let second = hr.login(&name, PASSWORD).await;
    assert_eq!(
        hr.get("/api/v1/auth/me", &access_token(&first))
            .await
            .status,
        200
    );

    let answer = hr
        .post(
            "/api/v1/auth/logout-all",
            Some(&access_token(&first)),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 204, "{:?}", answer.body);
    for session in [&first, &second] {
        let answer = refresh(&hr, &refresh_token(session)).await;
        assert_eq!(answer.status, 401);
        assert_eq!(answer.slug(), "invalid-refresh-token");
        refused_as_revoked(&hr, &access_token(session)).await;
    }
    assert_eq!(
        revocations(&hr).await,
        [(id, "logged_out_everywhere".to_owned())]
    );

    // Logging in again at once (within the revocation's second) gives a working token.
    let again = hr.login(&name, PASSWORD).await;
    assert_eq!(again.status, 200);
    let me = hr.get("/api/v1/auth/me", &access_token(&again)).await;
    assert_eq!(me.status, 200, "{:?}", me.body);
    hr.stop().await;
}

#[tokio::test]
async fn whoever_may_deactivate_someone_may_log_them_out_everywhere() {
    let hr = Hr::start().await;
    let (id, name) = hr
        .hire_with_login(Role::QaOfficer, Some(Site::Tangerang), None, None)
        .await;
    let session = hr.login(&name, PASSWORD).await;
    let path = format!("/api/v1/hr/employees/{id}/logout-all");

    // The employee's own token, and a manager (who may not deactivate), are refused
    // by the policy.
    let answer = hr
        .post(&path, Some(&access_token(&session)), json!({}))
        .await;
    assert_eq!(answer.status, 403);
    let manager = hr.token(Role::Manager, None);
    assert_eq!(hr.post(&path, Some(&manager), json!({})).await.status, 403);
    // Nobody that is not there.
    let recruiter = hr.token(Role::HrRecruiter, None);
    let nobody = format!("/api/v1/hr/employees/{}/logout-all", Uuid::now_v7());
    assert_eq!(
        hr.post(&nobody, Some(&recruiter), json!({})).await.status,
        404
    );
    assert!(revocations(&hr).await.is_empty());

    let answer = hr.post(&path, Some(&recruiter), json!({})).await;
    assert_eq!(answer.status, 204, "{:?}", answer.body);
    let answer = refresh(&hr, &refresh_token(&session)).await;
    assert_eq!(answer.status, 401);
    refused_as_revoked(&hr, &access_token(&session)).await;
    assert_eq!(
        revocations(&hr).await,
        [(id, "logged_out_everywhere".to_owned())]
    );
    hr.stop().await;
}

#[tokio::test]
async fn suspension_password_change_and_refresh_token_reuse_revoke_access_tokens() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);

    // A reused (rotated) refresh token: whoever replays it may hold access tokens too.
    let (_, name) = hr
        .hire_with_login(Role::Trainer, Some(Site::Medan), None, None)
        .await;
    let login = hr.login(&name, PASSWORD).await;
    let rotated = refresh(&hr, &refresh_token(&login)).await;
    assert_eq!(rotated.status, 200);
    assert_eq!(refresh(&hr, &refresh_token(&login)).await.status, 401);
    refused_as_revoked(&hr, &access_token(&login)).await;
    refused_as_revoked(&hr, &access_token(&rotated)).await;

    // A password change.
    let (_, changer) = hr
        .hire_with_login(Role::Trainer, Some(Site::Medan), None, None)
        .await;
    let session = hr.login(&changer, PASSWORD).await;
    let answer = hr
        .post(
            "/api/v1/auth/password",
            None,
            json!({"username": changer, "current_password": PASSWORD,
                   "new_password": "another-good-password"}),
        )
        .await;
    assert_eq!(answer.status, 204, "{:?}", answer.body);
    refused_as_revoked(&hr, &access_token(&session)).await;

    // A suspension.
    let (id, suspended) = hr
        .hire_with_login(Role::Trainer, Some(Site::Medan), None, None)
        .await;
    let session = hr.login(&suspended, PASSWORD).await;
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{id}"),
            &admin,
            json!({"status": "suspended"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    refused_as_revoked(&hr, &access_token(&session)).await;

    let reasons: Vec<String> = revocations(&hr)
        .await
        .into_iter()
        .map(|(_, reason)| reason)
        .collect();
    assert_eq!(
        reasons,
        ["refresh_token_reused", "password_changed", "suspended"]
    );
    hr.stop().await;
}

#[tokio::test]
async fn a_session_older_than_its_lifetime_is_not_refreshed() {
    let hr = Hr::start().await;
    let (_, name) = hr
        .hire_with_login(Role::Trainer, Some(Site::Bandung), None, None)
        .await;
    let login = hr.login(&name, PASSWORD).await;
    let mut conn = hr.pool.get().await.unwrap();

    // Eleven hours in, refreshing every few minutes: still refreshed, and the new token
    // belongs to the same session (its start does not move).
    diesel::sql_query("UPDATE refresh_tokens SET session_started_at = now() - interval '11 hours'")
        .execute(&mut conn)
        .await
        .unwrap();
    let refreshed = refresh(&hr, &refresh_token(&login)).await;
    assert_eq!(refreshed.status, 200, "{:?}", refreshed.body);
    assert_eq!(
        hr.count(
            "SELECT count(*) AS n FROM refresh_tokens
             WHERE session_started_at > now() - interval '10 hours'"
        )
        .await,
        0
    );
    // Its expiry is capped by the session's end (the refresh lifetime is a week).
    assert_eq!(
        hr.count(
            "SELECT count(*) AS n FROM refresh_tokens
             WHERE rotated_at IS NULL
               AND expires_at > session_started_at + interval '12 hours'"
        )
        .await,
        0
    );

    // Past twelve hours (the default TAM_SESSION_MAX_HOURS): refused, log in again.
    diesel::sql_query(
        "UPDATE refresh_tokens SET session_started_at = now() - interval '12 hours 1 minute'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let answer = refresh(&hr, &refresh_token(&refreshed)).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.slug(), "session-expired", "{:?}", answer.body);
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM refresh_tokens WHERE revoked_at IS NULL")
            .await,
        0
    );
    assert_eq!(hr.login(&name, PASSWORD).await.status, 200);
    hr.stop().await;
}
