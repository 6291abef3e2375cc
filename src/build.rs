//! `annalist build`: the site read and rendered in memory ([`Site`]), then written out whole.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error};
use crate::model::Timeline;
use crate::output::Staging;
use crate::render::OutputFile;
use crate::site::Site;
pub use crate::site::{Drafts, RenderOptions};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub site: PathBuf,
    pub output: PathBuf,
    pub drafts: Drafts,
    /// `--base-url`: replaces `base_url` of site.yaml.
    pub base_url: Option<String>,
}

/// A whole site rendered in memory, not written (what `check` inspects).
pub struct RenderedSite {
    pub config: SiteConfig,
    pub timeline: Timeline,
    /// The pages of `timeline`.
    pub plan: crate::render::plan::Plan,
    /// Sorted by path.
    pub files: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads, checks and renders everything, collecting every error before failing.
pub fn render_site_with(
    site: &std::path::Path,
    opts: &RenderOptions,
) -> Result<RenderedSite, Error> {
    let (config, timeline, plan, files, warnings) =
        Site::load_with(site, opts.clone())?.into_parts();
    let timeline = match timeline {
        Some(t) => t,
        None => Timeline::new(Vec::new(), &config.taxonomies).map_err(Error::Site)?,
    };
    Ok(RenderedSite {
        config,
        timeline,
        plan,
        files,
        warnings,
    })
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

/// Builds the site and swaps it into the output folder.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    if !opts.site.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder; expected a site folder holding content/",
            opts.site.display()
        )));
    }
    crate::output::check_location(&opts.site, &opts.output)?;
    let staging = Staging::new(&opts.output)?;
    let site = Site::build_into(
        &opts.site,
        RenderOptions {
            drafts: opts.drafts,
            base_url: opts.base_url.clone(),
        },
        &staging,
    )?;
    let static_dir = site.root().join("static");
    let mut warnings = site.warnings();
    let timer = crate::timing::StageTimer::start("static + swap");
    warnings.extend(staging.commit(Some(&static_dir))?);
    drop(timer);
    let timeline = site.timeline();
    let report = BuildReport {
        warnings,
        articles: timeline.map_or(0, |t| t.articles.len()),
        events: timeline.map_or(0, |t| t.events.len()),
        files: site.written(),
        output: opts.output.clone(),
        elapsed: started.elapsed(),
    };
    // Freeing a big site takes a while (millions of small allocations) and nothing waits for
    // it: a command that exits next need not wait either.
    std::thread::spawn(move || drop(site));
    Ok(report)
}
