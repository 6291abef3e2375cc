//! Reading the site's articles: every `*.md` under `content/` (names starting with `.` or `_` are
//! skipped), read in parallel, as [`SourceFile`]s named by their path relative to `content/`.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error};

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

/// What reading the content folder found.
#[derive(Debug, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

fn skipped(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') || n.starts_with('_'))
}

/// Lists and reads every article. Files come back sorted by `rel_path`.
pub fn read_content(site: &Path) -> Result<Sources, Error> {
    let root = site.join(CONTENT_DIR);
    if !root.is_dir() {
        return Err(Error::Site(vec![Diagnostic::new(
            &root,
            None,
            "no content folder: a site keeps its articles as `*.md` files under `content/`",
        )]));
    }
    let mut out = Sources::default();
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
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
                out.errors
                    .push(Diagnostic::new(path, None, format!("cannot read: {err}")));
                continue;
            }
        };
        if entry.file_type().is_symlink() {
            out.warnings.push(Diagnostic::new(
                entry.path(),
                None,
                "symbolic link skipped: annalist reads only regular files inside content/",
            ));
            continue;
        }
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = entry.path().strip_prefix(&root).unwrap_or(entry.path());
        let Some(rel_str) = rel.to_str() else {
            out.warnings.push(Diagnostic::new(
                entry.path(),
                None,
                "file name is not valid UTF-8; skipped",
            ));
            continue;
        };
        let rel_path = rel_str.replace('\\', "/");
        paths.push((rel_path, entry.path().to_path_buf()));
    }
    let read: Vec<Result<SourceFile, Diagnostic>> = paths
        .into_par_iter()
        .map(|(rel_path, path)| read_one(rel_path, path))
        .collect();
    for r in read {
        match r {
            Ok(file) => out.files.push(file),
            Err(d) => out.errors.push(d),
        }
    }
    Ok(out)
}

fn read_one(rel_path: String, path: PathBuf) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(&path)
        .map_err(|err| Diagnostic::new(&path, None, format!("cannot read: {err}")))?;
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
            Err(Diagnostic::new(
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
