//! `annalist import timelinejs`: the fixture JSON (every date form, media, eras, groups) and a
//! sheet as CSV imported, built and checked; what was not carried over named by slide; never
//! over a file; and the round trip: annalist's own `timeline.json` (of the demo and of the
//! fixture sites) imported and built again gives the same events.

use std::path::Path;

use serde_json::Value;

use crate::support::{
    copy_tree, event, events_json, read_text, tests_dir, Run, Site, DEFAULT_TIMEOUT,
};

/// `annalist import timelinejs <input> -o <out>` (plus `extra`), in the site's root.
fn import(site: &Site, input: &Path, out: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "import".to_string(),
        "timelinejs".into(),
        input.display().to_string(),
        "-o".into(),
        site.beside(out).display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    site.run(&args, &[], DEFAULT_TIMEOUT)
}

/// Writes the `site.yaml` lines an import printed into the imported site, as a user would.
fn take_suggestions(run: &Run, dir: &Path) {
    let yaml = run
        .stdout
        .split_once("Add to site.yaml:\n")
        .map(|(_, y)| y.trim_start())
        .unwrap_or_default();
    std::fs::write(dir.join("site.yaml"), yaml).unwrap();
}

/// Builds the imported site at `<root>/<dir>` and checks it: both must pass.
fn build_and_check(site: &Site, dir: &str) -> std::path::PathBuf {
    let path = site.beside(dir).display().to_string();
    let out = site.beside(&format!("{dir}-out"));
    site.run(
        &["build", &path, "-o", &out.display().to_string()],
        &[],
        DEFAULT_TIMEOUT,
    )
    .assert_success();
    site.run(&["check", &path], &[], DEFAULT_TIMEOUT)
        .assert_success();
    out
}

/// The fixture JSON beside a photo it names.
fn fixture_input(site: &Site) -> std::path::PathBuf {
    let input = site.beside("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(
        tests_dir("fixtures/timelinejs/timeline.json"),
        input.join("timeline.json"),
    )
    .unwrap();
    std::fs::write(input.join("photo.jpg"), crate::media::photo(40, 30, 1)).unwrap();
    input.join("timeline.json")
}

