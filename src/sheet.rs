//! A spreadsheet as an article: a `.csv` under `content/` read into the values front-matter
//! gives ([`RawArticle`] with its [`RawEvent`]s, and the eras of its `Type: era` rows), so all
//! that follows parsing (checks, merging, relative dates, media, `check`) is the Markdown path's.
//!
//! The columns are TimelineJS's sheet columns ([`vocabulary::TIMELINEJS_COLUMNS`]) or annalist's
//! own keys: the [`vocabulary::EVENT`] keys, `media_<key>` for a [`vocabulary::MEDIA`] key of the
//! first medium, and the site's taxonomies (a list cell is `;`-separated). Headers are matched
//! ignoring case, `_`, `-` and spaces, in any order. The file may start with a BOM; its separator
//! (`,` or `;`) is sniffed from the header line; quoted cells may hold newlines (each row is
//! named by the line its record starts on). Cells are checked here only as far as a column
//! needs (`Month` is 1 to 12); the date they make is checked by the date grammar, with the row.
//! A sheet of more than [`MAX_ROWS`] rows is refused (`sheet-too-large`): the file's size is
//! bounded by `limits.file_bytes`, and its rows by this, so a hostile file cannot grow the model
//! without end.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::RawEra;
use crate::error::{Code, Diagnostic};
use crate::frontmatter::{RawArticle, RawDate, RawEvent, RawMedia, RawSource};
use crate::vocabulary;

/// The extension of a sheet under `content/`.
pub const EXTENSION: &str = "csv";

/// The most rows a sheet may have (header and empty rows included).
pub const MAX_ROWS: usize = 100_000;

/// The separator of a list cell (`sources`, `media`, a taxonomy).
pub const LIST_SEPARATOR: char = ';';

/// What the reading needs from the site's settings.
#[derive(Debug, Clone, Copy)]
pub struct SheetOptions<'a> {
    pub taxonomies: &'a [String],
    /// The taxonomy `Group` fills (`lanes`, else `tags`).
    pub lanes: Option<&'a str>,
}

/// How the summaries of a sheet are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Summaries {
    /// As front-matter writes them: Markdown, raw HTML shown as text (the `summary` column).
    #[default]
    Markdown,
    /// HTML, sanitised as `markdown.raw_html` says (TimelineJS's `Text` column).
    Html,
}

/// One `Type: era` row, with the line its record starts on.
#[derive(Debug)]
pub struct SheetEra {
    pub raw: RawEra,
    pub line: usize,
}

/// A sheet read: the article it is, where each value came from, and its eras.
#[derive(Debug, Default)]
pub struct Sheet {
    pub raw: RawArticle,
    /// The line of each event's record, in the order of `raw.events`.
    pub event_lines: Vec<usize>,
    /// The line of the `Type: title` row.
    pub title_line: Option<usize>,
    pub eras: Vec<SheetEra>,
    pub summaries: Summaries,
}

/// The result of reading a sheet: what could be read, every error, and the notes.
#[derive(Debug, Default)]
pub struct Read {
    pub sheet: Sheet,
    pub errors: Vec<Diagnostic>,
    pub notes: Vec<Diagnostic>,
}

/// Which side of an event a TimelineJS date column gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Start,
    End,
}

/// One of TimelineJS's date columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Year,
    Month,
    Day,
    Time,
}

/// What a column means.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Col {
    /// A key of [`vocabulary::EVENT`]; on the title row, the article's key of that name.
    Key(&'static str),
    /// A key of the first medium ([`vocabulary::MEDIA`]).
    Media(&'static str),
    Taxonomy(String),
    Date(Side, Part),
    /// TimelineJS's `Text`: the summary, in HTML.
    HtmlText,
    Type,
    Group,
    /// A TimelineJS column annalist has no use for.
    Unused,
    /// A column without a header: its cells must be empty.
    Blank,
}

impl Col {
    /// The key of the event a TimelineJS column fills, when annalist has a column for it too.
    fn fills(&self) -> Option<&'static str> {
        match self {
            Col::Date(Side::Start, _) => Some("date"),
            Col::Date(Side::End, _) => Some("end"),
            Col::HtmlText => Some("summary"),
            Col::Key(k) => Some(k),
            _ => None,
        }
    }
}

