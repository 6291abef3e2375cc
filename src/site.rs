//! The site in memory: settings, theme, every article as last read, the timeline and the rendered
//! pages. `build` fills it once and writes it out; `serve` keeps it and updates it after each
//! change, re-reading only the files whose stamp changed and re-rendering only the pages that
//! show what changed. Either way the pages are the same bytes: one code path renders them.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::error::{Code, Diagnostic, Error};
use crate::model::article::{self, ArticleOptions};
use crate::model::{Article, Timeline};
use crate::output::Staging;
use crate::render::{self, pages, theme::BUILTIN_ASSETS, Theme};
use crate::slug::slugify;
use crate::source::{self, Stamp};
use crate::timing::StageTimer;

/// Whether articles with `draft: true` are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    Include,
    Skip,
}

/// How a site is read and rendered besides its files.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub drafts: Drafts,
    /// Replaces `base_url` of site.yaml when set (`--base-url`).
    pub base_url: Option<String>,
}

/// What may have changed since the last update.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dirty {
    /// `site.yaml`: everything is read and rendered again.
    pub config: bool,
    /// `templates/`: the theme is compiled again and every page rendered, content is not re-read.
    pub templates: bool,
    /// `content/`: the folder is walked, files with a new stamp are read.
    pub content: bool,
    /// Files under `content/` (relative to it, `/`-separated) known to have changed: read again
    /// even when their stamp looks the same (two saves within the file system's clock tick).
    pub touched: BTreeSet<String>,
}

impl Dirty {
    /// Everything: a first build.
    pub fn all() -> Dirty {
        Dirty {
            config: true,
            templates: true,
            content: true,
            touched: BTreeSet::new(),
        }
    }
}

/// What an update changed in the rendered site.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Update {
    /// Output paths rendered again (whether or not their bytes changed).
    pub rendered: Vec<String>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// Whether every page was rendered.
    pub full: bool,
    /// Article files read from disk in this update.
    pub read: usize,
}

/// One article file as last read.
struct Cached {
    stamp: Stamp,
    article: Result<Arc<Article>, Vec<Diagnostic>>,
    warnings: Vec<Diagnostic>,
}

/// The whole site in memory.
pub struct Site {
    root: PathBuf,
    opts: RenderOptions,
    /// Warnings of the whole-site outputs (feeds, calendar) of the last render.
    output_warnings: Vec<Diagnostic>,
    /// Files written by a build straight to its staging folder.
    written: usize,
    /// Event values and cards of the last render, for the next one.
    cards: pages::CardCache,
    /// Leave the whole-site files to [`Site::render_whole_site`] (the preview).
    defer_whole_site: bool,
    /// The whole-site files are older than the pages.
    whole_site_pending: bool,
    config: Option<SiteConfig>,
    theme: Result<Theme, Vec<Diagnostic>>,
    files: BTreeMap<String, Cached>,
    listing_errors: Vec<Diagnostic>,
    listing_warnings: Vec<Diagnostic>,
    timeline: Option<Timeline>,
    pages: BTreeMap<String, Arc<Vec<u8>>>,
}

impl Site {
    /// An empty site for `root`; nothing is read until [`Site::update`].
    pub fn new(root: &Path, drafts: Drafts) -> Site {
        Site::with_options(
            root,
            RenderOptions {
                drafts,
                base_url: None,
            },
        )
    }

    /// An empty site with every option.
    pub fn with_options(root: &Path, opts: RenderOptions) -> Site {
        // Messages name files as a user would type them: `content/a.md`, not `./content/a.md`.
        let root = if root == Path::new(".") {
            PathBuf::new()
        } else {
            root.to_path_buf()
        };
        Site {
            root,
            opts,
            output_warnings: Vec::new(),
            written: 0,
            cards: pages::CardCache::default(),
            defer_whole_site: false,
            whole_site_pending: false,
            config: None,
            theme: Err(Vec::new()),
            files: BTreeMap::new(),
            listing_errors: Vec::new(),
            listing_warnings: Vec::new(),
            timeline: None,
            pages: BTreeMap::new(),
        }
    }

    /// Reads and renders a whole site.
    pub fn load(root: &Path, drafts: Drafts) -> Result<Site, Error> {
        Site::load_with(
            root,
            RenderOptions {
                drafts,
                base_url: None,
            },
        )
    }

