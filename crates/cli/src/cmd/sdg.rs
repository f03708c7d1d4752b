//! `southdesk sdg detect`: run public SDG query systems (Aurora, Elsevier, Auckland,
//! SIRIS, SDGO, SDSN, …) over a CSV or JSONL file of texts and print text2sdg-shaped
//! rows. The input is streamed: one record is read, matched and written at a time.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use southdesk_tagger::query::{QueryHit, QuerySet};

#[derive(clap::Subcommand, Debug)]
pub enum SdgCommand {
    /// Detect SDGs with query systems; one row per (document, system, query) match.
    Detect(DetectArgs),
}

#[derive(clap::Args, Debug)]
pub struct DetectArgs {
    /// Query files or folders (text2sdg CSV tables, Aurora XML, OSDG keyword JSON).
    /// A folder loads every query file directly inside it.
    #[arg(long = "queries", required = true)]
    pub queries: Vec<PathBuf>,
    /// Texts: a CSV file with a header row (or JSON Lines with .jsonl / .ndjson);
    /// `-` reads CSV from standard input.
    #[arg(long)]
    pub input: PathBuf,
    /// The column (or JSON field) holding the text.
    #[arg(long, default_value = "text")]
    pub text_column: String,
    /// `features`: one row per matching query; `documents`: one row per document ×
    /// system × SDG with the number of matching queries.
    #[arg(long, value_enum, default_value = "features")]
    pub output: Output,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Features,
    Documents,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Jsonl,
}

pub fn run(cmd: SdgCommand) -> anyhow::Result<()> {
    match cmd {
        SdgCommand::Detect(args) => detect(args),
    }
}

/// `SDG-01` … `SDG-17`.
fn sdg_label(n: u8) -> String {
    format!("SDG-{n:02}")
}

/// Query ids sort numerically when they are numbers.
fn id_key(id: &str) -> (u64, &str) {
    (id.parse::<u64>().unwrap_or(u64::MAX), id)
}

struct Sink<W: Write> {
    output: Output,
    format: Format,
    csv: Option<csv::Writer<W>>,
    raw: Option<W>,
}

impl<W: Write> Sink<W> {
    fn new(out: W, output: Output, format: Format) -> anyhow::Result<Self> {
        let mut s = match format {
            Format::Csv => Sink {
                output,
                format,
                csv: Some(csv::Writer::from_writer(out)),
                raw: None,
            },
            Format::Jsonl => Sink {
                output,
                format,
                csv: None,
                raw: Some(out),
            },
        };
        if let Some(w) = s.csv.as_mut() {
            match output {
                Output::Features => {
                    w.write_record(["document", "sdg", "system", "query_id", "features"])?
                }
                Output::Documents => w.write_record(["document", "sdg", "system", "hits"])?,
            }
        }
        Ok(s)
    }

