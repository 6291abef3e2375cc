use std::collections::BTreeMap;

use super::*;
use crate::config::SiteConfig;
use crate::render::{OutputFile, Theme};

fn all_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokens(text, |t| out.push(t.to_string()));
    out
}

#[test]
fn tokens_are_lower_case_without_diacritics() {
    assert_eq!(
        all_tokens("Élysée Palace, São PAULO; naïve café"),
        ["elysee", "palace", "sao", "paulo", "naive", "cafe"]
    );
}

#[test]
fn russian_is_folded_with_yo_as_ye() {
    assert_eq!(all_tokens("Встреча в Ёлкине"), ["встреча", "елкине"]);
    assert_eq!(fold("ЁЖ"), "еж");
}

#[test]
fn korean_is_cut_into_syllable_bigrams() {
    assert_eq!(all_tokens("김정은 평양"), ["김정", "정은", "평양"]);
    // A lone syllable is a token of its own; Hangul is not decomposed into jamo.
    assert_eq!(all_tokens("북 Korea"), ["북", "korea"]);
    // A run of Latin letters beside Hangul is a word of its own.
    assert_eq!(all_tokens("K팝"), ["팝"]);
}

#[test]
fn one_letter_words_are_left_out_and_long_tokens_cut() {
    assert_eq!(all_tokens("a b cd 7"), ["cd"]);
    let long = "x".repeat(100);
    assert_eq!(all_tokens(&long)[0].chars().count(), MAX_TOKEN_CHARS);
}

#[test]
fn shard_keys_are_two_characters_or_one_cjk_and_safe_file_names() {
    assert_eq!(base_key("pyongyang"), "py");
    assert_eq!(base_key("평양"), "평");
    assert_eq!(file_key("py"), "py");
    assert_eq!(file_key("пу"), "_43f__443_");
    assert_eq!(file_key("평"), "_d3c9_");
}

fn theme() -> &'static Theme {
    static THEME: std::sync::OnceLock<Theme> = std::sync::OnceLock::new();
    THEME.get_or_init(|| Theme::from_sources(&[]).expect("built-in theme"))
}

fn site(files: &[(&str, &str)], config: &SiteConfig) -> BTreeMap<String, Vec<u8>> {
    crate::memory::render(theme(), config, files)
        .expect("the site builds")
        .into_iter()
        .filter(|f: &OutputFile| is_index_file(&f.path))
        .map(|f| (f.path, f.bytes))
        .collect()
}

fn article(n: usize, title: &str) -> String {
    format!(
        "---\ntitle: Article {n}\nevents:\n  - title: {title}\n    date: 2024-06-{:02}\n    people: [Kim Jong Un]\n---\nBody of {n} mentions the zeppelin.\n",
        n % 28 + 1
    )
}

