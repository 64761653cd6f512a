//! Hiring, listing, reading, changing and deactivating employees.

use serde_json::json;
use tam_hr::domain::employee::EmployeeStatus;
use tam_kernel::{Program, Role, Site};

use crate::helpers::{activation_code, new_employee, username, Hr};

#[tokio::test]
async fn create_answers_201_with_the_record_which_can_then_be_read() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::HrRecruiter, None);
    let name = username("siti");
    let body = new_employee(
        &name,
        Role::Agent,
        Some(Site::Medan),
        Some(Program::AddOnConsumer),
    );
    let created = hr
        .post("/api/v1/hr/employees", Some(&admin), body.clone())
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id = created.id();
    assert_eq!(
        created.headers["location"],
        format!("/api/v1/hr/employees/{id}").as_str()
    );
    assert_eq!(created.body["username"], name.as_str());
    assert_eq!(created.body["nik"], body["nik"]);
    assert_eq!(created.body["role"], "agent");
    assert_eq!(created.body["site"], "medan");
    assert_eq!(created.body["program"], "add_on_consumer");
    assert_eq!(created.body["team_id"], serde_json::Value::Null);
    assert_eq!(created.body["status"], "active");
    assert_eq!(created.body["education_level"], "D3");
    assert_eq!(created.body["birth_date"], "1999-04-02");
    assert!(created.body.get("initial_password").is_none());
    assert!(created.body.get("password_hash").is_none());
    assert_eq!(id.get_version_num(), 7);

    // The answer carries the account's one-time activation code, and is not cached.
    assert_eq!(created.headers["cache-control"], "no-store");
    let code = activation_code(&created);
    assert_eq!(code.len(), 43);
    let expires_at: chrono::DateTime<chrono::Utc> = created.body["activation"]["expires_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        expires_at,
        hr.app.config.clock.now() + chrono::Duration::days(7)
    );

    let read = hr.get(&format!("/api/v1/hr/employees/{id}"), &admin).await;
    assert_eq!(read.status, 200);
    let mut without_code = created.body.clone();
    without_code.as_object_mut().unwrap().remove("activation");
    assert_eq!(read.body, without_code);

    // No password exists until the employee sets one; only the code's SHA-256 is kept.
    assert_eq!(hr.count("SELECT count(*) AS n FROM credentials").await, 0);
    assert_eq!(
        hr.count(&format!(
            "SELECT count(*) AS n FROM activations WHERE employee_id = '{id}' \
             AND code_hash = sha256(convert_to('{code}', 'UTF8'))"
        ))
        .await,
        1
    );
    hr.stop().await;
}

#[tokio::test]
async fn create_names_every_invalid_field_and_stores_nothing() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let bad = json!({
        "nik": "12-34",
        "full_name": "",
        "username": "Not Valid",
        "role": "boss",
        "site": "jakarta",
        "program": "add_on_consumer",
        "team_id": "not-a-uuid",
        "birth_date": "2 April 1999",
        "education_level": "PhD",
        "hire_date": "2025-13-01",
    });
    let answer = hr.post("/api/v1/hr/employees", Some(&admin), bad).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.slug(), "validation");
    assert_eq!(answer.headers["content-type"], "application/problem+json");
    assert_eq!(
        answer.fields(),
        [
            "nik",
            "full_name",
            "username",
            "role",
            "site",
            "team_id",
            "birth_date",
            "education_level",
            "education_field",
            "hire_date",
        ]
    );

    // Site rules by role: a site-bound role needs one, an all-site role has none.
    let mut no_site = new_employee(
        &username("a"),
        Role::Agent,
        None,
        Some(Program::AddOnConsumer),
    );
    no_site["team_id"] = json!(uuid::Uuid::now_v7());
    let answer = hr.post("/api/v1/hr/employees", Some(&admin), no_site).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.fields(), ["site"]);
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(&admin),
            new_employee(&username("m"), Role::Manager, Some(Site::Medan), None),
        )
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.fields(), ["site"]);
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(&admin),
            new_employee(&username("tl"), Role::TeamLeader, Some(Site::Medan), None),
        )
        .await;
    assert_eq!(answer.fields(), ["program"]);

    // Not JSON, or unknown members: 400 too, never a 500.
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(&admin),
            json!({"nik": 12, "fullname": "x"}),
        )
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.slug(), "malformed-body");
    // The creator no longer chooses a password.
    let mut with_password = new_employee(&username("p"), Role::Trainer, Some(Site::Malang), None);
    with_password["initial_password"] = json!("welcome-to-tam-2025");
    let answer = hr
        .post("/api/v1/hr/employees", Some(&admin), with_password)
        .await;
    assert_eq!(answer.status, 400);
    assert!(
        answer.body["detail"]
            .as_str()
            .unwrap()
            .contains("initial_password"),
        "{:?}",
        answer.body
    );

    assert_eq!(hr.count("SELECT count(*) AS n FROM employees").await, 0);
    hr.stop().await;
}

