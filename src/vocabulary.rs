//! The vocabulary: every key annalist reads from an article's front-matter, an event and
//! `site.yaml`, with its type and a one-line doc, in one table per group.
//!
//! The tables drive the front-matter parser's key sets ([`crate::frontmatter`]), the "did you
//! mean" hints and which near misses are errors ([`crate::model::article`]), the names a
//! taxonomy cannot take ([`crate::config`]), `init`'s commented `site.yaml`
//! ([`crate::scaffold`]), the JSON Schema of `annalist schema` ([`crate::schema`]) and the key
//! tables of the README (a test keeps them equal). A new group (media) is one more table and
//! one more entry of [`GROUPS`].

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// One line of text.
    Text,
    /// Text read as Markdown.
    Markdown,
    /// A date (`2024-06-19`, `2024-06`, `44 BCE`, a span `A/B`) or a bare year (`2000`).
    Date,
    /// `true` or `false`.
    Bool,
    /// A name or a list of names.
    Names,
    /// A list of text items.
    TextList,
    /// A URL: http, https, mailto or relative.
    Url,
    /// An IANA zone name or a UTC offset.
    Zone,
    /// An anchor: ASCII letters, digits, `-` and `_`.
    Anchor,
    /// A list of sources: names, or `{name, url, note}`.
    Sources,
    /// A list of events (the [`EVENT`] table).
    Events,
    /// One medium or a list (the [`MEDIA`] table).
    Media,
    /// A list of whole numbers, each 1 or more.
    PositiveList,
    /// One of a few words.
    OneOf(&'static [&'static str]),
    /// A whole number, 0 or more.
    Count,
    /// A whole number, 1 or more.
    Positive,
    /// Any mapping.
    Map,
    /// A mapping of the keys of another table.
    Group(&'static [Key]),
    /// A list of mappings of the keys of another table.
    List(&'static [Key]),
}

impl Type {
    /// How the README's tables name the type.
    pub fn describe(self) -> &'static str {
        match self {
            Type::Text => "text",
            Type::Markdown => "Markdown",
            Type::Date => "date",
            Type::Bool => "`true` or `false`",
            Type::Names => "a name or a list",
            Type::TextList => "a list of text",
            Type::Url => "URL",
            Type::Zone => "zone",
            Type::Anchor => "anchor",
            Type::Sources => "a list of sources",
            Type::Events => "a list of events",
            Type::Media => "a medium or a list",
            Type::PositiveList => "a list of whole numbers",
            Type::OneOf(_) => "one of the words",
            Type::Count => "a whole number, 0 or more",
            Type::Positive => "a whole number, 1 or more",
            Type::Map => "a mapping",
            Type::Group(_) => "a mapping",
            Type::List(_) => "a list of mappings",
        }
    }
}

/// What a near miss of the key costs when it goes unnoticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// The key changes what an article is (its title, dates, events, terms, whether it is
    /// published, its URL): a near miss of it is an error (`misspelt-key`).
    Shapes,
    /// The key adds to an article: a near miss warns (`unknown-key`) and is kept as `extra`.
    Adds,
}

/// One key of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub name: &'static str,
    pub ty: Type,
    pub required: bool,
    pub weight: Weight,
    /// One line, shown in the README, the JSON Schema and `init`'s `site.yaml`.
    pub doc: &'static str,
    /// A value as YAML, written by `init` (site keys only; empty elsewhere).
    pub example: &'static str,
}

const fn key(name: &'static str, ty: Type, weight: Weight, doc: &'static str) -> Key {
    Key {
        name,
        ty,
        required: false,
        weight,
        doc,
        example: "",
    }
}

const fn required(name: &'static str, ty: Type, doc: &'static str) -> Key {
    Key {
        required: true,
        ..key(name, ty, Weight::Shapes, doc)
    }
}

const fn site(name: &'static str, ty: Type, example: &'static str, doc: &'static str) -> Key {
    Key {
        example,
        ..key(name, ty, Weight::Shapes, doc)
    }
}

use Type::*;
use Weight::{Adds, Shapes};

/// The keys of an article's front-matter (besides taxonomy names).
pub const ARTICLE: &[Key] = &[
    required("title", Text, "headline"),
    key("date", Date, Shapes, "publication date; with no `events`, the article is one event on that date"),
    key("updated", Date, Adds, "date of the last update"),
    key("slug", Text, Shapes, "URL segment; default: the file name, slugified (`Café.md` → `cafe`)"),
    key("summary", Markdown, Adds, "one paragraph of Markdown"),
    key("author", Names, Adds, "a name or a list"),
    key("draft", Bool, Shapes, "`true`: left out unless `--drafts`"),
    key("timezone", Zone, Shapes, "zone for this article's times written without an offset"),
    key("sources", Sources, Shapes, "a list of names or `{name, url, note}`"),
    key("events", Events, Shapes, "the dated events the article reports"),
    key("image", Url, Adds, "an image for the page's preview cards and the timeline's slide: a URL, or a path from the site root; the same as a one-item `media` (shown last)"),
    key("image_caption", Text, Adds, "the image's caption"),
    key("media", Media, Adds, "photos, audio, video, embeds and quotes shown on the article's page (see Media)"),
    key("dateline", Date, Shapes, "the day the report was filed: events written `yesterday night`, `last Monday`, `March last year` are read from it; default: `date`"),
];

