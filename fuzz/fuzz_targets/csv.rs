//! A sheet (`content/sheet.csv`): read alone (every column checked, rows named by line), then a
//! whole build of a site holding it, in memory. The first byte picks the settings: with or
//! without `lanes`, and which header row the rest is read under (none: the input's own).
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use annalist::config::{self, SiteConfig};
use annalist::render::Theme;
use annalist::sheet::{self, SheetOptions};
use libfuzzer_sys::fuzz_target;

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| Theme::from_sources(&[]).expect("built-in theme"))
}

const HEADERS: &[&str] = &[
    "",
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Alt Text,Type,Group,Background\n",
    "id;title;date;end;display_date;timezone;summary;place;sources;media;media_alt;tags\n",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let yaml = if pick & 1 == 0 {
        ""
    } else {
        "taxonomies: [tags, people]\nlanes: people\nmarkdown: {raw_html: allow}\n"
    };
    let config: SiteConfig = config::parse(yaml).expect("config");
    let text = format!("{}{text}", HEADERS[usize::from(pick >> 1) % HEADERS.len()]);
    let read = sheet::read(
        &text,
        Path::new("content/sheet.csv"),
        &SheetOptions {
            taxonomies: &config.taxonomies,
            lanes: config.lanes.as_deref(),
        },
    );
    for d in read.errors.iter().chain(&read.notes) {
        assert!(d.line.is_some(), "a sheet's message names its line: {d:?}");
    }
    let _ = annalist::memory::render(theme(), &config, &[("sheet.csv", &text)]);
});
