//! Pembinaan's tables: coaching records, warning letters and termination reviews.
//! Nothing is deleted: letters are revoked, plans closed, reviews decided.
//!
//! [`letters_in_force`] and [`in_pembinaan`] are what the rest of hr reads
//! (recruitment's eligibility, the contract extension, the monthly evaluation): the
//! rules are [`crate::domain::pembinaan`]'s.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::decode;
use super::schema::{coaching_records, warning_letters};
use crate::domain::pembinaan::{CoachingKind, LetterStatus};

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
