//! What a person expects from a folder of ordinary documents ingested with
//! no options: every one stored (a generic `document` when nothing tells
//! its type), dated and authored from what the documents say, series
//! recognised in the four languages; Chinese PDF text searchable despite
//! look-alike compatibility characters; English PDF words kept whole.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::*;
use southdesk_ingest::pipeline::{NoProgress, Options, StoreSink, ingest_paths};
use southdesk_ingest::{CatalogueSink, extract};
use southdesk_kb::Catalogue;
use southdesk_kb::search::{self, SearchParams};
use southdesk_plan::authz::OutputScope;
use southdesk_plan::outputs::{Output, OutputType, Visibility};
use southdesk_store::{OutputFilter, Page, Store};
use time::macros::date;

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

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn by_file<'a>(outputs: &'a [Output], file: &str) -> &'a Output {
    outputs
        .iter()
        .find(|o| {
            o.versions
                .iter()
                .any(|v| v.file.as_ref().is_some_and(|f| f.name == file))
        })
        .unwrap_or_else(|| panic!("{file} not stored"))
}

#[tokio::test]
async fn a_folder_of_plain_documents_with_no_options() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("docs");
    std::fs::create_dir_all(&d).unwrap();
    // nothing tells type or date
    write(&d, "plain.txt", EN);
    // a dated first page, in four languages
    write(&d, "cover.txt", format!("South Centre\nJune 2026\n\n{EN}"));
    write(
        &d,
        "couverture.txt",
        format!("Centre Sud\n15 juin 2026\n\n{FR}"),
    );
    write(
        &d,
        "portada.txt",
        format!("Centro del Sur\njunio de 2026\n\n{ES}"),
    );
    write(&d, "fengmian.txt", format!("南方中心\n2026年6月\n\n{ZH}"));
    // metadata: PDF Info (Author, CreationDate), DOCX core properties,
    // HTML citation meta
    write(&d, "report.pdf", pdf(&[&[EN]], Some("Report"), false));
    write(&d, "brief.docx", docx(&[(None, EN)], Some("Brief")));
    write(
        &d,
        "page.html",
        format!(
            "<html><head><title>Page</title>\
             <meta name=\"citation_author\" content=\"Vitor Ido\">\
             <meta name=\"citation_author\" content=\"Nirmalya Syam\">\
             <meta name=\"citation_date\" content=\"2025/11/20\"></head><body><p>{EN}</p></body></html>"
        ),
    );
    // series named on the cover in four languages
    write(&d, "pb_en.txt", format!("Policy Brief No. 150\n{EN}"));
    write(&d, "np.txt", format!("Note de politique n° 151\n{FR}"));
    write(&d, "ip.txt", format!("Informe de Políticas n.º 152\n{ES}"));
    write(&d, "zc.txt", format!("政策简报 第153期\n{ZH}"));
    write(
        &d,
        "rp.txt",
        format!("Documento de investigación núm. 12\n{ES}"),
    );

    let store = sqlite(tmp.path()).await;
    let sink = StoreSink::new(store.clone());
    let s = ingest_paths(
        &sink,
        std::slice::from_ref(&d),
        None,
        &Options::default(),
        &mut NoProgress,
    )
    .await
    .unwrap();
    assert!(s.failed.is_empty(), "{:#?}", s.failed);
    assert_eq!(s.ingested.len(), 13, "{s:#?}");
    let outputs = all(store.as_ref()).await;
    assert_eq!(outputs.len(), 13);
    for o in &outputs {
        assert_eq!(o.visibility, Visibility::Internal);
    }

    let plain = by_file(&outputs, "plain.txt");
    assert_eq!(plain.output_type, OutputType::Document);
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(plain.date, today);
    // … and the summary says it had no date and no type
    let i = s.ingested.iter().find(|i| i.output_id == plain.id).unwrap();
    assert!(i.undated && i.untyped, "{i:#?}");
    assert_eq!(i.date_from, "today");
    let notes = i.notes().join("\n");
    assert!(notes.contains("no date"), "{notes}");
    assert!(notes.contains("`document`"), "{notes}");

    for (file, want) in [
        ("cover.txt", date!(2026 - 06 - 01)),
        ("couverture.txt", date!(2026 - 06 - 15)),
        ("portada.txt", date!(2026 - 06 - 01)),
        ("fengmian.txt", date!(2026 - 06 - 01)),
        ("report.pdf", date!(2024 - 01 - 15)),
        ("brief.docx", date!(2023 - 06 - 30)),
        ("page.html", date!(2025 - 11 - 20)),
    ] {
        let o = by_file(&outputs, file);
        assert_eq!(o.date, want, "{file}");
        let i = s.ingested.iter().find(|i| i.output_id == o.id).unwrap();
        assert!(!i.undated, "{file}");
        assert_eq!(i.date_from, "document", "{file}");
    }
    let names = |file: &str| -> Vec<String> {
        by_file(&outputs, file)
            .authors
            .iter()
            .map(|a| a.name.clone())
            .collect()
    };
    assert_eq!(names("report.pdf"), ["Ana Perez", "Luis Gomez"]);
    assert_eq!(names("brief.docx"), ["Carlos Correa"]);
    assert_eq!(names("page.html"), ["Vitor Ido", "Nirmalya Syam"]);

    for (file, t, number) in [
        ("pb_en.txt", OutputType::PolicyBrief, "150"),
        ("np.txt", OutputType::PolicyBrief, "151"),
        ("ip.txt", OutputType::PolicyBrief, "152"),
        ("zc.txt", OutputType::PolicyBrief, "153"),
        ("rp.txt", OutputType::ResearchPaper, "12"),
    ] {
        let o = by_file(&outputs, file);
        assert_eq!(o.output_type, t, "{file}");
        assert_eq!(o.number.as_deref(), Some(number), "{file}");
        assert_eq!(o.series.as_deref(), t.default_series(), "{file}");
    }

    // Run again, asking for public: nothing stored twice, nothing fails.
    let again = ingest_paths(
        &sink,
        std::slice::from_ref(&d),
        None,
        &Options {
            visibility: Visibility::Public,
            ..Options::default()
        },
        &mut NoProgress,
    )
    .await
    .unwrap();
    assert!(again.ingested.is_empty() && again.failed.is_empty());
    assert_eq!(all(store.as_ref()).await.len(), 13);
}

