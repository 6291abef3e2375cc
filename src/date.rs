//! Dates of events: parsing, normalising and displaying the `date` and `end` values of an
//! article's front-matter.
//!
//! # Grammar
//!
//! A date is a string (a bare YAML integer is a year, see [`EventDate::from_year`]). Whitespace
//! around the text is trimmed; everything else must match exactly one of these forms (ISO 8601
//! and EDTF levels 0–1):
//!
//! ```text
//! side      = body [qualifier]
//! qualifier = "~" | "?" | "%"            approximate / uncertain / both ("c. 2000", "2000?", "c. 2000?")
//! body      = iso | bce | yform
//! iso       = ["-"] YYYY ["-" MM ["-" DD ["T" time]]]
//! time      = hh ":" mm [":" ss] [offset]
//! offset    = "Z" | ("+" | "-") hh ":" mm [":" ss]
//! bce       = digits [spaces] ("BCE" | "BC")        case-insensitive, year precision
//! yform     = "Y" ["-"] digits{5,}                   EDTF long year, year precision
//! span      = side "/" side                           see [`parse_span`]
//! ```
//!
//! The precision is the finest field written: year, month, day, minute or second.
//!
//! # Decisions
//!
//! * **Years** use astronomical numbering: `0000` is 1 BCE, `-0043` is 44 BCE, and `44 BCE`
//!   (or `44 BC`, `44 bce`, `44 bc`) is the same year as `-0043`. There is no year `0 BCE`.
//!   Year 0 is accepted (it is 1 BCE).
//! * **Four digits.** ISO years take exactly four digits. `44` is rejected with the hint
//!   `0044`; `12345` is rejected with the hint `Y12345`: years beyond four digits use the EDTF
//!   `Y` prefix (`Y12345`, `Y-12345`) and carry year precision only. `Y2000` and `Y01000` are
//!   rejected (the prefix is only for years beyond 9999), with the four-digit form as a hint.
//! * **Range.** Years run from [`MIN_YEAR`] to [`MAX_YEAR`], comfortably inside what chrono can
//!   represent, so the next period and any zone offset never leave chrono's range. Anything
//!   outside is an error, never a panic.
//! * **Padding.** Month, day, hour, minute and second take two digits: `2024-1-5` is rejected
//!   with the suggestion `2024-01-05`.
//! * **Out-of-range fields** (`2024-02-30`, `2024-13`, `T25:00`, minute 60) are errors and are
//!   never shifted into the next unit. `T24:00` (ISO's "end of day") is rejected too: write
//!   `00:00` of the next day.
//! * **Leap seconds.** `23:59:60` is rejected: chrono cannot represent it as a distinct instant
//!   (Unix time has no slot for it), and the message says so.
//! * **Fractional seconds** are rejected.
//! * **Offsets.** An explicit offset (`Z`, `+09:00`) wins over the zone passed in; the date's
//!   zone is then [`Zone::Utc`] for `Z` and [`Zone::Fixed`] otherwise. Offsets beyond ±18:00
//!   (`+25:00`) are rejected, as are `+0900` and `+09` (the message asks for `±hh:mm`). An
//!   offset may carry seconds (`+08:27:52`) so that the normalised text of a local-mean-time
//!   instant (zones before they adopted standard time) parses back to the same instant.
//!   An offset needs a time: `2024-06-19+09:00` is rejected.
//! * **Zones.** A wall-clock time without an offset is read in the zone passed in. IANA zones use
//!   their historical rules (chrono-tz): `1950-06-25T04:00` in `Asia/Seoul` is
//!   `1950-06-24T18:00:00Z` because Seoul kept summer time (+10:00) that year.
//!   * A time that does not exist in the zone (a spring-forward gap) is an error naming the zone.
//!   * An ambiguous time (fall-back overlap) takes the **earlier** instant, i.e. the offset in
//!     force before the clocks went back, so the event is never placed after a moment that the
//!     same wall clock also names.
//! * **Periods.** A coarse date's period starts at its first instant in the zone: a year at
//!   1 January 00:00 local, a month on the 1st at 00:00, a day at 00:00. If midnight falls into a
//!   gap, the period starts at the first valid instant after it. A day that the zone skipped
//!   entirely (`2011-12-30` in `Pacific/Apia`) is an error. The period ends (exclusively) where
//!   the next year/month/day starts in the zone; a minute lasts 60 s and a second 1 s.
//! * **Qualifiers** go at the very end of each side, once: `2000~`, `2024-06-19T02:45+09:00?`.
//! * **Spans** `A/B` parse each side alone (same zone) and require that B does not start
//!   before A (start instants compared). EDTF open ends (`..`) are not supported.
//! * **Normalised text** ([`EventDate::normalized`]) always writes the resolved offset for minute
//!   and second precision (`Z` only when the zone is [`Zone::Utc`]), so it parses back to the
//!   same start instant in any zone. A coarse date has no place for a zone: it parses back to the
//!   same start only in the same zone.
//! * **Display** ([`format_display`], in English, or [`format_display_in`] a [`DateLocale`]) is precision-aware, and collapses what both ends
//!   of a range share (`June–July 2024`). An en dash is unspaced between single words
//!   (`1950–1953`, `18–19 June 2024`) and spaced otherwise (`30 June – 2 July 2024`). A range
//!   crossing from BCE to CE marks the CE end: `44 BCE – 14 CE`. Ends of different precision,
//!   ends carrying a qualifier, and times in different zone abbreviations are written in full.
//!
//! Every function is deterministic and none panics on any input.

use std::fmt;

use chrono::{
    Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
};
use chrono_tz::{GapInfo, OffsetName, Tz, TZ_VARIANTS};

/// Earliest accepted year (astronomical numbering), well inside chrono's range.
pub const MIN_YEAR: i32 = -262_000;
/// Latest accepted year, well inside chrono's range.
pub const MAX_YEAR: i32 = 262_000;

/// The largest UTC offset accepted, in seconds (±18:00, as in chrono and RFC 9557).
const MAX_OFFSET_SECS: i64 = 18 * 3600;

/// The reason given when the text matches no form at all.
const EXPECTED: &str =
    "expected one of YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss][Z|±hh:mm], \
-YYYY, N BCE, with an optional ~ ? % qualifier, or A/B for a span";
const TIME_FORM: &str = "write the time as hh:mm or hh:mm:ss, two digits each (e.g. T02:45)";
const OFFSET_FORM: &str = "write the offset as Z or ±hh:mm (e.g. +09:00)";
const LEAP_SECOND: &str = "leap second 60 is not supported: chrono cannot represent \
23:59:60 as a distinct instant; write 23:59:59 or 00:00 of the next day";

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How finely a date was written. Declaration order is coarse to fine, so `Ord` can break ties
/// (a coarser date sorts before a finer one starting at the same instant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// `2000`, `44 BCE`, `Y12345`.
    Year,
    /// `2024-06`.
    Month,
    /// `2024-06-19`.
    Day,
    /// `2024-06-19T02:45`.
    Minute,
    /// `2024-06-19T02:45:30`.
    Second,
}

/// The zone in which a wall-clock time is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Zone {
    /// Coordinated Universal Time (`UTC`, `Z`).
    Utc,
    /// A fixed offset east of UTC (`+03:00`, `-05:30`).
    Fixed(FixedOffset),
    /// An IANA zone with its historical rules (`Europe/Moscow`).
    Named(Tz),
}

impl Zone {
    /// Parses "UTC", "Z", "+03:00", "-05:30" or an IANA name such as "Europe/Moscow".
    ///
    /// "UTC" is matched case-insensitively; IANA names must be spelled exactly. An unknown name
    /// is an error that suggests the closest IANA names (by edit distance, ignoring case, and
    /// also against the part after the last `/` when the text has no `/`), e.g.
    /// "Asia/Pyongyan" → did you mean `Asia/Pyongyang`?
    pub fn parse(text: &str) -> Result<Zone, DateError> {
        let name = text.trim();
        let fail = |reason: String| DateError::zone(name, reason);
        if name.is_empty() {
            return Err(fail("it is empty".to_string()));
        }
        if name == "Z" || name.eq_ignore_ascii_case("UTC") {
            return Ok(Zone::Utc);
        }
        if name.starts_with('+') || name.starts_with('-') {
            let mut cursor = Cursor::new(name);
            let secs = parse_offset(&mut cursor).map_err(&fail)?;
            if !cursor.at_end() {
                return Err(fail(OFFSET_FORM.to_string()));
            }
            return fixed_zone(secs).map_err(fail);
        }
        match name.parse::<Tz>() {
            Ok(tz) => Ok(Zone::Named(tz)),
            Err(_) => Err(fail(unknown_zone_reason(name))),
        }
    }

    /// "UTC", the offset "+03:00", or the IANA name "Asia/Pyongyang".
    pub fn name(&self) -> String {
        match self {
            Zone::Utc => "UTC".to_string(),
            Zone::Fixed(offset) => format_offset(offset.local_minus_utc()),
            Zone::Named(tz) => tz.name().to_string(),
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A date that could not be parsed. It does not know the file or line: the caller adds those.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// The text as given (trimmed).
    pub value: String,
    /// What was wrong and what was expected.
    pub reason: String,
    /// What the value should have been: "date" or "time zone".
    pub subject: &'static str,
}

impl DateError {
    fn new(value: &str, reason: impl Into<String>) -> DateError {
        DateError {
            value: value.to_string(),
            reason: reason.into(),
            subject: "date",
        }
    }

    fn zone(value: &str, reason: impl Into<String>) -> DateError {
        DateError {
            subject: "time zone",
            ..DateError::new(value, reason)
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a valid {}: {}",
            self.value, self.subject, self.reason
        )
    }
}

impl std::error::Error for DateError {}

/// One parsed date: the wall-clock fields as written, its precision and qualifiers, the zone the
/// wall clock is read in, and the UTC instant at which its period starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    precision: Precision,
    approximate: bool,
    uncertain: bool,
    zone: Zone,
    /// Seconds east of UTC in force at `start` (written out for minute and second precision).
    offset: i32,
    /// Unix seconds of the first instant of the period.
    start: i64,
    /// Unix seconds of the first instant after the period.
    end: i64,
}

impl EventDate {
    /// Parses one side (no '/'). `zone` is used when the text has no explicit offset.
    pub fn parse(text: &str, zone: &Zone) -> Result<EventDate, DateError> {
        let value = text.trim();
        parse_side(value, zone).map_err(|reason| DateError::new(value, reason))
    }

