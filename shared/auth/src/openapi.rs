//! What every service's OpenAPI document shares: the bearer security scheme, the
//! problem body, the schemas of the kernel's codes, and the check that a document lists
//! exactly the service's rows of [`crate::POLICY`].

use tam_kernel::{Outcome, Program, Role, Site};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::Object;
use utoipa::{Modify, ToSchema};

use crate::{owning_service, POLICY};

/// The schema of a text code: one of `codes` (the kernel's code enums have no utoipa
/// derives; their `CODES` constants are the one list).
pub fn codes(codes: &'static [&'static str], description: &str) -> Object {
    code_schema(codes, SchemaType::new(Type::String), description)
}

/// As [`codes`], or `null`.
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
    ObjectBuilder::new()
        .schema_type(schema_type)
        .enum_values(Some(codes.iter().copied()))
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

/// The (METHOD, path) rows of the policy that `service` serves, sorted: what its
/// document must list, no more and no less.
pub fn policy_operations(service: &str) -> Vec<(String, String)> {
    let mut operations: Vec<(String, String)> = POLICY
        .iter()
        .filter(|route| owning_service(route.path) == Some(service))
        .map(|route| (route.method.to_owned(), route.path.to_owned()))
        .collect();
    operations.sort();
    operations
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

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
        assert!(
            policy_operations("hr").contains(&("POST".to_owned(), "/api/v1/hr/teams".to_owned()))
        );
        assert!(policy_operations("nobody").is_empty());
    }
}
