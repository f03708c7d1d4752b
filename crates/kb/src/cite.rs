//! Citation exports of outputs: BibTeX, RIS, CSL-JSON and CSV.
//!
//! Each takes the outputs to cite (already filtered by who may see them),
//! the site's base URL (for links to the outputs' pages) and the preferred
//! language (which version's title and abstract to cite; the others'
//! titles are kept where the format has room for them: CSV).

use southdesk_plan::Lang;
use southdesk_plan::outputs::{Output, OutputType};

/// The formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Bibtex,
    Ris,
    CslJson,
    Csv,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Bibtex, Format::Ris, Format::CslJson, Format::Csv];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Bibtex => "bibtex",
            Format::Ris => "ris",
            Format::CslJson => "csljson",
            Format::Csv => "csv",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        let s = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s || (s == "csl-json" && *f == Format::CslJson))
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Bibtex => "application/x-bibtex; charset=utf-8",
            Format::Ris => "application/x-research-info-systems; charset=utf-8",
            Format::CslJson => "application/vnd.citationstyles.csl+json; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Bibtex => "bib",
            Format::Ris => "ris",
            Format::CslJson => "json",
            Format::Csv => "csv",
        }
    }

    /// The export of `outputs`.
    pub fn render(self, outputs: &[Output], base_url: &str, lang: Lang) -> String {
        match self {
            Format::Bibtex => bibtex(outputs, base_url, lang),
            Format::Ris => ris(outputs, base_url, lang),
            Format::CslJson => csl_json(outputs, base_url, lang),
            Format::Csv => csv(outputs, base_url),
        }
    }
}

pub const PUBLISHER: &str = "South Centre";
pub const PLACE: &str = "Geneva";

fn url(base_url: &str, o: &Output) -> String {
    format!("{}/outputs/{}", base_url.trim_end_matches('/'), o.id)
}

fn language_name(l: Lang) -> &'static str {
    match l {
        Lang::Zh => "chinese",
        Lang::En => "english",
        Lang::Fr => "french",
        Lang::Es => "spanish",
    }
}

/// Escapes text for a BibTeX field in braces: LaTeX's special characters
/// become commands, so titles such as `R&D at 5% — 100$` survive.
pub fn bibtex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// BibTeX: `@techreport` for reports and papers, `@book`, `@misc` for
/// statements, trainings and side events. Keys are `southcentre<id>`.
pub fn bibtex(outputs: &[Output], base_url: &str, lang: Lang) -> String {
    let mut out = String::new();
    for o in outputs {
        let v = o.best_version(lang);
        let kind = match o.output_type {
            OutputType::Book => "book",
            t if t.is_report() => "techreport",
            _ => "misc",
        };
        let mut fields: Vec<(&str, String)> =
            vec![("title", format!("{{{}}}", bibtex_escape(&v.title)))];
        if !o.authors.is_empty() {
            let names: Vec<String> = o.authors.iter().map(|a| bibtex_escape(&a.name)).collect();
            fields.push(("author", names.join(" and ")));
        } else {
            fields.push(("author", format!("{{{PUBLISHER}}}")));
        }
        match kind {
            "techreport" => fields.push(("institution", PUBLISHER.into())),
            _ => fields.push(("publisher", PUBLISHER.into())),
        }
        fields.push(("address", PLACE.into()));
        if let Some(s) = &o.series {
            let key = if kind == "techreport" {
                "type"
            } else {
                "series"
            };
            fields.push((key, bibtex_escape(s)));
        }
        if let Some(n) = &o.number {
            fields.push(("number", bibtex_escape(n)));
        }
        fields.push(("year", o.date.year().to_string()));
        let month = MONTHS[usize::from(u8::from(o.date.month())) - 1];
        if !v.abstract_.is_empty() {
            fields.push(("abstract", bibtex_escape(&v.abstract_)));
        }
        fields.push(("language", language_name(v.lang).into()));
        fields.push(("url", url(base_url, o)));
        out.push_str(&format!("@{kind}{{southcentre{},\n", o.id));
        for (k, value) in &fields {
            out.push_str(&format!("  {k} = {{{value}}},\n"));
            if *k == "year" {
                // A macro, not a braced value.
                out.push_str(&format!("  month = {month},\n"));
            }
        }
        out.push_str("}\n\n");
    }
    out
}

/// One RIS line; values lose their line breaks.
fn ris_line(out: &mut String, tag: &str, value: &str) {
    let value: String = value
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    out.push_str(tag);
    out.push_str("  - ");
    out.push_str(value.trim());
    out.push_str("\r\n");
}

