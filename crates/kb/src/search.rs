//! Searching the catalogue: one request type read from URL parameters or
//! command-line options, run with the caller's access scope, answered as
//! one response type (the page, `GET /api/v1/search` and `southdesk
//! search` all go through here).
//!
//! URL parameters: `q` (the query), `hl` (the language to favour), `page`,
//! `per_page`, and one per facet — `type`, `series`, `theme`, `sdg`,
//! `programme`, `forum`, `year`, `language`, `country` — repeatable (values
//! of one facet are alternatives). (`lang` is the interface language of the
//! pages, hence `language` for the facet; on the command line `lang=` is
//! accepted too.)

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use southdesk_common::url_encode;
use southdesk_plan::Lang;
use southdesk_plan::authz::OutputScope;
use southdesk_plan::outputs::Visibility;
use southdesk_search::{Facet, Hit, Query, SearchError, SearchIndex, SearchResults};

use crate::{KbError, search_visibility};

/// Most results on one page.
pub const MAX_PER_PAGE: usize = 100;
pub const DEFAULT_PER_PAGE: usize = 20;

/// A search of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchParams {
    pub q: String,
    /// Versions in this language rank a little higher (so an output that matches in it is
    /// shown in it).
    pub lang: Option<Lang>,
    pub filters: Vec<(Facet, String)>,
    /// 1-based.
    pub page: usize,
    /// Outputs per page.
    pub per_page: usize,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            q: String::new(),
            lang: None,
            filters: Vec::new(),
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// The URL name of a facet (`language` for [`Facet::Lang`]).
pub fn facet_param(f: Facet) -> &'static str {
    match f {
        Facet::Lang => "language",
        f => f.as_str(),
    }
}

/// The facet a URL or command-line name stands for.
pub fn parse_facet(name: &str) -> Option<Facet> {
    match name.trim() {
        "language" | "lang" => Some(Facet::Lang),
        n => n.parse().ok(),
    }
}

impl SearchParams {
    /// Reads URL query pairs; unknown keys are ignored (`lang`, `format`, …
    /// belong to others). Bad values are errors that name the parameter.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SearchParams, String> {
        let mut p = SearchParams::default();
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "q" => p.q = v.to_string(),
                "hl" if !v.is_empty() => {
                    p.lang =
                        Some(Lang::parse(v).ok_or_else(|| format!("hl: unknown language `{v}`"))?)
                }
                "page" if !v.is_empty() => {
                    p.page = v
                        .parse::<usize>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or_else(|| format!("page: `{v}` is not a page number"))?
                }
                "per_page" if !v.is_empty() => {
                    p.per_page = v
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=MAX_PER_PAGE).contains(n))
                        .ok_or_else(|| format!("per_page: expected 1 to {MAX_PER_PAGE}"))?
                }
                "lang" => {}
                k => {
                    if let Some(f) = parse_facet(k)
                        && !v.is_empty()
                    {
                        p.add_filter(f, v)?;
                    }
                }
            }
        }
        Ok(p)
    }

    /// Adds a `facet=value` filter given on the command line.
    pub fn add_filter_arg(&mut self, arg: &str) -> Result<(), String> {
        let (k, v) = arg
            .split_once('=')
            .ok_or_else(|| format!("--filter {arg}: expected FACET=VALUE"))?;
        let f = parse_facet(k).ok_or_else(|| {
            format!(
                "--filter {arg}: unknown facet `{k}` (expected one of: {})",
                Facet::ALL.map(facet_param).join(", ")
            )
        })?;
        self.add_filter(f, v.trim())
    }

    fn add_filter(&mut self, f: Facet, v: &str) -> Result<(), String> {
        let ok = match f {
            Facet::Year => v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()),
            Facet::Sdg => v.parse::<u8>().is_ok_and(|n| (1..=17).contains(&n)),
            Facet::Lang => Lang::parse(v).is_some(),
            _ => !v.is_empty(),
        };
        if !ok {
            return Err(format!("{}: `{v}` is not a valid value", facet_param(f)));
        }
        let v = match f {
            Facet::Lang => Lang::parse(v)
                .map(|l| l.code().to_string())
                .unwrap_or_default(),
            Facet::Country => v.to_ascii_uppercase(),
            _ => v.to_string(),
        };
        if !self.filters.contains(&(f, v.clone())) {
            self.filters.push((f, v));
        }
        Ok(())
    }

    /// The values filtered on for one facet.
    pub fn values(&self, f: Facet) -> Vec<&str> {
        self.filters
            .iter()
            .filter(|(g, _)| *g == f)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The URL query of these parameters (without `page` unless given).
    pub fn to_query(&self, page: Option<usize>) -> String {
        let mut parts = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", url_encode(&self.q)));
        }
        if let Some(l) = self.lang {
            parts.push(format!("hl={}", l.code()));
        }
        for (f, v) in &self.filters {
            parts.push(format!("{}={}", facet_param(*f), url_encode(v)));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            parts.push(format!("per_page={}", self.per_page));
        }
        if let Some(p) = page {
            parts.push(format!("page={p}"));
        }
        parts.join("&")
    }
}

