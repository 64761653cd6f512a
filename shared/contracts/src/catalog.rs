//! The catalog: every event type, taken from the contract types, what each service
//! consumes and produces, and the history of changes to the contracts.

use crate::describe::{self, Field};
use crate::{
    calling, helpdesk, helpdesk_cabut, helpdesk_ioc, helpdesk_qc, helpdesk_sla, hr, hr_attendance,
    hr_caplan, hr_contracts, hr_evaluation, hr_pembinaan, hr_recruitment, hr_training, prospect,
    quality, Contract,
};

/// One entry of the catalog, taken from a [`Contract`] type.
#[derive(Debug, Clone, Copy)]
pub struct EventSpec {
    pub event_type: &'static str,
    pub version: u16,
    pub producer: &'static str,
    pub consumers: &'static [&'static str],
    pub description: &'static str,
    pub stream: Option<&'static str>,
    /// The payload's fields, flattened ones inline.
    pub fields: fn() -> Vec<Field>,
    /// Decodes a payload as the type and encodes it again: what a consumer built with the
    /// type reads of it (unknown fields dropped), or why it cannot read it.
    pub reencode: fn(&serde_json::Value) -> Result<serde_json::Value, serde_json::Error>,
}

impl EventSpec {
    pub const fn of<C: Contract>() -> Self {
        Self {
            event_type: C::TYPE,
            version: C::VERSION,
            producer: C::PRODUCER,
            consumers: C::CONSUMERS,
            description: C::DESCRIPTION,
            stream: C::STREAM,
            fields: C::fields,
            reencode: reencode::<C>,
        }
    }

    /// The payload's JSON Schema.
    pub fn schema(&self) -> serde_json::Value {
        describe::object_schema(&(self.fields)())
    }

    /// The description on one line, without the doc comment's leading space.
    pub fn summary(&self) -> &'static str {
        self.description.trim()
    }
}

fn reencode<C: Contract>(
    payload: &serde_json::Value,
) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::to_value(serde_json::from_value::<C>(payload.clone())?)
}

macro_rules! catalog {
    ($($ty:ty),* $(,)?) => {
        /// Every event type on the bus, in the order of the reference.
        pub const CATALOG: &[EventSpec] = &[$(EventSpec::of::<$ty>()),*];
    };
}

catalog![
    hr::EmployeeCreated,
    hr::EmployeeUpdated,
    hr::EmployeeDeactivated,
    hr::AccessRevoked,
    hr::TeamChanged,
    hr::RoleGranted,
    hr_caplan::CaplanRevised,
    hr_caplan::RequisitionOpened,
    hr_caplan::RequisitionChanged,
    hr_caplan::SdmDayClosed,
    hr_recruitment::ApplicantHired,
    hr_training::CertificationGranted,
    hr_training::CertificationExpired,
    hr_training::CertificationRevoked,
    hr_pembinaan::WarningLetterIssued,
    hr_pembinaan::WarningLetterAcknowledged,
    hr_pembinaan::WarningLetterDecided,
    hr_pembinaan::WarningLetterRevoked,
    hr_pembinaan::TerminationReviewOpened,
    hr_pembinaan::TerminationReviewDecided,
    hr_pembinaan::CoachingRecorded,
    hr_attendance::AttendanceCheckedIn,
    hr_attendance::AttendanceCheckedOut,
    hr_attendance::AttendanceCorrected,
    hr_attendance::AttendancePolicyChanged,
    hr_contracts::ContractCreated,
    hr_contracts::ContractEnding,
    hr_contracts::ContractExtended,
    hr_contracts::ContractConverted,
    hr_contracts::ContractEnded,
    hr_evaluation::EvaluationComputed,
    hr_evaluation::EvaluationApproved,
    hr_evaluation::EvaluationLocked,
    hr_evaluation::EvaluationAdjusted,
    prospect::WorkOrderCreated,
    prospect::WorkOrderStatusChanged,
    prospect::DaprosImported,
    prospect::ProspectClaimed,
    prospect::ProspectWithdrawn,
    prospect::SaleWon,
    prospect::SaleReverted,
    calling::CallStarted,
    calling::CallCompleted,
    calling::CallAbandoned,
    calling::RecordingAttached,
    quality::CallValidated,
    helpdesk::TicketOpened,
    helpdesk::TicketStatusChanged,
    helpdesk::TicketResolved,
    helpdesk_sla::TicketEscalated,
    helpdesk_sla::TicketBreached,
    helpdesk_cabut::MisSaleSuspected,
    helpdesk_cabut::CaseOpened,
    helpdesk_cabut::CaseSurveyed,
    helpdesk_ioc::DisruptionReported,
    helpdesk_ioc::DisruptionSeveritySet,
    helpdesk_ioc::DisruptionAcknowledged,
    helpdesk_ioc::DisruptionUpdated,
    helpdesk_ioc::DisruptionResolved,
    helpdesk_ioc::DisruptionConfirmed,
    helpdesk_ioc::DisruptionReopened,
    helpdesk_ioc::DisruptionBreached,
    helpdesk_qc::ActivationInvalidated,
    helpdesk_qc::ActivationValidated,
];

