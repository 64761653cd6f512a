//! The site policies and check-ins as hr announced them (written only by the consumer),
//! read by the gate of `next`.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{Bool, Date, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Site;
use uuid::Uuid;

/// Writes a site's policy unless a newer one is kept.
pub async fn policy(
    conn: &mut AsyncPgConnection,
    site: Site,
    check_in_required: bool,
    as_of: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "INSERT INTO attendance_policies (site, check_in_required, as_of)
         VALUES ($1, $2, $3)
         ON CONFLICT (site) DO UPDATE SET
             check_in_required = EXCLUDED.check_in_required, as_of = EXCLUDED.as_of,
             updated_at = now()
         WHERE attendance_policies.as_of <= EXCLUDED.as_of",
    )
    .bind::<Text, _>(site.as_str())
    .bind::<Bool, _>(check_in_required)
    .bind::<Timestamptz, _>(as_of)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes what an event says of a day: whether it has a check-in and its times, unless
/// a newer event is kept.
pub async fn day(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    day: NaiveDate,
    check_in_at: Option<DateTime<Utc>>,
    check_out_at: Option<DateTime<Utc>>,
    as_of: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "INSERT INTO check_ins (employee_id, day, checked_in, check_in_at, check_out_at, as_of)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (employee_id, day) DO UPDATE SET
             checked_in = EXCLUDED.checked_in, check_in_at = EXCLUDED.check_in_at,
             check_out_at = EXCLUDED.check_out_at, as_of = EXCLUDED.as_of,
             updated_at = now()
         WHERE check_ins.as_of <= EXCLUDED.as_of",
    )
    .bind::<SqlUuid, _>(employee_id)
    .bind::<Date, _>(day)
    .bind::<Bool, _>(check_in_at.is_some())
    .bind::<Nullable<Timestamptz>, _>(check_in_at)
    .bind::<Nullable<Timestamptz>, _>(check_out_at)
    .bind::<Timestamptz, _>(as_of)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes a check-out time on a day with a check-in (a check-out never adds one).
pub async fn check_out(
    conn: &mut AsyncPgConnection,
    employee_id: Uuid,
    day: NaiveDate,
    check_out_at: DateTime<Utc>,
    as_of: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "UPDATE check_ins SET check_out_at = $3, as_of = $4, updated_at = now()
          WHERE employee_id = $1 AND day = $2 AND as_of <= $4",
    )
    .bind::<SqlUuid, _>(employee_id)
    .bind::<Date, _>(day)
    .bind::<Timestamptz, _>(check_out_at)
    .bind::<Timestamptz, _>(as_of)
    .execute(conn)
    .await?;
    Ok(())
}
