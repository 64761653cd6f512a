//! `tam client …` (issue 17): the built `tam` binary against the started suite, as an
//! operator's script would run it: log in (the session file 0600), next, start-call,
//! result, import a DAPROS file (the report printed), export a report as CSV, and a bad
//! outcome printed as the problem with exit code 1.

use std::path::Path;
use std::process::Output;

use reqwest::Method;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};

use crate::outbound::Suite;

const PASSWORD: &str = "klien-uji-Rahasia-2026";

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

/// Runs `tam client <args>` with the session file `session`; its output.
async fn tam(session: &Path, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_tam"))
        .arg("client")
        .arg("--session")
        .arg(session)
        .args(args)
        .env("TAM_CLIENT_PASSWORD", PASSWORD)
        .env_remove("TAM_CLIENT_URL")
        .output()
        .await
        .unwrap()
}

/// The JSON a successful `--output json` command printed.
fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[tokio::test]
async fn an_operator_works_the_api_from_the_command_line() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-CLI-1").await;
    let admin = s.token(Role::Admin, None);
    let dir = std::env::temp_dir().join(format!("tam-client-cli-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();

    // A supervisor with a password, who imports and exports.
    let created = s
        .post(
            "/api/v1/hr/employees",
            &admin,
            json!({
                "nik": "3273000000000001", "full_name": "Supervisor Klien",
                "username": "klien.spv", "role": "supervisor_ops", "site": "medan",
                "birth_date": "1990-04-02", "education_level": "S1",
                "education_field": "Manajemen", "hire_date": "2025-01-06",
            }),
        )
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    activate(
        &s,
        "klien.spv",
        created.body["activation"]["code"].as_str().unwrap(),
    )
    .await;
    let spv = dir.join("spv").join("session.json");
    let login = tam(
        &spv,
        &["login", "--url", &s.gateway, "--username", "klien.spv"],
    )
    .await;
    assert_eq!(succeeded(&login), 0);
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&spv).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the session file is the user's alone");
    }

    // The import: the report printed, one row refused with its line and field.
    let csv = dir.join("dapros.csv");
    std::fs::write(
        &csv,
        "indihome_number;customer_name;contact_number;region\r\n\
         122000000001;Budi Santoso;081244400001;Medan Kota\r\n\
         122000000002;Siti Aminah;081244400002;Medan Baru\r\n\
         122000000003;;081244400003;\r\n",
    )
    .unwrap();
    let report = json_of(
        &tam(
            &spv,
            &[
                "--output",
                "json",
                "import",
                &wo.to_string(),
                csv.to_str().unwrap(),
            ],
        )
        .await,
    );
    assert_eq!(
        (&report["total"], &report["accepted"], &report["rejected"]),
        (&json!(3), &json!(2), &json!(1)),
        "{report}"
    );
    assert_eq!(report["errors"][0]["field"], "customer_name", "{report}");
    // The table form prints the same report for a person.
    let table = tam(&spv, &["import", &wo.to_string(), csv.to_str().unwrap()]).await;
    let printed = String::from_utf8_lossy(&table.stdout);
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with("total ") && l.ends_with(" 3")),
        "{printed}"
    );

    // An agent with a password: next, start the call, a bad result, a good one.
    let person = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let employee = s
        .get(&format!("/api/v1/hr/employees/{}", person.id), &admin)
        .await;
    let username = employee.body["username"].as_str().unwrap().to_owned();
    let code = s
        .post(
            &format!("/api/v1/hr/employees/{}/activation", person.id),
            &admin,
            json!({}),
        )
        .await;
    assert!(code.status.is_success(), "{:?}", code.body);
    activate(&s, &username, code.body["code"].as_str().unwrap()).await;
    let agent = dir.join("agent.json");
    json_of(
        &tam(
            &agent,
            &[
                "--output",
                "json",
                "login",
                "--url",
                &s.gateway,
                "--username",
                &username,
            ],
        )
        .await,
    );
    let next = json_of(&tam(&agent, &["--output", "json", "next"]).await);
    assert_eq!(next["prospect"]["customer_name"], "Budi Santoso", "{next}");
    let prospect = next["prospect"]["id"].as_str().unwrap().to_owned();
    let started = json_of(&tam(&agent, &["--output", "json", "start-call", &prospect]).await);
    assert_eq!(
        started["masking_number"],
        tam_kernel::Program::AddOnConsumer.masking_number()
    );
    let call = started["id"].as_str().unwrap().to_owned();

    let bad = tam(&agent, &["result", &call, "--outcome", "maybe_later"]).await;
    assert_eq!(bad.status.code(), Some(1), "a problem exits 1");
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.starts_with("error: 4"), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.trim_start().starts_with("outcome:")),
        "the field error is printed: {stderr}"
    );
    let bad_json = tam(
        &agent,
        &[
            "--output",
            "json",
            "result",
            &call,
            "--outcome",
            "maybe_later",
        ],
    )
    .await;
    assert_eq!(bad_json.status.code(), Some(1));
    let problem: Value = serde_json::from_slice(&bad_json.stdout).unwrap();
    assert_eq!(problem["errors"][0]["field"], "outcome", "{problem}");

    let recorded = json_of(
        &tam(
            &agent,
            &[
                "--output",
                "json",
                "result",
                &call,
                "--outcome",
                "agree",
                "--product",
                "MINIPACK",
            ],
        )
        .await,
    );
    assert_eq!(recorded["status"], "completed", "{recorded}");
    s.prospect_in(&prospect, "awaiting_validation").await;

    // The export, streamed into a file.
    let today = tam_kernel::wib_date(s.now()).to_string();
    let out = dir.join("outbound.csv");
    let exported = json_of(
        &tam(
            &spv,
            &[
                "--output",
                "json",
                "export",
                "outbound",
                "--from",
                &today,
                "--to",
                &today,
                "--group-by",
                "agent",
                "--format",
                "csv",
                "--out",
                out.to_str().unwrap(),
            ],
        )
        .await,
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(exported["bytes"], json!(written.len()), "{exported}");
    assert!(written.lines().count() >= 1, "a header at least: {written}");

    // Logging out revokes the session and removes the file; then nothing works.
    json_of(&tam(&agent, &["--output", "json", "logout"]).await);
    assert!(!agent.exists());
    let after = tam(&agent, &["next"]).await;
    assert_eq!(after.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&after.stderr).contains("not logged in"));

    std::fs::remove_dir_all(&dir).ok();
    s.stop().await;
}

/// The exit code of a table-output command that must succeed (its stdout is for people).
fn succeeded(output: &Output) -> i32 {
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.status.code().unwrap_or(-1)
}
