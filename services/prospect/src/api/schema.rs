//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use tam_auth::openapi::codes;
use utoipa::openapi::Object;

pub use tam_auth::openapi::{program, site, ProblemBody};

use crate::domain::prospect::ProspectStatus;
use crate::domain::work_order::WorkOrderStatus;

pub fn status() -> Object {
    codes(WorkOrderStatus::CODES, "work order status")
}

pub fn prospect_status() -> Object {
    codes(ProspectStatus::CODES, "prospect status")
}
