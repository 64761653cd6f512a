//! The web console (issue 17): server-rendered pages served by the gateway at
//! `/console`, in Indonesian and English, calling the APIs through the gateway with
//! [`tam_client`] as the signed-in user (so the policy table and scopes apply exactly
//! as to any client).
//!
//! - The session is a private cookie ([`session`]): encrypted and authenticated,
//!   HttpOnly, Secure, SameSite=Strict, Path=/console; it holds the tokens, which never
//!   reach a page or a script.
//! - Every POST (forms and htmx) carries a CSRF token derived from the session; without
//!   it: 403, nothing done.
//! - Idle for longer than `TAM_CONSOLE_IDLE_MINUTES`: sign in again. The access token is
//!   refreshed a minute before it expires, the cookie re-issued with the new tokens.
//! - `/console` dispatches to the caller's role's home ([`homes`]).

pub mod homes;
pub mod i18n;
mod multipart;
pub(crate) mod pages;
pub mod rules;
pub mod session;
pub mod settings;
pub mod web;

use actix_web::web as aw;

pub use settings::{ConsoleSettings, VARIABLES};

/// Registers the console under `/console` (its static files under `/console/static`).
pub fn configure(
    settings: ConsoleSettings,
) -> anyhow::Result<impl Fn(&mut aw::ServiceConfig) + Send + Sync + Clone + 'static> {
    let state = aw::Data::new(web::State::new(settings)?);
    Ok(move |cfg: &mut aw::ServiceConfig| {
        cfg.service(
            aw::scope("/console")
                .app_data(state.clone())
                .route("", aw::get().to(pages::dispatch))
                .route("/", aw::get().to(pages::dispatch))
                .route("/static/{file}", aw::get().to(pages::static_file))
                .route("/signin", aw::get().to(pages::sign_in_form))
                .route("/signin", aw::post().to(pages::sign_in))
                .route("/signout", aw::post().to(pages::sign_out))
                .route("/lang", aw::get().to(pages::set_lang))
                .configure(homes::configure)
                .default_service(aw::to(pages::not_found)),
        );
    })
}
