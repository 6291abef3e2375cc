//! The plan of the site's HTML pages: one value, made once from the settings and the timeline,
//! that says which pages exist (their output path and kind), which events each shows (in the
//! page's order) and what else its layout depends on. Rendering renders the plan's pages, the
//! sitemap lists them, `check` looks for clashes in it, and the preview compares the old plan
//! with the new one to find the pages an edit touched ([`Plan::changed`]).
//!
//! Adding a page kind is adding a [`Kind`] variant and its entries in [`Plan::new`] (with the
//! template and context it renders with in `pages::page_context`): everyone else reads the plan.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use crate::config::{Order, SiteConfig};
use crate::model::Timeline;

/// Where the plan puts the page every host serves for a missing path.
pub const NOT_FOUND_PATH: &str = "404.html";

/// The folder of the timelines' embed twins: `embed/`, `embed/tags/diplomacy/page/2/`.
pub const EMBED_DIR: &str = "embed";

/// Which timeline a timeline page is a page of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// The site's own timeline (the home page).
    Site,
    /// One term's timeline: `tags/diplomacy/`.
    Term { taxonomy: String, slug: String },
}

impl Listing {
    /// The folder of the listing's first page: `""` or `tags/diplomacy`.
    pub fn dir(&self) -> String {
        match self {
            Listing::Site => String::new(),
            Listing::Term { taxonomy, slug } => format!("{taxonomy}/{slug}"),
        }
    }

    /// The folder of page `number` of the listing: `tags/diplomacy/page/2`.
    pub fn page_dir(&self, number: usize) -> String {
        timeline_page_dir(&self.dir(), number)
    }
}

/// The folder of the embed twin of the timeline page in folder `dir`: `embed/tags/diplomacy`.
pub fn embed_dir(dir: &str) -> String {
    if dir.is_empty() {
        EMBED_DIR.to_string()
    } else {
        format!("{EMBED_DIR}/{dir}")
    }
}

/// What a page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Page `number` (from 1) of a timeline.
    Timeline { of: Listing, number: usize },
    /// An article's (or a plain page's) own page; the index into `Timeline::articles`.
    Article(usize),
    /// The embed twin of page `number` of a timeline: the same events for an `<iframe>`, under
    /// `embed/`. Framed by other sites' pages, so it has no URL of its own in the sitemap (its
    /// canonical URL is the timeline page's).
    Embed { of: Listing, number: usize },
    /// A taxonomy's index of terms.
    Taxonomy(String),
    /// `search/index.html`: the header's search form goes there; it lists every term and year
    /// for a reader without a script, and shows `?q=`'s results with one (`render::search`).
    Search,
    /// `404.html`: served at any missing path, so it has no URL of its own.
    NotFound,
}

impl Kind {
    /// Whether the page has a URL of its own (canonical link, sitemap entry): not `404.html`
    /// (served at any missing path), not an embed twin (framed in other sites' pages; its
    /// canonical link is its timeline page's).
    pub fn has_url(&self) -> bool {
        !matches!(self, Kind::NotFound | Kind::Embed { .. })
    }

    /// The folder of the timeline page a timeline page or an embed twin shows the events of
    /// (`tags/diplomacy/page/2`): the full page's, for both twins.
    pub fn timeline_dir(&self) -> Option<String> {
        match self {
            Kind::Timeline { of, number } | Kind::Embed { of, number } => {
                Some(of.page_dir(*number))
            }
            _ => None,
        }
    }

    /// What the page is, in a message: "the page of content/a.md", "the timeline of `tags/x`".
    pub fn describe(&self, timeline: &Timeline) -> String {
        let listing = |of: &Listing| match of {
            Listing::Site => "the timeline".to_string(),
            Listing::Term { taxonomy, slug } => format!("the timeline of `{taxonomy}/{slug}`"),
        };
        match self {
            Kind::Article(i) => format!(
                "the page of {}",
                timeline.articles[*i].display_path.display()
            ),
            Kind::Taxonomy(t) => format!("the index of the taxonomy `{t}`"),
            Kind::Search => "the search page".to_string(),
            Kind::Timeline { of, .. } => listing(of),
            Kind::Embed { of, .. } => format!("the embed of {}", listing(of)),
            Kind::NotFound => "the page for missing paths".to_string(),
        }
    }
}

