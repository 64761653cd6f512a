//! IT disruptions of the sites, escalated to IOC (manual §4.2.1, "Eskalasi dan
//! Perbaikan Gangguan"): who reports them, who sees them, who may move them where, and
//! their SLA clocks per severity on the desk's calendars.
//!
//! A disruption is reported by someone at a site with operations duties (its site is
//! the reporter's), acknowledged, worked (updates on its timeline) and resolved by IOC,
//! then confirmed (closed) or reopened by the site's operations supervisor. Its two SLA
//! clocks, acknowledge and resolve, are computed from its status history on read, like a
//! ticket's ([`super::business_time`] over a [`Calendar`]): P1 runs on the 24x7 calendar,
//! the others on the site's office hours. A clock that runs out is escalated once to
//! IOC's manager (`ioc_manager`).

use chrono::{DateTime, Duration, Utc};
use tam_kernel::{Actor, FieldError, Program, Role, Site};

use super::business_time::{add_business_time, business_time_between};
use super::calendar::Calendar;
use super::Rejection;

tam_kernel::code_enum! {
    /// What broke at the site.
    pub enum Category as "disruption category" {
        /// The telephony or the dialer.
        TelephonyDialer => "telephony_dialer",
        /// The network.
        Network => "network",
        /// An application.
        Application => "application",
        /// A PC or a headset.
        PcHeadset => "pc_headset",
        /// The power supply.
        Power => "power",
        /// Anything else.
        Other => "other",
    }
}

tam_kernel::code_enum! {
    /// How bad it is; P1: a site or a program cannot call.
    pub enum Severity as "disruption severity" {
        /// A site or a program cannot call.
        P1 => "p1",
        /// Calling badly degraded.
        P2 => "p2",
        /// A few agents or one function affected.
        P3 => "p3",
        /// Minor, with a workaround.
        P4 => "p4",
    }
}

tam_kernel::code_enum! {
    /// Where a disruption is in IOC's work.
    pub enum Status as "disruption status" {
        /// Reported by the site, not yet taken by IOC.
        Reported => "reported",
        /// Acknowledged by IOC, being worked.
        Acknowledged => "acknowledged",
        /// IOC says it is fixed; waiting for the site's confirmation.
        Resolved => "resolved",
        /// The site confirmed the fix.
        Closed => "closed",
        /// The site found it not fixed; IOC works on it again.
        Reopened => "reopened",
    }
}

tam_kernel::code_enum! {
    /// A disruption's SLA clocks.
    pub enum ClockKind as "disruption clock" {
        /// From the report until IOC acknowledges it.
        Acknowledge => "acknowledge",
        /// From the report until IOC resolves it, the time waiting for the site's
        /// confirmation excepted.
        Resolve => "resolve",
    }
}

impl Status {
    /// Whether IOC still has work to do (the resolve clock runs).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Reported | Status::Acknowledged | Status::Reopened
        )
    }
}

/// The roles that report disruptions: anyone at a site with operations duties.
pub const REPORTERS: &[Role] = &[
    Role::SupervisorOps,
    Role::TeamLeader,
    Role::Agent,
    Role::QcOfficer,
];

/// IOC: who acknowledges, works and resolves disruptions, and sets their severity.
pub const IOC: &[Role] = &[Role::Ioc, Role::IocManager];

/// Who a breach is escalated to.
pub const ESCALATED_TO: Role = Role::IocManager;

/// Which disruptions a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisruptionScope {
    /// Every site's: IOC, its manager and the all-site managers.
    All,
    /// One site's: the site's people with operations duties (the whole site's, not
    /// their team's: a disruption hits the floor).
    Site(Site),
    /// None.
    Nothing,
}

/// The disruptions `actor` sees: IOC, `ioc_manager`, `manager`, `coordinator` and
/// `admin` every site's; the reporting roles their own site's (from the token).
pub fn disruption_scope(actor: &Actor) -> DisruptionScope {
    match actor.role {
        Role::Ioc | Role::IocManager | Role::Manager | Role::Coordinator | Role::Admin => {
            DisruptionScope::All
        }
        role if REPORTERS.contains(&role) => actor
            .site
            .map_or(DisruptionScope::Nothing, DisruptionScope::Site),
        _ => DisruptionScope::Nothing,
    }
}

