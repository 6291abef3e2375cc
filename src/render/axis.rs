//! The time axis at the top of timeline pages: an inline SVG of the whole listing (the site's
//! timeline or a term's), from its first event to its last.
//!
//! The [`Scale`] is proportional within stretches and broken where the timeline pauses, by the
//! gap markers' own rule ([`super::views::gaps`]), so a night of June 2024 after twenty-two quiet
//! years is not one pixel wide. Each stretch gets ticks at the finest unit whose labels fit
//! (centuries to minutes), in the zone of its first event. Marks: a dot for a date of a day or
//! finer, a bar over a span or a coarse date (faint for a year), hollow when approximate,
//! dashed when uncertain; marks that would overlap are stacked into rows, then counted into a
//! cluster; a listing of more than [`HUGE`] events is drawn as clusters only, so the SVG stays
//! small at any size. Eras are bands behind, lanes (terms of `lanes:`) are rows.
//!
//! The SVG is made once per listing and build; only the highlight of the page's own stretch
//! differs between its pages ([`Axis::page`]). Links carry the cards' root mark, filled in as
//! the page is written.

use std::fmt::Write;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::config::Era;
use crate::date::{self, Elapsed, EventDate, Precision};
use crate::i18n::Language;

use super::text::{escape_xml, escape_xml_into};
use super::views::{gaps, Views};

/// Width of the SVG's coordinate space (it is scaled to the page's width).
pub const WIDTH: f64 = 1000.0;
/// Width of a break between two stretches.
const BREAK: f64 = 60.0;
/// Room inside a stretch's ends, so a dot at its edge is whole.
const PAD: f64 = 6.0;
/// At most this many breaks: the longest pauses are drawn as breaks, the others to scale.
const MAX_BREAKS: usize = 8;
/// A label's width per character, at the tick labels' size (a generous sans-serif average).
const CHAR: f64 = 6.6;
/// Width of a cluster of marks.
const BIN: f64 = 24.0;
/// Rows of single marks per lane before marks are counted into clusters.
const SUB_ROWS: usize = 6;
/// Above this many events, every mark is a cluster with a count.
pub const HUGE: usize = 2000;
/// At most this many lanes besides "other": the terms with the most events.
pub const MAX_LANES: usize = 6;
const ROW: f64 = 14.0;

/// A stretch of time drawn to scale, from `from` to `to` (Unix seconds) over `x0..x1`.
#[derive(Debug, Clone, PartialEq)]
pub struct Stretch {
    pub from: i64,
    pub to: i64,
    pub x0: f64,
    pub x1: f64,
    /// The first and last item of the stretch (indexes into the spans given to [`Scale::new`]).
    pub first: usize,
    pub last: usize,
}

/// A pause drawn as a break: `elapsed` between the stretches on either side.
#[derive(Debug, Clone, PartialEq)]
pub struct Break {
    pub x0: f64,
    pub x1: f64,
    pub elapsed: Elapsed,
}

/// From instants to x.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub stretches: Vec<Stretch>,
    pub breaks: Vec<Break>,
}

impl Scale {
    /// The scale of `spans` (start, exclusive end; sorted by start) over `width`.
    pub fn new(spans: &[(i64, i64)], width: f64) -> Scale {
        if spans.is_empty() {
            return Scale {
                stretches: Vec::new(),
                breaks: Vec::new(),
            };
        }
        let starts: Vec<i64> = spans.iter().map(|s| s.0).collect();
        // The gap markers' rule, then only the longest pauses when there are many.
        let mut cuts: Vec<(usize, i64)> = gaps(&starts)
            .iter()
            .enumerate()
            .filter(|(_, gap)| gap.is_some())
            .map(|(i, _)| (i, starts[i] - starts[i - 1]))
            .collect();
        cuts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        cuts.truncate(MAX_BREAKS);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.0).collect();
        cuts.sort_unstable();
        // Runs of items between cuts; a span reaching past the next cut joins the runs.
        let mut runs: Vec<(usize, usize, i64, i64)> = Vec::new();
        let mut begin = 0;
        for end in cuts.iter().copied().chain([spans.len()]) {
            let to = spans[begin..end]
                .iter()
                .map(|s| s.1)
                .max()
                .unwrap_or(spans[begin].1);
            match runs.last_mut() {
                Some(last) if last.3 > spans[begin].0 => {
                    last.1 = end - 1;
                    last.3 = last.3.max(to);
                }
                _ => runs.push((begin, end - 1, spans[begin].0, to.max(spans[begin].0 + 1))),
            }
            begin = end;
        }
        let n = runs.len();
        let avail = (width - BREAK * (n - 1) as f64).max(width / 2.0);
        let total: f64 = runs.iter().map(|r| (r.3 - r.2) as f64).sum();
        let mut x = 0.0;
        let mut stretches = Vec::with_capacity(n);
        let mut breaks = Vec::new();
        for (k, &(first, last, from, to)) in runs.iter().enumerate() {
            if k > 0 {
                let before: &Stretch = &stretches[k - 1];
                breaks.push(Break {
                    x0: x,
                    x1: x + BREAK,
                    // Start to start, as the gap marker in the list counts it.
                    elapsed: Elapsed::between(spans[before.last].0, from),
                });
                x += BREAK;
            }
            // Most of the room is shared equally, the rest by duration: a night is readable beside
            // a decade, and each stretch is proportional within.
            let share = 0.8 / n as f64 + 0.2 * (to - from) as f64 / total.max(1.0);
            let w = avail * share;
            stretches.push(Stretch {
                from,
                to,
                x0: x,
                x1: x + w,
                first,
                last,
            });
            x += w;
        }
        Scale { stretches, breaks }
    }

    /// The x of an instant: to scale in its stretch, across a break between two.
    pub fn x(&self, t: i64) -> f64 {
        let Some(first) = self.stretches.first() else {
            return 0.0;
        };
        let k = self.stretches.partition_point(|s| s.from <= t);
        if k == 0 {
            return first.x0 + PAD;
        }
        let s = &self.stretches[k - 1];
        if t <= s.to {
            return s.x0 + PAD + (s.x1 - s.x0 - 2.0 * PAD) * fraction(t - s.from, s.to - s.from);
        }
        match self.stretches.get(k) {
            // In a pause: across its break.
            Some(next) => {
                let (a, b) = (s.x1 - PAD, next.x0 + PAD);
                a + (b - a) * fraction(t - s.to, next.from - s.to)
            }
            None => s.x1 - PAD,
        }
    }
}

