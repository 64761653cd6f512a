//! The HD Support desk home (hd_support): its lists from the APIs as the signed-in user (see [`super::board`]).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::board::{col, section, tr, Kind, Section};
use crate::web::{Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/hd_support.html")]
struct Page {
    layout: Layout,
    heading: String,
    sections: Vec<Section>,
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    super::ticket::configure(cfg);
}

pub async fn home(_req: HttpRequest, state: web::Data<State>, desk: Desk) -> HttpResponse {
    let lang = desk.lang();
    #[allow(unused_imports)]
    use Kind::*;
    let sections = vec![
        section(
            &state,
            &desk,
            ("Antrean tiket", "Ticket queue"),
            "/api/v1/helpdesk/tickets",
            &[
                col("No.", "No.", "/number", Text),
                col("Tiket", "Ticket", "/id", Link("/console/tickets/")),
                col("Pelanggan", "Customer", "/customer_name", Text),
                col("Status", "Status", "/status", Text),
                col("Prioritas", "Priority", "/priority", Text),
                col("Dibuka", "Opened", "/opened_at", Time),
                col(
                    "Timer SLA (eskalasi berikut)",
                    "SLA timer (next escalation)",
                    "/next_escalation_at",
                    Timer,
                ),
            ],
        )
        .await,
        section(
            &state,
            &desk,
            ("Validasi", "Validations"),
            "/api/v1/helpdesk/validations",
            &[
                col("Dibuat", "Created", "/created_at", Time),
                col("Status", "Status", "/status", Text),
                col("Pelanggan", "Customer", "/customer_name", Text),
            ],
        )
        .await,
    ];
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: tr(lang, "Meja HD Support", "HD Support desk"),
        sections,
    })
}
