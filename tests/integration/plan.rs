//! The plan of the site's pages, as others see it: the sitemap lists every page a build writes,
//! `404.html` has no URL of its own, images are absolute or left out, and `check` finds what
//! the plan says clashes (duplicate outputs), broken images and the line of a broken link.

use std::time::Duration;

use crate::support::{read_text, read_tree, Site};

/// Five dated articles, one tag, `paginate: 1`, a base_url.
fn paginated() -> Site {
    let article = |year: u32| {
        format!("---\ntitle: Event of {year}\ndate: {year}-01-02\nsummary: S.\ntags: [all]\n---\nText.\n")
    };
    let (a, b, c, d, e) = (
        article(1990),
        article(1991),
        article(1992),
        article(2005),
        article(2020),
    );
    Site::inline(&[
        (
            "site.yaml",
            "title: Paged\npaginate: 1\nbase_url: https://example.org/sub\n",
        ),
        ("content/a.md", &a),
        ("content/b.md", &b),
        ("content/c.md", &c),
        ("content/d.md", &d),
        ("content/e.md", &e),
    ])
}

#[test]
fn the_sitemap_lists_every_page_a_paginated_build_writes() {
    let site = paginated();
    site.build_to("out", &[]).assert_success();
    let tree = read_tree(&site.beside("out"));
    let sitemap = read_text(&site.beside("out/sitemap.xml"));
    let pages: Vec<&String> = tree
        .keys()
        // The embed twins are framed by other sites' pages: not in the sitemap.
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html" && !p.starts_with("embed/"))
        .collect();
    assert!(
        pages.iter().any(|p| p.as_str() == "page/5/index.html"),
        "{pages:?}"
    );
    assert!(pages
        .iter()
        .any(|p| p.as_str() == "tags/all/page/3/index.html"));
    for page in &pages {
        let url = format!(
            "<loc>https://example.org/sub/{}</loc>",
            page.trim_end_matches("index.html")
        );
        assert!(sitemap.contains(&url), "sitemap lacks {url}:\n{sitemap}");
    }
    assert_eq!(sitemap.matches("<loc>").count(), pages.len(), "{sitemap}");
}

#[test]
fn the_404_page_has_no_canonical_url() {
    let site = paginated();
    site.build_to("out", &[]).assert_success();
    let html = read_text(&site.beside("out/404.html"));
    assert!(!html.contains("rel=\"canonical\""), "{html}");
    assert!(!html.contains("og:url"), "{html}");
    assert!(!html.contains("404.html/"), "{html}");
    // Other pages keep theirs.
    let home = read_text(&site.beside("out/index.html"));
    assert!(home.contains("<link rel=\"canonical\" href=\"https://example.org/sub/\">"));
}

fn with_image(site_yaml: &str, image: &str) -> Site {
    Site::inline(&[
        ("site.yaml", site_yaml),
        (
            "content/a.md",
            &format!("---\ntitle: A\ndate: 2024-06-19\nsummary: S.\nimage: {image}\n---\nText.\n"),
        ),
        ("static/img/a.png", "png"),
    ])
}

#[test]
fn og_image_is_absolute_or_left_out() {
    let site = with_image("title: T\n", "img/a.png");
    site.build_to("out", &[]).assert_success();
    let html = read_text(&site.beside("out/a/index.html"));
    assert!(!html.contains("og:image"), "{html}");
    assert!(
        !html.contains("\"image\""),
        "JSON-LD image left out too: {html}"
    );
    let site = with_image("title: T\nbase_url: https://example.org\n", "img/a.png");
    site.build_to("out", &[]).assert_success();
    let html = read_text(&site.beside("out/a/index.html"));
    assert!(
        html.contains("<meta property=\"og:image\" content=\"https://example.org/img/a.png\">"),
        "{html}"
    );
    assert!(
        html.contains("\"image\":\"https://example.org/img/a.png\""),
        "{html}"
    );
}

fn check(site: &Site) -> String {
    let run = site.run(
        &["check".to_string(), site.dir().display().to_string()],
        &[],
        Duration::from_secs(60),
    );
    format!("{}{}", run.stdout, run.stderr_normalized())
}

#[test]
fn check_finds_an_image_that_is_not_there() {
    let site = with_image("title: T\n", "img/a.png");
    let out = check(&site);
    assert!(!out.contains("missing-asset"), "{out}");
    let site = with_image("title: T\n", "img/b.png");
    let out = check(&site);
    assert!(
        out.contains("content/a.md:5: error: image `img/b.png`: no file `static/img/b.png`"),
        "{out}"
    );
    assert!(out.contains("[missing-asset]"), "{out}");
    let site = with_image("title: T\n", "ftp://example.org/a.png");
    let out = check(&site);
    assert!(out.contains("content/a.md:5: error: image"), "{out}");
    assert!(out.contains("ftp://example.org/a.png"), "{out}");
    let site = with_image("title: T\n", "https://example.org/a.png");
    assert!(!check(&site).contains("missing-asset"));
}

#[test]
fn check_finds_a_static_file_that_replaces_a_page() {
    let site = Site::inline(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\nsummary: S.\n---\nText.\n",
        ),
        ("static/a/index.html", "mine"),
        ("static/tags/index.html", "mine too"),
    ]);
    let out = check(&site);
    for path in ["a/index.html", "tags/index.html"] {
        assert!(
            out.contains(&format!("static file would replace the generated `{path}`")),
            "{out}"
        );
    }
    assert!(out.contains("[duplicate-output]"), "{out}");
}

#[test]
fn check_refuses_an_article_whose_slug_is_a_taxonomy() {
    for slug in ["tags", "Tags"] {
        let site = Site::inline(&[(
            "content/a.md",
            &format!("---\ntitle: A\nslug: {slug}\ndate: 2024-06-19\nsummary: S.\n---\nText.\n"),
        )]);
        let out = check(&site);
        assert!(out.contains("content/a.md:"), "{slug}: {out}");
        assert!(
            out.contains("[slug-collision]") || out.contains("[duplicate-output]"),
            "{slug}: {out}"
        );
        assert!(!out.contains("0 errors"), "{slug}: {out}");
        if slug == "Tags" {
            assert!(
                out.contains("content/a.md: error: the page of")
                    && out.contains("both claim the output path `tags/index.html`"),
                "{out}"
            );
        }
    }
}

#[test]
fn check_names_the_line_of_the_broken_link_not_the_first_same_text() {
    let site = Site::inline(&[
        ("content/b.md", "---\ntitle: B\ndate: 2024-06-19\nsummary: S.\n---\nB.\n"),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\nsummary: S.\n---\nThe folder ../c/ is named here first.\n\n[B](../b/) is fine.\n\n[C](../c/) is not.\n",
        ),
    ]);
    let out = check(&site);
    assert!(
        out.contains("content/a.md:10: error: link `../c/` on a/index.html"),
        "{out}"
    );
    assert!(!out.contains("content/a.md:6: error"), "{out}");
}
