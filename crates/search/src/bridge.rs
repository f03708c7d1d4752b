//! Cross-language expansion: a query in one language also finds outputs in the others.
//!
//! A [`Bridge`] maps query text to equivalent terms in other languages; the index adds each
//! as an optional (SHOULD) clause on that language's fields, weighted below the user's own
//! words. [`ThemeBridge`] is a dictionary bridge built from multilingual term groups, either
//! given directly or loaded from the tagger's vocabulary format (`data/vocab/themes.toml`).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::{Lang, SearchError, analysis};

/// Expands query text with equivalent terms in other languages.
pub trait Bridge: Send + Sync {
    /// `(term, language of the term, weight in 0..=1)` for each equivalent found in `text`.
    /// Multi-word terms are searched as phrases.
    fn expand(&self, text: &str) -> Vec<(String, Lang, f32)>;
}

/// Weight of a translation listed in the same explicit group.
pub const GROUP_WEIGHT: f32 = 0.7;
/// Weight of an acronym of the same theme (`WTO` ↔ `OMC`).
pub const ACRONYM_WEIGHT: f32 = 0.5;
/// Weight of a theme's main terms in another language, reached from any term of that theme.
pub const THEME_WEIGHT: f32 = 0.25;

/// How many of a theme's top-weighted terms (those of the highest weight, in file order) per
/// language serve as targets.
const TOP_TERMS: usize = 3;

/// What a source term looks like once analysed, for matching against a query.
#[derive(Debug, Clone)]
enum Key {
    /// Chinese: matched as a substring of the raw query text.
    Han(String),
    /// Other languages: a run of analysed tokens; `prefix` lets the last one be a prefix
    /// (vocabulary wildcards such as `decarboni*`).
    Tokens {
        lang: Lang,
        tokens: Vec<String>,
        prefix: bool,
    },
}

#[derive(Debug, Clone)]
struct Entry {
    keys: Vec<Key>,
    /// The source term as written, never offered as its own expansion.
    source: String,
    targets: Vec<(String, Lang, f32)>,
}

/// A dictionary bridge over multilingual term groups.
///
/// ```
/// use southdesk_search::{Bridge, Lang, ThemeBridge};
/// let bridge = ThemeBridge::from_groups([
///     [Some("世贸组织"), Some("WTO"), Some("OMC"), Some("OMC")],
///     [Some("改革"), Some("reform"), Some("réforme"), Some("reforma")],
/// ]);
/// let terms = bridge.expand("世贸组织改革");
/// assert!(terms.iter().any(|(t, l, _)| t == "WTO" && *l == Lang::En));
/// assert!(terms.iter().any(|(t, l, _)| t == "reforma" && *l == Lang::Es));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ThemeBridge {
    entries: Vec<Entry>,
    /// Where to look first, so that a query is compared with the few entries that could
    /// match rather than with all of them: entries by the first token of a key (in its
    /// language), by the first character of a Chinese key, and those with a one-token prefix
    /// key (always compared).
    by_token: HashMap<(Lang, String), Vec<u32>>,
    by_han: HashMap<char, Vec<u32>>,
    prefixed: Vec<u32>,
}

impl ThemeBridge {
    pub fn new() -> Self {
        Self::default()
    }

    /// Groups of translations in the order zh, en, fr, es; each term bridges to the others
    /// with [`GROUP_WEIGHT`].
    pub fn from_groups<S: AsRef<str>>(groups: impl IntoIterator<Item = [Option<S>; 4]>) -> Self {
        let mut bridge = Self::new();
        for group in groups {
            let terms: Vec<(String, Lang)> = Lang::ALL
                .into_iter()
                .zip(group)
                .filter_map(|(lang, t)| t.map(|t| (t.as_ref().trim().to_string(), lang)))
                .filter(|(t, _)| !t.is_empty())
                .collect();
            bridge.add_group(&terms, GROUP_WEIGHT);
        }
        bridge
    }

    /// Adds one group of equivalent terms, each with its language: every term bridges to
    /// every other term of the group with `weight`.
    pub fn add_group(&mut self, terms: &[(String, Lang)], weight: f32) {
        for (i, (source, lang)) in terms.iter().enumerate() {
            let targets = terms
                .iter()
                .enumerate()
                .filter(|(j, (t, _))| *j != i && t != source)
                .map(|(_, (t, l))| (t.clone(), *l, weight))
                .collect::<Vec<_>>();
            self.push(source, &[*lang], targets);
        }
    }

