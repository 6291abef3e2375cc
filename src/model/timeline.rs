//! The timeline: every event of every article, merged by `id` and sorted by one [`SortKey`];
//! and the taxonomy terms that index it.
//!
//! Order (the contract's "Order"): the UTC instant at which the event's period starts; ties go to
//! the coarser precision, then the earlier end, then the article's path, then the event's position
//! in its article. Every field is compared exactly, so the order is total and the same every run.

use std::collections::BTreeMap;

/// The hash maps of the timeline only look things up (nothing iterates them into the output),
/// so they take a fast hasher.
type HashMap<K, V> = ahash::AHashMap<K, V>;
use std::sync::Arc;

use crate::date::{EventDate, Precision};
use crate::error::{Code, Diagnostic};
use crate::slug::slugify;

use super::{merge_sources, merge_terms, Article, Event};

/// The one order of events.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    /// Unix seconds at which the period starts.
    pub start: i64,
    /// On the same start, the rank the ordering keys give (`before:` -1 from its target,
    /// `after:` +1; 0 for an event without them).
    pub tie: i64,
    /// Coarser first: a year (2024) before a day in it (2024-01-01).
    pub precision: Precision,
    /// Unix seconds at which the event's period ends (exclusive); the end date's if it has one.
    pub end: i64,
    /// The declaring article's place in path order (articles are sorted by their path under
    /// `content/`, so this orders by path without comparing strings).
    pub article: usize,
    /// Position of the event in its article.
    pub position: usize,
}

impl SortKey {
    pub fn new(
        start: &EventDate,
        end: Option<&EventDate>,
        article: usize,
        position: usize,
    ) -> Self {
        SortKey {
            start: start.start_utc(),
            tie: 0,
            precision: start.precision(),
            end: end.unwrap_or(start).end_utc_exclusive(),
            article,
            position,
        }
    }
}

/// One event on the timeline: its first declaration, with every article's sources and terms.
#[derive(Debug, Clone)]
pub struct TimelineEvent {
    pub event: Arc<Event>,
    /// Indexes into [`Timeline::articles`] of every article that reports it, by path.
    pub articles: Vec<usize>,
    pub key: SortKey,
}

/// One term of a taxonomy and the events filed under it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The first spelling met in timeline order.
    pub name: String,
    pub slug: String,
    /// Indexes into [`Timeline::events`], in timeline order.
    pub events: Vec<usize>,
}

/// The whole site's model, ready to render.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// Sorted by `rel_path`. Shared with the preview's cache, so a rebuild does not copy them.
    pub articles: Vec<Arc<Article>>,
    /// Sorted by [`SortKey`], ascending.
    pub events: Vec<TimelineEvent>,
    /// Taxonomy name → term slug → term. Every configured taxonomy is present, maybe empty.
    pub taxonomies: BTreeMap<String, BTreeMap<String, Term>>,
    /// For each article (same index), its events as indexes into `events`, in timeline order.
    pub article_events: Vec<Vec<usize>>,
    /// The slug of every term and source name the events use, made once.
    pub slugs: HashMap<String, String>,
    /// What merging the declarations warns of (titles or summaries that differ), sorted.
    pub warnings: Vec<Diagnostic>,
    /// Whether some default id had to move because another article has it, or some event is
    /// placed from another (an anchor, `before:`, `after:`): then a change in one article can
    /// move ids or dates in another, and [`Timeline::update`] builds anew.
    crowded: bool,
    /// Event id → index into `events`, for [`Timeline::update`]: made the first time the
    /// preview patches the timeline (a build never needs it), then kept up to date by patches.
    by_id: std::sync::OnceLock<HashMap<String, usize>>,
}

impl Timeline {
    /// Merges, sorts and indexes. `articles` must be sorted by `rel_path`. Fails with a diagnostic
    /// for every place involved in a conflict.
    pub fn new(
        articles: Vec<Arc<Article>>,
        taxonomies: &[String],
    ) -> Result<Timeline, Vec<Diagnostic>> {
        let (mut errors, (merged, merge_errors)) = rayon::join(
            || check_slugs(&articles, taxonomies),
            || {
                let mut errors = Vec::new();
                let merged = merge_events(&articles, &mut errors);
                (merged, errors)
            },
        );
        let Merged {
            events,
            warnings,
            crowded,
        } = merged;
        errors.extend(merge_errors);
        if !errors.is_empty() {
            errors.sort();
            return Err(errors);
        }
        let Indexed {
            terms: taxonomies,
            slugs,
            collisions,
        } = index_terms(&events, taxonomies);
        if !collisions.is_empty() {
            let mut errors = term_collisions(&articles, &collisions);
            errors.sort();
            return Err(errors);
        }
        let mut article_events = vec![Vec::new(); articles.len()];
        for (ei, e) in events.iter().enumerate() {
            for &ai in &e.articles {
                article_events[ai].push(ei);
            }
        }
        Ok(Timeline {
            articles,
            events,
            taxonomies,
            article_events,
            slugs,
            warnings,
            crowded,
            by_id: std::sync::OnceLock::new(),
        })
    }

    /// Event id → index into `events`.
    fn ids(&self) -> &HashMap<String, usize> {
        self.by_id.get_or_init(|| {
            self.events
                .iter()
                .enumerate()
                .map(|(i, e)| (e.event.id.clone(), i))
                .collect()
        })
    }