    /// Reads and renders a whole site with every option.
    pub fn load_with(root: &Path, opts: RenderOptions) -> Result<Site, Error> {
        let mut site = Site::with_options(root, opts);
        site.update(&Dirty::all())?;
        Ok(site)
    }

    /// Gives up the site's parts: settings, timeline, files (sorted by path), warnings.
    pub fn into_parts(
        self,
    ) -> (
        SiteConfig,
        Option<Timeline>,
        Vec<render::OutputFile>,
        Vec<Diagnostic>,
    ) {
        let warnings = self.warnings();
        let files = self
            .pages
            .into_iter()
            .map(|(path, bytes)| render::OutputFile {
                path,
                bytes: Arc::unwrap_or_clone(bytes),
            })
            .collect();
        (
            self.config.unwrap_or_default(),
            self.timeline,
            files,
            warnings,
        )
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The pages of the last good build, by output path.
    pub fn pages(&self) -> &BTreeMap<String, Arc<Vec<u8>>> {
        &self.pages
    }

    /// The timeline of the last good build.
    pub fn timeline(&self) -> Option<&Timeline> {
        self.timeline.as_ref()
    }

    /// The settings, once read.
    pub fn config(&self) -> Option<&SiteConfig> {
        self.config.as_ref()
    }

    /// Every warning of the current files.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut out = self.listing_warnings.clone();
        if let Ok(theme) = &self.theme {
            out.extend(theme.warnings.iter().cloned());
        }
        out.extend(self.files.values().flat_map(|c| c.warnings.iter().cloned()));
        out.extend(
            self.timeline
                .iter()
                .flat_map(|t| t.warnings.iter().cloned()),
        );
        out.extend(self.output_warnings.iter().cloned());
        out
    }

    /// Brings the site up to date with the files. On errors the pages of the last good build
    /// stay as they were and every error found is returned.
    pub fn update(&mut self, dirty: &Dirty) -> Result<Update, Error> {
        self.update_into(dirty, None)
    }

    /// Reads and renders a whole site straight into a build's staging folder, keeping no page
    /// in memory.
    pub fn build_into(root: &Path, opts: RenderOptions, staging: &Staging) -> Result<Site, Error> {
        let mut site = Site::with_options(root, opts);
        // One build: nothing renders again, so no card is kept for later.
        site.cards = pages::CardCache::for_one_render();
        let update = site.update_into(&Dirty::all(), Some(staging))?;
        site.written = update.rendered.len();
        Ok(site)
    }

    /// From now on, updates render the pages only; [`Site::render_whole_site`] brings the
    /// whole-site files (events.json, feeds, calendar, timeline.json) up to date after them.
    pub fn defer_whole_site(&mut self) {
        self.defer_whole_site = true;
    }

    /// Renders the whole-site files if an update left them behind. Returns their paths.
    pub fn render_whole_site(&mut self) -> Vec<String> {
        let (Some(config), Some(timeline)) = (&self.config, &self.timeline) else {
            return Vec::new();
        };
        if !self.whole_site_pending {
            return Vec::new();
        }
        let views = render::views::Views::new(config, timeline);
        let sink = render::MemorySink::default();
        let warnings = match whole_site_files(&views, &self.root, &sink) {
            Ok(warnings) => warnings,
            Err(never) => match never {},
        };
        self.output_warnings = warnings;
        self.whole_site_pending = false;
        let files = sink.into_files();
        let paths = files.iter().map(|f| f.path.clone()).collect();
        for file in files {
            self.pages.insert(file.path, Arc::new(file.bytes));
        }
        paths
    }

    /// How many files the last [`Site::build_into`] wrote.
    pub fn written(&self) -> usize {
        self.written
    }

