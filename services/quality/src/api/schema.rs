//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use tam_auth::openapi::codes;
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

pub fn review_status() -> Object {
    codes(ReviewStatus::CODES, "review status")
}

pub fn queued_for() -> Object {
    codes(
        QueuedFor::CODES,
        "why the verdict is verified: every RETURN, or a VALID in the sample",
    )
}
