//! Extraction of every supported format, and a clear error for each bad
//! input. Fixtures are generated here.

mod common;

use common::*;
use southdesk_ingest::{ExtractError, Limits, MediaType, extract, extract_with};
use southdesk_plan::Lang;

#[test]
fn pdf_text_title_metadata_language() {
    let bytes = pdf(
        &[
            &["RESEARCH PAPER 199", "Special and differential treatment"],
            &[EN],
        ],
        Some("Special and Differential Treatment"),
        false,
    );
    let x = extract(&bytes, "rp199.pdf").unwrap();
    assert_eq!(x.media_type, MediaType::Pdf);
    assert!(x.text.contains("RESEARCH PAPER 199"), "{}", x.text);
    assert!(x.text.contains("multilateral negotiations"), "{}", x.text);
    assert_eq!(
        x.title.as_deref(),
        Some("Special and Differential Treatment")
    );
    assert_eq!(x.lang, Some(Lang::En));
    assert!(x.lang_confidence > 0.3);
    assert_eq!(x.metadata.authors, ["Ana Perez", "Luis Gomez"]);
    assert_eq!(x.metadata.date.as_deref(), Some("2024-01-15"));
    assert_eq!(x.encoding, None);
}

/// A page that is its own `/Parent` and has no `/Resources` (found by the
/// fuzzer): the text reader looked for inherited resources up the parent
/// chain forever. Now the loop is cut, and the next page's text is read.
#[test]
fn a_page_that_is_its_own_parent_is_read_not_followed_forever() {
    let drawing = "0 0 m 100 100 l S";
    let text = "BT /F1 18 Tf 72 760 Td (Policy Brief 3) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>".to_string(),
        "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_string(),
        format!(
            "<< /Length {} >>\nstream\n{drawing}\nendstream",
            drawing.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 5 0 R >> >> /Contents 7 0 R >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
    ];
    let pdf = pdf_of(&objects.map(String::into_bytes));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(extract(&pdf, "loop.pdf"));
    });
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("extraction still running after 20 s: the parent loop is followed");
    let x = got.unwrap();
    assert!(x.text.contains("Policy Brief 3"), "{}", x.text);
}

#[test]
fn encrypted_pdf_is_refused_clearly() {
    let bytes = pdf(&[&[EN]], Some("Secret"), true);
    let e = extract(&bytes, "secret.pdf").unwrap_err();
    assert_eq!(e, ExtractError::PdfEncrypted);
    assert_eq!(
        e.to_string(),
        "the PDF is encrypted (password-protected); save an unprotected copy and ingest that"
    );
}

#[test]
fn corrupt_pdfs_are_refused_clearly() {
    let good = pdf(&[&[EN]], Some("T"), false);
    // truncated in the middle of the page content
    let truncated = &good[..good.len() / 2];
    let e = extract(truncated, "cut.pdf").unwrap_err();
    assert!(matches!(e, ExtractError::PdfCorrupt(_)), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("the PDF is damaged or not a PDF: "),
        "{e}"
    );
    // a PDF header and garbage
    let e = extract(b"%PDF-1.7\n\x00\x01garbage\xff\xfe", "junk.pdf").unwrap_err();
    assert!(matches!(e, ExtractError::PdfCorrupt(_)), "{e:?}");
    // a PDF whose only text is nothing: no text layer
    let blank = pdf(&[&[]], None, false);
    let e = extract(&blank, "scan.pdf").unwrap_err();
    assert!(e.to_string().contains("no text found"), "{e}");
    assert!(e.to_string().contains("OCR"), "{e}");
}

#[test]
fn every_truncation_of_a_pdf_is_an_error_or_text_never_a_panic() {
    let good = pdf(&[&[EN], &[FR]], Some("T"), false);
    for cut in (0..good.len()).step_by(37) {
        // must return, whatever it returns
        let _ = extract(&good[..cut], "cut.pdf");
    }
}

