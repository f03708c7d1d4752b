//! Atom feeds (RFC 4287) of public outputs.

use southdesk_common::escape_xml;
use southdesk_plan::Lang;
use southdesk_plan::outputs::Output;
use time::OffsetDateTime;

use crate::xml::utc_seconds;

/// Media type of a feed.
pub const MEDIA_TYPE: &str = "application/atom+xml; charset=utf-8";

/// What a feed is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedMeta {
    /// Absolute URL of the feed itself (also its id).
    pub self_url: String,
    /// Absolute URL of the listing page it follows.
    pub page_url: String,
    pub title: String,
    pub lang: Lang,
}

/// The feed of `outputs` (newest first, as given). `updated` is the time of
/// the most recent change among them, or `now` if there are none.
pub fn feed(meta: &FeedMeta, outputs: &[Output], base_url: &str, now: OffsetDateTime) -> String {
    let base = base_url.trim_end_matches('/');
    let updated = outputs.iter().map(|o| o.updated_at).max().unwrap_or(now);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        meta.lang.code()
    ));
    x.push_str(&format!("  <id>{}</id>\n", escape_xml(&meta.self_url)));
    x.push_str(&format!("  <title>{}</title>\n", escape_xml(&meta.title)));
    x.push_str(&format!("  <updated>{}</updated>\n", utc_seconds(updated)));
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&meta.self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&meta.page_url)
    ));
    x.push_str("  <author><name>South Centre</name></author>\n");
    x.push_str("  <generator>southdesk</generator>\n");
    for o in outputs {
        let v = o.best_version(meta.lang);
        let url = format!("{base}/outputs/{}", o.id);
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <id>{}</id>\n", escape_xml(&url)));
        x.push_str(&format!(
            "    <title xml:lang=\"{}\">{}</title>\n",
            v.lang.code(),
            escape_xml(&v.title)
        ));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&url)
        ));
        for other in o.versions.iter().filter(|w| w.lang != v.lang) {
            x.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" hreflang=\"{}\" title=\"{}\" href=\"{}?lang={}\"/>\n",
                other.lang.code(),
                escape_xml(&other.title),
                escape_xml(&url),
                other.lang.code()
            ));
        }
        x.push_str(&format!(
            "    <published>{}T00:00:00Z</published>\n",
            o.date
        ));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            utc_seconds(o.updated_at)
        ));
        for a in &o.authors {
            x.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                escape_xml(&a.name)
            ));
        }
        if let Some(label) = o.series_label() {
            x.push_str(&format!(
                "    <category scheme=\"{}/series\" term=\"{}\"/>\n",
                escape_xml(base),
                escape_xml(&label)
            ));
        }
        for t in &o.themes {
            x.push_str(&format!(
                "    <category scheme=\"{}/themes\" term=\"{}\"/>\n",
                escape_xml(base),
                escape_xml(t)
            ));
        }
        if !v.abstract_.is_empty() {
            x.push_str(&format!(
                "    <summary xml:lang=\"{}\">{}</summary>\n",
                v.lang.code(),
                escape_xml(&v.abstract_)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}
