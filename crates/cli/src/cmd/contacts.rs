//! `southdesk contacts …`: the contacts register from the command line.

use std::io::Write as _;

use anyhow::Context as _;
use southdesk_contacts::{
    OrgKind, RowAction, RowNote, person_uid, read_people, retention_cutoff, write_people_csv,
    write_people_vcard,
};
use southdesk_plan::Plan;
use southdesk_store::{ContactAccess, OrgFilter, PersonFilter};

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
    /// Export the people a search finds (everyone by default; not those
    /// whose data was erased) as CSV, in the columns `import` reads, or as
    /// vCard 4.0. Each person exported is written to the audit log.
    Export {
        #[arg(long, default_value = "csv", value_parser = ["csv", "vcard"])]
        format: String,
        /// Words found in a name or an e-mail.
        #[arg(long, default_value = "")]
        query: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Purge the people whose retention has ended: nothing has tied them to
    /// the Centre for `--years` (the record unchanged, no post held, no
    /// interaction logged). Lists them; erases them (nothing identifying
    /// stays, links and counts do; each erasure in the audit log) only with
    /// `--yes`. `serve` does this once a day.
    Purge {
        #[arg(long, env = "SOUTHDESK_CONTACT_RETENTION_YEARS",
              default_value_t = southdesk_contacts::DEFAULT_RETENTION_YEARS,
              value_parser = clap::value_parser!(u16).range(1..=100))]
        years: u16,
        #[arg(long)]
        yes: bool,
    },
    /// The day's round of agreements: each renewed tacitly whose last day
    /// is past renews itself; each within its notice of the last day puts
    /// a reminder in its responsible account's inbox (once per last day).
    /// Prints what it did. `serve` does this once a day.
    Remind,
    /// List agreements, one per line, tab-separated: id, standing today,
    /// last day, title.
    Agreements {
        /// Only those standing so today (draft, pending, in-force,
        /// expiring, expired, terminated).
        #[arg(long)]
        standing: Option<String>,
    },
    /// Benchmark: imports `--people` generated people, then times the
    /// searches of the `/contacts` page and the posts 500 people hold.
    /// Writes to the store: run it on a scratch data folder or database.
    Bench {
        #[arg(long, default_value_t = 20_000)]
        people: usize,
        /// Agreements recorded with the generated missions, then timed.
        #[arg(long, default_value_t = 1_000)]
        agreements: usize,
        #[arg(long, default_value_t = 50)]
        rounds: usize,
    },
    /// Import people from a CSV file. Prints what each row would do (new,
    /// updated, unchanged, refused with its line and column) and writes
    /// nothing unless given `--yes`; then writes every row or none. Exits
    /// with 1 if any row is refused.
    Import {
        file: std::path::PathBuf,
        /// Write the rows (all or none).
        #[arg(long)]
        yes: bool,
    },
}

