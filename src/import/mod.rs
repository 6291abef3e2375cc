//! `annalist import FORMAT INPUT [-o DIR]`: another tool's timeline or site made into annalist
//! articles. Each format's reader (`timelinejs`) turns its input into an [`Imported`]: the
//! articles as raw front-matter values with their bodies and files, what it could not carry
//! over, and what it suggests for `site.yaml`. This module writes them the one way: through
//! [`frontmatter::write_article`], under `DIR/content/`, never over an existing file (every
//! path is checked before the first is written), and prints the report.

pub mod ssg;
pub mod timelinejs;

use std::path::{Path, PathBuf};

use crate::error::{Code, Diagnostic, Error};
use crate::frontmatter::{self, RawArticle};
use crate::source::CONTENT_DIR;

/// What the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// TimelineJS3 JSON (`timeline.json`), or its Google Sheet exported as CSV.
    Timelinejs,
    /// A Hugo site (or its content folder): TOML, YAML or JSON front-matter, page bundles.
    Hugo,
    /// A Jekyll site: `_posts/YYYY-MM-DD-title.md`, `_drafts/`, pages.
    Jekyll,
    /// A Zola site (or its content folder): TOML front-matter, `[taxonomies]`, co-located assets.
    Zola,
}

impl Format {
    /// The static-site generator a site's folder comes from; `None` for a timeline's file.
    pub fn ssg(self) -> Option<ssg::SsgKind> {
        match self {
            Format::Timelinejs => None,
            Format::Hugo => Some(ssg::SsgKind::Hugo),
            Format::Jekyll => Some(ssg::SsgKind::Jekyll),
            Format::Zola => Some(ssg::SsgKind::Zola),
        }
    }
}

/// How the events are shared out among articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Articles {
    /// One article per item of the input (a TimelineJS slide, a post).
    PerItem,
    /// One article holding every event.
    One,
}

/// What `annalist import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub format: Format,
    pub input: PathBuf,
    /// The site folder written into (its `content/`).
    pub output: PathBuf,
    pub articles: Articles,
}

/// One article to write.
#[derive(Debug, Clone)]
pub struct NewArticle {
    /// Under `content/`, `/`-separated: `arrival.md`, `arrival/index.md`.
    pub rel_path: String,
    pub raw: RawArticle,
    pub body: String,
    /// Files copied beside it (a page bundle's): (from, path under `content/`).
    pub files: Vec<(PathBuf, String)>,
}

/// What a reader made of its input.
#[derive(Debug, Default)]
pub struct Imported {
    pub articles: Vec<NewArticle>,
    /// Everything that was not carried over, by item (`not-imported`).
    pub lost: Vec<Diagnostic>,
    /// Lines for `site.yaml` (the title, eras, lanes), printed for the user to add.
    pub site_yaml: String,
}

/// What was written, and what the user is told.
#[derive(Debug)]
pub struct Report {
    /// Every file written, under the output folder.
    pub written: Vec<PathBuf>,
    pub lost: Vec<Diagnostic>,
    pub site_yaml: String,
}

/// Runs an import of a timeline's file: reads the input as its format, then writes the
/// articles. (A site's folder, [`Format::ssg`], is [`ssg::import`]'s.)
pub fn run(opts: &ImportOptions) -> Result<Report, Error> {
    let imported = timelinejs::import(&opts.input, opts.articles)?;
    write(&opts.output, imported)
}

/// A problem with the input or the output as a whole (`import-input`).
pub fn refused(path: &Path, line: Option<usize>, message: impl Into<String>) -> Error {
    Error::Site(vec![Diagnostic::error(
        Code::ImportInput,
        path,
        line,
        message,
    )])
}

/// Writes the articles and their files under `output/content/`. Nothing is written when any
/// of the paths exists already.
fn write(output: &Path, imported: Imported) -> Result<Report, Error> {
    let content = output.join(CONTENT_DIR);
    let mut plan: Vec<(PathBuf, Source)> = Vec::new();
    for a in &imported.articles {
        let text = frontmatter::write_article(&a.raw, &a.body);
        plan.push((content.join(&a.rel_path), Source::Text(text)));
        for (from, rel) in &a.files {
            plan.push((content.join(rel), Source::File(from.clone())));
        }
    }
    let taken: Vec<Diagnostic> = plan
        .iter()
        .filter(|(path, _)| path.symlink_metadata().is_ok())
        .map(|(path, _)| {
            Diagnostic::error(
                Code::ImportExists,
                path,
                None,
                "exists already; import never writes over a file: import into another folder (`-o DIR`) or move this one away",
            )
        })
        .collect();
    if !taken.is_empty() {
        return Err(Error::Site(taken));
    }
    let mut written = Vec::with_capacity(plan.len());
    for (path, source) in plan {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let bytes = match source {
            Source::Text(text) => text.into_bytes(),
            Source::File(from) => std::fs::read(&from).map_err(|e| Error::io(&from, e))?,
        };
        write_new(&path, &bytes)?;
        written.push(path);
    }
    Ok(Report {
        written,
        lost: imported.lost,
        site_yaml: imported.site_yaml,
    })
}

/// What a written file holds.
enum Source {
    Text(String),
    File(PathBuf),
}

/// Writes a file that must not exist (also if it appeared since the check).
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}

/// A `site.yaml` line `key: value`, the value quoted (a JSON string is a YAML scalar).
pub fn yaml_line(indent: &str, key: &str, value: &str) -> String {
    format!(
        "{indent}{key}: {}\n",
        serde_json::to_string(value).unwrap_or_default()
    )
}

/// Makes `wanted` distinct from every name in `taken` (`-2`, `-3`, … added) and takes it.
pub fn unique(wanted: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let mut name = wanted.to_string();
    let mut n = 1;
    while !taken.insert(name.clone()) {
        n += 1;
        name = format!("{wanted}-{n}");
    }
    name
}

/// Prints the report: each file written, what was not carried over, the `site.yaml` lines.
pub fn print(report: &Report) {
    for path in &report.written {
        println!("wrote {}", path.display());
    }
    for d in &report.lost {
        eprintln!("{}", d.display());
    }
    if !report.site_yaml.is_empty() {
        println!("\nAdd to site.yaml:\n\n{}", report.site_yaml);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_written_when_one_path_exists() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/b.md"), "mine").unwrap();
        let article = |rel: &str| NewArticle {
            rel_path: rel.into(),
            raw: RawArticle {
                title: Some(rel.into()),
                ..RawArticle::default()
            },
            body: String::new(),
            files: Vec::new(),
        };
        let imported = Imported {
            articles: vec![article("a.md"), article("b.md")],
            ..Imported::default()
        };
        let Err(Error::Site(d)) = write(dir.path(), imported) else {
            panic!("expected a refusal");
        };
        assert_eq!(d.len(), 1);
        assert!(
            d[0].display().contains("b.md: error: exists already"),
            "{}",
            d[0].display()
        );
        assert!(!dir.path().join("content/a.md").exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/b.md")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn unique_names_count_up() {
        let mut taken = Default::default();
        let names: Vec<String> = (0..3).map(|_| unique("a", &mut taken)).collect();
        assert_eq!(names, ["a", "a-2", "a-3"]);
    }
}
