//! `POST /api/v1/helpdesk/imports?channel=…`: the other channels' order lists, each new
//! order a ticket, bad rows reported with their line and field, duplicates with the
//! ticket that follows them; Idempotency-Key; all or nothing for the file.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use tam_kernel::Role;
use tam_runtime::ServiceName;
use tam_testkit::{Answer, TestService};

const IMPORTS: &str = "/api/v1/helpdesk/imports";

async fn start() -> TestService {
    let h = TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &HashMap::new(),
    )
    .await;
    // Thursday 3 December 2026, 10:00 WIB.
    h.app
        .clock()
        .set(Utc.with_ymd_and_hms(2026, 12, 3, 3, 0, 0).unwrap());
    h
}

/// Posts `csv` as the order list of `channel` (the query as given).
async fn upload(h: &TestService, query: &str, token: &str, key: Option<&str>, csv: &str) -> Answer {
    let mut request = reqwest::Client::new()
        .post(format!("{}{IMPORTS}{query}", h.base))
        .bearer_auth(token)
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_owned());
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    Answer::read(request.send().await.unwrap()).await
}

async fn tickets_of(h: &TestService, indihome_number: &str) -> Vec<Value> {
    let desk = h.token(Role::HdSupport, None);
    let found = h
        .get(
            &format!("/api/v1/helpdesk/tickets?indihome_number={indihome_number}"),
            &desk,
        )
        .await;
    assert_eq!(found.status, 200, "{:?}", found.body);
    found.body["items"].as_array().unwrap().clone()
}

/// A call-center list: two good orders, a bad IndiHome number, a product outside the
/// catalogue, an order the desk already follows (opened by API), an earlier line
/// repeated, a broken line and a date after today.
const FILE: &str = "indihome_number;customer_name;contact_number;product_code;order_date;site;provisioning_order_number\r\n\
    122101230001;Budi Santoso;0812-3456-7890;MINIPACK;2026-12-02;medan;SC-1001\r\n\
    1221-0123-0002;Siti Aminah;081234567891;NETFLIX;2026-12-02;;\r\n\
    122101230003;Andi;081234567892;NOT_A_PRODUCT;2026-12-02;;\r\n\
    \r\n\
    122101230004;Rina;081234567893;HBO;02/12/2026;bandung;\r\n\
    122101230005;Dewi;081234567894;STB2;2026-12-01;;\r\n\
    122101230001;Budi Santoso;0812-3456-7890;MINIPACK;2026-12-02;medan;\r\n\
    122101230006;Eko\r\n\
    122101230007;Joko;081234567895;VIDIO;2026-12-04;;\r\n";

