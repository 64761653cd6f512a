//! What hr's capacity planning publishes: CAPLAN revisions, the requisitions opened by
//! hand or by the CAPLAN gap, and the SDM fulfilment of each closed day (the manual's
//! KPI, target 95%), for reporting.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use crate::macros::{event, vocabulary};

event! {
    /// The CAPLAN target of a (site, program, role) was revised from a month on: every
    /// month from `effective_from` takes `headcount` (until a later revision); earlier
    /// months keep theirs. Published in the revision's transaction.
    #[event(
        type = "hr.caplan.revised",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct CaplanRevised {
        /// The revision.
        pub revision_id: Uuid,
        /// The site.
        pub site: Site,
        /// The program.
        pub program: Program,
        /// The role planned (agent or team_leader).
        pub role: Role,
        /// The first day of the first month it applies to.
        pub effective_from: NaiveDate,
        /// The target headcount from that month on.
        pub headcount: u32,
        /// The target that month had before; null when it had none.
        pub previous_headcount: Option<u32>,
        /// Who revised it.
        pub set_by: Uuid,
        /// Their role.
        pub set_by_role: Role,
        /// When.
        pub set_at: DateTime<Utc>,
    }
}

vocabulary! {
    /// Who opened a requisition.
    pub enum RequisitionOrigin as "requisition origin" {
        /// A person, by hand.
        Manual => "manual",
        /// The gap between the CAPLAN target and the staff available.
        CaplanGap => "caplan_gap",
    }
}

vocabulary! {
    /// Where a requisition is in its life.
    pub enum RequisitionStatus as "requisition status" {
        /// Recruitment runs against it.
        Open => "open",
        /// As many were hired against it as its headcount.
        Filled => "filled",
        /// Withdrawn.
        Cancelled => "cancelled",
    }
}

vocabulary! {
    /// What changed on a requisition.
    pub enum RequisitionChange as "requisition change" {
        /// The CAPLAN gap grew its headcount.
        Grown => "grown",
        /// Its headcount, needed-by date or reason was edited by hand.
        Edited => "edited",
        /// A hire was marked against it.
        Hired => "hired",
        /// Cancelled by hand.
        Cancelled => "cancelled",
    }
}

event! {
    /// A requisition was opened, by hand or by the CAPLAN gap. Published in the
    /// transaction that opens it.
    #[event(
        type = "hr.requisition.opened",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct RequisitionOpened {
        /// The requisition.
        pub requisition_id: Uuid,
        /// The site; null for a role that works at every site.
        pub site: Option<Site>,
        /// The program; null for roles without one.
        pub program: Option<Program>,
        /// The role needed.
        pub role: Role,
        /// How many people.
        pub headcount: u32,
        /// By when.
        pub needed_by: NaiveDate,
        /// Why.
        pub reason: String,
        /// By hand or from the CAPLAN gap.
        pub origin: RequisitionOrigin,
        /// Who opened it; null for the CAPLAN gap.
        pub opened_by: Option<Uuid>,
    }
}

event! {
    /// A requisition changed: its headcount grew with the CAPLAN gap, it was edited,
    /// a hire was marked against it (and it may be filled), or it was cancelled.
    /// Published in the transaction of the change.
    #[event(
        type = "hr.requisition.changed",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct RequisitionChanged {
        /// The requisition.
        pub requisition_id: Uuid,
        /// What changed.
        pub change: RequisitionChange,
        /// Its headcount after.
        pub headcount: u32,
        /// How many were hired against it.
        pub hired: u32,
        /// Its needed-by date after.
        pub needed_by: NaiveDate,
        /// Its status after.
        pub status: RequisitionStatus,
    }
}

event! {
    /// The SDM fulfilment of a (site, program, role) on a closed WIB day, written once
    /// when the day closed and never changed: the staff available that day (active,
    /// not suspended and, for agents, certified for the program) against the CAPLAN
    /// target of the day's month. Target 95%.
    #[event(
        type = "hr.sdm.day_closed",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct SdmDayClosed {
        /// The site.
        pub site: Site,
        /// The program.
        pub program: Program,
        /// The role.
        pub role: Role,
        /// The WIB day.
        pub day: NaiveDate,
        /// Staff available that day.
        pub available: u32,
        /// The CAPLAN target that day (0: no target).
        pub target: u32,
        /// available ÷ target; null when the target is 0.
        pub ratio: Option<f64>,
        /// Whether the ratio is under 95% (never with target 0).
        pub below_target: bool,
    }
}