#[tokio::test]
async fn the_manifest_wins_over_the_document() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("docs");
    std::fs::create_dir_all(&d).unwrap();
    write(&d, "cover.txt", format!("South Centre\nJune 2026\n\n{EN}"));
    let manifest = tmp.path().join("m.csv");
    std::fs::write(
        &manifest,
        "file,date,authors\ndocs/cover.txt,2020-02-02,Yuefen Li\n",
    )
    .unwrap();
    let store = sqlite(tmp.path()).await;
    let sink = StoreSink::new(store.clone());
    let s = ingest_paths(
        &sink,
        &[],
        Some(&manifest),
        &Options::default(),
        &mut NoProgress,
    )
    .await
    .unwrap();
    assert!(s.failed.is_empty(), "{s:#?}");
    let o = &all(store.as_ref()).await[0];
    assert_eq!(o.date, date!(2020 - 02 - 02));
    assert_eq!(o.authors[0].name, "Yuefen Li");
    assert_eq!(s.ingested[0].date_from, "manifest");
}

#[test]
fn english_pdf_words_are_not_split_by_kerning() {
    // `D` kerned 0.15 em away from `igital`, as producers do: a gap inside
    // a word, not a space. A real space between words stays one.
    let bytes = pdf_raw(
        &[helvetica()],
        "BT /F1 12 Tf 72 720 Td [(Taxing the D) -150 (igital Economy)] TJ ET\n\
         BT /F1 12 Tf 72 690 Td [(W) 80 (ord) -300 (gap)] TJ ET",
        "/Title (Tax)",
    );
    let x = extract(&bytes, "tax.pdf").unwrap();
    assert!(
        x.text.contains("Taxing the Digital Economy"),
        "{:?}",
        x.text
    );
    // 0.3 em between `Word` and `gap`: a space
    assert!(x.text.contains("Word gap"), "{:?}", x.text);
}

#[test]
fn chinese_pdf_text_is_unified_and_lines_joined() {
    let bytes = cjk_pdf(&[
        "南方中心政策简报：发展中国家需要更多的适应",
        "资\u{2FA6}，以应对\u{2F53}候变化，实现可持续发展\u{2F6C}标。",
        ZH,
    ]);
    let x = extract(&bytes, "brief.pdf").unwrap();
    assert!(x.text.contains("适应资金"), "{:?}", x.text);
    assert!(x.text.contains("气候变化"), "{:?}", x.text);
    assert!(x.text.contains("目标"), "{:?}", x.text);
    assert!(
        !x.text
            .chars()
            .any(|c| ('\u{2E80}'..='\u{2FDF}').contains(&c)),
        "{:?}",
        x.text
    );
    assert_eq!(x.lang, Some(southdesk_plan::Lang::Zh));
}

#[tokio::test]
async fn a_chinese_pdf_with_compatibility_characters_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("docs");
    std::fs::create_dir_all(&d).unwrap();
    write(
        &d,
        "brief_zh.pdf",
        cjk_pdf(&[
            "南方中心政策简报：发展中国家需要更多的适应",
            "资\u{2FA6}，以应对\u{2F53}候变化，实现可持续发展\u{2F6C}标。",
            ZH,
        ]),
    );
    let store = sqlite(tmp.path()).await;
    let cat = Catalogue::new(
        store.clone(),
        Arc::new(southdesk_kb::memory_index().unwrap()),
        Arc::new(southdesk_tagger::Tagger::builtin()),
    );
    let sink = CatalogueSink::new(cat.clone(), None);
    let s = ingest_paths(
        &sink,
        std::slice::from_ref(&d),
        None,
        &Options::default(),
        &mut NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(s.ingested.len(), 1, "{s:#?}");
    let id = s.ingested[0].output_id;
    let scope = OutputScope {
        visibility: Visibility::ALL.to_vec(),
        confidential_of: Vec::new(),
    };
    for q in ["适应资金", "气候", "\"适应资金\""] {
        let r = search::run(
            &cat.index,
            &SearchParams {
                q: q.into(),
                ..SearchParams::default()
            },
            &scope,
        )
        .unwrap();
        assert!(r.hits.iter().any(|h| h.output_id == id), "{q}: {r:?}");
    }
}
