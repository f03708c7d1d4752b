//! Reading and validating plan files (TOML).
//!
//! A plan file is read in three steps:
//!
//! 1. the TOML is parsed into a spanned tree ([`toml::de::DeTable`]), which
//!    gives every key and value its place in the file;
//! 2. it is deserialised into a private mirror of [`Plan`] that rejects
//!    unknown keys and tolerates missing ones, so that a missing field is
//!    reported by the rules below rather than as a bare serde error;
//! 3. the resulting [`Plan`] is checked by [`validate`], which names each
//!    problem by its dotted field path (`themes[3].title.fr`, indices
//!    0-based); the path is then looked up in the spanned tree to give the
//!    1-based line. A field that is absent from the file is reported at the
//!    line of the nearest enclosing table that is present.
//!
//! [`validate`] can also be used on a [`Plan`] built in memory (a draft read
//! from a document, an edited version): the errors then carry no line.
//! Non-strict checking (drafts) allows missing translations and themes
//! without a lead; strict checking (adoption, plan files) does not.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::{Forum, Lang, Localized, Mode, Objective, Period, Plan, Programme, Theme, Topic};

/// A plan file that cannot be used: what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {}{message}", line.map(|l| format!(":{l}")).unwrap_or_default(), field.as_ref().map(|f| format!("{f}: ")).unwrap_or_default())]
pub struct PlanError {
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// Dotted path of the field, e.g. `themes[3].title.fr`.
    pub field: Option<String>,
    pub message: String,
}

/// Name used as [`PlanError::file`] by [`validate`] for plans held in memory.
pub const IN_MEMORY: &str = "plan";

/// Parses and validates a plan file strictly (as for an adopted plan).
/// `file` names it in errors. Returns the first problem found; see
/// [`parse_toml`] for all of them.
pub fn from_toml_str(src: &str, file: &str) -> Result<Plan, PlanError> {
    parse_toml(src, file, true).map_err(|mut errors| errors.swap_remove(0))
}

/// Parses and validates a plan file, returning every problem found (in file
/// order), each with its line. With `strict` false, missing translations and
/// missing leads are allowed (a draft).
pub fn parse_toml(src: &str, file: &str, strict: bool) -> Result<Plan, Vec<PlanError>> {
    let doc = match DeTable::parse(src) {
        Ok(doc) => doc,
        Err(e) => return Err(vec![syntax_error(src, file, &e)]),
    };
    let raw: RawPlan = match toml::from_str(src) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let field = path_at(&doc, span.start);
            let message = e.message().replace("unknown field", "unknown key");
            return Err(vec![PlanError {
                file: file.to_string(),
                line: Some(line_of(src, span.start)),
                field,
                message,
            }]);
        }
    };
    let (plan, mut issues) = raw.into_plan();
    issues.extend(check(&plan, strict));
    if issues.is_empty() {
        return Ok(plan);
    }
    let mut errors: Vec<PlanError> = issues
        .into_iter()
        .map(|issue| {
            let offset = locate(&doc, &issue.path);
            PlanError {
                file: file.to_string(),
                line: Some(line_of(src, offset)),
                field: Some(issue.path),
                message: issue.message,
            }
        })
        .collect();
    errors.sort_by_key(|e| e.line);
    Err(errors)
}

/// Checks the rules of a plan held in memory. Errors carry the field path
/// but no line; [`PlanError::file`] is [`IN_MEMORY`].
///
/// Both modes check: ids present and unique (objectives, modes, programmes,
/// forums, themes, topics within a theme), the period, theme numbers 1..n
/// in order, programme and forum references, the lead not repeated among
/// supporting programmes, and that every theme and topic has a title in at
/// least one language. `strict` (adoption) also requires every text in all
/// four languages, programme acronyms and a lead for every theme.
pub fn validate(plan: &Plan, strict: bool) -> Vec<PlanError> {
    check(plan, strict)
        .into_iter()
        .map(|issue| PlanError {
            file: IN_MEMORY.to_string(),
            line: None,
            field: Some(issue.path),
            message: issue.message,
        })
        .collect()
}