/// A column as the header names it.
#[derive(Debug)]
struct Header {
    /// As written.
    name: String,
    col: Col,
}

/// Headers are matched ignoring case, `_`, `-` and runs of spaces: `End Year` = `end_year`.
fn normalise(header: &str) -> String {
    header
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every column a sheet may have: (normalised name, the name to suggest, its meaning).
fn known_columns(opts: &SheetOptions) -> Vec<(String, String, Col)> {
    let mut out = Vec::new();
    for c in vocabulary::TIMELINEJS_COLUMNS {
        let end = c.name.starts_with("End ");
        let side = if end { Side::End } else { Side::Start };
        let part = c.name.trim_start_matches("End ");
        let col = match (c.key, part) {
            ("date" | "end", "Year") => Col::Date(side, Part::Year),
            ("date" | "end", "Month") => Col::Date(side, Part::Month),
            ("date" | "end", "Day") => Col::Date(side, Part::Day),
            ("date" | "end", _) => Col::Date(side, Part::Time),
            ("summary", _) => Col::HtmlText,
            ("lanes", _) => Col::Group,
            ("", "Type") => Col::Type,
            ("", _) => Col::Unused,
            (key, _) => match key.strip_prefix("media_") {
                Some(m) => Col::Media(vocabulary::find(vocabulary::MEDIA, m).map_or(m, |k| k.name)),
                None => Col::Key(vocabulary::find(vocabulary::EVENT, key).map_or(key, |k| k.name)),
            },
        };
        out.push((normalise(c.name), c.name.to_string(), col));
    }
    for k in vocabulary::EVENT {
        out.push((normalise(k.name), k.name.to_string(), Col::Key(k.name)));
    }
    for k in vocabulary::MEDIA.iter().filter(|k| k.name != "src") {
        let name = format!("media_{}", k.name);
        out.push((normalise(&name), name, Col::Media(k.name)));
    }
    for t in opts.taxonomies {
        out.push((normalise(t), t.clone(), Col::Taxonomy(t.clone())));
    }
    out
}

/// The columns of the header row, or the errors that make the sheet unreadable.
fn headers(record: &csv::StringRecord, opts: &SheetOptions, fail: &mut Fail) -> Vec<Header> {
    let known = known_columns(opts);
    let mut out: Vec<Header> = Vec::new();
    for name in record.iter() {
        let wanted = normalise(name);
        let col = if wanted.is_empty() {
            Col::Blank
        } else if let Some((_, _, col)) = known.iter().find(|(n, _, _)| *n == wanted) {
            col.clone()
        } else {
            let nearest = known
                .iter()
                .min_by_key(|(n, _, _)| crate::model::article::edit_distance(&wanted, n, 64))
                .map(|(_, shown, _)| shown.as_str())
                .unwrap_or("Headline");
            fail.header(format!(
                "column {name}: not a column annalist reads; did you mean {nearest}? \
                 (TimelineJS's sheet columns, or annalist's event keys)"
            ));
            continue;
        };
        if col != Col::Blank && col != Col::Unused {
            if let Some(first) = out.iter().find(|h| h.col == col) {
                fail.header(format!(
                    "column {name}: says what column {} says; keep one of them",
                    first.name
                ));
            }
        }
        out.push(Header {
            name: name.to_string(),
            col,
        });
    }
    // Two ways of writing one value: annalist's key and TimelineJS's columns.
    for value in ["date", "end", "summary"] {
        let key = out.iter().find(|h| h.col == Col::Key(value));
        let other = out
            .iter()
            .find(|h| !matches!(h.col, Col::Key(_)) && h.col.fills() == Some(value));
        if let (Some(a), Some(b)) = (key, other) {
            fail.header(format!(
                "columns {} and {}: both give the `{value}`; keep one of them",
                a.name, b.name
            ));
        }
    }
    out
}

/// Collects the errors of one sheet.
struct Fail<'p> {
    path: &'p Path,
    header_line: usize,
    errors: Vec<Diagnostic>,
}

