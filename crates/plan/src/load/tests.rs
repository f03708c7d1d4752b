use super::*;

/// A small plan that passes strict validation. Tests break it in one place.
const VALID: &str = r#"[period]
start = 2026
end = 2028

[title]
zh = "计划"
en = "Plan"
fr = "Programme"
es = "Programa"

[[objectives]]
id = "i"
title = { zh = "一", en = "One", fr = "Un", es = "Uno" }
text = { zh = "一", en = "One", fr = "Un", es = "Uno" }

[[modes]]
id = "research"
title = { zh = "研究", en = "Research", fr = "Recherche", es = "Investigación" }

[[programmes]]
id = "ggdp"
acronym = "GGDP"
name = { zh = "治理", en = "Governance", fr = "Gouvernance", es = "Gobernanza" }

[[programmes]]
id = "tdp"
acronym = "TDP"
name = { zh = "贸易", en = "Trade", fr = "Commerce", es = "Comercio" }

[[forums]]
id = "wto"
acronym = { zh = "世贸组织", en = "WTO", fr = "OMC", es = "OMC" }
name = { zh = "世界贸易组织", en = "World Trade Organization", fr = "Organisation mondiale du commerce", es = "Organización Mundial del Comercio" }

[[themes]]
id = "trade"
number = 1
lead = "tdp"
supporting = ["ggdp"]
forums = ["wto"]
title = { zh = "贸易", en = "Trade", fr = "Commerce", es = "Comercio" }

[themes.summary]
zh = "贸易摘要"
en = "Trade summary"
fr = "Résumé commerce"
es = "Resumen comercio"

[[themes.topics]]
id = "wto-reform"
title = { zh = "世贸组织改革", en = "WTO reform", fr = "Réforme de l'OMC", es = "Reforma de la OMC" }

[[themes.topics]]
id = "e-commerce"
title = { zh = "电子商务", en = "E-commerce", fr = "Commerce électronique", es = "Comercio electrónico" }

[[themes]]
id = "tax"
number = 2
lead = "ggdp"
title = { zh = "税收", en = "Tax", fr = "Fiscalité", es = "Tributación" }
summary = { zh = "税收摘要", en = "Tax summary", fr = "Résumé fiscalité", es = "Resumen tributación" }

[[themes.topics]]
id = "wto-reform"
title = { zh = "另一个", en = "Another", fr = "Un autre", es = "Otro" }
"#;

const FILE: &str = "plans/test.toml";

/// `VALID` with the first occurrence of `from` replaced by `to`.
fn broken(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "fixture lacks {from:?}");
    VALID.replacen(from, to, 1)
}

/// 1-based line of the first line of `src` containing `needle`, searching
/// from the `nth` (0-based) occurrence.
fn line_of_nth(src: &str, needle: &str, nth: usize) -> usize {
    src.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no {needle:?} #{nth} in source"))
}

fn line_of_first(src: &str, needle: &str) -> usize {
    line_of_nth(src, needle, 0)
}

/// The single (first) error of a strict load.
fn err(src: &str) -> PlanError {
    from_toml_str(src, FILE).expect_err("the plan should be rejected")
}

/// All errors of a load.
fn errs(src: &str, strict: bool) -> Vec<PlanError> {
    parse_toml(src, FILE, strict).expect_err("the plan should be rejected")
}

fn assert_at(e: &PlanError, line: usize, field: &str, words: &str) {
    assert_eq!(e.file, FILE, "{e}");
    assert_eq!(e.line, Some(line), "{e}");
    assert_eq!(e.field.as_deref(), Some(field), "{e}");
    assert!(e.message.contains(words), "{e}: message lacks {words:?}");
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("{FILE}:{line}: {field}: ")),
        "{shown}"
    );
}

#[test]
fn the_fixture_is_valid() {
    let plan = from_toml_str(VALID, FILE).unwrap();
    assert_eq!(plan.themes.len(), 2);
    assert_eq!(plan.themes[1].supporting, Vec::<String>::new());
    assert_eq!(plan.themes[0].summary.fr, "Résumé commerce");
    assert!(validate(&plan, true).is_empty());
}

