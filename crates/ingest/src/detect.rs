//! Language detection for the desk's four languages (zh, en, fr, es).
//!
//! Han script decides Chinese outright (whatlang's Mandarin profile is a
//! script test too); for Latin-script text whatlang's trigram profiles are
//! asked to choose among English, French and Spanish only.

use southdesk_plan::Lang;
use whatlang::{Detector, Lang as WLang};

/// A language guess with its confidence (0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LangGuess {
    pub lang: Lang,
    pub confidence: f64,
}

/// Characters looked at: enough for a stable guess, cheap on long documents.
const SAMPLE_CHARS: usize = 20_000;

/// Guesses the language of `text`; `None` when there is too little text
/// (fewer than ~3 words of letters) or it is in none of the four languages
/// with any confidence.
pub fn detect_lang(text: &str) -> Option<LangGuess> {
    // Sample from the start, past a possible cover page of names and numbers.
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let (mut han, mut latin) = (0usize, 0usize);
    for c in sample.chars() {
        if is_han(c) {
            han += 1;
        } else if c.is_alphabetic() && (c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c)) {
            latin += 1;
        }
    }
    if han + latin < 10 {
        return None;
    }
    // A Chinese document often holds Latin names and acronyms; each Han
    // character carries about a word's meaning, so weigh it as ~4 letters.
    if han * 4 >= latin {
        let share = (han * 4) as f64 / (han * 4 + latin) as f64;
        return Some(LangGuess {
            lang: Lang::Zh,
            confidence: share.clamp(0.5, 1.0),
        });
    }
    let latin_only: String = sample.chars().filter(|c| !is_han(*c)).collect();
    let det = Detector::with_allowlist(vec![WLang::Eng, WLang::Fra, WLang::Spa]);
    let info = det.detect(&latin_only)?;
    let lang = match info.lang() {
        WLang::Eng => Lang::En,
        WLang::Fra => Lang::Fr,
        WLang::Spa => Lang::Es,
        _ => return None,
    };
    Some(LangGuess {
        lang,
        confidence: info.confidence(),
    })
}

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2a6df}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_languages() {
        let cases = [
            (
                "The South Centre supports developing countries in multilateral negotiations on trade, health and climate change.",
                Lang::En,
            ),
            (
                "Le Centre Sud aide les pays en développement dans les négociations multilatérales sur le commerce, la santé et le climat.",
                Lang::Fr,
            ),
            (
                "El Centro del Sur apoya a los países en desarrollo en las negociaciones multilaterales sobre comercio, salud y cambio climático.",
                Lang::Es,
            ),
            (
                "南方中心支持发展中国家参与关于贸易、卫生和气候变化的多边谈判。WTO TRIPS",
                Lang::Zh,
            ),
        ];
        for (text, want) in cases {
            let g = detect_lang(text).unwrap_or_else(|| panic!("no guess for {text}"));
            assert_eq!(g.lang, want, "{text}");
            assert!(g.confidence > 0.0 && g.confidence <= 1.0);
        }
    }

    #[test]
    fn too_little_text() {
        assert_eq!(detect_lang("2024 — 12"), None);
        assert_eq!(detect_lang(""), None);
    }
}
