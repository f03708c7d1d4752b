//! UI language: the Fluent messages of the desk and how a request's
//! language is chosen.
//!
//! Messages live in `crates/web/i18n/{zh,en,fr,es}/main.ftl`, one file per
//! language with the same ids. A lookup never falls back to another language:
//! a missing message renders as [`MISSING_MARKER`] so that tests catch it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, static_loader};
use southdesk_plan::Lang;

static_loader! {
    static LOCALES = {
        locales: "./i18n",
        fallback_language: "en",
        // Unicode isolation marks (FSI/PDI) around placeables would end up
        // verbatim in HTML text and attributes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Opens the text shown in place of a message that is missing in a language.
pub const MISSING_MARKER: &str = "⟦";

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// Name of the query parameter that chooses the language.
pub const LANG_PARAM: &str = "lang";

static LANG_IDS: LazyLock<[LanguageIdentifier; 4]> = LazyLock::new(|| {
    Lang::ALL.map(|l| {
        l.code()
            .parse()
            .expect("language codes are valid identifiers")
    })
});

fn lang_id(lang: Lang) -> &'static LanguageIdentifier {
    let i = Lang::ALL
        .iter()
        .position(|l| *l == lang)
        .expect("every language is in Lang::ALL");
    &LANG_IDS[i]
}

/// Translator for one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        self.lookup(id, None)
    }

    /// The message `id` with arguments.
    pub fn ta(&self, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        self.lookup(id, Some(&map))
    }

    fn lookup(&self, id: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        match LOCALES.lookup_single_language(lang_id(self.lang), id, args) {
            Ok(text) => text,
            Err(err) => {
                tracing::error!(lang = %self.lang, id, error = %err, "missing UI message");
                format!("{MISSING_MARKER}{id}⟧")
            }
        }
    }

    /// A date such as `20 November 2025`, `2025年11月20日`.
    pub fn date(&self, date: time::Date) -> String {
        let month = u8::from(date.month());
        self.ta(
            "date-long",
            &[
                ("day", i64::from(date.day()).into()),
                ("month", self.t(&format!("month-{month}")).into()),
                ("month-number", month.to_string().into()),
                ("year", date.year().to_string().into()),
            ],
        )
    }
}

/// How the language of a request was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangSource {
    Query,
    Cookie,
    AcceptLanguage,
    Default,
}

/// Chooses the UI language: `?lang=`, else the `lang` cookie, else
/// `Accept-Language` (by q-value), else English.
pub fn negotiate(
    query: Option<&str>,
    cookie_header: Option<&str>,
    accept_language: Option<&str>,
) -> (Lang, LangSource) {
    if let Some(lang) = query.and_then(query_lang) {
        return (lang, LangSource::Query);
    }
    if let Some(lang) = cookie_header.and_then(cookie_lang) {
        return (lang, LangSource::Cookie);
    }
    if let Some(lang) = accept_language.and_then(accept_language_lang) {
        return (lang, LangSource::AcceptLanguage);
    }
    (Lang::En, LangSource::Default)
}

/// The language named by `lang=` in a query string, if it is one of ours.
pub fn query_lang(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| *k == LANG_PARAM)
        .find_map(|(_, v)| Lang::parse(v))
}

/// The language in the `lang` cookie of a `Cookie` header.
pub fn cookie_lang(header: &str) -> Option<Lang> {
    header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .filter(|(k, _)| *k == LANG_COOKIE)
        .find_map(|(_, v)| Lang::parse(v.trim_matches('"')))
}

/// The preferred of our languages in an `Accept-Language` header.
///
/// Ranges are tried by descending q-value (ties keep header order); `q=0`
/// excludes a range; `*` and languages we do not have are skipped.
pub fn accept_language_lang(header: &str) -> Option<Lang> {
    let mut ranges: Vec<(f32, Lang)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let mut q = 1.0_f32;
            for param in parts {
                let (k, v) = param.trim().split_once('=')?;
                if k.trim().eq_ignore_ascii_case("q") {
                    q = v.trim().parse().ok()?;
                }
            }
            if !(q > 0.0 && q <= 1.0) {
                return None;
            }
            Some((q, Lang::parse(tag)?))
        })
        .collect();
    // Stable: equal q-values keep the order of the header.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges.first().map(|(_, l)| *l)
}

/// The `Set-Cookie` value that remembers `lang` for a year.
pub fn lang_cookie(lang: Lang) -> String {
    format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_honours_q_values() {
        assert_eq!(
            accept_language_lang("fr-CH, fr;q=0.9, en;q=0.8"),
            Some(Lang::Fr)
        );
        assert_eq!(
            accept_language_lang("de, en;q=0.5, es-419;q=0.7"),
            Some(Lang::Es)
        );
        assert_eq!(
            accept_language_lang("en;q=0.2, zh-CN;q=0.9"),
            Some(Lang::Zh)
        );
        assert_eq!(accept_language_lang("zh-CN;q=0, fr;q=0.1"), Some(Lang::Fr));
        assert_eq!(accept_language_lang("es;q=0.5, fr;q=0.5"), Some(Lang::Es));
        assert_eq!(accept_language_lang("de, *;q=0.1"), None);
        assert_eq!(accept_language_lang("en;q=nonsense, fr"), Some(Lang::Fr));
        assert_eq!(accept_language_lang(""), None);
    }

    #[test]
    fn negotiation_order() {
        let n = |q, c, a| negotiate(q, c, a);
        assert_eq!(
            n(Some("lang=fr"), Some("lang=zh"), Some("es")),
            (Lang::Fr, LangSource::Query)
        );
        assert_eq!(
            n(Some("lang=xx"), Some("a=b; lang=zh"), Some("es")),
            (Lang::Zh, LangSource::Cookie)
        );
        assert_eq!(
            n(None, Some("lang=klingon"), Some("es-419")),
            (Lang::Es, LangSource::AcceptLanguage)
        );
        assert_eq!(n(None, None, Some("de")), (Lang::En, LangSource::Default));
    }

    #[test]
    fn every_language_has_messages() {
        for lang in Lang::ALL {
            let tr = Tr::new(lang);
            assert!(!tr.t("site-tagline").starts_with(MISSING_MARKER), "{lang}");
        }
        assert!(
            Tr::new(Lang::En)
                .t("no-such-message")
                .starts_with(MISSING_MARKER)
        );
    }

    #[test]
    fn dates_are_written_in_the_language() {
        let d = time::macros::date!(2025 - 11 - 20);
        assert_eq!(Tr::new(Lang::En).date(d), "20 November 2025");
        assert_eq!(Tr::new(Lang::Fr).date(d), "20 novembre 2025");
        assert_eq!(Tr::new(Lang::Es).date(d), "20 de noviembre de 2025");
        assert_eq!(Tr::new(Lang::Zh).date(d), "2025年11月20日");
        let first = time::macros::date!(2026 - 03 - 01);
        assert_eq!(Tr::new(Lang::Fr).date(first), "1er mars 2026");
        assert_eq!(Tr::new(Lang::En).date(first), "1 March 2026");
    }
}
