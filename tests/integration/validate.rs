//! The demo checked by programs that are not ours: the Nu HTML Checker (npm `vnu-jar`, run with
//! Java) on every page, with and without a `base_url`, and the real TimelineJS3 library
//! (`tests/browser/timelinejs.mjs`) on `timeline.json` in headless Chromium.
//!
//! Both need `npm ci` in tests/browser (and Java, and /usr/bin/chromium); `bash .ci/run` installs
//! them. Without them these tests fail and say what is missing.

use std::process::Command;
use std::time::Duration;

use crate::support::{repo_root, run_with_timeout, Site};

fn need(path: &std::path::Path, what: &str) {
    assert!(
        path.exists(),
        "{} is missing: {what}; `bash .ci/run` installs it",
        path.display()
    );
}

#[test]
fn every_demo_page_passes_the_nu_html_checker() {
    let jar = repo_root().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    need(&jar, "run `npm ci` in tests/browser");
    let site = Site::demo();
    site.build_to(
        "with-base",
        &["--base-url", "https://example.org/timelines/korea/"],
    )
    .assert_success();
    site.build_to("without-base", &[]).assert_success();
    for out in ["with-base", "without-base"] {
        let mut cmd = Command::new("java");
        cmd.arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--skip-non-html"])
            .arg(site.beside(out));
        let run = run_with_timeout(cmd, Duration::from_secs(120));
        assert_eq!(
            run.code,
            Some(0),
            "the Nu HTML Checker found errors in the {out} build:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn timeline_json_loads_in_timelinejs3_with_a_slide_per_event() {
    let browser_dir = repo_root().join("tests/browser");
    need(
        &browser_dir.join("node_modules/@knight-lab/timelinejs"),
        "run `npm ci` in tests/browser",
    );
    need(
        &std::env::var_os("CHROMIUM")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| "/usr/bin/chromium".into()),
        "Debian: apt-get install chromium",
    );
    let site = Site::demo();
    site.build_to("out", &["--base-url", "https://example.org/"])
        .assert_success();
    let mut cmd = Command::new("node");
    cmd.arg(browser_dir.join("timelinejs.mjs"))
        .arg(site.beside("out"))
        .env("BASE_URL", "https://example.org/")
        .env("EXPECT_IMAGES", "1")
        .current_dir(&browser_dir);
    let run = run_with_timeout(cmd, Duration::from_secs(120));
    assert_eq!(
        run.code,
        Some(0),
        "TimelineJS3 check failed:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    let events = crate::support::event_ids(&site.beside("out")).len();
    assert!(
        run.stdout
            .contains(&format!("{} slides ({events} events", events + 1)),
        "{}",
        run.stdout
    );
    // The demo's map, in the slide of the arrival, from the site's own files.
    assert!(
        run.stdout.contains("shows its image") && run.stdout.contains("pyongyang-locator.svg"),
        "{}",
        run.stdout
    );
}

#[test]
fn feed_and_calendar_parse_with_pythons_feedparser_and_icalendar() {
    let site = Site::demo();
    site.build_to(
        "out",
        &["--base-url", "https://example.org/timelines/korea/"],
    )
    .assert_success();
    let mut cmd = Command::new("python3");
    cmd.arg(repo_root().join("tests/browser/parse_outputs.py"))
        .arg(site.beside("out"));
    let run = run_with_timeout(cmd, Duration::from_secs(60));
    assert_eq!(
        run.code,
        Some(0),
        "Python's feedparser/icalendar (`pip install feedparser==6.0.14 icalendar==7.3.2`; \
         `bash .ci/run` installs them):\n{}\n{}",
        run.stdout,
        run.stderr
    );
}
