//! The media files of a build: each local file a medium names is found (its absence is an
//! error naming the article and line), raster images (JPEG, PNG, WebP) are decoded once with
//! limits, turned upright by their EXIF orientation, stripped of metadata (by re-encoding the
//! pixels alone), resized to `images.widths` and encoded as WebP plus the original format; SVG,
//! GIF, AVIF, audio and video (with a same-name `.vtt`) are published as they are. Processed
//! files are kept in `images.cache`, keyed by the file's content hash and the settings, so a
//! rebuild re-encodes nothing unchanged. Every file is processed once per build, in parallel,
//! however many pages show it; the output is the same bytes on any number of threads.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use rayon::prelude::*;

use crate::config::{ImageSettings, SiteConfig};
use crate::error::{Code, Diagnostic};
use crate::model::media::{self, Media, MediaKind};
use crate::model::Timeline;
use crate::source::{self, Stamp};

/// Bumped when the processing changes, so that old cache entries are not used.
const PIPELINE: &str = "annalist-images-1";

/// One processed size of an image.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    /// Path from the site root, without a leading `/`.
    pub url: String,
}

/// What a local medium's file became.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Processed {
    /// The intrinsic size (after orientation), when known.
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// WebP sizes, smallest first (raster images only).
    pub webp: Vec<Variant>,
    /// The same sizes in the original format, smallest first.
    pub fallback: Vec<Variant>,
    /// The fallback's MIME type (`image/jpeg`, `image/png`, `image/webp`).
    pub fallback_type: String,
    /// The file published as it is (SVG, GIF, audio, video), else empty.
    pub copied: Option<String>,
    /// A same-name `.vtt` beside an audio or video file, published too.
    pub track: Option<String>,
}

impl Processed {
    /// The largest fallback (or the copied file): what a `src` shows.
    pub fn src(&self) -> Option<&str> {
        self.fallback
            .last()
            .map(|v| v.url.as_str())
            .or(self.copied.as_deref())
    }

    /// The smallest size: a thumbnail.
    pub fn thumbnail(&self) -> Option<&str> {
        self.webp
            .first()
            .or(self.fallback.first())
            .map(|v| v.url.as_str())
            .or(self.copied.as_deref())
    }
}

/// The processed media of a site, by input path (`content/a/b.jpg`, `static/x.png`).
#[derive(Debug, Clone, Default)]
pub struct MediaIndex {
    pub files: BTreeMap<String, Processed>,
}

impl MediaIndex {
    /// What a medium's file became, if it is local and was processed.
    pub fn get(&self, m: &Media) -> Option<&Processed> {
        m.local().and_then(|(input, _)| self.files.get(input))
    }
}

/// A file to write into the output: its path from the site root, where its bytes are, and the
/// stamp of the input file it comes from (so the preview rewrites only what changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub from: PathBuf,
    pub stamp: Option<Stamp>,
}

/// The media of a build, processed: the index templates read, the files to publish, and what
/// went wrong (errors naming the article and line).
#[derive(Debug, Default)]
pub struct Prepared {
    pub index: MediaIndex,
    pub outputs: Vec<OutputFile>,
    pub errors: Vec<Diagnostic>,
    /// Each input file's result with the stamp it had: what the next [`prepare`] of a preview
    /// takes as it is when the stamp is unchanged, without reading the file.
    done: BTreeMap<String, Done>,
}

impl Prepared {
    /// The input files (`content/a/b.jpg`) whose result differs between `self` and `newer`:
    /// changed in size or kind, added or gone. Pages showing them must be rendered again.
    pub fn changed_inputs(&self, newer: &Prepared) -> BTreeSet<String> {
        let (old, new) = (&self.index.files, &newer.index.files);
        let differ = |k: &&String| old.get(*k) != new.get(*k);
        old.keys()
            .chain(new.keys())
            .filter(differ)
            .cloned()
            .collect()
    }
}

/// The events and the article files (`rel_path`) that show a medium read from one of `inputs`.
pub fn showing(timeline: &Timeline, inputs: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    let (mut events, mut articles) = (Vec::new(), Vec::new());
    if inputs.is_empty() {
        return (events, articles);
    }
    let named = |list: &[Media]| {
        list.iter()
            .any(|m| m.local().is_some_and(|(input, _)| inputs.contains(input)))
    };
    for a in &timeline.articles {
        if named(&a.media) {
            articles.push(a.rel_path.clone());
        }
        events.extend(
            a.events
                .iter()
                .filter(|e| named(&e.media))
                .map(|e| e.id.clone()),
        );
    }
    (events, articles)
}