fn fraction(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        0.5
    } else {
        (part as f64 / whole as f64).clamp(0.0, 1.0)
    }
}

/// A tick: its instant and label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: i64,
    pub label: String,
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    Years(i64),
    Months(u32),
    Days,
    Hours(u32),
    Minutes(u32),
}

const UNITS: &[Unit] = &[
    // Deep time (a listing from the Big Bang to today) down to millennia.
    Unit::Years(1_000_000_000),
    Unit::Years(100_000_000),
    Unit::Years(10_000_000),
    Unit::Years(1_000_000),
    Unit::Years(100_000),
    Unit::Years(10_000),
    Unit::Years(1000),
    Unit::Years(500),
    Unit::Years(100),
    Unit::Years(50),
    Unit::Years(10),
    Unit::Years(5),
    Unit::Years(2),
    Unit::Years(1),
    Unit::Months(6),
    Unit::Months(3),
    Unit::Months(1),
    Unit::Days,
    Unit::Hours(12),
    Unit::Hours(6),
    Unit::Hours(3),
    Unit::Hours(1),
    Unit::Minutes(30),
    Unit::Minutes(15),
    Unit::Minutes(5),
    Unit::Minutes(1),
];

impl Unit {
    fn seconds(self) -> f64 {
        match self {
            Unit::Years(k) => k as f64 * 365.25 * 86_400.0,
            Unit::Months(k) => f64::from(k) * 30.44 * 86_400.0,
            Unit::Days => 86_400.0,
            Unit::Hours(k) => f64::from(k) * 3600.0,
            Unit::Minutes(k) => f64::from(k) * 60.0,
        }
    }
}

/// The ticks of a stretch: the finest unit (centuries to minutes) whose labels fit between
/// `x0` and `x1` without touching, read in the zone and calendar of `first` (the stretch's
/// first date). Years before 1 CE are labelled BCE, in the site's language.
pub fn ticks(scale: &Scale, stretch: &Stretch, first: &EventDate, lang: &Language) -> Vec<Tick> {
    let width = stretch.x1 - stretch.x0;
    let duration = (stretch.to - stretch.from) as f64;
    let mut best = Vec::new();
    for &unit in UNITS {
        if duration / unit.seconds() > width / 20.0 {
            break;
        }
        match fitted(scale, stretch, unit_ticks(unit, stretch, first, lang)) {
            Some(ticks) if !ticks.is_empty() => best = ticks,
            Some(_) => {}
            None if !best.is_empty() => break,
            None => {}
        }
    }
    best
}

/// The ticks whose labels, centred on them, stay inside the stretch; `None` when two of them
/// would touch.
fn fitted(scale: &Scale, stretch: &Stretch, ticks: Vec<Tick>) -> Option<Vec<Tick>> {
    let mut right = f64::MIN;
    let mut out = Vec::with_capacity(ticks.len());
    for tick in ticks {
        let x = scale.x(tick.at);
        let half = label_width(&tick.label) / 2.0;
        if x - half < stretch.x0 || x + half > stretch.x1 {
            continue;
        }
        if x - half < right {
            return None;
        }
        right = x + half + 6.0;
        out.push(tick);
    }
    Some(out)
}

fn label_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR
}

/// "-0043", "2024": a year as ISO 8601 writes it (four digits and a sign).
fn iso_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    }
}

fn unit_ticks(unit: Unit, stretch: &Stretch, first: &EventDate, lang: &Language) -> Vec<Tick> {
    let zone = first.zone();
    let (from, to) = (stretch.from, stretch.to);
    let mut out = Vec::new();
    let mut push = |date: Result<EventDate, date::DateError>, label: String| -> bool {
        let Ok(date) = date else { return true };
        let at = date.start_utc();
        if at > to {
            return false;
        }
        if at >= from {
            out.push(Tick { at, label });
        }
        out.len() < 200
    };
    let year = first.long_year();
    match unit {
        Unit::Years(k) => {
            // Count in years as labelled (1 BCE is astronomical 0), so BCE ticks are round.
            let labelled = |astro: i64| if astro <= 0 { astro - 1 } else { astro };
            let mut h = labelled(year).div_euclid(k) * k;
            loop {
                // No year after the last one a date can hold: the loop ends there too.
                if h > date::DEEP_YEARS {
                    break;
                }
                if h != 0 {
                    let astro = if h < 0 { h + 1 } else { h };
                    let text = date::format_year_in(&lang.date, astro);
                    if !push(EventDate::from_year(astro, zone), text) {
                        break;
                    }
                }
                h += k;
            }
        }
        _ if !(-9999..=9999).contains(&year) => {}
        Unit::Months(k) => {
            let (mut y, mut m) = (year, (first.month() - 1) / k * k + 1);
            loop {
                let text = if m == 1 {
                    date::format_year_in(&lang.date, y as i32)
                } else {
                    lang.date.month_name(m).to_string()
                };
                let parsed = EventDate::parse(&format!("{}-{m:02}", iso_year(y)), zone);
                if !push(parsed, text) {
                    break;
                }
                m += k;
                if m > 12 {
                    m -= 12;
                    y += 1;
                }
            }
        }
        Unit::Days | Unit::Hours(_) | Unit::Minutes(_) => {
            let Some(day) = NaiveDate::from_ymd_opt(year as i32, first.month(), first.day()) else {
                return out;
            };
            let step = unit.seconds() as i64;
            let start = match unit {
                Unit::Hours(k) => first.hour() / k * k * 3600,
                Unit::Minutes(k) => first.hour() * 3600 + first.minute() / k * k * 60,
                _ => 0,
            };
            let Some(mut at) = day
                .and_hms_opt(0, 0, 0)
                .map(|t| t + chrono::Duration::seconds(i64::from(start)))
            else {
                return out;
            };
            loop {
                let (text, label) = clock_tick(at, unit);
                if !push(EventDate::parse(&text, zone), label) {
                    break;
                }
                at += chrono::Duration::seconds(step);
            }
        }
    }
    out
}

