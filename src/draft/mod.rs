//! `annalist draft`: a rule-based temporal tagger that turns news copy into a draft article.
//!
//! Stages, one module each: [`tokens`] (sentences), [`patterns`] (matching, a table of rows),
//! [`normalize`] (TIMEX3 types and values; day words and weekdays through the front-matter's
//! resolver, [`crate::date::relative`]). This module reads the input (plain text, Markdown,
//! HTML, or TimeML with its DCT), writes TIMEX3-tagged text (`--timeml`) or the draft article
//! (through [`crate::frontmatter::write_article`]).

pub mod normalize;
pub mod patterns;
pub mod tokens;

use std::ops::Range;

use crate::date::{EventDate, Precision, Zone};
use crate::frontmatter::{RawArticle, RawDate, RawEvent, RawSource};

pub use normalize::TimexType;

/// One temporal expression found: its bytes in the text, type and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    pub span: Range<usize>,
    pub kind: TimexType,
    pub value: String,
}

/// Every temporal expression of `text`, normalised against the dateline when there is one.
pub fn tag(text: &str, dateline: Option<&EventDate>) -> Vec<Timex> {
    let mut out = Vec::new();
    // The quarter the copy last spoke of, for `a year ago` in the sentence after it.
    let mut last_quarter: Option<String> = None;
    // The temporal focus: the last date the copy named (a year, month, day or quarter), for
    // `that year`, `later that year`, `that same day`.
    let mut focus: Option<String> = None;
    for sentence in tokens::sentences(text) {
        let words = &text[sentence.clone()];
        let mut found: Vec<(patterns::Rule, Timex)> = Vec::new();
        for f in patterns::find(words) {
            let tense = normalize::tense_at(words, &f.span);
            let lower = words[f.span.clone()].to_ascii_lowercase();
            let step = (f.rule == patterns::Rule::Anaphor && lower.starts_with("the "))
                .then(|| normalize::focus_step(&lower, focus.as_deref()));
            let normalized = if let Some(stepped) = step {
                // `the following year`: a step from the focus; without one, as alone.
                stepped.map(|v| (TimexType::Date, v)).or_else(|| {
                    normalize::normalize(&words[f.span.clone()], f.rule, dateline, tense)
                })
            } else if f.rule == patterns::Rule::Anaphor {
                // Only when the focus has the unit: `that day` after a year alone names no day.
                let value = normalize::focus_unit(&lower, focus.as_deref());
                (!value.contains('X')).then_some((TimexType::Date, value))
            } else {
                normalize::normalize(&words[f.span.clone()], f.rule, dateline, tense)
            };
            if let Some((kind, mut value)) = normalized {
                // A clock time with no day of its own is on the day the copy last named.
                if f.rule == patterns::Rule::Time {
                    if let Some(day) = focus.as_deref().and_then(|v| v.get(..10)) {
                        let calendar = day.bytes().enumerate().all(|(i, b)| {
                            if i == 4 || i == 7 {
                                b == b'-'
                            } else {
                                b.is_ascii_digit()
                            }
                        });
                        if value.len() > 10 && calendar {
                            value = format!("{day}{}", &value[10..]);
                        }
                    }
                }
                if kind == TimexType::Date
                    && value.len() >= 4
                    && value.bytes().take(4).all(|b| b.is_ascii_digit())
                {
                    focus = Some(value.clone());
                }
                // `for the year`: a length of time, not the year.
                let (kind, value) = if f.rule == patterns::Rule::RelativeUnit
                    && words[..f.span.start].to_ascii_lowercase().ends_with("for ")
                    && matches!(
                        words[f.span.clone()].to_ascii_lowercase().as_str(),
                        "the year" | "the fiscal year"
                    ) {
                    (TimexType::Duration, "P1Y".to_string())
                } else {
                    (kind, value)
                };
                found.push((
                    f.rule,
                    Timex {
                        span: f.span,
                        kind,
                        value,
                    },
                ));
            }
        }
        let found = join_adjacent(words, found);
        let found = week_of(words, found);
        let found = year_back_to_quarter(words, found, dateline, &mut last_quarter);
        out.extend(found.into_iter().map(|mut t| {
            t.span = sentence.start + t.span.start..sentence.start + t.span.end;
            t
        }));
    }
    out
}

