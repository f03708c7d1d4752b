//! Word tokenisation following the Unicode default word boundaries (UAX #29), the
//! rules ICU applies in `stringi::stri_split_boundaries(type = "word")`, which is how
//! corpustools tokenises: every segment that is not pure whitespace is a token, so
//! punctuation marks are tokens of their own and count as positions.
//!
//! * `extra-pulmonary` → `extra`, `-`, `pulmonary`; `(MTB)` → `(`, `MTB`, `)`
//! * `don't`, `e.g`, `3.5`, `2,000`, `a:b`, `foo_bar`, `COVID19` stay one token
//!
//! ASCII is classified exactly. Outside ASCII, character classes are derived from
//! `char` properties and a few tables; ideographs are single-character tokens (ICU
//! uses a dictionary there).

use unicode_normalization::char::is_combining_mark;

pub(crate) const OTHER: u8 = 0;
const CR: u8 = 1;
const LF: u8 = 2;
const NEWLINE: u8 = 3;
const EXTEND: u8 = 4;
const RI: u8 = 5;
const KATAKANA: u8 = 6;
pub(crate) const ALETTER: u8 = 7;
const SQ: u8 = 8;
const MIDNUMLET: u8 = 9;
const MIDLETTER: u8 = 10;
const MIDNUM: u8 = 11;
const NUMERIC: u8 = 12;
const ENL: u8 = 13;
const WSEG: u8 = 14;
const NONE: u8 = 255;

const fn ascii_table() -> [u8; 128] {
    let mut t = [OTHER; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = match b {
            b'\r' => CR,
            b'\n' => LF,
            0x0B | 0x0C => NEWLINE,
            b' ' => WSEG,
            b'a'..=b'z' | b'A'..=b'Z' => ALETTER,
            b'0'..=b'9' => NUMERIC,
            b'\'' => SQ,
            b'.' => MIDNUMLET,
            b':' => MIDLETTER,
            b',' | b';' => MIDNUM,
            b'_' => ENL,
            _ => OTHER,
        };
        i += 1;
    }
    t
}

static ASCII: [u8; 128] = ascii_table();

/// Word-break class of a character.
pub(crate) fn class_of(c: char) -> u8 {
    let u = c as u32;
    if u < 128 {
        return ASCII[u as usize];
    }
    match u {
        0x85 | 0x2028 | 0x2029 => NEWLINE,
        0x200D | 0x200C | 0xFE00..=0xFE0F | 0xE0100..=0xE01EF | 0x1F3FB..=0x1F3FF => EXTEND,
        0xAD
        | 0x600..=0x605
        | 0x61C
        | 0x6DD
        | 0x70F
        | 0x8E2
        | 0x180E
        | 0x200E
        | 0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB => EXTEND,
        0x1F1E6..=0x1F1FF => RI,
        0x3031..=0x3035
        | 0x309B
        | 0x309C
        | 0x30A0..=0x30FA
        | 0x30FC..=0x30FF
        | 0x31F0..=0x31FF
        | 0x32D0..=0x32FE
        | 0x3300..=0x3357
        | 0xFF66..=0xFF9D => KATAKANA,
        0x2018 | 0x2019 | 0x2024 | 0xFE52 | 0xFF07 | 0xFF0E => MIDNUMLET,
        0xB7 | 0x387 | 0x55F | 0x5F4 | 0x2027 | 0xFE13 | 0xFE55 | 0xFF1A => MIDLETTER,
        0x37E | 0x589 | 0x60C | 0x60D | 0x66C | 0x7F8 | 0x2044 | 0xFE10 | 0xFE14 | 0xFE50
        | 0xFE54 | 0xFF0C | 0xFF1B => MIDNUM,
        0x202F | 0x203F | 0x2040 | 0x2054 | 0xFE33 | 0xFE34 | 0xFE4D..=0xFE4F | 0xFF3F => ENL,
        0x1680 | 0x2000..=0x2006 | 0x2008..=0x200A | 0x205F | 0x3000 => WSEG,
        // ideographs and hiragana: one token per character
        0x3040..=0x309F
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x3FFFF => OTHER,
        _ => {
            if is_combining_mark(c) {
                EXTEND
            } else if c.is_alphabetic() {
                ALETTER
            } else if c.is_numeric() {
                NUMERIC
            } else {
                OTHER
            }
        }
    }
}

