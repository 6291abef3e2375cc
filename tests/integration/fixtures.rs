//! Whole fixture sites: `tests/fixtures/<case>/site/` built and compared byte for byte with
//! `tests/fixtures/<case>/expected/` (rewrite with `UPDATE_EXPECT=1`), plus targeted asserts on
//! what each case is about, so that a rewritten expectation cannot hide a lost behaviour.

use std::path::PathBuf;

use crate::support::{event, event_ids, events_json, expect_tree, read_text, tests_dir, Site};

fn fixture(case: &str) -> (Site, PathBuf) {
    let dir = tests_dir("fixtures").join(case);
    (Site::copy_of(&dir.join("site")), dir)
}

fn strs(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("expected a list, found {value}"))
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

#[test]
fn minimal_site_builds_with_the_embedded_theme() {
    let (site, dir) = fixture("minimal");
    assert!(!site.path("site.yaml").exists() && !site.path("templates").exists());
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");

    // Each dated post without `events` is one event, its id the slug.
    assert_eq!(event_ids(&out), ["first-post", "second-post"]);
    let events = events_json(&out);
    assert_eq!(event(&events, "first-post")["title"], "First post");
    assert_eq!(
        event(&events, "first-post")["articles"],
        serde_json::json!(["first-post.md"])
    );
    // The embedded theme: stylesheet and the base template's markup.
    assert!(out.join("annalist.css").is_file());
    let index = read_text(&out.join("index.html"));
    assert!(
        index.contains("annalist.css"),
        "index.html does not link the stylesheet"
    );
    assert!(index.contains(r#"id="first-post""#) && index.contains(r#"id="second-post""#));
    assert!(out.join("first-post/index.html").is_file());
    assert!(out.join("second-post/index.html").is_file());
    assert!(out.join("tags/blog/index.html").is_file());

    expect_tree(&out, &dir.join("expected"));
}

#[test]
fn every_date_form_page_terms_sources_and_extra() {
    let (site, dir) = fixture("events");
    let run = site.build_to("out", &[]);
    run.assert_success();
    let out = site.beside("out");
    let events = events_json(&out);

    let precision = |id: &str| {
        event(&events, id)["precision"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(precision("year-only"), "year");
    assert_eq!(precision("rome-founded"), "year");
    assert_eq!(precision("a-month"), "month");
    assert_eq!(precision("a-day"), "day");
    assert_eq!(precision("a-minute"), "minute");

    // BCE: astronomical numbering, expanded and signed in UTC.
    assert_eq!(
        event(&events, "ides-of-march")["start_utc"],
        "-0043-03-15T00:00:00Z"
    );
    assert_eq!(
        event(&events, "rome-founded")["start_utc"],
        "-0752-01-01T00:00:00Z"
    );
    // A time without offset is read in the event's zone (Pyongyang is UTC+9).
    assert_eq!(
        event(&events, "a-minute")["start_utc"],
        "2024-06-18T17:45:00Z"
    );
    // Qualifiers.
    assert_eq!(event(&events, "about-1950")["approximate"], true);
    assert_eq!(event(&events, "about-1950")["uncertain"], false);
    assert_eq!(event(&events, "maybe-1953")["uncertain"], true);
    assert_eq!(event(&events, "maybe-1953")["approximate"], false);
    // Interval and end.
    assert!(
        event(&events, "a-night")["end"].is_string(),
        "the interval lost its end"
    );
    assert!(
        event(&events, "a-span")["end"].is_string(),
        "`end` was lost"
    );
    assert_eq!(
        event(&events, "a-night")["display_date"],
        "Night of 18–19 June"
    );
    // Order: BCE first, then the years, then 2024.
    let ids = event_ids(&out);
    assert_eq!(
        ids[..5],
        [
            "rome-founded",
            "ides-of-march",
            "about-1950",
            "maybe-1953",
            "year-only"
        ]
    );

    // Terms: the event's own plus the article's.
    let caesar = event(&events, "ides-of-march");
    assert_eq!(strs(&caesar["people"]), ["Julius Caesar"]);
    assert_eq!(strs(&caesar["tags"]), ["history"]);
    assert_eq!(strs(&caesar["places"]), ["Rome"]);
    assert!(strs(&event(&events, "a-month")["tags"]).contains(&"month"));
    assert!(out.join("people/julius-caesar/index.html").is_file());
    assert!(out.join("tags/history/index.html").is_file());

    // Sources: by name from the article's list (keeps its url), inline, or inherited.
    let names = |id: &str| -> Vec<String> {
        event(&events, id)["sources"]
            .as_array()
            .expect("sources list")
            .iter()
            .map(|s| s["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(names("ides-of-march"), ["The Chronicle"]);
    assert_eq!(
        event(&events, "ides-of-march")["sources"][0]["url"],
        "https://chronicle.example/"
    );
    assert_eq!(names("a-day"), ["Inline Wire"]);
    assert_eq!(
        event(&events, "a-day")["sources"][0]["url"],
        "https://wire.example/story"
    );
    assert_eq!(names("a-minute"), ["Town crier"]);
    assert_eq!(names("year-only"), ["The Chronicle", "Town crier"]);

    // The article page anchors every one of its events.
    let history = read_text(&out.join("history/index.html"));
    for id in &ids {
        assert!(
            history.contains(&format!(r#"id="{id}""#)),
            "history/index.html has no #{id}"
        );
    }

    // The plain page: built, but not on the timeline.
    assert!(out.join("about/index.html").is_file());
    assert!(
        !ids.iter().any(|id| id == "about"),
        "the plain page is on the timeline: {ids:?}"
    );
    assert!(!read_text(&out.join("events.json")).contains("about.md"));

    // An unknown key is kept, not an error: at article level silently, in an event with a warning
    // that names the file and line.
    assert!(!run.stderr.contains("contemplative") && !run.stderr.contains("`mood` at"));
    run.assert_stderr_has(&["content/history.md:55: warning:", "`mood`"]);

    expect_tree(&out, &dir.join("expected"));
}

#[test]
fn one_id_in_two_articles_is_one_event() {
    let (site, dir) = fixture("merge");
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    let events = events_json(&out);

    let ids = event_ids(&out);
    assert_eq!(
        ids.iter().filter(|id| *id == "summit").count(),
        1,
        "{ids:?}"
    );
    let summit = event(&events, "summit");
    assert_eq!(strs(&summit["articles"]), ["a-report.md", "b-report.md"]);
    // The first declaration by path gives the text and the link.
    assert_eq!(summit["title"], "The summit opens");
    assert_eq!(summit["url"], "/a-report/#summit");
    let sources: Vec<&str> = summit["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(sources, ["Agency A", "Agency B"]);
    let mut tags = strs(&summit["tags"]);
    tags.sort_unstable();
    assert_eq!(tags, ["diplomacy", "summit"]);
    let mut people = strs(&summit["people"]);
    people.sort_unstable();
    assert_eq!(people, ["Alice", "Bob"]);
    assert_eq!(strs(&summit["places"]), ["Geneva"]);

    // Shown once on the timeline, and anchored on both article pages.
    let index = read_text(&out.join("index.html"));
    assert_eq!(index.matches(r#"id="summit""#).count(), 1);
    for page in ["a-report/index.html", "b-report/index.html"] {
        assert!(
            read_text(&out.join(page)).contains(r#"id="summit""#),
            "{page} lacks #summit"
        );
    }
    // Both terms' pages list it.
    assert!(read_text(&out.join("people/bob/index.html")).contains("The summit opens"));
    assert!(read_text(&out.join("people/alice/index.html")).contains("The summit opens"));

    expect_tree(&out, &dir.join("expected"));
}

#[test]
fn a_site_partial_overrides_one_builtin_partial() {
    let (site, dir) = fixture("override");
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    let index = read_text(&out.join("index.html"));
    assert!(
        index.contains(r#"data-marker="SITE-OVERRIDE-EVENT""#),
        "override not used:\n{index}"
    );
    assert!(index.contains("A post under a custom partial"));
    // The built-in event partial is gone from the timeline...
    assert!(
        !index.contains(r#"class="event-title""#),
        "built-in partial still used"
    );
    // ...but the rest of the theme is there: base layout, navigation, stylesheet.
    assert!(index.contains("<!DOCTYPE html>"));
    assert!(index.contains(r#"class="site-header""#));
    assert!(index.contains("annalist.css"));
    assert!(out.join("annalist.css").is_file());
    assert!(out.join("post/index.html").is_file());

    expect_tree(&out, &dir.join("expected"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let (site, dir) = fixture("drafts");
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    assert_eq!(event_ids(&out), ["published"]);
    assert!(!out.join("work-in-progress").exists());
    assert!(!read_text(&out.join("index.html")).contains("Work in progress"));
    assert!(!out.join("tags/unfinished").exists());
    expect_tree(&out, &dir.join("expected"));

    site.build_to("out-drafts", &["--drafts"]).assert_success();
    let out = site.beside("out-drafts");
    assert_eq!(event_ids(&out), ["published", "work-in-progress"]);
    assert!(out.join("work-in-progress/index.html").is_file());
    assert!(read_text(&out.join("index.html")).contains("Work in progress"));
    assert!(out.join("tags/unfinished/index.html").is_file());
    expect_tree(&out, &dir.join("expected-drafts"));
}
