use prometheus::{Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry};

/// The event bus's Prometheus metrics, registered in the owning service's registry.
#[derive(Clone, Debug)]
pub struct BusMetrics {
    /// Rows in the outbox not yet confirmed by the broker.
    pub outbox_backlog: IntGauge,
    pub published: IntCounter,
    /// Publishes the broker refused, by reason: nack, returned (unroutable), timeout.
    pub publish_failures: IntCounterVec,
    /// Deliveries by result: applied, duplicate, failed (requeued), poison and forged (not
    /// sent by the producer its type names; both dead-lettered).
    pub consumed: IntCounterVec,
    pub redeliveries: IntCounter,
    /// Messages ready in this service's queue, not yet delivered.
    pub consumer_lag: IntGauge,
    /// From the event's `occurred_at` to the commit of its handler.
    pub delivery_seconds: Histogram,
}

impl BusMetrics {
    pub fn new(registry: &Registry) -> prometheus::Result<Self> {
        let metrics = Self {
            outbox_backlog: IntGauge::new(
                "tam_outbox_backlog",
                "Events in the outbox not yet confirmed by the broker",
            )?,
            published: IntCounter::new(
                "tam_events_published_total",
                "Events published and confirmed by the broker",
            )?,
            publish_failures: IntCounterVec::new(
                Opts::new(
                    "tam_events_publish_failures_total",
                    "Publishes the broker did not confirm, by reason",
                ),
                &["reason"],
            )?,
            consumed: IntCounterVec::new(
                Opts::new(
                    "tam_events_consumed_total",
                    "Deliveries handled by this service, by result",
                ),
                &["result"],
            )?,
            redeliveries: IntCounter::new(
                "tam_events_redeliveries_total",
                "Deliveries the broker marked as redelivered",
            )?,
            consumer_lag: IntGauge::new(
                "tam_consumer_lag",
                "Messages ready in this service's queue",
            )?,
            delivery_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "tam_event_delivery_seconds",
                    "Time from an event's occurrence to the commit of its handler",
                )
                // Fine around the 50 ms delivery goal, coarse beyond a second.
                .buckets(vec![
                    0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0,
                    2.5, 5.0, 10.0, 30.0, 60.0,
                ]),
            )?,
        };
        registry.register(Box::new(metrics.outbox_backlog.clone()))?;
        registry.register(Box::new(metrics.published.clone()))?;
        registry.register(Box::new(metrics.publish_failures.clone()))?;
        registry.register(Box::new(metrics.consumed.clone()))?;
        registry.register(Box::new(metrics.redeliveries.clone()))?;
        registry.register(Box::new(metrics.consumer_lag.clone()))?;
        registry.register(Box::new(metrics.delivery_seconds.clone()))?;
        Ok(metrics)
    }
}
