//! The Centre's outputs: research papers, policy briefs, statements, … —
//! the catalogue of the knowledge base.
//!
//! An [`Output`] is one record holding its language versions
//! ([`OutputVersion`]: title, abstract, body and file per language), its
//! authors, programmes, forums, meetings, countries, themes and SDGs, and
//! its [`Visibility`]. Themes and SDGs are *proposed* by the tagger with
//! evidence ([`ProposedTag`]) and then confirmed or changed by staff; a
//! change is kept as a [`TagCorrection`] the tagger learns from.
//!
//! [`NewOutput::validate`] checks a record before it is stored and names
//! every faulty field ([`FieldError`]); [`NewOutput::check_against_plan`]
//! checks its theme, programme and forum ids against a plan.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::{Lang, Plan};

/// The kinds of output the Centre publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputType {
    ResearchPaper,
    PolicyBrief,
    #[serde(rename = "southviews")]
    SouthViews,
    TaxCooperationPolicyBrief,
    ClimatePolicyBrief,
    Statement,
    Submission,
    AnalyticalNote,
    Book,
    MeetingReport,
    Training,
    SideEvent,
    AdvisoryNote,
    /// A document whose kind was not told (by a manifest or its cover):
    /// what ingestion gives it until staff choose the type.
    Document,
}

impl OutputType {
    pub const ALL: [OutputType; 14] = [
        OutputType::ResearchPaper,
        OutputType::PolicyBrief,
        OutputType::SouthViews,
        OutputType::TaxCooperationPolicyBrief,
        OutputType::ClimatePolicyBrief,
        OutputType::Statement,
        OutputType::Submission,
        OutputType::AnalyticalNote,
        OutputType::Book,
        OutputType::MeetingReport,
        OutputType::Training,
        OutputType::SideEvent,
        OutputType::AdvisoryNote,
        OutputType::Document,
    ];

    /// Stable id, used in URLs, the database and the search index.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputType::ResearchPaper => "research-paper",
            OutputType::PolicyBrief => "policy-brief",
            OutputType::SouthViews => "southviews",
            OutputType::TaxCooperationPolicyBrief => "tax-cooperation-policy-brief",
            OutputType::ClimatePolicyBrief => "climate-policy-brief",
            OutputType::Statement => "statement",
            OutputType::Submission => "submission",
            OutputType::AnalyticalNote => "analytical-note",
            OutputType::Book => "book",
            OutputType::MeetingReport => "meeting-report",
            OutputType::Training => "training",
            OutputType::SideEvent => "side-event",
            OutputType::AdvisoryNote => "advisory-note",
            OutputType::Document => "document",
        }
    }

    pub fn parse(s: &str) -> Option<OutputType> {
        let s = s.trim();
        OutputType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }

    /// The English name of the Centre's numbered series of this type, if it
    /// has one (`Research Paper 199`).
    pub fn default_series(self) -> Option<&'static str> {
        match self {
            OutputType::ResearchPaper => Some("Research Paper"),
            OutputType::PolicyBrief => Some("Policy Brief"),
            OutputType::SouthViews => Some("SouthViews"),
            OutputType::TaxCooperationPolicyBrief => Some("Tax Cooperation Policy Brief"),
            OutputType::ClimatePolicyBrief => Some("Climate Policy Brief"),
            OutputType::AnalyticalNote => Some("Analytical Note"),
            _ => None,
        }
    }

    /// Whether citation formats treat it as a report (`techreport`, `RPRT`)
    /// rather than a book or a speech.
    pub fn is_report(self) -> bool {
        !matches!(
            self,
            OutputType::Book
                | OutputType::Statement
                | OutputType::Training
                | OutputType::SideEvent
                | OutputType::Document
        )
    }
}

impl std::fmt::Display for OutputType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for OutputType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OutputType::parse(s).ok_or_else(|| {
            let all: Vec<&str> = OutputType::ALL.iter().map(|t| t.as_str()).collect();
            format!(
                "unknown output type `{s}` (expected one of: {})",
                all.join(", ")
            )
        })
    }
}

