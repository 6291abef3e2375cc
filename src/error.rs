//! The one error type. Problems found in a site's files are [`Diagnostic`]s that carry the file,
//! the line and a message naming the bad value and what was expected; a run collects all of them
//! before it fails, so a user sees every bad file at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The site cannot be built.
    Error,
    /// The site builds, but something an author wrote is probably not what they meant.
    Warning,
    /// Worth knowing, never a failure, also under `check --strict` (a BCE event that a calendar
    /// cannot hold, for example).
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Declares [`Code`] from one table: the variant, its stable kebab-case name and a one-line
/// doc. The README's list of codes is this table (a test keeps them equal).
macro_rules! codes {
    ($($variant:ident $name:literal $doc:literal,)*) => {
        /// What kind of problem a diagnostic is: stable across releases, so policies
        /// (`check --strict`, the preview's overlay, scripts reading the output) match on
        /// it rather than on the message's words.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        impl Code {
            /// Every code, in the table's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable name, as printed in `[code]` after each message.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// One line saying what the code means.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Code::$variant => $doc,)*
                }
            }
        }
    };
}

codes! {
    Unreadable "unreadable" "a file or folder could not be read",
    NotUtf8 "not-utf8" "a file is not valid UTF-8",
    ContentLink "content-link" "a symbolic link under `content/`, `static/` or `templates/` that is followed nowhere (a loop, dangling, or leading out of the site)",
    FrontMatter "front-matter" "the front-matter is not valid YAML, is too large, or a value has the wrong type",
    SiteConfig "site-config" "`site.yaml` has a bad value or an unknown key",
    InvalidEra "invalid-era" "an entry of `eras:` in `site.yaml` without a title, a date or an end, or ending before it begins",
    UnknownLanes "unknown-lanes" "`lanes:` in `site.yaml` names a taxonomy that `taxonomies` does not list",
    MissingKey "missing-key" "a required key (`title`, an event's `date`) is missing or empty",
    MisspeltKey "misspelt-key" "a near miss of a key that changes what an article is (`evnets`, `dat`, `tag`): an error, so nothing is silently lost",
    UnknownKey "unknown-key" "a key annalist does not know; kept for templates as `extra`",
    InvalidDate "invalid-date" "a date, an end or a span that the date grammar does not accept, or an end before its date",
    InvalidTimezone "invalid-timezone" "a `timezone` that is not an IANA zone or a UTC offset",
    InvalidUrl "invalid-url" "a URL with a scheme that is not allowed (http, https, mailto or relative)",
    InvalidSlug "invalid-slug" "a slug, id or term that cannot be a URL segment or an anchor",
    InvalidTerms "invalid-terms" "a taxonomy key whose value is not a list of terms",
    InvalidSource "invalid-source" "a source without a name",
    UndefinedSource "undefined-source" "an event names a source that the article's `sources` does not define and gives no url (an error under `check`)",
    DuplicateId "duplicate-id" "one event id declared twice in one article",
    ConflictingEvent "conflicting-event" "declarations of one event id in several articles disagree on its date",
    DifferingEvent "differing-event" "declarations of one event id disagree on its title or summary (the first is kept)",
    SlugCollision "slug-collision" "two articles, or an article and a taxonomy, would write one page",
    TermCollision "term-collision" "two spellings of a term share one slug, so one page",
    Template "template" "a template does not parse or fails to render",
    TemplateOverride "template-override" "a file under `templates/` that the theme does not use",
    OutputFolder "output-folder" "the output folder is refused (the site itself, inside it, or not a previous build)",
    MissingBaseUrl "missing-base-url" "no `base_url`, so the files and tags that need absolute URLs are left out",
    UntranslatedLanguage "untranslated-language" "the site's `language` has no built-in words: the theme's words stay English except those a site's `templates/i18n/` file gives",
    IcsOutOfRange "ics-out-of-range" "events a calendar cannot hold (before year 1) are left out of `events.ics`: a note, never a failure",
    BrokenLink "broken-link" "an internal link or `#anchor` that leads nowhere (`check`)",
    DuplicateOutput "duplicate-output" "two things would write one output path, such as a file in `static/` and a generated page (`check`)",
    NoSource "no-source" "an event without a source (`check`)",
    NoSummary "no-summary" "an article without a summary (`check`)",
    NotTaxonomy "not-taxonomy" "a list of terms under a key that is not a taxonomy (`check`)",
    MissingAsset "missing-asset" "a local file named in the front-matter (a medium's `src`, an `image`) does not exist",
    InvalidMedia "invalid-media" "a medium with neither `src` nor `quote`, a `src` of another scheme or an unknown extension, or an image without `alt`",
    BadImage "bad-image" "an image file that is not the image its name says, is truncated, or is larger than `limits.image_pixels`",
    ImportInput "import-input" "`annalist import`: an input that cannot be read or is not the format it names (a page whose front-matter does not parse, a file too large or not UTF-8, a JSON that is not a TimelineJS timeline), or two pages that would be one article",
    ImportExists "import-exists" "`annalist import`: a file it would write already exists (it never writes over one)",
    ImportUnmapped "import-unmapped" "`annalist import`: a key, a file or a page with no annalist equivalent, kept where it can be (the tool's key) and named: a note",
    ImportShortcode "import-shortcode" "`annalist import`: a shortcode or template tag in a body, kept as text: a note naming its line",
    RawEmbed "raw-embed" "an `<iframe>` or `<video>` written in an article's body, which the sanitizer removes: name it under `media` instead",
    BadSheet "bad-sheet" "a `.csv` under `content/` that cannot be read as a sheet: an unknown or repeated column, a cell its column cannot hold (`Month` 13), a `Type` that is not `title` or `era`",
    SheetTooLarge "sheet-too-large" "a `.csv` with more rows or cells than a sheet may have; the file is not read",
    SheetUnused "sheet-unused" "a filled cell of a TimelineJS column annalist has no use for (`Background`, `Media Thumbnail`): a note",
    NotImported "not-imported" "something in the input of `annalist import` that annalist has no place for (a slide's `background`, an unknown key): named, never dropped silently",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One problem in one file, like a compiler's `file:line: error: message [code]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file as the user knows it (relative to the current folder or the site).
    pub file: PathBuf,
    /// 1-based line where the problem applies, when known.
    pub line: Option<usize>,
    pub message: String,
    pub severity: Severity,
    pub code: Code,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: Code,
        file: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            message: message.into(),
            severity,
            code,
        }
    }

    pub fn error(
        code: Code,
        file: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::new(Severity::Error, code, file, line, message)
    }

    pub fn warning(
        code: Code,
        file: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::new(Severity::Warning, code, file, line, message)
    }

    pub fn note(
        code: Code,
        file: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic::new(Severity::Note, code, file, line, message)
    }

    /// The same diagnostic at another severity (a policy such as `check`'s stricter reading).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// `file:line: error: message [code]`.
    pub fn display(&self) -> String {
        let label = self.severity.label();
        let code = self.code;
        match self.line {
            Some(line) => format!(
                "{}:{line}: {label}: {} [{code}]",
                self.file.display(),
                self.message
            ),
            None => format!(
                "{}: {label}: {} [{code}]",
                self.file.display(),
                self.message
            ),
        }
    }
}

