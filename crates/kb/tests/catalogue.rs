//! The catalogue over a real store and a real index: writes reach the
//! index, the tagger proposes, staff corrections are kept, `reindex`
//! rebuilds from the store alone, search crosses languages and respects
//! who may see what; exports, feeds and OAI-PMH over the same data.

use std::sync::Arc;

use quick_xml::Reader;
use quick_xml::events::Event;
use southdesk_common::sha256_hex;
use southdesk_kb::cite::{self, Format};
use southdesk_kb::search::{self, SearchParams};
use southdesk_kb::{Catalogue, KbError, atom, oai};
use southdesk_plan::authz::{OutputScope, output_scope};
use southdesk_plan::outputs::{
    Author, FileRef, NewOutput, OutputType, OutputVersion, TagKind, Visibility,
};
use southdesk_plan::{Account, Lang, NewPlanVersion, Plan, Role, VersionStatus};
use southdesk_search::Facet;
use southdesk_store::{OutputFilter, Page, Store};
use southdesk_tagger::Tagger;
use time::macros::date;

async fn store() -> Arc<dyn Store> {
    let store = southdesk_store::open("sqlite::memory:").await.unwrap();
    store
        .insert_plan_version(NewPlanVersion {
            label: "plan".into(),
            status: VersionStatus::Adopted,
            adopted_on: Some(date!(2025 - 11 - 20)),
            source: "test".into(),
            plan: Plan::embedded_2026_2028(),
        })
        .await
        .unwrap();
    store
}

fn catalogue(store: Arc<dyn Store>) -> Catalogue {
    Catalogue::new(
        store,
        Arc::new(southdesk_kb::memory_index().unwrap()),
        Arc::new(Tagger::builtin()),
    )
}

fn version(lang: Lang, title: &str, abstract_: &str) -> OutputVersion {
    OutputVersion {
        lang,
        title: title.into(),
        abstract_: abstract_.into(),
        body: String::new(),
        file: None,
    }
}

fn output(
    t: OutputType,
    visibility: Visibility,
    programme: &str,
    versions: Vec<OutputVersion>,
) -> NewOutput {
    NewOutput {
        output_type: t,
        series: t.default_series().map(str::to_string),
        number: None,
        date: date!(2026 - 03 - 01),
        visibility,
        versions,
        authors: vec![
            Author {
                name: "Carlos M. Correa".into(),
                staff: true,
                account_id: None,
                affiliation: None,
            },
            Author {
                name: "王小明".into(),
                staff: false,
                account_id: None,
                affiliation: Some("Peking University".into()),
            },
        ],
        programmes: vec![programme.into()],
        forums: vec![],
        meetings: vec![],
        countries: vec!["BRA".into()],
        themes: vec![],
        sdgs: vec![],
        tags_confirmed: false,
        proposed_tags: vec![],
    }
}

fn coordinator(programme: &str) -> Account {
    Account {
        id: 5,
        email: "c@example.org".into(),
        name: "C".into(),
        role: Role::Coordinator,
        programme: Some(programme.into()),
        member: None,
        group: None,
        disabled: false,
    }
}

fn public() -> OutputScope {
    output_scope(None)
}

fn ids(r: &search::SearchResponse) -> Vec<(i64, Lang)> {
    r.hits.iter().map(|h| (h.output_id, h.lang)).collect()
}

fn query(q: &str) -> SearchParams {
    SearchParams {
        q: q.into(),
        ..SearchParams::default()
    }
}

/// Four outputs on climate finance: public in English, public in Chinese,
/// internal, confidential to SDCC.
async fn seeded() -> (Catalogue, [i64; 4]) {
    let cat = catalogue(store().await);
    let mut en = output(
        OutputType::ResearchPaper,
        Visibility::Public,
        "sdcc",
        vec![version(
            Lang::En,
            "Climate finance for developing countries",
            "How climate finance and the Green Climate Fund serve developing countries.",
        )],
    );
    en.number = Some("199".into());
    let en = cat.create(en, None).await.unwrap();
    let zh = cat
        .create(
            output(
                OutputType::PolicyBrief,
                Visibility::Public,
                "sdcc",
                vec![version(
                    Lang::Zh,
                    "气候融资与公正转型",
                    "发展中国家需要可预测的气候融资来实现公正转型。",
                )],
            ),
            None,
        )
        .await
        .unwrap();
    let internal = cat
        .create(
            output(
                OutputType::AnalyticalNote,
                Visibility::Internal,
                "sdcc",
                vec![version(
                    Lang::En,
                    "Climate finance negotiating strategy",
                    "Internal notes on climate finance.",
                )],
            ),
            None,
        )
        .await
        .unwrap();
    let secret = cat
        .create(
            output(
                OutputType::AdvisoryNote,
                Visibility::Confidential,
                "sdcc",
                vec![version(
                    Lang::En,
                    "Climate finance advice to a member",
                    "Confidential advice on climate finance.",
                )],
            ),
            None,
        )
        .await
        .unwrap();
    (cat, [en.id, zh.id, internal.id, secret.id])
}

