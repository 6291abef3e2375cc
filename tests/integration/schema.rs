//! `annalist schema` checked by an independent validator: Python's `jsonschema` (pinned in
//! `.ci/run`) validates every good fixture's articles and `site.yaml`, and the demo, against
//! the printed schemas, and rejects bad ones (wrong types, a missing title, an unknown
//! `site.yaml` key); and the `events.json` of the demo and of every fixture against
//! `annalist schema events`, which refuses a field it does not list.
//!
//! The YAML is turned into JSON by the crate's own YAML reader
//! ([`annalist::frontmatter::parse_yaml`]), so the validator sees the values exactly as
//! annalist reads them (YAML 1.2: `2024-06-19` and `yes` are text), not as another YAML
//! library would.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::support::{repo_root, tests_dir, Site, DEFAULT_TIMEOUT};

/// Reads the cases from standard input and prints one line per case: its name, then `valid`
/// or `invalid` and the first error.
const VALIDATE: &str = r#"
import json, sys
import jsonschema
data = json.load(sys.stdin)
for name, schema in data["schemas"].items():
    jsonschema.Draft202012Validator.check_schema(schema)
for case in data["cases"]:
    validator = jsonschema.Draft202012Validator(data["schemas"][case["schema"]])
    errors = sorted(validator.iter_errors(case["instance"]), key=lambda e: list(e.path))
    if errors:
        print(case["name"], "invalid", errors[0].message.replace("\n", " "))
    else:
        print(case["name"], "valid")
"#;

fn yaml_to_json(text: &str, name: &str) -> Value {
    annalist::frontmatter::parse_yaml::<Value>(text).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// The front-matter of an article file, as JSON.
fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let split = annalist::frontmatter::split(&text).unwrap();
    if split.yaml.trim().is_empty() {
        return json!({});
    }
    yaml_to_json(split.yaml, &path.display().to_string())
}

/// Every article and `site.yaml` of a site folder, as cases.
fn site_cases(site: &Path, label: &str, valid: bool, cases: &mut Vec<Value>) {
    let config = site.join("site.yaml");
    if config.is_file() {
        let text = std::fs::read_to_string(&config).unwrap();
        let instance = if text.trim().is_empty() {
            json!({})
        } else {
            yaml_to_json(&text, label)
        };
        cases.push(json!({"name": format!("{label}/site.yaml"), "schema": "site", "instance": instance, "valid": valid}));
    }
    let mut articles: Vec<_> = walkdir(&site.join("content"));
    articles.sort();
    for path in articles {
        let rel = path.strip_prefix(site).unwrap().display().to_string();
        cases.push(json!({"name": format!("{label}/{rel}"), "schema": "article", "instance": front_matter(&path), "valid": valid}));
    }
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out
}

