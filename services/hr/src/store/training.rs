//! Training classes, their sessions, enrollments and attendance. Every read of a list
//! takes the caller's [`TrainingScope`] and filters by it in SQL.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use diesel::dsl::{exists, sql};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::{Cursor, Limit, Program, Site};
use uuid::Uuid;

use super::decode;
use super::schema::{
    employees, training_attendance, training_classes, training_enrollments, training_sessions,
};
use crate::domain::training::{
    Class, ClassKind, Enrollment, NewClass, Session, StoredSession, TrainingScope,
};

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = training_classes, check_for_backend(Pg))]
struct ClassRow {
    id: Uuid,
    kind: String,
    program: String,
    site: String,
    title: String,
    trainer_id: Uuid,
    pass_mark: Option<i16>,
    created_at: DateTime<Utc>,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = training_sessions, check_for_backend(Pg))]
struct SessionRow {
    id: Uuid,
    class_id: Uuid,
    session_date: NaiveDate,
    starts_at: NaiveTime,
    ends_at: NaiveTime,
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = training_enrollments, check_for_backend(Pg))]
struct EnrollmentRow {
    class_id: Uuid,
    employee_id: Uuid,
    enrolled_at: DateTime<Utc>,
    score: Option<i16>,
    passed: Option<bool>,
    scored_at: Option<DateTime<Utc>>,
}

fn small(column: &str, value: Option<i16>) -> anyhow::Result<Option<u8>> {
    value
        .map(|v| u8::try_from(v).map_err(|_| anyhow::anyhow!("{column} holds {v}")))
        .transpose()
}

fn to_class(row: ClassRow, sessions: Vec<StoredSession>) -> anyhow::Result<Class> {
    Ok(Class {
        id: row.id,
        kind: decode("training_classes.kind", &row.kind)?,
        program: decode("training_classes.program", &row.program)?,
        site: decode("training_classes.site", &row.site)?,
        title: row.title,
        trainer_id: row.trainer_id,
        pass_mark: small("training_classes.pass_mark", row.pass_mark)?,
        sessions,
        created_at: row.created_at,
    })
}

impl TryFrom<EnrollmentRow> for Enrollment {
    type Error = anyhow::Error;

    fn try_from(row: EnrollmentRow) -> anyhow::Result<Self> {
        Ok(Enrollment {
            class_id: row.class_id,
            employee_id: row.employee_id,
            enrolled_at: row.enrolled_at,
            score: small("training_enrollments.score", row.score)?,
            passed: row.passed,
            scored_at: row.scored_at,
        })
    }
}

type Condition = Box<dyn BoxableExpression<training_classes::table, Pg, SqlType = Nullable<Bool>>>;

/// The classes `scope` sees: all, a site's, or those the employee is enrolled in.
fn in_scope(scope: TrainingScope) -> Condition {
    match scope {
        TrainingScope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        TrainingScope::Site(site) => Box::new(training_classes::site.eq(site.as_str()).nullable()),
        TrainingScope::Own(id) => Box::new(
            training_classes::id.nullable().eq_any(
                training_enrollments::table
                    .filter(training_enrollments::employee_id.eq(id))
                    .select(training_enrollments::class_id.nullable()),
            ),
        ),
        TrainingScope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Locks the trainer's employee row, so that two classes of one trainer are checked
/// for overlapping sessions one after the other.
pub async fn lock_trainer(conn: &mut AsyncPgConnection, trainer_id: Uuid) -> crate::Result<()> {
    employees::table
        .filter(employees::id.eq(trainer_id))
        .select(employees::id)
        .for_update()
        .first::<Uuid>(conn)
        .await
        .optional()?;
    Ok(())
}

/// The trainer's stored sessions on the given dates, with their class ids.
pub async fn trainer_sessions_on(
    conn: &mut AsyncPgConnection,
    trainer_id: Uuid,
    dates: &[NaiveDate],
) -> crate::Result<Vec<(Uuid, Session)>> {
    let rows: Vec<SessionRow> = training_sessions::table
        .filter(training_sessions::trainer_id.eq(trainer_id))
        .filter(training_sessions::session_date.eq_any(dates))
        .select(SessionRow::as_select())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.class_id,
                Session {
                    date: r.session_date,
                    start: r.starts_at,
                    end: r.ends_at,
                },
            )
        })
        .collect())
}