#[test]
fn every_date_form_medium_era_and_group_is_carried_over() {
    let site = Site::empty();
    let input = fixture_input(&site);
    let run = import(&site, &input, "imported", &[]);
    run.assert_success();
    // What could not be carried over is named by slide.
    run.assert_stderr_has(&[
        "timeline.json: warning: slide 4 (`first-bridge`): `background` is not carried over",
        "slide 3 (`ferry`): media thumbnail `https://example.org/ferry-small.jpg` is not carried over",
        "slide 8: `rating` is not carried over",
        "slide 8: start_date: `millisecond` is not carried over",
        "slide 6 (`new bridge`): `unique_id` `new bridge` is not a valid id",
        "slide 7 (`first-ford`): `unique_id` `first-ford` is not a valid id or is taken",
        "the title slide's `background` is not carried over",
        "[not-imported]",
    ]);
    for line in [
        "title: \"Rivers & roads\"",
        "lanes: tags",
        "eras:\n  - title: \"Ferries\"\n    date: \"1800\"\n    end: \"1850\"",
    ] {
        assert!(run.stdout.contains(line), "{line:?} not in\n{}", run.stdout);
    }
    let dir = site.beside("imported");
    take_suggestions(&run, &dir);
    assert!(
        dir.join("content/first-bridge/photo.jpg").is_file(),
        "the photo in its bundle"
    );
    let out = build_and_check(&site, "imported");
    let events = events_json(&out);
    let date = |id: &str| {
        let e = event(&events, id);
        (
            e["date"].as_str().unwrap().to_string(),
            e["precision"].as_str().unwrap().to_string(),
        )
    };
    let own = |d: &str, p: &str| (d.to_string(), p.to_string());
    assert_eq!(date("first-ford"), own("-0043", "year"));
    assert_eq!(date("deep-past"), own("Y-200000", "year"));
    assert_eq!(date("ferry"), own("1802-05", "month"));
    assert_eq!(date("first-bridge"), own("1851-06-19", "day"));
    assert_eq!(date("flood"), own("1907-03-02 evening", "part_of_day"));
    assert_eq!(
        date("work-on-a-new-bridge-begins"),
        own("1912-08-01T09:00Z", "minute")
    );
    assert_eq!(
        date("the-new-bridge-opens"),
        own("1913-10-04T14:30Z", "minute")
    );
    assert_eq!(date("tolls-end"), own("1960-01-01T00:00:05Z", "second"));
    let ferry = event(&events, "ferry");
    assert_eq!(ferry["end"], "1803-11");
    assert_eq!(ferry["display_date"], "From spring 1802");
    assert_eq!(ferry["tags"], serde_json::json!(["Fords"]));
    assert_eq!(ferry["media"][0]["caption"], "The ferry landing");
    assert_eq!(ferry["media"][0]["credit"], "County archive");
    assert_eq!(event(&events, "flood")["media"][0]["kind"], "quote");
    assert_eq!(
        event(&events, "first-bridge")["media"][0]["alt"],
        "The bridge from the bank"
    );
    // The text is the article's body, links and all.
    let ferry_page = read_text(&out.join("ferry/index.html"));
    assert!(ferry_page.contains(r#"<a href="https://example.org/ferry">carts</a>"#));
    let timeline: Value = serde_json::from_str(&read_text(&out.join("timeline.json"))).unwrap();
    // `scale: cosmological` is read without a word (annalist picks the scale from the years).
    assert!(!run.stderr.contains("scale"), "{}", run.stderr);
    assert_eq!(timeline["eras"][1]["text"]["headline"], "Bridges");
}

#[test]
fn one_article_holds_every_event() {
    let site = Site::empty();
    let input = fixture_input(&site);
    let run = import(&site, &input, "imported", &["--one-article"]);
    run.assert_success();
    let dir = site.beside("imported");
    assert!(
        dir.join("content/rivers-roads/index.md").is_file(),
        "{}",
        run.stdout
    );
    assert!(dir.join("content/rivers-roads/photo.jpg").is_file());
    take_suggestions(&run, &dir);
    let out = build_and_check(&site, "imported");
    let events = events_json(&out);
    assert_eq!(events.len(), 8);
    for e in &events {
        assert_eq!(
            e["articles"],
            serde_json::json!(["rivers-roads/index.md"]),
            "{e}"
        );
    }
}

#[test]
fn import_never_writes_over_a_file() {
    let site = Site::empty();
    let input = fixture_input(&site);
    import(&site, &input, "imported", &[]).assert_success();
    let flood = site.beside("imported/content/flood.md");
    std::fs::write(&flood, "mine").unwrap();
    std::fs::remove_file(site.beside("imported/content/ferry.md")).unwrap();
    let run = import(&site, &input, "imported", &[]);
    run.assert_code(1);
    run.assert_stderr_has(&[
        "imported/content/flood.md: error: exists already",
        "[import-exists]",
    ]);
    assert_eq!(std::fs::read_to_string(&flood).unwrap(), "mine");
    assert!(
        !site.beside("imported/content/ferry.md").exists(),
        "nothing written"
    );
}

#[test]
fn an_input_not_of_timelinejs_shape_is_named() {
    let site = Site::empty();
    for (name, text, fragments) in [
        (
            "slides.json",
            "{\"slides\": []}",
            vec!["slides.json: error: not a TimelineJS3 timeline"],
        ),
        (
            "broken.json",
            "{\n  \"events\": [\n  oops\n",
            vec!["broken.json:3: error: not JSON"],
        ),
        (
            "list.json",
            "[1, 2]",
            vec!["list.json: error: not a TimelineJS3 timeline"],
        ),
    ] {
        let path = site.beside(name);
        std::fs::write(&path, text).unwrap();
        let run = import(&site, &path, "imported", &[]);
        run.assert_code(1);
        run.assert_stderr_has(&fragments);
        assert!(!site.beside("imported").exists(), "{name}: nothing written");
    }
}

#[test]
fn a_sheet_as_csv_imports_as_the_sheet_builds() {
    let site = Site::empty();
    let csv = tests_dir("fixtures/sheet/site/content/valley.csv");
    let run = import(&site, &csv, "imported", &[]);
    run.assert_success();
    run.assert_stderr_has(&["valley.csv:5: note: column Background: not used"]);
    assert!(
        run.stdout
            .contains("title: \"The valley\"\ndescription: \"How a valley was crossed.\""),
        "{}",
        run.stdout
    );
    take_suggestions(&run, &site.beside("imported"));
    let out = build_and_check(&site, "imported");
    let events = events_json(&out);
    assert_eq!(event(&events, "a-ferry-runs")["date"], "1802-05");
    assert_eq!(
        event(&events, "a-flood-takes-the-bridge")["end"],
        "1907-03-03T09:15:30Z"
    );
    assert_eq!(
        event(&events, "a-ford-is-marked")["tags"],
        serde_json::json!(["Fords"])
    );
}

/// What must survive a round trip of one slide: its id, dates (fields, so precision), the
/// slide's display text, headline, medium (less the thumbnail, which annalist makes) and group.
fn slide_key(slide: &Value) -> String {
    let mut s = slide.clone();
    let map = s.as_object_mut().unwrap();
    map.remove("text")
        .map(|t| map.insert("headline".into(), t["headline"].clone()));
    for key in ["start_date", "end_date"] {
        // The nested display text names the zone the site was in; the slide's own is compared.
        if let Some(d) = map.get_mut(key).and_then(Value::as_object_mut) {
            d.remove("display_date");
        }
    }
    if let Some(m) = map.get_mut("media").and_then(Value::as_object_mut) {
        m.remove("thumbnail");
        // A local file is copied into the imported article's bundle (`/images/map.svg` comes
        // back as `/arrival/map.svg`): the same file, by its name.
        if let Some(url) = m.get("url").and_then(Value::as_str) {
            if url.starts_with('/') {
                let name = url.rsplit('/').next().unwrap_or(url).to_string();
                m.insert("url".into(), Value::String(name));
            }
        }
    }
    s.to_string()
}

fn round_trip(case: &str, original: Site) {
    original.build_to("out", &[]).assert_success();
    let first = original.beside("out/timeline.json");
    let run = import(&original, &first, "imported", &[]);
    run.assert_success();
    take_suggestions(&run, &original.beside("imported"));
    let out = build_and_check(&original, "imported");
    let read = |p: &Path| -> Value { serde_json::from_str(&read_text(p)).unwrap() };
    let (a, b) = (read(&first), read(&out.join("timeline.json")));
    let keys = |t: &Value| {
        let mut k: Vec<String> = t["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(slide_key)
            .collect();
        k.sort();
        k
    };
    assert_eq!(keys(&a), keys(&b), "{case}: the events of the round trip");
    assert!(!keys(&a).is_empty(), "{case}: no events");
    assert_eq!(a["eras"], b["eras"], "{case}: the eras");
    assert_eq!(a["scale"], b["scale"], "{case}");
}

#[test]
fn the_demo_round_trips_through_its_timeline_json() {
    round_trip("demo", Site::demo());
}

#[test]
fn the_fixture_sites_round_trip_through_their_timeline_json() {
    for case in [
        "bce-labels",
        "embed",
        "events",
        "merge",
        "merged-fields",
        "minimal",
        "same-title",
    ] {
        let site = Site::empty();
        copy_tree(&tests_dir("fixtures").join(case).join("site"), &site.dir());
        round_trip(case, site);
    }
}

#[test]
fn an_id_that_names_the_sites_own_pages_keeps_its_file_apart() {
    let site = Site::empty();
    let input = site.beside("t.json");
    std::fs::write(
        &input,
        r#"{"events": [
            {"unique_id": "tags", "start_date": {"year": 2000}, "text": {"headline": "T"}},
            {"unique_id": "page", "start_date": {"year": 2001}, "text": {"headline": "P"}}
        ]}"#,
    )
    .unwrap();
    import(&site, &input, "imported", &[]).assert_success();
    assert!(site.beside("imported/content/tags-event.md").is_file());
    let out = build_and_check(&site, "imported");
    let ids: Vec<_> = events_json(&out).iter().map(|e| e["id"].clone()).collect();
    assert_eq!(ids, [serde_json::json!("tags"), serde_json::json!("page")]);
}
