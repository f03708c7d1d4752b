//! Sidecar manifests, the same bytes read as CSV and as JSON: never a
//! panic; a manifest refused as a whole says on which line; every row and
//! every row error is on a line of the file (in JSON, the line of the
//! entry's `{`), and a row error names a known field; every row names its
//! file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use southdesk_ingest::decode_text;
use southdesk_ingest::manifest::{FIELDS, Manifest};

fuzz_target!(|data: &[u8]| {
    let decoded = decode_text(data, false).text;
    let text = decoded.strip_prefix('\u{feff}').unwrap_or(&decoded);
    let lines: Vec<&str> = text.split('\n').collect();
    let on_a_line = |line: usize| (1..=lines.len()).contains(&line);
    for (name, json) in [("fuzz/manifest.csv", false), ("fuzz/manifest.json", true)] {
        match Manifest::from_bytes(Path::new(name), data) {
            Err(e) => {
                let line = e.line.unwrap_or_else(|| panic!("no line: {e}"));
                assert!(on_a_line(line), "line {line} of {}: {e}", lines.len());
            }
            Ok(m) => {
                for r in &m.rows {
                    assert!(on_a_line(r.line), "row on line {}", r.line);
                    assert!(!r.file_as_written.is_empty());
                    if json {
                        assert!(
                            lines[r.line - 1].contains('{'),
                            "row said to be on line {}: {:?}",
                            r.line,
                            lines[r.line - 1]
                        );
                    }
                }
                for e in &m.row_errors {
                    assert!(on_a_line(e.line), "row error on line {}", e.line);
                    assert!(FIELDS.contains(&e.field.as_str()), "field {:?}", e.field);
                    assert!(!e.message.is_empty());
                }
            }
        }
    }
});
