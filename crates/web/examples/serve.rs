//! Serves the web app over an in-memory SQLite store holding the embedded
//! 2026–2028 plan, for working on the pages without the CLI:
//!
//! ```sh
//! cargo run -p southdesk-web --example serve -- 127.0.0.1:8080
//! ```

use southdesk_plan::{NewPlanVersion, Plan, VersionStatus};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let store = southdesk_store::open("sqlite::memory:").await?;
    store
        .insert_plan_version(NewPlanVersion {
            label: "2026–2028 (embedded)".into(),
            status: VersionStatus::Adopted,
            adopted_on: None,
            source: format!("embedded:{}", southdesk_plan::EMBEDDED_2026_2028_PATH),
            plan: Plan::embedded_2026_2028(),
        })
        .await?;
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("southdesk web on http://{}", listener.local_addr()?);
    southdesk_web::serve(
        listener,
        southdesk_web::router(southdesk_web::AppState::new(store)),
        southdesk_web::Transport::default(),
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    )
    .await;
    Ok(())
}
