//! Reading query files: text2sdg query tables (CSV), the text2sdg translations of the
//! Aurora queries, Aurora v5 XML and the OSDG tool keyword JSON.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::query::ast::{Dialect, Expr, Term};
use crate::query::error::{Location, ParseError, QueryError, QueryWarning};
use crate::query::tokenize::token_strs;
use crate::query::{Query, System, parse};

/// How `text2sdg_aurora_queries.csv` is turned into the "Aurora" system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuroraMode {
    /// Like text2sdg when the `text2sdg_aurora_translated_{simple,and,w}.csv`
    /// companions sit next to the file, otherwise Scopus.
    #[default]
    Auto,
    /// Parse the Scopus queries themselves (proper `W/n` proximity).
    Scopus,
    /// Run the corpustools translations the way text2sdg's `detect_aurora` does
    /// (see [`LoadOptions::aurora_skip_w_check`]); fails if the companions are missing.
    Text2sdg,
}

/// Options for [`crate::query::QuerySet::load_paths_with`].
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    pub aurora: AuroraMode,
    /// text2sdg splits nested `A W/3 (B W/3 C)` queries into two corpustools queries
    /// and requires a token of each within 3 positions. text2sdg 0.1.x computed that
    /// check but discarded its result (only "both parts occur" counted); `true`
    /// reproduces 0.1.x, `false` (default) applies the check as text2sdg 1.x does.
    pub aurora_skip_w_check: bool,
}

const TRANSLATED: [&str; 3] = [
    "text2sdg_aurora_translated_simple.csv",
    "text2sdg_aurora_translated_and.csv",
    "text2sdg_aurora_translated_w.csv",
];

fn display(p: &Path) -> String {
    p.display().to_string()
}

fn io_err(p: &Path, e: impl std::fmt::Display) -> QueryError {
    QueryError::new(display(p), 1, 1, format!("cannot read: {e}"))
}

pub(crate) fn load_paths(
    paths: &[PathBuf],
    options: &LoadOptions,
) -> Result<(Vec<System>, Vec<QueryWarning>), QueryError> {
    let mut files: Vec<(PathBuf, bool)> = Vec::new(); // (path, explicit)
    for p in paths {
        let meta = fs::metadata(p).map_err(|e| io_err(p, e))?;
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = fs::read_dir(p)
                .map_err(|e| io_err(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            entries.sort();
            files.extend(entries.into_iter().map(|e| (e, false)));
        } else {
            files.push((p.clone(), true));
        }
    }
    // the same file named twice (or via its folder) is read once
    let mut first: HashMap<PathBuf, usize> = HashMap::new();
    let mut keep = vec![true; files.len()];
    for i in 0..files.len() {
        let key = fs::canonicalize(&files[i].0).unwrap_or_else(|_| files[i].0.clone());
        if let Some(&j) = first.get(&key) {
            keep[i] = false;
            files[j].1 |= files[i].1;
        } else {
            first.insert(key, i);
        }
    }
    let mut k = 0;
    files.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    let mut systems: Vec<System> = Vec::new();
    let mut warnings = Vec::new();
    let mut xml_queries: Vec<(u8, u32, u32, Query)> = Vec::new();
    for (path, explicit) in &files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => {
                if TRANSLATED.contains(&name) || name.starts_with("text2sdg_aurora_translated_") {
                    let main = path.with_file_name("text2sdg_aurora_queries.csv");
                    let main_loaded = files.iter().any(|(f, _)| f == &main);
                    if *explicit && !main_loaded {
                        return Err(QueryError::new(
                            display(path),
                            1,
                            1,
                            "this file is a companion of text2sdg_aurora_queries.csv in the same folder; load that file instead",
                        ));
                    }
                    continue;
                }
                load_csv(path, options, &mut systems, &mut warnings)?;
            }
            "xml" => {
                if let Some(qs) = load_aurora_xml(path, &mut warnings)? {
                    xml_queries.extend(qs);
                } else if *explicit {
                    return Err(QueryError::new(
                        display(path),
                        1,
                        1,
                        "not an Aurora query file (no <aqd:query-line> elements)",
                    ));
                }
            }
            "json" => {
                // the OSDG tool keyword lists are a separate, much larger keyword system
                // that text2sdg does not run: only loaded when named explicitly
                if *explicit {
                    systems.push(load_osdg_json(path)?);
                }
            }
            _ => {
                if *explicit {
                    return Err(QueryError::new(
                        display(path),
                        1,
                        1,
                        "unrecognised query file: expected .csv (text2sdg table), .xml (Aurora) or .json (OSDG keywords)",
                    ));
                }
            }
        }
    }
    if !xml_queries.is_empty() {
        xml_queries.sort_by_key(|(sdg, sub, line, _)| (*sdg, *sub, *line));
        systems.push(System {
            name: "Aurora".into(),
            queries: xml_queries.into_iter().map(|x| x.3).collect(),
        });
    }
    if systems.is_empty() {
        let what = paths
            .iter()
            .map(|p| display(p))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(QueryError::new(what, 1, 1, "no query files found"));
    }
    Ok((systems, warnings))
}

