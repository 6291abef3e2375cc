//! Scores `annalist draft`'s tagger on a TimeML corpus by TempEval-3 task A's measures: strict
//! and relaxed span F1, value F1 and type F1 (relaxed F1 times the share of relaxed matches
//! with the gold value or type). The DCT is the dateline and is not counted.
//!
//! ```text
//! cargo run --release --example tempeval -- ../shared/temporal/tbaq [--misses]
//! ```
//!
//! Each document's `<TEXT>` is stripped of its tags and tagged as `annalist draft --timeml`
//! tags it (the same library call); gold spans are read from the same text, so offsets agree.

use std::path::{Path, PathBuf};
use std::time::Instant;

use annalist::date::{EventDate, Zone};
use annalist::draft::{self, Timex};

struct Gold {
    span: std::ops::Range<usize>,
    kind: String,
    value: String,
}

/// The `<TEXT>` without tags, and its gold TIMEX3 spans.
fn gold(doc: &str) -> (String, Vec<Gold>) {
    let start = doc.find("<TEXT>").map_or(0, |i| i + 6);
    let end = doc[start..]
        .find("</TEXT>")
        .map_or(doc.len(), |e| start + e);
    let body = &doc[start..end];
    let (mut text, mut out) = (String::new(), Vec::new());
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&unescape(&rest[..lt]));
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = &rest[lt..gt];
        if tag.starts_with("<TIMEX3") {
            let attr = |name: &str| {
                tag.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .unwrap_or("")
                    .to_string()
            };
            open = Some((text.len(), attr("type"), attr("value")));
        } else if tag.starts_with("</TIMEX3") {
            if let Some((from, kind, value)) = open.take() {
                out.push(Gold {
                    span: from..text.len(),
                    kind,
                    value,
                });
            }
        }
        rest = &rest[gt..];
    }
    text.push_str(&unescape(rest));
    (text, out)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tml") {
            out.push(path);
        }
    }
}

/// Spans trimmed to their words, for strict matching (token boundaries).
fn trimmed(text: &str, span: &std::ops::Range<usize>) -> (usize, usize) {
    let s = &text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    (span.start + lead, span.start + s.trim_end().len())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "../shared/temporal/tbaq".into());
    let mut paths = Vec::new();
    files(Path::new(&dir), &mut paths);
    let docs: Vec<(PathBuf, String)> = paths
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect();
    let (mut sys_n, mut gold_n, mut strict, mut relaxed, mut value_ok, mut type_ok) =
        (0, 0, 0, 0, 0, 0);
    let mut tagging = std::time::Duration::ZERO;
    for (path, doc) in &docs {
        let input = draft::read_input(doc);
        let (text, golds) = gold(doc);
        let dateline = input
            .dateline
            .as_deref()
            .and_then(|d| EventDate::parse(d, &Zone::Utc).ok());
        let clock = Instant::now();
        let sys: Vec<Timex> = draft::tag(&text, dateline.as_ref());
        tagging += clock.elapsed();
        sys_n += sys.len();
        gold_n += golds.len();
        let mut used = vec![false; sys.len()];
        for g in &golds {
            let hit = sys
                .iter()
                .enumerate()
                .find(|(i, s)| !used[*i] && s.span.start < g.span.end && g.span.start < s.span.end);
            match hit {
                Some((i, s)) => {
                    used[i] = true;
                    relaxed += 1;
                    if trimmed(&text, &s.span) == trimmed(&text, &g.span) {
                        strict += 1;
                    }
                    if s.value == g.value {
                        value_ok += 1;
                    } else if misses {
                        println!(
                            "value\t{}\t{:?}\t{}\t{}",
                            path.display(),
                            &text[g.span.clone()],
                            g.value,
                            s.value
                        );
                    }
                    if s.kind.name() == g.kind {
                        type_ok += 1;
                    }
                }
                None if misses => println!(
                    "missed\t{}\t{:?}\t{}",
                    path.display(),
                    &text[g.span.clone()],
                    g.value
                ),
                None => {}
            }
        }
        if misses {
            for (s, _) in sys.iter().zip(&used).filter(|(_, u)| !**u) {
                println!(
                    "extra\t{}\t{:?}\t{}",
                    path.display(),
                    &text[s.span.clone()],
                    s.value
                );
            }
        }
    }
    let f1 = |matched: usize| {
        let (p, r) = (
            matched as f64 / sys_n.max(1) as f64,
            matched as f64 / gold_n.max(1) as f64,
        );
        if p + r == 0.0 {
            0.0
        } else {
            200.0 * p * r / (p + r)
        }
    };
    let relaxed_f1 = f1(relaxed);
    let share = |n: usize| n as f64 / relaxed.max(1) as f64;
    println!("documents {}  gold {gold_n}  system {sys_n}", docs.len());
    println!("strict F1  {:.2}", f1(strict));
    println!("relaxed F1 {relaxed_f1:.2}");
    println!("value F1   {:.2}", relaxed_f1 * share(value_ok));
    println!("type F1    {:.2}", relaxed_f1 * share(type_ok));
    println!(
        "tagging    {:.1} ms for {} documents",
        tagging.as_secs_f64() * 1000.0,
        docs.len()
    );
}
