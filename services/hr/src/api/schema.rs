//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

use tam_auth::openapi::{codes, nullable_codes};
use tam_kernel::{Program, Site};
use utoipa::openapi::Object;

pub use tam_auth::openapi::{program, role, site, ProblemBody};

use crate::domain::employee::{EducationLevel, EmployeeStatus};

pub fn site_nullable() -> Object {
    nullable_codes(
        Site::CODES,
        "site code; absent (null) for roles that work at every site",
    )
}

pub fn program_nullable() -> Object {
    nullable_codes(
        Program::CODES,
        "program code; required for agents and team leaders",
    )
}

pub fn status() -> Object {
    codes(EmployeeStatus::CODES, "employee status")
}

/// The statuses a PATCH sets (deactivation has its own route).
pub fn patch_status() -> Object {
    codes(&["active", "suspended"], "active or suspended")
}

pub fn education_level() -> Object {
    codes(EducationLevel::CODES, "highest education completed")
}

pub fn education_level_nullable() -> Object {
    nullable_codes(EducationLevel::CODES, "highest education completed")
}
