//! Daily activity: events per type, site and WIB business day.

use async_trait::async_trait;
use chrono::NaiveDate;
use diesel::sql_types::{Date, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tam_events::catalog::ALL_EVENTS;
use tam_events::{Envelope, EventHandler, HandlerError};
use tam_kernel::wib_date;

/// Counts every event on the bus. Binding to every event also means no event is ever
/// unroutable while reporting runs.
pub struct ActivityCounter;

/// The row an event counts towards: its business day in WIB, its type, its site.
pub fn activity_key(event: &Envelope) -> (NaiveDate, &str, &str) {
    (
        wib_date(event.occurred_at),
        event.event_type.as_str(),
        event.site.as_deref().unwrap_or(""),
    )
}

#[async_trait]
impl EventHandler for ActivityCounter {
    fn subscriptions(&self) -> Vec<String> {
        vec![ALL_EVENTS.to_owned()]
    }

    async fn handle(
        &self,
        conn: &mut AsyncPgConnection,
        event: &Envelope,
    ) -> Result<(), HandlerError> {
        let (day, event_type, site) = activity_key(event);
        diesel::sql_query(
            "INSERT INTO event_counts (day, event_type, site, events) VALUES ($1, $2, $3, 1)
             ON CONFLICT (day, event_type, site) DO UPDATE SET events = event_counts.events + 1",
        )
        .bind::<Date, _>(day)
        .bind::<Text, _>(event_type)
        .bind::<Text, _>(site)
        .execute(conn)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn event(at: chrono::DateTime<Utc>, site: Option<&str>) -> Envelope {
        Envelope {
            id: uuid::Uuid::now_v7(),
            event_type: "calling.call.completed".into(),
            version: 1,
            occurred_at: at,
            producer: "calling".into(),
            site: site.map(str::to_owned),
            correlation_id: None,
            payload: serde_json::json!({}),
        }
    }

    #[test]
    fn counts_towards_the_wib_business_day() {
        // 18:30 UTC is 01:30 the next day in Jakarta.
        let late = Utc.with_ymd_and_hms(2026, 11, 28, 18, 30, 0).unwrap();
        let event = event(late, Some("medan"));
        let (day, ty, site) = activity_key(&event);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(ty, "calling.call.completed");
        assert_eq!(site, "medan");
    }

    #[test]
    fn an_event_without_a_site_counts_under_no_site() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 3, 0, 0).unwrap();
        let event = event(at, None);
        let (day, _, site) = activity_key(&event);
        assert_eq!(day, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
        assert_eq!(site, "");
    }
}
