//! `language` in `site.yaml`: the demo built in Russian and Korean reads dates, counts and every
//! theme string in that language; a site's `templates/i18n/<lang>.yaml` adds or overrides keys;
//! the theme shows gap markers in the site's language; a broken language file is an error that
//! names it.

use crate::support::{read_text, Site};

/// The demo with `language: <code>`, built; returns the site (kept alive) and the timeline page.
fn demo_in(code: &str) -> (Site, String) {
    let site = Site::demo();
    let yaml =
        read_text(&site.path("site.yaml")).replace("language: en", &format!("language: {code}"));
    site.write("site.yaml", yaml.as_bytes());
    site.build_to("out", &[]).assert_success();
    let index = read_text(&site.beside("out/index.html"));
    (site, index)
}

fn assert_has(page: &str, fragments: &[&str]) {
    for f in fragments {
        assert!(page.contains(f), "expected {f:?} in the page:\n{page}");
    }
}

#[test]
fn russian_demo_reads_in_russian() {
    let (site, index) = demo_in("ru");
    assert_has(
        &index,
        &[
            r#"<html lang="ru">"#,
            "19 июня 2024",
            "февраль 2022",
            ">Хроника</a>",
            ">Люди</a>",
            "9 событий",
            "22 года спустя",
            "Перейти к содержанию",
            r#"aria-label="Перейти к году""#,
        ],
    );
    // The demo's own `display_date` texts are English content; formatted dates are not.
    assert!(
        !index.contains(">19 June 2024</time>"),
        "English date left in:\n{index}"
    );
    let article = read_text(&site.beside("out/talks-al-jazeera/index.html"));
    assert_has(
        &article,
        &["События в статье", "Опубликовано", "19 июня 2024"],
    );
    let people = read_text(&site.beside("out/people/index.html"));
    assert_has(&people, &["<h1>Люди</h1>", "событи"]);
}

#[test]
fn korean_demo_reads_in_korean() {
    let (_site, index) = demo_in("ko");
    assert_has(
        &index,
        &[
            r#"<html lang="ko">"#,
            "2024년 6월 19일",
            "2022년 2월",
            ">2024년</h2>",
            ">6월</h3>",
            ">타임라인</a>",
            "사건 9건",
            "22년 후",
        ],
    );
}

#[test]
fn english_demo_shows_gap_markers() {
    let (_site, index) = demo_in("en");
    assert_has(
        &index,
        &["22 years later", "9 events, 2000 – 2024", "19 June 2024"],
    );
}

#[test]
fn a_site_language_file_adds_and_overrides_keys() {
    let site = Site::inline(&[
        ("site.yaml", "language: de\ntaxonomies: [tags]\n"),
        (
            "templates/i18n/de.yaml",
            "date:\n  months: [Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober, November, Dezember]\n  day: \"{d}. {month_gen} {year}\"\ntaxonomies:\n  tags: Schlagwörter\nstrings:\n  timeline: Zeitleiste\n",
        ),
        ("content/a.md", "---\ntitle: A\ndate: 2024-06-19\ntags: [x]\n---\n"),
    ]);
    site.build_to("out", &[]).assert_success();
    let index = read_text(&site.beside("out/index.html"));
    assert_has(
        &index,
        &[
            "19. Juni 2024",
            ">Zeitleiste</a>",
            ">Schlagwörter</a>",
            // Keys the site did not give stay English.
            "Skip to content",
        ],
    );
}

#[test]
fn a_broken_language_file_names_itself() {
    let site = Site::inline(&[
        ("site.yaml", "language: ru\n"),
        (
            "templates/i18n/ru.yaml",
            "strings:\n  timeline: [unclosed\n",
        ),
        ("content/a.md", "---\ntitle: A\ndate: 2024-06-19\n---\n"),
    ]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["templates/i18n/ru.yaml", "language file"]);
    let site = Site::inline(&[
        ("site.yaml", "language: ru\n"),
        ("templates/i18n/ru.yaml", "date:\n  months: [a, b]\n"),
        ("content/a.md", "---\ntitle: A\ndate: 2024-06-19\n---\n"),
    ]);
    site.build_to("out", &[])
        .assert_code(1)
        .assert_stderr_has(&["templates/i18n/ru.yaml", "12"]);
}
