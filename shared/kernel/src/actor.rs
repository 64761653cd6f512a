//! Who a request comes from, as every service's domain and use cases need them: the
//! same four claims in every service, so one type (a service's scope rules read the
//! fields they need and ignore the rest).

use uuid::Uuid;

use crate::role::Role;
use crate::site::Site;

/// The caller of a request, as the domain needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: Uuid,
    pub role: Role,
    /// The caller's site, for site-bound roles.
    pub site: Option<Site>,
    /// The team named in the token (team leaders and agents).
    pub team: Option<Uuid>,
}

/// Who a request comes from, and the request id its events carry.
#[derive(Debug, Clone)]
pub struct Request {
    pub actor: Actor,
    pub correlation_id: Option<String>,
}

impl Request {
    pub fn correlation_id(&self) -> Option<&str> {
        self.correlation_id.as_deref()
    }
}
