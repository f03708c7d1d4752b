//! What every feature uses, and nothing feature-specific: the state, the
//! request context, i18n, the request layers, limits, authentication
//! (sessions, CSRF, the route guard), the two error types, the extractors,
//! the form reader, the page frame and notice pages, label helpers, the
//! site's absolute addresses, the service's own routes, and the server
//! loop that carries them over HTTP/1.1 within the transport limits.
//!
//! **Invariant:** `app` imports no feature module (`crate::plan`,
//! `crate::desk`, …); `tests/web/tidy.rs` checks it.

pub mod assets;
pub mod auth;
pub mod context;
pub mod cookies;
pub mod download;
pub mod dto;
pub mod error;
pub mod extract;
pub mod form;
pub mod i18n;
pub mod labels;
pub mod layers;
pub mod layout;
pub mod limits;
pub mod mailer;
pub mod notice;
pub mod partners;
pub mod routes;
pub mod server;
pub mod state;
pub mod system;
pub mod ui;
pub mod urls;

pub use context::Ctx;
pub use error::{ApiError, ApiResult, PageError};
pub use extract::{PathId, User};
pub use state::AppState;
