//! Writing XML by hand: timestamps. (Escaping is `southdesk_common::escape_xml`.)

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

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
    fn utc_whole_seconds() {
        assert_eq!(
            utc_seconds(time::macros::datetime!(2026-03-01 10:30:00.123 +01:00)),
            "2026-03-01T09:30:00Z"
        );
    }
}