/// What one local file became, with the stamp it had when it was read.
#[derive(Debug, Clone)]
struct Done {
    stamp: Stamp,
    processed: Processed,
    outputs: Vec<OutputFile>,
}

/// Where a medium is named: an article file and a line.
#[derive(Debug, Clone)]
struct Reference {
    file: PathBuf,
    line: usize,
    src: String,
    kind: MediaKind,
    url: String,
}

/// Why a file could not be published.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// No such file; a near name in its folder, when there is one.
    Missing { shown: String, near: Option<String> },
    /// Unreadable, not the image its name says, or over a limit: the reason.
    Bad(String),
}

impl Problem {
    fn code(&self) -> Code {
        match self {
            Problem::Missing { .. } => Code::MissingAsset,
            Problem::Bad(_) => Code::BadImage,
        }
    }

    /// The message after `media: src `…`: `, with a fix when the name is a near miss.
    fn describe(&self, src: &str) -> String {
        match self {
            Problem::Missing { shown, near } => {
                let fix = match near {
                    Some(name) => {
                        let fixed = match src.rsplit_once('/') {
                            Some((dir, _)) => format!("{dir}/{name}"),
                            None => name.clone(),
                        };
                        format!("; did you mean `src: {fixed}`?")
                    }
                    None => "; put the file there, or correct the name (a page bundle's files sit beside its index.md, other files under static/)".into(),
                };
                format!("no file `{shown}`{fix}")
            }
            Problem::Bad(why) => why.clone(),
        }
    }
}

impl From<String> for Problem {
    fn from(why: String) -> Problem {
        Problem::Bad(why)
    }
}

impl From<&str> for Problem {
    fn from(why: &str) -> Problem {
        Problem::Bad(why.to_string())
    }
}

/// The file name beside `path` that its own name is a near miss of (`pyongyang.jpg` for
/// `pyongayng.jpg`, `Photo.JPG` for `photo.jpg`).
fn near_name(path: &Path) -> Option<String> {
    let wanted = path.file_name()?.to_str()?;
    source::siblings(path)
        .into_iter()
        .map(|name| {
            let d = if name.eq_ignore_ascii_case(wanted) {
                0
            } else {
                crate::model::article::edit_distance(wanted, &name, 2)
            };
            (d, name)
        })
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, name)| name)
}

