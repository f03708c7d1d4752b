//! Sidecar manifests: a CSV or JSON file that describes the files of a run.
//!
//! One row (CSV) or object (JSON) per file:
//!
//! | field | meaning |
//! | --- | --- |
//! | `file` | path of the file, relative to the manifest's folder (required) |
//! | `lang` | `zh`, `en`, `fr` or `es` (else detected from the text) |
//! | `group` | rows with the same group are language versions of one output |
//! | `type` | output type (`research-paper`, `policy-brief`, …) |
//! | `series`, `number` | `Research Paper`, `199` |
//! | `date` | `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`: the first day) |
//! | `title`, `abstract` | else taken from the document |
//! | `authors` | names separated by `;` |
//! | `visibility` | `public`, `internal` or `confidential` |
//! | `programmes`, `forums`, `countries` | ids separated by `;` |
//!
//! In JSON, the list fields may also be arrays; the file is an array of
//! objects or `{"outputs": [...]}`.
//!
//! Errors name the manifest, the line and the field. A manifest that cannot
//! be read as a whole (bad syntax, unknown column, no `file` column) stops
//! the run before anything is stored ([`ManifestError`]); a row with a bad
//! value fails on its own ([`Manifest::row_errors`]) and the other rows
//! proceed.

use std::path::{Path, PathBuf};

use southdesk_plan::Lang;
use southdesk_plan::outputs::{OutputType, Visibility};
use time::Date;

/// The known fields, in documentation order.
pub const FIELDS: &[&str] = &[
    "file",
    "lang",
    "group",
    "type",
    "series",
    "number",
    "date",
    "title",
    "abstract",
    "authors",
    "visibility",
    "programmes",
    "forums",
    "countries",
];

/// One described file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ManifestRow {
    /// Line of the row (CSV) or of the object's opening brace (JSON), 1-based.
    pub line: usize,
    /// As written in the manifest.
    pub file_as_written: String,
    /// Resolved against the manifest's folder.
    pub file: PathBuf,
    pub lang: Option<Lang>,
    pub group: Option<String>,
    pub output_type: Option<OutputType>,
    pub series: Option<String>,
    pub number: Option<String>,
    pub date: Option<Date>,
    pub title: Option<String>,
    pub abstract_: Option<String>,
    pub authors: Vec<String>,
    pub visibility: Option<Visibility>,
    pub programmes: Vec<String>,
    pub forums: Vec<String>,
    pub countries: Vec<String>,
}

/// A bad value in one row: that row fails, the others proceed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    /// The row's `file`, if it had one.
    pub file: Option<PathBuf>,
    pub field: String,
    pub message: String,
}

/// A manifest that cannot be used at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ManifestError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

/// A read manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub path: PathBuf,
    pub rows: Vec<ManifestRow>,
    pub row_errors: Vec<RowError>,
}

impl Manifest {
    /// Reads a `.csv` or `.json` manifest.
    pub fn read(path: &Path) -> Result<Manifest, ManifestError> {
        let bytes = std::fs::read(path).map_err(|e| ManifestError {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot read it: {e}"),
        })?;
        Manifest::from_bytes(path, &bytes)
    }

    /// Reads the bytes of the manifest at `path` (its extension says CSV or
    /// JSON; its folder is where `file` paths are resolved).
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<Manifest, ManifestError> {
        let err = |line: Option<usize>, message: String| ManifestError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let text = crate::decode_text(bytes, false).text;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let base = path.parent().unwrap_or(Path::new("."));
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let raw = match ext.as_str() {
            "csv" => raw_csv(text).map_err(|(l, m)| err(l, m))?,
            "json" => raw_json(text).map_err(|(l, m)| err(l, m))?,
            _ => return Err(err(None, "a manifest is a .csv or .json file".into())),
        };
        let mut rows = Vec::new();
        let mut row_errors = Vec::new();
        for r in raw {
            match parse_row(&r, base) {
                Ok(row) => rows.push(row),
                Err((field, message)) => row_errors.push(RowError {
                    line: r.line,
                    file: r.get("file").map(|f| base.join(f)),
                    field,
                    message,
                }),
            }
        }
        Ok(Manifest {
            path: path.to_path_buf(),
            rows,
            row_errors,
        })
    }

    /// `manifest.csv line 4, field date: …`
    pub fn describe(&self, line: usize, field: &str, message: &str) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string());
        if field.is_empty() {
            format!("{name} line {line}: {message}")
        } else {
            format!("{name} line {line}, field `{field}`: {message}")
        }
    }
}

