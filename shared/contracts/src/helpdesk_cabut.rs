//! What QC Tier 2's CABUT survey publishes: a cancellation of an OBC sale whose
//! customer says they never ordered it or did not understand the offer, a possible
//! mis-sale that quality reviews.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use crate::macros::event;

event! {
    /// A cancelled AddOn that was an OBC sale of this suite was surveyed and its main
    /// reason is `never_ordered` or `did_not_understand_offer`: the call may have been a
    /// mis-sale. Published once per case, when the survey's reasons are recorded (in
    /// the same transaction). quality opens a mis-sale review of the call for the
    /// site's quality supervisor; reporting keeps it, as every event.
    #[event(
        type = "helpdesk.cabut.mis_sale_suspected",
        version = 1,
        producer = "helpdesk",
        consumers = ["quality", "reporting"],
    )]
    pub struct MisSaleSuspected {
        /// The cancellation case (helpdesk's CABUT case id).
        pub case_id: Uuid,
        /// The sale's call.
        pub call_id: Uuid,
        /// The agent who made the sale.
        pub agent_id: Uuid,
        /// The agent's team at the sale, if known.
        pub team_id: Option<Uuid>,
        /// The site of the sale.
        pub site: Site,
        /// The program of the sale.
        pub program: Program,
        /// The customer's IndiHome number.
        pub indihome_number: String,
        /// The AddOn cancelled (product code).
        pub product_code: String,
        /// The day the customer cancelled it.
        pub cancelled_on: NaiveDate,
        /// The main reason's code (`never_ordered` or `did_not_understand_offer`).
        pub main_reason: String,
        /// Every reason recorded, main first.
        pub reasons: Vec<String>,
        /// What the customer said, if QC Tier 2 wrote it down.
        pub note: Option<String>,
        /// When the survey's reasons were recorded.
        pub surveyed_at: DateTime<Utc>,
    }
}

event! {
    /// QC Tier 2's desk opened a cancellation (CABUT) case: filed by API or from the
    /// client's cancellation list (published in the transaction that files it). A case
    /// of the `obc` channel linked to its sale names the sale's ticket, call, agent, team,
    /// site and program; other cases name none of them.
    #[event(
        type = "helpdesk.cabut.case_opened",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct CaseOpened {
        /// The cancellation case.
        pub case_id: Uuid,
        /// Its number, as people say it.
        pub number: u64,
        /// The sales channel of the cancelled AddOn (`obc`, `call_center_147`, `plasa`,
        /// `myindihome`, `web`, `sales_force`).
        pub channel: String,
        /// The customer's IndiHome number.
        pub indihome_number: String,
        /// The AddOn cancelled (product code).
        pub product_code: String,
        /// The day the customer cancelled it.
        pub cancelled_on: NaiveDate,
        /// The activation ticket of the linked OBC sale.
        pub ticket_id: Option<Uuid>,
        /// The linked OBC sale's call.
        pub call_id: Option<Uuid>,
        /// The linked OBC sale's agent.
        pub agent_id: Option<Uuid>,
        /// The agent's team at the sale, if known.
        pub team_id: Option<Uuid>,
        /// The site of the linked sale.
        pub site: Option<Site>,
        /// The program of the linked sale.
        pub program: Option<Program>,
        /// When the case was filed.
        pub opened_at: DateTime<Utc>,
    }
}

event! {
    /// QC Tier 2 recorded a cancellation case's survey: why the customer cancelled (the
    /// main reason and every reason given), in the transaction that records it. Carries
    /// the linked sale's dimensions, as `helpdesk.cabut.case_opened` does.
    #[event(
        type = "helpdesk.cabut.case_surveyed",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct CaseSurveyed {
        /// The cancellation case.
        pub case_id: Uuid,
        /// The sales channel of the cancelled AddOn.
        pub channel: String,
        /// The linked OBC sale's call.
        pub call_id: Option<Uuid>,
        /// The linked OBC sale's agent.
        pub agent_id: Option<Uuid>,
        /// The agent's team at the sale, if known.
        pub team_id: Option<Uuid>,
        /// The site of the linked sale.
        pub site: Option<Site>,
        /// The program of the linked sale.
        pub program: Option<Program>,
        /// The main reason's code (the taxonomy's).
        pub main_reason: String,
        /// Every reason recorded, main first.
        pub reasons: Vec<String>,
        /// Whether the survey suggests a mis-sale (then
        /// `helpdesk.cabut.mis_sale_suspected` is published too).
        pub mis_sale: bool,
        /// When the survey's reasons were recorded.
        pub surveyed_at: DateTime<Utc>,
    }
}
