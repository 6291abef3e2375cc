//! The first stage: sentences of a text, as byte ranges. A sentence ends at `.`, `!` or `?`
//! followed by a space and a capital letter or a quote, or at a blank line; a `.` after a short
//! abbreviation (`Mr.`, `Sept.`, `U.S.`) or an initial does not end it.

use std::ops::Range;

/// Words after which a `.` does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "gen", "gov", "sen", "rep", "corp", "inc", "co", "ltd", "no", "vs", "jr",
    "sr", "u.s", "a.m", "p.m", "mt", "ft", "lt", "col", "capt", "prof",
];

/// The sentences of `text`, as byte ranges, trimmed of surrounding white space.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let end_here = match b {
            b'\n' => bytes.get(i + 1) == Some(&b'\n') || next_is_blank_line(bytes, i),
            b'.' | b'!' | b'?' => {
                let next = bytes.get(i + 1).copied();
                let after = bytes.get(i + 2).copied();
                matches!(next, Some(b' ' | b'\n'))
                    && after.is_some_and(|c| c.is_ascii_uppercase() || c == b'"' || c == b'\n')
                    && !(b == b'.' && abbreviation_before(text, i))
            }
            _ => false,
        };
        if end_here {
            push_trimmed(&mut out, text, start..i + 1);
            start = i + 1;
        }
        i += 1;
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

fn next_is_blank_line(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i + 1..];
    let spaces = rest
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    rest.get(spaces) == Some(&b'\n')
}

fn abbreviation_before(text: &str, dot: usize) -> bool {
    // After the separator, whatever its width (a no-break space is two bytes).
    let word_start = text[..dot]
        .char_indices()
        .rfind(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = text[word_start..dot].to_ascii_lowercase();
    word.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str())
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bug (found by the TimeML fuzz target): a word after a no-break space was cut inside it.
    #[test]
    fn a_word_after_a_wide_space_is_read_whole() {
        let text = "Talks with Mr.\u{a0}Kim. Then a\u{a0}Dr. Who. End";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["Talks with Mr.\u{a0}Kim.", "Then a\u{a0}Dr. Who.", "End"]
        );
    }

    #[test]
    fn sentences_end_at_stops_but_not_after_abbreviations() {
        let text = "Mr. Putin arrived on Sept. 18. Talks began.\n\nA new paragraph";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "Mr. Putin arrived on Sept. 18.",
                "Talks began.",
                "A new paragraph"
            ]
        );
    }
}
