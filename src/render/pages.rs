//! The HTML pages of a build: the timeline, one page per article, the taxonomy and term pages.
//!
//! Each event's view is converted to a template value once per build and shared (tera values
//! are reference-counted) by every page that shows the event: the timeline, its articles' pages
//! and its terms' pages. Pages render in parallel.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Order;
use crate::i18n::Language;
use crate::model::timeline::Term;
use crate::model::Article;

use super::theme::{TemplateError, Theme};
use super::views::{
    gaps, group_by_year, DateView, SourceView, TaxonomyLink, TermGroup, Views, YearGroup,
};
use super::{root_prefix, OutputFile};

/// An article as its page sees it; `events` (its events as on the timeline, in timeline order)
/// is added from the shared event values.
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
    extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
struct TermLink {
    name: String,
    url: String,
    count: usize,
    /// "3 events" in the site's language.
    count_text: String,
}

/// One page to render.
enum Job<'a> {
    Index,
    Article(usize, &'a Article),
    Taxonomy(&'a str),
    Term(&'a str, &'a Term),
    /// `404.html`, served by hosts for any missing path: its links are absolute when they can be.
    NotFound,
}

/// What every page shares: converted once.
struct Shared {
    lang: Language,
    site: Value,
    /// The theme's strings in the site's language (`t` in templates).
    strings: Value,
    /// One per timeline event, same index.
    events: Vec<Value>,
}

/// Renders the HTML pages whose output path is in `selection` (every page when `None`), in
/// parallel. Errors name the template and line.
pub fn render(
    theme: &Theme,
    views: &Views,
    selection: Option<&HashSet<String>>,
) -> Result<Vec<OutputFile>, TemplateError> {
    let jobs: Vec<(String, Job)> = jobs(views)
        .into_iter()
        .filter(|(path, _)| selection.is_none_or(|s| s.contains(path)))
        .collect();
    let lang = theme.language(&views.config.language)?;
    let shared = Shared {
        site: value(&views.site(&lang))?,
        strings: value(&lang.strings)?,
        events: views
            .timeline
            .events
            .par_iter()
            .map(|e| value(&views.event(e, &lang)))
            .collect::<Result<_, _>>()?,
        lang,
    };
    jobs.into_par_iter()
        .map(|(path, job)| render_job(theme, views, &shared, path, &job))
        .collect()
}

/// The output path of every page.
pub fn all_paths(views: &Views) -> HashSet<String> {
    jobs(views).into_iter().map(|(path, _)| path).collect()
}

/// Every page of the site with its output path.
fn jobs<'a>(views: &Views<'a>) -> Vec<(String, Job<'a>)> {
    let timeline = views.timeline;
    let mut jobs = vec![("index.html".to_string(), Job::Index)];
    jobs.extend(
        timeline
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("{}/index.html", a.slug), Job::Article(i, a))),
    );
    for (taxonomy, terms) in &timeline.taxonomies {
        jobs.push((format!("{taxonomy}/index.html"), Job::Taxonomy(taxonomy)));
        jobs.extend(terms.values().map(|t| {
            (
                format!("{taxonomy}/{}/index.html", t.slug),
                Job::Term(taxonomy, t),
            )
        }));
    }
    jobs.push(("404.html".to_string(), Job::NotFound));
    jobs
}

fn render_job(
    theme: &Theme,
    views: &Views,
    shared: &Shared,
    path: String,
    job: &Job,
) -> Result<OutputFile, TemplateError> {
    let (template, mut cx) = match job {
        Job::Index => {
            let all: Vec<usize> = (0..views.timeline.events.len()).collect();
            let mut cx = page("index.html", shared, &views.config.title, "index");
            insert_timeline(&mut cx, views, shared, &all)?;
            ("index.html", cx)
        }
        Job::Article(index, a) => {
            let kind = if a.is_page() { "page" } else { "article" };
            let mut cx = page(&path, shared, &a.title, kind);
            let events = pick(shared, &views.timeline.article_events[*index]);
            cx.insert_value(
                "article",
                with_field(&article_view(views, &shared.lang, a), "events", events)?,
            );
            ("article.html", cx)
        }
        Job::Taxonomy(taxonomy) => {
            let terms: Vec<TermLink> = views.timeline.taxonomies[*taxonomy]
                .values()
                .map(|t| TermLink {
                    name: t.name.clone(),
                    url: views.term_url(taxonomy, &t.name),
                    count: t.events.len(),
                    count_text: shared.lang.count("events", t.events.len() as u64),
                })
                .collect();
            let label = shared.lang.taxonomy(taxonomy);
            let mut cx = page(&path, shared, &label, "taxonomy");
            cx.insert("taxonomy", taxonomy);
            cx.insert("taxonomy_label", &label);
            cx.insert(
                "terms_count_text",
                &shared.lang.count("terms", terms.len() as u64),
            );
            cx.insert_value("terms", value(&terms)?);
            ("taxonomy.html", cx)
        }
        Job::Term(taxonomy, term) => {
            let mut cx = page(&path, shared, &term.name, "term");
            let link = TaxonomyLink {
                name: taxonomy.to_string(),
                label: shared.lang.taxonomy(taxonomy),
                url: views.links.dir(taxonomy),
            };
            cx.insert_value("taxonomy", value(&link)?);
            cx.insert("term", &term.name);
            insert_timeline(&mut cx, views, shared, &term.events)?;
            ("term.html", cx)
        }
        Job::NotFound => {
            let mut cx = page(
                &path,
                shared,
                &shared.lang.string("not_found_title", &[]),
                "not-found",
            );
            // A host serves this page at whatever path was missing, so relative links cannot
            // work; with a base_url they are absolute.
            if !views.config.base_url.is_empty() {
                cx.insert("root", &format!("{}/", views.config.base_url));
            }
            ("404.html", cx)
        }
    };
    let shown = match job {
        Job::Article(index, a) => Some((*a, views.timeline.article_events[*index].as_slice())),
        _ => None,
    };
    cx.insert_value("meta", value(&super::meta::page_meta(views, &path, shown))?);
    cx.insert("page_path", &path);
    let html = theme.render(template, &cx)?;
    Ok(OutputFile {
        path,
        bytes: html.into_bytes(),
    })
}

