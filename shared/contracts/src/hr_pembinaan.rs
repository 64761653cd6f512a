//! What hr's pembinaan (manual §4.1.4) publishes: coaching and counseling records,
//! warning letters SP1 → SP2 → SP3 through their life, and the termination review an
//! SP3 opens, for reporting.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::macros::{event, vocabulary};

vocabulary! {
    /// A warning letter's level.
    pub enum WarningLevel as "warning letter level" {
        /// Surat Peringatan 1.
        Sp1 => "SP1",
        /// Surat Peringatan 2 (needs an SP1 in force, or HR's approval).
        Sp2 => "SP2",
        /// Surat Peringatan 3 (needs an SP2 in force, or HR's approval); opens a
        /// termination review.
        Sp3 => "SP3",
    }
}

vocabulary! {
    /// Where a warning letter is in its life.
    pub enum WarningLetterStatus as "warning letter status" {
        /// A direct letter waiting for HR's approval: not in force.
        PendingApproval => "pending_approval",
        /// A direct letter HR refused: never in force.
        Rejected => "rejected",
        /// Issued on the ladder, HR has not acknowledged it yet: in force.
        Issued => "issued",
        /// Issued and acknowledged by HR: in force.
        Acknowledged => "acknowledged",
        /// A direct letter HR approved: in force.
        Approved => "approved",
        /// Revoked with a reason: never in force.
        Revoked => "revoked",
    }
}

vocabulary! {
    /// HR's decision on a direct letter.
    pub enum LetterDecision as "warning letter decision" {
        /// In force from its issue day to its last day.
        Approved => "approved",
        /// Never in force.
        Rejected => "rejected",
    }
}

vocabulary! {
    /// HR's decision on a termination review.
    pub enum TerminationDecision as "termination decision" {
        /// The employment ends (HR deactivates the employee).
        Terminate => "terminate",
        /// The employee stays.
        Retain => "retain",
    }
}

event! {
    /// A warning letter was issued by a site supervisor: in force at once when it
    /// follows the ladder (`status` issued), or waiting for HR's approval as a direct
    /// letter (`status` pending_approval). Published in the issuing transaction.
    #[event(
        type = "hr.warning_letter.issued",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct WarningLetterIssued {
        /// The letter.
        pub letter_id: Uuid,
        /// Whom it warns.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// SP1, SP2 or SP3.
        pub level: WarningLevel,
        /// Its first WIB day in force.
        pub issued_on: NaiveDate,
        /// Its last WIB day in force.
        pub valid_until: NaiveDate,
        /// issued or pending_approval.
        pub status: WarningLetterStatus,
        /// The reason stated for a direct letter (off the ladder); null otherwise.
        pub direct_reason: Option<String>,
        /// Who issued it.
        pub issued_by: Uuid,
        /// Their role.
        pub issued_by_role: Role,
    }
}

event! {
    /// HR acknowledged a warning letter issued on the ladder.
    #[event(
        type = "hr.warning_letter.acknowledged",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct WarningLetterAcknowledged {
        /// The letter.
        pub letter_id: Uuid,
        /// Whom it warns.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// SP1, SP2 or SP3.
        pub level: WarningLevel,
        /// Who acknowledged it (hr_recruiter or admin).
        pub acknowledged_by: Uuid,
        /// When.
        pub acknowledged_at: DateTime<Utc>,
    }
}

event! {
    /// HR approved or rejected a direct letter (issued off the ladder with a reason).
    #[event(
        type = "hr.warning_letter.decided",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct WarningLetterDecided {
        /// The letter.
        pub letter_id: Uuid,
        /// Whom it warns.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// SP1, SP2 or SP3.
        pub level: WarningLevel,
        /// approved (in force) or rejected (never in force).
        pub decision: LetterDecision,
        /// HR's note; null when none.
        pub note: Option<String>,
        /// Who decided.
        pub decided_by: Uuid,
        /// When.
        pub decided_at: DateTime<Utc>,
    }
}

event! {
    /// A warning letter was revoked with a reason: it is no longer in force (it is
    /// kept, nothing is deleted).
    #[event(
        type = "hr.warning_letter.revoked",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct WarningLetterRevoked {
        /// The letter.
        pub letter_id: Uuid,
        /// Whom it warned.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// SP1, SP2 or SP3.
        pub level: WarningLevel,
        /// Why.
        pub reason: String,
        /// Who revoked it.
        pub revoked_by: Uuid,
        /// When.
        pub revoked_at: DateTime<Utc>,
    }
}

event! {
    /// An SP3 came into force and opened a termination review for HR.
    #[event(
        type = "hr.termination_review.opened",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct TerminationReviewOpened {
        /// The review.
        pub review_id: Uuid,
        /// The employee under review.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// The SP3 that opened it.
        pub letter_id: Uuid,
        /// When.
        pub opened_at: DateTime<Utc>,
    }
}

event! {
    /// HR decided a termination review.
    #[event(
        type = "hr.termination_review.decided",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct TerminationReviewDecided {
        /// The review.
        pub review_id: Uuid,
        /// The employee under review.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// terminate or retain.
        pub decision: TerminationDecision,
        /// Who decided.
        pub decided_by: Uuid,
        /// When.
        pub decided_at: DateTime<Utc>,
    }
}

event! {
    /// A team leader or a site supervisor recorded a coaching or counseling session.
    #[event(
        type = "hr.coaching.recorded",
        version = 1,
        producer = "hr",
        consumers = ["reporting"],
    )]
    pub struct CoachingRecorded {
        /// The record.
        pub record_id: Uuid,
        /// The employee coached.
        pub employee_id: Uuid,
        /// Their site; null for an employee of every site.
        pub site: Option<Site>,
        /// coaching or counseling.
        pub kind: String,
        /// The WIB day it was held.
        pub held_on: NaiveDate,
        /// Whether it leaves an open plan (a counseling plan puts the employee in
        /// pembinaan until closed).
        pub plan_open: bool,
        /// Who recorded it.
        pub recorded_by: Uuid,
        /// Their role.
        pub recorded_by_role: Role,
    }
}