    /// A bare YAML integer: a year (astronomical numbering: 0 = 1 BCE, -43 = 44 BCE).
    pub fn from_year(year: i64, zone: &Zone) -> Result<EventDate, DateError> {
        build(Written::year(year), Qualifiers::default(), zone)
            .map_err(|reason| DateError::new(&year.to_string(), reason))
    }

    /// How finely the date was written.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Marked `~` or `%`: shown as "c.".
    pub fn approximate(&self) -> bool {
        self.approximate
    }

    /// Marked `?` or `%`: shown as a trailing "?".
    pub fn uncertain(&self) -> bool {
        self.uncertain
    }

    /// The wall-clock year, astronomical (0 = 1 BCE).
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The wall-clock month, 1 when the precision is Year.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// The wall-clock day, 1 when coarser than Day.
    pub fn day(&self) -> u32 {
        self.day
    }

    /// The wall-clock hour, 0 when coarser than Minute.
    pub fn hour(&self) -> u32 {
        self.hour
    }

    /// The wall-clock minute, 0 when coarser than Minute.
    pub fn minute(&self) -> u32 {
        self.minute
    }

    /// The wall-clock second, 0 when coarser than Second.
    pub fn second(&self) -> u32 {
        self.second
    }

    /// The explicit offset (as [`Zone::Fixed`], or [`Zone::Utc`] for `Z`) or the zone passed in.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// The UTC offset in force at the start of the period, in seconds east of UTC.
    pub fn offset_seconds(&self) -> i32 {
        self.offset
    }

    /// Unix seconds (UTC) of the first instant of the period (may be far negative).
    pub fn start_utc(&self) -> i64 {
        self.start
    }

    /// Unix seconds of the first instant AFTER the period (start of the next
    /// year/month/day/minute/second).
    pub fn end_utc_exclusive(&self) -> i64 {
        self.end
    }

    /// Normalised ISO/EDTF text: "2000", "-0043", "Y12345", "2024-06", "2024-06-19",
    /// "2024-06-19T02:45+09:00", "2024-06-19T02:45:30Z", with the qualifier appended ("2000~").
    /// The resolved offset is always written for minute and second precision ("Z" for
    /// [`Zone::Utc`]), so the text parses back to the same start instant in any zone; a coarse
    /// date parses back to the same start in the same zone.
    pub fn normalized(&self) -> String {
        let mut text = match self.precision {
            Precision::Year if !(-9999..=9999).contains(&self.year) => format!("Y{}", self.year),
            Precision::Year => iso_year(self.year),
            Precision::Month => format!("{}-{:02}", iso_year(self.year), self.month),
            Precision::Day => self.iso_date(),
            Precision::Minute | Precision::Second => {
                format!("{}T{}{}", self.iso_date(), self.clock(), self.offset_text())
            }
        };
        if let Some(mark) = self.qualifier() {
            text.push(mark);
        }
        text
    }

    /// ISO 8601 UTC instant of [`start_utc`](Self::start_utc) with seconds and Z; years before 1
    /// or after 9999 are signed and expanded: "2024-06-18T17:45:00Z", "-0043-03-15T00:00:00Z",
    /// "+10000-01-01T00:00:00Z" (year 0 is "+0000").
    pub fn start_utc_iso(&self) -> String {
        let (year, month, day, hour, minute, second) = civil_from_unix(self.start);
        let year = if (1..=9999).contains(&year) {
            format!("{year:04}")
        } else if year < 0 {
            format!("-{:04}", year.unsigned_abs())
        } else {
            format!("+{year:04}")
        };
        format!("{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
    }

    /// Value for HTML `<time datetime>`: "2000", "2024-06", "2024-06-19",
    /// "2024-06-19T02:45+09:00", "2024-06-19T02:45:30+09:00" ("Z" for UTC); None when the year is
    /// before 1 or after 9999 (HTML cannot express it). An offset with seconds (local mean time)
    /// has no HTML form, so such a time is given as its UTC instant with seconds.
    pub fn html_datetime(&self) -> Option<String> {
        if !(1..=9999).contains(&self.year) {
            return None;
        }
        let text = match self.precision {
            Precision::Year => format!("{:04}", self.year),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            Precision::Day => self.iso_date(),
            Precision::Minute | Precision::Second if self.offset % 60 != 0 => {
                let iso = self.start_utc_iso();
                // A signed (expanded) year is not valid HTML either.
                if iso.starts_with(['+', '-']) {
                    return None;
                }
                iso
            }
            Precision::Minute | Precision::Second => {
                format!("{}T{}{}", self.iso_date(), self.clock(), self.offset_text())
            }
        };
        Some(text)
    }

    /// Abbreviation of the zone at the start instant ("KST", "MSK", "UTC"), or the offset
    /// "+03:00" when the zone database only has a numeric abbreviation like "+03" or the zone is
    /// a fixed offset.
    pub fn zone_label(&self) -> String {
        match &self.zone {
            Zone::Utc => "UTC".to_string(),
            Zone::Fixed(offset) => format_offset(offset.local_minus_utc()),
            Zone::Named(tz) => {
                named_abbreviation(*tz, self.start).unwrap_or_else(|| format_offset(self.offset))
            }
        }
    }

    /// "2024-06-19" / "-0043-03-15": the wall-clock date with four-digit year.
    fn iso_date(&self) -> String {
        format!("{}-{:02}-{:02}", iso_year(self.year), self.month, self.day)
    }

    /// "02:45" or "02:45:30" according to the precision.
    fn clock(&self) -> String {
        if self.precision == Precision::Second {
            format!("{:02}:{:02}:{:02}", self.hour, self.minute, self.second)
        } else {
            format!("{:02}:{:02}", self.hour, self.minute)
        }
    }

    fn offset_text(&self) -> String {
        match self.zone {
            Zone::Utc => "Z".to_string(),
            _ => format_offset(self.offset),
        }
    }

    fn qualifier(&self) -> Option<char> {
        match (self.approximate, self.uncertain) {
            (true, true) => Some('%'),
            (true, false) => Some('~'),
            (false, true) => Some('?'),
            (false, false) => None,
        }
    }

    fn has_qualifier(&self) -> bool {
        self.approximate || self.uncertain
    }
}

/// "2024-06-19/2024-06-20" → (start, Some(end)); a single date → (start, None). Both sides are
/// read in `zone`; the end must not start before the start.
pub fn parse_span(text: &str, zone: &Zone) -> Result<(EventDate, Option<EventDate>), DateError> {
    let value = text.trim();
    let fail = |reason: String| DateError::new(value, reason);
    let mut sides = value.split('/');
    let first = sides.next().unwrap_or("");
    let Some(second) = sides.next() else {
        return parse_side(value, zone)
            .map(|date| (date, None))
            .map_err(fail);
    };
    if sides.next().is_some() {
        return Err(fail(
            "a span has exactly one `/` between its two ends".to_string(),
        ));
    }
    let start = parse_span_side(first, "start", zone).map_err(&fail)?;
    let end = parse_span_side(second, "end", zone).map_err(&fail)?;
    check_order(&start, &end).map_err(|error| fail(error.reason))?;
    Ok((start, Some(end)))
}

/// One end of a span; the reason names the end ("end `2024-02-30`: day 30 is …").
fn parse_span_side(text: &str, which: &str, zone: &Zone) -> Result<EventDate, String> {
    let text = text.trim();
    let result = if text == ".." {
        Err("open ends (`..`) are not supported: give both ends".to_string())
    } else {
        parse_side(text, zone)
    };
    result.map_err(|reason| format!("{which} `{text}`: {reason}"))
}

/// Checks that an explicit `end` does not start before `start` (used when date and end are
/// separate keys). Start instants are compared, so `2000/2000-06` and `2024-06-19/2024-06-19`
/// are fine.
pub fn check_order(start: &EventDate, end: &EventDate) -> Result<(), DateError> {
    if end.start < start.start {
        let value = format!("{}/{}", start.normalized(), end.normalized());
        let reason = format!(
            "the end `{}` starts before the start `{}` ({} is before {})",
            end.normalized(),
            start.normalized(),
            end.start_utc_iso(),
            start.start_utc_iso()
        );
        return Err(DateError::new(&value, reason));
    }
    Ok(())
}

/// How dates read in one language: month names and patterns with `{placeholders}`. The English
/// one is [`DateLocale::english`]; the theme's language files (`templates/i18n/*.yaml`) give the
/// others. Placeholders: `{d}` day, `{m}` month number, `{month}` / `{month_gen}` the month's
/// name (the genitive is the form used after a day, "19 июня"), `{year}` the year as
/// [`DateLocale::year`] / `bce` / `ce` write it, `{y}` a bare year number, `{date}` a date
/// written in full, `{time}` a clock, `{zone}` a zone label; ranges number their ends (`{d1}`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateLocale {
    /// Month names as they stand alone (headings, "June 2024").
    pub months: Vec<String>,
    /// Month names after a day number; default: `months`.
    #[serde(default)]
    pub months_genitive: Vec<String>,
    /// A CE year: `{y}` ("2000", "2000년").
    pub year: String,
    /// A BCE year: `{y} BCE`.
    pub bce: String,
    /// A CE year when a range crosses from BCE: `{y} CE`.
    pub ce: String,
    /// Month precision: `{month} {year}`.
    pub month: String,
    /// Day precision: `{d} {month_gen} {year}`.
    pub day: String,
    /// Minute or second precision: `{date}, {time} {zone}`.
    pub time: String,
    /// An approximate date: `c. {date}`.
    pub approximate: String,
    /// An uncertain date: `{date}?`.
    pub uncertain: String,
    /// Two CE years: `{y1}–{y2}`.
    pub year_range: String,
    /// Two BCE years: `{y1}–{y2} BCE`.
    pub bce_range: String,
    /// Two months of one year: `{month1}–{month2} {year}`.
    pub month_range: String,
    /// Two days of one month: `{d1}–{d2} {month_gen} {year}`.
    pub day_range: String,
    /// Two days of one year: `{d1} {month_gen1} – {d2} {month_gen2} {year}`.
    pub day_month_range: String,
    /// Two times of one day: `{date}, {time1}–{time2} {zone}`.
    pub time_range: String,
    /// Two times on different days: `{date1}, {time1} – {date2}, {time2} {zone}`.
    pub times_range: String,
}

impl DateLocale {
    /// The built-in English forms: "19 June 2024", "c. 2000", "44 BCE".
    pub fn english() -> DateLocale {
        let s = |t: &str| t.to_string();
        DateLocale {
            months: MONTHS.iter().map(|m| s(m)).collect(),
            months_genitive: Vec::new(),
            year: s("{y}"),
            bce: s("{y} BCE"),
            ce: s("{y} CE"),
            month: s("{month} {year}"),
            day: s("{d} {month_gen} {year}"),
            time: s("{date}, {time} {zone}"),
            approximate: s("c. {date}"),
            uncertain: s("{date}?"),
            year_range: s("{y1}–{y2}"),
            bce_range: s("{y1}–{y2} BCE"),
            month_range: s("{month1}–{month2} {year}"),
            day_range: s("{d1}–{d2} {month_gen} {year}"),
            day_month_range: s("{d1} {month_gen1} – {d2} {month_gen2} {year}"),
            time_range: s("{date}, {time1}–{time2} {zone}"),
            times_range: s("{date1}, {time1} – {date2}, {time2} {zone}"),
        }
    }

