//! The merged OpenAPI document of the suite and the page that shows it.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde_json::{json, Map, Value};
use tam_auth::{Access, Policy};

use crate::security::DOCS_CSP;
use crate::Shared;

/// The largest service document read.
const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

const DOCS_HTML: &str = include_str!("docs.html");

/// The gateway's own paths: the merged document and the docs page.
pub fn own_document() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "tam gateway", "version": env!("CARGO_PKG_VERSION") },
        "tags": [{ "name": "gateway", "description": "The API's own description" }],
        "paths": {
            "/api/v1/openapi.json": {
                "get": {
                    "tags": ["gateway"],
                    "summary": "The OpenAPI document of the whole API",
                    "description": "Merged from every service's document; services that did not answer are listed in `x-unavailable-services`.",
                    "security": [],
                    "responses": { "200": {
                        "description": "An OpenAPI 3.1 document",
                        "content": { "application/json": { "schema": { "type": "object" } } }
                    } }
                }
            },
            "/api/v1/asyncapi.json": {
                "get": {
                    "tags": ["gateway"],
                    "summary": "The AsyncAPI document of the events on the bus",
                    "description": "Generated from the event contracts (shared/contracts): one channel per event type on the topic exchange `<prefix>.events`, its producer's send and each consumer's receive operation, and each payload's schema. The same document is docs/asyncapi.json (with the prefix `tam`).",
                    "security": [],
                    "responses": { "200": {
                        "description": "An AsyncAPI 3.0 document",
                        "content": { "application/json": { "schema": { "type": "object" } } }
                    } }
                }
            },
            "/api/v1/docs": {
                "get": {
                    "tags": ["gateway"],
                    "summary": "A page that shows the API document",
                    "security": [],
                    "responses": { "200": {
                        "description": "An HTML page",
                        "content": { "text/html": { "schema": { "type": "string" } } }
                    } }
                }
            }
        }
    })
}

/// `GET /api/v1/openapi.json`.
pub async fn merged(shared: web::Data<Shared>, client: web::Data<awc::Client>) -> HttpResponse {
    let timeout = shared.settings().openapi_timeout;
    let fetches = shared.services().map(|(service, base)| {
        let request = client.get(format!("{base}/openapi.json"));
        async move {
            let fetched = actix_web::rt::time::timeout(timeout, async {
                let mut response = request.send().await.ok()?;
                if !response.status().is_success() {
                    return None;
                }
                response
                    .json::<Value>()
                    .limit(MAX_DOCUMENT_BYTES)
                    .await
                    .ok()
            })
            .await
            .ok()
            .flatten();
            if fetched.is_none() {
                tracing::warn!(service, "no OpenAPI document; left out of the merged one");
            }
            (service, fetched)
        }
    });
    let documents = futures::future::join_all(fetches).await;
    HttpResponse::Ok().json(merge(shared.policy(), &documents))
}

/// `GET /api/v1/asyncapi.json`: the events on the bus, generated from the contract types
/// (`tam_contracts::reference`).
pub async fn asyncapi(shared: web::Data<Shared>) -> HttpResponse {
    HttpResponse::Ok().json(shared.asyncapi())
}

/// `GET /api/v1/docs`.
pub async fn docs() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::CONTENT_SECURITY_POLICY, DOCS_CSP))
        .body(DOCS_HTML)
}

/// One document from the services' ones (`None`: the service did not answer) and the
/// gateway's own: paths and components merged (the first definition of a name wins),
/// the bearer scheme required everywhere but on public routes, each route's roles from
/// the policy as `x-roles`, and the problems every route can answer
/// ([`tam_auth::openapi::add_standard_problems`]).
pub fn merge(policy: &Policy, documents: &[(&str, Option<Value>)]) -> Value {
    let mut paths = Map::new();
    let mut components: Map<String, Value> = Map::new();
    let mut tags: Vec<Value> = Vec::new();
    let mut unavailable = Vec::new();
    let own = own_document();
    let all = documents
        .iter()
        .map(|(service, doc)| (*service, doc.as_ref()))
        .chain([("gateway", Some(&own))]);
    for (service, doc) in all {
        let Some(doc) = doc else {
            unavailable.push(Value::from(service));
            continue;
        };
        if let Some(more) = doc.get("paths").and_then(Value::as_object) {
            for (path, item) in more {
                if paths.contains_key(path) {
                    tracing::warn!(service, path, "path documented twice; keeping the first");
                } else {
                    paths.insert(path.clone(), item.clone());
                }
            }
        }
        if let Some(more) = doc.get("components").and_then(Value::as_object) {
            for (kind, entries) in more {
                let Some(entries) = entries.as_object() else {
                    continue;
                };
                let into = components
                    .entry(kind.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(into) = into.as_object_mut() {
                    for (name, value) in entries {
                        match into.get(name) {
                            Some(existing) if existing != value => tracing::warn!(
                                service,
                                kind = kind.as_str(),
                                name = name.as_str(),
                                "component defined differently twice; keeping the first"
                            ),
                            Some(_) => {}
                            None => {
                                into.insert(name.clone(), value.clone());
                            }
                        }
                    }
                }
            }
        }
        for tag in doc
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = tag.get("name");
            if !tags.iter().any(|t| t.get("name") == name) {
                tags.push(tag.clone());
            }
        }
    }
    annotate_access(policy, &mut paths);
    let schemes = components
        .entry("securitySchemes")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(schemes) = schemes.as_object_mut() {
        schemes.insert(
            "bearerAuth".into(),
            json!({ "type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                    "description": "An access token from POST /api/v1/auth/login" }),
        );
    }
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "TAM API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every public route of the TAM suite, as served through the gateway. Errors are application/problem+json (RFC 9457).",
        },
        "servers": [{ "url": "/" }],
        "security": [{ "bearerAuth": [] }],
        "tags": tags,
        "paths": paths,
        "components": components,
        "x-unavailable-services": unavailable,
    });
    // 400/401/403/404/413/415/429 as each route can give them, documented in one place.
    tam_auth::openapi::add_standard_problems(&mut doc, policy);
    doc
}

