//! Walking the site's input: the articles (every `*.md` and `*.csv` under `content/`, names starting with
//! `.` or `_` skipped; listed with stamps, read one by one as [`SourceFile`]s named by their path
//! relative to `content/`) and the files of `static/`.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Code, Diagnostic, Error};

pub const CONTENT_DIR: &str = "content";

/// One article file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, with `/` separators: `2024/arrival.md`.
    pub rel_path: String,
    /// Path as shown in messages: `content/2024/arrival.md` under the site folder.
    pub display_path: PathBuf,
    pub text: String,
}

fn skipped(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') || n.starts_with('_'))
}

/// Whether a file under `content/` is an article: Markdown (`*.md`) or a sheet (`*.csv`).
pub fn is_article(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e == "md" || e == crate::sheet::EXTENSION)
}

/// An article file found by the walk, not read yet.
#[derive(Debug, Clone)]
pub struct Entry {
    pub rel_path: String,
    pub path: PathBuf,
    /// Modification time and length: a file whose stamp is unchanged need not be read again.
    pub stamp: Stamp,
}

/// What tells a changed file from an unchanged one without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub modified: Option<std::time::SystemTime>,
    pub len: u64,
}

/// The stamp of a regular file, read from its metadata alone; `None` when there is no such
/// file. What the preview compares to tell a changed media file from an unchanged one.
pub fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)?;
    Some(Stamp {
        modified: m.modified().ok(),
        len: m.len(),
    })
}

/// A page bundle's files other than articles, relative to its folder `dir`, sorted: folders
/// holding an `index.md` of their own are other bundles, and names starting with `.` or `_`
/// are skipped, as in the walk of `content/`.
pub fn bundle_assets(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(skipped(e.file_name())
                    || (e.file_type().is_dir() && e.path().join("index.md").exists()))
        });
    for entry in walker.flatten() {
        if !entry.file_type().is_file() || is_article(entry.path()) {
            continue;
        }
        if let Some(rel) = entry.path().strip_prefix(dir).ok().and_then(|r| r.to_str()) {
            out.push(rel.replace('\\', "/"));
        }
    }
    out
}

