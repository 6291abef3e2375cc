//! The command line itself: version, unknown flags, a folder that is not a site.

use crate::support::{Site, DEFAULT_TIMEOUT};

#[test]
fn version_exits_zero() {
    let run = Site::empty().run(&["--version"], &[], DEFAULT_TIMEOUT);
    run.assert_success();
    assert!(
        run.stdout.starts_with("annalist "),
        "unexpected version text: {}",
        run.stdout
    );
    assert!(run.stdout.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn an_unknown_flag_exits_two() {
    let site = Site::inline(&[("content/a.md", "---\ntitle: A\n---\n")]);
    let run = site.run(&["build", "--no-such-flag", "site"], &[], DEFAULT_TIMEOUT);
    run.assert_code(2);
    assert!(run.stderr.contains("--no-such-flag"), "{}", run.stderr);
    assert!(!site.path("public").exists(), "an unknown flag still built");
}

#[test]
fn build_without_content_names_the_folder() {
    let site = Site::empty();
    let dir = site.dir().display().to_string();
    let run = site.run(&["build", &dir], &[], DEFAULT_TIMEOUT);
    assert!(
        run.code.is_some_and(|c| c != 0),
        "a site without content/ built: {run:?}"
    );
    assert!(
        run.stderr.contains(&dir) && run.stderr.contains("content"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
}

#[test]
fn build_of_a_missing_folder_names_it() {
    let site = Site::empty();
    let missing = site.beside("no-such-site").display().to_string();
    let run = site.run(&["build", &missing], &[], DEFAULT_TIMEOUT);
    assert!(run.code.is_some_and(|c| c != 0), "{run:?}");
    assert!(run.stderr.contains(&missing), "{}", run.stderr);
}

#[test]
fn build_defaults_to_the_current_folder() {
    let site = Site::inline(&[("content/a.md", "---\ntitle: A\ndate: 2024-06-19\n---\n")]);
    let run = site.run(&["build"], &[], DEFAULT_TIMEOUT);
    // The harness runs in the temporary root, which has no content/: refused with a message.
    assert!(run.code.is_some_and(|c| c != 0));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_annalist"));
    cmd.arg("build").current_dir(site.dir());
    crate::support::run_with_timeout(cmd, DEFAULT_TIMEOUT).assert_success();
    assert!(site.path("public/a/index.html").is_file());
}
