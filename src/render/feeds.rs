//! The article feeds: `feed.xml` (Atom, RFC 4287) and `feed.json` (JSON Feed 1.1). Both list the
//! articles that have a publication date, newest first, with absolute URLs from `base_url`
//! (the caller writes them only when the site has one). Ids are the articles' URLs: stable as long
//! as the slug and `base_url` are.

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::model::Article;

use super::text::{escape_xml, feed_articles, last_change, plain_text, rfc3339};
use super::views::Views;
use super::OutputFile;

/// The `feed.xml` path, linked from every page's `<head>`.
pub const ATOM_PATH: &str = "feed.xml";
/// The `feed.json` path, linked from every page's `<head>`.
pub const JSON_FEED_PATH: &str = "feed.json";

/// `feed.xml`: Atom 1.0.
pub fn atom(views: &Views) -> OutputFile {
    let c = views.config;
    let base = &c.base_url;
    let articles = feed_articles(&views.timeline.articles);
    let updated = feed_updated(&articles);
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_xml(&c.language)
    );
    let _ = writeln!(x, "  <title>{}</title>", escape_xml(&c.title));
    if !c.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape_xml(&c.description));
    }
    let _ = writeln!(x, "  <id>{}/</id>", escape_xml(base));
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}/\"/>",
        escape_xml(base)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/{ATOM_PATH}\"/>",
        escape_xml(base)
    );
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let feed_author = c.author.as_deref().unwrap_or(&c.title);
    let _ = writeln!(
        x,
        "  <author><name>{}</name></author>",
        escape_xml(feed_author)
    );
    x.push_str("  <generator uri=\"https://crates.io/crates/annalist\">annalist</generator>\n");
    for a in &articles {
        atom_entry(&mut x, views, a);
    }
    x.push_str("</feed>\n");
    OutputFile {
        path: ATOM_PATH.into(),
        bytes: x.into_bytes(),
    }
}

fn atom_entry(x: &mut String, views: &Views, a: &Article) {
    let url = escape_xml(&article_url(views, a));
    let published = a.date.as_ref().and_then(rfc3339).unwrap_or_default();
    let updated = last_change(a)
        .and_then(rfc3339)
        .unwrap_or(published.clone());
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <title>{}</title>", escape_xml(&a.title));
    let _ = writeln!(x, "    <id>{url}</id>");
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>"
    );
    // A processed image is the entry's enclosure (the article key `image` stays as release 1
    // wrote it: no enclosure).
    let processed = a.image().and_then(|m| views.media.get(m));
    if let (Some(p), Some(src)) = (processed, views.image_url(a)) {
        let _ = writeln!(
            x,
            "    <link rel=\"enclosure\" type=\"{}\" href=\"{}\"/>",
            escape_xml(&p.fallback_type),
            escape_xml(&absolute_media(&views.config.base_url, src))
        );
    }
    let _ = writeln!(x, "    <published>{published}</published>");
    let _ = writeln!(x, "    <updated>{updated}</updated>");
    for author in &a.authors {
        let _ = writeln!(
            x,
            "    <author><name>{}</name></author>",
            escape_xml(author)
        );
    }
    for (taxonomy, terms) in &a.terms {
        for term in terms {
            let _ = writeln!(
                x,
                "    <category term=\"{}\" scheme=\"{}\"/>",
                escape_xml(term),
                escape_xml(&format!(
                    "{}/{}",
                    views.config.base_url,
                    views.links.dir(taxonomy)
                ))
            );
        }
    }
    if let Some(summary) = &a.summary_html {
        let _ = writeln!(
            x,
            "    <summary type=\"html\">{}</summary>",
            escape_xml(summary)
        );
    }
    let _ = writeln!(
        x,
        "    <content type=\"html\" xml:base=\"{url}\">{}</content>",
        escape_xml(&a.body_html)
    );
    x.push_str("  </entry>\n");
}

/// The newest change of any listed article (Atom requires a feed-level `updated`); the Unix epoch
/// for a feed without entries, so the output stays deterministic.
fn feed_updated(articles: &[&Article]) -> String {
    articles
        .iter()
        .filter_map(|a| last_change(a).filter(|d| rfc3339(d).is_some()))
        .max_by_key(|d| d.start_utc())
        .and_then(rfc3339)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

fn article_url(views: &Views, a: &Article) -> String {
    format!("{}/{}", views.config.base_url, views.article_url(a))
}

/// `feed.json`: JSON Feed 1.1.
pub fn json_feed(views: &Views) -> OutputFile {
    let c = views.config;
    let base = &c.base_url;
    let items: Vec<Value> = feed_articles(&views.timeline.articles)
        .into_iter()
        .map(|a| json_item(views, a))
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": c.title,
        "home_page_url": format!("{base}/"),
        "feed_url": format!("{base}/{JSON_FEED_PATH}"),
        "language": c.language,
        "items": items,
    });
    if !c.description.is_empty() {
        feed["description"] = json!(c.description);
    }
    if let Some(author) = &c.author {
        feed["authors"] = json!([{ "name": author }]);
    }
    let mut bytes = serde_json::to_vec_pretty(&feed).expect("feed serializes to JSON");
    bytes.push(b'\n');
    OutputFile {
        path: JSON_FEED_PATH.into(),
        bytes,
    }
}

fn json_item(views: &Views, a: &Article) -> Value {
    let url = article_url(views, a);
    let mut item = json!({
        "id": url,
        "url": url,
        "title": a.title,
        "content_html": a.body_html,
    });
    if let Some(summary) = &a.summary_html {
        item["summary"] = json!(plain_text(summary));
    }
    if let Some(published) = a.date.as_ref().and_then(rfc3339) {
        item["date_published"] = json!(published);
    }
    if let Some(modified) = a.updated.as_ref().and_then(rfc3339) {
        item["date_modified"] = json!(modified);
    }
    if !a.authors.is_empty() {
        item["authors"] = a.authors.iter().map(|n| json!({ "name": n })).collect();
    }
    let tags: Vec<&String> = a.terms.values().flatten().collect();
    if !tags.is_empty() {
        item["tags"] = json!(tags);
    }
    if let Some(url) = views.image_url(a) {
        item["image"] = json!(absolute_media(&views.config.base_url, url));
    }
    item
}

/// An image named in front-matter as an absolute URL: kept when it is one, else taken as relative
/// to the site root.
pub fn absolute_media(base_url: &str, url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") || base_url.is_empty() {
        url.to_string()
    } else {
        format!("{base_url}/{}", url.trim_start_matches('/'))
    }
}
