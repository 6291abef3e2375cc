//! The third stage: a match made into TIMEX3's type and value, against the dateline. Words of
//! the front-matter's grammar (`yesterday night`, `last Monday`) are resolved by the one
//! resolver, [`crate::date::relative`]; the rest (weeks, quarters, decades, durations, sets)
//! by the small tables here. Without a dateline, relative expressions keep an unresolved value
//! (`XXXX-XX-XX`), as TimeML writes an unknown date.

use chrono::{Datelike, NaiveDate};

use crate::date::relative::{self, DatelineRelative, Phrase, Which};
use crate::date::{DayPart, EventDate, Zone};

use super::patterns::Rule;

/// TimeML's four types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn name(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// Which way the sentence looks from an expression, by its nearest verb: it picks the year of a
/// bare month and the week of a bare weekday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
    /// No tensed verb near: the nearest candidate date is taken.
    Unknown,
}

/// Words that mark the future (`will`, `'ll`, `shall`, `going to`, `expected to`, …).
const FUTURE_WORDS: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "won't",
    "scheduled",
    "expected",
    "plans",
    "plan",
    "planning",
    "slated",
    "due",
    "upcoming",
    "coming",
    "next",
    "intends",
    "hopes",
    "tomorrow",
];
/// Modals and words of intent that look ahead from a past report (`said it would meet Tuesday`,
/// `planned to leave on Thursday`, `as soon as Monday`, `until 9 a.m. Tuesday`).
const MODAL_FUTURE: &[&str] = &["would", "could", "might", "until", "planned", "soon"];
/// Past forms of common irregular verbs (regular ones end in `-ed`).
const PAST_WORDS: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "said",
    "came",
    "went",
    "told",
    "made",
    "took",
    "gave",
    "met",
    "began",
    "left",
    "rose",
    "fell",
    "won",
    "lost",
    "paid",
    "sold",
    "bought",
    "held",
    "found",
    "saw",
    "got",
    "brought",
    "thought",
    "became",
    "wrote",
    "spoke",
    "sent",
    "ran",
    "led",
    "ago",
    "struck",
    "knew",
    "grew",
    "kept",
    "fought",
    "flew",
    "broke",
    "chose",
    "stood",
    "spent",
    "last",
    "yesterday",
    "earlier",
    "ended",
    "closed",
];
/// Words after which a form in `-ed` is a participle or infinitive, with no tense of its own.
const PARTICIPLE_AFTER: &[&str] = &["be", "to", "being"];
/// Words in `-ed` that are seldom past verbs.
const NOT_PAST: &[&str] = &[
    "need", "based", "united", "limited", "red", "hundred", "speed", "feed", "seed", "indeed",
    "bed", "shed",
];

fn word_tense(word: &str) -> Option<Tense> {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '\'');
    let lower = w.to_ascii_lowercase();
    let lower = lower.as_str();
    if FUTURE_WORDS.contains(&lower) || lower.ends_with("'ll") || MODAL_FUTURE.contains(&lower) {
        Some(Tense::Future)
    } else if PAST_WORDS.contains(&lower)
        || (lower.len() >= 5 && lower.ends_with("ed") && !NOT_PAST.contains(&lower))
    {
        Some(Tense::Past)
    } else {
        None
    }
}

