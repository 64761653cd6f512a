//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::Object;
use utoipa::ToSchema;

use tam_kernel::{Program, Role, Site};

use crate::domain::employee::{EducationLevel, EmployeeStatus};

fn codes(codes: &'static [&'static str], nullable: bool, description: &str) -> Object {
    let schema_type = if nullable {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::new(Type::String)
    };
    ObjectBuilder::new()
        .schema_type(schema_type)
        .enum_values(Some(codes.iter().copied()))
        .description(Some(description))
        .build()
}

pub fn role() -> Object {
    codes(Role::CODES, false, "role code")
}

pub fn site() -> Object {
    codes(Site::CODES, false, "site code")
}

pub fn site_nullable() -> Object {
    codes(
        Site::CODES,
        true,
        "site code; absent (null) for roles that work at every site",
    )
}

pub fn program() -> Object {
    codes(Program::CODES, false, "program code")
}

pub fn program_nullable() -> Object {
    codes(
        Program::CODES,
        true,
        "program code; required for agents and team leaders",
    )
}

pub fn status() -> Object {
    codes(EmployeeStatus::CODES, false, "employee status")
}

pub fn education_level() -> Object {
    codes(EducationLevel::CODES, false, "highest education completed")
}

pub fn education_level_nullable() -> Object {
    codes(EducationLevel::CODES, true, "highest education completed")
}

/// One invalid field of a validation problem.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FieldErrorBody {
    pub field: String,
    pub reason: String,
}

/// An RFC 9457 problem (`application/problem+json`): every error answer.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ProblemBody {
    /// `https://tam.example/problems/<slug>`; hr's slugs besides the common ones:
    /// `invalid-credentials`, `password-change-required`, `invalid-refresh-token`,
    /// and the 422 rules `program-not-at-site`, `team-not-found`, `team-mismatch`,
    /// `invalid-team-leader`, `leads-a-team`.
    #[schema(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: Option<String>,
    /// The invalid fields (validation problems only).
    pub errors: Option<Vec<FieldErrorBody>>,
}
