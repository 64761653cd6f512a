//! The multi-site topology in one process: central (hr, helpdesk, reporting and a
//! gateway; no `TAM_SITE`) and each site (gateway, prospect, calling, quality;
//! `TAM_SITE=<site>`), every place with its own database and its own vhost of the one
//! broker, linked by shovels ([`crate::link`]). `tam up --sites bandung,medan` runs it,
//! and the tests of issue 18 start it.
//!
//! A site's gateway sends hr, helpdesk and reporting routes to central, so a user needs
//! only their site's address; a site's services verify tokens with central hr's JWK Set
//! (`TAM_JWKS_URL`). Central's gateway has no prospect, calling or quality to
//! send to: those routes answer that the upstream is unreachable there.
//!
//! Reporting's reconciliation reads the daily counts of *one* calling and *one* quality
//! over HTTP; central has no single calling, so in this topology it stays off (it is
//! off unless `TAM_RECONCILE_USERNAME` is set, and central's reporting is given no
//! address of a site's services). See docs/decisions.md.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tam_kernel::{Program, Site};
use tam_runtime::{Config, RunningService, ServiceDef, ServiceName};
use tokio_util::sync::CancellationToken;

use crate::broker::{self, Management};
use crate::link::{self, Link};

/// Where a service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    Central,
    Site(Site),
}

impl Place {
    /// `central`, or the site's code: database and vhost names end with it.
    pub fn name(self) -> &'static str {
        match self {
            Place::Central => "central",
            Place::Site(site) => site.as_str(),
        }
    }

    /// The services that run here.
    pub fn services(self) -> &'static [ServiceName] {
        match self {
            Place::Central => link::CENTRAL_SERVICES,
            Place::Site(_) => link::SITE_SERVICES,
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that a width (`{place:<10}`) applies.
        f.pad(self.name())
    }
}

/// Where each place's database comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Databases {
    /// Tests: a clone of the migrated template each (`tam_db::testing::TestDatabase`),
    /// dropped when the sites stop.
    Throwaway,
    /// `tam up --sites`: `<name>_<place>` on `base.database_url`'s server, created if
    /// missing and migrated (with the place's event topology, as `tam migrate` does).
    Named,
}

/// A place's configuration, changed by the caller before its services start (see
/// [`SitesPlan::customize`]).
pub type Customize = Arc<dyn Fn(Place, &mut Config) + Send + Sync>;

/// What to start.
pub struct SitesPlan {
    /// The sites, in order: in `tam up --sites`, site `i` (from 1) listens on the
    /// default ports + 100 × i.
    pub sites: Vec<Site>,
    /// Shared settings: `amqp_url` (the broker's administrator; its vhost is replaced by
    /// each place's), `database_url` (its database is replaced by each place's), the
    /// event prefix, keys, the clock, every service's own variables...
    pub base: Config,
    /// RabbitMQ's management API (`http://127.0.0.1:15672`), called as `base.amqp_url`'s
    /// user.
    pub management_url: String,
    /// Names the databases (`<name>_<place>`, [`Databases::Named`]), vhosts
    /// (`<name>-<place>`) and link users (`<name>_link_<site>`).
    pub name: String,
    /// `tam up`: central on the configured ports (8080...), site i on them + 100 × i.
    /// Tests: every port chosen by the system.
    pub fixed_ports: bool,
    pub databases: Databases,
    /// `tam up`: every service publishes as its own broker user (one password per
    /// service, its rights in each vhost it runs in). Tests: `base.amqp_url`'s user.
    pub service_users: bool,
    /// Changes a place's configuration last, before its services start (e.g. a test's
    /// setting at one site only).
    pub customize: Option<Customize>,
}

impl SitesPlan {
    /// Tests: throwaway databases, the system's ports, `base.amqp_url`'s user
    /// everywhere, names from `base.event_prefix` (unique per test). The management API
    /// is `TAM_TEST_AMQP_MANAGEMENT_URL`, by default `http://127.0.0.1:15672`.
    pub fn for_tests(sites: &[Site], base: Config) -> Self {
        Self {
            sites: sites.to_vec(),
            name: base.event_prefix.clone(),
            base,
            management_url: std::env::var("TAM_TEST_AMQP_MANAGEMENT_URL")
                .unwrap_or_else(|_| "http://127.0.0.1:15672".into()),
            fixed_ports: false,
            databases: Databases::Throwaway,
            service_users: false,
            customize: None,
        }
    }