    fn update_into(&mut self, dirty: &Dirty, out: Option<&Staging>) -> Result<Update, Error> {
        if dirty.config || self.config.is_none() {
            self.config = None;
            self.files.clear();
            let mut loaded = config::load(&self.root)?;
            if let Some(url) = &self.opts.base_url {
                loaded.base_url = config::check_base_url(url).map_err(Error::Usage)?;
            }
            self.config = Some(loaded);
        }
        let config = self.config.clone().unwrap_or_default();
        let theme_changed = dirty.config || dirty.templates || self.theme.is_err();
        if theme_changed {
            self.theme = match Theme::load(&self.root) {
                Ok(theme) => Ok(theme),
                Err(Error::Site(d)) => Err(d),
                Err(other) => return Err(other),
            };
        }
        let timer = StageTimer::start("read + parse");
        let changed_files = if dirty.content || dirty.config {
            self.rescan(&config, &dirty.touched)?
        } else {
            BTreeSet::new()
        };
        drop(timer);
        let read = changed_files.len();
        let timer = StageTimer::start("check + timeline");
        let timeline = self.check_all(&config)?;
        drop(timer);
        let full = theme_changed
            || self.timeline.is_none()
            || nav_changed(self.timeline.as_ref(), &timeline);
        let selection = match (&self.timeline, full) {
            (Some(old), false) => {
                let affected = affected(old, &timeline, &changed_files, &config);
                self.cards
                    .forget(affected.events.iter().map(String::as_str));
                Some(affected.paths)
            }
            _ => {
                self.cards.clear();
                None
            }
        };
        let mut update = self.render(&config, timeline, selection.as_ref(), out)?;
        update.full = selection.is_none();
        update.read = read;
        Ok(update)
    }

    /// Walks `content/` and re-reads every file whose stamp changed. Returns the paths of the
    /// files read, added or removed.
    fn rescan(
        &mut self,
        config: &SiteConfig,
        touched: &BTreeSet<String>,
    ) -> Result<BTreeSet<String>, Error> {
        if !self.files.is_empty() {
            if let Some(changed) = self.reread_touched(config, touched) {
                return Ok(changed);
            }
        }
        let listing = source::list_content(&self.root)?;
        self.listing_errors = listing.errors;
        self.listing_warnings = listing.warnings;
        let present: HashSet<&str> = listing
            .entries
            .iter()
            .map(|e| e.rel_path.as_str())
            .collect();
        let mut changed: BTreeSet<String> = self
            .files
            .keys()
            .filter(|k| !present.contains(k.as_str()))
            .cloned()
            .collect();
        self.files.retain(|k, _| present.contains(k.as_str()));
        let stale: Vec<&source::Entry> = listing
            .entries
            .iter()
            .filter(|e| {
                touched.contains(&e.rel_path)
                    || self
                        .files
                        .get(&e.rel_path)
                        .is_none_or(|c| c.stamp != e.stamp)
            })
            .collect();
        let opts = ArticleOptions { config };
        let fresh: Vec<(String, Cached)> = stale
            .par_iter()
            .map(|e| (e.rel_path.clone(), read_article(e, &opts)))
            .collect();
        for (rel_path, cached) in fresh {
            changed.insert(rel_path.clone());
            self.files.insert(rel_path, cached);
        }
        Ok(changed)
    }

