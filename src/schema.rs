//! `annalist schema [article|site]`: JSON Schema (draft 2020-12) of an article's front-matter or
//! of `site.yaml`, made from the tables of [`crate::vocabulary`], for editors that validate YAML
//! as an author types.
//!
//! The schema is as permissive as the parser and no more: a key that the parser takes as a
//! taxonomy's terms or as `extra` is allowed with any value in an article or an event (which
//! keys are taxonomies is the site's choice); `site.yaml` allows no other key. Values that the
//! parser reads but the model then checks (a date's grammar, a zone's name, a URL's scheme) are
//! only typed here: `annalist check` says the rest.

use serde_json::{json, Map, Value};

use crate::vocabulary::{self, Key, Type};

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// An article's front-matter (between the `---` lines).
    Article,
    /// `site.yaml`.
    Site,
}

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema as a JSON value.
pub fn schema(which: Which) -> Value {
    match which {
        Which::Article => {
            let mut root = object(vocabulary::ARTICLE, true);
            let defs = json!({
                "event": object(vocabulary::EVENT, true),
                "source": object(vocabulary::SOURCE, false),
                "medium": object(vocabulary::MEDIA, false),
            });
            let root_map = root.as_object_mut().expect("an object");
            root_map.insert("$schema".into(), DRAFT.into());
            root_map.insert("title".into(), "annalist article front-matter".into());
            root_map.insert(
                "description".into(),
                "The YAML between an article's `---` lines. Keys not listed are taxonomy terms \
                 (a list of terms) or extra values for templates."
                    .into(),
            );
            root_map.insert("$defs".into(), defs);
            root
        }
        Which::Site => {
            let mut root = object(vocabulary::SITE, false);
            let root_map = root.as_object_mut().expect("an object");
            root_map.insert("$schema".into(), DRAFT.into());
            root_map.insert("title".into(), "annalist site.yaml".into());
            root_map.insert(
                "description".into(),
                "The site's settings. Every key is optional; an unknown key is an error.".into(),
            );
            root
        }
    }
}

/// The schema as `annalist schema` prints it: pretty JSON and a final newline.
pub fn to_text(which: Which) -> String {
    let mut text = serde_json::to_string_pretty(&schema(which)).unwrap_or_default();
    text.push('\n');
    text
}

/// A mapping of `keys`; `open`: other keys are allowed with any value.
fn object(keys: &[Key], open: bool) -> Value {
    let properties: Map<String, Value> = keys
        .iter()
        .map(|k| (k.name.to_string(), property(k)))
        .collect();
    let required: Vec<&str> = keys.iter().filter(|k| k.required).map(|k| k.name).collect();
    let mut out = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": open,
    });
    if !required.is_empty() {
        out["required"] = json!(required);
    }
    out
}

fn property(k: &Key) -> Value {
    let mut value = value_schema(k.ty);
    // The parser reads an empty optional key (`summary:`) as absent; an empty required key or
    // date is an error.
    if !k.required && k.ty != Type::Date {
        value = json!({ "anyOf": [value, { "type": "null" }] });
    }
    value["description"] = k.doc.into();
    value
}

fn value_schema(ty: Type) -> Value {
    let string = || json!({ "type": "string" });
    match ty {
        Type::Text | Type::Markdown | Type::Url | Type::Zone | Type::Anchor => string(),
        Type::Date => json!({ "type": ["string", "integer"] }),
        Type::Bool => json!({ "type": "boolean" }),
        Type::Names => json!({ "anyOf": [string(), { "type": "array", "items": string() }] }),
        Type::TextList => json!({ "type": "array", "items": string() }),
        Type::Sources => json!({
            "type": "array",
            "items": { "anyOf": [string(), { "$ref": "#/$defs/source" }] },
        }),
        Type::Events => json!({ "type": "array", "items": { "$ref": "#/$defs/event" } }),
        Type::Media => json!({
            "anyOf": [
                { "$ref": "#/$defs/medium" },
                { "type": "array", "items": { "$ref": "#/$defs/medium" } },
            ],
        }),
        Type::PositiveList => {
            json!({ "type": "array", "items": { "type": "integer", "minimum": 1 } })
        }
        Type::OneOf(words) => json!({ "enum": words }),
        Type::Count => json!({ "type": "integer", "minimum": 0 }),
        Type::Positive => json!({ "type": "integer", "minimum": 1 }),
        Type::Map => json!({ "type": "object" }),
        Type::Group(keys) => object(keys, false),
        Type::List(keys) => json!({ "type": "array", "items": object(keys, false) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_vocabulary_is_in_its_schema() {
        let article = schema(Which::Article);
        for k in vocabulary::ARTICLE {
            assert!(article["properties"][k.name].is_object(), "{}", k.name);
        }
        assert_eq!(article["required"], json!(["title"]));
        assert_eq!(article["additionalProperties"], json!(true));
        let event = &article["$defs"]["event"];
        assert_eq!(event["required"], json!(["title", "date"]));
        for k in vocabulary::EVENT {
            assert!(event["properties"][k.name].is_object(), "{}", k.name);
        }
        let medium = &article["$defs"]["medium"];
        for k in vocabulary::MEDIA {
            assert!(medium["properties"][k.name].is_object(), "{}", k.name);
        }
        assert_eq!(medium["additionalProperties"], json!(false));
        let site = schema(Which::Site);
        assert_eq!(site["additionalProperties"], json!(false));
        assert_eq!(
            site["properties"]["limits"]["anyOf"][0]["properties"]["file_bytes"]["anyOf"][0]
                ["minimum"],
            json!(1)
        );
        assert_eq!(site["$schema"], DRAFT);
    }

    #[test]
    fn the_text_is_deterministic_json() {
        let text = to_text(Which::Site);
        assert_eq!(text, to_text(Which::Site));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, schema(Which::Site));
    }
}
