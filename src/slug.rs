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

/// The longest slug, id or term folder name, in bytes (file systems allow 255).
pub const MAX_SEGMENT: usize = 200;

/// Names Windows reserves for devices, in any case: a folder `con/` cannot be created or copied
/// there, so a site built on Linux could not be checked out or served from Windows.
pub fn windows_reserved(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or("");
    matches!(stem, "con" | "prn" | "aux" | "nul" | "conin$" | "conout$")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit())
}

/// Checks a slug made by [`slugify`] (from a file name or a term): it names a folder.
pub fn check_derived(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        return Err("it has no letters or digits".into());
    }
    if slug.len() > MAX_SEGMENT {
        return Err(format!(
            "its slug is {} bytes long; at most {MAX_SEGMENT}",
            slug.len()
        ));
    }
    if windows_reserved(slug) {
        return Err(format!("`{slug}` is a name Windows reserves for a device"));
    }
    Ok(())
}

/// Checks an author-written slug or id: what may become a folder name or an `#anchor`.
pub fn check_segment(value: &str) -> Result<(), String> {
    const MAX: usize = MAX_SEGMENT;
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
    if windows_reserved(value) {
        return Err(
            "it is a name Windows reserves for a device (con, prn, aux, nul, com1–com9, lpt1–lpt9)"
                .into(),
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
        for bad in [
            "", "..", "a/b", "a\\b", "a b", "-x", "é", "a\0b", "!!!", ".",
        ] {
            assert!(check_segment(bad).is_err(), "{bad:?}");
        }
        assert!(check_segment(&"a".repeat(201)).is_err());
        assert!(check_segment(&"a".repeat(200)).is_ok());
        for reserved in ["con", "CON", "Nul", "aux", "prn", "com1", "COM9", "lpt3"] {
            let why = check_segment(reserved).expect_err(reserved);
            assert!(why.contains("Windows"), "{reserved}: {why}");
        }
        for fine in ["console", "com", "com10", "lpt", "nul-1", "auxiliary"] {
            assert!(check_segment(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn derived_slugs_are_checked() {
        assert!(check_derived("cafe").is_ok());
        assert!(check_derived("").is_err());
        assert!(check_derived(&slugify("Con")).is_err());
        assert!(check_derived(&slugify("LPT1")).is_err());
        assert!(check_derived(&"a".repeat(201)).is_err());
    }
}
