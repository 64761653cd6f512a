//! The outbound loop end to end, through the gateway, with every service running: a
//! supervisor orders a campaign and loads the client's DAPROS file, agents hired in hr
//! claim customers one after another, call them with the program's masking number,
//! record each result and the recording, and prospect follows every result.

use std::collections::HashSet;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
pub use tam_testkit::Answer;
use tam_testkit::{wait_until, TestApp, WAIT};
use uuid::Uuid;

/// The whole suite and shortcuts to call it through the gateway.
pub struct Suite {
    pub app: TestApp,
    pub gateway: String,
    hired: std::sync::atomic::AtomicU32,
}

/// An employee hired through hr, and a token for them.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: Uuid,
    pub token: String,
}

impl Suite {
    pub async fn start() -> Self {
        Self::start_with(&std::collections::HashMap::new()).await
    }

    /// As [`Suite::start`], with `overrides` replacing configuration variables (e.g. a
    /// fast escalation poller).
    pub async fn start_with(overrides: &std::collections::HashMap<String, String>) -> Self {
        let app = TestApp::start_with_overrides(&tam::services(), overrides)
            .await
            .unwrap();
        let gateway = app.url(ServiceName::Gateway).unwrap();
        Self {
            app,
            gateway,
            hired: std::sync::atomic::AtomicU32::new(0),
        }
    }

    pub async fn stop(self) {
        self.app.stop().await.unwrap();
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.app.clock().now()
    }

    /// Puts the clock at `h:m` WIB today.
    pub fn set_wib_time(&self, h: u32, m: u32) {
        let today = tam_kernel::wib_date(self.now());
        let at = NaiveTime::from_hms_opt(h, m, 0).unwrap();
        self.app.clock().set(tam_kernel::wib_to_utc(today, at));
    }

