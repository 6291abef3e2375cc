//! `search/`: the static search index of the whole site, fetched by `search.js` in parts.
//!
//! Documents are every event (title, summary, place, every taxonomy term, source names, the date
//! as shown and its year) and every article (title, summary, terms, body), numbered in timeline
//! order (events, then articles by path). The index is three kinds of file:
//!
//! - `search/manifest.json`: `{"v", "docs", "chunk", "split", "cap"}`: the format's version, the
//!   number of documents, documents per chunk, the shard keys that were split (sorted), and
//!   [`MAX_POSTINGS`] (a list that long was cut: `search.js` then says more documents match).
//! - `search/t/<key>.json`: a term shard, `{token: [doc, fields, doc, fields, …]}`, docs
//!   delta-encoded in ascending order, `fields` a bit mask ([`field`]). A token's shard key is
//!   its first 2 characters (1 for a CJK or Hangul token); a shard over [`SHARD_LIMIT`] bytes is
//!   split by one more character (listed in `split`), and the split key's own file keeps the
//!   token equal to it and, as `*`, the best postings of all the tokens it begins (what the key
//!   typed whole finds). Keys are escaped into file names by [`file_key`].
//! - `search/d/<n>.json`: documents `n * chunk ..`, each `[kind, url, title, date, text, terms]`
//!   (`kind` 0 an event, 1 an article; `url` from the site root; `text` the snippet's source).
//!
//! Tokens ([`tokens`]): the text folded ([`fold`]: lower case, canonical decomposition with the
//! combining marks dropped, Hangul syllables kept whole), cut into runs of letters and digits;
//! a run of CJK or Hangul characters becomes its character bigrams (a lone character itself),
//! any other run of 2 characters or more is one token. `search.js` folds and cuts a query by the
//! same rules, so the two cannot disagree (a word segmenter on each side would: the browser's
//! `Intl.Segmenter` uses dictionaries where Rust's UAX #29 does not). Bounded: a token keeps
//! [`MAX_TOKEN_CHARS`] characters, a document [`MAX_DOC_TOKENS`] distinct tokens from its first
//! [`MAX_TEXT_CHARS`] characters of body, a token its [`MAX_POSTINGS`] best postings.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::date::DateLocale;
use crate::model::{Article, TimelineEvent};

use super::plan::{Kind, Listing, Plan};
use super::views::Views;
use super::Sink;

/// The folder of the index (and of the search page, `search/index.html`).
pub const DIR: &str = "search";
/// The index format's version, in the manifest.
pub const VERSION: u32 = 1;
/// Documents per `search/d/<n>.json`.
pub const CHUNK: usize = 16;
/// A shard bigger than this (bytes of JSON) is split by one more character.
pub const SHARD_LIMIT: usize = 24 * 1024;
/// Longest shard key a split makes.
const MAX_KEY_CHARS: usize = 6;
/// Characters of a token kept.
pub const MAX_TOKEN_CHARS: usize = 24;
/// Distinct tokens one document is indexed under.
pub const MAX_DOC_TOKENS: usize = 2000;
/// Characters of an article's body read for tokens.
pub const MAX_TEXT_CHARS: usize = 64 * 1024;
/// Postings a token keeps: those of its best fields first, then in timeline order. A token in
/// more documents than this is a stop word in practice; its first results are still right.
pub const MAX_POSTINGS: usize = 1000;
/// The entry of a split key's own file that holds the best postings of every token the key
/// begins (not a token: tokens are letters and digits).
pub const PREFIX_ENTRY: &str = "*";
/// Characters of a document's snippet text.
const SNIPPET_CHARS: usize = 240;

/// The fields a token was found in, as bits of a posting's mask.
pub mod field {
    pub const TITLE: u8 = 1;
    pub const TERM: u8 = 2;
    /// Place, source names, the date as shown.
    pub const META: u8 = 4;
    pub const SUMMARY: u8 = 8;
    pub const BODY: u8 = 16;
}

/// Whether `path` is a file of the index (not the search page): the preview drops them before
/// it takes a new index.
pub fn is_index_file(path: &str) -> bool {
    path.strip_prefix("search/").is_some_and(|rest| {
        rest == "manifest.json" || rest.starts_with("t/") || rest.starts_with("d/")
    })
}

/// Whether `c` is written without spaces between words (Han, kana) or is Hangul: indexed by
/// character bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

fn is_hangul_syllable(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3)
}

