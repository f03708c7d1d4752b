//! Parser for the Scopus advanced-search dialect (Aurora queries).
//!
//! * `"loose phrase"` (also with curly quotes) and `{exact phrase}`: the words are
//!   tokenised like the searched text (so `"socio-economic*"` is the sequence
//!   `socio` `-` `economic*`); bare words are phrases of one word;
//! * `*` / `?` wildcards inside words;
//! * operators, case-insensitive: `OR`, `W/n`, `PRE/n`, `AND`, `AND NOT` (a lone `NOT`
//!   is read as `AND NOT`); Scopus precedence: OR binds tightest, then `W/n`/`PRE/n`,
//!   then AND, then AND NOT; juxtaposed terms are joined with AND;
//! * `W/n`: within n words, either order (= at most n + 1 token positions apart);
//!   `PRE/n`: the left side precedes the right by at most n words; a chain
//!   `a W/3 b W/3 c` means `(a W/3 b) AND (b W/3 c)`;
//! * field codes such as `TITLE-ABS-KEY(...)` are accepted and ignored.

use crate::query::ast::{Expr, Term};
use crate::query::error::{ParseError, ParseWarning, Parsed};
use crate::query::tokenize::{Unit, phrase_terms};
use crate::query::{MAX_DEPTH, MAX_WINDOW};

/// Parse one Scopus query.
pub fn parse_scopus(text: &str) -> Result<Parsed, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut warnings = Vec::new();
    let toks = lex(&chars, &mut warnings)?;
    if toks.is_empty() {
        return Err(ParseError {
            column: 1,
            message: "empty query".into(),
        });
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end_col: chars.len() + 1,
        depth: 0,
    };
    let e = p.andnot()?;
    if let Some(t) = p.toks.get(p.pos) {
        let msg = match t.kind {
            Tok::RParen => "unexpected ')' with no matching '('".to_string(),
            _ => format!("expected an operator before {}", t.kind.describe()),
        };
        return Err(ParseError {
            column: t.col,
            message: msg,
        });
    }
    Ok(Parsed { expr: e, warnings })
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    LParen,
    RParen,
    /// A phrase (quoted, braced or bare word), already split into terms.
    Phrase(Vec<Term>),
    And,
    Or,
    AndNot,
    Prox {
        window: u32,
        ordered: bool,
    },
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Phrase(_) => "a search term".into(),
            Tok::And => "AND".into(),
            Tok::Or => "OR".into(),
            Tok::AndNot => "AND NOT".into(),
            Tok::Prox { ordered, .. } => if *ordered { "PRE/n" } else { "W/n" }.into(),
        }
    }
}

#[derive(Clone, Debug)]
struct Lexed {
    kind: Tok,
    /// 1-based column.
    col: usize,
}

fn is_open_quote(c: char) -> bool {
    c == '"' || c == '\u{201c}' || c == '\u{201d}'
}

