//! Hiring, reading, changing and deactivating employees.

use chrono::Utc;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::activation::{self, ActivationCode};
use super::{auth, Hr, Request};
use crate::domain::employee::{
    check_leader_unchanged, roster_changes, Assignment, Employee, EmployeeChanges, EmployeeStatus,
    NewEmployee,
};
use crate::domain::scope::{
    check_create, check_deactivate, check_edit, grants_privilege, scope_of, Scope,
};
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events::RevocationReason;
use crate::events::{
    self, EmployeeCreated, EmployeeDeactivated, EmployeeRoster, EmployeeUpdated, GrantedBy,
    RoleGranted,
};
use crate::store::employees::{EmployeeFilter, NewEmployeeRow};
use crate::store::{employees, teams};

/// An agent's team must exist in the caller's scope and match the agent's site and
/// program.
async fn check_team(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    assignment: &Assignment,
) -> Result<()> {
    let Some(team_id) = assignment.team_id else {
        return Ok(());
    };
    let Some(team) = teams::find(conn, scope, team_id).await? else {
        return Err(
            Rejection::rule(rules::TEAM_NOT_FOUND, format!("there is no team {team_id}")).into(),
        );
    };
    assignment.check_team(team.site, team.program)?;
    Ok(())
}

/// A new employee and the one-time code with which they set their first password.
#[derive(Debug, Clone)]
pub struct Hired {
    pub employee: Employee,
    pub activation: ActivationCode,
}

/// Hires an employee. No password is set: the answer carries a one-time activation
/// code for the employee, who sets the first password with it, so that the caller never
/// knows a working one. Giving a privileged role is audited (`hr.role.granted`).
pub async fn create(hr: &Hr, request: &Request, new: NewEmployee) -> Result<Hired> {
    check_create(&request.actor, &new.assignment)?;
    new.assignment.validate()?;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| create_in(hr, conn, request, new).scope_boxed())
        .await
}

/// [`create`] inside the caller's transaction (hiring an applicant makes the employee,
/// their contract and their enrollment in one).
pub async fn create_in(
    hr: &Hr,
    conn: &mut AsyncPgConnection,
    request: &Request,
    new: NewEmployee,
) -> Result<Hired> {
    check_create(&request.actor, &new.assignment)?;
    new.assignment.validate()?;
    let scope = scope_of(&request.actor);
    check_team(conn, scope, &new.assignment).await?;
    let employee = employees::insert(
        conn,
        &NewEmployeeRow {
            id: tam_kernel::new_id(),
            nik: new.nik.as_str(),
            full_name: new.full_name.as_str(),
            username: new.username.as_str(),
            role: new.assignment.role,
            site: new.assignment.site,
            program: new.assignment.program,
            team_id: new.assignment.team_id,
            birth_date: Some(new.birth_date),
            education_level: Some(new.education_level),
            education_field: Some(&new.education_field),
            hire_date: new.hire_date,
        },
    )
    .await?;
    let activation = activation::issue(hr, conn, employee.id, request.actor.id).await?;
    events::PRODUCER
        .publish(
            conn,
            employee.site,
            request.correlation_id(),
            &EmployeeCreated {
                employee: EmployeeRoster::from(&employee),
            },
        )
        .await?;
    audit_grant(conn, request, None, &employee).await?;
    Ok(Hired {
        employee,
        activation,
    })
}

/// Publishes `hr.role.granted` when the change from `before` (`None`: a new employee)
/// to `after` gives a privileged role, in the change's transaction.
async fn audit_grant(
    conn: &mut AsyncPgConnection,
    request: &Request,
    before: Option<&Employee>,
    after: &Employee,
) -> Result<()> {
    if !grants_privilege(before, after) {
        return Ok(());
    }
    tracing::info!(
        employee = %after.id,
        role = %after.role,
        by = %request.actor.id,
        by_role = %request.actor.role,
        "a privileged role was granted"
    );
    events::PRODUCER
        .publish(
            conn,
            after.site,
            request.correlation_id(),
            &RoleGranted {
                employee_id: after.id,
                username: after.username.clone(),
                role: after.role,
                site: after.site,
                previous_role: before.map(|b| b.role),
                previous_site: before.and_then(|b| b.site),
                granted_by: request.actor.id,
                granted_by_role: request.actor.role,
                how: if before.is_some() {
                    GrantedBy::Edited
                } else {
                    GrantedBy::Created
                },
            },
        )
        .await?;
    Ok(())
}