/// RIS: `TY` (`RPRT`, `BOOK`, `GEN`), `TI`, one `AU` per author, `PY`,
/// `DA`, `T3` (series), `M1` (number in the series), `AB`, `PB`, `CY`,
/// `LA`, `KW` (themes), `UR`, `ER`. Lines end with CR LF.
pub fn ris(outputs: &[Output], base_url: &str, lang: Lang) -> String {
    let mut out = String::new();
    for o in outputs {
        let v = o.best_version(lang);
        let ty = match o.output_type {
            OutputType::Book => "BOOK",
            t if t.is_report() => "RPRT",
            _ => "GEN",
        };
        ris_line(&mut out, "TY", ty);
        ris_line(&mut out, "ID", &format!("southcentre{}", o.id));
        ris_line(&mut out, "TI", &v.title);
        for a in &o.authors {
            ris_line(&mut out, "AU", &a.name);
        }
        ris_line(&mut out, "PY", &o.date.year().to_string());
        ris_line(
            &mut out,
            "DA",
            &format!(
                "{:04}/{:02}/{:02}/",
                o.date.year(),
                u8::from(o.date.month()),
                o.date.day()
            ),
        );
        if let Some(s) = &o.series {
            ris_line(&mut out, "T3", s);
        }
        if let Some(n) = &o.number {
            ris_line(&mut out, "M1", n);
        }
        if !v.abstract_.is_empty() {
            ris_line(&mut out, "AB", &v.abstract_);
        }
        ris_line(&mut out, "PB", PUBLISHER);
        ris_line(&mut out, "CY", PLACE);
        ris_line(&mut out, "LA", v.lang.code());
        for t in &o.themes {
            ris_line(&mut out, "KW", t);
        }
        ris_line(&mut out, "UR", &url(base_url, o));
        ris_line(&mut out, "ER", "");
    }
    out
}

/// A CSL name: `Carlos M. Correa` → family `Correa`, given `Carlos M.`;
/// a name without spaces (`王小明`, an institution) is kept literal.
fn csl_name(name: &str) -> serde_json::Value {
    match name.trim().rsplit_once(' ') {
        Some((given, family)) if !given.trim().is_empty() => {
            serde_json::json!({ "family": family, "given": given.trim() })
        }
        _ => serde_json::json!({ "literal": name.trim() }),
    }
}

/// CSL-JSON: an array of items with `id`, `type` (`report`, `book`,
/// `speech`, `document`), `title`, `author`, `issued`, `publisher`,
/// `publisher-place`, `collection-title`, `number`, `abstract`,
/// `language`, `URL`.
pub fn csl_json(outputs: &[Output], base_url: &str, lang: Lang) -> String {
    let items: Vec<serde_json::Value> = outputs
        .iter()
        .map(|o| {
            let v = o.best_version(lang);
            let ty = match o.output_type {
                OutputType::Book => "book",
                OutputType::Statement => "speech",
                t if t.is_report() => "report",
                _ => "document",
            };
            let mut item = serde_json::json!({
                "id": format!("southcentre{}", o.id),
                "type": ty,
                "title": v.title,
                "author": o.authors.iter().map(|a| csl_name(&a.name)).collect::<Vec<_>>(),
                "issued": { "date-parts": [[o.date.year(), u8::from(o.date.month()), o.date.day()]] },
                "publisher": PUBLISHER,
                "publisher-place": PLACE,
                "language": v.lang.code(),
                "URL": url(base_url, o),
            });
            let map = item.as_object_mut().expect("an object");
            if let Some(s) = &o.series {
                map.insert("collection-title".into(), s.clone().into());
            }
            if let Some(n) = &o.number {
                map.insert("number".into(), n.clone().into());
            }
            if !v.abstract_.is_empty() {
                map.insert("abstract".into(), v.abstract_.clone().into());
            }
            item
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("JSON values serialise")
}

/// CSV with a header row: one row per output, lists joined with `; `,
/// titles of every version in their own columns.
pub fn csv(outputs: &[Output], base_url: &str) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id",
        "type",
        "series",
        "number",
        "date",
        "authors",
        "languages",
    ];
    let titles = ["title_zh", "title_en", "title_fr", "title_es"];
    header.extend(titles);
    header.extend(["themes", "sdgs", "programmes", "forums", "countries", "url"]);
    w.write_record(&header).expect("writing to memory");
    for o in outputs {
        let mut row = vec![
            o.id.to_string(),
            o.output_type.as_str().to_string(),
            o.series.clone().unwrap_or_default(),
            o.number.clone().unwrap_or_default(),
            o.date.to_string(),
            o.authors
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            o.versions
                .iter()
                .map(|v| v.lang.code())
                .collect::<Vec<_>>()
                .join("; "),
        ];
        for l in Lang::ALL {
            row.push(o.version(l).map(|v| v.title.clone()).unwrap_or_default());
        }
        row.push(o.themes.join("; "));
        row.push(
            o.sdgs
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        );
        row.push(o.programmes.join("; "));
        row.push(o.forums.join("; "));
        row.push(o.countries.join("; "));
        row.push(url(base_url, o));
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("flushing to memory")).expect("CSV of UTF-8 is UTF-8")
}
