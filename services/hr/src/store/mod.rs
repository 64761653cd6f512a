//! hr's tables and queries. Every query takes `&mut AsyncPgConnection`, so the caller
//! decides what one transaction holds (a state change and its outbox rows).

pub mod activations;
pub mod applicants;
pub mod attendance;
pub mod caplan;
pub mod certification;
pub mod contracts;
pub mod credentials;
pub mod employees;
pub mod evaluations;
pub mod pembinaan;
pub mod requisitions;
pub mod schema;
pub mod sdm;
pub mod teams;
pub mod training;

use tam_db::column::decode;
