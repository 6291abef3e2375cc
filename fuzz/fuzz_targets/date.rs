//! The date grammar: parsing never panics, and the normalised form of a date parses back to the
//! same instant and precision in the same zone.
#![no_main]

use std::sync::OnceLock;

use annalist::date::{self, EventDate, Zone};
use libfuzzer_sys::fuzz_target;

fn zones() -> &'static [Zone] {
    static ZONES: OnceLock<Vec<Zone>> = OnceLock::new();
    ZONES.get_or_init(|| {
        ["UTC", "Asia/Seoul", "Europe/Berlin", "Pacific/Apia", "America/Sao_Paulo", "-11:30"]
            .iter()
            .map(|z| Zone::parse(z).expect("zone"))
            .collect()
    })
}

fuzz_target!(|text: &str| {
    for zone in zones() {
        if let Ok((start, end)) = date::parse_span(text, zone) {
            let _ = date::format_display(&start, end.as_ref());
            for d in std::iter::once(&start).chain(end.as_ref()) {
                let _ = (d.start_utc_iso(), d.html_datetime(), d.zone_label());
                // Deep time: a year alone, whose period lasts a year.
                if d.is_deep() {
                    assert_eq!(d.precision(), date::Precision::Year, "{text:?}");
                }
                assert!(d.end_utc_exclusive() > d.start_utc(), "{text:?}");
                let again = EventDate::parse(&d.normalized(), zone)
                    .unwrap_or_else(|e| panic!("{text:?} → {:?}: {e}", d.normalized()));
                assert_eq!(again.start_utc(), d.start_utc(), "{text:?}");
                assert_eq!(again.precision(), d.precision(), "{text:?}");
                assert_eq!(again.normalized(), d.normalized(), "{text:?}");
            }
        }
        let _ = EventDate::parse(text, zone);
    }
    if text.len() < 64 {
        let _ = Zone::parse(text);
    }
});
