//! DAPROS imports: the exact report, the prospects and left-out lines they leave,
//! Idempotency-Key, all or nothing when the upload breaks off, and the refusals.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use crate::helpers::{new_work_order, Prospect};

const HEADER: &str = "indihome_number;customer_name;contact_number;alt_contact_number;region;notes";

/// An answer to a raw request: status, headers, body as JSON (or a string).
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

async fn post_csv(
    p: &Prospect,
    work_order: Uuid,
    token: &str,
    key: Option<&str>,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> Raw {
    let mut request = p
        .app
        .client
        .post(format!(
            "{}/api/v1/prospect/work-orders/{work_order}/dapros",
            p.base
        ))
        .bearer_auth(token)
        .header(CONTENT_TYPE, content_type)
        .body(body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    Raw {
        status,
        headers,
        body,
    }
}

async fn import(p: &Prospect, work_order: Uuid, token: &str, csv: &str) -> Raw {
    post_csv(p, work_order, token, None, "text/csv", csv.to_owned()).await
}

/// (line, field) of a report's errors.
fn errors(report: &Value) -> Vec<(u64, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["field"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[derive(QueryableByName, Debug, PartialEq)]
struct ProspectRow {
    #[diesel(sql_type = BigInt)]
    line: i64,
    #[diesel(sql_type = Text)]
    indihome_number: String,
    #[diesel(sql_type = Text)]
    customer_name: String,
    #[diesel(sql_type = Text)]
    contact_number: String,
    #[diesel(sql_type = Nullable<Text>)]
    alt_contact_number: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    region: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    notes: Option<String>,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Text)]
    site: String,
    #[diesel(sql_type = Text)]
    program: String,
    #[diesel(sql_type = Timestamptz)]
    available_at: DateTime<Utc>,
}

async fn prospects(p: &Prospect, import_id: &Value) -> Vec<ProspectRow> {
    let mut conn = p.pool.get().await.unwrap();
    diesel::sql_query(format!(
        "SELECT line, indihome_number, customer_name, contact_number, alt_contact_number, \
         region, notes, status, site, program, available_at FROM prospects \
         WHERE import_id = '{}' ORDER BY line",
        import_id.as_str().unwrap()
    ))
    .load(&mut conn)
    .await
    .unwrap()
}

fn prospect(line: i64, indihome: &str, name: &str, contact: &str) -> ProspectRow {
    ProspectRow {
        line,
        indihome_number: indihome.into(),
        customer_name: name.into(),
        contact_number: contact.into(),
        alt_contact_number: None,
        region: None,
        notes: None,
        status: "new".into(),
        site: "medan".into(),
        program: "add_on_consumer".into(),
        available_at: tam_testkit::test_start_time(),
    }
}

#[tokio::test]
async fn a_supervisor_imports_good_and_bad_rows_and_gets_the_exact_report() {
    let p = Prospect::start().await;
    let wo = p.create_work_order(new_work_order("WO-MDN-DAPROS")).await;
    let sup = p.token(Role::SupervisorOps, Some(Site::Medan));
    let dnc = p
        .post(
            "/api/v1/prospect/dnc",
            &sup,
            json!({"number": "081200000009", "reason": "asked"}),
        )
        .await;
    assert_eq!(dnc.status, 201);

    // An earlier import brings 122100000001.
    let earlier = import(
        &p,
        wo,
        &sup,
        "indihome_number,customer_name,contact_number\n122100000001,Ani,081211112222\n",
    )
    .await;
    assert_eq!(earlier.status, 201, "{:?}", earlier.body);
    assert_eq!(earlier.body["accepted"], 1);

    // BOM, CRLF, `;`, a quoted `;`, a blank line and every kind of left-out line.
    let file = format!(
        "\u{FEFF}{HEADER}\r\n\
         122100000002;Budi Santoso;0812-3456-7890;;Medan;\r\n\
         122100000003;Siti;(061) 4567890;+62 813 1111 2222;Medan;\"call after 10; ask for Siti\"\r\n\
         122100000004;Andi;0812 abc;;;\r\n\
         122100000005;  ;081299990000;;;\r\n\
         122100000002;Budi lagi;081234567891;;;\r\n\
         122100000001;Ani lagi;081234567892;;;\r\n\
         122100000006;Dedi;0812-0000-0009;;;\r\n\
         122100000007;Broken line\r\n\
         \r\n\
         122100000008;Eko;+1 415 555 2671;0800123456;;\r\n\
         122100000009;Fitri;081277778888;081200000009;;\r\n"
    );
    let report = import(&p, wo, &sup, &file).await;
    assert_eq!(report.status, 201, "{:?}", report.body);
    let r = &report.body;
    assert_eq!(
        (
            &r["total"],
            &r["accepted"],
            &r["rejected"],
            &r["duplicates"],
            &r["dnc_excluded"]
        ),
        (&json!(10), &json!(3), &json!(4), &json!(2), &json!(1)),
        "{r:#}"
    );
    assert_eq!(
        errors(r),
        [
            (4, "contact_number".to_owned()),
            (5, "customer_name".to_owned()),
            (9, "record".to_owned()),
            (11, "contact_number".to_owned()),
            (11, "alt_contact_number".to_owned()),
        ]
    );
    assert_eq!(r["errors"][1]["reason"], "is required");
    assert_eq!(r["work_order_id"], json!(wo));
    let id = r["id"].as_str().unwrap();
    assert_eq!(
        report.headers["location"].to_str().unwrap(),
        format!("/api/v1/prospect/imports/{id}")
    );
    assert_eq!(
        r["rejected_lines_url"],
        format!("/api/v1/prospect/imports/{id}/rejected")
    );

    // The prospects, normalised, with their lines; the alt number on the DNC list dropped.
    let mut budi = prospect(2, "122100000002", "Budi Santoso", "+6281234567890");
    budi.region = Some("Medan".into());
    let mut siti = prospect(3, "122100000003", "Siti", "+62614567890");
    siti.alt_contact_number = Some("+6281311112222".into());
    siti.region = Some("Medan".into());
    siti.notes = Some("call after 10; ask for Siti".into());
    let fitri = prospect(12, "122100000009", "Fitri", "+6281277778888");
    assert_eq!(prospects(&p, &r["id"]).await, [budi, siti, fitri]);
    assert_eq!(p.count("SELECT count(*) AS n FROM prospects").await, 4);
    assert_eq!(p.count("SELECT count(*) AS n FROM dapros_staging").await, 0);

    // The download lists exactly the left-out lines.
    let download = p
        .app
        .client
        .get(format!("{}/api/v1/prospect/imports/{id}/rejected", p.base))
        .bearer_auth(&sup)
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    assert!(download.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let disposition = download.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"dapros-import-"),
        "{disposition}"
    );
    let text = download.text().await.unwrap();
    let mut csv = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        csv.headers().unwrap(),
        vec!["line", "kind", "field", "reason"]
    );
    let rows: Vec<(String, String, String, String)> = csv
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].into(), r[1].into(), r[2].into(), r[3].into())
        })
        .collect();
    let short: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|(l, k, f, _)| (l.as_str(), k.as_str(), f.as_str()))
        .collect();
    assert_eq!(
        short,
        [
            ("4", "rejected", "contact_number"),
            ("5", "rejected", "customer_name"),
            ("6", "duplicate", "indihome_number"),
            ("7", "duplicate", "indihome_number"),
            ("8", "dnc", "contact_number"),
            ("9", "rejected", "record"),
            ("11", "rejected", "alt_contact_number"),
            ("11", "rejected", "contact_number"),
        ]
    );
    assert_eq!(rows[2].3, "\"122100000002\" is also on line 2 of this file");
    assert!(
        rows[3]
            .3
            .starts_with("\"122100000001\" is already in the work order (line 2 of import"),
        "{}",
        rows[3].3
    );
    assert_eq!(rows[4].3, "\"+6281200000009\" is on the do-not-call list");

    // The report reads back, and the list has both imports, newest first.
    let read = p.get(&format!("/api/v1/prospect/imports/{id}"), &sup).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body, report.body);
    let list = p
        .get(&format!("/api/v1/prospect/work-orders/{wo}/imports"), &sup)
        .await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    let ids: Vec<&Value> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["id"])
        .collect();
    assert_eq!(ids, [&r["id"], &earlier.body["id"]]);
    assert!(list.body["items"][0].get("errors").is_none());

    // Its event, with the counts.
    let published = p.published().await;
    let events: Vec<&Value> = published
        .iter()
        .filter(|(t, _)| t == "prospect.dapros.imported")
        .map(|(_, e)| e)
        .collect();
    assert_eq!(events.len(), 2);
    let payload = &events[1]["payload"];
    assert_eq!(payload["import_id"], r["id"]);
    assert_eq!(payload["site"], "medan");
    assert_eq!(payload["program"], "add_on_consumer");
    assert_eq!(
        (
            &payload["total"],
            &payload["accepted"],
            &payload["rejected"],
            &payload["duplicates"],
            &payload["dnc_excluded"]
        ),
        (&json!(10), &json!(3), &json!(4), &json!(2), &json!(1))
    );
    assert_eq!(events[1]["site"], "medan");
    p.stop().await;
}

