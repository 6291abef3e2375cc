//! The site in memory: settings, theme, every article as last read, the timeline and the rendered
//! pages. `build` fills it once and writes it out; `serve` keeps it and updates it after each
//! change, re-reading only the files whose stamp changed and re-rendering only the pages that
//! show what changed. Either way the pages are the same bytes: one code path renders them.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::error::{Diagnostic, Error};
use crate::model::article::{self, ArticleOptions};
use crate::model::{Article, Timeline};
use crate::render::{self, pages, theme::BUILTIN_ASSETS, LinkStyle, Theme};
use crate::slug::slugify;
use crate::source::{self, Stamp};

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
        out.extend(self.output_warnings.iter().cloned());
        out
    }

    /// Brings the site up to date with the files. On errors the pages of the last good build
    /// stay as they were and every error found is returned.
    pub fn update(&mut self, dirty: &Dirty) -> Result<Update, Error> {
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
        let changed_files = if dirty.content || dirty.config {
            self.rescan(&config, &dirty.touched)?
        } else {
            BTreeSet::new()
        };
        let read = changed_files.len();
        let timeline = self.check_all(&config)?;
        let full = theme_changed
            || self.timeline.is_none()
            || nav_changed(self.timeline.as_ref(), &timeline);
        let selection = match (&self.timeline, full) {
            (Some(old), false) => Some(affected(old, &timeline, &changed_files)),
            _ => None,
        };
        let mut update = self.render(&config, timeline, selection.as_ref())?;
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
        let timeline = Timeline::new(articles, &config.taxonomies);
        match timeline {
            Ok(t) if errors.is_empty() => Ok(t),
            t => {
                errors.extend(t.err().unwrap_or_default());
                Err(Error::Site(errors))
            }
        }
    }

    /// Renders the selected pages (all when `None`) and makes `timeline` current.
    fn render(
        &mut self,
        config: &SiteConfig,
        timeline: Timeline,
        selection: Option<&HashSet<String>>,
    ) -> Result<Update, Error> {
        let theme = self.theme.as_ref().map_err(|d| Error::Site(d.clone()))?;
        let links = if config.base_url.is_empty() {
            LinkStyle::Files
        } else {
            LinkStyle::Pretty
        };
        let views = render::views::Views {
            config,
            timeline: &timeline,
            links,
        };
        let templates_dir = self.root.join(render::theme::TEMPLATES_DIR);
        let mut files = pages::render(theme, &views, selection)
            .map_err(|e| Error::Site(vec![e.with_dir(&templates_dir)]))?;
        files.push(render::json::events_json(
            &timeline,
            &config.base_url,
            &config.taxonomies,
        ));
        let (published, warnings) =
            render::publishing_outputs(&views, &self.root.join(config::CONFIG_FILE));
        files.extend(published);
        self.output_warnings = warnings;
        let expected = pages::all_paths(&views);
        let mut update = Update::default();
        if selection.is_none() {
            self.pages.clear();
            for (path, bytes) in BUILTIN_ASSETS {
                self.pages
                    .insert((*path).to_string(), Arc::new(bytes.to_vec()));
            }
        }
        update.removed = self
            .pages
            .keys()
            .filter(|p| p.ends_with(".html") && !expected.contains(p.as_str()))
            .cloned()
            .collect();
        for path in &update.removed {
            self.pages.remove(path);
        }
        for file in files {
            update.rendered.push(file.path.clone());
            self.pages.insert(file.path, Arc::new(file.bytes));
        }
        self.timeline = Some(timeline);
        Ok(update)
    }
}

fn read_article(entry: &source::Entry, opts: &ArticleOptions) -> Cached {
    let limit = opts.config.limits.file_bytes;
    let read = if entry.stamp.len > limit {
        Err(Diagnostic::new(
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

/// The output paths that show something of the changed files, in the old or the new timeline:
/// the timeline itself, the taxonomy indexes, the changed articles' pages, and every page
/// (article or term) that shows one of their events.
fn affected(old: &Timeline, new: &Timeline, changed: &BTreeSet<String>) -> HashSet<String> {
    let mut paths: HashSet<String> = HashSet::new();
    paths.insert("index.html".into());
    for taxonomy in new.taxonomies.keys() {
        paths.insert(format!("{taxonomy}/index.html"));
    }
    for timeline in [old, new] {
        let touched: Vec<usize> = timeline
            .articles
            .iter()
            .enumerate()
            .filter(|(_, a)| changed.contains(&a.rel_path))
            .map(|(i, _)| i)
            .collect();
        let mut event_ids: HashSet<&str> = HashSet::new();
        for &ai in &touched {
            paths.insert(format!("{}/index.html", timeline.articles[ai].slug));
            for &ei in &timeline.article_events[ai] {
                event_ids.insert(&timeline.events[ei].event.id);
            }
        }
        for t in [old, new] {
            for e in &t.events {
                if !event_ids.contains(e.event.id.as_str()) {
                    continue;
                }
                for &ai in &e.articles {
                    paths.insert(format!("{}/index.html", t.articles[ai].slug));
                }
                for (taxonomy, names) in &e.event.terms {
                    for name in names {
                        paths.insert(format!("{taxonomy}/{}/index.html", slugify(name)));
                    }
                }
            }
        }
    }
    paths
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
        ]);
        let mut site = Site::load(f.dir.path(), Drafts::Skip).unwrap();
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