/// What a page's layout shows besides its own events (and, for an article's page, its file):
/// when this differs between two plans, the page is rendered again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// Nothing more.
    Own,
    /// Every page of a timeline shows the whole timeline's shape: its title, its event count,
    /// and the years of each page (year links, page labels). Shared by the listing's pages.
    Timeline(Arc<Shape>),
    /// A taxonomy's index: each term's name and event count.
    Terms(Arc<Vec<(String, usize)>>),
    /// The search page: the site's timeline's shape (its years) and every taxonomy's terms.
    Search(Arc<Shape>, Arc<Vec<(String, usize)>>),
}

/// The shape of one timeline, see [`Layout::Timeline`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The term's name (empty for the site's timeline).
    pub title: String,
    pub events: usize,
    /// The years each page starts events in, in page order, each year once per page.
    pub years: Vec<Vec<i64>>,
}

/// One page of the plan.
#[derive(Debug, Clone)]
pub struct Page {
    /// Output path, `/`-separated: `tags/diplomacy/page/2/index.html`.
    pub path: String,
    pub kind: Kind,
    /// The events the page shows, as indexes into `Timeline::events`, in the page's order.
    pub events: Vec<usize>,
    pub layout: Layout,
}

impl Page {
    /// The folder the page is the index of (`tags/diplomacy`, `""` for the home page); `None`
    /// for a page with no URL of its own.
    pub fn url_dir(&self) -> Option<&str> {
        if !self.kind.has_url() {
            return None;
        }
        let dir = self.path.strip_suffix("index.html").unwrap_or(&self.path);
        Some(dir.trim_end_matches('/'))
    }

    /// The embed twin of a timeline page (`None` for any other page).
    fn embed_twin(&self) -> Option<Page> {
        let Kind::Timeline { of, number } = &self.kind else {
            return None;
        };
        Some(Page {
            path: format!("{EMBED_DIR}/{}", self.path),
            kind: Kind::Embed {
                of: of.clone(),
                number: *number,
            },
            events: self.events.clone(),
            layout: self.layout.clone(),
        })
    }
}

/// Two pages that claim one output path (compared without case, as many file systems do): the
/// first is kept, the second is not rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub path: String,
    pub kept: Kind,
    pub dropped: Kind,
}

/// Every HTML page of the site, in a fixed order: the timeline's pages, the articles', each
/// taxonomy's index and its terms' pages, the search page, the embed twins of the timeline pages (in their
/// order), then `404.html`.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub pages: Vec<Page>,
    /// Pages that claimed a path another page had (none on a well-formed site).
    pub clashes: Vec<Clash>,
}

impl Plan {
    pub fn new(config: &SiteConfig, timeline: &Timeline) -> Plan {
        let mut pages = Vec::new();
        let all: Vec<usize> = (0..timeline.events.len()).collect();
        listing_pages(&mut pages, config, timeline, Listing::Site, "", &all);
        pages.extend(timeline.articles.iter().enumerate().map(|(i, a)| Page {
            path: format!("{}/index.html", a.slug),
            kind: Kind::Article(i),
            events: timeline.article_events[i].clone(),
            layout: Layout::Own,
        }));
        for (taxonomy, terms) in &timeline.taxonomies {
            let names = terms
                .values()
                .map(|t| (t.name.clone(), t.events.len()))
                .collect();
            pages.push(Page {
                path: format!("{taxonomy}/index.html"),
                kind: Kind::Taxonomy(taxonomy.clone()),
                events: Vec::new(),
                layout: Layout::Terms(Arc::new(names)),
            });
            for t in terms.values() {
                let of = Listing::Term {
                    taxonomy: taxonomy.clone(),
                    slug: t.slug.clone(),
                };
                listing_pages(&mut pages, config, timeline, of, &t.name, &t.events);
            }
        }
        pages.push(search_page(&pages, timeline));
        // Every timeline page has an embed twin: the same events, the same layout.
        let embeds: Vec<Page> = pages.iter().filter_map(Page::embed_twin).collect();
        pages.extend(embeds);
        pages.push(Page {
            path: NOT_FOUND_PATH.into(),
            kind: Kind::NotFound,
            events: Vec::new(),
            layout: Layout::Own,
        });
        let clashes = drop_clashes(&mut pages);
        Plan { pages, clashes }
    }

