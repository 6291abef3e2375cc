use super::*;
use proptest::prelude::*;

fn opts() -> (Vec<String>, Option<&'static str>) {
    (vec!["tags".into(), "people".into()], None)
}

fn read_text(text: &str) -> Read {
    let (taxonomies, lanes) = opts();
    read(
        text,
        Path::new("content/sheet.csv"),
        &SheetOptions {
            taxonomies: &taxonomies,
            lanes,
        },
    )
}

fn messages(read: &Read) -> Vec<String> {
    read.errors.iter().map(Diagnostic::display).collect()
}

fn dates(read: &Read) -> Vec<(Option<RawDate>, Option<RawDate>)> {
    read.sheet
        .raw
        .events
        .iter()
        .flatten()
        .map(|e| (e.date.clone(), e.end.clone()))
        .collect()
}

fn text(s: &str) -> Option<RawDate> {
    Some(RawDate::Text(s.into()))
}

#[test]
fn timelinejs_date_cells_make_a_date_to_the_finest_cell() {
    let read = read_text(
        "year,MONTH,Day,time,End Year,end_month,Headline\n\
         2024,,,,,,A\n\
         2024,6,,,2025,1,B\n\
         2024,6,19,2:05 pm,,,C\n\
         2024,6,19,14:05:09,,,D\n\
         -43,3,15,12 am,,,E\n\
         13 800 000 000,,,,,,F\n\
         \"1,914\",,,,,,G\n\
         44 BCE,,,,,,H\n",
    );
    assert!(read.errors.is_empty(), "{:?}", messages(&read));
    assert_eq!(
        dates(&read),
        vec![
            (text("2024"), None),
            (text("2024-06"), text("2025-01")),
            (text("2024-06-19T14:05"), None),
            (text("2024-06-19T14:05:09"), None),
            (text("-0043-03-15T00:00"), None),
            (text("Y13800000000"), None),
            (text("1914"), None),
            (text("-0043"), None),
        ]
    );
}

#[test]
fn times_read_with_and_without_am_pm() {
    let t = |s: &str| read_time(s).map(|c| (c.hour, c.minute, c.second));
    assert_eq!(t("9am"), Ok((9, 0, None)));
    assert_eq!(t("12:30 a.m."), Ok((0, 30, None)));
    assert_eq!(t("12 PM"), Ok((12, 0, None)));
    assert_eq!(t("11:59:59 pm"), Ok((23, 59, Some(59))));
    assert_eq!(t("0:00"), Ok((0, 0, None)));
    for bad in ["13 pm", "24:00", "9:5", "9:60", "noon", "", "1:2:3:4"] {
        assert!(t(bad).is_err(), "{bad}");
    }
}

