//! The pipeline against a real store (SQLite; PostgreSQL in
//! `postgres_run`): every bad input fails alone with a clear message and
//! leaves nothing stored; re-running changes nothing; an interrupted run
//! resumes without duplicates.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use southdesk_common::sha256_hex;
use southdesk_ingest::pipeline::{
    NoProgress, Options, StoreSink, Summary, UploadOutcome, ingest_bytes, ingest_paths,
};
use southdesk_plan::Lang;
use southdesk_plan::outputs::{Output, OutputType, Visibility};
use southdesk_store::{OutputFilter, Page, Store};

async fn sqlite(dir: &Path) -> Arc<dyn Store> {
    southdesk_store::open(&format!("sqlite://{}", dir.join("t.db").display()))
        .await
        .unwrap()
}

async fn all(store: &dyn Store) -> Vec<Output> {
    store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap()
        .outputs
}

fn opts() -> Options {
    Options {
        default_type: Some(OutputType::AnalyticalNote),
        ..Options::default()
    }
}

async fn run(
    store: &Arc<dyn Store>,
    paths: &[PathBuf],
    manifest: Option<&Path>,
    o: &Options,
) -> Summary {
    let sink = StoreSink::new(store.clone());
    ingest_paths(&sink, paths, manifest, o, &mut NoProgress)
        .await
        .unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn reason<'a>(s: &'a Summary, file: &str) -> &'a str {
    s.failed
        .iter()
        .find(|f| f.path.file_name().is_some_and(|n| n == file))
        .map(|f| f.reason.as_str())
        .unwrap_or_else(|| panic!("{file} did not fail: {s:#?}"))
}

/// A folder of good and bad files.
fn corpus(dir: &Path) {
    write(
        dir,
        "docs/RP199_EN.pdf",
        pdf(
            &[&["RESEARCH PAPER 199", EN]],
            Some("Special and Differential Treatment"),
            false,
        ),
    );
    write(
        dir,
        "docs/RP199_FR.pdf",
        pdf(
            &[&["DOCUMENT DE RECHERCHE 199", FR]],
            Some("Le traitement spécial et différencié"),
            false,
        ),
    );
    write(
        dir,
        "docs/brief.docx",
        docx(
            &[(Some("Title"), "Nota"), (None, ES)],
            Some("Informe sobre políticas 3"),
        ),
    );
    write(
        dir,
        "docs/page.html",
        format!("<title>Health</title><p>{EN}</p>").as_bytes(),
    );
    write(
        dir,
        "docs/notes.md",
        format!("# Notes on the South\n\n{EN} Notes.").as_bytes(),
    );
    write(
        dir,
        "docs/fr-1252.txt",
        &encoding_rs::WINDOWS_1252
            .encode(&format!("Analyse\n{FR} éà"))
            .0,
    );
    write(
        dir,
        "docs/zh-gb.txt",
        &encoding_rs::GB18030.encode(&format!("南方\n{ZH}")).0,
    );
    write(
        dir,
        "docs/sub/copy-of-notes.md",
        format!("# Notes on the South\n\n{EN} Notes.").as_bytes(),
    );
    // bad ones
    write(dir, "docs/secret.pdf", pdf(&[&[EN]], Some("Secret"), true));
    let good = pdf(&[&[EN, "Truncated file"]], Some("Cut"), false);
    write(dir, "docs/truncated.pdf", &good[..good.len() / 2]);
    write(dir, "docs/bomb.docx", zip_bomb(8 << 20));
    write(dir, "docs/logo.png", b"\x89PNG not read");
    write(dir, "docs/.hidden.txt", b"hidden, not read");
}

