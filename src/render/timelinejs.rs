//! `timeline.json`: the events in the TimelineJS3 JSON format.
//!
//! TimelineJS3 reads `start_date`/`end_date` as the wall-clock fields `year`, `month` (1–12),
//! `day`, `hour`, `minute`, `second` and builds a browser-local `Date` from them; it picks the
//! display format from the finest field present. So each date carries exactly the fields of its
//! precision, in the event's own wall clock, and `display_date` names the zone ("19 June 2024,
//! 02:45 KST"). Years are astronomical (negative for BCE), as TimelineJS3 expects; years beyond
//! what a JavaScript `Date` holds need `"scale": "cosmological"`.

use serde::Serialize;
use serde_json::{json, Map};

use crate::date::{format_display, EventDate, Precision};
use crate::model::TimelineEvent;

use super::feeds::absolute_media;
use super::text::escape_xml;
use super::views::Views;
use super::{self as render, Sink};
use std::io::Write;

pub const TIMELINE_PATH: &str = "timeline.json";

/// The years a JavaScript `Date` holds; TimelineJS3 switches to cosmological scale outside them.
const JS_YEARS: std::ops::RangeInclusive<i64> = -271_820..=275_759;

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
            .any(|d| !JS_YEARS.contains(&d.long_year()))
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
    out.write_all(b"]").map_err(failed)?;
    if !c.eras.is_empty() {
        let eras: Vec<Era> = c
            .eras
            .iter()
            .map(|era| Era {
                end_date: era_end(&era.start, &era.end),
                start_date: date_fields(&era.start, format_display(&era.start, None)),
                text: SlideText {
                    headline: escape_xml(&era.title),
                    text: era
                        .summary
                        .as_deref()
                        .map(|s| format!("<p>{}</p>", escape_xml(s)))
                        .unwrap_or_default(),
                },
            })
            .collect();
        out.write_all(b",\"eras\":").map_err(failed)?;
        serde_json::to_writer(&mut out, &eras)
            .map_err(std::io::Error::from)
            .map_err(failed)?;
    }
    out.write_all(b",\"scale\":\"").map_err(failed)?;
    out.write_all(if cosmological {
        b"cosmological"
    } else {
        b"human"
    })
    .map_err(failed)?;
    out.write_all(b"\"}\n").map_err(failed)?;
    sink.close(TIMELINE_PATH, out)
}

/// One slide. Fields are declared in alphabetical order, the order a JSON map writes them in.
#[derive(Serialize)]
struct Slide<'a> {
    display_date: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<DateFields>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media: Option<Media<'a>>,
    start_date: DateFields,
    text: SlideText,
    unique_id: &'a str,
}

/// An era of `site.yaml`, as TimelineJS3 draws it: a band under the slides.
#[derive(Serialize)]
struct Era {
    end_date: DateFields,
    start_date: DateFields,
    text: SlideText,
}

#[derive(Serialize)]
struct SlideText {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct Media<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    alt: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    caption: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail: Option<String>,
    url: String,
}

/// A date's wall-clock fields down to its precision (alphabetical, as in a JSON map).
#[derive(Serialize)]
struct DateFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    display_date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    second: Option<u32>,
    /// Astronomical, exact in deep time (-13800000000).
    year: i64,
}

fn slide<'a>(views: &Views<'a>, e: &'a TimelineEvent) -> Slide<'a> {
    let ev = &e.event;
    let first = &views.timeline.articles[e.articles[0]];
    let base = &views.config.base_url;
    let link = format!(
        "{}{}{}#{}",
        base,
        if base.is_empty() { "" } else { "/" },
        views.article_url(first),
        ev.id
    );
    let mut text = ev.summary_html.clone().unwrap_or_default();
    text.push_str("<p><a href=\"");
    text.push_str(&escape_xml(&link));
    text.push_str("\">");
    text.push_str(&escape_xml(&first.title));
    text.push_str("</a></p>");
    // The event's first medium, else its article's image. A quote is TimelineJS's quote:
    // its text as the url, which TimelineJS shows as a blockquote.
    let medium = ev.media.first().or_else(|| first.image());
    let media = medium.and_then(|m| {
        let json = super::json::JsonMedia::new(m, views.media, base);
        let url = match m.kind {
            crate::model::MediaKind::Quote => format!(
                "<blockquote>{}</blockquote>",
                escape_xml(m.quote.as_deref()?)
            ),
            _ => json
                .url
                .or_else(|| m.url().map(|u| absolute_media(base, u)))?,
        };
        Some(Media {
            alt: json.alt,
            caption: m.caption.as_deref(),
            credit: json.credit.or(m.by.as_deref()),
            thumbnail: json.thumbnail,
            url,
        })
    });
    Slide {
        display_date: ev.display_date.as_deref().unwrap_or(&ev.english_date),
        end_date: ev
            .end
            .as_ref()
            .map(|end| date_fields(end, format_display(end, None))),
        // The first term of the lanes' taxonomy: TimelineJS3 draws one row per group.
        group: views
            .config
            .lanes
            .as_ref()
            .and_then(|lanes| ev.terms.get(lanes))
            .and_then(|t| t.first())
            .map(String::as_str),
        media,
        // Without an end, the event's English dates are its start's.
        start_date: date_fields(
            &ev.start,
            match ev.end {
                None => ev.english_date.clone(),
                Some(_) => format_display(&ev.start, None),
            },
        ),
        text: SlideText {
            headline: escape_xml(&ev.title),
            text,
        },
        unique_id: &ev.id,
    }
}