    /// The output path of every page.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.pages.iter().map(|p| p.path.as_str())
    }

    /// The paths of `new`'s pages to render again after an update from `old`: pages that are
    /// new, whose kind or layout changed, whose events are other ones or in another order, that
    /// show one of the `touched` events, or that are the page of a `changed` article file.
    pub fn changed(old: Planned, new: Planned, touched: &Touched) -> HashSet<String> {
        let before: ahash::AHashMap<&str, &Page> = old
            .plan
            .pages
            .iter()
            .map(|p| (p.path.as_str(), p))
            .collect();
        let mut out: HashSet<String> = new
            .plan
            .pages
            .iter()
            .filter(|page| match before.get(page.path.as_str()) {
                None => true,
                Some(was) => !same_page(&old, was, &new, page, touched),
            })
            .map(|page| page.path.clone())
            .collect();
        // Every page of a listing (and its embed twin) shows the listing's time axis: when the
        // axis changes, they all do; when it does not, an edit renders only the pages above.
        let (was, is) = (axis_keys(&old), axis_keys(&new));
        for page in &new.plan.pages {
            if let Some(of) = listing_of(page) {
                let dir = of.dir();
                if was.get(&dir) != is.get(&dir) {
                    out.insert(page.path.clone());
                }
            }
        }
        out
    }
}

/// `search/index.html`, its layout from the site's first timeline page (first in `pages`) and
/// the taxonomies' terms.
fn search_page(pages: &[Page], timeline: &Timeline) -> Page {
    let shape = match pages.first().map(|p| &p.layout) {
        Some(Layout::Timeline(shape)) => shape.clone(),
        _ => Arc::new(Shape {
            title: String::new(),
            events: 0,
            years: Vec::new(),
        }),
    };
    let terms = timeline
        .taxonomies
        .iter()
        .flat_map(|(taxonomy, terms)| {
            terms
                .values()
                .map(move |t| (format!("{taxonomy}/{}", t.name), t.events.len()))
        })
        .collect();
    Page {
        path: format!("{}/index.html", super::search::DIR),
        kind: Kind::Search,
        events: Vec::new(),
        layout: Layout::Search(shape, Arc::new(terms)),
    }
}

/// The listing a timeline page or an embed twin is a page of.
fn listing_of(page: &Page) -> Option<&Listing> {
    match &page.kind {
        Kind::Timeline { of, .. } | Kind::Embed { of, .. } => Some(of),
        _ => None,
    }
}

/// A digest of what each listing's time axis is drawn from (`render::axis`), by the listing's
/// folder: the whole timeline's events (the frame: every axis spans the whole timeline), then
/// the listing's own, page by page, with their ids, dates, terms (the lanes) and, where the
/// marks are drawn one by one, titles. Only the preview's updates compute it; a settings or
/// theme change renders everything anyway.
fn axis_keys(planned: &Planned) -> ahash::AHashMap<String, u64> {
    use std::fmt::Write as _;
    use std::hash::{BuildHasher, Hash, Hasher};
    let seeds = ahash::RandomState::with_seeds(1, 2, 3, 4);
    let events = &planned.timeline.events;
    let mut text = String::new();
    let mut date = |h: &mut ahash::AHasher, d: &crate::date::EventDate| {
        text.clear();
        let _ = write!(text, "{d:?}");
        text.hash(h);
    };
    let mut frame = seeds.build_hasher();
    for e in events {
        e.event.id.hash(&mut frame);
        date(&mut frame, &e.event.start);
        if let Some(d) = &e.event.end {
            date(&mut frame, d);
        }
    }
    let frame = frame.finish();
    let mut listings: ahash::AHashMap<String, ahash::AHasher> = ahash::AHashMap::new();
    for page in &planned.plan.pages {
        let (Some(of), Kind::Timeline { number, .. }) = (listing_of(page), &page.kind) else {
            continue;
        };
        let h = listings.entry(of.dir()).or_insert_with(|| {
            let mut h = seeds.build_hasher();
            frame.hash(&mut h);
            h
        });
        let huge = match &page.layout {
            Layout::Timeline(shape) => shape.events > crate::render::axis::HUGE,
            _ => false,
        };
        number.hash(h);
        for &i in &page.events {
            let ev = &events[i].event;
            ev.id.hash(h);
            date(h, &ev.start);
            if let Some(d) = &ev.end {
                date(h, d);
            }
            ev.terms.hash(h);
            if !huge {
                ev.title.hash(h);
            }
        }
    }
    listings
        .into_iter()
        .map(|(dir, h)| (dir, h.finish()))
        .collect()
}

