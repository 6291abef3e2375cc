//! `annalist build`: the stages composed: config → sources → articles → timeline → pages → output.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::error::{Diagnostic, Error};
use crate::model::article::{self, ArticleOptions};
use crate::model::{Article, Timeline};
use crate::render::{self, pages, theme::BUILTIN_ASSETS, LinkStyle, OutputFile, Theme};
use crate::source;

/// Whether articles with `draft: true` are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    Include,
    Skip,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site: PathBuf,
    pub output: PathBuf,
    pub drafts: Drafts,
    /// `--base-url`: replaces `base_url` of site.yaml.
    pub base_url: Option<String>,
}

/// What `render_site_with` needs besides the site folder.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub drafts: Drafts,
    /// Replaces `base_url` of site.yaml when set.
    pub base_url: Option<String>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub warnings: Vec<Diagnostic>,
    pub articles: usize,
    pub events: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
}

impl BuildReport {
    pub fn summary(&self) -> String {
        format!(
            "built {} article{}, {} event{}: {} files in {} ({} ms)",
            self.articles,
            crate::error::plural(self.articles),
            self.events,
            crate::error::plural(self.events),
            self.files,
            self.output.display(),
            self.elapsed.as_millis()
        )
    }
}

/// A rendered site held in memory, not yet written.
pub struct RenderedSite {
    pub config: SiteConfig,
    pub timeline: Timeline,
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site and swaps it into the output folder.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    output_check(opts)?;
    let site = render_site_with(
        &opts.site,
        &RenderOptions {
            drafts: opts.drafts,
            base_url: opts.base_url.clone(),
        },
    )?;
    let static_dir = opts.site.join("static");
    let mut warnings = site.warnings;
    warnings.extend(crate::output::commit(
        &opts.output,
        &site.files,
        Some(&static_dir),
    )?);
    Ok(BuildReport {
        warnings,
        articles: site.timeline.articles.len(),
        events: site.timeline.events.len(),
        files: site.files.len(),
        output: opts.output.clone(),
        elapsed: started.elapsed(),
    })
}

fn output_check(opts: &BuildOptions) -> Result<(), Error> {
    if !opts.site.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder; expected a site folder holding content/",
            opts.site.display()
        )));
    }
    crate::output::check_location(&opts.site, &opts.output)
}

/// Reads, checks and renders everything, collecting every error before failing.
pub fn render_site(site: &Path, drafts: Drafts) -> Result<RenderedSite, Error> {
    render_site_with(
        site,
        &RenderOptions {
            drafts,
            base_url: None,
        },
    )
}

/// [`render_site`] with every option.
pub fn render_site_with(site: &Path, opts: &RenderOptions) -> Result<RenderedSite, Error> {
    let drafts = opts.drafts;
    // Messages name files as a user would type them: `content/a.md`, not `./content/a.md`.
    let site = if site == Path::new(".") {
        Path::new("")
    } else {
        site
    };
    let mut config = config::load(site)?;
    if let Some(url) = &opts.base_url {
        config.base_url = config::check_base_url(url).map_err(Error::Usage)?;
    }
    let mut errors: Vec<Diagnostic> = Vec::new();
    let theme = match Theme::load(site) {
        Ok(theme) => Some(theme),
        Err(Error::Site(d)) => {
            errors.extend(d);
            None
        }
        Err(other) => return Err(other),
    };
    let sources = source::read_content(site)?;
    errors.extend(sources.errors);
    let mut warnings = sources.warnings;
    let (articles, article_errors, article_warnings) =
        read_articles(&sources.files, &config, drafts);
    errors.extend(article_errors);
    warnings.extend(article_warnings);
    let timeline = Timeline::new(articles, &config.taxonomies);
    let (timeline, theme) = match (timeline, theme) {
        (Ok(t), Some(theme)) if errors.is_empty() => (t, theme),
        (t, _) => {
            errors.extend(t.err().unwrap_or_default());
            return Err(Error::Site(errors));
        }
    };
    let links = if config.base_url.is_empty() {
        LinkStyle::Files
    } else {
        LinkStyle::Pretty
    };
    let views = render::views::Views {
        config: &config,
        timeline: &timeline,
        links,
    };
    let mut files = pages::render_all(&theme, &views)
        .map_err(|e| Error::Site(vec![e.with_dir(&site.join(render::theme::TEMPLATES_DIR))]))?;
    files.push(render::json::events_json(
        &timeline,
        &config.base_url,
        &config.taxonomies,
    ));
    let (published, publish_warnings) =
        render::publishing_outputs(&views, &site.join(config::CONFIG_FILE));
    files.extend(published);
    warnings.extend(publish_warnings);
    files.extend(BUILTIN_ASSETS.iter().map(|(path, bytes)| OutputFile {
        path: (*path).to_string(),
        bytes: bytes.to_vec(),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(RenderedSite {
        config,
        timeline,
        files,
        warnings,
    })
}

/// Checks every file in parallel; returns the articles (sorted by path), errors and warnings.
fn read_articles(
    files: &[source::SourceFile],
    config: &SiteConfig,
    drafts: Drafts,
) -> (Vec<Article>, Vec<Diagnostic>, Vec<Diagnostic>) {
    let opts = ArticleOptions { config };
    let checked: Vec<article::Checked> = files
        .par_iter()
        .map(|f| article::from_source(&f.rel_path, f.display_path.clone(), &f.text, &opts))
        .collect();
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for c in checked {
        warnings.extend(c.warnings);
        match c.article {
            Ok(a) if a.draft && drafts == Drafts::Skip => {}
            Ok(a) => articles.push(a),
            Err(e) => errors.extend(e),
        }
    }
    (articles, errors, warnings)
}
