//! Training classes: a trainer makes a class at their site, enrolls employees, records
//! attendance per session and the final scores. Passing an initial or refreshment
//! class certifies the employee for the program ([`super::certification`]), in the
//! same transaction.

use chrono::NaiveDate;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{wib_date, Cursor, Limit, Page, Role};
use uuid::Uuid;

use super::{certification, Hr, Request};
use crate::domain::employee::{Employee, EmployeeStatus};
use crate::domain::scope::Scope;
use crate::domain::training::{
    self, overlap_rejection, own_overlap, Certification, Class, Enrollment, NewClass, TrainingScope,
};
use crate::domain::{rules, Rejection};
use crate::error::{Error, Result};
use crate::store::training::ClassFilter;
use crate::store::{employees, training as store};

/// The training scope of the caller.
pub fn scope(request: &Request) -> TrainingScope {
    let actor = &request.actor;
    TrainingScope::of(actor.role, actor.site, actor.id)
}

/// Whether the caller runs classes at the class's site: an admin anywhere, a trainer at
/// their own site.
fn check_runs(request: &Request, site: tam_kernel::Site) -> Result<()> {
    let actor = &request.actor;
    match actor.role {
        Role::Admin => Ok(()),
        Role::Trainer if actor.site == Some(site) => Ok(()),
        _ => Err(Rejection::Forbidden(format!(
            "only a trainer of site {site} (or an admin) runs its classes"
        ))
        .into()),
    }
}

/// A class with its enrollments and attendance: (session, employee, present).
#[derive(Debug, Clone)]
pub struct ClassDetail {
    pub class: Class,
    pub enrollments: Vec<Enrollment>,
    pub attendance: Vec<(Uuid, Uuid, bool)>,
}

/// Makes a class at a site the caller runs, with an active trainer of that site, whose
/// sessions overlap neither each other nor another session of the same trainer.
pub async fn create(hr: &Hr, request: &Request, mut new: NewClass) -> Result<Class> {
    check_runs(request, new.site)?;
    new.sessions.sort_by_key(|s| (s.date, s.start));
    if let Some((_, j)) = own_overlap(&new.sessions) {
        return Err(overlap_rejection(j, "another session of this class").into());
    }
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            store::lock_trainer(conn, new.trainer_id).await?;
            let trainer = employees::find(conn, Scope::All, new.trainer_id).await?;
            match trainer {
                Some(t)
                    if t.role == Role::Trainer
                        && t.site == Some(new.site)
                        && t.status == EmployeeStatus::Active => {}
                _ => {
                    return Err(Rejection::rule(
                        rules::INVALID_TRAINER,
                        format!(
                            "`trainer_id` {} is not an active trainer of site {}",
                            new.trainer_id, new.site
                        ),
                    )
                    .into())
                }
            }
            let dates: Vec<NaiveDate> = new.sessions.iter().map(|s| s.date).collect();
            let taken = store::trainer_sessions_on(conn, new.trainer_id, &dates).await?;
            for (index, session) in new.sessions.iter().enumerate() {
                if let Some((other, _)) = taken.iter().find(|(_, s)| s.overlaps(session)) {
                    return Err(
                        overlap_rejection(index, &format!("a session of class {other}")).into(),
                    );
                }
            }
            store::insert_class(conn, tam_kernel::new_id(), &new, request.actor.id).await
        }
        .scope_boxed()
    })
    .await
}

/// One class in the caller's scope, with its enrollments and attendance (an agent sees
/// only their own enrollment and attendance).
pub async fn get(hr: &Hr, request: &Request, id: Uuid) -> Result<ClassDetail> {
    let scope = scope(request);
    let mut conn = hr.pool.get().await?;
    let class = store::find_class(&mut conn, scope, id)
        .await?
        .ok_or(Error::NotFound("class"))?;
    let mut enrollments = store::enrollments(&mut conn, id).await?;
    let mut attendance = store::attendance(&mut conn, id).await?;
    if let TrainingScope::Own(me) = scope {
        enrollments.retain(|e| e.employee_id == me);
        attendance.retain(|(_, employee, _)| *employee == me);
    }
    Ok(ClassDetail {
        class,
        enrollments,
        attendance,
    })
}

/// A page of the classes in the caller's scope.
pub async fn list(
    hr: &Hr,
    request: &Request,
    filter: ClassFilter,
    after: Option<Cursor>,
    limit: Limit,
) -> Result<Page<Class>> {
    let mut conn = hr.pool.get().await?;
    let rows = store::list_classes(&mut conn, scope(request), filter, after, limit).await?;
    Ok(Page::from_fetched(rows, limit, |c| {
        Cursor::new(c.created_at, c.id)
    }))
}

/// The class `id` the caller runs, or 404 (not in their scope) / 403 (seen, not run).
async fn class_run_by(
    conn: &mut diesel_async::AsyncPgConnection,
    request: &Request,
    id: Uuid,
) -> Result<Class> {
    let class = store::find_class(conn, scope(request), id)
        .await?
        .ok_or(Error::NotFound("class"))?;
    check_runs(request, class.site)?;
    Ok(class)
}

