//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use tam_auth::openapi::codes;
use utoipa::openapi::Object;

pub use tam_auth::openapi::{outcome, program, site, ProblemBody};

use crate::domain::call::CallStatus;

pub fn call_status() -> Object {
    codes(CallStatus::CODES, "call status")
}