    /// The timeline after some articles changed (the preview's rebuild), the same as
    /// [`Timeline::new`] would make. When a few articles changed, each still at its path and slug,
    /// and every event they declare, before and after, is theirs alone (no id shared with another
    /// article), the old timeline is patched: their old events taken out, the new ones put in
    /// place, the term index renumbered; in time that grows with the change and the number of
    /// events, without walking every event's data again. Anything else (files added or removed,
    /// ids shared between articles, other taxonomies) is built anew.
    pub fn update(
        &self,
        articles: Vec<Arc<Article>>,
        taxonomies: &[String],
    ) -> Result<Timeline, Vec<Diagnostic>> {
        match self.patched(&articles, taxonomies) {
            Some(patched) => Ok(patched),
            None => Timeline::new(articles, taxonomies),
        }
    }

    fn patched(&self, articles: &[Arc<Article>], taxonomies: &[String]) -> Option<Timeline> {
        /// More changed articles than this (a branch checked out, new settings): built anew.
        const MAX_CHANGED: usize = 16;
        let same_taxonomies = taxonomies.len() == self.taxonomies.len()
            && taxonomies.iter().all(|t| self.taxonomies.contains_key(t));
        if articles.len() != self.articles.len() || !same_taxonomies || self.crowded {
            return None;
        }
        let mut changed = Vec::new();
        for (i, (new, old)) in articles.iter().zip(&self.articles).enumerate() {
            if Arc::ptr_eq(new, old) {
                continue;
            }
            if new.rel_path != old.rel_path || new.slug != old.slug || changed.len() == MAX_CHANGED
            {
                return None;
            }
            changed.push(i);
        }
        // The changed articles' old events, each reported by that article alone.
        let mut removed: Vec<usize> = Vec::new();
        for &j in &changed {
            for &ei in &self.article_events[j] {
                if self.events[ei].articles != [j] {
                    return None;
                }
                removed.push(ei);
            }
        }
        removed.sort_unstable();
        // Their new events: ids unique, met in no other article.
        let mut ids = std::collections::HashSet::new();
        let mut added: Vec<TimelineEvent> = Vec::new();
        for &j in &changed {
            for event in &articles[j].events {
                if event.depends_on_others() {
                    return None;
                }
                let elsewhere = self
                    .ids()
                    .get(&event.id)
                    .is_some_and(|&ei| self.events[ei].articles != [j]);
                if elsewhere || !ids.insert(event.id.as_str()) {
                    return None;
                }
                added.push(TimelineEvent {
                    key: SortKey::new(&event.start, event.end.as_ref(), j, event.position),
                    event: Arc::clone(event),
                    articles: vec![j],
                });
            }
        }
        added.sort_unstable_by(|a, b| a.key.cmp(&b.key));

        // The events in order: the old ones but the removed, with the added merged in.
        let mut events = Vec::with_capacity(self.events.len() - removed.len() + added.len());
        let mut remap = vec![usize::MAX; self.events.len()];
        let mut added_at = Vec::with_capacity(added.len());
        let mut gone = removed.iter().copied().peekable();
        let mut new = added.into_iter().peekable();
        for (oi, e) in self.events.iter().enumerate() {
            if gone.next_if_eq(&oi).is_some() {
                continue;
            }
            while let Some(a) = new.next_if(|a| a.key < e.key) {
                added_at.push(events.len());
                events.push(a);
            }
            remap[oi] = events.len();
            events.push(e.clone());
        }
        for a in new {
            added_at.push(events.len());
            events.push(a);
        }
        let moved = |list: &[usize]| -> Vec<usize> {
            list.iter()
                .map(|&oi| remap[oi])
                .filter(|&ni| ni != usize::MAX)
                .collect()
        };

        // Names of the added events get their slugs; the terms of removed and added events are
        // the ones whose name (the first spelling in timeline order) may change.
        let mut slugs = self.slugs.clone();
        let mut touched: Vec<(String, String)> = Vec::new();
        for &oi in &removed {
            for (taxonomy, names) in &self.events[oi].event.terms {
                for name in names {
                    touched.push((taxonomy.clone(), self.slug(name).into_owned()));
                }
            }
        }
        let mut index: BTreeMap<String, BTreeMap<String, Term>> = self
            .taxonomies
            .iter()
            .map(|(taxonomy, terms)| {
                let terms = terms
                    .iter()
                    .map(|(slug, term)| {
                        let events = moved(&term.events);
                        let term = Term {
                            name: term.name.clone(),
                            slug: term.slug.clone(),
                            events,
                        };
                        (slug.clone(), term)
                    })
                    .collect();
                (taxonomy.clone(), terms)
            })
            .collect();
        for &ni in &added_at {
            let event = Arc::clone(&events[ni].event);
            for source in &event.sources {
                if !slugs.contains_key(&source.name) {
                    slugs.insert(source.name.clone(), slugify(&source.name));
                }
            }
            for (taxonomy, names) in &event.terms {
                let Some(terms) = index.get_mut(taxonomy) else {
                    continue;
                };
                for name in names {
                    let slug = slugs
                        .entry(name.clone())
                        .or_insert_with(|| slugify(name))
                        .clone();
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: name.clone(),
                        slug: slug.clone(),
                        events: Vec::new(),
                    });
                    // Another term of that slug: the build anew reports the collision.
                    if !same_term(&term.name, name) {
                        return None;
                    }
                    if let Err(at) = term.events.binary_search(&ni) {
                        term.events.insert(at, ni);
                    }
                    touched.push((taxonomy.clone(), slug));
                }
            }
        }
        for (taxonomy, slug) in touched {
            let Some(terms) = index.get_mut(&taxonomy) else {
                continue;
            };
            let Some(term) = terms.get_mut(&slug) else {
                continue;
            };
            let first = term.events.first().and_then(|&ni| {
                events[ni]
                    .event
                    .terms
                    .get(&taxonomy)?
                    .iter()
                    .find(|name| slugs.get(name.as_str()).is_some_and(|s| s == &slug))
            });
            match first {
                Some(name) => term.name = name.clone(),
                None => {
                    terms.remove(&slug);
                }
            }
        }

        let mut article_events: Vec<Vec<usize>> =
            self.article_events.iter().map(|list| moved(list)).collect();
        for &ni in &added_at {
            article_events[events[ni].articles[0]].push(ni);
        }
        let mut by_id = self.ids().clone();
        for &oi in &removed {
            by_id.remove(&self.events[oi].event.id);
        }
        for (_, ni) in by_id.iter_mut() {
            *ni = remap[*ni];
        }
        for &ni in &added_at {
            by_id.insert(events[ni].event.id.clone(), ni);
        }
        Some(Timeline {
            articles: articles.to_vec(),
            events,
            taxonomies: index,
            article_events,
            slugs,
            // The changed articles' events are their own alone: no merge warning is about them.
            warnings: self.warnings.clone(),
            crowded: false,
            by_id: std::sync::OnceLock::from(by_id),
        })
    }

    /// The slug of a term or source name: made once per build for the names the site uses.
    pub fn slug<'a>(&'a self, name: &str) -> std::borrow::Cow<'a, str> {
        match self.slugs.get(name) {
            Some(slug) => std::borrow::Cow::Borrowed(slug),
            None => std::borrow::Cow::Owned(slugify(name)),
        }
    }
}