/// Inserts a class and its sessions.
pub async fn insert_class(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    new: &NewClass,
    created_by: Uuid,
) -> crate::Result<Class> {
    let row: ClassRow = diesel::insert_into(training_classes::table)
        .values((
            training_classes::id.eq(id),
            training_classes::kind.eq(new.kind.as_str()),
            training_classes::program.eq(new.program.as_str()),
            training_classes::site.eq(new.site.as_str()),
            training_classes::title.eq(new.title.as_str()),
            training_classes::trainer_id.eq(new.trainer_id),
            training_classes::pass_mark.eq(new.pass_mark.map(i16::from)),
            training_classes::created_by.eq(created_by),
        ))
        .returning(ClassRow::as_returning())
        .get_result(conn)
        .await?;
    let mut sessions = Vec::with_capacity(new.sessions.len());
    for (position, session) in new.sessions.iter().enumerate() {
        let session_id = tam_kernel::new_id();
        diesel::insert_into(training_sessions::table)
            .values((
                training_sessions::id.eq(session_id),
                training_sessions::class_id.eq(id),
                training_sessions::trainer_id.eq(new.trainer_id),
                training_sessions::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                training_sessions::session_date.eq(session.date),
                training_sessions::starts_at.eq(session.start),
                training_sessions::ends_at.eq(session.end),
            ))
            .execute(conn)
            .await?;
        sessions.push(StoredSession {
            id: session_id,
            date: session.date,
            start: session.start,
            end: session.end,
        });
    }
    Ok(to_class(row, sessions)?)
}

async fn sessions_of(
    conn: &mut AsyncPgConnection,
    class_ids: &[Uuid],
) -> crate::Result<Vec<SessionRow>> {
    Ok(training_sessions::table
        .filter(training_sessions::class_id.eq_any(class_ids))
        .order((
            training_sessions::class_id.asc(),
            training_sessions::position.asc(),
        ))
        .select(SessionRow::as_select())
        .load(conn)
        .await?)
}

async fn with_sessions(
    conn: &mut AsyncPgConnection,
    rows: Vec<ClassRow>,
) -> crate::Result<Vec<Class>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let sessions = sessions_of(conn, &ids).await?;
    let mut classes = Vec::with_capacity(rows.len());
    for row in rows {
        let own = sessions
            .iter()
            .filter(|s| s.class_id == row.id)
            .map(|s| StoredSession {
                id: s.id,
                date: s.session_date,
                start: s.starts_at,
                end: s.ends_at,
            })
            .collect();
        classes.push(to_class(row, own)?);
    }
    Ok(classes)
}

/// The class `id` if `scope` sees it.
pub async fn find_class(
    conn: &mut AsyncPgConnection,
    scope: TrainingScope,
    id: Uuid,
) -> crate::Result<Option<Class>> {
    let rows: Vec<ClassRow> = training_classes::table
        .filter(training_classes::id.eq(id))
        .filter(in_scope(scope))
        .select(ClassRow::as_select())
        .load(conn)
        .await?;
    Ok(with_sessions(conn, rows).await?.pop())
}

/// The filters of the class list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassFilter {
    pub site: Option<Site>,
    pub program: Option<Program>,
    pub kind: Option<ClassKind>,
    pub trainer_id: Option<Uuid>,
}

