//! `sitemap.xml` (every HTML page of the plan with its absolute URL, `lastmod` from the newest `updated` or
//! `date` of the articles it shows) and `robots.txt` (pointing at the sitemap when there is one).

use std::fmt::Write as _;

use crate::date::EventDate;
use crate::model::Article;

use super::plan::{Kind, Listing, Plan};
use super::text::{escape_xml, last_change};
use super::views::Views;
use super::OutputFile;

pub const SITEMAP_PATH: &str = "sitemap.xml";

/// Every page of the plan that has a URL: (link relative to the root, the articles whose
/// change it shows). A timeline page shows its whole timeline's year links, so each of its
/// pages changes with any of the timeline's articles.
fn pages<'a>(views: &Views<'a>, plan: &Plan) -> Vec<(String, Vec<&'a Article>)> {
    let t = views.timeline;
    let dated: Vec<&Article> = t
        .articles
        .iter()
        .map(|a| &**a)
        .filter(|a| !a.is_page())
        .collect();
    let of_events = |events: &[usize]| -> Vec<&'a Article> {
        events
            .iter()
            .flat_map(|&i| t.events[i].articles.iter().map(|&a| &*t.articles[a]))
            .collect()
    };
    plan.pages
        .iter()
        .filter_map(|page| {
            let dir = page.url_dir()?;
            let articles = match &page.kind {
                Kind::Timeline {
                    of: Listing::Term { taxonomy, slug },
                    ..
                } => of_events(&t.taxonomies[taxonomy][slug].events),
                Kind::Article(i) => vec![&*t.articles[*i]],
                _ => dated.clone(),
            };
            Some((views.links.dir(dir), articles))
        })
        .collect()
}

/// W3C date-time of the newest change among `articles`, as written (`2024-06-19`).
fn lastmod(articles: &[&Article]) -> Option<String> {
    articles
        .iter()
        .filter_map(|a| last_change(a))
        .max_by_key(|d| d.start_utc())
        .and_then(EventDate::html_datetime)
}

/// `sitemap.xml`: every page of `plan` with a URL of its own, under `base_url`.
pub fn sitemap(views: &Views, plan: &Plan) -> OutputFile {
    let base = &views.config.base_url;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (link, articles) in pages(views, plan) {
        let _ = write!(
            x,
            "  <url><loc>{}</loc>",
            escape_xml(&format!("{base}/{link}"))
        );
        if let Some(when) = lastmod(&articles) {
            let _ = write!(x, "<lastmod>{when}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    OutputFile {
        path: SITEMAP_PATH.into(),
        bytes: x.into_bytes(),
    }
}

/// `robots.txt`: everything allowed; the sitemap named when the site has a `base_url`.
pub fn robots(base_url: &str) -> OutputFile {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if !base_url.is_empty() {
        let _ = write!(text, "\nSitemap: {base_url}/{SITEMAP_PATH}\n");
    }
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}
