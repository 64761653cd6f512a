//! What quality publishes: the verdicts on tapped AGREE calls.

use chrono::{DateTime, Utc};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use crate::macros::{event, vocabulary};

vocabulary! {
    /// A QC verdict on a tapped call.
    pub enum Verdict as "verdict" {
        /// The sale stands.
        Valid => "valid",
        /// Sent back to the agent, with a reason.
        Returned => "returned",
    }
}

event! {
    /// A tapped AGREE call was judged (revision 1, the QCO's verdict) or its verdict
    /// corrected by a supervisor after QA (revision + 1). Consumers apply the highest
    /// revision of a task.
    #[event(
        type = "quality.call.validated",
        version = 1,
        producer = "quality",
        consumers = ["prospect", "reporting", "hr"],
    )]
    pub struct CallValidated {
        /// The tapping task.
        pub task_id: Uuid,
        /// The call judged.
        pub call_id: Uuid,
        /// Its prospect.
        pub prospect_id: Uuid,
        /// The prospect's work order.
        pub work_order_id: Uuid,
        /// The agent who made the call.
        pub agent_id: Uuid,
        /// Their team, if they have one.
        pub team_id: Option<Uuid>,
        /// The work order's site.
        pub site: Site,
        /// The work order's program.
        pub program: Program,
        /// The verdict.
        pub verdict: Verdict,
        /// The weighted share of passed parameter items, 0–100.
        pub score: f64,
        /// Why it was returned.
        pub reason: Option<String>,
        /// What the agent should do differently.
        pub recommendation: Option<String>,
        /// When it was judged.
        pub validated_at: DateTime<Utc>,
        /// 1 for the QCO's verdict, + 1 for each correction.
        pub revision: u32,
    }
}
