//! Pembinaan's tables: coaching records, warning letters and termination reviews.
//! Nothing is deleted: letters are revoked, plans closed, reviews decided.
//!
//! [`letters_in_force`] and [`in_pembinaan`] are what the rest of hr reads
//! (recruitment's eligibility, the contract extension, the monthly evaluation): the
//! rules are [`crate::domain::pembinaan`]'s.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::decode;
use super::schema::{coaching_records, employees, teams, termination_reviews, warning_letters};
use crate::domain::pembinaan::{
    CoachingKind, CoachingRecord, Evidence, LetterStatus, TerminationReview, WarningLetter,
};
use crate::domain::scope::Scope;

pub use crate::domain::pembinaan::LetterInForce;

/// The letters of `employee_id` in force on `date` (issued, acknowledged or approved,
/// between their issue day and their last day), oldest first.
pub async fn letters_in_force(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    date: NaiveDate,
) -> crate::Result<Vec<LetterInForce>> {
    let rows: Vec<(Uuid, String, NaiveDate, NaiveDate)> = warning_letters::table
        .filter(warning_letters::employee_id.eq(employee_id))
        .filter(warning_letters::status.eq_any(LetterStatus::COUNTING))
        .filter(warning_letters::issued_on.le(date))
        .filter(warning_letters::valid_until.ge(date))
        .select((
            warning_letters::id,
            warning_letters::level,
            warning_letters::issued_on,
            warning_letters::valid_until,
        ))
        .order((warning_letters::issued_on.asc(), warning_letters::id.asc()))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, level, issued_on, valid_until)| {
            Ok(LetterInForce {
                id,
                level: decode("warning_letters.level", &level)?,
                issued_on,
                valid_until,
            })
        })
        .collect::<anyhow::Result<_>>()?)
}

/// Whether `employee_id` is in pembinaan on `date`: a letter in force then, or a
/// counseling record whose plan is open then (from its day until the day it closed, not
/// included). A coaching record never counts.
pub async fn in_pembinaan(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    date: NaiveDate,
) -> crate::Result<bool> {
    let letters = letters_in_force(conn, employee_id, date).await?;
    if !letters.is_empty() {
        return Ok(true);
    }
    let plans: i64 = coaching_records::table
        .filter(coaching_records::employee_id.eq(employee_id))
        .filter(coaching_records::kind.eq(CoachingKind::Counseling.as_str()))
        .filter(coaching_records::plan_open.eq(true))
        .filter(coaching_records::held_on.le(date))
        .filter(
            coaching_records::plan_closed_on
                .is_null()
                .or(coaching_records::plan_closed_on.gt(date)),
        )
        .count()
        .get_result(conn)
        .await?;
    Ok(crate::domain::pembinaan::in_pembinaan(
        &letters,
        usize::try_from(plans).unwrap_or(usize::MAX),
    ))
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = warning_letters, check_for_backend(Pg))]
struct LetterRow {
    id: Uuid,
    employee_id: Uuid,
    site: String,
    level: String,
    issued_on: NaiveDate,
    valid_until: NaiveDate,
    reason: String,
    direct_reason: Option<String>,
    status: String,
    issued_by: Uuid,
    issued_by_role: String,
    issued_at: DateTime<Utc>,
    acknowledged_by: Option<Uuid>,
    acknowledged_at: Option<DateTime<Utc>>,
    decided_by: Option<Uuid>,
    decided_at: Option<DateTime<Utc>>,
    decision_note: Option<String>,
    revoked_by: Option<Uuid>,
    revoked_at: Option<DateTime<Utc>>,
    revocation_reason: Option<String>,
}

impl TryFrom<LetterRow> for WarningLetter {
    type Error = anyhow::Error;

    fn try_from(r: LetterRow) -> anyhow::Result<Self> {
        Ok(WarningLetter {
            id: r.id,
            employee_id: r.employee_id,
            site: decode("warning_letters.site", &r.site)?,
            level: decode("warning_letters.level", &r.level)?,
            issued_on: r.issued_on,
            valid_until: r.valid_until,
            reason: r.reason,
            direct_reason: r.direct_reason,
            status: decode("warning_letters.status", &r.status)?,
            issued_by: r.issued_by,
            issued_by_role: decode("warning_letters.issued_by_role", &r.issued_by_role)?,
            issued_at: r.issued_at,
            acknowledged_by: r.acknowledged_by,
            acknowledged_at: r.acknowledged_at,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            decision_note: r.decision_note,
            revoked_by: r.revoked_by,
            revoked_at: r.revoked_at,
            revocation_reason: r.revocation_reason,
        })
    }
}

