//! What every handler shares: [`AppState`].

use std::sync::Arc;

use southdesk_plan::Plan;
use southdesk_store::{Store, StoreError};
use southdesk_tagger::Tagger;

use super::cookies::AuthConfig;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Built once at startup and shared by every request.
    pub tagger: Arc<Tagger>,
    /// Cookie settings and the key signing anonymous CSRF tokens.
    pub auth: AuthConfig,
    /// The search index of the knowledge base (`DATA/index/`; in memory
    /// unless [`AppState::with_index`] says otherwise).
    pub index: Arc<southdesk_search::SearchIndex>,
    /// The site's public address (`https://desk.southcentre.int`), for
    /// absolute links in feeds, OAI-PMH and exports; `None`: taken from
    /// the request's `Host`.
    pub public_url: Option<String>,
    /// Which notices go out by email, and their links.
    pub mail: Arc<MailSettings>,
    /// Working days the desk has to acknowledge a request.
    pub ack_working_days: u32,
    /// The public addresses as the app serves them, for the open data page:
    /// set by `crate::router` (which joins every feature's routes and
    /// OpenAPI paths), `None` before.
    pub api_catalogue: Option<Arc<ApiCatalogue>>,
}

/// The joined route table and OpenAPI document, handed to the state by
/// `crate::router` so a page can list them without naming the features.
pub struct ApiCatalogue {
    pub routes: Vec<RouteSummary>,
    pub openapi: utoipa::openapi::OpenApi,
}

/// A route as the open data page lists it.
#[derive(Debug, Clone)]
pub struct RouteSummary {
    pub method: axum::http::Method,
    pub path: &'static str,
    /// Whether anyone, logged in or not, may use it.
    pub public: bool,
}

impl AppState {
    /// State over `store` with the built-in tagger ([`Tagger::builtin`],
    /// whose model is trained on first use in the process).
    pub fn new(store: Arc<dyn Store>) -> Self {
        let public_url = std::env::var("SOUTHDESK_PUBLIC_URL")
            .ok()
            .filter(|u| !u.trim().is_empty());
        AppState {
            store,
            tagger: Arc::new(Tagger::builtin()),
            auth: AuthConfig::from_env(),
            index: Arc::new(southdesk_kb::memory_index().expect("an in-memory search index opens")),
            mail: Arc::new(MailSettings::default().with_link_base(public_url.as_deref())),
            public_url,
            ack_working_days: southdesk_plan::requests::DEFAULT_ACK_WORKING_DAYS,
            api_catalogue: None,
        }
    }

    /// The same state knowing the app's routes and OpenAPI document.
    pub fn with_api_catalogue(self, catalogue: ApiCatalogue) -> Self {
        AppState {
            api_catalogue: Some(Arc::new(catalogue)),
            ..self
        }
    }

    /// The same state with another acknowledgement deadline.
    pub fn with_ack_working_days(self, days: u32) -> Self {
        AppState {
            ack_working_days: days,
            ..self
        }
    }

    /// The same state with these notification settings; links point to
    /// [`AppState::public_url`] unless the settings name another address.
    pub fn with_mail(self, settings: MailSettings) -> Self {
        let settings = match settings.link_base {
            Some(_) => settings,
            None => settings.with_link_base(self.public_url.as_deref()),
        };
        AppState {
            mail: Arc::new(settings),
            ..self
        }
    }

    /// The same state with another search index.
    pub fn with_index(self, index: Arc<southdesk_search::SearchIndex>) -> Self {
        AppState { index, ..self }
    }

    /// The knowledge base's catalogue over this state's store, index and
    /// tagger: the way outputs are written.
    pub fn catalogue(&self) -> southdesk_kb::Catalogue {
        southdesk_kb::Catalogue::new(self.store.clone(), self.index.clone(), self.tagger.clone())
    }

    /// The adopted plan (`None` when no version is adopted): what pages
    /// and the API read the areas, programmes and forums from.
    pub async fn adopted_plan(&self) -> Result<Option<Plan>, StoreError> {
        Ok(self.store.adopted_plan().await?.map(|v| v.plan))
    }

    /// The adopted plan for names shown beside ids (areas, programmes):
    /// a courtesy, so a store failure is logged and the ids show.
    pub async fn plan_for_labels(&self) -> Option<Plan> {
        self.adopted_plan().await.unwrap_or_else(|e| {
            tracing::warn!(code = e.code(), error = %e, "no plan for the names of areas");
            None
        })
    }

    /// The themes the tagger finds in `text` (not its candidates), worked
    /// out off the async threads.
    pub async fn themes_in(&self, text: String) -> Vec<String> {
        let tagger = self.tagger.clone();
        tokio::task::spawn_blocking(move || {
            tagger
                .tag(&text, &southdesk_tagger::TagOptions { all: false })
                .themes
                .into_iter()
                .filter(|t| !t.candidate)
                .map(|t| t.id)
                .collect()
        })
        .await
        .unwrap_or_default()
    }

    /// The same state with another tagger.
    pub fn with_tagger(self, tagger: Arc<Tagger>) -> Self {
        AppState { tagger, ..self }
    }
}

/// The kinds of notice, as `--email-on` names them.
pub const KINDS: [&str; 5] = ["received", "assigned", "status", "comment", "overdue"];

/// How notices are sent: which kinds also go out by email (all go to the
/// in-app inbox), and the site's address for the link at the end of each
/// email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailSettings {
    pub email_on: Vec<&'static str>,
    /// `https://desk.southcentre.int`, without a trailing slash.
    pub link_base: Option<String>,
}

impl Default for MailSettings {
    /// Every kind by email, no link.
    fn default() -> Self {
        MailSettings {
            email_on: KINDS.to_vec(),
            link_base: None,
        }
    }
}

impl MailSettings {
    /// Reads a comma-separated list of [`KINDS`], `all` or `none`.
    pub fn parse_email_on(list: &str) -> Result<Vec<&'static str>, String> {
        match list.trim() {
            "all" => return Ok(KINDS.to_vec()),
            "none" | "" => return Ok(Vec::new()),
            _ => {}
        }
        let mut out = Vec::new();
        for word in list.split(',').map(str::trim) {
            let kind = KINDS.iter().find(|k| **k == word).ok_or_else(|| {
                format!(
                    "unknown kind of notice {word:?}: say all, none or some of {}",
                    KINDS.join(", ")
                )
            })?;
            if !out.contains(kind) {
                out.push(*kind);
            }
        }
        Ok(out)
    }

    /// These settings with links to `base` (`None` or blank: no link).
    pub fn with_link_base(self, base: Option<&str>) -> Self {
        MailSettings {
            link_base: base
                .map(|b| b.trim().trim_end_matches('/').to_string())
                .filter(|b| !b.is_empty()),
            ..self
        }
    }
}