/// One result: an output, shown in its best-scoring matching language version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub output_id: i64,
    /// The language of the version shown.
    pub lang: Lang,
    /// The languages of the output's other matching versions (zh, en, fr, es order).
    #[serde(default)]
    pub also_in: Vec<Lang>,
    /// The score of the version shown.
    pub score: f32,
    pub title: String,
    /// The title with matched words in `<mark>`, HTML-escaped.
    pub title_html: String,
    /// A passage with matched words in `<mark>`, HTML-escaped.
    pub snippet_html: String,
    pub date: Option<String>,
    #[serde(rename = "type")]
    pub output_type: String,
    /// The output's page.
    pub url: String,
}

/// A facet value and how many matching outputs have it (for the language facet: how many
/// have a matching version in that language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// The answer to a search, as the API and `southdesk search --format json`
/// give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub query: String,
    /// Matching outputs the caller may see (an output matching in several languages counts
    /// once).
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    /// One per output.
    pub hits: Vec<SearchHit>,
    /// Per facet (URL names: `type`, …, `language`, `country`), values with counts.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
}

impl SearchResponse {
    fn new(params: &SearchParams, r: SearchResults) -> SearchResponse {
        SearchResponse {
            query: params.q.clone(),
            total: r.total,
            page: params.page,
            per_page: params.per_page,
            hits: r
                .hits
                .into_iter()
                .map(|h: Hit| SearchHit {
                    url: format!("/outputs/{}", h.output_id),
                    output_id: h.output_id,
                    lang: h.lang,
                    also_in: h.also_in,
                    score: h.score,
                    title: h.title,
                    title_html: h.title_html,
                    snippet_html: h.snippet_html,
                    date: h.date,
                    output_type: h.output_type,
                })
                .collect(),
            facets: r
                .facets
                .into_iter()
                .map(|(f, values)| {
                    (
                        facet_param(f).to_string(),
                        values
                            .into_iter()
                            .map(|(value, count)| FacetCount { value, count })
                            .collect(),
                    )
                })
                .collect(),
        }
    }

