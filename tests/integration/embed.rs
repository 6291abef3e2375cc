//! The embed twins of the timeline pages (`embed/…`), the code to embed a timeline on every
//! timeline page, and `oembed.json` beside each timeline page, on the `embed` fixture (a
//! `base_url`, two events a page, a term) and without a `base_url`.

use crate::support::{expect_tree, read_text, tests_dir, Site};

fn built() -> (Site, std::path::PathBuf) {
    let dir = tests_dir("fixtures").join("embed");
    let site = Site::copy_of(&dir.join("site"));
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    expect_tree(&out, &dir.join("expected"));
    (site, out)
}

/// Every `<a …>` tag of `html`.
fn links(html: &str) -> Vec<&str> {
    html.match_indices("<a ")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap()])
        .collect()
}

#[test]
fn every_timeline_page_has_a_twin_whose_links_leave_the_frame() {
    let (_site, out) = built();
    for (twin, full, events) in [
        ("embed/index.html", "../", &["arrival", "talks"][..]),
        (
            "embed/page/2/index.html",
            "../../../page/2/",
            &["statement", "departure"],
        ),
        (
            "embed/tags/summit/page/2/index.html",
            "../../../../../tags/summit/page/2/",
            &["statement", "departure"],
        ),
        (
            "embed/tags/talks/index.html",
            "../../../tags/talks/",
            &["talks"],
        ),
    ] {
        let html = read_text(&out.join(twin));
        // No site chrome; the same stylesheet and the embed's script.
        assert!(
            !html.contains("site-header") && !html.contains("site-footer"),
            "{twin}"
        );
        assert!(
            html.contains("annalist.css") && html.contains("embed.js"),
            "{twin}"
        );
        for id in events {
            assert!(html.contains(&format!("id=\"{id}\"")), "{twin}: {id}");
            // "Open this event" goes to the event on the full timeline page.
            assert!(
                html.contains(&format!("<a href=\"{full}#{id}\">Open this event")),
                "{twin}: {id}"
            );
        }
        // Every link opens in the top window (the page's base target), but the pages of the
        // embed itself and the skip link; the axis's SVG links (which do not follow the base)
        // say so themselves, and each event of the listing has one.
        assert!(html.contains("<base target=\"_top\">"), "{twin}");
        let (page, svg) = html.split_at(html.find("<svg class=\"axis-svg\"").expect(twin));
        let svg = &svg[..svg.find("</svg>").unwrap()];
        for link in links(page) {
            let inside = link.contains("rel=\"prev\"")
                || link.contains("rel=\"next\"")
                || link.contains("aria-current=\"page\"")
                || link.contains("title=\"")
                || link.contains("href=\"#after-axis\"");
            match inside {
                true => assert!(link.contains("target=\"_self\""), "{twin}: {link}"),
                false => assert!(!link.contains("target="), "{twin}: {link}"),
            }
        }
        let marks = links(svg);
        assert!(marks.len() >= events.len(), "{twin}: {svg}");
        for link in marks {
            assert!(link.contains("target=\"_top\""), "{twin}: {link}");
        }
        // Its canonical URL is its timeline page's.
        let canonical = format!(
            "https://news.example/timelines/{}",
            full.trim_start_matches("../")
        );
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")),
            "{twin}"
        );
    }
    // The twins are not in the sitemap; the timeline pages are.
    let sitemap = read_text(&out.join("sitemap.xml"));
    assert!(!sitemap.contains("/embed/"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://news.example/timelines/tags/summit/page/2/</loc>"));
}

#[test]
fn each_timeline_page_offers_its_code_and_links_its_oembed_file() {
    let (_site, out) = built();
    for (page, dir, title) in [
        ("index.html", "", "The &quot;summit&quot; desk"),
        (
            "page/2/index.html",
            "page/2/",
            "The &quot;summit&quot; desk",
        ),
        ("tags/talks/index.html", "tags/talks/", "talks"),
    ] {
        let html = read_text(&out.join(page));
        let oembed = format!("https://news.example/timelines/{dir}oembed.json");
        assert!(
            html.contains(&format!("<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{oembed}\" title=\"{title}\">")),
            "{page}"
        );
        let src = format!("https://news.example/timelines/embed/{dir}");
        assert!(html.contains("<details class=\"embed-code\">"), "{page}");
        assert!(
            html.contains(&format!("&lt;iframe src=&quot;{src}&quot;")),
            "{page}"
        );
        assert!(html.contains("new pym.Parent("), "{page}");
        let file = out.join(format!("{dir}oembed.json"));
        let json: serde_json::Value = serde_json::from_str(&read_text(&file)).unwrap();
        assert_eq!(json["version"], "1.0");
        assert_eq!(json["type"], "rich");
        assert_eq!(json["provider_name"], "The \"summit\" desk");
        assert_eq!(json["provider_url"], "https://news.example/timelines/");
        let iframe = json["html"].as_str().unwrap();
        assert!(
            iframe.starts_with(&format!("<iframe src=\"{src}\" title=\"")),
            "{iframe}"
        );
        assert!(iframe.contains("width=\"100%\"") && iframe.contains("loading=\"lazy\""));
        assert!(json["width"].as_u64().is_some() && json["height"].as_u64().is_some());
        assert!(json["cache_age"].as_u64().is_some());
    }
    // Articles and the other pages have neither.
    let article = read_text(&out.join("summit/index.html"));
    assert!(!article.contains("json+oembed") && !article.contains("embed-code"));
    assert!(!out.join("summit/oembed.json").exists() && !out.join("embed/oembed.json").exists());
}

#[test]
fn without_a_base_url_the_code_says_it_needs_one_and_no_oembed_is_written() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: Alpha\nevents:\n  - {id: a, title: Alpha, date: '2000'}\n---\nText.\n",
    )]);
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    let index = read_text(&out.join("index.html"));
    assert!(index.contains("The embed code needs the site’s address: set base_url in site.yaml."));
    assert!(!index.contains("&lt;iframe") && !index.contains("json+oembed"));
    assert!(index.contains("<a href=\"embed/index.html\">"));
    assert!(!out.join("oembed.json").exists());
    let twin = read_text(&out.join("embed/index.html"));
    assert!(
        twin.contains("<a href=\"../index.html#a\">Open this event"),
        "{twin}"
    );
    assert!(!twin.contains("rel=\"canonical\""));
}
