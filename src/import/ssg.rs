//! `annalist import hugo|jekyll|zola DIR [-o DIR]`: a static-site generator's content folder
//! converted into an annalist site.
//!
//! Each Markdown page becomes an article written through [`frontmatter::write_article`]:
//! front-matter in TOML (`+++`), YAML (`---`) or JSON (`{…}`) is split ([`split_front_matter`])
//! and read into one JSON map, whose keys are mapped ([`Mapping`]): `title`, `date` (else the
//! date of the file name: Jekyll's `_posts/YYYY-MM-DD-title.md`, Zola's `YYYY-MM-DD-` or
//! `YYYY-MM-DD_` prefix), `lastmod`/`updated`, `draft`/`published: false`, `slug`,
//! `summary`/`description`/`excerpt`, `author(s)`, `image(s)`, taxonomies (top-level lists in
//! Hugo and Jekyll, Zola's `[taxonomies]` table) and `aliases`/`redirect_from` (redirect pages
//! under `static/`). Every other key is kept under the article's `hugo:`/`jekyll:`/`zola:` key
//! (templates see it as `article.extra`) and reported by file: nothing is dropped silently.
//! Shortcodes (`{{< … >}}`, `{{% … %}}`, `{% … %}`, `{{ name(…) }}`, Liquid's `{{ … }}`) stay
//! in the body as text and are listed with their file and line. Page bundles (a folder with
//! `index.md`) keep their files beside the article; `static/` (Jekyll: `assets/`, `images/`)
//! is copied. Nothing is written when an input file is bad or any output file exists.
//!
//! Hostile input is bounded: a file over [`MAX_FILE_BYTES`] or front-matter over
//! [`MAX_FRONT_MATTER_BYTES`] is an error; JSON front-matter deeper than [`MAX_DEPTH`] is
//! refused before it is parsed; at most [`MAX_FILES`] files are walked.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::date::{self, Zone};
use crate::error::{Code, Diagnostic};
use crate::frontmatter::{self, OneOrMany, RawArticle, RawDate};
use crate::slug::{check_segment, slugify};

/// The largest page file read (a bigger one is an error, read no further).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// The largest front-matter parsed.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;
/// How deep `{`/`[` may nest in JSON front-matter.
pub const MAX_DEPTH: usize = 64;
/// At most this many files under the folder imported.
pub const MAX_FILES: usize = 200_000;

/// Which tool's folder is imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsgKind {
    Hugo,
    Jekyll,
    Zola,
}

impl SsgKind {
    /// `hugo`, `jekyll`, `zola`: also the article key that keeps the keys without a mapping.
    pub fn name(self) -> &'static str {
        match self {
            SsgKind::Hugo => "hugo",
            SsgKind::Jekyll => "jekyll",
            SsgKind::Zola => "zola",
        }
    }
}

/// What an import wrote and what it could not carry over.
#[derive(Debug, Default)]
pub struct Report {
    /// Every file written, relative to the output folder, in order.
    pub written: Vec<PathBuf>,
    pub articles: usize,
    pub assets: usize,
    /// Notes (shortcodes, keys kept under the tool's key, skipped files) and warnings.
    pub notes: Vec<Diagnostic>,
}

/// The front-matter language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
    Json,
    /// No front-matter: the whole file is the body.
    None,
}

/// A page split into its front-matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    /// The front-matter text (without its fences; a JSON object with its braces).
    pub front: &'a str,
    /// 1-based file line of the front-matter's first line.
    pub front_line: usize,
    pub body: &'a str,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
}

/// Why a page could not be split: its line and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub line: usize,
    pub message: String,
}

/// Splits `+++` TOML `+++`, `---` YAML `---` (or `...`), or a JSON object `{…}` at the start of
/// the file from the body. A byte-order mark and CRLF line ends are accepted; a file that starts
/// with none of them has no front-matter. Never panics; the work is linear in the text.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, SplitError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.split('\n').next().unwrap_or("");
    let fence = first.trim_end_matches(['\r', ' ', '\t']);
    let (format, closers): (Format, &[&str]) = match fence {
        "+++" => (Format::Toml, &["+++"]),
        "---" => (Format::Yaml, &["---", "..."]),
        _ if text.starts_with('{') => return split_json(text),
        _ => {
            return Ok(Split {
                format: Format::None,
                front: "",
                front_line: 1,
                body: text,
                body_line: 1,
            })
        }
    };
    let start = first.len() + 1;
    let mut offset = start.min(text.len());
    let mut line = 2;
    while offset < text.len() {
        let rest = &text[offset..];
        let end = rest.find('\n').map_or(rest.len(), |i| i);
        let this = rest[..end].trim_end_matches(['\r', ' ', '\t']);
        if closers.contains(&this) {
            let after = (offset + end + 1).min(text.len());
            return Ok(Split {
                format,
                front: &text[start.min(offset)..offset],
                front_line: 2,
                body: &text[after..],
                body_line: line + 1,
            });
        }
        offset += end + 1;
        line += 1;
    }
    Err(SplitError {
        line: 1,
        message: format!(
            "the front-matter opened by `{fence}` on line 1 is never closed: expected a line `{}`",
            closers[0]
        ),
    })
}

