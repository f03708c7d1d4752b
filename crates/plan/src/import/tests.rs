use super::*;

use proptest::prelude::*;

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no {needle:?} in text"))
}

fn nth_line_of(text: &str, needle: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no {needle:?} #{nth} in text"))
}

fn read_err(text: &str) -> ImportError {
    read_document(text).expect_err("the document should be rejected")
}

// --- the seed document ------------------------------------------------------

#[test]
fn seed_has_the_14_themes_with_the_list_titles() {
    let Some(seed) = crate::test_seed() else {
        return;
    };
    let doc = read_document(&seed).unwrap();
    assert_eq!(doc.language, Lang::Zh);
    assert_eq!(
        doc.period,
        Some(Period {
            start: 2026,
            end: 2028
        })
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("南方中心主题工作计划 2026 至 2028 年")
    );
    let numbers: Vec<u16> = doc.themes.iter().map(|t| t.number).collect();
    assert_eq!(numbers, (1..=14).collect::<Vec<u16>>());

    // The titles are the list's, read from the list's lines.
    let list_start = line_of(&seed, "在资源可用的前提下");
    for t in &doc.themes {
        let list_line = seed.lines().nth(t.list_line - 1).unwrap();
        assert_eq!(list_line, format!("{}. {}", t.number, t.title));
        assert!(t.list_line > list_start && t.list_line <= list_start + 15);
        let heading = seed.lines().nth(t.line - 1).unwrap();
        assert_eq!(heading, format!("{}. {}", t.number, t.section_title));
        assert!(t.line > t.list_line);
        assert!(!t.body.is_empty());
    }
    // Where the section words the title differently, the list's wins.
    let t8 = &doc.themes[7];
    assert_eq!(t8.title, "投资国际制度");
    assert_eq!(t8.section_title, "国际投资体制");
    assert!(t8.body.starts_with("南方中心将继续研究双边投资条约"));
    let t1 = &doc.themes[0];
    assert_eq!(
        t1.title,
        "落实《2030 年可持续发展议程》包括消除贫困的政策行动"
    );
    assert_eq!(
        t1.section_title,
        "落实《2030 年可持续发展议程》，包括消除贫困的政策行动"
    );

    // A body broken over a blank line is kept whole.
    let t6 = &doc.themes[5];
    assert!(
        t6.body.contains("将涵盖发展筹资论，\n\n并就这些事项"),
        "{}",
        t6.body
    );
    assert!(t6.body.ends_with("作为观察员参与 24 国政府间集团。"));

    // The last section stops before the contact block.
    let t14 = &doc.themes[13];
    assert!(
        t14.body
            .ends_with("支持成员国在采纳国际税收标准时作出明智决策。"),
        "{}",
        t14.body
    );
    assert!(!t14.body.contains("South Centre"));
    assert!(!t14.body.contains("Geneva"));

    // Every section body is the text between its heading and the next one.
    for pair in doc.themes.windows(2) {
        assert!(pair[0].line < pair[1].line);
        assert!(pair[0].body.lines().count() < pair[1].line - pair[0].line);
    }
}

#[test]
fn seed_titles_match_the_embedded_plan() {
    let Some(seed) = crate::test_seed() else {
        return;
    };
    let doc = read_document(&seed).unwrap();
    let plan = Plan::embedded_2026_2028();
    for (d, t) in doc.themes.iter().zip(&plan.themes) {
        assert_eq!(d.title, t.title.zh);
    }
}

#[test]
fn seed_draft_is_the_plan_in_force() {
    let Some(seed) = crate::test_seed() else {
        return;
    };
    let doc = read_document(&seed).unwrap();
    let base = Plan::embedded_2026_2028();
    let draft = doc.into_draft(&base);
    assert_eq!(draft, base);
    assert!(draft.validate(true).is_empty());
}

