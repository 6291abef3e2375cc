//! Suggestions for dates written in forms the grammar does not take: out in words
//! ("14 June 2024", "19 июня 2024", "2024년 6월 19일"), day first with dots or slashes
//! ("19.06.2024", "19/06/2024"), a space before the time, a zone after it
//! ("1969-07-20 20:17 UTC", "2024-06-19T14:00 Europe/Rome"), a BCE year with a month
//! ("44 BCE-03-15"). The grammar stays as it is: these forms are still errors, whose message
//! says what to write. Every suggestion is checked by parsing it before it is offered, so a fix
//! a message suggests always parses.
//!
//! The month names and era words come from the language files ([`crate::i18n::date_words`]),
//! so a language added there is read here too.

use super::*;
use crate::i18n::date_words;

/// A better reason for a side that did not parse, when the text reads as a date in another form.
pub(super) fn mend(text: &str, zone: &Zone) -> Option<String> {
    if text.matches('/').count() == 2 {
        return mend_slashes(text, zone);
    }
    let (text, mark) = match text.char_indices().last() {
        Some((at, c @ ('~' | '?' | '%'))) => (&text[..at], Some(c)),
        _ => (text, None),
    };
    let (body, trailing) = split_zone(text.trim());
    let read = match read_date(body)? {
        Ok(read) => read,
        Err(reason) => return Some(reason),
    };
    let mut candidate = read.iso.clone();
    let mut why = read.why.to_string();
    let mut tail = String::new();
    match trailing {
        Trailing::None if read.why == ALONE => {
            why = "a qualifier (~ ? %) goes right after the date, with no space".to_string();
        }
        Trailing::None => {}
        Trailing::Utc if read.has_time => {
            candidate.push('Z');
            why = "UTC is written `Z` right after the time, with `T` between the date and the \
                   time"
                .to_string();
        }
        Trailing::Offset(ref offset) if read.has_time => {
            candidate.push_str(offset);
            why = "an offset follows the time with no space".to_string();
        }
        Trailing::Named(ref name) => {
            why = "a zone name does not go in the date".to_string();
            tail = format!(" and put `timezone: {name}` beside it (in the article or the event)");
        }
        Trailing::Abbreviation(found) => {
            why = format!("`{}` is a zone abbreviation, not a zone", found.name);
            let zones = quoted_list(found.zones);
            match found.offset.filter(|_| read.has_time) {
                Some(offset) => {
                    candidate.push_str(offset);
                    tail = format!(
                        " (its offset), or leave it out and put the zone under `timezone:` \
                         beside the date: {zones}"
                    );
                }
                None => {
                    tail = format!(" and put the zone under `timezone:` beside it: {zones}");
                }
            }
        }
        Trailing::Utc | Trailing::Offset(_) => {
            why = "an offset needs a time; a date alone has none".to_string();
        }
    }
    let mark = match (read.approximate, mark) {
        (true, Some('?')) => Some('%'),
        (true, _) => Some('~'),
        (false, mark) => mark,
    };
    candidate.extend(mark);
    if candidate == text.trim() {
        return None;
    }
    Some(offer(&why, &[(candidate, None)], zone) + &tail)
}

/// Whether the text ends in an IANA zone name after a space ("… Europe/Rome"), whose `/` is
/// not a span's.
pub(super) fn ends_in_zone_name(text: &str) -> bool {
    matches!(split_zone(text.trim()).1, Trailing::Named(_))
}

/// A better reason for a value with more than one `/`: a date written with slashes
/// ("19/06/2024", "2024/06/19", "06/07/2024", which reads two ways).
pub(super) fn mend_slashes(text: &str, zone: &Zone) -> Option<String> {
    let readings = numeric_readings(text, '/')?;
    let why = if readings.len() > 1 {
        format!(
            "`{text}` is ambiguous (day/month or month/day), and `/` separates the two ends of \
             a span (`2024-06-19/2024-06-20`)"
        )
    } else {
        "`/` separates the two ends of a span (`2024-06-19/2024-06-20`), so a date cannot use it"
            .to_string()
    };
    Some(offer(&why, &readings, zone))
}

