//! Media: the photos, audio, video, embeds and quotes an event or an article shows, each with
//! its alt text, caption and credit. Pure: where a local file lives is worked out from the
//! article's path here; whether it exists, and what it holds, is [`crate::images`]' part.

/// What a medium is, from its `src` (extension or host) or its `quote`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Image,
    Audio,
    Video,
    #[serde(rename = "youtube")]
    YouTube,
    Vimeo,
    /// Any other http(s) URL: a link card.
    Link,
    Quote,
}

impl MediaKind {
    /// Every kind, in the order of the enum.
    pub const ALL: [MediaKind; 7] = [
        MediaKind::Image,
        MediaKind::Audio,
        MediaKind::Video,
        MediaKind::YouTube,
        MediaKind::Vimeo,
        MediaKind::Link,
        MediaKind::Quote,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
            MediaKind::YouTube => "youtube",
            MediaKind::Vimeo => "vimeo",
            MediaKind::Link => "link",
            MediaKind::Quote => "quote",
        }
    }
}

/// Extensions of each kind of local file, as the contract lists them.
pub const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif", "avif", "svg"];
pub const AUDIO_EXTENSIONS: &[&str] = &["mp3", "m4a", "ogg", "oga", "wav"];
pub const VIDEO_EXTENSIONS: &[&str] = &["mp4", "webm"];

/// Where a medium's file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file of the site. `input`: its path from the site folder (`content/reports/arrival/
    /// plane.jpg`, `static/images/x.jpg`); `url`: its path from the site root as published,
    /// without a leading `/` (`arrival/plane.jpg`, `images/x.jpg`).
    Local { input: String, url: String },
    /// An http(s) URL, shown as it is (the build never downloads it).
    Remote(String),
    /// A quote has no file.
    None,
}

/// One medium, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    pub kind: MediaKind,
    /// `src` as written.
    pub src: Option<String>,
    pub location: Location,
    /// The video's id, for YouTube and Vimeo.
    pub video_id: Option<String>,
    pub quote: Option<String>,
    pub by: Option<String>,
    /// What the image shows; `Some("")`: decorative.
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub caption_html: Option<String>,
    pub credit: Option<String>,
    pub credit_html: Option<String>,
    pub link: Option<String>,
    /// File line of the medium (its `src` or `quote`).
    pub line: usize,
    /// Published as it is, never processed: the article key `image` (release 1), a file of
    /// `static/` that `check` looks for.
    pub as_is: bool,
}

impl Media {
    /// Where the medium is read from: a local file's path from the site root (no leading
    /// `/`), or the remote URL; `None` for a quote.
    pub fn url(&self) -> Option<&str> {
        match &self.location {
            Location::Local { url, .. } => Some(url),
            Location::Remote(url) => Some(url),
            Location::None => None,
        }
    }

    /// The local file, if the medium is one.
    pub fn local(&self) -> Option<(&str, &str)> {
        match &self.location {
            Location::Local { input, url } => Some((input, url)),
            _ => None,
        }
    }
}

/// Why a `src` is refused, in words for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SrcProblem {
    /// A scheme other than http and https (`javascript:`, `data:`, `file:`, `ftp:`).
    Scheme(String),
    /// A local file whose extension is none of the known kinds.
    Extension(String),
    /// A path leaving its folder (`../x.jpg` past the bundle or the site).
    Escapes,
    Empty,
}

impl std::fmt::Display for SrcProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SrcProblem::Scheme(s) => write!(
                f,
                "has the scheme `{s}:`, which a medium cannot use; expected a file of the site or an http(s) URL"
            ),
            SrcProblem::Extension(e) => write!(
                f,
                "has the extension `{e}`, which is not a medium annalist shows; expected an image ({}), audio ({}) or video ({})",
                IMAGE_EXTENSIONS.join(", "),
                AUDIO_EXTENSIONS.join(", "),
                VIDEO_EXTENSIONS.join(", ")
            ),
            SrcProblem::Escapes => f.write_str(
                "leads out of its folder with `..`; expected a path inside the article's folder or `static/`",
            ),
            SrcProblem::Empty => f.write_str("is empty; expected a file name or an http(s) URL"),
        }
    }
}

/// A classified `src`: its kind, location and video id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub kind: MediaKind,
    pub location: Location,
    pub video_id: Option<String>,
}

