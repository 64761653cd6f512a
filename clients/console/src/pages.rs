//! Sign-in, sign-out, the language toggle, the static files, the dispatcher to each
//! role's home, and the not-found page.

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;
use tam_client::Client;
use tam_kernel::Role;

use crate::i18n::Lang;
use crate::session::SetCookie;
use crate::web::{
    self as cw, clear_cookie, field, form_csrf, html, internal, message_page, session_of,
    session_or_new, set_cookie, signed_from, Desk, Errors, Layout, State,
};

/// The vendored htmx (htmx.org 2.0.11 from npm, 0BSD; see static/README.md).
const HTMX: &[u8] = include_bytes!("../static/htmx.min.js");
const CSS: &[u8] = include_bytes!("../static/console.css");

pub async fn static_file(path: web::Path<String>) -> HttpResponse {
    let (body, kind) = match path.as_str() {
        "htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "console.css" => (CSS, "text/css; charset=utf-8"),
        _ => return HttpResponse::NotFound().finish(),
    };
    HttpResponse::Ok()
        .content_type(kind)
        // Pinned files: a day in the browser's cache is safe (a new version is a new
        // gateway, and the worst case is a day of the previous CSS).
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body)
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SignInPage {
    layout: Layout,
    username: String,
    notice: Option<&'static str>,
    errors: Errors,
}

#[derive(Deserialize)]
pub struct SignInQuery {
    ended: Option<String>,
    out: Option<String>,
}

pub async fn sign_in_form(
    req: HttpRequest,
    state: web::Data<State>,
    q: web::Query<SignInQuery>,
) -> HttpResponse {
    let session = match session_or_new(&req, &state) {
        Ok(s) => s,
        Err(res) => return res,
    };
    // Already signed in and active: home.
    if session.signed.is_some() && Desk::load(&req, &state).await.is_ok() {
        return HttpResponse::SeeOther()
            .insert_header((header::LOCATION, "/console"))
            .finish();
    }
    let notice = if q.ended.is_some() {
        Some("session_ended")
    } else if q.out.is_some() {
        Some("signed_out")
    } else {
        None
    };
    let mut anon = session;
    anon.signed = None;
    sign_in_page(
        &state,
        anon,
        String::new(),
        notice,
        Errors::default(),
        StatusCode::OK,
    )
}

fn sign_in_page(
    state: &State,
    session: crate::session::Session,
    username: String,
    notice: Option<&'static str>,
    errors: Errors,
    status: StatusCode,
) -> HttpResponse {
    let page = SignInPage {
        layout: Layout::new(&session, "sign_in_title"),
        username,
        notice,
        errors,
    };
    let mut res = html(status, &page, session.lang);
    match state.sealer.seal(&session) {
        Ok(sealed) => set_cookie(&mut res, &SetCookie::session(sealed)),
        Err(_) => return internal(session.lang),
    }
    res
}

pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<State>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let session = match session_of(&req, &state) {
        Some(s) => s,
        // No cookie: the form was not ours (or the cookie expired): refuse.
        None => {
            let lang = cw::lang_of(&req);
            return match crate::session::Session::anonymous(lang, cw::now()) {
                Ok(s) => cw::forbidden_page(&s),
                Err(_) => internal(lang),
            };
        }
    };
    if !cw::csrf_ok(&session, &req, form_csrf(&form)) {
        return cw::forbidden_page(&session);
    }
    let mut session = session;
    session.lang = cw::lang_of(&req);
    let username = field(&form, "username").unwrap_or("").trim().to_owned();
    let password = field(&form, "password").unwrap_or("");
    // The gateway limits failed sign-ins per client address: pass the browser's on
    // (X-Forwarded-For, the incoming chain plus the peer), which the gateway reads when
    // the console's address (127.0.0.1) is among TAM_TRUSTED_PROXIES.
    let http = reqwest::Client::builder()
        .default_headers(forwarded_for(&req))
        .build();
    let client = match http.map(|h| Client::with_http(&state.settings.api_url, h)) {
        Ok(Ok(c)) => c,
        _ => return internal(session.lang),
    };
    match client.login(&username, password).await {
        Ok(tokens) => {
            let Some(signed) = signed_from(&tokens) else {
                return internal(session.lang);
            };
            // A new CSRF secret at sign-in: a token seen before it is worth nothing now.
            let mut fresh = match crate::session::Session::anonymous(session.lang, cw::now()) {
                Ok(s) => s,
                Err(_) => return internal(session.lang),
            };
            fresh.signed = Some(signed);
            let mut res = HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/console"))
                .finish();
            match state.sealer.seal(&fresh) {
                Ok(sealed) => set_cookie(&mut res, &SetCookie::session(sealed)),
                Err(_) => return internal(session.lang),
            }
            res
        }
        Err(e) => {
            let status = e.status().map(|s| s.as_u16());
            let errors = match status {
                Some(401) | Some(403) => {
                    Errors::alert(crate::i18n::t(session.lang, "bad_credentials"))
                }
                _ => Errors::from_client(&e),
            };
            let code = match status {
                Some(s) if (400..500).contains(&s) => {
                    StatusCode::from_u16(s).unwrap_or(StatusCode::BAD_REQUEST)
                }
                _ => StatusCode::BAD_GATEWAY,
            };
            session.signed = None;
            sign_in_page(&state, session, username, None, errors, code)
        }
    }
}