    pub fn token(&self, role: Role, site: Option<Site>) -> String {
        self.app.token(role, site, None)
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Answer {
        self.app
            .call(
                method,
                &format!("{}{path}", self.gateway),
                Some(token),
                &[],
                body.as_ref(),
            )
            .await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Answer {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, token, None).await
    }

    /// Hires an employee through hr and waits until prospect's roster has them (hr's
    /// event reached it); a token for them. An agent is also certified for the program
    /// (hr's training gate of `next`) by a prior certification recorded through hr's
    /// API, valid from 2000 to 2099, and waited for until prospect keeps it.
    pub async fn hire(&self, role: Role, site: Site, program: &str) -> Person {
        let person = self.hire_uncertified(role, site, program).await;
        if role == Role::Agent {
            let admin = self
                .client(&self.token(Role::Admin, None), Role::Admin)
                .await;
            let certified = admin
                .certification_record_prior(
                    &serde_json::from_value(json!({
                        "employee_id": person.id,
                        "program": program,
                        "valid_from": "2000-01-01",
                        "valid_until": "2099-12-31",
                        "reason": "trained before the suite (test organisation)",
                    }))
                    .unwrap(),
                )
                .await;
            assert!(certified.is_ok(), "{certified:?}");
            self.wait_in_prospect(
                "the certification reaches prospect",
                &format!(
                    "SELECT count(*) AS n FROM certifications WHERE employee_id = '{}' \
                     AND valid_until IS NOT NULL",
                    person.id
                ),
            )
            .await;
        }
        person
    }

    /// Waits until `count_query` (a `SELECT count(*) AS n`) in prospect's database
    /// counts at least one row.
    pub async fn wait_in_prospect(&self, what: &str, count_query: &str) {
        let prospect = self.app.pool("prospect").unwrap();
        wait_until(what, WAIT, || {
            let prospect = prospect.clone();
            let query = count_query.to_owned();
            async move {
                use diesel_async::RunQueryDsl;
                let mut conn = prospect.get().await.ok()?;
                #[derive(diesel::QueryableByName)]
                struct N {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    n: i64,
                }
                let row: N = diesel::sql_query(query).get_result(&mut conn).await.ok()?;
                (row.n >= 1).then_some(())
            }
        })
        .await
        .unwrap();
    }

    /// As [`Suite::hire`], without any certification.
    pub async fn hire_uncertified(&self, role: Role, site: Site, program: &str) -> Person {
        let n = self.hired.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let admin = self
            .client(&self.token(Role::Admin, None), Role::Admin)
            .await;
        let created = admin
            .employees_create(
                &serde_json::from_value(json!({
                    "nik": format!("3271{:012}", n),
                    "full_name": format!("Agen {n}"),
                    "username": format!("agen.{n}"),
                    "role": role.as_str(),
                    "site": site.as_str(),
                    "program": program,
                    "birth_date": "1999-04-02",
                    "education_level": "D3",
                    "education_field": "Manajemen",
                    "hire_date": "2025-01-06",
                }))
                .unwrap(),
            )
            .await;
        let id: Uuid = created.unwrap().employee.id;
        let prospect = self.app.pool("prospect").unwrap();
        wait_until("the employee reaches prospect's roster", WAIT, || {
            let prospect = prospect.clone();
            async move {
                use diesel_async::RunQueryDsl;
                let mut conn = prospect.get().await.ok()?;
                #[derive(diesel::QueryableByName)]
                struct N {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    n: i64,
                }
                let row: N = diesel::sql_query(format!(
                    "SELECT count(*) AS n FROM agents WHERE employee_id = '{id}'"
                ))
                .get_result(&mut conn)
                .await
                .ok()?;
                (row.n == 1).then_some(())
            }
        })
        .await
        .unwrap();
        let token = self.app.token_for(&Subject {
            id,
            role,
            site: Some(site),
            team: None,
        });
        Person { id, token }
    }

    /// An active work order at `site` for `add_on_consumer`, valid from yesterday.
    pub async fn work_order(&self, site: Site, code: &str) -> Uuid {
        let supervisor = self.token(Role::SupervisorOps, Some(site));
        let today = tam_kernel::wib_date(self.now());
        work_order_at(&self.gateway, &supervisor, site, code, today).await
    }

    /// Sends a DAPROS file as `text/csv`; the import report.
    pub async fn import(&self, site: Site, work_order: Uuid, csv: &str) -> Answer {
        let supervisor = self.token(Role::SupervisorOps, Some(site));
        import_at(&self.gateway, &supervisor, work_order, csv).await
    }

    pub async fn next(&self, agent: &Person) -> Answer {
        next_at(&self.gateway, agent).await
    }

    /// Starts a call on a prospect the agent holds. calling learns of the claim from
    /// prospect's event, and waits a moment for it.
    pub async fn start_call(&self, agent: &Person, prospect: &str) -> Answer {
        start_call_at(&self.gateway, agent, prospect).await
    }

    /// Records a result through the typed client; a body the request type cannot hold
    /// (a test of the API's own refusal) or a call id that is no UUID goes raw.
    pub async fn result(&self, agent: &Person, call: &str, body: Value) -> Answer {
        result_at(&self.gateway, agent, call, body).await
    }

    /// A typed client (tam-client) through the gateway holding `token`, so the suite's
    /// helpers exercise the client on every run.
    pub async fn client(&self, token: &str, role: Role) -> tam_client::Client {
        client_at(&self.gateway, token, role).await
    }

    /// Waits until prospect shows the prospect in `status`; its detail.
    pub async fn prospect_in(&self, prospect: &str, status: &str) -> Value {
        let manager = self.token(Role::Manager, None);
        let path = format!("/api/v1/prospect/prospects/{prospect}");
        wait_until(
            &format!("prospect {prospect} is {status}"),
            WAIT,
            || async {
                let detail = self.get(&path, &manager).await;
                (detail.body["prospect"]["status"] == status).then_some(detail.body)
            },
        )
        .await
        .unwrap()
    }
}

// The outbound steps against any gateway (`gateway`: its base URL), for tests that run
// more than one deployment (central and sites); [`Suite`]'s methods are these on its own.

/// A typed client (tam-client) of the API at `gateway` holding `token`.
pub async fn client_at(gateway: &str, token: &str, role: Role) -> tam_client::Client {
    tam_client::Client::with_access_token(gateway, token, role, None)
        .await
        .unwrap()
}

/// An active work order at `site` for `add_on_consumer`, valid from the day before
/// `today` (WIB), created and activated by `supervisor`.
pub async fn work_order_at(
    gateway: &str,
    supervisor: &str,
    site: Site,
    code: &str,
    today: chrono::NaiveDate,
) -> Uuid {
    let http = reqwest::Client::new();
    let post = |path: String, body: Value| {
        let request = http
            .post(format!("{gateway}{path}"))
            .bearer_auth(supervisor)
            .json(&body)
            .send();
        async move { Answer::read(request.await.unwrap()).await }
    };
    let created = post(
        "/api/v1/prospect/work-orders".to_owned(),
        json!({
            "wo_code": code, "program": "add_on_consumer", "site": site.as_str(),
            "title": "Add-on Desember",
            "valid_from": (today - Duration::days(1)).to_string(),
            "valid_to": (today + Duration::days(30)).to_string(),
            "offers": [
                {"product_code": "MINIPACK", "product_name": "IndiHome Minipack"},
                {"product_code": "STB2", "product_name": "Second STB"},
            ],
            "max_attempts": 3,
            "daily_quota_per_agent": 100,
            "retry_wait_minutes":
                {"no_answer": 60, "busy": 30, "unreachable": 120, "rejected": 240},
        }),
    )
    .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    let id: Uuid = created.body["id"].as_str().unwrap().parse().unwrap();
    let activated = post(
        format!("/api/v1/prospect/work-orders/{id}/activate"),
        json!({}),
    )
    .await;
    assert_eq!(activated.status, 200, "{:?}", activated.body);
    id
}

/// Sends a DAPROS file as `text/csv` as `supervisor`; the import report.
pub async fn import_at(gateway: &str, supervisor: &str, work_order: Uuid, csv: &str) -> Answer {
    let report = client_at(gateway, supervisor, Role::SupervisorOps)
        .await
        .prospect_import(
            work_order,
            tam_client::Upload::bytes(csv.to_owned(), "text/csv"),
        )
        .await;
    answer(report, 201)
}

/// The agent's `next` (204: nothing to claim).
pub async fn next_at(gateway: &str, agent: &Person) -> Answer {
    match client_at(gateway, &agent.token, Role::Agent)
        .await
        .prospects_next(&Default::default())
        .await
    {
        Ok(None) => answer(Ok(Value::Null), 204),
        next => answer(next, 200),
    }
}

/// Starts a call on a prospect the agent holds.
pub async fn start_call_at(gateway: &str, agent: &Person, prospect: &str) -> Answer {
    let body: tam_calling::api::calls::StartCallRequest =
        serde_json::from_value(json!({ "prospect_id": prospect })).unwrap();
    let started = client_at(gateway, &agent.token, Role::Agent)
        .await
        .calls_start(&body)
        .await;
    answer(started, 201)
}

/// Records a result through the typed client; a body the request type cannot hold or a
/// call id that is no UUID goes raw.
pub async fn result_at(gateway: &str, agent: &Person, call: &str, body: Value) -> Answer {
    let typed =
        serde_json::from_value::<tam_calling::api::calls::RecordResultRequest>(body.clone());
    match (typed, call.parse::<Uuid>()) {
        (Ok(request), Ok(id)) => {
            let recorded = client_at(gateway, &agent.token, Role::Agent)
                .await
                .calls_record_result(id, &request)
                .await;
            answer(recorded, 200)
        }
        _ => {
            let response = reqwest::Client::new()
                .post(format!("{gateway}/api/v1/calling/calls/{call}/result"))
                .bearer_auth(&agent.token)
                .json(&body)
                .send()
                .await
                .unwrap();
            Answer::read(response).await
        }
    }
}

/// A typed call's outcome as the [`Answer`] the tests assert on: its success status
/// (the route's documented one) and body as JSON, or the problem's status and body.
fn answer<T: serde::Serialize>(result: tam_client::Result<T>, success: u16) -> Answer {
    let (status, body) = match result {
        Ok(value) => (success, serde_json::to_value(value).unwrap()),
        Err(tam_client::ClientError::Problem(problem)) => {
            (problem.status, serde_json::to_value(&problem).unwrap())
        }
        Err(e) => panic!("the call did not reach the API: {e}"),
    };
    Answer {
        status: reqwest::StatusCode::from_u16(status).unwrap(),
        headers: reqwest::header::HeaderMap::new(),
        body,
    }
}

fn id_of(answer: &Answer, path: &str) -> String {
    assert!(answer.status.is_success(), "{:?}", answer.body);
    answer
        .body
        .pointer(path)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no {path} in {:?}", answer.body))
        .to_owned()
}

#[tokio::test]
async fn a_campaign_from_dapros_to_call_results() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-E2E-1").await;
    let keeper = s.token(Role::SupervisorOps, Some(Site::Medan));
    let dnc = s
        .post(
            "/api/v1/prospect/dnc",
            &keeper,
            json!({"number": "081233300004", "reason": "pelanggan minta tidak dihubungi"}),
        )
        .await;
    assert!(dnc.status.is_success(), "{:?}", dnc.body);

