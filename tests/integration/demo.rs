//! The demo site at the repository root builds, in the documented order, the same on every run.

use crate::support::{
    assert_trees_equal, event, event_ids, events_json, read_text, read_tree, Site, DEFAULT_TIMEOUT,
};

/// The slug an article gets: its `slug:` key, else its file stem (the demo's stems are slugs).
fn demo_slug(path: &std::path::Path) -> String {
    let text = read_text(path);
    let front = text.split("\n---").next().unwrap_or_default();
    front
        .lines()
        .find_map(|l| {
            l.strip_prefix("slug:")
                .map(|s| s.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| {
            path.file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned()
        })
}

fn demo_articles(site: &Site) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![site.path("content")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read content") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn demo_site_builds_in_the_documented_order() {
    let site = Site::demo();
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");

    let ids = event_ids(&out);
    let wanted = [
        "visit-2000",
        "special-military-operation",
        "icc-warrant",
        "op-ed",
        "arrival",
        "talks",
    ];
    let positions: Vec<usize> = wanted
        .iter()
        .map(|w| {
            ids.iter()
                .position(|id| id == w)
                .unwrap_or_else(|| panic!("no event `{w}` in {ids:?}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|p| p[0] < p[1]),
        "events out of order: {wanted:?} at {positions:?} in {ids:?}"
    );
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        ids.len(),
        "an id appears twice in events.json: {ids:?}"
    );

    let events = events_json(&out);
    let arrival = event(&events, "arrival");
    assert_eq!(
        arrival["articles"].as_array().map(Vec::len),
        Some(2),
        "`arrival` is reported by two articles: {}",
        arrival["articles"]
    );

    let index = read_text(&out.join("index.html"));
    for id in &ids {
        assert!(
            index.contains(&format!(r#"id="{id}""#)),
            "index.html has no anchor for `{id}`"
        );
    }
    for article in demo_articles(&site) {
        let page = out.join(demo_slug(&article)).join("index.html");
        assert!(
            page.is_file(),
            "no page {} for {}",
            page.display(),
            article.display()
        );
    }
    // No script from front-matter: the only scripts allowed are the theme's own files and
    // JSON-LD data, in which no `<` can close the element.
    for (path, bytes) in read_tree(&out).iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for (i, _) in html.match_indices("<script") {
            let rest = &html[i..];
            if let Some(data) = rest.strip_prefix(crate::support::JSON_LD_OPEN) {
                let body = &data[..data.find("</script>").expect("closed")];
                assert!(!body.contains('<'), "{path}: `<` in JSON-LD");
                continue;
            }
            assert!(
                rest.starts_with("<script src="),
                "{path}: inline <script> at byte {i}"
            );
        }
    }
}

#[test]
fn two_builds_of_the_demo_are_identical() {
    let site = Site::demo();
    site.build_to("one", &[]).assert_success();
    site.build_to("two", &[]).assert_success();
    let one = read_tree(&site.beside("one"));
    assert!(one.contains_key("index.html") && one.contains_key("events.json"));
    assert_trees_equal(
        &read_tree(&site.beside("two")),
        &one,
        "second build vs first",
    );
}

#[test]
fn one_thread_builds_the_same_as_many() {
    let site = Site::demo();
    let build = |out: &str, threads: Option<&str>| {
        let args = [
            "build".to_string(),
            site.dir().display().to_string(),
            "-o".into(),
            site.beside(out).display().to_string(),
        ];
        let env: Vec<(&str, &str)> = threads
            .map(|t| vec![("RAYON_NUM_THREADS", t)])
            .unwrap_or_default();
        site.run(&args, &env, DEFAULT_TIMEOUT).assert_success();
    };
    build("single", Some("1"));
    build("many", Some("4"));
    build("default", None);
    let single = read_tree(&site.beside("single"));
    assert_trees_equal(&read_tree(&site.beside("many")), &single, "4 threads vs 1");
    assert_trees_equal(
        &read_tree(&site.beside("default")),
        &single,
        "default threads vs 1",
    );
}