#[tokio::test]
async fn writes_reach_the_index_and_search_crosses_languages() {
    let (cat, [en, zh, internal, secret]) = seeded().await;

    // English query: the English paper, and the Chinese brief by the bridge.
    let r = search::run(&cat.index, &query("climate finance"), &public()).unwrap();
    let found = ids(&r);
    assert!(found.contains(&(en, Lang::En)), "{found:?}");
    assert!(found.contains(&(zh, Lang::Zh)), "{found:?}");
    assert!(
        !found.iter().any(|(id, _)| *id == internal || *id == secret),
        "the public sees public outputs only: {found:?}"
    );
    assert_eq!(r.total, 2);
    assert!(
        r.hits.iter().any(|h| h.title_html.contains("<mark>")),
        "highlighted: {:?}",
        r.hits
    );
    let langs: Vec<&str> = r
        .facet(Facet::Lang)
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(langs.len(), 2, "{langs:?}");
    let types: u64 = r.facet(Facet::Type).iter().map(|c| c.count).sum();
    assert_eq!(
        types, 2,
        "facet counts leave out what the public cannot see"
    );

    // Chinese query: the Chinese brief and the English paper.
    let r = search::run(&cat.index, &query("气候融资"), &public()).unwrap();
    let found = ids(&r);
    assert!(found.contains(&(zh, Lang::Zh)), "{found:?}");
    assert!(found.contains(&(en, Lang::En)), "{found:?}");

    // Filters, phrases.
    let mut p = query("climate finance");
    p.add_filter_arg("language=zh").unwrap();
    assert_eq!(
        ids(&search::run(&cat.index, &p, &public()).unwrap()),
        [(zh, Lang::Zh)]
    );
    let r = search::run(&cat.index, &query("\"Green Climate Fund\""), &public()).unwrap();
    assert_eq!(ids(&r), [(en, Lang::En)]);

    // Staff see internal; management everything; the SDCC coordinator
    // also SDCC's confidential outputs, another coordinator not.
    let staff = OutputScope {
        visibility: vec![Visibility::Public, Visibility::Internal],
        confidential_of: vec![],
    };
    let r = search::run(&cat.index, &query("climate finance"), &staff).unwrap();
    assert_eq!(r.total, 3);
    let sdcc = output_scope(Some(&coordinator("sdcc")));
    let r = search::run(&cat.index, &query("climate finance"), &sdcc).unwrap();
    assert_eq!(r.total, 4, "{:?}", ids(&r));
    assert!(ids(&r).contains(&(secret, Lang::En)));
    let counted: u64 = r.facet(Facet::Type).iter().map(|c| c.count).sum();
    assert_eq!(counted, 4, "facet counts of both parts are added");
    let ggdp = output_scope(Some(&coordinator("ggdp")));
    let r = search::run(&cat.index, &query("climate finance"), &ggdp).unwrap();
    assert_eq!(r.total, 3);
    let mut other = query("climate finance");
    other.add_filter_arg("programme=ggdp").unwrap();
    assert_eq!(
        search::run(&cat.index, &other, &sdcc).unwrap().total,
        0,
        "a programme filter also holds for the confidential part"
    );
}