/// The tense of the verb nearest to `at` (a byte range in `sentence`), a word before it winning
/// unless one after is less than half as far (news puts the time after its verb: `said
/// Tuesday`); `Unknown` when the sentence has none.
pub fn tense_at(sentence: &str, at: &std::ops::Range<usize>) -> Tense {
    let base = sentence.as_ptr() as usize;
    let mut best: Option<(usize, Tense)> = None;
    let mut last_before: Option<(usize, Tense)> = None;
    // The two words before, for a participle after `be`, `been`, `to` (`will be named`,
    // `to be completed`): the tense is the auxiliary's, else none.
    let mut prev: [&str; 2] = ["", ""];
    for w in sentence.split_whitespace() {
        let start = w.as_ptr() as usize - base;
        let before = prev;
        prev = [before[1], w];
        if start >= at.start && start < at.end {
            continue;
        }
        let Some(t) = word_tense(w) else { continue };
        let t = match (t, before) {
            (Tense::Past, [aux, link])
                if PARTICIPLE_AFTER.contains(&link.to_ascii_lowercase().as_str()) =>
            {
                match word_tense(aux) {
                    Some(Tense::Future) => Tense::Future,
                    _ => continue,
                }
            }
            _ => t,
        };
        if start < at.start {
            last_before = Some((at.start - start, t));
        } else if best.is_none() {
            best = Some((start - at.end, t));
        }
    }
    match (last_before, best) {
        (Some((b, t)), Some((a, _))) if b <= 2 * a + 8 => t,
        (_, Some((_, t))) | (Some((_, t)), None) => t,
        (None, None) => Tense::Unknown,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const NUMBER_WORDS: &[(&str, f64)] = &[
    ("a", 1.0),
    ("an", 1.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("half", 0.5),
];
/// Unit word → TIMEX3 duration letter, and whether it is a time unit (`PT…`).
const UNITS: &[(&str, &str, bool)] = &[
    ("second", "S", true),
    ("minute", "M", true),
    ("hour", "H", true),
    ("day", "D", false),
    ("week", "W", false),
    ("month", "M", false),
    ("year", "Y", false),
    ("decade", "DE", false),
    ("century", "CE", false),
    ("quarter", "Q", false),
];

/// The type and value of one expression; None when it reads as no date after all.
pub fn normalize(
    text: &str,
    rule: Rule,
    dateline: Option<&EventDate>,
    tense: Tense,
) -> Option<(TimexType, String)> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let day = dateline.and_then(|d| NaiveDate::from_ymd_opt(d.year(), d.month(), d.day()));
    let date = |v: String| Some((TimexType::Date, v));
    match rule {
        Rule::FullDate => full_date(&lower, &words).map(|d| (TimexType::Date, d)),
        Rule::MonthDay => {
            let (month, dom) = month_and_day(&words)?;
            let year = pick_year(day, month, tense);
            date(format!("{}-{month:02}-{dom:02}", year_text(year)))
        }
        Rule::MonthYear => {
            let month = words.iter().find_map(|w| month_number(w))?;
            let year: i32 = words
                .iter()
                .find_map(|w| w.parse().ok())
                .or_else(|| spelled_year(&words))?;
            date(format!("{year:04}-{month:02}"))
        }
        Rule::Month => {
            let month = words.iter().find_map(|w| month_number(w))?;
            // `March last year`, `June next year`: the year named, not the tense's.
            // `last April`: the latest April before the dateline's month; `next April` the
            // first after it; `this April` the dateline's year.
            let shift = words.iter().find(|w| ["last", "next", "this"].contains(w));
            let year = match (words.contains(&"year"), shift) {
                (true, Some(&"last")) => day.map(|d| d.year() - 1),
                (true, Some(&"next")) => day.map(|d| d.year() + 1),
                (true, Some(_)) => day.map(|d| d.year()),
                (false, Some(&"last")) => day.map(|d| d.year() - i32::from(month >= d.month())),
                (false, Some(&"next")) => day.map(|d| d.year() + i32::from(month <= d.month())),
                (false, Some(_)) => day.map(|d| d.year()),
                _ => pick_year(day, month, tense),
            };
            date(format!("{}-{month:02}", year_text(year)))
        }
        Rule::Decade => {
            let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
            // `the '80s`, `the nineties`: a decade of the 1900s.
            const TENS: [&str; 8] = [
                "twenties",
                "thirties",
                "forties",
                "fifties",
                "sixties",
                "seventies",
                "eighties",
                "nineties",
            ];
            if let Some(t) = TENS.iter().position(|t| words.last() == Some(t)) {
                return date(format!("19{}", t + 2));
            }
            if digits.len() == 2 {
                return date(format!("19{}", &digits[..1]));
            }
            date(digits.get(..3)?.to_string())
        }
        Rule::Year => {
            let digits: String = lower.chars().filter(char::is_ascii_digit).collect();
            if digits.is_empty() {
                return date(format!("{:04}", spelled_year(&words)?));
            }
            date(digits)
        }
        Rule::DayWord | Rule::Weekday => phrase(&lower, &words, dateline, tense),
        Rule::RelativeUnit => relative_unit(&words, day),
        Rule::Ago => ago(&words, dateline, day),
        Rule::Duration => duration(&words),
        Rule::FuzzyDuration => {
            // `recent years`, `several years ago`: a time in the past, not a length of time.
            // `several years ago`: a time in the past; `recent years`, like `the past few
            // years`, a length of time of unstated amount (`PXY`).
            if words.last() == Some(&"ago") {
                return date("PAST_REF".to_string());
            }
            if words.contains(&"coming") && !words.contains(&"next") {
                return date("FUTURE_REF".to_string());
            }
            // `recent years`, `past decades` alone: a vague time in the past (TimeML's
            // `PAST_REF`), not a length of time; `the past few years` stays a length.
            if let [first, unit] = words[..] {
                if matches!(first, "recent" | "past") && matches!(unit, "years" | "decades") {
                    return date("PAST_REF".to_string());
                }
            }
            let unit = words.iter().rev().find_map(|w| unit_of(w))?;
            Some((TimexType::Duration, duration_value("X", unit)))
        }
        Rule::Quarter => quarter(&words, day),
        Rule::Present => date("PRESENT_REF".to_string()),
        Rule::Past => date("PAST_REF".to_string()),
        Rule::Future => date("FUTURE_REF".to_string()),
        Rule::Set => {
            // `each Thursday`: every week's Thursday; `every July`: every year's July.
            if let Some(d) = WEEKDAYS.iter().position(|w| words.last() == Some(w)) {
                return Some((TimexType::Set, format!("XXXX-WXX-{}", d + 1)));
            }
            if let Some(m) = words.last().and_then(|w| month_number(w)) {
                return Some((TimexType::Set, format!("XXXX-{m:02}")));
            }
            let unit = match words.last()? {
                &"daily" => "day",
                &"weekly" => "week",
                &"monthly" => "month",
                &"annually" | &"yearly" => "year",
                &"hourly" => "hour",
                &"quarterly" => "quarter",
                w => w,
            };
            Some((TimexType::Set, duration_value("1", unit_of(unit)?)))
        }
        Rule::Time => time(&lower, day),
        // Read against the temporal focus in `draft::tag`; alone, `the following year` is a
        // length of time, `the previous year` the dateline's year before, the rest unresolved.
        Rule::Anaphor => match step_of(&words) {
            Some(1) => duration(&words),
            Some(_) => relative_unit(&["previous", words.last()?], day),
            None => date(focus_unit(&lower, None)),
        },
        Rule::Half => {
            // A half of the year named, else of the dateline's year.
            let second = words
                .iter()
                .any(|w| matches!(*w, "second" | "last" | "latter"));
            let named = words.iter().find_map(|w| w.parse::<i32>().ok());
            let year = named.or_else(|| day.map(|d| d.year()));
            date(format!(
                "{}-H{}",
                year_text(year),
                if second { 2 } else { 1 }
            ))
        }
        Rule::Season => {
            let code = match *words.last()? {
                "spring" => "SP",
                "summer" => "SU",
                "fall" | "autumn" => "FA",
                _ => "WI",
            };
            let shift = match words.first() {
                Some(&"last") => -1,
                Some(&"next") => 1,
                _ => 0,
            };
            // `the summer of 1998`, `the winter of nineteen ninety-four`: the year named.
            let named = words.iter().position(|w| *w == "of").and_then(|at| {
                let rest = &words[at + 1..];
                rest.first()
                    .and_then(|w| w.parse().ok())
                    .or_else(|| spelled_year(rest))
            });
            let year = named.or_else(|| day.map(|d| d.year() + shift));
            let code = if named.is_some() {
                match words.iter().find(|w| SEASONS.contains(w)) {
                    Some(&"spring") => "SP",
                    Some(&"summer") => "SU",
                    Some(&"fall" | &"autumn") => "FA",
                    _ => "WI",
                }
            } else {
                code
            };
            date(format!("{}-{code}", year_text(year)))
        }
        Rule::Weekend => {
            // `the weekend` in a past sentence written early in the week is the one before.
            let early = day.is_some_and(|d| d.weekday().num_days_from_monday() < 4);
            let shift = match words.first() {
                Some(&"last") => -1,
                Some(&"next") => 1,
                _ if early && tense == Tense::Past => -1,
                _ => 0,
            };
            let week = day.and_then(|d| d.checked_add_signed(chrono::TimeDelta::try_weeks(shift)?));
            date(format!("{}-WE", week_text(week)))
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// The value of `that year`, `that same day`, `that quarter` against the last time the copy
/// named (`focus`, a TIMEX3 value such as `1998-06` or `1988-Q2`), cut to the unit; unknown
/// parts as `X`.
pub fn focus_unit(lower: &str, focus: Option<&str>) -> String {
    let unit = lower.split_whitespace().last().unwrap_or("year");
    let f = focus.unwrap_or("");
    let year = f.get(..4).filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
    let month = f
        .get(4..7)
        .filter(|m| m.starts_with('-') && m[1..].bytes().all(|b| b.is_ascii_digit()));
    let day = f.get(7..10).filter(|d| {
        month.is_some() && d.starts_with('-') && d[1..].bytes().all(|b| b.is_ascii_digit())
    });
    let y = year.unwrap_or("XXXX");
    match unit {
        "day" => format!("{y}{}{}", month.unwrap_or("-XX"), day.unwrap_or("-XX")),
        "month" => format!("{y}{}", month.unwrap_or("-XX")),
        "quarter" => {
            let q = f
                .get(4..7)
                .filter(|q| q.starts_with("-Q"))
                .map(|q| q[2..].to_string());
            let q = q.or_else(|| {
                let m: u32 = month?[1..].parse().ok()?;
                Some(((m - 1) / 3 + 1).to_string())
            });
            format!("{y}-Q{}", q.unwrap_or_else(|| "X".to_string()))
        }
        _ => y.to_string(),
    }
}

/// `the following year` +1, `the next day` +1, `the previous month` -1: the step of an
/// anaphor that moves from the focus; None for `that year`, which stays on it.
fn step_of(words: &[&str]) -> Option<i32> {
    match words {
        ["the", "following" | "next", _] => Some(1),
        ["the", "previous" | "prior", _] => Some(-1),
        _ => None,
    }
}

/// `the following year` after `1995` → `1996`, `the previous day` after `1998-08-07` →
/// `1998-08-06`: the focus cut to the unit and moved one unit; None when the focus has no such
/// unit (a year alone for `the next day`) or the phrase is no step.
pub fn focus_step(lower: &str, focus: Option<&str>) -> Option<String> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let n = step_of(&words)?;
    let cut = focus_unit(lower, focus);
    if cut.contains('X') {
        return None;
    }
    // The move is the front-matter's `N <unit>s after <id>`, from the focus as the anchor.
    use crate::date::Precision;
    use relative::{EventOffset, Unit};
    let (offset, unit) = match *words.last()? {
        "year" => (
            EventOffset::Amount(i64::from(n), Unit::Year),
            Precision::Year,
        ),
        "month" => (
            EventOffset::Amount(i64::from(n), Unit::Month),
            Precision::Month,
        ),
        "day" => (EventOffset::Days(i64::from(n)), Precision::Day),
        _ => return None,
    };
    let anchor = EventDate::parse(&cut, &Zone::Utc).ok()?;
    // `the next day` after a year alone has no day to step from.
    if anchor.precision() < unit {
        return None;
    }
    Some(relative::resolve_event(offset, &anchor).ok()?.normalized())
}

const SEASONS: &[&str] = &["spring", "summer", "fall", "autumn", "winter"];

/// `nineteen ninety six` → 1996, `two thousand and one` → 2001 (the words after the `of` or
/// the month, split at spaces and hyphens).
fn spelled_year(words: &[&str]) -> Option<i32> {
    let at = words.iter().position(|w| *w == "nineteen" || *w == "two")?;
    let rest = &words[at..];
    let (base, rest) = match rest {
        ["nineteen", rest @ ..] => (1900.0, rest),
        ["two", "thousand", "and", rest @ ..] | ["two", "thousand", rest @ ..] => (2000.0, rest),
        _ => return None,
    };
    let (n, _) = amount(rest).unwrap_or((0.0, 0));
    let year = base + n;
    (n < 100.0 && (base > 1900.0 || n >= 10.0)).then_some(year as i32)
}

fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|m| word.starts_with(m))?;
    u32::try_from(index + 1).ok()
}

fn month_and_day(words: &[&str]) -> Option<(u32, u32)> {
    let month = words.iter().find_map(|w| month_number(w))?;
    let dom = words.iter().find_map(|w| {
        w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d))
    })?;
    Some((month, dom))
}

