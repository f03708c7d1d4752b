//! iCalendar (RFC 5545): [`parse_ics`] reads a file into meetings, all or
//! nothing; [`write_ics`] makes a feed.
//!
//! Properties of our own, so that a feed imported again gives the same
//! meetings: `X-SOUTHDESK-BODY`, `X-SOUTHDESK-STATUS`,
//! `X-SOUTHDESK-LANGUAGES`, `X-SOUTHDESK-ROLES`, `X-SOUTHDESK-ONLINE`,
//! `X-SOUTHDESK-SERIES`; themes travel as `CATEGORIES`.

mod parse;
mod write;

pub use parse::parse_ics;
pub use write::{Feed, write_ics};

/// Why an iCalendar file cannot be imported: the line it was found on and
/// the event (UID and SUMMARY) it is in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct IcsError {
    /// 1-based line of the file (of the first physical line of a folded one).
    pub line: usize,
    /// UID and SUMMARY of the event, when the error is in one.
    pub event: Option<String>,
    pub message: String,
}

impl std::fmt::Display for IcsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(e) = &self.event {
            write!(f, ", event {e}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Reads a TEXT value; `\n`, `\N`, `\;`, `\,`, `\\` are unescaped.
/// Control characters other than tab, which TEXT may not hold, are
/// dropped, as [`escape_text`] drops them.
pub(crate) fn unescape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().filter(|c| !c.is_control() || *c == '\t');
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(x @ (';' | ',' | '\\' | ':' | '"')) => out.push(x),
            Some(x) => {
                out.push('\\');
                out.push(x);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Splits a list of TEXT values on unescaped commas and unescapes them.
pub(crate) fn split_text_list(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut escaped = false;
    for c in s.chars() {
        if escaped {
            cur.push('\\');
            cur.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ',' {
            parts.push(unescape_text(&cur));
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if escaped {
        cur.push('\\');
    }
    parts.push(unescape_text(&cur));
    parts.retain(|p| !p.trim().is_empty());
    parts
}

/// Folds one content line into lines of at most 75 octets (continuations
/// start with a space), never inside a UTF-8 character, each ended by CRLF.
pub(crate) fn fold_into(out: &mut String, line: &str) {
    let mut budget = 75;
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > budget {
            out.push_str("\r\n ");
            used = 1;
            budget = 75;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_round_trip() {
        let s = "a; b, c\\d\nnext 南方";
        assert_eq!(escape_text(s), "a\\; b\\, c\\\\d\\nnext 南方");
        assert_eq!(unescape_text(&escape_text(s)), s);
        // Control characters are dropped both ways (found by fuzzing).
        assert_eq!(unescape_text("a\u{8}b\u{1b}c\td"), "abc\td");
        assert_eq!(unescape_text("a\\\0\0, b"), "a, b");
        assert_eq!(escape_text("a\u{8}b"), "ab");
        assert_eq!(
            split_text_list("trade,ip\\,x, climate"),
            ["trade", "ip,x", " climate"]
        );
    }

    #[test]
    fn folding_keeps_lines_short_and_characters_whole() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "南方中心".repeat(20));
        fold_into(&mut out, &line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end().replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }
}