/// A row before its values are checked: field name → values.
struct RawRow {
    line: usize,
    fields: Vec<(String, Vec<String>)>,
}

impl RawRow {
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| v.first())
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    fn list(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| {
                v.iter()
                    .flat_map(|s| s.split(';'))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn unknown_field(name: &str) -> String {
    format!(
        "unknown field `{name}` (known fields: {})",
        FIELDS.join(", ")
    )
}

fn raw_csv(text: &str) -> Result<Vec<RawRow>, (Option<usize>, String)> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| (Some(1), format!("cannot read the header row: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    for h in &headers {
        if !FIELDS.contains(&h.as_str()) {
            return Err((Some(1), unknown_field(h)));
        }
    }
    if !headers.iter().any(|h| h == "file") {
        return Err((Some(1), "no `file` column".into()));
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| line_at(text, p.byte() as usize));
            (line, format!("bad CSV: {e}"))
        })?;
        // from the byte offset: the reader's own line count skips blank lines
        let line = rec
            .position()
            .map(|p| line_at(text, p.byte() as usize))
            .unwrap_or(0);
        if rec.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        out.push(RawRow {
            line,
            fields: headers
                .iter()
                .cloned()
                .zip(rec.iter().map(|v| vec![v.to_string()]))
                .collect(),
        });
    }
    Ok(out)
}

/// The line of the record starting at `byte` (past any blank lines the
/// reader skipped before it).
fn line_at(text: &str, byte: usize) -> usize {
    let bytes = text.as_bytes();
    let mut byte = byte.min(bytes.len());
    while byte < bytes.len() && matches!(bytes[byte], b'\n' | b'\r') {
        byte += 1;
    }
    1 + bytes[..byte].iter().filter(|b| **b == b'\n').count()
}

fn raw_json(text: &str) -> Result<Vec<RawRow>, (Option<usize>, String)> {
    use serde_json::Value;
    let v: Value =
        serde_json::from_str(text).map_err(|e| (Some(e.line()), format!("bad JSON: {e}")))?;
    let items = match v {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("outputs") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err((
                    Some(1),
                    "expected an array of objects or {\"outputs\": [...]}".into(),
                ));
            }
        },
        _ => {
            return Err((
                Some(1),
                "expected an array of objects or {\"outputs\": [...]}".into(),
            ));
        }
    };
    let lines = element_lines(text);
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let Value::Object(obj) = item else {
            return Err((Some(line), format!("entry {} is not an object", i + 1)));
        };
        let mut fields = Vec::new();
        for (k, val) in obj {
            let key = k.to_ascii_lowercase();
            if !FIELDS.contains(&key.as_str()) {
                return Err((Some(line), unknown_field(&k)));
            }
            let vals = match val {
                Value::Null => vec![],
                Value::String(s) => vec![s],
                Value::Number(n) => vec![n.to_string()],
                Value::Bool(b) => vec![b.to_string()],
                Value::Array(a) => a
                    .into_iter()
                    .map(|x| match x {
                        Value::String(s) => Ok(s),
                        Value::Number(n) => Ok(n.to_string()),
                        _ => Err((Some(line), format!("field `{k}`: expected strings"))),
                    })
                    .collect::<Result<_, _>>()?,
                Value::Object(_) => {
                    return Err((Some(line), format!("field `{k}`: expected a string")));
                }
            };
            fields.push((key, vals));
        }
        out.push(RawRow { line, fields });
    }
    Ok(out)
}

/// The line of each element of the top-level array (or of the `outputs`
/// array): where its `{` is. A small scanner minding strings.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    // depth of the array holding the entries: 1 for a bare array, 2 inside {"outputs": [...]}
    let target = if text.trim_start().starts_with('[') {
        1
    } else {
        2
    };
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' => {
                if c == '{' && depth == target {
                    lines.push(line);
                }
                depth += 1;
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    lines
}