    /// Checks that there are twelve month names (and twelve genitives, when given).
    pub fn check(&self) -> Result<(), String> {
        if self.months.len() != 12 {
            return Err(format!(
                "months: expected 12 names, found {}",
                self.months.len()
            ));
        }
        if !self.months_genitive.is_empty() && self.months_genitive.len() != 12 {
            return Err(format!(
                "months_genitive: expected 12 names (or none), found {}",
                self.months_genitive.len()
            ));
        }
        Ok(())
    }

    /// The standalone name of a month: 6 → "June" (empty outside 1–12).
    pub fn month_name(&self, month: u32) -> &str {
        pick_month(&self.months, month)
    }

    fn month_gen(&self, month: u32) -> &str {
        if self.months_genitive.is_empty() {
            self.month_name(month)
        } else {
            pick_month(&self.months_genitive, month)
        }
    }

    /// "2000", "44 BCE", or "14 CE" when the CE era must be spelled out.
    fn era_year(&self, year: i32, mark_ce: bool) -> String {
        let (pattern, number) = if year <= 0 {
            (&self.bce, bce_number(year).to_string())
        } else if mark_ce {
            (&self.ce, year.to_string())
        } else {
            (&self.year, year.to_string())
        };
        fill(pattern, &[("y", &number)])
    }
}

fn pick_month(names: &[String], month: u32) -> &str {
    let index = usize::try_from(month).unwrap_or(0).wrapping_sub(1);
    names.get(index).map_or("", String::as_str)
}

/// Replaces each `{key}` in `pattern` with its value; unknown keys are left as written.
fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let key = after.find('}').map(|close| &after[..close]);
        match key.and_then(|k| values.iter().find(|(name, _)| *name == k)) {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// English display text, precision-aware: "2000", "June 2024", "19 June 2024",
/// "19 June 2024, 02:45 KST", "44 BCE", "15 March 44 BCE", "c. 2000", "2000?", "c. 2000?".
///
/// Ranges use an en dash and collapse what both ends share: "1950–1953", "June–July 2024",
/// "18–19 June 2024", "30 June – 2 July 2024", "December 2023 – January 2024",
/// "19 June 2024, 02:45–04:00 KST", "18 June 2024, 23:00 – 19 June 2024, 01:00 KST",
/// "44–43 BCE", "44 BCE – 14 CE". Ends of different precision, ends with a qualifier and times
/// in different zone labels are written in full: "2000 – 19 June 2024", "c. 1950 – 1953".
/// A range whose ends read the same is shown once.
pub fn format_display(start: &EventDate, end: Option<&EventDate>) -> String {
    static ENGLISH: std::sync::OnceLock<DateLocale> = std::sync::OnceLock::new();
    format_display_in(ENGLISH.get_or_init(DateLocale::english), start, end)
}

/// The display text of [`format_display`] in a language: "19 июня 2024", "2024년 6월 19일".
pub fn format_display_in(loc: &DateLocale, start: &EventDate, end: Option<&EventDate>) -> String {
    let Some(end) = end else {
        return full_display(loc, start, false);
    };
    // When a range crosses from BCE to CE the CE end says so: "44 BCE – 14 CE".
    let mark_ce = start.year <= 0 && end.year >= 1;
    let full = || {
        join_range(
            &full_display(loc, start, false),
            &full_display(loc, end, mark_ce),
        )
    };
    if start.precision != end.precision || start.has_qualifier() || end.has_qualifier() {
        return full();
    }
    let same_year = start.year == end.year;
    let same_month = same_year && start.month == end.month;
    let same_day = same_month && start.day == end.day;
    let year = loc.era_year(start.year, false);
    let (d1, d2) = (start.day.to_string(), end.day.to_string());
    let (m1, m2) = (start.month.to_string(), end.month.to_string());
    let values = [
        ("d1", d1.as_str()),
        ("d2", d2.as_str()),
        ("m1", m1.as_str()),
        ("m2", m2.as_str()),
        ("m", m1.as_str()),
        ("month1", loc.month_name(start.month)),
        ("month2", loc.month_name(end.month)),
        ("month_gen1", loc.month_gen(start.month)),
        ("month_gen2", loc.month_gen(end.month)),
        ("month_gen", loc.month_gen(start.month)),
        ("year", year.as_str()),
    ];
    match start.precision {
        Precision::Year => display_year_range(loc, start.year, end.year),
        Precision::Month if same_month => full_display(loc, start, false),
        Precision::Month if same_year => fill(&loc.month_range, &values),
        Precision::Day if same_day => full_display(loc, start, false),
        Precision::Day if same_month => fill(&loc.day_range, &values),
        Precision::Day if same_year => fill(&loc.day_month_range, &values),
        Precision::Minute | Precision::Second => display_time_range(loc, start, end, same_day),
        _ => full(),
    }
}

/// "1950–1953", "44–43 BCE", "44 BCE – 14 CE", or one year when both ends are the same.
fn display_year_range(loc: &DateLocale, start: i32, end: i32) -> String {
    if start == end {
        loc.era_year(start, false)
    } else if start >= 1 && end >= 1 {
        let (y1, y2) = (start.to_string(), end.to_string());
        fill(&loc.year_range, &[("y1", &y1), ("y2", &y2)])
    } else if start <= 0 && end <= 0 {
        let (y1, y2) = (bce_number(start).to_string(), bce_number(end).to_string());
        fill(&loc.bce_range, &[("y1", &y1), ("y2", &y2)])
    } else {
        join_range(&loc.era_year(start, false), &loc.era_year(end, start <= 0))
    }
}

/// Times share the zone label at the end; on the same day they also share the date.
fn display_time_range(
    loc: &DateLocale,
    start: &EventDate,
    end: &EventDate,
    same_day: bool,
) -> String {
    let label = start.zone_label();
    let mark_ce = start.year <= 0 && end.year >= 1;
    if label != end.zone_label() {
        return join_range(
            &full_display(loc, start, false),
            &full_display(loc, end, mark_ce),
        );
    }
    if same_day && start.clock() == end.clock() {
        return full_display(loc, start, false);
    }
    let (c1, c2) = (start.clock(), end.clock());
    if same_day {
        let date = display_day(loc, start, false);
        return fill(
            &loc.time_range,
            &[
                ("date", &date),
                ("time1", &c1),
                ("time2", &c2),
                ("zone", &label),
            ],
        );
    }
    let (date1, date2) = (
        display_day(loc, start, false),
        display_day(loc, end, mark_ce),
    );
    fill(
        &loc.times_range,
        &[
            ("date1", &date1),
            ("time1", &c1),
            ("date2", &date2),
            ("time2", &c2),
            ("zone", &label),
        ],
    )
}

/// Joins two ends with an en dash: unspaced between single words, spaced otherwise.
fn join_range(start: &str, end: &str) -> String {
    if start.contains(' ') || end.contains(' ') {
        format!("{start} – {end}")
    } else {
        format!("{start}–{end}")
    }
}

/// One date written in full with its qualifiers ("c. 19 June 2024, 02:45 KST?").
fn full_display(loc: &DateLocale, date: &EventDate, mark_ce: bool) -> String {
    let body = match date.precision {
        Precision::Year => loc.era_year(date.year, mark_ce),
        Precision::Month => {
            let (m, year) = (date.month.to_string(), loc.era_year(date.year, mark_ce));
            fill(
                &loc.month,
                &[
                    ("month", loc.month_name(date.month)),
                    ("m", &m),
                    ("year", &year),
                ],
            )
        }
        Precision::Day => display_day(loc, date, mark_ce),
        Precision::Minute | Precision::Second => {
            let (day, clock, zone) = (
                display_day(loc, date, mark_ce),
                date.clock(),
                date.zone_label(),
            );
            fill(
                &loc.time,
                &[("date", &day), ("time", &clock), ("zone", &zone)],
            )
        }
    };
    let body = if date.uncertain {
        fill(&loc.uncertain, &[("date", &body)])
    } else {
        body
    };
    if date.approximate {
        fill(&loc.approximate, &[("date", &body)])
    } else {
        body
    }
}

/// "19 June 2024", "15 March 44 BCE".
fn display_day(loc: &DateLocale, date: &EventDate, mark_ce: bool) -> String {
    let (d, m, year) = (
        date.day.to_string(),
        date.month.to_string(),
        loc.era_year(date.year, mark_ce),
    );
    fill(
        &loc.day,
        &[
            ("d", &d),
            ("m", &m),
            ("month", loc.month_name(date.month)),
            ("month_gen", loc.month_gen(date.month)),
            ("year", &year),
        ],
    )
}

/// "2000", "44 BCE", or "14 CE" when the CE era must be spelled out (English).
fn era_year(year: i32, mark_ce: bool) -> String {
    if year <= 0 {
        format!("{} BCE", bce_number(year))
    } else if mark_ce {
        format!("{year} CE")
    } else {
        year.to_string()
    }
}

/// The BCE year number of an astronomical year ≤ 0 (0 → 1, -43 → 44).
fn bce_number(year: i32) -> i64 {
    1 - i64::from(year)
}

/// The English name of a month: 6 → "June" (an empty string outside 1–12).
pub fn month_name(month: u32) -> String {
    month_str(month).to_string()
}

/// A year for headings and display: "2000", "44 BCE" (astronomical 0 is "1 BCE").
pub fn format_year(year: i32) -> String {
    era_year(year, false)
}

/// A year in a language: "2000", "44 до н. э.", "2000년".
pub fn format_year_in(loc: &DateLocale, year: i32) -> String {
    loc.era_year(year, false)
}

fn month_str(month: u32) -> &'static str {
    let index = usize::try_from(month).unwrap_or(0).wrapping_sub(1);
    MONTHS.get(index).copied().unwrap_or("")
}

/// A four-digit ISO year, signed when negative: "2000", "0000", "-0043".
fn iso_year(year: i32) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

/// "+09:00", "-05:30", "+00:00", or "+08:27:52" when the offset has seconds.
fn format_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let (hours, minutes, seconds) = (abs / 3600, abs / 60 % 60, abs % 60);
    if seconds == 0 {
        format!("{sign}{hours:02}:{minutes:02}")
    } else {
        format!("{sign}{hours:02}:{minutes:02}:{seconds:02}")
    }
}

