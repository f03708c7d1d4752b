//! `southdesk tag`: tag one text (a file or standard input) or every row of a CSV
//! or JSONL file with the plan's themes and the SDGs, with evidence.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use southdesk_tagger::query::QuerySet;
use southdesk_tagger::{Model, TagOptions, TagResult, Tagger};

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON value (an array when tagging rows).
    Json,
    /// One JSON object a line.
    Jsonl,
    /// `id,themes,sdgs` rows.
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct TagArgs {
    /// Text file to tag, or `-` for standard input (the default).
    pub file: Option<PathBuf>,
    /// Tag every row of a `.csv` or `.jsonl` file instead.
    #[arg(long, value_name = "FILE.csv|FILE.jsonl", conflicts_with = "file")]
    pub input: Option<PathBuf>,
    /// Column (CSV) or field (JSONL) holding the text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// Column or field holding the row id.
    #[arg(long)]
    pub id_column: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also list candidates below the threshold.
    #[arg(long)]
    pub all: bool,
    /// Public SDG query files or folders (repeatable).
    #[arg(long = "queries", value_name = "PATH")]
    pub queries: Vec<PathBuf>,
    /// A model trained with `southdesk tagger train` (replaces the default model
    /// for the labels it covers).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
}

pub fn run(args: TagArgs) -> anyhow::Result<()> {
    let mut tagger = Tagger::builtin();
    if let Some(p) = &args.model {
        let bytes =
            std::fs::read(p).with_context(|| format!("cannot read model {}", p.display()))?;
        let m = Model::from_bytes(&bytes).with_context(|| format!("model {}", p.display()))?;
        tagger = tagger.with_model(m);
    }
    if !args.queries.is_empty() {
        let q = QuerySet::load_paths(&args.queries).context("cannot load the SDG queries")?;
        tagger = tagger.with_queries(q);
    }
    let opts = TagOptions { all: args.all };
    let stdout = std::io::stdout();
    let mut out = Output::new(BufWriter::new(stdout.lock()), args.format);

    match &args.input {
        None => {
            let res = match args.file.as_deref() {
                None => tagger
                    .tag_reader(std::io::stdin().lock(), &opts)
                    .context("standard input"),
                Some(p) if p == Path::new("-") => tagger
                    .tag_reader(std::io::stdin().lock(), &opts)
                    .context("standard input"),
                Some(p) => {
                    let f =
                        File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
                    tagger
                        .tag_reader(BufReader::new(f), &opts)
                        .with_context(|| p.display().to_string())
                }
            }?;
            out.single(&res)?;
        }
        Some(p) => {
            let name = p.display().to_string();
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            let f = File::open(p).with_context(|| format!("cannot open {name}"))?;
            out.begin()?;
            match ext.as_str() {
                "csv" => tag_csv(&tagger, &opts, f, &name, &args, &mut out)?,
                "jsonl" | "ndjson" => tag_jsonl(&tagger, &opts, f, &name, &args, &mut out)?,
                _ => bail!("{name}: --input expects a .csv or .jsonl file"),
            }
            out.end()?;
        }
    }
    out.w.flush()?;
    Ok(())
}

fn tag_csv<W: Write>(
    tagger: &Tagger,
    opts: &TagOptions,
    f: File,
    name: &str,
    args: &TagArgs,
    out: &mut Output<W>,
) -> anyhow::Result<()> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::new(f));
    let headers = rdr
        .headers()
        .with_context(|| format!("{name}: cannot read the header"))?
        .clone();
    let find = |col: &str| -> anyhow::Result<usize> {
        headers.iter().position(|h| h == col).ok_or_else(|| {
            let present: Vec<&str> = headers.iter().collect();
            anyhow::anyhow!(
                "{name}: no column `{col}` (columns present: {})",
                present.join(", ")
            )
        })
    };
    let text_col = find(&args.text_column)?;
    let id_col = args.id_column.as_deref().map(find).transpose()?;
    let mut rec = csv::StringRecord::new();
    let mut row = 0usize;
    while rdr
        .read_record(&mut rec)
        .with_context(|| format!("{name}: row {}", row + 2))?
    {
        row += 1;
        let text = rec.get(text_col).unwrap_or("");
        let mut res = tagger.tag(text, opts);
        res.id = Some(match id_col {
            Some(i) => rec.get(i).unwrap_or("").to_string(),
            None => row.to_string(),
        });
        out.row(&res)?;
    }
    Ok(())
}

