//! `annalist import`: other tools' content converted into an annalist site.

pub mod ssg;
