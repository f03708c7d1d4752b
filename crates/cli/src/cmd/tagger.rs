//! `southdesk tagger`: train and evaluate the tagger's learned layer.
//!
//! Input is JSONL in our labelled format (`{"id","lang","text","themes","sdgs"}`)
//! or the SwissText 2024 format (`TITLE`/`ABSTRACT`/`SDG`, SDG 0 = none), detected
//! line by line.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Context;
use southdesk_tagger::dataset::read_jsonl;
use southdesk_tagger::{Example, Model, Split, Tagger, TrainConfig, evaluate, train};

#[derive(clap::Subcommand, Debug)]
pub enum TaggerCommand {
    /// Train a model on labelled JSONL and write it to a file.
    Train {
        /// Labelled JSONL files (repeatable).
        #[arg(long, required = true, value_name = "FILE.jsonl")]
        input: Vec<PathBuf>,
        /// Where to write the model.
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
        /// Seed of the shuffles (training is deterministic for a given seed).
        #[arg(long)]
        seed: Option<u64>,
        /// Training epochs.
        #[arg(long)]
        epochs: Option<u32>,
        /// L2 regularisation strength.
        #[arg(long)]
        l2: Option<f64>,
        /// Part of our labelled set to use (ids ending in a multiple of 5 are held out).
        #[arg(long, default_value = "all")]
        split: Split,
    },
    /// Evaluate a model (default: the built-in one) on labelled JSONL.
    Eval {
        /// Labelled JSONL files (repeatable).
        #[arg(long, required = true, value_name = "FILE.jsonl")]
        input: Vec<PathBuf>,
        /// A model written by `tagger train`.
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
        #[arg(long, default_value = "all")]
        split: Split,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn load(paths: &[PathBuf], split: Split) -> anyhow::Result<Vec<Example>> {
    let mut v = Vec::new();
    for p in paths {
        let f = File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
        v.extend(read_jsonl(BufReader::new(f), &p.display().to_string())?);
    }
    v.retain(|e| split.keep(e));
    anyhow::ensure!(!v.is_empty(), "no labelled examples in the input");
    Ok(v)
}

fn load_model(p: &Path) -> anyhow::Result<Model> {
    let bytes = std::fs::read(p).with_context(|| format!("cannot read model {}", p.display()))?;
    Model::from_bytes(&bytes).with_context(|| format!("model {}", p.display()))
}

pub fn run(cmd: TaggerCommand) -> anyhow::Result<()> {
    match cmd {
        TaggerCommand::Train {
            input,
            output,
            seed,
            epochs,
            l2,
            split,
        } => {
            let ex = load(&input, split)?;
            let mut cfg = TrainConfig::default();
            if let Some(s) = seed {
                cfg.seed = s;
            }
            if let Some(e) = epochs {
                cfg.epochs = e;
            }
            if let Some(l) = l2 {
                cfg.l2 = l;
            }
            let t0 = std::time::Instant::now();
            let m = train(&ex, &cfg);
            let bytes = m.to_bytes();
            std::fs::write(&output, &bytes)
                .with_context(|| format!("cannot write {}", output.display()))?;
            let labels: Vec<String> = m.labels().iter().map(|l| l.to_string()).collect();
            eprintln!(
                "trained on {} texts in {:.2?}: {} labels ({}), {} features, threshold {:.3}; wrote {} bytes to {}",
                ex.len(),
                t0.elapsed(),
                labels.len(),
                labels.join(" "),
                m.n_features(),
                m.threshold(),
                bytes.len(),
                output.display()
            );
            Ok(())
        }
        TaggerCommand::Eval {
            input,
            model,
            split,
            json,
        } => {
            let ex = load(&input, split)?;
            let mut t = Tagger::builtin();
            if let Some(p) = &model {
                t = t.with_model(load_model(p)?);
            }
            let r = evaluate(&t, &ex);
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print!("{r}");
            }
            Ok(())
        }
    }
}
