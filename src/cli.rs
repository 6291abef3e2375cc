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
    /// Preview the site at http://127.0.0.1:1111/, rebuilding and reloading on every change.
    Serve(ServeArgs),
    /// Start a new site in DIR: site.yaml, an example article, static/, .gitignore.
    Init(InitArgs),
    /// Write a new article, content/<slug>.md, with its front-matter filled in.
    New(NewArgs),
    /// Check the site without writing: everything `build` checks, then every internal link and
    /// anchor of the rendered site. Exit status 1 on errors (and on warnings with --strict).
    Check(CheckArgs),
    /// Print the JSON Schema (draft 2020-12) of an article's front-matter or of site.yaml, for
    /// editors that check YAML as it is typed, or of the events.json a build writes.
    Schema(SchemaArgs),
    /// Draft an article from a news text (plain text, Markdown, HTML or TimeML): every temporal
    /// expression found and resolved against the dateline, one event per sentence with a date.
    Draft(DraftArgs),
    /// Import another tool's timeline or site into an annalist site (never over an existing
    /// file), naming whatever could not be carried over.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the input is: `timelinejs` (a TimelineJS3 JSON, or its sheet as CSV), `hugo`,
    /// `jekyll` or `zola` (a site's folder).
    #[arg(value_enum)]
    pub format: crate::import::Format,
    /// The file (a TimelineJS3 JSON, or its sheet as CSV) or the site's folder to import.
    #[arg(value_name = "FILE|DIR")]
    pub input: PathBuf,
    /// The site folder to write into: its content/ (default: the current folder for
    /// timelinejs, `annalist-site` for a site's folder).
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// One article holding every event, rather than one article per slide (timelinejs).
    #[arg(long)]
    pub one_article: bool,
}

impl ImportArgs {
    pub fn into_options(self) -> crate::import::ImportOptions {
        let output = self.output.unwrap_or_else(|| match self.format.ssg() {
            Some(_) => PathBuf::from("annalist-site"),
            None => PathBuf::from("."),
        });
        crate::import::ImportOptions {
            format: self.format,
            input: self.input,
            output,
            articles: if self.one_article {
                crate::import::Articles::One
            } else {
                crate::import::Articles::PerItem
            },
        }
    }
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The text to draft from.
    pub file: PathBuf,
    /// The day the text was filed (default: the TimeML DCT, if any).
    #[arg(long, value_name = "DATE")]
    pub dateline: Option<String>,
    /// The outlet the text comes from.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Where to read the source.
    #[arg(long, value_name = "URL", requires = "source")]
    pub source_url: Option<String>,
    /// The zone of the events' times.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Write the draft article here (never over an existing file) instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Print the text with TIMEX3 tags instead of a draft article.
    #[arg(long)]
    pub timeml: bool,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file the schema describes.
    #[arg(value_enum, default_value = "article")]
    pub which: crate::schema::Which,
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
            drafts: drafts(self.drafts),
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
            drafts: drafts(self.drafts),
            base_url: self.base_url,
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder.
    #[arg(default_value = ".")]
    pub site: PathBuf,
    /// Port to listen on; if it is taken, the next free one is used (0: any free port).
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address lets other machines read the preview.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

impl ServeArgs {
    pub fn into_options(self) -> crate::serve::ServeOptions {
        crate::serve::ServeOptions {
            site: self.site,
            port: self.port,
            bind: self.bind,
            open: self.open,
            drafts: drafts(self.drafts),
        }
    }
}

fn drafts(include: bool) -> crate::site::Drafts {
    if include {
        crate::site::Drafts::Include
    } else {
        crate::site::Drafts::Skip
    }
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (or an empty one).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write into a folder that is not empty.
    #[arg(long)]
    pub force: bool,
}

impl InitArgs {
    pub fn into_options(self) -> crate::scaffold::InitOptions {
        crate::scaffold::InitOptions {
            dir: self.dir,
            force: self.force,
        }
    }
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The article's title; its slug names the file.
    pub title: String,
    /// When it was published, or with --event when the event happened (default: today in the
    /// site's zone). Any date form: 2024-06-19, 2024-06, 2000, 2024-06-19T02:45.
    #[arg(long, value_name = "WHEN")]
    pub date: Option<String>,
    /// Write an article with one event (`events:`) rather than a dated post.
    #[arg(long)]
    pub event: bool,
    /// The site folder.
    #[arg(long, default_value = ".")]
    pub site: PathBuf,
}

impl NewArgs {
    pub fn into_options(self) -> crate::scaffold::NewOptions {
        crate::scaffold::NewOptions {
            site: self.site,
            title: self.title,
            date: self.date,
            event: self.event,
        }
    }
}
