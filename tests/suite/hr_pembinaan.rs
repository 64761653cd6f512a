//! Pembinaan through the gateway with the test clock: an SP2 within six months of an
//! SP1 is accepted; after the SP1 expired it is refused (422 `warning-letter-sequence`)
//! unless issued as a direct letter that HR approves; a letter for someone of another
//! site is refused (422 `letter-outside-site`); an agent with a letter in force is
//! ineligible for team leader as an internal candidate, the rule named, and eligible
//! again once the letters are revoked; an SP3 opens HR's termination review.

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::outbound::{Answer, Suite};

const PROGRAM: &str = "add_on_consumer";

fn set_day(s: &Suite, day: &str) {
    let date: NaiveDate = day.parse().unwrap();
    let at = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
    s.app.clock().set(tam_kernel::wib_to_utc(date, at));
}

fn problem_type(answer: &Answer) -> &str {
    answer.body["type"]
        .as_str()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default()
}

async fn letter(
    s: &Suite,
    token: &str,
    employee: Uuid,
    level: &str,
    direct: Option<&str>,
) -> Answer {
    let mut body =
        json!({ "employee_id": employee, "level": level, "reason": "late three times this month" });
    if let Some(reason) = direct {
        body["direct_reason"] = json!(reason);
    }
    s.post("/api/v1/hr/warning-letters", token, body).await
}

fn id_of(answer: &Answer) -> String {
    answer.body["id"].as_str().unwrap().to_owned()
}

/// An internal candidate for team leader (every test passed) for `employee`; its id.
async fn internal_candidate(s: &Suite, employee: Uuid) -> Uuid {
    let recruiter = s.token(Role::HrRecruiter, None);
    let today = tam_kernel::wib_date(s.now());
    let requisition = s
        .post(
            "/api/v1/hr/requisitions",
            &recruiter,
            json!({
                "role": "team_leader", "site": "medan", "program": PROGRAM, "headcount": 1,
                "needed_by": (today + chrono::Duration::days(14)).to_string(),
                "reason": "a new Medan team",
            }),
        )
        .await;
    assert_eq!(requisition.status, 201, "{:?}", requisition.body);
    let born = NaiveDate::from_ymd_opt(today.year() - 28, 3, 1).unwrap();
    let created = s
        .post(
            "/api/v1/hr/applicants",
            &recruiter,
            json!({
                "nik": "3273014500000777",
                "full_name": "Agen Calon TL",
                "birth_date": born.to_string(),
                "phone": "+6281234500000",
                "education_level": "D3",
                "education_field": "Manajemen",
                "experiences": [],
                "requisition_id": requisition.body["id"],
                "employee_id": employee,
            }),
        )
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id: Uuid = created.body["id"].as_str().unwrap().parse().unwrap();
    for kind in ["medical", "written", "psychological"] {
        let recorded = s
            .post(
                &format!("/api/v1/hr/applicants/{id}/tests"),
                &recruiter,
                json!({ "kind": kind, "passed": true, "score": 82, "taken_on": today.to_string() }),
            )
            .await;
        assert_eq!(recorded.status, 200, "{:?}", recorded.body);
    }
    id
}

