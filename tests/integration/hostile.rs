//! Hostile content and hostile file systems, through the real binary: each test injects the
//! attack and asserts the output is inert or the message names the file, the line and the value.
//! docs/hardening.md lists every case with the test that proves it.

use std::path::Path;

use crate::support::{read_text, Site};

const GOOD: &str = "---\ntitle: Good\ndate: 2024-06-19\n---\n\nFine.\n";

/// The part of an article page between the body's start and the page's footer.
fn body_of(page: &str) -> &str {
    let start = page.find("<div class=\"article-body\"").unwrap_or(0);
    &page[start..]
}

const HOSTILE_BODY: &str = r#"---
title: Hostile body
date: 2024-06-19
---

Some <b>bold</b> text and a [plain link](https://example.org/).

<script>alert('body')</script>
<img src=x onerror="alert('img')">
<a href="JaVaScRiPt:alert('a')">case</a>
<a href="jav&#x61;script:alert('entity')">entity</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>
<div onclick="alert('div')" style="position:fixed">div</div>
<svg><script>alert('svg')</script></svg>
<iframe src="https://evil.example/"></iframe>

[md link](javascript:alert('md'))

# Heading {#x onclick=alert('h')}
"#;

/// Whether byte `i` of `html` is inside a tag (`<a ... here ...>`), not in text.
fn in_tag(html: &str, i: usize) -> bool {
    let before = &html[..i];
    before.rfind('<') > before.rfind('>')
}

/// What is live on a page and could run script: the page lowercased, with the theme's own
/// script tag and the JSON-LD block left out. Text that only shows markup (`&lt;script&gt;`)
/// is not live.
fn live_attacks(page: &str) -> Vec<String> {
    let lower = crate::support::without_json_ld(page)
        .to_ascii_lowercase()
        .replace("<script src=", "");
    let mut found: Vec<String> = ["<script", "<iframe", "<svg", "<object", "<embed"]
        .into_iter()
        .filter(|t| lower.contains(t))
        .map(String::from)
        .collect();
    for needle in [" on", "javascript:", "data:", "style="] {
        for (i, _) in lower.match_indices(needle) {
            let name = lower[i + needle.len()..]
                .bytes()
                .take_while(u8::is_ascii_alphabetic)
                .count();
            let handler =
                needle != " on" || (name > 0 && lower[i + needle.len() + name..].starts_with('='));
            if handler && in_tag(&lower, i) {
                found.push(lower[i..(i + 24).min(lower.len())].to_string());
            }
        }
    }
    found
}

#[test]
fn raw_html_is_sanitized_by_default() {
    let site = Site::inline(&[("content/hostile.md", HOSTILE_BODY)]);
    site.build_to("out", &[]).assert_success();
    let page = read_text(&site.beside("out/hostile/index.html"));
    assert_eq!(live_attacks(&page), Vec::<String>::new(), "{page}");
    let body = body_of(&page);
    assert!(body.contains("<b>bold</b>"), "harmless formatting lost");
    assert!(body.contains("href=\"https://example.org/\""));
    assert!(
        body.contains("<h1>Heading {#x onclick=alert("),
        "heading attributes are not text:\n{body}"
    );
    assert!(
        !body.contains("id=\"x\""),
        "heading attributes were applied"
    );
}

#[test]
fn raw_html_escape_shows_it_as_text() {
    let site = Site::inline(&[
        ("site.yaml", "markdown: {raw_html: escape}\n"),
        ("content/hostile.md", HOSTILE_BODY),
    ]);
    site.build_to("out", &[]).assert_success();
    let page = read_text(&site.beside("out/hostile/index.html"));
    assert_eq!(live_attacks(&page), Vec::<String>::new(), "{page}");
    assert!(body_of(&page).contains("&lt;script&gt;alert"));
}

#[test]
fn raw_html_allow_passes_it_through() {
    let site = Site::inline(&[
        ("site.yaml", "markdown: {raw_html: allow}\n"),
        ("content/hostile.md", HOSTILE_BODY),
    ]);
    site.build_to("out", &[]).assert_success();
    let page = read_text(&site.beside("out/hostile/index.html"));
    assert!(body_of(&page).contains("<script>alert('body')</script>"));
    assert!(
        !live_attacks(&page).is_empty(),
        "the check sees live attacks"
    );
}

#[test]
fn a_bad_raw_html_setting_is_an_error_with_its_line() {
    let site = Site::inline(&[
        ("site.yaml", "title: T\nmarkdown:\n  raw_html: trusted\n"),
        ("content/good.md", GOOD),
    ]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["site.yaml:2:", "`trusted`", "sanitize"]);
}

/// Whether some text after the article body sits inside a comment left open by it.
fn swallowed(page: &str, marker: &str) -> bool {
    let at = page.find(marker).expect("marker on the page");
    let before = &page[..at];
    before
        .rfind("<!--")
        .is_some_and(|i| !before[i + 4..].contains("-->"))
}

#[test]
fn an_unclosed_comment_cannot_swallow_the_rest_of_the_page() {
    let unclosed = "---\ntitle: Unclosed\ndate: 2024-06-18\nsummary: 'Starts <!-- a comment'\n---\n\nIntro <!-- never closed\n\n<script>never closed\n";
    for policy in ["sanitize", "escape", "allow"] {
        let site = Site::inline(&[
            (
                "site.yaml",
                &format!("base_url: https://example.org/\nmarkdown: {{raw_html: {policy}}}\n"),
            ),
            ("content/a-unclosed.md", unclosed),
            ("content/b-next.md", GOOD),
        ]);
        site.build_to("out", &[]).assert_success();
        let out = site.beside("out");
        // The article's own page: the footer and the theme's script come after the body.
        let page = read_text(&out.join("a-unclosed/index.html"));
        assert!(
            !swallowed(&page, "</main>") && !swallowed(&page, "</footer>"),
            "{policy}: the end of the page is inside a comment\n{page}"
        );
        let main = &page[..page.find("</main>").expect("</main>")];
        if let Some(open) = main.rfind("<script") {
            assert!(
                main[open..].contains("</script>"),
                "{policy}: the rest of the page is inside a <script>\n{page}"
            );
        }
        // The timeline shows both articles' events: the second one is not swallowed.
        let index = read_text(&out.join("index.html"));
        assert!(
            !swallowed(&index, "id=\"b-next\""),
            "{policy}: the next event is inside a comment"
        );
        // feed.json holds every body one after another.
        let feed: serde_json::Value =
            serde_json::from_str(&read_text(&out.join("feed.json"))).expect("feed.json");
        for item in feed["items"].as_array().expect("items") {
            let html = item["content_html"].as_str().unwrap_or("");
            assert!(
                !swallowed(&format!("{html}<END>"), "<END>"),
                "{policy}: {html}"
            );
        }
    }
}

#[test]
fn a_javascript_link_in_a_front_matter_summary_is_inert() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-06-19\nsummary: \"[click](javascript:alert(1)) and ![i](data:image/png;base64,AAAA)\"\n---\n",
    )]);
    site.build_to("out", &[]).assert_success();
    for page in ["index.html", "a/index.html"] {
        let html = read_text(&site.beside("out").join(page));
        assert!(
            !html.contains("javascript:") && !html.contains("data:image"),
            "{page}: {html}"
        );
    }
}