#[tokio::test]
async fn a_folder_then_a_rerun_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    corpus(tmp.path());
    let store = sqlite(tmp.path()).await;
    let paths = vec![tmp.path().join("docs")];
    let s = run(&store, &paths, None, &opts()).await;

    // good files: RP199 EN+FR grouped by name into one output
    assert_eq!(s.ingested.len(), 6, "{s:#?}");
    assert_eq!(s.ingested_files(), 7);
    let rp = s.ingested.iter().find(|i| i.files.len() == 2).unwrap();
    assert_eq!(
        rp.files.iter().map(|f| f.1).collect::<Vec<_>>(),
        [Lang::En, Lang::Fr]
    );
    // the copy of notes.md: same content in this run
    assert_eq!(s.skipped.len(), 1, "{s:#?}");
    assert!(
        s.skipped[0].reason.starts_with("same content as "),
        "{:?}",
        s.skipped
    );
    // bad ones, each with its reason
    assert_eq!(s.failed.len(), 3, "{s:#?}");
    assert!(reason(&s, "secret.pdf").contains("encrypted"));
    assert!(reason(&s, "truncated.pdf").starts_with("the PDF is damaged or not a PDF"));
    assert!(reason(&s, "bomb.docx").contains("zip bomb"));
    assert_eq!(s.ignored, [tmp.path().join("docs/logo.png")]);
    assert!(!s.is_success());

    // the store holds exactly the good outputs, none of the bad files
    let stored = all(store.as_ref()).await;
    assert_eq!(stored.len(), 6);
    for bad in ["secret.pdf", "truncated.pdf", "bomb.docx"] {
        let bytes = std::fs::read(tmp.path().join("docs").join(bad)).unwrap();
        let sha = sha256_hex(&bytes);
        assert!(store.output_by_file_hash(&sha).await.unwrap().is_none());
        assert!(store.file(&sha).await.unwrap().is_none(), "{bad} stored");
    }
    let rp199 = stored.iter().find(|o| o.versions.len() == 2).unwrap();
    assert_eq!(rp199.output_type, OutputType::ResearchPaper);
    assert_eq!(rp199.series_label().as_deref(), Some("Research Paper 199"));
    assert_eq!(
        rp199.version(Lang::Fr).unwrap().title,
        "Le traitement spécial et différencié"
    );
    assert!(
        rp199
            .version(Lang::En)
            .unwrap()
            .body
            .contains("multilateral")
    );
    assert_eq!(rp199.date.to_string(), "2024-01-15");
    assert_eq!(rp199.visibility, Visibility::Internal);
    let sha = rp199
        .version(Lang::En)
        .unwrap()
        .file
        .as_ref()
        .unwrap()
        .sha256
        .clone();
    assert_eq!(
        store.file(&sha).await.unwrap().unwrap(),
        std::fs::read(tmp.path().join("docs/RP199_EN.pdf")).unwrap()
    );
    let langs: Vec<Lang> = stored
        .iter()
        .flat_map(|o| o.versions.iter().map(|v| v.lang))
        .collect();
    for l in Lang::ALL {
        assert!(langs.contains(&l), "{l} missing: {langs:?}");
    }
    let fr = stored
        .iter()
        .flat_map(|o| &o.versions)
        .find(|v| v.file.as_ref().unwrap().name == "fr-1252.txt")
        .unwrap();
    assert!(fr.body.contains("éà") && fr.body.contains("développement"));

    // again: everything skipped, nothing changes
    let again = run(&store, &paths, None, &opts()).await;
    assert!(again.ingested.is_empty(), "{again:#?}");
    assert_eq!(again.skipped.len(), 8);
    assert!(
        again
            .skipped
            .iter()
            .filter(|s| s.reason.starts_with("already stored (output #"))
            .count()
            == 7
    );
    assert_eq!(again.failed.len(), 3);
    assert_eq!(all(store.as_ref()).await, stored);
}

