//! prospect's tables and queries. Every query takes `&mut AsyncPgConnection`, so the
//! caller decides what one transaction holds (a state change and its outbox rows).

pub mod agents;
pub mod certifications;
pub mod check_ins;
pub mod dnc;
pub mod imports;
pub mod prospects;
pub mod schema;
pub mod work_orders;

use tam_db::column::{decode, int, uint};