/// `text` in lower case, canonically decomposed with the combining marks dropped (`é` → `e`,
/// `ё` → `е`); Hangul syllables are kept whole (decomposed, they would be jamo).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appended to `out`: ASCII text is lower-cased in place, a byte at a time.
fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        let from = out.len();
        out.push_str(text);
        out[from..].make_ascii_lowercase();
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for c in c.to_lowercase() {
            if is_hangul_syllable(c) {
                out.push(c);
            } else {
                unicode_normalization::char::decompose_canonical(c, |d| {
                    if !unicode_normalization::char::is_combining_mark(d) {
                        out.push(d);
                    }
                });
            }
        }
    }
}

/// Calls `each` with every token of `text` (see the module's doc), in text order, repeats kept.
pub fn tokens(text: &str, mut each: impl FnMut(&str)) {
    let folded = fold(text);
    folded_tokens(&folded, |start, end| each(&folded[start..end]));
}

/// Whether a byte is an ASCII letter or digit (a byte of 0x80 or more is not: it is decoded).
static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The tokens of `folded` (already [`fold`]ed) as byte ranges. ASCII is
/// classified a byte at a time; other characters are decoded.
fn folded_tokens<F: FnMut(usize, usize)>(folded: &str, mut each: F) {
    let bytes = folded.as_bytes();
    let mut run_start = 0;
    let mut run_chars = 0;
    let mut run_cjk = false;
    let flush = |each: &mut F, start: usize, end: usize, chars: usize, cjk: bool| {
        if chars == 0 {
            return;
        }
        let run = &folded[start..end];
        if cjk {
            if chars == 1 {
                each(start, end);
                return;
            }
            let mut it = run.char_indices().peekable();
            while let Some((i, c)) = it.next() {
                let Some(&(_, next)) = it.peek() else { break };
                each(start + i, start + i + c.len_utf8() + next.len_utf8());
            }
        } else if chars > 1 {
            let cut = if chars <= MAX_TOKEN_CHARS {
                run.len()
            } else {
                run.char_indices()
                    .nth(MAX_TOKEN_CHARS)
                    .map_or(run.len(), |(i, _)| i)
            };
            each(start, start + cut);
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // The fast path: an ASCII byte ends a run or starts (or goes on with) a run of
            // ASCII letters and digits, read whole here.
            if !ASCII_ALNUM[b as usize] {
                if run_chars > 0 {
                    flush(&mut each, run_start, i, run_chars, run_cjk);
                    run_chars = 0;
                }
                i += 1;
                continue;
            }
            if run_cjk && run_chars > 0 {
                flush(&mut each, run_start, i, run_chars, run_cjk);
                run_chars = 0;
            }
            let end = bytes[i..]
                .iter()
                .position(|&b| !ASCII_ALNUM[b as usize])
                .map_or(bytes.len(), |n| i + n);
            if run_chars == 0 {
                if bytes.get(end).is_none_or(|&b| b < 0x80) {
                    // A run of ASCII alone, ended by an ASCII byte (or the text's end): its
                    // token is here whole, a character a byte.
                    let len = end - i;
                    if len > 1 {
                        each(i, i + len.min(MAX_TOKEN_CHARS));
                    }
                    i = end;
                    continue;
                }
                run_start = i;
                run_cjk = false;
            }
            run_chars += end - i;
            i = end;
            continue;
        }
        let (alnum, cjk, len) = {
            let c = folded[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), is_cjk(c), c.len_utf8())
        };
        if !alnum || (cjk != run_cjk && run_chars > 0) {
            flush(&mut each, run_start, i, run_chars, run_cjk);
            run_chars = 0;
        }
        if alnum {
            if run_chars == 0 {
                run_start = i;
                run_cjk = cjk;
            }
            run_chars += 1;
        }
        i += len;
    }
    flush(&mut each, run_start, bytes.len(), run_chars, run_cjk);
}

/// HTML reduced to the text the index reads, [`fold`]ed and appended to `out`: tags skipped, an
/// entity read as a space (the Markdown renderer writes only `&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&#39;`, none of them a letter). One pass (folding is a character at a time, so the text
/// between two tags is folded as it is copied); [`super::text::plain_text`] is for text that is
/// shown.
fn html_words_into(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(i) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        fold_into(&rest[..i], out);
        out.push(' ');
        let after = &rest[i + 1..];
        rest = if rest.as_bytes()[i] == b'<' {
            memchr::memchr(b'>', after.as_bytes()).map_or("", |j| &after[j + 1..])
        } else {
            // An entity is short; a bare `&` (raw HTML) is only a separator.
            match after.as_bytes().iter().take(12).position(|&b| b == b';') {
                Some(j) => &after[j + 1..],
                None => after,
            }
        };
    }
    fold_into(rest, out);
}

