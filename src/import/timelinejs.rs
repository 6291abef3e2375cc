//! `annalist import timelinejs`: a TimelineJS3 timeline (its JSON, or its sheet exported as
//! CSV) made into articles. Each slide is an event: `unique_id` its id when it is a valid id
//! (else a slug of the headline, made unique), the date fields to the finest one given (a
//! slide with only `year` is a year; negative years are astronomical, as in TimelineJS's
//! JSON), `display_date` when it says more than the date, the text as the article's body and
//! the event's summary (plain text), the medium with its caption, credit and alt (a local file
//! beside the JSON is copied into the article's page bundle), `group` a term of `tags`. The
//! title slide and the eras are printed as `site.yaml` lines; whatever has no place in annalist
//! (`background`, thumbnails, unknown keys) is named, slide by slide.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::{refused, unique, yaml_line, Articles, Imported, NewArticle};
use crate::date::{format_display, DayPart, EventDate, Zone};
use crate::error::{Code, Diagnostic, Error};
use crate::frontmatter::{RawArticle, RawDate, RawEvent, RawMedia};
use crate::markdown::{self, RawHtml};
use crate::model::media::{self, MediaKind};
use crate::sheet::{self, Clock, Summaries};
use crate::slug::{check_segment, slugify};
use crate::vocabulary::TAGS;

/// The largest input read (a timeline of 100,000 slides is about 60 MB of JSON).
const MAX_BYTES: u64 = 256 << 20;

const SLIDE_KEYS: &[&str] = &[
    "start_date",
    "end_date",
    "text",
    "media",
    "group",
    "display_date",
    "background",
    "autolink",
    "unique_id",
];
const DATE_KEYS: &[&str] = &[
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "millisecond",
    "display_date",
    "format",
];
const MEDIA_KEYS: &[&str] = &["url", "caption", "credit", "alt", "thumbnail", "link"];

/// One slide (or sheet row) on its way to an event.
struct Item {
    /// How the report names it: `slide 3 (\`arrival\`)`, `line 14`.
    label: String,
    event: RawEvent,
    /// The slide's text, HTML.
    html: Option<String>,
    /// Local media files to copy beside the article: (from, file name).
    files: Vec<(PathBuf, String)>,
}

/// What the whole timeline says besides its slides.
#[derive(Default)]
struct Head {
    title: Option<String>,
    html: Option<String>,
    site_yaml: String,
}

/// Collects what was not carried over.
struct Lost<'p> {
    path: &'p Path,
    list: Vec<Diagnostic>,
}

impl Lost<'_> {
    fn note(&mut self, line: Option<usize>, message: String) {
        self.list.push(Diagnostic::warning(
            Code::NotImported,
            self.path,
            line,
            message,
        ));
    }
}

/// Text for a plain value (a title, a summary, a caption) from a slide's HTML: what the
/// sanitiser keeps, as text (a `<script>`'s content is not text).
fn plain_text(html: &str) -> String {
    crate::render::text::plain_text(&markdown::to_html(html, RawHtml::Sanitize))
}

