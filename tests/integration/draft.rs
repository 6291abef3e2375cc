//! `annalist draft`: a news text becomes a draft article whose events carry the resolved dates
//! and the words, that builds; `--timeml` keeps every byte of the text; `-o` never overwrites.

use crate::support::{events_json, read_text, Site, DEFAULT_TIMEOUT};

const COPY: &str = "Media reports say Putin arrived in Pyongyang yesterday night.\n\nAl Jazeera reported today that talks had begun. The court issued a warrant in March last year. His last visit came in 2000.\n";

#[test]
fn a_draft_of_news_copy_builds_with_the_dates_and_words() {
    let site = Site::inline(&[
        ("copy.txt", COPY),
        ("content/about.md", "---\ntitle: About\n---\n"),
    ]);
    let args = [
        "draft",
        "site/copy.txt",
        "--dateline",
        "2024-06-19",
        "--source",
        "Press reports",
        "-o",
        "site/content/draft.md",
    ];
    site.run(&args, &[], DEFAULT_TIMEOUT)
        .assert_success()
        .assert_stderr_has(&[
            "yesterday night → 2024-06-18TNI",
            "March last year → 2023-03",
        ]);
    let draft = read_text(&site.path("content/draft.md"));
    assert!(draft.contains("draft: true"), "{draft}");
    assert!(
        draft.contains("date: 2024-06-18 night\n    date_written: yesterday night"),
        "{draft}"
    );
    // -o refuses to overwrite.
    site.run(&args, &[], DEFAULT_TIMEOUT).assert_code(1);
    site.build_to("out", &["--drafts"]).assert_success();
    let events = events_json(&site.beside("out"));
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2000", "2023-03", "2024-06-18 night", "2024-06-19"]);
}

#[test]
fn timeml_output_is_the_text_with_tags_and_nothing_else() {
    let site = Site::inline(&[("copy.txt", COPY)]);
    let run = site.run(
        &[
            "draft",
            "site/copy.txt",
            "--dateline",
            "2024-06-19",
            "--timeml",
        ],
        &[],
        DEFAULT_TIMEOUT,
    );
    run.assert_success();
    let out = run.stdout.clone();
    assert!(
        out.contains(
            "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2024-06-18TNI\">yesterday night</TIMEX3>"
        ),
        "{out}"
    );
    let mut plain = String::new();
    let mut rest = out.as_str();
    while let Some(open) = rest.find('<') {
        plain.push_str(&rest[..open]);
        rest = &rest[open + rest[open..].find('>').unwrap() + 1..];
    }
    plain.push_str(rest);
    assert_eq!(plain, COPY);
}

/// The seed's facts, told in other words: a leader's visit reported the morning after.
const VISIT: &str = "The Russian leader is making his first trip to North Korea in 24 years; ties have grown closer since the invasion of Ukraine in February 2022.

Reports say the Russian leader arrived in Pyongyang yesterday night and was met at the airport by Kim.

Hours before his arrival, he published an article in the ruling party's newspaper praising the friendship of the two nations.

State media reported today that the two leaders have begun talks in the capital.

His previous trip to the country was in 2000, early in his first term.

The International Criminal Court issued a warrant for his arrest in March last year.
";

#[test]
fn the_seed_facts_drafted_give_every_event_and_build() {
    let site = Site::inline(&[
        ("visit.txt", VISIT),
        ("content/about.md", "---\ntitle: About\n---\n"),
    ]);
    site.run(
        &[
            "draft",
            "site/visit.txt",
            "--dateline",
            "2024-06-19",
            "--source",
            "Press reports",
            "-o",
            "site/content/visit.md",
        ],
        &[],
        DEFAULT_TIMEOUT,
    )
    .assert_success()
    .assert_stderr_has(&["hours before arrival"]);
    let draft = read_text(&site.path("content/visit.md"));
    assert!(draft.contains("date: hours before arrival"), "{draft}");
    assert!(draft.contains("id: arrival"), "{draft}");
    site.build_to("out", &["--drafts"]).assert_success();
    let events = events_json(&site.beside("out"));
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    // The op-ed is placed from the arrival (an unstated amount: before it, approximate).
    assert_eq!(
        dates,
        [
            "2000",
            "2022-02",
            "2023-03",
            "2024-06-18 night~",
            "2024-06-18 night",
            "2024-06-19"
        ],
        "{draft}"
    );
    let op_ed = events
        .iter()
        .find(|e| e["date"] == "2024-06-18 night~")
        .unwrap();
    assert_eq!(op_ed["anchor"], "arrival");
}
