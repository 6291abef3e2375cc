//! The site in memory: settings, theme, every article as last read, the timeline and the rendered
//! pages. `build` fills it once and writes it out; `serve` keeps it and updates it after each
//! change, re-reading only the files whose stamp changed and re-rendering only the pages that
//! show what changed. Either way the pages are the same bytes: one code path renders them.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::error::{Code, Diagnostic, Error};
use crate::model::article::{self, ArticleOptions};
use crate::model::{Article, Timeline};
use crate::output::Staging;
use crate::render::plan::{self, Kind, Plan, Planned, Touched};
use crate::render::{self, pages, theme::BUILTIN_ASSETS, Theme};
use crate::source::{self, Stamp};
use crate::timing::StageTimer;

/// Whether articles with `draft: true` are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    Include,
    Skip,
}

impl Drafts {
    /// Whether a build shows `article`.
    pub fn shows(self, article: &Article) -> bool {
        !article.draft || self == Drafts::Include
    }
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
    /// Pages of the last plan that clashed with others.
    plan_warnings: Vec<Diagnostic>,
    /// Files written by a build straight to its staging folder.
    written: usize,
    /// What the preview keeps between renders; `None` for a site rendered once.
    preview: Option<Preview>,
    config: Option<SiteConfig>,
    theme: Result<Theme, Vec<Diagnostic>>,
    files: BTreeMap<String, Cached>,
    listing_errors: Vec<Diagnostic>,
    listing_warnings: Vec<Diagnostic>,
    timeline: Option<Timeline>,
    /// The pages of `timeline`.
    plan: Plan,
    pages: BTreeMap<String, Arc<Vec<u8>>>,
    /// The processed media of `timeline` and the files they were published as.
    media: crate::images::Prepared,
}

