//! The outbound family: outbound calling. Calls and their results per agent and day,
//! the prospects of the work orders worked and settled, FOLLOW UP promises kept.
//!
//! - `fold`: the rules (what a prospect's calls add up to), plain functions;
//! - `store`: the tables (migration `2026-12-04-110000_outbound`);
//! - `kpis`: the KPI definitions.
//!
//! Call counters land on the WIB day of the event that made them true. Prospect and
//! FOLLOW UP facts are recomputed for a prospect from all its known calls whenever one
//! of its call events arrives, and only the difference is added to the rollup: the
//! figures do not depend on the order events arrive in.

pub mod fold;
pub mod kpis;
pub mod store;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate};
use diesel_async::AsyncPgConnection;
use tam_contracts::calling::{CallAbandoned, CallCompleted, CallRef, CallStarted};
use tam_contracts::prospect::{
    DaprosImported, ProspectClaimed, SaleWon, WorkOrderCreated, WorkOrderStatusChanged,
};
use tam_events::{decode, Envelope, Event, HandlerError};
use tam_kernel::wib_date;
use uuid::Uuid;

use super::Family;
use crate::kpi::{ratio, GroupKey, KpiDef, Report, ReportRow};
use crate::query::{bucket, Grouping, ReportQuery, Scope};

use self::fold::Dims;
use self::store::{CallKey, Selection, Sums, WorkOrder};

pub const KPIS: &[KpiDef] = kpis::KPIS;

pub const FAMILY: Family = Family {
    key: "outbound",
    title: "Outbound calling",
    kpis: KPIS,
    groupings: &[
        Grouping::Total,
        Grouping::Agent,
        Grouping::Team,
        Grouping::Site,
        Grouping::Program,
        Grouping::WorkOrder,
    ],
};

fn call_key(call: &CallRef, started_at: chrono::DateTime<chrono::Utc>) -> CallKey {
    CallKey {
        call_id: call.call_id,
        prospect_id: call.prospect_id,
        started_at,
        dims: Dims {
            site: call.site.as_str().to_owned(),
            program: call.program.as_str().to_owned(),
            team_id: call.team_id,
            agent_id: call.agent_id,
            work_order_id: call.work_order_id,
        },
    }
}

/// Folds one event into the outbound tables (other types are ignored).
pub async fn apply(conn: &mut AsyncPgConnection, event: &Envelope) -> Result<(), HandlerError> {
    apply_batch(conn, &[event]).await
}

/// Folds a batch of events (each seen once) into the outbound tables with a few
/// statements whatever the batch's size: the call events' rows are written per type
/// with one statement each, the prospects they touched are refreshed at once, and the
/// day rows get every counter's difference with one upsert. The figures are those of
/// folding the events one by one: call counters fire once per call (the first event
/// that makes them true), and prospect facts are a function of the final set of calls.
pub async fn apply_batch(
    conn: &mut AsyncPgConnection,
    events: &[&Envelope],
) -> Result<(), HandlerError> {
    let mut started = Vec::new();
    let mut completed = Vec::new();
    let mut abandoned = Vec::new();
    let mut created = Vec::new();
    for event in events {
        let day = wib_date(event.occurred_at);
        match event.event_type.as_str() {
            CallStarted::TYPE => {
                let e = decode::<CallStarted>(event)?;
                let call = call_key(&e.call, e.started_at);
                started.push(store::Started { call, day });
            }
            CallCompleted::TYPE => {
                let e = decode::<CallCompleted>(event)?;
                let call = call_key(&e.call, e.started_at);
                completed.push(store::Completed {
                    call,
                    day,
                    outcome: e.outcome,
                    duration_seconds: e.duration_seconds,
                    follow_up_at: e.follow_up_at,
                });
            }
            CallAbandoned::TYPE => {
                let e = decode::<CallAbandoned>(event)?;
                let call = call_key(&e.call, e.started_at);
                abandoned.push(store::Abandoned { call, day });
            }
            WorkOrderCreated::TYPE => {
                let e = decode::<WorkOrderCreated>(event)?;
                let wo = WorkOrder {
                    work_order_id: e.work_order_id,
                    wo_code: Some(&e.wo_code),
                    site: e.site.as_str(),
                    program: e.program.as_str(),
                };
                store::record_work_order_created(conn, &wo, e.max_attempts, day).await?;
                created.push(e.work_order_id);
            }
            _ => apply_work_order_event(conn, event, day).await?,
        }
    }
    let mut touched: BTreeSet<Uuid> = started
        .iter()
        .map(|i| i.call.prospect_id)
        .chain(completed.iter().map(|i| i.call.prospect_id))
        .chain(abandoned.iter().map(|i| i.call.prospect_id))
        .collect();
    let mut deltas = store::DayDeltas::default();
    store::calls_started(conn, &started).await?;
    store::calls_completed(conn, &completed, &mut deltas).await?;
    store::calls_abandoned(conn, &abandoned, &mut deltas).await?;
    // The limit decides which of a work order's prospects are exhausted.
    touched.extend(store::prospects_of_work_orders(conn, &created).await?);
    store::refresh_prospects(conn, &touched, &mut deltas).await?;
    store::apply_day_deltas(conn, &deltas).await?;
    Ok(())
}

