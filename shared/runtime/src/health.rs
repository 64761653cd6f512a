//! `/health/live` answers while the process serves HTTP. `/health/ready` answers 200 only
//! when the service can do its work: its database answers, its schema is as new as its
//! code, its broker connections are up, and (at a site) it holds token keys from
//! central's JWK Set. Each check is reported by name.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_web::{web, HttpResponse};
use diesel_async::SimpleAsyncConnection;
use serde::Serialize;
use tam_auth::Verifier;
use tam_db::{pending_versions, DbPool, SchemaMigrations};
use tam_events::BusHealth;

use crate::service::ServiceName;

pub(crate) struct Readiness {
    pub service: ServiceName,
    pub database: Option<(DbPool, SchemaMigrations)>,
    pub bus: Option<BusHealth>,
    /// A verifier whose keys come from central's JWK Set: not ready until it holds some.
    pub token_keys: Option<Verifier>,
    /// Once current, a schema stays current for this process's life.
    pub schema_current: AtomicBool,
}

#[derive(Serialize)]
struct Report {
    service: &'static str,
    status: &'static str,
    checks: Vec<Check>,
}

#[derive(Serialize)]
struct Check {
    name: &'static str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
}

impl Check {
    fn ok(name: &'static str) -> Self {
        Self {
            name,
            ok: true,
            detail: None,
        }
    }
    fn failed(name: &'static str, detail: String) -> Self {
        Self {
            name,
            ok: false,
            detail: Some(detail),
        }
    }
}

pub(crate) async fn live(readiness: web::Data<Arc<Readiness>>) -> HttpResponse {
    HttpResponse::Ok().json(Report {
        service: readiness.service.as_str(),
        status: "live",
        checks: Vec::new(),
    })
}

/// The public port's readiness: the status alone; which check failed, and why, is for
/// the admin port.
pub(crate) async fn ready_status(readiness: web::Data<Arc<Readiness>>) -> HttpResponse {
    #[derive(Serialize)]
    struct Status {
        service: &'static str,
        status: &'static str,
    }
    let report = report(&readiness).await;
    let status = Status {
        service: report.service,
        status: report.status,
    };
    if report.status == READY {
        HttpResponse::Ok().json(status)
    } else {
        HttpResponse::ServiceUnavailable().json(status)
    }
}

/// The admin port's readiness: the status and every check, named.
pub(crate) async fn ready(readiness: web::Data<Arc<Readiness>>) -> HttpResponse {
    answer(report(&readiness).await)
}

async fn report(readiness: &Readiness) -> Report {
    let mut checks = Vec::new();
    if let Some((pool, migrations)) = &readiness.database {
        checks.extend(database_checks(pool, migrations, &readiness.schema_current).await);
    }
    if let Some(bus) = &readiness.bus {
        checks.push(if bus.is_connected() {
            Check::ok("broker")
        } else {
            Check::failed("broker", "not connected to RabbitMQ".into())
        });
    }
    if let Some(verifier) = &readiness.token_keys {
        checks.push(if verifier.has_keys() {
            Check::ok("token_keys")
        } else {
            Check::failed(
                "token_keys",
                "no token keys: central's JWK Set (TAM_JWKS_URL) not fetched yet and no usable cache file".into(),
            )
        });
    }
    let ready = checks.iter().all(|c| c.ok);
    Report {
        service: readiness.service.as_str(),
        status: if ready { READY } else { "not_ready" },
        checks,
    }
}

const READY: &str = "ready";

fn answer(report: Report) -> HttpResponse {
    if report.status == READY {
        HttpResponse::Ok().json(report)
    } else {
        HttpResponse::ServiceUnavailable().json(report)
    }
}

async fn database_checks(
    pool: &DbPool,
    migrations: &SchemaMigrations,
    schema_current: &AtomicBool,
) -> Vec<Check> {
    let mut conn = match pool.get().await {
        Ok(conn) => conn,
        Err(e) => {
            return vec![
                Check::failed("database", e.to_string()),
                Check::failed("schema", "database unreachable".into()),
            ]
        }
    };
    let database = match conn.batch_execute("SELECT 1").await {
        Ok(()) => Check::ok("database"),
        Err(e) => return vec![Check::failed("database", e.to_string())],
    };
    let schema = if schema_current.load(Ordering::Relaxed) {
        Check::ok("schema")
    } else {
        match pending_versions(&mut conn, migrations).await {
            Ok(pending) if pending.is_empty() => {
                schema_current.store(true, Ordering::Relaxed);
                Check::ok("schema")
            }
            Ok(pending) => Check::failed(
                "schema",
                format!(
                    "migrations not applied: {}; run `tam migrate`",
                    pending.join(", ")
                ),
            ),
            Err(e) => Check::failed("schema", e.to_string()),
        }
    };
    vec![database, schema]
}