/// Who may read an output (see [`crate::authz::Action::ViewOutput`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Anyone, including the public web, feeds and OAI-PMH.
    Public,
    /// The Secretariat.
    Internal,
    /// Management, administrators and the coordinators of its programmes.
    Confidential,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [
        Visibility::Public,
        Visibility::Internal,
        Visibility::Confidential,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
            Visibility::Confidential => "confidential",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        let s = s.trim();
        Visibility::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }
}

impl std::fmt::Display for Visibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Visibility {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Visibility::parse(s).ok_or_else(|| {
            format!("unknown visibility `{s}` (expected public, internal or confidential)")
        })
    }
}

/// A file stored by its content hash.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FileRef {
    /// SHA-256 of the content, 64 lowercase hex digits.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Media type (`application/pdf`).
    pub media_type: String,
    /// File name offered on download (`RP199_EN.pdf`).
    pub name: String,
}

/// One language version of an output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputVersion {
    pub lang: Lang,
    pub title: String,
    /// The abstract (`abstract` is reserved in Rust).
    #[serde(rename = "abstract")]
    pub abstract_: String,
    /// The full text, as extracted from the file or typed in.
    pub body: String,
    pub file: Option<FileRef>,
}

/// An author: a member of staff (optionally bound to their account) or
/// someone from outside the Centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// As printed: `Carlos M. Correa`.
    pub name: String,
    /// Works at the South Centre.
    pub staff: bool,
    /// The author's account, for staff who have one.
    #[serde(default)]
    pub account_id: Option<i64>,
    /// Institution, for external authors.
    #[serde(default)]
    pub affiliation: Option<String>,
}

/// What a tag names: a thematic area of the plan or an SDG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagKind {
    Theme,
    Sdg,
}

impl TagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TagKind::Theme => "theme",
            TagKind::Sdg => "sdg",
        }
    }

    pub fn parse(s: &str) -> Option<TagKind> {
        match s {
            "theme" => Some(TagKind::Theme),
            "sdg" => Some(TagKind::Sdg),
            _ => None,
        }
    }
}

/// A theme or SDG the tagger proposed for an output, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposedTag {
    pub kind: TagKind,
    /// Theme id, or SDG number as text (`13`).
    pub value: String,
    pub score: f32,
    /// The passages or terms that triggered it.
    pub evidence: Vec<String>,
}

/// A change staff made to the tagger's proposal, kept for the tagger to
/// learn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTagCorrection {
    pub output_id: i64,
    pub kind: TagKind,
    /// What the tagger proposed (theme ids or SDG numbers), sorted.
    pub proposed: Vec<String>,
    /// What staff chose instead, sorted.
    pub chosen: Vec<String>,
    /// The text the tagger saw (title and abstract), so the correction is
    /// a training example on its own.
    pub text: String,
    pub lang: Lang,
    /// Who made the change.
    pub account_id: Option<i64>,
}

/// A stored [`NewTagCorrection`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCorrection {
    pub id: i64,
    #[serde(flatten)]
    pub correction: NewTagCorrection,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl NewTagCorrection {
    /// Tags added by staff (chosen, not proposed).
    pub fn added(&self) -> Vec<&str> {
        self.chosen
            .iter()
            .filter(|c| !self.proposed.contains(c))
            .map(String::as_str)
            .collect()
    }

    /// Tags removed by staff (proposed, not chosen).
    pub fn removed(&self) -> Vec<&str> {
        self.proposed
            .iter()
            .filter(|p| !self.chosen.contains(p))
            .map(String::as_str)
            .collect()
    }
}