    /// Re-reads just the files the watcher named, when they are all plain article files (or
    /// gone): no walk of the whole folder. `None` when a folder, a link or anything unusual
    /// changed, so the caller walks everything.
    fn reread_touched(
        &mut self,
        config: &SiteConfig,
        touched: &BTreeSet<String>,
    ) -> Option<BTreeSet<String>> {
        if touched.is_empty() {
            return None;
        }
        let content = self.root.join(source::CONTENT_DIR);
        let mut entries = Vec::new();
        let mut gone = Vec::new();
        for rel in touched {
            // Names the walk skips are no articles, whatever happens to them.
            if rel
                .split('/')
                .any(|c| c.starts_with('.') || c.starts_with('_'))
            {
                continue;
            }
            if !rel.ends_with(".md") {
                return None;
            }
            let path = content.join(rel);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_file() => entries.push(source::Entry {
                    rel_path: rel.clone(),
                    path,
                    stamp: Stamp {
                        modified: m.modified().ok(),
                        len: m.len(),
                    },
                }),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => gone.push(rel.clone()),
                _ => return None,
            }
        }
        let opts = ArticleOptions { config };
        let fresh: Vec<(String, Cached)> = entries
            .par_iter()
            .map(|e| (e.rel_path.clone(), read_article(e, &opts)))
            .collect();
        let mut changed = BTreeSet::new();
        for rel in gone {
            if self.files.remove(&rel).is_some() {
                changed.insert(rel);
            }
        }
        for (rel_path, cached) in fresh {
            changed.insert(rel_path.clone());
            self.files.insert(rel_path, cached);
        }
        Some(changed)
    }

    /// Collects every error of every file, then builds the timeline.
    fn check_all(&self, config: &SiteConfig) -> Result<Timeline, Error> {
        let mut errors: Vec<Diagnostic> = self.listing_errors.clone();
        if let Err(d) = &self.theme {
            errors.extend(d.iter().cloned());
        }
        let mut articles = Vec::with_capacity(self.files.len());
        for cached in self.files.values() {
            match &cached.article {
                Ok(a) if a.draft && self.opts.drafts == Drafts::Skip => {}
                Ok(a) => articles.push(Arc::clone(a)),
                Err(e) => errors.extend(e.iter().cloned()),
            }
        }
        // The preview patches its last timeline when it can (a few articles edited); a build
        // and anything bigger make it anew. Both give the same timeline.
        let timeline = match &self.timeline {
            Some(last) => last.update(articles, &config.taxonomies),
            None => Timeline::new(articles, &config.taxonomies),
        };
        match timeline {
            Ok(t) if errors.is_empty() => Ok(t),
            t => {
                errors.extend(t.err().unwrap_or_default());
                Err(Error::Site(errors))
            }
        }
    }

    /// Renders the selected pages (all when `None`) and makes `timeline` current. Pages go to
    /// `out` when given (a build's staging folder: nothing is kept), else into `self.pages`.
    fn render(
        &mut self,
        config: &SiteConfig,
        timeline: Timeline,
        selection: Option<&HashSet<String>>,
        out: Option<&Staging>,
    ) -> Result<Update, Error> {
        let theme = self.theme.as_ref().map_err(|d| Error::Site(d.clone()))?;
        let views = render::views::Views::new(config, &timeline);
        let templates_dir = self.root.join(render::theme::TEMPLATES_DIR);
        let sink = SiteSink {
            staging: out,
            kept: render::MemorySink::default(),
            rendered: Mutex::new(Vec::new()),
        };
        // The pages and the whole-site files (events.json, feeds, calendar, TimelineJS) are
        // independent: they render at the same time. The preview defers the whole-site files
        // (see `render_whole_site`) so open pages hear of an edit sooner.
        let defer = self.defer_whole_site;
        let root = &self.root;
        let (pages, whole_site) = rayon::join(
            || {
                let _timer = StageTimer::start("pages");
                pages::render(theme, &views, selection, &mut self.cards, &sink)
            },
            || (!defer).then(|| whole_site_files(&views, root, &sink)),
        );
        pages.map_err(|failure| match failure {
            pages::Failure::Template(e) => Error::Site(vec![e.with_dir(&templates_dir)]),
            pages::Failure::Put(e) => e,
        })?;
        match whole_site {
            Some(warnings) => {
                self.output_warnings = warnings?;
                self.whole_site_pending = false;
            }
            None => self.whole_site_pending = true,
        }
        let mut update = Update::default();
        if selection.is_none() {
            self.pages.clear();
            for (path, bytes) in BUILTIN_ASSETS {
                render::Sink::put(&sink, path, bytes)?;
            }
        }
        // Pages kept from before that the site no longer has (the preview's; a build keeps none).
        if !self.pages.is_empty() {
            let expected = pages::all_paths(&views);
            update.removed = self
                .pages
                .keys()
                .filter(|p| p.ends_with(".html") && !expected.contains(p.as_str()))
                .cloned()
                .collect();
        }
        for path in &update.removed {
            self.pages.remove(path);
        }
        for file in sink.kept.into_files() {
            self.pages.insert(file.path, Arc::new(file.bytes));
        }
        update.rendered = sink.rendered.into_inner().unwrap_or_default();
        update.rendered.sort();
        self.timeline = Some(timeline);
        Ok(update)
    }
}

/// `events.json`, the feeds, the calendar, `timeline.json`, the sitemap: files made from the
/// whole timeline, each handed to the sink as soon as it is made.
fn whole_site_files<S: render::Sink>(
    views: &render::views::Views,
    root: &Path,
    sink: &S,
) -> Result<Vec<Diagnostic>, S::Error> {
    let _timer = StageTimer::start("events.json + feeds");
    let config = views.config;
    render::json::events_json(views.timeline, &config.base_url, &config.taxonomies, sink)?;
    render::publishing_outputs(views, &root.join(config::CONFIG_FILE), sink)
}