/// The keys of one entry of `events` (besides taxonomy names).
pub const EVENT: &[Key] = &[
    key("id", Anchor, Shapes, "names the event site-wide and is its `#anchor` (ASCII letters, digits, `-`, `_`); default: the article's slug and the title (see below)"),
    required("title", Text, "what happened"),
    required("date", Date, "when it happened; an interval `A/B` is the same as `date` + `end`"),
    key("end", Date, Shapes, "end of a span; never before `date`"),
    key("display_date", Text, Adds, "text shown instead of the formatted date"),
    key("timezone", Zone, Shapes, "zone of a time written without an offset; default: the article's, then the site's"),
    key("summary", Markdown, Adds, "Markdown"),
    key("place", Text, Adds, "where"),
    key("sources", Sources, Shapes, "names from the article's `sources`, or inline `{name, url}`; default: the article's sources"),
    key("date_written", Text, Adds, "the words the copy wrote the date in, when `date` is their resolved value (written by `annalist draft`); shown on hover"),
    key("before", Anchor, Shapes, "the id of an event this one comes before when their dates tie"),
    key("after", Anchor, Shapes, "the id of an event this one comes after when their dates tie"),
    key("media", Media, Adds, "photos, audio, video, embeds and quotes: the card shows the first, the article page all (see Media)"),
];

/// The keys of one medium (an item of `media`).
pub const MEDIA: &[Key] = &[
    key("src", Text, Shapes, "a file (of the page bundle, or of `static/` from the site root) or an http(s) URL; the kind comes from the extension or the host"),
    key("quote", Text, Shapes, "instead of `src`: a quotation"),
    key("by", Text, Adds, "who said the quotation"),
    key("alt", Text, Adds, "what the image shows, for readers who cannot see it (required for an image; `\"\"` marks it decorative)"),
    key("caption", Markdown, Adds, "shown with the medium (inline Markdown)"),
    key("credit", Markdown, Adds, "who made it (inline Markdown)"),
    key("link", Url, Adds, "where the medium links to"),
];

/// The keys of one source given as a mapping.
pub const SOURCE: &[Key] = &[
    key(
        "name",
        Text,
        Shapes,
        "the outlet or document, as the article's other sources name it",
    ),
    key("url", Url, Adds, "where to read it"),
    key("note", Text, Adds, "a remark shown with it"),
];

/// `markdown:` in `site.yaml`.
pub const SITE_MARKDOWN: &[Key] = &[site(
    "raw_html",
    OneOf(&["sanitize", "escape", "allow"]),
    "sanitize",
    "HTML written in article bodies: sanitize (keep harmless formatting, remove scripts), escape or allow",
)];

/// `limits:` in `site.yaml`.
pub const SITE_LIMITS: &[Key] = &[
    site(
        "front_matter_bytes",
        Positive,
        "65536",
        "a longer front-matter is an error naming the file",
    ),
    site(
        "file_bytes",
        Positive,
        "8388608",
        "a bigger article file is an error, not read",
    ),
    site(
        "image_pixels",
        Positive,
        "50000000",
        "a bigger image (width × height, read from its header) is an error, not decoded",
    ),
];

/// `images:` in `site.yaml`: how local raster images are processed.
pub const SITE_IMAGES: &[Key] = &[
    site(
        "widths",
        PositiveList,
        "[480, 960, 1600]",
        "the widths, in pixels, each image is resized to (never wider than the original)",
    ),
    site("quality", Positive, "80", "WebP quality, 1 to 100"),
    site(
        "cache",
        Text,
        ".annalist-cache",
        "the folder of processed images, beside site.yaml (safe to delete)",
    ),
];

/// The keys of one entry of `eras:` in `site.yaml`: a named period drawn behind the events.
pub const ERA: &[Key] = &[
    required("title", Text, "the era's name, shown on its band"),
    required("date", Date, "when it began"),
    required("end", Date, "when it ended; never before `date`"),
    key("summary", Text, Adds, "one line, shown with the band"),
];

