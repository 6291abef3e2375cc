//! Small text helpers the machine-readable outputs share: XML escaping, HTML reduced to plain
//! text, and the dates and order of articles in feeds and the sitemap.

use crate::date::EventDate;
use crate::model::Article;

/// Escapes text for XML element content and double-quoted attributes.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_xml_into(&mut out, text);
    out
}

/// [`escape_xml`] onto the end of `out`: the runs between the characters it replaces are copied
/// whole (the feeds escape every entry's HTML; char by char it was a quarter of a build's
/// instructions, callgrind on the 1,000-article corpus with three taxonomies).
pub fn escape_xml_into(out: &mut String, text: &str) {
    /// What each byte becomes: 0 itself, else 1 + its index in `REPLACEMENTS`.
    const CLASS: [u8; 256] = {
        let mut class = [0u8; 256];
        let mut b = 0;
        while b < 0x20 {
            if !matches!(b as u8, b'\t' | b'\n' | b'\r') {
                // Control characters other than tab and line ends are not allowed in XML 1.0.
                class[b] = 6;
            }
            b += 1;
        }
        class[b'&' as usize] = 1;
        class[b'<' as usize] = 2;
        class[b'>' as usize] = 3;
        class[b'"' as usize] = 4;
        class[b'\'' as usize] = 5;
        class
    };
    const REPLACEMENTS: [&str; 6] = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", ""];
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        let class = CLASS[b as usize];
        if class == 0 {
            continue;
        }
        // ASCII bytes never fall inside a multi-byte character: `i` is a boundary.
        out.push_str(&text[start..i]);
        out.push_str(REPLACEMENTS[usize::from(class - 1)]);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Rendered HTML reduced to plain text: tags dropped (a block's tag counts as a space), the
/// entities our Markdown renderer writes decoded, runs of white space collapsed to one space.
/// One pass, no allocation but the result.
pub fn plain_text(html: &str) -> String {
    plain_text_prefix(html, usize::MAX)
}

/// The first `max_chars` characters of [`plain_text`], read no further than they need (the
/// output only ever grows at its end, so stopping early gives the same prefix).
pub fn plain_text_prefix(html: &str, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    const BLOCKS: &[&str] = &[
        "p",
        "br",
        "li",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "blockquote",
    ];
    const ENTITIES: &[(&str, char)] = &[
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&apos;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(html.len().min(max_chars.saturating_mul(4)));
    // A space is owed before the next visible character (white space or a block's edge).
    let mut space = false;
    // Characters still to write.
    let mut left = max_chars;
    let push = |out: &mut String, space: &mut bool, left: &mut usize, c: char| {
        if *space && !out.is_empty() {
            out.push(' ');
            *left -= 1;
            if *left == 0 {
                return false;
            }
        }
        *space = false;
        out.push(c);
        *left -= 1;
        *left > 0
    };
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let Some(end) = memchr::memchr(b'>', rest.as_bytes()) else {
                // An unclosed tag runs to the end: dropped.
                break;
            };
            let name = rest[1..end].trim_start_matches('/');
            let name = name.split([' ', '/']).next().unwrap_or("");
            if BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name)) {
                space = true;
            }
            rest = &rest[end + 1..];
        } else if c == '&' {
            match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
                Some((e, decoded)) => {
                    if !push(&mut out, &mut space, &mut left, *decoded) {
                        break;
                    }
                    rest = &rest[e.len()..];
                }
                None => {
                    if !push(&mut out, &mut space, &mut left, '&') {
                        break;
                    }
                    rest = &rest[1..];
                }
            }
        } else if c.is_ascii() && !c.is_whitespace() {
            // A run of visible ASCII, copied whole (at most the characters still to write).
            let run = rest
                .bytes()
                .position(|b| {
                    !b.is_ascii()
                        || matches!(
                            b,
                            b'<' | b'&' | b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'
                        )
                })
                .unwrap_or(rest.len());
            if space && !out.is_empty() {
                out.push(' ');
                left -= 1;
                if left == 0 {
                    break;
                }
            }
            space = false;
            let take = run.min(left);
            out.push_str(&rest[..take]);
            left -= take;
            if left == 0 {
                break;
            }
            rest = &rest[run..];
        } else {
            if c.is_whitespace() {
                space = true;
            } else if !push(&mut out, &mut space, &mut left, c) {
                break;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// JSON for a `<script>` element: `<` is written `\u003c` so no `</script>` can end it early.
pub fn script_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value)
        .expect("JSON values serialize")
        .replace('<', "\\u003c")
}