/// Where [`Site::render`] puts files: a build's staging folder, else memory (then kept in
/// `Site::pages`). Either way it notes every path rendered.
struct SiteSink<'a> {
    staging: Option<&'a Staging>,
    kept: render::MemorySink,
    rendered: Mutex<Vec<String>>,
}

/// A file being written: in a build's staging folder (which finishes it), or in memory.
enum SiteWriter<'a> {
    File(&'a Staging, std::io::BufWriter<std::fs::File>),
    Memory(Vec<u8>),
}

impl std::io::Write for SiteWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            SiteWriter::File(_, f) => f.write(buf),
            SiteWriter::Memory(v) => v.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            SiteWriter::File(_, f) => f.write_all(buf),
            SiteWriter::Memory(v) => v.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            SiteWriter::File(_, f) => f.flush(),
            SiteWriter::Memory(_) => Ok(()),
        }
    }
}

impl<'a> render::Sink for SiteSink<'a> {
    type Writer = SiteWriter<'a>;
    type Error = Error;

    fn open(&self, path: &str) -> Result<SiteWriter<'a>, Error> {
        match self.staging {
            Some(staging) => Ok(SiteWriter::File(staging, staging.create(path)?)),
            None => Ok(SiteWriter::Memory(Vec::new())),
        }
    }

    fn close(&self, path: &str, writer: SiteWriter<'a>) -> Result<(), Error> {
        if let Ok(mut r) = self.rendered.lock() {
            r.push(path.to_string());
        }
        match writer {
            SiteWriter::File(staging, file) => staging.finish(path, file),
            SiteWriter::Memory(bytes) => match self.kept.close(path, bytes) {
                Ok(()) => Ok(()),
                Err(never) => match never {},
            },
        }
    }

    fn failed(&self, path: &str, err: std::io::Error) -> Error {
        match self.staging {
            Some(staging) => staging.failed(path, err),
            None => Error::io(Path::new(path), err),
        }
    }
}

fn read_article(entry: &source::Entry, opts: &ArticleOptions) -> Cached {
    let limit = opts.config.limits.file_bytes;
    let read = if entry.stamp.len > limit {
        Err(Diagnostic::error(
            Code::Unreadable,
            &entry.path,
            None,
            format!(
                "the file is {} bytes, over the limit of {limit}; not read \
                 (raise `limits: {{file_bytes: N}}` in site.yaml)",
                entry.stamp.len
            ),
        ))
    } else {
        source::read_one(entry.rel_path.clone(), entry.path.clone())
    };
    let (article, warnings) = match read {
        Ok(file) => {
            let checked = article::from_source(&file.rel_path, file.display_path, &file.text, opts);
            (checked.article.map(Arc::new), checked.warnings)
        }
        Err(d) => (Err(vec![d]), Vec::new()),
    };
    Cached {
        stamp: entry.stamp,
        article,
        warnings,
    }
}

/// Whether something every page shows changed: the plain pages in the navigation.
fn nav_changed(old: Option<&Timeline>, new: &Timeline) -> bool {
    fn nav(t: &Timeline) -> Vec<(&str, &str)> {
        t.articles
            .iter()
            .filter(|a| a.is_page())
            .map(|a| (a.slug.as_str(), a.title.as_str()))
            .collect()
    }
    old.is_none_or(|old| nav(old) != nav(new))
}

/// What a change touches: the events declared by the changed files (in the old or the new
/// timeline) and every output path that shows one of them.
struct Affected {
    paths: HashSet<String>,
    events: HashSet<String>,
}

