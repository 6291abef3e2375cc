//! Times `annalist draft`'s tagger: a 1,000-word news article (built from the seed's kind of
//! sentences, in the repository) tagged and drafted, and, when a TimeML corpus folder is given,
//! every document of it tagged in one process. Prints the best of several runs: timings on a
//! shared machine are noisy, the best run is the least disturbed.
//!
//! ```text
//! cargo run --release --example draft_speed -- [../shared/temporal/tbaq]
//! ```

use std::time::{Duration, Instant};

use annalist::date::{EventDate, Zone};
use annalist::draft::{self, DraftOptions};

const SENTENCES: &[&str] = &[
    "Media reports say the president arrived in the capital yesterday night, hours before talks began.",
    "Officials said on Tuesday that the two leaders would meet again next month.",
    "The court issued a warrant in March last year, and the last visit came in 2000.",
    "Profit in the third quarter rose 12% from a year earlier, the company said today.",
    "Trade has doubled over the past three years, and talks resume on June 21, 2024.",
    "Since February 2022 the sanctions have been tightened every month.",
    "The minister, speaking at 10 a.m. Wednesday, said the deal would be signed this week.",
];

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let clock = Instant::now();
            f();
            clock.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let zone = Zone::Utc;
    let dateline = EventDate::parse("2024-06-19", &zone).ok();
    let mut article = String::new();
    while article.split_whitespace().count() < 1000 {
        for s in SENTENCES {
            article.push_str(s);
            article.push(if article.len().is_multiple_of(3) {
                '\n'
            } else {
                ' '
            });
        }
    }
    let words = article.split_whitespace().count();
    let opts = DraftOptions {
        dateline: dateline.clone(),
        source: Some("Press reports".into()),
        source_url: None,
        timezone: None,
    };
    // The first call compiles the pattern table; it is timed apart.
    let clock = Instant::now();
    let _ = draft::tag("today", dateline.as_ref());
    println!(
        "pattern table compiled once in {:.1} ms",
        ms(clock.elapsed())
    );
    let one = best(20, || {
        let timexes = draft::tag(&article, dateline.as_ref());
        let _ = draft::draft_article(&article, &timexes, &opts);
    });
    println!(
        "draft of a {words}-word article: {:.2} ms (best of 20)",
        ms(one)
    );
    if let Some(dir) = std::env::args().nth(1) {
        let mut docs = Vec::new();
        collect(std::path::Path::new(&dir), &mut docs);
        let inputs: Vec<_> = docs.iter().map(|d| draft::read_input(d)).collect();
        let all = best(5, || {
            for input in &inputs {
                let dateline = input
                    .dateline
                    .as_deref()
                    .and_then(|d| EventDate::parse(d, &zone).ok());
                let _ = draft::tag(&input.text, dateline.as_ref());
            }
        });
        println!(
            "tagging all {} documents of {dir}: {:.1} ms (best of 5)",
            inputs.len(),
            ms(all)
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn collect(dir: &std::path::Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "tml") {
            if let Ok(text) = std::fs::read_to_string(&p) {
                out.push(text);
            }
        }
    }
}