/// Canonical system names, as text2sdg reports them.
fn canonical_system(raw: &str) -> String {
    match raw.trim().to_ascii_lowercase().as_str() {
        "aurora" => "Aurora".into(),
        "elsevier" => "Elsevier".into(),
        "auckland" => "Auckland".into(),
        "siris" => "SIRIS".into(),
        "osdg" | "sdgo" => "SDGO".into(),
        "sdsn" => "SDSN".into(),
        _ => raw.trim().to_string(),
    }
}

/// `SDG-01`, `SDG_1`, `SDG 1`, `sdg1`, `1` → 1.
pub(crate) fn parse_sdg(s: &str) -> Option<u8> {
    let t = s.trim();
    let digits = t
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .trim_start_matches(['-', '_', ' ', '.']);
    let n: u32 = digits.parse().ok()?;
    (1..=17).contains(&n).then_some(n as u8)
}

struct CsvRow {
    line: usize,
    fields: Vec<String>,
}

fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<CsvRow>), QueryError> {
    let bytes = fs::read(path).map_err(|e| io_err(path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        QueryError::new(
            display(path),
            1,
            1,
            format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| QueryError::new(display(path), 1, 1, format!("bad CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            QueryError::new(display(path), line, 1, format!("bad CSV record: {e}"))
        })?;
        let line = rec.position().map_or(1, |p| p.line() as usize);
        rows.push(CsvRow {
            line,
            fields: rec.iter().map(|s| s.to_string()).collect(),
        });
    }
    Ok((header, rows))
}

fn col(header: &[String], name: &str) -> Option<usize> {
    header.iter().position(|h| h.eq_ignore_ascii_case(name))
}

fn need_col(path: &Path, header: &[String], name: &str) -> Result<usize, QueryError> {
    col(header, name).ok_or_else(|| {
        QueryError::new(
            display(path),
            1,
            1,
            format!("missing column '{name}' (columns: {})", header.join(", ")),
        )
    })
}

fn parse_at(
    path: &Path,
    line: usize,
    text: &str,
    dialect: Dialect,
    warnings: &mut Vec<QueryWarning>,
) -> Result<Expr, QueryError> {
    match parse(text, dialect) {
        Ok(p) => {
            for w in p.warnings {
                warnings.push(QueryWarning {
                    location: Location {
                        file: display(path),
                        line,
                        column: w.column,
                    },
                    message: w.message,
                });
            }
            Ok(p.expr)
        }
        Err(ParseError { column, message }) => {
            Err(QueryError::new(display(path), line, column, message))
        }
    }
}

fn field(row: &CsvRow, i: usize) -> &str {
    row.fields.get(i).map_or("", |s| s.as_str())
}

fn load_csv(
    path: &Path,
    options: &LoadOptions,
    systems: &mut Vec<System>,
    warnings: &mut Vec<QueryWarning>,
) -> Result<(), QueryError> {
    let (header, rows) = read_csv(path)?;
    let q_col = need_col(path, &header, "query")?;
    let sdg_col = need_col(path, &header, "sdg")?;
    let id_col = col(&header, "query_id");
    let sys_col = col(&header, "system");
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("queries");
    let default_name = stem
        .strip_prefix("text2sdg_")
        .unwrap_or(stem)
        .trim_end_matches("_queries")
        .to_string();
    // group rows by system, keeping order
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let raw = sys_col.map_or(default_name.as_str(), |c| field(r, c));
        let name = canonical_system(if raw.trim().is_empty() {
            &default_name
        } else {
            raw
        });
        if !groups.contains_key(&name) {
            order.push(name.clone());
        }
        groups.entry(name).or_default().push(i);
    }
    for name in order {
        let idx = &groups[&name];
        let is_aurora = name == "Aurora";
        let companions: Vec<PathBuf> = TRANSLATED.iter().map(|t| path.with_file_name(t)).collect();
        let have_companions = companions.iter().all(|c| c.is_file());
        let text2sdg = is_aurora
            && match options.aurora {
                AuroraMode::Auto => have_companions,
                AuroraMode::Scopus => false,
                AuroraMode::Text2sdg => {
                    if !have_companions {
                        return Err(QueryError::new(
                            display(path),
                            1,
                            1,
                            format!(
                                "text2sdg Aurora mode needs {} next to this file",
                                TRANSLATED.join(", ")
                            ),
                        ));
                    }
                    true
                }
            };
        let mut queries = Vec::with_capacity(idx.len());
        let mut base: Vec<(usize, String, u8, String)> = Vec::new(); // line, id, sdg, text
        for &i in idx {
            let r = &rows[i];
            let sdg_raw = field(r, sdg_col);
            let sdg = parse_sdg(sdg_raw).ok_or_else(|| {
                QueryError::new(
                    display(path),
                    r.line,
                    1,
                    format!("bad sdg '{sdg_raw}' (expected SDG-01 … SDG-17)"),
                )
            })?;
            let id = id_col.map_or_else(|| (i + 1).to_string(), |c| field(r, c).trim().to_string());
            let text = field(r, q_col).to_string();
            base.push((r.line, id, sdg, text));
        }
        if text2sdg {
            queries = aurora_text2sdg(path, &base, &companions, options, warnings)?;
        } else {
            let dialect = if is_aurora {
                Dialect::Scopus
            } else {
                Dialect::Corpustools
            };
            for (line, id, sdg, text) in base {
                let expr = parse_at(path, line, &text, dialect, warnings)?;
                queries.push(Query {
                    id,
                    sdg,
                    expr,
                    source: Some(Location {
                        file: display(path),
                        line,
                        column: 1,
                    }),
                });
            }
        }
        systems.push(System { name, queries });
    }
    Ok(())
}

/// The three Aurora queries text2sdg handles in R code instead of translation tables
/// (`detect_aurora`, "special" 1–3). The corpustools strings are the ones text2sdg
/// searches for; the combination rules follow its R code.
fn aurora_special(text: &str) -> Option<Expr> {
    let p = |s: &str| {
        parse(s, Dialect::Corpustools)
            .expect("built-in query parses")
            .expr
    };
    let near = |a: Expr, b: Expr| Expr::Near {
        items: vec![a, b],
        window: 3,
        ordered: false,
    };
    if text.contains("harass") {
        // SDG 11: all three parts, part 1 within 3 of part 2, part 3 within 3 of part 1 or 2
        let q1 = p("<(<physical> OR <sexual>) (<harass*>)>~3");
        let q2 = p("<victim*>");
        let q3 = p("(<city> OR <cities> OR <urban> OR <municipalit*>)");
        let either = Expr::or(vec![q1.clone(), q2.clone()]);
        Some(Expr::and(vec![near(q1, q2), near(q3, either)]))
    } else if text.contains("neonatal") {
        let q1 = p(
            "(<neonatal> OR <under-five> OR ( <(<under>) (<5> OR <five>)>~2 ) OR <before fifth>)",
        );
        let q2 = p("(<mortality> OR <death*>)");
        let q3 = p("(<reduce> OR <end> OR <ending> OR <prevent*> OR <ratio*>)");
        let either = Expr::or(vec![q1.clone(), q2.clone()]);
        Some(Expr::and(vec![near(q1, q2), near(q3, either)]))
    } else if text.contains("tobacco") {
        // SDG 3: part 1, or parts 2 and 3 anywhere in the document
        let q1 = p("( <(<tobacco>) (<control*>)>~6 ) OR ( <(<health>) (<smoking>)>~3 )");
        let q2 = p("<(<smoking>) (<cessation> OR <quit*>)>~3");
        let q3 = p("<(<cessation> OR <quit*>) (<health> OR <benefit*>)>~3");
        Some(Expr::or(vec![q1, Expr::and(vec![q2, q3])]))
    } else {
        None
    }
}

fn aurora_text2sdg(
    path: &Path,
    base: &[(usize, String, u8, String)],
    companions: &[PathBuf],
    options: &LoadOptions,
    warnings: &mut Vec<QueryWarning>,
) -> Result<Vec<Query>, QueryError> {
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, b) in base.iter().enumerate() {
        by_text.entry(b.3.as_str()).or_default().push(i);
    }
    let mut exprs: Vec<Option<Expr>> = vec![None; base.len()];
    for (k, comp) in companions.iter().enumerate() {
        let (header, rows) = read_csv(comp)?;
        let orig = need_col(comp, &header, "orig")?;
        let c1 = need_col(comp, &header, "correct")?;
        let c2 = if k > 0 {
            Some(need_col(comp, &header, "correct 2")?)
        } else {
            None
        };
        for r in &rows {
            let first = parse_at(comp, r.line, field(r, c1), Dialect::Corpustools, warnings)?;
            let expr = match c2 {
                None => first,
                Some(c2) => {
                    let second =
                        parse_at(comp, r.line, field(r, c2), Dialect::Corpustools, warnings)?;
                    if k == 2 && !options.aurora_skip_w_check {
                        // text2sdg's w_n(): min |token_1 - token_2| <= 3
                        Expr::Near {
                            items: vec![first, second],
                            window: 3,
                            ordered: false,
                        }
                    } else {
                        Expr::and(vec![first, second])
                    }
                }
            };
            let o = field(r, orig);
            match by_text.get(o) {
                Some(targets) => {
                    for &t in targets {
                        exprs[t] = Some(match exprs[t].take() {
                            None => expr.clone(),
                            Some(prev) => Expr::or(vec![prev, expr.clone()]),
                        });
                    }
                }
                None => warnings.push(QueryWarning {
                    location: Location {
                        file: display(comp),
                        line: r.line,
                        column: 1,
                    },
                    message:
                        "translation of a query that is not in text2sdg_aurora_queries.csv; ignored"
                            .into(),
                }),
            }
        }
    }
    let mut out = Vec::with_capacity(base.len());
    for (i, (line, id, sdg, text)) in base.iter().enumerate() {
        let expr = match exprs[i].take() {
            Some(e) => e,
            None => match aurora_special(text) {
                Some(e) => e,
                None => {
                    warnings.push(QueryWarning {
                        location: Location {
                            file: display(path),
                            line: *line,
                            column: 1,
                        },
                        message: "no text2sdg translation for this query; using the Scopus query"
                            .into(),
                    });
                    parse_at(path, *line, text, Dialect::Scopus, warnings)?
                }
            },
        };
        out.push(Query {
            id: id.clone(),
            sdg: *sdg,
            expr,
            source: Some(Location {
                file: display(path),
                line: *line,
                column: 1,
            }),
        });
    }
    Ok(out)
}