/// What the preview keeps between renders, so that an edit renders only what it touched and
/// open pages hear of it before the whole-site files are made again.
#[derive(Default)]
struct Preview {
    /// Each event's card, from the last render.
    cards: pages::CardCache,
    /// The whole-site files are older than the pages ([`Site::render_whole_site`]).
    whole_site_pending: bool,
    /// The paths the last [`Site::render_whole_site`] made: those it does not make again
    /// (a term's feeds when the term is gone) are taken out of the pages.
    whole_site_paths: Vec<String>,
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
            plan_warnings: Vec::new(),
            written: 0,
            preview: None,
            media: Default::default(),
            config: None,
            theme: Err(Vec::new()),
            files: BTreeMap::new(),
            listing_errors: Vec::new(),
            listing_warnings: Vec::new(),
            timeline: None,
            plan: Plan::default(),
            pages: BTreeMap::new(),
        }
    }

    /// An empty site for the preview: it keeps the cards between updates, and its updates
    /// render the pages only; [`Site::render_whole_site`] brings the whole-site files
    /// (events.json, feeds, calendar, timeline.json) up to date after them.
    pub fn for_preview(root: &Path, opts: RenderOptions) -> Site {
        Site {
            preview: Some(Preview::default()),
            ..Site::with_options(root, opts)
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

    /// Gives up the site's parts: settings, timeline, plan, files (sorted by path), warnings.
    pub fn into_parts(
        self,
    ) -> (
        SiteConfig,
        Option<Timeline>,
        Plan,
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
            self.plan,
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
            if let Some(config) = &self.config {
                out.extend(
                    theme.untranslated_warning(
                        &config.language,
                        &self.root.join(config::CONFIG_FILE),
                    ),
                );
            }
        }
        out.extend(self.files.values().flat_map(|c| c.warnings.iter().cloned()));
        out.extend(
            self.timeline
                .iter()
                .flat_map(|t| t.warnings.iter().cloned()),
        );
        out.extend(self.output_warnings.iter().cloned());
        out.extend(self.plan_warnings.iter().cloned());
        out
    }

    /// The plan of the last good build's pages.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Brings the site up to date with the files, its pages kept in memory. On errors the
    /// pages of the last good build stay as they were and every error found is returned.
    pub fn update(&mut self, dirty: &Dirty) -> Result<Update, Error> {
        let sink = SiteSink::new(MemoryPut::default());
        let mut update = self.update_into(dirty, &sink)?;
        update.rendered = sink.rendered.into_inner().unwrap_or_default();
        update.rendered.sort();
        for file in sink.put.0.into_files() {
            self.pages.insert(file.path, Arc::new(file.bytes));
        }
        Ok(update)
    }

    /// Reads and renders a whole site straight into a build's staging folder, keeping no page
    /// in memory.
    pub fn build_into(root: &Path, opts: RenderOptions, staging: &Staging) -> Result<Site, Error> {
        let mut site = Site::with_options(root, opts);
        let sink = SiteSink::new(staging);
        site.update_into(&Dirty::all(), &sink)?;
        site.written = sink.rendered.into_inner().map_or(0, |r| r.len());
        Ok(site)
    }

    /// Renders the whole-site files if an update left them behind. Returns their paths.
    pub fn render_whole_site(&mut self) -> Vec<String> {
        let (Some(config), Some(timeline)) = (&self.config, &self.timeline) else {
            return Vec::new();
        };
        let Some(preview) = self.preview.as_mut().filter(|p| p.whole_site_pending) else {
            return Vec::new();
        };
        // With the media: the exports name the processed sizes, as a build's do.
        let config = rendered_config(config, timeline);
        let views = render::views::Views::new(&config, timeline).with_media(&self.media.index);
        // The pages rendered with this theme and language before the whole-site files fell
        // behind them: both are good.
        let Some(lang) = self
            .theme
            .as_ref()
            .ok()
            .and_then(|t| t.language(&config.language).ok())
        else {
            return Vec::new();
        };
        let sink = render::MemorySink::default();
        let warnings = match whole_site_files(&views, &lang, &self.plan, &self.root, &sink) {
            Ok(warnings) => warnings,
            Err(never) => match never {},
        };
        self.output_warnings = warnings;
        preview.whole_site_pending = false;
        let files = sink.into_files();
        let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        let made: HashSet<&str> = paths.iter().map(String::as_str).collect();
        for gone in preview
            .whole_site_paths
            .iter()
            .filter(|p| !made.contains(p.as_str()))
        {
            self.pages.remove(gone);
        }
        preview.whole_site_paths.clone_from(&paths);
        for file in files {
            self.pages.insert(file.path, Arc::new(file.bytes));
        }
        paths
    }

    /// How many files the last [`Site::build_into`] wrote.
    pub fn written(&self) -> usize {
        self.written
    }

    fn update_into<P: Put>(&mut self, dirty: &Dirty, sink: &SiteSink<P>) -> Result<Update, Error> {
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
            self.theme = match read_theme(&self.root) {
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
        let config = rendered_config(&config, &timeline).into_owned();
        drop(timer);
        let timer = StageTimer::start("media");
        // The preview's last media are reused file by file (unchanged stamps) under the same
        // settings; `site.yaml` may have changed them.
        let previous = (!dirty.config).then_some(&self.media);
        let media = crate::images::prepare(&self.root, &config, &timeline, previous);
        if !media.errors.is_empty() {
            return Err(Error::Site(media.errors));
        }
        drop(timer);
        // Pages showing a medium whose file now gives other sizes (or none) render again.
        let (media_events, media_articles) =
            crate::images::showing(&timeline, &self.media.changed_inputs(&media));
        let changed_files: BTreeSet<String> =
            changed_files.into_iter().chain(media_articles).collect();
        let plan = Plan::new(&config, &timeline);
        let full = theme_changed
            || self.timeline.is_none()
            || nav_changed(self.timeline.as_ref(), &timeline)
            || self
                .timeline
                .as_ref()
                .is_some_and(|old| !sheet_eras(old).eq(sheet_eras(&timeline)));
        let selection = match (&self.timeline, full) {
            (Some(old), false) => {
                let mut events = plan::touched_events(old, &timeline, &changed_files);
                events.extend(media_events);
                if let Some(preview) = &mut self.preview {
                    preview.cards.forget(events.iter().map(String::as_str));
                }
                let touched = Touched {
                    events: &events,
                    files: &changed_files,
                };
                Some(Plan::changed(
                    Planned {
                        plan: &self.plan,
                        timeline: old,
                    },
                    Planned {
                        plan: &plan,
                        timeline: &timeline,
                    },
                    &touched,
                ))
            }
            _ => {
                if let Some(preview) = &mut self.preview {
                    preview.cards.clear();
                }
                None
            }
        };
        let media_files = std::mem::replace(&mut self.media, media).outputs;
        let mut update = self.render(&config, timeline, plan, selection.as_ref(), sink)?;
        // Media files: all of them after a full render, else those new or changed since (a
        // file's path, source and the stamp of its input tell).
        for file in &self.media.outputs {
            if selection.is_none() || !media_files.contains(file) {
                let bytes = std::fs::read(&file.from).map_err(|e| Error::io(&file.from, e))?;
                render::Sink::put(sink, &file.path, &bytes)?;
                update.rendered.push(file.path.clone());
            }
        }
        // And those no medium or bundle publishes any more are gone from the preview.
        if selection.is_some() {
            let now: HashSet<&str> = self.media.outputs.iter().map(|f| f.path.as_str()).collect();
            for file in media_files
                .iter()
                .filter(|f| !now.contains(f.path.as_str()))
            {
                if self.pages.remove(&file.path).is_some() {
                    update.removed.push(file.path.clone());
                }
            }
        }
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
            if !source::is_article(Path::new(rel)) {
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
                Ok(a) if !self.opts.drafts.shows(a) => {}
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

    /// Renders the selected pages of `plan` (all when `None`) into `sink` and makes `timeline`
    /// and `plan` current.
    fn render<P: Put>(
        &mut self,
        config: &SiteConfig,
        timeline: Timeline,
        plan: Plan,
        selection: Option<&HashSet<String>>,
        sink: &SiteSink<P>,
    ) -> Result<Update, Error> {
        let theme = self.theme.as_ref().map_err(|d| Error::Site(d.clone()))?;
        let media = self.media.index.clone();
        let views = render::views::Views::new(config, &timeline).with_media(&media);
        let templates_dir = self.root.join(render::theme::TEMPLATES_DIR);
        // The pages and the whole-site files (events.json, feeds, calendar, TimelineJS) are
        // independent: they render at the same time. The preview leaves the whole-site files
        // to `render_whole_site` so open pages hear of an edit sooner.
        let (cards, whole_site) = match &mut self.preview {
            Some(preview) => (Some(&mut preview.cards), WholeSite::Later),
            None => (None, WholeSite::WithPages),
        };
        let rendered = render_files(
            theme, &views, &plan, selection, cards, whole_site, &self.root, sink,
        )
        .map_err(|failure| match failure {
            pages::Failure::Template(e) => Error::Site(vec![e.with_dir(&templates_dir)]),
            pages::Failure::Put(e) => e,
        })?;
        match rendered {
            Some(warnings) => self.output_warnings = warnings,
            None => {
                if let Some(preview) = &mut self.preview {
                    preview.whole_site_pending = true;
                }
            }
        }
        self.plan_warnings = clash_warnings(&plan, &timeline);
        let mut update = Update::default();
        if selection.is_none() {
            self.pages.clear();
            for (path, bytes) in BUILTIN_ASSETS {
                render::Sink::put(sink, path, bytes)?;
            }
        }
        // Pages kept from before that the site no longer has (the preview's; a build keeps none).
        if !self.pages.is_empty() {
            let expected: HashSet<&str> = plan.paths().collect();
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
        self.timeline = Some(timeline);
        self.plan = plan;
        Ok(update)
    }
}

/// Pages of the plan that claimed another page's path: warnings (the first page is written),
/// that `check` counts as errors.
fn clash_warnings(plan: &Plan, timeline: &Timeline) -> Vec<Diagnostic> {
    plan.clashes
        .iter()
        .map(|c| {
            // An article is what an author can change: name its file.
            let file = match (&c.kept, &c.dropped) {
                (Kind::Article(i), _) | (_, Kind::Article(i)) => {
                    timeline.articles[*i].display_path.clone()
                }
                _ => PathBuf::from(&c.path),
            };
            Diagnostic::warning(
                Code::DuplicateOutput,
                file,
                None,
                format!(
                    "{} and {} both claim the output path `{}` (compared without case); only the first is written",
                    c.kept.describe(timeline),
                    c.dropped.describe(timeline),
                    c.path
                ),
            )
        })
        .collect()
}

/// When a render makes the whole-site files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WholeSite {
    /// Beside the pages, at the same time.
    WithPages,
    /// Not now: the preview makes them after the pages ([`Site::render_whole_site`]).
    Later,
}

/// The one render of a site's files: the pages of `plan` in `selection` (all when `None`), with
/// the cards of `cards` when given (the preview's), and the whole-site files beside them unless
/// they come `Later`, into `sink`. Returns the whole-site files' warnings when they were made.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_files<S: render::Sink>(
    theme: &Theme,
    views: &render::views::Views,
    plan: &Plan,
    selection: Option<&HashSet<String>>,
    cards: Option<&mut pages::CardCache>,
    whole_site: WholeSite,
    root: &Path,
    sink: &S,
) -> Result<Option<Vec<Diagnostic>>, pages::Failure<S::Error>> {
    let lang = theme
        .language(&views.config.language)
        .map_err(pages::Failure::Template)?;
    let (pages, whole_site) = rayon::join(
        || {
            let _timer = StageTimer::start("pages");
            pages::render(theme, views, plan, selection, cards, sink)
        },
        || {
            (whole_site == WholeSite::WithPages)
                .then(|| whole_site_files(views, &lang, plan, root, sink))
        },
    );
    pages?;
    whole_site.transpose().map_err(pages::Failure::Put)
}

/// `events.json`, the feeds (of articles and of events), the calendar, `timeline.json`, the
/// sitemap: files made from the whole timeline, each handed to the sink as soon as it is made.
fn whole_site_files<S: render::Sink>(
    views: &render::views::Views,
    lang: &crate::i18n::Language,
    plan: &Plan,
    root: &Path,
    sink: &S,
) -> Result<Vec<Diagnostic>, S::Error> {
    let _timer = StageTimer::start("events.json + feeds");
    let config = views.config;
    render::json::events_json(views.timeline, config, views.media, sink)?;
    render::search::write(views, plan, sink)?;
    render::publishing_outputs(views, plan, lang, &root.join(config::CONFIG_FILE), sink)
}

/// Where [`Site`] puts a render's files: a build's staging folder, or memory (then kept in
/// `Site::pages`).
pub trait Put: Sync {
    type Writer: std::io::Write;
    fn open(&self, path: &str) -> Result<Self::Writer, Error>;
    fn close(&self, path: &str, writer: Self::Writer) -> Result<(), Error>;
    fn failed(&self, path: &str, err: std::io::Error) -> Error;
}

impl Put for &Staging {
    type Writer = std::io::BufWriter<std::fs::File>;
    fn open(&self, path: &str) -> Result<Self::Writer, Error> {
        self.create(path)
    }
    fn close(&self, path: &str, writer: Self::Writer) -> Result<(), Error> {
        self.finish(path, writer)
    }
    fn failed(&self, path: &str, err: std::io::Error) -> Error {
        Staging::failed(self, path, err)
    }
}

/// Files kept in memory.
#[derive(Default)]
struct MemoryPut(render::MemorySink);

impl Put for MemoryPut {
    type Writer = Vec<u8>;
    fn open(&self, _: &str) -> Result<Vec<u8>, Error> {
        Ok(Vec::new())
    }
    fn close(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error> {
        match render::Sink::close(&self.0, path, bytes) {
            Ok(()) => Ok(()),
            Err(never) => match never {},
        }
    }
    fn failed(&self, path: &str, err: std::io::Error) -> Error {
        Error::io(Path::new(path), err)
    }
}

/// A [`Put`] that notes every path rendered.
pub struct SiteSink<P> {
    put: P,
    rendered: Mutex<Vec<String>>,
}

impl<P> SiteSink<P> {
    fn new(put: P) -> Self {
        SiteSink {
            put,
            rendered: Mutex::new(Vec::new()),
        }
    }
}

impl<P: Put> render::Sink for SiteSink<P> {
    type Writer = P::Writer;
    type Error = Error;

    fn open(&self, path: &str) -> Result<P::Writer, Error> {
        self.put.open(path)
    }

    fn close(&self, path: &str, writer: P::Writer) -> Result<(), Error> {
        if let Ok(mut r) = self.rendered.lock() {
            r.push(path.to_string());
        }
        self.put.close(path, writer)
    }

    fn failed(&self, path: &str, err: std::io::Error) -> Error {
        self.put.failed(path, err)
    }
}

/// The theme: the site's `templates/` read here, at the input edge, then compiled over the
/// built-in templates.
fn read_theme(site: &Path) -> Result<Theme, Error> {
    let dir = site.join(render::theme::TEMPLATES_DIR);
    let (files, warnings) = read_overrides(site, &dir)?;
    Theme::from_files(&dir, files, warnings)
}

/// What reading `templates/` found: (name relative to it, text), and warnings.
type Overrides = (Vec<(String, String)>, Vec<Diagnostic>);

/// Reads every file under the site's `templates/` as (name relative to it, text). Symbolic
/// links are followed only to files inside the site, as in `content/`.
fn read_overrides(site: &Path, dir: &Path) -> Result<Overrides, Error> {
    use walkdir::WalkDir;
    if !dir.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let site_abs = dir
        .canonicalize()
        .map_err(|err| Error::io(dir, err))?
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| site.to_path_buf());
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, err.into())
        })?;
        if entry.file_type().is_symlink() {
            if let crate::source::Link::Skip(why) =
                crate::source::follow_link(entry.path(), &site_abs)
            {
                warnings.push(Diagnostic::warning(
                    Code::ContentLink,
                    entry.path(),
                    None,
                    why,
                ));
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Some(name) = entry.path().strip_prefix(dir).ok().and_then(|p| p.to_str()) else {
            continue;
        };
        if name.starts_with('.') || name.starts_with("assets/") {
            continue;
        }
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => out.push((name.replace('\\', "/"), text)),
            Err(err) => errors.push(Diagnostic::error(
                Code::Unreadable,
                entry.path(),
                None,
                format!("cannot read template: {err}"),
            )),
        }
    }
    if errors.is_empty() {
        Ok((out, warnings))
    } else {
        Err(Error::Site(errors))
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

/// The settings pages are rendered with: `site.yaml`'s, and the eras of the sheets' `Type:
/// era` rows after its own (eras as `site.yaml`'s are, drawn on every listing).
pub(crate) fn rendered_config<'c>(
    config: &'c SiteConfig,
    timeline: &Timeline,
) -> Cow<'c, SiteConfig> {
    if sheet_eras(timeline).next().is_none() {
        return Cow::Borrowed(config);
    }
    let mut with_eras = config.clone();
    with_eras.eras.extend(sheet_eras(timeline).cloned());
    Cow::Owned(with_eras)
}

