//! Who is calling, and may they: the identity half of every TAM service.
//!
//! - [`Claims`] and [`Subject`]: what an access token says about its holder.
//! - Keys: hr signs with an Ed25519 [`SigningKey`] (`<kid>.key.pem`); everyone else
//!   verifies with a [`KeySet`] of public keys (`<kid>.pub.pem`), which is also served as
//!   a JWKS. Several keys may be trusted at once, so keys can be rotated without a
//!   flag day.
//! - Tokens: [`issue_access_token`] (hr only) and [`Verifier`], which accepts nothing but
//!   an EdDSA `at+jwt` signed by a key of its set, for its issuer and audience, in date.
//! - Policy: [`Policy`], the one table of which roles may call which route, assembled
//!   from every service's own rows and read by both the gateway and the services through
//!   [`authorize`]; deny by default.
//! - Grants: [`GRANTS`], the one table of which roles a role may give, where, on create
//!   and on edit (hr checks it through [`may_grant`]).
//! - [`Caller`]: the actix extractor with which a service handler gets the verified caller
//!   of its route (the service's own check, behind the gateway's).

mod claims;
mod decision;
mod extract;
mod grants;
mod keys;
pub mod openapi;
mod policy;
mod tokens;

pub use claims::{Claims, Subject};
pub use decision::{authorize, authorize_fetching_keys, bearer_token, Decision};
pub use extract::Caller;
pub use grants::{
    grantable_roles, is_privileged, may_grant, Grant, GrantAction, GrantScope, FLOOR_ROLES, GRANTS,
    HR_HIRED_ROLES, SITE_ROLES,
};
pub use keys::{
    generate_key_pair, load_public_keys, load_signing_key, KeyError, KeySet, SigningKey,
    TokenSettings,
};
pub use policy::{route, Access, Policy, PolicyError, Route, Row, API_PREFIX};
pub use tokens::{
    issue_access_token, issue_access_token_not_before, AuthError, DenyList, KeyFetch, Verifier,
    ACCESS_TOKEN_TYP, LEEWAY_SECS, TOKEN_REVOKED,
};

#[cfg(test)]
mod testing;
