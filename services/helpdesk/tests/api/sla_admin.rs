//! The SLA administration: calendars (a new version with an effective date), the SLA
//! policies and the escalation ladder, each read by the desk and changed by its
//! supervisor; bad ones are 422 naming the field with nothing written, and a change
//! recomputes the open tickets' escalation timers keeping the business time used.

use std::collections::HashMap;

use serde_json::{json, Value};
use tam_kernel::{Role, Site};
use tam_runtime::ServiceName;
use tam_testkit::TestService;

use crate::escalation::{monday, open_ticket};

const CALENDARS: &str = "/api/v1/helpdesk/calendars";
const POLICIES: &str = "/api/v1/helpdesk/sla-policies";
const LADDER: &str = "/api/v1/helpdesk/escalation-ladder";

/// The helpdesk with a poller that sweeps once at start and then waits an hour: these
/// tests read the timers the configuration changes set, not the poller's.
async fn start() -> TestService {
    let overrides: HashMap<String, String> = [(
        "TAM_ESCALATION_POLL_INTERVAL_MS".to_owned(),
        "3600000".to_owned(),
    )]
    .into();
    let h = TestService::start(
        ServiceName::Helpdesk,
        &[tam_helpdesk::service()],
        &overrides,
    )
    .await;
    h.app.clock().set(monday(10, 0));
    h
}

fn office_day() -> Value {
    json!([{ "start": "08:00", "end": "17:00" }])
}

/// A version of Mon–Fri 08:00–17:00 from `from`, `mon` replacing Monday's hours.
fn version(from: &str, mon: Value, exceptions: Value) -> Value {
    json!({
        "effective_from": from,
        "week": {
            "mon": mon, "tue": office_day(), "wed": office_day(), "thu": office_day(),
            "fri": office_day(), "sat": [], "sun": []
        },
        "exceptions": exceptions,
    })
}

async fn calendar(h: &TestService, code: &str) -> Value {
    let desk = h.token(Role::HdSupport, None);
    let listed = h.get(CALENDARS, &desk).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    listed.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .cloned()
        .unwrap_or(Value::Null)
}

fn detail(body: &Value) -> &str {
    body["detail"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_bad_calendar_version_is_422_naming_the_field_and_changes_nothing() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorHd, None);
    let path = format!("{CALENDARS}/office-wib");
    let before = calendar(&h, "office-wib").await;
    assert_eq!(before["time_zone"], "Asia/Jakarta");
    assert_eq!(before["versions"].as_array().unwrap().len(), 1);

    // Overlapping intervals on Monday.
    let overlapping = json!([
        { "start": "08:00", "end": "12:00" },
        { "start": "11:00", "end": "17:00" }
    ]);
    let answer = h
        .put(
            &path,
            &supervisor,
            json!({ "version": version("2026-12-14", overlapping, json!([])) }),
        )
        .await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.slug(), "invalid-calendar");
    assert!(
        detail(&answer.body).starts_with("version.week.mon[1]: 11:00-17:00 overlaps 08:00-12:00"),
        "{:?}",
        answer.body
    );

    // An inverted interval.
    let inverted = json!([{ "start": "17:00", "end": "08:00" }]);
    let answer = h
        .put(
            &path,
            &supervisor,
            json!({ "version": version("2026-12-14", inverted, json!([])) }),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(
        detail(&answer.body).starts_with("version.week.mon[0]: must open before it closes"),
        "{:?}",
        answer.body
    );

    // An exception before its version takes effect.
    let outside = json!([{ "date": "2026-12-10", "name": "Hari Ibu", "intervals": [] }]);
    let answer = h
        .put(
            &path,
            &supervisor,
            json!({ "version": version("2026-12-14", office_day(), outside) }),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "invalid-calendar");
    assert!(
        detail(&answer.body)
            .starts_with("version.exceptions[0].date: 2026-12-10 is outside its version"),
        "{:?}",
        answer.body
    );

    // A version taking effect today (Monday 2026-12-07 in the calendar's zone) would
    // recount business time already counted.
    let answer = h
        .put(
            &path,
            &supervisor,
            json!({ "version": version("2026-12-07", office_day(), json!([])) }),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "calendar-version-in-past");
    assert!(
        detail(&answer.body)
            .starts_with("version.effective_from: must be after today (2026-12-07)"),
        "{:?}",
        answer.body
    );

    // A calendar keeps its time zone.
    let answer = h
        .put(
            &path,
            &supervisor,
            json!({ "time_zone": "Asia/Makassar", "version": version("2026-12-14", office_day(), json!([])) }),
        )
        .await;
    assert_eq!(answer.status, 422);
    assert!(detail(&answer.body).starts_with("time_zone: is Asia/Jakarta"));

    // Nothing was written.
    assert_eq!(calendar(&h, "office-wib").await, before);
    h.stop().await;
}

