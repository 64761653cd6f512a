//! A ticket's page (HD Support, the HD supervisor, and whoever else helpdesk lets read
//! it): the ticket, its SLA clocks with their timers, its history and its kendala
//! (issues). A ticket the caller may not see is helpdesk's 404: the not-found page.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde_json::Value;
use uuid::Uuid;

use super::board::{col, get_json, rows_section, text_of, tr, Kind::*, Section};
use crate::web::{not_found_page, Desk, Layout, State};

#[derive(Template)]
#[template(path = "homes/ticket.html")]
struct Page {
    layout: Layout,
    heading: String,
    facts: Vec<(String, String)>,
    sections: Vec<Section>,
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/tickets/{id}", web::get().to(page));
}

pub async fn page(
    req: HttpRequest,
    state: web::Data<State>,
    id: web::Path<String>,
) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    let Ok(id) = id.parse::<Uuid>() else {
        return desk.finish(not_found_page(&desk.session));
    };
    let lang = desk.lang();
    let detail = match get_json(&state, &desk, &format!("/api/v1/helpdesk/tickets/{id}")).await {
        Ok(v) => v,
        // Not found, or not the caller's to see: the same page (nothing confirms it exists).
        Err((404 | 403, _)) => return desk.finish(not_found_page(&desk.session)),
        Err((401, _)) => return crate::web::to_sign_in(&req, Some("ended")),
        Err((status, title)) => {
            tracing::warn!(status, title, "console: a ticket could not be read");
            return crate::web::internal(lang);
        }
    };
    let t = &detail["ticket"];
    let facts = [
        ("Nomor", "Number", "/number"),
        ("Pelanggan", "Customer", "/customer_name"),
        ("Nomor IndiHome", "IndiHome number", "/indihome_number"),
        ("Status", "Status", "/status"),
        ("Prioritas", "Priority", "/priority"),
        ("Site", "Site", "/site"),
        ("Produk", "Product", "/product_code"),
    ]
    .iter()
    .map(|(i, e, at)| {
        (
            tr(lang, i, e),
            text_of(t.pointer(at).unwrap_or(&Value::Null)),
        )
    })
    .collect();
    let none = tr(lang, "Belum ada.", "None yet.");
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let sections = vec![
        rows_section(
            lang,
            ("SLA", "SLA"),
            &list(&detail["sla"]["clocks"]),
            none.clone(),
            &[
                col("Jam", "Clock", "/clock", Text),
                col("Fase", "Phase", "/phase", Text),
                col(
                    "Target (menit)",
                    "Target (minutes)",
                    "/target_minutes",
                    Text,
                ),
                col("Timer", "Timer", "/due_at", Timer),
                col("Terlewati", "Breached", "/breached", Text),
            ],
        ),
        rows_section(
            lang,
            ("Kendala", "Kendala (issues)"),
            &list(&detail["issues"]),
            none.clone(),
            &[
                col("Dibuka", "Opened", "/opened_at", Time),
                col("Kategori", "Category", "/category", Text),
                col("Uraian", "Description", "/description", Text),
                col("Selesai", "Resolved", "/resolved_at", Time),
                col("Penyelesaian", "Resolution", "/resolution", Text),
            ],
        ),
        rows_section(
            lang,
            ("Riwayat", "History"),
            &list(&detail["history"]),
            none,
            &[
                col("Waktu", "At", "/at", Time),
                col("Jenis", "Kind", "/kind", Text),
                col("Status", "Status", "/status", Text),
                col("Peran", "Role", "/actor_role", Text),
                col("Catatan", "Note", "/note", Text),
            ],
        ),
    ];
    desk.page(&Page {
        layout: desk.layout("home"),
        heading: format!("{} #{}", tr(lang, "Tiket", "Ticket"), text_of(&t["number"])),
        facts,
        sections,
    })
}
