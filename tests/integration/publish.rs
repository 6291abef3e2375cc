//! Publishing: the machine-readable outputs read back by parsers that are not ours
//! (`atom_syndication` for Atom, `ical` for iCalendar, serde_json for JSON Feed 1.1 and
//! TimelineJS), the links of the demo followed as a host and a browser from disk would, and
//! `annalist check` on broken sites.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufReader;

use crate::support::{read_text, read_tree, Site, DEFAULT_TIMEOUT};

const BASE: &str = "https://example.org/timelines/korea";

fn demo_with_base() -> (Site, std::path::PathBuf) {
    let site = Site::demo();
    site.build_to("out", &["--base-url", &format!("{BASE}/")])
        .assert_success();
    let out = site.beside("out");
    (site, out)
}

#[test]
fn atom_feed_parses_newest_first_with_ids_authors_and_content() {
    let (_site, out) = demo_with_base();
    let text = read_text(&out.join("feed.xml"));
    let feed: atom_syndication::Feed = text.parse().expect("feed.xml is Atom");
    assert_eq!(feed.title().as_str(), "Putin in Pyongyang, June 2024");
    let entries = feed.entries();
    assert_eq!(entries.len(), 6, "every dated article (not About)");
    let mut previous = None;
    let mut ids = BTreeSet::new();
    for e in entries {
        assert!(e.id().starts_with(&format!("{BASE}/")), "{}", e.id());
        assert!(ids.insert(e.id().to_string()), "duplicate id {}", e.id());
        assert!(!e.authors().is_empty() || !feed.authors().is_empty());
        assert!(e.summary().is_some(), "{} has a summary", e.id());
        assert!(e
            .content()
            .and_then(|c| c.value())
            .is_some_and(|v| v.contains("<p>")));
        let published = e.published().expect("published");
        if let Some(p) = previous {
            assert!(published <= p, "newest first");
        }
        previous = Some(published);
    }
    let links: Vec<&str> = feed.links().iter().map(|l| l.href()).collect();
    assert!(links.contains(&format!("{BASE}/feed.xml").as_str()));
}

/// The entries of an Atom file of the output folder.
fn atom(out: &std::path::Path, path: &str) -> atom_syndication::Feed {
    read_text(&out.join(path))
        .parse()
        .unwrap_or_else(|e| panic!("{path} is not Atom: {e}"))
}

/// The output file and anchor an absolute link of the build points at: `page/2/#x` →
/// (`page/2/index.html`, `x`).
fn card_of(href: &str) -> (String, String) {
    let rest = href
        .strip_prefix(&format!("{BASE}/"))
        .unwrap_or_else(|| panic!("{href} is not under {BASE}"));
    let (dir, anchor) = rest
        .split_once('#')
        .expect("a link to a card has an anchor");
    (format!("{dir}index.html"), anchor.to_string())
}

