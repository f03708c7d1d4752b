//! Text extraction: PDF, DOCX, HTML, Markdown and plain text, with the
//! encoding of non-UTF-8 text detected, the language guessed and whatever
//! metadata the document carries (title, authors, date).
//!
//! Every parser runs under [`std::panic::catch_unwind`]: a panic in a
//! third-party parser on a hostile file becomes an [`ExtractError`], never a
//! crash of the run.

mod cjk;
mod dates;
mod docx;
mod html;
mod layout;
mod markdown;
mod pdf;
mod pdf_content;
mod pdf_guard;
mod text;

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::Serialize;
use southdesk_plan::Lang;

use crate::detect::detect_lang;

pub use dates::date_in_text;
pub use text::{DecodedText, decode_text};

/// Limits that protect a run from hostile or oversized input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes (default 200 MiB). Bigger files are
    /// refused before they are read whole.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size read from a DOCX (default 256 MiB).
    pub max_unpacked_bytes: u64,
    /// Most entries a DOCX may hold (default 10 000).
    pub max_zip_entries: usize,
    /// Highest compression ratio tolerated for a DOCX entry larger than
    /// 1 MiB (default 200).
    pub max_compression_ratio: u64,
    /// Most characters of text kept from one document (default 20 million).
    pub max_text_chars: usize,
    /// Most bytes one PDF stream (page content, font, object stream) may
    /// inflate to (default 8 MiB; images are not counted: they are never
    /// opened).
    pub max_pdf_stream_bytes: u64,
    /// Most bytes all of a PDF's streams may inflate to together (default
    /// 128 MiB).
    pub max_pdf_inflated_bytes: u64,
    /// Most operators and operands the PDF text reader may parse in one
    /// document, a form counted each time it is drawn (default 3 million:
    /// the densest real pages hold a few hundred thousand). The reader
    /// holds about 130 bytes per token it parses, so this bounds its memory
    /// as well as its time.
    pub max_pdf_operands: u64,
    /// Most documents extracted at once in the process, by every run and
    /// upload together (default: the number of cores); the others wait.
    pub max_concurrent: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_unpacked_bytes: 256 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_compression_ratio: 200,
            max_text_chars: 20_000_000,
            max_pdf_stream_bytes: 8 * 1024 * 1024,
            max_pdf_inflated_bytes: 128 * 1024 * 1024,
            max_pdf_operands: 3_000_000,
            max_concurrent: std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2),
        }
    }
}

/// The kinds of document the desk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaType {
    Pdf,
    Docx,
    Html,
    Markdown,
    Text,
}

impl MediaType {
    /// The IANA media type.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            MediaType::Html => "text/html",
            MediaType::Markdown => "text/markdown",
            MediaType::Text => "text/plain",
        }
    }

    /// Short name: `pdf`, `docx`, `html`, `markdown`, `text`.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Docx => "docx",
            MediaType::Html => "html",
            MediaType::Markdown => "markdown",
            MediaType::Text => "text",
        }
    }

    /// The type named by a file's extension, if the desk reads it.
    pub fn from_file_name(name: &str) -> Option<MediaType> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "pdf" => MediaType::Pdf,
            "docx" => MediaType::Docx,
            "html" | "htm" | "xhtml" => MediaType::Html,
            "md" | "markdown" => MediaType::Markdown,
            "txt" | "text" => MediaType::Text,
            _ => return None,
        })
    }

    /// The type of `bytes`: the content decides for PDF and ZIP, the file
    /// name for the rest.
    pub fn sniff(bytes: &[u8], file_name: &str) -> Option<MediaType> {
        let head = &bytes[..bytes.len().min(1024)];
        if head.windows(5).any(|w| w == b"%PDF-") {
            return Some(MediaType::Pdf);
        }
        let by_name = MediaType::from_file_name(file_name);
        if bytes.starts_with(b"PK\x03\x04") {
            // A zip: only DOCX is read; a .pdf/.txt that is a zip is whatever
            // its name says, and fails there.
            return Some(by_name.unwrap_or(MediaType::Docx));
        }
        by_name
    }
}

