//! HTML: parsed by an HTML5 parser (html5ever, through `scraper`), so broken
//! markup — unclosed or misnested tags, stray `<`, unquoted attributes — is
//! repaired as browsers repair it, and character references are decoded by
//! the parser. The text is that of the body as a reader sees it: the content
//! of `<head>`, `<script>`, `<style>`, `<template>`, `<noscript>`, `<svg>`,
//! … dropped, blocks and `<br>` as line breaks, table cells separated by
//! tabs, whitespace collapsed outside `<pre>`. The title comes from
//! `<title>` or else the first `<h1>`; authors, date, description and
//! keywords from `<meta>`.
//!
//! The character encoding was decided before ([`super::decode_text`]: BOM,
//! UTF-8, `<meta charset>`, else guessed), so the parser is given text.

use std::cell::RefCell;

use ego_tree::iter::Edge;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult};
use scraper::node::Element;
use scraper::{Html, HtmlTreeSink, Node};

use super::layout::{Break, Layout};
use super::{DocMetadata, Raw, collapse_ws, normalise_date};
use crate::extract::text::DecodedText;

/// Elements whose content is never text a reader sees. (`<title>` is read
/// apart, as the title.)
const SKIPPED: &[&str] = &[
    "head", "title", "script", "style", "noscript", "template", "svg", "math", "iframe", "noembed",
    "noframes",
];

/// Elements that end a line before and after them.
const LINE_BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "footer",
    "form",
    "header",
    "hgroup",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "option",
    "search",
    "section",
    "summary",
    "tr",
    "ul",
];

/// Elements set apart by a blank line.
const PARAGRAPH_BLOCKS: &[&str] = &[
    "blockquote",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "p",
    "pre",
    "table",
];

/// Elements whose whitespace is kept.
const PREFORMATTED: &[&str] = &["pre", "listing", "plaintext", "textarea"];

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

pub(crate) fn extract(d: &DecodedText) -> Raw {
    let doc = parse(&d.text);
    let walked = walk(&doc);
    let title = walked
        .title
        .map(|t| collapse_ws(&t))
        .filter(|t| !t.is_empty())
        .or_else(|| walked.h1.map(|h| collapse_ws(&h)));
    Raw {
        text: walked.text,
        title,
        encoding: Some(d.encoding),
        metadata: walked.meta,
    }
}

/// The text of an HTML fragment (a raw HTML block inside Markdown), laid
/// out as a document's body is.
pub(crate) fn fragment_text(html: &str) -> String {
    walk(&parse(html)).text
}

