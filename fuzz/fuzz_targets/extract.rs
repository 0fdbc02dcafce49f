//! Every built-in strategy's `extract` on any text: no panic, and every
//! span inside the text on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for s in quotebench::strategy::builtins() {
        for p in s.extract(text) {
            assert!(
                p.span.start < p.span.end && text.get(p.span.start..p.span.end).is_some(),
                "{}: span {} in a text of {} bytes",
                s.name(),
                p.span,
                text.len()
            );
        }
    }
});
