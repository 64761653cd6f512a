//! The SLA configuration as stored: calendars, policies, the escalation ladder.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_db::column::{decode, uint};

use super::schema::{calendars, escalation_levels, sla_policies};
use crate::domain::calendar::{Calendar, CalendarSpec};
use crate::domain::escalation::{Ladder, Level};
use crate::domain::policy::{SlaPolicy, Targets};

/// Every calendar, by code (each checked again: a stored spec that no longer passes is
/// corrupt data, a 500 naming it).
pub async fn calendars(conn: &mut AsyncPgConnection) -> crate::Result<HashMap<String, Calendar>> {
    let rows: Vec<(String, serde_json::Value)> = calendars::table
        .select((calendars::code, calendars::spec))
        .load(conn)
        .await?;
    rows.into_iter()
        .map(|(code, spec)| {
            let spec: CalendarSpec = serde_json::from_value(spec)
                .map_err(|e| anyhow::anyhow!("calendars.spec of {code}: {e}"))?;
            let calendar = Calendar::new(spec)
                .map_err(|e| anyhow::anyhow!("calendars.spec of {code} is invalid: {e:?}"))?;
            Ok((code, calendar))
        })
        .collect()
}

type PolicyRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    i32,
    i32,
    i32,
    i32,
);

/// Every SLA policy, by code.
pub async fn policies(conn: &mut AsyncPgConnection) -> crate::Result<Vec<SlaPolicy>> {
    let rows: Vec<PolicyRow> = sla_policies::table
        .order(sla_policies::code)
        .select((
            sla_policies::code,
            sla_policies::channel,
            sla_policies::product,
            sla_policies::priority,
            sla_policies::calendar,
            sla_policies::first_response_minutes,
            sla_policies::validation_minutes,
            sla_policies::provisioning_minutes,
            sla_policies::resolution_minutes,
        ))
        .load(conn)
        .await?;
    rows.into_iter()
        .map(
            |(code, channel, product, priority, calendar, fr, v, p, r)| {
                Ok(SlaPolicy {
                    channel: channel
                        .map(|c| decode("sla_policies.channel", &c))
                        .transpose()?,
                    product,
                    priority: priority
                        .map(|p| decode("sla_policies.priority", &p))
                        .transpose()?,
                    calendar,
                    targets: Targets {
                        first_response_minutes: uint("sla_policies.first_response_minutes", fr)?,
                        validation_minutes: uint("sla_policies.validation_minutes", v)?,
                        provisioning_minutes: uint("sla_policies.provisioning_minutes", p)?,
                        resolution_minutes: uint("sla_policies.resolution_minutes", r)?,
                    },
                    code,
                })
            },
        )
        .collect()
}

/// The escalation ladder.
pub async fn ladder(conn: &mut AsyncPgConnection) -> crate::Result<Ladder> {
    let rows: Vec<(String, i32, Vec<String>)> = escalation_levels::table
        .order(escalation_levels::percent)
        .select((
            escalation_levels::code,
            escalation_levels::percent,
            escalation_levels::notify,
        ))
        .load(conn)
        .await?;
    let levels = rows
        .into_iter()
        .map(|(code, percent, notify)| {
            Ok(Level {
                percent: uint("escalation_levels.percent", percent)?,
                notify: notify
                    .iter()
                    .map(|r| decode("escalation_levels.notify", r))
                    .collect::<anyhow::Result<_>>()?,
                code,
            })
        })
        .collect::<crate::Result<Vec<_>>>()?;
    Ok(Ladder::new(levels).map_err(|e| anyhow::anyhow!("escalation_levels are invalid: {e:?}"))?)
}
