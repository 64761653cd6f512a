//! Requisition rows and the hires marked against them. Reads take the caller's
//! [`Scope`] and filter by it in SQL (a site-bound caller sees their site's).
//!
//! For hiring (recruitment): [`find`], [`find_for_update`], [`list`], [`hires`] and
//! [`record_hire`], which marks a hire and fills the requisition at its headcount.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::{count_star, sql};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Program, Role, Site};
use uuid::Uuid;

use super::decode;
use super::schema::{requisition_hires, requisitions};
use crate::domain::requisition::{
    NewRequisition, Requisition, RequisitionOrigin, RequisitionStatus,
};
use crate::domain::scope::Scope;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = requisitions, check_for_backend(Pg))]
struct RequisitionRow {
    id: Uuid,
    site: Option<String>,
    program: Option<String>,
    role: String,
    headcount: i32,
    needed_by: NaiveDate,
    reason: String,
    origin: String,
    status: String,
    opened_by: Option<Uuid>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl RequisitionRow {
    fn into_requisition(self, hired: i64) -> anyhow::Result<Requisition> {
        Ok(Requisition {
            id: self.id,
            role: decode("requisitions.role", &self.role)?,
            site: self
                .site
                .as_deref()
                .map(|s| decode("requisitions.site", s))
                .transpose()?,
            program: self
                .program
                .as_deref()
                .map(|p| decode("requisitions.program", p))
                .transpose()?,
            headcount: self.headcount,
            needed_by: self.needed_by,
            reason: self.reason,
            origin: decode("requisitions.origin", &self.origin)?,
            status: decode("requisitions.status", &self.status)?,
            opened_by: self.opened_by,
            hired,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

type Condition = Box<dyn BoxableExpression<requisitions::table, Pg, SqlType = Nullable<Bool>>>;

/// The requisitions `scope` sees: all, or one site's (team leaders and agents none).
pub fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(requisitions::site.eq(site.as_str())),
        Scope::LedTeams { .. } | Scope::Own(_) | Scope::Nothing => {
            Box::new(sql::<Bool>("FALSE").nullable())
        }
    }
}

/// How many were hired against `id`.
pub async fn hires(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<i64> {
    Ok(requisition_hires::table
        .filter(requisition_hires::requisition_id.eq(id))
        .select(count_star())
        .get_result(conn)
        .await?)
}

async fn with_hires(
    conn: &mut AsyncPgConnection,
    row: Option<RequisitionRow>,
) -> crate::Result<Option<Requisition>> {
    let Some(row) = row else {
        return Ok(None);
    };
    let hired = hires(conn, row.id).await?;
    Ok(Some(row.into_requisition(hired)?))
}

/// Inserts a requisition opened by hand by `opened_by`.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    new: &NewRequisition,
    opened_by: Uuid,
) -> crate::Result<Requisition> {
    let row: RequisitionRow = diesel::insert_into(requisitions::table)
        .values((
            requisitions::id.eq(id),
            requisitions::site.eq(new.site.map(Site::as_str)),
            requisitions::program.eq(new.program.map(Program::as_str)),
            requisitions::role.eq(new.role.as_str()),
            requisitions::headcount.eq(new.headcount),
            requisitions::needed_by.eq(new.needed_by),
            requisitions::reason.eq(&new.reason),
            requisitions::origin.eq(RequisitionOrigin::Manual.as_str()),
            requisitions::opened_by.eq(Some(opened_by)),
        ))
        .returning(RequisitionRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.into_requisition(0)?)
}

/// The requisition `id` if `scope` sees it, with its hires.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<Requisition>> {
    let row: Option<RequisitionRow> = requisitions::table
        .filter(requisitions::id.eq(id))
        .filter(in_scope(scope))
        .select(RequisitionRow::as_select())
        .first(conn)
        .await
        .optional()?;
    with_hires(conn, row).await
}

/// Like [`find`], locking the row until the transaction ends (to mark a hire, change
/// or cancel it).
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<Requisition>> {
    let row: Option<RequisitionRow> = requisitions::table
        .filter(requisitions::id.eq(id))
        .filter(in_scope(scope))
        .select(RequisitionRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    with_hires(conn, row).await
}

/// The open CAPLAN-gap requisition of a (site, program, role), locked.
pub async fn open_gap_for_update(
    conn: &mut AsyncPgConnection,
    site: Site,
    program: Program,
    role: Role,
) -> crate::Result<Option<Requisition>> {
    let row: Option<RequisitionRow> = requisitions::table
        .filter(requisitions::site.eq(site.as_str()))
        .filter(requisitions::program.eq(program.as_str()))
        .filter(requisitions::role.eq(role.as_str()))
        .filter(requisitions::origin.eq(RequisitionOrigin::CaplanGap.as_str()))
        .filter(requisitions::status.eq(RequisitionStatus::Open.as_str()))
        .select(RequisitionRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    with_hires(conn, row).await
}

/// The positions still open (headcount less hires) of every open requisition of a
/// (site, program, role), by hand or from the gap: what recruitment already covers.
pub async fn open_positions(
    conn: &mut AsyncPgConnection,
    site: Site,
    program: Program,
    role: Role,
) -> crate::Result<i64> {
    let rows: Vec<RequisitionRow> = requisitions::table
        .filter(requisitions::site.eq(site.as_str()))
        .filter(requisitions::program.eq(program.as_str()))
        .filter(requisitions::role.eq(role.as_str()))
        .filter(requisitions::status.eq(RequisitionStatus::Open.as_str()))
        .select(RequisitionRow::as_select())
        .load(conn)
        .await?;
    let mut open = 0;
    for row in rows {
        let hired = hires(conn, row.id).await?;
        open += row.into_requisition(hired)?.open_positions();
    }
    Ok(open)
}

/// Inserts the CAPLAN-gap requisition of a (site, program, role); `None` when one is
/// open already (the partial unique index `requisitions_one_open_gap`).
pub async fn insert_gap(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    key: (Site, Program, Role),
    headcount: i32,
    needed_by: NaiveDate,
    reason: &str,
) -> crate::Result<Option<Requisition>> {
    let (site, program, role) = key;
    let row: Option<RequisitionRow> = diesel::insert_into(requisitions::table)
        .values((
            requisitions::id.eq(id),
            requisitions::site.eq(Some(site.as_str())),
            requisitions::program.eq(Some(program.as_str())),
            requisitions::role.eq(role.as_str()),
            requisitions::headcount.eq(headcount),
            requisitions::needed_by.eq(needed_by),
            requisitions::reason.eq(reason),
            requisitions::origin.eq(RequisitionOrigin::CaplanGap.as_str()),
            requisitions::opened_by.eq(None::<Uuid>),
        ))
        .on_conflict_do_nothing()
        .returning(RequisitionRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    Ok(row.map(|r| r.into_requisition(0)).transpose()?)
}

/// Writes the changeable fields (headcount, needed-by, reason, status).
pub async fn update(
    conn: &mut AsyncPgConnection,
    requisition: &Requisition,
) -> crate::Result<Requisition> {
    let row: RequisitionRow = diesel::update(requisitions::table.find(requisition.id))
        .set((
            requisitions::headcount.eq(requisition.headcount),
            requisitions::needed_by.eq(requisition.needed_by),
            requisitions::reason.eq(&requisition.reason),
            requisitions::status.eq(requisition.status.as_str()),
            requisitions::updated_at.eq(diesel::dsl::now),
        ))
        .returning(RequisitionRow::as_returning())
        .get_result(conn)
        .await?;
    let hired = hires(conn, row.id).await?;
    Ok(row.into_requisition(hired)?)
}

/// Marks `employee_id` hired against the requisition (locked by the caller with
/// [`find_for_update`] and checked open) and fills it when the hires reach its
/// headcount. Returns the requisition after. Marking one employee twice is the unique
/// violation `requisition_hires_employee_key` (409).
pub async fn record_hire(
    conn: &mut AsyncPgConnection,
    requisition: &Requisition,
    employee_id: Uuid,
) -> crate::Result<Requisition> {
    diesel::insert_into(requisition_hires::table)
        .values((
            requisition_hires::requisition_id.eq(requisition.id),
            requisition_hires::employee_id.eq(employee_id),
        ))
        .execute(conn)
        .await?;
    let mut after = requisition.clone();
    after.hired = hires(conn, requisition.id).await?;
    if after.hired >= i64::from(after.headcount) {
        after.status = RequisitionStatus::Filled;
    }
    update(conn, &after).await
}

/// The filters of the requisition list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequisitionFilter {
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub role: Option<Role>,
    pub status: Option<RequisitionStatus>,
}

/// One page of the requisitions `scope` sees, matching `filter`, in (created_at, id)
/// order after `after`; fetches `limit.fetch()` rows.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: RequisitionFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Requisition>> {
    let mut query = requisitions::table
        .filter(in_scope(scope))
        .select(RequisitionRow::as_select())
        .into_boxed();
    if let Some(site) = filter.site {
        query = query.filter(requisitions::site.eq(site.as_str()));
    }
    if let Some(program) = filter.program {
        query = query.filter(requisitions::program.eq(program.as_str()));
    }
    if let Some(role) = filter.role {
        query = query.filter(requisitions::role.eq(role.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(requisitions::status.eq(status.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            requisitions::created_at
                .gt(cursor.at)
                .or(requisitions::created_at
                    .eq(cursor.at)
                    .and(requisitions::id.gt(cursor.id))),
        );
    }
    let rows: Vec<RequisitionRow> = query
        .order((requisitions::created_at.asc(), requisitions::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let hired = hires(conn, row.id).await?;
        out.push(row.into_requisition(hired)?);
    }
    Ok(out)
}
