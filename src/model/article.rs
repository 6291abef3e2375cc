//! An article: its front-matter checked and resolved (dates parsed in the right zone, sources
//! looked up, terms sorted out from `extra`) and its body rendered.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::date::relative::{self, Phrase};
use crate::date::{self, EventDate, Zone};
use crate::error::{Code, Diagnostic};
use crate::frontmatter::{self, LineIndex, RawArticle, RawDate, RawEvent, RawMedia, RawSource};
use crate::markdown::{self, RawHtml};
use crate::sheet::{self, Summaries};
use crate::slug::{check_derived, check_segment, slugify};
use crate::vocabulary::{self, Weight};

use super::media::{self, Location, Media, MediaKind};
use super::{free_default_id, merge_terms, Anchor, Event, Source, Terms};

/// An article after checking.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path under `content/`, `/`-separated; the tie-breaker of the order and the name in `events.json`.
    pub rel_path: String,
    pub display_path: PathBuf,
    pub slug: String,
    pub title: String,
    pub date: Option<EventDate>,
    pub updated: Option<EventDate>,
    pub summary_html: Option<String>,
    pub authors: Vec<String>,
    pub draft: bool,
    pub sources: Vec<Source>,
    pub terms: Terms,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The article's own `media`, then `image` (with `image_caption`) as one more medium.
    pub media: Vec<Media>,
    pub body_html: String,
    /// Each link and image of the body: its destination as written and its file line.
    pub body_links: Vec<markdown::LinkLine>,
    /// Each top-level front-matter key with its file line (for findings made after the build).
    pub key_lines: Box<[(Box<str>, usize)]>,
    pub events: Vec<Arc<Event>>,
    /// The eras of a sheet's `Type: era` rows, drawn with those of `site.yaml`.
    pub eras: Vec<crate::config::Era>,
    /// Line of the `slug` key, or 1.
    pub slug_line: usize,
}

impl Article {
    /// The image of the page's preview cards, feeds and slides: the article's first image,
    /// else the first image of its events.
    pub fn image(&self) -> Option<&Media> {
        let first_image = |list: &'_ [Media]| -> Option<usize> {
            list.iter().position(|m| m.kind == MediaKind::Image)
        };
        if let Some(i) = first_image(&self.media) {
            return self.media.get(i);
        }
        self.events
            .iter()
            .find_map(|e| first_image(&e.media).map(|i| &e.media[i]))
    }

    /// The file line of a top-level front-matter key.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        self.key_lines
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|&(_, line)| line)
    }

    /// A plain page: no date and no events, shown nowhere on the timeline.
    pub fn is_page(&self) -> bool {
        self.events.is_empty() && self.date.is_none()
    }
}

/// What the conversion needs besides the file.
pub struct ArticleOptions<'a> {
    pub config: &'a SiteConfig,
}

/// The result of reading one file: the article, or every problem found in it; warnings either way.
pub struct Checked {
    pub article: Result<Article, Vec<Diagnostic>>,
    pub warnings: Vec<Diagnostic>,
}

