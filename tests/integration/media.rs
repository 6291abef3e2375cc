//! Media on events and articles, built whole: a page bundle's photo processed into responsive
//! sizes (WebP and the original format, metadata gone), a quote, a YouTube card that loads
//! nothing until clicked, the exports, and a rebuild that re-encodes nothing.

use std::io::Cursor;
use std::path::Path;

use crate::support::{events_json, read_text, Site};

/// A noisy JPEG of `w` × `h` with an EXIF segment holding a GPS marker and `orientation`.
pub fn photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed % 32) as u8;
        image::Rgb([(x % 200) as u8 + n, (y % 200) as u8 + n, 120 + n])
    });
    let mut plain = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg)
        .unwrap();
    let o = orientation.to_be_bytes();
    let mut exif: Vec<u8> = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    exif.extend([o[0], o[1], 0, 0, 0, 0, 0, 0]);
    exif.extend(b"GPSLatitude 39.0392 N");
    let mut out = plain[..2].to_vec();
    out.extend([0xff, 0xe1]);
    out.extend(((exif.len() + 2) as u16).to_be_bytes());
    out.extend(&exif);
    out.extend(&plain[2..]);
    out
}

const ARTICLE: &str = "---
title: The arrival
date: 2024-06-19
summary: The plane lands.
media:
  - src: plane.jpg
    alt: A plane on a runway at night
    caption: Pyongyang, *the night* of 18–19 June 2024
    credit: Made for this test
  - src: https://www.youtube.com/watch?v=abcDEF_123
    caption: The arrival on television
  - quote: the \"invincibility and durability\" of the friendship
    by: KCNA
---
Body.
";

fn site() -> Site {
    let site = Site::inline(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/t/\nimages: {widths: [100, 200, 400]}\n",
        ),
        ("content/reports/arrival/index.md", ARTICLE),
    ]);
    site.write("content/reports/arrival/plane.jpg", &photo(300, 200, 6));
    site.write("content/reports/arrival/notes.txt", b"kept beside the page");
    site
}

fn modified(dir: &Path) -> Vec<(String, std::time::SystemTime)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_bundle_photo_is_processed_and_shown_with_its_caption_credit_and_sizes() {
    let site = site();
    site.build_to("out", &[]).assert_success();
    let out = site.beside("out");
    let page = read_text(&out.join("arrival/index.html"));
    // Turned upright by its EXIF orientation (6: 90° clockwise): 200 × 300.
    for fragment in [
        "<picture><source type=\"image/webp\" srcset=\"../arrival/plane-100.webp 100w, ../arrival/plane-200.webp 200w\"",
        "width=\"200\" height=\"300\" alt=\"A plane on a runway at night\"",
        "fetchpriority=\"high\"",
        "<em>the night</em>",
        "<span class=\"medium-credit\">Made for this test</span>",
        "<blockquote class=\"medium-quote\"><p>the &quot;invincibility and durability&quot; of the friendship</p></blockquote>",
        "data-embed=\"youtube\" data-video=\"abcDEF_123\"",
    ] {
        assert!(page.contains(fragment), "{fragment}\n{page}");
    }
    assert!(!page.contains("<iframe"), "no player before a click");
    assert!(
        !page.contains("youtube.com/embed"),
        "nothing from YouTube at load"
    );
    for name in [
        "plane-100.webp",
        "plane-200.webp",
        "plane-100.jpg",
        "plane-200.jpg",
        "notes.txt",
    ] {
        assert!(out.join("arrival").join(name).is_file(), "{name}");
    }
    assert!(
        !out.join("arrival/plane.jpg").exists(),
        "the original, with its GPS, is not published"
    );
    let jpeg = std::fs::read(out.join("arrival/plane-200.jpg")).unwrap();
    assert!(!jpeg.windows(3).any(|w| w == b"GPS"), "metadata removed");
    let index = read_text(&out.join("index.html"));
    assert!(index.contains("loading=\"lazy\""), "a card's image is lazy");
    // The exports.
    let events = events_json(&out);
    let media = &events[0]["media"];
    assert_eq!(
        media[0]["url"],
        "https://example.org/t/arrival/plane-200.jpg"
    );
    assert_eq!(media[0]["alt"], "A plane on a runway at night");
    assert_eq!(media[2]["kind"], "quote");
    let slides: serde_json::Value =
        serde_json::from_str(&read_text(&out.join("timeline.json"))).unwrap();
    let slide = &slides["events"][0]["media"];
    assert_eq!(slide["url"], "https://example.org/t/arrival/plane-200.jpg");
    assert_eq!(
        slide["thumbnail"],
        "https://example.org/t/arrival/plane-100.webp"
    );
    assert_eq!(slide["credit"], "Made for this test");
    assert!(page.contains("og:image\" content=\"https://example.org/t/arrival/plane-200.jpg"));
}

