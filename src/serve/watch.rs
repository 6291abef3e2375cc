//! Watching the site's files: notify's debounced watcher on `content/`, `templates/`, `static/`
//! and the site folder itself (for `site.yaml`), turned into [`Change`]s for the rebuild loop.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};

use crate::config::CONFIG_FILE;
use crate::error::Error;
use crate::site::Dirty;

/// How long the file system must be quiet before a burst of events (an editor writing a
/// temporary file and renaming it over the article, a `git checkout`) becomes one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// What a burst of file events means for the site.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Change {
    pub dirty: Dirty,
    /// `static/` changed: its files are read again.
    pub statics: bool,
    /// Every changed file is a stylesheet in `static/` (pages reload their CSS only).
    pub css_only: bool,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        !(self.dirty.config || self.dirty.templates || self.dirty.content || self.statics)
    }
}

/// The folders of a site, canonicalised so event paths can be matched against them.
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
    pub content: PathBuf,
    pub templates: PathBuf,
    pub statics: PathBuf,
    pub config: PathBuf,
}

impl Layout {
    pub fn new(site: &Path) -> Result<Layout, Error> {
        let root = site.canonicalize().map_err(|err| Error::io(site, err))?;
        Ok(Layout {
            content: root.join("content"),
            templates: root.join("templates"),
            statics: root.join("static"),
            config: root.join(CONFIG_FILE),
            root,
        })
    }

    /// Sorts changed paths into what must be redone.
    pub fn classify<'a>(&self, paths: impl IntoIterator<Item = &'a Path>) -> Change {
        let mut change = Change::default();
        let mut all_css = true;
        let mut touched = BTreeSet::new();
        for path in paths {
            if path == self.config {
                change.dirty.config = true;
            } else if let Ok(rel) = path.strip_prefix(&self.content) {
                change.dirty.content = true;
                if let Some(rel) = rel.to_str() {
                    touched.insert(rel.replace('\\', "/"));
                }
            } else if path.starts_with(&self.templates) {
                change.dirty.templates = true;
            } else if path.starts_with(&self.statics) {
                change.statics = true;
                all_css &= path.extension().is_some_and(|e| e == "css");
                continue;
            } else {
                continue;
            }
            all_css = false;
        }
        change.dirty.touched = touched;
        change.css_only = change.statics && all_css;
        change
    }
}

/// The running watcher; it stops when dropped.
pub type WatcherHandle = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Starts watching; bursts of events arrive on the returned channel as lists of paths.
pub fn watch(layout: &Layout) -> Result<(WatcherHandle, mpsc::Receiver<Vec<PathBuf>>), Error> {
    let (tx, rx) = mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e: &DebouncedEvent| changes_content(&e.event.kind))
                .flat_map(|e| e.event.paths)
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
    })
    .map_err(|err| Error::io(&layout.root, std::io::Error::other(err)))?;
    // The site folder itself, not recursively: site.yaml, and templates/ or static/ appearing.
    debouncer
        .watch(&layout.root, RecursiveMode::NonRecursive)
        .map_err(|err| Error::io(&layout.root, std::io::Error::other(err)))?;
    for dir in [&layout.content, &layout.templates, &layout.statics] {
        if dir.is_dir() {
            debouncer
                .watch(dir, RecursiveMode::Recursive)
                .map_err(|err| Error::io(dir, std::io::Error::other(err)))?;
        }
    }
    Ok((debouncer, rx))
}

/// Starts watching `content/`, `templates/` or `static/` when it exists now but is not in
/// `watched` (a folder created after the preview started), and notes it there.
pub fn watch_new_folders(
    watcher: &mut WatcherHandle,
    layout: &Layout,
    watched: &mut std::collections::HashSet<PathBuf>,
) {
    for dir in [&layout.content, &layout.templates, &layout.statics] {
        if dir.is_dir()
            && !watched.contains(dir)
            && watcher.watch(dir, RecursiveMode::Recursive).is_ok()
        {
            watched.insert(dir.clone());
        }
    }
}

/// Reading a file (which every rebuild does) and touching its metadata change nothing.
fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        let root = PathBuf::from("/s");
        Layout {
            content: root.join("content"),
            templates: root.join("templates"),
            statics: root.join("static"),
            config: root.join("site.yaml"),
            root,
        }
    }

    #[test]
    fn classify_table() {
        let l = layout();
        let c = l.classify([
            Path::new("/s/content/a/b.md"),
            Path::new("/s/content/.b.md.swp"),
        ]);
        assert!(c.dirty.content && !c.dirty.templates && !c.statics);
        assert_eq!(
            c.dirty.touched,
            BTreeSet::from(["a/b.md".into(), ".b.md.swp".into()])
        );
        let c = l.classify([Path::new("/s/static/site.css")]);
        assert!(c.statics && c.css_only);
        let c = l.classify([
            Path::new("/s/static/site.css"),
            Path::new("/s/static/logo.png"),
        ]);
        assert!(c.statics && !c.css_only);
        let c = l.classify([
            Path::new("/s/static/site.css"),
            Path::new("/s/templates/base.html"),
        ]);
        assert!(c.dirty.templates && !c.css_only);
        let c = l.classify([Path::new("/s/site.yaml")]);
        assert!(c.dirty.config);
        let c = l.classify([Path::new("/s/public/index.html"), Path::new("/s/README.md")]);
        assert!(c.is_empty());
    }
}