fn lex(chars: &[char], warnings: &mut Vec<ParseWarning>) -> Result<Vec<Lexed>, ParseError> {
    let mut out: Vec<Lexed> = Vec::new();
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => {
                out.push(Lexed {
                    kind: Tok::LParen,
                    col,
                });
                i += 1;
            }
            ')' => {
                out.push(Lexed {
                    kind: Tok::RParen,
                    col,
                });
                i += 1;
            }
            c if is_open_quote(c) || c == '{' => {
                let close_brace = c == '{';
                let mut units: Vec<Unit> = Vec::new();
                i += 1;
                let mut closed = false;
                while i < n {
                    let d = chars[i];
                    if d == '\\' && i + 1 < n {
                        units.push((chars[i + 1], true));
                        i += 2;
                        continue;
                    }
                    if (close_brace && d == '}') || (!close_brace && is_open_quote(d)) {
                        closed = true;
                        i += 1;
                        break;
                    }
                    units.push((d, false));
                    i += 1;
                }
                if !closed {
                    let close = if close_brace { "'}'" } else { "'\"'" };
                    return Err(ParseError {
                        column: n + 1,
                        message: format!("expected {close} to close phrase opened at column {col}"),
                    });
                }
                let terms = phrase_terms(&units);
                if terms.is_empty() {
                    return Err(ParseError {
                        column: col,
                        message: "empty phrase".into(),
                    });
                }
                out.push(Lexed {
                    kind: Tok::Phrase(terms),
                    col,
                });
            }
            _ => {
                // bare word: up to whitespace, parenthesis or quote
                let start = i;
                let mut units: Vec<Unit> = Vec::new();
                while i < n {
                    let d = chars[i];
                    if d.is_whitespace() || d == '(' || d == ')' || is_open_quote(d) || d == '{' {
                        break;
                    }
                    if d == '\\' && i + 1 < n {
                        units.push((chars[i + 1], true));
                        i += 2;
                        continue;
                    }
                    units.push((d, false));
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let upper = word.to_ascii_uppercase();
                let next_nonspace = chars[i..].iter().find(|c| !c.is_whitespace()).copied();
                let kind = if units.iter().all(|u| !u.1) && upper == "AND" {
                    // AND NOT?
                    let mut j = i;
                    while j < n && chars[j].is_whitespace() {
                        j += 1;
                    }
                    let mut k = j;
                    while k < n && chars[k].is_ascii_alphabetic() {
                        k += 1;
                    }
                    let next: String = chars[j..k].iter().collect();
                    if next.eq_ignore_ascii_case("NOT")
                        && (k == n
                            || chars[k].is_whitespace()
                            || chars[k] == '('
                            || is_open_quote(chars[k]))
                    {
                        i = k;
                        Tok::AndNot
                    } else {
                        Tok::And
                    }
                } else if units.iter().all(|u| !u.1) && upper == "OR" {
                    Tok::Or
                } else if units.iter().all(|u| !u.1) && upper == "NOT" {
                    Tok::AndNot
                } else if let Some(p) = prox_op(&upper) {
                    let (w, ordered) = p;
                    let window = match w {
                        Some(w) if w < MAX_WINDOW => w + 1,
                        _ => {
                            warnings.push(ParseWarning {
                                column: col,
                                message: format!(
                                    "proximity {word} is larger than {MAX_WINDOW}; capped at {MAX_WINDOW}"
                                ),
                            });
                            MAX_WINDOW
                        }
                    };
                    Tok::Prox { window, ordered }
                } else if next_nonspace == Some('(')
                    && is_field_code(&word)
                    && i < n
                    && chars[i] == '('
                {
                    // TITLE-ABS-KEY( ... ): the field is ignored, the '(' opens a group
                    continue;
                } else {
                    let terms = phrase_terms(&units);
                    if terms.is_empty() {
                        return Err(ParseError {
                            column: col,
                            message: format!("'{word}' is not a search term"),
                        });
                    }
                    Tok::Phrase(terms)
                };
                out.push(Lexed { kind, col });
            }
        }
    }
    Ok(out)
}

/// `W/n` or `PRE/n` (already upper-cased) → (n, ordered); n = None if it overflows.
fn prox_op(upper: &str) -> Option<(Option<u32>, bool)> {
    let (rest, ordered) = if let Some(r) = upper.strip_prefix("W/") {
        (r, false)
    } else if let Some(r) = upper.strip_prefix("PRE/") {
        (r, true)
    } else {
        return None;
    };
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = rest.trim_start_matches('0');
    let n = if trimmed.len() > 9 {
        None
    } else {
        Some(trimmed.parse::<u32>().unwrap_or(0))
    };
    Some((n, ordered))
}

fn is_field_code(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '-' || c == '_')
        && word.chars().any(|c| c.is_ascii_uppercase())
}