#[test]
fn broken_seed_documents_report_the_line() {
    let Some(seed) = crate::test_seed() else {
        return;
    };
    // Theme 7 dropped from the list (its first occurrence): the list
    // skips from 6 to 8.
    let mut done = false;
    let text = seed
        .lines()
        .filter(|l| {
            let drop = !done && *l == "7. 国际贸易与发展";
            done |= drop;
            !drop
        })
        .collect::<Vec<_>>()
        .join("\n");
    let e = read_err(&text);
    assert_eq!(e.line, line_of(&text, "8. 投资国际制度"), "{e}");
    assert!(e.message.contains("skips from 6 to 8"), "{e}");

    // Section 8 without its heading: section 9 comes where 8 was expected.
    let text = seed.replace("8. 国际投资体制\n", "");
    let e = read_err(&text);
    assert_eq!(
        e.line,
        line_of(&text, "9. 创新、知识产权、技术转让和传统知识保护"),
        "{e}"
    );
    assert!(e.message.contains("expected section 8"), "{e}");

    // The last section cut: the sections run out at the contact block.
    let start = seed
        .find("14. 国际税收体系改革、数字经济中的税收权利以及")
        .unwrap();
    let end = seed.find("South Centre\n\nInternational").unwrap();
    let text = format!("{}{}", &seed[..start], &seed[end..]);
    let e = read_err(&text);
    assert_eq!(
        e.line,
        line_of(&text, "International Environment House") - 2,
        "{e}"
    );
    assert!(e.message.contains("section 14"), "{e}");
    assert!(e.message.contains("closing block"), "{e}");
}

// --- an English Markdown document -------------------------------------------

const MARKDOWN: &str = "\
# South Centre Thematic Work Programme 2026–2028

## I. Introduction

The South Centre is an intergovernmental think tank of developing countries.
Its work aims to strengthen their capacity to:

- participate in a multilateral system that preserves policy space;
- participate effectively in international forums.

## II. Thematic areas

Subject to resources, the priority themes for 2026–2028 are:

1. Implementation of the 2030 Agenda for Sustainable Development
2. Climate change, environmental issues and sustainable development
3. International trade and development
4. Strengthening South-South and triangular cooperation

The themes are described below.

### 1. Implementation of the 2030 Agenda

The Centre supports developing countries at the High-level Political Forum.

It also works on poverty eradication.

### 2. Climate change and sustainable development

Work covers:

1. mitigation and adaptation;
2. loss and damage;
3. climate finance.

### 3. Trade and development

The Centre follows WTO reform and the AfCFTA.

#### Dispute settlement

Including the restoration of the Appellate Body.

### 4. South-South cooperation

Research and capacity building on South-South and triangular cooperation.

## III. Implementation

The Secretariat implements this programme with existing staff.

---

South Centre, Chemin de Balexert 7-9, 1219 Geneva · south@southcentre.int
";

#[test]
fn english_markdown_document() {
    let doc = read_document(MARKDOWN).unwrap();
    assert_eq!(doc.language, Lang::En);
    assert_eq!(
        doc.title.as_deref(),
        Some("South Centre Thematic Work Programme 2026–2028")
    );
    assert_eq!(
        doc.period,
        Some(Period {
            start: 2026,
            end: 2028
        })
    );
    let titles: Vec<&str> = doc.themes.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Implementation of the 2030 Agenda for Sustainable Development",
            "Climate change, environmental issues and sustainable development",
            "International trade and development",
            "Strengthening South-South and triangular cooperation",
        ]
    );
    let t1 = &doc.themes[0];
    assert_eq!(t1.section_title, "Implementation of the 2030 Agenda");
    assert_eq!(t1.line, line_of(MARKDOWN, "### 1. Implementation"));
    assert_eq!(
        t1.list_line,
        line_of(MARKDOWN, "1. Implementation of the 2030")
    );
    assert_eq!(
        t1.body,
        "The Centre supports developing countries at the High-level Political Forum.\n\nIt also works on poverty eradication."
    );
    // A numbered sub-list stays in its section.
    assert!(doc.themes[1].body.contains("2. loss and damage;"));
    // A deeper heading stays in its section.
    assert!(doc.themes[2].body.contains("#### Dispute settlement"));
    // The next part ends the last section.
    assert_eq!(
        doc.themes[3].body,
        "Research and capacity building on South-South and triangular cooperation."
    );
}

