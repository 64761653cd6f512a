//! Recruitment through the gateway, from a requisition to an agent on the phones: an
//! applicant 31 at the hire date is ineligible as an agent (the age rule named); an HD
//! Support applicant with a D3 in accounting fails the field rule; an eligible agent is
//! hired into a trainer's initial class, activates their account, is refused by `next`
//! (422 `agent-not-certified`) until they pass the class, and then gets a customer.

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::outbound::{Answer, Suite};

const PROGRAM: &str = "add_on_consumer";

/// `years` before `date`, to the day: exactly `years` old on `date`.
fn years_before(date: NaiveDate, years: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(date.year() - years, date.month(), date.day()).unwrap()
}

fn problem_type(answer: &Answer) -> &str {
    answer.body["type"]
        .as_str()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default()
}

async fn open_requisition(s: &Suite, body: Value) -> Uuid {
    let recruiter = s.token(Role::HrRecruiter, None);
    let opened = s.post("/api/v1/hr/requisitions", &recruiter, body).await;
    assert_eq!(opened.status, 201, "{:?}", opened.body);
    opened.body["id"].as_str().unwrap().parse().unwrap()
}

/// Records an applicant, every test passed, and moves them to the offer; their id.
async fn applicant_at_offer(
    s: &Suite,
    requisition: Uuid,
    n: u32,
    born: NaiveDate,
    field: &str,
) -> Uuid {
    let recruiter = s.token(Role::HrRecruiter, None);
    let today = tam_kernel::wib_date(s.now());
    let created = s
        .post(
            "/api/v1/hr/applicants",
            &recruiter,
            json!({
                "nik": format!("32730145{:08}", n),
                "full_name": format!("Pelamar {n}"),
                "birth_date": born.to_string(),
                "phone": "+6281234500000",
                "education_level": "D3",
                "education_field": field,
                "experiences": [],
                "requisition_id": requisition,
            }),
        )
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id: Uuid = created.body["id"].as_str().unwrap().parse().unwrap();
    for kind in ["medical", "written", "voice_language", "psychological"] {
        let recorded = s
            .post(
                &format!("/api/v1/hr/applicants/{id}/tests"),
                &recruiter,
                json!({ "kind": kind, "passed": true, "score": 82, "taken_on": today.to_string() }),
            )
            .await;
        assert_eq!(recorded.status, 200, "{:?}", recorded.body);
    }
    for stage in ["screening", "tests", "interview", "offer"] {
        let moved = s
            .post(
                &format!("/api/v1/hr/applicants/{id}/stage"),
                &recruiter,
                json!({ "stage": stage }),
            )
            .await;
        assert_eq!(moved.status, 200, "{:?}", moved.body);
    }
    id
}

fn hire_body(username: &str, hire_date: NaiveDate) -> Value {
    json!({
        "username": username,
        "hire_date": hire_date.to_string(),
        "contract": { "kind": "pkwt", "ends_on": (hire_date + chrono::Duration::days(365)).to_string() },
    })
}

