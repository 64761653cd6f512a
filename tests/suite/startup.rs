//! The suite comes up: every service ready, events flow between services, `tam up`
//! migrates an empty database and stops cleanly on SIGTERM.

use std::collections::HashMap;
use std::process::Stdio;

use crate::free_port;
use diesel::sql_types::{BigInt, Text};
use diesel::QueryableByName;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, RunQueryDsl};
use tam_contracts::hr::{EmployeeCreated, EmployeeRoster, EmployeeStatus};
use tam_db::testing::TestDatabase;
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::{remove_topology, test_config, wait_until, TestApp, WAIT};

#[tokio::test]
async fn every_registered_service_starts_and_reports_ready() {
    let app = TestApp::start(&tam::services()).await.unwrap();
    for name in tam::services().iter().map(|def| def.name) {
        let url = app.url(name).unwrap();
        let admin = app.admin_url(name).unwrap();
        let ready: serde_json::Value = app
            .client
            .get(format!("{admin}/health/ready"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(ready["status"], "ready", "{name}: {ready}");
        assert_eq!(ready["service"], name.as_str());
        let checks: Vec<&str> = ready["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        let expected: &[&str] = if name == ServiceName::Gateway {
            &[]
        } else {
            &["database", "schema", "broker"]
        };
        assert_eq!(checks, expected, "{name}");

        let metrics = app
            .client
            .get(format!("{admin}/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(metrics.contains("tam_http_requests_total"), "{name}");
        if name != ServiceName::Gateway {
            assert!(metrics.contains("tam_outbox_backlog"), "{name}");
        }

        // The public port: no metrics, and readiness without its checks.
        let public_metrics = app
            .client
            .get(format!("{url}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(public_metrics.status(), 404, "{name}");
        let public_ready: serde_json::Value = app
            .client
            .get(format!("{url}/health/ready"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            public_ready,
            serde_json::json!({"service": name.as_str(), "status": "ready"}),
            "{name}"
        );
    }
    // Through the gateway's public port nothing internal is reachable either.
    let gateway = app.url(ServiceName::Gateway).unwrap();
    for path in ["/metrics", "/api/v1/metrics", "/api/v1/hr/metrics"] {
        let answer = app
            .client
            .get(format!("{gateway}{path}"))
            .send()
            .await
            .unwrap();
        assert!(
            answer.status() == 404 || answer.status() == 401,
            "{path}: {}",
            answer.status()
        );
    }
    app.stop().await.unwrap();
}

/// A hire as hr publishes it: reporting reads the payload (its workforce roster), so
/// the event must be one the contract accepts.
fn hired(nik: &str) -> EmployeeCreated {
    EmployeeCreated {
        employee: EmployeeRoster {
            employee_id: uuid::Uuid::now_v7(),
            nik: nik.to_owned(),
            full_name: format!("Agent {nik}"),
            username: format!("agent{nik}"),
            role: Role::Agent,
            site: Some(Site::Bandung),
            program: None,
            team_id: None,
            status: EmployeeStatus::Active,
        },
    }
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = BigInt)]
    events: i64,
}

#[tokio::test]
async fn an_event_committed_by_one_service_reaches_reporting() {
    let app = TestApp::start(&[tam_hr::service(), tam_reporting::service()])
        .await
        .unwrap();
    let hr = app.pool("hr").unwrap();
    let mut conn = hr.get().await.unwrap();
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        async move {
            for nik in ["1001", "1002"] {
                tam_events::Producer("hr")
                    .publish(conn, Site::Bandung, None, &hired(nik))
                    .await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await
    .unwrap();
    drop(conn);

    let reporting = app.pool("reporting").unwrap();
    let counted = wait_until("reporting counted both events", WAIT, || async {
        let mut conn = reporting.get().await.ok()?;
        let rows: Vec<Counted> =
            diesel::sql_query("SELECT event_type, site, events FROM event_counts")
                .load(&mut conn)
                .await
                .ok()?;
        matches!(rows.as_slice(), [r] if r.events == 2).then_some(rows)
    })
    .await
    .unwrap();
    assert_eq!(counted.len(), 1);
    assert_eq!(counted[0].event_type, "hr.employee.created");
    assert_eq!(counted[0].site, "bandung");
    app.stop().await.unwrap();
}

#[tokio::test]
async fn tam_up_migrates_an_empty_database_serves_all_seven_and_stops_on_sigterm() {
    let db = TestDatabase::create(&[]).await.unwrap();
    let config = test_config(db.url(), &HashMap::new()).unwrap();
    let mut env: HashMap<String, String> = HashMap::from([
        ("TAM_DATABASE_URL".into(), db.url().to_owned()),
        ("TAM_AMQP_URL".into(), config.amqp_url.clone()),
        ("TAM_EVENT_PREFIX".into(), config.event_prefix.clone()),
        ("TAM_LOG".into(), "warn".into()),
        (
            "TAM_JWT_KEYS_DIR".into(),
            config.jwt_keys_dir.display().to_string(),
        ),
        ("TAM_JWT_SIGNING_KID".into(), config.jwt_signing_kid.clone()),
        ("TAM_DB_POOL_SIZE".into(), "2".into()),
        ("TAM_HTTP_WORKERS".into(), "1".into()),
    ]);
    let mut ports = Vec::new();
    for name in tam::services().iter().map(|def| def.name) {
        let port = free_port();
        env.insert(name.port_variable(), port.to_string());
        env.insert(name.admin_port_variable(), free_port().to_string());
        ports.push((name, port));
    }
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_tam"))
        .arg("up")
        .envs(&env)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();

    let client = reqwest::Client::new();
    for (name, port) in &ports {
        let url = format!("http://127.0.0.1:{port}/health/ready");
        wait_until(&format!("{name} is ready"), WAIT, || {
            let request = client.get(&url).send();
            async move { request.await.ok()?.status().is_success().then_some(()) }
        })
        .await
        .unwrap();
    }

    let pid = child.id().unwrap();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = tokio::time::timeout(WAIT, child.wait())
        .await
        .expect("tam up did not stop after SIGTERM")
        .unwrap();
    assert!(exit.success(), "tam up exited with {exit}");
    remove_topology(&config.amqp_url, &config.event_prefix).await;
}

#[tokio::test]
async fn production_refuses_to_create_the_demo_organisation() {
    let db = TestDatabase::create(&[tam_hr::MIGRATIONS]).await.unwrap();
    let config = test_config(db.url(), &HashMap::new()).unwrap();
    for args in [&["seed", "demo"][..], &["up", "--demo"]] {
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_tam"));
        command
            .args(args)
            .env("TAM_ENV", "production")
            .env("TAM_DATABASE_URL", db.url())
            .env("TAM_EVENT_PREFIX", &config.event_prefix)
            .env("TAM_LOG", "warn")
            .env("TAM_AMQP_MANAGEMENT_URL", "http://127.0.0.1:1")
            .kill_on_drop(true);
        for name in tam::services().iter().map(|def| def.name) {
            command.env(name.port_variable(), "0");
            command.env(name.admin_port_variable(), "0");
        }
        let out = tokio::time::timeout(WAIT, command.output())
            .await
            .unwrap_or_else(|_| panic!("tam {args:?} did not refuse; it ran"))
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "tam {args:?} succeeded");
        assert!(
            stderr.contains("TAM_ENV=production"),
            "tam {args:?}: {stderr}"
        );
    }
    #[derive(QueryableByName)]
    struct Employees {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let hr = tam_db::connect_pool(db.url(), "hr", tam_db::PoolSettings::default()).unwrap();
    let mut conn = hr.get().await.unwrap();
    let employees: Employees = diesel::sql_query("SELECT count(*) AS n FROM employees")
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(employees.n, 0, "the demo users were created");
}