/// Reads `input` (JSON, or CSV by its extension) and makes its articles.
pub fn import(input: &Path, articles: Articles) -> Result<Imported, Error> {
    use std::io::Read;
    let file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(input, e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(refused(
            input,
            None,
            format!("the file is over {MAX_BYTES} bytes; not read"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        refused(
            input,
            None,
            "not UTF-8 text; expected TimelineJS3 JSON or CSV",
        )
    })?;
    let mut lost = Lost {
        path: input,
        list: Vec::new(),
    };
    let base = input.parent().unwrap_or(Path::new(""));
    let is_csv = input
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(sheet::EXTENSION));
    let (head, mut items) = if is_csv {
        from_sheet(&text, input, &mut lost)?
    } else {
        from_json(&text, input, &mut lost)?
    };
    for item in &mut items {
        localise(item, base, &mut lost);
    }
    let mut imported = finish(head, items, articles, input, &mut lost);
    imported.lost = lost.list;
    Ok(imported)
}

/// The timeline of a TimelineJS3 JSON file.
fn from_json(text: &str, input: &Path, lost: &mut Lost) -> Result<(Head, Vec<Item>), Error> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        refused(
            input,
            Some(e.line()),
            format!("not JSON: {e}; expected a TimelineJS3 timeline"),
        )
    })?;
    let shape = "not a TimelineJS3 timeline: expected a JSON object with `events`, a list of slides (and optionally `title`, `eras`, `scale`)";
    let Some(top) = value.as_object() else {
        return Err(refused(input, None, shape));
    };
    let Some(events) = top.get("events").and_then(Value::as_array) else {
        return Err(refused(input, None, shape));
    };
    for key in top.keys() {
        if !["events", "title", "eras", "scale"].contains(&key.as_str()) {
            lost.note(
                None,
                format!("the timeline's `{key}` is not carried over: annalist has no place for it"),
            );
        }
    }
    match top.get("scale").and_then(Value::as_str) {
        None | Some("human" | "cosmological") => {}
        Some(other) => lost.note(
            None,
            format!("`scale: {other}` is not carried over; expected `human` or `cosmological` (annalist picks the scale from the dates)"),
        ),
    }
    let mut head = Head::default();
    if let Some(title) = top.get("title").and_then(Value::as_object) {
        let text = title.get("text").and_then(Value::as_object);
        head.title = text
            .and_then(|t| string(t, "headline"))
            .map(|h| plain_text(&h));
        head.html = text.and_then(|t| string(t, "text"));
        for key in title.keys().filter(|k| *k != "text") {
            lost.note(
                None,
                format!("the title slide's `{key}` is not carried over: annalist's title is text"),
            );
        }
    }
    let mut items = Vec::with_capacity(events.len());
    for (i, slide) in events.iter().enumerate() {
        let label = match slide.get("unique_id").and_then(Value::as_str) {
            Some(id) => format!("slide {} (`{id}`)", i + 1),
            None => format!("slide {}", i + 1),
        };
        let Some(slide) = slide.as_object() else {
            lost.note(None, format!("{label} is not an object; not carried over"));
            continue;
        };
        if let Some(item) = json_slide(slide, label, lost) {
            items.push(item);
        }
    }
    head.site_yaml = eras_yaml(top.get("eras"), lost);
    Ok((head, items))
}

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn json_slide(slide: &Map<String, Value>, label: String, lost: &mut Lost) -> Option<Item> {
    for key in slide.keys().filter(|k| !SLIDE_KEYS.contains(&k.as_str())) {
        lost.note(
            None,
            format!("{label}: `{key}` is not carried over: not a key of TimelineJS3's slides"),
        );
    }
    if slide.get("background").is_some_and(|b| !b.is_null()) {
        lost.note(
            None,
            format!("{label}: `background` is not carried over: the theme draws the slides"),
        );
    }
    if slide.get("autolink").is_some() {
        lost.note(
            None,
            format!(
                "{label}: `autolink` is not carried over: annalist links only what the text links"
            ),
        );
    }
    let text = slide.get("text").and_then(Value::as_object);
    let headline = text
        .and_then(|t| string(t, "headline"))
        .map(|h| plain_text(&h));
    let html = text
        .and_then(|t| string(t, "text"))
        .map(|h| without_own_link(h, slide.get("unique_id").and_then(Value::as_str)))
        .filter(|h| !h.is_empty());
    for href in relative_links(html.as_deref().unwrap_or_default()) {
        lost.note(None, format!("{label}: the text links to `{href}`, a page of the old site: the link is kept and leads nowhere until it is mended"));
    }
    let date = |key: &str, lost: &mut Lost| -> Result<Option<(String, Option<String>)>, String> {
        match slide.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(d)) => json_date(d, &format!("{label}: {key}"), lost).map(Some),
            Some(other) => Err(format!("`{key}` is {other}, not an object of date fields")),
        }
    };
    let (start, end) = match (date("start_date", lost), date("end_date", lost)) {
        (Ok(Some(start)), Ok(end)) => (start, end),
        (Ok(None), _) => {
            lost.note(
                None,
                format!("{label} has no `start_date`; not carried over (an event needs a date)"),
            );
            return None;
        }
        (Err(why), _) | (_, Err(why)) => {
            lost.note(None, format!("{label} is not carried over: {why}"));
            return None;
        }
    };
    let display = string(slide, "display_date").or(start.1.clone());
    let zone = Zone::Utc;
    let parsed = |t: &str| EventDate::parse(t, &zone);
    if let Err(why) = parsed(&start.0) {
        lost.note(
            None,
            format!("{label} is not carried over: start_date {why}"),
        );
        return None;
    }
    let end = match end.map(|e| parsed(&e.0).map(|d| (e.0, d))).transpose() {
        Ok(e) => e,
        Err(why) => {
            lost.note(
                None,
                format!("{label}: end_date is not carried over: {why}"),
            );
            None
        }
    };
    let (date, end, display) = qualified(start.0, end, display, &zone);
    let mut event = RawEvent {
        id: string(slide, "unique_id"),
        title: headline,
        date: Some(RawDate::Text(date)),
        end: end.map(RawDate::Text),
        display_date: display,
        ..RawEvent::default()
    };
    if let Some(m) = slide.get("media").and_then(Value::as_object) {
        event.media = json_media(m, &label, lost).map(|m| vec![m]);
    }
    if let Some(group) = string(slide, "group") {
        event
            .rest
            .insert(TAGS.into(), Value::Array(vec![group.into()]));
    }
    Some(Item {
        label,
        event,
        html,
        files: Vec::new(),
    })
}

