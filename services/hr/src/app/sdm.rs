//! SDM fulfilment: the daily close (each closed day's figures written once, with
//! `hr.sdm.day_closed`), the read of a period (closed days as written, today live and
//! provisional) and the CAPLAN gap that opens or grows requisitions.
//!
//! The close runs for every day after the last closed one up to yesterday (WIB, by the
//! configured clock): before every read of the fulfilment and after every CAPLAN
//! revision. The gap runs after each close that closed a day (for every plan) and after
//! a revision (for its plan).

use chrono::{Days, NaiveDate};
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use tam_contracts::hr_caplan::{
    RequisitionChange, RequisitionChanged, RequisitionOpened, RequisitionOrigin, SdmDayClosed,
};
use tam_kernel::time::wib_date;

use super::{Hr, Request};
use crate::domain::caplan::PlanKey;
use crate::domain::requisition::Requisition;
use crate::domain::scope::{scope_of, Scope};
use crate::domain::{sdm, Rejection};
use crate::error::{Error, Result};
use crate::events;
use crate::store::{caplan, requisitions, sdm as store};

/// How long after the gap is found its requisition is needed by, in days.
pub const GAP_NEEDED_WITHIN_DAYS: u64 = 30;

/// Today, WIB, by the configured clock.
pub fn today(hr: &Hr) -> NaiveDate {
    wib_date(hr.clock.now())
}

/// Closes every day after the last closed one up to the day before `today`, in the
/// caller's transaction (the bookmark is locked, so one closer at a time). Returns
/// how many days it closed. The first close starts at the first month any plan
/// applies to (or yesterday, when that is later).
pub async fn close_until(
    conn: &mut AsyncPgConnection,
    today: NaiveDate,
    correlation: Option<&str>,
) -> Result<u32> {
    let Some(first) = caplan::first_month(conn).await? else {
        return Ok(0);
    };
    let yesterday = today.pred_opt().unwrap_or(today);
    let initial = first.min(today).pred_opt().unwrap_or(first);
    let mut last = store::lock_last_closed(conn, initial).await?;
    let keys = caplan::keys(conn).await?;
    let mut closed = 0;
    while last < yesterday {
        let Some(day) = last.succ_opt() else { break };
        close_day(conn, day, &keys, correlation).await?;
        last = day;
        closed += 1;
    }
    if closed > 0 {
        store::set_last_closed(conn, last).await?;
        for key in keys {
            run_gap(conn, key, today, correlation).await?;
        }
    }
    Ok(closed)
}

/// Writes `day`'s figures of every plan (and of every place with staff available).
async fn close_day(
    conn: &mut AsyncPgConnection,
    day: NaiveDate,
    keys: &[PlanKey],
    correlation: Option<&str>,
) -> Result<()> {
    let available = store::available_on(conn, day).await?;
    let mut all: Vec<PlanKey> = keys.to_vec();
    all.extend(available.keys().copied());
    all.sort();
    all.dedup();
    for key in all {
        let target = caplan::target_on(conn, key, day).await?.unwrap_or(0);
        let count = available.get(&key).copied().unwrap_or(0);
        if store::insert_day(conn, key, day, count, target).await? {
            events::PRODUCER
                .publish(
                    conn,
                    Some(key.site),
                    correlation,
                    &SdmDayClosed {
                        site: key.site,
                        program: key.program,
                        role: key.role,
                        day,
                        available: count,
                        target,
                        ratio: sdm::ratio(count, target),
                        below_target: sdm::below_target(count, target),
                    },
                )
                .await?;
        }
    }
    Ok(())
}

/// Opens or grows the CAPLAN-gap requisition of `key` by the people still missing on
/// `today`: the target of today's month less those available today and less the
/// positions already open in requisitions of the plan. Idempotent: once opened, the
/// open positions cover the gap and a second run does nothing. It never shrinks a
/// requisition (a lowered target is cancelled by hand).
pub async fn run_gap(
    conn: &mut AsyncPgConnection,
    key: PlanKey,
    today: NaiveDate,
    correlation: Option<&str>,
) -> Result<Option<Requisition>> {
    let target = caplan::target_on(conn, key, today).await?.unwrap_or(0);
    let available = store::available_on(conn, today)
        .await?
        .get(&key)
        .copied()
        .unwrap_or(0);
    let open = requisitions::open_positions(conn, key.site, key.program, key.role).await?;
    let gap = sdm::gap(target, available, u32::try_from(open).unwrap_or(u32::MAX));
    if gap == 0 {
        return Ok(None);
    }
    let gap = i32::try_from(gap).unwrap_or(i32::MAX);
    let needed_by = today
        .checked_add_days(Days::new(GAP_NEEDED_WITHIN_DAYS))
        .unwrap_or(today);
    let reason = format!("CAPLAN gap: target {target}, available {available} on {today}");
    if let Some(mut open) =
        requisitions::open_gap_for_update(conn, key.site, key.program, key.role).await?
    {
        open.headcount = open.headcount.saturating_add(gap);
        open.reason = reason;
        let grown = requisitions::update(conn, &open).await?;
        publish_changed(conn, &grown, RequisitionChange::Grown, correlation).await?;
        return Ok(Some(grown));
    }
    let Some(opened) = requisitions::insert_gap(
        conn,
        tam_kernel::new_id(),
        (key.site, key.program, key.role),
        gap,
        needed_by,
        &reason,
    )
    .await?
    else {
        return Ok(None);
    };
    publish_opened(conn, &opened, correlation).await?;
    Ok(Some(opened))
}