/// Parses a document as `Html::parse_document` does, with [`DepthCap`]
/// between the tokenizer and the tree builder.
fn parse(text: &str) -> Html {
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let tokenizer = Tokenizer::new(DepthCap::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    // `Script` results (a script to run) are no concern here: go on
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

/// Most elements a document may have open at once (the depth of the tree
/// builder's stack of open elements). Browsers cap the depth of the tree
/// too (Chromium at 512).
const MAX_DEPTH: usize = 256;

/// Elements that never have content (they are not kept open).
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content the tokenizer reads as text: their tags always
/// reach the tree builder, which tells the tokenizer to switch state.
const RAW_TEXT: &[&str] = &[
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
];

/// Start tags that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dd",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "ul",
    "xmp",
];

/// Guards the tree builder against hostile nesting.
///
/// html5ever follows the HTML standard, which has no depth limit, and
/// several of its steps scan the stack of open elements ("has a `p` element
/// in button scope" on every block start tag): with tens of thousands of
/// nested `<div>`s the parse takes quadratic time (a 600 KB file, minutes).
/// The library offers no cap, so this sits between the tokenizer and the
/// tree builder and keeps its own estimate of the stack — the tags that
/// close others implicitly in ordinary HTML (`<p>`, `<li>`, `<dt>`/`<dd>`,
/// table parts, `<option>`, `<a>`) are modelled, so the estimate stays near
/// the real depth — and past [`MAX_DEPTH`] drops the start tags (and their
/// end tags) of further nested elements. Their text still reaches the tree.
struct DepthCap<S> {
    inner: S,
    state: RefCell<CapState>,
}

#[derive(Default)]
struct CapState {
    /// The estimated stack of open elements, by name.
    open: Vec<LocalName>,
    /// Start tags dropped, by name, whose end tags are to be dropped too.
    dropped: Vec<(LocalName, usize)>,
}

impl<S> DepthCap<S> {
    fn new(inner: S) -> Self {
        DepthCap {
            inner,
            state: RefCell::new(CapState::default()),
        }
    }
}

impl CapState {
    /// The position of the innermost open `names` element above any of
    /// `stop`.
    fn find(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        for (i, n) in self.open.iter().enumerate().rev() {
            if names.contains(&&**n) {
                return Some(i);
            }
            if stop.contains(&&**n) {
                return None;
            }
        }
        None
    }

    /// Closes the innermost open `names` element (and those inside it).
    fn close(&mut self, names: &[&str], stop: &[&str]) {
        if let Some(i) = self.find(names, stop) {
            self.open.truncate(i);
        }
    }

    /// Whether `tag` goes on to the tree builder.
    fn admit(&mut self, tag: &Tag) -> bool {
        let name = &*tag.name;
        const TABLE: &[&str] = &["table", "template", "html"];
        const SCOPE: &[&str] = &[
            "table", "td", "th", "caption", "template", "button", "object", "marquee", "applet",
            "html",
        ];
        match tag.kind {
            TagKind::StartTag => {
                if VOID.contains(&name) || matches!(name, "html" | "head" | "body" | "frameset") {
                    return true;
                }
                if CLOSES_P.contains(&name) {
                    self.close(&["p"], SCOPE);
                }
                match name {
                    "li" => self.close(&["li"], &["ul", "ol", "menu", "td", "th", "table"]),
                    "dt" | "dd" => self.close(&["dt", "dd"], &["dl", "td", "th", "table"]),
                    "tr" => self.close(&["tr"], &["tbody", "thead", "tfoot", "table"]),
                    "td" | "th" => self.close(&["td", "th"], &["tr", "table"]),
                    "tbody" | "thead" | "tfoot" => {
                        self.close(&["tbody", "thead", "tfoot"], &["table"])
                    }
                    "option" | "optgroup" if self.open.last().is_some_and(|n| &**n == "option") => {
                        self.open.pop();
                    }
                    "a" | "nobr" => self.close(&[name], TABLE),
                    _ => {}
                }
                if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                    && self
                        .open
                        .last()
                        .is_some_and(|n| matches!(&**n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
                {
                    self.open.pop();
                }
                // a self-closing element in SVG or MathML is not kept open
                if tag.self_closing && self.find(&["svg", "math"], &[]).is_some() {
                    return true;
                }
                if self.open.len() >= MAX_DEPTH && !RAW_TEXT.contains(&name) {
                    match self.dropped.iter_mut().find(|(n, _)| n == &tag.name) {
                        Some((_, count)) => *count += 1,
                        None => self.dropped.push((tag.name.clone(), 1)),
                    }
                    return false;
                }
                self.open.push(tag.name.clone());
                true
            }
            TagKind::EndTag => {
                if let Some(i) = self.open.iter().rposition(|n| n == &tag.name) {
                    self.open.truncate(i);
                    return true;
                }
                match self.dropped.iter_mut().find(|(n, _)| n == &tag.name) {
                    Some((_, count)) if *count > 0 => {
                        *count -= 1;
                        false
                    }
                    _ => true,
                }
            }
        }
    }
}

impl<S: TokenSink> TokenSink for DepthCap<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<S::Handle> {
        if let Token::TagToken(tag) = &token
            && !self.state.borrow_mut().admit(tag)
        {
            return TokenSinkResult::Continue;
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// What one pass over a parsed document finds.
struct Walked {
    text: String,
    title: Option<String>,
    h1: Option<String>,
    meta: DocMetadata,
}

/// Walks the tree in document order, without recursion (a hostile file may
/// nest elements by the hundred thousand).
fn walk(doc: &Html) -> Walked {
    let mut lay = Layout::new();
    let mut title: Option<String> = None;
    let mut meta = DocMetadata::default();
    // the first <h1>: its node and where its text starts; then its text
    let mut h1_open: Option<(ego_tree::NodeId, usize)> = None;
    let mut h1: Option<String> = None;
    // depth inside skipped elements, and inside preformatted ones
    let mut skip = 0usize;
    let mut pre = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if name == "meta" {
                        read_meta(el, &mut meta);
                    }
                    if name == "title" && title.is_none() && is_html(el) {
                        title = Some(
                            node.descendants()
                                .filter_map(|n| n.value().as_text())
                                .map(|t| &**t)
                                .collect(),
                        );
                    }
                    if SKIPPED.contains(&name) {
                        skip += 1;
                    }
                    if skip > 0 {
                        continue;
                    }
                    open_element(&mut lay, name);
                    if PREFORMATTED.contains(&name) {
                        pre += 1;
                    }
                    if name == "h1" && h1.is_none() && h1_open.is_none() {
                        h1_open = Some((node.id(), lay.len()));
                    }
                }
                Node::Text(t) if skip == 0 => {
                    if pre > 0 {
                        lay.verbatim(t);
                    } else {
                        lay.collapsed(t);
                    }
                }
                // comments, the doctype, processing instructions
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                let name = el.name();
                let skipped = skip > 0;
                if SKIPPED.contains(&name) {
                    skip -= 1;
                }
                if skipped {
                    continue;
                }
                if PREFORMATTED.contains(&name) {
                    pre -= 1;
                }
                if let Some((id, start)) = h1_open
                    && id == node.id()
                {
                    h1 = Some(lay.since(start).to_string());
                    h1_open = None;
                }
                close_element(&mut lay, name);
            }
        }
    }
    Walked {
        text: lay.into_string(),
        title,
        h1,
        meta,
    }
}

fn open_element(lay: &mut Layout, name: &str) {
    match name {
        "br" => lay.hard_line(),
        "td" | "th" => lay.brk(Break::Cell),
        _ => close_element(lay, name),
    }
}

fn close_element(lay: &mut Layout, name: &str) {
    if PARAGRAPH_BLOCKS.contains(&name) {
        lay.brk(Break::Paragraph);
    } else if LINE_BLOCKS.contains(&name) {
        lay.brk(Break::Line);
    }
}

/// An element of HTML proper (not an SVG or MathML `<title>`).
fn is_html(el: &Element) -> bool {
    &*el.name.ns == HTML_NS
}

fn read_meta(el: &Element, meta: &mut DocMetadata) {
    let Some(name) = el.attr("name").or_else(|| el.attr("property")) else {
        return;
    };
    let Some(content) = el.attr("content").map(collapse_ws) else {
        return;
    };
    if content.is_empty() {
        return;
    }
    match name.trim().to_ascii_lowercase().as_str() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> Raw {
        extract(&DecodedText {
            text: html.into(),
            encoding: "UTF-8",
        })
    }

    /// The text as `extract` returns it to callers: normalised.
    fn text(html: &str) -> String {
        super::super::normalise_text(&run(html).text)
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
        // an empty <title> does not count
        let r = run("<title> </title><h1>Informe</h1>");
        assert_eq!(r.title.as_deref(), Some("Informe"));
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        let r = run("<p>a < b and c > d</p>");
        assert!(r.text.contains("a < b and c > d"), "{}", r.text);
    }

    #[test]
    fn unclosed_and_misnested_tags_are_repaired() {
        // unclosed <p> and <li>, as HTML allows; a <div> never closed
        assert_eq!(
            text("<div><p>One<p>Two<ul><li>a<li>b</ul><p>Three"),
            "One\n\nTwo\n\na\nb\n\nThree"
        );
        // misnested inline elements: the adoption agency algorithm keeps
        // every word, in order, once
        assert_eq!(
            text("<p><b>bold <i>both</b> italic</i> plain</p>"),
            "bold both italic plain"
        );
        // a block inside an inline element, a stray end tag, an unclosed
        // attribute quote at the end
        assert_eq!(
            text("<span>before<div>inside</div>after</span></em><p>end <a href=\"x"),
            "before\ninside\nafter\n\nend"
        );
        // a table cell never closed, a row never closed
        assert_eq!(
            text("<table><tr><td>a<td>b<tr><td>c</table>after"),
            "a\tb\nc\n\nafter"
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            text(
                "<p>caf&eacute; &amp; th&#233; &#x4E2D;&#25991; &hellip; &euro;5 &bogus; AT&T &lt;b&gt;</p>"
            ),
            "café & thé 中文 … €5 &bogus; AT&T <b>"
        );
        // in attributes too
        let r = run(r#"<meta name="author" content="Mar&iacute;a L&oacute;pez"><p>x</p>"#);
        assert_eq!(r.metadata.authors, ["María López"]);
        // without a semicolon, as browsers read legacy pages
        assert_eq!(text("<p>&copy 2024 &amp more</p>"), "© 2024 & more");
    }

    #[test]
    fn comments_and_hidden_elements_are_not_text() {
        assert_eq!(
            text(
                "<p>a<!-- one -->b<!-- two <p>no</p> --></p>\
                 <template><p>tpl</p></template><noscript>enable JS</noscript>\
                 <svg><title>icon</title><text>svg text</text></svg>\
                 <style>p { color: red }</style><script>if (a < b) { document.write('</p>x') }</script>\
                 <p>c</p><!-- unterminated comment"
            ),
            "ab\n\nc"
        );
        // text in <head> other than the title is not body text
        let r = run("<html><head><title>T</title><style>x</style></head><body>b</body></html>");
        assert_eq!((r.title.as_deref(), r.text.trim()), (Some("T"), "b"));
    }

    #[test]
    fn blocks_and_line_breaks() {
        assert_eq!(
            text(
                "<article><section><div><div>one</div><div>two</div></div>\
                 <p>three<br>four<br><br>five</p></section>\
                 <blockquote><p>quoted</p></blockquote><h2>Head</h2>six <i>seven</i>\n\t eight</article>"
            ),
            "one\ntwo\n\nthree\nfour\n\nfive\n\nquoted\n\nHead\n\nsix seven eight"
        );
        // whitespace inside <pre> is kept
        assert_eq!(
            text("<p>a</p><pre>  x = 1\n  y = 2</pre><p>b</p>"),
            "a\n\n  x = 1\n  y = 2\n\nb"
        );
    }

    #[test]
    fn meta_is_read_anywhere_and_keywords_split() {
        let r = run(
            "<body><meta property=\"article:published_time\" content=\"2025-02-03T10:00:00Z\">\
             <meta name=\"Keywords\" content=\"trade; health, climate\">\
             <meta name=\"description\" content=\"  A  brief \"><p>x</p></body>",
        );
        assert_eq!(r.metadata.date.as_deref(), Some("2025-02-03"));
        assert_eq!(r.metadata.keywords, ["trade", "health", "climate"]);
        assert_eq!(r.metadata.subject.as_deref(), Some("A brief"));
    }

    #[test]
    fn deep_nesting_is_capped_and_keeps_its_text() {
        // quadratic in the tree builder without the cap: minutes
        let start = std::time::Instant::now();
        let html = format!(
            "{}deep{}",
            "<div><span>".repeat(50_000),
            "</span></div>".repeat(10)
        );
        assert_eq!(text(&html), "deep");
        let html = format!("{}<p>deep</p>", "<div>".repeat(100_000));
        assert_eq!(text(&html), "deep");
        assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
        // past the cap, words stay in order and scripts stay scripts
        let mut html = String::new();
        for i in 0..1000 {
            html.push_str(&format!("<div>w{i} <script>s{i}()</script>"));
        }
        html.push_str(&"</div>".repeat(1000));
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        assert_eq!(collapse_ws(&text(&html)), words.join(" "));
    }

    #[test]
    fn ordinary_documents_stay_under_the_cap() {
        // thousands of unclosed <p>, <li>, <td> and <option>: closed
        // implicitly, so nothing is dropped and every block keeps its break
        let mut html = String::from("<ul>");
        for i in 0..2000 {
            html.push_str(&format!("<li>item {i}<p>para {i}"));
        }
        html.push_str("</ul><table>");
        for i in 0..2000 {
            html.push_str(&format!("<tr><td>a{i}<td>b{i}"));
        }
        html.push_str("</table><select>");
        for i in 0..2000 {
            html.push_str(&format!("<option>o{i}"));
        }
        let t = text(&html);
        assert!(
            t.starts_with("item 0\n\npara 0\n\nitem 1\n\npara 1\n\nitem 2"),
            "{}",
            &t[..80]
        );
        assert!(t.contains("para 1999\n\na0\tb0\na1\tb1\n"), "{}", &t[..80]);
        assert!(t.contains("a1999\tb1999\n\no0\no1\n"), "{}", &t[..80]);
        assert!(t.ends_with("o1998\no1999"), "{}", &t[t.len() - 80..]);
        let doc = parse(&html);
        let depth = doc
            .tree
            .nodes()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap();
        assert!(depth < 20, "{depth}");
    }

    #[test]
    fn fragments() {
        assert_eq!(
            super::super::normalise_text(&fragment_text(
                "<div align=center>\n<p>Centred &amp; <b>bold</b></p>\n</div>"
            )),
            "Centred & bold"
        );
    }
}