fn full_date(lower: &str, words: &[&str]) -> Option<String> {
    if let [y, m, d] = lower.split('-').collect::<Vec<_>>()[..] {
        return Some(format!("{y}-{m}-{d}"));
    }
    if let [m, d, y] = lower.split('/').collect::<Vec<_>>()[..] {
        let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
        let y: i32 = y.parse().ok()?;
        let y = if y < 100 {
            1900 + y + if y < 30 { 100 } else { 0 }
        } else {
            y
        };
        NaiveDate::from_ymd_opt(y, m, d)?;
        return Some(format!("{y:04}-{m:02}-{d:02}"));
    }
    let (month, dom) = month_and_day(words)?;
    let year: i32 = words
        .iter()
        .rev()
        .find_map(|w| w.parse().ok().filter(|y| *y > 31))?;
    Some(format!("{year:04}-{month:02}-{dom:02}"))
}

/// The year of a month named without one: in a past sentence the latest such month on or before
/// the dateline's, in a future one the first on or after it; a month within two of the
/// dateline's is the nearer whatever the tense; with no tense, the past one unless the month
/// is one or two ahead.
fn pick_year(day: Option<NaiveDate>, month: u32, tense: Tense) -> Option<i32> {
    let day = day?;
    let (y, now) = (day.year(), day.month());
    let past = if month <= now { y } else { y - 1 };
    let future = if month >= now { y } else { y + 1 };
    let back = (now + 12 - month) % 12;
    let ahead = (month + 12 - now) % 12;
    Some(match tense {
        // No tense: news reports what has happened, so the past one unless the month is the
        // next or the one after.
        Tense::Unknown if !(ahead < back && ahead <= 2) => past,
        _ if back <= 2 || ahead <= 2 => {
            if back <= ahead {
                past
            } else {
                future
            }
        }
        Tense::Past => past,
        Tense::Future | Tense::Unknown => future,
    })
}

