//! The one integration-test binary: the real `annalist` binary run on whole sites.
//!
//! - `fixtures`: good sites in `tests/fixtures/<case>/site` with the expected output tree.
//! - `bad`: bad sites in `tests/bad/<case>/site` with the expected error messages.
//! - the rest: order, the demo site, determinism, output safety, escaping, the command line.
//!
//! `UPDATE_EXPECT=1 cargo test --test integration` rewrites every expected tree and message;
//! review the diff before committing it.

mod axis;
mod bad;
mod browser;
mod cli;
mod dates;
mod deep_time;
mod demo;
mod draft;
mod embed;
mod end_relative;
mod escaping;
mod fixtures;
mod hostile;
mod import_ssg;
mod import_timelinejs;
mod languages;
mod media;
mod merging;
mod order;
mod output_safety;
mod paginate;
mod plan;
mod properties;
mod publish;
mod relative_dates;
mod relative_order;
mod schema;
mod serve;
mod sheet;
mod support;
mod validate;
mod vocabulary;
