//! annalist: a static-site timeline generator.
//!
//! The pipeline, one stage per module (see ARCHITECTURE.md):
//! `source` (files) → `frontmatter` (untrusted raw structs) → `model` (checked articles and events)
//! → `model::timeline` (one sorted order) → `render` (HTML and JSON as [`render::OutputFile`]s)
//! → `output` (staged, then swapped in whole).

pub mod build;
pub mod cli;
pub mod config;
pub mod date;
pub mod error;
pub mod frontmatter;
pub mod i18n;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod slug;
pub mod source;

pub use error::{Diagnostic, Error};

/// Runs one command line to completion.
pub fn run(cli: cli::Cli) -> Result<(), Error> {
    match cli.command {
        cli::Command::Build(args) => {
            let report = build::build(&args.into_options())?;
            for warning in &report.warnings {
                eprintln!("{}", warning.display(error::Severity::Warning));
            }
            eprintln!("{}", report.summary());
            Ok(())
        }
    }
}

/// Prints an error and its whole `source()` chain to standard error.
pub fn report_error(err: &Error) {
    eprintln!("{err}");
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