/// Reads one article from its text. Collects every problem in the file rather than the first.
pub fn from_source(
    rel_path: &str,
    display_path: PathBuf,
    text: &str,
    opts: &ArticleOptions,
) -> Checked {
    if rel_path.ends_with(SHEET_SUFFIX) {
        return from_sheet(rel_path, display_path, text, opts);
    }
    let fm = match frontmatter::parse(text, opts.config.limits.front_matter_bytes) {
        Ok(fm) => fm,
        Err(e) => {
            return Checked {
                article: Err(vec![Diagnostic::error(
                    Code::FrontMatter,
                    display_path,
                    Some(e.line),
                    e.message,
                )]),
                warnings: Vec::new(),
            }
        }
    };
    // The file line where the body starts (the body is a slice of `text`).
    let body_offset = (fm.body.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let body_line =
        memchr::memchr_iter(b'\n', &text.as_bytes()[..body_offset.min(text.len())]).count() + 1;
    let mut cx = Cx {
        path: display_path.clone(),
        body_line,
        lines: &fm.lines,
        config: opts.config,
        summaries: Summaries::Markdown,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let body_line = 1 + text[..text.len() - fm.body.len()].matches('\n').count();
    cx.raw_embeds(fm.body, body_line);
    let article = cx.article(rel_path, fm.raw, fm.body);
    let article = if cx.errors.is_empty() {
        article.ok_or_else(Vec::new)
    } else {
        Err(cx.errors)
    };
    Checked {
        article,
        warnings: cx.warnings,
    }
}

const SHEET_SUFFIX: &str = ".csv";

/// Reads a sheet (`*.csv`): its rows become the raw values front-matter gives, checked here
/// as any article's are; each value's line is its row's.
fn from_sheet(rel_path: &str, display_path: PathBuf, text: &str, opts: &ArticleOptions) -> Checked {
    let config = opts.config;
    let read = sheet::read(
        text,
        &display_path,
        &sheet::SheetOptions {
            taxonomies: &config.taxonomies,
            lanes: config.lanes.as_deref(),
        },
    );
    if !read.errors.is_empty() {
        return Checked {
            article: Err(read.errors),
            warnings: read.notes,
        };
    }
    let sheet = read.sheet;
    let top = match sheet.title_line {
        Some(line) => sheet
            .raw
            .keys
            .iter()
            .filter_map(|k| vocabulary::find(vocabulary::ARTICLE, k).map(|k| (k.name, line)))
            .collect(),
        None => Vec::new(),
    };
    let lines = LineIndex::from_lines(top, sheet.event_lines.iter().map(|&l| (l, l)).collect());
    let mut cx = Cx {
        path: display_path.clone(),
        body_line: 1,
        lines: &lines,
        config,
        summaries: sheet.summaries,
        errors: Vec::new(),
        warnings: read.notes,
    };
    let article = cx.article(rel_path, sheet.raw, "");
    let mut era_errors = Vec::new();
    let eras = crate::config::check_eras(
        sheet.eras.into_iter().map(|e| (e.raw, Some(e.line))),
        &config.timezone,
        &mut era_errors,
    );
    for (line, message, code) in era_errors {
        cx.errors
            .push(Diagnostic::error(code, &display_path, line, message));
    }
    let article = match article {
        Some(mut a) if cx.errors.is_empty() => {
            a.eras = eras;
            Ok(a)
        }
        _ => Err(cx.errors),
    };
    Checked {
        article,
        warnings: cx.warnings,
    }
}

/// The state of checking one file: where we are, and what went wrong so far.
struct Cx<'a> {
    path: PathBuf,
    /// The file line of the body's first line.
    body_line: usize,
    lines: &'a LineIndex<'a>,
    config: &'a SiteConfig,
    /// How the file writes summaries (a sheet's `Text` column: HTML).
    summaries: Summaries,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// Where in the front-matter a value sits: a top-level key, or a key of the n-th event.
#[derive(Clone, Copy)]
enum At<'k> {
    Top(&'k str),
    Event(usize, &'k str),
    /// A key of the n-th medium of the article (`None`) or of an event.
    Media(Option<usize>, usize, &'k str),
}

impl Cx<'_> {
    fn line(&self, at: At) -> Option<usize> {
        match at {
            At::Top(key) => self.lines.key(key),
            At::Event(i, key) => self.lines.event_key(i, key),
            At::Media(event, i, key) => {
                self.lines.media_key(event, i, key).or_else(|| match event {
                    Some(e) => self.lines.event_key(e, "media"),
                    None => self.lines.key("media"),
                })
            }
        }
        .or(Some(1))
    }

    fn error(&mut self, code: Code, at: At, message: String) {
        let line = self.line(at);
        self.errors
            .push(Diagnostic::error(code, &self.path, line, message));
    }

    fn warn(&mut self, code: Code, at: At, message: String) {
        let line = self.line(at);
        self.warnings
            .push(Diagnostic::warning(code, &self.path, line, message));
    }

    fn article(&mut self, rel_path: &str, raw: RawArticle, body: &str) -> Option<Article> {
        let title = self.required_text(
            At::Top("title"),
            raw.title.as_deref(),
            &raw.keys,
            "a headline",
        );
        let zone = self.zone(
            At::Top("timezone"),
            raw.timezone.as_deref(),
            &self.config.timezone.clone(),
        );
        let date = self.single_date(At::Top("date"), raw.date.as_ref(), &zone);
        let updated = self.single_date(At::Top("updated"), raw.updated.as_ref(), &zone);
        let dateline = self
            .single_date(At::Top("dateline"), raw.dateline.as_ref(), &zone)
            .or_else(|| date.clone());
        let slug = self.slug(rel_path, raw.slug.as_deref());
        let sources = self.sources(
            At::Top("sources"),
            raw.sources.as_deref().unwrap_or_default(),
            &[],
        );
        let (terms, mut extra) = self.split_rest(raw.rest, None);
        let mut media = self.media(None, raw.media.unwrap_or_default(), rel_path, &slug);
        media.extend(self.image(raw.image, raw.image_caption, &mut extra, rel_path, &slug));
        let summary_html = raw.summary.as_deref().map(|s| self.summary_html(s));
        let (body_html, mut body_links) = markdown::to_html_with_links(body, self.config.raw_html);
        let body_line = self.body_line;
        for (_, line) in &mut body_links {
            *line += body_line;
        }
        let explicit_events = raw.events.is_some();
        let mut events: Vec<Event> = match raw.events {
            Some(list) => list
                .into_iter()
                .enumerate()
                .filter_map(|(i, e)| {
                    self.event(
                        i,
                        e,
                        &EventCx {
                            rel_path,
                            slug: &slug,
                            zone: &zone,
                            sources: &sources,
                            terms: &terms,
                            dateline: dateline.as_ref(),
                        },
                    )
                })
                .collect(),
            None => Vec::new(),
        };
        self.check_ids(&mut events);
        let mut events: Vec<Arc<Event>> = events.into_iter().map(Arc::new).collect();
        let title = title?;
        if !explicit_events {
            if let Some(date) = &date {
                events.push(Arc::new(Event {
                    id: slug.clone(),
                    default_id: Some(slug.clone()),
                    title: title.clone(),
                    start: date.clone(),
                    end: None,
                    display_date: None,
                    english_date: crate::date::format_display(date, None),
                    summary_html: summary_html.clone(),
                    place: None,
                    sources: sources.clone(),
                    media: media.clone(),
                    terms: terms.clone(),
                    extra: serde_json::Map::new(),
                    line: self.lines.key("date"),
                    position: 0,
                    date_written: None,
                    end_written: None,
                    dateline: None,
                    anchor: None,
                    end_anchor: None,
                    before: None,
                    after: None,
                }));
            }
        }
        Some(Article {
            rel_path: rel_path.to_string(),
            display_path: self.path.clone(),
            slug_line: self.lines.key("slug").unwrap_or(1),
            slug,
            title,
            date,
            updated,
            summary_html,
            authors: raw.author.map(|a| a.0).unwrap_or_default(),
            draft: raw.draft.unwrap_or(false),
            sources,
            terms,
            extra,
            media,
            body_html,
            body_links,
            key_lines: self
                .lines
                .top_keys()
                .map(|(k, line)| (k.into(), line))
                .collect(),
            events,
            eras: Vec::new(),
        })
    }

    /// A summary as HTML: front-matter's are Markdown with raw HTML shown as text; a sheet's
    /// `Text` cells are HTML, sanitised (or escaped, or allowed) as `markdown.raw_html` says.
    fn summary_html(&self, summary: &str) -> String {
        match self.summaries {
            Summaries::Markdown => markdown::to_html(summary, RawHtml::Escape),
            Summaries::Html => markdown::to_html(summary, self.config.raw_html),
        }
    }

    /// Checks each medium of `media:` (of the article, or of the `event`-th event).
    fn media(
        &mut self,
        event: Option<usize>,
        raw: Vec<RawMedia>,
        rel_path: &str,
        slug: &str,
    ) -> Vec<Media> {
        let mut out = Vec::new();
        for (i, m) in raw.into_iter().enumerate() {
            let at = |key| At::Media(event, i, key);
            let line = self.line(at("src")).unwrap_or(1);
            let text =
                |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
            let (src, quote) = (text(m.src), text(m.quote));
            let resolved = match (&src, &quote) {
                (Some(_), Some(_)) => {
                    self.error(
                        Code::InvalidMedia,
                        at("quote"),
                        "a medium with both `src` and `quote`; write one of them (two media for both)".into(),
                    );
                    continue;
                }
                (None, None) => {
                    self.error(
                        Code::InvalidMedia,
                        at("src"),
                        "a medium without `src` or `quote`; expected `src: photo.jpg` (a file or an http(s) URL) or `quote: ...` with `by: ...`".into(),
                    );
                    continue;
                }
                (Some(src), None) => match media::resolve(src, rel_path, slug) {
                    Ok(r) => r,
                    Err(why) => {
                        self.error(
                            Code::InvalidMedia,
                            at("src"),
                            format!("media: src `{src}` {why}"),
                        );
                        continue;
                    }
                },
                (None, Some(_)) => media::Resolved {
                    kind: MediaKind::Quote,
                    location: Location::None,
                    video_id: None,
                },
            };
            let alt = m.alt.map(|a| a.trim().to_string());
            if resolved.kind == MediaKind::Image && alt.is_none() {
                let src = src.as_deref().unwrap_or_default();
                self.error(
                    Code::InvalidMedia,
                    at("alt"),
                    format!("media: the image `{src}` has no `alt`; write what it shows for readers who cannot see it (`alt: ...`), or `alt: \"\"` if it is only decoration"),
                );
            }
            let link = text(m.link);
            if let Some(link) = &link {
                if let Err(why) = markdown::check_url(link) {
                    self.error(
                        Code::InvalidUrl,
                        at("link"),
                        format!("media: link `{link}` {why}"),
                    );
                }
            }
            let caption = text(m.caption);
            let credit = text(m.credit);
            out.push(Media {
                kind: resolved.kind,
                src,
                location: resolved.location,
                video_id: resolved.video_id,
                quote,
                by: text(m.by),
                alt,
                caption_html: caption.as_deref().map(inline_html),
                caption,
                credit_html: credit.as_deref().map(inline_html),
                credit,
                link,
                line,
                as_is: false,
            });
        }
        out
    }

    /// `<iframe>` and `<video>` written in the body: the sanitizer removes them, so the author
    /// is told where, and what to write instead.
    fn raw_embeds(&mut self, body: &str, first_line: usize) {
        if self.config.raw_html != RawHtml::Sanitize {
            return;
        }
        for (line, tag) in media::raw_embeds(body) {
            self.warnings.push(Diagnostic::warning(
                Code::RawEmbed,
                &self.path,
                Some(first_line + line),
                format!("a raw `<{tag}>` in the body is removed from the page; name the video under `media` instead (`media: [{{src: https://www.youtube.com/watch?v=ID}}]`)"),
            ));
        }
    }

    fn required_text(
        &mut self,
        at: At,
        value: Option<&str>,
        keys: &[String],
        expected: &str,
    ) -> Option<String> {
        let key = at.key();
        match value.map(str::trim) {
            Some(v) if !v.is_empty() => Some(v.to_string()),
            _ if keys.iter().any(|k| k == key) => {
                self.error(
                    Code::MissingKey,
                    at,
                    format!("`{key}` is empty; expected {expected}"),
                );
                None
            }
            _ => {
                let at = match at {
                    At::Event(i, _) => At::Event(i, "-"),
                    top => top,
                };
                self.error(
                    Code::MissingKey,
                    at,
                    format!("missing `{key}`; expected {expected}"),
                );
                None
            }
        }
    }

    fn zone(&mut self, at: At, text: Option<&str>, default: &Zone) -> Zone {
        match text {
            None => default.clone(),
            Some(text) => Zone::parse(text).unwrap_or_else(|err| {
                self.error(Code::InvalidTimezone, at, format!("timezone: {err}"));
                default.clone()
            }),
        }
    }

    fn single_date(&mut self, at: At, raw: Option<&RawDate>, zone: &Zone) -> Option<EventDate> {
        let key = at.key();
        let result = match raw? {
            RawDate::Year(y) => EventDate::from_year(*y, zone),
            RawDate::Text(t) => EventDate::parse(t, zone),
            RawDate::Empty => {
                self.error(
                    Code::MissingKey,
                    at,
                    format!("`{key}` is empty; expected a date such as `2024-06-19`"),
                );
                return None;
            }
        };
        result
            .map_err(|err| self.error(Code::InvalidDate, at, format!("{key}: {err}")))
            .ok()
    }

    fn slug(&mut self, rel_path: &str, explicit: Option<&str>) -> String {
        if let Some(slug) = explicit {
            if let Err(why) = check_segment(slug) {
                self.error(
                    Code::InvalidSlug,
                    At::Top("slug"),
                    format!("slug: `{slug}` cannot be a URL segment: {why}"),
                );
            }
            return slug.to_string();
        }
        // A page bundle (`arrival/index.md`) is named by its folder.
        let named = media::bundle_dir(rel_path).unwrap_or(rel_path);
        let stem = named
            .rsplit('/')
            .next()
            .unwrap_or(named)
            .trim_end_matches(".md")
            .trim_end_matches(SHEET_SUFFIX);
        let slug = slugify(stem);
        if let Err(why) = check_derived(&slug) {
            self.error(
                Code::InvalidSlug,
                At::Top("slug"),
                format!("the file name `{stem}` cannot name a page: {why}; add `slug: some-name` to the front-matter"),
            );
        }
        slug
    }

    /// `image:` (release 1) is a one-item `media` of the article, `image_caption` its caption
    /// and its alt text (it has no `alt` of its own; without a caption the image is taken as
    /// decorative). Templates still find both keys in `extra`, where they were before they
    /// became keys of their own.
    fn image(
        &mut self,
        url: Option<String>,
        caption: Option<String>,
        extra: &mut serde_json::Map<String, serde_json::Value>,
        rel_path: &str,
        slug: &str,
    ) -> Option<Media> {
        if let Some(caption) = &caption {
            extra.insert("image_caption".into(), caption.as_str().into());
        }
        let url = url?;
        extra.insert("image".into(), url.as_str().into());
        let resolved = match media::resolve(&url, rel_path, slug) {
            Ok(r) => r,
            Err(why) => {
                let code = match why {
                    media::SrcProblem::Scheme(_) => Code::InvalidUrl,
                    _ => Code::InvalidMedia,
                };
                self.error(code, At::Top("image"), format!("image: url `{url}` {why}"));
                return None;
            }
        };
        let line = self.line(At::Top("image")).unwrap_or(1);
        Some(Media {
            kind: resolved.kind,
            src: Some(url),
            location: resolved.location,
            video_id: resolved.video_id,
            quote: None,
            by: None,
            alt: Some(
                caption
                    .as_deref()
                    .unwrap_or_default()
                    .replace(['*', '_', '`'], ""),
            ),
            caption_html: caption.as_deref().map(inline_html),
            caption,
            credit: None,
            credit_html: None,
            link: None,
            line,
            as_is: true,
        })
    }

    /// Resolves a list of sources: names are looked up in `known` (the article's list).
    fn sources(&mut self, at: At, raw: &[RawSource], known: &[Source]) -> Vec<Source> {
        let mut out: Vec<Source> = Vec::new();
        for s in raw {
            let Some(name) = s.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
                self.error(
                    Code::InvalidSource,
                    at,
                    "a source without a `name`; expected a name or `{name, url}`".into(),
                );
                continue;
            };
            let found = known.iter().find(|k| k.name == name);
            let source = match (found, &s.url) {
                (Some(k), None) => k.clone(),
                (_, url) => {
                    if let Some(url) = url {
                        if let Err(why) = markdown::check_url(url) {
                            self.error(
                                Code::InvalidUrl,
                                at,
                                format!("source `{name}`: url `{url}` {why}"),
                            );
                        }
                    } else if !known.is_empty() || matches!(at, At::Event(..)) {
                        self.warn(
                            Code::UndefinedSource,
                            at,
                            format!(
                                "source `{name}` is not in the article's `sources` and has no url"
                            ),
                        );
                    }
                    Source {
                        name: name.to_string(),
                        url: url.clone(),
                        note: s.note.clone(),
                    }
                }
            };
            if !out.iter().any(|o| o.name == source.name) {
                out.push(source);
            }
        }
        out
    }

    /// Splits unknown keys into taxonomy terms and `extra`.
    fn split_rest(
        &mut self,
        rest: std::collections::BTreeMap<String, serde_json::Value>,
        event: Option<usize>,
    ) -> (Terms, serde_json::Map<String, serde_json::Value>) {
        let mut terms = Terms::new();
        let mut extra = serde_json::Map::new();
        for (key, value) in rest {
            if !self.config.taxonomies.contains(&key) {
                self.unknown_key(event, &key);
                extra.insert(key, value);
                continue;
            }
            let at = match event {
                Some(i) => At::Event(i, &key),
                None => At::Top(&key),
            };
            match term_list(&value) {
                Ok(list) => {
                    let mut clean: Vec<String> = Vec::new();
                    for term in list {
                        if let Err(why) = check_derived(&slugify(&term)) {
                            self.error(
                                Code::InvalidSlug,
                                at,
                                format!("{key}: the term `{term}` cannot name its page: {why}"),
                            );
                        } else if !clean.contains(&term) {
                            clean.push(term);
                        }
                    }
                    terms.insert(key.clone(), clean);
                }
                Err(()) => self.error(
                    Code::InvalidTerms,
                    at,
                    format!(
                        "{key}: expected a list of terms such as `[one, two]`, found {}",
                        describe(&value)
                    ),
                ),
            }
        }
        (terms, extra)
    }

    /// A key that is neither in the vocabulary nor a taxonomy: kept as `extra`. A near miss of
    /// a key that shapes the article (`evnets`, `dat`, `tag`) is an error, since the article
    /// would silently lose what the key says; a near miss of another known key warns. Other
    /// keys are quiet at the top of an article (any key is welcome there) and warn in an event.
    fn unknown_key(&mut self, event: Option<usize>, key: &str) {
        let (at, table, what) = match event {
            Some(i) => (At::Event(i, key), vocabulary::EVENT, "unknown event key"),
            None => (At::Top(key), vocabulary::ARTICLE, "unknown key"),
        };
        match near_miss(key, table, &self.config.taxonomies) {
            Some((known, Weight::Shapes)) => self.error(
                Code::MisspeltKey,
                at,
                format!(
                    "{what} `{key}`: did you mean `{known}`? As written it is not read as \
                     `{known}`; rename it, or name it further from `{known}` to keep it as `extra`"
                ),
            ),
            Some((known, Weight::Adds)) => self.warn(
                Code::UnknownKey,
                at,
                format!("{what} `{key}` (kept for templates as `extra`); did you mean `{known}`?"),
            ),
            None if event.is_some() => self.warn(
                Code::UnknownKey,
                at,
                format!("{what} `{key}` (kept for templates as `extra`)"),
            ),
            None => {}
        }
    }

    /// A written `id` names one event of the article: met again, it is an error naming both
    /// lines. A default id that is taken (by a written one, or by an earlier event's default:
    /// two `Press briefing`s) gets the date, then the position added, so no event is lost.
    fn check_ids(&mut self, events: &mut [Event]) {
        let mut written: std::collections::HashMap<String, usize> = Default::default();
        for e in events.iter().filter(|e| e.id_written()) {
            let line = self.line(At::Event(e.position, "id")).unwrap_or(1);
            match written.get(&e.id) {
                Some(&first) => self.error(
                    Code::DuplicateId,
                    At::Event(e.position, "id"),
                    format!(
                        "the id `{}` is written twice in this article, at lines {first} and {line}; an id names one event: give one of them another `id`",
                        e.id
                    ),
                ),
                None => {
                    written.insert(e.id.clone(), line);
                }
            }
        }
        let mut taken: std::collections::HashSet<String> = written.into_keys().collect();
        for e in events.iter_mut() {
            if let Some(id) = free_default_id(e, |id| taken.contains(id)) {
                e.id.clone_from(&id);
                taken.insert(id);
            }
        }
    }

    fn event(&mut self, i: usize, raw: RawEvent, ecx: &EventCx) -> Option<Event> {
        let title = self.required_text(
            At::Event(i, "title"),
            raw.title.as_deref(),
            &raw.keys,
            "what happened",
        );
        let zone = self.zone(At::Event(i, "timezone"), raw.timezone.as_deref(), ecx.zone);
        // Before the date: `dat:` is reported with the missing `date`.
        let (mut terms, extra) = self.split_rest(raw.rest, Some(i));
        let written = self.event_date(i, raw.date.as_ref(), &raw.keys, &zone, ecx.dateline)?;
        let (start, span_end) = (written.date, written.end);
        // An end relative to another event is set once the anchor is resolved (model::relative).
        let (mut end, end_written, end_anchor) = match &raw.end {
            Some(RawDate::Text(t)) if date::parse_span(t, &zone).is_err() => {
                match self.phrase(At::Event(i, "end"), t, &zone, ecx.dateline) {
                    Some(Written {
                        anchor: Some(a), ..
                    }) => (None, Some(t.trim().to_string()), Some(a)),
                    Some(w) => (Some(w.date), Some(t.trim().to_string()), None),
                    None => (None, None, None),
                }
            }
            _ => (
                self.single_date(At::Event(i, "end"), raw.end.as_ref(), &zone),
                None,
                None,
            ),
        };
        let anchor = written.anchor;
        // `annalist draft` keeps the words beside a resolved date as `date_written`.
        let drafted = raw
            .date_written
            .as_deref()
            .map(str::trim)
            .filter(|w| !w.is_empty());
        let date_written = written.text.or(drafted.map(str::to_string));
        if span_end.is_some() && (end.is_some() || end_anchor.is_some()) {
            self.error(
                Code::InvalidDate,
                At::Event(i, "end"),
                "both an interval in `date` and an `end`; write one of them".into(),
            );
        }
        end = end.or(span_end);
        // With an anchor, the order is checked once the dates are resolved (model::relative).
        if let (Some(e), None, None) = (&end, &anchor, &end_anchor) {
            if let Err(err) = date::check_order(&start, e) {
                self.error(
                    Code::InvalidDate,
                    At::Event(i, "end"),
                    format!("end: {}; expected an end on or after the date", err.reason),
                );
            }
        }
        let default_id = match raw.id {
            Some(_) => None,
            None => Some(format!(
                "{}-{}",
                ecx.slug,
                slugify(title.as_deref().unwrap_or(""))
            )),
        };
        let id = match raw.id.as_deref() {
            Some(id) => {
                if let Err(why) = check_segment(id) {
                    self.error(
                        Code::InvalidSlug,
                        At::Event(i, "id"),
                        format!("id: `{id}` cannot be an anchor: {why}"),
                    );
                }
                id.to_string()
            }
            None => default_id.clone().unwrap_or_default(),
        };
        let sources = match raw.sources.as_deref() {
            Some(list) => self.sources(At::Event(i, "sources"), list, ecx.sources),
            None => ecx.sources.to_vec(),
        };
        merge_terms(&mut terms, ecx.terms);
        let media = self.media(
            Some(i),
            raw.media.unwrap_or_default(),
            ecx.rel_path,
            ecx.slug,
        );
        Some(Event {
            id,
            default_id,
            title: title?,
            english_date: crate::date::format_display(&start, end.as_ref()),
            start,
            end,
            display_date: raw
                .display_date
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            summary_html: raw.summary.as_deref().map(|s| self.summary_html(s)),
            place: raw
                .place
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty()),
            sources,
            media,
            terms,
            extra,
            line: self.lines.event(i),
            position: i,
            dateline: (date_written.is_some() || end_written.is_some())
                .then(|| ecx.dateline.cloned())
                .flatten(),
            date_written,
            end_written,
            anchor,
            end_anchor,
            before: self.order_key(At::Event(i, "before"), raw.before),
            after: self.order_key(At::Event(i, "after"), raw.after),
        })
    }

    /// `before:` / `after:`: an event id.
    fn order_key(&mut self, at: At, id: Option<String>) -> Option<String> {
        let id = id?.trim().to_string();
        if let Err(why) = check_segment(&id) {
            let key = at.key();
            self.error(
                Code::InvalidSlug,
                at,
                format!("{key}: `{id}` is not an event id: {why}"),
            );
            return None;
        }
        Some(id)
    }

    /// A date as news copy writes it (`yesterday night`, `hours before arrival`), resolved
    /// against the dateline, or read as relative to another event; None after an error.
    fn phrase(
        &mut self,
        at: At,
        text: &str,
        zone: &Zone,
        dateline: Option<&EventDate>,
    ) -> Option<Written> {
        let key = at.key();
        let written = text.trim().to_string();
        match relative::parse_phrase(text)? {
            Phrase::Dateline(rel) => {
                let Some(dateline) = dateline else {
                    self.error(
                        Code::InvalidDate,
                        at,
                        format!("{key}: `{written}` is read from the day of the report, but the article has neither `dateline` nor `date`; add `dateline: 2024-06-19` (the day it was filed) or write the date itself"),
                    );
                    return None;
                };
                match relative::resolve_dateline(rel, dateline, zone) {
                    Ok(date) => Some(Written {
                        date,
                        end: None,
                        text: Some(written),
                        anchor: None,
                    }),
                    Err(reason) => {
                        self.error(
                            Code::InvalidDate,
                            at,
                            format!(
                                "{key}: `{written}` cannot be read from the dateline: {reason}"
                            ),
                        );
                        None
                    }
                }
            }
            Phrase::Event(id, offset) => Some(Written {
                // A stand-in until the anchor is resolved after merging.
                date: dateline
                    .cloned()
                    .or_else(|| EventDate::from_year(0, zone).ok())?,
                end: None,
                text: Some(written),
                anchor: Some(Anchor { id, offset }),
            }),
        }
    }

    fn event_date(
        &mut self,
        i: usize,
        raw: Option<&RawDate>,
        keys: &[String],
        zone: &Zone,
        dateline: Option<&EventDate>,
    ) -> Option<Written> {
        let at = At::Event(i, "date");
        let result = match raw {
            None => {
                let _ = self.required_text(at, None, keys, "a date such as `2024-06-19`");
                return None;
            }
            Some(RawDate::Empty) => {
                self.error(
                    Code::MissingKey,
                    at,
                    "`date` is empty; expected a date such as `2024-06-19`".into(),
                );
                return None;
            }
            Some(RawDate::Year(y)) => EventDate::from_year(*y, zone).map(|d| (d, None)),
            Some(RawDate::Text(t)) => match date::parse_span(t, zone) {
                Err(err) if relative::parse_phrase(t).is_some() => {
                    let _ = err;
                    return self.phrase(at, t, zone, dateline);
                }
                other => other,
            },
        };
        match result {
            Ok((date, end)) => Some(Written {
                date,
                end,
                text: None,
                anchor: None,
            }),
            Err(err) => {
                let forms = if err.reason.starts_with("expected one of") {
                    format!("; or as news copy writes it: {}", relative::PHRASE_FORMS)
                } else {
                    String::new()
                };
                self.error(Code::InvalidDate, at, format!("date: {err}{forms}"));
                None
            }
        }
    }
}

/// An event's date as read: the date (and an interval's end), the words when it was a phrase,
/// the event it is relative to.
struct Written {
    date: EventDate,
    end: Option<EventDate>,
    text: Option<String>,
    anchor: Option<Anchor>,
}

impl<'k> At<'k> {
    fn key(self) -> &'k str {
        match self {
            At::Top(k) | At::Event(_, k) | At::Media(_, _, k) => k,
        }
    }
}

