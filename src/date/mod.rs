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
//! deep      = ["c." " "] number " " scale " years ago" | number " " unit
//!                                                     deep time, year precision:
//!             scale = "thousand" | "million" | "billion"   `13.8 billion years ago`
//!             unit  = "ka" | "Ma" | "Ga"                    `4.6 Ga` (years before year 0)
//!             number = digits with `,` thousands and one `.` decimal part
//! span      = side "/" side                           see [`parse_span`]
//! part      = iso-day (" " word | "T" code)            part of day, case-insensitive:
//!                                                     morning|afternoon|evening|night, MO|AF|EV|NI
//! ```
//!
//! The precision is the finest field written: year, month, day, part of day, minute or second.
//! A part of day ([`DayPart`]) spans morning 06–12, afternoon 12–18, evening 18–22 and night
//! 22–06 of the next day, in the event's zone; it is ordered at its start and normalised as
//! `2024-06-18 night` (TIMEX3's `2024-06-18TNI` reads the same).
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
//!   represent, so the next period and any zone offset never leave chrono's range.
//! * **Deep time.** Beyond that range, out to ±[`DEEP_YEARS`], a date is a year alone, with
//!   or without a qualifier (`Y-13800000000`, `Y170000`, `300,000 BCE`, `13.8 billion years
//!   ago`, `4.6 Ga`, `c. 4.6 billion years ago`): no month, day, time or offset. Its period is
//!   the proleptic Gregorian year in UTC (no zone had rules then), computed with integer
//!   arithmetic, so it sorts with every other date by its start instant. "Years ago" and
//!   `Ga`/`Ma`/`ka` count back from year 0: at such a scale the distance to the present is
//!   below the precision written. Its normalised text is the EDTF `Y` form. Anything beyond
//!   is an error, never a panic.
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
//! * **Suggestions.** A text the grammar rejects but that reads as a date in another form (in
//!   words, day first, with slashes, a zone after the time) gets a reason with the ISO text to
//!   write (`suggest.rs`); a suggestion is offered only once it parses. The grammar is unchanged.
//!
//! The parts: `parse.rs` (the grammar), `zone.rs` (field checks and resolution in zones),
//! `display.rs` (text in a language), `suggest.rs` (fixes for near misses).
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
/// Deep time: beyond [`MIN_YEAR`]..[`MAX_YEAR`] a date is a year alone (or approximate), out
/// to this many years either way (100 billion: past the age of the universe, and its Unix
/// seconds still fit an `i64` with room for differences).
pub const DEEP_YEARS: i64 = 100_000_000_000;

/// The largest UTC offset accepted, in seconds (±18:00, as in chrono and RFC 9557).
const MAX_OFFSET_SECS: i64 = 18 * 3600;

mod display;
mod parse;
pub mod relative;
mod suggest;
#[cfg(test)]
mod tests;
mod zone;

pub use display::*;
pub use parse::*;
use zone::*;

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
    /// `2024-06-18 night`, `2024-06-18TNI`: a part of a day ([`DayPart`]), between day and minute.
    #[serde(rename = "part_of_day")]
    PartOfDay,
    /// `2024-06-19T02:45`.
    Minute,
    /// `2024-06-19T02:45:30`.
    Second,
}

