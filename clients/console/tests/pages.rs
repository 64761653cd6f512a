//! The console's pages without the APIs behind them: what a browser gets before it
//! signs in (the cookie's attributes, CSRF refusals, the sign-in redirect, not-found).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use actix_web::http::header;
use actix_web::{test, App};
use tam_console::ConsoleSettings;

fn settings() -> ConsoleSettings {
    // Nothing listens there: no test here may reach the API.
    ConsoleSettings::for_tests("http://127.0.0.1:9")
}

#[actix_web::test]
async fn the_sign_in_page_sets_a_strict_secure_httponly_console_cookie() {
    let app =
        test::init_service(App::new().configure(tam_console::configure(settings()).unwrap())).await;
    let res = test::call_service(
        &app,
        test::TestRequest::get().uri("/console/signin").to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    for attr in [
        "tam_console=",
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Path=/console",
    ] {
        assert!(cookie.contains(attr), "{attr} missing: {cookie}");
    }
    let csp = res
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    assert!(body.contains("name=\"csrf\""), "the form carries the token");
    assert!(!body.contains("access_token"));
}

#[actix_web::test]
async fn a_post_without_the_csrf_token_is_refused() {
    let app =
        test::init_service(App::new().configure(tam_console::configure(settings()).unwrap())).await;
    let res = test::call_service(
        &app,
        test::TestRequest::get().uri("/console/signin").to_request(),
    )
    .await;
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    let pair = cookie.split(';').next().unwrap().to_owned();
    for body in ["username=a&password=b", "username=a&password=b&csrf=forged"] {
        let req = test::TestRequest::post()
            .uri("/console/signin")
            .insert_header((header::COOKIE, pair.clone()))
            .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
            .set_payload(body)
            .to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), 403, "{body}");
    }
    // Without any session cookie at all.
    let req = test::TestRequest::post()
        .uri("/console/signout")
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload("csrf=x")
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_ne!(res.status(), 200);
}

#[actix_web::test]
async fn a_page_needs_a_session_and_unknown_paths_are_not_found() {
    let app =
        test::init_service(App::new().configure(tam_console::configure(settings()).unwrap())).await;
    let res = test::call_service(&app, test::TestRequest::get().uri("/console").to_request()).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers().get(header::LOCATION).unwrap(),
        "/console/signin"
    );
    let htmx = test::TestRequest::get()
        .uri("/console")
        .insert_header(("HX-Request", "true"))
        .to_request();
    let res = test::call_service(&app, htmx).await;
    assert_eq!(res.headers().get("HX-Redirect").unwrap(), "/console/signin");
    let res = test::call_service(
        &app,
        test::TestRequest::get().uri("/console/nope").to_request(),
    )
    .await;
    assert_eq!(res.status(), 404);
    let res = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/console/static/htmx.min.js")
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), 200);
}
