//! The preview's HTTP side: which requests are answered, with what. Only the built site's files
//! (held in memory) can be served: a request path is decoded and checked, then looked up in a
//! map; nothing is ever resolved on the file system.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::broadcast;

/// The files the preview serves, by output path (`tags/x/index.html`).
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// Where the live-reload client and its event stream live; no site path starts with `__`.
pub const RELOAD_SCRIPT: &str = "/__annalist/livereload.js";
pub const RELOAD_EVENTS: &str = "/__annalist/events";

const CLIENT_JS: &str = include_str!("livereload.js");

/// What the request handlers share with the rebuild loop.
pub struct Shared {
    /// The last good site (pages and static files).
    pub files: RwLock<Arc<Files>>,
    /// The current build error, as text, while the site is broken.
    pub error: RwLock<Option<String>>,
    /// Messages to every open page: `{"type": "reload" | "css" | "error", ...}`.
    pub events: broadcast::Sender<String>,
    /// `Host` values a live-reload request may carry (`127.0.0.1:1111`, `localhost:1111`, ...).
    pub hosts: Vec<String>,
}

type Body = BoxBody<Bytes, Infallible>;

/// Answers one request.
pub async fn handle(
    req: Request<Incoming>,
    shared: Arc<Shared>,
) -> Result<Response<Body>, Infallible> {
    Ok(respond(&req, &shared))
}

fn respond(req: &Request<Incoming>, shared: &Shared) -> Response<Body> {
    let head = req.method() == Method::HEAD;
    if req.method() != Method::GET && !head {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw = req.uri().path();
    if raw == RELOAD_EVENTS {
        return events(req, shared);
    }
    if raw == RELOAD_SCRIPT {
        return file(
            CLIENT_JS.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
            head,
        );
    }
    let key = match site_path(raw) {
        Ok(key) => key,
        Err(status) => return plain(status, "bad path\n"),
    };
    let files = shared
        .files
        .read()
        .map(|f| Arc::clone(&f))
        .unwrap_or_default();
    if let Some(bytes) = files.get(&key) {
        let kind = content_type(&key);
        let body = if kind.starts_with("text/html") {
            inject(bytes)
        } else {
            bytes.to_vec()
        };
        return file(body, kind, head);
    }
    // `/tags` → `/tags/`, so that the page's relative links resolve.
    if !key.is_empty() && files.contains_key(&format!("{key}/index.html")) {
        let mut r = plain(StatusCode::MOVED_PERMANENTLY, "");
        if let Ok(location) = HeaderValue::from_str(&format!("{}/", raw)) {
            r.headers_mut().insert(header::LOCATION, location);
        }
        return r;
    }
    let mut r = match files.get("404.html") {
        Some(page) => file(inject(page), "text/html; charset=utf-8", head),
        None => plain(StatusCode::NOT_FOUND, "not found\n"),
    };
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

/// Decodes a request path into a key of [`Files`]. Refuses (400) anything that is not a plain
/// relative path once decoded: `..` or `.` segments in any spelling, backslashes, NUL and other
/// control bytes, invalid UTF-8, and empty segments (`//`, which could form an absolute path).
pub fn site_path(raw: &str) -> Result<String, StatusCode> {
    let Some(rest) = raw.strip_prefix('/') else {
        return Err(StatusCode::BAD_REQUEST);
    };
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| StatusCode::BAD_REQUEST)?;
    if decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return Err(StatusCode::BAD_REQUEST);
    }
    let trailing = decoded.is_empty() || decoded.ends_with('/');
    let body = decoded.strip_suffix('/').unwrap_or(&decoded);
    if !body.is_empty()
        && body
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Err(StatusCode::BAD_REQUEST);
    }
    Ok(if trailing {
        if body.is_empty() {
            "index.html".to_string()
        } else {
            format!("{body}/index.html")
        }
    } else {
        body.to_string()
    })
}

