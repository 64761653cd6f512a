//! helpdesk's rows of the one policy table. Deny by default: a route not listed here is
//! not served.

use tam_auth::{route, Access, Route};
use tam_kernel::Role;
use tam_kernel::Role::{Admin, HdSupport, Manager, QcTier2, SupervisorHd};

/// Who works the desk or reads it: HD Support and its supervisor, QC Tier 2 (who
/// validates activations from every channel, DOMAIN.md), and the all-site managers.
const DESK_READERS: &[Role] = &[HdSupport, SupervisorHd, QcTier2, Manager, Admin];

/// Every route helpdesk serves and who may call it.
pub const ROUTES: &[Route] = &[route(
    "GET",
    "/api/v1/helpdesk/channels",
    Access::Roles(DESK_READERS),
)];