/// A caption or credit: Markdown inline, so one paragraph's content without its `<p>`.
fn inline_html(text: &str) -> String {
    let html = markdown::to_html(text, RawHtml::Escape);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// What an event inherits from its article.
struct EventCx<'a> {
    rel_path: &'a str,
    slug: &'a str,
    zone: &'a Zone,
    sources: &'a [Source],
    terms: &'a Terms,
    /// The article's `dateline`, else its `date`.
    dateline: Option<&'a EventDate>,
}

fn term_list(value: &serde_json::Value) -> Result<Vec<String>, ()> {
    match value {
        serde_json::Value::String(s) => Ok(vec![s.trim().to_string()]),
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => Ok(s.trim().to_string()),
                serde_json::Value::Number(n) => Ok(n.to_string()),
                _ => Err(()),
            })
            .collect(),
        _ => Err(()),
    }
}

fn describe(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(_) => "a mapping".into(),
        serde_json::Value::Bool(b) => format!("`{b}`"),
        serde_json::Value::Number(n) => format!("`{n}`"),
        other => format!("`{other}`"),
    }
}

/// The known key (of `table`, or a taxonomy) that an unknown one is a near miss of
/// (`summery` → `summary`), with its weight. Remembered per thread: the same extra keys
/// (`hero`, `note`) come back article after article.
fn near_miss(
    key: &str,
    table: &'static [vocabulary::Key],
    taxonomies: &[String],
) -> Option<(String, Weight)> {
    /// One memo per table: the article's, the event's.
    type Memo = [std::collections::HashMap<String, Option<(String, Weight)>>; 2];
    thread_local! {
        static SEEN: std::cell::RefCell<(Vec<String>, Memo)> = std::cell::RefCell::default();
    }
    SEEN.with(|seen| {
        let mut seen = seen.borrow_mut();
        if seen.0 != taxonomies {
            *seen = (taxonomies.to_vec(), Default::default());
        }
        let memo = &mut seen.1[usize::from(std::ptr::eq(table, vocabulary::EVENT))];
        if let Some(known) = memo.get(key) {
            return known.clone();
        }
        let close = table
            .iter()
            .map(|k| (k.name, k.weight))
            .chain(taxonomies.iter().map(|t| (t.as_str(), Weight::Shapes)))
            // The distance is at least the difference in length: most keys are far from all.
            .filter(|(k, _)| k.chars().count().abs_diff(key.chars().count()) <= 2)
            .map(|(k, w)| (edit_distance(key, k, 2), k, w))
            .filter(|(d, k, _)| *d == 1 || (*d == 2 && k.len() >= 5))
            .min_by_key(|(d, k, _)| (*d, *k))
            .map(|(_, k, w)| (k.to_string(), w));
        // A file with thousands of made-up keys does not grow the memo without end.
        if memo.len() < 1024 {
            memo.insert(key.to_string(), close.clone());
        }
        close
    })
}

