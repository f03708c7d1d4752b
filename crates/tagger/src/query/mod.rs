//! SDG query language: parse, compile, detect.
