//! Markdown: parsed by `pulldown-cmark` (CommonMark with GitHub's tables,
//! strikethrough, task lists and footnotes) and laid out as plain text:
//! headings, emphasis and link texts keep their words (link targets are
//! dropped, images give their alt text), code keeps its content, each list
//! item and table row is a line (cells separated by tabs), raw HTML blocks
//! give their text. The title comes from front matter, else the first
//! level-1 heading, else the first heading of any level; authors, date and
//! description from front matter (`title:`, `author:`/`authors:`, `date:`,
//! `description:`/`abstract:`).

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::layout::{Break, Layout};
use super::{DocMetadata, Raw, collapse_ws, html, normalise_date};
use crate::extract::text::DecodedText;

pub(crate) fn extract(d: &DecodedText) -> Raw {
    let (front, body) = split_front_matter(&d.text);
    let mut meta = DocMetadata::default();
    let mut title = front.and_then(|f| read_front_matter(f, &mut meta));

    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut lay = Layout::new();
    // the heading being read: its level and where its text starts
    let mut heading: Option<(HeadingLevel, usize)> = None;
    let mut first_heading: Option<String> = None;
    let mut first_h1: Option<String> = None;
    // a raw HTML block, gathered until it ends
    let mut html_block: Option<String> = None;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    lay.brk(Break::Paragraph);
                    heading = Some((level, lay.len()));
                }
                Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList => lay.brk(Break::Paragraph),
                Tag::List(_)
                | Tag::Item
                | Tag::TableHead
                | Tag::TableRow
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => lay.brk(Break::Line),
                Tag::TableCell => lay.brk(Break::Cell),
                Tag::HtmlBlock => {
                    lay.brk(Break::Paragraph);
                    html_block = Some(String::new());
                }
                // inline marks (emphasis, links, images, …) keep their text
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Heading(level) => {
                    if let Some((_, start)) = heading.take() {
                        let text = collapse_ws(lay.since(start));
                        if level == HeadingLevel::H1 && first_h1.is_none() {
                            first_h1 = Some(text.clone());
                        }
                        first_heading.get_or_insert(text);
                    }
                    lay.brk(Break::Paragraph);
                }
                TagEnd::Paragraph
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::Table
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList => lay.brk(Break::Paragraph),
                TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => lay.brk(Break::Line),
                TagEnd::HtmlBlock => {
                    if let Some(block) = html_block.take() {
                        lay.verbatim(html::fragment_text(&block).trim());
                    }
                    lay.brk(Break::Paragraph);
                }
                _ => {}
            },
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                lay.verbatim(&t)
            }
            Event::Html(h) => match html_block.as_mut() {
                Some(block) => block.push_str(&h),
                None => lay.verbatim(html::fragment_text(&h).trim()),
            },
            // inline tags (`<sup>`, `<span>`) are markup; only a line break
            // among them says something about the text
            Event::InlineHtml(h) => {
                let name: String = h
                    .trim_start_matches('<')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                if name.eq_ignore_ascii_case("br") {
                    lay.hard_line();
                }
            }
            // keep the source's lines
            Event::SoftBreak | Event::HardBreak => lay.hard_line(),
            Event::Rule => lay.brk(Break::Paragraph),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }
    if title.is_none() {
        title = first_h1.or(first_heading);
    }
    Raw {
        text: lay.into_string(),
        title: title.filter(|t| !t.is_empty()),
        encoding: Some(d.encoding),
        metadata: meta,
    }
}

/// Splits YAML-style front matter (`---` on the first line, up to the next
/// `---` line) from the body.
///
/// Our own, not `pulldown-cmark`'s metadata blocks: the parser recognises
/// those at the start of any block, not only of the document, so with the
/// option on a `---` thematic break followed later by another would swallow
/// the text between them.
fn split_front_matter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(&rest[..at]), &rest[at + line.len()..]);
        }
        at += line.len();
    }
    (None, text)
}

/// Reads the flat `key: value` lines of front matter; returns the title.
///
/// A lenient line reader rather than a YAML parser: the few keys read are
/// flat, and front matter written by hand is often not valid YAML (an
/// unquoted `title: Trade: the next steps`), which should not lose the rest.
fn read_front_matter(front: &str, meta: &mut DocMetadata) -> Option<String> {
    let mut title = None;
    for line in front.lines() {
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
    title
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

    /// The text as `extract` returns it to callers: normalised.
    fn text(md: &str) -> String {
        super::super::normalise_text(&run(md).text)
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
        // no level-1 heading: the first heading of any level
        let r = run("Text\n\n### Third `level`\n\n## Second\n");
        assert_eq!(r.title.as_deref(), Some("Third level"));
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
        // CRLF, and a description
        let r = run("---\r\ntitle: T\r\ndescription: A brief\r\n---\r\nBody\r\n");
        assert_eq!(r.title.as_deref(), Some("T"));
        assert_eq!(r.metadata.subject.as_deref(), Some("A brief"));
        assert_eq!(text("---\r\ntitle: T\r\n---\r\nBody\r\n"), "Body");
    }

    #[test]
    fn thematic_breaks_are_not_front_matter() {
        assert_eq!(
            text("Intro\n\n---\n\nMiddle text\n\n---\n\nEnd\n"),
            "Intro\n\nMiddle text\n\nEnd"
        );
    }

    #[test]
    fn headings_emphasis_and_links_keep_their_text() {
        assert_eq!(
            text(
                "# Trade *and* __development__\n\n\
                 Some ***strong emphasis***, ~~struck~~ words, snake_case_name, 2 * 3 * 4,\n\
                 a [link](https://example.org \"title\"), an <https://auto.link>, \
                 a [reference][ref] and ![the alt text](img.png).\n\n\
                 Heading two {#h2}\n---\n\n[ref]: https://example.org/ref\n"
            ),
            "Trade and development\n\n\
             Some strong emphasis, struck words, snake_case_name, 2 * 3 * 4,\n\
             a link, an https://auto.link, a reference and the alt text.\n\n\
             Heading two"
        );
    }

    #[test]
    fn code_keeps_its_content() {
        assert_eq!(
            text(
                "Run `cargo test -p x` now.\n\n```rust\nfn main() {\n    println!(\"*hi*\");\n}\n```\n\n    indented   code\n\nAfter\n"
            ),
            "Run cargo test -p x now.\n\nfn main() {\n    println!(\"*hi*\");\n}\n\nindented   code\n\nAfter"
        );
    }

    #[test]
    fn lists_and_tables_give_readable_lines() {
        assert_eq!(
            text(
                "Items:\n\n- one\n- two *x*\n  - nested\n1. first\n2. second\n\n- [x] done\n\n\
                 | Theme | SDG |\n|-------|-----|\n| Health | 3 |\n| **Trade** | 17 |\n\nAfter\n"
            ),
            "Items:\n\none\ntwo x\nnested\nfirst\nsecond\ndone\n\nTheme\tSDG\nHealth\t3\nTrade\t17\n\nAfter"
        );
    }

    #[test]
    fn quotes_breaks_and_html() {
        assert_eq!(
            text(
                "> quoted *text*\n> more\n\nline one  \nline two<br>three\n\n\
                 <div class=\"note\">\n<p>HTML &amp; <b>bold</b></p>\n</div>\n\n\
                 <!-- a comment -->\n\nText with <sup>1</sup> note.\n"
            ),
            "quoted text\nmore\n\nline one\nline two\nthree\n\nHTML & bold\n\nText with 1 note."
        );
    }
}
