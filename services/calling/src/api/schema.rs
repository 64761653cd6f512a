//! OpenAPI schemas of the shared vocabulary (the kernel's code enums have no utoipa
//! derives; their codes are listed here from the same `CODES` constants).

pub use tam_auth::openapi::{outcome, program, site, ProblemBody};
