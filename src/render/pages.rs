//! The HTML pages of a build: every page of the [`Plan`], each rendered from a typed context
//! (one struct per kind of page) through its template.
//!
//! Each event's card (`partials/event.html`) is rendered once per build from the event's whole
//! view, with marks where the page's `root` and the title's heading level go; every page that
//! shows the event (the timeline, its articles' pages, its terms' pages) gets the card, shared
//! (tera values are reference-counted), and fills the marks in as it is handed out. Only the
//! cards are kept, not the views they were made from. Pages render in parallel. The marks are a
//! speed trick: a timeline page of 10,000 events costs a loop over strings, not a template per
//! event (`bench/run.sh`, the 10,000-article build).

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::Order;
use crate::date::Precision;
use crate::i18n::Language;
use crate::model::{Article, TimelineEvent};

use super::meta::PageMeta;
use super::plan::{self, Kind, Layout, Listing, Plan, Shape};
use super::root_prefix;
use super::theme::{TemplateError, Theme};
use super::views::{
    gaps, group_by_year, DateView, SourceView, TaxonomyLink, TermGroup, Views, YearGroup,
};
use super::Sink;

/// An article as its page sees it, with its events as on the timeline (in timeline order).
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
    events: Vec<&'a Value>,
    /// The article's own media, then each of its events' (each file once): the page's strip.
    media: Vec<super::views::MediaView<'a>>,
}

#[derive(Serialize)]
struct TermLink {
    name: String,
    url: String,
    count: usize,
    /// "3 events" in the site's language.
    count_text: String,
}

/// What every page's template sees: `site`, `t` (the theme's strings), `root` (`../../`),
/// `page_title`, `kind`, `meta` and `page_path`.
#[derive(Serialize)]
struct Common<'a> {
    site: &'a Value,
    t: &'a Value,
    root: String,
    page_title: &'a str,
    kind: &'static str,
    meta: PageMeta,
    page_path: &'a str,
}

/// A page of the site's timeline (`index.html`).
#[derive(Serialize)]
struct IndexContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    #[serde(flatten)]
    timeline: TimelineContext,
    embed: EmbedCode,
}

/// A page of a term's timeline (`term.html`).
#[derive(Serialize)]
struct TermContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    #[serde(flatten)]
    timeline: TimelineContext,
    taxonomy: TaxonomyLink,
    term: &'a str,
    embed: EmbedCode,
}

/// The embed twin of a timeline page (`embed.html`): `title` (the site's or the term's),
/// `full_url` (the timeline page it is the twin of, from this page), `taxonomy` (for a term's).
#[derive(Serialize)]
struct EmbedContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    #[serde(flatten)]
    timeline: TimelineContext,
    title: &'a str,
    full_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    taxonomy: Option<TaxonomyLink>,
}

/// What a timeline page offers to embed it (`partials/embed-code.html`): `preview` (the embed
/// twin, from this page), and with a `base_url`: `iframe` (the `<iframe>` code) and `pym` (the
/// Pym.js code that sizes the frame to its content).
#[derive(Serialize)]
struct EmbedCode {
    preview: String,
    iframe: Option<String>,
    pym: Option<String>,
}

impl EmbedCode {
    fn of(views: &Views, page: &plan::Page, title: &str, root: &str) -> EmbedCode {
        let dir = page.kind.timeline_dir().unwrap_or_default();
        let embed = super::oembed::Embed::new(views, &dir, title);
        EmbedCode {
            preview: format!("{root}{}", views.links.dir(&plan::embed_dir(&dir))),
            iframe: embed.as_ref().map(super::oembed::Embed::iframe),
            pym: embed.as_ref().map(super::oembed::Embed::pym),
        }
    }
}

/// An article's page (`article.html`).
#[derive(Serialize)]
struct ArticleContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    key: Key,
    article: ArticleView<'a>,
}

/// A taxonomy's index (`taxonomy.html`).
#[derive(Serialize)]
struct TaxonomyContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    taxonomy: &'a str,
    taxonomy_label: String,
    terms_count_text: String,
    terms: Vec<TermLink>,
}

/// The search page (`search.html`): every taxonomy's terms and the timeline's years, for a
/// reader without a script; `search.js` shows the results of `?q=` above them.
#[derive(Serialize)]
struct SearchContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    taxonomies: Vec<SearchGroup>,
    years: Vec<YearLink>,
}

/// A taxonomy and its terms on the search page.
#[derive(Serialize)]
struct SearchGroup {
    taxonomy: TaxonomyLink,
    terms: Vec<TermLink>,
}

/// What every page shares: converted once.
struct Shared {
    lang: Language,
    site: Value,
    /// The theme's strings in the site's language (`t` in templates).
    strings: Value,
    /// What every card sees but its event ([`card_context`]).
    card: Context,
    /// One per timeline event, same index.
    events: Vec<Value>,
    /// The time axis of each listing with pages to render, by the listing's folder: in lanes,
    /// and in one low strip for the embeds.
    axes: BTreeMap<String, [super::axis::Axis; 2]>,
}

/// Why rendering stopped: a template failed, or the place pages are put refused one.
#[derive(Debug)]
pub enum Failure<E> {
    Template(TemplateError),
    Put(E),
}

