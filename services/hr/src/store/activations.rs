//! Pending activations: the hash of each new account's one-time code.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::employees::EmployeeRow;
use super::schema::{activations, credentials, employees};
use crate::domain::employee::Employee;

/// Stores the code of `employee_id`, replacing a code issued before (which stops
/// working).
pub async fn issue(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    code_hash: &[u8],
    expires_at: DateTime<Utc>,
    issued_by: Uuid,
) -> crate::Result<()> {
    diesel::insert_into(activations::table)
        .values((
            activations::employee_id.eq(employee_id),
            activations::code_hash.eq(code_hash),
            activations::expires_at.eq(expires_at),
            activations::issued_by.eq(issued_by),
        ))
        .on_conflict(activations::employee_id)
        .do_update()
        .set((
            activations::code_hash.eq(code_hash),
            activations::expires_at.eq(expires_at),
            activations::issued_by.eq(issued_by),
            activations::issued_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Whether `code_hash` is the unexpired code of the employee with `username`.
pub async fn is_pending(
    conn: &mut AsyncPgConnection,
    username: &str,
    code_hash: &[u8],
    now: DateTime<Utc>,
) -> crate::Result<bool> {
    let found: Option<Uuid> = activations::table
        .inner_join(employees::table)
        .filter(employees::username.eq(username))
        .filter(activations::code_hash.eq(code_hash))
        .filter(activations::expires_at.gt(now))
        .select(activations::employee_id)
        .first(conn)
        .await
        .optional()?;
    Ok(found.is_some())
}

/// Uses up the code: deletes the pending activation of the employee with `username`
/// if `code_hash` is its code and it has not expired at `now`, and returns the
/// employee. One statement, so of two concurrent uses exactly one gets the employee.
pub async fn consume(
    conn: &mut AsyncPgConnection,
    username: &str,
    code_hash: &[u8],
    now: DateTime<Utc>,
) -> crate::Result<Option<Employee>> {
    let owner = employees::table
        .filter(employees::username.eq(username))
        .select(employees::id);
    let used: Option<Uuid> = diesel::delete(
        activations::table
            .filter(activations::employee_id.eq_any(owner))
            .filter(activations::code_hash.eq(code_hash))
            .filter(activations::expires_at.gt(now)),
    )
    .returning(activations::employee_id)
    .get_result(conn)
    .await
    .optional()?;
    let Some(id) = used else {
        return Ok(None);
    };
    let row: EmployeeRow = employees::table
        .find(id)
        .select(EmployeeRow::as_select())
        .first(conn)
        .await?;
    Ok(Some(Employee::try_from(row)?))
}

/// Whether the employee has a password yet (activated, or made by the `tam` CLI).
pub async fn has_password(conn: &mut AsyncPgConnection, employee_id: Uuid) -> crate::Result<bool> {
    let found: Option<Uuid> = credentials::table
        .find(employee_id)
        .select(credentials::employee_id)
        .first(conn)
        .await
        .optional()?;
    Ok(found.is_some())
}
