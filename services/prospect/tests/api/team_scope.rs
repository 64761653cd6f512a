//! A team leader reads their team's prospects only, and an agent only their own
//! attempts (DOMAIN.md: team leader "one site, own team", agent "own work").

use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::helpers::Prospect;
use crate::next::{active_work_order, call, hire, import, next, prospect_id};

fn attempt_agents(detail: &Value) -> Vec<String> {
    detail["attempts"]
        .as_array()
        .unwrap_or_else(|| panic!("no attempts: {detail:?}"))
        .iter()
        .map(|a| a["agent_id"].as_str().unwrap().to_owned())
        .collect()
}

fn ids(page: &Value) -> Vec<String> {
    let mut ids: Vec<String> = page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items: {page:?}"))
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_team_leader_reads_only_the_teams_prospects_and_an_agent_only_own_attempts() {
    let p = Prospect::start().await;
    let wo = active_work_order(&p, Site::Medan, "WO-TEAMS", 5).await;
    import(&p, wo, 7, 3).await;
    let (team_a, team_b) = (Uuid::now_v7(), Uuid::now_v7());
    let a1 = hire(&p, Site::Medan, "add_on_consumer", Some(team_a)).await;
    let b1 = hire(&p, Site::Medan, "add_on_consumer", Some(team_b)).await;
    let leader_a = p
        .app
        .token(Role::TeamLeader, Some(Site::Medan), Some(team_a));
    let leader_b = p
        .app
        .token(Role::TeamLeader, Some(Site::Medan), Some(team_b));
    let supervisor = p.token(Role::SupervisorOps, Some(Site::Medan));
    let manager = p.token(Role::Manager, None);

    // Each leader gives one prospect to their team; one stays in the pool.
    let distribute = format!("/api/v1/prospect/work-orders/{wo}/distribute");
    for leader in [&leader_a, &leader_b] {
        let done = p.post(&distribute, leader, json!({"count": 1})).await;
        assert_eq!(done.status, 200, "{:?}", done.body);
        assert_eq!(done.body["distributed"], 1, "{:?}", done.body);
    }
    let pa = prospect_id(&next(&p, &a1).await);
    let pb = prospect_id(&next(&p, &b1).await);
    call(&p, &a1, pa, "no_answer", None).await;
    call(&p, &b1, pb, "no_answer", None).await;
    // B's agent also reached A's prospect once (the attempt history has both).
    call(&p, &b1, pa, "busy", None).await;

    let list_path = format!("/api/v1/prospect/work-orders/{wo}/prospects");
    let all = p.get(&list_path, &manager).await;
    assert_eq!(all.status, 200, "{:?}", all.body);
    let all_ids = ids(&all.body);
    assert_eq!(all_ids.len(), 3);
    let pool = all_ids
        .iter()
        .find(|id| **id != pa.to_string() && **id != pb.to_string())
        .unwrap()
        .clone();
    let detail = |id: &str| format!("/api/v1/prospect/prospects/{id}");

    // Team A's leader: A's prospect with A's attempts only; B's prospect and the pool's
    // read exactly like a prospect that does not exist.
    let own = p.get(&detail(&pa.to_string()), &leader_a).await;
    assert_eq!(own.status, 200, "{:?}", own.body);
    assert_eq!(attempt_agents(&own.body), [a1.id.to_string()]);
    let unknown = p.get(&detail(&Uuid::now_v7().to_string()), &leader_a).await;
    assert_eq!(unknown.status, 404);
    for other in [pb.to_string(), pool.clone()] {
        let hidden = p.get(&detail(&other), &leader_a).await;
        assert_eq!(hidden.status, 404, "{other}: {:?}", hidden.body);
        assert_eq!(hidden.body["type"], unknown.body["type"]);
        assert_eq!(hidden.body["detail"], unknown.body["detail"]);
    }
    let listed = p.get(&list_path, &leader_a).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(ids(&listed.body), [pa.to_string()]);
    let progress = p
        .get(
            &format!("/api/v1/prospect/work-orders/{wo}/progress"),
            &leader_a,
        )
        .await;
    assert_eq!(progress.status, 200, "{:?}", progress.body);
    assert_eq!(progress.body["total"], 1, "{:?}", progress.body);

    // Team B's leader: B's prospect, and A's only through B's own attempt on it.
    let mut b_ids = vec![pa.to_string(), pb.to_string()];
    b_ids.sort();
    assert_eq!(ids(&p.get(&list_path, &leader_b).await.body), b_ids);
    let seen_by_b = p.get(&detail(&pa.to_string()), &leader_b).await;
    assert_eq!(attempt_agents(&seen_by_b.body), [b1.id.to_string()]);

    // The same team id in a token of another site reaches nothing here.
    let elsewhere = p
        .app
        .token(Role::TeamLeader, Some(Site::Bandung), Some(team_a));
    assert_eq!(
        p.get(&detail(&pa.to_string()), &elsewhere).await.status,
        404
    );
    // A team leader whose token names no team reads nothing (not the whole site).
    let teamless = p.app.token(Role::TeamLeader, Some(Site::Medan), None);
    assert_eq!(p.get(&detail(&pa.to_string()), &teamless).await.status, 404);
    assert_eq!(
        ids(&p.get(&list_path, &teamless).await.body),
        Vec::<String>::new()
    );

    // An agent: their own attempts only, on a prospect another agent also called.
    let mine = p.get(&detail(&pa.to_string()), &a1.token).await;
    assert_eq!(mine.status, 200, "{:?}", mine.body);
    assert_eq!(attempt_agents(&mine.body), [a1.id.to_string()]);
    let theirs = p.get(&detail(&pa.to_string()), &b1.token).await;
    assert_eq!(attempt_agents(&theirs.body), [b1.id.to_string()]);
    assert_eq!(p.get(&detail(&pb.to_string()), &a1.token).await.status, 404);

    // The site's supervisor reads everything.
    let full = p.get(&detail(&pa.to_string()), &supervisor).await;
    assert_eq!(attempt_agents(&full.body).len(), 2);
    assert_eq!(ids(&p.get(&list_path, &supervisor).await.body).len(), 3);
    p.stop().await;
}
