//! What hr's contract lifecycle publishes: employment contracts added, ending soon, and
//! the extension decision's outcome (extended, converted to permanent, ended). reporting
//! keeps them; the deactivation an ended contract brings is `hr.employee.deactivated`.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::Site;
use uuid::Uuid;

use crate::macros::event;

event! {
    /// HR added an employment contract to an employee (not one made by hiring, which
    /// `hr.applicant.hired` announces, nor a successor a decision made, which
    /// `hr.contract.extended` and `hr.contract.converted` announce). Published in the
    /// same transaction.
    #[event(
        type = "hr.contract.created",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct ContractCreated {
        /// The contract.
        pub contract_id: Uuid,
        /// Its employee.
        pub employee_id: Uuid,
        /// The employee's site (null for an all-sites role).
        pub site: Option<Site>,
        /// `pkwt` (fixed term) or `pkwtt` (permanent).
        pub kind: String,
        /// Its first day.
        pub starts_on: NaiveDate,
        /// Its last day; null for a permanent contract.
        pub ends_on: Option<NaiveDate>,
        /// Who added it.
        pub created_by: Uuid,
    }
}

event! {
    /// A fixed-term contract not yet decided reached a threshold before its end (60, 30,
    /// 15 or 7 days): it is in the site supervisor_ops' and HR's queue. Published once
    /// per contract and threshold by hr's contract sweep (on the configured clock).
    #[event(
        type = "hr.contract.ending",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct ContractEnding {
        /// The contract.
        pub contract_id: Uuid,
        /// Its employee.
        pub employee_id: Uuid,
        /// The employee's site (null for an all-sites role).
        pub site: Option<Site>,
        /// Its last day.
        pub ends_on: NaiveDate,
        /// The threshold reached: 60, 30, 15 or 7 days before `ends_on`.
        pub threshold_days: u32,
        /// The days from the sweep's WIB day to `ends_on` (at most `threshold_days`).
        pub days_left: u32,
    }
}

event! {
    /// HR confirmed the site supervisor's proposal to extend a fixed-term contract: a
    /// new fixed-term contract runs from the day after the old end to `new_ends_on`.
    #[event(
        type = "hr.contract.extended",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct ContractExtended {
        /// The contract decided.
        pub contract_id: Uuid,
        /// Its employee.
        pub employee_id: Uuid,
        /// The employee's site.
        pub site: Option<Site>,
        /// The new contract.
        pub new_contract_id: Uuid,
        /// The old contract's last day.
        pub old_ends_on: NaiveDate,
        /// The new contract's last day.
        pub new_ends_on: NaiveDate,
        /// The supervisor_ops who proposed it.
        pub proposed_by: Uuid,
        /// The HR officer who confirmed it.
        pub confirmed_by: Uuid,
        /// When it was confirmed.
        pub confirmed_at: DateTime<Utc>,
    }
}

event! {
    /// HR confirmed the site supervisor's proposal to make a fixed-term employee
    /// permanent: a permanent (pkwtt) contract starts the day after the old end.
    #[event(
        type = "hr.contract.converted",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct ContractConverted {
        /// The contract decided.
        pub contract_id: Uuid,
        /// Its employee.
        pub employee_id: Uuid,
        /// The employee's site.
        pub site: Option<Site>,
        /// The permanent contract.
        pub new_contract_id: Uuid,
        /// The permanent contract's first day.
        pub starts_on: NaiveDate,
        /// The supervisor_ops who proposed it.
        pub proposed_by: Uuid,
        /// The HR officer who confirmed it.
        pub confirmed_by: Uuid,
        /// When it was confirmed.
        pub confirmed_at: DateTime<Utc>,
    }
}

event! {
    /// HR confirmed the site supervisor's proposal not to extend a fixed-term contract:
    /// the employee works until `ends_on` and is deactivated on the day after by hr's
    /// contract sweep (`hr.employee.deactivated`, their sessions and tokens revoked).
    #[event(
        type = "hr.contract.ended",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct ContractEnded {
        /// The contract decided.
        pub contract_id: Uuid,
        /// Its employee.
        pub employee_id: Uuid,
        /// The employee's site.
        pub site: Option<Site>,
        /// The last working day.
        pub ends_on: NaiveDate,
        /// The supervisor_ops who proposed it.
        pub proposed_by: Uuid,
        /// The HR officer who confirmed it.
        pub confirmed_by: Uuid,
        /// When it was confirmed.
        pub confirmed_at: DateTime<Utc>,
    }
}