impl Fail<'_> {
    fn header(&mut self, message: String) {
        self.at(self.header_line, message);
    }

    fn at(&mut self, line: usize, message: String) {
        self.errors.push(Diagnostic::error(
            Code::BadSheet,
            self.path,
            Some(line),
            message,
        ));
    }
}

/// The separator of the sheet: whichever of `,` and `;` the header line holds more of outside
/// quotes (`,` on a tie).
fn sniff(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Reads a sheet. `path` names the file in messages.
pub fn read(text: &str, path: &Path, opts: &SheetOptions) -> Read {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff(text))
        .from_reader(text.as_bytes());
    let mut fail = Fail {
        path,
        header_line: 1,
        errors: Vec::new(),
    };
    let mut out = Read::default();
    let mut cols: Option<Vec<Header>> = None;
    let mut rows = Rows::new(path, opts);
    for (n, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(err) => {
                let line = err.position().map_or(1, |p| p.line() as usize);
                fail.at(line, format!("not a readable CSV row: {err}"));
                break;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        if n >= MAX_ROWS {
            out.errors.push(Diagnostic::error(
                Code::SheetTooLarge,
                path,
                Some(line),
                format!("the sheet has more than {MAX_ROWS} rows; split it into several files"),
            ));
            break;
        }
        let Some(cols) = &cols else {
            fail.header_line = line;
            cols = Some(headers(&record, opts, &mut fail));
            if !fail.errors.is_empty() {
                break;
            }
            continue;
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > cols.len() {
            fail.at(
                line,
                format!(
                    "the row has {} cells and the header {}; a cell right of the last column has no column",
                    record.len(),
                    cols.len()
                ),
            );
            continue;
        }
        rows.row(line, cols, &record, &mut fail);
    }
    out.errors.extend(fail.errors);
    out.notes.extend(rows.notes);
    let mut sheet = rows.sheet;
    if cols
        .as_deref()
        .is_some_and(|c| c.iter().any(|h| h.col == Col::HtmlText))
    {
        sheet.summaries = Summaries::Html;
    }
    if sheet.raw.title.is_none() {
        sheet.raw.title = Some(title_from_path(path));
    }
    sheet.raw.keys.insert(0, "title".into());
    sheet.raw.keys.push("events".into());
    out.sheet = sheet;
    out
}

/// A sheet without a title row is titled by its file name: `war-years.csv` → `War years`.
fn title_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Timeline");
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Timeline".into(),
    }
}

/// The cells of one row, sorted by what they fill.
#[derive(Default)]
struct Cells<'r> {
    keys: BTreeMap<&'static str, (&'r str, &'r str)>,
    media: BTreeMap<&'static str, (&'r str, &'r str)>,
    terms: Vec<(String, &'r str)>,
    start: DateParts<'r>,
    end: DateParts<'r>,
    html_text: Option<&'r str>,
    row_type: Option<(&'r str, &'r str)>,
    group: Option<(&'r str, &'r str)>,
}

/// TimelineJS's date cells of one side: (header, cell) each.
#[derive(Default)]
struct DateParts<'r> {
    year: Option<(&'r str, &'r str)>,
    month: Option<(&'r str, &'r str)>,
    day: Option<(&'r str, &'r str)>,
    time: Option<(&'r str, &'r str)>,
}

/// The rows read so far.
struct Rows<'o> {
    path: &'o Path,
    opts: &'o SheetOptions<'o>,
    sheet: Sheet,
    notes: Vec<Diagnostic>,
    /// Unused columns already noted (one note per column).
    noted: Vec<String>,
}

