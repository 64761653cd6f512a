//! Each service's own broker user, made through RabbitMQ's management HTTP API: by
//! `tam broker users` (compose's one-shot, with the passwords it is given) and by `tam up`
//! (with fresh passwords, when the management plugin answers). The rights of each user
//! are [`tam_events::Topology::permissions`]: its own queue, and publishing only its own
//! routing keys.

use std::time::Duration;

use anyhow::Context as _;
use tam_events::Topology;
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
    /// the event `prefix`.
    pub async fn provision(
        &self,
        prefix: &str,
        service: ServiceName,
        user: &str,
        password: &str,
    ) -> anyhow::Result<()> {
        let rights = Topology::new(prefix, service.as_str()).permissions();
        // No tags: not an administrator, and not `impersonator` (which may set another
        // user's `user-id`).
        self.put(
            &["users", user],
            serde_json::json!({ "password": password, "tags": "" }),
        )
        .await?;
        self.put(
            &["permissions", &self.vhost, user],
            serde_json::json!({
                "configure": rights.configure,
                "write": rights.write,
                "read": rights.read,
            }),
        )
        .await?;
        self.put(
            &["topic-permissions", &self.vhost, user],
            serde_json::json!({
                "exchange": rights.topic_exchange,
                "write": rights.topic_write,
                "read": rights.topic_read,
            }),
        )
        .await
    }

    async fn put(&self, segments: &[&str], body: serde_json::Value) -> anyhow::Result<()> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| anyhow::anyhow!("{} cannot be a base URL", self.base))?
            .pop_if_empty()
            .push("api")
            .extend(segments);
        let response = self
            .client
            .put(url.clone())
            .basic_auth(&self.user, Some(&self.password))
            .json(&body)
            .send()
            .await
            .with_context(|| format!("PUT {url}"))?;
        let status = response.status();
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            anyhow::bail!("PUT {url}: {status} {text}");
        }
        Ok(())
    }
}

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

/// 24 random bytes as hex: safe inside a URL.
fn random_password() -> anyhow::Result<String> {
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
