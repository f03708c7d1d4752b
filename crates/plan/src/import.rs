//! Reading a work-plan document (text or Markdown, Chinese or English).
//!
//! A plan document is laid out like the Centre's own: a title, numbered
//! parts (`一、引言`, `I. Introduction`, `## Introduction`), somewhere a
//! numbered list of the priority themes, and after it one section per theme,
//! in the same order: a numbered heading (`1. Trade`, `## 1. Trade`, `1、`,
//! `1)`) and its text, up to the next section, the next part or the contact
//! block that closes the document.
//!
//! [`read_document`] finds that list and those sections. The list gives each
//! theme its title; the section gives its text (a section heading may word
//! the title differently, but must recognisably be the same theme). When the
//! document cannot be read — no list, numbering that skips or repeats, a
//! section missing, more sections than listed themes — the error gives the
//! line where reading went wrong.
//!
//! [`ImportedDocument::into_draft`] turns what was read into a draft
//! [`Plan`] based on the plan in force.

use serde::Serialize;

use crate::{Lang, Localized, Period, Plan, Theme};

/// What was read from a plan document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedDocument {
    /// The document's title, when it has one.
    pub title: Option<String>,
    /// `zh` or `en`, detected from the text.
    pub language: Lang,
    /// The years the document covers, when its title or opening names them.
    pub period: Option<Period>,
    /// The themes in the order of the document's list, numbered 1..n.
    pub themes: Vec<ImportedTheme>,
}

/// A theme read from a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedTheme {
    pub number: u16,
    /// The title as the document's list of themes gives it.
    pub title: String,
    /// The text of the theme's section (without its heading), lines kept.
    pub body: String,
    /// 1-based line of the section heading.
    pub line: usize,
    /// The title as the section heading words it (may differ from `title`).
    pub section_title: String,
    /// 1-based line of the theme's entry in the list.
    pub list_line: usize,
}

/// A document that cannot be read, and the line where reading went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    /// 1-based.
    pub line: usize,
    pub message: String,
}

/// Reads a plan document. See the [module documentation](self).
pub fn read_document(text: &str) -> Result<ImportedDocument, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, l)| Line::new(i, l))
        .collect();
    let language = detect_language(text);

    let candidates = find_lists(&lines);
    if candidates.is_empty() {
        return Err(match lines.iter().find(|l| l.number.is_some()) {
            Some(l) => ImportError {
                line: l.no,
                message: format!(
                    "the first numbered item is {}, not 1: no numbered list of themes found",
                    l.number.as_ref().map(|n| n.0).unwrap_or_default()
                ),
            },
            None => ImportError {
                line: lines.len().max(1),
                message: "reached the end without finding a numbered list of themes (1., 2., …)"
                    .into(),
            },
        });
    }

    // Try each candidate list in document order; the first one whose
    // sections follow it is the list of themes. Otherwise report the
    // failure of the most plausible candidate that got furthest.
    let mut failures: Vec<((u8, usize, usize), ImportError)> = Vec::new();
    for list in &candidates {
        let result = match &list.broken {
            Some(e) => Err((e.clone(), 0)),
            None => read_sections(&lines, list),
        };
        match result {
            Ok(themes) => {
                let first = list.items[0].line;
                let title = find_title(&lines, first);
                let period = title
                    .as_deref()
                    .and_then(find_period)
                    .or_else(|| lines[..first].iter().find_map(|l| find_period(l.raw)));
                return Ok(ImportedDocument {
                    title,
                    language,
                    period,
                    themes,
                });
            }
            Err((e, progress)) => failures.push(((list.rank(), progress, e.line), e)),
        }
    }
    let (_, error) = failures
        .into_iter()
        .max_by_key(|(key, _)| *key)
        .expect("at least one candidate");
    Err(error)
}

