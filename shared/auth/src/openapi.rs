//! What every service's OpenAPI document shares: the bearer security scheme, the
//! problem body, the schemas of the kernel's codes, and the problems every operation can
//! answer given its row of the [`Policy`].

use tam_kernel::{Outcome, Program, Role, Site};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::Object;
use utoipa::{Modify, ToSchema};

use crate::{Access, Policy};

/// The schema of a text code: one of `codes` (the kernel's code enums have no utoipa
/// derives; their `CODES` constants are the one list).
pub fn codes(codes: &'static [&'static str], description: &str) -> Object {
    code_schema(codes, SchemaType::new(Type::String), description)
}

/// As [`codes`], or `null` (in the `enum` too: JSON Schema checks `enum` apart from
/// `type`, so a `null` the enum does not list is refused).
pub fn nullable_codes(codes: &'static [&'static str], description: &str) -> Object {
    code_schema(
        codes,
        SchemaType::from_iter([Type::String, Type::Null]),
        description,
    )
}

fn code_schema(
    codes: &'static [&'static str],
    schema_type: SchemaType,
    description: &str,
) -> Object {
    let nullable = matches!(&schema_type, SchemaType::Array(types) if types.contains(&Type::Null));
    let mut values: Vec<serde_json::Value> = codes.iter().copied().map(Into::into).collect();
    if nullable {
        values.push(serde_json::Value::Null);
    }
    ObjectBuilder::new()
        .schema_type(schema_type)
        .enum_values(Some(values))
        .description(Some(description))
        .build()
}

pub fn site() -> Object {
    codes(Site::CODES, "site code")
}

pub fn program() -> Object {
    codes(Program::CODES, "program code")
}

pub fn role() -> Object {
    codes(Role::CODES, "role code")
}

pub fn outcome() -> Object {
    codes(Outcome::CODES, "call outcome")
}

/// A list's page size (`limit`): what [`tam_kernel::parse_page`] accepts.
pub fn limit() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Integer))
        .minimum(Some(1))
        .maximum(Some(tam_kernel::MAX_LIMIT))
        .description(Some("items per page (default 50)"))
        .build()
}

/// A list's `cursor`: the `next_cursor` of the previous page, as the kernel encodes it
/// (48 hex digits, a timestamp after 1970 and an id); empty is the first page.
pub fn cursor() -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .pattern(Some("^([0-6][0-9a-f]{47})?$"))
        .description(Some("the `next_cursor` of the previous page, unchanged"))
        .build()
}

/// One invalid field of a validation problem.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FieldErrorBody {
    pub field: String,
    pub reason: String,
}

/// An RFC 9457 problem (`application/problem+json`): every error answer. The rule slugs
/// of each service's 422s are listed in its README.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ProblemBody {
    /// `https://tam.example/problems/<slug>`.
    #[schema(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: Option<String>,
    /// The invalid fields (validation problems only).
    pub errors: Option<Vec<FieldErrorBody>>,
}

/// Adds the `bearer` (JWT) security scheme that every operation's `security` names.
pub struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The problems any operation can answer besides those of its own handler, by what
/// the operation is: `400` (a path, query or body that does not parse), `401` and `403`
/// (the policy's refusals), `404` (an id not found or out of scope), `413` and `415`
/// (a body too large or not of the documented type), and `429` (the gateway's
/// per-client limit). The one place these are documented: the gateway applies it to the
/// merged document, so every route, present and future, declares them.
pub fn standard_problems(
    policy: &Policy,
    path: &str,
    method: &str,
    operation: &serde_json::Value,
) -> Vec<(u16, &'static str)> {
    let access = policy
        .find_template(&method.to_ascii_uppercase(), path)
        .map(|row| row.route.access);
    let has_body = operation.get("requestBody").is_some();
    let has_parameters = operation
        .get("parameters")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|p| !p.is_empty())
        || path.contains('{');
    let mut problems = Vec::new();
    if has_body || has_parameters {
        problems.push((400, "The path, query or body does not parse or is invalid"));
    }
    if matches!(access, Some(Access::AnyRole | Access::Roles(_))) {
        problems.push((401, "No valid access token"));
    }
    if matches!(access, Some(Access::Roles(_))) {
        problems.push((403, "The caller's role may not call this route"));
    }
    if path.contains('{') {
        problems.push((404, "Not found, or outside the caller's scope"));
    }
    if has_body {
        problems.push((413, "The body is too large"));
        problems.push((415, "The body is not of the documented content type"));
    }
    problems.push((429, "Too many requests from this client (see Retry-After)"));
    problems
}

