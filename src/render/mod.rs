//! Rendering: the model becomes a list of [`OutputFile`]s (HTML pages through the theme's Tera
//! templates, `events.json` through serde). Pure: nothing here touches the file system.

pub mod json;
pub mod pages;
pub mod theme;
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
