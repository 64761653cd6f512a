//! End-to-end tests of the `tam` package: the whole suite, started as it runs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod authz;
mod deployment;
mod helpdesk;
mod helpdesk_cabut;
mod helpdesk_desk;
mod helpdesk_ioc;
mod helpdesk_obc;
mod helpdesk_qc;
mod helpdesk_sla;
mod hr_attendance;
mod hr_caplan;
mod hr_contracts;
mod hr_evaluation;
mod hr_pembinaan;
mod hr_recruitment;
mod hr_training;
mod lockout;
mod outbound;
mod quality;
mod reporting;
mod revocation;
mod schema;
mod startup;
mod tokens;
mod topology;
