//! No untranslated string on any page: the Fluent files agree, and every
//! page rendered in every language shows only that language's UI text.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;
use axum::http::StatusCode;
use southdesk_plan::{Lang, Plan};

/// Every Fluent file of `lang` (`main.ftl` and one per feature), joined in
/// name order.
fn ftl_source(lang: Lang) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("i18n")
        .join(lang.code());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    let mut source = String::new();
    for path in files {
        source.push_str(
            &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        );
        source.push('\n');
    }
    source
}

#[test]
fn every_message_exists_in_every_language_with_text() {
    let en = ftl_messages(&ftl_source(Lang::En));
    assert!(en.len() > 50, "en/main.ftl has {} messages", en.len());
    let en_ids: BTreeSet<&String> = en.keys().collect();
    for lang in Lang::ALL {
        let messages = ftl_messages(&ftl_source(lang));
        let ids: BTreeSet<&String> = messages.keys().collect();
        let missing: Vec<_> = en_ids.difference(&ids).collect();
        let extra: Vec<_> = ids.difference(&en_ids).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}/main.ftl: missing {missing:?}, not in en: {extra:?}"
        );
        for (id, value) in &messages {
            let text: String = ftl_fragments(value).concat();
            let placeable_only = value.trim_start().starts_with('{');
            assert!(
                !text.trim().is_empty() || placeable_only,
                "{lang}/main.ftl: {id} has no text"
            );
            assert!(!value.trim().is_empty(), "{lang}/main.ftl: {id} is empty");
        }
    }
}

#[test]
fn message_ids_are_recognisable() {
    // Every id has a hyphen, so that a leaked id is told apart from text.
    for id in ftl_messages(&ftl_source(Lang::En)).keys() {
        assert!(id.contains('-'), "message id {id:?} has no hyphen");
    }
}

/// Pages and the status each answers with.
fn pages() -> Vec<(String, StatusCode)> {
    let plan = Plan::embedded_2026_2028();
    let mut pages = vec![
        ("/".to_string(), StatusCode::OK),
        ("/plan/versions".to_string(), StatusCode::OK),
        ("/api".to_string(), StatusCode::OK),
        ("/tag".to_string(), StatusCode::OK),
        ("/themes/no-such-area".to_string(), StatusCode::NOT_FOUND),
        ("/no/such/page".to_string(), StatusCode::NOT_FOUND),
    ];
    for t in &plan.themes {
        pages.push((format!("/themes/{}", t.id), StatusCode::OK));
    }
    // The negotiations calendar (empty: its pages' own texts only).
    for p in [
        "/meetings",
        "/meetings/month",
        "/meetings/next",
        "/meetings/themes/trade",
    ] {
        pages.push((p.to_string(), StatusCode::OK));
    }
    pages.push(("/meetings/999999".to_string(), StatusCode::NOT_FOUND));
    // The knowledge base (no output stored: its pages' own texts only).
    for (path, status) in [
        ("/outputs", StatusCode::OK),
        ("/outputs/999", StatusCode::NOT_FOUND),
        ("/themes/trade/outputs", StatusCode::OK),
        ("/series/research-paper", StatusCode::OK),
        ("/programmes/ggdp/outputs", StatusCode::OK),
        ("/programmes/nope/outputs", StatusCode::NOT_FOUND),
    ] {
        pages.push((path.to_string(), status));
    }
    pages
}

/// Texts sent to the tagging form by the test, and the status of the page
/// that answers: a result (Chinese text, so that no English word of the
/// text shows on the other pages), the empty-text error.
const TAG_FORMS: [(&str, StatusCode); 2] = [
    (
        "南方中心呼吁推动世贸组织改革，保障发展中国家在多边贸易体制中的特殊和差别待遇，并加强药品获取与气候融资。",
        StatusCode::OK,
    ),
    (" ", StatusCode::UNPROCESSABLE_ENTITY),
];