/// An era's `end_date`. TimelineJS3 draws no era whose end is its start (and then no slides at
/// all), so an era of one period (`2000` to `2000`) ends where the period does: the finest field
/// one more (a JavaScript `Date` carries `month: 13` into the next year).
fn era_end(start: &EventDate, end: &EventDate) -> DateFields {
    let mut fields = date_fields(end, format_display(end, None));
    let same = serde_json::to_value(date_fields(start, String::new())).ok()
        == serde_json::to_value(date_fields(end, String::new())).ok();
    if same {
        let finest = [
            &mut fields.second,
            &mut fields.minute,
            &mut fields.day,
            &mut fields.month,
        ]
        .into_iter()
        .find(|f| f.is_some());
        match finest {
            Some(Some(n)) => *n += 1,
            _ => fields.year += 1,
        }
    }
    fields
}

/// `display_date` is the date's English text.
fn date_fields(d: &EventDate, display_date: String) -> DateFields {
    let p = d.precision();
    DateFields {
        day: (p >= Precision::Day).then(|| d.day()),
        display_date,
        // A part of day gives the hour it starts at; its display text says which part.
        hour: (p >= Precision::PartOfDay).then(|| d.hour()),
        minute: (p >= Precision::Minute).then(|| d.minute()),
        month: (p >= Precision::Month).then(|| d.month()),
        second: (p >= Precision::Second).then(|| d.second()),
        year: d.long_year(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Zone;

    #[test]
    fn fields_stop_at_the_precision() {
        let zone = Zone::parse("Asia/Pyongyang").unwrap();
        let fields = |text: &str| {
            let date = EventDate::parse(text, &zone).unwrap();
            serde_json::to_value(date_fields(&date, format_display(&date, None))).unwrap()
        };
        let v = fields("2024-06");
        assert_eq!(v["year"], 2024);
        assert_eq!(v["month"], 6);
        assert!(v.get("day").is_none());
        let v = fields("2024-06-19T02:45");
        assert_eq!((v["day"].clone(), v["hour"].clone()), (json!(19), json!(2)));
        assert!(v["display_date"].as_str().unwrap().contains("KST"), "{v}");
        let v = fields("2024-06-18 night");
        assert_eq!(
            (v["day"].clone(), v["hour"].clone()),
            (json!(18), json!(22))
        );
        assert!(v.get("minute").is_none());
        assert_eq!(v["display_date"], "night of 18–19 June 2024");
        let v = fields("44 BCE");
        assert_eq!(v["year"], -43);
        let v = fields("13.8 billion years ago");
        assert_eq!(v["year"], -13_800_000_000_i64);
        assert_eq!(v["display_date"], "13.8 billion years ago");
    }

    /// An era of one year in TimelineJS3 ends where the year does, or TimelineJS3 draws nothing.
    #[test]
    fn an_era_of_one_period_ends_after_it() {
        let d = |t: &str| EventDate::parse(t, &Zone::Utc).unwrap();
        let end = |a: &str, b: &str| serde_json::to_value(era_end(&d(a), &d(b))).unwrap();
        assert_eq!(end("2000", "2000")["year"], 2001);
        assert_eq!(end("2024-06", "2024-06")["month"], 7);
        assert_eq!(end("2024-06-19", "2024-06-19")["day"], 20);
        assert_eq!(end("2022-02", "2024-06-19")["day"], 19);
    }
}
