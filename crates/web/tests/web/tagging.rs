//! Tagging a text: `POST /api/v1/tag` and the `/tag` page.

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{Value, json};

const ZH_TRADE: &str =
    "南方中心呼吁推动世贸组织改革，恢复上诉机构，保障发展中国家在多边贸易体制中的特殊和差别待遇。";
const FR_CARBON_TAX: &str = "Le Centre Sud analyse la taxe carbone aux frontières de l’Union européenne et ses effets sur les exportations des pays en développement, ainsi que la coopération fiscale internationale.";

async fn api_tag(app: &axum::Router, body: &Value) -> Reply {
    post(app, "/api/v1/tag", "application/json", body.to_string()).await
}

fn assert_error(r: &Reply, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("application/json")),
        "{:?}",
        r.header("content-type")
    );
    let v = r.json();
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

/// The submitted text as the result page shows it, highlights taken out.
fn tagged_text(html: &str) -> String {
    let marker = "id=\"tagged-text\">";
    let start = html.find(marker).expect("the text is shown") + marker.len();
    let inner = &html[start..start + html[start..].find("</div>").unwrap()];
    let mut out = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

fn theme<'a>(v: &'a Value, id: &str) -> Option<&'a Value> {
    v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
}

#[tokio::test]
async fn api_tags_a_chinese_text_with_titles_and_character_offsets() {
    let app = app().await;
    let r = api_tag(&app, &json!({"text": ZH_TRADE, "id": "doc-1"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let v = r.json();
    assert_eq!(v["id"], "doc-1");
    let trade = theme(&v, "trade").unwrap_or_else(|| panic!("trade in {v}"));
    assert_eq!(trade["title"]["zh"], "国际贸易与发展");
    assert_eq!(trade["title"]["en"], "International trade and development");
    let score = trade["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score));
    assert!(trade.get("candidate").is_none(), "only listed when true");
    assert!(trade["terms"].is_array());
    assert!(
        trade.get("features").is_none(),
        "n-grams are no longer sent"
    );
    let chars: Vec<char> = ZH_TRADE.chars().collect();
    let evidence = trade["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    for e in evidence {
        let (start, end) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let seen: String = chars[start..end].iter().collect();
        assert_eq!(seen, e["term"].as_str().unwrap(), "character offsets");
        assert!(e["source"].is_string());
    }
    assert!(
        evidence
            .iter()
            .any(|e| e["term"].as_str().unwrap().contains("世贸组织")),
        "{trade}"
    );
    for s in v["sdgs"].as_array().unwrap() {
        let goal = s["goal"].as_u64().unwrap();
        assert!((1..=17).contains(&goal));
        for lang in ["zh", "en", "fr", "es"] {
            assert!(
                s["title"][lang].as_str().is_some_and(|t| !t.is_empty()),
                "{s}"
            );
        }
    }
}

#[tokio::test]
async fn api_with_all_lists_at_least_as_much() {
    let app = app().await;
    let count =
        |v: &Value| v["themes"].as_array().unwrap().len() + v["sdgs"].as_array().unwrap().len();
    let some = api_tag(&app, &json!({"text": FR_CARBON_TAX})).await.json();
    let all = api_tag(&app, &json!({"text": FR_CARBON_TAX, "all": true}))
        .await
        .json();
    assert!(
        theme(&all, "climate").is_some() && theme(&all, "tax").is_some(),
        "{all}"
    );
    assert!(count(&all) >= count(&some));
    // Whatever is listed beyond the default answer is marked as a candidate.
    for t in all["themes"].as_array().unwrap() {
        if theme(&some, t["id"].as_str().unwrap()).is_none() {
            assert_eq!(t["candidate"], true, "{t}");
        }
    }
}

#[tokio::test]
async fn api_errors_have_stable_codes() {
    let app = app().await;
    assert_error(
        &api_tag(&app, &json!({"text": "  \n\t "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "empty_text",
    );
    assert_error(
        &api_tag(&app, &json!({"text": ""})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "empty_text",
    );
    assert_error(
        &post(&app, "/api/v1/tag", "application/json", "{\"text\": ").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &api_tag(&app, &json!({"words": "trade"})).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &post(&app, "/api/v1/tag", "text/plain", "trade").await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let big = "trade ".repeat(400_000); // 2.4 MB
    assert_error(
        &api_tag(&app, &json!({ "text": big })).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    );
    // GET is not a way to tag.
    assert_eq!(
        get(&app, "/api/v1/tag").await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

#[tokio::test]
async fn tag_page_shows_the_form_in_the_nav() {
    let app = app().await;
    let r = get(&app, "/tag?lang=en").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("<form id=\"tag-form\""), "{}", r.body);
    assert!(r.body.contains("method=\"post\" action=\"/tag\""));
    assert!(r.body.contains("<textarea id=\"f-text\" name=\"text\""));
    assert!(r.body.contains("<label for=\"f-text\">"), "labelled");
    assert!(r.body.contains("id=\"f-text-hint\""), "with a hint");
    assert!(!r.body.contains(">Clear the form<"), "nothing to clear yet");
    assert!(
        r.body
            .contains("<a href=\"/tag\" aria-current=\"page\">Tag a text</a>")
    );
    // Our own script, from this origin, never inline.
    assert!(r.body.contains("<script src=\"/static/tag.js?v="));
    assert!(!r.body.contains("<script>"));
    let js = get(&app, "/static/tag.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert!(js.body.contains("FileReader"));
    // Every page links to it.
    assert!(
        get(&app, "/?lang=fr")
            .await
            .body
            .contains("Analyser un texte")
    );
}

#[tokio::test]
async fn chinese_text_about_wto_reform_is_tagged_trade_with_the_evidence_marked() {
    let app = app().await;
    let r = post_form(&app, "/tag?lang=zh", &[("text", ZH_TRADE)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(html_lang(&r.body).as_deref(), Some("zh"));
    // The area, titled from the adopted plan in Chinese, links to its page.
    assert!(
        r.body
            .contains("<a href=\"/themes/trade\">国际贸易与发展</a>"),
        "{}",
        r.body
    );
    // The evidence is highlighted, named after its tags (overlapping
    // evidence of several tags is one highlight naming them all).
    let end = r
        .body
        .find("世贸组织")
        .and_then(|i| r.body[i..].find("</mark>").map(|j| i + j))
        .unwrap_or_else(|| panic!("no mark around 世贸组织: {}", r.body));
    let mark = &r.body[r.body[..end].rfind("<mark title=\"").unwrap()..end];
    assert!(!mark[1..].contains('<'), "one element: {mark}");
    assert!(mark.contains("世贸组织"), "{mark}");
    assert!(mark.contains("国际贸易与发展"), "{mark}");
    assert!(r.body.contains("<meter "), "scores as bars");
    assert!(r.body.contains("词表"), "evidence source in Chinese");
    // SDGs with their number and Chinese name.
    assert!(r.body.contains("目标17"), "{}", r.body);
    assert!(r.body.contains("促进目标实现的伙伴关系"));
    // The text is shown again, whole.
    assert_eq!(tagged_text(&r.body), ZH_TRADE);
}

#[tokio::test]
async fn french_text_about_a_carbon_tax_shows_climate_and_tax() {
    let app = app().await;
    let r = post_form(&app, "/tag?lang=fr", &[("text", FR_CARBON_TAX)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("href=\"/themes/climate\""), "{}", r.body);
    assert!(r.body.contains("href=\"/themes/tax\""), "{}", r.body);
    assert!(
        r.body
            .contains(">Changements climatiques, questions environnementales")
    );
    // One highlight for the two tags that share the evidence.
    let end = r
        .body
        .find(">taxe carbone</mark>")
        .unwrap_or_else(|| panic!("no mark on the carbon tax: {}", r.body));
    let tag = &r.body[r.body[..end].rfind("<mark ").unwrap()..end];
    assert!(
        tag.contains("Réforme du système fiscal international"),
        "{tag}"
    );
    assert!(tag.contains("Changements climatiques"), "{tag}");
    assert_eq!(r.body.matches(">taxe carbone</mark>").count(), 1);
    assert_eq!(tagged_text(&r.body), FR_CARBON_TAX);
    assert!(r.body.contains("ODD 17"), "SDG in French: {}", r.body);
    assert!(r.body.contains("Indices dans le texte"));
}

#[tokio::test]
async fn html_in_the_text_is_shown_not_run() {
    let app = app().await;
    let r = post_form(
        &app,
        "/tag?lang=en",
        &[("text", "<script>alert(1)</script> WTO reform & trade")],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("<script>alert"));
    assert!(r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[tokio::test]
async fn empty_and_too_large_texts_get_translated_messages() {
    let app = app().await;
    let r = post_form(&app, "/tag?lang=es", &[("text", "   ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("No hay ningún texto que analizar"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<form id=\"tag-form\""));

    // Just over 1 MB of text: refused with a message, the text not echoed.
    let big = "x".repeat(1024 * 1024 + 1);
    let r = post_form(&app, "/tag?lang=fr", &[("text", &big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.body.contains("Le texte dépasse 1 Mo"),
        "{}",
        &r.body[..2000]
    );
    assert!(r.body.len() < 100_000);

    // Far larger than the form limit: the same message.
    let huge = "y".repeat(9 * 1024 * 1024);
    let r = post_form(&app, "/tag?lang=zh", &[("text", &huge)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("文本超过 1 MB"));

    // Not a form at all.
    let r = post(&app, "/tag?lang=en", "application/json", "{}").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("The form could not be read"));
}

const EN_TRADE: &str = "The South Centre calls for reform of the WTO, restoring the Appellate Body and special and differential treatment for developing countries in the multilateral trading system, and for development finance and debt relief.";

/// Every explanation term of every tag of `v` (an answer of the API).
fn terms(v: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for list in ["themes", "sdgs"] {
        for t in v[list].as_array().unwrap() {
            let terms = t["terms"].as_array().unwrap_or_else(|| panic!("{t}"));
            assert!(terms.len() <= 8, "{t}");
            let c: Vec<f64> = terms
                .iter()
                .map(|x| x["contribution"].as_f64().unwrap())
                .collect();
            assert!(c.windows(2).all(|w| w[0] >= w[1]), "sorted: {t}");
            out.extend(terms.iter().cloned());
        }
    }
    out
}

fn assert_terms_of_text(text: &str, v: &Value, whole_word: impl Fn(&[char], usize, usize) -> bool) {
    let chars: Vec<char> = text.chars().collect();
    let terms = terms(v);
    assert!(!terms.is_empty(), "{v}");
    for t in &terms {
        let term = t["term"].as_str().unwrap();
        let (start, end) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert!(text.contains(term), "{term:?} is not in the text");
        let seen: String = chars[start..end].iter().collect();
        assert_eq!(seen, term, "character offsets of {t}");
        assert!(
            whole_word(&chars, start, end),
            "{term:?} is not a whole word"
        );
        let c = t["contribution"].as_f64().unwrap();
        assert!(format!("{:.2}", c.abs()) != "0.00", "{t} shows as 0.00");
    }
}

#[tokio::test]
async fn api_explains_tags_in_whole_english_words() {
    let app = app().await;
    let v = api_tag(&app, &json!({"text": EN_TRADE, "all": true}))
        .await
        .json();
    assert_terms_of_text(EN_TRADE, &v, |chars, start, end| {
        let letter = |i: Option<&char>| i.is_some_and(|c| c.is_alphanumeric());
        letter(chars.get(start))
            && letter(chars.get(end - 1))
            && !letter(start.checked_sub(1).and_then(|i| chars.get(i)))
            && !letter(chars.get(end))
    });
}

#[tokio::test]
async fn api_explains_tags_in_whole_chinese_words() {
    let app = app().await;
    let v = api_tag(&app, &json!({"text": ZH_TRADE, "all": true}))
        .await
        .json();
    let terms: Vec<String> = terms(&v)
        .iter()
        .map(|t| t["term"].as_str().unwrap().to_string())
        .collect();
    // Not fragments of words (character n-grams of the model).
    for fragment in ["展中国", "关", "贸", "展中", "多边贸"] {
        assert!(
            !terms.iter().any(|t| t == fragment),
            "{fragment} in {terms:?}"
        );
    }
    // Whole words: every term is all Han characters, never cut from a
    // longer word the text has (as jieba segments it: 发展中国家 whole).
    assert_terms_of_text(ZH_TRADE, &v, |chars, start, end| {
        let han = |c: &char| ('\u{4E00}'..='\u{9FFF}').contains(c);
        let inside: String = chars[start..end].iter().collect();
        let cut_from_developing = inside.contains("中国") && !inside.contains("发展中国家");
        chars[start..end].iter().all(han) && !cut_from_developing
    });
}

#[tokio::test]
async fn the_result_page_explains_in_words_and_keeps_the_text() {
    let app = app().await;
    let r = post_form(&app, "/tag?lang=en", &[("text", EN_TRADE), ("all", "1")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Words of the text that weighed most"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("data-contribution=\"+0.00\""));
    assert!(!r.body.contains("data-contribution=\"-0.00\""));
    assert!(!r.body.contains("<code>devel</code>"));
    // The form again, filled with the text, the box ticked as sent, and a
    // way back to an empty form.
    let marker = "<textarea id=\"f-text\" name=\"text\"";
    let at = r.body.find(marker).expect("the form is shown again");
    let open_end = at + r.body[at..].find('>').unwrap() + 1;
    let close = open_end + r.body[open_end..].find("</textarea>").unwrap();
    assert_eq!(unescape(&r.body[open_end..close]), EN_TRADE);
    assert!(
        r.body.contains("name=\"all\" value=\"1\" checked"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("<a href=\"/tag\" class=\"button button-secondary\">Clear the form</a>")
    );
    // A Chinese text is kept too, in Chinese.
    let r = post_form(&app, "/tag?lang=zh", &[("text", ZH_TRADE)]).await;
    assert!(
        r.body.contains(&format!(">{ZH_TRADE}</textarea>")),
        "{}",
        r.body
    );
    assert!(r.body.contains(">清空表单</a>"));
    let clear = get(&app, "/tag?lang=zh").await;
    assert!(
        clear.body.contains(
            "name=\"text\" rows=\"14\" required aria-describedby=\"f-text-hint\"></textarea>"
        ),
        "{}",
        clear.body
    );
}

#[tokio::test]
async fn open_data_page_lists_every_public_address() {
    let app = app().await;
    let doc = get(&app, "/api/openapi.json").await.json();
    let page = get(&app, "/api?lang=en").await;
    assert_eq!(page.status, StatusCode::OK);
    let mut public = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let open = op
                .get("security")
                .is_none_or(|s| s.as_array().is_some_and(|a| a.is_empty()));
            if open && (method == "get" || path == "/api/v1/tag") {
                public += 1;
                assert!(
                    page.body.contains(&format!(">{path}<")),
                    "{path} missing from /api"
                );
            }
            if !open {
                // Addresses that need a token are not open data.
                let listed = format!("<code>{} ", method.to_uppercase());
                assert!(
                    !page.body.contains(&format!("{listed}{path}<")),
                    "{method} {path} needs a token but is listed"
                );
            }
        }
    }
    assert!(public >= 10, "{public} public operations");
    // Feeds and OAI-PMH, which the OpenAPI document does not describe.
    for path in [
        "/meetings/feed.ics",
        "/feeds/outputs.atom",
        "/oai",
        "/api/v1/search",
        "/api/v1/meetings",
    ] {
        assert!(page.body.contains(&format!(">{path}<")), "{path} missing");
    }
    assert!(page.body.contains("href=\"/api/docs/\""));
    // Grouped, one line each, translated.
    for lang in ["zh", "en", "fr", "es"] {
        let p = get(&app, &format!("/api?lang={lang}")).await;
        assert!(!p.body.contains("⟦"), "{lang}: a message is missing");
        let groups = p.body.matches("<h3 id=\"api-api-group-").count();
        assert!(groups >= 6, "{lang}: {groups} groups");
    }
    let fr = get(&app, "/api?lang=fr").await;
    assert!(fr.body.contains("Moissonnage OAI-PMH"));
    assert!(
        fr.body.contains("Les réunions d’un organe de négociation")
            || fr.body.contains("Les réunions d&#x2019;un")
    );
}
