//! The web console in a real browser (issue 17): the whole suite with the gateway, the
//! people and the data prepared through the APIs, then `node tests/console/run.mjs`
//! (playwright-core driving Debian's headless chromium, axe-core on every home) with a
//! JSON of the gateway's URL and the people's credentials. The README's test command
//! installs chromium, node and the pinned npm packages (scripts/lib.sh, ensure_browser);
//! without them this test fails saying so, never passes silently.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, NaiveTime};
use reqwest::Method;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};

use crate::outbound::{Person, Suite};
use crate::quality::{claim, scores, sell};

const PASSWORD: &str = "konsol-uji-Rahasia-2026";
const PROGRAM: &str = "add_on_consumer";

/// What the browser run needs of a person: how they sign in.
fn login(username: &str, role: Role) -> Value {
    json!({"username": username, "password": PASSWORD, "role": role.as_str()})
}

/// Sets the first password with the activation code, as the employee would.
async fn activate(s: &Suite, username: &str, code: &str) {
    let activated = s
        .app
        .call(
            Method::POST,
            &format!("{}/api/v1/auth/activate", s.gateway),
            None,
            &[],
            Some(&json!({"username": username, "code": code, "new_password": PASSWORD})),
        )
        .await;
    assert_eq!(activated.status, 204, "{username}: {:?}", activated.body);
}

