//! The second stage: temporal expressions found by patterns, a table of rows ([`RULES`]), each
//! a regular expression (case-insensitive, on word boundaries) and the [`Rule`] that reads it.
//! Of overlapping matches the leftmost, then the longest, wins. Adding a form is adding a row.

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::meta::{self, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;

/// What a row's match is, for the normaliser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `June 19, 2024`, `19 June 2024`, `2024-06-19`, `6/19/24`.
    FullDate,
    /// `June 19`, `Sept. 30`.
    MonthDay,
    /// `June 2024`.
    MonthYear,
    /// `June`, `early June`.
    Month,
    /// `the 1990s`.
    Decade,
    /// `2000`, `fiscal 1990`.
    Year,
    /// `today`, `yesterday night`, `tonight`, `this morning`, `last night`.
    DayWord,
    /// `Friday`, `last Monday`, `Wednesday night`.
    Weekday,
    /// `last week`, `this year`, `next quarter`, `earlier this month`.
    RelativeUnit,
    /// `a year ago`, `two months earlier`, `a year-earlier`.
    Ago,
    /// `three years`, `the past 24 hours`, `the first nine months`, `a five-year`.
    Duration,
    /// `several years`, `recent years`, `years`, `weeks`.
    FuzzyDuration,
    /// `the third quarter`, `the fourth-quarter`, `the quarter`.
    Quarter,
    /// `now`, `currently`, `the present`.
    Present,
    /// `recently`, `the past`, `lately`.
    Past,
    /// `the future`, `soon`.
    Future,
    /// `daily`, `every year`, `each week`, `each Thursday`, `every July`.
    Set,
    /// `the first half of 1989`, `the second half`.
    Half,
    /// `that year`, `later that year`, `that same day`, `that quarter`: the time the copy last
    /// named (its temporal focus), read in `draft::tag`.
    Anaphor,
    /// `10:30 a.m.`, `noon`, `5 p.m.`.
    Time,
    /// `this summer`, `last spring`.
    Season,
    /// `the weekend`, `this weekend`.
    Weekend,
}

const MONTH: &str = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)";
const WEEKDAY: &str = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const PART: &str = r"(?:morning|afternoon|evening|night)";
const NUM: &str = r"(?:\d{1,3}\s+1/2|\d{1,3}(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half|a\s+half|(?:twenty|thirty|forty|fifty)[- ](?:one|two|three|four|five|six|seven|eight|nine))";
/// What may qualify a quarter or a reporting period: `latest`, `year-ago`, `1988`, `last year's`.
const QUAL: &str = r"(?:comparable|latest|current|same|corresponding|year-ago|year-earlier|\d{4}|(?:last|this|next)\s+year's)";
/// A year in words, as transcripts and wire copy spell it: `nineteen ninety-six`,
/// `two thousand`, `two thousand and one`.
const YEARW: &str = r"(?:nineteen[- ](?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)|two\s+thousand(?:\s+and)?(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|ten))?)";
const UNIT: &str = r"(?:second|minute|hour|day|week|month|year|decade|century|quarter)";

