//! Display text of dates: [`DateLocale`] (month names and patterns of one language; English is
//! built in for messages), precision-aware single dates and ranges, ISO helpers.

use super::*;

pub(super) const MONTHS: [&str; 12] = [
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

const ENGLISH_PARTS: [&str; 4] = ["morning", "afternoon", "evening", "night"];
const ENGLISH_PART_OF_DAY: &str = "{part} of {date}";
const ENGLISH_NIGHT: &str = "{part} of {dates}";

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
    /// The names of the parts of a day (morning, afternoon, evening, night); default: English.
    #[serde(default)]
    pub day_parts: Vec<String>,
    /// A morning, afternoon or evening: `{part} of {date}`; default: the English one.
    #[serde(default)]
    pub part_of_day: String,
    /// A night, which runs into the next day: `{part} of {dates}` ("night of 18–19 June 2024"),
    /// with `{date1}` the evening's day, `{date2}` the morning's, `{dates}` both as a range;
    /// default: the English one.
    #[serde(default)]
    pub night: String,
    /// An approximate date: `c. {date}`.
    pub approximate: String,
    /// An approximate month, when the month's name changes after the approximate word
    /// (Russian "ок. марта 2026", genitive after "около"): `{month_gen}` and `{year}`;
    /// default (empty): `approximate` around `month`.
    #[serde(default)]
    pub approximate_month: String,
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
    /// Deep time in words, largest unit first: `{unit: 1000000000, text: "{n} billion years
    /// ago"}`; a year before −1,000,000 that a unit counts to three decimals reads so, any
    /// other deep year as `bce` / `year` with grouped digits; default: the English ones.
    #[serde(default)]
    pub years_ago: Vec<YearsAgo>,
    /// The decimal mark in `years_ago`'s `{n}`; default `.`.
    #[serde(default)]
    pub decimal_mark: String,
    /// What separates groups of three digits in a deep-time year (`300,000 BCE`); default `,`.
    #[serde(default)]
    pub digit_group: String,
}

/// One unit of deep time in words: `{n} billion years ago` counts in `1000000000`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearsAgo {
    pub unit: u64,
    pub text: String,
}