/// Publishes `hr.requisition.opened` for `r`.
pub async fn publish_opened(
    conn: &mut AsyncPgConnection,
    r: &Requisition,
    correlation: Option<&str>,
) -> Result<()> {
    events::PRODUCER
        .publish(
            conn,
            r.site,
            correlation,
            &RequisitionOpened {
                requisition_id: r.id,
                site: r.site,
                program: r.program,
                role: r.role,
                headcount: u32::try_from(r.headcount).unwrap_or(0),
                needed_by: r.needed_by,
                reason: r.reason.clone(),
                origin: match r.origin {
                    crate::domain::requisition::RequisitionOrigin::Manual => {
                        RequisitionOrigin::Manual
                    }
                    crate::domain::requisition::RequisitionOrigin::CaplanGap => {
                        RequisitionOrigin::CaplanGap
                    }
                },
                opened_by: r.opened_by,
            },
        )
        .await?;
    Ok(())
}

/// Publishes `hr.requisition.changed` for `r` after `change`.
pub async fn publish_changed(
    conn: &mut AsyncPgConnection,
    r: &Requisition,
    change: RequisitionChange,
    correlation: Option<&str>,
) -> Result<()> {
    use crate::domain::requisition::RequisitionStatus as S;
    use tam_contracts::hr_caplan::RequisitionStatus as Wire;
    events::PRODUCER
        .publish(
            conn,
            r.site,
            correlation,
            &RequisitionChanged {
                requisition_id: r.id,
                change,
                headcount: u32::try_from(r.headcount).unwrap_or(0),
                hired: u32::try_from(r.hired).unwrap_or(0),
                needed_by: r.needed_by,
                status: match r.status {
                    S::Open => Wire::Open,
                    S::Filled => Wire::Filled,
                    S::Cancelled => Wire::Cancelled,
                },
            },
        )
        .await?;
    Ok(())
}

/// One day of a fulfilment read.
#[derive(Debug, Clone, PartialEq)]
pub struct SdmDay {
    pub day: NaiveDate,
    pub available: u32,
    pub target: u32,
    pub ratio: Option<f64>,
    pub below_target: bool,
    /// Today's figure, computed live: it changes until the day closes.
    pub provisional: bool,
}

impl SdmDay {
    fn new(day: NaiveDate, available: u32, target: u32, provisional: bool) -> Self {
        Self {
            day,
            available,
            target,
            ratio: sdm::ratio(available, target),
            below_target: sdm::below_target(available, target),
            provisional,
        }
    }
}

/// The fulfilment of `key` from `from` to `to` (days after today are left out): the
/// closed days as they were written (a closed day without a row had neither target
/// nor staff), today live. A supervisor_ops reads their own site only (403).
pub async fn read(
    hr: &Hr,
    request: &Request,
    key: PlanKey,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SdmDay>> {
    check_site(scope_of(&request.actor), key, "read the fulfilment of")?;
    let today = today(hr);
    let correlation = request.correlation_id();
    let mut conn = hr.pool.get().await?;
    conn.transaction::<_, Error, _>(|conn| {
        async move {
            close_until(conn, today, correlation).await?;
            let to = to.min(today);
            let mut out = Vec::new();
            if to < from {
                return Ok(out);
            }
            let last_closed = store::last_closed(conn).await?;
            let closed = store::closed_days(conn, key, from, to).await?;
            let mut rows = closed.into_iter().peekable();
            let mut day = from;
            while day <= to {
                if let Some(row) = rows.next_if(|r| r.day == day) {
                    out.push(SdmDay::new(day, row.available, row.target, false));
                } else if day == today {
                    let target = caplan::target_on(conn, key, day).await?.unwrap_or(0);
                    let available = store::available_on(conn, day)
                        .await?
                        .get(&key)
                        .copied()
                        .unwrap_or(0);
                    out.push(SdmDay::new(day, available, target, true));
                } else if last_closed.is_some_and(|last| day <= last) {
                    out.push(SdmDay::new(day, 0, 0, false));
                }
                let Some(next) = day.succ_opt() else { break };
                day = next;
            }
            Ok(out)
        }
        .scope_boxed()
    })
    .await
}

/// A site-bound caller acts on their own site only (403 otherwise).
pub fn check_site(scope: Scope, key: PlanKey, what: &str) -> Result<()> {
    if scope.covers_site(key.site) {
        return Ok(());
    }
    Err(Rejection::Forbidden(format!(
        "you may only {what} your own site's plan, not {}",
        key.site
    ))
    .into())
}

/// How often the daily close looks for days to close.
pub const CLOSE_POLL: std::time::Duration = std::time::Duration::from_secs(60);

/// The daily close as background work: every [`CLOSE_POLL`] it closes the days before
/// today (by the configured clock) not closed yet, and then runs the gap of every plan.
/// Reads and revisions close too (the same bookmark, locked), so a figure never waits
/// for the poller; the poller makes the close (and its events and requisitions) happen
/// without anyone reading.
#[derive(Clone)]
pub struct DailyClose {
    pub pool: tam_db::DbPool,
    pub clock: tam_kernel::Clock,
}

impl DailyClose {
    /// One close; how many days it closed.
    pub async fn close_once(&self) -> Result<u32> {
        let today = wib_date(self.clock.now());
        let mut conn = self.pool.get().await?;
        conn.transaction::<_, Error, _>(|conn| {
            async move { close_until(conn, today, None).await }.scope_boxed()
        })
        .await
    }

    /// Closes, waits, again, until `shutdown` is cancelled; a failed close is logged and
    /// retried at the next tick.
    pub async fn run(self, shutdown: tokio_util::sync::CancellationToken) {
        loop {
            if let Err(e) = self.close_once().await {
                tracing::warn!(error = %e, "the SDM daily close failed");
            }
            tokio::select! {
                () = shutdown.cancelled() => return,
                () = tokio::time::sleep(CLOSE_POLL) => {}
            }
        }
    }
}
