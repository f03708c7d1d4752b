use super::*;
use crate::{Forum, Programme, Topic};

fn base() -> Plan {
    Plan::embedded_2026_2028()
}

fn theme<'a>(p: &'a mut Plan, id: &str) -> &'a mut Theme {
    p.themes.iter_mut().find(|t| t.id == id).unwrap()
}

/// The changes, printed.
fn lines(a: &Plan, b: &Plan) -> Vec<String> {
    diff(a, b).changes.iter().map(ToString::to_string).collect()
}

#[test]
fn no_changes() {
    let d = diff(&base(), &base());
    assert!(d.is_empty());
    assert_eq!(d.to_string(), "no changes\n");
}

#[test]
fn period_changed() {
    let mut b = base();
    b.period = Period {
        start: 2029,
        end: 2031,
    };
    let d = diff(&base(), &b);
    assert_eq!(
        d.changes,
        [Change::PeriodChanged {
            from: Period {
                start: 2026,
                end: 2028
            },
            to: Period {
                start: 2029,
                end: 2031
            },
        }]
    );
    assert_eq!(d.to_string(), "period changed: 2026–2028 → 2029–2031\n");
}

#[test]
fn plan_title_changed() {
    let mut b = base();
    b.title.fr = "Programme de travail".into();
    assert_eq!(
        lines(&base(), &b),
        [
            "plan title changed (fr): “Programme de travail thématique du Centre Sud 2026-2028” → “Programme de travail”"
        ]
    );
}

#[test]
fn theme_added_and_removed() {
    let a = base();
    let mut b = base();
    let ucm = b.themes.remove(4);
    for (i, t) in b.themes.iter_mut().enumerate() {
        t.number = u16::try_from(i + 1).unwrap();
    }
    b.themes.push(Theme {
        id: "ocean".into(),
        number: 14,
        title: Localized::only(Lang::En, "Ocean economy"),
        summary: Localized::default(),
        topics: vec![],
        forums: vec![],
        lead: String::new(),
        supporting: vec![],
    });
    let d = diff(&a, &b);
    assert_eq!(
        d.changes[0],
        Change::ThemeRemoved {
            theme: "ucm".into(),
            number: 5,
            title: ucm.title.en.clone(),
        }
    );
    assert_eq!(
        d.changes[1],
        Change::ThemeAdded {
            theme: "ocean".into(),
            number: 14,
            title: "Ocean economy".into(),
        }
    );
    // Themes after the removed one moved up.
    assert!(d.changes.contains(&Change::ThemeMoved {
        theme: "finance".into(),
        from: 6,
        to: 5,
    }));
    let text = d.to_string();
    assert!(
        text.contains("theme removed: 5. ucm “Addressing unilateral coercive measures”\n"),
        "{text}"
    );
    assert!(
        text.contains("theme added: 14. ocean “Ocean economy”\n"),
        "{text}"
    );
    assert!(
        text.contains("theme finance moved: number 6 → 5\n"),
        "{text}"
    );
}

#[test]
fn theme_renamed_per_language() {
    let mut b = base();
    let t = theme(&mut b, "trade");
    t.title.en = "Trade and development".into();
    t.title.es = "Comercio y desarrollo".into();
    let d = diff(&base(), &b);
    assert_eq!(
        d.changes,
        [
            Change::ThemeRenamed {
                theme: "trade".into(),
                lang: Lang::En,
                from: "International trade and development".into(),
                to: "Trade and development".into(),
            },
            Change::ThemeRenamed {
                theme: "trade".into(),
                lang: Lang::Es,
                from: "Comercio internacional y desarrollo".into(),
                to: "Comercio y desarrollo".into(),
            },
        ]
    );
    assert_eq!(
        d.changes[0].to_string(),
        "theme trade renamed (en): “International trade and development” → “Trade and development”"
    );
}

#[test]
fn theme_moved() {
    let mut b = base();
    b.themes.swap(0, 1);
    b.themes[0].number = 1;
    b.themes[1].number = 2;
    assert_eq!(
        lines(&base(), &b),
        [
            "theme climate moved: number 2 → 1",
            "theme agenda2030 moved: number 1 → 2",
        ]
    );
}