struct Parser {
    toks: Vec<Lexed>,
    pos: usize,
    end_col: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.kind)
    }

    fn col(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end_col, |t| t.col)
    }

    fn starts_primary(&self) -> bool {
        matches!(self.peek(), Some(Tok::LParen) | Some(Tok::Phrase(_)))
    }

    fn andnot(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.and()?;
        while self.peek() == Some(&Tok::AndNot) {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::AndNot(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut parts = vec![self.prox()?];
        loop {
            if self.peek() == Some(&Tok::And) {
                self.pos += 1;
                parts.push(self.prox()?);
            } else if self.starts_primary() {
                parts.push(self.prox()?);
            } else {
                break;
            }
        }
        Ok(Expr::and(parts))
    }

    fn prox(&mut self) -> Result<Expr, ParseError> {
        let first = self.or()?;
        let mut operands = vec![first];
        let mut ops: Vec<(u32, bool)> = Vec::new();
        while let Some(Tok::Prox { window, ordered }) = self.peek() {
            let op = (*window, *ordered);
            self.pos += 1;
            ops.push(op);
            operands.push(self.or()?);
        }
        if ops.is_empty() {
            return Ok(operands.pop().expect("one operand"));
        }
        if ops.len() == 1 {
            let b = operands.pop().expect("two");
            let a = operands.pop().expect("two");
            return Ok(Expr::Near {
                items: vec![a, b],
                window: ops[0].0,
                ordered: ops[0].1,
            });
        }
        // chain: each adjacent pair must be near
        let mut pairs = Vec::new();
        for (k, (w, o)) in ops.iter().enumerate() {
            pairs.push(Expr::Near {
                items: vec![operands[k].clone(), operands[k + 1].clone()],
                window: *w,
                ordered: *o,
            });
        }
        Ok(Expr::and(pairs))
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut parts = vec![self.primary()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            parts.push(self.primary()?);
        }
        Ok(Expr::or(parts))
    }

    fn group(&mut self, col: usize) -> Result<Expr, ParseError> {
        self.pos += 1;
        if self.peek() == Some(&Tok::RParen) {
            return Err(ParseError {
                column: col,
                message: "empty group".into(),
            });
        }
        let e = self.andnot()?;
        if self.peek() == Some(&Tok::RParen) {
            self.pos += 1;
            Ok(e)
        } else {
            Err(ParseError {
                column: self.col(),
                message: format!("expected ')' to close group opened at column {col}"),
            })
        }
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let col = self.col();
        match self.peek().cloned() {
            Some(Tok::LParen) => {
                if self.depth >= MAX_DEPTH {
                    return Err(ParseError {
                        column: col,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
                self.depth += 1;
                let r = self.group(col);
                self.depth -= 1;
                r
            }
            Some(Tok::Phrase(terms)) => {
                self.pos += 1;
                Ok(Expr::seq(terms.into_iter().map(Expr::Term).collect()))
            }
            Some(other) => Err(ParseError {
                column: col,
                message: format!("expected a search term or '(', found {}", other.describe()),
            }),
            None => Err(ParseError {
                column: col,
                message: "expected a search term or '(' at end of query".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::ast::Dialect;

    fn p(s: &str) -> Expr {
        parse_scopus(s).unwrap().expr
    }

    #[test]
    fn aurora_shapes() {
        let e = p(r#"( "poverty" ) W/3 ( "eradicat*" OR "reduc*" )"#);
        assert_eq!(
            e,
            Expr::Near {
                items: vec![
                    Expr::term("poverty"),
                    Expr::Or(vec![Expr::term("eradicat*"), Expr::term("reduc*")])
                ],
                window: 4,
                ordered: false
            }
        );
        assert_eq!(
            p(r#""socio-economic*""#),
            Expr::Seq(vec![
                Expr::term("socio"),
                Expr::term("-"),
                Expr::term("economic*")
            ])
        );
        // OR binds tighter than W/n
        assert_eq!(p(r#""a" W/3 "b" OR "c""#), p(r#""a" W/3 ("b" OR "c")"#));
        // AND NOT lowest
        assert_eq!(
            p(r#""a" AND NOT "b" AND "c""#),
            Expr::AndNot(
                Box::new(Expr::term("a")),
                Box::new(Expr::And(vec![Expr::term("b"), Expr::term("c")]))
            )
        );
        assert_eq!(
            p(r#"TITLE-ABS-KEY("a" AND "b")"#),
            Expr::And(vec![Expr::term("a"), Expr::term("b")])
        );
        assert_eq!(p("“death*”"), Expr::term("death*"));
    }

    #[test]
    fn errors() {
        let e = parse_scopus(r#"("a" OR "b""#).unwrap_err();
        assert_eq!(e.message, "expected ')' to close group opened at column 1");
        assert!(parse_scopus("").is_err());
        assert!(parse_scopus(r#""a" OR"#).is_err());
        assert!(parse_scopus(r#""a")"#).is_err());
        let w = parse_scopus(r#""a" W/1000000000 "b""#).unwrap();
        assert_eq!(w.warnings.len(), 1);
    }

    #[test]
    fn roundtrip() {
        for q in [
            r#""a" W/3 "b" W/2 "c""#,
            r#"("a" OR "b c*") PRE/1 "d""#,
            r#""a" AND NOT ("b" AND NOT "c")"#,
            r#"("a" AND NOT "b") AND NOT "c""#,
            r#"("a" W/3 "b") W/5 "c" AND "d""#,
        ] {
            let e = p(q);
            let s = e.to_dialect_string(Dialect::Scopus);
            assert_eq!(p(&s), e, "{q} -> {s}");
        }
    }
}
