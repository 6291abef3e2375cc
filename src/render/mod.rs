//! Rendering: the model becomes a list of [`OutputFile`]s (HTML pages through the theme's Tera
//! templates, `events.json` through serde). Pure: nothing here touches the file system.

pub mod feeds;
pub mod ics;
pub mod json;
pub mod meta;
pub mod pages;
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
/// `config_path` names site.yaml in that warning.
pub fn publishing_outputs(
    views: &views::Views,
    config_path: &std::path::Path,
) -> (Vec<OutputFile>, Vec<crate::Diagnostic>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let base = &views.config.base_url;
    if base.is_empty() {
        warnings.push(crate::Diagnostic::new(
            config_path,
            None,
            "no base_url: feed.xml, feed.json, sitemap.xml, canonical links and Open Graph URLs need absolute URLs and were left out; set `base_url` in site.yaml or pass --base-url",
        ));
    } else {
        files.push(feeds::atom(views));
        files.push(feeds::json_feed(views));
        files.push(sitemap::sitemap(views));
    }
    files.push(sitemap::robots(base));
    let (calendar, skipped) = ics::calendar(views);
    files.push(calendar);
    warnings.extend(skipped);
    files.push(timelinejs::timeline_json(views));
    (files, warnings)
}
