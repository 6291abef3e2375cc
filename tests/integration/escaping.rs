//! Text from front-matter is text: titles and summaries cannot inject markup into the pages.

use crate::support::{event_ids, read_text, Site};

const ARTICLE: &str = r#"---
title: "<script>alert(1)</script>"
date: 2024-06-19
summary: "Raw <b>bold</b> and <img src=x onerror=alert(2)> in a summary"
events:
  - id: hostile
    title: "<script>alert(3)</script>"
    date: 2024-06-19
    summary: "An event summary with <iframe src=evil></iframe>"
    place: "<em>nowhere</em>"
---

The body.
"#;

#[test]
fn titles_and_summaries_are_escaped() {
    let site = Site::inline(&[("content/hostile.md", ARTICLE)]);
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    assert_eq!(event_ids(&out), ["hostile"]);
    for page in ["index.html", "hostile/index.html"] {
        // The theme's own scripts (annalist.js, search.js) are the `<script src` a page may
        // hold; JSON-LD is checked for `<` by the publishing tests.
        let html = crate::support::without_json_ld(&read_text(&out.join(page))).replacen(
            r#"<script src="#,
            "",
            2,
        );
        assert!(
            html.contains("&lt;script&gt;"),
            "{page}: the title is not shown as text"
        );
        for raw in [
            "<script>alert",
            "<script",
            "<img src=x",
            "<iframe",
            "<b>bold",
            "<em>nowhere",
        ] {
            assert!(
                !html.contains(raw),
                "{page}: raw markup {raw:?} from front-matter:\n{html}"
            );
        }
    }
    let article = read_text(&out.join("hostile/index.html"));
    assert!(
        article.contains("&lt;img"),
        "the article summary is not shown as text"
    );
}
