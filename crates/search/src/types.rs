//! Plain data types of the public API: languages, facets, documents, queries, results.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// One of the four working languages of the Centre's outputs: the
/// workspace's one [`Lang`](southdesk_common::Lang). [`Lang::ALL`] gives the
/// fixed order of the `[Option<String>; 4]` bridge groups.
pub use southdesk_common::Lang;

/// Who may see an output. A query lists the levels its caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Visibility {
    Public,
    Internal,
    Confidential,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [
        Visibility::Public,
        Visibility::Internal,
        Visibility::Confidential,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
            Visibility::Confidential => "confidential",
        }
    }
}

impl FromStr for Visibility {
    type Err = crate::SearchError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Visibility::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| crate::SearchError::InvalidValue {
                what: "visibility",
                value: s.to_string(),
            })
    }
}

/// A facet: a dimension that results are counted by and can be filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// Output type: `research-paper`, `policy-brief`, `southviews`, `statement`, …
    Type,
    /// Publication series, e.g. `Research Paper`, `SouthViews`.
    Series,
    /// Theme ids of the plan (`climate`, `trade`, …).
    Theme,
    /// SDG numbers as text (`1` … `17`).
    Sdg,
    /// Programme ids.
    Programme,
    /// Forum ids or names (`wto`, `unfccc`, …).
    Forum,
    /// Publication year (`2026`).
    Year,
    /// Language of the version (`zh`, `en`, `fr`, `es`).
    Lang,
    /// Countries the output is about (ISO codes or names, as the caller indexes them).
    Country,
}

impl Facet {
    pub const ALL: [Facet; 9] = [
        Facet::Type,
        Facet::Series,
        Facet::Theme,
        Facet::Sdg,
        Facet::Programme,
        Facet::Forum,
        Facet::Year,
        Facet::Lang,
        Facet::Country,
    ];

    /// Stable name, used in URLs and as the index field suffix.
    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Type => "type",
            Facet::Series => "series",
            Facet::Theme => "theme",
            Facet::Sdg => "sdg",
            Facet::Programme => "programme",
            Facet::Forum => "forum",
            Facet::Year => "year",
            Facet::Lang => "lang",
            Facet::Country => "country",
        }
    }

    pub(crate) fn field_name(self) -> String {
        format!("f_{}", self.as_str())
    }
}

impl fmt::Display for Facet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Facet {
    type Err = crate::SearchError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Facet::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| crate::SearchError::InvalidValue {
                what: "facet",
                value: s.to_string(),
            })
    }
}

/// One language version of one output: the unit that is indexed and matched. Results are
/// grouped by output: a hit is an output shown in its best-scoring matching version.
///
/// All versions of an output share its `output_id`; [`crate::SearchIndex::upsert`] replaces
/// them together.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDoc {
    pub output_id: i64,
    pub lang: Lang,
    pub title: String,
    /// The abstract (named `summary` because `abstract` is a Rust keyword).
    pub summary: String,
    pub body: String,
    /// Output type id, e.g. `research-paper`.
    pub output_type: String,
    pub series: Option<String>,
    pub themes: Vec<String>,
    /// SDG numbers, 1–17.
    pub sdgs: Vec<u8>,
    pub programmes: Vec<String>,
    pub forums: Vec<String>,
    pub countries: Vec<String>,
    /// Publication date, `YYYY-MM-DD`; the `year` facet is taken from it.
    pub date: Option<String>,
    pub visibility: Visibility,
}

impl IndexDoc {
    /// A public document with the given id, language and title and everything else empty.
    pub fn new(output_id: i64, lang: Lang, title: impl Into<String>) -> Self {
        IndexDoc {
            output_id,
            lang,
            title: title.into(),
            summary: String::new(),
            body: String::new(),
            output_type: String::new(),
            series: None,
            themes: Vec::new(),
            sdgs: Vec::new(),
            programmes: Vec::new(),
            forums: Vec::new(),
            countries: Vec::new(),
            date: None,
            visibility: Visibility::Public,
        }
    }

