//! The IOC desk home (ioc): its lists from the APIs as the signed-in user (see [`super::board`]).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::board::{col, section, tr, Kind, Section};
use crate::web::{Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/ioc.html")]
struct Page {
    layout: Layout,
    heading: String,
    sections: Vec<Section>,
}

pub fn configure(_cfg: &mut web::ServiceConfig) {}

pub async fn home(_req: HttpRequest, state: web::Data<State>, desk: Desk) -> HttpResponse {
    let lang = desk.lang();
    #[allow(unused_imports)]
    use Kind::*;
    let sections = vec![
        section(
            &state,
            &desk,
            ("Gangguan", "Disruptions"),
            "/api/v1/helpdesk/disruptions",
            &[
                col("Mulai", "Started", "/started_at", Time),
                col("Wilayah", "Area", "/area", Text),
                col("Status", "Status", "/status", Text),
                col("Ringkasan", "Summary", "/summary", Text),
            ],
        )
        .await,
    ];
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: tr(lang, "Meja IOC", "IOC desk"),
        sections,
    })
}