/// One page of the classes `scope` sees, in (created_at, id) order after `after`.
pub async fn list_classes(
    conn: &mut AsyncPgConnection,
    scope: TrainingScope,
    filter: ClassFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> crate::Result<Vec<Class>> {
    let mut query = training_classes::table
        .filter(in_scope(scope))
        .select(ClassRow::as_select())
        .into_boxed();
    if let Some(site) = filter.site {
        query = query.filter(training_classes::site.eq(site.as_str()));
    }
    if let Some(program) = filter.program {
        query = query.filter(training_classes::program.eq(program.as_str()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(training_classes::kind.eq(kind.as_str()));
    }
    if let Some(trainer) = filter.trainer_id {
        query = query.filter(training_classes::trainer_id.eq(trainer));
    }
    if let Some(cursor) = after {
        query = query.filter(
            training_classes::created_at
                .gt(cursor.at)
                .or(training_classes::created_at
                    .eq(cursor.at)
                    .and(training_classes::id.gt(cursor.id))),
        );
    }
    let rows: Vec<ClassRow> = query
        .order((
            training_classes::created_at.asc(),
            training_classes::id.asc(),
        ))
        .limit(limit.fetch())
        .load(conn)
        .await?;
    with_sessions(conn, rows).await
}

/// The enrollments of a class, in enrollment order.
pub async fn enrollments(
    conn: &mut AsyncPgConnection,
    class_id: Uuid,
) -> crate::Result<Vec<Enrollment>> {
    let rows: Vec<EnrollmentRow> = training_enrollments::table
        .filter(training_enrollments::class_id.eq(class_id))
        .order((
            training_enrollments::enrolled_at.asc(),
            training_enrollments::employee_id.asc(),
        ))
        .select(EnrollmentRow::as_select())
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(Enrollment::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// The enrollment of `employee_id` in `class_id`, locked for the rest of the
/// transaction.
pub async fn find_enrollment(
    conn: &mut AsyncPgConnection,
    class_id: Uuid,
    employee_id: Uuid,
) -> crate::Result<Option<Enrollment>> {
    let row: Option<EnrollmentRow> = training_enrollments::table
        .filter(training_enrollments::class_id.eq(class_id))
        .filter(training_enrollments::employee_id.eq(employee_id))
        .select(EnrollmentRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(Enrollment::try_from).transpose()?)
}

/// Enrolls `employee_id` in `class_id`. Enrolling twice is
/// `training_enrollments_pkey` (409).
pub async fn insert_enrollment(
    conn: &mut AsyncPgConnection,
    class_id: Uuid,
    employee_id: Uuid,
    enrolled_by: Uuid,
) -> crate::Result<Enrollment> {
    let row: EnrollmentRow = diesel::insert_into(training_enrollments::table)
        .values((
            training_enrollments::class_id.eq(class_id),
            training_enrollments::employee_id.eq(employee_id),
            training_enrollments::enrolled_by.eq(Some(enrolled_by)),
        ))
        .returning(EnrollmentRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// Records the final score of an enrollment.
pub async fn set_score(
    conn: &mut AsyncPgConnection,
    class_id: Uuid,
    employee_id: Uuid,
    score: u8,
    passed: bool,
    by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<Enrollment> {
    let row: EnrollmentRow = diesel::update(
        training_enrollments::table
            .filter(training_enrollments::class_id.eq(class_id))
            .filter(training_enrollments::employee_id.eq(employee_id)),
    )
    .set((
        training_enrollments::score.eq(Some(i16::from(score))),
        training_enrollments::passed.eq(Some(passed)),
        training_enrollments::scored_at.eq(Some(at)),
        training_enrollments::scored_by.eq(Some(by)),
    ))
    .returning(EnrollmentRow::as_returning())
    .get_result(conn)
    .await?;
    Ok(row.try_into()?)
}

/// Records (or replaces) whether `employee_id` attended `session_id`.
pub async fn record_attendance(
    conn: &mut AsyncPgConnection,
    class_id: Uuid,
    session_id: Uuid,
    employee_id: Uuid,
    present: bool,
    by: Uuid,
) -> crate::Result<()> {
    diesel::insert_into(training_attendance::table)
        .values((
            training_attendance::session_id.eq(session_id),
            training_attendance::employee_id.eq(employee_id),
            training_attendance::class_id.eq(class_id),
            training_attendance::present.eq(present),
            training_attendance::recorded_by.eq(by),
        ))
        .on_conflict((
            training_attendance::session_id,
            training_attendance::employee_id,
        ))
        .do_update()
        .set((
            training_attendance::present.eq(present),
            training_attendance::recorded_by.eq(by),
            training_attendance::recorded_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// The attendance recorded in a class: (session, employee, present).
pub async fn attendance(
    conn: &mut AsyncPgConnection,
    class_id: Uuid,
) -> crate::Result<Vec<(Uuid, Uuid, bool)>> {
    Ok(training_attendance::table
        .filter(training_attendance::class_id.eq(class_id))
        .select((
            training_attendance::session_id,
            training_attendance::employee_id,
            training_attendance::present,
        ))
        .load(conn)
        .await?)
}

/// How many sessions of `class_id` `employee_id` is recorded absent from.
pub async fn absences(
    conn: &mut AsyncPgConnection,
    class_id: Uuid,
    employee_id: Uuid,
) -> crate::Result<usize> {
    let n: i64 = training_attendance::table
        .filter(training_attendance::class_id.eq(class_id))
        .filter(training_attendance::employee_id.eq(employee_id))
        .filter(training_attendance::present.eq(false))
        .count()
        .get_result(conn)
        .await?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Enrolls `employee_id` in the next initial class of `program` at `site` whose first
/// session is on or after `on_or_after` (the earliest such class; ties by creation).
/// Returns the class, or `None` when no such class is scheduled. Called by hiring inside
/// its transaction; an employee already enrolled in that class stays enrolled once.
pub async fn enroll_in_next_initial_class(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    site: Site,
    program: Program,
    on_or_after: NaiveDate,
) -> crate::Result<Option<Uuid>> {
    // A class starts on its first session's date.
    let starts = training_sessions::table
        .filter(training_sessions::class_id.eq(training_classes::id))
        .select(diesel::dsl::min(training_sessions::session_date))
        .single_value();
    let class: Option<Uuid> = training_classes::table
        .filter(training_classes::kind.eq(ClassKind::Initial.as_str()))
        .filter(training_classes::site.eq(site.as_str()))
        .filter(training_classes::program.eq(program.as_str()))
        .filter(starts.ge(on_or_after))
        .order((starts.asc(), training_classes::created_at.asc()))
        .select(training_classes::id)
        .first(conn)
        .await
        .optional()?;
    let Some(class_id) = class else {
        return Ok(None);
    };
    diesel::insert_into(training_enrollments::table)
        .values((
            training_enrollments::class_id.eq(class_id),
            training_enrollments::employee_id.eq(employee_id),
            training_enrollments::enrolled_by.eq(None::<Uuid>),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(Some(class_id))
}

/// Whether `employee_id` is enrolled in `class_id`.
pub async fn is_enrolled(
    conn: &mut AsyncPgConnection,
    class_id: Uuid,
    employee_id: Uuid,
) -> crate::Result<bool> {
    Ok(diesel::select(exists(
        training_enrollments::table
            .filter(training_enrollments::class_id.eq(class_id))
            .filter(training_enrollments::employee_id.eq(employee_id)),
    ))
    .get_result(conn)
    .await?)
}