/// Writes a plan as TOML that [`from_toml_str`] reads back.
pub fn to_toml_string(plan: &Plan) -> String {
    toml::to_string_pretty(plan).expect("a plan always serialises to TOML")
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/// A broken rule, named by field path.
struct Issue {
    path: String,
    message: String,
}

fn issue(path: impl Into<String>, message: impl Into<String>) -> Issue {
    Issue {
        path: path.into(),
        message: message.into(),
    }
}

fn check(plan: &Plan, strict: bool) -> Vec<Issue> {
    let mut out = Vec::new();

    if plan.period.end < plan.period.start {
        out.push(issue(
            "period.end",
            format!(
                "the period ends ({}) before it starts ({})",
                plan.period.end, plan.period.start
            ),
        ));
    }
    if strict {
        translations(&mut out, "title", &plan.title);
    }

    unique_ids(
        &mut out,
        "objectives",
        "objective",
        plan.objectives.iter().map(|o| o.id.as_str()),
    );
    for (i, o) in plan.objectives.iter().enumerate() {
        if strict {
            translations(&mut out, &format!("objectives[{i}].title"), &o.title);
            translations(&mut out, &format!("objectives[{i}].text"), &o.text);
        }
    }

    unique_ids(
        &mut out,
        "modes",
        "mode",
        plan.modes.iter().map(|m| m.id.as_str()),
    );
    for (i, m) in plan.modes.iter().enumerate() {
        if strict {
            translations(&mut out, &format!("modes[{i}].title"), &m.title);
        }
    }

    unique_ids(
        &mut out,
        "programmes",
        "programme",
        plan.programmes.iter().map(|p| p.id.as_str()),
    );
    for (i, p) in plan.programmes.iter().enumerate() {
        if strict {
            if p.acronym.trim().is_empty() {
                out.push(issue(format!("programmes[{i}].acronym"), "missing acronym"));
            }
            translations(&mut out, &format!("programmes[{i}].name"), &p.name);
        }
    }

    unique_ids(
        &mut out,
        "forums",
        "forum",
        plan.forums.iter().map(|f| f.id.as_str()),
    );
    for (i, f) in plan.forums.iter().enumerate() {
        if strict {
            translations(&mut out, &format!("forums[{i}].acronym"), &f.acronym);
            translations(&mut out, &format!("forums[{i}].name"), &f.name);
        }
    }

    unique_ids(
        &mut out,
        "themes",
        "theme",
        plan.themes.iter().map(|t| t.id.as_str()),
    );
    let programmes: Vec<&str> = plan.programmes.iter().map(|p| p.id.as_str()).collect();
    for (i, t) in plan.themes.iter().enumerate() {
        let at = format!("themes[{i}]");
        let expected = i + 1;
        if usize::from(t.number) != expected {
            out.push(issue(
                format!("{at}.number"),
                format!(
                    "theme number {} out of order: expected {expected} (themes are numbered 1 to {} in the order they appear)",
                    t.number,
                    plan.themes.len()
                ),
            ));
        }
        if strict {
            translations(&mut out, &format!("{at}.title"), &t.title);
            translations(&mut out, &format!("{at}.summary"), &t.summary);
        } else if t.title.missing().len() == Lang::ALL.len() {
            out.push(issue(format!("{at}.title"), "no title in any language"));
        }

        if t.lead.trim().is_empty() {
            if strict {
                out.push(issue(
                    format!("{at}.lead"),
                    format!("theme `{}` has no lead programme", t.id),
                ));
            }
        } else if !programmes.contains(&t.lead.as_str()) {
            out.push(issue(
                format!("{at}.lead"),
                unknown("programme", &t.lead, &programmes),
            ));
        }
        let mut seen: Vec<&str> = Vec::new();
        for (j, s) in t.supporting.iter().enumerate() {
            let path = format!("{at}.supporting[{j}]");
            if !t.lead.is_empty() && *s == t.lead {
                out.push(issue(
                    path,
                    format!("the lead programme `{s}` is repeated in supporting"),
                ));
            } else if seen.contains(&s.as_str()) {
                out.push(issue(path, format!("programme `{s}` is listed twice")));
            } else if !programmes.contains(&s.as_str()) {
                out.push(issue(path, unknown("programme", s, &programmes)));
            }
            seen.push(s);
        }

        let forums: Vec<&str> = plan.forums.iter().map(|f| f.id.as_str()).collect();
        let mut seen: Vec<&str> = Vec::new();
        for (j, f) in t.forums.iter().enumerate() {
            let path = format!("{at}.forums[{j}]");
            if seen.contains(&f.as_str()) {
                out.push(issue(path, format!("forum `{f}` is listed twice")));
            } else if !forums.contains(&f.as_str()) {
                out.push(issue(path, format!("unknown forum `{f}`")));
            }
            seen.push(f);
        }

        unique_ids(
            &mut out,
            &format!("{at}.topics"),
            "topic",
            t.topics.iter().map(|t| t.id.as_str()),
        );
        for (j, topic) in t.topics.iter().enumerate() {
            let path = format!("{at}.topics[{j}].title");
            if strict {
                translations(&mut out, &path, &topic.title);
            } else if topic.title.missing().len() == Lang::ALL.len() {
                out.push(issue(path, "no title in any language"));
            }
        }
    }
    out
}

/// Every id present and none repeated. `list` is the path of the list.
fn unique_ids<'a>(
    out: &mut Vec<Issue>,
    list: &str,
    what: &str,
    ids: impl Iterator<Item = &'a str>,
) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        let path = format!("{list}[{i}].id");
        if id.trim().is_empty() {
            out.push(issue(path, format!("missing {what} id")));
        } else if let Some(j) = first.get(id) {
            out.push(issue(
                path,
                format!("duplicate {what} id `{id}` (already used by {list}[{j}])"),
            ));
        } else {
            first.insert(id, i);
        }
    }
}

