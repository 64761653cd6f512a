//! Certification rows. Lists take the caller's [`TrainingScope`] and filter by it in
//! SQL (a site's certifications are those of the site's employees).

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::{exists, not, sql};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Program;
use uuid::Uuid;

use super::decode;
use super::schema::{certifications, employees};
use crate::domain::training::{Certification, CertificationSource, TrainingScope};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = certifications, check_for_backend(Pg))]
struct CertificationRow {
    id: Uuid,
    employee_id: Uuid,
    program: String,
    valid_from: NaiveDate,
    valid_until: NaiveDate,
    source: String,
    class_id: Option<Uuid>,
    reason: Option<String>,
    revoked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl TryFrom<CertificationRow> for Certification {
    type Error = anyhow::Error;

    fn try_from(row: CertificationRow) -> anyhow::Result<Self> {
        Ok(Certification {
            id: row.id,
            employee_id: row.employee_id,
            program: decode("certifications.program", &row.program)?,
            valid_from: row.valid_from,
            valid_until: row.valid_until,
            source: decode("certifications.source", &row.source)?,
            class_id: row.class_id,
            reason: row.reason,
            revoked_at: row.revoked_at,
            created_at: row.created_at,
        })
    }
}

fn to_certifications(rows: Vec<CertificationRow>) -> crate::Result<Vec<Certification>> {
    Ok(rows
        .into_iter()
        .map(Certification::try_from)
        .collect::<anyhow::Result<_>>()?)
}

type Condition = Box<dyn BoxableExpression<certifications::table, Pg, SqlType = Nullable<Bool>>>;

/// The certifications `scope` sees: all, those of a site's employees, or one's own.
fn in_scope(scope: TrainingScope) -> Condition {
    match scope {
        TrainingScope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        TrainingScope::Site(site) => Box::new(
            certifications::employee_id.nullable().eq_any(
                employees::table
                    .filter(employees::site.eq(site.as_str()))
                    .select(employees::id.nullable()),
            ),
        ),
        TrainingScope::Own(id) => Box::new(certifications::employee_id.eq(id).nullable()),
        TrainingScope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// A certification to insert.
#[derive(Debug, Clone)]
pub struct NewCertification<'a> {
    pub id: Uuid,
    pub employee_id: Uuid,
    pub program: Program,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub source: CertificationSource,
    pub class_id: Option<Uuid>,
    pub reason: Option<&'a str>,
    pub recorded_by: Uuid,
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    new: &NewCertification<'_>,
) -> crate::Result<Certification> {
    let row: CertificationRow = diesel::insert_into(certifications::table)
        .values((
            certifications::id.eq(new.id),
            certifications::employee_id.eq(new.employee_id),
            certifications::program.eq(new.program.as_str()),
            certifications::valid_from.eq(new.valid_from),
            certifications::valid_until.eq(new.valid_until),
            certifications::source.eq(new.source.as_str()),
            certifications::class_id.eq(new.class_id),
            certifications::reason.eq(new.reason),
            certifications::recorded_by.eq(new.recorded_by),
        ))
        .returning(CertificationRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The certification `id` if `scope` sees it, locked for the rest of the transaction.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    scope: TrainingScope,
    id: Uuid,
) -> crate::Result<Option<Certification>> {
    let row: Option<CertificationRow> = certifications::table
        .filter(certifications::id.eq(id))
        .filter(in_scope(scope))
        .select(CertificationRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Certification::try_from).transpose()?)
}

/// Marks a certification revoked.
pub async fn revoke(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<Certification> {
    let row: CertificationRow =
        diesel::update(certifications::table.filter(certifications::id.eq(id)))
            .set((
                certifications::revoked_at.eq(Some(at)),
                certifications::expiry_handled_at.eq(Some(at)),
            ))
            .returning(CertificationRow::as_returning())
            .get_result(conn)
            .await?;
    Ok(row.try_into()?)
}

/// The filters of the certification list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CertificationFilter {
    pub employee_id: Option<Uuid>,
    pub program: Option<Program>,
    /// Only those valid on this day.
    pub valid_on: Option<NaiveDate>,
}

/// The certifications `scope` sees, newest first (at most `limit`).
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: TrainingScope,
    filter: CertificationFilter,
    limit: i64,
) -> crate::Result<Vec<Certification>> {
    let mut query = certifications::table
        .filter(in_scope(scope))
        .select(CertificationRow::as_select())
        .into_boxed();
    if let Some(employee) = filter.employee_id {
        query = query.filter(certifications::employee_id.eq(employee));
    }
    if let Some(program) = filter.program {
        query = query.filter(certifications::program.eq(program.as_str()));
    }
    if let Some(day) = filter.valid_on {
        query = query
            .filter(certifications::valid_from.le(day))
            .filter(certifications::valid_until.ge(day))
            .filter(certifications::revoked_at.is_null());
    }
    let rows: Vec<CertificationRow> = query
        .order((
            certifications::valid_until.desc(),
            certifications::created_at.desc(),
            certifications::id.desc(),
        ))
        .limit(limit)
        .load(conn)
        .await?;
    to_certifications(rows)
}

/// The certifications `scope` sees that end between `from` and `until` (inclusive),
/// not revoked, whose holder has no other unrevoked certification of the program
/// lasting beyond them (not renewed yet); soonest first.
pub async fn expiring(
    conn: &mut AsyncPgConnection,
    scope: TrainingScope,
    from: NaiveDate,
    until: NaiveDate,
) -> crate::Result<Vec<Certification>> {
    let later = diesel::alias!(certifications as later);
    let rows: Vec<CertificationRow> = certifications::table
        .filter(in_scope(scope))
        .filter(certifications::valid_until.ge(from))
        .filter(certifications::valid_until.le(until))
        .filter(certifications::revoked_at.is_null())
        .filter(not(exists(
            later
                .filter(
                    later
                        .field(certifications::employee_id)
                        .eq(certifications::employee_id),
                )
                .filter(
                    later
                        .field(certifications::program)
                        .eq(certifications::program),
                )
                .filter(later.field(certifications::revoked_at).is_null())
                .filter(
                    later
                        .field(certifications::valid_until)
                        .gt(certifications::valid_until),
                ),
        )))
        .order((certifications::valid_until.asc(), certifications::id.asc()))
        .select(CertificationRow::as_select())
        .load(conn)
        .await?;
    to_certifications(rows)
}

/// Up to `limit` certifications whose last day is before `today` and whose expiry is
/// not handled yet, oldest first, locked (skipping rows another sweep holds). Each
/// comes with whether its holder has another unrevoked certification of the program
/// valid on `today` (then the expiry needs no event).
pub async fn due_expiries(
    conn: &mut AsyncPgConnection,
    today: NaiveDate,
    limit: i64,
) -> crate::Result<Vec<(Certification, bool)>> {
    let rows: Vec<CertificationRow> = certifications::table
        .filter(certifications::expiry_handled_at.is_null())
        .filter(certifications::revoked_at.is_null())
        .filter(certifications::valid_until.lt(today))
        .order((certifications::valid_until.asc(), certifications::id.asc()))
        .select(CertificationRow::as_select())
        .limit(limit)
        .for_update()
        .skip_locked()
        .load(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for cert in to_certifications(rows)? {
        let covered: bool = diesel::select(exists(
            certifications::table
                .filter(certifications::employee_id.eq(cert.employee_id))
                .filter(certifications::program.eq(cert.program.as_str()))
                .filter(certifications::revoked_at.is_null())
                .filter(certifications::valid_from.le(today))
                .filter(certifications::valid_until.ge(today)),
        ))
        .get_result(conn)
        .await?;
        out.push((cert, covered));
    }
    Ok(out)
}

/// Marks a certification's expiry handled.
pub async fn mark_expiry_handled(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(certifications::table.filter(certifications::id.eq(id)))
        .set(certifications::expiry_handled_at.eq(Some(at)))
        .execute(conn)
        .await?;
    Ok(())
}
