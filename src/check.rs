//! `annalist check`: everything `build` validates, without writing, then the rendered site itself:
//! every internal link and `#anchor` resolves (links authors write in Markdown included), no two
//! outputs claim one path; warnings for events without a source, articles without a summary and
//! lists of terms under a key that is not a taxonomy. External links are listed on request, never
//! fetched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::build::{render_site_with, Drafts, RenderOptions, RenderedSite};
use crate::error::{Code, Diagnostic, Error, Severity};
use crate::render::theme::BUILTIN_ASSETS;

/// Whether warnings fail the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// Only errors fail.
    Lenient,
    /// Warnings fail too (`--strict`).
    Strict,
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub site: PathBuf,
    pub drafts: Drafts,
    pub base_url: Option<String>,
    pub strictness: Strictness,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// Findings that never fail a check, `--strict` or not (events a calendar cannot hold).
    pub notes: Vec<Diagnostic>,
    /// (page, URL) of every link leaving the site, sorted.
    pub external: BTreeSet<(String, String)>,
    pub pages: usize,
    pub links: usize,
    pub strictness: Option<Strictness>,
}

impl CheckReport {
    /// Files a finding under its severity.
    pub fn add(&mut self, d: Diagnostic) {
        match d.severity {
            Severity::Error => self.errors.push(d),
            Severity::Warning => self.warnings.push(d),
            Severity::Note => self.notes.push(d),
        }
    }

    /// Whether the check fails: errors, or warnings under `--strict`.
    pub fn failed(&self) -> bool {
        !self.errors.is_empty()
            || (self.strictness == Some(Strictness::Strict) && !self.warnings.is_empty())
    }

    /// `check: 2 errors, 1 warning (12 pages, 340 internal links)`.
    pub fn summary(&self) -> String {
        let n = |count: usize, word: &str| format!("{count} {word}{}", crate::error::plural(count));
        let notes = match self.notes.len() {
            0 => String::new(),
            count => format!(", {}", n(count, "note")),
        };
        format!(
            "check: {}, {}{notes} ({}, {} checked){}",
            n(self.errors.len(), "error"),
            n(self.warnings.len(), "warning"),
            n(self.pages, "page"),
            n(self.links, "internal link"),
            if self.failed() && self.errors.is_empty() {
                " — failed: --strict counts warnings"
            } else {
                ""
            }
        )
    }
}

/// Runs every check. Problems in the site are in the report; only I/O and usage problems are errors.
pub fn check(opts: &CheckOptions) -> Result<CheckReport, Error> {
    if !opts.site.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder; expected a site folder holding content/",
            opts.site.display()
        )));
    }
    let mut report = CheckReport {
        strictness: Some(opts.strictness),
        ..CheckReport::default()
    };
    let render = RenderOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
    };
    let site = match render_site_with(&opts.site, &render) {
        Ok(site) => site,
        Err(Error::Site(errors)) => {
            report.errors = errors;
            return Ok(report);
        }
        Err(other) => return Err(other),
    };
    for d in site.warnings.iter().cloned() {
        let severity = check_severity(&d);
        report.add(d.with_severity(severity));
    }
    let static_files = static_files(&opts.site.join("static"))?;
    duplicate_paths(&site, &static_files, &opts.site, &mut report);
    images(&site, &static_files, &mut report);
    content_warnings(&site, &mut report);
    links(&site, &static_files, &mut report);
    report.errors.sort();
    report.errors.dedup();
    report.warnings.sort();
    report.warnings.dedup();
    report.notes.sort();
    report.notes.dedup();
    Ok(report)
}

/// How a check reads a build's finding: a source an event names but nobody defines only warns
/// in a build (the page still renders), but fails a check.
fn check_severity(d: &Diagnostic) -> Severity {
    match d.code {
        Code::UndefinedSource | Code::DuplicateOutput => Severity::Error,
        _ => d.severity,
    }
}

