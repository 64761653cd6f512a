//! Login after activation, refresh tokens, logout, throttling.

use diesel_async::RunQueryDsl;
use serde_json::json;
use tam_auth::{load_public_keys, Verifier};
use tam_kernel::{Program, Role, Site};

use crate::helpers::{activation_code, new_employee, username, Answer, Hr, PASSWORD};

fn verifier(hr: &Hr) -> Verifier {
    let config = &hr.app.config;
    Verifier::new(
        load_public_keys(&config.jwt_keys_dir).unwrap(),
        config.jwt_issuer.clone(),
        config.jwt_audience.clone(),
    )
}

fn refresh_token(answer: &Answer) -> String {
    answer.body["refresh_token"].as_str().unwrap().to_owned()
}

async fn refresh(hr: &Hr, token: &str) -> Answer {
    hr.post(
        "/api/v1/auth/refresh",
        None,
        json!({ "refresh_token": token }),
    )
    .await
}

#[tokio::test]
async fn a_new_account_is_activated_by_its_owner_then_logs_in() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let name = username("new.agent");
    let (team, _) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let mut body = new_employee(
        &name,
        Role::Agent,
        Some(Site::Medan),
        Some(Program::AddOnConsumer),
    );
    body["team_id"] = json!(team.id);
    let created = hr.post("/api/v1/hr/employees", Some(&admin), body).await;
    assert_eq!(created.status, 201);
    let id = created.id();
    let code = activation_code(&created);

    // Before activation nothing opens the account.
    for password in [PASSWORD, code.as_str(), ""] {
        assert_eq!(hr.login(&name, password).await.status, 401);
    }
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM refresh_tokens").await,
        0
    );

    // The policy first (400 names the field), then the code (401).
    for weak in ["short", name.as_str()] {
        let answer = hr.activate(&name, &code, weak).await;
        assert_eq!(answer.status, 400, "{weak}");
        assert_eq!(answer.fields(), ["new_password"]);
    }
    let answer = hr.activate(&name, "not-the-code", PASSWORD).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.slug(), "invalid-activation-code");
    let answer = hr.activate(&name, &code, PASSWORD).await;
    assert_eq!(answer.status, 204, "{:?}", answer.body);

    let answer = hr.login(&name, PASSWORD).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.headers["cache-control"], "no-store");
    assert_eq!(answer.body["token_type"], "Bearer");
    assert_eq!(answer.body["expires_in"], 900);
    assert_eq!(answer.body["role"], "agent");
    assert_eq!(answer.body["site"], "medan");
    assert_eq!(refresh_token(&answer).len(), 43);

    // The access token verifies with the public keys and says who the agent is.
    let access = answer.body["access_token"].as_str().unwrap();
    let claims = verifier(&hr).verify(access).unwrap();
    assert_eq!(claims.sub, id);
    assert_eq!(claims.role, Role::Agent);
    assert_eq!(claims.site, Some(Site::Medan));
    assert_eq!(claims.team, Some(team.id));
    assert_eq!(claims.iss, hr.app.config.jwt_issuer);
    assert_eq!(claims.exp - claims.iat, 900);

    let me = hr.get("/api/v1/auth/me", access).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["id"], id.to_string());
    assert_eq!(me.body["username"], name.as_str());

    // The refresh token is stored only as its SHA-256.
    let stored_plain = hr
        .count(&format!(
            "SELECT count(*) AS n FROM refresh_tokens WHERE token_hash = convert_to('{}', 'UTF8')",
            refresh_token(&answer)
        ))
        .await;
    assert_eq!(stored_plain, 0);
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM refresh_tokens WHERE token_hash = sha256(convert_to('{}', 'UTF8'))",
            refresh_token(&answer)
        ))
        .await,
        1
    );
    hr.stop().await;
}