#[tokio::test]
async fn the_supervisor_adds_a_version_and_creates_a_calendar() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorHd, None);
    let path = format!("{CALENDARS}/office-wib");
    let half_day = json!([{ "start": "08:00", "end": "12:00" }]);
    let christmas_eve =
        json!([{ "date": "2026-12-24", "name": "Cuti bersama Natal", "intervals": [] }]);
    let answer = h
        .put(
            &path,
            &supervisor,
            json!({ "version": version("2026-12-14", half_day.clone(), christmas_eve.clone()) }),
        )
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    let versions = answer.body["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1]["effective_from"], "2026-12-14");
    assert_eq!(versions[1]["week"]["mon"], half_day);
    assert_eq!(answer.body["name"], "Office hours, WIB");
    // The holidays planned from the 14th on stay holidays: they move into the new
    // version (its own exception first); the old version keeps the earlier ones.
    let holidays = |v: &Value| -> Vec<String> {
        v["exceptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["date"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        holidays(&versions[1])[..3],
        ["2026-12-24", "2026-12-25", "2027-01-01"]
    );
    assert_eq!(holidays(&versions[0]).last().unwrap(), "2026-08-25");
    assert_eq!(
        calendar(&h, "office-wib").await["versions"],
        answer.body["versions"]
    );
    // The same date again replaces the planned version (PUT is idempotent).
    let answer = h
        .put(
            &path,
            &supervisor,
            json!({ "version": version("2026-12-14", office_day(), christmas_eve) }),
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["versions"].as_array().unwrap().len(), 2);
    assert_eq!(answer.body["versions"][1]["week"]["mon"], office_day());

    // A new calendar, for Papua (WIT).
    let wit = format!("{CALENDARS}/office-wit");
    let first = version("2026-01-01", office_day(), json!([]));
    let missing = h
        .put(
            &wit,
            &supervisor,
            json!({ "name": "Office hours, WIT", "version": first }),
        )
        .await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.fields(), ["time_zone"]);
    let created = h
        .put(
            &wit,
            &supervisor,
            json!({ "name": "Office hours, WIT", "time_zone": "Asia/Jayapura", "version": first }),
        )
        .await;
    assert_eq!(created.status, 201, "{:?}", created.body);
    assert_eq!(created.body["time_zone"], "Asia/Jayapura");
    let unknown = h
        .put(
            &format!("{CALENDARS}/mars"),
            &supervisor,
            json!({ "name": "Mars", "time_zone": "Mars/Olympus", "version": first }),
        )
        .await;
    assert_eq!(unknown.status, 422);
    assert!(detail(&unknown.body).starts_with("time_zone: `Mars/Olympus` is not an IANA time zone"));

    // HD Support reads but may not change; an agent may not read.
    let desk = h.token(Role::HdSupport, None);
    assert_eq!(
        h.put(&wit, &desk, json!({ "version": first })).await.status,
        403
    );
    let agent = h.token(Role::Agent, Some(Site::Bandung));
    assert_eq!(h.get(CALENDARS, &agent).await.status, 403);
    h.stop().await;
}

