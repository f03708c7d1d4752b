//! `southdesk outputs bench`: search over HTTP under concurrent
//! connections, beside `GET /healthz` and beside the same queries run in
//! this process through the search crate (the lower bound). The store gets
//! `--outputs` generated outputs (in the four languages, over the plan's
//! themes) if it holds fewer; the index follows the store as in `serve`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use southdesk_kb::search::{self, SearchParams};
use southdesk_plan::Lang;
use southdesk_plan::authz::output_scope;
use southdesk_plan::outputs::{NewOutput, OutputType, OutputVersion, Visibility};
use southdesk_store::{OutputFilter, Page};

use crate::cmd::kb::open_index;
use crate::cmd::requests::Phase;
use crate::context::StoreArgs;

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// Outputs the store should hold (generated ones are added if fewer).
    #[arg(long, default_value_t = 1000)]
    pub outputs: usize,
    /// Connection counts to measure, comma-separated.
    #[arg(long, default_value = "1,50,200", value_delimiter = ',')]
    pub connections: Vec<usize>,
    /// Seconds per phase.
    #[arg(long, default_value_t = 5)]
    pub seconds: u64,
    /// Search without the index's cache of answers to repeated queries:
    /// every query is computed (what a never-seen query costs).
    #[arg(long)]
    pub no_cache: bool,
}

const QUERIES: [&str; 6] = [
    "trade fisheries",
    "debt restructuring",
    "health pandemic",
    "climate finance",
    "propriété intellectuelle",
    "税收 合作",
];

/// A generated output: words of one area, in one language.
fn generated(i: usize) -> NewOutput {
    const TOPICS: [(&str, &str, Lang); 8] = [
        (
            "Fisheries subsidies and the WTO",
            "trade fisheries subsidies special and differential treatment developing countries",
            Lang::En,
        ),
        (
            "Sovereign debt restructuring",
            "debt restructuring creditors IMF developing countries fiscal space",
            Lang::En,
        ),
        (
            "Pandemic agreement and equity",
            "health pandemic vaccines TRIPS waiver access to medicines",
            Lang::En,
        ),
        (
            "Climate finance after COP",
            "climate finance adaptation loss and damage developed countries obligations",
            Lang::En,
        ),
        (
            "Propriété intellectuelle et santé",
            "propriété intellectuelle brevets médicaments accès santé publique",
            Lang::Fr,
        ),
        (
            "Deuda y desarrollo",
            "deuda soberana reestructuración países en desarrollo",
            Lang::Es,
        ),
        (
            "国际税收合作",
            "税收 合作 联合国 框架公约 发展中国家",
            Lang::Zh,
        ),
        (
            "Digital trade and data",
            "electronic commerce moratorium data flows digital industrialisation",
            Lang::En,
        ),
    ];
    let (title, words, lang) = TOPICS[i % TOPICS.len()];
    NewOutput {
        output_type: OutputType::AnalyticalNote,
        series: None,
        number: None,
        date: time::Date::from_calendar_date(2020 + (i % 7) as i32, time::Month::March, 1)
            .expect("a date"),
        visibility: Visibility::Public,
        versions: vec![OutputVersion {
            lang,
            title: format!("{title} ({i})"),
            abstract_: format!("{words} {i}"),
            body: std::iter::repeat_n(words, 20)
                .collect::<Vec<_>>()
                .join(". "),
            file: None,
        }],
        authors: Vec::new(),
        programmes: Vec::new(),
        forums: Vec::new(),
        meetings: Vec::new(),
        countries: Vec::new(),
        themes: Vec::new(),
        sdgs: Vec::new(),
        tags_confirmed: false,
        proposed_tags: Vec::new(),
    }
}

pub async fn run(store_args: StoreArgs, args: BenchArgs) -> anyhow::Result<()> {
    let (data, store) = store_args.open().await?;
    let have = store
        .outputs(&OutputFilter::everything(), Page::first(1))
        .await?
        .total as usize;
    if have < args.outputs {
        let started = Instant::now();
        for i in have..args.outputs {
            store
                .create_output(generated(i), None)
                .await
                .context("storing a generated output")?;
        }
        println!(
            "stored {} generated outputs in {:.1} s",
            args.outputs - have,
            started.elapsed().as_secs_f64()
        );
    }
    let index = if args.no_cache {
        let dir = data.join("index");
        let options = southdesk_search::Options {
            result_cache: 0,
            ..Default::default()
        };
        southdesk_kb::open_index_with(&dir, options)
            .with_context(|| format!("cannot open the search index in {}", dir.display()))?
    } else {
        open_index(&data)?
    };
    let index = Arc::new(index);
    let state = southdesk_web::AppState::new(store.clone()).with_index(index.clone());
    let started = Instant::now();
    let caught = state
        .catalogue()
        .catch_up()
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if caught.outputs > 0 {
        println!(
            "indexed {} outputs in {:.1} s",
            caught.outputs,
            started.elapsed().as_secs_f64()
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(southdesk_web::serve(
        listener,
        southdesk_web::router(state),
        southdesk_web::Transport::default(),
        std::future::pending(),
    ));
    println!(
        "southdesk search benchmark: {} store, {} outputs, {} s per phase, {} cores, result cache {}",
        store.backend(),
        args.outputs.max(have),
        args.seconds,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        if args.no_cache { "off" } else { "on" }
    );
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .build()?;
    for &conns in &args.connections {
        for name in [
            "GET /healthz",
            "GET /outputs?q=",
            "GET /api/v1/search",
            "in-process",
        ] {
            let until = Instant::now() + Duration::from_secs(args.seconds);
            let started = Instant::now();
            let mut tasks = tokio::task::JoinSet::new();
            for c in 0..conns {
                let (http, index) = (http.clone(), index.clone());
                tasks.spawn(async move {
                    let (mut ok, mut errors, mut lat) = (0usize, 0usize, Vec::new());
                    let mut n = c;
                    while Instant::now() < until {
                        let q = QUERIES[n % QUERIES.len()];
                        n += 1;
                        let t = Instant::now();
                        let good = match name {
                            "in-process" => {
                                let p = SearchParams {
                                    q: q.to_string(),
                                    ..SearchParams::default()
                                };
                                search::answer(index.clone(), p, output_scope(None))
                                    .await
                                    .is_ok()
                            }
                            _ => {
                                let (path, query) = match name {
                                    "GET /healthz" => ("/healthz", None),
                                    "GET /outputs?q=" => ("/outputs", Some(q)),
                                    _ => ("/api/v1/search", Some(q)),
                                };
                                let mut req = http.get(format!("http://{addr}{path}"));
                                if let Some(q) = query {
                                    req = req.query(&[("q", q)]);
                                }
                                match req.send().await {
                                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                                    _ => false,
                                }
                            }
                        };
                        if good {
                            ok += 1;
                            lat.push(t.elapsed());
                        } else {
                            errors += 1;
                        }
                    }
                    (ok, errors, lat)
                });
            }
            let mut phase = Phase::collect(name, started, tasks).await?;
            print!("{conns:>4} conns  ");
            phase.report();
        }
    }
    store.close().await;
    Ok(())
}
