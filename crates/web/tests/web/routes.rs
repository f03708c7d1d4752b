//! Every route through the real router over an in-memory SQLite store:
//! status, headers and content; language negotiation; the JSON API's shape;
//! the OpenAPI document; 404s in JSON and HTML.

use crate::common::*;
use axum::http::StatusCode;
use southdesk_plan::{Lang, Plan};
use southdesk_web::{AppState, router};

fn plan() -> Plan {
    Plan::embedded_2026_2028()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// Text as maud escapes it in HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ---- pages -----------------------------------------------------------------

#[tokio::test]
async fn home_shows_the_plan_at_a_glance() {
    let app = app().await;
    let plan = plan();
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("vary"), Some("Accept-Language, Cookie"));
    let html = &r.body;
    assert_eq!(html_lang(html).as_deref(), Some("en"));
    assert!(html.contains(&format!(
        "<h1 id=\"page-heading\">{}</h1>",
        esc(&plan.title.en)
    )));
    assert_eq!(plan.themes.len(), 14);
    assert_eq!(count(html, "<li class=\"card"), 14, "14 area cards");
    for t in &plan.themes {
        assert!(
            html.contains(&format!("href=\"/themes/{}\"", t.id)),
            "card links to {}",
            t.id
        );
        assert!(html.contains(&esc(&t.title.en)), "title of {}", t.id);
    }
    for o in &plan.objectives {
        assert!(html.contains(&esc(&o.title.en)), "objective {}", o.id);
    }
    assert_eq!(plan.modes.len(), 4);
    for m in &plan.modes {
        assert!(html.contains(&format!(
            "<li data-mode=\"{}\">{}</li>",
            m.id,
            esc(&m.title.en)
        )));
    }
    // The matrix: one row per area, one column per programme, cells marked.
    assert!(html.contains("<table class=\"matrix\">"));
    let rows =
        count(html, "<tr data-theme=") + count(html, "<tr class=\"cross-cutting\" data-theme=");
    assert_eq!(rows, 14);
    let leads = count(html, "<td class=\"cell-lead\">");
    assert_eq!(leads, 14, "every area has one lead");
    let supporting: usize = plan.themes.iter().map(|t| t.supporting.len()).sum();
    assert_eq!(count(html, "<td class=\"cell-supporting\">"), supporting);
    let cross = plan.themes.iter().filter(|t| t.is_cross_cutting()).count();
    assert_eq!(count(html, "<tr class=\"cross-cutting\""), cross);
    assert!(
        html.contains("Leads the area") && html.contains("Supports the area"),
        "legend"
    );
    assert!(html.contains("Adopted on 20 November 2025"));
    for p in &plan.programmes {
        assert!(
            html.contains(&esc(&p.name.en)),
            "programme key names {}",
            p.id
        );
    }
}

#[tokio::test]
async fn home_in_chinese_uses_the_plans_chinese_texts() {
    let app = app().await;
    let plan = plan();
    let r = get(&app, "/?lang=zh").await;
    assert_eq!(html_lang(&r.body).as_deref(), Some("zh"));
    assert!(r.body.contains(&esc(&plan.title.zh)));
    for t in &plan.themes {
        assert!(r.body.contains(&esc(&t.title.zh)), "zh title of {}", t.id);
    }
    assert!(r.body.contains("2025年11月20日通过"));
}