#[test]
fn plain_english_with_parenthesised_numbers_and_a_contact_block() {
    let text = "\
SOUTH CENTRE WORK PROGRAMME 2027 to 2029

1. Introduction

This programme sets out the areas of work.

2. Priority themes

1) Trade and development
2) Tax cooperation

1) Trade and development
The Centre works on trade rules.

2) Tax cooperation
The Centre supports the UN tax convention.

South Centre
Chemin de Balexert 7-9
1219 Geneva
Tel.: +41 22 791 8050
";
    let doc = read_document(text).unwrap();
    assert_eq!(doc.language, Lang::En);
    assert_eq!(
        doc.period,
        Some(Period {
            start: 2027,
            end: 2029
        })
    );
    assert_eq!(doc.themes.len(), 2);
    assert_eq!(doc.themes[0].title, "Trade and development");
    assert_eq!(doc.themes[0].body, "The Centre works on trade rules.");
    assert_eq!(
        doc.themes[1].body,
        "The Centre supports the UN tax convention."
    );
    assert_eq!(
        doc.themes[1].line,
        nth_line_of(text, "2) Tax cooperation", 1)
    );
}

#[test]
fn chinese_document_with_ideographic_commas() {
    let text = "\
南方中心工作计划（2029—2031年）

一、引言

本计划说明中心的工作。

二、主题

1、国际贸易与发展
2、卫生与发展

1、国际贸易与发展

中心将继续研究贸易规则。

2、健康与发展

中心将支持药品可及性。
";
    let doc = read_document(text).unwrap();
    assert_eq!(doc.language, Lang::Zh);
    assert_eq!(
        doc.period,
        Some(Period {
            start: 2029,
            end: 2031
        })
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("南方中心工作计划（2029—2031年）")
    );
    assert_eq!(doc.themes.len(), 2);
    assert_eq!(doc.themes[1].title, "卫生与发展");
    assert_eq!(doc.themes[1].section_title, "健康与发展");
    assert_eq!(doc.themes[1].body, "中心将支持药品可及性。");
}

#[test]
fn bulleted_numbered_list() {
    let text = "\
Work programme

Themes:

- 1. Trade
- 2. Tax

## 1. Trade

Trade text.

## 2. Tax

Tax text.
";
    let doc = read_document(text).unwrap();
    let titles: Vec<&str> = doc.themes.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Trade", "Tax"]);
    assert_eq!(doc.themes[1].body, "Tax text.");
}

#[test]
fn unnumbered_bullet_list_of_themes() {
    let text = "\
# Work programme 2026-2028

The priority themes are:

* Trade and development
* Tax cooperation

## 1. Trade and development

Trade text.

## 2. Tax cooperation

Tax text.
";
    let doc = read_document(text).unwrap();
    let titles: Vec<&str> = doc.themes.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Trade and development", "Tax cooperation"]);
    assert_eq!(doc.themes[0].list_line, 5);
    assert_eq!(doc.themes[1].line, 12);
}

// --- documents it cannot read ----------------------------------------------

#[test]
fn no_theme_list() {
    let text = "A plan\n\nSome text without any list.\n\nMore text.\n";
    let e = read_err(text);
    assert_eq!(e.line, 5, "{e}");
    assert!(e.message.contains("without finding a numbered list"), "{e}");
    assert!(e.to_string().starts_with("line 5: "));
}

#[test]
fn list_not_starting_at_one() {
    let text = "A plan\n\n2. Trade\n3. Tax\n";
    let e = read_err(text);
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("not 1"), "{e}");
}

#[test]
fn gap_in_the_list() {
    let text = "\
Plan

1. Trade
2. Tax
4. Health

1. Trade
Text.
";
    let e = read_err(text);
    assert_eq!(e.line, line_of(text, "4. Health"), "{e}");
    assert!(e.message.contains("skips from 2 to 4"), "{e}");
}

#[test]
fn duplicate_number_in_the_list() {
    let text = "\
Plan

1. Trade
2. Tax
2. Health
";
    let e = read_err(text);
    assert_eq!(e.line, line_of(text, "2. Health"), "{e}");
    assert!(e.message.contains("numbers 2 again"), "{e}");
}

