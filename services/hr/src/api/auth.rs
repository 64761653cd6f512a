//! `/api/v1/auth/...`: login, password change, refresh, logout, the caller's record and
//! the public keys.

use actix_web::http::header;
use std::net::IpAddr;

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tam_auth::Caller;
use tam_kernel::{Problem, Role, Site};
use utoipa::ToSchema;
use uuid::Uuid;

use super::employees::EmployeeBody;
use super::schema::{self, ProblemBody};
use super::Jwks;
use crate::app::auth::{self, Session};
use crate::app::Hr;
use crate::domain::password::Password;
use crate::domain::Rejection;

/// A username and password.
#[derive(Debug, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
pub struct LoginRequest {
    #[schema(example = "agent.medan")]
    pub username: String,
    pub password: String,
}

/// A first-use or voluntary password change.
#[derive(Debug, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
pub struct PasswordChangeRequest {
    pub username: String,
    pub current_password: String,
    /// At least 12 characters, not the username, not the current password.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// A refresh token, to exchange (refresh) or revoke (logout).
#[derive(Debug, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// A session: a short-lived access token and the refresh token to renew it.
#[derive(Debug, Serialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Deserialize))]
pub struct TokenResponse {
    /// An EdDSA JWT to send as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    // A client reading the answer does not need the constant back.
    #[cfg_attr(feature = "client", serde(skip_deserializing))]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single use: each refresh answers with a new one.
    pub refresh_token: String,
    #[schema(schema_with = schema::role)]
    pub role: Role,
    #[schema(schema_with = schema::site_nullable)]
    pub site: Option<Site>,
}

impl From<Session> for TokenResponse {
    fn from(session: Session) -> Self {
        Self {
            access_token: session.access_token,
            token_type: "Bearer",
            expires_in: session.expires_in,
            refresh_token: session.refresh_token,
            role: session.role,
            site: session.site,
        }
    }
}

/// The client a password check is throttled for: the address the gateway resolved, or
/// the peer (the unspecified address if even that is unknown, as in unit tests).
fn client(req: &HttpRequest) -> IpAddr {
    tam_kernel::client_address(req).unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// Token responses must not be cached (RFC 6749 §5.1).
fn tokens(session: Session) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(TokenResponse::from(session))
}

/// Log in with a username and password.
///
/// Unknown usernames and wrong passwords get the same 401. After 5 consecutive
/// failures from one client address a username is locked for that address for a
/// doubling time (1 s, 2 s, ... up to 15 minutes), and at most 100 failures an hour are
/// checked per username (then only addresses it logged in from before may try): 429
/// with `Retry-After`. A password set by HR answers 403 `password-change-required`
/// until it is changed.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "logged in", body = TokenResponse),
        (status = 400, description = "malformed body", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "invalid-credentials", body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, description = "password-change-required", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "too many failures; see Retry-After", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn login(
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, Problem> {
    let LoginRequest { username, password } = body.into_inner();
    let session = auth::login(&hr, &username, password, client(&req)).await?;
    Ok(tokens(session))
}

/// Change a password, proving the current one (throttled like a login).
///
/// Required before first use of a password set by HR. Ends every session of the
/// employee.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password",
    tag = "auth",
    request_body = PasswordChangeRequest,
    responses(
        (status = 204, description = "changed"),
        (status = 400, description = "the new password breaks the policy", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "invalid-credentials", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "too many failures; see Retry-After", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn change_password(
    hr: web::Data<Hr>,
    req: HttpRequest,
    body: web::Json<PasswordChangeRequest>,
) -> Result<HttpResponse, Problem> {
    let PasswordChangeRequest {
        username,
        current_password,
        new_password,
    } = body.into_inner();
    let new_password = Password::new(&new_password, &username, Some(&current_password))
        .map_err(|reason| Rejection::field("new_password", reason))?;
    auth::change_password(&hr, &username, current_password, new_password, client(&req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Exchange a refresh token for a new session.
///
/// The token is used up; presenting it again revokes every token of its session.
#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "a new session", body = TokenResponse),
        (status = 401, description = "invalid-refresh-token", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn refresh(
    hr: web::Data<Hr>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, Problem> {
    let session = auth::refresh(&hr, &body.refresh_token).await?;
    Ok(tokens(session))
}

/// End the session a refresh token belongs to.
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "logged out (also for an unknown token)"))
)]
pub async fn logout(
    hr: web::Data<Hr>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, Problem> {
    auth::logout(&hr, &body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Log out everywhere: every session of the caller ends (their refresh tokens are
/// revoked) and every access token issued until now, this one included, is refused by
/// the gateway and every service within seconds (401 `token-revoked`).
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout-all",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "logged out everywhere"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "the caller's record does not exist", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn logout_all(
    hr: web::Data<Hr>,
    caller: Caller,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let correlation_id = tam_kernel::request_id(&req);
    auth::logout_everywhere(&hr, caller.id, correlation_id.as_deref()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Log an employee out everywhere (a lost phone, a shared password): every session
/// ends and every access token of theirs issued until now is refused within seconds.
///
/// Whoever may deactivate the employee may do this; nobody does it to themself here
/// (403: use `POST /api/v1/auth/logout-all`); 409 for a deactivated employee.
#[utoipa::path(
    post,
    path = "/api/v1/hr/employees/{id}/logout-all",
    tag = "employees",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "employee id")),
    responses(
        (status = 204, description = "logged out everywhere"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn logout_employee(
    hr: web::Data<Hr>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Problem> {
    let request = super::request(&caller, &req);
    auth::logout_employee(&hr, &request, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's own employee record.
#[utoipa::path(
    get,
    path = "/api/v1/auth/me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = EmployeeBody),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn me(hr: web::Data<Hr>, caller: Caller) -> Result<web::Json<EmployeeBody>, Problem> {
    let employee = auth::me(&hr, caller.id).await?;
    Ok(web::Json(employee.into()))
}

/// The public keys access tokens are signed with (RFC 7517 JWK set).
#[utoipa::path(
    get,
    path = "/api/v1/auth/jwks",
    tag = "auth",
    responses((status = 200, description = "JWK set", body = Object))
)]
pub async fn jwks(jwks: web::Data<Jwks>) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(&jwks.0)
}