/// Records the employee's new state in the effective-dated history (from today, WIB,
/// by the configured clock) when their status, role, site or program changed, in the
/// change's transaction: the SDM fulfilment counts from it.
async fn record_state_change(
    hr: &Hr,
    conn: &mut AsyncPgConnection,
    before: &Employee,
    after: &Employee,
    by: Uuid,
) -> Result<()> {
    if (before.status, before.role, before.site, before.program)
        == (after.status, after.role, after.site, after.program)
    {
        return Ok(());
    }
    let today = tam_kernel::time::wib_date(hr.clock.now());
    crate::store::sdm::record_state(conn, after, today, Some(by)).await
}

/// One employee in the caller's scope.
pub async fn get(hr: &Hr, request: &Request, id: Uuid) -> Result<Employee> {
    let mut conn = hr.pool.get().await?;
    employees::find(&mut conn, scope_of(&request.actor), id)
        .await?
        .ok_or(Error::NotFound("employee"))
}

/// A page of the employees in the caller's scope.
pub async fn list(
    hr: &Hr,
    request: &Request,
    filter: EmployeeFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Employee>> {
    let mut conn = hr.pool.get().await?;
    let rows = employees::list(&mut conn, scope_of(&request.actor), filter, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |e| {
        Cursor::new(e.created_at, e.id)
    }))
}

/// Changes an employee in the caller's scope. Suspending ends their sessions; a change
/// of a roster field is announced.
pub async fn update(
    hr: &Hr,
    request: &Request,
    id: Uuid,
    changes: EmployeeChanges,
) -> Result<Employee> {
    let actor = request.actor;
    let scope = scope_of(&actor);
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let before = employees::find_for_update(conn, scope, id)
                .await?
                .ok_or(Error::NotFound("employee"))?;
            let after = changes.apply_to(&before);
            check_edit(&actor, &before, &after)?;
            let assignment = after.assignment();
            assignment.validate()?;
            check_team(conn, scope, &assignment).await?;
            let leads_team = teams::led_by(conn, id).await?.is_some();
            check_leader_unchanged(&before, &after, leads_team)?;
            if after == before {
                return Ok(before);
            }
            let stored = employees::update(conn, &after).await?;
            record_state_change(hr, conn, &before, &stored, request.actor.id).await?;
            // Suspension ends every session and revokes the access tokens at once.
            if stored.status != EmployeeStatus::Active && stored.status != before.status {
                auth::end_sessions(
                    conn,
                    &stored,
                    RevocationReason::Suspended,
                    request.correlation_id(),
                    Utc::now(),
                )
                .await?;
            }
            let changed = roster_changes(&before, &stored);
            if !changed.is_empty() {
                events::PRODUCER
                    .publish(
                        conn,
                        stored.site,
                        request.correlation_id(),
                        &EmployeeUpdated {
                            employee: EmployeeRoster::from(&stored),
                            changed: changed.into_iter().map(str::to_owned).collect(),
                        },
                    )
                    .await?;
            }
            audit_grant(conn, request, Some(&before), &stored).await?;
            Ok(stored)
        }
        .scope_boxed()
    })
    .await
}

/// Deactivates an employee in the caller's scope: they can no longer log in and every
/// session of theirs ends.
pub async fn deactivate(hr: &Hr, request: &Request, id: Uuid) -> Result<Employee> {
    let actor = request.actor;
    let scope = scope_of(&actor);
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let before = employees::find_for_update(conn, scope, id)
                .await?
                .ok_or(Error::NotFound("employee"))?;
            check_deactivate(&actor, &before)?;
            let today = tam_kernel::time::wib_date(hr.clock.now());
            deactivate_in(
                conn,
                &before,
                today,
                request.actor.id,
                request.correlation_id(),
            )
            .await
        }
        .scope_boxed()
    })
    .await
}

/// Deactivates `before` (locked by the caller) in the caller's transaction, from `today`
/// in the status history, `by` whom: their sessions end, their access tokens are revoked
/// and `hr.employee.deactivated` is published. The one deactivation path (the API's and
/// the contract sweep's, for an ended contract).
pub async fn deactivate_in(
    conn: &mut AsyncPgConnection,
    before: &Employee,
    today: chrono::NaiveDate,
    by: Uuid,
    correlation_id: Option<&str>,
) -> Result<Employee> {
    let mut after = before.clone();
    after.status = EmployeeStatus::Deactivated;
    let leads_team = teams::led_by(conn, before.id).await?.is_some();
    check_leader_unchanged(before, &after, leads_team)?;
    let stored = employees::update(conn, &after).await?;
    if before.status != stored.status {
        crate::store::sdm::record_state(conn, &stored, today, Some(by)).await?;
    }
    auth::end_sessions(
        conn,
        &stored,
        RevocationReason::Deactivated,
        correlation_id,
        Utc::now(),
    )
    .await?;
    events::PRODUCER
        .publish(
            conn,
            stored.site,
            correlation_id,
            &EmployeeDeactivated {
                employee: EmployeeRoster::from(&stored),
            },
        )
        .await?;
    Ok(stored)
}