/// Paths under `static/`, `/`-separated.
fn static_files(dir: &Path) -> Result<BTreeSet<String>, Error> {
    let mut out = BTreeSet::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in WalkDir::new(dir).follow_links(false) {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, err.into())
        })?;
        if entry.file_type().is_file() {
            if let Ok(rel) = entry.path().strip_prefix(dir) {
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    Ok(out)
}

/// A file in `static/` that would replace a generated one (a page of the plan, or a whole-site
/// file). Two pages of the plan that claim one path are warnings of the render (`Site`), that
/// [`check_severity`] makes errors.
fn duplicate_paths(
    site: &RenderedSite,
    static_files: &BTreeSet<String>,
    dir: &Path,
    report: &mut CheckReport,
) {
    let assets: BTreeSet<&str> = BUILTIN_ASSETS.iter().map(|(p, _)| *p).collect();
    let generated: BTreeSet<&str> = site
        .plan
        .paths()
        .chain(site.files.iter().map(|f| f.path.as_str()))
        .filter(|p| !assets.contains(p))
        .collect();
    for path in static_files {
        if generated.contains(path.as_str()) {
            report.errors.push(Diagnostic::error(
                Code::DuplicateOutput,
                dir.join("static").join(path),
                None,
                format!("static file would replace the generated `{path}`; rename or move it"),
            ));
        }
    }
}

/// An article's `image:`: a file under `static/` (its path from the site root) or a URL of an
/// allowed scheme.
fn images(site: &RenderedSite, static_files: &BTreeSet<String>, report: &mut CheckReport) {
    for a in &site.timeline.articles {
        let Some(image) = a.extra.get("image").and_then(|v| v.as_str()) else {
            continue;
        };
        let problem = if image.contains(':') || image.starts_with("//") {
            crate::markdown::check_url(image).err().or_else(|| {
                let lower = image.to_ascii_lowercase();
                (!lower.starts_with("http://") && !lower.starts_with("https://"))
                    .then(|| "an image is an http or https URL, or a file in `static/`".to_string())
            })
        } else {
            let path = image.split(['?', '#']).next().unwrap_or("");
            let path = percent_decode(path.trim_start_matches('/'));
            (!static_files.contains(&path))
                .then(|| format!("no file `static/{path}`; put the image there (its path is from the site root) or give a URL"))
        };
        if let Some(problem) = problem {
            report.errors.push(Diagnostic::error(
                Code::MissingAsset,
                &a.display_path,
                a.key_line("image"),
                format!("image `{image}`: {problem}"),
            ));
        }
    }
}

fn content_warnings(site: &RenderedSite, report: &mut CheckReport) {
    let t = &site.timeline;
    for e in &t.events {
        if e.event.sources.is_empty() {
            let a = &t.articles[e.articles[0]];
            report.warnings.push(Diagnostic::warning(
                Code::NoSource,
                &a.display_path,
                e.event.line,
                format!(
                    "event `{}` names no source; add `sources:` to it or to its article",
                    e.event.id
                ),
            ));
        }
    }
    for a in &t.articles {
        if a.summary_html.is_none() && !a.is_page() {
            report.warnings.push(Diagnostic::warning(
                Code::NoSummary,
                &a.display_path,
                Some(1),
                "article has no `summary`; feeds, Open Graph and link previews fall back to the site description",
            ));
        }
        for (key, value) in &a.extra {
            let is_terms = value
                .as_array()
                .is_some_and(|list| !list.is_empty() && list.iter().all(|v| v.is_string()));
            if is_terms {
                report.warnings.push(Diagnostic::warning(
                    Code::NotTaxonomy,
                    &a.display_path,
                    a.key_line(key),
                    format!(
                        "`{key}` lists terms, but `{key}` is not a taxonomy of this site ({}); add it to `taxonomies` in site.yaml, or it stays plain `extra`",
                        site.config.taxonomies.join(", ")
                    ),
                ));
            }
        }
    }
}

/// One link found in a page.
struct Link<'h> {
    url: &'h str,
}

/// Every `href` and `src` value in an HTML page, and every `id`.
fn scan(html: &str) -> (Vec<Link<'_>>, BTreeSet<String>) {
    let mut links = Vec::new();
    let mut ids = BTreeSet::new();
    for attr in [" href=\"", " src=\"", " id=\""] {
        for (i, _) in html.match_indices(attr) {
            let start = i + attr.len();
            let Some(len) = html[start..].find('"') else {
                continue;
            };
            let value = &html[start..start + len];
            if attr == " id=\"" {
                ids.insert(decode_entities(value));
            } else {
                links.push(Link { url: value });
            }
        }
    }
    (links, ids)
}

