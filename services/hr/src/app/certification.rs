//! Certifications: granted by passing a class ([`super::training`]) or recorded as
//! prior (training before the suite), listed, revoked, and their expiry published by
//! a poller on the configured clock.

use std::time::Duration as StdDuration;

use chrono::{Days, NaiveDate};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_db::DbPool;
use tam_kernel::{wib_date, Clock, Program, Role};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::training::scope;
use super::{Hr, Request};
use crate::domain::employee::EmployeeStatus;
use crate::domain::scope::Scope;
use crate::domain::training::{self, Certification, CertificationSource, TrainingScope};
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::events;
use crate::store::certification::{self as store, CertificationFilter, NewCertification};
use crate::store::employees;

pub use tam_contracts::hr_training::{
    CertificationExpired, CertificationGranted, CertificationRevoked,
};

/// A certification to grant.
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    pub employee_id: Uuid,
    pub program: Program,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// The class passed; `None` for a prior certification.
    pub class_id: Option<Uuid>,
    /// Why a prior certification is recorded.
    pub reason: Option<&'a str>,
    pub recorded_by: Uuid,
}

/// Inserts a certification and publishes `hr.certification.granted`, inside the
/// caller's transaction.
pub async fn grant(
    conn: &mut AsyncPgConnection,
    correlation_id: Option<&str>,
    grant: Grant<'_>,
) -> Result<Certification> {
    let source = if grant.class_id.is_some() {
        CertificationSource::Class
    } else {
        CertificationSource::Prior
    };
    let cert = store::insert(
        conn,
        &NewCertification {
            id: tam_kernel::new_id(),
            employee_id: grant.employee_id,
            program: grant.program,
            valid_from: grant.valid_from,
            valid_until: grant.valid_until,
            source,
            class_id: grant.class_id,
            reason: grant.reason,
            recorded_by: grant.recorded_by,
        },
    )
    .await?;
    let site = employees::find(conn, Scope::All, cert.employee_id)
        .await?
        .and_then(|e| e.site);
    events::PRODUCER
        .publish(
            conn,
            site,
            correlation_id,
            &CertificationGranted {
                certification_id: cert.id,
                employee_id: cert.employee_id,
                program: cert.program,
                valid_from: cert.valid_from,
                valid_until: cert.valid_until,
                source: cert.source.as_str().to_owned(),
                class_id: cert.class_id,
            },
        )
        .await?;
    Ok(cert)
}

/// A prior certification to record, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorCertification {
    pub employee_id: Uuid,
    pub program: Program,
    pub valid_from: NaiveDate,
    /// `None`: the configured validity from `valid_from`.
    pub valid_until: Option<NaiveDate>,
    pub reason: String,
}

/// Whether the caller may record or revoke certifications of employees of `site`: an
/// admin, or a trainer of that site.
fn check_certifies(request: &Request, site: Option<tam_kernel::Site>) -> Result<()> {
    let actor = &request.actor;
    match actor.role {
        Role::Admin => Ok(()),
        Role::Trainer if site.is_some() && actor.site == site => Ok(()),
        _ => Err(Rejection::Forbidden(
            "only a trainer of the employee's site (or an admin) certifies them".to_owned(),
        )
        .into()),
    }
}

/// Records a certification from training before the suite, with a reason:
/// `hr.certification.granted` in the same transaction.
pub async fn record_prior(
    hr: &Hr,
    request: &Request,
    prior: PriorCertification,
) -> Result<Certification> {
    let valid_until = prior
        .valid_until
        .unwrap_or_else(|| training::valid_until(prior.valid_from, hr.certification_validity_days));
    if valid_until < prior.valid_from {
        return Err(Rejection::rule(
            rules::INVALID_VALIDITY,
            format!(
                "`valid_until` {valid_until} is before `valid_from` {}",
                prior.valid_from
            ),
        )
        .into());
    }
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let employee = employees::find_for_update(conn, Scope::All, prior.employee_id)
                .await?
                .filter(|e| e.status != EmployeeStatus::Deactivated);
            let Some(employee) = employee else {
                return Err(Rejection::rule(
                    rules::NOT_ENROLLABLE,
                    format!(
                        "`employee_id`: there is no working employee {}",
                        prior.employee_id
                    ),
                )
                .into());
            };
            check_certifies(request, employee.site)?;
            grant(
                conn,
                request.correlation_id(),
                Grant {
                    employee_id: employee.id,
                    program: prior.program,
                    valid_from: prior.valid_from,
                    valid_until,
                    class_id: None,
                    reason: Some(&prior.reason),
                    recorded_by: request.actor.id,
                },
            )
            .await
        }
        .scope_boxed()
    })
    .await
}

