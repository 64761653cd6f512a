use std::collections::HashSet;

use diesel::migration::{Migration, MigrationSource};
use diesel::pg::Pg;
use diesel::sql_types::Text;
use diesel::QueryableByName;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

use crate::pool::{connect, quote_ident};

/// Everything that makes up one service's schema: the schema's name and the embedded
/// migration sets applied to it, in order. The platform's own set (outbox and inbox)
/// comes first; a service's own migrations follow.
#[derive(Clone, Copy)]
pub struct SchemaMigrations {
    pub schema: &'static str,
    pub sources: &'static [EmbeddedMigrations],
}

impl std::fmt::Debug for SchemaMigrations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaMigrations")
            .field("schema", &self.schema)
            .field("versions", &self.versions())
            .finish()
    }
}

impl SchemaMigrations {
    /// The versions every migrated schema must have, in the order they run.
    pub fn versions(&self) -> Vec<String> {
        match MigrationSource::<Pg>::migrations(self) {
            Ok(all) => all.iter().map(|m| m.name().version().to_string()).collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl MigrationSource<Pg> for SchemaMigrations {
    fn migrations(&self) -> diesel::migration::Result<Vec<Box<dyn Migration<Pg>>>> {
        let mut all = Vec::new();
        for source in self.sources {
            all.extend(MigrationSource::<Pg>::migrations(source)?);
        }
        all.sort_by_key(|m| m.name().version().to_string());
        Ok(all)
    }
}

#[derive(QueryableByName)]
struct AppliedVersion {
    #[diesel(sql_type = Text)]
    version: String,
}

/// Creates the schema if needed and applies the pending migrations; returns how many ran.
/// An advisory lock makes concurrent runs (two replicas, parallel tests) take turns.
pub async fn migrate(url: &str, migrations: SchemaMigrations) -> anyhow::Result<usize> {
    let mut conn = connect(url, migrations.schema).await?;
    conn.batch_execute(&format!(
        "SELECT pg_advisory_lock(hashtext('tam-migrate-{schema}'));
         CREATE SCHEMA IF NOT EXISTS {quoted};",
        schema = migrations.schema,
        quoted = quote_ident(migrations.schema),
    ))
    .await?;
    // diesel_migrations is synchronous: run it on a blocking thread through the wrapper.
    let mut wrapper: AsyncConnectionWrapper<AsyncPgConnection> = conn.into();
    let applied = tokio::task::spawn_blocking(move || {
        wrapper
            .run_pending_migrations(migrations)
            .map(|done| done.len())
            .map_err(|e| anyhow::anyhow!("migrating schema {}: {e}", migrations.schema))
    })
    .await??;
    tracing::info!(schema = migrations.schema, applied, "schema migrated");
    Ok(applied)
}

/// The versions the schema lacks (empty when it is current). Used by readiness: a
/// service whose schema is behind its code must not take traffic.
pub async fn pending_versions(
    conn: &mut AsyncPgConnection,
    migrations: &SchemaMigrations,
) -> Result<Vec<String>, diesel::result::Error> {
    let exists: Vec<AppliedVersion> = diesel::sql_query(
        "SELECT c.relname::text AS version FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relname = '__diesel_schema_migrations'",
    )
    .load(conn)
    .await?;
    let applied: HashSet<String> = if exists.is_empty() {
        HashSet::new()
    } else {
        diesel::sql_query("SELECT version::text AS version FROM __diesel_schema_migrations")
            .load::<AppliedVersion>(conn)
            .await?
            .into_iter()
            .map(|v| v.version)
            .collect()
    };
    Ok(migrations
        .versions()
        .into_iter()
        .filter(|v| !applied.contains(v))
        .collect())
}
