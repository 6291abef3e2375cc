//! The demo site in a real browser: `tests/browser/check.mjs` drives Debian's headless Chromium
//! through playwright-core (no console errors, no horizontal overflow at 390 and 320 px, deep
//! links, names for every control; axe-core on the timeline, an article and a term page; the
//! filters, search, jump-to-year and keys of annalist.js; pages without JavaScript), runs the Nu
//! HTML Checker on every page, and saves screenshots in `tests/browser/screenshots/`; and
//! `tests/browser/labels.mjs` measures year labels beside the rail on a BCE fixture.
//!
//! It needs `node`, `java`, `/usr/bin/chromium` (or `$CHROMIUM`) and `npm ci` run in
//! `tests/browser`; `bash .ci/run` installs them. Without them this test fails and says what is missing.

use std::process::Command;
use std::time::Duration;

use crate::support::{repo_root, run_with_timeout, Site};

fn browser_dir() -> std::path::PathBuf {
    let browser_dir = repo_root().join("tests/browser");
    let missing: Vec<&str> = [
        (
            browser_dir.join("node_modules/playwright-core").is_dir(),
            "tests/browser/node_modules (run `npm ci` in tests/browser)",
        ),
        (
            browser_dir.join("node_modules/axe-core").is_dir()
                && browser_dir.join("node_modules/vnu-jar").is_dir(),
            "axe-core and vnu-jar in tests/browser/node_modules (run `npm ci` in tests/browser)",
        ),
        (
            Command::new("java").arg("-version").output().is_ok(),
            "java (Debian: apt-get install default-jre-headless), for the Nu HTML Checker",
        ),
        (
            std::env::var_os("CHROMIUM")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| "/usr/bin/chromium".into())
                .exists(),
            "/usr/bin/chromium (Debian: apt-get install chromium)",
        ),
    ]
    .into_iter()
    .filter(|(ok, _)| !ok)
    .map(|(_, what)| what)
    .collect();
    assert!(
        missing.is_empty(),
        "the browser test needs {}; `bash .ci/run` installs them",
        missing.join(" and ")
    );
    browser_dir
}

#[test]
fn the_demo_works_in_headless_chromium() {
    let browser_dir = browser_dir();

    let site = Site::demo();
    site.build_to("out", &[]).assert_success();
    run_script(
        &browser_dir,
        "check.mjs",
        &site,
        &[],
        Duration::from_secs(240),
    );
}

#[test]
fn the_demo_time_axis_works_in_headless_chromium() {
    let browser_dir = browser_dir();
    let site = Site::demo();
    site.build_to("out", &[]).assert_success();
    run_script(
        &browser_dir,
        "axis.mjs",
        &site,
        &[],
        Duration::from_secs(120),
    );
}

/// Runs `tests/browser/<script>` on the site's build in `out` (then `args`); fails unless it
/// exits 0.
fn run_script(
    browser_dir: &std::path::Path,
    script: &str,
    site: &Site,
    args: &[&str],
    timeout: Duration,
) -> crate::support::Run {
    let mut cmd = Command::new("node");
    cmd.arg(browser_dir.join(script))
        .arg(site.beside("out"))
        .args(args)
        .current_dir(browser_dir);
    let run = run_with_timeout(cmd, timeout);
    assert_eq!(
        run.code,
        Some(0),
        "{script} failed:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    run
}

#[test]
fn an_open_page_follows_edits_by_itself() {
    let browser_dir = browser_dir();
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: Alpha\nevents:\n  - {id: a, title: Alpha, date: '2000'}\n---\nText.\n",
    )]);
    let mut cmd = Command::new("node");
    cmd.arg(browser_dir.join("livereload.mjs"))
        .arg(env!("CARGO_BIN_EXE_annalist"))
        .arg(site.dir())
        .current_dir(&browser_dir);
    let run = run_with_timeout(cmd, Duration::from_secs(120));
    assert_eq!(
        run.code,
        Some(0),
        "live-reload check failed:\n{}\n{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn year_labels_as_wide_as_bce_ones_never_touch_the_rail_or_a_marker() {
    let browser_dir = browser_dir();
    let site = Site::copy_of(&repo_root().join("tests/fixtures/bce-labels/site"));
    site.build_to("out", &[]).assert_success();
    let run = run_script(
        &browser_dir,
        "labels.mjs",
        &site,
        &[],
        Duration::from_secs(120),
    );
    // Every width was measured, with the site's labels and with `c. 17001 BCE`.
    assert_eq!(
        run.stdout.matches(" 0 overlaps").count(),
        24,
        "{}",
        run.stdout
    );
}