/// annalist's own `timeline.json` ends each slide's text with a link to the event on its
/// article's page (`<p><a href="….html#id">Title</a></p>`): the new site has no such page, so
/// that paragraph goes.
fn without_own_link(html: String, id: Option<&str>) -> String {
    let Some(id) = id else { return html };
    let Some(start) = html.rfind("<p><a href=\"") else {
        return html;
    };
    let tail = &html[start..];
    let own = tail.ends_with("</a></p>")
        && tail.contains(&format!("#{id}\">"))
        && tail.matches("<a ").count() == 1;
    if own {
        html[..start].trim_end().to_string()
    } else {
        html
    }
}

/// The relative `href`s of an HTML text: links into the site the timeline came from.
fn relative_links(html: &str) -> impl Iterator<Item = &str> {
    html.split("href=\"").skip(1).filter_map(|rest| {
        let href = rest.split('"').next()?;
        let absolute = href.starts_with('#')
            || ["http:", "https:", "mailto:"]
                .iter()
                .any(|s| href.to_ascii_lowercase().starts_with(s));
        (!absolute).then_some(href)
    })
}

/// The dates with the qualifier (`~`, `?`, `%`) whose English text the display date is, and
/// the display date only when it says more than that: TimelineJS's fields carry no qualifier,
/// annalist's own `timeline.json` writes it in `display_date` ("c. 2000").
fn qualified(
    start: String,
    end: Option<(String, EventDate)>,
    display: Option<String>,
    zone: &Zone,
) -> (String, Option<String>, Option<String>) {
    let end_text = end.as_ref().map(|(t, _)| t.clone());
    let Some(shown) = display else {
        return (start, end_text, None);
    };
    for q in ["", "~", "?", "%"] {
        for end_q in ["", q] {
            let s = EventDate::parse(&format!("{start}{q}"), zone);
            let e = end
                .as_ref()
                .map(|(t, _)| EventDate::parse(&format!("{t}{end_q}"), zone))
                .transpose();
            if let (Ok(s), Ok(e)) = (s, e) {
                if format_display(&s, e.as_ref()) == shown {
                    let end = end_text.map(|t| format!("{t}{end_q}"));
                    return (format!("{start}{q}"), end, None);
                }
            }
        }
    }
    (start, end_text, Some(shown))
}