#[test]
fn an_image_url_with_a_script_scheme_is_an_error_with_its_line() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-06-19\nimage: \"javascript:alert(1)\"\n---\n",
    )]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["content/a.md:4:", "image", "`javascript:`"]);
}

#[test]
fn yaml_11_booleans_are_errors_with_file_and_line() {
    let site = Site::inline(&[("content/a.md", "---\ntitle: A\ndraft: yes\n---\n")]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["content/a.md:3:", "`yes` is not a boolean", "YAML 1.2"]);
}

#[test]
fn tabs_merge_keys_and_null_dates_are_errors_with_file_and_line() {
    let site = Site::inline(&[
        ("content/a-tab.md", "---\ntitle: A\nevents:\n\t- title: x\n---\n"),
        (
            "content/b-merge.md",
            "---\ntitle: B\nbase: &b {place: Rome}\nevents:\n  - title: x\n    date: 2000\n    <<: *b\n---\n",
        ),
        ("content/c-null.md", "---\ntitle: C\ndate: ~\n---\n"),
        ("content/d-empty.md", "---\ntitle: D\ndate:\n---\n"),
    ]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&[
            "content/a-tab.md:4:",
            "indented with a tab",
            "content/b-merge.md:7:",
            "merge keys",
            "content/c-null.md:3:",
            "content/d-empty.md:3:",
            "`date` is empty",
        ]);
}

