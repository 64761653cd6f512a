//! The typed Rust client of the TAM API (issue 17).
//!
//! - [`Client`]: log in, keep the tokens inside, refresh before expiry (a margin) and
//!   once after a 401 (then retry the call once), log out (revokes the refresh family).
//! - One method per route of the merged OpenAPI document ([`ROUTES`] names them), taking
//!   and returning the services' own request and response types (the services'
//!   `client` feature adds the other serde direction to them; no DTO is copied here).
//! - Errors: [`ClientError`], whose `Problem` variant is the services' RFC 9457
//!   [`Problem`] (type, title, status, detail, instance and the field errors).
//! - Lists: `*_pages` methods give a `futures::Stream` of pages; [`items`] flattens it.
//! - Every unsafe call carries an `Idempotency-Key` (UUID v7), the same on its retry;
//!   [`Client::with_idempotency_key`] fixes the key (to repeat a call as the same one).
//! - Uploads are streamed from a file or any `AsyncRead` ([`Upload`]); downloads are a
//!   byte stream ([`Download`]).
//! - Role facades ([`facades`]): each role's client exposes only what the policy table
//!   lets the role call.

pub mod client;
pub mod error;
pub mod facades;
mod routes;

pub use client::{items, Client, Download, Paged, Result, Upload, IDEMPOTENCY_KEY};
pub use error::{ClientError, FieldError, Problem};
pub use facades::{
    AgentClient, HdSupportClient, HrClient, ManagerClient, QcOfficerClient, SupervisorClient,
    TeamLeaderClient,
};
pub use routes::ROUTES;

/// The services' API types, re-exported so a user of the client needs no service crate.
pub mod types {
    pub use tam_calling::api as calling;
    pub use tam_helpdesk::api as helpdesk;
    pub use tam_hr::api as hr;
    pub use tam_kernel::{Outcome, Program, Role, Site};
    pub use tam_prospect::api as prospect;
    pub use tam_quality::api as quality;
    pub use tam_reporting::api as reporting;
}
