//! Attendance: shifts and the roster, check-in and check-out by the server's clock,
//! corrections with a reason, the reads, and the site policy prospect's `next` obeys.

use chrono::NaiveDate;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_contracts::hr_attendance::{
    AttendanceCheckedIn, AttendanceCheckedOut, AttendanceCorrected, AttendancePolicyChanged,
};
use tam_kernel::{wib_date, Role, Site};
use uuid::Uuid;

use super::{Hr, Request};
use crate::domain::attendance::{
    self, classify_check_in, classify_check_out, rules, AttendanceSummary, Correction, Day,
    NewCorrection, NewShift, Shift,
};
use crate::domain::employee::{Employee, EmployeeStatus};
use crate::domain::scope::{scope_of, Scope};
use crate::domain::Rejection;
use crate::error::{Error, Result};
use crate::events;
use crate::store;
use crate::store::attendance::{Policy, Whose};

fn forbidden_site(site: Site, what: &str) -> Error {
    Rejection::Forbidden(format!("you may only {what} at your own site, not {site}")).into()
}

/// Creates a shift of a site (its supervisor_ops; 403 for another site). 422
/// `shift-ends-before-start` naming `ends_at`, `shift-code-taken`.
pub async fn create_shift(hr: &Hr, request: &Request, new: NewShift) -> Result<Shift> {
    if !scope_of(&request.actor).covers_site(new.site) {
        return Err(forbidden_site(new.site, "keep shifts"));
    }
    attendance::check_shift(new.starts_at, new.ends_at)?;
    let mut conn = hr.pool.get().await?;
    store::attendance::insert_shift(&mut conn, &new, request.actor.id, hr.clock.now())
        .await?
        .ok_or_else(|| {
            Rejection::rule(
                rules::SHIFT_CODE_TAKEN,
                format!("code: site {} already has a shift {}", new.site, new.code),
            )
            .into()
        })
}

/// The site a caller reads shifts of: their own (a site-bound role), or the one asked
/// (all-site roles; `None`: every site).
fn shift_site(request: &Request, site: Option<Site>) -> Option<Option<Site>> {
    match scope_of(&request.actor) {
        Scope::All => Some(site),
        Scope::Nothing => None,
        _ => request.actor.site.map(Some),
    }
}

/// The shifts the caller sees: a site-bound caller their site's.
pub async fn shifts(hr: &Hr, request: &Request, site: Option<Site>) -> Result<Vec<Shift>> {
    let Some(site) = shift_site(request, site) else {
        return Ok(Vec::new());
    };
    let mut conn = hr.pool.get().await?;
    store::attendance::shifts(&mut conn, site).await
}

/// A roster assignment as asked.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub employee_id: Uuid,
    pub shift_id: Uuid,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Gives `employee_id` the shift on every day of the range (replacing those days'
/// earlier assignments): a supervisor_ops for their site's employees, a team leader for
/// their own team's (404 for anyone else). 422 `roster-mismatch` (a shift of another
/// site than the employee's, an inactive employee), `invalid-roster-range`.
pub async fn assign(hr: &Hr, request: &Request, a: Assignment) -> Result<usize> {
    attendance::check_roster_range(a.from, a.to)?;
    let scope = scope_of(&request.actor);
    let actor = request.actor;
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = store::employees::find(conn, scope, a.employee_id)
                .await?
                .ok_or(Error::NotFound("employee"))?;
            let shift = store::attendance::shift(conn, a.shift_id)
                .await?
                .filter(|shift| scope.covers_site(shift.site) || Some(shift.site) == actor.site)
                .ok_or_else(|| {
                    Error::from(Rejection::rule(
                        rules::SHIFT_NOT_FOUND,
                        format!("shift_id: no shift {} at your site", a.shift_id),
                    ))
                })?;
            if employee.site != Some(shift.site) {
                return Err(Rejection::rule(
                    rules::ROSTER_MISMATCH,
                    format!(
                        "shift_id: shift {} is of site {}, the employee works at {}",
                        shift.code,
                        shift.site,
                        employee
                            .site
                            .map_or_else(|| "no site".to_owned(), |s| s.to_string())
                    ),
                )
                .into());
            }
            if employee.status != EmployeeStatus::Active {
                return Err(Rejection::rule(
                    rules::ROSTER_MISMATCH,
                    "employee_id: the employee is not active",
                )
                .into());
            }
            store::attendance::assign(conn, employee.id, &shift, a.from, a.to, actor.id, now).await
        }
        .scope_boxed()
    })
    .await
}