#[test]
fn events_feeds_list_every_event_newest_first_with_its_terms_and_card() {
    let (_site, out) = demo_with_base();
    let events = crate::support::events_json(&out);
    let position = |id: &str| events.iter().position(|e| e["id"] == id).unwrap();
    let all = atom(&out, "events.xml");
    assert_eq!(all.entries().len(), events.len(), "fewer than the cap: all");
    assert_eq!(all.id(), format!("{BASE}/events.xml"));
    let mut ids = BTreeSet::new();
    let mut previous: Option<(std::cmp::Reverse<String>, usize)> = None;
    let taxonomies = ["tags", "people", "places"];
    for e in all.entries() {
        assert!(ids.insert(e.id().to_string()), "duplicate id {}", e.id());
        let alternate = e.links().iter().find(|l| l.rel() == "alternate").unwrap();
        let (file, id) = card_of(alternate.href());
        let page = read_text(&out.join(&file));
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{file} has no card #{id}"
        );
        // Newest first; ties in the order of events.json.
        let key = (std::cmp::Reverse(e.updated().to_rfc3339()), position(&id));
        if let Some(p) = &previous {
            assert!(*p < key, "{id} is out of order");
        }
        previous = Some(key);
        // Its categories are its terms.
        let event = &events[position(&id)];
        let mut terms: Vec<String> = Vec::new();
        for t in taxonomies {
            for name in event[t].as_array().unwrap() {
                terms.push(format!("{BASE}/{t}/ {}", name.as_str().unwrap()));
            }
        }
        let categories: Vec<String> = e
            .categories()
            .iter()
            .map(|c| format!("{} {}", c.scheme().unwrap(), c.label().unwrap()))
            .collect();
        assert_eq!(categories, terms, "{id}");
        assert!(e.summary().is_some() && e.content().is_some(), "{id}");
    }
    // Each term's feed has the term's events, linked to cards on the term's own pages.
    let mut terms = 0;
    for t in taxonomies {
        for entry in std::fs::read_dir(out.join(t)).unwrap() {
            let dir = entry.unwrap().path();
            if !dir.join("index.html").is_file() {
                continue;
            }
            terms += 1;
            let rel = dir
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let feed = atom(&out, &format!("{rel}/events.xml"));
            let page = read_text(&dir.join("index.html"));
            assert!(
                page.contains(&format!("type=\"application/atom+xml\" title=\"{}: events (Atom)\" href=\"../../{rel}/events.xml\"", feed.title().as_str().split(" · ").next().unwrap())),
                "{rel}'s page links its own events feed"
            );
            let name = feed
                .title()
                .as_str()
                .split(" · ")
                .next()
                .unwrap()
                .to_string();
            let expected = events
                .iter()
                .filter(|e| {
                    e[t].as_array()
                        .unwrap()
                        .iter()
                        .any(|n| n.as_str() == Some(name.as_str()))
                })
                .count();
            assert_eq!(feed.entries().len(), expected, "{rel}");
            for e in feed.entries() {
                let (file, id) = card_of(e.links()[0].href());
                assert!(file.starts_with(&format!("{rel}/")), "{file}");
                assert!(read_text(&out.join(&file)).contains(&format!("id=\"{id}\"")));
            }
        }
    }
    assert!(terms >= 10, "only {terms} terms");
    // Pages other than a term's link the whole timeline's; the sitemap lists pages, not feeds.
    let article = read_text(&out.join("arrival-ria-novosti/index.html"));
    assert!(article.contains("href=\"../events.xml\""));
    assert!(!read_text(&out.join("sitemap.xml")).contains("events.xml"));
}

#[test]
fn events_feed_links_resolve_to_cards_on_later_pages() {
    let site = Site::inline(&[
        ("site.yaml", "paginate: 1\n"),
        ("content/a.md", "---\ntitle: A\ndate: 2024-01-01\ntags: [x]\nevents:\n  - {id: one, title: One, date: 2000}\n  - {id: two, title: Two, date: 2001}\n---\n"),
        ("content/b.md", "---\ntitle: B\ndate: 2024-03-01\nevents:\n  - {id: three, title: Three, date: 1999, tags: [x]}\n---\n"),
    ]);
    site.build_to("out", &["--base-url", &format!("{BASE}/")])
        .assert_success();
    let out = site.beside("out");
    for path in ["events.xml", "tags/x/events.xml"] {
        let feed = atom(&out, path);
        let cards: Vec<(String, String)> = feed
            .entries()
            .iter()
            .map(|e| card_of(e.links()[0].href()))
            .collect();
        // `three`, reported last, first; then a's two in timeline order.
        let ids: Vec<&str> = cards.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["three", "one", "two"], "{path}");
        for (file, id) in &cards {
            let page = read_text(&out.join(file));
            assert!(
                page.contains(&format!("id=\"{id}\"")),
                "{path}: {file} #{id}"
            );
        }
        let files: Vec<&str> = cards.iter().map(|(f, _)| f.as_str()).collect();
        let prefix = if path == "events.xml" { "" } else { "tags/x/" };
        assert_eq!(
            files,
            [
                format!("{prefix}index.html"),
                format!("{prefix}page/2/index.html"),
                format!("{prefix}page/3/index.html")
            ],
            "{path}"
        );
    }
}

#[test]
fn json_feed_has_the_required_fields_of_version_1_1() {
    let (_site, out) = demo_with_base();
    let feed: serde_json::Value =
        serde_json::from_str(&read_text(&out.join("feed.json"))).expect("feed.json is JSON");
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert!(feed["title"].is_string());
    assert_eq!(feed["feed_url"], format!("{BASE}/feed.json"));
    let items = feed["items"].as_array().expect("items");
    assert_eq!(items.len(), 6);
    for item in items {
        assert!(item["id"].is_string(), "id required: {item}");
        assert!(
            item["content_html"].is_string() || item["content_text"].is_string(),
            "content required"
        );
        let published = item["date_published"].as_str().expect("date_published");
        chrono::DateTime::parse_from_rfc3339(published).expect("RFC 3339");
    }
}

