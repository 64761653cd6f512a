//! The domain vocabulary every TAM service shares.
//!
//! Roles and their scopes, sites, programs, call outcomes, ids, WIB business time,
//! problem+json errors and pagination: the things two services must agree on byte for
//! byte, because they meet in tokens, events, URLs and response bodies. No I/O here
//! besides actix's error-response plumbing.

pub mod actor;
pub mod clock;
mod code;
pub mod extract;
pub mod idempotency;
pub mod ids;
pub mod indihome;
pub mod nul;
pub mod outcome;
pub mod pagination;
mod parse;
pub mod problem;
pub mod program;
pub mod rejection;
pub mod role;
pub mod site;
pub mod time;

pub use actor::{Actor, Request};
pub use clock::Clock;
pub use code::{parse_code, UnknownCode};
pub use extract::{
    client_address, json_config, path_config, query_config, request_id, route_not_found,
    sane_request_id, CLIENT_ADDRESS, REQUEST_ID,
};
pub use idempotency::{idempotency_key, idempotency_key_of, IDEMPOTENCY_KEY};
pub use ids::{id_created_at, new_id};
pub use indihome::validate_indihome_number;
pub use nul::{contains_nul, refuse_nul, NUL_REASON};
pub use outcome::Outcome;
pub use pagination::{parse_page, Cursor, Limit, Page, PageRequest, DEFAULT_LIMIT, MAX_LIMIT};
pub use parse::{parse_date, parse_uuid};
pub use problem::{FieldError, Problem, ProblemDetails, PROBLEM_JSON, PROBLEM_TYPE_BASE};
pub use program::{Activity, Program, ProgramInfo, PROGRAMS};
pub use rejection::{Fields, Rejection};
pub use role::{Role, RoleScope};
pub use site::Site;
pub use time::{
    to_wib, wib_date, wib_day_bounds, wib_to_utc, OperatingHours, OperatingHoursError, WIB,
};