/// The caller as an employee of a site (check-in and check-out are one's own).
async fn own_record(conn: &mut AsyncPgConnection, request: &Request) -> Result<(Employee, Site)> {
    let me = store::employees::find(conn, Scope::All, request.actor.id)
        .await?
        .ok_or(Error::NotFound("employee"))?;
    let site = me.site.ok_or_else(|| {
        Rejection::rule(
            rules::ROSTER_MISMATCH,
            "you work at no site: only a site's staff check in",
        )
    })?;
    Ok((me, site))
}

/// Checks the caller in for today (WIB) at the server's clock; late when more than the
/// threshold after the rostered shift's start. 422 `already-checked-in`. Publishes
/// `hr.attendance.checked_in`.
pub async fn check_in(hr: &Hr, request: &Request) -> Result<Day> {
    let now = hr.clock.now();
    let today = wib_date(now);
    let thresholds = hr.attendance;
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let (me, site) = own_record(conn, request).await?;
            let existing = store::attendance::recorded_for_update(conn, me.id, today).await?;
            attendance::check_check_in(today, existing.as_ref().map(|(r, _)| r))?;
            let shift = store::attendance::rostered_shift(conn, me.id, today).await?;
            let times = shift.as_ref().map(|s| (s.starts_at, s.ends_at));
            let (late_minutes, late) =
                classify_check_in(times, tam_kernel::to_wib(now).time(), thresholds);
            let inserted = store::attendance::check_in(
                conn,
                me.id,
                today,
                site,
                shift.as_ref().map(|s| s.id),
                now,
                late_minutes,
                late,
            )
            .await?;
            if !inserted {
                // A concurrent check-in won the row.
                return Err(Rejection::rule(
                    rules::ALREADY_CHECKED_IN,
                    format!("you already checked in on {today}; one check-in per day"),
                )
                .into());
            }
            events::PRODUCER
                .publish(
                    conn,
                    Some(site),
                    correlation,
                    &AttendanceCheckedIn {
                        employee_id: me.id,
                        site,
                        day: today,
                        checked_in_at: now,
                        shift_code: shift.as_ref().map(|s| s.code.clone()),
                        late_minutes,
                        late,
                    },
                )
                .await?;
            one_day(conn, me.id, today).await
        }
        .scope_boxed()
    })
    .await
}

/// Checks the caller out of today (WIB) at the server's clock; an early leave when more
/// than the threshold before the shift's end. 422 `not-checked-in`,
/// `already-checked-out`. Publishes `hr.attendance.checked_out`.
pub async fn check_out(hr: &Hr, request: &Request) -> Result<Day> {
    let now = hr.clock.now();
    let today = wib_date(now);
    let thresholds = hr.attendance;
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let (me, site) = own_record(conn, request).await?;
            let existing = store::attendance::recorded_for_update(conn, me.id, today).await?;
            attendance::check_check_out(today, existing.as_ref().map(|(r, _)| r))?;
            let times = existing.and_then(|(_, times)| times);
            let (early_minutes, early_leave) =
                classify_check_out(times, tam_kernel::to_wib(now).time(), thresholds);
            store::attendance::check_out(conn, me.id, today, now, early_minutes, early_leave)
                .await?;
            events::PRODUCER
                .publish(
                    conn,
                    Some(site),
                    correlation,
                    &AttendanceCheckedOut {
                        employee_id: me.id,
                        site,
                        day: today,
                        checked_out_at: now,
                        early_minutes,
                        early_leave,
                    },
                )
                .await?;
            one_day(conn, me.id, today).await
        }
        .scope_boxed()
    })
    .await
}

async fn one_day(conn: &mut AsyncPgConnection, employee_id: Uuid, day: NaiveDate) -> Result<Day> {
    let (_, days) =
        store::attendance::days(conn, Scope::All, Whose::one(employee_id), day, day).await?;
    days.into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("attendance day {day} of {employee_id} vanished").into())
}