/// Every contract, as [`CATALOG`] lists them.
pub fn contracts() -> &'static [EventSpec] {
    CATALOG
}

/// The contract of `event_type`, if it is one.
pub fn spec(event_type: &str) -> Option<&'static EventSpec> {
    CATALOG.iter().find(|spec| spec.event_type == event_type)
}

/// The event types `service`'s queue must be bound to: exactly those whose contract
/// names it as a consumer.
pub fn consumed_by(service: &str) -> Vec<&'static str> {
    CATALOG
        .iter()
        .filter(|spec| spec.consumers.contains(&service))
        .map(|spec| spec.event_type)
        .collect()
}

/// The event types `service` publishes.
pub fn produced_by(service: &str) -> Vec<&'static str> {
    CATALOG
        .iter()
        .filter(|spec| spec.producer == service)
        .map(|spec| spec.event_type)
        .collect()
}

/// Every service that consumes at least one event type, each once, in catalog order.
pub fn consumers() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for service in CATALOG.iter().flat_map(|spec| spec.consumers) {
        if !out.contains(service) {
            out.push(service);
        }
    }
    out
}

/// How an event type may change.
pub const EVOLUTION_RULE: &[&str] = &[
    "Within one event type, only add fields, and only optional ones (an `Option`, absent \
     or null in older payloads): a payload an older producer wrote still decodes.",
    "A consumer ignores fields it does not know (no `deny_unknown_fields`): a newer \
     producer's payload still decodes with the consumer's older type.",
    "Anything else (removing or renaming a field, changing its type or meaning, making an \
     optional field required) is a new event type, named with a version suffix \
     (`calling.call.completed.v2`). The producer publishes both types for a while; each \
     consumer moves to the new one, then the old one is retired.",
    "A payload a consumer cannot decode (a required field missing, a value of the wrong \
     type) is rejected: it goes to the consumer's dead-letter queue with a log line \
     naming the field.",
];

/// A change to a contract: what changed on the wire or for whom.
#[derive(Debug, Clone, Copy)]
pub struct Change {
    pub event_type: &'static str,
    pub field: &'static str,
    pub change: &'static str,
}