/// Finds, checks and processes every local medium of the timeline, and lists each page
/// bundle's other files for publishing beside its page. With `previous` (the preview's last
/// result, under the same settings) a file whose stamp is unchanged is taken as it was, not read.
pub fn prepare(
    root: &Path,
    config: &SiteConfig,
    timeline: &Timeline,
    previous: Option<&Prepared>,
) -> Prepared {
    let mut refs: BTreeMap<String, Vec<Reference>> = BTreeMap::new();
    let mut bundles: BTreeMap<String, String> = BTreeMap::new();
    for a in &timeline.articles {
        if let Some(dir) = media::bundle_dir(&a.rel_path) {
            bundles.insert(dir.to_string(), a.slug.clone());
        }
        let all = a.media.iter().chain(a.events.iter().flat_map(|e| &e.media));
        for m in all.filter(|m| !m.as_is) {
            if let Some((input, url)) = m.local() {
                let list = refs.entry(input.to_string()).or_default();
                // An article's own event shows the article's media: one reference.
                if list
                    .iter()
                    .any(|r| r.line == m.line && r.file == a.display_path)
                {
                    continue;
                }
                list.push(Reference {
                    file: a.display_path.clone(),
                    line: m.line,
                    src: m.src.clone().unwrap_or_default(),
                    kind: m.kind,
                    url: url.to_string(),
                });
            }
        }
    }
    let cache = cache_dir(root, &config.images);
    let static_dir = root.join("static");
    let jobs: Vec<(&String, &Vec<Reference>)> = refs.iter().collect();
    let results: Vec<(String, Result<Done, Problem>)> = jobs
        .par_iter()
        .map(|(input, list)| {
            let path = root.join(input.as_str());
            let stamp = source::stamp(&path);
            // Taken as it was when neither the file nor a file published beside it (a `.vtt`)
            // changed; the cache's own files are keyed by content.
            let kept = previous
                .and_then(|p| p.done.get(input.as_str()))
                .filter(|d| Some(d.stamp) == stamp)
                .filter(|d| {
                    d.outputs
                        .iter()
                        .all(|o| o.from.starts_with(&cache) || source::stamp(&o.from) == o.stamp)
                })
                // A `.vtt` put beside an unchanged audio or video file (or taken away) is
                // noticed too: it was not among the outputs the stamps above check.
                .filter(|d| {
                    !matches!(list[0].kind, MediaKind::Audio | MediaKind::Video)
                        || d.processed.track.is_some() == path.with_extension("vtt").is_file()
                });
            let result = match (kept, stamp) {
                (Some(done), _) => Ok(done.clone()),
                (None, None) => Err(Problem::Missing {
                    shown: path.display().to_string(),
                    near: near_name(&path),
                }),
                (None, Some(stamp)) => {
                    process_one(&path, &list[0], config, &cache).map(|(processed, mut outputs)| {
                        // A file of `static/` published as it is (an SVG, a video, its `.vtt`)
                        // is the static folder's copy: only what was made from it is added.
                        outputs.retain(|o| !o.from.starts_with(&static_dir));
                        for o in outputs.iter_mut().filter(|o| o.stamp.is_none()) {
                            o.stamp = Some(stamp);
                        }
                        Done {
                            stamp,
                            processed,
                            outputs,
                        }
                    })
                }
            };
            ((*input).clone(), result)
        })
        .collect();
    let mut out = Prepared::default();
    for (input, result) in results {
        match result {
            Ok(done) => {
                out.index
                    .files
                    .insert(input.clone(), done.processed.clone());
                out.outputs.extend(done.outputs.iter().cloned());
                out.done.insert(input, done);
            }
            Err(problem) => {
                for r in &refs[&input] {
                    out.errors.push(Diagnostic::error(
                        problem.code(),
                        &r.file,
                        Some(r.line),
                        format!("media: src `{}`: {}", r.src, problem.describe(&r.src)),
                    ));
                }
            }
        }
    }
    let named: std::collections::HashSet<&str> = refs.keys().map(String::as_str).collect();
    for (dir, slug) in &bundles {
        for rel in source::bundle_assets(&root.join("content").join(dir)) {
            let input = format!("content/{dir}/{rel}");
            if !named.contains(input.as_str()) {
                let from = root.join(&input);
                out.outputs.push(OutputFile {
                    path: format!("{slug}/{rel}"),
                    stamp: source::stamp(&from),
                    from,
                });
            }
        }
    }
    out.outputs.sort_by(|a, b| a.path.cmp(&b.path));
    out.outputs.dedup_by(|a, b| a.path == b.path);
    out
}

/// What became of one file: its description and the files to publish, or why it failed.
type Outcome = Result<(Processed, Vec<OutputFile>), Problem>;

/// The cache folder: `images.cache`, relative to the site folder unless absolute.
pub fn cache_dir(root: &Path, settings: &ImageSettings) -> PathBuf {
    let dir = Path::new(&settings.cache);
    if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        root.join(dir)
    }
}

fn process_one(path: &Path, r: &Reference, config: &SiteConfig, cache: &Path) -> Outcome {
    let (settings, max_pixels) = (&config.images, config.limits.image_pixels);
    let ext = media::extension(&r.url);
    let raster = matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "webp");
    if r.kind != MediaKind::Image || !raster {
        return copy_as_is(path, r, &ext, max_pixels);
    }
    let bytes = source::read_asset(path, max_bytes(max_pixels))?;
    let key = cache_key(&bytes, settings);
    let entry = cache.join(&key[..2]).join(&key);
    let stem = r.url.rsplit_once('.').map_or(r.url.as_str(), |(s, _)| s);
    if let Some(processed) = read_cache(&entry) {
        let outputs = outputs_of(&processed, &entry, stem);
        return Ok((relabel(processed, stem), outputs));
    }
    let expected = match ext.as_str() {
        "png" => ImageFormat::Png,
        "webp" => ImageFormat::WebP,
        _ => ImageFormat::Jpeg,
    };
    let encoded = encode_all(&bytes, expected, settings, max_pixels)?;
    write_cache(&entry, &encoded).map_err(|e| {
        format!(
            "cannot write the image cache `{}`: {e}; check the folder, or set `images: {{cache: ...}}` in site.yaml",
            entry.display()
        )
    })?;
    let processed = encoded.processed;
    let outputs = outputs_of(&processed, &entry, stem);
    Ok((relabel(processed, stem), outputs))
}

