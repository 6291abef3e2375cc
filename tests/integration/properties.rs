//! Property tests (proptest) of the library, run by `cargo test`: the one order of events, the
//! date grammar's round trip, and a build that never panics on generated front-matter.
//! The same properties are fuzzed without a case limit by the targets in `fuzz/`.

use std::cmp::Ordering;
use std::sync::OnceLock;

use annalist::config::{self, SiteConfig};
use annalist::date::{self, EventDate, Zone};
use annalist::model::SortKey;
use annalist::render::Theme;
use proptest::prelude::*;
use proptest::test_runner::Config;

const ZONES: &[&str] = &[
    "UTC",
    "Asia/Seoul",
    "Asia/Pyongyang",
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "+05:30",
    "-11:30",
];

fn zone(i: usize) -> Zone {
    Zone::parse(ZONES[i % ZONES.len()]).expect("zone")
}

/// Date texts of every form the grammar accepts (and, through day 29–31 and clock changes, some
/// it refuses): year, month, day, minute, second, BCE, EDTF long years, qualifiers, offsets.
fn date_text() -> impl Strategy<Value = String> {
    let year = prop_oneof![
        1900i32..2100,
        -9999i32..=9999,
        Just(0),
        Just(1),
        Just(-1),
        Just(9999),
        Just(-9999)
    ];
    let offset = prop_oneof![
        Just(String::new()),
        Just("Z".to_string()),
        (-18i32..=18, prop_oneof![Just(0u32), Just(30), Just(45)]).prop_map(|(h, m)| {
            let sign = if h < 0 { '-' } else { '+' };
            format!("{sign}{:02}:{m:02}", h.abs())
        })
    ];
    let qualifier = prop_oneof![Just(""), Just("~"), Just("?"), Just("%")];
    (
        year,
        1u32..=12,
        1u32..=31,
        0u32..24,
        0u32..60,
        0u32..60,
        0usize..7,
        offset,
        qualifier,
    )
        .prop_map(|(y, mo, d, h, mi, s, shape, off, q)| {
            let yyyy = if y < 0 {
                format!("-{:04}", -y)
            } else {
                format!("{y:04}")
            };
            let body = match shape {
                0 => yyyy,
                1 => format!("{yyyy}-{mo:02}"),
                2 => format!("{yyyy}-{mo:02}-{d:02}"),
                3 => format!("{yyyy}-{mo:02}-{d:02}T{h:02}:{mi:02}{off}"),
                4 => format!("{yyyy}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{off}"),
                5 => format!("{} BCE", y.unsigned_abs().max(1)),
                _ => format!(
                    "Y{}",
                    i64::from(y.signum().max(1)) * (10_000 + i64::from(y.unsigned_abs()) * 10)
                ),
            };
            format!("{body}{q}")
        })
}

/// A parsed date in some zone, or nothing when the text names a day that does not exist.
fn parsed(text: &str, zone_index: usize) -> Option<EventDate> {
    EventDate::parse(text, &zone(zone_index)).ok()
}

fn key_strategy() -> impl Strategy<Value = Option<SortKey>> {
    (
        date_text(),
        proptest::option::of(date_text()),
        0usize..ZONES.len(),
        // The article's place in path order.
        0usize..3,
        0usize..3,
    )
        .prop_map(|(start, end, z, article, position)| {
            let start = parsed(&start, z)?;
            let end = end.and_then(|e| parsed(&e, z));
            Some(SortKey::new(&start, end.as_ref(), article, position))
        })
}