/// The text to parse and the label of a tick of days, hours or minutes.
fn clock_tick(at: NaiveDateTime, unit: Unit) -> (String, String) {
    let date = format!(
        "{}-{:02}-{:02}",
        iso_year(i64::from(at.year())),
        at.month(),
        at.day()
    );
    match unit {
        Unit::Days => (date, at.day().to_string()),
        _ => {
            let clock = format!("{:02}:{:02}", at.hour(), at.minute());
            (format!("{date}T{clock}"), clock)
        }
    }
}

/// One event as the axis sees it.
pub struct Item<'a> {
    pub date: &'a EventDate,
    pub end: Option<&'a EventDate>,
    pub id: &'a str,
    /// With the date, the mark's accessible name (made only for the marks drawn one by one).
    pub title: &'a str,
    /// The lanes it is drawn in (indexes into the lane names).
    pub lanes: Vec<usize>,
    /// Its page of the listing (1-based).
    pub page: usize,
}

impl Item<'_> {
    fn span(&self) -> (i64, i64) {
        let end = self.end.unwrap_or(self.date);
        (
            self.date.start_utc(),
            end.end_utc_exclusive().max(self.date.start_utc() + 1),
        )
    }

    fn is_dot(&self) -> bool {
        self.end.is_none() && self.date.precision() >= Precision::Day
    }

    fn classes(&self) -> String {
        let approximate = self.date.approximate() || self.end.is_some_and(|d| d.approximate());
        let uncertain = self.date.uncertain() || self.end.is_some_and(|d| d.uncertain());
        let mut class = String::from(if self.is_dot() { "m" } else { "m b" });
        if self.end.is_none() && self.date.precision() == Precision::Year {
            class.push_str(" f");
        }
        if approximate {
            class.push_str(" a");
        }
        if uncertain {
            class.push_str(" u");
        }
        class
    }
}

/// What the axis is drawn from.
pub struct Input<'a> {
    /// In any order; sorted here.
    pub items: Vec<Item<'a>>,
    pub eras: &'a [Era],
    /// The lanes' names ("Vladimir Putin"); items in none are in a last row, "other".
    pub lanes: Vec<String>,
    /// Where a link's path starts: the cards' root mark.
    pub root: &'a str,
    /// Written after each link's `href`: the mark of the window it opens in (an embed's top).
    pub target: &'a str,
    /// Each page's path from the site's root (`page/2/index.html`), in page order.
    pub hrefs: Vec<String>,
}

/// A listing's axis, but for the page's highlight: `head` + highlight + `tail`.
#[derive(Clone)]
pub struct Axis {
    head: String,
    tail: String,
    /// Each page's stretch, x from and to.
    pages: Vec<(f64, f64)>,
    plot: (f64, f64),
    highlight_name: String,
}

impl Axis {
    /// The SVG for page `number` (1-based), its stretch highlighted when there are several pages.
    pub fn page(&self, number: usize) -> String {
        let mut out = String::with_capacity(self.head.len() + self.tail.len() + 200);
        out.push_str(&self.head);
        if self.pages.len() > 1 {
            if let Some(&(a, b)) = number.checked_sub(1).and_then(|i| self.pages.get(i)) {
                let _ = write!(
                    out,
                    "<rect class=\"here\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{}</title></rect>",
                    D1(a - 4.0),
                    D1(self.plot.0),
                    D1((b - a + 8.0).max(8.0)),
                    D1(self.plot.1 - self.plot.0),
                    self.highlight_name
                );
            }
        }
        out.push_str(&self.tail);
        out
    }
}

/// An SVG coordinate, written as `{:.1}` writes an `f64` (`12.3`), without the float formatting
/// machinery where the rounding is plain: a tenth of the axis's instructions went to `{:.1}`.
/// Any other format, and the few values next to a tie, go to `f64`'s own formatting.
#[derive(Clone, Copy)]
struct D1(f64);

impl D1 {
    /// The coordinate in tenths when its rounding is plain: exact but for the product's
    /// rounding, far below 0.001 of a tenth for these values.
    fn tenths(self) -> Option<u64> {
        let x = self.0;
        if !(x.is_sign_positive() && x < 1e9) {
            return None;
        }
        let tenths = x * 10.0;
        let whole = tenths.floor();
        let rest = tenths - whole;
        ((rest - 0.5).abs() > 1e-3).then(|| whole as u64 + u64::from(rest > 0.5))
    }

    /// Appends the coordinate as `{:.1}` writes it.
    fn push_to(self, out: &mut String) {
        let Some(n) = self.tenths() else {
            let _ = write!(out, "{:.1}", self.0);
            return;
        };
        out.push_str(itoa::Buffer::new().format(n / 10));
        out.push('.');
        out.push(char::from(b'0' + (n % 10) as u8));
    }
}

