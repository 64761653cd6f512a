//! What prospect publishes: work orders and their imports for the read models, and the
//! claims calling starts calls on.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use crate::macros::{event, vocabulary};

vocabulary! {
    /// Where a work order is in its life.
    pub enum WorkOrderStatus as "work order status" {
        /// Being prepared: editable, nothing is called.
        Draft => "draft",
        /// Its prospects are called.
        Active => "active",
        /// Finished: nothing more is called, nothing changes.
        Closed => "closed",
    }
}

event! {
    /// A work order was created (as a draft).
    #[event(
        type = "prospect.work_order.created",
        version = 1,
        producer = "prospect",
        consumers = ["reporting"],
    )]
    pub struct WorkOrderCreated {
        /// The work order.
        pub work_order_id: Uuid,
        /// Its code, unique in the suite.
        pub wo_code: String,
        /// The site whose agents call it.
        pub site: Site,
        /// Its program.
        pub program: Program,
        /// Its title.
        pub title: String,
        /// The first day its prospects may be called.
        pub valid_from: NaiveDate,
        /// The last day its prospects may be called.
        pub valid_to: NaiveDate,
        /// Its status (draft when created).
        pub status: WorkOrderStatus,
        /// How many calls a prospect gets at most.
        pub max_attempts: u32,
        /// How many of its prospects an agent may claim a day.
        pub daily_quota_per_agent: u32,
    }
}

event! {
    /// A work order moved draft → active or active → closed.
    #[event(
        type = "prospect.work_order.status_changed",
        version = 1,
        producer = "prospect",
        consumers = ["reporting"],
    )]
    pub struct WorkOrderStatusChanged {
        /// The work order.
        pub work_order_id: Uuid,
        /// Its code.
        pub wo_code: String,
        /// Its site.
        pub site: Site,
        /// Its program.
        pub program: Program,
        /// The status it left.
        pub from: WorkOrderStatus,
        /// The status it has now.
        pub to: WorkOrderStatus,
    }
}

event! {
    /// A DAPROS file was imported into a work order: the counts of its import report.
    #[event(
        type = "prospect.dapros.imported",
        version = 1,
        producer = "prospect",
        consumers = ["reporting"],
    )]
    pub struct DaprosImported {
        /// The import.
        pub import_id: Uuid,
        /// The work order it filled.
        pub work_order_id: Uuid,
        /// The work order's site.
        pub site: Site,
        /// The work order's program.
        pub program: Program,
        /// Rows in the file.
        pub total: u32,
        /// Rows that became prospects.
        pub accepted: u32,
        /// Rows refused as invalid.
        pub rejected: u32,
        /// Rows already in the work order or repeated in the file.
        pub duplicates: u32,
        /// Rows left out because their number is on the do-not-call list.
        pub dnc_excluded: u32,
        /// The user who imported it.
        pub imported_by: Uuid,
    }
}

event! {
    /// An agent claimed a prospect through `next`: a lease, during which only they may
    /// start a call on it.
    #[event(
        type = "prospect.prospect.claimed",
        version = 1,
        producer = "prospect",
        consumers = ["calling", "reporting"],
    )]
    pub struct ProspectClaimed {
        /// The claim.
        pub claim_id: Uuid,
        /// The prospect claimed.
        pub prospect_id: Uuid,
        /// Its work order.
        pub work_order_id: Uuid,
        /// The work order's code.
        pub wo_code: String,
        /// The agent who claimed it.
        pub agent_id: Uuid,
        /// The agent's team, if they have one.
        pub team_id: Option<Uuid>,
        /// The work order's site.
        pub site: Site,
        /// The work order's program.
        pub program: Program,
        /// The work order's offers, as the work order shows them: sales
        /// `[{product_code, product_name}]`, retention `[{step, description}]`.
        pub offers: serde_json::Value,
        /// Which call this will be: 1 for the first.
        pub attempt: u32,
        /// When the lease runs out if no call starts.
        pub lease_expires_at: DateTime<Utc>,
        /// When it was claimed.
        pub claimed_at: DateTime<Utc>,
    }
}

