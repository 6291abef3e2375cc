//! Markdown to HTML: the one place where pulldown-cmark's options are set, and where what an
//! author's raw HTML may do is decided (`markdown.raw_html` in site.yaml).
//!
//! - Links and images written in Markdown syntax keep only http, https, mailto and relative URLs
//!   (unless raw HTML is allowed): `[x](javascript:...)` becomes a link to `#`.
//! - `Sanitize` runs the rendered HTML of a text that holds raw HTML through `ammonia`: harmless
//!   formatting stays; scripts, `<style>`, event handlers, `style` attributes and every URL with
//!   another scheme (`javascript:`, `data:`, in any case or entity encoding) go. The fragment is
//!   parsed and written back whole, so an unclosed `<!--` or `<div>` ends with the article.
//! - `Escape` shows raw HTML as text (front-matter summaries always).
//! - `Allow` passes it as written; only an unclosed comment or script-like element is closed at
//!   the end of the text, so that it cannot swallow the rest of the page.
//! - Heading attributes (`# Title {#id .class}`) are off: the braces stay text.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

/// What to do with HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    /// Pass it through as written (the site trusts every author).
    Allow,
    /// Keep what is harmless, remove what could run script (article bodies by default).
    Sanitize,
    /// Show it as text (summaries and other front-matter values).
    Escape,
}

fn options() -> Options {
    // ENABLE_HEADING_ATTRIBUTES stays off: `{#id onclick=...}` after a heading is text.
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders CommonMark with tables, footnotes, strikethrough and task lists.
pub fn to_html(markdown: &str, raw_html: RawHtml) -> String {
    render(markdown, raw_html, None)
}

/// A link or image destination as written in Markdown, with its 0-based line in that text.
pub type LinkLine = (String, usize);

/// [`to_html`], and the destination and line of every link and image, found in the same pass
/// (`check` names the line of a broken link without reading the file again).
pub fn to_html_with_links(markdown: &str, raw_html: RawHtml) -> (String, Vec<LinkLine>) {
    let mut links = Vec::new();
    let html = render(markdown, raw_html, Some(&mut links));
    (html, links)
}

fn render(markdown: &str, raw_html: RawHtml, mut links: Option<&mut Vec<LinkLine>>) -> String {
    let mut has_html = false;
    let (mut line, mut counted) = (0, 0);
    let mut note_link = |event: &Event, start: usize| {
        if let (
            Some(links),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }),
        ) = (links.as_deref_mut(), event)
        {
            line += memchr::memchr_iter(b'\n', &markdown.as_bytes()[counted..start]).count();
            counted = start;
            links.push((dest_url.to_string(), line));
        }
    };
    let events = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .map(|(event, range)| {
            note_link(&event, range.start);
            event
        });
    let parser = events.map(|event| match (raw_html, event) {
        (RawHtml::Allow, event) => event,
        (RawHtml::Escape, Event::Html(text) | Event::InlineHtml(text)) => Event::Text(text),
        (
            _,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
        ) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_dest(dest_url),
            title,
            id,
        }),
        (
            _,
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }),
        ) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_dest(dest_url),
            title,
            id,
        }),
        (_, event @ (Event::Html(_) | Event::InlineHtml(_))) => {
            has_html = true;
            event
        }
        (_, event) => event,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    match raw_html {
        // The HTML parser takes time proportional to the nesting depth for every tag: HTML
        // nested deeper than any page needs is shown as text instead of parsed.
        RawHtml::Sanitize if has_html && nesting_depth(&out) > MAX_DEPTH => {
            render(markdown, RawHtml::Escape, None)
        }
        RawHtml::Sanitize if has_html => sanitizer().clean(&out).to_string(),
        RawHtml::Allow => close_open_constructs(out),
        _ => out,
    }
}

/// Nesting deeper than this is refused by browsers' parsers too (Blink stops at 512).
const MAX_DEPTH: usize = 512;

/// Elements that never hold others or may omit their end tag: they do not add to the depth.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb",
    "rt", "rtc", "rp", "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body",
];

