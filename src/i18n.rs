//! Languages of the theme: the words every page shows, the plural rule of its counts and the
//! forms of its dates. Each language is one YAML file in `templates/i18n/` (embedded in the
//! binary); a site's own `templates/i18n/<lang>.yaml` adds to or overrides it key by key. The
//! files are read through [`crate::frontmatter::parse_yaml`], the one place YAML is parsed.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::date::{DateLocale, Elapsed};
use crate::error::{Code, Diagnostic};
use crate::frontmatter::parse_yaml;

/// The built-in languages, by BCP 47 primary tag.
pub const BUILTIN_LANGUAGES: &[(&str, &str)] = &[
    ("en", include_str!("../templates/i18n/en.yaml")),
    ("ko", include_str!("../templates/i18n/ko.yaml")),
    ("ru", include_str!("../templates/i18n/ru.yaml")),
];

/// The words of dates in every built-in language, lowercase: month names (standalone and
/// genitive) with their numbers, BCE markers and approximate markers, taken from the language
/// files. [`crate::date`] reads them to suggest the ISO form of a date written out in words
/// ("14 June 2024", "19 июня 2024", "2024년 6월 19일"); the grammar itself has no words.
#[derive(Debug)]
pub struct DateWords {
    pub months: Vec<(String, u32)>,
    pub bce: Vec<String>,
    pub approximate: Vec<String>,
}

/// The [`DateWords`] of the built-in languages, read once.
pub fn date_words() -> &'static DateWords {
    static WORDS: std::sync::OnceLock<DateWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = DateWords {
            months: Vec::new(),
            bce: Vec::new(),
            approximate: Vec::new(),
        };
        for (code, _) in BUILTIN_LANGUAGES {
            let Ok(lang) = Language::resolve(code, &[]) else {
                continue;
            };
            let date = &lang.date;
            for names in [&date.months, &date.months_genitive] {
                for (number, name) in (1..).zip(names) {
                    words.months.push((name.to_lowercase(), number));
                }
            }
            let year_parts = pattern_words(&date.year, "{y}");
            for part in pattern_words(&date.bce, "{y}") {
                if !year_parts.contains(&part) && !words.bce.contains(&part) {
                    words.bce.push(part);
                }
            }
            words
                .approximate
                .extend(pattern_words(&date.approximate, "{date}"));
        }
        words.months.sort();
        words.months.dedup();
        words
    })
}

/// The fixed words of a pattern around its placeholder: "{y} до н. э." → ["до н. э."].
fn pattern_words(pattern: &str, placeholder: &str) -> Vec<String> {
    pattern
        .split(placeholder)
        .map(|part| part.trim().to_lowercase())
        .filter(|part| !part.is_empty())
        .collect()
}

/// Language names a site may write for `language:` instead of a tag, with the tag meant.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("russian", "ru"),
    ("русский", "ru"),
    ("korean", "ko"),
    ("한국어", "ko"),
    ("german", "de"),
    ("deutsch", "de"),
    ("french", "fr"),
    ("français", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("italian", "it"),
    ("italiano", "it"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("dutch", "nl"),
    ("polish", "pl"),
    ("ukrainian", "uk"),
    ("українська", "uk"),
    ("japanese", "ja"),
    ("日本語", "ja"),
    ("chinese", "zh"),
    ("中文", "zh"),
    ("swedish", "sv"),
    ("turkish", "tr"),
    ("greek", "el"),
    ("czech", "cs"),
    ("arabic", "ar"),
    ("hebrew", "he"),
];

/// Checks that a site's `language` is a BCP 47 tag (`en`, `ru`, `ko-KR`, `zh-Hant-TW`): a
/// primary subtag of two or three letters, then subtags of one to eight letters or digits.
/// The error says what to write: `english` → `en`.
pub fn check_tag(code: &str) -> Result<(), String> {
    let mut subtags = code.split(['-', '_']);
    let primary = subtags.next().unwrap_or("");
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok =
        subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        return Ok(());
    }
    let lower = code.trim().to_lowercase();
    let hint = match LANGUAGE_NAMES.iter().find(|(name, _)| *name == lower) {
        Some((_, tag)) => format!("write `{tag}`"),
        None => "expected a tag such as `en`, `ru` or `ko-KR`".to_string(),
    };
    Err(format!(
        "`{code}` is not a BCP 47 language tag (two or three letters, then optional subtags \
         such as a region: `en-GB`); {hint}"
    ))
}

