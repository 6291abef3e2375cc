//! TEMPORARY STUB (replaced by the full grammar).
use chrono::{NaiveDate, TimeZone};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision { Year, Month, Day, Minute, Second }

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Zone { Utc, Fixed(chrono::FixedOffset), Named(chrono_tz::Tz) }
impl Zone {
    pub fn parse(text: &str) -> Result<Zone, DateError> {
        if text == "UTC" { return Ok(Zone::Utc) }
        text.parse::<chrono_tz::Tz>().map(Zone::Named).map_err(|_| DateError { value: text.into(), reason: "unknown zone".into() })
    }
    pub fn name(&self) -> String { match self { Zone::Utc => "UTC".into(), Zone::Fixed(f) => f.to_string(), Zone::Named(t) => t.name().into() } }
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDate { y: i32, m: u32, d: u32, p: Precision, start: i64, end: i64 }
impl EventDate {
    pub fn parse(text: &str, _zone: &Zone) -> Result<EventDate, DateError> {
        let err = || DateError { value: text.into(), reason: "bad".into() };
        let parts: Vec<&str> = text.split('-').collect();
        let y: i32 = parts[0].parse().map_err(|_| err())?;
        let m: u32 = parts.get(1).map(|s| s.parse().map_err(|_| err())).transpose()?.unwrap_or(1);
        let d: u32 = parts.get(2).map(|s| s.parse().map_err(|_| err())).transpose()?.unwrap_or(1);
        let p = match parts.len() { 1 => Precision::Year, 2 => Precision::Month, _ => Precision::Day };
        let nd = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(err)?;
        let start = chrono::Utc.from_utc_datetime(&nd.and_hms_opt(0,0,0).unwrap()).timestamp();
        Ok(EventDate { y, m, d, p, start, end: start + 86400 })
    }
    pub fn from_year(year: i64, zone: &Zone) -> Result<EventDate, DateError> { Self::parse(&year.to_string(), zone) }
    pub fn precision(&self) -> Precision { self.p }
    pub fn approximate(&self) -> bool { false }
    pub fn uncertain(&self) -> bool { false }
    pub fn year(&self) -> i32 { self.y }
    pub fn month(&self) -> u32 { self.m }
    pub fn day(&self) -> u32 { self.d }
    pub fn start_utc(&self) -> i64 { self.start }
    pub fn end_utc_exclusive(&self) -> i64 { self.end }
    pub fn normalized(&self) -> String { format!("{}-{:02}-{:02}", self.y, self.m, self.d) }
    pub fn start_utc_iso(&self) -> String { self.normalized() }
    pub fn html_datetime(&self) -> Option<String> { Some(self.normalized()) }
    pub fn zone_label(&self) -> String { "UTC".into() }
}
pub fn parse_span(text: &str, zone: &Zone) -> Result<(EventDate, Option<EventDate>), DateError> {
    match text.split_once('/') { Some((a, b)) => Ok((EventDate::parse(a, zone)?, Some(EventDate::parse(b, zone)?))), None => Ok((EventDate::parse(text, zone)?, None)) }
}
pub fn check_order(start: &EventDate, end: &EventDate) -> Result<(), DateError> {
    if end.start < start.start { Err(DateError { value: end.normalized(), reason: "before start".into() }) } else { Ok(()) }
}
pub fn format_display(start: &EventDate, end: Option<&EventDate>) -> String { match end { Some(e) => format!("{}–{}", start.normalized(), e.normalized()), None => start.normalized() } }
pub fn format_year(y: i32) -> String { y.to_string() }
pub fn month_name(m: u32) -> String { m.to_string() }
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError { pub value: String, pub reason: String }
impl std::fmt::Display for DateError { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { write!(f, "`{}` is not a valid date: {}", self.value, self.reason) } }
impl std::error::Error for DateError {}