pub async fn run(store_args: StoreArgs, command: ContactsCommand) -> anyhow::Result<()> {
    let (organisations, query, kind, format) = match command {
        ContactsCommand::List {
            organisations,
            query,
            kind,
            format,
        } => (organisations, query, kind, format),
        ContactsCommand::Export {
            format,
            query,
            output,
        } => return export(store_args, &format, &query, output).await,
        ContactsCommand::Import { file, yes } => return import(store_args, &file, yes).await,
        ContactsCommand::Purge { years, yes } => return purge(store_args, years, yes).await,
        ContactsCommand::Remind => return remind(store_args).await,
        ContactsCommand::Agreements { standing } => {
            return agreements(store_args, standing.as_deref()).await;
        }
        ContactsCommand::Bench {
            people,
            agreements,
            rounds,
        } => {
            let (_, store) = store_args.open().await?;
            let result =
                crate::cmd::contacts_bench::run(store.as_ref(), people, agreements, rounds.max(1))
                    .await;
            store.close().await;
            return result;
        }
    };
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
                    countries: None,
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
            let people = store
                .people(&PersonFilter {
                    query,
                    theme: None,
                    limit: 0,
                })
                .await?;
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

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

async fn export(
    store_args: StoreArgs,
    format: &str,
    query: &str,
    output: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let (_, store) = store_args.open().await?;
    let result = async {
        let list = store.people_list(query, today()).await?;
        let text = match format {
            "vcard" => write_people_vcard(&list.listed(), person_uid),
            _ => write_people_csv(&list.listed()),
        };
        store
            .record_contact_accesses(&list.ids(), None, ContactAccess::Export)
            .await?;
        match &output {
            Some(path) => std::fs::write(path, &text)
                .with_context(|| format!("cannot write {}", path.display()))?,
            None => std::io::stdout().write_all(text.as_bytes())?,
        }
        eprintln!("{} people exported", list.people.len());
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}

async fn import(store_args: StoreArgs, file: &std::path::Path, yes: bool) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (_, store) = store_args.open().await?;
    let result = async {
        let plan = store
            .adopted_plan()
            .await?
            .map(|v| v.plan)
            .unwrap_or_else(Plan::embedded_2026_2028);
        let sheet = read_people(&bytes, today(), |t| plan.theme(t).is_some())
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let out = store.import_people(&sheet.rows, None, yes).await?;
        for c in &sheet.columns {
            match c.column {
                Some(col) => println!("column {:?}: {}", c.header, col.code()),
                None => println!("column {:?}: left out", c.header),
            }
        }
        let mut refused = 0;
        for o in &out {
            let what = match &o.action {
                RowAction::Create => "new".to_string(),
                RowAction::Update { id } => format!("update #{id}"),
                RowAction::Unchanged { id } => format!("unchanged #{id}"),
                RowAction::Refuse(e) => {
                    refused += 1;
                    format!("refused: {e}")
                }
            };
            println!("{}:{}\t{}\t{what}", file.display(), o.line, o.name);
            for n in &o.notes {
                let note = match n {
                    RowNote::NewOrganisation(name) => format!("new organisation {name}"),
                    RowNote::NewPost(title) => format!("new post {title}"),
                    RowNote::Holds { post, since } => format!("holds {post} from {since}"),
                    RowNote::SameName { id } => format!("#{id} has the same name"),
                };
                println!("\t\t{note}");
            }
        }
        let count = |f: fn(&RowAction) -> bool| out.iter().filter(|o| f(&o.action)).count();
        let summary = format!(
            "{} rows: {} new, {} updated, {} unchanged, {refused} refused",
            out.len(),
            count(|a| *a == RowAction::Create),
            count(|a| matches!(a, RowAction::Update { .. })),
            count(|a| matches!(a, RowAction::Unchanged { .. })),
        );
        if refused > 0 {
            anyhow::bail!("{summary}: nothing was written; fix the refused rows and run again");
        }
        if yes {
            eprintln!("{summary}: written");
        } else {
            eprintln!("{summary}: nothing written yet; run again with --yes to write them");
        }
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}

/// Erases the people past retention on `today`; returns how many.
pub async fn purge_due(
    store: &dyn southdesk_store::Store,
    years: u16,
    today: time::Date,
) -> anyhow::Result<Vec<southdesk_contacts::Person>> {
    let due = store
        .people_past_retention(retention_cutoff(today, years))
        .await?;
    let ids: Vec<i64> = due.iter().map(|p| p.id).collect();
    store.purge_people(&ids, today).await?;
    Ok(due)
}

/// Runs forever: once a day, purges the people past retention and runs
/// the round of agreements ([`southdesk_store::AgreementStore::remind_agreements`]).
pub fn spawn_daily(
    store: std::sync::Arc<dyn southdesk_store::Store>,
    years: u16,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match purge_due(store.as_ref(), years, today()).await {
                Ok(done) if !done.is_empty() => {
                    tracing::info!(people = done.len(), years, "purged people past retention")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot purge people past retention"),
            }
            match store.remind_agreements(today()).await {
                Ok(r) if !r.reminded.is_empty() || !r.renewed.is_empty() => tracing::info!(
                    reminded = r.reminded.len(),
                    renewed = r.renewed.len(),
                    "agreements: reminders sent"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot remind of agreements"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(24 * 3600)).await;
        }
    })
}

async fn purge(store_args: StoreArgs, years: u16, yes: bool) -> anyhow::Result<()> {
    let (_, store) = store_args.open().await?;
    let result = async {
        let cutoff = retention_cutoff(today(), years);
        if yes {
            let done = purge_due(store.as_ref(), years, today()).await?;
            for p in &done {
                println!("{}\terased", p.id);
            }
            eprintln!(
                "{} people erased: nothing tied them to the Centre since {cutoff}",
                done.len()
            );
        } else {
            let due = store.people_past_retention(cutoff).await?;
            for p in &due {
                println!(
                    "{}\t{}",
                    p.id,
                    p.data.display_name().replace(['\t', '\n'], " ")
                );
            }
            eprintln!(
                "{} people have had nothing tie them to the Centre since {cutoff}; run again \
                 with --yes to erase them",
                due.len()
            );
        }
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}

async fn remind(store_args: StoreArgs) -> anyhow::Result<()> {
    let (_, store) = store_args.open().await?;
    let result = async {
        let done = store.remind_agreements(today()).await?;
        for id in &done.renewed {
            println!("{id}\trenewed");
        }
        for id in &done.reminded {
            println!("{id}\treminded");
        }
        eprintln!(
            "{} agreements renewed themselves, {} reminders sent",
            done.renewed.len(),
            done.reminded.len()
        );
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}

async fn agreements(store_args: StoreArgs, standing: Option<&str>) -> anyhow::Result<()> {
    use southdesk_contacts::Standing;
    let standing = match standing {
        None => None,
        Some(s) => Some(Standing::parse(s).ok_or_else(|| {
            let all: Vec<&str> = Standing::ALL.iter().map(|s| s.as_str()).collect();
            anyhow::anyhow!("--standing {s:?} is not a standing ({})", all.join(", "))
        })?),
    };
    let (_, store) = store_args.open().await?;
    let result = async {
        let day = today();
        let list = store
            .agreements(&southdesk_store::AgreementFilter {
                standing,
                on: Some(day),
                ..Default::default()
            })
            .await?;
        for a in &list {
            println!(
                "{}\t{}\t{}\t{}",
                a.id,
                a.data.standing(day).as_str(),
                a.data
                    .valid_until
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                a.data.title.replace(['\t', '\n'], " ")
            );
        }
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}