#[test]
fn section_missing_in_the_middle() {
    let text = "\
Plan

1. Trade and development
2. Tax cooperation
3. Health and development

Below.

1. Trade and development
Trade text.

3. Health and development
Health text.
";
    let e = read_err(text);
    assert_eq!(e.line, nth_line_of(text, "3. Health", 1), "{e}");
    assert!(e.message.contains("expected section 2"), "{e}");
}

#[test]
fn last_section_missing() {
    let text = "\
Plan

1. Trade and development
2. Tax cooperation
3. Health and development

1. Trade and development
Trade text.

2. Tax cooperation
Tax text.

III. Implementation
Staff.
";
    let e = read_err(text);
    assert_eq!(e.line, line_of(text, "III. Implementation"), "{e}");
    assert!(e.message.contains("section 3"), "{e}");
    assert!(e.message.contains("names 3 themes"), "{e}");
}

#[test]
fn sections_run_out_at_the_end() {
    let text = "\
Plan

1. Trade and development
2. Tax cooperation

1. Trade and development
Trade text.";
    let e = read_err(text);
    assert_eq!(e.line, 7, "{e}");
    assert!(e.message.contains("the document ends"), "{e}");
}

#[test]
fn more_sections_than_listed() {
    let text = "\
Plan

## 1. Trade
## 2. Tax

Below.

### 1. Trade
Trade text.

### 2. Tax
Tax text.

### 3. Health
Health text.
";
    let e = read_err(text);
    assert_eq!(e.line, line_of(text, "### 3. Health"), "{e}");
    assert!(e.message.contains("no entry in the list"), "{e}");
}

#[test]
fn section_heading_that_is_another_theme() {
    let text = "\
Plan

1. Trade and development
2. Tax cooperation

1. Trade and development
Trade text.

2. Health and medicines
Health text.
";
    let e = read_err(text);
    assert_eq!(e.line, line_of(text, "2. Health"), "{e}");
    assert!(e.message.contains("does not match theme 2"), "{e}");
}

#[test]
fn section_repeated() {
    let text = "\
Plan

1. Trade and development
2. Tax cooperation
3. Health

1. Trade and development
Trade text.

2. Tax cooperation
Tax text.

2. Tax cooperation
Tax text again.

3. Health
Health text.
";
    let e = read_err(text);
    assert_eq!(e.line, nth_line_of(text, "2. Tax cooperation", 2), "{e}");
    assert!(e.message.contains("second time"), "{e}");
}

#[test]
fn empty_section() {
    let text = "\
Plan

## 1. Trade
## 2. Tax

### 1. Trade

### 2. Tax
Tax text.
";
    let e = read_err(text);
    assert_eq!(e.line, line_of(text, "### 1. Trade"), "{e}");
    assert!(e.message.contains("has no text"), "{e}");
}

#[test]
fn empty_document() {
    let e = read_err("");
    assert_eq!(e.line, 1);
}

// --- drafts -----------------------------------------------------------------

fn english_doc(themes: &[(&str, &str)]) -> ImportedDocument {
    let mut text =
        String::from("# South Centre Thematic Work Programme 2026–2028\n\n## Themes\n\n");
    for (i, (title, _)) in themes.iter().enumerate() {
        text.push_str(&format!("{}. {title}\n", i + 1));
    }
    text.push('\n');
    for (i, (title, body)) in themes.iter().enumerate() {
        text.push_str(&format!("### {}. {title}\n\n{body}\n\n", i + 1));
    }
    read_document(&text).unwrap()
}

#[test]
fn draft_keeps_matched_themes_and_renumbers_them() {
    let base = Plan::embedded_2026_2028();
    let tax = base.theme("tax").unwrap().title.en.clone();
    let trade = base.theme("trade").unwrap().title.en.clone();
    let doc = english_doc(&[(tax.as_str(), "Tax text."), (trade.as_str(), "Trade text.")]);
    let draft = doc.into_draft(&base);
    let ids: Vec<&str> = draft.themes.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["tax", "trade"]);
    assert_eq!(draft.themes[0].number, 1);
    assert_eq!(draft.themes[1].number, 2);
    // Unchanged title: all translations, topics, forums, programmes kept.
    let mut expected = base.theme("tax").unwrap().clone();
    expected.number = 1;
    assert_eq!(draft.themes[0], expected);
    assert_eq!(draft.title, base.title);
    assert!(
        draft.validate(true).is_empty(),
        "{:?}",
        draft.validate(true)
    );
}