proptest! {
    #![proptest_config(Config { cases: 2000, ..Config::default() })]

    #[test]
    fn sort_key_order_is_total_and_consistent(
        a in key_strategy(), b in key_strategy(), c in key_strategy()
    ) {
        let (Some(a), Some(b), Some(c)) = (a, b, c) else { return Ok(()) };
        // Reflexive, antisymmetric, and equal only when every field is equal.
        prop_assert_eq!(a.cmp(&a), Ordering::Equal);
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
        // Transitive.
        if a <= b && b <= c {
            prop_assert!(a <= c, "{a:?} <= {b:?} <= {c:?}");
        }
        // The start instant decides first; then the coarser precision.
        if a.start < b.start {
            prop_assert!(a < b);
        }
        if a.start == b.start && a.precision < b.precision {
            prop_assert!(a < b);
        }
        // Sorting any arrangement gives one order.
        let mut one = vec![a.clone(), b.clone(), c.clone()];
        let mut two = vec![c, a, b];
        one.sort();
        two.sort();
        prop_assert_eq!(one, two);
    }

    #[test]
    fn the_normalised_form_of_a_date_parses_to_the_same_date(
        text in date_text(), z in 0usize..ZONES.len()
    ) {
        let zone = zone(z);
        let Ok(date) = EventDate::parse(&text, &zone) else { return Ok(()) };
        let again = EventDate::parse(&date.normalized(), &zone)
            .map_err(|e| TestCaseError::fail(format!("{text:?} → {:?}: {e}", date.normalized())))?;
        prop_assert_eq!(again.start_utc(), date.start_utc(), "{:?}", text);
        prop_assert_eq!(again.end_utc_exclusive(), date.end_utc_exclusive(), "{:?}", text);
        prop_assert_eq!(again.precision(), date.precision());
        prop_assert_eq!((again.approximate(), again.uncertain()), (date.approximate(), date.uncertain()));
        prop_assert_eq!(again.normalized(), date.normalized());
        prop_assert!(date.end_utc_exclusive() > date.start_utc());
        // An interval of the date with itself is accepted and ends where it starts.
        let span = format!("{}/{}", date.normalized(), date.normalized());
        prop_assert!(date::parse_span(&span, &zone).is_ok(), "{span}");
    }
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| Theme::from_sources(&[]).expect("built-in theme"))
}

fn site_config(i: usize) -> SiteConfig {
    let yaml = [
        "",
        "base_url: https://example.org/x/\nmarkdown: {raw_html: allow}\n",
        "language: ru\ntimezone: Asia/Pyongyang\norder: descending\nmarkdown: {raw_html: escape}\n",
        "language: ko\nbase_url: https://example.org\ntaxonomies: [tags, people]\n",
    ][i % 4];
    config::parse(yaml).expect("config")
}

/// YAML scalars an author (or an attacker) might write.
fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("".to_string()),
        Just("~".to_string()),
        Just("yes".to_string()),
        Just("true".to_string()),
        Just("2024-06-19".to_string()),
        Just("'2024-02-30'".to_string()),
        Just("2000".to_string()),
        Just("-0043-03-15".to_string()),
        Just("44 BCE".to_string()),
        Just("2024-06-18/2024-06-19".to_string()),
        Just("\"<script>alert(1)</script>\"".to_string()),
        Just("'[x](javascript:alert(1)) <!-- open'".to_string()),
        Just("\"---\"".to_string()),
        Just("con".to_string()),
        Just("'!!!'".to_string()),
        Just("[a, b, A, 'é', '']".to_string()),
        Just("{name: X, url: 'javascript:x'}".to_string()),
        Just("[RIA, {name: CNN, url: 'https://cnn.com'}]".to_string()),
        Just("&a [x, y]".to_string()),
        Just("*a".to_string()),
        Just("Asia/Seoul".to_string()),
        Just("|\n  ---\n  block".to_string()),
        "[a-zA-Z0-9 éП<>&:'\"#-]{0,24}".prop_map(|s| format!("{s:?}")),
        (-100_000i64..100_000).prop_map(|n| n.to_string()),
    ]
}

const KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "slug",
    "summary",
    "author",
    "draft",
    "timezone",
    "sources",
    "tags",
    "people",
    "places",
    "image",
    "extra",
    "id",
    "weird-key",
    "<<",
];
const EVENT_KEYS: &[&str] = &[
    "title",
    "date",
    "end",
    "id",
    "display_date",
    "timezone",
    "summary",
    "place",
    "sources",
    "tags",
    "plcae",
];

/// Front-matter built from known and unknown keys with hostile values, optional events, and a
/// body with raw HTML.
fn article() -> impl Strategy<Value = String> {
    let pairs = proptest::collection::vec((0..KEYS.len(), scalar()), 0..8);
    let event = proptest::collection::vec((0..EVENT_KEYS.len(), scalar()), 0..6);
    let events = proptest::option::of(proptest::collection::vec(event, 0..4));
    let body = prop_oneof![
        Just(String::new()),
        Just("Body <b>bold</b> <!-- open".to_string()),
        Just("<script>x</script>\n\n# H {#id}\n\n[^1]\n\n[^1]: n".to_string()),
        "[ -~\n]{0,80}",
    ];
    (pairs, events, body, any::<bool>()).prop_map(|(pairs, events, body, with_title)| {
        let mut yaml = String::new();
        if with_title {
            yaml.push_str("title: T\n");
        }
        for (k, v) in pairs {
            yaml.push_str(&format!("{}: {}\n", KEYS[k], v.replace('\n', "\n  ")));
        }
        if let Some(events) = events {
            yaml.push_str("events:\n");
            for event in events {
                let mut first = true;
                for (k, v) in event {
                    let lead = if first { "  - " } else { "    " };
                    first = false;
                    yaml.push_str(&format!(
                        "{lead}{}: {}\n",
                        EVENT_KEYS[k],
                        v.replace('\n', "\n      ")
                    ));
                }
                if first {
                    yaml.push_str("  - {}\n");
                }
            }
        }
        format!("---\n{yaml}---\n{body}\n")
    })
}