impl std::fmt::Display for MediaType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Metadata found in the document itself (PDF Info, DOCX core properties,
/// HTML `<meta>`, Markdown front matter).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocMetadata {
    pub authors: Vec<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as precise as the document says:
    /// a publication date the document states (HTML `citation_date`,
    /// front matter), else the date printed on its first page, else when
    /// the file was made (`created`).
    pub date: Option<String>,
    /// When the file was made (PDF `CreationDate`, DOCX `dcterms:created`
    /// or `modified`): the last source of [`DocMetadata::date`].
    pub created: Option<String>,
    pub subject: Option<String>,
    pub keywords: Vec<String>,
}

/// What [`extract`] finds in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extracted {
    /// The text, normalised to `\n` line ends, without markup.
    pub text: String,
    pub title: Option<String>,
    pub media_type: MediaType,
    /// The language guessed from the text (zh, en, fr, es), if any.
    pub lang: Option<Lang>,
    /// Confidence of that guess, 0–1.
    pub lang_confidence: f64,
    /// The character encoding the text was decoded from (`UTF-8`,
    /// `windows-1252`, `gb18030`, …); `None` for PDF and DOCX.
    pub encoding: Option<&'static str>,
    pub metadata: DocMetadata,
}

/// Why a document could not be read. Messages are one line and say what to
/// do when there is something to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "unsupported file type{}: expected PDF, DOCX, HTML, Markdown or plain text",
        ext.as_deref().map(|e| format!(" `.{e}`")).unwrap_or_default()
    )]
    Unsupported { ext: Option<String> },
    #[error("the PDF is encrypted (password-protected); save an unprotected copy and ingest that")]
    PdfEncrypted,
    #[error("the PDF is damaged or not a PDF: {0}")]
    PdfCorrupt(String),
    #[error("the DOCX is damaged or not a DOCX: {0}")]
    DocxCorrupt(String),
    #[error("the DOCX was refused as a possible zip bomb: {0}")]
    ZipBomb(String),
    #[error("the PDF was refused as a possible decompression bomb: {0}")]
    PdfBomb(String),
    #[error("the file is named as text but holds binary data (NUL or control bytes)")]
    NotText,
    #[error("no text found{0}")]
    NoText(&'static str),
    #[error("the {format} reader crashed on this file ({message}); the file is probably damaged")]
    ParserPanic { format: MediaType, message: String },
    #[error("cannot read the file: {0}")]
    Io(String),
}

/// Extracts text, title, language and metadata from `bytes`, with the
/// default [`Limits`]. `file_name` decides the type when the content does
/// not (HTML, Markdown, text).
pub fn extract(bytes: &[u8], file_name: &str) -> Result<Extracted, ExtractError> {
    extract_with(bytes, file_name, &Limits::default())
}

/// [`extract`] with explicit limits.
pub fn extract_with(
    bytes: &[u8],
    file_name: &str,
    limits: &Limits,
) -> Result<Extracted, ExtractError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ExtractError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let media_type =
        MediaType::sniff(bytes, file_name).ok_or_else(|| ExtractError::Unsupported {
            ext: file_name
                .rsplit_once('.')
                .map(|(_, e)| e.to_ascii_lowercase()),
        })?;
    if matches!(
        media_type,
        MediaType::Html | MediaType::Markdown | MediaType::Text
    ) && looks_binary(bytes)
    {
        return Err(ExtractError::NotText);
    }
    // Bounded memory: at most `max_concurrent` documents are open at once.
    let _slot = Slot::take(limits.max_concurrent);
    let raw = guarded(media_type, || match media_type {
        MediaType::Pdf => {
            pdf_guard::check(bytes, limits)?;
            pdf::extract(bytes, limits)
        }
        MediaType::Docx => docx::extract(bytes, limits),
        MediaType::Html => Ok(html::extract(&decode_text(bytes, true))),
        MediaType::Markdown => Ok(markdown::extract(&decode_text(bytes, false))),
        MediaType::Text => Ok(text::extract_plain(&decode_text(bytes, false))),
    })?;
    // Han look-alikes (Kangxi radicals, compatibility ideographs) become
    // the characters readers search for, in every format.
    let mut text = normalise_text(&cjk::unify_han(&raw.text));
    if text.chars().count() > limits.max_text_chars {
        let cut = text
            .char_indices()
            .nth(limits.max_text_chars)
            .map(|(i, _)| i)
            .unwrap_or(text.len());
        text.truncate(cut);
    }
    if text.trim().is_empty() {
        return Err(ExtractError::NoText(match media_type {
            MediaType::Pdf => " (a scanned PDF without a text layer? run OCR first)",
            _ => " (the file is empty)",
        }));
    }
    let guess = detect_lang(&text);
    let mut metadata = raw.metadata;
    metadata.authors = metadata.authors.iter().map(|a| cjk::unify_han(a)).collect();
    // No date in the metadata: the first dated line of the text (a cover's
    // `June 2026`, `juin 2026`, `2026年6月`).
    if metadata.date.is_none() {
        metadata.date = date_in_text(&text).or_else(|| metadata.created.clone());
    }
    let title = raw
        .title
        .map(|t| collapse_ws(&cjk::unify_han(&t)))
        .filter(|t| !t.is_empty() && t.chars().count() <= 500);
    Ok(Extracted {
        text,
        title,
        media_type,
        lang: guess.map(|g| g.lang),
        lang_confidence: guess.map(|g| g.confidence).unwrap_or(0.0),
        encoding: raw.encoding,
        metadata,
    })
}

