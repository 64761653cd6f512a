//! Central and two sites (issue 18), each place with its own database and its own
//! vhost of the one broker, linked by RabbitMQ shovels (`tam::sites`), driven through
//! the gateways as people would: HR at central hires and certifies a Bandung agent, who
//! logs in at Bandung's gateway and claims and calls there with central's token; a
//! Bandung sale validated at Bandung becomes a ticket in central's helpdesk and a row of
//! central's report beside a Medan sale; Bandung records 500 results while its link is
//! cut, and central gets each once when it returns; central's deactivation reaches
//! Bandung's verifiers within seconds of the link being up.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{json, Value};
use tam::sites::{Place, RunningSites, SitesPlan};
use tam_auth::Subject;
use tam_kernel::{Role, Site};
use tam_runtime::{Config, ServiceName};
use tam_testkit::{wait_until, Answer, WAIT};
use uuid::Uuid;

use crate::outbound::Person;
use crate::outbound::{client_at, import_at, next_at, result_at, start_call_at, work_order_at};

const PROGRAM: &str = "add_on_consumer";
const PASSWORD: &str = "kata-sandi-Bandung-2026";
/// How soon a deactivation at central is refused at a site once the link is up: the
/// revocation crosses the link (a shovel) and the site's stream, not a poll of central.
const REVOKED_WITHIN: Duration = Duration::from_secs(10);

const BANDUNG: Place = Place::Site(Site::Bandung);

/// Central and the sites, and the shortcuts the scenarios call them with.
struct World {
    sites: RunningSites,
    /// Central's configuration: the key every place trusts signs the staff's tokens.
    central: Config,
    http: reqwest::Client,
    hired: AtomicU32,
}

impl World {
    async fn start(sites: &[Site], overrides: &[(&str, &str)]) -> Self {
        tam_runtime::telemetry::init_for_tests();
        let overrides: HashMap<String, String> = overrides
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let base =
            tam_testkit::test_config(&tam_db::testing::test_database_url(), &overrides).unwrap();
        let sites = RunningSites::start(SitesPlan::for_tests(sites, base))
            .await
            .unwrap();
        let central = sites.config(Place::Central).unwrap().clone();
        Self {
            sites,
            central,
            http: reqwest::Client::new(),
            hired: AtomicU32::new(0),
        }
    }

    async fn stop(self) {
        self.sites.stop().await.unwrap();
    }

    /// The gateway of `place`: where its people send every request.
    fn gateway(&self, place: Place) -> String {
        self.sites.url(place, ServiceName::Gateway).unwrap()
    }

    /// A token for a member of staff (a fresh id) signed with the key central's hr
    /// signs with.
    fn token(&self, role: Role, site: Option<Site>) -> String {
        tam_testkit::mint_token(
            &self.central,
            &Subject {
                id: Uuid::now_v7(),
                role,
                site,
                team: None,
            },
        )
        .unwrap()
    }

