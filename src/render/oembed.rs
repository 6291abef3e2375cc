//! Embedding a timeline in another site's page: the code a timeline page offers (an `<iframe>`
//! of its embed twin, and the Pym.js code that sizes the frame to its content), and
//! `oembed.json` beside each timeline page (oEmbed 1.0, type `rich`, its `html` that same
//! `<iframe>`), so that a CMS that discovers oEmbed embeds the timeline from its URL.
//!
//! Both need absolute URLs: without a `base_url` there is no code to copy and no `oembed.json`.

use serde::Serialize;

use super::plan::{self, Kind, Listing, Plan};
use super::text::{escape_xml, script_json};
use super::views::Views;
use super::{absolute, Sink};

/// The file beside each timeline page.
pub const OEMBED_FILE: &str = "oembed.json";

/// The frame's size in the code: the full width of the story's column, and a height that shows
/// the first events (the embed's script makes it as tall as its content where the host listens).
pub const FRAME_WIDTH: u32 = 600;
pub const FRAME_HEIGHT: u32 = 600;

/// How long a consumer may keep an `oembed.json` (seconds): a day.
const CACHE_AGE: u32 = 86_400;

/// The absolute URL of the `oembed.json` of the timeline page in folder `dir`; `None` without a
/// `base_url`.
pub fn url(base_url: &str, dir: &str) -> Option<String> {
    let file = if dir.is_empty() {
        OEMBED_FILE.to_string()
    } else {
        format!("{dir}/{OEMBED_FILE}")
    };
    absolute(base_url, &file)
}

/// The embed of one timeline page: its twin's absolute URL and the timeline's title.
pub struct Embed {
    src: String,
    title: String,
    /// The id of the element Pym.js puts the frame in: `annalist-tags-diplomacy`.
    container: String,
}

impl Embed {
    /// The embed of the timeline page in folder `dir` (`tags/x/page/2`); `None` without a
    /// `base_url`.
    pub fn new(views: &Views, dir: &str, title: &str) -> Option<Embed> {
        let src = absolute(
            &views.config.base_url,
            &views.links.dir(&plan::embed_dir(dir)),
        )?;
        let container = if dir.is_empty() {
            "annalist-timeline".to_string()
        } else {
            format!("annalist-{}", dir.replace('/', "-"))
        };
        Some(Embed {
            src,
            title: title.to_string(),
            container,
        })
    }

    /// The `<iframe>` to paste into a page.
    pub fn iframe(&self) -> String {
        format!(
            "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{FRAME_HEIGHT}\" style=\"border:0\" loading=\"lazy\"></iframe>",
            escape_xml(&self.src),
            escape_xml(&self.title),
        )
    }

    /// The Pym.js code: a container, Pym's script, and the parent that makes the frame (and keeps
    /// it as tall as its content).
    pub fn pym(&self) -> String {
        format!(
            "<div id=\"{id}\"></div>\n<script src=\"https://pym.nprapps.org/pym.v1.min.js\"></script>\n<script>new pym.Parent({id_js}, {src_js}, {{title: {title_js}}});</script>",
            id = self.container,
            id_js = script_json(&self.container),
            src_js = script_json(&self.src),
            title_js = script_json(&self.title),
        )
    }
}

/// An oEmbed 1.0 response of type `rich`, fields in the order the specification lists them.
#[derive(Serialize)]
struct OEmbed<'a> {
    version: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: &'a str,
    provider_name: &'a str,
    provider_url: String,
    cache_age: u32,
    html: String,
    width: u32,
    height: u32,
}

/// The title of a timeline: the site's, or the term's name.
pub fn listing_title<'a>(views: &Views<'a>, of: &Listing) -> &'a str {
    match of {
        Listing::Site => &views.config.title,
        Listing::Term { taxonomy, slug } => &views.timeline.taxonomies[taxonomy][slug].name,
    }
}

/// `oembed.json` beside every timeline page of `plan` (none without a `base_url`).
pub fn files<S: Sink>(views: &Views, plan: &Plan, sink: &S) -> Result<(), S::Error> {
    let base = &views.config.base_url;
    for page in &plan.pages {
        let (Kind::Timeline { of, .. }, Some(dir)) = (&page.kind, page.url_dir()) else {
            continue;
        };
        let title = listing_title(views, of);
        let Some(embed) = Embed::new(views, dir, title) else {
            return Ok(());
        };
        let response = OEmbed {
            version: "1.0",
            kind: "rich",
            title,
            provider_name: &views.config.title,
            provider_url: format!("{base}/"),
            cache_age: CACHE_AGE,
            html: embed.iframe(),
            width: FRAME_WIDTH,
            height: FRAME_HEIGHT,
        };
        let mut bytes = serde_json::to_vec_pretty(&response).expect("JSON values serialize");
        bytes.push(b'\n');
        let path = if dir.is_empty() {
            OEMBED_FILE.to_string()
        } else {
            format!("{dir}/{OEMBED_FILE}")
        };
        sink.put(&path, &bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::model::Timeline;

    fn with_base(base_url: &str, check: impl FnOnce(&Views)) {
        let config = SiteConfig {
            base_url: base_url.into(),
            title: "A <b> \"site\"".into(),
            ..SiteConfig::default()
        };
        let timeline = Timeline::new(Vec::new(), &config.taxonomies).unwrap();
        check(&Views::new(&config, &timeline));
    }

    #[test]
    fn the_code_is_absolute_and_escaped_and_absent_without_a_base_url() {
        with_base("https://example.org/sub", |views| {
            let embed = Embed::new(views, "tags/x/page/2", "</script> \"x\"").unwrap();
            assert_eq!(
                embed.iframe(),
                "<iframe src=\"https://example.org/sub/embed/tags/x/page/2/\" title=\"&lt;/script&gt; &quot;x&quot;\" width=\"100%\" height=\"600\" style=\"border:0\" loading=\"lazy\"></iframe>"
            );
            let pym = embed.pym();
            assert!(
                pym.starts_with("<div id=\"annalist-tags-x-page-2\"></div>"),
                "{pym}"
            );
            assert!(
                pym.ends_with("new pym.Parent(\"annalist-tags-x-page-2\", \"https://example.org/sub/embed/tags/x/page/2/\", {title: \"\\u003c/script> \\\"x\\\"\"});</script>"),
                "{pym}"
            );
            assert_eq!(
                url(&views.config.base_url, "").as_deref(),
                Some("https://example.org/sub/oembed.json")
            );
        });
        with_base("", |views| {
            assert!(Embed::new(views, "", "T").is_none());
            assert!(url("", "tags/x").is_none());
        });
    }
}