/// "{why}: write `A` (note) or `B` (note)", offering only what parses; when nothing does, says
/// what the text was read as and why that is still wrong.
fn offer(why: &str, candidates: &[(String, Option<String>)], zone: &Zone) -> String {
    let mut good = Vec::new();
    let mut failure = None;
    for (candidate, note) in candidates {
        match parse_strict(candidate, zone) {
            Ok(_) => good.push(match note {
                Some(note) => format!("`{candidate}` ({note})"),
                None => format!("`{candidate}`"),
            }),
            Err(reason) => failure = failure.or(Some(format!("{candidate}, but {reason}"))),
        }
    }
    if good.is_empty() {
        let failure = failure.unwrap_or_default();
        return format!("{why}; it reads as {failure}");
    }
    format!("{why}: write {}", good.join(" or "))
}

/// What follows the date and time after a space.
enum Trailing {
    None,
    Utc,
    Offset(String),
    Named(String),
    Abbreviation(&'static Abbreviation),
}

/// Takes a zone written after the date ("… UTC", "… +09:00", "… Europe/Rome", "… CEST").
fn split_zone(text: &str) -> (&str, Trailing) {
    let Some((body, last)) = text.rsplit_once(' ') else {
        return (text, Trailing::None);
    };
    let body = body.trim_end();
    let trailing = if last.eq_ignore_ascii_case("UTC") || last == "Z" {
        Trailing::Utc
    } else if let Some(found) = abbreviation(last) {
        Trailing::Abbreviation(found)
    } else if let Some(offset) = loose_offset(last) {
        Trailing::Offset(offset)
    } else if last.contains('/') && last.parse::<Tz>().is_ok() {
        Trailing::Named(last.to_string())
    } else {
        return (text, Trailing::None);
    };
    (body, trailing)
}

/// "+09:00", "+0900", "+09" → "+09:00".
fn loose_offset(text: &str) -> Option<String> {
    let sign = text.chars().next().filter(|c| matches!(c, '+' | '-'))?;
    let digits: String = text[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        2 => Some(format!("{sign}{digits}:00")),
        4 => Some(format!("{sign}{}:{}", &digits[..2], &digits[2..])),
        _ => None,
    }
}

/// A date read from another form: its ISO text (without offset) and what was wrong.
struct Read {
    iso: String,
    has_time: bool,
    approximate: bool,
    why: &'static str,
}

const ALONE: &str = "write the date alone";
const WORDS_WHY: &str = "a date is written in numbers, year first (ISO 8601)";
const DAY_FIRST_WHY: &str = "a date is written year first, with `-` between the fields (ISO 8601)";

/// The date read from `body`, or a reason without a fix when it reads as a date that lacks
/// something only the author knows (the year).
fn read_date(body: &str) -> Option<Result<Read, String>> {
    let (date, time) = match body.split_once([' ', 'T', 't']) {
        Some((date, time)) if is_time(time.trim()) => (date.trim(), Some(time.trim())),
        _ => (body, None),
    };
    let time = time.map(pad_time);
    let with_time = |iso: String, why| Read {
        has_time: time.is_some(),
        iso: match &time {
            Some(time) => format!("{iso}T{time}"),
            None => iso,
        },
        approximate: false,
        why,
    };
    if parse_iso(date).is_ok() {
        let padded = time.as_deref() != body.split_once([' ', 'T', 't']).map(|(_, t)| t.trim());
        let why = if time.is_some() && !body.contains('T') {
            "put a `T` between the date and the time"
        } else if time.is_some() && padded {
            "the time takes two digits each for hour and minute (hh:mm)"
        } else {
            ALONE
        };
        return Some(Ok(with_time(date.to_string(), why)));
    }
    if let Some(iso) = bce_with_fields(date) {
        let why = "a BCE year with a month is written as an ISO year (44 BCE is `-0043`)";
        return Some(Ok(with_time(iso, why)));
    }
    if let Some(separator) = ['.', '-'].into_iter().find(|s| date.contains(*s)) {
        if let Some(readings) = numeric_readings(date, separator) {
            let first = readings.into_iter().next()?;
            return Some(Ok(with_time(first.0, DAY_FIRST_WHY)));
        }
    }
    read_words(body)
}

/// "09:00", "9:00", "09:00:30".
fn is_time(text: &str) -> bool {
    let parts: Vec<&str> = text.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

fn pad_time(text: &str) -> String {
    let parts: Vec<String> = text.split(':').map(|p| format!("{p:0>2}")).collect();
    parts.join(":")
}

/// "44 BCE-03-15" → "-0043-03-15"; "44 BC-03" → "-0043-03".
fn bce_with_fields(date: &str) -> Option<String> {
    let lower = date.to_ascii_lowercase();
    let (number, rest) = lower
        .split_once("bce-")
        .or_else(|| lower.split_once("bc-"))?;
    let years: i64 = number.trim().parse().ok().filter(|y| *y > 0)?;
    let year = i32::try_from(1 - years).ok()?;
    Some(format!("{}-{rest}", iso_year(year)))
}

/// Three numbers between `separator`s: year first when the first has four digits, else day
/// and month in the order they can be, both readings when either could be the month.
fn numeric_readings(text: &str, separator: char) -> Option<Vec<(String, Option<String>)>> {
    let parts: Vec<&str> = text.trim().trim_end_matches('.').split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let short = |p: &str| p.len() <= 2;
    let year_first = a.len() == 4 && short(b) && short(c);
    let year_last = c.len() == 4 && short(a) && short(b);
    // Year first with `-` is ISO's own form, whose message (padding) is already right.
    if !(year_first || year_last) || (year_first && separator == '-') {
        return None;
    }
    let number = |p: &str| p.parse::<u32>().ok();
    let iso = |year: &str, month: u32, day: u32| format!("{year:0>4}-{month:02}-{day:02}");
    if year_first {
        return Some(vec![(iso(a, number(b)?, number(c)?), None)]);
    }
    let (first, second) = (number(a)?, number(b)?);
    let day_month = (iso(c, second, first), None);
    if separator == '.' || second > 12 || first == second {
        let reading = if second > 12 {
            iso(c, first, second)
        } else {
            day_month.0
        };
        return Some(vec![(reading, None)]);
    }
    if first > 12 {
        return Some(vec![day_month]);
    }
    let english = DateLocale::english();
    let note = |day: u32, month: u32| format!("{day} {}", english.month_name(month));
    Some(vec![
        (iso(c, second, first), Some(note(first, second))),
        (iso(c, first, second), Some(note(second, first))),
    ])
}

/// "14 June 2024", "June 14, 2024", "19 июня 2024 г.", "2024년 6월 19일", "15 March 44 BCE",
/// "c. June 2024": a month word and one or two numbers; or "c. 1950". A month and day without
/// a year is a reason of its own (there is nothing to suggest).
fn read_words(body: &str) -> Option<Result<Read, String>> {
    let words = date_words();
    let mut text = body.to_lowercase();
    let mut approximate = false;
    let approximate_words = words.approximate.iter().map(String::as_str);
    if let Some(marker) = approximate_words
        .chain(["circa", "ca."])
        .find(|m| text.starts_with(m))
    {
        text = text[marker.len()..].to_string();
        approximate = true;
    }
    let mut bce = false;
    for marker in words.bce.iter().map(String::as_str).chain(["bc"]) {
        if let Some(at) = text.find(marker) {
            text.replace_range(at..at + marker.len(), " ");
            bce = true;
            break;
        }
    }
    let mut month = None;
    let mut numbers: Vec<&str> = Vec::new();
    let mut time = None;
    for token in text.split([' ', ',']).filter(|t| !t.is_empty()) {
        if is_time(token) {
            time = Some(pad_time(token));
        } else if let Some(number) = month_of(token) {
            if month.replace(number).is_some() {
                return None;
            }
        } else if let Some(digits) = number_of(token) {
            numbers.push(digits);
        } else if !IGNORED.contains(&token.trim_end_matches('.')) {
            return None;
        }
    }
    // The year is the number of three digits or more, or the one before "BCE"; a day or a
    // short year alone ("June 19") is not read as either.
    let long = |n: &&str| n.len() > 2;
    let Some(month) = month else {
        // "c. 1950", "ок. 1950 г.": a year with a word that the grammar writes as `~`.
        return match numbers.as_slice() {
            [year] if approximate && (bce || long(year)) => {
                let year: i64 = year.parse().ok()?;
                let year = i32::try_from(if bce { 1 - year } else { year }).ok()?;
                Some(Ok(Read {
                    iso: iso_year(year),
                    has_time: false,
                    approximate,
                    why: "an approximate date is written with `~` after it",
                }))
            }
            _ => None,
        };
    };
    let (year, day) = match numbers.as_slice() {
        [year] if bce || long(year) => (*year, None),
        [a, b] if bce || (long(b) && !long(a)) => (*b, Some(*a)),
        [a, b] if long(a) && !long(b) => (*a, Some(*b)),
        [] | [_] if !bce => {
            let day = numbers
                .first()
                .map_or(String::new(), |d| format!("-{d:0>2}"));
            return Some(Err(format!(
                "a date needs its year, written first: `YYYY-{month:02}{day}`"
            )));
        }
        _ => return None,
    };
    let year: i64 = year.parse().ok()?;
    let year = if bce { 1 - year } else { year };
    let year = iso_year(i32::try_from(year).ok()?);
    let mut iso = format!("{year}-{month:02}");
    if let Some(day) = day {
        iso.push_str(&format!("-{day:0>2}"));
    }
    let has_time = time.is_some();
    if let Some(time) = time {
        iso.push_str(&format!("T{time}"));
    }
    Some(Ok(Read {
        iso,
        has_time,
        approximate,
        why: WORDS_WHY,
    }))
}

/// Words that may stand beside a date written out without changing it ("19 июня 2024 г.",
/// "the 14th of June").
const IGNORED: &[&str] = &["г", "год", "года", "the", "of", "on", "at"];

/// The month a word names in any built-in language: a name, a genitive, or (three letters or
/// more, with or without a dot) the start of exactly one month's name.
fn month_of(token: &str) -> Option<u32> {
    let token = token.trim_end_matches('.');
    let months = &date_words().months;
    if let Some((_, number)) = months.iter().find(|(name, _)| name == token) {
        return Some(*number);
    }
    if token.chars().count() < 3 || token.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut found = months
        .iter()
        .filter(|(name, _)| name.starts_with(token))
        .map(|(_, number)| *number);
    let first = found.next()?;
    found.all(|n| n == first).then_some(first)
}

/// The digits of a number written with a unit or ordinal after it ("2024", "19일", "14th",
/// "2024г.", "19.").
fn number_of(token: &str) -> Option<&str> {
    let end = token
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(token.len());
    let (digits, rest) = token.split_at(end);
    let rest_ok = rest.chars().all(|c| c.is_alphabetic() || c == '.');
    (!digits.is_empty() && digits.len() <= 6 && rest_ok).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts a reason offers as fixes: each backticked text right after "write " or after
    /// " or " in the list that follows it.
    pub(crate) fn fixes(reason: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = reason;
        while let Some(at) = rest.find("write `") {
            rest = &rest[at + "write ".len()..];
            while let Some((fix, after)) =
                rest.strip_prefix('`').and_then(|body| body.split_once('`'))
            {
                out.push(fix.to_string());
                rest = after;
                // Skip a note in parentheses, then continue with " or `…`".
                if let Some(after) = rest.strip_prefix(" (") {
                    rest = after.split_once(')').map_or("", |(_, r)| r);
                }
                match rest.strip_prefix(" or ") {
                    Some(next) => rest = next,
                    None => break,
                }
            }
        }
        out
    }

    fn reason(text: &str) -> String {
        match parse_span(text, &Zone::Utc) {
            Ok(_) => panic!("{text} parsed"),
            Err(error) => error.reason,
        }
    }

    /// (bad text, the fixes its message offers)
    #[rustfmt::skip]
    const MENDED: &[(&str, &[&str])] = &[
        ("14 June 2024", &["2024-06-14"]),
        ("June 14, 2024", &["2024-06-14"]),
        ("14th of June 2024", &["2024-06-14"]),
        ("14 JUNE 2024", &["2024-06-14"]),
        ("14 Jun 2024", &["2024-06-14"]),
        ("Sept. 3, 1939", &["1939-09-03"]),
        ("June 2024", &["2024-06"]),
        ("2024 June 14", &["2024-06-14"]),
        ("44 BCE March", &["-0043-03"]),
        ("21 October 2025 09:00", &["2025-10-21T09:00"]),
        ("21 October 2025 9:00", &["2025-10-21T09:00"]),
        ("19.06.2024", &["2024-06-19"]),
        ("19.06.2024 14:00", &["2024-06-19T14:00"]),
        ("19 июня 2024", &["2024-06-19"]),
        ("19 Июня 2024 г.", &["2024-06-19"]),
        ("июнь 2024", &["2024-06"]),
        ("2024년 6월 19일", &["2024-06-19"]),
        ("19/06/2024", &["2024-06-19"]),
        ("06/19/2024", &["2024-06-19"]),
        ("2024/06/19", &["2024-06-19"]),
        ("06/07/2024", &["2024-07-06", "2024-06-07"]),
        ("14-06-2024", &["2024-06-14"]),
        ("44 BCE-03-15", &["-0043-03-15"]),
        ("15 March 44 BCE", &["-0043-03-15"]),
        ("15 марта 44 до н. э.", &["-0043-03-15"]),
        ("1969-07-20 20:17 UTC", &["1969-07-20T20:17Z"]),
        ("1969-07-20 20:17", &["1969-07-20T20:17"]),
        ("1969-07-20T20:17 +09:00", &["1969-07-20T20:17+09:00"]),
        ("1969-07-20T20:17 +0900", &["1969-07-20T20:17+09:00"]),
        ("2024-06-19T14:00 Europe/Rome", &["2024-06-19T14:00"]),
        ("2024-06-19T14:00 CEST", &["Europe/Berlin", "2024-06-19T14:00+02:00"]),
        ("2024-06-19T14:00 IST", &["Asia/Kolkata", "2024-06-19T14:00"]),
        ("c. 1950", &["1950~"]),
        ("ок. 1950 г.", &["1950~"]),
        ("c. 44 BCE", &["-0043~"]),
        ("c. June 2024", &["2024-06~"]),
        ("14 June 2024?", &["2024-06-14?"]),
    ];

    #[test]
    fn a_date_in_another_form_gets_its_iso_form() {
        for (text, wanted) in MENDED {
            let reason = reason(text);
            let found = fixes(&reason);
            for fix in *wanted {
                assert!(
                    found.iter().any(|f| f == fix) || reason.contains(&format!("`{fix}`")),
                    "{text}: expected `{fix}` in: {reason}"
                );
            }
            assert!(!found.is_empty(), "{text}: no fix in: {reason}");
            for fix in found {
                assert!(
                    parse_span(&fix, &Zone::Utc).is_ok(),
                    "{text}: the fix `{fix}` does not parse ({reason})"
                );
            }
        }
    }

    #[test]
    fn the_messages_say_why() {
        assert!(reason("19/06/2024").contains("separates the two ends of a span"));
        let ambiguous = reason("06/07/2024");
        assert!(
            ambiguous.contains("ambiguous (day/month or month/day)"),
            "{ambiguous}"
        );
        assert!(
            ambiguous.contains("(6 July)") && ambiguous.contains("(7 June)"),
            "{ambiguous}"
        );
        let rome = reason("2024-06-19T14:00 Europe/Rome");
        assert!(rome.contains("put `timezone: Europe/Rome`"), "{rome}");
        let words = reason("14 June 2024");
        assert!(!words.contains("0014"), "{words}");
        assert!(words.contains("year first"), "{words}");
    }

    #[test]
    fn a_reading_that_is_still_wrong_says_so_without_a_fix() {
        let text = reason("31 June 2024");
        assert!(fixes(&text).is_empty(), "{text}");
        assert!(
            text.contains("2024-06-31") && text.contains("day 31"),
            "{text}"
        );
        // A day without a year is not read as a year.
        for text in ["June 19", "19 June", "June"] {
            let reason = reason(text);
            assert!(fixes(&reason).is_empty(), "{reason}");
            assert!(reason.contains("needs its year"), "{reason}");
        }
        let text = reason("14 Jupiter 2024");
        assert!(
            fixes(&text)
                .iter()
                .all(|f| parse_span(f, &Zone::Utc).is_ok()),
            "{text}"
        );
    }

    #[test]
    fn abbreviations_name_zones_that_parse() {
        for found in ABBREVIATIONS {
            for zone in found.zones {
                assert!(Zone::parse(zone).is_ok(), "{}: {zone}", found.name);
            }
            if let Some(offset) = found.offset {
                assert!(Zone::parse(offset).is_ok(), "{}: {offset}", found.name);
            }
        }
        let error = Zone::parse("CEST").unwrap_err();
        assert!(error.reason.contains("abbreviation"), "{}", error.reason);
        assert!(
            error.reason.contains("`Europe/Berlin`, `Europe/Paris`"),
            "{}",
            error.reason
        );
        assert!(Zone::parse("cest").unwrap_err().reason.contains("`+02:00`"));
    }

    /// Every fix any date message offers parses, in the zone the text was read in.
    fn assert_fixes_parse(text: &str, zone: &Zone) {
        if let Err(error) = parse_span(text, zone) {
            for fix in fixes(&error.reason) {
                assert!(
                    parse_span(&fix, zone).is_ok(),
                    "{text:?}: the fix `{fix}` does not parse ({})",
                    error.reason
                );
            }
        }
    }

    fn part() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            (0u32..40).prop_map(|n| n.to_string()),
            (0u32..40).prop_map(|n| format!("{n:02}")),
            (0i32..3000).prop_map(|n| n.to_string()),
            Just("June".to_string()),
            Just("jun.".to_string()),
            Just("июня".to_string()),
            Just("6월".to_string()),
            Just("2024년".to_string()),
            Just("BCE".to_string()),
            Just("c.".to_string()),
            Just("UTC".to_string()),
            Just("CEST".to_string()),
            Just("Europe/Rome".to_string()),
            Just("+0900".to_string()),
            "[0-9]{1,2}:[0-9]{1,2}",
            "[-./T: ~?%,]",
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        #[test]
        fn every_fix_offered_parses(parts in proptest::collection::vec(part(), 1..6),
                                    joins in proptest::collection::vec("[-./ T]", 6)) {
            let mut text = String::new();
            for (part, join) in parts.iter().zip(&joins) {
                text.push_str(part);
                text.push_str(join);
            }
            assert_fixes_parse(text.trim_end(), &Zone::Utc);
            assert_fixes_parse(text.trim_end(), &Zone::parse("Europe/Berlin").unwrap());
        }

        #[test]
        fn every_fix_offered_for_any_text_parses(text in "[0-9a-zA-Z/ .:+~?%-]{0,24}") {
            assert_fixes_parse(&text, &Zone::Utc);
        }
    }
}
