//! `southdesk meetings …`: the negotiations calendar from the command line.

use std::path::PathBuf;

use anyhow::{Context, bail};
use southdesk_calendar::{Forums, When};
use southdesk_store::MeetingFilter;

use crate::context::StoreArgs;

#[derive(clap::Subcommand, Debug)]
pub enum MeetingsCommand {
    /// Import the events of an iCalendar (.ics) file as meetings, all or
    /// nothing. Recurring events become one meeting per occurrence; themes
    /// come from the forum body and from the tagger.
    Import {
        /// The .ics file.
        file: PathBuf,
        /// Meetings already stored (same UID) follow the file: dates,
        /// status and details are updated; the Centre's roles, checklist
        /// and themes stay. Without it a known UID is refused.
        #[arg(long)]
        update: bool,
    },
    /// List meetings by start, one per line (tab-separated: id, start, end,
    /// time zone, status, body, themes, title).
    List {
        /// First day (2026-03-01): meetings that end on or after it.
        #[arg(long)]
        from: Option<String>,
        /// Last day, included.
        #[arg(long)]
        to: Option<String>,
        /// Only meetings with this theme.
        #[arg(long)]
        theme: Option<String>,
    },
}

fn day(s: &str, flag: &str) -> anyhow::Result<jiff::Timestamp> {
    let d: jiff::civil::Date = s
        .trim()
        .parse()
        .with_context(|| format!("--{flag} {s:?} is not a day such as 2026-03-01"))?;
    Ok(jiff::tz::TimeZone::UTC.to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))?)
}

pub async fn run(store_args: StoreArgs, command: MeetingsCommand) -> anyhow::Result<()> {
    // Read and check the file before touching the database.
    let file = match &command {
        MeetingsCommand::Import { file, .. } => Some((
            file.clone(),
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?,
        )),
        MeetingsCommand::List { .. } => None,
    };
    let (_, store) = store_args.open().await?;
    let result = async {
        match command {
            MeetingsCommand::Import { update, .. } => {
                let (path, bytes) = file.expect("read above");
                let text = String::from_utf8(bytes)
                    .map_err(|e| anyhow::anyhow!("{}: not UTF-8 text ({e})", path.display()))?;
                let plan = store
                    .adopted_plan()
                    .await?
                    .map(|v| v.plan)
                    .unwrap_or_else(southdesk_plan::Plan::embedded_2026_2028);
                let forums = Forums::embedded();
                let mut data = southdesk_calendar::parse_ics(&text, &forums, &plan)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                let tagger = southdesk_tagger::Tagger::builtin();
                for d in &mut data {
                    let tagged = tagger
                        .tag(
                            &d.text_to_tag(),
                            &southdesk_tagger::TagOptions { all: false },
                        )
                        .themes
                        .into_iter()
                        .filter(|t| !t.candidate)
                        .map(|t| t.id);
                    d.add_themes(&forums, tagged);
                }
                let refused = |e| anyhow::anyhow!("{}: {e}; nothing was imported", path.display());
                if update {
                    let synced = store.sync_meetings(data).await.map_err(refused)?;
                    println!(
                        "imported {} meetings from {}: {} updated, {} unchanged",
                        synced.added.len(),
                        path.display(),
                        synced.updated.len(),
                        synced.unchanged
                    );
                } else {
                    let stored = store.import_meetings(data).await.map_err(refused)?;
                    println!("imported {} meetings from {}", stored.len(), path.display());
                }
                Ok(())
            }
            MeetingsCommand::List { from, to, theme } => {
                let mut filter = MeetingFilter::default();
                if let Some(f) = from {
                    filter.from = Some(day(&f, "from")?);
                }
                if let Some(t) = to {
                    let end = day(&t, "to")?;
                    filter.to = Some(end.checked_add(jiff::SignedDuration::from_hours(24))?);
                }
                if let Some(t) = theme {
                    if let Some(plan) = store.adopted_plan().await?.map(|v| v.plan)
                        && plan.theme(&t).is_none()
                    {
                        let ids: Vec<&str> = plan.themes.iter().map(|t| t.id.as_str()).collect();
                        bail!(
                            "no theme {t:?} in the adopted plan (themes: {})",
                            ids.join(", ")
                        );
                    }
                    filter.themes.push(t);
                }
                for m in store.meetings(&filter).await? {
                    let d = &m.data;
                    let (start, end, tz) = match &d.when {
                        When::Timed { start, end, tz } => (
                            start.strftime("%Y-%m-%d %H:%M").to_string(),
                            end.strftime("%Y-%m-%d %H:%M").to_string(),
                            tz.as_str(),
                        ),
                        When::AllDay { first, last } => {
                            (first.to_string(), last.to_string(), "all-day")
                        }
                    };
                    println!(
                        "{}\t{start}\t{end}\t{tz}\t{}\t{}\t{}\t{}",
                        m.id,
                        d.status.as_str(),
                        d.body.as_deref().unwrap_or("-"),
                        d.themes.join(","),
                        d.title.replace(['\t', '\n'], " ")
                    );
                }
                Ok(())
            }
        }
    }
    .await;
    store.close().await;
    result
}
