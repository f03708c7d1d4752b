//! Plain text and character encodings.

use encoding_rs::{Encoding, UTF_8};

use super::Raw;

/// Text decoded from bytes, with the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    pub text: String,
    /// `UTF-8`, `UTF-16LE`, `windows-1252`, `gb18030`, …
    pub encoding: &'static str,
}

/// Decodes text of unknown encoding: a byte-order mark decides; else valid
/// UTF-8 is UTF-8; else (for HTML) a `<meta charset>` decides; else the
/// encoding is guessed from the bytes (chardetng), which tells Windows-1252
/// from GB18030 and the other legacy encodings.
///
/// GBK is decoded with the GB18030 decoder (a superset), and reported as
/// `gb18030`.
pub fn decode_text(bytes: &[u8], html: bool) -> DecodedText {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return DecodedText {
            text: text.into_owned(),
            encoding: enc.name(),
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return DecodedText {
            text: s.to_string(),
            encoding: UTF_8.name(),
        };
    }
    // UTF-8 with a stray bad byte or two (a truncated copy, one corrupt
    // character) is still UTF-8: guessing an encoding from the whole file
    // would read every other character wrongly (as Cyrillic, say).
    if mostly_utf8(bytes) {
        return DecodedText {
            text: String::from_utf8_lossy(bytes).into_owned(),
            encoding: UTF_8.name(),
        };
    }
    let declared = if html { meta_charset(bytes) } else { None };
    let enc = declared.filter(|e| *e != UTF_8).unwrap_or_else(|| {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        det.guess(None, chardetng::Utf8Detection::Allow)
    });
    let enc = if enc == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        enc
    };
    let (text, _, _) = enc.decode(bytes);
    DecodedText {
        text: text.into_owned(),
        encoding: enc.name(),
    }
}

/// Whether bytes that are not valid UTF-8 are UTF-8 all the same: they hold
/// multi-byte UTF-8 characters, and no more invalid bytes than three or one
/// for every twenty of those characters. Text in a legacy encoding rarely forms a valid multi-byte
/// sequence and is full of invalid ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    multibyte > 0 && invalid <= (multibyte / 20).max(3)
}

/// The encoding declared by `<meta charset=…>` or
/// `<meta http-equiv=… content="…; charset=…">` in the first 4 KiB.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")?;
    let rest = head[at + 8..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// Plain text: the title is the first non-blank line when it is short.
pub(crate) fn extract_plain(d: &DecodedText) -> Raw {
    let title = d
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.chars().count() <= 200)
        .map(str::to_string);
    Raw {
        text: d.text.clone(),
        title,
        encoding: Some(d.encoding),
        ..Raw::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_and_gb18030() {
        let fr =
            "Le développement durable et la coopération Sud-Sud: « priorités » pour l'économie.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(fr);
        let d = decode_text(&bytes, false);
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, fr);

        let zh = "南方中心的工作方案：发展中国家的可持续发展与南南合作。";
        let (bytes, _, _) = encoding_rs::GB18030.encode(zh);
        let d = decode_text(&bytes, false);
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.text, zh);
    }

    #[test]
    fn utf8_with_a_stray_bad_byte_stays_utf8() {
        let mut b = "# Informe de Políticas n.º 150\n\nLa reestructuración de la deuda soberana exige un mecanismo multilateral para los países en desarrollo: año, señal, acción, revisión, negociación, cooperación, información, económica, pública.".as_bytes().to_vec();
        b.insert(40, 0xFF);
        let d = decode_text(&b, false);
        assert_eq!(d.encoding, "UTF-8");
        assert!(
            d.text.contains("structuración") && d.text.contains("países"),
            "{}",
            d.text
        );
        // Legacy text is still recognised as such.
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(
            "Déclaration sur la santé publique et l'accès aux médicaments, élaborée à Genève.",
        );
        let d = decode_text(&latin, false);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("santé"));
        let (gb, _, _) =
            encoding_rs::GB18030.encode("发展中国家需要可预测的气候融资，以及公正转型和适应资金。");
        let d = decode_text(&gb, false);
        assert_eq!(d.encoding, "gb18030");
        assert!(d.text.contains("气候融资"));
    }

    #[test]
    fn boms_and_meta() {
        let mut b = vec![0xFF, 0xFE];
        for u in "héllo".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_text(&b, false);
        assert_eq!((d.text.as_str(), d.encoding), ("héllo", "UTF-16LE"));

        let html = b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9</body></html>";
        let d = decode_text(html, true);
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("café"));
    }
}
