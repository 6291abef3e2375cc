//! `annalist import`'s front-matter splitter and readers (TOML `+++`, YAML `---`, JSON `{…}`):
//! never a panic, the parts it returns are parts of the text, and the shortcode scan's lines
//! stay inside the body.
#![no_main]

use annalist::import::ssg::{read_front_matter, shortcodes, split_front_matter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(split) = split_front_matter(text) {
        assert!(text.contains(split.front), "{text:?}");
        assert!(text.ends_with(split.body), "{text:?}");
        let _ = read_front_matter(split.format, split.front);
        let last = split.body_line + split.body.matches('\n').count();
        for code in shortcodes(split.body, split.body_line) {
            assert!(code.line >= split.body_line && code.line <= last, "{text:?}");
        }
    }
});