/// One column of TimelineJS's sheet, as a `.csv` under `content/` may have it, and the
/// annalist key it fills. A sheet's other columns are annalist's own keys: the [`EVENT`] keys,
/// `media_<key>` for a [`MEDIA`] key of the event's first medium, and the site's taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// As TimelineJS's template writes it; headers are matched ignoring case, `_` and spaces.
    pub name: &'static str,
    /// The annalist key the cell fills (`media_alt`: the first medium's `alt`), or `""` when
    /// it fills none (`Type`, and the columns annalist has no use for).
    pub key: &'static str,
    pub doc: &'static str,
}

const fn column(name: &'static str, key: &'static str, doc: &'static str) -> Column {
    Column { name, key, doc }
}

/// TimelineJS's sheet columns, in its template's order.
pub const TIMELINEJS_COLUMNS: &[Column] = &[
    column("Year", "date", "the year: a whole number (spaces and thousands separators allowed); negative years count as TimelineJS's JSON does, -43 is 44 BCE"),
    column("Month", "date", "1 to 12"),
    column("Day", "date", "1 to 31"),
    column("Time", "date", "`h[:mm[:ss]]`, with `am`/`pm` or on a 24-hour clock; needs a Day"),
    column("End Year", "end", "the end, read as Year"),
    column("End Month", "end", "read as Month"),
    column("End Day", "end", "read as Day"),
    column("End Time", "end", "read as Time"),
    column("Display Date", "display_date", "text shown instead of the formatted date"),
    column("Headline", "title", "what happened (the title row: the article's title)"),
    column("Text", "summary", "HTML, sanitised as `markdown.raw_html` says (the title row: the article's summary)"),
    column("Media", "media", "the medium's URL or file"),
    column("Media Credit", "media_credit", "who made it"),
    column("Media Caption", "media_caption", "shown with the medium"),
    column("Media Thumbnail", "", "not used: annalist makes its own sizes (a note when filled)"),
    column("Alt Text", "media_alt", "what the image shows"),
    column("Type", "", "`title`: the article's title row; `era`: an era drawn behind the events; empty: an event"),
    column("Group", "lanes", "a term of the site's `lanes` taxonomy (else of `tags`)"),
    column("Background", "", "not used: the theme draws the slides (a note when filled)"),
];

/// The keys of `site.yaml`. Every one is optional; an unknown one is an error.
pub const SITE: &[Key] = &[
    site("title", Text, "\"My timeline\"", "the site's name, shown on every page"),
    site("description", Text, "\"What happened, in order, from the reports.\"", "one sentence under the title and in search results"),
    site("base_url", Text, "\"\"", "the absolute URL where the site is published (https://example.org/timeline/), or empty"),
    site("language", Text, "en", "the language of the site (BCP 47), for <html lang> and the theme's words"),
    site("timezone", Zone, "UTC", "the zone of times written without an offset: an IANA name (Europe/Moscow) or an offset (+03:00)"),
    site("order", OneOf(&["ascending", "descending"]), "ascending", "ascending (oldest first) or descending (newest first); events.json is always ascending"),
    site("taxonomies", TextList, "[tags, people, places]", "front-matter keys whose terms each get a page"),
    site("author", Text, "\"\"", "the default author of the site"),
    site("paginate", Count, "500", "events per timeline page (the timeline and each term's); 0: one page"),
    site("extra", Map, "{}", "anything else, handed to templates as site.extra"),
    site("markdown", Group(SITE_MARKDOWN), "", "how article bodies are read"),
    site("limits", Group(SITE_LIMITS), "", "size caps: past one, a file is an error naming it"),
    site("images", Group(SITE_IMAGES), "", "how images are resized and encoded"),
    site("eras", List(ERA), "[]", "named periods drawn behind the events on the time axis: a list of `{title, date, end, summary}`; they may overlap"),
    site("lanes", Text, "~", "a taxonomy whose terms group the events into rows of the time axis and TimelineJS groups; empty: one row"),
];

/// A table with its name.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// As `annalist schema` and the README's markers name it.
    pub name: &'static str,
    pub keys: &'static [Key],
}

/// Every table whose keys an author writes in front-matter or `site.yaml`.
pub const GROUPS: &[Group] = &[
    Group {
        name: "article",
        keys: ARTICLE,
    },
    Group {
        name: "event",
        keys: EVENT,
    },
    Group {
        name: "media",
        keys: MEDIA,
    },
    Group {
        name: "site",
        keys: SITE,
    },
];

/// The taxonomy that calendars list as categories.
pub const TAGS: &str = "tags";

