//! `southdesk ingest PATH…`: store documents (files and folders) as outputs
//! of the catalogue, through the same pipeline as uploads in the web app
//! (`southdesk_ingest`): extract, detect the language, read the manifest,
//! skip what is stored, tag, store, index.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};
use southdesk_ingest::pipeline::{Options, Progress, Summary, ingest_paths};
use southdesk_ingest::{CatalogueSink, Limits};
use southdesk_plan::outputs::{OutputType, Visibility};

use crate::context::StoreArgs;

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// A summary for people.
    #[default]
    Text,
    /// The summary as one JSON object.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    /// Files and folders to ingest (folders are walked; hidden files skipped).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// A CSV or JSON manifest: file, lang, group, type, series, number, date,
    /// title, abstract, authors, visibility, programmes, forums, countries.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Visibility of outputs whose manifest row names none (publish them
    /// later with `southdesk outputs publish ID…`).
    #[arg(long, default_value = "internal", value_parser = parse_visibility)]
    pub visibility: Visibility,
    /// Output type when neither the manifest nor the document tells
    /// (research-paper, policy-brief, statement, …) [default: document,
    /// changeable on the output's edit page].
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_type)]
    pub output_type: Option<OutputType>,
    /// Largest file accepted, in MB.
    #[arg(long, value_name = "MB", default_value_t = 200)]
    pub max_size: u64,
    /// New outputs stored per transaction (fewer when their files pass
    /// 64 MB). A stopped run loses at most the batch being written; the
    /// next run stores it.
    #[arg(long, value_name = "N", default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..))]
    pub batch: u16,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn parse_visibility(s: &str) -> Result<Visibility, String> {
    s.parse()
}

fn parse_type(s: &str) -> Result<OutputType, String> {
    s.parse()
}

