//! What the database benchmarks share: a fresh helpdesk database (the testkit's template,
//! all migrations) seeded with SQL, and percentiles.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use diesel_async::RunQueryDsl;
use tam_db::testing::TestDatabase;
use tam_db::{connect_pool, DbPool, PoolSettings};

pub fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A fresh database with helpdesk's schema, and a pool on it.
pub async fn database() -> (TestDatabase, DbPool) {
    let db = TestDatabase::create(&[tam_helpdesk::MIGRATIONS])
        .await
        .unwrap();
    let pool = connect_pool(
        db.url(),
        "helpdesk",
        PoolSettings {
            max_size: 4,
            acquire_timeout: Duration::from_secs(30),
        },
    )
    .unwrap();
    (db, pool)
}

pub async fn execute(pool: &DbPool, sql: &str) {
    let mut conn = pool.get().await.unwrap();
    diesel::sql_query(sql)
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// `tickets` tickets opened from six channels over the weeks before `now`, each with its
/// opening history entry. `status_sql` is the SQL expression of a row's status (from
/// `i`); the stage, `resolved_at` and the timer follow from it. `due_sql` is the SQL
/// condition (on `i`) of the tickets whose escalation timer is due at `now`: those were
/// opened 150 minutes before `now` (levels of their first-response clocks have passed),
/// the others' timers are up to a week ahead.
pub async fn seed(
    pool: &DbPool,
    tickets: usize,
    now: DateTime<Utc>,
    status_sql: &str,
    due_sql: &str,
) -> Duration {
    let started = Instant::now();
    let now = now.to_rfc3339();
    execute(
        pool,
        &format!(
            "INSERT INTO tickets (id, channel, indihome_number, customer_name, contact_number, \
               product_code, product_key, priority, site, agent_id, status, stage, opened_at, \
               updated_at, resolved_at, next_escalation_at, assignee_id) \
             SELECT s.id, s.channel, s.number, 'Pelanggan ' || s.i, s.contact, s.product, \
               s.product, s.priority, s.site, s.agent, s.status, \
               CASE WHEN s.status LIKE 'waiting%' THEN 'validation' ELSE s.status END, \
               s.opened_at, s.opened_at, \
               CASE WHEN s.status IN ('activated', 'failed', 'cancelled') \
                 THEN s.opened_at + interval '1 day' END, \
               CASE WHEN s.status IN ('activated', 'failed', 'cancelled') THEN NULL \
                 WHEN s.due THEN timestamptz '{now}' - (s.i % 600) * interval '1 second' \
                 ELSE timestamptz '{now}' + (1 + s.i % 10080) * interval '1 minute' END, \
               s.assignee \
             FROM ( \
               SELECT i, md5('ticket' || i)::uuid AS id, \
                 (ARRAY['obc', 'plasa', 'call_center_147', 'web', 'myindihome', \
                        'sales_force'])[1 + i % 6] AS channel, \
                 (122100000000 + i)::text AS number, \
                 '0812' || lpad((i % 100000000)::text, 8, '0') AS contact, \
                 (ARRAY['MINIPACK', 'STB2', 'NETFLIX', 'HBO', 'VIDIO', 'SPEED_UP'])[1 + (i / 6) % 6] \
                   AS product, \
                 CASE WHEN i % 50 = 0 THEN 'urgent' WHEN i % 7 = 0 THEN 'high' ELSE 'normal' END \
                   AS priority, \
                 CASE WHEN i % 6 = 0 THEN (ARRAY['medan', 'tangerang', 'bandung', 'semarang', \
                   'malang', 'makassar'])[1 + (i / 6) % 6] END AS site, \
                 CASE WHEN i % 6 = 0 THEN md5('agent' || (i % 3000))::uuid END AS agent, \
                 CASE WHEN i % 3 = 0 THEN md5('desk' || (i % 40))::uuid END AS assignee, \
                 {status_sql} AS status, \
                 ({due_sql}) AS due, \
                 CASE WHEN ({due_sql}) THEN timestamptz '{now}' - interval '150 minutes' \
                   ELSE timestamptz '{now}' - (i % 20160) * interval '1 minute' \
                     - interval '3 hours' END AS opened_at \
               FROM generate_series(1, {tickets}) AS i) AS s"
        ),
    )
    .await;
    execute(
        pool,
        "INSERT INTO ticket_history (ticket_id, at, kind, status) \
         SELECT id, opened_at, 'opened', 'validation' FROM tickets",
    )
    .await;
    // A status entry for every ticket not in validation any more.
    execute(
        pool,
        "INSERT INTO ticket_history (ticket_id, at, kind, status) \
         SELECT id, opened_at + interval '1 hour', 'status', status FROM tickets \
         WHERE status <> 'validation'",
    )
    .await;
    execute(pool, "VACUUM ANALYZE tickets").await;
    execute(pool, "VACUUM ANALYZE ticket_history").await;
    started.elapsed()
}

/// The `p`-th percentile (0–100) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The plan of `sql` as PostgreSQL runs it (`EXPLAIN (ANALYZE, BUFFERS)`), in a
/// transaction rolled back (a `FOR UPDATE` takes its locks and gives them back).
pub async fn explain(pool: &DbPool, sql: &str) -> String {
    #[derive(diesel::QueryableByName)]
    struct Line {
        #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
        line: String,
    }
    let mut conn = pool.get().await.unwrap();
    diesel::sql_query("BEGIN").execute(&mut conn).await.unwrap();
    let lines: Vec<Line> = diesel::sql_query(format!("EXPLAIN (ANALYZE, BUFFERS) {sql}"))
        .load(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("EXPLAIN {sql}: {e}"));
    diesel::sql_query("ROLLBACK")
        .execute(&mut conn)
        .await
        .unwrap();
    lines
        .into_iter()
        .map(|l| l.line)
        .collect::<Vec<_>>()
        .join("\n")
}
