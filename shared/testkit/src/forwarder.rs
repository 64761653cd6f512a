//! A TCP forwarder a test can cut: the network between two places (a site and
//! central's JWK Set, say) made real and breakable, without touching either side.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Where a [`Forwarder`] sends its connections; `None` until known (then a connection
/// is accepted and closed). Shared, so a start-up hook can set it once it knows it.
pub type Target = Arc<Mutex<Option<SocketAddr>>>;

/// Forwards connections from a fixed local address to a target. Cut, it refuses new
/// connections and drops those it carried, so pooled connections die too; restored, it
/// listens on the same address again.
pub struct Forwarder {
    addr: SocketAddr,
    target: Target,
    task: Option<JoinHandle<()>>,
}

impl Forwarder {
    /// A forwarder on a free local port, to `target` once one is set.
    pub async fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let target = Target::default();
        Ok(Self {
            addr: listener.local_addr()?,
            task: Some(tokio::spawn(forward(listener, Arc::clone(&target)))),
            target,
        })
    }

    /// A forwarder on a free local port to `target`.
    pub async fn to(target: SocketAddr) -> anyhow::Result<Self> {
        let forwarder = Self::start().await?;
        forwarder.set_target(target);
        Ok(forwarder)
    }

    /// The local address to use instead of the target's.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The target, to be set later (e.g. by a hook that learns it at start-up).
    pub fn target(&self) -> Target {
        Arc::clone(&self.target)
    }

    /// Sends new connections to `target`.
    pub fn set_target(&self, target: SocketAddr) {
        *self.target.lock().unwrap_or_else(|e| e.into_inner()) = Some(target);
    }

    /// Refuses new connections and drops the ones carried.
    pub async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    /// Listens again on the same address.
    pub async fn restore(&mut self) -> anyhow::Result<()> {
        anyhow::ensure!(self.task.is_none(), "the forwarder is not cut");
        let listener = TcpListener::bind(self.addr).await?;
        self.task = Some(tokio::spawn(forward(listener, Arc::clone(&self.target))));
        Ok(())
    }
}

impl Drop for Forwarder {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Accepts connections and copies each both ways to the target; aborting the task drops
/// the connection tasks with the set.
async fn forward(listener: TcpListener, target: Target) {
    let mut connections = JoinSet::new();
    loop {
        let Ok((mut inbound, _)) = listener.accept().await else {
            continue;
        };
        while connections.try_join_next().is_some() {}
        let Some(to) = *target.lock().unwrap_or_else(|e| e.into_inner()) else {
            continue;
        };
        connections.spawn(async move {
            if let Ok(mut outbound) = TcpStream::connect(to).await {
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
}

/// The value of an unlabelled metric on a service's admin port (`<admin_url>/metrics`).
pub async fn metric(client: &reqwest::Client, admin_url: &str, name: &str) -> anyhow::Result<f64> {
    let text = client
        .get(format!("{admin_url}/metrics"))
        .send()
        .await?
        .text()
        .await?;
    let value = text
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .ok_or_else(|| anyhow::anyhow!("no {name} in the metrics of {admin_url}"))?;
    Ok(value.trim().parse()?)
}
