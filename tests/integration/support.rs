//! The harness: sites in temporary folders, the real `annalist` binary run on them, output trees
//! read and compared, volatile text normalised, expectations rewritten with `UPDATE_EXPECT=1`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use tempfile::TempDir;

/// How long any one run may take before the test fails (a hang is a bug, not a slow machine).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The repository root (holds the demo site and the test data).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/<rel>` in the repository.
pub fn tests_dir(rel: &str) -> PathBuf {
    repo_root().join("tests").join(rel)
}

/// Whether expectations are to be rewritten rather than checked.
pub fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A scratch folder holding one site at `<root>/site`; outputs go beside it.
pub struct Site {
    root: TempDir,
}

impl Site {
    /// An empty site folder (no `content/` yet).
    pub fn empty() -> Site {
        let root = tempfile::Builder::new()
            .prefix("annalist-test")
            .tempdir()
            .expect("temp dir");
        std::fs::create_dir(root.path().join("site")).expect("create site dir");
        Site { root }
    }

    /// A site written from (path under the site, text) pairs.
    pub fn inline(files: &[(&str, &str)]) -> Site {
        let site = Site::empty();
        for (path, text) in files {
            site.write(path, text.as_bytes());
        }
        site
    }

    /// A copy of a site folder on disk.
    pub fn copy_of(dir: &Path) -> Site {
        let site = Site::empty();
        copy_tree(dir, &site.dir());
        site
    }

    /// A copy of the demo site at the repository root (`content/`, `static/`, `site.yaml`).
    pub fn demo() -> Site {
        let site = Site::empty();
        copy_tree(&repo_root().join("content"), &site.path("content"));
        copy_tree(&repo_root().join("static"), &site.path("static"));
        std::fs::copy(repo_root().join("site.yaml"), site.path("site.yaml"))
            .expect("copy site.yaml");
        site
    }

    /// The temporary root (the site is `site/` in it).
    pub fn root(&self) -> PathBuf {
        self.root.path().to_path_buf()
    }

    /// The site folder.
    pub fn dir(&self) -> PathBuf {
        self.root.path().join("site")
    }

    /// A path under the site folder.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir().join(rel)
    }

    /// A path under the temporary root, beside the site.
    pub fn beside(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// Writes a file under the site folder, creating its folders.
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        write_file(&self.path(rel), bytes);
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).expect("remove file");
    }

    /// `annalist build <site> -o <root>/<out>` plus `extra` arguments.
    pub fn build_to(&self, out: &str, extra: &[&str]) -> Run {
        let out = self.beside(out);
        let mut args: Vec<String> = vec!["build".into(), self.dir().display().to_string()];
        args.push("-o".into());
        args.push(out.display().to_string());
        args.extend(extra.iter().map(|s| s.to_string()));
        self.run(&args, &[], DEFAULT_TIMEOUT)
    }

    /// Runs the binary in the temporary root with `args` and extra environment variables.
    pub fn run<S: AsRef<str>>(&self, args: &[S], env: &[(&str, &str)], timeout: Duration) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_annalist"));
        cmd.current_dir(self.root.path());
        for a in args {
            cmd.arg(a.as_ref());
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut run = run_with_timeout(cmd, timeout);
        run.root = Some(self.root());
        run
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The temporary root, replaced by `$ROOT` in normalised text.
    pub root: Option<PathBuf>,
}