/// The folder of an article's page bundle, from its path under `content/`: `reports/arrival/
/// index.md` → `Some("reports/arrival")`; a plain `x.md` (or `content/index.md`) has none.
pub fn bundle_dir(rel_path: &str) -> Option<&str> {
    let dir = rel_path.strip_suffix("/index.md")?;
    (!dir.is_empty()).then_some(dir)
}

/// Classifies `src` for an article at `rel_path` published under `slug`: a bundle's relative
/// path is a file of the bundle published beside the page, a path from the root (or any path of
/// a plain article) is a file of `static/`.
pub fn resolve(src: &str, rel_path: &str, slug: &str) -> Result<Resolved, SrcProblem> {
    let src = src.trim();
    if src.is_empty() {
        return Err(SrcProblem::Empty);
    }
    if let Some(scheme) = scheme(src) {
        if scheme != "http" && scheme != "https" {
            return Err(SrcProblem::Scheme(scheme));
        }
        return Ok(remote(src));
    }
    if src.starts_with("//") {
        return Err(SrcProblem::Scheme("//".into()));
    }
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let kind = kind_of_extension(path)?;
    let (input, url) = match (bundle_dir(rel_path), path.strip_prefix('/')) {
        (Some(dir), None) => {
            let clean = normalize(path).ok_or(SrcProblem::Escapes)?;
            (format!("content/{dir}/{clean}"), format!("{slug}/{clean}"))
        }
        (_, rooted) => {
            let clean = normalize(rooted.unwrap_or(path)).ok_or(SrcProblem::Escapes)?;
            (format!("static/{clean}"), clean)
        }
    };
    Ok(Resolved {
        kind,
        location: Location::Local { input, url },
        video_id: None,
    })
}

/// The scheme of a URL (lowercase), if it starts with one.
fn scheme(src: &str) -> Option<String> {
    let colon = src.find(':')?;
    let head = &src[..colon];
    let valid = head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `C:` would be a Windows drive, never a file of a site: still a scheme, still refused.
    valid.then(|| head.to_ascii_lowercase())
}

fn kind_of_extension(path: &str) -> Result<MediaKind, SrcProblem> {
    let ext = extension(path);
    if IMAGE_EXTENSIONS.contains(&ext.as_str()) {
        Ok(MediaKind::Image)
    } else if AUDIO_EXTENSIONS.contains(&ext.as_str()) {
        Ok(MediaKind::Audio)
    } else if VIDEO_EXTENSIONS.contains(&ext.as_str()) {
        Ok(MediaKind::Video)
    } else {
        Err(SrcProblem::Extension(if ext.is_empty() {
            "(none)".into()
        } else {
            ext
        }))
    }
}

/// The lowercase extension of the last segment of a path or URL path.
pub fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// `a/./b/../c.jpg` → `a/c.jpg`; `None` when `..` climbs out.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn remote(url: &str) -> Resolved {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host
        .rsplit('@')
        .next()
        .unwrap_or(host)
        .split(':')
        .next()
        .unwrap_or(host)
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let (path_only, query) = path.split_once('?').unwrap_or((path, ""));
    let path_only = path_only.split('#').next().unwrap_or(path_only);
    let video = match host {
        "youtube.com" | "youtube-nocookie.com" => {
            let from_query = query
                .split(['&', '#'])
                .find_map(|p| p.strip_prefix("v="))
                .map(str::to_string);
            let from_path = ["embed/", "shorts/", "live/"]
                .iter()
                .find_map(|p| path_only.strip_prefix(p))
                .map(|id| id.split('/').next().unwrap_or(id).to_string());
            from_query
                .or(from_path)
                .filter(|id| video_id_ok(id))
                .map(|id| (MediaKind::YouTube, id))
        }
        "youtu.be" => Some(path_only.split('/').next().unwrap_or(""))
            .filter(|id| video_id_ok(id))
            .map(|id| (MediaKind::YouTube, id.to_string())),
        "vimeo.com" | "player.vimeo.com" => path_only
            .split('/')
            .find(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .map(|id| (MediaKind::Vimeo, id.to_string())),
        _ => None,
    };
    let (kind, video_id) = match video {
        Some((kind, id)) => (kind, Some(id)),
        None => (
            kind_of_extension(path_only).unwrap_or(MediaKind::Link),
            None,
        ),
    };
    Resolved {
        kind,
        location: Location::Remote(url.to_string()),
        video_id,
    }
}