/// The edit distance of `a` and `b` when it is at most `limit`, else something above `limit`.
pub(crate) fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    // Keys are short: two rows on the stack, no allocation; given up as soon as every entry of
    // a row is over the limit.
    const MAX: usize = 32;
    let mut chars = ['\0'; MAX];
    let mut n = 0;
    for c in b.chars() {
        if n == MAX {
            return usize::MAX;
        }
        chars[n] = c;
        n += 1;
    }
    let b = &chars[..n];
    let mut prev = [0usize; MAX + 1];
    let mut cur = [0usize; MAX + 1];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur[..=b.len()].iter().all(|&d| d > limit) {
            return limit.saturating_add(1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Checked {
        let config = SiteConfig::default();
        from_source(
            "dir/my-post.md",
            "content/dir/my-post.md".into(),
            text,
            &ArticleOptions { config: &config },
        )
    }

    fn ok(text: &str) -> Article {
        check(text).article.unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn errors(text: &str) -> Vec<(Option<usize>, String)> {
        match check(text).article {
            Ok(_) => panic!("expected errors"),
            Err(e) => e.into_iter().map(|d| (d.line, d.message)).collect(),
        }
    }

    #[test]
    fn dated_article_without_events_is_one_event() {
        let a = ok("---\ntitle: Post\ndate: 2024-06-19\nsummary: S\ntags: [x]\n---\nbody");
        assert_eq!(a.slug, "my-post");
        assert_eq!(a.events.len(), 1);
        let e = &a.events[0];
        assert_eq!((e.id.as_str(), e.title.as_str()), ("my-post", "Post"));
        assert_eq!(e.terms["tags"], ["x"]);
        assert!(!a.is_page());
    }

    #[test]
    fn article_without_date_or_events_is_a_page() {
        let a = ok("---\ntitle: About\n---\nbody");
        assert!(a.is_page());
        assert!(a.events.is_empty());
    }

    #[test]
    fn explicit_events_inherit_zone_sources_and_terms() {
        let a = ok("---\ntitle: T\ntimezone: Asia/Pyongyang\nsources:\n  - {name: RIA, url: 'https://ria.ru/'}\n  - CNN\ntags: [visit]\n\
                    events:\n  - title: Arrival\n    date: 2024-06-19T02:45\n    tags: [night]\n  - title: Talks\n    date: 2024-06-19\n    sources: [CNN, {name: KCNA, url: 'https://kcna.kp/'}]\n---\n");
        let arrival = &a.events[0];
        assert_eq!(
            arrival.id, "my-post-arrival",
            "default id: article slug and title"
        );
        assert_eq!(arrival.start.start_utc_iso(), "2024-06-18T17:45:00Z");
        assert_eq!(arrival.sources.len(), 2, "no `sources`: the article's");
        assert_eq!(arrival.terms["tags"], ["night", "visit"]);
        let talks = &a.events[1];
        let names: Vec<_> = talks.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["CNN", "KCNA"]);
        assert_eq!(talks.position, 1);
    }

    #[test]
    fn unknown_keys_become_extra() {
        let a = ok(
            "---\ntitle: T\nhero: img.jpg\nevents:\n  - {title: A, date: 2000, mood: calm}\n---\n",
        );
        assert_eq!(a.extra["hero"], "img.jpg");
        assert_eq!(a.events[0].extra["mood"], "calm");
    }

    #[test]
    fn edit_distances() {
        let far = usize::MAX - 1;
        assert_eq!(edit_distance("summery", "summary", 2), 1);
        assert_eq!(edit_distance("titel", "title", 2), 2);
        assert_eq!(edit_distance("", "abc", 9), 3);
        assert_eq!(edit_distance("date", "date", 0), 0);
        assert_eq!(edit_distance("Пхеньян", "Пхенян", 2), 1);
        assert_eq!(edit_distance("places", "slug", far), 5);
        assert_eq!(edit_distance("places", "slug", 2), 3);
        assert_eq!(edit_distance(&"x".repeat(40), "x", far), 39);
        assert_eq!(edit_distance(&"x".repeat(40), "x", 2), 3);
        // A known key longer than any real one is never suggested.
        assert_eq!(edit_distance("x", &"x".repeat(40), far), usize::MAX);
    }

    #[test]
    fn misspelt_event_key_warns_with_a_suggestion() {
        let c = check(
            "---\ntitle: T\nevents:\n  - title: A\n    date: 2000\n    plcae: Pyongyang\n---\n",
        );
        assert!(c.article.is_ok());
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.warnings[0].line, Some(6));
        assert!(
            c.warnings[0].message.contains("did you mean `place`?"),
            "{:?}",
            c.warnings
        );
    }

    #[test]
    fn misspelt_descriptive_keys_warn_but_other_keys_are_quiet_extra() {
        let c = check(
            "---\ntitle: T\nsummery: S\nimgae: i.png\nhero: h.jpg\nnote: n\nimage: i.png\n---\n",
        );
        let article = c.article.expect("an article");
        assert_eq!(article.extra["summery"], "S");
        assert_eq!(
            article.image().and_then(|i| i.src.as_deref()),
            Some("i.png")
        );
        let found: Vec<_> = c
            .warnings
            .iter()
            .map(|w| (w.line, w.code, w.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(4),
                    Code::UnknownKey,
                    "unknown key `imgae` (kept for templates as `extra`); did you mean `image`?"
                ),
                (
                    Some(3),
                    Code::UnknownKey,
                    "unknown key `summery` (kept for templates as `extra`); did you mean `summary`?"
                )
            ]
        );
    }

    #[test]
    fn misspelt_keys_that_shape_an_article_are_errors() {
        let c = check("---\ntitel: T\ndat: 2000\ntag: [x]\nevnets:\n  - {title: A, date: 2000, plcae: P, tgs: [y], ed: 2001}\n---\n");
        let errs = c.article.expect_err("errors");
        let found: Vec<_> = errs.iter().map(|d| (d.line, d.code, &d.message)).collect();
        assert!(found
            .iter()
            .all(|(_, code, _)| matches!(code, Code::MisspeltKey | Code::MissingKey)));
        for (line, wrong, right) in [
            (3, "dat", "date"),
            (4, "tag", "tags"),
            (5, "evnets", "events"),
            (2, "titel", "title"),
        ] {
            assert!(
                found.iter().any(|(l, c, m)| *l == Some(line)
                    && *c == Code::MisspeltKey
                    && m.starts_with(&format!("unknown key `{wrong}`: did you mean `{right}`?"))),
                "{wrong}: {found:#?}"
            );
        }
        let c = check("---\ntitle: T\nevents:\n  - title: A\n    date: 2000\n    plcae: P\n    tgs: [y]\n    ed: 2001\n---\n");
        let errs = c.article.expect_err("errors");
        let messages: Vec<_> = errs.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(messages[0]
            .1
            .starts_with("unknown event key `ed`: did you mean `end`?"));
        assert!(messages[1]
            .1
            .starts_with("unknown event key `tgs`: did you mean `tags`?"));
        assert_eq!(c.warnings.len(), 1, "plcae: {:?}", c.warnings);
        assert_eq!(c.warnings[0].code, Code::UnknownKey);
    }

    #[test]
    fn every_problem_in_a_file_is_reported_with_its_line() {
        let errs = errors(
            "---\ntitle:\ntimezone: Mars/Base\nevents:\n  - title: A\n    date: 2024-02-30\n  - date: 2024-06-19\n  - title: C\n    date: 2024-06-19\n    end: 2024-06-18\n---\n",
        );
        let lines: Vec<_> = errs.iter().map(|(l, _)| *l).collect();
        assert_eq!(
            lines,
            [Some(2), Some(3), Some(6), Some(7), Some(10)],
            "{errs:#?}"
        );
        assert!(errs[0].1.contains("`title` is empty"));
        assert!(errs[1].1.contains("Mars/Base"));
        assert!(errs[2].1.contains("2024-02-30"));
        assert!(errs[3].1.contains("missing `title`"));
        assert!(errs[4].1.contains("2024-06-18"));
    }

    #[test]
    fn bad_ids_slugs_urls_and_terms_are_errors() {
        let errs = errors("---\ntitle: T\nslug: ../up\ntags: {a: 1}\nsources: [{name: X, url: 'JavaScript:alert(1)'}]\nevents:\n  - {id: 'a b', title: A, date: 2000}\n---\n");
        assert_eq!(errs.len(), 4, "{errs:#?}");
        assert!(errs.iter().any(|(_, m)| m.contains("`../up`")));
        assert!(errs.iter().any(|(_, m)| m.contains("`javascript:`")));
        assert!(errs.iter().any(|(_, m)| m.contains("`a b`")));
        assert!(errs
            .iter()
            .any(|(_, m)| m.contains("tags: expected a list")));
    }

    #[test]
    fn taken_default_ids_get_the_date_then_the_position() {
        let a = ok("---\ntitle: T\nevents:\n  - {title: Press briefing, date: 2024-06-19}\n  - {title: Press briefing, date: 2024-06-20}\n  - {title: Press briefing, date: 2024-06-20}\n  - {id: my-post-talks, title: Other, date: 2000}\n  - {title: Talks, date: 2001}\n---\n");
        let ids: Vec<_> = a.events.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "my-post-press-briefing",
                "my-post-press-briefing-2024-06-20",
                "my-post-press-briefing-2024-06-20-3",
                "my-post-talks",
                "my-post-talks-2001",
            ]
        );
    }

    #[test]
    fn a_written_id_twice_in_one_article_is_an_error_naming_both_lines() {
        let errs = errors("---\ntitle: T\nevents:\n  - id: summit\n    title: A\n    date: 2024-06-19\n  - title: B\n    id: summit\n    date: 2024-06-19\n---\n");
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert_eq!(errs[0].0, Some(8));
        assert!(
            errs[0].1.contains("`summit`") && errs[0].1.contains("lines 4 and 8"),
            "{errs:?}"
        );
    }

    #[test]
    fn media_are_read_on_events_and_articles_with_their_kinds() {
        let a = ok("---\ntitle: T\nmedia:\n  quote: friendly state visit\n  by: Kremlin\nimage: /i.png\nimage_caption: The *plane*\nevents:\n  - title: A\n    date: 2000\n    media:\n      - src: plane.jpg\n        alt: A plane\n        caption: At *night*\n        credit: KCNA\n      - src: https://youtu.be/abc\n---\n");
        let kinds: Vec<_> = a.media.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, [MediaKind::Quote, MediaKind::Image]);
        assert_eq!(
            a.media[1].caption_html.as_deref(),
            Some("The <em>plane</em>")
        );
        assert_eq!(a.media[1].alt.as_deref(), Some("The plane"));
        let e = &a.events[0].media;
        assert_eq!((e[0].kind, e[0].line), (MediaKind::Image, 12));
        assert_eq!(
            e[0].url(),
            Some("plane.jpg"),
            "a plain article's files are in static/"
        );
        assert_eq!(e[1].kind, MediaKind::YouTube);
        assert_eq!(e[1].line, 16);
        assert_eq!(a.image().and_then(|m| m.src.as_deref()), Some("/i.png"));
    }

    #[test]
    fn bad_media_are_errors_at_their_line() {
        let errs = errors("---\ntitle: T\nevents:\n  - title: A\n    date: 2000\n    media:\n      - src: plane.jpg\n        caption: no alt\n      - src: 'javascript:alert(1)'\n      - caption: neither\n      - src: notes.txt\n      - src: a.jpg\n        alt: \"\"\n---\n");
        let found: Vec<_> = errs
            .iter()
            .map(|(l, m)| (l.unwrap_or(0), m.as_str()))
            .collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(
            found[0].0 == 7 && found[0].1.contains("`plane.jpg` has no `alt`"),
            "{found:?}"
        );
        assert!(
            found[1].0 == 9 && found[1].1.contains("`javascript:`"),
            "{found:?}"
        );
        assert!(
            found[2].0 == 10 && found[2].1.contains("without `src` or `quote`"),
            "{found:?}"
        );
        assert!(
            found[3].0 == 11 && found[3].1.contains("`txt`"),
            "{found:?}"
        );
    }

    #[test]
    fn a_bundle_names_its_own_files_and_a_raw_iframe_warns() {
        let config = SiteConfig::default();
        let c = from_source(
            "reports/arrival/index.md",
            "content/reports/arrival/index.md".into(),
            "---\ntitle: T\ndate: 2000\nmedia: {src: img/p.png, alt: P}\n---\nText\n\n<iframe src=\"https://x.example/\"></iframe>\n",
            &ArticleOptions { config: &config },
        );
        let a = c.article.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            a.media[0].local(),
            Some(("content/reports/arrival/img/p.png", "arrival/img/p.png"))
        );
        assert_eq!(
            a.events[0].media.len(),
            1,
            "an article's own event shows its media"
        );
        let w: Vec<_> = c.warnings.iter().map(|w| (w.code, w.line)).collect();
        assert_eq!(w, [(Code::RawEmbed, Some(8))]);
    }

    #[test]
    fn an_end_relative_to_another_event_waits_for_its_anchor() {
        let a = ok("---\ntitle: T\nevents:\n  - title: A\n    date: 2024-06-18\n    end: 2 days after talks\n---\n");
        let e = &a.events[0];
        assert_eq!(e.end, None);
        assert_eq!(e.end_written.as_deref(), Some("2 days after talks"));
        assert_eq!(e.end_anchor.as_ref().map(|a| a.id.as_str()), Some("talks"));
        assert!(e.depends_on_others());
        let errs = errors("---\ntitle: T\nevents:\n  - title: A\n    date: 2024-06-18/2024-06-19\n    end: the day after talks\n---\n");
        assert!(errs[0].1.contains("both an interval"), "{errs:?}");
    }

    #[test]
    fn interval_and_end_together_is_an_error() {
        let errs = errors("---\ntitle: T\nevents:\n  - title: A\n    date: 2024-06-18/2024-06-19\n    end: 2024-06-20\n---\n");
        assert_eq!(errs[0].0, Some(6));
    }
}
