use southdesk_search::corpus::Generator;
use southdesk_search::{
    Bridge, Facet, IndexDoc, Lang, Query, SearchIndex, SearchResults, ThemeBridge, UI_LANG_BOOST,
    Visibility, analyze,
};

fn doc(id: i64, lang: Lang, title: &str, summary: &str, body: &str) -> IndexDoc {
    let mut d = IndexDoc::new(id, lang, title);
    d.summary = summary.into();
    d.body = body.into();
    d
}

fn ids(r: &SearchResults) -> Vec<i64> {
    let mut v: Vec<i64> = r.hits.iter().map(|h| h.output_id).collect();
    v.sort();
    v.dedup();
    v
}

fn search(index: &SearchIndex, text: &str) -> SearchResults {
    let mut q = Query::new(text);
    q.limit = 50;
    index.search(&q).unwrap()
}

#[test]
fn jieba_finds_a_word_inside_a_chinese_body() {
    assert!(
        analyze(Lang::Zh, "发展中国家需要加强知识产权保护的灵活性")
            .contains(&"知识产权".to_string())
    );
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[
            doc(
                1,
                Lang::Zh,
                "药品获取",
                "",
                "发展中国家需要利用知识产权制度中的灵活性来保障公共卫生。",
            ),
            doc(2, Lang::Zh, "气候变化", "", "气候融资仍然不足。"),
        ])
        .unwrap();
    assert_eq!(ids(&search(&index, "知识产权")), vec![1]);
}

#[test]
fn english_stemming_matches_inflections() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[
            doc(1, Lang::En, "Negotiating a fair deal", "", ""),
            doc(2, Lang::En, "Climate finance", "", "Finance flows."),
        ])
        .unwrap();
    assert_eq!(ids(&search(&index, "negotiations")), vec![1]);
}

#[test]
fn french_accents_are_folded_and_words_stemmed() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[
            doc(1, Lang::Fr, "Le droit au développement", "", ""),
            doc(2, Lang::Fr, "La dette souveraine", "", ""),
        ])
        .unwrap();
    assert_eq!(ids(&search(&index, "developpement")), vec![1]);
    assert_eq!(ids(&search(&index, "DÉVELOPPEMENTS")), vec![1]);
}

#[test]
fn spanish_stemming_and_accents() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[
            doc(
                1,
                Lang::Es,
                "Las negociaciones comerciales",
                "",
                "La política arancelaria.",
            ),
            doc(2, Lang::Es, "La deuda soberana", "", ""),
        ])
        .unwrap();
    assert_eq!(ids(&search(&index, "negociación")), vec![1]);
    assert_eq!(ids(&search(&index, "politicas")), vec![1]);
}

#[test]
fn phrase_is_stricter_than_terms() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[
            doc(1, Lang::En, "Intellectual property and health", "", ""),
            doc(
                2,
                Lang::En,
                "Property rights",
                "",
                "An intellectual history of land.",
            ),
        ])
        .unwrap();
    assert_eq!(ids(&search(&index, "intellectual property")), vec![1, 2]);
    assert_eq!(ids(&search(&index, "\"intellectual property\"")), vec![1]);
    // Chinese phrase in quotes stays a phrase; unquoted words need not be adjacent
    index
        .upsert(&[
            doc(3, Lang::Zh, "世贸组织改革", "", ""),
            doc(4, Lang::Zh, "世贸组织的争端解决机制需要改革", "", ""),
        ])
        .unwrap();
    assert_eq!(ids(&search(&index, "世贸组织改革")), vec![3, 4]);
    assert_eq!(ids(&search(&index, "\"世贸组织改革\"")), vec![3]);
}

/// (output id, language, title, type, themes, date, visibility)
type Spec = (
    i64,
    Lang,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    Visibility,
);

