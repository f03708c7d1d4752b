//! `southdesk user …`: accounts, for administrators at the command line.

use std::io::BufRead;

use anyhow::{Context, bail};
use serde::Serialize;
use southdesk_plan::people::check_account;
use southdesk_plan::{Account, Members, Role};
use southdesk_store::credentials::{MIN_PASSWORD_CHARS, check_new_password, hash_password};
use southdesk_store::{NewAccount, Store};

use crate::cmd::plan::Format;
use crate::context::StoreArgs;

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account; its password is read from the first line of stdin.
    Add {
        #[arg(long)]
        email: String,
        /// admin, management, coordinator, staff, delegate, board or council.
        #[arg(long)]
        role: Role,
        /// Programme id (coordinators).
        #[arg(long, conflicts_with_all = ["member", "group"])]
        programme: Option<String>,
        /// ISO 3166-1 alpha-3 code of the member state (delegates).
        #[arg(long, conflicts_with = "group")]
        member: Option<String>,
        /// Group id, e.g. g77 (delegates).
        #[arg(long)]
        group: Option<String>,
        /// Display name [default: the email address].
        #[arg(long)]
        name: Option<String>,
        /// Read the password from stdin (required: passwords are never arguments).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List accounts.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Disable an account: it can no longer log in, its sessions end and its
    /// API tokens stop working.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Set a new password (read from stdin); ends the account's sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

pub async fn run(store_args: StoreArgs, command: UserCommand) -> anyhow::Result<()> {
    let (_, store) = store_args.open().await?;
    let result = run_on(store.as_ref(), command).await;
    store.close().await;
    result
}

async fn run_on(store: &dyn Store, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            email,
            role,
            programme,
            member,
            group,
            name,
            password_stdin: _,
        } => {
            let member = member.map(|m| m.trim().to_uppercase());
            let group = group.map(|g| g.trim().to_lowercase());
            let plan = store.adopted_plan().await?.map(|v| v.plan);
            check_account(
                plan.as_ref(),
                &Members::embedded(),
                role,
                programme.as_deref(),
                member.as_deref(),
                group.as_deref(),
            )?;
            if !email.contains('@') {
                bail!("`{email}` is not an email address");
            }
            let password = read_password()?;
            let phc = hash_password(&password);
            let account = store
                .create_account(NewAccount {
                    name: name.unwrap_or_else(|| email.trim().to_string()),
                    email,
                    role,
                    programme,
                    member,
                    group,
                    password_hash: Some(phc),
                })
                .await?;
            println!(
                "added {} ({}) with id {}",
                account.email, account.role, account.id
            );
        }
        UserCommand::List { format } => {
            let accounts = store.accounts().await?;
            match format {
                Format::Json => {
                    let rows: Vec<Row> = accounts.iter().map(Row::from).collect();
                    println!("{}", serde_json::to_string_pretty(&rows)?);
                }
                Format::Text => {
                    if accounts.is_empty() {
                        println!("no accounts");
                    }
                    for a in &accounts {
                        println!(
                            "{:>4}  {:<32}  {:<11}  {:<8}  {}{}",
                            a.id,
                            a.email,
                            a.role.as_str(),
                            binding(a),
                            a.name,
                            if a.disabled { "  (disabled)" } else { "" }
                        );
                    }
                }
            }
        }
        UserCommand::Disable { email } => {
            let account = find(store, &email).await?;
            store.set_account_disabled(account.id, true).await?;
            println!("disabled {}", account.email);
        }
        UserCommand::ResetPassword {
            email,
            password_stdin: _,
        } => {
            let account = find(store, &email).await?;
            let password = read_password()?;
            store
                .set_password_hash(account.id, &hash_password(&password))
                .await?;
            println!("password of {} set; its sessions have ended", account.email);
        }
    }
    Ok(())
}

/// The account with this email, or an error naming it.
pub async fn find(store: &dyn Store, email: &str) -> anyhow::Result<Account> {
    store
        .account_by_email(email)
        .await?
        .with_context(|| format!("no account with email {}", email.trim()))
}

/// One line of stdin, without its line ending; refused if shorter than the
/// minimum.
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from stdin")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if check_new_password(&password).is_err() {
        bail!(
            "the password (first line of stdin) must have at least {} characters",
            MIN_PASSWORD_CHARS
        );
    }
    Ok(password)
}

fn binding(a: &Account) -> String {
    a.programme
        .clone()
        .or_else(|| a.member.clone())
        .or_else(|| a.group.clone())
        .unwrap_or_else(|| "-".into())
}

#[derive(Serialize)]
struct Row<'a> {
    id: i64,
    email: &'a str,
    name: &'a str,
    role: &'a str,
    programme: Option<&'a str>,
    member: Option<&'a str>,
    group: Option<&'a str>,
    disabled: bool,
}

impl<'a> From<&'a Account> for Row<'a> {
    fn from(a: &'a Account) -> Self {
        Row {
            id: a.id,
            email: &a.email,
            name: &a.name,
            role: a.role.as_str(),
            programme: a.programme.as_deref(),
            member: a.member.as_deref(),
            group: a.group.as_deref(),
            disabled: a.disabled,
        }
    }
}