    /// `tam up --sites`: named databases (`tam_central`, `tam_bandung`...), fixed ports,
    /// a broker user per service.
    pub fn for_up(sites: &[Site], base: Config, management_url: &str) -> Self {
        Self {
            sites: sites.to_vec(),
            name: "tam".into(),
            base,
            management_url: management_url.to_owned(),
            fixed_ports: true,
            databases: Databases::Named,
            service_users: true,
            customize: None,
        }
    }

    /// Central, then the sites in order.
    pub fn places(&self) -> Vec<Place> {
        std::iter::once(Place::Central)
            .chain(self.sites.iter().copied().map(Place::Site))
            .collect()
    }

    /// The vhost of `place`.
    pub fn vhost(&self, place: Place) -> String {
        format!("{}-{}", self.name, place.name())
    }
}

/// The address a place's gateway is given for a service that does not run there (no
/// one listens on the discard port): the route answers that its upstream is down.
const NOT_HERE: &str = "http://127.0.0.1:9";

/// Seconds between a cut shovel's reconnection attempts.
const SHOVEL_RECONNECT_SECS: u32 = 1;

/// One running place.
struct Running {
    place: Place,
    vhost: String,
    config: Arc<Config>,
    services: Vec<RunningService>,
    /// Kept so that the database lives as long as the place (tests).
    _database: Option<tam_db::testing::TestDatabase>,
}

/// Central and the sites, running.
pub struct RunningSites {
    places: Vec<Running>,
    links: BTreeMap<Site, Link>,
    management: Management,
    shutdown: CancellationToken,
    databases: Databases,
    /// Every vhost made for this run, and the link users: what a test's stop removes.
    vhosts: Vec<String>,
    link_users: Vec<String>,
    /// For the clean-up of a test that failed before [`RunningSites::stop`].
    management_url: String,
    admin_amqp_url: String,
    stopped: bool,
}

impl RunningSites {
    /// Creates every place's vhost and database, the links (link queues, link users,
    /// shovels), then starts central and each site and waits until every service is
    /// ready. On a failure, whatever was made is removed again (tests) or stopped.
    pub async fn start(plan: SitesPlan) -> anyhow::Result<Self> {
        let mut unique = plan.sites.clone();
        unique.sort();
        unique.dedup();
        if plan.sites.is_empty() || unique.len() != plan.sites.len() {
            anyhow::bail!("name each site once, at least one: {:?}", plan.sites);
        }
        let management = Management::new(&plan.management_url, &plan.base.amqp_url)?;
        let mut sites = Self {
            places: Vec::new(),
            links: BTreeMap::new(),
            management,
            shutdown: CancellationToken::new(),
            databases: plan.databases,
            vhosts: Vec::new(),
            link_users: Vec::new(),
            management_url: plan.management_url.clone(),
            admin_amqp_url: plan.base.amqp_url.clone(),
            stopped: false,
        };
        match sites.start_all(&plan).await {
            Ok(()) => Ok(sites),
            Err(e) => {
                if let Err(cleanup) = sites.stop_all().await {
                    tracing::warn!(error = %format!("{cleanup:#}"), "cleaning up after a failed start");
                }
                Err(e)
            }
        }
    }

    async fn start_all(&mut self, plan: &SitesPlan) -> anyhow::Result<()> {
        let places = plan.places();
        for place in &places {
            let vhost = plan.vhost(*place);
            self.management
                .create_vhost(&vhost)
                .await
                .with_context(|| {
                    format!("creating the vhost of {place} (is the management plugin on?)")
                })?;
            self.vhosts.push(vhost);
        }
        let urls = if plan.service_users {
            self.service_users(plan).await?
        } else {
            BTreeMap::new()
        };
        for &site in &plan.sites {
            let user = format!("{}_link_{site}", plan.name);
            let password = broker::random_password()?;
            // `impersonator`: the shovel forwards each event with its producer's
            // `user-id`, which the destination refuses from any other user.
            self.management
                .put_user(&user, &password, "impersonator")
                .await?;
            self.link_users.push(user.clone());
            let uri = |place: Place| -> anyhow::Result<String> {
                broker::with_credentials(
                    &with_vhost(&plan.base.amqp_url, &plan.vhost(place))?,
                    &user,
                    &password,
                )
            };
            let link = Link {
                prefix: plan.base.event_prefix.clone(),
                site,
                central_uri: uri(Place::Central)?,
                site_uri: uri(Place::Site(site))?,
                central_vhost: plan.vhost(Place::Central),
                site_vhost: plan.vhost(Place::Site(site)),
                user,
                reconnect_delay_secs: SHOVEL_RECONNECT_SECS,
            };
            link.create(&self.management)
                .await
                .with_context(|| format!("creating the link of {site} (is rabbitmq_shovel on?)"))?;
            self.links.insert(site, link);
        }
        let policy = Arc::new(crate::policy()?);
        for (index, place) in places.into_iter().enumerate() {
            let running = self
                .start_place(plan, place, index, urls.get(&place), &policy)
                .await
                .with_context(|| format!("starting {place}"))?;
            self.places.push(running);
        }
        Ok(())
    }

