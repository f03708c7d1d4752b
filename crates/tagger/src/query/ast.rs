//! The query syntax tree shared by both dialects, and its printers.
//!
//! Both parsers ([`crate::query::parse_corpustools`], [`crate::query::parse_scopus`])
//! produce the same normalised tree: single-child groups are unwrapped and nested
//! `Or`/`And` of the same kind are flattened, so printing a tree and parsing the
//! text again in the same dialect yields an identical tree.

use std::fmt::{self, Write as _};

/// Which surface syntax a query is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Scopus advanced search (Aurora): `"phrase*"`, `{exact}`, AND, OR, AND NOT, `W/n`, `PRE/n`.
    Scopus,
    /// corpustools (`search_features`): `<a b>`, `"a b"`, `<a b>~5`, `{verbatim}`, AND, OR, NOT.
    Corpustools,
}

/// One token-level search term.
///
/// `text` uses an escape convention: `*` and `?` are wildcards (`*` = zero or more
/// characters, `?` = zero or one character); `\*`, `\?` and `\\` stand for the literal
/// characters. Every other character is literal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Term {
    pub text: String,
    /// `~s` flag (corpustools): compare case-sensitively.
    pub case_sensitive: bool,
    /// `~g` flag (corpustools): the term must match but is not reported as a feature.
    pub ghost: bool,
}

impl Term {
    pub fn new(text: impl Into<String>) -> Term {
        Term {
            text: text.into(),
            case_sensitive: false,
            ghost: false,
        }
    }

    /// True when the term contains an unescaped `*` or `?`.
    pub fn has_wildcard(&self) -> bool {
        let mut esc = false;
        for c in self.text.chars() {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '*' || c == '?' {
                return true;
            }
        }
        false
    }

    /// The term with escapes resolved, for terms without wildcards.
    pub fn literal(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut esc = false;
        for c in self.text.chars() {
            if esc {
                out.push(c);
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else {
                out.push(c);
            }
        }
        if esc {
            out.push('\\');
        }
        out
    }
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Expr {
    /// One token.
    Term(Term),
    /// Adjacent tokens, in order (a phrase).
    Seq(Vec<Expr>),
    /// Every item occurs, with at most `window` token positions between the first and
    /// the last chosen occurrence (punctuation tokens count; corpustools `~n` is
    /// `window = n - 1`, Scopus `W/n` is `window = n + 1`). `ordered` = in the given order.
    Near {
        items: Vec<Expr>,
        window: u32,
        ordered: bool,
    },
    /// Every child occurs somewhere in the document.
    And(Vec<Expr>),
    /// Any child occurs.
    Or(Vec<Expr>),
    /// The left side occurs and the right side does not occur anywhere in the document.
    AndNot(Box<Expr>, Box<Expr>),
}

impl Expr {
    pub fn term(text: impl Into<String>) -> Expr {
        Expr::Term(Term::new(text))
    }

    /// Build an `Or`, flattening nested `Or`s and unwrapping a single child.
    pub fn or(children: Vec<Expr>) -> Expr {
        let flat = flatten(children, |e| match e {
            Expr::Or(inner) => Ok(inner),
            other => Err(other),
        });
        unwrap_single(flat, Expr::Or)
    }

    /// Build an `And`, flattening nested `And`s and unwrapping a single child.
    pub fn and(children: Vec<Expr>) -> Expr {
        let flat = flatten(children, |e| match e {
            Expr::And(inner) => Ok(inner),
            other => Err(other),
        });
        unwrap_single(flat, Expr::And)
    }

    /// Build a sequence, unwrapping a single element.
    pub fn seq(items: Vec<Expr>) -> Expr {
        unwrap_single(items, Expr::Seq)
    }

    /// Build a proximity node, unwrapping a single item.
    pub fn near(items: Vec<Expr>, window: u32, ordered: bool) -> Expr {
        unwrap_single(items, |items| Expr::Near {
            items,
            window,
            ordered,
        })
    }

    /// Visit every term of the tree.
    pub fn for_each_term<'a>(&'a self, f: &mut dyn FnMut(&'a Term)) {
        match self {
            Expr::Term(t) => f(t),
            Expr::Seq(v) | Expr::And(v) | Expr::Or(v) | Expr::Near { items: v, .. } => {
                for e in v {
                    e.for_each_term(f);
                }
            }
            Expr::AndNot(a, b) => {
                a.for_each_term(f);
                b.for_each_term(f);
            }
        }
    }

    /// Print in the given dialect. Parsing the output again in the same dialect
    /// gives back an equal tree (for trees that dialect's parser can produce).
    pub fn to_dialect_string(&self, dialect: Dialect) -> String {
        let mut s = String::new();
        match dialect {
            Dialect::Corpustools => print_ct(self, &mut s, Ctx::Top),
            Dialect::Scopus => print_scopus(self, &mut s, 0),
        }
        s
    }
}

/// The children, with those that `nested` unwraps (nodes of the kind being built)
/// replaced by their own children.
fn flatten(children: Vec<Expr>, nested: fn(Expr) -> Result<Vec<Expr>, Expr>) -> Vec<Expr> {
    let mut out = Vec::with_capacity(children.len());
    for c in children {
        match nested(c) {
            Ok(inner) => out.extend(inner),
            Err(other) => out.push(other),
        }
    }
    out
}

/// The single item itself, or `make` of the items.
fn unwrap_single(mut items: Vec<Expr>, make: impl FnOnce(Vec<Expr>) -> Expr) -> Expr {
    if items.len() == 1 {
        items.pop().expect("one element")
    } else {
        make(items)
    }
}

impl fmt::Display for Expr {
    /// Prints in the corpustools dialect.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_dialect_string(Dialect::Corpustools))
    }
}

// ---------------------------------------------------------------- corpustools printer

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Top level or directly inside parentheses.
    Top,
    /// Operand of a boolean operator: composite booleans need parentheses.
    Operand,
    /// Element of a `<...>` sequence/proximity: booleans need parentheses.
    InQuote,
}

