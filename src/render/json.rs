//! `events.json`: every event in timeline order (ascending), field for field as the contract says.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::SiteConfig;
use crate::model::Timeline;

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
    url: String,
    articles: Vec<&'a str>,
    sources: Vec<JsonSource<'a>>,
    #[serde(flatten)]
    terms: BTreeMap<&'a str, &'a [String]>,
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
    sink: &S,
) -> Result<(), S::Error> {
    let events = EventsFile {
        events: Events {
            timeline,
            base_url: &config.base_url,
            taxonomies: &config.taxonomies,
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
                url: format!("{}/{}/#{}", self.base_url, first.slug, ev.id),
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
