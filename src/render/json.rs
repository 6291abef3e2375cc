//! `events.json`: every event in timeline order (ascending), field for field as the contract says.
//!
//! Every event has every field of [`EVENT_FIELDS`] (a value it lacks is `null`, a list it lacks
//! empty) and one key per taxonomy of the site (the names of its terms, an empty list when it
//! has none). The table is the one description of the fields: `annalist schema events` is made
//! from it ([`crate::schema`]), a taxonomy may not take one of its names
//! ([`is_event_field`]), and a test keeps it equal to what [`JsonEvent`] writes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::SiteConfig;
use crate::images::MediaIndex;
use crate::model::media::Location;
use crate::model::{Media, MediaKind, Timeline};

use super::Sink;
use std::io::Write;

#[derive(Serialize)]
struct EventsFile<'a> {
    events: Events<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    eras: Vec<JsonEra<'a>>,
}

/// An era of `site.yaml`: not an event, so listed apart.
#[derive(Serialize)]
struct JsonEra<'a> {
    title: &'a str,
    date: String,
    end: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
}

/// What a field's value is, for the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// Text, or `null` when the event has none.
    TextOrNull,
    Bool,
    /// `year`, `month`, `day`, `part_of_day`, `minute` or `second`.
    Precision,
    /// An ISO 8601 instant in UTC with seconds and `Z`, the year signed and expanded outside
    /// 1–9999.
    Instant,
    TextList,
    /// `[{name, url}]`, `url` maybe `null`.
    Sources,
    /// A list of media ([`MEDIUM_FIELDS`]).
    Media,
    /// A whole number, 1 or more.
    Positive,
    /// One of the media kinds' names.
    MediaKind,
}

/// One field of an event (or a medium) in `events.json`.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    /// One line, for the schema.
    pub doc: &'static str,
}

const fn field(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field { name, ty, doc }
}

/// The fields of every event, in the order they are written (the taxonomies follow).
pub const EVENT_FIELDS: &[Field] = &[
    field("id", FieldType::Text, "the event's id: its `#anchor` on every page that shows it"),
    field("title", FieldType::Text, "what happened"),
    field("date", FieldType::Text, "the start, as normalised ISO/EDTF text (`2024-06-19`, `2024-06-18 night`, `-0043`, `2000~`)"),
    field("end", FieldType::TextOrNull, "the end of a span, in the same form; null for an event that has none"),
    field("precision", FieldType::Precision, "the precision of `date`"),
    field("approximate", FieldType::Bool, "the date is approximate (`~`)"),
    field("uncertain", FieldType::Bool, "the date is uncertain (`?`)"),
    field("start_utc", FieldType::Instant, "the instant the period of `date` starts, in UTC"),
    field("display_date", FieldType::Text, "the date as text: the event's `display_date`, else the date in English"),
    field("date_written", FieldType::TextOrNull, "the words the copy wrote `date` in when they were a phrase (`yesterday night`); null for a date written as one"),
    field("end_written", FieldType::TextOrNull, "the same for `end`"),
    field("anchor", FieldType::TextOrNull, "the id of the event `date` is written relative to (`hours before arrival`); null for none"),
    field("end_anchor", FieldType::TextOrNull, "the id of the event `end` is written relative to (`2 days after talks`); null for none"),
    field("summary", FieldType::TextOrNull, "the summary as plain text; null for none"),
    field("place", FieldType::TextOrNull, "where; null when not said"),
    field("url", FieldType::Text, "the event on the page of the first article that reports it (by path): absolute with `base_url`, else from the site root"),
    field("articles", FieldType::TextList, "the paths under `content/` of every article that reports it, sorted"),
    field("sources", FieldType::Sources, "the sources, `{name, url}` (`url` null when none)"),
    field("media", FieldType::Media, "photos, audio, video, embeds and quotes, in order (the cards show the first)"),
];

/// The fields of one medium; each is left out when the medium has no such value, but `kind`.
pub const MEDIUM_FIELDS: &[Field] = &[
    field("kind", FieldType::MediaKind, "what the medium is"),
    field("url", FieldType::Text, "its URL: a local image's largest processed size, a local file's published copy, or the URL written"),
    field("thumbnail", FieldType::Text, "an image's smallest size"),
    field("alt", FieldType::Text, "what an image shows (empty for a decorative one)"),
    field("caption", FieldType::Text, "the caption, as written (Markdown inline)"),
    field("credit", FieldType::Text, "who made it, as written (Markdown inline)"),
    field("link", FieldType::Text, "where the medium links to"),
    field("quote", FieldType::Text, "a quotation"),
    field("by", FieldType::Text, "who said the quotation"),
    field("width", FieldType::Positive, "a local image's width in pixels"),
    field("height", FieldType::Positive, "a local image's height in pixels"),
];

