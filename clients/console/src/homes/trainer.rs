//! The Trainer desk home (trainer): its lists from the APIs as the signed-in user (see [`super::board`]).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::board::{col, section, tr, Kind, Section};
use crate::web::{Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/trainer.html")]
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
            ("Kelas", "Classes"),
            "/api/v1/hr/training/classes",
            &[
                col("Program", "Program", "/program", Text),
                col("Mulai", "Starts", "/starts_on", Text),
                col("Status", "Status", "/status", Text),
                col("Peserta", "Trainees", "/trainees", Text),
            ],
        )
        .await,
        section(
            &state,
            &desk,
            ("Sertifikasi segera berakhir", "Certifications expiring"),
            "/api/v1/hr/certifications/expiring",
            &[
                col("Karyawan", "Employee", "/employee_id", Text),
                col("Program", "Program", "/program", Text),
                col("Berlaku sampai", "Valid until", "/valid_until", Text),
            ],
        )
        .await,
    ];
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: tr(lang, "Meja pelatih", "Trainer desk"),
        sections,
    })
}
