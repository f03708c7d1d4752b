//! `southdesk tag` (being written).
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct TagArgs {
    pub file: Option<PathBuf>,
}

pub fn run(_args: TagArgs) -> anyhow::Result<()> {
    anyhow::bail!("tag: not built yet")
}
