//! The per-client limits that a `governor` bucket cannot express: failed password
//! checks, whose outcome is known only once hr has answered, and requests with a body in
//! flight.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::settings::RateLimit;

/// How often (in takes) clients whose bucket is full again are forgotten.
const SWEEP_EVERY: u64 = 4096;

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The maps hold plain counters; a panic elsewhere cannot leave one half-written.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Failed password checks per client: a token bucket in GCRA form (per client, the time
/// its bucket would be full again) that can give a cell back.
///
/// A check takes a cell before it is forwarded and gives it back when hr did not refuse
/// the password. Counting only after hr answered would let a client send any number of
/// guesses at once before the first failure counted; `governor`'s buckets cannot give a
/// cell back, hence this one. Successful logins therefore cost nothing, and a site's
/// whole shift can log in through one NAT address while guessing from it is slowed.
pub struct FailedChecks {
    /// One cell comes back per interval.
    interval: Duration,
    /// How far a client's "full again" time may run ahead of now: burst − 1 intervals.
    tolerance: Duration,
    clients: Mutex<HashMap<IpAddr, Instant>>,
    takes: AtomicU64,
}

impl FailedChecks {
    pub fn new(limit: &RateLimit) -> anyhow::Result<Self> {
        let (Some(interval), Some(extra)) =
            (limit.replenish_interval(), limit.burst.checked_sub(1))
        else {
            anyhow::bail!("the failed-login limit {limit:?} allows no request");
        };
        Ok(Self {
            interval,
            tolerance: interval.saturating_mul(extra),
            clients: Mutex::new(HashMap::new()),
            takes: AtomicU64::new(0),
        })
    }

    /// Takes a cell for a check about to be forwarded; `Err(seconds to wait)` when the
    /// client has none left.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), u32> {
        let mut clients = lock(&self.clients);
        if self.takes.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            clients.retain(|_, full_at| *full_at > now);
        }
        let full_at = clients.get(&client).map_or(now, |at| (*at).max(now));
        let ahead = full_at - now;
        if ahead > self.tolerance {
            return Err(whole_seconds(ahead - self.tolerance));
        }
        clients.insert(client, full_at + self.interval);
        Ok(())
    }

    /// Gives back the cell of a check that hr did not refuse.
    pub fn give_back(&self, client: IpAddr) {
        let mut clients = lock(&self.clients);
        if let Some(full_at) = clients.get_mut(&client) {
            match full_at.checked_sub(self.interval) {
                Some(earlier) => *full_at = earlier,
                None => {
                    clients.remove(&client);
                }
            }
        }
    }
}

/// A wait rounded up to whole seconds (at least one), as `Retry-After` says it.
fn whole_seconds(wait: Duration) -> u32 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    u32::try_from(secs.max(1)).unwrap_or(u32::MAX)
}

/// Requests with a body in flight per client. A slow body holds a connection, a worker's
/// attention and an upstream request; a client may hold only so many at once.
pub struct UploadSlots {
    per_client: u32,
    in_flight: Mutex<HashMap<IpAddr, u32>>,
}

/// One request's place among its client's uploads, given back when dropped.
pub struct UploadSlot {
    slots: Arc<UploadSlots>,
    client: IpAddr,
}

impl UploadSlots {
    pub fn new(per_client: u32) -> anyhow::Result<Arc<Self>> {
        if per_client == 0 {
            anyhow::bail!("an upload limit of 0 per client allows no request with a body");
        }
        Ok(Arc::new(Self {
            per_client,
            in_flight: Mutex::new(HashMap::new()),
        }))
    }

    /// A slot for one more upload of `client`, unless it has all of its slots in use.
    pub fn enter(self: &Arc<Self>, client: IpAddr) -> Option<UploadSlot> {
        let mut in_flight = lock(&self.in_flight);
        let count = in_flight.entry(client).or_insert(0);
        if *count >= self.per_client {
            return None;
        }
        *count += 1;
        Some(UploadSlot {
            slots: Arc::clone(self),
            client,
        })
    }

    #[cfg(test)]
    fn in_flight(&self, client: IpAddr) -> u32 {
        lock(&self.in_flight).get(&client).copied().unwrap_or(0)
    }
}

impl Drop for UploadSlot {
    fn drop(&mut self) {
        let mut in_flight = lock(&self.slots.in_flight);
        if let Some(count) = in_flight.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                in_flight.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn failures_are_limited_and_what_hr_did_not_refuse_is_given_back() {
        // 2 at once, then one every 30 s.
        let checks = FailedChecks::new(&RateLimit::per_minute(2, 2)).unwrap();
        let t0 = Instant::now();
        // Any number of checks that succeed, one after the other, cost nothing.
        for _ in 0..300 {
            checks.take(A, t0).unwrap();
            checks.give_back(A);
        }
        // Two failures (kept), then the third is refused for 30 s.
        checks.take(A, t0).unwrap();
        checks.take(A, t0).unwrap();
        assert_eq!(checks.take(A, t0), Err(30));
        assert_eq!(checks.take(A, t0 + Duration::from_secs(20)), Err(10));
        // Another client is not affected.
        checks.take(B, t0).unwrap();
        // One cell is back after the interval.
        checks.take(A, t0 + Duration::from_secs(30)).unwrap();
        assert!(checks.take(A, t0 + Duration::from_secs(31)).is_err());
    }

    #[test]
    fn checks_in_flight_count_until_answered() {
        let checks = FailedChecks::new(&RateLimit::per_minute(10, 3)).unwrap();
        let t0 = Instant::now();
        // Three sent at once, none answered yet: the fourth waits.
        for _ in 0..3 {
            checks.take(A, t0).unwrap();
        }
        assert!(checks.take(A, t0).is_err());
        // One was a success: its cell comes back.
        checks.give_back(A);
        checks.take(A, t0).unwrap();
    }

    #[test]
    fn a_limit_allowing_nothing_is_refused() {
        assert!(FailedChecks::new(&RateLimit::per_minute(0, 1)).is_err());
        assert!(FailedChecks::new(&RateLimit::per_minute(1, 0)).is_err());
        assert!(UploadSlots::new(0).is_err());
    }

    #[test]
    fn uploads_in_flight_are_capped_per_client_and_slots_come_back() {
        let slots = UploadSlots::new(2).unwrap();
        let first = slots.enter(A).unwrap();
        let second = slots.enter(A).unwrap();
        assert!(slots.enter(A).is_none());
        let other = slots.enter(B).unwrap();
        drop(first);
        let third = slots.enter(A).unwrap();
        drop((second, third, other));
        assert_eq!(slots.in_flight(A), 0);
        assert_eq!(slots.in_flight(B), 0);
    }
}
