//! What prospect publishes. Each event is written to the outbox in the transaction of
//! the change it describes.

use tam_events::Producer;

use crate::domain::work_order::{WorkOrder, WorkOrderStatus};

/// The payloads, typed once in the contracts.
pub use tam_contracts::prospect::{
    DaprosImported, ProspectClaimed, ProspectWithdrawn, SaleReverted, SaleWon, WithdrawalReason,
    WorkOrderCreated, WorkOrderStatusChanged,
};

/// The producer name on every prospect event.
pub const PRODUCER: Producer = Producer("prospect");

impl From<WorkOrderStatus> for tam_contracts::prospect::WorkOrderStatus {
    fn from(status: WorkOrderStatus) -> Self {
        match status {
            WorkOrderStatus::Draft => Self::Draft,
            WorkOrderStatus::Active => Self::Active,
            WorkOrderStatus::Closed => Self::Closed,
        }
    }
}

impl From<&WorkOrder> for WorkOrderCreated {
    fn from(w: &WorkOrder) -> Self {
        Self {
            work_order_id: w.id,
            wo_code: w.terms.wo_code.clone(),
            site: w.site,
            program: w.program,
            title: w.terms.title.clone(),
            valid_from: w.terms.valid_from,
            valid_to: w.terms.valid_to,
            status: w.status.into(),
            max_attempts: w.terms.max_attempts,
            daily_quota_per_agent: w.terms.daily_quota_per_agent,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use tam_events::Event;
    use tam_kernel::{Program, Site};
    use uuid::Uuid;

    #[test]
    fn prospect_produces_what_its_contracts_name() {
        assert_eq!(
            tam_contracts::produced_by(PRODUCER.0),
            [
                WorkOrderCreated::TYPE,
                WorkOrderStatusChanged::TYPE,
                DaprosImported::TYPE,
                ProspectClaimed::TYPE,
                ProspectWithdrawn::TYPE,
                SaleWon::TYPE,
                SaleReverted::TYPE,
            ]
        );
    }

    #[test]
    fn every_status_keeps_its_code_on_the_wire() {
        for status in [
            WorkOrderStatus::Draft,
            WorkOrderStatus::Active,
            WorkOrderStatus::Closed,
        ] {
            let wire: tam_contracts::prospect::WorkOrderStatus = status.into();
            assert_eq!(wire.as_str(), status.as_str());
        }
    }

    #[test]
    fn status_changes_carry_both_codes() {
        let json = serde_json::to_value(WorkOrderStatusChanged {
            work_order_id: Uuid::nil(),
            wo_code: "WO-1".into(),
            site: Site::Medan,
            program: Program::AddOnConsumer,
            from: WorkOrderStatus::Draft.into(),
            to: WorkOrderStatus::Active.into(),
        })
        .unwrap();
        assert_eq!(json["from"], "draft");
        assert_eq!(json["to"], "active");
        assert_eq!(json["site"], "medan");
    }
}
