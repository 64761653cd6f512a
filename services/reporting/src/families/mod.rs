//! The KPI families: each keeps its own read model (tables in reporting's schema, fed
//! by the events it reads) and answers reports over it. Every family module has the same
//! four items, which this module dispatches to:
//!
//! - `FAMILY`: its key (the `/api/v1/reporting/{family}` segment), KPIs and groupings;
//! - `apply(conn, event)`: folds one event into its tables, in the consumer's
//!   transaction (events of types it does not read are ignored). The raw event is
//!   stored once before (`raw`), so `apply` sees each event once; it must land every
//!   fact on the WIB day of the event's `occurred_at`;
//! - `reset(conn, from)`: deletes what `apply` derived from events of `from` on (all of
//!   it for `None`), so that a rebuild replays them;
//! - `report(conn, query)`: the report, within `query.scope`.

pub mod activation;
pub mod disruptions;
pub mod facts;
pub mod outbound;
pub mod quality;
pub mod workforce;

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;
use tam_contracts::calling::CallCompleted;
use tam_events::{Envelope, Event, HandlerError};

use crate::kpi::{KpiDef, Report};
use crate::query::{Grouping, ReportQuery};

/// A family of KPIs: one report.
#[derive(Debug)]
pub struct Family {
    /// `outbound`: the path segment of its report.
    pub key: &'static str,
    pub title: &'static str,
    pub kpis: &'static [KpiDef],
    /// The groupings its report answers (others are a 400 naming these).
    pub groupings: &'static [Grouping],
}

/// Every family, in the order the API and docs/kpis.md list them.
pub const FAMILIES: &[&Family] = &[
    &outbound::FAMILY,
    &quality::FAMILY,
    &activation::FAMILY,
    &disruptions::FAMILY,
    &workforce::FAMILY,
];

/// The family with `key`.
pub fn family(key: &str) -> Option<&'static Family> {
    FAMILIES.iter().copied().find(|f| f.key == key)
}

/// Every KPI of every family.
pub fn kpis() -> impl Iterator<Item = &'static KpiDef> {
    FAMILIES.iter().flat_map(|f| f.kpis.iter())
}

/// The KPI with `key`.
pub fn kpi(key: &str) -> Option<&'static KpiDef> {
    kpis().find(|k| k.key == key)
}

/// Folds `event` into every family's read model.
pub async fn apply(conn: &mut AsyncPgConnection, event: &Envelope) -> Result<(), HandlerError> {
    outbound::apply(conn, event).await?;
    quality::apply(conn, event).await?;
    activation::apply(conn, event).await?;
    disruptions::apply(conn, event).await?;
    workforce::apply(conn, event).await?;
    Ok(())
}

/// Folds a batch of events (each seen once, in arrival order) into every family's read
/// model: the same figures as [`apply`] on each in turn. Outbound folds the batch with a
/// few statements (its per-event statements were the consumer's bottleneck), and
/// quality's AGREE calls go in with one statement sent pipelined with outbound's (no
/// wait for its answer between them: the batch's time is mostly round trips); the other
/// families fold event by event. No family's `apply` reads another's tables, so the
/// order between families does not matter.
pub async fn apply_batch(
    conn: &mut AsyncPgConnection,
    events: &[&Envelope],
) -> Result<(), HandlerError> {
    let agree = quality::agree_calls(conn, events)?;
    let agree = async move {
        match agree {
            Some(sent) => sent.await.map(drop).map_err(HandlerError::from),
            None => Ok(()),
        }
    };
    // `join`, not `try_join`: both answers are read before the connection is used again.
    let (outbound, agree) = tokio::join!(outbound::apply_batch(conn, events), agree);
    outbound?;
    agree?;
    for event in events {
        // The AGREE calls are in (above); quality reads nothing else of a call.
        if event.event_type != CallCompleted::TYPE {
            quality::apply(conn, event).await?;
        }
        activation::apply(conn, event).await?;
        disruptions::apply(conn, event).await?;
        workforce::apply(conn, event).await?;
    }
    Ok(())
}

/// Forgets what every family derived from events of `from` on (everything for `None`).
pub async fn reset(conn: &mut AsyncPgConnection, from: Option<NaiveDate>) -> crate::Result<()> {
    outbound::reset(conn, from).await?;
    quality::reset(conn, from).await?;
    activation::reset(conn, from).await?;
    disruptions::reset(conn, from).await?;
    workforce::reset(conn, from).await?;
    Ok(())
}

/// `family`'s report for `query`.
pub async fn report(
    conn: &mut AsyncPgConnection,
    family: &'static Family,
    query: &ReportQuery,
) -> crate::Result<Report> {
    match family.key {
        "outbound" => outbound::report(conn, query).await,
        "quality" => quality::report(conn, query).await,
        "activation" => activation::report(conn, query).await,
        "disruptions" => disruptions::report(conn, query).await,
        "workforce" => workforce::report(conn, query).await,
        _ => Err(crate::Error::NotFound("report family")),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    #[test]
    fn kpi_keys_are_unique_and_belong_to_their_family() {
        let mut keys = BTreeSet::new();
        for family in super::FAMILIES {
            for kpi in family.kpis {
                assert!(keys.insert(kpi.key), "{} twice", kpi.key);
                assert_eq!(kpi.family, family.key, "{}", kpi.key);
                assert!(!kpi.definition.is_empty(), "{} has no definition", kpi.key);
            }
        }
    }
}
