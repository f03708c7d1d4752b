//! What the text reader will parse, measured before it parses it.
//!
//! `pdf-extract` parses a page's content into one object per token (a
//! `/` alone becomes a name of about 120 bytes), and draws a form XObject
//! by parsing the form's content again at each `Do`, recursively. So the
//! inflated size of the streams does not bound what reading takes: 4 MB of
//! content held half a gigabyte (found by the fuzzer), a form drawn a
//! thousand times by a form drawn a thousand times is parsed a million
//! times, and a form that draws itself recurses until the stack overflows.
//!
//! Before the reader runs, [`prepare`] therefore
//! - empties every image stream: the reader decodes a drawn image's data
//!   as if it were content (megabytes inflated, then parsed as operators),
//!   and text extraction needs none of it;
//! - walks every page as the reader will, following each `Do` to the form
//!   it draws (with the resources the reader would use), counting the
//!   tokens and bytes parsed — a form once each time it is drawn — and
//!   refuses the document when they pass [`Limits::max_pdf_operands`] or
//!   [`Limits::max_pdf_inflated_bytes`], when a form draws itself, or when
//!   forms nest deeper than [`MAX_FORM_DEPTH`].
//!
//! What the reader holds at once is part of what it parses, so these counts
//! bound its memory as well as its time.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::{ExtractError, Limits};

use super::pdf::MAX_PAGE_TREE_DEPTH;

/// Forms drawing forms: real documents nest a few levels.
const MAX_FORM_DEPTH: usize = 32;

