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