/// A JSON object at the start: its matching `}` ends it (strings and escapes respected).
fn split_json(text: &str) -> Result<Split<'_>, SplitError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut line = 1;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(SplitError {
                        line,
                        message: format!(
                            "the JSON front-matter nests more than {MAX_DEPTH} levels deep"
                        ),
                    });
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let rest = &text[i + 1..];
                    // The rest of the closing line belongs to no one: skip to the next line.
                    let (body, skip) = match rest.find('\n') {
                        Some(n) if rest[..n].trim().is_empty() => (&rest[n + 1..], 1),
                        _ => (rest, 0),
                    };
                    return Ok(Split {
                        format: Format::Json,
                        front: &text[..=i],
                        front_line: 1,
                        body,
                        body_line: line + skip,
                    });
                }
            }
            _ => {}
        }
    }
    Err(SplitError {
        line: 1,
        message: "the JSON front-matter opened by `{` on line 1 is never closed".into(),
    })
}

/// Reads front-matter text in its format into one JSON map (TOML dates become their text).
pub fn read_front_matter(format: Format, front: &str) -> Result<Map<String, Value>, SplitError> {
    if front.len() > MAX_FRONT_MATTER_BYTES {
        return Err(SplitError {
            line: 1,
            message: format!(
                "the front-matter is {} bytes, over the limit of {MAX_FRONT_MATTER_BYTES}",
                front.len()
            ),
        });
    }
    let fail = |line: Option<usize>, message: String| SplitError {
        line: line.unwrap_or(1),
        message,
    };
    let value: Value = match format {
        Format::None => return Ok(Map::new()),
        Format::Yaml if front.trim().is_empty() => return Ok(Map::new()),
        Format::Yaml => frontmatter::parse_yaml(front)
            .map_err(|e| fail(e.line, format!("the YAML front-matter: {}", e.message)))?,
        Format::Json => serde_json::from_str(front)
            .map_err(|e| fail(Some(e.line()), format!("the JSON front-matter: {e}")))?,
        Format::Toml => {
            let table: toml::Table = toml::from_str(front).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| front[..s.start.min(front.len())].lines().count());
                fail(line, format!("the TOML front-matter: {}", e.message()))
            })?;
            toml_to_json(toml::Value::Table(table))
        }
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        other => Err(fail(
            None,
            format!(
                "the front-matter is a {}, not a table of keys",
                json_kind(&other)
            ),
        )),
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "list",
        Value::Object(_) => "table",
    }
}

/// A shortcode found in a body: its 1-based file line and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode {
    pub line: usize,
    pub text: String,
}

/// The shortcodes and template tags of a body, each with its file line (`first_line` is the
/// body's): `{{< … >}}`, `{{% … %}}`, `{% … %}` and `{{ … }}` (Zola's `{{ name(…) }}`, Liquid).
pub fn shortcodes(body: &str, first_line: usize) -> Vec<Shortcode> {
    let mut out = Vec::new();
    let mut line = first_line;
    let mut rest = body;
    while let Some(open) = rest.find('{') {
        line += rest[..open].matches('\n').count();
        let tail = &rest[open..];
        let close = if tail.starts_with("{{") {
            "}}"
        } else if tail.starts_with("{%") {
            "%}"
        } else {
            rest = &tail[1..];
            continue;
        };
        match tail[2..].find(close) {
            Some(end) => {
                let whole = &tail[..end + 4];
                let shown: String = whole.split_whitespace().collect::<Vec<_>>().join(" ");
                let shown = match shown.char_indices().nth(120) {
                    Some((cut, _)) => format!("{}…", &shown[..cut]),
                    None => shown,
                };
                out.push(Shortcode { line, text: shown });
                line += whole.matches('\n').count();
                rest = &tail[end + 4..];
            }
            None => break,
        }
    }
    out
}

/// `2024-06-19-title.md` / `2024-06-19_title.md` → ("2024-06-19", "title"); None without one.
pub fn date_prefix(stem: &str) -> Option<(&str, &str)> {
    let bytes = stem.as_bytes();
    if bytes.len() < 11 {
        return None;
    }
    let shape = bytes[..10].iter().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            *b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    (shape && matches!(bytes[10], b'-' | b'_')).then(|| (&stem[..10], &stem[11..]))
}

/// A date as the tools write it, in annalist's grammar: `2024-06-19`, `2024-06-19T10:00:00Z`,
/// TOML's `1979-05-27 07:32:00-08:00`, Jekyll's `2024-06-19 10:00:00 +0200`, fractions of a
/// second dropped. None when no reading parses.
pub fn convert_date(text: &str) -> Option<String> {
    let text = text.trim();
    let accepted = |t: &str| {
        date::parse_span(t, &Zone::Utc)
            .is_ok()
            .then(|| t.to_string())
    };
    if let Some(ok) = accepted(text) {
        return Some(ok);
    }
    let (day, time) = match text.split_once(['T', ' ']) {
        Some((day, time)) => (day, time.trim()),
        None => return None,
    };
    // The clock, then an offset (`Z`, `+02:00`, `+0200`, ` +0200`, ` UTC`).
    let split = time.find(['Z', 'z', '+', '-', ' ']).unwrap_or(time.len());
    let (clock, zone) = (&time[..split], time[split..].trim());
    let clock = clock.split('.').next().unwrap_or(clock);
    let offset = match zone {
        "" => String::new(),
        "Z" | "z" | "UTC" | "GMT" => "Z".to_string(),
        z if z.len() == 5 && z[1..].bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}:{}", &z[..3], &z[3..])
        }
        z => z.to_string(),
    };
    accepted(&format!("{day}T{clock}{offset}"))
}

/// A file copied as it is: (source, target under the output).
type Copy = (PathBuf, String);

