//! What hr's attendance publishes: check-ins and check-outs (by the server's clock),
//! corrections of a day, and a site's "check-in required before calling" policy.
//! prospect keeps a copy of the policy and of the days with a check-in, and refuses
//! `next` to an agent without a check-in on the claim's WIB date where the site
//! requires it; reporting keeps them as every event.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use crate::macros::event;

event! {
    /// An employee checked in for a WIB day (by the server's clock, never a time the
    /// client sent). One per employee and day. Published in the same transaction.
    #[event(
        type = "hr.attendance.checked_in",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct AttendanceCheckedIn {
        /// The employee.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// The WIB day checked in for.
        pub day: NaiveDate,
        /// When (the server's clock).
        pub checked_in_at: DateTime<Utc>,
        /// The code of the day's rostered shift; null when the day has no roster.
        pub shift_code: Option<String>,
        /// Minutes after the shift's start (0 without a roster or when on time).
        pub late_minutes: u32,
        /// More than the late threshold after the shift's start.
        pub late: bool,
    }
}

event! {
    /// An employee checked out of a WIB day they had checked in for (by the server's
    /// clock). At most one per employee and day.
    #[event(
        type = "hr.attendance.checked_out",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct AttendanceCheckedOut {
        /// The employee.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// The WIB day.
        pub day: NaiveDate,
        /// When (the server's clock).
        pub checked_out_at: DateTime<Utc>,
        /// Minutes before the shift's end (0 without a roster or when not early).
        pub early_minutes: u32,
        /// More than the early-leave threshold before the shift's end.
        pub early_leave: bool,
    }
}

event! {
    /// A team leader or supervisor_ops corrected an employee's WIB day, with a reason:
    /// from now on the day reads as corrected (the original and earlier corrections
    /// are kept in hr).
    #[event(
        type = "hr.attendance.corrected",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct AttendanceCorrected {
        /// The correction.
        pub correction_id: Uuid,
        /// The employee whose day it is.
        pub employee_id: Uuid,
        /// Their site.
        pub site: Site,
        /// The WIB day corrected.
        pub day: NaiveDate,
        /// The corrected check-in; null: absent that day.
        pub check_in_at: Option<DateTime<Utc>>,
        /// The corrected check-out; null: none.
        pub check_out_at: Option<DateTime<Utc>>,
        /// The corrected day is a late arrival.
        pub late: bool,
        /// The corrected day is an early leave.
        pub early_leave: bool,
        /// Why.
        pub reason: String,
        /// Who corrected.
        pub corrected_by: Uuid,
        /// Their role.
        pub corrected_by_role: Role,
        /// When.
        pub corrected_at: DateTime<Utc>,
    }
}

event! {
    /// A site's attendance policy was set by its supervisor_ops or a manager: with
    /// `check_in_required`, prospect refuses `next` to an agent of the site who has not
    /// checked in on the claim's WIB date. A site never set does not require it.
    #[event(
        type = "hr.site.attendance_policy_changed",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct AttendancePolicyChanged {
        /// The site.
        pub site: Site,
        /// Whether agents must check in before calling.
        pub check_in_required: bool,
        /// Who set it.
        pub set_by: Uuid,
        /// Their role.
        pub set_by_role: Role,
        /// When.
        pub set_at: DateTime<Utc>,
    }
}
