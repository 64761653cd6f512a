//! What an access token says about its holder.

use serde::{Deserialize, Serialize};
use tam_kernel::{Role, Site};
use uuid::Uuid;

/// The claims of a TAM access token (ARCHITECTURE.md, "Identity, roles and scope").
///
/// `site` is absent for all-site roles and `team` where no team applies; times are Unix
/// seconds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// The employee id.
    pub sub: Uuid,
    /// The employee's role.
    pub role: Role,
    /// The employee's site, for site-bound roles.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub site: Option<Site>,
    /// The employee's team, where one applies.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub team: Option<Uuid>,
    /// Who issued the token (hr's configured issuer).
    pub iss: String,
    /// Who the token is for (the suite's configured audience).
    pub aud: String,
    /// Issued at.
    pub iat: i64,
    /// Not valid before.
    pub nbf: i64,
    /// Expires at.
    pub exp: i64,
}

/// Who a token is for: what hr puts in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The employee id.
    pub id: Uuid,
    /// The employee's role.
    pub role: Role,
    /// The employee's site, for site-bound roles.
    pub site: Option<Site>,
    /// The employee's team, where one applies.
    pub team: Option<Uuid>,
}
