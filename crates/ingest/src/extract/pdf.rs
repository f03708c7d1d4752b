//! PDF: text through `pdf-extract` (which reads fonts and CMaps), metadata
//! from the Info dictionary. Encrypted files are told apart from damaged
//! ones: a PDF that opens with the empty user password (owner-password
//! "protection" only) is read; one that needs a password is refused.

use lopdf::{Document, Object};

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::cjk::join_cjk_lines;
use super::{DocMetadata, ExtractError, Limits, Raw, collapse_ws, normalise_date};

/// Text from the glyphs `pdf-extract` places: words are told apart by the
/// gap between one glyph's end and the next glyph's start, measured against
/// the font size. Kerning and tracking inside a word (`D` kerned towards
/// `igital`) stay well under a fifth of an em; a space between words is a
/// quarter of an em or more. The advance of a glyph counts the character
/// spacing (`Tc`) and word spacing (`Tw`) the PDF applies, so letter-spaced
/// headings do not fall apart either. No space is put between two CJK
/// characters (Chinese has none) unless they are an em or more apart.
#[derive(Debug, Default)]
struct TextOut {
    text: String,
    /// Where the last glyph ended (x) and its baseline (y), in device space.
    last_end: f64,
    last_y: f64,
    last_size: f64,
    /// Whether the page has had a glyph yet.
    started: bool,
    /// Bytes of text past which glyphs are no longer kept (the text is cut
    /// to the document's character limit later; this keeps what a drawing
    /// repeated many times can add from growing without end).
    cap: usize,
}

/// Fraction of the font size above which a horizontal gap is a space.
const WORD_GAP: f64 = 0.2;

impl TextOut {
    fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }
}

fn is_cjk_char(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

impl OutputDev for TextOut {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        if !self.text.is_empty() && !self.text.ends_with("\n\n") {
            self.text.push_str(if self.text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            });
        }
        self.started = false;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        if self.text.len() >= self.cap {
            return Ok(());
        }
        // Trm maps text space to device space (y up): the glyph's origin,
        // the scale along the baseline and the font size on the page.
        let (x, y) = (trm.m31, trm.m32);
        let along = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let det = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * det).abs().max(0.1);
        let first = ch.chars().next();
        if self.started && !ch.is_empty() {
            let line = self.last_size.max(size);
            let gap = x - self.last_end;
            if (y - self.last_y).abs() > line * 0.5 {
                if !self.text.ends_with('\n') {
                    // trailing spaces of the line go
                    while self.text.ends_with(' ') {
                        self.text.pop();
                    }
                    self.text.push('\n');
                }
            } else {
                let cjk =
                    self.last_char().is_some_and(is_cjk_char) && first.is_some_and(is_cjk_char);
                let threshold = if cjk { line } else { line * WORD_GAP };
                let blank = self.last_char().is_none_or(char::is_whitespace)
                    || first.is_some_and(char::is_whitespace);
                // A jump back along the line (another column) is a space too.
                if !blank && (gap > threshold || gap < -line) {
                    self.text.push(' ');
                }
            }
        }
        if ch == " " && self.last_char().is_none_or(char::is_whitespace) {
            // no leading or doubled spaces
        } else {
            self.text.push_str(ch);
        }
        self.started = true;
        self.last_y = y;
        self.last_size = size;
        self.last_end = x + (width * font_size + spacing) * along;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<Raw, ExtractError> {
    let declares_encrypt = has_encrypt_in_trailer(bytes);
    let mut doc = match Document::load_mem(bytes) {
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
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if pages.is_empty() {
        return Err(ExtractError::PdfCorrupt("no pages".into()));
    }
    cut_parent_loops(&mut doc, &pages);
    super::pdf_content::prepare(&mut doc, &pages, limits)?;
    let (title, metadata) = info(&doc);
    let mut out = TextOut {
        // A character is at most 4 bytes; separators come on top.
        cap: limits.max_text_chars.saturating_mul(5),
        ..TextOut::default()
    };
    if let Err(e) = pdf_extract::output_doc(&doc, &mut out) {
        if doc.was_encrypted() && out.text.trim().is_empty() {
            return Err(ExtractError::PdfEncrypted);
        }
        return Err(ExtractError::PdfCorrupt(one_line(&e.to_string())));
    }
    Ok(Raw {
        text: join_cjk_lines(&out.text),
        title,
        encoding: None,
        metadata,
    })
}

/// Parents a page's chain may have before it is cut: far more than any
/// real page tree (a few levels), few enough that every inherited lookup
/// stays short.
pub(super) const MAX_PAGE_TREE_DEPTH: usize = 64;

/// Cuts every chain of `/Parent` links from a page that comes back on
/// itself or runs past [`MAX_PAGE_TREE_DEPTH`]: the text reader looks up
/// inherited attributes (`/Resources`, `/MediaBox`) by following `/Parent`
/// until it finds them, forever on a page that is its own parent (found by
/// the fuzzer). The page keeps its content; it loses only the loop.
fn cut_parent_loops(doc: &mut Document, pages: &[lopdf::ObjectId]) {
    for &page in pages {
        let mut seen = vec![page];
        let mut at = page;
        loop {
            let parent = doc
                .get_dictionary(at)
                .ok()
                .and_then(|d| d.get(b"Parent").ok())
                .and_then(|p| p.as_reference().ok());
            let Some(parent) = parent else { break };
            if seen.contains(&parent) || seen.len() > MAX_PAGE_TREE_DEPTH {
                if let Ok(d) = doc.get_dictionary_mut(at) {
                    d.remove(b"Parent");
                }
                break;
            }
            seen.push(parent);
            at = parent;
        }
    }
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
    let Some(dict) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| super::pdf_content::dictionary(doc, o))
    else {
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
    meta.created = text(b"CreationDate").and_then(|d| normalise_date(&d));
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
