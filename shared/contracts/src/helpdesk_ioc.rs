//! What helpdesk publishes about the sites' IT disruptions escalated to IOC (manual
//! §4.2.1, "Eskalasi dan Perbaikan Gangguan"): each step of a disruption, from the
//! site's report to the supervisor's confirmation of the fix, and the SLA breaches
//! escalated to IOC's manager. Every event carries the disruption's site, programs and
//! start (and, once fixed, its end), so that reporting can count the calls lost while a
//! program could not call without asking helpdesk.

use chrono::{DateTime, Utc};
use tam_kernel::{Program, Role, Site};
use uuid::Uuid;

use crate::macros::{event, vocabulary};

vocabulary! {
    /// What broke at the site.
    pub enum DisruptionCategory as "disruption category" {
        /// The telephony or the dialer.
        TelephonyDialer => "telephony_dialer",
        /// The network (LAN, WAN, internet).
        Network => "network",
        /// An application (the suite, the client's systems).
        Application => "application",
        /// A PC or a headset.
        PcHeadset => "pc_headset",
        /// The power supply.
        Power => "power",
        /// Anything else (the description says what).
        Other => "other",
    }
}

vocabulary! {
    /// How bad a disruption is: P1 when a site or a program cannot call at all, down
    /// to P4 for an inconvenience.
    pub enum DisruptionSeverity as "disruption severity" {
        /// A site or a program cannot call.
        P1 => "p1",
        /// Calling is badly degraded (many agents affected).
        P2 => "p2",
        /// A few agents or one function affected.
        P3 => "p3",
        /// A minor problem, with a workaround.
        P4 => "p4",
    }
}

vocabulary! {
    /// Where a disruption is in IOC's work.
    pub enum DisruptionStatus as "disruption status" {
        /// Reported by the site, not yet taken by IOC.
        Reported => "reported",
        /// IOC has acknowledged it and works on it.
        Acknowledged => "acknowledged",
        /// IOC says it is fixed; the site's supervisor confirms or reopens.
        Resolved => "resolved",
        /// The site's supervisor confirmed the fix.
        Closed => "closed",
        /// The site's supervisor found it not fixed; IOC works on it again.
        Reopened => "reopened",
    }
}

vocabulary! {
    /// One of a disruption's SLA clocks.
    pub enum DisruptionClock as "disruption SLA clock" {
        /// From the report until IOC acknowledges it.
        Acknowledge => "acknowledge",
        /// From the report until IOC resolves it (the time it waits for the site's
        /// confirmation does not count; a reopening runs it again).
        Resolve => "resolve",
    }
}

event! {
    /// Someone at a site with operations duties reported an IT disruption to IOC.
    #[event(
        type = "helpdesk.disruption.reported",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct DisruptionReported {
        /// The disruption.
        pub disruption_id: Uuid,
        /// Its number ("disruption 17").
        pub number: u64,
        /// The site it hits.
        pub site: Site,
        /// What broke.
        pub category: DisruptionCategory,
        /// The programs that cannot call (or call badly) because of it.
        pub programs: Vec<Program>,
        /// How many agents cannot work normally.
        pub agents_affected: u32,
        /// The severity the reporter proposed.
        pub proposed_severity: DisruptionSeverity,
        /// The severity in force (the proposed one until IOC sets another).
        pub severity: DisruptionSeverity,
        /// Who reported it.
        pub reported_by: Uuid,
        /// Their role.
        pub reporter_role: Role,
        /// When the disruption started, as the reporter says (at or before the report).
        pub started_at: DateTime<Utc>,
        /// When it was reported.
        pub reported_at: DateTime<Utc>,
    }
}

event! {
    /// IOC set a disruption's severity (its SLA targets and calendar follow it).
    #[event(
        type = "helpdesk.disruption.severity_set",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct DisruptionSeveritySet {
        /// The disruption.
        pub disruption_id: Uuid,
        /// Its number.
        pub number: u64,
        /// Its site.
        pub site: Site,
        /// Its programs.
        pub programs: Vec<Program>,
        /// The severity before.
        pub from: DisruptionSeverity,
        /// The severity from now on.
        pub to: DisruptionSeverity,
        /// Who set it (ioc or ioc_manager).
        pub set_by: Uuid,
        /// When.
        pub set_at: DateTime<Utc>,
        /// When the disruption started.
        pub started_at: DateTime<Utc>,
    }
}

event! {
    /// IOC acknowledged a disruption: someone works on it (the acknowledge clock stops).
    #[event(
        type = "helpdesk.disruption.acknowledged",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct DisruptionAcknowledged {
        /// The disruption.
        pub disruption_id: Uuid,
        /// Its number.
        pub number: u64,
        /// Its site.
        pub site: Site,
        /// Its severity then.
        pub severity: DisruptionSeverity,
        /// Who acknowledged it.
        pub acknowledged_by: Uuid,
        /// When.
        pub acknowledged_at: DateTime<Utc>,
        /// When the disruption started.
        pub started_at: DateTime<Utc>,
    }
}

