//! Login, password change, token refresh and logout.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use super::{subject_of, Hr, Request};
use crate::crypto;
use crate::domain::employee::{Employee, EmployeeStatus, Username};
use crate::domain::password::Password;
use crate::domain::scope::{check_deactivate, scope_of, Scope};
use crate::domain::throttle::{client_key, Gate, POLICY};
use crate::error::{Error, Own, Result};
use crate::events::{self, AccessRevoked, RevocationReason};
use crate::store::{credentials, employees};

/// What a successful login or refresh hands out.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    /// Seconds the access token is valid.
    pub expires_in: u64,
    pub refresh_token: String,
    pub role: Role,
    pub site: Option<Site>,
}

/// Checks a username and password, throttled per username and client address (see
/// [`crate::domain::throttle`]).
///
/// Unknown usernames, wrong passwords and accounts that are not active all fail with
/// [`Own::InvalidCredentials`] after the same work: one throttle transaction that
/// records the attempt as a failure up front (so that concurrent attempts count), and
/// one argon2 verification (against a dummy hash when there is no account). A right
/// password forgets the failures of its client address.
async fn authenticate(
    hr: &Hr,
    username: &str,
    password: String,
    client: IpAddr,
) -> Result<credentials::LoginRecord> {
    let Some(username) = Username::normalize_login(username) else {
        // No account can have this name; do the same hashing work all the same.
        crypto::verify_password(password, None).await?;
        return Err(Own::InvalidCredentials.into());
    };
    let name = username.as_str();
    let client = client_key(client);
    let client = client.as_str();
    let now = Utc::now();
    let record = {
        let mut conn = hr.pool.get().await?;
        conn.transaction::<_, Error, _>(|conn| {
            async move {
                credentials::lock_username(conn, name).await?;
                let history =
                    credentials::failure_history(conn, name, client, &POLICY, now).await?;
                if let Gate::Locked { retry_after_secs } = POLICY.gate(&history, now) {
                    return Err(Own::Throttled { retry_after_secs }.into());
                }
                credentials::record_failure(conn, name, client, &POLICY, now).await?;
                credentials::find_login(conn, name).await
            }
            .scope_boxed()
        })
        .await?
    };
    let hash = record.as_ref().map(|r| r.password_hash.clone());
    let matches = crypto::verify_password(password, hash).await?;
    match record {
        Some(record) if matches && record.employee.status == EmployeeStatus::Active => {
            let mut conn = hr.pool.get().await?;
            credentials::forget_failures(&mut conn, name, client, Utc::now()).await?;
            Ok(record)
        }
        _ => Err(Own::InvalidCredentials.into()),
    }
}

/// Logs in: a new session (refresh token family), unless the password must be changed
/// first.
pub async fn login(hr: &Hr, username: &str, password: String, client: IpAddr) -> Result<Session> {
    let record = authenticate(hr, username, password, client).await?;
    if record.must_change {
        return Err(Own::PasswordChangeRequired.into());
    }
    let mut conn = hr.pool.get().await?;
    let employee = record.employee;
    conn.transaction::<_, Error, _>(|conn| {
        async move { start_session(hr, conn, &employee, Utc::now()).await }.scope_boxed()
    })
    .await
}

/// Issues an access token and a refresh token of a new family for `employee`.
async fn start_session(
    hr: &Hr,
    conn: &mut AsyncPgConnection,
    employee: &Employee,
    now: DateTime<Utc>,
) -> Result<Session> {
    let family = SessionFamily {
        id: Uuid::now_v7(),
        started_at: now,
    };
    continue_session(hr, conn, employee, family, now).await
}

/// A session: the family of refresh tokens one login started.
#[derive(Debug, Clone, Copy)]
struct SessionFamily {
    id: Uuid,
    started_at: DateTime<Utc>,
}