#[tokio::test]
async fn area_pages_show_everything_about_the_area() {
    let app = app().await;
    let plan = plan();
    for t in &plan.themes {
        let r = get(&app, &format!("/themes/{}", t.id)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", t.id);
        let html = &r.body;
        assert!(html.contains(&format!(
            "<h1 id=\"page-heading\">{}</h1>",
            esc(&t.title.en)
        )));
        assert!(html.contains(&esc(&t.summary.en)), "summary of {}", t.id);
        for topic in &t.topics {
            assert!(
                html.contains(&esc(&topic.title.en)),
                "topic {} of {}",
                topic.id,
                t.id
            );
        }
        for f in &t.forums {
            let forum = plan.forum(f).expect("forum exists");
            assert!(html.contains(&esc(&forum.name.en)), "forum {f} of {}", t.id);
            assert!(
                html.contains(&esc(&forum.acronym.en)),
                "forum {f} of {}",
                t.id
            );
        }
        for p in t.programmes() {
            let p = plan.programme(p).expect("programme exists");
            assert!(html.contains(&p.acronym) && html.contains(&esc(&p.name.en)));
        }
        assert!(html.contains("Lead programme") && html.contains("Supporting programmes"));
        for o in &plan.objectives {
            assert!(html.contains(&esc(&o.title.en)));
        }
        assert!(html.contains(&format!("Area {}", t.number)));
        assert!(html.contains(&format!("href=\"/api/v1/plan/themes/{}\"", t.id)));
    }
}

#[tokio::test]
async fn area_page_in_french() {
    let app = app().await;
    let t = &plan().themes[0];
    let r = get(&app, &format!("/themes/{}?lang=fr", t.id)).await;
    assert_eq!(html_lang(&r.body).as_deref(), Some("fr"));
    assert!(r.body.contains(&esc(&t.title.fr)));
    assert!(r.body.contains("Programme pilote"));
}

#[tokio::test]
async fn unknown_area_and_unknown_page_are_translated_404s() {
    let app = app().await;
    let r = get(&app, "/themes/atlantis").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("Page not found"));
    assert!(r.body.contains("no thematic area with this identifier"));

    let r = get_with(&app, "/themes/atlantis", &[("accept-language", "es-419")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(html_lang(&r.body).as_deref(), Some("es"));
    assert!(r.body.contains("Página no encontrada"));

    let r = get(&app, "/nothing/here?lang=zh").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("未找到页面"));
    assert!(r.body.contains("href=\"/\""), "links home");
}

#[tokio::test]
async fn versions_page_lists_stored_versions() {
    let app = app().await;
    let r = get(&app, "/plan/versions").await;
    assert_eq!(r.status, StatusCode::OK);
    let html = &r.body;
    assert!(html.contains("<h1 id=\"page-heading\">Plan versions</h1>"));
    assert!(html.contains("2026–2028 as adopted"));
    assert!(html.contains("<td>2026–2028</td>"));
    assert!(html.contains("status-adopted\">In force<"));
    assert!(html.contains("<time datetime=\"2025-11-20\">20 November 2025</time>"));
    assert!(html.contains("<td>14</td>"));

    let r = get(&app, "/plan/versions?lang=fr").await;
    assert!(r.body.contains("En vigueur") && r.body.contains("20 novembre 2025"));
}

#[tokio::test]
async fn versions_page_with_drafts_and_no_adoption_date() {
    let store = seeded_store().await;
    let mut draft = embedded_version();
    draft.status = southdesk_plan::VersionStatus::Draft;
    draft.adopted_on = None;
    draft.label = "Draft for the Board".into();
    store.insert_plan_version(draft).await.unwrap();
    let app = router(AppState::new(store));
    let r = get(&app, "/plan/versions?lang=es").await;
    assert_eq!(count(&r.body, "<tr data-version="), 2);
    assert!(r.body.contains("Draft for the Board"));
    assert!(r.body.contains("status-draft\">Borrador<"));
    assert!(r.body.contains("No aprobada"));
    // Newest first.
    assert!(r.body.find("Draft for the Board") < r.body.find("2026–2028 as adopted"));
}

#[tokio::test]
async fn open_data_page_links_to_the_api_and_its_docs() {
    let app = app().await;
    let r = get(&app, "/api").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("href=\"/api/docs/\""));
    assert!(r.body.contains("href=\"/api/openapi.json\""));
    assert!(r.body.contains("href=\"/api/v1/plan\""));
    assert!(r.body.contains("aria-current=\"page\">Open data<"));
    let r = get(&app, "/api/").await;
    assert_eq!(r.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(r.header("location"), Some("/api"));
}

#[tokio::test]
async fn without_an_adopted_plan() {
    let app = router(AppState::new(empty_store().await));
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("No plan in force"));
    assert!(r.body.contains("href=\"/plan/versions\""));
    let r = get(&app, "/themes/climate").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/plan/versions").await;
    assert!(r.body.contains("No version of the plan is stored yet."));
    let r = get(&app, "/api/v1/plan").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "no_adopted_plan");
    let r = get(&app, "/api/v1/plan/themes/climate").await;
    assert_eq!(r.json()["error"]["code"], "no_adopted_plan");
    let r = get(&app, "/api/v1/plan/versions").await;
    assert_eq!(r.json(), serde_json::json!({"versions": []}));
}