/// Names an output folder may not take because the build writes something else there.
pub(crate) const RESERVED_SLUGS: &[&str] = &["index.html", "events.json", "static", "page"];

fn check_slugs(articles: &[Arc<Article>], taxonomies: &[String]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // Slugs compared without case: `Cafe` and `cafe` are one folder on many file systems.
    // Most slugs are lowercase already; only the others are copied.
    let mut by_slug: HashMap<std::borrow::Cow<str>, Vec<&Article>> =
        HashMap::with_capacity(articles.len());
    for a in articles {
        let key = if a.slug.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(a.slug.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(a.slug.as_str())
        };
        by_slug.entry(key).or_default().push(a);
        if taxonomies.contains(&a.slug) || RESERVED_SLUGS.contains(&a.slug.as_str()) {
            errors.push(Diagnostic::error(
                Code::SlugCollision,
                &a.display_path,
                Some(a.slug_line),
                format!(
                    "the slug `{}` is taken by the site's own `{}/` pages; set another `slug`",
                    a.slug, a.slug
                ),
            ));
        }
    }
    // (The errors are sorted by the caller, so the map's order does not reach the output.)
    for (slug, list) in by_slug.into_iter().filter(|(_, l)| l.len() > 1) {
        let all: Vec<String> = list
            .iter()
            .map(|a| a.display_path.display().to_string())
            .collect();
        for a in &list {
            errors.push(Diagnostic::error(
                Code::SlugCollision,
                &a.display_path,
                Some(a.slug_line),
                format!(
                    "the slug `{slug}` is used by {} articles ({}); each article needs its own `slug`",
                    list.len(),
                    all.join(", ")
                ),
            ));
        }
    }
    errors
}

fn same_dates(a: &Event, b: &Event) -> bool {
    if let Some(same) = super::relative::same_written(a, b) {
        return same;
    }
    fn same(x: &EventDate, y: &EventDate) -> bool {
        x.start_utc() == y.start_utc()
            && x.precision() == y.precision()
            && x.approximate() == y.approximate()
            && x.uncertain() == y.uncertain()
    }
    same(&a.start, &b.start)
        && match (&a.end, &b.end) {
            (None, None) => true,
            (Some(x), Some(y)) => same(x, y),
            _ => false,
        }
}

fn written(e: &Event) -> String {
    match &e.end {
        Some(end) => format!(
            "date `{}`, end `{}`",
            e.start.normalized(),
            end.normalized()
        ),
        None => format!("date `{}`, no end", e.start.normalized()),
    }
}

/// The merged events, what the merge warns of, and whether it had to change any default id
/// that its article alone would have kept.
struct Merged {
    events: Vec<TimelineEvent>,
    warnings: Vec<Diagnostic>,
    crowded: bool,
}

