//! Pembinaan: who records coaching for whom and who reads it, the open counseling plan
//! that puts an employee in pembinaan until closed, the letters in force other parts of hr read, a
//! letter's steps (409 at the wrong status), and each rule named on bad input.

use chrono::{Duration, NaiveDate};
use serde_json::json;
use tam_hr::domain::pembinaan::Level;
use tam_hr::store::pembinaan::{in_pembinaan, letters_in_force};
use tam_kernel::{wib_date, Program, Role, Site};
use uuid::Uuid;

use crate::helpers::{Answer, Hr};

fn today(hr: &Hr) -> NaiveDate {
    wib_date(hr.now())
}

fn problem_type(answer: &Answer) -> String {
    answer.body["type"]
        .as_str()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn ids(answer: &Answer) -> Vec<String> {
    answer.body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("no items in {:?}", answer.body))
        .iter()
        .map(|i| i["employee_id"].as_str().unwrap().to_owned())
        .collect()
}

async fn pembinaan_on(hr: &Hr, employee: Uuid, day: NaiveDate) -> bool {
    let mut conn = hr.pool.get().await.unwrap();
    in_pembinaan(&mut conn, employee, day).await.unwrap()
}

#[tokio::test]
async fn team_leaders_coach_their_own_people_and_an_open_counseling_plan_is_pembinaan() {
    let hr = Hr::start().await;
    let (team, leader) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let (other_team, _) = hr.insert_team(Site::Medan, Program::AddOnConsumer).await;
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            Some(team.id),
        )
        .await;
    let stranger = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Medan),
            Some(Program::AddOnConsumer),
            Some(other_team.id),
        )
        .await;
    let tl = hr.token_of(&leader, Some(team.id));
    let day = today(&hr) - Duration::days(1);
    let body = |employee: Uuid, kind: &str, plan: bool| {
        json!({
            "employee_id": employee, "kind": kind, "held_on": day.to_string(),
            "topic": "closing script skipped", "agreed": "use the script on every call",
            "follow_up_on": (day + Duration::days(14)).to_string(), "plan_open": plan,
            "evidence": [{ "kind": "call", "id": "5b1f0c1e-0000-4000-8000-000000000001" },
                         { "kind": "quality_return", "id": "qr-17" }],
        })
    };
    // A coaching (skills) leaves no pembinaan, even with a plan.
    let coached = hr
        .post(
            "/api/v1/hr/coaching",
            Some(&tl),
            body(agent.id, "coaching", true),
        )
        .await;
    assert_eq!(coached.status, 201, "{:?}", coached.body);
    assert_eq!(coached.body["evidence"][1]["kind"], "quality_return");
    assert!(!pembinaan_on(&hr, agent.id, day).await);
    // A counseling with an open plan does, from its day on.
    let counseled = hr
        .post(
            "/api/v1/hr/coaching",
            Some(&tl),
            body(agent.id, "counseling", true),
        )
        .await;
    assert_eq!(counseled.status, 201, "{:?}", counseled.body);
    assert!(pembinaan_on(&hr, agent.id, day).await);
    assert!(!pembinaan_on(&hr, agent.id, day - Duration::days(1)).await);
    // Closed today: it no longer counts from today, and the day before keeps it.
    let close = format!(
        "/api/v1/hr/coaching/{}/close",
        counseled.body["id"].as_str().unwrap()
    );
    let closed = hr.post(&close, Some(&tl), json!({})).await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);
    assert_eq!(closed.body["plan_closed_on"], today(&hr).to_string());
    assert!(!pembinaan_on(&hr, agent.id, today(&hr)).await);
    assert!(pembinaan_on(&hr, agent.id, day).await);
    let again = hr.post(&close, Some(&tl), json!({})).await;
    assert_eq!(again.status, 409, "{:?}", again.body);

    // Another team's agent is not the leader's to coach; another site's supervisor
    // does not see a Medan agent.
    let foreign = hr
        .post(
            "/api/v1/hr/coaching",
            Some(&tl),
            body(stranger.id, "coaching", false),
        )
        .await;
    assert_eq!(foreign.status, 404, "{:?}", foreign.body);
    let makassar = hr.token(Role::SupervisorOps, Some(Site::Makassar));
    let far = hr
        .post(
            "/api/v1/hr/coaching",
            Some(&makassar),
            body(agent.id, "coaching", false),
        )
        .await;
    assert_eq!(far.status, 404, "{:?}", far.body);

    // Reads: the agent their own, the leader their people's, HR all.
    let own = hr
        .get("/api/v1/hr/coaching", &hr.token_of(&agent, None))
        .await;
    assert_eq!(ids(&own), [agent.id.to_string(), agent.id.to_string()]);
    let theirs = hr
        .get("/api/v1/hr/coaching", &hr.token_of(&stranger, None))
        .await;
    assert_eq!(ids(&theirs), Vec::<String>::new());
    let all = hr
        .get("/api/v1/hr/coaching", &hr.token(Role::HrRecruiter, None))
        .await;
    assert_eq!(ids(&all).len(), 2);

    // Bad input: each field or rule named.
    let mut bad = body(agent.id, "coaching", false);
    bad["evidence"] = json!([{ "kind": "rumour", "id": "x" }]);
    let answer = hr.post("/api/v1/hr/coaching", Some(&tl), bad).await;
    assert_eq!(answer.status, 400, "{:?}", answer.body);
    assert_eq!(answer.body["errors"][0]["field"], "evidence[0].kind");
    let mut future = body(agent.id, "coaching", false);
    future["held_on"] = json!((today(&hr) + Duration::days(1)).to_string());
    future["follow_up_on"] = json!((today(&hr) + Duration::days(3)).to_string());
    let answer = hr.post("/api/v1/hr/coaching", Some(&tl), future).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(problem_type(&answer), "coaching-date");
    let published = hr.published().await;
    assert_eq!(
        published
            .iter()
            .filter(|(t, _)| t == "hr.coaching.recorded")
            .count(),
        2
    );
    hr.stop().await;
}

