//! Recruitment: applicants to a requisition, §2.1's eligibility, the pipeline, hiring.

use chrono::{Datelike, Duration, NaiveDate};
use serde_json::{json, Value};
use tam_kernel::{wib_date, Program, Role, Site};
use uuid::Uuid;

use crate::helpers::{username, Answer, Hr, PASSWORD};

static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A national identity number no other applicant of this process has.
fn nik16() -> String {
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("32{:08}{:06}", std::process::id() % 100_000_000, n)
}

fn today(hr: &Hr) -> NaiveDate {
    wib_date(hr.now())
}

/// `years` before `date`, to the day: exactly `years` old on `date`.
fn years_before(date: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year() - years, date.month(), date.day()).unwrap()
}

async fn requisition(
    hr: &Hr,
    role: Role,
    site: Site,
    program: Option<Program>,
    headcount: u32,
) -> Uuid {
    let recruiter = hr.token(Role::HrRecruiter, None);
    let mut body = json!({
        "role": role,
        "site": site,
        "headcount": headcount,
        "needed_by": (today(hr) + Duration::days(30)).to_string(),
        "reason": "new program wave",
    });
    if let Some(program) = program {
        body["program"] = json!(program);
    }
    let opened = hr
        .post("/api/v1/hr/requisitions", Some(&recruiter), body)
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    opened.id()
}

fn applicant(requisition: Uuid, birth_date: NaiveDate) -> Value {
    json!({
        "nik": nik16(),
        "full_name": "Dewi Lestari",
        "birth_date": birth_date.to_string(),
        "phone": "+6281234567890",
        "education_level": "D3",
        "education_field": "Manajemen",
        "experiences": [{ "role": "agent", "employer": "PT Infomedia", "months": 6 }],
        "requisition_id": requisition,
    })
}

async fn create(hr: &Hr, body: Value) -> Answer {
    let recruiter = hr.token(Role::HrRecruiter, None);
    hr.post("/api/v1/hr/applicants", Some(&recruiter), body)
        .await
}

/// Records every test passed and moves the applicant to the offer.
async fn to_offer(hr: &Hr, id: Uuid) {
    let recruiter = hr.token(Role::HrRecruiter, None);
    for kind in ["medical", "written", "voice_language", "psychological"] {
        let recorded = hr
            .post(
                &format!("/api/v1/hr/applicants/{id}/tests"),
                Some(&recruiter),
                json!({ "kind": kind, "passed": true, "score": 80, "taken_on": today(hr).to_string() }),
            )
            .await;
        assert_eq!(recorded.status, 200, "{:?}", recorded.body);
    }
    for stage in ["screening", "tests", "interview", "offer"] {
        let moved = hr
            .post(
                &format!("/api/v1/hr/applicants/{id}/stage"),
                Some(&recruiter),
                json!({ "stage": stage }),
            )
            .await;
        assert_eq!(moved.status, 200, "{stage}: {:?}", moved.body);
    }
}

fn hire_body(_hr: &Hr, hire_date: NaiveDate) -> Value {
    json!({
        "username": username("hired"),
        "hire_date": hire_date.to_string(),
        "contract": { "kind": "pkwt", "ends_on": (hire_date + Duration::days(365)).to_string() },
    })
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

#[tokio::test]
async fn bad_applicant_input_is_refused_naming_the_field_and_nothing_is_written() {
    let hr = Hr::start().await;
    let req = requisition(
        &hr,
        Role::Agent,
        Site::Medan,
        Some(Program::AddOnConsumer),
        2,
    )
    .await;
    let born = years_before(today(&hr), 22);

    let mut future = applicant(req, born);
    future["birth_date"] = json!((today(&hr) + Duration::days(1)).to_string());
    let answer = create(&hr, future).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(problem_type(&answer), "birth-date-in-future");
    assert!(answer.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("birth_date"));

    let mut level = applicant(req, born);
    level["education_level"] = json!("SMK-X");
    let answer = create(&hr, level).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(problem_type(&answer), "unknown-education-level");
    assert!(answer.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("education_level"));

    let mut months = applicant(req, born);
    months["experiences"][0]["months"] = json!(-3);
    let answer = create(&hr, months).await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(problem_type(&answer), "negative-duration");
    assert!(answer.body["detail"]
        .as_str()
        .unwrap()
        .starts_with("experiences[0].months"));

    let mut nik = applicant(req, born);
    nik["nik"] = json!("12345");
    let answer = create(&hr, nik).await;
    assert_eq!(answer.status, 400, "{:?}", answer.body);
    assert_eq!(answer.body["errors"][0]["field"], "nik");

    let unknown_requisition = applicant(Uuid::now_v7(), born);
    let answer = create(&hr, unknown_requisition).await;
    assert_eq!(answer.status, 422);
    assert_eq!(problem_type(&answer), "requisition-not-open");

    assert_eq!(hr.count("SELECT count(*) AS n FROM applicants").await, 0);
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM applicant_experiences")
            .await,
        0
    );

    // The same person twice on one requisition: 409.
    let body = applicant(req, born);
    assert_eq!(create(&hr, body.clone()).await.status, 201);
    assert_eq!(create(&hr, body).await.status, 409);
    hr.stop().await;
}