    // Good rows in every accepted form, and one of each kind of bad row.
    let csv = "\u{feff}indihome_number;customer_name;contact_number;region\r\n\
               111000000001;Budi Santoso;081233300001;Medan Kota\r\n\
               111000000002;Siti Aminah;+6281233300002;Medan Baru\r\n\
               111000000003;Rina Wati;6281233300003;\r\n\
               111000000004;Dewi Lestari;081233300004;\r\n\
               111000000005;Agus Salim;0614567890;Medan Johor\r\n\
               111000000001;Budi Lagi;081233300009;\r\n\
               111000000006;;081233300006;\r\n\
               111000000007;Joko;12345;\r\n\
               111000000008;Broken line\r\n";
    let report = s.import(Site::Medan, wo, csv).await;
    assert_eq!(report.status, 201, "{:?}", report.body);
    let r = &report.body;
    assert_eq!(
        (
            &r["total"],
            &r["accepted"],
            &r["rejected"],
            &r["duplicates"],
            &r["dnc_excluded"]
        ),
        (&json!(9), &json!(4), &json!(3), &json!(1), &json!(1)),
        "{r:?}"
    );
    let errors: Vec<(u64, String)> = r["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            (8, "customer_name".to_owned()),
            (9, "contact_number".to_owned()),
            (10, "record".to_owned()),
        ]
    );

    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;

    // AGREE on the first customer, with the recording.
    let first = s.next(&agent).await;
    let prospect = id_of(&first, "/prospect/id");
    assert_eq!(first.body["prospect"]["customer_name"], "Budi Santoso");
    assert_eq!(first.body["prospect"]["contact_number"], "+6281233300001");
    let started = s.start_call(&agent, &prospect).await;
    assert_eq!(started.status, 201, "{:?}", started.body);
    assert_eq!(
        started.body["masking_number"],
        tam_kernel::Program::AddOnConsumer.masking_number()
    );
    let call = id_of(&started, "/id");
    let recording = s
        .app
        .client
        .put(format!(
            "{}/api/v1/calling/calls/{call}/recording",
            s.gateway
        ))
        .bearer_auth(&agent.token)
        .header("content-type", "audio/wav")
        .body(vec![7u8; 64 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(recording.status(), 201);
    let missing_product = s.result(&agent, &call, json!({"outcome": "agree"})).await;
    assert_eq!(missing_product.status, 400, "{:?}", missing_product.body);
    let agreed = s
        .result(
            &agent,
            &call,
            json!({"outcome": "agree", "product_code": "MINIPACK"}),
        )
        .await;
    assert_eq!(agreed.status, 200, "{:?}", agreed.body);
    let again = s.result(&agent, &call, json!({"outcome": "decline"})).await;
    assert_eq!(again.status, 409, "a result is recorded once");
    let detail = s.prospect_in(&prospect, "awaiting_validation").await;
    assert_eq!(detail["attempts"][0]["outcome"], "agree");
    assert_eq!(detail["attempts"][0]["has_recording"], true);

    // FOLLOW UP on the second: back to the same agent when due.
    let second = id_of(&s.next(&agent).await, "/prospect/id");
    assert_ne!(second, prospect);
    let call = id_of(&s.start_call(&agent, &second).await, "/id");
    let at = s.now() + Duration::hours(2);
    let follow = s
        .result(
            &agent,
            &call,
            json!({"outcome": "follow_up", "follow_up_at": at.to_rfc3339()}),
        )
        .await;
    assert_eq!(follow.status, 200, "{:?}", follow.body);
    s.prospect_in(&second, "follow_up").await;

    // NO ANSWER on the third: waits for its retry.
    let third = id_of(&s.next(&agent).await, "/prospect/id");
    let call = id_of(&s.start_call(&agent, &third).await, "/id");
    s.result(&agent, &call, json!({"outcome": "no_answer"}))
        .await;
    s.prospect_in(&third, "retry").await;

    // Two hours on: the FOLLOW UP first, then the retried one.
    s.app.clock().advance(Duration::hours(2));
    let due = s.next(&agent).await;
    assert_eq!(due.body["source"], "follow_up", "{:?}", due.body);
    assert_eq!(id_of(&due, "/prospect/id"), second);

    // Outside the hours nobody claims or calls.
    s.set_wib_time(17, 5);
    let refused = s.next(&agent).await;
    assert_eq!(refused.status, 422);
    let refused_call = s.start_call(&agent, &second).await;
    assert_eq!(refused_call.status, 422, "{:?}", refused_call.body);
    s.stop().await;
}

#[tokio::test]
async fn agents_of_one_site_never_reach_another_sites_customers() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Bandung, "WO-E2E-BDG").await;
    let csv = "indihome_number,customer_name,contact_number\n\
               122000000001,Asep,081277700001\n";
    assert_eq!(s.import(Site::Bandung, wo, csv).await.status, 201);
    let medan = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let bandung = s.hire(Role::Agent, Site::Bandung, "add_on_consumer").await;

    assert_eq!(s.next(&medan).await.status, 204, "not Medan's pool");
    let held = s.next(&bandung).await;
    let prospect = id_of(&held, "/prospect/id");
    let read = s
        .get(
            &format!("/api/v1/prospect/prospects/{prospect}"),
            &medan.token,
        )
        .await;
    assert_eq!(read.status, 404);
    let call = s.start_call(&medan, &prospect).await;
    assert_eq!(call.status, 409, "not Medan's claim: {:?}", call.body);
    let medan_supervisor = s.token(Role::SupervisorOps, Some(Site::Medan));
    let wo_read = s
        .get(
            &format!("/api/v1/prospect/work-orders/{wo}"),
            &medan_supervisor,
        )
        .await;
    assert_eq!(wo_read.status, 404);
    let own = s.start_call(&bandung, &prospect).await;
    assert_eq!(own.status, 201, "{:?}", own.body);
    s.stop().await;
}