/// Adjacent expressions that name one time: a clock time before its day (`10 p.m. Wednesday`,
/// `5 p.m. EST, Nov. 9`) and a weekday before its date (`Friday, Oct. 13`).
fn join_adjacent(
    sentence: &str,
    found: Vec<(patterns::Rule, Timex)>,
) -> Vec<(patterns::Rule, Timex)> {
    use patterns::Rule as R;
    let mut out: Vec<(patterns::Rule, Timex)> = Vec::with_capacity(found.len());
    for (rule, t) in found {
        if let Some((prev_rule, prev)) = out.last_mut() {
            let gap = sentence[prev.span.end..t.span.start].trim_matches([' ', ',', '\n']);
            let is_day =
                |v: &str| v.len() >= 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-';
            let day_rule = matches!(rule, R::Weekday | R::DayWord | R::MonthDay | R::FullDate);
            if (gap.is_empty() || gap.eq_ignore_ascii_case("on")) && day_rule {
                if *prev_rule == R::Time && is_day(&t.value) {
                    let clock = prev
                        .value
                        .split_once('T')
                        .map_or("", |(_, c)| c)
                        .to_string();
                    prev.value = format!("{}T{clock}", &t.value[..10]);
                    prev.span.end = t.span.end;
                    continue;
                }
                if *prev_rule == R::Weekday
                    && gap.is_empty()
                    && matches!(rule, R::MonthDay | R::FullDate)
                    && !prev.value.contains('T')
                {
                    prev.value = t.value;
                    prev.span.end = t.span.end;
                    *prev_rule = rule;
                    continue;
                }
            }
        }
        out.push((rule, t));
    }
    out
}

/// `the week of March 6`: the ISO week that holds the day named (`2000-W10`), the words before
/// the day taken into the expression.
fn week_of(sentence: &str, found: Vec<(patterns::Rule, Timex)>) -> Vec<(patterns::Rule, Timex)> {
    const LEAD: &str = "the week of ";
    found
        .into_iter()
        .map(|(rule, mut t)| {
            let start = t.span.start.saturating_sub(LEAD.len());
            let lead = sentence.get(start..t.span.start);
            let day =
                chrono::NaiveDate::parse_from_str(t.value.get(..10).unwrap_or(""), "%Y-%m-%d");
            if let (Some(lead), Ok(day)) = (lead, day) {
                if lead.eq_ignore_ascii_case(LEAD) && t.value.len() == 10 {
                    let w = chrono::Datelike::iso_week(&day);
                    t.value = format!("{:04}-W{:02}", w.year(), w.week());
                    t.span.start = start;
                }
            }
            (rule, t)
        })
        .collect()
}

/// In a sentence about a quarter, `a year ago`, `a year earlier`, `last year` name that quarter
/// a year before (`1988-Q3`), as business copy compares quarters.
fn year_back_to_quarter(
    sentence: &str,
    found: Vec<(patterns::Rule, Timex)>,
    dateline: Option<&EventDate>,
    last_quarter: &mut Option<String>,
) -> Vec<Timex> {
    use patterns::Rule as R;
    let named = found.iter().find_map(|(_, t)| {
        let (_, q) = t.value.split_once("-Q")?;
        (q.len() == 1 && t.value.len() == 7).then(|| q.to_string())
    });
    let quarter = named
        .clone()
        .or_else(|| {
            let d = dateline?;
            sentence.to_ascii_lowercase().contains("quarter").then(|| {
                let current = (d.month() - 1) / 3 + 1;
                (if current == 1 { 4 } else { current - 1 }).to_string()
            })
        })
        .or_else(|| last_quarter.take());
    *last_quarter = named;
    found
        .into_iter()
        .map(|(rule, mut t)| {
            let words = sentence[t.span.clone()].to_ascii_lowercase();
            // `last year` is the year before (`1988`) even beside a quarter; `a year ago`,
            // `a year earlier`, `the previous year` compare the quarter.
            let back = rule == R::Ago || words.contains("previous");
            let year_back = matches!(rule, R::Ago | R::RelativeUnit)
                && back
                && t.value.len() == 4
                && t.value.bytes().all(|b| b.is_ascii_digit())
                && words.contains("year")
                && !words.contains("years");
            if let (true, Some(q)) = (year_back, &quarter) {
                t.value = format!("{}-Q{q}", t.value);
            }
            t
        })
        .collect()
}