    fn document(&mut self, doc: u64, mut hits: Vec<QueryHit>) -> anyhow::Result<()> {
        hits.sort_by(|a, b| {
            (a.sdg, &a.system, id_key(&a.query_id)).cmp(&(b.sdg, &b.system, id_key(&b.query_id)))
        });
        match self.output {
            Output::Features => {
                for h in &hits {
                    // text2sdg lists each distinct word once for SIRIS and SDSN, and every
                    // matched word for the other systems
                    let features = if matches!(h.system.as_str(), "SIRIS" | "SDSN") {
                        let mut seen = std::collections::HashSet::new();
                        h.features
                            .iter()
                            .filter(|f| seen.insert(f.as_str()))
                            .map(|f| f.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    } else {
                        h.features.join(", ")
                    };
                    let sdg = sdg_label(h.sdg);
                    self.row(&[
                        ("document", Cell::Num(doc)),
                        ("sdg", Cell::Str(&sdg)),
                        ("system", Cell::Str(&h.system)),
                        ("query_id", Cell::Str(&h.query_id)),
                        ("features", Cell::Str(&features)),
                    ])?;
                }
            }
            Output::Documents => {
                let mut groups: BTreeMap<(u8, &str), u64> = BTreeMap::new();
                for h in &hits {
                    *groups.entry((h.sdg, h.system.as_str())).or_default() += 1;
                }
                for ((sdg, system), n) in groups {
                    let sdg = sdg_label(sdg);
                    self.row(&[
                        ("document", Cell::Num(doc)),
                        ("sdg", Cell::Str(&sdg)),
                        ("system", Cell::Str(system)),
                        ("hits", Cell::Num(n)),
                    ])?;
                }
            }
        }
        Ok(())
    }

    fn row(&mut self, cells: &[(&str, Cell<'_>)]) -> anyhow::Result<()> {
        match self.format {
            Format::Csv => {
                let w = self.csv.as_mut().expect("csv writer");
                let rec: Vec<String> = cells
                    .iter()
                    .map(|(_, c)| match c {
                        Cell::Num(n) => n.to_string(),
                        Cell::Str(s) => s.to_string(),
                    })
                    .collect();
                w.write_record(&rec)?;
            }
            Format::Jsonl => {
                let w = self.raw.as_mut().expect("raw writer");
                let mut obj = serde_json::Map::new();
                for (k, c) in cells {
                    let v = match c {
                        Cell::Num(n) => serde_json::Value::from(*n),
                        Cell::Str(s) => serde_json::Value::from(*s),
                    };
                    obj.insert((*k).to_string(), v);
                }
                serde_json::to_writer(&mut *w, &obj)?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<()> {
        if let Some(w) = self.csv.as_mut() {
            w.flush()?;
        }
        if let Some(w) = self.raw.as_mut() {
            w.flush()?;
        }
        Ok(())
    }
}

enum Cell<'a> {
    Num(u64),
    Str(&'a str),
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|e| match e.kind() {
                    csv::ErrorKind::Io(e) => e.kind() == io::ErrorKind::BrokenPipe,
                    _ => false,
                })
    })
}

fn detect(args: DetectArgs) -> anyhow::Result<()> {
    let set = QuerySet::load_paths(&args.queries).map_err(|e| anyhow::anyhow!("{e}"))?;
    for w in set.warnings() {
        eprintln!("{w}");
    }
    let path = &args.input;
    let name = path.display().to_string();
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    let stdout = io::stdout();
    let out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let result = if ext == "jsonl" || ext == "ndjson" {
        let f = File::open(path).with_context(|| format!("cannot open {name}"))?;
        let mut sink = Sink::new(out, args.output, args.format)?;
        process_jsonl(BufReader::new(f), &name, &args.text_column, &set, &mut sink)
            .and_then(|()| sink.finish())
    } else {
        let reader: Box<dyn Read> = if path.as_os_str() == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(path).with_context(|| format!("cannot open {name}"))?)
        };
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(BufReader::with_capacity(1 << 16, reader));
        let headers = rdr
            .headers()
            .with_context(|| format!("{name}: cannot read the CSV header"))?
            .clone();
        // check the column before anything is printed
        let Some(ti) = headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == args.text_column)
        else {
            bail!(
                "{name}: no column '{}' (columns: {})",
                args.text_column,
                headers.iter().collect::<Vec<_>>().join(", ")
            );
        };
        let mut sink = Sink::new(out, args.output, args.format)?;
        process_csv(&mut rdr, ti, &name, &set, &mut sink).and_then(|()| sink.finish())
    };
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(()),
        other => other,
    }
}

fn process_csv<R: Read, W: Write>(
    rdr: &mut csv::Reader<R>,
    ti: usize,
    name: &str,
    set: &QuerySet,
    sink: &mut Sink<W>,
) -> anyhow::Result<()> {
    let mut rec = csv::StringRecord::new();
    let mut doc: u64 = 0;
    loop {
        let more = rdr
            .read_record(&mut rec)
            .with_context(|| format!("{name}: bad CSV record after document {doc}"))?;
        if !more {
            break;
        }
        doc += 1;
        let text = rec.get(ti).unwrap_or("");
        sink.document(doc, set.detect(text))?;
    }
    Ok(())
}

fn process_jsonl<R: BufRead, W: Write>(
    reader: R,
    name: &str,
    field: &str,
    set: &QuerySet,
    sink: &mut Sink<W>,
) -> anyhow::Result<()> {
    let mut doc: u64 = 0;
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{name}:{}: cannot read", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("{name}:{}: not JSON", i + 1))?;
        doc += 1;
        let text = match v.get(field) {
            Some(serde_json::Value::String(s)) => s.as_str(),
            Some(serde_json::Value::Null) | None => {
                let keys: Vec<&str> = v
                    .as_object()
                    .map(|o| o.keys().map(|k| k.as_str()).collect())
                    .unwrap_or_default();
                bail!(
                    "{name}:{}: no field '{field}' (fields: {})",
                    i + 1,
                    keys.join(", ")
                );
            }
            Some(_) => bail!("{name}:{}: field '{field}' is not a string", i + 1),
        };
        sink.document(doc, set.detect(text))?;
    }
    Ok(())
}
