//! HTML: tags stripped, scripts and styles dropped, entities decoded; the
//! title from `<title>` or else the first `<h1>`; authors and date from
//! `<meta>`.

use super::{DocMetadata, Raw, collapse_ws, normalise_date};
use crate::extract::text::DecodedText;

/// Elements whose content is never text.
const SKIPPED: &[&str] = &["script", "style", "noscript", "template", "svg", "title"];
/// Elements that start a new line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dt",
    "dd",
    "td",
    "th",
    "nav",
    "main",
    "aside",
    "figure",
    "figcaption",
    "title",
];

pub(crate) fn extract(d: &DecodedText) -> Raw {
    let src = d.text.as_str();
    let lower = src.to_ascii_lowercase();
    let mut out = String::with_capacity(src.len() / 2);
    let mut title: Option<String> = None;
    let mut h1: Option<String> = None;
    let mut meta = DocMetadata::default();
    let mut i = 0;
    // while inside <title> or the first <h1>: where its text starts in `out`
    let mut capture: Option<(&'static str, usize)> = None;
    while i < src.len() {
        let Some(rel) = src[i..].find('<') else {
            push_text(&mut out, &src[i..]);
            break;
        };
        push_text(&mut out, &src[i..i + rel]);
        i += rel;
        if lower[i..].starts_with("<!--") {
            i = lower[i..]
                .find("-->")
                .map(|e| i + e + 3)
                .unwrap_or(src.len());
            continue;
        }
        let Some(end) = tag_end(src, i) else {
            // a lone `<`: text
            out.push('<');
            i += 1;
            continue;
        };
        let tag = &src[i + 1..end];
        i = end + 1;
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue; // <!doctype>, <?xml?>
        }
        if !closing && name == "meta" {
            read_meta(tag, &mut meta);
        }
        if !closing && name == "title" && title.is_none() {
            // read here; its content is then skipped (it is no body text)
            if let Some(e) = lower[i..].find("</title") {
                title = Some(decode_entities(&src[i..i + e]));
            }
        }
        if !closing && SKIPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            let close = format!("</{name}");
            i = lower[i..].find(&close).map(|e| i + e).unwrap_or(src.len());
            continue;
        }
        if name == "h1" && h1.is_none() {
            if closing {
                if let Some(("h1", start)) = capture {
                    h1 = Some(out[start..].to_string());
                    capture = None;
                }
            } else {
                capture = Some(("h1", out.len()));
            }
        }
        if BLOCKS.contains(&name.as_str()) {
            out.push('\n');
        } else if name == "td" || name == "th" {
            out.push('\t');
        }
    }
    let text = decode_entities(&out);
    let title = title
        .map(|t| collapse_ws(&t))
        .filter(|t| !t.is_empty())
        .or_else(|| h1.map(|h| collapse_ws(&decode_entities(&h))));
    Raw {
        text,
        title,
        encoding: Some(d.encoding),
        metadata: meta,
    }
}

fn push_text(out: &mut String, s: &str) {
    // HTML whitespace collapses; line structure comes from block tags
    let mut last_space = out.ends_with([' ', '\n']);
    for c in s.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

/// The index of the `>` closing the tag opened at `start`, minding quotes.
fn tag_end(src: &str, start: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let next = *bytes.get(start + 1)?;
    if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
        return None;
    }
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[start + 1..].iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(start + 1 + k),
            _ => {}
        }
    }
    None
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(p) = lower[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - rest.len() + 1;
        let v = tag[vstart..].trim_start();
        let value = if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
            v[1..].split(q).next().unwrap_or("")
        } else {
            v.split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("")
        };
        return Some(decode_entities(value));
    }
    None
}

fn read_meta(tag: &str, meta: &mut DocMetadata) {
    let Some(name) = attr(tag, "name").or_else(|| attr(tag, "property")) else {
        return;
    };
    let Some(content) = attr(tag, "content").map(|c| collapse_ws(&c)) else {
        return;
    };
    if content.is_empty() {
        return;
    }
    match name.to_ascii_lowercase().as_str() {
        "author" | "citation_author" | "dc.creator" | "article:author"
            if !meta.authors.contains(&content) =>
        {
            meta.authors.push(content);
        }
        "date"
        | "citation_publication_date"
        | "citation_date"
        | "dc.date"
        | "article:published_time"
            if meta.date.is_none() =>
        {
            meta.date = normalise_date(&content.replace('/', "-"));
        }
        "description" | "dc.description" => {
            meta.subject.get_or_insert(content);
        }
        "keywords" => {
            meta.keywords = content
                .split([',', ';'])
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect();
        }
        _ => {}
    }
}

/// Decodes character references and the common named entities.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let semi = rest[..rest.len().min(12)].find(';');
        let decoded = semi.and_then(|e| entity(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "laquo" => '«',
        "raquo" => '»',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "agrave" => 'à',
        "acirc" => 'â',
        "ccedil" => 'ç',
        "ocirc" => 'ô',
        "icirc" => 'î',
        "ucirc" => 'û',
        "ugrave" => 'ù',
        "aacute" => 'á',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "Ntilde" => 'Ñ',
        "Eacute" => 'É',
        "uuml" => 'ü',
        "iquest" => '¿',
        "iexcl" => '¡',
        "copy" => '©',
        "euro" => '€',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> Raw {
        extract(&DecodedText {
            text: html.into(),
            encoding: "UTF-8",
        })
    }

    #[test]
    fn strips_tags_scripts_styles_and_finds_title() {
        let r = run(
            r#"<!doctype html><html><head><title>Policy Brief 12 &amp; more</title>
<meta name="author" content="Ana Pérez"><meta name="citation_publication_date" content="2024/05/02">
<style>body{color:red}</style><script>var x = "<p>no</p>";</script></head>
<body><h1>Heading one</h1><p>First <b>para</b>graph.</p><!-- hidden --><p>Second&nbsp;one &lt;ok&gt;</p>
<script type="text/javascript">alert(1)</script></body></html>"#,
        );
        assert_eq!(r.title.as_deref(), Some("Policy Brief 12 & more"));
        assert!(r.text.contains("First paragraph."), "{}", r.text);
        assert!(r.text.contains("Second\u{a0}one <ok>"));
        assert!(
            !r.text.contains("alert") && !r.text.contains("color") && !r.text.contains("no</p>")
        );
        assert!(!r.text.contains("hidden"));
        assert_eq!(r.metadata.authors, vec!["Ana Pérez"]);
        assert_eq!(r.metadata.date.as_deref(), Some("2024-05-02"));
    }

    #[test]
    fn title_from_h1_when_no_title() {
        let r = run("<body><h1>Le <i>Sud</i> global</h1><p>x</p></body>");
        assert_eq!(r.title.as_deref(), Some("Le Sud global"));
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        let r = run("<p>a < b and c > d</p>");
        assert!(r.text.contains("a < b and c > d"), "{}", r.text);
    }
}