/// A disruption as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Disruption {
    pub id: uuid::Uuid,
    pub number: i64,
    pub site: Site,
    pub category: Category,
    pub programs: Vec<Program>,
    pub agents_affected: u32,
    pub description: String,
    pub proposed_severity: Severity,
    pub severity: Severity,
    pub status: Status,
    pub reported_by: uuid::Uuid,
    pub reporter_role: Role,
    pub started_at: DateTime<Utc>,
    /// IOC's last resolution, while resolved or closed.
    pub ended_at: Option<DateTime<Utc>>,
    pub reported_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl Disruption {
    /// Whether it is an open P1 (its site sees it first).
    pub fn active_p1(&self) -> bool {
        is_active_p1(self.severity, self.status)
    }
}

tam_kernel::code_enum! {
    /// What a timeline entry records.
    pub enum EntryKind as "disruption timeline entry" {
        /// The site reported it (status `reported`).
        Reported => "reported",
        /// Its status changed (note: why; the resolution; the reason to reopen).
        Status => "status",
        /// IOC set its severity (details: from, to).
        Severity => "severity",
        /// IOC's update: what was found, what is done.
        Update => "update",
        /// An SLA clock ran out and was escalated (details: clock, due_at, escalated_to).
        Breached => "breached",
    }
}

/// One entry of a disruption's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: EntryKind,
    pub status: Option<Status>,
    pub note: Option<String>,
    pub actor_id: Option<uuid::Uuid>,
    pub actor_role: Option<Role>,
    pub details: Option<serde_json::Value>,
}

/// A breach recorded (and escalated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub clock: ClockKind,
    pub severity: Severity,
    pub calendar: String,
    pub target_minutes: u32,
    pub due_at: DateTime<Utc>,
    pub fired_at: DateTime<Utc>,
    pub escalated_to: Role,
}

/// A disruption as the site reports it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDisruption {
    pub category: Category,
    pub programs: Vec<Program>,
    pub agents_affected: u32,
    pub description: String,
    pub proposed_severity: Severity,
    /// When it started; `None`: at the report.
    pub started_at: Option<DateTime<Utc>>,
}

/// How far back a report may say the disruption started.
pub const MAX_STARTED_BEFORE: Duration = Duration::days(7);

/// The site a report is for (the reporter's own, from the token), or why it cannot be
/// made: a role that does not report (403) or a token without a site (403).
pub fn reporting_site(actor: &Actor) -> Result<Site, Rejection> {
    if !REPORTERS.contains(&actor.role) {
        return Err(Rejection::Forbidden(format!(
            "{} does not report disruptions",
            actor.role
        )));
    }
    actor.site.ok_or_else(|| {
        Rejection::Forbidden("the token names no site: a disruption is reported for one".into())
    })
}

/// What is wrong with a report at `site`, at `now`: the programs the site does not run
/// (`programs[i]`, unknown there), then the rules broken: a program listed twice, a
/// start ahead of `now` or more than [`MAX_STARTED_BEFORE`] before it.
pub fn check_report(
    site: Site,
    new: &NewDisruption,
    now: DateTime<Utc>,
) -> (Vec<FieldError>, Vec<FieldError>) {
    let mut unknown = Vec::new();
    let mut invalid = Vec::new();
    for (i, program) in new.programs.iter().enumerate() {
        if !program.runs_at(site) {
            unknown.push(FieldError::new(
                format!("programs[{i}]"),
                format!("{program} does not run at {site}"),
            ));
        } else if new.programs[..i].contains(program) {
            invalid.push(FieldError::new(
                format!("programs[{i}]"),
                format!("{program} is listed twice"),
            ));
        }
    }
    if let Some(started) = new.started_at {
        if started > now {
            invalid.push(FieldError::new("started_at", "lies in the future"));
        } else if now - started > MAX_STARTED_BEFORE {
            invalid.push(FieldError::new(
                "started_at",
                "is more than 7 days ago: report a new disruption for what is broken now",
            ));
        }
    }
    (unknown, invalid)
}

