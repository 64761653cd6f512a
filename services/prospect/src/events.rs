//! What prospect publishes. Each event is written to the outbox in the transaction of
//! the change it describes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tam_events::{Event, Producer};
use tam_kernel::{Program, Site};
use uuid::Uuid;

use crate::domain::work_order::{WorkOrder, WorkOrderStatus};

/// The producer name on every prospect event.
pub const PRODUCER: Producer = Producer("prospect");

/// `prospect.work_order.created`: a new (draft) work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderCreated {
    pub work_order_id: Uuid,
    pub wo_code: String,
    pub site: Site,
    pub program: Program,
    pub title: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub status: WorkOrderStatus,
    pub max_attempts: u32,
    pub daily_quota_per_agent: u32,
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
            status: w.status,
            max_attempts: w.terms.max_attempts,
            daily_quota_per_agent: w.terms.daily_quota_per_agent,
        }
    }
}

impl Event for WorkOrderCreated {
    const TYPE: &'static str = "prospect.work_order.created";
    const VERSION: u16 = 1;
}

/// `prospect.work_order.status_changed`: draft → active or active → closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderStatusChanged {
    pub work_order_id: Uuid,
    pub wo_code: String,
    pub site: Site,
    pub program: Program,
    pub from: WorkOrderStatus,
    pub to: WorkOrderStatus,
}

impl Event for WorkOrderStatusChanged {
    const TYPE: &'static str = "prospect.work_order.status_changed";
    const VERSION: u16 = 1;
}

/// `prospect.prospect.claimed`: an agent claimed a prospect through `next` (a lease).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProspectClaimed {
    pub claim_id: Uuid,
    pub prospect_id: Uuid,
    pub work_order_id: Uuid,
    pub wo_code: String,
    pub agent_id: Uuid,
    pub team_id: Option<Uuid>,
    pub site: Site,
    pub program: Program,
    /// The work order's offers, as the work order shows them.
    pub offers: serde_json::Value,
    /// 1 for the first call.
    pub attempt: u32,
    pub lease_expires_at: DateTime<Utc>,
    pub claimed_at: DateTime<Utc>,
}

impl Event for ProspectClaimed {
    const TYPE: &'static str = "prospect.prospect.claimed";
    const VERSION: u16 = 1;
}

/// Why a prospect may no longer be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalReason {
    Dnc,
    WorkOrderClosed,
}

/// `prospect.prospect.withdrawn`: a claimed or assigned prospect may no longer be called.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProspectWithdrawn {
    pub prospect_id: Uuid,
    pub agent_id: Option<Uuid>,
    pub site: Site,
    pub reason: WithdrawalReason,
}

impl Event for ProspectWithdrawn {
    const TYPE: &'static str = "prospect.prospect.withdrawn";
    const VERSION: u16 = 1;
}

/// `prospect.dapros.imported`: a DAPROS file was imported into a work order (the
/// counts of its report; see `domain::dapros::ImportReport`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaprosImported {
    pub import_id: Uuid,
    pub work_order_id: Uuid,
    pub site: Site,
    pub program: Program,
    pub total: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub duplicates: u32,
    pub dnc_excluded: u32,
    pub imported_by: Uuid,
}

impl Event for DaprosImported {
    const TYPE: &'static str = "prospect.dapros.imported";
    const VERSION: u16 = 1;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_in_the_catalog() {
        for ty in [
            WorkOrderCreated::TYPE,
            WorkOrderStatusChanged::TYPE,
            DaprosImported::TYPE,
            ProspectClaimed::TYPE,
            ProspectWithdrawn::TYPE,
        ] {
            let spec = tam_events::catalog::CATALOG
                .iter()
                .find(|spec| spec.event_type == ty)
                .unwrap_or_else(|| panic!("{ty} is not in the catalog"));
            assert_eq!(spec.producer, PRODUCER.0);
        }
    }

    #[test]
    fn status_changes_carry_both_codes() {
        let json = serde_json::to_value(WorkOrderStatusChanged {
            work_order_id: Uuid::nil(),
            wo_code: "WO-1".into(),
            site: Site::Medan,
            program: Program::AddOnConsumer,
            from: WorkOrderStatus::Draft,
            to: WorkOrderStatus::Active,
        })
        .unwrap();
        assert_eq!(json["from"], "draft");
        assert_eq!(json["to"], "active");
        assert_eq!(json["site"], "medan");
    }
}
