//! A month of one site's work as reporting's raw event log holds it, written by SQL
//! (`generate_series`) in seconds rather than through the consumer, for the rebuild and
//! report benchmarks:
//!
//! - November 2026 (WIB), site Medan: `calls` `calling.call.completed` events, 08:00 to
//!   17:00 WIB across the 30 days; 300 agents in 20 teams; 10 work orders of the three
//!   programs; 2 calls for every 5 prospects... i.e. `calls × 2/5` prospects, each called
//!   again 12 days after its previous attempt; the outcome mix of a working day (35% no
//!   answer, 10% busy, 10% unreachable, 5% rejected, 5% wrong number, 15% decline, 8%
//!   follow-up, 12% agree), talk time by outcome, notes;
//! - a `quality.call.validated` verdict two hours after every AGREE (9 in 10 valid);
//! - each work order's `prospect.work_order.created` and `prospect.dapros.imported`
//!   (the day before the month), built from the contract types and stored through
//!   `raw::store`.
//!
//! The SQL payloads are checked against the contract types (one of each decoded back)
//! before anything is measured, so that a contract change fails here, not as a rebuild
//! that rejects every event.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use diesel::sql_types::{BigInt, Jsonb, Text};
use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_contracts::calling::CallCompleted;
use tam_contracts::prospect::{DaprosImported, WorkOrderCreated};
use tam_contracts::quality::CallValidated;
use tam_events::{Envelope, Producer};
use tam_kernel::{Program, Site};
use uuid::Uuid;

pub const AGENTS: i64 = 300;
pub const TEAMS: i64 = 20;
pub const WORK_ORDERS: i64 = 10;
/// Of 100 calls, the AGREEs (each gets a verdict).
pub const AGREE_PERCENT: i64 = 12;

/// The month the dataset covers.
pub fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

pub fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// How many calls make `raw` raw events in all (calls, their AGREEs' verdicts, the work
/// orders' two events each).
pub fn calls_for_raw_events(raw: i64) -> i64 {
    ((raw - 2 * WORK_ORDERS) * 100).div_euclid(100 + AGREE_PERCENT)
}

/// What was written.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub calls: i64,
    pub verdicts: i64,
    pub others: i64,
    pub secs: f64,
}