#[tokio::test]
async fn the_pipeline_follows_the_template_and_keeps_the_time_in_each_stage() {
    let hr = Hr::start().await;
    let req = requisition(
        &hr,
        Role::Agent,
        Site::Medan,
        Some(Program::AddOnConsumer),
        1,
    )
    .await;
    let created = create(&hr, applicant(req, years_before(today(&hr), 22))).await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["stage"], "applied");
    let id = created.id();
    let recruiter = hr.token(Role::HrRecruiter, None);
    let path = format!("/api/v1/hr/applicants/{id}/stage");

    // Skipping screening, going to hired by hand: 422.
    for stage in ["tests", "hired"] {
        let answer = hr
            .post(&path, Some(&recruiter), json!({ "stage": stage }))
            .await;
        assert_eq!(answer.status, 422, "{stage}: {:?}", answer.body);
        assert_eq!(problem_type(&answer), "illegal-stage-move");
    }
    hr.app.clock().advance(Duration::seconds(3600));
    let screening = hr
        .post(&path, Some(&recruiter), json!({ "stage": "screening" }))
        .await;
    assert_eq!(screening.status, 200, "{:?}", screening.body);
    hr.app.clock().advance(Duration::seconds(1800));
    // Leaving needs a reason.
    let answer = hr
        .post(&path, Some(&recruiter), json!({ "stage": "withdrawn" }))
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.body["errors"][0]["field"], "reason");
    let withdrawn = hr
        .post(
            &path,
            Some(&recruiter),
            json!({ "stage": "withdrawn", "reason": "took another job" }),
        )
        .await;
    assert_eq!(withdrawn.status, 200, "{:?}", withdrawn.body);
    let stages = withdrawn.body["stages"].as_array().unwrap();
    let summary: Vec<(&str, i64)> = stages
        .iter()
        .map(|s| (s["stage"].as_str().unwrap(), s["seconds"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [("applied", 3600), ("screening", 1800), ("withdrawn", 0)]
    );
    assert_eq!(stages[2]["reason"], "took another job");
    // A final stage: no way back.
    let answer = hr
        .post(&path, Some(&recruiter), json!({ "stage": "interview" }))
        .await;
    assert_eq!(answer.status, 422);
    hr.stop().await;
}

#[tokio::test]
async fn eligibility_names_every_failing_rule_with_its_value() {
    let hr = Hr::start().await;
    let req = requisition(
        &hr,
        Role::Agent,
        Site::Medan,
        Some(Program::AddOnConsumer),
        1,
    )
    .await;
    let hire_date = today(&hr) + Duration::days(7);
    let created = create(&hr, applicant(req, years_before(hire_date, 31))).await;
    let id = created.id();
    let reader = hr.token(Role::SupervisorOps, Some(Site::Medan));
    let answer = hr
        .get(
            &format!("/api/v1/hr/applicants/{id}/eligibility?role=agent&hire_date={hire_date}"),
            &reader,
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["eligible"], false);
    let failures: Vec<(String, String)> = answer.body["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // No test taken yet, and 31 at the hire date.
    assert_eq!(
        failures,
        [
            ("all.medical".to_owned(), "no medical result".to_owned()),
            (
                "all.written_test".to_owned(),
                "no written result".to_owned()
            ),
            (
                "agent.max_age".to_owned(),
                format!("31 years on {hire_date}")
            ),
            (
                "agent.voice_language".to_owned(),
                "no voice_language result".to_owned()
            ),
        ]
    );
    // A supervisor of another site does not see the applicant.
    let other = hr.token(Role::SupervisorOps, Some(Site::Bandung));
    let answer = hr
        .get(
            &format!("/api/v1/hr/applicants/{id}/eligibility?hire_date={hire_date}"),
            &other,
        )
        .await;
    assert_eq!(answer.status, 404);
    hr.stop().await;
}

#[tokio::test]
async fn an_ineligible_hire_is_422_with_the_failing_rules_and_writes_nothing() {
    let hr = Hr::start().await;
    let req = requisition(
        &hr,
        Role::Agent,
        Site::Medan,
        Some(Program::AddOnConsumer),
        1,
    )
    .await;
    let hire_date = today(&hr) + Duration::days(7);
    let id = create(&hr, applicant(req, years_before(hire_date, 31)))
        .await
        .id();
    to_offer(&hr, id).await;
    let employees_before = hr.count("SELECT count(*) AS n FROM employees").await;
    let recruiter = hr.token(Role::HrRecruiter, None);
    let answer = hr
        .post(
            &format!("/api/v1/hr/applicants/{id}/hire"),
            Some(&recruiter),
            hire_body(&hr, hire_date),
        )
        .await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(problem_type(&answer), "applicant-ineligible");
    let errors = answer.body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["field"], "birth_date");
    let reason = errors[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("agent.max_age") && reason.contains("31 years"),
        "{reason}"
    );
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM employees").await,
        employees_before
    );
    assert_eq!(hr.count("SELECT count(*) AS n FROM contracts").await, 0);
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM requisition_hires")
            .await,
        0
    );
    let published = hr.published().await;
    assert!(
        published
            .iter()
            .all(|(t, _)| t != "hr.applicant.hired" && t != "hr.employee.created"),
        "{published:?}"
    );
    hr.stop().await;
}

