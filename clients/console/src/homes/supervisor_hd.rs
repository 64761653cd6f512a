//! The HD supervisor home (supervisor_hd): its lists from the APIs as the signed-in user (see [`super::board`]).

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::board::{col, section, tr, Kind, Section};
use crate::web::{Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/supervisor_hd.html")]
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
            ("Eskalasi", "Escalations"),
            "/api/v1/helpdesk/escalations",
            &[
                col("Tiket", "Ticket", "/ticket_id", Link("/console/tickets/")),
                col("No.", "No.", "/ticket_number", Text),
                col("Jam SLA", "SLA clock", "/clock", Text),
                col("Tingkat", "Level", "/level", Text),
                col("Pada %", "At %", "/percent", Text),
            ],
        )
        .await,
        section(
            &state,
            &desk,
            ("Tangga eskalasi", "Escalation ladder"),
            "/api/v1/helpdesk/escalation-ladder",
            &[
                col("Tingkat", "Level", "/code", Text),
                col("Pada % SLA", "At % of the SLA", "/percent", Text),
                col("Diberi tahu", "Notified", "/notify", Text),
            ],
        )
        .await,
    ];
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: tr(lang, "Supervisor HD", "HD supervisor"),
        sections,
    })
}