/// A place among the documents being extracted at once; given back when
/// dropped. Extraction runs on blocking threads, so waiting here blocks no
/// async task.
struct Slot;

static SLOTS: std::sync::Mutex<usize> = std::sync::Mutex::new(0);
static FREED: std::sync::Condvar = std::sync::Condvar::new();

impl Slot {
    fn take(max: usize) -> Slot {
        let max = max.max(1);
        let mut busy = SLOTS.lock().unwrap_or_else(|p| p.into_inner());
        while *busy >= max {
            busy = FREED.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut busy = SLOTS.lock().unwrap_or_else(|p| p.into_inner());
        *busy = busy.saturating_sub(1);
        FREED.notify_one();
    }
}

/// Whether bytes said to be text are binary: without a byte-order mark
/// (UTF-16 text holds NULs), a NUL byte, or more than one byte in twenty
/// being a control character other than tab, line feed, form feed, carriage
/// return and escape, in the first 64 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return false;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | 0x0c | b'\r' | 0x1b))
        .count();
    control * 20 > head.len()
}

/// What a format reader returns, before normalisation.
#[derive(Debug, Default)]
pub(crate) struct Raw {
    pub text: String,
    pub title: Option<String>,
    pub encoding: Option<&'static str>,
    pub metadata: DocMetadata,
}

/// Runs a parser, turning a panic into an error.
fn guarded(
    format: MediaType,
    f: impl FnOnce() -> Result<Raw, ExtractError>,
) -> Result<Raw, ExtractError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            Err(ExtractError::ParserPanic {
                format,
                message: collapse_ws(&message).chars().take(200).collect(),
            })
        }
    }
}

/// `\r\n` and `\r` become `\n`; NUL and other control characters (except
/// tab and newline) are dropped; trailing spaces trimmed; runs of more than
/// two blank lines shortened.
fn normalise_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.split('\n') {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads at most `limit` bytes from `r`; [`ExtractError::TooLarge`] if there
/// are more. `known_size` (from file metadata) refuses early without reading.
pub fn read_limited(
    mut r: impl Read,
    limit: u64,
    known_size: Option<u64>,
) -> Result<Vec<u8>, ExtractError> {
    if let Some(size) = known_size
        && size > limit
    {
        return Err(ExtractError::TooLarge { size, limit });
    }
    let mut buf = Vec::with_capacity(known_size.unwrap_or(0).min(limit) as usize);
    r.by_ref()
        .take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ExtractError::Io(e.to_string()))?;
    if buf.len() as u64 > limit {
        return Err(ExtractError::TooLarge {
            size: known_size.unwrap_or(buf.len() as u64).max(buf.len() as u64),
            limit,
        });
    }
    Ok(buf)
}