#[tokio::test]
async fn twenty_agents_claim_and_call_at_once_without_sharing() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-E2E-RACE").await;
    let mut csv = String::from("indihome_number;customer_name;contact_number\n");
    for i in 0..25 {
        csv.push_str(&format!("13300000{i:04};Pelanggan {i};08124440{i:04}\n"));
    }
    assert_eq!(s.import(Site::Medan, wo, &csv).await.status, 201);
    let mut agents = Vec::new();
    for _ in 0..20 {
        agents.push(s.hire(Role::Agent, Site::Medan, "add_on_consumer").await);
    }
    let claims = futures::future::join_all(agents.iter().map(|a| s.next(a))).await;
    let prospects: Vec<String> = claims.iter().map(|c| id_of(c, "/prospect/id")).collect();
    let distinct: HashSet<&String> = prospects.iter().collect();
    assert_eq!(distinct.len(), 20);
    let calls = futures::future::join_all(
        agents
            .iter()
            .zip(&prospects)
            .map(|(a, p)| s.start_call(a, p)),
    )
    .await;
    assert!(
        calls.iter().all(|c| c.status == 201),
        "{:?}",
        calls.iter().map(|c| &c.body).collect::<Vec<_>>()
    );
    s.stop().await;
}

#[tokio::test]
async fn a_number_put_on_the_dnc_list_after_assignment_is_never_called() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-E2E-DNC").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               144000000001;Wulan;081255500001\n\
               144000000002;Yanti;081255500002\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let supervisor = s.token(Role::SupervisorOps, Some(Site::Medan));
    let given = s
        .post(
            &format!("/api/v1/prospect/work-orders/{wo}/distribute"),
            &supervisor,
            json!({"agents": [agent.id]}),
        )
        .await;
    assert_eq!(given.body["distributed"], 2, "{:?}", given.body);

    // Claimed, then the customer asks not to be called before the call starts.
    let held = s.next(&agent).await;
    let prospect = id_of(&held, "/prospect/id");
    let number = held.body["prospect"]["contact_number"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = s
        .post(
            "/api/v1/prospect/dnc",
            &supervisor,
            json!({"number": number, "reason": "minta tidak dihubungi"}),
        )
        .await;
    assert!(added.status.is_success());
    s.prospect_in(&prospect, "dnc").await;
    let calling = s.app.pool("calling").unwrap();
    wait_until("calling hears of the withdrawal", WAIT, || {
        let calling = calling.clone();
        let prospect = prospect.clone();
        async move {
            use diesel_async::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let mut conn = calling.get().await.ok()?;
            let row: N = diesel::sql_query(format!(
                "SELECT count(*) AS n FROM claims \
                  WHERE prospect_id = '{prospect}' AND withdrawn_reason = 'dnc'"
            ))
            .get_result(&mut conn)
            .await
            .ok()?;
            (row.n == 1).then_some(())
        }
    })
    .await
    .unwrap();
    let call = s.start_call(&agent, &prospect).await;
    assert_eq!(call.status, 409, "{:?}", call.body);
    let other = s.next(&agent).await;
    assert_ne!(id_of(&other, "/prospect/id"), prospect);
    s.app.clock().advance(Duration::hours(3));
    let manager = s.token(Role::Manager, None);
    let progress = s
        .get(
            &format!("/api/v1/prospect/work-orders/{wo}/progress"),
            &manager,
        )
        .await;
    assert_eq!(progress.body["by_status"]["dnc"], 1, "{:?}", progress.body);
    s.stop().await;
}

