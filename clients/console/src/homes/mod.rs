//! One home per role: `<role>.rs` here with its template `templates/homes/<role>.html`,
//! dispatched from `/console` by role (pages::dispatch); each registers its own routes
//! (fragments, forms) under `/console/<role>/...` in [`configure`].

use actix_web::web;

pub mod agent;
pub mod board;
pub mod coordinator;
pub mod dashboard;
pub mod hd_support;
pub mod hr_recruiter;
pub mod ioc;
pub mod manager;
pub mod qa_officer;
pub mod qc_officer;
pub mod qc_tier2;
pub mod supervisor_hd;
pub mod supervisor_ops;
pub mod supervisor_quality;
pub mod team_leader;
pub mod ticket;
pub mod trainer;

/// Every home's own routes (CB: add one line per home).
pub fn configure(cfg: &mut web::ServiceConfig) {
    agent::configure(cfg);
    team_leader::configure(cfg);
    supervisor_ops::configure(cfg);
    qc_officer::configure(cfg);
    // CB's homes.
    qa_officer::configure(cfg);
    supervisor_quality::configure(cfg);
    hd_support::configure(cfg);
    supervisor_hd::configure(cfg);
    qc_tier2::configure(cfg);
    ioc::configure(cfg);
    hr_recruiter::configure(cfg);
    trainer::configure(cfg);
    manager::configure(cfg);
    coordinator::configure(cfg);
}