#[tokio::test]
async fn a_call_center_list_with_bad_rows_opens_its_good_rows_and_reports_each_other_line() {
    let h = start().await;
    let desk = h.token(Role::HdSupport, None);
    let before = h
        .post(
            "/api/v1/helpdesk/tickets",
            &desk,
            json!({
                "channel": "plasa",
                "indihome_number": "122101230005",
                "customer_name": "Dewi",
                "contact_number": "081234567894",
                "product_code": "STB2",
            }),
        )
        .await;
    assert_eq!(before.status, 201, "{:?}", before.body);
    let followed = before.body["ticket"]["id"]
        .as_str()
        .or(before.body["id"].as_str())
        .unwrap()
        .to_owned();

    let imported = upload(
        &h,
        "?channel=call_center_147",
        &desk,
        Some("cc147-2026-12-03"),
        FILE,
    )
    .await;
    assert_eq!(imported.status, 201, "{:?}", imported.body);
    let r = &imported.body;
    assert_eq!(r["channel"], "call_center_147");
    assert_eq!(r["idempotency_key"], "cc147-2026-12-03");
    assert_eq!(
        (&r["total"], &r["opened"], &r["rejected"], &r["duplicates"]),
        (&json!(8), &json!(2), &json!(4), &json!(2))
    );
    assert_eq!(
        r["errors"],
        json!([
            {"line": 3, "field": "indihome_number",
             "reason": "\"1221-0123-0002\" must be digits only (no spaces, dashes or letters)"},
            {"line": 4, "field": "product_code",
             "reason": "NOT_A_PRODUCT is not a product of the catalogue"},
            {"line": 9, "field": "record",
             "reason": "has 2 field(s) but the header has 7: a missing or extra separator, or an unclosed quote"},
            {"line": 10, "field": "order_date",
             "reason": "2026-12-04 is after the day of the import (2026-12-03)"},
        ])
    );
    let opened = r["opened_tickets"].as_array().unwrap();
    assert_eq!(
        opened.iter().map(|o| o["line"].clone()).collect::<Vec<_>>(),
        [json!(2), json!(6)]
    );
    let budi = opened[0]["ticket_id"].clone();
    let duplicates = r["duplicate_rows"].as_array().unwrap();
    assert_eq!(duplicates.len(), 2);
    assert_eq!(duplicates[0]["line"], 7);
    assert_eq!(duplicates[0]["ticket_id"], json!(followed));
    assert_eq!(
        duplicates[0]["ticket_url"],
        format!("/api/v1/helpdesk/tickets/{followed}")
    );
    assert_eq!(duplicates[1]["line"], 8);
    assert_eq!(duplicates[1]["ticket_id"], budi);

    // What the report says is what the desk finds.
    let found = tickets_of(&h, "122101230001").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["channel"], "call_center_147");
    assert_eq!(found[0]["contact_number"], "+6281234567890");
    assert_eq!(found[0]["site"], "medan");
    assert_eq!(found[0]["provisioning_order_number"], "SC-1001");
    assert_eq!(found[0]["status"], "validation");
    assert_eq!(tickets_of(&h, "122101230004").await.len(), 1);
    for refused in ["122101230003", "122101230006", "122101230007"] {
        assert!(tickets_of(&h, refused).await.is_empty(), "{refused}");
    }
    assert_eq!(tickets_of(&h, "122101230005").await.len(), 1);

    // The stored report is the answer.
    let id = r["id"].as_str().unwrap();
    let stored = h.get(&format!("{IMPORTS}/{id}"), &desk).await;
    assert_eq!(stored.status, 200, "{:?}", stored.body);
    assert_eq!(&stored.body, r);

    // The same key and file: the same report, nothing opened again.
    let again = upload(
        &h,
        "?channel=call_center_147",
        &desk,
        Some("cc147-2026-12-03"),
        FILE,
    )
    .await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(&again.body, r);
    assert_eq!(tickets_of(&h, "122101230004").await.len(), 1);
    // The same key with another file: refused.
    let other = upload(
        &h,
        "?channel=call_center_147",
        &desk,
        Some("cc147-2026-12-03"),
        "indihome_number;customer_name;contact_number;product_code;order_date\n",
    )
    .await;
    assert_eq!(other.status, 422, "{:?}", other.body);
    assert_eq!(other.slug(), "idempotency-key-reused");
    h.stop().await;
}

#[tokio::test]
async fn the_channel_must_be_one_the_desk_imports_and_the_header_readable_or_nothing_is_kept() {
    let h = start().await;
    let desk = h.token(Role::SupervisorHd, None);
    let good = "indihome_number,customer_name,contact_number,product_code,order_date\n\
                122101239999,Budi,081234567890,HBO,2026-12-03\n";

    let obc = upload(&h, "?channel=obc", &desk, None, good).await;
    assert_eq!(obc.status, 422, "{:?}", obc.body);
    assert_eq!(obc.slug(), "obc-tickets-from-sales");
    let unknown = upload(&h, "?channel=fax", &desk, None, good).await;
    assert_eq!(unknown.status, 422, "{:?}", unknown.body);
    assert_eq!(unknown.slug(), "unknown-reference");
    assert_eq!(
        unknown.body["detail"],
        "channel: \"fax\" is not a channel of the desk"
    );
    let missing = upload(&h, "", &desk, None, good).await;
    assert_eq!(missing.status, 400, "{:?}", missing.body);
    assert_eq!(missing.fields(), ["channel"]);

    let header = upload(
        &h,
        "?channel=plasa",
        &desk,
        None,
        "indihome_number,customer_name\n122101239999,Budi\n",
    )
    .await;
    assert_eq!(header.status, 400, "{:?}", header.body);
    assert_eq!(header.fields(), ["header"]);
    assert!(header
        .reasons()
        .contains("contact_number, product_code, order_date"));

    let json = reqwest::Client::new()
        .post(format!("{}{IMPORTS}?channel=plasa", h.base))
        .bearer_auth(&desk)
        .json(&json!({"rows": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), 415);

    assert_eq!(h.count("SELECT count(*) AS n FROM ticket_imports").await, 0);
    assert_eq!(h.count("SELECT count(*) AS n FROM tickets").await, 0);

    let plasa = upload(&h, "?channel=plasa", &desk, None, good).await;
    assert_eq!(plasa.status, 201, "{:?}", plasa.body);
    assert_eq!(plasa.body["opened"], 1);
    assert_eq!(tickets_of(&h, "122101239999").await[0]["channel"], "plasa");
    h.stop().await;
}
