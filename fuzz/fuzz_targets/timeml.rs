//! The input reader of `annalist draft` (TimeML, HTML, Markdown, plain text) and the tagger on
//! what it reads: never a panic, whatever the bytes; every expression found lies on character
//! boundaries, in order, without overlap, so `--timeml` keeps every other byte of the text.
#![no_main]

use annalist::date::{EventDate, Zone};
use annalist::draft;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    let input = draft::read_input(raw);
    let dateline = input
        .dateline
        .as_deref()
        .and_then(|d| EventDate::parse(d, &Zone::Utc).ok())
        .or_else(|| EventDate::parse("2024-06-19", &Zone::Utc).ok());
    let timexes = draft::tag(&input.text, dateline.as_ref());
    let mut at = 0;
    for t in &timexes {
        assert!(t.span.start >= at && t.span.start < t.span.end, "{t:?}");
        assert!(input.text.is_char_boundary(t.span.start) && input.text.is_char_boundary(t.span.end));
        at = t.span.end;
    }
    let tagged = draft::to_timeml(&input.text, &timexes);
    if !input.text.contains(['<', '&']) {
        assert_eq!(draft::strip_tags(&tagged), input.text);
    }
});
