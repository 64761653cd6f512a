//! The client against the real suite (every service and the gateway, as
//! tests/suite does): an admin-created user logs in through the client, the session
//! refreshes itself, a list streams page by page, an Idempotency-Key makes a repeated
//! post one object, bad input is a typed problem naming the fields, and after logout
//! the refresh token is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use futures::TryStreamExt as _;
use tam_client::types::helpdesk::tickets::OpenTicketRequest;
use tam_client::types::hr::activation::ActivateRequest;
use tam_client::types::hr::auth::RefreshRequest;
use tam_client::types::hr::employees::{CreateEmployeeRequest, EmployeeListQuery};
use tam_client::{Client, ClientError, HdSupportClient};
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::TestApp;

const PASSWORD: &str = "kata-sandi-klien-2026";

/// An employee created by the admin and activated; their username.
async fn hire(
    admin: &Client,
    today: chrono::NaiveDate,
    n: u32,
    role: &str,
    site: Option<&str>,
) -> String {
    let username = format!("klien.{n}");
    let created = admin
        .employees_create(&CreateEmployeeRequest {
            nik: Some(format!("3273{:012}", 900 + n)),
            full_name: Some(format!("Pengguna Klien {n}")),
            username: Some(username.clone()),
            role: Some(role.to_owned()),
            site: site.map(str::to_owned),
            birth_date: Some("1994-03-02".to_owned()),
            education_level: Some("S1".to_owned()),
            education_field: Some("Manajemen".to_owned()),
            hire_date: Some(today.to_string()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(created.employee.username, username);
    admin
        .activation_activate(&ActivateRequest {
            username: username.clone(),
            code: created.activation.code.clone(),
            new_password: PASSWORD.to_owned(),
        })
        .await
        .unwrap();
    username
}

#[tokio::test]
async fn the_client_works_the_real_suite() {
    let app = TestApp::start(&tam::services()).await.unwrap();
    let gateway = app.url(ServiceName::Gateway).unwrap();
    let today = tam_kernel::wib_date(app.clock().now());
    let admin = Client::with_access_token(
        &gateway,
        app.token(Role::Admin, None, None),
        Role::Admin,
        None,
    )
    .await
    .unwrap();

    // Bad input: a typed problem naming each bad field, and nothing created.
    let refused = admin
        .employees_create(&CreateEmployeeRequest {
            username: Some("X".to_owned()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    let problem = refused.problem().expect("a problem");
    assert!(matches!(problem.status, 400 | 422), "{problem:?}");
    for field in ["nik", "full_name", "username", "role"] {
        assert!(refused.field_error(field).is_some(), "{field}: {problem:?}");
    }

    // An admin-created user logs in through the client.
    // HD Support works at every site (no site on the account).
    let username = hire(&admin, today, 1, "hd_support", None).await;
    let client = Client::new(&gateway).unwrap();
    let session = client.login(&username, PASSWORD).await.unwrap();
    assert_eq!(session.role, Role::HdSupport);
    assert_eq!(session.site, None::<Site>);
    let me = client.auth_me().await.unwrap();
    assert_eq!(me.username, username);

    // Refresh before expiry: a token about to expire is renewed before the call.
    let first_refresh = client.refresh_token().await.unwrap();
    client.expire_access_token().await;
    assert_eq!(client.auth_me().await.unwrap().username, username);
    let second_refresh = client.refresh_token().await.unwrap();
    assert_ne!(first_refresh, second_refresh, "the refresh token rotated");
    // And once on a 401: a token the API refuses is refreshed and the call retried.
    client.set_access_token("not-a-token").await;
    assert_eq!(client.auth_me().await.unwrap().username, username);
    assert_ne!(client.refresh_token().await.unwrap(), second_refresh);

    // The same Idempotency-Key twice: one ticket.
    let desk = HdSupportClient::from_client(client.clone()).await.unwrap();
    let ticket = OpenTicketRequest {
        channel: Some("plasa".to_owned()),
        indihome_number: Some("131101234567".to_owned()),
        customer_name: Some("Dewi Lestari".to_owned()),
        contact_number: Some("0812-3456-7890".to_owned()),
        product_code: Some("STB2".to_owned()),
        site: Some("bandung".to_owned()),
        ..Default::default()
    };
    let keyed = client.with_idempotency_key(format!("klien-{}", uuid::Uuid::now_v7()));
    let once = keyed.tickets_open(&ticket).await.unwrap();
    let twice = keyed.tickets_open(&ticket).await.unwrap();
    assert_eq!(once.ticket.id, twice.ticket.id);
    // Without the same key, the second is a conflict (one open ticket per number).
    let again = desk.tickets_open(&ticket).await.unwrap_err();
    assert_eq!(again.status().map(|s| s.as_u16()), Some(409), "{again:?}");

    // A list as a stream of pages: three more employees, one per page.
    for n in 2..=4 {
        hire(&admin, today, n, "hd_support", None).await;
    }
    let query = EmployeeListQuery {
        role: Some("hd_support".to_owned()),
        limit: Some("1".to_owned()),
        ..Default::default()
    };
    let pages: Vec<_> = admin
        .employees_list_pages(&query)
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 4, "one employee per page");
    let items: Vec<_> = tam_client::items(admin.employees_list_pages(&query).unwrap())
        .try_collect()
        .await
        .unwrap();
    let mut ids: Vec<_> = items.iter().map(|e| e.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4);

    // Logout revokes the refresh family: the last refresh token is refused after.
    let last = client.refresh_token().await.unwrap();
    client.logout().await.unwrap();
    assert!(!client.is_logged_in().await);
    let refused = client
        .auth_refresh(&RefreshRequest {
            refresh_token: last,
        })
        .await
        .unwrap_err();
    assert_eq!(
        refused.status().map(|s| s.as_u16()),
        Some(401),
        "{refused:?}"
    );
    assert!(matches!(
        client.auth_me().await,
        Err(ClientError::NotLoggedIn)
    ));

    app.stop().await.unwrap();
}