/// Issues an access token and a refresh token of `family` for `employee`. The refresh
/// token expires with the session's absolute lifetime at the latest, and the access
/// token is issued no earlier than the employee's latest revocation (so that verifiers
/// accept it even within the revocation's second).
async fn continue_session(
    hr: &Hr,
    conn: &mut AsyncPgConnection,
    employee: &Employee,
    family: SessionFamily,
    now: DateTime<Utc>,
) -> Result<Session> {
    let secret = crypto::new_refresh_token()?;
    let ttl = chrono::Duration::from_std(hr.tokens.refresh_ttl)
        .map_err(|e| anyhow::anyhow!("refresh token lifetime: {e}"))?;
    let session_ends = session_end(hr, family.started_at)?;
    credentials::insert_refresh_token(
        conn,
        family.id,
        family.started_at,
        employee.id,
        &secret.hash,
        (now + ttl).min(session_ends),
    )
    .await?;
    let subject = subject_of(conn, employee).await?;
    let not_before = credentials::access_not_before(conn, employee.id)
        .await?
        .map_or(0, |at| at.timestamp());
    let access_token = tam_auth::issue_access_token_not_before(
        &hr.tokens.key,
        &hr.tokens.settings,
        &subject,
        not_before,
    )
    .map_err(|e| anyhow::anyhow!("signing an access token: {e}"))?;
    Ok(Session {
        access_token,
        expires_in: hr.tokens.settings.access_ttl.as_secs(),
        refresh_token: secret.token,
        role: employee.role,
        site: employee.site,
    })
}

/// Changes a password after checking the current one like a login does. Clears the
/// must-change flag and ends every session of the employee.
pub async fn change_password(
    hr: &Hr,
    username: &str,
    current_password: String,
    new_password: Password,
    client: IpAddr,
) -> Result<()> {
    let record = authenticate(hr, username, current_password, client).await?;
    let hash = crypto::hash_password(new_password.expose().to_owned()).await?;
    let employee = &record.employee;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            credentials::set_password(conn, employee.id, &hash).await?;
            end_sessions(
                conn,
                employee,
                RevocationReason::PasswordChanged,
                None,
                Utc::now(),
            )
            .await
        }
        .scope_boxed()
    })
    .await
}

/// When a session started at `started_at` ends, whatever its refreshes.
fn session_end(hr: &Hr, started_at: DateTime<Utc>) -> Result<DateTime<Utc>> {
    let max = chrono::Duration::from_std(hr.tokens.session_max)
        .map_err(|e| anyhow::anyhow!("session lifetime: {e}"))?;
    Ok(started_at + max)
}

/// Ends every session of `employee` and revokes their access tokens issued until
/// now, in the caller's transaction: their refresh tokens are revoked, and
/// [`revoke_access_tokens`].
pub async fn end_sessions(
    conn: &mut AsyncPgConnection,
    employee: &Employee,
    reason: RevocationReason,
    correlation_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    credentials::revoke_all_of(conn, employee.id, now).await?;
    revoke_access_tokens(
        conn,
        employee.id,
        employee.site,
        reason,
        correlation_id,
        now,
    )
    .await
}

/// Revokes the access tokens of `employee_id` issued until `now`, in the caller's
/// transaction: records the not-before (the next whole second, see
/// [`AccessRevoked::not_before`]) and publishes `hr.access.revoked`, which every
/// verifier applies within seconds.
pub async fn revoke_access_tokens(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    site: Option<Site>,
    reason: RevocationReason,
    correlation_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let not_before = DateTime::from_timestamp(now.timestamp().saturating_add(1), 0)
        .ok_or_else(|| anyhow::anyhow!("a revocation time out of range: {now}"))?;
    let not_before =
        credentials::record_revocation(conn, employee_id, not_before, reason.as_str()).await?;
    events::PRODUCER
        .publish(
            conn,
            site,
            correlation_id,
            &AccessRevoked {
                employee_id,
                not_before,
                reason,
            },
        )
        .await?;
    Ok(())
}

/// Logs the caller out everywhere: every session ends and every access token issued
/// until now is refused, this one included.
pub async fn logout_everywhere(
    hr: &Hr,
    employee_id: Uuid,
    correlation_id: Option<&str>,
) -> Result<()> {
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = employees::find(conn, Scope::All, employee_id)
                .await?
                .ok_or(Error::NotFound("employee"))?;
            end_sessions(
                conn,
                &employee,
                RevocationReason::LoggedOutEverywhere,
                correlation_id,
                Utc::now(),
            )
            .await
        }
        .scope_boxed()
    })
    .await
}

