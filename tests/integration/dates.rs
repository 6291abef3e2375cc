//! Dates across the whole build: gap markers count calendar years (bug 6), every fix a date
//! error suggests parses (bug 7), and the site's `language`, `paginate` and `timezone` are
//! checked with messages that say what to write (bug 13).

use crate::bad::check_bad;
use crate::support::{read_text, Site, DEFAULT_TIMEOUT};

/// A site of one article per (slug, date) pair, built; returns the site and its timeline page.
fn timeline_of(dates: &[&str]) -> (Site, String) {
    let site = Site::inline(&[("site.yaml", "title: Gaps\n")]);
    for (i, date) in dates.iter().enumerate() {
        let text = format!("---\ntitle: Event {i}\ndate: \"{date}\"\n---\n");
        site.write(&format!("content/e{i}.md"), text.as_bytes());
    }
    site.build_to("out", &[]).assert_success();
    let index = read_text(&site.beside("out/index.html"));
    (site, index)
}

/// Bug 6: the gap marker was one short at exact multiples of a year.
#[test]
fn gap_markers_count_whole_calendar_years() {
    let cases = [
        (
            ["1900-01-01", "2000-01-01", "2000-01-02", "2000-01-03"],
            "100 years later",
            "99 years",
        ),
        (
            ["2010-01-05", "2020-01-05", "2020-01-06", "2020-01-07"],
            "10 years later",
            "9 years",
        ),
        (
            ["600 BCE", "89 BCE", "89 BCE", "89 BCE"],
            "511 years later",
            "510 years",
        ),
    ];
    for (dates, wanted, wrong) in cases {
        let (_site, index) = timeline_of(&dates);
        assert!(index.contains(wanted), "expected {wanted:?} in\n{index}");
        assert!(!index.contains(wrong), "found {wrong:?} in\n{index}");
    }
}

/// Bug 7: a date in words, day first, with slashes, a BCE year with a month, or a zone after
/// the time got "the year takes four digits: write `0014`"; each now gets its ISO form.
#[test]
fn dates_in_other_forms_get_their_iso_form() {
    check_bad(
        "date-other-forms",
        &[
            "content/forms.md:5:",
            "write `2024-06-14`",
            "write `2025-10-21T09:00`",
            "write `2024-06-19`",
            "day/month or month/day",
            "write `2024-07-06` (6 July) or `2024-06-07` (7 June)",
            "write `-0043-03-15`",
            "write `1969-07-20T20:17Z`",
            "put `timezone: Europe/Rome`",
        ],
        DEFAULT_TIMEOUT,
    );
}

/// Bug 13: `language: english` and `timezone: CEST` in site.yaml say what to write.
#[test]
fn site_yaml_language_and_timezone_say_what_to_write() {
    check_bad(
        "site-yaml-plain-values",
        &[
            "site.yaml:2:",
            "`english` is not a BCP 47 language tag",
            "write `en`",
            "site.yaml:3:",
            "`CEST` is a zone abbreviation",
            "`Europe/Berlin`, `Europe/Paris`",
        ],
        DEFAULT_TIMEOUT,
    );
}

/// Bug 13: `paginate: -1` named Rust's `usize`.
#[test]
fn paginate_says_a_whole_number() {
    let site = Site::inline(&[
        ("site.yaml", "title: T\npaginate: -1\n"),
        ("content/a.md", "---\ntitle: A\ndate: 2024-06-19\n---\n"),
    ]);
    let run = site.build_to("out", &[]);
    run.assert_code(1).assert_stderr_has(&[
        "site.yaml:2:",
        "paginate:",
        "a whole number, 0 or more",
    ]);
    assert!(!run.stderr.contains("usize"), "{}", run.stderr);
}

/// Bug 13: an event's `timezone: CEST` names the zones too.
#[test]
fn an_event_zone_abbreviation_names_zones() {
    let site = Site::inline(&[
        ("site.yaml", "title: T\n"),
        (
            "content/a.md",
            "---\ntitle: A\nevents:\n  - title: E\n    date: 2024-06-19T14:00\n    timezone: CEST\n---\n",
        ),
    ]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&[
            "content/a.md:6:",
            "`CEST` is a zone abbreviation",
            "`Europe/Berlin`",
            "`+02:00`",
        ]);
}

/// Bug 13: a language without built-in words builds, with a warning that the theme's words stay
/// English; a built-in one has no such warning.
#[test]
fn a_language_without_built_in_words_warns() {
    let files = |language: &str| {
        Site::inline(&[
            ("site.yaml", &*format!("title: T\nlanguage: {language}\n")),
            ("content/a.md", "---\ntitle: A\ndate: 2024-06-19\n---\n"),
        ])
    };
    let site = files("de");
    site.build_to("out", &[])
        .assert_success()
        .assert_stderr_has(&[
            "site.yaml: warning: language `de` has no built-in words",
            "stay English",
            "[untranslated-language]",
        ]);
    let quiet = |site: &Site| {
        let run = site.build_to("out", &[]);
        run.assert_success();
        assert!(
            !run.stderr.contains("untranslated-language"),
            "{}",
            run.stderr
        );
    };
    quiet(&files("ko-KR"));
    // A site that brings its own words for the language is not told they are missing.
    let site = files("de-AT");
    site.write(
        "templates/i18n/de.yaml",
        b"strings:\n  skip_to_content: Zum Inhalt springen\n",
    );
    quiet(&site);
}
