//! `annalist import`.
