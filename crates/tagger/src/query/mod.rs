//! SDG query language: parse, compile, detect.
//!
//! Two surface syntaxes are parsed into one tree ([`Expr`]):
//! * Scopus (Aurora v5: `aurora_v5_xml/query_SDG*.xml`, `text2sdg_aurora_queries.csv`),
//!   see [`parse_scopus`];
//! * corpustools (Elsevier, Auckland, SIRIS, SDGO, SDSN and the translated Aurora
//!   queries as text2sdg loads them), see [`parse_corpustools`].
//!
//! All queries of all loaded systems are compiled into one automaton
//! ([`QuerySet::from_systems`]), so [`QuerySet::detect`] tokenises a text once, finds
//! every term occurrence in one scan and evaluates only the queries whose terms
//! occurred. Matching follows corpustools (see the `engine` module docs): a term
//! matches one token, case-insensitively; `*`/`?` wildcards; sequences, proximity
//! windows counted in tokens (punctuation marks are tokens), AND / NOT at document level.

mod ast;
mod engine;
mod error;
mod load;
mod parse_corpustools;
mod parse_scopus;
pub mod tokenize;

use std::path::PathBuf;
use std::sync::Mutex;

pub use ast::{Dialect, Expr, Term};
pub use error::{Location, ParseError, ParseWarning, Parsed, QueryError, QueryWarning};
pub use load::{AuroraMode, LoadOptions};
pub use parse_corpustools::parse_corpustools;
pub use parse_scopus::parse_scopus;

/// Proximity windows above this are capped (with a warning).
pub const MAX_WINDOW: u32 = 500;

/// Deeper nesting of groups / quotes is a parse error (keeps recursion bounded).
pub const MAX_DEPTH: usize = 100;

/// Parse one query in the given dialect.
pub fn parse(text: &str, dialect: Dialect) -> Result<Parsed, ParseError> {
    match dialect {
        Dialect::Scopus => parse_scopus(text),
        Dialect::Corpustools => parse_corpustools(text),
    }
}

/// One query of a system.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Identifier within the system (text2sdg `query_id`, or `sdg.subquery.line` for XML).
    pub id: String,
    /// 1..=17
    pub sdg: u8,
    pub expr: Expr,
    /// Where the query was read from, if from a file.
    pub source: Option<Location>,
}

/// A named set of queries (e.g. "Aurora", "SIRIS").
#[derive(Clone, Debug, PartialEq)]
pub struct System {
    pub name: String,
    pub queries: Vec<Query>,
}

/// One query that matched a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryHit {
    pub system: String,
    /// 1..=17
    pub sdg: u8,
    pub query_id: String,
    /// The matched words, one per matched token, in text order.
    pub features: Vec<String>,
    /// Character (Unicode scalar) offsets `[start, end)` of each matched token,
    /// aligned with `features`.
    pub spans: Vec<(usize, usize)>,
}

/// Compiled query systems.
pub struct QuerySet {
    systems: Vec<System>,
    engine: engine::Engine,
    /// Flat list of (system index, query index within system), aligned with engine queries.
    index: Vec<(u16, u32)>,
    warnings: Vec<QueryWarning>,
    pool: Mutex<Vec<engine::Scratch>>,
}

impl std::fmt::Debug for QuerySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuerySet")
            .field("systems", &self.systems())
            .field("queries", &self.index.len())
            .finish_non_exhaustive()
    }
}

impl QuerySet {
    /// Load files or folders of query files; format detected by name/content.
    ///
    /// Folders are read one level deep (files in sub-folders are not loaded, so the
    /// `queries/` folder gives the six text2sdg systems and not also the Aurora XML).
    /// Recognised: text2sdg query tables (CSV with `sdg` and `query` columns; Aurora
    /// rows are Scopus syntax, the others corpustools), Aurora v5 XML (all XML files
    /// together form the system "Aurora"), and the OSDG tool keyword JSON (system
    /// "OSDG-tool"; only when the file itself is named, not from a folder).
    /// `text2sdg_aurora_translated_*.csv` are companions of
    /// `text2sdg_aurora_queries.csv`, see [`AuroraMode`]. The same file named twice
    /// is read once; two sources of one system name are an error.
    pub fn load_paths(paths: &[PathBuf]) -> Result<QuerySet, QueryError> {
        Self::load_paths_with(paths, &LoadOptions::default())
    }

    /// [`QuerySet::load_paths`] with options.
    pub fn load_paths_with(
        paths: &[PathBuf],
        options: &LoadOptions,
    ) -> Result<QuerySet, QueryError> {
        let (systems, warnings) = load::load_paths(paths, options)?;
        let mut set = Self::from_systems(systems)?;
        set.warnings.splice(0..0, warnings);
        Ok(set)
    }

