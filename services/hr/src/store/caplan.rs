//! CAPLAN revisions (never changed once written). Reads take the caller's [`Scope`].

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::decode;
use super::schema::caplan_revisions;
use crate::domain::caplan::{self, PlanKey, Revision};
use crate::domain::scope::Scope;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = caplan_revisions, check_for_backend(Pg))]
struct RevisionRow {
    id: Uuid,
    site: String,
    program: String,
    role: String,
    effective_from: NaiveDate,
    headcount: i32,
    note: Option<String>,
    set_by: Uuid,
    set_by_role: String,
    set_at: DateTime<Utc>,
}

impl TryFrom<RevisionRow> for Revision {
    type Error = anyhow::Error;

    fn try_from(row: RevisionRow) -> anyhow::Result<Self> {
        Ok(Revision {
            id: row.id,
            key: PlanKey {
                site: decode("caplan_revisions.site", &row.site)?,
                program: decode("caplan_revisions.program", &row.program)?,
                role: decode("caplan_revisions.role", &row.role)?,
            },
            effective_from: row.effective_from,
            headcount: u32::try_from(row.headcount)?,
            note: row.note,
            set_by: row.set_by,
            set_by_role: decode("caplan_revisions.set_by_role", &row.set_by_role)?,
            set_at: row.set_at,
        })
    }
}

type Condition = Box<dyn BoxableExpression<caplan_revisions::table, Pg, SqlType = Nullable<Bool>>>;

/// The plans `scope` sees: all, or one site's.
fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(caplan_revisions::site.eq(site.as_str()).nullable()),
        Scope::LedTeams { .. } | Scope::Own(_) | Scope::Nothing => {
            Box::new(sql::<Bool>("FALSE").nullable())
        }
    }
}

/// Inserts a revision.
pub async fn insert(conn: &mut AsyncPgConnection, revision: &Revision) -> crate::Result<Revision> {
    let row: RevisionRow = diesel::insert_into(caplan_revisions::table)
        .values((
            caplan_revisions::id.eq(revision.id),
            caplan_revisions::site.eq(revision.key.site.as_str()),
            caplan_revisions::program.eq(revision.key.program.as_str()),
            caplan_revisions::role.eq(revision.key.role.as_str()),
            caplan_revisions::effective_from.eq(revision.effective_from),
            caplan_revisions::headcount
                .eq(i32::try_from(revision.headcount).map_err(anyhow::Error::from)?),
            caplan_revisions::note.eq(revision.note.as_deref()),
            caplan_revisions::set_by.eq(revision.set_by),
            caplan_revisions::set_by_role.eq(revision.set_by_role.as_str()),
            caplan_revisions::set_at.eq(revision.set_at),
        ))
        .returning(RevisionRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The revisions `scope` sees, of one site, program or role when given, oldest first.
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    site: Option<tam_kernel::Site>,
    program: Option<tam_kernel::Program>,
    role: Option<tam_kernel::Role>,
) -> crate::Result<Vec<Revision>> {
    let mut query = caplan_revisions::table
        .filter(in_scope(scope))
        .select(RevisionRow::as_select())
        .into_boxed();
    if let Some(site) = site {
        query = query.filter(caplan_revisions::site.eq(site.as_str()));
    }
    if let Some(program) = program {
        query = query.filter(caplan_revisions::program.eq(program.as_str()));
    }
    if let Some(role) = role {
        query = query.filter(caplan_revisions::role.eq(role.as_str()));
    }
    let rows: Vec<RevisionRow> = query
        .order((caplan_revisions::set_at.asc(), caplan_revisions::id.asc()))
        .limit(5000)
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(Revision::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// Every revision of one key, oldest first.
pub async fn of_key(conn: &mut AsyncPgConnection, key: PlanKey) -> crate::Result<Vec<Revision>> {
    list(
        conn,
        Scope::All,
        Some(key.site),
        Some(key.program),
        Some(key.role),
    )
    .await
}

/// The target of `key` in `day`'s month (`None`: no plan).
pub async fn target_on(
    conn: &mut AsyncPgConnection,
    key: PlanKey,
    day: NaiveDate,
) -> crate::Result<Option<u32>> {
    let revisions = of_key(conn, key).await?;
    Ok(caplan::target_of(&revisions, caplan::month_of(day)))
}

/// Every key with a revision.
pub async fn keys(conn: &mut AsyncPgConnection) -> crate::Result<Vec<PlanKey>> {
    let rows: Vec<(String, String, String)> = caplan_revisions::table
        .select((
            caplan_revisions::site,
            caplan_revisions::program,
            caplan_revisions::role,
        ))
        .distinct()
        .load(conn)
        .await?;
    let mut keys = rows
        .into_iter()
        .map(|(site, program, role)| {
            Ok(PlanKey {
                site: decode("caplan_revisions.site", &site)?,
                program: decode("caplan_revisions.program", &program)?,
                role: decode("caplan_revisions.role", &role)?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    keys.sort();
    Ok(keys)
}

/// The first month any revision applies to.
pub async fn first_month(conn: &mut AsyncPgConnection) -> crate::Result<Option<NaiveDate>> {
    Ok(caplan_revisions::table
        .select(diesel::dsl::min(caplan_revisions::effective_from))
        .get_result(conn)
        .await?)
}