/// Groups declarations by written id (the first declaration by article path wins the text; a field
/// only a later one has is kept), checks they agree on dates, makes default ids distinct across
/// the site, and sorts.
///
/// Written ids are placed first, all of them: a default id never takes one. Then the defaults,
/// by article path and position, each the first of its [`default_ids`] free by then. An article
/// has made its own defaults distinct already, so only a default met in another article moves.
fn merge_events(articles: &[Arc<Article>], errors: &mut Vec<Diagnostic>) -> Merged {
    let mut out: Vec<TimelineEvent> = Vec::new();
    let mut warnings = Vec::new();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    // The first declaration of each event, and the further ones of the few declared again.
    let mut firsts: Vec<(usize, &Event)> = Vec::new();
    let mut again: HashMap<usize, Vec<(usize, &Event)>> = HashMap::new();
    let declared = || {
        articles
            .iter()
            .enumerate()
            .flat_map(|(ai, a)| a.events.iter().map(move |e| (ai, e)))
    };
    for (ai, event) in declared().filter(|(_, e)| e.id_written()) {
        match by_id.get(event.id.as_str()) {
            Some(&index) => {
                let earlier = again.get(&index).map_or(&[][..], Vec::as_slice);
                let earlier = std::iter::once(&firsts[index]).chain(earlier);
                warnings.extend(differences(articles, earlier, (ai, event)));
                let merged = &mut out[index];
                // Copied only here: most events are declared once and stay shared.
                merge_declaration(Arc::make_mut(&mut merged.event), event);
                if !merged.articles.contains(&ai) {
                    merged.articles.push(ai);
                }
                again.entry(index).or_default().push((ai, event));
            }
            None => {
                by_id.insert(&event.id, out.len());
                firsts.push((ai, &**event));
                out.push(TimelineEvent::declared(event, ai));
            }
        }
    }
    // The defaults that move: (index into `out`, new id), and the new ids, taken from then on.
    let mut moved: Vec<(usize, String)> = Vec::new();
    let mut moved_ids: std::collections::HashSet<String> = Default::default();
    let mut crowded_article = None;
    for (ai, event) in declared().filter(|(_, e)| !e.id_written()) {
        let taken = |id: &str| by_id.contains_key(id) || moved_ids.contains(id);
        // Unless an earlier default of this article moved, its own id is the one if free.
        let id = if crowded_article != Some(ai) && !taken(&event.id) {
            None
        } else {
            super::free_default_id(event, taken).filter(|id| *id != event.id)
        };
        match id {
            Some(id) => {
                crowded_article = Some(ai);
                moved_ids.insert(id.clone());
                moved.push((out.len(), id));
            }
            None => {
                by_id.insert(&event.id, out.len());
            }
        }
        out.push(TimelineEvent::declared(event, ai));
    }
    let crowded = !moved.is_empty();
    for (index, id) in moved {
        Arc::make_mut(&mut out[index].event).id = id;
    }
    let mut conflicts: Vec<Vec<(usize, &Event)>> = again
        .into_iter()
        .map(|(index, more)| {
            std::iter::once(firsts[index])
                .chain(more)
                .collect::<Vec<_>>()
        })
        .filter(|decls| decls.iter().any(|(_, e)| !same_dates(e, decls[0].1)))
        .collect();
    conflicts.sort_by_key(|d| (d[0].0, d[0].1.position));
    for decls in conflicts {
        let places: Vec<String> = decls
            .iter()
            .map(|(ai, e)| format!("{} ({})", place(&articles[*ai], e), written(e)))
            .collect();
        for (ai, e) in &decls {
            errors.push(Diagnostic::error(
                Code::ConflictingEvent,
                &articles[*ai].display_path,
                e.line,
                format!(
                    "event `{}` is declared {} times with different dates: {}; every declaration of one id must agree on `date` and `end`",
                    e.id,
                    decls.len(),
                    places.join("; ")
                ),
            ));
        }
    }
    if errors.is_empty() {
        super::relative::resolve(&mut out, articles, errors);
    }
    let relative = out.iter().any(|e| e.event.depends_on_others());
    out.sort_by(|a, b| a.key.cmp(&b.key));
    warnings.sort();
    Merged {
        events: out,
        warnings,
        crowded: crowded || relative,
    }
}

impl TimelineEvent {
    /// A declaration as the event's first, reported by article `ai` alone so far.
    fn declared(event: &Arc<Event>, ai: usize) -> TimelineEvent {
        TimelineEvent {
            key: SortKey::new(&event.start, event.end.as_ref(), ai, event.position),
            event: Arc::clone(event),
            articles: vec![ai],
        }
    }
}

/// `file:line` of a declaration.
fn place(article: &Article, event: &Event) -> String {
    let line = event.line.map(|l| format!(":{l}")).unwrap_or_default();
    format!("{}{line}", article.display_path.display())
}

/// Adds to the first declaration of an event what a later one has and it lacks; the sources and
/// terms of both.
fn merge_declaration(into: &mut Event, later: &Event) {
    if into.summary_html.is_none() {
        into.summary_html.clone_from(&later.summary_html);
    }
    if into.place.is_none() {
        into.place.clone_from(&later.place);
    }
    if into.display_date.is_none() {
        into.display_date.clone_from(&later.display_date);
    }
    for (key, value) in &later.extra {
        if !into.extra.contains_key(key) {
            into.extra.insert(key.clone(), value.clone());
        }
    }
    merge_sources(&mut into.sources, &later.sources);
    merge_terms(&mut into.terms, &later.terms);
}

/// Warnings for a later declaration whose title or summary differs from the one shown (the
/// first's title; the summary of the first declaration that has one), at the later one, naming
/// both places.
fn differences<'a>(
    articles: &[Arc<Article>],
    mut earlier: impl Iterator<Item = &'a (usize, &'a Event)> + Clone,
    (ai, later): (usize, &Event),
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut warn = |message: String| {
        out.push(Diagnostic::warning(
            Code::DifferingEvent,
            &articles[ai].display_path,
            later.line,
            message,
        ));
    };
    let summary = earlier.clone().find(|(_, e)| e.summary_html.is_some());
    if let Some(&(first_ai, first)) = earlier.next() {
        if later.title != first.title {
            warn(format!(
                "event `{}` is titled `{}` here but `{}` at {}; the first declaration's title is shown: write the same title in both, or give this event another `id` if it is another event",
                later.id,
                later.title,
                first.title,
                place(&articles[first_ai], first)
            ));
        }
    }
    if let (Some(&(shown_ai, shown)), Some(mine)) = (summary, &later.summary_html) {
        if shown.summary_html.as_ref() != Some(mine) {
            warn(format!(
                "event `{}` has another `summary` here than at {}, whose summary is shown: write the same summary in both, or leave it out here",
                later.id,
                place(&articles[shown_ai], shown)
            ));
        }
    }
    out
}

