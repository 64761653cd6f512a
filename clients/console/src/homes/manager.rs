//! The Manager's dashboard: [`super::dashboard`] (its routes are registered once, by the manager's
//! home).

use actix_web::{web, HttpRequest, HttpResponse};

use crate::web::{Desk, State};

pub fn configure(cfg: &mut web::ServiceConfig) {
    super::dashboard::configure(cfg);
}

pub async fn home(_req: HttpRequest, state: web::Data<State>, desk: Desk) -> HttpResponse {
    super::dashboard::home(&state, &desk, "Dasbor manajer", "Manager's dashboard").await
}