impl std::fmt::Display for D1 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.tenths() {
            Some(n) if f.precision() == Some(1) && f.width().is_none() => {
                write!(f, "{}.{}", n / 10, n % 10)
            }
            _ => std::fmt::Display::fmt(&self.0, f),
        }
    }
}

/// Marks counted together: their bin and items.
type Cluster = (usize, Vec<usize>);

/// A mark placed: its row in the lane and its extent.
struct Placed {
    row: usize,
    x0: f64,
    x1: f64,
    item: usize,
}

/// Width of a bin of the faint strip of the whole timeline ([`Frame`]).
const STRIP_BIN: f64 = 4.0;
/// Height of the faint strip's tallest bar.
const STRIP: f64 = 8.0;

/// A stretch's heading when it fits, and its ticks (x, label).
type Ruler = (Option<String>, Vec<(f64, String)>);

/// What every listing's axis shares, made once per build from the whole timeline: the scale
/// (each listing is drawn from the first to the last event of the whole timeline), each
/// stretch's heading and ticks, the breaks' labels, and the faint strip of all the timeline's
/// events that a term's axis shows below its own marks.
pub struct Frame {
    scale: Scale,
    /// Per stretch: its heading when it fits, its ticks (x, label).
    rulers: Vec<Ruler>,
    /// Per break: its label.
    breaks: Vec<String>,
    /// The strip's path after its first point: a bar per bin with events, up from the base.
    strip: String,
    /// Where the strip begins.
    strip_x: f64,
    events: usize,
}

impl Frame {
    /// The frame of the whole timeline's `items` (in any order).
    pub fn new(items: &[Item<'_>], lang: &Language) -> Frame {
        // In the order `draw` sorts items: a stretch's ticks are read in its first event's zone.
        let mut spans: Vec<((i64, i64), &str, &EventDate, &EventDate)> = items
            .iter()
            .map(|it| (it.span(), it.id, it.date, it.end.unwrap_or(it.date)))
            .collect();
        spans.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
        let bare: Vec<(i64, i64)> = spans.iter().map(|s| s.0).collect();
        let scale = Scale::new(&bare, WIDTH);
        let rulers = scale
            .stretches
            .iter()
            .map(|s| {
                let first = spans[s.first].2;
                let last = spans[s.last].3;
                let heading = date::format_display_in(&lang.date, first, Some(last));
                let heading = if label_width(&heading) <= s.x1 - s.x0 {
                    heading
                } else {
                    date::format_year_in(&lang.date, first.long_year())
                };
                let heading = (label_width(&heading) <= s.x1 - s.x0).then_some(heading);
                let ticks = ticks(&scale, s, first, lang)
                    .into_iter()
                    .map(|t| (scale.x(t.at), t.label))
                    .collect();
                (heading, ticks)
            })
            .collect();
        let breaks = scale
            .breaks
            .iter()
            .map(|b| lang.gap_length(b.elapsed))
            .collect();
        // The strip: events counted by bin of their middle, bars on a logarithmic height.
        let mut bins: std::collections::BTreeMap<usize, usize> = Default::default();
        for &(a, b) in &bare {
            let x = scale.x(a + (b - a) / 2);
            *bins.entry((x.max(0.0) / STRIP_BIN) as usize).or_default() += 1;
        }
        let most = bins.values().copied().max().unwrap_or(1) as f64;
        let mut strip = String::new();
        let mut at: Option<(usize, f64)> = None;
        for (&bin, &count) in &bins {
            let h = 1.5 + (STRIP - 1.5) * ((count as f64).ln_1p() / most.ln_1p().max(1e-9));
            if let Some((previous, up)) = at {
                let dx = (bin - previous) as f64 * STRIP_BIN;
                let _ = write!(strip, "m{dx:.0} {up:.1}");
            }
            let _ = write!(strip, "v-{h:.1}");
            at = Some((bin, h));
        }
        let strip_x = bins
            .keys()
            .next()
            .map_or(0.0, |&b| b as f64 * STRIP_BIN + STRIP_BIN / 2.0);
        Frame {
            scale,
            rulers,
            breaks,
            strip,
            strip_x,
            events: items.len(),
        }
    }
}

/// Draws a listing's axis on the whole timeline's frame.
pub fn draw(input: Input<'_>, frame: &Frame, lang: &Language) -> Axis {
    let mut items = input.items;
    items.sort_by(|a, b| a.span().cmp(&b.span()).then(a.id.cmp(b.id)));
    let spans: Vec<(i64, i64)> = items.iter().map(Item::span).collect();
    let scale = &frame.scale;
    let huge = items.len() > HUGE;
    let lane_count = input.lanes.len() + 1;
    // A listing of part of the timeline shows the whole of it faint below its own marks.
    let strip = items.len() < frame.events;

    // Eras in rows: an era's label may be wider than its band.
    let mut era_rows: Vec<f64> = Vec::new();
    let mut eras: Vec<(usize, f64, f64, &Era)> = Vec::new();
    let (first, last) = match (scale.stretches.first(), scale.stretches.last()) {
        (Some(f), Some(l)) => (f.from, l.to),
        _ => (0, 0),
    };
    for era in input.eras {
        let (a, b) = (era.start.start_utc(), era.end.end_utc_exclusive());
        if b < first || a > last {
            continue;
        }
        let (x0, x1) = (scale.x(a), scale.x(b).max(scale.x(a) + 2.0));
        let right = x1.max(x0 + label_width(&era.title) + 6.0);
        let row = era_rows
            .iter()
            .position(|&r| r <= x0)
            .unwrap_or(era_rows.len());
        if row == era_rows.len() {
            era_rows.push(0.0);
        }
        era_rows[row] = right + 4.0;
        eras.push((row, x0, x1, era));
    }

    // Marks per lane, stacked into rows; what does not fit is counted into clusters.
    let mut lanes: Vec<(Vec<Placed>, Vec<Cluster>)> = Vec::new();
    for lane in 0..lane_count {
        let members = items.iter().enumerate().filter(|(_, it)| {
            if lane + 1 == lane_count {
                it.lanes.is_empty()
            } else {
                it.lanes.contains(&lane)
            }
        });
        let mut rows: Vec<f64> = Vec::new();
        let mut placed = Vec::new();
        // By bin: marks reach a bin out of order (a dot sits mid-period, a bar at its start).
        let mut clusters: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, item) in members {
            let (a, b) = spans[i];
            let (x0, x1) = if item.is_dot() {
                let x = scale.x(a + (b - a) / 2);
                (x - 4.0, x + 4.0)
            } else {
                (scale.x(a), scale.x(b).max(scale.x(a) + 3.0))
            };
            let row = (!huge)
                .then(|| rows.iter().position(|&r| r <= x0))
                .flatten()
                .or((!huge && rows.len() < SUB_ROWS).then_some(rows.len()));
            match row {
                Some(row) => {
                    if row == rows.len() {
                        rows.push(0.0);
                    }
                    rows[row] = x1 + 3.0;
                    placed.push(Placed {
                        row,
                        x0,
                        x1,
                        item: i,
                    });
                }
                None => {
                    let bin = (x0.max(0.0) / BIN) as usize;
                    clusters.entry(bin).or_default().push(i);
                }
            }
        }
        if rows.is_empty() && clusters.is_empty() && lane + 1 == lane_count && lane > 0 {
            continue;
        }
        lanes.push((placed, clusters.into_iter().collect()));
    }