/// The zone database's abbreviation at `instant`, unless it is numeric ("+03") or missing.
fn named_abbreviation(tz: Tz, instant: i64) -> Option<String> {
    let utc = chrono::DateTime::from_timestamp(instant, 0)?.naive_utc();
    let offset = tz.offset_from_utc_datetime(&utc);
    let name = offset.abbreviation()?;
    let numeric = name.starts_with(['+', '-']) || name.starts_with(|c: char| c.is_ascii_digit());
    (!numeric && !name.is_empty()).then(|| name.to_string())
}

/// Splits Unix seconds into a proleptic Gregorian (year, month, day, hour, minute, second) with
/// plain integer arithmetic (H. Hinnant's `civil_from_days`), so no chrono range can fail.
fn civil_from_unix(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let in_day = secs.rem_euclid(86_400);
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe.saturating_add(era.saturating_mul(400)) + i64::from(month <= 2);
    let small = |v: i64| u32::try_from(v).unwrap_or(0);
    (
        year,
        small(month),
        small(day),
        small(in_day / 3600),
        small(in_day / 60 % 60),
        small(in_day % 60),
    )
}

// ---------------------------------------------------------------------------------------------
// Parsing

/// The fields of one side as written, before validation.
#[derive(Debug, Clone, Copy)]
struct Written {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    precision: Precision,
    offset: Option<WrittenOffset>,
}

impl Written {
    fn year(year: i64) -> Written {
        Written {
            year,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            precision: Precision::Year,
            offset: None,
        }
    }
}

/// An explicit offset written in the text.
#[derive(Debug, Clone, Copy)]
enum WrittenOffset {
    /// `Z`
    Utc,
    /// `±hh:mm[:ss]`, seconds east of UTC.
    Fixed(i32),
}

#[derive(Debug, Clone, Copy, Default)]
struct Qualifiers {
    approximate: bool,
    uncertain: bool,
}

/// A position in the (trimmed) text. Only ever advanced over ASCII bytes, so every position it
/// slices at is a char boundary.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

/// A run of ASCII digits: where it starts, how many digits, and its value (None when it does
/// not fit an i64, which any caller treats as out of range).
struct Digits {
    start: usize,
    width: usize,
    value: Option<i64>,
}

impl Digits {
    /// The value of a one- or two-digit field.
    fn small(&self) -> u32 {
        self.value
            .and_then(|value| u32::try_from(value).ok())
            .unwrap_or(u32::MAX)
    }
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn digits(&mut self) -> Digits {
        let start = self.pos;
        let mut value = Some(0i64);
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            let digit = i64::from(byte - b'0');
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(digit));
            self.pos += 1;
        }
        Digits {
            start,
            width: self.pos - start,
            value,
        }
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or("")
    }

    fn before(&self) -> &'a str {
        self.slice(0, self.pos)
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }
}

/// Parses and validates one trimmed side.
fn parse_side(text: &str, zone: &Zone) -> Result<EventDate, String> {
    if text.is_empty() {
        return Err("empty date".to_string());
    }
    if text.contains('/') {
        return Err(
            "`/` separates the two ends of a span, which is not allowed here: give one date"
                .to_string(),
        );
    }
    let (body, qualifiers) = split_qualifier(text)?;
    let written = if let Some(year) = parse_bce(body)? {
        Written::year(year)
    } else if let Some(digits) = body.strip_prefix('Y') {
        Written::year(parse_long_year(digits)?)
    } else {
        parse_iso(body)?
    };
    build(written, qualifiers, zone)
}

/// Takes the qualifier off the very end; any other qualifier character is misplaced.
fn split_qualifier(text: &str) -> Result<(&str, Qualifiers), String> {
    let (body, qualifiers) = match text.as_bytes().last() {
        Some(b'~') => (&text[..text.len() - 1], (true, false)),
        Some(b'?') => (&text[..text.len() - 1], (false, true)),
        Some(b'%') => (&text[..text.len() - 1], (true, true)),
        _ => (text, (false, false)),
    };
    if body.contains(['~', '?', '%']) {
        return Err(
            "a qualifier (~ approximate, ? uncertain, % both) is allowed once, at the very end"
                .to_string(),
        );
    }
    if body.is_empty() {
        return Err(EXPECTED.to_string());
    }
    let (approximate, uncertain) = qualifiers;
    Ok((
        body,
        Qualifiers {
            approximate,
            uncertain,
        },
    ))
}

/// "44 BCE", "44 BC" (any case) → Some(-43); None when the text has no BCE/BC suffix.
fn parse_bce(body: &str) -> Result<Option<i64>, String> {
    let lower = body.to_ascii_lowercase();
    let number = if let Some(number) = lower.strip_suffix("bce") {
        number
    } else if let Some(number) = lower.strip_suffix("bc") {
        number
    } else {
        return Ok(None);
    };
    let number = number.trim_end();
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a BCE year is a whole number of years, e.g. `44 BCE`".to_string());
    }
    let mut cursor = Cursor::new(number);
    match cursor.digits().value {
        Some(0) => Err(
            "there is no year 0 BCE: 1 BCE is followed by 1 CE (write `1 BCE` or `0000`)"
                .to_string(),
        ),
        Some(years) => Ok(Some(1 - years)),
        None => Err(out_of_range_year(number)),
    }
}

/// The digits after EDTF's `Y` prefix: `12345` or `-12345`, more than four digits.
fn parse_long_year(text: &str) -> Result<i64, String> {
    let mut cursor = Cursor::new(text);
    let negative = cursor.eat(b'-');
    let digits = cursor.digits();
    if digits.width == 0 || !cursor.at_end() {
        return Err(EXPECTED.to_string());
    }
    let Some(value) = digits.value else {
        return Err(out_of_range_year(text));
    };
    if value <= 9999 {
        let sign = if negative { "-" } else { "" };
        return Err(format!(
            "the `Y` prefix is for years beyond four digits: write `{sign}{value:04}`"
        ));
    }
    Ok(if negative { -value } else { value })
}

/// The ISO 8601 forms: `[-]YYYY[-MM[-DD[Thh:mm[:ss][offset]]]]`.
fn parse_iso(body: &str) -> Result<Written, String> {
    let mut cursor = Cursor::new(body);
    let negative = cursor.eat(b'-');
    let year = cursor.digits();
    if year.width != 4 {
        return Err(year_width_reason(&cursor, &year, negative));
    }
    let year_text = cursor.before();
    let value = year.value.unwrap_or(0);
    let mut written = Written::year(if negative { -value } else { value });
    if cursor.at_end() {
        return Ok(written);
    }
    let month = date_field(&mut cursor)?;
    written.month = month.small();
    written.precision = Precision::Month;
    let mut day = None;
    if !cursor.at_end() {
        let field = date_field(&mut cursor)?;
        written.day = field.small();
        written.precision = Precision::Day;
        day = Some(field);
    }
    // A one-digit month or day gets a padded suggestion of the whole text.
    if month.width == 1 || day.as_ref().is_some_and(|d| d.width == 1) {
        let mut padded = format!("{year_text}-{:02}", written.month);
        if day.is_some() {
            padded.push_str(&format!("-{:02}", written.day));
        }
        padded.push_str(cursor.rest());
        return Err(format!("month and day take two digits: write `{padded}`"));
    }
    if cursor.at_end() {
        return Ok(written);
    }
    if written.precision == Precision::Month {
        return Err(EXPECTED.to_string());
    }
    expect_time_separator(&cursor)?;
    cursor.pos += 1;
    parse_time(&mut cursor, &mut written)?;
    Ok(written)
}

/// Why a year that is not four digits long was rejected, with a hint where one helps.
fn year_width_reason(cursor: &Cursor<'_>, year: &Digits, negative: bool) -> String {
    let sign = if negative { "-" } else { "" };
    let digits = cursor.slice(year.start, cursor.pos);
    match year.width {
        0 => EXPECTED.to_string(),
        1..=3 => format!(
            "the year takes four digits: write `{sign}{}`",
            format_args!("{:0>4}", digits)
        ),
        _ if cursor.at_end() => format!(
            "a year beyond four digits takes the EDTF `Y` prefix and year precision only: \
             write `Y{sign}{digits}`"
        ),
        _ => "the year takes four digits; a year beyond four digits takes the EDTF `Y` prefix \
              and year precision only (e.g. `Y12345`)"
            .to_string(),
    }
}

/// `-MM` or `-DD` (one digit is let through so that the caller can suggest padding).
fn date_field(cursor: &mut Cursor<'_>) -> Result<Digits, String> {
    if !cursor.eat(b'-') {
        return Err(EXPECTED.to_string());
    }
    let field = cursor.digits();
    if !(1..=2).contains(&field.width) {
        return Err(EXPECTED.to_string());
    }
    Ok(field)
}

/// After a full date only `T` may follow; a space, a lowercase `t` or an offset get a hint.
fn expect_time_separator(cursor: &Cursor<'_>) -> Result<(), String> {
    let rest = cursor.rest();
    match cursor.peek() {
        Some(b'T') => Ok(()),
        Some(b' ' | b't')
            if rest[1..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()) =>
        {
            Err(format!(
                "put a `T` between the date and the time: `{}T{}`",
                cursor.before(),
                rest[1..].trim_start()
            ))
        }
        Some(b'Z' | b'+' | b'-') if is_offset(rest) => Err(format!(
            "an offset needs a time: write `{}T00:00{}` or leave the offset out",
            cursor.before(),
            rest
        )),
        _ => Err(EXPECTED.to_string()),
    }
}

/// Whether `text` is exactly `Z` or a well-formed `±hh:mm[:ss]` offset.
fn is_offset(text: &str) -> bool {
    let mut cursor = Cursor::new(text);
    text == "Z"
        || (text.starts_with(['+', '-']) && parse_offset(&mut cursor).is_ok() && cursor.at_end())
}