#[test]
fn docx_text_runs_title_and_heading() {
    let bytes = docx(
        &[
            (Some("Title"), "Le Sud & la santé"),
            (None, FR),
            (None, "Deuxième paragraphe <important>."),
        ],
        Some("Note de politique 12"),
    );
    let x = extract(&bytes, "note.docx").unwrap();
    assert_eq!(x.media_type, MediaType::Docx);
    assert_eq!(x.title.as_deref(), Some("Note de politique 12"));
    assert!(x.text.contains("Le Sud & la santé\n"), "{}", x.text);
    assert!(
        x.text.contains("Deuxième paragraphe <important>."),
        "{}",
        x.text
    );
    assert_eq!(x.lang, Some(Lang::Fr));
    assert_eq!(x.metadata.authors, ["Carlos Correa"]);
    assert_eq!(x.metadata.date.as_deref(), Some("2023-06-30"));
    // without core properties: the Title paragraph
    let bytes = docx(
        &[(Some("Heading1"), "Informe de política"), (None, ES)],
        None,
    );
    let x = extract(&bytes, "informe.docx").unwrap();
    assert_eq!(x.title.as_deref(), Some("Informe de política"));
    assert_eq!(x.lang, Some(Lang::Es));
}

#[test]
fn docx_zip_bombs_are_refused() {
    // ~1000:1, 8 MiB unpacked: over the ratio limit
    let bomb = zip_bomb(8 << 20);
    assert!(bomb.len() < 100 << 10, "{}", bomb.len());
    let e = extract(&bomb, "bomb.docx").unwrap_err();
    assert!(matches!(e, ExtractError::ZipBomb(_)), "{e:?}");
    assert!(e.to_string().contains("zip bomb"), "{e}");
    // over the total unpacked size, at a low ratio
    let limits = Limits {
        max_unpacked_bytes: 1 << 20,
        ..Limits::default()
    };
    let big = docx(&[(None, &EN.repeat(10_000))], None);
    let e = extract_with(&big, "big.docx", &limits).unwrap_err();
    assert!(e.to_string().contains("over the limit"), "{e}");
    // too many entries
    let limits = Limits {
        max_zip_entries: 10,
        ..Limits::default()
    };
    let entries: Vec<(String, Vec<u8>)> = (0..20).map(|i| (format!("f{i}"), vec![b'x'])).collect();
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    let many = zip_of(&refs);
    let e = extract_with(&many, "many.docx", &limits).unwrap_err();
    assert!(e.to_string().contains("20 entries"), "{e}");
}

#[test]
fn not_a_docx() {
    let e = extract(b"just text", "x.docx").unwrap_err();
    assert!(matches!(e, ExtractError::DocxCorrupt(_)), "{e:?}");
    let zip = zip_of(&[("hello.txt", b"hi".to_vec())]);
    let e = extract(&zip, "x.docx").unwrap_err();
    assert!(e.to_string().contains("no word/document.xml"), "{e}");
}

#[test]
fn html_and_markdown() {
    let html = format!(
        "<html><head><title>Policy Brief 7</title><script>x()</script></head>\
         <body><h1>Ignored heading</h1><p>{ES}</p></body></html>"
    );
    let x = extract(html.as_bytes(), "pb7.html").unwrap();
    assert_eq!(x.media_type, MediaType::Html);
    assert_eq!(x.title.as_deref(), Some("Policy Brief 7"));
    assert_eq!(x.lang, Some(Lang::Es));
    assert!(!x.text.contains("x()"));

    let md = format!("Some preface\n\n# 南方中心政策简报\n\n{ZH}\n");
    let x = extract(md.as_bytes(), "brief.md").unwrap();
    assert_eq!(x.media_type, MediaType::Markdown);
    assert_eq!(x.title.as_deref(), Some("南方中心政策简报"));
    assert_eq!(x.lang, Some(Lang::Zh));
}

#[test]
fn windows_1252_and_gb18030_text_files() {
    let fr = format!("Note d'analyse\n\n{FR} « Coopération Sud-Sud » — 2024 €.");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&fr);
    assert!(std::str::from_utf8(&bytes).is_err());
    let x = extract(&bytes, "note.txt").unwrap();
    assert_eq!(x.encoding, Some("windows-1252"));
    assert_eq!(x.text, fr);
    assert_eq!(x.lang, Some(Lang::Fr));
    assert_eq!(x.title.as_deref(), Some("Note d'analyse"));

    let zh = format!("南方中心\n{ZH}");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&zh);
    let x = extract(&bytes, "zh.txt").unwrap();
    assert_eq!(x.encoding, Some("gb18030"));
    assert_eq!(x.text, zh);
    assert_eq!(x.lang, Some(Lang::Zh));
}

