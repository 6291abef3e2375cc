//! A whole build (front-matter, model, timeline, every page, events.json, feeds, calendar) of a
//! site holding one article, in memory. The first byte picks the settings.
#![no_main]

use std::sync::OnceLock;

use annalist::config::{self, SiteConfig};
use annalist::render::Theme;
use libfuzzer_sys::fuzz_target;

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| Theme::from_sources(&[]).expect("built-in theme"))
}

fn config(pick: u8) -> SiteConfig {
    let yaml = match pick % 4 {
        0 => "",
        1 => "base_url: https://example.org/sub/\nmarkdown: {raw_html: allow}\n",
        2 => "language: ru\ntimezone: Asia/Pyongyang\norder: descending\nmarkdown: {raw_html: escape}\n",
        _ => "language: ko\nbase_url: https://example.org\ntaxonomies: [tags, people]\n",
    };
    config::parse(yaml).expect("config")
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let config = config(pick);
    let _ = annalist::memory::render(theme(), &config, &[("a.md", text)]);
});
