//! The pipeline through the knowledge base's catalogue (tagging and
//! indexing), on SQLite and on PostgreSQL.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use southdesk_ingest::pipeline::{NoProgress, Options, ingest_paths};
use southdesk_ingest::{CatalogueSink, Sink};
use southdesk_kb::Catalogue;
use southdesk_kb::search::{self, SearchParams};
use southdesk_plan::authz::OutputScope;
use southdesk_plan::outputs::{OutputType, Visibility};
use southdesk_store::{OutputFilter, Page, Store};
use sqlx::{AssertSqlSafe, Connection};

fn folder(dir: &Path) -> PathBuf {
    let d = dir.join("in");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("RP1_EN.pdf"),
        pdf(
            &[&[
                "RESEARCH PAPER 1",
                EN,
                "Climate change finance and the WTO.",
            ]],
            Some("Trade and climate"),
            false,
        ),
    )
    .unwrap();
    std::fs::write(
        d.join("RP1_FR.docx"),
        docx(&[(None, FR)], Some("Commerce et climat")),
    )
    .unwrap();
    std::fs::write(
        d.join("zh.txt"),
        encoding_rs::GB18030.encode(&format!("南方\n{ZH}")).0,
    )
    .unwrap();
    std::fs::write(d.join("secret.pdf"), pdf(&[&[EN]], None, true)).unwrap();
    d
}

async fn catalogue(store: Arc<dyn Store>) -> Catalogue {
    Catalogue::new(
        store,
        Arc::new(southdesk_kb::memory_index().unwrap()),
        Arc::new(southdesk_tagger::Tagger::builtin()),
    )
}

async fn scenario(store: Arc<dyn Store>, dir: &Path) {
    let cat = catalogue(store.clone()).await;
    let sink = CatalogueSink::new(cat.clone(), None);
    let opts = Options {
        default_type: Some(OutputType::Statement),
        visibility: Visibility::Public,
        ..Options::default()
    };
    let d = folder(dir);
    let s = ingest_paths(
        &sink,
        std::slice::from_ref(&d),
        None,
        &opts,
        &mut NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(s.ingested.len(), 2, "{s:#?}");
    assert_eq!(s.failed.len(), 1, "{s:#?}");
    assert!(s.failed[0].reason.contains("encrypted"));
    let stored = store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap()
        .outputs;
    assert_eq!(stored.len(), 2);
    let rp = stored.iter().find(|o| o.versions.len() == 2).unwrap();
    assert_eq!(rp.output_type, OutputType::ResearchPaper);
    // tagged by the catalogue
    assert!(!rp.proposed_tags.is_empty(), "no tags proposed");
    // and indexed: found in either language
    let scope = OutputScope {
        visibility: Visibility::ALL.to_vec(),
        confidential_of: Vec::new(),
    };
    for q in ["multilateral", "développement"] {
        let r = search::run(
            &cat.index,
            &SearchParams {
                q: q.into(),
                ..SearchParams::default()
            },
            &scope,
        )
        .unwrap();
        assert!(r.hits.iter().any(|h| h.output_id == rp.id), "{q}: {r:?}");
    }
    // again: nothing changes
    let again = ingest_paths(
        &sink,
        std::slice::from_ref(&d),
        None,
        &opts,
        &mut NoProgress,
    )
    .await
    .unwrap();
    assert!(again.ingested.is_empty());
    assert_eq!(again.skipped.len(), 3);
    let after = store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap()
        .outputs;
    assert_eq!(after, stored);
    assert!(
        sink.output_by_file_hash(&"0".repeat(64))
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn sqlite_through_the_catalogue() {
    let tmp = tempfile::tempdir().unwrap();
    let store = southdesk_store::open(&format!("sqlite://{}", tmp.path().join("t.db").display()))
        .await
        .unwrap();
    scenario(store, tmp.path()).await;
}

/// The same run on PostgreSQL (`SOUTHDESK_TEST_POSTGRES`, default
/// `postgres://postgres@127.0.0.1:5432/postgres`; skipped with
/// `SOUTHDESK_SKIP_POSTGRES=1`).
#[tokio::test]
async fn postgres_through_the_catalogue() {
    if std::env::var("SOUTHDESK_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        eprintln!("!!! SKIPPED: PostgreSQL ingest test (SOUTHDESK_SKIP_POSTGRES=1)");
        return;
    }
    let admin_url = std::env::var("SOUTHDESK_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut admin = tokio::time::timeout(
        Duration::from_secs(10),
        sqlx::PgConnection::connect(&admin_url),
    )
    .await
    .expect("PostgreSQL does not answer; set SOUTHDESK_SKIP_POSTGRES=1 to skip")
    .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL at {admin_url}: {e}"));
    let name = format!("southdesk_ingest_{:016x}", rand::random::<u64>());
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut admin)
        .await
        .unwrap();
    let url = match admin_url.rsplit_once('/') {
        Some((base, rest)) => {
            let params = rest
                .split_once('?')
                .map(|(_, p)| format!("?{p}"))
                .unwrap_or_default();
            format!("{base}/{name}{params}")
        }
        None => panic!("bad URL {admin_url}"),
    };
    let tmp = tempfile::tempdir().unwrap();
    let store = southdesk_store::open(&url).await.unwrap();
    let result = tokio::spawn({
        let store = store.clone();
        let dir = tmp.path().to_path_buf();
        async move { scenario(store, &dir).await }
    })
    .await;
    store.close().await;
    sqlx::query(AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}