/// A cache entry names its files by size (`480.webp`); published, they are `<stem>-480.webp`.
fn relabel(mut p: Processed, stem: &str) -> Processed {
    for v in p.webp.iter_mut().chain(p.fallback.iter_mut()) {
        v.url = format!("{stem}-{}", v.url);
    }
    p
}

fn outputs_of(p: &Processed, entry: &Path, stem: &str) -> Vec<OutputFile> {
    p.webp
        .iter()
        .chain(&p.fallback)
        .map(|v| OutputFile {
            path: format!("{stem}-{}", v.url),
            from: entry.join(&v.url),
            stamp: None,
        })
        .collect()
}

fn copy_as_is(path: &Path, r: &Reference, ext: &str, max_pixels: u64) -> Outcome {
    let mut outputs = vec![OutputFile {
        path: r.url.clone(),
        from: path.to_path_buf(),
        stamp: None,
    }];
    let mut processed = Processed {
        copied: Some(r.url.clone()),
        ..Processed::default()
    };
    if ext == "gif" {
        let head = source::read_head(path, 10)?;
        if head.len() < 10 || !head.starts_with(b"GIF8") {
            return Err(
                "is not a GIF image (it does not start with `GIF8`); save it as a GIF or rename it"
                    .into(),
            );
        }
        let (w, h) = (
            u32::from(u16::from_le_bytes([head[6], head[7]])),
            u32::from(u16::from_le_bytes([head[8], head[9]])),
        );
        too_many_pixels(w, h, max_pixels)?;
        processed.width = Some(w);
        processed.height = Some(h);
    }
    if ext == "svg" {
        // The size from the root element, so that the page reserves its place.
        if let Some((w, h)) = svg_size(&source::read_asset(path, max_bytes(max_pixels))?) {
            processed.width = Some(w);
            processed.height = Some(h);
        }
    }
    if matches!(r.kind, MediaKind::Audio | MediaKind::Video) {
        let vtt = path.with_extension("vtt");
        if vtt.is_file() {
            let url = format!(
                "{}.vtt",
                r.url.rsplit_once('.').map_or(r.url.as_str(), |(s, _)| s)
            );
            outputs.push(OutputFile {
                path: url.clone(),
                stamp: source::stamp(&vtt),
                from: vtt,
            });
            processed.track = Some(url);
        }
    }
    Ok((processed, outputs))
}

/// An SVG's size as its root element gives it: `width` and `height` in pixels (or without a
/// unit), else the `viewBox`'s, rounded; `None` when neither is there or they are not positive.
pub fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let head = &bytes[..bytes.len().min(64 << 10)];
    let text = String::from_utf8_lossy(head);
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        while let Some(at) = rest.find(name) {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + name.len()..];
            if before.is_some_and(char::is_whitespace) && after.trim_start().starts_with('=') {
                let value = after.trim_start()[1..].trim_start();
                let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
                let value = &value[1..];
                return value.find(quote).map(|end| &value[..end]);
            }
            rest = after;
        }
        None
    };
    let pixels = |v: &str| -> Option<f64> {
        let v = v.trim().strip_suffix("px").unwrap_or(v.trim());
        v.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)
    };
    let round = |n: f64| (n.round() as u32).max(1);
    if let (Some(w), Some(h)) = (
        attr("width").and_then(pixels),
        attr("height").and_then(pixels),
    ) {
        return Some((round(w), round(h)));
    }
    let view: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|p| !p.is_empty())
        .map(|p| p.parse::<f64>().ok())
        .collect::<Option<_>>()?;
    match view[..] {
        [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => {
            Some((round(w), round(h)))
        }
        _ => None,
    }
}

/// The most bytes a raster file is read with: what its pixels would take uncompressed, and a
/// megabyte of metadata. No honest image within the pixel limit comes near it.
fn max_bytes(max_pixels: u64) -> u64 {
    max_pixels.saturating_mul(4).saturating_add(1 << 20)
}

fn too_many_pixels(w: u32, h: u32, max_pixels: u64) -> Result<(), String> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels > max_pixels {
        return Err(format!(
            "is {w} × {h} pixels ({pixels} in all), over the limit of {max_pixels}; make it smaller, or raise `limits: {{image_pixels: N}}` in site.yaml"
        ));
    }
    Ok(())
}

