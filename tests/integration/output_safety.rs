//! The output folder: replaced whole on success, untouched on failure, never a folder that holds
//! the site or something that is not a previous build; no staging folders left behind.

use crate::support::{entries, previous_build, read_tree, write_file, Site};

const GOOD: &str = "---\ntitle: Good\ndate: 2024-06-19\n---\n\nFine.\n";
const BAD: &str = "---\ntitle: Bad\ndate: 2024-02-30\n---\n";

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = Site::inline(&[("content/good.md", GOOD), ("content/bad.md", BAD)]);
    let before = previous_build(&site.beside("out"));
    site.build_to("out", &[]).assert_code(1);
    assert_eq!(
        read_tree(&site.beside("out")),
        before,
        "the failed build changed the output"
    );
    assert_eq!(
        entries(&site.root()),
        ["out", "site"],
        "staging folder left after a failure"
    );
}

#[test]
fn a_failed_build_with_the_default_output_leaves_public_alone() {
    let site = Site::inline(&[("content/good.md", GOOD), ("content/bad.md", BAD)]);
    let before = previous_build(&site.path("public"));
    let args = ["build".to_string(), site.dir().display().to_string()];
    site.run(&args, &[], crate::support::DEFAULT_TIMEOUT)
        .assert_code(1);
    assert_eq!(read_tree(&site.path("public")), before);
    assert_eq!(
        entries(&site.dir()),
        ["content", "public"],
        "staging folder left in the site"
    );
}

#[test]
fn a_rebuild_replaces_the_old_output_whole() {
    let site = Site::inline(&[
        ("content/kept.md", GOOD),
        (
            "content/deleted.md",
            "---\ntitle: Deleted later\ndate: 2024-06-18\n---\n",
        ),
    ]);
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    assert!(out.join("deleted/index.html").is_file());
    site.remove("content/deleted.md");
    site.build_to("out", &[]).assert_success();
    assert!(
        !out.join("deleted").exists(),
        "a page of a deleted article survived the rebuild"
    );
    assert!(out.join("kept/index.html").is_file());
    assert!(!std::fs::read_to_string(out.join("events.json"))
        .expect("events.json")
        .contains("deleted"));
    assert_eq!(
        entries(&site.root()),
        ["out", "site"],
        "staging or old folder left after success"
    );
}

#[test]
fn a_successful_build_over_a_previous_build_removes_its_stray_files() {
    let site = Site::inline(&[("content/good.md", GOOD)]);
    previous_build(&site.beside("out"));
    site.build_to("out", &[]).assert_success();
    let tree = read_tree(&site.beside("out"));
    assert!(!tree.contains_key("sentinel.txt") && !tree.contains_key("old-article/index.html"));
    assert!(tree.contains_key("good/index.html"));
    assert_eq!(entries(&site.root()), ["out", "site"]);
}

/// Runs a build into `out` and checks it is refused with status 2, naming the folder, and that
/// nothing in the temporary root changed.
fn assert_refused(site: &Site, out: &std::path::Path) {
    let before = read_tree(&site.root());
    let args = [
        "build".to_string(),
        site.dir().display().to_string(),
        "-o".into(),
        out.display().to_string(),
    ];
    let run = site.run(&args, &[], crate::support::DEFAULT_TIMEOUT);
    run.assert_code(2);
    assert!(
        run.stderr.contains(&out.display().to_string()),
        "the refusal does not name {}:\n{}",
        out.display(),
        run.stderr
    );
    assert_eq!(
        read_tree(&site.root()),
        before,
        "a refused build changed files"
    );
}

fn site_with_folders() -> Site {
    let site = Site::inline(&[
        ("content/good.md", GOOD),
        ("templates/.keep", ""),
        ("static/robots.txt", "User-agent: *\n"),
    ]);
    site.build_to("public-ok", &[]).assert_success();
    std::fs::remove_dir_all(site.beside("public-ok")).expect("clean");
    site
}

#[test]
fn refuses_the_site_folder_itself() {
    let site = site_with_folders();
    assert_refused(&site, &site.dir());
}

#[test]
fn refuses_a_folder_inside_content_templates_or_static() {
    let site = site_with_folders();
    for inner in [
        "content",
        "content/out",
        "templates/out",
        "static",
        "static/out",
    ] {
        assert_refused(&site, &site.path(inner));
    }
}

#[test]
fn refuses_an_ancestor_of_the_site() {
    let site = site_with_folders();
    assert_refused(&site, &site.root());
}

#[test]
fn refuses_a_non_empty_folder_that_is_not_a_previous_build() {
    let site = site_with_folders();
    write_file(&site.beside("documents/thesis.txt"), b"years of work\n");
    assert_refused(&site, &site.beside("documents"));
}

#[test]
fn accepts_an_empty_existing_folder() {
    let site = Site::inline(&[("content/good.md", GOOD)]);
    std::fs::create_dir(site.beside("out")).expect("mkdir");
    site.build_to("out", &[]).assert_success();
    assert!(site.beside("out/good/index.html").is_file());
}
