//! `southdesk backup`, `southdesk restore`, `southdesk migrate`: moving
//! and copying whole desks. The work is `southdesk_store::transfer`'s;
//! this prints its reports, and `restore` removes the search index so
//! that the next start rebuilds it from the restored store.

use std::path::{Path, PathBuf};

use anyhow::bail;
use southdesk_store::transfer::{self, TableCount};

use crate::context::{Hold, StoreArgs, hold_data_dir};

/// The tables a backup or restore reports.
const MAIN_TABLES: &[&str] = &[
    "plan_versions",
    "accounts",
    "requests",
    "outputs",
    "files",
    "meetings",
];

#[derive(clap::Args, Debug)]
pub struct RestoreArgs {
    /// The backup: a SQLite file written by `southdesk backup`.
    pub file: PathBuf,
    /// Replace the desk in the data folder even if it holds data.
    #[arg(long)]
    pub force: bool,
}

/// `southdesk backup FILE`.
pub async fn backup(store_args: StoreArgs, file: PathBuf) -> anyhow::Result<()> {
    let report = transfer::backup(&store_args.url()?, &file).await?;
    println!(
        "wrote {} ({}, schema version {}) in {:.1} s",
        report.file.display(),
        size(report.bytes),
        report.schema_version,
        report.elapsed.as_secs_f64()
    );
    println!("  {}", main_counts(&report.tables));
    Ok(())
}

/// `southdesk restore FILE [--force]`.
pub async fn restore(store_args: StoreArgs, args: RestoreArgs) -> anyhow::Result<()> {
    let target = match &store_args.database {
        Some(url) if !url.trim_start().to_ascii_lowercase().starts_with("sqlite:") => bail!(
            "restore puts a SQLite backup in place of a SQLite desk; to move it into \
             PostgreSQL, restore it into a data folder, then run `southdesk migrate --to URL` \
             (a pg_dump file is restored with pg_restore)"
        ),
        Some(url) => transfer::sqlite_path(url)?,
        None => store_args.sqlite_file()?,
    };
    let data = store_args.data_dir()?;
    let _alone = hold_data_dir(&data, Hold::Replacing)?;
    let report = transfer::restore(&args.file, &target, args.force).await?;
    let index = data.join("index");
    let index_removed = remove_index(&index)?;

    println!(
        "restored {} into {} ({}{})",
        report.file.display(),
        report.target.display(),
        size(report.bytes),
        if report.replaced {
            ", replacing the desk there"
        } else {
            ""
        }
    );
    if report.schema_version != report.schema_version_before {
        println!(
            "  migrated from schema version {} to {}",
            report.schema_version_before, report.schema_version
        );
    } else {
        println!("  schema version {}", report.schema_version);
    }
    println!("  {}", main_counts(&report.tables));
    if index_removed {
        println!(
            "  removed the search index {}: it is rebuilt from the store on the next start (or by `southdesk reindex`)",
            index.display()
        );
    }
    Ok(())
}

fn remove_index(index: &Path) -> anyhow::Result<bool> {
    match std::fs::remove_dir_all(index) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => bail!(
            "restored, but cannot remove the old search index {}: {e}; remove it before starting the desk",
            index.display()
        ),
    }
}

/// `southdesk migrate --to URL`.
pub async fn migrate(store_args: StoreArgs, to: String) -> anyhow::Result<()> {
    let report = transfer::migrate(&store_args.url()?, &to).await?;
    println!("copied {} to {}", report.source, report.target);
    let width = report
        .tables
        .iter()
        .map(|t| t.table.len())
        .max()
        .unwrap_or(5)
        .max(5);
    println!(
        "{:width$}  {:>9}  {:>9}  sha-256",
        "table", "source", "target"
    );
    let mut rows = 0;
    for t in &report.tables {
        println!(
            "{:width$}  {:>9}  {:>9}  {}",
            t.table,
            t.source_rows,
            t.target_rows,
            &t.checksum[..16]
        );
        rows += t.source_rows;
    }
    if !report.absent.is_empty() {
        println!(
            "not in the source's schema, not copied: {}",
            report.absent.join(", ")
        );
    }
    println!(
        "verified: {} tables, {rows} row{}, counts and checksums equal ({:.1} s)",
        report.tables.len(),
        if rows == 1 { "" } else { "s" },
        report.elapsed.as_secs_f64()
    );
    Ok(())
}

fn main_counts(tables: &[TableCount]) -> String {
    MAIN_TABLES
        .iter()
        .filter_map(|name| tables.iter().find(|t| t.table == *name))
        .map(|t| format!("{} {}", t.table, t.rows))
        .collect::<Vec<_>>()
        .join(", ")
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else if bytes >= 1 << 10 {
        format!("{:.1} kB", bytes as f64 / (1 << 10) as f64)
    } else {
        format!("{bytes} bytes")
    }
}