/// The input as read: the text to tag and, for TimeML, the DCT and where the text sits.
#[derive(Debug, Clone)]
pub struct Input {
    /// The plain text tagged (TimeML: the `<TEXT>` with its tags taken out).
    pub text: String,
    /// A dateline found in the input (TimeML's DCT).
    pub dateline: Option<String>,
}

/// Reads plain text, Markdown (front-matter dropped), HTML (the text of its body) or TimeML.
pub fn read_input(raw: &str) -> Input {
    if let Some(doc) = timeml(raw) {
        return doc;
    }
    let body = if raw.trim_start().starts_with('<') {
        html_text(raw)
    } else if let Some(rest) = raw.strip_prefix("---\n") {
        rest.split_once("\n---\n")
            .map_or(raw, |(_, body)| body)
            .to_string()
    } else {
        raw.to_string()
    };
    Input {
        text: body,
        dateline: None,
    }
}

fn timeml(raw: &str) -> Option<Input> {
    let text_at = raw.find("<TEXT>")?;
    let end = raw[text_at..]
        .find("</TEXT>")
        .map_or(raw.len(), |e| text_at + e);
    let dct = raw.find("<DCT>").and_then(|at| {
        let tag = &raw[at..];
        let value = tag.split("value=\"").nth(1)?.split('"').next()?;
        Some(value.get(..10).unwrap_or(value).to_string())
    });
    Some(Input {
        text: strip_tags(&raw[text_at + "<TEXT>".len()..end]),
        dateline: dct,
    })
}

/// Elements whose content is no text of the article.
#[rustfmt::skip]
const HIDDEN: &[&str] = &[
    "script", "style", "head", "noscript", "template", "svg", "nav", "footer",
];
/// Elements that end a paragraph: a blank line in the text, so sentences end there.
#[rustfmt::skip]
const BLOCKS: &[&str] = &[
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "blockquote", "section", "article", "header", "figure", "figcaption", "pre", "hr",
];
/// Named character references decoded (others are kept as written).
const ENTITIES: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", " "),
    ("mdash", "—"),
    ("ndash", "–"),
    ("hellip", "…"),
    ("rsquo", "’"),
    ("lsquo", "‘"),
    ("rdquo", "”"),
    ("ldquo", "“"),
    ("laquo", "«"),
    ("raquo", "»"),
];