/// Renders the plan's pages whose output path is in `selection` (every page when `None`), in
/// parallel, each straight into the sink as it is rendered (so a build need not hold any
/// page in memory). Cards come from `cards` and are kept there for the next render when given
/// (the preview); without one they are made for this render only. Errors name the template
/// and line.
pub fn render<S: Sink>(
    theme: &Theme,
    views: &Views,
    plan: &Plan,
    selection: Option<&HashSet<String>>,
    cards: Option<&mut CardCache>,
    sink: &S,
) -> Result<(), Failure<S::Error>> {
    let lang = theme
        .language(&views.config.language)
        .map_err(Failure::Template)?;
    let timer = crate::timing::StageTimer::start("event values + cards");
    let site = value(&views.site(&lang)).map_err(Failure::Template)?;
    let strings = value(&lang.strings).map_err(Failure::Template)?;
    let mut shared = Shared {
        card: card_context(&site, &strings),
        site,
        strings,
        events: Vec::new(),
        axes: Default::default(),
        lang,
    };
    shared.events = match cards {
        Some(cards) => cards.values(theme, views, &shared),
        None => CardCache::default().made(theme, views, &shared, false),
    }
    .map_err(Failure::Template)?;
    drop(timer);
    shared.axes = axes(views, &shared.lang, plan, selection);
    twins(plan, selection)
        .par_iter()
        .try_for_each(|&(page, twin)| {
            // The twins show the same events: what they show of them is made once.
            let events = matches!(page.kind, Kind::Timeline { .. } | Kind::Embed { .. })
                .then(|| PageEvents::of(views, &shared, page))
                .transpose()
                .map_err(Failure::Template)?;
            render_page(theme, views, &shared, page, events.as_ref(), sink)?;
            match twin {
                Some(twin) => render_page(theme, views, &shared, twin, events.as_ref(), sink),
                None => Ok(()),
            }
        })
}

/// The pages in `selection` (every page when `None`), each timeline page with its embed twin
/// when both are to be rendered (the twin is then not listed on its own).
fn twins<'p>(
    plan: &'p Plan,
    selection: Option<&HashSet<String>>,
) -> Vec<(&'p plan::Page, Option<&'p plan::Page>)> {
    let wanted = |page: &&plan::Page| selection.is_none_or(|s| s.contains(&page.path));
    let embeds: ahash::AHashMap<&str, &plan::Page> = plan
        .pages
        .iter()
        .filter(wanted)
        .filter(|p| matches!(p.kind, Kind::Embed { .. }))
        .filter_map(|p| {
            let full = p.path.strip_prefix(plan::EMBED_DIR)?.strip_prefix('/')?;
            Some((full, p))
        })
        .collect();
    let mut paired: HashSet<&str> = HashSet::new();
    let mut jobs: Vec<(&plan::Page, Option<&plan::Page>)> = plan
        .pages
        .iter()
        .filter(wanted)
        .map(|page| {
            let twin = match &page.kind {
                Kind::Timeline { of, number } => embeds.get(page.path.as_str()).copied().filter(
                    |t| {
                        t.events == page.events
                            && matches!(&t.kind, Kind::Embed { of: o, number: n } if o == of && n == number)
                    },
                ),
                _ => None,
            };
            if let Some(twin) = twin {
                paired.insert(&twin.path);
            }
            (page, twin)
        })
        .collect();
    jobs.retain(|(page, _)| !paired.contains(page.path.as_str()));
    jobs
}

/// The time axis of every listing that has a page (or an embed twin) in `selection`, made once
/// for all its pages.
fn axes(
    views: &Views,
    lang: &Language,
    plan: &Plan,
    selection: Option<&HashSet<String>>,
) -> BTreeMap<String, [super::axis::Axis; 2]> {
    let _timer = crate::timing::StageTimer::start("time axes");
    let mut listings: BTreeMap<String, (bool, Vec<&[usize]>)> = BTreeMap::new();
    for page in &plan.pages {
        let (Kind::Timeline { of, .. } | Kind::Embed { of, .. }) = &page.kind else {
            continue;
        };
        // A listing's embed twins show its axis too; its pages are the timeline's.
        let entry = listings.entry(of.dir()).or_default();
        entry.0 |= selection.is_none_or(|s| s.contains(&page.path));
        if matches!(page.kind, Kind::Timeline { .. }) {
            entry.1.push(&page.events);
        }
    }
    listings.retain(|_, (wanted, pages)| *wanted && pages.iter().any(|p| !p.is_empty()));
    if listings.is_empty() {
        return BTreeMap::new();
    }
    // Every listing is drawn on the whole timeline's frame, made once.
    let frame = super::axis::frame(views, lang);
    listings
        .into_par_iter()
        .map(|(dir, (_, pages))| {
            let links = super::axis::Links {
                dir: &dir,
                root: ROOT_MARK,
                target: TOP_MARK,
            };
            let both = super::axis::listings(views, lang, &frame, &links, &pages);
            (dir, both)
        })
        .collect()
}

/// Each event's template value (`id`, `card`), kept between the preview's rebuilds:
/// only the events an edit touched are converted and rendered again.
#[derive(Default)]
pub struct CardCache {
    by_id: ahash::AHashMap<String, Value>,
}

impl CardCache {
    /// Forgets everything (the theme, the settings or the navigation changed).
    pub fn clear(&mut self) {
        self.by_id.clear();
    }

