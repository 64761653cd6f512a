//! hr's use cases: each takes checked domain values, decides with the domain's rules
//! and makes one store transaction (the state change and its outbox rows). The api
//! calls them after parsing; the `tam` CLI calls [`crate::create_admin`] and
//! [`crate::seed_demo`], which use them too.

pub mod activation;
pub mod applicants;
pub mod attendance;
pub mod auth;
pub mod caplan;
pub mod certification;
pub mod contracts;
pub mod employees;
pub mod evaluation;
pub mod hiring;
pub mod pembinaan;
pub mod requisitions;
pub mod sdm;
pub mod seed;
pub mod teams;
pub mod training;

pub use tam_kernel::Request;

use std::time::Duration;

use diesel_async::AsyncPgConnection;
use tam_auth::{SigningKey, Subject, TokenSettings};
use tam_db::DbPool;
use tam_kernel::{Clock, Role};

use crate::domain::employee::Employee;
use crate::store;

/// What hr's use cases need: the pool and the means to issue tokens.
#[derive(Clone)]
pub struct Hr {
    pub pool: DbPool,
    pub tokens: TokenIssuer,
    /// Where activation codes read "now" (a manual clock in tests).
    pub clock: Clock,
    /// How long a new account's one-time activation code stays valid.
    pub activation_ttl: Duration,
    /// How many days a certification from a class lasts.
    pub certification_validity_days: u32,
    /// How many months a warning letter stays in force from its issue day.
    pub warning_letter_validity_months: u32,
    /// The most months of fixed-term contracts one employee may have in total.
    pub max_fixed_term_months: u32,
    /// The late and early-leave thresholds of attendance.
    pub attendance: crate::domain::attendance::Thresholds,
}

/// Signs access tokens and knows how long tokens live.
#[derive(Clone)]
pub struct TokenIssuer {
    pub key: SigningKey,
    pub settings: TokenSettings,
    pub refresh_ttl: Duration,
    /// The absolute lifetime of a session: its refresh tokens are not refreshed after.
    pub session_max: Duration,
}

impl std::fmt::Debug for Hr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hr")
            .field("kid", &self.tokens.key.kid())
            .finish_non_exhaustive()
    }
}

/// The claims a token of `employee` carries: their team is the one they belong to (an
/// agent) or the one they lead (a team leader).
pub async fn subject_of(
    conn: &mut AsyncPgConnection,
    employee: &Employee,
) -> crate::Result<Subject> {
    let team = match employee.role {
        Role::Agent => employee.team_id,
        Role::TeamLeader => store::teams::led_by(conn, employee.id)
            .await?
            .map(|team| team.id),
        _ => None,
    };
    Ok(Subject {
        id: employee.id,
        role: employee.role,
        site: employee.site,
        team,
    })
}