#[tokio::test]
async fn the_same_idempotency_key_imports_once_and_replays_the_report() {
    let p = Prospect::start().await;
    let wo = p.create_work_order(new_work_order("WO-MDN-IDEM")).await;
    let sup = p.token(Role::SupervisorOps, Some(Site::Medan));
    let file = format!("{HEADER}\n122100000001;Ani;081211112222;;;\n122100000002;Budi;bad;;;\n");
    let first = post_csv(&p, wo, &sup, Some("upload-1"), "text/csv", file.clone()).await;
    assert_eq!(first.status, 201, "{:?}", first.body);
    assert_eq!(first.body["idempotency_key"], "upload-1");
    let second = post_csv(&p, wo, &sup, Some("upload-1"), "text/csv", file.clone()).await;
    assert_eq!(second.status, 200, "{:?}", second.body);
    assert_eq!(second.headers["idempotent-replayed"], "true");
    assert_eq!(second.body, first.body);
    assert_eq!(p.count("SELECT count(*) AS n FROM dapros_imports").await, 1);
    assert_eq!(p.count("SELECT count(*) AS n FROM prospects").await, 1);
    assert_eq!(
        p.count("SELECT count(*) AS n FROM dapros_rejections").await,
        1
    );

    // The same key with another file is refused; another key imports again (all
    // duplicates now).
    let other = post_csv(
        &p,
        wo,
        &sup,
        Some("upload-1"),
        "text/csv",
        format!("{HEADER}\n122100000003;Cici;081211113333;;;\n"),
    )
    .await;
    assert_eq!(other.status, 422, "{:?}", other.body);
    assert_eq!(
        other.body["type"],
        "https://tam.example/problems/idempotency-key-reused"
    );
    let again = post_csv(&p, wo, &sup, Some("upload-2"), "text/csv", file).await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body["accepted"], 0);
    assert_eq!(again.body["duplicates"], 1);
    assert_eq!(p.count("SELECT count(*) AS n FROM prospects").await, 1);

    // Racing requests with one key: one import, the other gets the report or a 409.
    let file = format!("{HEADER}\n122100000010;Dewi;081211114444;;;\n");
    let (a, b) = tokio::join!(
        post_csv(&p, wo, &sup, Some("race"), "text/csv", file.clone()),
        post_csv(&p, wo, &sup, Some("race"), "text/csv", file.clone()),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert!(
        statuses == [200, 201] || statuses == [201, 409],
        "{statuses:?}"
    );
    assert_eq!(
        p.count("SELECT count(*) AS n FROM dapros_imports WHERE idempotency_key = 'race'")
            .await,
        1
    );
    assert_eq!(
        p.count("SELECT count(*) AS n FROM prospects WHERE indihome_number = '122100000010'")
            .await,
        1
    );
    let bad_key = post_csv(&p, wo, &sup, Some("has space"), "text/csv", "x").await;
    assert_eq!(bad_key.status, 400);
    assert_eq!(bad_key.body["errors"][0]["field"], "Idempotency-Key");
    p.stop().await;
}

