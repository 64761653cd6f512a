//! Work order rows. Every read takes the caller's [`Scope`] and filters by it in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Program};
use uuid::Uuid;

use super::schema::work_orders;
use super::{decode, int, uint};
use crate::domain::scope::Scope;
use crate::domain::work_order::{
    NewWorkOrder, Offers, RetryWaits, WorkOrder, WorkOrderStatus, WorkOrderTerms,
};

#[derive(Debug, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = work_orders, check_for_backend(Pg))]
struct WorkOrderRow {
    id: Uuid,
    wo_code: String,
    site: String,
    program: String,
    title: String,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
    offers: serde_json::Value,
    max_attempts: i32,
    daily_quota_per_agent: i32,
    retry_wait_minutes: serde_json::Value,
    status: String,
    created_by: Uuid,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<WorkOrderRow> for WorkOrder {
    type Error = anyhow::Error;

    fn try_from(row: WorkOrderRow) -> anyhow::Result<Self> {
        let program: Program = decode("work_orders.program", &row.program)?;
        let offers = Offers::from_stored(program.activity(), row.offers)
            .map_err(|e| anyhow::anyhow!("work_orders.offers of {}: {e}", row.id))?;
        Ok(WorkOrder {
            id: row.id,
            site: decode("work_orders.site", &row.site)?,
            program,
            terms: WorkOrderTerms {
                wo_code: row.wo_code,
                title: row.title,
                valid_from: row.valid_from,
                valid_to: row.valid_to,
                offers,
                max_attempts: uint("work_orders.max_attempts", row.max_attempts)?,
                daily_quota_per_agent: uint(
                    "work_orders.daily_quota_per_agent",
                    row.daily_quota_per_agent,
                )?,
                retry_wait_minutes: serde_json::from_value::<RetryWaits>(row.retry_wait_minutes)
                    .map_err(|e| {
                        anyhow::anyhow!("work_orders.retry_wait_minutes of {}: {e}", row.id)
                    })?,
            },
            status: decode("work_orders.status", &row.status)?,
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A work order as PostgreSQL's `row_to_json(work_orders.*)` gives it: the claim
/// statement returns its prospect's, which saves `next` a round trip.
pub fn from_json(value: serde_json::Value) -> anyhow::Result<WorkOrder> {
    let row: WorkOrderRow = serde_json::from_value(value)
        .map_err(|e| anyhow::anyhow!("a work order as row_to_json gives it: {e}"))?;
    WorkOrder::try_from(row)
}

fn retry_json(waits: &RetryWaits) -> anyhow::Result<serde_json::Value> {
    Ok(serde_json::to_value(waits)?)
}

type Condition = Box<dyn BoxableExpression<work_orders::table, Pg, SqlType = Nullable<Bool>>>;

/// The work orders `scope` sees.
pub fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(work_orders::site.eq(site.as_str()).nullable()),
        Scope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Inserts a draft. A code taken at the site is `work_orders_site_wo_code_key`.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    new: &NewWorkOrder,
    created_by: Uuid,
) -> crate::Result<WorkOrder> {
    let t = &new.terms;
    let row: WorkOrderRow = diesel::insert_into(work_orders::table)
        .values((
            work_orders::id.eq(id),
            work_orders::site.eq(new.site.as_str()),
            work_orders::program.eq(new.program.as_str()),
            work_orders::wo_code.eq(&t.wo_code),
            work_orders::title.eq(&t.title),
            work_orders::valid_from.eq(t.valid_from),
            work_orders::valid_to.eq(t.valid_to),
            work_orders::offers.eq(t.offers.to_json()),
            work_orders::max_attempts.eq(int(t.max_attempts)),
            work_orders::daily_quota_per_agent.eq(int(t.daily_quota_per_agent)),
            work_orders::retry_wait_minutes.eq(retry_json(&t.retry_wait_minutes)?),
            work_orders::status.eq(WorkOrderStatus::Draft.as_str()),
            work_orders::created_by.eq(created_by),
        ))
        .returning(WorkOrderRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The work order `id` if `scope` sees it; `lock` takes it `FOR UPDATE`.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
    lock: bool,
) -> crate::Result<Option<WorkOrder>> {
    let query = work_orders::table
        .filter(work_orders::id.eq(id))
        .filter(in_scope(scope))
        .select(WorkOrderRow::as_select());
    let row: Option<WorkOrderRow> = if lock {
        query.for_update().first(conn).await.optional()?
    } else {
        query.first(conn).await.optional()?
    };
    Ok(row.map(WorkOrder::try_from).transpose()?)
}

/// Replaces the terms of work order `id`.
pub async fn update_terms(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    t: &WorkOrderTerms,
) -> crate::Result<WorkOrder> {
    let row: WorkOrderRow = diesel::update(work_orders::table.filter(work_orders::id.eq(id)))
        .set((
            work_orders::wo_code.eq(&t.wo_code),
            work_orders::title.eq(&t.title),
            work_orders::valid_from.eq(t.valid_from),
            work_orders::valid_to.eq(t.valid_to),
            work_orders::offers.eq(t.offers.to_json()),
            work_orders::max_attempts.eq(int(t.max_attempts)),
            work_orders::daily_quota_per_agent.eq(int(t.daily_quota_per_agent)),
            work_orders::retry_wait_minutes.eq(retry_json(&t.retry_wait_minutes)?),
            work_orders::updated_at.eq(diesel::dsl::now),
        ))
        .returning(WorkOrderRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// Sets the status of work order `id`.
pub async fn set_status(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    status: WorkOrderStatus,
) -> crate::Result<WorkOrder> {
    let row: WorkOrderRow = diesel::update(work_orders::table.filter(work_orders::id.eq(id)))
        .set((
            work_orders::status.eq(status.as_str()),
            work_orders::updated_at.eq(diesel::dsl::now),
        ))
        .returning(WorkOrderRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The filters of the work order list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkOrderFilter {
    pub status: Option<WorkOrderStatus>,
    pub program: Option<Program>,
}

/// One page of the work orders `scope` sees, in (created_at, id) order after `after`.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: WorkOrderFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<WorkOrder>> {
    let mut query = work_orders::table
        .filter(in_scope(scope))
        .select(WorkOrderRow::as_select())
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(work_orders::status.eq(status.as_str()));
    }
    if let Some(program) = filter.program {
        query = query.filter(work_orders::program.eq(program.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            work_orders::created_at
                .gt(cursor.at)
                .or(work_orders::created_at
                    .eq(cursor.at)
                    .and(work_orders::id.gt(cursor.id))),
        );
    }
    let rows: Vec<WorkOrderRow> = query
        .order((work_orders::created_at.asc(), work_orders::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(WorkOrder::try_from)
        .collect::<anyhow::Result<_>>()?)
}
