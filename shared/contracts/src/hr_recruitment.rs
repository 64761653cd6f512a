//! What hr's recruitment publishes: an applicant hired (with their first contract and,
//! for agents, their initial training class). The new employee's own
//! `hr.employee.created` is published in the same transaction.

use chrono::NaiveDate;
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use crate::macros::event;

event! {
    /// An applicant was hired against a requisition: the employee was created with
    /// their first employment contract and, for an agent, enrolled in the next initial
    /// training class of their program at their site (if one is planned). Published
    /// in the hiring's transaction.
    #[event(
        type = "hr.applicant.hired",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct ApplicantHired {
        /// The applicant.
        pub applicant_id: Uuid,
        /// The new employee (also their user id).
        pub employee_id: Uuid,
        /// The requisition hired against.
        pub requisition_id: Uuid,
        /// The role hired into.
        pub role: Role,
        /// Where they work; null for all-site roles.
        pub site: Option<Site>,
        /// Their program; null for roles above programs.
        pub program: Option<Program>,
        /// The first working day (the contract's start).
        pub hire_date: NaiveDate,
        /// The employment contract made.
        pub contract_id: Uuid,
        /// `pkwt` (fixed term) or `pkwtt` (permanent).
        pub contract_kind: String,
        /// The contract's last day; null for a permanent contract.
        pub contract_ends_on: Option<NaiveDate>,
        /// The initial training class the agent was enrolled in; null when none is
        /// planned yet (awaiting a class) or the role needs none.
        pub training_class_id: Option<Uuid>,
    }
}