/// One page to convert: where it is and where its article goes.
struct Page {
    source: PathBuf,
    /// Relative to the output's `content/`.
    target: String,
    /// The date its file name gives.
    name_date: Option<String>,
    /// The file name's title (`2024-06-19-my-post` → `my-post`).
    name: String,
    /// In Jekyll's `_drafts/`.
    draft: bool,
    /// A bundle's files to copy beside it.
    assets: Vec<Copy>,
}

/// The settings of the tool's config file that the import reads.
#[derive(Default)]
struct SiteSettings {
    title: Option<String>,
    base_url: Option<String>,
    taxonomies: Vec<String>,
}

/// Converts the folder `dir` of `kind` into an annalist site at `out`.
pub fn import(kind: SsgKind, dir: &Path, out: &Path) -> Result<Report, Vec<Diagnostic>> {
    let mut report = Report::default();
    let settings = read_settings(kind, dir, &mut report.notes);
    let (pages, statics) = find_pages(kind, dir, &mut report.notes)?;
    let mut errors = Vec::new();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut copies: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut used: Vec<String> = Vec::new();
    for (from, to) in statics {
        copies.insert(to, from);
    }
    for page in &pages {
        for (from, to) in &page.assets {
            copies.insert(to.clone(), from.clone());
        }
    }
    for page in &pages {
        let shown = page.source.display().to_string();
        let text = match read_limited(&page.source) {
            Ok(text) => text,
            Err(message) => {
                errors.push(Diagnostic::error(Code::ImportInput, &shown, None, message));
                continue;
            }
        };
        let converted = match convert_page(kind, page, &text, &settings, &copies, &shown) {
            Ok(converted) => converted,
            Err(error) => {
                errors.push(error);
                continue;
            }
        };
        report.notes.extend(converted.notes);
        for taxonomy in &converted.taxonomies {
            if !used.contains(taxonomy) {
                used.push(taxonomy.clone());
            }
        }
        for (alias, html) in converted.redirects {
            files.insert(format!("static/{alias}"), html.into_bytes());
        }
        let target = format!("content/{}", page.target);
        if files
            .insert(target.clone(), converted.article.into_bytes())
            .is_some()
        {
            errors.push(Diagnostic::error(
                Code::ImportInput,
                &shown,
                None,
                format!("two pages would be written to `{target}`; rename one of them"),
            ));
        }
        report.articles += 1;
    }
    let mut listed: Vec<String> = settings.taxonomies.clone();
    for t in &used {
        if !listed.contains(t) {
            listed.push(t.clone());
        }
    }
    if listed.is_empty() {
        listed.push("tags".into());
    }
    let title = settings
        .title
        .unwrap_or_else(|| format!("Imported from {}", kind.name()));
    let mut site_yaml = format!(
        "# Imported from {} by `annalist import`.\ntitle: {}\ntaxonomies: [{}]\n",
        kind.name(),
        Value::String(title),
        listed.join(", ")
    );
    if let Some(url) = &settings.base_url {
        site_yaml.push_str(&format!("base_url: {}\n", Value::String(url.clone())));
    }
    files.insert("site.yaml".into(), site_yaml.into_bytes());
    for target in files.keys().chain(copies.keys()) {
        if out.join(target).exists() {
            errors.push(Diagnostic::error(
                Code::ImportExists,
                out.join(target).display().to_string(),
                None,
                "already exists; `annalist import` never writes over a file: choose another \
                 folder with -o DIR",
            ));
        }
    }
    if !errors.is_empty() {
        errors.sort();
        return Err(errors);
    }
    let io_error = |path: &Path, e: std::io::Error| {
        vec![Diagnostic::error(
            Code::Unreadable,
            path.display().to_string(),
            None,
            format!("could not be written: {e}"),
        )]
    };
    for (target, bytes) in &files {
        let path = out.join(target);
        write_new(&path, bytes).map_err(|e| io_error(&path, e))?;
        report.written.push(PathBuf::from(target));
    }
    for (target, source) in &copies {
        let path = out.join(target);
        copy_new(source, &path).map_err(|e| io_error(&path, e))?;
        report.written.push(PathBuf::from(target));
        report.assets += 1;
    }
    report.notes.sort();
    Ok(report)
}