#[test]
fn a_rebuild_reencodes_nothing_and_writes_the_same_bytes() {
    let site = site();
    site.build_to("one", &[]).assert_success();
    let cache = site.path(".annalist-cache");
    let before = modified(&cache);
    assert!(!before.is_empty(), "the cache holds the processed sizes");
    site.build_to("two", &[]).assert_success();
    assert_eq!(modified(&cache), before, "nothing re-encoded");
    assert_eq!(
        crate::support::read_tree(&site.beside("one")),
        crate::support::read_tree(&site.beside("two"))
    );
    // Without the cache, the same bytes again.
    std::fs::remove_dir_all(&cache).unwrap();
    site.build_to("three", &[]).assert_success();
    assert_eq!(
        crate::support::read_tree(&site.beside("one")),
        crate::support::read_tree(&site.beside("three"))
    );
}

/// A bad medium fails the build naming the file and line; the previous output stays.
fn bad(case: &str, fragments: &[&str]) {
    crate::bad::check_bad(case, fragments, crate::support::DEFAULT_TIMEOUT);
}

#[test]
fn a_missing_file_is_named_with_its_line() {
    bad(
        "media-missing-file",
        &[
            "content/reports/arrival/index.md:5:",
            "plane.jpg",
            "[missing-asset]",
        ],
    );
}

#[test]
fn an_image_without_alt_is_an_error() {
    bad(
        "media-no-alt",
        &[
            "content/reports/arrival/index.md:8:",
            "`plane.png` has no `alt`",
            "alt: \"\"",
        ],
    );
}

#[test]
fn a_text_file_named_jpg_is_refused() {
    bad(
        "media-not-an-image",
        &[
            "content/reports/arrival/index.md:5:",
            "not an image file, not the JPEG image",
            "[bad-image]",
        ],
    );
}

#[test]
fn a_gif_shorter_than_its_header_is_refused() {
    bad(
        "media-not-a-gif",
        &[
            "content/reports/arrival/index.md:5:",
            "is not a GIF image",
            "[bad-image]",
        ],
    );
}

#[test]
fn a_truncated_jpeg_is_refused() {
    bad(
        "media-truncated-jpeg",
        &[
            "content/reports/arrival/index.md:5:",
            "cannot be decoded as JPEG",
            "[bad-image]",
        ],
    );
}

#[test]
fn a_png_declaring_ten_gigapixels_is_refused_from_its_header() {
    let started = std::time::Instant::now();
    bad(
        "media-huge-png",
        &[
            "content/reports/arrival/index.md:5:",
            "100000 × 100000 pixels",
            "image_pixels",
        ],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn an_unsupported_extension_is_an_error() {
    bad(
        "media-bad-extension",
        &[
            "content/reports/arrival/index.md:5:",
            "`txt`",
            "[invalid-media]",
        ],
    );
}

#[test]
fn other_schemes_are_refused() {
    bad(
        "media-bad-scheme",
        &[
            "content/schemes.md:5:",
            "`javascript:`",
            "content/schemes.md:6:",
            "`data:`",
            "content/schemes.md:8:",
            "`file:`",
        ],
    );
}

#[test]
fn an_svg_from_static_is_shown_with_its_size_and_passes_check() {
    let site = Site::inline(&[
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-06-19\nevents:\n  - id: a\n    title: A\n    date: 2024-06-18\n    media: {src: /images/map.svg, alt: A map}\n---\n",
        ),
        (
            "static/images/map.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 540\"><rect width=\"9\" height=\"9\"/></svg>",
        ),
    ]);
    site.build_to("out", &[]).assert_success();
    let index = read_text(&site.beside("out").join("index.html"));
    assert!(
        index.contains("<img src=\"images/map.svg\" width=\"640\" height=\"540\" alt=\"A map\""),
        "{index}"
    );
    let dir = site.dir().display().to_string();
    let check = site.run(
        &["check", dir.as_str()],
        &[],
        std::time::Duration::from_secs(60),
    );
    assert!(
        !check.stderr.contains("duplicate-output"),
        "the static file is the medium, not a clash: {}",
        check.stderr
    );
}
