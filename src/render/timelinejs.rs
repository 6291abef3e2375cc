//! `timeline.json`: the events in the TimelineJS3 JSON format.
//!
//! TimelineJS3 reads `start_date`/`end_date` as the wall-clock fields `year`, `month` (1–12),
//! `day`, `hour`, `minute`, `second` and builds a browser-local `Date` from them; it picks the
//! display format from the finest field present. So each date carries exactly the fields of its
//! precision, in the event's own wall clock, and `display_date` names the zone ("19 June 2024,
//! 02:45 KST"). Years are astronomical (negative for BCE), as TimelineJS3 expects; years beyond
//! what a JavaScript `Date` holds need `"scale": "cosmological"`.

use serde_json::{json, Map, Value};

use crate::date::{format_display, EventDate, Precision};
use crate::model::TimelineEvent;

use super::feeds::absolute_media;
use super::text::escape_xml;
use super::views::Views;
use super::{self as render, Sink};
use std::io::Write;

pub const TIMELINE_PATH: &str = "timeline.json";

/// The years a JavaScript `Date` holds; TimelineJS3 switches to cosmological scale outside them.
const JS_YEARS: std::ops::RangeInclusive<i32> = -271_820..=275_759;

/// Writes `timeline.json` into the sink.
pub fn timeline_json<S: Sink>(views: &Views, sink: &S) -> Result<(), S::Error> {
    let c = views.config;
    let mut title_text = Map::new();
    title_text.insert("headline".into(), json!(c.title));
    if !c.description.is_empty() {
        title_text.insert(
            "text".into(),
            json!(format!("<p>{}</p>", escape_xml(&c.description))),
        );
    }
    let cosmological = views.timeline.events.iter().any(|e| {
        std::iter::once(&e.event.start)
            .chain(e.event.end.as_ref())
            .any(|d| !JS_YEARS.contains(&d.year()))
    });
    // Slides are serialised in parallel batches and written in order: a timeline of 100,000
    // events never holds a JSON tree, or the file, of all of them. Compact JSON: the file is
    // for TimelineJS.
    let mut out = sink.open(TIMELINE_PATH)?;
    let failed = |err| sink.failed(TIMELINE_PATH, err);
    let head = json!({ "text": title_text });
    out.write_all(b"{\"title\":").map_err(failed)?;
    serde_json::to_writer(&mut out, &head)
        .map_err(std::io::Error::from)
        .map_err(failed)?;
    out.write_all(b",\"events\":[").map_err(failed)?;
    let mut first = true;
    render::in_order_batches(
        &views.timeline.events,
        |e| serde_json::to_vec(&slide(views, e)).unwrap_or_default(),
        |_, slide| {
            if !std::mem::take(&mut first) {
                out.write_all(b",")?;
            }
            out.write_all(&slide)
        },
    )
    .map_err(failed)?;
    out.write_all(b"],\"scale\":\"").map_err(failed)?;
    out.write_all(if cosmological {
        b"cosmological"
    } else {
        b"human"
    })
    .map_err(failed)?;
    out.write_all(b"\"}\n").map_err(failed)?;
    sink.close(TIMELINE_PATH, out)
}

fn slide(views: &Views, e: &TimelineEvent) -> Value {
    let ev = &e.event;
    let first = &views.timeline.articles[e.articles[0]];
    let link = format!(
        "{}{}#{}",
        if views.config.base_url.is_empty() {
            String::new()
        } else {
            format!("{}/", views.config.base_url)
        },
        views.article_url(first),
        ev.id
    );
    let mut text = ev.summary_html.clone().unwrap_or_default();
    text.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>",
        escape_xml(&link),
        escape_xml(&first.title)
    ));
    let mut slide = json!({
        "unique_id": ev.id,
        "start_date": date_fields(&ev.start),
        "display_date": ev.display_date.clone().unwrap_or_else(|| format_display(&ev.start, ev.end.as_ref())),
        "text": { "headline": escape_xml(&ev.title), "text": text },
    });
    if let Some(end) = &ev.end {
        slide["end_date"] = date_fields(end);
    }
    if let Some(group) = ev.terms.get("tags").and_then(|t| t.first()) {
        slide["group"] = json!(group);
    }
    if let Some(Value::String(image)) = first.extra.get("image") {
        let mut media = json!({ "url": absolute_media(&views.config.base_url, image) });
        if let Some(Value::String(caption)) = first.extra.get("image_caption") {
            media["caption"] = json!(caption);
        }
        slide["media"] = media;
    }
    slide
}

/// The wall-clock fields down to the date's precision, and its own display text.
fn date_fields(d: &EventDate) -> Value {
    let mut m = Map::new();
    m.insert("year".into(), json!(d.year()));
    let p = d.precision();
    if p >= Precision::Month {
        m.insert("month".into(), json!(d.month()));
    }
    if p >= Precision::Day {
        m.insert("day".into(), json!(d.day()));
    }
    if p >= Precision::Minute {
        m.insert("hour".into(), json!(d.hour()));
        m.insert("minute".into(), json!(d.minute()));
    }
    if p >= Precision::Second {
        m.insert("second".into(), json!(d.second()));
    }
    m.insert("display_date".into(), json!(format_display(d, None)));
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Zone;

    #[test]
    fn fields_stop_at_the_precision() {
        let zone = Zone::parse("Asia/Pyongyang").unwrap();
        let v = date_fields(&EventDate::parse("2024-06", &zone).unwrap());
        assert_eq!(v["year"], 2024);
        assert_eq!(v["month"], 6);
        assert!(v.get("day").is_none());
        let v = date_fields(&EventDate::parse("2024-06-19T02:45", &zone).unwrap());
        assert_eq!((v["day"].clone(), v["hour"].clone()), (json!(19), json!(2)));
        assert!(v["display_date"].as_str().unwrap().contains("KST"), "{v}");
        let v = date_fields(&EventDate::parse("44 BCE", &zone).unwrap());
        assert_eq!(v["year"], -43);
    }
}
