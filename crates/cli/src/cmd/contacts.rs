//! `southdesk contacts …`: the contacts register from the command line.

use southdesk_contacts::OrgKind;
use southdesk_store::{OrgFilter, PersonFilter};

use crate::context::StoreArgs;

#[derive(clap::Subcommand, Debug)]
pub enum ContactsCommand {
    /// List people (or organisations) by name, one per line, tab-separated:
    /// people as id, name, Latin name, first e-mail; organisations as id,
    /// kind, country, name, acronym. `--format json` prints the records.
    List {
        /// Organisations instead of people.
        #[arg(long)]
        organisations: bool,
        /// Words found in a name, in any script (accents and case ignored).
        #[arg(long, default_value = "")]
        query: String,
        /// Only organisations of this kind (ministry, permanent-mission,
        /// un-body, ifi, intergovernmental, group, university, think-tank,
        /// ngo, foundation, private).
        #[arg(long)]
        kind: Option<String>,
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
}

pub async fn run(store_args: StoreArgs, command: ContactsCommand) -> anyhow::Result<()> {
    let ContactsCommand::List {
        organisations,
        query,
        kind,
        format,
    } = command;
    let kind = match kind.as_deref() {
        None => None,
        Some(k) => Some(OrgKind::parse(k).ok_or_else(|| {
            let all: Vec<&str> = OrgKind::ALL.iter().map(|k| k.as_str()).collect();
            anyhow::anyhow!(
                "--kind {k:?} is not a kind of organisation ({})",
                all.join(", ")
            )
        })?),
    };
    let (_, store) = store_args.open().await?;
    let result = async {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        if organisations {
            let orgs = store
                .organisations(&OrgFilter {
                    query,
                    kind,
                    country: None,
                    limit: 0,
                })
                .await?;
            if format == "json" {
                println!("{}", serde_json::to_string_pretty(&orgs)?);
            }
            for o in orgs.iter().filter(|_| format == "text") {
                let d = &o.data;
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    o.id,
                    d.kind.as_str(),
                    d.country.as_deref().unwrap_or("-"),
                    clean(&d.name),
                    d.acronym.as_deref().unwrap_or("-")
                );
            }
        } else {
            let people = store.people(&PersonFilter { query, limit: 0 }).await?;
            if format == "json" {
                println!("{}", serde_json::to_string_pretty(&people)?);
            }
            for p in people.iter().filter(|_| format == "text") {
                let d = &p.data;
                println!(
                    "{}\t{}\t{}\t{}",
                    p.id,
                    clean(&d.name),
                    d.latin_name.as_deref().map_or("-".to_string(), clean),
                    d.emails.first().map_or("-", String::as_str)
                );
            }
        }
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}
