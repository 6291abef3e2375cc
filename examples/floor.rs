//! The floor of a build, for the benchmark: the least any static-site generator must do with
//! these files. Reads every `*.md` under SITE/content, parses its front-matter (the same YAML
//! parser annalist uses), renders its Markdown (the same pulldown-cmark options), and writes one
//! HTML file per article into OUT, on every core. No templates, no timeline, no pages but the
//! articles' own.
//!
//!     cargo run --release --example floor -- SITE OUT

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [site, out] = args.as_slice() else {
        eprintln!("usage: floor SITE OUT");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = WalkDir::new(site.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    std::fs::create_dir_all(out).expect("create the output folder");
    let written: usize = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| one(path, &out.join(format!("{i}.html"))))
        .sum();
    eprintln!("floor: {} articles, {written} bytes", files.len());
}

fn one(path: &Path, target: &Path) -> usize {
    let text = std::fs::read_to_string(path).expect("read an article");
    let split = annalist::frontmatter::split(&text).expect("front-matter");
    let yaml: serde_json::Value =
        annalist::frontmatter::parse_yaml(split.yaml).expect("front-matter YAML");
    let title = yaml.get("title").and_then(|t| t.as_str()).unwrap_or("");
    let body = annalist::markdown::to_html(split.body, annalist::markdown::RawHtml::Allow);
    let html = format!("<!DOCTYPE html><title>{title}</title>\n{body}");
    std::fs::write(target, &html).expect("write");
    html.len()
}
