//! The Centre's numbered series, with their names in the four languages:
//! how a cover names them (`Policy Brief No. 150`, `Note de politique
//! n° 150`, `Informe de Políticas n.º 150`, `政策简报 第150期`) and how the
//! catalogue shows a stored series to a reader of any language.
//!
//! A series is stored under its English name (`OutputType::default_series`);
//! [`display_name`] gives the reader's name for it.

use southdesk_plan::Lang;
use southdesk_plan::outputs::{OutputType, series_slug};

/// One numbered series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Series {
    /// The type of its outputs.
    pub output_type: OutputType,
    /// Names in Chinese, English, French and Spanish (the English one is
    /// the name stored).
    pub zh: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
    pub es: &'static str,
    /// Other ways covers write it (lowercase), besides the four names.
    pub aliases: &'static [&'static str],
}

impl Series {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
            Lang::Fr => self.fr,
            Lang::Es => self.es,
        }
    }

    /// Every name and alias, as written.
    fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        [self.zh, self.en, self.fr, self.es]
            .into_iter()
            .chain(self.aliases.iter().copied())
    }
}

/// Every series the catalogue knows.
pub const SERIES: &[Series] = &[
    Series {
        output_type: OutputType::ResearchPaper,
        zh: "研究报告",
        en: "Research Paper",
        fr: "Document de recherche",
        es: "Documento de investigación",
        aliases: &["研究论文", "documento de investigacion"],
    },
    Series {
        output_type: OutputType::PolicyBrief,
        zh: "政策简报",
        en: "Policy Brief",
        fr: "Note de politique",
        es: "Informe de Políticas",
        aliases: &[
            "informe sobre políticas",
            "informe de politicas",
            "informe sobre politicas",
            "note d'orientation",
            "note d’orientation",
        ],
    },
    Series {
        output_type: OutputType::SouthViews,
        zh: "南方观点",
        en: "SouthViews",
        fr: "Points de vue du Sud",
        es: "Perspectivas del Sur",
        aliases: &["south views"],
    },
    Series {
        output_type: OutputType::TaxCooperationPolicyBrief,
        zh: "税务合作政策简报",
        en: "Tax Cooperation Policy Brief",
        fr: "Note de politique sur la coopération fiscale",
        es: "Informe de Políticas sobre Cooperación Tributaria",
        aliases: &[
            "informe sobre políticas de cooperación tributaria",
            "informe de políticas de cooperación tributaria",
            "note de politique de coopération fiscale",
        ],
    },
    Series {
        output_type: OutputType::ClimatePolicyBrief,
        zh: "气候政策简报",
        en: "Climate Policy Brief",
        fr: "Note de politique climatique",
        es: "Informe de Políticas sobre el Clima",
        aliases: &[
            "note de politique sur le climat",
            "informe sobre políticas climáticas",
            "informe de políticas climáticas",
        ],
    },
    Series {
        output_type: OutputType::AnalyticalNote,
        zh: "分析说明",
        en: "Analytical Note",
        fr: "Note analytique",
        es: "Nota analítica",
        aliases: &["分析报告", "nota analitica"],
    },
];

/// The series of outputs of type `t`, if it has one.
pub fn of_type(t: OutputType) -> Option<&'static Series> {
    SERIES.iter().find(|s| s.output_type == t)
}

/// The series named `name` in any language (or by its slug), if known.
pub fn by_name(name: &str) -> Option<&'static Series> {
    let slug = series_slug(name);
    if slug.is_empty() {
        return None;
    }
    SERIES
        .iter()
        .find(|s| s.spellings().any(|n| series_slug(n) == slug))
}

/// The name to show a reader of `lang` for the stored series `stored`:
/// its name in that language if the series is known, else as stored.
pub fn display_name(stored: &str, lang: Lang) -> String {
    by_name(stored)
        .map(|s| s.name(lang).to_string())
        .unwrap_or_else(|| stored.to_string())
}

/// `Policy Brief 150` in the reader's language: the series name and the
/// number (`政策简报 第150期` in Chinese).
pub fn display_label(stored: &str, number: Option<&str>, lang: Lang) -> String {
    let name = display_name(stored, lang);
    match (number, lang) {
        (Some(n), Lang::Zh) => format!("{name} 第{n}期"),
        (Some(n), Lang::Fr) => format!("{name} n° {n}"),
        (Some(n), Lang::Es) => format!("{name} n.º {n}"),
        (Some(n), Lang::En) => format!("{name} {n}"),
        (None, _) => name,
    }
}

/// The series named on a cover, in any of the four languages, with the
/// number after it: read from the title, then the first 2 000 characters
/// of the text. The series written first wins (the longest name at one
/// place: `Tax Cooperation Policy Brief` over `Policy Brief`).
pub fn recognise(text: &str, title: Option<&str>) -> Option<(&'static Series, Option<String>)> {
    let head: String = title
        .unwrap_or("")
        .chars()
        .chain(std::iter::once('\n'))
        .chain(text.chars().take(2000))
        .collect::<String>()
        .to_lowercase();
    let (names, series_of) = &*SPELLINGS;
    // Every occurrence of every spelling (overlapping, so that one not
    // standing as a word hides none that does); the first, longest wins.
    let (at, len, _, series) = names
        .find_overlapping_iter(&head)
        .filter(|m| stands_alone(&head, m.start(), m.end()))
        .map(|m| {
            let p = m.pattern().as_usize();
            (m.start(), m.len(), p, series_of[p])
        })
        .min_by_key(|&(at, len, p, _)| (at, std::cmp::Reverse(len), p))?;
    Some((series, number_after(&head[at + len..])))
}

