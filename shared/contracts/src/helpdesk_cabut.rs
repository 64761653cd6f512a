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
