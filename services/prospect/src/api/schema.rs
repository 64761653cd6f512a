//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::Object;
use utoipa::ToSchema;

use tam_kernel::{Program, Site};

use crate::domain::prospect::ProspectStatus;
use crate::domain::work_order::WorkOrderStatus;

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

pub fn status() -> Object {
    codes(WorkOrderStatus::CODES, "work order status")
}

pub fn prospect_status() -> Object {
    const CODES: [&str; 12] = {
        let mut codes = [""; 12];
        let mut i = 0;
        while i < 12 {
            codes[i] = ProspectStatus::ALL[i].as_str();
            i += 1;
        }
        codes
    };
    codes(&CODES, "prospect status")
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
    /// `https://tam.example/problems/<slug>`; prospect's 422 rule besides the common
    /// slugs: `program-not-at-site`.
    #[schema(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub instance: Option<String>,
    /// The invalid fields (validation problems only).
    pub errors: Option<Vec<FieldErrorBody>>,
}
