//! Certifications as hr announced them (written only by the consumer), read by the
//! gate of `next` and distribution.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{Array, Date, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_kernel::Program;
use uuid::Uuid;

/// What a granted certification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub certification_id: Uuid,
    pub employee_id: Uuid,
    pub program: Program,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

/// Writes a granted certification's days (the same on every delivery).
pub async fn granted(
    conn: &mut AsyncPgConnection,
    g: &Granted,
    as_of: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "INSERT INTO certifications
             (certification_id, employee_id, program, valid_from, valid_until, as_of)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (certification_id) DO UPDATE SET
             valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until,
             as_of = GREATEST(certifications.as_of, EXCLUDED.as_of), updated_at = now()",
    )
    .bind::<SqlUuid, _>(g.certification_id)
    .bind::<SqlUuid, _>(g.employee_id)
    .bind::<Text, _>(g.program.as_str())
    .bind::<Date, _>(g.valid_from)
    .bind::<Date, _>(g.valid_until)
    .bind::<Timestamptz, _>(as_of)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes a revocation (the first one recorded stays).
pub async fn revoked(
    conn: &mut AsyncPgConnection,
    certification_id: Uuid,
    employee_id: Uuid,
    program: Program,
    revoked_at: DateTime<Utc>,
    as_of: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "INSERT INTO certifications
             (certification_id, employee_id, program, revoked_at, as_of)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (certification_id) DO UPDATE SET
             revoked_at = COALESCE(certifications.revoked_at, EXCLUDED.revoked_at),
             as_of = GREATEST(certifications.as_of, EXCLUDED.as_of), updated_at = now()",
    )
    .bind::<SqlUuid, _>(certification_id)
    .bind::<SqlUuid, _>(employee_id)
    .bind::<Text, _>(program.as_str())
    .bind::<Timestamptz, _>(revoked_at)
    .bind::<Timestamptz, _>(as_of)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the day a certification ran out (informational: its `valid_until` already
/// ends it).
pub async fn expired(
    conn: &mut AsyncPgConnection,
    certification_id: Uuid,
    employee_id: Uuid,
    program: Program,
    expired_on: NaiveDate,
    as_of: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "INSERT INTO certifications
             (certification_id, employee_id, program, expired_on, as_of)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (certification_id) DO UPDATE SET
             expired_on = EXCLUDED.expired_on,
             as_of = GREATEST(certifications.as_of, EXCLUDED.as_of), updated_at = now()",
    )
    .bind::<SqlUuid, _>(certification_id)
    .bind::<SqlUuid, _>(employee_id)
    .bind::<Text, _>(program.as_str())
    .bind::<Date, _>(expired_on)
    .bind::<Timestamptz, _>(as_of)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, diesel::QueryableByName)]
struct Certified {
    #[diesel(sql_type = SqlUuid)]
    employee_id: Uuid,
}

// The same conditions as `agents::find_claimant`'s certification check (`next`).
const VALID: &str = "program = $2 AND valid_from <= $3 AND valid_until >= $3
                     AND (revoked_at IS NULL OR revoked_at > $4)";

/// Which of `employees` may call `program` on `today` at `now`.
pub async fn certified_among(
    conn: &mut AsyncPgConnection,
    employees: &[Uuid],
    program: Program,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>, diesel::result::Error> {
    let rows: Vec<Certified> = diesel::sql_query(format!(
        "SELECT DISTINCT employee_id FROM certifications
          WHERE employee_id = ANY($1) AND {VALID}"
    ))
    .bind::<Array<SqlUuid>, _>(employees)
    .bind::<Text, _>(program.as_str())
    .bind::<Date, _>(today)
    .bind::<Timestamptz, _>(now)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.employee_id).collect())
}