/// The terms of each taxonomy, the slug of every term and source name, and the terms that
/// collide.
struct Indexed {
    terms: BTreeMap<String, BTreeMap<String, Term>>,
    slugs: HashMap<String, String>,
    /// (taxonomy, slug) of each slug that two different terms make, sorted.
    collisions: Vec<(String, String)>,
}

/// The terms of each taxonomy, and the slug of every term and source name.
///
/// The events are indexed in parallel stretches (walking every event's terms is mostly waiting
/// for memory), each with its own index; the stretches' indexes are then joined in timeline
/// order, so each term keeps the first spelling met and its events stay in order.
fn index_terms(events: &[TimelineEvent], taxonomies: &[String]) -> Indexed {
    use rayon::prelude::*;

    /// One stretch's index: taxonomy → slug → (first spelling, events); and the slugs made.
    struct Stretch<'a> {
        terms: BTreeMap<&'a str, BTreeMap<String, (&'a str, Vec<usize>)>>,
        slugs: HashMap<&'a str, String>,
        /// (taxonomy, slug) of terms met in two spellings that are not one term.
        collisions: Vec<(&'a str, String)>,
    }
    const STRETCH: usize = 2048;
    let stretches: Vec<Stretch> = events
        .par_chunks(STRETCH)
        .enumerate()
        .map(|(ci, chunk)| {
            let mut st = Stretch {
                terms: BTreeMap::new(),
                slugs: HashMap::new(),
                collisions: Vec::new(),
            };
            for (offset, e) in chunk.iter().enumerate() {
                let ei = ci * STRETCH + offset;
                for (taxonomy, names) in &e.event.terms {
                    if !taxonomies.contains(taxonomy) {
                        continue;
                    }
                    let map = st.terms.entry(taxonomy.as_str()).or_default();
                    for name in names {
                        let slug = st
                            .slugs
                            .entry(name)
                            .or_insert_with(|| slugify(name))
                            .as_str();
                        let term = match map.get_mut(slug) {
                            Some(term) => {
                                if !same_term(term.0, name) {
                                    st.collisions.push((taxonomy, slug.to_string()));
                                }
                                term
                            }
                            None => map.entry(slug.to_string()).or_insert((name, Vec::new())),
                        };
                        if term.1.last() != Some(&ei) {
                            term.1.push(ei);
                        }
                    }
                }
                for source in &e.event.sources {
                    st.slugs
                        .entry(&source.name)
                        .or_insert_with(|| slugify(&source.name));
                }
            }
            st
        })
        .collect();
    let mut index: BTreeMap<String, BTreeMap<String, Term>> = taxonomies
        .iter()
        .map(|t| (t.clone(), BTreeMap::new()))
        .collect();
    let mut slugs: HashMap<String, String> = HashMap::new();
    let mut collisions: Vec<(String, String)> = Vec::new();
    for st in stretches {
        collisions.extend(
            st.collisions
                .into_iter()
                .map(|(taxonomy, slug)| (taxonomy.to_string(), slug)),
        );
        for (taxonomy, terms) in st.terms {
            let Some(map) = index.get_mut(taxonomy) else {
                continue;
            };
            for (slug, (name, events)) in terms {
                match map.get_mut(&slug) {
                    Some(term) => {
                        if !same_term(&term.name, name) {
                            collisions.push((taxonomy.to_string(), slug.clone()));
                        }
                        term.events.extend(events)
                    }
                    None => {
                        map.insert(
                            slug.clone(),
                            Term {
                                name: name.to_string(),
                                slug,
                                events,
                            },
                        );
                    }
                }
            }
        }
        for (name, slug) in st.slugs {
            if !slugs.contains_key(name) {
                slugs.insert(name.to_string(), slug);
            }
        }
    }
    collisions.sort();
    collisions.dedup();
    Indexed {
        terms: index,
        slugs,
        collisions,
    }
}

/// Whether two spellings are one term: they differ in case at most (`Kim`, `kim`). Others that
/// share a slug (`C++` and `C`) would share one page.
fn same_term(a: &str, b: &str) -> bool {
    a == b
        || a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

/// Where a term is used: the article, and the line of the event that uses it.
type Use<'a> = (&'a Article, Option<usize>);