#[tokio::test]
async fn rule_violations_answer_422() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    // CT0 PraNPC runs only in Bandung.
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(&admin),
            new_employee(
                &username("a"),
                Role::Agent,
                Some(Site::Medan),
                Some(Program::Ct0Pranpc),
            ),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "program-not-at-site");

    // The agent's team must exist and be of the agent's site and program.
    let (team, _) = hr.insert_team(Site::Bandung, Program::Ct0Pranpc).await;
    let mut body = new_employee(
        &username("a"),
        Role::Agent,
        Some(Site::Bandung),
        Some(Program::AddOnConsumer),
    );
    body["team_id"] = json!(team.id);
    let answer = hr
        .post("/api/v1/hr/employees", Some(&admin), body.clone())
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "team-mismatch");

    body["team_id"] = json!(uuid::Uuid::now_v7());
    let answer = hr
        .post("/api/v1/hr/employees", Some(&admin), body.clone())
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "team-not-found");

    body["program"] = json!("ct0_pranpc");
    body["team_id"] = json!(team.id);
    let answer = hr.post("/api/v1/hr/employees", Some(&admin), body).await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    assert_eq!(answer.body["team_id"], json!(team.id));
    hr.stop().await;
}

#[tokio::test]
async fn a_taken_nik_or_username_is_a_409() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let first = new_employee(&username("dup"), Role::Trainer, Some(Site::Malang), None);
    let answer = hr
        .post("/api/v1/hr/employees", Some(&admin), first.clone())
        .await;
    assert_eq!(answer.status, 201);

    let mut same_nik = new_employee(&username("other"), Role::Trainer, Some(Site::Malang), None);
    same_nik["nik"] = first["nik"].clone();
    let answer = hr
        .post("/api/v1/hr/employees", Some(&admin), same_nik)
        .await;
    assert_eq!(answer.status, 409);
    assert_eq!(answer.slug(), "conflict");
    assert!(answer.body["detail"].as_str().unwrap().contains("nik"));

    let mut same_username = new_employee("placeholder", Role::Trainer, Some(Site::Malang), None);
    same_username["username"] = first["username"].clone();
    let answer = hr
        .post("/api/v1/hr/employees", Some(&admin), same_username)
        .await;
    assert_eq!(answer.status, 409);
    assert!(answer.body["detail"].as_str().unwrap().contains("username"));

    assert_eq!(hr.count("SELECT count(*) AS n FROM employees").await, 1);
    assert_eq!(hr.count("SELECT count(*) AS n FROM activations").await, 1);
    hr.stop().await;
}

#[tokio::test]
async fn only_an_admin_creates_an_admin() {
    let hr = Hr::start().await;
    let body = new_employee(&username("root"), Role::Admin, None, None);
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(&hr.token(Role::HrRecruiter, None)),
            body.clone(),
        )
        .await;
    assert_eq!(answer.status, 403);
    let answer = hr
        .post(
            "/api/v1/hr/employees",
            Some(&hr.token(Role::Admin, None)),
            body,
        )
        .await;
    assert_eq!(answer.status, 201);
    hr.stop().await;
}

