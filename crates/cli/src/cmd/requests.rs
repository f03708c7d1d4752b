//! `southdesk requests …`: the request desk from the command line (list,
//! show, overdue) and its load benchmark (`requests bench`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use southdesk_plan::requests::{Requester, is_overdue};
use southdesk_store::Store;
use southdesk_store::requests::{Request, RequestQuery};

use crate::context::StoreArgs;

#[derive(clap::Subcommand, Debug)]
pub enum RequestsCommand {
    /// List requests, newest first.
    List {
        /// Only this member state (ISO alpha-3) or group (id).
        #[arg(long)]
        requester: Option<String>,
        /// Only this programme (lead or supporting).
        #[arg(long)]
        programme: Option<String>,
        /// Only open requests.
        #[arg(long)]
        open: bool,
    },
    /// Show one request with its history.
    Show { id: i64 },
    /// Requests overdue today (acknowledgement or deadline passed).
    Overdue,
    /// Load benchmark: concurrent submissions and queue views over HTTP
    /// against the real router on this store; prints requests/s and p99.
    Bench {
        /// Concurrent clients.
        #[arg(long, default_value_t = 16)]
        clients: usize,
        /// Seconds each phase runs.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
}

fn requester_of(s: &str) -> Requester {
    if southdesk_plan::people::is_iso3(s) {
        Requester::Member(s.to_string())
    } else {
        Requester::Group(s.to_ascii_lowercase())
    }
}

fn line(r: &Request, today: time::Date) -> String {
    format!(
        "{:>6}  {:<11}  {:<12}  {}  ack by {}{}  {}",
        r.id,
        r.status.as_str(),
        r.requester.key(),
        r.received_at.date(),
        r.ack_due,
        if is_overdue(r.status, r.ack_due, r.deadline, today) {
            "  OVERDUE"
        } else {
            ""
        },
        r.title
    )
}

pub async fn run(store_args: StoreArgs, command: RequestsCommand) -> anyhow::Result<()> {
    let (_, store) = store_args.open().await?;
    let result = run_on(store.clone(), command).await;
    store.close().await;
    result
}

async fn run_on(store: Arc<dyn Store>, command: RequestsCommand) -> anyhow::Result<()> {
    let today = time::OffsetDateTime::now_utc().date();
    match command {
        RequestsCommand::List {
            requester,
            programme,
            open,
        } => {
            let q = RequestQuery {
                requester: requester.as_deref().map(requester_of),
                programme,
                open_only: open,
                ..Default::default()
            };
            for r in store.requests(&q).await? {
                println!("{}", line(&r, today));
            }
        }
        RequestsCommand::Overdue => {
            let q = RequestQuery {
                overdue_on: Some(today),
                ..Default::default()
            };
            for r in store.requests(&q).await? {
                println!("{}", line(&r, today));
            }
        }
        RequestsCommand::Show { id } => {
            let Some(r) = store.request(id).await? else {
                bail!("there is no request {id}");
            };
            println!("{}", line(&r, today));
            println!("contact: {}", r.contact);
            println!("mode: {}  channel: {}", r.mode, r.channel);
            println!(
                "lead: {}  supporting: {}  themes: {}{}",
                r.routing.lead.as_deref().unwrap_or("-"),
                r.routing.supporting.join(","),
                r.routing.themes.join(","),
                if r.routing.out_of_plan {
                    "  (out of plan)"
                } else {
                    ""
                }
            );
            for a in &r.attachments {
                println!("attachment {}: {} ({} bytes)", a.id, a.filename, a.size);
            }
            println!();
            println!("{}", r.text);
            println!();
            for e in store.request_events(id).await? {
                println!(
                    "{}  account {}  {}{}",
                    e.at,
                    e.actor,
                    e.kind,
                    e.to_status.map(|s| format!(" → {s}")).unwrap_or_default()
                );
            }
        }
        RequestsCommand::Bench { clients, seconds } => bench(store, clients, seconds).await?,
    }
    Ok(())
}

/// Latencies of one phase.
pub(crate) struct Phase {
    pub name: &'static str,
    pub ok: usize,
    pub errors: usize,
    pub elapsed: Duration,
    pub latencies: Vec<Duration>,
}

/// What each client task of a phase returns: successes, errors, latencies.
pub(crate) type ClientResult = (usize, usize, Vec<Duration>);

impl Phase {
    /// Joins the client tasks of phase `name`, begun at `started`.
    pub async fn collect(
        name: &'static str,
        started: Instant,
        mut tasks: tokio::task::JoinSet<ClientResult>,
    ) -> anyhow::Result<Phase> {
        let mut phase = Phase {
            name,
            ok: 0,
            errors: 0,
            elapsed: Duration::ZERO,
            latencies: Vec::new(),
        };
        while let Some(r) = tasks.join_next().await {
            let (ok, errors, lat) = r?;
            phase.ok += ok;
            phase.errors += errors;
            phase.latencies.extend(lat);
        }
        phase.elapsed = started.elapsed();
        Ok(phase)
    }