/// Reads a file of at most [`MAX_FILE_BYTES`] as UTF-8.
fn read_limited(path: &Path) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("could not be read: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("could not be read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "is larger than {MAX_FILE_BYTES} bytes; a page that large is refused"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 (the first bad byte is at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A new file at `path` (its folders made), never over an existing one.
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    create_new(path)?.write_all(bytes)
}

fn copy_new(source: &Path, path: &Path) -> std::io::Result<()> {
    let mut from = std::fs::File::open(source)?;
    std::io::copy(&mut from, &mut create_new(path)?).map(|_| ())
}

/// The site's title and taxonomies from the tool's config file, when there is one.
fn read_settings(kind: SsgKind, dir: &Path, notes: &mut Vec<Diagnostic>) -> SiteSettings {
    let names: &[&str] = match kind {
        SsgKind::Hugo => &[
            "hugo.toml",
            "hugo.yaml",
            "hugo.json",
            "config.toml",
            "config.yaml",
        ],
        SsgKind::Jekyll => &["_config.yml", "_config.yaml"],
        SsgKind::Zola => &["config.toml"],
    };
    let Some(path) = names.iter().map(|n| dir.join(n)).find(|p| p.is_file()) else {
        return SiteSettings::default();
    };
    let shown = path.display().to_string();
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => Format::Toml,
        Some("json") => Format::Json,
        _ => Format::Yaml,
    };
    let map = match read_limited(&path).map_err(|m| SplitError {
        line: 1,
        message: m,
    }) {
        Ok(text) => read_front_matter(format, &text),
        Err(e) => Err(e),
    };
    let map = match map {
        Ok(map) => map,
        Err(e) => {
            notes.push(Diagnostic::warning(
                Code::ImportUnmapped,
                shown,
                Some(e.line),
                format!("the settings could not be read ({}); the site's title and taxonomies are the defaults", e.message),
            ));
            return SiteSettings::default();
        }
    };
    let title = map.get("title").and_then(Value::as_str).map(str::to_string);
    let text = |key: &str| map.get(key).and_then(Value::as_str).unwrap_or_default();
    let base_url = match kind {
        SsgKind::Hugo => [text("baseURL"), text("baseurl")].concat(),
        SsgKind::Zola => text("base_url").to_string(),
        SsgKind::Jekyll => format!("{}{}", text("url"), text("baseurl")),
    };
    let base_url = base_url.trim_end_matches('/').to_string();
    let base_url =
        (base_url.starts_with("https://") || base_url.starts_with("http://")).then_some(base_url);
    let taxonomies = match (kind, map.get("taxonomies")) {
        // Hugo: `[taxonomies]` singular = "plural"; the plural is the front-matter key.
        (SsgKind::Hugo, Some(Value::Object(t))) => t
            .values()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        (SsgKind::Hugo, None) => vec!["tags".into(), "categories".into()],
        // Zola: `taxonomies = [{name = "tags"}, …]`.
        (SsgKind::Zola, Some(Value::Array(list))) => list
            .iter()
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .map(str::to_string)
            .collect(),
        (SsgKind::Jekyll, _) => vec!["tags".into(), "categories".into()],
        _ => Vec::new(),
    };
    let taxonomies = taxonomies
        .into_iter()
        .filter_map(|t| taxonomy_name(&t))
        .collect();
    SiteSettings {
        title,
        base_url,
        taxonomies,
    }
}

/// A taxonomy's name as annalist takes it (lowercase, a folder name, not a key of its own).
fn taxonomy_name(name: &str) -> Option<String> {
    let name = slugify(name);
    let ok = !name.is_empty()
        && check_segment(&name).is_ok()
        && !crate::vocabulary::is_reserved(&name)
        && name.bytes().all(|b| !b.is_ascii_uppercase());
    ok.then_some(name)
}

/// The pages and the static files of the folder: (pages, [(source, target)]).
fn find_pages(
    kind: SsgKind,
    dir: &Path,
    notes: &mut Vec<Diagnostic>,
) -> Result<(Vec<Page>, Vec<Copy>), Vec<Diagnostic>> {
    if !dir.is_dir() {
        return Err(vec![Diagnostic::error(
            Code::Unreadable,
            dir.display().to_string(),
            None,
            "is not a folder; expected the site's folder (or its content folder)",
        )]);
    }
    let content = match kind {
        SsgKind::Jekyll => dir.to_path_buf(),
        _ if dir.join("content").is_dir() => dir.join("content"),
        _ => dir.to_path_buf(),
    };
    let files = walk(&content)?;
    let mut statics = Vec::new();
    let static_dirs: &[&str] = match kind {
        SsgKind::Jekyll => &["assets", "images"],
        _ => &["static"],
    };
    for name in static_dirs {
        let from = dir.join(name);
        if from.is_dir() && from != content {
            let prefix = if kind == SsgKind::Jekyll {
                format!("static/{name}")
            } else {
                "static".to_string()
            };
            for file in walk(&from)? {
                statics.push((from.join(&file), format!("{prefix}/{file}")));
            }
        }
    }
    // Bundles: folders holding an `index.md` (Hugo's leaf bundles, Zola's co-located assets).
    let bundles: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.strip_suffix("index.md"))
        .filter(|d| d.is_empty() || d.ends_with('/'))
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect();
    let bundle_of = |file: &str| {
        bundles
            .iter()
            .find(|b| file.starts_with(b.as_str()))
            .cloned()
    };
    let mut pages: Vec<Page> = Vec::new();
    let mut assets: BTreeMap<String, Vec<Copy>> = BTreeMap::new();
    for file in &files {
        let source = content.join(file);
        let shown = source.display().to_string();
        let is_page = file.ends_with(".md") || file.ends_with(".markdown");
        let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
        if kind == SsgKind::Jekyll && skipped_by_jekyll(file) {
            continue;
        }
        if let Some(bundle) = bundle_of(file).filter(|b| file != &format!("{b}index.md")) {
            if is_page && kind == SsgKind::Hugo {
                notes.push(note(&shown, "a page inside a bundle is a resource of the bundle in Hugo; copied as a file of the bundle"));
            }
            assets
                .entry(bundle)
                .or_default()
                .push((source.clone(), format!("content/{file}")));
            continue;
        }
        if !is_page {
            if kind != SsgKind::Jekyll {
                notes.push(note(&shown, "a file outside a page bundle; not carried over (move it into `static/` or a bundle)"));
            }
            continue;
        }
        if name == "_index.md" {
            notes.push(note(&shown, "a section's page: annalist has no sections (its pages are listed on the timeline and term pages); not carried over"));
            continue;
        }
        let stem = name.trim_end_matches(".markdown").trim_end_matches(".md");
        let (in_posts, draft) = if kind == SsgKind::Jekyll {
            let segments: Vec<&str> = folder.split('/').collect();
            (segments.contains(&"_posts"), segments.contains(&"_drafts"))
        } else {
            (false, false)
        };
        let named_date = match kind {
            SsgKind::Jekyll if in_posts => date_prefix(stem),
            SsgKind::Zola => date_prefix(stem).or_else(|| {
                (stem == "index")
                    .then(|| date_prefix(folder_name(folder)))
                    .flatten()
            }),
            _ => None,
        };
        let title_part = named_date.map_or(stem, |(_, rest)| rest);
        // Jekyll's `_posts/` and `_drafts/` folders go away: `blog/_posts/x.md` → `blog/x.md`.
        let out_folder: Vec<&str> = folder
            .split('/')
            .filter(|s| !s.is_empty() && *s != "_posts" && *s != "_drafts")
            .collect();
        let mut target = out_folder.join("/");
        if stem == "index" && !folder.is_empty() {
            target = match named_date {
                // A dated bundle folder keeps its date out of the article's slug.
                Some((_, rest)) => {
                    let parent = folder.rsplit_once('/').map_or("", |(p, _)| p);
                    let parent = if parent.is_empty() {
                        String::new()
                    } else {
                        format!("{parent}/")
                    };
                    format!("{parent}{rest}/index.md")
                }
                None => format!("{target}/index.md"),
            };
        } else {
            if !target.is_empty() {
                target.push('/');
            }
            target.push_str(title_part);
            target.push_str(".md");
        }
        let name = if stem == "index" {
            named_date.map_or(folder_name(folder), |(_, rest)| rest)
        } else {
            title_part
        };
        pages.push(Page {
            source,
            target,
            name_date: named_date.map(|(d, _)| d.to_string()),
            name: name.to_string(),
            draft,
            assets: Vec::new(),
        });
    }
    for page in &mut pages {
        let rel = page
            .source
            .strip_prefix(&content)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if let Some(bundle) = rel.strip_suffix("index.md") {
            let target_dir = page.target.trim_end_matches("index.md").to_string();
            for (from, to) in assets.remove(bundle).unwrap_or_default() {
                let inner = to.trim_start_matches("content/").trim_start_matches(bundle);
                page.assets
                    .push((from, format!("content/{target_dir}{inner}")));
            }
        }
    }
    Ok((pages, statics))
}