/// An upper bound of how deep the elements of `html` nest: opening tags minus closing tags,
/// at their highest, leaving out elements in [`FLAT`] and self-closed tags.
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        let start = i + at + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        i = name_start + name_len;
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        let end = html[i..].find('>').map_or(html.len(), |e| i + e);
        if closing {
            depth = depth.saturating_sub(1);
        } else if !html[..end].ends_with('/') {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn safe_dest(url: CowStr<'_>) -> CowStr<'_> {
    if check_url(&url).is_ok() {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// URLs an author may write: http, https, mailto, or relative. Anything else (`javascript:`,
/// `data:`, `vbscript:`) could run script when clicked. Control characters and whitespace, which
/// browsers drop inside a scheme, are dropped before the scheme is read.
pub fn check_url(url: &str) -> Result<(), String> {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_delim = lower.find(['/', '?', '#']);
    match scheme_end {
        Some(colon) if first_delim.is_none_or(|d| colon < d) => {
            let scheme = &lower[..colon];
            if matches!(scheme, "http" | "https" | "mailto") {
                Ok(())
            } else {
                Err(format!(
                    "uses the scheme `{scheme}:`; expected http, https, mailto or a relative URL"
                ))
            }
        }
        _ => Ok(()),
    }
}

/// The ammonia policy: its defaults (formatting, tables, images, links) plus what pulldown-cmark
/// itself writes (footnote ids and classes, task-list checkboxes, table alignment), links without
/// an added `rel`, and only the URL schemes [`check_url`] accepts.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.link_rel(None)
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            .add_generic_attributes(["id", "class"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .attribute_filter(|_, attr, value| match attr {
                "style" => ALIGNMENTS.contains(&value).then_some(Cow::Borrowed(value)),
                "type" => (value == "checkbox").then_some(Cow::Borrowed(value)),
                _ => Some(Cow::Borrowed(value)),
            });
        b
    })
}

/// The only `style` values kept: pulldown-cmark's table column alignment.
const ALIGNMENTS: &[&str] = &[
    "text-align: left",
    "text-align: center",
    "text-align: right",
];

/// Elements whose content the browser reads as raw text up to their end tag: left open, they
/// would swallow the rest of the page.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// With raw HTML allowed: closes a comment or raw-text element left open at the end of the text.
fn close_open_constructs(mut html: String) -> String {
    let lower = html.to_ascii_lowercase();
    if let Some(open) = lower.rfind("<!--") {
        if !lower[open + 4..].contains("-->") {
            html.push_str("-->");
        }
    }
    for tag in RAW_TEXT {
        let last_open = find_tags(&lower, &format!("<{tag}")).last().copied();
        let last_close = find_tags(&lower, &format!("</{tag}")).last().copied();
        if let Some(open) = last_open {
            if last_close.is_none_or(|close| close < open) {
                html.push_str(&format!("</{tag}>"));
            }
        }
    }
    // `<plaintext>` can never be closed: show it as text.
    if lower.contains("<plaintext") {
        html = replace_ascii_case_insensitive(&html, "<plaintext", "&lt;plaintext");
    }
    html
}

/// Byte offsets of `needle` followed by the end of a tag name.
fn find_tags(haystack: &str, needle: &str) -> Vec<usize> {
    haystack
        .match_indices(needle)
        .filter(|(i, _)| {
            haystack[i + needle.len()..]
                .bytes()
                .next()
                .is_none_or(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
        })
        .map(|(i, _)| i)
        .collect()
}

fn replace_ascii_case_insensitive(text: &str, needle: &str, with: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, _) in lower.match_indices(needle) {
        out.push_str(&text[last..i]);
        out.push_str(with);
        last = i + needle.len();
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_on() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: here\n",
            RawHtml::Sanitize,
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>gone</del>"));
        assert!(html.contains("type=\"checkbox\""));
        assert!(html.contains("footnote-definition"));
    }

    #[test]
    fn escape_mode_shows_html_as_text() {
        let html = to_html("Hi <script>alert(1)</script>", RawHtml::Escape);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        let block = to_html("<div onclick=x>\n\nhey", RawHtml::Escape);
        assert!(!block.contains("<div"), "{block}");
    }

    #[test]
    fn allow_mode_passes_html() {
        assert!(to_html("<b>x</b>", RawHtml::Allow).contains("<b>x</b>"));
        assert!(to_html("<b onclick=x>x</b>", RawHtml::Allow).contains("onclick"));
    }

    /// Attacks a sanitizer must defuse: (markdown, text that must not survive).
    const ATTACKS: &[(&str, &str)] = &[
        ("<script>alert(1)</script>", "<script"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<script"),
        ("<img src=x onerror=alert(1)>", "onerror"),
        ("<IMG SRC=x OnErRoR=alert(1)>", "onerror"),
        ("<a href=\"javascript:alert(1)\">x</a>", "javascript"),
        ("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "javascript"),
        ("<a href=\"jav&#x61;script:alert(1)\">x</a>", "script:"),
        ("<a href=\"jav&#97;script&colon;alert(1)\">x</a>", "script:"),
        ("<a href=\"java\tscript:alert(1)\">x</a>", "script:"),
        ("<a href=\" javascript:alert(1)\">x</a>", "javascript"),
        ("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "data:"),
        (
            "<a href=\"DATA:text/html,<script>alert(1)</script>\">x</a>",
            "data:",
        ),
        ("<a href=\"vbscript:msgbox(1)\">x</a>", "vbscript"),
        ("<iframe src=//evil.example></iframe>", "<iframe"),
        ("<object data=x></object><embed src=x>", "<object"),
        ("<svg><script>alert(1)</script></svg>", "<script"),
        ("<svg onload=alert(1)>", "onload"),
        (
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "onerror",
        ),
        ("<style>body{display:none}</style>", "<style"),
        ("<p style=\"position:fixed;top:0\">x</p>", "position:fixed"),
        ("<form action=//evil.example><input name=p></form>", "<form"),
        (
            "<meta http-equiv=refresh content=\"0;url=//evil.example\">",
            "<meta",
        ),
        ("<base href=//evil.example/>", "<base"),
        ("<link rel=stylesheet href=//evil.example/x.css>", "<link"),
        ("<div onmouseover=\"alert(1)\">x</div>", "onmouseover"),
        ("<input type=image src=x onerror=alert(1)>", "onerror"),
        ("<input type=text autofocus onfocus=alert(1)>", "onfocus"),
        ("[x](javascript:alert(1))", "javascript"),
        ("[x](JAVASCRIPT:alert(1))", "javascript"),
        ("![x](data:image/png;base64,AAAA)", "data:"),
        ("[x]: javascript:alert(1)\n\n[y][x]", "javascript"),
        ("<javascript:alert(1)>", "href=\"javascript"),
        ("[x](jav&#97;script:alert(1))", "script:"),
    ];

    #[test]
    fn sanitize_defuses_every_attack() {
        for (markdown, banned) in ATTACKS {
            // Mixed with raw HTML elsewhere or not, the result holds nothing that runs.
            for text in [markdown.to_string(), format!("<b>bold</b>\n\n{markdown}")] {
                let html = to_html(&text, RawHtml::Sanitize);
                assert!(
                    !html
                        .to_ascii_lowercase()
                        .contains(&banned.to_ascii_lowercase()),
                    "{markdown:?} kept {banned:?}: {html}"
                );
            }
        }
    }

    #[test]
    fn escape_defuses_markdown_links_too() {
        for md in [
            "[x](javascript:alert(1))",
            "![x](data:image/png;base64,AAAA)",
        ] {
            let html = to_html(md, RawHtml::Escape);
            assert!(
                !html.contains("javascript:") && !html.contains("data:"),
                "{html}"
            );
        }
    }

    #[test]
    fn sanitize_keeps_harmless_formatting() {
        let md = "Some <b>bold</b>, <em>em</em>, <sub>2</sub>, <abbr title=\"x\">abbr</abbr>, \
                  <a href=\"https://example.org/\" title=\"t\">link</a>, <a href=\"../b/index.html#e\">rel</a>\n\n\
                  <details><summary>More</summary>\n\nHidden\n\n</details>\n\n\
                  <img src=\"pic.png\" alt=\"A picture\">\n\n\
                  | l | c |\n|:--|:-:|\n| 1 | 2 |\n\n- [x] done\n\nNote[^n]\n\n[^n]: here\n";
        let html = to_html(md, RawHtml::Sanitize);
        for kept in [
            "<b>bold</b>",
            "<em>em</em>",
            "<sub>2</sub>",
            "<abbr title=\"x\">abbr</abbr>",
            "<a href=\"https://example.org/\" title=\"t\">link</a>",
            "<a href=\"../b/index.html#e\">rel</a>",
            "<details><summary>More</summary>",
            "<img src=\"pic.png\" alt=\"A picture\">",
            "style=\"text-align: center\"",
            "type=\"checkbox\"",
            "class=\"footnote-definition\"",
        ] {
            assert!(html.contains(kept), "lost {kept:?} in {html}");
        }
        assert!(!html.contains("rel=\"noopener"), "{html}");
    }

    #[test]
    fn text_without_raw_html_is_not_reserialised() {
        let md = "# T\n\nA [link](https://x.org) and ![i](p.png)\n\n---\n";
        assert_eq!(
            to_html(md, RawHtml::Sanitize),
            to_html(md, RawHtml::Allow),
            "plain Markdown renders the same in every mode"
        );
    }

    /// The rendered text followed by a sibling's: nothing of the sibling may be inside a comment
    /// or a raw-text element.
    fn swallowed(first: &str, mode: RawHtml) -> bool {
        let page = format!("{}<p id=\"next\">next</p>", to_html(first, mode));
        let lower = page.to_ascii_lowercase();
        let next = lower.find("<p id=\"next\">").expect("sibling kept");
        let before = &lower[..next];
        let open_comment = before
            .rfind("<!--")
            .is_some_and(|i| !before[i + 4..].contains("-->"));
        let open_raw = RAW_TEXT.iter().any(|tag| {
            let open = find_tags(before, &format!("<{tag}")).last().copied();
            let close = find_tags(before, &format!("</{tag}")).last().copied();
            open.is_some_and(|o| close.is_none_or(|c| c < o))
        });
        open_comment || open_raw || before.contains("<plaintext")
    }

    #[test]
    fn unclosed_constructs_end_with_their_article() {
        for first in [
            "Intro <!-- never closed",
            "<!-- block comment never closed\n\nmore",
            "text <script>alert(1)",
            "<style>\np { color: red }",
            "<textarea>",
            "<title>x",
            "<xmp>",
            "<noscript>",
            "<iframe src=x>",
            "<plaintext>",
            "<div><table><tr><td>open",
        ] {
            for mode in [RawHtml::Allow, RawHtml::Sanitize, RawHtml::Escape] {
                assert!(!swallowed(first, mode), "{first:?} in {mode:?}");
            }
        }
    }

    #[test]
    fn heading_attributes_are_off() {
        let html = to_html("# Title {#x .y onclick=alert(1)}\n", RawHtml::Sanitize);
        assert_eq!(html, "<h1>Title {#x .y onclick=alert(1)}</h1>\n");
    }

    #[test]
    fn url_schemes() {
        for good in [
            "https://x.org",
            "http://x",
            "mailto:a@b",
            "/rel",
            "rel/x",
            "#frag",
            "a/b:c",
            "",
        ] {
            assert!(check_url(good).is_ok(), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "java\tscript:x",
            "java\u{0}script:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}

#[cfg(test)]
mod depth {
    use super::*;

    #[test]
    fn nesting_depth_bounds() {
        assert_eq!(nesting_depth("<div><p>a<br><img src=x/><b>b</b></div>"), 2);
        assert_eq!(nesting_depth(&"<ul><li>x".repeat(3)), 3);
        assert_eq!(nesting_depth(&"<p>x<br>".repeat(5000)), 0);
        assert_eq!(nesting_depth(&"<div>".repeat(600)), 600);
        assert_eq!(nesting_depth("a < b, <3, </>"), 0);
    }

    /// Raw HTML nested deeper than browsers allow is shown as text, in linear time (the HTML
    /// parser would take seconds: found by a deep-nesting probe, see docs/hardening.md).
    #[test]
    fn html_nested_too_deep_is_shown_as_text_quickly() {
        let text = format!("{}x", "<div>".repeat(20_000));
        let started = std::time::Instant::now();
        let html = to_html(&text, RawHtml::Sanitize);
        assert!(
            html.starts_with("&lt;div&gt;") && !html.contains("<div"),
            "{}",
            &html[..40]
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let blockquotes = format!("{}<b>x</b>", ">".repeat(20_000));
        let started = std::time::Instant::now();
        let _ = to_html(&blockquotes, RawHtml::Sanitize);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        // At the limit, the sanitizer still parses it.
        let fine = to_html(&format!("{}x", "<div>".repeat(500)), RawHtml::Sanitize);
        assert!(fine.starts_with("<div><div>"), "{}", &fine[..40]);
    }

    /// Deep nesting must not overflow the stack (a crash no error message could name).
    #[test]
    fn deep_nesting_renders() {
        for text in [
            "<div>".repeat(50_000),
            "<b><i>".repeat(30_000),
            format!("{}x", ">".repeat(50_000)),
            format!("{}x", "- ".repeat(20_000)),
            format!("{}x{}", "[".repeat(50_000), "]".repeat(50_000)),
            format!("{}x{}", "*".repeat(50_000), "*".repeat(50_000)),
        ] {
            for mode in [RawHtml::Sanitize, RawHtml::Allow, RawHtml::Escape] {
                let _ = to_html(&text, mode);
            }
        }
    }
}