/// Whether an event in `events.json` has a field named `name` (so no taxonomy may be called
/// so: its terms would be written under the same key).
pub fn is_event_field(name: &str) -> bool {
    EVENT_FIELDS.iter().any(|f| f.name == name)
}

/// An event as `events.json` writes it: the fields of [`EVENT_FIELDS`], in that order, then
/// every taxonomy.
#[derive(Serialize)]
struct JsonEvent<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    end: Option<String>,
    precision: crate::date::Precision,
    approximate: bool,
    uncertain: bool,
    start_utc: String,
    display_date: &'a str,
    /// The words of `date` and `end` when they were phrases (`yesterday night`).
    date_written: Option<&'a str>,
    end_written: Option<&'a str>,
    /// The id of the event the date is written relative to.
    anchor: Option<&'a str>,
    /// The id of the event the end is written relative to.
    end_anchor: Option<&'a str>,
    summary: Option<String>,
    place: Option<&'a str>,
    url: String,
    articles: Vec<&'a str>,
    sources: Vec<JsonSource<'a>>,
    media: Vec<JsonMedia<'a>>,
    #[serde(flatten)]
    terms: BTreeMap<&'a str, &'a [String]>,
}

/// One medium as the exports show it: URLs absolute with `base_url` (else from the site root),
/// a local image's `url` its largest processed size and `thumbnail` its smallest.
#[derive(Serialize)]
pub struct JsonMedia<'a> {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

impl<'a> JsonMedia<'a> {
    pub fn new(m: &'a Media, media: &MediaIndex, base_url: &str) -> JsonMedia<'a> {
        let processed = media.get(m);
        let absolute = |path: &str| match &m.location {
            Location::Remote(url) => url.clone(),
            _ => format!("{base_url}/{path}"),
        };
        let url = processed.and_then(|p| p.src()).or(m.url()).map(absolute);
        JsonMedia {
            kind: m.kind.name(),
            thumbnail: processed
                .and_then(|p| p.thumbnail())
                .map(absolute)
                .or_else(|| (m.kind == MediaKind::Image).then(|| url.clone()).flatten()),
            url,
            alt: m.alt.as_deref(),
            caption: m.caption.as_deref(),
            credit: m.credit.as_deref(),
            link: m.link.as_deref(),
            quote: m.quote.as_deref(),
            by: m.by.as_deref(),
            width: processed.and_then(|p| p.width),
            height: processed.and_then(|p| p.height),
        }
    }
}

#[derive(Serialize)]
struct JsonSource<'a> {
    name: &'a str,
    url: Option<&'a str>,
}

/// Writes `events.json` into the sink. `url` is `{base_url}/{slug}/#{id}`: root-relative when
/// the site has no `base_url`. Events are serialised one by one, straight into the file.
pub fn events_json<S: Sink>(
    timeline: &Timeline,
    config: &SiteConfig,
    media: &MediaIndex,
    sink: &S,
) -> Result<(), S::Error> {
    let events = EventsFile {
        events: Events {
            timeline,
            base_url: &config.base_url,
            taxonomies: &config.taxonomies,
            media,
        },
        eras: config
            .eras
            .iter()
            .map(|era| JsonEra {
                title: &era.title,
                date: era.start.normalized(),
                end: era.end.normalized(),
                summary: era.summary.as_deref(),
            })
            .collect(),
    };
    const PATH: &str = "events.json";
    let mut out = sink.open(PATH)?;
    serde_json::to_writer_pretty(&mut out, &events)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|err| sink.failed(PATH, err))?;
    sink.close(PATH, out)
}

/// Every event, made into its JSON form only as it is written.
struct Events<'a> {
    timeline: &'a Timeline,
    base_url: &'a str,
    taxonomies: &'a [String],
    media: &'a MediaIndex,
}