const ENGLISH_YEARS_AGO: [(u64, &str); 2] = [
    (1_000_000_000, "{n} billion years ago"),
    (1_000_000, "{n} million years ago"),
];

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
            day_parts: ENGLISH_PARTS.iter().map(|p| s(p)).collect(),
            part_of_day: s(ENGLISH_PART_OF_DAY),
            night: s(ENGLISH_NIGHT),
            approximate: s("c. {date}"),
            approximate_month: String::new(),
            uncertain: s("{date}?"),
            year_range: s("{y1}–{y2}"),
            bce_range: s("{y1}–{y2} BCE"),
            month_range: s("{month1}–{month2} {year}"),
            day_range: s("{d1}–{d2} {month_gen} {year}"),
            day_month_range: s("{d1} {month_gen1} – {d2} {month_gen2} {year}"),
            time_range: s("{date}, {time1}–{time2} {zone}"),
            times_range: s("{date1}, {time1} – {date2}, {time2} {zone}"),
            years_ago: ENGLISH_YEARS_AGO
                .iter()
                .map(|&(unit, text)| YearsAgo {
                    unit,
                    text: s(text),
                })
                .collect(),
            decimal_mark: s("."),
            digit_group: s(","),
        }
    }

    /// A count as the language writes big numbers: digits grouped from 10,000 up
    /// (`86,200,000,000`; `9999` stays as it is).
    pub fn number(&self, n: u64) -> String {
        if n < 10_000 {
            n.to_string()
        } else {
            grouped(n, or_default(&self.digit_group, ","))
        }
    }

    /// A year of deep time: "13.8 billion years ago", "300,000 BCE", "300,000", or
    /// "300,000 CE" when the era must be spelled out.
    pub(super) fn deep_year(&self, year: i64, mark_ce: bool) -> String {
        let group = or_default(&self.digit_group, ",");
        if year > 0 {
            let pattern = if mark_ce { &self.ce } else { &self.year };
            return fill(pattern, &[("y", &grouped(year.unsigned_abs(), group))]);
        }
        let ago = year.unsigned_abs();
        let english: Vec<(u64, &str)> = ENGLISH_YEARS_AGO.to_vec();
        let units: Vec<(u64, &str)> = if self.years_ago.is_empty() {
            english
        } else {
            self.years_ago
                .iter()
                .map(|u| (u.unit, u.text.as_str()))
                .collect()
        };
        let words = units.iter().find_map(|&(unit, text)| {
            let step = (unit / 1000).max(1);
            let fits = unit > 0 && ago >= unit && ago.is_multiple_of(step);
            (ago >= 1_000_000 && fits).then(|| {
                let whole = grouped(ago / unit, group);
                let thousandths = format!("{:03}", ago % unit / step);
                let fraction = thousandths.trim_end_matches('0');
                let n = if fraction.is_empty() {
                    whole
                } else {
                    format!("{whole}{}{fraction}", or_default(&self.decimal_mark, "."))
                };
                fill(text, &[("n", &n)])
            })
        });
        words.unwrap_or_else(|| fill(&self.bce, &[("y", &grouped(ago + 1, group))]))
    }

    /// Checks that there are twelve month names (and twelve genitives, when given).
    pub fn check(&self) -> Result<(), String> {
        if self.months.len() != 12 {
            return Err(format!(
                "months: expected 12 names, found {}",
                self.months.len()
            ));
        }
        if !self.day_parts.is_empty() && self.day_parts.len() != 4 {
            return Err(format!(
                "day_parts: expected 4 names (morning, afternoon, evening, night), found {}",
                self.day_parts.len()
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

    /// The name of a part of the day in this language ("night", "ночь", "밤").
    pub fn day_part_name(&self, part: DayPart) -> &str {
        self.day_parts
            .get(part.index())
            .map_or(ENGLISH_PARTS[part.index()], String::as_str)
    }

    pub(super) fn month_gen(&self, month: u32) -> &str {
        if self.months_genitive.is_empty() {
            self.month_name(month)
        } else {
            pick_month(&self.months_genitive, month)
        }
    }

    /// "2000", "44 BCE", or "14 CE" when the CE era must be spelled out.
    pub(super) fn era_year(&self, year: i32, mark_ce: bool) -> String {
        if is_deep_year(i64::from(year)) {
            return self.deep_year(i64::from(year), mark_ce);
        }
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

/// 300000 → "300,000" with `group` between groups of three digits.
/// `n` with `group` between groups of three digits: `86,200,000,000`.
pub fn grouped(n: u64, group: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(group);
        }
        out.push(c);
    }
    out
}

pub(super) fn pick_month(names: &[String], month: u32) -> &str {
    let index = usize::try_from(month).unwrap_or(0).wrapping_sub(1);
    names.get(index).map_or("", String::as_str)
}

/// Replaces each `{key}` in `pattern` with its value; unknown keys are left as written.
pub(super) fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    // The braces are found byte by byte: patterns are a few words long, too short for the
    // setup of `str::find` (a date is filled in for every card, axis mark and feed entry).
    let position = |text: &str, byte: u8| text.bytes().position(|b| b == byte);
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = position(rest, b'{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let key = position(after, b'}').map(|close| &after[..close]);
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
    if start.is_deep() || end.is_deep() {
        let (a, b) = (
            full_display(loc, start, false),
            full_display(loc, end, mark_ce),
        );
        return if a == b { a } else { join_range(&a, &b) };
    }
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
pub(super) fn display_year_range(loc: &DateLocale, start: i32, end: i32) -> String {
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
pub(super) fn display_time_range(
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
pub(super) fn join_range(start: &str, end: &str) -> String {
    if start.contains(' ') || end.contains(' ') {
        format!("{start} – {end}")
    } else {
        format!("{start}–{end}")
    }
}

/// One date written in full with its qualifiers ("c. 19 June 2024, 02:45 KST?").
pub(super) fn full_display(loc: &DateLocale, date: &EventDate, mark_ce: bool) -> String {
    // A language may word an approximate month in a form of its own ("ок. марта 2026").
    let approximate_in_body =
        date.approximate && date.precision == Precision::Month && !loc.approximate_month.is_empty();
    let body = match date.precision {
        Precision::Year if date.is_deep() => loc.deep_year(date.long_year, mark_ce),
        Precision::Year => loc.era_year(date.year, mark_ce),
        Precision::Month => {
            let (m, year) = (date.month.to_string(), loc.era_year(date.year, mark_ce));
            let pattern = if approximate_in_body {
                &loc.approximate_month
            } else {
                &loc.month
            };
            fill(
                pattern,
                &[
                    ("month", loc.month_name(date.month)),
                    ("month_gen", loc.month_gen(date.month)),
                    ("m", &m),
                    ("year", &year),
                ],
            )
        }
        Precision::Day => display_day(loc, date, mark_ce),
        Precision::PartOfDay => display_part(loc, date, mark_ce),
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
    if date.approximate && !approximate_in_body {
        fill(&loc.approximate, &[("date", &body)])
    } else {
        body
    }
}

/// "morning of 19 June 2024", "night of 18–19 June 2024", "night of 30 June – 1 July 2024".
pub(super) fn display_part(loc: &DateLocale, date: &EventDate, mark_ce: bool) -> String {
    let Some(part) = date.day_part() else {
        return display_day(loc, date, mark_ce);
    };
    let name = loc.day_part_name(part);
    let day = display_day(loc, date, mark_ce);
    if part != DayPart::Night {
        let pattern = or_default(&loc.part_of_day, ENGLISH_PART_OF_DAY);
        return fill(pattern, &[("part", name), ("date", &day)]);
    }
    let next = day_after(date);
    let (next_text, dates) = match &next {
        Some(next) => (
            display_day(loc, next, mark_ce),
            format_display_in(loc, &date.as_day(), Some(next)),
        ),
        None => (day.clone(), day.clone()),
    };
    let pattern = or_default(&loc.night, ENGLISH_NIGHT);
    fill(
        pattern,
        &[
            ("part", name),
            ("date1", &day),
            ("date2", &next_text),
            ("dates", &dates),
        ],
    )
}

fn or_default<'a>(pattern: &'a str, default: &'a str) -> &'a str {
    if pattern.is_empty() {
        default
    } else {
        pattern
    }
}

/// The day after a date's day, at day precision without qualifiers (None at the range's end).
fn day_after(date: &EventDate) -> Option<EventDate> {
    let next = NaiveDate::from_ymd_opt(date.year, date.month, date.day)?.succ_opt()?;
    let mut written = Written::year(i64::from(next.year()));
    (written.month, written.day) = (next.month(), next.day());
    written.precision = Precision::Day;
    build(written, Qualifiers::default(), &date.zone).ok()
}

/// "19 June 2024", "15 March 44 BCE".
pub(super) fn display_day(loc: &DateLocale, date: &EventDate, mark_ce: bool) -> String {
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
pub(super) fn era_year(year: i32, mark_ce: bool) -> String {
    if year <= 0 {
        format!("{} BCE", bce_number(year))
    } else if mark_ce {
        format!("{year} CE")
    } else {
        year.to_string()
    }
}

/// The BCE year number of an astronomical year ≤ 0 (0 → 1, -43 → 44).
pub(super) fn bce_number(year: i32) -> i64 {
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

/// A year in a language: "2000", "44 до н. э.", "2000년", deep time in words
/// ("13.8 billion years ago", "300,000 BCE").
pub fn format_year_in(loc: &DateLocale, year: impl Into<i64>) -> String {
    let year: i64 = year.into();
    match i32::try_from(year) {
        Ok(year) if !is_deep_year(i64::from(year)) => loc.era_year(year, false),
        _ => loc.deep_year(year, false),
    }
}

pub(super) fn month_str(month: u32) -> &'static str {
    let index = usize::try_from(month).unwrap_or(0).wrapping_sub(1);
    MONTHS.get(index).copied().unwrap_or("")
}

/// A four-digit ISO year, signed when negative: "2000", "0000", "-0043".
pub(super) fn iso_year(year: i32) -> String {
    if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("{year:04}")
    }
}

/// "+09:00", "-05:30", "+00:00", or "+08:27:52" when the offset has seconds.
pub(super) fn format_offset(secs: i32) -> String {
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
pub(super) fn named_abbreviation(tz: Tz, instant: i64) -> Option<String> {
    let utc = chrono::DateTime::from_timestamp(instant, 0)?.naive_utc();
    let offset = tz.offset_from_utc_datetime(&utc);
    let name = offset.abbreviation()?;
    let numeric = name.starts_with(['+', '-']) || name.starts_with(|c: char| c.is_ascii_digit());
    (!numeric && !name.is_empty()).then(|| name.to_string())
}

/// Splits Unix seconds into a proleptic Gregorian (year, month, day, hour, minute, second) with
/// plain integer arithmetic (H. Hinnant's `civil_from_days`), so no chrono range can fail.
pub(super) fn civil_from_unix(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
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
