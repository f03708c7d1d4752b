//! Markdown: the title from front matter or the first heading; authors and
//! date from front matter (`title:`, `author:`/`authors:`, `date:`); the
//! text with heading marks, emphasis and link targets removed.

use super::{DocMetadata, Raw, normalise_date};
use crate::extract::text::DecodedText;

pub(crate) fn extract(d: &DecodedText) -> Raw {
    let mut body = d.text.as_str();
    let mut title = None;
    let mut meta = DocMetadata::default();
    if let Some(rest) = body
        .strip_prefix("---\n")
        .or_else(|| body.strip_prefix("---\r\n"))
        && let Some(end) = rest.find("\n---")
    {
        for line in rest[..end].lines() {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            let v = v.trim().trim_matches(['"', '\'']).trim();
            if v.is_empty() {
                continue;
            }
            match k.trim().to_ascii_lowercase().as_str() {
                "title" => title = Some(v.to_string()),
                "author" | "authors" => {
                    meta.authors = v
                        .trim_matches(['[', ']'])
                        .split([';', ','])
                        .map(|a| a.trim().trim_matches(['"', '\'']).to_string())
                        .filter(|a| !a.is_empty())
                        .collect()
                }
                "date" => meta.date = normalise_date(v),
                "description" | "abstract" => meta.subject = Some(v.to_string()),
                _ => {}
            }
        }
        body = &rest[end + 4..];
        body = body.split_once('\n').map(|(_, b)| b).unwrap_or("");
    }
    let mut out = String::with_capacity(body.len());
    let mut prev: Option<&str> = None;
    let mut in_fence = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            prev = None;
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        // setext heading: the underline makes the previous line a heading
        if !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-')) {
            if t.starts_with('=')
                && title.is_none()
                && let Some(p) = prev.filter(|p| !p.trim().is_empty())
            {
                title = Some(inline(p.trim()));
            }
            prev = None;
            continue;
        }
        let hashes = t.chars().take_while(|c| *c == '#').count();
        let line_text = if (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t']) {
            let h = inline(t[hashes..].trim().trim_end_matches('#').trim());
            if title.is_none() && hashes == 1 {
                title = Some(h.clone());
            }
            h
        } else {
            let t = t.trim_start_matches(['>', ' ']);
            let t = t
                .strip_prefix("- ")
                .or_else(|| t.strip_prefix("* "))
                .or_else(|| t.strip_prefix("+ "))
                .unwrap_or(t);
            inline(t)
        };
        out.push_str(&line_text);
        out.push('\n');
        prev = Some(line);
    }
    if title.is_none() {
        // no level-1 heading: the first heading of any level
        title = body
            .lines()
            .map(str::trim_start)
            .find(|l| l.starts_with('#'))
            .map(|l| inline(l.trim_start_matches('#').trim()));
    }
    Raw {
        text: out,
        title: title.filter(|t| !t.is_empty()),
        encoding: Some(d.encoding),
        metadata: meta,
    }
}

/// Inline markup: `[text](url)` → text, `![alt](src)` → alt, emphasis and
/// code marks dropped.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '!' && chars.get(i + 1) == Some(&'[') {
            i += 1;
            continue;
        }
        if c == ']' && chars.get(i + 1) == Some(&'(') {
            // skip the link target
            if let Some(close) = chars[i + 2..].iter().position(|c| *c == ')') {
                i += close + 3;
                continue;
            }
        }
        if matches!(c, '[' | ']' | '`') || ((c == '*' || c == '_') && is_emphasis(&chars, i)) {
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `*`/`_` next to a word boundary is emphasis; inside a word (snake_case) it is text.
fn is_emphasis(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j]);
    let after = chars.get(i + 1).copied();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    !(word(before) && word(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(md: &str) -> Raw {
        extract(&DecodedText {
            text: md.into(),
            encoding: "UTF-8",
        })
    }

    #[test]
    fn title_from_first_heading() {
        let r = run(
            "Intro line\n\n## Sub\n\n# The *Real* Title\n\nSee [the report](http://x/y) and snake_case.\n",
        );
        assert_eq!(r.title.as_deref(), Some("The Real Title"));
        assert!(
            r.text.contains("See the report and snake_case."),
            "{}",
            r.text
        );
        assert!(!r.text.contains("http://"));
    }

    #[test]
    fn front_matter_and_setext() {
        let r = run(
            "---\ntitle: \"Nota de política\"\nauthors: [Ana, Luis]\ndate: 2023-11-02\n---\nTexto\n",
        );
        assert_eq!(r.title.as_deref(), Some("Nota de política"));
        assert_eq!(r.metadata.authors, vec!["Ana", "Luis"]);
        assert_eq!(r.metadata.date.as_deref(), Some("2023-11-02"));
        assert_eq!(r.text.trim(), "Texto");
        let r = run("Titre\n=====\n\nCorps\n");
        assert_eq!(r.title.as_deref(), Some("Titre"));
    }
}