/// The cache key: the file's content and every setting that changes the output.
fn cache_key(bytes: &[u8], settings: &ImageSettings) -> String {
    let mut h = blake3::Hasher::new();
    h.update(PIPELINE.as_bytes());
    h.update(format!("{:?}/{}", settings.widths, settings.quality).as_bytes());
    h.update(bytes);
    h.finalize().to_hex().to_string()
}

/// A processed image: its description and the bytes of each file, named by size.
pub struct Encoded {
    pub processed: Processed,
    pub files: Vec<(String, Vec<u8>)>,
}

/// The widths an image of `width` is written at: the settings' widths it reaches, and its own
/// width when it falls short of the largest (never wider than the original).
pub fn widths_for(width: u32, widths: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = widths.iter().copied().filter(|&w| w <= width).collect();
    if widths.last().is_some_and(|&max| width < max) && !out.contains(&width) {
        out.push(width);
    }
    out
}

/// Decodes `bytes` (which must be an image of `expected` format, at most `max_pixels` big, as
/// its header says before anything is decoded), applies its orientation and writes every size.
pub fn encode_all(
    bytes: &[u8],
    expected: ImageFormat,
    settings: &ImageSettings,
    max_pixels: u64,
) -> Result<Encoded, String> {
    let img = decode(bytes, expected, max_pixels)?;
    let (width, height) = (img.width(), img.height());
    let alpha = img.color().has_alpha();
    let pixels = if alpha {
        img.to_rgba8().into_raw()
    } else {
        img.to_rgb8().into_raw()
    };
    drop(img);
    let pixel_type = if alpha {
        fast_image_resize::PixelType::U8x4
    } else {
        fast_image_resize::PixelType::U8x3
    };
    let src = fast_image_resize::images::Image::from_vec_u8(width, height, pixels, pixel_type)
        .map_err(|e| format!("cannot resize: {e}"))?;
    let (ext, mime) = match expected {
        ImageFormat::Png => ("png", "image/png"),
        ImageFormat::WebP => ("webp", "image/webp"),
        _ => ("jpg", "image/jpeg"),
    };
    let sized: Vec<Result<_, String>> = widths_for(width, &settings.widths)
        .into_par_iter()
        .map(|w| {
            let h = ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
                .max(1) as u32;
            let buf = if w == width {
                src.buffer().to_vec()
            } else {
                let mut dst = fast_image_resize::images::Image::new(w, h, pixel_type);
                let options = fast_image_resize::ResizeOptions::new().resize_alg(
                    fast_image_resize::ResizeAlg::Convolution(
                        fast_image_resize::FilterType::Lanczos3,
                    ),
                );
                fast_image_resize::Resizer::new()
                    .resize(&src, &mut dst, &options)
                    .map_err(|e| format!("cannot resize: {e}"))?;
                dst.into_vec()
            };
            let webp = if alpha {
                webp::Encoder::from_rgba(&buf, w, h)
            } else {
                webp::Encoder::from_rgb(&buf, w, h)
            }
            .encode(f32::from(settings.quality))
            .to_vec();
            let fallback = match expected {
                ImageFormat::WebP => None,
                format => Some(encode_fallback(
                    &buf,
                    w,
                    h,
                    alpha,
                    format,
                    settings.quality,
                )?),
            };
            Ok((w, h, webp, fallback))
        })
        .collect();
    let mut processed = Processed {
        width: Some(width),
        height: Some(height),
        fallback_type: mime.to_string(),
        ..Processed::default()
    };
    let mut files = Vec::new();
    for result in sized {
        let (w, h, webp, fallback) = result?;
        let name = format!("{w}.webp");
        processed.webp.push(Variant {
            width: w,
            height: h,
            url: name.clone(),
        });
        files.push((name.clone(), webp));
        match fallback {
            Some(bytes) => {
                let name = format!("{w}.{ext}");
                processed.fallback.push(Variant {
                    width: w,
                    height: h,
                    url: name.clone(),
                });
                files.push((name, bytes));
            }
            None => processed.fallback.push(Variant {
                width: w,
                height: h,
                url: name,
            }),
        }
    }
    Ok(Encoded { processed, files })
}