vocabulary! {
    /// Why a prospect may no longer be called.
    pub enum WithdrawalReason as "withdrawal reason" {
        /// Its number went on the do-not-call list.
        Dnc => "dnc",
        /// Its work order closed.
        WorkOrderClosed => "work_order_closed",
    }
}

event! {
    /// A claimed or assigned prospect may no longer be called.
    #[event(
        type = "prospect.prospect.withdrawn",
        version = 1,
        producer = "prospect",
        consumers = ["calling", "reporting"],
    )]
    pub struct ProspectWithdrawn {
        /// The prospect.
        pub prospect_id: Uuid,
        /// The agent who held it, if any.
        pub agent_id: Option<Uuid>,
        /// Its site.
        pub site: Site,
        /// Why it may no longer be called.
        pub reason: WithdrawalReason,
    }
}

event! {
    /// A sale was won: quality's latest verdict on the AGREE call that made it is VALID
    /// (published in the transaction that made the prospect won). It carries the
    /// customer, so that HD Support can follow the AddOn's activation without reading
    /// prospect. Published again only if a correction took the sale back
    /// (`prospect.sale.reverted`) and a later one made it VALID again.
    #[event(
        type = "prospect.sale.won",
        version = 1,
        producer = "prospect",
        consumers = ["helpdesk", "reporting"],
    )]
    pub struct SaleWon {
        /// The prospect won.
        pub prospect_id: Uuid,
        /// Its work order.
        pub work_order_id: Uuid,
        /// The work order's code.
        pub wo_code: String,
        /// The AGREE call that made the sale.
        pub call_id: Uuid,
        /// The tapping task whose verdict won it.
        pub task_id: Uuid,
        /// The verdict's revision (1: the QCO's; higher: a correction).
        pub revision: u32,
        /// The agent who made the sale.
        pub agent_id: Uuid,
        /// The agent's team, if they have one.
        pub team_id: Option<Uuid>,
        /// The work order's site.
        pub site: Site,
        /// The work order's program.
        pub program: Program,
        /// The sales channel: always `obc` (the outbound calls of this suite).
        pub channel: String,
        /// The customer's IndiHome service number.
        pub indihome_number: String,
        /// The customer's name.
        pub customer_name: String,
        /// The number the customer was called on (E.164).
        pub contact_number: String,
        /// The product sold (a sales program's AGREE).
        pub product_code: Option<String>,
        /// The negotiation step agreed (a retention program's AGREE).
        pub negotiation_step: Option<u32>,
        /// When the verdict that won it was given.
        pub won_at: DateTime<Utc>,
    }
}

event! {
    /// A won sale was taken back: a correction of its verdict (a higher revision,
    /// RETURN) sent it back to its agent.
    #[event(
        type = "prospect.sale.reverted",
        version = 1,
        producer = "prospect",
        consumers = ["helpdesk", "reporting"],
    )]
    pub struct SaleReverted {
        /// The prospect.
        pub prospect_id: Uuid,
        /// Its work order.
        pub work_order_id: Uuid,
        /// The AGREE call whose sale is taken back.
        pub call_id: Uuid,
        /// The tapping task.
        pub task_id: Uuid,
        /// The correcting verdict's revision.
        pub revision: u32,
        /// The agent who made the sale.
        pub agent_id: Uuid,
        /// The agent's team, if they have one.
        pub team_id: Option<Uuid>,
        /// The work order's site.
        pub site: Site,
        /// The work order's program.
        pub program: Program,
        /// The customer's IndiHome service number.
        pub indihome_number: String,
        /// Why the sale was returned (the corrected verdict's reason).
        pub reason: Option<String>,
        /// When the correction was given.
        pub reverted_at: DateTime<Utc>,
    }
}
