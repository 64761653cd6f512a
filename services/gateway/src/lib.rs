//! The gateway: the only public entry of the suite. It has no database of its own.

use tam_runtime::{ServiceDef, ServiceName, ServiceParts};

pub fn service() -> ServiceDef {
    ServiceDef {
        name: ServiceName::Gateway,
        migrations: None,
        build: |_| Ok(ServiceParts::empty(ServiceName::Gateway)),
    }
}
