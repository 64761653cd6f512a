//! The committed KPI reference (docs/kpis.md) is what the families' KPI definitions say
//! today: one section per family (key, name, unit, definition, target) and the list of
//! the KPIs that no family gives, each with the event it would need.
//! `TAM_BLESS=1 cargo test -p tam-reporting --test kpis_doc` rewrites the file after a
//! change to a family's `KPIS`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::PathBuf;

use tam_reporting::families::{self, FAMILIES};
use tam_reporting::kpi::{Better, KpiDef, Unit};

const PATH: &str = "docs/kpis.md";

/// The KPIs issue 16 asks for, by the key the shared design gives each, and what a
/// family would need from the events to give one it leaves out. A key here that a family
/// has is not listed as missing; a key no family has is (never invented).
const ASKED: &[(&str, &str, &str)] = &[
    // (key, family, what it would need)
    ("calls", "outbound", "`calling.call.completed` per attempt"),
    ("contacts", "outbound", "`calling.call.completed` with its outcome"),
    ("contact_rate", "outbound", "`calling.call.completed` with its outcome"),
    ("right_number_rate", "outbound", "`calling.call.completed` with its outcome"),
    ("conversion", "outbound", "`calling.call.completed` with its outcome"),
    ("agree", "outbound", "`calling.call.completed` with its outcome"),
    ("decline", "outbound", "`calling.call.completed` with its outcome"),
    ("follow_up", "outbound", "`calling.call.completed` with its outcome"),
    ("unreached", "outbound", "`calling.call.completed` with its outcome"),
    ("wrong_number", "outbound", "`calling.call.completed` with its outcome"),
    ("avg_call_duration", "outbound", "`calling.call.completed.duration_seconds`"),
    ("follow_up_due", "outbound", "`calling.call.completed.follow_up_at`"),
    ("follow_up_kept", "outbound", "the next `calling.call.started` of the prospect after its promise"),
    ("follow_up_adherence", "outbound", "the next `calling.call.started` of the prospect after its promise"),
    ("follow_up_yield", "outbound", "the outcome of the call that kept a FOLLOW UP"),
    ("prospects_loaded", "outbound", "`prospect.dapros.imported.accepted` per work order"),
    ("prospects_attempted", "outbound", "the first `calling.call.completed` of each prospect"),
    ("prospects_final", "outbound", "a prospect's final status (won, declined, invalid, exhausted) as an event"),
    ("list_penetration", "outbound", "`prospect.dapros.imported` and the first call of each prospect"),
    ("list_exhaustion", "outbound", "a prospect's final status as an event"),
    ("attempts_per_prospect", "outbound", "`calling.call.completed` per prospect"),
    ("abandoned_calls", "outbound", "`calling.call.abandoned`"),
    ("agree_validated", "quality", "`quality.call.validated`"),
    ("valid", "quality", "`quality.call.validated` (the latest revision of a task)"),
    ("returned", "quality", "`quality.call.validated` (the latest revision of a task)"),
    ("quality_validation_score", "quality", "`quality.call.validated` (the latest revision of a task)"),
    ("recalled_after_return", "quality", "the next AGREE `calling.call.completed` of a RETURNed prospect"),
    ("recall_success", "quality", "the verdict on the call that followed a RETURN"),
    ("tapping_coverage", "quality", "an event when quality creates a tapping task (`quality.task.created`): today only the verdict is published, so AGREE calls tapped but not yet judged are invisible"),
    ("avg_tapping_turnaround", "quality", "the AGREE call's `ended_at` and the verdict's `validated_at`"),
    ("sales_won", "activation", "`prospect.sale.won`"),
    ("tickets_opened", "activation", "an event when HD Support opens a ticket (`helpdesk.ticket.opened`)"),
    ("activated", "activation", "an event when a ticket reaches activation (`helpdesk.ticket.activated` or a status change with the new status)"),
    ("sale_to_activation_rate", "activation", "the activation event above, linked to the sale's call"),
    ("avg_activation_lead_time", "activation", "the activation event above with its time, and the sale's `won_at`"),
    ("sla_breaches", "activation", "`helpdesk.ticket.breached`"),
    ("sla_compliance", "activation", "the tickets whose clocks closed in time (an event per closed clock, or the resolution event with its clocks' breach flags)"),
    ("breaches_first_response", "activation", "`helpdesk.ticket.breached` with its clock"),
    ("breaches_validation", "activation", "`helpdesk.ticket.breached` with its clock"),
    ("breaches_provisioning", "activation", "`helpdesk.ticket.breached` with its clock"),
    ("breaches_resolution", "activation", "`helpdesk.ticket.breached` with its clock"),
    ("cabut_cases", "activation", "an event when a CABUT case is filed"),
    ("cabut_rate", "activation", "an event when a CABUT case is filed, linked to its sale"),
    ("cabut_mis_sale", "activation", "the CABUT survey's result as an event"),
    ("qc2_validated", "activation", "QC Tier 2's validation of a ticket as an event"),
    ("qc2_invalid", "activation", "QC Tier 2's validation of a ticket as an event"),
    ("qc2_validity_rate", "activation", "QC Tier 2's validation of a ticket as an event"),
    ("disruptions", "disruptions", "an event when a disruption is reported"),
    ("disruption_minutes", "disruptions", "an event when a disruption is resolved, with its start and end"),
    ("p1_disruptions", "disruptions", "the disruption's severity in its events"),
    ("sdm_available", "workforce", "`hr.sdm.day_closed`"),
    ("sdm_target", "workforce", "`hr.caplan.revised`"),
    ("sdm_fulfilment", "workforce", "`hr.sdm.day_closed` and `hr.caplan.revised`"),
    ("check_ins", "workforce", "`hr.attendance.checked_in`"),
    ("late_check_ins", "workforce", "`hr.attendance.checked_in` with its lateness"),
    ("hours_present", "workforce", "`hr.attendance.checked_out` with the time present"),
    ("sales_per_hour_present", "workforce", "`prospect.sale.won` and the hours present"),
];

