//! The business-hours calendars: read, and changed by a new version with an effective
//! date (or created). A change recomputes the open tickets' escalation timers in the
//! same transaction.

use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::AsyncConnection;
use tam_kernel::{FieldError, Rejection};

use super::escalation::recompute_open;
use super::sla::SlaConfig;
use super::{Helpdesk, Request};
use crate::domain::calendar::{Calendar, CalendarSpec, CalendarVersion};
use crate::domain::{rules, unprocessable};
use crate::error::{Error, Result};
use crate::store::calendars::{self, StoredCalendar};

/// A calendar change as asked: a version to add (or to replace a planned one with the
/// same effective date); a name and a time zone to create a calendar.
#[derive(Debug, Clone)]
pub struct CalendarChange {
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub version: CalendarVersion,
}

/// Every calendar, by code.
pub async fn list(h: &Helpdesk) -> Result<Vec<StoredCalendar>> {
    let mut conn = h.pool.get().await?;
    calendars::all(&mut conn).await
}

/// The form of a calendar's code (the table's check, said before the database does).
fn check_code(code: &str) -> Result<(), Rejection> {
    let ok = !code.is_empty()
        && code.len() <= 50
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Rejection::Invalid(vec![FieldError::new(
            "code",
            "must be 1 to 50 lowercase letters, digits, `-` or `_`",
        )]))
    }
}

fn check_name(name: &str) -> Result<String, Rejection> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        Err(Rejection::Invalid(vec![FieldError::new(
            "name",
            "must be 1 to 200 characters",
        )]))
    } else {
        Ok(name.to_owned())
    }
}

/// The calendar's errors in the request's words: the new version's fields are
/// `version.…` (it is `versions[at]` in the whole calendar).
fn as_asked(errors: Vec<FieldError>, at: usize) -> Vec<FieldError> {
    let prefix = format!("versions[{at}]");
    errors
        .into_iter()
        .map(|e| match e.field.strip_prefix(&prefix) {
            Some(rest) => FieldError::new(format!("version{rest}"), e.reason),
            None => e,
        })
        .collect()
}

