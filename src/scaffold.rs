//! `annalist init` (a new site) and `annalist new` (a new article): the files an author starts
//! from, written through [`frontmatter::write`] and [`vocabulary::commented_site_yaml`]. Neither
//! ever overwrites a file.

use std::path::{Path, PathBuf};

use crate::config::{self, CONFIG_FILE};
use crate::date::{EventDate, Zone};
use crate::error::Error;
use crate::frontmatter::{self, OneOrMany, RawArticle, RawDate, RawEvent, RawSource};
use crate::slug::slugify;
use crate::vocabulary;

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    /// Write into a folder that is not empty; a file already there is left alone.
    pub force: bool,
}

/// The example article's front-matter, written by [`frontmatter::write`].
fn example() -> RawArticle {
    let text = |s: &str| Some(s.to_string());
    let source = |name: &str, url: Option<&str>| RawSource {
        name: text(name),
        url: url.map(String::from),
        note: None,
    };
    let names = |list: &[&str]| -> serde_json::Value { list.iter().copied().collect() };
    let event =
        |id: &str, title: &str, date: &str, summary: &str, place: &str, sources: &[&str]| {
            RawEvent {
                id: text(id),
                title: text(title),
                date: Some(RawDate::Text(date.into())),
                summary: text(summary),
                place: text(place),
                sources: Some(sources.iter().map(|s| source(s, None)).collect()),
                ..RawEvent::default()
            }
        };
    let mut landing = event(
        "apollo-11-landing",
        "The lunar module lands on the Moon",
        "1969-07-20T20:17Z",
        "The *Eagle* touches down in the Sea of Tranquility.",
        "Sea of Tranquility",
        &["NASA", "Smithsonian"],
    );
    landing
        .rest
        .insert("people".into(), names(&["Neil Armstrong", "Buzz Aldrin"]));
    RawArticle {
        title: text("Example: the first moon landing"),
        date: Some(RawDate::Text("2024-07-20".into())),
        summary: text(
            "An example article: it reports two events, one known to the minute and one only \
             to the month, and names the outlets it draws on.",
        ),
        author: Some(OneOrMany(vec!["annalist".into()])),
        sources: Some(vec![
            source("NASA", Some("https://www.nasa.gov/")),
            source("Smithsonian", Some("https://airandspace.si.edu/")),
        ]),
        events: Some(vec![
            event(
                "apollo-11-launch",
                "Apollo 11 is launched",
                "1969-07",
                "The crew leaves Earth for the Moon in July 1969.",
                "Kennedy Space Center",
                &["NASA"],
            ),
            landing,
        ]),
        rest: [
            ("tags".to_string(), names(&["spaceflight"])),
            ("places".to_string(), names(&["Moon"])),
        ]
        .into(),
        keys: [
            "title", "date", "summary", "author", "sources", "tags", "places", "events",
        ]
        .map(String::from)
        .to_vec(),
        ..RawArticle::default()
    }
}

const EXAMPLE_BODY: &str = "
This is an article. Its front-matter (between the `---` lines) lists the events it reports; annalist
puts them on the timeline in order and links each back here, at its own `#anchor`.

Write the article in Markdown below the front-matter. Delete this file when you have your own.
";

/// What `init` did: the files it wrote, and those it found already there and left alone.
#[derive(Debug, Default)]
pub struct InitReport {
    pub written: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

/// Writes a new site into `dir`.
pub fn init(opts: &InitOptions) -> Result<InitReport, Error> {
    let dir = &opts.dir;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} exists and is not a folder",
                dir.display()
            )));
        }
        let empty = std::fs::read_dir(dir)
            .map_err(|err| Error::io(dir, err))?
            .next()
            .is_none();
        if !empty && !opts.force {
            return Err(Error::Usage(format!(
                "{} is not empty; choose a new folder, or pass --force to write the site's files into it",
                dir.display()
            )));
        }
    }
    let files: [(&str, String); 3] = [
        (CONFIG_FILE, vocabulary::commented_site_yaml()),
        (
            "content/example.md",
            frontmatter::write_article(&example(), EXAMPLE_BODY),
        ),
        (".gitignore", "public/\n.annalist-cache/\n".into()),
    ];
    let mut report = InitReport::default();
    for (rel, text) in files {
        let path = dir.join(rel);
        // --force writes into a folder that is not empty, never over a file in it.
        if path.symlink_metadata().is_ok() {
            report.kept.push(path);
        } else {
            write_new(&path, &text)?;
            report.written.push(path);
        }
    }
    let statics = dir.join("static");
    if statics.is_dir() {
        report.kept.push(statics);
    } else {
        std::fs::create_dir_all(&statics).map_err(|err| Error::io(&statics, err))?;
        report.written.push(statics);
    }
    Ok(report)
}

#[derive(Debug, Clone)]
pub struct NewOptions {
    pub site: PathBuf,
    pub title: String,
    /// The date as written (`2024-06-19`, `2000`, ...); default: today in the site's zone.
    pub date: Option<String>,
    /// Write an `events:` list with one event instead of a dated post.
    pub event: bool,
}

