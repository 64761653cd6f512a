//! Packs in the `packs` table: generating one exactly once, listing, downloading.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{Bytea, Date, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use tam_kernel::Site;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{PackKey, PackKind};
use crate::families::{self, FAMILIES};
use crate::kpi::Report;
use crate::query::{Grouping, Period, ReportQuery, Scope};
use crate::render::xlsx;
use crate::{Error, Result};

/// A pack as the list shows it (without its bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PackInfo {
    pub id: Uuid,
    /// `daily`, `weekly` or `monthly`.
    #[schema(value_type = String, example = "daily")]
    pub kind: String,
    /// The site's code; `null` for the management pack (every site).
    pub site: Option<String>,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub generated_at: DateTime<Utc>,
    /// The workbook's size in bytes.
    pub size: i32,
}

#[derive(QueryableByName)]
struct InfoRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Nullable<Text>)]
    site: Option<String>,
    #[diesel(sql_type = Date)]
    period_start: NaiveDate,
    #[diesel(sql_type = Date)]
    period_end: NaiveDate,
    #[diesel(sql_type = Timestamptz)]
    generated_at: DateTime<Utc>,
    #[diesel(sql_type = Integer)]
    size: i32,
}

impl From<InfoRow> for PackInfo {
    fn from(r: InfoRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            site: r.site,
            period_start: r.period_start,
            period_end: r.period_end,
            generated_at: r.generated_at,
            size: r.size,
        }
    }
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = SqlUuid)]
    #[allow(dead_code)]
    id: Uuid,
}

#[derive(QueryableByName)]
struct ContentRow {
    #[diesel(sql_type = Bytea)]
    content: Vec<u8>,
}

/// Which packs a caller sees: every pack, or one site's (not the management pack).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackScope {
    All,
    Site(Site),
    /// Team and agent scopes see no pack (the policy does not let them ask either).
    None,
}

impl From<Scope> for PackScope {
    fn from(scope: Scope) -> Self {
        match scope {
            Scope::All => PackScope::All,
            Scope::Site(site) => PackScope::Site(site),
            Scope::Team { .. } | Scope::Agent { .. } => PackScope::None,
        }
    }
}

impl PackScope {
    /// `(everything, site)` as the queries' parameters (`false, NULL` matches nothing).
    fn params(self) -> (bool, Option<String>) {
        match self {
            PackScope::All => (true, None),
            PackScope::Site(site) => (false, Some(site.as_str().to_owned())),
            PackScope::None => (false, None),
        }
    }
}

/// Generates `key`'s pack unless it exists, at `now`: answers its id, or `None` when it
/// existed (or another replica generated it meanwhile).
///
/// Exactly once across replicas: the key is inserted first, in the generating
/// transaction, `ON CONFLICT DO NOTHING`. A second replica's insert waits on the first's
/// uncommitted key, then inserts nothing and stops; if the first rolled back, the second
/// inserts and generates. The row is never seen without its workbook: it is filled in
/// before the commit.
pub async fn generate(
    conn: &mut AsyncPgConnection,
    key: PackKey,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>> {
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let id = Uuid::now_v7();
            let inserted: Vec<IdRow> = diesel::sql_query(
                "INSERT INTO packs (id, kind, site, period_start, period_end, generated_at, content, size) \
                 VALUES ($1, $2, $3, $4, $5, $6, ''::bytea, 0) \
                 ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind::<SqlUuid, _>(id)
            .bind::<Text, _>(key.kind.as_str())
            .bind::<Nullable<Text>, _>(key.site.map(Site::as_str))
            .bind::<Date, _>(key.period_start)
            .bind::<Date, _>(key.period_end)
            .bind::<Timestamptz, _>(now)
            .load(conn)
            .await?;
            if inserted.is_empty() {
                return Ok(None);
            }
            let content = build(conn, key).await?;
            let size = i32::try_from(content.len()).unwrap_or(i32::MAX);
            diesel::sql_query("UPDATE packs SET content = $2, size = $3 WHERE id = $1")
                .bind::<SqlUuid, _>(id)
                .bind::<Bytea, _>(content)
                .bind::<Integer, _>(size)
                .execute(conn)
                .await?;
            Ok(Some(id))
        }
        .scope_boxed()
    })
    .await
}