impl Written {
    pub fn raw_events(&self) -> i64 {
        self.calls + self.verdicts + self.others
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Payload {
    #[diesel(sql_type = Text)]
    event_type: String,
    #[diesel(sql_type = Jsonb)]
    payload: serde_json::Value,
}

/// The uuid the SQL writes as `md5(kind || n)::uuid`.
pub async fn id(conn: &mut AsyncPgConnection, kind: &str, n: i64) -> Uuid {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        id: Uuid,
    }
    diesel::sql_query("SELECT md5($1)::uuid AS id")
        .bind::<Text, _>(format!("{kind}{n}"))
        .get_result::<Id>(conn)
        .await
        .unwrap()
        .id
}

fn program_of(w: i64) -> Program {
    match w % 3 {
        0 => Program::AddOnConsumer,
        1 => Program::WifiAddonDigital,
        _ => Program::Ct0Pranpc,
    }
}

/// Writes the dataset into the raw log of the `reporting` schema `conn` is set to.
pub async fn write(conn: &mut AsyncPgConnection, calls: i64) -> Written {
    let started = Instant::now();
    let prospects = (calls * 2 / 5).max(1);
    // The work orders' own events, the day before the month, from the contract types.
    let before = Utc.with_ymd_and_hms(2026, 10, 31, 2, 0, 0).unwrap();
    let mut envelopes = Vec::new();
    for w in 0..WORK_ORDERS {
        let program = program_of(w);
        let created = WorkOrderCreated {
            work_order_id: id(conn, "wo", w).await,
            wo_code: format!("WO-MDN-2026-11-{w:02}"),
            site: Site::Medan,
            program,
            title: format!("Bench work order {w}"),
            valid_from: first_day(),
            valid_to: last_day(),
            status: serde_json::from_value(serde_json::json!("draft")).unwrap(),
            max_attempts: 3,
            daily_quota_per_agent: 120,
        };
        let imported = DaprosImported {
            import_id: id(conn, "import", w).await,
            work_order_id: id(conn, "wo", w).await,
            site: Site::Medan,
            program,
            total: (prospects / WORK_ORDERS + 100) as u32,
            accepted: (prospects / WORK_ORDERS) as u32,
            rejected: 80,
            duplicates: 20,
            dnc_excluded: 0,
            imported_by: id(conn, "manager", 0).await,
        };
        let ctx = Producer("prospect").context(Site::Medan, None);
        let mut a = Envelope::new(&ctx, &created).unwrap();
        a.occurred_at = before + chrono::Duration::minutes(w);
        let mut b = Envelope::new(&ctx, &imported).unwrap();
        b.occurred_at = before + chrono::Duration::minutes(w) + chrono::Duration::seconds(30);
        envelopes.push(a);
        envelopes.push(b);
    }
    let refs: Vec<&Envelope> = envelopes.iter().collect();
    tam_reporting::raw::store(conn, &tam_reporting::raw::Partitions::default(), &refs)
        .await
        .unwrap();
    // Make sure the month's partition exists (the migration creates months around the
    // day it ran; the bench's month may be outside them).
    let probe = {
        let mut e = envelopes[0].clone();
        e.occurred_at = Utc.with_ymd_and_hms(2026, 11, 15, 3, 0, 0).unwrap();
        e
    };
    tam_reporting::raw::Partitions::default()
        .ensure(conn, &[&probe])
        .await
        .unwrap();

    // The calls. `h` spreads the outcomes across agents and days.
    let sql = format!(
        "INSERT INTO raw_events (id, event_type, version, producer, site, correlation_id,
                                 occurred_at, day, payload)
         SELECT md5('ev' || i)::uuid, 'calling.call.completed', 1, 'calling', 'medan', NULL,
                at, (at AT TIME ZONE 'Asia/Jakarta')::date,
                jsonb_build_object(
                  'call_id', md5('call' || i)::uuid,
                  'claim_id', md5('claim' || i)::uuid,
                  'prospect_id', md5('p' || p)::uuid,
                  'work_order_id', md5('wo' || w)::uuid,
                  'agent_id', md5('agent' || a)::uuid,
                  'team_id', md5('team' || (a % {TEAMS}))::uuid,
                  'site', 'medan',
                  'program', program,
                  'outcome', outcome,
                  'product_code', CASE WHEN outcome = 'agree' AND program <> 'ct0_pranpc'
                                       THEN 'MINIPACK' END,
                  'negotiation_step', CASE WHEN outcome = 'agree' AND program = 'ct0_pranpc'
                                           THEN 2 END,
                  'follow_up_at', CASE WHEN outcome = 'follow_up' THEN at + interval '1 day' END,
                  'notes', (ARRAY['pelanggan minta ditelepon lagi setelah jam makan siang',
                                  'sudah pakai paket serupa, tidak tertarik',
                                  'setuju minipack 3 bulan, minta SMS konfirmasi',
                                  NULL, 'yang angkat anaknya, bapak di luar kota', NULL])[1 + i % 6],
                  'started_at', at - dur * interval '1 second',
                  'ended_at', at,
                  'duration_seconds', dur,
                  'has_recording', outcome IN ('agree', 'decline', 'follow_up'))
         FROM (
           SELECT i, p, w, a, at, program, outcome,
                  CASE WHEN outcome IN ('no_answer', 'busy', 'unreachable') THEN 20 + i % 25
                       WHEN outcome IN ('rejected', 'wrong_number') THEN 30 + i % 40
                       ELSE 90 + i % 400 END AS dur
           FROM (
             SELECT i, p, w, a, at,
                    (ARRAY['add_on_consumer', 'wifi_addon_digital', 'ct0_pranpc'])[1 + w % 3] AS program,
                    CASE WHEN h < 35 THEN 'no_answer' WHEN h < 45 THEN 'busy'
                         WHEN h < 55 THEN 'unreachable' WHEN h < 60 THEN 'rejected'
                         WHEN h < 65 THEN 'wrong_number' WHEN h < 80 THEN 'decline'
                         WHEN h < 88 THEN 'follow_up' ELSE 'agree' END AS outcome
             FROM (
               SELECT i, i % {prospects} AS p, (i % {prospects}) % {WORK_ORDERS} AS w,
                      i % {AGENTS} AS a, (i + 7 * (i / {AGENTS})) % 100 AS h,
                      timestamptz '2026-11-01 08:00:00+07'
                        + (i * 30 / {calls}) * interval '1 day'
                        + ((i::bigint * 7919) % 32400) * interval '1 second' AS at
               FROM generate_series(0, {calls} - 1) AS i
             ) s
           ) t
         ) u"
    );
    diesel::sql_query(sql).execute(conn).await.unwrap();

