//! Deep time across a whole build: years beyond ±262,000 in front-matter, ordered with the
//! rest, shown in words, `timeline.json` at cosmological scale, left out of `events.ics` with a
//! note, and the gap markers and the time axis drawn without overflow.

use crate::support::{events_json, read_text, Site};

fn deep_site() -> Site {
    Site::inline(&[
        ("site.yaml", "title: Deep\nlanguage: en\n"),
        (
            "content/cosmos.md",
            "---\ntitle: Cosmos\nevents:\n  \
             - {id: big-bang, title: Big Bang, date: \"13.8 billion years ago\"}\n  \
             - {id: earth, title: Earth forms, date: \"c. 4.6 billion years ago\"}\n  \
             - {id: dinosaurs, title: Dinosaurs end, date: \"65 Ma\"}\n  \
             - {id: sapiens, title: Homo sapiens, date: \"300,000 BCE\"}\n  \
             - {id: farming, title: Farming, date: \"-9600\"}\n  \
             - {id: rome, title: Caesar, date: \"44 BCE\"}\n  \
             - {id: moon, title: Moon landing, date: \"1969-07-20\"}\n  \
             - {id: bare, title: Bare integer, date: -5000000000}\n\
             ---\nFrom the beginning.\n",
        ),
        (
            "content/future.md",
            "---\ntitle: Future\ndate: Y300000\nsummary: Far ahead.\n---\n",
        ),
    ])
}

#[test]
fn deep_time_builds_in_order_and_in_words() {
    let site = deep_site();
    let run = site.build_to("out", &[]);
    run.assert_success();
    let out = site.beside("out");
    let events = events_json(&out);
    let ids: Vec<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "big-bang",
            "bare",
            "earth",
            "dinosaurs",
            "sapiens",
            "farming",
            "rome",
            "moon",
            "future"
        ]
    );
    let index = read_text(&out.join("index.html"));
    for text in [
        "13.8 billion years ago",
        "c. 4.6 billion years ago",
        "65 million years ago",
        "300,000 BCE",
        "9601 BCE",
        "300,000",
    ] {
        assert!(index.contains(text), "{text:?} not on the timeline page");
    }
    let timeline: serde_json::Value =
        serde_json::from_str(&read_text(&out.join("timeline.json"))).unwrap();
    assert_eq!(timeline["scale"], "cosmological");
    let first = &timeline["events"][0];
    assert_eq!(first["start_date"]["year"], -13_800_000_000_i64);
    assert_eq!(first["display_date"], "13.8 billion years ago");
    let ics = read_text(&out.join("events.ics"));
    assert!(ics.contains("UID:moon@"), "{ics}");
    assert!(!ics.contains("UID:big-bang@"), "{ics}");
    assert!(
        run.stderr.contains("[ics-out-of-range]"),
        "a note says what was left out: {}",
        run.stderr
    );
}

/// One event per era, so every pause is a gap marker and the axis has breaks of billions of
/// years: no overflow, and the words of the years on the axis.
#[test]
fn gap_markers_and_the_axis_take_the_scale() {
    let site = Site::inline(&[("site.yaml", "title: Gaps\n")]);
    let dates = [
        "Y-100000000000",
        "13.8 billion years ago",
        "4.6 Ga",
        "4.5 Ga",
        "4.4 Ga",
        "Y-262001",
        "Y-262000",
        "2024",
        "Y100000000000",
    ];
    for (i, date) in dates.iter().enumerate() {
        let text = format!("---\ntitle: Event {i}\ndate: \"{date}\"\n---\n");
        site.write(&format!("content/e{i}.md"), text.as_bytes());
    }
    site.build_to("out", &[]).assert_success();
    let index = read_text(&site.beside("out/index.html"));
    assert!(index.contains("years later"), "gap markers: {index}");
    assert!(index.contains("<svg"), "the time axis is drawn");
    assert!(index.contains("100 billion years ago"), "{index}");
}

/// A deep-time year with a month is an error naming the form to write.
#[test]
fn a_deep_year_takes_no_month() {
    let site = Site::inline(&[
        ("site.yaml", "title: Bad\n"),
        ("content/a.md", "---\ntitle: A\ndate: \"-300000-01\"\n---\n"),
    ]);
    let run = site.build_to("out", &[]);
    run.assert_code(1);
    run.assert_stderr_has(&["content/a.md:3:", "`-300000-01`", "`Y` prefix"]);
}