    /// Forgets the given events.
    pub fn forget<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        for id in ids {
            self.by_id.remove(id);
        }
    }

    /// One value per timeline event (same index), from the cache or made now and kept.
    fn values(
        &mut self,
        theme: &Theme,
        views: &Views,
        shared: &Shared,
    ) -> Result<Vec<Value>, TemplateError> {
        self.made(theme, views, shared, true)
    }

    /// One value per timeline event, from the cache or made now (and kept when `keep`).
    fn made(
        &mut self,
        theme: &Theme,
        views: &Views,
        shared: &Shared,
        keep: bool,
    ) -> Result<Vec<Value>, TemplateError> {
        let by_id = &self.by_id;
        let made: Vec<(Value, bool)> = views
            .timeline
            .events
            .par_iter()
            .map(|e| match by_id.get(&e.event.id) {
                Some(v) => Ok((v.clone(), false)),
                None => event_value(theme, views, shared, e).map(|v| (v, true)),
            })
            .collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(made.len());
        for (e, (v, fresh)) in views.timeline.events.iter().zip(made) {
            if fresh && keep {
                self.by_id.insert(e.event.id.clone(), v.clone());
            }
            out.push(v);
        }
        Ok(out)
    }
}

/// What pages see of an event: its `id`, its `card` and its `compact` card (the embed's), both
/// cut from one rendering of the card template from the event's whole view (which is dropped
/// afterwards: only the cards are kept).
fn event_value(
    theme: &Theme,
    views: &Views,
    shared: &Shared,
    e: &TimelineEvent,
) -> Result<Value, TemplateError> {
    let event = value(&views.event(e, &shared.lang))?;
    // On a timeline page the title sits one level below the month's heading when there is one;
    // beside an article it is always level 3. Which one is decided when a page is assembled.
    let heading = if e.event.start.precision() > Precision::Year {
        HEADING_4_MARK
    } else {
        HEADING_3_MARK
    };
    let both = render_card(theme, shared, &event, heading)?;
    let mut map: BTreeMap<&'static str, Value> = BTreeMap::new();
    map.insert("id", Value::from(e.event.id.as_str()));
    let [card, compact] = cut_both(&both);
    map.insert("card", Value::safe_string(&card));
    map.insert("compact", Value::safe_string(&compact));
    Ok(Value::from(map))
}

/// Where a card's links need the page's `root` (`../../`); replaced when a page is assembled.
/// Private-use characters that escaping leaves alone and no page text needs.
const MARK: &str = "\u{E000}";
const ROOT_MARK: &str = "\u{E000}root\u{E000}";
/// A card title's heading level: 3 everywhere, or 4 on timeline pages (below a month heading).
const HEADING_3_MARK: &str = "\u{E000}h3\u{E000}";
const HEADING_4_MARK: &str = "\u{E000}h4\u{E000}";
/// Where a compact card links to the full timeline page that shows the event (the embed twin's
/// page, `../tags/x/index.html`); empty on other pages.
const FULL_MARK: &str = "\u{E000}full\u{E000}";
/// Where the time axis's links say which window they open in: ` target="_top"` on an embed
/// (an SVG link does not follow the page's `<base target>`), nothing elsewhere.
const TOP_MARK: &str = "\u{E000}target-top\u{E000}";
/// The parts of the card template that only the full card or only the compact one has: cut
/// apart once per event ([`cut`]), so one rendering makes both (`bench/run.sh`, the
/// 10,000-article build: a second template per event cost a tenth of the build).
const SKIP_MARK: &str = "\u{E000}embed-skip\u{E000}";
const ONLY_MARK: &str = "\u{E000}embed-only\u{E000}";
const END_MARK: &str = "\u{E000}embed-end\u{E000}";

/// The card of every page that shows an event; embeds show a compact cut of it.
const CARD: &str = "partials/event.html";

/// Which card [`cut`] makes.
#[cfg(test)]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    Full,
    Compact,
}

/// The full or the compact card from the card template's output, see [`cut_both`].
#[cfg(test)]
fn cut(card: &str, variant: Variant) -> String {
    let [full, compact] = cut_both(card);
    match variant {
        Variant::Full => full,
        Variant::Compact => compact,
    }
}

/// The full and the compact card from the card template's output, in one pass: the parts
/// between [`SKIP_MARK`] and [`END_MARK`] are only in the full card, those between
/// [`ONLY_MARK`] and [`END_MARK`] only in the compact one. A part left open runs to the end; a
/// stray end is dropped.
fn cut_both(card: &str) -> [String; 2] {
    let mut out = [
        String::with_capacity(card.len()),
        String::with_capacity(card.len()),
    ];
    // Whether the text at hand goes to the full card and to the compact one.
    let mut keeping = [true, true];
    let keep = |out: &mut [String; 2], keeping: [bool; 2], text: &str| {
        for (card, keep) in out.iter_mut().zip(keeping) {
            if keep {
                card.push_str(text);
            }
        }
    };
    let mut rest = card;
    while let Some(at) = find_mark(rest.as_bytes()) {
        let after = &rest[at..];
        let (mark, next) = if after.starts_with(SKIP_MARK) {
            (SKIP_MARK, [true, false])
        } else if after.starts_with(ONLY_MARK) {
            (ONLY_MARK, [false, true])
        } else if after.starts_with(END_MARK) {
            (END_MARK, [true, true])
        } else {
            // Another mark (the root, a heading) is filled in by each page; a lone private-use
            // character is text.
            let len = [
                ROOT_MARK,
                HEADING_3_MARK,
                HEADING_4_MARK,
                FULL_MARK,
                TOP_MARK,
            ]
            .iter()
            .find(|m| after.starts_with(*m))
            .map_or(MARK.len(), |m| m.len());
            keep(&mut out, keeping, &rest[..at + len]);
            rest = &rest[at + len..];
            continue;
        };
        keep(&mut out, keeping, &rest[..at]);
        keeping = next;
        rest = &after[mark.len()..];
    }
    keep(&mut out, keeping, rest);
    out
}