/// Logs an employee in the caller's scope out everywhere (a lost phone, a shared
/// password): whoever may deactivate them may do this.
pub async fn logout_employee(hr: &Hr, request: &Request, id: Uuid) -> Result<()> {
    let actor = request.actor;
    let scope = scope_of(&actor);
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = employees::find_for_update(conn, scope, id)
                .await?
                .ok_or(Error::NotFound("employee"))?;
            check_deactivate(&actor, &employee)?;
            end_sessions(
                conn,
                &employee,
                RevocationReason::LoggedOutEverywhere,
                request.correlation_id(),
                Utc::now(),
            )
            .await
        }
        .scope_boxed()
    })
    .await
}

enum Refreshed {
    Issued(Session),
    Refused,
    SessionOver,
    Reused { family: Uuid, employee: Uuid },
}

/// Exchanges a refresh token for a new session of the same family. The token is used
/// up (rotated); presenting a used token again is taken as theft and revokes the whole
/// family. Unknown, expired and revoked tokens, and tokens of employees who are no
/// longer active, are refused.
pub async fn refresh(hr: &Hr, token: &str) -> Result<Session> {
    let token_hash = crypto::hash_refresh_token(token);
    let now = Utc::now();
    let mut conn = hr.pool.get().await?;
    let outcome = conn
        .transaction::<_, Error, _>(|conn| {
            async move {
                let Some(stored) =
                    credentials::find_refresh_token_for_update(conn, &token_hash).await?
                else {
                    return Ok(Refreshed::Refused);
                };
                if stored.revoked_at.is_some() {
                    return Ok(Refreshed::Refused);
                }
                if stored.rotated_at.is_some() {
                    // Whoever holds the stolen token may hold access tokens of the
                    // family too; those cannot be told from the owner's other
                    // sessions' tokens, so all of the employee's are revoked (the
                    // other sessions refresh).
                    credentials::revoke_family(conn, stored.family_id, now).await?;
                    revoke_access_tokens(
                        conn,
                        stored.employee_id,
                        None,
                        RevocationReason::RefreshTokenReused,
                        None,
                        now,
                    )
                    .await?;
                    return Ok(Refreshed::Reused {
                        family: stored.family_id,
                        employee: stored.employee_id,
                    });
                }
                if session_end(hr, stored.session_started_at)? <= now {
                    credentials::revoke_family(conn, stored.family_id, now).await?;
                    return Ok(Refreshed::SessionOver);
                }
                if stored.expires_at <= now {
                    return Ok(Refreshed::Refused);
                }
                let employee = employees::find(conn, Scope::All, stored.employee_id).await?;
                let Some(employee) = employee.filter(|e| e.status == EmployeeStatus::Active) else {
                    credentials::revoke_family(conn, stored.family_id, now).await?;
                    return Ok(Refreshed::Refused);
                };
                credentials::mark_rotated(conn, stored.id, now).await?;
                let family = SessionFamily {
                    id: stored.family_id,
                    started_at: stored.session_started_at,
                };
                let session = continue_session(hr, conn, &employee, family, now).await?;
                Ok(Refreshed::Issued(session))
            }
            .scope_boxed()
        })
        .await?;
    match outcome {
        Refreshed::Issued(session) => Ok(session),
        Refreshed::Refused => Err(Own::InvalidRefreshToken.into()),
        Refreshed::SessionOver => Err(Own::SessionExpired.into()),
        Refreshed::Reused { family, employee } => {
            tracing::warn!(%family, %employee, "a rotated refresh token was reused; its family is revoked");
            Err(Own::InvalidRefreshToken.into())
        }
    }
}

/// Ends the session a refresh token belongs to (its whole family). Unknown tokens are
/// ignored: logging out twice is not an error.
pub async fn logout(hr: &Hr, token: &str) -> Result<()> {
    let token_hash = crypto::hash_refresh_token(token);
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            if let Some(stored) =
                credentials::find_refresh_token_for_update(conn, &token_hash).await?
            {
                credentials::revoke_family(conn, stored.family_id, Utc::now()).await?;
            }
            Ok(())
        }
        .scope_boxed()
    })
    .await
}

/// The caller's own record.
pub async fn me(hr: &Hr, id: Uuid) -> Result<Employee> {
    let mut conn = hr.pool.get().await?;
    employees::find(&mut conn, Scope::Own(id), id)
        .await?
        .ok_or(Error::NotFound("employee"))
}
