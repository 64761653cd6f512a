//! What hr consumes.
//!
//! - `quality.call.validated`: quality's verdicts, kept per call in hr's copy for the
//!   monthly evaluation ([`crate::app::evaluation::apply_verdict`]): the highest
//!   revision wins, an older one arriving late changes nothing; a correction of an
//!   approved month lands on a later month as an adjustment.

use tam_contracts::quality::{CallValidated, Verdict};
use tam_events::{HandlerError, Subscriptions};
use tam_kernel::time::wib_date;
use tam_kernel::Clock;

use crate::app::evaluation;
use crate::domain::evaluation::month_of;
use crate::store::evaluations::VerdictRow;

/// hr's subscriptions; "now" (the month an adjustment lands on) is the service's clock.
pub fn subscriptions(clock: Clock) -> Subscriptions {
    Subscriptions::new().on::<CallValidated, _>(move |conn, e, envelope| {
        let now = clock.now();
        let correlation = envelope.correlation_id.clone();
        Box::pin(async move {
            let row = verdict_row(&e)?;
            evaluation::apply_verdict(conn, row, now, correlation.as_deref())
                .await
                .map_err(failed)
        })
    })
}

/// What hr keeps of a verdict; the call counts in the WIB month it was judged in.
pub fn verdict_row(e: &CallValidated) -> Result<VerdictRow, HandlerError> {
    Ok(VerdictRow {
        call_id: e.call_id,
        task_id: e.task_id,
        agent_id: e.agent_id,
        team_id: e.team_id,
        site: e.site.as_str().to_owned(),
        program: e.program.as_str().to_owned(),
        verdict: match e.verdict {
            Verdict::Valid => "valid",
            Verdict::Returned => "returned",
        }
        .to_owned(),
        score: e.score,
        revision: i32::try_from(e.revision)
            .map_err(|_| HandlerError::Rejected(format!("revision {} is too large", e.revision)))?,
        validated_at: e.validated_at,
        month: month_of(wib_date(e.validated_at)),
    })
}

fn failed(err: crate::Error) -> HandlerError {
    match err {
        crate::Error::Db(err) => HandlerError::from(err),
        crate::Error::Unavailable(cause) => {
            HandlerError::Database(tam_db::DbError::Unavailable(cause))
        }
        other => HandlerError::Rejected(format!("{other:#}")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use serde_json::json;
    use tam_events::EventHandler;
    use uuid::Uuid;

    #[test]
    fn subscribes_to_exactly_what_the_contracts_name() {
        assert_eq!(
            subscriptions(Clock::system()).subscriptions(),
            tam_contracts::consumed_by("hr")
        );
    }

    #[test]
    fn a_verdict_counts_in_its_wib_month() {
        let e: CallValidated = serde_json::from_value(json!({
            "task_id": Uuid::now_v7(), "call_id": Uuid::now_v7(),
            "prospect_id": Uuid::now_v7(), "work_order_id": Uuid::now_v7(),
            "agent_id": Uuid::now_v7(), "team_id": null, "site": "medan",
            "program": "add_on_consumer", "verdict": "valid", "score": 95.0,
            "reason": null, "recommendation": null,
            // 18:00 UTC on 30 November is 1 December in Jakarta.
            "validated_at": "2026-11-30T18:00:00Z", "revision": 2,
        }))
        .unwrap();
        let row = verdict_row(&e).unwrap();
        assert_eq!(
            row.month,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert!(row.is_valid());
        assert_eq!(row.revision, 2);
    }
}
