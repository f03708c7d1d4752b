//! `southdesk tagger` (being written).
#[derive(clap::Subcommand, Debug)]
pub enum TaggerCommand {
    Eval,
}

pub fn run(_cmd: TaggerCommand) -> anyhow::Result<()> {
    anyhow::bail!("tagger: not built yet")
}
