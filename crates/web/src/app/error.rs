//! How a request fails: [`ApiError`] for the JSON API (a status, a stable
//! code and a message, as `{"error": {"code", "message"}}`) and
//! [`PageError`] for pages (rendered in the reader's language, in the page
//! frame, by [`render_page_errors`]). Page handlers return
//! `Result<Markup, PageError>` (or `Result<Response, PageError>`) and use `?`.

use axum::Json;
use axum::extract::Request;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use southdesk_store::StoreError;
use utoipa::ToSchema;

use super::context::Ctx;
use super::notice;

/// An API error: a status and a stable code.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }

    /// 401: no valid credentials (`WWW-Authenticate: Bearer` is added).
    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            code,
            message: message.into(),
        }
    }

    /// 403: authenticated, not allowed.
    pub fn forbidden() -> ApiError {
        ApiError {
            status: StatusCode::FORBIDDEN,
            code: "forbidden",
            message: "this account may not do this".into(),
        }
    }

    pub fn no_adopted_plan() -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "no_adopted_plan",
            message: "no version of the plan is adopted".into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message: message.into(),
        }
    }

    fn from_json_rejection(r: &JsonRejection, limit: usize) -> ApiError {
        match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                code: "payload_too_large",
                message: format!("the request body is larger than {limit} bytes"),
            },
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_media_type",
                message: "send the body as `Content-Type: application/json`".into(),
            },
            _ => ApiError::bad_request(r.body_text()),
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message.clone(),
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        tracing::error!(code = e.code(), error = %e, "store failed while answering the API");
        match e {
            // The details (host, file) are for the operators' logs.
            StoreError::Unreachable { .. } => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "store_unavailable",
                message: "the database cannot be reached; try again later".into(),
            },
            other => ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "internal_error",
                message: format!("the database failed ({})", other.code()),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, Json(self.body())).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

/// The usual result of an API handler.
pub type ApiResult<T> = Result<Json<T>, ApiError>;

/// The body of every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: `not_found`, `no_adopted_plan`,
    /// `bad_request`, `store_unavailable` or `internal_error`.
    #[schema(example = "not_found")]
    pub code: String,
    /// For people; may change between releases.
    #[schema(example = "no thematic area \"xyz\" in the adopted plan")]
    pub message: String,
}

/// The answer to an unknown address under `/api/`.
pub fn unknown_path(path: &str) -> Response {
    ApiError::not_found(format!("no API resource at {path}")).into_response()
}

/// axum's body limit on routes that set none.
pub const DEFAULT_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Reads a JSON body, or says in the API's error shape why not. `limit` is
/// the route's body limit (its `DefaultBodyLimit`), named in a 413.
pub fn json_body<T>(body: Result<Json<T>, JsonRejection>, limit: usize) -> Result<T, ApiError> {
    body.map(|Json(t)| t)
        .map_err(|r| ApiError::from_json_rejection(&r, limit))
}

/// Why a page cannot be shown. A handler returns it (usually through `?`);
/// [`render_page_errors`] turns it into the notice page in the reader's
/// language, inside the page frame, with the status below.
#[derive(Debug)]
pub enum PageError {
    /// 404: nothing here; the message id says what (`notfound-text`,
    /// `notfound-area-text`, …).
    NotFound(&'static str),
    /// 403: logged in, but not allowed.
    Forbidden,
    /// 413: the form was larger than this many bytes.
    TooLarge(usize),
    /// 503: the store failed (logged with its code).
    Store(StoreError),
    /// Any other notice (a rule that said no: 409, 422, …): the title's and the text's message
    /// ids, and the link (path, message id) where to go next.
    Notice {
        status: StatusCode,
        title_id: &'static str,
        text_id: String,
        next: (&'static str, &'static str),
    },
}

impl PageError {
    /// 404 with the generic text.
    pub fn not_found() -> PageError {
        PageError::NotFound("notfound-text")
    }
}

impl From<StoreError> for PageError {
    fn from(e: StoreError) -> PageError {
        PageError::Store(e)
    }
}

/// What [`PageError::into_response`] leaves for [`render_page_errors`]: the
/// page to render once the reader's language and account are known.
#[derive(Debug, Clone)]
struct PendingNotice {
    status: StatusCode,
    title_id: &'static str,
    text: NoticeText,
    next: (&'static str, &'static str),
}

#[derive(Debug, Clone)]
enum NoticeText {
    Id(String),
    TooLarge(usize),
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let home = ("/", "notfound-home");
        let id = |s: &str| NoticeText::Id(s.to_string());
        let (status, title_id, text, next) = match self {
            PageError::NotFound(text) => (StatusCode::NOT_FOUND, "notfound-title", id(text), home),
            PageError::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden-title",
                id("forbidden-text"),
                home,
            ),
            PageError::TooLarge(limit) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "toolarge-title",
                NoticeText::TooLarge(limit),
                home,
            ),
            PageError::Store(e) => {
                tracing::error!(code = e.code(), error = %e, "store failed while rendering a page");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "error-title",
                    id("error-text"),
                    home,
                )
            }
            PageError::Notice {
                status,
                title_id,
                text_id,
                next,
            } => (status, title_id, NoticeText::Id(text_id), next),
        };
        let mut r = status.into_response();
        r.extensions_mut().insert(PendingNotice {
            status,
            title_id,
            text,
            next,
        });
        r
    }
}

/// Renders the [`PageError`]s of the handlers inside it as notice pages in
/// the language and with the account of the request.
pub async fn render_page_errors(req: Request, next: Next) -> Response {
    let ctx = Ctx::of_request(&req);
    let response = next.run(req).await;
    let Some(pending) = response.extensions().get::<PendingNotice>().cloned() else {
        return response;
    };
    let text = match pending.text {
        NoticeText::Id(id) => ctx.tr.t(&id),
        NoticeText::TooLarge(limit) => notice::too_large_text(&ctx.tr, limit),
    };
    notice::notice_page(&ctx, pending.status, pending.title_id, &text, pending.next)
}