    // A verdict two hours after every AGREE.
    diesel::sql_query(
        "INSERT INTO raw_events (id, event_type, version, producer, site, correlation_id,
                                 occurred_at, day, payload)
         SELECT md5('verdict' || (r.payload->>'call_id'))::uuid, 'quality.call.validated', 1,
                'quality', 'medan', NULL, v.at, (v.at AT TIME ZONE 'Asia/Jakarta')::date,
                jsonb_build_object(
                  'task_id', md5('task' || (r.payload->>'call_id'))::uuid,
                  'call_id', r.payload->'call_id',
                  'prospect_id', r.payload->'prospect_id',
                  'work_order_id', r.payload->'work_order_id',
                  'agent_id', r.payload->'agent_id',
                  'team_id', r.payload->'team_id',
                  'site', 'medan',
                  'program', r.payload->'program',
                  'verdict', CASE WHEN ascii(md5(r.id::text)) % 10 = 0 THEN 'returned' ELSE 'valid' END,
                  'score', 85.5,
                  'reason', CASE WHEN ascii(md5(r.id::text)) % 10 = 0
                                 THEN 'produk tidak disebutkan dengan jelas' END,
                  'recommendation', NULL,
                  'validated_at', v.at,
                  'revision', 1)
         FROM raw_events r
         CROSS JOIN LATERAL (SELECT r.occurred_at + interval '2 hours' AS at) v
         WHERE r.event_type = 'calling.call.completed' AND r.payload->>'outcome' = 'agree'",
    )
    .execute(conn)
    .await
    .unwrap();
    diesel::sql_query("ANALYZE raw_events")
        .execute(conn)
        .await
        .unwrap();

    let calls_written = scalar(
        conn,
        "SELECT count(*) AS n FROM raw_events WHERE event_type = 'calling.call.completed'",
    )
    .await;
    let verdicts = scalar(
        conn,
        "SELECT count(*) AS n FROM raw_events WHERE event_type = 'quality.call.validated'",
    )
    .await;
    let total = scalar(conn, "SELECT count(*) AS n FROM raw_events").await;
    assert_eq!(calls_written, calls);

    // One payload of each SQL-written type must decode as its contract type.
    let samples: Vec<Payload> = diesel::sql_query(
        "(SELECT event_type, payload FROM raw_events WHERE event_type = 'calling.call.completed'
            AND payload->>'outcome' = 'follow_up' LIMIT 1)
         UNION ALL
         (SELECT event_type, payload FROM raw_events WHERE event_type = 'calling.call.completed'
            AND payload->>'outcome' = 'agree' LIMIT 1)
         UNION ALL
         (SELECT event_type, payload FROM raw_events WHERE event_type = 'quality.call.validated'
            LIMIT 1)",
    )
    .load(conn)
    .await
    .unwrap();
    for s in samples {
        match s.event_type.as_str() {
            "calling.call.completed" => {
                serde_json::from_value::<CallCompleted>(s.payload.clone()).unwrap_or_else(|e| {
                    panic!("a generated call does not decode: {e}: {}", s.payload)
                });
            }
            _ => {
                serde_json::from_value::<CallValidated>(s.payload.clone()).unwrap_or_else(|e| {
                    panic!("a generated verdict does not decode: {e}: {}", s.payload)
                });
            }
        }
    }
    Written {
        calls: calls_written,
        verdicts,
        others: total - calls_written - verdicts,
        secs: started.elapsed().as_secs_f64(),
    }
}

pub async fn scalar(conn: &mut AsyncPgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

/// The rebuild as `tam reporting rebuild [--from DAY]` runs it (`rebuild::rebuild`, one
/// transaction); answers how long it took and how many events it replayed.
pub async fn rebuild(pool: &tam_db::DbPool, from: Option<NaiveDate>) -> (Duration, u64) {
    let mut conn = pool.get().await.unwrap();
    let started = Instant::now();
    let stats = tam_reporting::rebuild::rebuild(&mut conn, from)
        .await
        .unwrap();
    (started.elapsed(), stats.events)
}
