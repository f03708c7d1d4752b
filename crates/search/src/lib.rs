//! Multilingual search over the South Centre's outputs.
//!
//! One [Tantivy](https://docs.rs/tantivy) index holds *language versions*: a document is one
//! output (Research Paper, Policy Brief, SouthViews, statement, …) in one of the four
//! languages, Chinese, English, French and Spanish. Each language has its own fields and
//! analyser (jieba for Chinese, Snowball stemmers for the others, accents folded in French and
//! Spanish), so a query is analysed with every language's analyser and meets each version in
//! its own terms. Results are per output: an output whose versions match in several
//! languages is one hit (its best-scoring matching version, with the languages of the others
//! in [`Hit::also_in`]) and counts once in the total and in each facet value.
//!
//! ```
//! use southdesk_search::{Facet, IndexDoc, Lang, Query, SearchIndex};
//!
//! let index = SearchIndex::in_memory()?;
//! let mut doc = IndexDoc::new(1, Lang::En, "Negotiating the WTO reform agenda");
//! doc.output_type = "policy-brief".into();
//! index.upsert(&[doc])?;
//!
//! let results = index.search(&Query::new("negotiations").filter(Facet::Type, "policy-brief"))?;
//! assert_eq!(results.hits[0].output_id, 1);
//! # Ok::<(), southdesk_search::SearchError>(())
//! ```
//!
//! * [`SearchIndex`]: open (folder or memory), upsert/delete/clear, search.
//! * [`Query`] / [`SearchResults`]: BM25 ranking, `"phrases"`, facet filters and counts,
//!   visibility, pagination (all per output), highlighted and escaped snippets.
//! * [`Bridge`] / [`ThemeBridge`]: cross-language expansion from multilingual term groups,
//!   loadable from the tagger's vocabulary format.
//! * [`corpus`]: a seeded generator of realistic multilingual outputs for tests and benchmarks
//!   (also reachable as `r#gen`: `gen` is a reserved word in Rust 2024).

mod analysis;
mod bridge;
mod cache;
pub mod corpus;
mod facets;
mod group;
mod index;
mod types;

pub use corpus as r#gen;

pub use analysis::{analyze, tokenizer_name, warm_up};
pub use bridge::{ACRONYM_WEIGHT, Bridge, GROUP_WEIGHT, THEME_WEIGHT, ThemeBridge};
pub use index::{
    ABSTRACT_BOOST, MAX_FACET_VALUES, Options, SNIPPET_CHARS, SearchIndex, THEME_BOOST,
    TITLE_BOOST, UI_LANG_BOOST,
};
pub use types::{Facet, Hit, IndexDoc, Lang, Query, SearchResults, Visibility};

/// What can go wrong. User query syntax is never an error (it falls back to plain words).
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index engine failed (corrupt files, lock held by another writer, …).
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index folder: {0}")]
    Io(String),
    /// A value that should name a language, facet, visibility or date does not.
    #[error("invalid {what}: {value:?}")]
    InvalidValue { what: &'static str, value: String },
    /// The vocabulary file does not parse.
    #[error("vocabulary: {0}")]
    Vocabulary(String),
    /// Another process writes to this index folder (a running `southdesk
    /// serve`, which follows the store and indexes what others store).
    #[error("another process is writing to the search index")]
    Busy,
    /// A writer thread panicked earlier.
    #[error("search index writer is poisoned")]
    Poisoned,
}

impl SearchError {
    /// Stable error code, in the style of the store crate.
    pub fn code(&self) -> &'static str {
        match self {
            SearchError::Index(_) => "search_index",
            SearchError::Io(_) => "search_io",
            SearchError::InvalidValue { .. } => "invalid_value",
            SearchError::Vocabulary(_) => "invalid_vocabulary",
            SearchError::Poisoned => "search_poisoned",
            SearchError::Busy => "search_busy",
        }
    }
}