#[tokio::test]
async fn a_letter_is_in_force_until_revoked_and_each_step_has_its_status() {
    let hr = Hr::start().await;
    let agent = hr
        .insert_employee(
            Role::Agent,
            Some(Site::Bandung),
            Some(Program::Ct0Pranpc),
            None,
        )
        .await;
    let supervisor = hr.token(Role::SupervisorQuality, Some(Site::Bandung));
    let recruiter = hr.token(Role::HrRecruiter, None);
    let issued = hr
        .post(
            "/api/v1/hr/warning-letters",
            Some(&supervisor),
            json!({ "employee_id": agent.id, "level": "SP1", "reason": "absent without notice" }),
        )
        .await;
    assert_eq!(issued.status, 201, "{:?}", issued.body);
    let id = issued.body["id"].as_str().unwrap().to_owned();
    let day = today(&hr);
    {
        let mut conn = hr.pool.get().await.unwrap();
        let in_force = letters_in_force(&mut conn, agent.id, day).await.unwrap();
        assert_eq!(in_force.len(), 1);
        assert_eq!(in_force[0].level, Level::Sp1);
        assert_eq!(in_force[0].issued_on, day);
        assert_eq!(in_force[0].id.to_string(), id);
    }
    assert!(pembinaan_on(&hr, agent.id, day).await);

    // Not a direct letter: nothing to approve (409); acknowledged once (409 after).
    let path = |step: &str| format!("/api/v1/hr/warning-letters/{id}/{step}");
    let decide = hr
        .post(
            &path("decision"),
            Some(&recruiter),
            json!({ "decision": "approved" }),
        )
        .await;
    assert_eq!(decide.status, 409, "{:?}", decide.body);
    let ack = hr
        .post(&path("acknowledge"), Some(&recruiter), json!({}))
        .await;
    assert_eq!(ack.status, 200, "{:?}", ack.body);
    assert!(ack.body["acknowledged_by"].is_string());
    let again = hr
        .post(&path("acknowledge"), Some(&recruiter), json!({}))
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);

    // A supervisor of another site neither sees nor revokes it; a revocation needs a reason.
    let other = hr.token(Role::SupervisorOps, Some(Site::Medan));
    let foreign = hr
        .post(
            &path("revoke"),
            Some(&other),
            json!({ "reason": "wrong person" }),
        )
        .await;
    assert_eq!(foreign.status, 404, "{:?}", foreign.body);
    let listed = hr.get("/api/v1/hr/warning-letters", &other).await;
    assert_eq!(listed.body["items"], json!([]));
    let reasonless = hr.post(&path("revoke"), Some(&supervisor), json!({})).await;
    assert_eq!(reasonless.status, 400, "{:?}", reasonless.body);
    assert_eq!(reasonless.body["errors"][0]["field"], "reason");
    let revoked = hr
        .post(
            &path("revoke"),
            Some(&supervisor),
            json!({ "reason": "wrong person" }),
        )
        .await;
    assert_eq!(revoked.status, 200, "{:?}", revoked.body);
    assert_eq!(revoked.body["revocation_reason"], "wrong person");
    assert!(!pembinaan_on(&hr, agent.id, day).await);
    // Kept: the agent still sees it, revoked.
    let own = hr
        .get("/api/v1/hr/warning-letters", &hr.token_of(&agent, None))
        .await;
    assert_eq!(own.body["items"][0]["status"], "revoked");

    // Bad input: an unknown level and a missing reason, both named at once.
    let bad = hr
        .post(
            "/api/v1/hr/warning-letters",
            Some(&supervisor),
            json!({ "employee_id": agent.id, "level": "SP4" }),
        )
        .await;
    assert_eq!(bad.status, 400, "{:?}", bad.body);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["level", "reason"]);
    let types: Vec<String> = hr.published().await.into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        types,
        [
            "hr.warning_letter.issued",
            "hr.warning_letter.acknowledged",
            "hr.warning_letter.revoked"
        ]
    );
    hr.stop().await;
}
