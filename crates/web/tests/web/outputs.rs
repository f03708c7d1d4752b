//! The knowledge base through the real router: search page and API (one
//! code path), output pages, file downloads, forms with CSRF, the JSON
//! CRUD API, listings with their Atom feeds, citation exports and
//! OAI-PMH — and that a public visitor never sees an internal or
//! confidential output anywhere.

use std::sync::Arc;

use crate::common::accounts::*;
use crate::common::*;
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use southdesk_common::sha256_hex;
use southdesk_kb::Catalogue;
use southdesk_plan::outputs::{Author, FileRef, NewOutput, OutputType, OutputVersion, Visibility};
use southdesk_plan::{Lang, Role};
use southdesk_store::Store;
use southdesk_web::app::i18n::Tr;
use southdesk_web::{AppState, router};

struct Fixture {
    app: Router,
    store: Arc<dyn Store>,
    catalogue: Catalogue,
    public_en: i64,
    public_zh: i64,
    internal: i64,
    confidential: i64,
}

const PUBLIC_PDF: &[u8] = b"%PDF-1.4 public climate finance";
const INTERNAL_PDF: &[u8] = b"%PDF-1.4 internal strategy";
const SECRET_PDF: &[u8] = b"%PDF-1.4 confidential advice";

fn new_output(
    t: OutputType,
    visibility: Visibility,
    programme: &str,
    lang: Lang,
    title: &str,
    abstract_: &str,
    file: Option<(&[u8], &str)>,
) -> NewOutput {
    NewOutput {
        output_type: t,
        series: t.default_series().map(str::to_string),
        number: None,
        date: time::macros::date!(2026 - 02 - 10),
        visibility,
        versions: vec![OutputVersion {
            lang,
            title: title.into(),
            abstract_: abstract_.into(),
            body: String::new(),
            file: file.map(|(bytes, name)| FileRef {
                sha256: sha256_hex(bytes),
                size: bytes.len() as u64,
                media_type: "application/pdf".into(),
                name: name.into(),
            }),
        }],
        authors: vec![Author {
            name: "Vicente Paolo Yu".into(),
            staff: true,
            account_id: None,
            affiliation: None,
        }],
        programmes: vec![programme.into()],
        forums: vec![],
        meetings: vec![],
        countries: vec!["ZAF".into()],
        themes: vec!["climate".into()],
        sdgs: vec![13],
        tags_confirmed: true,
        proposed_tags: vec![],
    }
}

async fn fixture() -> Fixture {
    let store = seeded_store().await;
    let state = AppState::new(store.clone());
    let catalogue = state.catalogue();
    let app = router(state);
    for f in [PUBLIC_PDF, INTERNAL_PDF, SECRET_PDF] {
        store.put_file(&sha256_hex(f), f).await.unwrap();
    }
    let mut rp = new_output(
        OutputType::ResearchPaper,
        Visibility::Public,
        "sdcc",
        Lang::En,
        "Climate finance & the Green Climate Fund",
        "Developing countries need predictable climate finance.",
        Some((PUBLIC_PDF, "RP 200 — climate finance.pdf")),
    );
    rp.number = Some("200".into());
    let public_en = catalogue.create(rp, None).await.unwrap().id;
    let public_zh = catalogue
        .create(
            new_output(
                OutputType::PolicyBrief,
                Visibility::Public,
                "sdcc",
                Lang::Zh,
                "气候融资与公正转型",
                "发展中国家需要可预测的气候融资。",
                None,
            ),
            None,
        )
        .await
        .unwrap()
        .id;
    let internal = catalogue
        .create(
            new_output(
                OutputType::AnalyticalNote,
                Visibility::Internal,
                "sdcc",
                Lang::En,
                "Internal climate finance strategy Zanzibar",
                "Internal notes on climate finance, Zanzibar.",
                Some((INTERNAL_PDF, "strategy.pdf")),
            ),
            None,
        )
        .await
        .unwrap()
        .id;
    let confidential = catalogue
        .create(
            new_output(
                OutputType::AdvisoryNote,
                Visibility::Confidential,
                "ggdp",
                Lang::En,
                "Confidential climate finance advice Kilimanjaro",
                "Confidential advice on climate finance, Kilimanjaro.",
                Some((SECRET_PDF, "advice.pdf")),
            ),
            None,
        )
        .await
        .unwrap()
        .id;
    Fixture {
        app,
        store,
        catalogue,
        public_en,
        public_zh,
        internal,
        confidential,
    }
}

/// Words only the internal and the confidential output contain (never
/// highlighted by the test queries, so they show as typed).
const HIDDEN_TITLES: [&str; 2] = ["Zanzibar", "Kilimanjaro"];

fn shows_hidden(body: &str) -> Option<&'static str> {
    HIDDEN_TITLES.into_iter().find(|t| body.contains(t))
}