/// The corrections implied by staff choosing `themes` and `sdgs` for an
/// output whose tagger proposal is `proposed`: one per kind whose set
/// differs from the proposal; none where staff confirmed it as it was.
pub fn corrections_for(
    output_id: i64,
    proposed: &[ProposedTag],
    themes: &[String],
    sdgs: &[u8],
    lang: Lang,
    text: &str,
    account_id: Option<i64>,
) -> Vec<NewTagCorrection> {
    let mut out = Vec::new();
    for kind in [TagKind::Theme, TagKind::Sdg] {
        let mut before: Vec<String> = proposed
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| t.value.clone())
            .collect();
        before.sort();
        before.dedup();
        let mut after: Vec<String> = match kind {
            TagKind::Theme => themes.to_vec(),
            TagKind::Sdg => sdgs.iter().map(u8::to_string).collect(),
        };
        after.sort();
        after.dedup();
        if before != after {
            out.push(NewTagCorrection {
                output_id,
                kind,
                proposed: before,
                chosen: after,
                text: text.to_string(),
                lang,
                account_id,
            });
        }
    }
    out
}

/// An output to store (or the new state of one being edited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewOutput {
    #[serde(rename = "type")]
    pub output_type: OutputType,
    /// Series name (`Research Paper`); see [`series_slug`].
    #[serde(default)]
    pub series: Option<String>,
    /// Number in the series (`199`, `2026/3`).
    #[serde(default)]
    pub number: Option<String>,
    pub date: Date,
    pub visibility: Visibility,
    /// At least one; one per language at most.
    pub versions: Vec<OutputVersion>,
    #[serde(default)]
    pub authors: Vec<Author>,
    /// Programme ids of the plan.
    #[serde(default)]
    pub programmes: Vec<String>,
    /// Forum ids of the plan.
    #[serde(default)]
    pub forums: Vec<String>,
    /// Ids of meetings it served.
    #[serde(default)]
    pub meetings: Vec<i64>,
    /// ISO 3166-1 alpha-3 codes of the countries it concerns.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Theme ids (proposed by the tagger until staff confirm them).
    #[serde(default)]
    pub themes: Vec<String>,
    /// SDG numbers, 1–17.
    #[serde(default)]
    pub sdgs: Vec<u8>,
    /// Whether staff confirmed (or chose) the themes and SDGs.
    #[serde(default)]
    pub tags_confirmed: bool,
    /// What the tagger proposed, with evidence.
    #[serde(default)]
    pub proposed_tags: Vec<ProposedTag>,
}

/// A stored output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Output {
    pub id: i64,
    #[serde(flatten)]
    pub record: NewOutput,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// The account that created it.
    pub created_by: Option<i64>,
}

impl std::ops::Deref for Output {
    type Target = NewOutput;
    fn deref(&self) -> &NewOutput {
        &self.record
    }
}

