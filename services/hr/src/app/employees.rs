//! Hiring, reading, changing and deactivating employees.

use chrono::Utc;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_kernel::{Cursor, Limit, Page};
use uuid::Uuid;

use super::{Hr, Request};
use crate::crypto;
use crate::domain::employee::{
    check_leader_unchanged, roster_changes, Assignment, Employee, EmployeeChanges, EmployeeStatus,
    NewEmployee,
};
use crate::domain::scope::{check_create, check_deactivate, check_edit, scope_of, Scope};
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events::{self, EmployeeCreated, EmployeeDeactivated, EmployeeRoster, EmployeeUpdated};
use crate::store::employees::{EmployeeFilter, NewEmployeeRow};
use crate::store::{credentials, employees, teams};

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

/// Hires an employee with HR's initial password, which must be changed at first login.
pub async fn create(hr: &Hr, request: &Request, new: NewEmployee) -> Result<Employee> {
    check_create(&request.actor, new.assignment.role)?;
    new.assignment.validate()?;
    let hash = crypto::hash_password(new.initial_password.expose().to_owned()).await?;
    let scope = scope_of(&request.actor);
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
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
            credentials::insert(conn, employee.id, &hash, true).await?;
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
            Ok(employee)
        }
        .scope_boxed()
    })
    .await
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
            if stored.status != EmployeeStatus::Active {
                credentials::revoke_all_of(conn, id, Utc::now()).await?;
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
            let mut after = before.clone();
            after.status = EmployeeStatus::Deactivated;
            let leads_team = teams::led_by(conn, id).await?.is_some();
            check_leader_unchanged(&before, &after, leads_team)?;
            let stored = employees::update(conn, &after).await?;
            credentials::revoke_all_of(conn, id, Utc::now()).await?;
            events::PRODUCER
                .publish(
                    conn,
                    stored.site,
                    request.correlation_id(),
                    &EmployeeDeactivated {
                        employee: EmployeeRoster::from(&stored),
                    },
                )
                .await?;
            Ok(stored)
        }
        .scope_boxed()
    })
    .await
}
