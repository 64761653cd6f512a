//! The address a request comes from, as limits and logs must see it: never what a client
//! wrote about itself.

use std::net::IpAddr;

use actix_web::dev::ServiceRequest;
use actix_web::web;

/// Whom a process believes about the client of a request (app data of every service's
/// app, for its logs).
#[derive(Debug, Clone)]
pub(crate) enum ClientSource {
    /// The gateway: `X-Forwarded-For` from these proxies (`TAM_TRUSTED_PROXIES`).
    Proxies(Vec<ipnet::IpNet>),
    /// A service: the address the gateway resolved ([`tam_kernel::client_address`]).
    Gateway,
}

/// The client a request comes from. Behind a trusted proxy (an ingress controller) the
/// peer is the proxy, so the client is read from `X-Forwarded-For`, right to left: the
/// first address that is not itself a trusted proxy. Anything a client writes further
/// left is its own claim and is never believed; from an untrusted peer the header is
/// ignored altogether.
pub fn client_address(
    peer: IpAddr,
    forwarded_for: Option<&str>,
    trusted: &[ipnet::IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(&ip.to_canonical()));
    if !is_trusted(&peer) {
        return peer;
    }
    let Some(chain) = forwarded_for else {
        return peer;
    };
    for hop in chain.rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => continue,
            Ok(ip) => return ip,
            // A malformed entry: stop believing the chain at this point.
            Err(_) => break,
        }
    }
    peer
}

/// The address a request's log lines name: at the gateway the client resolved through
/// the trusted proxies; at a service the address the gateway resolved and sent, else the
/// peer.
pub(crate) fn logged_client(request: &ServiceRequest) -> Option<IpAddr> {
    match request.app_data::<web::Data<ClientSource>>().map(|s| &***s) {
        Some(ClientSource::Proxies(trusted)) => {
            let peer = request.peer_addr()?.ip();
            let forwarded_for = request
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok());
            Some(client_address(peer, forwarded_for, trusted))
        }
        Some(ClientSource::Gateway) | None => tam_kernel::client_address(request.request()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_read_from_x_forwarded_for_only_behind_a_trusted_proxy() {
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ingress: IpAddr = "10.1.2.3".parse().unwrap();
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        // Behind the ingress: the address the ingress appended.
        assert_eq!(
            client_address(ingress, Some("203.0.113.9"), &trusted),
            client
        );
        // A client's own claim further left is not believed.
        assert_eq!(
            client_address(ingress, Some("198.51.100.1, 203.0.113.9"), &trusted),
            client
        );
        // Two trusted hops: skipped.
        assert_eq!(
            client_address(ingress, Some("203.0.113.9, 10.9.9.9"), &trusted),
            client
        );
        // Not from a trusted proxy: the header is the client's own claim, ignored.
        assert_eq!(
            client_address(client, Some("198.51.100.1"), &trusted),
            client
        );
        // Nothing trusted configured: always the peer.
        assert_eq!(client_address(ingress, Some("203.0.113.9"), &[]), ingress);
        // No header, or garbage: the peer.
        assert_eq!(client_address(ingress, None, &trusted), ingress);
        assert_eq!(
            client_address(ingress, Some("not-an-ip"), &trusted),
            ingress
        );
    }
}
