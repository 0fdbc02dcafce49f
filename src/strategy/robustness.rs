//! Property tests: every strategy, on any UTF-8 text, returns in-range
//! spans on character boundaries, one answer per given span, and stops.

use super::builtins;
use crate::model::Span;
use proptest::prelude::*;

fn check(text: &str, spans: &[Span]) {
    for s in builtins() {
        let got = s.attribute(text, spans);
        assert_eq!(got.len(), spans.len(), "{}", s.name());
        for p in s.extract(text) {
            assert!(p.span.start <= p.span.end, "{}: {:?}", s.name(), p.span);
            assert!(
                p.span.text(text).is_some(),
                "{}: {:?} in {} bytes",
                s.name(),
                p.span,
                text.len()
            );
        }
    }
}

fn spans_for(len: usize, raw: &[(usize, usize)]) -> Vec<Span> {
    raw.iter()
        .map(|&(a, b)| Span::new(a % (len + 8), b % (len + 8)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_text(text in "\\PC{0,300}", raw in prop::collection::vec((0usize..400, 0usize..400), 0..6)) {
        check(&text, &spans_for(text.len(), &raw));
    }

    #[test]
    fn newsy_text(text in "([A-Z][a-z]{0,6}|said|told|that|according|to|he|she|the|“|”|\"|,|\\.|:|\n| ){0,120}", raw in prop::collection::vec((0usize..400, 0usize..400), 0..6)) {
        check(&text, &spans_for(text.len(), &raw));
    }

    #[test]
    fn only_quote_marks(text in "[“”\"«»„ \n]{0,200}") {
        check(&text, &[Span::new(0, 1), Span::new(1, 1000)]);
    }
}

#[test]
fn a_one_megabyte_line() {
    let unit = "“Now,” Anna Berg said that Tom Lind told the paper he said, according to ";
    let mut text = String::new();
    while text.len() < 1 << 20 {
        text.push_str(unit);
    }
    let start = std::time::Instant::now();
    check(
        &text,
        &[Span::new(3, 10), Span::new(usize::MAX - 1, usize::MAX)],
    );
    assert!(
        start.elapsed().as_secs() < 60,
        "too slow: {:?}",
        start.elapsed()
    );
}

#[test]
fn no_sentence_ends_and_unbalanced_quotes() {
    let text = "“a ".repeat(20000) + &"said he ".repeat(20000);
    check(&text, &[Span::new(1, 2)]);
    check("\"", &[Span::new(0, 1)]);
    check("“", &[Span::new(1, 2)]);
    check("é", &[Span::new(1, 2)]);
}
