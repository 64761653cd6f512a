//! The activation family: the AddOn sales won (prospect), their activation tickets and
//! SLA breaches, QC Tier 2's validations and the CABUT cancellations (helpdesk).
//!
//! An OBC ticket's agent, team, program and work order are the sale's: the ticket is
//! joined to the `prospect.sale.won` of its call at report time, so either may arrive
//! first. Tickets of other channels have no agent or team (and a site only when their
//! channel has one): they count in the total, under their site and under no program.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::sql_types::{Array, Bool, Date, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use tam_contracts::helpdesk::{TicketOpened, TicketResolved};
use tam_contracts::helpdesk_cabut::{CaseOpened, CaseSurveyed, MisSaleSuspected};
use tam_contracts::helpdesk_qc::{ActivationInvalidated, ActivationValidated};
use tam_contracts::helpdesk_sla::TicketBreached;
use tam_contracts::prospect::{SaleReverted, SaleWon};
use tam_events::{decode, Envelope, Event, HandlerError};
use tam_kernel::{wib_date, Program, Site};
use utoipa::ToSchema;
use uuid::Uuid;

use super::facts::{assemble, day_sums, group_key, keyed_day_sums, KeyedDaySums, ProgramColumn};
use super::Family;
use crate::kpi::{ratio, GroupKey, KpiDef, Report, Unit};
use crate::query::{bucket, Grouping, ReportQuery};

const fn kpi(
    key: &'static str,
    name: &'static str,
    unit: Unit,
    definition: &'static str,
) -> KpiDef {
    KpiDef {
        key,
        family: "activation",
        name,
        unit,
        definition,
        target: None,
    }
}

pub const KPIS: &[KpiDef] = &[
    kpi(
        "sales_won",
        "Sales won",
        Unit::Count,
        "OBC sales won (prospect.sale.won) and not taken back since (a later \
         prospect.sale.reverted of a higher revision removes it), on the WIB day of the \
         won event in force.",
    ),
    kpi(
        "tickets_opened",
        "Activation tickets opened",
        Unit::Count,
        "Activation tickets opened (helpdesk.ticket.opened), every channel, on the WIB day \
         they were opened; an OBC ticket belongs to its sale's agent, team and program.",
    ),
    kpi(
        "activated",
        "Activations",
        Unit::Count,
        "Tickets activated: each ticket once, on the WIB day of its first resolution \
         `activated` (helpdesk.ticket.resolved); an activation reopened by QC Tier 2 and \
         activated again is not counted twice.",
    ),
    kpi(
        "sale_to_activation_rate",
        "Sale-to-activation rate",
        Unit::Ratio,
        "Sales won (as in sales_won) whose activation ticket has been activated (by the \
         time of the report) ÷ sales won, on the day the sale was won.",
    ),
    kpi(
        "avg_activation_lead_time",
        "Average activation lead time",
        Unit::Seconds,
        "Mean of (first activation's resolved_at − the ticket's opened_at) over the tickets \
         activated, on the day of the activation.",
    ),
    kpi(
        "sla_breaches",
        "SLA breaches",
        Unit::Count,
        "SLA clocks breached (helpdesk.ticket.breached, one per ticket and clock), on the \
         WIB day the breach was recorded.",
    ),
    kpi(
        "sla_compliance",
        "SLA compliance",
        Unit::Ratio,
        "Resolved tickets with no SLA clock breached ÷ resolved tickets; a ticket counts \
         once, on the WIB day of its latest resolution (activated, failed or cancelled).",
    ),
    kpi(
        "breaches_first_response",
        "First-response breaches",
        Unit::Count,
        "Breaches of the first_response clock (until the desk first answers), on the day \
         recorded.",
    ),
    kpi(
        "breaches_validation",
        "Validation breaches",
        Unit::Count,
        "Breaches of the validation clock (validation → provisioning_issued), on the day \
         recorded.",
    ),
    kpi(
        "breaches_provisioning",
        "Provisioning breaches",
        Unit::Count,
        "Breaches of the provisioning clock (provisioning_issued → activated), on the day \
         recorded.",
    ),
    kpi(
        "breaches_resolution",
        "Resolution breaches",
        Unit::Count,
        "Breaches of the resolution clock (opening → resolution), on the day recorded.",
    ),
    kpi(
        "cabut_cases",
        "CABUT cases",
        Unit::Count,
        "Cancellation (CABUT) cases filed (helpdesk.cabut.case_opened), on the WIB day they \
         were filed; a case linked to an OBC sale belongs to its agent, team and program.",
    ),
    kpi(
        "cabut_rate",
        "CABUT rate",
        Unit::Ratio,
        "CABUT cases ÷ activations of the same period and group (cabut_cases ÷ activated).",
    ),
    kpi(
        "cabut_mis_sale",
        "Suspected mis-sales",
        Unit::Count,
        "CABUT cases of an OBC sale whose main reason suggests a mis-sale \
         (helpdesk.cabut.mis_sale_suspected), on the WIB day of the survey.",
    ),
    kpi(
        "qc2_validated",
        "QC Tier 2 validations",
        Unit::Count,
        "Sampled activations QC Tier 2 validated, valid or not \
         (helpdesk.activation.validated + helpdesk.activation.invalidated), on the day of \
         the validation.",
    ),
    kpi(
        "qc2_invalid",
        "QC Tier 2 invalid",
        Unit::Count,
        "Sampled activations QC Tier 2 found invalid (helpdesk.activation.invalidated), on \
         the day of the validation.",
    ),
    kpi(
        "qc2_validity_rate",
        "QC Tier 2 validity rate",
        Unit::Ratio,
        "Activations found valid ÷ activations QC Tier 2 validated ((qc2_validated − \
         qc2_invalid) ÷ qc2_validated).",
    ),
];

