//! (being built)

use actix_web::{web, HttpRequest, HttpResponse};

use crate::web::{Desk, State};

pub fn configure(_cfg: &mut web::ServiceConfig) {}

pub async fn home(_req: HttpRequest, _state: web::Data<State>, desk: Desk) -> HttpResponse {
    crate::pages::coming(&desk)
}