/// Whether the theme has words of its own for the language `code` (by its primary subtag);
/// without them the theme's words are English unless a site's language file gives them.
pub fn has_builtin_words(code: &str) -> bool {
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    BUILTIN_LANGUAGES
        .iter()
        .any(|(c, _)| c.eq_ignore_ascii_case(primary))
}

/// The warning for a `language` the theme has no words for (`language: de`) and the site's
/// `templates/i18n/` has no file for either, naming site.yaml.
pub fn untranslated_warning(
    code: &str,
    site_files: &[LanguageFile],
    config_path: &std::path::Path,
) -> Option<Diagnostic> {
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    let site_has = site_files
        .iter()
        .any(|f| f.code().eq_ignore_ascii_case(primary) || f.code().eq_ignore_ascii_case(code));
    (!has_builtin_words(code) && !site_has).then(|| {
        Diagnostic::warning(
            Code::UntranslatedLanguage,
            config_path,
            None,
            format!(
                "language `{code}` has no built-in words: the theme's words stay English \
                 except those a `templates/i18n/{primary}.yaml` gives (built in: {})",
                BUILTIN_LANGUAGES
                    .iter()
                    .map(|(c, _)| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// How a count picks its form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PluralRule {
    /// `one` for 1, `other` otherwise (English, German, ...).
    OneOther,
    /// `one` (1, 21, 31 ...), `few` (2–4, 22–24 ...), `many` (the rest): Russian, Ukrainian.
    EastSlavic,
    /// Always `other` (Korean, Japanese, Chinese).
    None,
}

impl PluralRule {
    fn category(self, n: u64) -> &'static str {
        match self {
            PluralRule::OneOther if n == 1 => "one",
            PluralRule::OneOther | PluralRule::None => "other",
            PluralRule::EastSlavic => match (n % 10, n % 100) {
                (1, h) if h != 11 => "one",
                (2..=4, h) if !(12..=14).contains(&h) => "few",
                _ => "many",
            },
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    plural: PluralRule,
    date: DateLocale,
    #[serde(default)]
    taxonomies: BTreeMap<String, String>,
    #[serde(default)]
    counts: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    strings: BTreeMap<String, String>,
}

/// One language, resolved: the built-in file with the site's additions laid over it.
#[derive(Debug, Clone)]
pub struct Language {
    /// The site's `language` as written (`ru`, `ko-KR`).
    pub code: String,
    pub plural: PluralRule,
    pub date: DateLocale,
    /// Display names of taxonomies (`people` → `People`).
    pub taxonomies: BTreeMap<String, String>,
    /// Counted phrases by form: `events` → {`one`: `{n} event`, `other`: `{n} events`}.
    pub counts: BTreeMap<String, BTreeMap<String, String>>,
    /// Every other word of the theme, handed to templates as `t`.
    pub strings: BTreeMap<String, String>,
}

/// A site's language file: its name under `templates/` and its parsed content.
#[derive(Debug, Clone)]
pub struct LanguageFile {
    /// `i18n/ru.yaml`.
    pub name: String,
    pub value: serde_json::Value,
}

impl LanguageFile {
    /// The language the file is for: its stem (`ru` for `i18n/ru.yaml`).
    pub fn code(&self) -> &str {
        let file = self.name.rsplit('/').next().unwrap_or(&self.name);
        file.strip_suffix(".yaml")
            .or_else(|| file.strip_suffix(".yml"))
            .unwrap_or(file)
    }

    /// Parses a site's language file; errors are (line, message).
    pub fn parse(name: &str, text: &str) -> Result<LanguageFile, (Option<usize>, String)> {
        let value: serde_json::Value = if text.trim().is_empty() {
            serde_json::Value::Object(serde_json::Map::new())
        } else {
            parse_yaml(text).map_err(|e| (e.line, e.message))?
        };
        if !value.is_object() {
            return Err((None, "expected a mapping of keys such as `strings:`".into()));
        }
        Ok(LanguageFile {
            name: name.to_string(),
            value,
        })
    }
}

/// A language could not be put together; `file` names the site's file when it is to blame.
#[derive(Debug, Clone)]
pub struct LanguageError {
    pub file: Option<String>,
    pub message: String,
}

impl Language {
    /// English as built in.
    pub fn english() -> Language {
        Language::resolve("en", &[]).unwrap_or_else(|_| unreachable!("built-in en.yaml is valid"))
    }

    /// The language `code`: the built-in file of its primary tag (English when there is none),
    /// then the site's files for the primary tag and for the whole code, each over the last.
    pub fn resolve(code: &str, site_files: &[LanguageFile]) -> Result<Language, LanguageError> {
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        let builtin = BUILTIN_LANGUAGES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(primary))
            .or_else(|| BUILTIN_LANGUAGES.first())
            .map_or("", |(_, text)| text);
        let mut merged: serde_json::Value = parse_yaml(builtin).map_err(|e| LanguageError {
            file: None,
            message: e.message,
        })?;
        let mut used = Vec::new();
        for wanted in [primary, code] {
            for file in site_files
                .iter()
                .filter(|f| f.code().eq_ignore_ascii_case(wanted))
            {
                if !used.contains(&file.name) {
                    merge(&mut merged, &file.value);
                    used.push(file.name.clone());
                }
            }
        }
        let blame = || used.last().cloned();
        let raw: RawLanguage = serde_json::from_value(merged).map_err(|e| LanguageError {
            file: blame(),
            message: e.to_string(),
        })?;
        raw.date.check().map_err(|message| LanguageError {
            file: blame(),
            message: format!("date: {message}"),
        })?;
        Ok(Language {
            code: code.to_string(),
            plural: raw.plural,
            date: raw.date,
            taxonomies: raw.taxonomies,
            counts: raw.counts,
            strings: raw.strings,
        })
    }

    /// A counted phrase: `count("events", 3)` → "3 events", "3 события", "사건 3건". A key the
    /// language lacks falls back to the number alone.
    pub fn count(&self, key: &str, n: u64) -> String {
        let forms = self.counts.get(key);
        let form = forms.and_then(|f| {
            f.get(self.plural.category(n))
                .or_else(|| f.get("other"))
                .or_else(|| f.get("many"))
        });
        match form {
            Some(text) => text.replace("{n}", &self.date.number(n)),
            None => self.date.number(n),
        }
    }

    /// A taxonomy's display name: from the language, else the name capitalised.
    pub fn taxonomy(&self, name: &str) -> String {
        self.taxonomies.get(name).cloned().unwrap_or_else(|| {
            let mut c = name.chars();
            c.next()
                .map(|first| first.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
    }

    /// A theme string, with `{key}` placeholders filled in.
    pub fn string(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.strings.get(key).cloned().unwrap_or_default();
        for (k, v) in values {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        text
    }

    /// "24 years later", "3 месяца спустя", "5일 후" for a gap of calendar time: years when
    /// there is at least one, else months when there are two, else days (at least one).
    /// With `earlier`, "24 years earlier" (a timeline running newest first).
    pub fn gap(&self, elapsed: Elapsed, earlier: bool) -> String {
        let (unit, n) = gap_unit(elapsed);
        let key = format!("{unit}_{}", if earlier { "earlier" } else { "later" });
        self.count(&key, n.unsigned_abs())
    }

    /// The length of a pause, as a break of the time axis names it: "22 years".
    pub fn gap_length(&self, elapsed: Elapsed) -> String {
        let (unit, n) = gap_unit(elapsed);
        self.count(unit, n.unsigned_abs())
    }
}

/// The unit a pause is told in (years, else months from two, else days) and how many.
fn gap_unit(elapsed: Elapsed) -> (&'static str, i64) {
    if elapsed.years >= 1 {
        ("years", elapsed.years)
    } else if elapsed.months >= 2 {
        ("months", elapsed.months)
    } else {
        ("days", elapsed.days.max(1))
    }
}

/// Lays `over` onto `base`: mappings merge key by key, anything else replaces.
fn merge(base: &mut serde_json::Value, over: &serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (key, value) in o {
                match b.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        b.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (b, o) => *b = o.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{format_display_in, parse_span, DateLocale, Zone};

    fn show(lang: &Language, text: &str) -> String {
        let (start, end) = parse_span(text, &Zone::Utc).unwrap();
        format_display_in(&lang.date, &start, end.as_ref())
    }

    #[test]
    fn english_file_matches_the_built_in_english_dates() {
        assert_eq!(Language::english().date, DateLocale::english());
    }

    #[test]
    fn every_built_in_language_has_every_english_string() {
        let en = Language::english();
        for (code, _) in BUILTIN_LANGUAGES {
            let lang = Language::resolve(code, &[]).unwrap();
            for key in en.strings.keys() {
                assert!(lang.strings.contains_key(key), "{code} lacks strings.{key}");
            }
            for key in en.counts.keys() {
                assert!(lang.counts.contains_key(key), "{code} lacks counts.{key}");
            }
        }
    }

    #[test]
    fn parts_of_day_in_each_language() {
        let ru = Language::resolve("ru", &[]).unwrap();
        let ko = Language::resolve("ko", &[]).unwrap();
        // Parts of day, in each language's words: a night runs into the next day.
        let en = Language::english();
        assert_eq!(show(&en, "2024-06-18 night"), "night of 18–19 June 2024");
        assert_eq!(show(&en, "2024-06-18 evening"), "evening of 18 June 2024");
        assert_eq!(show(&ru, "2024-06-18 night"), "ночь на 19 июня 2024");
        assert_eq!(show(&ru, "2024-06-19 morning"), "утро 19 июня 2024");
        assert_eq!(show(&ko, "2024-06-18 night"), "2024년 6월 18일 밤");
        assert_eq!(show(&ko, "2024-06-19 afternoon"), "2024년 6월 19일 오후");
    }

    #[test]
    fn russian_dates_use_genitive_months() {
        let ru = Language::resolve("ru", &[]).unwrap();
        assert_eq!(show(&ru, "2024-06-19"), "19 июня 2024");
        assert_eq!(show(&ru, "2024-06"), "июнь 2024");
        assert_eq!(show(&ru, "2024-06-18/2024-06-19"), "18–19 июня 2024");
        assert_eq!(show(&ru, "2024-06-30/2024-07-02"), "30 июня – 2 июля 2024");
        assert_eq!(show(&ru, "2000~"), "ок. 2000");
        // Bug 13: "около" takes the genitive.
        assert_eq!(show(&ru, "2026-03~"), "ок. марта 2026");
        assert_eq!(show(&ru, "2026-03%"), "ок. марта 2026?");
        assert_eq!(show(&ru, "2026-03?"), "март 2026?");
        assert_eq!(
            show(&ru, "2026-03~/2026-04"),
            "ок. марта 2026 – апрель 2026"
        );
        assert_eq!(show(&ru, "-0043-03~"), "ок. марта 44 до н. э.");
        assert_eq!(show(&ru, "44 BCE"), "44 до н. э.");
    }

    #[test]
    fn korean_dates_run_year_month_day() {
        let ko = Language::resolve("ko-KR", &[]).unwrap();
        assert_eq!(show(&ko, "2024-06-19"), "2024년 6월 19일");
        assert_eq!(show(&ko, "2024-06"), "2024년 6월");
        assert_eq!(show(&ko, "2000"), "2000년");
        assert_eq!(show(&ko, "2024-06-18/2024-06-19"), "2024년 6월 18–19일");
        assert_eq!(show(&ko, "2024-06-19T02:45"), "2024년 6월 19일 02:45 UTC");
    }

    #[test]
    fn plural_rules() {
        let ru = Language::resolve("ru", &[]).unwrap();
        assert_eq!(ru.count("events", 1), "1 событие");
        assert_eq!(ru.count("events", 3), "3 события");
        assert_eq!(ru.count("events", 11), "11 событий");
        assert_eq!(ru.count("events", 22), "22 события");
        let en = Language::english();
        assert_eq!(en.count("events", 1), "1 event");
        assert_eq!(en.count("events", 0), "0 events");
        let ko = Language::resolve("ko", &[]).unwrap();
        assert_eq!(ko.count("events", 1), "사건 1건");
    }

    /// The calendar time from `a` to `b`, both read in UTC.
    fn elapsed(a: &str, b: &str) -> Elapsed {
        let at = |text: &str| parse_span(text, &Zone::Utc).unwrap().0.start_utc();
        Elapsed::between(at(a), at(b))
    }

    #[test]
    fn gaps_read_in_years_months_or_days() {
        let en = Language::english();
        for (from, to, text) in [
            ("2000-01-01", "2024-01-11", "24 years later"),
            ("2024-01-01", "2024-04-10", "3 months later"),
            ("2024-01-01", "2024-02-20", "50 days later"),
            ("2024-01-01", "2024-01-02", "1 day later"),
            ("2024-01-01", "2024-01-01", "1 day later"),
        ] {
            assert_eq!(en.gap(elapsed(from, to), false), text, "{from} → {to}");
        }
        assert_eq!(en.gap(elapsed("2000", "2024"), true), "24 years earlier");
        let ru = Language::resolve("ru", &[]).unwrap();
        assert_eq!(ru.gap(elapsed("2000", "2022"), false), "22 года спустя");
        assert_eq!(ru.gap(elapsed("2000", "2022"), true), "22 годами ранее");
        let ko = Language::resolve("ko", &[]).unwrap();
        assert_eq!(ko.gap(elapsed("2000", "2002"), true), "2년 전");
    }

    /// Bug: a gap of whole years read one short (36,524 days from 1900 to 2000 is not 100
    /// mean years).
    #[test]
    fn gaps_of_exact_multiples_are_not_one_short() {
        let en = Language::english();
        let later = |a, b| en.gap(elapsed(a, b), false);
        assert_eq!(later("1900", "2000"), "100 years later");
        assert_eq!(later("Y-86200000000", "2000"), "86,200,002,000 years later");
        assert_eq!(later("2010-01-05", "2020-01-05"), "10 years later");
        assert_eq!(later("600 BCE", "89 BCE"), "511 years later");
        assert_eq!(later("2023-01-01", "2024-01-01"), "1 year later");
        assert_eq!(later("2023-01-02", "2024-01-01"), "11 months later");
        assert_eq!(later("2024-01-31", "2024-03-31"), "2 months later");
        assert_eq!(later("2024-01-31", "2024-03-30"), "59 days later");
        // Midnights of one zone with different offsets (local mean time, then standard time).
        let at = |text: &str| {
            let zone = Zone::parse("Asia/Seoul").unwrap();
            parse_span(text, &zone).unwrap().0.start_utc()
        };
        let seoul = Elapsed::between(at("1850"), at("1950"));
        assert_eq!(en.gap(seoul, false), "100 years later");
    }

    #[test]
    fn a_site_file_overrides_keys_and_unknown_languages_start_from_english() {
        let file = LanguageFile::parse(
            "i18n/de.yaml",
            "strings:\n  timeline: Zeitleiste\ndate:\n  months: [Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober, November, Dezember]\n  day: \"{d}. {month_gen} {year}\"\n",
        )
        .unwrap();
        let de = Language::resolve("de", &[file]).unwrap();
        assert_eq!(de.strings["timeline"], "Zeitleiste");
        assert_eq!(de.strings["search"], "Search");
        assert_eq!(show(&de, "2024-06-19"), "19. Juni 2024");
    }

    #[test]
    fn language_tags_are_checked_and_names_get_their_tag() {
        for good in ["en", "ru", "ko-KR", "zh-Hant-TW", "de", "fil", "en-GB"] {
            assert_eq!(check_tag(good), Ok(()), "{good}");
        }
        let error = check_tag("english").unwrap_err();
        assert!(error.contains("not a BCP 47 language tag"), "{error}");
        assert!(error.contains("write `en`"), "{error}");
        assert!(check_tag("Русский").unwrap_err().contains("write `ru`"));
        assert!(check_tag("klingon").unwrap_err().contains("such as `en`"));
        for bad in ["", "e", "en-", "en-GBGBGBGBG", "1a"] {
            assert!(check_tag(bad).is_err(), "{bad}");
        }
        // Every suggested tag is itself a tag.
        for (_, tag) in LANGUAGE_NAMES {
            assert_eq!(check_tag(tag), Ok(()), "{tag}");
        }
        assert!(has_builtin_words("ko-KR") && has_builtin_words("RU"));
        assert!(!has_builtin_words("de"));
    }

    #[test]
    fn a_bad_site_file_is_blamed() {
        let file = LanguageFile::parse("i18n/en.yaml", "date:\n  months: [Jan]\n").unwrap();
        let err = Language::resolve("en", &[file]).unwrap_err();
        assert_eq!(err.file.as_deref(), Some("i18n/en.yaml"));
        assert!(err.message.contains("12"), "{}", err.message);
        let err = LanguageFile::parse("i18n/en.yaml", "strings: [").unwrap_err();
        assert!(err.0.is_some());
    }
}