    // Heights, top to bottom: stretch headings, eras, lanes, the axis.
    let heading_y = 12.0;
    let eras_top = 18.0;
    let lanes_top = eras_top + era_rows.len() as f64 * 16.0 + 4.0;
    let labelled = !input.lanes.is_empty();
    let mut y = lanes_top;
    let mut lane_tops = Vec::new();
    for (placed, clusters) in &lanes {
        lane_tops.push(y);
        let rows =
            placed.iter().map(|p| p.row + 1).max().unwrap_or(0) + usize::from(!clusters.is_empty());
        y += if labelled { ROW } else { 0.0 } + rows.max(1) as f64 * ROW + 4.0;
    }
    let strip_base = y + STRIP;
    if strip {
        y += STRIP + 4.0;
    }
    let axis_y = y + 2.0;
    let height = axis_y + 30.0;

    let mut head = String::new();
    let title = lang.string("axis_title", &[]);
    let mut desc = lang.string(
        "axis_desc",
        &[("events", &lang.count("events", items.len() as u64))],
    );
    if strip {
        desc.push(' ');
        desc.push_str(&lang.string("axis_rest", &[]));
    }
    let _ = write!(
        head,
        "<svg class=\"axis-svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" height=\"{height:.0}\" role=\"group\" aria-labelledby=\"axis-title\" aria-describedby=\"axis-desc\"><title id=\"axis-title\">{}</title><desc id=\"axis-desc\">{}</desc>",
        escape_xml(&title),
        escape_xml(&desc)
    );
    for (row, x0, x1, era) in &eras {
        let class = if era.start.approximate() || era.end.approximate() {
            "era a"
        } else {
            "era"
        };
        let top = eras_top + *row as f64 * 16.0;
        let name = era_name(era, lang);
        let _ = write!(
            head,
            "<g class=\"{class}\"><title>{}</title><rect x=\"{x0:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            escape_xml(&name),
            x1 - x0,
            axis_y - top,
            x0 + 3.0,
            top + 11.0,
            escape_xml(&era.title)
        );
    }
    let mut tail = String::new();
    for (k, (placed, clusters)) in lanes.iter().enumerate() {
        let top = lane_tops[k];
        let rows_top = if labelled { top + ROW } else { top };
        if labelled {
            let name = input
                .lanes
                .get(k)
                .cloned()
                .unwrap_or_else(|| lang.string("axis_other", &[]));
            let _ = write!(
                tail,
                "<text class=\"lane\" x=\"2\" y=\"{:.1}\">{}</text>",
                top + 10.0,
                escape_xml(&name)
            );
        }
        for p in placed {
            let item = &items[p.item];
            let cy = rows_top + p.row as f64 * ROW + ROW / 2.0;
            let when = date::format_display_in(&lang.date, item.date, item.end);
            // Pieces pushed one after the other rather than through `write!`: one mark per
            // event of every listing.
            // <a href="{root}{page}#{id}"{target} data-event="{id}"><title>{title}, {when}</title>
            for piece in [
                "<a href=\"",
                input.root,
                href(&input.hrefs, item.page),
                "#",
                item.id,
                "\"",
                input.target,
                " data-event=\"",
                item.id,
                "\"><title>",
            ] {
                tail.push_str(piece);
            }
            escape_xml_into(&mut tail, item.title);
            tail.push_str(", ");
            escape_xml_into(&mut tail, &when);
            tail.push_str("</title>");
            if item.is_dot() {
                // <circle class="{class}" cx="{x:.1}" cy="{cy:.1}" r="4"/></a>
                tail.push_str("<circle class=\"");
                tail.push_str(&item.classes());
                tail.push_str("\" cx=\"");
                D1((p.x0 + p.x1) / 2.0).push_to(&mut tail);
                tail.push_str("\" cy=\"");
                D1(cy).push_to(&mut tail);
                tail.push_str("\" r=\"4\"/></a>");
            } else {
                // <rect class="{class}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="8" rx="2"/></a>
                tail.push_str("<rect class=\"");
                tail.push_str(&item.classes());
                tail.push_str("\" x=\"");
                D1(p.x0).push_to(&mut tail);
                tail.push_str("\" y=\"");
                D1(cy - 4.0).push_to(&mut tail);
                tail.push_str("\" width=\"");
                D1(p.x1 - p.x0).push_to(&mut tail);
                tail.push_str("\" height=\"8\" rx=\"2\"/></a>");
            }
        }
        let crow = placed.iter().map(|p| p.row + 1).max().unwrap_or(0);
        for (bin, list) in clusters {
            let first = &items[list[0]];
            let cy = rows_top + crow as f64 * ROW + ROW / 2.0;
            let x = *bin as f64 * BIN;
            let count = lang.count("events", list.len() as u64);
            let last = &items[list[list.len() - 1]];
            let when = date::format_display_in(
                &lang.date,
                first.date,
                Some(last.end.unwrap_or(last.date)),
            );
            let text = if huge {
                list.len().to_string()
            } else {
                format!("+{}", list.len())
            };
            let _ = write!(
                tail,
                "<a href=\"{}{}#{}\"{} class=\"cluster\"><title>{}, {}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" rx=\"3\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></a>",
                input.root,
                href(&input.hrefs, first.page),
                first.id,
                input.target,
                escape_xml(&count),
                escape_xml(&when),
                D1(x + 1.0),
                D1(cy - 6.0),
                D1(BIN - 2.0),
                D1(x + BIN / 2.0),
                D1(cy + 3.5),
                text
            );
        }
    }
    if strip && !frame.strip.is_empty() {
        let _ = write!(
            tail,
            "<path class=\"rest\" d=\"M{:.0} {strip_base:.1}{}\"/>",
            frame.strip_x, frame.strip
        );
    }
    // The axis: a line per stretch, its ticks, its heading; breaks between.
    let (rule_y, tick_y, label_y) = (D1(axis_y), D1(axis_y + 4.0), D1(axis_y + 16.0));
    for (s, (heading, ticks)) in scale.stretches.iter().zip(&frame.rulers) {
        if let Some(heading) = heading {
            let _ = write!(
                tail,
                "<text class=\"stretch\" x=\"{:.1}\" y=\"{heading_y}\">{}</text>",
                s.x0 + 2.0,
                escape_xml(heading)
            );
        }
        let _ = write!(
            tail,
            "<line class=\"rule\" x1=\"{:.1}\" y1=\"{rule_y:.1}\" x2=\"{:.1}\" y2=\"{rule_y:.1}\"/>",
            D1(s.x0),
            D1(s.x1)
        );
        for (x, label) in ticks {
            let x = D1(*x);
            let _ = write!(
                tail,
                "<line class=\"tick\" x1=\"{x:.1}\" y1=\"{rule_y:.1}\" x2=\"{x:.1}\" y2=\"{tick_y:.1}\"/><text class=\"tick\" x=\"{x:.1}\" y=\"{label_y:.1}\">{}</text>",
                escape_xml(label)
            );
        }
    }
    for (b, label) in scale.breaks.iter().zip(&frame.breaks) {
        let mid = (b.x0 + b.x1) / 2.0;
        let _ = write!(
            tail,
            "<g class=\"break\"><path d=\"M{:.1} {:.1}l4 -8M{:.1} {:.1}l4 -8\"/><text x=\"{mid:.1}\" y=\"{:.1}\">{}</text></g>",
            mid - 5.0,
            axis_y + 4.0,
            mid + 1.0,
            axis_y + 4.0,
            axis_y + 16.0,
            escape_xml(label)
        );
    }
    tail.push_str("</svg>");

