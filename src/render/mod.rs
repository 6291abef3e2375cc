//! Rendering: the model becomes a list of [`OutputFile`]s (HTML pages through the theme's Tera
//! templates, `events.json` through serde). Pure: nothing here touches the file system.

pub mod axis;
pub mod feeds;
pub mod ics;
pub mod json;
pub mod meta;
pub mod oembed;
pub mod pages;
pub mod plan;
pub mod search;
pub mod sitemap;
pub mod text;
pub mod theme;
pub mod timelinejs;
pub mod views;

pub use theme::Theme;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated: `tags/pyongyang/index.html`.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Where rendered files go: a build's staging folder (written as they are rendered) or memory
/// (the preview, `check`). Files are written through [`Sink::open`]'s writer, then closed.
pub trait Sink: Sync {
    type Writer: std::io::Write;
    type Error: Send;
    fn open(&self, path: &str) -> Result<Self::Writer, Self::Error>;
    fn close(&self, path: &str, writer: Self::Writer) -> Result<(), Self::Error>;
    /// The error for a failed write to `path`'s writer.
    fn failed(&self, path: &str, err: std::io::Error) -> Self::Error;

    /// Writes a whole file at once.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Self::Error> {
        let mut writer = self.open(path)?;
        std::io::Write::write_all(&mut writer, bytes).map_err(|err| self.failed(path, err))?;
        self.close(path, writer)
    }
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct MemorySink {
    files: std::sync::Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files, in the order they were closed.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.files.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for MemorySink {
    type Writer = Vec<u8>;
    type Error = std::convert::Infallible;
    fn open(&self, _: &str) -> Result<Vec<u8>, Self::Error> {
        Ok(Vec::new())
    }
    fn close(&self, path: &str, bytes: Vec<u8>) -> Result<(), Self::Error> {
        let file = OutputFile {
            path: path.to_string(),
            bytes,
        };
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(file);
        Ok(())
    }
    fn failed(&self, _: &str, err: std::io::Error) -> Self::Error {
        unreachable!("writing to memory cannot fail: {err}")
    }
}

/// Makes something of every item in parallel, a batch at a time, and hands the results to
/// `take` in the items' order: a file of 100,000 entries is written as it is made, never held
/// whole.
pub fn in_order_batches<T: Sync, R: Send, E>(
    items: &[T],
    make: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(&T, R) -> Result<(), E>,
) -> Result<(), E> {
    use rayon::prelude::*;
    const BATCH: usize = 4096;
    for batch in items.chunks(BATCH) {
        let made: Vec<R> = batch.par_iter().map(&make).collect();
        for (item, result) in batch.iter().zip(made) {
            take(item, result)?;
        }
    }
    Ok(())
}

/// How internal links are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkStyle {
    /// `putin-arrives/index.html`: works from a folder opened straight from disk.
    Files,
    /// `putin-arrives/`: the form hosts serve, used when the site has a `base_url`.
    Pretty,
}

impl LinkStyle {
    /// The link to a folder's page, relative to the site root.
    pub fn dir(self, dir: &str) -> String {
        match (self, dir.is_empty()) {
            (LinkStyle::Files, true) => "index.html".into(),
            (LinkStyle::Files, false) => format!("{dir}/index.html"),
            (LinkStyle::Pretty, true) => String::new(),
            (LinkStyle::Pretty, false) => format!("{dir}/"),
        }
    }

    /// The link to the page of folder `name` inside `parent` (`tags` and `diplomacy`), made in
    /// one string: the same as `dir("tags/diplomacy")`, for links asked for by the thousand.
    pub fn dir_in(self, parent: &str, name: &str) -> String {
        let mut url = String::with_capacity(parent.len() + name.len() + 12);
        url.push_str(parent);
        url.push('/');
        url.push_str(name);
        match self {
            LinkStyle::Files => url.push_str("/index.html"),
            LinkStyle::Pretty => url.push('/'),
        }
        url
    }
}

/// `../` once per folder level of `path` (the page's own output path).
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The absolute URL of a root-relative link (`putin-arrives/`) under `base_url` (which has no
/// trailing `/`); None when the site has no `base_url`.
pub fn absolute(base_url: &str, link: &str) -> Option<String> {
    (!base_url.is_empty()).then(|| format!("{base_url}/{link}"))
}

/// The outputs for other programs (feeds, calendar, TimelineJS, sitemap, robots.txt) and the
/// warnings they raise. Those that need absolute URLs are left out without a `base_url`, with one
/// warning saying so.
///
/// `config_path` names site.yaml in that warning; `lang` is the site's language (the events
/// feeds show dates as the cards do).
pub fn publishing_outputs<S: Sink>(
    views: &views::Views,
    plan: &plan::Plan,
    lang: &crate::i18n::Language,
    config_path: &std::path::Path,
    sink: &S,
) -> Result<Vec<crate::Diagnostic>, S::Error> {
    let mut warnings = Vec::new();
    let base = &views.config.base_url;
    let put = |file: OutputFile| sink.put(&file.path, &file.bytes);
    if base.is_empty() {
        warnings.push(crate::Diagnostic::warning(
            crate::error::Code::MissingBaseUrl,
            config_path,
            None,
            "no base_url: feed.xml, feed.json, the events feeds (events.xml), sitemap.xml, oembed.json, canonical links, Open Graph URLs and the embed code need absolute URLs and were left out; set `base_url` in site.yaml or pass --base-url",
        ));
    } else {
        put(feeds::atom(views))?;
        put(feeds::json_feed(views))?;
        feeds::event_feeds(views, plan, lang, sink)?;
        put(sitemap::sitemap(views, plan))?;
        oembed::files(views, plan, sink)?;
    }
    put(sitemap::robots(base))?;
    warnings.extend(ics::calendar(views, sink)?);
    timelinejs::timeline_json(views, sink)?;
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::LinkStyle;

    #[test]
    fn a_folder_inside_another_links_as_its_whole_path_does() {
        for style in [LinkStyle::Files, LinkStyle::Pretty] {
            assert_eq!(
                style.dir_in("tags", "kim-jong-un"),
                style.dir("tags/kim-jong-un")
            );
        }
    }

    #[test]
    fn ordered_batches_keep_the_items_order_on_any_number_of_threads() {
        let items: Vec<usize> = (0..10_000).collect();
        for threads in [1, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut seen = Vec::new();
            pool.install(|| {
                super::in_order_batches(
                    &items,
                    |&i| i * 2,
                    |&i, made| -> Result<(), ()> {
                        seen.push((i, made));
                        Ok(())
                    },
                )
            })
            .unwrap();
            let expected: Vec<(usize, usize)> = items.iter().map(|&i| (i, i * 2)).collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
        // The first error stops the writing.
        let mut taken = 0;
        let result = super::in_order_batches(
            &items,
            |&i| i,
            |&i, _| {
                taken += 1;
                if i == 5000 {
                    Err(i)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!((result, taken), (Err(5000), 5001));
    }
}
