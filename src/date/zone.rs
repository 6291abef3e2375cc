//! Validation of the written fields and their resolution to instants in a zone (gaps, overlaps,
//! periods), and the suggestions for an unknown zone name.

use super::*;

/// Checks every field, resolves the wall clock in its zone and computes the period.
pub(super) fn build(
    written: Written,
    qualifiers: Qualifiers,
    zone: &Zone,
) -> Result<EventDate, String> {
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
        Precision::Minute => format!("{date}T{:02}:{:02}", written.hour, written.minute),
        Precision::Second => format!(
            "{date}T{:02}:{:02}:{:02}",
            written.hour, written.minute, written.second
        ),
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

/// "unknown zone …; did you mean `Asia/Pyongyang`?" when some IANA name is close.
pub(super) fn unknown_zone_reason(name: &str) -> String {
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
