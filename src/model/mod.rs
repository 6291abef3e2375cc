//! The typed, checked domain: articles, their events, and the timeline they make. Pure: nothing
//! here touches the file system, so every rule is testable from strings.

pub mod article;
pub mod timeline;

use std::collections::BTreeMap;

use crate::date::EventDate;

pub use article::{Article, ArticleOptions};
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
    /// Whether the author wrote the `id` (else it was derived from the slug and title, and
    /// meeting it again in another article is a clash, not the same event).
    pub id_explicit: bool,
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
    /// The event's own terms with the article's added.
    pub terms: Terms,
    /// Keys the model does not know, handed to templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// File line where the event is declared.
    pub line: Option<usize>,
    /// 0-based position among its article's events.
    pub position: usize,
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