fn failing(verdict: &Value) -> Vec<String> {
    verdict["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn warning_letters_follow_the_ladder_and_keep_an_agent_from_promotion() {
    let s = Suite::start().await;
    set_day(&s, "2027-01-11");
    let agent = s.hire_uncertified(Role::Agent, Site::Medan, PROGRAM).await;
    let other = s.hire_uncertified(Role::Agent, Site::Medan, PROGRAM).await;
    let supervisor = s.token(Role::SupervisorOps, Some(Site::Medan));
    let elsewhere = s.token(Role::SupervisorQuality, Some(Site::Makassar));
    let hr = s.token(Role::HrRecruiter, None);

    // Another site's supervisor may not warn a Medan agent; an SP2 first is off the ladder.
    let outside = letter(&s, &elsewhere, agent.id, "SP1", None).await;
    assert_eq!(outside.status, 422, "{:?}", outside.body);
    assert_eq!(problem_type(&outside), "letter-outside-site");
    let first_sp2 = letter(&s, &supervisor, agent.id, "SP2", None).await;
    assert_eq!(first_sp2.status, 422, "{:?}", first_sp2.body);
    assert_eq!(problem_type(&first_sp2), "warning-letter-sequence");

    // SP1, in force six months; HR acknowledges it.
    let sp1 = letter(&s, &supervisor, agent.id, "SP1", None).await;
    assert_eq!(sp1.status, 201, "{:?}", sp1.body);
    assert_eq!(sp1.body["status"], "issued");
    assert_eq!(sp1.body["issued_on"], "2027-01-11");
    assert_eq!(sp1.body["valid_until"], "2027-07-10");
    let sp1_id = id_of(&sp1);
    let acknowledged = s
        .post(
            &format!("/api/v1/hr/warning-letters/{sp1_id}/acknowledge"),
            &hr,
            json!({}),
        )
        .await;
    assert_eq!(acknowledged.status, 200, "{:?}", acknowledged.body);
    assert_eq!(acknowledged.body["status"], "acknowledged");

    // Within the six months an SP2 follows the SP1.
    set_day(&s, "2027-04-01");
    let sp2 = letter(&s, &supervisor, agent.id, "SP2", None).await;
    assert_eq!(sp2.status, 201, "{:?}", sp2.body);
    assert_eq!(sp2.body["status"], "issued");
    let sp2_id = id_of(&sp2);

    // The agent in pembinaan is not eligible as team leader: the rule is named.
    let candidate = internal_candidate(&s, agent.id).await;
    let today = tam_kernel::wib_date(s.now());
    let path = format!("/api/v1/hr/applicants/{candidate}/eligibility?hire_date={today}");
    let verdict = s.get(&path, &hr).await;
    assert_eq!(verdict.status, 200, "{:?}", verdict.body);
    assert_eq!(verdict.body["eligible"], false);
    assert_eq!(failing(&verdict.body), ["team_leader.not_in_pembinaan"]);
    assert_eq!(verdict.body["failures"][0]["value"], "in pembinaan");

    // Revoked letters are kept but no longer in force: the agent is eligible again.
    for id in [&sp2_id, &sp1_id] {
        let revoked = s
            .post(
                &format!("/api/v1/hr/warning-letters/{id}/revoke"),
                &hr,
                json!({ "reason": "issued for the wrong month" }),
            )
            .await;
        assert_eq!(revoked.status, 200, "{:?}", revoked.body);
        assert_eq!(revoked.body["status"], "revoked");
    }
    let verdict = s.get(&path, &hr).await;
    assert_eq!(verdict.body["eligible"], true, "{:?}", verdict.body);
    let kept = s
        .get(
            &format!("/api/v1/hr/warning-letters?employee_id={}", agent.id),
            &hr,
        )
        .await;
    assert_eq!(kept.body["items"].as_array().unwrap().len(), 2);

    // The other agent: an SP1 on 2027-04-01 has expired on 2027-10-01.
    let old_sp1 = letter(&s, &supervisor, other.id, "SP1", None).await;
    assert_eq!(old_sp1.status, 201, "{:?}", old_sp1.body);
    set_day(&s, "2027-10-01");
    let late_sp2 = letter(&s, &supervisor, other.id, "SP2", None).await;
    assert_eq!(late_sp2.status, 422, "{:?}", late_sp2.body);
    assert_eq!(problem_type(&late_sp2), "warning-letter-sequence");
    // A direct SP2 with a stated reason waits for HR, then is in force once approved.
    let direct = letter(&s, &supervisor, other.id, "SP2", Some("falsified a sale")).await;
    assert_eq!(direct.status, 201, "{:?}", direct.body);
    assert_eq!(direct.body["status"], "pending_approval");
    let sp3_early = letter(&s, &supervisor, other.id, "SP3", None).await;
    assert_eq!(problem_type(&sp3_early), "warning-letter-sequence");
    let approved = s
        .post(
            &format!("/api/v1/hr/warning-letters/{}/decision", id_of(&direct)),
            &hr,
            json!({ "decision": "approved", "note": "the sale was verified false" }),
        )
        .await;
    assert_eq!(approved.status, 200, "{:?}", approved.body);
    assert_eq!(approved.body["status"], "approved");
    // The approved SP2 is in force: an SP3 follows, and opens HR's termination review.
    let sp3 = letter(&s, &supervisor, other.id, "SP3", None).await;
    assert_eq!(sp3.status, 201, "{:?}", sp3.body);
    let reviews = s
        .get("/api/v1/hr/termination-reviews?status=open", &hr)
        .await;
    assert_eq!(reviews.status, 200, "{:?}", reviews.body);
    let items = reviews.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["employee_id"], other.id.to_string());
    assert_eq!(items[0]["letter_id"], sp3.body["id"]);
    s.stop().await;
}
