//! The plugin-answer parser on any line: an answer or a `Failure`, never a
//! panic. The first byte picks the task and protocol; the rest is the line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use quotebench::model::Span;
use quotebench::plugin::{answer::parse_answer, Input};
use quotebench::score::Task;

const TEXT: &str = "“We are ready,” Jane Doe said. She added that talks would resume.\n\nA film called “Ready” opened.";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, line)) = data.split_first() else {
        return;
    };
    let task = if mode & 1 == 0 {
        Task::Attribution
    } else {
        Task::EndToEnd
    };
    let protocol = u64::from(1 + (mode >> 1) % 2);
    let doc = Input {
        doc: "a",
        text: TEXT,
        spans: match task {
            Task::Attribution => vec![Span::new(3, 16), Span::new(50, 68)],
            Task::EndToEnd => Vec::new(),
        },
    };
    if let Ok(answer) = parse_answer(2, line, task, protocol, &doc, "1 of 1") {
        let _ = answer;
    }
});