fn small_corpus() -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    let mut docs = Vec::new();
    let specs: [Spec; 6] = [
        (
            1,
            Lang::En,
            "Tax cooperation at the UN",
            "policy-brief",
            &["tax"],
            "2024-05-01",
            Visibility::Public,
        ),
        (
            1,
            Lang::Fr,
            "La coopération fiscale à l'ONU",
            "policy-brief",
            &["tax"],
            "2024-05-01",
            Visibility::Public,
        ),
        (
            2,
            Lang::En,
            "Carbon tax and trade",
            "research-paper",
            &["tax", "climate"],
            "2025-01-10",
            Visibility::Public,
        ),
        (
            3,
            Lang::En,
            "Tax treaties review",
            "research-paper",
            &["tax"],
            "2023-07-07",
            Visibility::Public,
        ),
        (
            4,
            Lang::En,
            "Tax strategy (internal)",
            "advisory-note",
            &["tax"],
            "2025-03-03",
            Visibility::Internal,
        ),
        (
            5,
            Lang::En,
            "Tax secrets",
            "advisory-note",
            &["tax", "finance"],
            "2025-04-04",
            Visibility::Confidential,
        ),
    ];
    for (id, lang, title, ty, themes, date, vis) in specs {
        let mut d = doc(id, lang, title, "", "");
        d.output_type = ty.into();
        d.themes = themes.iter().map(|t| t.to_string()).collect();
        d.date = Some(date.into());
        d.visibility = vis;
        docs.push(d);
    }
    index.upsert(&docs).unwrap();
    index
}

fn facet(r: &SearchResults, f: Facet) -> Vec<(String, u64)> {
    r.facets.get(&f).cloned().unwrap_or_default()
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

#[test]
fn facet_counts_over_the_matching_set() {
    let index = small_corpus();
    let mut q = Query::new("tax").visible(&Visibility::ALL);
    q.cross_language = false;
    let r = index.search(&q).unwrap();
    assert_eq!(r.total, 5); // 1/en, 2, 3, 4, 5 (the French version says "fiscale")
    assert_eq!(
        facet(&r, Facet::Type),
        pairs(&[
            ("advisory-note", 2),
            ("research-paper", 2),
            ("policy-brief", 1)
        ])
    );
    assert_eq!(
        facet(&r, Facet::Theme),
        pairs(&[("tax", 5), ("climate", 1), ("finance", 1)])
    );
    assert_eq!(
        facet(&r, Facet::Year),
        pairs(&[("2025", 3), ("2023", 1), ("2024", 1)])
    );
    assert_eq!(facet(&r, Facet::Lang), pairs(&[("en", 5)]));

    // empty text browses everything visible: 5 outputs (6 versions: output 1 is in English
    // and French, counted once in the total and once under each of its languages)
    let all = index
        .search(&Query::new("").visible(&Visibility::ALL))
        .unwrap();
    assert_eq!(all.total, 5);
    assert_eq!(facet(&all, Facet::Lang), pairs(&[("en", 5), ("fr", 1)]));
    assert_eq!(
        facet(&all, Facet::Type)[0],
        ("advisory-note".to_string(), 2)
    );
    assert_eq!(facet(&all, Facet::Theme)[0], ("tax".to_string(), 5));
}

#[test]
fn filters_and_pagination() {
    let index = small_corpus();
    let everyone = &Visibility::ALL;
    let r = index
        .search(
            &Query::new("tax")
                .visible(everyone)
                .filter(Facet::Type, "research-paper"),
        )
        .unwrap();
    assert_eq!(ids(&r), vec![2, 3]);
    // same facet: OR; different facets: AND
    let r = index
        .search(
            &Query::new("tax")
                .visible(everyone)
                .filter(Facet::Type, "research-paper")
                .filter(Facet::Type, "policy-brief")
                .filter(Facet::Theme, "climate"),
        )
        .unwrap();
    assert_eq!(ids(&r), vec![2]);
    let mut q = Query::new("").visible(everyone);
    q.date_from = Some("2025".into());
    q.date_to = Some("2025-03".into());
    assert_eq!(ids(&index.search(&q).unwrap()), vec![2, 4]);

    let mut q = Query::new("tax").visible(everyone);
    q.limit = 2;
    let mut seen = Vec::new();
    for page in 0..3 {
        q.offset = page * 2;
        let r = index.search(&q).unwrap();
        assert_eq!(r.total, 5);
        seen.extend(r.hits.iter().map(|h| (h.output_id, h.lang)));
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5);
    let mut bad = Query::new("tax");
    bad.date_from = Some("May 2025".into());
    assert!(index.search(&bad).is_err());
}

#[test]
fn public_caller_never_sees_internal_documents() {
    let index = small_corpus();
    for q in [
        Query::new("tax"),
        Query::new("tax").visible(&[]),
        Query::new(""),
    ] {
        let r = index.search(&q).unwrap();
        assert!(
            !ids(&r).iter().any(|id| *id == 4 || *id == 5),
            "{:?}",
            ids(&r)
        );
        assert!(
            !facet(&r, Facet::Type)
                .iter()
                .any(|(t, _)| t == "advisory-note")
        );
        assert!(!facet(&r, Facet::Theme).iter().any(|(t, _)| t == "finance"));
    }
    let r = index
        .search(&Query::new("secrets").visible(&[Visibility::Public]))
        .unwrap();
    assert_eq!(r.total, 0);
    let r = index
        .search(&Query::new("tax").visible(&[Visibility::Public, Visibility::Internal]))
        .unwrap();
    assert!(ids(&r).contains(&4) && !ids(&r).contains(&5));
}

#[test]
fn upsert_replaces_all_versions_and_delete_removes() {
    let index = small_corpus();
    assert_eq!(index.doc_count(), 6);
    index
        .upsert(&[doc(1, Lang::Es, "La cooperación tributaria", "", "")])
        .unwrap();
    assert_eq!(index.doc_count(), 5); // en + fr of output 1 replaced by one es version
    assert!(search(&index, "coopération").hits.is_empty());
    let r = search(&index, "cooperación");
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].lang, Lang::Es);

    index.delete(1).unwrap();
    assert_eq!(index.doc_count(), 4);
    assert!(search(&index, "cooperación").hits.is_empty());
    index.clear().unwrap();
    assert_eq!(index.doc_count(), 0);
}