/// The table: (rule, pattern with `{MONTH}`, `{WEEKDAY}`, `{PART}`, `{NUM}`, `{UNIT}`).
pub const RULES: &[(Rule, &str)] = &[
    (
        Rule::FullDate,
        r"{MONTH}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}",
    ),
    (Rule::FullDate, r"\d{1,2}\s+{MONTH},?\s+\d{4}"),
    (Rule::FullDate, r"\d{4}-\d{2}-\d{2}"),
    (Rule::FullDate, r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"),
    (Rule::MonthDay, r"{MONTH}\s+\d{1,2}(?:st|nd|rd|th)?"),
    (Rule::MonthDay, r"\d{1,2}\s+{MONTH}"),
    (
        Rule::MonthYear,
        r"(?:(?:early|late|mid-?)\s*)?{MONTH},?\s+(?:of\s+)?(?:\d{4}|{YEARW})",
    ),
    (Rule::Month, r"{MONTH}\s+(?:last|next|this)\s+year"),
    (Rule::Month, r"(?:last|next|this)\s+{MONTH}"),
    (Rule::Month, r"(?:(?:early|late|mid-?)\s*)?{MONTH}"),
    (
        Rule::Decade,
        r"(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(?:1[5-9]\d0|20[0-2]0)'?s",
    ),
    (
        Rule::Decade,
        r"(?:the\s+)?(?:(?:early|late|mid-?)\s*)?'[1-9]0s|the\s+(?:(?:early|late|mid-?)\s*)?(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
    ),
    (
        Rule::Year,
        r"(?:the\s+year\s+|(?:fiscal|early|late|mid-?)\s*)?(?:1[5-9]\d\d|20\d\d|{YEARW})",
    ),
    (
        Rule::DayWord,
        r"(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|yesterday|tomorrow|tonight)(?:\s+{PART})?",
    ),
    (Rule::DayWord, r"(?:this|last)\s+{PART}"),
    (
        Rule::Weekday,
        r"(?:(?:last|next|this)\s+)?{WEEKDAY}(?:\s+{PART})?",
    ),
    (
        Rule::RelativeUnit,
        r"(?:last|this|next|earlier\s+this|later\s+this|the\s+current|the\s+previous|the\s+same)\s+(?:week|month|year|quarter|decade|century)",
    ),
    (Rule::RelativeUnit, r"the\s+(?:full\s+|fiscal\s+)?year"),
    // `the following year`, `the previous day`, `the next day`: a step from the time the copy
    // last named, read in `draft::tag` (before the duration rows, which match them too).
    (
        Rule::Anaphor,
        r"the\s+(?:(?:following|previous|prior)\s+(?:day|month|year)|next\s+day)",
    ),
    (Rule::Ago, r"{NUM}\s+{UNIT}s?\s+(?:ago|earlier|later)"),
    (Rule::Ago, r"(?:a\s+)?{UNIT}[- ]earlier"),
    (
        Rule::Duration,
        r"(?:the\s+)?(?:(?:past|last|next|first|coming|previous|following|final|latest)\s+)?(?:(?:a\s+)?couple\s+of|{NUM}(?:\s+more)?)(?:-|\s+){UNIT}s?(?:\s+and\s+a\s+half)?",
    ),
    (
        Rule::Duration,
        r"the\s+(?:past|last|coming|previous|following)\s+{UNIT}",
    ),
    (
        Rule::FuzzyDuration,
        r"(?:the\s+(?:past|last|next|coming)\s+)?(?:several|many|few|a\s+few|recent|past|coming|some|the\s+past\s+few|the\s+next\s+few)\s+{UNIT}s(?:\s+ago)?",
    ),
    (Rule::FuzzyDuration, r"(?:years|months|weeks|decades)"),
    (
        Rule::Quarter,
        r"(?:the\s+)?(?:{QUAL}\s+)*(?:first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter(?:\s+(?:of|in)\s+\d{4})?",
    ),
    (
        Rule::Quarter,
        r"the\s+(?:{QUAL}\s+)*quarter(?:\s+(?:of|in)\s+\d{4})?",
    ),
    (
        Rule::Quarter,
        r"(?:the\s+)?(?:{QUAL}\s+)+(?:quarter|period)",
    ),
    (
        Rule::Present,
        r"(?:nowadays|now|currently|current|the\s+present|at\s+present|these\s+days)",
    ),
    (Rule::Past, r"(?:recently|recent|lately|the\s+past)"),
    (
        Rule::Future,
        r"(?:the\s+(?:near\s+|distant\s+)?future|the\s+near\s+term)",
    ),
    (
        Rule::Set,
        r"(?:daily|weekly|monthly|yearly|hourly|(?:every|each|per)\s+{UNIT})",
    ),
    (Rule::Set, r"(?:every|each)\s+(?:{WEEKDAY}|{MONTH})"),
    (
        Rule::Anaphor,
        r"(?:(?:later|earlier)\s+)?that\s+(?:same\s+)?(?:day|month|year|quarter)",
    ),
    (
        Rule::Half,
        r"the\s+(?:first|second|last|latter)\s+half(?:\s+of\s+(?:the\s+year|\d{4}))?",
    ),
    (
        Rule::Time,
        r"\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)(?:\s+(?:est|edt|cst|cdt|pst|pdt|gmt|utc))?",
    ),
    (Rule::Time, r"\d{1,2}:\d{2}"),
    (Rule::Time, r"(?:noon|midnight)"),
    (
        Rule::Season,
        r"(?:the\s+)?(?:spring|summer|fall|autumn|winter)\s+of\s+(?:\d{4}|{YEARW})",
    ),
    (
        Rule::Season,
        r"(?:(?:this|last|next)\s+)?(?:spring|summer|fall|autumn|winter)",
    ),
    (Rule::Weekend, r"(?:the|this|last|next)\s+weekend"),
];

/// One match: where, and which rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub span: Range<usize>,
    pub rule: Rule,
}

