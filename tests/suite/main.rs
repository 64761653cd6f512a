//! End-to-end tests of the `tam` package: the whole suite, started as it runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod authz;
mod bench_smoke;
mod client_cli;
mod console;
mod deployment;
mod helpdesk;
mod helpdesk_cabut;
mod helpdesk_desk;
mod helpdesk_ioc;
mod helpdesk_obc;
mod helpdesk_qc;
mod helpdesk_sla;
mod hr_attendance;
mod hr_caplan;
mod hr_contracts;
mod hr_evaluation;
mod hr_pembinaan;
mod hr_recruitment;
mod hr_training;
mod lockout;
mod multisite;
mod multisite_identity;
mod multisite_link;
mod outbound;
mod quality;
mod reporting;
mod reporting_reconciliation;
mod revocation;
mod schema;
mod startup;
mod tokens;
mod topology;

/// A port for a service whose address must be known before it starts (a test that sets
/// `TAM_<SERVICE>_PORT`): one that binds now, chosen below the kernel's ephemeral range
/// (32768–60999 here), where the other tests' services, bound to port 0, never land; so
/// tests running in parallel cannot take it between this check and the service's bind.
pub fn free_port() -> u16 {
    use std::hash::{BuildHasher, Hasher};
    loop {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u128(uuid::Uuid::now_v7().as_u128());
        let port = 20_000 + u16::try_from(hasher.finish() % 12_000).unwrap();
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}