// --- the embedded plan -----------------------------------------------------

const THEME_IDS: [&str; 14] = [
    "agenda2030",
    "climate",
    "governance",
    "digital",
    "ucm",
    "finance",
    "trade",
    "investment",
    "ip",
    "biodiversity",
    "rights",
    "health",
    "ssc",
    "tax",
];

#[test]
fn embedded_plan_loads_with_the_14_themes_in_order() {
    let plan = Plan::embedded_2026_2028();
    let ids: Vec<&str> = plan.themes.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, THEME_IDS);
    for (i, t) in plan.themes.iter().enumerate() {
        assert_eq!(usize::from(t.number), i + 1, "{}", t.id);
        assert!(!t.topics.is_empty(), "{} has no topics", t.id);
        assert!(!t.forums.is_empty(), "{} names no forum", t.id);
        assert!(plan.programme(&t.lead).is_some(), "{} lead", t.id);
    }
    assert_eq!(
        plan.period,
        Period {
            start: 2026,
            end: 2028
        }
    );
    let objectives: Vec<&str> = plan.objectives.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(objectives, ["i", "ii", "iii", "iv"]);
    let modes: Vec<&str> = plan.modes.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        modes,
        ["research", "policy-advice", "capacity-building", "advocacy"]
    );
    let programmes: Vec<&str> = plan.programmes.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        programmes,
        ["ggdp", "sdcc", "hipb", "tdp", "tax-initiative"]
    );
}

#[test]
fn embedded_plan_has_every_text_in_all_four_languages() {
    let plan = Plan::embedded_2026_2028();
    let errors = validate(&plan, true);
    assert!(errors.is_empty(), "{errors:#?}");
    // And explicitly, text by text.
    let mut texts: Vec<(String, &Localized)> = vec![("title".into(), &plan.title)];
    for o in &plan.objectives {
        texts.push((format!("objective {}", o.id), &o.title));
        texts.push((format!("objective {} text", o.id), &o.text));
    }
    for m in &plan.modes {
        texts.push((format!("mode {}", m.id), &m.title));
    }
    for p in &plan.programmes {
        texts.push((format!("programme {}", p.id), &p.name));
    }
    for f in &plan.forums {
        texts.push((format!("forum {}", f.id), &f.name));
        texts.push((format!("forum {} acronym", f.id), &f.acronym));
    }
    for t in &plan.themes {
        texts.push((format!("theme {}", t.id), &t.title));
        texts.push((format!("theme {} summary", t.id), &t.summary));
        for p in &t.topics {
            texts.push((format!("topic {}/{}", t.id, p.id), &p.title));
        }
    }
    for (what, text) in texts {
        assert!(
            text.missing().is_empty(),
            "{what} lacks {:?}",
            text.missing()
        );
    }
}

#[test]
fn embedded_plan_cross_cutting_themes_have_supporting_programmes() {
    let plan = Plan::embedded_2026_2028();
    for id in ["agenda2030", "climate", "digital", "ucm", "rights", "ssc"] {
        let t = plan.theme(id).unwrap();
        assert!(t.is_cross_cutting(), "{id}");
    }
}

#[test]
fn embedded_plan_uses_every_forum_it_lists() {
    let plan = Plan::embedded_2026_2028();
    for f in &plan.forums {
        assert!(
            plan.themes.iter().any(|t| t.forums.contains(&f.id)),
            "forum {} is tied to no theme",
            f.id
        );
    }
    for id in [
        "hlpf",
        "unga",
        "ecosoc",
        "unfccc",
        "paris-agreement",
        "wto",
        "wipo",
        "who",
        "ihr",
        "pandemic-agreement",
        "pabs-igwg",
        "uncitral-wg3",
        "icsid",
        "cbd",
        "nagoya-protocol",
        "bbnj",
        "unclos",
        "gratk",
        "un-tax-inc",
        "un-tax-committee",
        "ffd-forum",
        "sevilla-commitment",
        "g24",
        "brics",
        "afcfta",
        "hrc",
        "sr-ucm",
        "unossc",
        "nam",
        "g77",
        "au",
        "imf",
        "world-bank",
        "pact-for-the-future",
        "unctad",
        "oecd-if",
    ] {
        assert!(plan.forum(id).is_some(), "forum {id} missing");
    }
}

