//! The command line: one `Args` struct per command, turned into the library's options structs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// annalist: Markdown articles with YAML front-matter become a static HTML timeline.
#[derive(Debug, Parser)]
#[command(name = "annalist", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (default: SITE/public).
    Build(BuildArgs),
    /// Check the site without writing: everything `build` checks, then every internal link and
    /// anchor of the rendered site. Exit status 1 on errors (and on warnings with --strict).
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder.
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Print every external link (page and URL) on standard output; they are never fetched.
    #[arg(long)]
    pub list_external: bool,
    /// Check articles marked `draft: true` too.
    #[arg(long)]
    pub drafts: bool,
    /// The absolute URL the site is published at (replaces `base_url` of site.yaml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl CheckArgs {
    pub fn into_options(self) -> crate::check::CheckOptions {
        crate::check::CheckOptions {
            site: self.site,
            drafts: if self.drafts {
                crate::build::Drafts::Include
            } else {
                crate::build::Drafts::Skip
            },
            base_url: self.base_url,
            strictness: if self.strict {
                crate::check::Strictness::Strict
            } else {
                crate::check::Strictness::Lenient
            },
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder (holds content/, and optionally site.yaml, templates/, static/).
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// Where to write the site (default: SITE/public). Replaced whole when the build succeeds.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// The absolute URL the site is published at (replaces `base_url` of site.yaml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

impl BuildArgs {
    pub fn into_options(self) -> crate::build::BuildOptions {
        let output = self.output.unwrap_or_else(|| {
            if self.site == std::path::Path::new(".") {
                PathBuf::from("public")
            } else {
                self.site.join("public")
            }
        });
        crate::build::BuildOptions {
            site: self.site,
            output,
            drafts: if self.drafts {
                crate::build::Drafts::Include
            } else {
                crate::build::Drafts::Skip
            },
            base_url: self.base_url,
        }
    }
}
