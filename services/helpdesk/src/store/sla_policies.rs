//! Writing the `sla_policies` and `escalation_levels` tables, each replaced as a whole
//! set (they are read by `store::sla`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::column::int;
use uuid::Uuid;

use super::schema::{escalation_levels, sla_policies};
use crate::domain::escalation::Level;
use crate::domain::policy::SlaPolicy;

/// Replaces every policy with `policies` (checked by the caller). The table is locked
/// first, so two replacements run one after the other.
pub async fn replace(
    conn: &mut AsyncPgConnection,
    policies: &[SlaPolicy],
    at: DateTime<Utc>,
    by: Uuid,
) -> crate::Result<()> {
    diesel::sql_query("LOCK TABLE sla_policies IN EXCLUSIVE MODE")
        .execute(conn)
        .await?;
    diesel::delete(sla_policies::table).execute(conn).await?;
    let rows: Vec<_> = policies
        .iter()
        .map(|p| {
            (
                sla_policies::code.eq(&p.code),
                sla_policies::channel.eq(p.channel.map(|c| c.as_str())),
                sla_policies::product.eq(p.product.as_deref()),
                sla_policies::priority.eq(p.priority.map(|r| r.as_str())),
                sla_policies::calendar.eq(&p.calendar),
                sla_policies::first_response_minutes.eq(int(p.targets.first_response_minutes)),
                sla_policies::validation_minutes.eq(int(p.targets.validation_minutes)),
                sla_policies::provisioning_minutes.eq(int(p.targets.provisioning_minutes)),
                sla_policies::resolution_minutes.eq(int(p.targets.resolution_minutes)),
                sla_policies::updated_at.eq(at),
                sla_policies::updated_by.eq(Some(by)),
            )
        })
        .collect();
    diesel::insert_into(sla_policies::table)
        .values(rows)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the ladder with `levels` (checked by the caller), the table locked first.
pub async fn replace_levels(conn: &mut AsyncPgConnection, levels: &[Level]) -> crate::Result<()> {
    diesel::sql_query("LOCK TABLE escalation_levels IN EXCLUSIVE MODE")
        .execute(conn)
        .await?;
    diesel::delete(escalation_levels::table)
        .execute(conn)
        .await?;
    let rows: Vec<_> = levels
        .iter()
        .map(|l| {
            (
                escalation_levels::code.eq(&l.code),
                escalation_levels::percent.eq(int(l.percent)),
                escalation_levels::notify.eq(l
                    .notify
                    .iter()
                    .map(|r| r.as_str().to_owned())
                    .collect::<Vec<_>>()),
            )
        })
        .collect();
    diesel::insert_into(escalation_levels::table)
        .values(rows)
        .execute(conn)
        .await?;
    Ok(())
}