#[test]
fn embedded_chinese_titles_are_the_seed_list_titles() {
    let Some(seed) = crate::test_seed() else {
        return;
    };
    let plan = Plan::embedded_2026_2028();
    let doc = crate::import::read_document(&seed).unwrap();
    let titles: Vec<&str> = doc.themes.iter().map(|t| t.title.as_str()).collect();
    let ours: Vec<&str> = plan.themes.iter().map(|t| t.title.zh.as_str()).collect();
    assert_eq!(titles, ours);
}

#[test]
fn toml_round_trip() {
    let plan = Plan::embedded_2026_2028();
    let text = to_toml_string(&plan);
    assert_eq!(from_toml_str(&text, "round-trip.toml").unwrap(), plan);
}

// --- one test per kind of error ---------------------------------------------

#[test]
fn syntax_error_has_a_line() {
    let src = broken("id = \"tax\"", "id = \"tax");
    let e = err(&src);
    assert_eq!(e.line, Some(line_of_first(&src, "id = \"tax")), "{e}");
    assert!(e.message.starts_with("invalid TOML"), "{e}");
}

#[test]
fn duplicate_key_is_a_syntax_error_with_a_line() {
    let src = broken("number = 2\n", "number = 2\nnumber = 3\n");
    let e = err(&src);
    assert_eq!(e.line, Some(line_of_first(&src, "number = 3")), "{e}");
}

#[test]
fn unknown_key_in_a_translation() {
    let src = broken(
        "title = { zh = \"税收\",",
        "title = { de = \"Steuern\", zh = \"税收\",",
    );
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "Steuern"),
        "themes[1].title.de",
        "unknown key `de`",
    );
}

#[test]
fn unknown_key_in_a_theme() {
    let src = broken("lead = \"ggdp\"\n", "lead = \"ggdp\"\nleader = \"x\"\n");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "leader"),
        "themes[1].leader",
        "unknown key `leader`",
    );
}

#[test]
fn unknown_top_level_table() {
    let src = format!("{VALID}\n[extras]\nx = 1\n");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "[extras]"),
        "extras",
        "unknown key `extras`",
    );
}

#[test]
fn wrong_type_names_the_field() {
    let src = broken("number = 2", "number = \"two\"");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "\"two\""),
        "themes[1].number",
        "invalid type",
    );
}

#[test]
fn missing_translation_in_an_inline_table() {
    let src = broken(
        "title = { zh = \"贸易\", en = \"Trade\", fr = \"Commerce\", es = \"Comercio\" }",
        "title = { zh = \"贸易\", en = \"Trade\", es = \"Comercio\" }",
    );
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "title = { zh = \"贸易\""),
        "themes[0].title.fr",
        "missing French translation",
    );
}

#[test]
fn empty_translation_counts_as_missing() {
    let src = broken("es = \"Resumen comercio\"", "es = \"  \"");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "es = \"  \""),
        "themes[0].summary.es",
        "missing Spanish translation",
    );
}

#[test]
fn missing_translation_in_a_header_table_points_at_the_header() {
    let src = broken("zh = \"贸易摘要\"\n", "");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "[themes.summary]"),
        "themes[0].summary.zh",
        "missing Chinese translation",
    );
}

#[test]
fn missing_text_altogether_points_at_the_owner() {
    let src = broken(
        "summary = { zh = \"税收摘要\", en = \"Tax summary\", fr = \"Résumé fiscalité\", es = \"Resumen tributación\" }\n",
        "",
    );
    let e = err(&src);
    assert_at(
        &e,
        line_of_nth(&src, "[[themes]]", 1),
        "themes[1].summary",
        "no text in any language",
    );
}

#[test]
fn missing_translations_are_allowed_when_not_strict() {
    let src = broken(
        "title = { zh = \"贸易\", en = \"Trade\", fr = \"Commerce\", es = \"Comercio\" }",
        "title = { zh = \"贸易\" }",
    );
    let plan = parse_toml(&src, FILE, false).unwrap();
    assert_eq!(
        plan.themes[0].title.missing(),
        [Lang::En, Lang::Fr, Lang::Es]
    );
}