    /// `tam up`: one broker user per service (`<broker_user_prefix><service>`, as
    /// consumers expect of a sender), one password, its rights in the vhost of every
    /// place it runs at. Returns each place's URL per service.
    async fn service_users(
        &self,
        plan: &SitesPlan,
    ) -> anyhow::Result<BTreeMap<Place, BTreeMap<ServiceName, String>>> {
        let mut urls: BTreeMap<Place, BTreeMap<ServiceName, String>> = BTreeMap::new();
        for service in ServiceName::ALL {
            let places: Vec<Place> = plan
                .places()
                .into_iter()
                .filter(|p| p.services().contains(&service))
                .collect();
            if places.is_empty() {
                continue;
            }
            let user = format!("{}{service}", plan.base.broker_user_prefix);
            let password = broker::random_password()?;
            for place in places {
                let vhost = plan.vhost(place);
                self.management
                    .provision_in(&vhost, &plan.base.event_prefix, service, &user, &password)
                    .await?;
                let url = broker::with_credentials(
                    &with_vhost(&plan.base.amqp_url, &vhost)?,
                    &user,
                    &password,
                )?;
                urls.entry(place).or_default().insert(service, url);
            }
        }
        Ok(urls)
    }

    async fn start_place(
        &self,
        plan: &SitesPlan,
        place: Place,
        index: usize,
        service_urls: Option<&BTreeMap<ServiceName, String>>,
        policy: &Arc<tam_auth::Policy>,
    ) -> anyhow::Result<Running> {
        let vhost = plan.vhost(place);
        let mut config = plan.base.clone();
        config.site = match place {
            Place::Central => None,
            Place::Site(site) => Some(site),
        };
        config.programs = config
            .site
            .map_or_else(|| Program::ALL.to_vec(), Site::programs);
        config.amqp_url = with_vhost(&plan.base.amqp_url, &vhost)?;
        for service in ServiceName::ALL {
            let url = service_urls
                .and_then(|urls| urls.get(&service))
                .unwrap_or(&config.amqp_url)
                .clone();
            config.amqp_urls.insert(service, url);
        }
        let offset = u16::try_from(index * 100).context("too many sites for fixed ports")?;
        for service in ServiceName::ALL {
            let (port, admin) = if plan.fixed_ports {
                (
                    plan.base.port(service).checked_add(offset),
                    plan.base.admin_port(service).checked_add(offset),
                )
            } else {
                (Some(0), Some(0))
            };
            let port = port.context("a port above 65535")?;
            let admin = admin.context("a port above 65535")?;
            config.ports.insert(service, port);
            config.admin_ports.insert(service, admin);
            // Central's services for a site; nothing for what runs nowhere else.
            let elsewhere = match place {
                Place::Site(_) => self.url(Place::Central, service).ok(),
                Place::Central => None,
            };
            config
                .service_urls
                .insert(service, elsewhere.unwrap_or_else(|| NOT_HERE.to_owned()));
        }
        // A site verifies tokens with central hr's published keys, as deployed (not with
        // the key files every place here could read).
        if let (Place::Site(_), Ok(hr)) = (place, self.url(Place::Central, ServiceName::Hr)) {
            config.jwks_url = Some(
                url::Url::parse(&format!("{hr}/api/v1/auth/jwks"))
                    .context("central hr's JWK Set address")?,
            );
        }
        let database = match plan.databases {
            Databases::Throwaway => {
                let schemas: Vec<_> = crate::services()
                    .iter()
                    .filter_map(|def| def.migrations)
                    .collect();
                // Every place's clone of the one template the whole suite's tests use:
                // a place's idle schemas cost nothing.
                let database = tam_db::testing::TestDatabase::create(&schemas).await?;
                config.database_url = database.url().to_owned();
                Some(database)
            }
            Databases::Named => {
                let name = format!("{}_{}", plan.name, place.name());
                config.database_url = create_database(&plan.base.database_url, &name).await?;
                None
            }
        };
        if let Some(customize) = &plan.customize {
            customize(place, &mut config);
        }
        let defs: Vec<ServiceDef> = place
            .services()
            .iter()
            .map(|name| crate::service(*name))
            .collect::<anyhow::Result<_>>()?;
        if plan.databases == Databases::Named {
            crate::migrate(&config, &defs).await?;
        }
        // The gateway starts last, told where the place's own services listen.
        let (gateway, others): (Vec<ServiceDef>, Vec<ServiceDef>) = defs
            .into_iter()
            .partition(|d| d.name == ServiceName::Gateway);
        let mut services = tam_runtime::start_all(
            Arc::new(config.clone()),
            Arc::clone(policy),
            &others,
            &self.shutdown,
        )
        .await?;
        for service in &services {
            config.service_urls.insert(service.name, service.url());
        }
        let config = Arc::new(config);
        services.extend(
            tam_runtime::start_all(
                Arc::clone(&config),
                Arc::clone(policy),
                &gateway,
                &self.shutdown,
            )
            .await?,
        );
        let running = Running {
            place,
            vhost,
            config,
            services,
            _database: database,
        };
        wait_ready(&running).await?;
        Ok(running)
    }

