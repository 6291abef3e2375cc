//! The only module that writes. A build is written whole into a staging folder beside the output
//! folder, then swapped in; if anything fails before the swap, the previous output is untouched.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error};

/// Refuses output folders that would destroy the site or a folder that is not a previous build.
pub fn check_location(site: &Path, output: &Path) -> Result<(), Error> {
    let site_abs = site.canonicalize().map_err(|err| {
        Error::Usage(format!(
            "the site folder {} cannot be opened: {err}",
            site.display()
        ))
    })?;
    let out_abs = absolute(output)?;
    let refuse = |why: &str| {
        Err(Error::Usage(format!(
            "refusing to write the site into {}: {why}; choose another folder with --output",
            output.display()
        )))
    };
    if out_abs == site_abs {
        return refuse("it is the site folder itself");
    }
    if site_abs.starts_with(&out_abs) {
        return refuse("it contains the site folder");
    }
    for inner in ["content", "templates", "static"] {
        if out_abs.starts_with(site_abs.join(inner)) {
            return refuse(&format!("it is inside the site's {inner}/ folder"));
        }
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return refuse("it exists and is not a folder");
        }
        let empty = std::fs::read_dir(&out_abs)
            .map_err(|err| Error::io(output, err))?
            .next()
            .is_none();
        if !empty && !out_abs.join("index.html").is_file() {
            return refuse("it is a folder that does not look like a previous build (no index.html), and a build replaces it whole");
        }
    }
    Ok(())
}

/// An absolute, normalised form of a path that may not exist yet.
fn absolute(path: &Path) -> Result<PathBuf, Error> {
    let abs = std::path::absolute(path).map_err(|err| Error::io(path, err))?;
    // Canonicalise the longest existing ancestor, then append the rest.
    let mut existing = abs.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(canon) = existing.canonicalize() {
            let mut out = canon;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Ok(out);
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(Component::Normal(name))) => {
                rest.push(name);
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
}

/// Writes `files` and the site's `static/` into a fresh staging folder, then swaps it in for
/// `output`. A file of `static/` replaces a generated file of the same path (the theme's
/// `annalist.css`, say). Returns warnings (skipped links in `static/`).
pub fn commit(
    output: &Path,
    files: &[(&str, &[u8])],
    static_dir: Option<&Path>,
) -> Result<Vec<Diagnostic>, Error> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|err| Error::io(&parent, err))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.staging-{pid}"));
    let result = write_tree(&staging, files, static_dir);
    match result {
        Ok(warnings) => {
            swap(&staging, output, &parent.join(format!(".{name}.old-{pid}")))?;
            Ok(warnings)
        }
        Err(err) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(err)
        }
    }
}

fn write_tree(
    staging: &Path,
    files: &[(&str, &[u8])],
    static_dir: Option<&Path>,
) -> Result<Vec<Diagnostic>, Error> {
    // Every path comes from checked slugs, but the last line of defence is here: nothing is
    // written outside the output folder, whatever a bug upstream produced.
    if let Some((rel, _)) = files.iter().find(|(rel, _)| !inside(rel)) {
        return Err(Error::Site(vec![Diagnostic::new(
            *rel,
            None,
            "refusing to write a file outside the output folder (an absolute path, `..`, or an empty name)",
        )]));
    }
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(|err| Error::io(staging, err))?;
    }
    std::fs::create_dir_all(staging).map_err(|err| Error::io(staging, err))?;
    let dirs: BTreeSet<&str> = files
        .iter()
        .filter_map(|(path, _)| path.rsplit_once('/').map(|(d, _)| d))
        .collect();
    for dir in dirs {
        let path = staging.join(dir);
        std::fs::create_dir_all(&path).map_err(|err| Error::io(&path, err))?;
    }
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = staging.join(rel);
        std::fs::write(&path, bytes).map_err(|err| Error::io(&path, err))
    })?;
    match static_dir {
        Some(dir) if dir.is_dir() => copy_static(dir, staging),
        _ => Ok(Vec::new()),
    }
}

/// Whether a `/`-separated output path stays inside the folder it is joined to: plain names
/// only, no root, `..`, `.`, backslash, drive prefix or NUL.
fn inside(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains(['\\', '\0', ':'])
        && rel
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// Copies the site's `static/` as it is. Symbolic links are not followed (a link could point
/// anywhere on the machine); each is named in a warning.
fn copy_static(dir: &Path, staging: &Path) -> Result<Vec<Diagnostic>, Error> {
    let mut warnings = Vec::new();
    for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, err.into())
        })?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let target = staging.join(rel);
        let kind = entry.file_type();
        if kind.is_symlink() {
            warnings.push(Diagnostic::new(
                entry.path(),
                None,
                "symbolic link in static/ not copied: only regular files are published",
            ));
        } else if kind.is_dir() {
            std::fs::create_dir_all(&target).map_err(|err| Error::io(&target, err))?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).map_err(|err| Error::io(entry.path(), err))?;
        }
    }
    Ok(warnings)
}

/// Moves the old output aside, the staging folder into place, then deletes the old output.
fn swap(staging: &Path, output: &Path, old: &Path) -> Result<(), Error> {
    if old.exists() {
        std::fs::remove_dir_all(old).map_err(|err| Error::io(old, err))?;
    }
    let had_output = output.exists();
    if had_output {
        std::fs::rename(output, old).map_err(|err| Error::io(output, err))?;
    }
    if let Err(err) = std::fs::rename(staging, output) {
        if had_output {
            let _ = std::fs::rename(old, output);
        }
        return Err(Error::io(output, err));
    }
    if had_output {
        std::fs::remove_dir_all(old).map_err(|err| Error::io(old, err))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_output_are_refused_and_nothing_is_written() {
        for bad in [
            "../escape.html",
            "a/../../escape.html",
            "/tmp/escape.html",
            "a//b.html",
            "./a.html",
            "a\\..\\..\\b.html",
            "c:/x.html",
            "a\0b",
            "",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("site/public");
            let files: Vec<(&str, &[u8])> = vec![("index.html", b"ok"), (bad, b"evil")];
            let err = commit(&out, &files, None).expect_err(bad);
            assert!(
                err.to_string().contains("outside the output folder"),
                "{bad}: {err}"
            );
            assert_eq!(
                std::fs::read_dir(dir.path()).unwrap().count(),
                1,
                "{bad}: something was written beside the output"
            );
            assert!(!out.exists(), "{bad}");
        }
        assert!(inside("a/b/index.html") && inside("events.json") && inside(".well-known/x"));
    }
}