#[test]
fn numbers_may_hold_spaces_and_thousands_separators() {
    for (cell, n) in [
        ("1 000", 1000),
        ("1,000", 1000),
        ("1.000.000", 1_000_000),
        ("\u{a0}12\u{202f}345", 12345),
        ("−500", -500),
        ("+7", 7),
    ] {
        assert_eq!(read_number(cell), Ok(n), "{cell}");
    }
    for bad in ["1.5", "x", "-", "99999999999999999999", "1e3"] {
        assert!(read_number(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_bad_cell_names_its_row_and_column() {
    let read = read_text("Headline,Year,Month\nA,2000,1\n\"B\nsecond line\",2000,2\nC,2000,13\n");
    assert_eq!(
        messages(&read),
        vec!["content/sheet.csv:5: error: column Month: `13` is not a month; expected a whole number from 1 to 12 [bad-sheet]"]
    );
}

#[test]
fn an_unknown_column_is_named_with_the_nearest_known_one() {
    let read = read_text("Headline,Yaer,peple\n");
    let shown = messages(&read);
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].contains("column Yaer: not a column annalist reads; did you mean Year?"),
        "{shown:?}"
    );
    assert!(shown[1].contains("did you mean people?"), "{shown:?}");
}

#[test]
fn two_columns_for_one_value_are_an_error() {
    for header in ["Headline,title", "date,Year", "Text,summary", "end,End Day"] {
        let read = read_text(&format!("{header}\n"));
        assert_eq!(read.errors.len(), 1, "{header}: {:?}", messages(&read));
    }
}

#[test]
fn annalist_columns_and_semicolons() {
    let read = read_text(
        "id;title;date;end;sources;media;media_alt;tags;Place\n\
         a1;One;2024-06-19;2024-06-20;RIA; TASS;pic.jpg;\"A; B\";x;y;Here\n",
    );
    assert!(
        !read.errors.is_empty(),
        "a row with more cells than the header"
    );
    let read = read_text(
        "id;title;date;end;sources;media;media_alt;tags;Place\n\
         a1;One;2024-06-19;2024-06-20;\"RIA; TASS https://tass.ru/\";pic.jpg;A pic;x, y;Here\n",
    );
    assert!(read.errors.is_empty(), "{:?}", messages(&read));
    let e = &read.sheet.raw.events.as_ref().unwrap()[0];
    assert_eq!(e.id.as_deref(), Some("a1"));
    assert_eq!(e.end, text("2024-06-20"));
    assert_eq!(e.place.as_deref(), Some("Here"));
    let names: Vec<_> = e
        .sources
        .iter()
        .flatten()
        .map(|s| s.name.clone().unwrap())
        .collect();
    assert_eq!(names, ["RIA", "TASS"]);
    let urls: Vec<_> = e.sources.iter().flatten().map(|s| s.url.clone()).collect();
    assert_eq!(urls, [None, Some("https://tass.ru/".to_string())]);
    let m = &e.media.as_ref().unwrap()[0];
    assert_eq!(
        (m.src.as_deref(), m.alt.as_deref()),
        (Some("pic.jpg"), Some("A pic"))
    );
    assert_eq!(e.rest["tags"], serde_json::json!(["x, y"]));
}

#[test]
fn title_and_era_rows() {
    let read = read_text(
        "Type,Headline,Text,Year,End Year,Group\n\
         title,The years,<p>Intro</p>,,,\n\
         era,Old days,<b>long</b> ago,1900,1950,\n\
         ,Event,,1920,,Kim\n\
         Title,Again,,,,\n\
         slide,X,,2000,,\n",
    );
    let shown = messages(&read);
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0]
            .starts_with("content/sheet.csv:5: error: a second title row (the first is at line 2)"),
        "{shown:?}"
    );
    assert!(
        shown[1].contains(":6: error: column Type: `slide` is not a row type"),
        "{shown:?}"
    );
    let sheet = &read.sheet;
    assert_eq!(sheet.summaries, Summaries::Html);
    assert_eq!(sheet.raw.title.as_deref(), Some("The years"));
    assert_eq!(sheet.raw.summary.as_deref(), Some("<p>Intro</p>"));
    assert_eq!(sheet.eras.len(), 1);
    assert_eq!(sheet.eras[0].line, 3);
    assert_eq!(sheet.eras[0].raw.summary.as_deref(), Some("long ago"));
    assert_eq!(sheet.eras[0].raw.end, text("1950"));
    // `Group` goes to `tags` when the site has no `lanes`.
    assert_eq!(
        sheet.raw.events.as_ref().unwrap()[0].rest["tags"],
        serde_json::json!(["Kim"])
    );
}

#[test]
fn without_a_title_row_the_file_names_the_article() {
    let read = read_text("Headline,Year\nA,2000\n");
    assert_eq!(read.sheet.raw.title.as_deref(), Some("Sheet"));
}

#[test]
fn a_cell_needs_the_coarser_cells_beside_it() {
    let read = read_text("Headline,Year,Month,Day,Time\nA,2000,,3,\nB,,,,10:00\n");
    let shown = messages(&read);
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].contains(":2: error: column Day: `3` needs a Month cell"),
        "{shown:?}"
    );
    assert!(
        shown[1].contains(":3: error: column Time: `10:00` needs a Day cell"),
        "{shown:?}"
    );
}

#[test]
fn too_many_rows_is_a_typed_error() {
    let text = format!("Headline,Year\n{}", "A,2000\n".repeat(MAX_ROWS + 1));
    let read = read_text(&text);
    assert_eq!(read.errors.len(), 1);
    assert_eq!(read.errors[0].code, Code::SheetTooLarge);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any cell text, written by the csv writer with either separator, reads back as written
    /// (less the spaces at its ends, which a sheet's cells never mean).
    #[test]
    fn cells_written_by_a_csv_writer_read_back(
        titles in proptest::collection::vec("\\PC{1,30}|[ a-z\",;\r\n\u{feff}]{1,12}", 1..8),
        semicolon in any::<bool>(),
    ) {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(if semicolon { b';' } else { b',' })
            .from_writer(Vec::new());
        writer.write_record(["Headline", "Place"]).unwrap();
        for t in &titles {
            writer.write_record([t.as_str(), t.as_str()]).unwrap();
        }
        let bytes = writer.into_inner().unwrap();
        let read = read_text(std::str::from_utf8(&bytes).unwrap());
        prop_assert!(read.errors.is_empty(), "{:?}", messages(&read));
        let want: Vec<String> = titles
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let got: Vec<String> = read.sheet.raw.events.iter().flatten()
            .map(|e| e.place.clone().unwrap_or_default())
            .collect();
        prop_assert_eq!(got, want);
    }

    /// The reader never panics, whatever the bytes (as text).
    #[test]
    fn any_text_reads_without_panicking(text in "\\PC{0,200}|[\",;\r\n a-zA-Z0-9:-]{0,200}") {
        let _ = read_text(&format!("Year,Month,Day,Time,Headline,Type,Group\n{text}"));
        let _ = read_text(&text);
    }
}
