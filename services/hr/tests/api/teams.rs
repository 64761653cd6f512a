//! Creating and reading teams.

use serde_json::json;
use tam_hr::domain::employee::EmployeeStatus;
use tam_kernel::{Program, Role, Site};

use crate::helpers::Hr;

#[tokio::test]
async fn create_a_team_then_read_and_list_it() {
    let hr = Hr::start().await;
    let recruiter = hr.token(Role::HrRecruiter, None);
    let leader = hr
        .insert_employee(
            Role::TeamLeader,
            Some(Site::Bandung),
            Some(Program::Ct0Pranpc),
            None,
        )
        .await;
    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&recruiter),
            json!({"name": " Retensi 1 ", "site": "bandung", "program": "ct0_pranpc",
                   "team_leader_id": leader.id}),
        )
        .await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    let id = answer.id();
    assert_eq!(
        answer.headers["location"],
        format!("/api/v1/hr/teams/{id}").as_str()
    );
    assert_eq!(answer.body["name"], "Retensi 1");
    assert_eq!(answer.body["site"], "bandung");
    assert_eq!(answer.body["program"], "ct0_pranpc");
    assert_eq!(answer.body["team_leader_id"], json!(leader.id));

    let read = hr.get(&format!("/api/v1/hr/teams/{id}"), &recruiter).await;
    assert_eq!(read.body, answer.body);
    let list = hr
        .get(
            "/api/v1/hr/teams?site=bandung&program=ct0_pranpc",
            &recruiter,
        )
        .await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["next_cursor"], serde_json::Value::Null);
    let none = hr.get("/api/v1/hr/teams?site=medan", &recruiter).await;
    assert!(none.body["items"].as_array().unwrap().is_empty());

    // Agents can now join it.
    let mut agent = crate::helpers::new_employee(
        &crate::helpers::username("agent"),
        Role::Agent,
        Some(Site::Bandung),
        Some(Program::Ct0Pranpc),
    );
    agent["team_id"] = json!(id);
    let answer = hr
        .post("/api/v1/hr/employees", Some(&recruiter), agent)
        .await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    hr.stop().await;
}

#[tokio::test]
async fn team_rules() {
    let hr = Hr::start().await;
    let admin = hr.token(Role::Admin, None);
    let leader = hr
        .insert_employee(
            Role::TeamLeader,
            Some(Site::Tangerang),
            Some(Program::WifiAddonDigital),
            None,
        )
        .await;
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Tangerang),
            Some(Program::WifiAddonDigital),
            None,
        )
        .await;
    let team = |name: &str, site: &str, program: &str, leader: uuid::Uuid| json!({"name": name, "site": site, "program": program, "team_leader_id": leader});

    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&admin),
            json!({"name": "", "site": "x"}),
        )
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.fields(),
        ["name", "site", "program", "team_leader_id"]
    );

    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&admin),
            team("A", "tangerang", "ct0_pranpc", leader.id),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "program-not-at-site");

    for (who, program) in [
        (agent.id, "wifi_addon_digital"),
        (leader.id, "add_on_consumer"),
        (uuid::Uuid::now_v7(), "wifi_addon_digital"),
    ] {
        let answer = hr
            .post(
                "/api/v1/hr/teams",
                Some(&admin),
                team("A", "tangerang", program, who),
            )
            .await;
        assert_eq!(answer.status, 422, "{:?}", answer.body);
        assert_eq!(answer.slug(), "invalid-team-leader");
    }

    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&admin),
            team("A", "tangerang", "wifi_addon_digital", leader.id),
        )
        .await;
    assert_eq!(answer.status, 201);

    // The same name at the site, or a leader who already leads: 409.
    let other = hr
        .insert_employee(
            Role::TeamLeader,
            Some(Site::Tangerang),
            Some(Program::WifiAddonDigital),
            None,
        )
        .await;
    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&admin),
            team("A", "tangerang", "wifi_addon_digital", other.id),
        )
        .await;
    assert_eq!(answer.status, 409);
    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&admin),
            team("B", "tangerang", "wifi_addon_digital", leader.id),
        )
        .await;
    assert_eq!(answer.status, 409);

    // A suspended team leader leads no new team.
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", other.id),
            &admin,
            json!({"status": "suspended"}),
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(hr.stored(other.id).await.status, EmployeeStatus::Suspended);
    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&admin),
            team("C", "tangerang", "wifi_addon_digital", other.id),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(hr.count("SELECT count(*) AS n FROM teams").await, 1);
    hr.stop().await;
}
