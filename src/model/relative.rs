//! Events placed from other events, resolved once every declaration is merged by id: dates
//! written relative to an anchor (`hours before arrival`, `the day after talks`), in dependency
//! order, and the ordering keys `before:` / `after:` (an unstated amount orders too).
//!
//! Errors name the file and line: an unknown id (with the nearest id), a cycle (every id in
//! it), a contradiction between an ordering key and the dates (both events).

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::relative;
use crate::error::{Code, Diagnostic};

use super::timeline::{SortKey, TimelineEvent};
use super::{Article, Event};

/// Resolves anchored dates, then sets each event's tie rank from its ordering keys. `events`
/// are merged, with their final ids; their keys are recomputed where a date changed.
pub(super) fn resolve(
    events: &mut [TimelineEvent],
    articles: &[Arc<Article>],
    errors: &mut Vec<Diagnostic>,
) {
    if !events.iter().any(|e| e.event.depends_on_others()) {
        return;
    }
    let ids: HashMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.event.id.as_str(), i))
        .collect();
    let error = |e: &TimelineEvent, message: String| {
        Diagnostic::error(
            Code::InvalidDate,
            &articles[e.articles[0]].display_path,
            e.event.line,
            message,
        )
    };
    let mut found = Vec::new();
    // Each event's anchor and ordering targets, as indexes.
    let mut anchor: Vec<Option<usize>> = vec![None; events.len()];
    let mut end_anchor: Vec<Option<usize>> = vec![None; events.len()];
    let mut ties: Vec<Vec<(usize, i64)>> = vec![Vec::new(); events.len()];
    for (i, e) in events.iter().enumerate() {
        let ev = &e.event;
        let mut target = |id: &str, key: &str| match ids.get(id) {
            Some(&j) if j == i => {
                found.push(error(
                    e,
                    format!("event `{}`: `{key}` names the event itself", ev.id),
                ));
                None
            }
            Some(&j) => Some(j),
            None => {
                let hint = nearest(id, ids.keys().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                found.push(error(
                    e,
                    format!(
                        "event `{}`: `{key}` names `{id}`, which is no event id of the site{hint}",
                        ev.id
                    ),
                ));
                None
            }
        };
        if let Some(a) = &ev.anchor {
            anchor[i] = target(&a.id, "date");
            let side = a.offset.side();
            if let (Some(j), true) = (anchor[i], side != 0) {
                ties[i].push((j, side));
            }
        }
        if let Some(a) = &ev.end_anchor {
            end_anchor[i] = target(&a.id, "end");
        }
        for (key, id, side) in [("before", &ev.before, -1), ("after", &ev.after, 1)] {
            if let Some(j) = id.as_deref().and_then(|id| target(id, key)) {
                ties[i].push((j, side));
            }
        }
    }
    if !found.is_empty() {
        errors.extend(found);
        return;
    }
    let edges: Vec<Vec<usize>> = (0..events.len())
        .map(|i| {
            let mut out: Vec<usize> = anchor[i].into_iter().chain(end_anchor[i]).collect();
            out.extend(ties[i].iter().map(|&(j, _)| j));
            out
        })
        .collect();
    let order = match dependency_order(&edges) {
        Ok(order) => order,
        Err(cycle) => {
            let names: Vec<&str> = cycle.iter().map(|&i| events[i].event.id.as_str()).collect();
            let text = format!("{} → {}", names.join(" → "), names[0]);
            for &i in &cycle {
                errors.push(error(
                    &events[i],
                    format!("events are placed from each other in a cycle: {text}; give one of them a date of its own"),
                ));
            }
            return;
        }
    };
    for &i in &order {
        let placed = |j: usize, a: &super::Anchor, written: &Option<String>, key: &str| {
            relative::resolve_event(a.offset, &events[j].event.start).map_err(|reason| {
                error(
                    &events[i],
                    format!(
                        "event `{}`: {key} `{}` cannot be placed from `{}`: {reason}",
                        events[i].event.id,
                        written.as_deref().unwrap_or(""),
                        a.id
                    ),
                )
            })
        };
        let ev = &events[i].event;
        let start = match (anchor[i], &ev.anchor) {
            (Some(j), Some(a)) => Some(placed(j, a, &ev.date_written, "date")),
            _ => None,
        };
        let end = match (end_anchor[i], &ev.end_anchor) {
            (Some(j), Some(a)) => Some(placed(j, a, &ev.end_written, "end")),
            _ => None,
        };
        let anchored = start.is_some() || end.is_some();
        let (start, end) = match (start.transpose(), end.transpose()) {
            (Ok(start), Ok(end)) => (start, end),
            (start, end) => {
                errors.extend(start.err().into_iter().chain(end.err()));
                continue;
            }
        };
        if anchored {
            let ev = Arc::make_mut(&mut events[i].event);
            if let Some(start) = start {
                ev.start = start;
            }
            if end.is_some() {
                ev.end = end;
            }
            if let Some(e) = &ev.end {
                if let Err(err) = crate::date::check_order(&ev.start, e) {
                    let words = ev.end_written.as_deref().unwrap_or("");
                    let message = format!(
                        "event `{}`: end `{words}`: {}; expected an end on or after the date",
                        ev.id, err.reason
                    );
                    errors.push(error(&events[i], message));
                    continue;
                }
            }
            ev.english_date = crate::date::format_display(&ev.start, ev.end.as_ref());
            let key = &events[i].key;
            let (article, position) = (key.article, key.position);
            let ev = &events[i].event;
            events[i].key = SortKey::new(&ev.start, ev.end.as_ref(), article, position);
        }
        for &(j, side) in &ties[i] {
            let (mine, theirs) = (events[i].key.start, events[j].key.start);
            let contradicts = (side < 0 && mine > theirs) || (side > 0 && mine < theirs);
            if contradicts {
                let (a, b) = (&events[i].event, &events[j].event);
                let word = if side < 0 { "before" } else { "after" };
                let message = format!(
                    "event `{}` is to come {word} `{}`, but its date `{}` is {} `{}` ({})",
                    a.id,
                    b.id,
                    a.start.normalized(),
                    if side < 0 { "after" } else { "before" },
                    b.start.normalized(),
                    articles[events[j].articles[0]].display_path.display()
                );
                errors.push(error(&events[i], message.clone()));
                errors.push(error(&events[j], message));
            } else if mine == theirs {
                events[i].key.tie = events[j].key.tie + side;
            }
        }
    }
}