#[test]
fn size_and_type_limits() {
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let e = extract_with(&[b'a'; 101], "a.txt", &limits).unwrap_err();
    assert_eq!(
        e.to_string(),
        "file is 101 bytes, over the limit of 100 bytes"
    );
    let e = extract(b"\x89PNG....", "logo.png").unwrap_err();
    assert_eq!(
        e.to_string(),
        "unsupported file type `.png`: expected PDF, DOCX, HTML, Markdown or plain text"
    );
    let e = extract(b"   \n  ", "empty.txt").unwrap_err();
    assert!(e.to_string().contains("no text found"), "{e}");
}

#[test]
fn broken_html_in_a_legacy_encoding() {
    // Windows-1252 declared by <meta charset>, tags left open and
    // misnested, entities with and without semicolons, a script holding
    // markup, comments
    let html = "<html><head><meta charset=windows-1252><title>Note d'analyse &amp; suivi</title>\
        <script>document.write('<p>pas du texte</p>')</script></head>\
        <body><!-- menu --><div><p>Coop\u{e9}ration <b>Sud-<i>Sud</b> et</i> d\u{e9}veloppement\
        <p>Deuxi\u{e8}me&nbsp;paragraphe &eacute;crit &copy 2024<ul><li>un<li>deux</ul>\
        <table><tr><td>th\u{e8}me<td>ODD<tr><td>sant\u{e9}<td>3</table>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(html);
    assert!(std::str::from_utf8(&bytes).is_err());
    let x = extract(&bytes, "note.html").unwrap();
    assert_eq!(x.encoding, Some("windows-1252"));
    assert_eq!(x.title.as_deref(), Some("Note d'analyse & suivi"));
    assert_eq!(
        x.text,
        "Coopération Sud-Sud et développement\n\n\
         Deuxième\u{a0}paragraphe écrit © 2024\n\nun\ndeux\n\n\
         thème\tODD\nsanté\t3"
    );
}

#[test]
fn markdown_structure_becomes_plain_lines() {
    let md = "---\ntitle: Informe 3\nauthor: Ana; Luis\n---\n\
        # Comercio y *desarrollo*\n\n\
        Véase [el informe](https://example.org/x) y `código`.\n\n\
        - uno\n- dos\n\n\
        | Tema | ODS |\n|---|---|\n| Salud | 3 |\n\n\
        ```\nlet x = [1](2);\n```\n";
    let x = extract(md.as_bytes(), "informe.md").unwrap();
    assert_eq!(x.title.as_deref(), Some("Informe 3"));
    assert_eq!(x.metadata.authors, ["Ana", "Luis"]);
    assert_eq!(
        x.text,
        "Comercio y desarrollo\n\nVéase el informe y código.\n\nuno\ndos\n\n\
         Tema\tODS\nSalud\t3\n\nlet x = [1](2);"
    );
}

/// zlib-compressed `data`.
fn flate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A one-page PDF whose content stream is `content` compressed with Flate,
/// with an image of `image_bytes` (inflated) drawn on it when not zero.
fn flate_pdf(content: &[u8], image_bytes: usize) -> Vec<u8> {
    let side = ((image_bytes / 3) as f64).sqrt().max(1.0) as usize;
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        HELVETICA.to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R \
          /Resources << /Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >> >> >>"
            .to_vec(),
        stream_object("/Filter /FlateDecode", &flate(content)),
        stream_object(
            &format!(
                "/Type /XObject /Subtype /Image /Width {side} /Height {side} \
                 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"
            ),
            // Were the image parsed as content, each byte would be a name.
            &flate(&vec![b'/'; image_bytes]),
        ),
    ])
}

const HELVETICA: &[u8] =
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";

/// A PDF of these objects, numbered from 1 (the first is the catalogue),
/// with its cross-reference table.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    use std::io::Write;
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

