//! Hardening of logins and sessions: throttling per account and client address.

use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::json;
use tam_kernel::Role;

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