/// The names of the files beside `path` (in its folder), sorted: what a message suggests for a
/// misspelt file name.
pub fn siblings(path: &Path) -> Vec<String> {
    let Some(dir) = path.parent() else {
        return Vec::new();
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .take(10_000)
        .collect();
    names.sort();
    names
}

/// The first `n` bytes of a media file (fewer when it is shorter): what a format's header needs.
pub fn read_head(path: &Path, n: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(n).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Ok(bytes)
}

/// Reads a media file whole, refusing one longer than `max_bytes` without reading past that
/// (a hostile or mistaken file cannot take the memory).
pub fn read_asset(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if bytes.len() as u64 > max_bytes {
        return Err(format!(
            "is over {max_bytes} bytes, more than any image within the pixel limit needs; make it smaller, or raise `limits: {{image_pixels: N}}` in site.yaml"
        ));
    }
    Ok(bytes)
}

/// The walk of `content/`: the article files (sorted by `rel_path`) and what could not be walked.
#[derive(Debug, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Walks `content/` without reading the files.
pub fn list_content(site: &Path) -> Result<Listing, Error> {
    let root = site.join(CONTENT_DIR);
    if !root.is_dir() {
        return Err(Error::Site(vec![Diagnostic::error(
            Code::Unreadable,
            &root,
            None,
            "no content folder: a site keeps its articles as `*.md` files under `content/`",
        )]));
    }
    let mut out = Listing::default();
    // Links may point anywhere inside the site folder, never out of it.
    // (`site` may be the empty path, the current folder, which `canonicalize` refuses.)
    let site_abs = root
        .canonicalize()
        .map_err(|err| Error::io(&root, err))?
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let walker = WalkDir::new(&root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(&root).to_path_buf();
                out.errors.push(Diagnostic::error(
                    Code::Unreadable,
                    path,
                    None,
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        let is_md = is_article(entry.path());
        if entry.file_type().is_symlink() {
            match follow_link(entry.path(), &site_abs) {
                Link::File if is_md => {}
                Link::File => continue,
                Link::Skip(why) => {
                    out.warnings.push(Diagnostic::warning(
                        Code::ContentLink,
                        entry.path(),
                        None,
                        why,
                    ));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() || !is_md {
            continue;
        }
        let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        let Some(rel_str) = rel.to_str() else {
            out.warnings.push(Diagnostic::warning(
                Code::NotUtf8,
                entry.path(),
                None,
                "file name is not valid UTF-8; skipped",
            ));
            continue;
        };
        // `std::fs::metadata` follows a link to its file (`entry.metadata()` would not).
        let stamp = match std::fs::metadata(entry.path()) {
            Ok(m) => Stamp {
                modified: m.modified().ok(),
                len: m.len(),
            },
            Err(err) => {
                out.errors.push(Diagnostic::error(
                    Code::Unreadable,
                    entry.path(),
                    None,
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        out.entries.push(Entry {
            rel_path: rel_str.replace('\\', "/"),
            path: entry.path().to_path_buf(),
            stamp,
        });
    }
    // The walk sorts each folder by file name; the order of events needs whole paths sorted.
    out.entries.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    Ok(out)
}

/// What a symbolic link under `content/` (or `templates/`) is taken for.
pub(crate) enum Link {
    /// A regular file inside the site folder: read like any other.
    File,
    /// Not followed, for the reason given (the warning's text).
    Skip(String),
}

/// Follows a link found in `content/`. Links to files inside the site are read; links out of the
/// site, to folders (which could loop or repeat articles), dangling links and loops are skipped
/// with a warning, never an error.
pub(crate) fn follow_link(path: &Path, site_abs: &Path) -> Link {
    let target = match path.canonicalize() {
        Ok(target) => target,
        Err(_) if link_loops(path) => {
            return Link::Skip("symbolic link loop (it leads back to itself); skipped".into())
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let to = std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            return Link::Skip(format!(
                "dangling symbolic link (its target `{to}` does not exist); skipped"
            ));
        }
        Err(err) => return Link::Skip(format!("cannot follow symbolic link: {err}; skipped")),
    };
    if !target.starts_with(site_abs) {
        return Link::Skip(format!(
            "symbolic link to {}, outside the site folder: not followed",
            target.display()
        ));
    }
    if target.is_dir() {
        return Link::Skip(
            "symbolic link to a folder: not followed (it could repeat articles or loop)".into(),
        );
    }
    if target.is_file() {
        Link::File
    } else {
        Link::Skip("symbolic link to something that is not a regular file; skipped".into())
    }
}

/// Whether following `path` link by link comes back to a link already seen.
fn link_loops(path: &Path) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut current = path.to_path_buf();
    for _ in 0..64 {
        if !seen.insert(current.clone()) {
            return true;
        }
        match std::fs::read_link(&current) {
            Ok(next) => {
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            Err(_) => return false,
        }
    }
    true
}

/// Reads one article file; a problem is a diagnostic naming it.
pub fn read_one(rel_path: String, path: PathBuf) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(&path).map_err(|err| {
        Diagnostic::error(Code::Unreadable, &path, None, format!("cannot read: {err}"))
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            rel_path,
            display_path: path,
            text,
        }),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let line = 1 + bytes[..valid].iter().filter(|b| **b == b'\n').count();
            Err(Diagnostic::error(
                Code::NotUtf8,
                &path,
                Some(line),
                format!(
                    "not valid UTF-8 (byte 0x{:02x} at offset {valid}); expected a UTF-8 text file",
                    bytes.get(valid).copied().unwrap_or(0)
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a folder fails even as root (where `chmod 000` does not stop reads): the error
    /// names the path, as it does for a file without read permission.
    #[test]
    fn read_one_names_the_path_it_cannot_read() {
        let dir = tempfile::tempdir().unwrap();
        for path in [dir.path().join("folder.md"), dir.path().join("missing.md")] {
            if path.ends_with("folder.md") {
                std::fs::create_dir(&path).unwrap();
            }
            let d = read_one("x.md".into(), path.clone()).expect_err("unreadable");
            let shown = d.display();
            assert!(shown.starts_with(&path.display().to_string()), "{shown}");
            assert!(shown.contains("cannot read"), "{shown}");
        }
    }
}

/// One entry of the site's `static/`, published as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticEntry {
    /// A folder, `/`-separated relative to `static/` (empty for `static/` itself).
    Dir(String),
    File {
        rel_path: String,
        path: PathBuf,
    },
}

/// Walks `static/` (absent: nothing): folders and regular files, sorted by name. A symbolic
/// link is skipped with a warning naming it: it could point anywhere on the machine. The one
/// rule for what `build` copies and what `serve` serves.
pub fn list_static(dir: &Path) -> Result<(Vec<StaticEntry>, Vec<Diagnostic>), Error> {
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    if !dir.is_dir() {
        return Ok((entries, warnings));
    }
    for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, err.into())
        })?;
        let Some(rel) = entry.path().strip_prefix(dir).ok().and_then(Path::to_str) else {
            warnings.push(Diagnostic::warning(
                Code::NotUtf8,
                entry.path(),
                None,
                "file name is not valid UTF-8; skipped",
            ));
            continue;
        };
        let rel_path = rel.replace('\\', "/");
        let kind = entry.file_type();
        if kind.is_symlink() {
            warnings.push(Diagnostic::warning(
                Code::ContentLink,
                entry.path(),
                None,
                "symbolic link in static/ not copied (nor served): only regular files are published",
            ));
        } else if kind.is_dir() {
            entries.push(StaticEntry::Dir(rel_path));
        } else if kind.is_file() {
            entries.push(StaticEntry::File {
                rel_path,
                path: entry.path().to_path_buf(),
            });
        }
    }
    Ok((entries, warnings))
}