/// Every change to the contracts since they were typed once. The two integer fixes
/// changed no payload calling wrote: they made the readers' types match the producer's.
pub const HISTORY: &[Change] = &[
    Change {
        event_type: "calling.call.completed",
        field: "negotiation_step",
        change: "read as u32 by prospect and quality (they declared i32; calling always \
                 wrote a u32): a negative step is now refused instead of stored",
    },
    Change {
        event_type: "calling.recording.attached",
        field: "size_bytes",
        change: "read as u64 by quality (it declared i64; calling always wrote a u64): a \
                 size above i64::MAX (quality's BIGINT column) is refused by quality's \
                 handler instead of the decoder",
    },
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// `<producer>.<aggregate>.<verb>`, and `.v<N>` after it for a breaking change.
    #[test]
    fn every_type_has_three_parts_starting_with_its_producer() {
        for spec in CATALOG {
            let mut parts: Vec<&str> = spec.event_type.split('.').collect();
            if parts.len() == 4 {
                let version = parts.pop().unwrap_or_default();
                assert!(
                    version
                        .strip_prefix('v')
                        .is_some_and(|n| n.parse::<u16>().is_ok_and(|n| n > 1)),
                    "{}: a fourth part is a version (v2, v3, ...)",
                    spec.event_type
                );
            }
            assert_eq!(parts.len(), 3, "{}", spec.event_type);
            assert!(parts.iter().all(|p| !p.is_empty()), "{}", spec.event_type);
            assert_eq!(parts[0], spec.producer, "{}", spec.event_type);
        }
    }

    #[test]
    fn every_type_has_a_consumer() {
        for spec in CATALOG {
            assert!(
                !spec.consumers.is_empty(),
                "{} has no consumer: it would be unroutable",
                spec.event_type
            );
        }
    }

    /// A service is one folder under `services/`: a name without one is a typo or a
    /// service that does not exist (yet).
    #[test]
    fn every_producer_and_consumer_is_a_known_service() {
        let services = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services");
        for spec in CATALOG {
            for service in spec.consumers.iter().chain([&spec.producer]) {
                assert!(
                    services.join(service).join("Cargo.toml").is_file(),
                    "{} names {service}, which is not a service",
                    spec.event_type
                );
            }
        }
    }

    #[test]
    fn types_are_unique() {
        for (i, spec) in CATALOG.iter().enumerate() {
            assert!(
                CATALOG[i + 1..]
                    .iter()
                    .all(|other| other.event_type != spec.event_type),
                "{} twice",
                spec.event_type
            );
        }
    }

    #[test]
    fn every_type_and_field_is_documented() {
        for spec in CATALOG {
            assert!(!spec.summary().is_empty(), "{}", spec.event_type);
            for field in (spec.fields)() {
                assert!(!field.doc.is_empty(), "{}.{}", spec.event_type, field.name);
            }
        }
    }

    #[test]
    fn a_service_consumes_what_its_contracts_name() {
        assert_eq!(
            consumed_by("calling"),
            ["prospect.prospect.claimed", "prospect.prospect.withdrawn"]
        );
        assert_eq!(
            consumed_by("quality"),
            [
                "calling.call.completed",
                "calling.recording.attached",
                "helpdesk.cabut.mis_sale_suspected",
                "helpdesk.activation.invalidated"
            ]
        );
        assert_eq!(consumed_by("reporting").len(), CATALOG.len());
        // hr keeps quality's verdicts for the monthly evaluation.
        assert_eq!(consumed_by("hr"), ["quality.call.validated"]);
        assert_eq!(
            consumed_by("helpdesk"),
            ["prospect.sale.won", "prospect.sale.reverted"]
        );
        assert_eq!(
            consumers(),
            [
                "prospect",
                "reporting",
                "calling",
                "helpdesk",
                "quality",
                "hr"
            ]
        );
        assert_eq!(produced_by("quality"), ["quality.call.validated"]);
    }

    /// A payload with a value for every documented field, as its schema describes it.
    fn sample(schema: &serde_json::Value) -> serde_json::Value {
        use serde_json::json;
        if let Some(first) = schema.get("anyOf").and_then(|a| a.get(0)) {
            return sample(first);
        }
        if let Some(code) = schema.get("enum").and_then(|e| e.get(0)) {
            return code.clone();
        }
        match (schema["type"].as_str(), schema["format"].as_str()) {
            (Some("object"), _) => {
                let properties = schema["properties"].as_object().unwrap();
                properties
                    .iter()
                    .map(|(name, field)| (name.clone(), sample(field)))
                    .collect::<serde_json::Map<_, _>>()
                    .into()
            }
            (Some("string"), Some("uuid")) => json!("0190f000-0000-7000-8000-000000000001"),
            (Some("string"), Some("date-time")) => json!("2026-03-31T16:30:00Z"),
            (Some("string"), Some("date")) => json!("2026-03-31"),
            (Some("string"), _) => json!("x"),
            (Some("integer"), _) => json!(7),
            (Some("number"), _) => json!(70.5),
            (Some("boolean"), _) => json!(true),
            (Some("array"), _) => json!([sample(&schema["items"])]),
            _ => json!({"any": "json"}),
        }
    }

    /// The documented fields are exactly what the type reads and writes: a payload with
    /// every documented field survives a round trip through the type unchanged, and
    /// every required field is required by the type.
    #[test]
    fn the_documented_fields_are_the_types_fields() {
        for spec in CATALOG {
            let payload = sample(&spec.schema());
            let back = (spec.reencode)(&payload)
                .unwrap_or_else(|e| panic!("{}: {e} in {payload}", spec.event_type));
            assert_eq!(back, payload, "{}", spec.event_type);
            for field in (spec.fields)() {
                let mut without = payload.clone();
                without.as_object_mut().unwrap().remove(field.name);
                let decoded = (spec.reencode)(&without);
                assert_eq!(
                    decoded.is_err(),
                    field.required,
                    "{}.{}: {decoded:?}",
                    spec.event_type,
                    field.name
                );
            }
        }
    }

    #[test]
    fn history_names_real_fields() {
        for change in HISTORY {
            let spec = spec(change.event_type).unwrap();
            assert!(
                (spec.fields)().iter().any(|f| f.name == change.field),
                "{}.{}",
                change.event_type,
                change.field
            );
        }
    }
}
