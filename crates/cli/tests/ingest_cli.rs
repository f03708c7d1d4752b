//! End-to-end tests of `southdesk ingest`: a folder with good and bad files,
//! the summary and exit code, a re-run that changes nothing, a manifest,
//! and a run killed mid-way that resumes without duplicates.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use southdesk_store::{OutputFilter, Page};

mod support;
use support::bin;

const EN: &str = "The South Centre supports developing countries in multilateral negotiations on trade, intellectual property, health and climate change.";
const FR: &str = "Le Centre Sud aide les pays en développement dans les négociations multilatérales sur le commerce, la santé et le changement climatique.";

fn ingest(data: &Path, args: &[&str]) -> Output {
    bin()
        .arg("ingest")
        .args(args)
        .arg("--data")
        .arg(data)
        .stdin(Stdio::null())
        .output()
        .expect("run southdesk")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} / {}", text(&o.stdout), text(&o.stderr)))
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

async fn stored(data: &Path) -> Vec<southdesk_plan::outputs::Output> {
    let store = southdesk_store::open(&format!("sqlite://{}", data.join("southdesk.db").display()))
        .await
        .unwrap();
    let out = store
        .outputs(&OutputFilter::everything(), Page::all())
        .await
        .unwrap()
        .outputs;
    store.close().await;
    out
}