    /// The places running: central, then the sites.
    pub fn places(&self) -> Vec<Place> {
        self.places.iter().map(|p| p.place).collect()
    }

    /// The base URL of `service` at `place`.
    pub fn url(&self, place: Place, service: ServiceName) -> anyhow::Result<String> {
        self.service(place, service).map(RunningService::url)
    }

    /// The base URL of the internal port (`/metrics`, detailed readiness) of `service`
    /// at `place`.
    pub fn admin_url(&self, place: Place, service: ServiceName) -> anyhow::Result<String> {
        self.service(place, service).map(RunningService::admin_url)
    }

    /// The configuration `place`'s services run with (its database, its vhost's AMQP
    /// URL, its site, the addresses its gateway sends to).
    pub fn config(&self, place: Place) -> anyhow::Result<&Config> {
        Ok(&self.running(place)?.config)
    }

    /// The vhost of `place`.
    pub fn vhost(&self, place: Place) -> anyhow::Result<&str> {
        Ok(&self.running(place)?.vhost)
    }

    /// The link between central and `site`.
    pub fn link(&self, site: Site) -> anyhow::Result<&Link> {
        self.links
            .get(&site)
            .with_context(|| format!("{site} is not one of the running sites"))
    }

    /// The management API, as the broker's administrator.
    pub fn management(&self) -> &Management {
        &self.management
    }

    /// Cuts the link of `site`: both its shovels removed. The link queues stay, so what
    /// either side publishes for the other waits there.
    pub async fn cut_link(&self, site: Site) -> anyhow::Result<()> {
        self.link(site)?.cut(&self.management).await
    }

    /// Brings the link of `site` back: both shovels created again; they drain the link
    /// queues.
    pub async fn restore_link(&self, site: Site) -> anyhow::Result<()> {
        self.link(site)?.restore(&self.management).await
    }

    /// How many events wait in `site`'s link queues: (towards central, towards the
    /// site), as the management API last sampled them (it lags by a few seconds).
    pub async fn link_backlog(&self, site: Site) -> anyhow::Result<(u64, u64)> {
        let [to_central, to_site] = self.link(site)?.legs();
        Ok((
            self.management
                .queue_messages(&to_central.source_vhost, &to_central.queue)
                .await?,
            self.management
                .queue_messages(&to_site.source_vhost, &to_site.queue)
                .await?,
        ))
    }

    /// Stops every service, then removes the shovels; with throwaway databases (tests)
    /// also the vhosts (their queues with them), the link users and the databases.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.stop_all().await
    }

    async fn stop_all(&mut self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        let mut result = Ok(());
        for place in &mut self.places {
            for service in std::mem::take(&mut place.services) {
                if let Err(e) = service.stopped().await {
                    result = Err(e);
                }
            }
        }
        for link in self.links.values() {
            if let Err(e) = link.cut(&self.management).await {
                result = Err(e);
            }
        }
        if self.databases == Databases::Throwaway {
            for vhost in &self.vhosts {
                if let Err(e) = self.management.delete_vhost(vhost).await {
                    result = Err(e);
                }
            }
            for user in &self.link_users {
                if let Err(e) = self.management.delete_user(user).await {
                    result = Err(e);
                }
            }
        }
        // The databases are dropped with the places.
        self.places.clear();
        self.stopped = true;
        result
    }

    fn running(&self, place: Place) -> anyhow::Result<&Running> {
        self.places
            .iter()
            .find(|p| p.place == place)
            .with_context(|| format!("{place} is not running"))
    }

    fn service(&self, place: Place, service: ServiceName) -> anyhow::Result<&RunningService> {
        self.running(place)?
            .services
            .iter()
            .find(|s| s.name == service)
            .with_context(|| format!("{service} does not run at {place}"))
    }
}

