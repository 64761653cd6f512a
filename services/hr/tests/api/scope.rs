//! Object scope: what is outside the caller's scope answers 404, never data, and
//! changes nothing.

use serde_json::json;
use tam_kernel::{Program, Role, Site};

use crate::helpers::{Answer, Hr};

fn ids(answer: &Answer) -> Vec<String> {
    answer.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {:?}", answer.body))
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_bandung_supervisor_ops_neither_sees_nor_changes_medan() {
    let hr = Hr::start().await;
    let supervisor = hr
        .insert_employee(Role::SupervisorOps, Some(Site::Bandung), None, None)
        .await;
    let token = hr.token_of(&supervisor, None);
    let (medan_team, _) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let medan_agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            Some(medan_team.id),
        )
        .await;
    let (bandung_team, bandung_leader) = hr.insert_team(Site::Bandung, Program::Ct0Pranpc).await;
    let bandung_agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Bandung),
            Some(Program::Ct0Pranpc),
            Some(bandung_team.id),
        )
        .await;

    let answer = hr
        .get(&format!("/api/v1/hr/employees/{}", medan_agent.id), &token)
        .await;
    assert_eq!(answer.status, 404);
    assert!(answer.body.get("username").is_none());
    assert!(!answer.body.to_string().contains(&medan_agent.username));

    let before = hr.stored(medan_agent.id).await;
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", medan_agent.id),
            &token,
            json!({"full_name": "Changed", "status": "suspended"}),
        )
        .await;
    assert_eq!(answer.status, 404);
    assert_eq!(hr.stored(medan_agent.id).await, before);

    let answer = hr
        .get(&format!("/api/v1/hr/teams/{}", medan_team.id), &token)
        .await;
    assert_eq!(answer.status, 404);

    // Creating a team at Medan is refused; a Medan leader is not found for a Bandung team.
    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&token),
            json!({"name": "Tim X", "site": "medan", "program": "add_on_consumer",
                   "team_leader_id": medan_team.team_leader_id}),
        )
        .await;
    assert_eq!(answer.status, 403);

    // Lists hold Bandung only, even when asked for Medan.
    let employees = hr.get("/api/v1/hr/employees", &token).await;
    let mut expected = vec![
        supervisor.id.to_string(),
        bandung_leader.id.to_string(),
        bandung_agent.id.to_string(),
    ];
    expected.sort();
    let mut got = ids(&employees);
    got.sort();
    assert_eq!(got, expected);
    let asked_for_medan = hr.get("/api/v1/hr/employees?site=medan", &token).await;
    assert!(ids(&asked_for_medan).is_empty());
    let teams = hr.get("/api/v1/hr/teams", &token).await;
    assert_eq!(ids(&teams), [bandung_team.id.to_string()]);

    // Putting a Bandung agent into a Medan team: that team is not in scope.
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", bandung_agent.id),
            &token,
            json!({"team_id": medan_team.id}),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "team-not-found");
    hr.stop().await;
}

#[tokio::test]
async fn a_supervisor_ops_manages_agents_and_team_leaders_of_their_site_only() {
    let hr = Hr::start().await;
    let supervisor = hr
        .insert_employee(Role::SupervisorOps, Some(Site::Semarang), None, None)
        .await;
    let token = hr.token_of(&supervisor, None);
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Semarang),
            Some(Program::WifiAddonDigital),
            None,
        )
        .await;
    let trainer = hr
        .insert_employee(Role::Trainer, Some(Site::Semarang), None, None)
        .await;
    let path = format!("/api/v1/hr/employees/{}", agent.id);

    let answer = hr.patch(&path, &token, json!({"role": "qc_officer"})).await;
    assert_eq!(answer.status, 403);
    let answer = hr.patch(&path, &token, json!({"site": "tangerang"})).await;
    assert_eq!(answer.status, 403);
    let answer = hr
        .patch(
            &format!("/api/v1/hr/employees/{}", trainer.id),
            &token,
            json!({"full_name": "x"}),
        )
        .await;
    assert_eq!(answer.status, 403);
    assert_eq!(hr.stored(agent.id).await.role, Role::Agent);

    let answer = hr
        .patch(&path, &token, json!({"role": "team_leader"}))
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["role"], "team_leader");

    // And creates teams at their site with that leader.
    let answer = hr
        .post(
            "/api/v1/hr/teams",
            Some(&token),
            json!({"name": "Semarang WiFi 1", "site": "semarang",
                   "program": "wifi_addon_digital", "team_leader_id": agent.id}),
        )
        .await;
    assert_eq!(answer.status, 201, "{:?}", answer.body);
    hr.stop().await;
}

#[tokio::test]
async fn a_team_leader_sees_their_team_and_themself() {
    let hr = Hr::start().await;
    let (team, leader) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let member = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            Some(team.id),
        )
        .await;
    let (other_team, other_leader) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let stranger = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            Some(other_team.id),
        )
        .await;
    let token = hr.token_of(&leader, Some(team.id));

    let list = hr.get("/api/v1/hr/employees", &token).await;
    assert_eq!(list.status, 200);
    assert_eq!(ids(&list), [leader.id.to_string(), member.id.to_string()]);
    for (id, status) in [
        (leader.id, 200),
        (member.id, 200),
        (stranger.id, 404),
        (other_leader.id, 404),
    ] {
        let answer = hr.get(&format!("/api/v1/hr/employees/{id}"), &token).await;
        assert_eq!(answer.status, status, "{id}");
    }
    let teams = hr.get("/api/v1/hr/teams", &token).await;
    assert_eq!(ids(&teams), [team.id.to_string()]);
    let answer = hr
        .get(&format!("/api/v1/hr/teams/{}", other_team.id), &token)
        .await;
    assert_eq!(answer.status, 404);
    let answer = hr
        .get(&format!("/api/v1/hr/teams/{}", team.id), &token)
        .await;
    assert_eq!(answer.status, 200);
    hr.stop().await;
}

#[tokio::test]
async fn an_agent_sees_only_themself() {
    let hr = Hr::start().await;
    let (team, leader) = hr.insert_team(Site::Malang, Program::AddOnConsumer).await;
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Malang),
            Some(Program::AddOnConsumer),
            Some(team.id),
        )
        .await;
    let teammate = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Malang),
            Some(Program::AddOnConsumer),
            Some(team.id),
        )
        .await;
    let token = hr.token_of(&agent, None);

    let list = hr.get("/api/v1/hr/employees", &token).await;
    assert_eq!(ids(&list), [agent.id.to_string()]);
    let list = hr
        .get(&format!("/api/v1/hr/employees?team={}", team.id), &token)
        .await;
    assert_eq!(ids(&list), [agent.id.to_string()]);
    for (id, status) in [(agent.id, 200), (teammate.id, 404), (leader.id, 404)] {
        let answer = hr.get(&format!("/api/v1/hr/employees/{id}"), &token).await;
        assert_eq!(answer.status, status, "{id}");
    }
    let me = hr.get("/api/v1/auth/me", &token).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["id"], agent.id.to_string());
    // Teams are not for agents (the policy), so 403 before any scope.
    let answer = hr.get("/api/v1/hr/teams", &token).await;
    assert_eq!(answer.status, 403);
    hr.stop().await;
}
