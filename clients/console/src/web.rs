//! Request plumbing shared by every page: the session from the cookie, the idle rule,
//! the token refresh (the cookie re-issued with the new tokens), CSRF checks, the
//! layout every template extends, and the answers for problems.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use tam_client::{Client, ClientError};
use tam_hr::api::auth::{RefreshRequest, TokenResponse};

use crate::i18n::{t, Lang};
use crate::session::Sealer;
use crate::session::{
    cookie_value, idle_expired, needs_refresh, read_claims, Session, SetCookie, Signed, COOKIE,
    CSRF_FIELD, CSRF_HEADER,
};
use crate::settings::ConsoleSettings;

/// The console's pages' own policy: only their own files; no inline script, nothing
/// framed. (The gateway adds its other security headers around it.)
pub const CONSOLE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// What every worker shares.
pub struct State {
    pub settings: ConsoleSettings,
    pub sealer: Sealer,
    /// For the token refresh and logout calls, and the recording proxy.
    pub http: reqwest::Client,
}

impl State {
    pub fn new(settings: ConsoleSettings) -> anyhow::Result<Self> {
        let sealer = Sealer::new(&settings.cookie_key);
        let http = reqwest::Client::builder()
            .user_agent(concat!("tam-console/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            settings,
            sealer,
            http,
        })
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}{path}", self.settings.api_url)
    }
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The language of a request: the `lang` cookie, else Accept-Language, else Indonesian.
pub fn lang_of(req: &HttpRequest) -> Lang {
    cookie(req, "lang")
        .and_then(Lang::parse)
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

pub fn cookie<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie_value(h, name))
}

/// The session in the request's cookie, if it is one this console sealed.
pub fn session_of(req: &HttpRequest, state: &State) -> Option<Session> {
    cookie(req, COOKIE).and_then(|v| state.sealer.open(v))
}

/// The session (or a fresh anonymous one) for a page without sign-in (the sign-in
/// form), with the request's language.
// The error is the answer to send as it is (a redirect, a page): boxing it would only
// add an allocation.
#[allow(clippy::result_large_err)]
pub fn session_or_new(req: &HttpRequest, state: &State) -> Result<Session, HttpResponse> {
    let lang = lang_of(req);
    match session_of(req, state) {
        Some(mut s) => {
            s.lang = lang;
            Ok(s)
        }
        None => Session::anonymous(lang, now()).map_err(|_| internal(lang)),
    }
}

fn is_htmx(req: &HttpRequest) -> bool {
    req.headers().contains_key("hx-request")
}

/// To the sign-in page: a redirect, or for htmx an `HX-Redirect` (a swap of a sign-in
/// page into a fragment would be wrong).
pub fn to_sign_in(req: &HttpRequest, why: Option<&str>) -> HttpResponse {
    let target = match why {
        Some(why) => format!("/console/signin?{why}=1"),
        None => "/console/signin".to_owned(),
    };
    if is_htmx(req) {
        HttpResponse::Ok()
            .insert_header(("HX-Redirect", target))
            .finish()
    } else {
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, target))
            .finish()
    }
}

/// A signed-in request: its session (activity updated, tokens fresh) and a client of
/// the APIs acting as the user.
pub struct Desk {
    pub session: Session,
    pub client: Client,
    sealed: Option<String>,
}

