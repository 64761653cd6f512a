//! The runtime runs one piece of background work per service (`ServiceParts::background`);
//! reporting has several (the packs' scheduler, the daily reconciliation), so `build`
//! collects them and [`all`] runs them side by side as one.

use tam_runtime::Background;
use tokio_util::sync::CancellationToken;

/// One background work that runs every one of `tasks` until each returns (each is
/// handed the shutdown token); `None` when there is none.
pub fn all(tasks: Vec<Background>) -> Option<Background> {
    if tasks.is_empty() {
        return None;
    }
    Some(Box::new(move |shutdown: CancellationToken| {
        Box::pin(async move {
            let running: Vec<_> = tasks
                .into_iter()
                .map(|task| tokio::spawn(task(shutdown.clone())))
                .collect();
            for handle in running {
                if let Err(e) = handle.await {
                    tracing::error!(error = %e, "a reporting background task failed");
                }
            }
        })
    }))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use super::*;

    #[tokio::test]
    async fn every_task_runs_until_shutdown() {
        assert!(all(Vec::new()).is_none());
        let stopped = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<Background> = (0..3)
            .map(|_| {
                let stopped = Arc::clone(&stopped);
                let task: Background = Box::new(move |shutdown: CancellationToken| {
                    Box::pin(async move {
                        shutdown.cancelled().await;
                        stopped.fetch_add(1, Ordering::SeqCst);
                    })
                });
                task
            })
            .collect();
        let shutdown = CancellationToken::new();
        let background = all(tasks).unwrap();
        let run = tokio::spawn(background(shutdown.clone()));
        shutdown.cancel();
        run.await.unwrap();
        assert_eq!(stopped.load(Ordering::SeqCst), 3);
    }
}