    /// Loads the tagger's vocabulary format (`[[theme]]` tables with `zh`/`en`/`fr`/`es`
    /// term lists, `term@weight` suffixes, `*` wildcards and `acronyms`; `[[phrase]]` entries
    /// whose `terms` list translations together). Other tables and keys are ignored.
    ///
    /// * every term of a theme bridges to the theme's top-weighted terms (the first three of
    ///   the highest weight; wildcards are never targets) of each
    ///   other language with [`THEME_WEIGHT`], and to its main acronyms (likewise the first
    ///   three of the highest weight, `@weight` suffixes read as for terms) in every language
    ///   with [`ACRONYM_WEIGHT`];
    /// * every acronym bridges to the main acronyms and to the theme's top terms;
    /// * the terms of a `[[phrase]]` bridge to each other with [`GROUP_WEIGHT`]. Their language
    ///   is not written down: Han script is Chinese, a term that a theme lists is of that
    ///   theme's language, any other term is tried as English, French and Spanish.
    pub fn from_vocab_toml(text: &str) -> Result<Self, SearchError> {
        let file: VocabFile =
            toml::from_str(text).map_err(|e| SearchError::Vocabulary(e.to_string()))?;
        let mut bridge = Self::new();
        let mut known_lang: BTreeMap<String, Lang> = BTreeMap::new();

        for theme in &file.theme {
            let lists = [&theme.zh, &theme.en, &theme.fr, &theme.es];
            let parsed: Vec<Vec<(String, f32, bool)>> = lists
                .iter()
                .map(|l| l.iter().map(|t| parse_term(t)).collect())
                .collect();
            // top-weighted plain terms of each language
            let tops: Vec<Vec<String>> = parsed
                .iter()
                .map(|terms| {
                    top_weighted(terms.iter().filter(|(t, _, wild)| !wild && !t.is_empty()))
                })
                .collect();
            // The theme's main acronyms (the first of the highest weight, in file order): the
            // others name narrower things (`CBAM`, `MC13`) and would broaden the query to
            // all of them, in four languages each.
            let acronyms: Vec<(String, f32, bool)> =
                theme.acronyms.iter().map(|a| parse_term(a)).collect();
            let main_acronyms = top_weighted(acronyms.iter().filter(|(a, _, _)| !a.is_empty()));
            let acronym_targets = |skip: &str| {
                let mut v = Vec::new();
                for a in main_acronyms.iter().filter(|a| a.as_str() != skip) {
                    for lang in Lang::ALL {
                        v.push((a.clone(), lang, ACRONYM_WEIGHT));
                    }
                }
                v
            };

            for (li, terms) in parsed.iter().enumerate() {
                let lang = Lang::ALL[li];
                for (term, _, wild) in terms {
                    known_lang.insert(term.to_lowercase(), lang);
                    let mut targets = acronym_targets("");
                    for (lj, top) in tops.iter().enumerate() {
                        if lj != li {
                            targets.extend(
                                top.iter().map(|t| (t.clone(), Lang::ALL[lj], THEME_WEIGHT)),
                            );
                        }
                    }
                    bridge.push_key(term, lang, *wild, targets);
                }
            }
            // Every acronym is a source (all of them are the same word in each language),
            // bridging to the main ones and to the top terms.
            for (acronym, _, _) in acronyms.iter().filter(|(a, _, _)| !a.is_empty()) {
                let mut targets = acronym_targets(acronym);
                for (lj, top) in tops.iter().enumerate() {
                    targets.extend(top.iter().map(|t| (t.clone(), Lang::ALL[lj], THEME_WEIGHT)));
                }
                bridge.push(acronym, &Lang::ALL, targets);
            }
        }

        for phrase in &file.phrase {
            let mut group: Vec<(String, Lang)> = Vec::new();
            for term in &phrase.terms {
                let (term, _, _) = parse_term(term);
                if is_han(&term) {
                    group.push((term, Lang::Zh));
                } else if let Some(lang) = known_lang.get(&term.to_lowercase()) {
                    group.push((term, *lang));
                } else {
                    for lang in [Lang::En, Lang::Fr, Lang::Es] {
                        group.push((term.clone(), lang));
                    }
                }
            }
            bridge.add_group(&group, GROUP_WEIGHT);
        }
        Ok(bridge)
    }

    /// Number of source terms known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn push(&mut self, source: &str, langs: &[Lang], targets: Vec<(String, Lang, f32)>) {
        let keys = langs
            .iter()
            .filter_map(|lang| make_key(source, *lang, false))
            .collect::<Vec<_>>();
        self.push_entry(source, keys, targets);
    }

    fn push_key(
        &mut self,
        source: &str,
        lang: Lang,
        prefix: bool,
        targets: Vec<(String, Lang, f32)>,
    ) {
        let keys = make_key(source, lang, prefix).into_iter().collect();
        self.push_entry(source, keys, targets);
    }

    fn push_entry(&mut self, source: &str, keys: Vec<Key>, targets: Vec<(String, Lang, f32)>) {
        if keys.is_empty() || targets.is_empty() {
            return;
        }
        let at = self.entries.len() as u32;
        for key in &keys {
            let list = match key {
                Key::Han(s) => s.chars().next().map(|c| self.by_han.entry(c).or_default()),
                Key::Tokens {
                    prefix: true,
                    tokens,
                    ..
                } if tokens.len() == 1 => Some(&mut self.prefixed),
                Key::Tokens { lang, tokens, .. } => {
                    Some(self.by_token.entry((*lang, tokens[0].clone())).or_default())
                }
            };
            if let Some(list) = list
                && list.last() != Some(&at)
            {
                list.push(at);
            }
        }
        self.entries.push(Entry {
            keys,
            source: source.to_string(),
            targets,
        });
    }
}

