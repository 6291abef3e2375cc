//! Validation of the written fields and their resolution to instants in a zone (gaps, overlaps,
//! periods), and the suggestions for an unknown zone name.

use super::*;

/// Checks every field, resolves the wall clock in its zone and computes the period.
pub(super) fn build(
    written: Written,
    qualifiers: Qualifiers,
    zone: &Zone,
) -> Result<EventDate, String> {
    if is_deep_year(written.year) {
        return build_deep(written, qualifiers, zone);
    }
    let year =
        i32::try_from(written.year).map_err(|_| out_of_range_year(&written.year.to_string()))?;
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
        Precision::PartOfDay => part_end(local, written.hour)
            .map(|next| resolve(&zone, next, Gap::Advance, &wall).map(|(end, _)| end))
            .transpose()?,
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
        long_year: i64::from(year),
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

/// A year of deep time (beyond [`MIN_YEAR`]..[`MAX_YEAR`]): a year alone, its period the
/// proleptic Gregorian year in UTC, out to ±[`DEEP_YEARS`].
fn build_deep(written: Written, qualifiers: Qualifiers, zone: &Zone) -> Result<EventDate, String> {
    let year = written.year;
    if !(-DEEP_YEARS..=DEEP_YEARS).contains(&year) {
        return Err(out_of_range_year(&year.to_string()));
    }
    if written.precision != Precision::Year || written.offset.is_some() {
        return Err(format!(
            "year {year} is deep time (beyond {MIN_YEAR} to {MAX_YEAR}), where a date is a year \
             alone: write `Y{year}`"
        ));
    }
    let start = days_to_year(year) * 86_400;
    let end = days_to_year(year + 1) * 86_400;
    let saturated = i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX });
    Ok(EventDate {
        year: saturated,
        long_year: year,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        precision: Precision::Year,
        approximate: qualifiers.approximate,
        uncertain: qualifiers.uncertain,
        zone: zone.clone(),
        offset: 0,
        start,
        end,
    })
}

