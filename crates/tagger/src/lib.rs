//! Theme and SDG tagging for southdesk.
//!
//! * [`query`] — the SDG query language (Scopus and corpustools syntaxes), compiled
//!   into a few automata so one pass over a text evaluates every query of every system.
//! * the vocabulary matcher, the learned layer and the [`Tagger`] pipeline that joins them.
//!
//! This crate does no HTTP and no database work.

pub mod query;