/// Writes `content/<slug>.md` and returns its path.
pub fn new_article(opts: &NewOptions) -> Result<PathBuf, Error> {
    let config = config::load(&opts.site)?;
    let title = opts.title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "the title `{title}` has no letters or digits to name the file"
        )));
    }
    let date = match &opts.date {
        Some(text) => {
            EventDate::parse(text, &config.timezone)
                .map_err(|err| Error::Usage(format!("--date: {err}")))?;
            text.trim().to_string()
        }
        None => today(&config.timezone),
    };
    let empty = || Some(String::new());
    let mut raw = RawArticle {
        title: Some(title.to_string()),
        date: Some(RawDate::Text(date.clone())),
        summary: empty(),
        sources: Some(Vec::new()),
        rest: [(vocabulary::TAGS.to_string(), serde_json::json!([]))].into(),
        ..RawArticle::default()
    };
    if opts.event {
        raw.date = Some(RawDate::Text(today(&config.timezone)));
        raw.events = Some(vec![RawEvent {
            id: Some(slug.clone()),
            title: Some(title.to_string()),
            date: Some(RawDate::Text(date)),
            summary: empty(),
            place: empty(),
            ..RawEvent::default()
        }]);
    }
    raw.keys = [
        "title",
        "date",
        "summary",
        "sources",
        vocabulary::TAGS,
        "events",
    ]
    .map(String::from)
    .to_vec();
    if !opts.event {
        raw.keys.pop();
    }
    let text = frontmatter::write_article(&raw, "\n");
    let path = opts.site.join("content").join(format!("{slug}.md"));
    write_new(&path, &text)?;
    Ok(path)
}

/// Today's date in `zone`, as `YYYY-MM-DD`.
fn today(zone: &Zone) -> String {
    let now = chrono::Utc::now();
    let date = match zone {
        Zone::Utc => now.date_naive(),
        Zone::Fixed(offset) => now.with_timezone(offset).date_naive(),
        Zone::Named(tz) => now.with_timezone(tz).date_naive(),
    };
    date.format("%Y-%m-%d").to_string()
}

/// Creates a file (and its folder); refuses an existing one.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|err| match err.kind() {
            std::io::ErrorKind::AlreadyExists => Error::Usage(format!(
                "{} already exists; annalist does not overwrite it",
                path.display()
            )),
            _ => Error::io(path, err),
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|err| Error::io(path, err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_a_site_that_builds() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("mysite");
        init(&InitOptions {
            dir: site.clone(),
            force: false,
        })
        .unwrap();
        let config = config::load(&site).unwrap();
        assert_eq!(config.title, "My timeline");
        let built = crate::site::Site::load(&site, crate::site::Drafts::Skip).unwrap();
        let t = built.timeline().unwrap();
        let precisions: Vec<_> = t.events.iter().map(|e| e.event.start.precision()).collect();
        assert_eq!(precisions.len(), 2);
        assert_ne!(
            precisions[0], precisions[1],
            "two events of different precisions"
        );
        assert!(site.join("static").is_dir());
        assert_eq!(
            std::fs::read_to_string(site.join(".gitignore")).unwrap(),
            "public/\n.annalist-cache/\n"
        );
        let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
        for key in vocabulary::SITE {
            assert!(
                yaml.contains(&format!("\n{}:", key.name)),
                "site.yaml lists {}",
                key.name
            );
        }
    }

    #[test]
    fn init_refuses_a_non_empty_folder_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let opts = InitOptions {
            dir: dir.path().to_path_buf(),
            force: false,
        };
        let err = init(&opts).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--force"));
        std::fs::write(dir.path().join("site.yaml"), "title: Mine\n").unwrap();
        let report = init(&InitOptions {
            force: true,
            ..opts
        })
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site.yaml")).unwrap(),
            "title: Mine\n",
            "--force never overwrites"
        );
        assert_eq!(report.kept, [dir.path().join("site.yaml")]);
        assert!(report
            .written
            .contains(&dir.path().join("content/example.md")));
    }

    #[test]
    fn new_writes_an_article_that_builds_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        init(&InitOptions {
            dir: dir.path().to_path_buf(),
            force: false,
        })
        .unwrap();
        let opts = NewOptions {
            site: dir.path().to_path_buf(),
            title: "Talks begin in \"Pyongyang\"".into(),
            date: Some("2024-06-19".into()),
            event: true,
        };
        let path = new_article(&opts).unwrap();
        assert!(
            path.ends_with("content/talks-begin-in-pyongyang.md"),
            "{}",
            path.display()
        );
        let built = crate::site::Site::load(dir.path(), crate::site::Drafts::Skip).unwrap();
        let ids: Vec<_> = built
            .timeline()
            .unwrap()
            .events
            .iter()
            .map(|e| e.event.id.clone())
            .collect();
        assert!(
            ids.contains(&"talks-begin-in-pyongyang".to_string()),
            "{ids:?}"
        );
        let err = new_article(&opts).unwrap_err();
        assert!(err.to_string().contains("already exists"));
        let bad = new_article(&NewOptions {
            date: Some("2024-02-30".into()),
            title: "Other".into(),
            ..opts
        })
        .unwrap_err();
        assert!(bad.to_string().contains("2024-02-30"));
    }

    #[test]
    fn new_without_a_date_uses_today_in_the_site_zone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "timezone: Pacific/Kiritimati\n",
        )
        .unwrap();
        let path = new_article(&NewOptions {
            site: dir.path().to_path_buf(),
            title: "Post".into(),
            date: None,
            event: false,
        })
        .unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let expected = chrono::Utc::now()
            .with_timezone(&chrono_tz::Pacific::Kiritimati)
            .format("date: %Y-%m-%d")
            .to_string();
        assert!(text.contains(&expected), "{text}");
    }
}
