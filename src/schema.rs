//! `annalist schema [article|site|events]`: JSON Schema (draft 2020-12) of an article's
//! front-matter or of `site.yaml`, made from the tables of [`crate::vocabulary`], for editors
//! that validate YAML as an author types; and of the `events.json` a build writes, made from the
//! table beside its serializer ([`crate::render::json::EVENT_FIELDS`]), for the programs that
//! read it.
//!
//! The schema is as permissive as the parser and no more: a key that the parser takes as a
//! taxonomy's terms or as `extra` is allowed with any value in an article or an event (which
//! keys are taxonomies is the site's choice); `site.yaml` allows no other key. Values that the
//! parser reads but the model then checks (a date's grammar, a zone's name, a URL's scheme) are
//! only typed here: `annalist check` says the rest.
//!
//! `events.json`'s schema allows no key but its fields and the taxonomies' (any name a taxonomy
//! may take, as `patternProperties`: which are taxonomies is the site's choice), each a list of
//! term names.

use serde_json::{json, Map, Value};

use crate::vocabulary::{self, Key, Type};

/// Which file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// An article's front-matter (between the `---` lines).
    Article,
    /// `site.yaml`.
    Site,
    /// The `events.json` a build writes.
    Events,
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
        Which::Events => events_schema(),
    }
}

/// The schema of `events.json`, from the tables of [`crate::render::json`].
fn events_schema() -> Value {
    use crate::render::json::{EVENT_FIELDS, MEDIUM_FIELDS};
    let fields: Vec<&str> = EVENT_FIELDS.iter().map(|f| f.name).collect();
    let mut event = fields_object(EVENT_FIELDS, &fields);
    // A taxonomy's name: lowercase letters, digits, `-`, `_`, and none of the fields' names.
    event["patternProperties"] = json!({
        format!("^(?!(?:{})$)[a-z0-9_-]+$", fields.join("|")): {
            "description": "the names of the event's terms in the taxonomy of that name (every taxonomy of the site; an empty list for none)",
            "type": "array",
            "items": { "type": "string" },
        },
    });
    let medium = fields_object(MEDIUM_FIELDS, &["kind"]);
    let era = json!({
        "type": "object",
        "properties": {
            "title": { "type": "string" },
            "date": { "type": "string", "description": "the start, as `date` of an event" },
            "end": { "type": "string" },
            "summary": { "type": "string" },
        },
        "required": ["title", "date", "end"],
        "additionalProperties": false,
    });
    json!({
        "$schema": DRAFT,
        "title": "annalist events.json",
        "description": "Every event of the site in timeline order. Every field is present on every event (null or an empty list when the event has no such value), and one key per taxonomy of the site.",
        "type": "object",
        "properties": {
            "events": { "type": "array", "items": { "$ref": "#/$defs/event" } },
            "eras": {
                "description": "the eras of site.yaml; absent when it has none",
                "type": "array",
                "items": { "$ref": "#/$defs/era" },
            },
        },
        "required": ["events"],
        "additionalProperties": false,
        "$defs": { "event": event, "medium": medium, "era": era },
    })
}

/// An object of `fields`, the `required` ones listed; no other key.
fn fields_object(fields: &[crate::render::json::Field], required: &[&str]) -> Value {
    let properties: Map<String, Value> = fields
        .iter()
        .map(|f| {
            let mut value = field_schema(f.ty);
            value["description"] = f.doc.into();
            (f.name.to_string(), value)
        })
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn field_schema(ty: crate::render::json::FieldType) -> Value {
    use crate::render::json::FieldType as T;
    match ty {
        T::Text => json!({ "type": "string" }),
        T::TextOrNull => json!({ "type": ["string", "null"] }),
        T::Bool => json!({ "type": "boolean" }),
        T::Precision => json!({
            "enum": ["year", "month", "day", "part_of_day", "minute", "second"],
        }),
        T::Instant => json!({
            "type": "string",
            "pattern": "^([0-9]{4}|[+-][0-9]{4,})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
        }),
        T::TextList => json!({ "type": "array", "items": { "type": "string" } }),
        T::Sources => json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": { "type": "string" },
                    "url": { "type": ["string", "null"] },
                },
                "required": ["name", "url"],
                "additionalProperties": false,
            },
        }),
        T::Media => json!({ "type": "array", "items": { "$ref": "#/$defs/medium" } }),
        T::Positive => json!({ "type": "integer", "minimum": 1 }),
        T::MediaKind => json!({
            "enum": crate::model::MediaKind::ALL.map(crate::model::MediaKind::name),
        }),
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
    fn the_events_schema_has_every_field_and_no_taxonomy_can_be_one() {
        use crate::render::json::{EVENT_FIELDS, MEDIUM_FIELDS};
        let events = schema(Which::Events);
        let event = &events["$defs"]["event"];
        assert_eq!(event["additionalProperties"], json!(false));
        for f in EVENT_FIELDS {
            assert!(
                event["properties"][f.name]["description"].is_string(),
                "{}",
                f.name
            );
        }
        assert_eq!(
            event["required"].as_array().unwrap().len(),
            EVENT_FIELDS.len()
        );
        for f in MEDIUM_FIELDS {
            assert!(
                events["$defs"]["medium"]["properties"][f.name].is_object(),
                "{}",
                f.name
            );
        }
        // The taxonomies' pattern names every field as an exception (the validator's test,
        // tests/integration/schema.rs, shows it at work).
        let patterns = event["patternProperties"].as_object().unwrap();
        let key = patterns.keys().next().unwrap();
        let names: Vec<&str> = EVENT_FIELDS.iter().map(|f| f.name).collect();
        assert!(key.contains(&format!("(?:{})$", names.join("|"))), "{key}");
        assert_eq!(events["$schema"], DRAFT);
    }

    #[test]
    fn the_text_is_deterministic_json() {
        let text = to_text(Which::Site);
        assert_eq!(text, to_text(Which::Site));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, schema(Which::Site));
    }
}