/// The lowercase spellings of every series, in [`SERIES`] order, and the
/// series of each.
static SPELLINGS: std::sync::LazyLock<(aho_corasick::AhoCorasick, Vec<&'static Series>)> =
    std::sync::LazyLock::new(|| {
        let (names, series): (Vec<String>, Vec<&'static Series>) = SERIES
            .iter()
            .flat_map(|s| s.spellings().map(move |n| (n.to_lowercase(), s)))
            .unzip();
        let ac =
            aho_corasick::AhoCorasick::new(&names).expect("the series names are few and short");
        (ac, series)
    });

/// Whether `hay[start..end]` is not inside a longer Latin word.
fn stands_alone(hay: &str, start: usize, end: usize) -> bool {
    let before = hay[..start].chars().next_back();
    let after = hay[end..].chars().next();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && c.is_ascii());
    !latin(before) && !latin(after)
}

/// The number written after a series name: `No. 150`, `n° 150`, `n.º 150`,
/// `Nº 12`, `núm. 3`, `#4`, `第150期`, `2026/3`.
fn number_after(rest: &str) -> Option<String> {
    const MARKS: &[&str] = &[
        "número", "numero", "núm.", "num.", "no.", "n.º", "n.°", "n. º", "n°", "nº", "no", "n.",
        "#", "第",
    ];
    let mut rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == '-');
    for m in MARKS {
        if let Some(r) = rest.strip_prefix(m) {
            rest = r;
            break;
        }
    }
    let rest = rest.trim_start();
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '/')
        .collect();
    let number = number.trim_end_matches('/');
    (!number.is_empty() && number.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| number.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(text: &str) -> Option<(OutputType, Option<String>)> {
        recognise(text, None).map(|(s, n)| (s.output_type, n))
    }

    #[test]
    fn series_in_four_languages() {
        let pb = Some((OutputType::PolicyBrief, Some("150".to_string())));
        assert_eq!(guess("SOUTH CENTRE\nPolicy Brief No. 150\nJune 2026"), pb);
        assert_eq!(guess("Note de politique n° 150"), pb);
        assert_eq!(guess("Informe de Políticas n.º 150"), pb);
        assert_eq!(guess("Informe sobre Políticas N° 150"), pb);
        assert_eq!(guess("南方中心 政策简报 第150期"), pb);
        assert_eq!(
            guess("RESEARCH PAPER 199"),
            Some((OutputType::ResearchPaper, Some("199".into())))
        );
        assert_eq!(
            guess("Documento de investigación núm. 12"),
            Some((OutputType::ResearchPaper, Some("12".into())))
        );
        assert_eq!(
            guess("Climate Policy Brief N° 2026/3 — text"),
            Some((OutputType::ClimatePolicyBrief, Some("2026/3".into())))
        );
        assert_eq!(
            guess("Tax Cooperation Policy Brief No. 40"),
            Some((OutputType::TaxCooperationPolicyBrief, Some("40".into())))
        );
        assert_eq!(
            guess("气候政策简报 第3期"),
            Some((OutputType::ClimatePolicyBrief, Some("3".into())))
        );
        assert_eq!(
            guess("SouthViews No. 250"),
            Some((OutputType::SouthViews, Some("250".into())))
        );
        assert_eq!(
            guess("Note analytique"),
            Some((OutputType::AnalyticalNote, None))
        );
        assert_eq!(guess("A plain letter."), None);
        // not inside another word
        assert_eq!(guess("Apolicy briefing"), None);
        // a name inside a word hides neither a later one nor a shorter one
        // standing alone at the same place
        assert_eq!(
            guess("Our policy briefs, e.g. Policy Brief No. 7"),
            Some((OutputType::PolicyBrief, Some("7".into())))
        );
        assert_eq!(
            guess("Climate Policy Briefing; Policy Brief 8"),
            Some((OutputType::PolicyBrief, Some("8".into())))
        );
    }

    #[test]
    fn names_for_readers() {
        assert_eq!(display_name("Policy Brief", Lang::Fr), "Note de politique");
        assert_eq!(display_name("policy-brief", Lang::Zh), "政策简报");
        assert_eq!(
            display_name("Some Other Series", Lang::Es),
            "Some Other Series"
        );
        assert_eq!(
            display_label("Policy Brief", Some("150"), Lang::Zh),
            "政策简报 第150期"
        );
        assert_eq!(
            display_label("Research Paper", Some("199"), Lang::Es),
            "Documento de investigación n.º 199"
        );
        for s in SERIES {
            assert_eq!(s.output_type.default_series(), Some(s.en));
            assert_eq!(by_name(s.fr), Some(s));
        }
    }
}
