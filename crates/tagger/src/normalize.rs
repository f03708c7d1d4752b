//! Text normalisation for matching, keeping offsets into the original text.
//!
//! Every character of the input is rewritten independently:
//!
//! * compatibility decomposition (NFKD, so full-width `ＷＴＯ` becomes `wto` and `ﬁ`
//!   becomes `fi`), then combining marks are dropped — this folds accents, so
//!   `négociation`, `negociación` and `negociacion` all compare equal;
//! * lowercase; `œ`→`oe`, `æ`→`ae`, `ß`→`ss`;
//! * curly apostrophes become `'`; hyphens and dashes become spaces (so
//!   `South-South` matches `south south`); every run of white space becomes one space;
//! * soft hyphens and zero-width characters disappear.
//!
//! The result keeps, for each byte of the normalised text, the byte offset of the
//! original character it came from, so a match in the normalised text maps back to
//! the exact slice of the original.

use unicode_normalization::char::decompose_compatible;

/// A normalised text and its map back to the original.
#[derive(Debug, Default, Clone)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// `map[b]` = byte offset in the original of the character that produced byte
    /// `b` of [`Self::text`]; `map[text.len()]` = length of the original.
    map: Vec<u32>,
}

impl Normalized {
    /// Original byte range of the normalised byte range `start..end`.
    ///
    /// The end extends over characters that produced nothing (a dropped combining
    /// accent stays inside the match) but stops before collapsed white space.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map[start] as usize;
        let e = if end == 0 {
            s
        } else {
            let next = self.map[end] as usize;
            let last = self.map[end - 1] as usize;
            if next > last {
                next
            } else {
                // `end` splits the expansion of one original character: take all of it.
                self.map[end..]
                    .iter()
                    .map(|&m| m as usize)
                    .find(|&m| m > last)
                    .unwrap_or(self.map[self.text.len()] as usize)
            }
        };
        (s, e.max(s))
    }

    /// Original byte offset of normalised byte `b` (`b` may equal the length).
    pub fn original_offset(&self, b: usize) -> usize {
        self.map[b] as usize
    }

    /// Normalises `input` into `self`, reusing its buffers.
    pub fn reset(&mut self, input: &str) {
        // Built as bytes (ASCII pushed directly, other characters encoded) and
        // checked back into a `String` at the end.
        let mut out = Out {
            text: std::mem::take(&mut self.text).into_bytes(),
            map: std::mem::take(&mut self.map),
            // Whether the last byte pushed is a space (to collapse runs). Starts
            // true so leading white space disappears.
            space: true,
        };
        out.text.clear();
        out.map.clear();
        out.text.reserve(input.len());
        out.map.reserve(input.len() + 1);
        let bytes = input.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if (0xE3..=0xE9).contains(&b) {
                // Three-byte characters from U+3000 to U+9FFF: CJK ideographs
                // and kana pass through unchanged (the common case in Chinese
                // text); anything else there takes the general path.
                let c = input[i..].chars().next().expect("in bounds");
                if is_cjk(c) {
                    out.text.extend_from_slice(&bytes[i..i + 3]);
                    out.map.extend_from_slice(&[i as u32; 3]);
                    out.space = false;
                } else {
                    out.push_char(c, i);
                }
                i += c.len_utf8();
                continue;
            }
            if b < 0x80 {
                match b {
                    b'A'..=b'Z' => out.push_byte(b + 32, i),
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'-' => out.push_space(i),
                    _ => out.push_byte(b, i),
                }
                i += 1;
                continue;
            }
            // Non-ASCII: decode one character (input is valid UTF-8).
            let c = input[i..].chars().next().expect("in bounds");
            out.push_char(c, i);
            i += c.len_utf8();
        }
        // Drop a trailing collapsed space so the text ends at content.
        if out.space && out.text.last() == Some(&b' ') {
            out.text.pop();
            out.map.pop();
        }
        // The end maps to the end of the last content, not over trailing white space.
        let end = input
            .trim_end_matches(|c: char| c.is_whitespace() || c == '-')
            .len();
        out.map.push(end as u32);
        self.text = String::from_utf8(out.text).expect("whole characters are pushed");
        self.map = out.map;
    }
}

/// The normalised text being built.
struct Out {
    text: Vec<u8>,
    map: Vec<u32>,
    space: bool,
}

impl Out {
    /// Pushes a non-space ASCII byte.
    #[inline(always)]
    fn push_byte(&mut self, b: u8, from: usize) {
        self.text.push(b);
        self.map.push(from as u32);
        self.space = false;
    }

    /// Pushes a space unless the last byte pushed is one.
    #[inline(always)]
    fn push_space(&mut self, from: usize) {
        if !self.space {
            self.text.push(b' ');
            self.map.push(from as u32);
            self.space = true;
        }
    }

    fn push_out(&mut self, c: char, from: usize) {
        if c == ' ' {
            self.push_space(from);
            return;
        }
        self.space = false;
        let mut tmp = [0u8; 4];
        let e = c.encode_utf8(&mut tmp);
        self.text.extend_from_slice(e.as_bytes());
        for _ in 0..e.len() {
            self.map.push(from as u32);
        }
    }