/// The shard key of a token: its first character when that is CJK or Hangul, else its first 2.
pub fn base_key(token: &str) -> &str {
    let mut chars = token.char_indices();
    let n = match chars.next() {
        Some((_, c)) if is_cjk(c) => 1,
        _ => 2,
    };
    prefix_chars(token, n)
}

/// The first `n` characters of `s` (all of it when shorter).
fn prefix_chars(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// A shard key as a file name: `a`–`z` and `0`–`9` as they are, any other character as `_`, its
/// code point in lower-case hex, `_` (tokens hold only letters and digits, so `_` is free).
pub fn file_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() * 2);
    for c in key.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    out
}

/// The hasher of the index's token map: FxHash's multiply and rotate over 8 bytes at a time.
/// Tokens are short, so a keyed hash (SipHash, aHash) costs more than the probe it serves;
/// the map is only interned into, its order never read (the tokens are sorted after), so any
/// hash gives the same output.
#[derive(Default, Clone, Copy)]
struct TokenHasher(u64);

impl TokenHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for TokenHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        // The last 1 to 7 bytes as one word, by loads that may overlap (a copy of a
        // variable length would be a call to memcpy).
        let rest = chunks.remainder();
        let word = match rest.len() {
            0 => return,
            1..=3 => {
                u64::from(rest[0])
                    | u64::from(rest[rest.len() / 2]) << 8
                    | u64::from(rest[rest.len() - 1]) << 16
            }
            n => {
                let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(lo) | u64::from(hi) << 32
            }
        };
        self.add(word);
    }

    #[inline]
    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }

    #[inline]
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The table takes its bucket from the low bits: the product's best bits are high.
        self.0.rotate_left(26)
    }
}

type TokenMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<TokenHasher>>;

/// A token of at most 16 bytes as one number: its bytes, little-endian, the rest zero (a token
/// has no zero byte: it is letters and digits). Most tokens are this short; as a key it is
/// compared and hashed without a call.
#[derive(PartialEq, Eq, Hash, Clone, Copy)]
struct Short(u128);

