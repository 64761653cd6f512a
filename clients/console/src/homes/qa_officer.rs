//! The QA desk home (qa_officer): its lists from the APIs as the signed-in user (see [`super::board`]).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::board::{col, section, tr, Kind, Section};
use crate::web::{Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/qa_officer.html")]
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
            ("Tinjauan", "Reviews"),
            "/api/v1/quality/reviews",
            &[
                col("Dibuat", "Created", "/created_at", Time),
                col("Status", "Status", "/status", Text),
                col("Putusan QCO", "QCO verdict", "/qco_verdict", Text),
                col("QA setuju", "QA agrees", "/qa_agree", Text),
                col("Keputusan", "Decision", "/decision_verdict", Text),
                col("Alasan", "Reason", "/decision_reason", Text),
            ],
        )
        .await,
        section(
            &state,
            &desk,
            ("Tinjauan salah jual", "Mis-sale reviews"),
            "/api/v1/quality/mis-sale-reviews",
            &[
                col("Dibuat", "Created", "/created_at", Time),
                col("Status", "Status", "/status", Text),
                col("Keputusan", "Decision", "/decision", Text),
            ],
        )
        .await,
        section(
            &state,
            &desk,
            ("Set parameter", "Parameter sets"),
            "/api/v1/quality/parameters",
            &[
                col("Program", "Program", "/program", Text),
                col("Versi", "Version", "/version", Text),
                col("Berlaku sejak", "Valid from", "/valid_from", Text),
            ],
        )
        .await,
    ];
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: tr(lang, "Meja QA", "QA desk"),
        sections,
    })
}
