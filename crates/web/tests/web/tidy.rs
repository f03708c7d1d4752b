//! The shape of the web crate, checked: `src/app/` is the shared layer and
//! each other folder of `src/` a feature. A feature imports `app` and the
//! domain crates, never a sibling feature; `app` imports no feature; and the
//! graph of the crate's modules (an edge from a file to every module it
//! names through `crate::…` or `super::…`) has no cycle.
//!
//! The graph is printed by `cargo test -p southdesk-web --test web tidy --
//! --nocapture`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/desk/pages.rs` → `desk::pages`,
/// `src/kb/mod.rs` → `kb`, `src/lib.rs` → ``.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src/");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Source without comments (line and doc comments), so that prose naming a
/// module is not an import.
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path named in `text` (`crate::a::b`, `super::c`, and the
/// names inside `use crate::{a, b::c}` groups), resolved against `me`,
/// cut to the modules that exist in `known`.
fn references(me: &[String], text: &str, known: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < text.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &text[i..];
        let start_ok = i == 0 || !ident(bytes[i - 1]);
        let (base, skip) = if start_ok && rest.starts_with("crate::") {
            (Vec::new(), "crate::".len())
        } else if start_ok && rest.starts_with("super::") {
            let mut base = me.to_vec();
            let mut skip = 0;
            let mut r = rest;
            while let Some(after) = r.strip_prefix("super::") {
                base.pop();
                skip += "super::".len();
                r = after;
            }
            (base, skip)
        } else {
            i += 1;
            continue;
        };
        // Read the path, with one level of `{a, b::c}` group.
        let tail = &text[i + skip..];
        let end = tail
            .find(|c: char| {
                !(c.is_alphanumeric()
                    || c == '_'
                    || c == ':'
                    || c == '{'
                    || c == '}'
                    || c == ','
                    || c == ' '
                    || c == '\n')
            })
            .unwrap_or(tail.len());
        let path = &tail[..end];
        let (prefix, group) = match path.find('{') {
            Some(b) => (&path[..b], path[b + 1..].split('}').next().unwrap_or("")),
            None => (path, ""),
        };
        let prefix: Vec<String> = prefix
            .split("::")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let mut candidates = vec![prefix.clone()];
        for item in group.split(',') {
            let mut p = prefix.clone();
            p.extend(
                item.split("::")
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty() && s != "self"),
            );
            candidates.push(p);
        }
        for c in candidates {
            let mut full = base.clone();
            full.extend(c);
            // The longest known module that the path names.
            while !full.is_empty() && !known.contains(&full) {
                full.pop();
            }
            // A name of the crate root is no edge (lib.rs only joins the
            // features); a child naming its parent module is one.
            if !full.is_empty() && full != me {
                out.insert(full);
            }
        }
        i += skip;
    }
    out
}

struct Graph {
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn graph() -> Graph {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let known: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let mut edges = BTreeMap::new();
    for f in &files {
        let me = module_of(f);
        let text = code(&std::fs::read_to_string(f).expect("source is readable"));
        edges.insert(me.clone(), references(&me, &text, &known));
    }
    Graph { edges }
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

#[test]
fn features_import_only_app_and_app_imports_no_feature() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, tos) in &g.edges {
        let Some(top) = from.first() else { continue }; // lib.rs names every feature
        for to in tos {
            let other = &to[0];
            let ok = other == top || other == "app";
            if !ok {
                wrong.push(format!("{} imports {}", name(from), name(to)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports across features:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    for (from, tos) in &g.edges {
        println!(
            "{} -> {}",
            name(from),
            tos.iter().map(|t| name(t)).collect::<Vec<_>>().join(", ")
        );
    }
    // Depth-first search; a back edge is a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark: BTreeMap<&Vec<String>, Mark> = g.edges.keys().map(|k| (k, Mark::New)).collect();
    let mut cycles = Vec::new();
    fn visit<'a>(
        n: &'a Vec<String>,
        g: &'a Graph,
        mark: &mut BTreeMap<&'a Vec<String>, Mark>,
        stack: &mut Vec<&'a Vec<String>>,
        cycles: &mut Vec<String>,
    ) {
        mark.insert(n, Mark::Open);
        stack.push(n);
        for to in g.edges.get(n).into_iter().flatten() {
            match mark.get(to).copied().unwrap_or(Mark::Done) {
                Mark::New => visit(to, g, mark, stack, cycles),
                Mark::Open => {
                    let at = stack.iter().position(|s| *s == to).unwrap_or(0);
                    let names: Vec<String> = stack[at..].iter().map(|s| name(s)).collect();
                    cycles.push(format!("{} -> {}", names.join(" -> "), name(to)));
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        mark.insert(n, Mark::Done);
    }
    let keys: Vec<&Vec<String>> = g.edges.keys().collect();
    for k in keys {
        if mark[k] == Mark::New {
            visit(k, &g, &mut mark, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(
        cycles.is_empty(),
        "cycles in the module graph:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_checker_sees_imports_across_features() {
    let known: BTreeSet<Vec<String>> = [
        vec!["app"],
        vec!["desk"],
        vec!["desk", "mail"],
        vec!["kb"],
        vec!["app", "auth"],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(String::from).collect())
    .collect();
    let me: Vec<String> = vec!["desk".into(), "pages".into()];
    let refs = references(
        &me,
        "use crate::kb::x;\nuse crate::{app::auth, desk::mail};\nlet a = super::mail::f();",
        &known,
    );
    let names: BTreeSet<String> = refs.iter().map(|r| name(r)).collect();
    assert_eq!(
        names,
        ["app::auth", "desk::mail", "kb"]
            .into_iter()
            .map(String::from)
            .collect()
    );
}
