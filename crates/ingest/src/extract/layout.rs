//! Plain text laid out from a document's structure.
//!
//! The HTML and Markdown readers walk their parser's tree or events and say
//! where words go and where a space, a table cell, a line or a paragraph
//! ends; [`Layout`] puts the text together. Separators are held back until
//! the next text arrives, so a document never starts with one, and two
//! boundaries in a row (`</p><p>`, `</li></ul></div>`) give one break, the
//! larger. The parsers give structure, not a plain-text rendering, so this
//! small piece is ours.

use std::mem;

/// What separates the text before from the text after, smallest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Break {
    None,
    /// One space (collapsed HTML whitespace).
    Space,
    /// A tab: the next cell of a table row.
    Cell,
    /// A line break.
    Line,
    /// A blank line.
    Paragraph,
}

#[derive(Debug)]
pub(crate) struct Layout {
    out: String,
    pending: Break,
}

impl Layout {
    pub(crate) fn new() -> Layout {
        Layout {
            out: String::new(),
            pending: Break::None,
        }
    }

    /// A boundary: the next text starts after at least `b`.
    pub(crate) fn brk(&mut self, b: Break) {
        self.pending = self.pending.max(b);
    }

    /// Text whose whitespace matters (`<pre>`, code blocks, Markdown text).
    pub(crate) fn verbatim(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        self.flush();
        self.out.push_str(s);
    }

    /// HTML text outside `<pre>`: each run of HTML whitespace (space, tab,
    /// LF, FF, CR) is one space. U+00A0 (`&nbsp;`) is not whitespace here.
    pub(crate) fn collapsed(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\u{c}' | '\r') {
                self.brk(Break::Space);
            } else {
                self.flush();
                self.out.push(c);
            }
        }
    }

    /// `<br>`, a Markdown hard break: a new line even after an empty one.
    pub(crate) fn hard_line(&mut self) {
        if self.pending > Break::Cell {
            self.flush();
        }
        self.pending = Break::None;
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    /// Bytes written so far; with [`Layout::since`], the text of an element.
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// The text written since `start` (a [`Layout::len`]).
    pub(crate) fn since(&self, start: usize) -> &str {
        self.out.get(start..).unwrap_or("")
    }

    pub(crate) fn into_string(self) -> String {
        self.out
    }

    fn flush(&mut self) {
        let pending = mem::replace(&mut self.pending, Break::None);
        if self.out.is_empty() {
            return;
        }
        match pending {
            Break::None => {}
            Break::Space => {
                if !self.out.ends_with([' ', '\t', '\n']) {
                    self.out.push(' ');
                }
            }
            Break::Cell => {
                if !self.out.ends_with(['\t', '\n']) {
                    self.out.push('\t');
                }
            }
            Break::Line => self.end_lines(1),
            Break::Paragraph => self.end_lines(2),
        }
    }

    /// Ends the text with at least `n` line breaks.
    fn end_lines(&mut self, n: usize) {
        let have = self.out.bytes().rev().take_while(|b| *b == b'\n').count();
        for _ in have..n {
            self.out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_held_back_and_merged() {
        let mut l = Layout::new();
        l.brk(Break::Paragraph);
        l.collapsed("  a \n b ");
        l.brk(Break::Line);
        l.brk(Break::Paragraph);
        l.verbatim("c");
        l.brk(Break::Cell);
        l.verbatim("d");
        l.hard_line();
        l.hard_line();
        l.collapsed(" e");
        l.brk(Break::Paragraph);
        assert_eq!(l.into_string(), "a b\n\nc\td\n\ne");
    }
}