/// RFC 3339 instant of a date's start, in UTC (`2024-06-18T15:00:00Z`); None outside years
/// 1–9999, which RFC 3339 cannot write.
pub fn rfc3339(date: &EventDate) -> Option<String> {
    let iso = date.start_utc_iso();
    (!iso.starts_with(['+', '-'])).then_some(iso)
}

/// When an article last changed: `updated`, else `date`.
pub fn last_change(article: &Article) -> Option<&EventDate> {
    article.updated.as_ref().or(article.date.as_ref())
}

/// The articles a feed lists: those with a publication date, newest first (ties by path).
pub fn feed_articles(articles: &[std::sync::Arc<Article>]) -> Vec<&Article> {
    let mut list: Vec<&Article> = articles
        .iter()
        .map(|a| &**a)
        .filter(|a| a.date.as_ref().is_some_and(|d| rfc3339(d).is_some()))
        .collect();
    list.sort_by(|a, b| {
        let key = |x: &Article| x.date.as_ref().map(|d| d.start_utc());
        key(b)
            .cmp(&key(a))
            .then_with(|| a.rel_path.cmp(&b.rel_path))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(escape_xml("a<b>&\"'\u{1}"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(
            escape_xml("Zoë <€> \t\n\r\u{1f}x\u{7f}"),
            "Zoë &lt;€&gt; \t\n\rx\u{7f}"
        );
        assert_eq!(escape_xml("Пхеньян & 평양\u{1f}\t"), "Пхеньян &amp; 평양\t");
        assert_eq!(escape_xml(""), "");
        let mut out = String::from("x");
        escape_xml_into(&mut out, "<");
        assert_eq!(out, "x&lt;");
    }

    proptest::proptest! {
        /// The run-copying escape is the char-by-char one it replaced.
        #[test]
        fn escaping_runs_is_escaping_each_character(text in "\\PC*|[<>&'\"\\x00-\\x1f a-zé평]*") {
            let mut slow = String::new();
            for c in text.chars() {
                match c {
                    '&' => slow.push_str("&amp;"),
                    '<' => slow.push_str("&lt;"),
                    '>' => slow.push_str("&gt;"),
                    '"' => slow.push_str("&quot;"),
                    '\'' => slow.push_str("&apos;"),
                    c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
                    c => slow.push(c),
                }
            }
            proptest::prop_assert_eq!(escape_xml(&text), slow);
        }
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>Kim &amp; Putin <em>met</em>.</p>\n<p>&lt;ok&gt;</p>"),
            "Kim & Putin met. <ok>"
        );
        let cases = [
            ("", ""),
            ("  <p> a </p>  ", "a"),
            ("a<br>b<BR/>c", "a b c"),
            ("a<em>b</em>c", "abc"),
            ("<li>one</li><li>two</li>", "one two"),
            (
                "&amp;lt; &quot;q&quot; &#39;s&#39; &copy;",
                "&lt; \"q\" 's' &copy;",
            ),
            ("tab\tand\n\nnew\u{a0}line", "tab and new line"),
            ("x <unclosed", "x"),
            ("Пхеньян — <strong>Кремль</strong>", "Пхеньян — Кремль"),
        ];
        for (html, text) in cases {
            assert_eq!(plain_text(html), text, "{html:?}");
            // A prefix of any length is the same text cut, read no further.
            for n in 0..=text.chars().count() + 1 {
                let cut: String = text.chars().take(n).collect();
                assert_eq!(plain_text_prefix(html, n), cut, "{html:?} {n}");
            }
        }
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = serde_json::json!({"headline": "</script><script>alert(1)</script>"});
        let text = script_json(&v);
        assert!(!text.contains('<'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
    }
}