/// Whether `key`'s pack exists (the poller asks before opening a generating
/// transaction, so a poll where everything exists is a few index lookups).
pub async fn exists(conn: &mut AsyncPgConnection, key: PackKey) -> Result<bool> {
    let found: Vec<IdRow> = diesel::sql_query(
        "SELECT id FROM packs WHERE kind = $1 AND COALESCE(site, '') = COALESCE($2, '') \
         AND period_start = $3",
    )
    .bind::<Text, _>(key.kind.as_str())
    .bind::<Nullable<Text>, _>(key.site.map(Site::as_str))
    .bind::<Date, _>(key.period_start)
    .load(conn)
    .await?;
    Ok(!found.is_empty())
}

/// The workbook of `key`: for every family, its daily trend (the total within the
/// pack's scope, with the chart of its first ratio KPI) and its figures for the whole
/// period by team (a site's pack) or by site (management's), where the family has that
/// grouping.
pub async fn build(conn: &mut AsyncPgConnection, key: PackKey) -> Result<Vec<u8>> {
    let (scope, grouping) = match key.site {
        Some(site) => (Scope::Site(site), Grouping::Team),
        None => (Scope::All, Grouping::Site),
    };
    let query = |period: Period, group_by: Grouping| ReportQuery {
        from: key.period_start,
        to: key.period_end,
        period,
        group_by,
        scope,
        site: None,
        program: None,
        team: None,
        agent: None,
        work_order: None,
    };
    let mut reports: Vec<(String, Report)> = Vec::new();
    for family in FAMILIES {
        let trend = families::report(conn, family, &query(Period::Day, Grouping::Total)).await?;
        reports.push((family.key.to_owned(), trend));
        if family.groupings.contains(&grouping) {
            let by = families::report(conn, family, &query(Period::Range, grouping)).await?;
            reports.push((format!("{} by {}", family.key, grouping.as_str()), by));
        }
    }
    let sheets: Vec<(&str, &Report)> = reports.iter().map(|(n, r)| (n.as_str(), r)).collect();
    xlsx::pack(&sheets)
}

/// The packs `scope` sees, newest first, at most `limit`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: PackScope,
    kind: Option<PackKind>,
    limit: i64,
) -> Result<Vec<PackInfo>> {
    let (all, site) = scope.params();
    let rows: Vec<InfoRow> = diesel::sql_query(
        "SELECT id, kind, site, period_start, period_end, generated_at, size FROM packs \
         WHERE ($1 OR site = $2) AND ($3::text IS NULL OR kind = $3) \
         ORDER BY generated_at DESC, id DESC LIMIT $4",
    )
    .bind::<diesel::sql_types::Bool, _>(all)
    .bind::<Nullable<Text>, _>(site)
    .bind::<Nullable<Text>, _>(kind.map(PackKind::as_str))
    .bind::<diesel::sql_types::BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(PackInfo::from).collect())
}

/// Pack `id`'s description and workbook, if `scope` sees it.
pub async fn get(
    conn: &mut AsyncPgConnection,
    scope: PackScope,
    id: Uuid,
) -> Result<Option<(PackInfo, Vec<u8>)>> {
    let (all, site) = scope.params();
    let info: Option<InfoRow> = diesel::sql_query(
        "SELECT id, kind, site, period_start, period_end, generated_at, size FROM packs \
         WHERE id = $1 AND ($2 OR site = $3)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<diesel::sql_types::Bool, _>(all)
    .bind::<Nullable<Text>, _>(site.clone())
    .load(conn)
    .await?
    .into_iter()
    .next();
    let Some(info) = info else {
        return Ok(None);
    };
    let content: Vec<ContentRow> = diesel::sql_query("SELECT content FROM packs WHERE id = $1")
        .bind::<SqlUuid, _>(id)
        .load(conn)
        .await?;
    Ok(content
        .into_iter()
        .next()
        .map(|c| (PackInfo::from(info), c.content)))
}
