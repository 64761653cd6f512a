//! One place that sets up logging: JSON lines in production, readable lines for people,
//! filtered by `TAM_LOG`. Tests stay quiet unless `TEST_LOG` is set.

use tracing::Subscriber;
use tracing_subscriber::fmt::format::{DefaultFields, JsonFields};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;
use crate::request_span::DeferredSpanFields;

/// Installs the global subscriber; a second call (tests, `tam up`) is a no-op.
pub fn init(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = match format {
        LogFormat::Json => json_subscriber(filter, std::io::stdout).try_init(),
        // The request span's fields are deferred here too: formatting them costs the
        // same whoever reads the lines.
        LogFormat::Pretty => tracing_subscriber::registry()
            .with(filter)
            .with(DeferredSpanFields::new(DefaultFields::new()))
            .with(tracing_subscriber::fmt::layer())
            .try_init(),
    };
}

/// The production JSON logs, written to `writer`: one line an event, flattened, with
/// the current span and the span list. [`DeferredSpanFields`] sits below the fmt layer
/// so that a request span's fields are formatted only for a line that shows them.
pub(crate) fn json_subscriber<W>(
    filter: EnvFilter,
    writer: W,
) -> impl Subscriber + Send + Sync + 'static
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::registry()
        .with(filter)
        .with(DeferredSpanFields::new(JsonFields::new()))
        .with(
            tracing_subscriber::fmt::layer()
                .json()
                .flatten_event(true)
                .with_current_span(true)
                .with_writer(writer),
        )
}

/// For tests: logs to the test's output only when `TEST_LOG` is set.
pub fn init_for_tests() {
    if std::env::var_os("TEST_LOG").is_some() {
        let filter = std::env::var("TEST_LOG").unwrap_or_else(|_| "info".into());
        let _ = tracing_subscriber::fmt()
            .with_env_filter(EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info")))
            .with_test_writer()
            .try_init();
    }
}
