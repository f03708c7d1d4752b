//! HTML extraction (encoding sniffing, html5ever with nesting capped):
//! never a panic in our code nor a stack overflow on deep nesting, and what
//! is extracted has the properties of every extracted document. The same
//! bytes named `.htm` give the same result.
#![no_main]

use libfuzzer_sys::fuzz_target;
use southdesk_fuzz::{check_extracted, our_panics_abort, small_limits};
use southdesk_ingest::extract_with;

fuzz_target!(|data: &[u8]| {
    our_panics_abort();
    let limits = small_limits();
    let result = extract_with(data, "fuzz.html", &limits);
    if let Ok(e) = &result {
        check_extracted(e, &limits);
    }
    // Deterministic: a second reading agrees.
    assert_eq!(result, extract_with(data, "FUZZ.HTM", &limits));
});
