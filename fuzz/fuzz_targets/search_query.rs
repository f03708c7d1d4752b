//! The search query parser, over a small in-memory index in the four
//! languages: any query text (Tantivy syntax, phrases, fields, Han runs,
//! cross-language expansion) is searched without error — bad syntax falls
//! back to plain words —; a date filter is either read or refused as an
//! `invalid_value` error; results are one hit per output, within the
//! page, counted in the total; snippets are escaped HTML with only
//! `<mark>` tags.
//!
//! Input: the query text, then optionally a line with a date and a line
//! with a facet value.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use southdesk_search::{
    Facet, IndexDoc, Lang, Query, SearchError, SearchIndex, ThemeBridge, Visibility,
};

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let bridge = ThemeBridge::from_groups([[
            Some("贸易"),
            Some("trade"),
            Some("commerce"),
            Some("comercio"),
        ]]);
        let index = SearchIndex::in_memory().expect("index").with_bridge(bridge);
        let docs = [
            (
                1,
                Lang::En,
                "Negotiating the WTO reform agenda",
                "Trade rules & <development>",
            ),
            (
                1,
                Lang::Fr,
                "Négocier la réforme de l'OMC",
                "Règles du commerce",
            ),
            (
                2,
                Lang::Es,
                "Salud pública y patentes",
                "Acceso a medicamentos",
            ),
            (2, Lang::Zh, "公共卫生与专利", "药品获取与贸易规则"),
            (
                3,
                Lang::En,
                "Climate finance: \"loss and damage\"",
                "COP negotiations",
            ),
        ];
        let docs: Vec<IndexDoc> = docs
            .into_iter()
            .map(|(id, lang, title, abs)| {
                let mut d = IndexDoc::new(id, lang, title);
                d.summary = abs.into();
                d.output_type = "policy-brief".into();
                d.themes = vec!["trade".into()];
                d.date = Some("2026-03-01".into());
                d
            })
            .collect();
        index.upsert(&docs).expect("upsert");
        index
    })
}

fn escaped_with_marks(html: &str) -> bool {
    let rest = html.replace("<mark>", "").replace("</mark>", "");
    !rest.contains('<') && !rest.contains('>')
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = input.splitn(3, '\n');
    let text = parts.next().unwrap_or("");
    let date = parts.next();
    let facet = parts.next();

    let mut q = Query::new(text).visible(&[Visibility::Public, Visibility::Internal]);
    q.limit = 2;
    q.lang = Some(Lang::Fr);
    let results = index()
        .search(&q)
        .unwrap_or_else(|e| panic!("{}: {e}", e.code()));
    check(&results, q.limit);

    if let Some(date) = date {
        q.date_from = Some(date.to_string());
        q.date_to = Some(date.to_string());
    }
    if let Some(facet) = facet {
        q = q.filter(Facet::Theme, facet);
    }
    q.all_terms = false;
    match index().search(&q) {
        Ok(results) => check(&results, q.limit),
        Err(SearchError::InvalidValue { what: "date", .. }) => {}
        Err(e) => panic!("{}: {e}", e.code()),
    }
});

fn check(results: &southdesk_search::SearchResults, limit: usize) {
    assert!(results.hits.len() <= limit);
    assert!(results.hits.len() <= results.total);
    assert!(results.total <= 3, "{} outputs of 3", results.total);
    let mut ids: Vec<i64> = results.hits.iter().map(|h| h.output_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), results.hits.len(), "an output twice");
    for h in &results.hits {
        assert!(escaped_with_marks(&h.title_html), "{:?}", h.title_html);
        assert!(escaped_with_marks(&h.snippet_html), "{:?}", h.snippet_html);
        assert!(!h.also_in.contains(&h.lang));
    }
}
