//! Escaping text for XML and HTML written by hand (feeds, OAI-PMH, search
//! snippets). maud escapes what it renders; this is for the rest.

/// Escapes text for XML or HTML content and attribute values, and drops the
/// characters XML 1.0 does not allow (control characters other than tab,
/// LF and CR, and U+FFFE/U+FFFF), which no HTML page needs either.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape_xml("a<b & \"c\" 'd'>\u{1}\u{FFFF}\te"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;\te"
        );
        assert_eq!(escape_xml("气候"), "气候");
    }
}
