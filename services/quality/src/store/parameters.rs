//! Parameter versions and their items. Versions are only ever inserted.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Program;
use uuid::Uuid;

use super::schema::{parameter_items, parameter_versions};
use super::{decode, int, uint};
use crate::domain::parameters::{ParameterItem, ParameterVersion};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = parameter_versions, check_for_backend(Pg))]
struct VersionRow {
    id: Uuid,
    program: String,
    version: i32,
    created_by: Option<Uuid>,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = parameter_items, check_for_backend(Pg))]
struct ItemRow {
    version_id: Uuid,
    code: String,
    description: String,
    weight: i32,
    critical: bool,
}

/// Versions with their items (loaded in one query per call).
async fn with_items(
    conn: &mut AsyncPgConnection,
    rows: Vec<VersionRow>,
) -> crate::Result<Vec<ParameterVersion>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let items: Vec<ItemRow> = parameter_items::table
        .filter(parameter_items::version_id.eq_any(&ids))
        .order((parameter_items::version_id, parameter_items::position))
        .select(ItemRow::as_select())
        .load(conn)
        .await?;
    let mut versions = Vec::with_capacity(rows.len());
    for row in rows {
        let items = items
            .iter()
            .filter(|i| i.version_id == row.id)
            .map(|i| {
                Ok(ParameterItem {
                    code: i.code.clone(),
                    description: i.description.clone(),
                    weight: uint("parameter_items.weight", i.weight)?,
                    critical: i.critical,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        versions.push(ParameterVersion {
            id: row.id,
            program: decode("parameter_versions.program", &row.program)?,
            version: uint("parameter_versions.version", row.version)?,
            created_by: row.created_by,
            created_at: row.created_at,
            items,
        });
    }
    Ok(versions)
}

/// The version in force for `program`: the highest.
pub async fn current(
    conn: &mut AsyncPgConnection,
    program: Program,
) -> crate::Result<Option<ParameterVersion>> {
    let rows: Vec<VersionRow> = parameter_versions::table
        .filter(parameter_versions::program.eq(program.as_str()))
        .order(parameter_versions::version.desc())
        .limit(1)
        .select(VersionRow::as_select())
        .load(conn)
        .await?;
    Ok(with_items(conn, rows).await?.into_iter().next())
}

/// The version in force of every program that has one, in the kernel's program order.
pub async fn all_current(conn: &mut AsyncPgConnection) -> crate::Result<Vec<ParameterVersion>> {
    let rows: Vec<VersionRow> = parameter_versions::table
        .distinct_on(parameter_versions::program)
        .order((
            parameter_versions::program,
            parameter_versions::version.desc(),
        ))
        .select(VersionRow::as_select())
        .load(conn)
        .await?;
    let mut versions = with_items(conn, rows).await?;
    versions.sort_by_key(|v| Program::ALL.iter().position(|p| *p == v.program));
    Ok(versions)
}

/// Every version of `program`, newest first.
pub async fn history(
    conn: &mut AsyncPgConnection,
    program: Program,
) -> crate::Result<Vec<ParameterVersion>> {
    let rows: Vec<VersionRow> = parameter_versions::table
        .filter(parameter_versions::program.eq(program.as_str()))
        .order(parameter_versions::version.desc())
        .select(VersionRow::as_select())
        .load(conn)
        .await?;
    with_items(conn, rows).await
}

/// The version `id`.
pub async fn by_id(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<ParameterVersion> {
    let rows: Vec<VersionRow> = parameter_versions::table
        .filter(parameter_versions::id.eq(id))
        .select(VersionRow::as_select())
        .load(conn)
        .await?;
    with_items(conn, rows)
        .await?
        .into_iter()
        .next()
        .ok_or(crate::Error::NotFound("parameter version"))
}

/// Inserts version `version` of `program`. Two changes racing for the same number meet
/// `parameter_versions_program_version_key` (409).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    program: Program,
    version: u32,
    items: &[ParameterItem],
    created_by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<ParameterVersion> {
    let id = tam_kernel::new_id();
    diesel::insert_into(parameter_versions::table)
        .values((
            parameter_versions::id.eq(id),
            parameter_versions::program.eq(program.as_str()),
            parameter_versions::version.eq(int(version)),
            parameter_versions::created_by.eq(Some(created_by)),
            parameter_versions::created_at.eq(at),
        ))
        .execute(conn)
        .await?;
    let rows: Vec<_> = items
        .iter()
        .enumerate()
        .map(|(position, item)| {
            (
                parameter_items::version_id.eq(id),
                parameter_items::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                parameter_items::code.eq(&item.code),
                parameter_items::description.eq(&item.description),
                parameter_items::weight.eq(int(item.weight)),
                parameter_items::critical.eq(item.critical),
            )
        })
        .collect();
    diesel::insert_into(parameter_items::table)
        .values(rows)
        .execute(conn)
        .await?;
    by_id(conn, id).await
}