/// Tokens of a content stream and the XObjects it draws.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Scan<'a> {
    /// Operators and operands (a string, a name, a number, a bracket).
    pub tokens: u64,
    /// Names drawn with `Do`, each with how many times, in first-drawn order.
    pub draws: Vec<(&'a [u8], u64)>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

/// Reads the tokens of a content stream, in one pass and no allocation but
/// the list of names drawn. Strings (with nested brackets and escapes), hex
/// strings, comments and inline image data are each skipped whole.
pub(crate) fn scan(content: &[u8]) -> Scan<'_> {
    let n = content.len();
    let mut i = 0;
    let mut tokens = 0u64;
    let mut draws: Vec<(&[u8], u64)> = Vec::new();
    // The name just before, for `/Name Do`.
    let mut name: Option<&[u8]> = None;
    while i < n {
        let b = content[i];
        if is_space(b) {
            i += 1;
            continue;
        }
        tokens += 1;
        match b {
            b'%' => {
                tokens -= 1;
                while i < n && content[i] != b'\n' && content[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'(' => {
                let mut depth = 1u32;
                i += 1;
                while i < n && depth > 0 {
                    match content[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'<' if content.get(i + 1) == Some(&b'<') => i += 2,
            b'<' => {
                while i < n && content[i] != b'>' {
                    i += 1;
                }
                i += 1;
            }
            b'>' if content.get(i + 1) == Some(&b'>') => i += 2,
            b'/' => {
                let start = i + 1;
                i += 1;
                while i < n && is_regular(content[i]) {
                    i += 1;
                }
                name = Some(&content[start..i]);
                continue;
            }
            _ if is_delimiter(b) => i += 1,
            _ => {
                let start = i;
                while i < n && is_regular(content[i]) {
                    i += 1;
                }
                match &content[start..i] {
                    b"Do" => {
                        if let Some(drawn) = name {
                            match draws.iter_mut().find(|(d, _)| *d == drawn) {
                                Some((_, count)) => *count += 1,
                                None => draws.push((drawn, 1)),
                            }
                        }
                    }
                    // Inline image data: binary up to `EI` after a space.
                    b"ID" => {
                        i += 1;
                        while i < n {
                            if content[i..].starts_with(b"EI")
                                && content[i - 1].is_ascii_whitespace()
                                && content.get(i + 2).is_none_or(|&c| !is_regular(c))
                            {
                                i += 2;
                                break;
                            }
                            i += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
        name = None;
    }
    Scan { tokens, draws }
}

/// What reading parses: tokens and bytes, a form counted each time drawn.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Cost {
    tokens: u64,
    bytes: u64,
}

impl Cost {
    fn plus(self, other: Cost, times: u64) -> Cost {
        Cost {
            tokens: self
                .tokens
                .saturating_add(other.tokens.saturating_mul(times)),
            bytes: self.bytes.saturating_add(other.bytes.saturating_mul(times)),
        }
    }
}

fn bomb(text: String) -> ExtractError {
    ExtractError::PdfBomb(text)
}

struct Walk<'d> {
    doc: &'d Document,
    limits: &'d Limits,
    /// Forms already measured, with the resources they were drawn with.
    known: HashMap<(ObjectId, usize), Cost>,
    /// Forms being measured, outermost first.
    drawing: Vec<ObjectId>,
}

impl<'d> Walk<'d> {
    fn over(&self, cost: Cost) -> Option<ExtractError> {
        if cost.tokens > self.limits.max_pdf_operands {
            return Some(bomb(format!(
                "reading its pages would parse more than {} operators and operands (the limit for one document)",
                self.limits.max_pdf_operands
            )));
        }
        if cost.bytes > self.limits.max_pdf_inflated_bytes {
            return Some(bomb(format!(
                "reading its pages would parse more than {} bytes of content, forms counted each time they are drawn (the limit for one document)",
                self.limits.max_pdf_inflated_bytes
            )));
        }
        None
    }

    /// What parsing `content` costs, with the forms it draws.
    fn content(&mut self, content: &[u8], resources: &'d Dictionary) -> Result<Cost, ExtractError> {
        let scan = scan(content);
        let mut cost = Cost {
            tokens: scan.tokens,
            bytes: content.len() as u64,
        };
        for (name, times) in scan.draws {
            let Some((id, form)) = xobject(self.doc, resources, name) else {
                continue;
            };
            let form_cost = self.form(id, form, resources)?;
            cost = cost.plus(form_cost, times);
            if let Some(e) = self.over(cost) {
                return Err(e);
            }
        }
        Ok(cost)
    }

    fn form(
        &mut self,
        id: ObjectId,
        form: &'d Stream,
        outer: &'d Dictionary,
    ) -> Result<Cost, ExtractError> {
        // The reader draws a form with its own resources, else the caller's.
        let resources = form
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| dictionary(self.doc, r))
            .unwrap_or(outer);
        let key = (id, std::ptr::from_ref(resources) as usize);
        if let Some(cost) = self.known.get(&key) {
            return Ok(*cost);
        }
        if self.drawing.contains(&id) {
            return Err(ExtractError::PdfCorrupt(format!(
                "form {} {} draws itself",
                id.0, id.1
            )));
        }
        if self.drawing.len() >= MAX_FORM_DEPTH {
            return Err(bomb(format!(
                "its forms draw forms more than {MAX_FORM_DEPTH} levels deep"
            )));
        }
        // As the reader: inflated, or as stored when that fails.
        let content = form
            .decompressed_content()
            .unwrap_or_else(|_| form.content.clone());
        self.drawing.push(id);
        let cost = self.content(&content, resources);
        self.drawing.pop();
        let cost = cost?;
        self.known.insert(key, cost);
        Ok(cost)
    }
}

/// The dictionary an object is or refers to.
pub(super) fn dictionary<'d>(doc: &'d Document, o: &'d Object) -> Option<&'d Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

/// The stream an XObject name stands for in `resources`, as the reader
/// looks it up.
fn xobject<'d>(
    doc: &'d Document,
    resources: &'d Dictionary,
    name: &[u8],
) -> Option<(ObjectId, &'d Stream)> {
    let xobjects = dictionary(doc, resources.get(b"XObject").ok()?)?;
    let id = xobjects.get(name).ok()?.as_reference().ok()?;
    let stream = doc.get_object(id).ok()?.as_stream().ok()?;
    Some((id, stream))
}

/// A page's `/Resources`, its own or inherited, as the reader finds them.
fn page_resources(doc: &Document, page: ObjectId) -> Option<&Dictionary> {
    let mut at = doc.get_dictionary(page).ok()?;
    // Loops are cut before this runs (`cut_parent_loops`); this bounds a long chain.
    for _ in 0..=MAX_PAGE_TREE_DEPTH {
        if let Some(r) = at.get(b"Resources").ok().and_then(|r| dictionary(doc, r)) {
            return Some(r);
        }
        let parent = at.get(b"Parent").ok()?.as_reference().ok()?;
        at = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn is_image(stream: &Stream) -> bool {
    stream
        .dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|s| s == b"Image")
}

/// Empties every image and measures every page of `pages` (see the
/// module's notes); an error says which limit the document passes.
pub(crate) fn prepare(
    doc: &mut Document,
    pages: &[ObjectId],
    limits: &Limits,
) -> Result<(), ExtractError> {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object
            && is_image(stream)
        {
            stream.set_plain_content(Vec::new());
        }
    }
    let doc: &Document = doc;
    let empty = Dictionary::new();
    let mut walk = Walk {
        doc,
        limits,
        known: HashMap::new(),
        drawing: Vec::new(),
    };
    let mut total = Cost::default();
    for &page in pages {
        let content = doc.get_page_content(page).unwrap_or_default();
        let resources = page_resources(doc, page).unwrap_or(&empty);
        let cost = walk.content(&content, resources)?;
        total = total.plus(cost, 1);
        if let Some(e) = walk.over(total) {
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_counted_as_the_reader_makes_objects() {
        let s = scan(b"BT /F1 12 Tf 72 720 Td (Trade (and) \\) debt) Tj ET");
        assert_eq!(s.tokens, 10);
        assert!(s.draws.is_empty());
        // Arrays, hex strings, dictionaries, comments.
        let s = scan(b"[(A) -20 <4142>] TJ % a comment Do\n<< /MCID 0 >> BDC");
        assert_eq!(s.tokens, 11);
        // Every lone `/` is a name.
        assert_eq!(scan(&[b'/'; 1000]).tokens, 1000);
    }

    #[test]
    fn forms_drawn_are_listed_with_how_many_times() {
        let s = scan(b"q /Fm1 Do Q q /Im2 Do Q /Fm1   Do /Fm1 Tf Do");
        assert_eq!(s.draws, vec![(&b"Fm1"[..], 2), (&b"Im2"[..], 1)]);
    }

    #[test]
    fn inline_image_data_is_skipped_whole() {
        let s = scan(b"BI /W 4 /H 1 /BPC 8 /CS /G ID \x00/x/y(Do EI BT ET");
        // BI, four pairs of name and value, ID (the data and its EI), BT, ET.
        assert_eq!(s.tokens, 12);
        assert!(s.draws.is_empty());
    }
}