fn workspace_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn unit(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "count",
        Unit::Ratio => "ratio",
        Unit::Seconds => "seconds",
        Unit::Minutes => "minutes",
        Unit::PerHour => "per hour",
        Unit::Number => "number",
    }
}

fn target(kpi: &KpiDef) -> String {
    let Some(t) = kpi.target else {
        return "—".to_owned();
    };
    let sign = match t.better {
        Better::Higher => "≥",
        Better::Lower => "≤",
    };
    match kpi.unit {
        Unit::Ratio => format!("{sign} {}%", t.value * 100.0),
        _ => format!("{sign} {}", t.value),
    }
}

/// A table cell: no line breaks, pipes escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn render() -> String {
    let mut out = String::new();
    out.push_str("# KPIs\n\n");
    out.push_str(
        "<!-- Generated from the reporting families' KPI definitions \
         (services/reporting/src/families/*.rs, `KPIS`). Do not edit: change a definition, \
         then run `TAM_BLESS=1 cargo test -p tam-reporting --test kpis_doc` to rewrite this \
         file. The same test fails when it is stale. -->\n\n",
    );
    out.push_str(
        "Every KPI the reporting service computes, by family: the family is the report \
         (`GET /api/v1/reporting/{family}`), the key is its column in the JSON, CSV and \
         XLSX and the chart's name (`GET /api/v1/reporting/charts/{key}`). The same \
         definitions are served by `GET /api/v1/reporting/kpis`. Facts land on the WIB \
         day of the event's `occurred_at`; week, month and range figures are computed \
         from the day rows (a rate is its summed numerator over its summed denominator, \
         never an average of daily rates). Ratios are fractions (0.95 reads 95%); a rate \
         over nothing is empty (`null`).\n\n",
    );
    for family in FAMILIES {
        let _ = writeln!(out, "## {} (`{}`)\n", family.title, family.key);
        let groupings: Vec<&str> = family.groupings.iter().map(|g| g.as_str()).collect();
        let _ = writeln!(out, "Groupings: {}.\n", groupings.join(", "));
        if family.kpis.is_empty() {
            out.push_str("No KPI yet.\n\n");
            continue;
        }
        out.push_str("| Key | Name | Unit | Definition | Target |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for kpi in family.kpis {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                kpi.key,
                cell(kpi.name),
                unit(kpi.unit),
                cell(kpi.definition),
                target(kpi)
            );
        }
        out.push('\n');
    }
    out.push_str("## Not given by the events\n\n");
    let missing: Vec<_> = ASKED
        .iter()
        .filter(|(key, _, _)| families::kpi(key).is_none())
        .collect();
    if missing.is_empty() {
        out.push_str("Every KPI the issue asks for is computed.\n");
    } else {
        out.push_str(
            "KPIs the issue asks for that no family computes, because no event gives what \
             they are made of; none is estimated or invented. Each names the event that \
             would be needed.\n\n",
        );
        out.push_str("| Key | Family | What it would need |\n| --- | --- | --- |\n");
        for (key, family, needs) in missing {
            let _ = writeln!(out, "| `{key}` | {family} | {} |", cell(needs));
        }
    }
    out
}

#[test]
fn docs_kpis_md_is_what_the_families_define() {
    let rendered = render();
    let file = workspace_file(PATH);
    if std::env::var_os("TAM_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&file, &rendered).unwrap_or_else(|e| panic!("writing {PATH}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == rendered,
        "{PATH} is stale: it is not what the families' KPI definitions say. Run \
         `TAM_BLESS=1 cargo test -p tam-reporting --test kpis_doc` and commit the result."
    );
}

#[test]
fn every_kpi_of_the_code_is_in_the_document_with_its_definition() {
    // Independent of the rendering: a reader finds each key with its exact definition.
    let doc = render();
    for kpi in families::kpis() {
        assert!(doc.contains(&format!("| `{}` |", kpi.key)), "{}", kpi.key);
        assert!(doc.contains(&cell(kpi.definition)), "{}", kpi.key);
    }
}

#[test]
fn a_kpi_of_the_design_is_in_its_family() {
    // A key the design gives one family is computed by that family, if at all.
    for kpi in families::kpis() {
        if let Some((_, family, _)) = ASKED.iter().find(|(key, _, _)| *key == kpi.key) {
            assert_eq!(*family, kpi.family, "{}", kpi.key);
        }
    }
}