/// Public routes need no token (`security: []`); role-restricted ones list their roles.
fn annotate_access(policy: &Policy, paths: &mut Map<String, Value>) {
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            let method = method.to_ascii_uppercase();
            let Some(row) = policy.find_template(&method, path) else {
                continue;
            };
            match row.route.access {
                Access::Public => {
                    operation.insert("security".into(), json!([]));
                }
                Access::AnyRole => {
                    operation.insert("x-roles".into(), json!(["any"]));
                }
                Access::Roles(roles) => {
                    operation.insert("x-roles".into(), json!(roles));
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use tam_auth::route;
    use tam_kernel::Role;

    #[test]
    fn documents_merge_with_access_from_the_policy() {
        let hr = json!({
            "openapi": "3.1.0",
            "tags": [{ "name": "employees" }],
            "paths": {
                "/api/v1/auth/login": { "post": { "summary": "log in" } },
                "/api/v1/hr/employees/{employee_id}": { "get": { "summary": "one" } },
            },
            "components": { "schemas": { "Employee": { "type": "object" }, "Problem": { "type": "object" } } },
        });
        let calling = json!({
            "openapi": "3.1.0",
            "paths": { "/api/v1/calling/calls": { "get": { "summary": "calls" } } },
            "components": { "schemas": { "Call": { "type": "object" }, "Problem": { "type": "object" } } },
        });
        const HR: &[tam_auth::Route] = &[
            route("POST", "/api/v1/auth/login", Access::Public),
            route(
                "GET",
                "/api/v1/hr/employees/{id}",
                Access::Roles(&[Role::Admin, Role::Agent]),
            ),
        ];
        const CALLING: &[tam_auth::Route] =
            &[route("GET", "/api/v1/calling/calls", Access::AnyRole)];
        let policy = Policy::new([
            ("gateway", crate::policy::ROUTES),
            ("hr", HR),
            ("calling", CALLING),
        ])
        .unwrap();
        let doc = merge(
            &policy,
            &[
                ("hr", Some(hr)),
                ("calling", Some(calling)),
                ("quality", None),
            ],
        );
        assert_eq!(doc["openapi"], "3.1.0");
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/v1/auth/login",
            "/api/v1/hr/employees/{employee_id}",
            "/api/v1/calling/calls",
            "/api/v1/openapi.json",
            "/api/v1/docs",
        ] {
            assert!(paths.contains_key(path), "{path}");
        }
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        // The services' three, and the problem body every route's errors name.
        assert_eq!(schemas.len(), 5);
        assert!(schemas.contains_key("ProblemBody"));
        let responses = &doc["paths"]["/api/v1/hr/employees/{employee_id}"]["get"]["responses"];
        for status in ["400", "401", "403", "404", "429"] {
            assert!(
                responses[status]["content"]["application/problem+json"].is_object(),
                "{status}: {responses}"
            );
        }
        assert_eq!(
            doc["components"]["securitySchemes"]["bearerAuth"]["scheme"],
            "bearer"
        );
        assert_eq!(doc["x-unavailable-services"], json!(["quality"]));
        assert_eq!(
            doc["paths"]["/api/v1/auth/login"]["post"]["security"],
            json!([])
        );
        let roles = &doc["paths"]["/api/v1/hr/employees/{employee_id}"]["get"]["x-roles"];
        assert!(
            roles.as_array().unwrap().contains(&json!("agent")),
            "{roles}"
        );
        let tags: Vec<&str> = doc["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(tags, ["employees", "gateway"]);
    }
}