impl<'o> Rows<'o> {
    fn new(path: &'o Path, opts: &'o SheetOptions<'o>) -> Self {
        Rows {
            path,
            opts,
            sheet: Sheet::default(),
            notes: Vec::new(),
            noted: Vec::new(),
        }
    }

    fn row(&mut self, line: usize, cols: &[Header], record: &csv::StringRecord, fail: &mut Fail) {
        let mut cells = Cells::default();
        for (h, cell) in cols.iter().zip(record.iter()) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let named = (h.name.as_str(), cell);
            match &h.col {
                Col::Key(k) => {
                    cells.keys.insert(k, named);
                }
                Col::Media(k) => {
                    cells.media.insert(k, named);
                }
                Col::Taxonomy(t) => cells.terms.push((t.clone(), cell)),
                Col::Date(side, part) => {
                    let parts = match side {
                        Side::Start => &mut cells.start,
                        Side::End => &mut cells.end,
                    };
                    let slot = match part {
                        Part::Year => &mut parts.year,
                        Part::Month => &mut parts.month,
                        Part::Day => &mut parts.day,
                        Part::Time => &mut parts.time,
                    };
                    *slot = Some(named);
                }
                Col::HtmlText => cells.html_text = Some(cell),
                Col::Type => cells.row_type = Some(named),
                Col::Group => cells.group = Some(named),
                Col::Unused => {
                    if !self.noted.contains(&h.name) {
                        self.noted.push(h.name.clone());
                        self.notes.push(Diagnostic::note(
                            Code::SheetUnused,
                            self.path,
                            Some(line),
                            format!("column {}: not used (annalist makes its own thumbnails and draws its own slides); its cells are left out", h.name),
                        ));
                    }
                }
                Col::Blank => fail.at(
                    line,
                    format!("the cell `{cell}` is in a column without a header; name the column or empty the cell"),
                ),
            }
        }
        let start = date_text(&cells.start, fail, line);
        let end = date_text(&cells.end, fail, line);
        let start = start.or_else(|| cells.keys.get("date").map(|(_, c)| c.to_string()));
        let end = end.or_else(|| cells.keys.get("end").map(|(_, c)| c.to_string()));
        let summary = cells
            .html_text
            .or_else(|| cells.keys.get("summary").map(|(_, c)| *c))
            .map(str::to_string);
        let media = self.media(&cells, fail, line);
        let kind = cells.row_type.map(|(h, c)| (h, c.to_lowercase()));
        match kind.as_ref().map(|(h, c)| (*h, c.as_str())) {
            None => {
                let event = self.event(&cells, start, end, summary, media, fail, line);
                self.sheet.raw.events.get_or_insert_with(Vec::new).push(event);
                self.sheet.event_lines.push(line);
            }
            Some((_, "title")) => self.title(&cells, start, summary, media, fail, line),
            Some((_, "era")) => self.sheet.eras.push(SheetEra {
                raw: RawEra {
                    title: cells.keys.get("title").map(|(_, c)| c.to_string()),
                    date: start.map(RawDate::Text),
                    end: end.map(RawDate::Text),
                    summary: summary.map(|s| match self.sheet_summaries(&cells) {
                        Summaries::Html => crate::render::text::plain_text(&s),
                        Summaries::Markdown => s,
                    }),
                },
                line,
            }),
            Some((h, other)) => fail.at(
                line,
                format!("column {h}: `{other}` is not a row type; expected `title`, `era` or an empty cell (an event)"),
            ),
        }
    }

    fn sheet_summaries(&self, cells: &Cells) -> Summaries {
        if cells.html_text.is_some() {
            Summaries::Html
        } else {
            Summaries::Markdown
        }
    }

    /// The row's medium: `media` (a `;`-separated list), its first one given the `media_*`
    /// cells. A `media_*` cell without a medium is an error: nothing would show it.
    fn media(&self, cells: &Cells, fail: &mut Fail, line: usize) -> Option<Vec<RawMedia>> {
        let mut list: Vec<RawMedia> = match cells.keys.get("media") {
            Some((_, cell)) => split_list(cell)
                .map(|src| RawMedia {
                    keys: vec!["src".into()],
                    src: Some(src.to_string()),
                    ..RawMedia::default()
                })
                .collect(),
            None => Vec::new(),
        };
        let Some(first) = list.first_mut() else {
            if let Some((_, (h, _))) = cells.media.iter().next() {
                fail.at(
                    line,
                    format!("column {h}: the row has no medium for it; fill the Media cell, or empty this one"),
                );
            }
            return None;
        };
        for (key, (_, cell)) in &cells.media {
            let value = Some(cell.to_string());
            match *key {
                "quote" => first.quote = value,
                "by" => first.by = value,
                "alt" => first.alt = value,
                "caption" => first.caption = value,
                "credit" => first.credit = value,
                "link" => first.link = value,
                _ => continue,
            }
            first.keys.push(key.to_string());
        }
        Some(list)
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        cells: &Cells,
        start: Option<String>,
        end: Option<String>,
        summary: Option<String>,
        media: Option<Vec<RawMedia>>,
        fail: &mut Fail,
        line: usize,
    ) -> RawEvent {
        let text = |key: &str| cells.keys.get(key).map(|(_, c)| c.to_string());
        let mut e = RawEvent {
            id: text("id"),
            title: text("title"),
            date: start.map(RawDate::Text),
            end: end.map(RawDate::Text),
            display_date: text("display_date"),
            timezone: text("timezone"),
            summary,
            place: text("place"),
            sources: cells
                .keys
                .get("sources")
                .map(|(_, c)| split_list(c).map(source).collect()),
            before: text("before"),
            after: text("after"),
            date_written: text("date_written"),
            media,
            ..RawEvent::default()
        };
        e.rest = self.terms(cells, fail, line);
        e.keys = ["id", "title", "date"]
            .into_iter()
            .filter(|k| cells.keys.contains_key(k) || (*k == "date" && e.date.is_some()))
            .map(String::from)
            .collect();
        e
    }

    /// The row's taxonomy cells and its `Group`, as front-matter's term lists.
    fn terms(
        &self,
        cells: &Cells,
        fail: &mut Fail,
        line: usize,
    ) -> BTreeMap<String, serde_json::Value> {
        let mut rest: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
        for (taxonomy, cell) in &cells.terms {
            rest.entry(taxonomy.clone())
                .or_default()
                .extend(split_list(cell).map(|t| t.into()));
        }
        if let Some((h, group)) = cells.group {
            let taxonomies = self.opts.taxonomies;
            let target = self.opts.lanes.or_else(|| {
                taxonomies
                    .iter()
                    .find(|t| *t == vocabulary::TAGS)
                    .map(|t| t.as_str())
            });
            match target {
                Some(t) => rest.entry(t.to_string()).or_default().push(group.into()),
                None => fail.at(
                    line,
                    format!("column {h}: `{group}` has no taxonomy to go to: the site has neither `lanes` nor a `tags` taxonomy; add `lanes: tags` and `tags` to `taxonomies` in site.yaml"),
                ),
            }
        }
        rest.into_iter()
            .map(|(k, v)| (k, serde_json::Value::Array(v)))
            .collect()
    }

    fn title(
        &mut self,
        cells: &Cells,
        start: Option<String>,
        summary: Option<String>,
        media: Option<Vec<RawMedia>>,
        fail: &mut Fail,
        line: usize,
    ) {
        if let Some(first) = self.sheet.title_line {
            fail.at(
                line,
                format!("a second title row (the first is at line {first}); a sheet has one title"),
            );
            return;
        }
        self.sheet.title_line = Some(line);
        let rest = self.terms(cells, fail, line);
        let raw = &mut self.sheet.raw;
        raw.title = cells.keys.get("title").map(|(_, c)| c.to_string());
        raw.summary = summary;
        raw.date = start.map(RawDate::Text);
        raw.media = media;
        for key in ["summary", "date", "media"] {
            let set = match key {
                "summary" => raw.summary.is_some(),
                "date" => raw.date.is_some(),
                _ => raw.media.is_some(),
            };
            if set {
                raw.keys.push(key.into());
            }
        }
        raw.rest = rest;
    }
}

