//! One API document from the services' documents.

use serde_json::json;
use tam_runtime::ServiceName;

use crate::support::{config, generous, Keys, TestGateway, Upstream};

#[actix_web::test]
async fn the_documents_of_the_services_are_merged() {
    let keys = Keys::new();
    let hr = Upstream::start().await;
    *hr.state.openapi.lock().unwrap() = Some(json!({
        "openapi": "3.1.0",
        "info": { "title": "tam hr", "version": "0.1.0" },
        "tags": [{ "name": "employees", "description": "People" }],
        "paths": {
            "/api/v1/auth/login": { "post": { "tags": ["auth"], "summary": "Log in" } },
            "/api/v1/hr/employees": { "get": { "tags": ["employees"], "summary": "List" } },
        },
        "components": { "schemas": {
            "Employee": { "type": "object" },
            "Problem": { "type": "object" },
        } },
    }));
    let calling = Upstream::start().await;
    *calling.state.openapi.lock().unwrap() = Some(json!({
        "openapi": "3.1.0",
        "info": { "title": "tam calling", "version": "0.1.0" },
        "paths": { "/api/v1/calling/calls": { "get": { "summary": "Calls" } } },
        "components": { "schemas": {
            "Call": { "type": "object" },
            "Problem": { "type": "object" },
        } },
    }));
    let config = config(
        &[
            (ServiceName::Hr, &hr.url),
            (ServiceName::Calling, &calling.url),
        ],
        &keys,
        "",
    );
    let gateway = TestGateway::start(&config, &keys, generous()).await;
    let response = gateway.get("/api/v1/openapi.json").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let doc: serde_json::Value = response.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut names: Vec<&str> = paths.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "/api/v1/asyncapi.json",
            "/api/v1/auth/login",
            "/api/v1/calling/calls",
            "/api/v1/docs",
            "/api/v1/hr/employees",
            "/api/v1/openapi.json",
        ]
    );
    let mut schemas: Vec<&str> = doc["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    schemas.sort_unstable();
    assert_eq!(
        schemas,
        [
            "Call",
            "Employee",
            "FieldErrorBody",
            "Problem",
            "ProblemBody"
        ]
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearerAuth"],
        json!({ "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                "description": "An access token from POST /api/v1/auth/login" })
    );
    assert_eq!(
        doc["paths"]["/api/v1/auth/login"]["post"]["security"],
        json!([])
    );
    let mut unavailable: Vec<&str> = doc["x-unavailable-services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    unavailable.sort_unstable();
    assert_eq!(
        unavailable,
        ["helpdesk", "prospect", "quality", "reporting"]
    );
    gateway.stop().await;
    hr.stop().await;
    calling.stop().await;
}

#[actix_web::test]
async fn the_asyncapi_document_is_public_and_names_every_contract() {
    let keys = Keys::new();
    let config = config(&[], &keys, "");
    let gateway = TestGateway::start(&config, &keys, generous()).await;
    // No token: the document is public, like the OpenAPI one.
    let response = gateway.get("/api/v1/asyncapi.json").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let doc: serde_json::Value = response.json().await.unwrap();
    assert_eq!(doc["asyncapi"], "3.0.0");
    let channels = doc["channels"].as_object().unwrap();
    assert_eq!(channels.len(), tam_contracts::CATALOG.len());
    for spec in tam_contracts::CATALOG {
        let channel = &channels[spec.event_type];
        assert_eq!(
            channel["bindings"]["amqp"]["exchange"]["name"],
            format!("{}.events", config.event_prefix),
            "{}",
            spec.event_type
        );
    }
    assert_eq!(
        doc,
        tam_contracts::reference::asyncapi(&config.event_prefix)
    );
    gateway.stop().await;
}