/// The prospect events that only name a work order (or load it): one statement each,
/// in arrival order (they are few).
async fn apply_work_order_event(
    conn: &mut AsyncPgConnection,
    event: &Envelope,
    day: NaiveDate,
) -> Result<(), HandlerError> {
    match event.event_type.as_str() {
        WorkOrderStatusChanged::TYPE => {
            let e = decode::<WorkOrderStatusChanged>(event)?;
            let wo = WorkOrder {
                work_order_id: e.work_order_id,
                wo_code: Some(&e.wo_code),
                site: e.site.as_str(),
                program: e.program.as_str(),
            };
            store::work_order_seen(conn, &wo, day).await?;
        }
        ProspectClaimed::TYPE => {
            let e = decode::<ProspectClaimed>(event)?;
            let wo = WorkOrder {
                work_order_id: e.work_order_id,
                wo_code: Some(&e.wo_code),
                site: e.site.as_str(),
                program: e.program.as_str(),
            };
            store::work_order_seen(conn, &wo, day).await?;
        }
        SaleWon::TYPE => {
            let e = decode::<SaleWon>(event)?;
            let wo = WorkOrder {
                work_order_id: e.work_order_id,
                wo_code: Some(&e.wo_code),
                site: e.site.as_str(),
                program: e.program.as_str(),
            };
            store::work_order_seen(conn, &wo, day).await?;
        }
        DaprosImported::TYPE => {
            let e = decode::<DaprosImported>(event)?;
            let wo = WorkOrder {
                work_order_id: e.work_order_id,
                wo_code: None,
                site: e.site.as_str(),
                program: e.program.as_str(),
            };
            store::loaded(conn, &wo, e.accepted, day).await?;
        }
        _ => {}
    }
    Ok(())
}

/// Forgets what events of `from` on gave (everything for `None`).
pub async fn reset(conn: &mut AsyncPgConnection, from: Option<NaiveDate>) -> crate::Result<()> {
    match from {
        None => store::reset_all(conn).await?,
        Some(day) => store::reset_from(conn, day).await?,
    }
    Ok(())
}

/// The rows a query reads, from the caller's scope and the filters.
fn selection(query: &ReportQuery) -> Selection {
    let (scope_site, scope_team, scope_agent) = match query.scope {
        Scope::All => (None, None, None),
        Scope::Site(site) => (Some(site), None, None),
        Scope::Team { site, team } => (Some(site), Some(team), None),
        Scope::Agent { site, agent } => (Some(site), None, Some(agent)),
    };
    Selection {
        scope_site: scope_site.map(|s| s.as_str().to_owned()),
        scope_team,
        scope_agent,
        site: query.site.map(|s| s.as_str().to_owned()),
        program: query.program.map(|p| p.as_str().to_owned()),
        team: query.team,
        agent: query.agent,
        work_order: query.work_order,
    }
}