/// Whether `employee` may join `class`: active, of its site, and for agents and team
/// leaders of its program.
fn check_enrollable(class: &Class, employee: Option<&Employee>, id: Uuid) -> Result<()> {
    let Some(e) = employee else {
        return Err(Rejection::rule(
            rules::NOT_ENROLLABLE,
            format!("`employee_id`: there is no employee {id}"),
        )
        .into());
    };
    let reason = if e.status != EmployeeStatus::Active {
        Some(format!("is {}", e.status))
    } else if e.site != Some(class.site) {
        Some(format!("does not work at site {}", class.site))
    } else if matches!(e.role, Role::Agent | Role::TeamLeader) && e.program != Some(class.program) {
        Some(format!("does not work on program {}", class.program))
    } else {
        None
    };
    match reason {
        Some(reason) => Err(Rejection::rule(
            rules::NOT_ENROLLABLE,
            format!("`employee_id`: employee {id} {reason}"),
        )
        .into()),
        None => Ok(()),
    }
}

/// Enrolls an employee of the class's site (and program) in a class the caller runs.
/// Enrolling twice is 409.
pub async fn enroll(
    hr: &Hr,
    request: &Request,
    class_id: Uuid,
    employee_id: Uuid,
) -> Result<Enrollment> {
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let class = class_run_by(conn, request, class_id).await?;
            let employee = employees::find_for_update(conn, Scope::All, employee_id).await?;
            check_enrollable(&class, employee.as_ref(), employee_id)?;
            if store::is_enrolled(conn, class_id, employee_id).await? {
                return Err(Rejection::Conflict(format!(
                    "employee {employee_id} is already enrolled in class {class_id}"
                ))
                .into());
            }
            store::insert_enrollment(conn, class_id, employee_id, request.actor.id).await
        }
        .scope_boxed()
    })
    .await
}

/// Records whether an enrolled employee attended a session of the class (a second
/// record for the same session replaces the first).
pub async fn record_attendance(
    hr: &Hr,
    request: &Request,
    class_id: Uuid,
    session_id: Uuid,
    employee_id: Uuid,
    present: bool,
) -> Result<()> {
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let class = class_run_by(conn, request, class_id).await?;
            if !class.sessions.iter().any(|s| s.id == session_id) {
                return Err(Rejection::rule(
                    rules::TRAINING_MISMATCH,
                    format!("`session_id` {session_id} is not a session of class {class_id}"),
                )
                .into());
            }
            if store::find_enrollment(conn, class_id, employee_id)
                .await?
                .is_none()
            {
                return Err(not_enrolled(class_id, employee_id));
            }
            store::record_attendance(
                conn,
                class_id,
                session_id,
                employee_id,
                present,
                request.actor.id,
            )
            .await
        }
        .scope_boxed()
    })
    .await
}

fn not_enrolled(class_id: Uuid, employee_id: Uuid) -> Error {
    Rejection::rule(
        rules::TRAINING_MISMATCH,
        format!("`employee_id` {employee_id} is not enrolled in class {class_id}"),
    )
    .into()
}

/// The result of a final score: the enrollment and, when it passed an initial or
/// refreshment class, the certification it granted.
#[derive(Debug, Clone)]
pub struct Scored {
    pub enrollment: Enrollment,
    pub certification: Option<Certification>,
}

/// Records an enrolled employee's final score (once: a second is 409). Passing (at or
/// above the pass mark, never recorded absent) certifies them for the class's program
/// from the WIB date of the record, for the configured validity;
/// `hr.certification.granted` in the same transaction. Briefings have no score (422).
pub async fn record_score(
    hr: &Hr,
    request: &Request,
    class_id: Uuid,
    employee_id: Uuid,
    score: u8,
) -> Result<Scored> {
    let now = hr.clock.now();
    let validity = hr.certification_validity_days;
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let class = class_run_by(conn, request, class_id).await?;
            let Some(pass_mark) = class.pass_mark.filter(|_| class.kind.is_scored()) else {
                return Err(Rejection::rule(
                    rules::TRAINING_MISMATCH,
                    format!("class {class_id} is a {} and takes no `score`", class.kind),
                )
                .into());
            };
            let enrollment = store::find_enrollment(conn, class_id, employee_id)
                .await?
                .ok_or_else(|| not_enrolled(class_id, employee_id))?;
            if enrollment.score.is_some() {
                return Err(Rejection::Conflict(format!(
                    "the score of employee {employee_id} in class {class_id} is already recorded"
                ))
                .into());
            }
            let absences = store::absences(conn, class_id, employee_id).await?;
            let passed = training::passes(score, pass_mark, absences);
            let enrollment = store::set_score(
                conn,
                class_id,
                employee_id,
                score,
                passed,
                request.actor.id,
                now,
            )
            .await?;
            let certification = if passed && class.kind.certifies() {
                let from = wib_date(now);
                Some(
                    certification::grant(
                        conn,
                        request.correlation_id(),
                        certification::Grant {
                            employee_id,
                            program: class.program,
                            valid_from: from,
                            valid_until: training::valid_until(from, validity),
                            class_id: Some(class_id),
                            reason: None,
                            recorded_by: request.actor.id,
                        },
                    )
                    .await?,
                )
            } else {
                None
            };
            Ok(Scored {
                enrollment,
                certification,
            })
        }
        .scope_boxed()
    })
    .await
}