#[inline]
fn is_ext(c: u8) -> bool {
    c == EXTEND
}
#[inline]
fn is_nl(c: u8) -> bool {
    c == CR || c == LF || c == NEWLINE
}
#[inline]
fn is_ah(c: u8) -> bool {
    c == ALETTER
}
#[inline]
fn is_mid_letter(c: u8) -> bool {
    c == MIDLETTER || c == MIDNUMLET || c == SQ
}
#[inline]
fn is_mid_num(c: u8) -> bool {
    c == MIDNUM || c == MIDNUMLET || c == SQ
}

/// Whether there is no word boundary between `prev` and `c` (UAX #29 WB3–WB16;
/// `pp` is the class before `prev`, `next` gives the one after `c`).
#[inline]
fn joins(pp: u8, prev: u8, c: u8, next: impl Fn() -> u8, ri_run: u32) -> bool {
    if prev == CR && c == LF {
        return true; // WB3
    }
    if is_nl(prev) || is_nl(c) {
        return false; // WB3a, WB3b
    }
    (prev == WSEG && c == WSEG) // WB3d
        || (is_ah(prev) && is_ah(c)) // WB5
        || (is_ah(prev) && is_mid_letter(c) && is_ah(next())) // WB6
        || (is_mid_letter(prev) && is_ah(c) && is_ah(pp)) // WB7
        || ((prev == NUMERIC || is_ah(prev)) && c == NUMERIC) // WB8, WB9
        || (prev == NUMERIC && is_ah(c)) // WB10
        || (prev == NUMERIC && is_mid_num(c) && next() == NUMERIC) // WB12
        || (is_mid_num(prev) && c == NUMERIC && pp == NUMERIC) // WB11
        || (prev == KATAKANA && c == KATAKANA) // WB13
        || (c == ENL && (is_ah(prev) || prev == NUMERIC || prev == KATAKANA || prev == ENL)) // WB13a
        || (prev == ENL && (is_ah(c) || c == NUMERIC || c == KATAKANA)) // WB13b
        || (prev == RI && c == RI && ri_run % 2 == 1) // WB15, WB16
}

/// Split `n` units whose word-break classes are given by `cls` into segments; calls
/// `emit(start, end)` with unit indices for every segment (whitespace included).
#[inline]
pub(crate) fn segment(n: usize, cls: impl Fn(usize) -> u8, mut emit: impl FnMut(usize, usize)) {
    if n == 0 {
        return;
    }
    let next_eff = |mut j: usize| -> u8 {
        while j < n {
            let c = cls(j);
            if !is_ext(c) {
                return c;
            }
            j += 1;
        }
        NONE
    };
    let mut seg_start = 0usize;
    let mut prev = cls(0);
    let mut prev_prev = NONE;
    let mut ri_run: u32 = u32::from(prev == RI);
    let mut i = 1usize;
    while i < n {
        let c = cls(i);
        if is_ext(c) && !is_nl(prev) {
            i += 1;
            continue;
        }
        let join = joins(prev_prev, prev, c, || next_eff(i + 1), ri_run);
        if c == RI {
            ri_run = if prev == RI { ri_run + 1 } else { 1 };
        } else {
            ri_run = 0;
        }
        if !join {
            emit(seg_start, i);
            seg_start = i;
        }
        prev_prev = prev;
        prev = c;
        i += 1;
    }
    emit(seg_start, n);
}

/// A unit of query text: a character and whether it was escaped.
pub(crate) type Unit = (char, bool);

/// Split query text into token terms (escape-encoded, see [`crate::query::Term`]):
/// words at unescaped whitespace, then word-boundary segmentation with wildcards and
/// escaped characters counted as letters.
pub(crate) fn phrase_terms(units: &[Unit]) -> Vec<crate::query::Term> {
    let mut terms = Vec::new();
    let mut start = 0;
    let n = units.len();
    for i in 0..=n {
        let boundary = i == n || (!units[i].1 && units[i].0.is_whitespace());
        if !boundary {
            continue;
        }
        if i > start {
            let word = &units[start..i];
            segment(
                word.len(),
                |k| {
                    let (c, esc) = word[k];
                    if esc || c == '*' || c == '?' {
                        ALETTER
                    } else {
                        class_of(c)
                    }
                },
                |s, e| {
                    let mut text = String::new();
                    for &(c, esc) in &word[s..e] {
                        if (esc && matches!(c, '*' | '?')) || c == '\\' {
                            text.push('\\');
                        }
                        text.push(c);
                    }
                    terms.push(crate::query::Term::new(text));
                },
            );
        }
        start = i + 1;
    }
    terms
}