impl ImportedDocument {
    /// A draft plan: `base` updated by this document.
    ///
    /// Document themes are matched to base themes by title in the
    /// document's language — exactly, then normalised (case, spacing,
    /// punctuation), then by number where the titles are similar. A matched
    /// theme keeps its id, topics, forums, programmes and summary; it takes
    /// the document's number, and its title in the document's language — if
    /// that changed, the other translations are cleared as stale. Document
    /// themes that match none become new themes without a lead (a draft),
    /// with an id slugged from the English title, or `theme-N`. Base themes
    /// the document does not list are dropped. Period and plan title follow
    /// the document where it gives them.
    pub fn into_draft(&self, base: &Plan) -> Plan {
        let lang = self.language;
        let n = self.themes.len();
        let mut matched: Vec<Option<usize>> = vec![None; n];
        let mut taken = vec![false; base.themes.len()];

        type Rule = fn(&ImportedTheme, &Theme, Lang) -> bool;
        let rules: [Rule; 3] = [
            |d, b, lang| b.title.get(lang).trim() == d.title.trim(),
            |d, b, lang| {
                let key = normalise(&d.title);
                !key.is_empty() && normalise(b.title.get(lang)) == key
            },
            |d, b, lang| b.number == d.number && similarity(&d.title, b.title.get(lang)) >= SIMILAR,
        ];
        for rule in rules {
            for (i, d) in self.themes.iter().enumerate() {
                if matched[i].is_some() {
                    continue;
                }
                if let Some(j) =
                    (0..base.themes.len()).find(|&j| !taken[j] && rule(d, &base.themes[j], lang))
                {
                    matched[i] = Some(j);
                    taken[j] = true;
                }
            }
        }

        let mut themes: Vec<Theme> = Vec::with_capacity(n);
        for (i, d) in self.themes.iter().enumerate() {
            let theme = match matched[i] {
                Some(j) => {
                    let mut t = base.themes[j].clone();
                    t.number = d.number;
                    if t.title.get(lang).trim() != d.title.trim() {
                        t.title = Localized::only(lang, d.title.trim());
                    }
                    t
                }
                None => Theme {
                    id: String::new(),
                    number: d.number,
                    title: Localized::only(lang, d.title.trim()),
                    summary: Localized::only(lang, opening(&d.body)),
                    topics: Vec::new(),
                    forums: Vec::new(),
                    lead: String::new(),
                    supporting: Vec::new(),
                },
            };
            themes.push(theme);
        }
        // Ids for new themes, unique against the kept ones.
        for i in 0..n {
            if !themes[i].id.is_empty() {
                continue;
            }
            let d = &self.themes[i];
            let stem = match lang {
                Lang::En => slug(&d.title),
                _ => String::new(),
            };
            let stem = if stem.is_empty() {
                format!("theme-{}", d.number)
            } else {
                stem
            };
            let mut id = stem.clone();
            let mut k = 2;
            while themes.iter().any(|t| t.id == id) {
                id = format!("{stem}-{k}");
                k += 1;
            }
            themes[i].id = id;
        }

        let title = match &self.title {
            Some(t) if normalise(t) != normalise(base.title.get(lang)) => {
                Localized::only(lang, t.trim())
            }
            _ => base.title.clone(),
        };
        Plan {
            period: self.period.unwrap_or(base.period),
            title,
            objectives: base.objectives.clone(),
            modes: base.modes.clone(),
            programmes: base.programmes.clone(),
            forums: base.forums.clone(),
            themes,
        }
    }
}

// ---------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------

/// A line of the document, with its Markdown dressing taken off.
struct Line<'a> {
    /// 1-based.
    no: usize,
    /// As written, without trailing whitespace.
    raw: &'a str,
    /// Without heading marks, bullet, emphasis or surrounding space.
    text: String,
    /// Markdown heading level (`#` = 1).
    heading: Option<usize>,
    bullet: bool,
    indented: bool,
    /// `1. Trade` → (1, "Trade").
    number: Option<(u16, String)>,
}

impl<'a> Line<'a> {
    fn new(index: usize, raw: &'a str) -> Line<'a> {
        let raw = raw.trim_end();
        let indented = raw.starts_with([' ', '\t', '\u{3000}']);
        let mut t = raw.trim_start_matches([' ', '\t', '\u{3000}']);
        let mut heading = None;
        let hashes = t.chars().take_while(|&c| c == '#').count();
        if (1..=6).contains(&hashes) {
            let rest = &t[hashes..];
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                heading = Some(hashes);
                t = rest.trim().trim_end_matches('#').trim_end();
            }
        }
        let mut bullet = false;
        for b in ["- ", "* ", "+ ", "• ", "· ", "・"] {
            if let Some(rest) = t.strip_prefix(b) {
                bullet = true;
                t = rest.trim_start();
                break;
            }
        }
        let mut t = t.trim();
        for mark in ["**", "__"] {
            if t.len() > 2 * mark.len()
                && let Some(inner) = t.strip_prefix(mark).and_then(|s| s.strip_suffix(mark))
            {
                t = inner.trim();
            }
        }
        let number = numbered(t, heading.is_some());
        Line {
            no: index + 1,
            raw,
            text: t.to_string(),
            heading,
            bullet,
            indented,
            number,
        }
    }

