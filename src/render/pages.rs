//! The HTML pages of a build: the timeline, one page per article, the taxonomy and term pages.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::Order;
use crate::model::{Article, TimelineEvent};

use super::theme::{TemplateError, Theme};
use super::views::{
    group_by_year, DateView, EventView, Link, SiteView, SourceView, TermGroup, Views, YearGroup,
};
use super::{root_prefix, OutputFile};

/// What every page's context holds besides its own data.
#[derive(Serialize)]
struct Common<'a> {
    site: &'a SiteView<'a>,
    /// `../` up to the site root from this page.
    root: String,
    /// The page's title for `<title>`.
    page_title: String,
    /// Which kind of page: `index`, `article`, `page`, `taxonomy`, `term`.
    kind: &'static str,
}

#[derive(Serialize)]
struct TimelinePage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    years: Vec<YearGroup<'a>>,
    event_count: usize,
}

#[derive(Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    slug: &'a str,
    path: &'a str,
    date: Option<DateView>,
    updated: Option<DateView>,
    summary_html: Option<&'a str>,
    body_html: &'a str,
    authors: &'a [String],
    sources: Vec<SourceView<'a>>,
    terms: Vec<TermGroup>,
    events: Vec<EventView<'a>>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct ArticlePage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    article: ArticleView<'a>,
}

#[derive(Serialize)]
struct TermLink {
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TaxonomyPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    taxonomy: &'a str,
    terms: Vec<TermLink>,
}

#[derive(Serialize)]
struct TermPage<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    taxonomy: Link,
    term: &'a str,
    years: Vec<YearGroup<'a>>,
    event_count: usize,
}

/// One page to render: its output path and how to build its context.
enum Job<'a> {
    Index,
    Article(usize, &'a Article),
    Taxonomy(&'a str),
    Term(&'a str, &'a crate::model::timeline::Term),
}

/// Renders every HTML page, in parallel. Errors name the template and line.
pub fn render_all(theme: &Theme, views: &Views) -> Result<Vec<OutputFile>, TemplateError> {
    let site = views.site();
    let mut jobs = vec![Job::Index];
    jobs.extend(
        views
            .timeline
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| Job::Article(i, a)),
    );
    for (taxonomy, terms) in &views.timeline.taxonomies {
        jobs.push(Job::Taxonomy(taxonomy));
        jobs.extend(terms.values().map(|t| Job::Term(taxonomy, t)));
    }
    jobs.par_iter()
        .map(|job| render_job(theme, views, &site, job))
        .collect()
}

fn render_job(
    theme: &Theme,
    views: &Views,
    site: &SiteView,
    job: &Job,
) -> Result<OutputFile, TemplateError> {
    let (path, template, context) = match job {
        Job::Index => {
            let events: Vec<&TimelineEvent> = views.timeline.events.iter().collect();
            let page = TimelinePage {
                common: common(site, "index.html", site.title.to_string(), "index"),
                event_count: events.len(),
                years: timeline(views, events),
            };
            ("index.html".to_string(), "index.html", context(&page)?)
        }
        Job::Article(ai, a) => {
            let path = format!("{}/index.html", a.slug);
            let kind = if a.is_page() { "page" } else { "article" };
            let page = ArticlePage {
                common: common(site, &path, a.title.clone(), kind),
                article: article_view(views, *ai, a),
            };
            (path, "article.html", context(&page)?)
        }
        Job::Taxonomy(taxonomy) => {
            let path = format!("{taxonomy}/index.html");
            let terms = views.timeline.taxonomies[*taxonomy]
                .values()
                .map(|t| TermLink {
                    name: t.name.clone(),
                    url: views.term_url(taxonomy, &t.name),
                    count: t.events.len(),
                })
                .collect();
            let page = TaxonomyPage {
                common: common(site, &path, capitalize(taxonomy), "taxonomy"),
                taxonomy,
                terms,
            };
            (path, "taxonomy.html", context(&page)?)
        }
        Job::Term(taxonomy, term) => {
            let path = format!("{taxonomy}/{}/index.html", term.slug);
            let events: Vec<&TimelineEvent> = term
                .events
                .iter()
                .map(|&i| &views.timeline.events[i])
                .collect();
            let page = TermPage {
                common: common(site, &path, term.name.clone(), "term"),
                taxonomy: Link {
                    name: taxonomy.to_string(),
                    url: views.links.dir(taxonomy),
                },
                term: &term.name,
                event_count: events.len(),
                years: timeline(views, events),
            };
            (path, "term.html", context(&page)?)
        }
    };
    let html = theme.render(template, &context)?;
    Ok(OutputFile {
        path,
        bytes: html.into_bytes(),
    })
}

fn common<'a>(
    site: &'a SiteView<'a>,
    path: &str,
    page_title: String,
    kind: &'static str,
) -> Common<'a> {
    Common {
        site,
        root: root_prefix(path),
        page_title,
        kind,
    }
}

fn context<T: Serialize>(page: &T) -> Result<Context, TemplateError> {
    Context::from_serialize(page).map_err(|err| TemplateError {
        template: String::new(),
        overridden: false,
        line: None,
        message: err.to_string(),
    })
}

/// Events in the site's display order, grouped by year and month.
fn timeline<'a>(views: &Views<'a>, mut events: Vec<&'a TimelineEvent>) -> Vec<YearGroup<'a>> {
    if views.config.order == Order::Descending {
        events.reverse();
    }
    group_by_year(events.into_iter().map(|e| (e, views.event(e))).collect())
}

fn article_view<'a>(views: &Views<'a>, index: usize, a: &'a Article) -> ArticleView<'a> {
    // The article's events as the timeline holds them (merged), in timeline order.
    let events: Vec<EventView<'a>> = views.timeline.article_events[index]
        .iter()
        .map(|&ei| views.event(&views.timeline.events[ei]))
        .collect();
    ArticleView {
        title: &a.title,
        slug: &a.slug,
        path: &a.rel_path,
        date: a.date.as_ref().map(|d| DateView::new(d, None, None)),
        updated: a.updated.as_ref().map(|d| DateView::new(d, None, None)),
        summary_html: a.summary_html.as_deref(),
        body_html: &a.body_html,
        authors: &a.authors,
        sources: SourceView::list(&a.sources),
        terms: views.term_groups(&a.terms),
        events,
        extra: &a.extra,
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