fn tag_jsonl<W: Write>(
    tagger: &Tagger,
    opts: &TagOptions,
    f: File,
    name: &str,
    args: &TagArgs,
    out: &mut Output<W>,
) -> anyhow::Result<()> {
    let mut line = String::new();
    let mut r = BufReader::new(f);
    let mut n = 0usize;
    let mut row = 0usize;
    loop {
        line.clear();
        if r.read_line(&mut line)
            .with_context(|| format!("{name}:{}", n + 1))?
            == 0
        {
            break;
        }
        n += 1;
        if line.trim().is_empty() {
            continue;
        }
        row += 1;
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{name}:{n}: not JSON"))?;
        let Some(text) = v.get(&args.text_column).and_then(|t| t.as_str()) else {
            let present: Vec<String> = v
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            bail!(
                "{name}:{n}: no text field `{}` (fields present: {})",
                args.text_column,
                present.join(", ")
            );
        };
        let mut res = tagger.tag(text, opts);
        res.id = Some(match args.id_column.as_deref().and_then(|c| v.get(c)) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => row.to_string(),
        });
        out.row(&res)?;
    }
    Ok(())
}

struct Output<W: Write> {
    w: W,
    format: Format,
    rows: usize,
}

impl<W: Write> Output<W> {
    fn new(w: W, format: Format) -> Self {
        Output { w, format, rows: 0 }
    }

    fn single(&mut self, r: &TagResult) -> anyhow::Result<()> {
        match self.format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut self.w, r)?;
                writeln!(self.w)?;
            }
            _ => {
                self.begin()?;
                self.row(r)?;
            }
        }
        Ok(())
    }

    fn begin(&mut self) -> anyhow::Result<()> {
        match self.format {
            Format::Json => write!(self.w, "[")?,
            Format::Csv => writeln!(self.w, "id,themes,sdgs")?,
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self) -> anyhow::Result<()> {
        if self.format == Format::Json {
            writeln!(self.w, "{}]", if self.rows > 0 { "\n" } else { "" })?;
        }
        Ok(())
    }

    fn row(&mut self, r: &TagResult) -> anyhow::Result<()> {
        match self.format {
            Format::Json => {
                writeln!(self.w, "{}", if self.rows > 0 { "," } else { "" })?;
                serde_json::to_writer(&mut self.w, r)?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut self.w, r)?;
                writeln!(self.w)?;
            }
            Format::Csv => {
                let themes: Vec<String> = r
                    .themes
                    .iter()
                    .map(|t| {
                        format!(
                            "{}{}:{:.3}",
                            t.id,
                            if t.candidate { "?" } else { "" },
                            t.score
                        )
                    })
                    .collect();
                let sdgs: Vec<String> = r
                    .sdgs
                    .iter()
                    .map(|t| {
                        format!(
                            "{}{}:{:.3}",
                            t.goal,
                            if t.candidate { "?" } else { "" },
                            t.score
                        )
                    })
                    .collect();
                writeln!(
                    self.w,
                    "{},{},{}",
                    csv_field(r.id.as_deref().unwrap_or("")),
                    csv_field(&themes.join(";")),
                    csv_field(&sdgs.join(";"))
                )?;
            }
            Format::Text => write_text(&mut self.w, r)?,
        }
        self.rows += 1;
        Ok(())
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_text(w: &mut impl Write, r: &TagResult) -> std::io::Result<()> {
    if let Some(id) = &r.id {
        writeln!(w, "# {id}")?;
    }
    if r.themes.is_empty() && r.sdgs.is_empty() {
        writeln!(w, "(no tags)")?;
    }
    let terms = |ev: &[southdesk_tagger::Evidence]| -> String {
        ev.iter()
            .map(|e| format!("\"{}\"@{}..{}", e.term, e.start, e.end))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for t in &r.themes {
        let c = if t.candidate { " (candidate)" } else { "" };
        writeln!(
            w,
            "theme {:<13} {:.3}{c}  {}",
            t.id,
            t.score,
            terms(&t.evidence)
        )?;
    }
    for t in &r.sdgs {
        let c = if t.candidate { " (candidate)" } else { "" };
        writeln!(
            w,
            "SDG {:<15} {:.3}{c}  {}",
            t.goal,
            t.score,
            terms(&t.evidence)
        )?;
    }
    Ok(())
}