    /// The values of one facet for this document.
    pub fn facet_values(&self, facet: Facet) -> Vec<String> {
        match facet {
            Facet::Type => {
                if self.output_type.is_empty() {
                    Vec::new()
                } else {
                    vec![self.output_type.clone()]
                }
            }
            Facet::Series => self.series.iter().cloned().collect(),
            Facet::Theme => self.themes.clone(),
            Facet::Sdg => self.sdgs.iter().map(u8::to_string).collect(),
            Facet::Programme => self.programmes.clone(),
            Facet::Forum => self.forums.clone(),
            Facet::Year => self
                .date
                .as_deref()
                .and_then(|d| d.get(..4))
                .map(str::to_string)
                .into_iter()
                .collect(),
            Facet::Lang => vec![self.lang.code().to_string()],
            Facet::Country => self.countries.clone(),
        }
    }
}

/// A search request.
///
/// Build one with [`Query::new`] and adjust the public fields; the defaults are: public
/// documents only, 10 hits from the first, cross-language expansion on, counts for every facet.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Query {
    /// What the user typed. Supports `"exact phrases"`, `+required`, `-excluded`, `a OR b`;
    /// anything that does not parse is searched as plain words. Empty text matches every
    /// document that passes the filters (browsing by facet).
    pub text: String,
    /// The user-interface language: versions in this language rank a little higher.
    pub lang: Option<Lang>,
    /// Facet filters. Values of the same facet are alternatives (OR); different facets must
    /// all hold (AND).
    pub filters: Vec<(Facet, String)>,
    /// Visibility levels the caller may see. Empty means public only: a query never widens
    /// access by omission.
    pub visibility: Vec<Visibility>,
    /// Publication date bounds, inclusive, `YYYY-MM-DD` (or `YYYY`, `YYYY-MM`).
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    /// Outputs per page (hits are outputs, not versions).
    pub limit: usize,
    /// Outputs to skip.
    pub offset: usize,
    /// Expand the query with equivalent terms in the other languages (see [`crate::Bridge`]).
    pub cross_language: bool,
    /// Theme ids the caller tagged the query with: versions sharing them get a soft boost.
    pub themes: Vec<String>,
    /// Facets to count over the matching set. Empty: no counting (faster).
    pub facets: Vec<Facet>,
    /// Every word of the query must occur (within one language version); otherwise any word
    /// may. Default true. Cross-language expansions are always optional.
    pub all_terms: bool,
}

impl Query {
    pub fn new(text: impl Into<String>) -> Self {
        Query {
            text: text.into(),
            lang: None,
            filters: Vec::new(),
            visibility: vec![Visibility::Public],
            date_from: None,
            date_to: None,
            limit: 10,
            offset: 0,
            cross_language: true,
            themes: Vec::new(),
            facets: Facet::ALL.to_vec(),
            all_terms: true,
        }
    }

    /// Adds a facet filter.
    pub fn filter(mut self, facet: Facet, value: impl Into<String>) -> Self {
        self.filters.push((facet, value.into()));
        self
    }

    /// Sets the visibility levels the caller may see.
    pub fn visible(mut self, levels: &[Visibility]) -> Self {
        self.visibility = levels.to_vec();
        self
    }
}

impl Default for Query {
    fn default() -> Self {
        Query::new("")
    }
}

/// One matching output, shown in its best-scoring matching language version.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub output_id: i64,
    /// The language of the version shown (the best-scoring one that matches).
    pub lang: Lang,
    /// The languages of the output's other matching versions, in [`Lang::ALL`] order
    /// (without `lang`). Versions that fail a filter (such as a language filter) do not match.
    pub also_in: Vec<Lang>,
    /// The score of the version shown.
    pub score: f32,
    pub title: String,
    /// The title with matched words in `<mark>`, HTML-escaped.
    pub title_html: String,
    /// A passage of the abstract (or the title) with matched words in `<mark>`, HTML-escaped.
    pub snippet_html: String,
    pub date: Option<String>,
    pub output_type: String,
}

/// The answer to a [`Query`], per output: an output with several matching language versions
/// is one hit, counts once in `total` and once in each facet value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchResults {
    /// Number of matching outputs (visible to the caller): outputs with at least one matching
    /// version.
    pub total: usize,
    /// One per output, best first; [`Query::limit`] and [`Query::offset`] count outputs.
    pub hits: Vec<Hit>,
    /// For each requested facet, `(value, count)`: how many matching outputs have the value
    /// on a matching version (for [`Facet::Lang`]: how many have a matching version in that
    /// language), most frequent first (ties by value).
    pub facets: BTreeMap<Facet, Vec<(String, u64)>>,
}