    /// The counts of one facet.
    pub fn facet(&self, f: Facet) -> &[FacetCount] {
        self.facets
            .get(facet_param(f))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// [`run`] off the async threads, at most two searches per core at a time,
/// in the order the searches arrive. A search is CPU work of a few
/// milliseconds; run on the threads that also read and write the
/// connections, fifty at once made some wait behind others many times over
/// (and `GET /` behind all of them). The gate is fair (first come, first
/// served), so a search waits for those that arrived before it and no
/// longer; two per core rather than one keeps the cores busy while a
/// finished search hands its turn on (measured in BENCHMARKS.md).
pub async fn answer(
    index: std::sync::Arc<SearchIndex>,
    params: SearchParams,
    scope: OutputScope,
) -> Result<SearchResponse, KbError> {
    static GATE: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let gate = GATE.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(2 * cores)
    });
    // A kept answer costs microseconds: given at once, without a turn.
    if let Some(kept) = run_by(&params, &scope, |q| Ok(index.cached(q)))? {
        return Ok(kept);
    }
    let _turn = gate.acquire().await.expect("the gate is never closed");
    match tokio::task::spawn_blocking(move || run(&index, &params, &scope)).await {
        Ok(answer) => answer,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// Runs `params` over `index` for someone whose scope is `scope`.
///
/// Results are per output (see [`southdesk_search::SearchIndex::search`]):
/// `total`, facet counts and pages count outputs, each hit is an output in
/// its best-scoring matching version.
///
/// The index knows visibility levels, not who coordinates what: a
/// coordinator's confidential outputs (those of their programme) are found
/// by a second query restricted to that programme, and the two answers are
/// merged (totals and facet counts added, hits by score). Visibility belongs
/// to the output, shared by all its versions, so the two answers hold
/// different outputs and adding counts never counts an output twice. When
/// the caller filters by programme, only the confidential outputs of their
/// own programme among the filtered ones are included.
pub fn run(
    index: &SearchIndex,
    params: &SearchParams,
    scope: &OutputScope,
) -> Result<SearchResponse, KbError> {
    let answered = run_by(params, scope, |q| index.search(q).map(Some))?;
    Ok(answered.expect("a search always answers"))
}

/// [`run`] with each query answered by `search`; `None` as soon as `search`
/// has no answer to one of them (the kept answers only, say).
fn run_by(
    params: &SearchParams,
    scope: &OutputScope,
    mut search: impl FnMut(&Query) -> Result<Option<SearchResults>, SearchError>,
) -> Result<Option<SearchResponse>, KbError> {
    let mut levels: Vec<_> = scope
        .visibility
        .iter()
        .map(|v| search_visibility(*v))
        .collect();
    if levels.is_empty() {
        levels.push(search_visibility(Visibility::Public));
    }
    let page = params.page.max(1);
    let per_page = params.per_page.clamp(1, MAX_PER_PAGE);
    let base = {
        let mut q = Query::new(params.q.clone()).visible(&levels);
        q.lang = params.lang;
        q.filters = params.filters.clone();
        q
    };
    let extra_programmes: Vec<&String> = if scope.visibility.contains(&Visibility::Confidential) {
        Vec::new()
    } else {
        let filtered = params.values(Facet::Programme);
        scope
            .confidential_of
            .iter()
            .filter(|p| filtered.is_empty() || filtered.contains(&p.as_str()))
            .collect()
    };
    if extra_programmes.is_empty() {
        let mut q = base;
        q.limit = per_page;
        q.offset = (page - 1) * per_page;
        let Some(r) = search(&q)? else {
            return Ok(None);
        };
        return Ok(Some(SearchResponse::new(
            &SearchParams {
                page,
                per_page,
                ..params.clone()
            },
            r,
        )));
    }
    // Both parts up to the end of the page (in outputs), merged: each part's
    // best `wanted` outputs include every output of the merged page.
    let wanted = page * per_page;
    let mut first = base.clone();
    first.limit = wanted;
    let mut second = base;
    second.visibility = vec![search_visibility(Visibility::Confidential)];
    second.filters.retain(|(f, _)| *f != Facet::Programme);
    for p in extra_programmes {
        second.filters.push((Facet::Programme, p.clone()));
    }
    second.limit = wanted;
    let (Some(a), Some(b)) = (search(&first)?, search(&second)?) else {
        return Ok(None);
    };
    let mut hits = a.hits;
    hits.extend(b.hits);
    hits.sort_by(|x, y| y.score.total_cmp(&x.score));
    let hits = hits
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let mut facets = a.facets;
    for (f, values) in b.facets {
        let counts = facets.entry(f).or_default();
        for (v, n) in values {
            match counts.iter_mut().find(|(w, _)| *w == v) {
                Some((_, m)) => *m += n,
                None => counts.push((v, n)),
            }
        }
        counts.sort_by(|(v1, n1), (v2, n2)| n2.cmp(n1).then(v1.cmp(v2)));
    }
    Ok(Some(SearchResponse::new(
        &SearchParams {
            page,
            per_page,
            ..params.clone()
        },
        SearchResults {
            total: a.total + b.total,
            hits,
            facets,
        },
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `answer` (off the async threads, kept answers at once) says what `run` says, for a
    /// fresh and a kept query, for the public and for a coordinator (two queries merged),
    /// also when fifty ask at once.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn answers_off_the_async_threads_are_those_of_run() {
        use southdesk_search::{IndexDoc, Visibility as V};
        let index = std::sync::Arc::new(SearchIndex::in_memory().unwrap());
        let doc = |id: i64, title: &str, v: V, programme: &str| {
            let mut d = IndexDoc::new(id, Lang::En, title);
            d.visibility = v;
            d.programmes = vec![programme.into()];
            d
        };
        index
            .upsert(&[
                doc(1, "Fisheries subsidies", V::Public, "trade"),
                doc(2, "Fisheries and debt", V::Confidential, "trade"),
                doc(3, "Fisheries elsewhere", V::Confidential, "health"),
            ])
            .unwrap();
        let public = OutputScope::default();
        let coordinator = OutputScope {
            confidential_of: vec!["trade".into()],
            ..OutputScope::default()
        };
        let params = SearchParams {
            q: "fisheries".into(),
            ..SearchParams::default()
        };
        for (scope, total) in [(&public, 1), (&coordinator, 2)] {
            let expected = run(&index, &params, scope).unwrap();
            assert_eq!(expected.total, total);
            let mut asks = tokio::task::JoinSet::new();
            for _ in 0..50 {
                asks.spawn(answer(index.clone(), params.clone(), scope.clone()));
            }
            for got in asks.join_all().await {
                assert_eq!(got.unwrap(), expected);
            }
        }
        // a change is seen at once: no kept answer outlives it
        index
            .upsert(&[doc(4, "Fisheries again", V::Public, "trade")])
            .unwrap();
        let got = answer(index.clone(), params.clone(), public.clone()).await;
        assert_eq!(got.unwrap().total, 2);
    }

    #[test]
    fn params_read_from_urls_and_the_command_line() {
        let p = SearchParams::from_pairs([
            ("q", "trade \"special treatment\""),
            ("theme", "trade"),
            ("theme", "health"),
            ("language", "ZH"),
            ("year", "2026"),
            ("country", "bra"),
            ("lang", "fr"),
            ("page", "2"),
        ])
        .unwrap();
        assert_eq!(p.q, "trade \"special treatment\"");
        assert_eq!(p.values(Facet::Theme), ["trade", "health"]);
        assert_eq!(p.values(Facet::Lang), ["zh"]);
        assert_eq!(p.values(Facet::Country), ["BRA"]);
        assert_eq!(p.page, 2);
        assert_eq!(p.lang, None, "lang is the interface's");
        assert_eq!(
            p.to_query(Some(3)),
            "q=trade%20%22special%20treatment%22&theme=trade&theme=health&language=zh&year=2026&country=BRA&page=3"
        );
        assert!(SearchParams::from_pairs([("year", "26")]).is_err());
        assert!(SearchParams::from_pairs([("sdg", "18")]).is_err());
        assert!(SearchParams::from_pairs([("page", "0")]).is_err());

        let mut p = SearchParams::default();
        p.add_filter_arg("lang=en").unwrap();
        p.add_filter_arg("theme=trade").unwrap();
        assert_eq!(
            p.filters,
            [(Facet::Lang, "en".into()), (Facet::Theme, "trade".into())]
        );
        assert!(
            p.add_filter_arg("colour=red")
                .unwrap_err()
                .contains("unknown facet")
        );
        assert!(p.add_filter_arg("theme").is_err());
    }
}