#[tokio::test]
async fn manifest_rows_groups_and_a_missing_file() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.pdf", pdf(&[&[EN]], Some("English title"), false));
    write(d, "b.docx", docx(&[(None, ES)], Some("Título")));
    write(d, "c.md", format!("# Chinese\n\n{ZH}").as_bytes());
    write(d, "d.txt", EN.as_bytes());
    write(d, "e.txt", format!("{FR} e").as_bytes());
    let manifest = write(
        d,
        "manifest.csv",
        "file,lang,group,type,series,number,date,authors,visibility,programmes,title\n\
         a.pdf,en,pb5,policy-brief,Policy Brief,5,2025-02-03,Ana Pérez; Luis Gómez,public,,\n\
         b.docx,es,pb5,,,,,,,,\n\
         c.md,zh,pb5,,,,,,,,南方简报\n\
         gone.pdf,en,,statement,,,2025,,,,\n\
         d.txt,en,,memo,,,,,,,\n\
         e.txt,fr,x,statement,,,,,,,\n",
    );
    let store = sqlite(d).await;
    let s = run(&store, &[], Some(&manifest), &opts()).await;
    assert_eq!(
        reason(&s, "gone.pdf"),
        "manifest.csv line 5, field `file`: `gone.pdf` not found"
    );
    assert!(
        reason(&s, "d.txt").contains("line 6, field `type`"),
        "{s:#?}"
    );
    assert_eq!(s.failed.len(), 2, "{s:#?}");
    let stored = all(store.as_ref()).await;
    let pb = stored
        .iter()
        .find(|o| o.versions.len() == 3)
        .expect("pb5 grouped");
    assert_eq!(pb.output_type, OutputType::PolicyBrief);
    assert_eq!(pb.series_label().as_deref(), Some("Policy Brief 5"));
    assert_eq!(pb.date.to_string(), "2025-02-03");
    assert_eq!(pb.visibility, Visibility::Public);
    assert_eq!(
        pb.authors
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>(),
        ["Ana Pérez", "Luis Gómez"]
    );
    assert_eq!(pb.version(Lang::Zh).unwrap().title, "南方简报");
    assert_eq!(pb.version(Lang::Es).unwrap().title, "Título");
    // e.txt alone, as a statement
    assert_eq!(stored.len(), 2);
}

#[tokio::test]
async fn manifest_failures_name_line_and_field_and_others_proceed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", EN.as_bytes());
    write(d, "b.txt", FR.as_bytes());
    write(d, "c.txt", ES.as_bytes());
    let manifest = write(
        d,
        "m.csv",
        "file,lang,type,date\n\
         a.txt,en,statement,2025-01-01\n\
         missing.pdf,en,statement,2025-01-01\n\
         b.txt,fr,memo,2025-01-01\n\
         c.txt,es,statement,2025-02-30\n",
    );
    let store = sqlite(d).await;
    let s = run(&store, &[d.to_path_buf()], Some(&manifest), &opts()).await;
    assert_eq!(
        reason(&s, "missing.pdf"),
        "m.csv line 3, field `file`: `missing.pdf` not found"
    );
    assert!(
        reason(&s, "b.txt").starts_with("m.csv line 4, field `type`: unknown output type `memo`")
    );
    assert_eq!(
        reason(&s, "c.txt"),
        "m.csv line 5, field `date`: `2025-02-30` is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
    );
    assert_eq!(s.failed.len(), 3, "{s:#?}");
    // a.txt stored; b.txt and c.txt failed on their rows, not stored from the folder walk either
    assert_eq!(s.ingested.len(), 1, "{s:#?}");
    assert_eq!(all(store.as_ref()).await.len(), 1);

    // a manifest that cannot be read stops the run before anything is stored
    let bad = write(d, "bad.csv", "file,serie\nb.txt,x\n");
    let sink = StoreSink::new(store.clone());
    let e = ingest_paths(
        &sink,
        &[d.to_path_buf()],
        Some(&bad),
        &opts(),
        &mut NoProgress,
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string().contains("bad.csv:1: unknown field `serie`"),
        "{e}"
    );
    assert_eq!(all(store.as_ref()).await.len(), 1);
}

#[tokio::test]
async fn an_interrupted_run_resumes_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("many");
    for i in 0..12 {
        write(
            &d,
            &format!("note{i:02}.txt"),
            format!("Note {i}\n{EN} {i}").as_bytes(),
        );
    }
    let store = sqlite(tmp.path()).await;
    let first = run(
        &store,
        std::slice::from_ref(&d),
        None,
        &Options {
            stop_after: Some(5),
            ..opts()
        },
    )
    .await;
    assert!(first.interrupted);
    assert_eq!(first.ingested.len(), 5);
    assert_eq!(all(store.as_ref()).await.len(), 5);
    let second = run(&store, std::slice::from_ref(&d), None, &opts()).await;
    assert!(second.is_success(), "{second:#?}");
    assert_eq!(second.skipped.len(), 5);
    assert_eq!(second.ingested.len(), 7);
    let stored = all(store.as_ref()).await;
    assert_eq!(stored.len(), 12);
    let mut hashes: Vec<String> = stored
        .iter()
        .map(|o| o.versions[0].file.as_ref().unwrap().sha256.clone())
        .collect();
    hashes.sort();
    hashes.dedup();
    assert_eq!(hashes.len(), 12, "duplicates stored");
}

