//! calling's rules as plain types and functions, without I/O: when a call may start on a
//! claim, what a valid result is, when a stuck call may be closed without one, who sees,
//! who may listen to and who may close which calls, which recordings are accepted, and
//! how a `Range` header is read.
//!
//! Request bodies become these types at the edge (`TryFrom` in `api`), so a handler
//! never holds an unchecked value.

pub mod abandonment;
pub mod call;
pub mod offers;
pub mod range;
pub mod recording;
pub mod result;
pub mod scope;

pub use tam_kernel::{parse_code, Fields, Rejection};

/// The slugs of calling's business rules (the `type` of its 422 problems).
pub mod rules {
    /// A call outside the operating hours (08:00-17:00 WIB by default).
    pub const OUTSIDE_OPERATING_HOURS: &str = tam_kernel::time::OUTSIDE_OPERATING_HOURS;
    /// An AGREE names a product or step the work order does not offer.
    pub const NOT_OFFERED: &str = "not-offered";
    /// A FOLLOW UP time that is not in the future or not inside the operating hours.
    pub const FOLLOW_UP_TIME: &str = "follow-up-time";
    /// An `Idempotency-Key` sent again with another request.
    pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency-key-reused";
}