#[tokio::test]
async fn every_call_result_moves_its_prospect() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-E2E-OUTCOMES").await;
    let mut csv = String::from("indihome_number;customer_name;contact_number\n");
    for i in 0..5 {
        csv.push_str(&format!("17700000{i:04};Pelanggan {i};08127770{i:04}\n"));
    }
    assert_eq!(s.import(Site::Medan, wo, &csv).await.status, 201);
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    // Each result, and where it leaves the prospect (the work order allows 3 attempts).
    let cases = [
        ("decline", "declined"),
        ("busy", "retry"),
        ("unreachable", "retry"),
        ("rejected", "retry"),
        ("wrong_number", "invalid"),
    ];
    for (outcome, status) in cases {
        let prospect = id_of(&s.next(&agent).await, "/prospect/id");
        let call = id_of(&s.start_call(&agent, &prospect).await, "/id");
        let recorded = s
            .result(
                &agent,
                &call,
                json!({"outcome": outcome, "notes": "catatan"}),
            )
            .await;
        assert_eq!(recorded.status, 200, "{outcome}: {:?}", recorded.body);
        assert_eq!(recorded.body["outcome"], outcome);
        let detail = s.prospect_in(&prospect, status).await;
        assert_eq!(detail["attempts"][0]["outcome"], outcome);
        assert_eq!(detail["prospect"]["attempts"], 1);
    }
    // The three unreached ones wait (busy 30 min, unreachable 2 h, rejected 4 h).
    assert_eq!(s.next(&agent).await.status, 204);
    s.app.clock().advance(Duration::minutes(40));
    assert_eq!(s.next(&agent).await.status, 200, "the busy one is due");
    s.stop().await;
}