/// Units of an escape-encoded term text.
pub(crate) fn term_units(text: &str) -> Vec<Unit> {
    let mut out = Vec::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(n) => out.push((n, true)),
                None => out.push(('\\', true)),
            }
        } else {
            out.push((c, false));
        }
    }
    out
}

/// One token of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenSpan {
    /// Byte offsets into the text.
    pub start: u32,
    pub end: u32,
    /// Character (Unicode scalar) offsets into the text.
    pub char_start: u32,
    pub char_end: u32,
}

/// Tokenise `text`, dropping whitespace-only segments.
pub fn tokenize(text: &str) -> Vec<TokenSpan> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out, &mut Vec::new());
    out
}

/// Tokenise into `out` (cleared first); `scratch` is reused between calls.
pub(crate) fn tokenize_into(
    text: &str,
    out: &mut Vec<TokenSpan>,
    scratch: &mut Vec<(u32, u32, u8)>,
) {
    out.clear();
    let bytes = text.as_bytes();
    assert!(bytes.len() < u32::MAX as usize, "text too long");
    if text.is_ascii() {
        segment(
            bytes.len(),
            |i| ASCII[bytes[i] as usize],
            |s, e| {
                let b = bytes[s];
                let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
                    && bytes[s..e]
                        .iter()
                        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C));
                if !ws {
                    out.push(TokenSpan {
                        start: s as u32,
                        end: e as u32,
                        char_start: s as u32,
                        char_end: e as u32,
                    });
                }
            },
        );
        return;
    }
    scratch.clear();
    for (ci, (bi, c)) in text.char_indices().enumerate() {
        scratch.push((bi as u32, ci as u32, class_of(c)));
    }
    let n = scratch.len();
    let units = &*scratch;
    segment(
        n,
        |i| units[i].2,
        |s, e| {
            let bs = units[s].0 as usize;
            let be = if e < n {
                units[e].0 as usize
            } else {
                text.len()
            };
            if !text[bs..be].chars().all(char::is_whitespace) {
                out.push(TokenSpan {
                    start: bs as u32,
                    end: be as u32,
                    char_start: units[s].1,
                    char_end: if e < n { units[e].1 } else { n as u32 },
                });
            }
        },
    );
}

/// Tokenise and return the token strings (for tests and tools).
pub fn token_strs(text: &str) -> Vec<&str> {
    tokenize(text)
        .into_iter()
        .map(|t| &text[t.start as usize..t.end as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_rules() {
        assert_eq!(
            token_strs("Mycobacterium tuberculosis (MTB) is extra-pulmonary."),
            vec![
                "Mycobacterium",
                "tuberculosis",
                "(",
                "MTB",
                ")",
                "is",
                "extra",
                "-",
                "pulmonary",
                "."
            ]
        );
        assert_eq!(
            token_strs("don't e.g. 3.5 2,000 a:b foo_bar COVID19 3D"),
            vec![
                "don't", "e.g", ".", "3.5", "2,000", "a:b", "foo_bar", "COVID19", "3D"
            ]
        );
        assert_eq!(
            token_strs("students' work; x.. y"),
            vec!["students", "'", "work", ";", "x", ".", ".", "y"]
        );
        assert_eq!(token_strs("a\r\n\tb  c"), vec!["a", "b", "c"]);
        assert_eq!(token_strs(""), Vec::<&str>::new());
    }

    #[test]
    fn unicode() {
        assert_eq!(
            token_strs("niño’s café-crème"),
            vec!["niño’s", "café", "-", "crème"]
        );
        assert_eq!(token_strs("e\u{301}t\u{e9}"), vec!["e\u{301}t\u{e9}"]);
        let t = tokenize("é a");
        assert_eq!(t[1].char_start, 2);
        assert_eq!(t[1].start, 3);
    }
}