fn year_text(year: Option<i32>) -> String {
    year.map_or_else(|| "XXXX".to_string(), |y| format!("{y:04}"))
}

fn week_text(day: Option<NaiveDate>) -> String {
    day.map_or_else(
        || "XXXX-WXX".to_string(),
        |d| {
            let w = d.iso_week();
            format!("{:04}-W{:02}", w.year(), w.week())
        },
    )
}

/// Day words and weekdays, through the front-matter's resolver. A bare weekday in a future
/// sentence is the first on or after the dateline; a weekday with a part of day
/// (`Wednesday night`) is the weekday's date with the part (`…TNI`).
fn phrase(
    lower: &str,
    words: &[&str],
    dateline: Option<&EventDate>,
    tense: Tense,
) -> Option<(TimexType, String)> {
    let unknown = || Some((TimexType::Date, "XXXX-XX-XX".to_string()));
    let Some(dateline) = dateline else {
        return unknown();
    };
    let part = words
        .last()
        .and_then(|w| DayPart::ALL.into_iter().find(|p| p.word() == *w))
        .filter(|_| words.len() > 1 && relative::parse_phrase(lower).is_none());
    let head = match part {
        Some(_) => words[..words.len() - 1].join(" "),
        None => lower.to_string(),
    };
    let rel = match relative::parse_phrase(&head)? {
        Phrase::Dateline(DatelineRelative::Weekday(d, Which::OnOrBefore))
            if tense == Tense::Future =>
        {
            DatelineRelative::Weekday(d, Which::OnOrAfter)
        }
        Phrase::Dateline(rel) => rel,
        Phrase::Event(..) => return None,
    };
    let resolved = relative::resolve_dateline(rel, dateline, &Zone::Utc).ok()?;
    let value = match part {
        Some(p) => format!("{}T{}", resolved.timex_value(), p.timex()),
        None => resolved.timex_value(),
    };
    Some((TimexType::Date, value))
}