/// `tests/browser/embed.mjs`: the demo's embed and a term's in story pages served over
/// loopback (a plain 600 × 400 frame, a Pym.js-style and a WordPress-style parent): the first
/// event visible, the frame as tall as its content before and after a filter, deep links, links
/// to the top window, nothing requested from elsewhere, no cookie, axe and the Nu HTML Checker.
#[test]
fn the_embed_sizes_itself_in_pym_and_wordpress_hosts() {
    let browser_dir = browser_dir();
    let site = Site::demo();
    site.build_to("out", &[]).assert_success();
    let run = run_script(
        &browser_dir,
        "embed.mjs",
        &site,
        &["places/pyongyang"],
        Duration::from_secs(240),
    );
    // Both embeds, both parents: every check ran.
    assert_eq!(
        run.stdout.matches("as tall as its content").count(),
        8,
        "{}",
        run.stdout
    );
}

/// `tests/browser/media.mjs`: photos from a page bundle and from `static/`, a quote and a
/// YouTube card on the timeline, the article and a term page, in light and dark mode: no
/// request leaves 127.0.0.1 before a click, every image loads with its size, axe, 320 px, print.
#[test]
fn media_pages_load_nothing_from_elsewhere_and_pass_axe_in_chromium() {
    let browser_dir = browser_dir();
    let site = Site::inline(&[
        ("site.yaml", "title: Media\nimages: {widths: [320, 640]}\n"),
        (
            "content/arrival/index.md",
            "---\ntitle: The arrival\ndate: 2024-06-19\nsummary: The plane lands.\ntags: [visits]\nmedia:\n  - src: plane.jpg\n    alt: A plane on a runway at night\n    caption: Pyongyang, *the night* of 18–19 June 2024\n    credit: Made for this test\n  - src: https://www.youtube.com/watch?v=abcDEF_123\n    caption: The arrival on television\n  - quote: the \"invincibility and durability\" of the friendship\n    by: KCNA\nevents:\n  - {id: arrival, title: The plane lands, date: 2024-06-18}\n---\nBody.\n",
        ),
        (
            "content/talks.md",
            "---\ntitle: The talks\ndate: 2024-06-19\ntags: [visits]\nevents:\n  - id: talks\n    title: Talks in Pyongyang\n    date: 2024-06-19\n    media: {src: /images/hall.jpg, alt: A hall with two flags, credit: Made for this test}\n---\nBody.\n",
        ),
        (
            "content/first.md",
            "---\ntitle: The first visit\ndate: 2000-07-19\ntags: [visits]\nevents:\n  - {id: first, title: The first visit, date: 2000-07-19}\n---\nBody.\n",
        ),
    ]);
    site.write(
        "content/arrival/plane.jpg",
        &crate::media::photo(1200, 800, 1),
    );
    site.write("static/images/hall.jpg", &crate::media::photo(900, 600, 1));
    site.build_to("out", &[]).assert_success();
    run_script(
        &browser_dir,
        "media.mjs",
        &site,
        &[],
        Duration::from_secs(180),
    );
}

/// `tests/browser/search.mjs`: the site-wide search on a 4-page site (paginate 5, 18 events):
/// from page 1 an event of the last page is found by 3 letters and its link lands on the card;
/// a person's name, a word of an article body, Russian and Korean queries; narrowing by a term;
/// the in-page filter's offer; the search page with and without JavaScript; `file://`; every
/// query's transfer under 150 KB, nothing from another host, axe-core.
#[test]
fn the_site_search_finds_events_on_every_page_in_chromium() {
    let browser_dir = browser_dir();
    let mut files: Vec<(String, String)> =
        vec![("site.yaml".into(), "title: Search\npaginate: 5\n".into())];
    for n in 1..=16 {
        let (id, title) = match n {
            16 => ("quokka".to_string(), "Quokka summit".to_string()),
            n => (format!("meeting-{n}"), format!("Meeting {n}")),
        };
        let person = if n == 3 {
            "Ada Lovelace"
        } else {
            "Someone Else"
        };
        let body = if n == 5 {
            "The zeppelin came over the hill."
        } else {
            "Text."
        };
        files.push((
            format!("content/a{n:02}.md"),
            format!(
                "---\ntitle: Article {n}\nevents:\n  - {{id: {id}, title: {title}, date: '{}', people: [{person}]}}\n---\n{body}\n",
                2000 + n
            ),
        ));
    }
    files.push((
        "content/ru.md".into(),
        "---\ntitle: Статья\nevents:\n  - {id: ru, title: Встреча в Ёлкине, date: '1999'}\n---\nТекст.\n".into(),
    ));
    files.push((
        "content/ko.md".into(),
        "---\ntitle: 기사\nevents:\n  - {id: ko, title: 김정은 평양 방문, date: '1998'}\n---\n본문.\n".into(),
    ));
    files.push((
        "content/x.md".into(),
        "---\ntitle: X\nevents:\n  - id: x\n    title: \"Xylophone <img src=x onerror=window.pwned=1>\"\n    date: '1997'\n---\nX.\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = Site::inline(&refs);
    site.build_to("out", &[]).assert_success();
    let run = run_script(
        &browser_dir,
        "search.mjs",
        &site,
        &[],
        Duration::from_secs(240),
    );
    assert_eq!(run.stdout.matches("bytes (<").count(), 10, "{}", run.stdout);
}