fn folder_name(folder: &str) -> &str {
    folder.rsplit('/').next().unwrap_or(folder)
}

/// What Jekyll does not render as a page: `_`-folders other than `_posts`/`_drafts`, `vendor/`,
/// `node_modules/`, files starting with `.` or `_`, the README.
fn skipped_by_jekyll(file: &str) -> bool {
    let segments: Vec<&str> = file.split('/').collect();
    let (name, folders) = segments
        .split_last()
        .map_or(("", &[][..]), |(n, f)| (*n, f));
    folders.iter().any(|s| {
        (s.starts_with('_') && *s != "_posts" && *s != "_drafts")
            || s.starts_with('.')
            || *s == "vendor"
            || *s == "node_modules"
            || *s == "assets"
            || *s == "images"
    }) || name.starts_with(['_', '.'])
        || name.eq_ignore_ascii_case("README.md")
}

/// Every file under `root`, as `/`-separated relative paths, sorted; links are not followed.
fn walk(root: &Path) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .follow_links(false)
        .max_depth(32)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            vec![Diagnostic::error(
                Code::Unreadable,
                e.path().unwrap_or(root).display().to_string(),
                None,
                format!("could not be read: {e}"),
            )]
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|s| s.starts_with('.')) {
            continue;
        }
        out.push(rel);
        if out.len() > MAX_FILES {
            return Err(vec![Diagnostic::error(
                Code::ImportInput,
                root.display().to_string(),
                None,
                format!("holds more than {MAX_FILES} files; import a smaller folder"),
            )]);
        }
    }
    Ok(out)
}

fn note(file: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic::note(Code::ImportUnmapped, file, None, message)
}

/// One page converted.
struct Converted {
    article: String,
    notes: Vec<Diagnostic>,
    taxonomies: Vec<String>,
    /// (path under `static/`, the redirect page).
    redirects: Vec<(String, String)>,
}

/// The keys each tool writes and where they go in annalist.
struct Mapping;

impl Mapping {
    const TITLE: &'static [&'static str] = &["title"];
    const DATE: &'static [&'static str] = &["date"];
    const UPDATED: &'static [&'static str] = &["lastmod", "updated", "last_modified_at"];
    const SLUG: &'static [&'static str] = &["slug"];
    const SUMMARY: &'static [&'static str] = &["summary", "description", "excerpt"];
    const AUTHOR: &'static [&'static str] = &["author", "authors"];
    const IMAGE: &'static [&'static str] = &["image", "images", "featured_image", "cover"];
    const ALIASES: &'static [&'static str] = &["aliases", "redirect_from"];
}

