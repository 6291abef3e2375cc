//! `events.ics`: the timeline as an iCalendar file (RFC 5545).
//!
//! - Day, month and year precision become all-day events (`VALUE=DATE`) over the whole day, month
//!   or year; `DTEND` is exclusive (the day after the last).
//! - Times are written in UTC (`…Z`), so no `VTIMEZONE` is needed; the event's own zone stays in
//!   its display text in `DESCRIPTION`.
//! - `UID` is the event id at the site's host (or its title's slug without a `base_url`), so it is
//!   stable across builds. `DTSTAMP` is the newest `updated` or `date` of the articles that report
//!   the event (else the event's start): from the content, never the clock, so builds are
//!   reproducible.
//! - Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text values
//!   are escaped.
//! - Events starting or ending before year 1 or after 9999 cannot be written; they are left out
//!   with a warning naming each.

use chrono::{Datelike, Months, NaiveDate};

use crate::date::{EventDate, Precision};
use crate::error::{Code, Diagnostic};
use crate::model::TimelineEvent;
use crate::slug::slugify;

use super::text::{last_change, plain_text};
use super::views::Views;

use super::{self as render, Sink};
use std::io::Write;

pub const ICS_PATH: &str = "events.ics";

/// Writes the calendar into the sink; returns a warning for every event left out of it.
pub fn calendar<S: Sink>(views: &Views, sink: &S) -> Result<Vec<Diagnostic>, S::Error> {
    let mut out = sink.open(ICS_PATH)?;
    let failed = |err| sink.failed(ICS_PATH, err);
    let mut head = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        &format!(
            "PRODID:-//annalist//annalist {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        &format!("X-WR-CALNAME:{}", escape_text(&views.config.title)),
    ] {
        fold_into(&mut head, line);
    }
    out.write_all(head.as_bytes()).map_err(failed)?;
    let domain = uid_domain(views);
    let mut warnings = Vec::new();
    // Each event's lines, folded, made in parallel and written in timeline order.
    render::in_order_batches(
        &views.timeline.events,
        |e| vevent(views, e, &domain),
        |e, folded| match folded {
            Some(folded) => out.write_all(folded.as_bytes()),
            None => {
                let a = &views.timeline.articles[e.articles[0]];
                warnings.push(Diagnostic::note(
                    Code::IcsOutOfRange,
                    &a.display_path,
                    e.event.line,
                    format!(
                        "event `{}` is left out of {ICS_PATH}: calendars take years 1 to 9999 only",
                        e.event.id
                    ),
                ));
                Ok(())
            }
        },
    )
    .map_err(failed)?;
    out.write_all(fold("END:VCALENDAR").as_bytes())
        .map_err(failed)?;
    sink.close(ICS_PATH, out)?;
    Ok(summarise_left_out(warnings))
}

/// Up to this many events left out of the calendar are named one warning each; beyond, the
/// rest are counted in one more, so a timeline of ancient history does not bury the output.
const NAMED_LEFT_OUT: usize = 5;

fn summarise_left_out(mut warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if warnings.len() <= NAMED_LEFT_OUT + 1 {
        return warnings;
    }
    let rest = warnings.split_off(NAMED_LEFT_OUT);
    let last = &rest[rest.len() - 1];
    warnings.push(Diagnostic::note(
        Code::IcsOutOfRange,
        &last.file,
        None,
        format!(
            "{} more events are left out of {ICS_PATH} for the same reason (years outside 1 to 9999)",
            rest.len()
        ),
    ));
    warnings
}

/// The host of `base_url` (`example.org`, a sub-path joined with `.`), else the site title's slug.
fn uid_domain(views: &Views) -> String {
    let base = &views.config.base_url;
    let host = base
        .split_once("://")
        .map_or(base.as_str(), |(_, rest)| rest)
        .trim_matches('/');
    if host.is_empty() {
        let slug = slugify(&views.config.title);
        if slug.is_empty() {
            "annalist".into()
        } else {
            slug
        }
    } else {
        host.replace('/', ".")
    }
}

/// The event's lines, folded; None when its dates cannot be written.
fn vevent(views: &Views, e: &TimelineEvent, domain: &str) -> Option<String> {
    let ev = &e.event;
    let in_range = |d: &EventDate| (1..=9999).contains(&d.year());
    if !in_range(&ev.start) || !ev.end.as_ref().is_none_or(in_range) {
        return None;
    }
    let (dtstart, dtend) = times(&ev.start, ev.end.as_ref())?;
    let stamp = dtstamp(views, e)?;
    let mut out = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}@{}", ev.id, domain),
        format!("DTSTAMP:{stamp}"),
        dtstart,
    ];
    out.extend(dtend);
    out.push(format!("SUMMARY:{}", escape_text(&ev.title)));
    let display = ev
        .display_date
        .clone()
        .unwrap_or_else(|| ev.english_date.clone());
    let mut description = display;
    if let Some(summary) = &ev.summary_html {
        description.push_str("\n\n");
        description.push_str(&plain_text(summary));
    }
    if !ev.sources.is_empty() {
        let names: Vec<&str> = ev.sources.iter().map(|s| s.name.as_str()).collect();
        description.push_str("\n\nSources: ");
        description.push_str(&names.join(", "));
    }
    out.push(format!("DESCRIPTION:{}", escape_text(&description)));
    if let Some(place) = &ev.place {
        out.push(format!("LOCATION:{}", escape_text(place)));
    }
    if let Some(tags) = ev
        .terms
        .get(crate::vocabulary::TAGS)
        .filter(|t| !t.is_empty())
    {
        let list: Vec<String> = tags.iter().map(|t| escape_text(t)).collect();
        out.push(format!("CATEGORIES:{}", list.join(",")));
    }
    if !views.config.base_url.is_empty() {
        let first = &views.timeline.articles[e.articles[0]];
        out.push(format!(
            "URL:{}/{}#{}",
            views.config.base_url,
            views.article_url(first),
            ev.id
        ));
    }
    out.push("END:VEVENT".into());
    let mut folded = String::with_capacity(out.iter().map(|l| l.len() + 4).sum());
    for line in &out {
        fold_into(&mut folded, line);
    }
    Some(folded)
}