/// Whether loaded prospects are part of the answer: they belong to a work order, so
/// not when the rows or the selection are about agents or teams.
fn loaded_applies(query: &ReportQuery) -> bool {
    !matches!(query.group_by, Grouping::Agent | Grouping::Team)
        && matches!(query.scope, Scope::All | Scope::Site(_))
        && query.team.is_none()
        && query.agent.is_none()
}

/// The column expression a grouping's rows are keyed by (fixed text, never input).
const fn group_column(grouping: Grouping) -> &'static str {
    match grouping {
        Grouping::Total => "NULL::text",
        Grouping::Agent => "agent_id::text",
        Grouping::Team => "team_id::text",
        Grouping::Site => "site",
        Grouping::Program => "program",
        Grouping::WorkOrder => "work_order_id::text",
    }
}

/// One report row's sums before its KPIs are computed.
#[derive(Debug, Default)]
struct Cell {
    sums: Sums,
    loaded: i64,
}

/// The KPI values of one row, in [`KPIS`] order; `loaded` is `None` where loaded
/// prospects are not part of the answer.
pub fn values(s: &Sums, loaded: Option<i64>) -> Vec<Option<f64>> {
    // Counts fit f64 exactly far beyond any contact center's volume.
    #[allow(clippy::cast_precision_loss)]
    let f = |n: i64| n as f64;
    let contacts = s.agree + s.decline + s.follow_up;
    let unreached = s.no_answer + s.busy + s.unreachable + s.rejected;
    let loaded_f = loaded.map(f);
    let per_loaded = |n: i64| loaded_f.and_then(|l| ratio(f(n), l));
    KPIS.iter()
        .map(|k| match k.key {
            "calls" => Some(f(s.calls)),
            "contacts" => Some(f(contacts)),
            "contact_rate" => ratio(f(contacts), f(s.calls)),
            "right_number_rate" => ratio(f(contacts), f(contacts + s.wrong_number)),
            "conversion" => ratio(f(s.agree), f(contacts)),
            "agree" => Some(f(s.agree)),
            "decline" => Some(f(s.decline)),
            "follow_up" => Some(f(s.follow_up)),
            "unreached" => Some(f(unreached)),
            "wrong_number" => Some(f(s.wrong_number)),
            "avg_call_duration" => ratio(f(s.talk_seconds), f(s.calls)),
            "follow_up_due" => Some(f(s.follow_up_due)),
            "follow_up_kept" => Some(f(s.follow_up_kept)),
            "follow_up_adherence" => ratio(f(s.follow_up_kept), f(s.follow_up_due)),
            "follow_up_yield" => ratio(f(s.follow_up_answered_agree), f(s.follow_up_answered)),
            "prospects_loaded" => loaded_f,
            "prospects_attempted" => Some(f(s.prospects_attempted)),
            "prospects_final" => Some(f(s.prospects_final)),
            "list_penetration" => per_loaded(s.prospects_attempted),
            "list_exhaustion" => per_loaded(s.prospects_final),
            "attempts_per_prospect" => ratio(f(s.calls), f(s.prospects_attempted)),
            "abandoned_calls" => Some(f(s.abandoned)),
            _ => None,
        })
        .collect()
}

