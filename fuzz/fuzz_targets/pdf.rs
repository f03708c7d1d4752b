//! PDF extraction under small caps: never a panic in our code (a panic in
//! `pdf-extract`/`lopdf` must come back as `ParserPanic`), streams that
//! inflate past the caps are refused as bombs, the heap used stays within
//! a bound set by the caps and the file's size, and what is extracted has
//! the properties of every extracted document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use southdesk_fuzz::{Counting, check_extracted, our_panics_abort, peak_heap_during, small_limits};
use southdesk_ingest::{ExtractError, extract_with};

#[global_allocator]
static ALLOC: Counting = Counting;

fuzz_target!(|data: &[u8]| {
    our_panics_abort();
    let limits = small_limits();
    let (result, peak) = peak_heap_during(|| extract_with(data, "fuzz.pdf", &limits));
    // What the reader may hold at once: the file and its objects a few
    // times over, every stream inflated under the caps a few times over,
    // and the objects it parses content into (about 130 bytes a token).
    let bound = 64 * 1024 * 1024
        + 64 * data.len()
        + 4 * limits.max_pdf_inflated_bytes as usize
        + 160 * limits.max_pdf_operands as usize;
    assert!(peak <= bound, "{peak} heap bytes at once, over {bound}");
    match result {
        Ok(e) => check_extracted(&e, &limits),
        Err(ExtractError::TooLarge { .. }) => assert!(data.len() as u64 > limits.max_file_bytes),
        Err(_) => {}
    }
});