fn schema(which: &str) -> Value {
    let site = Site::empty();
    let run = site.run(&["schema", which], &[], DEFAULT_TIMEOUT);
    run.assert_success();
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// Runs the validator on `cases`; returns each case's name with the validator's verdict.
fn validate(cases: &[Value]) -> Vec<(String, bool, String)> {
    let input = json!({
        "schemas": {"article": schema("article"), "site": schema("site"), "events": schema("events")},
        "cases": cases,
    });
    let mut child = Command::new("python3")
        .args(["-c", VALIDATE])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (see .ci/run)");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.to_string().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the validator failed (pip install jsonschema==4.26.0, as .ci/run does):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let name = parts.next().unwrap_or("").to_string();
            let valid = parts.next() == Some("valid");
            (name, valid, parts.next().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn every_good_site_validates_and_every_bad_case_fails() {
    let mut cases = Vec::new();
    site_cases(&repo_root(), "demo", true, &mut cases);
    let mut fixtures: Vec<_> = std::fs::read_dir(tests_dir("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fixtures.sort();
    for dir in &fixtures {
        let label = dir.file_name().unwrap().to_string_lossy().to_string();
        site_cases(&dir.join("site"), &label, true, &mut cases);
    }
    let good = cases.len();
    assert!(good >= 15, "only {good} good cases");
    // Bad fixtures whose fault is one of type or shape.
    for (case, file) in [
        ("missing-title", "content/no-title.md"),
        ("wrong-type", "content/wrong-type.md"),
    ] {
        let path = tests_dir("bad").join(case).join("site").join(file);
        cases.push(json!({"name": format!("bad/{case}"), "schema": "article", "instance": front_matter(&path), "valid": false}));
    }
    let text =
        std::fs::read_to_string(tests_dir("bad/site-yaml-unknown-key/site/site.yaml")).unwrap();
    cases.push(json!({"name": "bad/site-yaml-unknown-key", "schema": "site", "instance": yaml_to_json(&text, "site.yaml"), "valid": false}));
    for (name, schema, yaml) in [
        ("draft-yes", "article", "title: T\ndraft: yes\n"),
        ("title-list", "article", "title: [a, b]\n"),
        (
            "event-without-date",
            "article",
            "title: T\nevents:\n  - title: A\n",
        ),
        (
            "event-date-list",
            "article",
            "title: T\nevents:\n  - {title: A, date: [2000]}\n",
        ),
        (
            "source-unknown-key",
            "article",
            "title: T\nsources:\n  - {name: A, link: x}\n",
        ),
        ("author-number", "article", "title: T\nauthor: 5\n"),
        ("paginate-negative", "site", "paginate: -1\n"),
        ("order-sideways", "site", "order: sideways\n"),
        ("limits-zero", "site", "limits: {file_bytes: 0}\n"),
        ("raw-html-trust", "site", "markdown: {raw_html: trust}\n"),
    ] {
        cases.push(json!({"name": format!("inline/{name}"), "schema": schema, "instance": yaml_to_json(yaml, name), "valid": false}));
    }
    // Keys the parser takes as terms or extra are allowed, in articles and events.
    cases.push(json!({"name": "inline/terms-and-extra", "schema": "article", "instance": yaml_to_json(
        "title: T\nplaces: [Rome]\nhero: {x: 1}\nsummary:\nevents:\n  - {title: A, date: 2000, tags: x, mood: 5}\n", "terms"), "valid": true}));

    let verdicts = validate(&cases);
    assert_eq!(verdicts.len(), cases.len(), "{verdicts:#?}");
    let wrong: Vec<_> = cases
        .iter()
        .zip(&verdicts)
        .filter(|(case, (_, valid, _))| case["valid"].as_bool() != Some(*valid))
        .map(|(case, verdict)| (case["name"].clone(), verdict.clone()))
        .collect();
    assert!(wrong.is_empty(), "the validator disagrees: {wrong:#?}");
}

#[test]
fn every_events_json_validates_against_the_events_schema() {
    let mut cases = Vec::new();
    let site = Site::demo();
    site.build_to("out", &["--base-url", "https://example.org/"])
        .assert_success();
    let demo: Value =
        serde_json::from_str(&crate::support::read_text(&site.beside("out/events.json"))).unwrap();
    cases.push(json!({"name": "demo", "schema": "events", "instance": demo, "valid": true}));
    let mut fixtures: Vec<_> = std::fs::read_dir(tests_dir("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fixtures.sort();
    for dir in &fixtures {
        for expected in ["expected", "expected-drafts"] {
            let path = dir.join(expected).join("events.json");
            if let Ok(text) = std::fs::read_to_string(&path) {
                let label = path
                    .strip_prefix(tests_dir("fixtures"))
                    .unwrap()
                    .display()
                    .to_string();
                let instance: Value = serde_json::from_str(&text).unwrap();
                cases.push(
                    json!({"name": label, "schema": "events", "instance": instance, "valid": true}),
                );
            }
        }
    }
    assert!(cases.len() >= 8, "only {} events.json", cases.len());
    // The same events, spoilt one way each: a field it does not list, a field missing, a term
    // list that is not one, a field's name taken as a taxonomy, a bad instant.
    let first = demo["events"][0].clone();
    let spoilt = |name: &str, change: &dyn Fn(&mut Value)| {
        let mut event = first.clone();
        change(&mut event);
        json!({"name": format!("spoilt/{name}"), "schema": "events", "instance": {"events": [event]}, "valid": false})
    };
    cases.push(spoilt("unknown-field", &|e| e["colour"] = json!(5)));
    cases.push(spoilt("missing-summary", &|e| {
        e.as_object_mut().unwrap().remove("summary");
    }));
    cases.push(spoilt("terms-not-a-list", &|e| e["people"] = json!("Kim")));
    cases.push(spoilt("url-as-terms", &|e| e["url"] = json!(["x"])));
    cases.push(spoilt("bad-instant", &|e| {
        e["start_utc"] = json!("2024-06-19")
    }));
    cases.push(spoilt("bad-precision", &|e| e["precision"] = json!("week")));
    // A taxonomy the demo does not have is allowed.
    let mut other = first.clone();
    other["regions"] = json!(["Asia"]);
    cases.push(json!({"name": "another-taxonomy", "schema": "events", "instance": {"events": [other]}, "valid": true}));

    let verdicts = validate(&cases);
    assert_eq!(verdicts.len(), cases.len(), "{verdicts:#?}");
    let wrong: Vec<_> = cases
        .iter()
        .zip(&verdicts)
        .filter(|(case, (_, valid, _))| case["valid"].as_bool() != Some(*valid))
        .map(|(case, verdict)| (case["name"].clone(), verdict.clone()))
        .collect();
    assert!(wrong.is_empty(), "the validator disagrees: {wrong:#?}");
}