impl Drop for RunningSites {
    /// A test that failed before [`RunningSites::stop`] still leaves no vhost, shovel
    /// or link user behind (a shovel left running would retry for ever). Done on a
    /// runtime of its own: a drop cannot wait on the test's.
    fn drop(&mut self) {
        self.shutdown.cancel();
        if self.stopped || self.databases != Databases::Throwaway {
            return;
        }
        let (url, admin) = (self.management_url.clone(), self.admin_amqp_url.clone());
        let (vhosts, users) = (self.vhosts.clone(), self.link_users.clone());
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                let Ok(management) = Management::new(&url, &admin) else {
                    return;
                };
                for vhost in &vhosts {
                    let _ = management.delete_vhost(vhost).await;
                }
                for user in &users {
                    let _ = management.delete_user(user).await;
                }
            });
        })
        .join();
    }
}

/// `amqp_url` on `vhost` instead.
pub fn with_vhost(amqp_url: &str, vhost: &str) -> anyhow::Result<String> {
    let mut url = url::Url::parse(amqp_url).context("TAM_AMQP_URL")?;
    url.path_segments_mut()
        .map_err(|()| anyhow::anyhow!("TAM_AMQP_URL has no host"))?
        .clear()
        .push(vhost);
    Ok(url.into())
}

/// Creates the database `name` on the server of `server_url` unless it exists; its URL.
async fn create_database(server_url: &str, name: &str) -> anyhow::Result<String> {
    use tam_db::diesel_async::SimpleAsyncConnection as _;
    let maintenance = tam_db::with_database(server_url, "postgres");
    let mut conn = tam_db::connect(&maintenance, "public")
        .await
        .with_context(|| format!("connecting to {name}'s server to create it"))?;
    // Names are letters, digits and `_` (the plan's name and the place's).
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        anyhow::bail!("{name:?} is not a plain database name");
    }
    match conn.batch_execute(&format!("CREATE DATABASE {name}")).await {
        Ok(()) => tracing::info!(database = name, "created"),
        Err(e) if e.to_string().contains("already exists") => {}
        Err(e) => return Err(e).with_context(|| format!("CREATE DATABASE {name}")),
    }
    Ok(tam_db::with_database(server_url, name))
}

/// Waits until every service of `running` answers `/health/ready` with 200.
async fn wait_ready(running: &Running) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()?;
    let deadline = tokio::time::Instant::now() + READY_WITHIN;
    for service in &running.services {
        let url = format!("{}/health/ready", service.url());
        loop {
            let ready = client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ready {
                break;
            }
            if tokio::time::Instant::now() > deadline {
                anyhow::bail!(
                    "{} at {} is not ready after {READY_WITHIN:?}",
                    service.name,
                    running.place
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(())
}

/// How long a place's services get to become ready.
const READY_WITHIN: Duration = Duration::from_secs(60);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_places_amqp_url_is_the_administrators_on_its_vhost() {
        let url = with_vhost("amqp://guest:guest@127.0.0.1:5672/%2f", "tam-bandung").unwrap();
        assert_eq!(url, "amqp://guest:guest@127.0.0.1:5672/tam-bandung");
    }

    #[test]
    fn places_are_central_then_the_sites_in_order() {
        let base = Config::from_lookup(|_| None).unwrap();
        let plan = SitesPlan::for_up(&[Site::Bandung, Site::Medan], base, "http://x");
        assert_eq!(
            plan.places(),
            [
                Place::Central,
                Place::Site(Site::Bandung),
                Place::Site(Site::Medan)
            ]
        );
        assert_eq!(plan.vhost(Place::Site(Site::Medan)), "tam-medan");
        assert!(Place::Central.services().contains(&ServiceName::Hr));
        assert!(!Place::Site(Site::Medan)
            .services()
            .contains(&ServiceName::Hr));
    }
}