#[tokio::test]
async fn when_the_store_is_down() {
    let store = seeded_store().await;
    let app = router(AppState::new(store.clone()));
    store.close().await;
    let r = get(&app, "/healthz").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    let j = r.json();
    assert_eq!(j["status"], "unavailable");
    assert_eq!(j["store"], "sqlite");
    assert!(j["error"]["code"].is_string());

    let r = get(&app, "/?lang=fr").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.body.contains("Service indisponible"));

    let r = get(&app, "/api/v1/plan").await;
    assert!(r.status.is_server_error());
    let code = r.json()["error"]["code"].as_str().unwrap().to_string();
    assert!(
        ["store_unavailable", "internal_error"].contains(&code.as_str()),
        "{code}"
    );
}

// ---- static files, headers --------------------------------------------------

#[tokio::test]
async fn stylesheet_is_linked_with_a_hash_and_cached() {
    let app = app().await;
    let home = get(&app, "/").await;
    let start = home
        .body
        .find("/static/app.css?v=")
        .expect("stylesheet link");
    let href = &home.body[start..start + home.body[start..].find('"').unwrap()];
    let r = get(&app, href).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        r.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(r.body.contains(".matrix"));
    let etag = r.header("etag").unwrap().to_string();
    let r = get_with(&app, href, &[("if-none-match", &etag)]).await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    // An old or missing hash is revalidated, not cached for a year.
    let r = get(&app, "/static/app.css?v=old").await;
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    let r = get(&app, "/static/favicon.svg").await;
    assert_eq!(r.header("content-type"), Some("image/svg+xml"));
    assert_eq!(
        get(&app, "/static/nope.js").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let app = app().await;
    for uri in [
        "/",
        "/themes/climate",
        "/api/v1/plan",
        "/healthz",
        "/nope",
        "/api/openapi.json",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{uri}");
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'self'"), "{uri}: {csp}");
        assert!(!csp.contains("unsafe"), "{uri}: {csp}");
        assert!(r.header("x-frame-options").is_some(), "{uri}");
    }
    // Swagger UI needs inline styles; still nothing from elsewhere.
    let r = get(&app, "/api/docs/").await;
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("style-src 'self' 'unsafe-inline'"));
    assert!(!csp.contains("script-src 'self' 'unsafe"), "{csp}");
    // No inline style attributes or scripts in our pages (the CSP forbids them).
    let home = get(&app, "/").await.body;
    assert!(!home.contains(" style=\"") && !home.contains("<script"));
}

#[tokio::test]
async fn healthz_pings_the_store() {
    let app = app().await;
    let r = get(&app, "/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json(),
        serde_json::json!({"status": "ok", "store": "sqlite"})
    );
}

// ---- language negotiation ------------------------------------------------------

