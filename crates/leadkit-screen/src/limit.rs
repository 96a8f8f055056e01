//! Per-vendor limits: how many calls at once, and how many per second.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// A vendor's concurrency and rate limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Calls in flight at once (at least 1).
    pub concurrency: usize,
    /// Calls started per second (`None`: no limit).
    pub rate: Option<f64>,
}

impl Default for Limits {
    /// 8 calls at once, no rate limit.
    fn default() -> Self {
        Self {
            concurrency: 8,
            rate: None,
        }
    }
}

/// Enforces [`Limits`] for one vendor, shared by every row's task.
#[derive(Debug, Clone)]
pub struct Limiter {
    slots: Arc<Semaphore>,
    spacing: Option<Duration>,
    next: Arc<Mutex<Option<Instant>>>,
}

impl Limiter {
    /// A limiter for `limits`.
    pub fn new(limits: Limits) -> Self {
        let spacing = limits
            .rate
            .filter(|rate| rate.is_finite() && *rate > 0.0)
            .and_then(|rate| Duration::try_from_secs_f64(1.0 / rate).ok());
        Self {
            slots: Arc::new(Semaphore::new(limits.concurrency.max(1))),
            spacing,
            next: Arc::new(Mutex::new(None)),
        }
    }

    /// A free slot, if there is one and the rate limit allows a call now; `None` if
    /// [`acquire`](Limiter::acquire) would wait.
    pub fn try_acquire(&self) -> Option<OwnedSemaphorePermit> {
        let permit = Arc::clone(&self.slots).try_acquire_owned().ok()?;
        if let Some(spacing) = self.spacing {
            let mut next = self.next.try_lock().ok()?;
            let now = Instant::now();
            if next.is_some_and(|at| at > now) {
                return None;
            }
            *next = Some(now + spacing);
        }
        Some(permit)
    }

    /// Waits for a free slot and for the rate limit; the slot is held until the permit drops
    /// (`None` only if the semaphore were closed, which it never is).
    pub async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        let permit = Arc::clone(&self.slots).acquire_owned().await.ok();
        if let Some(spacing) = self.spacing {
            let start = {
                let mut next = self.next.lock().await;
                let now = Instant::now();
                let start = next.map_or(now, |at| at.max(now));
                *next = Some(start + spacing);
                start
            };
            tokio::time::sleep_until(start).await;
        }
        permit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_rate_spaces_calls_and_concurrency_bounds_them() {
        let limiter = Limiter::new(Limits {
            concurrency: 2,
            rate: Some(10.0),
        });
        let started = Instant::now();
        let first = limiter.acquire().await;
        let second = limiter.acquire().await;
        assert_eq!(started.elapsed(), Duration::from_millis(100));
        // A third waits for a slot.
        let third = tokio::time::timeout(Duration::from_secs(1), limiter.acquire()).await;
        assert!(third.is_err());
        drop(first);
        let _third = limiter.acquire().await;
        drop(second);
    }

    #[tokio::test(start_paused = true)]
    async fn try_acquire_takes_only_what_is_free_now() {
        let limiter = Limiter::new(Limits {
            concurrency: 2,
            rate: Some(10.0),
        });
        let first = limiter.try_acquire().expect("a free slot, no call yet");
        // A slot is free, but the rate allows the next call in 100 ms only.
        assert!(limiter.try_acquire().is_none());
        tokio::time::advance(Duration::from_millis(100)).await;
        let second = limiter.try_acquire().expect("the rate allows one now");
        tokio::time::advance(Duration::from_millis(100)).await;
        // The rate allows one, but both slots are taken.
        assert!(limiter.try_acquire().is_none());
        drop(first);
        assert!(limiter.try_acquire().is_some());
        drop(second);
        // A refused try takes no turn from the rate: the next call may start 100 ms after
        // the last one started.
        let started = Instant::now();
        let _third = limiter.acquire().await;
        assert_eq!(started.elapsed(), Duration::from_millis(100));
    }
}