#[test]
fn draft_matches_by_normalised_title() {
    let base = Plan::embedded_2026_2028();
    let doc = english_doc(&[("international TRADE and development.", "Text.")]);
    let draft = doc.into_draft(&base);
    assert_eq!(draft.themes[0].id, "trade");
    // The wording changed: the English title is the document's, the other
    // translations are stale.
    assert_eq!(
        draft.themes[0].title,
        Localized::only(Lang::En, "international TRADE and development.")
    );
    assert!(!draft.themes[0].topics.is_empty());
    assert_eq!(draft.themes[0].lead, "tdp");
}

#[test]
fn draft_matches_by_number_with_a_similar_title() {
    let base = Plan::embedded_2026_2028();
    let mut themes: Vec<(String, &str)> = base
        .themes
        .iter()
        .map(|t| (t.title.en.clone(), "Text."))
        .collect();
    themes[2].0 = "Global governance and international institutions reform".into();
    let refs: Vec<(&str, &str)> = themes.iter().map(|(t, b)| (t.as_str(), *b)).collect();
    let draft = english_doc(&refs).into_draft(&base);
    let t = &draft.themes[2];
    assert_eq!(t.id, "governance");
    assert_eq!(
        t.title.en,
        "Global governance and international institutions reform"
    );
    assert_eq!(t.title.zh, "");
    assert_eq!(t.lead, "ggdp");
    assert!(draft.validate(false).is_empty());
    let strict: Vec<String> = draft
        .validate(true)
        .iter()
        .filter_map(|e| e.field.clone())
        .collect();
    assert_eq!(
        strict,
        [
            "themes[2].title.zh",
            "themes[2].title.fr",
            "themes[2].title.es"
        ]
    );
}

#[test]
fn draft_adds_new_themes_and_drops_absent_ones() {
    let base = Plan::embedded_2026_2028();
    let trade = base.theme("trade").unwrap().title.en.clone();
    let doc = english_doc(&[
        (trade.as_str(), "Trade text."),
        (
            "Ocean economy and fisheries",
            "The Centre will study fisheries subsidies. It will advise on the ocean economy. And more.",
        ),
        ("Ocean economy and fisheries", "Twice."),
    ]);
    let draft = doc.into_draft(&base);
    let ids: Vec<&str> = draft.themes.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "trade",
            "ocean-economy-fisheries",
            "ocean-economy-fisheries-2"
        ]
    );
    let new = &draft.themes[1];
    assert_eq!(new.number, 2);
    assert_eq!(new.lead, "");
    assert!(new.topics.is_empty() && new.forums.is_empty() && new.supporting.is_empty());
    assert_eq!(
        new.summary,
        Localized::only(
            Lang::En,
            "The Centre will study fisheries subsidies. It will advise on the ocean economy."
        )
    );
    // A draft: structurally sound, not ready for adoption.
    assert!(
        draft.validate(false).is_empty(),
        "{:?}",
        draft.validate(false)
    );
    assert!(
        draft
            .validate(true)
            .iter()
            .any(|e| e.field.as_deref() == Some("themes[1].lead"))
    );
}

#[test]
fn draft_of_a_chinese_document_uses_numbered_ids() {
    let base = Plan::embedded_2026_2028();
    let text = "\
计划

1、国际贸易与发展
2、海洋经济

1、国际贸易与发展

贸易。

2、海洋经济

海洋。
";
    let draft = read_document(text).unwrap().into_draft(&base);
    let ids: Vec<&str> = draft.themes.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["trade", "theme-2"]);
    assert_eq!(draft.themes[0].title, base.theme("trade").unwrap().title);
    assert_eq!(draft.themes[1].title, Localized::only(Lang::Zh, "海洋经济"));
    // The document's title differs from the plan's: only its language is known.
    assert_eq!(draft.title, Localized::only(Lang::Zh, "计划"));
    assert_eq!(draft.period, base.period);
}