#[tokio::test]
async fn hiring_makes_the_employee_contract_and_enrollment_once() {
    let hr = Hr::start().await;
    let site = Site::Medan;
    let program = Program::AddOnConsumer;
    let req = requisition(&hr, Role::Agent, site, Some(program), 1).await;
    let hire_date = today(&hr) + Duration::days(7);

    // A trainer's initial class starting after the hire date.
    let trainer = hr
        .insert_employee(Role::Trainer, Some(site), None, None)
        .await;
    let class_day = hire_date + Duration::days(3);
    let class = hr
        .post(
            "/api/v1/hr/training/classes",
            Some(&hr.token_of(&trainer, None)),
            json!({
                "kind": "initial",
                "program": program,
                "site": site,
                "title": "Initial training",
                "pass_mark": 70,
                "sessions": [{ "date": class_day.to_string(), "start": "08:00", "end": "12:00" }],
            }),
        )
        .await;
    assert_eq!(class.status, 201, "{:?}", class.body);

    let id = create(&hr, applicant(req, years_before(hire_date, 25)))
        .await
        .id();
    // Before the offer: 422.
    let recruiter = hr.token(Role::HrRecruiter, None);
    let early = hr
        .post(
            &format!("/api/v1/hr/applicants/{id}/hire"),
            Some(&recruiter),
            hire_body(&hr, hire_date),
        )
        .await;
    assert_eq!(early.status, 422);
    assert_eq!(problem_type(&early), "illegal-stage-move");
    to_offer(&hr, id).await;

    let body = hire_body(&hr, hire_date);
    let hired = hr
        .post(
            &format!("/api/v1/hr/applicants/{id}/hire"),
            Some(&recruiter),
            body.clone(),
        )
        .await;
    assert_eq!(hired.status, 201, "{:?}", hired.body);
    let b = &hired.body;
    assert_eq!(b["applicant"]["stage"], "hired");
    assert_eq!(b["employee"]["role"], "agent");
    assert_eq!(b["employee"]["site"], "medan");
    assert_eq!(b["employee"]["program"], "add_on_consumer");
    assert_eq!(b["employee"]["hire_date"], hire_date.to_string());
    assert_eq!(b["contract"]["kind"], "pkwt");
    assert_eq!(b["contract"]["starts_on"], hire_date.to_string());
    assert_eq!(b["training"]["status"], "enrolled");
    assert_eq!(b["training"]["class_id"], class.body["id"]);
    assert_eq!(b["requisition"]["hired"], 1);
    assert_eq!(b["requisition"]["status"], "filled");
    let employee_id = b["employee"]["id"].as_str().unwrap().to_owned();
    assert_eq!(b["applicant"]["hired_employee_id"], employee_id.as_str());

    // The activation code lets the new employee set a password and log in.
    let name = body["username"].as_str().unwrap();
    let code = b["activation"]["code"].as_str().unwrap();
    assert_eq!(hr.activate(name, code, PASSWORD).await.status, 204);
    assert_eq!(hr.login(name, PASSWORD).await.status, 200);

    let published = hr.published().await;
    let hired_event = published
        .iter()
        .find(|(t, _)| t == "hr.applicant.hired")
        .unwrap_or_else(|| panic!("{published:?}"));
    assert_eq!(
        hired_event.1["payload"]["employee_id"],
        employee_id.as_str()
    );
    assert_eq!(
        hired_event.1["payload"]["training_class_id"],
        class.body["id"]
    );
    assert!(published
        .iter()
        .any(|(t, e)| t == "hr.employee.created"
            && e["payload"]["employee_id"] == employee_id.as_str()));

    // Twice: 409, nothing more written.
    let again = hr
        .post(
            &format!("/api/v1/hr/applicants/{id}/hire"),
            Some(&recruiter),
            hire_body(&hr, hire_date),
        )
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    assert_eq!(hr.count("SELECT count(*) AS n FROM contracts").await, 1);
    assert_eq!(
        hr.count("SELECT count(*) AS n FROM training_enrollments")
            .await,
        1
    );
    hr.stop().await;
}

