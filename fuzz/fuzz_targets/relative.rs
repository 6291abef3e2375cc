//! The relative-date phrases: reading never panics, and every date a phrase resolves to
//! (against a dateline, or from an anchor) parses back to the same instant and precision.
#![no_main]

use annalist::date::relative::{parse_phrase, resolve_dateline, resolve_event, Phrase};
use annalist::date::{EventDate, Zone};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let zone = Zone::parse("Asia/Pyongyang").expect("zone");
    let Some(phrase) = parse_phrase(text) else {
        return;
    };
    for base in ["2024-06-19", "2024-06-18 night", "2024-06", "0000-01-01T00:00"] {
        let base = EventDate::parse(base, &zone).expect("base");
        let date = match &phrase {
            Phrase::Dateline(rel) => resolve_dateline(*rel, &base, &zone),
            Phrase::Event(_, offset) => resolve_event(*offset, &base),
        };
        if let Ok(d) = date {
            let again = EventDate::parse(&d.normalized(), d.zone())
                .unwrap_or_else(|e| panic!("{text:?} → {:?}: {e}", d.normalized()));
            assert_eq!(again.start_utc(), d.start_utc(), "{text:?}");
            assert_eq!(again.precision(), d.precision(), "{text:?}");
        }
    }
});
