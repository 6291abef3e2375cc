//! The front-matter splitter and parser, and the line index, on any text.
#![no_main]

use annalist::frontmatter::{self, LineIndex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(split) = frontmatter::split(text) {
        // The parts are slices of the text, in order.
        assert!(split.yaml.len() + split.body.len() <= text.len());
        let index = LineIndex::new(split.yaml, split.yaml_line);
        for key in ["title", "date", "events", "slug"] {
            let _ = index.key(key);
        }
        for i in 0..4 {
            let _ = (index.event(i), index.event_key(i, "date"));
        }
    }
    match frontmatter::parse(text, 64 * 1024) {
        Ok(fm) => {
            assert!(fm.body.len() <= text.len());
        }
        Err(e) => {
            assert!(e.line >= 1, "{e:?}");
            assert!(!e.message.is_empty());
        }
    }
    // site.yaml goes through the same YAML reader.
    let _ = annalist::config::parse(text);
});