/// A date object's fields in the date grammar, and its `display_date`.
fn json_date(
    d: &Map<String, Value>,
    label: &str,
    lost: &mut Lost,
) -> Result<(String, Option<String>), String> {
    for key in d.keys().filter(|k| !DATE_KEYS.contains(&k.as_str())) {
        lost.note(
            None,
            format!("{label}: `{key}` is not carried over: not a date field"),
        );
    }
    let field = |key: &str| -> Result<Option<i64>, String> {
        match d.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => sheet::read_number(s)
                .map(Some)
                .map_err(|why| format!("{key} `{s}` {why}")),
            Some(Value::Number(n)) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
                .map(Some)
                .ok_or_else(|| format!("{key} `{n}` is not a whole number")),
            Some(other) => Err(format!("{key} is {other}, not a number")),
        }
    };
    let Some(year) = field("year")? else {
        return Err("the date has no `year`".into());
    };
    let (month, day) = (field("month")?, field("day")?);
    let (hour, minute, second) = (field("hour")?, field("minute")?, field("second")?);
    if field("millisecond")?.is_some_and(|ms| ms != 0) {
        lost.note(
            None,
            format!("{label}: `millisecond` is not carried over: annalist's dates stop at seconds"),
        );
    }
    if d.contains_key("format") {
        lost.note(
            None,
            format!("{label}: `format` is not carried over: annalist formats dates itself"),
        );
    }
    let small = |n: Option<i64>| n.and_then(|n| u32::try_from(n).ok());
    let clock = match (day, small(hour)) {
        (Some(_), Some(hour)) => Some(Clock {
            hour,
            minute: small(minute).unwrap_or(0),
            second: small(second),
        }),
        _ => None,
    };
    if day.is_none() && hour.is_some() {
        return Err("the date has an `hour` but no `day`".into());
    }
    if month.is_none() && day.is_some() {
        return Err("the date has a `day` but no `month`".into());
    }
    let display = string(d, "display_date");
    // An hour without minutes at the start of a part of the day is that part (as annalist's
    // own `timeline.json` writes `2024-06-18 night`); another is that hour, to the minute.
    let part = match (day, small(hour), minute, second) {
        (Some(_), Some(h), None, None) => DayPart::from_start_hour(h),
        _ => None,
    };
    let text = match part {
        Some(part) => format!(
            "{} {}",
            sheet::fields_text(year, month, day, None),
            part.word()
        ),
        None => sheet::fields_text(year, month, day, clock),
    };
    Ok((text, display))
}

/// A slide's medium: a quotation (TimelineJS's `<blockquote>` url) or a file or URL.
fn json_media(m: &Map<String, Value>, label: &str, lost: &mut Lost) -> Option<RawMedia> {
    for key in m.keys().filter(|k| !MEDIA_KEYS.contains(&k.as_str())) {
        lost.note(
            None,
            format!(
                "{label}: media `{key}` is not carried over: annalist's media have no such key"
            ),
        );
    }
    let url = string(m, "url")?;
    let text = |key: &str| {
        string(m, key)
            .map(|t| plain_text(&t))
            .filter(|t| !t.is_empty())
    };
    if let Some(thumb) = string(m, "thumbnail").filter(|t| *t != url) {
        lost.note(None, format!("{label}: media thumbnail `{thumb}` is not carried over: annalist makes its own sizes"));
    }
    let mut raw = RawMedia {
        caption: text("caption"),
        alt: string(m, "alt"),
        link: string(m, "link"),
        ..RawMedia::default()
    };
    if url.trim_start().starts_with("<blockquote") {
        raw.quote = Some(plain_text(&url));
        raw.by = text("credit");
    } else {
        raw.src = Some(url);
        raw.credit = text("credit");
    }
    if let Some(link) = &raw.link {
        if let Err(why) = markdown::check_url(link) {
            lost.note(
                None,
                format!("{label}: media link `{link}` is not carried over: it {why}"),
            );
            raw.link = None;
        }
    }
    Some(raw)
}

