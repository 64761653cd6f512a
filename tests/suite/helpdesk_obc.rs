//! How activation tickets arrive at HD Support, end to end through the gateway: an
//! agent's sale that a QCO validates becomes an OBC ticket (its due times from the
//! office calendar), a supervisor's correction to RETURN cancels it; a call-center
//! order list with bad rows opens its good rows and reports the others exactly.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, Utc, Weekday};
use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_testkit::{wait_until, Answer, WAIT};

use crate::outbound::Suite;
use crate::quality::{claim, scores, sell};

/// The tickets HD Support finds for an IndiHome number.
pub(crate) async fn search(s: &Suite, indihome_number: &str) -> Vec<Value> {
    let desk = s.token(Role::HdSupport, None);
    let found = s
        .get(
            &format!("/api/v1/helpdesk/tickets?indihome_number={indihome_number}"),
            &desk,
        )
        .await;
    assert_eq!(found.status, 200, "{:?}", found.body);
    found.body["items"].as_array().unwrap().clone()
}

/// A minute-by-minute walk of a calendar as the API shows it (a WIB calendar: UTC+7,
/// no daylight saving): the oracle of the due times, independent of the SLA engine.
struct Walk {
    week: HashMap<Weekday, Vec<(NaiveTime, NaiveTime)>>,
    exceptions: HashMap<NaiveDate, Vec<(NaiveTime, NaiveTime)>>,
}

fn intervals(list: &Value) -> Vec<(NaiveTime, NaiveTime)> {
    let time = |v: &Value| {
        let t = v.as_str().unwrap();
        if t == "24:00" {
            NaiveTime::from_hms_opt(23, 59, 59).unwrap()
        } else {
            NaiveTime::parse_from_str(t, "%H:%M").unwrap()
        }
    };
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| (time(&i["start"]), time(&i["end"])))
        .collect()
}

impl Walk {
    fn of(calendar: &Value) -> Self {
        assert_eq!(calendar["time_zone"], "Asia/Jakarta");
        let versions = calendar["versions"].as_array().unwrap();
        assert_eq!(
            versions.len(),
            1,
            "the seeded office calendar has one version"
        );
        let v = &versions[0];
        let days = [
            ("mon", Weekday::Mon),
            ("tue", Weekday::Tue),
            ("wed", Weekday::Wed),
            ("thu", Weekday::Thu),
            ("fri", Weekday::Fri),
            ("sat", Weekday::Sat),
            ("sun", Weekday::Sun),
        ];
        Self {
            week: days
                .iter()
                .map(|(name, day)| (*day, intervals(&v["week"][name])))
                .collect(),
            exceptions: v["exceptions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["date"].as_str().unwrap().parse().unwrap(),
                        intervals(&e["intervals"]),
                    )
                })
                .collect(),
        }
    }

    fn open_at(&self, at: DateTime<Utc>) -> bool {
        let local = at.with_timezone(&FixedOffset::east_opt(7 * 3600).unwrap());
        let date = local.date_naive();
        let time = local.time();
        let day = self
            .exceptions
            .get(&date)
            .unwrap_or_else(|| &self.week[&date.weekday()]);
        day.iter().any(|(start, end)| *start <= time && time < *end)
    }

    /// When `minutes` of open time from `from` are used up.
    fn due(&self, from: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        let mut at = from;
        let mut left = minutes;
        while left > 0 {
            if self.open_at(at) {
                left -= 1;
            }
            at += Duration::minutes(1);
        }
        at
    }
}

fn clock<'a>(detail: &'a Value, name: &str) -> &'a Value {
    detail["sla"]["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["clock"] == name)
        .unwrap_or_else(|| panic!("no {name} clock in {detail}"))
}

