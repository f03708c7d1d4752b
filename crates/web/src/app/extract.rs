//! Extractors every feature uses.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use southdesk_plan::Account;

use super::context::Auth;

use super::error::{ApiError, PageError};

/// The numeric record id in a route's `{id}`: a whole number from 1 up.
///
/// One answer for a bad id everywhere: an `{id}` that is not such a number
/// names no record, so it is answered as an unknown record would be — 404,
/// the "not found" page for pages, `{"error": {"code": "not_found"}}` under
/// `/api/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathId(pub i64);

impl PathId {
    /// Reads an id as [`PathId`] does: `None` unless a whole number ≥ 1.
    pub fn parse(raw: &str) -> Option<i64> {
        raw.parse::<i64>().ok().filter(|n| *n >= 1)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let api = parts.uri.path().starts_with("/api/");
        let params = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let raw = params.get("id").map(String::as_str).unwrap_or_default();
        match PathId::parse(raw) {
            Some(n) => Ok(PathId(n)),
            None if api => Err(ApiError::not_found(format!(
                "no record {raw:?}: ids are whole numbers from 1"
            ))
            .into_response()),
            None => Err(PageError::not_found().into_response()),
        }
    }
}

/// The logged-in account, for routes whose [`southdesk_plan::authz::Action`]
/// only accounts may perform (so the route guard has already sent visitors
/// to the login page). Without one: 403 on pages, 401 under `/api/`.
#[derive(Debug, Clone)]
pub struct User(pub Account);

impl<S: Send + Sync> FromRequestParts<S> for User {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Response> {
        match parts.extensions.get::<Auth>().and_then(|a| a.user.clone()) {
            Some(a) => Ok(User(a)),
            None if parts.uri.path().starts_with("/api/") => {
                Err(ApiError::unauthorized("unauthorized", "no account").into_response())
            }
            None => Err(PageError::Forbidden.into_response()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PathId;

    #[test]
    fn ids_are_whole_numbers_from_one() {
        assert_eq!(PathId::parse("42"), Some(42));
        for bad in ["0", "-1", "abc", "", "1.5", " 1", "99999999999999999999"] {
            assert_eq!(PathId::parse(bad), None, "{bad:?}");
        }
    }
}