#[tokio::test]
async fn policies_and_the_ladder_are_checked_as_a_whole_set() {
    let h = start().await;
    let supervisor = h.token(Role::SupervisorHd, None);
    let desk = h.token(Role::HdSupport, None);
    let current = h.get(POLICIES, &desk).await;
    assert_eq!(current.status, 200);
    let policies = current.body["policies"].as_array().unwrap().clone();
    assert_eq!(policies.len(), 6);

    // Without the default, and with a calendar that does not exist.
    let mut bad: Vec<Value> = policies
        .iter()
        .filter(|p| p["code"] != "default")
        .cloned()
        .collect();
    bad[0]["calendar"] = json!("office-xyz");
    let answer = h
        .put(POLICIES, &supervisor, json!({ "policies": bad }))
        .await;
    assert_eq!(answer.status, 422, "{:?}", answer.body);
    assert_eq!(answer.slug(), "invalid-sla-policies");
    assert!(
        detail(&answer.body).contains("policies: must have a default policy"),
        "{:?}",
        answer.body
    );
    assert!(
        detail(&answer.body).contains("policies[0].calendar: no calendar `office-xyz`"),
        "{:?}",
        answer.body
    );
    assert_eq!(
        h.get(POLICIES, &desk).await.body["policies"],
        json!(policies)
    );

    // A ladder whose levels go down.
    let ladder = json!({ "levels": [
        { "code": "warning", "percent": 50, "notify": ["assignee"] },
        { "code": "late", "percent": 40, "notify": ["supervisor_hd"] }
    ]});
    let answer = h.put(LADDER, &supervisor, ladder).await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.slug(), "invalid-escalation-ladder");
    assert!(detail(&answer.body)
        .starts_with("levels[1].percent: must be above the previous level's (50%)"));
    let levels = h.get(LADDER, &desk).await;
    assert_eq!(levels.body["levels"].as_array().unwrap().len(), 3);
    assert_eq!(
        levels.body["levels"][1],
        json!({ "code": "supervisor", "percent": 80, "notify": ["supervisor_hd"] })
    );
    assert_eq!(h.put(LADDER, &desk, levels.body.clone()).await.status, 403);
    h.stop().await;
}

async fn timer(h: &TestService, ticket: uuid::Uuid) -> String {
    #[derive(diesel::QueryableByName)]
    struct Timer {
        #[diesel(sql_type = diesel::sql_types::Text)]
        at: String,
    }
    use diesel_async::RunQueryDsl;
    let mut conn = h.pool.get().await.unwrap();
    let row: Timer = diesel::sql_query(format!(
        "SELECT to_char(next_escalation_at AT TIME ZONE 'Asia/Jakarta', 'Dy HH24:MI') AS at \
         FROM tickets WHERE id = '{ticket}'"
    ))
    .get_result(&mut conn)
    .await
    .unwrap();
    row.at
}

/// Opened Monday 08:00, 2 business hours used at 10:00. Raising the `plasa` targets to
/// 600 minutes moves the first level (50%: 300 minutes) to 13:00, counted from the
/// opening: the time used is kept, the clock does not start again (15:00).
#[tokio::test]
async fn a_policy_change_recomputes_open_tickets_keeping_the_time_used() {
    let h = start().await;
    let ticket = open_ticket(&h, "122101112223", "MINIPACK", monday(8, 0)).await;
    let supervisor = h.token(Role::SupervisorHd, None);
    let mut policies = h.get(POLICIES, &supervisor).await.body["policies"].clone();
    for policy in policies.as_array_mut().unwrap() {
        if policy["code"] == "plasa" {
            policy["targets"] = json!({
                "first_response_minutes": 600, "validation_minutes": 600,
                "provisioning_minutes": 1620, "resolution_minutes": 2700
            });
        }
    }
    let answer = h
        .put(POLICIES, &supervisor, json!({ "policies": policies }))
        .await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    assert_eq!(timer(&h, ticket).await, "Mon 13:00");

    // A ladder starting at 25% brings the timer to 150 minutes after the opening.
    let ladder = json!({ "levels": [
        { "code": "early", "percent": 25, "notify": ["assignee"] },
        { "code": "supervisor", "percent": 80, "notify": ["supervisor_hd"] },
        { "code": "breach", "percent": 100, "notify": ["supervisor_hd", "manager"] }
    ]});
    assert_eq!(h.put(LADDER, &supervisor, ladder).await.status, 200);
    assert_eq!(timer(&h, ticket).await, "Mon 10:30");
    h.stop().await;
}