/// One source of a `sources` cell: a name, or a name and its URL after a space
/// (`County archive https://example.org/archive`).
fn source(item: &str) -> RawSource {
    let url = item
        .rsplit_once(char::is_whitespace)
        .filter(|(_, url)| url.starts_with("https://") || url.starts_with("http://"));
    match url {
        Some((name, url)) => RawSource {
            name: Some(name.trim().to_string()),
            url: Some(url.to_string()),
            ..RawSource::default()
        },
        None => RawSource {
            name: Some(item.to_string()),
            ..RawSource::default()
        },
    }
}

/// The items of a list cell.
pub fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(LIST_SEPARATOR)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The date a side's TimelineJS cells make, in the date grammar (`2024-06-19T14:30`), to the
/// precision of the finest cell; `None` when the side has no cells or one is bad (reported).
fn date_text(parts: &DateParts, fail: &mut Fail, line: usize) -> Option<String> {
    let mut bad = false;
    let mut check = |cell: Option<(&str, &str)>,
                     needs: Option<(&str, &str)>,
                     needs_name: &str,
                     read: &dyn Fn(&str) -> Result<i64, String>|
     -> Option<i64> {
        let (h, c) = cell?;
        if needs.is_none() {
            fail.at(
                line,
                format!("column {h}: `{c}` needs a {needs_name} cell beside it"),
            );
            bad = true;
            return None;
        }
        read(c)
            .map_err(|why| {
                fail.at(line, format!("column {h}: `{c}` {why}"));
                bad = true;
            })
            .ok()
    };
    let (year_name, month_name, day_name) = ("Year", "Month", "Day");
    let always = Some(("", ""));
    let year = check(parts.year, always, year_name, &read_year);
    let month = check(parts.month, parts.year, year_name, &|c| {
        read_in(c, 1, 12, "a month")
    });
    let day = check(parts.day, parts.month, month_name, &|c| {
        read_in(c, 1, 31, "a day")
    });
    let time = match parts.time {
        Some((h, c)) if parts.day.is_none() => {
            fail.at(
                line,
                format!("column {h}: `{c}` needs a {day_name} cell beside it"),
            );
            bad = true;
            None
        }
        Some((h, c)) => match read_time(c) {
            Ok(t) => Some(t),
            Err(why) => {
                fail.at(line, format!("column {h}: `{c}` {why}"));
                bad = true;
                None
            }
        },
        None => None,
    };
    if bad {
        return None;
    }
    Some(fields_text(year?, month, day, time))
}

