//! What templates see: `Serialize` structs built from the model, borrowed where they can be.
//! URLs in views are relative to the site root (`putin-arrives/index.html#arrival`); a template
//! writes `{{ root }}{{ url }}` so the same view works on a page at any depth.

use serde::Serialize;

use std::collections::BTreeMap;

use crate::config::SiteConfig;
use crate::date::{self, DateLocale, EventDate};
use crate::i18n::Language;
use crate::model::{Article, Source, Timeline, TimelineEvent};

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
    /// Links to each taxonomy's index, with its display name in the site's language.
    pub taxonomies: Vec<TaxonomyLink>,
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

/// A taxonomy: its name (`people`), display name (`People`, `Люди`) and index page.
#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyLink {
    pub name: String,
    pub label: String,
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
    /// The words as the copy wrote them, with the report they are read from ("yesterday
    /// night, in the report of 19 June 2024"), for the date's `title`.
    pub written: Option<String>,
}

impl DateView {
    pub fn new(
        locale: &DateLocale,
        start: &EventDate,
        end: Option<&EventDate>,
        display: Option<&str>,
    ) -> Self {
        let formatted = date::format_display_in(locale, start, end);
        DateView {
            text: display.map_or_else(|| formatted.clone(), str::to_string),
            formatted,
            datetime: start.html_datetime(),
            precision: start.precision(),
            approximate: start.approximate() || end.is_some_and(EventDate::approximate),
            uncertain: start.uncertain() || end.is_some_and(EventDate::uncertain),
            is_span: end.is_some(),
            written: None,
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
    /// The taxonomy's display name in the site's language.
    pub label: String,
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
    /// For the filters: `taxonomy/term-slug` of every term, space-separated (`data-terms`).
    pub filter_terms: String,
    /// For the filters: the slug of every source's name, space-separated (`data-sources`).
    pub filter_sources: String,
    /// The event's first medium (the card shows it; its article page shows them all).
    pub medium: Option<MediaView<'a>>,
}

/// One medium as a template sees it. `local`: its URLs are paths from the site root, to be
/// written after `{{ root }}`; else they are absolute.
#[derive(Debug, Clone, Serialize)]
pub struct MediaView<'a> {
    pub kind: &'static str,
    pub local: bool,
    /// What `src` shows: the largest processed size, the file itself, or the URL.
    pub src: Option<String>,
    pub alt: Option<&'a str>,
    pub caption_html: Option<&'a str>,
    pub credit_html: Option<&'a str>,
    pub link: Option<&'a str>,
    pub quote: Option<&'a str>,
    pub by: Option<&'a str>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// WebP sizes and the original format's, smallest first.
    pub webp: Vec<SizeView>,
    pub fallback: Vec<SizeView>,
    pub fallback_type: &'a str,
    /// A `.vtt` of the same name, as captions.
    pub track: Option<&'a str>,
    pub video_id: Option<&'a str>,
    /// The host of a remote medium (`youtube.com`), for link cards.
    pub host: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SizeView {
    pub url: String,
    pub width: u32,
}

/// What the filter controls offer on a timeline page: each taxonomy's terms and the sources
/// of the events shown, with how many events each has.
#[derive(Debug, Clone, Serialize)]
pub struct FiltersView {
    pub taxonomies: Vec<FilterGroup>,
    pub sources: Vec<FilterOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterGroup {
    pub taxonomy: String,
    pub label: String,
    pub options: Vec<FilterOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterOption {
    /// The value in `data-*` attributes and in the URL.
    pub value: String,
    pub name: String,
    pub count: usize,
}

/// Builds the shared pieces once per build.
pub struct Views<'a> {
    pub config: &'a SiteConfig,
    pub timeline: &'a Timeline,
    pub links: LinkStyle,
    /// The processed media files (none unless [`Views::with_media`]).
    pub media: &'a crate::images::MediaIndex,
}

static NO_MEDIA: crate::images::MediaIndex = crate::images::MediaIndex {
    files: std::collections::BTreeMap::new(),
};

impl<'a> Views<'a> {
    /// The views of a site: links name `index.html` without a `base_url` (the site may be
    /// opened from disk), and end in `/` with one.
    pub fn new(config: &'a SiteConfig, timeline: &'a Timeline) -> Self {
        let links = if config.base_url.is_empty() {
            LinkStyle::Files
        } else {
            LinkStyle::Pretty
        };
        Views {
            config,
            timeline,
            links,
            media: &NO_MEDIA,
        }
    }

    /// The views with the processed media of the site.
    pub fn with_media(mut self, media: &'a crate::images::MediaIndex) -> Self {
        self.media = media;
        self
    }

    pub fn site(&self, lang: &Language) -> SiteView<'a> {
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
                .map(|t| TaxonomyLink {
                    name: t.clone(),
                    label: lang.taxonomy(t),
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
        self.links.dir_in(taxonomy, &self.timeline.slug(name))
    }

    pub fn term_groups(&self, terms: &crate::model::Terms, lang: &Language) -> Vec<TermGroup> {
        self.config
            .taxonomies
            .iter()
            .filter_map(|t| {
                let list = terms.get(t).filter(|l| !l.is_empty())?;
                Some(TermGroup {
                    taxonomy: t.clone(),
                    label: lang.taxonomy(t),
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

    pub fn event(&self, e: &'a TimelineEvent, lang: &Language) -> EventView<'a> {
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
            date: DateView {
                written: written_note(lang, ev),
                ..DateView::new(
                    &lang.date,
                    &ev.start,
                    ev.end.as_ref(),
                    ev.display_date.as_deref(),
                )
            },
            summary_html: ev.summary_html.as_deref(),
            place: ev.place.as_deref(),
            sources: SourceView::list(&ev.sources),
            terms: self.term_groups(&ev.terms, lang),
            articles,
            url,
            extra: &ev.extra,
            filter_terms: self
                .config
                .taxonomies
                .iter()
                .flat_map(|t| {
                    ev.terms
                        .get(t)
                        .into_iter()
                        .flatten()
                        .map(move |name| format!("{t}/{}", self.timeline.slug(name)))
                })
                .collect::<Vec<_>>()
                .join(" "),
            filter_sources: ev
                .sources
                .iter()
                .map(|s| self.timeline.slug(&s.name))
                .collect::<Vec<_>>()
                .join(" "),
            medium: ev.media.first().map(|m| self.medium(m)),
        }
    }

    /// The published URL of an article's preview image ([`Article::image`]): its largest
    /// processed size (a path from the site root), or the URL written.
    pub fn image_url(&self, article: &'a Article) -> Option<&'a str> {
        let m = article.image()?;
        self.media.get(m).and_then(|p| p.src()).or(m.url())
    }

    /// A medium for templates, with its processed sizes.
    pub fn medium(&self, m: &'a crate::model::Media) -> MediaView<'a> {
        let processed = self.media.get(m);
        let sizes = |list: &[crate::images::Variant]| -> Vec<SizeView> {
            list.iter()
                .map(|v| SizeView {
                    url: v.url.clone(),
                    width: v.width,
                })
                .collect()
        };
        let remote = match &m.location {
            crate::model::media::Location::Remote(url) => Some(url.as_str()),
            _ => None,
        };
        let host = remote.map(|url| {
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
            host.strip_prefix("www.").unwrap_or(host).to_string()
        });
        MediaView {
            kind: m.kind.name(),
            local: remote.is_none(),
            src: match processed {
                Some(p) => p.src().map(str::to_string),
                None => m.url().map(str::to_string),
            },
            alt: m.alt.as_deref(),
            caption_html: m.caption_html.as_deref(),
            credit_html: m.credit_html.as_deref(),
            link: m.link.as_deref(),
            quote: m.quote.as_deref(),
            by: m.by.as_deref(),
            width: processed.and_then(|p| p.width),
            height: processed.and_then(|p| p.height),
            webp: processed.map(|p| sizes(&p.webp)).unwrap_or_default(),
            fallback: processed.map(|p| sizes(&p.fallback)).unwrap_or_default(),
            fallback_type: processed.map_or("", |p| p.fallback_type.as_str()),
            track: processed.and_then(|p| p.track.as_deref()),
            video_id: m.video_id.as_deref(),
            host,
        }
    }

    /// The filter choices for a page showing the timeline events `events` (indexes).
    pub fn filters(&self, events: &[usize], lang: &Language) -> FiltersView {
        // Count each spelling first (no allocation per event), then merge the spellings that
        // share a slug, in the order they were first seen: the first one names the option.
        let mut by_name: BTreeMap<&str, Counts> = BTreeMap::new();
        let mut source_names = Counts::default();
        for &i in events {
            let ev = &self.timeline.events[i].event;
            for (taxonomy, names) in &ev.terms {
                let counts = by_name.entry(taxonomy.as_str()).or_default();
                for name in names {
                    counts.add(name);
                }
            }
            for source in &ev.sources {
                source_names.add(&source.name);
            }
        }
        let mut terms: BTreeMap<&str, BTreeMap<String, (String, usize)>> = by_name
            .into_iter()
            .map(|(taxonomy, counts)| (taxonomy, counts.by_slug(self.timeline)))
            .collect();
        let sources = source_names.by_slug(self.timeline);
        let options = |map: BTreeMap<String, (String, usize)>| {
            let mut list: Vec<FilterOption> = map
                .into_iter()
                .map(|(value, (name, count))| FilterOption { value, name, count })
                .collect();
            list.sort_by_key(|o| o.name.to_lowercase());
            list
        };
        FiltersView {
            taxonomies: self
                .config
                .taxonomies
                .iter()
                .filter_map(|t| {
                    let map = terms.remove(t.as_str())?;
                    Some(FilterGroup {
                        taxonomy: t.clone(),
                        label: lang.taxonomy(t),
                        options: options(map),
                    })
                })
                .collect(),
            sources: options(sources),
        }
    }
}

/// How often each spelling of a name occurs, in the order first seen.
#[derive(Default)]
struct Counts<'a> {
    index: ahash::AHashMap<&'a str, usize>,
    seen: Vec<(&'a str, usize)>,
}

impl<'a> Counts<'a> {
    fn add(&mut self, name: &'a str) {
        match self.index.get(name) {
            Some(&i) => self.seen[i].1 += 1,
            None => {
                self.index.insert(name, self.seen.len());
                self.seen.push((name, 1));
            }
        }
    }

    /// Slug → (the first spelling seen, how many in all).
    fn by_slug(self, timeline: &Timeline) -> BTreeMap<String, (String, usize)> {
        let mut out: BTreeMap<String, (String, usize)> = BTreeMap::new();
        for (name, count) in self.seen {
            let slug = timeline.slug(name).into_owned();
            out.entry(slug).or_insert((name.to_string(), 0)).1 += count;
        }
        out
    }
}

/// For each event of a page (in its order), the time since the one before it when that time
/// is far longer than usual: more than ten times the median step between neighbours, and at
/// least a day. A timeline's axis is not even; these gaps say so ("24 years later"). The time is
/// counted on the calendar ([`date::Elapsed`]), so 1900 to 2000 is 100 years, not 36,524 days.
pub fn gaps(starts: &[i64]) -> Vec<Option<date::Elapsed>> {
    const DAY: i64 = 86_400;
    let steps: Vec<i64> = starts.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let mut out = vec![None; starts.len()];
    if steps.len() < 3 {
        return out;
    }
    let mut sorted = steps.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2].max(DAY);
    for (i, &step) in steps.iter().enumerate() {
        if step > median.saturating_mul(10) {
            out[i + 1] = Some(date::Elapsed::between(starts[i], starts[i + 1]));
        }
    }
    out
}

/// Events grouped for a timeline page: consecutive runs of one year, inside them of one month.
/// `E` is what a template sees for each event: its `{id, card}` value (with `gap` after a pause).
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
    locale: &DateLocale,
    events: impl IntoIterator<Item = (&'d EventDate, E)>,
) -> Vec<YearGroup<E>> {
    let mut years: Vec<YearGroup<E>> = Vec::new();
    let mut current: Option<(i64, Option<u32>)> = None;
    for (start, view) in events {
        let year = start.long_year();
        let month = (start.precision() > date::Precision::Year).then(|| start.month());
        let same_year = current.is_some_and(|(y, _)| y == year);
        if !same_year {
            years.push(YearGroup {
                label: date::format_year_in(locale, year),
                anchor: format!("y{year}"),
                months: Vec::new(),
            });
        }
        let Some(group) = years.last_mut() else {
            continue;
        };
        if !same_year || current.is_some_and(|(_, m)| m != month) {
            group.months.push(MonthGroup {
                label: month.map(|m| locale.month_name(m).to_string()),
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

/// "yesterday night, in the report of 19 June 2024" (the language's `written_date`), or the
/// words alone when the event has no dateline; None for a date written as a date.
fn written_note(lang: &Language, ev: &crate::model::Event) -> Option<String> {
    let words = match (&ev.date_written, &ev.end_written) {
        (Some(d), Some(e)) => format!("{d} – {e}"),
        (Some(d), None) => d.clone(),
        (None, Some(e)) => e.clone(),
        (None, None) => return None,
    };
    let Some(dateline) = &ev.dateline else {
        return Some(words);
    };
    let day = date::format_display_in(&lang.date, dateline, None);
    let pattern = lang
        .strings
        .get("written_date")
        .map_or("{written}, in the report of {dateline}", String::as_str);
    Some(
        pattern
            .replace("{written}", &words)
            .replace("{dateline}", &day),
    )
}

#[cfg(test)]
mod tests {
    use super::gaps;
    use crate::date::{Elapsed, EventDate, Zone};

    fn start(text: &str) -> i64 {
        EventDate::parse(text, &Zone::Utc).unwrap().start_utc()
    }

    #[test]
    fn a_long_pause_among_short_steps_is_a_gap() {
        let day = 86_400;
        let starts = [
            0,
            24 * 365 * day,
            24 * 365 * day + day,
            24 * 365 * day + 2 * day,
        ];
        assert_eq!(
            gaps(&starts),
            [None, Some(Elapsed::between(0, 24 * 365 * day)), None, None]
        );
    }

    #[test]
    fn even_steps_and_short_timelines_have_no_gaps() {
        let day = 86_400;
        assert_eq!(gaps(&[0, day, 2 * day, 3 * day]), [None; 4]);
        assert_eq!(gaps(&[0, 1000 * day]), [None; 2]);
    }

    /// Bug: the gap marker was one short at exact multiples (1900 → 2000 read "99 years").
    #[test]
    fn a_gap_of_whole_years_counts_every_year() {
        let years = |a: &str, b: &str| {
            let starts = [start(a), start(a) + 1, start(a) + 2, start(b), start(b) + 1];
            gaps(&starts)[3].map(|gap| gap.years)
        };
        assert_eq!(years("1900", "2000"), Some(100));
        assert_eq!(years("2010-01-05", "2020-01-05"), Some(10));
        assert_eq!(years("2010-01-05", "2020-01-04"), Some(9));
        assert_eq!(years("600 BCE", "89 BCE"), Some(511));
        assert_eq!(years("-0599", "-0088"), Some(511));
        // Newest first: the same gap, counted back.
        let back = [
            start("2000"),
            start("2000") - 1,
            start("2000") - 2,
            start("1900"),
        ];
        assert_eq!(gaps(&back)[3].map(|gap| gap.years), Some(100));
    }
}
