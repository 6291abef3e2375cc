//! Sheets as content: `tests/fixtures/sheet/site` (a sheet with every TimelineJS column, one
//! with annalist's keys as `;`-separated columns, a Markdown article beside them) built and
//! checked, and bad sheets named by file, line and column.

use crate::bad::check_bad;
use crate::support::{event, events_json, read_text, tests_dir, Site, DEFAULT_TIMEOUT};

fn sheet_site() -> Site {
    Site::copy_of(&tests_dir("fixtures").join("sheet").join("site"))
}

#[test]
fn a_sheet_is_an_article_whose_rows_are_events() {
    let site = sheet_site();
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    let events = events_json(&out);
    let date = |id: &str| {
        let e = event(&events, id);
        (
            e["date"].as_str().unwrap().to_string(),
            e["precision"].as_str().unwrap().to_string(),
            e["end"].as_str().map(str::to_string),
        )
    };
    let own = |d: &str, p: &str, e: Option<&str>| (d.into(), p.into(), e.map(String::from));
    // Every TimelineJS date form, to the precision of its finest cell, in the site's zone.
    assert_eq!(date("valley-a-ford-is-marked"), own("-0043", "year", None));
    assert_eq!(
        date("valley-a-ferry-runs"),
        own("1802-05", "month", Some("1803-11"))
    );
    assert_eq!(
        date("valley-the-first-bridge-opens"),
        own("1851-06-19", "day", None)
    );
    assert_eq!(
        date("valley-a-flood-takes-the-bridge"),
        own(
            "1907-03-02T18:00+01:00",
            "minute",
            Some("1907-03-03T09:15:30+01:00")
        )
    );
    assert_eq!(
        date("valley-the-new-bridge-opens"),
        own("1913-10-04T14:30+01:00", "minute", None)
    );
    // `Group` is a term of the lanes' taxonomy; the display date is kept.
    let ferry = event(&events, "valley-a-ferry-runs");
    assert_eq!(ferry["tags"], serde_json::json!(["Fords"]));
    assert_eq!(ferry["display_date"], "From spring 1802");
    assert_eq!(ferry["media"][0]["alt"], "A flat boat at a wooden landing");
    assert_eq!(ferry["media"][0]["credit"], "County archive");
    // annalist's columns: ids, lists, sources with their URL, and a declaration shared with a
    // Markdown article merged into one event.
    let builder = event(&events, "builder");
    assert_eq!(
        builder["people"],
        serde_json::json!(["A. Mason", "B. Smith"])
    );
    assert_eq!(builder["sources"][0]["url"], "https://example.org/archive");
    let opening = event(&events, "opening");
    assert_eq!(
        opening["articles"],
        serde_json::json!(["bridge.md", "builders.csv"])
    );
    // The title row titles the article; its HTML text is sanitised, the `summary` column's
    // Markdown has its HTML shown as text, as front-matter's.
    let valley = read_text(&out.join("valley/index.html"));
    assert!(
        valley.contains("<title>The valley"),
        "the title row names the page"
    );
    assert!(valley.contains("<b>crossed</b>") && !valley.contains("alert(1)"));
    let builders = read_text(&out.join("builders/index.html"));
    assert!(builders.contains("<em>Markdown</em> summary, &lt;b&gt;escaped&lt;/b&gt;"));
    // The era row is drawn with site.yaml's eras and exported to TimelineJS.
    let timeline: serde_json::Value =
        serde_json::from_str(&read_text(&out.join("timeline.json"))).unwrap();
    assert_eq!(timeline["eras"][0]["text"]["headline"], "Ferries");
    assert_eq!(timeline["eras"][0]["start_date"]["year"], 1800);
    assert!(read_text(&out.join("index.html")).contains("Ferries"));
}

#[test]
fn a_sheet_site_passes_check_and_notes_unused_columns() {
    let site = sheet_site();
    let run = site.run(&["check", "site"], &[], DEFAULT_TIMEOUT);
    run.assert_success();
    run.assert_stderr_has(&[
        "site/content/valley.csv:5: note: column Background: not used",
        "[sheet-unused]",
    ]);
}

#[test]
fn semicolons_and_a_bom_read_as_commas_do() {
    let site = Site::inline(&[
        (
            "content/a.csv",
            "\u{feff}Headline;Year;Month;Day;Time\n\"One; two\";\"2 024\";6;19;9:05 PM\n",
        ),
        (
            "content/b.csv",
            "Headline,Year,Month,Day,Time\n\"One; two\",\"2,024\",6,19,21:05\n",
        ),
    ]);
    site.build_to("out", &[]).assert_success();
    let events = events_json(&site.beside("out"));
    for id in ["a-one-two", "b-one-two"] {
        assert_eq!(event(&events, id)["date"], "2024-06-19T21:05Z", "{id}");
    }
}

#[test]
fn a_bad_month_names_the_file_the_line_and_the_column() {
    check_bad(
        "sheet-bad-month",
        &["content/sheet.csv:7:", "column Month", "`13`"],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn an_unknown_column_names_the_nearest_known_one() {
    check_bad(
        "sheet-unknown-column",
        &[
            "content/sheet.csv:1:",
            "column Yeer",
            "did you mean Year?",
            "column Media Captoin",
            "did you mean Media Caption?",
        ],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn a_hostile_sheet_is_refused_with_a_typed_error() {
    let rows = "A,2000\n".repeat(annalist::sheet::MAX_ROWS + 1);
    let site = Site::inline(&[("content/big.csv", &format!("Headline,Year\n{rows}"))]);
    let run = site.build_to("out", &[]);
    run.assert_code(1);
    run.assert_stderr_has(&["content/big.csv:", "[sheet-too-large]"]);
}