#[tokio::test]
async fn the_list_filters_and_pages_in_creation_order() {
    let hr = Hr::start().await;
    let manager = hr.token(Role::Manager, None);
    let (team, leader) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let mut medan_agents = Vec::new();
    for _ in 0..3 {
        medan_agents.push(
            hr.insert_employee(
                Role::Agent,
                Some(Site::Medan),
                Some(Program::AddOnConsumer),
                Some(team.id),
            )
            .await,
        );
    }
    let bandung = hr
        .insert_employee(Role::Trainer, Some(Site::Bandung), None, None)
        .await;

    // Pages of two, following next_cursor, see every employee once, oldest first.
    let mut seen = Vec::new();
    let mut path = "/api/v1/hr/employees?limit=2".to_owned();
    loop {
        let page = hr.get(&path, &manager).await;
        assert_eq!(page.status, 200, "{:?}", page.body);
        let items = page.body["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|i| i["id"].as_str().unwrap().to_owned()));
        match page.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/hr/employees?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    let mut expected = vec![leader.id.to_string()];
    expected.extend(medan_agents.iter().map(|a| a.id.to_string()));
    expected.push(bandung.id.to_string());
    assert_eq!(seen, expected);

    let ids = |answer: &crate::helpers::Answer| -> Vec<String> {
        answer.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let by_site = hr.get("/api/v1/hr/employees?site=bandung", &manager).await;
    assert_eq!(ids(&by_site), [bandung.id.to_string()]);
    let by_role = hr
        .get("/api/v1/hr/employees?role=team_leader", &manager)
        .await;
    assert_eq!(ids(&by_role), [leader.id.to_string()]);
    let by_team = hr
        .get(&format!("/api/v1/hr/employees?team={}", team.id), &manager)
        .await;
    assert_eq!(ids(&by_team).len(), 3);
    let by_status = hr
        .get("/api/v1/hr/employees?status=suspended", &manager)
        .await;
    assert!(ids(&by_status).is_empty());

    let bad = hr
        .get(
            "/api/v1/hr/employees?site=jakarta&limit=0&cursor=zz&status=gone",
            &manager,
        )
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.fields(), ["site", "status", "limit", "cursor"]);
    hr.stop().await;
}

#[tokio::test]
async fn patch_changes_what_it_names_and_checks_the_result() {
    let hr = Hr::start().await;
    let recruiter = hr.token(Role::HrRecruiter, None);
    let (team, _) = hr
        .insert_team(Site::Tangerang, Program::WifiAddonDigital)
        .await;
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Tangerang),
            Some(Program::WifiAddonDigital),
            None,
        )
        .await;
    let path = format!("/api/v1/hr/employees/{}", agent.id);

    let answer = hr
        .patch(
            &path,
            &recruiter,
            json!({"team_id": team.id, "full_name": "Budi S.", "education_level": "S1"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["team_id"], json!(team.id));
    assert_eq!(answer.body["full_name"], "Budi S.");
    assert_eq!(answer.body["education_level"], "S1");
    assert_eq!(answer.body["site"], "tangerang");

    // Promoting to team leader needs the team cleared: one field error.
    let answer = hr
        .patch(&path, &recruiter, json!({"role": "team_leader"}))
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.fields(), ["team_id"]);
    let answer = hr
        .patch(
            &path,
            &recruiter,
            json!({"role": "team_leader", "team_id": null}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["role"], "team_leader");
    assert_eq!(answer.body["team_id"], serde_json::Value::Null);

    // Moving to a site that does not run the program is a rule violation.
    let answer = hr.patch(&path, &recruiter, json!({"site": "malang"})).await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "program-not-at-site");

    // Bad members are named; deactivation is not a PATCH.
    let answer = hr
        .patch(
            &path,
            &recruiter,
            json!({"status": "deactivated", "role": null, "team_id": "x"}),
        )
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.fields(), ["role", "team_id", "status"]);

    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", uuid::Uuid::now_v7()),
            &recruiter,
            json!({"full_name": "x"}),
        )
        .await;
    assert_eq!(answer.status, 404);
    let answer = hr
        .patch("/api/v1/hr/employees/not-an-id", &recruiter, json!({}))
        .await;
    assert_eq!(answer.status, 400);

    let stored = hr.stored(agent.id).await;
    assert_eq!(stored.role, Role::TeamLeader);
    assert_eq!(stored.site, Some(Site::Tangerang));
    hr.stop().await;
}

#[tokio::test]
async fn deactivate_is_final_and_spares_team_leaders_who_lead() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let (team, leader) = hr.insert_team(Site::Makassar, Program::AddOnConsumer).await;
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Makassar),
            Some(Program::AddOnConsumer),
            Some(team.id),
        )
        .await;

    let path = format!("/api/v1/hr/employees/{}/deactivate", agent.id);
    let answer = hr.post(&path, Some(&admin), json!({})).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["status"], "deactivated");
    let answer = hr.post(&path, Some(&admin), json!({})).await;
    assert_eq!(answer.status, 409);
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", agent.id),
            &admin,
            json!({"status": "active"}),
        )
        .await;
    assert_eq!(answer.status, 409);

    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{}/deactivate", leader.id),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "leads-a-team");
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", leader.id),
            &admin,
            json!({"status": "suspended"}),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(hr.stored(leader.id).await.status, EmployeeStatus::Active);

    let answer = hr
        .post(
            &format!("/api/v1/hr/employees/{}/deactivate", uuid::Uuid::now_v7()),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(answer.status, 404);
    hr.stop().await;
}