/// What an event's card (`partials/event.html`) sees but the event and its heading: `site`, `t`,
/// and `root` and `full`, marks filled in by each page ([`MarkFill`]); `embed` marks the parts
/// of the full and the compact card. Made once; each card adds `event` and `heading`.
fn card_context(site: &Value, strings: &Value) -> Context {
    let mut cx = Context::new();
    cx.insert_value("site", site.clone());
    cx.insert_value("t", strings.clone());
    // The marks have nothing to escape: safe strings spare the escaping of each.
    cx.insert_value("root", Value::safe_string(ROOT_MARK));
    cx.insert_value("full", Value::safe_string(FULL_MARK));
    let mut embed: BTreeMap<&'static str, Value> = BTreeMap::new();
    embed.insert("skip", Value::safe_string(SKIP_MARK));
    embed.insert("only", Value::safe_string(ONLY_MARK));
    embed.insert("end", Value::safe_string(END_MARK));
    cx.insert_value("embed", Value::from(embed));
    cx
}

fn render_card(
    theme: &Theme,
    shared: &Shared,
    event: &Value,
    heading: &'static str,
) -> Result<String, TemplateError> {
    let mut cx = shared.card.clone();
    cx.insert_value("event", event.clone());
    cx.insert_value("heading", Value::safe_string(heading));
    theme.render(CARD, &cx)
}

/// Whether the events shown include spans, approximate or uncertain dates (for the key).
#[derive(Serialize, Default, Clone, Copy)]
struct Key {
    span: bool,
    approximate: bool,
    uncertain: bool,
}

impl Key {
    fn of(views: &Views, events: &[usize]) -> Key {
        let mut key = Key::default();
        for &i in events {
            let e = &views.timeline.events[i].event;
            key.span |= e.end.is_some();
            key.approximate |=
                e.start.approximate() || e.end.as_ref().is_some_and(|d| d.approximate());
            key.uncertain |= e.start.uncertain() || e.end.as_ref().is_some_and(|d| d.uncertain());
        }
        key
    }
}

/// Renders one page straight into the sink's writer, its marks filled in on the way.
fn render_page<S: Sink>(
    theme: &Theme,
    views: &Views,
    shared: &Shared,
    page: &plan::Page,
    events: Option<&PageEvents>,
    sink: &S,
) -> Result<(), Failure<S::Error>> {
    let path = page.path.as_str();
    let root = page_root(views, page);
    let (template, cx) =
        page_context(views, shared, page, events, &root).map_err(Failure::Template)?;
    let writer = sink.open(path).map_err(Failure::Put)?;
    let embed = matches!(page.kind, Kind::Embed { .. });
    let full = match embed {
        true => full_page_url(views, page, &root),
        false => String::new(),
    };
    let fills = Fills {
        root: &root,
        full: &full,
        top: if embed { " target=\"_top\"" } else { "" },
        article_page: matches!(page.kind, Kind::Article(..)),
    };
    let mut out = MarkFill::new(writer, fills);
    let failed = |err| Failure::Put(sink.failed(path, err));
    if let Err(err) = theme.render_to(template, &cx, &mut out) {
        // A failed write surfaces in the template engine as a rendering error: report the
        // write.
        return Err(match out.error.take() {
            Some(io) => failed(io),
            None => Failure::Template(err),
        });
    }
    let writer = out.finish().map_err(failed)?;
    sink.close(path, writer).map_err(Failure::Put)
}

/// How the page reaches the site's root: `../` per folder level; absolute on `404.html` when the
/// site has a `base_url` (a host serves it at whatever path was missing, so relative links
/// cannot work there).
fn page_root(views: &Views, page: &plan::Page) -> String {
    match page.kind {
        Kind::NotFound if !views.config.base_url.is_empty() => {
            format!("{}/", views.config.base_url)
        }
        _ => root_prefix(&page.path),
    }
}

/// The link from an embed twin to the full timeline page that shows its events.
fn full_page_url(views: &Views, page: &plan::Page, root: &str) -> String {
    let dir = page.kind.timeline_dir().unwrap_or_default();
    format!("{root}{}", views.links.dir(&dir))
}

/// What a page fills the cards' marks with.
#[derive(Clone, Copy)]
struct Fills<'a> {
    /// The way up to the site root ([`ROOT_MARK`]).
    root: &'a str,
    /// The full timeline page an embed twin shows the events of ([`FULL_MARK`]).
    full: &'a str,
    /// The window the time axis's links open in ([`TOP_MARK`]).
    top: &'a str,
    /// Headings are all level 3 on an article's page.
    article_page: bool,
}

/// A writer that fills in the marks of the cards ([`ROOT_MARK`] by the page's `root`, the
/// heading marks by their level, always 3 on an article's page, [`FULL_MARK`] by the full page's
/// link, [`TOP_MARK`] by an embed's target) on the way to `out`. Text is gathered in chunks so the search for marks runs over many
/// bytes at once; a mark cut in two by the end of a chunk waits for the rest.
struct MarkFill<'a, W: std::io::Write> {
    out: W,
    fills: Fills<'a>,
    chunk: Vec<u8>,
    /// The first write error, kept so it is reported as such.
    error: Option<std::io::Error>,
}

impl<'a, W: std::io::Write> MarkFill<'a, W> {
    /// Twice a staging file's buffer, so a big page's chunks are written to it directly.
    const CHUNK: usize = 64 * 1024;