#[tokio::test]
async fn from_a_requisition_to_an_agent_on_the_phones() {
    let s = Suite::start().await;
    let site = Site::Medan;
    let hire_date = tam_kernel::wib_date(s.now());
    let recruiter = s.token(Role::HrRecruiter, None);
    let requisition = open_requisition(
        &s,
        json!({
            "role": "agent", "site": "medan", "program": PROGRAM, "headcount": 2,
            "needed_by": (hire_date + chrono::Duration::days(14)).to_string(),
            "reason": "Medan add-on wave",
        }),
    )
    .await;

    // 31 at the hire date: not an agent (max 30), the age rule named with the age.
    let old =
        applicant_at_offer(&s, requisition, 1, years_before(hire_date, 31), "Manajemen").await;
    let verdict = s
        .get(
            &format!("/api/v1/hr/applicants/{old}/eligibility?role=agent&hire_date={hire_date}"),
            &recruiter,
        )
        .await;
    assert_eq!(verdict.status, 200, "{:?}", verdict.body);
    assert_eq!(verdict.body["eligible"], false);
    let failures = verdict.body["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["rule"], "agent.max_age");
    assert_eq!(failures[0]["value"], format!("31 years on {hire_date}"));
    let refused = s
        .post(
            &format!("/api/v1/hr/applicants/{old}/hire"),
            &recruiter,
            hire_body("pelamar.tua", hire_date),
        )
        .await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(problem_type(&refused), "applicant-ineligible");
    assert_eq!(refused.body["errors"][0]["field"], "birth_date");
    assert!(refused.body["errors"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("agent.max_age"));

    // HD Support with a D3 in accounting: the field rule fails.
    let desk = open_requisition(
        &s,
        json!({
            "role": "hd_support", "headcount": 1,
            "needed_by": (hire_date + chrono::Duration::days(14)).to_string(),
            "reason": "desk growth",
        }),
    )
    .await;
    let accountant =
        applicant_at_offer(&s, desk, 2, years_before(hire_date, 27), "Akuntansi").await;
    let verdict = s
        .get(
            &format!("/api/v1/hr/applicants/{accountant}/eligibility?hire_date={hire_date}"),
            &recruiter,
        )
        .await;
    assert_eq!(verdict.status, 200, "{:?}", verdict.body);
    let failing: Vec<&str> = verdict.body["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(failing, ["hd_support.education_field"]);
    assert_eq!(verdict.body["failures"][0]["value"], "Akuntansi");

    // A trainer of Medan plans the initial class; a campaign waits with customers.
    let admin = s.token(Role::Admin, None);
    let trainer = s
        .post(
            "/api/v1/hr/employees",
            &admin,
            json!({
                "nik": "1271000000009001", "full_name": "Pelatih Medan", "username": "pelatih.medan",
                "role": "trainer", "site": "medan", "birth_date": "1996-02-02",
                "education_level": "S1", "education_field": "Psikologi", "hire_date": "2024-01-08",
            }),
        )
        .await;
    assert_eq!(trainer.status, 201, "{:?}", trainer.body);
    let trainer_token = s.app.token_for(&Subject {
        id: trainer.body["id"].as_str().unwrap().parse().unwrap(),
        role: Role::Trainer,
        site: Some(site),
        team: None,
    });
    let class = s
        .post(
            "/api/v1/hr/training/classes",
            &trainer_token,
            json!({
                "kind": "initial", "program": PROGRAM, "site": "medan",
                "title": "Initial training AddOn Consumer", "pass_mark": 70,
                "sessions": [{ "date": hire_date.to_string(), "start": "13:00", "end": "16:00" }],
            }),
        )
        .await;
    assert_eq!(class.status, 201, "{:?}", class.body);
    let class_id = class.body["id"].as_str().unwrap().to_owned();
    let wo = s.work_order(site, "WO-HR-REC-1").await;
    let report = s
        .import(
            site,
            wo,
            "indihome_number;customer_name;contact_number;region\n\
             111000000101;Budi Santoso;081233300101;Medan Kota\n",
        )
        .await;
    assert_eq!(report.status, 201, "{:?}", report.body);

    // An eligible applicant is hired and enrolled in the class.
    let young =
        applicant_at_offer(&s, requisition, 3, years_before(hire_date, 24), "Manajemen").await;
    let hired = s
        .post(
            &format!("/api/v1/hr/applicants/{young}/hire"),
            &recruiter,
            hire_body("agen.baru", hire_date),
        )
        .await;
    assert_eq!(hired.status, 201, "{:?}", hired.body);
    assert_eq!(hired.body["training"]["status"], "enrolled");
    assert_eq!(hired.body["training"]["class_id"], class_id.as_str());
    assert_eq!(hired.body["requisition"]["hired"], 1);
    let employee_id = hired.body["employee"]["id"].as_str().unwrap().to_owned();
    let code = hired.body["activation"]["code"].as_str().unwrap();

    // They activate their account and log in through the gateway.
    let activated = s
        .app
        .call(
            reqwest::Method::POST,
            &format!("{}/api/v1/auth/activate", s.gateway),
            None,
            &[],
            Some(&json!({ "username": "agen.baru", "code": code, "new_password": "kata-sandi-baru-123" })),
        )
        .await;
    assert_eq!(activated.status, 204, "{:?}", activated.body);
    let login = s
        .app
        .call(
            reqwest::Method::POST,
            &format!("{}/api/v1/auth/login", s.gateway),
            None,
            &[],
            Some(&json!({ "username": "agen.baru", "password": "kata-sandi-baru-123" })),
        )
        .await;
    assert_eq!(login.status, 200, "{:?}", login.body);
    let agent = crate::outbound::Person {
        id: employee_id.parse().unwrap(),
        token: login.body["access_token"].as_str().unwrap().to_owned(),
    };
    s.wait_in_prospect(
        "the hired agent reaches prospect's roster",
        &format!("SELECT count(*) AS n FROM agents WHERE employee_id = '{employee_id}'"),
    )
    .await;

    // Not certified yet: no customer.
    let refused = s.next(&agent).await;
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(problem_type(&refused), "agent-not-certified");
    assert!(
        refused.body["detail"].as_str().unwrap().contains(PROGRAM),
        "{:?}",
        refused.body
    );

    // They pass the class: certified, and `next` gives them a customer.
    let scored = s
        .post(
            &format!("/api/v1/hr/training/classes/{class_id}/scores"),
            &trainer_token,
            json!({ "employee_id": employee_id, "score": 85 }),
        )
        .await;
    assert!(scored.status.is_success(), "{:?}", scored.body);
    assert!(!scored.body["certification"].is_null(), "{:?}", scored.body);
    s.wait_in_prospect(
        "the certification reaches prospect",
        &format!("SELECT count(*) AS n FROM certifications WHERE employee_id = '{employee_id}'"),
    )
    .await;
    let first = s.next(&agent).await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(first.body["prospect"]["customer_name"], "Budi Santoso");
    s.stop().await;
}