    pub fn report(&mut self) {
        self.latencies.sort();
        let pct = |p: f64| {
            self.latencies
                .get(((self.latencies.len() as f64 * p).ceil() as usize).saturating_sub(1))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        println!(
            "{:<12} {:>8.1} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} ok, {} errors, {:.1} s)",
            self.name,
            self.ok as f64 / self.elapsed.as_secs_f64(),
            pct(0.50),
            pct(0.99),
            self.ok,
            self.errors,
            self.elapsed.as_secs_f64()
        );
    }
}

async fn bench(store: Arc<dyn Store>, clients: usize, seconds: u64) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = southdesk_web::router(southdesk_web::AppState::new(store.clone()));
    // The server loop of `southdesk serve`, with its default limits.
    tokio::spawn(southdesk_web::serve(
        listener,
        app,
        southdesk_web::Transport::default(),
        std::future::pending(),
    ));
    // One delegate per client (of a few member states), with a token.
    let members = ["BRA", "IND", "ZAF", "IDN", "EGY", "ARG", "KEN", "VNM"];
    let run = format!(
        "{:x}",
        time::OffsetDateTime::now_utc().unix_timestamp_nanos()
    );
    let mut tokens = Vec::new();
    for i in 0..clients {
        let a = store
            .create_account(southdesk_store::NewAccount {
                email: format!("bench-{run}-{i}@example.org"),
                name: format!("Bench {i}"),
                role: southdesk_plan::Role::Delegate,
                programme: None,
                member: Some(members[i % members.len()].to_string()),
                group: None,
                password_hash: None,
            })
            .await
            .context("creating a bench account")?;
        let (_, t) =
            southdesk_store::credentials::create_api_token(store.as_ref(), a.id, "bench").await?;
        tokens.push(t);
    }
    let http = reqwest::Client::new();
    let base = format!("http://{addr}/api/v1");
    println!(
        "southdesk request desk benchmark: {} store, {clients} clients, {seconds} s per phase",
        store.backend()
    );
    // Baseline: the health check (router, authentication layers, one ping).
    for name in ["baseline", "submit", "queue view"] {
        let started = Instant::now();
        let until = started + Duration::from_secs(seconds);
        let mut tasks = tokio::task::JoinSet::new();
        for (i, token) in tokens.iter().enumerate() {
            let (http, base, token) = (http.clone(), base.clone(), token.clone());
            tasks.spawn(async move {
                let mut lat = Vec::new();
                let (mut ok, mut errors, mut n) = (0usize, 0usize, 0usize);
                while Instant::now() < until {
                    n += 1;
                    let t = Instant::now();
                    let res = if name == "submit" {
                        http.post(format!("{base}/requests"))
                            .bearer_auth(&token)
                            .header("idempotency-key", format!("bench-{i}-{n}"))
                            .json(&serde_json::json!({
                                "contact": "bench",
                                "title": format!("Bench request {i}-{n}"),
                                "text": "Analysis of the WTO fisheries subsidies negotiations and special and differential treatment for developing countries.",
                                "mode": "research",
                            }))
                            .send()
                            .await
                    } else if name == "baseline" {
                        http.get(format!("http://{addr}/healthz")).send().await
                    } else {
                        http.get(format!("{base}/requests"))
                            .bearer_auth(&token)
                            .send()
                            .await
                    };
                    match res {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            ok += 1;
                            lat.push(t.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                (ok, errors, lat)
            });
        }
        Phase::collect(name, started, tasks).await?.report();
    }
    Ok(())
}