#[test]
fn every_page_links_both_feeds_and_carries_open_graph_and_json_ld() {
    let (_site, out) = demo_with_base();
    // The embed twins (embed/…) are framed by other sites' pages: no feeds, no Open Graph.
    let pages = read_tree(&out);
    let pages = pages
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && !p.starts_with("embed/"));
    for (path, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        assert!(html.contains(r#"type="application/atom+xml""#), "{path}");
        assert!(html.contains(r#"type="application/feed+json""#), "{path}");
        assert!(html.contains(r#"<meta property="og:title""#), "{path}");
        if path != "404.html" {
            assert!(
                html.contains(
                    r#"<link rel="canonical" href="https://example.org/timelines/korea/"#
                ),
                "{path}"
            );
        }
    }
    let article = read_text(&out.join("arrival-ria-novosti/index.html"));
    let start = article.find(crate::support::JSON_LD_OPEN).expect("JSON-LD")
        + crate::support::JSON_LD_OPEN.len();
    let end = start + article[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&article[start..end]).unwrap();
    let graph = ld["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["@type"], "NewsArticle");
    assert_eq!(graph[0]["url"], format!("{BASE}/arrival-ria-novosti/"));
    assert!(graph[0]["datePublished"].is_string() && graph[0]["dateModified"].is_string());
    assert!(
        graph.iter().any(|n| n["@type"] == "Event"),
        "arrival has a day and a place"
    );
}

#[test]
fn events_ics_parses_with_one_vevent_per_event() {
    let (_site, out) = demo_with_base();
    let bytes = std::fs::read(out.join("events.ics")).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for line in text.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "CRLF: {line:?}");
        assert!(line.len() - 2 <= 75, "folded at 75 octets: {line:?}");
    }
    let mut parser = ical::IcalParser::new(BufReader::new(&bytes[..]));
    let calendar = parser
        .next()
        .expect("a calendar")
        .expect("events.ics parses");
    assert!(parser.next().is_none());
    let ids = crate::support::event_ids(&out);
    assert_eq!(calendar.events.len(), ids.len());
    let mut uids = BTreeSet::new();
    for ev in &calendar.events {
        let props: BTreeMap<&str, &ical::property::Property> =
            ev.properties.iter().map(|p| (p.name.as_str(), p)).collect();
        for required in ["UID", "DTSTAMP", "DTSTART", "SUMMARY"] {
            assert!(
                props.contains_key(required),
                "{required} in {:?}",
                ev.properties
            );
        }
        uids.insert(props["UID"].value.clone().unwrap());
    }
    assert_eq!(uids.len(), ids.len(), "UIDs are unique");
    assert!(uids.contains("arrival@example.org.timelines.korea"));
    // The arrival, the night of 18–19 June in Pyongyang, is a timed span 22:00–06:00 KST.
    assert!(text.contains("DTSTART:20240618T130000Z\r\nDTEND:20240618T210000Z\r\n"));
    // Deterministic: the same content gives the same calendar.
    let again = Site::demo();
    again
        .build_to("out", &["--base-url", &format!("{BASE}/")])
        .assert_success();
    assert_eq!(
        std::fs::read(again.beside("out/events.ics")).unwrap(),
        bytes
    );
}

#[test]
fn bce_events_are_left_out_of_the_calendar_with_a_note_naming_them() {
    let site = Site::inline(&[(
        "content/old.md",
        "---\ntitle: Old\nsummary: s\nsources: [X]\nevents:\n  - {id: ides, title: Ides, date: -0043-03-15}\n  - {id: later, title: Later, date: 2000}\n---\n",
    )]);
    let run = site.build_to("out", &[]);
    run.assert_success().assert_stderr_has(&[
        "old.md:6: note: event `ides` is left out of events.ics",
        "[ics-out-of-range]",
    ]);
    let text = read_text(&site.beside("out/events.ics"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    let timeline: serde_json::Value =
        serde_json::from_str(&read_text(&site.beside("out/timeline.json"))).unwrap();
    assert_eq!(timeline["events"][0]["start_date"]["year"], -43);
}

#[test]
fn timeline_json_has_a_slide_per_event_with_ascii_ids() {
    let (_site, out) = demo_with_base();
    let t: serde_json::Value =
        serde_json::from_str(&read_text(&out.join("timeline.json"))).unwrap();
    assert!(t["title"]["text"]["headline"].is_string());
    let slides = t["events"].as_array().unwrap();
    assert_eq!(slides.len(), crate::support::event_ids(&out).len());
    for s in slides {
        let id = s["unique_id"].as_str().unwrap();
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{id}"
        );
        assert!(s["start_date"]["year"].is_i64());
        assert!(s["text"]["headline"].is_string());
    }
}

#[test]
fn sitemap_and_robots_name_every_page() {
    let (_site, out) = demo_with_base();
    let sitemap = read_text(&out.join("sitemap.xml"));
    let pages = read_tree(&out)
        .keys()
        .filter(|p| p.ends_with("index.html") && !p.starts_with("embed/"))
        .count();
    assert_eq!(sitemap.matches("<loc>").count(), pages);
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}/arrival-ria-novosti/</loc><lastmod>2024-06-19</lastmod>"
    )));
    assert!(read_text(&out.join("robots.txt")).contains(&format!("Sitemap: {BASE}/sitemap.xml")));
}

#[test]
fn without_base_url_one_warning_and_no_broken_absolute_urls() {
    let site = Site::demo();
    let run = site.build_to("out", &[]);
    run.assert_success();
    assert_eq!(
        run.stderr.matches("no base_url").count(),
        1,
        "{}",
        run.stderr
    );
    let out = site.beside("out");
    for absent in [
        "feed.xml",
        "feed.json",
        "sitemap.xml",
        "events.xml",
        "tags/diplomacy/events.xml",
    ] {
        assert!(!out.join(absent).exists(), "{absent}");
    }
    let index = read_text(&out.join("index.html"));
    assert!(!index.contains("rel=\"canonical\"") && !index.contains("og:url"));
}

#[test]
fn static_files_like_cname_pass_through_untouched() {
    let site = Site::demo();
    site.write("static/CNAME", b"timeline.example.org\n");
    site.write("static/_redirects", b"/old /new 301\n");
    site.build_to("out", &[]).assert_success();
    assert_eq!(
        std::fs::read(site.beside("out/CNAME")).unwrap(),
        b"timeline.example.org\n"
    );
    assert_eq!(
        std::fs::read(site.beside("out/_redirects")).unwrap(),
        b"/old /new 301\n"
    );
}

/// Every `href`/`src` value and `id` in a page (attributes in double quotes, as both the theme
/// and the Markdown renderer write them).
fn attributes<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let pat = format!(" {name}=\"");
    html.match_indices(&pat)
        .filter_map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Joins a URL path reference onto a base path the way a browser does (RFC 3986 §5.2).
fn join(base: &str, reference: &str) -> String {
    let mut segs: Vec<&str> = base.split('/').collect();
    segs.pop();
    let ref_segs: Vec<&str> = reference.split('/').collect();
    for (i, seg) in ref_segs.iter().enumerate() {
        let last = i == ref_segs.len() - 1;
        match *seg {
            ".." => {
                if segs.len() > 1 {
                    segs.pop();
                }
                if last {
                    segs.push("");
                }
            }
            "." => {
                if last {
                    segs.push("");
                }
            }
            s => segs.push(s),
        }
    }
    segs.join("/")
}

/// Crawls the built tree as served under `mount` (`/` for a domain root, `/timelines/korea/` for
/// a sub-path, or the file system path for a browser opening files): follows every internal link
/// from `index.html`, maps URL paths to files as a static host does (`dir/` → `dir/index.html`;
/// from disk there is no such mapping) and checks every `#anchor`. Returns the broken links.
fn crawl(out: &std::path::Path, mount: &str, from_disk: bool) -> (Vec<String>, usize) {
    let tree = read_tree(out);
    let to_file = |url_path: &str| -> Option<String> {
        let rel = url_path.strip_prefix(mount)?;
        if tree.contains_key(rel) {
            return Some(rel.to_string());
        }
        if from_disk {
            return None;
        }
        let index = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            return None;
        };
        tree.contains_key(&index).then_some(index)
    };
    let mut broken = Vec::new();
    let mut seen = BTreeSet::new();
    let mut queue = vec![format!("{mount}index.html")];
    let mut pages = BTreeSet::new();
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let Some(file) = to_file(&url) else { continue };
        if !file.ends_with(".html") {
            continue;
        }
        pages.insert(file.clone());
        let html = String::from_utf8_lossy(&tree[&file]).into_owned();
        for link in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
            // The header's search form goes to the search page.
            .chain(attributes(&html, "action"))
        {
            let link = link.replace("&amp;", "&");
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                url.clone()
            } else if path.starts_with('/') {
                path.to_string()
            } else {
                join(&url, path)
            };
            let Some(target_file) = to_file(&target) else {
                broken.push(format!("{url} → {link}: no file"));
                continue;
            };
            if !fragment.is_empty() && target_file.ends_with(".html") {
                let target_html = String::from_utf8_lossy(&tree[&target_file]).into_owned();
                if !attributes(&target_html, "id").contains(&fragment) {
                    broken.push(format!("{url} → {link}: no anchor"));
                }
            }
            queue.push(target);
        }
    }
    (broken, pages.len())
}