#[test]
fn summary_changed() {
    let mut b = base();
    let t = theme(&mut b, "health");
    t.summary.en.push_str(" And more.");
    t.summary.zh.push_str("还有更多。");
    let d = diff(&base(), &b);
    assert_eq!(d.changes.len(), 1);
    match &d.changes[0] {
        Change::SummaryChanged {
            theme,
            languages,
            from,
            to,
        } => {
            assert_eq!(theme, "health");
            assert_eq!(languages, &[Lang::Zh, Lang::En]);
            assert!(to.en.ends_with("And more."));
            assert!(!from.en.ends_with("And more."));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        d.changes[0].to_string(),
        "theme health: summary changed (zh, en)"
    );
}

#[test]
fn lead_and_supporting_changed() {
    let mut b = base();
    let t = theme(&mut b, "digital");
    t.lead = "ggdp".into();
    t.supporting = vec!["tdp".into(), "sdcc".into()];
    let d = diff(&base(), &b);
    assert_eq!(
        d.changes,
        [
            Change::LeadChanged {
                theme: "digital".into(),
                from: "tdp".into(),
                to: "ggdp".into(),
            },
            Change::SupportingChanged {
                theme: "digital".into(),
                added: vec!["tdp".into(), "sdcc".into()],
                removed: vec!["ggdp".into(), "hipb".into()],
            },
        ]
    );
    assert_eq!(
        d.to_string(),
        "theme digital: lead programme tdp → ggdp\ntheme digital: supporting programmes +tdp +sdcc -ggdp -hipb\n"
    );
    let mut c = base();
    theme(&mut c, "digital").lead.clear();
    assert_eq!(
        lines(&base(), &c),
        ["theme digital: lead programme tdp → (none)"]
    );
}

#[test]
fn theme_forums_added_and_removed() {
    let mut b = base();
    let t = theme(&mut b, "digital");
    t.forums = vec!["unctad".into()];
    assert_eq!(
        lines(&base(), &b),
        [
            "theme digital: forum added: unctad",
            "theme digital: forum removed: wto",
        ]
    );
}

#[test]
fn topics_added_removed_and_renamed() {
    let mut b = base();
    let t = theme(&mut b, "climate");
    t.topics.retain(|p| p.id != "adaptation");
    t.topics.push(Topic {
        id: "carbon-markets".into(),
        title: Localized::only(Lang::En, "Carbon markets"),
    });
    t.topics[0].title.fr = "Atténuation des émissions".into();
    let d = diff(&base(), &b);
    assert_eq!(
        d.changes,
        [
            Change::TopicRenamed {
                theme: "climate".into(),
                topic: "mitigation".into(),
                lang: Lang::Fr,
                from: "Atténuation".into(),
                to: "Atténuation des émissions".into(),
            },
            Change::TopicAdded {
                theme: "climate".into(),
                topic: "carbon-markets".into(),
                title: "Carbon markets".into(),
            },
            Change::TopicRemoved {
                theme: "climate".into(),
                topic: "adaptation".into(),
                title: "Adaptation".into(),
            },
        ]
    );
    assert_eq!(
        d.to_string(),
        "theme climate: topic mitigation renamed (fr): “Atténuation” → “Atténuation des émissions”\n\
         theme climate: topic added: carbon-markets “Carbon markets”\n\
         theme climate: topic removed: adaptation “Adaptation”\n"
    );
}

#[test]
fn topic_moved_between_themes() {
    let mut b = base();
    let climate = theme(&mut b, "climate");
    let k = climate
        .topics
        .iter()
        .position(|p| p.id == "just-transition")
        .unwrap();
    let mut topic = climate.topics.remove(k);
    topic.title.en = "A just transition".into();
    theme(&mut b, "rights").topics.push(topic);
    let d = diff(&base(), &b);
    assert_eq!(
        d.changes,
        [
            Change::TopicMoved {
                topic: "just-transition".into(),
                from_theme: "climate".into(),
                to_theme: "rights".into(),
            },
            Change::TopicRenamed {
                theme: "rights".into(),
                topic: "just-transition".into(),
                lang: Lang::En,
                from: "Just transition".into(),
                to: "A just transition".into(),
            },
        ]
    );
    assert_eq!(
        d.changes[0].to_string(),
        "topic just-transition moved: theme climate → rights"
    );
}

#[test]
fn topic_moved_out_of_a_removed_theme() {
    let mut b = base();
    let k = b.themes.iter().position(|t| t.id == "ucm").unwrap();
    let ucm = b.themes.remove(k);
    for (i, t) in b.themes.iter_mut().enumerate() {
        t.number = u16::try_from(i + 1).unwrap();
    }
    let topic = ucm
        .topics
        .into_iter()
        .find(|p| p.id == "sg-reports")
        .unwrap();
    theme(&mut b, "rights").topics.push(topic);
    let d = diff(&base(), &b);
    assert!(d.changes.contains(&Change::TopicMoved {
        topic: "sg-reports".into(),
        from_theme: "ucm".into(),
        to_theme: "rights".into(),
    }));
    // Not also reported as added to `rights`.
    assert!(
        !d.changes
            .iter()
            .any(|c| matches!(c, Change::TopicAdded { topic, .. } if topic == "sg-reports"))
    );
}

#[test]
fn shared_topic_ids_are_not_moves() {
    // `technology-transfer` is under both climate and ip; removing it from
    // climate is a removal, not a move to ip.
    let mut b = base();
    theme(&mut b, "climate")
        .topics
        .retain(|p| p.id != "technology-transfer");
    assert_eq!(
        lines(&base(), &b),
        ["theme climate: topic removed: technology-transfer “Technology transfer”"]
    );
}

#[test]
fn programmes_added_and_removed() {
    let mut b = base();
    b.programmes.retain(|p| p.id != "tax-initiative");
    b.programmes.push(Programme {
        id: "dgp".into(),
        name: Localized::only(Lang::En, "Digital Governance Programme"),
        acronym: "DGP".into(),
    });
    let d = diff(&base(), &b);
    assert_eq!(
        d.changes,
        [
            Change::ProgrammeAdded {
                programme: "dgp".into(),
                name: "Digital Governance Programme".into(),
            },
            Change::ProgrammeRemoved {
                programme: "tax-initiative".into(),
                name: "Tax Initiative".into(),
            },
        ]
    );
    assert_eq!(
        d.to_string(),
        "programme added: dgp “Digital Governance Programme”\nprogramme removed: tax-initiative “Tax Initiative”\n"
    );
}

#[test]
fn forums_added_and_removed() {
    let mut b = base();
    b.forums.retain(|f| f.id != "icsid");
    b.forums.push(Forum {
        id: "itu".into(),
        acronym: Localized::only(Lang::En, "ITU"),
        name: Localized::only(Lang::En, "International Telecommunication Union"),
    });
    assert_eq!(
        lines(&base(), &b),
        [
            "forum added: itu “International Telecommunication Union”",
            "forum removed: icsid “International Centre for Settlement of Investment Disputes”",
        ]
    );
}

#[test]
fn serialises_tagged_by_kind() {
    let mut b = base();
    b.period.end = 2029;
    let mut climate = theme(&mut b, "climate").clone();
    climate.lead = "ggdp".into();
    *theme(&mut b, "climate") = climate;
    let d = diff(&base(), &b);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "changes": [
                {
                    "kind": "period_changed",
                    "from": { "start": 2026, "end": 2028 },
                    "to": { "start": 2026, "end": 2029 }
                },
                { "kind": "lead_changed", "theme": "climate", "from": "sdcc", "to": "ggdp" }
            ]
        })
    );
    let back: PlanDiff = serde_json::from_value(json).unwrap();
    assert_eq!(back, d);
}

