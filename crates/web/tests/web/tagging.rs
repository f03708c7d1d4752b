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
    assert!(trade["features"].is_array());
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
    assert!(r.body.contains("<textarea id=\"tag-text\" name=\"text\""));
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
