//! helpdesk's HTTP API: routes (the pattern strings are exactly those of its
//! `policy::ROUTES`), request and response types, and the OpenAPI document.

pub mod channels;

use actix_web::web;
use tam_auth::openapi::BearerAuth;
use utoipa::OpenApi;

/// Registers every route of helpdesk.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/v1/helpdesk/channels", web::get().to(channels::list));
}

/// helpdesk's OpenAPI document (served at `/openapi.json`, merged by the gateway).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "tam helpdesk",
        description = "HD Support: the sales channels it follows; AddOn activation tickets, \
                       their SLAs and escalation come next."
    ),
    paths(channels::list),
    components(schemas(channels::ChannelBody, channels::ChannelList)),
    modifiers(&BearerAuth),
    tags((name = "channels", description = "The sales channels of AddOns the desk follows"))
)]
pub struct ApiDoc;