/// The events in an order where each comes after those it depends on; or a cycle.
fn dependency_order(edges: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    let mut order = Vec::with_capacity(edges.len());
    for root in 0..edges.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // An explicit stack of (node, next edge), so a long chain cannot overflow the stack.
        let mut stack = vec![(root, 0)];
        mark[root] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::Open;
                        stack.push((to, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                        return Err(stack[from..].iter().map(|&(n, _)| n).collect());
                    }
                    Mark::Done => {}
                }
            } else {
                mark[node] = Mark::Done;
                order.push(node);
                stack.pop();
            }
        }
    }
    Ok(order)
}

/// The id nearest to `id` by edit distance, if it is near (at most a third of its length).
fn nearest<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (id.chars().count() / 3).max(1);
    ids.map(|c| (strsim_distance(id, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, by characters.
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Whether two declarations of one id agree: by their words when either is placed from
/// another event (its date is known only after merging).
pub(super) fn same_written(a: &Event, b: &Event) -> Option<bool> {
    let anchored = |e: &Event| e.anchor.is_some() || e.end_anchor.is_some();
    (anchored(a) || anchored(b)).then(|| a.anchor == b.anchor && a.end_anchor == b.end_anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_order_puts_anchors_first_and_names_cycles() {
        assert_eq!(
            dependency_order(&[vec![1], vec![], vec![0]]),
            Ok(vec![1, 0, 2])
        );
        assert_eq!(
            dependency_order(&[vec![1], vec![2], vec![0]]),
            Err(vec![0, 1, 2])
        );
        // A long chain does not overflow the stack.
        let chain: Vec<Vec<usize>> = (0..100_000).map(|i| vec![i + 1]).chain([vec![]]).collect();
        assert_eq!(dependency_order(&chain).map(|o| o[0]), Ok(100_000));
    }

    #[test]
    fn nearest_id_is_suggested_only_when_near() {
        let ids = ["arrival", "talks", "putin-op-ed"];
        assert_eq!(nearest("arival", ids.into_iter()), Some("arrival"));
        assert_eq!(nearest("xyz", ids.into_iter()), None);
    }
}