impl Run {
    /// Fails the test with the run's output unless it exited with `code`.
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit status {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn assert_success(&self) -> &Run {
        self.assert_code(0)
    }

    /// Fails unless stderr contains every fragment (after normalisation).
    pub fn assert_stderr_has(&self, fragments: &[&str]) -> &Run {
        let err = self.stderr_normalized();
        for f in fragments {
            assert!(
                err.contains(f),
                "stderr lacks {f:?}\n--- stderr (normalised)\n{err}"
            );
        }
        self
    }

    /// stderr with the temporary root as `$ROOT` and timings as `(N ms)`.
    pub fn stderr_normalized(&self) -> String {
        normalize(&self.stderr, self.root.as_deref())
    }
}

/// Spawns `cmd`, waits at most `timeout`, kills it on expiry (the test then fails).
pub fn run_with_timeout(mut cmd: Command, timeout: Duration) -> Run {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = cmd.spawn().expect("start annalist");
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(timeout) {
        Ok(output) => {
            let output = output.expect("wait for annalist");
            Run {
                code: output.status.code(),
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
                root: None,
            }
        }
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("annalist did not finish within {timeout:?}; killed (pid {pid})");
        }
    }
}

/// Replaces the temporary root with `$ROOT` and `(123 ms)` with `(N ms)`.
pub fn normalize(text: &str, root: Option<&Path>) -> String {
    let mut text = text.to_string();
    if let Some(root) = root {
        let mut forms = vec![root.display().to_string()];
        if let Ok(canon) = root.canonicalize() {
            forms.push(canon.display().to_string());
        }
        forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
        for form in forms {
            text = text.replace(&form, "$ROOT");
        }
    }
    normalize_ms(&text)
}

