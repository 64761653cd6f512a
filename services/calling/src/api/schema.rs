//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use tam_auth::openapi::{codes, nullable_codes};
use utoipa::openapi::Object;

pub use tam_auth::openapi::{outcome, program, site, ProblemBody};

use tam_kernel::Outcome;

use crate::domain::call::CallStatus;

/// An outcome, or `null` before the call's result.
pub fn nullable_outcome() -> Object {
    nullable_codes(Outcome::CODES, "call outcome, null until the result")
}

pub fn call_status() -> Object {
    codes(CallStatus::CODES, "call status")
}
