//! An `end` written relative to another event (`2 days after talks`, `the day before signing`):
//! resolved after merging, like `date`; the end-after-start check made on the resolved dates;
//! unknown ids and cycles named with file and line.

use crate::support::{event, events_json, Site};

#[test]
fn an_end_relative_to_another_event_is_resolved_after_merging() {
    // The event whose end is anchored is read before the file of its anchor.
    let site = Site::inline(&[
        (
            "content/a-visit.md",
            "---\ntitle: Visit\ndate: 2024-06-18\nevents:\n  - id: visit\n    title: The visit\n    date: 2024-06-18\n    end: 2 days after talks\n  - id: build-up\n    title: The build-up\n    date: 2024-06-01\n    end: the day before signing\n---\n",
        ),
        (
            "content/b-talks.md",
            "---\ntitle: Talks\ndate: 2024-06-19\nevents:\n  - id: talks\n    title: Talks\n    date: 2024-06-19\n  - id: signing\n    title: Signing\n    date: 2024-06-20\n---\n",
        ),
    ]);
    site.build_to("out", &[]).assert_success();
    let events = events_json(&site.beside("out"));
    let visit = event(&events, "visit");
    assert_eq!(visit["date"], "2024-06-18");
    assert_eq!(visit["end"], "2024-06-21");
    assert_eq!(visit["end_written"], "2 days after talks");
    assert_eq!(visit["display_date"], "18–21 June 2024");
    assert_eq!(event(&events, "build-up")["end"], "2024-06-19");
}

#[test]
fn an_end_placed_before_its_start_is_an_error_once_resolved() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-06-19\nevents:\n  - id: talks\n    title: Talks\n    date: 2024-06-10\n  - id: visit\n    title: Visit\n    date: 2024-06-18\n    end: the day after talks\n---\n",
    )]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&[
            "a.md:8:",
            "event `visit`: end `the day after talks`:",
            "2024-06-11",
            "expected an end on or after the date",
        ]);
}

#[test]
fn an_unknown_end_anchor_and_a_cycle_through_an_end_are_named() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-06-19\nevents:\n  - id: talks\n    title: Talks\n    date: 2024-06-19\n  - id: visit\n    title: Visit\n    date: 2024-06-18\n    end: the day after taks\n---\n",
    )]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["a.md:8:", "`end` names `taks`", "did you mean `talks`?"]);
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-06-19\nevents:\n  - id: one\n    title: One\n    date: 2024-06-18\n    end: the day after two\n  - id: two\n    title: Two\n    date: the day after one\n---\n",
    )]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["a.md:5:", "cycle", "one → two → one"]);
}