/// The mask of a token's first `n` bytes, by `n` (a 128-bit shift is several instructions).
static SHORT_MASKS: [u128; 17] = {
    let mut masks = [u128::MAX; 17];
    let mut n = 0;
    while n < 16 {
        masks[n] = (1u128 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

impl Short {
    fn of(text: &[u8], start: usize, end: usize) -> Option<Short> {
        let len = end.checked_sub(start)?;
        if len == 0 || len > 16 {
            return None;
        }
        let word = match text.get(start..start + 16).map(<[u8; 16]>::try_from) {
            Some(Ok(bytes)) => u128::from_le_bytes(bytes),
            _ => text
                .get(start..end)?
                .iter()
                .rev()
                .fold(0u128, |w, &b| w << 8 | u128::from(b)),
        };
        Some(Short(word & SHORT_MASKS[len]))
    }

    fn token(self) -> Box<str> {
        let bytes = self.0.to_le_bytes();
        let len = 16 - (self.0.leading_zeros() / 8) as usize;
        String::from_utf8_lossy(&bytes[..len]).into()
    }
}

/// Adds document `n`'s posting to a token's list (the bits to its last when that is `n`'s),
/// counting the document's distinct tokens against [`MAX_DOC_TOKENS`].
fn post(list: &mut Vec<(u32, u8)>, n: u32, mask: u8, distinct: &mut usize) {
    match list.last_mut() {
        Some(last) if last.0 == n => last.1 |= mask,
        _ if *distinct < MAX_DOC_TOKENS => {
            list.push((n, mask));
            *distinct += 1;
        }
        _ => {}
    }
}

/// Every token met and its postings, a token of up to 16 bytes keyed as one number.
#[derive(Default)]
struct Lists {
    short: TokenMap<Short, Vec<(u32, u8)>>,
    long: TokenMap<Box<str>, Vec<(u32, u8)>>,
}

impl Lists {
    /// Posts the token `folded[start..end]` of document `n`: once per document, with the bits
    /// of every field it is in; at most [`MAX_DOC_TOKENS`] distinct tokens, the first met
    /// (title and terms come first). `folded` goes on for 16 bytes after the token.
    fn post(
        &mut self,
        folded: &str,
        (start, end): (usize, usize),
        n: u32,
        mask: u8,
        distinct: &mut usize,
    ) {
        if let Some(key) = Short::of(folded.as_bytes(), start, end) {
            match self.short.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut list) => {
                    post(list.get_mut(), n, mask, distinct);
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    if *distinct < MAX_DOC_TOKENS {
                        slot.insert(vec![(n, mask)]);
                        *distinct += 1;
                    }
                }
            }
            return;
        }
        let token = &folded[start..end];
        match self.long.get_mut(token) {
            Some(list) => post(list, n, mask, distinct),
            None if *distinct < MAX_DOC_TOKENS => {
                self.long.insert(token.into(), vec![(n, mask)]);
                *distinct += 1;
            }
            None => {}
        }
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
}

/// A token and its postings (doc, field mask), docs ascending.
type Postings<'a> = (&'a str, &'a [(u32, u8)]);

/// A document as its chunk holds it: `[kind, url, title, date, text, terms]`.
#[derive(Serialize)]
struct Record(
    u8,
    String,
    String,
    String,
    String,
    BTreeMap<String, Vec<String>>,
);

/// A document chunk's JSON, as `serde_json` writes `records` (compact), written directly: a
/// string's runs without escapes are copied whole.
fn chunk_json(records: &[Record]) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.len() * 384);
    out.push(b'[');
    for (i, Record(kind, url, title, date, text, terms)) in records.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        push_number(&mut out, u32::from(*kind));
        for s in [url, title, date, text] {
            out.push(b',');
            push_json_str(&mut out, s);
        }
        out.extend_from_slice(b",{");
        for (j, (taxonomy, list)) in terms.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            push_json_str(&mut out, taxonomy);
            out.extend_from_slice(b":[");
            for (k, term) in list.iter().enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                push_json_str(&mut out, term);
            }
            out.push(b']');
        }
        out.extend_from_slice(b"}]");
    }
    out.push(b']');
    out
}

/// A JSON string as `serde_json` escapes it: `"`, `\\` and control characters only (those with
/// a short escape by it, the rest as `\u00xx`).
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0C => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The plain text of the start of some HTML, for a snippet: [`SNIPPET_CHARS`] characters of
/// text, however much markup comes first (`plain_text_prefix` reads no further than it needs).
fn html_snippet(html: &str) -> String {
    super::text::plain_text_prefix(html, SNIPPET_CHARS)
}

/// An event's record; its tokens are posted by `set`.
fn event_doc(
    views: &Views,
    locale: &DateLocale,
    e: &TimelineEvent,
    url: String,
    set: &mut Part,
) -> Record {
    let ev = &e.event;
    set.add(&ev.title, field::TITLE);
    let mut terms = BTreeMap::new();
    for taxonomy in &views.config.taxonomies {
        if let Some(list) = ev.terms.get(taxonomy).filter(|l| !l.is_empty()) {
            for term in list {
                set.add(term, field::TERM);
            }
            terms.insert(taxonomy.clone(), list.clone());
        }
    }
    if let Some(place) = &ev.place {
        set.add(place, field::META);
    }
    for source in &ev.sources {
        set.add(&source.name, field::META);
    }
    let formatted = crate::date::format_display_in(locale, &ev.start, ev.end.as_ref());
    let date = ev.display_date.clone().unwrap_or_else(|| formatted.clone());
    set.add(&date, field::META);
    if ev.display_date.is_some() {
        set.add(&formatted, field::META);
    }
    set.add(&ev.start.long_year().to_string(), field::META);
    let summary = ev
        .summary_html
        .as_deref()
        .map(html_snippet)
        .unwrap_or_default();
    if let Some(html) = &ev.summary_html {
        set.add_html(html, field::SUMMARY);
    }
    Record(0, url, ev.title.clone(), date, summary, terms)
}