/// The text of an HTML page's body: tags dropped (blocks become blank lines), the content of
/// scripts, styles and the head dropped, character references decoded. One pass over the
/// input, no recursion: any input, however malformed, gives text in linear time.
pub fn html_text(raw: &str) -> String {
    let lower_at = |at: usize, word: &str| {
        raw.get(at..at + word.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(word))
    };
    // From the body when there is one.
    let start = (0..raw.len())
        .find(|&i| raw.as_bytes()[i] == b'<' && lower_at(i + 1, "body"))
        .map_or(0, |i| raw[i..].find('>').map_or(raw.len(), |g| i + g + 1));
    let mut out = String::with_capacity(raw.len() - start);
    let mut i = start;
    let bytes = raw.as_bytes();
    while i < raw.len() {
        match bytes[i] {
            b'<' => {
                let (tag, close) = match raw[i..].find('>') {
                    Some(g) => (&raw[i + 1..i + g], i + g + 1),
                    None => (&raw[i + 1..], raw.len()),
                };
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .take(16)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if tag.starts_with("!--") {
                    i = raw[i..].find("-->").map_or(raw.len(), |e| i + e + 3);
                    continue;
                }
                if !closing && HIDDEN.contains(&name.as_str()) && !tag.ends_with('/') {
                    // Skip to the matching end tag (or the end of the input).
                    let end = format!("</{name}");
                    i = (close..raw.len())
                        .find(|&j| bytes[j] == b'<' && lower_at(j, &end))
                        .map_or(raw.len(), |j| {
                            raw[j..].find('>').map_or(raw.len(), |g| j + g + 1)
                        });
                    continue;
                }
                if closing && name == "body" {
                    break;
                }
                if BLOCKS.contains(&name.as_str()) && !out.ends_with("\n\n") {
                    out.push_str(if out.is_empty() { "" } else { "\n\n" });
                }
                i = close;
            }
            b'&' => {
                let end = raw[i..].char_indices().take(12).find(|(_, c)| *c == ';');
                let decoded = end.and_then(|(e, _)| entity(&raw[i + 1..i + e]));
                match (decoded, end) {
                    (Some(c), Some((e, _))) => {
                        out.push_str(&c);
                        i += e + 1;
                    }
                    _ => {
                        out.push('&');
                        i += 1;
                    }
                }
            }
            _ => {
                let next = raw[i..].find(['<', '&']).map_or(raw.len(), |n| i + n);
                out.push_str(&raw[i..next]);
                i = next;
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// `amp` → `&`, `#8212` / `#x2014` → `—`; None for a reference not known.
fn entity(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code)
            .filter(|c| *c != '\0')
            .map(String::from);
    }
    ENTITIES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_string())
}

/// The text without its tags (`&amp;`, `&lt;`, `&gt;` unescaped).
pub fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text with each expression wrapped in a TIMEX3 tag; every other byte as it was.
pub fn to_timeml(text: &str, timexes: &[Timex]) -> String {
    let mut out = String::with_capacity(text.len() + timexes.len() * 48);
    let mut at = 0;
    for (i, t) in timexes.iter().enumerate() {
        out.push_str(&text[at..t.span.start]);
        out.push_str(&format!(
            "<TIMEX3 tid=\"t{}\" type=\"{}\" value=\"{}\">",
            i + 1,
            t.kind.name(),
            t.value
        ));
        out.push_str(&text[t.span.clone()]);
        out.push_str("</TIMEX3>");
        at = t.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// What a draft article needs besides the text.
pub struct DraftOptions {
    pub dateline: Option<EventDate>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub timezone: Option<String>,
}

/// A placeable expression's date in the contract's grammar (`2024-06-18 night`, `2023-03`),
/// or None (durations, sets, `PRESENT_REF`, unresolved values).
pub fn placeable(t: &Timex, zone: &Zone) -> Option<EventDate> {
    if !matches!(t.kind, TimexType::Date | TimexType::Time) {
        return None;
    }
    let value = match t.value.split_once('T') {
        Some((day, "MO" | "AF" | "EV" | "NI")) => format!("{day}T{}", &t.value[day.len() + 1..]),
        Some((day, clock)) if clock.len() == 5 && !clock.starts_with("24") => {
            format!("{day}T{clock}")
        }
        Some((day, _)) => day.to_string(),
        None => t.value.clone(),
    };
    // Only a calendar value (`2024`, `2024-06`, `2024-06-18`, with a clock or a part of day)
    // is offered to the grammar: a decade (`199`) is no year 199, and a week, a quarter or a
    // reference (`PRESENT_REF`) would only fail the parse, which looks for suggestions.
    let day = value.split_once('T').map_or(value.as_str(), |(d, _)| d);
    let calendar = matches!(day.len(), 4 | 7 | 10)
        && day.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !calendar {
        return None;
    }
    EventDate::parse(&value, zone)
        .ok()
        .filter(|d| d.precision() >= Precision::Year)
}

/// The draft article: front-matter with `draft: true`, the dateline, the source, and one event
/// per sentence with a placeable date; the text as the body. Also the review rows
/// (expression, value, sentence).
pub fn draft_article(
    text: &str,
    timexes: &[Timex],
    opts: &DraftOptions,
) -> (String, Vec<[String; 3]>) {
    let zone = opts
        .timezone
        .as_deref()
        .and_then(|z| Zone::parse(z).ok())
        .unwrap_or(Zone::Utc);
    let sentences = tokens::sentences(text);
    let mut events: Vec<RawEvent> = Vec::new();
    let mut review = Vec::new();
    // Events placed from another (`hours before his arrival`): (index, phrase, anchor stem).
    let mut pending: Vec<(usize, String, String)> = Vec::new();
    let mut sentence_of: Vec<&str> = Vec::new();
    for sentence in &sentences {
        let inside: Vec<&Timex> = timexes
            .iter()
            .filter(|t| t.span.start >= sentence.start && t.span.end <= sentence.end)
            .collect();
        let words = &text[sentence.clone()];
        for t in &inside {
            review.push([
                text[t.span.clone()].to_string(),
                t.value.clone(),
                clip(words, 70),
            ]);
        }
        let Some((t, date)) = inside
            .iter()
            .find_map(|t| placeable(t, &zone).map(|d| (t, d)))
        else {
            if let Some((written, phrase, stem)) = event_relative(words) {
                // Its title: the clause after the words when they open the sentence's statement
                // (`hours before his arrival, the president published …`).
                let after = words
                    .find(&written)
                    .map_or("", |at| &words[at + written.len()..])
                    .trim_start_matches([',', ' ']);
                let title = if after.split_whitespace().count() >= 4 {
                    clause(after)
                } else {
                    clause(words)
                };
                review.push([written, phrase.clone(), clip(words, 70)]);
                pending.push((events.len(), phrase, stem));
                events.push(RawEvent {
                    title: Some(capitalized(&title)),
                    ..RawEvent::default()
                });
                sentence_of.push(words);
            }
            continue;
        };
        sentence_of.push(words);
        let event = RawEvent {
            title: Some(clause(words)),
            date: Some(RawDate::Text(date.normalized())),
            date_written: Some(text[t.span.clone()].to_string()),
            ..RawEvent::default()
        };
        events.push(event);
    }
    anchor_pending(&mut events, &sentence_of, pending);
    let title = sentences
        .first()
        .map_or_else(|| "Draft".to_string(), |s| clip(&text[s.clone()], 90));
    let raw = RawArticle {
        title: Some(title),
        draft: Some(true),
        dateline: opts
            .dateline
            .as_ref()
            .map(|d| RawDate::Text(d.normalized())),
        timezone: opts.timezone.clone(),
        sources: opts.source.as_ref().map(|name| {
            vec![RawSource {
                name: Some(name.clone()),
                url: opts.source_url.clone(),
                note: None,
            }]
        }),
        events: Some(events),
        ..RawArticle::default()
    };
    (crate::frontmatter::write_article(&raw, text), review)
}

/// `hours before his arrival`, `two days after the talks`, `the day before the vote`: the words,
/// the front-matter phrase with the noun as the anchor's id (`hours before arrival`), and the
/// noun's stem to find the anchor's sentence by (`arriv`).
fn event_relative(sentence: &str) -> Option<(String, String, String)> {
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"(?i)\b((?:(\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+)?(minutes?|hours?|days?|weeks?|months?|years?)|the\s+day)\s+(before|after)\s+(?:his|her|its|their|the)\s+([a-z]{3,20})\b",
        )
        .unwrap_or_else(|e| unreachable!("event-relative pattern: {e}"))
    });
    let caps = re.captures(sentence)?;
    let written = caps.get(0)?.as_str().to_string();
    let noun = caps.get(5)?.as_str().to_ascii_lowercase();
    let side = caps.get(4)?.as_str().to_ascii_lowercase();
    let head = caps.get(1)?.as_str().to_ascii_lowercase();
    let head = head.split_whitespace().collect::<Vec<_>>().join(" ");
    let phrase = format!("{head} {side} {noun}");
    matches!(
        crate::date::relative::parse_phrase(&phrase),
        Some(crate::date::relative::Phrase::Event(..))
    )
    .then(|| {
        let stem: String = noun.chars().take(5).collect();
        (written, phrase, stem)
    })
}

