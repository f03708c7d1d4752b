//! Refuses PDFs that would inflate past the limits before any parser opens
//! them: a 300 KB file whose one content stream inflates to 100 MB made the
//! PDF reader take gigabytes. Every stream the text reader would decompress
//! (content, fonts, object streams — not images, which it never opens) is
//! inflated here into a counter, never into memory, and the count stops at
//! the limit, so the check itself takes bounded time and memory whatever
//! the file claims.
//!
//! Streams are found in the raw bytes (`stream` after a dictionary), not
//! through the PDF reader, because the reader already inflates object
//! streams while it loads. A Flate stream ends itself (the deflate format
//! carries its end), so a wrong or indirect `/Length` cannot hide bytes.

use std::io::Read;

use super::{ExtractError, Limits};

/// The most an LZW code (at least 9 bits) can stand for: 4096 bytes.
const LZW_MAX_RATIO: u64 = 4096 * 8 / 9;

/// Where a stream's data begins, after `stream` and its end of line.
fn data_start(bytes: &[u8], keyword: usize) -> Option<usize> {
    let mut i = keyword + b"stream".len();
    match bytes.get(i) {
        Some(b'\r') => {
            i += 1;
            if bytes.get(i) == Some(&b'\n') {
                i += 1;
            }
        }
        Some(b'\n') => i += 1,
        _ => return None,
    }
    Some(i)
}

/// The dictionary of the stream whose keyword is at `keyword`: the bytes
/// from the last `obj` before it (within 64 KiB).
fn dictionary(bytes: &[u8], keyword: usize) -> &[u8] {
    let from = keyword.saturating_sub(64 * 1024);
    let window = &bytes[from..keyword];
    match window.windows(3).rposition(|w| w == b"obj") {
        Some(i) => &window[i..],
        None => window,
    }
}

