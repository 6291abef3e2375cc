//! Events that share a title, an id or a term's slug: none is lost, none merged with another by
//! accident, and every disagreement named with both places.
//!
//! - `tests/fixtures/same-title`: three `Press briefing`s in one article, and default ids that
//!   written ids (in the same article and in another) take.
//! - `tests/fixtures/merged-fields`: one written id in three articles, fields only a later one has.
//! - `tests/bad/duplicate-id`, `tests/bad/term-collision`: errors naming both places.

use crate::bad::check_bad;
use crate::support::{event, event_ids, events_json, read_text, tests_dir, Site, DEFAULT_TIMEOUT};

fn build(case: &str) -> (Site, crate::support::Run) {
    let site = Site::copy_of(&tests_dir("fixtures").join(case).join("site"));
    let run = site.build_to("out", &[]);
    run.assert_success();
    (site, run)
}

#[test]
fn events_with_one_title_in_one_article_are_all_kept() {
    let (site, _) = build("same-title");
    let out = site.beside("out");
    // Six declarations, six events: the briefings' default ids get the date, then the position;
    // a written id keeps its id wherever it is, and the default it takes moves.
    assert_eq!(
        event_ids(&out),
        [
            "briefings-press-briefing",
            "briefings-press-briefing-2024-06-19",
            "briefings-press-briefing-2024-06-20",
            "briefings-press-briefing-2024-06-20-3",
            "briefings-talks",
            "briefings-talks-2024-06-22",
        ]
    );
    let events = events_json(&out);
    assert_eq!(
        event(&events, "briefings-press-briefing")["title"],
        "A briefing reported elsewhere"
    );
    assert_eq!(
        event(&events, "briefings-press-briefing-2024-06-20-3")["articles"],
        serde_json::json!(["briefings.md"])
    );
    let page = read_text(&out.join("briefings/index.html"));
    for text in [
        "The first briefing.",
        "The second briefing.",
        "A second briefing on the same day.",
        r#"id="briefings-press-briefing-2024-06-20-3""#,
    ] {
        assert!(page.contains(text), "the article page lacks {text:?}");
    }
    let index = read_text(&out.join("index.html"));
    // The list after the time axis (whose marks name the events too).
    let index = &index[index.find("id=\"after-axis\"").unwrap_or(0)..];
    assert_eq!(index.matches("Press briefing").count(), 3, "{index}");
}

#[test]
fn a_later_declaration_adds_what_the_first_lacks_and_differences_warn() {
    let (site, run) = build("merged-fields");
    let out = site.beside("out");
    let events = events_json(&out);
    assert_eq!(events.len(), 1, "one written id, one event");
    let summit = event(&events, "summit");
    assert_eq!(
        summit["title"], "The summit opens",
        "the first title is shown"
    );
    assert_eq!(
        summit["articles"],
        serde_json::json!(["a-first.md", "b-second.md", "c-third.md"])
    );
    // b-second.md's summary and place, which a-first.md lacks, are shown.
    let page = read_text(&out.join("a-first/index.html"));
    assert!(page.contains("Talks begin in the old town hall."), "{page}");
    assert!(page.contains("Geneva"), "{page}");
    assert!(!page.contains("lakeside"), "{page}");
    let err = run.stderr_normalized();
    let warnings: Vec<&str> = err
        .lines()
        .filter(|l| l.ends_with("[differing-event]"))
        .collect();
    assert_eq!(warnings.len(), 2, "{err}");
    let says = |line: &str, fragments: &[&str]| {
        for f in fragments {
            assert!(line.contains(f), "{f:?} missing in: {line}");
        }
    };
    says(
        warnings[0],
        &[
            "$ROOT/site/content/b-second.md:4: warning:",
            "`Summit begins`",
            "`The summit opens` at $ROOT/site/content/a-first.md:4",
        ],
    );
    says(
        warnings[1],
        &[
            "$ROOT/site/content/c-third.md:4: warning:",
            "`summary`",
            "$ROOT/site/content/b-second.md:4",
        ],
    );
}

#[test]
fn a_written_id_twice_in_one_article_is_an_error_naming_both_lines() {
    let run = check_bad(
        "duplicate-id",
        &[
            "content/visit.md:10:",
            "`arrival`",
            "lines 4 and 10",
            "[duplicate-id]",
        ],
        DEFAULT_TIMEOUT,
    );
    assert_eq!(run.stderr.matches("[duplicate-id]").count(), 1);
}

#[test]
fn two_terms_with_one_slug_are_an_error_naming_both_spellings_and_places() {
    let run = check_bad(
        "term-collision",
        &[
            "content/languages.md:5: error:",
            "content/older.md:4: error:",
            "`C++` (at $ROOT/site/content/languages.md:5",
            "`C` (at $ROOT/site/content/older.md:4)",
            "`tags/c/`",
            "[term-collision]",
        ],
        DEFAULT_TIMEOUT,
    );
    assert!(!run.stderr.contains("books"), "{}", run.stderr);
}