#[test]
fn every_link_and_anchor_works_from_a_domain_root_a_sub_path_and_disk() {
    let (_site, pretty) = demo_with_base();
    let pages = read_tree(&pretty)
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .count();
    for mount in ["/", "/timelines/korea/"] {
        let (broken, reached) = crawl(&pretty, mount, false);
        assert!(broken.is_empty(), "served at {mount}: {broken:#?}");
        assert_eq!(reached, pages, "every page reached from {mount}");
    }
    let site = Site::demo();
    site.build_to("disk", &[]).assert_success();
    let disk = site.beside("disk");
    let mount = format!("{}/", disk.display());
    let (broken, reached) = crawl(&disk, &mount, true);
    assert!(broken.is_empty(), "from disk: {broken:#?}");
    assert_eq!(
        reached,
        read_tree(&disk)
            .keys()
            .filter(|p| p.ends_with("index.html"))
            .count()
    );
}

#[test]
fn check_passes_the_demo_and_lists_external_links_without_fetching() {
    let site = Site::demo();
    let run = site.run(
        &[
            "check",
            &site.dir().display().to_string(),
            "--list-external",
            "--base-url",
            BASE,
        ],
        &[],
        DEFAULT_TIMEOUT,
    );
    run.assert_success().assert_stderr_has(&["check: 0 errors"]);
    assert!(
        run.stdout.contains("index.html: external: https://ria.ru/"),
        "{}",
        run.stdout
    );
    assert!(!site.path("public").exists(), "check writes nothing");
}