fn ct_term(t: &Term, out: &mut String) {
    let text = &t.text;
    let is_op = matches!(text.as_str(), "AND" | "OR" | "NOT");
    let mut first = true;
    let mut esc = false;
    for c in text.chars() {
        if esc {
            // keep escapes of wildcards / backslash as they are
            out.push(c);
            esc = false;
            first = false;
            continue;
        }
        if c == '\\' {
            out.push('\\');
            esc = true;
            continue;
        }
        let special =
            c.is_whitespace() || matches!(c, '(' | ')' | '"' | '<' | '>' | '~' | '{' | '}' | ':');
        if special || (first && is_op) {
            out.push('\\');
        }
        out.push(c);
        first = false;
    }
    if esc {
        out.push('\\');
    }
    if t.case_sensitive || t.ghost {
        out.push('~');
        if t.case_sensitive {
            out.push('s');
        }
        if t.ghost {
            out.push('g');
        }
    }
}

fn print_ct(e: &Expr, out: &mut String, ctx: Ctx) {
    match e {
        Expr::Term(t) => ct_term(t, out),
        Expr::Seq(items) => {
            out.push('<');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_ct(it, out, Ctx::InQuote);
            }
            out.push('>');
        }
        Expr::Near {
            items,
            window,
            ordered,
        } => {
            // corpustools rejects a proximity directly inside another quote
            let paren = ctx == Ctx::InQuote;
            if paren {
                out.push('(');
            }
            out.push('<');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_ct(it, out, Ctx::InQuote);
            }
            out.push('>');
            out.push('~');
            if *ordered {
                out.push('d');
            }
            // corpustools `~n` = window of n tokens = at most n - 1 positions apart
            let _ = write!(out, "{}", u64::from(*window) + 1);
            if paren {
                out.push(')');
            }
        }
        Expr::And(v) | Expr::Or(v) => {
            let op = if matches!(e, Expr::And(_)) {
                " AND "
            } else {
                " OR "
            };
            let paren = ctx != Ctx::Top;
            if paren {
                out.push('(');
            }
            for (i, c) in v.iter().enumerate() {
                if i > 0 {
                    out.push_str(op);
                }
                print_ct(c, out, Ctx::Operand);
            }
            if paren {
                out.push(')');
            }
        }
        Expr::AndNot(a, b) => {
            let paren = ctx != Ctx::Top;
            if paren {
                out.push('(');
            }
            print_ct(a, out, Ctx::Operand);
            out.push_str(" NOT ");
            print_ct(b, out, Ctx::Operand);
            if paren {
                out.push(')');
            }
        }
    }
}

// ---------------------------------------------------------------- Scopus printer

/// Binding strength in Scopus: OR (4) > W/n (3) > AND (2) > AND NOT (1).
fn scopus_level(e: &Expr) -> u8 {
    match e {
        Expr::Term(_) | Expr::Seq(_) => 5,
        Expr::Or(_) => 4,
        Expr::Near { .. } => 3,
        Expr::And(_) => 2,
        Expr::AndNot(..) => 1,
    }
}

fn scopus_word(t: &Term, out: &mut String) {
    // Everything but ASCII letters, digits and wildcards is escaped: escaped characters
    // count as letters when the phrase is split into tokens again, so the term comes
    // back as exactly one token.
    let mut esc = false;
    for c in t.text.chars() {
        if esc {
            out.push('\\');
            out.push(c);
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else if c.is_ascii_alphanumeric() || c == '*' || c == '?' {
            out.push(c);
        } else {
            out.push('\\');
            out.push(c);
        }
    }
    if esc {
        out.push_str("\\\\");
    }
}

fn print_scopus(e: &Expr, out: &mut String, min_level: u8) {
    let level = scopus_level(e);
    let paren = level < min_level || (level == min_level && matches!(e, Expr::AndNot(..)));
    if paren {
        out.push('(');
    }
    match e {
        Expr::Term(t) => {
            out.push('"');
            scopus_word(t, out);
            out.push('"');
        }
        Expr::Seq(items) => {
            out.push('"');
            for (i, it) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                match it {
                    Expr::Term(t) => scopus_word(t, out),
                    // A phrase can only hold words; anything else cannot come from the
                    // Scopus parser, print something readable.
                    other => out.push_str(&other.to_dialect_string(Dialect::Corpustools)),
                }
            }
            out.push('"');
        }
        Expr::Or(v) => {
            for (i, c) in v.iter().enumerate() {
                if i > 0 {
                    out.push_str(" OR ");
                }
                print_scopus(c, out, 5);
            }
        }
        Expr::Near {
            items,
            window,
            ordered,
        } => {
            // Scopus W/n allows n words between: window = n + 1.
            let n = window.saturating_sub(1);
            for (i, c) in items.iter().enumerate() {
                if i > 0 {
                    if *ordered {
                        let _ = write!(out, " PRE/{n} ");
                    } else {
                        let _ = write!(out, " W/{n} ");
                    }
                }
                print_scopus(c, out, 4);
            }
        }
        Expr::And(v) => {
            for (i, c) in v.iter().enumerate() {
                if i > 0 {
                    out.push_str(" AND ");
                }
                print_scopus(c, out, 3);
            }
        }
        Expr::AndNot(a, b) => {
            print_scopus(a, out, 1);
            out.push_str(" AND NOT ");
            print_scopus(b, out, 2);
        }
    }
    if paren {
        out.push(')');
    }
}
