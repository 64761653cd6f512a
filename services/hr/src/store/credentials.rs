//! Passwords, failed logins and refresh tokens.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::employees::EmployeeRow;
use super::schema::{
    access_revocations, credentials, employees, login_clients, login_failures, refresh_tokens,
};
use crate::domain::employee::Employee;
use crate::domain::throttle::{FailureHistory, ThrottlePolicy};

/// Stores the password hash of a new employee.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    password_hash: &str,
    must_change: bool,
) -> crate::Result<()> {
    diesel::insert_into(credentials::table)
        .values((
            credentials::employee_id.eq(employee_id),
            credentials::password_hash.eq(password_hash),
            credentials::must_change.eq(must_change),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// What a login checks: the employee and their password hash.
#[derive(Debug)]
pub struct LoginRecord {
    pub employee: Employee,
    pub password_hash: String,
    pub must_change: bool,
}

/// The employee with `username` and their credentials, if both exist.
pub async fn find_login(
    conn: &mut AsyncPgConnection,
    username: &str,
) -> crate::Result<Option<LoginRecord>> {
    let row: Option<(EmployeeRow, String, bool)> = employees::table
        .inner_join(credentials::table)
        .filter(employees::username.eq(username))
        .select((
            EmployeeRow::as_select(),
            credentials::password_hash,
            credentials::must_change,
        ))
        .first(conn)
        .await
        .optional()?;
    row.map(
        |(employee, password_hash, must_change)| -> crate::Result<LoginRecord> {
            Ok(LoginRecord {
                employee: Employee::try_from(employee)?,
                password_hash,
                must_change,
            })
        },
    )
    .transpose()
}

/// Replaces a password; the new one was chosen by its owner, so it need not change.
pub async fn set_password(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    password_hash: &str,
) -> crate::Result<()> {
    diesel::update(credentials::table.find(employee_id))
        .set((
            credentials::password_hash.eq(password_hash),
            credentials::must_change.eq(false),
            credentials::changed_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Serializes the logins of one username until the transaction ends (from every
/// address: the account-wide window counts them all), so that
/// concurrent attempts see each other's failures.
pub async fn lock_username(conn: &mut AsyncPgConnection, username: &str) -> crate::Result<()> {
    tam_db::lock_until_commit(conn, &format!("tam-hr-login:{username}")).await?;
    Ok(())
}

#[derive(QueryableByName)]
struct HistoryRow {
    #[diesel(sql_type = BigInt)]
    consecutive: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_failure_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    in_window: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    oldest_in_window: Option<DateTime<Utc>>,
}

/// The remembered failures of `username` at `now`, as seen from `client` (a
/// [`crate::domain::throttle::client_key`]).
pub async fn failure_history(
    conn: &mut AsyncPgConnection,
    username: &str,
    client: &str,
    policy: &ThrottlePolicy,
    now: DateTime<Utc>,
) -> crate::Result<FailureHistory> {
    let row: HistoryRow = diesel::sql_query(
        "SELECT count(*) FILTER (WHERE client = $2) AS consecutive,
                max(failed_at) FILTER (WHERE client = $2) AS last_failure_at,
                count(*) FILTER (WHERE failed_at > $3) AS in_window,
                min(failed_at) FILTER (WHERE failed_at > $3) AS oldest_in_window
         FROM login_failures
         WHERE username = $1 AND failed_at > $4",
    )
    .bind::<Text, _>(username)
    .bind::<Text, _>(client)
    .bind::<Timestamptz, _>(policy.window_start(now))
    .bind::<Timestamptz, _>(policy.memory_start(now))
    .get_result(conn)
    .await?;
    let known_client = diesel::select(diesel::dsl::exists(
        login_clients::table
            .filter(login_clients::username.eq(username))
            .filter(login_clients::client.eq(client))
            .filter(login_clients::last_success_at.gt(policy.known_client_start(now))),
    ))
    .get_result(conn)
    .await?;
    Ok(FailureHistory {
        consecutive: u32::try_from(row.consecutive).unwrap_or(u32::MAX),
        last_failure_at: row.last_failure_at,
        in_window: u32::try_from(row.in_window).unwrap_or(u32::MAX),
        oldest_in_window: row.oldest_in_window,
        known_client,
    })
}

/// Records a failure of `username` from `client` at `now`, forgetting its failures
/// older than the policy's memory. Returns the id of the record.
pub async fn record_failure(
    conn: &mut AsyncPgConnection,
    username: &str,
    client: &str,
    policy: &ThrottlePolicy,
    now: DateTime<Utc>,
) -> crate::Result<i64> {
    diesel::delete(
        login_failures::table
            .filter(login_failures::username.eq(username))
            .filter(login_failures::failed_at.le(policy.memory_start(now))),
    )
    .execute(conn)
    .await?;
    let id = diesel::insert_into(login_failures::table)
        .values((
            login_failures::username.eq(username),
            login_failures::client.eq(client),
            login_failures::failed_at.eq(now),
        ))
        .returning(login_failures::id)
        .get_result(conn)
        .await?;
    Ok(id)
}

/// After a successful login of `username` from `client`: forgets that address's
/// failures (another address's stay: the owner's login must not unlock an attacker) and
/// remembers the address as known to the account.
pub async fn forget_failures(
    conn: &mut AsyncPgConnection,
    username: &str,
    client: &str,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::delete(
        login_failures::table
            .filter(login_failures::username.eq(username))
            .filter(login_failures::client.eq(client)),
    )
    .execute(conn)
    .await?;
    diesel::insert_into(login_clients::table)
        .values((
            login_clients::username.eq(username),
            login_clients::client.eq(client),
            login_clients::last_success_at.eq(now),
        ))
        .on_conflict((login_clients::username, login_clients::client))
        .do_update()
        .set(login_clients::last_success_at.eq(now))
        .execute(conn)
        .await?;
    Ok(())
}

/// A refresh token as stored (its hash only).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens, check_for_backend(Pg))]
pub struct RefreshToken {
    pub id: Uuid,
    pub family_id: Uuid,
    pub employee_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub rotated_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// When the family's first token was issued (its login).
    pub session_started_at: DateTime<Utc>,
}

/// Stores a new refresh token of `family`, whose session started at
/// `session_started_at`.
pub async fn insert_refresh_token(
    conn: &mut AsyncPgConnection,
    family_id: Uuid,
    session_started_at: DateTime<Utc>,
    employee_id: Uuid,
    token_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(tam_kernel::new_id()),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::session_started_at.eq(session_started_at),
            refresh_tokens::employee_id.eq(employee_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The token with this hash, locked until the transaction ends.
pub async fn find_refresh_token_for_update(
    conn: &mut AsyncPgConnection,
    token_hash: &[u8],
) -> crate::Result<Option<RefreshToken>> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(RefreshToken::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?)
}

/// Marks a token used: presenting it again revokes its family.
pub async fn mark_rotated(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(refresh_tokens::table.find(id))
        .set(refresh_tokens::rotated_at.eq(now))
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes every live token of a family; returns how many.
pub async fn revoke_family(
    conn: &mut AsyncPgConnection,
    family_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
    .await?)
}

/// Revokes every live token of an employee; returns how many.
pub async fn revoke_all_of(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<usize> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::employee_id.eq(employee_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)
    .await?)
}

/// Records that `employee_id`'s access tokens issued before `not_before` are revoked;
/// an earlier not-before never replaces a later one. Returns the not-before in force.
pub async fn record_revocation(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    not_before: DateTime<Utc>,
    reason: &str,
) -> crate::Result<DateTime<Utc>> {
    use diesel::upsert::excluded;
    Ok(diesel::insert_into(access_revocations::table)
        .values((
            access_revocations::employee_id.eq(employee_id),
            access_revocations::not_before.eq(not_before),
            access_revocations::reason.eq(reason),
        ))
        .on_conflict(access_revocations::employee_id)
        .do_update()
        .set((
            access_revocations::not_before.eq(diesel::dsl::sql::<Timestamptz>(
                "GREATEST(access_revocations.not_before, excluded.not_before)",
            )),
            access_revocations::reason.eq(excluded(access_revocations::reason)),
            access_revocations::revoked_at.eq(diesel::dsl::now),
        ))
        .returning(access_revocations::not_before)
        .get_result(conn)
        .await?)
}

/// The not-before of `employee_id`'s access tokens, if they were ever revoked: hr issues
/// no token with an earlier `iat`.
pub async fn access_not_before(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
) -> crate::Result<Option<DateTime<Utc>>> {
    Ok(access_revocations::table
        .find(employee_id)
        .select(access_revocations::not_before)
        .first(conn)
        .await
        .optional()?)
}
