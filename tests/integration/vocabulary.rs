//! The vocabulary at the edges: a misspelt key that shapes an article fails the build with the
//! key it probably meant (nothing is silently dropped), and `init --force` never overwrites.

use crate::bad::check_bad;
use crate::support::{read_tree, Site, DEFAULT_TIMEOUT};

#[test]
fn a_misspelt_key_that_shapes_an_article_is_an_error_naming_the_key_meant() {
    check_bad(
        "misspelt-key",
        &[
            "content/visit.md:4: error: unknown key `tag`: did you mean `tags`?",
            "content/visit.md:5: error: unknown key `evnets`: did you mean `events`?",
            "content/talks.md:5: error: unknown event key `dat`: did you mean `date`?",
            "content/talks.md:8: error: unknown event key `peple`: did you mean `people`?",
            "[misspelt-key]",
        ],
        DEFAULT_TIMEOUT,
    );
}

#[test]
fn the_misspelt_site_builds_once_the_keys_are_spelt_right_and_keeps_every_event_and_term() {
    let site = Site::copy_of(&crate::support::tests_dir("bad/misspelt-key/site"));
    for (file, wrong, right) in [
        ("content/visit.md", "\ntag:", "\ntags:"),
        ("content/visit.md", "\nevnets:", "\nevents:"),
        ("content/talks.md", "    dat:", "    date:"),
        ("content/talks.md", "    peple:", "    people:"),
    ] {
        let path = site.path(file);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace(wrong, right);
        std::fs::write(&path, text).unwrap();
    }
    let run = site.build_to("out", &[]);
    run.assert_success();
    // A near miss of a key that only adds (`summery`, an event's `plcae`) stays a warning, and a
    // key far from every known one (`hero`) is quiet `extra`.
    run.assert_stderr_has(&[
        "content/fine.md:3: warning: unknown key `summery` (kept for templates as `extra`); did you mean `summary`? [unknown-key]",
        "content/talks.md:9: warning: unknown event key `plcae` (kept for templates as `extra`); did you mean `place`? [unknown-key]",
    ]);
    assert!(!run.stderr.contains("hero"), "{}", run.stderr);
    let events = crate::support::events_json(&site.beside("out"));
    let titles: Vec<&str> = events.iter().filter_map(|e| e["title"].as_str()).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    let out = read_tree(&site.beside("out"));
    assert!(
        out.contains_key("tags/state-visit/index.html"),
        "{:?}",
        out.keys()
    );
    assert!(
        out.contains_key("people/kim-jong-un/index.html"),
        "{:?}",
        out.keys()
    );
}

#[test]
fn init_force_writes_into_a_full_folder_but_never_over_a_file() {
    let site = Site::inline(&[("site.yaml", "title: Mine\n"), ("notes.txt", "mine")]);
    let dir = site.dir().display().to_string();
    let refused = site.run(&["init", &dir], &[], DEFAULT_TIMEOUT);
    refused.assert_code(2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);

    let run = site.run(&["init", &dir, "--force"], &[], DEFAULT_TIMEOUT);
    run.assert_success();
    assert_eq!(
        std::fs::read_to_string(site.path("site.yaml")).unwrap(),
        "title: Mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(site.path("notes.txt")).unwrap(),
        "mine"
    );
    assert!(
        run.stdout.contains(&format!(
            "Left alone: {} (already there)",
            site.path("site.yaml").display()
        )),
        "{}",
        run.stdout
    );
    assert!(site.path("content/example.md").is_file());
    assert!(!run.stdout.contains("example.md"), "{}", run.stdout);

    // Run again: every file is there, so nothing is written and nothing changes.
    let before = read_tree(&site.dir());
    let again = site.run(&["init", &dir, "--force"], &[], DEFAULT_TIMEOUT);
    again.assert_success();
    assert_eq!(read_tree(&site.dir()), before);
    assert_eq!(
        again.stdout.matches("Left alone:").count(),
        4,
        "{}",
        again.stdout
    );
    // The site it made (with the author's own site.yaml) builds.
    site.build_to("out", &[]).assert_success();
}
