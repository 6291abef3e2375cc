//! Site settings: `site.yaml` read into [`RawSiteConfig`] (every key optional), then resolved once
//! into a checked [`SiteConfig`] with defaults filled in.

use std::path::Path;

use serde::Deserialize;

use crate::date::{EventDate, Zone};
use crate::error::{Code, Diagnostic, Error};
use crate::frontmatter::{parse_yaml, LineIndex, RawDate};
use crate::markdown::RawHtml;

pub const CONFIG_FILE: &str = "site.yaml";

/// `site.yaml` as written. Unknown keys are refused so that a typo is not silently ignored.
/// Its keys are the table [`crate::vocabulary::SITE`] (a test keeps the two equal).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSiteConfig {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub timezone: Option<String>,
    pub order: Option<String>,
    pub taxonomies: Option<Vec<String>>,
    pub author: Option<String>,
    pub paginate: Option<usize>,
    pub extra: Option<serde_json::Map<String, serde_json::Value>>,
    pub markdown: Option<RawMarkdown>,
    pub limits: Option<RawLimits>,
    pub images: Option<RawImages>,
    pub eras: Option<Vec<RawEra>>,
    pub lanes: Option<String>,
}

/// `images:` in site.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImages {
    pub widths: Option<Vec<u32>>,
    pub quality: Option<u32>,
    pub cache: Option<String>,
}

/// How local raster images are processed (`images:` in site.yaml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    /// Sorted, without repeats.
    pub widths: Vec<u32>,
    /// WebP quality, 1 to 100.
    pub quality: u8,
    /// The cache folder, relative to the site folder (or absolute).
    pub cache: String,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1600],
            quality: 80,
            cache: ".annalist-cache".into(),
        }
    }
}

/// One entry of `eras:` in site.yaml. Its keys are the table [`crate::vocabulary::ERA`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEra {
    pub title: Option<String>,
    pub date: Option<RawDate>,
    pub end: Option<RawDate>,
    pub summary: Option<String>,
}

/// A named period drawn behind the events on the time axis (eras may overlap). Not an event:
/// it is in `timeline.json` and `events.json` under `eras`, never in `events.ics`.
#[derive(Debug, Clone, PartialEq)]
pub struct Era {
    pub title: String,
    pub start: EventDate,
    /// Never starts before `start`.
    pub end: EventDate,
    pub summary: Option<String>,
}

/// `markdown:` in site.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMarkdown {
    pub raw_html: Option<String>,
}

/// `limits:` in site.yaml: sizes past which a file is refused rather than read.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLimits {
    pub front_matter_bytes: Option<u64>,
    pub file_bytes: Option<u64>,
    pub image_pixels: Option<u64>,
}

/// Size caps on what is read; a file past one is an error naming it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The YAML between the `---` fences.
    pub front_matter_bytes: u64,
    /// A whole article file.
    pub file_bytes: u64,
    /// An image's width × height, read from its header before it is decoded.
    pub image_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            front_matter_bytes: 64 * 1024,
            file_bytes: 8 * 1024 * 1024,
            image_pixels: 50_000_000,
        }
    }
}

/// Which way the timeline pages run. `events.json` is always in ascending order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Ascending,
    Descending,
}

/// The resolved settings every later stage reads.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute URL without a trailing `/`, or empty.
    pub base_url: String,
    pub language: String,
    pub timezone: Zone,
    pub order: Order,
    pub taxonomies: Vec<String>,
    pub author: Option<String>,
    /// Events per timeline page (the index and each term's page); 0: never split.
    pub paginate: usize,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub raw_html: RawHtml,
    pub limits: Limits,
    pub images: ImageSettings,
    /// In the order written.
    pub eras: Vec<Era>,
    /// The taxonomy whose terms are the time axis's rows and TimelineJS's groups.
    pub lanes: Option<String>,
}