    /// Compile systems into one automaton.
    pub fn from_systems(systems: Vec<System>) -> Result<QuerySet, QueryError> {
        if systems.len() > u16::MAX as usize {
            return Err(QueryError::new("<systems>", 1, 1, "too many systems"));
        }
        for (i, s) in systems.iter().enumerate() {
            if s.name.is_empty() {
                return Err(QueryError::new(
                    "<systems>",
                    1,
                    1,
                    "a system has an empty name",
                ));
            }
            if let Some(prev) = systems[..i].iter().find(|p| p.name == s.name) {
                let a = prev
                    .queries
                    .first()
                    .and_then(|q| q.source.as_ref())
                    .map_or("<memory>".to_string(), |l| l.file.clone());
                let (file, line) = s
                    .queries
                    .first()
                    .and_then(|q| q.source.as_ref())
                    .map_or(("<memory>".to_string(), 1), |l| (l.file.clone(), l.line));
                return Err(QueryError::new(
                    file,
                    line,
                    1,
                    format!(
                        "system '{}' is already loaded from {a}; load only one of them",
                        s.name
                    ),
                ));
            }
            for q in &s.queries {
                if !(1..=17).contains(&q.sdg) {
                    let (file, line, col) = q
                        .source
                        .as_ref()
                        .map_or(("<memory>".to_string(), 1, 1), |l| {
                            (l.file.clone(), l.line, l.column)
                        });
                    return Err(QueryError::new(
                        file,
                        line,
                        col,
                        format!(
                            "query {} of system '{}' has SDG {} (expected 1..=17)",
                            q.id, s.name, q.sdg
                        ),
                    ));
                }
            }
        }
        let mut b = engine::Builder::new();
        let mut index = Vec::new();
        for (si, s) in systems.iter().enumerate() {
            for (qi, q) in s.queries.iter().enumerate() {
                b.add_query(&q.expr);
                index.push((si as u16, qi as u32));
            }
        }
        Ok(QuerySet {
            systems,
            engine: b.build(),
            index,
            warnings: Vec::new(),
            pool: Mutex::new(Vec::new()),
        })
    }

    /// Every query of every system evaluated on `text`; hits in system order, then
    /// query order.
    pub fn detect(&self, text: &str) -> Vec<QueryHit> {
        let mut scratch = self
            .pool
            .lock()
            .map(|mut p| p.pop())
            .ok()
            .flatten()
            .unwrap_or_default();
        let mut raw = Vec::new();
        self.engine.run(text, &mut scratch, &mut raw);
        let mut out = Vec::with_capacity(raw.len());
        for h in raw {
            let (si, qi) = self.index[h.query as usize];
            let sys = &self.systems[si as usize];
            let q = &sys.queries[qi as usize];
            let mut toks: Vec<u32> = Vec::new();
            for o in h.occs.iter().filter(|o| !o.ghost) {
                toks.extend(o.start..o.end);
            }
            toks.sort_unstable();
            toks.dedup();
            let mut features = Vec::with_capacity(toks.len());
            let mut spans = Vec::with_capacity(toks.len());
            for t in toks {
                let sp = scratch.tokens[t as usize];
                features.push(text[sp.start as usize..sp.end as usize].to_string());
                spans.push((sp.char_start as usize, sp.char_end as usize));
            }
            out.push(QueryHit {
                system: sys.name.clone(),
                sdg: q.sdg,
                query_id: q.id.clone(),
                features,
                spans,
            });
        }
        if let Ok(mut p) = self.pool.lock() {
            p.push(scratch);
        }
        out
    }

    /// Names of the loaded systems, in load order.
    pub fn systems(&self) -> Vec<&str> {
        self.systems.iter().map(|s| s.name.as_str()).collect()
    }

    /// The loaded systems with their parsed queries.
    pub fn system_list(&self) -> &[System] {
        &self.systems
    }

    /// Number of queries over all systems.
    pub fn query_count(&self) -> usize {
        self.index.len()
    }

    /// Number of distinct terms and of automaton patterns.
    pub fn automaton_stats(&self) -> (usize, usize) {
        (self.engine.n_terms(), self.engine.n_patterns())
    }

    /// The literal strings the automaton looks for (exact terms, and the longest literal
    /// run of each wildcard term), lower-cased: what a plain multi-pattern scan of the
    /// same queries would search (used by the benchmark as the baseline).
    pub fn literal_patterns(&self) -> Vec<String> {
        self.engine.literals()
    }

    /// Approximate heap size of the compiled automata and query trees, in bytes.
    pub fn memory_bytes(&self) -> usize {
        self.engine.memory_bytes()
    }

    /// Warnings raised while loading (e.g. capped proximity windows).
    pub fn warnings(&self) -> &[QueryWarning] {
        &self.warnings
    }
}