    fn push_char(&mut self, c: char, from: usize) {
        if is_cjk(c) && !('\u{F900}'..='\u{FAFF}').contains(&c) {
            // Han, kana, hangul syllables: no case, no accents; pass through as is.
            self.push_out(c, from);
            return;
        }
        match fold_special(c) {
            Fold::Drop => return,
            Fold::To(s) => {
                for o in s.chars() {
                    self.push_out(o, from);
                }
                return;
            }
            Fold::Keep => {}
        }
        if c.is_whitespace() {
            self.push_out(' ', from);
            return;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match fold_special(d) {
                Fold::Drop => {}
                Fold::To(s) => {
                    for o in s.chars() {
                        self.push_out(o, from);
                    }
                }
                Fold::Keep => {
                    if d.is_whitespace() {
                        self.push_out(' ', from);
                    } else {
                        for l in d.to_lowercase() {
                            if !is_combining_mark(l) {
                                self.push_out(l, from);
                            }
                        }
                    }
                }
            }
        });
    }
}

/// Normalises `input` (see the module documentation).
pub fn normalize(input: &str) -> Normalized {
    let mut n = Normalized::default();
    n.reset(input);
    n
}

/// Normalises a vocabulary term or a short string, without offsets.
pub fn normalize_str(input: &str) -> String {
    normalize(input).text
}

enum Fold {
    Keep,
    Drop,
    To(&'static str),
}

fn fold_special(c: char) -> Fold {
    match c {
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Fold::Drop,
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' => {
            Fold::To("'")
        }
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Fold::To(" "),
        'œ' | 'Œ' => Fold::To("oe"),
        'æ' | 'Æ' => Fold::To("ae"),
        'ß' | 'ẞ' => Fold::To("ss"),
        'ø' | 'Ø' => Fold::To("o"),
        'ł' | 'Ł' => Fold::To("l"),
        'đ' | 'Đ' => Fold::To("d"),
        'ı' => Fold::To("i"),
        _ => Fold::Keep,
    }
}

/// Combining marks dropped when folding accents.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Han ideographs, kana and hangul: scripts written without spaces between words,
/// matched as substrings.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2EBEF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}')
}

/// A character that belongs to a space-separated word (letters and digits of
/// alphabetic scripts). CJK characters are not word characters, so `WTO` in
/// `参加WTO改革` is a whole word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() && !is_cjk(c)
    }
}

/// The character of `s` starting at byte `i`, if any.
#[inline]
pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// The character of `s` ending at byte `i`, if any.
#[inline]
pub(crate) fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

/// Converts ascending byte offsets of one string into character offsets in a single
/// forward pass.
pub(crate) struct CharCounter<'a> {
    s: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    pub(crate) fn new(s: &'a str) -> Self {
        CharCounter {
            s,
            byte: 0,
            chars: 0,
        }
    }

    /// Character offset of byte offset `b`; `b` must be a char boundary. Cheap when
    /// calls come in ascending order; restarts from the beginning otherwise.
    pub(crate) fn at(&mut self, b: usize) -> usize {
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += count_chars(&self.s.as_bytes()[self.byte..b]);
        self.byte = b;
        self.chars
    }
}

/// Number of UTF-8 characters in `bytes` (counts non-continuation bytes).
#[inline]
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orig<'a>(input: &'a str, n: &Normalized, s: usize, e: usize) -> &'a str {
        let (a, b) = n.original_range(s, e);
        &input[a..b]
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(
            normalize_str("Négociations  de l’OMC"),
            "negociations de l'omc"
        );
        assert_eq!(
            normalize_str("South–South co-operation"),
            "south south co operation"
        );
        assert_eq!(normalize_str("ＷＴＯ　改革"), "wto 改革");
        assert_eq!(
            normalize_str("ﬁnance œuvre Straße"),
            "finance oeuvre strasse"
        );
        assert_eq!(
            normalize_str("  leading\n\n and trailing \t"),
            "leading and trailing"
        );
        assert_eq!(normalize_str("nego\u{00AD}tiation"), "negotiation");
    }

    #[test]
    fn decomposed_accents_fold_too() {
        // "é" written as e + combining acute.
        let input = "cafe\u{301} OMC";
        let n = normalize(input);
        assert_eq!(n.text, "cafe omc");
        // The match "cafe" maps back over the combining accent.
        assert_eq!(orig(input, &n, 0, 4), "cafe\u{301}");
        assert_eq!(orig(input, &n, 5, 8), "OMC");
    }

    #[test]
    fn offsets_map_back_through_expansions_and_cjk() {
        let input = "Le ﬁnancement du développement, 发展筹资 and ＡＩ.";
        let n = normalize(input);
        let t = &n.text;
        let f = t.find("financement").unwrap();
        assert_eq!(orig(input, &n, f, f + "financement".len()), "ﬁnancement");
        let d = t.find("developpement").unwrap();
        assert_eq!(
            orig(input, &n, d, d + "developpement".len()),
            "développement"
        );
        let z = t.find("发展筹资").unwrap();
        assert_eq!(orig(input, &n, z, z + "发展筹资".len()), "发展筹资");
        let a = t.find("ai").unwrap();
        assert_eq!(orig(input, &n, a, a + 2), "ＡＩ");
        // A match ending inside the expansion of "ﬁ" covers the whole ligature.
        assert_eq!(orig(input, &n, f, f + 1), "ﬁ");
    }

    #[test]
    fn word_chars() {
        assert!(is_word_char('a') && is_word_char('é') && is_word_char('7'));
        assert!(!is_word_char('发') && !is_word_char(' ') && !is_word_char('\''));
    }

    #[test]
    fn char_counter() {
        let s = "aé发b";
        let mut c = CharCounter::new(s);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(1), 1);
        assert_eq!(c.at(3), 2);
        assert_eq!(c.at(6), 3);
        assert_eq!(c.at(1), 1);
        assert_eq!(c.at(7), 4);
    }
}