    fn new(out: W, fills: Fills<'a>) -> Self {
        MarkFill {
            out,
            fills,
            chunk: Vec::with_capacity(Self::CHUNK),
            error: None,
        }
    }

    /// Writes the chunk out with its marks filled in, but for a possible mark at its end when
    /// more text is to come.
    fn drain(&mut self, last: bool) -> std::io::Result<()> {
        if self
            .marks()
            .iter()
            .all(|(mark, fill)| fill.len() <= mark.len())
        {
            self.drain_in_place(last)
        } else {
            self.drain_in_parts(last)
        }
    }

    /// The fills of this page and the marks they replace.
    fn marks(&self) -> [(&'static str, &'a [u8]); 5] {
        let Fills {
            root,
            full,
            top,
            article_page,
        } = self.fills;
        [
            (ROOT_MARK, root.as_bytes()),
            (HEADING_3_MARK, b"3"),
            (HEADING_4_MARK, if article_page { b"3" } else { b"4" }),
            (FULL_MARK, full.as_bytes()),
            (TOP_MARK, top.as_bytes()),
        ]
    }

    /// Every fill is no longer than its mark: the chunk is rewritten where it is and written
    /// out in one piece (a big page's chunks go to the file without another copy).
    fn drain_in_place(&mut self, last: bool) -> std::io::Result<()> {
        let marks = self.marks();
        let buf = &mut self.chunk;
        let (mut read, mut write) = (0, 0);
        let keep_from = loop {
            match next_mark(&marks, &buf[read..], last) {
                Next::Text(n) => break read + n,
                Next::Cut(at) => break read + at,
                Next::Mark { at, len, fill } => {
                    let at = read + at;
                    if write != read {
                        buf.copy_within(read..at, write);
                    }
                    write += at - read;
                    buf[write..write + fill.len()].copy_from_slice(fill);
                    write += fill.len();
                    read = at + len;
                }
            }
        };
        if write != read {
            buf.copy_within(read..keep_from, write);
        }
        write += keep_from - read;
        self.out.write_all(&buf[..write])?;
        buf.drain(..keep_from);
        Ok(())
    }

    /// A fill longer than its mark (a deep page's root, or an absolute one): the text between
    /// the marks and the fills are written one after the other.
    fn drain_in_parts(&mut self, last: bool) -> std::io::Result<()> {
        let chunk = std::mem::take(&mut self.chunk);
        let marks = self.marks();
        let mut done = 0;
        loop {
            match next_mark(&marks, &chunk[done..], last) {
                Next::Text(n) | Next::Cut(n) => {
                    self.out.write_all(&chunk[done..done + n])?;
                    done += n;
                    break;
                }
                Next::Mark { at, len, fill } => {
                    self.out.write_all(&chunk[done..done + at])?;
                    self.out.write_all(fill)?;
                    done += at + len;
                }
            }
        }
        self.chunk = chunk;
        self.chunk.drain(..done);
        Ok(())
    }

    /// Writes what is left and hands the writer back.
    fn finish(mut self) -> std::io::Result<W> {
        self.drain(true)?;
        Ok(self.out)
    }
}

impl<W: std::io::Write> std::io::Write for MarkFill<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= Self::CHUNK {
            if let Err(err) = self.drain(false) {
                let kind = err.kind();
                self.error = Some(err);
                return Err(kind.into());
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What comes next in a page's text, for [`MarkFill`].
enum Next<'f> {
    /// No mark: the first `n` bytes can go out (the rest may be the start of a mark).
    Text(usize),
    /// A mark begins at this offset and its rest is in the next write.
    Cut(usize),
    /// A mark at `at`, `len` bytes long, to be replaced by `fill`.
    Mark {
        at: usize,
        len: usize,
        fill: &'f [u8],
    },
}

/// The next mark in `text` (`last`: no more text is to come).
fn next_mark<'f>(marks: &[(&str, &'f [u8])], text: &[u8], last: bool) -> Next<'f> {
    let Some(at) = find_mark(text) else {
        // The text may end with the first bytes of a mark.
        let open = (1..MARK.len())
            .rev()
            .find(|&n| text.ends_with(&MARK.as_bytes()[..n]))
            .unwrap_or(0);
        return Next::Text(text.len() - if last { 0 } else { open });
    };
    let after = &text[at..];
    match marks.iter().find(|(m, _)| after.starts_with(m.as_bytes())) {
        Some((mark, fill)) => Next::Mark {
            at,
            len: mark.len(),
            fill,
        },
        None if !last && marks.iter().any(|(m, _)| m.as_bytes().starts_with(after)) => {
            Next::Cut(at)
        }
        // A lone private-use character in the text: kept as it is.
        None => Next::Mark {
            at,
            len: MARK.len(),
            fill: MARK.as_bytes(),
        },
    }
}

