//! What hr's monthly evaluation for incentives publishes (manual §4.1.5): each agent's
//! month as computed, approved and locked, and the corrections of approved months that
//! land on a later month.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use crate::macros::event;

event! {
    /// An agent's month was evaluated (on the first WIB day after it, by the sweep, or
    /// again after a verdict correction while not yet approved).
    #[event(
        type = "hr.evaluation.computed",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct EvaluationComputed {
        /// The evaluation.
        pub evaluation_id: Uuid,
        /// The agent.
        pub employee_id: Uuid,
        /// The first day of the month.
        pub month: NaiveDate,
        /// The agent's site.
        pub site: Site,
        /// The agent's program.
        pub program: Program,
        /// VALID AGREE calls of the month by their latest revision.
        pub validated_sales: u32,
        /// Corrections of approved months landing on this one.
        pub adjustment: i32,
        /// valid AGREE ÷ total AGREE in percent; null without AGREE calls.
        pub quality_score: Option<f64>,
        /// Late arrivals in the month.
        pub late_days: u32,
        /// Whether the agent was in pembinaan at the month's end.
        pub in_pembinaan: bool,
        /// The incentive tier; null when none.
        pub tier: Option<String>,
    }
}

event! {
    /// A supervisor_ops of the site approved an agent's month: its figures are final.
    #[event(
        type = "hr.evaluation.approved",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct EvaluationApproved {
        /// The evaluation.
        pub evaluation_id: Uuid,
        /// The agent.
        pub employee_id: Uuid,
        /// The first day of the month.
        pub month: NaiveDate,
        /// The agent's site.
        pub site: Site,
        /// The incentive tier; null when none.
        pub tier: Option<String>,
        /// Who approved it.
        pub approved_by: Uuid,
        /// When.
        pub approved_at: DateTime<Utc>,
    }
}

event! {
    /// HR locked an approved month for payroll: nothing of it changes any more.
    #[event(
        type = "hr.evaluation.locked",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct EvaluationLocked {
        /// The evaluation.
        pub evaluation_id: Uuid,
        /// The agent.
        pub employee_id: Uuid,
        /// The first day of the month.
        pub month: NaiveDate,
        /// The agent's site.
        pub site: Site,
        /// Who locked it.
        pub locked_by: Uuid,
        /// When.
        pub locked_at: DateTime<Utc>,
    }
}

event! {
    /// A verdict correction of a call of an approved month: the month stays as it was
    /// and the difference in validated sales lands on a later open month.
    #[event(
        type = "hr.evaluation.adjusted",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct EvaluationAdjusted {
        /// The adjustment.
        pub adjustment_id: Uuid,
        /// The agent.
        pub employee_id: Uuid,
        /// The call whose verdict was corrected.
        pub call_id: Uuid,
        /// The approved month the call counts in (first day).
        pub from_month: NaiveDate,
        /// The month the adjustment lands on (first day).
        pub to_month: NaiveDate,
        /// The change of validated sales: +1 or -1.
        pub delta: i32,
        /// The verdict revision that caused it.
        pub revision: u32,
    }
}
