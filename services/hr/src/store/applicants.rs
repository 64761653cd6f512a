//! Applicant rows, their experience, test results and stage history. Reads take the
//! caller's [`Scope`] and filter by it in SQL: all-site roles see every applicant, a
//! site's supervisor those applying to their site's requisitions.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::decode;
use super::schema::{
    applicant_experiences, applicant_stage_history, applicant_tests, applicants, requisitions,
};
use crate::domain::applicant::{Applicant, Experience, NewApplicant, TestResult};
use crate::domain::applicant_stage::Stage;
use crate::domain::scope::Scope;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = applicants, check_for_backend(Pg))]
struct ApplicantRow {
    id: Uuid,
    nik: String,
    full_name: String,
    birth_date: NaiveDate,
    phone: String,
    email: Option<String>,
    education_level: String,
    education_field: String,
    employee_id: Option<Uuid>,
    requisition_id: Uuid,
    stage: String,
    stage_since: DateTime<Utc>,
    hired_employee_id: Option<Uuid>,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = applicant_experiences, check_for_backend(Pg))]
struct ExperienceRow {
    role: String,
    employer: String,
    months: i32,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = applicant_tests, check_for_backend(Pg))]
struct TestRow {
    kind: String,
    passed: bool,
    score: Option<i32>,
    taken_on: NaiveDate,
}

/// One stage an applicant was in.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct StageEntry {
    pub stage: String,
    pub entered_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
    pub moved_by: Uuid,
}

type Condition = Box<dyn BoxableExpression<applicants::table, Pg, SqlType = Nullable<Bool>>>;

/// The applicants `scope` sees.
fn in_scope(scope: Scope) -> Condition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(
            applicants::requisition_id
                .eq_any(
                    requisitions::table
                        .filter(requisitions::site.eq(site.as_str()))
                        .select(requisitions::id),
                )
                .nullable(),
        ),
        Scope::LedTeams { .. } | Scope::Own(_) | Scope::Nothing => {
            Box::new(sql::<Bool>("FALSE").nullable())
        }
    }
}