/// A plan with the timeline its indexes point into.
#[derive(Clone, Copy)]
pub struct Planned<'a> {
    pub plan: &'a Plan,
    pub timeline: &'a Timeline,
}

/// What an update touched: the ids of events declared by the files read again (in the old or
/// the new timeline) and those files (paths under `content/`).
pub struct Touched<'a> {
    pub events: &'a HashSet<String>,
    pub files: &'a BTreeSet<String>,
}

/// The ids of the events declared by the changed files, in the old or the new timeline.
pub fn touched_events(
    old: &Timeline,
    new: &Timeline,
    changed: &BTreeSet<String>,
) -> HashSet<String> {
    let mut events: HashSet<String> = HashSet::new();
    for t in [old, new] {
        for (ai, a) in t.articles.iter().enumerate() {
            if changed.contains(&a.rel_path) {
                events.extend(
                    t.article_events[ai]
                        .iter()
                        .map(|&ei| t.events[ei].event.id.clone()),
                );
            }
        }
    }
    // An event placed from another (`hours before arrival`, `before:`) moves with its anchor,
    // wherever that is declared: such events are few, so every one counts as touched.
    for t in [old, new] {
        let placed = t.events.iter().filter(|e| e.event.depends_on_others());
        events.extend(placed.map(|e| e.event.id.clone()));
    }
    events
}

fn same_page(old: &Planned, was: &Page, new: &Planned, is: &Page, touched: &Touched) -> bool {
    let same_kind = match (&was.kind, &is.kind) {
        (Kind::Article(i), Kind::Article(j)) => {
            let (a, b) = (&old.timeline.articles[*i], &new.timeline.articles[*j]);
            a.rel_path == b.rel_path && !touched.files.contains(&b.rel_path)
        }
        (a, b) => a == b,
    };
    fn id<'t>(planned: &Planned<'t>, i: usize) -> &'t str {
        planned.timeline.events[i].event.id.as_str()
    }
    same_kind
        && was.layout == is.layout
        && was.events.len() == is.events.len()
        && was
            .events
            .iter()
            .zip(&is.events)
            .all(|(&a, &b)| id(old, a) == id(new, b) && !touched.events.contains(id(new, b)))
}

/// The pages of one timeline: `events` (in timeline order) in the site's order, `paginate` a
/// page.
fn listing_pages(
    pages: &mut Vec<Page>,
    config: &SiteConfig,
    timeline: &Timeline,
    of: Listing,
    title: &str,
    events: &[usize],
) {
    let in_order: Vec<usize> = match config.order {
        Order::Ascending => events.to_vec(),
        Order::Descending => events.iter().rev().copied().collect(),
    };
    let per_page = match config.paginate {
        0 => in_order.len().max(1),
        n => n,
    };
    let mut chunks: Vec<&[usize]> = in_order.chunks(per_page).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    let years = chunks
        .iter()
        .map(|chunk| {
            let mut years: Vec<i64> = chunk
                .iter()
                .map(|&i| timeline.events[i].event.start.long_year())
                .collect();
            years.dedup();
            years
        })
        .collect();
    let shape = Arc::new(Shape {
        title: title.to_string(),
        events: events.len(),
        years,
    });
    let dir = of.dir();
    for (n, chunk) in chunks.iter().enumerate() {
        pages.push(Page {
            path: timeline_page_path(&dir, n + 1),
            kind: Kind::Timeline {
                of: of.clone(),
                number: n + 1,
            },
            events: chunk.to_vec(),
            layout: Layout::Timeline(Arc::clone(&shape)),
        });
    }
}

