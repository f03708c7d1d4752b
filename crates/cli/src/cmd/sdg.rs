//! `southdesk sdg` (being written).
#[derive(clap::Subcommand, Debug)]
pub enum SdgCommand {
    Detect,
}

pub fn run(_cmd: SdgCommand) -> anyhow::Result<()> {
    anyhow::bail!("sdg: not built yet")
}
