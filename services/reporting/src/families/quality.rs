//! The quality family: Quality validation. (Stub: the interface every family has; see families/mod.rs.)

use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;
use tam_events::{Envelope, HandlerError};

use super::Family;
use crate::kpi::{KpiDef, Report};
use crate::query::{Grouping, ReportQuery};

pub const KPIS: &[KpiDef] = &[];

pub const FAMILY: Family = Family {
    key: "quality",
    title: "Quality validation",
    kpis: KPIS,
    groupings: &[
        Grouping::Total,
        Grouping::Agent,
        Grouping::Team,
        Grouping::Site,
        Grouping::Program,
    ],
};

pub async fn apply(_conn: &mut AsyncPgConnection, _event: &Envelope) -> Result<(), HandlerError> {
    Ok(())
}

pub async fn reset(_conn: &mut AsyncPgConnection, _from: Option<NaiveDate>) -> crate::Result<()> {
    Ok(())
}

pub async fn report(_conn: &mut AsyncPgConnection, _query: &ReportQuery) -> crate::Result<Report> {
    Ok(Report {
        family: FAMILY.key,
        columns: KPIS.iter().collect(),
        rows: Vec::new(),
    })
}