#[tokio::test]
async fn an_agent_with_no_class_planned_is_hired_awaiting_a_class() {
    let hr = Hr::start().await;
    let req = requisition(&hr, Role::Agent, Site::Bandung, Some(Program::Ct0Pranpc), 2).await;
    let hire_date = today(&hr) + Duration::days(7);
    let id = create(&hr, applicant(req, years_before(hire_date, 24)))
        .await
        .id();
    to_offer(&hr, id).await;
    let recruiter = hr.token(Role::HrRecruiter, None);
    let mut body = hire_body(&hr, hire_date);
    body["contract"] = json!({ "kind": "pkwtt" });
    let hired = hr
        .post(
            &format!("/api/v1/hr/applicants/{id}/hire"),
            Some(&recruiter),
            body,
        )
        .await;
    assert_eq!(hired.status, 201, "{:?}", hired.body);
    assert_eq!(hired.body["training"]["status"], "awaiting_class");
    assert_eq!(hired.body["training"]["class_id"], Value::Null);
    assert_eq!(hired.body["contract"]["ends_on"], Value::Null);
    assert_eq!(hired.body["requisition"]["status"], "open");
    hr.stop().await;
}

#[tokio::test]
async fn an_hd_support_applicant_with_a_d3_in_accounting_fails_the_field_rule() {
    let hr = Hr::start().await;
    let recruiter = hr.token(Role::HrRecruiter, None);
    let opened = hr
        .post(
            "/api/v1/hr/requisitions",
            Some(&recruiter),
            json!({
                "role": "hd_support",
                "headcount": 1,
                "needed_by": (today(&hr) + Duration::days(30)).to_string(),
                "reason": "desk growth",
            }),
        )
        .await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    let hire_date = today(&hr) + Duration::days(7);
    let mut body = applicant(opened.id(), years_before(hire_date, 26));
    body["education_field"] = json!("Akuntansi");
    let id = create(&hr, body).await.id();
    to_offer(&hr, id).await;
    let answer = hr
        .get(
            &format!("/api/v1/hr/applicants/{id}/eligibility?hire_date={hire_date}"),
            &recruiter,
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(answer.body["role"], "hd_support");
    let failures = answer.body["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["rule"], "hd_support.education_field");
    assert_eq!(failures[0]["field"], "education_field");
    assert_eq!(failures[0]["value"], "Akuntansi");
    hr.stop().await;
}

#[tokio::test]
async fn only_recruiters_write_and_readers_are_scoped() {
    let hr = Hr::start().await;
    let req = requisition(
        &hr,
        Role::Agent,
        Site::Medan,
        Some(Program::AddOnConsumer),
        1,
    )
    .await;
    let body = applicant(req, years_before(today(&hr), 22));
    for role in [
        Role::Manager,
        Role::SupervisorOps,
        Role::Trainer,
        Role::Agent,
    ] {
        let token = hr.token(role, role.is_site_bound().then_some(Site::Medan));
        let answer = hr
            .post("/api/v1/hr/applicants", Some(&token), body.clone())
            .await;
        assert_eq!(answer.status, 403, "{role}");
    }
    let id = create(&hr, body).await.id();
    for (role, site, status) in [
        (Role::Manager, None, 200),
        (Role::Coordinator, None, 200),
        (Role::SupervisorOps, Some(Site::Medan), 200),
        (Role::SupervisorOps, Some(Site::Makassar), 404),
    ] {
        let token = hr.token(role, site);
        let answer = hr.get(&format!("/api/v1/hr/applicants/{id}"), &token).await;
        assert_eq!(answer.status, status, "{role} {site:?}");
    }
    // The list: filtered by requisition and stage, scoped like the reads.
    let listed = hr
        .get(
            &format!("/api/v1/hr/applicants?requisition={req}&stage=applied"),
            &hr.token(Role::Manager, None),
        )
        .await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["items"][0]["id"], id.to_string());
    let elsewhere = hr
        .get(
            "/api/v1/hr/applicants",
            &hr.token(Role::SupervisorOps, Some(Site::Makassar)),
        )
        .await;
    assert_eq!(elsewhere.status, 200);
    assert_eq!(elsewhere.body["items"], json!([]));
    let hired_stage = hr
        .get(
            "/api/v1/hr/applicants?stage=hired",
            &hr.token(Role::Manager, None),
        )
        .await;
    assert_eq!(hired_stage.body["items"], json!([]));
    hr.stop().await;
}

#[tokio::test]
async fn an_internal_candidate_counts_their_time_in_the_suite_and_is_promoted_not_hired() {
    let hr = Hr::start().await;
    let site = Site::Medan;
    let program = Program::AddOnConsumer;
    let req = requisition(&hr, Role::TeamLeader, site, Some(program), 1).await;
    let hire_date = today(&hr) + Duration::days(7);
    // An agent of the suite since 2025-01-06: more than the year as agent a team leader needs.
    let agent = hr
        .insert_employee(Role::Agent, Some(site), Some(program), None)
        .await;
    let mut body = applicant(req, years_before(hire_date, 28));
    body["experiences"] = json!([]);
    let external = create(&hr, body.clone()).await.id();
    body["nik"] = json!(nik16());
    body["employee_id"] = json!(agent.id);
    let internal = create(&hr, body).await.id();
    to_offer(&hr, external).await;
    to_offer(&hr, internal).await;
    let recruiter = hr.token(Role::HrRecruiter, None);
    let failing = |answer: &Answer| -> Vec<String> {
        answer.body["failures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    let path = |id: Uuid| format!("/api/v1/hr/applicants/{id}/eligibility?hire_date={hire_date}");
    let outside = hr.get(&path(external), &recruiter).await;
    assert_eq!(failing(&outside), ["team_leader.experience_agent"]);
    assert_eq!(outside.body["failures"][0]["value"], "0 months as agent");
    let inside = hr.get(&path(internal), &recruiter).await;
    assert_eq!(inside.body["eligible"], true, "{:?}", inside.body);
    let pembinaan = inside.body["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "team_leader.not_in_pembinaan")
        .unwrap()
        .clone();
    assert_eq!(pembinaan["passed"], true);
    // An internal candidate is promoted by changing their record, not hired again.
    let hired = hr
        .post(
            &format!("/api/v1/hr/applicants/{internal}/hire"),
            Some(&recruiter),
            hire_body(&hr, hire_date),
        )
        .await;
    assert_eq!(hired.status, 422, "{:?}", hired.body);
    assert_eq!(problem_type(&hired), "internal-candidate");
    hr.stop().await;
}
