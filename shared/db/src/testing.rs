//! Throw-away databases for tests. The schemas a test suite needs are migrated once per
//! run into a template database; every test then gets its own clone (a file copy inside
//! Postgres, far faster than migrating) and drops it when done, so tests run in parallel
//! and never see each other's rows.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use tokio_postgres::NoTls;

use crate::migrations::{migrate, SchemaMigrations};
use crate::url::with_database;

/// Where tests create their databases: any database on the server, used to issue
/// `CREATE DATABASE`. Override with `TAM_TEST_DATABASE_URL`.
pub const DEFAULT_TEST_DATABASE_URL: &str = "postgres://tam:tam@127.0.0.1:5432/postgres";

/// Test databases are named with this prefix so a test run can sweep up what a killed
/// run left behind.
pub const TEST_DATABASE_PREFIX: &str = "tam_test_";
pub const TEMPLATE_PREFIX: &str = "tam_tpl_";

pub fn test_database_url() -> String {
    std::env::var("TAM_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_TEST_DATABASE_URL.into())
}

/// A database that exists for one test and is dropped with this value.
#[derive(Debug)]
pub struct TestDatabase {
    name: String,
    url: String,
    admin_url: String,
}

impl TestDatabase {
    /// A fresh database holding `schemas`, all migrated.
    pub async fn create(schemas: &[SchemaMigrations]) -> anyhow::Result<Self> {
        let admin_url = test_database_url();
        let template = ensure_template(&admin_url, schemas).await?;
        let name = format!("{TEST_DATABASE_PREFIX}{}", uuid::Uuid::now_v7().simple());
        let admin = admin_client(&admin_url).await?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"))
            .await?;
        Ok(Self {
            url: with_database(&admin_url, &name),
            name,
            admin_url,
        })
    }

    /// The URL of this database, for pools and services under test.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop cannot await; a short-lived thread with its own runtime does the work and
        // is joined, so the database is gone before the test returns.
        let done = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(admin) = admin_client(&admin_url).await {
                    if let Err(e) = admin.batch_execute(&sql).await {
                        tracing::warn!(error = %e, "could not drop test database");
                    }
                }
            });
        });
        let _ = done.join();
    }
}

async fn admin_client(url: &str) -> anyhow::Result<tokio_postgres::Client> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .map_err(|e| anyhow::anyhow!("connecting to the test database server at {url}: {e}"))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// The template's name is derived from the schemas and their migration versions, so a
/// new migration makes a new template and the old one is never reused by mistake.
fn template_name(schemas: &[SchemaMigrations]) -> String {
    let mut hasher = DefaultHasher::new();
    for schema in schemas {
        schema.schema.hash(&mut hasher);
        schema.versions().hash(&mut hasher);
    }
    format!("{TEMPLATE_PREFIX}{:016x}", hasher.finish())
}

async fn ensure_template(admin_url: &str, schemas: &[SchemaMigrations]) -> anyhow::Result<String> {
    let template = template_name(schemas);
    let admin = admin_client(admin_url).await?;
    // Every test process of the run races here; the lock lets exactly one build it.
    admin
        .batch_execute("SELECT pg_advisory_lock(hashtext('tam-test-template'))")
        .await?;
    let result = build_template_if_missing(&admin, admin_url, &template, schemas).await;
    admin
        .batch_execute("SELECT pg_advisory_unlock(hashtext('tam-test-template'))")
        .await?;
    result.map(|()| template)
}

async fn build_template_if_missing(
    admin: &tokio_postgres::Client,
    admin_url: &str,
    template: &str,
    schemas: &[SchemaMigrations],
) -> anyhow::Result<()> {
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&template])
        .await?
        .is_some();
    if exists {
        return Ok(());
    }
    // Built under another name and renamed when complete, so a half-built template
    // (a run killed mid-migration) is never cloned.
    let building = format!("{template}_building");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
        .await?;
    admin
        .batch_execute(&format!("CREATE DATABASE {building}"))
        .await?;
    let url = with_database(admin_url, &building);
    for schema in schemas {
        migrate(&url, *schema).await?;
    }
    // Renaming needs the database to itself; migration connections may still be closing.
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
            &[&building],
        )
        .await?;
    admin
        .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {template}"))
        .await?;
    Ok(())
}

/// Polls `check` until it yields a value or `timeout` passes. For effects that happen
/// asynchronously (an event consumed, a relay reconnected): no fixed sleeps in tests.
pub async fn wait_until<T, F, Fut>(
    what: &str,
    timeout: std::time::Duration,
    mut check: F,
) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    let mut pause = std::time::Duration::from_millis(10);
    loop {
        if let Some(value) = check().await {
            return Ok(value);
        }
        if tokio::time::Instant::now() >= deadline {
            anyhow::bail!("timed out after {timeout:?} waiting until {what}");
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(std::time::Duration::from_millis(200));
    }
}

/// Migrates `migrations` up, all the way down and up again on the database at `url`:
/// every `down.sql` must undo its `up.sql` exactly enough for the next `up` to succeed.
pub async fn check_reversible(url: &str, migrations: SchemaMigrations) -> anyhow::Result<()> {
    use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
    use diesel_async::AsyncPgConnection;
    use diesel_migrations::MigrationHarness;

    migrate(url, migrations).await?;
    let conn = crate::pool::connect(url, migrations.schema).await?;
    let mut wrapper: AsyncConnectionWrapper<AsyncPgConnection> = conn.into();
    tokio::task::spawn_blocking(move || {
        wrapper
            .revert_all_migrations(migrations)
            .map(|_| ())
            .map_err(|e| anyhow::anyhow!("reverting {}: {e}", migrations.schema))
    })
    .await??;
    migrate(url, migrations).await?;
    Ok(())
}
