//! The only module that writes. A build is written whole into a staging folder beside the output
//! folder, then swapped in; if anything fails before the swap, the previous output is untouched.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Diagnostic, Error};
use crate::source::StaticEntry;

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

/// A staging folder beside the output folder: pages are written into it as they are rendered,
/// then [`Staging::commit`] adds `static/` and swaps it in for the output. Dropped without a
/// commit (any error), it is removed and the previous output stays as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates a fresh, empty staging folder for `output`.
    pub fn new(output: &Path) -> Result<Staging, Error> {
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
        let dir = parent.join(format!(".{name}.staging-{pid}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|err| Error::io(&dir, err))?;
        }
        std::fs::create_dir_all(&dir).map_err(|err| Error::io(&dir, err))?;
        Ok(Staging {
            old: parent.join(format!(".{name}.old-{pid}")),
            output: output.to_path_buf(),
            dir,
            committed: false,
        })
    }

    /// Creates one file to be written as it is made (`rel` is `/`-separated, checked to stay
    /// inside the folder); [`Staging::finish`] flushes it.
    pub fn create(&self, rel: &str) -> Result<std::io::BufWriter<std::fs::File>, Error> {
        // Every path comes from checked slugs, but the last line of defence is here: nothing
        // is written outside the output folder, whatever a bug upstream produced.
        if !inside(rel) {
            return Err(Error::Site(vec![Diagnostic::error(
                crate::error::Code::OutputFolder,
                rel,
                None,
                "refusing to write a file outside the output folder (an absolute path, `..`, or an empty name)",
            )]));
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
        }
        let file = std::fs::File::create(&path).map_err(|err| Error::io(&path, err))?;
        Ok(std::io::BufWriter::with_capacity(32 * 1024, file))
    }

    /// Flushes a file made by [`Staging::create`].
    pub fn finish(
        &self,
        rel: &str,
        mut file: std::io::BufWriter<std::fs::File>,
    ) -> Result<(), Error> {
        file.flush()
            .map_err(|err| Error::io(&self.dir.join(rel), err))
    }

    /// The error for a failed write to `rel`.
    pub fn failed(&self, rel: &str, err: std::io::Error) -> Error {
        Error::io(&self.dir.join(rel), err)
    }

    /// Copies `static/` into the staging folder, then swaps it in for the output folder.
    /// Returns warnings (skipped links in `static/`).
    pub fn commit(mut self, static_dir: Option<&Path>) -> Result<Vec<Diagnostic>, Error> {
        let warnings = match static_dir {
            Some(dir) if dir.is_dir() => copy_static(dir, &self.dir)?,
            _ => Vec::new(),
        };
        swap(&self.dir, &self.output, &self.old)?;
        self.committed = true;
        Ok(warnings)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
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

/// Copies the site's `static/` as it is (see [`crate::source::list_static`] for what is left
/// out, and why).
fn copy_static(dir: &Path, staging: &Path) -> Result<Vec<Diagnostic>, Error> {
    let (entries, warnings) = crate::source::list_static(dir)?;
    for entry in entries {
        match entry {
            StaticEntry::Dir(rel) => {
                let target = staging.join(rel);
                std::fs::create_dir_all(&target).map_err(|err| Error::io(&target, err))?;
            }
            StaticEntry::File { rel_path, path } => {
                let target = staging.join(rel_path);
                std::fs::copy(&path, &target).map_err(|err| Error::io(&path, err))?;
            }
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
            let staging = Staging::new(&out).unwrap();
            let mut file = staging.create("index.html").unwrap();
            file.write_all(b"ok").unwrap();
            staging.finish("index.html", file).unwrap();
            let err = staging.create(bad).expect_err(bad);
            drop(staging);
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
