//! The one order of events: by the UTC instant their period starts, then coarser precision, then
//! earlier end, then article path, then position in the article.

use crate::support::{event_ids, Site};

#[test]
fn events_in_different_zones_interleave_by_utc() {
    let site = Site::inline(&[(
        "content/zones.md",
        // Listed in local-date order, which is not the UTC order:
        //   seoul   2024-06-19T01:00+09:00 = 2024-06-18T16:00Z
        //   tokyo   2024-06-19T01:30 Asia/Tokyo (+09:00) = 2024-06-18T16:30Z
        //   moscow  2024-06-18T20:00+03:00 = 2024-06-18T17:00Z
        //   utc     2024-06-18T16:15Z
        //   day     2024-06-18 in Asia/Pyongyang (article zone) = 2024-06-17T15:00Z
        "---
title: Zones
timezone: Asia/Pyongyang
events:
  - id: moscow
    title: Evening in Moscow
    date: 2024-06-18T20:00+03:00
  - id: seoul
    title: Night in Seoul
    date: 2024-06-19T01:00+09:00
  - id: tokyo
    title: Night in Tokyo
    date: 2024-06-19T01:30
    timezone: Asia/Tokyo
  - id: utc
    title: Afternoon in UTC
    date: 2024-06-18T16:15Z
  - id: day
    title: A whole day in Pyongyang
    date: 2024-06-18
---
",
    )]);
    site.build_to("out", &[]).assert_success();
    assert_eq!(
        event_ids(&site.beside("out")),
        ["day", "seoul", "utc", "tokyo", "moscow"]
    );
}

#[test]
fn ties_go_to_precision_then_end_then_path_then_position() {
    let site = Site::inline(&[
        (
            "content/b.md",
            // Positions are the reverse of the expected order, so position alone would fail.
            "---
title: B
events:
  - id: day-2024
    title: The first day
    date: 2024-01-01
  - id: month-2024
    title: The first month
    date: 2024-01
  - id: year-2024
    title: The year
    date: 2024
  - id: ends-05
    title: Ends on the 5th
    date: 2024-03-01
    end: 2024-03-05
  - id: ends-02
    title: Ends on the 2nd
    date: 2024-03-01
    end: 2024-03-02
  - id: no-end
    title: One day
    date: 2024-03-01
  - id: path-b
    title: In b.md
    date: 2024-04-01
  - id: position-0
    title: First in b.md
    date: 2024-05-01
  - id: position-1
    title: Second in b.md
    date: 2024-05-01
---
",
        ),
        (
            "content/a.md",
            "---
title: A
events:
  - id: path-a
    title: In a.md
    date: 2024-04-01
---
",
        ),
    ]);
    site.build_to("out", &[]).assert_success();
    assert_eq!(
        event_ids(&site.beside("out")),
        [
            "year-2024",
            "month-2024",
            "day-2024",
            "no-end",
            "ends-02",
            "ends-05",
            "path-a",
            "path-b",
            "position-0",
            "position-1",
        ]
    );
}

#[test]
fn the_order_does_not_depend_on_file_names_when_dates_differ() {
    // z.md's event is earlier than a.md's: the path is only a tie-breaker.
    let site = Site::inline(&[
        ("content/a.md", "---\ntitle: A\ndate: 2024-02-01\n---\n"),
        ("content/z.md", "---\ntitle: Z\ndate: 2024-01-01\n---\n"),
        (
            "content/m/nested.md",
            "---\ntitle: Nested\ndate: 2023-12-31\n---\n",
        ),
    ]);
    site.build_to("out", &[]).assert_success();
    assert_eq!(event_ids(&site.beside("out")), ["nested", "z", "a"]);
}