#[tokio::test]
async fn a_public_visitor_never_sees_internal_or_confidential_outputs() {
    let f = fixture().await;
    let app = &f.app;
    for uri in [
        "/outputs",
        "/outputs?q=climate+finance",
        "/outputs?q=%E6%B0%94%E5%80%99%E8%9E%8D%E8%B5%84",
        "/outputs?type=analytical-note",
        "/outputs?format=csv",
        "/outputs?q=climate&format=bibtex",
        "/themes/climate/outputs",
        "/themes/climate/outputs?format=ris",
        "/programmes/sdcc/outputs",
        "/programmes/ggdp/outputs",
        "/series/analytical-note",
        "/feeds/outputs.atom",
        "/feeds/themes/climate.atom",
        "/feeds/series/advisory-note.atom",
        "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/api/v1/search?q=climate",
        "/api/v1/outputs",
    ] {
        let r = get(app, uri).await;
        assert!(r.status == StatusCode::OK, "{uri}: {} {}", r.status, r.body);
        assert_eq!(shows_hidden(&r.body), None, "{uri} shows a hidden output");
    }
    // Facets count public outputs only.
    let r = get(app, "/api/v1/search?q=climate+finance").await;
    let j = r.json();
    assert_eq!(j["total"], 2, "{j}");
    let types: Vec<&str> = j["facets"]["type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert!(!types.contains(&"analytical-note") && !types.contains(&"advisory-note"));

    for id in [f.internal, f.confidential] {
        for uri in [
            format!("/outputs/{id}"),
            format!("/outputs/{id}?format=bibtex"),
            format!("/api/v1/outputs/{id}"),
        ] {
            let r = get(app, &uri).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
            assert_eq!(shows_hidden(&r.body), None, "{uri}");
        }
        let r = get(
            app,
            &format!(
                "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:southcentre.int:{id}"
            ),
        )
        .await;
        assert!(r.body.contains("idDoesNotExist"), "{}", r.body);
    }
    for bytes in [INTERNAL_PDF, SECRET_PDF] {
        let r = get(app, &format!("/files/{}", sha256_hex(bytes))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(!r.body.contains("%PDF"));
    }
}

#[tokio::test]
async fn the_secretariat_sees_what_authz_allows() {
    let f = fixture().await;
    let app = &f.app;
    add_account(f.store.as_ref(), "staff@sc.example", Role::Staff).await;
    add_account(f.store.as_ref(), "coord@sc.example", Role::Coordinator).await; // ggdp
    add_account(f.store.as_ref(), "board@sc.example", Role::Board).await;
    let staff = login(app, "staff@sc.example", PASSWORD).await;
    let coord = login(app, "coord@sc.example", PASSWORD).await;
    let board = login(app, "board@sc.example", PASSWORD).await;
    let get_as = |b: &Browser, uri: String| {
        let b = b.clone();
        async move { request(app, Method::GET, &uri, Some(&b), &[]).await }
    };

    let r = get_as(&staff, "/outputs?q=climate+finance".into()).await;
    assert!(r.body.contains("Zanzibar"));
    assert!(!r.body.contains("Kilimanjaro"));
    assert_eq!(
        get_as(&staff, format!("/outputs/{}", f.internal))
            .await
            .status,
        200
    );
    assert_eq!(
        get_as(&staff, format!("/outputs/{}", f.confidential))
            .await
            .status,
        404
    );
    assert_eq!(
        get_as(&staff, format!("/files/{}", sha256_hex(INTERNAL_PDF)))
            .await
            .status,
        200
    );

    // The GGDP coordinator: GGDP's confidential output too.
    let r = get_as(&coord, "/outputs?q=climate+finance".into()).await;
    assert!(r.body.contains("Kilimanjaro"), "{}", r.body);
    let r = get_as(&coord, format!("/files/{}", sha256_hex(SECRET_PDF))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body.as_bytes(), SECRET_PDF);

    // The board reads public outputs only.
    let r = get_as(&board, "/outputs?q=climate+finance".into()).await;
    assert_eq!(shows_hidden(&r.body), None);
    assert_eq!(
        get_as(&board, format!("/outputs/{}", f.internal))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn the_search_page_and_the_api_give_the_same_results_across_languages() {
    let f = fixture().await;
    let app = &f.app;
    for (q, encoded) in [
        ("climate finance", "climate+finance"),
        ("气候融资", "%E6%B0%94%E5%80%99%E8%9E%8D%E8%B5%84"),
    ] {
        let api = get(app, &format!("/api/v1/search?q={encoded}"))
            .await
            .json();
        let hits: Vec<(i64, String)> = api["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["output_id"].as_i64().unwrap(),
                    h["lang"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert!(
            hits.contains(&(f.public_en, "en".into()))
                && hits.contains(&(f.public_zh, "zh".into())),
            "{q}: both languages found: {hits:?}"
        );
        let page = get(app, &format!("/outputs?q={encoded}&lang=en")).await;
        assert_eq!(page.status, 200);
        // The page lists the same hits (its language only changes the ranking boost: same set).
        for (id, lang) in &hits {
            assert!(
                page.body
                    .contains(&format!("href=\"/outputs/{id}\" lang=\"{lang}\"")),
                "{q}: page lacks hit {id} ({lang})"
            );
        }
        assert!(page.body.contains("<mark>"), "highlighted");
    }
    // Filters by facet, on both.
    let api = get(app, "/api/v1/search?q=climate+finance&language=zh")
        .await
        .json();
    assert_eq!(api["total"], 1);
    let page = get(app, "/outputs?q=climate+finance&language=zh").await;
    assert!(page.body.contains(&format!("/outputs/{}", f.public_zh)));
    assert!(
        !page
            .body
            .contains(&format!("href=\"/outputs/{}\"", f.public_en))
    );
    let bad = get(app, "/api/v1/search?year=twenty").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["code"], "bad_request");
    // /outputs?year= lists by year.
    let r = get(app, "/outputs?year=2026").await;
    assert!(
        r.body
            .contains("Climate finance &amp; the Green Climate Fund")
    );
    let r = get(app, "/outputs?year=2020").await;
    assert!(!r.body.contains("Green Climate Fund"));
}

/// An output in three languages that all match is one hit, counted once in
/// the total and in each facet value, on the API and on the page; the hit
/// names its other languages.
#[tokio::test]
async fn search_shows_an_output_once_with_its_other_languages() {
    let f = fixture().await;
    let app = &f.app;
    let mut o = f.store.output(f.public_en).await.unwrap().unwrap();
    for (lang, title) in [
        (Lang::Fr, "Climate finance : le financement climatique"),
        (Lang::Es, "Climate finance: la financiación climática"),
    ] {
        o.record.versions.push(OutputVersion {
            lang,
            title: title.into(),
            abstract_: String::new(),
            body: String::new(),
            file: None,
        });
    }
    f.catalogue
        .update(o.id, o.record.clone(), None)
        .await
        .unwrap();

    let j = get(app, "/api/v1/search?q=%22climate+finance%22&hl=en")
        .await
        .json();
    assert_eq!(j["total"], 2, "the paper and the Chinese brief: {j}");
    let hits = j["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{j}");
    let paper = hits
        .iter()
        .find(|h| h["output_id"] == f.public_en)
        .expect("the paper");
    let mut langs: Vec<&str> = paper["also_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    langs.push(paper["lang"].as_str().unwrap());
    langs.sort();
    assert_eq!(langs, ["en", "es", "fr"], "{paper}");
    let counts = |facet: &str| -> Vec<(String, u64)> {
        j["facets"][facet]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["value"].as_str().unwrap().to_string(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    for (value, n) in counts("language") {
        assert_eq!(n, 1, "language {value}");
    }
    assert_eq!(counts("language").len(), 4, "en, es, fr, zh");
    assert!(
        counts("type")
            .iter()
            .any(|(v, n)| v == "research-paper" && *n == 1)
    );
    assert_eq!(
        counts("theme"),
        [("climate".to_string(), 2)],
        "two outputs, whatever their versions"
    );

    // The page: the paper once, with its other languages named.
    for lang in Lang::ALL {
        let page = get(
            app,
            &format!("/outputs?q=%22climate+finance%22&lang={}", lang.code()),
        )
        .await;
        assert_eq!(page.status, 200);
        let link = format!("class=\"hit-title\" href=\"/outputs/{}\"", f.public_en);
        assert_eq!(page.body.matches(&link).count(), 1, "{lang}: {}", page.body);
        let also = Tr::new(lang).t("kb-hit-also-in");
        assert!(
            page.body
                .contains(&format!("<span class=\"also-in\">{also} ")),
            "{lang}: {}",
            page.body
        );
        let shown = page.body.matches("class=\"also-in\"").count();
        assert_eq!(shown, 1, "only the paper matches in several languages");
        // two other languages, by name, marked with their language
        let start = page.body.find("class=\"also-in\"").unwrap();
        let span = &page.body[start..start + page.body[start..].find("</p>").unwrap()];
        assert_eq!(span.matches("data-lang=").count(), 2, "{span}");
        assert!(
            ["English", "Français", "Español"]
                .iter()
                .filter(|name| span.contains(*name))
                .count()
                == 2,
            "{span}"
        );
    }
}

#[tokio::test]
async fn an_output_page_shows_every_version_and_its_file() {
    let f = fixture().await;
    let app = &f.app;
    let mut o = f.store.output(f.public_en).await.unwrap().unwrap();
    o.record.versions.push(OutputVersion {
        lang: Lang::Fr,
        title: "Le financement climatique".into(),
        abstract_: "Résumé.".into(),
        body: "Texte intégral.".into(),
        file: None,
    });
    f.catalogue
        .update(o.id, o.record.clone(), None)
        .await
        .unwrap();
    let r = get(app, &format!("/outputs/{}", f.public_en)).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Le financement climatique"));
    assert!(r.body.contains("data-lang=\"fr\""));
    assert!(r.body.contains("data-lang=\"en\""));
    assert!(r.body.contains("Research Paper 200"));
    let sha = sha256_hex(PUBLIC_PDF);
    assert!(r.body.contains(&format!("/files/{sha}")));

    let file = get(app, &format!("/files/{sha}")).await;
    assert_eq!(file.status, 200);
    assert_eq!(file.header("content-type"), Some("application/pdf"));
    let cd = file.header("content-disposition").unwrap();
    assert!(
        cd.starts_with("attachment; filename=\"RP 200 _ climate finance.pdf\""),
        "{cd}"
    );
    assert!(
        cd.contains("filename*=UTF-8''RP%20200%20%E2%80%94%20climate%20finance.pdf"),
        "{cd}"
    );
    assert_eq!(file.body.as_bytes(), PUBLIC_PDF);
    assert_eq!(get(app, "/files/not-a-hash").await.status, 404);
    assert_eq!(get(app, "/outputs/abc").await.status, 404);

    // Exports of one output.
    let r = get(app, &format!("/outputs/{}?format=ris", f.public_en)).await;
    assert_eq!(
        r.header("content-type"),
        Some("application/x-research-info-systems; charset=utf-8")
    );
    assert!(r.header("content-disposition").unwrap().contains(".ris"));
    assert!(r.body.starts_with("TY  - RPRT\r\n"));
    let r = get(app, &format!("/outputs/{}?format=csljson", f.public_en)).await;
    let j: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(j[0]["number"], "200");
    let r = get(app, &format!("/outputs/{}?format=bibtex", f.public_en)).await;
    assert!(
        r.body
            .contains(r"title = {{Climate finance \& the Green Climate Fund}}"),
        "{}",
        r.body
    );
    assert_eq!(
        get(app, &format!("/outputs/{}?format=doc", f.public_en))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let r = get(app, "/outputs?q=climate+finance&format=csv").await;
    assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        r.body.lines().count(),
        3,
        "header and two public outputs: {}",
        r.body
    );
}

/// Parses a feed; returns the entries' ids.
fn feed_entries(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth_entry = false;
    let mut in_id = false;
    let mut ids = Vec::new();
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("bad XML ({e}): {xml}"))
        {
            Event::Start(e) if e.name().as_ref() == b"entry" => depth_entry = true,
            Event::End(e) if e.name().as_ref() == b"entry" => depth_entry = false,
            Event::Start(e) if e.name().as_ref() == b"id" && depth_entry => in_id = true,
            Event::End(e) if e.name().as_ref() == b"id" => in_id = false,
            Event::Text(t) if in_id => ids.push(t.decode().unwrap().into_owned()),
            Event::Eof => break,
            _ => {}
        }
    }
    ids
}

#[tokio::test]
async fn listings_advertise_their_feeds_and_feeds_list_public_outputs() {
    let f = fixture().await;
    let app = &f.app;
    for (page, feed) in [
        ("/outputs", "/feeds/outputs.atom"),
        ("/themes/climate/outputs", "/feeds/themes/climate.atom"),
        (
            "/series/research-paper",
            "/feeds/series/research-paper.atom",
        ),
    ] {
        let r = get(app, page).await;
        assert_eq!(r.status, 200, "{page}");
        let advertised = r
            .body
            .split("<link ")
            .skip(1)
            .filter_map(|l| l.split('>').next())
            .any(|tag| {
                tag.contains("rel=\"alternate\"")
                    && tag.contains("type=\"application/atom+xml\"")
                    && tag.contains(&format!("href=\"{feed}\""))
            });
        assert!(advertised, "{page} advertises {feed}");
        // A host other than the machine itself is reached over https
        // (the same site address as the calendar's subscribe links).
        let xml = get_with(app, feed, &[("host", "desk.example")]).await;
        assert_eq!(xml.status, 200, "{feed}");
        assert_eq!(
            xml.header("content-type"),
            Some("application/atom+xml; charset=utf-8")
        );
        let entries = feed_entries(&xml.body);
        assert!(!entries.is_empty(), "{feed}");
        for e in &entries {
            assert!(
                e == &format!("https://desk.example/outputs/{}", f.public_en)
                    || e == &format!("https://desk.example/outputs/{}", f.public_zh),
                "{feed}: {e}"
            );
        }
    }
    let all = feed_entries(&get(app, "/feeds/outputs.atom").await.body);
    assert_eq!(all.len(), 2);
    let rp = feed_entries(&get(app, "/feeds/series/research-paper.atom").await.body);
    assert_eq!(rp.len(), 1);
    assert_eq!(get(app, "/feeds/themes/nope.atom").await.status, 404);
    assert_eq!(get(app, "/feeds/themes/climate.rss").await.status, 404);
    assert_eq!(get(app, "/themes/nope/outputs").await.status, 404);
    let r = get(app, "/programmes/sdcc/outputs").await;
    assert!(r.body.contains("气候融资与公正转型"));
}

#[tokio::test]
async fn oai_pmh_over_http_get_and_post() {
    let f = fixture().await;
    let app = &f.app;
    let r = get(app, "/oai?verb=Identify").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/xml; charset=utf-8"));
    assert!(r.body.contains("<protocolVersion>2.0</protocolVersion>"));
    let r = get(app, "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").await;
    assert_eq!(r.body.matches("<header>").count(), 2);
    // Harvesters POST without any CSRF token.
    let req = Request::post("/oai")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(
            "verb=ListRecords&metadataPrefix=oai_dc&set=type:policy-brief",
        ))
        .unwrap();
    let r = send(app, req).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains("<dc:title xml:lang=\"zh\">气候融资与公正转型</dc:title>"),
        "{}",
        r.body
    );
    let r = get(app, "/oai?verb=Frobnicate").await;
    assert!(r.body.contains("<error code=\"badVerb\">"));
}

#[tokio::test]
async fn staff_create_and_edit_outputs_confirming_or_changing_the_tags() {
    let f = fixture().await;
    let app = &f.app;
    add_account(f.store.as_ref(), "staff@sc.example", Role::Staff).await;
    let staff = login(app, "staff@sc.example", PASSWORD).await;

    // The public may not open the form.
    let r = get(app, "/outputs/new").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let form = request(app, Method::GET, "/outputs/new", Some(&staff), &[]).await;
    assert_eq!(form.status, 200);
    assert!(
        csrf_in(&form.body).is_some(),
        "the form carries its CSRF token"
    );

    // Without the token: refused.
    let req = Request::post("/outputs")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", session_cookie(&staff.cookie))
        .body(Body::from(
            "type=policy-brief&date=2026-03-01&visibility=public&title_en=X",
        ))
        .unwrap();
    assert_eq!(send(app, req).await.status, StatusCode::FORBIDDEN);

    // Field errors come back in the form.
    let r = request(
        app,
        Method::POST,
        "/outputs",
        Some(&staff),
        &[
            ("type", "policy-brief"),
            ("date", "2026-03-01"),
            ("visibility", "public"),
            ("number", "3"),
            ("abstract_en", "no title"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("class=\"errors\""));
    assert!(r.body.contains("no title"), "values are kept");

    let r = request(
        app,
        Method::POST,
        "/outputs",
        Some(&staff),
        &[
            ("type", "policy-brief"),
            ("series", "Policy Brief"),
            ("number", "150"),
            ("date", "2026-03-01"),
            ("visibility", "public"),
            ("authors", "Carlos Correa\nJane Doe | University of Cape Town"),
            ("programme", "ggdp"),
            ("countries", "bra, ind"),
            ("title_en", "WTO reform and special and differential treatment"),
            ("abstract_en", "The multilateral trading system and the WTO Ministerial Conference: special and differential treatment for developing countries."),
            ("title_zh", "世贸组织改革与特殊和差别待遇"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.header("location").unwrap().to_string();
    assert!(location.ends_with("/edit?created=1"), "{location}");
    let id: i64 = location
        .trim_start_matches("/outputs/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let o = f.store.output(id).await.unwrap().unwrap();
    assert_eq!(o.countries, ["BRA", "IND"]);
    assert_eq!(
        o.authors[1].affiliation.as_deref(),
        Some("University of Cape Town")
    );
    assert!(!o.tags_confirmed);
    assert!(
        o.themes.contains(&"trade".to_string()),
        "{:?}",
        o.proposed_tags
    );
    // It is searchable at once.
    let j = get(app, "/api/v1/search?q=differential").await.json();
    assert!(
        j["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["output_id"] == id)
    );

    // The edit page shows the proposal with evidence; staff add a theme.
    let edit = request(app, Method::GET, &location, Some(&staff), &[]).await;
    assert_eq!(edit.status, 200);
    assert!(edit.body.contains("class=\"proposal\""));
    assert!(edit.body.contains("data-value=\"trade\""));
    let mut fields: Vec<(&str, &str)> = vec![
        ("type", "policy-brief"),
        ("series", "Policy Brief"),
        ("number", "150"),
        ("date", "2026-03-01"),
        ("visibility", "public"),
        ("programme", "ggdp"),
        (
            "title_en",
            "WTO reform and special and differential treatment",
        ),
        ("title_zh", "世贸组织改革与特殊和差别待遇"),
        ("theme", "trade"),
        ("theme", "health"),
    ];
    let r = request(
        app,
        Method::POST,
        &format!("/outputs/{id}/edit"),
        Some(&staff),
        &fields,
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let o = f.store.output(id).await.unwrap().unwrap();
    assert!(o.tags_confirmed);
    assert_eq!(o.themes, ["trade", "health"]);
    let corrections = f.store.tag_corrections().await.unwrap();
    assert!(!corrections.is_empty());
    assert!(
        corrections
            .iter()
            .any(|c| c.correction.added() == ["health"])
    );

    // Staff may not make it confidential to a programme they cannot read.
    fields.retain(|(k, _)| *k != "visibility");
    fields.push(("visibility", "confidential"));
    let r = request(
        app,
        Method::POST,
        &format!("/outputs/{id}/edit"),
        Some(&staff),
        &fields,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nor edit one they cannot read.
    let r = request(
        app,
        Method::GET,
        &format!("/outputs/{}/edit", f.confidential),
        Some(&staff),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_json_api_creates_reads_replaces_and_deletes_with_a_bearer_token() {
    let f = fixture().await;
    let app = &f.app;
    let staff = add_account(f.store.as_ref(), "staff@sc.example", Role::Staff).await;
    let board = add_account(f.store.as_ref(), "board@sc.example", Role::Board).await;
    let (_, token) =
        southdesk_store::credentials::create_api_token(f.store.as_ref(), staff.id, "t")
            .await
            .unwrap();
    let (_, board_token) =
        southdesk_store::credentials::create_api_token(f.store.as_ref(), board.id, "t")
            .await
            .unwrap();
    let call = |method: Method, uri: &str, token: Option<&str>, body: Option<serde_json::Value>| {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let body = match body {
            Some(b) => {
                req = req.header("content-type", "application/json");
                Body::from(b.to_string())
            }
            None => Body::empty(),
        };
        send(app, req.body(body).unwrap())
    };
    let record = serde_json::json!({
        "type": "southviews",
        "series": "SouthViews",
        "number": "300",
        "date": "2026-04-01",
        "visibility": "public",
        "versions": [{"lang": "es", "title": "Financiamiento climático", "abstract": "Resumen"}],
        "authors": [{"name": "Ana", "staff": true}],
        "programmes": ["sdcc"],
        "themes": ["climate"],
        "sdgs": [13],
        "tags_confirmed": true
    });
    let r = call(Method::POST, "/api/v1/outputs", None, Some(record.clone())).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = call(
        Method::POST,
        "/api/v1/outputs",
        Some(&board_token),
        Some(record.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = call(
        Method::POST,
        "/api/v1/outputs",
        Some(&token),
        Some(record.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let created = r.json();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["versions"][0]["lang"], "es");
    assert_eq!(created["url"], format!("/outputs/{id}"));

    let mut bad = record.clone();
    bad["versions"][0]["title"] = "".into();
    bad["sdgs"] = serde_json::json!([99]);
    bad["number"] = "301".into();
    let r = call(Method::POST, "/api/v1/outputs", Some(&token), Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> = r.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["versions[0].title", "sdgs[0]"]);

    // A body over the route's limit is refused as too large, naming the
    // limit, and nothing is stored.
    let listed = call(Method::GET, "/api/v1/outputs", Some(&token), None)
        .await
        .body;
    let mut huge = record.clone();
    huge["number"] = "302".into();
    huge["versions"][0]["abstract"] = "x"
        .repeat(southdesk_web::kb::api::MAX_RECORD_BYTES + 1)
        .into();
    let r = call(Method::POST, "/api/v1/outputs", Some(&token), Some(huge)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(r.json()["error"]["code"], "payload_too_large");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains(&southdesk_web::kb::api::MAX_RECORD_BYTES.to_string())
    );
    let after = call(Method::GET, "/api/v1/outputs", Some(&token), None)
        .await
        .body;
    assert_eq!(listed, after, "nothing stored");
    let r = call(
        Method::POST,
        "/api/v1/outputs",
        Some(&token),
        Some(record.clone()),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "SouthViews 300 is taken"
    );

    let r = call(Method::GET, &format!("/api/v1/outputs/{id}"), None, None).await;
    assert_eq!(r.status, 200);

    // Attach a file stored through the API.
    let bytes = b"%PDF-1.4 southviews 300";
    let sha = sha256_hex(bytes);
    let req = Request::put(format!("/api/v1/files/{sha}"))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(&bytes[..]))
        .unwrap();
    assert_eq!(send(app, req).await.status, StatusCode::CREATED);
    let req = Request::put(format!("/api/v1/files/{}", sha256_hex(b"other")))
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(&bytes[..]))
        .unwrap();
    assert_eq!(
        send(app, req).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut replaced = record.clone();
    replaced["versions"][0]["file"] =
        serde_json::json!({"sha256": sha, "media_type": "application/pdf", "name": "sv300.pdf"});
    let r = call(
        Method::PUT,
        &format!("/api/v1/outputs/{id}"),
        Some(&token),
        Some(replaced),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["versions"][0]["file"]["size"], bytes.len());
    assert_eq!(
        get(app, &format!("/files/{sha}")).await.body.as_bytes(),
        bytes
    );

    let r = call(
        Method::DELETE,
        &format!("/api/v1/outputs/{id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        call(Method::GET, &format!("/api/v1/outputs/{id}"), None, None)
            .await
            .status,
        404
    );
    let j = get(app, "/api/v1/search?q=Financiamiento").await.json();
    assert_eq!(j["total"], 0, "the index followed the delete");

    // The OpenAPI document describes it all.
    let doc = get(app, "/api/openapi.json").await.json();
    for path in [
        "/api/v1/search",
        "/api/v1/outputs",
        "/api/v1/outputs/{id}",
        "/api/v1/files/{sha256}",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} in the OpenAPI document"
        );
    }
    assert!(doc["paths"]["/api/v1/outputs"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/outputs/{id}"]["put"].is_object());
    assert!(doc["paths"]["/api/v1/outputs/{id}"]["delete"].is_object());
}

#[tokio::test]
async fn the_header_search_finds_what_the_reader_may_see() {
    let f = fixture().await;
    let r = get(&f.app, "/search?q=climate+finance&lang=en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body
            .contains(&format!("href=\"/outputs/{}\"", f.public_en)),
        "{}",
        r.body
    );
    assert!(
        shows_hidden(&r.body).is_none(),
        "{:?}",
        shows_hidden(&r.body)
    );
    assert!(
        !r.body.contains("id=\"find-requests\""),
        "visitors do not search requests"
    );
    // Every page's header has the box.
    let home = get(&f.app, "/?lang=en").await;
    assert!(home.body.contains("action=\"/search\""));
    // No words: the form and a word on what it searches.
    let empty = get(&f.app, "/search?lang=fr").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(
        empty
            .body
            .contains(&Tr::new(Lang::Fr).t("find-empty-title"))
    );

    // Staff also find requests; the internal output too.
    add_account(f.store.as_ref(), "ada@southcentre.example", Role::Admin).await;
    let ada = login(&f.app, "ada@southcentre.example", PASSWORD).await;
    let r = request(
        &f.app,
        Method::GET,
        "/search?q=Zanzibar&lang=en",
        Some(&ada),
        &[],
    )
    .await;
    assert!(
        r.body
            .contains(&format!("href=\"/outputs/{}\"", f.internal))
    );
    assert!(r.body.contains("id=\"find-requests\""));
}

#[tokio::test]
async fn series_are_named_in_the_readers_language_and_unknown_series_are_404() {
    let f = fixture().await;
    let fr = get(&f.app, &format!("/outputs/{}?lang=fr", f.public_en)).await;
    let label = southdesk_kb::series::display_label("Research Paper", Some("200"), Lang::Fr);
    assert_ne!(label, "Research Paper 200");
    assert!(fr.body.contains(&label), "{label}");
    let es = get(&f.app, "/series/research-paper?lang=es").await;
    assert_eq!(es.status, StatusCode::OK);
    assert!(es.body.contains(&southdesk_kb::series::display_name(
        "Research Paper",
        Lang::Es
    )));
    assert_eq!(
        get(&f.app, "/series/nope").await.status,
        StatusCode::NOT_FOUND
    );

    // Past the last page: said as such, not as "nothing matches".
    let en = Tr::new(Lang::En);
    let past = get(&f.app, "/outputs?page=99&lang=en").await;
    assert!(
        past.body.contains(&en.t("kb-past-last-title")),
        "{}",
        past.body
    );
    assert!(!past.body.contains(&en.t("kb-no-results-title")));
    let nothing = get(&f.app, "/outputs?q=xylophone&lang=en").await;
    assert!(nothing.body.contains(&en.t("kb-no-results-title")));
}

#[tokio::test]
async fn an_empty_catalogue_says_so_and_what_to_do_next() {
    let (app, store) = app_and_store().await;
    let en = Tr::new(Lang::En);
    let r = get(&app, "/outputs?lang=en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&en.t("kb-empty-title")));
    assert!(!r.body.contains(&en.t("kb-no-results-title")));
    add_account(store.as_ref(), "ada@southcentre.example", Role::Staff).await;
    let ada = login(&app, "ada@southcentre.example", PASSWORD).await;
    let r = request(&app, Method::GET, "/outputs?lang=en", Some(&ada), &[]).await;
    assert!(r.body.contains(&en.t("kb-empty-text-staff")));
}

#[tokio::test]
async fn staff_change_the_visibility_of_ticked_outputs_from_the_list() {
    use crate::common::accounts::{PASSWORD, add_account, login, request};
    use southdesk_plan::Role;
    let f = fixture().await;
    let app = &f.app;
    add_account(f.store.as_ref(), "s@southcentre.example", Role::Staff).await;
    let s = login(app, "s@southcentre.example", PASSWORD).await;

    // The public list has no checkboxes and no bulk form.
    let public = get(app, "/outputs").await;
    assert!(!public.body.contains("bulk-visibility") && !public.body.contains("hit-pick"));
    // Staff see each hit's visibility, a checkbox with a label, the form.
    let list = request(
        app,
        Method::GET,
        "/outputs?q=climate+finance",
        Some(&s),
        &[],
    )
    .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("id=\"bulk-visibility\""),
        "{}",
        list.body
    );
    assert!(list.body.contains(&format!(
        "name=\"id\" value=\"{}\" form=\"bulk-visibility\" id=\"pick-{}\"",
        f.internal, f.internal
    )));
    assert!(
        list.body
            .contains(&format!("label for=\"pick-{}\"", f.internal))
    );
    assert!(list.body.contains("data-visibility=\"internal\""));
    let back_field = list
        .body
        .split("name=\"back\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default();
    assert!(back_field.starts_with("/outputs?q=climate"), "{back_field}");

    // Bad submissions: say what is wrong, change nothing.
    let internal = f.internal.to_string();
    let confidential = f.confidential.to_string();
    for (fields, status, says) in [
        (vec![("to", "public")], 422, "Tick at least one output"),
        (
            vec![("id", internal.as_str()), ("to", "everyone")],
            422,
            "public, internal or confidential",
        ),
        (
            vec![("id", "x7"), ("to", "public")],
            422,
            "“x7” is not an output number",
        ),
        // Another programme's confidential output is not theirs to see:
        // as if it did not exist, and the internal one is left alone too.
        (
            vec![
                ("id", internal.as_str()),
                ("id", confidential.as_str()),
                ("to", "public"),
            ],
            404,
            "nothing was changed",
        ),
    ] {
        let r = request(app, Method::POST, "/outputs/visibility", Some(&s), &fields).await;
        assert_eq!(r.status, status, "{fields:?}: {}", r.body);
        assert!(r.body.contains(says), "{fields:?}: {}", r.body);
    }
    assert_eq!(
        f.store
            .output(f.internal)
            .await
            .unwrap()
            .unwrap()
            .visibility,
        Visibility::Internal
    );
    assert!(
        !get(app, "/outputs?q=Zanzibar")
            .await
            .body
            .contains("Internal climate finance strategy")
    );

    // Publish the internal one (and the already public one): back to the
    // same list, which says what changed; the public finds it at once.
    let public_en = f.public_en.to_string();
    let r = request(
        app,
        Method::POST,
        "/outputs/visibility",
        Some(&s),
        &[
            ("id", internal.as_str()),
            ("id", public_en.as_str()),
            ("to", "public"),
            ("back", "/outputs?q=climate+finance"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let back = r.header("location").unwrap().to_string();
    assert_eq!(back, "/outputs?q=climate+finance&changed=1&to=public");
    let after = request(app, Method::GET, &back, Some(&s), &[]).await;
    assert!(
        after.body.contains("One output is now “Public”."),
        "{}",
        after.body
    );
    assert_eq!(
        f.store
            .output(f.internal)
            .await
            .unwrap()
            .unwrap()
            .visibility,
        Visibility::Public
    );
    assert!(
        get(app, "/outputs?q=Zanzibar")
            .await
            .body
            .contains("Internal climate finance strategy")
    );
    assert_eq!(
        get(app, &format!("/outputs/{}", f.internal)).await.status,
        StatusCode::OK
    );

    // A foreign back address is not followed.
    let r = request(
        app,
        Method::POST,
        "/outputs/visibility",
        Some(&s),
        &[
            ("id", internal.as_str()),
            ("to", "internal"),
            ("back", "https://evil.example/"),
        ],
    )
    .await;
    assert_eq!(r.header("location"), Some("/outputs?changed=1&to=internal"));
    // The public may not post at all: they are asked to log in first.
    let anon = request(
        app,
        Method::POST,
        "/outputs/visibility",
        None,
        &[("id", internal.as_str()), ("to", "public")],
    )
    .await;
    assert!(
        anon.header("location")
            .is_some_and(|l| l.starts_with("/login")),
        "{:?} {:?}",
        anon.status,
        anon.header("location")
    );
    assert_eq!(
        f.store
            .output(f.internal)
            .await
            .unwrap()
            .unwrap()
            .visibility,
        Visibility::Internal
    );
}

#[tokio::test]
async fn field_syntax_in_the_search_box_is_never_a_server_error() {
    let f = fixture().await;
    for q in [
        "title:*",
        "body:*",
        "summary:*",
        "title:%5Ba%20TO%20z%5D",
        "%2A",
    ] {
        let page = get(&f.app, &format!("/outputs?q={q}")).await;
        assert_eq!(page.status, StatusCode::OK, "/outputs?q={q}");
        let api = get(&f.app, &format!("/api/v1/search?q={q}")).await;
        assert_eq!(
            api.status,
            StatusCode::OK,
            "/api/v1/search?q={q}: {}",
            api.body
        );
        assert!(shows_hidden(&page.body).is_none());
    }
}
