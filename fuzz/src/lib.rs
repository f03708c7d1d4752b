//! What the fuzz targets share: a counting allocator (to check that a
//! hostile file cannot make a reader allocate past its caps), the panic
//! policy of the extraction targets, and the properties every extracted
//! document has.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

#[cfg(feature = "documents")]
use southdesk_ingest::{Extracted, Limits};

/// The system allocator, counting the bytes live and their peak. A target
/// installs it with `#[global_allocator]` and measures a call with
/// [`peak_heap_during`].
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed on to `System` unchanged; only counters are
// updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

/// Runs `f` and returns its result with the most heap bytes that were live
/// at once during the call, above what was live before it. Only meaningful
/// when [`Counting`] is the global allocator and `f` runs on this thread
/// alone (libFuzzer runs one input at a time).
pub fn peak_heap_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let out = f();
    let peak = PEAK.load(Ordering::Relaxed);
    (out, peak.saturating_sub(before))
}

/// Whether a panic happened in our own code (a file of this repository)
/// rather than in a third-party parser. Slice indexing, `unwrap` and
/// arithmetic report the line of their caller, so a panic in our code is
/// located in our files.
fn is_ours(file: &str) -> bool {
    !file.contains("/.cargo/")
        && !file.contains("/rustc/")
        && !file.starts_with("library/")
        && (file.contains("crates/") || file.contains("fuzz_targets/") || file.contains("fuzz/src"))
}

/// The extraction targets' panic policy. `southdesk_ingest::extract_with`
/// runs every reader under `catch_unwind`, so a panic in a third-party
/// parser (`pdf-extract`, `lopdf`, `zip`, …) is turned into
/// `ExtractError::ParserPanic`: that is handled, and the target checks it.
/// A panic in our own code is a bug even when caught: it aborts, and
/// libFuzzer reports the input. (libfuzzer-sys' own hook aborts on every
/// panic, caught or not; this replaces it once.)
pub fn our_panics_abort() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let file = info.location().map(|l| l.file()).unwrap_or("");
            if is_ours(file) {
                eprintln!("panic in our code: {info}");
                std::process::abort();
            }
        }));
    });
}

#[cfg(feature = "documents")]
/// Small caps, so the fuzzer reaches them with small inputs.
pub fn small_limits() -> Limits {
    Limits {
        max_file_bytes: 1024 * 1024,
        max_unpacked_bytes: 2 * 1024 * 1024,
        max_zip_entries: 64,
        max_compression_ratio: 50,
        max_text_chars: 20_000,
        max_pdf_stream_bytes: 512 * 1024,
        max_pdf_inflated_bytes: 2 * 1024 * 1024,
        max_pdf_operands: 200_000,
        max_concurrent: 1,
    }
}

#[cfg(feature = "documents")]
/// What every extracted document satisfies: some text, within the text
/// cap, normalised (no control characters but tab and newline, no `\r`),
/// a title of at most 500 characters on one line, a confidence within
/// 0–1, and a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn check_extracted(e: &Extracted, limits: &Limits) {
    assert!(!e.text.trim().is_empty(), "empty text returned as Ok");
    assert!(
        e.text.chars().count() <= limits.max_text_chars,
        "text of {} chars over the cap of {}",
        e.text.chars().count(),
        limits.max_text_chars
    );
    assert!(
        !e.text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "control character in the text"
    );
    if let Some(t) = &e.title {
        assert!(!t.is_empty() && t.chars().count() <= 500, "title {t:?}");
        assert!(!t.contains('\n'), "title on several lines: {t:?}");
    }
    assert!(
        (0.0..=1.0).contains(&e.lang_confidence),
        "confidence {}",
        e.lang_confidence
    );
    for d in [&e.metadata.date, &e.metadata.created]
        .into_iter()
        .flatten()
    {
        assert!(is_date(d), "date {d:?}");
    }
}

#[cfg(feature = "documents")]
/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, digits only.
fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}