/// A stream object: its dictionary entries and its data as stored.
fn stream_object(entries: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {entries} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

const PAGE: &[u8] = b"BT /F1 12 Tf 72 720 Td (Fisheries subsidies and special and differential treatment for developing countries) Tj ET\n";

#[test]
fn a_pdf_whose_content_inflates_to_100_mb_is_refused_quickly() {
    let mut content = PAGE.to_vec();
    content.extend(std::iter::repeat_n(b' ', 100 * 1024 * 1024));
    let bomb = flate_pdf(&content, 0);
    assert!(bomb.len() < 300 * 1024, "{} bytes", bomb.len());
    let started = std::time::Instant::now();
    let e = extract(&bomb, "bomb.pdf").unwrap_err();
    let took = started.elapsed();
    assert!(matches!(e, ExtractError::PdfBomb(_)), "{e:?}");
    assert!(e.to_string().contains("inflates past 8388608 bytes"), "{e}");
    // Only the limit is inflated, into a counter: well under the time (and
    // the memory) the reader would take on the whole stream.
    assert!(took < std::time::Duration::from_secs(10), "{took:?}");
}

#[test]
fn the_document_limit_counts_every_stream_but_images() {
    // A readable page beside a 40 MB image: images are never opened, so the
    // page is read.
    let ok = extract(&flate_pdf(PAGE, 40 * 1024 * 1024), "brief.pdf").unwrap();
    assert!(ok.text.contains("Fisheries subsidies"), "{}", ok.text);
    // A tighter limit for the whole document refuses a page under the
    // per-stream limit.
    let limits = Limits {
        max_pdf_inflated_bytes: 1024,
        ..Limits::default()
    };
    let mut content = PAGE.to_vec();
    content.extend(std::iter::repeat_n(b' ', 4096));
    let e = extract_with(&flate_pdf(&content, 0), "brief.pdf", &limits).unwrap_err();
    assert!(
        e.to_string().contains("inflate past 1024 bytes in all"),
        "{e}"
    );
}

/// Runs `f` on a thread of its own and gives its result, or fails the test
/// when it takes longer than `secs` (a reader that loops, or recurses
/// until the stack overflows, would take the whole test binary down).
fn within<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    rx.recv_timeout(std::time::Duration::from_secs(secs))
        .unwrap_or_else(|_| panic!("{what}: still running after {secs} s"))
}

#[test]
fn a_stream_with_a_damaged_zlib_header_is_measured_as_the_reader_inflates_it() {
    // The fuzzer's find: `x\xDA` changed to `8\xDA`. The reader falls back
    // to raw deflate after the two header bytes and inflated all of it.
    let mut content = PAGE.to_vec();
    content.extend(std::iter::repeat_n(b'/', 100 * 1024 * 1024));
    let mut bomb = flate_pdf(&content, 0);
    let data = bomb.windows(7).position(|w| w == b"stream\n").unwrap() + 7;
    assert_eq!(bomb[data], b'x');
    bomb[data] = b'8';
    let e = within(20, "a damaged bomb", move || extract(&bomb, "bomb.pdf")).unwrap_err();
    assert!(matches!(e, ExtractError::PdfBomb(_)), "{e:?}");
    assert!(e.to_string().contains("inflates past 8388608 bytes"), "{e}");
    // A damaged header on an ordinary page is still read, as before.
    let mut page = flate_pdf(PAGE, 0);
    let data = page.windows(7).position(|w| w == b"stream\n").unwrap() + 7;
    page[data] = b'8';
    let x = extract(&page, "brief.pdf").unwrap();
    assert!(x.text.contains("Fisheries subsidies"), "{}", x.text);
}

/// A one-page PDF whose page draws forms: `page` is the page's content,
/// `forms` the content of the forms `/Fm1`, `/Fm2`, … (objects 5, 6, …),
/// each able to draw every form by name.
fn pdf_with_forms(page: &str, forms: &[&str]) -> Vec<u8> {
    let names: String = (0..forms.len())
        .map(|i| format!("/Fm{} {} 0 R ", i + 1, i + 6))
        .collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R \
             /Resources << /Font << /F1 4 0 R >> /XObject << {names}>> >> >>"
        )
        .into_bytes(),
        HELVETICA.to_vec(),
        stream_object("", page.as_bytes()),
    ];
    for form in forms {
        objects.push(stream_object(
            "/Type /XObject /Subtype /Form /BBox [0 0 612 792]",
            form.as_bytes(),
        ));
    }
    pdf_of(&objects)
}

