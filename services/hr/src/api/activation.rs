//! `POST /api/v1/auth/activate`: the owner of a new account sets its first password
//! with the one-time code it was created with.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tam_kernel::Problem;
use utoipa::ToSchema;

use super::schema::ProblemBody;
use crate::app::{activation, Hr};
use crate::domain::password::Password;
use crate::domain::Rejection;

/// A new account's username, its activation code and the password its owner chooses.
#[derive(Debug, Deserialize, ToSchema)]
#[cfg_attr(feature = "client", derive(serde::Serialize))]
pub struct ActivateRequest {
    #[schema(example = "siti.r")]
    pub username: String,
    /// The one-time code HR was given when the account was created.
    pub code: String,
    /// At least 12 characters, not the username.
    #[schema(min_length = 12, max_length = 128)]
    pub new_password: String,
}

/// Set the first password of a new account with its activation code.
///
/// The code works once and expires (`TAM_ACTIVATION_TTL_HOURS`, 7 days by default);
/// an unknown username, a wrong, used or expired code all get the same 401
/// `invalid-activation-code`. Then log in with the new password.
#[utoipa::path(
    post,
    path = "/api/v1/auth/activate",
    tag = "auth",
    request_body = ActivateRequest,
    responses(
        (status = 204, description = "activated: the password is set"),
        (status = 400, description = "malformed body, or the password breaks the policy", body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, description = "invalid-activation-code", body = ProblemBody, content_type = "application/problem+json"),
    )
)]
pub async fn activate(
    hr: web::Data<Hr>,
    body: web::Json<ActivateRequest>,
) -> Result<HttpResponse, Problem> {
    let ActivateRequest {
        username,
        code,
        new_password,
    } = body.into_inner();
    let password = Password::new(&new_password, &username, None)
        .map_err(|reason| Rejection::field("new_password", reason))?;
    activation::activate(&hr, &username, &code, password).await?;
    Ok(HttpResponse::NoContent().finish())
}