/// The `eras:` lines for `site.yaml`.
fn eras_yaml(eras: Option<&Value>, lost: &mut Lost) -> String {
    let Some(list) = eras.and_then(Value::as_array) else {
        return String::new();
    };
    let mut out = String::new();
    for (i, era) in list.iter().enumerate() {
        let label = format!("era {}", i + 1);
        let Some(era) = era.as_object() else { continue };
        let text = era.get("text").and_then(Value::as_object);
        let title = text
            .and_then(|t| string(t, "headline"))
            .map(|h| plain_text(&h));
        let summary = text.and_then(|t| string(t, "text")).map(|t| plain_text(&t));
        let date = |key: &str, lost: &mut Lost| match era.get(key).and_then(Value::as_object) {
            Some(d) => json_date(d, &format!("{label}: {key}"), lost).ok(),
            None => None,
        };
        let (start, end) = (date("start_date", lost), date("end_date", lost));
        // annalist's own `timeline.json` ends an era of one period (`2000` to `2000`) one
        // field later, for TimelineJS to draw it, and keeps the period's text: read it back.
        let end = match (&start, end) {
            (Some((s, Some(shown))), Some((_, Some(end_shown)))) if *shown == end_shown => {
                Some(s.clone())
            }
            (_, end) => end.map(|e| e.0),
        };
        let start = start.map(|s| s.0);
        let (Some(title), Some(start), Some(end)) = (title, start, end) else {
            lost.note(None, format!("{label} is not carried over: an era needs a headline, a start_date and an end_date"));
            continue;
        };
        out.push_str(&era_yaml(&title, &start, &end, summary.as_deref()));
    }
    if out.is_empty() {
        out
    } else {
        format!("eras:\n{out}")
    }
}

fn era_yaml(title: &str, start: &str, end: &str, summary: Option<&str>) -> String {
    let mut out = yaml_line("  - ", "title", title);
    out.push_str(&yaml_line("    ", "date", start));
    out.push_str(&yaml_line("    ", "end", end));
    if let Some(s) = summary.filter(|s| !s.is_empty()) {
        out.push_str(&yaml_line("    ", "summary", s));
    }
    out
}

/// The timeline of a sheet exported as CSV: read as `content/` reads one, with the default
/// taxonomies (so `Group` goes to `tags`).
fn from_sheet(text: &str, input: &Path, lost: &mut Lost) -> Result<(Head, Vec<Item>), Error> {
    let taxonomies = crate::config::SiteConfig::default().taxonomies;
    let read = sheet::read(
        text,
        input,
        &sheet::SheetOptions {
            taxonomies: &taxonomies,
            lanes: None,
        },
    );
    if !read.errors.is_empty() {
        return Err(Error::Site(read.errors));
    }
    lost.list.extend(read.notes);
    let sheet = read.sheet;
    let html = sheet.summaries == Summaries::Html;
    let mut head = Head {
        title: sheet.title_line.and(sheet.raw.title.clone()),
        ..Head::default()
    };
    if html {
        head.html = sheet.raw.summary.clone();
    }
    let mut eras = String::new();
    for era in &sheet.eras {
        let text = |d: &Option<RawDate>| match d {
            Some(RawDate::Text(t)) => Some(t.clone()),
            _ => None,
        };
        if let (Some(title), Some(start), Some(end)) =
            (&era.raw.title, text(&era.raw.date), text(&era.raw.end))
        {
            eras.push_str(&era_yaml(title, &start, &end, era.raw.summary.as_deref()));
        }
    }
    if !eras.is_empty() {
        head.site_yaml = format!("eras:\n{eras}");
    }
    let events = sheet.raw.events.unwrap_or_default();
    let items = events
        .into_iter()
        .zip(sheet.event_lines)
        .map(|(mut event, line)| Item {
            label: format!("line {line}"),
            html: if html { event.summary.take() } else { None },
            event,
            files: Vec::new(),
        })
        .collect();
    Ok((head, items))
}