proptest! {
    #![proptest_config(Config { cases: 300, ..Config::default() })]

    #[test]
    fn a_build_never_panics_on_generated_front_matter(
        a in article(), b in article(), settings in 0usize..4
    ) {
        let config = site_config(settings);
        if let Err(errors) = annalist::memory::render(theme(), &config, &[("a.md", &a), ("sub/b.md", &b)]) {
            // Every error names its file.
            for e in errors {
                prop_assert!(e.file.to_string_lossy().starts_with("content/"), "{e:?}");
            }
        }
    }

    #[test]
    fn a_build_never_panics_on_arbitrary_text(text in "(---\n)?[ -~\t\n\r\u{feff}é]{0,200}(\n---\n)?.{0,40}") {
        let _ = annalist::memory::render(theme(), &site_config(0), &[("a.md", &text)]);
    }
}

/// Text values with markup in them.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("[x](javascript:alert(1))".to_string()),
        Just("\"><script>alert(1)</script>".to_string()),
        Just("</script><script>alert(1)</script>".to_string()),
        Just("<!-- open".to_string()),
        "[a-zA-Zé <>&\"'/=:-]{0,30}",
    ]
}

/// A valid article whose every free text value is hostile.
fn valid_article() -> impl Strategy<Value = (String, usize)> {
    (
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        0usize..3,
    )
        .prop_map(|(title, summary, tag, place, display, source, events)| {
            // Never empty: `title` and a source's `name` are required.
            let (title, source) = (format!("T{title}"), format!("S{source}"));
            let q = |s: &str| serde_json::to_string(s).expect("json");
            let mut yaml = format!(
                "title: {}\ndate: 2024-06-19\nsummary: {}\nauthor: {}\ntags: [{}]\nsources: [{{name: {}, url: 'https://example.org/'}}]\n",
                q(&title), q(&summary), q(&source), q(&format!("t{tag}")), q(&source)
            );
            if events > 0 {
                yaml.push_str("events:\n");
                for i in 0..events {
                    yaml.push_str(&format!(
                        "  - {{title: {}, date: '2024-06-1{i}', place: {}, display_date: {}, summary: {}, people: [{}]}}\n",
                        q(&title), q(&place), q(&display), q(&summary), q(&format!("p{place}"))
                    ));
                }
            }
            (format!("---\n{yaml}---\nBody.\n"), events)
        })
}

proptest! {
    #![proptest_config(Config { cases: 200, ..Config::default() })]

    #[test]
    fn hostile_front_matter_text_never_becomes_markup(
        (article, _) in valid_article(), settings in 0usize..4
    ) {
        let config = site_config(settings);
        let files = annalist::memory::render(theme(), &config, &[("a.md", &article)])
            .map_err(|e| TestCaseError::fail(format!("{e:?}\n{article}")))?;
        for file in files.iter().filter(|f| f.path.ends_with(".html")) {
            let html = String::from_utf8_lossy(&file.bytes);
            let html = crate::support::without_json_ld(&html);
            prop_assert!(!html.contains("<script>alert"), "{}:\n{}", file.path, html);
            prop_assert!(!html.contains("<img src=x"), "{}", file.path);
            prop_assert!(!html.contains("href=\"javascript:"), "{}", file.path);
            prop_assert!(!html.contains("\"><script"), "{}", file.path);
        }
        for file in files.iter().filter(|f| f.path.ends_with(".json") || f.path.ends_with(".xml")) {
            // Machine-readable outputs parse whatever the text held.
            if file.path.ends_with(".json") {
                prop_assert!(serde_json::from_slice::<serde_json::Value>(&file.bytes).is_ok(), "{}", file.path);
            }
        }
    }
}
