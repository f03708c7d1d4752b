//! Parser for the corpustools query dialect (as used by text2sdg for the Elsevier,
//! Auckland, SIRIS, SDGO and SDSN systems and the translated Aurora queries).
//!
//! Follows `corpustools::search_features`:
//! * whitespace-separated terms; juxtaposition means OR; `AND`, `OR`, `NOT` (upper case)
//!   are operators; only one operator kind per level (use parentheses to mix); `NOT`
//!   takes exactly one operand on each side and means "and not anywhere in the document";
//! * `"a b"` or `<a b>` is a sequence of adjacent tokens; `<a b>~5` / `"a b"~5` is a
//!   proximity search: all terms inside a window of 5 tokens (at most 4 positions
//!   apart; punctuation marks are tokens); `<>` can nest, quotes cannot;
//!   operator words inside quotes are dropped (with a warning for `AND`/`NOT`), so
//!   `<women AND violence>` is the sequence `women violence`;
//! * `*` (zero or more characters) and `?` (zero or one character) wildcards;
//! * `{...}` is a verbatim term: its content, spaces and wildcard characters included,
//!   is taken literally as (part of) one term;
//! * `\x` escapes `x`; flags after `~`: `s` case sensitive, `g` ghost, `d` directed
//!   (ordered) proximity, digits = proximity window.

use crate::query::ast::{Expr, Term};
use crate::query::error::{ParseError, ParseWarning, Parsed};
use crate::query::{MAX_DEPTH, MAX_WINDOW};

