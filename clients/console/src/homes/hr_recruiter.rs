//! The Recruitment home (hr_recruiter): its lists from the APIs as the signed-in user (see [`super::board`]).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::board::{col, section, tr, Kind, Section};
use crate::web::{Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/hr_recruiter.html")]
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
            ("Pelamar", "Applicants"),
            "/api/v1/hr/applicants",
            &[
                col("Nama", "Name", "/full_name", Text),
                col("Tahap", "Stage", "/stage", Text),
                col("Status", "Status", "/status", Text),
                col("Melamar", "Applied", "/created_at", Time),
            ],
        )
        .await,
        section(
            &state,
            &desk,
            ("Permintaan tenaga kerja", "Requisitions"),
            "/api/v1/hr/requisitions",
            &[
                col("Program", "Program", "/program", Text),
                col("Site", "Site", "/site", Text),
                col("Jumlah", "Headcount", "/headcount", Text),
                col("Status", "Status", "/status", Text),
            ],
        )
        .await,
    ];
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: tr(lang, "Rekrutmen", "Recruitment"),
        sections,
    })
}