/// A DAPROS file of `rows` good rows (more than one COPY buffer when large).
fn big_file(rows: u64) -> String {
    let mut file = format!("{HEADER}\n");
    for i in 0..rows {
        file.push_str(&format!(
            "{};Pelanggan {i};08{:010};;Medan;catatan\n",
            122_200_000_000u64 + i,
            1_200_000_000u64 + i
        ));
    }
    file
}

#[tokio::test]
async fn an_upload_that_breaks_off_leaves_nothing() {
    let p = Prospect::start().await;
    let wo = p.create_work_order(new_work_order("WO-MDN-CUT")).await;
    let sup = p.token(Role::SupervisorOps, Some(Site::Medan));
    let file = big_file(5_000);
    let half = file.as_bytes()[..file.len() / 2].to_vec();

    // A streaming body that fails half way (the client's side of a dropped upload).
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(half[..half.len() / 2].to_vec()),
        Ok(half[half.len() / 2..].to_vec()),
        Err(std::io::Error::other("the client gave up")),
    ];
    let body = reqwest::Body::wrap_stream(futures::stream::iter(chunks));
    let sent = p
        .app
        .client
        .post(format!(
            "{}/api/v1/prospect/work-orders/{wo}/dapros",
            p.base
        ))
        .bearer_auth(&sup)
        .header(CONTENT_TYPE, "text/csv")
        .body(body)
        .send()
        .await;
    assert!(sent.is_err() || sent.unwrap().status() == 400);

    // A raw client that announces the whole file and closes after half of it.
    let address = p.base.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/v1/prospect/work-orders/{wo}/dapros HTTP/1.1\r\nHost: {address}\r\n\
         Authorization: Bearer {sup}\r\nContent-Type: text/csv\r\n\
         Content-Length: {}\r\n\r\n",
        file.len()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&half).await.unwrap();
    socket.flush().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(socket);

    // A complete import afterwards waits for the work order's import lock, so the
    // broken ones have ended (rolled back) by the time it is done.
    let good = import(
        &p,
        wo,
        &sup,
        &format!("{HEADER}\n122100000001;Ani;081211112222;;;\n"),
    )
    .await;
    assert_eq!(good.status, 201, "{:?}", good.body);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(p.count("SELECT count(*) AS n FROM dapros_imports").await, 1);
    assert_eq!(p.count("SELECT count(*) AS n FROM prospects").await, 1);
    assert_eq!(
        p.count("SELECT count(*) AS n FROM dapros_rejections").await,
        0
    );
    assert_eq!(p.count("SELECT count(*) AS n FROM dapros_staging").await, 0);
    let events = p
        .published()
        .await
        .into_iter()
        .filter(|(t, _)| t == "prospect.dapros.imported")
        .count();
    assert_eq!(events, 1);

    // The whole file, streamed in many chunks, imports every row.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = file
        .as_bytes()
        .chunks(7_000)
        .map(|c| Ok(c.to_vec()))
        .collect();
    let full = post_csv(
        &p,
        wo,
        &sup,
        None,
        "text/csv; charset=utf-8",
        reqwest::Body::wrap_stream(futures::stream::iter(chunks)),
    )
    .await;
    assert_eq!(full.status, 201, "{:?}", full.body);
    assert_eq!(full.body["accepted"], 5_000);
    assert_eq!(p.count("SELECT count(*) AS n FROM prospects").await, 5_001);
    p.stop().await;
}