/// The calendar `code` after `change`: a new calendar from its first version, or the
/// stored one with a version added from a day not yet counted (422 naming the field for
/// overlapping or inverted intervals, an exception outside its version, a version that
/// would recount a day already counted, an unknown time zone).
fn changed(
    current: Option<&StoredCalendar>,
    change: &CalendarChange,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Calendar, Rejection> {
    let version = change.version.clone();
    let Some(current) = current else {
        let Some(time_zone) = change.time_zone.clone() else {
            return Err(Rejection::Invalid(vec![FieldError::new(
                "time_zone",
                "is required to create a calendar",
            )]));
        };
        return Calendar::new(CalendarSpec {
            time_zone,
            versions: vec![version],
        })
        .map_err(|errors| unprocessable(rules::INVALID_CALENDAR, &as_asked(errors, 0)));
    };
    let calendar = &current.calendar;
    if let Some(tz) = &change.time_zone {
        if tz.trim() != calendar.time_zone().name() {
            return Err(unprocessable(
                rules::INVALID_CALENDAR,
                &[FieldError::new(
                    "time_zone",
                    format!(
                        "is {}: a calendar keeps its time zone (the business time already \
                         counted was counted in it); create another calendar",
                        calendar.time_zone().name()
                    ),
                )],
            ));
        }
    }
    let today = calendar.local_date(now);
    let (spec, version) = carry_exceptions(calendar.spec(), version, today);
    let base =
        Calendar::new(spec).map_err(|errors| unprocessable(rules::INVALID_CALENDAR, &errors))?;
    let at = base
        .versions()
        .partition_point(|v| v.effective_from < version.effective_from);
    base.with_version(version, today).map_err(|errors| {
        let in_past = errors.iter().any(|e| e.field == "effective_from");
        let errors: Vec<FieldError> = as_asked(errors, at)
            .into_iter()
            .map(|e| {
                if e.field == "effective_from" {
                    FieldError::new("version.effective_from", e.reason)
                } else {
                    e
                }
            })
            .collect();
        if in_past {
            unprocessable(rules::CALENDAR_VERSION_IN_PAST, &errors)
        } else {
            unprocessable(rules::INVALID_CALENDAR, &errors)
        }
    })
}

/// The calendar without what `version` replaces, and `version` with the dated
/// exceptions it inherits. A change of office hours from a date does not cancel the
/// holidays already planned from that date on: the exceptions of the version in force
/// before it (and of a planned version with the same date, which it replaces: PUT is
/// idempotent) dated from its `effective_from` on move into it, unless it names the date
/// itself. A version already in force is never replaced (`with_version` then refuses a
/// date not after today).
fn carry_exceptions(
    mut spec: CalendarSpec,
    mut version: CalendarVersion,
    today: chrono::NaiveDate,
) -> (CalendarSpec, CalendarVersion) {
    let from = version.effective_from;
    let mut carried = Vec::new();
    if from > today {
        if let Some(i) = spec.versions.iter().position(|v| v.effective_from == from) {
            carried.extend(spec.versions.remove(i).exceptions);
        }
    }
    if let Some(before) = spec
        .versions
        .iter_mut()
        .rev()
        .find(|v| v.effective_from < from)
    {
        let (later, kept): (Vec<_>, Vec<_>) =
            before.exceptions.drain(..).partition(|e| e.date >= from);
        before.exceptions = kept;
        carried.extend(later);
    }
    for exception in carried {
        if !version.exceptions.iter().any(|e| e.date == exception.date) {
            version.exceptions.push(exception);
        }
    }
    // The asked ones first, in their order, so that an error names them as asked.
    (spec, version)
}

/// Creates calendar `code` or adds a version to it (`supervisor_hd`), and recomputes
/// the open tickets' timers in the same transaction. Returns the calendar and whether
/// it was created.
pub async fn put(
    h: &Helpdesk,
    request: &Request,
    code: &str,
    change: CalendarChange,
) -> Result<(StoredCalendar, bool)> {
    check_code(code)?;
    let name = change.name.as_deref().map(check_name).transpose()?;
    let now = h.now();
    let by = request.actor.id;
    let mut conn = h.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            let current = calendars::find_for_update(conn, code).await?;
            let calendar = changed(current.as_ref(), &change, now)?;
            let name = match (name, &current) {
                (Some(name), _) => name,
                (None, Some(current)) => current.name.clone(),
                (None, None) => {
                    return Err(Rejection::Invalid(vec![FieldError::new(
                        "name",
                        "is required to create a calendar",
                    )])
                    .into())
                }
            };
            let saved = calendars::save(conn, code, &name, &calendar, now, by).await?;
            let config = SlaConfig::load(conn).await?;
            recompute_open(conn, &config, now).await?;
            Ok((saved, current.is_none()))
        }
        .scope_boxed()
    })
    .await
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::calendar::{Exception, Interval, Week};

    fn date(s: &str) -> chrono::NaiveDate {
        s.parse().unwrap()
    }

    fn holiday(day: &str, name: &str) -> Exception {
        Exception {
            date: date(day),
            name: name.into(),
            intervals: vec![],
        }
    }

    fn version(from: &str, exceptions: Vec<Exception>) -> CalendarVersion {
        CalendarVersion {
            effective_from: date(from),
            week: Week::every_day(&[Interval::parse("08:00", "17:00").unwrap()]),
            exceptions,
        }
    }

    fn spec(versions: Vec<CalendarVersion>) -> CalendarSpec {
        CalendarSpec {
            time_zone: "Asia/Jakarta".into(),
            versions,
        }
    }

    fn dates(v: &CalendarVersion) -> Vec<String> {
        v.exceptions.iter().map(|e| e.date.to_string()).collect()
    }

    #[test]
    fn a_new_version_keeps_the_holidays_planned_from_its_date_on() {
        let current = spec(vec![version(
            "2026-01-01",
            vec![
                holiday("2026-08-17", "Kemerdekaan"),
                holiday("2026-12-25", "Natal"),
                holiday("2027-01-01", "Tahun Baru"),
            ],
        )]);
        let new = version("2026-12-14", vec![holiday("2026-12-24", "Cuti bersama")]);
        let (spec, new) = carry_exceptions(current, new, date("2026-12-07"));
        assert_eq!(dates(&spec.versions[0]), ["2026-08-17"]);
        assert_eq!(dates(&new), ["2026-12-24", "2026-12-25", "2027-01-01"]);
        // And the result is a valid calendar.
        let calendar = Calendar::new(spec).unwrap();
        assert!(calendar.with_version(new, date("2026-12-07")).is_ok());
    }

    #[test]
    fn a_date_the_version_names_wins_and_a_planned_version_is_replaced() {
        let current = spec(vec![
            version("2026-01-01", vec![holiday("2026-08-17", "Kemerdekaan")]),
            version("2026-12-14", vec![holiday("2026-12-25", "Natal")]),
        ]);
        // The same date again: the planned version goes, its holidays stay unless named.
        let open_on_christmas = Exception {
            intervals: vec![Interval::parse("08:00", "12:00").unwrap()],
            ..holiday("2026-12-25", "half day")
        };
        let new = version("2026-12-14", vec![open_on_christmas.clone()]);
        let (spec, new) = carry_exceptions(current.clone(), new, date("2026-12-07"));
        assert_eq!(spec.versions.len(), 1);
        assert_eq!(new.exceptions, vec![open_on_christmas]);
        // A version in force is never replaced here (with_version refuses its date).
        let (spec, _) =
            carry_exceptions(current, version("2026-01-01", vec![]), date("2026-12-20"));
        assert_eq!(spec.versions.len(), 2);
    }
}
