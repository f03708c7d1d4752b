//! `southdesk serve`: the web app and JSON API.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use anyhow::Context;

use southdesk_web::Transport;

use crate::context::{Hold, StoreArgs, hold_data_dir};

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SOUTHDESK_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "SOUTHDESK_PORT", default_value_t = 8480)]
    pub port: u16,
    /// SMTP server for the request desk's emails:
    /// smtp://[user:password@]host[:port]?from=address (plain SMTP). Without
    /// it no email is sent; the in-app inbox works all the same.
    #[arg(long, env = "SOUTHDESK_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Seconds between two passes of the notification sender.
    #[arg(long, env = "SOUTHDESK_NOTIFY_EVERY", default_value_t = 30)]
    pub notify_every: u64,
    /// Which notices also go out by email (all reach the in-app inbox):
    /// `all`, `none`, or some of received, assigned, status, comment,
    /// overdue, comma-separated.
    #[arg(long, env = "SOUTHDESK_EMAIL_ON", default_value = "all")]
    pub email_on: String,
    /// Working days the request desk has to acknowledge a request (weekends
    /// and the holidays of data/calendar/holidays.txt do not count).
    #[arg(long, env = "SOUTHDESK_ACK_WORKING_DAYS",
          default_value_t = southdesk_plan::requests::DEFAULT_ACK_WORKING_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=60))]
    pub ack_working_days: u32,
    /// Years the contacts register keeps a person's data after the last
    /// sign of a working relationship; then it is erased (checked daily).
    #[arg(long, env = "SOUTHDESK_CONTACT_RETENTION_YEARS",
          default_value_t = southdesk_contacts::DEFAULT_RETENTION_YEARS,
          value_parser = clap::value_parser!(u16).range(1..=100))]
    pub contact_retention_years: u16,
    /// Milliseconds between two looks at the store's change feed, for the
    /// search index to follow writes made by other processes.
    #[arg(long, env = "SOUTHDESK_FOLLOW_MS", default_value_t = 500)]
    pub follow_ms: u64,
    /// Seconds a client has to send a request's line and headers (from the
    /// connection's opening, or from the first byte of a later request);
    /// then the connection is closed.
    #[arg(long, env = "SOUTHDESK_HEADER_TIMEOUT",
          default_value_t = Transport::DEFAULT_HEADER_SECS,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds a request's body (or the client's reading of the answer) may
    /// stall: the limit is on silence, not on the whole upload. A body that
    /// stops coming is answered 408 and its connection closed.
    #[arg(long, env = "SOUTHDESK_BODY_TIMEOUT",
          default_value_t = Transport::DEFAULT_BODY_SECS,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,
    /// Seconds a kept-alive connection may wait for its next request.
    #[arg(long, env = "SOUTHDESK_IDLE_TIMEOUT",
          default_value_t = Transport::DEFAULT_IDLE_SECS,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idle_timeout: u64,
    /// Most connections served at once; more wait in the accept queue.
    #[arg(long, env = "SOUTHDESK_MAX_CONNECTIONS",
          default_value_t = Transport::DEFAULT_MAX_CONNECTIONS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1_000_000))]
    pub max_connections: usize,
}

impl ServeArgs {
    /// The server's transport limits, from the options.
    pub fn transport(&self) -> Transport {
        Transport {
            header_timeout: Duration::from_secs(self.header_timeout),
            body_timeout: Duration::from_secs(self.body_timeout),
            idle_timeout: Duration::from_secs(self.idle_timeout),
            max_connections: self.max_connections,
        }
    }
}

pub async fn run(store_args: StoreArgs, args: ServeArgs) -> anyhow::Result<()> {
    init_tracing();
    // The first Chinese search or upload need not wait for the dictionaries.
    std::thread::spawn(southdesk_search::warm_up);
    std::thread::spawn(southdesk_tagger::explain::warm_up);
    let addr = SocketAddr::new(args.host, args.port);
    // Bind before touching the store so a busy port leaves nothing behind.
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow::anyhow!(
                "port {} on {} is in use; choose another with --port",
                args.port,
                args.host
            )
        } else {
            anyhow::anyhow!("cannot listen on {addr}: {e}")
        }
    })?;
    let smtp = args
        .smtp_url
        .as_deref()
        .map(southdesk_web::desk::notify::SmtpConfig::from_url)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--smtp-url: {e}"))?;
    let email_on = southdesk_web::app::state::MailSettings::parse_email_on(&args.email_on)
        .map_err(|e| anyhow::anyhow!("--email-on: {e}"))?;
    // Held while serving: `restore` does not replace the desk under us.
    let _serving = hold_data_dir(&store_args.data_dir()?, Hold::Serving)?;
    let (data, store) = store_args.open().await?;
    let local = listener.local_addr().context("listening address")?;
    let backend = store.backend();
    let index = std::sync::Arc::new(crate::cmd::kb::open_index(&data)?);
    let state = southdesk_web::AppState::new(store.clone())
        .with_index(index)
        .with_ack_working_days(args.ack_working_days)
        .with_mail(southdesk_web::app::state::MailSettings {
            email_on,
            link_base: None,
        });
    // The request desk's notifications: overdue notices and the outbox.
    let _sender = southdesk_web::desk::notify::spawn(
        store.clone(),
        smtp,
        state.mail.clone(),
        std::time::Duration::from_secs(args.notify_every.max(1)),
    );
    // Personal data past its retention is erased, once a day.
    let _daily = crate::cmd::contacts::spawn_daily(store.clone(), args.contact_retention_years);
    // The index applies what it has not seen of the store's change feed (a
    // new or lost index folder is rebuilt), then follows it while serving:
    // writes by the CLI or another server are searchable within a second.
    if let Err(southdesk_search::SearchError::Busy) = state.index.claim() {
        println!(
            "another process is writing the search index in {} (an ingest?); this server follows \
             its work and takes the index over when it stops",
            data.join("index").display()
        );
    }
    match state.catalogue().catch_up().await {
        Ok(caught) if caught.rebuilt => println!(
            "rebuilt the search index from the store ({} outputs)",
            caught.outputs
        ),
        Ok(caught) if caught.outputs > 0 => println!(
            "indexed {} outputs stored while the server was not running",
            caught.outputs
        ),
        Ok(_) | Err(southdesk_kb::KbError::Search(southdesk_search::SearchError::Busy)) => {}
        Err(e) => anyhow::bail!("cannot bring the search index up to date: {e}"),
    }
    let _follower = state
        .catalogue()
        .follow(std::time::Duration::from_millis(args.follow_ms.max(50)));
    let app = southdesk_web::router(state);
    println!(
        "southdesk is serving on http://{local}/ (data: {}, store: {backend})",
        data.display()
    );
    // Hands handlers the peer's address (for throttling logins per IP) and
    // bounds slow clients: --header-timeout, --body-timeout, --idle-timeout.
    southdesk_web::serve(listener, app, args.transport(), stop_signal()).await;
    store.close().await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM (what service managers and container
/// runtimes send): the server then stops taking connections, finishes the
/// requests in flight and closes the store.
async fn stop_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
    // Not println!: with stdout closed (a supervisor that read the first
    // line and went away) it would panic and stop the server uncleanly.
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stdout(),
        "stopping: finishing the requests in flight"
    );
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SOUTHDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
