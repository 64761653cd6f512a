use prometheus::{
    exponential_buckets, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts,
    Registry,
};

/// The event bus's Prometheus metrics, registered in the owning service's registry.
#[derive(Clone, Debug)]
pub struct BusMetrics {
    /// Rows in the outbox not yet confirmed by the broker.
    pub outbox_backlog: IntGauge,
    pub published: IntCounter,
    /// Publishes the broker refused, by reason: nack, returned (unroutable), timeout.
    pub publish_failures: IntCounterVec,
    /// Deliveries by result: applied, duplicate, failed (requeued), poison (dead-lettered).
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
                .buckets(exponential_buckets(0.001, 2.0, 16)?),
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
