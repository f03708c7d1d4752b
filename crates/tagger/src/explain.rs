//! Explaining a learned score in the words of the text.
//!
//! The model scores hashed n-grams (word unigrams and bigrams, word prefixes,
//! CJK character n-grams), which mean little to a reader: `devel`, `展中国`.
//! Here every occurrence of a feature that the model weighs for a label is
//! mapped back to the words of the text that hold it, and the contributions
//! (value × weight, shared equally among a feature's occurrences) are summed
//! per term:
//!
//! * in Latin scripts a term is a whole word, or the phrase of adjacent words
//!   a bigram spans (`right to development`, stop words included as written);
//! * in Chinese (and other CJK runs) a term is a whole word, as jieba segments
//!   the run; an n-gram across word boundaries is shared among the words it
//!   covers, by the characters it covers in each.
//!
//! Terms are keyed by their normalised form (so `Trade` and `trade` are one
//! term) and named by their first occurrence, exactly as in the input.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::features::Features;
use crate::model::Model;
use crate::normalize::{Normalized, is_cjk, is_word_char};
use crate::pipeline::Term;

/// Terms listed per label.
pub const MAX_TERMS: usize = 8;

/// One word of the normalised text: byte range, and whether it is CJK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word {
    pub start: u32,
    pub end: u32,
    pub cjk: bool,
}

/// Loads the Chinese word dictionary the explanations use now (a tenth of a
/// second of one core), which the first Chinese text tagged would otherwise
/// wait for: call it on a thread of its own at start.
pub fn warm_up() {
    jieba();
}

fn jieba() -> &'static jieba_rs::Jieba {
    static J: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    J.get_or_init(jieba_rs::Jieba::new)
}

/// The words of a normalised text, in order: runs of word characters, and the
/// jieba words of each run of CJK characters.
pub(crate) fn words(norm: &Normalized) -> Vec<Word> {
    let text = norm.text.as_str();
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let cjk = is_cjk(c);
        if !cjk && !is_word_char(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            let same = if cjk {
                is_cjk(d)
            } else {
                !is_cjk(d) && is_word_char(d)
            };
            if !same {
                break;
            }
            end = j + d.len_utf8();
            it.next();
        }
        if cjk {
            for t in jieba().cut(&text[i..end], true) {
                out.push(Word {
                    start: (i + t.byte_start) as u32,
                    end: (i + t.byte_end) as u32,
                    cjk: true,
                });
            }
        } else {
            out.push(Word {
                start: i as u32,
                end: end as u32,
                cjk: false,
            });
        }
    }
    out
}

/// Whether `c` shows as `+0.00` or `-0.00` at the precision the page uses
/// (`{:.2}`): its exact value is under 0.005 in magnitude, as no `f32`
/// equals 0.005 (a test checks this against the formatting).
pub fn shows_as_zero(c: f32) -> bool {
    (c.abs() as f64) < 0.005
}

/// The terms of the window `w` (normalised as `norm`, split into `words`)
/// that carry label `j`'s n-gram features: at most [`MAX_TERMS`], strongest
/// (by absolute contribution) kept, listed from the most positive to the
/// most negative; none that would show as 0.00. `found` holds `(position in
/// f, model row)` of the features the model has; character offsets are
/// shifted by `char_base`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn explain(
    f: &Features,
    found: &[(u32, u32)],
    norm: &Normalized,
    words: &[Word],
    m: &Model,
    j: usize,
    w: &str,
    char_base: usize,
) -> Vec<Term> {
    // Normalised term → (contribution, first normalised range).
    let mut sums: HashMap<&str, (f32, u32, u32)> = HashMap::new();
    let text = norm.text.as_str();
    let mut add = |s: u32, e: u32, c: f32| {
        let key = &text[s as usize..e as usize];
        let entry = sums.entry(key).or_insert((0.0, s, e));
        entry.0 += c;
        if s < entry.1 {
            entry.1 = s;
            entry.2 = e;
        }
    };
    for &(k, r) in found {
        let k = k as usize;
        let c = f.vals[k] * m.row_at(r)[j];
        if c == 0.0 {
            continue;
        }
        let occ: Vec<(u32, u32)> = f.occurrences_of(f.ids[k]).collect();
        if occ.is_empty() {
            continue;
        }
        let share = c / occ.len() as f32;
        for (s, e) in occ {
            let first = words.partition_point(|wd| wd.end <= s);
            let covered: Vec<Word> = words[first..]
                .iter()
                .take_while(|wd| wd.start < e)
                .copied()
                .collect();
            let (Some(a), Some(b)) = (covered.first(), covered.last()) else {
                continue;
            };
            if covered.iter().all(|wd| wd.cjk) {
                // Shared among the words by the characters covered in each.
                let total = (e - s) as f32;
                for wd in &covered {
                    let part = (e.min(wd.end) - s.max(wd.start)) as f32;
                    add(wd.start, wd.end, share * part / total);
                }
            } else {
                add(a.start, b.end, share);
            }
        }
    }
    let mut terms: Vec<(f32, u32, u32)> = sums
        .into_values()
        .filter(|&(c, _, _)| !shows_as_zero(c))
        .collect();
    terms.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()).then(a.1.cmp(&b.1)));
    terms.truncate(MAX_TERMS);
    terms.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    terms
        .into_iter()
        .map(|(c, s, e)| {
            let (bs, be) = norm.original_range(s as usize, e as usize);
            let term = &w[bs..be];
            let start = char_base + w[..bs].chars().count();
            Term {
                term: term.to_string(),
                contribution: (c * 1e4).round() / 1e4,
                start,
                end: start + term.chars().count(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn names(text: &str) -> Vec<String> {
        let n = normalize(text);
        words(&n)
            .iter()
            .map(|w| n.text[w.start as usize..w.end as usize].to_string())
            .collect()
    }

    #[test]
    fn shows_as_zero_agrees_with_the_formatting_the_page_uses() {
        // Every f32 around the boundary, both signs, and a spread beyond.
        let edge = 0.005f32;
        let mut x = edge;
        let mut values = vec![0.0, -0.0, 0.01, -0.0049, 1.0, f32::NAN, f32::INFINITY];
        for _ in 0..2000 {
            x = f32::from_bits(x.to_bits() - 1);
            values.push(x);
        }
        x = edge;
        for _ in 0..2000 {
            values.push(x);
            x = f32::from_bits(x.to_bits() + 1);
        }
        for i in 0..20_000 {
            values.push(i as f32 * 1e-6);
        }
        for v in values {
            for c in [v, -v] {
                let shown = format!("{:.2}", c.abs()) == "0.00";
                assert_eq!(shows_as_zero(c), shown, "{c:e}");
            }
        }
    }

    #[test]
    fn words_are_latin_runs_and_jieba_words() {
        assert_eq!(
            names("The right-to-development, 2030!"),
            ["the", "right", "to", "development", "2030"]
        );
        let zh = names("保障发展中国家的利益");
        assert!(zh.contains(&"发展中国家".to_string()), "{zh:?}");
        assert_eq!(zh.concat(), "保障发展中国家的利益");
        assert_eq!(names("参加WTO改革"), ["参加", "wto", "改革"]);
    }

    #[test]
    fn zero_at_two_decimals() {
        assert!(shows_as_zero(0.0049));
        assert!(shows_as_zero(-0.004));
        assert!(!shows_as_zero(0.006));
        assert!(!shows_as_zero(-0.01));
    }
}
