//! PDF: text through `pdf-extract` (which reads fonts and CMaps), metadata
//! from the Info dictionary. Encrypted files are told apart from damaged
//! ones: a PDF that opens with the empty user password (owner-password
//! "protection" only) is read; one that needs a password is refused.

use lopdf::{Document, Object};

use super::{DocMetadata, ExtractError, Raw, collapse_ws, normalise_date};

pub(crate) fn extract(bytes: &[u8]) -> Result<Raw, ExtractError> {
    let declares_encrypt = has_encrypt_in_trailer(bytes);
    let doc = match Document::load_mem(bytes) {
        Ok(d) => d,
        Err(e) if declares_encrypt || is_password_error(&e) => {
            tracing::debug!("encrypted PDF: {e}");
            return Err(ExtractError::PdfEncrypted);
        }
        Err(e) => return Err(ExtractError::PdfCorrupt(one_line(&e.to_string()))),
    };
    // Still carrying /Encrypt after loading: the empty password did not open it.
    if doc.is_encrypted() {
        return Err(ExtractError::PdfEncrypted);
    }
    if doc.get_pages().is_empty() {
        return Err(ExtractError::PdfCorrupt("no pages".into()));
    }
    let (title, metadata) = info(&doc);
    let mut text = String::new();
    {
        let mut out = pdf_extract::PlainTextOutput::new(&mut text);
        if let Err(e) = pdf_extract::output_doc(&doc, &mut out) {
            if doc.was_encrypted() && text.trim().is_empty() {
                return Err(ExtractError::PdfEncrypted);
            }
            return Err(ExtractError::PdfCorrupt(one_line(&e.to_string())));
        }
    }
    Ok(Raw {
        text,
        title,
        encoding: None,
        metadata,
    })
}

fn one_line(s: &str) -> String {
    collapse_ws(s).chars().take(200).collect()
}

fn is_password_error(e: &lopdf::Error) -> bool {
    matches!(
        e,
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword
    )
}

/// Whether a trailer (or a cross-reference stream) names an `/Encrypt`
/// dictionary: looked up in the last 64 KiB, where trailers live, and in
/// the first 4 KiB (linearised files).
fn has_encrypt_in_trailer(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64 * 1024)..];
    let head = &bytes[..bytes.len().min(4096)];
    let find = |h: &[u8]| h.windows(8).any(|w| w == b"/Encrypt");
    find(tail) || find(head)
}

fn info(doc: &Document) -> (Option<String>, DocMetadata) {
    let mut meta = DocMetadata::default();
    let Some(dict) = doc.trailer.get(b"Info").ok().and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }) else {
        return (None, meta);
    };
    let text = |key: &[u8]| -> Option<String> {
        let o = dict.get(key).ok()?;
        let o = match o {
            Object::Reference(id) => doc.get_object(*id).ok()?,
            o => o,
        };
        let s = match o {
            Object::String(b, _) => decode_pdf_string(b),
            _ => return None,
        };
        let s = collapse_ws(&s);
        (!s.is_empty()).then_some(s)
    };
    let title = text(b"Title");
    if let Some(a) = text(b"Author") {
        meta.authors = a
            .split([';', '\n'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    meta.date = text(b"CreationDate").and_then(|d| normalise_date(&d));
    meta.subject = text(b"Subject");
    if let Some(k) = text(b"Keywords") {
        meta.keywords = k
            .split([',', ';'])
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    (title, meta)
}

/// PDF text strings: UTF-16BE with a BOM, UTF-8 with a BOM, else
/// UTF-8 if valid, else PDFDocEncoding (close enough to Latin-1 for metadata).
fn decode_pdf_string(b: &[u8]) -> String {
    if let Some(rest) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = b.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    // Some producers write UTF-8 without a mark; Latin-1 text with accents
    // is almost never valid UTF-8, so valid non-ASCII UTF-8 is taken as such.
    if !b.is_ascii()
        && let Ok(s) = std::str::from_utf8(b)
    {
        return s.to_string();
    }
    b.iter().map(|&c| c as char).collect()
}