impl Bridge for ThemeBridge {
    fn expand(&self, text: &str) -> Vec<(String, Lang, f32)> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let analysed: Vec<Vec<String>> = Lang::ALL
            .into_iter()
            .map(|lang| {
                if lang == Lang::Zh {
                    Vec::new()
                } else {
                    analysis::analyze(lang, text)
                }
            })
            .collect();
        let mut candidates: Vec<u32> = self.prefixed.clone();
        for (lang, tokens) in Lang::ALL.into_iter().zip(&analysed) {
            for t in tokens {
                if let Some(list) = self.by_token.get(&(lang, t.clone())) {
                    candidates.extend(list);
                }
            }
        }
        for c in text.chars() {
            if let Some(list) = self.by_han.get(&c) {
                candidates.extend(list);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: BTreeMap<(String, Lang), f32> = BTreeMap::new();
        for entry in candidates.iter().map(|i| &self.entries[*i as usize]) {
            let hit = entry.keys.iter().any(|key| match key {
                Key::Han(s) => text.contains(s.as_str()),
                Key::Tokens {
                    lang,
                    tokens,
                    prefix,
                } => contains_run(&analysed[lang.index()], tokens, *prefix),
            });
            if !hit {
                continue;
            }
            for (term, lang, weight) in &entry.targets {
                if term.eq_ignore_ascii_case(&entry.source) && *lang != Lang::Zh {
                    continue;
                }
                let w = best.entry((term.clone(), *lang)).or_insert(0.0);
                *w = w.max(*weight);
            }
        }
        best.into_iter().map(|((t, l), w)| (t, l, w)).collect()
    }
}

#[derive(Deserialize)]
struct VocabFile {
    #[serde(default)]
    theme: Vec<VocabTheme>,
    #[serde(default)]
    phrase: Vec<VocabPhrase>,
}

#[derive(Deserialize)]
struct VocabTheme {
    #[serde(default)]
    acronyms: Vec<String>,
    #[serde(default)]
    zh: Vec<String>,
    #[serde(default)]
    en: Vec<String>,
    #[serde(default)]
    fr: Vec<String>,
    #[serde(default)]
    es: Vec<String>,
}

#[derive(Deserialize)]
struct VocabPhrase {
    #[serde(default)]
    terms: Vec<String>,
}

/// The first [`TOP_TERMS`] of the highest weight, in file order, of parsed terms
/// (`(term, weight, wildcard)`).
fn top_weighted<'a>(terms: impl Iterator<Item = &'a (String, f32, bool)> + Clone) -> Vec<String> {
    let top = terms.clone().map(|(_, w, _)| *w).fold(f32::MIN, f32::max);
    terms
        .filter(|(_, w, _)| *w >= top)
        .take(TOP_TERMS)
        .map(|(t, _, _)| t.clone())
        .collect()
}

/// `"mitigation@0.6"` → (`mitigation`, 0.6, false); `"decarboni*"` → (`decarboni`, 1.0, true).
fn parse_term(raw: &str) -> (String, f32, bool) {
    let (term, weight) = match raw.rsplit_once('@') {
        Some((t, w)) => match w.trim().parse::<f32>() {
            Ok(w) => (t, w),
            Err(_) => (raw, 1.0),
        },
        None => (raw, 1.0),
    };
    let term = term.trim();
    let wild = term.ends_with('*');
    (term.trim_end_matches('*').trim().to_string(), weight, wild)
}

pub(crate) fn is_han(s: &str) -> bool {
    s.chars().any(is_han_char)
}

pub(crate) fn is_han_char(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn make_key(term: &str, lang: Lang, prefix: bool) -> Option<Key> {
    if term.is_empty() {
        return None;
    }
    if lang == Lang::Zh && is_han(term) {
        return Some(Key::Han(term.to_string()));
    }
    let key_lang = if lang == Lang::Zh { Lang::En } else { lang };
    let tokens = analysis::analyze(key_lang, term);
    (!tokens.is_empty()).then_some(Key::Tokens {
        lang: key_lang,
        tokens,
        prefix,
    })
}

fn contains_run(haystack: &[String], needle: &[String], prefix: bool) -> bool {
    if needle.is_empty() || haystack.len() < needle.len() {
        return false;
    }
    let last = needle.len() - 1;
    haystack.windows(needle.len()).any(|w| {
        w[..last] == needle[..last]
            && if prefix {
                w[last].starts_with(needle[last].as_str())
            } else {
                w[last] == needle[last]
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_weights_and_wildcards() {
        assert_eq!(
            parse_term("mitigation@0.6"),
            ("mitigation".into(), 0.6, false)
        );
        assert_eq!(parse_term("decarboni*"), ("decarboni".into(), 1.0, true));
        assert_eq!(parse_term("a@b"), ("a@b".into(), 1.0, false));
    }

    #[test]
    fn runs_match_with_prefix() {
        let h: Vec<String> = ["the", "decarbonis", "of"].map(String::from).to_vec();
        assert!(contains_run(&h, &["decarboni".to_string()], true));
        assert!(!contains_run(&h, &["decarboni".to_string()], false));
    }
}
