//! Long timelines split into pages (`paginate` in site.yaml) with working links between them.

use std::collections::BTreeMap;

use crate::support::{read_text, read_tree, Site};

fn site(paginate: usize) -> Site {
    let mut files = vec![(
        "site.yaml".to_string(),
        format!("title: Paged\npaginate: {paginate}\n"),
    )];
    for (i, year) in [1990, 1991, 1991, 2005, 2020].iter().enumerate() {
        files.push((
            format!("content/a{i}.md"),
            format!(
                "---\ntitle: Event {i}\ndate: {year}-01-0{}\ntags: [all]\n---\nText.\n",
                i + 1
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    Site::inline(&refs)
}

/// Every relative `href` of every page points at a file of the build, and every `#fragment`
/// at an id on the page it names.
fn crawl(tree: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if href.starts_with("http") || href.starts_with("mailto:") {
                continue;
            }
            let (target, fragment) = href.split_once('#').unwrap_or((href, ""));
            let mut parts: Vec<&str> = if target.is_empty() {
                path.split('/').collect()
            } else {
                dir.split('/').filter(|s| !s.is_empty()).collect()
            };
            if !target.is_empty() {
                for seg in target.split('/') {
                    match seg {
                        ".." => {
                            parts.pop();
                        }
                        "" | "." => {}
                        s => parts.push(s),
                    }
                }
            }
            let resolved = parts.join("/");
            let page = tree
                .get(&resolved)
                .unwrap_or_else(|| panic!("{path}: link {href} points at a missing {resolved}"));
            if !fragment.is_empty() {
                let text = String::from_utf8_lossy(page);
                assert!(
                    text.contains(&format!("id=\"{fragment}\"")),
                    "{path}: link {href}: no #{fragment} in {resolved}"
                );
            }
        }
    }
}

#[test]
fn a_long_timeline_splits_into_linked_pages() {
    let site = site(2);
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    let tree = read_tree(&out);
    for path in [
        "index.html",
        "page/2/index.html",
        "page/3/index.html",
        "tags/all/index.html",
        "tags/all/page/2/index.html",
        "tags/all/page/3/index.html",
    ] {
        assert!(tree.contains_key(path), "{path} missing");
    }
    assert!(!tree.contains_key("page/4/index.html"));
    let second = read_text(&out.join("page/2/index.html"));
    assert!(
        second.contains("Event 2") && second.contains("Event 3"),
        "page 2 holds events 3 and 4"
    );
    assert!(!second.contains(">Event 0<") && !second.contains(">Event 4<"));
    assert!(second.contains("rel=\"prev\""), "a link to page 1");
    assert!(
        second.contains("href=\"../../index.html\" rel=\"prev\""),
        "{second}"
    );
    assert!(second.contains("href=\"../../page/3/index.html\" rel=\"next\""));
    // The jump-to-year list names every year, on whichever page it is.
    let first = read_text(&out.join("index.html"));
    for (year, href) in [
        ("1990", "#y1990"),
        ("1991", "#y1991"),
        ("2005", "page/2/index.html#y2005"),
        ("2020", "page/3/index.html#y2020"),
    ] {
        assert!(
            first.contains(&format!("<a href=\"{href}\">{year}</a>")),
            "{year} → {href}"
        );
    }
    crawl(&tree);
}

#[test]
fn paginate_zero_never_splits() {
    let site = site(0);
    site.build_to("out", &[]).assert_success();
    let tree = read_tree(&site.beside("out"));
    assert!(!tree.keys().any(|k| k.contains("page/")), "no page folders");
    crawl(&tree);
}

#[test]
fn pretty_links_with_a_base_url_also_resolve() {
    let site = site(2);
    site.build_to("out", &["--base-url", "https://example.org/t/"])
        .assert_success();
    let second = read_text(&site.beside("out").join("page/2/index.html"));
    assert!(
        second.contains("href=\"../../page/3/\" rel=\"next\""),
        "{second}"
    );
}
