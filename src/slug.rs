//! Slugs: the URL segments of articles and terms, and default event ids. Unicode is transliterated
//! to ASCII (`Пхеньян` → `pkhen-ian`, `Café` → `cafe`) so every URL and anchor is plain ASCII.

/// Lowercase ASCII letters and digits separated by single `-`; empty when nothing is left.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Checks an author-written slug or id: what may become a folder name or an `#anchor`.
pub fn check_segment(value: &str) -> Result<(), String> {
    const MAX: usize = 200;
    if value.is_empty() {
        return Err("it is empty".into());
    }
    if value.len() > MAX {
        return Err(format!("it is {} bytes long; at most {MAX}", value.len()));
    }
    let ok = value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok || value.starts_with(['-', '_']) {
        return Err(
            "expected ASCII letters, digits, `-` and `_`, starting with a letter or digit".into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_table() {
        for (input, expected) in [
            ("Putin arrives in Pyongyang", "putin-arrives-in-pyongyang"),
            ("  Kim Jong Un!  ", "kim-jong-un"),
            ("Café", "cafe"),
            ("Пхеньян", "pkhen-ian"),
            ("2024 -- talks", "2024-talks"),
            ("!!!", ""),
        ] {
            assert_eq!(slugify(input), expected, "{input}");
        }
    }

    #[test]
    fn check_segment_table() {
        assert!(check_segment("arrival").is_ok());
        assert!(check_segment("visit-2000").is_ok());
        for bad in ["", "..", "a/b", "a\\b", "a b", "-x", "é", "a\0b"] {
            assert!(check_segment(bad).is_err(), "{bad:?}");
        }
        assert!(check_segment(&"a".repeat(201)).is_err());
    }
}
