//! What a page's `<head>` tells other programs: the canonical URL, Open Graph and Twitter card
//! values, the feed links, and JSON-LD (`NewsArticle` for an article, schema.org `Event` for its
//! events that have a day and a place). Templates see it as `meta` (partials/meta.html).
//!
//! Absolute URLs come from `base_url`; without one, `canonical` and `url` are absent and the feeds
//! are not linked (they are not written).

use serde::Serialize;
use serde_json::{json, Value};

use crate::date::Precision;
use crate::model::Article;

use super::feeds::absolute_media;
use super::text::{last_change, plain_text, script_json};
use super::views::Views;

#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// Absolute URL of the page, when the site has a `base_url`.
    pub canonical: Option<String>,
    /// Open Graph type: `article` or `website`.
    pub og_type: &'static str,
    /// Plain text: the article's summary, else the site's description.
    pub description: String,
    /// Absolute URL of an image the article names (`image:` in its front-matter).
    pub image: Option<String>,
    /// Whether `feed.xml` and `feed.json` exist to be linked.
    pub feeds: bool,
    /// JSON-LD, ready to go inside `<script type="application/ld+json">` (`<` escaped).
    pub json_ld: Option<String>,
}

/// The meta values of the page written at `path` (`slug/index.html`), showing `article` if any.
pub fn page_meta(views: &Views, path: &str, article: Option<(&Article, &[usize])>) -> PageMeta {
    let c = views.config;
    let dir = path
        .strip_suffix("index.html")
        .unwrap_or(path)
        .trim_end_matches('/');
    let canonical = super::absolute(&c.base_url, &views.links.dir(dir));
    let Some((a, events)) = article.filter(|(a, _)| !a.is_page()) else {
        let description = match article {
            Some((a, _)) => a.summary_html.as_deref().map(plain_text),
            None => None,
        };
        return PageMeta {
            canonical,
            og_type: "website",
            description: description.unwrap_or_else(|| c.description.clone()),
            image: None,
            feeds: !c.base_url.is_empty(),
            json_ld: None,
        };
    };
    let image = match a.extra.get("image") {
        Some(Value::String(url)) => Some(absolute_media(&c.base_url, url)),
        _ => None,
    };
    let summary = a.summary_html.as_deref().map(plain_text);
    let json_ld = json_ld(
        views,
        a,
        events,
        canonical.as_deref(),
        image.as_deref(),
        summary.as_deref(),
    );
    PageMeta {
        og_type: "article",
        description: summary.unwrap_or_else(|| c.description.clone()),
        image,
        feeds: !c.base_url.is_empty(),
        json_ld: Some(script_json(&json_ld)),
        canonical,
    }
}

fn json_ld(
    views: &Views,
    a: &Article,
    events: &[usize],
    url: Option<&str>,
    image: Option<&str>,
    summary: Option<&str>,
) -> Value {
    let mut article = json!({
        "@type": "NewsArticle",
        "headline": a.title,
    });
    if let Some(d) = a.date.as_ref().and_then(|d| d.html_datetime()) {
        article["datePublished"] = json!(d);
    }
    if let Some(d) = last_change(a).and_then(|d| d.html_datetime()) {
        article["dateModified"] = json!(d);
    }
    let authors: Vec<Value> = a
        .authors
        .iter()
        .map(|n| json!({"@type": "Person", "name": n}))
        .collect();
    if !authors.is_empty() {
        article["author"] = json!(authors);
    }
    if let Some(url) = url {
        article["url"] = json!(url);
        article["mainEntityOfPage"] = json!(url);
    }
    if let Some(image) = image {
        article["image"] = json!(image);
    }
    if let Some(summary) = summary {
        article["description"] = json!(summary);
    }
    let mut graph = vec![article];
    for &i in events {
        let ev = &views.timeline.events[i].event;
        let (Some(place), true) = (&ev.place, ev.start.precision() >= Precision::Day) else {
            continue;
        };
        let Some(start) = ev.start.html_datetime() else {
            continue;
        };
        let mut event = json!({
            "@type": "Event",
            "name": ev.title,
            "startDate": start,
            "location": {"@type": "Place", "name": place},
        });
        if let Some(end) = ev.end.as_ref().and_then(|d| d.html_datetime()) {
            event["endDate"] = json!(end);
        }
        if let Some(url) = url {
            event["url"] = json!(format!("{url}#{}", ev.id));
        }
        graph.push(event);
    }
    json!({"@context": "https://schema.org", "@graph": graph})
}
