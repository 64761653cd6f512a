//! The Quality supervisor home (supervisor_quality): its lists from the APIs as the signed-in user (see [`super::board`]).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::board::{col, section, tr, Kind, Section};
use crate::web::{Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/supervisor_quality.html")]
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
            ("Cakupan tapping", "Tapping coverage"),
            "/api/v1/quality/coverage",
            &[
                col("Site", "Site", "/site", Text),
                col("Panggilan AGREE", "AGREE calls", "/agree_calls", Text),
                col("Disadap", "Tapped", "/tapped", Text),
                col(
                    "Tertua menunggu",
                    "Oldest waiting",
                    "/oldest_waiting_created_at",
                    Time,
                ),
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
        heading: tr(lang, "Supervisor mutu", "Quality supervisor"),
        sections,
    })
}
