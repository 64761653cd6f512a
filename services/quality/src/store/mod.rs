//! quality's tables and queries. Every query takes `&mut AsyncPgConnection`, so the
//! caller decides what one transaction holds (a state change and its outbox rows).

pub mod invalid_activations;
pub mod mis_sales;
pub mod parameters;
pub mod reviews;
pub mod schema;
pub mod stats;
pub mod tasks;

use tam_db::column::{count, decode, int, uint};
