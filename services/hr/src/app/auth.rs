//! Login, password change, token refresh and logout.

use chrono::{DateTime, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_kernel::{Role, Site};
use uuid::Uuid;

use super::{subject_of, Hr};
use crate::crypto;
use crate::domain::employee::{Employee, EmployeeStatus, Username};
use crate::domain::password::Password;
use crate::domain::scope::Scope;
use crate::domain::throttle::{Gate, POLICY};
use crate::error::{Error, Result};
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

/// Checks a username and password, throttled per username.
///
/// Unknown usernames, wrong passwords and accounts that are not active all fail with
/// [`Error::InvalidCredentials`] after the same work: one throttle transaction that
/// records the attempt as a failure up front (so that concurrent attempts count), and
/// one argon2 verification (against a dummy hash when there is no account). A right
/// password forgets the username's failures.
async fn authenticate(
    hr: &Hr,
    username: &str,
    password: String,
) -> Result<credentials::LoginRecord> {
    let Some(username) = Username::normalize_login(username) else {
        // No account can have this name; do the same hashing work all the same.
        crypto::verify_password(password, None).await?;
        return Err(Error::InvalidCredentials);
    };
    let name = username.as_str();
    let now = Utc::now();
    let record = {
        let mut conn = hr.pool.get().await?;
        conn.transaction::<_, Error, _>(|conn| {
            async move {
                credentials::lock_username(conn, name).await?;
                let history = credentials::failure_history(conn, name, &POLICY, now).await?;
                if let Gate::Locked { retry_after_secs } = POLICY.gate(&history, now) {
                    return Err(Error::Throttled { retry_after_secs });
                }
                credentials::record_failure(conn, name, &POLICY, now).await?;
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
            credentials::forget_failures(&mut conn, name).await?;
            Ok(record)
        }
        _ => Err(Error::InvalidCredentials),
    }
}

/// Logs in: a new session (refresh token family), unless the password must be changed
/// first.
pub async fn login(hr: &Hr, username: &str, password: String) -> Result<Session> {
    let record = authenticate(hr, username, password).await?;
    if record.must_change {
        return Err(Error::PasswordChangeRequired);
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
    continue_session(hr, conn, employee, Uuid::now_v7(), now).await
}

/// Issues an access token and a refresh token of `family` for `employee`.
async fn continue_session(
    hr: &Hr,
    conn: &mut AsyncPgConnection,
    employee: &Employee,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<Session> {
    let secret = crypto::new_refresh_token()?;
    let ttl = chrono::Duration::from_std(hr.tokens.refresh_ttl)
        .map_err(|e| anyhow::anyhow!("refresh token lifetime: {e}"))?;
    credentials::insert_refresh_token(conn, family, employee.id, &secret.hash, now + ttl).await?;
    let subject = subject_of(conn, employee).await?;
    let access_token = tam_auth::issue_access_token(&hr.tokens.key, &hr.tokens.settings, &subject)
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
) -> Result<()> {
    let record = authenticate(hr, username, current_password).await?;
    let hash = crypto::hash_password(new_password.expose().to_owned()).await?;
    let employee_id = record.employee.id;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            credentials::set_password(conn, employee_id, &hash).await?;
            credentials::revoke_all_of(conn, employee_id, Utc::now()).await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await
}

enum Refreshed {
    Issued(Session),
    Refused,
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
                    credentials::revoke_family(conn, stored.family_id, now).await?;
                    return Ok(Refreshed::Reused {
                        family: stored.family_id,
                        employee: stored.employee_id,
                    });
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
                let session = continue_session(hr, conn, &employee, stored.family_id, now).await?;
                Ok(Refreshed::Issued(session))
            }
            .scope_boxed()
        })
        .await?;
    match outcome {
        Refreshed::Issued(session) => Ok(session),
        Refreshed::Refused => Err(Error::InvalidRefreshToken),
        Refreshed::Reused { family, employee } => {
            tracing::warn!(%family, %employee, "a rotated refresh token was reused; its family is revoked");
            Err(Error::InvalidRefreshToken)
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
