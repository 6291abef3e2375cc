//! The front-matter writer on whatever the parser reads: writing a parsed front-matter and
//! parsing it again gives the same raw article, key order included.
#![no_main]

use annalist::frontmatter;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(fm) = frontmatter::parse(text, 64 * 1024) {
        let yaml = frontmatter::write(&fm.raw);
        let text = format!("---\n{yaml}---\n");
        let again = frontmatter::parse(&text, u64::MAX)
            .unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        assert_eq!(again.raw, fm.raw, "{yaml}");
    }
});