    async fn call(
        &self,
        method: Method,
        url: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self.http.request(method, url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        Answer::read(request.send().await.unwrap()).await
    }

    async fn get(&self, place: Place, path: &str, token: &str) -> Answer {
        let url = format!("{}{path}", self.gateway(place));
        self.call(Method::GET, &url, Some(token), None).await
    }

    async fn post(&self, place: Place, path: &str, token: &str, body: Value) -> Answer {
        let url = format!("{}{path}", self.gateway(place));
        self.call(Method::POST, &url, Some(token), Some(body)).await
    }

    /// HR at central (central's gateway) hires an agent for `site`: their id, username
    /// and the activation code of their account.
    async fn hire(&self, site: Site) -> (Uuid, String, String) {
        let n = self.hired.fetch_add(1, Ordering::SeqCst);
        let username = format!("agen.{}.{n}", site.as_str());
        let admin = self.token(Role::Admin, None);
        let created = client_at(&self.gateway(Place::Central), &admin, Role::Admin)
            .await
            .employees_create(
                &serde_json::from_value(json!({
                    "nik": format!("3273{:012}", n),
                    "full_name": format!("Agen {n}"),
                    "username": username,
                    "role": "agent",
                    "site": site.as_str(),
                    "program": PROGRAM,
                    "birth_date": "1999-04-02",
                    "education_level": "D3",
                    "education_field": "Manajemen",
                    "hire_date": "2025-01-06",
                }))
                .unwrap(),
            )
            .await
            .unwrap();
        (created.employee.id, username, created.activation.code)
    }

    /// HR at central certifies the employee for the program (a prior certification,
    /// valid from 2000 to 2099: hr's gate of `next`).
    async fn certify(&self, employee: Uuid) {
        let admin = self.token(Role::Admin, None);
        let certified = client_at(&self.gateway(Place::Central), &admin, Role::Admin)
            .await
            .certification_record_prior(
                &serde_json::from_value(json!({
                    "employee_id": employee,
                    "program": PROGRAM,
                    "valid_from": "2000-01-01",
                    "valid_until": "2099-12-31",
                    "reason": "trained before the suite (test organisation)",
                }))
                .unwrap(),
            )
            .await;
        assert!(certified.is_ok(), "{certified:?}");
    }

    /// The employee sets their first password and logs in, both at `place`'s gateway
    /// (a site's gateway sends auth to central's hr); their access token.
    async fn log_in(&self, place: Place, username: &str, code: &str) -> String {
        let gateway = self.gateway(place);
        let activated = self
            .call(
                Method::POST,
                &format!("{gateway}/api/v1/auth/activate"),
                None,
                Some(json!({"username": username, "code": code, "new_password": PASSWORD})),
            )
            .await;
        assert_eq!(activated.status, 204, "{username}: {:?}", activated.body);
        let tokens = tam_client::Client::new(&gateway)
            .unwrap()
            .login(username, PASSWORD)
            .await
            .unwrap();
        tokens.access_token
    }

    /// A certified agent of `site`, hired at central, known to the site's prospect
    /// (hr's events crossed the link), with a token signed for them as hr signs.
    async fn certified_agent(&self, site: Site) -> Person {
        let (id, _, _) = self.hire(site).await;
        self.certify(id).await;
        self.wait_certified_at(Place::Site(site), id).await;
        let token = tam_testkit::mint_token(
            &self.central,
            &Subject {
                id,
                role: Role::Agent,
                site: Some(site),
                team: None,
            },
        )
        .unwrap();
        Person { id, token }
    }

    /// Waits until `place`'s prospect has the agent on its roster with a certification.
    async fn wait_certified_at(&self, place: Place, agent: Uuid) {
        self.wait_count(
            place,
            "prospect",
            &format!("the certified agent {agent} reaches {place}'s prospect"),
            &format!(
                "SELECT count(*) AS n FROM agents a JOIN certifications c \
                 ON c.employee_id = a.employee_id WHERE a.employee_id = '{agent}'"
            ),
            |n| n >= 1,
        )
        .await;
    }

    /// Waits until `count_query` (a `SELECT count(*) AS n`) in `schema` at `place`
    /// satisfies `done`; the count.
    async fn wait_count(
        &self,
        place: Place,
        schema: &str,
        what: &str,
        count_query: &str,
        done: impl Fn(i64) -> bool,
    ) -> i64 {
        let pool = tam_db::connect_pool(
            &self.sites.config(place).unwrap().database_url,
            schema,
            tam_db::PoolSettings::default(),
        )
        .unwrap();
        wait_until(what, WAIT, || {
            let pool = pool.clone();
            let query = count_query.to_owned();
            let done = &done;
            async move {
                use diesel_async::RunQueryDsl;
                #[derive(diesel::QueryableByName)]
                struct N {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    n: i64,
                }
                let mut conn = pool.get().await.ok()?;
                let row: N = diesel::sql_query(query).get_result(&mut conn).await.ok()?;
                done(row.n).then_some(row.n)
            }
        })
        .await
        .unwrap()
    }

    /// A work order at `site` loaded with `rows` customers (numbers from `first`), by
    /// the site's supervisor at the site's gateway.
    async fn loaded_work_order(&self, site: Site, code: &str, first: u64, rows: u64) -> Uuid {
        let place = Place::Site(site);
        let supervisor = self.token(Role::SupervisorOps, Some(site));
        let today = tam_kernel::wib_date(self.central.clock.now());
        let wo = work_order_at(&self.gateway(place), &supervisor, site, code, today).await;
        let mut csv = String::from("indihome_number;customer_name;contact_number\n");
        for i in first..first + rows {
            csv.push_str(&format!(
                "{i:012};Pelanggan {i};0812{:08}\n",
                i % 100_000_000
            ));
        }
        let report = import_at(&self.gateway(place), &supervisor, wo, &csv).await;
        assert_eq!(report.status, 201, "{:?}", report.body);
        assert_eq!(report.body["accepted"], rows, "{:?}", report.body);
        wo
    }

    /// An AGREE at `site`'s gateway on the agent's next customer (with its recording);
    /// the prospect and the call.
    async fn sell(&self, site: Site, agent: &Person) -> (String, String) {
        let gateway = self.gateway(Place::Site(site));
        let claimed = next_at(&gateway, agent).await;
        assert_eq!(claimed.status, 200, "{:?}", claimed.body);
        let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
        let call = self.start_call(site, agent, &prospect).await;
        let recording = self
            .http
            .put(format!("{gateway}/api/v1/calling/calls/{call}/recording"))
            .bearer_auth(&agent.token)
            .header("content-type", "audio/mpeg")
            .body(vec![1u8; 16 * 1024])
            .send()
            .await
            .unwrap();
        assert_eq!(recording.status(), 201);
        let agreed = result_at(
            &gateway,
            agent,
            &call,
            json!({"outcome": "agree", "product_code": "STB2"}),
        )
        .await;
        assert_eq!(agreed.status, 200, "{:?}", agreed.body);
        (prospect, call)
    }

    /// Starts a call at `site`'s gateway on a prospect the agent holds (calling learns
    /// of the claim from prospect's event: a 409 until then); the call.
    async fn start_call(&self, site: Site, agent: &Person, prospect: &str) -> String {
        let gateway = self.gateway(Place::Site(site));
        let started = wait_until("calling knows the claim", WAIT, || async {
            let started = start_call_at(&gateway, agent, prospect).await;
            (started.status != 409).then_some(started)
        })
        .await
        .unwrap();
        assert_eq!(started.status, 201, "{:?}", started.body);
        started.body["id"].as_str().unwrap().to_owned()
    }

    /// `site`'s QC officer taps the next task at the site's gateway and finds it VALID;
    /// the task's call.
    async fn validate(&self, site: Site) -> String {
        let place = Place::Site(site);
        let qco = self.token(Role::QcOfficer, Some(site));
        let task = wait_until("a tapping task is waiting", WAIT, || async {
            let claimed = self
                .post(place, "/api/v1/quality/tasks/claim", &qco, json!({}))
                .await;
            (claimed.status == 200).then_some(claimed.body)
        })
        .await
        .unwrap();
        let id = task["id"].as_str().unwrap();
        let detail = self
            .get(place, &format!("/api/v1/quality/tasks/{id}"), &qco)
            .await;
        assert_eq!(detail.status, 200, "{:?}", detail.body);
        let scores: Vec<Value> = detail.body["parameters"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| json!({"code": item["code"], "passed": true, "note": null}))
            .collect();
        let valid = self
            .post(
                place,
                &format!("/api/v1/quality/tasks/{id}/verdict"),
                &qco,
                json!({"scores": scores, "verdict": "valid"}),
            )
            .await;
        assert_eq!(valid.status, 200, "{:?}", valid.body);
        task["call_id"].as_str().unwrap().to_owned()
    }

    /// Central's report of `family` by site over the days around today (reporting
    /// buckets by the events' wall-clock time), read at central's gateway by the
    /// manager: `kpi` of each site's row.
    async fn by_site(&self, family: &str, kpi: &str) -> HashMap<String, f64> {
        let today = tam_kernel::wib_date(chrono::Utc::now());
        let query = format!(
            "from={}&to={}&group_by=site",
            today - chrono::Duration::days(1),
            today + chrono::Duration::days(1)
        );
        let manager = self.token(Role::Manager, None);
        let mut report = self
            .get(
                Place::Central,
                &format!("/api/v1/reporting/{family}?{query}"),
                &manager,
            )
            .await;
        // While central's reporting folds a backlog of a thousand events its small test
        // pool can be busy past the acquire timeout: a 503 says "retry shortly", so do.
        for _ in 0..10 {
            if report.status != 503 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            report = self
                .get(
                    Place::Central,
                    &format!("/api/v1/reporting/{family}?{query}"),
                    &manager,
                )
                .await;
        }
        assert_eq!(report.status, 200, "{family}: {:?}", report.body);
        report.body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|row| {
                let site = row["group"]["id"].as_str()?.to_owned();
                Some((site, row["values"][kpi].as_f64().unwrap_or_default()))
            })
            .collect()
    }