/// Checks each medium: a URL annalist shows is kept, a relative path to a file beside the
/// input is copied into the article's bundle, anything else is named. An image without alt
/// text gets its caption, else `alt: ""`, and is named.
fn localise(item: &mut Item, base: &Path, lost: &mut Lost) {
    let Some(list) = item.event.media.take() else {
        return;
    };
    let mut kept = Vec::new();
    for mut m in list {
        if let Some(src) = m.src.clone() {
            let resolved = match media::resolve(&src, "x.md", "x") {
                Ok(r) => r,
                Err(why) => {
                    lost.note(
                        None,
                        format!(
                            "{}: media `{src}` is not carried over: it {why}",
                            item.label
                        ),
                    );
                    continue;
                }
            };
            if matches!(resolved.location, media::Location::Local { .. }) {
                let path = src.split(['?', '#']).next().unwrap_or(&src);
                let from = base.join(path.trim_start_matches('/'));
                let name = Path::new(path)
                    .file_name()
                    .and_then(|n| n.to_str())
                    .map(str::to_string);
                match name.filter(|_| from.is_file()) {
                    Some(name) => {
                        m.src = Some(name.clone());
                        item.files.push((from, name));
                    }
                    None => {
                        lost.note(None, format!("{}: media `{src}` is not carried over: no such file beside the input ({})", item.label, from.display()));
                        continue;
                    }
                }
            }
            if resolved.kind == MediaKind::Image && m.alt.is_none() {
                m.alt = Some(m.caption.clone().unwrap_or_default());
                lost.note(None, format!("{}: the image `{src}` has no alt text; written as `alt: {:?}`: say what it shows", item.label, m.alt.as_deref().unwrap_or_default()));
            }
        }
        kept.push(m);
    }
    item.event.media = (!kept.is_empty()).then_some(kept);
}

/// Gives each event its id and shares the events out among articles.
fn finish(
    head: Head,
    items: Vec<Item>,
    articles: Articles,
    input: &Path,
    lost: &mut Lost,
) -> Imported {
    let mut taken = HashSet::new();
    let mut lanes = false;
    let mut prepared = Vec::with_capacity(items.len());
    for mut item in items {
        let title = item
            .event
            .title
            .clone()
            .or_else(|| item.event.display_date.clone())
            .unwrap_or_else(|| {
                lost.note(
                    None,
                    format!("{}: no headline; titled `Untitled`", item.label),
                );
                "Untitled".into()
            });
        item.event.title = Some(title.clone());
        let written = item.event.id.take();
        let valid = written
            .as_deref()
            .filter(|id| check_segment(id).is_ok() && !taken.contains(*id));
        let id = match valid {
            Some(id) => unique(id, &mut taken),
            None => {
                let fallback = Some(slugify(&title)).filter(|s| !s.is_empty());
                let id = unique(&fallback.unwrap_or_else(|| "event".into()), &mut taken);
                if let Some(w) = written {
                    lost.note(None, format!("{}: `unique_id` `{w}` is not a valid id or is taken; the event's id is `{id}`", item.label));
                }
                id
            }
        };
        item.event.id = Some(id.clone());
        if let Some(html) = &item.html {
            item.event.summary = Some(plain_text(html)).filter(|s| !s.is_empty());
        }
        lanes |= item.event.rest.contains_key(TAGS);
        item.event.keys = vec!["id".into(), "title".into(), "date".into()];
        prepared.push((id, item));
    }
    let mut site_yaml = String::new();
    if let Some(title) = &head.title {
        site_yaml.push_str(&yaml_line("", "title", title));
    }
    if let Some(html) = &head.html {
        site_yaml.push_str(&yaml_line("", "description", &plain_text(html)));
    }
    if lanes {
        site_yaml.push_str("lanes: tags\n");
    }
    site_yaml.push_str(&head.site_yaml);
    let articles = match articles {
        Articles::PerItem => {
            // A file is named by its event's id, unless the name is the site's own (a
            // taxonomy's pages, `page/`): then `<id>-event`.
            let mut stems: HashSet<String> = prepared.iter().map(|(id, _)| id.clone()).collect();
            prepared
                .into_iter()
                .map(|(id, item)| {
                    let own = crate::config::SiteConfig::default()
                        .taxonomies
                        .contains(&id)
                        || crate::model::timeline::RESERVED_SLUGS.contains(&id.as_str());
                    let stem = if own {
                        unique(&format!("{id}-event"), &mut stems)
                    } else {
                        id
                    };
                    per_item(stem, item)
                })
                .collect()
        }
        Articles::One => vec![one_article(&head, prepared, input)],
    };
    Imported {
        articles,
        lost: Vec::new(),
        site_yaml,
    }
}