/// Parse one corpustools query.
pub fn parse_corpustools(text: &str) -> Result<Parsed, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser {
        chars,
        pos: 0,
        warnings: Vec::new(),
        depth: 0,
    };
    if p.chars.iter().all(|c| c.is_whitespace()) {
        return Err(ParseError {
            column: 1,
            message: "empty query".into(),
        });
    }
    let expr = p.level(Level::Top, 0)?;
    Ok(Parsed {
        expr,
        warnings: p.warnings,
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Level {
    Top,
    Paren,
    /// Inside `"` (true) or `<` (false).
    Quote(bool),
}

/// An item collected at one nesting level before operators are resolved.
enum Item {
    Op(Op, usize),
    Expr(Expr, usize),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    And,
    Or,
    Not,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::And => "AND",
            Op::Or => "OR",
            Op::Not => "NOT",
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Flags {
    case_sensitive: bool,
    ghost: bool,
    directed: bool,
    window: Option<u32>,
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    warnings: Vec<ParseWarning>,
    depth: usize,
}

/// A term being accumulated.
#[derive(Default)]
struct TermBuf {
    text: String,
    /// The term contains escaped or verbatim characters, so `AND` etc. are not operators.
    escaped: bool,
    start: usize,
}

impl Parser {
    fn err<T>(&self, column: usize, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            column,
            message: message.into(),
        })
    }

    fn col(&self) -> usize {
        self.pos + 1
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// Parse items until the end of this level; `open` is the 0-based position of the
    /// opening bracket/quote (unused for the top level).
    fn level(&mut self, level: Level, open: usize) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(open + 1, format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        let r = self.level_inner(level, open);
        self.depth -= 1;
        r
    }

    fn level_inner(&mut self, level: Level, open: usize) -> Result<Expr, ParseError> {
        let mut items: Vec<Item> = Vec::new();
        let mut term = TermBuf::default();
        let mut closing_flags = Flags::default();
        let mut closed = false;

        while let Some(c) = self.peek() {
            let here = self.pos;
            match c {
                c if c.is_whitespace() => {
                    self.pos += 1;
                    self.flush(&mut term, &mut items)?;
                }
                '\\' => {
                    self.pos += 1;
                    if term.text.is_empty() {
                        term.start = here;
                    }
                    match self.peek() {
                        Some(n) => {
                            self.pos += 1;
                            match n {
                                '*' | '?' | '\\' => {
                                    term.text.push('\\');
                                    term.text.push(n);
                                }
                                _ => term.text.push(n),
                            }
                        }
                        None => term.text.push_str("\\\\"),
                    }
                    term.escaped = true;
                    self.term_flag_check(&mut term, &mut items)?;
                }
                '{' => {
                    if term.text.is_empty() {
                        term.start = here;
                    }
                    self.pos += 1;
                    loop {
                        match self.peek() {
                            None => {
                                return self.err(
                                    here + 1,
                                    format!(
                                        "expected '}}' to close verbatim term opened at column {}",
                                        here + 1
                                    ),
                                );
                            }
                            Some('}') => {
                                self.pos += 1;
                                break;
                            }
                            Some('{') => {
                                return self.err(
                                    self.col(),
                                    "cannot open a verbatim term '{' inside another verbatim term",
                                );
                            }
                            Some('\\') => {
                                self.pos += 1;
                                match self.peek() {
                                    Some(n) => {
                                        self.pos += 1;
                                        push_literal(&mut term.text, n);
                                    }
                                    None => push_literal(&mut term.text, '\\'),
                                }
                            }
                            Some(n) => {
                                self.pos += 1;
                                push_literal(&mut term.text, n);
                            }
                        }
                    }
                    term.escaped = true;
                    self.term_flag_check(&mut term, &mut items)?;
                }
                '(' => {
                    self.flush(&mut term, &mut items)?;
                    self.pos += 1;
                    let e = self.level(Level::Paren, here)?;
                    items.push(Item::Expr(e, here));
                }
                ')' => {
                    if level != Level::Paren {
                        return self.err(here + 1, unexpected_close(level, ')', open));
                    }
                    self.pos += 1;
                    closing_flags = self.flags(here)?;
                    closed = true;
                    break;
                }
                '"' if level == Level::Quote(true) => {
                    self.pos += 1;
                    closing_flags = self.flags(here)?;
                    closed = true;
                    break;
                }
                '"' | '<' => {
                    if c == '"' && matches!(level, Level::Quote(false)) {
                        // corpustools cannot nest "..." inside <...> either
                        return self.err(
                            here + 1,
                            "cannot nest a \"...\" quote inside <...>; use <...> for nesting",
                        );
                    }
                    self.flush(&mut term, &mut items)?;
                    self.pos += 1;
                    let in_quote = matches!(level, Level::Quote(_));
                    let e = self.level(Level::Quote(c == '"'), here)?;
                    if in_quote && matches!(e, Expr::Near { .. }) {
                        return self.err(
                            here + 1,
                            "cannot nest a proximity search (~n) inside a sequence or proximity",
                        );
                    }
                    items.push(Item::Expr(e, here));
                }
                '>' => {
                    if level != Level::Quote(false) {
                        return self.err(here + 1, unexpected_close(level, '>', open));
                    }
                    self.pos += 1;
                    closing_flags = self.flags(here)?;
                    closed = true;
                    break;
                }
                ':' => {
                    return self.err(
                        here + 1,
                        "':' selects a token column in corpustools, which is not supported; \
                         escape it as '\\:' to search for a colon",
                    );
                }
                _ => {
                    if term.text.is_empty() {
                        term.start = here;
                    }
                    self.pos += 1;
                    term.text.push(c);
                    self.term_flag_check(&mut term, &mut items)?;
                }
            }
        }
        if !closed && level != Level::Top {
            let (what, close) = match level {
                Level::Paren => ("group", ')'),
                Level::Quote(true) => ("quote", '"'),
                _ => ("quote", '>'),
            };
            return self.err(
                self.chars.len() + 1,
                format!(
                    "expected '{close}' to close {what} opened at column {}",
                    open + 1
                ),
            );
        }
        self.flush(&mut term, &mut items)?;

        let col_open = open + 1;
        let mut expr = match level {
            Level::Quote(_) => {
                let mut elems = Vec::new();
                for it in items {
                    match it {
                        Item::Expr(e, _) => elems.push(e),
                        Item::Op(Op::Or, _) => {}
                        Item::Op(op, c) => {
                            // corpustools drops operator words inside quotes
                            self.warnings.push(ParseWarning {
                                column: c + 1,
                                message: format!(
                                    "{} inside a quote or <...> is ignored (the words form a sequence)",
                                    op.name()
                                ),
                            });
                        }
                    }
                }
                if elems.is_empty() {
                    return self.err(col_open, "empty quote");
                }
                match closing_flags.window {
                    Some(w) => Expr::near(elems, w, closing_flags.directed),
                    None => Expr::seq(elems),
                }
            }
            _ => {
                if items.is_empty() {
                    return self.err(
                        if level == Level::Top { 1 } else { col_open },
                        if level == Level::Top {
                            "empty query"
                        } else {
                            "empty group"
                        },
                    );
                }
                self.booleans(items)?
            }
        };
        if closing_flags.case_sensitive || closing_flags.ghost {
            push_flags(&mut expr, closing_flags);
        }
        Ok(expr)
    }

    /// corpustools ends a term when a `~` follows it.
    fn term_flag_check(
        &mut self,
        term: &mut TermBuf,
        items: &mut Vec<Item>,
    ) -> Result<(), ParseError> {
        if self.peek() == Some('~') && !term.text.is_empty() {
            let at = self.pos;
            let flags = self.flags(at)?;
            let text = std::mem::take(&mut term.text);
            let t = Term {
                text,
                case_sensitive: flags.case_sensitive,
                ghost: flags.ghost,
            };
            if flags.window.is_some() || flags.directed {
                self.warnings.push(ParseWarning {
                    column: at + 1,
                    message: "a proximity window on a single term has no effect".into(),
                });
            }
            items.push(Item::Expr(Expr::Term(t), term.start));
            term.escaped = false;
        }
        Ok(())
    }

    /// Read `~flags` if present. `at` is the position of the closing char (for messages).
    fn flags(&mut self, _at: usize) -> Result<Flags, ParseError> {
        let mut f = Flags::default();
        if self.peek() != Some('~') {
            return Ok(f);
        }
        let tilde = self.pos;
        self.pos += 1;
        let mut digits = String::new();
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, '(' | ')' | '"' | '<' | '>') {
                break;
            }
            self.pos += 1;
            match c {
                's' => f.case_sensitive = true,
                'g' => f.ghost = true,
                'd' => f.directed = true,
                '0'..='9' => digits.push(c),
                '{' | '[' => {
                    return self.err(
                        self.pos,
                        "corpustools sub-queries (~{...} / ~[...]) are not supported",
                    );
                }
                other => self.warnings.push(ParseWarning {
                    column: self.pos,
                    message: format!("unknown flag '{other}' ignored"),
                }),
            }
        }
        if !digits.is_empty() {
            let trimmed = digits.trim_start_matches('0');
            let value: u64 = if trimmed.len() > 12 {
                u64::MAX
            } else {
                trimmed.parse().unwrap_or(0)
            };
            // `~n`: all terms within a window of n tokens, i.e. at most n - 1 positions
            // apart (this is what reproduces text2sdg's Aurora counts)
            let w = if value > MAX_WINDOW as u64 {
                self.warnings.push(ParseWarning {
                    column: tilde + 1,
                    message: format!(
                        "proximity window {digits} is larger than {MAX_WINDOW}; capped at {MAX_WINDOW}"
                    ),
                });
                MAX_WINDOW - 1
            } else {
                (value as u32).saturating_sub(1)
            };
            f.window = Some(w);
        } else if f.directed {
            f.window = None;
        }
        Ok(f)
    }

    fn flush(&mut self, term: &mut TermBuf, items: &mut Vec<Item>) -> Result<(), ParseError> {
        if term.text.is_empty() {
            term.escaped = false;
            return Ok(());
        }
        let text = std::mem::take(&mut term.text);
        let op = if term.escaped {
            None
        } else {
            match text.as_str() {
                "AND" => Some(Op::And),
                "OR" => Some(Op::Or),
                "NOT" => Some(Op::Not),
                _ => None,
            }
        };
        match op {
            Some(op) => items.push(Item::Op(op, term.start)),
            None => items.push(Item::Expr(Expr::Term(Term::new(text)), term.start)),
        }
        term.escaped = false;
        Ok(())
    }

    /// Resolve operators at one level, corpustools style.
    fn booleans(&self, items: Vec<Item>) -> Result<Expr, ParseError> {
        let n = items.len();
        let mut op: Option<(Op, usize)> = None;
        let mut lag_op = true;
        let mut operands: Vec<Expr> = Vec::new();
        for (i, it) in items.into_iter().enumerate() {
            match it {
                Item::Op(o, c) => {
                    if i == 0 {
                        return self.err(c + 1, format!("expected a term before {}", o.name()));
                    }
                    if i == n - 1 {
                        return self.err(c + 1, format!("expected a term after {}", o.name()));
                    }
                    if lag_op {
                        return self.err(
                            c + 1,
                            format!("expected a term between operators, found {}", o.name()),
                        );
                    }
                    lag_op = true;
                    self.set_op(&mut op, o, c)?;
                }
                Item::Expr(e, c) => {
                    if !lag_op {
                        // juxtaposition = OR
                        self.set_op(&mut op, Op::Or, c)?;
                    }
                    lag_op = false;
                    operands.push(e);
                }
            }
        }
        Ok(match op {
            None | Some((Op::Or, _)) => Expr::or(operands),
            Some((Op::And, _)) => Expr::and(operands),
            Some((Op::Not, c)) => {
                if operands.len() != 2 {
                    return self.err(
                        c + 1,
                        "NOT needs exactly one operand on each side; use parentheses, e.g. (a AND b) NOT (c OR d)",
                    );
                }
                let b = operands.pop().expect("two");
                let a = operands.pop().expect("two");
                Expr::AndNot(Box::new(a), Box::new(b))
            }
        })
    }

    fn set_op(&self, cur: &mut Option<(Op, usize)>, new: Op, col: usize) -> Result<(), ParseError> {
        match cur {
            None => {
                *cur = Some((new, col));
                Ok(())
            }
            Some((o, first)) if *o != new => self.err(
                col + 1,
                format!(
                    "cannot mix {} (column {}) and {} at the same level; add parentheses",
                    o.name(),
                    *first + 1,
                    new.name()
                ),
            ),
            Some(_) => Ok(()),
        }
    }
}