/// The key in `table` named `name`.
pub fn find(table: &'static [Key], name: &str) -> Option<&'static Key> {
    table.iter().find(|k| k.name == name)
}

/// Whether a front-matter key has a meaning of its own (article or event), so a taxonomy
/// cannot take its name. `extra` is kept apart for templates too.
pub fn is_reserved(name: &str) -> bool {
    name == "extra" || ARTICLE.iter().chain(EVENT).any(|k| k.name == name)
}

/// The README's table of one group: `| key | type | meaning |`, then the rows every group of
/// front-matter ends with.
pub fn readme_table(group: &Group) -> String {
    let mut out = String::from("| key | value | meaning |\n| --- | --- | --- |\n");
    for k in group.keys {
        let doc = if k.required {
            format!("{} (required)", k.doc)
        } else {
            k.doc.to_string()
        };
        let ty = match k.ty {
            OneOf(words) => words
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", "),
            Group(keys) | List(keys) => keys
                .iter()
                .map(|k| format!("`{}`", k.name))
                .collect::<Vec<_>>()
                .join(", "),
            ty => ty.describe().to_string(),
        };
        out.push_str(&format!("| `{}` | {ty} | {doc} |\n", k.name));
    }
    match group.name {
        "article" => out.push_str(
            "| a taxonomy key | a list of terms | each term gets a page, and applies to the article's events |\n\
             | anything else | any | kept and handed to templates as `article.extra` |\n",
        ),
        "event" => out.push_str(
            "| a taxonomy key | a list of terms | terms for this event; the article's terms apply as well |\n\
             | anything else | any | kept and handed to templates as `event.extra`, with a warning |\n",
        ),
        _ => {}
    }
    out
}

/// The README's table of TimelineJS's sheet columns: `| column | fills | meaning |`.
pub fn readme_columns() -> String {
    let mut out = String::from("| column | fills | meaning |\n| --- | --- | --- |\n");
    for c in TIMELINEJS_COLUMNS {
        let fills = match c.key {
            "" => "—".to_string(),
            key => format!("`{key}`"),
        };
        out.push_str(&format!("| `{}` | {fills} | {} |\n", c.name, c.doc));
    }
    out
}

/// `init`'s `site.yaml`: every key of [`SITE`] with its doc as a comment and an example value.
pub fn commented_site_yaml() -> String {
    let mut out = String::from("# annalist site settings. Every key is optional.\n\n");
    for k in SITE {
        out.push_str(&format!("# {}.\n", capitalised(k.doc)));
        match k.ty {
            Group(keys) => {
                out.push_str(&format!("{}:\n", k.name));
                for sub in keys {
                    out.push_str(&format!("  # {}.\n", capitalised(sub.doc)));
                    out.push_str(&format!("  {}: {}\n", sub.name, sub.example));
                }
            }
            _ => out.push_str(&format!("{}: {}\n", k.name, k.example)),
        }
    }
    out
}

fn capitalised(doc: &str) -> String {
    let mut chars = doc.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_names_each_key_once() {
        for keys in GROUPS.iter().map(|g| g.keys).chain([
            SOURCE,
            SITE_MARKDOWN,
            SITE_LIMITS,
            SITE_IMAGES,
            ERA,
        ]) {
            let mut names: Vec<_> = keys.iter().map(|k| k.name).collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(names.len(), before, "{names:?}");
        }
    }

    #[test]
    fn find_looks_in_the_table_asked() {
        assert_eq!(find(EVENT, "place").map(|k| k.ty), Some(Text));
        assert!(find(ARTICLE, "place").is_none());
        assert_eq!(
            find(SITE_LIMITS, "file_bytes").map(|k| k.ty),
            Some(Positive)
        );
    }

    #[test]
    fn the_commented_site_yaml_reads_as_the_defaults() {
        let yaml = commented_site_yaml();
        let config = crate::config::parse(&yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        let defaults = crate::config::SiteConfig::default();
        assert_eq!(config.taxonomies, defaults.taxonomies);
        assert_eq!(config.paginate, defaults.paginate);
        assert_eq!(config.limits, defaults.limits);
        assert_eq!(config.raw_html, defaults.raw_html);
        for k in SITE {
            assert!(yaml.contains(&format!("\n{}:", k.name)), "{}", k.name);
        }
    }

    /// The README's key tables are made from the tables here: rerun with UPDATE_EXPECT=1 after
    /// changing one.
    #[test]
    fn the_readme_lists_every_key_with_its_doc() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let mut readme = std::fs::read_to_string(path).unwrap();
        let mut stale = Vec::new();
        let tables = GROUPS
            .iter()
            .map(|g| (format!("keys:{}", g.name), readme_table(g)))
            .chain([("columns:timelinejs".to_string(), readme_columns())]);
        for (name, want) in tables {
            let open = format!("<!-- {name}:start -->\n");
            let close = format!("<!-- {name}:end -->");
            let start = readme.find(&open).expect("start marker") + open.len();
            let end = readme.find(&close).expect("end marker");
            if readme[start..end] != want {
                stale.push(name);
                readme.replace_range(start..end, &want);
            }
        }
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(path, readme).unwrap();
            return;
        }
        assert!(stale.is_empty(), "{stale:?}: rerun with UPDATE_EXPECT=1");
    }
}