#[tokio::test]
async fn a_new_language_version_joins_its_output() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    write(
        &d,
        "PB9_EN.txt",
        format!("Policy Brief No. 9\n{EN}").as_bytes(),
    );
    let store = sqlite(tmp.path()).await;
    let s = run(&store, std::slice::from_ref(&d), None, &opts()).await;
    assert_eq!(s.ingested.len(), 1);
    write(
        &d,
        "PB9_ES.txt",
        format!("Informe sobre políticas 9\n{ES}").as_bytes(),
    );
    let s = run(&store, std::slice::from_ref(&d), None, &opts()).await;
    assert!(s.is_success(), "{s:#?}");
    assert!(s.ingested[0].added_to_existing);
    let stored = all(store.as_ref()).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].versions.len(), 2);
    assert_eq!(stored[0].series_label().as_deref(), Some("Policy Brief 9"));
    // a second English file for it: refused, clearly
    write(&d, "PB9-en.md", format!("# PB9\n{EN} other").as_bytes());
    let s = run(&store, std::slice::from_ref(&d), None, &opts()).await;
    assert!(
        reason(&s, "PB9-en.md").contains("already has a `en` version"),
        "{s:#?}"
    );
    assert_eq!(all(store.as_ref()).await[0].versions.len(), 2);
}

#[tokio::test]
async fn a_huge_file_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("huge.pdf");
    // 1 GiB, sparse: costs no disk, and would take seconds to read
    std::fs::File::create(&p).unwrap().set_len(1 << 30).unwrap();
    let store = sqlite(tmp.path()).await;
    let started = std::time::Instant::now();
    let s = run(&store, std::slice::from_ref(&p), None, &opts()).await;
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(
        reason(&s, "huge.pdf"),
        "file is 1073741824 bytes, over the limit of 209715200 bytes"
    );
    assert!(all(store.as_ref()).await.is_empty());
}

#[tokio::test]
async fn the_same_file_twice_and_missing_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let a = write(tmp.path(), "a.txt", EN.as_bytes());
    let store = sqlite(tmp.path()).await;
    let s = run(
        &store,
        &[a.clone(), a.clone(), tmp.path().join("nope.pdf")],
        None,
        &opts(),
    )
    .await;
    assert_eq!(s.ingested.len(), 1, "{s:#?}");
    assert_eq!(reason(&s, "nope.pdf"), "no such file or folder");
    assert_eq!(all(store.as_ref()).await.len(), 1);
}

#[tokio::test]
async fn no_type_is_a_generic_document() {
    let tmp = tempfile::tempdir().unwrap();
    let a = write(tmp.path(), "a.txt", EN.as_bytes());
    let store = sqlite(tmp.path()).await;
    let s = run(&store, &[a], None, &Options::default()).await;
    assert!(s.failed.is_empty(), "{s:#?}");
    assert!(s.ingested[0].untyped);
    assert_eq!(
        all(store.as_ref()).await[0].output_type,
        OutputType::Document
    );
}

#[tokio::test]
async fn uploads_run_the_same_pipeline() {
    let tmp = tempfile::tempdir().unwrap();
    let store = sqlite(tmp.path()).await;
    let sink = StoreSink::new(store.clone());
    let bytes = docx(&[(None, FR)], Some("Note 1"));
    let out = ingest_bytes(&sink, "note.docx", bytes.clone(), None, &opts())
        .await
        .unwrap();
    let UploadOutcome::Created(o) = out else {
        panic!("{out:?}")
    };
    assert_eq!(o.versions[0].lang, Lang::Fr);
    let again = ingest_bytes(&sink, "renamed.docx", bytes, None, &opts())
        .await
        .unwrap();
    assert!(matches!(again, UploadOutcome::AlreadyStored(ref x) if x.id == o.id));
    let e = ingest_bytes(&sink, "bomb.docx", zip_bomb(8 << 20), None, &opts())
        .await
        .unwrap_err();
    assert!(e.reason.contains("zip bomb"), "{e:?}");
    assert_eq!(all(store.as_ref()).await.len(), 1);
}