/// Keeps the first page of each path (without case) and returns the others.
fn drop_clashes(pages: &mut Vec<Page>) -> Vec<Clash> {
    let mut first: ahash::AHashMap<std::borrow::Cow<str>, usize> =
        ahash::AHashMap::with_capacity(pages.len());
    let mut dropped = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let key = if page.path.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(page.path.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(page.path.as_str())
        };
        if let Some(&kept) = first.get(&key) {
            dropped.push((i, kept));
        } else {
            first.insert(key, i);
        }
    }
    let clashes = dropped
        .iter()
        .map(|&(i, kept)| Clash {
            path: pages[i].path.clone(),
            kept: pages[kept].kind.clone(),
            dropped: pages[i].kind.clone(),
        })
        .collect();
    for &(i, _) in dropped.iter().rev() {
        pages.remove(i);
    }
    clashes
}

/// The folder of page `n` of a timeline whose first page is in `dir`.
pub fn timeline_page_dir(dir: &str, n: usize) -> String {
    match (dir.is_empty(), n) {
        (_, 1) => dir.to_string(),
        (true, n) => format!("page/{n}"),
        (false, n) => format!("{dir}/page/{n}"),
    }
}

/// The output path of page `n` of a timeline whose first page is in `dir`.
pub fn timeline_page_path(dir: &str, n: usize) -> String {
    let folder = timeline_page_dir(dir, n);
    if folder.is_empty() {
        "index.html".into()
    } else {
        format!("{folder}/index.html")
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::model::article::{from_source, ArticleOptions};

    /// `files` sorted by path, as `Timeline::new` takes them.
    fn timeline(config: &SiteConfig, files: &[(&str, &str)]) -> Timeline {
        let articles = files
            .iter()
            .map(|(path, front)| {
                let text = format!("---\ntitle: {path}\n{front}---\n");
                let opts = ArticleOptions { config };
                let a = from_source(path, (*path).into(), &text, &opts).article;
                Arc::new(a.unwrap_or_else(|e| panic!("{path}: {e:?}")))
            })
            .collect();
        Timeline::new(articles, &config.taxonomies).unwrap()
    }

    fn config(paginate: usize, order: Order) -> SiteConfig {
        SiteConfig {
            paginate,
            order,
            ..SiteConfig::default()
        }
    }

    const SITE: &[(&str, &str)] = &[
        ("a.md", "date: 2001-01-01\ntags: [x]\n"),
        ("about.md", ""),
        ("b.md", "date: 2002-01-01\ntags: [x, y]\n"),
        ("c.md", "date: 2003-01-01\n"),
    ];

    #[test]
    fn every_page_once_with_its_events_in_the_page_order() {
        let config = config(2, Order::Descending);
        let t = timeline(&config, SITE);
        let plan = Plan::new(&config, &t);
        let paths: Vec<&str> = plan.paths().collect();
        assert_eq!(
            paths,
            [
                "index.html",
                "page/2/index.html",
                "a/index.html",
                "about/index.html",
                "b/index.html",
                "c/index.html",
                "people/index.html",
                "places/index.html",
                "tags/index.html",
                "tags/x/index.html",
                "tags/y/index.html",
                // The search form's page.
                "search/index.html",
                // Every timeline page's embed twin, in the same order.
                "embed/index.html",
                "embed/page/2/index.html",
                "embed/tags/x/index.html",
                "embed/tags/y/index.html",
                "404.html",
            ]
        );
        let titles = |page: &Page| -> Vec<&str> {
            page.events
                .iter()
                .map(|&i| t.events[i].event.title.as_str())
                .collect()
        };
        assert_eq!(titles(&plan.pages[0]), ["c.md", "b.md"]);
        assert_eq!(titles(&plan.pages[1]), ["a.md"]);
        assert_eq!(plan.pages[1].url_dir(), Some("page/2"));
        assert_eq!(plan.pages[11].url_dir(), Some("search"));
        assert_eq!(plan.pages[16].url_dir(), None, "404.html has no URL");
        // A twin shows its timeline page's events, has no URL of its own (no sitemap entry)
        // and knows the folder of the page it is the twin of.
        let twin = &plan.pages[13];
        assert_eq!(twin.events, plan.pages[1].events);
        assert_eq!(
            (twin.url_dir(), twin.kind.timeline_dir()),
            (None, Some("page/2".into()))
        );
        assert_eq!(
            plan.pages[14].kind.timeline_dir(),
            plan.pages[9].kind.timeline_dir()
        );
        assert!(plan.clashes.is_empty());
    }

    fn changed(old: &[(&str, &str)], new: &[(&str, &str)], files: &[&str]) -> BTreeSet<String> {
        let config = config(1, Order::Ascending);
        let (t0, t1) = (timeline(&config, old), timeline(&config, new));
        let (p0, p1) = (Plan::new(&config, &t0), Plan::new(&config, &t1));
        let files: BTreeSet<String> = files.iter().map(|f| f.to_string()).collect();
        let events = touched_events(&t0, &t1, &files);
        let touched = Touched {
            events: &events,
            files: &files,
        };
        let old = Planned {
            plan: &p0,
            timeline: &t0,
        };
        let new = Planned {
            plan: &p1,
            timeline: &t1,
        };
        Plan::changed(old, new, &touched).into_iter().collect()
    }

    #[test]
    fn an_edit_renders_the_pages_that_show_it() {
        let mut edited = SITE.to_vec();
        // c's summary changes: its page and the timeline page that shows it and its embed
        // twin, and nothing else (the time axis, on every page, does not show summaries).
        edited[3] = ("c.md", "date: 2003-01-01\nsummary: New.\n");
        assert_eq!(
            changed(SITE, &edited, &["c.md"]),
            [
                "c/index.html",
                "embed/page/3/index.html",
                "page/3/index.html"
            ]
            .map(String::from)
            .into()
        );
        // Nothing read, nothing changed.
        assert!(changed(SITE, SITE, &[]).is_empty());
        // A new year on a page changes the year links of every page of that timeline.
        edited[3] = ("c.md", "date: 2004-01-01\n");
        let pages = changed(SITE, &edited, &["c.md"]);
        for page in [
            "index.html",
            "page/2/index.html",
            "page/3/index.html",
            "embed/index.html",
            "embed/page/2/index.html",
            "c/index.html",
            // Every axis spans the whole timeline, which now ends later: a term's too.
            "tags/x/index.html",
        ] {
            assert!(pages.contains(page), "{page}: {pages:?}");
        }
        assert!(!pages.contains("b/index.html"), "{pages:?}");
        // A term renamed: the taxonomy's index and both terms' pages.
        edited[3] = SITE[3];
        edited[0] = ("a.md", "date: 2001-01-01\ntags: [z]\n");
        let pages = changed(SITE, &edited, &["a.md"]);
        for page in [
            "tags/index.html",
            "tags/x/index.html",
            "tags/z/index.html",
            "embed/tags/z/index.html",
        ] {
            assert!(pages.contains(page), "{page}: {pages:?}");
        }
        assert!(!pages.contains("tags/y/index.html"), "{pages:?}");
    }

    #[test]
    fn pages_that_claim_one_path_without_case_keep_the_first() {
        let config = config(0, Order::Ascending);
        let t = timeline(&config, &[("a.md", "date: 2001-01-01\nslug: Tags\n")]);
        let plan = Plan::new(&config, &t);
        assert_eq!(
            plan.clashes,
            [Clash {
                path: "tags/index.html".into(),
                kept: Kind::Article(0),
                dropped: Kind::Taxonomy("tags".into()),
            }]
        );
        assert_eq!(
            plan.paths()
                .filter(|p| p.eq_ignore_ascii_case("tags/index.html"))
                .count(),
            1
        );
    }
}
