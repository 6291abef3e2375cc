//! Property: dates written relative to the dateline and to other events resolve the same
//! whatever order the article files are read in (their names decide it), and every resolved
//! date parses back through the date grammar to the same date.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use annalist::date::{EventDate, Zone};
use annalist::render::Theme;
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Articles whose events are placed from the dateline and from each other, across files, in
/// chains (`op-ed` from `arrival`, `dinner` from `talks`, `departure` from `dinner`).
const ARTICLES: &[&str] = &[
    "---\ntitle: Arrival\ndateline: 2024-06-19\ntimezone: Asia/Pyongyang\nevents:\n  - id: arrival\n    title: Arrival\n    date: yesterday night\n  - id: op-ed\n    title: Op-ed\n    date: hours before arrival\n---\n",
    "---\ntitle: Talks\ndateline: 2024-06-19\nevents:\n  - id: talks\n    title: Talks\n    date: today\n  - id: warrant\n    title: Warrant\n    date: March last year\n---\n",
    "---\ntitle: Dinner\ndate: 2024-06-20\nevents:\n  - id: dinner\n    title: Dinner\n    date: the same day as talks\n    after: talks\n  - id: signing\n    title: Signing\n    date: 2 hours after arrival\n---\n",
    "---\ntitle: Departure\ndateline: 2024-06-21\nevents:\n  - id: departure\n    title: Departure\n    date: the day after dinner\n  - id: last-visit\n    title: Last visit\n    date: 24 years ago\n  - id: follow-up\n    title: Follow-up\n    date: 3 days after departure\n---\n",
];

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| Theme::from_sources(&[]).expect("built-in theme"))
}

/// id → resolved date, from `events.json` of a build of the articles under these names.
fn resolved(names: &[String]) -> BTreeMap<String, String> {
    let config = annalist::config::parse("").expect("config");
    let files: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(ARTICLES.iter().copied())
        .collect();
    let out = annalist::memory::render(theme(), &config, &files).expect("the articles build");
    let json = out
        .iter()
        .find(|f| f.path == "events.json")
        .expect("events.json");
    let value: serde_json::Value = serde_json::from_slice(&json.bytes).expect("json");
    value["events"]
        .as_array()
        .expect("an `events` list")
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap_or_default().to_string(),
                e["date"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(Config { cases: 40, ..Config::default() })]

    #[test]
    fn resolution_does_not_depend_on_the_order_files_are_read(
        order in Just((0..ARTICLES.len()).collect::<Vec<usize>>()).prop_shuffle(),
        folders in proptest::collection::vec(0usize..3, ARTICLES.len()),
    ) {
        // The files get names that sort in the shuffled order, some in sub-folders.
        let names: Vec<String> = (0..ARTICLES.len())
            .map(|i| {
                let rank = order.iter().position(|&j| j == i).unwrap_or(i);
                let folder = ["", "a/", "z/"][folders[i]];
                format!("{folder}{rank}-article.md")
            })
            .collect();
        let straight: Vec<String> = (0..ARTICLES.len()).map(|i| format!("{i}.md")).collect();
        let want = resolved(&straight);
        prop_assert_eq!(want.len(), 9);
        prop_assert_eq!(&resolved(&names), &want);
        for (id, date) in &want {
            let zone = Zone::parse("Asia/Pyongyang").expect("zone");
            let again = EventDate::parse(date, &zone);
            prop_assert!(again.is_ok(), "{id}: {date} does not parse back");
            prop_assert_eq!(&again.unwrap().normalized(), date);
        }
    }
}

#[test]
fn the_chain_resolves_to_the_dates_the_words_say() {
    let names: Vec<String> = (0..ARTICLES.len()).map(|i| format!("{i}.md")).collect();
    let got = resolved(&names);
    let want = [
        ("arrival", "2024-06-18 night"),
        ("op-ed", "2024-06-18 night~"),
        ("talks", "2024-06-19"),
        ("warrant", "2023-03"),
        ("dinner", "2024-06-19"),
        ("departure", "2024-06-20"),
        ("follow-up", "2024-06-23"),
        ("last-visit", "2000"),
    ];
    for (id, date) in want {
        assert_eq!(got.get(id).map(String::as_str), Some(date), "{id}: {got:?}");
    }
}
