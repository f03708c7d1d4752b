//! The `southdesk` command: thin wiring of the plan, store, tagger and web crates.

mod cmd;
mod context;

use clap::{Parser, Subcommand};

use crate::context::StoreArgs;

/// southdesk — the South Centre's work programme desk.
#[derive(Parser, Debug)]
#[command(name = "southdesk", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the desk's web app and JSON API.
    Serve {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        serve: cmd::serve::ServeArgs,
    },
    /// Work plan versions: show, import, compare, adopt.
    Plan {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: cmd::plan::PlanCommand,
    },
    /// Ingest documents (PDF, DOCX, HTML, Markdown, text) into the catalogue of outputs.
    Ingest {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        args: cmd::ingest::IngestArgs,
    },
    /// Outputs of the catalogue: publish them, set who may read them.
    Outputs {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: cmd::outputs::OutputsCommand,
    },
    /// The negotiations calendar: import iCalendar files, list meetings.
    Meetings {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: cmd::meetings::MeetingsCommand,
    },
    /// The contacts register: list people and organisations.
    Contacts {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: cmd::contacts::ContactsCommand,
    },
    /// Rebuild the knowledge base's search index (DATA/index) from the store.
    Reindex {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Search the knowledge base, as the /outputs page does.
    Search {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        args: cmd::kb::SearchArgs,
    },
    /// Export citations of outputs: BibTeX, RIS, CSL-JSON or CSV.
    Export {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        args: cmd::kb::ExportArgs,
    },
    /// Tag texts with the plan's themes and the SDGs, with evidence.
    Tag(cmd::tag::TagArgs),
    /// Run public SDG query systems over texts.
    Sdg {
        #[command(subcommand)]
        command: cmd::sdg::SdgCommand,
    },
    /// Accounts: add, list, disable, reset a password (for administrators).
    User {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: cmd::user::UserCommand,
    },
    /// Requests to the desk: list, show, overdue, and the load benchmark.
    Requests {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: cmd::requests::RequestsCommand,
    },
    /// Personal API tokens.
    Token {
        #[command(flatten)]
        store: StoreArgs,
        #[command(subcommand)]
        command: cmd::token::TokenCommand,
    },
    /// Write a consistent copy of the SQLite desk to FILE, while it runs.
    Backup {
        #[command(flatten)]
        store: StoreArgs,
        /// The copy to write (a SQLite database; must not exist).
        file: std::path::PathBuf,
    },
    /// Put a backup in place of the desk in the data folder (which must be
    /// empty or absent, unless --force); the search index is rebuilt.
    Restore {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        args: cmd::transfer::RestoreArgs,
    },
    /// Copy the whole desk into an empty store of another kind (SQLite to
    /// PostgreSQL, or back) and verify the copy.
    Migrate {
        #[command(flatten)]
        store: StoreArgs,
        /// The target store: postgres://… or sqlite:PATH (must be empty).
        #[arg(long, value_name = "URL")]
        to: String,
    },
    /// Train and evaluate the tagger's learned layer.
    Tagger {
        #[command(subcommand)]
        command: cmd::tagger::TaggerCommand,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve { store, serve } => context::block_on(cmd::serve::run(store, serve)),
        Command::Plan { store, command } => context::block_on(cmd::plan::run(store, command)),
        Command::User { store, command } => context::block_on(cmd::user::run(store, command)),
        Command::Token { store, command } => context::block_on(cmd::token::run(store, command)),
        Command::Requests { store, command } => {
            context::block_on(cmd::requests::run(store, command))
        }
        Command::Ingest { store, args } => context::block_on(cmd::ingest::run(store, args)),
        Command::Outputs { store, command } => context::block_on(cmd::outputs::run(store, command)),
        Command::Meetings { store, command } => {
            context::block_on(cmd::meetings::run(store, command))
        }
        Command::Contacts { store, command } => {
            context::block_on(cmd::contacts::run(store, command))
        }
        Command::Reindex { store } => context::block_on(cmd::kb::reindex(store)),
        Command::Search { store, args } => context::block_on(cmd::kb::search(store, args)),
        Command::Export { store, args } => context::block_on(cmd::kb::export(store, args)),
        Command::Backup { store, file } => context::block_on(cmd::transfer::backup(store, file)),
        Command::Restore { store, args } => context::block_on(cmd::transfer::restore(store, args)),
        Command::Migrate { store, to } => context::block_on(cmd::transfer::migrate(store, to)),
        Command::Tag(args) => cmd::tag::run(args),
        Command::Sdg { command } => cmd::sdg::run(command),
        Command::Tagger { command } => cmd::tagger::run(command),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line: the error and its causes.
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