/// Whether `actor` may move a disruption of `site` from `from` to `to`:
///
/// - IOC (`ioc`, `ioc_manager`) acknowledges a reported one and resolves an
///   acknowledged or reopened one;
/// - the site's `supervisor_ops` confirms a resolved one (closed) or reopens it;
/// - nobody else, and no other change (409: the state does not allow it).
pub fn check_status_change(
    actor: &Actor,
    site: Site,
    from: Status,
    to: Status,
) -> Result<(), Rejection> {
    use Status::{Acknowledged, Closed, Reopened, Reported, Resolved};
    let ioc_change = matches!(
        (from, to),
        (Reported, Acknowledged) | (Acknowledged | Reopened, Resolved)
    );
    let site_change = matches!((from, to), (Resolved, Closed | Reopened));
    if !ioc_change && !site_change {
        return Err(Rejection::Conflict(format!(
            "a disruption {from} cannot become {to} (allowed: {})",
            list(&next_statuses(from))
        )));
    }
    if ioc_change && IOC.contains(&actor.role) {
        return Ok(());
    }
    if site_change && actor.role == Role::SupervisorOps && actor.site == Some(site) {
        return Ok(());
    }
    Err(Rejection::Forbidden(if ioc_change {
        format!("IOC makes a disruption {to}, not {}", actor.role)
    } else {
        format!(
            "the operations supervisor of {site} confirms or reopens its disruptions, not {}",
            actor.role
        )
    }))
}

fn list(statuses: &[Status]) -> String {
    if statuses.is_empty() {
        "none".into()
    } else {
        statuses
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The statuses a disruption in `from` may move to, by anyone.
pub fn next_statuses(from: Status) -> Vec<Status> {
    match from {
        Status::Reported => vec![Status::Acknowledged],
        Status::Acknowledged | Status::Reopened => vec![Status::Resolved],
        Status::Resolved => vec![Status::Closed, Status::Reopened],
        Status::Closed => vec![],
    }
}

/// The statuses `actor` may move a disruption of `site` in `from` to.
pub fn allowed_for(actor: &Actor, site: Site, from: Status) -> Vec<Status> {
    next_statuses(from)
        .into_iter()
        .filter(|to| check_status_change(actor, site, from, *to).is_ok())
        .collect()
}

/// Whether `actor` may set the severity or post an update: IOC, while the disruption
/// is not closed.
pub fn check_ioc_work(actor: &Actor, status: Status) -> Result<(), Rejection> {
    if !IOC.contains(&actor.role) {
        return Err(Rejection::Forbidden(format!(
            "IOC works disruptions, not {}",
            actor.role
        )));
    }
    if status == Status::Closed {
        return Err(Rejection::Conflict(
            "the disruption is closed: the site reports a new one".into(),
        ));
    }
    Ok(())
}

/// Whether a disruption of `severity` in `status` is an open P1: its site's
/// supervisor and team leaders see it first.
pub fn is_active_p1(severity: Severity, status: Status) -> bool {
    severity == Severity::P1 && status.is_open()
}

/// The calendar a severity's clocks run on, before the site's time zone is applied
/// (`super::ticket::calendar_for`): P1 around the clock, the others office hours.
pub const ALWAYS: &str = "always";
/// The office-hours calendar of the other severities.
pub const OFFICE: &str = "office-wib";

/// The SLA of one severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    /// The calendar's code (see [`ALWAYS`], [`OFFICE`]).
    pub calendar: &'static str,
    /// IOC acknowledges within this much calendar time.
    pub acknowledge: Duration,
    /// IOC resolves within this much calendar time.
    pub resolve: Duration,
}

impl Targets {
    pub fn of(&self, kind: ClockKind) -> Duration {
        match kind {
            ClockKind::Acknowledge => self.acknowledge,
            ClockKind::Resolve => self.resolve,
        }
    }
}

/// IOC's targets per severity (docs/decisions.md, issue 13): P1 (a site or program
/// cannot call) 15 minutes to acknowledge and 4 hours to resolve, around the clock;
/// P2 30 minutes and 8 business hours; P3 2 and 27 business hours (3 days of 9); P4
/// 4 and 45 business hours (5 days).
pub const fn targets(severity: Severity) -> Targets {
    match severity {
        Severity::P1 => Targets {
            calendar: ALWAYS,
            acknowledge: Duration::minutes(15),
            resolve: Duration::minutes(240),
        },
        Severity::P2 => Targets {
            calendar: OFFICE,
            acknowledge: Duration::minutes(30),
            resolve: Duration::minutes(480),
        },
        Severity::P3 => Targets {
            calendar: OFFICE,
            acknowledge: Duration::minutes(120),
            resolve: Duration::minutes(1620),
        },
        Severity::P4 => Targets {
            calendar: OFFICE,
            acknowledge: Duration::minutes(240),
            resolve: Duration::minutes(2700),
        },
    }
}

/// One status change of a disruption (its timeline's status entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub at: DateTime<Utc>,
    pub status: Status,
}