impl Serialize for Events<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let timeline = self.timeline;
        serializer.collect_seq(timeline.events.iter().map(|e| {
            let ev = &e.event;
            let first = &timeline.articles[e.articles[0]];
            let mut articles: Vec<&str> = e
                .articles
                .iter()
                .map(|&i| timeline.articles[i].rel_path.as_str())
                .collect();
            articles.sort_unstable();
            JsonEvent {
                id: &ev.id,
                title: &ev.title,
                date: ev.start.normalized(),
                end: ev.end.as_ref().map(|d| d.normalized()),
                precision: ev.start.precision(),
                approximate: ev.start.approximate(),
                uncertain: ev.start.uncertain(),
                start_utc: ev.start.start_utc_iso(),
                display_date: ev.display_date.as_deref().unwrap_or(&ev.english_date),
                date_written: ev.date_written.as_deref(),
                end_written: ev.end_written.as_deref(),
                anchor: ev.anchor.as_ref().map(|a| a.id.as_str()),
                end_anchor: ev.end_anchor.as_ref().map(|a| a.id.as_str()),
                summary: ev.summary_html.as_deref().map(super::text::plain_text),
                place: ev.place.as_deref(),
                url: format!("{}/{}/#{}", self.base_url, first.slug, ev.id),
                media: ev
                    .media
                    .iter()
                    .map(|m| JsonMedia::new(m, self.media, self.base_url))
                    .collect(),
                articles,
                sources: ev
                    .sources
                    .iter()
                    .map(|s| JsonSource {
                        name: &s.name,
                        url: s.url.as_deref(),
                    })
                    .collect(),
                terms: self
                    .taxonomies
                    .iter()
                    .map(|t| (t.as_str(), ev.terms.get(t).map_or(&[][..], Vec::as_slice)))
                    .collect(),
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::{EVENT_FIELDS, MEDIUM_FIELDS};
    use crate::config::SiteConfig;
    use crate::render::Theme;

    /// The table and the serializer cannot drift: every event has every field of the table, in
    /// its order, then every taxonomy, and nothing else; a medium has no key but the table's.
    #[test]
    fn every_event_has_the_fields_of_the_table_and_every_taxonomy() {
        let config = SiteConfig::default();
        let theme = Theme::from_sources(&[]).unwrap();
        let files = crate::memory::render(
            &theme,
            &config,
            &[(
                "a.md",
                "---\ntitle: A\ndate: 2024-06-19\nsummary: S\npeople: [Kim]\nevents:\n  - {id: plain, title: P, date: 2000}\n  - id: rich\n    title: R\n    date: yesterday\n    end: 2024-06-20\n    place: Pyongyang\n    summary: \"**Big** news\"\n    media:\n      - {src: \"https://example.org/a.jpg\", alt: A, caption: C, credit: K, link: \"https://example.org/\"}\n      - {quote: Q, by: B}\n  - {id: after, title: X, date: hours after rich, end: 2 days after rich}\n---\n",
            )],
        )
        .unwrap();
        let json = files.iter().find(|f| f.path == "events.json").unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json.bytes).unwrap();
        let events = value["events"].as_array().unwrap();
        assert_eq!(events.len(), 3);
        let mut expected: Vec<&str> = EVENT_FIELDS.iter().map(|f| f.name).collect();
        expected.extend(config.taxonomies.iter().map(String::as_str));
        for event in events {
            let keys: Vec<&str> = event
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut sorted = expected.clone();
            sorted.sort_unstable();
            let mut got = keys.clone();
            got.sort_unstable();
            assert_eq!(got, sorted, "{event}");
            for medium in event["media"].as_array().unwrap() {
                for key in medium.as_object().unwrap().keys() {
                    assert!(MEDIUM_FIELDS.iter().any(|f| f.name == key), "{key}");
                }
            }
        }
        let rich = events.iter().find(|e| e["id"] == "rich").unwrap();
        assert_eq!(rich["summary"], "Big news", "plain text");
        assert_eq!(rich["place"], "Pyongyang");
        assert_eq!(rich["date_written"], "yesterday");
        assert_eq!(rich["people"], serde_json::json!(["Kim"]));
        assert_eq!(
            rich["tags"],
            serde_json::json!([]),
            "a taxonomy without terms"
        );
        assert_eq!(rich["media"][1]["kind"], "quote");
        let plain = events.iter().find(|e| e["id"] == "plain").unwrap();
        assert!(
            plain["place"].is_null()
                && plain["anchor"].is_null()
                && plain["date_written"].is_null()
        );
        assert_eq!(plain["media"], serde_json::json!([]));
        let after = events.iter().find(|e| e["id"] == "after").unwrap();
        assert_eq!(after["anchor"], "rich");
        assert_eq!(after["end_anchor"], "rich");
        assert_eq!(after["end_written"], "2 days after rich");
        assert!(rich["end_anchor"].is_null(), "an end written as a date");
    }
}