/// One article for one slide: `content/<stem>.md`, or `content/<stem>/index.md` with its files.
fn per_item(stem: String, item: Item) -> NewArticle {
    let rel_path = if item.files.is_empty() {
        format!("{stem}.md")
    } else {
        format!("{stem}/index.md")
    };
    let files = item
        .files
        .into_iter()
        .map(|(from, name)| (from, format!("{stem}/{name}")))
        .collect();
    NewArticle {
        rel_path,
        raw: RawArticle {
            keys: vec!["title".into(), "summary".into(), "events".into()],
            title: item.event.title.clone(),
            summary: item.event.summary.clone(),
            events: Some(vec![item.event]),
            ..RawArticle::default()
        },
        body: item.html.map(|h| format!("{h}\n")).unwrap_or_default(),
        files,
    }
}

/// Every event in one article, named by the title slide (else the input's file name).
fn one_article(head: &Head, items: Vec<(String, Item)>, input: &Path) -> NewArticle {
    let title = head.title.clone().unwrap_or_else(|| {
        input
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("Timeline")
            .to_string()
    });
    let slug = Some(slugify(&title))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "timeline".into());
    let mut files = Vec::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut events = Vec::with_capacity(items.len());
    for (id, mut item) in items {
        for (from, name) in item.files {
            // Two slides' `photo.jpg` are two files of the one bundle.
            let n = names.entry(name.clone()).or_insert(0);
            *n += 1;
            let kept = if *n == 1 {
                name.clone()
            } else {
                format!("{id}-{name}")
            };
            for m in item.event.media.iter_mut().flatten() {
                if m.src.as_deref() == Some(name.as_str()) {
                    m.src = Some(kept.clone());
                }
            }
            files.push((from, format!("{slug}/{kept}")));
        }
        events.push(item.event);
    }
    let rel_path = if files.is_empty() {
        format!("{slug}.md")
    } else {
        format!("{slug}/index.md")
    };
    let summary = head
        .html
        .as_deref()
        .map(plain_text)
        .filter(|s| !s.is_empty());
    let mut keys = vec!["title".to_string()];
    if summary.is_some() {
        keys.push("summary".into());
    }
    keys.push("events".into());
    NewArticle {
        rel_path,
        raw: RawArticle {
            keys,
            title: Some(title),
            summary,
            events: Some(events),
            ..RawArticle::default()
        },
        body: head
            .html
            .as_ref()
            .map(|h| format!("{h}\n"))
            .unwrap_or_default(),
        files,
    }
}