/// Rejects out-of-range fields instead of letting them roll over into the next unit.
pub(super) fn check_fields(year: i32, written: &Written) -> Result<(), String> {
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
pub(super) fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The wall clock as written, for messages: "2024-03-31T02:30", "2011-12-30".
pub(super) fn wall_text(year: i32, written: &Written) -> String {
    let date = format!("{}-{:02}-{:02}", iso_year(year), written.month, written.day);
    match written.precision {
        Precision::Year => iso_year(year),
        Precision::Month => format!("{}-{:02}", iso_year(year), written.month),
        Precision::Day => date,
        Precision::PartOfDay => {
            let part = DayPart::from_start_hour(written.hour).map_or("", DayPart::word);
            format!("{date} {part}")
        }
        Precision::Minute => format!("{date}T{:02}:{:02}", written.hour, written.minute),
        Precision::Second => format!(
            "{date}T{:02}:{:02}:{:02}",
            written.hour, written.minute, written.second
        ),
    }
}

/// The wall clock at which the part of day starting at `hour` ends: 12, 18, 22, or 06 of the
/// next day after a night.
pub(super) fn part_end(local: NaiveDateTime, hour: u32) -> Option<NaiveDateTime> {
    let date = local.date();
    match DayPart::from_start_hour(hour)? {
        DayPart::Night => date.succ_opt()?.and_hms_opt(6, 0, 0),
        part => date.and_hms_opt(DayPart::ALL[part.index() + 1].start_hour(), 0, 0),
    }
}

/// Local midnight starting the next year, month or day.
pub(super) fn next_period(date: NaiveDate, precision: Precision) -> Option<NaiveDateTime> {
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
pub(super) enum Gap {
    /// A written time in a gap does not exist: error.
    Reject,
    /// A period boundary (midnight) in a gap moves to the first instant after the gap.
    Advance,
}

/// The UTC instant (Unix seconds) of a wall-clock time in `zone`, and the offset then in force.
/// Ambiguous times take the earlier instant.
pub(super) fn resolve(
    zone: &Zone,
    local: NaiveDateTime,
    gap: Gap,
    wall: &str,
) -> Result<(i64, i32), String> {
    let local_secs = local.and_utc().timestamp();
    let offset = match zone {
        Zone::Utc => 0,
        Zone::Fixed(fixed) => fixed.local_minus_utc(),
        Zone::Named(tz) => return resolve_named(*tz, local, gap, wall),
    };
    Ok((local_secs - i64::from(offset), offset))
}

pub(super) fn resolve_named(
    tz: Tz,
    local: NaiveDateTime,
    gap: Gap,
    wall: &str,
) -> Result<(i64, i32), String> {
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

/// A zone abbreviation as clocks and newspapers write it: not a zone (it says nothing of when
/// summer time begins, and some name several offsets), but it names the zones that use it.
pub(super) struct Abbreviation {
    pub(super) name: &'static str,
    /// The one offset it stands for, when it stands for one.
    pub(super) offset: Option<&'static str>,
    /// IANA zones that use it, the most common first.
    pub(super) zones: &'static [&'static str],
}

const fn abbr(
    name: &'static str,
    offset: Option<&'static str>,
    zones: &'static [&'static str],
) -> Abbreviation {
    Abbreviation {
        name,
        offset,
        zones,
    }
}

const CENTRAL_EUROPE: &[&str] = &[
    "Europe/Berlin",
    "Europe/Paris",
    "Europe/Rome",
    "Europe/Madrid",
];
const EASTERN_EUROPE: &[&str] = &["Europe/Athens", "Europe/Helsinki", "Europe/Kyiv"];
const EASTERN_US: &[&str] = &["America/New_York", "America/Toronto"];
const CENTRAL_US: &[&str] = &["America/Chicago", "America/Winnipeg"];
const MOUNTAIN_US: &[&str] = &["America/Denver", "America/Edmonton"];
const PACIFIC_US: &[&str] = &["America/Los_Angeles", "America/Vancouver"];
const EASTERN_AUSTRALIA: &[&str] = &["Australia/Sydney", "Australia/Melbourne"];

/// Common abbreviations, by name (matched ignoring case).
pub(super) const ABBREVIATIONS: &[Abbreviation] = &[
    abbr("CET", Some("+01:00"), CENTRAL_EUROPE),
    abbr("CEST", Some("+02:00"), CENTRAL_EUROPE),
    abbr("EET", Some("+02:00"), EASTERN_EUROPE),
    abbr("EEST", Some("+03:00"), EASTERN_EUROPE),
    abbr("WET", Some("+00:00"), &["Europe/Lisbon"]),
    abbr("WEST", Some("+01:00"), &["Europe/Lisbon"]),
    abbr("GMT", Some("+00:00"), &["Europe/London", "Europe/Dublin"]),
    abbr("BST", Some("+01:00"), &["Europe/London"]),
    abbr(
        "IST",
        None,
        &["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
    ),
    abbr("MSK", Some("+03:00"), &["Europe/Moscow"]),
    abbr("EST", Some("-05:00"), EASTERN_US),
    abbr("EDT", Some("-04:00"), EASTERN_US),
    abbr(
        "CST",
        None,
        &[
            "America/Chicago",
            "America/Mexico_City",
            "Asia/Shanghai",
            "Asia/Taipei",
        ],
    ),
    abbr("CDT", Some("-05:00"), CENTRAL_US),
    abbr(
        "MST",
        Some("-07:00"),
        &["America/Denver", "America/Phoenix"],
    ),
    abbr("MDT", Some("-06:00"), MOUNTAIN_US),
    abbr("PST", Some("-08:00"), PACIFIC_US),
    abbr("PDT", Some("-07:00"), PACIFIC_US),
    abbr("AKST", Some("-09:00"), &["America/Anchorage"]),
    abbr("HST", Some("-10:00"), &["Pacific/Honolulu"]),
    abbr("KST", Some("+09:00"), &["Asia/Seoul", "Asia/Pyongyang"]),
    abbr("JST", Some("+09:00"), &["Asia/Tokyo"]),
    abbr("HKT", Some("+08:00"), &["Asia/Hong_Kong"]),
    abbr("SGT", Some("+08:00"), &["Asia/Singapore"]),
    abbr("AEST", Some("+10:00"), EASTERN_AUSTRALIA),
    abbr("AEDT", Some("+11:00"), EASTERN_AUSTRALIA),
    abbr("NZST", Some("+12:00"), &["Pacific/Auckland"]),
    abbr("NZDT", Some("+13:00"), &["Pacific/Auckland"]),
    abbr("EAT", Some("+03:00"), &["Africa/Nairobi"]),
];

/// The abbreviation `name` stands for, if it is one of the common ones.
pub(super) fn abbreviation(name: &str) -> Option<&'static Abbreviation> {
    ABBREVIATIONS
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
}

/// "`Europe/Berlin`, `Europe/Paris` or `Europe/Madrid`".
pub(super) fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, others)) => format!("{} or {last}", others.join(", ")),
        None => String::new(),
    }
}

/// Why an abbreviation is not a zone, and the zones (and offset) to write instead.
pub(super) fn abbreviation_reason(found: &Abbreviation) -> String {
    let offset = found
        .offset
        .map(|offset| format!(" (or the fixed offset `{offset}`)"))
        .unwrap_or_else(|| " (it stands for more than one offset)".to_string());
    format!(
        "`{}` is a zone abbreviation, not a zone: an IANA zone also knows when summer time \
         begins; write a zone that uses it, such as {}{offset}",
        found.name,
        quoted_list(found.zones)
    )
}

/// "unknown zone …; did you mean `Asia/Pyongyang`?" when some IANA name is close.
pub(super) fn unknown_zone_reason(name: &str) -> String {
    if let Some(found) = abbreviation(name) {
        return abbreviation_reason(found);
    }
    let mut reason = "unknown zone: expected UTC, Z, ±hh:mm or an IANA name such as \
                      Europe/Moscow"
        .to_string();
    let suggestions = closest_zones(name);
    if !suggestions.is_empty() {
        reason.push_str(&format!("; did you mean {}?", quoted_list(&suggestions)));
    }
    reason
}

/// Up to three IANA names at the smallest edit distance, if that distance is small for the
/// length of the text; ties are broken alphabetically so the answer is deterministic.
pub(super) fn closest_zones(name: &str) -> Vec<&'static str> {
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
pub(super) fn edit_distance(wanted: &[char], candidate: &str) -> usize {
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
