//! Ingestion of documents into the desk's catalogue of outputs.
//!
//! One pipeline serves `southdesk ingest PATH…` and uploads in the web app:
//!
//! 1. [`extract`]: text, title, language and metadata from PDF, DOCX, HTML,
//!    Markdown or plain text (any common encoding), under size limits and
//!    zip-bomb guards, with parser panics turned into errors;
//! 2. [`manifest`]: a sidecar CSV or JSON manifest gives series, number,
//!    date, authors, … and says which files are language versions of one
//!    output;
//! 3. [`pipeline`]: walks the paths in a fixed order, hashes each file
//!    (SHA-256), skips files already stored, groups language versions and
//!    hands each output to a [`pipeline::Sink`] — [`CatalogueSink`], over the
//!    knowledge base's catalogue — which stores it in one transaction and
//!    tags and indexes it. Re-running changes
//!    nothing; an interrupted run resumes without duplicates.
//!
//! This crate does no HTTP, and writes only through the sink (the
//! catalogue over the `Store` trait).

#[cfg(feature = "pipeline")]
mod catalogue;
pub mod detect;
pub mod extract;
pub mod manifest;
#[cfg(feature = "pipeline")]
pub mod pipeline;

#[cfg(feature = "pipeline")]
pub use catalogue::CatalogueSink;
pub use detect::{LangGuess, detect_lang};
pub use extract::{
    DocMetadata, ExtractError, Extracted, Limits, MediaType, decode_text, extract, extract_with,
    read_limited,
};
#[cfg(feature = "pipeline")]
pub use pipeline::{
    Failure, Ingested, Options, Progress, Sink, SinkError, Skipped, StoreSink, Summary,
    UploadOutcome, ingest_bytes, ingest_paths,
};