/// The pages to render again after the changed files were read: the changed articles' pages,
/// every article page that shows one of their events, the pages of the timeline and of each
/// touched term's timeline that hold one of those events or whose content moved, and the
/// taxonomy indexes.
fn affected(
    old: &Timeline,
    new: &Timeline,
    changed: &BTreeSet<String>,
    config: &SiteConfig,
) -> Affected {
    let mut events: HashSet<String> = HashSet::new();
    let mut paths: HashSet<String> = HashSet::new();
    for t in [old, new] {
        for (ai, a) in t.articles.iter().enumerate() {
            if changed.contains(&a.rel_path) {
                paths.insert(format!("{}/index.html", a.slug));
                events.extend(
                    t.article_events[ai]
                        .iter()
                        .map(|&ei| t.events[ei].event.id.clone()),
                );
            }
        }
    }
    let mut terms: BTreeSet<(String, String)> = BTreeSet::new();
    for t in [old, new] {
        for e in t.events.iter().filter(|e| events.contains(&e.event.id)) {
            for &ai in &e.articles {
                paths.insert(format!("{}/index.html", t.articles[ai].slug));
            }
            for (taxonomy, names) in &e.event.terms {
                terms.extend(names.iter().map(|n| (taxonomy.clone(), slugify(n))));
            }
        }
    }
    for taxonomy in new.taxonomies.keys() {
        paths.insert(format!("{taxonomy}/index.html"));
    }
    let all = |t: &Timeline| (0..t.events.len()).collect::<Vec<usize>>();
    paths.extend(timeline_pages(
        "",
        (old, &all(old)),
        (new, &all(new)),
        &events,
        config,
    ));
    for (taxonomy, slug) in &terms {
        let term_events = |t: &Timeline| {
            t.taxonomies
                .get(taxonomy)
                .and_then(|m| m.get(slug))
                .map(|term| term.events.clone())
                .unwrap_or_default()
        };
        let dir = format!("{taxonomy}/{slug}");
        paths.extend(timeline_pages(
            &dir,
            (old, &term_events(old)),
            (new, &term_events(new)),
            &events,
            config,
        ));
    }
    Affected { paths, events }
}