#[test]
fn a_folder_its_summary_and_a_rerun() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    write(&docs, "a_EN.txt", format!("Policy Brief No. 3\n{EN}"));
    write(&docs, "a_FR.txt", format!("Note de politique 3\n{FR}"));
    write(
        &docs,
        "b.html",
        format!("<title>Statement</title><p>{EN} More.</p>"),
    );
    write(
        &docs,
        "copy.html",
        format!("<title>Statement</title><p>{EN} More.</p>"),
    );
    write(
        &docs,
        "latin1.txt",
        encoding_rs::WINDOWS_1252
            .encode(&format!("Déclaration\n{FR} éè"))
            .0,
    );
    write(&docs, "broken.pdf", b"%PDF-1.4\nnot really");
    write(&docs, "image.png", b"\x89PNG");
    let data = tmp.path().join("data");
    let docs_s = docs.to_str().unwrap();

    let o = ingest(&data, &[docs_s, "--type", "statement"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}\n{}", text(&o.stderr));
    assert!(
        out.contains("ingested 4 files as 3 outputs, skipped 1 (already there), failed 1, ignored 1 (not a document)"),
        "{out}"
    );
    assert!(
        out.contains("broken.pdf: the PDF is damaged or not a PDF"),
        "{out}"
    );
    assert_eq!(text(&o.stderr).trim(), "error: 1 file failed");
    // no progress bar when stderr is not a terminal
    assert!(!text(&o.stderr).contains("files"), "{}", text(&o.stderr));

    let o = ingest(&data, &[docs_s, "--type", "statement", "--format", "json"]);
    let j = json(&o);
    assert_eq!(j["ingested"], 0);
    assert_eq!(j["skipped"], 5);
    assert_eq!(j["failed"], 1);

    // only the good files: nothing fails, nothing new
    let good = [docs.join("a_EN.txt"), docs.join("a_FR.txt")];
    let o = bin()
        .arg("ingest")
        .args(&good)
        .args(["--data", data.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(json(&o)["skipped"], 2);

    let rt = tokio::runtime::Runtime::new().unwrap();
    let outputs = rt.block_on(stored(&data));
    assert_eq!(outputs.len(), 3);
    let pb = outputs.iter().find(|o| o.versions.len() == 2).unwrap();
    assert_eq!(pb.series_label().as_deref(), Some("Policy Brief 3"));
    assert_eq!(pb.visibility.as_str(), "internal");
}

#[test]
fn manifest_errors_and_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("m");
    write(&d, "one.txt", EN);
    write(
        &d,
        "manifest.csv",
        "file,lang,type,date,visibility\none.txt,en,policy-brief,2025-04-01,public\nmissing.pdf,en,statement,2025,\n",
    );
    let data = tmp.path().join("data");
    let o = ingest(
        &data,
        &["--manifest", d.join("manifest.csv").to_str().unwrap()],
    );
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out.contains("manifest.csv line 3, field `file`: `missing.pdf` not found"),
        "{out}"
    );
    assert!(out.contains("ingested 1 file as 1 output"), "{out}");

    let bad = write(
        &d,
        "bad.json",
        "[{\"file\": \"one.txt\", \"colour\": \"red\"}]",
    );
    let o = ingest(&data, &["--manifest", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("bad.json:1: unknown field `colour`"), "{err}");

    let o = ingest(&data, &[]);
    assert!(
        text(&o.stderr).contains("nothing to ingest"),
        "{}",
        text(&o.stderr)
    );
    let o = ingest(&data, &[d.to_str().unwrap(), "--visibility", "secret"]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("unknown visibility `secret`"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn a_killed_run_resumes_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("many");
    const N: usize = 120;
    for i in 0..N {
        write(
            &d,
            &format!("n{i:03}.txt"),
            format!("Note {i}\n{EN} Number {i}."),
        );
    }
    let data = tmp.path().join("data");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut child = bin()
        .args([
            "ingest",
            d.to_str().unwrap(),
            "--type",
            "analytical-note",
            "--batch",
            "4",
            "--data",
        ])
        .arg(&data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some outputs are stored (or after 20 s, whatever
    // happened); small batches, so that it is killed in the middle.
    let started = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(20) {
            break;
        }
        if data.join("southdesk.db").exists() && rt.block_on(stored(&data)).len() >= 5 {
            break;
        }
    }
    let _ = child.kill(); // SIGKILL: no chance to clean up
    let _ = child.wait();
    let before = rt.block_on(stored(&data)).len();
    assert!(before < N, "the run finished before it was killed");

    let o = ingest(
        &data,
        &[
            d.to_str().unwrap(),
            "--type",
            "analytical-note",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let j = json(&o);
    assert_eq!(
        j["skipped"].as_u64().unwrap() + j["ingested"].as_u64().unwrap(),
        N as u64
    );
    assert_eq!(j["skipped"].as_u64().unwrap(), before as u64);

    let outputs = rt.block_on(stored(&data));
    assert_eq!(outputs.len(), N);
    let mut hashes: Vec<&str> = outputs
        .iter()
        .map(|o| o.versions[0].file.as_ref().unwrap().sha256.as_str())
        .collect();
    hashes.sort();
    hashes.dedup();
    assert_eq!(hashes.len(), N, "duplicates stored");
}

/// Runs `southdesk search QUERY --lang L --data DATA`; its standard output.
fn search(data: &Path, query: &str, lang: &str) -> String {
    let o = bin()
        .args(["search", query, "--lang", lang, "--data"])
        .arg(data)
        .stdin(Stdio::null())
        .output()
        .expect("run southdesk");
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
}

#[test]
fn a_folder_of_plain_documents_with_no_flags_is_found_in_each_language() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    // No type, no series, no manifest: what a person drops in a folder.
    write(
        &docs,
        "notes/fisheries.txt",
        "Fisheries subsidies and the WTO\n\nDeveloping countries need special and differential treatment in the disciplines on fisheries subsidies.",
    );
    write(
        &docs,
        "notes/brevets.html",
        "<title>Les brevets et la santé publique</title><p>Les flexibilités de l'Accord sur les ADPIC protègent l'accès aux médicaments dans les pays en développement.</p>",
    );
    write(
        &docs,
        "informe.md",
        "# Informe de Políticas n.º 150\n\nLa reestructuración de la deuda soberana exige un mecanismo multilateral justo para los países en desarrollo.",
    );
    write(
        &docs,
        "气候.txt",
        "适应资金与发展中国家\n\n发展中国家需要可预测的适应资金，以应对气候变化带来的损失和损害。",
    );
    let data = tmp.path().join("data");
    let o = ingest(&data, &[docs.to_str().unwrap()]);
    let out = text(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", text(&o.stderr));
    assert!(out.contains("ingested 4 files as 4 outputs"), "{out}");

    for (query, lang, title) in [
        (
            "fisheries subsidies",
            "en",
            "Fisheries subsidies and the WTO",
        ),
        (
            "brevets médicaments",
            "fr",
            "Les brevets et la santé publique",
        ),
        ("deuda soberana", "es", "Informe de Políticas n.º 150"),
        ("适应资金", "zh", "适应资金与发展中国家"),
    ] {
        let found = search(&data, query, lang);
        // Found by the operator (every visibility, said on the first line),
        // in its own language, and only it.
        assert!(
            found.starts_with("Showing public, internal and confidential outputs"),
            "{found}"
        );
        assert!(found.contains("\n1 result\n"), "{query}: {found}");
        assert!(found.contains(&format!("[{lang}] #")), "{query}: {found}");
        assert!(found.contains(title), "{query}: {found}");
    }
    // The Spanish brief is recognised as a policy brief of its series.
    let es = search(&data, "deuda soberana", "es");
    assert!(
        es.contains("(Informe de Políticas n.º 150, policy-brief, "),
        "{es}"
    );
}

#[test]
fn links_out_of_the_folder_and_binary_files_named_as_text_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let outside = tmp.path().join("secret.txt");
    std::fs::write(&outside, "root:x:0:0:root:/root:/bin/bash\nSECRET-OUTSIDE").unwrap();
    write(&docs, "brief.txt", format!("Policy Brief No. 9\n{EN}"));
    std::os::unix::fs::symlink(&outside, docs.join("passwd.txt")).unwrap();
    // A link to a file inside the folder is the file itself: followed.
    std::os::unix::fs::symlink(docs.join("brief.txt"), docs.join("same.txt")).unwrap();
    let mut binary = b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec();
    binary.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
    write(&docs, "program.txt", &binary);
    // UTF-16 text (NUL bytes, with its byte-order mark) is still text.
    let mut utf16 = vec![0xFF, 0xFE];
    for u in format!("Note de politique 4\n{FR}").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    write(&docs, "note_FR.txt", &utf16);

    let data = tmp.path().join("data");
    let o = ingest(&data, &[docs.to_str().unwrap()]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}\n{}", text(&o.stderr));
    assert!(
        out.contains("passwd.txt: a symbolic link to")
            && out.contains("outside the folder given; not followed"),
        "{out}"
    );
    assert!(
        out.contains("program.txt: the file is named as text but holds binary data"),
        "{out}"
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let outputs = rt.block_on(stored(&data));
    let bodies: String = outputs
        .iter()
        .flat_map(|o| o.versions.iter().map(|v| v.body.clone()))
        .collect();
    assert!(
        !bodies.contains("SECRET-OUTSIDE"),
        "the outside file was stored"
    );
    assert!(!bodies.contains("ELF"));
    assert!(bodies.contains("Le Centre Sud aide"), "UTF-16 text is read");
}