/// Timeline pages above this many events are split: a page stays light enough to open on a
/// phone, and a site of 100,000 events does not write a 100 MB `index.html`.
pub const DEFAULT_PAGINATE: usize = 500;

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Timeline".into(),
            description: String::new(),
            base_url: String::new(),
            language: "en".into(),
            timezone: Zone::Utc,
            order: Order::Ascending,
            taxonomies: vec!["tags".into(), "people".into(), "places".into()],
            author: None,
            paginate: DEFAULT_PAGINATE,
            extra: serde_json::Map::new(),
            raw_html: RawHtml::Sanitize,
            limits: Limits::default(),
            images: ImageSettings::default(),
            eras: Vec::new(),
            lanes: None,
        }
    }
}

/// Reads `site.yaml` from the site folder (absent: all defaults).
pub fn load(site: &Path) -> Result<SiteConfig, Error> {
    let path = site.join(CONFIG_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(SiteConfig::default()),
        Err(err) => return Err(Error::io(&path, err)),
    };
    parse(&text).map_err(|diags| {
        Error::Site(
            diags
                .into_iter()
                .map(|(line, message, code)| Diagnostic::error(code, &path, line, message))
                .collect(),
        )
    })
}

/// A problem of `site.yaml`: (line, message, code).
pub type ConfigError = (Option<usize>, String, Code);

/// Parses and resolves the text of `site.yaml`.
pub fn parse(text: &str) -> Result<SiteConfig, Vec<ConfigError>> {
    let raw: RawSiteConfig = if text.trim().is_empty() {
        RawSiteConfig::default()
    } else {
        parse_yaml(text).map_err(|e| vec![(e.line, plain_types(&e.message), Code::SiteConfig)])?
    };
    let lines = LineIndex::new(text, 1);
    let mut coded = Vec::new();
    let result = resolve(raw, &lines, &mut coded);
    let mut errors: Vec<ConfigError> = match result {
        Ok(config) if coded.is_empty() => return Ok(config),
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .into_iter()
            .map(|(line, message)| (line, message, Code::SiteConfig))
            .collect(),
    };
    errors.extend(coded);
    errors.sort_by_key(|e| e.0);
    Err(errors)
}