/// The pages of one timeline (the site's, or a term's, in `dir`) to render again: all of
/// them when the count or the years on each page changed (every page shows those), else the
/// pages whose events changed or moved.
fn timeline_pages(
    dir: &str,
    old: (&Timeline, &[usize]),
    new: (&Timeline, &[usize]),
    touched: &HashSet<String>,
    config: &SiteConfig,
) -> Vec<String> {
    let paginate = match config.paginate {
        0 => usize::MAX,
        n => n,
    };
    fn layout<'t>(
        (t, events): (&'t Timeline, &[usize]),
        order: crate::config::Order,
    ) -> Vec<(&'t str, i32)> {
        let mut shown: Vec<(&str, i32)> = events
            .iter()
            .map(|&i| {
                (
                    t.events[i].event.id.as_str(),
                    t.events[i].event.start.year(),
                )
            })
            .collect();
        if order == crate::config::Order::Descending {
            shown.reverse();
        }
        shown
    }
    fn ids_on<'a>(shown: &[(&'a str, i32)], n: usize, paginate: usize) -> Vec<&'a str> {
        let start = (n - 1).saturating_mul(paginate).min(shown.len());
        let end = start.saturating_add(paginate).min(shown.len());
        shown[start..end].iter().map(|(id, _)| *id).collect()
    }
    let (old, new) = (layout(old, config.order), layout(new, config.order));
    let years = |shown: &[(&str, i32)]| -> Vec<Vec<i32>> {
        shown
            .chunks(paginate)
            .map(|c| {
                let mut ys: Vec<i32> = c.iter().map(|(_, y)| *y).collect();
                ys.dedup();
                ys
            })
            .collect()
    };
    let pages = pages::page_count(old.len().max(new.len()), config.paginate);
    let every = old.len() != new.len() || years(&old) != years(&new);
    (1..=pages)
        .filter(|&n| {
            let (was, is) = (ids_on(&old, n, paginate), ids_on(&new, n, paginate));
            every || was != is || is.iter().any(|id| touched.contains(*id))
        })
        .map(|n| pages::timeline_page_path(dir, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixture {
        dir: tempfile::TempDir,
    }

    impl Fixture {
        fn new(files: &[(&str, &str)]) -> Fixture {
            let f = Fixture {
                dir: tempfile::tempdir().unwrap(),
            };
            for (path, text) in files {
                f.write(path, text);
            }
            f
        }
        fn path(&self, rel: &str) -> PathBuf {
            self.dir.path().join(rel)
        }
        fn write(&self, rel: &str, text: &str) {
            let path = self.path(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        /// A full build of the files as they are now.
        fn fresh(&self) -> BTreeMap<String, Arc<Vec<u8>>> {
            Site::load(self.dir.path(), Drafts::Skip)
                .unwrap_or_else(|e| panic!("{e}"))
                .pages()
                .clone()
        }
    }

    fn article(title: &str, id: &str, date: &str, tag: &str) -> String {
        format!(
            "---\ntitle: {title}\ndate: 2024-06-19\ntags: [{tag}]\nevents:\n  - {{id: {id}, title: {title}, date: '{date}'}}\n---\nBody of {title}.\n"
        )
    }

    fn content(rel: &str) -> Dirty {
        Dirty {
            content: true,
            touched: [rel.to_string()].into(),
            ..Dirty::default()
        }
    }

    fn assert_same(site: &Site, f: &Fixture, step: &str) {
        let fresh = f.fresh();
        let keys: Vec<_> = site.pages().keys().collect();
        let fresh_keys: Vec<_> = fresh.keys().collect();
        assert_eq!(keys, fresh_keys, "{step}: the same pages");
        for (path, bytes) in &fresh {
            assert!(
                site.pages()[path] == *bytes,
                "{step}: {path} differs from a full build"
            );
        }
    }

    #[test]
    fn incremental_updates_equal_full_builds() {
        let f = Fixture::new(&[
            ("content/a.md", &article("Alpha", "alpha", "2000", "old")),
            (
                "content/b.md",
                &article("Beta", "beta", "2024-06", "shared"),
            ),
            ("content/about.md", "---\ntitle: About\n---\nHi\n"),
            // One event per timeline page: every edit moves events between pages.
            ("site.yaml", "paginate: 1\n"),
        ]);
        let mut site = Site::load(f.dir.path(), Drafts::Skip).unwrap();
        assert!(site.pages().contains_key("page/2/index.html"));
        assert_same(&site, &f, "first build");

        // An edit that moves an event and changes its tag: one file read, not a full render.
        f.write("content/a.md", &article("Alpha", "alpha", "2030", "new"));
        let u = site.update(&content("a.md")).unwrap();
        assert_eq!((u.read, u.full), (1, false));
        assert!(
            u.removed.contains(&"tags/old/index.html".to_string()),
            "{u:?}"
        );
        assert!(!u.rendered.contains(&"b/index.html".to_string()), "{u:?}");
        assert_same(&site, &f, "edit");

        // A new article declaring the same event as b.md: b's page shows the merged event.
        f.write(
            "content/sub/c.md",
            &article("Gamma", "beta", "2024-06", "shared"),
        );
        let u = site.update(&content("sub/c.md")).unwrap();
        assert!(u.rendered.contains(&"b/index.html".to_string()), "{u:?}");
        assert_same(&site, &f, "add");

        // A rename: the old page goes, the new one comes.
        std::fs::rename(f.path("content/sub/c.md"), f.path("content/sub/d.md")).unwrap();
        let mut dirty = content("sub/c.md");
        dirty.touched.insert("sub/d.md".into());
        let u = site.update(&dirty).unwrap();
        assert!(u.removed.contains(&"c/index.html".to_string()), "{u:?}");
        assert_same(&site, &f, "rename");

        // A broken edit keeps the last good pages; fixing it brings the new ones.
        let before = site.pages().clone();
        f.write("content/b.md", "---\ntitle: Beta\ndate: 2024-02-30\n---\n");
        let err = site.update(&content("b.md")).unwrap_err();
        assert!(err.to_string().contains("2024-02-30"), "{err}");
        assert_eq!(site.pages(), &before, "the last good site stays");
        f.write(
            "content/b.md",
            &article("Beta two", "beta", "2024-06", "shared"),
        );
        site.update(&content("b.md")).unwrap();
        assert_same(&site, &f, "fix");

        // A deletion, a new plain page (the navigation of every page changes), a template.
        std::fs::remove_file(f.path("content/sub/d.md")).unwrap();
        site.update(&content("sub/d.md")).unwrap();
        assert_same(&site, &f, "delete");
        f.write("content/contact.md", "---\ntitle: Contact\n---\nMail us\n");
        let u = site.update(&content("contact.md")).unwrap();
        assert!(u.full, "a new page in the navigation renders every page");
        assert_same(&site, &f, "new page");
        f.write("templates/partials/date.html", "<b>{{ date.text }}</b>");
        let u = site
            .update(&Dirty {
                templates: true,
                ..Dirty::default()
            })
            .unwrap();
        assert_eq!((u.read, u.full), (0, true));
        assert_same(&site, &f, "template");
        f.write("site.yaml", "title: Renamed\n");
        site.update(&Dirty {
            config: true,
            ..Dirty::default()
        })
        .unwrap();
        assert_same(&site, &f, "site.yaml");
    }
}
