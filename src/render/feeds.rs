//! The feeds: of the articles, `feed.xml` (Atom, RFC 4287) and `feed.json` (JSON Feed 1.1), which
//! list the articles that have a publication date, newest first; of the events, `events.xml`
//! (Atom) for the whole timeline and `<taxonomy>/<term>/events.xml` for each term
//! ([`event_feeds`]), the most recently reported events first. Every URL is absolute, from
//! `base_url` (the caller writes the feeds only when the site has one). An article's id is its
//! URL; an event's is its anchor on its first article's page: stable as long as the slug, the
//! event id and `base_url` are.

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::date::EventDate;
use crate::i18n::Language;
use crate::model::{Article, Media, MediaKind};

use super::plan::{Kind, Layout, Page, Plan};
use super::text::{escape_xml, escape_xml_into, feed_articles, last_change, plain_text, rfc3339};
use super::views::{DateView, Views};
use super::{OutputFile, Sink};

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

/// The file name of a listing's events feed, in the folder of the listing's first page.
pub const EVENTS_FEED: &str = "events.xml";

/// The most entries an events feed lists: the most recently reported. A reader polls a feed
/// for what is new; a chronology of 200,000 events would otherwise be a feed of hundreds of
/// megabytes, rewritten on every build.
pub const EVENT_FEED_ENTRIES: usize = 100;

/// The path of the events feed of the listing whose first page is in `dir` (`""` for the
/// site's timeline): `events.xml`, `people/kim-jong-un/events.xml`.
pub fn events_feed_path(dir: &str) -> String {
    if dir.is_empty() {
        EVENTS_FEED.to_string()
    } else {
        format!("{dir}/{EVENTS_FEED}")
    }
}

/// One listing of the plan (the site's timeline or a term's) and its pages.
struct Listed<'p> {
    /// The folder of its first page.
    dir: String,
    /// The term's name; empty for the site's timeline.
    name: &'p str,
    pages: Vec<&'p Page>,
}

/// The listings of the plan, in its order, each with its timeline pages.
fn listings(plan: &Plan) -> Vec<Listed<'_>> {
    let mut out: Vec<Listed> = Vec::new();
    let mut index: ahash::AHashMap<String, usize> = ahash::AHashMap::new();
    for page in &plan.pages {
        let Kind::Timeline { of, .. } = &page.kind else {
            continue;
        };
        let dir = of.dir();
        let i = *index.entry(dir.clone()).or_insert_with(|| {
            let name = match &page.layout {
                Layout::Timeline(shape) => shape.title.as_str(),
                _ => "",
            };
            out.push(Listed {
                dir,
                name,
                pages: Vec::new(),
            });
            out.len() - 1
        });
        out[i].pages.push(page);
    }
    out
}

/// When each event (same index as `Timeline::events`) was last reported: the newest `updated`
/// or `date` of the articles that report it (None when none has one that RFC 3339 can write).
fn reported<'t>(views: &Views<'t>) -> Vec<Option<&'t EventDate>> {
    let timeline = views.timeline;
    timeline
        .events
        .iter()
        .map(|e| {
            e.articles
                .iter()
                .flat_map(|&i| {
                    let a = &timeline.articles[i];
                    [a.updated.as_ref(), a.date.as_ref()]
                })
                .flatten()
                .filter(|d| rfc3339(d).is_some())
                .max_by_key(|d| d.start_utc())
        })
        .collect()
}