pub async fn run(store_args: StoreArgs, args: IngestArgs) -> anyhow::Result<()> {
    if args.paths.is_empty() && args.manifest.is_none() {
        bail!("nothing to ingest: give files or folders, or --manifest FILE");
    }
    // The Chinese dictionaries load on threads of their own meanwhile.
    std::thread::spawn(southdesk_search::warm_up);
    std::thread::spawn(southdesk_tagger::explain::warm_up);
    let (data, store) = store_args.open().await?;
    let index_dir = data.join("index");
    let index = southdesk_kb::open_index(&index_dir)
        .with_context(|| format!("cannot open the search index in {}", index_dir.display()))?;
    let mut catalogue = southdesk_kb::Catalogue::new(
        store.clone(),
        Arc::new(index),
        Arc::new(southdesk_tagger::Tagger::builtin()),
    );
    // The index follows the store's change feed: here in the background,
    // one commit per batch (not per output), and once more at the end. If a
    // server runs on this folder it writes the index and follows the feed
    // itself; stored outputs are never left unsearchable either way.
    catalogue.index_each_write = false;
    // Every commit writes new segments (a term dictionary per field) and
    // leads to merges: a commit every few seconds, not per batch of a few
    // outputs, keeps the index's share of a bulk load small.
    let follower = catalogue.follow(std::time::Duration::from_secs(3));
    let sink = CatalogueSink::new(catalogue, None);

    // Ctrl-C stops between two outputs (each is stored whole or not at
    // all); a second Ctrl-C stops at once, which is safe too.
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.store(true, Ordering::SeqCst);
                eprintln!("\nstopping after the current output (Ctrl-C again to stop now)…");
                if tokio::signal::ctrl_c().await.is_ok() {
                    std::process::exit(130);
                }
            }
        });
    }
    let opts = Options {
        limits: Limits {
            max_file_bytes: args.max_size.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
        visibility: args.visibility,
        default_type: args.output_type,
        batch: args.batch.into(),
        cancel: Some(cancel),
        ..Options::default()
    };
    let mut progress = Bar::new(std::io::stderr().is_terminal());
    let summary = ingest_paths(
        &sink,
        &args.paths,
        args.manifest.as_deref(),
        &opts,
        &mut progress,
    )
    .await?;
    follower.abort();
    let _ = follower.await;
    let indexed = match sink.catalogue.catch_up().await {
        Ok(_) => "indexed for search".to_string(),
        Err(southdesk_kb::KbError::Search(southdesk_search::SearchError::Busy)) => {
            "the running server indexes them for search".to_string()
        }
        Err(e) => format!("NOT YET SEARCHABLE ({e}); indexed when the server next starts"),
    };
    store.close().await;
    match args.format {
        Format::Text => {
            print_text(&summary);
            if !summary.ingested.is_empty() {
                println!("{indexed}");
            }
        }
        Format::Json => println!("{}", summary_json(&summary)),
    }
    if summary.interrupted {
        bail!("interrupted; run the same command again to resume (nothing is stored twice)");
    }
    if !summary.failed.is_empty() {
        bail!(
            "{} file{} failed",
            summary.failed.len(),
            if summary.failed.len() == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

fn summary_json(s: &Summary) -> serde_json::Value {
    serde_json::json!({
        "ingested": s.ingested_files(),
        "outputs": s.ingested.len(),
        "skipped": s.skipped.len(),
        "failed": s.failed.len(),
        "ignored": s.ignored.len(),
        "interrupted": s.interrupted,
        "details": s,
    })
}

fn print_text(s: &Summary) {
    for i in &s.ingested {
        let langs: Vec<&str> = i.files.iter().map(|(_, l)| l.code()).collect();
        println!(
            "{} #{} {} ({})",
            if i.added_to_existing {
                "added to"
            } else {
                "stored"
            },
            i.output_id,
            i.title,
            langs.join(", ")
        );
        if !i.added_to_existing {
            let authors = if i.authors.is_empty() {
                "no authors".to_string()
            } else {
                i.authors.join("; ")
            };
            println!(
                "     {}{}, {} ({}), {authors}",
                i.series_label
                    .as_deref()
                    .map(|l| format!("{l}, "))
                    .unwrap_or_default(),
                i.output_type,
                i.date,
                match i.date_from {
                    "manifest" => "date from the manifest",
                    "document" => "date from the document",
                    "option" => "date from --date",
                    _ => "NO DATE FOUND",
                }
            );
            for n in i.notes() {
                println!("     note: {n}");
            }
        }
    }
    println!(
        "ingested {} file{} as {} output{}, skipped {} (already there), failed {}{}",
        s.ingested_files(),
        plural(s.ingested_files()),
        s.ingested.len(),
        plural(s.ingested.len()),
        s.skipped.len(),
        s.failed.len(),
        if s.ignored.is_empty() {
            String::new()
        } else {
            format!(", ignored {} (not a document)", s.ignored.len())
        }
    );
    for f in &s.failed {
        println!("failed: {}: {}", f.path.display(), f.reason);
    }
    let undated = s.ingested.iter().filter(|i| i.undated).count();
    if undated > 0 {
        println!(
            "{undated} output{} had no date anywhere and {} dated today; correct {} on the edit page",
            plural(undated),
            if undated == 1 { "was" } else { "were" },
            if undated == 1 { "it" } else { "them" }
        );
    }
    let unpublished: Vec<String> = s
        .ingested
        .iter()
        .filter(|i| !i.added_to_existing && i.visibility != Visibility::Public)
        .map(|i| i.output_id.to_string())
        .collect();
    if !unpublished.is_empty() {
        println!(
            "not public yet: {}; to publish: southdesk outputs publish {}",
            unpublished.len(),
            unpublished.join(" ")
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A progress bar on standard error, drawn only on a terminal.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Bar {
    fn new(terminal: bool) -> Bar {
        Bar {
            bar: terminal.then(indicatif::ProgressBar::hidden),
        }
    }
}

impl Progress for Bar {
    fn start(&mut self, files: usize) {
        if let Some(b) = &self.bar {
            b.set_length(files as u64);
            b.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {elapsed_precise}  {wide_msg}",
            ) {
                b.set_style(style);
            }
        }
    }

    fn file(&mut self, path: &Path) {
        if let Some(b) = &self.bar {
            b.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
    }

    fn advance(&mut self, n: usize) {
        if let Some(b) = &self.bar {
            b.inc(n as u64);
        }
    }

    fn finish(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
