//! `tam`: every TAM service in one binary.

use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tam_runtime::{telemetry, Config, ServiceName};
use tokio_util::sync::CancellationToken;

mod client_cli;

#[derive(Parser)]
#[command(name = "tam", version, about = "TAM outbound contact-center suite")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate every schema, then run all seven services in this process.
    Up {
        /// Also create the demo organisation (one user per role per site) and print its
        /// credentials, so every role can be tried at once.
        #[arg(long)]
        demo: bool,
        /// Run the multi-site topology instead (e.g. `--sites bandung,medan`): central
        /// (hr, helpdesk, reporting and a gateway) and each site (gateway, prospect,
        /// calling, quality), each with its own database (tam_central, tam_<site>) and
        /// broker vhost, linked by shovels; central on the usual ports, the i-th site on
        /// them + 100 × i. Prints each place's gateway address.
        #[arg(long, value_delimiter = ',')]
        sites: Vec<tam_kernel::Site>,
    },
    /// Run one service (containers and pods run this).
    Serve {
        /// gateway, hr, prospect, calling, quality, helpdesk or reporting
        service: ServiceName,
    },
    /// Apply pending migrations of every schema, or of the named services' (and declare
    /// only their queues: central's or a site's, `tam migrate hr helpdesk reporting`).
    Migrate { services: Vec<ServiceName> },
    /// List the configuration variables with their defaults: the shared ones, then each
    /// registered service's own.
    Config,
    /// List the registered services (`tam::SERVICES`): name, default port and schema
    /// (`-` for none), tab-separated; the deployment scripts read it.
    Services,
    /// Create the first administrator. The password is read from TAM_ADMIN_PASSWORD, or
    /// from the first line of standard input.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Create demo data.
    Seed {
        #[command(subcommand)]
        command: SeedCommand,
    },
    /// Manage the Ed25519 keys access tokens are signed and verified with.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Manage the services' broker users.
    Broker {
        #[command(subcommand)]
        command: BrokerCommand,
    },
    /// Reporting's read models.
    Reporting {
        #[command(subcommand)]
        command: ReportingCommand,
    },
    /// The API from the command line, through the typed client (tam-client): log in,
    /// next, start-call, result, import, export; `--output json|table`.
    Client(client_cli::ClientArgs),
}

#[derive(Subcommand)]
enum ReportingCommand {
    /// Rebuild every read model of reporting from its raw event log, in one transaction
    /// (the live consumer waits meanwhile); prints how many events it replayed and how
    /// long it took. The schema must be current: run `tam migrate reporting` first.
    Rebuild {
        /// The first WIB day to rebuild, YYYY-MM-DD (default: everything)
        #[arg(long)]
        from: Option<String>,
    },
}

#[derive(Subcommand)]
enum BrokerCommand {
    /// Create or update, through the management API (TAM_AMQP_MANAGEMENT_URL, as
    /// TAM_AMQP_URL's administrator), the broker user of every service given its own
    /// TAM_<SERVICE>_AMQP_URL, with the password in that URL and only its own rights.
    Users,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an administrator who may log in at once (no forced password change).
    Create { username: String },
}

#[derive(Subcommand)]
enum SeedCommand {
    /// A small demo organisation: one user per role per site the role applies to, and
    /// teams; idempotent. Prints the credentials.
    Demo {
        /// The password every demo user gets
        #[arg(long, default_value = DEMO_PASSWORD)]
        password: String,
    },
}