pub const FAMILY: Family = Family {
    key: "activation",
    title: "Activation and escalation (helpdesk)",
    kpis: KPIS,
    groupings: &[
        Grouping::Total,
        Grouping::Agent,
        Grouping::Team,
        Grouping::Site,
        Grouping::Program,
    ],
};

fn site(s: Option<Site>) -> Option<&'static str> {
    s.map(Site::as_str)
}

fn program(p: Option<Program>) -> Option<&'static str> {
    p.map(Program::as_str)
}

fn revision(r: u32) -> i32 {
    i32::try_from(r).unwrap_or(i32::MAX)
}

#[allow(clippy::too_many_arguments)]
async fn sale_event(
    conn: &mut AsyncPgConnection,
    kind: &str,
    call_id: Uuid,
    rev: u32,
    (prospect_id, work_order_id, agent_id, team_id): (Uuid, Uuid, Uuid, Option<Uuid>),
    (site, program): (Site, Program),
    at: DateTime<Utc>,
    day: NaiveDate,
) -> Result<(), HandlerError> {
    diesel::sql_query(
        "INSERT INTO activation_sale_events
             (call_id, revision, kind, prospect_id, work_order_id, agent_id, team_id, site,
              program, at, day)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (call_id, revision, kind) DO NOTHING",
    )
    .bind::<SqlUuid, _>(call_id)
    .bind::<Integer, _>(revision(rev))
    .bind::<Text, _>(kind)
    .bind::<SqlUuid, _>(prospect_id)
    .bind::<SqlUuid, _>(work_order_id)
    .bind::<SqlUuid, _>(agent_id)
    .bind::<Nullable<SqlUuid>, _>(team_id)
    .bind::<Text, _>(site.as_str())
    .bind::<Text, _>(program.as_str())
    .bind::<Timestamptz, _>(at)
    .bind::<Date, _>(day)
    .execute(conn)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn qc2(
    conn: &mut AsyncPgConnection,
    validation_id: Uuid,
    ticket_id: Uuid,
    valid: bool,
    channel: &str,
    at_site: Option<Site>,
    (call_id, agent_id, team_id): (Option<Uuid>, Option<Uuid>, Option<Uuid>),
    day: NaiveDate,
) -> Result<(), HandlerError> {
    diesel::sql_query(
        "INSERT INTO activation_qc2
             (validation_id, ticket_id, valid, channel, site, call_id, agent_id, team_id, day)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (validation_id) DO NOTHING",
    )
    .bind::<SqlUuid, _>(validation_id)
    .bind::<SqlUuid, _>(ticket_id)
    .bind::<Bool, _>(valid)
    .bind::<Text, _>(channel)
    .bind::<Nullable<Text>, _>(site(at_site))
    .bind::<Nullable<SqlUuid>, _>(call_id)
    .bind::<Nullable<SqlUuid>, _>(agent_id)
    .bind::<Nullable<SqlUuid>, _>(team_id)
    .bind::<Date, _>(day)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores the fact an event states, keyed by what it is about (once per sale revision,
/// ticket, resolution event, breach clock, validation, case), so that a replayed or
/// reordered event changes nothing.
pub async fn apply(conn: &mut AsyncPgConnection, event: &Envelope) -> Result<(), HandlerError> {
    let day = wib_date(event.occurred_at);
    match event.event_type.as_str() {
        SaleWon::TYPE => {
            let s: SaleWon = decode(event)?;
            let ids = (s.prospect_id, s.work_order_id, s.agent_id, s.team_id);
            sale_event(
                conn,
                "won",
                s.call_id,
                s.revision,
                ids,
                (s.site, s.program),
                s.won_at,
                day,
            )
            .await?;
        }
        SaleReverted::TYPE => {
            let s: SaleReverted = decode(event)?;
            let ids = (s.prospect_id, s.work_order_id, s.agent_id, s.team_id);
            let at = s.reverted_at;
            sale_event(
                conn,
                "reverted",
                s.call_id,
                s.revision,
                ids,
                (s.site, s.program),
                at,
                day,
            )
            .await?;
        }
        TicketOpened::TYPE => {
            let t: TicketOpened = decode(event)?;
            diesel::sql_query(
                "INSERT INTO activation_tickets
                     (ticket_id, channel, site, call_id, agent_id, opened_at, day)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (ticket_id) DO NOTHING",
            )
            .bind::<SqlUuid, _>(t.ticket_id)
            .bind::<Text, _>(&t.channel)
            .bind::<Nullable<Text>, _>(site(t.site))
            .bind::<Nullable<SqlUuid>, _>(t.call_id)
            .bind::<Nullable<SqlUuid>, _>(t.agent_id)
            .bind::<Timestamptz, _>(t.opened_at)
            .bind::<Date, _>(day)
            .execute(conn)
            .await?;
        }
        TicketResolved::TYPE => {
            let r: TicketResolved = decode(event)?;
            diesel::sql_query(
                "INSERT INTO activation_resolutions
                     (event_id, ticket_id, channel, site, resolution, breached, opened_at,
                      resolved_at, day)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (event_id) DO NOTHING",
            )
            .bind::<SqlUuid, _>(event.id)
            .bind::<SqlUuid, _>(r.ticket_id)
            .bind::<Text, _>(&r.channel)
            .bind::<Nullable<Text>, _>(site(r.site))
            .bind::<Text, _>(&r.resolution)
            .bind::<Bool, _>(r.breached)
            .bind::<Timestamptz, _>(r.opened_at)
            .bind::<Timestamptz, _>(r.resolved_at)
            .bind::<Date, _>(day)
            .execute(conn)
            .await?;
        }
        TicketBreached::TYPE => {
            let b: TicketBreached = decode(event)?;
            diesel::sql_query(
                "INSERT INTO activation_breaches (ticket_id, clock, channel, site, day)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (ticket_id, clock) DO NOTHING",
            )
            .bind::<SqlUuid, _>(b.ticket_id)
            .bind::<Text, _>(b.clock.as_str())
            .bind::<Text, _>(&b.channel)
            .bind::<Nullable<Text>, _>(site(b.site))
            .bind::<Date, _>(day)
            .execute(conn)
            .await?;
        }
        ActivationValidated::TYPE => {
            let v: ActivationValidated = decode(event)?;
            let who = (v.call_id, v.agent_id, None);
            qc2(
                conn,
                v.validation_id,
                v.ticket_id,
                true,
                &v.channel,
                v.site,
                who,
                day,
            )
            .await?;
        }
        ActivationInvalidated::TYPE => {
            let v: ActivationInvalidated = decode(event)?;
            let who = (v.call_id, v.agent_id, v.team_id);
            qc2(
                conn,
                v.validation_id,
                v.ticket_id,
                false,
                &v.channel,
                v.site,
                who,
                day,
            )
            .await?;
        }
        CaseOpened::TYPE => {
            let c: CaseOpened = decode(event)?;
            diesel::sql_query(
                "INSERT INTO activation_cabut_cases
                     (case_id, channel, call_id, agent_id, team_id, site, program, day)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (case_id) DO NOTHING",
            )
            .bind::<SqlUuid, _>(c.case_id)
            .bind::<Text, _>(&c.channel)
            .bind::<Nullable<SqlUuid>, _>(c.call_id)
            .bind::<Nullable<SqlUuid>, _>(c.agent_id)
            .bind::<Nullable<SqlUuid>, _>(c.team_id)
            .bind::<Nullable<Text>, _>(site(c.site))
            .bind::<Nullable<Text>, _>(program(c.program))
            .bind::<Date, _>(day)
            .execute(conn)
            .await?;
        }
        CaseSurveyed::TYPE => {
            let c: CaseSurveyed = decode(event)?;
            diesel::sql_query(
                "INSERT INTO activation_cabut_surveys
                     (case_id, channel, call_id, agent_id, team_id, site, program, main_reason,
                      reasons, mis_sale, day)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 ON CONFLICT (case_id) DO NOTHING",
            )
            .bind::<SqlUuid, _>(c.case_id)
            .bind::<Text, _>(&c.channel)
            .bind::<Nullable<SqlUuid>, _>(c.call_id)
            .bind::<Nullable<SqlUuid>, _>(c.agent_id)
            .bind::<Nullable<SqlUuid>, _>(c.team_id)
            .bind::<Nullable<Text>, _>(site(c.site))
            .bind::<Nullable<Text>, _>(program(c.program))
            .bind::<Text, _>(&c.main_reason)
            .bind::<Array<Text>, _>(&c.reasons)
            .bind::<Bool, _>(c.mis_sale)
            .bind::<Date, _>(day)
            .execute(conn)
            .await?;
        }
        MisSaleSuspected::TYPE => {
            let m: MisSaleSuspected = decode(event)?;
            diesel::sql_query(
                "INSERT INTO activation_mis_sales
                     (case_id, call_id, agent_id, team_id, site, program, day)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (case_id) DO NOTHING",
            )
            .bind::<SqlUuid, _>(m.case_id)
            .bind::<SqlUuid, _>(m.call_id)
            .bind::<SqlUuid, _>(m.agent_id)
            .bind::<Nullable<SqlUuid>, _>(m.team_id)
            .bind::<Text, _>(m.site.as_str())
            .bind::<Text, _>(m.program.as_str())
            .bind::<Date, _>(day)
            .execute(conn)
            .await?;
        }
        _ => {}
    }
    Ok(())
}

const TABLES: &[&str] = &[
    "activation_sale_events",
    "activation_tickets",
    "activation_resolutions",
    "activation_breaches",
    "activation_qc2",
    "activation_cabut_cases",
    "activation_cabut_surveys",
    "activation_mis_sales",
];

/// Forgets the facts of days >= `from` (all for `None`): every figure is derived from
/// them at report time, so replaying those days' events restores it exactly.
pub async fn reset(conn: &mut AsyncPgConnection, from: Option<NaiveDate>) -> crate::Result<()> {
    for table in TABLES {
        diesel::sql_query(format!(
            "DELETE FROM {table} WHERE $1::date IS NULL OR day >= $1"
        ))
        .bind::<Nullable<Date>, _>(from)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// The measures, in the order of the fact query's columns m0, m1, ...
const MEASURES: &[&str] = &[
    "sales_won",
    "sales_activated",
    "tickets_opened",
    "activated",
    "lead_time_seconds",
    "resolved",
    "resolved_unbreached",
    "breaches",
    "breach_first_response",
    "breach_validation",
    "breach_provisioning",
    "breach_resolution",
    "cabut_cases",
    "mis_sales",
    "qc2",
    "qc2_invalid",
];

fn m(name: &str) -> usize {
    MEASURES
        .iter()
        .position(|n| *n == name)
        .unwrap_or(usize::MAX)
}

/// One branch of the fact query: `dims` selects day, site, program, team_id, agent_id,
/// work_order_id; `measures` names the measures it sets (the others are 0).
fn branch(dims: &str, from: &str, measures: &[(&str, &str)]) -> String {
    let columns = MEASURES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let expr = measures
                .iter()
                .find(|(n, _)| n == name)
                .map_or("0", |(_, e)| e);
            format!("({expr})::float8 AS m{i}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("SELECT {dims}, {columns} {from}")
}

/// The dimensions of a ticket: its site, and its sale's program, team, agent and work
/// order (joined by the call; the ticket's own agent when the sale is not known yet).
const TICKET_DIMS: &str = "
    sdim AS (
        SELECT DISTINCT ON (call_id) call_id, agent_id, team_id, site, program, work_order_id
        FROM activation_sale_events ORDER BY call_id, revision DESC
    ), tk AS (
        SELECT t.ticket_id, t.call_id, COALESCE(t.site, s.site) AS site, s.program,
               s.team_id, COALESCE(s.agent_id, t.agent_id) AS agent_id, s.work_order_id,
               t.day
        FROM activation_tickets t LEFT JOIN sdim s ON s.call_id = t.call_id
    ), latest AS (
        SELECT DISTINCT ON (ticket_id) ticket_id, site, breached, day
        FROM activation_resolutions ORDER BY ticket_id, resolved_at DESC, event_id DESC
    ), first_activation AS (
        SELECT DISTINCT ON (ticket_id) ticket_id, site, opened_at, resolved_at, day
        FROM activation_resolutions WHERE resolution = 'activated'
        ORDER BY ticket_id, resolved_at, event_id
    ), activated_calls AS (
        -- The sales whose ticket is activated, once each, joined to the sales below (a
        -- correlated EXISTS over the two CTEs re-scanned them for every sale: seconds
        -- for a month).
        SELECT DISTINCT tk.call_id FROM tk JOIN first_activation a USING (ticket_id)
        WHERE tk.call_id IS NOT NULL
    ), sale AS MATERIALIZED (
        -- MATERIALIZED: the report's filters (day, site, ...) are applied to the result.
        -- Pushed down onto the DISTINCT ON they made PostgreSQL estimate one sale and
        -- join it to `activated_calls` by a nested loop re-scanning that for every sale.
        SELECT s.*, (ac.call_id IS NOT NULL) AS activated
        FROM (
            SELECT DISTINCT ON (call_id) call_id, kind, agent_id, team_id, site, program,
                   work_order_id, day
            FROM activation_sale_events
            -- a sale won in the report's days ($1..$2) has an event in them
            WHERE call_id IN (SELECT call_id FROM activation_sale_events WHERE day BETWEEN $1 AND $2)
            ORDER BY call_id, revision DESC, (kind = 'reverted') DESC
        ) s LEFT JOIN activated_calls ac ON ac.call_id = s.call_id
    )";

/// A fact about a ticket (`x` has ticket_id, site, day): the ticket's dimensions.
const TICKET_FACT_DIMS: &str = "x.day, COALESCE(tk.site, x.site) AS site, tk.program, tk.team_id, \
                                tk.agent_id, tk.work_order_id";

fn facts() -> String {
    let dims = "day, site, program, team_id, agent_id, work_order_id";
    let ticket_join = "LEFT JOIN tk ON tk.ticket_id = x.ticket_id";
    let branches = [
        branch(
            dims,
            "FROM sale s WHERE s.kind = 'won'",
            &[("sales_won", "1"), ("sales_activated", "s.activated::int")],
        ),
        branch(dims, "FROM tk", &[("tickets_opened", "1")]),
        branch(
            TICKET_FACT_DIMS,
            &format!("FROM first_activation x {ticket_join}"),
            &[
                ("activated", "1"),
                (
                    "lead_time_seconds",
                    "GREATEST(EXTRACT(EPOCH FROM x.resolved_at - x.opened_at), 0)",
                ),
            ],
        ),
        branch(
            TICKET_FACT_DIMS,
            &format!("FROM latest x {ticket_join}"),
            &[
                ("resolved", "1"),
                (
                    "resolved_unbreached",
                    "(NOT x.breached AND NOT EXISTS (SELECT 1 FROM activation_breaches b \
                     WHERE b.ticket_id = x.ticket_id))::int",
                ),
            ],
        ),
        branch(
            TICKET_FACT_DIMS,
            &format!("FROM activation_breaches x {ticket_join}"),
            &[
                ("breaches", "1"),
                ("breach_first_response", "(x.clock = 'first_response')::int"),
                ("breach_validation", "(x.clock = 'validation')::int"),
                ("breach_provisioning", "(x.clock = 'provisioning')::int"),
                ("breach_resolution", "(x.clock = 'resolution')::int"),
            ],
        ),
        branch(
            "x.day, COALESCE(tk.site, x.site) AS site, tk.program, \
             COALESCE(tk.team_id, x.team_id) AS team_id, COALESCE(tk.agent_id, x.agent_id) AS agent_id, \
             tk.work_order_id",
            &format!("FROM activation_qc2 x {ticket_join}"),
            &[("qc2", "1"), ("qc2_invalid", "(NOT x.valid)::int")],
        ),
        branch(
            "c.day, COALESCE(c.site, s.site) AS site, COALESCE(c.program, s.program) AS program, \
             COALESCE(c.team_id, s.team_id) AS team_id, COALESCE(c.agent_id, s.agent_id) AS agent_id, \
             s.work_order_id",
            "FROM activation_cabut_cases c LEFT JOIN sdim s ON s.call_id = c.call_id",
            &[("cabut_cases", "1")],
        ),
        branch(
            "c.day, c.site, c.program, c.team_id, c.agent_id, s.work_order_id",
            "FROM activation_mis_sales c LEFT JOIN sdim s ON s.call_id = c.call_id",
            &[("mis_sales", "1")],
        ),
    ];
    format!("WITH {TICKET_DIMS} {}", branches.join(" UNION ALL "))
}

/// The KPI values (in `KPIS` order) of one bucket's sums.
pub fn values(sums: &[f64]) -> Vec<Option<f64>> {
    let at = |name: &str| sums.get(m(name)).copied().unwrap_or(0.0);
    let qc2 = at("qc2");
    vec![
        Some(at("sales_won")),
        Some(at("tickets_opened")),
        Some(at("activated")),
        ratio(at("sales_activated"), at("sales_won")),
        ratio(at("lead_time_seconds"), at("activated")),
        Some(at("breaches")),
        ratio(at("resolved_unbreached"), at("resolved")),
        Some(at("breach_first_response")),
        Some(at("breach_validation")),
        Some(at("breach_provisioning")),
        Some(at("breach_resolution")),
        Some(at("cabut_cases")),
        ratio(at("cabut_cases"), at("activated")),
        Some(at("mis_sales")),
        Some(qc2),
        Some(at("qc2_invalid")),
        ratio(qc2 - at("qc2_invalid"), qc2),
    ]
}

pub async fn report(conn: &mut AsyncPgConnection, query: &ReportQuery) -> crate::Result<Report> {
    let days = day_sums(conn, query, &facts(), MEASURES.len(), ProgramColumn::One).await?;
    Ok(Report {
        family: FAMILY.key,
        columns: KPIS.iter().collect(),
        rows: assemble(query, days, values),
    })
}

/// One row of the CABUT reasons breakdown: how many surveyed cases of the period and
/// group gave `reason` as their main reason.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct CabutReasonRow {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub group: GroupKey,
    /// The taxonomy's reason code (the case's main reason).
    pub reason: String,
    pub cases: u64,
}

/// The CABUT reasons breakdown: surveyed cases per main reason, on the WIB day of the
/// survey (helpdesk.cabut.case_surveyed), within the query's scope and filters; sorted
/// by period, group, then most cases first.
pub async fn cabut_reasons(
    conn: &mut AsyncPgConnection,
    query: &ReportQuery,
) -> crate::Result<Vec<CabutReasonRow>> {
    let facts = "SELECT c.day, c.site, c.program, c.team_id, c.agent_id, s.work_order_id,
                        c.main_reason, 1::float8 AS m0
                 FROM activation_cabut_surveys c
                 LEFT JOIN (SELECT DISTINCT ON (call_id) call_id, work_order_id
                            FROM activation_sale_events ORDER BY call_id, revision DESC) s
                   ON s.call_id = c.call_id";
    let rows = keyed_day_sums(
        conn,
        query,
        facts,
        1,
        ProgramColumn::One,
        Some("main_reason"),
    )
    .await?;
    Ok(reason_rows(query, rows))
}

/// Adds the day counts up per period, group and reason.
pub fn reason_rows(query: &ReportQuery, rows: Vec<KeyedDaySums>) -> Vec<CabutReasonRow> {
    use std::collections::BTreeMap;
    let mut buckets: BTreeMap<(NaiveDate, NaiveDate, GroupKey, String), f64> = BTreeMap::new();
    for (day, group, reason, sums) in rows {
        let (start, end) = bucket(query.period, day, query.from, query.to);
        let key = (
            start,
            end,
            group_key(query.group_by, group.as_deref()),
            reason.unwrap_or_default(),
        );
        *buckets.entry(key).or_insert(0.0) += <[f64]>::first(&sums).copied().unwrap_or(0.0);
    }
    let mut out: Vec<CabutReasonRow> = buckets
        .into_iter()
        .map(
            |((period_start, period_end, group, reason), n)| CabutReasonRow {
                period_start,
                period_end,
                group,
                reason,
                // A count of rows: a whole, non-negative number.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                cases: n.round().max(0.0) as u64,
            },
        )
        .collect();
    out.sort_by(|a, b| {
        (a.period_start, &a.group)
            .cmp(&(b.period_start, &b.group))
            .then(b.cases.cmp(&a.cases))
            .then(a.reason.cmp(&b.reason))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_kpi_and_rates_over_their_denominators() {
        let mut sums = vec![0.0; MEASURES.len()];
        sums[m("sales_won")] = 4.0;
        sums[m("sales_activated")] = 3.0;
        sums[m("activated")] = 5.0;
        sums[m("lead_time_seconds")] = 5.0 * 3600.0;
        sums[m("resolved")] = 6.0;
        sums[m("resolved_unbreached")] = 3.0;
        sums[m("cabut_cases")] = 1.0;
        sums[m("qc2")] = 4.0;
        sums[m("qc2_invalid")] = 1.0;
        let v = values(&sums);
        assert_eq!(v.len(), KPIS.len());
        let of = |key: &str| v[KPIS.iter().position(|k| k.key == key).unwrap_or(0)];
        assert_eq!(of("sale_to_activation_rate"), Some(0.75));
        assert_eq!(of("avg_activation_lead_time"), Some(3600.0));
        assert_eq!(of("sla_compliance"), Some(0.5));
        assert_eq!(of("cabut_rate"), Some(0.2));
        assert_eq!(of("qc2_validity_rate"), Some(0.75));
        let none = values(&vec![0.0; MEASURES.len()]);
        assert_eq!(none[3], None);
        assert_eq!(none[16], None);
    }

    #[test]
    fn every_measure_is_a_column_of_every_branch() {
        let sql = facts();
        let branches = sql.matches(" UNION ALL ").count() + 1;
        assert_eq!(branches, 8);
        assert_eq!(
            sql.matches(&format!("AS m{}", MEASURES.len() - 1)).count(),
            branches
        );
        assert!(MEASURES.iter().all(|n| m(n) < MEASURES.len()));
    }
}
