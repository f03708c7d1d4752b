//! Writing XML by hand: escaping and timestamps.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Escapes text for XML content and attribute values; drops characters
/// XML 1.0 does not allow (control characters other than tab, LF, CR).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `2026-03-01T09:30:00Z`: UTC, whole seconds.
pub fn utc_seconds(t: OffsetDateTime) -> String {
    let t = t
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .expect("zero nanoseconds are valid");
    t.format(&Rfc3339).expect("times format as RFC 3339")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(
            utc_seconds(time::macros::datetime!(2026-03-01 10:30:00.123 +01:00)),
            "2026-03-01T09:30:00Z"
        );
    }
}