#[test]
fn duplicate_theme_id() {
    let src = broken("id = \"tax\"", "id = \"trade\"");
    let e = err(&src);
    assert_at(
        &e,
        line_of_nth(&src, "id = \"trade\"", 1),
        "themes[1].id",
        "duplicate theme id `trade`",
    );
}

#[test]
fn duplicate_topic_id_within_a_theme() {
    let src = broken("id = \"e-commerce\"", "id = \"wto-reform\"");
    let e = err(&src);
    assert_at(
        &e,
        line_of_nth(&src, "id = \"wto-reform\"", 1),
        "themes[0].topics[1].id",
        "duplicate topic id `wto-reform`",
    );
}

#[test]
fn same_topic_id_in_two_themes_is_fine() {
    // The fixture has `wto-reform` under both themes.
    assert!(from_toml_str(VALID, FILE).is_ok());
}

#[test]
fn duplicate_programme_id() {
    let src = broken("id = \"tdp\"", "id = \"ggdp\"");
    let errors = errs(&src, true);
    let e = &errors[0];
    assert_at(
        e,
        line_of_nth(&src, "id = \"ggdp\"", 1),
        "programmes[1].id",
        "duplicate programme id `ggdp`",
    );
}

#[test]
fn duplicate_forum_id() {
    let src = VALID.replacen(
        "[[themes]]",
        "[[forums]]\nid = \"wto\"\nacronym = { zh = \"甲\", en = \"A\", fr = \"A\", es = \"A\" }\nname = { zh = \"甲\", en = \"A\", fr = \"A\", es = \"A\" }\n\n[[themes]]",
        1,
    );
    let e = err(&src);
    assert_at(
        &e,
        line_of_nth(&src, "id = \"wto\"", 1),
        "forums[1].id",
        "duplicate forum id `wto`",
    );
}

#[test]
fn duplicate_objective_id() {
    let src = VALID.replacen(
        "[[modes]]",
        "[[objectives]]\nid = \"i\"\ntitle = { zh = \"二\", en = \"Two\", fr = \"Deux\", es = \"Dos\" }\ntext = { zh = \"二\", en = \"Two\", fr = \"Deux\", es = \"Dos\" }\n\n[[modes]]",
        1,
    );
    let e = err(&src);
    assert_at(
        &e,
        line_of_nth(&src, "id = \"i\"", 1),
        "objectives[1].id",
        "duplicate objective id `i`",
    );
}

#[test]
fn duplicate_mode_id() {
    let src = VALID.replacen(
        "[[programmes]]",
        "[[modes]]\nid = \"research\"\ntitle = { zh = \"研究\", en = \"Research\", fr = \"Recherche\", es = \"Investigación\" }\n\n[[programmes]]",
        1,
    );
    let e = err(&src);
    assert_at(
        &e,
        line_of_nth(&src, "id = \"research\"", 1),
        "modes[1].id",
        "duplicate mode id `research`",
    );
}

#[test]
fn missing_id() {
    let src = broken("id = \"research\"\n", "");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "[[modes]]"),
        "modes[0].id",
        "missing mode id",
    );
}

#[test]
fn unknown_lead_programme() {
    let src = broken("lead = \"tdp\"", "lead = \"sdcc\"");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "lead = \"sdcc\""),
        "themes[0].lead",
        "unknown programme `sdcc`",
    );
}

#[test]
fn unknown_supporting_programme() {
    let src = broken(
        "supporting = [\"ggdp\"]",
        "supporting = [\"ggdp\", \"hipb\"]",
    );
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "\"hipb\""),
        "themes[0].supporting[1]",
        "unknown programme `hipb`",
    );
}

#[test]
fn lead_repeated_in_supporting() {
    let src = broken(
        "supporting = [\"ggdp\"]",
        "supporting = [\"ggdp\", \"tdp\"]",
    );
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "supporting = "),
        "themes[0].supporting[1]",
        "lead programme `tdp` is repeated in supporting",
    );
}