/// One SLA clock at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub kind: ClockKind,
    pub target: Duration,
    /// Calendar time used so far.
    pub elapsed: Duration,
    /// Whether it runs now.
    pub running: bool,
    /// When it runs out if it keeps running (while it runs).
    pub due_at: Option<DateTime<Utc>>,
    /// When it ran out, if it did.
    pub breached_at: Option<DateTime<Utc>>,
}

/// The spans `[start, end)` during which a clock runs (`end` `None`: still running).
fn spans(kind: ClockKind, history: &[StatusChange]) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let runs = |status: Status| match kind {
        ClockKind::Acknowledge => status == Status::Reported,
        ClockKind::Resolve => status.is_open(),
    };
    let mut out: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
    let mut start: Option<DateTime<Utc>> = None;
    for change in history {
        match (start, runs(change.status)) {
            (None, true) => start = Some(change.at),
            (Some(s), false) => {
                out.push((s, Some(change.at)));
                start = None;
            }
            _ => {}
        }
        // The acknowledge clock stops for good at the first acknowledgement.
        if kind == ClockKind::Acknowledge && change.status != Status::Reported {
            break;
        }
    }
    if let Some(s) = start {
        out.push((s, None));
    }
    out
}

/// A clock of `kind` from a disruption's status history (oldest first, starting with
/// its report), its target and calendar, at `now`. `None` for the due and breach
/// instants when the calendar has no such time within its horizon.
pub fn compute_clock(
    kind: ClockKind,
    history: &[StatusChange],
    target: Duration,
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Clock {
    let mut elapsed = Duration::zero();
    let mut breached_at = None;
    let mut due_at = None;
    let mut running = false;
    for (start, end) in spans(kind, history) {
        let stop = end.unwrap_or(now).min(now).max(start);
        if breached_at.is_none() {
            let left = target - elapsed;
            if let Some(due) = add_business_time(calendar, start, left) {
                // Stopped exactly at the due instant is in time; still running at
                // it is not.
                let ran_out = if end.is_some() {
                    due < stop
                } else {
                    due <= stop
                };
                if ran_out {
                    breached_at = Some(due);
                } else if end.is_none() {
                    due_at = Some(due);
                }
            }
        }
        elapsed += business_time_between(calendar, start, stop);
        running = end.is_none();
    }
    if breached_at.is_some() || !running {
        due_at = None;
    }
    Clock {
        kind,
        target,
        elapsed,
        running,
        due_at,
        breached_at,
    }
}

/// Both clocks of a disruption of `severity` (acknowledge, then resolve).
pub fn compute_clocks(
    severity: Severity,
    history: &[StatusChange],
    calendar: &Calendar,
    now: DateTime<Utc>,
) -> Vec<Clock> {
    let t = targets(severity);
    ClockKind::ALL
        .iter()
        .map(|kind| compute_clock(*kind, history, t.of(*kind), calendar, now))
        .collect()
}

/// The escalation poller's timer: the earliest breach not yet recorded (at or before
/// `now`, so the next sweep takes it) or the earliest due time of a running clock whose
/// breach is not recorded. `recorded`: the clocks whose breach is in the table.
pub fn next_escalation_at(clocks: &[Clock], recorded: &[ClockKind]) -> Option<DateTime<Utc>> {
    clocks
        .iter()
        .filter(|c| !recorded.contains(&c.kind))
        .filter_map(|c| c.breached_at.or(c.due_at))
        .min()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::testing::{office, utc};
    use uuid::Uuid;

    fn actor(role: Role, site: Option<Site>) -> Actor {
        Actor {
            id: Uuid::now_v7(),
            role,
            site,
            team: None,
        }
    }

    fn always() -> Calendar {
        Calendar::always_open(tam_kernel::WIB)
    }

    fn change(at: &str, status: Status) -> StatusChange {
        StatusChange {
            at: utc(at),
            status,
        }
    }

    #[test]
    fn ioc_acknowledges_and_resolves_the_sites_supervisor_confirms_or_reopens() {
        use Status::*;
        let bandung = Some(Site::Bandung);
        let ioc = actor(Role::Ioc, None);
        let ioc_manager = actor(Role::IocManager, None);
        let supervisor = actor(Role::SupervisorOps, bandung);
        let other_supervisor = actor(Role::SupervisorOps, Some(Site::Medan));
        let team_leader = actor(Role::TeamLeader, bandung);
        let agent = actor(Role::Agent, bandung);
        let manager = actor(Role::Manager, None);
        let ok = |a: &Actor, from, to| check_status_change(a, Site::Bandung, from, to).is_ok();
        let forbidden = |a: &Actor, from, to| {
            matches!(
                check_status_change(a, Site::Bandung, from, to),
                Err(Rejection::Forbidden(_))
            )
        };
        let conflict = |a: &Actor, from, to| {
            matches!(
                check_status_change(a, Site::Bandung, from, to),
                Err(Rejection::Conflict(_))
            )
        };
        for who in [&ioc, &ioc_manager] {
            assert!(ok(who, Reported, Acknowledged));
            assert!(ok(who, Acknowledged, Resolved));
            assert!(ok(who, Reopened, Resolved));
            // IOC neither confirms its own fix nor reopens it.
            assert!(forbidden(who, Resolved, Closed));
            assert!(forbidden(who, Resolved, Reopened));
            // A fix needs an acknowledgement first; a closed one stays closed.
            assert!(conflict(who, Reported, Resolved));
            assert!(conflict(who, Closed, Reopened));
        }
        assert!(ok(&supervisor, Resolved, Closed));
        assert!(ok(&supervisor, Resolved, Reopened));
        assert!(forbidden(&supervisor, Reported, Acknowledged));
        assert!(forbidden(&supervisor, Acknowledged, Resolved));
        // Another site's supervisor, the floor and the managers confirm nothing.
        for who in [&other_supervisor, &team_leader, &agent, &manager] {
            assert!(forbidden(who, Resolved, Closed), "{}", who.role);
            assert!(forbidden(who, Resolved, Reopened), "{}", who.role);
            assert!(forbidden(who, Reported, Acknowledged), "{}", who.role);
        }
        // Nothing leaves `closed`; nothing goes back to `reported`.
        for to in Status::ALL {
            assert!(conflict(&ioc, Closed, *to));
            assert!(conflict(&supervisor, Acknowledged, Reported));
        }
        assert_eq!(
            allowed_for(&supervisor, Site::Bandung, Resolved),
            [Closed, Reopened]
        );
        assert_eq!(allowed_for(&ioc, Site::Bandung, Resolved), []);
        assert_eq!(allowed_for(&ioc, Site::Bandung, Reopened), [Resolved]);
        assert_eq!(allowed_for(&other_supervisor, Site::Bandung, Resolved), []);
    }

    #[test]
    fn ioc_sets_severity_and_posts_updates_until_closed() {
        let ioc = actor(Role::Ioc, None);
        assert!(check_ioc_work(&ioc, Status::Reported).is_ok());
        assert!(check_ioc_work(&ioc, Status::Resolved).is_ok());
        assert!(matches!(
            check_ioc_work(&ioc, Status::Closed),
            Err(Rejection::Conflict(_))
        ));
        let supervisor = actor(Role::SupervisorOps, Some(Site::Bandung));
        assert!(matches!(
            check_ioc_work(&supervisor, Status::Acknowledged),
            Err(Rejection::Forbidden(_))
        ));
    }

    #[test]
    fn the_sites_operations_roles_see_their_site_ioc_and_the_managers_all() {
        for role in [
            Role::Ioc,
            Role::IocManager,
            Role::Manager,
            Role::Coordinator,
            Role::Admin,
        ] {
            assert_eq!(disruption_scope(&actor(role, None)), DisruptionScope::All);
        }
        for &role in REPORTERS {
            assert_eq!(
                disruption_scope(&actor(role, Some(Site::Medan))),
                DisruptionScope::Site(Site::Medan),
                "{role}"
            );
            assert_eq!(
                disruption_scope(&actor(role, None)),
                DisruptionScope::Nothing
            );
        }
        for role in [Role::HdSupport, Role::Trainer, Role::QaOfficer] {
            assert_eq!(
                disruption_scope(&actor(role, Some(Site::Medan))),
                DisruptionScope::Nothing
            );
        }
    }

    #[test]
    fn a_report_is_for_the_reporters_own_site_with_its_programs() {
        let tl = actor(Role::TeamLeader, Some(Site::Bandung));
        assert_eq!(reporting_site(&tl), Ok(Site::Bandung));
        assert!(reporting_site(&actor(Role::Ioc, None)).is_err());
        assert!(reporting_site(&actor(Role::Agent, None)).is_err());
        let now = utc("2026-12-07T10:00:00+07:00");
        let mut new = NewDisruption {
            category: Category::TelephonyDialer,
            programs: vec![Program::AddOnConsumer, Program::Ct0Pranpc],
            agents_affected: 40,
            description: "dialer down".into(),
            proposed_severity: Severity::P1,
            started_at: Some(now - Duration::minutes(10)),
        };
        assert_eq!(check_report(Site::Bandung, &new, now), (vec![], vec![]));
        // CT0 PraNPC is not called in Medan; a program twice; a start ahead of now.
        new.programs.push(Program::AddOnConsumer);
        new.started_at = Some(now + Duration::minutes(1));
        let (unknown, invalid) = check_report(Site::Medan, &new, now);
        let fields = |errors: Vec<FieldError>| -> Vec<String> {
            errors.into_iter().map(|e| e.field).collect()
        };
        assert_eq!(fields(unknown), ["programs[1]"]);
        assert_eq!(fields(invalid), ["programs[2]", "started_at"]);
        new.started_at = Some(now - Duration::days(8));
        new.programs.pop();
        let (_, invalid) = check_report(Site::Bandung, &new, now);
        assert_eq!(fields(invalid), ["started_at"]);
    }

    #[test]
    fn targets_per_severity() {
        assert_eq!(
            targets(Severity::P1),
            Targets {
                calendar: "always",
                acknowledge: Duration::minutes(15),
                resolve: Duration::hours(4)
            }
        );
        for severity in [Severity::P2, Severity::P3, Severity::P4] {
            assert_eq!(targets(severity).calendar, "office-wib");
        }
        // Each severity is at least as urgent as the next one.
        for pair in Severity::ALL.windows(2) {
            let (a, b) = (targets(pair[0]), targets(pair[1]));
            assert!(a.acknowledge <= b.acknowledge && a.resolve <= b.resolve);
            assert!(a.acknowledge < a.resolve);
        }
    }

    #[test]
    fn a_p1_at_night_breaches_on_the_wall_clock() {
        // Reported Saturday 23:50 WIB, nobody acknowledges: the 24x7 calendar runs
        // through the night, so the acknowledge target is used up at 00:05 Sunday.
        let history = [change("2026-12-05T23:50:00+07:00", Status::Reported)];
        let before = compute_clocks(
            Severity::P1,
            &history,
            &always(),
            utc("2026-12-06T00:04:59+07:00"),
        );
        assert_eq!(before[0].kind, ClockKind::Acknowledge);
        assert_eq!(before[0].breached_at, None);
        assert_eq!(before[0].due_at, Some(utc("2026-12-06T00:05:00+07:00")));
        assert_eq!(before[1].due_at, Some(utc("2026-12-06T03:50:00+07:00")));
        assert_eq!(
            next_escalation_at(&before, &[]),
            Some(utc("2026-12-06T00:05:00+07:00"))
        );
        let after = compute_clocks(
            Severity::P1,
            &history,
            &always(),
            utc("2026-12-06T00:06:00+07:00"),
        );
        assert_eq!(after[0].breached_at, Some(utc("2026-12-06T00:05:00+07:00")));
        assert_eq!(after[0].due_at, None);
        assert_eq!(after[0].elapsed, Duration::minutes(16));
        // Once the acknowledge breach is recorded, the timer is the resolve clock's.
        assert_eq!(
            next_escalation_at(&after, &[ClockKind::Acknowledge]),
            Some(utc("2026-12-06T03:50:00+07:00"))
        );
        // The same report as P3 on office hours: nothing runs before Monday 08:00.
        let p3 = compute_clocks(
            Severity::P3,
            &history,
            &office(),
            utc("2026-12-06T00:06:00+07:00"),
        );
        assert_eq!(p3[0].elapsed, Duration::zero());
        assert_eq!(p3[0].due_at, Some(utc("2026-12-07T10:00:00+07:00")));
    }

    #[test]
    fn an_acknowledgement_in_time_stops_its_clock_and_waiting_for_confirmation_does_not_count() {
        let history = [
            change("2026-12-07T10:00:00+07:00", Status::Reported),
            change("2026-12-07T10:10:00+07:00", Status::Acknowledged),
            change("2026-12-07T12:00:00+07:00", Status::Resolved),
            change("2026-12-07T15:00:00+07:00", Status::Reopened),
        ];
        let now = utc("2026-12-07T16:00:00+07:00");
        let clocks = compute_clocks(Severity::P1, &history, &always(), now);
        let ack = clocks[0];
        assert!(!ack.running);
        assert_eq!(ack.elapsed, Duration::minutes(10));
        assert_eq!((ack.due_at, ack.breached_at), (None, None));
        // Resolve: 10:00–12:00 (2 h) and 15:00–16:00 (1 h); 1 h left from 16:00.
        let resolve = clocks[1];
        assert!(resolve.running);
        assert_eq!(resolve.elapsed, Duration::hours(3));
        assert_eq!(resolve.due_at, Some(utc("2026-12-07T17:00:00+07:00")));
        assert_eq!(next_escalation_at(&clocks, &[]), resolve.due_at);
        // Late: the breach is the instant the fourth hour was used up.
        let later = compute_clock(
            ClockKind::Resolve,
            &history,
            Duration::hours(4),
            &always(),
            utc("2026-12-07T18:00:00+07:00"),
        );
        assert_eq!(later.breached_at, Some(utc("2026-12-07T17:00:00+07:00")));
        // A clock that ran out before it stopped stays breached after it stops.
        let closed = [
            change("2026-12-07T10:00:00+07:00", Status::Reported),
            change("2026-12-07T10:20:00+07:00", Status::Acknowledged),
        ];
        let ack = compute_clock(
            ClockKind::Acknowledge,
            &closed,
            Duration::minutes(15),
            &always(),
            utc("2026-12-07T11:00:00+07:00"),
        );
        assert_eq!(ack.breached_at, Some(utc("2026-12-07T10:15:00+07:00")));
        assert!(!ack.running);
    }
}