/// A date in the date grammar from TimelineJS's fields, to the finest one given (`2024`,
/// `2024-06-19T14:05`); a finer field is left out when a coarser one is missing.
pub fn fields_text(year: i64, month: Option<i64>, day: Option<i64>, time: Option<Clock>) -> String {
    let mut text = year_text(year);
    let Some(month) = month else { return text };
    text.push_str(&format!("-{month:02}"));
    let Some(day) = day else { return text };
    text.push_str(&format!("-{day:02}"));
    if let Some(t) = time {
        text.push_str(&format!("T{:02}:{:02}", t.hour, t.minute));
        if let Some(s) = t.second {
            text.push_str(&format!(":{s:02}"));
        }
    }
    text
}

/// A year in the date grammar: `2024`, `-0043` (44 BCE), `Y12345`.
pub fn year_text(year: i64) -> String {
    match year {
        0..=9999 => format!("{year:04}"),
        -9999..=-1 => format!("-{:04}", -year),
        _ => format!("Y{year}"),
    }
}

/// A whole number as a sheet writes it: spaces, `,`, `'` and `_` between digit groups allowed
/// (`13 800 000 000`, `1,000`), and `.` between groups of three (`1.000.000`).
pub fn read_number(cell: &str) -> Result<i64, String> {
    let kept: String = cell
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, ',' | '\'' | '_' | '\u{2009}')))
        .collect();
    let kept = kept.replace('\u{2212}', "-");
    let grouped = kept.contains('.')
        && kept
            .split('.')
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    let kept = if grouped { kept.replace('.', "") } else { kept };
    let digits = kept.strip_prefix(['-', '+']).unwrap_or(&kept);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("is not a whole number".into());
    }
    kept.parse::<i64>()
        .map_err(|_| "is too large a number".to_string())
}