fn convert_page(
    kind: SsgKind,
    page: &Page,
    text: &str,
    settings: &SiteSettings,
    copies: &BTreeMap<String, PathBuf>,
    shown: &str,
) -> Result<Converted, Diagnostic> {
    let bad = |line: usize, message: String| {
        Diagnostic::error(Code::ImportInput, shown, Some(line), message)
    };
    let split = split_front_matter(text).map_err(|e| bad(e.line, e.message))?;
    let mut map = read_front_matter(split.format, split.front)
        .map_err(|e| bad(e.line + split.front_line - 1, e.message))?;
    let line_of = |key: &str| key_line(split.front, key).map(|l| l + split.front_line - 1);
    let mut notes = Vec::new();
    let mut note_at = |key: &str, message: String| {
        notes.push(Diagnostic::note(
            Code::ImportUnmapped,
            shown,
            line_of(key),
            message,
        ));
    };
    let mut raw = RawArticle::default();
    let mut keys: Vec<String> = Vec::new();
    let take = |map: &mut Map<String, Value>, names: &[&str]| -> Option<(String, Value)> {
        names
            .iter()
            .find_map(|n| map.remove(*n).map(|v| (n.to_string(), v)))
    };
    // Zola's `[taxonomies]` table: its lists are taxonomies like Hugo's top-level ones.
    let mut terms: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if let Some(Value::Object(table)) = map.remove("taxonomies") {
        for (name, value) in table {
            terms.insert(name, term_list(&value, kind));
        }
    }
    if kind == SsgKind::Jekyll {
        if let Some(value) = map.remove("category") {
            terms
                .entry("categories".into())
                .or_default()
                .extend(term_list(&value, kind));
        }
    }
    for name in &settings.taxonomies {
        if let Some(value) = map.remove(name.as_str()) {
            terms
                .entry(name.clone())
                .or_default()
                .extend(term_list(&value, kind));
        }
    }
    if let Some((_, v)) = take(&mut map, Mapping::TITLE) {
        raw.title = Some(text_of(&v));
    }
    if raw.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        raw.title = Some(title_from_name(&page.name));
        note_at(
            "title",
            format!(
                "no title: `{}` from the file name",
                raw.title.as_deref().unwrap_or_default()
            ),
        );
    }
    keys.push("title".into());
    let mut date_text = None;
    if let Some((key, v)) = take(&mut map, Mapping::DATE) {
        match convert_date(&text_of(&v)) {
            Some(d) => date_text = Some(d),
            None => note_at(
                &key,
                format!(
                    "{key}: `{}` is not a date annalist reads; {}",
                    text_of(&v),
                    if page.name_date.is_some() {
                        "the file name's date is used"
                    } else {
                        "the article is left undated"
                    }
                ),
            ),
        }
    }
    let date_text = date_text.or_else(|| page.name_date.clone());
    if let Some(d) = date_text {
        raw.date = Some(RawDate::Text(d));
        keys.push("date".into());
    } else if kind == SsgKind::Jekyll && page.draft {
        // A Jekyll draft has no date until it is published.
    }
    if let Some((key, v)) = take(&mut map, Mapping::UPDATED) {
        match convert_date(&text_of(&v)) {
            Some(d) => {
                raw.updated = Some(RawDate::Text(d));
                keys.push("updated".into());
            }
            None => note_at(
                &key,
                format!(
                    "{key}: `{}` is not a date annalist reads; left out",
                    text_of(&v)
                ),
            ),
        }
    }
    if let Some((key, v)) = take(&mut map, Mapping::SLUG) {
        let slug = text_of(&v);
        if check_segment(&slug).is_ok() {
            raw.slug = Some(slug);
        } else {
            let made = slugify(&slug);
            note_at(
                &key,
                format!("slug: `{slug}` cannot be a URL segment; `{made}` is used"),
            );
            raw.slug = (!made.is_empty()).then_some(made);
        }
        if raw.slug.is_some() {
            keys.push("slug".into());
        }
    }
    if let Some((key, v)) = take(&mut map, Mapping::SUMMARY) {
        let summary = text_of(&v).split_whitespace().collect::<Vec<_>>().join(" ");
        if !summary.is_empty() {
            raw.summary = Some(summary);
            keys.push("summary".into());
        }
        for other in Mapping::SUMMARY.iter().filter(|k| map.contains_key(**k)) {
            note_at(
                other,
                format!(
                    "{other}: kept under `{}` (the summary is `{key}`)",
                    kind.name()
                ),
            );
        }
    }
    if let Some((_, v)) = take(&mut map, Mapping::AUTHOR) {
        let names = names_of(&v);
        if !names.is_empty() {
            raw.author = Some(OneOrMany(names));
            keys.push("author".into());
        }
    }
    let draft = match (map.remove("draft"), map.remove("published")) {
        (Some(Value::Bool(true)), _) | (_, Some(Value::Bool(false))) => true,
        _ => page.draft,
    };
    if draft {
        raw.draft = Some(true);
        keys.push("draft".into());
    }
    if let Some((key, v)) = take(&mut map, Mapping::IMAGE) {
        let first = match &v {
            Value::Array(items) => items.first().map(text_of),
            Value::Object(o) => o.get("path").or_else(|| o.get("src")).map(text_of),
            other => Some(text_of(other)),
        };
        match first.filter(|src| image_exists(src, &page.target, copies)) {
            // A file of the bundle is a medium of the article (`image:` is a path from the root).
            // (Unless the body links to the file: a medium's original is not published.)
            Some(src)
                if !src.starts_with('/')
                    && !src.contains("://")
                    && !split.body.contains(src.as_str()) =>
            {
                note_at(&key, format!("{key}: `{src}` of the bundle becomes the article's `media` with `alt: \"\"` (decorative); describe it in `alt`"));
                raw.media = Some(vec![frontmatter::RawMedia {
                    keys: vec!["src".into(), "alt".into()],
                    src: Some(src),
                    alt: Some(String::new()),
                    ..Default::default()
                }]);
                keys.push("media".into());
            }
            Some(src) if src.starts_with('/') || src.contains("://") => {
                raw.image = Some(src);
                keys.push("image".into());
            }
            _ => {
                note_at(&key, format!("{key}: not a file of `static/`, an unlinked file of the bundle or a URL; kept under `{}`", kind.name()));
                map.insert(key, v);
            }
        }
    }
    let slug = raw.slug.clone().unwrap_or_else(|| slugify(&page.name));
    let mut redirects = Vec::new();
    if let Some((key, v)) = take(&mut map, Mapping::ALIASES) {
        for alias in term_list(&v, SsgKind::Hugo) {
            match redirect(&alias, &slug) {
                Some(pair) => redirects.push(pair),
                None => note_at(
                    &key,
                    format!("{key}: `{alias}` cannot be a path of the site; left out"),
                ),
            }
        }
    }
    let mut taxonomies = Vec::new();
    for (name, list) in terms {
        let Some(taxonomy) = taxonomy_name(&name) else {
            note_at(&name, format!("the taxonomy `{name}` cannot be a folder name or is a key of annalist's; kept under `{}`", kind.name()));
            map.insert(name.clone(), Value::from(list));
            continue;
        };
        let (kept, dropped): (Vec<String>, Vec<String>) =
            list.into_iter().partition(|t| !slugify(t).is_empty());
        if !dropped.is_empty() {
            note_at(
                &name,
                format!(
                    "{name}: {} make no URL segment; kept under `{}`",
                    quoted(&dropped),
                    kind.name()
                ),
            );
            map.insert(format!("{name}_unslugged"), Value::from(dropped));
        }
        if kept.is_empty() {
            continue;
        }
        raw.rest.insert(taxonomy.clone(), Value::from(kept));
        keys.push(taxonomy.clone());
        taxonomies.push(taxonomy);
    }
    if !map.is_empty() {
        let names: Vec<String> = map.keys().cloned().collect();
        let first = names.first().cloned().unwrap_or_default();
        note_at(
            &first,
            format!(
                "{} no annalist equivalent: kept under `{}` (templates read it as `article.extra.{}`): {}",
                if names.len() == 1 { "a key has" } else { "keys have" },
                kind.name(),
                kind.name(),
                quoted(&names)
            ),
        );
        raw.rest.insert(kind.name().into(), Value::Object(map));
        keys.push(kind.name().into());
    }
    raw.keys = keys;
    for code in shortcodes(split.body, split.body_line) {
        notes.push(Diagnostic::note(
            Code::ImportShortcode,
            shown,
            Some(code.line),
            format!("kept as text, not converted: {}", code.text),
        ));
    }
    Ok(Converted {
        article: frontmatter::write_article(&raw, split.body),
        notes,
        taxonomies,
        redirects,
    })
}

