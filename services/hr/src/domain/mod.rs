//! hr's rules as plain types and functions, without I/O: what a valid employee and team
//! are, who sees and may change what, the password policy and login throttling.
//!
//! Request bodies become these types at the edge (`TryFrom` in `api`), so a handler
//! never holds an unchecked value; the checks that need stored data (does the team fit,
//! is the leader a team leader) take that data as arguments.

pub mod applicant;
pub mod applicant_stage;
pub mod attendance;
pub mod caplan;
pub mod contracts;
pub mod eligibility;
pub mod employee;
pub mod evaluation;
pub mod incentive;
pub mod password;
pub mod pembinaan;
pub mod requisition;
pub mod scope;
pub mod sdm;
pub mod team;
pub mod throttle;
pub mod training;

pub use tam_kernel::{Fields, Rejection};

/// The slugs of hr's business rules (the `type` of its 422 problems).
pub mod rules {
    /// The program does not run at the site.
    pub const PROGRAM_NOT_AT_SITE: &str = "program-not-at-site";
    /// The team does not exist (or is outside the caller's scope).
    pub const TEAM_NOT_FOUND: &str = "team-not-found";
    /// The team is of another site or program than the agent.
    pub const TEAM_MISMATCH: &str = "team-mismatch";
    /// The team leader is not an active team leader of the team's site and program.
    pub const INVALID_TEAM_LEADER: &str = "invalid-team-leader";
    /// The employee leads a team, so their role, site, program or status cannot change.
    pub const LEADS_A_TEAM: &str = "leads-a-team";
    /// A CAPLAN target below zero (names the field `headcount`).
    pub const NEGATIVE_TARGET: &str = "negative-target";
    /// A CAPLAN revision from a month already past: past months keep their plan.
    pub const CAPLAN_MONTH_PAST: &str = "caplan-month-past";
    /// A requisition's site or program does not fit its role (the detail names each
    /// field, as for an employee).
    pub const REQUISITION_ASSIGNMENT: &str = "requisition-assignment";
    /// A requisition needed by a date already past.
    pub const NEEDED_BY_PAST: &str = "needed-by-past";
    /// An SDM period that ends before it starts or is longer than 366 days.
    pub const INVALID_PERIOD: &str = "invalid-period";
    /// A class session overlaps another session of the same trainer.
    pub const TRAINER_SESSIONS_OVERLAP: &str = "trainer-sessions-overlap";
    /// A score or pass mark outside 0–100.
    pub const SCORE_OUT_OF_RANGE: &str = "score-out-of-range";
    /// The trainer is not an active trainer of the class's site.
    pub const INVALID_TRAINER: &str = "invalid-trainer";
    /// The employee cannot join the class (not active, another site or program).
    pub const NOT_ENROLLABLE: &str = "not-enrollable";
    /// The class, session or employee is not what the request needs (not enrolled,
    /// a briefing scored, a session of another class).
    pub const TRAINING_MISMATCH: &str = "training-mismatch";
    /// A certification's last day is before its first.
    pub const INVALID_VALIDITY: &str = "invalid-validity";
    /// The applicant does not meet §2.1's requirements for the role at the hire date
    /// (`errors` names every failing rule and the value that failed it).
    pub const APPLICANT_INELIGIBLE: &str = "applicant-ineligible";
    /// The applicant's pipeline does not allow this move (a skipped or backward stage,
    /// a move out of a final stage, hiring before the offer).
    pub const ILLEGAL_STAGE_MOVE: &str = "illegal-stage-move";
    /// No edition of the hiring rules is in effect at the hire date, or the role is not
    /// one hr recruits.
    pub const NO_HIRING_RULES: &str = "no-hiring-rules";
    /// The requisition is not open (filled or cancelled), or does not exist.
    pub const REQUISITION_NOT_OPEN: &str = "requisition-not-open";
    /// An internal candidate's employee record does not exist.
    pub const EMPLOYEE_NOT_FOUND: &str = "employee-not-found";
    /// An internal candidate is promoted by changing their employee record, not hired.
    pub const INTERNAL_CANDIDATE: &str = "internal-candidate";
    /// An applicant's birth date is after today (names `birth_date`).
    pub const BIRTH_DATE_IN_FUTURE: &str = "birth-date-in-future";
    /// A test result dated after today (names `taken_on`).
    pub const TEST_DATE_IN_FUTURE: &str = "test-date-in-future";
    /// An education level not in the list (names `education_level`).
    pub const UNKNOWN_EDUCATION_LEVEL: &str = "unknown-education-level";
    /// An experience record with a negative duration (names `experiences[i].months`).
    pub const NEGATIVE_DURATION: &str = "negative-duration";
    /// A warning letter for an employee outside the issuer's site (or of no site).
    pub const LETTER_OUTSIDE_SITE: &str = "letter-outside-site";
    /// An SP2 without an SP1 in force (an SP3 without an SP2) and no direct reason for
    /// HR to approve.
    pub const WARNING_LETTER_SEQUENCE: &str = "warning-letter-sequence";
    /// A coaching session dated after today, or a follow-up before the session.
    pub const COACHING_DATE: &str = "coaching-date";
    /// The employee's fixed-term contracts would total more months than
    /// `TAM_MAX_FIXED_TERM_MONTHS` (issue 15).
    pub const FIXED_TERM_LIMIT: &str = "fixed-term-limit";
    /// The employee is deactivated: no contract is added or decided.
    pub const EMPLOYEE_DEACTIVATED: &str = "employee-deactivated";
    /// A contract decision that does not fit the contract (a permanent one, an
    /// extension not after the end or without `new_ends_on`, `new_ends_on` otherwise).
    pub const INVALID_DECISION: &str = "invalid-decision";
    /// A contract's end missing for a fixed-term one, given for a permanent one, or not
    /// after its start (names `ends_on`).
    pub const INVALID_CONTRACT_TERMS: &str = "invalid-contract-terms";
    /// An incentive table that cannot be read (the detail names the field and why).
    pub const INVALID_INCENTIVE_TABLE: &str = "invalid-incentive-table";
    /// A locked evaluation does not change (a correction lands on the next month).
    pub const EVALUATION_LOCKED: &str = "evaluation-locked";
    /// The evaluation is not at the status the step needs (review after computed,
    /// approve after reviewed, lock after approved).
    pub const EVALUATION_NOT_READY: &str = "evaluation-not-ready";
    /// An export of a month of a site that is not fully approved.
    pub const MONTH_NOT_APPROVED: &str = "month-not-approved";
}
