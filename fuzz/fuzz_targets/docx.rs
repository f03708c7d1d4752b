//! DOCX extraction under small caps: a zip bomb is refused at the caps
//! (the heap used stays within a bound set by the unpacked-size cap and the
//! file's size, whatever the archive declares), never a panic in our code
//! (a panic in `zip`/`quick-xml` must come back as `ParserPanic`), and what
//! is extracted has the properties of every extracted document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use southdesk_fuzz::{Counting, check_extracted, our_panics_abort, peak_heap_during, small_limits};
use southdesk_ingest::{ExtractError, extract_with};

#[global_allocator]
static ALLOC: Counting = Counting;

fuzz_target!(|data: &[u8]| {
    our_panics_abort();
    let limits = small_limits();
    let (result, peak) = peak_heap_during(|| extract_with(data, "fuzz.docx", &limits));
    let bound = 16 * 1024 * 1024 + 16 * data.len() + 8 * limits.max_unpacked_bytes as usize;
    assert!(peak <= bound, "{peak} heap bytes at once, over {bound}");
    match result {
        Ok(e) => check_extracted(&e, &limits),
        Err(ExtractError::ZipBomb(m)) => assert!(!m.is_empty()),
        Err(_) => {}
    }
});
