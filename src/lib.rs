//! annalist: a static-site timeline generator.
//!
//! The pipeline, one stage per module (see ARCHITECTURE.md):
//! `source` (files) → `frontmatter` (untrusted raw structs) → `model` (checked articles and events)
//! → `model::timeline` (one sorted order) → `render` (HTML and JSON as [`render::OutputFile`]s)
//! → `output` (staged, then swapped in whole).

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod date;
pub mod error;
pub mod frontmatter;
pub mod i18n;
pub mod images;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod timing;
pub mod vocabulary;

pub use error::{Diagnostic, Error};

/// Runs one command line to completion.
pub fn run(cli: cli::Cli) -> Result<(), Error> {
    match cli.command {
        cli::Command::Build(args) => {
            let report = build::build(&args.into_options())?;
            for warning in &report.warnings {
                eprintln!("{}", warning.display());
            }
            eprintln!("{}", report.summary());
            Ok(())
        }
        cli::Command::Serve(args) => serve::serve(&args.into_options()),
        cli::Command::Init(args) => {
            let opts = args.into_options();
            let report = scaffold::init(&opts)?;
            for kept in &report.kept {
                println!("Left alone: {} (already there)", kept.display());
            }
            println!("Created a new site in {}.", opts.dir.display());
            println!("Next, preview it (it rebuilds as you edit):");
            if opts.dir != std::path::Path::new(".") {
                println!("  cd {}", opts.dir.display());
            }
            println!("  annalist serve");
            Ok(())
        }
        cli::Command::New(args) => {
            let path = scaffold::new_article(&args.into_options())?;
            println!("{}", path.display());
            Ok(())
        }
        cli::Command::Schema(args) => {
            print!("{}", schema::to_text(args.which));
            Ok(())
        }
        cli::Command::Check(args) => {
            let list_external = args.list_external;
            let report = check::check(&args.into_options())?;
            print_check(&report, list_external);
            if report.failed() {
                Err(Error::Reported(report.summary()))
            } else {
                Ok(())
            }
        }
    }
}

/// Prints a check's findings like a compiler: errors, then warnings, then the external links.
fn print_check(report: &check::CheckReport, list_external: bool) {
    for d in &report.errors {
        eprintln!("{}", d.display());
    }
    for d in report.warnings.iter().chain(&report.notes) {
        eprintln!("{}", d.display());
    }
    if list_external {
        for (page, url) in &report.external {
            println!("{page}: external: {url}");
        }
    }
    if !report.failed() {
        eprintln!("{}", report.summary());
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