fn relative_unit(words: &[&str], day: Option<NaiveDate>) -> Option<(TimexType, String)> {
    let unit = *words.last()?;
    let shift: i32 = match words.first() {
        Some(&"last") | Some(&"previous") => -1,
        Some(&"next") => 1,
        _ => 0,
    };
    let value = match day {
        None => match unit {
            "week" => "XXXX-WXX".to_string(),
            "month" => "XXXX-XX".to_string(),
            _ => "XXXX".to_string(),
        },
        Some(d) => match unit {
            "week" => {
                week_text(d.checked_add_signed(chrono::TimeDelta::try_weeks(i64::from(shift))?))
            }
            "month" => {
                let index = d.year() * 12 + i32::try_from(d.month0()).ok()? + shift;
                format!(
                    "{:04}-{:02}",
                    index.div_euclid(12),
                    index.rem_euclid(12) + 1
                )
            }
            "quarter" => {
                let q = i32::try_from(d.month0() / 3).ok()? + shift;
                format!("{:04}-Q{}", d.year() + q.div_euclid(4), q.rem_euclid(4) + 1)
            }
            "decade" => format!("{:03}", (d.year() / 10) + shift),
            "century" => format!("{:02}", (d.year() / 100) + shift),
            _ => format!("{:04}", d.year() + shift),
        },
    };
    Some((TimexType::Date, value))
}