impl NewOutput {
    /// What `authz` needs to know of the output to decide who may read or
    /// edit it.
    pub fn facts(&self) -> crate::authz::OutputFacts<'_> {
        crate::authz::OutputFacts {
            visibility: self.visibility,
            programmes: &self.programmes,
        }
    }

    /// The version in `lang`, if there is one.
    pub fn version(&self, lang: Lang) -> Option<&OutputVersion> {
        self.versions.iter().find(|v| v.lang == lang)
    }

    /// The version in `lang`, or else English, or else the first one.
    pub fn best_version(&self, lang: Lang) -> &OutputVersion {
        self.version(lang)
            .or_else(|| self.version(Lang::En))
            .or_else(|| self.versions.first())
            .expect("a validated output has at least one version")
    }

    /// `Research Paper 199`, `SouthViews`, or nothing.
    pub fn series_label(&self) -> Option<String> {
        let series = self.series.as_deref()?;
        Some(match self.number.as_deref() {
            Some(n) => format!("{series} {n}"),
            None => series.to_string(),
        })
    }

    /// The year of publication.
    pub fn year(&self) -> i32 {
        self.date.year()
    }

    /// Trims texts, drops blank optional fields, removes duplicates from
    /// lists and sorts versions by language; then checks the record.
    pub fn normalise_and_validate(&mut self) -> Result<(), Vec<FieldError>> {
        self.normalise();
        self.validate()
    }

    /// Trims and deduplicates, without checking.
    pub fn normalise(&mut self) {
        let blank = |v: &mut Option<String>| {
            if let Some(s) = v {
                let t = s.trim();
                if t.is_empty() {
                    *v = None;
                } else if t.len() != s.len() {
                    *v = Some(t.to_string());
                }
            }
        };
        blank(&mut self.series);
        blank(&mut self.number);
        for v in &mut self.versions {
            v.title = v.title.trim().to_string();
            v.abstract_ = v.abstract_.trim().to_string();
        }
        self.versions.sort_by_key(|v| v.lang);
        for a in &mut self.authors {
            a.name = a.name.trim().to_string();
            blank(&mut a.affiliation);
        }
        let tidy = |list: &mut Vec<String>| {
            for s in list.iter_mut() {
                *s = s.trim().to_string();
            }
            list.retain(|s| !s.is_empty());
            dedup_keep_order(list);
        };
        tidy(&mut self.programmes);
        tidy(&mut self.forums);
        tidy(&mut self.themes);
        tidy(&mut self.countries);
        for c in &mut self.countries {
            *c = c.to_ascii_uppercase();
        }
        dedup_keep_order(&mut self.meetings);
        dedup_keep_order(&mut self.sdgs);
    }

    /// Checks the record; every faulty field is named.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut err = |field: String, code: &'static str, message: String| {
            errors.push(FieldError {
                field,
                code,
                message,
            })
        };
        if self.versions.is_empty() {
            err(
                "versions".into(),
                "required",
                "an output needs at least one language version".into(),
            );
        }
        let mut seen = Vec::new();
        for (i, v) in self.versions.iter().enumerate() {
            if seen.contains(&v.lang) {
                err(
                    format!("versions[{i}].lang"),
                    "duplicate",
                    format!("there is already a version in `{}`", v.lang),
                );
            }
            seen.push(v.lang);
            if v.title.trim().is_empty() {
                err(
                    format!("versions[{i}].title"),
                    "required",
                    format!("the `{}` version needs a title", v.lang),
                );
            } else if v.title.chars().count() > MAX_TITLE_CHARS {
                err(
                    format!("versions[{i}].title"),
                    "too_long",
                    format!("a title has at most {MAX_TITLE_CHARS} characters"),
                );
            }
            if let Some(f) = &v.file {
                if !is_sha256(&f.sha256) {
                    err(
                        format!("versions[{i}].file.sha256"),
                        "invalid",
                        format!("`{}` is not a SHA-256 (64 lowercase hex digits)", f.sha256),
                    );
                }
                if !is_media_type(&f.media_type) {
                    err(
                        format!("versions[{i}].file.media_type"),
                        "invalid",
                        format!("`{}` is not a media type (type/subtype)", f.media_type),
                    );
                }
                if f.name.trim().is_empty() || f.name.contains(['/', '\\', '\0', '\n', '\r', '"']) {
                    err(
                        format!("versions[{i}].file.name"),
                        "invalid",
                        "a file name is not empty and has no slashes, quotes or line breaks".into(),
                    );
                }
            }
        }
        if self.number.is_some() && self.series.is_none() {
            err(
                "number".into(),
                "series_required",
                "a number needs a series".into(),
            );
        }
        if let Some(s) = &self.series
            && series_slug(s).is_empty()
        {
            err(
                "series".into(),
                "invalid",
                "a series name needs letters or digits".into(),
            );
        }
        for (i, a) in self.authors.iter().enumerate() {
            if a.name.trim().is_empty() {
                err(
                    format!("authors[{i}].name"),
                    "required",
                    "an author needs a name".into(),
                );
            }
            if a.account_id.is_some() && !a.staff {
                err(
                    format!("authors[{i}].account_id"),
                    "invalid",
                    "only staff authors are bound to an account".into(),
                );
            }
        }
        for (i, c) in self.countries.iter().enumerate() {
            if !crate::people::is_iso3(c) {
                err(
                    format!("countries[{i}]"),
                    "invalid",
                    format!("`{c}` is not an ISO 3166-1 alpha-3 code"),
                );
            }
        }
        for (i, s) in self.sdgs.iter().enumerate() {
            if !(1..=17).contains(s) {
                err(
                    format!("sdgs[{i}]"),
                    "invalid",
                    format!("there is no SDG {s} (1–17)"),
                );
            }
        }
        for (list, name) in [
            (&self.themes, "themes"),
            (&self.programmes, "programmes"),
            (&self.forums, "forums"),
        ] {
            for (i, id) in list.iter().enumerate() {
                if !is_id(id) {
                    err(
                        format!("{name}[{i}]"),
                        "invalid",
                        format!("`{id}` is not an id (lowercase letters, digits, - and _)"),
                    );
                }
            }
        }
        for (i, t) in self.proposed_tags.iter().enumerate() {
            let ok = match t.kind {
                TagKind::Theme => is_id(&t.value),
                TagKind::Sdg => t.value.parse::<u8>().is_ok_and(|n| (1..=17).contains(&n)),
            };
            if !ok {
                err(
                    format!("proposed_tags[{i}].value"),
                    "invalid",
                    format!("`{}` is not a {}", t.value, t.kind.as_str()),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Checks the theme, programme and forum ids against `plan` (the
    /// adopted one).
    pub fn check_against_plan(&self, plan: &Plan) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (i, t) in self.themes.iter().enumerate() {
            if plan.theme(t).is_none() {
                errors.push(FieldError::new(
                    format!("themes[{i}]"),
                    "unknown",
                    format!("there is no theme `{t}` in the plan"),
                ));
            }
        }
        for (i, p) in self.programmes.iter().enumerate() {
            if plan.programme(p).is_none() {
                errors.push(FieldError::new(
                    format!("programmes[{i}]"),
                    "unknown",
                    format!("there is no programme `{p}` in the plan"),
                ));
            }
        }
        for (i, f) in self.forums.iter().enumerate() {
            if plan.forum(f).is_none() {
                errors.push(FieldError::new(
                    format!("forums[{i}]"),
                    "unknown",
                    format!("there is no forum `{f}` in the plan"),
                ));
            }
        }
        errors
    }
}

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 1000;

/// What is wrong with one field of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Path of the field: `versions[1].title`, `countries[0]`, `number`.
    pub field: String,
    /// Stable code: `required`, `invalid`, `duplicate`, `unknown`, …
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The errors as one line: `versions[0].title: …; number: …`.
pub fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The URL slug of a series name: `Research Paper` → `research-paper`,
/// `SouthViews` → `southviews`. Letters are lowercased (any script), runs
/// of anything else become one `-`.
pub fn series_slug(name: &str) -> String {
    let mut slug = String::new();
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    slug
}

/// 64 lowercase hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_media_type(s: &str) -> bool {
    let mut parts = s.split('/');
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b))
    };
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    // Parameters (`; charset=utf-8`) are allowed after the subtype.
    let b = b.split(';').next().unwrap_or("").trim();
    token(a) && token(b)
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn dedup_keep_order<T: PartialEq + Clone>(list: &mut Vec<T>) {
    let mut seen: Vec<T> = Vec::with_capacity(list.len());
    list.retain(|x| {
        if seen.contains(x) {
            false
        } else {
            seen.push(x.clone());
            true
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    pub(crate) fn sample() -> NewOutput {
        NewOutput {
            output_type: OutputType::ResearchPaper,
            series: Some("Research Paper".into()),
            number: Some("199".into()),
            date: date!(2026 - 03 - 01),
            visibility: Visibility::Public,
            versions: vec![OutputVersion {
                lang: Lang::En,
                title: "Special and differential treatment".into(),
                abstract_: "An abstract".into(),
                body: String::new(),
                file: None,
            }],
            authors: vec![Author {
                name: "A. Author".into(),
                staff: true,
                account_id: None,
                affiliation: None,
            }],
            programmes: vec!["ggdp".into()],
            forums: vec![],
            meetings: vec![],
            countries: vec!["BRA".into()],
            themes: vec!["trade".into()],
            sdgs: vec![17],
            tags_confirmed: false,
            proposed_tags: vec![],
        }
    }

    #[test]
    fn types_parse_and_print() {
        for t in OutputType::ALL {
            assert_eq!(OutputType::parse(t.as_str()), Some(t));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
        }
        assert!("memo".parse::<OutputType>().is_err());
        for v in Visibility::ALL {
            assert_eq!(v.as_str().parse::<Visibility>(), Ok(v));
        }
    }

    #[test]
    fn a_sample_is_valid_and_faults_are_named() {
        let mut ok = sample();
        assert_eq!(ok.normalise_and_validate(), Ok(()));

        let mut bad = sample();
        bad.series = Some("  ".into());
        bad.versions.push(OutputVersion {
            lang: Lang::En,
            title: " ".into(),
            abstract_: String::new(),
            body: String::new(),
            file: Some(FileRef {
                sha256: "ABC".into(),
                size: 1,
                media_type: "pdf".into(),
                name: "a/b.pdf".into(),
            }),
        });
        bad.countries.push("brazil".into());
        bad.sdgs.push(18);
        bad.themes.push("Not An Id".into());
        let errors = bad.normalise_and_validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "versions[1].lang",
                "versions[1].title",
                "versions[1].file.sha256",
                "versions[1].file.media_type",
                "versions[1].file.name",
                "number",
                "countries[1]",
                "sdgs[1]",
                "themes[1]",
            ],
            "{}",
            describe(&errors)
        );

        let mut none = sample();
        none.versions.clear();
        assert_eq!(none.validate().unwrap_err()[0].field, "versions");
    }

    #[test]
    fn plan_ids_are_checked() {
        let plan = Plan::embedded_2026_2028();
        let mut o = sample();
        o.themes = vec![plan.themes[0].id.clone(), "nope".into()];
        o.programmes = vec![plan.programmes[0].id.clone()];
        o.forums = vec!["nowhere".into()];
        let fields: Vec<String> = o
            .check_against_plan(&plan)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["themes[1]", "forums[0]"]);
    }

    #[test]
    fn series_slugs() {
        assert_eq!(series_slug("Research Paper"), "research-paper");
        assert_eq!(series_slug(" SouthViews "), "southviews");
        assert_eq!(
            series_slug("Tax Cooperation Policy Brief"),
            "tax-cooperation-policy-brief"
        );
        assert_eq!(series_slug("南方观点 / No."), "南方观点-no");
        assert_eq!(series_slug("--"), "");
        assert_eq!(
            sample().series_label().as_deref(),
            Some("Research Paper 199")
        );
    }

    #[test]
    fn corrections_are_differences_from_the_proposal() {
        let proposed = vec![
            ProposedTag {
                kind: TagKind::Theme,
                value: "trade".into(),
                score: 0.9,
                evidence: vec!["WTO".into()],
            },
            ProposedTag {
                kind: TagKind::Sdg,
                value: "17".into(),
                score: 0.5,
                evidence: vec![],
            },
        ];
        let same = corrections_for(1, &proposed, &["trade".into()], &[17], Lang::En, "t", None);
        assert!(same.is_empty());
        let changed = corrections_for(
            1,
            &proposed,
            &["trade".into(), "health".into()],
            &[17],
            Lang::En,
            "t",
            Some(4),
        );
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].kind, TagKind::Theme);
        assert_eq!(changed[0].added(), ["health"]);
        assert!(changed[0].removed().is_empty());
    }
}
