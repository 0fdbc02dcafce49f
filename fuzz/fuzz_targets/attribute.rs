//! Every built-in strategy's `attribute` on any text and spans: no panic,
//! one answer per span. The first byte says how many spans (at most 15);
//! each takes four bytes (two little-endian u16 offsets, moved onto
//! character boundaries inside the text); the rest is the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use quotebench::model::Span;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let n = usize::from(n % 16);
    if rest.len() < 4 * n {
        return;
    }
    let (offsets, text) = rest.split_at(4 * n);
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let boundary = |v: u16| {
        let mut i = usize::from(v).min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut spans: Vec<Span> = offsets
        .chunks(4)
        .map(|c| {
            let a = boundary(u16::from_le_bytes([c[0], c[1]]));
            let b = boundary(u16::from_le_bytes([c[2], c[3]]));
            Span::new(a.min(b), a.max(b))
        })
        .filter(|s| s.start < s.end)
        .collect();
    spans.sort();
    spans.dedup();
    for s in quotebench::strategy::builtins() {
        let answers = s.attribute(text, &spans);
        assert_eq!(answers.len(), spans.len(), "{}", s.name());
    }
});
