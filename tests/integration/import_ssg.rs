//! `annalist import hugo|jekyll|zola`: fixture sites written from each tool's documented
//! formats (`tests/import-ssg/<tool>/`) convert into the expected annalist site
//! (`<tool>.expected/`) with the expected notes (`<tool>.notes.txt`); each converted site builds
//! and passes `annalist check`; nothing is written over an existing file; bad and hostile input
//! is an error naming the file and line.

use crate::support::{
    copy_tree, expect_text, expect_tree_of, read_tree, tests_dir, write_file, Site, DEFAULT_TIMEOUT,
};

/// A site folder whose sibling `<tool>/` holds a copy of the fixture; `import` writes into the
/// (empty) site folder.
fn imported(tool: &str) -> (Site, crate::support::Run) {
    let site = Site::empty();
    copy_tree(
        &tests_dir(&format!("import-ssg/{tool}")),
        &site.beside(tool),
    );
    let run = site.run(&["import", tool, tool, "-o", "site"], &[], DEFAULT_TIMEOUT);
    (site, run)
}

#[test]
fn each_tool_imports_into_a_site_that_builds_and_checks() {
    for tool in ["hugo", "jekyll", "zola"] {
        let (site, run) = imported(tool);
        run.assert_success();
        let notes = format!("{}{}", run.stdout, run.stderr_normalized());
        expect_text(&notes, &tests_dir(&format!("import-ssg/{tool}.notes.txt")));
        expect_tree_of(
            &read_tree(&site.dir()),
            &tests_dir(&format!("import-ssg/{tool}.expected")),
        );
        site.build_to("out", &[]).assert_success();
        let check = site.run(&["check", "site"], &[], DEFAULT_TIMEOUT);
        check.assert_success();
        assert!(
            check.stderr.contains("0 errors"),
            "{tool}: {}",
            check.stderr
        );
    }
}

/// What each tool's keys became, read from the converted articles.
#[test]
fn keys_map_to_annalist_and_nothing_is_dropped_silently() {
    let (site, run) = imported("hugo");
    run.assert_success();
    let launch = std::fs::read_to_string(site.path("content/posts/launch.md")).unwrap();
    for line in [
        "date: \"2024-06-19T10:00:00+02:00\"",
        "updated: 2024-06-20",
        "slug: launch-day",
        "summary: The rocket left the pad.",
        "tags: [space, launch]",
        "series: [Missions]",
        "  weight: 3",
    ] {
        assert!(launch.contains(line), "{line:?} in\n{launch}");
    }
    assert!(
        launch.contains("{{< youtube id=\"abc123\" >}}"),
        "shortcode kept"
    );
    run.assert_stderr_has(&[
        "hugo/content/posts/launch.md:17: note: kept as text, not converted: {{< youtube id=\"abc123\" >}} [import-shortcode]",
        "`params`, `weight` [import-unmapped]",
    ]);
    let wip = std::fs::read_to_string(site.path("content/posts/wip.md")).unwrap();
    assert!(wip.contains("draft: true"), "{wip}");
    let redirect = std::fs::read_to_string(site.path("static/old/launch/index.html")).unwrap();
    assert!(
        redirect.contains("url=../../launch-day/index.html"),
        "{redirect}"
    );
    assert!(
        site.path("content/posts/trip/harbour.png").is_file(),
        "bundle file copied"
    );

    let (site, run) = imported("jekyll");
    run.assert_success();
    let first = std::fs::read_to_string(site.path("content/first-post.md")).unwrap();
    assert!(first.contains("date: 2024-03-02"), "{first}");
    assert!(first.contains("categories: [news, updates]"), "{first}");
    let hidden = std::fs::read_to_string(site.path("content/hidden.md")).unwrap();
    assert!(
        hidden.contains("draft: true"),
        "published: false is a draft"
    );
    let idea = std::fs::read_to_string(site.path("content/an-idea.md")).unwrap();
    assert!(idea.contains("draft: true"), "_drafts/ are drafts");
    assert!(!site.path("content/README.md").exists());

    let (site, run) = imported("zola");
    run.assert_success();
    let eve = std::fs::read_to_string(site.path("content/blog/eve.md")).unwrap();
    assert!(eve.contains("date: \"2023-12-24T18:00:00Z\""), "{eve}");
    let new_year = std::fs::read_to_string(site.path("content/blog/new-year.md")).unwrap();
    assert!(
        new_year.contains("date: 2024-01-05"),
        "date from the file name: {new_year}"
    );
    assert!(new_year.contains("authors: [Ana]"), "{new_year}");
    assert!(site.path("content/blog/summer/sun.png").is_file());
}

#[test]
fn import_never_writes_over_a_file() {
    let (site, run) = imported("zola");
    run.assert_success();
    let before = std::fs::read(site.path("site.yaml")).unwrap();
    let again = site.run(
        &["import", "zola", "zola", "-o", "site"],
        &[],
        DEFAULT_TIMEOUT,
    );
    again.assert_code(1);
    again.assert_stderr_has(&["site/site.yaml: error: already exists", "[import-exists]"]);
    assert_eq!(std::fs::read(site.path("site.yaml")).unwrap(), before);
}

/// Bad and hostile pages: each an error with its file and line, and nothing written.
#[test]
fn bad_and_hostile_pages_are_errors_naming_the_place() {
    let site = Site::empty();
    let deep = format!("{{\"title\": {}1{}}}\n", "[".repeat(100), "]".repeat(100));
    let big = format!("---\ntitle: Big\nx: \"{}\"\n---\n", "a".repeat(300 * 1024));
    for (name, text) in [
        (
            "bad-toml.md",
            "+++\ntitle = \"A\"\ndate = \n+++\n".to_string(),
        ),
        ("unclosed.md", "---\ntitle: A\n".to_string()),
        ("deep.md", deep),
        ("big.md", big),
        ("bad-json.md", "{\"title\": 1,}\nBody\n".to_string()),
    ] {
        write_file(&site.beside(&format!("in/content/{name}")), text.as_bytes());
    }
    let run = site.run(
        &["import", "hugo", "in", "-o", "site"],
        &[],
        DEFAULT_TIMEOUT,
    );
    run.assert_code(1);
    run.assert_stderr_has(&[
        "in/content/bad-toml.md:3: error: the TOML front-matter",
        "in/content/unclosed.md:1: error: the front-matter opened by `---` on line 1 is never closed",
        "in/content/deep.md:1: error: the JSON front-matter nests more than 64 levels deep",
        "in/content/big.md:2: error: the front-matter is 307217 bytes, over the limit of 262144",
        "in/content/bad-json.md:1: error: the JSON front-matter",
        "[import-input]",
    ]);
    assert!(
        std::fs::read_dir(site.dir()).unwrap().next().is_none(),
        "nothing written"
    );
}