/// Corrects an employee's day with a reason (a team leader of their team, a
/// supervisor_ops of their site; 404 for anyone outside). The day's late and early
/// marks follow the corrected times against its rostered shift. The original and
/// earlier corrections stay. 422 `invalid-correction`. Publishes
/// `hr.attendance.corrected`.
pub async fn correct(hr: &Hr, request: &Request, new: NewCorrection) -> Result<Day> {
    attendance::check_corrector(request.actor.role)?;
    let now = hr.clock.now();
    let today = wib_date(now);
    let (check_in_at, check_out_at) = attendance::check_correction(&new, today)?;
    let scope = scope_of(&request.actor);
    let actor = request.actor;
    let thresholds = hr.attendance;
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = store::employees::find(conn, scope, new.employee_id)
                .await?
                .filter(|e| e.id != actor.id || actor.role == Role::Admin)
                .ok_or(Error::NotFound("employee"))?;
            let site = employee.site.ok_or_else(|| {
                Rejection::rule(rules::ROSTER_MISMATCH, "employee_id: works at no site")
            })?;
            let shift = store::attendance::rostered_shift(conn, employee.id, new.day).await?;
            let times = shift.as_ref().map(|s| (s.starts_at, s.ends_at));
            let late = new
                .check_in
                .is_some_and(|t| classify_check_in(times, t, thresholds).1);
            let early_leave = new
                .check_out
                .is_some_and(|t| classify_check_out(times, t, thresholds).1);
            let correction = Correction {
                id: tam_kernel::new_id(),
                employee_id: employee.id,
                day: new.day,
                site,
                check_in_at,
                check_out_at,
                late,
                early_leave,
                reason: new.reason.trim().to_owned(),
                corrected_by: actor.id,
                corrected_by_role: actor.role,
                corrected_at: now,
            };
            store::attendance::insert_correction(conn, &correction).await?;
            events::PRODUCER
                .publish(
                    conn,
                    Some(site),
                    correlation,
                    &AttendanceCorrected {
                        correction_id: correction.id,
                        employee_id: correction.employee_id,
                        site,
                        day: correction.day,
                        check_in_at,
                        check_out_at,
                        late,
                        early_leave,
                        reason: correction.reason.clone(),
                        corrected_by: actor.id,
                        corrected_by_role: actor.role,
                        corrected_at: now,
                    },
                )
                .await?;
            one_day(conn, employee.id, new.day).await
        }
        .scope_boxed()
    })
    .await
}

/// The days and their summary the caller sees: their own, their team's (team leader),
/// their site's (supervisor_ops and other site roles), all (manager, coordinator,
/// hr_recruiter, admin).
pub async fn days(
    hr: &Hr,
    request: &Request,
    whose: Whose,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(AttendanceSummary, Vec<Day>)> {
    let mut conn = hr.pool.get().await?;
    let (rostered, days) =
        store::attendance::days(&mut conn, scope_of(&request.actor), whose, from, to).await?;
    Ok((attendance::summarize(&rostered, &days), days))
}

/// The summary of one employee the caller sees (404 outside their scope).
pub async fn summary(
    hr: &Hr,
    request: &Request,
    employee_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<AttendanceSummary> {
    let mut conn = hr.pool.get().await?;
    store::employees::find(&mut conn, scope_of(&request.actor), employee_id)
        .await?
        .ok_or(Error::NotFound("employee"))?;
    store::attendance::summary(&mut conn, employee_id, from, to).await
}

/// Every site's policy (a site never set: not required).
pub async fn policies(hr: &Hr) -> Result<Vec<Policy>> {
    let mut conn = hr.pool.get().await?;
    let set = store::attendance::policies(&mut conn).await?;
    Ok(Site::ALL
        .iter()
        .map(|site| {
            set.iter()
                .find(|p| p.site == *site)
                .cloned()
                .unwrap_or(Policy {
                    site: *site,
                    check_in_required: false,
                    set_by: None,
                    set_by_role: None,
                    set_at: None,
                })
        })
        .collect())
}

/// Sets whether a site's agents must check in before calling (its supervisor_ops, a
/// manager; 403 for another site). Publishes `hr.site.attendance_policy_changed`.
pub async fn set_policy(
    hr: &Hr,
    request: &Request,
    site: Site,
    check_in_required: bool,
) -> Result<Policy> {
    if !scope_of(&request.actor).covers_site(site) {
        return Err(forbidden_site(site, "set the attendance policy"));
    }
    let actor = request.actor;
    let now = hr.clock.now();
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let policy = store::attendance::set_policy(
                conn,
                site,
                check_in_required,
                actor.id,
                actor.role,
                now,
            )
            .await?;
            events::PRODUCER
                .publish(
                    conn,
                    Some(site),
                    correlation,
                    &AttendancePolicyChanged {
                        site,
                        check_in_required,
                        set_by: actor.id,
                        set_by_role: actor.role,
                        set_at: now,
                    },
                )
                .await?;
            Ok(policy)
        }
        .scope_boxed()
    })
    .await
}