/// The eras of the sheets of `timeline`, in the order of their files.
fn sheet_eras(timeline: &Timeline) -> impl Iterator<Item = &crate::config::Era> {
    timeline.articles.iter().flat_map(|a| a.eras.iter())
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

    /// A preview site whose every update is followed by its whole-site files, as `serve` does.
    struct Stepped<'s>(&'s mut Site);

    impl Stepped<'_> {
        fn update(&mut self, dirty: &Dirty) -> Result<Update, Error> {
            let update = self.0.update(dirty)?;
            self.0.render_whole_site();
            Ok(update)
        }
        fn pages(&self) -> &BTreeMap<String, Arc<Vec<u8>>> {
            self.0.pages()
        }
    }

    fn assert_same(site: &Stepped, f: &Fixture, step: &str) {
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
    fn a_changed_photo_renders_again_only_the_pages_that_show_it() {
        let photo = |f: &Fixture, w: u32, h: u32| {
            let path = f.path("content/trip/pyongyang.png");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, crate::images::tests::png(w, h)).unwrap();
        };
        let f = Fixture::new(&[
            (
                "content/trip/index.md",
                "---\ntitle: Trip\ndate: 2024-06-19\nevents:\n  - id: arrival\n    title: Arrival\n    date: 2024-06-18\n    media: {src: pyongyang.png, alt: The city at night}\n---\nBody.\n",
            ),
            ("content/trip/notes.txt", "one"),
            ("content/b.md", &article("Beta", "beta", "2000", "shared")),
            ("site.yaml", "images: {widths: [40, 80], cache: .cache}\n"),
        ]);
        photo(&f, 120, 60);
        let mut site = Site::for_preview(
            f.dir.path(),
            RenderOptions {
                drafts: Drafts::Skip,
                base_url: None,
            },
        );
        let mut site = Stepped(&mut site);
        site.update(&Dirty::all()).unwrap();
        assert_same(&site, &f, "first build");
        let page =
            |site: &Stepped| String::from_utf8(site.pages()["trip/index.html"].to_vec()).unwrap();
        assert!(page(&site).contains(r#"height="60""#), "{}", page(&site));

        // The same size, other pixels: the files change, no page does.
        std::fs::write(
            f.path("content/trip/pyongyang.png"),
            crate::images::tests::png(120, 60)
                .iter()
                .rev()
                .copied()
                .collect::<Vec<u8>>(),
        )
        .unwrap();
        let err = site.update(&content("trip/pyongyang.png")).unwrap_err();
        assert!(
            err.to_string().contains("pyongyang.png"),
            "a broken photo is named: {err}"
        );
        photo(&f, 100, 60);
        photo(&f, 120, 60);
        let u = site.update(&content("trip/pyongyang.png")).unwrap();
        assert!(!u.full, "{u:?}");
        assert!(
            u.rendered.iter().all(|p| !p.ends_with(".html")),
            "no page: {u:?}"
        );
        assert_same(&site, &f, "same size");

        // Another size: the pages showing it render again, the others do not.
        photo(&f, 60, 90);
        let u = site.update(&content("trip/pyongyang.png")).unwrap();
        for shown in ["trip/index.html", "index.html"] {
            assert!(u.rendered.contains(&shown.to_string()), "{shown}: {u:?}");
        }
        assert!(!u.rendered.contains(&"b/index.html".to_string()), "{u:?}");
        assert!(page(&site).contains(r#"height="90""#), "{}", page(&site));
        assert_same(&site, &f, "new size");

        // A bundle's other file: changed, written again; removed, gone; and nothing else.
        f.write("content/trip/notes.txt", "two");
        let u = site.update(&content("trip/notes.txt")).unwrap();
        assert_eq!(u.rendered, ["trip/notes.txt"], "{u:?}");
        assert_same(&site, &f, "asset changed");
        std::fs::remove_file(f.path("content/trip/notes.txt")).unwrap();
        let u = site.update(&content("trip/notes.txt")).unwrap();
        assert!(u.removed.contains(&"trip/notes.txt".to_string()), "{u:?}");
        assert_same(&site, &f, "asset removed");

        // The photo removed: the error names the article's line and the near name.
        std::fs::rename(
            f.path("content/trip/pyongyang.png"),
            f.path("content/trip/pyongyan.png"),
        )
        .unwrap();
        let err = site.update(&content("trip/pyongyang.png")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("index.md:8"), "{text}");
        assert!(text.contains("did you mean `src: pyongyan.png`?"), "{text}");
    }

    /// Bug: a term gone from the site kept its events feed (and its oEmbed file) in the
    /// preview, which removed only the pages that had gone.
    #[test]
    fn the_preview_forgets_the_feeds_of_a_term_that_is_gone() {
        let f = Fixture::new(&[
            ("content/a.md", &article("Alpha", "alpha", "2000", "old")),
            ("site.yaml", "base_url: https://example.org/\n"),
        ]);
        let mut site = Site::for_preview(
            f.dir.path(),
            RenderOptions {
                drafts: Drafts::Skip,
                base_url: None,
            },
        );
        let mut site = Stepped(&mut site);
        site.update(&Dirty::all()).unwrap();
        for feed in ["events.xml", "tags/old/events.xml", "tags/old/oembed.json"] {
            assert!(site.pages().contains_key(feed), "{feed}");
        }
        assert_same(&site, &f, "first build");
        f.write("content/a.md", &article("Alpha", "alpha", "2000", "new"));
        site.update(&content("a.md")).unwrap();
        assert!(site.pages().contains_key("tags/new/events.xml"));
        assert_same(&site, &f, "the term renamed");
    }

    #[test]
    fn captions_put_beside_an_unchanged_video_are_shown_and_taken_away() {
        let f = Fixture::new(&[
            (
                "content/trip/index.md",
                "---\ntitle: Trip\ndate: 2024-06-19\nevents:\n  - id: arrival\n    title: Arrival\n    date: 2024-06-18\n    media: {src: clip.mp4, alt: The arrival}\n---\nBody.\n",
            ),
            ("content/trip/clip.mp4", "not really a video"),
        ]);
        let mut site = Site::for_preview(
            f.dir.path(),
            RenderOptions {
                drafts: Drafts::Skip,
                base_url: None,
            },
        );
        let mut site = Stepped(&mut site);
        site.update(&Dirty::all()).unwrap();
        let page =
            |site: &Stepped| String::from_utf8(site.pages()["trip/index.html"].to_vec()).unwrap();
        assert!(!page(&site).contains("<track"), "{}", page(&site));

        f.write(
            "content/trip/clip.vtt",
            "WEBVTT\n\n00:00.000 --> 00:01.000\nArrival\n",
        );
        let u = site.update(&content("trip/clip.vtt")).unwrap();
        assert!(u.rendered.contains(&"trip/clip.vtt".to_string()), "{u:?}");
        assert!(
            page(&site).contains(r#"<track kind="captions" src="../trip/clip.vtt""#),
            "{}",
            page(&site)
        );
        assert_same(&site, &f, "captions added");

        std::fs::remove_file(f.path("content/trip/clip.vtt")).unwrap();
        let u = site.update(&content("trip/clip.vtt")).unwrap();
        assert!(u.removed.contains(&"trip/clip.vtt".to_string()), "{u:?}");
        assert!(!page(&site).contains("<track"), "{}", page(&site));
        assert_same(&site, &f, "captions removed");
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
        // The preview's site: cards kept between updates, whole-site files after the pages.
        let mut site = Site::for_preview(
            f.dir.path(),
            RenderOptions {
                drafts: Drafts::Skip,
                base_url: None,
            },
        );
        let mut site = Stepped(&mut site);
        site.update(&Dirty::all()).unwrap();
        assert!(site.pages().contains_key("page/2/index.html"));
        // The embed twins are pages like the others (compared below with the rest).
        for twin in ["embed/page/2/index.html", "embed/tags/old/index.html"] {
            assert!(site.pages().contains_key(twin), "{twin}");
        }
        assert_same(&site, &f, "first build");

        // An edit that moves an event and changes its tag: one file read, not a full render.
        f.write("content/a.md", &article("Alpha", "alpha", "2030", "new"));
        let u = site.update(&content("a.md")).unwrap();
        assert_eq!((u.read, u.full), (1, false));
        for gone in ["tags/old/index.html", "embed/tags/old/index.html"] {
            assert!(u.removed.contains(&gone.to_string()), "{gone}: {u:?}");
        }
        for twin in ["embed/tags/new/index.html", "embed/page/2/index.html"] {
            assert!(u.rendered.contains(&twin.to_string()), "{twin}: {u:?}");
        }
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

        // An event placed from another file's event: editing the anchor moves it too.
        f.write(
            "content/e.md",
            "---\ntitle: Echo\ndateline: 2024-06-19\nevents:\n  - {id: echo, title: Echo, date: the day after alpha}\n  - {id: foxtrot, title: Foxtrot, date: hours before echo}\n  - {id: golf, title: Golf, date: yesterday night}\n---\n",
        );
        site.update(&content("e.md")).unwrap();
        assert_same(&site, &f, "anchored");
        f.write(
            "content/a.md",
            &article("Alpha", "alpha", "2031-05-04", "new"),
        );
        site.update(&content("a.md")).unwrap();
        assert_same(&site, &f, "anchor edited");
        // An end placed from another file's event: editing that event moves the end.
        f.write(
            "content/h.md",
            "---\ntitle: Hotel\nevents:\n  - {id: hotel, title: Hotel, date: 2031-05-01, end: 2 days after alpha}\n---\n",
        );
        site.update(&content("h.md")).unwrap();
        assert_same(&site, &f, "end anchored");
        f.write(
            "content/a.md",
            &article("Alpha", "alpha", "2031-05-09", "new"),
        );
        site.update(&content("a.md")).unwrap();
        assert_same(&site, &f, "end anchor edited");

        // A deletion, a new plain page (the navigation of every page changes), a template.
        std::fs::remove_file(f.path("content/sub/d.md")).unwrap();
        site.update(&content("sub/d.md")).unwrap();
        assert_same(&site, &f, "delete");
        f.write("content/contact.md", "---\ntitle: Contact\n---\nMail us\n");
        let u = site.update(&content("contact.md")).unwrap();
        assert!(u.full, "a new page in the navigation renders every page");
        assert_same(&site, &f, "new page");

        // A sheet saved into content/, edited, given an era (drawn on every listing), deleted.
        let sheet = "Headline,Year,Month,Type,Group,End Year\nS1,2001,2,,old,\n";
        f.write("content/sheet.csv", sheet);
        let u = site.update(&content("sheet.csv")).unwrap();
        assert_eq!(u.read, 1, "the saved sheet is read alone");
        assert_same(&site, &f, "sheet added");
        f.write("content/sheet.csv", &format!("{sheet}S2,2002,,,new,\n"));
        site.update(&content("sheet.csv")).unwrap();
        assert_same(&site, &f, "sheet row added");
        f.write(
            "content/sheet.csv",
            &format!("{sheet}Era,2000,,era,,2003\n"),
        );
        site.update(&content("sheet.csv")).unwrap();
        assert!(
            site.0.config().is_some_and(|c| c.eras.is_empty()),
            "site.yaml's eras stay"
        );
        assert_same(&site, &f, "sheet era");
        std::fs::remove_file(f.path("content/sheet.csv")).unwrap();
        site.update(&content("sheet.csv")).unwrap();
        assert_same(&site, &f, "sheet deleted");

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
