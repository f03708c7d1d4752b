//! Theme and SDG tagging for southdesk.
//!
//! * [`query`] — the SDG query language (Scopus and corpustools syntaxes), compiled
//!   into a few automata so one pass over a text evaluates every query of every system.
//! * [`vocab`] (the vocabulary matcher), [`model`] (the learned layer) and [`pipeline`]
//!   (the [`Tagger`] that joins them with the query systems); [`explain`] names the
//!   words and phrases of a text that moved a learned score.
//!
//! This crate does no HTTP and no database work.

pub mod query;

pub mod dataset;
pub mod eval;
pub mod explain;
pub mod features;
pub mod labels;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod vocab;

pub use dataset::{Example, Split};
pub use eval::{EvalReport, evaluate};
pub use model::{Model, ModelError, TrainConfig, train};
pub use pipeline::{Evidence, SdgTag, TagError, TagOptions, TagResult, Tagger, Term, ThemeTag};
