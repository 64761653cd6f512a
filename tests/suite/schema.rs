//! Schemas: migrations are reversible, and a service whose schema is behind its code
//! does not report ready until `tam migrate` has run.

use std::sync::Arc;

use tam_db::testing::{check_reversible, TestDatabase};
use tam_runtime::ServiceName;
use tam_testkit::{remove_topology, test_config, wait_until, WAIT};
use tokio_util::sync::CancellationToken;

#[tokio::test]
async fn every_schema_migrates_up_down_and_up_again() {
    let db = TestDatabase::create(&[]).await.unwrap();
    for def in tam::services() {
        if let Some(migrations) = def.migrations {
            check_reversible(db.url(), migrations)
                .await
                .unwrap_or_else(|e| panic!("{}: {e:#}", def.name));
        }
    }
}

#[tokio::test]
async fn a_service_whose_schema_is_behind_is_not_ready_until_migrated() {
    let db = TestDatabase::create(&[]).await.unwrap();
    let config = Arc::new(test_config(db.url(), &Default::default()).unwrap());
    let shutdown = CancellationToken::new();
    let def = tam::service(ServiceName::Reporting).unwrap();
    let policy = Arc::new(tam::policy().unwrap());
    let service = tam_runtime::start(&def, policy, Arc::clone(&config), shutdown.clone())
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let ready_url = format!("{}/health/ready", service.admin_url());

    let report = wait_until("the broker is connected", WAIT, || async {
        let response = client.get(&ready_url).send().await.ok()?;
        let body: serde_json::Value = response.json().await.ok()?;
        let broker_ok = body["checks"]
            .as_array()?
            .iter()
            .any(|c| c["name"] == "broker" && c["ok"] == true);
        broker_ok.then_some(body)
    })
    .await
    .unwrap();
    assert_eq!(report["status"], "not_ready", "{report}");
    let schema = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "schema")
        .unwrap();
    assert_eq!(schema["ok"], false);
    assert!(schema["detail"].as_str().unwrap().contains("tam migrate"));

    tam::migrate(&config, &[def]).await.unwrap();
    wait_until("reporting is ready", WAIT, || async {
        let response = client.get(&ready_url).send().await.ok()?;
        response.status().is_success().then_some(())
    })
    .await
    .unwrap();

    shutdown.cancel();
    service.stopped().await.unwrap();
    remove_topology(&config.amqp_url, &config.event_prefix).await;
}