/// An account of `role` (at `site` when the role is site-bound) with a password.
async fn account(s: &Suite, n: u32, role: Role) -> Value {
    let admin = s.token(Role::Admin, None);
    let username = format!("konsol.{n}");
    let mut body = json!({
        "nik": format!("3272{:012}", n),
        "full_name": format!("Konsol {n}"),
        "username": username,
        "role": role.as_str(),
        "birth_date": "1995-04-02",
        "education_level": "S1",
        "education_field": "Manajemen",
        "hire_date": "2025-01-06",
    });
    if role.is_site_bound() {
        body["site"] = json!(Site::Medan.as_str());
        if role == Role::TeamLeader {
            body["program"] = json!(PROGRAM);
        }
    }
    let created = s.post("/api/v1/hr/employees", &admin, body).await;
    assert_eq!(created.status, 201, "{role}: {:?}", created.body);
    let code = created.body["activation"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    activate(s, &username, &code).await;
    login(&username, role)
}

/// A hired, certified agent (the suite's own hire), with a password.
async fn agent(s: &Suite) -> (Person, Value) {
    let person = s.hire(Role::Agent, Site::Medan, PROGRAM).await;
    let admin = s.token(Role::Admin, None);
    let employee = s
        .get(&format!("/api/v1/hr/employees/{}", person.id), &admin)
        .await;
    assert_eq!(employee.status, 200, "{:?}", employee.body);
    let username = employee.body["username"].as_str().unwrap().to_owned();
    let code = s
        .post(
            &format!("/api/v1/hr/employees/{}/activation", person.id),
            &admin,
            json!({}),
        )
        .await;
    assert!(code.status.is_success(), "{:?}", code.body);
    activate(s, &username, code.body["code"].as_str().unwrap()).await;
    (person, login(&username, Role::Agent))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Why the browser run cannot start, if it cannot: what is missing and what installs it.
fn missing_tools(root: &Path) -> Option<String> {
    let chromium = std::env::var("TAM_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node = Command::new("node").arg("--version").output();
    if node.map(|o| !o.status.success()).unwrap_or(true) {
        return Some("node is not installed".into());
    }
    if !Path::new(&chromium).exists() {
        return Some(format!("{chromium} is not installed"));
    }
    for package in ["playwright-core", "axe-core"] {
        if !root
            .join("tests/console/node_modules")
            .join(package)
            .exists()
        {
            return Some(format!(
                "the npm package {package} is not in tests/console/node_modules"
            ));
        }
    }
    None
}

#[tokio::test]
async fn the_console_in_a_real_browser() {
    let root = repo();
    if let Some(why) = missing_tools(&root) {
        panic!(
            "the console's browser tests cannot run: {why}. The README's test command \
             (scripts/test.sh, ensure_browser in scripts/lib.sh) installs chromium, node \
             and `npm ci --prefix tests/console`."
        );
    }
    // The console calls the APIs through the gateway's own address: a port known before
    // the start (the tests' random port 0 would leave the console nowhere to call).
    let port = crate::free_port();
    let overrides = std::collections::HashMap::from([
        ("TAM_GATEWAY_PORT".to_owned(), port.to_string()),
        (
            "TAM_CONSOLE_API_URL".to_owned(),
            format!("http://127.0.0.1:{port}"),
        ),
    ]);
    let s = Suite::start_with(&overrides).await;
    let wo = s.work_order(Site::Medan, "WO-KONSOL-1").await;
    // In claim order: the other agent's sale that QC finds VALID (HD Support's ticket),
    // the agent's sale the QC officer RETURNs in the browser, the agent's FOLLOW UP.
    let csv = "indihome_number;customer_name;contact_number\n\
               188000000001;Rahmat Validasi;081288800001\n\
               188000000002;Sari Kembali;081288800002\n\
               188000000003;Budi Tindaklanjut;081288800003\n";
    let imported = s.import(Site::Medan, wo, csv).await;
    assert_eq!(imported.status, 201, "{:?}", imported.body);
    let upload_wo = s.work_order(Site::Medan, "WO-KONSOL-2").await;

    let (other, other_login) = agent(&s).await;
    let (me, my_login) = agent(&s).await;

    // The other agent's sale, VALID through the API: a ticket at HD Support.
    let qco_token = s.token(Role::QcOfficer, Some(Site::Medan));
    let claimed = s.next(&other).await;
    assert_eq!(claimed.body["prospect"]["customer_name"], "Rahmat Validasi");
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    sell(&s, &other, &prospect).await;
    let task = claim(&s, &qco_token).await;
    let task_id = task["id"].as_str().unwrap().to_owned();
    let items = scores(&s, &qco_token, &task_id, &[]).await;
    let valid = s
        .post(
            &format!("/api/v1/quality/tasks/{task_id}/verdict"),
            &qco_token,
            json!({"scores": items, "verdict": "valid"}),
        )
        .await;
    assert_eq!(valid.status, 200, "{:?}", valid.body);
    tam_testkit::wait_until(
        "the valid sale's ticket is open",
        tam_testkit::WAIT,
        || async {
            let found = crate::helpdesk_obc::search(&s, "188000000001").await;
            (!found.is_empty()).then_some(())
        },
    )
    .await
    .unwrap();

    // The agent's sale, left in the tapping queue for the browser's QC officer.
    let claimed = s.next(&me).await;
    assert_eq!(claimed.body["prospect"]["customer_name"], "Sari Kembali");
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let sold_call = sell(&s, &me, &prospect).await;

    let mut people = serde_json::Map::new();
    people.insert("agent".into(), my_login);
    let roles = [
        Role::TeamLeader,
        Role::SupervisorOps,
        Role::QcOfficer,
        Role::QaOfficer,
        Role::SupervisorQuality,
        Role::HdSupport,
        Role::SupervisorHd,
        Role::QcTier2,
        Role::Ioc,
        Role::HrRecruiter,
        Role::Trainer,
        Role::Manager,
        Role::Coordinator,
    ];
    for (n, role) in roles.into_iter().enumerate() {
        let n = u32::try_from(n).unwrap();
        people.insert(role.as_str().into(), account(&s, n, role).await);
    }

    // A FOLLOW UP tomorrow at 10:00 WIB (the suite's clock), as the form's local time.
    let tomorrow = tam_kernel::wib_date(s.now()) + Duration::days(1);
    let follow_up = tomorrow.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
    let config = json!({
        "gateway": s.gateway,
        "screenshots": root.join("target/console-screenshots"),
        "people": people,
        "other_agent": other_login,
        "agent_call": sold_call,
        "agent_call_customer": "Sari Kembali",
        "follow_up_customer": "Budi Tindaklanjut",
        "masking_number": tam_kernel::Program::AddOnConsumer.masking_number(),
        "follow_up_local": follow_up.format("%Y-%m-%dT%H:%M").to_string(),
        "follow_up_shown": "WO-KONSOL-1",
        "agreed_customer": "Sari Kembali",
        "return_reason": "persetujuan pelanggan tidak terdengar jelas",
        "ticket_customer": "Rahmat Validasi",
        "upload_work_order": upload_wo,
        "dapros_csv": "indihome_number;customer_name;contact_number\n\
                       188000000011;Dewi Unggah;081288800011\n\
                       188000000012;Eko Unggah;081288800012\n\
                       188000000013;;081288800013\n",
        "dapros_accepted": 2,
    });
    let dir = tempfile_dir();
    let path = dir.join("console-run.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&config).unwrap()).unwrap();

    let run = tokio::task::spawn_blocking({
        let root = root.clone();
        move || {
            Command::new("node")
                .arg(root.join("tests/console/run.mjs"))
                .arg(&path)
                .current_dir(&root)
                .output()
        }
    })
    .await
    .unwrap()
    .expect("node runs");
    let out = String::from_utf8_lossy(&run.stdout);
    let err = String::from_utf8_lossy(&run.stderr);
    println!("{out}");
    eprintln!("{err}");
    s.stop().await;
    assert!(
        run.status.success(),
        "the console's browser tests failed ({}):\n{out}\n{err}",
        run.status
    );
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tam-console-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