fn bridge() -> ThemeBridge {
    ThemeBridge::from_groups([
        [Some("世贸组织"), Some("WTO"), Some("OMC"), Some("OMC")],
        [
            Some("改革"),
            Some("reform"),
            Some("réforme"),
            Some("reforma"),
        ],
        [
            Some("知识产权"),
            Some("intellectual property"),
            Some("propriété intellectuelle"),
            Some("propiedad intelectual"),
        ],
    ])
}

#[test]
fn chinese_query_finds_english_and_spanish_outputs() {
    let index = SearchIndex::in_memory().unwrap().with_bridge(bridge());
    index
        .upsert(&[
            doc(
                1,
                Lang::En,
                "Proposals for WTO reform",
                "What developing countries want from the reform.",
                "",
            ),
            doc(2, Lang::Es, "La reforma de la OMC y el desarrollo", "", ""),
            doc(3, Lang::En, "Climate finance after COP29", "", ""),
            doc(4, Lang::Zh, "世贸组织改革的方向", "", ""),
        ])
        .unwrap();
    let r = search(&index, "世贸组织改革");
    assert_eq!(ids(&r), vec![1, 2, 4]);
    // the Chinese original ranks first; each hit says its language
    assert_eq!(r.hits[0].output_id, 4);
    assert_eq!(r.hits[0].lang, Lang::Zh);
    assert!(r.hits.iter().any(|h| h.lang == Lang::Es));
    assert!(
        r.hits
            .iter()
            .find(|h| h.output_id == 1)
            .unwrap()
            .title_html
            .contains("<mark>WTO</mark>")
    );

    // the other way round, with a multi-word target that becomes a phrase
    index
        .upsert(&[doc(5, Lang::Zh, "知识产权与公共卫生", "", "")])
        .unwrap();
    assert_eq!(ids(&search(&index, "intellectual property")), vec![5]);

    let mut off = Query::new("世贸组织改革");
    off.cross_language = false;
    assert_eq!(ids(&index.search(&off).unwrap()), vec![4]);
}