/// Outputs in several languages count once, in the coordinator's merged
/// search (public and internal outputs, then SDCC's confidential ones) as in
/// the public one: totals, facet counts and pages are per output, and each
/// hit names the other languages it matched in.
#[tokio::test]
async fn search_answers_per_output_also_for_a_coordinator() {
    let cat = catalogue(store().await);
    let paper = cat
        .create(
            output(
                OutputType::ResearchPaper,
                Visibility::Public,
                "sdcc",
                vec![
                    version(
                        Lang::En,
                        "Climate finance for developing countries",
                        "Climate finance and adaptation.",
                    ),
                    version(
                        Lang::Fr,
                        "Climate finance : le financement climatique des pays en développement",
                        "Le financement climatique (climate finance) et l'adaptation.",
                    ),
                    version(
                        Lang::Es,
                        "Climate finance: la financiación climática de los países en desarrollo",
                        "La financiación climática (climate finance) y la adaptación.",
                    ),
                ],
            ),
            None,
        )
        .await
        .unwrap();
    let internal = cat
        .create(
            output(
                OutputType::AnalyticalNote,
                Visibility::Internal,
                "sdcc",
                vec![version(
                    Lang::En,
                    "Climate finance negotiating strategy",
                    "Internal notes on climate finance.",
                )],
            ),
            None,
        )
        .await
        .unwrap();
    let secret = cat
        .create(
            output(
                OutputType::AdvisoryNote,
                Visibility::Confidential,
                "sdcc",
                vec![
                    version(
                        Lang::En,
                        "Climate finance advice to a member",
                        "Confidential advice on climate finance.",
                    ),
                    version(
                        Lang::Fr,
                        "Climate finance : conseil à un membre",
                        "Conseil confidentiel sur le climate finance.",
                    ),
                ],
            ),
            None,
        )
        .await
        .unwrap();
    let count = |r: &search::SearchResponse, f: Facet, value: &str| {
        r.facet(f)
            .iter()
            .find(|c| c.value == value)
            .map_or(0, |c| c.count)
    };

    // The public: one output, shown in one language, the other two listed
    // (in zh, en, fr, es order).
    let p = query("\"climate finance\"");
    let r = search::run(&cat.index, &p, &public()).unwrap();
    assert_eq!(r.total, 1, "{:?}", r.hits);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].output_id, paper.id);
    let others: Vec<Lang> = [Lang::En, Lang::Fr, Lang::Es]
        .into_iter()
        .filter(|l| *l != r.hits[0].lang)
        .collect();
    assert_eq!(r.hits[0].also_in, others);
    for lang in ["en", "fr", "es"] {
        assert_eq!(count(&r, Facet::Lang, lang), 1, "{lang}: {:?}", r.facets);
    }
    assert_eq!(count(&r, Facet::Type, "research-paper"), 1);
    assert_eq!(count(&r, Facet::Programme, "sdcc"), 1);
    // In the API's JSON, too.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["hits"][0]["also_in"], serde_json::json!(others));

    // The SDCC coordinator: public + internal from the first query, the
    // confidential output from the second; 3 outputs (6 versions).
    let sdcc = output_scope(Some(&coordinator("sdcc")));
    assert!(!sdcc.confidential_of.is_empty(), "the merged path is taken");
    let r = search::run(&cat.index, &p, &sdcc).unwrap();
    assert_eq!(r.total, 3, "{:?}", ids(&r));
    let mut found: Vec<i64> = r.hits.iter().map(|h| h.output_id).collect();
    found.sort();
    assert_eq!(found, [paper.id, internal.id, secret.id]);
    let hit = r.hits.iter().find(|h| h.output_id == secret.id).unwrap();
    let mut langs = hit.also_in.clone();
    langs.push(hit.lang);
    langs.sort();
    assert_eq!(langs, [Lang::En, Lang::Fr], "{hit:?}");
    assert_eq!(count(&r, Facet::Lang, "en"), 3, "{:?}", r.facets);
    assert_eq!(count(&r, Facet::Lang, "fr"), 2);
    assert_eq!(count(&r, Facet::Lang, "es"), 1);
    assert_eq!(count(&r, Facet::Programme, "sdcc"), 3);
    let types: u64 = r.facet(Facet::Type).iter().map(|c| c.count).sum();
    assert_eq!(types, 3, "one type per output");
    // Pages of one: three different outputs, then nothing.
    let mut paged = Vec::new();
    for page in 1..=4 {
        let r = search::run(
            &cat.index,
            &SearchParams {
                page,
                per_page: 1,
                ..p.clone()
            },
            &sdcc,
        )
        .unwrap();
        assert_eq!(r.total, 3, "page {page}");
        paged.extend(r.hits.iter().map(|h| h.output_id));
    }
    paged.sort();
    assert_eq!(paged, [paper.id, internal.id, secret.id]);
    // Filtered to French: the two outputs with a French version.
    let mut fr = p.clone();
    fr.add_filter_arg("language=fr").unwrap();
    let r = search::run(&cat.index, &fr, &sdcc).unwrap();
    assert_eq!(r.total, 2);
    assert!(
        r.hits
            .iter()
            .all(|h| h.lang == Lang::Fr && h.also_in.is_empty())
    );
}

#[tokio::test]
async fn the_tagger_proposes_and_staff_corrections_are_kept() {
    let cat = catalogue(store().await);
    let new = output(
        OutputType::PolicyBrief,
        Visibility::Public,
        "ggdp",
        vec![version(
            Lang::En,
            "WTO reform and special and differential treatment",
            "The multilateral trading system, the WTO Ministerial Conference and fisheries subsidies: special and differential treatment for developing countries.",
        )],
    );
    let o = cat.create(new, None).await.unwrap();
    assert!(
        o.proposed_tags
            .iter()
            .any(|t| t.kind == TagKind::Theme && t.value == "trade" && !t.evidence.is_empty()),
        "{:?}",
        o.proposed_tags
    );
    assert!(
        o.themes.contains(&"trade".to_string()),
        "proposal taken until confirmed"
    );
    assert!(!o.tags_confirmed);
    assert!(cat.store.tag_corrections().await.unwrap().is_empty());

    // Staff confirm as proposed: no correction.
    let mut confirmed = o.record.clone();
    confirmed.tags_confirmed = true;
    let o = cat.update(o.id, confirmed, None).await.unwrap();
    assert!(o.tags_confirmed);
    assert!(cat.store.tag_corrections().await.unwrap().is_empty());

    // Staff change the themes: one correction, with the text.
    let mut changed = o.record.clone();
    changed.themes = vec!["trade".into(), "health".into()];
    let o = cat.update(o.id, changed.clone(), None).await.unwrap();
    let kept = cat.store.tag_corrections().await.unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0].correction.kind, TagKind::Theme);
    assert!(kept[0].correction.added().contains(&"health"));
    assert!(kept[0].correction.text.contains("WTO reform"));
    // Saving again unchanged records nothing more.
    cat.update(o.id, changed, None).await.unwrap();
    assert_eq!(cat.store.tag_corrections().await.unwrap().len(), 1);

    // Field errors, with the plan's ids checked.
    let mut bad = o.record.clone();
    bad.themes = vec!["no-such-theme".into()];
    bad.versions[0].title.clear();
    match cat.update(o.id, bad, None).await {
        Err(KbError::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["versions[0].title", "themes[0]"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        cat.update(9999, o.record.clone(), None).await,
        Err(KbError::NotFound(9999))
    ));
}