#[tokio::test]
async fn refusals_leave_nothing() {
    let p = Prospect::start().await;
    let wo = p.create_work_order(new_work_order("WO-MDN-NO")).await;
    let sup = p.token(Role::SupervisorOps, Some(Site::Medan));
    let good = format!("{HEADER}\n122100000001;Ani;081211112222;;;\n");

    let json_body = post_csv(&p, wo, &sup, None, "application/json", good.clone()).await;
    assert_eq!(json_body.status, 415, "{:?}", json_body.body);

    let bandung = p.token(Role::SupervisorOps, Some(Site::Bandung));
    let elsewhere = import(&p, wo, &bandung, &good).await;
    assert_eq!(elsewhere.status, 404, "{:?}", elsewhere.body);
    let missing = import(&p, Uuid::now_v7(), &sup, &good).await;
    assert_eq!(missing.status, 404);

    let missing_columns = import(&p, wo, &sup, "indihome_number;name;phone\n1;2;3\n").await;
    assert_eq!(missing_columns.status, 400, "{:?}", missing_columns.body);
    assert_eq!(missing_columns.body["errors"][0]["field"], "header");
    assert!(missing_columns.body["detail"]
        .as_str()
        .unwrap()
        .contains("customer_name, contact_number"));
    let empty = import(&p, wo, &sup, "").await;
    assert_eq!(empty.status, 400);
    assert!(empty.body["detail"].as_str().unwrap().contains("empty"));
    let tabs = import(
        &p,
        wo,
        &sup,
        "indihome_number\tcustomer_name\tcontact_number\n",
    )
    .await;
    assert_eq!(tabs.status, 400);
    assert!(tabs.body["detail"].as_str().unwrap().contains("separator"));

    // An agent may not import at all; a manager may anywhere.
    let agent = p.token(Role::Agent, Some(Site::Medan));
    assert_eq!(import(&p, wo, &agent, &good).await.status, 403);
    assert_eq!(p.count("SELECT count(*) AS n FROM dapros_imports").await, 0);

    // Closed: 409. An import made before still reads and downloads, in scope only.
    let manager = p.token(Role::Manager, None);
    let before = import(&p, wo, &manager, &good).await;
    assert_eq!(before.status, 201);
    let path = format!("/api/v1/prospect/work-orders/{wo}");
    assert_eq!(
        p.post(&format!("{path}/activate"), &sup, json!({}))
            .await
            .status,
        200
    );
    assert_eq!(
        p.post(&format!("{path}/close"), &sup, json!({}))
            .await
            .status,
        200
    );
    let closed = import(&p, wo, &sup, &good).await;
    assert_eq!(closed.status, 409, "{:?}", closed.body);
    assert_eq!(p.count("SELECT count(*) AS n FROM dapros_imports").await, 1);

    let id = before.body["id"].as_str().unwrap();
    for path in [
        format!("/api/v1/prospect/imports/{id}"),
        format!("/api/v1/prospect/imports/{id}/rejected"),
        format!("/api/v1/prospect/work-orders/{wo}/imports"),
    ] {
        assert_eq!(p.get(&path, &bandung).await.status, 404, "{path}");
        assert_eq!(p.get(&path, &sup).await.status, 200, "{path}");
    }
    let nothing_left_out = p
        .get(&format!("/api/v1/prospect/imports/{id}/rejected"), &sup)
        .await;
    assert_eq!(nothing_left_out.body, "line,kind,field,reason\r\n");
    p.stop().await;
}

