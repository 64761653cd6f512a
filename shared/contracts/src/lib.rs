//! Every event type on the bus, typed once.
//!
//! One Rust type per event type, in a module per producer ([`hr`], [`prospect`],
//! [`calling`], [`quality`]). Producers publish these types and consumers decode them;
//! each type says its routing key (`<producer>.<aggregate>.<verb>`), its version, its
//! producer and the services whose queues consume it ([`Contract`]). The [`CATALOG`],
//! [`consumed_by`] and the generated reference ([`reference`]: `docs/events.md` and the
//! AsyncAPI document) all come from these types.
//!
//! The evolution rule ([`EVOLUTION_RULE`]): within one event type only optional fields
//! are added; consumers ignore fields they do not know; a breaking change is a new type
//! name (`….v2`), published beside the old one for a while.

pub mod calling;
pub mod catalog;
pub mod claim_ticket;
mod describe;
pub mod helpdesk;
pub mod helpdesk_cabut;
pub mod helpdesk_ioc;
pub mod helpdesk_qc;
pub mod helpdesk_sla;
pub mod hr;
pub mod hr_attendance;
pub mod hr_caplan;
pub mod hr_contracts;
pub mod hr_evaluation;
pub mod hr_pembinaan;
pub mod hr_recruitment;
pub mod hr_training;
mod macros;
pub mod prospect;
pub mod quality;
pub mod reference;

pub use describe::{Describe, Field};
pub use tam_events::Event;

/// What the contracts say of an event type besides its payload.
pub trait Contract: Event + Describe {
    /// The service that publishes it: the first part of its type.
    const PRODUCER: &'static str;
    /// The services whose queues consume it (each binds the type to its queue).
    const CONSUMERS: &'static [&'static str];
    /// What happened, in prose (the type's doc comment).
    const DESCRIPTION: &'static str;
    /// A stream the type is also routed to, read by every process (`<prefix>.<stream>`).
    const STREAM: Option<&'static str>;
}

pub use catalog::{
    consumed_by, consumers, contracts, produced_by, spec, Change, EventSpec, CATALOG,
    EVOLUTION_RULE, HISTORY,
};
