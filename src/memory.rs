//! A site from strings: the whole pipeline (front-matter, model, timeline, pages, JSON, feeds)
//! without the file system. `build` and `serve` go through [`crate::site::Site`]; this exists so
//! that property tests and fuzz targets can push many generated sites through the same stages
//! quickly, with the theme compiled once.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::model::article::{self, ArticleOptions};
use crate::model::Timeline;
use crate::render::{self, pages, OutputFile, Theme};

/// Checks and renders `files` (path under `content/`, text) with `config` and `theme`: every
/// output a build would write but the static files, or every error.
pub fn render(
    theme: &Theme,
    config: &SiteConfig,
    files: &[(&str, &str)],
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let opts = ArticleOptions { config };
    let mut sorted: Vec<&(&str, &str)> = files.iter().collect();
    sorted.sort_by_key(|(path, _)| *path);
    let mut errors = Vec::new();
    let mut articles = Vec::new();
    for (rel_path, text) in sorted {
        let display = PathBuf::from("content").join(rel_path);
        match article::from_source(rel_path, display, text, &opts).article {
            Ok(a) => articles.push(Arc::new(a)),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let timeline = Timeline::new(articles, &config.taxonomies)?;
    let views = render::views::Views::new(config, &timeline);
    let sink = render::MemorySink::default();
    let mut cards = pages::CardCache::default();
    pages::render(theme, &views, None, &mut cards, &sink).map_err(|failure| match failure {
        pages::Failure::Template(e) => vec![e.with_dir(std::path::Path::new("templates"))],
        pages::Failure::Put(never) => match never {},
    })?;
    let mut out = sink.into_files();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    let whole_site = render::MemorySink::default();
    let written =
        render::json::events_json(&timeline, &config.base_url, &config.taxonomies, &whole_site)
            .and_then(|()| {
                render::publishing_outputs(&views, std::path::Path::new("site.yaml"), &whole_site)
            });
    if let Err(never) = written {
        match never {}
    }
    out.extend(whole_site.into_files());
    Ok(out)
}