/// `hh:mm[:ss][Z|±hh:mm[:ss]]` up to the end of the text.
fn parse_time(cursor: &mut Cursor<'_>, written: &mut Written) -> Result<(), String> {
    let hour = cursor.digits();
    if hour.width != 2 || !cursor.eat(b':') {
        return Err(TIME_FORM.to_string());
    }
    let minute = cursor.digits();
    if minute.width != 2 {
        return Err(TIME_FORM.to_string());
    }
    written.hour = hour.small();
    written.minute = minute.small();
    written.precision = Precision::Minute;
    if cursor.eat(b':') {
        let second = cursor.digits();
        if second.width != 2 {
            return Err(TIME_FORM.to_string());
        }
        written.second = second.small();
        written.precision = Precision::Second;
    }
    if matches!(cursor.peek(), Some(b'.' | b',')) {
        return Err("fractional seconds are not supported: write whole seconds (hh:mm:ss)".into());
    }
    written.offset = match cursor.peek() {
        None => None,
        Some(b'Z') => {
            cursor.pos += 1;
            Some(WrittenOffset::Utc)
        }
        Some(b'+' | b'-') => Some(WrittenOffset::Fixed(parse_offset(cursor)?)),
        Some(_) => return Err(EXPECTED.to_string()),
    };
    if !cursor.at_end() {
        return Err(EXPECTED.to_string());
    }
    Ok(())
}

/// `±hh:mm[:ss]` at the cursor, within ±18:00; returns seconds east of UTC.
fn parse_offset(cursor: &mut Cursor<'_>) -> Result<i32, String> {
    let start = cursor.pos;
    let negative = cursor.peek() == Some(b'-');
    cursor.pos += 1;
    let hours = cursor.digits();
    if hours.width != 2 || !cursor.eat(b':') {
        return Err(OFFSET_FORM.to_string());
    }
    let minutes = cursor.digits();
    if minutes.width != 2 {
        return Err(OFFSET_FORM.to_string());
    }
    let mut seconds = 0;
    if cursor.eat(b':') {
        let field = cursor.digits();
        if field.width != 2 {
            return Err(OFFSET_FORM.to_string());
        }
        seconds = field.small();
    }
    let written = cursor.slice(start, cursor.pos);
    if minutes.small() > 59 || seconds > 59 {
        return Err(format!(
            "offset `{written}` is out of range: its minutes and seconds run 00–59"
        ));
    }
    let total =
        i64::from(hours.small()) * 3600 + i64::from(minutes.small()) * 60 + i64::from(seconds);
    if total > MAX_OFFSET_SECS {
        return Err(format!(
            "offset `{written}` is out of range (-18:00 to +18:00)"
        ));
    }
    let total = i32::try_from(total).map_err(|_| OFFSET_FORM.to_string())?;
    Ok(if negative { -total } else { total })
}

fn fixed_zone(secs: i32) -> Result<Zone, String> {
    FixedOffset::east_opt(secs)
        .map(Zone::Fixed)
        .ok_or_else(|| "offset is out of range (-18:00 to +18:00)".to_string())
}

fn out_of_range_year(text: &str) -> String {
    format!("year {text} is outside the supported range ({MIN_YEAR} to {MAX_YEAR})")
}

// ---------------------------------------------------------------------------------------------
// Validation and resolution to instants

/// Checks every field, resolves the wall clock in its zone and computes the period.
fn build(written: Written, qualifiers: Qualifiers, zone: &Zone) -> Result<EventDate, String> {
    let year = i32::try_from(written.year)
        .ok()
        .filter(|year| (MIN_YEAR..=MAX_YEAR).contains(year))
        .ok_or_else(|| out_of_range_year(&written.year.to_string()))?;
    check_fields(year, &written)?;
    let zone = match written.offset {
        None => zone.clone(),
        Some(WrittenOffset::Utc) => Zone::Utc,
        Some(WrittenOffset::Fixed(secs)) => fixed_zone(secs)?,
    };
    let range_error = || out_of_range_year(&year.to_string());
    let local = NaiveDate::from_ymd_opt(year, written.month, written.day)
        .and_then(|date| date.and_hms_opt(written.hour, written.minute, written.second))
        .ok_or_else(range_error)?;
    let wall = wall_text(year, &written);
    let precise = written.precision >= Precision::Minute;
    let gap = if precise { Gap::Reject } else { Gap::Advance };
    let (start, offset) = resolve(&zone, local, gap, &wall)?;
    let end = match written.precision {
        Precision::Minute => start.checked_add(60),
        Precision::Second => start.checked_add(1),
        coarse => next_period(local.date(), coarse)
            .map(|next| resolve(&zone, next, Gap::Advance, &wall).map(|(end, _)| end))
            .transpose()?,
    }
    .ok_or_else(range_error)?;
    if end <= start {
        return Err(format!(
            "{wall} does not exist in {}: the whole day was skipped",
            zone.name()
        ));
    }
    Ok(EventDate {
        year,
        month: written.month,
        day: written.day,
        hour: written.hour,
        minute: written.minute,
        second: written.second,
        precision: written.precision,
        approximate: qualifiers.approximate,
        uncertain: qualifiers.uncertain,
        zone,
        offset,
        start,
        end,
    })
}

/// Rejects out-of-range fields instead of letting them roll over into the next unit.
fn check_fields(year: i32, written: &Written) -> Result<(), String> {
    if !(1..=12).contains(&written.month) {
        return Err(format!(
            "month {:02} is out of range (01–12)",
            written.month
        ));
    }
    let last = days_in_month(year, written.month);
    if !(1..=last).contains(&written.day) {
        return Err(format!(
            "day {} is out of range for {} {} (1–{last})",
            written.day,
            month_str(written.month),
            era_year(year, false)
        ));
    }
    if written.hour > 23 {
        let hint = if written.hour == 24 {
            "; write 00:00 of the next day"
        } else {
            ""
        };
        return Err(format!(
            "hour {:02} is out of range (00–23){hint}",
            written.hour
        ));
    }
    if written.minute > 59 {
        return Err(format!(
            "minute {:02} is out of range (00–59)",
            written.minute
        ));
    }
    match written.second {
        60 => Err(LEAP_SECOND.to_string()),
        s if s > 59 => Err(format!("second {s:02} is out of range (00–59)")),
        _ => Ok(()),
    }
}

/// Proleptic Gregorian month lengths (astronomical years, so year 0 is a leap year).
fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The wall clock as written, for messages: "2024-03-31T02:30", "2011-12-30".
fn wall_text(year: i32, written: &Written) -> String {
    let date = format!("{}-{:02}-{:02}", iso_year(year), written.month, written.day);
    match written.precision {
        Precision::Year => iso_year(year),
        Precision::Month => format!("{}-{:02}", iso_year(year), written.month),
        Precision::Day => date,
        Precision::Minute => format!("{date}T{:02}:{:02}", written.hour, written.minute),
        Precision::Second => format!(
            "{date}T{:02}:{:02}:{:02}",
            written.hour, written.minute, written.second
        ),
    }
}

/// Local midnight starting the next year, month or day.
fn next_period(date: NaiveDate, precision: Precision) -> Option<NaiveDateTime> {
    let next = match (precision, date.month()) {
        (Precision::Year, _) | (Precision::Month, 12) => {
            NaiveDate::from_ymd_opt(date.year().checked_add(1)?, 1, 1)
        }
        (Precision::Month, month) => NaiveDate::from_ymd_opt(date.year(), month + 1, 1),
        _ => date.succ_opt(),
    };
    next.map(|date| date.and_time(NaiveTime::MIN))
}

/// What to do with a wall-clock time that the zone skips.
#[derive(Clone, Copy)]
enum Gap {
    /// A written time in a gap does not exist: error.
    Reject,
    /// A period boundary (midnight) in a gap moves to the first instant after the gap.
    Advance,
}

/// The UTC instant (Unix seconds) of a wall-clock time in `zone`, and the offset then in force.
/// Ambiguous times take the earlier instant.
fn resolve(zone: &Zone, local: NaiveDateTime, gap: Gap, wall: &str) -> Result<(i64, i32), String> {
    let local_secs = local.and_utc().timestamp();
    let offset = match zone {
        Zone::Utc => 0,
        Zone::Fixed(fixed) => fixed.local_minus_utc(),
        Zone::Named(tz) => return resolve_named(*tz, local, gap, wall),
    };
    Ok((local_secs - i64::from(offset), offset))
}