fn video_id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The `<iframe>` and `<video>` tags written in a Markdown body, outside code: each with its
/// 0-based line in the body.
pub fn raw_embeds(body: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    // Most bodies hold no tag at all: nothing to look at, line by line or otherwise.
    if memchr::memchr(b'<', body.as_bytes()).is_none() {
        return out;
    }
    let mut fence: Option<&str> = None;
    for (n, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        if line.starts_with("    ") || line.starts_with('\t') || !line.contains('<') {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        for tag in ["iframe", "video"] {
            let open = format!("<{tag}");
            let found = lower.match_indices(&open).any(|(i, _)| {
                let after = lower.as_bytes().get(i + open.len());
                let before_code = lower[..i].matches('`').count() % 2 == 0;
                before_code && matches!(after, None | Some(b' ' | b'>' | b'/' | b'\t'))
            });
            if found {
                out.push((n, tag));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(src: &str) -> MediaKind {
        resolve(src, "a.md", "a").unwrap().kind
    }

    #[test]
    fn kinds_come_from_the_extension_or_the_host() {
        assert_eq!(kind("images/x.JPG"), MediaKind::Image);
        assert_eq!(kind("/images/x.svg"), MediaKind::Image);
        assert_eq!(kind("talk.mp3"), MediaKind::Audio);
        assert_eq!(kind("clip.webm"), MediaKind::Video);
        assert_eq!(kind("https://example.org/x.png?s=1"), MediaKind::Image);
        assert_eq!(kind("https://example.org/story"), MediaKind::Link);
        let yt = resolve(
            "https://www.youtube.com/watch?v=abc_DEF-12&t=3",
            "a.md",
            "a",
        )
        .unwrap();
        assert_eq!(
            (yt.kind, yt.video_id.as_deref()),
            (MediaKind::YouTube, Some("abc_DEF-12"))
        );
        let short = resolve("https://youtu.be/abc123", "a.md", "a").unwrap();
        assert_eq!(short.video_id.as_deref(), Some("abc123"));
        let vimeo = resolve("https://vimeo.com/76979871", "a.md", "a").unwrap();
        assert_eq!(
            (vimeo.kind, vimeo.video_id.as_deref()),
            (MediaKind::Vimeo, Some("76979871"))
        );
        // A YouTube page that is no video is a link card.
        assert_eq!(kind("https://www.youtube.com/@channel"), MediaKind::Link);
    }

    #[test]
    fn bundles_publish_beside_the_page_and_plain_articles_use_static() {
        let r = resolve("img/plane.jpg", "reports/arrival/index.md", "arrival").unwrap();
        assert_eq!(
            r.location,
            Location::Local {
                input: "content/reports/arrival/img/plane.jpg".into(),
                url: "arrival/img/plane.jpg".into()
            }
        );
        let r = resolve("/images/x.jpg", "reports/arrival/index.md", "arrival").unwrap();
        assert_eq!(
            r.location,
            Location::Local {
                input: "static/images/x.jpg".into(),
                url: "images/x.jpg".into()
            }
        );
        let r = resolve("images/x.jpg", "reports/x.md", "x").unwrap();
        assert_eq!(r.local_input(), Some("static/images/x.jpg"));
        assert_eq!(bundle_dir("index.md"), None);
        assert_eq!(bundle_dir("a/index.md"), Some("a"));
    }

    impl Resolved {
        fn local_input(&self) -> Option<&str> {
            match &self.location {
                Location::Local { input, .. } => Some(input),
                _ => None,
            }
        }
    }

    #[test]
    fn raw_embeds_are_found_outside_code() {
        let body = "Text\n<iframe src=x></iframe>\n```\n<video>\n```\n`<video>` inline\n<VIDEO controls>\n";
        assert_eq!(raw_embeds(body), [(1, "iframe"), (6, "video")]);
    }

    #[test]
    fn other_schemes_odd_extensions_and_escapes_are_refused() {
        for (src, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JavaScript:alert(1)", "javascript"),
            ("data:image/png;base64,AAAA", "data"),
            ("file:///etc/passwd", "file"),
        ] {
            assert_eq!(
                resolve(src, "a.md", "a"),
                Err(SrcProblem::Scheme(scheme.into()))
            );
        }
        assert_eq!(
            resolve("notes.txt", "a.md", "a"),
            Err(SrcProblem::Extension("txt".into()))
        );
        assert_eq!(
            resolve("../../x.jpg", "a/index.md", "a"),
            Err(SrcProblem::Escapes)
        );
        assert_eq!(resolve(" ", "a.md", "a"), Err(SrcProblem::Empty));
        let message = SrcProblem::Scheme("data".into()).to_string();
        assert!(message.contains("`data:`"), "{message}");
    }
}