#[test]
fn an_event_on_the_last_page_is_found_with_its_page_link() {
    let config = SiteConfig {
        paginate: 5,
        ..SiteConfig::default()
    };
    let texts: Vec<(String, String)> = (0..15)
        .map(|n| {
            let title = if n == 14 {
                "Quokka summit".into()
            } else {
                format!("Meeting {n}")
            };
            (format!("a{n:02}.md"), article(n, &title))
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let index = site(&files, &config);
    let found = lookup(&index, "quo");
    assert_eq!(found.len(), 1, "{found:?}");
    let doc = *found.iter().next().unwrap();
    let chunk: serde_json::Value =
        serde_json::from_slice(&index[&format!("search/d/{}.json", doc as usize / CHUNK)]).unwrap();
    let record = &chunk[doc as usize % CHUNK];
    assert_eq!(record[2], "Quokka summit");
    assert!(
        record[1]
            .as_str()
            .unwrap()
            .starts_with("page/3/index.html#"),
        "{record}"
    );
    // A person's name (a term) and a word only in article bodies.
    assert_eq!(lookup(&index, "kim").len(), 15);
    assert_eq!(lookup(&index, "zeppel").len(), 15);
    // The date as shown and its year.
    assert!(!lookup(&index, "june").is_empty());
    assert!(!lookup(&index, "2024").is_empty());
}

#[test]
fn a_big_shard_is_split_and_its_prefixes_still_find_every_token() {
    // Many distinct words under one 2-letter key, 10 to an article.
    let words: Vec<String> = (0..3000).map(|n| format!("kaw{n}x")).collect();
    let texts: Vec<(String, String)> = words
        .chunks(10)
        .enumerate()
        .map(|(i, ten)| {
            (
                format!("w{i:03}.md"),
                format!("---\ntitle: Words\n---\n{}\n", ten.join(" ")),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let index = site(&files, &SiteConfig::default());
    let manifest: serde_json::Value =
        serde_json::from_slice(&index["search/manifest.json"]).unwrap();
    let split = manifest["split"].as_array().unwrap();
    assert!(
        split.iter().any(|k| k == "ka") && split.iter().any(|k| k == "kaw"),
        "{manifest}"
    );
    for shard in index.keys().filter(|p| p.starts_with("search/t/")) {
        assert!(
            index[shard].len() <= SHARD_LIMIT,
            "{shard}: {}",
            index[shard].len()
        );
    }
    for (n, w) in words.iter().enumerate().step_by(37) {
        let doc = (n / 10) as u32;
        assert_eq!(lookup(&index, w), [doc].into(), "{w}");
        for end in 2..w.len() {
            assert!(lookup(&index, &w[..end]).contains(&doc), "{}", &w[..end]);
        }
    }
    // A split key typed whole finds the best of the tokens it begins, within the bound.
    assert_eq!(lookup(&index, "ka").len(), 300);
}

#[test]
fn the_index_is_the_same_on_any_number_of_threads() {
    let texts: Vec<(String, String)> = (0..40)
        .map(|n| {
            (
                format!("a{n:02}.md"),
                article(n, &format!("Talks round {n}")),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let config = SiteConfig::default();
    let runs: Vec<_> = [1, 4]
        .into_iter()
        .map(|threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| site(&files, &config))
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
    assert!(runs[0].keys().any(|p| p.starts_with("search/d/")));
    // Each thread's part of the documents is merged whole: every event and every article
    // body is found.
    assert_eq!(lookup(&runs[1], "talks"), (0..40).collect());
    assert_eq!(lookup(&runs[1], "zeppelin"), (40..80).collect());
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(24))]
    /// Every token of an event's title is found by any of its prefixes (of 2 characters and
    /// more, 1 for CJK) through the lookup search.js does.
    #[test]
    fn every_prefix_of_a_title_token_finds_its_event(
        words in proptest::collection::vec("[a-zа-яё가-힣é]{1,12}", 1..6)
    ) {
        let title = words.join(" ");
        let text = format!("---\ntitle: A\nevents:\n  - title: \"{title}\"\n    date: 2024-01-01\n---\n");
        let index = site(&[("a.md", &text)], &SiteConfig::default());
        let mut title_tokens = Vec::new();
        tokens(&title, |t| title_tokens.push(t.to_string()));
        for token in title_tokens {
            let min = if token.chars().next().is_some_and(is_cjk) { 1 } else { 2 };
            let chars: Vec<char> = token.chars().collect();
            for n in min..=chars.len() {
                let prefix: String = chars[..n].iter().collect();
                proptest::prop_assert!(
                    lookup(&index, &prefix).contains(&0),
                    "{prefix} of {token} in {title}"
                );
            }
        }
    }
}

#[test]
fn a_huge_body_is_indexed_within_the_bounds() {
    let body: Vec<String> = (0..20_000).map(|n| format!("w{n}")).collect();
    let text = format!("---\ntitle: Huge\n---\n{}\n", body.join(" "));
    let index = site(&[("h.md", &text)], &SiteConfig::default());
    let tokens: usize = index
        .iter()
        .filter(|(p, _)| p.starts_with("search/t/"))
        .map(|(_, b)| {
            serde_json::from_slice::<BTreeMap<String, serde_json::Value>>(b)
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(tokens, MAX_DOC_TOKENS);
    // The snippet is short whatever the body.
    let chunk: serde_json::Value = serde_json::from_slice(&index["search/d/0.json"]).unwrap();
    assert!(chunk[0][4].as_str().unwrap().chars().count() <= 240);
}

#[test]
fn a_snippet_is_its_length_of_text_however_much_markup_comes_first() {
    let link = format!(
        "<a href=\"https://example.org/{}\">x</a> ",
        "p".repeat(2000)
    );
    let html = format!("<p>{link}{}</p>", "word ".repeat(100));
    let snippet = html_snippet(&html);
    assert_eq!(snippet.chars().count(), SNIPPET_CHARS);
    assert!(snippet.starts_with("x word word"), "{snippet}");
}

#[test]
fn html_is_read_as_its_words() {
    let mut out = String::new();
    html_words_into(
        "<p>Tom &amp; Jerry <a href=\"https://x.example/hidden\">met</a> AT&T</p>",
        &mut out,
    );
    let mut words = Vec::new();
    tokens(&out, |t| words.push(t.to_string()));
    assert_eq!(words, ["tom", "jerry", "met", "at"]);
}

#[test]
fn a_shards_length_is_counted_as_it_is_written() {
    let lists: [&[(u32, u8)]; 3] = [&[(0, 1), (9, 16), (10, 3)], &[(123_456, 2)], &[]];
    let tokens: Vec<Postings> = vec![("ab", lists[0]), ("abc", lists[1]), ("*", lists[2])];
    let json = shard_json(&tokens, 0);
    assert_eq!(
        String::from_utf8(json.clone()).unwrap(),
        r#"{"ab":[0,1,9,16,1,3],"abc":[123456,2],"*":[]}"#
    );
    assert_eq!(shard_len(&tokens), json.len());
    // Every width of number, at the edges of each.
    let mut docs: Vec<(u32, u8)> = Vec::new();
    let mut doc = 0u32;
    for n in [
        0u32,
        9,
        10,
        99,
        100,
        999,
        1000,
        9999,
        10_000,
        99_999,
        100_000,
        999_999,
        1_000_000,
        99_999_999,
        100_000_000,
    ] {
        doc += n;
        docs.push((doc, 31));
    }
    let tokens: Vec<Postings> = vec![("x", &docs)];
    let json = shard_json(&tokens, shard_len(&tokens));
    assert_eq!(shard_len(&tokens), json.len());
    assert!(String::from_utf8(json)
        .unwrap()
        .starts_with(r#"{"x":[0,31,9,31,10,31,99,31,100,31,999,31,1000,31,9999,31,10000,31,99999,31,100000,31,999999,31,1000000,31,99999999,31,100000000,31]"#));
}

/// The tokenizer's rules read a character at a time, without the ASCII fast path: what
/// `search.js` does.
fn reference_tokens(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut run_cjk = false;
    let mut flush = |run: &mut Vec<char>, cjk: bool| {
        if cjk && run.len() == 1 {
            out.push(run[0].to_string());
        } else if cjk {
            out.extend(run.windows(2).map(|w| w.iter().collect()));
        } else if run.len() > 1 {
            out.push(run.iter().take(MAX_TOKEN_CHARS).collect());
        }
        run.clear();
    };
    for c in folded.chars() {
        let cjk = is_cjk(c);
        if !c.is_alphanumeric() || (cjk != run_cjk && !run.is_empty()) {
            flush(&mut run, run_cjk);
        }
        if c.is_alphanumeric() {
            if run.is_empty() {
                run_cjk = cjk;
            }
            run.push(c);
        }
    }
    flush(&mut run, run_cjk);
    out
}

proptest::proptest! {
    /// The postings kept of a long list are those a sort by best field, then timeline order,
    /// keeps first, in doc order.
    #[test]
    fn the_best_postings_are_kept_as_a_sort_would_keep_them(
        masks in proptest::collection::vec(1u8..32, MAX_POSTINGS - 5..MAX_POSTINGS * 3)
    ) {
        let list: Vec<(u32, u8)> = masks.iter().enumerate().map(|(d, &m)| (d as u32 * 3, m)).collect();
        let mut want = list.clone();
        want.sort_by_key(|&(doc, mask)| (std::cmp::Reverse(rank(mask)), doc));
        want.truncate(MAX_POSTINGS);
        want.sort_unstable();
        let mut kept = list;
        keep_best(&mut kept);
        proptest::prop_assert_eq!(kept, want);
    }

    #[test]
    fn the_fast_path_cuts_tokens_as_a_character_at_a_time(
        text in "([a-zA-Z0-9]{0,30}|[ -/:-@\\[-`{-~]{0,3}|[é中文한국어ÀßЁё]{0,4}){0,12}"
    ) {
        proptest::prop_assert_eq!(all_tokens(&text), reference_tokens(&text));
    }

    #[test]
    fn html_is_folded_as_its_text_would_be(
        html in "([a-zA-Zé中 ]{0,12}|<[a-z]{1,3}>|&amp;|&#39;){0,10}"
    ) {
        let mut folded = String::new();
        html_words_into(&html, &mut folded);
        let mut words = String::new();
        let mut rest = html.as_str();
        // The same text, tags and entities made spaces by hand, then folded whole.
        while let Some(i) = rest.find(['<', '&']) {
            words.push_str(&rest[..i]);
            words.push(' ');
            let end = if rest.as_bytes()[i] == b'<' { '>' } else { ';' };
            rest = rest[i..].find(end).map_or("", |j| &rest[i + j + 1..]);
        }
        words.push_str(rest);
        proptest::prop_assert_eq!(folded, fold(&words));
    }
}

#[test]
fn a_chunk_is_written_as_serde_json_writes_it() {
    let mut every: String = (0u8..0x80).map(char::from).collect();
    every.push_str("é — 北京 \u{2028} \u{7f}");
    let mut terms = BTreeMap::new();
    terms.insert("tags".to_string(), vec!["a\"b".to_string(), every.clone()]);
    terms.insert("places".to_string(), vec![]);
    let records = vec![
        Record(
            0,
            "index.html#e1".into(),
            every.clone(),
            "1 May".into(),
            "x\\y".into(),
            terms,
        ),
        Record(
            1,
            String::new(),
            String::new(),
            String::new(),
            every,
            BTreeMap::new(),
        ),
    ];
    assert_eq!(chunk_json(&records), serde_json::to_vec(&records).unwrap());
    assert_eq!(
        chunk_json(&records[..0]),
        serde_json::to_vec(&records[..0]).unwrap()
    );
}

#[test]
fn a_short_token_is_one_number_and_back() {
    let text = fold("a ab 0123456789abcdef 0123456789abcdefg É 北京 Кремль x");
    let mut seen = BTreeSet::new();
    folded_tokens(&text, |start, end| {
        let t = &text[start..end];
        match Short::of(text.as_bytes(), start, end) {
            Some(key) => {
                assert!(t.len() <= 16, "{t:?}");
                assert_eq!(&*key.token(), t);
                assert!(seen.insert(key.0), "{t:?}");
            }
            None => assert!(t.len() > 16, "{t:?}"),
        }
    });
    // Near the text's end (fewer than 16 bytes after the token), and not a token at all.
    assert_eq!(&*Short::of(b"xyz", 1, 3).unwrap().token(), "yz");
    assert!(Short::of(b"xyz", 2, 2).is_none());
    assert!(Short::of(b"xyz", 2, 9).is_none());
}