fn compiled() -> &'static [(Rule, Regex)] {
    static COMPILED: OnceLock<Vec<(Rule, Regex)>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        RULES
            .iter()
            .map(|&(rule, pattern)| {
                let source = pattern
                    .replace("{MONTH}", MONTH)
                    .replace("{WEEKDAY}", WEEKDAY)
                    .replace("{PART}", PART)
                    .replace("{NUM}", NUM)
                    .replace("{UNIT}", UNIT)
                    .replace("{QUAL}", QUAL)
                    .replace("{YEARW}", YEARW);
                // The end is checked in `find` (a match may end in `.`, as `p.m.` does). ASCII
                // classes on a lower-cased text (see `find`): a third of the instructions a
                // case-insensitive Unicode table costs to compile. No prefilter and no capture
                // groups: only where a row matches is read, and the literal prefilters (word
                // lists crossed with word lists) cost five times the rest of a compile, most of
                // a one-off run, to skip bytes a lazy DFA reads as fast on a news text.
                let regex = Regex::builder()
                    .syntax(syntax::Config::new().unicode(false))
                    .configure(
                        meta::Config::new()
                            .auto_prefilter(false)
                            .onepass(false)
                            .backtrack(false)
                            .which_captures(WhichCaptures::Implicit),
                    )
                    .build(&format!(r"\b{source}"))
                    .unwrap_or_else(|e| unreachable!("pattern {pattern}: {e}"));
                (rule, regex)
            })
            .collect()
    })
}

