//! Each service's own broker user, made through RabbitMQ's management HTTP API: by
//! `tam broker users` (compose's one-shot, with the passwords it is given) and by `tam up`
//! (with fresh passwords, when the management plugin answers). The rights of each user
//! are [`tam_events::Topology::permissions`]: its own queue, and publishing only its own
//! routing keys.

use std::time::Duration;

use anyhow::Context as _;
use tam_events::{Permissions, Topology};
use tam_runtime::{Config, ServiceName};

/// Where the management API is, and the administrator it is called as.
pub struct Management {
    base: url::Url,
    user: String,
    password: String,
    vhost: String,
    client: reqwest::Client,
}

impl Management {
    /// `management_url` (`http://host:15672`), called with the credentials and vhost of
    /// `admin_amqp_url` (the broker's administrator, `TAM_AMQP_URL`).
    pub fn new(management_url: &str, admin_amqp_url: &str) -> anyhow::Result<Self> {
        let base = url::Url::parse(management_url)
            .with_context(|| format!("TAM_AMQP_MANAGEMENT_URL={management_url:?}"))?;
        let amqp: lapin::uri::AMQPUri = admin_amqp_url
            .parse()
            .map_err(|e: String| anyhow::anyhow!("TAM_AMQP_URL: {e}"))?;
        Ok(Self {
            base,
            user: amqp.authority.userinfo.username,
            password: amqp.authority.userinfo.password,
            vhost: amqp.vhost,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()?,
        })
    }

    /// Creates (or updates) `user` with `password` and the rights of `service` under
    /// the event `prefix`, in the administrator's vhost.
    pub async fn provision(
        &self,
        prefix: &str,
        service: ServiceName,
        user: &str,
        password: &str,
    ) -> anyhow::Result<()> {
        self.provision_in(&self.vhost, prefix, service, user, password)
            .await
    }

    /// As [`Management::provision`], in `vhost` (a place of the multi-site topology; a
    /// user is the broker's, its rights are per vhost).
    pub async fn provision_in(
        &self,
        vhost: &str,
        prefix: &str,
        service: ServiceName,
        user: &str,
        password: &str,
    ) -> anyhow::Result<()> {
        // No tags: not an administrator, and not `impersonator` (which may set another
        // user's `user-id`).
        self.put_user(user, password, "").await?;
        let rights = Topology::new(prefix, service.as_str()).permissions();
        self.set_permissions(vhost, user, &rights).await
    }

    /// Creates (or updates) `user` with `password` and `tags` (comma-separated, e.g.
    /// `impersonator`).
    pub async fn put_user(&self, user: &str, password: &str, tags: &str) -> anyhow::Result<()> {
        self.put(
            &["users", user],
            serde_json::json!({ "password": password, "tags": tags }),
        )
        .await
    }

    /// Removes `user` (gone already is fine).
    pub async fn delete_user(&self, user: &str) -> anyhow::Result<()> {
        self.delete(&["users", user]).await
    }

    /// Gives `user` exactly `rights` in `vhost`: the vhost permissions and the topic
    /// permissions on the events exchange.
    pub async fn set_permissions(
        &self,
        vhost: &str,
        user: &str,
        rights: &Permissions,
    ) -> anyhow::Result<()> {
        self.put(
            &["permissions", vhost, user],
            serde_json::json!({
                "configure": rights.configure,
                "write": rights.write,
                "read": rights.read,
            }),
        )
        .await?;
        self.put(
            &["topic-permissions", vhost, user],
            serde_json::json!({
                "exchange": rights.topic_exchange,
                "write": rights.topic_write,
                "read": rights.topic_read,
            }),
        )
        .await
    }

    /// Creates `vhost` if missing, and gives the administrator every right in it (the
    /// management API does not promise that to the user who created it).
    pub async fn create_vhost(&self, vhost: &str) -> anyhow::Result<()> {
        self.put(&["vhosts", vhost], serde_json::json!({})).await?;
        self.put(
            &["permissions", vhost, &self.user],
            serde_json::json!({ "configure": ".*", "write": ".*", "read": ".*" }),
        )
        .await
    }

    /// Removes `vhost` with everything in it (gone already is fine).
    pub async fn delete_vhost(&self, vhost: &str) -> anyhow::Result<()> {
        self.delete(&["vhosts", vhost]).await
    }

    /// Declares a durable topic exchange, as the services declare `<prefix>.events`.
    pub async fn declare_topic_exchange(&self, vhost: &str, exchange: &str) -> anyhow::Result<()> {
        self.put(
            &["exchanges", vhost, exchange],
            serde_json::json!({
                "type": "topic", "durable": true, "auto_delete": false, "internal": false,
                "arguments": {}
            }),
        )
        .await
    }

    /// Declares a durable quorum queue with no other arguments.
    pub async fn declare_quorum_queue(&self, vhost: &str, queue: &str) -> anyhow::Result<()> {
        self.put(
            &["queues", vhost, queue],
            serde_json::json!({
                "durable": true, "auto_delete": false,
                "arguments": { "x-queue-type": "quorum" }
            }),
        )
        .await
    }

    /// Binds `queue` to `exchange` with `routing_key` (an existing binding is kept).
    pub async fn bind(
        &self,
        vhost: &str,
        exchange: &str,
        queue: &str,
        routing_key: &str,
    ) -> anyhow::Result<()> {
        self.send(
            reqwest::Method::POST,
            &["bindings", vhost, "e", exchange, "q", queue],
            Some(serde_json::json!({ "routing_key": routing_key, "arguments": {} })),
        )
        .await
        .map(drop)
    }