#[tokio::test]
async fn language_from_query_sets_a_cookie() {
    let app = app().await;
    let r = get(&app, "/?lang=fr").await;
    assert_eq!(html_lang(&r.body).as_deref(), Some("fr"));
    let cookie = r.header("set-cookie").expect("cookie set");
    assert!(cookie.starts_with("lang=fr;"), "{cookie}");
    assert!(
        cookie.contains("Path=/") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    // A query beats cookie and header.
    let r = get_with(
        &app,
        "/?lang=es",
        &[("cookie", "lang=zh"), ("accept-language", "fr")],
    )
    .await;
    assert_eq!(html_lang(&r.body).as_deref(), Some("es"));
    // Tags with a region work too.
    let r = get(&app, "/?lang=zh-CN").await;
    assert_eq!(html_lang(&r.body).as_deref(), Some("zh"));
    assert!(r.header("set-cookie").unwrap().starts_with("lang=zh;"));
}

#[tokio::test]
async fn language_from_cookie() {
    let app = app().await;
    let r = get_with(&app, "/plan/versions", &[("cookie", "theme=dark; lang=zh")]).await;
    assert_eq!(html_lang(&r.body).as_deref(), Some("zh"));
    assert!(
        r.header("set-cookie").is_none(),
        "only ?lang= sets the cookie"
    );
    // The cookie beats Accept-Language; an unknown ?lang= is ignored.
    let r = get_with(
        &app,
        "/?lang=de",
        &[("cookie", "lang=es"), ("accept-language", "fr")],
    )
    .await;
    assert_eq!(html_lang(&r.body).as_deref(), Some("es"));
    assert!(r.header("set-cookie").is_none());
}

#[tokio::test]
async fn language_from_accept_language_with_q_values() {
    let app = app().await;
    let cases = [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7", "fr"),
        ("es-419", "es"),
        ("de-DE, en;q=0.2, es;q=0.5", "es"),
        ("en;q=0.1, fr;q=0.4", "fr"),
        ("fr;q=0, en;q=0.5", "en"),
        ("de, ja;q=0.9", "en"),
        ("*", "en"),
    ];
    for (header, expected) in cases {
        let r = get_with(&app, "/", &[("accept-language", header)]).await;
        assert_eq!(html_lang(&r.body).as_deref(), Some(expected), "{header}");
    }
    let r = get(&app, "/").await;
    assert_eq!(html_lang(&r.body).as_deref(), Some("en"), "default");
}

#[tokio::test]
async fn language_switcher_links_to_the_same_path() {
    let app = app().await;
    let r = get(&app, "/themes/climate?lang=es").await;
    for lang in Lang::ALL {
        let link = format!(
            "<a href=\"/themes/climate?lang={0}\" lang=\"{0}\" hreflang=\"{0}\"",
            lang.code()
        );
        assert!(r.body.contains(&link), "{link}");
        assert!(r.body.contains(lang.endonym()));
    }
    assert!(
        r.body
            .contains("hreflang=\"es\" aria-current=\"true\">Español<")
    );
}

// ---- JSON API --------------------------------------------------------------------

fn assert_four_languages(v: &serde_json::Value, what: &str) {
    for lang in ["zh", "en", "fr", "es"] {
        let s = v[lang]
            .as_str()
            .unwrap_or_else(|| panic!("{what}.{lang} missing: {v}"));
        assert!(!s.trim().is_empty(), "{what}.{lang} is empty");
    }
    assert_eq!(v.as_object().unwrap().len(), 4, "{what}: {v}");
}

fn assert_theme_shape(t: &serde_json::Value) {
    let id = t["id"].as_str().expect("theme id");
    assert!(t["number"].as_u64().is_some());
    assert_four_languages(&t["title"], &format!("{id}.title"));
    assert_four_languages(&t["summary"], &format!("{id}.summary"));
    for topic in t["topics"].as_array().unwrap() {
        assert!(topic["id"].is_string());
        assert_four_languages(&topic["title"], &format!("{id}.topics"));
    }
    for f in t["forums"].as_array().unwrap() {
        assert!(f["id"].is_string());
        assert_four_languages(&f["acronym"], &format!("{id}.forums.acronym"));
        assert_four_languages(&f["name"], &format!("{id}.forums.name"));
    }
    assert!(t["lead"]["acronym"].is_string());
    assert_four_languages(&t["lead"]["name"], &format!("{id}.lead"));
    let supporting = t["supporting"].as_array().unwrap();
    assert_eq!(t["cross_cutting"], !supporting.is_empty());
}

#[tokio::test]
async fn api_plan_has_14_themes_in_four_languages() {
    let app = app().await;
    let r = get(&app, "/api/v1/plan").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let j = r.json();
    assert_eq!(j["period"], serde_json::json!({"start": 2026, "end": 2028}));
    assert_four_languages(&j["title"], "title");
    let themes = j["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 14);
    let numbers: Vec<u64> = themes
        .iter()
        .map(|t| t["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, (1..=14).collect::<Vec<_>>());
    for t in themes {
        assert_theme_shape(t);
    }
    assert_eq!(j["objectives"].as_array().unwrap().len(), 4);
    for o in j["objectives"].as_array().unwrap() {
        assert_four_languages(&o["title"], "objective");
    }
    let modes: Vec<&str> = j["modes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        modes,
        ["research", "policy-advice", "capacity-building", "advocacy"]
    );
    assert!(j["programmes"].as_array().unwrap().len() >= 2);
    assert!(!j["forums"].as_array().unwrap().is_empty());
    let v = &j["version"];
    assert_eq!(v["status"], "adopted");
    assert_eq!(v["adopted_on"], "2025-11-20");
    assert_eq!(v["themes"], 14);
    assert_eq!(v["label"], "2026–2028 as adopted");
    assert!(v["id"].as_i64().is_some() && v["created_at"].is_string());
}

#[tokio::test]
async fn api_theme_by_id() {
    let app = app().await;
    for t in &plan().themes {
        let r = get(&app, &format!("/api/v1/plan/themes/{}", t.id)).await;
        assert_eq!(r.status, StatusCode::OK);
        let j = r.json();
        assert_eq!(j["id"], t.id.as_str());
        assert_eq!(j["title"]["zh"], t.title.zh.as_str());
        assert_eq!(j["lead"]["id"], t.lead.as_str());
        assert_theme_shape(&j);
    }
    let r = get(&app, "/api/v1/plan/themes/atlantis").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let j = r.json();
    assert_eq!(j["error"]["code"], "not_found");
    assert!(j["error"]["message"].as_str().unwrap().contains("atlantis"));
}

#[tokio::test]
async fn api_versions() {
    let app = app().await;
    let r = get(&app, "/api/v1/plan/versions").await;
    assert_eq!(r.status, StatusCode::OK);
    let list = r.json()["versions"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    let id = list[0]["id"].as_i64().unwrap();
    assert_eq!(list[0]["status"], "adopted");
    assert_eq!(list[0]["period"]["start"], 2026);
    assert_eq!(list[0]["source"], "embedded:data/plans/2026-2028.toml");

    let r = get(&app, &format!("/api/v1/plan/versions/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["version"]["id"], id);
    assert_eq!(j["themes"].as_array().unwrap().len(), 14);
    assert_eq!(
        j,
        get(&app, "/api/v1/plan").await.json(),
        "same document as the adopted plan"
    );

    let r = get(&app, "/api/v1/plan/versions/9999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
    // An id that is not a whole number names no version: 404, as for
    // every `{id}` of the app (`PathId`).
    for bad in ["latest", "0", "-1", "1.5"] {
        let r = get(&app, &format!("/api/v1/plan/versions/{bad}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        assert_eq!(r.json()["error"]["code"], "not_found", "{bad}");
    }
}

#[tokio::test]
async fn unknown_api_paths_answer_json_and_pages_html() {
    let app = app().await;
    let r = get(&app, "/api/v1/nothing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json()["error"]["code"], "not_found");
    let r = get(&app, "/api/v2/plan").await;
    assert_eq!(r.json()["error"]["code"], "not_found");
    let r = get(&app, "/nothing").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.starts_with("<!DOCTYPE html>"));
}

/// One answer for a bad `{id}` everywhere (`PathId`): anything but a whole
/// number from 1 names no record, so pages answer their 404 page in the
/// reader's language, inside the frame, and the API answers `not_found`.
#[tokio::test]
async fn a_bad_id_is_not_found_on_every_page_and_route() {
    let app = app().await;
    for bad in ["abc", "0", "-3", "1.5", "99999999999999999999"] {
        for page in ["/outputs", "/meetings"] {
            let r = get(&app, &format!("{page}/{bad}?lang=fr")).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{page}/{bad}");
            assert!(r.body.starts_with("<!DOCTYPE html>"), "{page}/{bad}");
            assert!(
                r.body.contains("Page introuvable"),
                "{page}/{bad}: {}",
                r.body
            );
            assert!(r.body.contains("lang=\"fr\""), "{page}/{bad}");
        }
        for api in [
            "/api/v1/outputs",
            "/api/v1/meetings",
            "/api/v1/plan/versions",
        ] {
            let r = get(&app, &format!("{api}/{bad}")).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{api}/{bad}");
            assert_eq!(r.json()["error"]["code"], "not_found", "{api}/{bad}");
        }
    }
}

// ---- OpenAPI ---------------------------------------------------------------------

#[tokio::test]
async fn openapi_document_lists_every_api_path() {
    let app = app().await;
    let r = get(&app, "/api/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["info"]["title"], "southdesk API");
    assert_eq!(
        doc["info"]["license"]["identifier"], "MIT",
        "the project's licence"
    );
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/plan",
        "/api/v1/plan/themes/{id}",
        "/api/v1/plan/versions",
        "/api/v1/plan/versions/{id}",
        "/healthz",
    ] {
        assert!(
            paths[path]["get"]["responses"]["200"].is_object(),
            "{path} in {paths:?}"
        );
    }
    let tag = &paths["/api/v1/tag"]["post"];
    assert!(tag["requestBody"].is_object(), "{tag}");
    for status in ["200", "400", "413", "422"] {
        assert!(
            tag["responses"][status].is_object(),
            "POST /api/v1/tag {status}"
        );
    }
    // The account of a bearer token, and the scheme it declares.
    let me = &paths["/api/v1/me"]["get"];
    assert!(me["responses"]["401"].is_object(), "{me}");
    assert_eq!(me["security"][0]["bearer"], serde_json::json!([]));
    let scheme = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(scheme["type"], "http", "{scheme}");
    assert_eq!(scheme["scheme"], "bearer", "{scheme}");
    // Other parts of the API (requests, outputs, meetings) have their own
    // paths, checked by their own tests: no exact count here.
    assert!(paths.len() >= 7, "{} paths", paths.len());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in [
        "PlanDocument",
        "Theme",
        "Localized",
        "VersionMeta",
        "VersionList",
        "ErrorBody",
        "Health",
        "TagRequest",
        "TagResponse",
        "ThemeTag",
        "SdgTag",
        "Evidence",
        "Term",
    ] {
        assert!(schemas.contains_key(s), "schema {s}");
    }
    // Every $ref resolves.
    let text = r.body;
    for (i, _) in text.match_indices("\"$ref\":\"#/components/schemas/") {
        let rest = &text[i + "\"$ref\":\"#/components/schemas/".len()..];
        let name = &rest[..rest.find('"').unwrap()];
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = app().await;
    let r = get(&app, "/api/docs").await;
    assert!(r.status.is_redirection());
    let r = get(&app, "/api/docs/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("swagger-ui"));
    for file in [
        "swagger-ui-bundle.js",
        "swagger-ui.css",
        "swagger-initializer.js",
    ] {
        let r = get(&app, &format!("/api/docs/{file}")).await;
        assert_eq!(r.status, StatusCode::OK, "{file}");
    }
    let init = get(&app, "/api/docs/swagger-initializer.js").await.body;
    assert!(init.contains("/api/openapi.json"), "{init}");
    assert!(init.contains("\"validatorUrl\": \"none\""), "{init}");
}