/// Where the first mark character ([`MARK`]) begins in `text`: its first byte found with
/// `memchr` (a byte that only private-use characters begin with), then the rest checked. A
/// `memmem` search started for each of a page's many marks cost twice as much.
fn find_mark(text: &[u8]) -> Option<usize> {
    let [lead, rest @ ..] = MARK.as_bytes() else {
        return None;
    };
    let mut from = 0;
    while let Some(i) = memchr::memchr(*lead, &text[from..]) {
        let at = from + i;
        if text[at + 1..].starts_with(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The template and context of one page.
fn page_context(
    views: &Views,
    shared: &Shared,
    page: &plan::Page,
    events: Option<&PageEvents>,
    root: &str,
) -> Result<(&'static str, Context), TemplateError> {
    let timeline = views.timeline;
    // A listing's page always comes with its events' part (made here when not given).
    let made;
    let events = match (events, &page.kind) {
        (Some(events), _) => events,
        (None, Kind::Timeline { .. } | Kind::Embed { .. }) => {
            made = PageEvents::of(views, shared, page)?;
            &made
        }
        // Not read by other pages.
        (None, _) => {
            made = PageEvents {
                years: Value::none(),
                filters: Value::none(),
                key: Key::default(),
            };
            &made
        }
    };
    let article = match page.kind {
        Kind::Article(i) => Some((&*timeline.articles[i], page.events.as_slice())),
        _ => None,
    };
    let common = |page_title, kind| Common {
        site: &shared.site,
        t: &shared.strings,
        root: root.to_string(),
        page_title,
        kind,
        meta: super::meta::page_meta(views, page, article),
        page_path: &page.path,
    };
    match &page.kind {
        Kind::Timeline {
            of: Listing::Site,
            number,
        } => {
            let cx = IndexContext {
                common: common(&views.config.title, "index"),
                timeline: timeline_context(views, shared, page, events, *number, "", root),
                embed: EmbedCode::of(views, page, &views.config.title, root),
            };
            Ok(("index.html", context(&cx)?))
        }
        Kind::Timeline {
            of: Listing::Term { taxonomy, slug },
            number,
        } => {
            let term = &timeline.taxonomies[taxonomy][slug];
            let dir = format!("{taxonomy}/{slug}");
            let cx = TermContext {
                common: common(&term.name, "term"),
                timeline: timeline_context(views, shared, page, events, *number, &dir, root),
                taxonomy: taxonomy_link(views, shared, taxonomy),
                term: &term.name,
                embed: EmbedCode::of(views, page, &term.name, root),
            };
            Ok(("term.html", context(&cx)?))
        }
        Kind::Embed { of, number } => {
            let title = super::oembed::listing_title(views, of);
            let taxonomy = match of {
                Listing::Site => None,
                Listing::Term { taxonomy, .. } => Some(taxonomy_link(views, shared, taxonomy)),
            };
            let dir = plan::embed_dir(&of.dir());
            let cx = EmbedContext {
                common: common(title, "embed"),
                timeline: timeline_context(views, shared, page, events, *number, &dir, root),
                title,
                full_url: full_page_url(views, page, root),
                taxonomy,
            };
            Ok(("embed.html", context(&cx)?))
        }
        Kind::Article(i) => {
            let a = &timeline.articles[*i];
            let kind = if a.is_page() { "page" } else { "article" };
            let cx = ArticleContext {
                common: common(&a.title, kind),
                key: Key::of(views, &page.events),
                article: article_view(views, shared, a, &page.events),
            };
            Ok(("article.html", context(&cx)?))
        }
        Kind::Taxonomy(taxonomy) => {
            let terms: Vec<TermLink> = timeline.taxonomies[taxonomy]
                .values()
                .map(|t| TermLink {
                    name: t.name.clone(),
                    url: views.term_url(taxonomy, &t.name),
                    count: t.events.len(),
                    count_text: shared.lang.count("events", t.events.len() as u64),
                })
                .collect();
            let label = shared.lang.taxonomy(taxonomy);
            let cx = TaxonomyContext {
                common: common(&label, "taxonomy"),
                taxonomy,
                taxonomy_label: label.clone(),
                terms_count_text: shared.lang.count("terms", terms.len() as u64),
                terms,
            };
            Ok(("taxonomy.html", context(&cx)?))
        }
        Kind::Search => {
            let title = shared.lang.string("search_title", &[]);
            let cx = SearchContext {
                common: common(&title, "search"),
                taxonomies: search_terms(views, shared),
                years: search_years(views, shared, page, root),
            };
            Ok(("search.html", context(&cx)?))
        }
        Kind::NotFound => {
            let title = shared.lang.string("not_found_title", &[]);
            Ok(("404.html", context(&common(&title, "not-found"))?))
        }
    }
}

/// Every taxonomy with its terms, for the search page.
fn search_terms(views: &Views, shared: &Shared) -> Vec<SearchGroup> {
    views
        .timeline
        .taxonomies
        .iter()
        .filter(|(_, terms)| !terms.is_empty())
        .map(|(taxonomy, terms)| {
            let links = terms
                .values()
                .map(|t| TermLink {
                    name: t.name.clone(),
                    url: views.term_url(taxonomy, &t.name),
                    count: t.events.len(),
                    count_text: shared.lang.count("events", t.events.len() as u64),
                })
                .collect();
            SearchGroup {
                taxonomy: taxonomy_link(views, shared, taxonomy),
                terms: links,
            }
        })
        .collect()
}

/// Every year of the site's timeline, linked where it begins, for the search page.
fn search_years(views: &Views, shared: &Shared, page: &plan::Page, root: &str) -> Vec<YearLink> {
    let Layout::Search(shape, _) = &page.layout else {
        return Vec::new();
    };
    let mut links: Vec<YearLink> = Vec::new();
    let mut previous = None;
    for (i, years) in shape.years.iter().enumerate() {
        let dir = views.links.dir(&plan::timeline_page_dir("", i + 1));
        for &year in years {
            if previous != Some(year) {
                links.push(YearLink {
                    label: crate::date::format_year_in(&shared.lang.date, year),
                    href: format!("{root}{dir}#y{year}"),
                });
            }
            previous = Some(year);
        }
    }
    links
}

/// The link to a taxonomy's index, with its label in the site's language.
fn taxonomy_link(views: &Views, shared: &Shared, taxonomy: &str) -> TaxonomyLink {
    TaxonomyLink {
        name: taxonomy.to_string(),
        label: shared.lang.taxonomy(taxonomy),
        url: views.links.dir(taxonomy),
    }
}

/// A tera context from one of the context structs.
fn context<T: Serialize>(cx: &T) -> Result<Context, TemplateError> {
    Context::from_serialize(cx).map_err(|err| TemplateError {
        template: String::new(),
        overridden: false,
        line: None,
        message: err.to_string(),
    })
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    /// The years the page covers: "2000–2003".
    label: String,
    current: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
    /// "Page 2 of 40" in the site's language.
    text: String,
}

#[derive(Serialize)]
struct YearLink {
    label: String,
    /// Ready to use from this page: `#y2024` here, `{root}page/3/index.html#y2024` elsewhere.
    href: String,
}

/// What a timeline page (the site's or a term's) shows: `years` (this page's events grouped by
/// year and month, in the site's order; an event after a long pause carries `gap`, "24 years
/// later"), `year_links` (every year of the whole timeline, on whichever page), `pagination`
/// (when it takes several pages), `event_count` (the whole timeline's), `event_count_text`,
/// `filters` and `key` (this page's).
#[derive(Serialize)]
struct TimelineContext {
    years: Value,
    year_links: Vec<YearLink>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<Pagination>,
    event_count: usize,
    event_count_text: String,
    /// [`super::views::FiltersView`], made once for both twins.
    filters: Value,
    key: Key,
    /// The time axis's SVG, this page's stretch highlighted (absent without events).
    #[serde(skip_serializing_if = "Option::is_none")]
    axis: Option<Value>,
}

/// The timeline part of page `number` of the timeline whose first page is in `dir`.
fn timeline_context(
    views: &Views,
    shared: &Shared,
    page: &plan::Page,
    events: &PageEvents,
    number: usize,
    dir: &str,
    root: &str,
) -> TimelineContext {
    static NO_SHAPE: std::sync::OnceLock<Shape> = std::sync::OnceLock::new();
    let shape = match &page.layout {
        Layout::Timeline(shape) => &**shape,
        _ => NO_SHAPE.get_or_init(|| Shape {
            title: String::new(),
            events: 0,
            years: Vec::new(),
        }),
    };
    let date = &shared.lang.date;
    let page_url = |n: usize| {
        format!(
            "{root}{}",
            views.links.dir(&plan::timeline_page_dir(dir, n))
        )
    };
    let year_label = |year: i64| crate::date::format_year_in(date, year);
    let mut year_links: Vec<YearLink> = Vec::new();
    let mut page_links: Vec<PageLink> = Vec::new();
    let mut previous_year: Option<i64> = None;
    for (ci, years) in shape.years.iter().enumerate() {
        // A year that runs over two pages is linked where it begins.
        for &year in years {
            if previous_year != Some(year) {
                let href = if ci + 1 == number {
                    format!("#y{year}")
                } else {
                    format!("{}#y{year}", page_url(ci + 1))
                };
                year_links.push(YearLink {
                    label: year_label(year),
                    href,
                });
            }
            previous_year = Some(year);
        }
        page_links.push(PageLink {
            number: ci + 1,
            url: page_url(ci + 1),
            label: match (years.first(), years.last()) {
                (Some(&a), Some(&b)) if a != b => {
                    format!("{}–{}", year_label(a), year_label(b))
                }
                (Some(&a), _) => year_label(a),
                _ => String::new(),
            },
            current: ci + 1 == number,
        });
    }
    let total = shape.years.len();
    let pagination = (total > 1).then(|| Pagination {
        current: number,
        total,
        prev: (number > 1).then(|| page_url(number - 1)),
        next: (number < total).then(|| page_url(number + 1)),
        text: shared.lang.string(
            "page_of",
            &[("n", &number.to_string()), ("total", &total.to_string())],
        ),
        pages: page_links,
    });
    TimelineContext {
        years: events.years.clone(),
        year_links,
        pagination,
        event_count: shape.events,
        event_count_text: shared.lang.count("events", shape.events as u64),
        filters: events.filters.clone(),
        key: events.key,
        axis: match &page.kind {
            Kind::Timeline { of, .. } => shared.axes.get(&of.dir()).map(|a| &a[0]),
            Kind::Embed { of, .. } => shared.axes.get(&of.dir()).map(|a| &a[1]),
            _ => None,
        }
        .map(|axis| Value::safe_string(&axis.page(number))),
    }
}

/// What a timeline page and its embed twin show of their events, made once for both: the
/// events grouped by year and month (with the gap markers), the filters and the key.
struct PageEvents {
    years: Value,
    filters: Value,
    key: Key,
}

impl PageEvents {
    fn of(views: &Views, shared: &Shared, page: &plan::Page) -> Result<PageEvents, TemplateError> {
        let timeline = &views.timeline.events;
        let here = page.events.as_slice();
        let starts: Vec<i64> = here
            .iter()
            .map(|&i| timeline[i].event.start.start_utc())
            .collect();
        let gaps = gaps(&starts);
        let mut items = Vec::with_capacity(here.len());
        for (&i, gap) in here.iter().zip(gaps) {
            let event = match gap {
                // Only the few events after a gap get a value of their own.
                Some(seconds) => with_value(
                    shared.events[i].clone(),
                    "gap",
                    Value::from(
                        shared
                            .lang
                            .gap(seconds, views.config.order == Order::Descending),
                    ),
                ),
                None => shared.events[i].clone(),
            };
            items.push((&timeline[i].event.start, event));
        }
        let groups = group_by_year(&shared.lang.date, items);
        Ok(PageEvents {
            years: years_value(groups),
            filters: value(&views.filters(here, &shared.lang))?,
            key: Key::of(views, here),
        })
    }
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

/// A template value (a map) with one more field.
fn with_value(base: Value, key: &'static str, extra: Value) -> Value {
    let mut map = base.into_map().unwrap_or_default();
    map.insert(key.into(), extra);
    Value::from(map)
}

fn article_view<'a>(
    views: &Views<'a>,
    shared: &'a Shared,
    a: &'a Article,
    events: &[usize],
) -> ArticleView<'a> {
    let lang = &shared.lang;
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
        events: events.iter().map(|&i| &shared.events[i]).collect(),
        media: {
            let mut seen = std::collections::HashSet::new();
            a.media
                .iter()
                .chain(a.events.iter().flat_map(|e| &e.media))
                .filter(|m| seen.insert((m.src.as_deref(), m.quote.as_deref())))
                .map(|m| views.medium(m))
                .collect()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The bytes written in pieces of `size` through a [`MarkFill`].
    fn filled(text: &[u8], size: usize, root: &str, article_page: bool) -> String {
        let fills = Fills {
            root,
            full: "",
            top: "",
            article_page,
        };
        let mut out = MarkFill::new(Vec::new(), fills);
        for piece in text.chunks(size.max(1)) {
            out.write_all(piece).unwrap();
        }
        String::from_utf8(out.finish().unwrap()).unwrap()
    }

    #[test]
    fn marks_are_filled_wherever_the_writes_cut_them() {
        let card = format!(
            "<h{HEADING_4_MARK}><a href=\"{ROOT_MARK}a/index.html\">\u{E000}x\u{E000}</a></h{HEADING_4_MARK}><h{HEADING_3_MARK}>\u{E000}"
        );
        // Roots shorter than their mark are filled in place, longer ones in parts.
        for root in ["", "../../", "../../../../", "https://example.org/sub/"] {
            let timeline = format!(
                "<h4><a href=\"{root}a/index.html\">\u{E000}x\u{E000}</a></h4><h3>\u{E000}"
            );
            let article = timeline.replace("h4>", "h3>");
            for size in 1..=card.len() {
                assert_eq!(
                    filled(card.as_bytes(), size, root, false),
                    timeline,
                    "{root} {size}"
                );
                assert_eq!(
                    filled(card.as_bytes(), size, root, true),
                    article,
                    "{root} {size}"
                );
            }
            // Many cards: marks across the chunk boundaries.
            let many = card.repeat(5000);
            for size in [1000, 4093, 70_000, many.len()] {
                assert_eq!(
                    filled(many.as_bytes(), size, root, false),
                    timeline.repeat(5000),
                    "{root} {size}"
                );
            }
        }
        assert_eq!(filled(b"", 1, "", false), "");
    }

    #[test]
    fn one_card_is_cut_into_the_full_and_the_compact_one() {
        let card = format!(
            "<li><a href=\"{ROOT_MARK}a/\">A</a>{SKIP_MARK}<p>summary</p>{END_MARK}\u{E000}x{ONLY_MARK}<a href=\"{FULL_MARK}#a\">open</a>{END_MARK}</li>"
        );
        assert_eq!(
            cut(&card, Variant::Full),
            format!("<li><a href=\"{ROOT_MARK}a/\">A</a><p>summary</p>\u{E000}x</li>")
        );
        assert_eq!(
            cut(&card, Variant::Compact),
            format!("<li><a href=\"{ROOT_MARK}a/\">A</a>\u{E000}x<a href=\"{FULL_MARK}#a\">open</a></li>")
        );
        // A page mark right before a part's mark is kept whole; a part left open runs to the
        // end, a stray end is dropped.
        let edge = format!("{ROOT_MARK}{SKIP_MARK}gone{END_MARK}{END_MARK}b{ONLY_MARK}c");
        assert_eq!(cut(&edge, Variant::Compact), format!("{ROOT_MARK}bc"));
        assert_eq!(cut(&edge, Variant::Full), format!("{ROOT_MARK}goneb"));
        // A card without parts (a site's own template) is the same card on both.
        assert_eq!(cut("<li>x</li>", Variant::Compact), "<li>x</li>");
    }

    #[test]
    fn an_embed_fills_the_link_to_its_full_page_wherever_the_writes_cut_it() {
        let card = format!("<a href=\"{FULL_MARK}#e\"{TOP_MARK} data-r=\"{ROOT_MARK}\">");
        for full in ["", "../", "../../tags/x/page/2/index.html"] {
            let fills = Fills {
                root: "../",
                full,
                top: " target=\"_top\"",
                article_page: false,
            };
            for size in 1..=card.len() {
                let mut out = MarkFill::new(Vec::new(), fills);
                for piece in card.as_bytes().chunks(size) {
                    out.write_all(piece).unwrap();
                }
                let text = String::from_utf8(out.finish().unwrap()).unwrap();
                assert_eq!(
                    text,
                    format!("<a href=\"{full}#e\" target=\"_top\" data-r=\"../\">"),
                    "{size}"
                );
            }
        }
    }
}