fn quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The 1-based line (in the front-matter) where `key` is written, if found.
fn key_line(front: &str, key: &str) -> Option<usize> {
    front
        .lines()
        .position(|line| {
            let line = line.trim_start().trim_start_matches('"');
            line.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches('"').trim_start();
                rest.starts_with([':', '=']) || rest.starts_with(']')
            }) || line.trim_start_matches('[').starts_with(key) && line.starts_with('[')
        })
        .map(|i| i + 1)
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Terms of a taxonomy: a list of texts, or Jekyll's text of words separated by spaces.
fn term_list(value: &Value, kind: SsgKind) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(text_of)
            .filter(|t| !t.is_empty())
            .collect(),
        Value::String(s) if kind == SsgKind::Jekyll => {
            s.split_whitespace().map(str::to_string).collect()
        }
        Value::Null => Vec::new(),
        other => vec![text_of(other)],
    }
}

/// Names of authors: a text, a list of texts, or Jekyll's `{name: …}`.
fn names_of(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().flat_map(names_of).collect(),
        Value::Object(o) => o.get("name").map(text_of).into_iter().collect(),
        Value::Null => Vec::new(),
        other => vec![text_of(other)],
    }
}

/// `my-first_post` → `My first post`.
fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Untitled".into(),
    }
}

/// Whether an image is a URL or a file the import writes (a bundle's or `static/`'s).
fn image_exists(src: &str, target: &str, copies: &BTreeMap<String, PathBuf>) -> bool {
    if src.starts_with("https://") || src.starts_with("http://") {
        return true;
    }
    if src.contains("..") {
        return false;
    }
    match src.strip_prefix('/') {
        Some(path) => copies.contains_key(&format!("static/{path}")),
        None => {
            let bundle = target.strip_suffix("index.md");
            bundle.is_some_and(|dir| copies.contains_key(&format!("content/{dir}{src}")))
        }
    }
}

