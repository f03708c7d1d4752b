//! Labelled texts: our own format, the SwissText 2024 format, and the embedded set.
//!
//! Our format, one JSON object a line:
//! `{"id":"climate-en-01","lang":"en","text":"…","themes":["climate"],"sdgs":[13]}`.
//!
//! SwissText 2024 shared task: `{"ID","TITLE","ABSTRACT","SDG",["SDGS"]}` with SDG 0 =
//! not SDG-relevant. Title and abstract become the text; `SDG` is the primary goal
//! (first in `sdgs`), `SDGS` adds secondary goals; themes are not annotated.
//! The format is detected line by line.

use std::io::BufRead;

use serde::{Deserialize, Serialize};

use crate::labels::Label;

/// One labelled text. `None` for `themes` or `sdgs` means not annotated (the
/// family is neither trained nor evaluated for this text); `Some(vec![])` means
/// annotated with none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub themes: Option<Vec<String>>,
    /// Primary goal first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdgs: Option<Vec<u8>>,
}

impl Example {
    /// Gold labels of the annotated families.
    pub fn labels(&self) -> Vec<Label> {
        let mut v: Vec<Label> = Vec::new();
        for t in self.themes.iter().flatten() {
            v.extend(Label::theme(t));
        }
        for g in self.sdgs.iter().flatten() {
            v.extend(Label::sdg(*g));
        }
        v.sort();
        v.dedup();
        v
    }

    /// Whether the family of `label` is annotated for this text.
    pub fn annotates(&self, label: Label) -> bool {
        if label.is_theme() {
            self.themes.is_some()
        } else {
            self.sdgs.is_some()
        }
    }

    /// Whether this example is in the held-out test split of our labelled set:
    /// ids end in a number, and numbers divisible by 5 are held out (one text per
    /// theme and language when each has 5–9).
    pub fn is_held_out(&self) -> bool {
        let digits: String = self
            .id
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        digits.parse::<u32>().is_ok_and(|n| n % 5 == 0)
    }
}

/// Which part of a labelled set to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    #[default]
    All,
    Train,
    Test,
}

impl Split {
    pub fn keep(self, e: &Example) -> bool {
        match self {
            Split::All => true,
            Split::Train => !e.is_held_out(),
            Split::Test => e.is_held_out(),
        }
    }
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "all" => Ok(Split::All),
            "train" => Ok(Split::Train),
            "test" => Ok(Split::Test),
            _ => Err(format!("unknown split `{s}` (expected all, train or test)")),
        }
    }
}

/// A labelled file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{file}:{line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

#[derive(Deserialize)]
struct SwissText {
    #[serde(rename = "ID")]
    id: serde_json::Value,
    #[serde(rename = "TITLE", default)]
    title: String,
    #[serde(rename = "ABSTRACT", default)]
    abstract_: String,
    #[serde(rename = "SDG")]
    sdg: u8,
    #[serde(rename = "SDGS", default)]
    sdgs: Vec<u8>,
}

/// Reads JSONL in our format or the SwissText format (detected per line). Blank
/// lines are skipped. `file` names the source in errors.
pub fn read_jsonl(r: impl BufRead, file: &str) -> Result<Vec<Example>, DatasetError> {
    let mut out = Vec::new();
    for (n, line) in r.lines().enumerate() {
        let line = line.map_err(|e| DatasetError::Io {
            file: file.to_string(),
            source: e,
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| DatasetError::Line {
            file: file.to_string(),
            line: n + 1,
            message,
        };
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| err(format!("not JSON: {e}")))?;
        let ex = if v.get("ABSTRACT").is_some() || v.get("TITLE").is_some() {
            let s: SwissText =
                serde_json::from_value(v).map_err(|e| err(format!("SwissText record: {e}")))?;
            if s.sdg > 17 {
                return Err(err(format!("SDG {} out of range 0–17", s.sdg)));
            }
            let mut sdgs = Vec::new();
            if s.sdg != 0 {
                sdgs.push(s.sdg);
            }
            for g in s.sdgs {
                if (1..=17).contains(&g) && !sdgs.contains(&g) {
                    sdgs.push(g);
                }
            }
            let id = match s.id {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            let text = match (s.title.trim(), s.abstract_.trim()) {
                ("", a) => a.to_string(),
                (t, "") => t.to_string(),
                (t, a) => format!("{t}\n{a}"),
            };
            Example {
                id,
                lang: Some("en".into()),
                text,
                themes: None,
                sdgs: Some(sdgs),
            }
        } else {
            let e: Example =
                serde_json::from_value(v).map_err(|e| err(format!("labelled record: {e}")))?;
            for t in e.themes.iter().flatten() {
                if Label::theme(t).is_none() {
                    return Err(err(format!(
                        "unknown theme `{t}` (expected one of {})",
                        crate::labels::THEMES.join(", ")
                    )));
                }
            }
            for g in e.sdgs.iter().flatten() {
                if !(1..=17).contains(g) {
                    return Err(err(format!("SDG {g} out of range 1–17")));
                }
            }
            e
        };
        out.push(ex);
    }
    Ok(out)
}

/// The embedded labelled set: `(file name, source)` of every file, themes 1–7
/// and 8–14. An empty file is allowed (it adds nothing).
pub const LABELLED_FILES: [(&str, &str); 2] = [
    (
        "tests/data/labelled/themes_1_7.jsonl",
        include_str!("../tests/data/labelled/themes_1_7.jsonl"),
    ),
    (
        "tests/data/labelled/themes_8_14.jsonl",
        include_str!("../tests/data/labelled/themes_8_14.jsonl"),
    ),
];

/// Our labelled set, embedded (all splits), in file order.
pub fn builtin_labelled() -> &'static [Example] {
    static SET: std::sync::OnceLock<Vec<Example>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut v = Vec::new();
        for (name, src) in LABELLED_FILES {
            v.extend(
                read_jsonl(src.as_bytes(), name)
                    .expect("the embedded labelled set is checked by the test suite"),
            );
        }
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_both_formats() {
        let src = r#"{"id":"tax-en-05","lang":"en","text":"A UN tax convention.","themes":["tax"],"sdgs":[17]}
{"ID":"oai:1","TITLE":"Water","ABSTRACT":"Clean water.","URL":"u","SDG":6,"SDGS":[6,3]}

{"ID":"oai:2","TITLE":"Phrasemes","ABSTRACT":"Corpus linguistics.","SDG":0}
"#;
        let v = read_jsonl(src.as_bytes(), "mem").unwrap();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].themes.as_deref(), Some(&["tax".to_string()][..]));
        assert!(v[0].is_held_out());
        assert_eq!(v[1].text, "Water\nClean water.");
        assert_eq!(v[1].sdgs.as_deref(), Some(&[6u8, 3][..]));
        assert_eq!(v[1].themes, None);
        assert_eq!(v[2].sdgs.as_deref(), Some(&[][..]));
        assert!(!v[1].is_held_out());
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let e = read_jsonl(
            "{\"id\":\"a\",\"text\":\"x\",\"themes\":[\"taxes\"]}".as_bytes(),
            "f.jsonl",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("f.jsonl:1:") && e.contains("unknown theme `taxes`"),
            "{e}"
        );
        let e = read_jsonl("\n{oops".as_bytes(), "f.jsonl")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("f.jsonl:2: not JSON"), "{e}");
        let e = read_jsonl(r#"{"ID":"x","ABSTRACT":"a","SDG":18}"#.as_bytes(), "g")
            .unwrap_err()
            .to_string();
        assert!(e.contains("SDG 18 out of range"), "{e}");
    }
}
