//! calling's tables and queries. Every query takes `&mut AsyncPgConnection`, so the
//! caller decides what one transaction holds (a state change and its outbox rows).

pub mod calls;
pub mod claims;
pub mod idempotency;
pub mod recordings;
pub mod schema;

use tam_db::column::{decode, int, uint};
