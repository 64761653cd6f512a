//! The accounts the `tam` CLI makes: the first admin and the demo organisation.

use tam_kernel::{Role, Site};

use crate::helpers::{Hr, PASSWORD};

#[tokio::test]
async fn create_admin_makes_an_admin_who_logs_in_at_once() {
    let hr = Hr::start().await;
    let id = tam_hr::create_admin(&hr.pool, "root", PASSWORD)
        .await
        .unwrap();
    let answer = hr.login("root", PASSWORD).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["role"], "admin");
    let me = hr
        .get(
            "/api/v1/auth/me",
            answer.body["access_token"].as_str().unwrap(),
        )
        .await;
    assert_eq!(me.body["id"], id.to_string());
    assert_eq!(me.body["site"], serde_json::Value::Null);

    let err = tam_hr::create_admin(&hr.pool, "root", PASSWORD)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert!(tam_hr::create_admin(&hr.pool, "root2", "short")
        .await
        .is_err());
    assert!(tam_hr::create_admin(&hr.pool, "Root Two", PASSWORD)
        .await
        .is_err());
    hr.stop().await;
}

#[tokio::test]
async fn seed_demo_makes_a_small_organisation_once() {
    let hr = Hr::start().await;
    let users = tam_hr::seed_demo(&hr.pool, PASSWORD).await.unwrap();
    assert_eq!(users, tam_hr::demo_users());
    let again = tam_hr::seed_demo(&hr.pool, PASSWORD).await.unwrap();
    assert_eq!(again, users);

    let employees = hr.count("SELECT count(*) AS n FROM employees").await;
    assert_eq!(employees, i64::try_from(users.len()).unwrap());
    // One team per site and program: 6 sites, 2 of them with a second program, 1 with
    // a third... (tangerang and semarang run WiFi, bandung CT0).
    assert_eq!(hr.count("SELECT count(*) AS n FROM teams").await, 9);
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM employees WHERE role = 'agent' AND team_id IS NULL")
            .await,
        0
    );
    assert!(users.contains(&tam_hr::DemoUser {
        username: "supervisor_ops.bandung".into(),
        role: Role::SupervisorOps,
        site: Some(Site::Bandung),
    }));
    assert_eq!(
        hr.published()
            .await
            .iter()
            .filter(|(t, _)| t == "hr.team.changed")
            .count(),
        9
    );

    // Demo users log in without a forced change; an agent's token names their team.
    let answer = hr.login("agent.bandung.ct0", PASSWORD).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let token = answer.body["access_token"].as_str().unwrap();
    let me = hr.get("/api/v1/auth/me", token).await;
    assert_eq!(me.body["program"], "ct0_pranpc");
    let team = me.body["team_id"].as_str().unwrap().to_owned();
    let leader = hr.login("team_leader.bandung.ct0", PASSWORD).await;
    let leader_token = leader.body["access_token"].as_str().unwrap();
    let team_read = hr
        .get(&format!("/api/v1/hr/teams/{team}"), leader_token)
        .await;
    assert_eq!(team_read.status, 200);
    assert_eq!(team_read.body["site"], "bandung");
    assert_eq!(hr.login("admin", PASSWORD).await.status, 200);
    hr.stop().await;
}
