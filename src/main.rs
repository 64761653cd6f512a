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
    /// Manage the Ed25519 keys access tokens are signed and verified with.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Write a new key pair `<kid>.key.pem` and `<kid>.pub.pem` into TAM_JWT_KEYS_DIR.
    /// To rotate: generate a new kid, give every service its public key, then switch
    /// hr's TAM_JWT_SIGNING_KID to it; remove the old public key after the token lifetime.
    Generate {
        /// Key id (default: TAM_JWT_SIGNING_KID)
        #[arg(long)]
        kid: Option<String>,
    },
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
            ensure_dev_keys(&config)?;
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
        Command::Keys {
            command: KeysCommand::Generate { kid },
        } => {
            let kid = kid.unwrap_or_else(|| config.jwt_signing_kid.clone());
            tam_auth::generate_key_pair(&config.jwt_keys_dir, &kid)?;
            println!(
                "wrote {dir}/{kid}.key.pem and {dir}/{kid}.pub.pem",
                dir = config.jwt_keys_dir.display()
            );
            Ok(())
        }
        Command::Config => Ok(()),
    }
}

/// `tam up` is for a developer machine: without keys, it makes the signing pair rather
/// than refusing to start. `tam serve` (production) never does.
fn ensure_dev_keys(config: &Config) -> anyhow::Result<()> {
    let private = config
        .jwt_keys_dir
        .join(format!("{}.key.pem", config.jwt_signing_kid));
    if !private.exists() {
        tam_auth::generate_key_pair(&config.jwt_keys_dir, &config.jwt_signing_kid)
            .context("generating development keys")?;
        tracing::warn!(dir = %config.jwt_keys_dir.display(), kid = %config.jwt_signing_kid, "no signing key: generated a development key pair");
    }
    Ok(())
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