/// Every expression in `text`: leftmost first, the longest of overlapping ones.
pub fn find(text: &str) -> Vec<Found> {
    let folded = fold(text);
    let mut all: Vec<Found> = Vec::new();
    for (rule, regex) in compiled() {
        for m in regex.find_iter(folded.as_str()) {
            let ends_word = text[..m.end()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let next_word = text[m.end()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if ends_word && next_word {
                continue;
            }
            all.push(Found {
                span: m.range(),
                rule: *rule,
            });
        }
    }
    // Leftmost, then longest, then the earlier row.
    all.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut out: Vec<Found> = Vec::new();
    for f in all {
        if out.last().is_none_or(|last| f.span.start >= last.span.end) && plausible(text, &f) {
            out.push(f);
        }
    }
    out
}

/// The text the patterns read: ASCII letters in lower case and every other space (a no-break
/// space) as as many ASCII spaces as it has bytes, so that each offset is the same as in `text`.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() && !c.is_ascii() {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// A month name in lower case (`may`, `march`) is a word, not a month, and so is a short form
/// without its dot and day (`Jan` is a name); a bare year inside a larger number or an amount
/// (`$2000`) is no year; `a 6-year-old` is an age; `fall` and `spring` alone are verbs or nouns.
fn plausible(text: &str, f: &Found) -> bool {
    let matched = &text[f.span.clone()];
    let after = &text[f.span.end..];
    match f.rule {
        Rule::Month | Rule::MonthDay | Rule::MonthYear | Rule::FullDate => {
            let month_word = matched.split(|c: char| !c.is_ascii_alphabetic()).find(|w| {
                w.len() >= 3
                    && !["early", "late", "mid", "of", "last", "next", "this", "year"]
                        .contains(&w.to_ascii_lowercase().as_str())
            });
            let short_alone = f.rule == Rule::Month
                && month_word.is_some_and(|w| {
                    w.len() <= 4
                        && !["may", "june", "july"].contains(&w.to_ascii_lowercase().as_str())
                        && matched.ends_with(w)
                });
            !short_alone
                && month_word.is_none_or(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        }
        // `2000 years`, `two thousand years` are amounts.
        Rule::Year => {
            let before = text[..f.span.start].chars().next_back();
            let unit_after = after
                .trim_start()
                .split(|c: char| !c.is_ascii_alphabetic())
                .next()
                .is_some_and(|w| {
                    let w = w.to_ascii_lowercase();
                    let w = w.trim_end_matches('s');
                    after.starts_with(' ')
                        && ["year", "month", "week", "day", "hour", "minute", "second"].contains(&w)
                });
            !matches!(before, Some('$' | '#' | '.' | ',')) && !unit_after
        }
        Rule::Duration => !after.starts_with("-old") && !ordinal_or_fraction(text, f, after),
        // `the year-ago quarter`, `the year's end` are other expressions; `last year's results`,
        // `next week's election` a possessive of the time itself.
        Rule::RelativeUnit => {
            let rest = after.to_ascii_lowercase();
            !rest.starts_with('-')
                && !["'s end", "'s start", "'s beginning", "'s close"]
                    .iter()
                    .any(|p| rest.starts_with(p))
        }
        Rule::Season => !matches!(matched, "fall" | "spring"),
        _ => true,
    }
}

/// `a second group` is an ordinal and `a quarter of the market` a fraction: neither is a
/// length of time. (A rate, `$2 million a year`, is left a duration: the corpus tags it in one
/// part and not in the other, see the README.)
fn ordinal_or_fraction(text: &str, f: &Found, after: &str) -> bool {
    let matched = text[f.span.clone()].to_ascii_lowercase();
    let next: String = after
        .trim_start_matches(' ')
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    let single =
        matched.starts_with("a ") || matched.starts_with("an ") || matched.starts_with("one ");
    if single && matched.ends_with("second") && after.starts_with(' ') && !next.is_empty() {
        return ![
            "ago", "later", "earlier", "before", "after", "and", "or", "of", "in",
        ]
        .contains(&next.as_str());
    }
    single && matched.ends_with("quarter") && next == "of"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matched(text: &str) -> Vec<(&str, Rule)> {
        find(text)
            .into_iter()
            .map(|f| (&text[f.span], f.rule))
            .collect()
    }

    #[test]
    fn the_longest_leftmost_match_wins() {
        let text = "He came on June 19, 2024 and left last Monday night; in May he may go.";
        let got = matched(text);
        assert_eq!(
            got,
            [
                ("June 19, 2024", Rule::FullDate),
                ("last Monday night", Rule::Weekday),
                ("May", Rule::Month),
            ]
        );
    }

    #[test]
    fn a_couple_of_and_more_belong_to_the_length() {
        let text = "It took a couple of years, and two more weeks.";
        assert_eq!(
            matched(text),
            [
                ("a couple of years", Rule::Duration),
                ("two more weeks", Rule::Duration),
            ]
        );
    }

    #[test]
    fn a_time_in_the_possessive_is_a_time_but_the_years_end_is_not_the_year() {
        let text = "He cited last year's results and next week's vote before the year's end.";
        let got = matched(text);
        assert_eq!(
            got,
            [
                ("last year", Rule::RelativeUnit),
                ("next week", Rule::RelativeUnit),
            ]
        );
    }

    #[test]
    fn upper_case_and_no_break_spaces_match_at_the_same_offsets() {
        let text = "Née à Paris, she left on JUNE\u{a0}19,\u{2009}2024 at 10 A.M.";
        let got = matched(text);
        assert_eq!(
            got,
            [
                ("JUNE\u{a0}19,\u{2009}2024", Rule::FullDate),
                ("10 A.M.", Rule::Time),
            ]
        );
        assert_eq!(fold(text).len(), text.len());
    }

    #[test]
    fn years_in_words_seasons_halves_and_sets_match_but_amounts_of_years_do_not() {
        let text =
            "In nineteen ninety-six, not in 2000 years or two thousand years, the summer of \
            1998 came; each Thursday in the first half of 1989 was quiet.";
        let got = matched(text);
        assert_eq!(
            got,
            [
                ("nineteen ninety-six", Rule::Year),
                ("years", Rule::FuzzyDuration),
                ("years", Rule::FuzzyDuration),
                (
                    "the summer of \
            1998",
                    Rule::Season
                ),
                ("each Thursday", Rule::Set),
                ("the first half of 1989", Rule::Half),
            ]
        );
        let text = "A second group owns a quarter of it; wait a second or a quarter.";
        assert_eq!(
            matched(text),
            [("a second", Rule::Duration), ("a quarter", Rule::Duration)]
        );
    }
}