/// The `X-Forwarded-For` the console sends for a browser's request.
fn forwarded_for(req: &HttpRequest) -> reqwest::header::HeaderMap {
    let mut chain: Vec<String> = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .map(|v| vec![v.trim().to_owned()])
        .unwrap_or_default();
    if let Some(peer) = req.peer_addr() {
        chain.push(peer.ip().to_string());
    }
    let mut headers = reqwest::header::HeaderMap::new();
    if let Ok(v) = reqwest::header::HeaderValue::from_str(&chain.join(", ")) {
        if !chain.is_empty() {
            headers.insert("x-forwarded-for", v);
        }
    }
    headers
}

/// Sign-out: the refresh family is revoked at hr, the cookie cleared.
pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<State>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let Some(session) = session_of(&req, &state) else {
        return cw::to_sign_in(&req, None);
    };
    if !cw::csrf_ok(&session, &req, form_csrf(&form)) {
        return cw::forbidden_page(&session);
    }
    if let Some(signed) = &session.signed {
        cw::revoke(&state, &signed.refresh_token).await;
    }
    clear_cookie(cw::to_sign_in(&req, Some("out")))
}

#[derive(Deserialize)]
pub struct LangQuery {
    to: String,
    back: Option<String>,
}

/// The header's language toggle: sets the `lang` cookie and goes back.
pub async fn set_lang(q: web::Query<LangQuery>) -> HttpResponse {
    let lang = Lang::parse(&q.to).unwrap_or_default();
    // Only back to a console page: never an open redirect.
    let back = q
        .back
        .as_deref()
        .filter(|b| b.starts_with("/console") && !b.starts_with("//") && !b.contains("\\"))
        .unwrap_or("/console");
    let mut res = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, back.to_owned()))
        .finish();
    set_cookie(&mut res, &SetCookie::lang(lang));
    res
}

/// `/console`: the caller's role's home.
pub async fn dispatch(req: HttpRequest, state: web::Data<State>) -> HttpResponse {
    let desk = match Desk::load(&req, &state).await {
        Ok(d) => d,
        Err(res) => return res,
    };
    match desk.signed().role {
        Role::Agent => crate::homes::agent::home(req, state, desk).await,
        Role::TeamLeader => crate::homes::team_leader::home(req, state, desk).await,
        Role::SupervisorOps => crate::homes::supervisor_ops::home(req, state, desk).await,
        Role::QcOfficer => crate::homes::qc_officer::home(req, state, desk).await,
        // CB: one line per role home here.
        Role::QaOfficer => crate::homes::qa_officer::home(req, state, desk).await,
        Role::SupervisorQuality => crate::homes::supervisor_quality::home(req, state, desk).await,
        Role::HdSupport => crate::homes::hd_support::home(req, state, desk).await,
        Role::SupervisorHd => crate::homes::supervisor_hd::home(req, state, desk).await,
        Role::QcTier2 => crate::homes::qc_tier2::home(req, state, desk).await,
        Role::Ioc => crate::homes::ioc::home(req, state, desk).await,
        Role::HrRecruiter => crate::homes::hr_recruiter::home(req, state, desk).await,
        Role::Trainer => crate::homes::trainer::home(req, state, desk).await,
        Role::Manager => crate::homes::manager::home(req, state, desk).await,
        Role::Coordinator => crate::homes::coordinator::home(req, state, desk).await,
        _ => coming(&desk),
    }
}

/// A role whose home is not built yet.
pub fn coming(desk: &Desk) -> HttpResponse {
    desk.finish(message_page(
        &desk.session,
        StatusCode::OK,
        "coming_title",
        "coming_text",
    ))
}

/// Any other console path.
pub async fn not_found(req: HttpRequest, state: web::Data<State>) -> HttpResponse {
    match session_or_new(&req, &state) {
        Ok(s) => cw::not_found_page(&s),
        Err(res) => res,
    }
}
