//! `southdesk outputs publish ID…` and `southdesk outputs set-visibility
//! ID… --to LEVEL`: who may read stored outputs. Both go through the
//! knowledge base's catalogue (`Catalogue::set_visibility`), which stores
//! each change and indexes the output again, so a published output is
//! found by the public web search at once.

use std::sync::Arc;

use anyhow::bail;
use southdesk_kb::Catalogue;
use southdesk_plan::outputs::Visibility;
use southdesk_tagger::Tagger;

use crate::cmd::kb::open_index;
use crate::context::StoreArgs;

#[derive(clap::Subcommand, Debug)]
pub enum OutputsCommand {
    /// Make outputs public (the web site, feeds and OAI-PMH show them).
    Publish {
        #[command(flatten)]
        which: Which,
    },
    /// Set who may read outputs: public, internal or confidential.
    SetVisibility {
        #[command(flatten)]
        which: Which,
        /// The new visibility.
        #[arg(long, value_name = "LEVEL", value_parser = parse_visibility)]
        to: Visibility,
    },
    /// Measure search over HTTP at several connection counts, beside
    /// `GET /healthz` and in-process search (generates outputs if needed).
    Bench(crate::cmd::search_bench::BenchArgs),
}

/// The outputs a command changes.
#[derive(clap::Args, Debug)]
pub struct Which {
    /// Output ids (as `southdesk ingest` and `southdesk search` print them:
    /// `#12` or `12`).
    #[arg(value_name = "ID", value_parser = parse_id)]
    pub ids: Vec<i64>,
    /// Every output now internal (what `southdesk ingest` stores by default).
    #[arg(long)]
    pub all_internal: bool,
}

fn parse_visibility(s: &str) -> Result<Visibility, String> {
    s.parse()
}

fn parse_id(s: &str) -> Result<i64, String> {
    s.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("`{s}` is not an output id (a whole number from 1)"))
}

pub async fn run(store_args: StoreArgs, command: OutputsCommand) -> anyhow::Result<()> {
    let (which, to) = match command {
        OutputsCommand::Publish { which } => (which, Visibility::Public),
        OutputsCommand::SetVisibility { which, to } => (which, to),
        OutputsCommand::Bench(args) => {
            return crate::cmd::search_bench::run(store_args, args).await;
        }
    };
    if which.ids.is_empty() && !which.all_internal {
        bail!("name the outputs: give their ids (ID…) or --all-internal");
    }
    let (data, store) = store_args.open().await?;
    let index = open_index(&data)?;
    let catalogue = Catalogue::new(store.clone(), Arc::new(index), Arc::new(Tagger::builtin()));
    let mut ids = which.ids.clone();
    if which.all_internal {
        for id in catalogue
            .ids_with_visibility(Visibility::Internal)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
        {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    // Every id must be stored before anything changes.
    for id in &ids {
        if store.output(*id).await?.is_none() {
            store.close().await;
            bail!("output #{id} not found; nothing changed");
        }
    }
    let result = catalogue.set_visibility(&ids, to, None).await;
    store.close().await;
    let changes = result.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut changed = 0;
    for c in &changes {
        if c.from == to {
            println!("#{} already {to}: {}", c.output.id, title(&c.output));
        } else {
            changed += 1;
            println!("#{} {} → {to}: {}", c.output.id, c.from, title(&c.output));
        }
    }
    println!(
        "{changed} output{} made {to}, {} already {to}",
        if changed == 1 { "" } else { "s" },
        changes.len() - changed
    );
    Ok(())
}

fn title(o: &southdesk_plan::outputs::Output) -> String {
    o.best_version(southdesk_plan::Lang::En).title.clone()
}
