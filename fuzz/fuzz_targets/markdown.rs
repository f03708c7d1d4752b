//! Markdown extraction (front matter, pulldown-cmark) and plain text (any
//! common encoding): never a panic in our code, and what is extracted has
//! the properties of every extracted document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use southdesk_fuzz::{check_extracted, our_panics_abort, small_limits};
use southdesk_ingest::{ExtractError, extract_with};

fuzz_target!(|data: &[u8]| {
    our_panics_abort();
    let limits = small_limits();
    for name in ["fuzz.md", "fuzz.txt"] {
        match extract_with(data, name, &limits) {
            Ok(e) => check_extracted(&e, &limits),
            Err(ExtractError::TooLarge { .. }) => {
                assert!(data.len() as u64 > limits.max_file_bytes)
            }
            Err(_) => {}
        }
    }
});
