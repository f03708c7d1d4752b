//! `tag_reader` over a large generated stream: finishes, finds what is there with
//! the right character offsets, and does not hold the text in memory.

use std::io::Read;

use southdesk_tagger::{TagOptions, Tagger};

/// Filler text of `len` bytes with a marker sentence at fixed byte positions;
/// produced on the fly, never materialised.
struct Gen {
    pos: usize,
    len: usize,
    filler: &'static [u8],
    marks: Vec<(usize, &'static [u8])>,
}

impl Read for Gen {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < buf.len() && self.pos < self.len {
            let b = match self
                .marks
                .iter()
                .find(|(at, m)| self.pos >= *at && self.pos < at + m.len())
            {
                Some((at, m)) => m[self.pos - at],
                None => self.filler[self.pos % self.filler.len()],
            };
            buf[n] = b;
            n += 1;
            self.pos += 1;
        }
        Ok(n)
    }
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn tags_a_64_mib_stream_in_bounded_memory() {
    let t = Tagger::builtin();
    let _ = t.tag("warm up", &TagOptions::default());
    let before = peak_rss_kib();
    // ASCII filler (so byte offset = character offset) that matches nothing.
    let filler: &'static [u8] =
        b"lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";
    let len = 64 << 20;
    // One marker near the end, one straddling a likely window cut.
    let at_end = len - 1000;
    let mid = 8 * 1024 * 1000 - 3;
    let g = Gen {
        pos: 0,
        len,
        filler,
        marks: vec![(mid, b" a carbon tax "), (at_end, b" the trade union ")],
    };
    let r = t.tag_reader(g, &TagOptions { all: true }).unwrap();
    let tax = r.themes.iter().find(|x| x.id == "tax").expect("tax found");
    let e = tax
        .evidence
        .iter()
        .find(|e| e.term == "carbon tax")
        .expect("carbon tax evidence");
    assert_eq!(e.start, mid + 3);
    assert_eq!(e.end, mid + 13);
    let rights = r
        .themes
        .iter()
        .find(|x| x.id == "rights")
        .expect("rights found");
    let e = rights
        .evidence
        .iter()
        .find(|e| e.term == "trade union")
        .expect("trade union evidence");
    assert_eq!(e.start, at_end + 5);
    if let (Some(a), Some(b)) = (before, peak_rss_kib()) {
        // The input is 64 MiB; the tagger keeps one window at a time.
        assert!(
            b.saturating_sub(a) < 16 * 1024,
            "peak RSS grew by {} KiB",
            b - a
        );
    }
}