    fn is_blank(&self) -> bool {
        self.text.is_empty() && self.heading.is_none()
    }

    /// Structural, unnumbered heading: `一、引言`, `II. Themes`, `## Annex`.
    fn is_part(&self) -> bool {
        if self.number.is_some() {
            return false;
        }
        self.heading.is_some() || is_part_heading(&self.text)
    }

    /// Short, without closing sentence punctuation: a heading or an
    /// address line rather than a sentence.
    fn is_short(&self) -> bool {
        let t = self.text.as_str();
        t.chars().count() <= 80
            && !t.ends_with(['。', '；', ';', '.', '!', '?', '！', '？', '，', ','])
    }
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// `1. Title`, `1、Title`, `1) Title`, `(1) Title`, `1．Title`; in a heading
/// also `1 Title`. Not `1.5 degrees` nor `2030 Agenda`.
fn numbered(text: &str, in_heading: bool) -> Option<(u16, String)> {
    let mut chars = text.char_indices().peekable();
    let open = matches!(chars.peek(), Some((_, '(' | '（')));
    if open {
        chars.next();
    }
    let mut value: u32 = 0;
    let mut digits = 0;
    while let Some(&(_, c)) = chars.peek() {
        let Some(d) = ascii_digit(c) else { break };
        // Saturating: a long run of digits is refused below, not overflowed.
        value = value.saturating_mul(10).saturating_add(d);
        digits += 1;
        chars.next();
    }
    if !(1..=3).contains(&digits) || value == 0 {
        return None;
    }
    let (_, sep) = chars.next()?;
    let ok = if open {
        matches!(sep, ')' | '）')
    } else {
        match sep {
            '.' | '．' => !matches!(chars.peek(), Some(&(_, c)) if ascii_digit(c).is_some()),
            '、' | ')' | '）' => true,
            ' ' | '\t' => in_heading,
            _ => false,
        }
    };
    if !ok {
        return None;
    }
    let rest = match chars.peek() {
        Some(&(i, _)) => text[i..].trim(),
        None => "",
    };
    let rest = rest.trim_start_matches([':', '：', '-', '–', '—']).trim();
    if rest.is_empty() {
        return None;
    }
    Some((u16::try_from(value).ok()?, rest.to_string()))
}

fn is_part_heading(text: &str) -> bool {
    const ZH_NUMERALS: &str = "一二三四五六七八九十百零〇";
    let zh: String = text
        .chars()
        .take_while(|c| ZH_NUMERALS.contains(*c))
        .collect();
    if !zh.is_empty() {
        let rest = &text[zh.len()..];
        if rest.starts_with(['、', '.', '．']) && rest.chars().count() > 1 {
            return true;
        }
    }
    if let Some(rest) = text.strip_prefix('第') {
        let n: String = rest
            .chars()
            .take_while(|c| ZH_NUMERALS.contains(*c) || ascii_digit(*c).is_some())
            .collect();
        if !n.is_empty() && rest[n.len()..].starts_with(['部', '章', '节']) {
            return true;
        }
    }
    let roman: String = text.chars().take_while(|c| "IVXLC".contains(*c)).collect();
    if !roman.is_empty() && roman.len() <= 6 {
        let rest = &text[roman.len()..];
        if (rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with(".\t"))
            && rest.trim().chars().count() > 1
        {
            return true;
        }
    }
    for word in [
        "Part ", "PART ", "Chapter ", "CHAPTER ", "Section ", "SECTION ",
    ] {
        if let Some(rest) = text.strip_prefix(word)
            && rest.starts_with(|c: char| c.is_ascii_digit() || "IVXLC".contains(c))
        {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------
// The list of themes
// ---------------------------------------------------------------------------

struct ListItem {
    number: u16,
    title: String,
    /// Index into the lines.
    line: usize,
}

/// A run of numbered (or bulleted) lines that may be the list of themes.
struct List {
    items: Vec<ListItem>,
    /// Index of the first line after the list.
    end: usize,
    bulleted: bool,
    /// The run starts like a list but its numbering breaks.
    broken: Option<ImportError>,
}

impl List {
    /// How plausible a failure of this candidate is as *the* explanation.
    fn rank(&self) -> u8 {
        match (self.bulleted, self.items.len()) {
            (false, 2..) => 2,
            (true, _) => 1,
            (false, _) => 0,
        }
    }
}

fn find_lists(lines: &[Line]) -> Vec<List> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        if let Some((1, title)) = &l.number {
            let list = numbered_run(lines, i, title);
            i = list.end.max(i + 1);
            out.push(list);
        } else if l.bullet && l.number.is_none() && l.heading.is_none() {
            let list = bulleted_run(lines, i);
            i = list.end.max(i + 1);
            if list.items.len() >= 2 {
                out.push(list);
            }
        } else {
            i += 1;
        }
    }
    out
}

fn numbered_run(lines: &[Line], start: usize, title: &str) -> List {
    let style = lines[start].heading;
    let mut items = vec![ListItem {
        number: 1,
        title: title.to_string(),
        line: start,
    }];
    let mut j = start + 1;
    let mut broken = None;
    let mut after_blank = false;
    while j < lines.len() {
        let l = &lines[j];
        if l.is_blank() {
            after_blank = true;
            j += 1;
            continue;
        }
        match &l.number {
            Some((n, t)) if l.heading == style => {
                let prev = items.last().map(|it| it.number).unwrap_or(0);
                if *n == prev + 1 {
                    items.push(ListItem {
                        number: *n,
                        title: t.clone(),
                        line: j,
                    });
                } else if *n == 1 {
                    // A new numbering starts: the sections, most likely.
                    break;
                } else {
                    broken = Some(ImportError {
                        line: l.no,
                        message: if *n <= prev {
                            format!(
                                "the list of themes numbers {n} again after {prev} (expected {})",
                                prev + 1
                            )
                        } else {
                            format!(
                                "the list of themes skips from {prev} to {n} (expected {})",
                                prev + 1
                            )
                        },
                    });
                    break;
                }
            }
            None if !after_blank && l.indented && !l.is_part() && !l.bullet => {
                // A wrapped list entry.
                if let Some(last) = items.last_mut() {
                    last.title.push(' ');
                    last.title.push_str(&l.text);
                }
            }
            _ => break,
        }
        after_blank = false;
        j += 1;
    }
    List {
        items,
        end: j,
        bulleted: false,
        broken,
    }
}

fn bulleted_run(lines: &[Line], start: usize) -> List {
    let mut items = Vec::new();
    let mut j = start;
    while j < lines.len() {
        let l = &lines[j];
        if l.is_blank() {
            j += 1;
            continue;
        }
        if !(l.bullet && l.number.is_none() && l.heading.is_none()) {
            break;
        }
        items.push(ListItem {
            number: u16::try_from(items.len() + 1).unwrap_or(u16::MAX),
            title: l.text.clone(),
            line: j,
        });
        j += 1;
    }
    List {
        items,
        end: j,
        bulleted: true,
        broken: None,
    }
}

// ---------------------------------------------------------------------------
// The sections
// ---------------------------------------------------------------------------

struct Open {
    number: u16,
    title: String,
    /// Index of the heading line.
    line: usize,
}

/// The themes, or why not and how many sections were found before that
/// (to tell which candidate list got furthest).
fn read_sections(lines: &[Line], list: &List) -> Result<Vec<ImportedTheme>, (ImportError, usize)> {
    let mut found = 0;
    sections(lines, list, &mut found).map_err(|e| (e, found))
}

fn sections(
    lines: &[Line],
    list: &List,
    found: &mut usize,
) -> Result<Vec<ImportedTheme>, ImportError> {
    let n = list.items.len();
    let tail = contact_block(lines, list.end);
    let mut themes: Vec<ImportedTheme> = Vec::with_capacity(n);
    let mut open: Option<Open> = None;
    // Markdown heading level of the section headings, once known
    // (`Some(None)`: plain numbered lines).
    let mut style: Option<Option<usize>> = None;
    let mut stop = tail;

    let close =
        |open: Open, end: usize, themes: &mut Vec<ImportedTheme>| -> Result<(), ImportError> {
            let body = body_text(&lines[open.line + 1..end]);
            let item = &list.items[usize::from(open.number) - 1];
            if body.is_empty() {
                return Err(ImportError {
                    line: lines[open.line].no,
                    message: format!("section {} (“{}”) has no text", open.number, open.title),
                });
            }
            themes.push(ImportedTheme {
                number: open.number,
                title: item.title.clone(),
                body,
                line: lines[open.line].no,
                section_title: open.title,
                list_line: lines[item.line].no,
            });
            Ok(())
        };

    let mut i = list.end;
    while i < tail {
        let l = &lines[i];
        let expected = themes.len() + usize::from(open.is_some()) + 1;
        if let Some((num, title)) = &l.number {
            let num_usize = usize::from(*num);
            let qualifies = match style {
                None => true,
                Some(None) => true,
                Some(Some(level)) => l.heading == Some(level),
            };
            let heading_like = l.heading.is_some() || l.is_short();
            if qualifies && num_usize == expected && expected <= n {
                let item = &list.items[expected - 1];
                if similarity(title, &item.title) < SIMILAR {
                    return Err(ImportError {
                        line: l.no,
                        message: format!(
                            "section {num} is headed “{title}”, which does not match theme {num} of the list (line {}): “{}”",
                            lines[item.line].no, item.title
                        ),
                    });
                }
                *found = expected;
                if let Some(o) = open.take() {
                    close(o, i, &mut themes)?;
                }
                style.get_or_insert(l.heading);
                open = Some(Open {
                    number: *num,
                    title: title.clone(),
                    line: i,
                });
            } else if qualifies
                && heading_like
                && num_usize == expected
                && expected == n + 1
                && style.is_some()
            {
                return Err(ImportError {
                    line: l.no,
                    message: format!(
                        "section {num} (“{title}”) has no entry in the list of themes, which has {n}"
                    ),
                });
            } else if qualifies
                && heading_like
                && num_usize != expected
                && (1..=n).contains(&num_usize)
                && similarity(title, &list.items[num_usize - 1].title) >= SAME
            {
                let message = if num_usize < expected {
                    format!("section {num} (“{title}”) appears a second time")
                } else {
                    let missing = &list.items[expected - 1];
                    format!(
                        "expected section {expected} (“{}”) but found section {num}",
                        missing.title
                    )
                };
                return Err(ImportError {
                    line: l.no,
                    message,
                });
            }
            // Otherwise: a numbered line inside a section's text.
        } else if l.is_part() && open.is_some() {
            let ends = match style {
                Some(Some(level)) => l.heading.is_none_or(|h| h <= level),
                _ => l.heading.is_none_or(|h| h <= 2),
            };
            if ends {
                stop = i;
                break;
            }
        }
        i += 1;
    }
    if let Some(o) = open.take() {
        close(o, stop, &mut themes)?;
    }
    if themes.len() < n {
        let missing = &list.items[themes.len()];
        let line = if stop < lines.len() {
            lines[stop].no
        } else {
            lines.len()
        };
        let what = if stop < tail {
            "a new part begins"
        } else if tail < lines.len() {
            "the closing block begins"
        } else {
            "the document ends"
        };
        return Err(ImportError {
            line,
            message: format!(
                "the list names {n} themes but {what} after {} section(s): section {} (“{}”) is missing",
                themes.len(),
                missing.number,
                missing.title
            ),
        });
    }
    Ok(themes)
}

/// The lines of a section's text, without leading and trailing blank lines.
fn body_text(lines: &[Line]) -> String {
    let start = lines.iter().position(|l| !l.raw.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.raw.trim().is_empty());
    match (start, end) {
        (Some(s), Some(e)) => lines[s..=e]
            .iter()
            .map(|l| l.raw.trim())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

fn is_contact(text: &str) -> bool {
    let lower = text.to_lowercase();
    (lower.contains('@') && lower.contains('.'))
        || lower.contains("www.")
        || lower.contains("http://")
        || lower.contains("https://")
        || lower.starts_with("tel")
        || lower.starts_with("fax")
        || lower.starts_with("phone")
        || lower.starts_with("电话")
        || lower.starts_with("传真")
        || lower.starts_with('©')
        || lower.contains("](")
}

/// Index of the first line of the contact block that closes the document
/// (organisation, address, telephone, e-mail, links), or the number of
/// lines when there is none. Only looks after `from`.
fn contact_block(lines: &[Line], from: usize) -> usize {
    let none = lines.len();
    // The trailing run of short lines.
    let mut start = lines.len();
    while start > from && (lines[start - 1].is_blank() || lines[start - 1].is_short()) {
        start -= 1;
    }
    let Some(first) = (start..lines.len()).find(|&i| is_contact(&lines[i].text)) else {
        return none;
    };
    // Back over the address lines before it.
    let mut begin = first;
    let mut count = 0;
    let mut i = first;
    while i > start {
        i -= 1;
        let l = &lines[i];
        if l.is_blank() {
            continue;
        }
        if l.bullet || l.number.is_some() || l.heading.is_some() || count >= 6 {
            break;
        }
        count += 1;
        begin = i;
    }
    begin
}

// ---------------------------------------------------------------------------
// Title, period, language
// ---------------------------------------------------------------------------

/// The heading closest above the document's first part (or list): the
/// first `#` heading in Markdown, else the last title-like line before the
/// first part heading, else the first line.
fn find_title(lines: &[Line], list_start: usize) -> Option<String> {
    let before = &lines[..list_start];
    if let Some(l) = before
        .iter()
        .find(|l| l.heading == Some(1) && !l.text.is_empty())
    {
        return Some(l.text.clone());
    }
    let first_part = before
        .iter()
        .position(|l| l.is_part() || l.number.is_some())
        .unwrap_or(before.len());
    let title_like = |l: &&Line| {
        !l.is_blank()
            && l.is_short()
            && !is_contact(&l.text)
            && l.text.chars().any(char::is_alphanumeric)
    };
    before[..first_part]
        .iter()
        .rev()
        .find(title_like)
        .or_else(|| before.iter().find(title_like))
        .map(|l| l.text.clone())
}

/// `2026-2028`, `2026–2028`, `2026 至 2028 年`, `2026 to 2028`.
fn find_period(text: &str) -> Option<Period> {
    let chars: Vec<char> = text.chars().collect();
    let year_at = |i: usize| -> Option<u16> {
        if i + 4 > chars.len() {
            return None;
        }
        if i > 0 && chars[i - 1].is_ascii_digit() {
            return None;
        }
        if chars.get(i + 4).is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        let s: String = chars[i..i + 4].iter().collect();
        let y: u16 = s.parse().ok()?;
        (1900..=2199).contains(&y).then_some(y)
    };
    for i in 0..chars.len() {
        let Some(start) = year_at(i) else { continue };
        let mut j = i + 4;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let rest: String = chars[j..].iter().take(3).collect();
        let skip = if rest.starts_with(['-', '–', '—', '~', '至', '到', '/']) {
            1
        } else if rest.starts_with("to ") {
            2
        } else {
            continue;
        };
        j += skip;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        if let Some(end) = year_at(j) {
            return Some(Period { start, end });
        }
    }
    None
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

fn detect_language(text: &str) -> Lang {
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    if cjk > 0 && cjk * 3 >= latin {
        Lang::Zh
    } else {
        Lang::En
    }
}

// ---------------------------------------------------------------------------
// Comparing titles
// ---------------------------------------------------------------------------

/// Titles at least this similar name the same theme.
const SIMILAR: f64 = 0.5;
/// A numbered line inside a section's text this similar to another theme's
/// title is taken for a misplaced section heading rather than a sub-item.
const SAME: f64 = 0.75;

const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "the",
    "of",
    "in",
    "for",
    "to",
    "on",
    "with",
    "by",
    "including",
    "its",
    "related",
    "particularly",
    "especially",
];
const ZH_STOP: &str = "的与和及、，。（）《》“”：；以及包括特别是";

fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            let w = std::mem::take(word);
            if !STOP_WORDS.contains(&w.as_str()) {
                out.push(w);
            }
        }
    };
    for c in s.chars() {
        if is_cjk(c) {
            flush(&mut word, &mut out);
            if !ZH_STOP.contains(c) {
                out.push(c.to_string());
            }
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out.sort();
    out.dedup();
    out
}

fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 3 && short.is_ascii() && long.starts_with(short)
}

/// Overlap of two titles' words (Chinese: characters), 0.0–1.0, relative
/// to the shorter title, so an abbreviated heading still matches.
fn similarity(a: &str, b: &str) -> f64 {
    let (ta, tb) = (tokens(a), tokens(b));
    if ta.is_empty() || tb.is_empty() {
        return if ta.is_empty() && tb.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    let (small, large) = if ta.len() <= tb.len() {
        (&ta, &tb)
    } else {
        (&tb, &ta)
    };
    let common = small
        .iter()
        .filter(|w| large.iter().any(|v| same_word(w, v)))
        .count();
    common as f64 / small.len() as f64
}

/// Lower case, letters and digits only.
fn normalise(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0),
            _ => Some(c),
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// An id from an English title: its first four significant words.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(&w.as_str()))
        .take(4)
        .collect();
    words.join("-")
}

/// The first two sentences of a text, as a provisional summary.
fn opening(body: &str) -> String {
    let text = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    let mut sentences = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        let ends = matches!(c, '。' | '！' | '？')
            || (matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| *n == ' '));
        if ends {
            sentences += 1;
            if sentences == 2 {
                break;
            }
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests;
