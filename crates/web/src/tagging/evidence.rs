//! Helpers of the tagging page and API: names of the tags in a language and
//! the submitted text cut into plain and highlighted pieces.

use southdesk_plan::{Lang, Plan};
use southdesk_tagger::TagResult;

use crate::app::i18n::Tr;
pub use crate::app::labels::{sdg_label, sdg_message_id};

/// Largest text the tagging page accepts, in bytes (UTF-8).
pub const MAX_PAGE_TEXT_BYTES: usize = 1024 * 1024;

/// Largest request body of `POST /api/v1/tag`, in bytes.
pub const MAX_API_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Largest form body of `POST /tag`: the largest form
/// ([`crate::app::limits::MAX_FORM_BYTES`]), since form encoding triples
/// non-ASCII text; the text itself is checked against
/// [`MAX_PAGE_TEXT_BYTES`] once decoded.
pub const MAX_FORM_BODY_BYTES: usize = crate::app::limits::MAX_FORM_BYTES;

/// The title of a thematic area in `lang`, from the adopted plan; the id when
/// there is no plan or the plan does not know it.
pub fn theme_title(plan: Option<&Plan>, id: &str, lang: Lang) -> String {
    plan.and_then(|p| p.theme(id))
        .map(|t| t.title.best(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// A piece of the submitted text: plain, or highlighted with the names of
/// the tags whose evidence it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    Plain(&'a str),
    Marked { text: &'a str, tags: Vec<String> },
}

/// A span of evidence in character offsets (`end` exclusive) and the name of
/// its tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub tag: String,
}

/// The evidence spans of `result`, each named in the language of `tr`.
pub fn evidence_spans(result: &TagResult, plan: Option<&Plan>, tr: &Tr) -> Vec<Span> {
    let mut spans = Vec::new();
    for t in &result.themes {
        let name = theme_title(plan, &t.id, tr.lang);
        spans.extend(t.evidence.iter().map(|e| Span {
            start: e.start,
            end: e.end,
            tag: name.clone(),
        }));
    }
    for s in &result.sdgs {
        let name = sdg_label(tr, s.goal);
        spans.extend(s.evidence.iter().map(|e| Span {
            start: e.start,
            end: e.end,
            tag: name.clone(),
        }));
    }
    spans
}

/// Cuts `text` into plain and highlighted segments. Spans are in character
/// offsets; empty or out-of-range spans are ignored, and overlapping spans
/// are merged into one highlight naming all their tags (each once, in order
/// of appearance).
pub fn segments<'a>(text: &'a str, spans: &[Span]) -> Vec<Segment<'a>> {
    // Byte offset of every character boundary, indexed by character offset.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let n_chars = bounds.len() - 1;

    let mut sorted: Vec<&Span> = spans
        .iter()
        .filter(|s| s.start < s.end && s.end <= n_chars)
        .collect();
    sorted.sort_by_key(|s| (s.start, s.end));

    // Merged ranges with their tag names.
    let mut merged: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for s in sorted {
        match merged.last_mut() {
            Some((_, end, tags)) if s.start < *end => {
                *end = (*end).max(s.end);
                if !tags.contains(&s.tag) {
                    tags.push(s.tag.clone());
                }
            }
            _ => merged.push((s.start, s.end, vec![s.tag.clone()])),
        }
    }

    let mut out = Vec::with_capacity(merged.len() * 2 + 1);
    let mut at = 0;
    for (start, end, tags) in merged {
        if start > at {
            out.push(Segment::Plain(&text[bounds[at]..bounds[start]]));
        }
        out.push(Segment::Marked {
            text: &text[bounds[start]..bounds[end]],
            tags,
        });
        at = end;
    }
    if at < n_chars {
        out.push(Segment::Plain(&text[bounds[at]..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, tag: &str) -> Span {
        Span {
            start,
            end,
            tag: tag.into(),
        }
    }

    #[test]
    fn character_offsets_cut_on_character_boundaries() {
        let text = "推动世贸组织改革。";
        let segs = segments(text, &[span(2, 6, "贸易")]);
        assert_eq!(
            segs,
            vec![
                Segment::Plain("推动"),
                Segment::Marked {
                    text: "世贸组织",
                    tags: vec!["贸易".into()]
                },
                Segment::Plain("改革。"),
            ]
        );
    }

    #[test]
    fn overlapping_spans_merge_and_bad_spans_are_ignored() {
        let text = "la taxe carbone aux frontières";
        let segs = segments(
            text,
            &[
                span(8, 15, "Climat"),
                span(3, 15, "Fiscalité"),
                span(3, 7, "Fiscalité"),
                span(20, 30, "Commerce"),
                span(5, 5, "vide"),
                span(25, 99, "hors du texte"),
            ],
        );
        assert_eq!(
            segs,
            vec![
                Segment::Plain("la "),
                Segment::Marked {
                    text: "taxe carbone",
                    tags: vec!["Fiscalité".into(), "Climat".into()]
                },
                Segment::Plain(" aux "),
                Segment::Marked {
                    text: "frontières",
                    tags: vec!["Commerce".into()]
                },
            ]
        );
        assert_eq!(segments("", &[span(0, 1, "x")]), vec![]);
        assert_eq!(segments("abc", &[]), vec![Segment::Plain("abc")]);
    }

    #[test]
    fn touching_spans_stay_apart() {
        let segs = segments("abcd", &[span(0, 2, "x"), span(2, 4, "y")]);
        assert_eq!(segs.len(), 2);
    }
}