fn number(word: &str) -> Option<f64> {
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, n)| *n)
        .or_else(|| word.parse().ok())
}

/// `twenty four` → 24; the number words at the start of `words`, and how many there were.
fn amount(words: &[&str]) -> Option<(f64, usize)> {
    // `a couple of years`: two.
    if words.starts_with(&["a", "couple", "of"]) {
        return Some((2.0, 3));
    }
    if words.starts_with(&["couple", "of"]) {
        return Some((2.0, 2));
    }
    let mut total = 0.0;
    let mut used = 0;
    for w in words {
        // `2 1/2 years`: the half added to the whole.
        if *w == "1/2" && used > 0 {
            total += 0.5;
            used += 1;
            continue;
        }
        let Some(n) = number(w) else { break };
        if *w == "a" && used > 0 {
            break;
        }
        total = if n == 100.0 && total > 0.0 {
            total * 100.0
        } else {
            total + n
        };
        used += 1;
    }
    (used > 0).then_some((total, used))
}

fn unit_of(word: &str) -> Option<(&'static str, bool)> {
    let word = word.trim_end_matches('s');
    let word = if word == "centurie" { "century" } else { word };
    UNITS
        .iter()
        .find(|(u, _, _)| *u == word)
        .map(|&(_, l, t)| (l, t))
}

