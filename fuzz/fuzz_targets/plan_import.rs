//! The plan document importer: `read_document` never panics; an error names
//! a line of the document; a document read has themes numbered 1..n in
//! order, each with its section after its entry in the list, on lines of
//! the document; and turning it into a draft of the plan in force never
//! panics and keeps one theme per theme read.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use southdesk_plan::Plan;
use southdesk_plan::import::read_document;

fn base() -> &'static Plan {
    static BASE: OnceLock<Plan> = OnceLock::new();
    BASE.get_or_init(Plan::embedded_2026_2028)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1);
    match read_document(text) {
        Err(e) => assert!(
            (1..=lines).contains(&e.line),
            "error on line {} of {lines}: {e}",
            e.line
        ),
        Ok(doc) => {
            assert!(!doc.themes.is_empty());
            for (i, t) in doc.themes.iter().enumerate() {
                assert_eq!(usize::from(t.number), i + 1, "numbering");
                assert!((1..=lines).contains(&t.line), "section line {}", t.line);
                assert!(
                    (1..=lines).contains(&t.list_line),
                    "list line {}",
                    t.list_line
                );
                assert!(t.list_line < t.line, "section before its list entry");
            }
            let draft = doc.into_draft(base());
            assert_eq!(draft.themes.len(), doc.themes.len());
        }
    }
});