#[tokio::test]
async fn reindex_rebuilds_from_the_store_alone() {
    let (cat, [en, ..]) = seeded().await;
    let before = search::run(&cat.index, &query("climate finance"), &public()).unwrap();
    // A fresh, empty index over the same store.
    let fresh = Catalogue::new(
        cat.store.clone(),
        Arc::new(southdesk_kb::memory_index().unwrap()),
        cat.tagger.clone(),
    );
    assert_eq!(
        search::run(&fresh.index, &query("climate finance"), &public())
            .unwrap()
            .total,
        0
    );
    let first = fresh.catch_up().await.unwrap();
    assert!(first.rebuilt, "a new index is built from the store");
    assert_eq!(first.outputs, 4);
    let head = fresh.store.last_output_change().await.unwrap();
    assert_eq!(first.position, head);
    assert_eq!(fresh.index.position().unwrap(), head);
    let again = fresh.catch_up().await.unwrap();
    assert_eq!((again.rebuilt, again.outputs), (false, 0), "nothing new");
    let after = search::run(&fresh.index, &query("climate finance"), &public()).unwrap();
    assert_eq!(ids(&after), ids(&before));
    let (seq, done) = fresh.reindex().await.unwrap();
    let done = done.expect("this process writes the index");
    assert!(done.rebuilt);
    assert_eq!((done.outputs, done.position), (4, seq));
    // The first index follows the rebuild request too.
    assert!(cat.catch_up().await.unwrap().rebuilt);

    // Deleting leaves the index.
    fresh.delete(en).await.unwrap();
    let r = search::run(&fresh.index, &query("climate finance"), &public()).unwrap();
    assert!(!ids(&r).iter().any(|(id, _)| *id == en));
    // Making an output internal takes it out of public search.
    let zh = r.hits[0].output_id;
    let mut o = fresh.store.output(zh).await.unwrap().unwrap().record;
    o.visibility = Visibility::Internal;
    fresh.update(zh, o, None).await.unwrap();
    assert_eq!(
        search::run(&fresh.index, &query("climate finance"), &public())
            .unwrap()
            .total,
        0
    );
}

#[tokio::test]
async fn exports_escape_and_carry_the_fields() {
    let (cat, [en, zh, ..]) = seeded().await;
    let mut o = cat.store.output(en).await.unwrap().unwrap();
    o.record.versions[0].title = "R&D at 5% for $100 {and} #1_x ~ ^ \\ end".into();
    let z = cat.store.output(zh).await.unwrap().unwrap();
    let list = [o.clone(), z.clone()];

    let bib = cite::bibtex(&list, "https://desk.example/", Lang::En);
    assert!(
        bib.starts_with(&format!("@techreport{{southcentre{en},\n")),
        "{bib}"
    );
    assert!(
        bib.contains(
            r"title = {{R\&D at 5\% for \$100 \{and\} \#1\_x \textasciitilde{} \textasciicircum{} \textbackslash{} end}},"
        ),
        "{bib}"
    );
    assert!(
        bib.contains("author = {Carlos M. Correa and 王小明},"),
        "{bib}"
    );
    assert!(bib.contains("institution = {South Centre},"));
    assert!(bib.contains("type = {Research Paper},"));
    assert!(bib.contains("number = {199},"));
    assert!(bib.contains("year = {2026},\n  month = mar,"));
    assert!(bib.contains(&format!("url = {{https://desk.example/outputs/{en}}}")));
    // Braces balance in every entry.
    for entry in bib.split("\n\n").filter(|e| !e.trim().is_empty()) {
        let unescaped = entry.replace("\\{", "").replace("\\}", "");
        assert_eq!(
            unescaped.matches('{').count(),
            unescaped.matches('}').count(),
            "{entry}"
        );
    }

    let ris = cite::ris(&list, "https://desk.example", Lang::En);
    let lines: Vec<&str> = ris.split("\r\n").collect();
    assert_eq!(lines[0], "TY  - RPRT");
    assert!(lines.contains(&"AU  - Carlos M. Correa"));
    assert!(lines.contains(&"AU  - 王小明"));
    assert!(lines.contains(&"PY  - 2026"));
    assert!(lines.contains(&"DA  - 2026/03/01/"));
    assert!(lines.contains(&"T3  - Research Paper"));
    assert!(lines.contains(&"M1  - 199"));
    assert!(lines.contains(&"LA  - zh"));
    assert_eq!(lines.iter().filter(|l| **l == "ER  - ").count(), 2);
    for l in lines.iter().filter(|l| !l.is_empty()) {
        assert!(
            l.len() >= 6 && &l[2..6] == "  - ",
            "every line is TAG  - value: {l:?}"
        );
    }

    let csl: serde_json::Value =
        serde_json::from_str(&cite::csl_json(&list, "https://desk.example", Lang::En)).unwrap();
    let item = &csl[0];
    assert_eq!(item["id"], format!("southcentre{en}"));
    assert_eq!(item["type"], "report");
    assert_eq!(item["author"][0]["family"], "Correa");
    assert_eq!(item["author"][0]["given"], "Carlos M.");
    assert_eq!(item["author"][1]["literal"], "王小明");
    assert_eq!(
        item["issued"]["date-parts"][0],
        serde_json::json!([2026, 3, 1])
    );
    assert_eq!(item["collection-title"], "Research Paper");
    assert_eq!(item["number"], "199");
    assert_eq!(item["publisher"], "South Centre");
    assert_eq!(csl[1]["language"], "zh");
    assert_eq!(csl[1]["title"], "气候融资与公正转型");

    let csv = cite::csv(&list, "https://desk.example");
    let mut rows = ::csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert_eq!(&header[0], "id");
    let records: Vec<_> = rows.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 2);
    let title_en = header.iter().position(|h| h == "title_en").unwrap();
    assert_eq!(&records[0][title_en], o.versions[0].title);
    assert_eq!(Format::parse("CSL-JSON"), Some(Format::CslJson));
}

