//! The typed, checked domain: articles, their events, and the timeline they make. Pure: nothing
//! here touches the file system, so every rule is testable from strings.

pub mod article;
pub mod media;
mod relative;
pub mod timeline;

use std::collections::BTreeMap;

use crate::date::EventDate;
use crate::slug::slugify;

pub use article::{Article, ArticleOptions};
pub use media::{Media, MediaKind};
pub use timeline::{SortKey, Timeline, TimelineEvent};

/// Taxonomy name → its terms as written (deduplicated, in order).
pub type Terms = BTreeMap<String, Vec<String>>;

/// An outlet an article or event draws on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// One dated event, as one article declares it.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    /// When the author wrote no `id`: the default it is made from, `{slug}-{title}` (the slug
    /// alone for an article's own event). `id` is this default, or, when the default is taken,
    /// one of the later [`default_ids`]. Only a written `id` names one event in several
    /// declarations; a default is never merged with anything.
    pub default_id: Option<String>,
    pub title: String,
    pub start: EventDate,
    pub end: Option<EventDate>,
    pub display_date: Option<String>,
    /// The dates as English text ("19 June 2024, 02:45 KST"), made once when the event is read:
    /// `events.json`, the calendar and `timeline.json` show it when there is no `display_date`.
    pub english_date: String,
    pub summary_html: Option<String>,
    pub place: Option<String>,
    pub sources: Vec<Source>,
    /// Photos, audio, video, embeds and quotes: the card shows the first.
    pub media: Vec<Media>,
    /// The event's own terms with the article's added.
    pub terms: Terms,
    /// Keys the model does not know, handed to templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// File line where the event is declared.
    pub line: Option<usize>,
    /// 0-based position among its article's events.
    pub position: usize,
    /// `date` and `end` as written when they were phrases (`yesterday night`); None for dates.
    pub date_written: Option<String>,
    pub end_written: Option<String>,
    /// The article's dateline the phrases were read against.
    pub dateline: Option<EventDate>,
    /// A date written relative to another event (`hours before arrival`): resolved, with
    /// `start` replaced, once every event is merged ([`timeline`]).
    pub anchor: Option<Anchor>,
    /// An `end` written relative to another event (`2 days after talks`): resolved like
    /// `anchor`, with `end` set, after merging.
    pub end_anchor: Option<Anchor>,
    /// Ordering keys: the ids of events this one comes before / after when their dates tie.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The event a date is written relative to, and how far from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: String,
    pub offset: crate::date::relative::EventOffset,
}

impl Event {
    /// Whether the author wrote the `id`.
    pub fn id_written(&self) -> bool {
        self.default_id.is_none()
    }

    /// Whether the event's place depends on another event's (an anchor or an ordering key), so
    /// that an edit of another article can move it.
    pub fn depends_on_others(&self) -> bool {
        self.anchor.is_some()
            || self.end_anchor.is_some()
            || self.before.is_some()
            || self.after.is_some()
    }
}

/// The ids an event without `id` may take, in the order tried: the default; the default and the
/// date (`press-briefing-2024-06-20`); and the position in the article, 1-based, too
/// (`press-briefing-2024-06-20-3`). A counter after that is only reached when ids are made to
/// collide on purpose, and makes the sequence endless, so that a free id is always found.
pub fn default_ids<'a>(default: &'a str, event: &'a Event) -> impl Iterator<Item = String> + 'a {
    let date = slugify(&event.start.normalized());
    let dated = format!("{default}-{date}");
    let placed = format!("{dated}-{}", event.position + 1);
    [default.to_string(), dated, placed.clone()]
        .into_iter()
        .chain((2..).map(move |n| format!("{placed}-{n}")))
}

/// The first of an event's [`default_ids`] that is not `taken`; `None` for a written id.
pub fn free_default_id(event: &Event, taken: impl Fn(&str) -> bool) -> Option<String> {
    let default = event.default_id.as_deref()?;
    default_ids(default, event).find(|id| !taken(id))
}

/// Adds `terms` to `into`, keeping the first spelling of each term.
pub fn merge_terms(into: &mut Terms, terms: &Terms) {
    for (taxonomy, list) in terms {
        let target = into.entry(taxonomy.clone()).or_default();
        for term in list {
            if !target.contains(term) {
                target.push(term.clone());
            }
        }
    }
}

/// Adds the sources not yet in `into` (by name).
pub fn merge_sources(into: &mut Vec<Source>, sources: &[Source]) {
    for source in sources {
        if !into.iter().any(|s| s.name == source.name) {
            into.push(source.clone());
        }
    }
}
