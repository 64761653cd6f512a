//! The report API.