/// Byte offset → (line, column), both 1-based, column in characters.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex { text, starts }
    }

    fn line_col(&self, off: usize) -> (usize, usize) {
        let off = off.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= off);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..off)
            .map_or(off - start, |s| s.chars().count())
            + 1;
        (line, col)
    }
}

type XmlQuery = (u8, u32, u32, Query);

/// Aurora v5 XML: `<dc:identifier type="sdg">`, `<aqd:subquery-identifier>`,
/// `<aqd:query-line field="TITLE-ABS-KEY">` (Scopus syntax).
fn load_aurora_xml(
    path: &Path,
    warnings: &mut Vec<QueryWarning>,
) -> Result<Option<Vec<XmlQuery>>, QueryError> {
    use quick_xml::events::Event;
    let raw = fs::read_to_string(path).map_err(|e| io_err(path, e))?;
    let bom = if raw.starts_with('\u{feff}') { 3 } else { 0 };
    let content = &raw[bom..];
    let idx = LineIndex::new(&raw);
    let mut reader = quick_xml::Reader::from_str(content);
    reader.config_mut().trim_text(false);
    let mut sdg: Option<u8> = None;
    let mut in_sdg_id = false;
    let mut in_sub = false;
    let mut sub: u32 = 0;
    let mut line_no: u32 = 0;
    // current query line: text plus the byte offset (in `raw`) of every character
    let mut in_line = false;
    let mut qtext = String::new();
    let mut qoffs: Vec<usize> = Vec::new();
    let mut qstart = 0usize;
    let mut out = Vec::new();
    loop {
        let before = reader.buffer_position() as usize + bom;
        let ev = reader.read_event().map_err(|e| {
            let (l, c) = idx.line_col(reader.error_position() as usize + bom);
            QueryError::new(display(path), l, c, format!("bad XML: {e}"))
        })?;
        match ev {
            Event::Start(e) => {
                let name = e.name();
                match name.as_ref() {
                    b"dc:identifier" => {
                        in_sdg_id = sdg.is_none()
                            && e.try_get_attribute("type")
                                .ok()
                                .flatten()
                                .is_some_and(|a| a.value.as_ref() == b"sdg");
                    }
                    b"aqd:subquery-identifier" => in_sub = true,
                    b"aqd:query-definition" => {
                        sub += 1;
                        line_no = 0;
                    }
                    b"aqd:query-line" => {
                        in_line = true;
                        qtext.clear();
                        qoffs.clear();
                        qstart = reader.buffer_position() as usize + bom;
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| {
                    let (l, c) = idx.line_col(before);
                    QueryError::new(display(path), l, c, format!("bad XML text: {e}"))
                })?;
                if in_sdg_id {
                    let n: Option<u8> = s.trim().parse().ok().filter(|n| (1..=17).contains(n));
                    match n {
                        Some(n) => sdg = Some(n),
                        None => {
                            let (l, c) = idx.line_col(before);
                            return Err(QueryError::new(
                                display(path),
                                l,
                                c,
                                format!("bad SDG number '{}' (expected 1..=17)", s.trim()),
                            ));
                        }
                    }
                } else if in_sub {
                    if let Ok(n) = s.trim().parse::<u32>() {
                        sub = n;
                    }
                } else if in_line {
                    for (i, c) in s.char_indices() {
                        qtext.push(c);
                        qoffs.push(before + i);
                    }
                }
            }
            Event::GeneralRef(r) if in_line => {
                let name = r.decode().unwrap_or_default();
                let c = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    n => {
                        let num = n
                            .strip_prefix("#x")
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()));
                        num.and_then(char::from_u32)
                    }
                };
                if let Some(c) = c {
                    qtext.push(c);
                    qoffs.push(before);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"dc:identifier" => in_sdg_id = false,
                b"aqd:subquery-identifier" => in_sub = false,
                b"aqd:query-line" => {
                    in_line = false;
                    line_no += 1;
                    let end = before;
                    let Some(sdg) = sdg else {
                        let (l, c) = idx.line_col(qstart);
                        return Err(QueryError::new(
                            display(path),
                            l,
                            c,
                            "query line before the <dc:identifier type=\"sdg\"> element",
                        ));
                    };
                    let at = |col: usize| -> (usize, usize) {
                        let off = qoffs.get(col.saturating_sub(1)).copied().unwrap_or(end);
                        idx.line_col(off)
                    };
                    let (sl, sc) = at(1);
                    let expr = match parse(&qtext, Dialect::Scopus) {
                        Ok(p) => {
                            for w in p.warnings {
                                let (l, c) = at(w.column);
                                warnings.push(QueryWarning {
                                    location: Location {
                                        file: display(path),
                                        line: l,
                                        column: c,
                                    },
                                    message: w.message,
                                });
                            }
                            p.expr
                        }
                        Err(ParseError { column, message }) => {
                            let (l, c) = at(column);
                            let message = remap_columns(&message, at);
                            return Err(QueryError::new(display(path), l, c, message));
                        }
                    };
                    out.push((
                        sdg,
                        sub,
                        line_no,
                        Query {
                            id: format!("{sdg}.{sub}.{line_no}"),
                            sdg,
                            expr,
                            source: Some(Location {
                                file: display(path),
                                line: sl,
                                column: sc,
                            }),
                        },
                    ));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(if out.is_empty() { None } else { Some(out) })
}

/// Rewrite "at column N" (a column inside the query text) as "at line L column C".
fn remap_columns(msg: &str, at: impl Fn(usize) -> (usize, usize)) -> String {
    let key = " at column ";
    let mut out = String::new();
    let mut rest = msg;
    while let Some(i) = rest.find(key) {
        out.push_str(&rest[..i]);
        let after = &rest[i + key.len()..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        match digits.parse::<usize>() {
            Ok(n) => {
                let (l, c) = at(n);
                out.push_str(&format!(" at line {l} column {c}"));
                rest = &after[digits.len()..];
            }
            Err(_) => {
                out.push_str(key);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// OSDG tool keyword lists: `{"SDG_1": ["keyword", ...], ...}`; every keyword is a
/// phrase query; system "OSDG-tool".
fn load_osdg_json(path: &Path) -> Result<System, QueryError> {
    let raw = fs::read_to_string(path).map_err(|e| io_err(path, e))?;
    let v: serde_json::Value = serde_json::from_str(&raw).map_err(|e| {
        QueryError::new(
            display(path),
            e.line(),
            e.column(),
            format!("bad JSON: {e}"),
        )
    })?;
    let obj = v.as_object().ok_or_else(|| {
        QueryError::new(
            display(path),
            1,
            1,
            "expected an object of SDG → keyword lists",
        )
    })?;
    let mut keys: Vec<(u8, &String)> = Vec::new();
    for k in obj.keys() {
        let n = parse_sdg(k).ok_or_else(|| {
            QueryError::new(
                display(path),
                1,
                1,
                format!("bad SDG key '{k}' (expected SDG_1 … SDG_17)"),
            )
        })?;
        keys.push((n, k));
    }
    keys.sort();
    let mut queries = Vec::new();
    for (sdg, k) in keys {
        let list = obj[k].as_array().ok_or_else(|| {
            QueryError::new(
                display(path),
                1,
                1,
                format!("'{k}' is not a list of keywords"),
            )
        })?;
        for (i, kw) in list.iter().enumerate() {
            let Some(kw) = kw.as_str() else { continue };
            let terms: Vec<Expr> = token_strs(kw)
                .into_iter()
                .map(|t| {
                    let mut s = String::with_capacity(t.len());
                    for c in t.chars() {
                        if matches!(c, '*' | '?' | '\\') {
                            s.push('\\');
                        }
                        s.push(c);
                    }
                    Expr::Term(Term::new(s))
                })
                .collect();
            if terms.is_empty() {
                continue;
            }
            queries.push(Query {
                id: format!("{sdg}.{}", i + 1),
                sdg,
                expr: Expr::seq(terms),
                source: Some(Location {
                    file: display(path),
                    line: 1,
                    column: 1,
                }),
            });
        }
    }
    Ok(System {
        name: "OSDG-tool".into(),
        queries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdg_numbers() {
        assert_eq!(parse_sdg("SDG-01"), Some(1));
        assert_eq!(parse_sdg("SDG_17"), Some(17));
        assert_eq!(parse_sdg("9"), Some(9));
        assert_eq!(parse_sdg("SDG-18"), None);
        assert_eq!(parse_sdg("x"), None);
    }

    #[test]
    fn line_index() {
        let t = "ab\ncdé\nf";
        let i = LineIndex::new(t);
        assert_eq!(i.line_col(0), (1, 1));
        assert_eq!(i.line_col(4), (2, 2));
        assert_eq!(i.line_col(t.len()), (3, 2));
    }
}