/// The demo organisation's password: for trying the suite on a laptop, never production.
const DEMO_PASSWORD: &str = "tam-demo-2026";

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
    // A client of the API needs none of the services' configuration.
    if let Command::Client(args) = cli.command {
        std::process::exit(client_cli::run(args).await);
    }
    if let Command::Config = cli.command {
        for (name, default, meaning) in tam::variables() {
            println!("{name}\t{default}\t{meaning}");
        }
        return Ok(());
    }
    if let Command::Services = cli.command {
        for def in tam::services() {
            let schema = def.migrations.map_or("-", |m| m.schema);
            println!("{}\t{}\t{schema}", def.name, def.name.default_port());
        }
        return Ok(());
    }
    let mut config = Config::from_env()?;
    telemetry::init(&config.log_filter, config.log_format);
    if let Command::Up { demo, sites } = &cli.command {
        if !sites.is_empty() {
            return up_sites(config, sites, *demo).await;
        }
        tam::broker::provision_for_up(&mut config, &management_url()).await;
    }
    let config = Arc::new(config);
    match cli.command {
        Command::Up { demo, .. } => {
            if demo {
                tam::refuse_demo_in_production(&config)?;
            }
            ensure_dev_keys(&config)?;
            tam::migrate(&config, &tam::services()).await?;
            if demo {
                seed_demo(&config, DEMO_PASSWORD).await?;
            }
            run(config, &tam::services()).await
        }
        Command::Admin {
            command: AdminCommand::Create { username },
        } => {
            let password = match std::env::var("TAM_ADMIN_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let id = tam_hr::create_admin(&hr_pool(&config)?, &username, &password).await?;
            println!("created administrator {username} ({id})");
            Ok(())
        }
        Command::Seed {
            command: SeedCommand::Demo { password },
        } => {
            tam::refuse_demo_in_production(&config)?;
            seed_demo(&config, &password).await
        }
        Command::Serve { service } => run(config, &[tam::service(service)?]).await,
        Command::Migrate { services } => {
            let services = if services.is_empty() {
                tam::services()
            } else {
                services
                    .into_iter()
                    .map(tam::service)
                    .collect::<anyhow::Result<Vec<_>>>()?
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
        Command::Broker {
            command: BrokerCommand::Users,
        } => {
            let management = tam::broker::Management::new(&management_url(), &config.amqp_url)?;
            for service in tam::services().iter().map(|def| def.name) {
                if config.amqp_url_of(service) != config.amqp_url {
                    config.check_production_secrets(service, false, true)?;
                }
            }
            // The management plugin may answer a little after the broker's port: keep
            // trying for a minute.
            let mut attempt = 0;
            loop {
                attempt += 1;
                match broker_users(&config, &management).await {
                    Ok(()) => return Ok(()),
                    Err(e) if attempt < 30 => {
                        tracing::warn!(error = %format!("{e:#}"), attempt, "making the broker users; again in 2 s");
                        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Command::Reporting {
            command: ReportingCommand::Rebuild { from },
        } => {
            let from = from
                .as_deref()
                .map(tam_reporting::rebuild::parse_day)
                .transpose()?;
            let settings = tam_reporting::settings::Settings::from_config(&config)?;
            let stats = tam_reporting::rebuild::rebuild_at(
                &config.database_url,
                from,
                settings.rebuild_page,
            )
            .await?;
            println!(
                "rebuilt reporting's read models from {}: {} raw events replayed in {:.1} s",
                from.map_or_else(|| "the first event".to_owned(), |d| d.to_string()),
                stats.events,
                stats.elapsed.as_secs_f64()
            );
            Ok(())
        }
        Command::Config | Command::Services | Command::Client(_) => Ok(()),
    }
}

/// Makes the broker user of every service given its own `TAM_<SERVICE>_AMQP_URL`, with
/// the password in it.
async fn broker_users(config: &Config, management: &tam::broker::Management) -> anyhow::Result<()> {
    for service in tam::services().iter().map(|def| def.name) {
        let url = config.amqp_url_of(service);
        if url == config.amqp_url {
            continue;
        }
        let amqp: lapin::uri::AMQPUri = url
            .parse()
            .map_err(|e: String| anyhow::anyhow!("{}: {e}", service.amqp_url_variable()))?;
        let user = amqp.authority.userinfo.username;
        management
            .provision(
                &config.event_prefix,
                service,
                &user,
                &amqp.authority.userinfo.password,
            )
            .await?;
        println!("broker user {user} for {service}");
    }
    Ok(())
}

/// RabbitMQ's management API, for making the services' broker users.
fn management_url() -> String {
    std::env::var("TAM_AMQP_MANAGEMENT_URL").unwrap_or_else(|_| "http://127.0.0.1:15672".into())
}

fn hr_pool(config: &Config) -> anyhow::Result<tam_db::DbPool> {
    Ok(tam_db::connect_pool(
        &config.database_url,
        tam_hr::MIGRATIONS.schema,
        tam_db::PoolSettings::default(),
    )?)
}

async fn seed_demo(config: &Config, password: &str) -> anyhow::Result<()> {
    let users = tam_hr::seed_demo(&hr_pool(config)?, password).await?;
    println!("demo users (password {password:?}):");
    for user in users {
        let site = user.site.map_or("all sites".to_owned(), |s| s.to_string());
        println!(
            "  {:<32} {:<20} {site}",
            user.username,
            user.role.to_string()
        );
    }
    Ok(())
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

/// `tam up --sites`: central and the sites in this process (see `tam::sites`), until a
/// signal.
async fn up_sites(config: Config, sites: &[tam_kernel::Site], demo: bool) -> anyhow::Result<()> {
    if demo {
        tam::refuse_demo_in_production(&config)?;
    }
    ensure_dev_keys(&config)?;
    let plan = tam::sites::SitesPlan::for_up(sites, config, &management_url());
    let places = plan.places();
    let running = tam::sites::RunningSites::start(plan).await?;
    if demo {
        // The one identity for everyone is central's hr.
        seed_demo(running.config(tam::sites::Place::Central)?, DEMO_PASSWORD).await?;
    }
    println!("gateways (a user needs only their own place's):");
    for place in places {
        let gateway = running.url(place, ServiceName::Gateway)?;
        let vhost = running.vhost(place)?;
        println!("  {place:<10} {gateway}  (vhost {vhost})");
    }
    wait_for_signal().await?;
    tracing::info!("shutting down");
    running.stop().await
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
