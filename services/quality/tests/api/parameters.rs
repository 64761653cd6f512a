//! Assessment parameter sets: the seeded version 1, replacement as a new version by a
//! quality supervisor of a site running the program, and the history.

use serde_json::json;
use tam_kernel::{Role, Site};

use crate::helpers::{Quality, SALES_ITEMS};

#[tokio::test]
async fn every_program_starts_with_a_seeded_version() {
    let q = Quality::start().await;
    let trainer = q.token(Role::Trainer, Some(Site::Medan));
    let all = q.get("/api/v1/quality/parameters", &trainer).await;
    assert_eq!(all.status, 200, "{:?}", all.body);
    let sets = all.body["items"].as_array().unwrap();
    let programs: Vec<_> = sets
        .iter()
        .map(|s| s["program"].as_str().unwrap())
        .collect();
    assert_eq!(
        programs,
        ["add_on_consumer", "wifi_addon_digital", "ct0_pranpc"]
    );
    assert!(sets
        .iter()
        .all(|s| s["version"] == 1 && s["created_by"].is_null()));

    let one = q
        .get("/api/v1/quality/parameters/add_on_consumer", &trainer)
        .await;
    let codes: Vec<_> = one.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, SALES_ITEMS);
    let weights: u64 = one.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["weight"].as_u64().unwrap())
        .sum();
    assert_eq!(weights, 100);
    let retention = q
        .get("/api/v1/quality/parameters/ct0_pranpc", &trainer)
        .await;
    assert_eq!(retention.body["items"][2]["code"], "NEGOTIATION_STEPS");

    let unknown = q
        .get("/api/v1/quality/parameters/telesurvey", &trainer)
        .await;
    assert_eq!(unknown.status, 404);
    q.stop().await;
}

#[tokio::test]
async fn a_supervisor_replaces_a_set_as_a_new_version_and_the_history_keeps_each() {
    let q = Quality::start().await;
    let bandung = q.token(Role::SupervisorQuality, Some(Site::Bandung));
    let path = "/api/v1/quality/parameters/ct0_pranpc";

    let bad = q
        .put(
            path,
            &bandung,
            json!({"items": [
                {"code": "A", "description": "x", "weight": 0, "critical": false},
                {"code": "a", "description": "y", "weight": 5, "critical": true},
                {"code": "B", "description": "", "weight": 5},
            ]}),
        )
        .await;
    assert_eq!(bad.status, 400, "{:?}", bad.body);
    assert_eq!(
        bad.fields(),
        [
            "items[0].weight",
            "items[1].code",
            "items[2].description",
            "items[2].critical"
        ]
    );
    let empty = q.put(path, &bandung, json!({"items": []})).await;
    assert_eq!(empty.status, 400);
    assert_eq!(empty.fields(), ["items"]);

    let v2 = q
        .put(
            path,
            &bandung,
            json!({"items": [
                {"code": "steps", "description": "Negotiation steps in order", "weight": 60, "critical": true},
                {"code": "CONSENT", "description": "Clear consent", "weight": 40, "critical": true},
            ]}),
        )
        .await;
    assert_eq!(v2.status, 200, "{:?}", v2.body);
    assert_eq!(v2.body["version"], 2);
    assert_eq!(v2.body["items"][0]["code"], "STEPS");
    assert!(v2.body["created_by"].is_string());

    let current = q.get(path, &bandung).await;
    assert_eq!(current.body["version"], 2);
    let history = q.get(&format!("{path}/versions"), &bandung).await;
    assert_eq!(history.status, 200);
    let versions = history.body["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[1]["version"], 1);
    assert_eq!(versions[1]["items"].as_array().unwrap().len(), 6);

    // ct0_pranpc runs only at Bandung: Medan's quality supervisor may not change it.
    let medan = q.token(Role::SupervisorQuality, Some(Site::Medan));
    let refused = q
        .put(
            path,
            &medan,
            json!({"items": [{"code": "X", "description": "x", "weight": 1, "critical": false}]}),
        )
        .await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    // Other roles are refused by the policy.
    let qco = q.token(Role::QcOfficer, Some(Site::Bandung));
    let refused = q
        .put(
            path,
            &qco,
            json!({"items": [{"code": "X", "description": "x", "weight": 1, "critical": false}]}),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(q.get(path, &bandung).await.body["version"], 2);
    q.stop().await;
}
