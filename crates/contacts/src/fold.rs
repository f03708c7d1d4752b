//! How names are matched: case, accents and spacing do not matter, any
//! script is kept (Chinese, Arabic, Cyrillic are matched as written).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The search form of a text: decomposed (NFKD), combining marks dropped,
/// lower case, every run of non-alphanumeric characters one space, trimmed.
/// `Ngozi Okonjo-Iweala` and `ngozi okonjo iweala` fold alike, `Sánchez`
/// and `SANCHEZ` too; `王毅` stays `王毅`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// Whether every word of the folded `query` starts a word of, or (for
/// scripts written without spaces) occurs in, one of the folded `fields`.
/// An empty query matches everything.
pub fn matches(query: &str, fields: &[&str]) -> bool {
    let q = fold(query);
    let folded: Vec<String> = fields.iter().map(|f| fold(f)).collect();
    q.split(' ').filter(|w| !w.is_empty()).all(|w| {
        folded.iter().any(|f| {
            if w.chars().any(is_unspaced) {
                f.contains(w)
            } else {
                f.split(' ').any(|fw| fw.starts_with(w))
            }
        })
    })
}

/// Characters of scripts written without spaces between words (Han, kana,
/// Hangul, Thai): matched anywhere in a name.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0x0E00..=0x0E7F | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_accents_and_punctuation_fold_away() {
        assert_eq!(fold("  Ngozi OKONJO-Iweala "), "ngozi okonjo iweala");
        assert_eq!(fold("José Sánchez"), "jose sanchez");
        assert_eq!(fold("Ségolène  Çelik"), "segolene celik");
        assert_eq!(fold("王毅"), "王毅");
        assert_eq!(fold("Ｗａｎｇ"), "wang"); // full-width letters
        assert_eq!(fold("---"), "");
    }

    #[test]
    fn words_match_from_their_start_and_han_anywhere() {
        assert!(matches("okon", &["Ngozi Okonjo-Iweala"]));
        assert!(matches("ngozi iweala", &["Ngozi Okonjo-Iweala"]));
        assert!(!matches("weala", &["Ngozi Okonjo-Iweala"]));
        assert!(matches("sanchez", &["José Sánchez"]));
        assert!(matches("毅", &["王毅", "Wang Yi"]));
        assert!(matches("wang yi", &["王毅", "Wang Yi"]));
        assert!(!matches("wang li", &["王毅", "Wang Yi"]));
        assert!(matches("", &["anything"]));
    }
}