type LetterCondition =
    Box<dyn BoxableExpression<warning_letters::table, Pg, SqlType = Nullable<Bool>>>;

/// The letters `scope` sees: all, a site's, a team leader's people's, or one's own.
fn letters_in_scope(scope: Scope) -> LetterCondition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(warning_letters::site.eq(site.as_str()).nullable()),
        Scope::LedTeams { leader } => Box::new(
            warning_letters::employee_id
                .eq(leader)
                .nullable()
                .or(warning_letters::employee_id.eq_any(
                    employees::table
                        .filter(
                            employees::team_id.eq_any(
                                teams::table
                                    .filter(teams::team_leader_id.eq(leader))
                                    .select(teams::id.nullable()),
                            ),
                        )
                        .select(employees::id),
                )),
        ),
        Scope::Own(id) => Box::new(warning_letters::employee_id.eq(id).nullable()),
        Scope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Inserts a letter.
pub async fn insert_letter(
    conn: &mut AsyncPgConnection,
    l: &WarningLetter,
) -> crate::Result<WarningLetter> {
    let row: LetterRow = diesel::insert_into(warning_letters::table)
        .values((
            warning_letters::id.eq(l.id),
            warning_letters::employee_id.eq(l.employee_id),
            warning_letters::site.eq(l.site.as_str()),
            warning_letters::level.eq(l.level.as_str()),
            warning_letters::issued_on.eq(l.issued_on),
            warning_letters::valid_until.eq(l.valid_until),
            warning_letters::reason.eq(&l.reason),
            warning_letters::direct_reason.eq(l.direct_reason.as_deref()),
            warning_letters::status.eq(l.status.as_str()),
            warning_letters::issued_by.eq(l.issued_by),
            warning_letters::issued_by_role.eq(l.issued_by_role.as_str()),
            warning_letters::issued_at.eq(l.issued_at),
        ))
        .returning(LetterRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// Writes a letter's status and its acknowledgement, decision and revocation.
pub async fn update_letter(
    conn: &mut AsyncPgConnection,
    l: &WarningLetter,
) -> crate::Result<WarningLetter> {
    let row: LetterRow = diesel::update(warning_letters::table.find(l.id))
        .set((
            warning_letters::status.eq(l.status.as_str()),
            warning_letters::acknowledged_by.eq(l.acknowledged_by),
            warning_letters::acknowledged_at.eq(l.acknowledged_at),
            warning_letters::decided_by.eq(l.decided_by),
            warning_letters::decided_at.eq(l.decided_at),
            warning_letters::decision_note.eq(l.decision_note.as_deref()),
            warning_letters::revoked_by.eq(l.revoked_by),
            warning_letters::revoked_at.eq(l.revoked_at),
            warning_letters::revocation_reason.eq(l.revocation_reason.as_deref()),
        ))
        .returning(LetterRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// One letter in `scope`, locked for update.
pub async fn find_letter_for_update(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<WarningLetter>> {
    let row: Option<LetterRow> = warning_letters::table
        .filter(warning_letters::id.eq(id))
        .filter(letters_in_scope(scope))
        .select(LetterRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(WarningLetter::try_from).transpose()?)
}

/// The letters `scope` sees, of one employee when given, newest first (at most 500).
pub async fn list_letters(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    employee_id: Option<Uuid>,
) -> crate::Result<Vec<WarningLetter>> {
    let mut query = warning_letters::table
        .filter(letters_in_scope(scope))
        .select(LetterRow::as_select())
        .into_boxed();
    if let Some(employee_id) = employee_id {
        query = query.filter(warning_letters::employee_id.eq(employee_id));
    }
    let rows: Vec<LetterRow> = query
        .order((
            warning_letters::issued_at.desc(),
            warning_letters::id.desc(),
        ))
        .limit(500)
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(WarningLetter::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// Locks the employee's letters (the ladder reads them), so that two letters issued at
/// once see each other.
pub async fn lock_employee_letters(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
) -> crate::Result<()> {
    employees::table
        .filter(employees::id.eq(employee_id))
        .select(employees::id)
        .for_update()
        .load::<Uuid>(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = termination_reviews, check_for_backend(Pg))]
struct ReviewRow {
    id: Uuid,
    employee_id: Uuid,
    letter_id: Uuid,
    site: String,
    status: String,
    opened_at: DateTime<Utc>,
    decision: Option<String>,
    note: Option<String>,
    decided_by: Option<Uuid>,
    decided_at: Option<DateTime<Utc>>,
}

impl TryFrom<ReviewRow> for TerminationReview {
    type Error = anyhow::Error;

    fn try_from(r: ReviewRow) -> anyhow::Result<Self> {
        Ok(TerminationReview {
            id: r.id,
            employee_id: r.employee_id,
            letter_id: r.letter_id,
            site: decode("termination_reviews.site", &r.site)?,
            status: r.status,
            opened_at: r.opened_at,
            decision: r.decision,
            note: r.note,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
        })
    }
}

/// Opens the termination review of an SP3 (once per letter: `None` when it exists).
pub async fn open_review(
    conn: &mut AsyncPgConnection,
    letter: &WarningLetter,
    at: DateTime<Utc>,
) -> crate::Result<Option<TerminationReview>> {
    let row: Option<ReviewRow> = diesel::insert_into(termination_reviews::table)
        .values((
            termination_reviews::id.eq(tam_kernel::new_id()),
            termination_reviews::employee_id.eq(letter.employee_id),
            termination_reviews::letter_id.eq(letter.id),
            termination_reviews::site.eq(letter.site.as_str()),
            termination_reviews::opened_at.eq(at),
        ))
        .on_conflict(termination_reviews::letter_id)
        .do_nothing()
        .returning(ReviewRow::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    Ok(row.map(TerminationReview::try_from).transpose()?)
}

/// The termination reviews, open ones when `open_only`, newest first (at most 500).
pub async fn list_reviews(
    conn: &mut AsyncPgConnection,
    open_only: bool,
) -> crate::Result<Vec<TerminationReview>> {
    let mut query = termination_reviews::table
        .select(ReviewRow::as_select())
        .into_boxed();
    if open_only {
        query = query.filter(termination_reviews::status.eq("open"));
    }
    let rows: Vec<ReviewRow> = query
        .order((
            termination_reviews::opened_at.desc(),
            termination_reviews::id.desc(),
        ))
        .limit(500)
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(TerminationReview::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// One review, locked for update.
pub async fn find_review_for_update(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> crate::Result<Option<TerminationReview>> {
    let row: Option<ReviewRow> = termination_reviews::table
        .filter(termination_reviews::id.eq(id))
        .select(ReviewRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(TerminationReview::try_from).transpose()?)
}

/// Records HR's decision on an open review.
pub async fn decide_review(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    decision: &str,
    note: Option<&str>,
    by: Uuid,
    at: DateTime<Utc>,
) -> crate::Result<TerminationReview> {
    let row: ReviewRow = diesel::update(termination_reviews::table.find(id))
        .set((
            termination_reviews::status.eq("decided"),
            termination_reviews::decision.eq(decision),
            termination_reviews::note.eq(note),
            termination_reviews::decided_by.eq(by),
            termination_reviews::decided_at.eq(at),
        ))
        .returning(ReviewRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = coaching_records, check_for_backend(Pg))]
struct CoachingRow {
    id: Uuid,
    employee_id: Uuid,
    site: Option<String>,
    team_id: Option<Uuid>,
    kind: String,
    held_on: NaiveDate,
    topic: String,
    agreed: String,
    follow_up_on: Option<NaiveDate>,
    plan_open: bool,
    plan_closed_on: Option<NaiveDate>,
    evidence: serde_json::Value,
    recorded_by: Uuid,
    recorded_by_role: String,
    recorded_at: DateTime<Utc>,
}

impl TryFrom<CoachingRow> for CoachingRecord {
    type Error = anyhow::Error;

    fn try_from(r: CoachingRow) -> anyhow::Result<Self> {
        Ok(CoachingRecord {
            id: r.id,
            employee_id: r.employee_id,
            site: r
                .site
                .as_deref()
                .map(|s| decode("coaching_records.site", s))
                .transpose()?,
            team_id: r.team_id,
            kind: decode("coaching_records.kind", &r.kind)?,
            held_on: r.held_on,
            topic: r.topic,
            agreed: r.agreed,
            follow_up_on: r.follow_up_on,
            plan_open: r.plan_open,
            plan_closed_on: r.plan_closed_on,
            evidence: serde_json::from_value::<Vec<Evidence>>(r.evidence)?,
            recorded_by: r.recorded_by,
            recorded_by_role: decode("coaching_records.recorded_by_role", &r.recorded_by_role)?,
            recorded_at: r.recorded_at,
        })
    }
}

type CoachingCondition =
    Box<dyn BoxableExpression<coaching_records::table, Pg, SqlType = Nullable<Bool>>>;

/// The coaching records `scope` sees.
fn coaching_in_scope(scope: Scope) -> CoachingCondition {
    match scope {
        Scope::All => Box::new(sql::<Bool>("TRUE").nullable()),
        Scope::Site(site) => Box::new(coaching_records::site.eq(site.as_str())),
        Scope::LedTeams { leader } => Box::new(
            coaching_records::employee_id
                .eq(leader)
                .nullable()
                .or(coaching_records::employee_id.eq_any(
                    employees::table
                        .filter(
                            employees::team_id.eq_any(
                                teams::table
                                    .filter(teams::team_leader_id.eq(leader))
                                    .select(teams::id.nullable()),
                            ),
                        )
                        .select(employees::id),
                )),
        ),
        Scope::Own(id) => Box::new(coaching_records::employee_id.eq(id).nullable()),
        Scope::Nothing => Box::new(sql::<Bool>("FALSE").nullable()),
    }
}

/// Inserts a coaching record.
pub async fn insert_coaching(
    conn: &mut AsyncPgConnection,
    c: &CoachingRecord,
) -> crate::Result<CoachingRecord> {
    let row: CoachingRow = diesel::insert_into(coaching_records::table)
        .values((
            coaching_records::id.eq(c.id),
            coaching_records::employee_id.eq(c.employee_id),
            coaching_records::site.eq(c.site.map(|s| s.as_str())),
            coaching_records::team_id.eq(c.team_id),
            coaching_records::kind.eq(c.kind.as_str()),
            coaching_records::held_on.eq(c.held_on),
            coaching_records::topic.eq(&c.topic),
            coaching_records::agreed.eq(&c.agreed),
            coaching_records::follow_up_on.eq(c.follow_up_on),
            coaching_records::plan_open.eq(c.plan_open),
            coaching_records::evidence
                .eq(serde_json::to_value(&c.evidence).map_err(anyhow::Error::from)?),
            coaching_records::recorded_by.eq(c.recorded_by),
            coaching_records::recorded_by_role.eq(c.recorded_by_role.as_str()),
            coaching_records::recorded_at.eq(c.recorded_at),
        ))
        .returning(CoachingRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}

/// The coaching records `scope` sees, of one employee when given, newest first (at
/// most 500).
pub async fn list_coaching(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    employee_id: Option<Uuid>,
) -> crate::Result<Vec<CoachingRecord>> {
    let mut query = coaching_records::table
        .filter(coaching_in_scope(scope))
        .select(CoachingRow::as_select())
        .into_boxed();
    if let Some(employee_id) = employee_id {
        query = query.filter(coaching_records::employee_id.eq(employee_id));
    }
    let rows: Vec<CoachingRow> = query
        .order((
            coaching_records::held_on.desc(),
            coaching_records::id.desc(),
        ))
        .limit(500)
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(CoachingRecord::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// One coaching record in `scope`, locked for update.
pub async fn find_coaching_for_update(
    conn: &mut AsyncPgConnection,
    scope: Scope,
    id: Uuid,
) -> crate::Result<Option<CoachingRecord>> {
    let row: Option<CoachingRow> = coaching_records::table
        .filter(coaching_records::id.eq(id))
        .filter(coaching_in_scope(scope))
        .select(CoachingRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()?;
    Ok(row.map(CoachingRecord::try_from).transpose()?)
}

/// Closes a record's plan on `on` (the first day it no longer counts).
pub async fn close_plan(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    on: NaiveDate,
) -> crate::Result<CoachingRecord> {
    let row: CoachingRow = diesel::update(coaching_records::table.find(id))
        .set(coaching_records::plan_closed_on.eq(on))
        .returning(CoachingRow::as_returning())
        .get_result(conn)
        .await?;
    Ok(row.try_into()?)
}