/// The context every page starts from: `site`, `t`, `root`, `page_title`, `kind`.
fn page(path: &str, shared: &Shared, title: &str, kind: &str) -> Context {
    let mut cx = Context::new();
    cx.insert_value("site", shared.site.clone());
    cx.insert_value("t", shared.strings.clone());
    cx.insert("root", &root_prefix(path));
    cx.insert("page_title", title);
    cx.insert("kind", kind);
    cx
}

/// `years` (events grouped by year and month, in the site's order; an event after a long
/// pause carries `gap`, "24 years later"), `event_count`, `event_count_text` and `filters`.
fn insert_timeline(
    cx: &mut Context,
    views: &Views,
    shared: &Shared,
    events: &[usize],
) -> Result<(), TemplateError> {
    let timeline = &views.timeline.events;
    let in_order: Vec<usize> = match views.config.order {
        Order::Ascending => events.to_vec(),
        Order::Descending => events.iter().rev().copied().collect(),
    };
    let starts: Vec<i64> = in_order
        .iter()
        .map(|&i| timeline[i].event.start.start_utc())
        .collect();
    let gaps = gaps(&starts);
    let mut items = Vec::with_capacity(in_order.len());
    for (&i, gap) in in_order.iter().zip(gaps) {
        let event = match gap {
            // Only the few events after a gap get a value of their own.
            Some(seconds) => with_value(
                shared.events[i].clone(),
                "gap",
                Value::from(shared.lang.gap(seconds)),
            ),
            None => shared.events[i].clone(),
        };
        items.push((&timeline[i].event.start, event));
    }
    let groups = group_by_year(&shared.lang.date, items);
    cx.insert_value("years", years_value(groups));
    cx.insert("event_count", &events.len());
    cx.insert(
        "event_count_text",
        &shared.lang.count("events", events.len() as u64),
    );
    cx.insert_value("filters", value(&views.filters(events, &shared.lang))?);
    Ok(())
}

fn pick(shared: &Shared, indexes: &[usize]) -> Value {
    Value::from(
        indexes
            .iter()
            .map(|&i| shared.events[i].clone())
            .collect::<Vec<_>>(),
    )
}

/// Builds the template value of the year groups by hand, so the shared event values are
/// referenced, not copied.
fn years_value(groups: Vec<YearGroup<Value>>) -> Value {
    let years: Vec<Value> = groups
        .into_iter()
        .map(|y| {
            let months: Vec<Value> = y
                .months
                .into_iter()
                .map(|m| {
                    let mut map: BTreeMap<&'static str, Value> = BTreeMap::new();
                    map.insert("label", Value::from(m.label));
                    map.insert("events", Value::from(m.events));
                    Value::from(map)
                })
                .collect();
            let mut map: BTreeMap<&'static str, Value> = BTreeMap::new();
            map.insert("label", Value::from(y.label));
            map.insert("anchor", Value::from(y.anchor));
            map.insert("months", Value::from(months));
            Value::from(map)
        })
        .collect();
    Value::from(years)
}

fn value<T: Serialize + ?Sized>(view: &T) -> Result<Value, TemplateError> {
    Value::try_from_serializable(view).map_err(|err| TemplateError {
        template: String::new(),
        overridden: false,
        line: None,
        message: err.to_string(),
    })
}

/// A view's value with one more field.
fn with_field<T: Serialize>(
    view: &T,
    key: &'static str,
    extra: Value,
) -> Result<Value, TemplateError> {
    Ok(with_value(value(view)?, key, extra))
}

/// A template value (a map) with one more field.
fn with_value(base: Value, key: &'static str, extra: Value) -> Value {
    let mut map = base.into_map().unwrap_or_default();
    map.insert(key.into(), extra);
    Value::from(map)
}

fn article_view<'a>(views: &Views<'a>, lang: &Language, a: &'a Article) -> ArticleView<'a> {
    ArticleView {
        title: &a.title,
        slug: &a.slug,
        path: &a.rel_path,
        date: a
            .date
            .as_ref()
            .map(|d| DateView::new(&lang.date, d, None, None)),
        updated: a
            .updated
            .as_ref()
            .map(|d| DateView::new(&lang.date, d, None, None)),
        summary_html: a.summary_html.as_deref(),
        body_html: &a.body_html,
        authors: &a.authors,
        sources: SourceView::list(&a.sources),
        terms: views.term_groups(&a.terms, lang),
        extra: &a.extra,
    }
}