/// U+0000 is valid UTF-8 but PostgreSQL stores it in no text column: a row carrying one
/// is refused like any bad field, and the rest of the file is imported (it was a 500
/// that imported nothing, `invalid byte sequence for encoding "UTF8": 0x00`).
#[tokio::test]
async fn a_row_with_a_nul_byte_is_rejected_and_the_file_imported() {
    let p = Prospect::start().await;
    let wo = p.create_work_order(new_work_order("WO-NUL")).await;
    let sup = p.token(Role::SupervisorOps, Some(Site::Medan));
    let file = format!(
        "{HEADER}\n\
         122100000001;Asep\0Sunandar;081200000001;;;\n\
         122100000002;Ani;081200000002;;Bandung;catatan\0rahasia\n\
         122100000003;Budi;081200000003;;;\n"
    );
    let report = import(&p, wo, &sup, &file).await;
    assert_eq!(report.status, StatusCode::CREATED, "{:?}", report.body);
    assert_eq!(report.body["total"], 3);
    assert_eq!(report.body["accepted"], 1);
    assert_eq!(report.body["rejected"], 2);
    assert_eq!(
        errors(&report.body),
        [(2, "customer_name".to_owned()), (3, "notes".to_owned())]
    );
    assert!(
        report.body["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("NUL"),
        "{:?}",
        report.body
    );
    assert_eq!(
        prospects(&p, &report.body["id"]).await,
        [prospect(4, "122100000003", "Budi", "+6281200000003")]
    );
    p.stop().await;
}