/// Revokes a certification (a trainer of the holder's site or an admin, with a
/// reason): `hr.certification.revoked` in the same transaction. Revoking twice is 409.
pub async fn revoke(hr: &Hr, request: &Request, id: Uuid, reason: String) -> Result<Certification> {
    let now = hr.clock.now();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let cert = store::find_for_update(conn, scope(request), id)
                .await?
                .ok_or(Error::NotFound("certification"))?;
            let employee = employees::find(conn, Scope::All, cert.employee_id).await?;
            let site = employee.and_then(|e| e.site);
            check_certifies(request, site)?;
            if cert.revoked_at.is_some() {
                return Err(
                    Rejection::Conflict(format!("certification {id} is already revoked")).into(),
                );
            }
            let cert = store::revoke(conn, id, now).await?;
            events::PRODUCER
                .publish(
                    conn,
                    site,
                    request.correlation_id(),
                    &CertificationRevoked {
                        certification_id: cert.id,
                        employee_id: cert.employee_id,
                        program: cert.program,
                        revoked_at: now,
                        reason,
                    },
                )
                .await?;
            Ok(cert)
        }
        .scope_boxed()
    })
    .await
}

/// The certifications in the caller's scope, newest first (at most 500).
pub async fn list(
    hr: &Hr,
    request: &Request,
    filter: CertificationFilter,
) -> Result<Vec<Certification>> {
    let mut conn = hr.pool.get().await?;
    store::list(&mut conn, scope(request), filter, 500).await
}

/// The certifications in the caller's scope whose last day falls within the next
/// [`training::EXPIRING_WITHIN_DAYS`] days (from today, WIB) and that are not renewed.
pub async fn expiring(
    hr: &Hr,
    request: &Request,
) -> Result<(NaiveDate, NaiveDate, Vec<Certification>)> {
    let today = wib_date(hr.clock.now());
    let until = today
        .checked_add_days(Days::new(u64::from(training::EXPIRING_WITHIN_DAYS)))
        .unwrap_or(NaiveDate::MAX);
    let scope = scope(request);
    if scope == TrainingScope::Nothing {
        return Ok((today, until, Vec::new()));
    }
    let mut conn = hr.pool.get().await?;
    let rows = store::expiring(&mut conn, scope, today, until).await?;
    Ok((today, until, rows))
}

/// Publishes `hr.certification.expired` once for each certification whose last day
/// passed on the configured clock, unless its holder is still certified for the
/// program by another (a renewal): that one's expiry is marked handled silently.
#[derive(Clone)]
pub struct ExpiryPoller {
    pub pool: DbPool,
    pub clock: Clock,
    pub interval: StdDuration,
}

/// Certifications handled per transaction.
const SWEEP_BATCH: i64 = 100;

impl ExpiryPoller {
    /// One transaction: up to [`SWEEP_BATCH`] due expiries. Returns how many it handled.
    pub async fn sweep_once(&self) -> Result<usize> {
        let now = self.clock.now();
        let today = wib_date(now);
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(|conn| {
            async move {
                let due = store::due_expiries(conn, today, SWEEP_BATCH).await?;
                for (cert, covered) in &due {
                    if !covered {
                        let site = employees::find(conn, Scope::All, cert.employee_id)
                            .await?
                            .and_then(|e| e.site);
                        events::PRODUCER
                            .publish(
                                conn,
                                site,
                                None,
                                &CertificationExpired {
                                    certification_id: cert.id,
                                    employee_id: cert.employee_id,
                                    program: cert.program,
                                    valid_until: cert.valid_until,
                                    expired_on: cert
                                        .valid_until
                                        .succ_opt()
                                        .unwrap_or(cert.valid_until),
                                },
                            )
                            .await?;
                    }
                    store::mark_expiry_handled(conn, cert.id, now).await?;
                }
                Ok(due.len())
            }
            .scope_boxed()
        })
        .await
    }

    /// Sweeps until nothing is due, then waits the interval; stops when `shutdown` is
    /// cancelled. A failed sweep is logged and retried at the next interval.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            while !shutdown.is_cancelled() {
                match self.sweep_once().await {
                    Ok(n) if n as i64 == SWEEP_BATCH => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "certification expiry sweep failed");
                        break;
                    }
                }
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(self.interval) => {}
            }
        }
    }

    /// The poller as the runtime's background work.
    pub fn background(self) -> tam_runtime::Background {
        Box::new(move |shutdown| Box::pin(self.run(shutdown)))
    }
}

/// A prior certification of a demo agent (the demo organisation was trained before the
/// suite), from `today` for `validity_days`, inside the seed's transaction.
pub async fn certify_demo_agent(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    program: Program,
    today: NaiveDate,
    validity_days: u32,
) -> Result<Certification> {
    grant(
        conn,
        None,
        Grant {
            employee_id,
            program,
            valid_from: today,
            valid_until: training::valid_until(today, validity_days),
            class_id: None,
            reason: Some("demo organisation: trained before the suite"),
            recorded_by: employee_id,
        },
    )
    .await
}