#[test]
fn unknown_forum() {
    let src = broken("forums = [\"wto\"]", "forums = [\"wto\", \"wipo\"]");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "forums = [\"wto\", \"wipo\"]"),
        "themes[0].forums[1]",
        "unknown forum `wipo`",
    );
}

#[test]
fn theme_numbers_out_of_order() {
    let src = broken("number = 2", "number = 3");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "number = 3"),
        "themes[1].number",
        "theme number 3 out of order: expected 2",
    );
}

#[test]
fn theme_numbers_swapped_report_both() {
    let src = broken("number = 1", "number = 2").replacen(
        "number = 2\nlead = \"ggdp\"",
        "number = 1\nlead = \"ggdp\"",
        1,
    );
    let errors = errs(&src, true);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(errors[0].field.as_deref(), Some("themes[0].number"));
    assert_eq!(errors[1].field.as_deref(), Some("themes[1].number"));
    assert!(errors[0].line < errors[1].line);
}

#[test]
fn missing_theme_number() {
    let src = broken("number = 2\n", "");
    let e = err(&src);
    assert_at(
        &e,
        line_of_nth(&src, "[[themes]]", 1),
        "themes[1].number",
        "missing theme number",
    );
}

#[test]
fn theme_without_a_lead() {
    let src = broken("lead = \"ggdp\"\n", "");
    let e = err(&src);
    assert_at(
        &e,
        line_of_nth(&src, "[[themes]]", 1),
        "themes[1].lead",
        "theme `tax` has no lead programme",
    );
    // A draft may lack a lead.
    assert!(parse_toml(&src, FILE, false).is_ok());
}

#[test]
fn period_ends_before_it_starts() {
    let src = broken("end = 2028", "end = 2025");
    let e = err(&src);
    assert_at(
        &e,
        line_of_first(&src, "end = 2025"),
        "period.end",
        "the period ends (2025) before it starts (2026)",
    );
}

#[test]
fn missing_period() {
    let src = broken("[period]\nstart = 2026\nend = 2028\n", "");
    let e = err(&src);
    assert_at(&e, 1, "period", "missing [period]");
}

#[test]
fn all_errors_are_reported_in_file_order() {
    let src = broken("end = 2028", "end = 2025")
        .replacen("lead = \"tdp\"", "lead = \"x\"", 1)
        .replacen("forums = [\"wto\"]", "forums = [\"y\"]", 1);
    let errors = errs(&src, true);
    let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(
        fields,
        ["period.end", "themes[0].lead", "themes[0].forums[0]"]
    );
    assert!(errors.iter().all(|e| e.line.is_some()));
}

// --- validating a plan in memory -------------------------------------------

#[test]
fn validate_in_memory_names_fields_without_lines() {
    let mut plan = from_toml_str(VALID, FILE).unwrap();
    plan.themes[1].title.fr.clear();
    plan.themes[1].lead.clear();
    // Non-strict: a draft may lack translations and leads.
    assert!(validate(&plan, false).is_empty());
    let errors = validate(&plan, true);
    let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, ["themes[1].title.fr", "themes[1].lead"]);
    assert!(
        errors
            .iter()
            .all(|e| e.line.is_none() && e.file == IN_MEMORY)
    );
    assert_eq!(
        errors[0].to_string(),
        "plan: themes[1].title.fr: missing French translation (fr)"
    );
}

#[test]
fn validate_in_memory_checks_structure_even_when_not_strict() {
    let mut plan = from_toml_str(VALID, FILE).unwrap();
    plan.themes[0].supporting.push("nope".into());
    plan.themes[1].id = "trade".into();
    plan.themes[1].title = Localized::default();
    let errors = validate(&plan, false);
    let fields: Vec<&str> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(
        fields,
        ["themes[1].id", "themes[0].supporting[1]", "themes[1].title"]
    );
}

#[test]
fn path_segments() {
    let segs = segments("themes[3].topics[12].title.fr");
    let shown: Vec<String> = segs
        .iter()
        .map(|s| match s {
            Segment::Key(k) => k.to_string(),
            Segment::Index(i) => i.to_string(),
        })
        .collect();
    assert_eq!(shown, ["themes", "3", "topics", "12", "title", "fr"]);
}
