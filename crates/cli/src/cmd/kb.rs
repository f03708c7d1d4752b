//! `southdesk reindex`, `southdesk search`, `southdesk export`: the
//! knowledge base's search index and citations from the command line.
//!
//! The index lives in `DATA/index/` and follows the store's change feed.
//! `reindex` asks for a rebuild from the store: done here when no other
//! process writes the index, else by the running server, which this command
//! waits for. `search` and `export` first apply what the index has not seen
//! yet, when they may write it.
//! `search` and `export` answer as the `/outputs` page and
//! `GET /api/v1/search` do for a visitor who sees the `--visibility` levels.
//! Who runs `search` holds the data folder, so it shows every visibility
//! unless told otherwise, and says so on its first line; `export` makes
//! citations to hand out, so it cites public outputs unless told otherwise.

use std::sync::Arc;

use anyhow::{Context, bail};
use southdesk_kb::cite::Format;
use southdesk_kb::search::{self, SearchParams, facet_param};
use southdesk_kb::{Catalogue, KbError};
use southdesk_plan::authz::OutputScope;
use southdesk_plan::outputs::Visibility;
use southdesk_plan::{Lang, outputs::Output};
use southdesk_search::{Facet, SearchIndex};
use southdesk_store::{OutputFilter, Page, Store};
use southdesk_tagger::Tagger;

use crate::context::StoreArgs;

/// Opens the index in the data folder.
pub fn open_index(data: &std::path::Path) -> anyhow::Result<SearchIndex> {
    let dir = data.join("index");
    southdesk_kb::open_index(&dir)
        .with_context(|| format!("cannot open the search index in {}", dir.display()))
}

fn catalogue(store: Arc<dyn Store>, index: SearchIndex) -> Catalogue {
    Catalogue::new(store, Arc::new(index), Arc::new(Tagger::builtin()))
}