/// The live-reload stream (server-sent events). Only pages of this preview may open it: the
/// `Host` must be the preview's own address (no DNS rebinding) and an `Origin`, when sent, too.
fn events(req: &Request<Incoming>, shared: &Shared) -> Response<Body> {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !shared.hosts.iter().any(|h| h == host) {
        return plain(StatusCode::FORBIDDEN, "unknown host\n");
    }
    if let Some(origin) = req.headers().get(header::ORIGIN) {
        let ok = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| shared.hosts.iter().any(|h| h == o));
        if !ok {
            return plain(StatusCode::FORBIDDEN, "cross-origin request refused\n");
        }
    }
    // Subscribed first, so nothing sent after the current state is read can be missed.
    let rx = shared.events.subscribe();
    let first = shared
        .error
        .read()
        .ok()
        .and_then(|e| e.as_ref().map(|m| error_message(m)));
    let stream = futures_util::stream::unfold((first, rx), |(first, mut rx)| async move {
        if let Some(message) = first {
            return Some((frame(&message), (None, rx)));
        }
        loop {
            match tokio::time::timeout(Duration::from_secs(15), rx.recv()).await {
                // A comment every 15 s lets a dead connection be noticed.
                Err(_) => {
                    return Some((
                        Ok(Frame::data(Bytes::from_static(b": ping\n\n"))),
                        (None, rx),
                    ))
                }
                Ok(Ok(message)) => return Some((frame(&message), (None, rx))),
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => continue,
                Ok(Err(broadcast::error::RecvError::Closed)) => return None,
            }
        }
    });
    let mut r = Response::new(BodyExt::boxed(StreamBody::new(stream)));
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn frame(message: &str) -> Result<Frame<Bytes>, Infallible> {
    Ok(Frame::data(Bytes::from(format!("data: {message}\n\n"))))
}

/// The JSON message that shows a build error in every open page.
pub fn error_message(text: &str) -> String {
    serde_json::json!({ "type": "error", "message": text }).to_string()
}

/// Adds the live-reload client to an HTML page (only ever in the preview; `build` never does).
fn inject(page: &[u8]) -> Vec<u8> {
    const TAG: &[u8] = b"<script src=\"/__annalist/livereload.js\" defer></script>\n";
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + TAG.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(TAG);
    out.extend_from_slice(&page[at..]);
    out
}

fn file(body: Vec<u8>, kind: &str, head: bool) -> Response<Body> {
    let len = body.len();
    let body = if head {
        Bytes::new()
    } else {
        Bytes::from(body)
    };
    let mut r = Response::new(BodyExt::boxed(Full::new(body)));
    let h = r.headers_mut();
    if let Ok(kind) = HeaderValue::from_str(kind) {
        h.insert(header::CONTENT_TYPE, kind);
    }
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut r = Response::new(BodyExt::boxed(Full::new(Bytes::from_static(
        text.as_bytes(),
    ))));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// The media type of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths() {
        for (raw, key) in [
            ("/", "index.html"),
            ("/tags/", "tags/index.html"),
            ("/tags/x/index.html", "tags/x/index.html"),
            ("/annalist.css", "annalist.css"),
            ("/caf%C3%A9.png", "café.png"),
            ("/a%20b.txt", "a b.txt"),
        ] {
            assert_eq!(site_path(raw), Ok(key.to_string()), "{raw}");
        }
        for raw in [
            "/..",
            "/../etc/passwd",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a/%2e%2e/%2e%2e/x",
            "/a/../b",
            "/..%2f..%2fetc",
            "/..\\x",
            "/%5c..%5cx",
            "/a%00b",
            "//etc/passwd",
            "/a//b",
            "/%ff",
            "/./x",
            "relative",
            "/%0a",
        ] {
            assert_eq!(site_path(raw), Err(StatusCode::BAD_REQUEST), "{raw}");
        }
    }

    #[test]
    fn inject_goes_before_the_closing_body() {
        let page = inject(b"<html><body><p>x</p></BODY></html>");
        let text = String::from_utf8(page).unwrap();
        assert!(
            text.contains(
                "<p>x</p><script src=\"/__annalist/livereload.js\" defer></script>\n</BODY>"
            ),
            "{text}"
        );
        assert!(String::from_utf8(inject(b"no body"))
            .unwrap()
            .ends_with("</script>\n"));
    }
}
