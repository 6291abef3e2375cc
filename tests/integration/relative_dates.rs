//! Dates as news copy writes them: read from the article's dateline (`yesterday night`), from
//! another event (`hours before arrival`), ordered by `before:`/`after:`; the words kept in
//! `events.json` and the card's `title`; errors for unknown ids, cycles and contradictions.

use crate::support::{event, event_ids, events_json, read_text, Site};

const REPORT: &str = "---\ntitle: Putin arrives\ndateline: 2024-06-19\ntimezone: Asia/Pyongyang\nevents:\n  - id: arrival\n    title: Putin lands in Pyongyang\n    date: yesterday night\n  - id: op-ed\n    title: An op-ed in Rodong Sinmun\n    date: hours before arrival\n  - id: talks\n    title: Talks\n    date: today\n  - id: warrant\n    title: The ICC warrant\n    date: March last year\n  - id: visit-2000\n    title: The last visit\n    date: in 2000\n  - id: dinner\n    title: Dinner\n    date: the same day as talks\n    after: talks\n---\n";

#[test]
fn phrases_resolve_against_the_dateline_and_other_events_in_any_file_order() {
    // The anchored event sits in a file read before its anchor's.
    let site = Site::inline(&[
        ("content/b-report.md", REPORT),
        (
            "content/a-later.md",
            "---\ntitle: Later\ndate: 2024-06-20\nevents:\n  - id: departure\n    title: Departure\n    date: the day after talks\n---\n",
        ),
    ]);
    let run = site.build_to("out", &[]);
    run.assert_success();
    let out = site.beside("out");
    assert_eq!(
        event_ids(&out),
        [
            "visit-2000",
            "warrant",
            "op-ed",
            "arrival",
            "talks",
            "dinner",
            "departure"
        ]
    );
    let events = events_json(&out);
    let arrival = event(&events, "arrival");
    assert_eq!(arrival["date"], "2024-06-18 night");
    assert_eq!(arrival["precision"], "part_of_day");
    assert_eq!(arrival["date_written"], "yesterday night");
    assert_eq!(arrival["display_date"], "night of 18–19 June 2024");
    let op_ed = event(&events, "op-ed");
    assert_eq!(op_ed["date"], "2024-06-18 night~");
    assert_eq!(op_ed["anchor"], "arrival");
    assert_eq!(event(&events, "warrant")["date"], "2023-03");
    assert_eq!(event(&events, "departure")["date"], "2024-06-20");
    assert!(event(&events, "talks")["date_written"].is_string());
    assert!(event(&events, "departure")["anchor"].is_string());
    // The card's date names the words and the report on hover.
    let page = read_text(&out.join("b-report/index.html"));
    assert!(
        page.contains("title=\"yesterday night, in the report of 19 June 2024\""),
        "{page}"
    );
}

#[test]
fn an_unknown_anchor_suggests_the_nearest_id() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-06-19\nevents:\n  - id: arrival\n    title: Arrival\n    date: 2024-06-18\n  - id: op-ed\n    title: Op-ed\n    date: hours before arival\n---\n",
    )]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["a.md:8:", "`arival`", "did you mean `arrival`?"]);
}

#[test]
fn a_cycle_is_named() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-06-19\nevents:\n  - id: one\n    title: One\n    date: the day after two\n  - id: two\n    title: Two\n    date: the day before one\n---\n",
    )]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["cycle", "one → two → one"]);
}

#[test]
fn an_ordering_key_against_the_dates_names_both_events() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\nevents:\n  - id: one\n    title: One\n    date: 2024-06-20\n    before: two\n  - id: two\n    title: Two\n    date: 2024-06-19\n---\n",
    )]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["`one` is to come before `two`", "2024-06-20", "2024-06-19"]);
}

#[test]
fn a_phrase_without_a_dateline_and_an_unknown_phrase_are_errors_with_the_forms() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\nevents:\n  - title: One\n    date: yesterday\n  - title: Two\n    date: the other day\n---\n",
    )]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&[
            "a.md:5:",
            "neither `dateline` nor `date`",
            "a.md:7:",
            "as news copy writes it: today, yesterday",
        ]);
}
