//! A learned score is explained in whole words and phrases of the text.

use southdesk_tagger::explain::shows_as_zero;
use southdesk_tagger::*;

const EN: &str = "The South Centre calls for reform of the WTO, restoring the Appellate Body and special and differential treatment for developing countries in the multilateral trading system, and for development finance and debt relief.";
const ZH: &str =
    "南方中心呼吁推动世贸组织改革，恢复上诉机构，保障发展中国家在多边贸易体制中的特殊和差别待遇。";

fn all_terms(r: &TagResult) -> Vec<&Term> {
    r.themes
        .iter()
        .flat_map(|t| &t.terms)
        .chain(r.sdgs.iter().flat_map(|s| &s.terms))
        .collect()
}

fn check_common(text: &str, r: &TagResult) {
    let chars: Vec<char> = text.chars().collect();
    let tags = r
        .themes
        .iter()
        .map(|t| t.terms.len())
        .chain(r.sdgs.iter().map(|s| s.terms.len()));
    for n in tags {
        assert!(n <= 8, "at most 8 terms per tag");
    }
    for t in all_terms(r) {
        let seen: String = chars[t.start..t.end].iter().collect();
        assert_eq!(seen, t.term, "offsets of {t:?}");
        assert!(!shows_as_zero(t.contribution), "{t:?} shows as 0.00");
    }
    for list in r
        .themes
        .iter()
        .map(|t| &t.terms)
        .chain(r.sdgs.iter().map(|s| &s.terms))
    {
        assert!(
            list.windows(2)
                .all(|w| w[0].contribution >= w[1].contribution),
            "sorted: {list:?}"
        );
    }
}

#[test]
fn english_terms_are_whole_words_of_the_text() {
    let r = Tagger::builtin().tag(EN, &TagOptions { all: true });
    check_common(EN, &r);
    let terms = all_terms(&r);
    assert!(!terms.is_empty(), "{r:?}");
    let chars: Vec<char> = EN.chars().collect();
    for t in &terms {
        let before = t.start.checked_sub(1).map(|i| chars[i]);
        let after = chars.get(t.end).copied();
        assert!(
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric),
            "{t:?} is not a whole word"
        );
        assert!(t.term.chars().next().unwrap().is_alphanumeric(), "{t:?}");
    }
    // Word prefixes (`devel`, `finan`) are named by their words.
    assert!(!terms.iter().any(|t| t.term == "devel" || t.term == "finan"));
}

#[test]
fn chinese_terms_are_whole_jieba_words() {
    let r = Tagger::builtin().tag(ZH, &TagOptions { all: true });
    check_common(ZH, &r);
    let terms = all_terms(&r);
    assert!(!terms.is_empty(), "{r:?}");
    // Word boundaries as jieba segments the text.
    let jieba = jieba_rs::Jieba::new();
    let mut bounds = vec![0usize];
    for tok in jieba.cut(ZH, true) {
        bounds.push(tok.end);
    }
    for t in &terms {
        assert!(
            bounds.contains(&t.start) && bounds.contains(&t.end),
            "{t:?} is not a whole word of {:?}",
            jieba
                .cut(ZH, true)
                .iter()
                .map(|t| t.word)
                .collect::<Vec<_>>()
        );
    }
    // No fragment of a word such as 展中国 or a lone 关.
    assert!(!terms.iter().any(|t| t.term == "展中国"), "{terms:?}");
    let trade = r.themes.iter().find(|t| t.id == "trade").unwrap();
    eprintln!("{:?}", trade.terms);
}

#[test]
fn terms_survive_json() {
    let r = Tagger::builtin().tag(EN, &TagOptions::default());
    let js = serde_json::to_value(&r).unwrap();
    let t = &js["themes"][0];
    assert!(t["terms"].is_array(), "{js}");
    assert!(t.get("features").is_none(), "the old n-gram list is gone");
}
