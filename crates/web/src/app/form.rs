//! Reading submitted forms: `application/x-www-form-urlencoded` (fields
//! may repeat) and `multipart/form-data` (fields and files), without
//! buffering more than the body itself.

use axum::http::{HeaderMap, header};

/// A file field of a multipart form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    pub field: String,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The fields (in order, repeated ones kept) and files of a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub pairs: Vec<(String, String)>,
    pub files: Vec<FilePart>,
}

impl Fields {
    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, or "".
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_string()
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Why an uploaded file cannot be read as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// Larger than the limit.
    TooLarge,
    /// Not UTF-8 from this line (1-based) on.
    NotUtf8 { line: u64 },
}

impl FilePart {
    /// The name the file had on the sender's machine, or `file`.
    pub fn name(&self) -> &str {
        if self.filename.is_empty() {
            "file"
        } else {
            &self.filename
        }
    }

    /// The file as UTF-8 text (a byte-order mark dropped), if it is at
    /// most `max` bytes.
    pub fn text(&self, max: usize) -> Result<String, NotText> {
        if self.bytes.len() > max {
            return Err(NotText::TooLarge);
        }
        let bytes = self
            .bytes
            .strip_prefix(b"\xEF\xBB\xBF".as_slice())
            .unwrap_or(&self.bytes);
        match std::str::from_utf8(bytes) {
            Ok(t) => Ok(t.to_string()),
            Err(e) => Err(NotText::NotUtf8 {
                line: bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64
                    + 1,
            }),
        }
    }
}

/// The multipart boundary of a request, if it is `multipart/form-data`.
pub fn boundary(headers: &HeaderMap) -> Option<String> {
    let ct = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    if !ct.to_ascii_lowercase().starts_with("multipart/form-data") {
        return None;
    }
    ct.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.eq_ignore_ascii_case("boundary")
            .then(|| v.trim_matches('"').to_string())
    })
}

/// Reads a form body: multipart when `headers` say so, else urlencoded.
/// `None` if it cannot be read.
pub fn parse(headers: &HeaderMap, body: &[u8]) -> Option<Fields> {
    match boundary(headers) {
        Some(b) => parse_multipart(body, &b),
        None => Some(Fields {
            pairs: serde_urlencoded::from_bytes(body).ok()?,
            files: Vec::new(),
        }),
    }
}

/// The pairs of an `application/x-www-form-urlencoded` body, in order,
/// repeated names kept; a body that does not decode gives none.
pub fn pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

impl Fields {
    /// The fields of an `application/x-www-form-urlencoded` body (see
    /// [`pairs`]).
    pub fn urlencoded(body: &[u8]) -> Fields {
        Fields {
            pairs: pairs(body),
            files: Vec::new(),
        }
    }

    /// The file sent in field `name`, if one was chosen (a form without a
    /// chosen file sends an empty part).
    pub fn file(&self, name: &str) -> Option<&FilePart> {
        self.files
            .iter()
            .find(|p| p.field == name && !(p.bytes.is_empty() && p.filename.is_empty()))
    }

    /// The first value of `name`, trimmed, if it is not empty.
    pub fn trimmed(&self, name: &str) -> Option<&str> {
        self.get(name).map(str::trim).filter(|v| !v.is_empty())
    }
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// A parameter of a `Content-Disposition` header (`name`, `filename`).
fn disposition_param(line: &str, name: &str) -> Option<String> {
    line.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// Parses a `multipart/form-data` body with `boundary`.
pub fn parse_multipart(body: &[u8], boundary: &str) -> Option<Fields> {
    let delim = format!("--{boundary}");
    let mut out = Fields::default();
    let mut at = find(body, delim.as_bytes(), 0)? + delim.len();
    loop {
        if body.get(at..at + 2) == Some(b"--") {
            return Some(out);
        }
        // Skip the CRLF after the delimiter.
        at = find(body, b"\r\n", at)? + 2;
        let head_end = find(body, b"\r\n\r\n", at)?;
        let head = std::str::from_utf8(&body[at..head_end]).ok()?;
        let content_start = head_end + 4;
        let next = find(body, format!("\r\n{delim}").as_bytes(), content_start)?;
        let content = &body[content_start..next];
        let mut name = None;
        let mut filename = None;
        let mut content_type = "application/octet-stream".to_string();
        for line in head.split("\r\n") {
            let (k, v) = line.split_once(':')?;
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                name = disposition_param(v, "name");
                filename = disposition_param(v, "filename");
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = v.trim().to_string();
            }
        }
        let name = name?;
        match filename {
            Some(f) if !f.is_empty() || !content.is_empty() => out.files.push(FilePart {
                field: name,
                filename: f,
                content_type,
                bytes: content.to_vec(),
            }),
            // A file input left empty.
            Some(_) => {}
            None => out
                .pairs
                .push((name, String::from_utf8_lossy(content).into_owned())),
        }
        at = next + 2 + delim.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_fields_and_files_are_read() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\xe6\xb8\x94\xe4\xb8\x9a\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n--\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n\
--XyZ--\r\n";
        let f = parse_multipart(body, "XyZ").unwrap();
        assert_eq!(f.get("_csrf"), Some("tok"));
        assert_eq!(f.get("title"), Some("渔业"));
        assert_eq!(f.files.len(), 1);
        assert_eq!(f.files[0].filename, "a.pdf");
        assert_eq!(f.files[0].bytes, b"%PDF\r\n--");
        assert!(parse_multipart(b"garbage", "XyZ").is_none());
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            "multipart/form-data; boundary=\"XyZ\"".parse().unwrap(),
        );
        assert_eq!(boundary(&h).as_deref(), Some("XyZ"));
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        let f = parse(&h, b"a=1&b=x+y&a=2").unwrap();
        assert_eq!(f.all("a"), ["1", "2"]);
        assert_eq!(f.text("b"), "x y");
    }
}
