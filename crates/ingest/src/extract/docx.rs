//! DOCX: the text runs of `word/document.xml`, the title, authors and date
//! of `docProps/core.xml`. The archive is read defensively: entry count,
//! total unpacked size and compression ratio are capped, and every entry is
//! read through a bounded reader, so a zip bomb is refused after reading at
//! most the limit.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

use super::{DocMetadata, ExtractError, Limits, Raw, normalise_date};

/// Entries larger than this are checked against the compression ratio.
const RATIO_FLOOR: u64 = 1024 * 1024;

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<Raw, ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::DocxCorrupt(format!("not a readable zip archive ({e})")))?;
    if zip.len() > limits.max_zip_entries {
        return Err(ExtractError::ZipBomb(format!(
            "{} entries, over the limit of {}",
            zip.len(),
            limits.max_zip_entries
        )));
    }
    // Declared sizes first: cheap, and catches the honest bombs.
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| ExtractError::DocxCorrupt(e.to_string()))?;
        declared = declared.saturating_add(f.size());
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        check_ratio(&name, f.size(), f.compressed_size(), limits)?;
    }
    if declared > limits.max_unpacked_bytes {
        return Err(ExtractError::ZipBomb(format!(
            "unpacks to {declared} bytes, over the limit of {} bytes",
            limits.max_unpacked_bytes
        )));
    }
    let mut budget = limits.max_unpacked_bytes;
    let document =
        read_entry(&mut zip, "word/document.xml", &mut budget, limits)?.ok_or_else(|| {
            ExtractError::DocxCorrupt("no word/document.xml (is this a Word document?)".into())
        })?;
    let (text, heading) = document_text(&document)?;
    let mut raw = Raw {
        text,
        ..Raw::default()
    };
    if let Some(core) = read_entry(&mut zip, "docProps/core.xml", &mut budget, limits)? {
        let (title, meta) = core_props(&core);
        raw.title = title;
        raw.metadata = meta;
    }
    if raw.title.is_none() {
        raw.title = heading;
    }
    Ok(raw)
}

fn check_ratio(
    name: &str,
    size: u64,
    compressed: u64,
    limits: &Limits,
) -> Result<(), ExtractError> {
    if size > RATIO_FLOOR && size / compressed.max(1) > limits.max_compression_ratio {
        return Err(ExtractError::ZipBomb(format!(
            "entry {name} is compressed {}:1, over the limit of {}:1",
            size / compressed.max(1),
            limits.max_compression_ratio
        )));
    }
    Ok(())
}

/// Reads one entry with a bounded reader: never more than what is left of
/// the budget, never more than the ratio allows for its compressed size.
fn read_entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    limits: &Limits,
) -> Result<Option<Vec<u8>>, ExtractError> {
    let f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ExtractError::DocxCorrupt(format!("{name}: {e}"))),
    };
    let compressed = f.compressed_size();
    let cap = (*budget).min(
        compressed
            .max(1)
            .saturating_mul(limits.max_compression_ratio)
            .max(RATIO_FLOOR),
    );
    let mut buf = Vec::new();
    f.take(cap + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ExtractError::DocxCorrupt(format!("{name}: {e}")))?;
    let n = buf.len() as u64;
    if n > cap {
        return Err(ExtractError::ZipBomb(if cap == *budget {
            format!(
                "{name} unpacks to more than {} bytes, over the limit",
                limits.max_unpacked_bytes
            )
        } else {
            format!(
                "entry {name} unpacks to more than {}:1 of its compressed size",
                limits.max_compression_ratio
            )
        }));
    }
    *budget -= n;
    Ok(Some(buf))
}

/// Text of the body: `w:t` runs, tabs and breaks; one line per paragraph.
/// Also the first paragraph styled Title or Heading 1.
fn document_text(xml: &[u8]) -> Result<(String, Option<String>), ExtractError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut in_t = false;
    let mut para_start = 0;
    let mut para_style: Option<String> = None;
    let mut heading: Option<String> = None;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| ExtractError::DocxCorrupt(format!("word/document.xml: {e}")))?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().as_ref() {
                b"t" => in_t = matches!(ev, Event::Start(_)),
                b"tab" => out.push('\t'),
                b"br" | b"cr" => out.push('\n'),
                b"p" => {
                    para_start = out.len();
                    para_style = None;
                }
                b"pStyle" => {
                    para_style = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"val")
                        .map(|a| String::from_utf8_lossy(&a.value).to_ascii_lowercase());
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_t = false,
                b"p" => {
                    if heading.is_none()
                        && para_style
                            .as_deref()
                            .is_some_and(|s| s == "title" || s == "heading1")
                    {
                        let h = out[para_start..].trim().to_string();
                        if !h.is_empty() {
                            heading = Some(h);
                        }
                    }
                    out.push('\n');
                }
                _ => {}
            },
            Event::Text(t) if in_t => out.push_str(
                &t.decode()
                    .map_err(|e| ExtractError::DocxCorrupt(e.to_string()))?,
            ),
            Event::GeneralRef(r) if in_t => push_ref(&mut out, &r),
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok((out, heading))
}

fn push_ref(out: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
        return;
    }
    let name = r.decode().unwrap_or_default();
    out.push_str(match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    });
}

/// `dc:title`, `dc:creator`, `dcterms:created` (or `dcterms:modified`),
/// `dc:subject`, `cp:keywords`.
fn core_props(xml: &[u8]) -> (Option<String>, DocMetadata) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut meta = DocMetadata::default();
    let mut title = None;
    let mut current: Option<Vec<u8>> = None;
    let mut value = String::new();
    let mut created = None;
    let mut modified = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                current = Some(e.name().as_ref().to_vec());
                value.clear();
            }
            Ok(Event::Text(t)) if current.is_some() => {
                value.push_str(&t.decode().unwrap_or_default())
            }
            Ok(Event::GeneralRef(r)) if current.is_some() => push_ref(&mut value, &r),
            Ok(Event::End(_)) => {
                let v = value.trim().to_string();
                match current.take().as_deref() {
                    _ if v.is_empty() => {}
                    Some(b"dc:title") => title = Some(v),
                    Some(b"dc:creator") => {
                        meta.authors = v
                            .split(';')
                            .map(|a| a.trim().to_string())
                            .filter(|a| !a.is_empty())
                            .collect()
                    }
                    Some(b"dc:subject") => meta.subject = Some(v),
                    Some(b"cp:keywords") => {
                        meta.keywords = v
                            .split([',', ';'])
                            .map(|k| k.trim().to_string())
                            .filter(|k| !k.is_empty())
                            .collect()
                    }
                    Some(b"dcterms:created") => created = normalise_date(&v),
                    Some(b"dcterms:modified") => modified = normalise_date(&v),
                    _ => {}
                }
                value.clear();
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    meta.created = created.or(modified);
    (title, meta)
}
