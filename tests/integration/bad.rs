//! Bad sites: `tests/bad/<case>/site/` must fail with exit status 1, leave a previous output
//! byte for byte, and print `tests/bad/<case>/expected.txt` (stderr with the temporary folder as
//! `$ROOT`; rewrite with `UPDATE_EXPECT=1`). Each case also names the fragments its message must
//! keep (file:line and the bad value), so that a rewritten expectation cannot hide a lost line.

use std::time::Duration;

use crate::support::{
    entries, expect_text, previous_build, read_tree, tests_dir, Run, Site, DEFAULT_TIMEOUT,
};

/// Builds the bad site `case` over a previous build in `site/public` and checks the common promises.
pub fn check_bad(case: &str, fragments: &[&str], timeout: Duration) -> Run {
    let dir = tests_dir("bad").join(case);
    let site = Site::copy_of(&dir.join("site"));
    let before = previous_build(&site.path("public"));
    let site_entries = entries(&site.dir());
    let args = ["build".to_string(), site.dir().display().to_string()];
    let run = site.run(&args, &[], timeout);
    run.assert_code(1);
    run.assert_stderr_has(fragments);
    let stderr = run.stderr_normalized();
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("$ROOT/site/") && has_line_number(l)),
        "no `file:line:` message in\n{stderr}"
    );
    assert_eq!(
        read_tree(&site.path("public")),
        before,
        "the failed build changed the output"
    );
    assert_eq!(
        entries(&site.dir()),
        site_entries,
        "the failed build left files in the site folder"
    );
    expect_text(&stderr, &dir.join("expected.txt"));
    run
}

/// Whether a message line starts `path:N:`.
fn has_line_number(line: &str) -> bool {
    line.split(':')
        .nth(1)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Every case folder under tests/bad, so that a new folder without a test is noticed.
const CASES: &[&str] = &[
    "alias-bomb",
    "bad-date",
    "bad-date-format",
    "conflicting-id",
    "date-other-forms",
    "duplicate-id",
    "duplicate-slugs",
    "empty-title",
    "end-anchored-before-date",
    "end-before-date",
    "media-bad-extension",
    "media-bad-scheme",
    "media-huge-png",
    "media-missing-file",
    "media-no-alt",
    "media-not-a-gif",
    "media-not-an-image",
    "media-truncated-jpeg",
    "missing-title",
    "misspelt-key",
    "non-utf8",
    "sheet-bad-month",
    "sheet-unknown-column",
    "site-yaml-bad-order",
    "site-yaml-plain-values",
    "site-yaml-unknown-key",
    "template-syntax",
    "term-collision",
    "three-bad-files",
    "unclosed",
    "unknown-zone",
    "wrong-type",
];

#[test]
fn every_bad_case_folder_has_a_test() {
    let found = entries(&tests_dir("bad"));
    assert_eq!(
        found, CASES,
        "tests/bad and the CASES list in bad.rs disagree"
    );
}

#[test]
fn non_utf8_content() {
    let run = check_bad(
        "non-utf8",
        &["content/latin1.md:3:", "UTF-8", "0xff"],
        DEFAULT_TIMEOUT,
    );
    assert!(
        !run.stderr.contains("good.md"),
        "the good file was blamed:\n{}",
        run.stderr
    );
}

#[test]
fn front_matter_never_closed() {
    check_bad(
        "unclosed",
        &["content/unclosed.md:1:", "never closed", "`---`"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn missing_title() {
    check_bad(
        "missing-title",
        &["content/no-title.md:1:", "missing `title`"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn empty_title() {
    check_bad(
        "empty-title",
        &["content/empty-title.md:3:", "`title` is empty"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn events_of_the_wrong_type() {
    check_bad(
        "wrong-type",
        &["content/wrong-type.md:4:", "tomorrow", "list"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn a_day_that_does_not_exist() {
    check_bad(
        "bad-date",
        &["content/leap.md:4:", "2024-02-30"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn a_date_in_words() {
    check_bad(
        "bad-date-format",
        &["content/words.md:6:", "June 19"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn an_unknown_zone() {
    check_bad(
        "unknown-zone",
        &["content/zone.md:8:", "Asia/Pyongyan"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn end_before_date() {
    check_bad(
        "end-before-date",
        &["content/backwards.md:7:", "2024-06-18"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn an_end_placed_from_another_event_before_the_date() {
    check_bad(
        "end-anchored-before-date",
        &["content/visit.md:8:", "2024-06-11", "the day after talks"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn one_id_declared_with_different_dates() {
    let run = check_bad(
        "conflicting-id",
        &["content/first.md:4:", "content/second.md:8:", "`summit`"],
        DEFAULT_TIMEOUT,
    );
    // Each message names both places, so either one alone tells the whole story.
    let err = run.stderr_normalized();
    for line in err.lines().filter(|l| l.contains("`summit`")) {
        assert!(
            line.contains("first.md:4") && line.contains("second.md:8"),
            "one place missing in: {line}"
        );
    }
}

#[test]
fn two_files_with_one_slug() {
    let run = check_bad(
        "duplicate-slugs",
        &["content/Café.md:1:", "content/cafe.md:1:", "`cafe`"],
        DEFAULT_TIMEOUT,
    );
    // One cause, one report: neither file declares an event id, so a clash of the ids derived
    // from the clashing slugs is noise that sends the reader looking for an `id:` never written.
    assert!(
        !run.stderr.contains("declared 2 times"),
        "the slug clash is also reported as an event id conflict:\n{}",
        run.stderr
    );
}

#[test]
fn a_template_with_a_syntax_error() {
    check_bad(
        "template-syntax",
        &["site/templates/index.html:", "template"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn yaml_alias_bomb_fails_fast() {
    let started = std::time::Instant::now();
    check_bad(
        "alias-bomb",
        &["content/laughs.md:"],
        Duration::from_secs(5),
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn site_yaml_with_an_unknown_key() {
    check_bad(
        "site-yaml-unknown-key",
        &["site/site.yaml:3:", "timezon"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn site_yaml_with_a_bad_order() {
    check_bad(
        "site-yaml-bad-order",
        &["site/site.yaml:2:", "sideways"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn every_bad_file_is_reported_in_one_run() {
    let run = check_bad(
        "three-bad-files",
        &[
            "content/b-bad-date.md:3:",
            "2024-13-01",
            "content/c-no-title.md:1:",
            "content/nested/d-unclosed.md:1:",
        ],
        DEFAULT_TIMEOUT,
    );
    assert!(
        !run.stderr.contains("a-good.md"),
        "the good file was blamed:\n{}",
        run.stderr
    );
}
