//! `southdesk plan …`: versions of the work plan.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Serialize;
use southdesk_plan::{Lang, NewPlanVersion, Plan, PlanVersion, VersionStatus, diff, import, load};
use southdesk_store::Store;

use crate::context::StoreArgs;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Subcommand, Debug)]
pub enum PlanCommand {
    /// Print the adopted plan (or another version).
    Show {
        /// Version id; default: the adopted version.
        #[arg(long)]
        version: Option<i64>,
        /// Language of the text output.
        #[arg(long, default_value = "en")]
        lang: Lang,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List stored versions, newest first.
    Versions {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Read a work-plan document (text or Markdown, Chinese or English; or a
    /// plan file in TOML) and store it as a draft version.
    Import {
        file: PathBuf,
        /// Print what was read; store nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Label of the stored version [default: the file name].
        #[arg(long)]
        label: Option<String>,
    },
    /// Show what changed between two versions (ids, or `adopted`).
    Diff {
        from: String,
        to: String,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Adopt a draft version: it comes into force and the adopted one is superseded.
    Adopt {
        id: i64,
        /// Adoption date, YYYY-MM-DD [default: today].
        #[arg(long)]
        on: Option<String>,
    },
}

pub async fn run(store_args: StoreArgs, cmd: PlanCommand) -> anyhow::Result<()> {
    // A dry run reads the document only: no data folder, no store.
    if let PlanCommand::Import {
        file,
        dry_run: true,
        format,
        ..
    } = &cmd
    {
        return dry_run(file, *format);
    }
    let (_, store) = store_args.open().await?;
    let result = run_with_store(store.as_ref(), cmd).await;
    store.close().await;
    result
}

async fn run_with_store(store: &dyn Store, cmd: PlanCommand) -> anyhow::Result<()> {
    match cmd {
        PlanCommand::Show {
            version,
            lang,
            format,
        } => {
            let v = match version {
                Some(id) => version_by_id(store, id).await?,
                None => store
                    .adopted_plan()
                    .await?
                    .context("no adopted plan is stored")?,
            };
            match format {
                Format::Json => print_json(&v),
                Format::Text => {
                    print!("{}", render_plan(&v, lang));
                    Ok(())
                }
            }
        }
        PlanCommand::Versions { format } => {
            let versions = store.plan_versions().await?;
            match format {
                Format::Json => print_json(&versions),
                Format::Text => {
                    println!(
                        "{:>4}  {:<10}  {:<9}  {:<10}  {:>6}  label",
                        "id", "status", "period", "adopted", "themes"
                    );
                    for v in versions {
                        println!(
                            "{:>4}  {:<10}  {:<9}  {:<10}  {:>6}  {}",
                            v.id,
                            v.status.as_str(),
                            format!("{}-{}", v.period.start, v.period.end),
                            v.adopted_on
                                .map(|d| d.to_string())
                                .unwrap_or_else(|| "-".into()),
                            v.themes,
                            v.label
                        );
                    }
                    Ok(())
                }
            }
        }
        PlanCommand::Import {
            file,
            format,
            label,
            ..
        } => {
            let base = store
                .adopted_plan()
                .await?
                .map(|v| v.plan)
                .unwrap_or_else(Plan::embedded_2026_2028);
            let plan = read_plan_file(&file, &base)?;
            let label = label.unwrap_or_else(|| {
                file.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            let meta = store
                .insert_plan_version(NewPlanVersion {
                    label,
                    status: VersionStatus::Draft,
                    adopted_on: None,
                    source: format!("import:{}", file.display()),
                    plan,
                })
                .await?;
            match format {
                Format::Json => print_json(&meta),
                Format::Text => {
                    println!(
                        "stored draft version {} ({} themes) from {}",
                        meta.id,
                        meta.themes,
                        file.display()
                    );
                    Ok(())
                }
            }
        }
        PlanCommand::Diff { from, to, format } => {
            let a = resolve(store, &from).await?;
            let b = resolve(store, &to).await?;
            let d = diff::diff(&a.plan, &b.plan);
            match format {
                Format::Json => print_json(&d),
                Format::Text => {
                    if d.changes.is_empty() {
                        println!("versions {} and {} do not differ", a.meta.id, b.meta.id);
                    } else {
                        print!("{d}");
                    }
                    Ok(())
                }
            }
        }
        PlanCommand::Adopt { id, on } => {
            let v = version_by_id(store, id).await?;
            if v.meta.status != VersionStatus::Draft {
                bail!(
                    "version {id} is {}, only a draft can be adopted",
                    v.meta.status
                );
            }
            let problems = load::validate(&v.plan, true);
            if let Some(first) = problems.first() {
                bail!(
                    "version {id} cannot be adopted: {} problem(s), first: {}",
                    problems.len(),
                    first
                );
            }
            let on = match on {
                Some(s) => time::Date::parse(
                    &s,
                    time::macros::format_description!("[year]-[month]-[day]"),
                )
                .with_context(|| format!("--on {s}: expected a date as YYYY-MM-DD"))?,
                None => time::OffsetDateTime::now_utc().date(),
            };
            let meta = store.adopt_plan_version(id, on).await?;
            println!("version {} adopted on {}", meta.id, on);
            Ok(())
        }
    }
}

fn dry_run(file: &Path, format: Format) -> anyhow::Result<()> {
    let text = read_text(file)?;
    if is_toml(file) {
        let plan = load::from_toml_str(&text, &file.display().to_string())?;
        return match format {
            Format::Json => print_json(&plan),
            Format::Text => {
                println!(
                    "{}: a valid plan file with {} themes",
                    file.display(),
                    plan.themes.len()
                );
                Ok(())
            }
        };
    }
    let doc =
        import::read_document(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Out<'a> {
                title: Option<&'a str>,
                language: Lang,
                period: Option<southdesk_plan::Period>,
                themes: Vec<ThemeOut<'a>>,
            }
            #[derive(Serialize)]
            struct ThemeOut<'a> {
                number: u16,
                title: &'a str,
                body: &'a str,
                line: usize,
            }
            print_json(&Out {
                title: doc.title.as_deref(),
                language: doc.language,
                period: doc.period,
                themes: doc
                    .themes
                    .iter()
                    .map(|t| ThemeOut {
                        number: t.number,
                        title: &t.title,
                        body: &t.body,
                        line: t.line,
                    })
                    .collect(),
            })
        }
        Format::Text => {
            println!(
                "{}: {} themes ({})",
                file.display(),
                doc.themes.len(),
                doc.language
            );
            for t in &doc.themes {
                println!("{:>3}. {}", t.number, t.title);
            }
            Ok(())
        }
    }
}

fn is_toml(file: &Path) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

fn read_text(file: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            file.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text))
}

/// A plan file (TOML, validated strictly) or a plan document read into a draft of `base`.
fn read_plan_file(file: &Path, base: &Plan) -> anyhow::Result<Plan> {
    let text = read_text(file)?;
    if is_toml(file) {
        return Ok(load::from_toml_str(&text, &file.display().to_string())?);
    }
    let doc =
        import::read_document(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    Ok(doc.into_draft(base))
}

async fn version_by_id(store: &dyn Store, id: i64) -> anyhow::Result<PlanVersion> {
    store
        .plan_version(id)
        .await?
        .with_context(|| format!("no plan version {id} (see `southdesk plan versions`)"))
}

async fn resolve(store: &dyn Store, which: &str) -> anyhow::Result<PlanVersion> {
    if which == "adopted" {
        return store
            .adopted_plan()
            .await?
            .context("no adopted plan is stored");
    }
    let id: i64 = which
        .parse()
        .map_err(|_| anyhow::anyhow!("`{which}` is not a version id or `adopted`"))?;
    version_by_id(store, id).await
}

fn print_json<T: Serialize>(v: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn programme_name(plan: &Plan, id: &str) -> String {
    plan.programme(id)
        .map(|p| p.acronym.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The plan as readable text in one language.
fn render_plan(v: &PlanVersion, lang: Lang) -> String {
    use std::fmt::Write;
    let plan = &v.plan;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", plan.title.best(lang), plan.period);
    let _ = writeln!(
        out,
        "version {} · {} · {}",
        v.meta.id,
        v.meta.status,
        v.meta
            .adopted_on
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into())
    );
    out.push('\n');
    for o in &plan.objectives {
        let _ = writeln!(out, "({}) {}", o.id, o.title.best(lang));
    }
    let modes: Vec<&str> = plan.modes.iter().map(|m| m.title.best(lang)).collect();
    let _ = writeln!(out, "\n{}\n", modes.join(" · "));
    for t in &plan.themes {
        let _ = writeln!(out, "{:>2}. {} [{}]", t.number, t.title.best(lang), t.id);
        let mut progs = vec![programme_name(plan, &t.lead)];
        progs.extend(
            t.supporting
                .iter()
                .map(|p| format!("+{}", programme_name(plan, p))),
        );
        let _ = writeln!(out, "    {}", progs.join(" "));
        for topic in &t.topics {
            let _ = writeln!(out, "    - {}", topic.title.best(lang));
        }
        if !t.forums.is_empty() {
            let forums: Vec<String> = t
                .forums
                .iter()
                .map(|f| {
                    plan.forum(f)
                        .map(|f| f.acronym.best(lang).to_string())
                        .unwrap_or_else(|| f.clone())
                })
                .collect();
            let _ = writeln!(out, "    ({})", forums.join(", "));
        }
    }
    out
}