/// An article's record; its tokens are posted by `set`.
fn article_doc(views: &Views, a: &Article, set: &mut Part) -> Record {
    set.add(&a.title, field::TITLE);
    let mut terms = BTreeMap::new();
    for taxonomy in &views.config.taxonomies {
        if let Some(list) = a.terms.get(taxonomy).filter(|l| !l.is_empty()) {
            for term in list {
                set.add(term, field::TERM);
            }
            terms.insert(taxonomy.clone(), list.clone());
        }
    }
    if let Some(html) = &a.summary_html {
        set.add_html(html, field::SUMMARY);
    }
    set.add_html(&a.body_html, field::BODY);
    let text = html_snippet(a.summary_html.as_deref().unwrap_or(&a.body_html));
    let date = a.date.as_ref().map(|d| d.normalized()).unwrap_or_default();
    Record(1, views.article_url(a), a.title.clone(), date, text, terms)
}

/// The link of every event's card: on the page of the site's timeline that holds it
/// (`page/3/#id`), as the plan paginates; an event on no such page links to its first article.
fn event_urls(views: &Views, plan: &Plan) -> Vec<String> {
    let timeline = views.timeline;
    let mut page_of: Vec<Option<String>> = vec![None; timeline.events.len()];
    for page in &plan.pages {
        let (
            Kind::Timeline {
                of: Listing::Site, ..
            },
            Some(dir),
        ) = (&page.kind, page.url_dir())
        else {
            continue;
        };
        let link = views.links.dir(dir);
        for &i in &page.events {
            page_of[i] = Some(link.clone());
        }
    }
    timeline
        .events
        .iter()
        .zip(page_of)
        .map(|(e, page)| {
            let page = page.unwrap_or_else(|| views.article_url(&timeline.articles[e.articles[0]]));
            format!("{page}#{}", e.event.id)
        })
        .collect()
}

/// The postings of a run of documents (one split of a rayon fold, documents in order), and
/// the document being read: its fields are folded one at a time into `folded` and each token
/// posted as the scan finds it ([`Lists::post`]).
#[derive(Default)]
struct Part {
    lists: Lists,
    folded: String,
    doc: u32,
    distinct: usize,
}

/// Spaces after a field's folded text: a token of up to 16 bytes is then always read as one
/// 16-byte load ([`Short::of`]).
const PAD: &str = "                ";

impl Part {
    /// Starts document `n`: the tokens added next are its.
    fn start(&mut self, n: u32) {
        self.doc = n;
        self.distinct = 0;
    }

    /// Posts the tokens of a field's plain `text`, each with the field's `bits`.
    fn add(&mut self, text: &str, bits: u8) {
        self.folded.clear();
        fold_into(text, &mut self.folded);
        self.scan(bits);
    }

    /// Posts the tokens of a field's `html` (its first [`MAX_TEXT_CHARS`] characters).
    fn add_html(&mut self, html: &str, bits: u8) {
        self.folded.clear();
        self.folded
            .reserve(html.len().min(MAX_TEXT_CHARS * 2) + PAD.len());
        html_words_into(prefix_chars(html, MAX_TEXT_CHARS), &mut self.folded);
        self.scan(bits);
    }

    fn scan(&mut self, bits: u8) {
        let len = self.folded.len();
        self.folded.push_str(PAD);
        let Part {
            lists,
            folded,
            doc,
            distinct,
        } = self;
        folded_tokens(&folded[..len], |start, end| {
            lists.post(folded, (start, end), *doc, bits, distinct);
        });
    }

    /// Two parts as one: the smaller's lists appended to the larger's. A list may then be
    /// several ascending runs; [`write`] sorts it (no two parts hold the same document).
    fn merge(self, other: Part) -> Part {
        let (mut big, small) = if self.lists.len() >= other.lists.len() {
            (self, other)
        } else {
            (other, self)
        };
        for (key, list) in small.lists.short {
            big.lists.short.entry(key).or_default().extend(list);
        }
        for (key, list) in small.lists.long {
            big.lists.long.entry(key).or_default().extend(list);
        }
        big
    }
}

