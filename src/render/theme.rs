//! The theme: the built-in templates and assets (from the repo's `templates/`, embedded in the
//! binary so a site with only `content/` builds), overridden file by file by the site's own
//! `templates/` (read by the caller: nothing here touches the file system).

use std::path::Path;

use tera::{Context, Tera};

use crate::error::{Code, Diagnostic, Error};
use crate::i18n::{Language, LanguageFile};

pub const TEMPLATES_DIR: &str = "templates";

/// The built-in templates, by name.
const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    (
        "taxonomy.html",
        include_str!("../../templates/taxonomy.html"),
    ),
    ("term.html", include_str!("../../templates/term.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "partials/meta.html",
        include_str!("../../templates/partials/meta.html"),
    ),
    (
        "partials/media.html",
        include_str!("../../templates/partials/media.html"),
    ),
    (
        "partials/event.html",
        include_str!("../../templates/partials/event.html"),
    ),
    (
        "partials/date.html",
        include_str!("../../templates/partials/date.html"),
    ),
    (
        "partials/sources.html",
        include_str!("../../templates/partials/sources.html"),
    ),
    (
        "partials/terms.html",
        include_str!("../../templates/partials/terms.html"),
    ),
    (
        "partials/timeline.html",
        include_str!("../../templates/partials/timeline.html"),
    ),
    (
        "partials/axis.html",
        include_str!("../../templates/partials/axis.html"),
    ),
    (
        "partials/filters.html",
        include_str!("../../templates/partials/filters.html"),
    ),
    (
        "partials/key.html",
        include_str!("../../templates/partials/key.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../../templates/partials/pagination.html"),
    ),
    ("embed.html", include_str!("../../templates/embed.html")),
    (
        "partials/embed-code.html",
        include_str!("../../templates/partials/embed-code.html"),
    ),
];

/// The built-in assets, written to the output root unless the site's `static/` has the same file.
pub const BUILTIN_ASSETS: &[(&str, &[u8])] = &[
    (
        "annalist.css",
        include_bytes!("../../templates/assets/annalist.css"),
    ),
    (
        "annalist.js",
        include_bytes!("../../templates/assets/annalist.js"),
    ),
    (
        "search.js",
        include_bytes!("../../templates/assets/search.js"),
    ),
    (
        "embed.js",
        include_bytes!("../../templates/assets/embed.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../templates/assets/favicon.svg"),
    ),
];

/// Compiled templates, ready to render many pages.
pub struct Theme {
    tera: Tera,
    /// The site's `templates/i18n/*.yaml`, laid over the built-in languages.
    languages: Vec<LanguageFile>,
    /// What reading `templates/` skipped (symbolic links it did not follow).
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    /// The built-in theme with the site's template files laid over it: `files` are (name
    /// relative to `dir`, text), as read from the site's `templates/` at the input edge
    /// (`site::read_theme`); `dir` names them in messages, `warnings` are what reading them
    /// found.
    pub fn from_files(
        dir: &Path,
        files: Vec<(String, String)>,
        warnings: Vec<Diagnostic>,
    ) -> Result<Theme, Error> {
        let (i18n, templates): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(name, _)| name.starts_with("i18n/"));
        let mut errors = Vec::new();
        let mut languages = Vec::new();
        for (name, text) in &i18n {
            match LanguageFile::parse(name, text) {
                Ok(file) => languages.push(file),
                Err((line, message)) => errors.push(Diagnostic::error(
                    Code::Template,
                    dir.join(name),
                    line,
                    format!("language file: {message}"),
                )),
            }
        }
        let theme = Theme::from_sources(&templates).map_err(|d| d.with_dir(dir));
        match theme {
            Ok(theme) if errors.is_empty() => Ok(Theme {
                languages,
                warnings,
                ..theme
            }),
            Ok(_) => Err(Error::Site(errors)),
            Err(d) => {
                errors.insert(0, d);
                Err(Error::Site(errors))
            }
        }
    }

    /// The warning for a `language` that neither the theme nor the site's `templates/i18n/`
    /// has words for.
    pub fn untranslated_warning(&self, code: &str, config_path: &Path) -> Option<Diagnostic> {
        crate::i18n::untranslated_warning(code, &self.languages, config_path)
    }

    /// The site's language: the built-in one with the site's `templates/i18n/` files over it.
    pub fn language(&self, code: &str) -> Result<Language, TemplateError> {
        Language::resolve(code, &self.languages).map_err(|err| TemplateError {
            overridden: err.file.is_some(),
            template: err.file.unwrap_or_else(|| format!("i18n/{code}.yaml")),
            line: None,
            message: format!("language `{code}`: {}", err.message),
        })
    }

    /// Compiles the built-ins plus `overrides` (name, text); an override replaces the built-in of
    /// the same name.
    pub fn from_sources(overrides: &[(String, String)]) -> Result<Theme, TemplateError> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        let mut all: Vec<(&str, &str)> = BUILTIN_TEMPLATES
            .iter()
            .filter(|(name, _)| !overrides.iter().any(|(o, _)| o == name))
            .copied()
            .collect();
        all.extend(overrides.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        tera.add_raw_templates(all)
            .map_err(|err| TemplateError::from_tera(&err, overrides))?;
        Ok(Theme {
            tera,
            languages: Vec::new(),
            warnings: Vec::new(),
        })
    }

    /// Renders one template into `out`, as it goes.
    pub fn render_to(
        &self,
        name: &str,
        context: &Context,
        out: impl std::io::Write,
    ) -> Result<(), TemplateError> {
        self.tera
            .render_to(name, context, out)
            .map_err(|err| TemplateError::from_tera(&err, &[]))
    }

    /// Renders one template with a context built from a `Serialize` view.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera
            .render(name, context)
            .map_err(|err| TemplateError::from_tera(&err, &[]))
    }
}

/// A template problem: which template, the line, and Tera's whole message chain.
#[derive(Debug, Clone)]
pub struct TemplateError {
    pub template: String,
    /// Whether the template is the site's own (else built in).
    pub overridden: bool,
    pub line: Option<usize>,
    pub message: String,
}

impl TemplateError {
    fn from_tera(err: &tera::Error, overrides: &[(String, String)]) -> Self {
        let (template, line, head) = match err.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => (
                report.filename().to_string(),
                Some(report.span().start_line),
                report.message().to_string(),
            ),
            other => (String::new(), None, other.to_string()),
        };
        let mut message = head;
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        let overridden = overrides.iter().any(|(n, _)| *n == template);
        let text = overrides
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .chain(BUILTIN_TEMPLATES.iter().copied())
            .find(|(n, _)| *n == template)
            .map(|(_, t)| t);
        if let Some(source_line) = line.and_then(|l| text?.lines().nth(l.checked_sub(1)?)) {
            message.push_str(&format!(" in `{}`", source_line.trim()));
            if message.starts_with("Unknown tag") {
                message.push_str(
                    " (is an `{% if %}`, `{% for %}` or `{% block %}` above it left open?)",
                );
            }
        }
        TemplateError {
            overridden,
            template,
            line,
            message,
        }
    }

    /// A diagnostic naming the template file (the site's, or the built-in theme's).
    pub fn with_dir(&self, dir: &Path) -> Diagnostic {
        let file = if self.overridden {
            dir.join(&self.template)
        } else if self.template.is_empty() {
            dir.to_path_buf()
        } else {
            Path::new("(built-in theme)").join(&self.template)
        };
        Diagnostic::error(
            Code::Template,
            file,
            self.line,
            format!("template: {}", self.message),
        )
    }
}
