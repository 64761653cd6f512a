//! prospect's rules as plain types and functions, without I/O: what a valid work order
//! is and how its status moves, who sees which work orders, and the do-not-call number
//! format.
//!
//! Request bodies become these types at the edge (`TryFrom` in `api`), so a handler
//! never holds an unchecked value.

pub mod dapros;
pub mod dnc;
pub mod phone;
pub mod prospect;
pub mod scope;
pub mod work_order;

pub use tam_kernel::{parse_code, Fields, Rejection};

/// The slugs of prospect's business rules (the `type` of its 422 problems).
pub mod rules {
    /// The program does not run at the site.
    pub const PROGRAM_NOT_AT_SITE: &str = "program-not-at-site";
    /// The caller is not an active agent with a site and program on prospect's roster.
    pub const NOT_ON_ROSTER: &str = "not-on-roster";
    /// An agent named for distribution cannot take the work order's prospects.
    pub const AGENT_NOT_ELIGIBLE: &str = "agent-not-eligible";
    /// The agent holds no certification for the program valid today (WIB): hr's
    /// training gate (issue 14).
    pub const AGENT_NOT_CERTIFIED: &str = "agent-not-certified";
    /// The agent's site requires a check-in before calling and the agent has none on
    /// today's WIB date: hr's attendance gate (issue 15).
    pub const NOT_CHECKED_IN: &str = "not-checked-in";
}