/// Reads the header (format, size) and refuses before decoding what is not the image it
/// claims or is too big; then decodes within memory limits and turns the image upright.
pub fn decode(
    bytes: &[u8],
    expected: ImageFormat,
    max_pixels: u64,
) -> Result<DynamicImage, String> {
    let sniffed = image::guess_format(bytes).ok();
    let name = |f: ImageFormat| match f {
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Jpeg => "JPEG",
        _ => "image",
    };
    if sniffed != Some(expected) {
        let found = match sniffed {
            Some(f) => format!("a {} file", f.extensions_str().first().unwrap_or(&"other")),
            None => "not an image file".to_string(),
        };
        return Err(format!(
            "is {found}, not the {} image its name says; save it as a {} or rename it",
            name(expected),
            name(expected)
        ));
    }
    // A JPEG cut short still decodes (the decoder fills in grey): its image data must end
    // with the end-of-image marker.
    if expected == ImageFormat::Jpeg && !jpeg_complete(bytes) {
        return Err(
            "cannot be decoded as JPEG (truncated or damaged?): the image data ends before its end marker"
                .to_string(),
        );
    }
    // A PNG's size is in its first chunk: read it by hand, since the decoder reads on to the
    // pixel data before it tells the size.
    if expected == ImageFormat::Png && bytes.len() >= 24 && &bytes[12..16] == b"IHDR" {
        let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        too_many_pixels(w, h, max_pixels)?;
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), expected);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8).max(1 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| {
        format!(
            "cannot be decoded as {} (truncated or damaged?): {e}",
            name(expected)
        )
    })?;
    let (w, h) = decoder.dimensions();
    too_many_pixels(w, h, max_pixels)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| {
        format!(
            "cannot be decoded as {} (truncated or damaged?): {e}",
            name(expected)
        )
    })?;
    img.apply_orientation(orientation);
    Ok(img)
}

/// Whether a JPEG's last scan is followed by the end-of-image marker (`FF D9`), which cannot
/// occur inside the entropy-coded data.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xff, 0xda]);
    match last_scan {
        Some(at) => bytes[at..].windows(2).any(|w| w == [0xff, 0xd9]),
        None => false,
    }
}

fn encode_fallback(
    buf: &[u8],
    w: u32,
    h: u32,
    alpha: bool,
    format: ImageFormat,
    quality: u8,
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let color = if alpha {
        image::ExtendedColorType::Rgba8
    } else {
        image::ExtendedColorType::Rgb8
    };
    let result = match format {
        ImageFormat::Png => image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new(&mut out),
            buf,
            w,
            h,
            color,
        ),
        _ => {
            // JPEG has no alpha: such a buffer never reaches here (JPEG decodes without it).
            image::ImageEncoder::write_image(
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality),
                buf,
                w,
                h,
                color,
            )
        }
    };
    result.map_err(|e| format!("cannot encode: {e}"))?;
    Ok(out)
}

fn read_cache(entry: &Path) -> Option<Processed> {
    let text = std::fs::read_to_string(entry.join("meta.json")).ok()?;
    let processed: Processed = serde_json::from_str(&text).ok()?;
    let complete = processed
        .webp
        .iter()
        .chain(&processed.fallback)
        .all(|v| entry.join(&v.url).is_file());
    complete.then_some(processed)
}