/// A part of a day, as TIMEX3 names them (`MO`, `AF`, `EV`, `NI`): morning 06–12, afternoon
/// 12–18, evening 18–22, night 22–06 of the next day, in the event's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl DayPart {
    /// Every part, in the order of the day.
    pub const ALL: [DayPart; 4] = [
        DayPart::Morning,
        DayPart::Afternoon,
        DayPart::Evening,
        DayPart::Night,
    ];

    /// The word written after a date: `morning`, `afternoon`, `evening`, `night`.
    pub fn word(self) -> &'static str {
        ["morning", "afternoon", "evening", "night"][self.index()]
    }

    /// TIMEX3's code: `MO`, `AF`, `EV`, `NI`.
    pub fn timex(self) -> &'static str {
        ["MO", "AF", "EV", "NI"][self.index()]
    }

    /// Position in [`DayPart::ALL`] (and in a language's `day_parts`).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The wall-clock hour at which the part starts.
    pub fn start_hour(self) -> u32 {
        [6, 12, 18, 22][self.index()]
    }

    /// The part starting at `hour` (06, 12, 18, 22), if any.
    pub fn from_start_hour(hour: u32) -> Option<DayPart> {
        DayPart::ALL.into_iter().find(|p| p.start_hour() == hour)
    }

    /// `night` / `NI` (any case) → Night.
    pub fn from_word(word: &str) -> Option<DayPart> {
        DayPart::ALL
            .into_iter()
            .find(|p| word.eq_ignore_ascii_case(p.word()) || word.eq_ignore_ascii_case(p.timex()))
    }
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
    /// The astronomical year, saturated at `i32`'s range for deep time beyond it (see `long_year`).
    year: i32,
    /// The astronomical year, exact (deep time reaches beyond `i32`).
    long_year: i64,
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

    /// The wall-clock year, astronomical (0 = 1 BCE); a deep-time year beyond `i32` is
    /// saturated (use [`long_year`](Self::long_year)). Every deep-time year is outside chrono's
    /// range, so a `NaiveDate` made from it is `None`, never a wrong day.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The astronomical year, exact, deep time included: -13800000000 for `13.8 billion years ago`.
    pub fn long_year(&self) -> i64 {
        self.long_year
    }

    /// Whether the year is beyond [`MIN_YEAR`]..[`MAX_YEAR`] (deep time: a year alone).
    pub fn is_deep(&self) -> bool {
        is_deep_year(self.long_year)
    }

    /// The wall-clock month, 1 when the precision is Year.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// The wall-clock day, 1 when coarser than Day.
    pub fn day(&self) -> u32 {
        self.day
    }

    /// The part of the day, for [`Precision::PartOfDay`].
    pub fn day_part(&self) -> Option<DayPart> {
        (self.precision == Precision::PartOfDay)
            .then(|| DayPart::from_start_hour(self.hour))
            .flatten()
    }

    /// TIMEX3's value: "2024-06-18TNI" for a part of day, else [`normalized`](Self::normalized)
    /// without its qualifier (TIMEX3 has none).
    pub fn timex_value(&self) -> String {
        match self.day_part() {
            Some(part) => format!("{}T{}", self.iso_date(), part.timex()),
            None => {
                let text = self.normalized();
                text.trim_end_matches(['~', '?', '%']).to_string()
            }
        }
    }

    /// The day of this date at day precision, without qualifiers (a part of day's day).
    pub fn as_day(&self) -> EventDate {
        let mut written = Written::year(i64::from(self.year));
        (written.month, written.day) = (self.month, self.day);
        written.precision = Precision::Day.min(self.precision);
        build(written, Qualifiers::default(), &self.zone).unwrap_or_else(|_| self.clone())
    }

    /// The same date marked approximate (`~`).
    pub fn into_approximate(mut self) -> EventDate {
        self.approximate = true;
        self
    }

    /// The wall-clock hour: the part's first hour for a part of day, 0 when coarser.
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
            Precision::Year if !(-9999..=9999).contains(&self.long_year) => {
                format!("Y{}", self.long_year)
            }
            Precision::Year => iso_year(self.year),
            Precision::Month => format!("{}-{:02}", iso_year(self.year), self.month),
            Precision::Day => self.iso_date(),
            Precision::PartOfDay => {
                let part = self.day_part().map_or("", DayPart::word);
                format!("{} {part}", self.iso_date())
            }
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
            // HTML has no part of a day: its day is the honest value.
            Precision::Day | Precision::PartOfDay => self.iso_date(),
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

/// The calendar time between two instants, in whole units: "100 years" from 1 January 1900 to
/// 1 January 2000, though that is 36,524 days, a quarter of a day short of 100 mean years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed {
    /// Whole calendar years.
    pub years: i64,
    /// Whole calendar months, all of them (a year and two months is 14).
    pub months: i64,
    /// Whole days, all of them.
    pub days: i64,
}

/// Whether a year is deep time: beyond [`MIN_YEAR`]..[`MAX_YEAR`].
pub fn is_deep_year(year: i64) -> bool {
    !(i64::from(MIN_YEAR)..=i64::from(MAX_YEAR)).contains(&year)
}

/// Days from 1970-01-01 to 1 January of a proleptic Gregorian year (H. Hinnant's
/// `days_from_civil`), in integers: exact for any year within ±[`DEEP_YEARS`].
pub(crate) fn days_to_year(year: i64) -> i64 {
    // January counts in the previous March-based year.
    let y = year - 1;
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + 306;
    era * 146_097 + doe - 719_468
}

impl Elapsed {
    /// Allowance for two dates of one zone whose offsets differ (summer time, local mean time):
    /// less than a day, so midnights a whole number of days apart count as exactly that.
    const SLACK_SECS: i64 = 12 * 3600;

    /// The calendar time from the earlier of two Unix instants to the later, counted on the
    /// proleptic Gregorian calendar (astronomical years: 600 BCE to 89 BCE is 511 years).
    pub fn between(a: i64, b: i64) -> Elapsed {
        let (from, to) = (a.min(b), a.max(b).saturating_add(Elapsed::SLACK_SECS));
        let (y1, m1, d1, h1, n1, s1) = civil_from_unix(from);
        let (y2, m2, d2, h2, n2, s2) = civil_from_unix(to);
        let mut months = (y2 - y1) * 12 + i64::from(m2) - i64::from(m1);
        if (d2, h2, n2, s2) < (d1, h1, n1, s1) {
            months -= 1;
        }
        let months = months.max(0);
        Elapsed {
            years: months / 12,
            months,
            days: (to - from) / 86_400,
        }
    }
}