/// Parses `xml`, failing on any error; returns the text of every element
/// named `name`.
fn texts_of(xml: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("bad XML ({e}): {xml}"))
        {
            Event::Start(e) if e.name().as_ref() == name.as_bytes() => {
                inside = true;
                out.push(String::new());
            }
            Event::Text(t) if inside => {
                let s = t.decode().unwrap().into_owned();
                let s = quick_xml::escape::unescape(&s).unwrap().into_owned();
                out.last_mut().unwrap().push_str(&s);
            }
            Event::GeneralRef(r) if inside => {
                let name = r.decode().unwrap().into_owned();
                let s = quick_xml::escape::unescape(&format!("&{name};"))
                    .unwrap()
                    .into_owned();
                out.last_mut().unwrap().push_str(&s);
            }
            Event::End(e) if e.name().as_ref() == name.as_bytes() => inside = false,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn feeds_hold_public_outputs_only() {
    let (cat, [en, zh, ..]) = seeded().await;
    let page = cat
        .store
        .outputs(&OutputFilter::public(), Page::first(50))
        .await
        .unwrap();
    let meta = atom::FeedMeta {
        self_url: "https://desk.example/feeds/outputs.atom".into(),
        page_url: "https://desk.example/outputs".into(),
        title: "Outputs & more".into(),
        lang: Lang::En,
    };
    let xml = atom::feed(
        &meta,
        &page.outputs,
        "https://desk.example",
        time::OffsetDateTime::now_utc(),
    );
    let ids = texts_of(&xml, "id");
    assert_eq!(ids[0], "https://desk.example/feeds/outputs.atom");
    let mut entries: Vec<String> = ids[1..].to_vec();
    entries.sort();
    let mut expected = vec![
        format!("https://desk.example/outputs/{en}"),
        format!("https://desk.example/outputs/{zh}"),
    ];
    expected.sort();
    assert_eq!(entries, expected);
    assert_eq!(texts_of(&xml, "title")[0], "Outputs & more");
    assert!(texts_of(&xml, "title").contains(&"气候融资与公正转型".to_string()));
}

#[tokio::test]
async fn oai_pmh_answers_by_the_protocol() {
    let (cat, [en, zh, internal, _]) = seeded().await;
    let store = cat.store.as_ref();
    let mut config = oai::OaiConfig::new("https://desk.example");
    config.page_size = 1;
    let now = time::OffsetDateTime::now_utc();
    let ask = |p: &[(&str, &str)]| {
        let pairs: Vec<(String, String)> = p
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let config = config.clone();
        async move { oai::respond(store, &config, &pairs, now).await.unwrap() }
    };
    let error_code = |xml: &str| -> Option<String> {
        let i = xml.find("<error code=\"")? + 13;
        Some(xml[i..i + xml[i..].find('"')?].to_string())
    };

    let xml = ask(&[("verb", "Identify")]).await;
    assert_eq!(texts_of(&xml, "protocolVersion"), ["2.0"]);
    assert_eq!(texts_of(&xml, "baseURL"), ["https://desk.example/oai"]);
    assert_eq!(texts_of(&xml, "granularity"), ["YYYY-MM-DDThh:mm:ssZ"]);
    assert!(xml.contains("<request verb=\"Identify\">"));

    assert_eq!(error_code(&ask(&[]).await).as_deref(), Some("badVerb"));
    assert_eq!(
        error_code(&ask(&[("verb", "Nope")]).await).as_deref(),
        Some("badVerb")
    );
    let xml = ask(&[("verb", "ListRecords")]).await;
    assert_eq!(error_code(&xml).as_deref(), Some("badArgument"));
    assert!(xml.contains("<request>"), "no attributes after badArgument");
    assert_eq!(
        error_code(&ask(&[("verb", "ListRecords"), ("metadataPrefix", "marc21")]).await).as_deref(),
        Some("cannotDisseminateFormat")
    );
    assert_eq!(
        error_code(
            &ask(&[
                ("verb", "GetRecord"),
                ("identifier", &config.identifier(internal)),
                ("metadataPrefix", "oai_dc")
            ])
            .await
        )
        .as_deref(),
        Some("idDoesNotExist"),
        "internal outputs do not exist for OAI"
    );
    assert_eq!(
        error_code(
            &ask(&[
                ("verb", "ListIdentifiers"),
                ("metadataPrefix", "oai_dc"),
                ("set", "type:book")
            ])
            .await
        )
        .as_deref(),
        Some("noRecordsMatch")
    );
    assert_eq!(
        error_code(&ask(&[("verb", "ListRecords"), ("resumptionToken", "garbage")]).await)
            .as_deref(),
        Some("badResumptionToken")
    );
    assert_eq!(
        error_code(
            &ask(&[
                ("verb", "ListRecords"),
                ("metadataPrefix", "oai_dc"),
                ("from", "2026-01-01"),
                ("until", "2025-01-01T00:00:00Z")
            ])
            .await
        )
        .as_deref(),
        Some("badArgument")
    );

    // GetRecord: Dublin Core of every version.
    let xml = ask(&[
        ("verb", "GetRecord"),
        ("identifier", &config.identifier(en)),
        ("metadataPrefix", "oai_dc"),
    ])
    .await;
    assert_eq!(error_code(&xml), None, "{xml}");
    assert_eq!(
        texts_of(&xml, "dc:title"),
        ["Climate finance for developing countries"]
    );
    assert_eq!(texts_of(&xml, "dc:creator"), ["Carlos M. Correa", "王小明"]);
    assert_eq!(
        texts_of(&xml, "dc:identifier"),
        [format!("https://desk.example/outputs/{en}")]
    );

    // ListIdentifiers page by page with resumption tokens: public only.
    let mut seen = Vec::new();
    let mut xml = ask(&[("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc")]).await;
    loop {
        assert_eq!(error_code(&xml), None, "{xml}");
        seen.extend(texts_of(&xml, "identifier"));
        let token = texts_of(&xml, "resumptionToken");
        match token.first() {
            Some(t) if !t.is_empty() => {
                assert!(xml.contains("completeListSize=\"2\""), "{xml}");
                xml = ask(&[("verb", "ListIdentifiers"), ("resumptionToken", t)]).await;
            }
            _ => break,
        }
    }
    assert_eq!(seen, [config.identifier(en), config.identifier(zh)]);

    // ListRecords with a set.
    let xml = ask(&[
        ("verb", "ListRecords"),
        ("metadataPrefix", "oai_dc"),
        ("set", "type:policy-brief"),
    ])
    .await;
    assert_eq!(texts_of(&xml, "dc:title"), ["气候融资与公正转型"]);
    let xml = ask(&[("verb", "ListSets")]).await;
    assert!(texts_of(&xml, "setSpec").contains(&"theme:climate".to_string()));
    let xml = ask(&[("verb", "ListMetadataFormats")]).await;
    assert_eq!(texts_of(&xml, "metadataPrefix"), ["oai_dc"]);
}

#[tokio::test]
async fn files_attach_by_hash() {
    let cat = catalogue(store().await);
    let pdf = b"%PDF-1.4 climate".to_vec();
    let sha = sha256_hex(&pdf);
    cat.store.put_file(&sha, &pdf).await.unwrap();
    let mut new = output(
        OutputType::Book,
        Visibility::Public,
        "sdcc",
        vec![version(Lang::En, "A book", "")],
    );
    new.versions[0].file = Some(FileRef {
        sha256: sha.clone(),
        size: 0,
        media_type: "application/pdf".into(),
        name: "book.pdf".into(),
    });
    let o = cat.create(new, None).await.unwrap();
    assert_eq!(o.versions[0].file.as_ref().unwrap().size, pdf.len() as u64);
    let mut missing = o.record.clone();
    missing.versions[0].file.as_mut().unwrap().sha256 = sha256_hex(b"nothing");
    match cat.create(missing, None).await {
        Err(KbError::Invalid(e)) => assert_eq!(e[0].field, "versions[0].file"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn set_visibility_publishes_and_documents_cite_as_generic() {
    let cat = catalogue(store().await);
    let doc = cat
        .create(
            output(
                OutputType::Document,
                Visibility::Internal,
                "sdcc",
                vec![version(
                    Lang::En,
                    "Adaptation finance memo",
                    "A memo on adaptation finance.",
                )],
            ),
            None,
        )
        .await
        .unwrap();
    assert_eq!(doc.output_type, OutputType::Document);
    let found = |cat: Catalogue| async move {
        ids(&search::run(&cat.index, &query("adaptation"), &public()).unwrap())
    };
    assert!(found(cat.clone()).await.is_empty());
    let changes = cat
        .set_visibility(&[doc.id], Visibility::Public, None)
        .await
        .unwrap();
    assert_eq!(changes[0].from, Visibility::Internal);
    assert_eq!(changes[0].output.visibility, Visibility::Public);
    assert_eq!(found(cat.clone()).await, [(doc.id, Lang::En)]);
    // again: nothing to do, nothing fails
    let again = cat
        .set_visibility(&[doc.id], Visibility::Public, None)
        .await
        .unwrap();
    assert_eq!(again[0].from, Visibility::Public);
    assert!(
        cat.ids_with_visibility(Visibility::Internal)
            .await
            .unwrap()
            .is_empty()
    );
    // an unknown id is named
    let e = cat
        .set_visibility(&[9999], Visibility::Internal, None)
        .await
        .unwrap_err();
    assert!(matches!(e, KbError::NotFound(9999)), "{e}");

    let o = cat.store.output(doc.id).await.unwrap().unwrap();
    let list = [o];
    let bib = cite::bibtex(&list, "https://desk.example/", Lang::En);
    assert!(bib.starts_with("@misc{"), "{bib}");
    let ris = cite::ris(&list, "https://desk.example/", Lang::En);
    assert!(ris.starts_with("TY  - GEN\r\n"), "{ris}");
    let csl = cite::csl_json(&list, "https://desk.example/", Lang::En);
    assert!(csl.contains("\"type\": \"document\""), "{csl}");
}

/// Two processes on one store, each with its own view of one index folder:
/// the one that writes the index applies what the other stored, through
/// the store's change feed; the other is told the index is busy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_index_follows_writes_made_elsewhere_through_the_change_feed() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("desk.db").display());
    let server_store = southdesk_store::open(&url).await.unwrap();
    let cli_store = southdesk_store::open(&url).await.unwrap();
    let dir = tmp.path().join("index");
    let tagger = Arc::new(Tagger::builtin());
    let server = Catalogue::new(
        server_store,
        Arc::new(southdesk_kb::open_index(&dir).unwrap()),
        tagger.clone(),
    );
    let mut cli = Catalogue::new(
        cli_store,
        Arc::new(southdesk_kb::open_index(&dir).unwrap()),
        tagger,
    );
    // The server takes the index (an empty store: nothing to apply).
    assert_eq!(server.catch_up().await.unwrap().position, 0);
    let en = version(
        Lang::En,
        "Fisheries subsidies and the WTO",
        "Disciplines on fisheries subsidies.",
    );
    server
        .create(
            output(
                OutputType::PolicyBrief,
                Visibility::Public,
                "ggdp",
                vec![en],
            ),
            None,
        )
        .await
        .unwrap();
    // The CLI stores without indexing each write, as `ingest` does; its
    // catch-up finds the index busy.
    cli.index_each_write = false;
    let fr = version(
        Lang::Fr,
        "La dette souveraine des pays en développement",
        "Restructuration de la dette.",
    );
    let stored = cli
        .create(
            output(
                OutputType::PolicyBrief,
                Visibility::Public,
                "ggdp",
                vec![fr],
            ),
            None,
        )
        .await
        .unwrap();
    assert!(matches!(
        cli.catch_up().await,
        Err(KbError::Search(southdesk_search::SearchError::Busy))
    ));
    let found = |c: &Catalogue| {
        search::run(&c.index, &query("dette souveraine"), &public())
            .unwrap()
            .hits
            .iter()
            .map(|h| h.output_id)
            .collect::<Vec<_>>()
    };
    assert!(found(&server).is_empty(), "not applied yet");
    // The server's follower applies it within its period.
    let follower = server.follow(std::time::Duration::from_millis(50));
    let started = std::time::Instant::now();
    while found(&server).is_empty() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "the follower did not apply the other process's write"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(found(&server), [stored.id]);
    // The other process sees the position the server reached.
    let head = cli.store.last_output_change().await.unwrap();
    assert!(
        cli.wait_for(head, std::time::Duration::from_secs(5))
            .await
            .unwrap()
    );
    // A rebuild asked for by the other process is done by the server.
    let (seq, done) = cli.reindex().await.unwrap();
    assert!(done.is_none(), "the server writes the index");
    assert!(
        cli.wait_for(seq, std::time::Duration::from_secs(5))
            .await
            .unwrap()
    );
    assert_eq!(found(&server), [stored.id]);
    // Deleting elsewhere takes it out of the server's index.
    cli.delete(stored.id).await.unwrap();
    let started = std::time::Instant::now();
    while !found(&server).is_empty() {
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    follower.abort();
}

/// An index that stopped between the store write and its own commit (a
/// crash) applies the write at its next catch-up; one that lost its folder
/// is rebuilt; an index ahead of its store (another database) too.
#[tokio::test]
async fn a_crash_between_store_and_index_is_repaired_by_the_next_catch_up() {
    let store = store().await;
    let mut cat = catalogue(store.clone());
    cat.index_each_write = false; // the write reaches the store only
    let o = cat
        .create(
            output(
                OutputType::PolicyBrief,
                Visibility::Public,
                "ggdp",
                vec![version(Lang::En, "Vaccine equity", "TRIPS waiver.")],
            ),
            None,
        )
        .await
        .unwrap();
    let hits = |c: &Catalogue| {
        search::run(&c.index, &query("vaccine equity"), &public())
            .unwrap()
            .total
    };
    assert_eq!(hits(&cat), 0);
    let done = cat.catch_up().await.unwrap();
    assert_eq!(hits(&cat), 1);
    assert_eq!(done.position, store.last_output_change().await.unwrap());
    // Incremental from there: one output, no rebuild.
    let mut record = store.output(o.id).await.unwrap().unwrap().record;
    record.versions[0].title = "Vaccine equity and the pandemic agreement".into();
    cat.update(o.id, record, None).await.unwrap();
    let step = cat.catch_up().await.unwrap();
    assert_eq!((step.rebuilt, step.outputs), (false, 1));
    assert_eq!(
        search::run(&cat.index, &query("pandemic agreement"), &public())
            .unwrap()
            .total,
        1
    );
    // An index ahead of the store it is opened with is rebuilt.
    let other = store_with_nothing().await;
    let moved = Catalogue::new(other, cat.index.clone(), cat.tagger.clone());
    let again = moved.catch_up().await.unwrap();
    assert!(again.rebuilt);
    assert_eq!(hits(&moved), 0, "nothing of the other store stays");
}

async fn store_with_nothing() -> Arc<dyn Store> {
    southdesk_store::open("sqlite::memory:").await.unwrap()
}

/// A catch-up applies what the feed held when it began and returns, even
/// while writes keep coming (a bulk load): it does not chase them one small
/// commit after another. The writer here stops only once the catch-up has
/// returned, so a catch-up that chased the feed's head would never return.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catch_up_returns_while_writes_keep_coming() {
    let mut cat = catalogue(store().await);
    cat.index_each_write = false;
    let note = |i: usize| {
        output(
            OutputType::PolicyBrief,
            Visibility::Public,
            "ggdp",
            vec![version(
                Lang::En,
                &format!("Fisheries subsidies note {i}"),
                "Disciplines on fisheries subsidies.",
            )],
        )
    };
    for i in 0..20 {
        cat.create(note(i), None).await.unwrap();
    }
    // The first catch-up rebuilds (an empty index); the next ones apply.
    cat.catch_up().await.unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (cat, stop) = (cat.clone(), stop.clone());
        tokio::spawn(async move {
            let mut written = 0usize;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                cat.create(note(1000 + written), None).await.unwrap();
                written += 1;
            }
            written
        })
    };
    // Let the writer get ahead, then catch up while it writes.
    while cat.store.last_output_change().await.unwrap() < 60 {
        tokio::task::yield_now().await;
    }
    let target = cat.store.last_output_change().await.unwrap();
    let caught = tokio::time::timeout(std::time::Duration::from_secs(30), cat.catch_up())
        .await
        .expect("the catch-up returned while the writer kept writing")
        .unwrap();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = writer.await.unwrap();
    assert!(caught.position >= target, "{caught:?} below {target}");
    assert!(written > 0);
    // What came meanwhile is applied by the next catch-up.
    let head = cat.store.last_output_change().await.unwrap();
    assert_eq!(cat.catch_up().await.unwrap().position, head);
    let total = cat
        .store
        .outputs(&OutputFilter::everything(), Page::first(1))
        .await
        .unwrap()
        .total;
    let found = search::run(&cat.index, &query("fisheries subsidies"), &public())
        .unwrap()
        .total;
    assert_eq!(found as u64, total, "every stored output is searchable");
}

#[tokio::test]
async fn a_batch_stores_its_records_with_their_files_and_a_bad_one_fails_alone() {
    let cat = catalogue(store().await);
    let pdf = b"%PDF-1.4 fisheries subsidies".to_vec();
    let sha = sha256_hex(&pdf);
    let numbered = |n: &str, title: &str| {
        let mut o = output(
            OutputType::PolicyBrief,
            Visibility::Public,
            "sdcc",
            vec![version(Lang::En, title, "Fisheries subsidies at the WTO.")],
        );
        o.number = Some(n.into());
        o
    };
    let mut first = numbered("151", "Fisheries subsidies after MC14");
    first.versions[0].file = Some(FileRef {
        sha256: sha.clone(),
        size: pdf.len() as u64,
        media_type: "application/pdf".into(),
        name: "pb151.pdf".into(),
    });
    // Each record alone is valid; the second takes the number the first
    // takes in the same batch, which only the write can tell.
    let mut batch = Vec::new();
    for new in [
        first,
        numbered("151", "A second brief numbered 151"),
        numbered("152", "Vaccines and the TRIPS waiver"),
    ] {
        batch.push(cat.prepare(new).await.unwrap());
    }
    let files = vec![
        vec![southdesk_store::NewFile {
            sha256: sha.clone(),
            bytes: Arc::new(pdf.clone()),
        }],
        vec![],
        vec![],
    ];
    let results = cat
        .create_prepared(files.into_iter().zip(batch).collect(), None)
        .await;
    assert_eq!(results.len(), 3);
    let first = results[0].as_ref().expect("the first record is stored");
    match &results[1] {
        Err(KbError::Invalid(e)) => assert_eq!(e[0].field, "number", "{e:?}"),
        other => panic!("the second record must fail on its number: {other:?}"),
    }
    let third = results[2].as_ref().expect("the third record is stored");
    // The first record's file came with it, and the tagger's proposal is
    // stored with each.
    assert_eq!(
        cat.store.file(&sha).await.unwrap().as_deref(),
        Some(&pdf[..])
    );
    assert!(!first.proposed_tags.is_empty());
    let listed = cat
        .store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap();
    let mut stored: Vec<i64> = listed.outputs.iter().map(|o| o.id).collect();
    stored.sort();
    assert_eq!(stored, vec![first.id, third.id]);
    // Both are in the index.
    let mut found = ids(&search::run(&cat.index, &query("fisheries"), &public()).unwrap());
    found.sort();
    assert_eq!(found, vec![(first.id, Lang::En), (third.id, Lang::En)]);
    let found = search::run(&cat.index, &query("vaccines"), &public()).unwrap();
    assert_eq!(ids(&found), vec![(third.id, Lang::En)]);
}
