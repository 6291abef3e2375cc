//! The time axis on the demo site: every event a link on it, the June 2024 events apart.

use crate::support::{read_text, Site};

/// The (x, y) of each mark of the axis on `html`, with its event id.
fn marks(html: &str) -> Vec<(String, f64, f64)> {
    let svg = &html[html.find("<svg class=\"axis-svg\"").expect("an axis")..];
    let svg = &svg[..svg.find("</svg>").expect("the axis's end")];
    let attr = |text: &str, name: &str| -> f64 {
        let at = text.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        text[at..at + text[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    svg.split("<a href=")
        .skip(1)
        .filter_map(|a| {
            let id = a
                .split("data-event=\"")
                .nth(1)?
                .split('"')
                .next()?
                .to_string();
            if let Some(c) = a.find("<circle") {
                Some((id, attr(&a[c..], "cx"), attr(&a[c..], "cy")))
            } else {
                let r = a.find("<rect")?;
                Some((id, attr(&a[r..], "x"), attr(&a[r..], "y") + 4.0))
            }
        })
        .collect()
}

#[test]
fn the_demo_axis_links_every_event_and_keeps_june_2024_apart() {
    let site = Site::demo();
    site.build_to("out", &[]).assert_success();
    let html = read_text(&site.beside("out").join("index.html"));
    assert!(html.contains("<title id=\"axis-title\">Time axis</title>"));
    assert!(html.contains("href=\"#after-axis\""), "a skip link");
    // The 22 quiet years are a break, named.
    assert!(html.contains(">22 years</text>"), "a break label");
    let marks = marks(&html);
    for id in [
        "visit-2000",
        "arrival",
        "talks",
        "op-ed",
        "friendly-state-visit",
    ] {
        assert!(
            marks.iter().any(|m| m.0 == id),
            "{id} has no mark: {marks:?}"
        );
    }
    // At 1,280 px the SVG (1,000 units wide) is drawn at least 1,100 px wide.
    let scale = 1.1;
    let june: Vec<_> = marks.iter().filter(|m| m.1 > 600.0).collect();
    assert!(june.len() >= 6, "{june:?}");
    for (i, a) in june.iter().enumerate() {
        for b in &june[i + 1..] {
            let d = ((a.1 - b.1).powi(2) + (a.2 - b.2).powi(2)).sqrt() * scale;
            assert!(d >= 8.0, "{a:?} and {b:?} are {d} px apart");
        }
    }
    // Lanes are the people, eras are bands.
    assert!(html.contains(">Vladimir Putin</text>"), "lanes");
    assert!(
        html.contains("Since the war in Ukraine began</text>"),
        "an era"
    );
    let events: serde_json::Value =
        serde_json::from_str(&read_text(&site.beside("out").join("events.json"))).unwrap();
    assert_eq!(events["eras"][0]["date"], "2022-02");
    let ics = read_text(&site.beside("out").join("events.ics"));
    assert!(!ics.contains("Since the war"), "eras are not events");
    let tl: serde_json::Value =
        serde_json::from_str(&read_text(&site.beside("out").join("timeline.json"))).unwrap();
    assert_eq!(
        tl["eras"][0]["text"]["headline"],
        "Since the war in Ukraine began"
    );
    assert!(tl["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["group"] == "Vladimir Putin"));
}

#[test]
fn a_bad_era_is_an_error_with_its_line() {
    let site = Site::demo();
    std::fs::write(
        site.path("site.yaml"),
        "title: T\nlanes: persons\neras:\n  - title: A\n    date: 2010\n    end: 2001\n",
    )
    .unwrap();
    site.build_to("out", &[]).assert_code(1).assert_stderr_has(&[
        "site.yaml:2: error: lanes: `persons` is not a taxonomy of this site; expected one of `tags`, `people`, `places` [unknown-lanes]",
        "site.yaml:4: error: eras: `A` ends (`2001`) before it begins (`2010`)",
        "[invalid-era]",
    ]);
}
