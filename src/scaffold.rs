//! `annalist init` (a new site) and `annalist new` (a new article): the files an author starts
//! from. Both refuse to overwrite anything.

use std::path::{Path, PathBuf};

use crate::config::{self, CONFIG_FILE};
use crate::date::{EventDate, Zone};
use crate::error::Error;
use crate::slug::slugify;

#[derive(Debug, Clone)]
pub struct InitOptions {
    pub dir: PathBuf,
    /// Write into a folder that is not empty (existing files of the same name are replaced).
    pub force: bool,
}

const SITE_YAML: &str = r#"# annalist site settings. Every key is optional.

# The site's name, shown on every page.
title: "My timeline"
# One sentence under the title and in search results.
description: "What happened, in order, from the reports."
# The absolute URL where the site will be published (https://example.org/timeline/), or empty.
base_url: ""
# The language of the site (BCP 47), for <html lang> and the theme's words.
language: en
# The zone of times written without an offset: an IANA name (Europe/Moscow) or an offset (+03:00).
timezone: UTC
# ascending (oldest first) or descending (newest first).
order: ascending
# Front-matter keys whose terms each get a page.
taxonomies: [tags, people, places]
# Events per timeline page (the timeline and each term's); longer timelines get page/2/, ...
paginate: 500
# The default author of the site.
author: ""
# Anything else, handed to templates as site.extra.
extra: {}
# HTML written in article bodies: sanitize (keep harmless formatting, remove scripts), escape or allow.
markdown:
  raw_html: sanitize
# Size caps: a longer front-matter or a bigger article file is an error naming the file.
limits:
  front_matter_bytes: 65536
  file_bytes: 8388608
"#;

const EXAMPLE: &str = r#"---
title: "Example: the first moon landing"
date: 2024-07-20
summary: >-
  An example article: it reports two events, one known to the minute and one only to the month,
  and names the outlets it draws on.
author: "annalist"
sources:
  - name: NASA
    url: https://www.nasa.gov/
  - name: Smithsonian
    url: https://airandspace.si.edu/
tags: [spaceflight]
places: [Moon]
events:
  - id: apollo-11-launch
    title: Apollo 11 is launched
    date: 1969-07
    summary: The crew leaves Earth for the Moon in July 1969.
    place: Kennedy Space Center
    sources: [NASA]
  - id: apollo-11-landing
    title: The lunar module lands on the Moon
    date: 1969-07-20T20:17Z
    summary: The *Eagle* touches down in the Sea of Tranquility.
    place: Sea of Tranquility
    sources: [NASA, Smithsonian]
    people: [Neil Armstrong, Buzz Aldrin]
---

This is an article. Its front-matter (between the `---` lines) lists the events it reports; annalist
puts them on the timeline in order and links each back here, at its own `#anchor`.

Write the article in Markdown below the front-matter. Delete this file when you have your own.
"#;

/// Writes a new site into `dir`.
pub fn init(opts: &InitOptions) -> Result<Vec<PathBuf>, Error> {
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
    let files: [(&str, &str); 3] = [
        (CONFIG_FILE, SITE_YAML),
        ("content/example.md", EXAMPLE),
        (".gitignore", "public/\n"),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        write_new(&path, text, true)?;
        written.push(path);
    }
    let statics = dir.join("static");
    std::fs::create_dir_all(&statics).map_err(|err| Error::io(&statics, err))?;
    written.push(statics);
    Ok(written)
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
    let yaml_title = serde_json::to_string(title).unwrap_or_else(|_| "\"\"".into());
    let text = if opts.event {
        format!(
            "---\ntitle: {yaml_title}\ndate: {today}\nsummary: \"\"\nsources: []\ntags: []\nevents:\n  - id: {slug}\n    title: {yaml_title}\n    date: {date}\n    summary: \"\"\n    place: \"\"\n---\n\n",
            today = today(&config.timezone)
        )
    } else {
        format!(
            "---\ntitle: {yaml_title}\ndate: {date}\nsummary: \"\"\nsources: []\ntags: []\n---\n\n"
        )
    };
    let path = opts.site.join("content").join(format!("{slug}.md"));
    write_new(&path, &text, false)?;
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

/// Creates a file (and its folder); refuses an existing file unless `replace`.
fn write_new(path: &Path, text: &str, replace: bool) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
    }
    if !replace && path.exists() {
        return Err(Error::Usage(format!(
            "{} already exists; annalist does not overwrite it",
            path.display()
        )));
    }
    std::fs::write(path, text).map_err(|err| Error::io(path, err))
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
            "public/\n"
        );
        let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
        for key in [
            "title",
            "description",
            "base_url",
            "language",
            "timezone",
            "order",
            "taxonomies",
            "paginate",
            "author",
            "extra",
            "markdown",
            "limits",
        ] {
            assert!(yaml.contains(&format!("\n{key}:")), "site.yaml lists {key}");
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
        init(&InitOptions {
            force: true,
            ..opts
        })
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
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