#[test]
fn forms_are_drawn_with_their_text_and_counted_each_time() {
    let text = "BT /F1 12 Tf 72 700 Td (Debt sustainability) Tj ET";
    let ok = pdf_with_forms(
        "BT /F1 12 Tf 72 720 Td (Policy Brief 9) Tj ET /Fm1 Do",
        &[&format!("{text} /Fm2 Do"), text],
    );
    let x = extract(&ok, "brief.pdf").unwrap();
    assert!(x.text.contains("Policy Brief 9"), "{}", x.text);
    assert_eq!(
        x.text.matches("Debt sustainability").count(),
        2,
        "{}",
        x.text
    );

    // A form drawn 2,000 times by a form drawn 2,000 times: four million
    // drawings of a small form, refused before any is parsed.
    let many = |name: &str| format!("/{name} Do\n").repeat(2000);
    let bomb = pdf_with_forms(&many("Fm1"), &[&many("Fm2"), text]);
    assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
    let started = std::time::Instant::now();
    let e = within(20, "forms drawn millions of times", move || {
        extract(&bomb, "bomb.pdf")
    })
    .unwrap_err();
    assert!(matches!(e, ExtractError::PdfBomb(_)), "{e:?}");
    assert!(e.to_string().contains("operators and operands"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_form_that_draws_itself_is_refused_not_followed_until_the_stack_overflows() {
    let pdf = pdf_with_forms("/Fm1 Do", &["/Fm2 Do", "q /Fm1 Do Q"]);
    let e = within(20, "a form drawing itself", move || {
        extract(&pdf, "loop.pdf")
    })
    .unwrap_err();
    assert!(matches!(e, ExtractError::PdfCorrupt(_)), "{e:?}");
    assert!(e.to_string().contains("form 6 0 draws itself"), "{e}");
    // Forms nested deeper than real documents go are refused too.
    let deep: Vec<String> = (2..=41).map(|i| format!("/Fm{i} Do")).collect();
    let deep: Vec<&str> = deep.iter().map(String::as_str).collect();
    let pdf = pdf_with_forms("/Fm1 Do", &deep);
    let e = within(20, "forms nested deep", move || extract(&pdf, "deep.pdf")).unwrap_err();
    assert!(e.to_string().contains("levels deep"), "{e}");
}

#[test]
fn a_drawn_image_is_not_opened() {
    // The page draws an image of 8 MB: the reader decoded a drawn image's
    // data as if it were page content (here, 8 million names: a gigabyte
    // held). The image is emptied before reading, so it is neither inflated
    // nor parsed, nor counted against the document's limits.
    let mut content = PAGE.to_vec();
    content.extend_from_slice(b"q 612 0 0 792 0 0 cm /Im1 Do Q\n");
    let pdf = flate_pdf(&content, 8 * 1024 * 1024);
    let started = std::time::Instant::now();
    let x = within(20, "a drawn image", move || extract(&pdf, "brief.pdf")).unwrap();
    assert!(x.text.contains("Fisheries subsidies"), "{}", x.text);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn a_page_of_more_operands_than_the_limit_is_refused() {
    let limits = Limits {
        max_pdf_operands: 100_000,
        ..Limits::default()
    };
    // 200,000 lone `/`: each one a name the reader would hold.
    let mut content = PAGE.to_vec();
    content.extend(std::iter::repeat_n(b'/', 200_000));
    let e = extract_with(&flate_pdf(&content, 0), "brief.pdf", &limits).unwrap_err();
    assert!(matches!(e, ExtractError::PdfBomb(_)), "{e:?}");
    assert!(e.to_string().contains("more than 100000 operators"), "{e}");
    // Under the limit the same page is read.
    content.truncate(PAGE.len() + 50_000);
    let x = extract_with(&flate_pdf(&content, 0), "brief.pdf", &limits).unwrap();
    assert!(x.text.contains("Fisheries subsidies"), "{}", x.text);
}