#[test]
fn draft_from_a_document_diffs_against_the_plan_in_force() {
    // An import of a document that renames theme 7 in English and drops
    // theme 14 reads as exactly that.
    let a = base();
    let mut text = String::from("# South Centre Thematic Work Programme 2026–2028\n\n");
    for t in &a.themes[..13] {
        let title = if t.id == "trade" {
            "Trade, development and industrialisation"
        } else {
            &t.title.en
        };
        text.push_str(&format!("{}. {title}\n", t.number));
    }
    text.push('\n');
    for t in &a.themes[..13] {
        let title = if t.id == "trade" {
            "Trade, development and industrialisation"
        } else {
            &t.title.en
        };
        text.push_str(&format!("## {}. {title}\n\nText.\n\n", t.number));
    }
    let draft = crate::import::read_document(&text).unwrap().into_draft(&a);
    let shown = lines(&a, &draft);
    assert_eq!(
        shown,
        [
            "theme removed: 14. tax “Reform of the international tax system, taxing rights in the digital economy and illicit financial flows”",
            "theme trade renamed (zh): “国际贸易与发展” → (none)",
            "theme trade renamed (en): “International trade and development” → “Trade, development and industrialisation”",
            "theme trade renamed (fr): “Commerce international et développement” → (none)",
            "theme trade renamed (es): “Comercio internacional y desarrollo” → (none)",
        ]
    );
}
