//! Where the desk keeps its data, and opening its store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use southdesk_plan::{NewPlanVersion, Plan, VersionStatus};
use southdesk_store::Store;

/// `--data` and `--database`, shared by every command that touches the store.
#[derive(clap::Args, Debug, Clone)]
pub struct StoreArgs {
    /// Data folder [default: the user's data directory, e.g. ~/.local/share/southdesk]
    #[arg(long, env = "SOUTHDESK_DATA", global = true)]
    pub data: Option<PathBuf>,
    /// Database URL: sqlite:PATH or postgres://… [default: SQLite file in the data folder]
    #[arg(long, env = "SOUTHDESK_DATABASE", global = true)]
    pub database: Option<String>,
}

impl StoreArgs {
    pub fn data_dir(&self) -> anyhow::Result<PathBuf> {
        match &self.data {
            Some(d) => Ok(d.clone()),
            None => dirs::data_dir()
                .map(|d| d.join("southdesk"))
                .context("no user data directory on this system; pass --data DIR"),
        }
    }

    /// The database URL: `--database`, or the SQLite file in the data folder.
    pub fn url(&self) -> anyhow::Result<String> {
        Ok(match &self.database {
            Some(u) => u.clone(),
            None => format!("sqlite://{}", self.sqlite_file()?.display()),
        })
    }

    /// The SQLite file of the desk in the data folder (whether or not
    /// `--database` names another store).
    pub fn sqlite_file(&self) -> anyhow::Result<PathBuf> {
        Ok(self.data_dir()?.join("southdesk.db"))
    }

    /// Creates the data folder (checking it is writable), opens the store
    /// (running its migrations) and, on first start, stores the embedded
    /// 2026–2028 plan as the adopted version.
    pub async fn open(&self) -> anyhow::Result<(PathBuf, Arc<dyn Store>)> {
        let data = self.data_dir()?;
        ensure_writable_dir(&data)?;
        let url = self.url()?;
        let store = southdesk_store::open(&url).await?;
        seed(store.as_ref()).await?;
        Ok((data, store))
    }
}

pub fn ensure_writable_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create data folder {}", dir.display()))?;
    if !dir.is_dir() {
        bail!("data folder {} is not a folder", dir.display());
    }
    let probe = dir.join(format!(".southdesk-write-test-{}", std::process::id()));
    std::fs::write(&probe, b"")
        .with_context(|| format!("data folder {} is not writable", dir.display()))?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// The file a running server holds a shared lock on, and `restore` an
/// exclusive one: a desk is not replaced under a server that has it open.
const SERVER_LOCK: &str = ".southdesk-serve.lock";

/// How a data folder is held: by a server ([`Hold::Serving`], shared, so
/// several servers can share a folder's store) or by a restore
/// ([`Hold::Replacing`], alone). The lock lasts as long as the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    Serving,
    Replacing,
}

pub fn hold_data_dir(dir: &Path, hold: Hold) -> anyhow::Result<std::fs::File> {
    ensure_writable_dir(dir)?;
    let path = dir.join(SERVER_LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let held = match hold {
        Hold::Serving => file.try_lock_shared(),
        Hold::Replacing => file.try_lock(),
    };
    match held {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => match hold {
            Hold::Serving => bail!(
                "a restore is replacing the desk in {}; start the server when it has finished",
                dir.display()
            ),
            Hold::Replacing => bail!(
                "a server is running on the data folder {}; stop it (Ctrl-C or SIGTERM) and \
                 run the restore again — nothing was changed",
                dir.display()
            ),
        },
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

/// Stores the embedded plan as the adopted version when the store has none.
async fn seed(store: &dyn Store) -> anyhow::Result<()> {
    let plan = Plan::embedded_2026_2028();
    let adopted_on =
        time::Date::from_calendar_date(plan.period.start as i32, time::Month::January, 1)
            .context("embedded plan period")?;
    store
        .seed_plan_if_empty(NewPlanVersion {
            label: format!("Thematic Work Programme {}", plan.period),
            status: VersionStatus::Adopted,
            adopted_on: Some(adopted_on),
            source: format!("embedded:{}", southdesk_plan::EMBEDDED_2026_2028_PATH),
            plan,
        })
        .await?;
    Ok(())
}

pub fn block_on<F: std::future::Future<Output = anyhow::Result<()>>>(f: F) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?
        .block_on(f)
}