/// All four languages present.
fn translations(out: &mut Vec<Issue>, path: &str, text: &Localized) {
    let missing = text.missing();
    if missing.len() == Lang::ALL.len() {
        out.push(issue(path, "missing: no text in any language"));
        return;
    }
    for lang in missing {
        out.push(issue(
            format!("{path}.{lang}"),
            format!("missing {} translation ({lang})", lang_name(lang)),
        ));
    }
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "Chinese",
        Lang::En => "English",
        Lang::Fr => "French",
        Lang::Es => "Spanish",
    }
}

fn unknown(what: &str, id: &str, known: &[&str]) -> String {
    format!("unknown {what} `{id}` (known: {})", known.join(", "))
}

// ---------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------

fn line_of(src: &str, offset: usize) -> usize {
    let offset = offset.min(src.len());
    // Offsets from the parser fall on character boundaries; be safe anyway.
    src.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn syntax_error(src: &str, file: &str, e: &toml::de::Error) -> PlanError {
    let offset = e.span().map(|s| s.start).unwrap_or(0);
    // A partial tree, to name the field the error is in when possible.
    let (partial, _) = DeTable::parse_recoverable(src);
    PlanError {
        file: file.to_string(),
        line: Some(line_of(src, offset)),
        field: path_at(&partial, offset),
        message: format!("invalid TOML: {}", e.message()),
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// `themes[3].title.fr` → themes, 3, title, fr.
fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        while let Some(close) = rest.find(']') {
            if let Ok(i) = rest[1..close].parse() {
                out.push(Segment::Index(i));
            }
            rest = &rest[close + 1..];
        }
    }
    out
}

/// Byte offset of the deepest part of `path` present in the document.
fn locate(doc: &Spanned<DeTable<'_>>, path: &str) -> usize {
    let mut offset = 0;
    let mut table: Option<&DeTable<'_>> = Some(doc.get_ref());
    let mut array: Option<&[Spanned<DeValue<'_>>]> = None;
    for seg in segments(path) {
        let value = match (seg, table, array) {
            (Segment::Key(k), Some(t), _) => t.get(k),
            (Segment::Index(i), _, Some(a)) => a.get(i),
            _ => None,
        };
        let Some(value) = value else { break };
        offset = value.span().start;
        table = None;
        array = None;
        match value.get_ref() {
            DeValue::Table(t) => table = Some(t),
            DeValue::Array(a) => array = Some(a),
            _ => {}
        }
    }
    offset
}

/// Path of the deepest key or value whose span holds `offset`.
fn path_at(doc: &Spanned<DeTable<'_>>, offset: usize) -> Option<String> {
    fn holds(span: Range<usize>, offset: usize) -> bool {
        span.start <= offset && (offset < span.end || span.is_empty() && offset == span.start)
    }
    fn walk_value(v: &Spanned<DeValue<'_>>, path: &str, offset: usize, best: &mut Option<String>) {
        if holds(v.span(), offset) && best.as_ref().is_none_or(|b| b.len() < path.len()) {
            *best = Some(path.to_string());
        }
        match v.get_ref() {
            DeValue::Table(t) => walk_table(t, path, offset, best),
            DeValue::Array(a) => {
                for (i, e) in a.iter().enumerate() {
                    walk_value(e, &format!("{path}[{i}]"), offset, best);
                }
            }
            _ => {}
        }
    }
    fn walk_table(t: &DeTable<'_>, prefix: &str, offset: usize, best: &mut Option<String>) {
        for (k, v) in t.iter() {
            let path = if prefix.is_empty() {
                k.get_ref().to_string()
            } else {
                format!("{prefix}.{}", k.get_ref())
            };
            if holds(k.span(), offset) && best.as_ref().is_none_or(|b| b.len() < path.len()) {
                *best = Some(path.clone());
            }
            walk_value(v, &path, offset, best);
        }
    }
    let mut best = None;
    walk_table(doc.get_ref(), "", offset, &mut best);
    best
}

// ---------------------------------------------------------------------------
// Raw mirror of the plan file
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    period: Option<RawPeriod>,
    #[serde(default)]
    title: RawText,
    #[serde(default)]
    objectives: Vec<RawObjective>,
    #[serde(default)]
    modes: Vec<RawMode>,
    #[serde(default)]
    programmes: Vec<RawProgramme>,
    #[serde(default)]
    forums: Vec<RawForum>,
    #[serde(default)]
    themes: Vec<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    start: Option<u16>,
    end: Option<u16>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawText {
    #[serde(default)]
    zh: String,
    #[serde(default)]
    en: String,
    #[serde(default)]
    fr: String,
    #[serde(default)]
    es: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: RawText,
    #[serde(default)]
    text: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMode {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgramme {
    #[serde(default)]
    id: String,
    #[serde(default)]
    acronym: String,
    #[serde(default)]
    name: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForum {
    #[serde(default)]
    id: String,
    #[serde(default)]
    acronym: RawText,
    #[serde(default)]
    name: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    #[serde(default)]
    id: String,
    number: Option<u16>,
    #[serde(default)]
    title: RawText,
    #[serde(default)]
    summary: RawText,
    #[serde(default)]
    topics: Vec<RawTopic>,
    #[serde(default)]
    forums: Vec<String>,
    #[serde(default)]
    lead: String,
    #[serde(default)]
    supporting: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: RawText,
}

impl From<RawText> for Localized {
    fn from(r: RawText) -> Self {
        Localized {
            zh: r.zh,
            en: r.en,
            fr: r.fr,
            es: r.es,
        }
    }
}

impl RawPlan {
    /// The plan, and the required fields that were missing. A missing
    /// field gets a neutral value that the rules do not report again.
    fn into_plan(self) -> (Plan, Vec<Issue>) {
        let mut issues = Vec::new();
        let period = match self.period {
            None => {
                issues.push(issue("period", "missing [period] (start and end years)"));
                Period { start: 0, end: 0 }
            }
            Some(RawPeriod { start, end }) => {
                if start.is_none() {
                    issues.push(issue("period.start", "missing start year"));
                }
                if end.is_none() {
                    issues.push(issue("period.end", "missing end year"));
                }
                let start = start.or(end).unwrap_or(0);
                Period {
                    start,
                    end: end.unwrap_or(start),
                }
            }
        };
        let themes = self
            .themes
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let number = t.number.unwrap_or_else(|| {
                    issues.push(issue(format!("themes[{i}].number"), "missing theme number"));
                    u16::try_from(i + 1).unwrap_or(u16::MAX)
                });
                Theme {
                    id: t.id,
                    number,
                    title: t.title.into(),
                    summary: t.summary.into(),
                    topics: t
                        .topics
                        .into_iter()
                        .map(|p| Topic {
                            id: p.id,
                            title: p.title.into(),
                        })
                        .collect(),
                    forums: t.forums,
                    lead: t.lead,
                    supporting: t.supporting,
                }
            })
            .collect();
        let plan = Plan {
            period,
            title: self.title.into(),
            objectives: self
                .objectives
                .into_iter()
                .map(|o| Objective {
                    id: o.id,
                    title: o.title.into(),
                    text: o.text.into(),
                })
                .collect(),
            modes: self
                .modes
                .into_iter()
                .map(|m| Mode {
                    id: m.id,
                    title: m.title.into(),
                })
                .collect(),
            programmes: self
                .programmes
                .into_iter()
                .map(|p| Programme {
                    id: p.id,
                    name: p.name.into(),
                    acronym: p.acronym,
                })
                .collect(),
            forums: self
                .forums
                .into_iter()
                .map(|f| Forum {
                    id: f.id,
                    acronym: f.acronym.into(),
                    name: f.name.into(),
                })
                .collect(),
            themes,
        };
        (plan, issues)
    }
}

#[cfg(test)]
mod tests;
