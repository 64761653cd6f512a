use std::time::Duration;

use diesel::ConnectionError;
use diesel_async::pooled_connection::deadpool::{Object, Pool, PoolError};
use diesel_async::pooled_connection::{
    AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures::FutureExt;

/// A pool of connections whose `search_path` is one service's schema.
pub type DbPool = Pool<AsyncPgConnection>;
/// A connection checked out of a [`DbPool`].
pub type DbConn = Object<AsyncPgConnection>;

/// Why the database could not be used. Services map [`DbError::Unavailable`] to 503.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

impl From<PoolError> for DbError {
    fn from(e: PoolError) -> Self {
        DbError::Unavailable(e.to_string())
    }
}

impl From<ConnectionError> for DbError {
    fn from(e: ConnectionError) -> Self {
        DbError::Unavailable(e.to_string())
    }
}

/// How big a pool is and how long a caller waits for a connection.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    pub max_size: usize,
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            max_size: 10,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// One connection (outside any pool) with `search_path` set to `schema`.
pub async fn connect(url: &str, schema: &str) -> Result<AsyncPgConnection, ConnectionError> {
    let mut conn = AsyncPgConnection::establish(url).await?;
    conn.batch_execute(&format!("SET search_path TO {}", quote_ident(schema)))
        .await
        .map_err(ConnectionError::CouldntSetupConfiguration)?;
    Ok(conn)
}

/// A pool for one service. No connection is opened until one is needed, so a service
/// starts (and reports not ready) while the database is down.
pub fn connect_pool(url: &str, schema: &str, settings: PoolSettings) -> Result<DbPool, DbError> {
    let schema = schema.to_owned();
    let mut config = ManagerConfig::default();
    // No `SELECT 1` on every checkout (diesel-async's default): it is a round trip on every
    // request, relay round and consumer batch, and pgbench ran at 91% of its rate with it
    // (issue 19). A connection the database dropped fails its first use instead; diesel
    // marks it broken and the pool discards it on return.
    config.recycling_method = RecyclingMethod::Fast;
    config.custom_setup = Box::new(move |url| {
        let schema = schema.clone();
        async move { connect(url, &schema).await }.boxed()
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(url, config);
    Pool::builder(manager)
        .max_size(settings.max_size)
        .runtime(deadpool::Runtime::Tokio1)
        .wait_timeout(Some(settings.acquire_timeout))
        .create_timeout(Some(settings.acquire_timeout))
        .build()
        .map_err(|e| DbError::Unavailable(e.to_string()))
}

/// Schema names come from code, never from input; quoting still keeps them exact.
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