/// A redirect page for an alias: (its path under `static/`, the page), None for a path that
/// cannot be one (`..`, empty segments, a scheme).
fn redirect(alias: &str, slug: &str) -> Option<(String, String)> {
    let path = alias.trim().trim_start_matches('/');
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let fine = |s: &&str| {
        !s.is_empty()
            && *s != ".."
            && *s != "."
            && s.chars().all(|c| c.is_alphanumeric() || "-_.~".contains(c))
    };
    if path.is_empty() || !segments.iter().all(fine) || check_segment(slug).is_err() {
        return None;
    }
    let (file, depth) = if path.ends_with(".html") {
        (path.to_string(), segments.len() - 1)
    } else {
        (format!("{}/index.html", segments.join("/")), segments.len())
    };
    let href = format!("{}{slug}/index.html", "../".repeat(depth));
    let page = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Moved</title>\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\"><link rel=\"canonical\" \
         href=\"{href}\"></head><body><p>This page moved to <a href=\"{href}\">{href}</a>.</p>\
         </body></html>\n"
    );
    Some((file, page))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_each_front_matter_language() {
        let toml = split_front_matter("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!(
            (toml.format, toml.front, toml.body),
            (Format::Toml, "title = \"A\"\n", "Body\n")
        );
        assert_eq!(toml.body_line, 4);
        let yaml = split_front_matter("\u{feff}---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!((yaml.format, yaml.body), (Format::Yaml, "Body"));
        let json = split_front_matter("{\n \"title\": \"}{\",\n \"x\": [1]\n}\nBody\n").unwrap();
        assert_eq!(json.format, Format::Json);
        assert_eq!(json.body, "Body\n");
        assert_eq!(json.body_line, 5);
        let map = read_front_matter(json.format, json.front).unwrap();
        assert_eq!(map["title"], "}{");
        let none = split_front_matter("Just text\n").unwrap();
        assert_eq!((none.format, none.body), (Format::None, "Just text\n"));
        let open = split_front_matter("+++\ntitle = 1\n").unwrap_err();
        assert!(open.message.contains("never closed"), "{}", open.message);
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "x");
        let deep = split_front_matter(&format!("{{\"a\":{deep}")).unwrap_err();
        assert!(deep.message.contains("levels deep"), "{}", deep.message);
    }

    #[test]
    fn toml_dates_and_tables_read_as_json() {
        let map = read_front_matter(
            Format::Toml,
            "date = 2024-06-19T10:00:00+02:00\nday = 2024-06-19\n[taxonomies]\ntags = [\"a\"]\n",
        )
        .unwrap();
        assert_eq!(map["date"], "2024-06-19T10:00:00+02:00");
        assert_eq!(map["day"], "2024-06-19");
        assert_eq!(map["taxonomies"]["tags"][0], "a");
        let error = read_front_matter(Format::Toml, "title = \n").unwrap_err();
        assert!(
            error.message.starts_with("the TOML front-matter"),
            "{}",
            error.message
        );
        let error = read_front_matter(Format::Json, "[1]").unwrap_err();
        assert!(
            error.message.contains("a list, not a table"),
            "{}",
            error.message
        );
    }

    #[test]
    fn dates_of_every_tool_convert() {
        for (text, want) in [
            ("2024-06-19", Some("2024-06-19")),
            (
                "2024-06-19T10:00:00+02:00",
                Some("2024-06-19T10:00:00+02:00"),
            ),
            ("2024-06-19T10:00:00.123Z", Some("2024-06-19T10:00:00Z")),
            (
                "2024-06-19 10:00:00 +0200",
                Some("2024-06-19T10:00:00+02:00"),
            ),
            ("2024-06-19 10:00", Some("2024-06-19T10:00")),
            (
                "1979-05-27 07:32:00-08:00",
                Some("1979-05-27T07:32:00-08:00"),
            ),
            ("June 2024", None),
        ] {
            assert_eq!(convert_date(text).as_deref(), want, "{text}");
        }
        assert_eq!(
            date_prefix("2024-06-19-my-post"),
            Some(("2024-06-19", "my-post"))
        );
        assert_eq!(
            date_prefix("2024-06-19_my-post"),
            Some(("2024-06-19", "my-post"))
        );
        assert_eq!(date_prefix("2024-06-19"), None);
        assert_eq!(date_prefix("about"), None);
    }

    #[test]
    fn shortcodes_are_found_with_their_lines() {
        let body = "Intro\n{{< youtube id=\"x\" >}}\n\n{{% note %}}\nhi\n{{% /note %}}\n{% include a.html %}\n{{ gist(url=\"u\") }}\n{ not one }\n";
        let found: Vec<(usize, String)> = shortcodes(body, 10)
            .into_iter()
            .map(|s| (s.line, s.text))
            .collect();
        assert_eq!(
            found,
            [
                (11, "{{< youtube id=\"x\" >}}".to_string()),
                (13, "{{% note %}}".to_string()),
                (15, "{{% /note %}}".to_string()),
                (16, "{% include a.html %}".to_string()),
                (17, "{{ gist(url=\"u\") }}".to_string()),
            ]
        );
    }

    #[test]
    fn redirects_stay_inside_the_site() {
        let (file, page) = redirect("/posts/old-name/", "new-name").unwrap();
        assert_eq!(file, "posts/old-name/index.html");
        assert!(page.contains("url=../../new-name/index.html"), "{page}");
        assert_eq!(redirect("/old.html", "n").unwrap().0, "old.html");
        assert_eq!(redirect("/../etc/", "n"), None);
        assert_eq!(redirect("https://x.org/", "n"), None);
        assert_eq!(redirect("/", "n"), None);
    }

    proptest! {
        /// The splitter never panics, and what it splits is a part of the text.
        #[test]
        fn the_splitter_never_panics(text in "[+{}\\[\\]\"\\\\\\-\n a:=.]{0,200}") {
            if let Ok(split) = split_front_matter(&text) {
                prop_assert!(text.contains(split.front));
                prop_assert!(text.ends_with(split.body));
                let _ = read_front_matter(split.format, split.front);
            }
        }

        /// TOML written between fences splits back to the same text and keys.
        #[test]
        fn toml_front_matter_round_trips(title in "[a-zA-Z0-9 ]{0,30}", body in "[a-z \n]{0,40}") {
            let text = format!("+++\ntitle = {}\n+++\n{body}", Value::String(title.clone()));
            let split = split_front_matter(&text).unwrap();
            prop_assert_eq!(split.body, body.as_str());
            let map = read_front_matter(split.format, split.front).unwrap();
            prop_assert_eq!(map["title"].as_str(), Some(title.as_str()));
        }

        /// The shortcode scan never panics and its lines stay within the body.
        #[test]
        fn shortcode_lines_are_in_the_body(body in "[{}<>%a\n ]{0,200}") {
            let lines = body.matches('\n').count() + 1;
            for code in shortcodes(&body, 1) {
                prop_assert!(code.line >= 1 && code.line <= lines);
            }
        }
    }
}