    let mut pages: Vec<(f64, f64)> = Vec::new();
    for (item, &(a, b)) in items.iter().zip(&spans) {
        if pages.len() < item.page {
            pages.resize(item.page, (f64::MAX, f64::MIN));
        }
        let Some(p) = item.page.checked_sub(1).and_then(|i| pages.get_mut(i)) else {
            continue;
        };
        p.0 = p.0.min(scale.x(a));
        p.1 = p.1.max(scale.x(b));
    }
    Axis {
        head,
        tail,
        pages,
        plot: (lanes_top - 2.0, axis_y),
        highlight_name: escape_xml(&lang.string("axis_this_page", &[])),
    }
}

/// The frame of every listing's axis: the whole timeline's.
pub fn frame(views: &Views, lang: &Language) -> Frame {
    let items: Vec<Item> = views
        .timeline
        .events
        .iter()
        .map(|e| Item {
            date: &e.event.start,
            end: e.event.end.as_ref(),
            id: &e.event.id,
            title: &e.event.title,
            lanes: Vec::new(),
            page: 0,
        })
        .collect();
    Frame::new(&items, lang)
}

/// Where a listing's axis links to and how.
pub struct Links<'a> {
    /// The listing's folder (empty for the site's timeline).
    pub dir: &'a str,
    /// Where a link's path starts.
    pub root: &'a str,
    /// Written after each link's `href`.
    pub target: &'a str,
}

/// How a listing's marks are laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// In the lanes of `lanes:` (the timeline and term pages).
    Lanes,
    /// All in one lane, for a low strip (the embeds).
    One,
}

/// The axis of one listing (the site's timeline or a term's) on the whole timeline's `frame`:
/// `pages` holds the events of each of its pages (timeline indexes), in page order.
pub fn listing(
    views: &Views,
    lang: &Language,
    frame: &Frame,
    links: &Links,
    pages: &[&[usize]],
    rows: Rows,
) -> Axis {
    let Links { dir, root, target } = *links;
    let timeline = &views.timeline.events;
    let lanes_of = |i: usize| lanes_of(views, i, rows);
    let lane_names = lane_names(views, pages, rows);
    let mut items = Vec::new();
    for (n, events) in pages.iter().enumerate() {
        for &i in *events {
            let ev = &timeline[i].event;
            items.push(Item {
                date: &ev.start,
                end: ev.end.as_ref(),
                id: &ev.id,
                title: &ev.title,
                lanes: lanes_of(i)
                    .into_iter()
                    .flatten()
                    .filter_map(|t| lane_names.iter().position(|l| l == t))
                    .collect(),
                page: n + 1,
            });
        }
    }
    draw(
        Input {
            items,
            eras: &views.config.eras,
            lanes: lane_names,
            root,
            target,
            hrefs: (1..=pages.len())
                .map(|n| views.links.dir(&super::plan::timeline_page_dir(dir, n)))
                .collect(),
        },
        frame,
        lang,
    )
}