/// Writes the index into the sink, each file as soon as it is made (the documents' records are
/// never all held at once, nor the files).
pub fn write<S: Sink>(views: &Views, plan: &Plan, sink: &S) -> Result<(), S::Error> {
    let lang = crate::i18n::Language::resolve(&views.config.language, &[])
        .unwrap_or_else(|_| crate::i18n::Language::english());
    let timeline = views.timeline;
    let urls = event_urls(views, plan);
    let events = timeline.events.len();
    let total = events + timeline.articles.len();
    // The documents are read a chunk at a time in parallel, each chunk's file written as it is
    // made and its tokens interned into the part of the rayon split that holds it (no token
    // is interned on one thread for all), and the parts merged: the postings are sorted
    // after, so the index is the same on any number of threads.
    let record = |n: usize, part: &mut Part| match n.checked_sub(events) {
        None => event_doc(
            views,
            &lang.date,
            &timeline.events[n],
            urls[n].clone(),
            part,
        ),
        Some(a) => article_doc(views, &timeline.articles[a], part),
    };
    let Lists { short, long } = (0..total.div_ceil(CHUNK))
        .into_par_iter()
        .try_fold(Part::default, |mut part, chunk| {
            let mut records = Vec::with_capacity(CHUNK);
            for n in chunk * CHUNK..total.min((chunk + 1) * CHUNK) {
                part.start(n as u32);
                records.push(record(n, &mut part));
            }
            sink.put(&format!("{DIR}/d/{chunk}.json"), &chunk_json(&records))?;
            Ok(part)
        })
        .try_reduce(Part::default, |a, b| Ok(a.merge(b)))?
        .lists;
    let mut postings: Vec<_> = long.into_iter().collect();
    postings.extend(short.into_iter().map(|(key, list)| (key.token(), list)));
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    postings.par_iter_mut().for_each(|(_, list)| {
        // A list merged from parts is ascending runs: a stable sort merges them in one pass.
        if !list.is_sorted_by_key(|&(doc, _)| doc) {
            list.sort_by_key(|&(doc, _)| doc);
        }
        keep_best(list);
    });

    let mut by_key: BTreeMap<&str, Vec<Postings>> = BTreeMap::new();
    for (token, list) in &postings {
        by_key
            .entry(base_key(token))
            .or_default()
            .push((token, list.as_slice()));
    }
    let split: Vec<Vec<String>> = by_key
        .into_par_iter()
        .map(|(key, tokens)| {
            let mut files = Vec::new();
            let mut split = Vec::new();
            shard(key, &tokens, &mut files, &mut split);
            for (path, bytes) in files {
                sink.put(&path, &bytes)?;
            }
            Ok(split)
        })
        .collect::<Result<_, _>>()?;
    let split: BTreeSet<String> = split.into_iter().flatten().collect();
    let manifest = serde_json::json!({
        "v": VERSION,
        "docs": total,
        "chunk": CHUNK,
        "split": split,
        "cap": MAX_POSTINGS,
    });
    sink.put(
        &format!("{DIR}/manifest.json"),
        manifest.to_string().as_bytes(),
    )
}

/// The rank of a posting's best field: title 5, term 4, place/source/date 3, summary 2, body 1.
pub fn rank(mask: u8) -> u8 {
    match mask {
        m if m & field::TITLE != 0 => 5,
        m if m & field::TERM != 0 => 4,
        m if m & field::META != 0 => 3,
        m if m & field::SUMMARY != 0 => 2,
        _ => 1,
    }
}

/// Keeps a token's [`MAX_POSTINGS`] best postings (best field first, then timeline order) of
/// its `list` in doc order, in doc order: in two passes, without sorting (every posting of a
/// rank above the last rank kept, and of that rank the first that fit).
fn keep_best(list: &mut Vec<(u32, u8)>) {
    if list.len() <= MAX_POSTINGS {
        return;
    }
    let mut of_rank = [0usize; 6];
    for &(_, mask) in list.iter() {
        of_rank[usize::from(rank(mask))] += 1;
    }
    // The lowest rank kept, and how many of it fit after every better one.
    let (mut last, mut room) = (5, MAX_POSTINGS);
    while last > 1 && of_rank[last] < room {
        room -= of_rank[last];
        last -= 1;
    }
    list.retain(|&(_, mask)| match rank(mask) {
        r if r > last as u8 => true,
        r if r == last as u8 && room > 0 => {
            room -= 1;
            true
        }
        _ => false,
    });
}

/// One shard's JSON: `{token: [delta doc, mask, …]}` in token order.
fn shard_json(tokens: &[Postings], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    out.push(b'{');
    for (i, (token, list)) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Tokens are letters and digits (or `*`): nothing to escape.
        out.push(b'"');
        out.extend_from_slice(token.as_bytes());
        out.extend_from_slice(b"\":[");
        let mut last = 0;
        for (j, &(doc, mask)) in list.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            push_small(&mut out, doc - last);
            out.push(b',');
            push_small(&mut out, u32::from(mask));
            last = doc;
        }
        out.push(b']');
    }
    out.push(b'}');
    out
}