#[tokio::test]
async fn the_jwks_holds_the_keys_tokens_verify_with_and_claims_name_the_led_team() {
    let hr = Hr::start().await;
    let jwks = hr
        .call(reqwest::Method::GET, "/api/v1/auth/jwks", None, None)
        .await;
    assert_eq!(jwks.status, 200);
    let keys = load_public_keys(&hr.app.config.jwt_keys_dir).unwrap();
    assert_eq!(jwks.body, keys.jwks());
    assert_eq!(jwks.body["keys"][0]["kid"], tam_testkit::TEST_KID);

    let (leader_id, leader) = hr
        .hire_with_login(
            Role::TeamLeader,
            Some(Site::Semarang),
            Some(Program::WifiAddonDigital),
            None,
        )
        .await;
    let team = hr
        .post(
            "/api/v1/hr/teams",
            Some(&hr.token(Role::Admin, None)),
            json!({"name": "WiFi 1", "site": "semarang", "program": "wifi_addon_digital",
                   "team_leader_id": leader_id}),
        )
        .await;
    assert_eq!(team.status, 201);
    let answer = hr.login(&leader, PASSWORD).await;
    let claims = verifier(&hr)
        .verify(answer.body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!(claims.role, Role::TeamLeader);
    assert_eq!(claims.team, Some(team.id()));

    let (_, manager) = hr.hire_with_login(Role::Manager, None, None, None).await;
    let answer = hr.login(&manager, PASSWORD).await;
    assert_eq!(answer.body["site"], serde_json::Value::Null);
    let claims = verifier(&hr)
        .verify(answer.body["access_token"].as_str().unwrap())
        .unwrap();
    assert_eq!((claims.site, claims.team), (None, None));
    hr.stop().await;
}

#[tokio::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_family() {
    let hr = Hr::start().await;
    let (_, name) = hr
        .hire_with_login(Role::Trainer, Some(Site::Malang), None, None)
        .await;
    let login = hr.login(&name, PASSWORD).await;
    let first = refresh_token(&login);

    let second = refresh(&hr, &first).await;
    assert_eq!(second.status, 200, "{:?}", second.body);
    assert_eq!(second.body["role"], "trainer");
    assert_eq!(second.body["site"], "malang");
    let second_token = refresh_token(&second);
    assert_ne!(second_token, first);
    assert!(verifier(&hr)
        .verify(second.body["access_token"].as_str().unwrap())
        .is_ok());

    let third = refresh(&hr, &second_token).await;
    assert_eq!(third.status, 200);
    let third_token = refresh_token(&third);

    // The first token again: theft. It and the whole family are now dead.
    let reused = refresh(&hr, &first).await;
    assert_eq!(reused.status, 401);
    assert_eq!(reused.slug(), "invalid-refresh-token");
    assert_eq!(refresh(&hr, &third_token).await.status, 401);

    // Another login is a new family, untouched.
    let again = hr.login(&name, PASSWORD).await;
    assert_eq!(refresh(&hr, &refresh_token(&again)).await.status, 200);

    for garbage in ["", "x", &"a".repeat(5000)] {
        assert_eq!(refresh(&hr, garbage).await.status, 401);
    }
    let malformed = hr.post("/api/v1/auth/refresh", None, json!({})).await;
    assert_eq!(malformed.status, 400);
    hr.stop().await;
}

#[tokio::test]
async fn an_expired_refresh_token_is_refused() {
    let hr = Hr::start().await;
    let (_, name) = hr
        .hire_with_login(Role::Coordinator, None, None, None)
        .await;
    let token = refresh_token(&hr.login(&name, PASSWORD).await);
    let mut conn = hr.pool.get().await.unwrap();
    diesel::sql_query("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'")
        .execute(&mut conn)
        .await
        .unwrap();
    assert_eq!(refresh(&hr, &token).await.status, 401);
    hr.stop().await;
}

#[tokio::test]
async fn logout_revokes_the_family() {
    let hr = Hr::start().await;
    let (_, name) = hr
        .hire_with_login(Role::QcOfficer, Some(Site::Makassar), None, None)
        .await;
    let login = hr.login(&name, PASSWORD).await;
    let rotated = refresh(&hr, &refresh_token(&login)).await;
    let current = refresh_token(&rotated);
    let other_session = refresh_token(&hr.login(&name, PASSWORD).await);

    let answer = hr
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": refresh_token(&login)}),
        )
        .await;
    assert_eq!(answer.status, 204);
    assert_eq!(refresh(&hr, &current).await.status, 401);
    // Only that session ended.
    assert_eq!(refresh(&hr, &other_session).await.status, 200);
    // Logging out with an unknown token is not an error.
    let answer = hr
        .post(
            "/api/v1/auth/logout",
            None,
            json!({"refresh_token": "nope"}),
        )
        .await;
    assert_eq!(answer.status, 204);
    hr.stop().await;
}

#[tokio::test]
async fn suspending_or_deactivating_ends_every_session_and_login() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let (id, name) = hr
        .hire_with_login(Role::QaOfficer, Some(Site::Tangerang), None, None)
        .await;
    let a = refresh_token(&hr.login(&name, PASSWORD).await);
    let b = refresh_token(&hr.login(&name, PASSWORD).await);

    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{id}"),
            &admin,
            json!({"status": "suspended"}),
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(refresh(&hr, &a).await.status, 401);
    assert_eq!(refresh(&hr, &b).await.status, 401);
    let refused = hr.login(&name, PASSWORD).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.slug(), "invalid-credentials");

    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{id}"),
            &admin,
            json!({"status": "active"}),
        )
        .await;
    assert_eq!(answer.status, 200);
    let c = refresh_token(&hr.login(&name, PASSWORD).await);

    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{id}/deactivate"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(refresh(&hr, &c).await.status, 401);
    assert_eq!(hr.login(&name, PASSWORD).await.status, 401);
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM refresh_tokens WHERE employee_id = '{id}' AND revoked_at IS NULL"
        ))
        .await,
        0
    );
    hr.stop().await;
}

