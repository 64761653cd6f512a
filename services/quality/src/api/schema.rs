//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use tam_auth::openapi::{codes, nullable_codes};
use utoipa::openapi::Object;

pub use tam_auth::openapi::{program, role, site, ProblemBody};

use crate::domain::review::{QueuedFor, ReviewStatus};
use crate::domain::task::{TaskStatus, Verdict};

pub fn task_status() -> Object {
    codes(TaskStatus::CODES, "tapping task status")
}

pub fn verdict() -> Object {
    codes(Verdict::CODES, "verdict")
}

/// A site, or `null` (all sites).
pub fn nullable_site() -> Object {
    nullable_codes(tam_kernel::Site::CODES, "site code, null for all sites")
}

/// A program, or `null` (all programs).
pub fn nullable_program() -> Object {
    nullable_codes(
        tam_kernel::Program::CODES,
        "program code, null for all programs",
    )
}

/// A verdict as a request names it (`return`, not `returned`).
pub fn request_verdict() -> Object {
    codes(Verdict::REQUEST_CODES, "verdict: valid or return")
}

/// A verdict, or `null` before there is one.
pub fn nullable_verdict() -> Object {
    nullable_codes(Verdict::CODES, "verdict, null before the QCO's")
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
