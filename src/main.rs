//! `tam`: every TAM service in one binary.

use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tam_runtime::{telemetry, Config, ServiceName, VARIABLES};
use tokio_util::sync::CancellationToken;

#[derive(Parser)]
#[command(name = "tam", version, about = "TAM outbound contact-center suite")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate every schema, then run all seven services in this process.
    Up,
    /// Run one service (containers and pods run this).
    Serve {
        /// gateway, hr, prospect, calling, quality, helpdesk or reporting
        service: ServiceName,
    },
    /// Apply pending migrations of every schema, or of one service's.
    Migrate { service: Option<ServiceName> },
    /// List the configuration variables with their defaults.
    Config,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Config = cli.command {
        for (name, default, meaning) in VARIABLES {
            println!("{name}\t{default}\t{meaning}");
        }
        return Ok(());
    }
    let config = Arc::new(Config::from_env()?);
    telemetry::init(&config.log_filter, config.log_format);
    match cli.command {
        Command::Up => {
            tam::migrate(&config, &tam::services()).await?;
            run(config, &tam::services()).await
        }
        Command::Serve { service } => run(config, &[tam::service(service)]).await,
        Command::Migrate { service } => {
            let services = match service {
                Some(name) => vec![tam::service(name)],
                None => tam::services().to_vec(),
            };
            tam::migrate(&config, &services).await
        }
        Command::Config => Ok(()),
    }
}

async fn run(config: Arc<Config>, services: &[tam_runtime::ServiceDef]) -> anyhow::Result<()> {
    let shutdown = CancellationToken::new();
    let running = tam::start(config, services, &shutdown).await?;
    wait_for_signal().await?;
    tracing::info!("shutting down");
    shutdown.cancel();
    for service in running {
        service.stopped().await?;
    }
    Ok(())
}

async fn wait_for_signal() -> anyhow::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate()).context("installing SIGTERM handler")?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result.context("waiting for ctrl-c")?,
        _ = terminate.recv() => {}
    }
    Ok(())
}