/// One error for each spelling of a colliding term, at its first use, naming every spelling and
/// where each is used.
fn term_collisions(articles: &[Arc<Article>], collisions: &[(String, String)]) -> Vec<Diagnostic> {
    /// Places named for one spelling; more are counted.
    const SHOWN: usize = 3;
    let mut errors = Vec::new();
    for (taxonomy, slug) in collisions {
        // Each spelling (one per term, the first met) and its places, in article order.
        let mut spellings: Vec<(&str, Vec<Use>)> = Vec::new();
        for article in articles {
            for event in &article.events {
                let names = event.terms.get(taxonomy).into_iter().flatten();
                for name in names.filter(|n| slugify(n) == *slug) {
                    let at = (&**article, event.line);
                    match spellings.iter_mut().find(|(s, _)| same_term(s, name)) {
                        Some((_, places)) => places.push(at),
                        None => spellings.push((name, vec![at])),
                    }
                }
            }
        }
        let described: Vec<String> = spellings
            .iter()
            .map(|(name, places)| {
                let mut shown: Vec<String> = places
                    .iter()
                    .take(SHOWN)
                    .map(|(a, line)| {
                        let line = line.map(|l| format!(":{l}")).unwrap_or_default();
                        format!("{}{line}", a.display_path.display())
                    })
                    .collect();
                if places.len() > SHOWN {
                    shown.push(format!("and {} more", places.len() - SHOWN));
                }
                format!("`{name}` (at {})", shown.join(", "))
            })
            .collect();
        for (_, places) in &spellings {
            let (article, line) = places[0];
            errors.push(Diagnostic::error(
                Code::TermCollision,
                &article.display_path,
                line,
                format!(
                    "the {taxonomy} {} are different terms with one slug, so they would share the page `{taxonomy}/{slug}/`; write one term the same way everywhere, or spell the terms so that their letters or digits differ",
                    described.join(" and ")
                ),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::model::article::{from_source, ArticleOptions};

    fn article(path: &str, front: &str) -> Article {
        let config = SiteConfig::default();
        let text = format!("---\ntitle: {path}\n{front}---\n");
        from_source(
            path,
            path.into(),
            &text,
            &ArticleOptions { config: &config },
        )
        .article
        .unwrap_or_else(|e| panic!("{path}: {e:?}"))
    }

    fn timeline(
        articles: Vec<Article>,
        taxonomies: &[String],
    ) -> Result<Timeline, Vec<Diagnostic>> {
        Timeline::new(articles.into_iter().map(Arc::new).collect(), taxonomies)
    }

    /// What a timeline says, in a form two timelines can be compared by.
    fn summary(t: &Timeline) -> String {
        let events: Vec<String> = t
            .events
            .iter()
            .map(|e| format!("{} {:?} {:?}", e.event.id, e.key, e.articles))
            .collect();
        let terms: Vec<String> = t
            .taxonomies
            .iter()
            .flat_map(|(tax, terms)| {
                terms
                    .values()
                    .map(move |term| format!("{tax}/{} {} {:?}", term.slug, term.name, term.events))
            })
            .collect();
        let ids: BTreeMap<&String, &usize> = t.ids().iter().collect();
        format!(
            "{events:#?}\n{terms:#?}\n{:?}\n{ids:?}\n{}",
            t.article_events,
            t.articles.len()
        )
    }

    #[test]
    fn a_patched_timeline_equals_one_built_anew() {
        let taxonomies = vec!["tags".to_string(), "people".to_string()];
        let names = ["Kim", "kim", "Putin", "Rail", "Moscow", "moscow", "Talks"];
        let make = |i: usize, version: usize| -> Article {
            let mut front = format!("date: '2024-0{}-01'\nevents:\n", 1 + (i + version) % 9);
            for j in 0..(1 + (i + version) % 3) {
                let tag = names[(i * 3 + j + version * 5) % names.len()];
                let person = names[(i + j * 2 + version) % names.len()];
                // Version 3 renames one event; version 4 gives another article's id (shared).
                let id = match version {
                    3 if j == 0 => format!("renamed-{i}"),
                    4 if j == 0 => "e0-0".to_string(),
                    _ => format!("e{i}-{j}"),
                };
                front.push_str(&format!(
                    "  - {{id: {id}, title: t{version}, date: '{}-0{}-1{}', tags: [{tag}, Talks], people: [{person}], sources: [S{}]}}\n",
                    1990 + (i * 7 + j + version * 3) % 30,
                    1 + (i + j) % 9,
                    j,
                    (i + version) % 4
                ));
            }
            article(&format!("a{i:03}.md"), &front)
        };
        let base: Vec<Arc<Article>> = (0..40).map(|i| Arc::new(make(i, 0))).collect();
        let first = Timeline::new(base.clone(), &taxonomies).unwrap();
        // Edits of one or several articles, each version in turn, some falling back.
        for (changed, version) in [
            (vec![5], 1),
            (vec![0], 2),
            (vec![39], 1),
            (vec![3, 17, 30], 2),
            (vec![8], 3),
            (vec![12], 4),
            (
                vec![1, 2, 4, 6, 7, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20, 21, 22],
                1,
            ),
        ] {
            let mut articles = base.clone();
            for &i in &changed {
                articles[i] = Arc::new(make(i, version));
            }
            // The patch is taken for a few edits that keep ids to their articles.
            let patchable = version != 4 && changed.len() <= 16;
            assert_eq!(
                first.patched(&articles, &taxonomies).is_some(),
                patchable,
                "{changed:?} v{version}"
            );
            let anew = Timeline::new(articles.clone(), &taxonomies);
            let patched = first.update(articles.clone(), &taxonomies);
            match (anew, patched) {
                (Ok(anew), Ok(patched)) => {
                    assert_eq!(summary(&patched), summary(&anew), "{changed:?} v{version}");
                    assert!(patched.slug("moscow") == "moscow");
                    // And a second edit on the patched one.
                    let mut again = articles.clone();
                    again[changed[0]] = Arc::new(make(changed[0], version + 1));
                    let sum = |t: Result<Timeline, Vec<Diagnostic>>| t.map(|t| summary(&t));
                    assert_eq!(
                        sum(patched.update(again.clone(), &taxonomies)),
                        sum(Timeline::new(again, &taxonomies)),
                        "{changed:?} v{version} then v{}",
                        version + 1
                    );
                }
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("{changed:?} v{version}: {:?} vs {:?}", a.err(), b.err()),
            }
        }
    }

    #[test]
    fn terms_indexed_in_stretches_match_one_pass() {
        // More events than several stretches, terms in several spellings of one slug, spread
        // so that terms start, continue and end across stretch boundaries.
        let spellings = [
            "Kim Jong Un",
            "kim jong un",
            "Pyongyang",
            "Moscow",
            "moscow",
            "Rail",
        ];
        let articles: Vec<Article> = (0..2600)
            .map(|i| {
                let mut front = String::from("events:\n");
                for j in 0..2 {
                    let a = spellings[(i * 7 + j) % spellings.len()];
                    let b = spellings[(i / 3 + j) % spellings.len()];
                    front.push_str(&format!(
                        "  - {{id: e{i}-{j}, title: t, date: '{}-01-01', tags: [{a}, {b}]}}\n",
                        1000 + (i * 13 + j * 5) % 1000
                    ));
                }
                article(&format!("a{i:05}.md"), &front)
            })
            .collect();
        let taxonomies = ["tags".to_string()];
        let t = timeline(articles, &taxonomies).unwrap();
        assert!(t.events.len() > 2 * 2048, "{}", t.events.len());
        // One pass over the events in timeline order.
        let mut expected: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for (ei, e) in t.events.iter().enumerate() {
            for name in &e.event.terms["tags"] {
                let entry = expected
                    .entry(slugify(name))
                    .or_insert_with(|| (name.clone(), Vec::new()));
                if entry.1.last() != Some(&ei) {
                    entry.1.push(ei);
                }
            }
        }
        let got: BTreeMap<String, (String, Vec<usize>)> = t.taxonomies["tags"]
            .iter()
            .map(|(slug, term)| (slug.clone(), (term.name.clone(), term.events.clone())))
            .collect();
        assert_eq!(got, expected);
        for name in spellings {
            assert_eq!(t.slug(name), slugify(name));
        }
    }

    fn order(articles: Vec<Article>) -> Vec<String> {
        let t = timeline(articles, &["tags".to_string()]).unwrap();
        t.events.iter().map(|e| e.event.id.clone()).collect()
    }

    fn events(path: &str, list: &[(&str, &str)]) -> Article {
        let mut front = String::from("events:\n");
        for (id, date) in list {
            front.push_str(&format!("  - {{id: {id}, title: {id}, date: '{date}'}}\n"));
        }
        article(path, &front)
    }

    #[test]
    fn instants_compare_in_utc_across_zones() {
        // 01:00 +09:00 on the 19th is 16:00Z on the 18th; 20:00 +03:00 on the 18th is 17:00Z.
        let a = events(
            "a.md",
            &[
                ("moscow", "2024-06-18T20:00+03:00"),
                ("seoul", "2024-06-19T01:00+09:00"),
            ],
        );
        assert_eq!(order(vec![a]), ["seoul", "moscow"]);
    }

    #[test]
    fn coarser_precision_first_on_the_same_start() {
        let a = events(
            "a.md",
            &[
                ("day", "2024-01-01"),
                ("month", "2024-01"),
                ("year", "2024"),
            ],
        );
        assert_eq!(order(vec![a]), ["year", "month", "day"]);
    }

    #[test]
    fn earlier_end_first_on_the_same_start_and_precision() {
        let a = events(
            "a.md",
            &[
                ("long", "2024-06-18/2024-06-20"),
                ("short", "2024-06-18/2024-06-19"),
                ("single", "2024-06-18"),
            ],
        );
        assert_eq!(order(vec![a]), ["single", "short", "long"]);
    }

    #[test]
    fn article_path_then_position_break_full_ties() {
        let b = events("b.md", &[("b1", "2024-06-18"), ("b2", "2024-06-18")]);
        let a = events("a.md", &[("a2", "2024-06-18"), ("a1", "2024-06-18")]);
        assert_eq!(order(vec![a, b]), ["a2", "a1", "b1", "b2"]);
    }

    #[test]
    fn bce_sorts_before_ce() {
        let a = events(
            "a.md",
            &[("ce", "0001"), ("bce", "44 BCE"), ("zero", "0000")],
        );
        assert_eq!(order(vec![a]), ["bce", "zero", "ce"]);
    }

    #[test]
    fn same_id_merges_sources_terms_and_articles() {
        let a = article("a.md", "sources: [{name: RIA, url: 'https://ria.ru/'}]\ntags: [visit]\nevents:\n  - {id: arrival, title: Arrival, date: '2024-06-18/2024-06-19'}\n");
        let b = article("b.md", "sources: [CNN]\ntags: [kcna]\nevents:\n  - {id: arrival, title: Other title, date: '2024-06-18/2024-06-19'}\n");
        let t = timeline(vec![a, b], &["tags".to_string()]).unwrap();
        assert_eq!(t.events.len(), 1);
        let e = &t.events[0];
        assert_eq!(
            e.event.title, "Arrival",
            "the first declaration by path wins the text"
        );
        assert_eq!(e.articles, [0, 1]);
        let names: Vec<_> = e.event.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["RIA", "CNN"]);
        assert_eq!(e.event.terms["tags"], ["visit", "kcna"]);
        assert_eq!(t.taxonomies["tags"]["kcna"].events, [0]);
    }

    #[test]
    fn disagreeing_declarations_fail_naming_every_place() {
        let a = events("a.md", &[("arrival", "2024-06-18/2024-06-19")]);
        let b = events("b.md", &[("arrival", "2024-06-19")]);
        let errors = timeline(vec![a, b], &[]).unwrap_err();
        assert_eq!(errors.len(), 2);
        for e in &errors {
            assert!(e.message.contains("a.md:"), "{e:?}");
            assert!(e.message.contains("b.md:"), "{e:?}");
            assert!(e.message.contains("`arrival`"));
        }
        assert_eq!(errors[0].file, std::path::PathBuf::from("a.md"));
        assert_eq!(errors[1].file, std::path::PathBuf::from("b.md"));
    }

    #[test]
    fn a_later_declaration_adds_what_the_first_lacks_and_differences_warn() {
        let a = article(
            "a.md",
            "events:\n  - {id: summit, title: Summit, date: 2024-06-19}\n",
        );
        let b = article("b.md", "events:\n  - {id: summit, title: The summit, date: 2024-06-19, summary: Talks., place: Geneva, mood: calm}\n");
        let c = article("c.md", "events:\n  - {id: summit, title: Summit, date: 2024-06-19, summary: Other talks., place: Bern}\n");
        let t = timeline(vec![a, b, c], &[]).unwrap();
        let e = &t.events[0].event;
        assert_eq!(e.title, "Summit");
        assert_eq!(e.summary_html.as_deref(), Some("<p>Talks.</p>\n"));
        assert_eq!(e.place.as_deref(), Some("Geneva"));
        assert_eq!(e.extra["mood"], "calm");
        let found: Vec<_> = t
            .warnings
            .iter()
            .map(|w| (w.file.display().to_string(), w.code, w.message.as_str()))
            .collect();
        // b.md's title differs from a.md's; c.md's summary from b.md's, the one shown.
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!((found[0].0.as_str(), found[1].0.as_str()), ("b.md", "c.md"));
        assert_eq!(found[0].1, Code::DifferingEvent);
        assert!(found[0].2.contains("`The summit`") && found[0].2.contains("a.md:"));
        assert!(found[1].2.contains("`summary`") && found[1].2.contains("b.md:"));
    }

    #[test]
    fn a_default_id_taken_in_another_article_moves_and_updates_build_anew() {
        let taxonomies = ["tags".to_string()];
        let a = article(
            "a.md",
            "events:\n  - {id: b-talks, title: Written, date: 2000}\n",
        );
        let b = article("b.md", "events:\n  - {title: Talks, date: 2001}\n");
        let base: Vec<Arc<Article>> = vec![Arc::new(a), Arc::new(b)];
        let t = Timeline::new(base.clone(), &taxonomies).unwrap();
        let ids: Vec<_> = t.events.iter().map(|e| e.event.id.as_str()).collect();
        assert_eq!(ids, ["b-talks", "b-talks-2001"]);
        // a.md lets the id go: b.md's event takes its default again, patched or not.
        let mut next = base.clone();
        next[0] = Arc::new(article(
            "a.md",
            "events:\n  - {id: a-other, title: Written, date: 2000}\n",
        ));
        assert!(t.patched(&next, &taxonomies).is_none());
        let updated = t.update(next.clone(), &taxonomies).unwrap();
        assert_eq!(
            summary(&updated),
            summary(&Timeline::new(next, &taxonomies).unwrap())
        );
        assert_eq!(updated.events[1].event.id, "b-talks");
    }

    #[test]
    fn two_terms_with_one_slug_fail_naming_both_spellings_and_places() {
        let taxonomies = ["tags".to_string()];
        let a = article(
            "a.md",
            "tags: [C++]\nevents:\n  - {id: a1, title: A, date: 2000}\n",
        );
        let b = article("b.md", "events:\n  - {id: b1, title: B, date: 2001, tags: [c, Kim]}\n  - {id: b2, title: B, date: 2002, tags: [kim]}\n");
        let errors = timeline(vec![a, b], &taxonomies).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:#?}");
        for e in &errors {
            assert_eq!(e.code, Code::TermCollision);
            assert!(e.message.contains("`C++` (at a.md:5)"), "{e:?}");
            assert!(e.message.contains("`c` (at b.md:4)"), "{e:?}");
            assert!(e.message.contains("`tags/c/`"), "{e:?}");
            assert!(
                !e.message.contains("Kim"),
                "case variants are one term: {e:?}"
            );
        }
        // An edit that brings a colliding spelling is caught by the patch as well.
        let ok = vec![
            Arc::new(article(
                "a.md",
                "events:\n  - {id: a1, title: A, date: 2000, tags: [C]}\n",
            )),
            Arc::new(article(
                "b.md",
                "events:\n  - {id: b1, title: B, date: 2001}\n",
            )),
        ];
        let t = Timeline::new(ok.clone(), &taxonomies).unwrap();
        let mut next = ok;
        next[1] = Arc::new(article(
            "b.md",
            "events:\n  - {id: b1, title: B, date: 2001, tags: [C#]}\n",
        ));
        let err = t.update(next, &taxonomies).unwrap_err();
        assert!(err.iter().all(|e| e.code == Code::TermCollision), "{err:?}");
    }

    #[test]
    fn colliding_slugs_fail_naming_both_files() {
        let a = article("Café.md", "");
        let b = article("cafe.md", "");
        let errors = timeline(vec![a, b], &[]).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("Café.md") && errors[0].message.contains("cafe.md"));
    }

    #[test]
    fn slug_may_not_take_a_taxonomy_folder() {
        let a = article("tags.md", "");
        let errors = timeline(vec![a], &["tags".to_string()]).unwrap_err();
        assert!(errors[0].message.contains("`tags`"), "{errors:?}");
    }
}