#[test]
fn size_limits_name_the_file() {
    let big_body = format!("---\ntitle: Big\n---\n{}\n", "x".repeat(5000));
    let big_yaml = format!("---\ntitle: Big yaml\nnote: '{}'\n---\n", "y".repeat(3000));
    let site = Site::inline(&[
        (
            "site.yaml",
            "limits: {file_bytes: 4096, front_matter_bytes: 2048}\n",
        ),
        ("content/big-body.md", &big_body),
        ("content/big-yaml.md", &big_yaml),
        ("content/good.md", GOOD),
    ]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&[
            "content/big-body.md: error: the file is 5020 bytes, over the limit of 4096",
            "content/big-yaml.md:1: error: the front-matter is",
            "over the limit of 2048",
        ]);
    // The defaults take both.
    site.write("site.yaml", b"title: T\n");
    site.build_to("out", &[]).assert_success();
}

#[test]
fn windows_device_names_and_empty_slugs_are_errors() {
    let site = Site::inline(&[
        ("content/con.md", "---\ntitle: Con\n---\n"),
        ("content/!!!.md", "---\ntitle: Bangs\n---\n"),
        ("content/b.md", "---\ntitle: B\nslug: nul\n---\n"),
        (
            "content/c.md",
            "---\ntitle: C\ntags: [LPT1]\nevents:\n  - {id: aux, title: E, date: 2000}\n---\n",
        ),
    ]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&[
            "content/con.md:1:",
            "`con` is a name Windows reserves",
            "content/!!!.md:1:",
            "no letters or digits",
            "content/b.md:3:",
            "slug: `nul`",
            "content/c.md:3:",
            "`LPT1`",
            "content/c.md:5:",
            "id: `aux`",
        ]);
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{symlink, PermissionsExt};

    #[test]
    fn symlinks_out_of_the_site_loops_and_dangling_links_are_warnings() {
        let site = Site::inline(&[
            ("content/good.md", GOOD),
            (
                "notes/inside.md",
                "---\ntitle: Inside\ndate: 2024-06-20\n---\n",
            ),
        ]);
        let secret = site.beside("secret.md");
        std::fs::write(&secret, "---\ntitle: SECRET\ndate: 2024-06-21\n---\n").unwrap();
        symlink(&secret, site.path("content/outside.md")).unwrap();
        symlink("/etc", site.path("content/etc")).unwrap();
        symlink("../notes/inside.md", site.path("content/inside.md")).unwrap();
        symlink("../notes", site.path("content/notes-dir")).unwrap();
        symlink("nowhere.md", site.path("content/dangling.md")).unwrap();
        symlink("loop-b.md", site.path("content/loop-a.md")).unwrap();
        symlink("loop-a.md", site.path("content/loop-b.md")).unwrap();
        std::fs::create_dir_all(site.path("static")).unwrap();
        symlink(&secret, site.path("static/secret.txt")).unwrap();
        std::fs::create_dir_all(site.path("templates/partials")).unwrap();
        std::fs::write(site.beside("evil.html"), "EVIL TEMPLATE").unwrap();
        symlink(site.beside("evil.html"), site.path("templates/404.html")).unwrap();
        site.write("notes/date.html", b"<b>LINKED {{ date.text }}</b>");
        symlink(
            "../../notes/date.html",
            site.path("templates/partials/date.html"),
        )
        .unwrap();
        let run = site.build_to("out", &[]);
        run.assert_success().assert_stderr_has(&[
            "content/outside.md: warning: symbolic link to $ROOT/secret.md, outside the site folder: not followed",
            "content/etc: warning: symbolic link to /etc, outside the site folder",
            "content/notes-dir: warning: symbolic link to a folder: not followed",
            "content/dangling.md: warning: dangling symbolic link",
            "content/loop-a.md: warning: symbolic link loop",
            "content/loop-b.md: warning: symbolic link loop",
            "static/secret.txt: warning: symbolic link in static/ not copied",
            "templates/404.html: warning: symbolic link to $ROOT/evil.html, outside the site folder: not followed",
        ]);
        let notfound = read_text(&site.beside("out/404.html"));
        assert!(
            !notfound.contains("EVIL TEMPLATE"),
            "a template link out of the site was read"
        );
        assert!(
            read_text(&site.beside("out/index.html")).contains("<b>LINKED "),
            "a template link inside the site was not read"
        );
        assert!(
            !site.beside("out/secret.txt").exists(),
            "a link in static/ was copied"
        );
        let out = site.beside("out");
        let events = read_text(&out.join("events.json"));
        assert!(
            !events.contains("SECRET"),
            "a link out of the site was followed"
        );
        assert!(
            events.contains("Inside"),
            "a link to a file inside the site was not followed"
        );
        assert!(out.join("inside/index.html").is_file());
    }

    /// Whether this process can read a file whose permissions say nobody may (root can).
    fn permissions_bind_us(dir: &Path) -> bool {
        let probe = dir.join("probe");
        std::fs::write(&probe, "x").unwrap();
        std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
        let blocked = std::fs::read(&probe).is_err();
        std::fs::remove_file(&probe).unwrap();
        blocked
    }

    #[test]
    fn unreadable_files_and_folders_are_errors_with_their_path() {
        let site = Site::inline(&[
            ("content/good.md", GOOD),
            ("content/locked.md", "---\ntitle: Locked\n---\n"),
            ("content/closed/inner.md", "---\ntitle: Inner\n---\n"),
        ]);
        let blocked = permissions_bind_us(&site.beside(""));
        for (path, mode) in [("content/locked.md", 0o000), ("content/closed", 0o000)] {
            std::fs::set_permissions(site.path(path), std::fs::Permissions::from_mode(mode))
                .unwrap();
        }
        let run = site.build_to("out", &[]);
        // Give the folder back so the temporary root can be removed.
        for path in ["content/locked.md", "content/closed"] {
            std::fs::set_permissions(site.path(path), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        if blocked {
            run.assert_code(1).assert_stderr_has(&[
                "content/locked.md: error: cannot read: Permission denied",
                "content/closed: error: cannot read",
                "Permission denied",
            ]);
        } else {
            // Running as root (CI containers): permissions do not stop reads, so both files are
            // read like any other. The message for a file that cannot be read is checked by
            // source.rs's `read_one_names_the_path_it_cannot_read`.
            run.assert_success();
            assert!(site.beside("out/locked/index.html").is_file());
            assert!(site.beside("out/inner/index.html").is_file());
        }
    }

    #[test]
    fn non_utf8_file_names_are_skipped_with_a_warning() {
        let site = Site::inline(&[("content/good.md", GOOD)]);
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
        std::fs::write(
            site.path("content").join(name),
            "---\ntitle: Latin-1 name\ndate: 2024-06-20\n---\n",
        )
        .unwrap();
        site.build_to("out", &[])
            .assert_success()
            .assert_stderr_has(&[
                "content/caf",
                ".md: warning: file name is not valid UTF-8; skipped",
            ]);
        assert!(!read_text(&site.beside("out/events.json")).contains("Latin-1 name"));
    }
}