fn decode_entities(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `%20` and friends decoded (fragments and paths are compared decoded).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `href` (no fragment) against the page at `page`; None when it climbs above the root.
fn resolve(page: &str, href: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.is_empty() {
        return Some(page.to_string());
    }
    if href.ends_with('/') || href == "." || href == ".." || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http:", "https:", "mailto:", "tel:", "//"]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn links(site: &RenderedSite, static_files: &BTreeSet<String>, report: &mut CheckReport) {
    let html_pages: BTreeMap<&str, String> = site
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                String::from_utf8_lossy(&f.bytes).into_owned(),
            )
        })
        .collect();
    let ids: BTreeMap<&str, BTreeSet<String>> = html_pages
        .iter()
        .map(|(p, html)| (*p, scan(html).1))
        .collect();
    let mut exists: BTreeSet<&str> = site.files.iter().map(|f| f.path.as_str()).collect();
    exists.extend(static_files.iter().map(String::as_str));
    // Which article each page shows, to name the file and line an author wrote a link on.
    let articles: BTreeMap<String, (&Path, &[crate::markdown::LinkLine])> = site
        .timeline
        .articles
        .iter()
        .map(|a| {
            (
                format!("{}/index.html", a.slug),
                (a.display_path.as_path(), a.body_links.as_slice()),
            )
        })
        .collect();
    let base = &site.config.base_url;
    report.pages = html_pages.len();
    for (page, html) in &html_pages {
        if *page == "404.html" {
            continue; // served at any path: its links are absolute when they can be
        }
        for link in scan(html).0 {
            let url = decode_entities(link.url);
            let local = match base.is_empty() {
                false if url.starts_with(&format!("{base}/")) => {
                    // An absolute link into the site: checked like a relative one from the root.
                    let rest = &url[base.len() + 1..];
                    let depth = page.matches('/').count();
                    format!("{}{rest}", "../".repeat(depth))
                }
                _ => url.clone(),
            };
            if is_external(&local) {
                if url.starts_with("http") || url.starts_with("mailto:") {
                    report.external.insert((page.to_string(), url.clone()));
                }
                continue;
            }
            if local.contains(':') && !local.contains('/') || local.starts_with("data:") {
                continue; // another scheme (data:, javascript:): not a file of the site
            }
            report.links += 1;
            let problem = link_problem(page, &local, &exists, &ids);
            if let Some(problem) = problem {
                let written = articles.get(*page).and_then(|(path, links)| {
                    let (_, line) = links.iter().find(|(dest, _)| *dest == url)?;
                    Some((path.to_path_buf(), Some(*line)))
                });
                let (file, line) = written.unwrap_or_else(|| (PathBuf::from(*page), None));
                report.errors.push(Diagnostic::error(
                    Code::BrokenLink,
                    file,
                    line,
                    format!("link `{url}` on {page}: {problem}"),
                ));
            }
        }
    }
}

/// Why a link does not resolve, or None when it does.
fn link_problem(
    page: &str,
    url: &str,
    exists: &BTreeSet<&str>,
    ids: &BTreeMap<&str, BTreeSet<String>>,
) -> Option<String> {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or("");
    if path.starts_with('/') {
        return Some(
            "a link from the domain root breaks when the site is served from a sub-path or opened from disk; write it relative".into(),
        );
    }
    let Some(mut target) = resolve(page, &percent_decode(path)) else {
        return Some("it climbs above the site's root folder".into());
    };
    if !exists.contains(target.as_str()) {
        let as_dir = format!("{target}/index.html");
        if exists.contains(as_dir.as_str()) {
            target = as_dir;
        } else {
            return Some(format!("no file `{target}` in the built site"));
        }
    }
    let fragment = percent_decode(fragment.unwrap_or(""));
    if fragment.is_empty() {
        return None;
    }
    match ids.get(target.as_str()) {
        Some(found) if !found.contains(&fragment) => {
            Some(format!("`{target}` has no anchor `#{fragment}`"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_links() {
        assert_eq!(
            resolve("a/index.html", "../b/").as_deref(),
            Some("b/index.html")
        );
        assert_eq!(
            resolve("a/index.html", "../index.html").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            resolve("a/index.html", "../").as_deref(),
            Some("index.html")
        );
        assert_eq!(resolve("index.html", "").as_deref(), Some("index.html"));
        assert_eq!(resolve("index.html", "../x"), None);
    }

    #[test]
    fn finds_links_and_ids() {
        let (links, ids) = scan(r#"<a href="x/#a">x</a><li id="arrival"><img src="p.png" alt="">"#);
        let urls: Vec<&str> = links.iter().map(|l| l.url).collect();
        assert_eq!(urls, ["x/#a", "p.png"]);
        assert!(ids.contains("arrival"));
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("caf%C3%A9%2"), "café%2");
    }
}
