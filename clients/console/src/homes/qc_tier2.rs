//! The QC Tier 2 desk home (qc_tier2): its lists from the APIs as the signed-in user (see [`super::board`]).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::board::{col, section, tr, Kind, Section};
use crate::web::{Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/qc_tier2.html")]
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
            ("Validasi", "Validations"),
            "/api/v1/helpdesk/validations",
            &[
                col("Dibuat", "Created", "/created_at", Time),
                col("Status", "Status", "/status", Text),
                col("Pelanggan", "Customer", "/customer_name", Text),
                col("Hasil", "Outcome", "/outcome", Text),
            ],
        )
        .await,
        section(
            &state,
            &desk,
            ("Kasus CABUT", "CABUT cases"),
            "/api/v1/helpdesk/cabut/cases",
            &[
                col("Dibuat", "Created", "/created_at", Time),
                col(
                    "Nomor IndiHome",
                    "IndiHome number",
                    "/indihome_number",
                    Text,
                ),
                col("Status", "Status", "/status", Text),
                col("Alasan", "Reason", "/reason", Text),
            ],
        )
        .await,
    ];
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: tr(lang, "Meja QC Tier 2", "QC Tier 2 desk"),
        sections,
    })
}
