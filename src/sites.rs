//! The multi-site topology in one process: central (hr, helpdesk, reporting and a
//! gateway; no `TAM_SITE`) and each site (gateway, prospect, calling, quality;
//! `TAM_SITE=<site>`), every place with its own database and its own vhost of the one
//! broker, linked by shovels ([`crate::link`]). `tam up --sites bandung,medan` runs it,
//! and the tests of issue 18 start it.
//!
//! A site's gateway sends hr, helpdesk and reporting routes to central, so a user needs
//! only their site's address. Central's gateway has no prospect, calling or quality to
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
use tam_kernel::{Clock, Program, Site};
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
        f.write_str(self.name())
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
    /// The broker users made for this run (link users; service users in `tam up`).
    link_users: Vec<String>,
    client: reqwest::Client,
}

impl RunningSites {
    /// Creates every place's vhost and database, the links (link queues, link users,
    /// shovels), then starts central and each site and waits until every service is
    /// ready.
    pub async fn start(plan: SitesPlan) -> anyhow::Result<Self> {
        let _ = plan;
        anyhow::bail!("not yet")
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
    pub async fn stop(self) -> anyhow::Result<()> {
        anyhow::bail!("not yet")
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