/// The length of [`shard_json`]'s output, counted without writing it.
fn shard_len(tokens: &[Postings]) -> usize {
    let mut len = 2 + tokens.len().saturating_sub(1);
    for (token, list) in tokens {
        len += token.len() + 5 + list.len().saturating_sub(1);
        let mut last = 0;
        for &(doc, mask) in *list {
            len += digits(doc - last) + 1 + digits(u32::from(mask));
            last = doc;
        }
    }
    len
}

fn digits(n: u32) -> usize {
    match n {
        0..=9 => 1,
        10..=99 => 2,
        100..=999 => 3,
        1000..=9999 => 4,
        _ => 4 + digits(n / 10_000),
    }
}

fn push_number(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// [`push_number`] for the numbers of a shard, most of them under 100 (a field mask, the gap
/// to the next document): a digit or two pushed as bytes, where a copy would be a call.
fn push_small(out: &mut Vec<u8>, n: u32) {
    match n {
        0..=9 => out.push(b'0' + n as u8),
        10..=99 => {
            out.push(b'0' + (n / 10) as u8);
            out.push(b'0' + (n % 10) as u8);
        }
        _ => push_number(out, n),
    }
}

/// Writes the shard of `key` (its `tokens` sorted), split by one more character while it is over
/// [`SHARD_LIMIT`]; pushes the split keys to `split`.
fn shard(
    key: &str,
    tokens: &[Postings],
    out: &mut Vec<(String, Vec<u8>)>,
    split: &mut Vec<String>,
) {
    let path = |k: &str| format!("{DIR}/t/{}.json", file_key(k));
    let key_len = key.chars().count();
    let len = shard_len(tokens);
    if len <= SHARD_LIMIT || key_len >= MAX_KEY_CHARS || tokens.len() < 2 {
        out.push((path(key), shard_json(tokens, len)));
        return;
    }
    split.push(key.to_string());
    // The key's own file keeps the token equal to it (sorted first) and, as `*`, the best
    // postings of every token it begins: what the key typed whole finds.
    let mut merged: Vec<(u32, u8)> = tokens
        .iter()
        .flat_map(|(_, list)| list.iter().copied())
        .collect();
    merged.sort_unstable_by_key(|&(doc, _)| doc);
    merged.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 |= next.1;
        }
        same
    });
    keep_best(&mut merged);
    let own: Vec<Postings> = tokens
        .iter()
        .copied()
        .filter(|(t, _)| *t == key)
        .chain([(PREFIX_ENTRY, merged.as_slice())])
        .collect();
    out.push((path(key), shard_json(&own, shard_len(&own))));
    let rest: Vec<Postings> = tokens.iter().copied().filter(|(t, _)| *t != key).collect();
    let mut start = 0;
    while start < rest.len() {
        let sub = prefix_chars(rest[start].0, key_len + 1);
        let end = start
            + rest[start..]
                .iter()
                .take_while(|(t, _)| prefix_chars(t, key_len + 1) == sub)
                .count();
        shard(sub, &rest[start..end], out, split);
        start = end;
    }
}

/// The lookup `search.js` does, in Rust (for tests): the docs with a token starting with
/// `prefix`, from the files [`write`] writes. A split key asked for whole finds the best
/// postings of the tokens it begins (the `*` entry).
pub fn lookup(files: &BTreeMap<String, Vec<u8>>, prefix: &str) -> BTreeSet<u32> {
    let manifest: serde_json::Value = files
        .get(&format!("{DIR}/manifest.json"))
        .and_then(|b| serde_json::from_slice(b).ok())
        .unwrap_or_default();
    let split: BTreeSet<&str> = manifest["split"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .collect();
    let mut key = base_key(prefix);
    let n = prefix.chars().count();
    while split.contains(key) && key.chars().count() < n {
        key = prefix_chars(prefix, key.chars().count() + 1);
    }
    let mut found = BTreeSet::new();
    let Some(bytes) = files.get(&format!("{DIR}/t/{}.json", file_key(key))) else {
        return found;
    };
    let shard: BTreeMap<String, Vec<u32>> = serde_json::from_slice(bytes).unwrap_or_default();
    let whole = split.contains(prefix);
    for (token, list) in shard {
        if (whole && token == PREFIX_ENTRY) || (!whole && token.starts_with(prefix)) {
            let mut doc = 0;
            for pair in list.chunks(2) {
                doc += pair[0];
                found.insert(doc);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests;