/// Gives each pending event its anchor: the nearest other dated event whose sentence has a word
/// of the noun's stem (`arrived` for `arrival`), which takes the noun as its id. A pending
/// event without one is dropped (its date would name no event).
fn anchor_pending(
    events: &mut Vec<RawEvent>,
    sentences: &[&str],
    pending: Vec<(usize, String, String)>,
) {
    let mut drop = Vec::new();
    for (i, phrase, stem) in pending {
        let id = phrase.rsplit(' ').next().unwrap_or_default().to_string();
        let mentions = |j: usize| {
            sentences[j]
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.to_ascii_lowercase().starts_with(&stem))
        };
        let anchor = (0..events.len())
            .filter(|&j| j != i && events[j].date.is_some() && mentions(j))
            .min_by_key(|&j| j.abs_diff(i));
        match anchor {
            Some(j) if events[j].id.as_deref().is_none_or(|have| have == id) => {
                events[j].id = Some(id);
                events[i].date = Some(RawDate::Text(phrase));
            }
            _ => drop.push(i),
        }
    }
    for i in drop.into_iter().rev() {
        events.remove(i);
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A sentence cut to its first clause (before `, ` after the fifth word, or `;`), at most 120
/// characters.
fn clause(sentence: &str) -> String {
    let cut = sentence
        .match_indices([',', ';'])
        .map(|(i, _)| i)
        .find(|&i| sentence[..i].split_whitespace().count() >= 5)
        .unwrap_or(sentence.len());
    clip(sentence[..cut].trim_end_matches(['.', ' ']), 120)
}

fn clip(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts the words `tag` finds in `text` and their values, in text order.
    fn assert_tagged(text: &str, dateline: &EventDate, want: &[(&str, &str)]) {
        let got: Vec<(&str, String)> = tag(text, Some(dateline))
            .into_iter()
            .map(|t| (&text[t.span], t.value))
            .collect();
        let want: Vec<(&str, String)> = want.iter().map(|&(a, b)| (a, b.to_string())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn the_seed_sentences_get_their_dates() {
        let zone = Zone::Utc;
        let dateline = EventDate::parse("2024-06-19", &zone).unwrap();
        let text = "Putin arrived yesterday night. The talks began today. The warrant was issued in March last year. He last visited in 2000.";
        assert_tagged(
            text,
            &dateline,
            &[
                ("yesterday night", "2024-06-18TNI"),
                ("today", "2024-06-19"),
                ("March last year", "2023-03"),
                ("2000", "2000"),
            ],
        );
    }

    #[test]
    fn html_gives_the_body_text_with_paragraphs_and_references() {
        let page = "<!DOCTYPE html><html><head><title>Not this</title><style>p{}</style></head>\
            <body><nav>Menu</nav><h1>Putin arrives</h1><p>He arrived &amp; met Kim\
            <!-- a note --> yesterday&nbsp;night.</p><script>var today = 1;</script>\
            <p>Talks began &#8212; today&#x2e;</p></body><p>after</p></html>";
        let text = read_input(page).text;
        assert_eq!(
            text,
            "Putin arrives\n\nHe arrived & met Kim yesterday night.\n\nTalks began — today."
        );
        let dateline = EventDate::parse("2024-06-19", &Zone::Utc).unwrap();
        let values: Vec<String> = tag(&text, Some(&dateline))
            .into_iter()
            .map(|t| t.value)
            .collect();
        assert_eq!(values, ["2024-06-18TNI", "2024-06-19"]);
    }

    #[test]
    fn malformed_html_and_timeml_never_panic_and_stay_linear() {
        let deep = "<div>".repeat(50_000) + "in March last year" + &"</div>".repeat(10);
        let huge = format!("<p title=\"{}\">x", "a".repeat(1_000_000));
        for page in [
            deep.as_str(),
            huge.as_str(),
            "<p>&#xFFFFFFFF; &#0; &bogus; &",
            "<script>never closed today",
            "<é",
            "<body",
            "<!--",
        ] {
            let text = read_input(page).text;
            let _ = tag(&text, None);
        }
        assert!(read_input(&deep).text.contains("in March last year"));
        let timeml = format!(
            "<TimeML><DCT><TIMEX3 value=\"{}\"></DCT><TEXT>{}<TIMEX3 tid=\"t1\">today{}",
            "é".repeat(100_000),
            "<EVENT>".repeat(100_000),
            "<".repeat(1000)
        );
        let input = read_input(&timeml);
        assert!(input.text.ends_with("today"), "{:?}", &input.text);
        let _ = tag(&input.text, None);
    }

    #[test]
    fn timeml_output_keeps_every_other_byte() {
        let text = "Talks began on Friday, June 19, 2024.\n";
        let dateline = EventDate::parse("2024-06-21", &Zone::Utc).unwrap();
        let tagged = to_timeml(text, &tag(text, Some(&dateline)));
        assert_eq!(strip_tags(&tagged), text);
        assert!(
            // The weekday and its date are one expression.
            tagged.contains(
                "<TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2024-06-19\">Friday, June 19, 2024</TIMEX3>"
            ),
            "{tagged}"
        );
    }

    #[test]
    fn last_year_beside_a_quarter_is_the_year_and_a_year_ago_the_quarter() {
        let dateline = EventDate::parse("1989-11-02", &Zone::Utc).unwrap();
        let text = "Third-quarter profit rose from a year ago. The quarter beat last year.";
        let values: Vec<String> = tag(text, Some(&dateline))
            .into_iter()
            .map(|t| t.value)
            .collect();
        assert_eq!(values, ["1989-Q3", "1988-Q3", "1989-Q3", "1988"]);
    }

    #[test]
    fn only_calendar_values_are_placeable() {
        let t = |value: &str| Timex {
            span: 0..1,
            kind: TimexType::Date,
            value: value.to_string(),
        };
        let zone = Zone::Utc;
        assert!(placeable(&t("199"), &zone).is_none());
        assert!(placeable(&t("1998-W32"), &zone).is_none());
        assert!(placeable(&t("PRESENT_REF"), &zone).is_none());
        assert!(placeable(&t("1998-Q3"), &zone).is_none());
        assert_eq!(placeable(&t("2000"), &zone).unwrap().normalized(), "2000");
        assert_eq!(
            placeable(&t("2024-06-18TNI"), &zone).unwrap().normalized(),
            "2024-06-18 night"
        );
        assert_eq!(
            placeable(&t("2024-06-18T10:30"), &zone)
                .unwrap()
                .normalized(),
            "2024-06-18T10:30Z"
        );
    }

    #[test]
    fn that_year_and_that_day_read_the_last_date_named() {
        let dateline = EventDate::parse("2000-01-28", &Zone::Utc).unwrap();
        let text = "He fled in June 1998 and returned later that year. Imports rose in 1988, \
            more than that year's. Talks ended on Oct. 23, 1999. That same day, he left. In 1987 \
            he met her; that day is forgotten. The nineties and the '80s were other times.";
        assert_tagged(
            text,
            &dateline,
            &[
                ("June 1998", "1998-06"),
                ("later that year", "1998"),
                ("1988", "1988"),
                ("that year", "1988"),
                ("Oct. 23, 1999", "1999-10-23"),
                ("That same day", "1999-10-23"),
                ("1987", "1987"),
                ("The nineties", "199"),
                ("the '80s", "198"),
            ],
        );
    }

    #[test]
    fn the_week_of_a_day_is_that_days_iso_week() {
        let dateline = EventDate::parse("2000-02-24", &Zone::Utc).unwrap();
        let text = "The vote is set for the week of March 6, and the count for March 9.";
        let got: Vec<(String, String)> = tag(text, Some(&dateline))
            .into_iter()
            .map(|t| (text[t.span].to_string(), t.value))
            .collect();
        assert_eq!(
            got[0],
            ("the week of March 6".to_string(), "2000-W10".to_string())
        );
        assert_eq!(got[1], ("March 9".to_string(), "2000-03-09".to_string()));
    }

    #[test]
    fn a_clock_time_alone_is_on_the_day_last_named() {
        let dateline = EventDate::parse("1999-05-05", &Zone::Utc).unwrap();
        let text = "The shooting came on Oct. 13, 1998. At 6 a.m. the police arrived. Today at \
            noon he spoke, and 5 p.m. Tuesday was the deadline.";
        let values: Vec<String> = tag(text, Some(&dateline))
            .into_iter()
            .map(|t| t.value)
            .collect();
        assert_eq!(
            values,
            [
                "1998-10-13",
                "1998-10-13T06:00",
                "1999-05-05",
                "1999-05-05T12:00",
                "1999-05-04T17:00"
            ]
        );
    }

    #[test]
    fn the_following_and_the_previous_step_from_the_last_date_named() {
        let dateline = EventDate::parse("1998-04-18", &Zone::Utc).unwrap();
        let text = "He won in 1995. The following year he lost. The plan came in March 1989. \
            The following month it failed. On Aug. 7, 1998, a bomb went off; the previous day \
            was calm, and the next day rescuers came.";
        assert_tagged(
            text,
            &dateline,
            &[
                ("1995", "1995"),
                ("The following year", "1996"),
                ("March 1989", "1989-03"),
                ("The following month", "1989-04"),
                ("Aug. 7, 1998", "1998-08-07"),
                ("the previous day", "1998-08-06"),
                ("the next day", "1998-08-07"),
            ],
        );
        // With no date named before, `the following year` is a length of time.
        let alone = tag("It took the following year.", Some(&dateline));
        assert_eq!(alone[0].value, "P1Y");
    }
}
