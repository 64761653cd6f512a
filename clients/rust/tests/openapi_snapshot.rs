//! The merged OpenAPI document, built as the gateway builds it
//! (`tam_gateway::merge_openapi` over every service's document and the policy
//! table), must equal `clients/rust/openapi.snapshot.json`. A change of any route,
//! parameter or body fails here until tam-client's methods are updated and the snapshot
//! re-blessed (`TAM_BLESS=1 cargo test -p tam-client --test openapi_snapshot`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use utoipa::OpenApi as _;

/// Every registered service's own document, in registry order (the gateway's upstreams).
fn service_documents() -> Vec<(&'static str, Option<serde_json::Value>)> {
    let mut docs = Vec::new();
    for def in tam::services() {
        let name = def.name.as_str();
        let doc = match name {
            "gateway" => continue,
            "hr" => tam_hr::api::ApiDoc::openapi(),
            "prospect" => tam_prospect::api::ApiDoc::openapi(),
            "calling" => tam_calling::api::ApiDoc::openapi(),
            "quality" => tam_quality::api::ApiDoc::openapi(),
            "helpdesk" => tam_helpdesk::api::ApiDoc::openapi(),
            "reporting" => tam_reporting::api::ApiDoc::openapi(),
            other => panic!(
                "{other} is a new service: add its document here, its routes to tam-client, and re-bless"
            ),
        };
        docs.push((name, Some(serde_json::to_value(doc).unwrap())));
    }
    docs
}

#[test]
fn the_merged_openapi_document_is_the_one_the_client_was_built_for() {
    let policy = tam::policy().unwrap();
    let merged = tam_gateway::merge_openapi(&policy, &service_documents());
    let text = serde_json::to_string_pretty(&merged).unwrap() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("openapi.snapshot.json");
    if std::env::var("TAM_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let snapshot = std::fs::read_to_string(&path).unwrap_or_default();
    if snapshot != text {
        let old: serde_json::Value = serde_json::from_str(&snapshot).unwrap_or_default();
        let changed: Vec<String> = operations(&merged)
            .symmetric_difference(&operations(&old))
            .cloned()
            .collect();
        panic!(
            "the API changed: update tam-client's methods and re-bless the snapshot \
             (TAM_BLESS=1 cargo test -p tam-client --test openapi_snapshot).\n\
             operations added or removed: {changed:?} (none: a parameter, body or \
             response changed; diff clients/rust/openapi.snapshot.json after blessing)"
        );
    }
}

fn operations(doc: &serde_json::Value) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in item.as_object().into_iter().flat_map(|o| o.keys()) {
                out.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    out
}

/// A query struct's `IntoParams` without `parameter_in = Query` declares its fields as
/// path parameters: a client built from the document would put them in the path.
#[test]
fn every_path_parameter_names_a_segment_of_its_path() {
    let policy = tam::policy().unwrap();
    let merged = tam_gateway::merge_openapi(&policy, &service_documents());
    let mut wrong = Vec::new();
    for (path, item) in merged["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap_or_default();
                if p["in"] == "path" && !path.contains(&format!("{{{name}}}")) {
                    wrong.push(format!("{method} {path}: {name}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "query parameters declared in the path: {wrong:?}"
    );
}
