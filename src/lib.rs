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
pub mod draft;
pub mod error;
pub mod frontmatter;
pub mod i18n;
pub mod images;
pub mod import;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod sheet;
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
        cli::Command::Draft(args) => draft_command(&args),
        cli::Command::Import(args) => {
            let opts = args.into_options();
            match opts.format.ssg() {
                Some(kind) => ssg_import(kind, &opts),
                None => {
                    let report = import::run(&opts)?;
                    import::print(&report);
                    Ok(())
                }
            }
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

/// `annalist import hugo|jekyll|zola`: the notes on standard error, then what was written.
fn ssg_import(kind: import::ssg::SsgKind, opts: &import::ImportOptions) -> Result<(), Error> {
    if opts.articles == import::Articles::One {
        return Err(Error::Usage(format!(
            "--one-article is for a timeline (`annalist import timelinejs FILE`); a {} site keeps one article per page",
            kind.name()
        )));
    }
    let (dir, out) = (&opts.input, &opts.output);
    let report = import::ssg::import(kind, dir, out).map_err(Error::Site)?;
    for note in &report.notes {
        eprintln!("{}", note.display());
    }
    println!(
        "imported {} article{} and {} file{} from {} into {}",
        report.articles,
        if report.articles == 1 { "" } else { "s" },
        report.assets,
        if report.assets == 1 { "" } else { "s" },
        dir.display(),
        out.display()
    );
    Ok(())
}

/// `annalist draft`: reads the file (at most 64 MiB), tags it, prints the tagged text or
/// writes the draft article, and the review table on standard error.
fn draft_command(args: &cli::DraftArgs) -> Result<(), Error> {
    use std::io::Read;
    const MAX_BYTES: u64 = 64 << 20;
    let file = std::fs::File::open(&args.file).map_err(|e| Error::io(&args.file, e))?;
    let mut raw = String::new();
    file.take(MAX_BYTES)
        .read_to_string(&mut raw)
        .map_err(|e| Error::io(&args.file, e))?;
    let input = draft::read_input(&raw);
    let zone = match &args.timezone {
        Some(z) => date::Zone::parse(z).map_err(|e| Error::Usage(format!("--timezone: {e}")))?,
        None => date::Zone::Utc,
    };
    let dateline = match args.dateline.as_deref().or(input.dateline.as_deref()) {
        Some(text) => Some(
            date::EventDate::parse(text, &zone)
                .map_err(|e| Error::Usage(format!("--dateline: {e}")))?,
        ),
        None => {
            eprintln!("note: no --dateline and none in the text: relative dates (`yesterday`, `last week`) are left unresolved");
            None
        }
    };
    let timexes = draft::tag(&input.text, dateline.as_ref());
    if args.timeml {
        print!("{}", draft::to_timeml(&input.text, &timexes));
        return Ok(());
    }
    let opts = draft::DraftOptions {
        dateline,
        source: args.source.clone(),
        source_url: args.source_url.clone(),
        timezone: args.timezone.clone(),
    };
    let (article, review) = draft::draft_article(&input.text, &timexes, &opts);
    for [words, value, sentence] in &review {
        eprintln!("{words:>24} → {value:<16} {sentence}");
    }
    match &args.output {
        None => print!("{article}"),
        Some(path) => {
            use std::io::Write;
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            out.write_all(article.as_bytes())
                .map_err(|e| Error::io(path, e))?;
        }
    }
    Ok(())
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