    /// How many messages `queue` holds (ready and unacknowledged), as the broker last
    /// sampled it (the management API's figures lag by its collection interval).
    pub async fn queue_messages(&self, vhost: &str, queue: &str) -> anyhow::Result<u64> {
        let body = self
            .send(reqwest::Method::GET, &["queues", vhost, queue], None)
            .await?;
        Ok(body
            .get("messages")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0))
    }

    /// Creates (or replaces) the dynamic shovel `name` in `vhost` with `value`, its
    /// definition (`src-uri`, `src-queue`, `dest-uri`, ...).
    pub async fn put_shovel(
        &self,
        vhost: &str,
        name: &str,
        value: &serde_json::Value,
    ) -> anyhow::Result<()> {
        self.put(
            &["parameters", "shovel", vhost, name],
            serde_json::json!({ "value": value }),
        )
        .await
    }

    /// Stops and removes the dynamic shovel `name` (gone already is fine).
    pub async fn delete_shovel(&self, vhost: &str, name: &str) -> anyhow::Result<()> {
        self.delete(&["parameters", "shovel", vhost, name]).await
    }

    /// The state of each running shovel of `vhost` by name (`running`, `starting`,
    /// `terminated`; a deleted shovel is absent).
    pub async fn shovel_states(
        &self,
        vhost: &str,
    ) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
        let body = self
            .send(reqwest::Method::GET, &["shovels", vhost], None)
            .await?;
        Ok(body
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|shovel| {
                Some((
                    shovel.get("name")?.as_str()?.to_owned(),
                    shovel.get("state")?.as_str()?.to_owned(),
                ))
            })
            .collect())
    }

    async fn put(&self, segments: &[&str], body: serde_json::Value) -> anyhow::Result<()> {
        self.send(reqwest::Method::PUT, segments, Some(body))
            .await
            .map(drop)
    }

    /// DELETE, a 404 (already gone) being success.
    async fn delete(&self, segments: &[&str]) -> anyhow::Result<()> {
        match self.send(reqwest::Method::DELETE, segments, None).await {
            Err(e) if e.downcast_ref::<NotFound>().is_some() => Ok(()),
            other => other.map(drop),
        }
    }

    /// Calls the API (`/api/<segments>`, each percent-encoded: a vhost may be `/`) and
    /// reads the JSON answer (`null` for an empty one).
    async fn send(
        &self,
        method: reqwest::Method,
        segments: &[&str],
        body: Option<serde_json::Value>,
    ) -> anyhow::Result<serde_json::Value> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| anyhow::anyhow!("{} cannot be a base URL", self.base))?
            .pop_if_empty()
            .push("api")
            .extend(segments);
        let mut request = self
            .client
            .request(method.clone(), url.clone())
            .basic_auth(&self.user, Some(&self.password));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .with_context(|| format!("{method} {url}"))?;
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Err(anyhow::Error::new(NotFound).context(format!("{method} {url}: {text}")));
        }
        if !status.is_success() {
            anyhow::bail!("{method} {url}: {status} {text}");
        }
        if text.trim().is_empty() {
            return Ok(serde_json::Value::Null);
        }
        serde_json::from_str(&text).with_context(|| format!("{method} {url}: not JSON"))
    }
}

/// The management API answered 404.
#[derive(Debug)]
struct NotFound;

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not found")
    }
}

impl std::error::Error for NotFound {}

/// `amqp_url` logging in as `user` with `password` instead.
pub fn with_credentials(amqp_url: &str, user: &str, password: &str) -> anyhow::Result<String> {
    let mut url = url::Url::parse(amqp_url).context("TAM_AMQP_URL")?;
    url.set_username(user)
        .and_then(|()| url.set_password(Some(password)))
        .map_err(|()| anyhow::anyhow!("TAM_AMQP_URL has no host"))?;
    Ok(url.into())
}

/// `tam up`: gives every service its own broker user with a fresh password, when the
/// management API answers; otherwise every service keeps `TAM_AMQP_URL`'s user (the
/// development default), which the log says.
pub async fn provision_for_up(config: &mut Config, management_url: &str) {
    let result = async {
        let management = Management::new(management_url, &config.amqp_url)?;
        let mut urls = Vec::new();
        for service in crate::services().iter().map(|def| def.name) {
            // A service given its own URL keeps it.
            if config.amqp_url_of(service) != config.amqp_url {
                continue;
            }
            let user = format!("{}{service}", config.broker_user_prefix);
            let password = random_password()?;
            management
                .provision(&config.event_prefix, service, &user, &password)
                .await?;
            urls.push((
                service,
                with_credentials(&config.amqp_url, &user, &password)?,
            ));
        }
        anyhow::Ok(urls)
    }
    .await;
    match result {
        Ok(urls) => {
            let n = urls.len();
            config.amqp_urls.extend(urls);
            tracing::info!(
                services = n,
                "each service publishes as its own broker user"
            );
        }
        Err(e) => tracing::warn!(
            error = %format!("{e:#}"),
            "could not make per-service broker users through the management API; every service uses TAM_AMQP_URL's user"
        ),
    }
}

/// 24 random bytes as hex: safe inside a URL (a broker password).
pub fn random_password() -> anyhow::Result<String> {
    use ring::rand::SecureRandom as _;
    let mut bytes = [0u8; 24];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| anyhow::anyhow!("no randomness for a broker password"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_replaced_and_the_rest_kept() {
        let url =
            with_credentials("amqp://guest:guest@127.0.0.1:5672/%2f", "tam-hr", "ab12").unwrap();
        assert_eq!(url, "amqp://tam-hr:ab12@127.0.0.1:5672/%2f");
    }

    #[test]
    fn passwords_are_long_and_differ() {
        let (a, b) = (random_password().unwrap(), random_password().unwrap());
        assert_eq!(a.len(), 48);
        assert_ne!(a, b);
    }
}
