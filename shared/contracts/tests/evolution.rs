//! The evolution rule, as consumers see it: a payload with a field the consumer's type
//! does not know still decodes; a payload without a required field does not, and the
//! error names the field (the consumer rejects it and it ends in the DLQ).

use serde_json::json;
use tam_contracts::calling::CallCompleted;
use tam_contracts::hr::EmployeeUpdated;
use tam_contracts::quality::CallValidated;
use tam_contracts::CATALOG;

fn completed() -> serde_json::Value {
    json!({
        "call_id": "0190f000-0000-7000-8000-000000000001",
        "claim_id": "0190f000-0000-7000-8000-000000000002",
        "prospect_id": "0190f000-0000-7000-8000-000000000003",
        "work_order_id": "0190f000-0000-7000-8000-000000000004",
        "agent_id": "0190f000-0000-7000-8000-000000000005",
        "team_id": null,
        "site": "medan",
        "program": "ct0_pranpc",
        "outcome": "agree",
        "product_code": null,
        "negotiation_step": 2,
        "follow_up_at": null,
        "notes": "ok",
        "started_at": "2026-03-31T16:30:00Z",
        "ended_at": "2026-03-31T16:35:00Z",
        "duration_seconds": 300,
        "has_recording": true,
    })
}

#[test]
fn a_consumer_reads_a_payload_with_a_field_it_does_not_know() {
    let mut payload = completed();
    payload["customer_mood"] = json!("cheerful");
    payload["offer"] = json!({"nested": [1, 2, 3]});
    let call: CallCompleted = serde_json::from_value(payload).unwrap();
    assert_eq!(call.negotiation_step, Some(2));
    assert!(call.has_recording);
}

#[test]
fn a_consumer_reads_a_payload_without_an_optional_field() {
    let mut payload = completed();
    for optional in ["team_id", "product_code", "follow_up_at", "notes"] {
        payload.as_object_mut().unwrap().remove(optional);
    }
    let call: CallCompleted = serde_json::from_value(payload).unwrap();
    assert_eq!(call.call.team_id, None);
    assert_eq!(call.notes, None);
}

#[test]
fn a_payload_without_a_required_field_is_refused_naming_it() {
    for (field, payload) in [
        ("prospect_id", completed()),
        ("duration_seconds", completed()),
        (
            "changed",
            json!({
                "employee_id": "0190f000-0000-7000-8000-000000000005", "nik": "1",
                "full_name": "A", "username": "a", "role": "agent", "site": "medan",
                "program": "ct0_pranpc", "team_id": null, "status": "active",
                "changed": ["status"],
            }),
        ),
    ] {
        let mut payload = payload;
        payload.as_object_mut().unwrap().remove(field);
        let err = if field == "changed" {
            serde_json::from_value::<EmployeeUpdated>(payload).unwrap_err()
        } else {
            serde_json::from_value::<CallCompleted>(payload).unwrap_err()
        };
        assert!(
            err.to_string()
                .contains(&format!("missing field `{field}`")),
            "{field}: {err}"
        );
    }
}

#[test]
fn a_value_of_the_wrong_type_is_refused() {
    let mut payload = completed();
    payload["negotiation_step"] = json!(-1);
    let err = serde_json::from_value::<CallCompleted>(payload).unwrap_err();
    assert!(err.to_string().contains("-1"), "{err}");
    let verdict = json!({
        "task_id": "0190f000-0000-7000-8000-000000000001",
        "call_id": "0190f000-0000-7000-8000-000000000002",
        "prospect_id": "0190f000-0000-7000-8000-000000000003",
        "work_order_id": "0190f000-0000-7000-8000-000000000004",
        "agent_id": "0190f000-0000-7000-8000-000000000005",
        "site": "medan", "program": "add_on_consumer", "verdict": "maybe", "score": 70,
        "validated_at": "2026-03-31T16:35:00Z", "revision": 1,
    });
    let err = serde_json::from_value::<CallValidated>(verdict).unwrap_err();
    assert!(err.to_string().contains("maybe"), "{err}");
}

/// Breaking changes get a new name: `<producer>.<aggregate>.<verb>` now, and a `.v2`
/// beside it later would be a fourth part. Nothing here may be a second version yet
/// without its first (both are published for a while).
#[test]
fn a_versioned_name_only_lives_beside_its_first_version() {
    for spec in CATALOG {
        let parts: Vec<&str> = spec.event_type.split('.').collect();
        if parts.len() == 4 {
            let first = parts[..3].join(".");
            assert!(
                CATALOG.iter().any(|s| s.event_type == first),
                "{} has no {first} beside it",
                spec.event_type
            );
        }
    }
}