/// Writes a cache entry whole: into a temporary folder first, renamed into place, so that an
/// interrupted build leaves no half entry.
fn write_cache(entry: &Path, encoded: &Encoded) -> std::io::Result<()> {
    let parent = entry.parent().unwrap_or(entry);
    std::fs::create_dir_all(parent)?;
    let tmp = parent.join(format!(
        ".tmp-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    for (name, bytes) in &encoded.files {
        std::fs::write(tmp.join(name), bytes)?;
    }
    let meta = serde_json::to_string(&encoded.processed).unwrap_or_default();
    std::fs::write(tmp.join("meta.json"), meta)?;
    match std::fs::rename(&tmp, entry) {
        Ok(()) => Ok(()),
        // Another build wrote the same entry first: its files are the same.
        Err(_) if entry.join("meta.json").is_file() => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(())
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        out
    }

    /// A PNG that declares `w` × `h` pixels in its header and holds no pixel data.
    pub fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        out.extend(13u32.to_be_bytes());
        out.extend(&ihdr);
        out.extend(crc32(&ihdr).to_be_bytes());
        out
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn an_svg_gives_its_size_from_its_root_element() {
        let size = |t: &str| svg_size(t.as_bytes());
        assert_eq!(
            size(r#"<?xml?><svg xmlns="x" width="640" height="519">"#),
            Some((640, 519))
        );
        assert_eq!(
            size(r#"<svg stroke-width="3" width='20px' height="10.4">"#),
            Some((20, 10))
        );
        assert_eq!(size(r#"<svg viewBox="0 0 300,150">"#), Some((300, 150)));
        assert_eq!(
            size(r#"<svg width="100%" height="100%" viewBox="0 0 4 3">"#),
            Some((4, 3))
        );
        for none in [
            r#"<svg width="0" height="1">"#,
            "<svg>",
            "no svg",
            "<svg width=\"1",
            r#"<svg viewBox="0 0 -1 2">"#,
        ] {
            assert_eq!(size(none), None, "{none}");
        }
    }

    #[test]
    fn widths_never_exceed_the_original() {
        assert_eq!(widths_for(3000, &[480, 960, 1600]), [480, 960, 1600]);
        assert_eq!(widths_for(1200, &[480, 960, 1600]), [480, 960, 1200]);
        assert_eq!(widths_for(300, &[480, 960, 1600]), [300]);
        assert_eq!(widths_for(960, &[480, 960, 1600]), [480, 960]);
    }

    #[test]
    fn a_png_is_resized_to_webp_and_png_deterministically() {
        let settings = ImageSettings {
            widths: vec![40, 80, 200],
            ..ImageSettings::default()
        };
        let a = encode_all(&png(100, 50), ImageFormat::Png, &settings, 1 << 20).unwrap();
        let sizes: Vec<_> = a
            .processed
            .webp
            .iter()
            .map(|v| (v.width, v.height))
            .collect();
        assert_eq!(sizes, [(40, 20), (80, 40), (100, 50)]);
        assert_eq!(a.files.len(), 6);
        let b = encode_all(&png(100, 50), ImageFormat::Png, &settings, 1 << 20).unwrap();
        assert!(a.files == b.files, "the same bytes every time");
        assert!(a.files[0].1.starts_with(b"RIFF"), "WebP");
        assert!(a.files[1].1.starts_with(b"\x89PNG"), "PNG fallback");
    }

    #[test]
    fn what_is_not_the_image_its_name_says_is_refused() {
        let e = decode(b"hello, I am text", ImageFormat::Jpeg, 1 << 20).unwrap_err();
        assert!(e.contains("not an image file, not the JPEG image"), "{e}");
        let e = decode(&png(4, 4), ImageFormat::Jpeg, 1 << 20).unwrap_err();
        assert!(e.contains("is a png file"), "{e}");
        let mut truncated = jpeg(64, 64);
        truncated.truncate(truncated.len() / 2);
        let e = decode(&truncated, ImageFormat::Jpeg, 1 << 20).unwrap_err();
        assert!(e.contains("cannot be decoded as JPEG"), "{e}");
    }

    #[test]
    fn a_huge_declared_size_is_refused_from_the_header() {
        let started = std::time::Instant::now();
        let e = decode(&png_header(100_000, 100_000), ImageFormat::Png, 50_000_000).unwrap_err();
        assert!(e.contains("100000 × 100000 pixels"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn exif_orientation_turns_the_image_upright() {
        // A 20 × 10 JPEG whose EXIF says "rotate 90° clockwise": shown 10 × 20.
        let plain = jpeg(20, 10);
        let exif: &[u8] = &[
            b'E', b'x', b'i', b'f', 0, 0, b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0,
            0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
        ];
        let mut with_exif = plain[..2].to_vec();
        with_exif.extend([0xff, 0xe1]);
        with_exif.extend(((exif.len() + 2) as u16).to_be_bytes());
        with_exif.extend(exif);
        with_exif.extend(&plain[2..]);
        let img = decode(&with_exif, ImageFormat::Jpeg, 1 << 20).unwrap();
        assert_eq!((img.width(), img.height()), (10, 20));
        let settings = ImageSettings::default();
        let out = encode_all(&with_exif, ImageFormat::Jpeg, &settings, 1 << 20).unwrap();
        let fallback = &out.files[1].1;
        assert!(
            !fallback.windows(4).any(|w| w == b"Exif"),
            "metadata is not written again"
        );
    }
}
