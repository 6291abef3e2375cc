//! What a page's `<head>` tells other programs: the canonical URL, Open Graph and Twitter card
//! values, the feed links, and JSON-LD (`NewsArticle` for an article, schema.org `Event` for its
//! events that have a day and a place). Templates see it as `meta` (partials/meta.html).
//!
//! Absolute URLs come from `base_url`; without one, `canonical` and `url` are absent and the feeds
//! and the oEmbed file are not linked (they are not written). An embed twin's canonical URL is
//! its timeline page's. A term's pages link the term's events feed; every other page the whole
//! timeline's.

use serde::Serialize;

use crate::date::Precision;
use crate::model::Article;

use super::feeds::absolute_media;
use super::plan::{Kind, Listing, Page};
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
    /// The events feed the page links: the term's on a term's page, else the whole timeline's.
    pub events_feed: Option<EventsFeed>,
    /// JSON-LD, ready to go inside `<script type="application/ld+json">` (`<` escaped).
    pub json_ld: Option<String>,
    /// A timeline page's `oembed.json` (absolute URL), for oEmbed discovery.
    pub oembed: Option<String>,
}

/// An events feed linked from a page's `<head>`.
#[derive(Debug, Serialize)]
pub struct EventsFeed {
    /// From the site root: `events.xml`, `people/kim-jong-un/events.xml`.
    pub path: String,
    /// What it is the feed of: the term's name, else the site's title.
    pub title: String,
}

/// The events feed of the page's listing (the whole timeline's for a page of none); None
/// without a `base_url`, when no feed is written.
fn events_feed(views: &Views, page: &Page) -> Option<EventsFeed> {
    if views.config.base_url.is_empty() {
        return None;
    }
    let term = match &page.kind {
        Kind::Timeline {
            of: of @ Listing::Term { .. },
            ..
        } => match &page.layout {
            super::plan::Layout::Timeline(shape) => Some((of.dir(), shape.title.clone())),
            _ => None,
        },
        _ => None,
    };
    let (dir, title) = term.unwrap_or_else(|| (String::new(), views.config.title.clone()));
    Some(EventsFeed {
        path: super::feeds::events_feed_path(&dir),
        title,
    })
}

/// The meta values of `page`, showing `article` if any.
pub fn page_meta(views: &Views, page: &Page, article: Option<(&Article, &[usize])>) -> PageMeta {
    let c = views.config;
    let dir = match page.kind {
        Kind::Embed { .. } => page.kind.timeline_dir(),
        _ => page.url_dir().map(str::to_string),
    };
    let canonical = dir.and_then(|dir| super::absolute(&c.base_url, &views.links.dir(&dir)));
    let oembed = match page.kind {
        Kind::Timeline { .. } => page
            .url_dir()
            .and_then(|dir| super::oembed::url(&c.base_url, dir)),
        _ => None,
    };
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
            events_feed: events_feed(views, page),
            json_ld: None,
            oembed,
        };
    };
    let image = views
        .image_url(a)
        .and_then(|url| absolute_image(&c.base_url, url));
    let summary = a.summary_html.as_deref().map(plain_text);
    let json_ld = script_json(&json_ld(
        views,
        a,
        events,
        canonical.as_deref(),
        image.as_deref(),
        summary.as_deref(),
    ));
    PageMeta {
        og_type: "article",
        description: summary.unwrap_or_else(|| c.description.clone()),
        image,
        feeds: !c.base_url.is_empty(),
        events_feed: events_feed(views, page),
        json_ld: Some(json_ld),
        canonical,
        oembed,
    }
}

/// The absolute URL of an article's `image:`: as written when it is one, else under `base_url`;
/// `None` without a `base_url` (a relative URL in `og:image` would resolve against the page).
fn absolute_image(base_url: &str, url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Some(url.to_string())
    } else {
        (!base_url.is_empty()).then(|| absolute_media(base_url, url))
    }
}

fn json_ld<'a>(
    views: &'a Views,
    a: &'a Article,
    events: &[usize],
    url: Option<&'a str>,
    image: Option<&'a str>,
    summary: Option<&'a str>,
) -> JsonLd<'a> {
    let article = NewsArticle {
        kind: "NewsArticle",
        author: a
            .authors
            .iter()
            .map(|name| Thing {
                kind: "Person",
                name,
            })
            .collect(),
        date_modified: last_change(a).and_then(|d| d.html_datetime()),
        date_published: a.date.as_ref().and_then(|d| d.html_datetime()),
        description: summary,
        headline: &a.title,
        image,
        main_entity_of_page: url,
        url,
    };
    let events = events
        .iter()
        .filter_map(|&i| {
            let ev = &views.timeline.events[i].event;
            let (Some(place), true) = (&ev.place, ev.start.precision() >= Precision::Day) else {
                return None;
            };
            Some(EventLd {
                kind: "Event",
                end_date: ev.end.as_ref().and_then(|d| d.html_datetime()),
                location: Thing {
                    kind: "Place",
                    name: place,
                },
                name: &ev.title,
                start_date: ev.start.html_datetime()?,
                url: url.map(|url| format!("{url}#{}", ev.id)),
            })
        })
        .collect();
    JsonLd {
        context: "https://schema.org",
        graph: Graph { article, events },
    }
}

// JSON-LD as typed values; fields in byte order of their names, the order they were written
// in when this was a JSON map (and so the same bytes).

#[derive(Serialize)]
struct JsonLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Graph<'a>,
}

/// The article, then its events: one JSON array of both kinds.
struct Graph<'a> {
    article: NewsArticle<'a>,
    events: Vec<EventLd<'a>>,
}

impl Serialize for Graph<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(1 + self.events.len()))?;
        seq.serialize_element(&self.article)?;
        for event in &self.events {
            seq.serialize_element(event)?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct NewsArticle<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Thing<'a>>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct EventLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "endDate", skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    location: Thing<'a>,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// A person or a place: `{"@type": …, "name": …}`.
#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}