#[test]
fn check_names_file_and_line_of_a_broken_cross_reference_and_a_missing_source() {
    let site = Site::inline(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\nsummary: s\nsources: [RIA]\nevents:\n  - {id: talks, title: Talks, date: 2024-06-19}\n---\n\nSee [the arrival](../b/index.html#arrival)\nand [talks](../b/index.html#no-such-event).\n",
        ),
        (
            "content/b.md",
            "---\ntitle: B\ndate: 2024-06-19\nsummary: s\nsources: [RIA]\nevents:\n  - {id: arrival, title: Arrival, date: 2024-06-18}\n---\n\nBack to [the talks](../a/index.html#talks) and [nowhere](../c/index.html).\n",
        ),
    ]);
    let run = site.run(&["check", "site"], &[], DEFAULT_TIMEOUT);
    run.assert_code(1).assert_stderr_has(&[
        "site/content/a.md:11: error: link `../b/index.html#no-such-event`",
        "has no anchor `#no-such-event`",
        "site/content/b.md:10: error: link `../c/index.html`",
        "check: 2 errors",
    ]);
    site.write(
        "content/c.md",
        b"---\ntitle: C\ndate: 2024-06-19\nevents:\n  - {title: Quiet, date: 2024-06-19, sources: [Nobody]}\n---\n",
    );
    let run = site.run(&["check", "site"], &[], DEFAULT_TIMEOUT);
    run.assert_code(1)
        .assert_stderr_has(&["site/content/c.md:5: error: ", "`Nobody`"]);
}

/// A chronology of antiquity can pass `check --strict`: events a calendar cannot hold are
/// named as notes, which `--strict` does not count.
#[test]
fn a_bce_chronology_passes_check_strict_with_the_left_out_events_as_notes() {
    let site = Site::inline(&[
        (
            "site.yaml",
            "title: Rome\nbase_url: https://example.org/\n",
        ),
        (
            "content/old.md",
            "---\ntitle: Old\nsummary: s\nsources: [X]\nevents:\n  - {id: ides, title: Ides, date: -0043-03-15}\n  - {id: rubicon, title: Rubicon, date: -0049-01-10}\n---\n",
        ),
    ]);
    site.run(&["check", "site", "--strict"], &[], DEFAULT_TIMEOUT)
        .assert_success()
        .assert_stderr_has(&[
            "site/content/old.md:6: note: event `ides` is left out of events.ics",
            "site/content/old.md:7: note: event `rubicon` is left out of events.ics",
            "check: 0 errors, 0 warnings, 2 notes",
        ]);
}

#[test]
fn check_warns_and_strict_fails_on_warnings() {
    let site = Site::inline(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-06-19\ntopics: [x, y]\nevents:\n  - {id: e, title: E, date: 2024-06-19}\n---\n",
    )]);
    let run = site.run(&["check", "site"], &[], DEFAULT_TIMEOUT);
    run.assert_success().assert_stderr_has(&[
        "site/content/a.md:6: warning: event `e` names no source",
        "site/content/a.md:1: warning: article has no `summary`",
        "site/content/a.md:4: warning: `topics` lists terms",
    ]);
    site.run(&["check", "site", "--strict"], &[], DEFAULT_TIMEOUT)
        .assert_code(1);
}