event! {
    /// IOC posted an update on a disruption's timeline (what was found, what is done),
    /// visible to the reporting site.
    #[event(
        type = "helpdesk.disruption.updated",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct DisruptionUpdated {
        /// The disruption.
        pub disruption_id: Uuid,
        /// Its number.
        pub number: u64,
        /// Its site.
        pub site: Site,
        /// Its status when the update was posted.
        pub status: DisruptionStatus,
        /// The update's text.
        pub note: String,
        /// Who posted it.
        pub by: Uuid,
        /// When.
        pub at: DateTime<Utc>,
    }
}

event! {
    /// IOC resolved a disruption: the site can call again from `ended_at`, unless its
    /// supervisor reopens it.
    #[event(
        type = "helpdesk.disruption.resolved",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct DisruptionResolved {
        /// The disruption.
        pub disruption_id: Uuid,
        /// Its number.
        pub number: u64,
        /// Its site.
        pub site: Site,
        /// What broke.
        pub category: DisruptionCategory,
        /// The programs it hit.
        pub programs: Vec<Program>,
        /// How many agents it kept from working normally.
        pub agents_affected: u32,
        /// Its severity.
        pub severity: DisruptionSeverity,
        /// What fixed it.
        pub resolution: String,
        /// Who resolved it.
        pub resolved_by: Uuid,
        /// When the disruption started.
        pub started_at: DateTime<Utc>,
        /// When it ended (the resolution).
        pub ended_at: DateTime<Utc>,
    }
}

event! {
    /// The site's supervisor confirmed IOC's fix: the disruption is closed, and
    /// `started_at`–`ended_at` is its final span (what reporting counts calls lost over).
    #[event(
        type = "helpdesk.disruption.confirmed",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct DisruptionConfirmed {
        /// The disruption.
        pub disruption_id: Uuid,
        /// Its number.
        pub number: u64,
        /// Its site.
        pub site: Site,
        /// What broke.
        pub category: DisruptionCategory,
        /// The programs it hit.
        pub programs: Vec<Program>,
        /// How many agents it kept from working normally.
        pub agents_affected: u32,
        /// Its final severity.
        pub severity: DisruptionSeverity,
        /// Who confirmed (the site's supervisor_ops).
        pub confirmed_by: Uuid,
        /// When.
        pub confirmed_at: DateTime<Utc>,
        /// When the disruption started.
        pub started_at: DateTime<Utc>,
        /// When it ended (IOC's last resolution).
        pub ended_at: DateTime<Utc>,
    }
}

event! {
    /// The site's supervisor found the disruption not fixed: it is open again from the
    /// resolution it rejects (the earlier `ended_at` no longer holds), and IOC's resolve
    /// clock runs again.
    #[event(
        type = "helpdesk.disruption.reopened",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct DisruptionReopened {
        /// The disruption.
        pub disruption_id: Uuid,
        /// Its number.
        pub number: u64,
        /// Its site.
        pub site: Site,
        /// The programs it hits.
        pub programs: Vec<Program>,
        /// Its severity.
        pub severity: DisruptionSeverity,
        /// Why it is not fixed.
        pub reason: String,
        /// Who reopened it (the site's supervisor_ops).
        pub reopened_by: Uuid,
        /// When.
        pub reopened_at: DateTime<Utc>,
        /// When the disruption started.
        pub started_at: DateTime<Utc>,
    }
}

event! {
    /// One of a disruption's SLA clocks used up its target: escalated to IOC's manager
    /// (recorded once per disruption and clock, whichever helpdesk replica finds it;
    /// published at once, whatever the hour).
    #[event(
        type = "helpdesk.disruption.breached",
        version = 1,
        producer = "helpdesk",
        consumers = ["reporting"],
    )]
    pub struct DisruptionBreached {
        /// The disruption.
        pub disruption_id: Uuid,
        /// Its number.
        pub number: u64,
        /// Its site.
        pub site: Site,
        /// The programs it hits.
        pub programs: Vec<Program>,
        /// Its severity when the clock ran out.
        pub severity: DisruptionSeverity,
        /// The clock breached.
        pub clock: DisruptionClock,
        /// Its target, in minutes of its calendar.
        pub target_minutes: u32,
        /// The calendar the clock runs on (`always` for P1).
        pub calendar: String,
        /// When the target was used up.
        pub due_at: DateTime<Utc>,
        /// Who the breach is escalated to.
        pub escalated_to: Role,
        /// When the disruption started.
        pub started_at: DateTime<Utc>,
    }
}
