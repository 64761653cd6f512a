//! Activation of new accounts: the owner sets the first password with the one-time code
//! the account was created with, so that whoever created it never knows a working
//! password.

use chrono::{DateTime, Utc};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use super::{Hr, Request};
use crate::crypto;
use crate::domain::employee::{EmployeeStatus, Username};
use crate::domain::password::Password;
use crate::domain::scope::{check_create, scope_of};
use crate::domain::Rejection;
use crate::error::{Error, Own, Result};
use crate::store::{activations, credentials, employees};

/// A one-time activation code, shown once to whoever created the account (or issued the
/// code again), to hand to its owner.
#[derive(Clone)]
pub struct ActivationCode {
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for ActivationCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActivationCode")
            .field("code", &"***")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Makes a new code for `employee_id` valid for the configured time, replacing any
/// earlier one, in the caller's transaction.
pub(crate) async fn issue(
    hr: &Hr,
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    issued_by: Uuid,
) -> Result<ActivationCode> {
    let secret = crypto::new_activation_code()?;
    let ttl = chrono::Duration::from_std(hr.activation_ttl)
        .map_err(|e| anyhow::anyhow!("activation code lifetime: {e}"))?;
    let expires_at = hr.clock.now() + ttl;
    activations::issue(conn, employee_id, &secret.hash, expires_at, issued_by).await?;
    Ok(ActivationCode {
        code: secret.token,
        expires_at,
    })
}

/// Sets the first password of the account `username` with its activation code. The
/// code is used up; an unknown username, a wrong, used or expired code and an account
/// that is no longer active all get the same [`Own::InvalidActivationCode`].
pub async fn activate(hr: &Hr, username: &str, code: &str, password: Password) -> Result<()> {
    let Some(username) = Username::normalize_login(username) else {
        return Err(Own::InvalidActivationCode.into());
    };
    let code_hash = crypto::hash_refresh_token(code);
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    // The cheap check first, so that a wrong code costs no password hashing; the code
    // is used up (and checked again) in the transaction below.
    if !activations::is_pending(&mut conn, username.as_str(), &code_hash, now).await? {
        return Err(Own::InvalidActivationCode.into());
    }
    let hash = crypto::hash_password(password.expose().to_owned()).await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = activations::consume(conn, username.as_str(), &code_hash, now)
                .await?
                .filter(|e| e.status == EmployeeStatus::Active)
                .ok_or(Own::InvalidActivationCode)?;
            credentials::insert(conn, employee.id, &hash, false).await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await
}

/// Issues a new activation code for an employee in the caller's scope who has not set a
/// password yet (the first code expired or was lost); the earlier code stops working.
/// The caller must be one who may create such an employee (the grant table).
pub async fn reissue(hr: &Hr, request: &Request, id: Uuid) -> Result<ActivationCode> {
    let actor = request.actor;
    let scope = scope_of(&actor);
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = employees::find_for_update(conn, scope, id)
                .await?
                .ok_or(Error::NotFound("employee"))?;
            check_create(&actor, &employee.assignment())?;
            if employee.status == EmployeeStatus::Deactivated {
                return Err(Rejection::Conflict(
                    "the employee is deactivated; a deactivated account is not activated"
                        .to_owned(),
                )
                .into());
            }
            if activations::has_password(conn, id).await? {
                return Err(Rejection::Conflict(
                    "the account is already activated; its owner changes the password with \
                     POST /api/v1/auth/password"
                        .to_owned(),
                )
                .into());
            }
            issue(hr, conn, id, actor.id).await
        }
        .scope_boxed()
    })
    .await
}
