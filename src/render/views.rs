//! What templates see: `Serialize` structs built from the model, borrowed where they can be.
//! URLs in views are relative to the site root (`putin-arrives/index.html#arrival`); a template
//! writes `{{ root }}{{ url }}` so the same view works on a page at any depth.

use serde::Serialize;

use crate::config::SiteConfig;
use crate::date::{self, EventDate};
use crate::model::{Article, Source, Timeline, TimelineEvent};
use crate::slug::slugify;

use super::LinkStyle;

#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub author: Option<&'a str>,
    pub timezone: String,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Links to each taxonomy's index.
    pub taxonomies: Vec<Link>,
    /// Links to the plain pages (About, ...).
    pub pages: Vec<Link>,
    /// The timeline's own link (`index.html` or empty).
    pub home: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// The text shown: `display_date` if set, else the precision-aware format.
    pub text: String,
    /// The formatted date even when `display_date` replaces it (for a `title`).
    pub formatted: String,
    /// For `<time datetime>`; absent when HTML cannot express the year.
    pub datetime: Option<String>,
    pub precision: date::Precision,
    pub approximate: bool,
    pub uncertain: bool,
    pub is_span: bool,
}

impl DateView {
    pub fn new(start: &EventDate, end: Option<&EventDate>, display: Option<&str>) -> Self {
        let formatted = date::format_display(start, end);
        DateView {
            text: display.map_or_else(|| formatted.clone(), str::to_string),
            formatted,
            datetime: start.html_datetime(),
            precision: start.precision(),
            approximate: start.approximate() || end.is_some_and(EventDate::approximate),
            uncertain: start.uncertain() || end.is_some_and(EventDate::uncertain),
            is_span: end.is_some(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
    pub note: Option<&'a str>,
}

impl<'a> SourceView<'a> {
    pub fn list(sources: &'a [Source]) -> Vec<SourceView<'a>> {
        sources
            .iter()
            .map(|s| SourceView {
                name: &s.name,
                url: s.url.as_deref(),
                note: s.note.as_deref(),
            })
            .collect()
    }
}

/// The terms of one taxonomy on an event or article.
#[derive(Debug, Clone, Serialize)]
pub struct TermGroup {
    pub taxonomy: String,
    pub terms: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: DateView,
    pub summary_html: Option<&'a str>,
    pub place: Option<&'a str>,
    pub sources: Vec<SourceView<'a>>,
    pub terms: Vec<TermGroup>,
    /// Every article that reports it.
    pub articles: Vec<Link>,
    /// The event on its first article's page.
    pub url: String,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

/// Builds the shared pieces once per build.
pub struct Views<'a> {
    pub config: &'a SiteConfig,
    pub timeline: &'a Timeline,
    pub links: LinkStyle,
}

impl<'a> Views<'a> {
    pub fn site(&self) -> SiteView<'a> {
        let c = self.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            base_url: &c.base_url,
            author: c.author.as_deref(),
            timezone: c.timezone.name(),
            extra: &c.extra,
            taxonomies: c
                .taxonomies
                .iter()
                .map(|t| Link {
                    name: t.clone(),
                    url: self.links.dir(t),
                })
                .collect(),
            pages: self
                .timeline
                .articles
                .iter()
                .filter(|a| a.is_page())
                .map(|a| Link {
                    name: a.title.clone(),
                    url: self.article_url(a),
                })
                .collect(),
            home: self.links.dir(""),
        }
    }

    pub fn article_url(&self, article: &Article) -> String {
        self.links.dir(&article.slug)
    }

    pub fn term_url(&self, taxonomy: &str, name: &str) -> String {
        self.links.dir(&format!("{taxonomy}/{}", slugify(name)))
    }

    pub fn term_groups(&self, terms: &crate::model::Terms) -> Vec<TermGroup> {
        self.config
            .taxonomies
            .iter()
            .filter_map(|t| {
                let list = terms.get(t).filter(|l| !l.is_empty())?;
                Some(TermGroup {
                    taxonomy: t.clone(),
                    terms: list
                        .iter()
                        .map(|name| Link {
                            name: name.clone(),
                            url: self.term_url(t, name),
                        })
                        .collect(),
                })
            })
            .collect()
    }

    pub fn event(&self, e: &'a TimelineEvent) -> EventView<'a> {
        let ev = &e.event;
        let articles: Vec<Link> = e
            .articles
            .iter()
            .map(|&i| {
                let a = &self.timeline.articles[i];
                Link {
                    name: a.title.clone(),
                    url: self.article_url(a),
                }
            })
            .collect();
        let url = format!(
            "{}#{}",
            articles.first().map_or("", |l| l.url.as_str()),
            ev.id
        );
        EventView {
            id: &ev.id,
            title: &ev.title,
            date: DateView::new(&ev.start, ev.end.as_ref(), ev.display_date.as_deref()),
            summary_html: ev.summary_html.as_deref(),
            place: ev.place.as_deref(),
            sources: SourceView::list(&ev.sources),
            terms: self.term_groups(&ev.terms),
            articles,
            url,
            extra: &ev.extra,
        }
    }
}

/// Events grouped for a timeline page: consecutive runs of one year, inside them of one month.
/// `E` is what a template sees for each event: an [`EventView`], converted once per build.
#[derive(Debug, Serialize)]
pub struct YearGroup<E> {
    pub label: String,
    /// Anchor for jump-to-year links: `y2024`, `y-43`.
    pub anchor: String,
    pub months: Vec<MonthGroup<E>>,
}

#[derive(Debug, Serialize)]
pub struct MonthGroup<E> {
    /// `June`, or absent for events known only to the year.
    pub label: Option<String>,
    pub events: Vec<E>,
}

/// Groups events (already in display order) by the year and month of their start, as written.
pub fn group_by_year<'d, E>(
    events: impl IntoIterator<Item = (&'d EventDate, E)>,
) -> Vec<YearGroup<E>> {
    let mut years: Vec<YearGroup<E>> = Vec::new();
    let mut current: Option<(i32, Option<u32>)> = None;
    for (start, view) in events {
        let year = start.year();
        let month = (start.precision() > date::Precision::Year).then(|| start.month());
        let same_year = current.is_some_and(|(y, _)| y == year);
        if !same_year {
            years.push(YearGroup {
                label: date::format_year(year),
                anchor: format!("y{year}"),
                months: Vec::new(),
            });
        }
        let Some(group) = years.last_mut() else {
            continue;
        };
        if !same_year || current.is_some_and(|(_, m)| m != month) {
            group.months.push(MonthGroup {
                label: month.map(date::month_name),
                events: Vec::new(),
            });
        }
        current = Some((year, month));
        if let Some(m) = group.months.last_mut() {
            m.events.push(view);
        }
    }
    years
}
