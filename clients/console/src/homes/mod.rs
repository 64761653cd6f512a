//! One home per role: `<role>.rs` here with its template `templates/homes/<role>.html`,
//! dispatched from `/console` by role (pages::dispatch); each registers its own routes
//! (fragments, forms) under `/console/<role>/...` in [`configure`].

use actix_web::web;

pub mod agent;
pub mod qc_officer;
pub mod supervisor_ops;
pub mod team_leader;

/// Every home's own routes (CB: add one line per home).
pub fn configure(cfg: &mut web::ServiceConfig) {
    agent::configure(cfg);
    team_leader::configure(cfg);
    supervisor_ops::configure(cfg);
    qc_officer::configure(cfg);
}