/// Output 1 in the four languages, all about WTO reform; output 2 another subject.
fn one_output_in_four_languages() -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap().with_bridge(bridge());
    let mut docs = vec![
        doc(1, Lang::Zh, "世贸组织改革与发展中国家", "", ""),
        doc(1, Lang::En, "WTO reform and developing countries", "", ""),
        doc(
            1,
            Lang::Fr,
            "La réforme de l'OMC et les pays en développement",
            "",
            "",
        ),
        doc(
            1,
            Lang::Es,
            "La reforma de la OMC y los países en desarrollo",
            "",
            "",
        ),
        doc(2, Lang::En, "Climate finance after COP29", "", ""),
    ];
    for d in &mut docs {
        d.output_type = "policy-brief".into();
        d.themes = vec!["trade".into(), "development".into()];
        d.date = Some("2026-01-15".into());
    }
    index.upsert(&docs).unwrap();
    index
}

#[test]
fn an_output_matching_in_four_languages_is_one_hit() {
    let index = one_output_in_four_languages();
    for (text, shown) in [
        ("WTO reform", Lang::En),
        ("世贸组织改革", Lang::Zh),
        ("réforme de l'OMC", Lang::Fr),
    ] {
        let r = index.search(&Query::new(text)).unwrap();
        assert_eq!(r.hits.len(), 1, "{text}: {:?}", r.hits);
        assert_eq!(r.total, 1, "{text}");
        let hit = &r.hits[0];
        assert_eq!(hit.output_id, 1);
        // the version in the query's own words scores best; the three others are listed,
        // in a fixed order
        assert_eq!(hit.lang, shown, "{text}");
        let others: Vec<Lang> = Lang::ALL.into_iter().filter(|l| *l != shown).collect();
        assert_eq!(hit.also_in, others, "{text}");
        assert_eq!(
            facet(&r, Facet::Lang),
            pairs(&[("en", 1), ("es", 1), ("fr", 1), ("zh", 1)]),
            "{text}"
        );
        assert_eq!(facet(&r, Facet::Type), pairs(&[("policy-brief", 1)]));
        assert_eq!(
            facet(&r, Facet::Theme),
            pairs(&[("development", 1), ("trade", 1)])
        );
        assert_eq!(facet(&r, Facet::Year), pairs(&[("2026", 1)]));
    }
    // Browsing in French: the French version is shown (the reader's language is favoured).
    let mut q = Query::new("").filter(Facet::Theme, "trade");
    q.lang = Some(Lang::Fr);
    let r = index.search(&q).unwrap();
    assert_eq!(r.total, 2);
    let hit = r.hits.iter().find(|h| h.output_id == 1).unwrap();
    assert_eq!(hit.lang, Lang::Fr);
    assert_eq!(hit.also_in, [Lang::Zh, Lang::En, Lang::Es]);
    // A Chinese query read by a Spanish-speaking delegate: the Chinese version scores best
    // and ranks the output, but the Spanish version, which matched too, is the one shown.
    let mut q = Query::new("世贸组织改革");
    q.lang = Some(Lang::Es);
    let r = index.search(&q).unwrap();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].lang, Lang::Es, "{:?}", r.hits[0]);
    assert_eq!(r.hits[0].also_in, [Lang::Zh, Lang::En, Lang::Fr]);
    let mut q = Query::new("世贸组织改革");
    q.lang = Some(Lang::Es);
    q.cross_language = false;
    let r = index.search(&q).unwrap();
    assert_eq!(
        r.hits[0].lang,
        Lang::Zh,
        "no Spanish version matched: the best is shown"
    );
    // A language filter leaves the other versions out: they do not match.
    let r = index
        .search(&Query::new("WTO reform").filter(Facet::Lang, "es"))
        .unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].lang, Lang::Es);
    assert!(r.hits[0].also_in.is_empty());
    assert_eq!(facet(&r, Facet::Lang), pairs(&[("es", 1)]));
    // Only the versions that match are listed.
    let mut q = Query::new("WTO reform");
    q.cross_language = false;
    let r = index.search(&q).unwrap();
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].lang, Lang::En);
    assert!(r.hits[0].also_in.is_empty(), "{:?}", r.hits[0]);
    // Browsing: two outputs, whatever their number of versions.
    let all = index.search(&Query::new("")).unwrap();
    assert_eq!((all.total, all.hits.len()), (2, 2));
    assert_eq!(facet(&all, Facet::Type), pairs(&[("policy-brief", 2)]));
    assert_eq!(
        facet(&all, Facet::Lang),
        pairs(&[("en", 2), ("es", 1), ("fr", 1), ("zh", 1)])
    );
}