/// Every listing's `events.xml` (Atom 1.0), made in parallel and written in the plan's order.
/// Each lists the listing's [`EVENT_FEED_ENTRIES`] most recently reported events, newest first
/// (ties in timeline order); an entry links to the event's card on the listing's page that
/// holds it.
///
/// An event is in the feeds of the site and of each of its terms: its entry is made once (all
/// but the link to its card, which is the listing's) and copied into each feed. Without that,
/// the feeds were a fifth of a build's instructions (callgrind, the 1,000-article corpus with
/// three taxonomies).
pub fn event_feeds<S: Sink>(
    views: &Views,
    plan: &Plan,
    lang: &Language,
    sink: &S,
) -> Result<(), S::Error> {
    use rayon::prelude::*;
    let reported = reported(views);
    let listed = listings(plan);
    let chosen: Vec<Vec<(usize, &Page)>> = listed
        .par_iter()
        .map(|l| feed_entries(l, &reported))
        .collect();
    let mut wanted: Vec<usize> = chosen.iter().flatten().map(|&(e, _)| e).collect();
    wanted.par_sort_unstable();
    wanted.dedup();
    let made: Vec<Entry> = wanted
        .par_iter()
        .map(|&e| event_entry(views, lang, e, reported[e]))
        .collect();
    let entry = |e: usize| -> &Entry {
        let i = wanted.binary_search(&e).unwrap_or_default();
        &made[i]
    };
    let feeds: Vec<(&Listed, &[(usize, &Page)])> = listed
        .iter()
        .zip(&chosen)
        .map(|(l, c)| (l, c.as_slice()))
        .collect();
    super::in_order_batches(
        &feeds,
        |&(l, entries)| event_feed(views, &reported, l, entries, &entry),
        |(l, _), bytes| sink.put(&events_feed_path(&l.dir), &bytes),
    )
}

/// The entries of one listing's feed: (event, the page that holds its card), newest first.
fn feed_entries<'p>(
    listed: &Listed<'p>,
    reported: &[Option<&EventDate>],
) -> Vec<(usize, &'p Page)> {
    let mut entries: Vec<(usize, &Page)> = listed
        .pages
        .iter()
        .flat_map(|&page| page.events.iter().map(move |&e| (e, page)))
        .collect();
    let key =
        |&(e, _): &(usize, &Page)| (std::cmp::Reverse(reported[e].map(EventDate::start_utc)), e);
    if entries.len() > EVENT_FEED_ENTRIES {
        entries.select_nth_unstable_by_key(EVENT_FEED_ENTRIES - 1, key);
        entries.truncate(EVENT_FEED_ENTRIES);
    }
    entries.sort_unstable_by_key(key);
    entries
}