fn parse_row(r: &RawRow, base: &Path) -> Result<ManifestRow, (String, String)> {
    let bad = |field: &str, message: String| (field.to_string(), message);
    let file = r
        .get("file")
        .ok_or_else(|| bad("file", "required: the path of the file".into()))?;
    let mut row = ManifestRow {
        line: r.line,
        file_as_written: file.to_string(),
        file: base.join(file),
        ..ManifestRow::default()
    };
    if let Some(l) = r.get("lang") {
        row.lang = Some(l.parse::<Lang>().map_err(|e| bad("lang", e))?);
    }
    row.group = r.get("group").map(str::to_string);
    if let Some(t) = r.get("type") {
        row.output_type = Some(t.parse::<OutputType>().map_err(|e| bad("type", e))?);
    }
    row.series = r.get("series").map(str::to_string);
    row.number = r.get("number").map(str::to_string);
    if let Some(d) = r.get("date") {
        row.date = Some(parse_date(d).ok_or_else(|| {
            bad(
                "date",
                format!("`{d}` is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"),
            )
        })?);
    }
    row.title = r.get("title").map(str::to_string);
    row.abstract_ = r.get("abstract").map(str::to_string);
    row.authors = r.list("authors");
    if let Some(v) = r.get("visibility") {
        row.visibility = Some(v.parse::<Visibility>().map_err(|e| bad("visibility", e))?);
    }
    row.programmes = r.list("programmes");
    row.forums = r.list("forums");
    row.countries = r.list("countries");
    Ok(row)
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the first day of the month or year).
pub fn parse_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let num = |p: &str, n: usize| -> Option<u32> {
        (p.len() == n && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] => (num(y, 4)?, num(m, 2)?, num(d, 2)?),
        [y, m] => (num(y, 4)?, num(m, 2)?, 1),
        [y] => (num(y, 4)?, 1, 1),
        _ => return None,
    };
    let month = time::Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(y as i32, month, u8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    #[test]
    fn csv_rows_and_row_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "m.csv",
            "file,lang,group,type,series,number,date,authors,visibility,programmes\n\
             rp199_en.pdf,en,rp199,research-paper,Research Paper,199,2024-05-02,Ana Pérez; Luis Gómez,public,ggdp\n\
             rp199_fr.pdf,fr,rp199,,,,,,,\n\
             bad.pdf,en,,research-paper,,,2024-13-40,,,\n\
             \n\
             worse.pdf,xx,,,,,,,,\n",
        );
        let m = Manifest::read(&p).unwrap();
        assert_eq!(m.rows.len(), 2);
        let r = &m.rows[0];
        assert_eq!(r.line, 2);
        assert_eq!(r.file, dir.path().join("rp199_en.pdf"));
        assert_eq!(r.lang, Some(Lang::En));
        assert_eq!(r.output_type, Some(OutputType::ResearchPaper));
        assert_eq!(r.authors, vec!["Ana Pérez", "Luis Gómez"]);
        assert_eq!(r.date, parse_date("2024-05-02"));
        assert_eq!(m.rows[1].group.as_deref(), Some("rp199"));
        let errs: Vec<(usize, &str)> = m
            .row_errors
            .iter()
            .map(|e| (e.line, e.field.as_str()))
            .collect();
        assert_eq!(errs, [(4, "date"), (6, "lang")]);
        assert_eq!(
            m.describe(4, "date", &m.row_errors[0].message),
            "m.csv line 4, field `date`: `2024-13-40` is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
        );
    }

    #[test]
    fn csv_fatal_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "m.csv", "file,serie\na.pdf,x\n");
        let e = Manifest::read(&p).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(
            e.to_string().contains("m.csv:1: unknown field `serie`"),
            "{e}"
        );
        let p = write(dir.path(), "n.csv", "lang\nen\n");
        assert!(
            Manifest::read(&p)
                .unwrap_err()
                .message
                .contains("no `file` column")
        );
        let p = write(dir.path(), "o.csv", "file,lang\na.pdf,en\nb.pdf,en,extra\n");
        let e = Manifest::read(&p).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }

    #[test]
    fn json_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "m.json",
            r#"{"outputs": [
  {"file": "a.pdf", "lang": "es", "authors": ["Ana", "Luis"], "number": 12},
  {"file": "b.pdf",
   "type": "memo"}
]}"#,
        );
        let m = Manifest::read(&p).unwrap();
        assert_eq!(m.rows.len(), 1);
        assert_eq!(m.rows[0].line, 2);
        assert_eq!(m.rows[0].authors, vec!["Ana", "Luis"]);
        assert_eq!(m.rows[0].number.as_deref(), Some("12"));
        assert_eq!(m.row_errors[0].line, 3);
        assert_eq!(m.row_errors[0].field, "type");
        let p = write(dir.path(), "bad.json", "[\n {\"file\": \"a.pdf\",}\n]");
        let e = Manifest::read(&p).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024"), parse_date("2024-01-01"));
        assert_eq!(parse_date("2024-02"), parse_date("2024-02-01"));
        assert!(parse_date("2024-02-30").is_none());
        assert!(parse_date("24-02-03").is_none());
    }
}