#[test]
fn pages_and_totals_count_outputs() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[
            doc(1, Lang::En, "Sovereign debt restructuring", "", ""),
            doc(1, Lang::Es, "Reestructuración de la deuda soberana", "", ""),
            doc(2, Lang::Fr, "La dette souveraine", "", ""),
            doc(3, Lang::En, "Climate finance", "", ""),
        ])
        .unwrap();
    let text = "debt OR deuda OR dette";
    let mut q = Query::new(text);
    q.all_terms = false;
    let r = index.search(&q).unwrap();
    assert_eq!(r.total, 2, "{:?}", r.hits);
    assert_eq!(ids(&r), [1, 2]);
    assert_eq!(
        facet(&r, Facet::Lang),
        pairs(&[("en", 1), ("es", 1), ("fr", 1)])
    );
    let one = r.hits.iter().find(|h| h.output_id == 1).unwrap();
    assert_eq!(one.also_in.len(), 1, "{one:?}");

    q.limit = 1;
    let mut seen = Vec::new();
    for offset in 0..3 {
        q.offset = offset;
        let r = index.search(&q).unwrap();
        assert_eq!(r.total, 2, "offset {offset}");
        seen.push(r.hits.iter().map(|h| h.output_id).collect::<Vec<_>>());
    }
    assert_eq!(seen[0].len(), 1);
    assert_eq!(seen[1].len(), 1);
    assert_ne!(seen[0], seen[1], "two pages, two outputs");
    assert!(seen[2].is_empty(), "no third output: {seen:?}");
    // the pages follow the order of the full list
    assert_eq!(
        [seen[0][0], seen[1][0]],
        [r.hits[0].output_id, r.hits[1].output_id]
    );
}

/// On a generated corpus (metadata shared by the versions of an output), for cross-language
/// queries: each facet count is the total of the same query filtered on that value, pages
/// walk every matching output once, best first.
#[test]
fn per_output_counts_agree_with_filtered_totals() {
    let index = SearchIndex::in_memory().unwrap().with_bridge(
        ThemeBridge::from_vocab_toml(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../data/vocab/themes.toml"
            ))
            .unwrap(),
        )
        .unwrap(),
    );
    let docs: Vec<IndexDoc> = Generator::new(7).take(1_500).collect();
    index.upsert(&docs).unwrap();
    let mut several = 0;
    for text in ["intellectual property", "知识产权", "dette", "climate"] {
        let mut q = Query::new(text);
        q.limit = 7;
        let r = index.search(&q).unwrap();
        assert!(r.total > 7, "{text}: {}", r.total);
        for f in [Facet::Lang, Facet::Type, Facet::Theme] {
            for (value, n) in facet(&r, f) {
                let mut narrowed = q.clone().filter(f, value.clone());
                narrowed.facets.clear();
                narrowed.limit = 0;
                assert_eq!(
                    index.search(&narrowed).unwrap().total as u64,
                    n,
                    "{text}: {f}={value}"
                );
            }
        }
        let mut walked = Vec::new();
        let mut last = f32::INFINITY;
        for page in 0.. {
            q.offset = page * q.limit;
            q.facets.clear();
            let p = index.search(&q).unwrap();
            assert_eq!(p.total, r.total);
            if p.hits.is_empty() {
                break;
            }
            for h in &p.hits {
                assert!(h.score <= last, "{text}: best first");
                last = h.score;
                assert!(!h.also_in.contains(&h.lang));
                several += usize::from(!h.also_in.is_empty());
                walked.push(h.output_id);
            }
        }
        let n = walked.len();
        walked.sort();
        walked.dedup();
        assert_eq!((walked.len(), n), (r.total, r.total), "{text}");
    }
    assert!(several > 0, "some outputs match in several languages");
}

#[test]
fn theme_boost_and_ui_language_reorder_hits() {
    let index = small_corpus();
    let mut q = Query::new("tax");
    q.cross_language = false;
    q.themes = vec!["climate".into()];
    assert_eq!(index.search(&q).unwrap().hits[0].output_id, 2);
    let mut q = Query::new("");
    q.lang = Some(Lang::Fr);
    assert_eq!(index.search(&q).unwrap().hits[0].lang, Lang::Fr);
}

