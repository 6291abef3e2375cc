//! Tests of the whole date grammar, display and zones.

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
    // Parts of day: in words or as TIMEX3 codes, any case; ordered at their start.
    ("2024-06-18 night", "Asia/Pyongyang", Precision::PartOfDay, "2024-06-18 night", "2024-06-18T13:00:00Z", "night of 18–19 June 2024"),
    ("2024-06-18TNI", "Asia/Pyongyang", Precision::PartOfDay, "2024-06-18 night", "2024-06-18T13:00:00Z", "night of 18–19 June 2024"),
    ("2024-06-19 Morning", "UTC", Precision::PartOfDay, "2024-06-19 morning", "2024-06-19T06:00:00Z", "morning of 19 June 2024"),
    ("2024-06-19TAF", "UTC", Precision::PartOfDay, "2024-06-19 afternoon", "2024-06-19T12:00:00Z", "afternoon of 19 June 2024"),
    ("2024-06-19Tev", "UTC", Precision::PartOfDay, "2024-06-19 evening", "2024-06-19T18:00:00Z", "evening of 19 June 2024"),
    ("2024-06-30 night~", "UTC", Precision::PartOfDay, "2024-06-30 night~", "2024-06-30T22:00:00Z", "c. night of 30 June – 1 July 2024"),
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
        ("2024-06-19 morning", "UTC", 6 * 3600),
        ("2024-06-19 afternoon", "UTC", 6 * 3600),
        ("2024-06-19 evening", "UTC", 4 * 3600),
        ("2024-06-19 night", "UTC", 8 * 3600),
        // A night across the fall-back hour lasts an hour longer.
        ("2024-10-26 night", "Europe/Berlin", 9 * 3600),
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
    for year in [i64::MIN, i64::MAX, -DEEP_YEARS - 1, DEEP_YEARS + 1] {
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
    ("2024-06-19 02:45", "UTC", "put a `T` between the date and the time: write `2024-06-19T02:45`"),
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
    ("Y-300000000000", "UTC", "outside the supported range"),
    ("Y99999999999999999999999", "UTC", "outside the supported range"),
    ("999999999999 BCE", "UTC", "outside the supported range"),
    ("99999999999999999999999 BCE", "UTC", "outside the supported range"),
    ("0 BCE", "UTC", "there is no year 0 BCE"),
    ("-44 BCE", "UTC", "whole number of years"),
    ("2000 BCE-01", "UTC", "write `-1999-01`"),
    ("2000~?", "UTC", "allowed once, at the very end"),
    ("2000?-06", "UTC", "at the very end"),
    ("2000 ~", "UTC", "no space: write `2000~`"),
    ("~", "UTC", "expected one of YYYY"),
    ("+2024", "UTC", "expected one of YYYY"),
    ("yesterday", "UTC", "expected one of YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss][Z|±hh:mm], YYYY-MM-DD morning|afternoon|evening|night, -YYYY, N BCE, Y-NNNNN, N billion years ago, N Ga, with an optional ~ ? % qualifier, or A/B for a span"),
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
        let (start, end) =
            parse_span(text, &zone(zone_name)).unwrap_or_else(|error| panic!("{text:?}: {error}"));
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
    assert!(Precision::Day < Precision::PartOfDay);
    assert!(Precision::PartOfDay < Precision::Minute);
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
        "0", "1", "2", "3", "5", "6", "9", "-", "-", "-", ":", "T", "Z", "+", "~", "?", "%", "/",
        " ", "Y", "BCE", "bc", ".", "é", "\u{0}", "99", "60", "24", "00", "12", "31",
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

/// Deep time: years beyond ±262,000 at year precision, in every written form, ordered by their
/// start with every other date, shown in words.
#[test]
fn deep_time_forms_order_and_display() {
    let utc = Zone::Utc;
    let year = |text: &str| {
        let date = EventDate::parse(text, &utc).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(date.precision(), Precision::Year, "{text}");
        date
    };
    for (text, long_year, normalized) in [
        ("Y-13800000000", -13_800_000_000, "Y-13800000000"),
        ("13.8 billion years ago", -13_800_000_000, "Y-13800000000"),
        ("13.8 Billion Years Ago", -13_800_000_000, "Y-13800000000"),
        ("4.6 Ga", -4_600_000_000, "Y-4600000000"),
        ("65 Ma", -65_000_000, "Y-65000000"),
        ("300 ka", -300_000, "Y-300000"),
        ("1,500 million years ago", -1_500_000_000, "Y-1500000000"),
        ("300,000 BCE", -299_999, "Y-299999"),
        ("300000 BCE", -299_999, "Y-299999"),
        ("Y170000", 170_000, "Y170000"),
        ("Y300000", 300_000, "Y300000"),
        ("4.6 Ga~", -4_600_000_000, "Y-4600000000~"),
        ("c. 4.6 billion years ago", -4_600_000_000, "Y-4600000000~"),
    ] {
        let date = year(text);
        assert_eq!(date.long_year(), long_year, "{text}");
        assert_eq!(date.normalized(), normalized, "{text}");
        let again = year(&date.normalized());
        assert_eq!(again.start_utc(), date.start_utc(), "{text}");
        assert!(date.end_utc_exclusive() > date.start_utc(), "{text}");
        assert_eq!(date.html_datetime(), None, "{text}");
    }
    assert!(year("c. 4.6 billion years ago").approximate());
    // One order across the boundary: each start before the next, and a year lasts a year.
    let ordered = [
        "Y-100000000000",
        "13.8 billion years ago",
        "4.6 Ga",
        "Y-262001",
        "Y-262000",
        "Y-261999",
        "-0043",
        "2024",
        "Y262000",
        "Y262001",
        "Y100000000000",
    ];
    let starts: Vec<i64> = ordered.iter().map(|t| year(t).start_utc()).collect();
    for (pair, texts) in starts.windows(2).zip(ordered.windows(2)) {
        assert!(pair[0] <= pair[1], "{texts:?}");
    }
    let (a, b) = (year("Y-262001"), year("Y-262000"));
    assert_eq!(
        a.end_utc_exclusive(),
        b.start_utc(),
        "the years meet at the boundary"
    );
    let (a, b) = (year("Y262000"), year("Y262001"));
    assert_eq!(a.end_utc_exclusive(), b.start_utc());
    // Display in words that read well.
    for (text, shown) in [
        ("13.8 billion years ago", "13.8 billion years ago"),
        ("Y-4567000000", "4.567 billion years ago"),
        ("Y-4567800000", "4,567.8 million years ago"),
        ("65 Ma", "65 million years ago"),
        ("Y-1000000", "1 million years ago"),
        ("Y-999999", "1,000,000 BCE"),
        ("300,000 BCE", "300,000 BCE"),
        ("Y-262001", "262,002 BCE"),
        ("Y-262000", "262001 BCE"),
        ("Y300000", "300,000"),
        ("c. 4.6 Ga", "c. 4.6 billion years ago"),
        ("Y-13800000001", "13,800,000,002 BCE"),
    ] {
        assert_eq!(format_display(&year(text), None), shown, "{text}");
    }
    let range = |a: &str, b: &str| format_display(&year(a), Some(&year(b)));
    assert_eq!(
        range("13.8 billion years ago", "4.6 Ga"),
        "13.8 billion years ago – 4.6 billion years ago"
    );
    assert_eq!(range("300,000 BCE", "2000"), "300,000 BCE – 2000 CE");
    assert_eq!(
        format_year_in(&DateLocale::english(), -13_800_000_000_i64),
        "13.8 billion years ago"
    );
    // The bare-integer year takes deep time too.
    assert_eq!(
        EventDate::from_year(-13_800_000_000, &utc).map(|d| d.normalized()),
        Ok("Y-13800000000".to_string())
    );
}

#[test]
fn deep_time_rejects_what_it_cannot_hold() {
    let utc = Zone::Utc;
    for (text, fragment) in [
        ("Y-100000000001", "outside the supported range"),
        ("200 billion years ago", "outside the supported range"),
        ("99999999999999999999 Ga", "outside the supported range"),
        (
            "4.6789123456 Ga",
            "more decimals than a whole number of years",
        ),
        ("4.6.1 Ga", "write the number as digits"),
        ("4. Ga", "write the number as digits"),
        ("30,00 BCE", "whole number of years"),
        ("-300000-01", "`Y` prefix"),
    ] {
        let error = EventDate::parse(text, &utc).expect_err(text);
        assert!(error.reason.contains(fragment), "{text}: {error}");
    }
    // A deep year with months is rejected where the fields are built.
    let mut written = Written::year(-300_000);
    written.month = 3;
    written.precision = Precision::Month;
    let error = build(written, Qualifiers::default(), &utc).expect_err("deep month");
    assert!(error.contains("a year alone: write `Y-300000`"), "{error}");
}

/// Deep time in the built-in languages, as their files word it.
#[test]
fn deep_time_in_every_language() {
    let show = |code: &str, text: &str| {
        let lang = crate::i18n::Language::resolve(code, &[]).expect("built in");
        let date = EventDate::parse(text, &Zone::Utc).expect(text);
        format_display_in(&lang.date, &date, None)
    };
    assert_eq!(
        show("en", "13.8 billion years ago"),
        "13.8 billion years ago"
    );
    assert_eq!(show("ru", "13.8 billion years ago"), "13,8 млрд лет назад");
    assert_eq!(show("ru", "300,000 BCE"), "300\u{a0}000 до н. э.");
    assert_eq!(show("ko", "13.8 billion years ago"), "138억 년 전");
    assert_eq!(show("ko", "65 Ma"), "6,500만 년 전");
    assert_eq!(show("ko", "300,000 BCE"), "기원전 300,000년");
    assert_eq!(show("ru", "c. 4.6 Ga"), "ок. 4,6 млрд лет назад");
}