/// A TIMEX3 duration; decades and centuries are written in years, quarters in months
/// (`P20Y`, `P9M`), as TimeML's annotators write them.
fn duration_value(amount: &str, (letter, time): (&'static str, bool)) -> String {
    let times = match letter {
        "DE" => Some((10.0, "Y")),
        "CE" => Some((100.0, "Y")),
        "Q" => Some((3.0, "M")),
        _ => None,
    };
    if let (Some((k, l)), Ok(n)) = (times, amount.parse::<f64>()) {
        return format!("P{}{l}", format_amount(n * k));
    }
    // `decades`: some years, as a number of decades is written in years.
    if letter == "DE" && amount == "X" {
        return "PXY".to_string();
    }
    // A half of a year, an hour or a minute in the next unit down, as TIMEX3 writes it
    // (`P2Y6M`, `PT5H30M`, `PT1M30S`).
    if let Ok(n) = amount.parse::<f64>() {
        let down = match (letter, time) {
            ("Y", false) => Some(("M", 12.0)),
            ("H", true) => Some(("M", 60.0)),
            ("M", true) => Some(("S", 60.0)),
            _ => None,
        };
        if let (Some((next, k)), true) = (down, n.fract() != 0.0) {
            let part = n.fract() * k;
            if part.fract() == 0.0 {
                let whole = n.trunc() as i64;
                let t = if time { "T" } else { "" };
                return format!("P{t}{whole}{letter}{}{next}", part as i64);
            }
        }
    }
    if time {
        format!("PT{amount}{letter}")
    } else {
        format!("P{amount}{letter}")
    }
}

fn format_amount(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn duration(words: &[&str]) -> Option<(TimexType, String)> {
    let skip = words
        .iter()
        .take_while(|w| {
            [
                "the",
                "past",
                "last",
                "next",
                "first",
                "coming",
                "previous",
                "following",
                "final",
                "latest",
            ]
            .contains(w)
        })
        .count();
    let rest = &words[skip..];
    let (n, used) = amount(rest).unwrap_or((1.0, 0));
    // `two more weeks`, `20 more years`: the amount added is the length.
    let used = used + usize::from(used > 0 && rest.get(used) == Some(&"more"));
    let unit = unit_of(rest.get(used)?)?;
    // `a minute and a half`.
    let n = if rest.ends_with(&["and", "a", "half"]) {
        n + 0.5
    } else {
        n
    };
    Some((TimexType::Duration, duration_value(&format_amount(n), unit)))
}

fn ago(
    words: &[&str],
    dateline: Option<&EventDate>,
    day: Option<NaiveDate>,
) -> Option<(TimexType, String)> {
    let (n, used) = amount(words).unwrap_or((1.0, 0));
    let unit = words.get(used).map(|w| w.trim_end_matches('s'))?;
    let later = words.last() == Some(&"later");
    let n = if later { n as i64 } else { -(n as i64) };
    let Some(d) = day else {
        return Some((TimexType::Date, "XXXX-XX-XX".to_string()));
    };
    let _ = dateline;
    let value = match unit {
        "day" => {
            let moved = d.checked_add_signed(chrono::TimeDelta::try_days(n)?)?;
            moved.format("%Y-%m-%d").to_string()
        }
        "week" => week_text(d.checked_add_signed(chrono::TimeDelta::try_weeks(n)?)),
        "month" => {
            let index = d.year() * 12 + i32::try_from(d.month0()).ok()? + i32::try_from(n).ok()?;
            format!(
                "{:04}-{:02}",
                index.div_euclid(12),
                index.rem_euclid(12) + 1
            )
        }
        "year" => format!("{:04}", d.year() + i32::try_from(n).ok()?),
        "decade" => format!("{:04}", d.year() + 10 * i32::try_from(n).ok()?),
        "quarter" => {
            let q = i32::try_from(d.month0() / 3).ok()? + i32::try_from(n).ok()?;
            format!("{:04}-Q{}", d.year() + q.div_euclid(4), q.rem_euclid(4) + 1)
        }
        _ => return Some((TimexType::Date, "PAST_REF".to_string())),
    };
    Some((TimexType::Date, value))
}

/// A quarter or a reporting period: its ordinal (else the last quarter ended), its year (named,
/// `year-ago`/`last year's` one back, `next year's` one on; else the dateline's, or the one
/// before for a quarter not yet begun).
fn quarter(words: &[&str], day: Option<NaiveDate>) -> Option<(TimexType, String)> {
    let ordinal = words.iter().find_map(|w| match *w {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" => Some(4),
        _ => None,
    });
    if words.last() == Some(&"quarters") {
        return None;
    }
    let named: Option<i32> = words
        .iter()
        .find_map(|w| w.trim_end_matches("'s").parse().ok().filter(|y| *y > 999));
    let Some(d) = day else {
        return Some((
            TimexType::Date,
            format!(
                "{}-Q{}",
                year_text(named),
                ordinal.map_or("X".to_string(), |q| q.to_string())
            ),
        ));
    };
    let back = words
        .iter()
        .any(|w| matches!(*w, "ago" | "earlier" | "year-ago" | "year-earlier"))
        || words.windows(2).any(|w| w == ["last", "year's"]);
    let on = words.windows(2).any(|w| w == ["next", "year's"]);
    let this = words.windows(2).any(|w| w == ["this", "year's"]);
    let current = d.month0() / 3 + 1;
    let (year, q) = match ordinal {
        Some(q) if q > current && !this && !on => (d.year() - 1, q),
        Some(q) => (d.year(), q),
        None if words.contains(&"current") => (d.year(), current),
        // "the quarter": the one just reported, the last one ended.
        None if current == 1 => (d.year() - 1, 4),
        None => (d.year(), current - 1),
    };
    let year = match named {
        Some(y) => y,
        None if back => year - 1,
        None if on => d.year() + 1,
        None if this => d.year(),
        None => year,
    };
    Some((TimexType::Date, format!("{year:04}-Q{q}")))
}

fn time(lower: &str, day: Option<NaiveDate>) -> Option<(TimexType, String)> {
    let date = day.map_or_else(
        || "XXXX-XX-XX".to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    let (hour, minute) = match lower {
        "noon" => (12, 0),
        "midnight" => (24, 0),
        _ => {
            let digits: Vec<u32> = lower
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|p| p.parse().ok())
                .collect();
            let hour = *digits.first()?;
            let minute = digits.get(1).copied().unwrap_or(0);
            let pm = lower.contains('p');
            let hour = match (hour, pm) {
                (12, false) if lower.contains('a') => 0,
                (h, true) if h < 12 => h + 12,
                (h, _) => h,
            };
            if hour > 24 || minute > 59 {
                return None;
            }
            (hour, minute)
        }
    };
    Some((TimexType::Time, format!("{date}T{hour:02}:{minute:02}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str, rule: Rule, dateline: &str, tense: Tense) -> (TimexType, String) {
        let d = EventDate::parse(dateline, &Zone::Utc).unwrap();
        normalize(text, rule, Some(&d), tense).unwrap()
    }

    #[test]
    fn years_in_words_and_seasons_of_a_named_year() {
        let v = |t, r| value(t, r, "1998-03-04", Tense::Unknown).1;
        assert_eq!(v("nineteen ninety-six", Rule::Year), "1996");
        assert_eq!(v("two thousand and one", Rule::Year), "2001");
        assert_eq!(v("the year two thousand", Rule::Year), "2000");
        assert_eq!(
            v("January nineteen ninety-seven", Rule::MonthYear),
            "1997-01"
        );
        assert_eq!(
            v("the winter of nineteen ninety-four", Rule::Season),
            "1994-WI"
        );
        assert_eq!(v("the summer of 1996", Rule::Season), "1996-SU");
        assert_eq!(v("last winter", Rule::Season), "1997-WI");
    }

    #[test]
    fn halves_are_written_in_the_next_unit_down() {
        let v = |t| value(t, Rule::Duration, "1998-03-04", Tense::Unknown);
        assert_eq!(v("2 1/2 years"), (TimexType::Duration, "P2Y6M".into()));
        assert_eq!(v("5 1/2 hours"), (TimexType::Duration, "PT5H30M".into()));
        assert_eq!(
            v("a minute and a half"),
            (TimexType::Duration, "PT1M30S".into())
        );
        assert_eq!(v("three days"), (TimexType::Duration, "P3D".into()));
        // `a couple of` is two; `more` after the amount adds nothing to it.
        assert_eq!(v("a couple of years"), (TimexType::Duration, "P2Y".into()));
        assert_eq!(
            v("the next couple of years"),
            (TimexType::Duration, "P2Y".into())
        );
        assert_eq!(v("two more weeks"), (TimexType::Duration, "P2W".into()));
        assert_eq!(v("20 more years"), (TimexType::Duration, "P20Y".into()));
        // Some decades are some years, as two decades are twenty years.
        assert_eq!(
            value("decades", Rule::FuzzyDuration, "1998-03-04", Tense::Unknown),
            (TimexType::Duration, "PXY".into())
        );
    }

    #[test]
    fn recent_units_are_lengths_of_time_and_ago_a_past_time() {
        let v = |t| value(t, Rule::FuzzyDuration, "1998-03-04", Tense::Unknown);
        assert_eq!(v("recent weeks"), (TimexType::Duration, "PXW".into()));
        assert_eq!(v("several years ago"), (TimexType::Date, "PAST_REF".into()));
        // `recent years` and `past decades` alone are a vague past time, not a length.
        assert_eq!(v("recent years"), (TimexType::Date, "PAST_REF".into()));
        assert_eq!(v("past decades"), (TimexType::Date, "PAST_REF".into()));
        assert_eq!(v("the past few years"), (TimexType::Duration, "PXY".into()));
    }

    #[test]
    fn sets_of_weekdays_and_months_and_halves_of_years() {
        let v = |t, r| value(t, r, "1998-03-04", Tense::Unknown);
        assert_eq!(
            v("each Thursday", Rule::Set),
            (TimexType::Set, "XXXX-WXX-4".into())
        );
        assert_eq!(
            v("every July", Rule::Set),
            (TimexType::Set, "XXXX-07".into())
        );
        assert_eq!(v("every year", Rule::Set), (TimexType::Set, "P1Y".into()));
        assert_eq!(v("the last half of 1989", Rule::Half).1, "1989-H2");
        assert_eq!(v("the first half", Rule::Half).1, "1998-H1");
    }

    #[test]
    fn a_participle_after_be_or_to_takes_the_tense_of_its_auxiliary() {
        let at = |s: &str, w: &str| {
            let i = s.find(w).unwrap();
            tense_at(s, &(i..i + w.len()))
        };
        let s = "Collins will be named commander for a mission in December.";
        assert_eq!(at(s, "December"), Tense::Future);
        assert_eq!(
            value("December", Rule::Month, "1998-03-04", at(s, "December")).1,
            "1998-12"
        );
        // `to be completed` alone has no tense; the `said` before it has.
        let s = "He said Tuesday the work was to be completed.";
        assert_eq!(at(s, "Tuesday"), Tense::Past);
    }

    #[test]
    fn a_month_takes_its_year_from_the_tense_else_the_past() {
        let sentence = "The company said it would pay the dividend in January.";
        let at = sentence.find("January").unwrap();
        let tense = tense_at(sentence, &(at..at + 7));
        assert_eq!(tense, Tense::Future);
        assert_eq!(
            value("January", Rule::Month, "1989-10-30", tense).1,
            "1990-01"
        );
        // No tensed verb: the past month, unless it is the next or the one after.
        assert_eq!(
            value("Oct. 23", Rule::MonthDay, "1999-05-06", Tense::Unknown).1,
            "1998-10-23"
        );
        assert_eq!(
            value("June 1", Rule::MonthDay, "1999-05-06", Tense::Unknown).1,
            "1999-06-01"
        );
        assert_eq!(
            value("April", Rule::Month, "1999-05-06", Tense::Unknown).1,
            "1999-04"
        );
    }
}