/// Normalises a date as written in documents to `YYYY-MM-DD`, `YYYY-MM` or
/// `YYYY`: ISO dates and times, PDF dates (`D:20240115093000Z`).
pub(crate) fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches("D:");
    // ISO: 2024-01-15…, 2024-01, 2024
    let iso: Vec<&str> = s
        .split(['T', ' '])
        .next()
        .unwrap_or("")
        .split('-')
        .collect();
    let ok = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = match iso.as_slice() {
        [y, m, d] if ok(y, 4) && ok(m, 2) && ok(d, 2) => (*y, Some(*m), Some(*d)),
        [y, m] if ok(y, 4) && ok(m, 2) => (*y, Some(*m), None),
        [y] if ok(y, 4) => (*y, None, None),
        // Bytes, not `y[..8]`: that cuts a character after 7 ASCII bytes.
        [y] if y.len() >= 8 && y.as_bytes()[..8].iter().all(u8::is_ascii_digit) => {
            (&y[..4], Some(&y[4..6]), Some(&y[6..8]))
        }
        [y] if y.len() >= 6 && y.as_bytes()[..6].iter().all(u8::is_ascii_digit) => {
            (&y[..4], Some(&y[4..6]), None)
        }
        _ => return None,
    };
    let month = m.map(|m| m.parse::<u8>().unwrap_or(0));
    if let Some(mm) = month
        && !(1..=12).contains(&mm)
    {
        return None;
    }
    match (m, d) {
        (Some(m), Some(d)) => {
            let month = time::Month::try_from(month.unwrap_or(1)).ok()?;
            time::Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()?;
            Some(format!("{y}-{m}-{d}"))
        }
        (Some(m), None) => Some(format!("{y}-{m}")),
        _ => Some(y.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_more_documents_are_open_at_once_than_the_slots() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let open = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (open, most) = (open.clone(), most.clone());
                std::thread::spawn(move || {
                    let _slot = Slot::take(2);
                    let now = open.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    open.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let most = most.load(Ordering::SeqCst);
        assert!((1..=2).contains(&most), "{most} at once");
    }

    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            normalise_date("D:20240115093000Z").as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(
            normalise_date("2024-01-15T09:30:00Z").as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(normalise_date("2024-03").as_deref(), Some("2024-03"));
        assert_eq!(normalise_date("2024").as_deref(), Some("2024"));
        assert_eq!(normalise_date("2024-13-01"), None);
        assert_eq!(normalise_date("2024-02-30"), None);
        assert_eq!(normalise_date("yesterday"), None);
        // Found by fuzzing (fuzz/regressions/pdf): a character cut by the
        // eighth byte.
        assert_eq!(normalise_date("20260ÿÿÿÿÿÿÿÿ0Z"), None);
        assert_eq!(normalise_date("202601ÿ").as_deref(), Some("2026-01"));
    }

    #[test]
    fn limited_reader_refuses_before_reading_all() {
        let data = [b'a'; 100];
        assert!(matches!(
            read_limited(&data[..], 10, None),
            Err(ExtractError::TooLarge { limit: 10, .. })
        ));
        assert!(matches!(
            read_limited(std::io::repeat(b'a'), 1000, Some(1 << 30)),
            Err(ExtractError::TooLarge { size, .. }) if size == 1 << 30
        ));
        // an endless stream with no known size stops at the limit
        assert!(matches!(
            read_limited(std::io::repeat(b'a'), 1000, None),
            Err(ExtractError::TooLarge { .. })
        ));
        assert_eq!(read_limited(&data[..], 100, None).unwrap().len(), 100);
    }

    #[test]
    fn parser_panics_become_errors() {
        let e = guarded(MediaType::Pdf, || {
            panic!("index out of bounds: the len is 3")
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the pdf reader crashed on this file (index out of bounds: the len is 3); the file is probably damaged"
        );
        let e = guarded(MediaType::Docx, || std::panic::panic_any(42u8)).unwrap_err();
        assert!(matches!(e, ExtractError::ParserPanic { message, .. } if message == "panic"));
    }

    #[test]
    fn normalises_text() {
        assert_eq!(normalise_text("a\r\nb\rc\0d  \n\n\n\n e"), "a\nb\ncd\n\n e");
    }
}
