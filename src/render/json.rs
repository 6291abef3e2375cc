//! `events.json`: every event in timeline order (ascending), field for field as the contract says.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Timeline;

use super::OutputFile;

#[derive(Serialize)]
struct EventsFile<'a> {
    events: Vec<JsonEvent<'a>>,
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
    display_date: String,
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

/// `url` is `{base_url}/{slug}/#{id}`: root-relative when the site has no `base_url`.
pub fn events_json(timeline: &Timeline, base_url: &str, taxonomies: &[String]) -> OutputFile {
    let events = timeline
        .events
        .iter()
        .map(|e| {
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
                display_date: ev
                    .display_date
                    .clone()
                    .unwrap_or_else(|| crate::date::format_display(&ev.start, ev.end.as_ref())),
                url: format!("{base_url}/{}/#{}", first.slug, ev.id),
                articles,
                sources: ev
                    .sources
                    .iter()
                    .map(|s| JsonSource {
                        name: &s.name,
                        url: s.url.as_deref(),
                    })
                    .collect(),
                terms: taxonomies
                    .iter()
                    .map(|t| (t.as_str(), ev.terms.get(t).map_or(&[][..], Vec::as_slice)))
                    .collect(),
            }
        })
        .collect();
    let mut bytes =
        serde_json::to_vec_pretty(&EventsFile { events }).expect("events serialize to JSON");
    bytes.push(b'\n');
    OutputFile {
        path: "events.json".into(),
        bytes,
    }
}
