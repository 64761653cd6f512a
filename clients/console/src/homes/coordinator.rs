//! The Coordinator's dashboard: [`super::dashboard`] (its routes are registered once, by the manager's
//! home).

use actix_web::{web, HttpRequest, HttpResponse};

use crate::web::{Desk, State};

pub fn configure(_cfg: &mut web::ServiceConfig) {}

pub async fn home(_req: HttpRequest, state: web::Data<State>, desk: Desk) -> HttpResponse {
    super::dashboard::home(
        &state,
        &desk,
        "Dasbor koordinator",
        "Coordinator's dashboard",
    )
    .await
}
