//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::Object;
use utoipa::ToSchema;

use tam_kernel::{Program, Role, Site};

use crate::domain::review::{QueuedFor, ReviewStatus};
use crate::domain::task::{TaskStatus, Verdict};

fn codes(codes: &'static [&'static str], description: &str) -> Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
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

pub fn task_status() -> Object {
    codes(TaskStatus::CODES, "tapping task status")
}

pub fn verdict() -> Object {
    codes(Verdict::CODES, "verdict")
}

pub fn review_status() -> Object {
    codes(ReviewStatus::CODES, "review status")
}

pub fn queued_for() -> Object {
    codes(
        QueuedFor::CODES,
        "why the verdict is verified: every RETURN, or a VALID in the sample",
    )
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
    /// `https://tam.example/problems/<slug>`; quality's 422 rule besides the common
    /// slugs: `critical-item-failed`.
    #[schema(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: Option<String>,
    /// The invalid fields (validation problems only).
    pub errors: Option<Vec<FieldErrorBody>>,
}