/// Adds [`standard_problems`] to every operation of `doc` that does not declare them
/// already (its own description wins), as `application/problem+json` [`ProblemBody`]s,
/// and the schemas they name.
pub fn add_standard_problems(doc: &mut serde_json::Value, policy: &Policy) {
    use serde_json::{json, Value};
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let problems = standard_problems(policy, path, method, operation);
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            let responses = operation.entry("responses").or_insert_with(|| json!({}));
            let Some(responses) = responses.as_object_mut() else {
                continue;
            };
            for (status, description) in problems {
                responses.entry(status.to_string()).or_insert_with(|| {
                    json!({
                        "description": description,
                        "content": { "application/problem+json": {
                            "schema": { "$ref": "#/components/schemas/ProblemBody" }
                        } }
                    })
                });
            }
        }
    }
    #[derive(utoipa::OpenApi)]
    #[openapi(components(schemas(ProblemBody, FieldErrorBody)))]
    struct Problems;
    let Ok(Value::Object(problem_schemas)) =
        serde_json::to_value(<Problems as utoipa::OpenApi>::openapi())
            .map(|mut d| d["components"]["schemas"].take())
    else {
        return;
    };
    if let Some(root) = doc.as_object_mut() {
        let schemas = root
            .entry("components")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|c| c.entry("schemas").or_insert_with(|| json!({})));
        if let Some(Value::Object(schemas)) = schemas {
            for (name, schema) in problem_schemas {
                schemas.entry(name).or_insert(schema);
            }
        }
    }
}

/// The (METHOD, path) operations of an OpenAPI document, sorted.
pub fn documented_operations(doc: &serde_json::Value) -> Vec<(String, String)> {
    let mut operations: Vec<(String, String)> = doc["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .map(move |(method, _)| (method.to_uppercase(), path.clone()))
        })
        .collect();
    operations.sort();
    operations
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_nullable_code_admits_null_in_its_enum() {
        let schema = serde_json::to_value(nullable_codes(&["a", "b"], "x")).unwrap();
        assert_eq!(schema["enum"], serde_json::json!(["a", "b", null]));
        assert_eq!(schema["type"], serde_json::json!(["string", "null"]));
        let schema = serde_json::to_value(codes(&["a"], "x")).unwrap();
        assert_eq!(schema["enum"], serde_json::json!(["a"]));
    }

    #[test]
    fn every_operation_gets_the_problems_it_can_answer() {
        let mut doc = serde_json::json!({"paths": {
            "/api/v1/auth/login": {"post": {"requestBody": {}, "responses": {
                "401": {"description": "wrong password"}}}},
            "/api/v1/auth/me": {"get": {"responses": {"200": {"description": "me"}}}},
            "/api/v1/hr/employees/{id}": {"get": {"responses": {}}},
            "/api/v1/hr/teams": {"get": {"parameters": [{"name": "limit"}]}},
        }});
        add_standard_problems(&mut doc, &crate::policy::tests::table());
        let statuses = |path: &str, method: &str| -> Vec<String> {
            doc["paths"][path][method]["responses"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect()
        };
        // Public: no 401 or 403 of the policy's; its own 401 is kept as it was.
        assert_eq!(
            statuses("/api/v1/auth/login", "post"),
            ["400", "401", "413", "415", "429"]
        );
        assert_eq!(
            doc["paths"]["/api/v1/auth/login"]["post"]["responses"]["401"]["description"],
            "wrong password"
        );
        // Any role: 401, never 403.
        assert_eq!(statuses("/api/v1/auth/me", "get"), ["200", "401", "429"]);
        assert_eq!(
            statuses("/api/v1/hr/employees/{id}", "get"),
            ["400", "401", "403", "404", "429"]
        );
        assert_eq!(
            statuses("/api/v1/hr/teams", "get"),
            ["400", "401", "403", "429"]
        );
        let problem = &doc["paths"]["/api/v1/hr/teams"]["get"]["responses"]["403"]["content"]
            ["application/problem+json"]["schema"]["$ref"];
        assert_eq!(problem, "#/components/schemas/ProblemBody");
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        assert!(schemas.contains_key("ProblemBody") && schemas.contains_key("FieldErrorBody"));
    }

    #[test]
    fn operations_are_read_from_the_paths_object() {
        let doc = serde_json::json!({"paths": {
            "/api/v1/hr/teams": {"get": {}, "post": {}},
            "/api/v1/hr/teams/{id}": {"get": {}},
        }});
        assert_eq!(
            documented_operations(&doc),
            vec![
                ("GET".to_owned(), "/api/v1/hr/teams".to_owned()),
                ("GET".to_owned(), "/api/v1/hr/teams/{id}".to_owned()),
                ("POST".to_owned(), "/api/v1/hr/teams".to_owned()),
            ]
        );
    }
}
