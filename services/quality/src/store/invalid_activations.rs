//! Invalid activations: kept from helpdesk's `helpdesk.activation.invalidated` (OBC sales
//! only) and counted on the agent's record.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::decode;
use super::schema::{invalid_activations, tasks};
use crate::domain::invalid_activation::{InvalidActivation, Invalidation};
use crate::domain::score::ScoreFilters;

#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = invalid_activations, check_for_backend(Pg))]
struct Row {
    id: Uuid,
    validation_id: Uuid,
    ticket_id: Uuid,
    ticket_number: i64,
    channel: String,
    call_id: Uuid,
    task_id: Option<Uuid>,
    agent_id: Uuid,
    team_id: Option<Uuid>,
    site: Option<String>,
    program: Option<String>,
    product_code: Option<String>,
    failed_items: Vec<String>,
    findings: String,
    validated_by: Uuid,
    validated_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

impl TryFrom<Row> for InvalidActivation {
    type Error = anyhow::Error;

    fn try_from(r: Row) -> anyhow::Result<Self> {
        Ok(InvalidActivation {
            id: r.id,
            validation_id: r.validation_id,
            ticket_id: r.ticket_id,
            ticket_number: r.ticket_number,
            channel: r.channel,
            call_id: r.call_id,
            task_id: r.task_id,
            agent_id: r.agent_id,
            team_id: r.team_id,
            site: r
                .site
                .as_deref()
                .map(|s| decode("invalid_activations.site", s))
                .transpose()?,
            program: r
                .program
                .as_deref()
                .map(|p| decode("invalid_activations.program", p))
                .transpose()?,
            product_code: r.product_code,
            failed_items: r.failed_items,
            findings: r.findings,
            validated_by: r.validated_by,
            validated_at: r.validated_at,
            created_at: r.created_at,
        })
    }
}

/// Keeps an invalid activation, once per validation (a second delivery keeps nothing);
/// linked to the call's tapping task, and its program, when quality has it.
pub async fn record(
    conn: &mut AsyncPgConnection,
    i: &Invalidation,
    at: DateTime<Utc>,
) -> crate::Result<()> {
    let task: Option<(Uuid, String)> = tasks::table
        .filter(tasks::call_id.eq(i.call_id))
        .select((tasks::id, tasks::program))
        .first(conn)
        .await
        .optional()?;
    let (task_id, program) = task.unzip();
    diesel::insert_into(invalid_activations::table)
        .values((
            invalid_activations::id.eq(tam_kernel::new_id()),
            invalid_activations::validation_id.eq(i.validation_id),
            invalid_activations::ticket_id.eq(i.ticket_id),
            invalid_activations::ticket_number.eq(i.ticket_number),
            invalid_activations::channel.eq(&i.channel),
            invalid_activations::call_id.eq(i.call_id),
            invalid_activations::task_id.eq(task_id),
            invalid_activations::agent_id.eq(i.agent_id),
            invalid_activations::team_id.eq(i.team_id),
            invalid_activations::site.eq(i.site.map(|s| s.as_str())),
            invalid_activations::program.eq(program),
            invalid_activations::product_code.eq(&i.product_code),
            invalid_activations::failed_items.eq(&i.failed_items),
            invalid_activations::findings.eq(&i.findings),
            invalid_activations::validated_by.eq(i.validated_by),
            invalid_activations::validated_at.eq(i.validated_at),
            invalid_activations::created_at.eq(at),
        ))
        .on_conflict(invalid_activations::validation_id)
        .do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// The invalid activations of the month `[from, to)` (by the WIB day of the validation)
/// within the score's filters, oldest first: on the agents' record.
pub async fn of_month(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
    f: ScoreFilters,
) -> crate::Result<Vec<InvalidActivation>> {
    let (start, _) = tam_kernel::wib_day_bounds(from);
    let (end, _) = tam_kernel::wib_day_bounds(to);
    let mut query = invalid_activations::table
        .filter(invalid_activations::validated_at.ge(start))
        .filter(invalid_activations::validated_at.lt(end))
        .select(Row::as_select())
        .into_boxed();
    if let Some(site) = f.site {
        query = query.filter(invalid_activations::site.eq(site.as_str()));
    }
    if let Some(program) = f.program {
        query = query.filter(invalid_activations::program.eq(program.as_str()));
    }
    if let Some(team) = f.team {
        query = query.filter(invalid_activations::team_id.eq(team));
    }
    if let Some(agent) = f.agent {
        query = query.filter(invalid_activations::agent_id.eq(agent));
    }
    let rows: Vec<Row> = query
        .order((
            invalid_activations::validated_at.asc(),
            invalid_activations::id.asc(),
        ))
        .limit(500)
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(InvalidActivation::try_from)
        .collect::<anyhow::Result<_>>()?)
}