/// A year: a whole number (negative: astronomical, as TimelineJS's JSON, -43 is 44 BCE), or
/// `N BCE`.
fn read_year(cell: &str) -> Result<i64, String> {
    let lower = cell.trim().to_lowercase();
    let bce = ["bce", "bc", "b.c.e.", "b.c."]
        .iter()
        .find_map(|s| lower.strip_suffix(s));
    match bce {
        Some(n) => {
            let n = read_number(n)?;
            if n < 1 {
                return Err("is not a year BCE; expected 1 BCE or earlier".into());
            }
            Ok(1 - n)
        }
        None => read_number(cell)
            .map_err(|why| format!("{why}; expected a year such as 2024, -43 or 44 BCE")),
    }
}

fn read_in(cell: &str, low: i64, high: i64, what: &str) -> Result<i64, String> {
    let n = read_number(cell)
        .map_err(|why| format!("{why}; expected {what}, a whole number from {low} to {high}"))?;
    if (low..=high).contains(&n) {
        Ok(n)
    } else {
        Err(format!(
            "is not {what}; expected a whole number from {low} to {high}"
        ))
    }
}

/// A time of day as read from a `Time` cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub hour: u32,
    pub minute: u32,
    /// Written: the date is to the second.
    pub second: Option<u32>,
}

const TIME_FORMS: &str = "expected h[:mm[:ss]] on a 24-hour clock (14:30) or with am/pm (2:30 pm)";

/// `h[:mm[:ss]]` on a 24-hour clock, or with `am`/`pm` (`a.m.`, any case, spaced or not).
pub fn read_time(cell: &str) -> Result<Clock, String> {
    let lower = cell.trim().to_lowercase();
    let (clock, meridiem) = [("a.m.", 'a'), ("p.m.", 'p'), ("am", 'a'), ("pm", 'p')]
        .iter()
        .find_map(|(s, m)| {
            lower
                .strip_suffix(s)
                .map(|rest| (rest.trim_end(), Some(*m)))
        })
        .unwrap_or((lower.as_str(), None));
    let fields: Vec<&str> = clock.split(':').collect();
    let well_formed = fields.len() <= 3
        && fields.iter().enumerate().all(|(i, f)| {
            let len_ok = if i == 0 {
                (1..=2).contains(&f.len())
            } else {
                f.len() == 2
            };
            len_ok && f.bytes().all(|b| b.is_ascii_digit())
        });
    if !well_formed {
        return Err(format!("is not a time; {TIME_FORMS}"));
    }
    let num = |i: usize| fields.get(i).and_then(|f| f.parse::<u32>().ok());
    let (hour, minute, second) = (num(0).unwrap_or(0), num(1).unwrap_or(0), num(2));
    let hour = match meridiem {
        Some(_) if !(1..=12).contains(&hour) => {
            return Err(format!(
                "has hour {hour}, not 1 to 12 as am/pm times have; {TIME_FORMS}"
            ))
        }
        Some('a') => hour % 12,
        Some(_) => hour % 12 + 12,
        None if hour > 23 => return Err(format!("has hour {hour}, past 23; {TIME_FORMS}")),
        None => hour,
    };
    if minute > 59 || second.is_some_and(|s| s > 59) {
        return Err(format!("has minutes or seconds past 59; {TIME_FORMS}"));
    }
    Ok(Clock {
        hour,
        minute,
        second,
    })
}

#[cfg(test)]
mod tests;