fn kb(e: KbError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// `southdesk reindex`.
pub async fn reindex(store_args: StoreArgs) -> anyhow::Result<()> {
    let (data, store) = store_args.open().await?;
    let index = open_index(&data)?;
    let started = std::time::Instant::now();
    let cat = catalogue(store.clone(), index);
    let (seq, done) = cat.reindex().await.map_err(kb)?;
    let dir = data.join("index");
    match done {
        Some(done) => println!(
            "indexed {} output{} in {:.1} s ({})",
            done.outputs,
            if done.outputs == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64(),
            dir.display()
        ),
        None => {
            println!(
                "another process (a running `southdesk serve`) writes the index in {}; it is \
                 rebuilding it from the store…",
                dir.display()
            );
            if !cat.wait_for(seq, REINDEX_WAIT).await.map_err(kb)? {
                store.close().await;
                bail!(
                    "the index in {} was not rebuilt within {} s: the process writing it is not \
                     following the store (stop it, then run `southdesk reindex` again)",
                    dir.display(),
                    REINDEX_WAIT.as_secs()
                );
            }
            println!(
                "rebuilt by the running server in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    store.close().await;
    Ok(())
}

/// How long `reindex` waits for a running server to rebuild.
const REINDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Applies what the index has not seen of the store's feed, unless another
/// process (a running server) writes it — then it is kept up by that one.
async fn catch_up(cat: &Catalogue) -> anyhow::Result<()> {
    match cat.catch_up().await {
        Ok(_) | Err(KbError::Search(southdesk_search::SearchError::Busy)) => Ok(()),
        Err(e) => Err(kb(e)),
    }
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchFormat {
    Text,
    Json,
}

/// What `search` and `export` filter on.
#[derive(clap::Args, Debug, Clone)]
pub struct QueryArgs {
    /// Facet filter FACET=VALUE (type, series, theme, sdg, programme, forum,
    /// year, lang, country); repeat for more (values of one facet are
    /// alternatives).
    #[arg(long = "filter", value_name = "FACET=VALUE")]
    pub filters: Vec<String>,
    /// Language to favour in the ranking (zh, en, fr, es).
    #[arg(long)]
    pub lang: Option<String>,
    /// Visibility levels to include (public, internal, confidential;
    /// comma-separated). `search`: all three by default; `export`: public.
    #[arg(long, value_delimiter = ',')]
    pub visibility: Vec<String>,
}

impl QueryArgs {
    fn params(&self, query: Option<&str>) -> anyhow::Result<SearchParams> {
        let mut p = SearchParams {
            q: query.unwrap_or("").to_string(),
            ..SearchParams::default()
        };
        for f in &self.filters {
            p.add_filter_arg(f).map_err(anyhow::Error::msg)?;
        }
        if let Some(l) = &self.lang {
            p.lang = Some(l.parse::<Lang>().map_err(anyhow::Error::msg)?);
        }
        Ok(p)
    }

    /// The levels asked for, or `default` if none.
    fn scope(&self, default: &[Visibility]) -> anyhow::Result<OutputScope> {
        let mut visibility = Vec::new();
        for v in &self.visibility {
            let v = v.parse::<Visibility>().map_err(anyhow::Error::msg)?;
            if !visibility.contains(&v) {
                visibility.push(v);
            }
        }
        if visibility.is_empty() {
            visibility = default.to_vec();
        }
        visibility.sort();
        Ok(OutputScope {
            visibility,
            confidential_of: Vec::new(),
        })
    }
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The query: words, "exact phrases", +required, -excluded.
    pub query: String,
    #[command(flatten)]
    pub query_args: QueryArgs,
    /// Results per page (1–100).
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Page of results, from 1.
    #[arg(long, default_value_t = 1)]
    pub page: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: SearchFormat,
}

/// `southdesk search`.
pub async fn search(store_args: StoreArgs, args: SearchArgs) -> anyhow::Result<()> {
    let mut params = args.query_args.params(Some(&args.query))?;
    if !(1..=search::MAX_PER_PAGE).contains(&args.limit) {
        bail!("--limit must be 1 to {}", search::MAX_PER_PAGE);
    }
    if args.page == 0 {
        bail!("--page starts at 1");
    }
    params.per_page = args.limit;
    params.page = args.page;
    // The operator holds the data folder: every visibility by default.
    let scope = args.query_args.scope(&Visibility::ALL)?;
    let shown = showing(&scope.visibility, args.query_args.visibility.is_empty());
    let lang = params.lang.unwrap_or(Lang::En);
    let (data, store) = store_args.open().await?;
    let index = open_index(&data)?;
    let cat = catalogue(store.clone(), index);
    catch_up(&cat).await?;
    let r = search::run(&cat.index, &params, &scope).map_err(kb)?;
    // The series of each hit, in the language asked for.
    let mut series = std::collections::HashMap::new();
    if args.format == SearchFormat::Text {
        for h in &r.hits {
            if let Some(o) = store.output(h.output_id).await?
                && let Some(s) = &o.series
            {
                series.insert(
                    h.output_id,
                    southdesk_kb::series::display_label(s, o.number.as_deref(), lang),
                );
            }
        }
    }
    store.close().await;
    match args.format {
        SearchFormat::Json => {
            // Standard output stays one JSON document.
            eprintln!("{shown}");
            println!("{}", serde_json::to_string_pretty(&r)?)
        }
        SearchFormat::Text => {
            println!("{shown}");
            println!("{} result{}", r.total, if r.total == 1 { "" } else { "s" });
            for h in &r.hits {
                println!(
                    "[{}] #{} {} ({}{}{})",
                    h.lang.code(),
                    h.output_id,
                    h.title,
                    series
                        .get(&h.output_id)
                        .map(|s| format!("{s}, "))
                        .unwrap_or_default(),
                    h.output_type,
                    h.date
                        .as_deref()
                        .map(|d| format!(", {d}"))
                        .unwrap_or_default()
                );
                if !h.also_in.is_empty() {
                    let langs: Vec<&str> = h.also_in.iter().map(|l| l.code()).collect();
                    println!("     also in: {}", langs.join(", "));
                }
                let snippet = strip_tags(&h.snippet_html);
                if !snippet.is_empty() {
                    println!("     {snippet}");
                }
            }
            for f in Facet::ALL {
                let counts = r.facet(f);
                if counts.is_empty() {
                    continue;
                }
                let list: Vec<String> = counts
                    .iter()
                    .map(|c| format!("{} ({})", c.value, c.count))
                    .collect();
                println!("{}: {}", facet_param(f), list.join(", "));
            }
        }
    }
    Ok(())
}

/// The first line of `search`: which visibility levels the results cover,
/// and why (`Showing public, internal and confidential outputs (local
/// operator)`).
fn showing(levels: &[Visibility], by_default: bool) -> String {
    let names: Vec<&str> = levels.iter().map(|v| v.as_str()).collect();
    let list = match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    if by_default {
        format!(
            "Showing {list} outputs (local operator; --visibility public to see what the public sees)"
        )
    } else {
        format!("Showing {list} outputs (--visibility)")
    }
}

/// Text of an HTML snippet from the index: tags dropped, entities read.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// bibtex, ris, csljson or csv.
    #[arg(long)]
    pub format: String,
    /// Cite the outputs this query finds (all outputs, newest first, if
    /// there is no query and no filter).
    pub query: Option<String>,
    #[command(flatten)]
    pub query_args: QueryArgs,
    /// The site's address, for links to the outputs.
    #[arg(
        long,
        env = "SOUTHDESK_PUBLIC_URL",
        default_value = "http://localhost:8480"
    )]
    pub base_url: String,
}

/// `southdesk export`.
pub async fn export(store_args: StoreArgs, args: ExportArgs) -> anyhow::Result<()> {
    let Some(format) = Format::parse(&args.format) else {
        bail!(
            "--format {}: expected bibtex, ris, csljson or csv",
            args.format
        );
    };
    let params = args.query_args.params(args.query.as_deref())?;
    let scope = args.query_args.scope(&[Visibility::Public])?;
    let lang = params.lang.unwrap_or(Lang::En);
    let (data, store) = store_args.open().await?;
    let outputs: Vec<Output> = if params.q.trim().is_empty() && params.filters.is_empty() {
        store
            .outputs(
                &OutputFilter::public().within(scope.clone()),
                Page::first(100_000),
            )
            .await?
            .outputs
    } else {
        let index = open_index(&data)?;
        let cat = catalogue(store.clone(), index);
        catch_up(&cat).await?;
        let mut ids: Vec<i64> = Vec::new();
        let mut p = SearchParams {
            per_page: search::MAX_PER_PAGE,
            ..params.clone()
        };
        loop {
            let r = search::run(&cat.index, &p, &scope).map_err(kb)?;
            for h in &r.hits {
                if !ids.contains(&h.output_id) {
                    ids.push(h.output_id);
                }
            }
            if r.hits.len() < p.per_page || p.page * p.per_page >= r.total {
                break;
            }
            p.page += 1;
        }
        let mut outputs = Vec::new();
        for id in ids {
            if let Some(o) = store.output(id).await?
                && (scope.visibility.contains(&o.visibility)
                    || (scope.visibility.is_empty() && o.visibility == Visibility::Public))
            {
                outputs.push(o);
            }
        }
        outputs
    };
    store.close().await;
    print!("{}", format.render(&outputs, &args.base_url, lang));
    Ok(())
}
