//! The web crate's tests, in one binary: every page, API route, form and
//! notice through the real router, against a real SQLite store (and
//! PostgreSQL where a test says so). The browser journeys are
//! `tests/browser.rs`.

#[path = "../common/mod.rs"]
mod common;

mod accounts;
mod areas;
mod authz_matrix;
mod contacts;
mod i18n;
mod meetings;
mod notifications;
mod outputs;
mod partners;
mod requests_api;
mod requests_pages;
mod routes;
mod tagging;
mod tidy;
mod transport;
mod upload;