fn resolve_named(tz: Tz, local: NaiveDateTime, gap: Gap, wall: &str) -> Result<(i64, i32), String> {
    let local_secs = local.and_utc().timestamp();
    let at = |offset: i32| (local_secs - i64::from(offset), offset);
    match tz.offset_from_local_datetime(&local) {
        LocalResult::Single(offset) => Ok(at(offset.fix().local_minus_utc())),
        // The larger offset gives the earlier instant.
        LocalResult::Ambiguous(a, b) => {
            Ok(at(a.fix().local_minus_utc().max(b.fix().local_minus_utc())))
        }
        LocalResult::None => match gap {
            Gap::Reject => Err(format!(
                "{wall} does not exist in {}: the clocks skip that time \
                 (e.g. when daylight saving time starts)",
                tz.name()
            )),
            Gap::Advance => GapInfo::new(&local, &tz)
                .and_then(|info| info.end)
                .map(|after| (after.timestamp(), after.offset().fix().local_minus_utc()))
                .ok_or_else(|| format!("{wall} does not exist in {}", tz.name())),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Zone suggestions

/// "unknown zone …; did you mean `Asia/Pyongyang`?" when some IANA name is close.
fn unknown_zone_reason(name: &str) -> String {
    let mut reason = "unknown zone: expected UTC, Z, ±hh:mm or an IANA name such as \
                      Europe/Moscow"
        .to_string();
    let suggestions = closest_zones(name);
    if let Some((last, others)) = suggestions.split_last() {
        let quoted: Vec<String> = others.iter().map(|name| format!("`{name}`")).collect();
        let list = if quoted.is_empty() {
            format!("`{last}`")
        } else {
            format!("{} or `{last}`", quoted.join(", "))
        };
        reason.push_str(&format!("; did you mean {list}?"));
    }
    reason
}

/// Up to three IANA names at the smallest edit distance, if that distance is small for the
/// length of the text; ties are broken alphabetically so the answer is deterministic.
fn closest_zones(name: &str) -> Vec<&'static str> {
    let wanted: Vec<char> = name.to_lowercase().chars().collect();
    let limit = (wanted.len() / 4).clamp(1, 3);
    let mut scored: Vec<(usize, &'static str)> = TZ_VARIANTS
        .iter()
        .map(|tz| {
            let candidate = tz.name();
            let mut distance = edit_distance(&wanted, candidate);
            if !name.contains('/') {
                let city = candidate.rsplit('/').next().unwrap_or(candidate);
                distance = distance.min(edit_distance(&wanted, city));
            }
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    scored.sort_unstable();
    let best = scored.first().map(|(distance, _)| *distance);
    scored
        .into_iter()
        .filter(|(distance, _)| Some(*distance) == best)
        .map(|(_, candidate)| candidate)
        .take(3)
        .collect()
}

/// Levenshtein distance between `wanted` (already lowercase) and `candidate`, ignoring case.
/// Candidates whose length alone puts them further than 3 away are not compared in full.
fn edit_distance(wanted: &[char], candidate: &str) -> usize {
    let length_gap = wanted.len().abs_diff(candidate.chars().count());
    if length_gap > 3 {
        return length_gap;
    }
    let candidate: Vec<char> = candidate.to_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=candidate.len()).collect();
    let mut current = vec![0; candidate.len() + 1];
    for (i, a) in wanted.iter().enumerate() {
        current[0] = i + 1;
        for (j, b) in candidate.iter().enumerate() {
            let substitute = previous[j] + usize::from(a != b);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[candidate.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> Zone {
        Zone::parse(name).expect("test zone")
    }

    /// (text, zone, precision, normalized, start_utc_iso, display)
    #[rustfmt::skip]
    const ACCEPTED: &[(&str, &str, Precision, &str, &str, &str)] = &[
        ("2000", "UTC", Precision::Year, "2000", "2000-01-01T00:00:00Z", "2000"),
        ("  2000  ", "UTC", Precision::Year, "2000", "2000-01-01T00:00:00Z", "2000"),
        ("2024-06", "UTC", Precision::Month, "2024-06", "2024-06-01T00:00:00Z", "June 2024"),
        ("2024-06-19", "UTC", Precision::Day, "2024-06-19", "2024-06-19T00:00:00Z", "19 June 2024"),
        ("2024-06-19", "Asia/Pyongyang", Precision::Day, "2024-06-19", "2024-06-18T15:00:00Z", "19 June 2024"),
        ("2024-06-19T02:45", "Asia/Pyongyang", Precision::Minute, "2024-06-19T02:45+09:00", "2024-06-18T17:45:00Z", "19 June 2024, 02:45 KST"),
        ("2024-06-19T02:45", "Europe/Moscow", Precision::Minute, "2024-06-19T02:45+03:00", "2024-06-18T23:45:00Z", "19 June 2024, 02:45 MSK"),
        ("2024-06-19T02:45", "UTC", Precision::Minute, "2024-06-19T02:45Z", "2024-06-19T02:45:00Z", "19 June 2024, 02:45 UTC"),
        ("2024-06-19T02:45", "+05:30", Precision::Minute, "2024-06-19T02:45+05:30", "2024-06-18T21:15:00Z", "19 June 2024, 02:45 +05:30"),
        // Seoul kept summer time (+10:00) in 1950.
        ("1950-06-25T04:00", "Asia/Seoul", Precision::Minute, "1950-06-25T04:00+10:00", "1950-06-24T18:00:00Z", "25 June 1950, 04:00 KDT"),
        // Before standard time: local mean time, an offset with seconds.
        ("1900-01-01T00:00", "Asia/Seoul", Precision::Minute, "1900-01-01T00:00+08:27:52", "1899-12-31T15:32:08Z", "1 January 1900, 00:00 LMT"),
        // An explicit offset wins over the zone passed in.
        ("2024-06-19T02:45:30+09:00", "Europe/Berlin", Precision::Second, "2024-06-19T02:45:30+09:00", "2024-06-18T17:45:30Z", "19 June 2024, 02:45:30 +09:00"),
        ("2024-06-19T02:45:30Z", "Asia/Seoul", Precision::Second, "2024-06-19T02:45:30Z", "2024-06-19T02:45:30Z", "19 June 2024, 02:45:30 UTC"),
        ("2024-06-19T02:45+09:00", "UTC", Precision::Minute, "2024-06-19T02:45+09:00", "2024-06-18T17:45:00Z", "19 June 2024, 02:45 +09:00"),
        ("2024-06-19T02:45-00:00", "Asia/Seoul", Precision::Minute, "2024-06-19T02:45+00:00", "2024-06-19T02:45:00Z", "19 June 2024, 02:45 +00:00"),
        ("2024-06-19T02:45+18:00", "UTC", Precision::Minute, "2024-06-19T02:45+18:00", "2024-06-18T08:45:00Z", "19 June 2024, 02:45 +18:00"),
        // A numeric abbreviation ("-03") is shown as the offset.
        ("2024-06-19T12:00", "America/Sao_Paulo", Precision::Minute, "2024-06-19T12:00-03:00", "2024-06-19T15:00:00Z", "19 June 2024, 12:00 -03:00"),
        // Fall-back overlap: the earlier instant (still summer time).
        ("2024-10-27T02:30", "Europe/Berlin", Precision::Minute, "2024-10-27T02:30+02:00", "2024-10-27T00:30:00Z", "27 October 2024, 02:30 CEST"),
        // Midnight in a gap: the day starts at the first valid instant (01:00 -02:00).
        ("2018-11-04", "America/Sao_Paulo", Precision::Day, "2018-11-04", "2018-11-04T03:00:00Z", "4 November 2018"),
        ("2024-02-29", "UTC", Precision::Day, "2024-02-29", "2024-02-29T00:00:00Z", "29 February 2024"),
        ("2000-02-29", "UTC", Precision::Day, "2000-02-29", "2000-02-29T00:00:00Z", "29 February 2000"),
        ("2024-06-19T23:59:59", "UTC", Precision::Second, "2024-06-19T23:59:59Z", "2024-06-19T23:59:59Z", "19 June 2024, 23:59:59 UTC"),
        ("-0043-03-15", "UTC", Precision::Day, "-0043-03-15", "-0043-03-15T00:00:00Z", "15 March 44 BCE"),
        ("-0043", "UTC", Precision::Year, "-0043", "-0043-01-01T00:00:00Z", "44 BCE"),
        ("44 BCE", "UTC", Precision::Year, "-0043", "-0043-01-01T00:00:00Z", "44 BCE"),
        ("44 BC", "UTC", Precision::Year, "-0043", "-0043-01-01T00:00:00Z", "44 BCE"),
        ("44bce", "UTC", Precision::Year, "-0043", "-0043-01-01T00:00:00Z", "44 BCE"),
        ("44 bc~", "UTC", Precision::Year, "-0043~", "-0043-01-01T00:00:00Z", "c. 44 BCE"),
        ("1 BCE", "UTC", Precision::Year, "0000", "+0000-01-01T00:00:00Z", "1 BCE"),
        ("0000", "UTC", Precision::Year, "0000", "+0000-01-01T00:00:00Z", "1 BCE"),
        ("-0000", "UTC", Precision::Year, "0000", "+0000-01-01T00:00:00Z", "1 BCE"),
        ("0001", "UTC", Precision::Year, "0001", "0001-01-01T00:00:00Z", "1"),
        ("9999-12-31", "UTC", Precision::Day, "9999-12-31", "9999-12-31T00:00:00Z", "31 December 9999"),
        ("Y12345", "UTC", Precision::Year, "Y12345", "+12345-01-01T00:00:00Z", "12345"),
        ("Y-12345", "UTC", Precision::Year, "Y-12345", "-12345-01-01T00:00:00Z", "12346 BCE"),
        ("Y10000%", "UTC", Precision::Year, "Y10000%", "+10000-01-01T00:00:00Z", "c. 10000?"),
        ("2000~", "UTC", Precision::Year, "2000~", "2000-01-01T00:00:00Z", "c. 2000"),
        ("2000?", "UTC", Precision::Year, "2000?", "2000-01-01T00:00:00Z", "2000?"),
        ("2000%", "UTC", Precision::Year, "2000%", "2000-01-01T00:00:00Z", "c. 2000?"),
        ("2024-06-19T02:45+09:00?", "UTC", Precision::Minute, "2024-06-19T02:45+09:00?", "2024-06-18T17:45:00Z", "19 June 2024, 02:45 +09:00?"),
        (" 2024-06-19T02:45~ ", "UTC", Precision::Minute, "2024-06-19T02:45Z~", "2024-06-19T02:45:00Z", "c. 19 June 2024, 02:45 UTC"),
    ];

    #[test]
    fn accepted_forms() {
        for &(text, zone_name, precision, normalized, start_iso, display) in ACCEPTED {
            let zone = zone(zone_name);
            let date = EventDate::parse(text, &zone)
                .unwrap_or_else(|error| panic!("{text:?} in {zone_name}: {error}"));
            assert_eq!(date.precision(), precision, "{text:?} precision");
            assert_eq!(date.normalized(), normalized, "{text:?} normalized");
            assert_eq!(date.start_utc_iso(), start_iso, "{text:?} start");
            assert_eq!(format_display(&date, None), display, "{text:?} display");
            assert!(
                date.end_utc_exclusive() > date.start_utc(),
                "{text:?} period"
            );
        }
    }

    #[test]
    fn normalized_text_parses_back() {
        for &(text, zone_name, ..) in ACCEPTED {
            let zone = zone(zone_name);
            let date = EventDate::parse(text, &zone).expect("accepted");
            // Minute and second dates carry their offset: any zone gives the same instant.
            let zones = if date.precision() >= Precision::Minute {
                vec![zone.clone(), Zone::Utc, self::zone("Pacific/Kiritimati")]
            } else {
                vec![zone.clone()]
            };
            for other in zones {
                let again = EventDate::parse(&date.normalized(), &other).expect("reparse");
                assert_eq!(again.start_utc(), date.start_utc(), "{text:?} in {other}");
                assert_eq!(
                    again.end_utc_exclusive(),
                    date.end_utc_exclusive(),
                    "{text:?}"
                );
                assert_eq!(again.precision(), date.precision(), "{text:?}");
                assert_eq!(again.approximate(), date.approximate(), "{text:?}");
                assert_eq!(again.uncertain(), date.uncertain(), "{text:?}");
                assert_eq!(again.normalized(), date.normalized(), "{text:?}");
            }
        }
    }

    #[test]
    fn fields_and_qualifiers() {
        let date = EventDate::parse("2024-06-19T02:45:30+09:00%", &Zone::Utc).expect("valid");
        assert_eq!((date.year(), date.month(), date.day()), (2024, 6, 19));
        assert_eq!((date.hour(), date.minute(), date.second()), (2, 45, 30));
        assert!(date.approximate() && date.uncertain());
        assert_eq!(
            date.zone(),
            &Zone::Fixed(FixedOffset::east_opt(9 * 3600).expect("offset"))
        );
        let year = EventDate::parse("2000", &zone("Asia/Seoul")).expect("valid");
        assert_eq!((year.month(), year.day()), (1, 1));
        assert_eq!(year.zone(), &zone("Asia/Seoul"));
        let z = EventDate::parse("2024-06-19T02:45Z", &zone("Asia/Seoul")).expect("valid");
        assert_eq!(z.zone(), &Zone::Utc);
        assert_eq!(z.zone_label(), "UTC");
    }

    #[test]
    fn bce_equals_astronomical() {
        let bce = EventDate::parse("44 BCE", &Zone::Utc).expect("valid");
        let astronomical = EventDate::parse("-0043", &Zone::Utc).expect("valid");
        let integer = EventDate::from_year(-43, &Zone::Utc).expect("valid");
        assert_eq!(bce, astronomical);
        assert_eq!(bce, integer);
        assert_eq!(bce.year(), -43);
    }

    #[test]
    fn periods() {
        let utc = Zone::Utc;
        let cases: &[(&str, &str, i64)] = &[
            ("2024", "UTC", 366 * 86_400),
            ("2023", "UTC", 365 * 86_400),
            ("2024-02", "UTC", 29 * 86_400),
            ("2024-12", "UTC", 31 * 86_400),
            ("2024-06-19", "UTC", 86_400),
            ("2024-06-19T02:45", "UTC", 60),
            ("2024-06-19T02:45:30", "UTC", 1),
            // Spring forward and fall back make a 23-hour and a 25-hour day.
            ("2024-03-31", "Europe/Berlin", 23 * 3600),
            ("2024-10-27", "Europe/Berlin", 25 * 3600),
            // The day after a midnight gap still ends at the next midnight.
            ("2018-11-04", "America/Sao_Paulo", 23 * 3600),
            // The day before a skipped day ends where the skipped day would have ended.
            ("2011-12-29", "Pacific/Apia", 86_400),
        ];
        for &(text, zone_name, length) in cases {
            let date = EventDate::parse(text, &zone(zone_name)).expect("valid");
            assert_eq!(
                date.end_utc_exclusive() - date.start_utc(),
                length,
                "{text} in {zone_name}"
            );
        }
        let year = EventDate::parse("2024", &utc).expect("valid");
        let next = EventDate::parse("2025", &utc).expect("valid");
        assert_eq!(year.end_utc_exclusive(), next.start_utc());
    }

    #[test]
    fn from_year_range() {
        let utc = Zone::Utc;
        assert_eq!(
            EventDate::from_year(2000, &utc),
            EventDate::parse("2000", &utc)
        );
        assert_eq!(
            EventDate::from_year(0, &utc).expect("valid").normalized(),
            "0000"
        );
        for year in [i64::from(MIN_YEAR), i64::from(MAX_YEAR)] {
            let date = EventDate::from_year(year, &zone("Asia/Seoul")).expect("in range");
            let again = EventDate::parse(&date.normalized(), &zone("Asia/Seoul")).expect("back");
            assert_eq!(again.start_utc(), date.start_utc());
            assert_eq!(date.html_datetime(), None);
        }
        for year in [
            i64::MIN,
            i64::MAX,
            i64::from(MIN_YEAR) - 1,
            i64::from(MAX_YEAR) + 1,
        ] {
            let error = EventDate::from_year(year, &utc).expect_err("out of range");
            assert!(
                error.reason.contains("outside the supported range"),
                "{error}"
            );
        }
    }

    /// (text, zone, fragment of the reason)
    #[rustfmt::skip]
    const REJECTED: &[(&str, &str, &str)] = &[
        ("", "UTC", "empty date"),
        ("   ", "UTC", "empty date"),
        ("2024-02-30", "UTC", "day 30 is out of range for February 2024 (1–29)"),
        ("2023-02-29", "UTC", "day 29 is out of range for February 2023 (1–28)"),
        ("1900-02-29", "UTC", "(1–28)"),
        ("2024-04-31", "UTC", "day 31 is out of range for April 2024 (1–30)"),
        ("2024-06-00", "UTC", "day 0 is out of range"),
        ("-0043-02-30", "UTC", "for February 44 BCE"),
        ("2024-13", "UTC", "month 13 is out of range (01–12)"),
        ("2024-00", "UTC", "month 00 is out of range"),
        ("2024-06-19T25:00", "UTC", "hour 25 is out of range (00–23)"),
        ("2024-06-19T24:00", "UTC", "hour 24 is out of range (00–23); write 00:00 of the next day"),
        ("2024-06-19T12:60", "UTC", "minute 60 is out of range (00–59)"),
        ("2024-06-19T12:00:61", "UTC", "second 61 is out of range"),
        ("2016-12-31T23:59:60Z", "UTC", "chrono cannot represent 23:59:60"),
        ("2024-06-19T02:45+25:00", "UTC", "offset `+25:00` is out of range (-18:00 to +18:00)"),
        ("2024-06-19T02:45-18:01", "UTC", "out of range (-18:00 to +18:00)"),
        ("2024-06-19T02:45+09:60", "UTC", "minutes and seconds run 00–59"),
        ("2024-06-19T02:45+0900", "UTC", "±hh:mm"),
        ("2024-06-19T02:45+09", "UTC", "±hh:mm"),
        ("2024-06-19T02:45z", "UTC", "expected one of YYYY"),
        ("2024-06-19+09:00", "UTC", "an offset needs a time"),
        ("2024-1-5", "UTC", "write `2024-01-05`"),
        ("2024-6", "UTC", "write `2024-06`"),
        ("2024-06-5T02:45", "UTC", "write `2024-06-05T02:45`"),
        ("2024-06-19T2:45", "UTC", "hh:mm"),
        ("2024-06-19T02", "UTC", "hh:mm"),
        ("2024-06-19T0245", "UTC", "hh:mm"),
        ("2024-06-19 02:45", "UTC", "put a `T` between the date and the time: `2024-06-19T02:45`"),
        ("2024-06-19t02:45", "UTC", "put a `T`"),
        ("2024-06-19T02:45:30.5", "UTC", "fractional seconds"),
        ("12345", "UTC", "write `Y12345`"),
        ("-12345", "UTC", "write `Y-12345`"),
        ("12345-01", "UTC", "four digits"),
        ("44", "UTC", "write `0044`"),
        ("-44", "UTC", "write `-0044`"),
        ("Y2000", "UTC", "write `2000`"),
        ("Y-44", "UTC", "write `-0044`"),
        ("Y01000", "UTC", "write `1000`"),
        ("Y12345-01", "UTC", "expected one of YYYY"),
        ("Y300000", "UTC", "outside the supported range"),
        ("Y99999999999999999999999", "UTC", "outside the supported range"),
        ("999999 BCE", "UTC", "outside the supported range"),
        ("99999999999999999999999 BCE", "UTC", "outside the supported range"),
        ("0 BCE", "UTC", "there is no year 0 BCE"),
        ("-44 BCE", "UTC", "whole number of years"),
        ("2000 BCE-01", "UTC", "expected one of YYYY"),
        ("2000~?", "UTC", "allowed once, at the very end"),
        ("2000?-06", "UTC", "at the very end"),
        ("2000 ~", "UTC", "expected one of YYYY"),
        ("~", "UTC", "expected one of YYYY"),
        ("+2024", "UTC", "expected one of YYYY"),
        ("yesterday", "UTC", "expected one of YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss][Z|±hh:mm], -YYYY, N BCE, with an optional ~ ? % qualifier, or A/B for a span"),
        ("2024-06-19T02:45Zjunk", "UTC", "expected one of YYYY"),
        ("2024-06-19-", "UTC", "expected one of YYYY"),
        ("2024/2025", "UTC", "`/` separates the two ends of a span"),
        ("2024-03-31T02:30", "Europe/Berlin", "2024-03-31T02:30 does not exist in Europe/Berlin"),
        ("2011-12-30", "Pacific/Apia", "2011-12-30 does not exist in Pacific/Apia: the whole day was skipped"),
    ];

    #[test]
    fn rejected_forms() {
        for &(text, zone_name, fragment) in REJECTED {
            let error = EventDate::parse(text, &zone(zone_name))
                .expect_err(&format!("{text:?} should be rejected"));
            assert!(error.reason.contains(fragment), "{text:?}: {error}");
            assert_eq!(error.value, text.trim());
        }
    }

    #[test]
    fn error_display() {
        let error = EventDate::parse("2024-02-30", &Zone::Utc).expect_err("invalid");
        assert_eq!(
            error.to_string(),
            "`2024-02-30` is not a valid date: day 30 is out of range for February 2024 (1–29)"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(error);
        assert!(boxed.to_string().starts_with("`2024-02-30`"));
    }

    /// (span, zone, display); parse_span must accept these.
    #[rustfmt::skip]
    const RANGES: &[(&str, &str, &str)] = &[
        ("1950/1953", "UTC", "1950–1953"),
        ("2000/2000", "UTC", "2000"),
        ("2024-06/2024-07", "UTC", "June–July 2024"),
        ("2024-06/2024-06", "UTC", "June 2024"),
        ("2024-06-18/2024-06-19", "UTC", "18–19 June 2024"),
        ("2024-06-30/2024-07-02", "UTC", "30 June – 2 July 2024"),
        ("2023-12/2024-01", "UTC", "December 2023 – January 2024"),
        ("2023-12-31/2024-01-01", "UTC", "31 December 2023 – 1 January 2024"),
        ("2024-06-19T02:45/2024-06-19T04:00", "Asia/Pyongyang", "19 June 2024, 02:45–04:00 KST"),
        ("2024-06-19T02:45:30/2024-06-19T02:45:59", "Asia/Pyongyang", "19 June 2024, 02:45:30–02:45:59 KST"),
        ("2024-06-18T23:00/2024-06-19T01:00", "Asia/Pyongyang", "18 June 2024, 23:00 – 19 June 2024, 01:00 KST"),
        ("2024-06-19T02:45/2024-06-19T02:45", "Asia/Pyongyang", "19 June 2024, 02:45 KST"),
        ("2024-10-27T01:00/2024-10-27T04:00", "Europe/Berlin", "27 October 2024, 01:00 CEST – 27 October 2024, 04:00 CET"),
        ("44 BCE/43 BCE", "UTC", "44–43 BCE"),
        ("44 BCE/0014", "UTC", "44 BCE – 14 CE"),
        ("-0043-03-15/-0043-03-17", "UTC", "15–17 March 44 BCE"),
        ("-0043-03/0014-08", "UTC", "March 44 BCE – August 14 CE"),
        ("2000/2024-06-19", "UTC", "2000 – 19 June 2024"),
        ("44 BCE/0014-08-19", "UTC", "44 BCE – 19 August 14 CE"),
        ("1950~/1953", "UTC", "c. 1950 – 1953"),
        ("1950/1953?", "UTC", "1950–1953?"),
        ("2024-06-19/2024-06-19T00:00", "UTC", "19 June 2024 – 19 June 2024, 00:00 UTC"),
        // A later wall clock is not needed, only a later (or equal) instant.
        ("2024-06-19T10:00+09:00/2024-06-19T02:00Z", "UTC", "19 June 2024, 10:00 +09:00 – 19 June 2024, 02:00 UTC"),
        (" 2024-06-18 / 2024-06-19 ", "UTC", "18–19 June 2024"),
    ];

    #[test]
    fn ranges_and_display() {
        for &(text, zone_name, display) in RANGES {
            let (start, end) = parse_span(text, &zone(zone_name))
                .unwrap_or_else(|error| panic!("{text:?}: {error}"));
            let end = end.expect("a span");
            assert!(check_order(&start, &end).is_ok());
            assert_eq!(format_display(&start, Some(&end)), display, "{text:?}");
        }
    }

    #[test]
    fn rejected_spans() {
        let cases: &[(&str, &str)] = &[
            ("2000/1999", "the end `1999` starts before the start `2000`"),
            (
                "2024-06-19T02:00Z/2024-06-19T10:00+09:00",
                "starts before the start",
            ),
            ("2000/..", "end `..`"),
            ("../2000", "start `..`"),
            ("2000/", "end ``: empty date"),
            ("2000/2001/2002", "exactly one `/`"),
            (
                "2024-06-19/2024-02-30",
                "end `2024-02-30`: day 30 is out of range for February 2024",
            ),
        ];
        for &(text, fragment) in cases {
            let error = parse_span(text, &Zone::Utc).expect_err(text);
            assert!(error.reason.contains(fragment), "{text:?}: {error}");
            assert_eq!(error.value, text);
        }
        let single = parse_span("2000", &Zone::Utc).expect("single");
        assert_eq!(single.1, None);
        let start = EventDate::parse("2000", &Zone::Utc).expect("valid");
        let end = EventDate::parse("1999-12-31", &Zone::Utc).expect("valid");
        let error = check_order(&start, &end).expect_err("reversed");
        assert_eq!(error.value, "2000/1999-12-31");
    }

    #[test]
    fn html_datetime_values() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("2000", "UTC", Some("2000")),
            ("2024-06", "UTC", Some("2024-06")),
            ("2024-06-19", "UTC", Some("2024-06-19")),
            (
                "2024-06-19T02:45",
                "Asia/Pyongyang",
                Some("2024-06-19T02:45+09:00"),
            ),
            (
                "2024-06-19T02:45:30+09:00",
                "UTC",
                Some("2024-06-19T02:45:30+09:00"),
            ),
            ("2024-06-19T02:45:30", "UTC", Some("2024-06-19T02:45:30Z")),
            (
                "1900-01-01T00:00",
                "Asia/Seoul",
                Some("1899-12-31T15:32:08Z"),
            ),
            ("2000~", "UTC", Some("2000")),
            ("-0043-03-15", "UTC", None),
            ("0000", "UTC", None),
            ("Y10000", "UTC", None),
        ];
        for &(text, zone_name, expected) in cases {
            let date = EventDate::parse(text, &zone(zone_name)).expect("valid");
            assert_eq!(date.html_datetime().as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn zone_labels() {
        let cases: &[(&str, &str, &str)] = &[
            ("2024-06-19T02:45", "Asia/Pyongyang", "KST"),
            ("2024-06-19T02:45", "Europe/Moscow", "MSK"),
            ("2024-06-19T02:45", "UTC", "UTC"),
            ("2024-06-19T02:45", "+03:00", "+03:00"),
            ("2024-06-19T02:45", "Asia/Dubai", "+04:00"),
            ("2024-01-19", "Europe/Berlin", "CET"),
        ];
        for &(text, zone_name, label) in cases {
            let date = EventDate::parse(text, &zone(zone_name)).expect("valid");
            assert_eq!(date.zone_label(), label, "{text:?} in {zone_name}");
        }
    }

    /// (text, Ok(name) or Err(fragment))
    #[rustfmt::skip]
    const ZONES: &[(&str, Result<&str, &str>)] = &[
        ("UTC", Ok("UTC")),
        ("utc", Ok("UTC")),
        ("Z", Ok("UTC")),
        (" Europe/Moscow ", Ok("Europe/Moscow")),
        ("Asia/Pyongyang", Ok("Asia/Pyongyang")),
        ("+03:00", Ok("+03:00")),
        ("-05:30", Ok("-05:30")),
        ("+18:00", Ok("+18:00")),
        ("Etc/UTC", Ok("Etc/UTC")),
        ("Asia/Pyongyan", Err("did you mean `Asia/Pyongyang`?")),
        ("asia/seoul", Err("did you mean `Asia/Seoul`?")),
        ("Pyongyang", Err("did you mean `Asia/Pyongyang`?")),
        ("Europe/Moskow", Err("did you mean `Europe/Moscow`?")),
        ("Mars/Olympus_Mons", Err("unknown zone: expected UTC, Z, ±hh:mm or an IANA name")),
        ("+25:00", Err("out of range (-18:00 to +18:00)")),
        ("+0300", Err("±hh:mm")),
        ("+03:00x", Err("±hh:mm")),
        ("", Err("it is empty")),
    ];

    #[test]
    fn zone_parse() {
        for &(text, expected) in ZONES {
            match (Zone::parse(text), expected) {
                (Ok(zone), Ok(name)) => assert_eq!(zone.name(), name, "{text:?}"),
                (Err(error), Err(fragment)) => {
                    assert!(error.reason.contains(fragment), "{text:?}: {error}");
                }
                (result, _) => panic!("{text:?}: unexpected {result:?}"),
            }
        }
        assert_eq!(Zone::parse("Z"), Ok(Zone::Utc));
        let far = Zone::parse("Mars/Olympus_Mons").expect_err("unknown");
        assert!(!far.reason.contains("did you mean"), "{far}");
    }

    #[test]
    fn year_and_month_labels() {
        assert_eq!(format_year(2000), "2000");
        assert_eq!(format_year(0), "1 BCE");
        assert_eq!(format_year(-43), "44 BCE");
        assert_eq!(month_name(1), "January");
        assert_eq!(month_name(12), "December");
        assert_eq!(month_name(0), "");
        assert_eq!(month_name(13), "");
    }

    #[test]
    fn precision_order() {
        assert!(Precision::Year < Precision::Month);
        assert!(Precision::Month < Precision::Day);
        assert!(Precision::Day < Precision::Minute);
        assert!(Precision::Minute < Precision::Second);
    }

    /// A tiny xorshift generator: deterministic, no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            let index = usize::try_from(self.next() % items.len() as u64).unwrap_or(0);
            items[index]
        }
    }

    /// Exercises every output of a parsed date; must not panic.
    fn exercise(text: &str, zones: &[Zone]) {
        for zone in zones {
            if let Ok((start, end)) = parse_span(text, zone) {
                let _ = format_display(&start, end.as_ref());
                for date in std::iter::once(&start).chain(end.as_ref()) {
                    let _ = (
                        date.start_utc_iso(),
                        date.html_datetime(),
                        date.zone_label(),
                    );
                    let again = EventDate::parse(&date.normalized(), zone).expect("round trip");
                    assert_eq!(again.start_utc(), date.start_utc(), "{text:?}");
                }
            }
            let _ = EventDate::parse(text, zone);
        }
        // Zone suggestions compare against every IANA name: sample them to keep the test fast.
        if text.len().is_multiple_of(8) {
            let _ = Zone::parse(text);
        }
    }

    #[test]
    fn odd_strings_never_panic() {
        let zones = [
            Zone::Utc,
            zone("Asia/Seoul"),
            zone("Europe/Berlin"),
            zone("Pacific/Apia"),
            zone("-11:30"),
        ];
        let alphabet = [
            "0", "1", "2", "3", "5", "6", "9", "-", "-", "-", ":", "T", "Z", "+", "~", "?", "%",
            "/", " ", "Y", "BCE", "bc", ".", "é", "\u{0}", "99", "60", "24", "00", "12", "31",
        ];
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        for _ in 0..3000 {
            let length = rng.next() % 24;
            let text: String = (0..length).map(|_| rng.pick(&alphabet)).collect();
            exercise(&text, &zones);
        }
        // Random bytes (lossily decoded) too.
        for _ in 0..1000 {
            let length = rng.next() % 16;
            let bytes: Vec<u8> = (0..length).map(|_| (rng.next() & 0xff) as u8).collect();
            exercise(&String::from_utf8_lossy(&bytes), &zones);
        }
        // Well-formed skeletons with random field values reach every range check.
        let fields = [
            "00", "01", "12", "13", "23", "24", "29", "30", "31", "59", "60", "99",
        ];
        let years = ["0000", "-0000", "2024", "-9999", "9999", "1900", "2011"];
        let offsets = [
            "", "Z", "+18:00", "-18:00", "+18:01", "+09:30", "-00:00", "+99:99",
        ];
        for _ in 0..3000 {
            let text = format!(
                "{}-{}-{}T{}:{}:{}{}",
                rng.pick(&years),
                rng.pick(&fields),
                rng.pick(&fields),
                rng.pick(&fields),
                rng.pick(&fields),
                rng.pick(&fields),
                rng.pick(&offsets)
            );
            exercise(&text, &zones);
            let end = text
                .len()
                .saturating_sub(usize::try_from(rng.next() % 12).unwrap_or(0));
            exercise(text.get(..end).unwrap_or(""), &zones);
        }
    }
}
