//! The date printed on a document's first page: `June 2026`, `15 June
//! 2026`, `June 15, 2026`, `juin 2026`, `1er juin 2026`, `junio de 2026`,
//! `15 de junio de 2026`, `2026年6月`, `2026年6月15日`.
//!
//! Only short lines near the start count (a cover or a header line), so a
//! sentence of the body that names a month (`in May 2020 the WTO…`) does
//! not date the document.

/// Lines of the text looked at, and the longest line taken as a date line.
const MAX_LINES: usize = 40;
const MAX_HEAD_CHARS: usize = 3000;
const MAX_LINE_CHARS: usize = 80;

/// Month names in English, French and Spanish (lowercase, with and
/// without accents), with their number.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
];

/// The first date written on a short line at the start of `text`, as
/// `YYYY-MM-DD` or `YYYY-MM`.
pub fn date_in_text(text: &str) -> Option<String> {
    let head: String = text.chars().take(MAX_HEAD_CHARS).collect();
    head.lines()
        .take(MAX_LINES)
        .filter(|l| l.chars().count() <= MAX_LINE_CHARS)
        .find_map(|l| chinese_date(l).or_else(|| latin_date(l)))
}

fn year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1950..=2100).contains(y))
}

fn day(s: &str) -> Option<u8> {
    let s = s
        .strip_suffix("er")
        .or_else(|| s.strip_suffix("st"))
        .or_else(|| s.strip_suffix("nd"))
        .or_else(|| s.strip_suffix("rd"))
        .or_else(|| s.strip_suffix("th"))
        .or_else(|| s.strip_suffix('º'))
        .or_else(|| s.strip_suffix('°'))
        .unwrap_or(s);
    (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

fn format(y: i32, m: u8, d: Option<u8>) -> Option<String> {
    match d {
        Some(d) => {
            let month = time::Month::try_from(m).ok()?;
            time::Date::from_calendar_date(y, month, d).ok()?;
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        None => Some(format!("{y:04}-{m:02}")),
    }
}

/// `15 June 2026`, `June 15, 2026`, `June 2026`, `1er juin 2026`,
/// `15 de junio de 2026`, `junio de 2026`.
fn latin_date(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == 'º' || c == '°'))
        .filter(|w| {
            !w.is_empty() && *w != "de" && *w != "del" && *w != "le" && *w != "the" && *w != "of"
        })
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| name == w) else {
            continue;
        };
        let before = i.checked_sub(1).and_then(|j| day(words[j]));
        match (words.get(i + 1), words.get(i + 2)) {
            // June 15, 2026
            (Some(d), Some(y)) if day(d).is_some() && year(y).is_some() => {
                return format(year(y)?, m, day(d));
            }
            // (15) June 2026
            (Some(y), _) if year(y).is_some() => return format(year(y)?, m, before),
            _ => {}
        }
    }
    None
}

/// `2026年6月15日`, `2026年6月`, with ASCII or full-width digits.
fn chinese_date(line: &str) -> Option<String> {
    let digits: String = line
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10).unwrap_or(c),
            c => c,
        })
        .collect();
    let chars: Vec<char> = digits.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '年' || i < 4 {
            continue;
        }
        let y: String = chars[i - 4..i].iter().collect();
        let Some(y) = year(&y) else { continue };
        let rest: String = chars[i + 1..].iter().collect();
        let rest = rest.trim_start();
        let m_digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        let after_m = &rest[m_digits.len()..];
        let Some(after_m) = after_m.strip_prefix('月') else {
            continue;
        };
        let Ok(m) = m_digits.parse::<u8>() else {
            continue;
        };
        if !(1..=12).contains(&m) {
            continue;
        }
        let d_digits: String = after_m
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let d = (!d_digits.is_empty() && after_m.trim_start()[d_digits.len()..].starts_with('日'))
            .then(|| day(&d_digits))
            .flatten();
        return format(y, m, d);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_dates_in_four_languages() {
        let d = |s: &str| date_in_text(s);
        assert_eq!(
            d("SOUTH CENTRE\nPolicy Brief No. 150\nJune 2026\n").as_deref(),
            Some("2026-06")
        );
        assert_eq!(
            d("Note de politique\njuin 2026").as_deref(),
            Some("2026-06")
        );
        assert_eq!(d("Informe\njunio de 2026").as_deref(), Some("2026-06"));
        assert_eq!(d("政策简报\n2026年6月").as_deref(), Some("2026-06"));
        assert_eq!(d("2026年6月15日").as_deref(), Some("2026-06-15"));
        assert_eq!(d("15 June 2026").as_deref(), Some("2026-06-15"));
        assert_eq!(d("June 15, 2026").as_deref(), Some("2026-06-15"));
        assert_eq!(d("1er juin 2026").as_deref(), Some("2026-06-01"));
        assert_eq!(
            d("Ginebra, 15 de junio de 2026").as_deref(),
            Some("2026-06-15")
        );
        assert_eq!(d("Genève, 3 février 2025").as_deref(), Some("2025-02-03"));
        // an impossible day is no date
        assert_eq!(d("31 June 2026").as_deref(), None);
        // a long line of body text is not a cover date
        let body = "In May 2020 the members of the World Trade Organization agreed to something long enough.";
        assert_eq!(d(body), None);
        assert_eq!(d("No date here\nat all"), None);
    }
}
