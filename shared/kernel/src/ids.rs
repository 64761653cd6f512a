//! Primary keys.
//!
//! Every row id is a UUID v7: globally unique without coordination (ids are made in the
//! service, before the insert, so an event can carry the id of a row written in the
//! same transaction), and time-ordered, so new rows land at the end of the primary-key
//! index and ids sort by creation time, which keyset pagination uses as a tie-breaker.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A new UUID v7 for a primary key or an event id.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// When a UUID v7 was made (millisecond precision); `None` for other UUID versions.
pub fn id_created_at(id: Uuid) -> Option<DateTime<Utc>> {
    let (secs, nanos) = id.get_timestamp()?.to_unix();
    let secs = i64::try_from(secs).ok()?;
    DateTime::from_timestamp(secs, nanos)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_7() {
        assert_eq!(new_id().get_version_num(), 7);
    }

    #[test]
    fn ids_are_unique_and_increasing() {
        let ids: Vec<Uuid> = (0..1000).map(|_| new_id()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn creation_time_is_recoverable() {
        let before = Utc::now() - chrono::Duration::milliseconds(1);
        let at = id_created_at(new_id()).unwrap();
        let after = Utc::now() + chrono::Duration::milliseconds(1);
        assert!(before <= at && at <= after, "{before} {at} {after}");
        assert_eq!(id_created_at(Uuid::nil()), None);
    }
}