#[tokio::test]
async fn the_readmes_example_dapros_file_gives_the_readmes_report() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Bandung, "WO-README").await;
    let csv = include_str!("../../docs/examples/dapros-bandung.csv");
    let report = s.import(Site::Bandung, wo, csv).await;
    assert_eq!(report.status, 201, "{:?}", report.body);
    let r = &report.body;
    assert_eq!(
        (
            &r["total"],
            &r["accepted"],
            &r["rejected"],
            &r["duplicates"],
            &r["dnc_excluded"]
        ),
        (&json!(10), &json!(8), &json!(1), &json!(1), &json!(0)),
        "{r:?}"
    );
    assert_eq!(r["errors"][0]["line"], 10);
    assert_eq!(r["errors"][0]["field"], "contact_number");
    s.stop().await;
}

#[tokio::test]
async fn a_call_left_open_is_closed_by_the_supervisor_and_the_customer_called_again() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-E2E-STUCK").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               145000000001;Rina;081266600001\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);
    let gone = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let prospect = id_of(&s.next(&gone).await, "/prospect/id");
    let stuck = id_of(&s.start_call(&gone, &prospect).await, "/id");
    s.prospect_in(&prospect, "in_call").await;

    // The agent's softphone dies; the supervisor finds the open call and closes it.
    s.app.clock().advance(Duration::minutes(30));
    let supervisor = s.token(Role::SupervisorOps, Some(Site::Medan));
    let open = s
        .get("/api/v1/calling/calls?status=open", &supervisor)
        .await;
    assert_eq!(open.status, 200, "{:?}", open.body);
    let listed: Vec<&Value> = open.body["items"].as_array().unwrap().iter().collect();
    assert_eq!(listed.len(), 1, "{:?}", open.body);
    assert_eq!(listed[0]["id"], stuck.as_str());
    let elsewhere = s.token(Role::SupervisorOps, Some(Site::Bandung));
    let refused = s
        .post(
            &format!("/api/v1/calling/calls/{stuck}/abandon"),
            &elsewhere,
            json!({"reason": "softphone mati"}),
        )
        .await;
    assert_eq!(refused.status, 404, "{:?}", refused.body);
    let closed = s
        .post(
            &format!("/api/v1/calling/calls/{stuck}/abandon"),
            &supervisor,
            json!({"reason": "softphone mati"}),
        )
        .await;
    assert_eq!(closed.status, 200, "{:?}", closed.body);

    // The customer is back in the pool, the history says what happened, and the
    // abandoned call takes no late result.
    let detail = s.prospect_in(&prospect, "new").await;
    assert_eq!(detail["attempts"][0]["outcome"], "abandoned", "{detail:?}");
    assert_eq!(detail["prospect"]["attempts"], 0);
    let late = s
        .result(&gone, &stuck, json!({"outcome": "no_answer"}))
        .await;
    assert_eq!(late.status, 409, "{:?}", late.body);
    let other = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let again = s.next(&other).await;
    assert_eq!(id_of(&again, "/prospect/id"), prospect);
    let call = id_of(&s.start_call(&other, &prospect).await, "/id");
    let answered = s
        .result(&other, &call, json!({"outcome": "no_answer"}))
        .await;
    assert_eq!(answered.status, 200, "{:?}", answered.body);
    s.prospect_in(&prospect, "retry").await;
    s.stop().await;
}