async fn complete(conn: &mut AsyncPgConnection, row: ApplicantRow) -> crate::Result<Applicant> {
    let experiences: Vec<ExperienceRow> = applicant_experiences::table
        .filter(applicant_experiences::applicant_id.eq(row.id))
        .order(applicant_experiences::position.asc())
        .select(ExperienceRow::as_select())
        .load(conn)
        .await?;
    let tests: Vec<TestRow> = applicant_tests::table
        .filter(applicant_tests::applicant_id.eq(row.id))
        .order(applicant_tests::kind.asc())
        .select(TestRow::as_select())
        .load(conn)
        .await?;
    let decoded = (|| -> anyhow::Result<Applicant> {
        Ok(Applicant {
            id: row.id,
            education_level: decode("applicants.education_level", &row.education_level)?,
            stage: decode("applicants.stage", &row.stage)?,
            experiences: experiences
                .into_iter()
                .map(|e| {
                    Ok(Experience {
                        role: decode("applicant_experiences.role", &e.role)?,
                        employer: e.employer,
                        months: u32::try_from(e.months)?,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            tests: tests
                .into_iter()
                .map(|t| {
                    Ok(TestResult {
                        kind: decode("applicant_tests.kind", &t.kind)?,
                        passed: t.passed,
                        score: t.score.map(u8::try_from).transpose()?,
                        taken_on: t.taken_on,
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            nik: row.nik,
            full_name: row.full_name,
            birth_date: row.birth_date,
            phone: row.phone,
            email: row.email,
            education_field: row.education_field,
            employee_id: row.employee_id,
            requisition_id: row.requisition_id,
            stage_since: row.stage_since,
            hired_employee_id: row.hired_employee_id,
            created_at: row.created_at,
        })
    })()?;
    Ok(decoded)
}

/// Inserts an applicant at `applied` (and the first entry of their stage history).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    new: &NewApplicant,
    by: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<Applicant> {
    let row: ApplicantRow = diesel::insert_into(applicants::table)
        .values((
            applicants::id.eq(id),
            applicants::nik.eq(new.nik.as_str()),
            applicants::full_name.eq(new.full_name.as_str()),
            applicants::birth_date.eq(new.birth_date),
            applicants::phone.eq(&new.phone),
            applicants::email.eq(new.email.as_deref()),
            applicants::education_level.eq(new.education_level.as_str()),
            applicants::education_field.eq(&new.education_field),
            applicants::employee_id.eq(new.employee_id),
            applicants::requisition_id.eq(new.requisition_id),
            applicants::stage.eq(Stage::Applied.as_str()),
            applicants::stage_since.eq(now),
            applicants::created_by.eq(by),
        ))
        .returning(ApplicantRow::as_returning())
        .get_result(conn)
        .await?;
    for (position, e) in new.experiences.iter().enumerate() {
        diesel::insert_into(applicant_experiences::table)
            .values((
                applicant_experiences::applicant_id.eq(id),
                applicant_experiences::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                applicant_experiences::role.eq(e.role.as_str()),
                applicant_experiences::employer.eq(&e.employer),
                applicant_experiences::months.eq(i32::try_from(e.months).unwrap_or(i32::MAX)),
            ))
            .execute(conn)
            .await?;
    }
    diesel::insert_into(applicant_stage_history::table)
        .values((
            applicant_stage_history::id.eq(tam_kernel::new_id()),
            applicant_stage_history::applicant_id.eq(id),
            applicant_stage_history::stage.eq(Stage::Applied.as_str()),
            applicant_stage_history::entered_at.eq(now),
            applicant_stage_history::moved_by.eq(by),
        ))
        .execute(conn)
        .await?;
    complete(conn, row).await
}

/// The applicant `id` if `scope` sees them.
pub async fn find(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<Applicant>> {
    let row: Option<ApplicantRow> = applicants::table
        .filter(applicants::id.eq(id))
        .filter(in_scope(scope))
        .select(ApplicantRow::as_select())
        .first(conn)
        .await
        .optional()?;
    match row {
        Some(row) => Ok(Some(complete(conn, row).await?)),
        None => Ok(None),
    }
}

/// Like [`find`], locking the applicant until the transaction ends.
pub async fn find_for_update(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<Applicant>> {
    let row: Option<ApplicantRow> = applicants::table
        .filter(applicants::id.eq(id))
        .filter(in_scope(scope))
        .select(ApplicantRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    match row {
        Some(row) => Ok(Some(complete(conn, row).await?)),
        None => Ok(None),
    }
}

/// Records a test result; a retake replaces the earlier result of the kind.
pub async fn record_test(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    result: &TestResult,
    by: Uuid,
) -> crate::Result<()> {
    let score = result.score.map(i32::from);
    diesel::insert_into(applicant_tests::table)
        .values((
            applicant_tests::applicant_id.eq(id),
            applicant_tests::kind.eq(result.kind.as_str()),
            applicant_tests::passed.eq(result.passed),
            applicant_tests::score.eq(score),
            applicant_tests::taken_on.eq(result.taken_on),
            applicant_tests::recorded_by.eq(by),
        ))
        .on_conflict((applicant_tests::applicant_id, applicant_tests::kind))
        .do_update()
        .set((
            applicant_tests::passed.eq(result.passed),
            applicant_tests::score.eq(score),
            applicant_tests::taken_on.eq(result.taken_on),
            applicant_tests::recorded_by.eq(by),
            applicant_tests::recorded_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves the applicant (locked by the caller) to `to`: closes the open stage, opens
/// the new one, and sets the employee hiring made (for `hired`).
pub async fn move_stage(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    to: Stage,
    reason: Option<&str>,
    hired_employee_id: Option<Uuid>,
    by: Uuid,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    diesel::update(
        applicant_stage_history::table
            .filter(applicant_stage_history::applicant_id.eq(id))
            .filter(applicant_stage_history::left_at.is_null()),
    )
    .set(applicant_stage_history::left_at.eq(now))
    .execute(conn)
    .await?;
    diesel::insert_into(applicant_stage_history::table)
        .values((
            applicant_stage_history::id.eq(tam_kernel::new_id()),
            applicant_stage_history::applicant_id.eq(id),
            applicant_stage_history::stage.eq(to.as_str()),
            applicant_stage_history::entered_at.eq(now),
            applicant_stage_history::reason.eq(reason),
            applicant_stage_history::moved_by.eq(by),
        ))
        .execute(conn)
        .await?;
    diesel::update(applicants::table.find(id))
        .set((
            applicants::stage.eq(to.as_str()),
            applicants::stage_since.eq(now),
            applicants::hired_employee_id.eq(hired_employee_id),
            applicants::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The applicant's stages, oldest first.
pub async fn history(conn: &mut AsyncPgConnection, id: Uuid) -> crate::Result<Vec<StageEntry>> {
    Ok(applicant_stage_history::table
        .filter(applicant_stage_history::applicant_id.eq(id))
        .order(applicant_stage_history::entered_at.asc())
        .select((
            applicant_stage_history::stage,
            applicant_stage_history::entered_at,
            applicant_stage_history::left_at,
            applicant_stage_history::reason,
            applicant_stage_history::moved_by,
        ))
        .load(conn)
        .await?)
}

/// The filters of the applicant list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplicantFilter {
    pub requisition_id: Option<Uuid>,
    pub stage: Option<Stage>,
}

/// A page of the applicants `scope` sees, oldest first (keyset on created_at, id).
pub async fn list(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    filter: ApplicantFilter,
    after: Option<tam_kernel::Cursor>,
    limit: tam_kernel::Limit,
) -> crate::Result<Vec<Applicant>> {
    let mut query = applicants::table
        .filter(in_scope(scope))
        .select(ApplicantRow::as_select())
        .into_boxed();
    if let Some(requisition_id) = filter.requisition_id {
        query = query.filter(applicants::requisition_id.eq(requisition_id));
    }
    if let Some(stage) = filter.stage {
        query = query.filter(applicants::stage.eq(stage.as_str()));
    }
    if let Some(cursor) = after {
        query = query.filter(
            applicants::created_at
                .gt(cursor.at)
                .or(applicants::created_at
                    .eq(cursor.at)
                    .and(applicants::id.gt(cursor.id))),
        );
    }
    let rows: Vec<ApplicantRow> = query
        .order((applicants::created_at.asc(), applicants::id.asc()))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(complete(conn, row).await?);
    }
    Ok(out)
}