    /// Waits until central's `family` report shows `kpi` at `site` reaching `at_least`;
    /// its value then.
    async fn wait_report(&self, family: &str, kpi: &str, site: Site, at_least: f64) -> f64 {
        self.wait_report_within(WAIT, family, kpi, site, at_least)
            .await
    }

    /// As [`World::wait_report`], waiting up to `timeout`.
    async fn wait_report_within(
        &self,
        timeout: Duration,
        family: &str,
        kpi: &str,
        site: Site,
        at_least: f64,
    ) -> f64 {
        let last = std::sync::Mutex::new(HashMap::new());
        let reached = wait_until(
            &format!("central's {family} report shows {kpi} >= {at_least} at {site}"),
            timeout,
            || async {
                let values = self.by_site(family, kpi).await;
                let value = values.get(site.as_str()).copied().unwrap_or_default();
                *last.lock().unwrap() = values;
                (value >= at_least).then_some(value)
            },
        )
        .await;
        reached.unwrap_or_else(|e| panic!("{e}: {kpi} by site {:?}", last.lock().unwrap()))
    }
}

/// Whether `token` is refused as revoked at `url` (any other answer must be a success).
async fn refused_as_revoked(w: &World, url: &str, token: &str) -> bool {
    let answer = w.call(Method::GET, url, Some(token), None).await;
    if answer.status == 401 {
        assert_eq!(
            answer.slug(),
            tam_auth::TOKEN_REVOKED,
            "{url}: {:?}",
            answer.body
        );
        return true;
    }
    assert_eq!(answer.status, 200, "{url}: {:?}", answer.body);
    false
}

