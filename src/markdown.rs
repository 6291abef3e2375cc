//! Markdown to HTML: the one place where pulldown-cmark's options are set.

use pulldown_cmark::{html, Event, Options, Parser};

/// What to do with HTML written inside Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    /// Pass it through (article bodies: the author's own page).
    Keep,
    /// Show it as text (summaries and other front-matter values).
    Escape,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Renders CommonMark with tables, footnotes, strikethrough and task lists.
pub fn to_html(markdown: &str, raw_html: RawHtml) -> String {
    let parser = Parser::new_ext(markdown, options()).map(|event| match (raw_html, event) {
        (RawHtml::Escape, Event::Html(text) | Event::InlineHtml(text)) => Event::Text(text),
        (_, event) => event,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_on() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: here\n",
            RawHtml::Keep,
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
    fn keep_mode_passes_html() {
        assert!(to_html("<b>x</b>", RawHtml::Keep).contains("<b>x</b>"));
    }
}