/// The outbound report for `query`, within its scope.
pub async fn report(conn: &mut AsyncPgConnection, query: &ReportQuery) -> crate::Result<Report> {
    let s = selection(query);
    let group = group_column(query.group_by);
    let with_loaded = loaded_applies(query);

    type Key = ((NaiveDate, NaiveDate), Option<String>);
    let mut cells: BTreeMap<Key, Cell> = BTreeMap::new();
    if query.group_by == Grouping::Total {
        // A total row for every bucket, even an empty one: a day without calls is a
        // zero, not a gap.
        let mut day = query.from;
        while day <= query.to {
            let b = bucket(query.period, day, query.from, query.to);
            cells.entry((b, None)).or_default();
            day = b.1 + Duration::days(1);
        }
    }
    for row in store::day_sums(conn, group, query.from, query.to, &s).await? {
        let b = bucket(query.period, row.day, query.from, query.to);
        cells
            .entry((b, row.group_id))
            .or_default()
            .sums
            .add(&row.sums);
    }
    if with_loaded {
        for row in store::day_loaded(conn, group, query.from, query.to, &s).await? {
            let b = bucket(query.period, row.day, query.from, query.to);
            cells.entry((b, row.group_id)).or_default().loaded += row.loaded;
        }
    }
    // Groups with nothing (rows emptied by a rebuild) are not shown, as live.
    if query.group_by != Grouping::Total {
        cells.retain(|_, c| !c.sums.is_empty() || c.loaded != 0);
    }

    let codes = if query.group_by == Grouping::WorkOrder {
        let ids: Vec<Uuid> = cells
            .keys()
            .filter_map(|(_, id)| id.as_deref().and_then(|i| i.parse().ok()))
            .collect();
        store::wo_codes(conn, &ids).await?
    } else {
        BTreeMap::new()
    };
    let kind = query.group_by.as_str();
    let mut rows: Vec<ReportRow> = cells
        .into_iter()
        .map(|(((start, end), id), cell)| {
            let group = match (query.group_by, id) {
                (Grouping::Total, _) => GroupKey::total(),
                (_, None) => GroupKey::of_uuid(kind, None),
                (Grouping::WorkOrder, Some(id)) => {
                    let label = id
                        .parse::<Uuid>()
                        .ok()
                        .and_then(|u| codes.get(&u).cloned())
                        .unwrap_or_else(|| id.clone());
                    GroupKey {
                        kind,
                        id: Some(id),
                        label,
                    }
                }
                (_, Some(id)) => GroupKey {
                    kind,
                    label: id.clone(),
                    id: Some(id),
                },
            };
            ReportRow {
                period_start: start,
                period_end: end,
                group,
                values: values(&cell.sums, with_loaded.then_some(cell.loaded)),
            }
        })
        .collect();
    rows.sort_by(|a, b| (a.period_start, &a.group).cmp(&(b.period_start, &b.group)));
    Ok(Report {
        family: FAMILY.key,
        columns: KPIS.iter().collect(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_has_a_value_and_rates_over_nothing_are_empty() {
        let none = values(&Sums::default(), Some(0));
        assert_eq!(none.len(), KPIS.len());
        let at = |k: &str| kpis::column(k).map(|i| none[i]);
        assert_eq!(at("calls"), Some(Some(0.0)));
        assert_eq!(at("contact_rate"), Some(None));
        assert_eq!(at("list_penetration"), Some(None));
    }

    #[test]
    fn the_rates_read_their_counters() {
        let s = Sums {
            calls: 10,
            agree: 2,
            decline: 1,
            follow_up: 1,
            wrong_number: 1,
            no_answer: 5,
            talk_seconds: 600,
            prospects_attempted: 5,
            prospects_final: 4,
            follow_up_due: 4,
            follow_up_kept: 3,
            follow_up_answered: 2,
            follow_up_answered_agree: 1,
            ..Sums::default()
        };
        let v = values(&s, Some(8));
        let at = |k: &str| kpis::column(k).and_then(|i| v[i]);
        assert_eq!(at("contacts"), Some(4.0));
        assert_eq!(at("contact_rate"), Some(0.4));
        assert_eq!(at("right_number_rate"), Some(0.8));
        assert_eq!(at("conversion"), Some(0.5));
        assert_eq!(at("unreached"), Some(5.0));
        assert_eq!(at("avg_call_duration"), Some(60.0));
        assert_eq!(at("follow_up_adherence"), Some(0.75));
        assert_eq!(at("follow_up_yield"), Some(0.5));
        assert_eq!(at("list_penetration"), Some(0.625));
        assert_eq!(at("list_exhaustion"), Some(0.5));
        assert_eq!(at("attempts_per_prospect"), Some(2.0));
        // No loaded figures for agents and teams.
        let v = values(&s, None);
        assert_eq!(v[kpis::column("prospects_loaded").unwrap_or(0)], None);
    }
}
