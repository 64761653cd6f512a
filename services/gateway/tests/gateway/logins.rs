//! Shift start behind one address, with the real hr behind the gateway: a whole shift
//! logs in from one NAT address, while guessing passwords from that address is slowed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use diesel_async::RunQueryDsl as _;
use futures::StreamExt as _;
use tam_runtime::ServiceName;
use tam_testkit::TestApp;

const PASSWORD: &str = "shift-start-2026";

/// `count` active accounts `agent.000`… with the password [`PASSWORD`]. One is made by
/// hr itself; the others copy it with their own id, NIK and username, so that the
/// argon2 hash is computed once rather than `count` times.
async fn accounts(app: &TestApp, count: usize) {
    let pool = app.pool("hr").unwrap();
    tam_hr::create_admin(&pool, "agent.000", PASSWORD)
        .await
        .unwrap();
    let mut conn = pool.get().await.unwrap();
    diesel::sql_query(format!(
        "INSERT INTO employees (id, nik, full_name, username, role, site, program, hire_date, status)
         SELECT gen_random_uuid(), (900000 + n)::text, 'Agent ' || n,
                'agent.' || lpad(n::text, 3, '0'), role, site, program, hire_date, status
         FROM employees, generate_series(1, {}) AS n WHERE username = 'agent.000'",
        count - 1
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    diesel::sql_query(
        "INSERT INTO credentials (employee_id, password_hash, must_change)
         SELECT e.id, c.password_hash, false
         FROM employees e, credentials c JOIN employees first ON first.id = c.employee_id
         WHERE first.username = 'agent.000' AND e.username <> 'agent.000'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
}

#[actix_web::test]
async fn a_whole_shift_logs_in_from_one_address_while_password_spraying_from_it_is_slowed() {
    // The production defaults (the testkit raises them so that tests do not collide).
    let overrides: HashMap<String, String> = [
        ("TAM_LOGIN_RATE_LIMIT_PER_MINUTE", "10"),
        ("TAM_LOGIN_RATE_LIMIT_BURST", "10"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let app =
        TestApp::start_with_overrides(&[tam_hr::service(), tam_gateway::service()], &overrides)
            .await
            .unwrap();
    accounts(&app, 300).await;
    let url = format!(
        "{}/api/v1/auth/login",
        app.url(ServiceName::Gateway).unwrap()
    );
    let client = reqwest::Client::new();
    let login = |username: String, password: &'static str| {
        let request = client
            .post(&url)
            .json(&serde_json::json!({ "username": username, "password": password }));
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await.unwrap();
            (status, body)
        }
    };

    // 08:00: 300 agents log in within a minute, all from 127.0.0.1 (the site's NAT
    // address), a few at a time.
    let started = Instant::now();
    let answers: Vec<(u16, serde_json::Value)> = futures::stream::iter(0..300)
        .map(|n| login(format!("agent.{n:03}"), PASSWORD))
        .buffer_unordered(6)
        .collect()
        .await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(60), "300 logins took {took:?}");
    eprintln!("shift start: 300 logins from one address in {took:?}");
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert!(body["access_token"].is_string(), "{body}");
    }

    // Password spraying from the same address: one common password against many
    // accounts. The first wrong ones reach hr (401); then the gateway holds the
    // address back (429) without asking hr.
    let mut statuses = Vec::new();
    for n in 0..30 {
        let (status, body) = login(format!("agent.{n:03}"), "Password123!").await;
        if status == 429 {
            assert!(
                body["detail"]
                    .as_str()
                    .unwrap()
                    .contains("failed password checks"),
                "{body}"
            );
        }
        statuses.push(status);
    }
    let refused_by_hr = statuses.iter().filter(|s| **s == 401).count();
    assert!(
        (10..=12).contains(&refused_by_hr),
        "the burst of 10 failures, and at most what came back meanwhile: {statuses:?}"
    );
    assert!(statuses[..10].iter().all(|s| *s == 401), "{statuses:?}");
    assert!(statuses[20..].iter().all(|s| *s == 429), "{statuses:?}");
    eprintln!("password spray from the same address: {statuses:?}");
    app.stop().await.unwrap();
}