fn resolve(
    raw: RawSiteConfig,
    lines: &LineIndex<'_>,
    coded: &mut Vec<ConfigError>,
) -> Result<SiteConfig, Vec<(Option<usize>, String)>> {
    let defaults = SiteConfig::default();
    let mut errors = Vec::new();
    if let Some(Err(message)) = raw.language.as_deref().map(crate::i18n::check_tag) {
        errors.push((lines.key("language"), format!("language: {message}")));
    }
    let timezone = match raw.timezone.as_deref() {
        None => defaults.timezone,
        Some(text) => Zone::parse(text).unwrap_or_else(|err| {
            errors.push((lines.key("timezone"), format!("timezone: {err}")));
            Zone::Utc
        }),
    };
    let order = match raw.order.as_deref() {
        None | Some("ascending") => Order::Ascending,
        Some("descending") => Order::Descending,
        Some(other) => {
            errors.push((
                lines.key("order"),
                format!("order: `{other}` is not an order; expected `ascending` or `descending`"),
            ));
            Order::Ascending
        }
    };
    let base_url = check_base_url(&raw.base_url.unwrap_or_default()).unwrap_or_else(|message| {
        errors.push((lines.key("base_url"), format!("base_url: {message}")));
        String::new()
    });
    let taxonomies = raw.taxonomies.unwrap_or(defaults.taxonomies);
    for name in &taxonomies {
        if let Some(message) = taxonomy_name_problem(name) {
            errors.push((lines.key("taxonomies"), message));
        }
    }
    let raw_html = match raw.markdown.and_then(|m| m.raw_html).as_deref() {
        None | Some("sanitize") => RawHtml::Sanitize,
        Some("allow") => RawHtml::Allow,
        Some("escape") => RawHtml::Escape,
        Some(other) => {
            errors.push((
                lines.key("markdown"),
                format!("markdown.raw_html: `{other}` is not a policy; expected `sanitize` (the default), `escape` or `allow`"),
            ));
            RawHtml::Sanitize
        }
    };
    let limits = resolve_limits(raw.limits.unwrap_or_default(), lines, &mut errors);
    let images = resolve_images(raw.images.unwrap_or_default(), lines, &mut errors);
    let eras = resolve_eras(raw.eras.unwrap_or_default(), &timezone, lines, coded);
    let lanes = raw.lanes.filter(|name| !name.trim().is_empty());
    if let Some(name) = lanes
        .as_deref()
        .filter(|name| !taxonomies.iter().any(|t| t == name))
    {
        coded.push((
            lines.key("lanes"),
            format!(
                "lanes: `{name}` is not a taxonomy of this site; expected one of {}",
                taxonomies
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Code::UnknownLanes,
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(SiteConfig {
        title: raw.title.unwrap_or(defaults.title),
        description: raw.description.unwrap_or_default(),
        base_url,
        language: raw.language.unwrap_or(defaults.language),
        timezone,
        order,
        taxonomies,
        author: raw.author,
        paginate: raw.paginate.unwrap_or(defaults.paginate),
        extra: raw.extra.unwrap_or_default(),
        raw_html,
        limits,
        images,
        eras,
        lanes,
    })
}

fn resolve_images(
    raw: RawImages,
    lines: &LineIndex,
    errors: &mut Vec<(Option<usize>, String)>,
) -> ImageSettings {
    let defaults = ImageSettings::default();
    let mut widths = raw.widths.unwrap_or(defaults.widths.clone());
    widths.sort_unstable();
    widths.dedup();
    if widths.is_empty() || widths.contains(&0) || widths.iter().any(|&w| w > 16384) {
        errors.push((
            lines.key("images"),
            format!(
                "images.widths: `{widths:?}` is not a list of widths; expected whole numbers from 1 to 16384, such as [480, 960, 1600]"
            ),
        ));
        widths = defaults.widths.clone();
    }
    let quality = match raw.quality {
        None => defaults.quality,
        Some(q @ 1..=100) => q as u8,
        Some(q) => {
            errors.push((
                lines.key("images"),
                format!("images.quality: `{q}` is not a quality; expected a whole number from 1 to 100, such as 80"),
            ));
            defaults.quality
        }
    };
    let cache = match raw.cache {
        Some(c) if c.trim().is_empty() => {
            errors.push((
                lines.key("images"),
                "images.cache: empty; expected a folder name such as `.annalist-cache`".into(),
            ));
            defaults.cache
        }
        Some(c) => c,
        None => defaults.cache,
    };
    ImageSettings {
        widths,
        quality,
        cache,
    }
}

/// The eras, each checked: a title, a date and an end in the date grammar (read in the site's
/// zone), the end not before the date. A bad era is left out and named with its line.
fn resolve_eras(
    raw: Vec<RawEra>,
    zone: &Zone,
    lines: &LineIndex,
    errors: &mut Vec<ConfigError>,
) -> Vec<Era> {
    let items = lines.list_items("eras");
    let placed = raw.into_iter().enumerate().map(|(i, era)| {
        let line = items.get(i).map(|(start, _)| *start).or(lines.key("eras"));
        (era, line)
    });
    check_eras(placed, zone, errors)
}

/// Checks eras, each with its file line (of `site.yaml`, or of a sheet's `Type: era` row).
pub(crate) fn check_eras(
    raw: impl Iterator<Item = (RawEra, Option<usize>)>,
    zone: &Zone,
    errors: &mut Vec<ConfigError>,
) -> Vec<Era> {
    let mut eras = Vec::new();
    for (i, (era, line)) in raw.enumerate() {
        let n = i + 1;
        let mut fail = |code, message: String| errors.push((line, message, code));
        let title = era.title.filter(|t| !t.trim().is_empty());
        let date = |key: &str, raw: Option<RawDate>, fail: &mut dyn FnMut(Code, String)| {
            let parsed = match raw {
                None | Some(RawDate::Empty) => {
                    fail(
                        Code::InvalidEra,
                        format!(
                            "eras: era {n} has no `{key}`; expected a date such as `2022-02-24`"
                        ),
                    );
                    return None;
                }
                Some(RawDate::Year(y)) => EventDate::from_year(y, zone),
                Some(RawDate::Text(t)) => EventDate::parse(&t, zone),
            };
            parsed
                .map_err(|err| fail(Code::InvalidDate, format!("eras: era {n}, {key}: {err}")))
                .ok()
        };
        let start = date("date", era.date, &mut fail);
        let end = date("end", era.end, &mut fail);
        let Some(title) = title else {
            fail(
                Code::InvalidEra,
                format!(
                    "eras: era {n} has no `title`; expected a name such as `title: The war years`"
                ),
            );
            continue;
        };
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        if end.start_utc() < start.start_utc() {
            fail(
                Code::InvalidEra,
                format!(
                    "eras: `{title}` ends (`{}`) before it begins (`{}`); expected an `end` on or after its `date`",
                    end.normalized(),
                    start.normalized()
                ),
            );
            continue;
        }
        eras.push(Era {
            title,
            start,
            end,
            summary: era.summary.filter(|s| !s.trim().is_empty()),
        });
    }
    eras
}

fn resolve_limits(
    raw: RawLimits,
    lines: &LineIndex,
    errors: &mut Vec<(Option<usize>, String)>,
) -> Limits {
    let defaults = Limits::default();
    let mut pick = |key: &str, value: Option<u64>, default: u64| match value {
        None => default,
        Some(0) => {
            errors.push((
                lines.key("limits"),
                format!("limits.{key}: 0 would refuse every file; expected a number of {} such as {default}", if key == "image_pixels" { "pixels" } else { "bytes" }),
            ));
            default
        }
        Some(n) => n,
    };
    Limits {
        front_matter_bytes: pick(
            "front_matter_bytes",
            raw.front_matter_bytes,
            defaults.front_matter_bytes,
        ),
        file_bytes: pick("file_bytes", raw.file_bytes, defaults.file_bytes),
        image_pixels: pick("image_pixels", raw.image_pixels, defaults.image_pixels),
    }
}

/// A type error of a value in words a user knows: serde names Rust's number types ("expected
/// usize"), which a `site.yaml` author never wrote.
fn plain_types(message: &str) -> String {
    const NUMBERS: &[&str] = &["usize", "u64", "u32", "u16", "u8"];
    let mut text = NUMBERS.iter().fold(message.to_string(), |text, name| {
        text.replace(
            &format!("expected {name}"),
            "expected a whole number, 0 or more",
        )
    });
    // "expected struct RawMarkdown": the struct's name is not a word of site.yaml.
    const STRUCT: &str = "expected struct ";
    if let Some(at) = text.find(STRUCT) {
        let after = at + STRUCT.len();
        let end = text[after..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(text.len(), |end| after + end);
        text.replace_range(at..end, "expected a mapping of `key: value` lines");
    }
    let text = text.replace("expected a sequence", "expected a list");
    match text.strip_suffix("expected a map") {
        Some(start) => format!("{start}expected a mapping"),
        None => text,
    }
}

/// Checks a `base_url` (site.yaml or `--base-url`): empty, or an absolute http(s) URL with a host
/// and no query or fragment. Returns it without the trailing `/`.
pub fn check_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(String::new());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split('/').next().unwrap_or(""));
    match host {
        Some(host) if !host.is_empty() && !url.contains(['?', '#', ' ', '"', '<', '>']) => {
            Ok(url.trim_end_matches('/').to_string())
        }
        _ => Err(format!(
            "`{url}` is not an absolute URL; expected `https://example.org/` or `https://example.org/sub/path/`, or empty"
        )),
    }
}

fn taxonomy_name_problem(name: &str) -> Option<String> {
    if crate::vocabulary::is_reserved(name) {
        return Some(format!(
            "taxonomies: `{name}` is a front-matter key of its own; choose another name"
        ));
    }
    // An event's terms are written in events.json under the taxonomy's name.
    if crate::render::json::is_event_field(name) {
        return Some(format!(
            "taxonomies: `{name}` is a field of every event in events.json; choose another name"
        ));
    }
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok && crate::slug::windows_reserved(name) {
        return Some(format!(
            "taxonomies: `{name}` is a name Windows reserves for a device; choose another name"
        ));
    }
    (!ok).then(|| {
        format!("taxonomies: `{name}` is not a valid name; expected lowercase letters, digits, `-` or `_` (it becomes a folder)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.taxonomies, ["tags", "people", "places"]);
        assert_eq!(c.order, Order::Ascending);
    }

    #[test]
    fn reads_every_key() {
        let c = parse(
            "title: T\ndescription: D\nbase_url: https://example.org/x/\nlanguage: ru\n\
             timezone: Asia/Pyongyang\norder: descending\ntaxonomies: [tags]\nauthor: A\nextra: {k: 1}\n",
        )
        .unwrap();
        assert_eq!(c.base_url, "https://example.org/x");
        assert_eq!(c.timezone.name(), "Asia/Pyongyang");
        assert_eq!(c.order, Order::Descending);
        assert_eq!(c.extra["k"], 1);
    }

    #[test]
    fn errors_name_line_and_value() {
        let errs = parse("title: T\ntimezone: Mars/Olympus\norder: sideways\n").unwrap_err();
        assert_eq!(errs[0].0, Some(2));
        assert!(errs[0].1.contains("Mars/Olympus"), "{:?}", errs);
        assert_eq!(errs[1].0, Some(3));
        assert!(errs[1].1.contains("`sideways`"));
    }

    /// Bug 13: `language: english`, `paginate: -1` and `timezone: CEST` got messages that did
    /// not say what to write (or named Rust's types).
    #[test]
    fn values_get_messages_in_plain_words() {
        let message = |text: &str| {
            let errs = parse(text).unwrap_err();
            assert_eq!(errs.len(), 1, "{errs:?}");
            assert_eq!(errs[0].0, Some(2), "{errs:?}");
            errs[0].1.clone()
        };
        let language = message("title: T\nlanguage: english\n");
        assert!(language.contains("not a BCP 47 language tag"), "{language}");
        assert!(language.contains("write `en`"), "{language}");
        for text in [
            "paginate: -1",
            "paginate: 1.5",
            "paginate: many",
            "limits: {file_bytes: -1}",
        ] {
            let paginate = message(&format!("title: T\n{text}\n"));
            assert!(paginate.contains("a whole number, 0 or more"), "{paginate}");
            for name in ["usize", "u64", "u32", "i64"] {
                assert!(!paginate.contains(name), "{paginate}");
            }
        }
        let markdown = message("title: T\nmarkdown: 5\n");
        assert!(
            markdown.contains("expected a mapping of `key: value` lines"),
            "{markdown}"
        );
        assert!(!markdown.contains("Raw"), "{markdown}");
        let zone = message("title: T\ntimezone: CEST\n");
        assert!(zone.contains("`CEST` is a zone abbreviation"), "{zone}");
        assert!(zone.contains("`Europe/Berlin`, `Europe/Paris`"), "{zone}");
        assert!(parse("language: ko-KR\npaginate: 0\ntimezone: Europe/Berlin\n").is_ok());
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let errs = parse("title: T\ntitel: U\n").unwrap_err();
        assert_eq!(errs[0].0, Some(2));
        assert!(errs[0].1.contains("titel"), "{:?}", errs);
    }

    #[test]
    fn markdown_and_limits() {
        let c = parse(
            "markdown: {raw_html: escape}\nlimits: {front_matter_bytes: 100, file_bytes: 1000}\n",
        )
        .unwrap();
        assert_eq!(c.raw_html, RawHtml::Escape);
        assert_eq!(c.limits.front_matter_bytes, 100);
        assert_eq!(c.limits.file_bytes, 1000);
        let d = parse("").unwrap();
        assert_eq!(d.raw_html, RawHtml::Sanitize);
        assert_eq!(d.limits, Limits::default());
        let errs = parse("title: T\nmarkdown:\n  raw_html: trust\n").unwrap_err();
        assert_eq!(errs[0].0, Some(2));
        assert!(errs[0].1.contains("`trust`"), "{errs:?}");
        let errs = parse("limits: {file_bytes: 0}\n").unwrap_err();
        assert!(errs[0].1.contains("limits.file_bytes"), "{errs:?}");
        let errs = parse("limits: {front_matter: 10}\n").unwrap_err();
        assert!(errs[0].1.contains("front_matter"), "{errs:?}");
    }

    /// The field names a derived `Deserialize` struct asks its deserializer for.
    fn fields_of<T: for<'de> Deserialize<'de>>() -> Vec<&'static str> {
        use serde::de::{self, Visitor};
        struct Fields<'a>(&'a mut &'static [&'static str]);
        impl<'de> serde::Deserializer<'de> for Fields<'_> {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("a struct was expected"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                *self.0 = fields;
                Err(de::Error::custom("only the fields were wanted"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut fields: &'static [&'static str] = &[];
        let _ = T::deserialize(Fields(&mut fields));
        fields.to_vec()
    }

    #[test]
    fn site_yaml_reads_the_keys_of_the_vocabulary() {
        use crate::vocabulary::{Key, ERA, SITE, SITE_LIMITS, SITE_MARKDOWN};
        let names = |keys: &[Key]| keys.iter().map(|k| k.name).collect::<Vec<_>>();
        assert_eq!(fields_of::<RawEra>(), names(ERA));
        assert_eq!(fields_of::<RawSiteConfig>(), names(SITE));
        assert_eq!(fields_of::<RawMarkdown>(), names(SITE_MARKDOWN));
        assert_eq!(fields_of::<RawLimits>(), names(SITE_LIMITS));
    }

    #[test]
    fn eras_and_lanes_are_read_in_the_date_grammar() {
        let c = parse(
            "timezone: Europe/Moscow\ntaxonomies: [tags, people]\nlanes: people\neras:\n  - title: Rome\n    date: 44 BCE\n    end: 14\n  - title: War\n    date: 2022-02-24\n    end: 2024~\n    summary: S\n",
        )
        .unwrap();
        assert_eq!(c.lanes.as_deref(), Some("people"));
        assert_eq!(c.eras.len(), 2);
        assert_eq!(c.eras[0].start.year(), -43);
        assert_eq!(c.eras[0].end.year(), 14);
        assert!(c.eras[1].end.approximate());
        assert_eq!(c.eras[1].start.zone().name(), "Europe/Moscow");
        assert_eq!(c.eras[1].summary.as_deref(), Some("S"));
    }

    #[test]
    fn a_bad_era_or_lane_is_named_with_its_line_and_code() {
        let errs = parse(
            "title: T\nlanes: persons\neras:\n  - title: A\n    date: 2000\n  - title: B\n    date: 2010\n    end: 2001\n  - date: 2000\n    end: 2000-13\n",
        )
        .unwrap_err();
        let got: Vec<(Option<usize>, Code)> = errs.iter().map(|e| (e.0, e.2)).collect();
        assert_eq!(
            got,
            [
                (Some(2), Code::UnknownLanes),
                (Some(4), Code::InvalidEra),
                (Some(6), Code::InvalidEra),
                (Some(9), Code::InvalidDate),
                (Some(9), Code::InvalidEra),
            ],
            "{errs:?}"
        );
        assert!(
            errs[0].1.contains("`persons`") && errs[0].1.contains("`people`"),
            "{errs:?}"
        );
        assert!(errs[1].1.contains("no `end`"), "{errs:?}");
        assert!(
            errs[2]
                .1
                .contains("`B` ends (`2001`) before it begins (`2010`)"),
            "{errs:?}"
        );
        assert!(errs[3].1.contains("2000-13"), "{errs:?}");
        assert!(errs[4].1.contains("no `title`"), "{errs:?}");
    }

    #[test]
    fn taxonomy_names_are_checked() {
        let errs = parse("taxonomies: [tags, title, 'Big Ones']\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        // A field of events.json would be written twice in every event.
        let errs = parse("taxonomies: [url, precision]\n").unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs[0].1.contains("a field of every event in events.json"),
            "{errs:?}"
        );
    }
}