fn event_feed<'e>(
    views: &Views,
    reported: &[Option<&EventDate>],
    listed: &Listed,
    entries: &[(usize, &Page)],
    entry: &impl Fn(usize) -> &'e Entry,
) -> Vec<u8> {
    let c = views.config;
    let base = escape_xml(&c.base_url);
    let updated = entries
        .first()
        .and_then(|&(e, _)| reported[e])
        .and_then(rfc3339)
        .unwrap_or_else(|| EPOCH.into());
    let title = if listed.name.is_empty() {
        c.title.clone()
    } else {
        format!("{} · {}", listed.name, c.title)
    };
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_xml(&c.language)
    );
    let _ = writeln!(x, "  <title>{}</title>", escape_xml(&title));
    if listed.name.is_empty() && !c.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape_xml(&c.description));
    }
    let self_url = format!("{base}/{}", escape_xml(&events_feed_path(&listed.dir)));
    let _ = writeln!(x, "  <id>{self_url}</id>");
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{base}/{}\"/>",
        escape_xml(&views.links.dir(&listed.dir))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>"
    );
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let feed_author = c.author.as_deref().unwrap_or(&c.title);
    let _ = writeln!(
        x,
        "  <author><name>{}</name></author>",
        escape_xml(feed_author)
    );
    x.push_str("  <generator uri=\"https://crates.io/crates/annalist\">annalist</generator>\n");
    for &(e, page) in entries {
        let made = entry(e);
        x.push_str(&made.head);
        x.push_str("    <link rel=\"alternate\" type=\"text/html\" href=\"");
        escape_xml_into(&mut x, &base);
        x.push('/');
        escape_xml_into(&mut x, &views.links.dir(page.url_dir().unwrap_or_default()));
        x.push('#');
        escape_xml_into(&mut x, &views.timeline.events[e].event.id);
        x.push_str("\"/>\n");
        x.push_str(&made.tail);
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

/// The feed-level `updated` of a feed whose entries have no date: the Unix epoch, so the output
/// stays deterministic.
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// An event's entry in every feed that lists it, but the link to its card (the listing's):
/// `head` ends after the `id`, `tail` starts after the link.
struct Entry {
    head: String,
    tail: String,
}

fn event_entry(views: &Views, lang: &Language, e: usize, reported: Option<&EventDate>) -> Entry {
    let timeline = views.timeline;
    let te = &timeline.events[e];
    let ev = &te.event;
    let base = &views.config.base_url;
    let first = &timeline.articles[te.articles[0]];
    let article = format!("{base}/{}", views.article_url(first));
    let date = DateView::new(
        &lang.date,
        &ev.start,
        ev.end.as_ref(),
        ev.display_date.as_deref(),
    );
    let mut head = String::from("  <entry>\n    <title>");
    escape_xml_into(&mut head, &ev.title);
    head.push_str("</title>\n    <id>");
    escape_xml_into(&mut head, &article);
    head.push('#');
    escape_xml_into(&mut head, &ev.id);
    head.push_str("</id>\n");
    let mut tail = String::new();
    let x = &mut tail;
    let medium = ev.media.first().map(|m| Medium::new(views, m));
    if let Some((href, ty)) = medium.as_ref().and_then(|m| m.enclosure.as_ref()) {
        let ty = ty.map_or(String::new(), |t| format!(" type=\"{}\"", escape_xml(t)));
        let _ = writeln!(
            x,
            "    <link rel=\"enclosure\"{ty} href=\"{}\"/>",
            escape_xml(href)
        );
    }
    let updated = reported.and_then(rfc3339);
    let _ = writeln!(
        x,
        "    <updated>{}</updated>",
        updated.as_deref().unwrap_or(EPOCH)
    );
    for taxonomy in &views.config.taxonomies {
        for name in ev.terms.get(taxonomy).into_iter().flatten() {
            let _ = writeln!(
                x,
                "    <category term=\"{}\" scheme=\"{}\" label=\"{}\"/>",
                escape_xml(&timeline.slug(name)),
                escape_xml(&format!("{base}/{}", views.links.dir(taxonomy))),
                escape_xml(name)
            );
        }
    }
    x.push_str("    <summary type=\"text\">");
    escape_xml_into(x, &entry_summary(ev, &date));
    x.push_str("</summary>\n    <content type=\"html\" xml:base=\"");
    escape_xml_into(x, &article);
    x.push_str("\">");
    escape_xml_into(x, &entry_html(views, te, &date, medium.as_ref()));
    x.push_str("</content>\n  </entry>\n");
    Entry { head, tail }
}

/// An entry's plain-text summary: the date as the card shows it, then in the form of
/// `events.json`'s `date` (and `end`) for programs (unless the two are one text), the place,
/// the event's summary:
/// `night of 18–19 June 2024 (2024-06-18 night), Pyongyang: Putin lands …`.
fn entry_summary(ev: &crate::model::Event, date: &DateView) -> String {
    let mut machine = ev.start.normalized();
    if let Some(end) = &ev.end {
        machine.push('/');
        machine.push_str(&end.normalized());
    }
    // `2000 (2000)` says nothing twice.
    let mut text = if machine == date.text {
        machine
    } else {
        format!("{} ({machine})", date.text)
    };
    if let Some(place) = &ev.place {
        text.push_str(", ");
        text.push_str(place);
    }
    if let Some(summary) = ev.summary_html.as_deref().map(plain_text) {
        text.push_str(": ");
        text.push_str(&summary);
    }
    text
}

/// An entry's content as HTML (escaped once more by the caller): the date (with its
/// `datetime`) and place, the summary, the first medium, the articles that report it.
fn entry_html(
    views: &Views,
    te: &crate::model::TimelineEvent,
    date: &DateView,
    medium: Option<&Medium>,
) -> String {
    let ev = &te.event;
    let mut h = String::new();
    h.push_str("<p>");
    match &date.datetime {
        Some(dt) => {
            let _ = write!(
                h,
                "<time datetime=\"{}\">{}</time>",
                escape_xml(dt),
                escape_xml(&date.text)
            );
        }
        None => h.push_str(&escape_xml(&date.text)),
    }
    if let Some(place) = &ev.place {
        let _ = write!(h, " · {}", escape_xml(place));
    }
    h.push_str("</p>");
    if let Some(summary) = &ev.summary_html {
        h.push_str(summary);
    }
    if let Some(m) = medium {
        h.push_str(&m.html);
    }
    h.push_str("<ul>");
    for &i in &te.articles {
        let a = &views.timeline.articles[i];
        let _ = write!(
            h,
            "<li><a href=\"{}\">{}</a></li>",
            escape_xml(&format!(
                "{}/{}#{}",
                views.config.base_url,
                views.article_url(a),
                ev.id
            )),
            escape_xml(&a.title)
        );
    }
    h.push_str("</ul>");
    h
}

/// An event's first medium in a feed entry: HTML for the content and, for an image, audio or
/// video with a URL, the enclosure (its URL, the MIME type when known). A local image is its
/// largest processed size.
struct Medium {
    html: String,
    enclosure: Option<(String, Option<&'static str>)>,
}

impl Medium {
    fn new(views: &Views, m: &Media) -> Medium {
        let json = super::json::JsonMedia::new(m, views.media, &views.config.base_url);
        let mut html = String::new();
        let caption: Vec<&str> = [m.caption_html.as_deref(), m.credit_html.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let caption = caption.join(" — ");
        let mut enclosure = None;
        match (m.kind, json.url.as_deref()) {
            (MediaKind::Quote, _) => {
                let _ = write!(
                    html,
                    "<blockquote><p>{}</p>",
                    escape_xml(m.quote.as_deref().unwrap_or_default())
                );
                if let Some(by) = &m.by {
                    let _ = write!(html, "<footer>— {}</footer>", escape_xml(by));
                }
                html.push_str("</blockquote>");
            }
            (MediaKind::Image, Some(url)) => {
                let _ = write!(
                    html,
                    "<figure><img src=\"{}\" alt=\"{}\"",
                    escape_xml(url),
                    escape_xml(m.alt.as_deref().unwrap_or_default())
                );
                if let (Some(w), Some(hh)) = (json.width, json.height) {
                    let _ = write!(html, " width=\"{w}\" height=\"{hh}\"");
                }
                html.push('>');
                if !caption.is_empty() {
                    let _ = write!(html, "<figcaption>{caption}</figcaption>");
                }
                html.push_str("</figure>");
                let ty = match views.media.get(m).filter(|p| !p.fallback.is_empty()) {
                    Some(p) => mime(&p.fallback_type),
                    None => mime_of(url),
                };
                enclosure = Some((url.to_string(), ty));
            }
            (kind, Some(url)) => {
                let text = if caption.is_empty() {
                    escape_xml(url)
                } else {
                    caption
                };
                let _ = write!(html, "<p><a href=\"{}\">{text}</a></p>", escape_xml(url));
                if matches!(kind, MediaKind::Audio | MediaKind::Video) {
                    enclosure = Some((url.to_string(), mime_of(url)));
                }
            }
            (_, None) => {}
        }
        Medium { html, enclosure }
    }
}

/// The MIME type of a medium's file, from the extension of its URL (the kinds the contract
/// lists); None for another.
fn mime_of(url: &str) -> Option<&'static str> {
    const TYPES: &[(&str, &str)] = &[
        ("jpg", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("png", "image/png"),
        ("webp", "image/webp"),
        ("gif", "image/gif"),
        ("avif", "image/avif"),
        ("svg", "image/svg+xml"),
        ("mp3", "audio/mpeg"),
        ("m4a", "audio/mp4"),
        ("ogg", "audio/ogg"),
        ("oga", "audio/ogg"),
        ("wav", "audio/wav"),
        ("mp4", "video/mp4"),
        ("webm", "video/webm"),
    ];
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let file = path.rsplit('/').next().unwrap_or(path);
    let (_, ext) = file.rsplit_once('.')?;
    TYPES
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(ext))
        .map(|&(_, t)| t)
}

/// The processed fallback's MIME type, as a static string.
fn mime(ty: &str) -> Option<&'static str> {
    ["image/jpeg", "image/png", "image/webp"]
        .into_iter()
        .find(|t| *t == ty)
}

#[cfg(test)]
mod tests {
    use atom_syndication::Feed;

    use crate::config::SiteConfig;
    use crate::render::{OutputFile, Theme};

    const BASE: &str = "https://example.org/t";

    fn build(paginate: usize, files: &[(&str, &str)]) -> Vec<OutputFile> {
        let config = SiteConfig {
            base_url: BASE.into(),
            paginate,
            ..SiteConfig::default()
        };
        let theme = Theme::from_sources(&[]).unwrap();
        crate::memory::render(&theme, &config, files).unwrap()
    }

    fn feed(files: &[OutputFile], path: &str) -> Feed {
        let file = files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"));
        std::str::from_utf8(&file.bytes).unwrap().parse().unwrap()
    }

    fn ids(feed: &Feed) -> Vec<&str> {
        feed.entries()
            .iter()
            .map(|e| e.id().rsplit('#').next().unwrap())
            .collect()
    }

    const SITE: &[(&str, &str)] = &[
        (
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\nupdated: 2024-03-01\ntags: [x]\nevents:\n  - {id: e1, title: One, date: 2000, media: {src: \"https://example.org/p.JPG?x=1\", alt: \"A \\\"b\\\"\"}}\n  - {id: e2, title: Two, date: 2001, place: Rome}\n---\n",
        ),
        (
            "b.md",
            "---\ntitle: B\ndate: 2024-02-01\nevents:\n  - {id: e3, title: Three, date: 1999-06, tags: [x, A & B], summary: \"*Big* <news>\"}\n---\n",
        ),
        // Reports e2 again, later: e2 is the most recently reported.
        (
            "c.md",
            "---\ntitle: C\ndate: 2024-05-01\nevents:\n  - {id: e2, title: Two, date: 2001}\n---\n",
        ),
    ];

    #[test]
    fn the_most_recently_reported_event_comes_first_and_links_to_its_card() {
        let files = build(1, SITE);
        let all = feed(&files, "events.xml");
        assert_eq!(ids(&all), ["e2", "e1", "e3"]);
        let updated: Vec<String> = all
            .entries()
            .iter()
            .map(|e| e.updated().to_rfc3339())
            .collect();
        assert_eq!(
            updated,
            [
                "2024-05-01T00:00:00+00:00",
                "2024-03-01T00:00:00+00:00",
                "2024-02-01T00:00:00+00:00"
            ]
        );
        assert_eq!(all.updated().to_rfc3339(), updated[0]);
        // One event a page, in timeline order: e3 (1999) on the first, e2 on the third.
        let e2 = &all.entries()[0];
        assert_eq!(
            e2.id(),
            format!("{BASE}/a/#e2"),
            "the first article's, by path"
        );
        let href = |e: &atom_syndication::Entry, rel: &str| -> Vec<String> {
            e.links()
                .iter()
                .filter(|l| l.rel() == rel)
                .map(|l| l.href().to_string())
                .collect()
        };
        assert_eq!(href(e2, "alternate"), [format!("{BASE}/page/3/#e2")]);
        // The content links every article that reports it.
        let content = e2.content().and_then(|c| c.value()).unwrap();
        for a in ["a", "c"] {
            assert!(
                content.contains(&format!("<a href=\"{BASE}/{a}/#e2\">")),
                "{content}"
            );
        }
        // The first medium: an enclosure with its type, an image in the content.
        let e1 = &all.entries()[1];
        let enclosure = e1.links().iter().find(|l| l.rel() == "enclosure").unwrap();
        assert_eq!(
            (enclosure.href(), enclosure.mime_type()),
            ("https://example.org/p.JPG?x=1", Some("image/jpeg"))
        );
        let content = e1.content().and_then(|c| c.value()).unwrap();
        assert!(
            content.contains("<img src=\"https://example.org/p.JPG?x=1\" alt=\"A &quot;b&quot;\">"),
            "{content}"
        );
        assert_eq!(
            href(&all.entries()[2], "alternate"),
            [format!("{BASE}/#e3")]
        );
        assert_eq!(
            e2.summary().map(|s| s.as_str()),
            Some("2001, Rome"),
            "the date as shown, the place"
        );
        // A term's feed: its events only, linked to its own pages.
        let x = feed(&files, "tags/x/events.xml");
        assert_eq!(ids(&x), ["e2", "e1", "e3"]);
        assert_eq!(
            href(&x.entries()[0], "alternate"),
            [format!("{BASE}/tags/x/page/3/#e2")]
        );
        assert_eq!(x.title().as_str(), "x · Timeline");
        let ab = feed(&files, "tags/a-b/events.xml");
        assert_eq!(ids(&ab), ["e3"]);
        let e3 = &ab.entries()[0];
        let categories: Vec<(&str, Option<&str>, Option<&str>)> = e3
            .categories()
            .iter()
            .map(|c| (c.term(), c.scheme(), c.label()))
            .collect();
        let scheme = format!("{BASE}/tags/");
        assert_eq!(
            categories,
            [
                ("x", Some(scheme.as_str()), Some("x")),
                ("a-b", Some(scheme.as_str()), Some("A & B"))
            ]
        );
        assert_eq!(
            e3.summary().map(|s| s.as_str()),
            Some("June 1999 (1999-06): Big <news>"),
            "plain text, with the date for programs"
        );
        let content = e3.content().and_then(|c| c.value()).unwrap();
        assert!(
            content.starts_with("<p><time datetime=\"1999-06\">June 1999</time></p><p><em>Big</em> &lt;news&gt;</p>"),
            "{content}"
        );
    }

    #[test]
    fn a_feed_lists_the_newest_hundred_ties_in_timeline_order() {
        let mut text = String::from("---\ntitle: Many\ndate: 2024-01-01\nevents:\n");
        for year in 1801..=1950 {
            text.push_str(&format!("  - {{id: y{year}, title: Y, date: {year}}}\n"));
        }
        text.push_str("---\n");
        let late = "---\ntitle: Late\ndate: 2025-01-01\nevents:\n  - {id: late, title: L, date: 1800, media: {quote: \"We <won>\", by: Q}}\n---\n";
        let files = build(0, &[("many.md", &text), ("z.md", late)]);
        let all = feed(&files, "events.xml");
        let ids = ids(&all);
        assert_eq!(ids.len(), super::EVENT_FEED_ENTRIES);
        assert_eq!(ids[..3], ["late", "y1801", "y1802"]);
        assert_eq!(ids[99], "y1899");
        let content = all.entries()[0].content().and_then(|c| c.value()).unwrap();
        assert!(
            content.contains("<blockquote><p>We &lt;won&gt;</p><footer>— Q</footer></blockquote>"),
            "{content}"
        );
    }

    #[test]
    fn no_base_url_no_events_feeds() {
        let theme = Theme::from_sources(&[]).unwrap();
        let files = crate::memory::render(&theme, &SiteConfig::default(), SITE).unwrap();
        assert!(!files.iter().any(|f| f.path.ends_with(super::EVENTS_FEED)));
        let index = files.iter().find(|f| f.path == "index.html").unwrap();
        assert!(!String::from_utf8_lossy(&index.bytes).contains("events.xml"));
    }
}