/// Everything that can stop a command.
#[derive(Debug)]
pub enum Error {
    /// The site's files have problems; every one found is listed.
    Site(Vec<Diagnostic>),
    /// Reading or writing a path failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The command line asks for something that cannot be done (exit status 2).
    Usage(String),
    /// A command found problems and has printed them already; the text is its summary.
    Reported(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// 1 for problems in the site or the file system, 2 for wrong use of the command line.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Site(_) | Error::Io { .. } | Error::Reported(_) => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Site(diagnostics) => {
                for d in diagnostics {
                    writeln!(f, "{}", d.display())?;
                }
                let files: std::collections::BTreeSet<_> =
                    diagnostics.iter().map(|d| &d.file).collect();
                write!(
                    f,
                    "error: build failed with {} error{} in {} file{}; the previous output was left as it was",
                    diagnostics.len(),
                    plural(diagnostics.len()),
                    files.len(),
                    plural(files.len())
                )
            }
            Error::Io { path, .. } => write!(f, "error: {}", path.display()),
            Error::Usage(message) => write!(f, "error: {message}"),
            Error::Reported(summary) => f.write_str(summary),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table of codes, as [`Code::ALL`] would write it.
    fn readme_table() -> String {
        let mut out = String::from("| code | meaning |\n| --- | --- |\n");
        for code in Code::ALL {
            out.push_str(&format!("| `{}` | {} |\n", code.name(), code.doc()));
        }
        out
    }

    #[test]
    fn the_readme_lists_every_code_with_its_doc() {
        let readme = include_str!("../README.md");
        let start = readme
            .find("<!-- codes:start -->\n")
            .expect("codes:start marker")
            + 21;
        let end = readme.find("<!-- codes:end -->").expect("codes:end marker");
        let want = readme_table();
        if std::env::var_os("UPDATE_EXPECT").is_some() && readme[start..end] != want {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
            let text = format!("{}{want}{}", &readme[..start], &readme[end..]);
            std::fs::write(path, text).unwrap();
            return;
        }
        assert_eq!(&readme[start..end], want, "rerun with UPDATE_EXPECT=1");
    }

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        assert!(names.iter().all(|n| n
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')));
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    #[test]
    fn a_diagnostic_shows_severity_line_and_code() {
        let d = Diagnostic::note(Code::IcsOutOfRange, "content/a.md", Some(6), "left out");
        assert_eq!(
            d.display(),
            "content/a.md:6: note: left out [ics-out-of-range]"
        );
        let d = d.with_severity(Severity::Error);
        assert_eq!(
            d.display(),
            "content/a.md:6: error: left out [ics-out-of-range]"
        );
    }
}