fn normalize_ms(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(" ms)") {
            out.push_str("(N ms)");
            rest = &after[digits + 4..];
        } else {
            out.push('(');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

pub fn write_file(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Copies a folder recursively (regular files and folders).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
    {
        let entry = entry.expect("dir entry");
        let kind = entry.file_type().expect("file type");
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir`: `/`-separated relative path → bytes. Folders show through their files;
/// an empty folder is listed as `path/` with no bytes so that it is not lost.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    read_tree_into(dir, "", &mut out);
    out
}

fn read_tree_into(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    let entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry"))
        .collect();
    if entries.is_empty() && !prefix.is_empty() {
        out.insert(prefix.to_string(), Vec::new());
    }
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if entry.file_type().expect("file type").is_dir() {
            read_tree_into(&entry.path(), &format!("{rel}/"), out);
        } else {
            out.insert(rel, std::fs::read(entry.path()).expect("read file"));
        }
    }
}

/// Fails with a readable list of differences unless the two trees are equal byte for byte.
pub fn assert_trees_equal(
    actual: &BTreeMap<String, Vec<u8>>,
    expected: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    if actual == expected {
        return;
    }
    let mut report = Vec::new();
    for path in expected.keys().filter(|p| !actual.contains_key(*p)) {
        report.push(format!("missing:  {path}"));
    }
    for path in actual.keys().filter(|p| !expected.contains_key(*p)) {
        report.push(format!("extra:    {path}"));
    }
    for (path, bytes) in actual {
        if let Some(want) = expected.get(path) {
            if want != bytes {
                report.push(format!(
                    "differs:  {path}\n{}",
                    first_difference(want, bytes)
                ));
            }
        }
    }
    panic!("{what}: trees differ\n{}", report.join("\n"));
}

/// The first differing line of two texts, for a readable failure.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let e = String::from_utf8_lossy(expected);
    let a = String::from_utf8_lossy(actual);
    let mut el = e.lines();
    let mut al = a.lines();
    let mut n = 0;
    loop {
        n += 1;
        match (el.next(), al.next()) {
            (None, None) => {
                return "          (same lines; line ends or final newline differ)".into()
            }
            (x, y) if x == y => continue,
            (x, y) => {
                return format!(
                    "          line {n}\n          expected: {}\n          actual:   {}",
                    x.unwrap_or("<end of file>"),
                    y.unwrap_or("<end of file>")
                )
            }
        }
    }
}

/// Compares the tree at `actual` with the expected tree at `expected`; with `UPDATE_EXPECT=1`
/// rewrites the expected tree instead.
/// The output tree without the theme's assets (written into every build: compared with the
/// repository's copy here rather than stored again in every expected tree), after checking they
/// are the theme's own bytes.
fn without_theme_assets(mut tree: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    for (asset, _) in annalist::render::theme::BUILTIN_ASSETS {
        let bytes = tree
            .remove(*asset)
            .unwrap_or_else(|| panic!("{asset} is missing from the output"));
        let theme = std::fs::read(repo_root().join("templates/assets").join(asset))
            .expect("the theme's asset");
        assert!(
            bytes == theme,
            "{asset} differs from templates/assets/{asset}"
        );
    }
    tree
}

pub fn expect_tree(actual: &Path, expected: &Path) {
    expect_tree_of(&without_theme_assets(read_tree(actual)), expected);
}

/// [`expect_tree`] of a tree read already (an import's, which holds no theme assets).
pub fn expect_tree_of(tree: &BTreeMap<String, Vec<u8>>, expected: &Path) {
    if updating() {
        if expected.exists() {
            std::fs::remove_dir_all(expected).expect("remove old expectation");
        }
        for (path, bytes) in tree {
            write_file(&expected.join(path), bytes);
        }
        return;
    }
    assert!(
        expected.is_dir(),
        "no expected output at {}; run with UPDATE_EXPECT=1 to write it, then review it",
        expected.display()
    );
    assert_trees_equal(
        tree,
        &read_tree(expected),
        &format!("output vs {}", expected.display()),
    );
}

/// Compares `actual` with the text file `expected`; with `UPDATE_EXPECT=1` rewrites the file.
pub fn expect_text(actual: &str, expected: &Path) {
    if updating() {
        write_file(expected, actual.as_bytes());
        return;
    }
    let want = std::fs::read_to_string(expected).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}); run with UPDATE_EXPECT=1 to write it, then review it",
            expected.display()
        )
    });
    assert_eq!(
        actual,
        want,
        "text differs from {} (rerun with UPDATE_EXPECT=1 to accept)",
        expected.display()
    );
}

/// Reads a text file of the output, failing with its path.
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// `events.json` of an output folder, parsed: the list under `events`.
pub fn events_json(out: &Path) -> Vec<serde_json::Value> {
    let text = read_text(&out.join("events.json"));
    let value: serde_json::Value = serde_json::from_str(&text).expect("events.json is JSON");
    value["events"]
        .as_array()
        .expect("events.json has an `events` list")
        .clone()
}

/// The `id` of every event in `events.json`, in order.
pub fn event_ids(out: &Path) -> Vec<String> {
    events_json(out)
        .iter()
        .map(|e| e["id"].as_str().expect("event id is a string").to_string())
        .collect()
}

/// The event with `id` in `events.json`.
pub fn event<'a>(events: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    events
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no event `{id}` in events.json"))
}

/// The entries of a folder, sorted (names only).
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Puts a previous build in `dir` (an `index.html`, a sentinel and a sub folder) and returns its
/// tree, to check later that a failed or refused build left it as it was.
pub fn previous_build(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    write_file(&dir.join("index.html"), b"<!-- previous build -->\n");
    write_file(&dir.join("sentinel.txt"), b"left by an earlier build\n");
    write_file(&dir.join("old-article/index.html"), b"<p>old</p>\n");
    read_tree(dir)
}

/// How the theme opens a JSON-LD block.
pub const JSON_LD_OPEN: &str = "<script type=\"application/ld+json\">";

/// The page with its JSON-LD blocks taken out, after checking that none holds a `<` (JSON in a
/// `<script>` writes it `\u003c`).
pub fn without_json_ld(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(JSON_LD_OPEN) {
        out.push_str(&rest[..start]);
        let body = &rest[start + JSON_LD_OPEN.len()..];
        let end = body.find("</script>").expect("JSON-LD closed");
        assert!(
            !body[..end].contains('<'),
            "`<` inside JSON-LD: {}",
            &body[..end]
        );
        serde_json::from_str::<serde_json::Value>(&body[..end]).expect("JSON-LD parses");
        rest = &body[end + "</script>".len()..];
    }
    out.push_str(rest);
    out
}