/// Polls each of `urls` with `token` until it is refused as revoked; fails when one
/// still accepts it [`REVOKED_WITHIN`] after `since`.
async fn refused_within(w: &World, urls: &[String], token: &str, since: Instant) {
    for url in urls {
        while !refused_as_revoked(w, url, token).await {
            assert!(
                since.elapsed() < REVOKED_WITHIN,
                "{url} still accepts the deactivated agent's token {REVOKED_WITHIN:?} after \
                 the link was up"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        eprintln!("{url}: refused {:?} after the link was up", since.elapsed());
    }
}

#[tokio::test]
async fn an_agent_hired_and_certified_at_central_claims_and_calls_at_bandung_with_centrals_token() {
    let w = World::start(&[Site::Bandung], &[]).await;
    let bandung = w.gateway(BANDUNG);
    w.loaded_work_order(Site::Bandung, "WO-MS-HIRE", 188_000_000_001, 1)
        .await;

    // Hired at central; the account activated and logged in at Bandung's gateway,
    // whose auth routes go to central's hr (Bandung runs no hr).
    let (id, username, code) = w.hire(Site::Bandung).await;
    let token = w.log_in(BANDUNG, &username, &code).await;
    let agent = Person { id, token };
    let me = w.get(BANDUNG, "/api/v1/auth/me", &agent.token).await;
    assert_eq!(me.status, 200, "{:?}", me.body);
    assert_eq!(me.body["site"], "bandung", "{:?}", me.body);

    // Bandung verifies central's token and knows the agent from hr's roster event
    // (across the link), but hr has not certified them: no customer yet.
    let uncertified = wait_until("hr's roster reaches Bandung", WAIT, || async {
        let refused = next_at(&bandung, &agent).await;
        (refused.slug() != "not-on-roster").then_some(refused)
    })
    .await
    .unwrap();
    assert_eq!(uncertified.status, 422, "{:?}", uncertified.body);
    assert_eq!(
        uncertified.slug(),
        "agent-not-certified",
        "{:?}",
        uncertified.body
    );

    // Certified at central: Bandung hands them the customer, and they call.
    w.certify(id).await;
    let claimed = wait_until("hr's certification reaches Bandung", WAIT, || async {
        let claimed = next_at(&bandung, &agent).await;
        (claimed.slug() != "agent-not-certified").then_some(claimed)
    })
    .await
    .unwrap();
    assert_eq!(claimed.status, 200, "{:?}", claimed.body);
    assert_eq!(
        claimed.body["prospect"]["customer_name"],
        "Pelanggan 188000000001"
    );
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let call = w.start_call(Site::Bandung, &agent, &prospect).await;
    let recorded = result_at(&bandung, &agent, &call, json!({"outcome": "decline"})).await;
    assert_eq!(recorded.status, 200, "{:?}", recorded.body);

    // The same token straight at Bandung's calling (no gateway in between).
    let calling = w.sites.url(BANDUNG, ServiceName::Calling).unwrap();
    let calls = w
        .call(
            Method::GET,
            &format!("{calling}/api/v1/calling/calls"),
            Some(&agent.token),
            None,
        )
        .await;
    assert_eq!(calls.status, 200, "{:?}", calls.body);
    assert_eq!(
        calls.body["items"][0]["id"],
        call.as_str(),
        "{:?}",
        calls.body
    );
    w.stop().await;
}

#[tokio::test]
async fn a_bandung_sale_validated_at_bandung_is_a_ticket_at_central_and_in_its_report_beside_medan()
{
    let w = World::start(&[Site::Bandung, Site::Medan], &[]).await;
    let hd = w.token(Role::HdSupport, None);
    let mut sold = Vec::new();
    for (site, number) in [
        (Site::Bandung, 189_000_000_001),
        (Site::Medan, 189_000_000_002),
    ] {
        w.loaded_work_order(site, &format!("WO-MS-{site}"), number, 1)
            .await;
        let agent = w.certified_agent(site).await;
        let (prospect, call) = w.sell(site, &agent).await;
        // Tapped and found VALID by the site's own QC officer, at the site.
        assert_eq!(w.validate(site).await, call);
        let won = wait_until("the site's prospect is won", WAIT, || async {
            let detail = w
                .get(
                    Place::Site(site),
                    &format!("/api/v1/prospect/prospects/{prospect}"),
                    &w.token(Role::Manager, None),
                )
                .await;
            (detail.body["prospect"]["status"] == "won").then_some(())
        })
        .await;
        assert!(won.is_ok(), "{site}: {won:?}");
        sold.push((site, number, call));
    }

    // Central's helpdesk opened each sale's activation ticket, with its site.
    for (site, number, call) in &sold {
        let tickets = wait_until("central's helpdesk opens the ticket", WAIT, || async {
            let found = w
                .get(
                    Place::Central,
                    &format!("/api/v1/helpdesk/tickets?indihome_number={number:012}"),
                    &hd,
                )
                .await;
            assert_eq!(found.status, 200, "{:?}", found.body);
            let items = found.body["items"].as_array().unwrap().clone();
            (!items.is_empty()).then_some(items)
        })
        .await
        .unwrap();
        assert_eq!(tickets.len(), 1, "{tickets:?}");
        assert_eq!(tickets[0]["site"], site.as_str(), "{tickets:?}");
        assert_eq!(tickets[0]["channel"], "obc", "{tickets:?}");
        assert_eq!(tickets[0]["call_id"], call.as_str(), "{tickets:?}");
    }

    // Central's report: one sale and one ticket at each site, side by side.
    for site in [Site::Bandung, Site::Medan] {
        w.wait_report("activation", "tickets_opened", site, 1.0)
            .await;
    }
    let won = w.by_site("activation", "sales_won").await;
    let opened = w.by_site("activation", "tickets_opened").await;
    let agreed = w.by_site("outbound", "agree").await;
    for site in ["bandung", "medan"] {
        assert_eq!(won.get(site), Some(&1.0), "sales won: {won:?}");
        assert_eq!(opened.get(site), Some(&1.0), "tickets opened: {opened:?}");
        assert_eq!(agreed.get(site), Some(&1.0), "agree: {agreed:?}");
    }
    w.stop().await;
}

/// Results Bandung records while its link is cut: the cheapest path, as many agents at
/// once (each claims, calls and declines, one customer after another).
const RESULTS: u64 = 500;
const AGENTS: u64 = 20;
/// How long central may take to apply what the link held: the link drains within
/// seconds, central's reporting applies the backlog (some 1,300 events) at its own pace.
const DRAIN: Duration = Duration::from_secs(180);

#[tokio::test]
async fn bandung_records_500_results_while_cut_off_and_central_gets_each_once() {
    let w = World::start(&[Site::Bandung], &[("TAM_RELAY_POLL_INTERVAL_MS", "50")]).await;
    let bandung = w.gateway(BANDUNG);
    let agents =
        futures::future::join_all((0..AGENTS).map(|_| w.certified_agent(Site::Bandung))).await;
    let wo = w
        .loaded_work_order(Site::Bandung, "WO-MS-CUT", 190_000_000_000, RESULTS)
        .await;
    let before = w
        .by_site("outbound", "calls")
        .await
        .get("bandung")
        .copied()
        .unwrap_or_default();

    w.sites.cut_link(Site::Bandung).await.unwrap();
    let started = Instant::now();
    let per_agent = RESULTS / AGENTS;
    let recorded = futures::future::join_all(agents.iter().map(|agent| {
        let bandung = bandung.clone();
        async move {
            let client = client_at(&bandung, &agent.token, Role::Agent).await;
            let mut last: Option<Uuid> = None;
            for _ in 0..per_agent {
                // prospect may not have heard of the last call yet: `done_with` keeps
                // `next` from handing its claim back.
                let query = tam_client::types::prospect::prospects::NextQuery { done_with: last };
                let next = match client.prospects_next(&query).await {
                    Ok(Some(next)) => next,
                    refused => panic!("Bandung gave no customer: {refused:?}"),
                };
                assert_ne!(
                    Some(next.claim_id),
                    last,
                    "next handed back the claim just called"
                );
                // With next's claim ticket the call starts at once (calling need not
                // wait for the claim's event).
                let start = serde_json::from_value(json!({
                    "prospect_id": next.prospect.id, "claim_ticket": next.claim_ticket,
                }))
                .unwrap();
                let call = match client.calls_start(&start).await {
                    Ok(call) => call.id,
                    refused => panic!("Bandung refused the call: {refused:?}"),
                };
                let result = client
                    .calls_record_result(
                        call,
                        &serde_json::from_value(json!({"outcome": "decline"})).unwrap(),
                    )
                    .await;
                assert!(result.is_ok(), "{result:?}");
                last = Some(next.claim_id);
            }
            per_agent
        }
    }))
    .await;
    let took = started.elapsed();
    assert_eq!(recorded.iter().sum::<u64>(), RESULTS);
    eprintln!("{RESULTS} results recorded at Bandung with the link cut in {took:?}");

    // Bandung kept working on its own: every customer declined there.
    let supervisor = w.token(Role::SupervisorOps, Some(Site::Bandung));
    let progress = wait_until("Bandung's prospect follows every result", WAIT, || async {
        let progress = w
            .get(
                BANDUNG,
                &format!("/api/v1/prospect/work-orders/{wo}/progress"),
                &supervisor,
            )
            .await;
        (progress.body["by_status"]["declined"] == RESULTS).then_some(progress.body)
    })
    .await;
    assert!(progress.is_ok(), "{progress:?}");

    // The events wait in the link queue, and central has none of them.
    let (held, _) = wait_until("the link queue holds Bandung's events", WAIT, || async {
        let backlog = w.sites.link_backlog(Site::Bandung).await.ok()?;
        (backlog.0 >= RESULTS).then_some(backlog)
    })
    .await
    .unwrap();
    let during = w.by_site("outbound", "calls").await;
    assert_eq!(
        during.get("bandung").copied().unwrap_or_default(),
        before,
        "central got Bandung's results through a cut link: {during:?}"
    );

    // A reconnecting shovel (ack-mode on-confirm) may send again what central already
    // has: 50 of the held events are sent to central now, and again by the link.
    let resent = resend_to_central(&w, 50).await;
    assert_eq!(resent, 50);

    w.sites.restore_link(Site::Bandung).await.unwrap();
    let restored = Instant::now();
    w.wait_report_within(
        DRAIN,
        "outbound",
        "calls",
        Site::Bandung,
        before + RESULTS as f64,
    )
    .await;
    eprintln!(
        "{held} events held by the link; central had all {RESULTS} results {:?} after the \
         link was restored",
        restored.elapsed()
    );
    // Everything delivered and handled (the link queue and central reporting's queue
    // empty), then counted: each result once.
    let queue = format!("{}.reporting", w.central.event_prefix);
    let vhost = w.sites.vhost(Place::Central).unwrap().to_owned();
    wait_until(
        "the link and central's reporting queue are drained",
        WAIT,
        || async {
            let backlog = w.sites.link_backlog(Site::Bandung).await.ok()?;
            let waiting = w
                .sites
                .management()
                .queue_messages(&vhost, &queue)
                .await
                .ok()?;
            (backlog.0 == 0 && waiting == 0).then_some(())
        },
    )
    .await
    .unwrap();
    // A duplicate applied late would show within these seconds.
    for _ in 0..10 {
        let after = w.by_site("outbound", "calls").await;
        assert_eq!(
            after.get("bandung").copied().unwrap_or_default(),
            before + RESULTS as f64,
            "each of Bandung's {RESULTS} results counted once at central: {after:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    w.stop().await;
}

/// Copies `n` of the events held in Bandung's link queue (towards central) straight to
/// central's exchange, as a shovel that reconnects after publishing them but before
/// acknowledging them would; the originals stay in the link queue (taken without an
/// acknowledgement and returned when the channel closes). How many were sent.
async fn resend_to_central(w: &World, n: usize) -> usize {
    use lapin::options::{BasicGetOptions, BasicPublishOptions, ConfirmSelectOptions};
    let [to_central, _] = w.sites.link(Site::Bandung).unwrap().legs();
    // As the shovel does: the link's user at both ends.
    let source = lapin::Connection::connect(
        &to_central.source_uri,
        lapin::ConnectionProperties::default(),
    )
    .await
    .unwrap();
    let destination = lapin::Connection::connect(
        &to_central.destination_uri,
        lapin::ConnectionProperties::default(),
    )
    .await
    .unwrap();
    let taking = source.create_channel().await.unwrap();
    let sending = destination.create_channel().await.unwrap();
    sending
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .unwrap();
    let mut sent = 0;
    while sent < n {
        let Some(message) = taking
            .basic_get(&to_central.queue, BasicGetOptions { no_ack: false })
            .await
            .unwrap()
        else {
            break;
        };
        let confirm = sending
            .basic_publish(
                &to_central.exchange,
                message.delivery.routing_key.as_str(),
                BasicPublishOptions::default(),
                &message.delivery.data,
                message.delivery.properties.clone(),
            )
            .await
            .unwrap()
            .await
            .unwrap();
        assert!(confirm.is_ack());
        sent += 1;
    }
    // Unacknowledged: back in the link queue.
    let _ = taking.close(200, "resent").await;
    let _ = source.close(200, "resent").await;
    let _ = destination.close(200, "resent").await;
    sent
}

#[tokio::test]
async fn an_agent_deactivated_at_central_is_refused_at_bandung_within_seconds_of_the_link_being_up()
{
    let w = World::start(&[Site::Bandung], &[]).await;
    let admin = w.token(Role::Admin, None);
    let calling = w.sites.url(BANDUNG, ServiceName::Calling).unwrap();
    let urls = |_: ()| {
        [
            format!("{}/api/v1/calling/calls", w.gateway(BANDUNG)),
            format!("{calling}/api/v1/calling/calls"),
        ]
    };
    // Two agents of Bandung, logged in at Bandung's gateway with central's tokens, both
    // accepted by Bandung's gateway and its calling.
    let mut agents = Vec::new();
    for _ in 0..2 {
        let (id, username, code) = w.hire(Site::Bandung).await;
        let token = w.log_in(BANDUNG, &username, &code).await;
        for url in urls(()) {
            assert!(!refused_as_revoked(&w, &url, &token).await, "{url}");
        }
        agents.push(Person { id, token });
    }
    let deactivate = |id: Uuid| {
        let admin = admin.clone();
        let w = &w;
        async move {
            let done = w
                .post(
                    Place::Central,
                    &format!("/api/v1/hr/employees/{id}/deactivate"),
                    &admin,
                    json!({}),
                )
                .await;
            assert_eq!(done.status, 200, "{:?}", done.body);
        }
    };

    // Deactivated at central with the link up: refused at Bandung within seconds.
    deactivate(agents[0].id).await;
    refused_within(&w, &urls(()), &agents[0].token, Instant::now()).await;

    // Deactivated while the link is cut: the revocation waits in the link queue, and
    // Bandung refuses the token within seconds of the link coming back.
    w.sites.cut_link(Site::Bandung).await.unwrap();
    deactivate(agents[1].id).await;
    let held = wait_until("the revocation waits in the link queue", WAIT, || async {
        let (_, to_bandung) = w.sites.link_backlog(Site::Bandung).await.ok()?;
        (to_bandung >= 1).then_some(to_bandung)
    })
    .await;
    assert!(held.is_ok(), "{held:?}");
    // Bandung asks central nothing per request (it keeps working while central is
    // down): the link is the one way the revocation reaches it.
    for url in urls(()) {
        assert!(
            !refused_as_revoked(&w, &url, &agents[1].token).await,
            "{url} refused the token before the revocation crossed the link"
        );
    }
    w.sites.restore_link(Site::Bandung).await.unwrap();
    refused_within(&w, &urls(()), &agents[1].token, Instant::now()).await;

    // Someone else's token still works there.
    let other = w.certified_agent(Site::Bandung).await;
    for url in urls(()) {
        assert!(!refused_as_revoked(&w, &url, &other.token).await, "{url}");
    }
    w.stop().await;
}
