//! A site from strings: the pipeline of [`crate::site::Site`] (its one render, `render_files`) (front-matter, model, drafts left
//! out, timeline, plan, pages, JSON, feeds) without the file system, so that property tests and
//! fuzz targets can push many generated sites through the same stages quickly, with the theme
//! compiled once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::model::article::{self, ArticleOptions};
use crate::model::Timeline;
use crate::render::plan::Plan;
use crate::render::{self, pages, OutputFile, Theme};
use crate::site::{render_files, Drafts, WholeSite};

/// Checks and renders `files` (path under `content/`, text) with `config` and `theme` as
/// `build` does (drafts left out): every output a build would write but the static files and
/// the built-in assets (sorted by path), or every error.
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
            Ok(a) if !Drafts::Skip.shows(&a) => {}
            Ok(a) => articles.push(Arc::new(a)),
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let timeline = Timeline::new(articles, &config.taxonomies)?;
    let config = crate::site::rendered_config(config, &timeline);
    let plan = Plan::new(&config, &timeline);
    let views = render::views::Views::new(&config, &timeline);
    let sink = render::MemorySink::default();
    let rendered = render_files(
        theme,
        &views,
        &plan,
        None,
        None,
        WholeSite::WithPages,
        Path::new(""),
        &sink,
    );
    if let Err(failure) = rendered {
        return Err(match failure {
            pages::Failure::Template(e) => vec![e.with_dir(Path::new("templates"))],
            pages::Failure::Put(never) => match never {},
        });
    }
    let mut out = sink.into_files();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}