#[test]
fn the_ui_language_adds_its_boost_to_versions_in_it_only() {
    let index = small_corpus();
    // Only French versions match: each gets the boost when the reader reads French, none
    // when they read Spanish, and the order and totals are otherwise the same.
    let scores = |lang: Option<Lang>| {
        let mut q = Query::new("").filter(Facet::Lang, "fr");
        q.lang = lang;
        let r = index.search(&q).unwrap();
        let mut s: Vec<(i64, f32)> = r.hits.iter().map(|h| (h.output_id, h.score)).collect();
        s.sort_by_key(|(id, _)| *id);
        (r.total, s)
    };
    let (total, plain) = scores(None);
    assert!(total > 0);
    let (fr_total, fr) = scores(Some(Lang::Fr));
    let (es_total, es) = scores(Some(Lang::Es));
    assert_eq!((fr_total, es_total), (total, total));
    for ((a, plain), ((b, fr), (c, es))) in plain.iter().zip(fr.iter().zip(&es)) {
        assert_eq!((a, b), (a, c));
        assert!((fr - plain - UI_LANG_BOOST).abs() < 1e-6, "{fr} {plain}");
        assert_eq!(es, plain);
    }
}

#[test]
fn vocabulary_format_builds_a_bridge() {
    let toml = r#"
version = 1
[[theme]]
id = "trade"
name = { en = "Trade" }
acronyms = ["WTO", "OMC", "MC14", "GATT", "CBAM@0.6"]
zh = ["世贸组织", "贸易"]
en = ["trade", "trade policy@0.5", "tariff*"]
fr = ["commerce"]

[[phrase]]
terms = ["carbon tax", "taxe carbone", "impuesto al carbono", "碳税"]
labels = { climate = 1.0 }

[[rule]]
terms = ["sanctions"]
"#;
    let b = ThemeBridge::from_vocab_toml(toml).unwrap();
    let has =
        |v: &[(String, Lang, f32)], t: &str, l: Lang| v.iter().any(|(x, y, _)| x == t && *y == l);
    let e = b.expand("贸易政策");
    assert!(
        has(&e, "trade", Lang::En) && has(&e, "commerce", Lang::Fr) && has(&e, "WTO", Lang::En)
    );
    assert!(
        !has(&e, "trade policy", Lang::En),
        "only top-weighted terms are targets"
    );
    // only the main acronyms (the first three of the highest weight), weights read
    assert!(has(&e, "MC14", Lang::Fr), "{e:?}");
    assert!(
        e.iter()
            .all(|(t, _, _)| t != "GATT" && !t.starts_with("CBAM") && !t.contains('@')),
        "narrower acronyms are not targets: {e:?}"
    );
    // every acronym is still a source
    let e = b.expand("the CBAM and the GATT");
    assert!(
        has(&e, "WTO", Lang::Zh) && has(&e, "commerce", Lang::Fr),
        "{e:?}"
    );
    let e = b.expand("New tariffs on steel");
    assert!(has(&e, "贸易", Lang::Zh), "wildcard source: {e:?}");
    let e = b.expand("What is a carbon tax?");
    assert!(has(&e, "碳税", Lang::Zh) && has(&e, "impuesto al carbono", Lang::Es));
    assert!(has(&b.expand("la OMC"), "世贸组织", Lang::Zh));
    assert!(ThemeBridge::from_vocab_toml("[[theme]]\nzh = 3").is_err());

    // the real vocabulary of the tagger loads
    let real = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/vocab/themes.toml"
    ));
    if let Ok(text) = real {
        assert!(!ThemeBridge::from_vocab_toml(&text).unwrap().is_empty());
    }
}

