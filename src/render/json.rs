//! `events.json`: every event in timeline order (ascending), field for field as the contract says.

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
    #[serde(skip_serializing_if = "Option::is_none")]
    date_written: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_written: Option<&'a str>,
    /// The id of the event the date is written relative to.
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor: Option<&'a str>,
    url: String,
    articles: Vec<&'a str>,
    sources: Vec<JsonSource<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