/// English UI phrases that must not appear on a page in `lang`: the literal
/// pieces of en/main.ftl that `lang`'s own file does not also use (such as
/// brand names, `JSON`, or words spelt alike: `Version`, `Transversal`).
fn english_phrases_foreign_to(lang: Lang) -> Vec<String> {
    let own = ftl_source(lang);
    let mut phrases = BTreeSet::new();
    for value in ftl_messages(&ftl_source(Lang::En)).values() {
        for fragment in ftl_fragments(value) {
            let f = fragment
                .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace() || c == '·')
                .to_string();
            if f.chars().count() < 4 || !f.chars().any(|c| c.is_ascii_alphabetic()) {
                continue;
            }
            if own.contains(&f) {
                continue;
            }
            phrases.insert(f);
        }
    }
    phrases.into_iter().collect()
}

/// `needle` occurs in `haystack` as a whole word (not inside a longer Latin word).
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(i, _)| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() && c.is_ascii())
            && !after.is_some_and(|c| c.is_alphanumeric() && c.is_ascii())
    })
}

#[tokio::test]
async fn every_page_in_every_language_is_fully_translated() {
    use crate::common::accounts::{PASSWORD, add_account, app_and_store, login, request};
    use axum::http::Method;
    use southdesk_plan::Role;

    let (app, store) = app_and_store().await;
    add_account(store.as_ref(), "admin@southcentre.example", Role::Admin).await;
    add_account(store.as_ref(), "staff@southcentre.example", Role::Staff).await;
    let admin = login(&app, "admin@southcentre.example", PASSWORD).await;
    let staff = login(&app, "staff@southcentre.example", PASSWORD).await;
    add_account(store.as_ref(), "delegate@bra.example", Role::Delegate).await;
    let delegate = login(&app, "delegate@bra.example", PASSWORD).await;
    // A request (in Chinese, so that its text is foreign to every UI
    // language's checks), for the request desk's pages.
    let stored = request(
        &app,
        Method::POST,
        "/requests",
        Some(&delegate),
        &[
            ("title", "渔业补贴谈判"),
            ("text", "请分析世贸组织渔业补贴协定草案。"),
            ("contact", "巴西代表团"),
            ("mode", "policy-advice"),
            ("lang", "zh"),
        ],
    )
    .await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let ids: Vec<String> = ftl_messages(&ftl_source(Lang::En)).into_keys().collect();
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let foreign = if lang == Lang::En {
            Vec::new()
        } else {
            english_phrases_foreign_to(lang)
        };
        let mut replies = Vec::new();
        for (path, status) in pages() {
            let uri = format!("{path}?lang={}", lang.code());
            let reply = get(&app, &uri).await;
            replies.push((uri, status, reply));
        }
        // Logging in, one's account and the administration of accounts.
        let l = lang.code();
        let login_page = get(&app, &format!("/login?lang={l}")).await;
        replies.push((format!("/login?lang={l}"), StatusCode::OK, login_page));
        for (who, browser, method, path, fields, status) in [
            (
                "admin",
                &admin,
                Method::GET,
                "/account",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/admin/users",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/meetings/new",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/meetings/import",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/meetings",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::POST,
                "/account/tokens",
                vec![("name", "桌面")],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::POST,
                "/admin/users",
                vec![("email", "x")],
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "staff",
                &staff,
                Method::GET,
                "/admin/users",
                vec![],
                StatusCode::FORBIDDEN,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/requests",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/requests/new",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/requests/1",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/requests/overdue",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/programmes/ggdp/requests",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/members/BRA/requests",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::GET,
                "/inbox",
                vec![],
                StatusCode::OK,
            ),
            (
                "delegate",
                &delegate,
                Method::GET,
                "/requests/1",
                vec![],
                StatusCode::OK,
            ),
            (
                "delegate",
                &delegate,
                Method::GET,
                "/requests/new",
                vec![],
                StatusCode::OK,
            ),
            (
                "delegate",
                &delegate,
                Method::GET,
                "/inbox",
                vec![],
                StatusCode::OK,
            ),
            (
                "admin",
                &admin,
                Method::POST,
                "/requests",
                vec![("title", "")],
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "admin",
                &admin,
                Method::POST,
                "/requests/1/changes",
                vec![("action", "comment"), ("text", "")],
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "staff",
                &staff,
                Method::GET,
                "/outputs/new",
                vec![],
                StatusCode::OK,
            ),
            (
                "staff",
                &staff,
                Method::POST,
                "/outputs",
                vec![
                    ("type", "research-paper"),
                    ("date", "2026-03-01"),
                    ("visibility", "public"),
                    ("number", "7"),
                    ("abstract_zh", "摘要"),
                ],
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        ] {
            let uri = format!("{path}?lang={l}");
            let reply = request(&app, method.clone(), &uri, Some(browser), &fields).await;
            replies.push((format!("{method} {uri} as {who}"), status, reply));
        }
        let uri = format!("/login?lang={l}");
        let reply = request(
            &app,
            Method::POST,
            &uri,
            None,
            &[
                ("email", "nobody@southcentre.example"),
                ("password", "wrong password"),
            ],
        )
        .await;
        replies.push((
            format!("POST {uri} (wrong password)"),
            StatusCode::UNAUTHORIZED,
            reply,
        ));
        for (text, status) in TAG_FORMS {
            let uri = format!("/tag?lang={}", lang.code());
            let reply = post_form(&app, &uri, &[("text", text), ("all", "1")]).await;
            replies.push((format!("POST {uri} ({} bytes)", text.len()), status, reply));
        }
        for (uri, status, reply) in replies {
            let mut report = |what: String| problems.push(format!("{uri}: {what}"));
            if reply.status != status {
                report(format!("status {} (expected {status})", reply.status));
            }
            let html = &reply.body;
            if html_lang(html).as_deref() != Some(lang.code()) {
                report(format!("<html lang> is {:?}", html_lang(html)));
            }
            if html.contains(southdesk_web::app::i18n::MISSING_MARKER)
                || html.contains("Unknown localization")
            {
                report("a message is missing (fallback marker)".into());
            }
            for e in empty_elements(html) {
                report(format!("empty element {e}"));
            }
            let pieces = readable_pieces(html);
            if pieces.iter().any(|p| p.trim().is_empty()) {
                report("an empty label or text".into());
            }
            let text = pieces.join("\n");
            for id in &ids {
                if contains_word(&text, id) {
                    report(format!("message id {id:?} shows"));
                }
            }
            for phrase in &foreign {
                if contains_word(&text, phrase) {
                    report(format!("English UI text {phrase:?} shows"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_english_phrase_check_has_teeth() {
    // The check above must catch, say, the English heading on a French page.
    let phrases = english_phrases_foreign_to(Lang::Fr);
    assert!(
        phrases.contains(&"Thematic areas".to_string()),
        "{phrases:?}"
    );
    assert!(
        phrases.contains(&"thematic areas".to_string()),
        "{phrases:?}"
    );
    assert!(
        !phrases
            .iter()
            .any(|p| p == "southdesk" || p == "JSON" || p == "Version")
    );
    let zh = english_phrases_foreign_to(Lang::Zh);
    assert!(zh.contains(&"Overview".to_string()));
    assert!(contains_word(
        "Vue d’ensemble\nThematic areas",
        "Thematic areas"
    ));
    assert!(!contains_word("Leadership", "Lead"));
}

#[test]
fn fragments_of_plural_messages_are_checked() {
    let en = ftl_messages(&ftl_source(Lang::En));
    let fragments = ftl_fragments(&en["home-stats-areas"]);
    assert_eq!(fragments, ["thematic area", "thematic areas"]);
    assert_eq!(ftl_fragments("Adopted on { $date }"), ["Adopted on"]);
}