/// `DTSTART` and, when there is one, `DTEND`.
fn times(start: &EventDate, end: Option<&EventDate>) -> Option<(String, Option<String>)> {
    if start.precision() <= Precision::Day {
        // All-day: the whole day, month or year; DTEND is the first day after the last one.
        let last = end.unwrap_or(start);
        let first_day = NaiveDate::from_ymd_opt(start.year(), start.month(), start.day())?;
        let after = day_after(last)?;
        return Some((
            format!("DTSTART;VALUE=DATE:{}", ics_date(first_day)),
            Some(format!("DTEND;VALUE=DATE:{}", ics_date(after))),
        ));
    }
    let dtstart = format!("DTSTART:{}", utc_stamp(start.start_utc_iso())?);
    let dtend = match end {
        // A part of day is a timed span of its own: the night runs 22:00–06:00.
        None if start.precision() == Precision::PartOfDay => Some(start.end_utc_exclusive()),
        None => None,
        // A time ends at its own instant; a coarser end lasts to the end of its period.
        Some(e) if e.precision() >= Precision::Minute => Some(e.start_utc()),
        Some(e) => Some(e.end_utc_exclusive()),
    };
    let dtend = match dtend {
        Some(secs) => Some(format!("DTEND:{}", utc_stamp(iso_of(secs))?)),
        None => None,
    };
    Some((dtstart, dtend))
}

/// The first day after a date's period, on its own wall calendar.
fn day_after(date: &EventDate) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(date.year(), date.month(), date.day())?;
    match date.precision() {
        Precision::Year => NaiveDate::from_ymd_opt(date.year() + 1, 1, 1),
        Precision::Month => first.checked_add_months(Months::new(1)),
        _ => first.succ_opt(),
    }
}

fn ics_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `2024-06-18T17:45:00Z` → `20240618T174500Z`; None for a signed (expanded) year.
fn utc_stamp(iso: String) -> Option<String> {
    if iso.starts_with(['+', '-']) {
        return None;
    }
    Some(iso.replace(['-', ':'], ""))
}

/// ISO 8601 text of Unix seconds, in UTC.
fn iso_of(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| "-".into())
}

/// The newest `updated`/`date` among the reporting articles, else the event's own start.
fn dtstamp(views: &Views, e: &TimelineEvent) -> Option<String> {
    let newest = e
        .articles
        .iter()
        .filter_map(|&i| last_change(&views.timeline.articles[i]))
        .filter(|d| (1..=9999).contains(&d.year()))
        .max_by_key(|d| d.start_utc());
    let when = newest.unwrap_or(&e.event.start);
    utc_stamp(when.start_utc_iso())
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded at 75 octets (RFC 5545 §3.1), each physical line ending in CRLF and
/// each continuation starting with a space; a UTF-8 character is never split.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    fold_into(&mut out, line);
    out
}

/// Appends a content line folded at 75 octets, with its CRLF.
fn fold_into(out: &mut String, line: &str) {
    if line.len() <= 75 {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "Пхеньян ".repeat(12));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn all_day_spans_end_the_day_after() {
        let zone = crate::date::Zone::Utc;
        let d = |s: &str| EventDate::parse(s, &zone).unwrap();
        let (s, e) = times(&d("2024-06"), None).unwrap();
        assert_eq!(s, "DTSTART;VALUE=DATE:20240601");
        assert_eq!(e.unwrap(), "DTEND;VALUE=DATE:20240701");
        let (_, e) = times(&d("2024-06-18"), Some(&d("2024-06-19"))).unwrap();
        assert_eq!(e.unwrap(), "DTEND;VALUE=DATE:20240620");
        let (_, e) = times(&d("2000"), None).unwrap();
        assert_eq!(e.unwrap(), "DTEND;VALUE=DATE:20010101");
        let (s, e) = times(
            &d("2024-06-19T02:45+09:00"),
            Some(&d("2024-06-19T04:00+09:00")),
        )
        .unwrap();
        assert_eq!(s, "DTSTART:20240618T174500Z");
        assert_eq!(e.unwrap(), "DTEND:20240618T190000Z");
        // A night is a timed span of its own, 22:00–06:00 in its zone.
        let zone = crate::date::Zone::parse("Asia/Pyongyang").unwrap();
        let night = EventDate::parse("2024-06-18 night", &zone).unwrap();
        let (s, e) = times(&night, None).unwrap();
        assert_eq!(s, "DTSTART:20240618T130000Z");
        assert_eq!(e.unwrap(), "DTEND:20240618T210000Z");
    }
}