#[test]
fn snippets_highlight_and_escape_html() {
    let index = SearchIndex::in_memory().unwrap();
    index
        .upsert(&[doc(
            1,
            Lang::En,
            "<script>alert('x')</script> Debt & development",
            "Sovereign <b>debt</b> restructuring & the \"common framework\".",
            "",
        )])
        .unwrap();
    let r = search(&index, "debt");
    let hit = &r.hits[0];
    assert!(
        hit.snippet_html.contains("<mark>debt</mark>"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("&lt;b&gt;"),
        "{}",
        hit.snippet_html
    );
    assert!(!hit.title_html.contains("<script>"), "{}", hit.title_html);
    assert!(hit.title_html.contains("&amp;"), "{}", hit.title_html);

    // the whole title is shown, not only the stretch between its highlighted words
    index
        .upsert(&[doc(
            2,
            Lang::En,
            "«Fisheries» subsidies and the WTO (Policy Brief 12).",
            "",
            "",
        )])
        .unwrap();
    let r = search(&index, "fisheries wto");
    assert_eq!(
        r.hits[0].title_html,
        "«<mark>Fisheries</mark>» subsidies and the <mark>WTO</mark> (Policy Brief 12)."
    );
}

#[test]
fn bad_query_syntax_never_errors() {
    let index = small_corpus();
    for text in [
        "tax AND (",
        "\"tax",
        "title_en:tax",
        "tax:",
        "((()))",
        "+-tax",
        "tax^",
        "[1 TO",
        "税收\"",
        "*",
    ] {
        let r = index.search(&Query::new(text));
        assert!(r.is_ok(), "{text}: {r:?}");
    }
    assert!(ids(&search(&index, "tax AND (")).contains(&2));
}

#[test]
fn index_persists_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let index = SearchIndex::open(dir.path()).unwrap();
        index
            .upsert(&[doc(7, Lang::Fr, "La biodiversité marine", "", "")])
            .unwrap();
    }
    let index = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(index.doc_count(), 1);
    let r = search(&index, "biodiversite");
    assert_eq!(r.hits[0].output_id, 7);
    assert_eq!(r.hits[0].lang, Lang::Fr);
}

#[test]
fn generated_corpus_is_searchable_in_four_languages() {
    let index = SearchIndex::in_memory().unwrap();
    let docs: Vec<IndexDoc> = Generator::new(42).take(2_000).collect();
    assert_eq!(docs, Generator::new(42).take(2_000).collect::<Vec<_>>());
    index.upsert(&docs).unwrap();
    assert_eq!(index.doc_count(), 2_000);
    for (text, lang) in [
        ("\"intellectual property\"", Lang::En),
        ("propriété intellectuelle", Lang::Fr),
        ("propiedad intelectual", Lang::Es),
        ("知识产权", Lang::Zh),
    ] {
        let mut q = Query::new(text);
        q.cross_language = false;
        let r = index.search(&q).unwrap();
        assert!(r.total > 10, "{text}: {}", r.total);
        assert!(r.hits.iter().all(|h| h.lang == lang), "{text}");
        assert_eq!(r.facets[&Facet::Theme][0].0, "ip", "{text}");
    }
}

#[test]
fn bridge_is_a_trait_object() {
    struct Fixed;
    impl Bridge for Fixed {
        fn expand(&self, _: &str) -> Vec<(String, Lang, f32)> {
            vec![("biodiversité".into(), Lang::Fr, 0.5)]
        }
    }
    let index = SearchIndex::in_memory().unwrap().with_bridge(Fixed);
    index
        .upsert(&[doc(1, Lang::Fr, "La biodiversité", "", "")])
        .unwrap();
    assert_eq!(ids(&search(&index, "生物多样性")), vec![1]);
}

#[test]
fn index_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
    let index = std::sync::Arc::new(small_corpus());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let index = index.clone();
            std::thread::spawn(move || index.search(&Query::new("tax")).unwrap().total)
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 3);
    }
}

#[test]
fn field_and_wildcard_syntax_never_fails_a_search() {
    let index = small_corpus();
    for q in [
        "title:*",
        "body:*",
        "summary:*",
        "title_en:*",
        "*",
        "title:[a TO z]",
        "title:\"unclosed",
        "nosuchfield:x",
        "id:1",
        "lang:en",
        "title:trade^1000000",
        "(((((",
        "title:* AND body:*",
        "-*",
    ] {
        let r = index.search(&Query::new(q));
        assert!(r.is_ok(), "{q}: {:?}", r.err());
    }
}