#[tokio::test]
async fn a_valid_sale_becomes_a_ticket_and_its_correction_to_return_cancels_it() {
    let s = Suite::start().await;
    let wo = s.work_order(Site::Medan, "WO-HD-OBC").await;
    let csv = "indihome_number;customer_name;contact_number\n\
               177000000001;Rahmat Hidayat;081277700001\n";
    assert_eq!(s.import(Site::Medan, wo, csv).await.status, 201);
    let agent = s.hire(Role::Agent, Site::Medan, "add_on_consumer").await;
    let qco = s.token(Role::QcOfficer, Some(Site::Medan));
    let qa = s.token(Role::QaOfficer, Some(Site::Medan));
    let supervisor = s.token(Role::SupervisorQuality, Some(Site::Medan));
    let desk = s.token(Role::SupervisorHd, None);

    let claimed = s.next(&agent).await;
    let prospect = claimed.body["prospect"]["id"].as_str().unwrap().to_owned();
    let call = sell(&s, &agent, &prospect).await;
    let task = claim(&s, &qco).await;
    let task_id = task["id"].as_str().unwrap().to_owned();
    let items = scores(&s, &qco, &task_id, &[]).await;
    let validated_at = s.now();
    let valid = s
        .post(
            &format!("/api/v1/quality/tasks/{task_id}/verdict"),
            &qco,
            json!({"scores": items, "verdict": "valid"}),
        )
        .await;
    assert_eq!(valid.status, 200, "{:?}", valid.body);

    // The VALID sale is a ticket at HD Support, with the customer and the sale.
    let found = wait_until("the sale's ticket is open", WAIT, || async {
        let found = search(&s, "177000000001").await;
        (!found.is_empty()).then_some(found)
    })
    .await
    .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let id = found[0]["id"].as_str().unwrap().to_owned();
    let detail = s
        .get(&format!("/api/v1/helpdesk/tickets/{id}"), &desk)
        .await;
    assert_eq!(detail.status, 200, "{:?}", detail.body);
    let d = &detail.body;
    let t = &d["ticket"];
    assert_eq!(t["channel"], "obc");
    assert_eq!(t["status"], "validation");
    assert_eq!(t["customer_name"], "Rahmat Hidayat");
    assert_eq!(t["contact_number"], "+6281277700001");
    assert_eq!(t["product_code"], "STB2");
    assert_eq!(t["site"], "medan");
    assert_eq!(t["program"], "add_on_consumer");
    assert_eq!(t["work_order_id"], json!(wo));
    assert_eq!(t["call_id"], call.as_str());
    assert_eq!(t["prospect_id"], prospect.as_str());
    assert_eq!(t["agent_id"], json!(agent.id));
    let opened_at: DateTime<Utc> = t["opened_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(opened_at, validated_at, "the clocks start at the verdict");

    // Its due times are the office calendar's, as a minute-by-minute walk finds them.
    assert_eq!(d["sla"]["policy"], "obc");
    assert_eq!(d["sla"]["calendar"], "office-wib");
    let calendars = s.get("/api/v1/helpdesk/calendars", &desk).await;
    assert_eq!(calendars.status, 200, "{:?}", calendars.body);
    let office = calendars.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "office-wib")
        .unwrap()
        .clone();
    let walk = Walk::of(&office);
    for name in ["first_response", "validation", "resolution"] {
        let c = clock(d, name);
        let due: DateTime<Utc> = c["due_at"].as_str().unwrap().parse().unwrap();
        let minutes = c["target_minutes"].as_i64().unwrap();
        assert_eq!(due, walk.due(opened_at, minutes), "{name}: {c}");
    }

    // The agent sees the activation status of their own sale.
    let own = s
        .get(&format!("/api/v1/helpdesk/tickets/{id}"), &agent.token)
        .await;
    assert_eq!(own.status, 200, "{:?}", own.body);

    // QA disagrees and the supervisor corrects the verdict to RETURN: nothing was done
    // on the ticket yet, so it is cancelled, with the reason.
    let reviews = s.get("/api/v1/quality/reviews?status=pending", &qa).await;
    let review = reviews.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task_id"] == task_id.as_str())
        .unwrap_or_else(|| panic!("no review of the task: {:?}", reviews.body))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let opinion = s
        .post(
            &format!("/api/v1/quality/reviews/{review}/opinion"),
            &qa,
            json!({"agree": false, "note": "pelanggan tidak menyatakan setuju dengan jelas"}),
        )
        .await;
    assert_eq!(opinion.status, 200, "{:?}", opinion.body);
    let decision = s
        .post(
            &format!("/api/v1/quality/reviews/{review}/decision"),
            &supervisor,
            json!({"verdict": "return", "reason": "persetujuan tidak jelas",
                   "recommendation": "minta konfirmasi ulang", "note": "QA benar"}),
        )
        .await;
    assert_eq!(decision.status, 200, "{:?}", decision.body);
    s.prospect_in(&prospect, "returned").await;
    let cancelled = wait_until("the ticket is cancelled", WAIT, || async {
        let detail = s
            .get(&format!("/api/v1/helpdesk/tickets/{id}"), &desk)
            .await;
        (detail.body["ticket"]["status"] == "cancelled").then_some(detail.body)
    })
    .await
    .unwrap();
    let last = cancelled["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["status"], "cancelled");
    assert_eq!(last["channel"], "obc");
    assert!(
        last["note"]
            .as_str()
            .unwrap()
            .ends_with(": persetujuan tidak jelas"),
        "{last}"
    );
    assert_eq!(search(&s, "177000000001").await.len(), 1);
    s.stop().await;
}

/// Posts `csv` as an order list of `channel` through the gateway.
async fn upload(s: &Suite, channel: &str, token: &str, csv: &str) -> Answer {
    let response = s
        .app
        .client
        .post(format!(
            "{}/api/v1/helpdesk/imports?channel={channel}",
            s.gateway
        ))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .header("idempotency-key", "cc147-daily")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    Answer::read(response).await
}

#[tokio::test]
async fn a_call_center_order_list_with_bad_rows_opens_the_good_ones_and_reports_the_rest() {
    let s = Suite::start().await;
    let desk = s.token(Role::HdSupport, None);
    let today = tam_kernel::wib_date(s.now());
    let tomorrow = today + Duration::days(1);
    let csv = format!(
        "indihome_number;customer_name;contact_number;product_code;order_date;site\n\
         188000000001;Sari Wulandari;081288800001;MINIPACK;{today};bandung\n\
         18800000000X;Agus Salim;081288800002;NETFLIX;{today};\n\
         188000000003;Made Wirawan;081288800003;MINIPACK;{tomorrow};\n\
         188000000004;Yusuf;081288800004;NO_SUCH_ADDON;{today};\n\
         188000000005;Lina Marlina;081288800005;HBO;{today};\n\
         188000000001;Sari Wulandari;081288800001;MINIPACK;{today};bandung\n"
    );

    let refused = upload(
        &s,
        "call_center_147",
        &s.token(Role::Agent, Some(Site::Bandung)),
        &csv,
    )
    .await;
    assert_eq!(refused.status, 403);

    let imported = upload(&s, "call_center_147", &desk, &csv).await;
    assert_eq!(imported.status, 201, "{:?}", imported.body);
    let r = &imported.body;
    assert_eq!(
        (&r["total"], &r["opened"], &r["rejected"], &r["duplicates"]),
        (&json!(6), &json!(2), &json!(3), &json!(1)),
        "{r}"
    );
    assert_eq!(
        r["errors"],
        json!([
            {"line": 3, "field": "indihome_number",
             "reason": "\"18800000000X\" must be digits only (no spaces, dashes or letters)"},
            {"line": 4, "field": "order_date",
             "reason": format!("{tomorrow} is after the day of the import ({today})")},
            {"line": 5, "field": "product_code",
             "reason": "NO_SUCH_ADDON is not a product of the catalogue"},
        ])
    );
    let opened: Vec<Value> = r["opened_tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["line"].clone())
        .collect();
    assert_eq!(opened, [json!(2), json!(6)]);
    assert_eq!(r["duplicate_rows"][0]["line"], 7);
    assert_eq!(
        r["duplicate_rows"][0]["ticket_id"],
        r["opened_tickets"][0]["ticket_id"]
    );

    let sari = search(&s, "188000000001").await;
    assert_eq!(sari.len(), 1);
    assert_eq!(sari[0]["channel"], "call_center_147");
    assert_eq!(sari[0]["site"], "bandung");
    assert!(search(&s, "188000000003").await.is_empty());

    // Sent again with its key: the same report, nothing opened twice.
    let again = upload(&s, "call_center_147", &desk, &csv).await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(&again.body, r);
    assert_eq!(search(&s, "188000000005").await.len(), 1);
    s.stop().await;
}