/// The listing's axis in lanes and in one low strip (the embeds'), see [`listing`]: one drawing
/// serves both when it has no lanes (no `lanes:`, or none of its terms on the listing's events),
/// for then the two are the same.
pub fn listings(
    views: &Views,
    lang: &Language,
    frame: &Frame,
    links: &Links,
    pages: &[&[usize]],
) -> [Axis; 2] {
    let full = listing(views, lang, frame, links, pages, Rows::Lanes);
    let compact = if lane_names(views, pages, Rows::Lanes).is_empty() {
        full.clone()
    } else {
        listing(views, lang, frame, links, pages, Rows::One)
    };
    [full, compact]
}

/// The terms of `lanes:` that timeline event `i` is drawn in (none in one row).
fn lanes_of<'v>(views: &Views<'v>, i: usize, rows: Rows) -> Option<&'v Vec<String>> {
    let lanes = views.config.lanes.as_ref().filter(|_| rows == Rows::Lanes);
    lanes.and_then(|t| views.timeline.events[i].event.terms.get(t))
}

/// The lanes of a listing: the terms with the most events on its pages (ties by name).
fn lane_names(views: &Views, pages: &[&[usize]], rows: Rows) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for &i in pages.iter().copied().flatten() {
        for name in lanes_of(views, i, rows).into_iter().flatten() {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    let mut lanes: Vec<(&str, usize)> = counts.into_iter().collect();
    lanes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    lanes.truncate(MAX_LANES);
    lanes.iter().map(|l| l.0.to_string()).collect()
}

/// The path of page `n` (1-based) of the listing.
fn href(hrefs: &[String], n: usize) -> &str {
    n.checked_sub(1)
        .and_then(|i| hrefs.get(i))
        .map_or("", String::as_str)
}

fn era_name(era: &Era, lang: &Language) -> String {
    let when = date::format_display_in(&lang.date, &era.start, Some(&era.end));
    match &era.summary {
        Some(summary) => format!("{}, {when}: {summary}", era.title),
        None => format!("{}, {when}", era.title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Zone;

    fn date(text: &str) -> EventDate {
        EventDate::parse(text, &Zone::Utc).unwrap()
    }

    fn span(text: &str) -> (i64, i64) {
        let d = date(text);
        (d.start_utc(), d.end_utc_exclusive())
    }

    fn english() -> Language {
        Language::english()
    }

    #[test]
    fn coordinates_are_written_as_f64_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            1.0,
            2.5,
            12.34,
            12.35,
            12.45,
            999.95,
            1000.0,
            -3.25,
            -0.04,
            1e9,
            1e12,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Many values the axis makes: sums and products of tenths and thirds.
        for i in 0..20_000 {
            let x = f64::from(i);
            values.extend([x / 10.0, x / 3.0, x * 0.1 + 0.05, x / 7.0 - 4.0, x * 1.05]);
        }
        for x in values {
            assert_eq!(format!("{:.1}", D1(x)), format!("{x:.1}"), "{x:?}");
            assert_eq!(format!("{}", D1(x)), format!("{x}"), "{x:?}");
            assert_eq!(format!("{:.0}", D1(x)), format!("{x:.0}"), "{x:?}");
            let mut pushed = String::from("x=");
            D1(x).push_to(&mut pushed);
            assert_eq!(pushed, format!("x={x:.1}"), "{x:?}");
        }
    }

    #[test]
    fn a_long_pause_is_a_break_and_each_stretch_is_to_scale() {
        let spans: Vec<_> = [
            "2000",
            "2024-06-17",
            "2024-06-18",
            "2024-06-19",
            "2024-06-20",
        ]
        .iter()
        .map(|t| span(t))
        .collect();
        let scale = Scale::new(&spans, WIDTH);
        assert_eq!(scale.stretches.len(), 2, "{scale:?}");
        assert_eq!(scale.breaks.len(), 1);
        assert_eq!(
            scale.breaks[0].elapsed.years, 24,
            "start to start, as the gap marker"
        );
        let june = &scale.stretches[1];
        // The four June days get real room, not a pixel.
        let (x17, x18, x19) = (
            scale.x(spans[1].0),
            scale.x(spans[2].0),
            scale.x(spans[3].0),
        );
        assert!(x18 - x17 > 30.0, "{x17} {x18}");
        assert!(
            ((x19 - x18) - (x18 - x17)).abs() < 0.01,
            "proportional within"
        );
        assert!(june.x0 >= scale.stretches[0].x1 + BREAK - 0.01);
        assert!(scale.x(spans[4].1) <= WIDTH);
        // An instant in the pause falls in the break.
        let mid = scale.x(span("2012").0);
        assert!(mid > scale.stretches[0].x1 && mid < june.x0, "{mid}");
    }

    #[test]
    fn one_event_and_one_day() {
        let scale = Scale::new(&[span("2024-06-19")], WIDTH);
        assert_eq!(scale.stretches.len(), 1);
        assert!(scale.breaks.is_empty());
        let same: Vec<_> = [
            "2024-06-19T01:00",
            "2024-06-19T02:00",
            "2024-06-19T09:30",
            "2024-06-19T23:59",
        ]
        .iter()
        .map(|t| span(t))
        .collect();
        let scale = Scale::new(&same, WIDTH);
        assert_eq!(scale.stretches.len(), 1, "one day: no break");
        let ticks = ticks(
            &scale,
            &scale.stretches[0],
            &date("2024-06-19T01:00"),
            &english(),
        );
        let labels: Vec<_> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert!(
            labels.contains(&"03:00") || labels.contains(&"02:00"),
            "{labels:?}"
        );
        assert!(
            labels.iter().all(|l| l.len() == 5 && l.contains(':')),
            "{labels:?}"
        );
        assert!(Scale::new(&[], WIDTH).stretches.is_empty());
    }

    #[test]
    fn ticks_run_from_centuries_to_hours_and_label_bce() {
        let lang = english();
        let labels = |from: &str, to: &str| {
            let spans = [span(from), span(to)];
            let scale = Scale::new(&spans, WIDTH);
            let s = &scale.stretches[0];
            ticks(&scale, s, &date(from), &lang)
                .into_iter()
                .map(|t| t.label)
                .collect::<Vec<_>>()
        };
        let centuries = labels("600 BCE", "1500");
        assert!(centuries.contains(&"500 BCE".to_string()), "{centuries:?}");
        assert!(
            centuries.contains(&"500".to_string()) || centuries.contains(&"1000".to_string()),
            "{centuries:?}"
        );
        assert!(
            !centuries.iter().any(|l| l == "1 BCE" || l == "0"),
            "{centuries:?}"
        );
        let caesar = labels("44 BCE", "0014");
        assert!(caesar.iter().any(|l| l.ends_with("BCE")), "{caesar:?}");
        let years = labels("1990", "2010");
        assert!(years.contains(&"2000".to_string()), "{years:?}");
        let months = labels("2024-01", "2024-11");
        assert!(months.contains(&"June".to_string()), "{months:?}");
        let hours = labels("2024-06-19T00:00", "2024-06-19T06:00");
        assert!(hours.contains(&"03:00".to_string()), "{hours:?}");
    }

    #[test]
    fn ticks_are_read_in_the_zone_of_the_stretch() {
        let zone = Zone::parse("Asia/Pyongyang").unwrap();
        let a = EventDate::parse("2024-06-18T22:00", &zone).unwrap();
        let b = EventDate::parse("2024-06-19T04:00", &zone).unwrap();
        let spans = [
            (a.start_utc(), a.end_utc_exclusive()),
            (b.start_utc(), b.end_utc_exclusive()),
        ];
        let scale = Scale::new(&spans, WIDTH);
        let ticks = ticks(&scale, &scale.stretches[0], &a, &english());
        let midnight = EventDate::parse("2024-06-19T00:00", &zone)
            .unwrap()
            .start_utc();
        let tick = ticks
            .iter()
            .find(|t| t.label == "00:00")
            .expect("a midnight tick");
        assert_eq!(tick.at, midnight, "{ticks:?}");
    }

    /// The axis of `items` in `lanes`, on their own frame, over `pages` pages.
    fn on_own_frame(items: Vec<Item>, lanes: Vec<String>, pages: usize) -> Axis {
        let lang = english();
        let frame = Frame::new(&items, &lang);
        let input = Input {
            items,
            eras: &[],
            lanes,
            root: "\u{E000}root\u{E000}",
            target: "",
            hrefs: (1..=pages).map(|n| format!("page/{n}/")).collect(),
        };
        draw(input, &frame, &lang)
    }

    /// The index axis of a historian's 100,000-event chronology (issue 14: under 300 KB a
    /// page): days over 125 years, some approximate, some spans, six lanes and "other", pages
    /// of 500, ids as long as written ones.
    #[test]
    fn a_100000_event_timeline_has_an_axis_under_300_kb() {
        let dates: Vec<(EventDate, Option<EventDate>, String)> = (0..100_000u32)
            .map(|i| {
                let year = 1900 + (i * 7919 % 125);
                let text = format!("{year}-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
                let text = if i % 9 == 0 { format!("{text}~") } else { text };
                let end = (i % 13 == 0).then(|| date(&format!("{}", year + 1 + i % 3)));
                let id = format!("event-{i:06}-a-title-as-long-as-written-ones");
                (date(&text), end, id)
            })
            .collect();
        let items: Vec<Item> = dates
            .iter()
            .enumerate()
            .map(|(i, (d, end, id))| Item {
                date: d,
                end: end.as_ref(),
                id,
                title: "An event with a title of a usual length",
                lanes: if i % 7 == 6 { vec![] } else { vec![i % 7] },
                page: 1 + i / 500,
            })
            .collect();
        let axis = on_own_frame(items, (0..6).map(|k| format!("Lane {k}")).collect(), 200);
        for page in [1, 100, 200] {
            let svg = axis.page(page);
            assert!(svg.len() < 300_000, "page {page}: {} bytes", svg.len());
            assert!(svg.contains("class=\"cluster\"") && svg.contains("class=\"here\""));
        }
        println!(
            "the 100,000-event axis: {} bytes a page",
            axis.page(100).len()
        );
    }

    #[test]
    fn many_events_are_clusters_of_bounded_size() {
        let dates: Vec<EventDate> = (0..20_000)
            .map(|i| EventDate::from_year(1000 + i64::from(i % 1000), &Zone::Utc).unwrap())
            .collect();
        let items: Vec<Item> = dates
            .iter()
            .enumerate()
            .map(|(i, d)| Item {
                date: d,
                end: None,
                id: "some-event-id",
                title: "An event",
                lanes: vec![i % 3],
                page: 1 + i / 500,
            })
            .collect();
        let axis = on_own_frame(items, vec!["a".into(), "b".into(), "c".into()], 40);
        let svg = axis.page(2);
        assert!(svg.len() < 100_000, "{}", svg.len());
        assert!(svg.contains("class=\"here\""));
        assert!(svg.contains("class=\"cluster\""));
    }
}
