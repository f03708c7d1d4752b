//! Fixtures built at test time: nothing binary is committed.
#![allow(dead_code)]

use std::io::Write;

/// A minimal valid PDF: one page per entry of `pages`, each line of a page
/// drawn in Helvetica; an Info dictionary with `title`, `author` and a
/// creation date; optionally an `/Encrypt` dictionary in the trailer
/// (password-protected with an unknown password).
pub fn pdf(pages: &[&[&str]], title: Option<&str>, encrypted: bool) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    let n_pages = pages.len();
    // 1 catalog, 2 pages, 3 font, 4 info, 5 encrypt, then page/content pairs
    let page_ids: Vec<usize> = (0..n_pages).map(|i| 6 + 2 * i).collect();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {n_pages} >>",
        page_ids
            .iter()
            .map(|i| format!("{i} 0 R"))
            .collect::<Vec<_>>()
            .join(" ")
    ));
    objects.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    );
    objects.push(format!(
        "<< /Title ({}) /Author (Ana Perez; Luis Gomez) /CreationDate (D:20240115093000Z) >>",
        title.unwrap_or("")
    ));
    objects.push(format!(
        "<< /Filter /Standard /V 1 /R 2 /O <{}> /U <{}> /P -44 >>",
        "a1".repeat(32),
        "5f".repeat(32)
    ));
    for lines in pages {
        let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
        for l in lines.iter() {
            content.push_str(&format!("({}) Tj T*\n", escape(l)));
        }
        content.push_str("ET");
        let content_id = objects.len() + 2;
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R \
             /Resources << /Font << /F1 3 0 R >> >> >>"
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1).unwrap();
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    let encrypt = if encrypted {
        " /Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
    } else {
        ""
    };
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R /Info 4 0 R{encrypt} >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)")
}

/// A DOCX: `paragraphs` as (style, text); core properties with `title`.
pub fn docx(paragraphs: &[(Option<&str>, &str)], title: Option<&str>) -> Vec<u8> {
    let mut body = String::new();
    for (style, text) in paragraphs {
        body.push_str("<w:p>");
        if let Some(s) = style {
            body.push_str(&format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"));
        }
        // two runs, to check they are joined
        let (a, b) = text.split_at(text.len() / 2);
        let a = xml_escape(a);
        let b = xml_escape(b);
        body.push_str(&format!(
            "<w:r><w:t xml:space=\"preserve\">{a}</w:t></w:r><w:r><w:t>{b}</w:t></w:r></w:p>"
        ));
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    );
    let mut entries: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_vec()),
        ("word/document.xml", document.into_bytes()),
    ];
    let core;
    if let Some(t) = title {
        core = format!(
            "<?xml version=\"1.0\"?><cp:coreProperties \
             xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">\
             <dc:title>{}</dc:title><dc:creator>Carlos Correa</dc:creator>\
             <dcterms:created>2023-06-30T10:00:00Z</dcterms:created></cp:coreProperties>",
            xml_escape(t)
        );
        entries.push(("docProps/core.xml", core.into_bytes()));
    }
    zip_of(&entries)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A zip of `entries`, deflated.
pub fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A DOCX whose document.xml unpacks to `size` bytes of one repeated
/// character: a zip bomb (about 1000:1).
pub fn zip_bomb(size: usize) -> Vec<u8> {
    let mut doc = b"<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>".to_vec();
    doc.resize(size, b'A');
    zip_of(&[("word/document.xml", doc)])
}

pub const EN: &str = "The South Centre supports developing countries in multilateral negotiations on trade, intellectual property, health and climate change. This paper examines how special and differential treatment can be preserved.";
pub const FR: &str = "Le Centre Sud aide les pays en développement dans les négociations multilatérales sur le commerce, la propriété intellectuelle, la santé et le changement climatique. Ce document examine le traitement spécial et différencié.";
pub const ES: &str = "El Centro del Sur apoya a los países en desarrollo en las negociaciones multilaterales sobre comercio, propiedad intelectual, salud y cambio climático. Este documento examina el trato especial y diferenciado.";
pub const ZH: &str = "南方中心支持发展中国家参与关于贸易、知识产权、卫生和气候变化的多边谈判。本文探讨如何维护特殊和差别待遇。";

/// A one-page PDF from raw parts: `fonts` are (resource name, font
/// dictionary, extra objects the dictionary names as `{n} 0 R` with `n`
/// counted from the first extra object), `content` the page's content
/// stream, `info` the Info dictionary's entries.
pub fn pdf_raw(fonts: &[(&str, &str, Vec<String>)], content: &str, info: &str) -> Vec<u8> {
    // 1 catalog, 2 pages, 3 page, 4 content, 5 info, then fonts
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        String::new(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        format!("<< {info} >>"),
    ];
    let mut resources = String::new();
    for (name, dict, extra) in fonts {
        let font_id = objects.len() + 1;
        let first_extra = font_id + 1;
        let mut dict = dict.to_string();
        for i in (0..extra.len()).rev() {
            dict = dict.replace(&format!("{{{i}}}"), &(first_extra + i).to_string());
        }
        objects.push(dict);
        for e in extra {
            let mut e = e.clone();
            for i in (0..extra.len()).rev() {
                e = e.replace(&format!("{{{i}}}"), &(first_extra + i).to_string());
            }
            objects.push(e);
        }
        resources.push_str(&format!("/{name} {font_id} 0 R "));
    }
    objects[2] = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << {resources}>> >> >>"
    );
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1).unwrap();
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

/// Helvetica, as `pdf_raw` takes a font.
pub fn helvetica() -> (&'static str, &'static str, Vec<String>) {
    (
        "F1",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        Vec::new(),
    )
}

/// A PDF of Chinese `lines` drawn with a composite (Type0, Identity-H)
/// font whose ToUnicode map gives each glyph the character written in
/// `lines` — compatibility characters (Kangxi radicals, …) included, as
/// some producers write them. Each line is one text line.
pub fn cjk_pdf(lines: &[&str]) -> Vec<u8> {
    let mut chars: Vec<char> = Vec::new();
    for l in lines {
        for c in l.chars() {
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
    }
    let cid = |c: char| chars.iter().position(|x| *x == c).unwrap() + 1;
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 16 TL\n");
    for l in lines {
        let hex: String = l.chars().map(|c| format!("{:04X}", cid(c))).collect();
        content.push_str(&format!("<{hex}> Tj T*\n"));
    }
    content.push_str("ET");
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in chars.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for c in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{:04X}> <{hex}>\n", cid(*c)));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMapResource defineresource pop\nend\nend");
    let font = (
        "F1",
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H \
         /DescendantFonts [{0} 0 R] /ToUnicode {2} 0 R >>",
        vec![
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {1} 0 R /DW 1000 >>"
                .to_string(),
            "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 800] \
             /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"
                .to_string(),
            format!("<< /Length {} >>\nstream\n{cmap}\nendstream", cmap.len()),
        ],
    );
    pdf_raw(&[font], &content, "/Title (Brief)")
}
