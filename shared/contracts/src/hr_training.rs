//! What hr's training publishes: the certifications that let an agent call a program.
//! prospect keeps a copy and refuses `next` (and distribution) to an agent without a
//! certification valid on the claim's WIB date.

use chrono::{DateTime, NaiveDate, Utc};
use tam_kernel::Program;
use uuid::Uuid;

use crate::macros::event;

event! {
    /// An employee was certified for a program: by passing an initial class, by
    /// renewing with a refreshment class (a new certification beside the old one), or
    /// by a prior certification recorded for training before the suite. Published in
    /// the same transaction. The employee may call the program on every WIB day from
    /// `valid_from` to `valid_until`, both inclusive, unless it is revoked.
    #[event(
        type = "hr.certification.granted",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct CertificationGranted {
        /// The certification (a later event about it names the same id).
        pub certification_id: Uuid,
        /// The employee certified.
        pub employee_id: Uuid,
        /// The program they may call.
        pub program: Program,
        /// The first WIB day it is valid.
        pub valid_from: NaiveDate,
        /// The last WIB day it is valid.
        pub valid_until: NaiveDate,
        /// `class` (passing `class_id`) or `prior` (training before the suite).
        pub source: String,
        /// The class passed; null for a prior certification.
        pub class_id: Option<Uuid>,
    }
}

event! {
    /// A certification's last valid day (`valid_until`) passed and the employee holds no
    /// other certification valid for the program: from `expired_on` they may not call
    /// it. Published once per certification by hr's expiry poller (a certification
    /// superseded by a renewal is not published). Informational: its validity already
    /// ends at `valid_until` for every consumer.
    #[event(
        type = "hr.certification.expired",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct CertificationExpired {
        /// The certification that expired.
        pub certification_id: Uuid,
        /// Its holder.
        pub employee_id: Uuid,
        /// The program.
        pub program: Program,
        /// Its last valid WIB day.
        pub valid_until: NaiveDate,
        /// The first WIB day without it (the day after `valid_until`).
        pub expired_on: NaiveDate,
    }
}

event! {
    /// A certification was revoked (by a trainer of the site or an admin, with a
    /// reason): it no longer lets its holder call from `revoked_at` on.
    #[event(
        type = "hr.certification.revoked",
        version = 1,
        producer = "hr",
        consumers = ["prospect", "reporting"],
    )]
    pub struct CertificationRevoked {
        /// The certification revoked.
        pub certification_id: Uuid,
        /// Its holder.
        pub employee_id: Uuid,
        /// The program.
        pub program: Program,
        /// When it was revoked.
        pub revoked_at: DateTime<Utc>,
        /// Why.
        pub reason: String,
    }
}