impl Desk {
    /// The signed-in session of `req`, or the answer that sends the browser to sign in.
    /// The access token is refreshed here when it is about to expire, so the cookie
    /// written back carries the new tokens.
    #[allow(clippy::result_large_err)]
    pub async fn load(req: &HttpRequest, state: &State) -> Result<Desk, HttpResponse> {
        let now = now();
        let Some(mut session) = session_of(req, state) else {
            return Err(to_sign_in(req, None));
        };
        session.lang = lang_of(req);
        let Some(signed) = session.signed.as_mut() else {
            return Err(to_sign_in(req, None));
        };
        if idle_expired(session.last_activity, now, state.settings.idle_minutes) {
            let ended = clear_cookie(to_sign_in(req, Some("ended")));
            return Err(ended);
        }
        if needs_refresh(signed.access_expires, now) {
            match refresh(state, &signed.refresh_token).await {
                Some(tokens) => match signed_from(&tokens) {
                    Some(fresh) => *signed = fresh,
                    None => return Err(clear_cookie(to_sign_in(req, Some("ended")))),
                },
                None => return Err(clear_cookie(to_sign_in(req, Some("ended")))),
            }
        }
        session.last_activity = now;
        let client = Client::with_access_token(
            &state.settings.api_url,
            signed.access_token.clone(),
            signed.role,
            signed.site,
        )
        .await
        .map_err(|_| internal(session.lang))?;
        let sealed = state.sealer.seal(&session).ok();
        Ok(Desk {
            session,
            client,
            sealed,
        })
    }

    pub fn signed(&self) -> &Signed {
        // `load` only builds a desk from a signed-in session.
        match &self.session.signed {
            Some(s) => s,
            None => unreachable!("a desk has a signed-in session"),
        }
    }

    pub fn lang(&self) -> Lang {
        self.session.lang
    }

    pub fn layout(&self, title: &'static str) -> Layout {
        Layout::new(&self.session, title)
    }

    /// Whether a POST carries this session's CSRF token (form field or header).
    pub fn csrf_ok(&self, req: &HttpRequest, form: Option<&str>) -> bool {
        csrf_ok(&self.session, req, form)
    }

    /// The response with the session cookie re-issued (activity, tokens).
    pub fn finish(&self, mut res: HttpResponse) -> HttpResponse {
        if let Some(sealed) = &self.sealed {
            set_cookie(&mut res, &SetCookie::session(sealed.clone()));
        }
        res
    }

    /// A rendered template as the page, cookie re-issued.
    pub fn page(&self, tpl: &impl Template) -> HttpResponse {
        self.finish(html(StatusCode::OK, tpl, self.lang()))
    }

    /// What an API error becomes: 404 → the not-found page, 401 → sign in again, other
    /// problems → `None` (the caller shows them next to fields or as an alert).
    pub fn api_error(&self, req: &HttpRequest, e: &ClientError) -> Option<HttpResponse> {
        match e.status().map(|s| s.as_u16()) {
            Some(404) => Some(self.finish(not_found_page(&self.session))),
            Some(401) => Some(clear_cookie(to_sign_in(req, Some("ended")))),
            _ => None,
        }
    }
}

pub fn csrf_ok(session: &Session, req: &HttpRequest, form: Option<&str>) -> bool {
    let header = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    session.csrf_ok(form.or(header))
}

/// The CSRF field's value in a url-encoded form.
pub fn form_csrf(form: &[(String, String)]) -> Option<&str> {
    field(form, CSRF_FIELD)
}

pub fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A refresh of the tokens at hr (through the gateway); `None` when refused.
async fn refresh(state: &State, refresh_token: &str) -> Option<TokenResponse> {
    let res = state
        .http
        .post(state.api("/api/v1/auth/refresh"))
        .json(&RefreshRequest {
            refresh_token: refresh_token.to_owned(),
        })
        .send()
        .await
        .ok()?;
    if !res.status().is_success() {
        return None;
    }
    res.json::<TokenResponse>().await.ok()
}

/// Revokes the refresh token's family at hr (sign-out). Errors are logged: the cookie
/// is cleared either way.
pub async fn revoke(state: &State, refresh_token: &str) {
    let result = state
        .http
        .post(state.api("/api/v1/auth/logout"))
        .json(&RefreshRequest {
            refresh_token: refresh_token.to_owned(),
        })
        .send()
        .await;
    match result {
        Ok(res) if res.status().is_success() => {}
        Ok(res) => tracing::warn!(status = %res.status(), "console sign-out: logout refused"),
        Err(e) => tracing::warn!(error = %e, "console sign-out: logout failed"),
    }
}