fn unexpected_close(level: Level, c: char, open: usize) -> String {
    match level {
        Level::Top => format!("unexpected '{c}' with no matching opening bracket"),
        Level::Paren => format!(
            "unexpected '{c}': the group opened at column {} must be closed with ')' first",
            open + 1
        ),
        Level::Quote(true) => format!(
            "unexpected '{c}': the quote opened at column {} must be closed with '\"' first",
            open + 1
        ),
        Level::Quote(false) => format!(
            "unexpected '{c}': the '<' opened at column {} must be closed with '>' first",
            open + 1
        ),
    }
}

/// Append a character that must stay literal (escape wildcards and backslashes).
fn push_literal(s: &mut String, c: char) {
    if matches!(c, '*' | '?' | '\\') {
        s.push('\\');
    }
    s.push(c);
}

fn push_flags(e: &mut Expr, f: Flags) {
    match e {
        Expr::Term(t) => {
            t.case_sensitive |= f.case_sensitive;
            t.ghost |= f.ghost;
        }
        Expr::Seq(v) | Expr::And(v) | Expr::Or(v) | Expr::Near { items: v, .. } => {
            for c in v {
                push_flags(c, f);
            }
        }
        Expr::AndNot(a, b) => {
            push_flags(a, f);
            push_flags(b, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::ast::Dialect;

    fn p(s: &str) -> Expr {
        parse_corpustools(s).unwrap().expr
    }

    #[test]
    fn basics() {
        assert_eq!(p("a"), Expr::term("a"));
        assert_eq!(p("a b"), Expr::Or(vec![Expr::term("a"), Expr::term("b")]));
        assert_eq!(p("a OR b"), p("a b"));
        assert_eq!(
            p("a AND (b c)"),
            Expr::And(vec![
                Expr::term("a"),
                Expr::Or(vec![Expr::term("b"), Expr::term("c")])
            ])
        );
        assert_eq!(
            p("<poverty line*>"),
            Expr::Seq(vec![Expr::term("poverty"), Expr::term("line*")])
        );
        assert_eq!(p("\"poverty line*\""), p("<poverty line*>"));
        assert_eq!(
            p("<(<a>) (b OR c)>~3"),
            Expr::Near {
                items: vec![
                    Expr::term("a"),
                    Expr::Or(vec![Expr::term("b"), Expr::term("c")])
                ],
                window: 2,
                ordered: false
            }
        );
        assert_eq!(p("{urban poverty}"), Expr::term("urban poverty"));
        assert_eq!(p("{micro-financ*}"), Expr::term("micro-financ\\*"));
        assert_eq!(
            p("a NOT b"),
            Expr::AndNot(Box::new(Expr::term("a")), Box::new(Expr::term("b")))
        );
        assert_eq!(
            p("a~s"),
            Expr::Term(Term {
                text: "a".into(),
                case_sensitive: true,
                ghost: false
            })
        );
    }

    #[test]
    fn errors() {
        let e = parse_corpustools("(a OR b").unwrap_err();
        assert_eq!(e.message, "expected ')' to close group opened at column 1");
        assert!(parse_corpustools("a AND b OR c").is_err());
        assert!(parse_corpustools("a NOT b NOT c").is_err());
        assert!(parse_corpustools("").is_err());
        assert!(parse_corpustools("AND a").is_err());
        assert!(parse_corpustools("a)").is_err());
        assert!(parse_corpustools("<a <b c>~3>").is_err());
    }

    #[test]
    fn window_capped() {
        let r = parse_corpustools("<a b>~1000000000").unwrap();
        assert_eq!(r.warnings.len(), 1);
        match r.expr {
            Expr::Near { window, .. } => assert_eq!(window, MAX_WINDOW - 1),
            _ => panic!(),
        }
    }

    #[test]
    fn roundtrip() {
        for q in [
            "a b c",
            "(a AND b) NOT (c OR d)",
            "<a (b OR c) d*>",
            "<a <b c>>~5",
            "{x y} OR \\AND",
            "a~s AND (b c)~g",
            "x\\(y\\) OR <a\\ b>",
        ] {
            let e = p(q);
            let s = e.to_dialect_string(Dialect::Corpustools);
            assert_eq!(p(&s), e, "{q} -> {s}");
        }
    }
}
