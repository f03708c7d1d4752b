//! `southdesk token …`: personal API tokens.

use anyhow::bail;

use crate::context::StoreArgs;

#[derive(clap::Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token for an account and print it (once: only its hash
    /// is kept). Send it as `Authorization: Bearer <token>`.
    Create {
        #[arg(long)]
        email: String,
        /// A name to recognise the token by.
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

pub async fn run(store_args: StoreArgs, command: TokenCommand) -> anyhow::Result<()> {
    let (_, store) = store_args.open().await?;
    let result = async {
        match command {
            TokenCommand::Create { email, name } => {
                let account = super::user::find(store.as_ref(), &email).await?;
                if account.disabled {
                    bail!("the account {} is disabled", account.email);
                }
                let (_, secret) = southdesk_store::credentials::create_api_token(
                    store.as_ref(),
                    account.id,
                    &name,
                )
                .await?;
                println!("{secret}");
                Ok(())
            }
        }
    }
    .await;
    store.close().await;
    result
}