#[tokio::test]
async fn unknown_users_and_wrong_passwords_get_the_same_answer() {
    let hr = Hr::start().await;
    let (_, name) = hr
        .hire_with_login(Role::SupervisorQuality, Some(Site::Medan), None, None)
        .await;
    let wrong = hr.login(&name, "not-the-password").await;
    let unknown = hr.login("nobody.here", "not-the-password").await;
    let impossible = hr.login("!!", "not-the-password").await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.slug(), "invalid-credentials");
    for other in [&unknown, &impossible] {
        assert_eq!(other.status, wrong.status);
        assert_eq!(other.body, wrong.body);
        assert_eq!(
            other.headers.get("www-authenticate"),
            wrong.headers.get("www-authenticate")
        );
        assert_eq!(
            other.headers.get("content-type"),
            wrong.headers.get("content-type")
        );
    }
    // Failures are counted for unknown names as for real ones.
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM login_failures WHERE username = 'nobody.here'")
            .await,
        1
    );
    // A successful login forgets the failures of the account.
    assert_eq!(hr.login(&name, PASSWORD).await.status, 200);
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM login_failures WHERE username = '{name}'"
        ))
        .await,
        0
    );
    // Usernames are matched without regard to case or surrounding spaces.
    assert_eq!(
        hr.login(&format!(" {} ", name.to_uppercase()), PASSWORD)
            .await
            .status,
        200
    );
    hr.stop().await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account_with_retry_after() {
    let hr = Hr::start().await;
    let (_, name) = hr.hire_with_login(Role::HdSupport, None, None, None).await;

    // Five failures are free; after them each failure locks for longer (1 s, 2 s, ...),
    // so within a few more attempts one is refused unevaluated.
    for _ in 0..5 {
        assert_eq!(hr.login(&name, "wrong-password-x").await.status, 401);
    }
    let mut locked = None;
    for _ in 0..6 {
        let answer = hr.login(&name, "wrong-password-x").await;
        if answer.status == 429 {
            locked = Some(answer);
            break;
        }
        assert_eq!(answer.status, 401);
    }
    let locked = locked.expect("no 429 after repeated failures");
    assert_eq!(locked.slug(), "rate-limited");
    let retry: u32 = locked.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");

    // Ten recent failures lock for 32 s: even the right password is refused, and
    // nothing is issued.
    let mut conn = hr.pool.get().await.unwrap();
    diesel::sql_query(format!(
        "DELETE FROM login_failures WHERE username = '{name}'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(format!(
        "INSERT INTO login_failures (username, client, failed_at)
         SELECT '{name}', '127.0.0.1', now() FROM generate_series(1, 10)"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let sessions = hr.count("SELECT count(*) AS n FROM refresh_tokens").await;
    let answer = hr.login(&name, PASSWORD).await;
    assert_eq!(answer.status, 429);
    let retry: u32 = answer.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((25..=32).contains(&retry), "{retry}");
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM refresh_tokens").await,
        sessions
    );
    // The password change is throttled the same way.
    let answer = hr
        .post(
            "/api/v1/auth/password",
            None,
            json!({"username": name, "current_password": PASSWORD,
                   "new_password": "another-good-password"}),
        )
        .await;
    assert_eq!(answer.status, 429);

    // Once the lock has passed, the right password opens and forgets the failures.
    diesel::sql_query(format!(
        "UPDATE login_failures SET failed_at = now() - interval '10 minutes' WHERE username = '{name}'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    assert_eq!(hr.login(&name, PASSWORD).await.status, 200);
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM login_failures WHERE username = '{name}'"
        ))
        .await,
        0
    );
    hr.stop().await;
}

#[tokio::test]
async fn unknown_usernames_are_throttled_like_real_ones() {
    let hr = Hr::start().await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            hr.login("ghost.user", "whatever-it-is")
                .await
                .status
                .as_u16(),
        );
        if statuses.last() == Some(&429) {
            break;
        }
    }
    assert_eq!(&statuses[..5], &[401; 5]);
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    hr.stop().await;
}

#[tokio::test]
async fn at_most_a_hundred_failures_an_hour_are_evaluated() {
    let hr = Hr::start().await;
    let mut conn = hr.pool.get().await.unwrap();
    // A hundred failures in the last hour, the latest 20 minutes ago: the doubling lock
    // (capped at 15 minutes) has passed, the hourly budget has not.
    diesel::sql_query(
        "INSERT INTO login_failures (username, failed_at)
         SELECT 'spread.out', now() - interval '20 minutes' - (i || ' seconds')::interval
         FROM generate_series(1, 100) AS i",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let answer = hr.login("spread.out", "whatever-it-is").await;
    assert_eq!(answer.status, 429);
    let retry: u32 = answer.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // The oldest of the hundred leaves the window in a bit under 40 minutes.
    assert!((2250..=2400).contains(&retry), "{retry}");
    hr.stop().await;
}