// --- pieces -----------------------------------------------------------------

#[test]
fn numbered_lines() {
    let n = |s: &str| numbered(s, false);
    assert_eq!(n("1. Trade"), Some((1, "Trade".into())));
    assert_eq!(n("12、贸易"), Some((12, "贸易".into())));
    assert_eq!(n("3) Tax"), Some((3, "Tax".into())));
    assert_eq!(n("(4) Health"), Some((4, "Health".into())));
    assert_eq!(n("５．健康"), Some((5, "健康".into())));
    assert_eq!(n("1.5 degrees"), None);
    assert_eq!(n("2030 年议程"), None);
    assert_eq!(n("1."), None);
    assert_eq!(n("0. Zero"), None);
    assert_eq!(numbered("1 Trade", true), Some((1, "Trade".into())));
    assert_eq!(numbered("1 Trade", false), None);
}

#[test]
fn part_headings() {
    for yes in [
        "一、引言",
        "十二、附件",
        "II. Thematic areas",
        "IV) Annex",
        "第二部分 主题",
        "Part 2: Themes",
    ] {
        assert!(is_part_heading(yes), "{yes}");
    }
    for no in ["一些文字", "I am", "Implementation", "VIP. x"] {
        assert!(!is_part_heading(no), "{no}");
    }
}

#[test]
fn periods() {
    assert_eq!(
        find_period("计划 2026 至 2028 年"),
        Some(Period {
            start: 2026,
            end: 2028
        })
    );
    assert_eq!(
        find_period("2026–2028"),
        Some(Period {
            start: 2026,
            end: 2028
        })
    );
    assert_eq!(
        find_period("from 2026 to 2028"),
        Some(Period {
            start: 2026,
            end: 2028
        })
    );
    assert_eq!(find_period("Tel.: +41 22 791 8050"), None);
    assert_eq!(find_period("12026-20281"), None);
}

#[test]
fn similarity_of_titles() {
    assert!(similarity("投资国际制度", "国际投资体制") >= SIMILAR);
    assert!(similarity("Tax", "Reform of the international tax system") >= SIMILAR);
    assert!(similarity("Trade", "Health") < SIMILAR);
    assert!(similarity("贸易", "健康") < SIMILAR);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn read_document_never_panics(text in "\\PC*") {
        let _ = read_document(&text);
    }

    #[test]
    fn read_document_never_panics_on_plan_like_text(
        lines in proptest::collection::vec(
            prop_oneof![
                Just(String::new()),
                "[0-9]{1,3}[.、)）．] ?[\\PC]{0,12}",
                "#{1,4} [0-9]{0,2}\\.? ?[a-z 贸易税]{0,8}",
                "[一二三十]{1,2}、[\\PC]{0,6}",
                "(- |\\* )?[\\PC]{0,20}",
                "[IVX]{1,3}\\. [A-Za-z]{0,8}",
                "\\PC{0,40}",
            ],
            0..40,
        )
    ) {
        let text = lines.join("\n");
        if let Ok(doc) = read_document(&text) {
            let n = doc.themes.len();
            for (i, t) in doc.themes.iter().enumerate() {
                prop_assert_eq!(usize::from(t.number), i + 1);
                prop_assert!(!t.body.is_empty());
            }
            let draft = doc.into_draft(&Plan::embedded_2026_2028());
            prop_assert_eq!(draft.themes.len(), n);
            prop_assert!(draft.validate(false).iter().all(|e| !e.message.contains("duplicate")));
        }
    }
}

/// Found by fuzzing (fuzz/regressions/plan_import): a long run of digits
/// where a number may start overflowed the value being read.
#[test]
fn a_long_run_of_digits_is_not_a_number() {
    assert_eq!(numbered("11111111111111111111. Trade", false), None);
    let e = read_err("Work plan\n3) Th1111111111111111111113me\n2) Second\n");
    assert!(e.line >= 1);
}