/// The names in the `/Filter` entry of a dictionary, in order.
fn filters(dict: &[u8]) -> Vec<String> {
    let Some(at) = dict.windows(7).position(|w| w == b"/Filter") else {
        return Vec::new();
    };
    let rest = &dict[at + 7..];
    let rest = trim_start(rest);
    let (list, _) = if rest.first() == Some(&b'[') {
        match rest.iter().position(|b| *b == b']') {
            Some(end) => (&rest[1..end], ()),
            None => (&rest[1..], ()),
        }
    } else {
        // One name: up to the next delimiter after it.
        let end = rest
            .iter()
            .skip(1)
            .position(|b| b"/<>[]() \r\n\t".contains(b))
            .map(|p| p + 1)
            .unwrap_or(rest.len());
        (&rest[..end], ())
    };
    list.split(|b| *b == b'/')
        .map(|n| {
            String::from_utf8_lossy(n)
                .trim_matches(|c: char| c.is_whitespace())
                .to_string()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn is_image(dict: &[u8]) -> bool {
    let compact: Vec<u8> = dict
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    compact.windows(14).any(|w| w == b"/Subtype/Image")
}

/// How many bytes the Flate data at the start of `data` inflates to, counted
/// up to `cap + 1` at most (then it stops), as the PDF reader would inflate
/// it: when the zlib data is damaged (a wrong header or checksum), the
/// reader tries again with raw deflate after the two header bytes, so that
/// is counted too and the larger count is the one that holds. A file whose
/// header byte was changed (`8\xDA` for `x\xDA`) slipped past a zlib-only
/// count with 4 MB of content that the reader then inflated and parsed into
/// half a gigabyte of operands (found by the fuzzer).
fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let (zlib, damaged) = count(flate2::read::ZlibDecoder::new(data), cap);
    if !damaged || data.len() <= 2 {
        return zlib;
    }
    let (raw, _) = count(flate2::read::DeflateDecoder::new(&data[2..]), cap);
    zlib.max(raw)
}

/// Bytes read from `reader`, up to `cap + 1`, and whether it stopped on an
/// error.
fn count(reader: impl Read, cap: u64) -> (u64, bool) {
    let mut reader = reader.take(cap + 1);
    let mut buf = [0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return (total, false),
            Err(_) => return (total, true),
            Ok(n) => total += n as u64,
        }
    }
}

fn bomb(text: String) -> ExtractError {
    ExtractError::PdfBomb(text)
}

/// Checks every stream the text reader would inflate against
/// [`Limits::max_pdf_stream_bytes`] and, together,
/// [`Limits::max_pdf_inflated_bytes`].
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<(), ExtractError> {
    let per_stream = limits.max_pdf_stream_bytes;
    let mut total = 0u64;
    let mut pos = 0;
    while let Some(i) = bytes[pos..].windows(6).position(|w| w == b"stream") {
        let at = pos + i;
        pos = at + 6;
        if at >= 3 && &bytes[at - 3..at] == b"end" {
            continue;
        }
        let Some(start) = data_start(bytes, at) else {
            continue;
        };
        let dict = dictionary(bytes, at);
        if is_image(dict) {
            continue;
        }
        let names = filters(dict);
        let first = names.first().map(String::as_str);
        let size = match first {
            Some("FlateDecode" | "Fl") => inflated_size(
                &bytes[start..],
                per_stream.min(limits.max_pdf_inflated_bytes - total),
            ),
            Some("LZWDecode" | "LZW") => {
                // Not inflated here: bounded by what its codes can stand for.
                let end = bytes[start..]
                    .windows(9)
                    .position(|w| w == b"endstream")
                    .unwrap_or(bytes.len() - start);
                end as u64 * LZW_MAX_RATIO
            }
            _ => {
                // A compressing filter behind another one (`[/ASCII85Decode
                // /FlateDecode]`) cannot be measured without decoding the
                // first: refused rather than opened blind.
                if names
                    .iter()
                    .skip(1)
                    .any(|n| matches!(n.as_str(), "FlateDecode" | "Fl" | "LZWDecode" | "LZW"))
                {
                    return Err(bomb(format!(
                        "a stream is compressed behind another filter ({}), which is not read",
                        names.join(", ")
                    )));
                }
                continue;
            }
        };
        if size > per_stream {
            return Err(bomb(format!(
                "a stream inflates past {per_stream} bytes (the limit for one stream)"
            )));
        }
        total += size;
        if total > limits.max_pdf_inflated_bytes {
            return Err(bomb(format!(
                "its streams inflate past {} bytes in all (the limit for one document)",
                limits.max_pdf_inflated_bytes
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_read_in_their_forms() {
        assert_eq!(
            filters(b"1 0 obj << /Length 5 /Filter /FlateDecode >>"),
            ["FlateDecode"]
        );
        assert_eq!(
            filters(b"<</Filter/FlateDecode/Length 5>>"),
            ["FlateDecode"]
        );
        assert_eq!(
            filters(b"<< /Filter [ /ASCII85Decode /FlateDecode ] >>"),
            ["ASCII85Decode", "FlateDecode"]
        );
        assert!(filters(b"<< /Length 5 >>").is_empty());
        assert!(is_image(b"<< /Type /XObject /Subtype /Image /Width 2 >>"));
        assert!(!is_image(b"<< /Type /XObject /Subtype /Form >>"));
    }

    #[test]
    fn inflation_is_counted_up_to_the_cap_only() {
        use flate2::{Compression, write::ZlibEncoder};
        use std::io::Write;
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        e.write_all(&vec![0u8; 10 * 1024 * 1024]).unwrap();
        let z = e.finish().unwrap();
        assert_eq!(inflated_size(&z, u64::MAX - 1), 10 * 1024 * 1024);
        assert_eq!(inflated_size(&z, 1000), 1001);
        // Trailing bytes after the deflate end are not counted.
        let mut more = z.clone();
        more.extend_from_slice(b"\nendstream\nendobj");
        assert_eq!(inflated_size(&more, u64::MAX - 1), 10 * 1024 * 1024);
        // A damaged zlib header: the raw deflate after it is what counts.
        let mut damaged = z.clone();
        damaged[0] = b'8';
        assert_eq!(inflated_size(&damaged, u64::MAX - 1), 10 * 1024 * 1024);
        assert_eq!(inflated_size(&damaged, 1000), 1001);
        // A damaged checksum: the whole stream was inflated either way.
        let mut bad_sum = z.clone();
        let last = bad_sum.len() - 1;
        bad_sum[last] ^= 0xFF;
        assert_eq!(inflated_size(&bad_sum, u64::MAX - 1), 10 * 1024 * 1024);
    }
}