/// The session part of a token answer.
pub fn signed_from(tokens: &TokenResponse) -> Option<Signed> {
    let claims = read_claims(&tokens.access_token)?;
    Some(Signed {
        access_token: tokens.access_token.clone(),
        refresh_token: tokens.refresh_token.clone(),
        access_expires: claims.exp,
        user: claims.sub,
        role: tokens.role,
        site: tokens.site,
        team: claims.team,
    })
}

pub fn set_cookie(res: &mut HttpResponse, cookie: &SetCookie) {
    if let Ok(v) = HeaderValue::from_str(&cookie.header_value()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub fn clear_cookie(mut res: HttpResponse) -> HttpResponse {
    set_cookie(&mut res, &SetCookie::remove_session());
    res
}

/// What the layout needs: language, the CSRF token for forms and htmx, who is signed in.
pub struct Layout {
    pub lang: Lang,
    pub csrf: String,
    pub title: &'static str,
    pub role: Option<&'static str>,
    pub site: Option<&'static str>,
}

impl Layout {
    pub fn new(session: &Session, title: &'static str) -> Self {
        Self {
            lang: session.lang,
            csrf: session.csrf_token(),
            title,
            role: session.signed.as_ref().map(|s| s.role.as_str()),
            site: session
                .signed
                .as_ref()
                .and_then(|s| s.site)
                .map(|s| s.as_str()),
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    pub fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }
}

/// A rendered template, or a plain error page when rendering fails.
pub fn html(status: StatusCode, tpl: &impl Template, lang: Lang) -> HttpResponse {
    match tpl.render() {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CONTENT_SECURITY_POLICY, CONSOLE_CSP))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body),
        Err(e) => {
            tracing::error!(error = %e, "console: a template failed to render");
            internal(lang)
        }
    }
}

pub fn internal(lang: Lang) -> HttpResponse {
    HttpResponse::InternalServerError()
        .content_type("text/plain; charset=utf-8")
        .body(t(lang, "error"))
}

/// A page with a title and one message: not found, refused, coming.
#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub layout: Layout,
    pub text: &'static str,
}

pub fn message_page(
    session: &Session,
    status: StatusCode,
    title: &'static str,
    text: &'static str,
) -> HttpResponse {
    let page = MessagePage {
        layout: Layout::new(session, title),
        text,
    };
    html(status, &page, session.lang)
}

pub fn not_found_page(session: &Session) -> HttpResponse {
    message_page(
        session,
        StatusCode::NOT_FOUND,
        "not_found_title",
        "not_found_text",
    )
}

/// A POST whose CSRF token is missing or wrong: refused, nothing done.
pub fn forbidden_page(session: &Session) -> HttpResponse {
    message_page(
        session,
        StatusCode::FORBIDDEN,
        "forbidden_title",
        "forbidden_text",
    )
}

/// Field errors of a problem, to show next to the fields, and the rest as an alert.
#[derive(Debug, Default, Clone)]
pub struct Errors {
    pub fields: Vec<(String, String)>,
    pub alert: Option<String>,
}

impl Errors {
    pub fn from_client(e: &ClientError) -> Self {
        match e.problem() {
            Some(p) => Self {
                fields: p
                    .errors
                    .iter()
                    .map(|f| (f.field.clone(), f.reason.clone()))
                    .collect(),
                alert: Some(if p.detail.is_empty() {
                    p.title.clone()
                } else {
                    p.detail.clone()
                }),
            },
            None => Self {
                fields: Vec::new(),
                alert: Some(e.to_string()),
            },
        }
    }

    pub fn alert(text: impl Into<String>) -> Self {
        Self {
            fields: Vec::new(),
            alert: Some(text.into()),
        }
    }

    /// The error of `field` (a template shows it under the field, linked by
    /// aria-describedby).
    pub fn of(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, r)| r.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.of(field).is_some()
    }
}
