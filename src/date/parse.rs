//! Reading the date grammar: spans, one side, qualifiers, BCE and `Y` years, ISO fields, times
//! and offsets, into the fields as written ([`Written`]); [`super::zone`] validates and resolves them.

use super::*;

/// The reason given when the text matches no form at all.
pub(super) const EXPECTED: &str =
    "expected one of YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss][Z|±hh:mm], \
YYYY-MM-DD morning|afternoon|evening|night, -YYYY, N BCE, Y-NNNNN, N billion years ago, N Ga, \
with an optional ~ ? % qualifier, or A/B for a span";
pub(super) const TIME_FORM: &str =
    "write the time as hh:mm or hh:mm:ss, two digits each (e.g. T02:45)";
pub(super) const OFFSET_FORM: &str = "write the offset as Z or ±hh:mm (e.g. +09:00)";
pub(super) const LEAP_SECOND: &str = "leap second 60 is not supported: chrono cannot represent \
23:59:60 as a distinct instant; write 23:59:59 or 00:00 of the next day";

/// "2024-06-19/2024-06-20" → (start, Some(end)); a single date → (start, None). Both sides are
/// read in `zone`; the end must not start before the start.
pub fn parse_span(text: &str, zone: &Zone) -> Result<(EventDate, Option<EventDate>), DateError> {
    let value = text.trim();
    let fail = |reason: String| DateError::new(value, reason);
    if super::suggest::ends_in_zone_name(value) {
        return Err(fail(parse_side(value, zone).err().unwrap_or_default()));
    }
    let mut sides = value.split('/');
    let first = sides.next().unwrap_or("");
    let Some(second) = sides.next() else {
        return parse_side(value, zone)
            .map(|date| (date, None))
            .map_err(fail);
    };
    if sides.next().is_some() {
        let reason = super::suggest::mend_slashes(value, zone)
            .unwrap_or_else(|| "a span has exactly one `/` between its two ends".to_string());
        return Err(fail(reason));
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

/// The fields of one side as written, before validation.
#[derive(Debug, Clone, Copy)]
pub(super) struct Written {
    pub(super) year: i64,
    pub(super) month: u32,
    pub(super) day: u32,
    pub(super) hour: u32,
    pub(super) minute: u32,
    pub(super) second: u32,
    pub(super) precision: Precision,
    pub(super) offset: Option<WrittenOffset>,
}

impl Written {
    pub(super) fn year(year: i64) -> Written {
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
pub(super) enum WrittenOffset {
    /// `Z`
    Utc,
    /// `±hh:mm[:ss]`, seconds east of UTC.
    Fixed(i32),
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Qualifiers {
    pub(super) approximate: bool,
    pub(super) uncertain: bool,
}

/// A position in the (trimmed) text. Only ever advanced over ASCII bytes, so every position it
/// slices at is a char boundary.
pub(super) struct Cursor<'a> {
    pub(super) text: &'a str,
    pub(super) pos: usize,
}

/// A run of ASCII digits: where it starts, how many digits, and its value (None when it does
/// not fit an i64, which any caller treats as out of range).
pub(super) struct Digits {
    pub(super) start: usize,
    pub(super) width: usize,
    pub(super) value: Option<i64>,
}

impl Digits {
    /// The value of a one- or two-digit field.
    pub(super) fn small(&self) -> u32 {
        self.value
            .and_then(|value| u32::try_from(value).ok())
            .unwrap_or(u32::MAX)
    }
}

impl<'a> Cursor<'a> {
    pub(super) fn new(text: &'a str) -> Cursor<'a> {
        Cursor { text, pos: 0 }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    pub(super) fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    pub(super) fn digits(&mut self) -> Digits {
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

    pub(super) fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or("")
    }

    pub(super) fn before(&self) -> &'a str {
        self.slice(0, self.pos)
    }

    pub(super) fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }
}

/// Parses and validates one trimmed side; a text that reads as a date in a form the grammar
/// does not take gets a reason saying what to write ([`super::suggest::mend`]).
pub(super) fn parse_side(text: &str, zone: &Zone) -> Result<EventDate, String> {
    parse_strict(text, zone).map_err(|reason| super::suggest::mend(text, zone).unwrap_or(reason))
}

/// Parses and validates one trimmed side, the grammar alone.
pub(super) fn parse_strict(text: &str, zone: &Zone) -> Result<EventDate, String> {
    if text.is_empty() {
        return Err("empty date".to_string());
    }
    if text.contains('/') {
        return Err(
            "`/` separates the two ends of a span, which is not allowed here: give one date"
                .to_string(),
        );
    }
    // "c. 4.6 billion years ago": deep time's own way of saying approximate.
    if let Some(rest) = strip_circa(text) {
        if let Some(year) = parse_deep(rest)? {
            let (approximate, uncertain) = (true, false);
            let qualifiers = Qualifiers {
                approximate,
                uncertain,
            };
            return build(Written::year(year), qualifiers, zone);
        }
    }
    let (body, qualifiers) = split_qualifier(text)?;
    let written = if let Some(year) = parse_deep(body)? {
        Written::year(year)
    } else if let Some(year) = parse_bce(body)? {
        Written::year(year)
    } else if let Some(digits) = body.strip_prefix('Y') {
        Written::year(parse_long_year(digits)?)
    } else {
        parse_iso(body)?
    };
    build(written, qualifiers, zone)
}

/// Takes the qualifier off the very end; any other qualifier character is misplaced.
pub(super) fn split_qualifier(text: &str) -> Result<(&str, Qualifiers), String> {
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
pub(super) fn parse_bce(body: &str) -> Result<Option<i64>, String> {
    let lower = body.to_ascii_lowercase();
    let number = if let Some(number) = lower.strip_suffix("bce") {
        number
    } else if let Some(number) = lower.strip_suffix("bc") {
        number
    } else {
        return Ok(None);
    };
    let Some(number) = ungrouped(number.trim_end()) else {
        return Err(
            "a BCE year is a whole number of years, e.g. `44 BCE` or `300,000 BCE`".to_string(),
        );
    };
    let number = number.as_str();
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

/// `c. ` / `ca. ` / `circa ` (any case) before a date: the rest, else None.
fn strip_circa(text: &str) -> Option<&str> {
    ["c. ", "ca. ", "circa "].iter().find_map(|prefix| {
        let head = text.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| text[prefix.len()..].trim_start())
    })
}

/// Digits, bare or in groups of three after `,` (`300,000`): the digits alone; None otherwise.
fn ungrouped(text: &str) -> Option<String> {
    let mut groups = text.split(',');
    let head = groups.next()?;
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !digits(head) || (text.contains(',') && head.len() > 3) {
        return None;
    }
    let mut out = head.to_string();
    for group in groups {
        if group.len() != 3 || !digits(group) {
            return None;
        }
        out.push_str(group);
    }
    Some(out)
}

/// The scales of deep time: the words before `years ago`, and the geologists' units.
const DEEP_WORDS: [(&str, u32); 3] = [("thousand", 3), ("million", 6), ("billion", 9)];
const DEEP_UNITS: [(&str, u32); 3] = [("ka", 3), ("Ma", 6), ("Ga", 9)];

/// `13.8 billion years ago`, `4.6 Ga`, `65 Ma`, `300 ka` → Some(-years) (counted back from
/// year 0); None when the text is none of these forms.
pub(super) fn parse_deep(body: &str) -> Result<Option<i64>, String> {
    let lower = body.to_ascii_lowercase();
    let (number, exponent) = if let Some(head) = lower.strip_suffix(" years ago") {
        let Some((number, word)) = head.trim_end().rsplit_once(' ') else {
            return Ok(None);
        };
        match DEEP_WORDS.iter().find(|(name, _)| *name == word) {
            Some(&(_, exponent)) => (number.trim_end(), exponent),
            None => return Ok(None),
        }
    } else {
        let Some((number, unit)) = body.rsplit_once(' ') else {
            return Ok(None);
        };
        match DEEP_UNITS.iter().find(|(name, _)| *name == unit) {
            Some(&(_, exponent)) => (number.trim_end(), exponent),
            None => return Ok(None),
        }
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let form = "write the number as digits with an optional decimal part, e.g.                 `13.8 billion years ago` or `4.6 Ga`";
    let Some(whole) = ungrouped(whole) else {
        return Err(form.to_string());
    };
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || number.ends_with('.') {
        return Err(form.to_string());
    }
    let Some(places) = exponent.checked_sub(u32::try_from(fraction.len()).unwrap_or(u32::MAX))
    else {
        return Err(format!(
            "`{number}` has more decimals than a whole number of years: at most {exponent}"
        ));
    };
    let digits = format!("{whole}{fraction}");
    let years = Cursor::new(&digits)
        .digits()
        .value
        .and_then(|v| v.checked_mul(10_i64.checked_pow(places)?));
    match years {
        Some(years) => Ok(Some(-years)),
        None => Err(out_of_range_year(&format!("-{digits}"))),
    }
}

/// The digits after EDTF's `Y` prefix: `12345` or `-12345`, more than four digits.
pub(super) fn parse_long_year(text: &str) -> Result<i64, String> {
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
pub(super) fn parse_iso(body: &str) -> Result<Written, String> {
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
    if let Some(part) = day_part_suffix(cursor.rest()) {
        written.hour = part.start_hour();
        written.precision = Precision::PartOfDay;
        return Ok(written);
    }
    expect_time_separator(&cursor)?;
    cursor.pos += 1;
    parse_time(&mut cursor, &mut written)?;
    Ok(written)
}

/// ` night`, ` Morning` or TIMEX3's `TNI`, `TMO` after a full date.
pub(super) fn day_part_suffix(rest: &str) -> Option<DayPart> {
    let word = if let Some(code) = rest.strip_prefix('T') {
        (code.len() == 2).then_some(code)?
    } else {
        let word = rest.strip_prefix(' ')?.trim_start();
        (word.len() > 2).then_some(word)?
    };
    DayPart::from_word(word)
}

/// Why a year that is not four digits long was rejected, with a hint where one helps.
pub(super) fn year_width_reason(cursor: &Cursor<'_>, year: &Digits, negative: bool) -> String {
    let sign = if negative { "-" } else { "" };
    let digits = cursor.slice(year.start, cursor.pos);
    match year.width {
        0 => EXPECTED.to_string(),
        1..=3 => {
            let padded = format!("{sign}{digits:0>4}{}", cursor.rest());
            if parse_strict(&padded, &Zone::Utc).is_ok() {
                format!("the year takes four digits: write `{padded}`")
            } else {
                format!("the year takes four digits ({digits} is `{sign}{digits:0>4}`); {EXPECTED}")
            }
        }
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
pub(super) fn date_field(cursor: &mut Cursor<'_>) -> Result<Digits, String> {
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
pub(super) fn expect_time_separator(cursor: &Cursor<'_>) -> Result<(), String> {
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
pub(super) fn is_offset(text: &str) -> bool {
    let mut cursor = Cursor::new(text);
    text == "Z"
        || (text.starts_with(['+', '-']) && parse_offset(&mut cursor).is_ok() && cursor.at_end())
}

/// `hh:mm[:ss][Z|±hh:mm[:ss]]` up to the end of the text.
pub(super) fn parse_time(cursor: &mut Cursor<'_>, written: &mut Written) -> Result<(), String> {
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
pub(super) fn parse_offset(cursor: &mut Cursor<'_>) -> Result<i32, String> {
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

pub(super) fn fixed_zone(secs: i32) -> Result<Zone, String> {
    FixedOffset::east_opt(secs)
        .map(Zone::Fixed)
        .ok_or_else(|| "offset is out of range (-18:00 to +18:00)".to_string())
}

pub(super) fn out_of_range_year(text: &str) -> String {
    format!(
        "year {text} is outside the supported range ({MIN_YEAR} to {MAX_YEAR} for a full date; \
         a year alone, as `Y-13800000000`, reaches ±{DEEP_YEARS})"
    )
}
