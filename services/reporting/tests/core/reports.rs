//! The report API: the KPI list, a family's report as JSON, CSV and XLSX, the query's
//! validation, and the caller's scope.

use reqwest::Method;
use serde_json::Value;
use tam_kernel::{Role, Site};
use uuid::Uuid;

use super::start;

const OUTBOUND: &str = "/api/v1/reporting/outbound";

#[tokio::test]
async fn the_kpi_list_has_every_definition() {
    let h = start().await;
    let token = h.token(Role::Agent, Some(Site::Medan));
    let list = h.get("/api/v1/reporting/kpis", &token).await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    let kpis = list.body["kpis"].as_array().unwrap();
    assert_eq!(kpis.len(), tam_reporting::families::kpis().count());
    for kpi in kpis {
        assert!(!kpi["definition"].as_str().unwrap().is_empty(), "{kpi}");
        assert!(
            kpi["family"].is_string() && kpi["unit"].is_string(),
            "{kpi}"
        );
    }
    h.stop().await;
}

#[tokio::test]
async fn a_report_answers_its_shape_in_json_csv_and_xlsx() {
    let h = start().await;
    let manager = h.token(Role::Manager, None);
    let family = tam_reporting::families::family("outbound").unwrap();

    let json = h
        .get(
            &format!("{OUTBOUND}?month=2026-11&period=week&group_by=site"),
            &manager,
        )
        .await;
    assert_eq!(json.status, 200, "{:?}", json.body);
    let body = &json.body;
    assert_eq!(body["family"], "outbound");
    assert_eq!(body["from"], "2026-11-01");
    assert_eq!(body["to"], "2026-11-30");
    assert_eq!(body["period"], "week");
    assert_eq!(body["group_by"], "site");
    let columns: Vec<&str> = body["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    let keys: Vec<&str> = family.kpis.iter().map(|k| k.key).collect();
    assert_eq!(columns, keys);
    assert!(body["rows"].is_array());

    let csv = h
        .get(
            &format!("{OUTBOUND}?from=2026-11-01&to=2026-11-07&format=csv"),
            &manager,
        )
        .await;
    assert_eq!(csv.status, 200, "{:?}", csv.body);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert_eq!(
        csv.headers["content-disposition"].to_str().unwrap(),
        "attachment; filename=\"outbound-2026-11-01-2026-11-07.csv\""
    );
    let header = csv
        .body
        .as_str()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert!(header.starts_with("period_start,"), "{header}");

    let xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let xlsx = h
        .request(
            Method::GET,
            &format!("{OUTBOUND}?from=2026-11-01&to=2026-11-07"),
            Some(&manager),
            &[("accept", xlsx_type)],
            None,
        )
        .await;
    assert_eq!(xlsx.status, 200);
    assert_eq!(xlsx.headers["content-type"].to_str().unwrap(), xlsx_type);
    assert!(xlsx.headers["content-disposition"]
        .to_str()
        .unwrap()
        .ends_with(".xlsx\""));
    // A zip file.
    assert!(xlsx.body.as_str().unwrap().starts_with("PK"));
    h.stop().await;
}

#[tokio::test]
async fn a_bad_query_is_a_400_naming_each_parameter() {
    let h = start().await;
    let manager = h.token(Role::Manager, None);
    let missing = h.get(OUTBOUND, &manager).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.fields(), ["from", "to"]);

    let too_long = h
        .get(
            &format!("{OUTBOUND}?from=2025-01-01&to=2026-01-02"),
            &manager,
        )
        .await;
    assert_eq!(too_long.status, 400);
    assert!(too_long.reasons().contains("366"), "{}", too_long.reasons());

    let bad = h
        .get(
            &format!("{OUTBOUND}?month=2026-11&period=year&group_by=planet&site=mars&format=pdf"),
            &manager,
        )
        .await;
    assert_eq!(bad.status, 400);
    let mut fields = bad.fields();
    fields.sort();
    assert_eq!(fields, ["format", "group_by", "period", "site"]);

    // A grouping that exists but not in this family's report names those it has.
    let by_agent = h
        .get(
            "/api/v1/reporting/disruptions?month=2026-11&group_by=agent",
            &manager,
        )
        .await;
    assert_eq!(by_agent.status, 400);
    assert_eq!(by_agent.fields(), ["group_by"]);
    assert!(
        by_agent.reasons().contains("total, site"),
        "{}",
        by_agent.reasons()
    );

    let nonsense = h
        .get("/api/v1/reporting/nonsense?month=2026-11", &manager)
        .await;
    assert_eq!(nonsense.status, 404);
    h.stop().await;
}

#[tokio::test]
async fn nobody_reads_beyond_their_scope() {
    let h = start().await;
    let team = Uuid::now_v7();
    let leader = h.app.token(Role::TeamLeader, Some(Site::Medan), Some(team));
    let ok = h
        .get(
            &format!("{OUTBOUND}?month=2026-11&site=medan&team={team}&group_by=agent"),
            &leader,
        )
        .await;
    assert_eq!(ok.status, 200, "{:?}", ok.body);
    for beyond in [
        format!("{OUTBOUND}?month=2026-11&site=bandung"),
        format!("{OUTBOUND}?month=2026-11&team={}", Uuid::now_v7()),
    ] {
        let refused = h.get(&beyond, &leader).await;
        assert_eq!(refused.status, 403, "{beyond}: {:?}", refused.body);
        assert!(
            refused.body["detail"]
                .as_str()
                .unwrap()
                .contains("outside your scope"),
            "{:?}",
            refused.body
        );
    }
    let agent = h.token(Role::Agent, Some(Site::Medan));
    let other = h
        .get(
            &format!("{OUTBOUND}?month=2026-11&agent={}", Uuid::now_v7()),
            &agent,
        )
        .await;
    assert_eq!(other.status, 403);
    // A site role whose token names no site, a team leader whose token names no team.
    for token in [
        h.token(Role::SupervisorOps, None),
        h.app.token(Role::TeamLeader, Some(Site::Medan), None),
    ] {
        let refused = h.get(&format!("{OUTBOUND}?month=2026-11"), &token).await;
        assert_eq!(refused.status, 403, "{:?}", refused.body);
    }
    let body: &Value = &ok.body;
    assert_eq!(body["group_by"], "agent");
    h.stop().await;
}
